namespace LogWarden.Collect.HostMetrics;

/// <summary>
/// The names of the host metrics, Prometheus style: snake case, the unit last (<c>_bytes</c>, <c>_percent</c>,
/// <c>_per_second</c>). Rates are computed here rather than stored as counters, because what a 1 GB VPS owner
/// asks is "how busy is it now", and a rate needs no second sample to read.
/// </summary>
internal static class HostMetricNames
{
    // /proc/stat and /proc/loadavg
    public const string CpuPercent = "cpu_percent"; // {state}: user nice system idle iowait irq softirq steal, summing to 100
    public const string CpuCount = "cpu_count";
    public const string Load1 = "load1";
    public const string Load5 = "load5";
    public const string Load15 = "load15";
    public const string Processes = "processes";
    public const string ProcessesRunning = "processes_running";
    public const string ProcessesBlocked = "processes_blocked";
    public const string ContextSwitchesPerSecond = "context_switches_per_second";
    public const string ForksPerSecond = "forks_per_second";

    // /proc/meminfo
    public const string MemoryTotalBytes = "memory_total_bytes";
    public const string MemoryAvailableBytes = "memory_available_bytes";
    public const string MemoryFreeBytes = "memory_free_bytes";
    public const string MemoryBuffersBytes = "memory_buffers_bytes";
    public const string MemoryCachedBytes = "memory_cached_bytes";
    public const string MemoryUsedBytes = "memory_used_bytes"; // total - available: what cannot be reclaimed
    public const string MemoryUsedPercent = "memory_used_percent";
    public const string SwapTotalBytes = "swap_total_bytes";
    public const string SwapFreeBytes = "swap_free_bytes";
    public const string SwapUsedBytes = "swap_used_bytes";

    // statvfs per mount {device, fstype, mount}
    public const string FilesystemSizeBytes = "filesystem_size_bytes";
    public const string FilesystemFreeBytes = "filesystem_free_bytes";
    public const string FilesystemAvailableBytes = "filesystem_available_bytes"; // free to unprivileged users
    public const string FilesystemUsedPercent = "filesystem_used_percent"; // as df shows it: used / (used + available)
    public const string FilesystemInodes = "filesystem_inodes";
    public const string FilesystemInodesFree = "filesystem_inodes_free";

    // /proc/diskstats {device}
    public const string DiskReadsPerSecond = "disk_reads_per_second";
    public const string DiskWritesPerSecond = "disk_writes_per_second";
    public const string DiskReadBytesPerSecond = "disk_read_bytes_per_second";
    public const string DiskWrittenBytesPerSecond = "disk_written_bytes_per_second";
    public const string DiskBusyPercent = "disk_busy_percent"; // share of wall time with I/O in flight (iostat's %util)

    // /proc/net/dev {device}
    public const string NetworkReceiveBytesPerSecond = "network_receive_bytes_per_second";
    public const string NetworkTransmitBytesPerSecond = "network_transmit_bytes_per_second";
    public const string NetworkReceivePacketsPerSecond = "network_receive_packets_per_second";
    public const string NetworkTransmitPacketsPerSecond = "network_transmit_packets_per_second";
    public const string NetworkReceiveErrorsPerSecond = "network_receive_errors_per_second";
    public const string NetworkTransmitErrorsPerSecond = "network_transmit_errors_per_second";
    public const string NetworkReceiveDropsPerSecond = "network_receive_drops_per_second";
    public const string NetworkTransmitDropsPerSecond = "network_transmit_drops_per_second";

    // /proc/net/tcp and tcp6 {state}
    public const string TcpConnections = "tcp_connections";
}
