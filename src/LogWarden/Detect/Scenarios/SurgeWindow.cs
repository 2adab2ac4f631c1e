namespace LogWarden.Detect.Scenarios;

/// <summary>
/// A key's units of the last <see cref="Minutes"/> minutes, per minute, for its scenario's surge test
/// (<see cref="ScenarioRuntime.IsSurge"/>). The bucket's own level cannot say this: a low-traffic site failing two
/// requests a minute drains a bucket that leaks one unit every 30 s between its errors, and every drained bucket starts
/// its count again.
/// </summary>
internal sealed class SurgeWindow
{
    public const int Minutes = 5;

    private readonly long[] _minute = new long[Minutes];
    private readonly int[] _count = new int[Minutes];
    private readonly long[] _first = new long[Minutes];

    public SurgeWindow() => Clear();

    public void Add(long ticks, int units)
    {
        long minute = ticks / TimeSpan.TicksPerMinute;
        int slot = (int)(minute % Minutes);
        if (_minute[slot] != minute)
        {
            _minute[slot] = minute;
            _count[slot] = 0;
            _first[slot] = ticks;
        }

        _count[slot] += units;
        _first[slot] = Math.Min(_first[slot], ticks);
    }

    /// <summary>The units of the last <see cref="Minutes"/> minutes up to <paramref name="ticks"/>, and the time of the first of them.</summary>
    public (long Count, long FirstTicks) Recent(long ticks)
    {
        long now = ticks / TimeSpan.TicksPerMinute;
        long count = 0, first = ticks;
        for (int i = 0; i < Minutes; i++)
        {
            if (_minute[i] > now - Minutes && _minute[i] <= now)
            {
                count += _count[i];
                first = Math.Min(first, _first[i]);
            }
        }

        return (count, first);
    }

    /// <summary>Forgets every minute: after a surge, the next one needs units of its own.</summary>
    public void Clear()
    {
        Array.Fill(_minute, long.MinValue);
        Array.Clear(_count);
    }
}
