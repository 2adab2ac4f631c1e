namespace LogWarden.Collect.HostMetrics;

/// <summary>Adds per-second rates of kernel counters to a sample's metrics.</summary>
internal static class MetricRates
{
    /// <summary>
    /// Adds (current − previous) / seconds, unless there is no previous value (first sample, new device),
    /// no elapsed time, or the counter went backwards (a device re-created, a 32-bit counter wrapped): a
    /// missing point is better than a huge negative or positive spike.
    /// </summary>
    public static void AddRate(List<HostMetric> metrics, string name, StreamLabels labels, long current, long previous, double elapsedSeconds)
    {
        if (previous >= 0 && current >= previous && elapsedSeconds > 0)
        {
            metrics.Add(new HostMetric(name, labels, (current - previous) / elapsedSeconds));
        }
    }
}
