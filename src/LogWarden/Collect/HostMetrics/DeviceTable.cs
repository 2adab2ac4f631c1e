namespace LogWarden.Collect.HostMetrics;

/// <summary>What is remembered about one block device or network interface between samples.</summary>
internal abstract class DeviceState
{
    public string Name { get; set; } = string.Empty;

    /// <summary>{device="…"}, made once per device.</summary>
    public StreamLabels Labels { get; set; } = StreamLabels.Empty;

    public long SeenInSample { get; set; }

    /// <summary>Called once, when the device first appears.</summary>
    public abstract void Reset();
}

/// <summary>
/// Devices by name, looked up straight from the bytes of a procfs line (no string per line), created on
/// first sight and forgotten when a sample no longer lists them (an unplugged disk, a removed veth).
/// </summary>
internal sealed class DeviceTable<TState>
    where TState : DeviceState, new()
{
    private const int MaxNameChars = 64;

    private readonly Dictionary<string, TState> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TState>.AlternateLookup<ReadOnlySpan<char>> _byNameSpan;
    private readonly List<string> _gone = [];
    private long _sample;

    public DeviceTable()
    {
        _byNameSpan = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _byName.Count;

    public void BeginSample() => _sample++;

    /// <summary>The state of the device named by the ASCII bytes <paramref name="name"/>; <paramref name="isNew"/> on first sight.</summary>
    public TState Get(ReadOnlySpan<byte> name, out bool isNew)
    {
        Span<char> chars = stackalloc char[MaxNameChars];
        var key = chars[..ProcText.ToChars(name, chars)];
        isNew = !_byNameSpan.TryGetValue(key, out var state);
        if (isNew)
        {
            string text = key.ToString();
            state = new TState { Name = text, Labels = new StreamLabels(("device", text)) };
            state.Reset();
            _byName[text] = state;
        }

        state!.SeenInSample = _sample;
        return state;
    }

    /// <summary>Forgets the devices this sample did not list.</summary>
    public void EndSample()
    {
        foreach (var (name, state) in _byName)
        {
            if (state.SeenInSample != _sample)
            {
                _gone.Add(name);
            }
        }

        foreach (string name in _gone)
        {
            _byName.Remove(name);
        }

        _gone.Clear();
    }
}
