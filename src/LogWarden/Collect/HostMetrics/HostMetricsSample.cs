namespace LogWarden.Collect.HostMetrics;

/// <summary>One value of one series: a Prometheus-style name (<c>cpu_percent</c>), its labels (<c>{state="user"}</c>), the value.</summary>
internal readonly record struct HostMetric(string Name, StreamLabels Labels, double Value);

/// <summary>A process among the busiest (by CPU) or the largest (by resident memory) at sample time.</summary>
/// <param name="Command">The kernel's name for it (comm, at most 15 characters).</param>
/// <param name="CommandLine">Its arguments joined with spaces (cut to 256 characters), or "[comm]" for a kernel thread.</param>
/// <param name="CpuPercent">CPU used since the previous sample, 100 = one core fully busy; 0 on the first sample it is seen in.</param>
internal sealed record TopProcess(int Pid, string Command, string CommandLine, double CpuPercent, long ResidentBytes);

/// <summary>
/// What the host looked like at one moment. Rates (CPU percentages, bytes per second…) are over the time
/// since the previous sample, so the first sample of a collector carries gauges only.
/// </summary>
internal sealed record HostMetricsSample(
    DateTimeOffset Timestamp,
    string Host,
    IReadOnlyList<HostMetric> Metrics,
    IReadOnlyList<TopProcess> TopByCpu,
    IReadOnlyList<TopProcess> TopByMemory);

/// <summary>Where host metrics go (the store implements it). The sample is the sink's to keep: it is never reused.</summary>
internal interface IMetricSink
{
    ValueTask WriteAsync(HostMetricsSample sample, CancellationToken cancellationToken);
}
