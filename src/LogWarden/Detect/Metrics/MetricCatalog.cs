using LogWarden.Collect;
using LogWarden.Collect.HostMetrics;

namespace LogWarden.Detect.Metrics;

/// <summary>Whether a series learns a baseline, and whether a large deviation of it is worth a warning.</summary>
internal enum BaselineRole : byte
{
    None = 0,
    Ordinary = 1,
    Important = 2,
}

/// <summary>The classic threshold a series is judged against (see <see cref="MetricDetectorOptions"/>).</summary>
internal enum ThresholdKind : byte
{
    None = 0,
    Cpu,
    Memory,
    Disk,
    Inodes,
    Swap,
    LoadPerCore,
}

/// <summary>What a series' history is fitted for.</summary>
internal enum TrendRole : byte
{
    None = 0,

    /// <summary><c>filesystem_available_bytes</c>: when will it reach zero.</summary>
    DiskAvailable,

    /// <summary><c>memory_used_bytes</c>: does it grow steadily (a leak).</summary>
    MemoryUsed,
}

/// <summary>
/// How one kind of series is judged.
/// </summary>
/// <param name="DeviationFloor">The least excess over the hour's mean that counts as a deviation, in the series' unit:
/// without it a series that is usually 0 (network errors) would "deviate" at 0.1.</param>
/// <param name="LargeDeviationFloor">The least excess of a large deviation (a warning on important series).</param>
/// <param name="MinRatio">For series of unknown scale: the least ratio to the usual level.</param>
/// <param name="EntityLabel">The label that tells series of one name apart and names the entity (mount, device, state).</param>
/// <param name="EntityName">The finding entity that label becomes (<see cref="EntityNames"/>), or null.</param>
/// <param name="Process">Which top list names the process that dominates when the series is high.</param>
internal sealed record SeriesProfile(
    BaselineRole Baseline,
    double DeviationFloor,
    double LargeDeviationFloor,
    ThresholdKind Threshold,
    TrendRole Trend,
    string? EntityLabel,
    string? EntityName,
    ProcessHint Process,
    double MinRatio = 1)
{
    public static readonly SeriesProfile Untracked = new(BaselineRole.None, 0, double.PositiveInfinity, ThresholdKind.None, TrendRole.None, null, null, ProcessHint.None);
}

/// <summary>Which process list explains a high value.</summary>
internal enum ProcessHint : byte
{
    None = 0,
    Cpu,
    Memory,
}

/// <summary>
/// The series the collector produces (<see cref="HostMetricNames"/>) and the ones this detector derives, with how
/// each is judged. Unknown names (from a metrics file of another collector) learn an info-only baseline.
/// </summary>
internal static class MetricCatalog
{
    /// <summary>100 − <c>cpu_percent{state="idle"}</c>: what "CPU at 90 %" means to an operator.</summary>
    public const string CpuUsedPercent = "cpu_used_percent";

    /// <summary><c>load1 / cpu_count</c>.</summary>
    public const string LoadPerCore = "load_per_core";

    /// <summary><c>swap_used_bytes / swap_total_bytes</c> in percent (only with swap).</summary>
    public const string SwapUsedPercent = "swap_used_percent";

    /// <summary>Used inodes in percent of a file system's inodes, per mount.</summary>
    public const string FilesystemInodesUsedPercent = "filesystem_inodes_used_percent";

    private const double MiB = 1024 * 1024;

    private static readonly SeriesProfile Unknown = new(BaselineRole.Ordinary, 0, double.PositiveInfinity, ThresholdKind.None, TrendRole.None, null, null, ProcessHint.None, MinRatio: 1.5);

    private static readonly Dictionary<string, SeriesProfile> ByName = new(StringComparer.Ordinal)
    {
        [CpuUsedPercent] = new(BaselineRole.Important, 20, 40, ThresholdKind.Cpu, TrendRole.None, null, null, ProcessHint.Cpu),
        [LoadPerCore] = new(BaselineRole.Ordinary, 1, 3, ThresholdKind.LoadPerCore, TrendRole.None, null, null, ProcessHint.Cpu),
        [HostMetricNames.Processes] = new(BaselineRole.Important, 100, 500, ThresholdKind.None, TrendRole.None, null, null, ProcessHint.None),
        [HostMetricNames.ProcessesRunning] = new(BaselineRole.Ordinary, 10, 50, ThresholdKind.None, TrendRole.None, null, null, ProcessHint.Cpu),
        [HostMetricNames.ProcessesBlocked] = new(BaselineRole.Important, 10, 30, ThresholdKind.None, TrendRole.None, null, null, ProcessHint.None),
        [HostMetricNames.ForksPerSecond] = new(BaselineRole.Important, 50, 200, ThresholdKind.None, TrendRole.None, null, null, ProcessHint.None),
        [HostMetricNames.ContextSwitchesPerSecond] = new(BaselineRole.Ordinary, 5000, 50000, ThresholdKind.None, TrendRole.None, null, null, ProcessHint.Cpu),
        [HostMetricNames.MemoryUsedPercent] = new(BaselineRole.Important, 15, 30, ThresholdKind.Memory, TrendRole.None, null, null, ProcessHint.Memory),
        [HostMetricNames.MemoryUsedBytes] = new(BaselineRole.None, 0, double.PositiveInfinity, ThresholdKind.None, TrendRole.MemoryUsed, null, null, ProcessHint.Memory),
        [SwapUsedPercent] = new(BaselineRole.Ordinary, 10, 30, ThresholdKind.Swap, TrendRole.None, null, null, ProcessHint.Memory),
        [HostMetricNames.FilesystemUsedPercent] = new(BaselineRole.None, 0, double.PositiveInfinity, ThresholdKind.Disk, TrendRole.None, "mount", EntityNames.Mount, ProcessHint.None),
        [FilesystemInodesUsedPercent] = new(BaselineRole.None, 0, double.PositiveInfinity, ThresholdKind.Inodes, TrendRole.None, "mount", EntityNames.Mount, ProcessHint.None),
        [HostMetricNames.FilesystemAvailableBytes] = new(BaselineRole.None, 0, double.PositiveInfinity, ThresholdKind.None, TrendRole.DiskAvailable, "mount", EntityNames.Mount, ProcessHint.None),
        [HostMetricNames.DiskBusyPercent] = new(BaselineRole.Important, 30, 60, ThresholdKind.None, TrendRole.None, "device", EntityNames.Device, ProcessHint.None),
        [HostMetricNames.DiskReadBytesPerSecond] = new(BaselineRole.Important, 10 * MiB, 50 * MiB, ThresholdKind.None, TrendRole.None, "device", EntityNames.Device, ProcessHint.None),
        [HostMetricNames.DiskWrittenBytesPerSecond] = new(BaselineRole.Important, 10 * MiB, 50 * MiB, ThresholdKind.None, TrendRole.None, "device", EntityNames.Device, ProcessHint.None),
        [HostMetricNames.DiskReadsPerSecond] = new(BaselineRole.Ordinary, 200, 2000, ThresholdKind.None, TrendRole.None, "device", EntityNames.Device, ProcessHint.None),
        [HostMetricNames.DiskWritesPerSecond] = new(BaselineRole.Ordinary, 200, 2000, ThresholdKind.None, TrendRole.None, "device", EntityNames.Device, ProcessHint.None),
        [HostMetricNames.NetworkReceiveBytesPerSecond] = new(BaselineRole.Ordinary, 1 * MiB, 20 * MiB, ThresholdKind.None, TrendRole.None, "device", EntityNames.Interface, ProcessHint.None),
        [HostMetricNames.NetworkTransmitBytesPerSecond] = new(BaselineRole.Ordinary, 1 * MiB, 20 * MiB, ThresholdKind.None, TrendRole.None, "device", EntityNames.Interface, ProcessHint.None),
        [HostMetricNames.NetworkReceivePacketsPerSecond] = new(BaselineRole.Ordinary, 1000, 20000, ThresholdKind.None, TrendRole.None, "device", EntityNames.Interface, ProcessHint.None),
        [HostMetricNames.NetworkTransmitPacketsPerSecond] = new(BaselineRole.Ordinary, 1000, 20000, ThresholdKind.None, TrendRole.None, "device", EntityNames.Interface, ProcessHint.None),
        [HostMetricNames.NetworkReceiveErrorsPerSecond] = new(BaselineRole.Important, 1, 10, ThresholdKind.None, TrendRole.None, "device", EntityNames.Interface, ProcessHint.None),
        [HostMetricNames.NetworkTransmitErrorsPerSecond] = new(BaselineRole.Important, 1, 10, ThresholdKind.None, TrendRole.None, "device", EntityNames.Interface, ProcessHint.None),
        [HostMetricNames.NetworkReceiveDropsPerSecond] = new(BaselineRole.Ordinary, 10, 100, ThresholdKind.None, TrendRole.None, "device", EntityNames.Interface, ProcessHint.None),
        [HostMetricNames.NetworkTransmitDropsPerSecond] = new(BaselineRole.Ordinary, 10, 100, ThresholdKind.None, TrendRole.None, "device", EntityNames.Interface, ProcessHint.None),
    };

    // Gauges that restate another series (totals, free vs available, load5/15) or never change: no baseline.
    private static readonly HashSet<string> Untracked = new(StringComparer.Ordinal)
    {
        HostMetricNames.CpuCount, HostMetricNames.Load1, HostMetricNames.Load5, HostMetricNames.Load15,
        HostMetricNames.MemoryTotalBytes, HostMetricNames.MemoryAvailableBytes, HostMetricNames.MemoryFreeBytes,
        HostMetricNames.MemoryBuffersBytes, HostMetricNames.MemoryCachedBytes, HostMetricNames.SwapTotalBytes,
        HostMetricNames.SwapFreeBytes, HostMetricNames.SwapUsedBytes, HostMetricNames.FilesystemSizeBytes,
        HostMetricNames.FilesystemFreeBytes, HostMetricNames.FilesystemInodes, HostMetricNames.FilesystemInodesFree,
    };

    private static readonly SeriesProfile CpuIowait = new(BaselineRole.Important, 20, 40, ThresholdKind.None, TrendRole.None, "state", null, ProcessHint.None);
    private static readonly SeriesProfile CpuSteal = new(BaselineRole.Ordinary, 10, 30, ThresholdKind.None, TrendRole.None, "state", null, ProcessHint.None);
    private static readonly SeriesProfile CpuOtherState = SeriesProfile.Untracked with { EntityLabel = "state" };

    // TCP: a SYN flood shows as syn_recv, a connection explosion as established, a leak of unclosed sockets as close_wait.
    private static readonly SeriesProfile TcpEstablished = new(BaselineRole.Important, 200, 1000, ThresholdKind.None, TrendRole.None, "state", null, ProcessHint.None);
    private static readonly SeriesProfile TcpSynReceived = new(BaselineRole.Important, 50, 200, ThresholdKind.None, TrendRole.None, "state", null, ProcessHint.None);
    private static readonly SeriesProfile TcpCloseWait = new(BaselineRole.Important, 50, 200, ThresholdKind.None, TrendRole.None, "state", null, ProcessHint.None);
    private static readonly SeriesProfile TcpTimeWait = new(BaselineRole.Ordinary, 500, 5000, ThresholdKind.None, TrendRole.None, "state", null, ProcessHint.None);
    private static readonly SeriesProfile TcpOther = new(BaselineRole.Ordinary, 50, 500, ThresholdKind.None, TrendRole.None, "state", null, ProcessHint.None);
    private static readonly SeriesProfile TcpListen = SeriesProfile.Untracked with { EntityLabel = "state" };

    public static SeriesProfile Describe(string name, StreamLabels labels)
    {
        if (ByName.TryGetValue(name, out SeriesProfile? profile))
        {
            return profile;
        }
        if (Untracked.Contains(name))
        {
            return SeriesProfile.Untracked;
        }
        if (name == HostMetricNames.CpuPercent)
        {
            return Label(labels, "state") switch
            {
                "iowait" => CpuIowait,
                "steal" => CpuSteal,
                _ => CpuOtherState,
            };
        }
        if (name == HostMetricNames.TcpConnections)
        {
            return Label(labels, "state") switch
            {
                "established" => TcpEstablished,
                "syn_recv" => TcpSynReceived,
                "close_wait" => TcpCloseWait,
                "time_wait" => TcpTimeWait,
                "listen" => TcpListen,
                _ => TcpOther,
            };
        }
        return Unknown;
    }

    /// <summary>
    /// The name a person and <see cref="MetricDetector.MetricWindow"/> use for a series: the metric name with
    /// the one label that tells its series apart (<c>filesystem_used_percent{mount="/"}</c>), or with all its
    /// labels when it has no such label.
    /// </summary>
    public static string SeriesId(string name, StreamLabels labels, SeriesProfile profile)
    {
        if (labels.Pairs.Count == 0)
        {
            return name;
        }
        if (profile.EntityLabel is { } label && Label(labels, label) is { } value)
        {
            return name + new StreamLabels((label, value)).Key;
        }
        return name + labels.Key;
    }

    /// <summary>A label's value without the closure <see cref="StreamLabels"/>' indexer allocates.</summary>
    public static string? Label(StreamLabels labels, string name)
    {
        IReadOnlyList<KeyValuePair<string, string>> pairs = labels.Pairs;
        for (int i = 0; i < pairs.Count; i++)
        {
            if (string.Equals(pairs[i].Key, name, StringComparison.Ordinal))
            {
                return pairs[i].Value;
            }
        }
        return null;
    }
}
