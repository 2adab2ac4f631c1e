using LogWarden.Collect;

namespace LogWarden.Store;

/// <summary>One measurement of a host metric, e.g. <c>cpu_seconds{mode="user"}</c> on host web1.</summary>
internal readonly record struct MetricSample(DateTimeOffset Timestamp, string Host, string Name, StreamLabels Labels, double Value);

/// <summary>Which series to read and over which time.</summary>
internal sealed record MetricQuery
{
    public required string Name { get; init; }

    /// <summary>Only this host; null for all.</summary>
    public string? Host { get; init; }

    public IReadOnlyList<LabelMatcher> Labels { get; init; } = [];

    /// <summary>Inclusive.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>Exclusive.</summary>
    public required DateTimeOffset To { get; init; }
}

/// <summary>A value at a time; <see cref="Resolution"/> is zero for a sample as taken, else the averaging bucket.</summary>
internal readonly record struct MetricPoint(DateTimeOffset Timestamp, double Value, TimeSpan Resolution);

internal sealed record MetricSeries(string Host, string Name, StreamLabels Labels, IReadOnlyList<MetricPoint> Points);

/// <summary>
/// Host metrics kept beside the logs: samples as taken for a while, then averaged into coarser buckets
/// (1 minute, then 1 hour) so that months of history stay small.
/// </summary>
internal interface IMetricStore
{
    /// <summary>Stores samples durably (a sample for the same series and time replaces the earlier one).</summary>
    /// <exception cref="StoreFullException">The disk-space guard refused the write.</exception>
    void AppendMetrics(IReadOnlyList<MetricSample> samples);

    /// <summary>The points of every matching series in the range, oldest first, at whatever resolution they are kept.</summary>
    IReadOnlyList<MetricSeries> ReadMetrics(MetricQuery query);

    /// <summary>Averages old samples into coarser buckets and drops the finer ones; returns the points removed.</summary>
    long DownsampleMetrics();
}
