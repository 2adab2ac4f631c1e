using LogWarden.Collect;
using LogWarden.Collect.HostMetrics;

namespace LogWarden.Tests.Support;

/// <summary>A file system of a <see cref="SyntheticHostMetrics"/>: its size and how much of it is used at a time.</summary>
internal sealed record SyntheticMount(string Mount, string Device, double SizeBytes, Func<DateTimeOffset, double> UsedBytes)
{
    public double Inodes { get; init; } = 6_000_000;

    public Func<DateTimeOffset, double> InodesUsed { get; init; } = _ => 400_000;
}

/// <summary>
/// A host that produces <see cref="HostMetricsSample"/>s as the collector would (the same names, labels and
/// derived values), from functions of log time, so that tests can play days of samples in a second: a daily
/// rhythm, a nightly backup, a leak, a SYN flood. Noise is deterministic (seeded).
/// </summary>
internal sealed class SyntheticHostMetrics
{
    private static readonly string[] CpuStates = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"];
    private static readonly string[] TcpStates = ["established", "syn_sent", "syn_recv", "fin_wait1", "fin_wait2", "time_wait", "close", "close_wait", "last_ack", "listen", "closing"];
    private static readonly StreamLabels[] CpuLabels = [.. CpuStates.Select(s => new StreamLabels(("state", s)))];
    private static readonly StreamLabels[] TcpLabels = [.. TcpStates.Select(s => new StreamLabels(("state", s)))];

    private readonly Random _random;
    private readonly Dictionary<string, StreamLabels> _labels = [];

    public SyntheticHostMetrics(string name = "web1", int seed = 1)
    {
        Name = name;
        _random = new Random(seed);
    }

    public string Name { get; }

    public int Cores { get; init; } = 2;

    public double MemoryTotal { get; init; } = 4.0 * (1L << 30);

    public double SwapTotal { get; init; } = 1.0 * (1L << 30);

    /// <summary>CPU in use, percent (100 − idle).</summary>
    public Func<DateTimeOffset, double> CpuUsed { get; set; } = _ => 15;

    public Func<DateTimeOffset, double> MemoryUsedPercent { get; set; } = _ => 45;

    public Func<DateTimeOffset, double> SwapUsedPercent { get; set; } = _ => 5;

    /// <summary>The 1-minute load; by default follows the CPU.</summary>
    public Func<DateTimeOffset, double>? Load1 { get; set; }

    public Func<DateTimeOffset, double> Processes { get; set; } = _ => 160;

    public Func<DateTimeOffset, double> ForksPerSecond { get; set; } = _ => 3;

    public Func<DateTimeOffset, string, double> TcpConnections { get; set; } = (_, state) => state switch
    {
        "established" => 25,
        "time_wait" => 40,
        "listen" => 8,
        "syn_recv" => 1,
        _ => 0,
    };

    public Func<DateTimeOffset, double> DiskWrittenBytesPerSecond { get; set; } = _ => 200_000;

    public Func<DateTimeOffset, double> NetworkReceiveBytesPerSecond { get; set; } = _ => 50_000;

    public List<SyntheticMount> Mounts { get; } = [new("/", "/dev/vda1", 40.0 * (1L << 30), _ => 12.0 * (1L << 30))];

    public Func<DateTimeOffset, IReadOnlyList<TopProcess>> TopByCpu { get; set; } = _ => [new TopProcess(812, "nginx", "nginx: worker process", 4, 40L << 20)];

    public Func<DateTimeOffset, IReadOnlyList<TopProcess>> TopByMemory { get; set; } = _ => [new TopProcess(901, "postgres", "postgres: main", 1, 300L << 20)];

    /// <summary>Relative noise on rates and the absolute noise (in points) on percentages; 0 for exact values.</summary>
    public double Noise { get; init; } = 1;

    /// <summary>Network interfaces besides eth0 (container veths), listed first in each sample.</summary>
    public int ExtraInterfaces { get; init; }

    /// <summary>Gives each extra interface a name that depends on time (containers that come and go every period).</summary>
    public TimeSpan? InterfaceChurn { get; init; }

    public HostMetricsSample Sample(DateTimeOffset time)
    {
        var metrics = new List<HostMetric>(64 + (ExtraInterfaces * 8));
        AddInterfaces(metrics, time);

        double used = Math.Clamp(CpuUsed(time) + Jitter(3), 0, 100);
        double[] cpu = [used * 0.65, 0, used * 0.3, 100 - used, used * 0.03, 0, used * 0.02, 0];
        for (int i = 0; i < cpu.Length; i++)
        {
            metrics.Add(new HostMetric(HostMetricNames.CpuPercent, CpuLabels[i], cpu[i]));
        }
        metrics.Add(new HostMetric(HostMetricNames.CpuCount, StreamLabels.Empty, Cores));
        double load = Load1?.Invoke(time) ?? (used / 100 * Cores * 0.9);
        metrics.Add(new HostMetric(HostMetricNames.Load1, StreamLabels.Empty, Math.Max(load + Jitter(0.05), 0)));
        metrics.Add(new HostMetric(HostMetricNames.Load5, StreamLabels.Empty, Math.Max(load, 0)));
        metrics.Add(new HostMetric(HostMetricNames.Load15, StreamLabels.Empty, Math.Max(load, 0)));

        double memoryPercent = Math.Clamp(MemoryUsedPercent(time) + Jitter(0.5), 0, 100);
        double memoryUsed = MemoryTotal * memoryPercent / 100;
        metrics.Add(new HostMetric(HostMetricNames.MemoryTotalBytes, StreamLabels.Empty, MemoryTotal));
        metrics.Add(new HostMetric(HostMetricNames.MemoryAvailableBytes, StreamLabels.Empty, MemoryTotal - memoryUsed));
        metrics.Add(new HostMetric(HostMetricNames.MemoryFreeBytes, StreamLabels.Empty, (MemoryTotal - memoryUsed) * 0.3));
        metrics.Add(new HostMetric(HostMetricNames.MemoryCachedBytes, StreamLabels.Empty, (MemoryTotal - memoryUsed) * 0.6));
        metrics.Add(new HostMetric(HostMetricNames.MemoryUsedBytes, StreamLabels.Empty, memoryUsed));
        metrics.Add(new HostMetric(HostMetricNames.MemoryUsedPercent, StreamLabels.Empty, memoryPercent));
        double swapUsed = SwapTotal * Math.Clamp(SwapUsedPercent(time), 0, 100) / 100;
        metrics.Add(new HostMetric(HostMetricNames.SwapTotalBytes, StreamLabels.Empty, SwapTotal));
        metrics.Add(new HostMetric(HostMetricNames.SwapFreeBytes, StreamLabels.Empty, SwapTotal - swapUsed));
        metrics.Add(new HostMetric(HostMetricNames.SwapUsedBytes, StreamLabels.Empty, swapUsed));

        foreach (SyntheticMount mount in Mounts)
        {
            StreamLabels labels = Labels("fs:" + mount.Mount, ("device", mount.Device), ("fstype", "ext4"), ("mount", mount.Mount));
            double usedBytes = Math.Clamp(mount.UsedBytes(time), 0, mount.SizeBytes);
            double reserved = mount.SizeBytes * 0.05;
            double available = Math.Max(mount.SizeBytes - reserved - usedBytes, 0);
            metrics.Add(new HostMetric(HostMetricNames.FilesystemSizeBytes, labels, mount.SizeBytes));
            metrics.Add(new HostMetric(HostMetricNames.FilesystemFreeBytes, labels, mount.SizeBytes - usedBytes));
            metrics.Add(new HostMetric(HostMetricNames.FilesystemAvailableBytes, labels, available));
            metrics.Add(new HostMetric(HostMetricNames.FilesystemUsedPercent, labels, usedBytes * 100 / (usedBytes + available)));
            metrics.Add(new HostMetric(HostMetricNames.FilesystemInodes, labels, mount.Inodes));
            metrics.Add(new HostMetric(HostMetricNames.FilesystemInodesFree, labels, mount.Inodes - mount.InodesUsed(time)));
        }

        StreamLabels disk = Labels("disk:vda", ("device", "vda"));
        double written = Math.Max(DiskWrittenBytesPerSecond(time) * (1 + Jitter(0.1)), 0);
        metrics.Add(new HostMetric(HostMetricNames.DiskWrittenBytesPerSecond, disk, written));
        metrics.Add(new HostMetric(HostMetricNames.DiskReadBytesPerSecond, disk, written * 0.2));
        metrics.Add(new HostMetric(HostMetricNames.DiskWritesPerSecond, disk, written / 16384));
        metrics.Add(new HostMetric(HostMetricNames.DiskReadsPerSecond, disk, written / 65536));
        metrics.Add(new HostMetric(HostMetricNames.DiskBusyPercent, disk, Math.Min(written / 1_000_000, 100)));

        StreamLabels eth0 = Labels("net:eth0", ("device", "eth0"));
        double received = Math.Max(NetworkReceiveBytesPerSecond(time) * (1 + Jitter(0.1)), 0);
        AddInterface(metrics, eth0, received);

        for (int i = 0; i < TcpStates.Length; i++)
        {
            double count = TcpConnections(time, TcpStates[i]);
            metrics.Add(new HostMetric(HostMetricNames.TcpConnections, TcpLabels[i], Math.Max(Math.Round(count * (1 + Jitter(0.1))), 0)));
        }
        metrics.Add(new HostMetric(HostMetricNames.Processes, StreamLabels.Empty, Math.Round(Processes(time) + Jitter(2))));
        metrics.Add(new HostMetric(HostMetricNames.ProcessesRunning, StreamLabels.Empty, Math.Max(Math.Round(used / 50), 1)));
        metrics.Add(new HostMetric(HostMetricNames.ProcessesBlocked, StreamLabels.Empty, 0));
        metrics.Add(new HostMetric(HostMetricNames.ForksPerSecond, StreamLabels.Empty, Math.Max(ForksPerSecond(time) * (1 + Jitter(0.2)), 0)));
        metrics.Add(new HostMetric(HostMetricNames.ContextSwitchesPerSecond, StreamLabels.Empty, 800 + (used * 20)));
        return new HostMetricsSample(time, Name, metrics, TopByCpu(time), TopByMemory(time));
    }

    /// <summary>Samples every <paramref name="step"/> (10 s by default) from <paramref name="from"/> up to (not including) <paramref name="to"/>.</summary>
    public IEnumerable<HostMetricsSample> Samples(DateTimeOffset from, DateTimeOffset to, TimeSpan? step = null)
    {
        TimeSpan interval = step ?? TimeSpan.FromSeconds(10);
        for (DateTimeOffset t = from; t < to; t += interval)
        {
            yield return Sample(t);
        }
    }

    private void AddInterfaces(List<HostMetric> metrics, DateTimeOffset time)
    {
        long generation = InterfaceChurn is { } churn ? time.ToUnixTimeSeconds() / (long)churn.TotalSeconds : 0;
        for (int i = 0; i < ExtraInterfaces; i++)
        {
            string name = "veth" + generation.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "g" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            AddInterface(metrics, Labels("net:" + name, ("device", name)), 1000 + i);
        }
    }

    private static void AddInterface(List<HostMetric> metrics, StreamLabels labels, double received)
    {
        metrics.Add(new HostMetric(HostMetricNames.NetworkReceiveBytesPerSecond, labels, received));
        metrics.Add(new HostMetric(HostMetricNames.NetworkTransmitBytesPerSecond, labels, received * 3));
        metrics.Add(new HostMetric(HostMetricNames.NetworkReceivePacketsPerSecond, labels, received / 800));
        metrics.Add(new HostMetric(HostMetricNames.NetworkTransmitPacketsPerSecond, labels, received / 400));
        metrics.Add(new HostMetric(HostMetricNames.NetworkReceiveErrorsPerSecond, labels, 0));
        metrics.Add(new HostMetric(HostMetricNames.NetworkTransmitErrorsPerSecond, labels, 0));
        metrics.Add(new HostMetric(HostMetricNames.NetworkReceiveDropsPerSecond, labels, 0));
        metrics.Add(new HostMetric(HostMetricNames.NetworkTransmitDropsPerSecond, labels, 0));
    }

    private StreamLabels Labels(string key, params (string Name, string Value)[] pairs)
    {
        if (!_labels.TryGetValue(key, out StreamLabels? labels))
        {
            if (_labels.Count > 50_000)
            {
                _labels.Clear();
            }
            labels = new StreamLabels(pairs);
            _labels[key] = labels;
        }
        return labels;
    }

    /// <summary>Uniform noise in ±<paramref name="scale"/>·<see cref="Noise"/>.</summary>
    private double Jitter(double scale) => Noise == 0 ? 0 : ((_random.NextDouble() * 2) - 1) * scale * Noise;
}
