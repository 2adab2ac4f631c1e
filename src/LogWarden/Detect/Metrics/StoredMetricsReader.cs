using LogWarden.Collect;
using LogWarden.Collect.HostMetrics;
using LogWarden.Store;

namespace LogWarden.Detect.Metrics;

/// <summary>
/// The host metrics the daemon stored (<see cref="IMetricStore"/>) as samples again, oldest first, so that
/// `analyze` over a data directory replays metrics with the logs. Points are read an hour at a time and grouped
/// by host and timestamp; older ranges come back at the store's downsampled resolution (1-minute or 1-hour
/// averages), which the detector takes as sparser samples. Top-process lists are not stored, so replayed
/// findings name no process.
/// </summary>
internal static class StoredMetricsReader
{
    /// <summary>Every series name the collector writes (kept in step with <see cref="HostMetricNames"/> by a test).</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        HostMetricNames.CpuPercent, HostMetricNames.CpuCount, HostMetricNames.Load1, HostMetricNames.Load5, HostMetricNames.Load15,
        HostMetricNames.Processes, HostMetricNames.ProcessesRunning, HostMetricNames.ProcessesBlocked,
        HostMetricNames.ContextSwitchesPerSecond, HostMetricNames.ForksPerSecond,
        HostMetricNames.MemoryTotalBytes, HostMetricNames.MemoryAvailableBytes, HostMetricNames.MemoryFreeBytes,
        HostMetricNames.MemoryBuffersBytes, HostMetricNames.MemoryCachedBytes, HostMetricNames.MemoryUsedBytes,
        HostMetricNames.MemoryUsedPercent, HostMetricNames.SwapTotalBytes, HostMetricNames.SwapFreeBytes, HostMetricNames.SwapUsedBytes,
        HostMetricNames.FilesystemSizeBytes, HostMetricNames.FilesystemFreeBytes, HostMetricNames.FilesystemAvailableBytes,
        HostMetricNames.FilesystemUsedPercent, HostMetricNames.FilesystemInodes, HostMetricNames.FilesystemInodesFree,
        HostMetricNames.DiskReadsPerSecond, HostMetricNames.DiskWritesPerSecond, HostMetricNames.DiskReadBytesPerSecond,
        HostMetricNames.DiskWrittenBytesPerSecond, HostMetricNames.DiskBusyPercent,
        HostMetricNames.NetworkReceiveBytesPerSecond, HostMetricNames.NetworkTransmitBytesPerSecond,
        HostMetricNames.NetworkReceivePacketsPerSecond, HostMetricNames.NetworkTransmitPacketsPerSecond,
        HostMetricNames.NetworkReceiveErrorsPerSecond, HostMetricNames.NetworkTransmitErrorsPerSecond,
        HostMetricNames.NetworkReceiveDropsPerSecond, HostMetricNames.NetworkTransmitDropsPerSecond,
        HostMetricNames.TcpConnections,
    ];

    /// <summary>The stored samples from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), of one host or all.</summary>
    public static IEnumerable<HostMetricsSample> Read(IMetricStore store, DateTimeOffset from, DateTimeOffset to, string? host = null, TimeSpan? chunk = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        TimeSpan step = chunk is { } c && c > TimeSpan.Zero ? c : TimeSpan.FromHours(1);
        for (DateTimeOffset start = from; start < to; start += step)
        {
            DateTimeOffset end = start + step < to ? start + step : to;
            var byTime = new SortedDictionary<(long Milliseconds, string Host), List<HostMetric>>();
            foreach (string name in Names)
            {
                foreach (MetricSeries series in store.ReadMetrics(new MetricQuery { Name = name, Host = host, From = start, To = end }))
                {
                    foreach (Store.MetricPoint point in series.Points)
                    {
                        var key = (point.Timestamp.ToUnixTimeMilliseconds(), series.Host);
                        if (!byTime.TryGetValue(key, out List<HostMetric>? metrics))
                        {
                            metrics = [];
                            byTime[key] = metrics;
                        }
                        metrics.Add(new HostMetric(series.Name, series.Labels, point.Value));
                    }
                }
            }
            foreach (((long milliseconds, string sampleHost), List<HostMetric> metrics) in byTime)
            {
                yield return new HostMetricsSample(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), sampleHost, metrics, [], []);
            }
        }
    }
}
