using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using LogWarden.Collect;

namespace LogWarden.Detect.Metrics;

internal sealed partial class MetricDetector
{
    private const int StateVersion = 1;

    /// <summary>
    /// Everything learnt: per series its baseline, its recent minutes and trend points, and the conditions that
    /// are raised (so that a disk at 91 % is not raised again after a restart); the followed processes. Pending
    /// windows are not kept: they refill within minutes.
    /// </summary>
    public byte[] SaveState()
    {
        var state = new MetricStateJson { Version = StateVersion };
        foreach (HostState host in _hosts.Values)
        {
            state.Hosts.Add(new HostJson { Name = host.Name, LastSample = host.LastSample.ToUnixTimeMilliseconds(), CpuCount = Finite(host.CpuCount), MemoryTotal = Finite(host.MemoryTotal) });
        }
        foreach (SeriesState series in _series.Values)
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, string> pair in series.Labels.Pairs)
            {
                labels[pair.Key] = pair.Value;
            }
            state.Series.Add(new SeriesJson
            {
                Host = series.Host.Name,
                Name = series.Name,
                Labels = labels,
                LastSeen = series.LastSeen.ToUnixTimeMilliseconds(),
                Minutes = RingJson.From(series.Minutes),
                Trend = series.Trend is null ? null : RingJson.From(series.Trend),
                Baseline = series.Baseline is null ? null : MemoryMarshal.AsBytes(series.Baseline.Save().AsSpan()).ToArray(),
                Threshold = EpisodeJson.From(series.Threshold),
                Deviation = EpisodeJson.From(series.Deviation),
                Forecast = EpisodeJson.From(series.Forecast),
            });
        }
        foreach (ProcessTrend process in _processes.Values)
        {
            state.Processes.Add(new ProcessJson
            {
                Host = process.Host,
                Pid = process.Pid,
                Command = process.Command,
                LastSeen = process.LastSeen.ToUnixTimeMilliseconds(),
                Resident = RingJson.From(process.Resident),
                Leak = EpisodeJson.From(process.Leak),
            });
        }
        return JsonSerializer.SerializeToUtf8Bytes(state, MetricStateJsonContext.Default.MetricStateJson);
    }

    /// <summary>Restores <see cref="SaveState"/>'s output. State that is missing, garbled or of another version starts learning afresh; a series that does not fit is skipped.</summary>
    public void LoadState(ReadOnlySpan<byte> state)
    {
        Clear();
        if (state.IsEmpty)
        {
            return;
        }
        MetricStateJson? saved;
        try
        {
            saved = JsonSerializer.Deserialize(state, MetricStateJsonContext.Default.MetricStateJson);
        }
        catch (JsonException)
        {
            return;
        }
        if (saved is null || saved.Version != StateVersion)
        {
            return;
        }
        try
        {
            Restore(saved);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException or NullReferenceException)
        {
            Clear(); // garbled beyond what the checks caught: learn again rather than run on half a state
        }
    }

    private void Restore(MetricStateJson saved)
    {
        foreach (HostJson h in saved.Hosts ?? [])
        {
            if (h?.Name is null || _hosts.Count >= _options.MaxHosts || _hosts.ContainsKey(h.Name))
            {
                continue;
            }
            _hosts[h.Name] = new HostState(h.Name)
            {
                LastSample = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(h.LastSample, 0, 253402300799999)),
                CpuCount = h.CpuCount ?? double.NaN,
                MemoryTotal = h.MemoryTotal ?? double.NaN,
            };
        }
        foreach (SeriesJson s in saved.Series ?? [])
        {
            if (s?.Host is null || s.Name is null || s.Minutes is null || !_hosts.TryGetValue(s.Host, out HostState? host) || _series.Count >= _options.MaxSeries)
            {
                continue;
            }
            var labels = new StreamLabels(s.Labels ?? []);
            var series = new SeriesState(host, s.Name, labels, MetricCatalog.Describe(s.Name, labels), _options)
            {
                LastSeen = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(s.LastSeen, 0, 253402300799999)),
                Threshold = s.Threshold?.ToEpisode(),
                Deviation = s.Deviation?.ToEpisode(),
                Forecast = s.Forecast?.ToEpisode(),
            };
            s.Minutes.To(series.Minutes);
            if (series.Trend is not null && s.Trend is not null)
            {
                s.Trend.To(series.Trend);
                if (series.Profile.Trend == TrendRole.DiskAvailable && series.Trend.LastClosed != long.MinValue)
                {
                    series.LongFit = LinearFit.Of(series.Trend, series.Trend.LastClosed - series.Trend.Capacity + 1, _scratch);
                }
            }
            if (series.Baseline is not null && s.Baseline is { Length: > 0 } baseline && baseline.Length % sizeof(float) == 0)
            {
                series.Baseline.Load(MemoryMarshal.Cast<byte, float>(baseline));
            }
            var key = new SeriesKey(host.Name, s.Name, labels.Key);
            if (_series.TryAdd(key, series))
            {
                _byId[(host.Name, series.Id)] = series;
                host.Series++;
            }
        }
        int capacity = Math.Max((int)(_options.TrendWindow.TotalSeconds / SeriesState.TrendBucketSeconds), 2);
        foreach (ProcessJson p in saved.Processes ?? [])
        {
            if (p?.Host is null || p.Command is null || p.Resident is null || _processes.Count >= _options.MaxProcesses || !_hosts.ContainsKey(p.Host))
            {
                continue;
            }
            var trend = new ProcessTrend(p.Host, p.Pid, p.Command, capacity)
            {
                LastSeen = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(p.LastSeen, 0, 253402300799999)),
                Leak = p.Leak?.ToEpisode(),
            };
            p.Resident.To(trend.Resident);
            _processes[(p.Host, p.Pid)] = trend;
        }
    }

    private void Clear()
    {
        _series.Clear();
        _byId.Clear();
        _hosts.Clear();
        _processes.Clear();
        _lastSweep = DateTimeOffset.MinValue;
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}

internal sealed class MetricStateJson
{
    public int Version { get; set; }

    public List<HostJson> Hosts { get; set; } = [];

    public List<SeriesJson> Series { get; set; } = [];

    public List<ProcessJson> Processes { get; set; } = [];
}

internal sealed class HostJson
{
    public string? Name { get; set; }

    public long LastSample { get; set; }

    public double? CpuCount { get; set; }

    public double? MemoryTotal { get; set; }
}

internal sealed class SeriesJson
{
    public string? Host { get; set; }

    public string? Name { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public long LastSeen { get; set; }

    public RingJson? Minutes { get; set; }

    public RingJson? Trend { get; set; }

    /// <summary>The baseline's floats, little-endian bytes (base64 in JSON).</summary>
    public byte[]? Baseline { get; set; }

    public EpisodeJson? Threshold { get; set; }

    public EpisodeJson? Deviation { get; set; }

    public EpisodeJson? Forecast { get; set; }
}

internal sealed class ProcessJson
{
    public string? Host { get; set; }

    public int Pid { get; set; }

    public string? Command { get; set; }

    public long LastSeen { get; set; }

    public RingJson? Resident { get; set; }

    public EpisodeJson? Leak { get; set; }
}

internal sealed class RingJson
{
    public long LastClosed { get; set; }

    public long Open { get; set; }

    public double OpenSum { get; set; }

    public int OpenCount { get; set; }

    /// <summary>The kept means oldest first, as little-endian doubles (NaN for missing buckets).</summary>
    public byte[]? Values { get; set; }

    public static RingJson From(BucketRing ring)
    {
        (long lastClosed, long open, double openSum, int openCount, double[] values) = ring.Save();
        return new RingJson { LastClosed = lastClosed, Open = open, OpenSum = double.IsFinite(openSum) ? openSum : 0, OpenCount = openCount, Values = MemoryMarshal.AsBytes(values.AsSpan()).ToArray() };
    }

    public void To(BucketRing ring)
    {
        byte[] bytes = Values ?? [];
        if (bytes.Length % sizeof(double) != 0)
        {
            throw new ArgumentException("a saved ring's values are not whole doubles");
        }
        ring.Load(LastClosed, Open, OpenSum, OpenCount, MemoryMarshal.Cast<byte, double>(bytes));
    }
}

internal sealed class EpisodeJson
{
    public long FirstSeen { get; set; }

    public long LastHeld { get; set; }

    public long LastRaised { get; set; }

    public long Count { get; set; }

    public double Worst { get; set; }

    public FindingSeverity Severity { get; set; }

    public FindingSeverity RaisedSeverity { get; set; }

    public string? Process { get; set; }

    public int ProcessId { get; set; }

    /// <summary>Only raised, active conditions are kept.</summary>
    public static EpisodeJson? From(Episode? episode) => episode is { Active: true, Raised: true }
        ? new EpisodeJson
        {
            FirstSeen = episode.FirstSeen.ToUnixTimeMilliseconds(),
            LastHeld = episode.LastHeld.ToUnixTimeMilliseconds(),
            LastRaised = episode.LastRaised.ToUnixTimeMilliseconds(),
            Count = episode.Count,
            Worst = double.IsFinite(episode.Worst) ? episode.Worst : 0,
            Severity = episode.Severity,
            RaisedSeverity = episode.RaisedSeverity,
            Process = episode.Process,
            ProcessId = episode.ProcessId,
        }
        : null;

    public Episode ToEpisode() => new()
    {
        Active = true,
        Raised = true,
        FirstSeen = Time(FirstSeen),
        LastHeld = Time(LastHeld),
        LastRaised = Time(LastRaised),
        Count = Count,
        Worst = Worst,
        Severity = Enum.IsDefined(Severity) ? Severity : FindingSeverity.Info,
        RaisedSeverity = Enum.IsDefined(RaisedSeverity) ? RaisedSeverity : FindingSeverity.Info,
        Process = Process,
        ProcessId = ProcessId,
    };

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(ms, 0, 253402300799999));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MetricStateJson))]
internal sealed partial class MetricStateJsonContext : JsonSerializerContext;
