using LogWarden.Collect;
using LogWarden.Collect.HostMetrics;

namespace LogWarden.Detect.Metrics;

/// <summary>Identity of a series: host, metric name, labels (canonical key).</summary>
internal readonly record struct SeriesKey(string Host, string Name, string Labels);

/// <summary>What the detector knows of one host: its latest scalars (for derived series and shares) and top processes.</summary>
internal sealed class HostState(string name)
{
    public string Name { get; } = name;

    public DateTimeOffset LastSample { get; set; } = DateTimeOffset.MinValue;

    public int Series { get; set; }

    public double CpuCount { get; set; } = double.NaN;

    public double CpuUsedPercent { get; set; } = double.NaN;

    public double MemoryTotal { get; set; } = double.NaN;

    public double MemoryAvailable { get; set; } = double.NaN;

    public IReadOnlyList<TopProcess> TopByCpu { get; set; } = [];

    public IReadOnlyList<TopProcess> TopByMemory { get; set; } = [];
}

/// <summary>One series: its recent curve, its learned baseline and the conditions open on it.</summary>
internal sealed class SeriesState
{
    public const int TrendBucketSeconds = 300;

    public SeriesState(HostState host, string name, StreamLabels labels, SeriesProfile profile, MetricDetectorOptions options)
    {
        Host = host;
        Name = name;
        Labels = labels;
        Profile = profile;
        Id = MetricCatalog.SeriesId(name, labels, profile);
        EntityValue = profile.EntityLabel is { } label ? MetricCatalog.Label(labels, label) : null;
        Minutes = new BucketRing(60, Math.Max(options.RecentMinutes, 2));
        if (profile.Trend != TrendRole.None)
        {
            Trend = new BucketRing(TrendBucketSeconds, Math.Max((int)(options.TrendWindow.TotalSeconds / TrendBucketSeconds), 2));
        }
        if (profile.Baseline != BaselineRole.None)
        {
            Baseline = new SeasonalBaseline();
        }
    }

    public HostState Host { get; }

    public string Name { get; }

    public StreamLabels Labels { get; }

    public SeriesProfile Profile { get; }

    /// <summary>The series as people and <see cref="MetricDetector.MetricWindow"/> name it.</summary>
    public string Id { get; }

    /// <summary>The value of the profile's entity label (the mount, the device), if any.</summary>
    public string? EntityValue { get; }

    public BucketRing Minutes { get; }

    /// <summary>5-minute means over <see cref="MetricDetectorOptions.TrendWindow"/>, for series that are fitted.</summary>
    public BucketRing? Trend { get; }

    public SeasonalBaseline? Baseline { get; }

    public DateTimeOffset LastSeen { get; set; } = DateTimeOffset.MinValue;

    /// <summary>The first point since the detector started watching (not saved: a restart watches a day again).</summary>
    public DateTimeOffset FirstSeen { get; set; } = DateTimeOffset.MinValue;

    /// <summary>
    /// The steepest straight run over <see cref="MetricDetectorOptions.MediumTrendWindow"/> in the direction the series is
    /// watched for (a disk's available bytes falling, used memory rising) seen outside a finding of its own, in units per
    /// second, decaying with a half-life of three days: the host's routine (a nightly backup, an image pull, a cache warming
    /// up after a deploy) that a recent run must outpace before it is raised from its first half hour.
    /// </summary>
    public double SteepestRun { get; set; }

    /// <summary>The steepest pace of the straight run going on now: the routine learns it when that run ends.</summary>
    public double PendingRun { get; set; }

    /// <summary>Minutes since the straight run of <see cref="PendingRun"/> last held.</summary>
    public int RunQuietMinutes { get; set; }

    /// <summary>When used memory last rose as a recent growth is raised (<c>MetricDetector.EvaluateRecentMemoryGrowth</c>).</summary>
    public DateTimeOffset RecentRise { get; set; } = DateTimeOffset.MinValue;

    public Episode? Threshold { get; set; }

    public Episode? Deviation { get; set; }

    public Episode? Forecast { get; set; }

    /// <summary>Consecutive deviating minutes, and consecutive large-deviation minutes.</summary>
    public int DeviatingMinutes { get; set; }

    public int LargeMinutes { get; set; }

    /// <summary>The last disk-full forecast over the trend window (refreshed every 5 minutes).</summary>
    public LinearFit LongFit { get; set; }

    /// <summary>Which series give way when the cap is reached: see <see cref="AdmissionOf"/>.</summary>
    public int Admission => AdmissionOf(Profile);

    /// <summary>
    /// 2 for the host's own important series (CPU, memory, load, file systems, TCP, processes), 1 for important
    /// series of one device (a disk's I/O, an interface's errors), 0 for the rest: a host with ten thousand
    /// container interfaces must not crowd out its CPU.
    /// </summary>
    public static int AdmissionOf(SeriesProfile profile)
    {
        bool important = profile.Baseline == BaselineRole.Important || profile.Threshold != ThresholdKind.None || profile.Trend != TrendRole.None;
        if (!important)
        {
            return 0;
        }
        return profile.EntityName is null or EntityNames.Mount ? 2 : 1;
    }
}

/// <summary>One process of a top-memory list, followed for steady growth of its resident size.</summary>
internal sealed class ProcessTrend(string host, int pid, string command, int capacity)
{
    public string Host { get; } = host;

    public int Pid { get; } = pid;

    public string Command { get; set; } = command;

    public BucketRing Resident { get; } = new(SeriesState.TrendBucketSeconds, capacity);

    public DateTimeOffset LastSeen { get; set; }

    public Episode? Leak { get; set; }
}
