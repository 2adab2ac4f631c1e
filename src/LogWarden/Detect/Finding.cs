using LogWarden.Parse;

namespace LogWarden.Detect;

/// <summary>How loud a finding is. Warning and critical findings are alerts; info findings are recorded, not notified.</summary>
public enum FindingSeverity : byte
{
    Info = 0,
    Warning = 1,
    Critical = 2,
}

/// <summary>The entity names findings use (keys of <see cref="Finding.Entities"/>).</summary>
internal static class EntityNames
{
    public const string Ip = "ip";
    public const string User = "user";
    public const string Unit = "unit";
    public const string Process = "process";
    public const string Container = "container";
    public const string Path = "path";
    public const string Host = "host";

    /// <summary>The source (file, unit, container) a finding about a stream is about.</summary>
    public const string Source = "source";

    /// <summary>A host metric series (<c>memory_used_percent</c>, <c>disk_used_percent{mount="/"}</c>).</summary>
    public const string Metric = "metric";

    /// <summary>A template id (as text) for findings about one kind of line.</summary>
    public const string Template = "template";

    /// <summary>A file system's mount point (<c>/var</c>), for disk findings.</summary>
    public const string Mount = "mount";

    /// <summary>A block device (<c>sda</c>, <c>nvme0n1</c>), for disk I/O findings.</summary>
    public const string Device = "device";

    /// <summary>A network interface (<c>eth0</c>), for network findings.</summary>
    public const string Interface = "interface";
}

/// <summary>A template behind a finding, with how many of its lines the finding covers.</summary>
internal sealed record TemplateEvidence(int TemplateId, string Template, long Count);

/// <summary>One value of a metric window attached as evidence.</summary>
internal readonly record struct MetricPoint(DateTimeOffset Timestamp, double Value);

/// <summary>
/// What a finding carries to show why: templates with counts, a few raw sample lines (never bulk logs),
/// and for metric findings the series around it. Kept small on purpose: it goes into the store, the
/// alert and the LLM's evidence pack.
/// </summary>
internal sealed record Evidence
{
    public static Evidence None { get; } = new();

    /// <summary>The measurement of how many addresses a finding about many of them saw (a distributed brute force).</summary>
    public const string DistinctAddresses = "distinct_addresses";

    public IReadOnlyList<TemplateEvidence> Templates { get; init; } = [];

    /// <summary>A few raw lines (at most <see cref="MaxSamples"/>, each cut to <see cref="MaxSampleLength"/>).</summary>
    public IReadOnlyList<string> Samples { get; init; } = [];

    /// <summary>The metric series name and its window, for metric findings.</summary>
    public string? Metric { get; init; }

    public IReadOnlyList<MetricPoint> MetricWindow { get; init; } = [];

    /// <summary>Free-form numbers the detector measured ("baseline": 12.5, "observed": 140…).</summary>
    public IReadOnlyDictionary<string, double> Measurements { get; init; } = new Dictionary<string, double>();

    public const int MaxSamples = 5;
    public const int MaxSampleLength = 512;

    /// <summary>A sample line as evidence keeps it: one record, cut to <see cref="MaxSampleLength"/>.</summary>
    public static string Sample(LogRecord record) =>
        record.Raw.Length <= MaxSampleLength ? record.Raw : string.Concat(record.Raw.AsSpan(0, MaxSampleLength), "…");
}

/// <summary>
/// One thing a detector noticed: a new template, a spike, a brute force, an OOM kill, a disk filling up.
/// <see cref="Timestamp"/> is the log time at which the engine raised it (in the daemon, log time follows
/// the wall clock; in `analyze`, it is the replayed files' time).
/// </summary>
internal sealed record Finding
{
    public required DateTimeOffset Timestamp { get; init; }

    public required FindingSeverity Severity { get; init; }

    /// <summary>What kind of thing: <c>ssh-brute-force</c>, <c>new-template</c>, <c>oom-kill</c>, <c>metric-threshold</c>…</summary>
    public required string Kind { get; init; }

    /// <summary>One line a person reads first: "SSH brute force from 203.0.113.7 (312 failures, 41 users)".</summary>
    public required string Title { get; init; }

    /// <summary>Who or what it is about; keys from <see cref="EntityNames"/>. Never empty for an alert.</summary>
    public IReadOnlyDictionary<string, string> Entities { get; init; } = new Dictionary<string, string>();

    public required DateTimeOffset FirstSeen { get; init; }

    public required DateTimeOffset LastSeen { get; init; }

    /// <summary>How many lines (or samples) the finding covers.</summary>
    public long Count { get; init; } = 1;

    public Evidence Evidence { get; init; } = Evidence.None;

    /// <summary>The detector that raised it (<c>baseline</c>, <c>rules</c>, <c>scenarios</c>, <c>metrics</c>).</summary>
    public string Detector { get; init; } = "";

    /// <summary>
    /// What makes this finding one thing with findings of other hosts (<c>ip=203.0.113.7</c>, <c>template=42</c>),
    /// set by <see cref="Fleet.FleetCorrelator"/>: the incident tracker joins findings with equal fleet keys
    /// whatever host they name. Null: correlated within its host only. Not part of <see cref="Key"/>.
    /// </summary>
    public string? FleetKey { get; init; }

    /// <summary>
    /// Identity of "the same thing again": findings with equal keys update one another instead of
    /// raising anew. Defaults to the kind and the sorted entities.
    /// </summary>
    /// <remarks>Computed on each call (not cached: a <c>with</c> copy must not inherit a stale key).</remarks>
    public string Key
    {
        get
        {
            if (Entities.Count == 0)
            {
                return Kind;
            }
            var parts = new List<string>(Entities.Count);
            foreach (KeyValuePair<string, string> e in Entities)
            {
                parts.Add(e.Key + "=" + e.Value);
            }
            parts.Sort(StringComparer.Ordinal);
            return Kind + "{" + string.Join(',', parts) + "}";
        }
    }
}
