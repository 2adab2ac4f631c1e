namespace LogWarden.Detect.Metrics;

/// <summary>
/// Recent host-metric curves for whoever attaches evidence after the fact: the incident tracker adds the memory
/// curve to an OOM-kill incident raised from the logs. <see cref="MetricDetector"/> answers from the bounded
/// ring of 1-minute averages it keeps per series.
/// </summary>
internal interface IMetricWindowSource
{
    /// <summary>
    /// At most <paramref name="maxPoints"/> averages of the series between the two times, oldest first; empty when
    /// the series (or the range) is not kept. <paramref name="series"/> is the metric name with its distinguishing
    /// label as findings name it (<c>memory_used_percent</c>, <c>filesystem_used_percent{mount="/"}</c>);
    /// <paramref name="host"/> null means the first host that has it.
    /// </summary>
    IReadOnlyList<MetricPoint> MetricWindow(string series, DateTimeOffset from, DateTimeOffset to, string? host = null, int maxPoints = 60);
}
