namespace LogWarden.Collect.HostMetrics;

/// <summary>
/// Takes one <see cref="HostMetricsSample"/> of this host from procfs and statvfs: CPU, memory, load,
/// file systems, disk I/O, network, TCP states, processes and the top processes. Everything is read from
/// <see cref="HostMetricsOptions.ProcRoot"/>, so recorded /proc files in a directory replay as a host.
/// <para>
/// Built to run every 10 s for months on a 1 GB VPS: the files are parsed as bytes in one reused buffer,
/// per-device and per-process state is kept between samples, and labels are made once per device; what a
/// sample allocates is essentially the sample itself. Rates cover the time since the previous call (on
/// <see cref="TimeProvider"/>'s monotonic clock). Not thread-safe: one caller at a time.
/// </para>
/// </summary>
internal sealed class HostMetricsCollector : IDisposable
{
    private readonly HostMetricsOptions _options;
    private readonly TimeProvider _time;
    private readonly ProcFileReader _reader = new();
    private readonly CpuStatCollector _cpu = new();
    private readonly FileSystemCollector _fileSystems;
    private readonly DiskIoCollector _disks = new();
    private readonly NetworkCollector _network;
    private readonly TcpConnectionCollector _tcp = new();
    private readonly ProcessCollector _processes;
    private readonly string _statPath, _meminfoPath, _loadavgPath, _mountsPath, _diskstatsPath, _netDevPath, _tcpPath, _tcp6Path;
    private long _previousTimestamp = -1;
    private int _previousMetricCount = 64;

    public HostMetricsCollector(HostMetricsOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _fileSystems = new FileSystemCollector(options);
        _network = new NetworkCollector(options.IncludeLoopback);
        _processes = new ProcessCollector(options.ProcRoot, options.TopProcesses);
        string root = options.ProcRoot;
        _statPath = Path.Combine(root, "stat");
        _meminfoPath = Path.Combine(root, "meminfo");
        _loadavgPath = Path.Combine(root, "loadavg");
        _mountsPath = Path.Combine(root, "self", "mounts");
        _diskstatsPath = Path.Combine(root, "diskstats");
        _netDevPath = Path.Combine(root, "net", "dev");
        _tcpPath = Path.Combine(root, "net", "tcp");
        _tcp6Path = Path.Combine(root, "net", "tcp6");
    }

    /// <summary>The mount points measured at the last sample.</summary>
    public IReadOnlyList<string> MountPoints => _fileSystems.MountPoints;

    public HostMetricsSample Collect()
    {
        long timestamp = _time.GetTimestamp();
        double elapsedSeconds = _previousTimestamp < 0 ? 0 : _time.GetElapsedTime(_previousTimestamp, timestamp).TotalSeconds;
        _previousTimestamp = timestamp;

        var metrics = new List<HostMetric>(_previousMetricCount + 16);
        _cpu.Collect(_reader, _statPath, metrics, elapsedSeconds);
        MemoryCollector.CollectMemory(_reader, _meminfoPath, metrics);
        MemoryCollector.CollectLoad(_reader, _loadavgPath, metrics);
        _fileSystems.Collect(_reader, _mountsPath, metrics);
        _disks.Collect(_reader, _diskstatsPath, metrics, elapsedSeconds);
        _network.Collect(_reader, _netDevPath, metrics, elapsedSeconds);
        _tcp.Collect(_reader, _tcpPath, _tcp6Path, metrics);
        _processes.Collect(_reader, metrics, _cpu.TicksPerCpuSinceLastSample);
        _previousMetricCount = metrics.Count;
        return new HostMetricsSample(_time.GetUtcNow(), _options.Host, metrics, _processes.TopByCpu, _processes.TopByMemory);
    }

    public void Dispose() => _reader.Dispose();
}
