namespace LogWarden.Detect.Metrics;

/// <summary>The <see cref="Finding.Kind"/>s of <see cref="MetricDetector"/>.</summary>
internal static class MetricFindingKinds
{
    public const string CpuHigh = "cpu-high";
    public const string MemoryHigh = "memory-high";
    public const string DiskFull = "disk-full";
    public const string InodesFull = "inodes-full";
    public const string SwapHigh = "swap-high";
    public const string LoadHigh = "load-high";

    /// <summary>A series far above what its baseline expects at this hour, for minutes.</summary>
    public const string Deviation = "metric-deviation";

    /// <summary>A file system forecast to be full within the warning horizon.</summary>
    public const string DiskFillForecast = "disk-fill-forecast";

    /// <summary>One process's resident memory growing steadily for hours.</summary>
    public const string MemoryLeak = "memory-leak";

    /// <summary>The host's used memory growing steadily for hours, no single process to blame.</summary>
    public const string MemoryGrowth = "memory-growth";
}
