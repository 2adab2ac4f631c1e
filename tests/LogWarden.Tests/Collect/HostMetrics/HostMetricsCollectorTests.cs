using LogWarden.Collect;
using LogWarden.Collect.HostMetrics;

namespace LogWarden.Tests.Collect.HostMetrics;

public sealed class HostMetricsCollectorTests : IDisposable
{
    private const double KiB = 1024;

    private readonly ProcFixture _proc = new();
    private readonly ManualClock _clock = new();

    public void Dispose() => _proc.Dispose();

    private HostMetricsCollector NewCollector(int top = 5) =>
        new(new HostMetricsOptions { ProcRoot = _proc.Root, Host = "vps1", TopProcesses = top }, _clock);

    private static double Value(HostMetricsSample sample, string name, params (string Name, string Value)[] labels)
    {
        var wanted = new StreamLabels(labels);
        var matches = sample.Metrics.Where(m => m.Name == name && m.Labels.Equals(wanted)).ToList();
        Assert.True(matches.Count == 1, $"{name}{wanted}: {matches.Count} values in [{string.Join(", ", sample.Metrics.Select(m => m.Name + m.Labels))}]");
        return matches[0].Value;
    }

    private static bool Has(HostMetricsSample sample, string name) => sample.Metrics.Any(m => m.Name == name);

    [Fact]
    public void First_sample_has_the_gauges_and_no_rates()
    {
        using var collector = NewCollector();
        _proc.WriteFirst();

        var sample = collector.Collect();

        Assert.Equal("vps1", sample.Host);
        Assert.Equal(_clock.Now, sample.Timestamp);
        Assert.Equal(2, Value(sample, "cpu_count"));
        Assert.Equal(1004584 * KiB, Value(sample, "memory_total_bytes"));
        Assert.Equal(502292 * KiB, Value(sample, "memory_available_bytes"));
        Assert.Equal(101234 * KiB, Value(sample, "memory_free_bytes"));
        Assert.Equal(20480 * KiB, Value(sample, "memory_buffers_bytes"));
        Assert.Equal(307200 * KiB, Value(sample, "memory_cached_bytes"));
        Assert.Equal((1004584 - 502292) * KiB, Value(sample, "memory_used_bytes"));
        Assert.Equal(50.0, Value(sample, "memory_used_percent"), precision: 1);
        Assert.Equal(524284 * KiB, Value(sample, "swap_total_bytes"));
        Assert.Equal(262142 * KiB, Value(sample, "swap_free_bytes"));
        Assert.Equal(262142 * KiB, Value(sample, "swap_used_bytes"));
        Assert.Equal(0.52, Value(sample, "load1"));
        Assert.Equal(0.58, Value(sample, "load5"));
        Assert.Equal(1.59, Value(sample, "load15"));
        Assert.Equal(5, Value(sample, "processes"));
        Assert.Equal(2, Value(sample, "processes_running"));
        Assert.Equal(1, Value(sample, "processes_blocked"));
        Assert.Equal(3, Value(sample, "tcp_connections", ("state", "listen")));
        Assert.Equal(1, Value(sample, "tcp_connections", ("state", "established")));
        Assert.Equal(1, Value(sample, "tcp_connections", ("state", "close_wait")));
        Assert.Equal(1, Value(sample, "tcp_connections", ("state", "time_wait")));
        Assert.Equal(0, Value(sample, "tcp_connections", ("state", "syn_recv")));
        Assert.False(Has(sample, "cpu_percent"));
        Assert.False(Has(sample, "disk_reads_per_second"));
        Assert.False(Has(sample, "network_receive_bytes_per_second"));
        Assert.All(sample.TopByCpu, p => Assert.Equal(0, p.CpuPercent));
    }

    [Fact]
    public void Second_sample_has_rates_over_the_elapsed_time()
    {
        using var collector = NewCollector();
        _proc.WriteFirst();
        collector.Collect();
        _proc.WriteSecond();
        _clock.Advance(TimeSpan.FromSeconds(10));

        var sample = collector.Collect();

        // 400 ticks over both CPUs: user 200, system 60, idle 100, iowait 20, softirq 10, steal 10.
        Assert.Equal(50, Value(sample, "cpu_percent", ("state", "user")));
        Assert.Equal(0, Value(sample, "cpu_percent", ("state", "nice")));
        Assert.Equal(15, Value(sample, "cpu_percent", ("state", "system")));
        Assert.Equal(25, Value(sample, "cpu_percent", ("state", "idle")));
        Assert.Equal(5, Value(sample, "cpu_percent", ("state", "iowait")));
        Assert.Equal(0, Value(sample, "cpu_percent", ("state", "irq")));
        Assert.Equal(2.5, Value(sample, "cpu_percent", ("state", "softirq")));
        Assert.Equal(2.5, Value(sample, "cpu_percent", ("state", "steal")));
        Assert.Equal(1000, Value(sample, "context_switches_per_second"));
        Assert.Equal(1, Value(sample, "forks_per_second"));

        Assert.Equal(10, Value(sample, "disk_reads_per_second", ("device", "vda")));
        Assert.Equal(50, Value(sample, "disk_writes_per_second", ("device", "vda")));
        Assert.Equal(2000 * 512 / 10, Value(sample, "disk_read_bytes_per_second", ("device", "vda")));
        Assert.Equal(10000 * 512 / 10, Value(sample, "disk_written_bytes_per_second", ("device", "vda")));
        Assert.Equal(5, Value(sample, "disk_busy_percent", ("device", "vda")));
        Assert.Equal(0, Value(sample, "disk_reads_per_second", ("device", "nvme0n1")));
        var disks = sample.Metrics.Where(m => m.Name == "disk_reads_per_second").Select(m => m.Labels["device"]).Order();
        Assert.Equal(["nvme0n1", "vda"], disks);

        Assert.Equal(50_000, Value(sample, "network_receive_bytes_per_second", ("device", "eth0")));
        Assert.Equal(50, Value(sample, "network_receive_packets_per_second", ("device", "eth0")));
        Assert.Equal(0, Value(sample, "network_receive_errors_per_second", ("device", "eth0")));
        Assert.Equal(0, Value(sample, "network_receive_drops_per_second", ("device", "eth0")));
        Assert.Equal(10_000, Value(sample, "network_transmit_bytes_per_second", ("device", "eth0")));
        Assert.Equal(10, Value(sample, "network_transmit_packets_per_second", ("device", "eth0")));
        Assert.Equal(0, Value(sample, "network_transmit_errors_per_second", ("device", "eth0")));
        Assert.Equal(0.2, Value(sample, "network_transmit_drops_per_second", ("device", "eth0")), precision: 10);
        Assert.DoesNotContain(sample.Metrics, m => m.Labels["device"] == "lo");
    }

    [Fact]
    public void Top_processes_by_cpu_and_memory_name_the_process_and_its_command_line()
    {
        using var collector = NewCollector(top: 3);
        _proc.WriteFirst();
        var first = collector.Collect();
        Assert.Equal([812, 950, 1], first.TopByMemory.Select(p => p.Pid));

        _proc.WriteSecond();
        _clock.Advance(TimeSpan.FromSeconds(10));
        var sample = collector.Collect();

        // 400 ticks over 2 CPUs is 200 ticks of one CPU: java's 350 ticks are 175% (1.75 cores).
        var java = sample.TopByCpu[0];
        Assert.Equal(new TopProcess(812, "java", "/usr/bin/java -Xmx512m -jar app.jar", 175, 110_000L * Environment.SystemPageSize), java);
        Assert.Equal(1, sample.TopByCpu[1].CpuPercent);
        Assert.Equal("/sbin/init splash", sample.TopByCpu[1].CommandLine);
        Assert.Equal(3, sample.TopByCpu.Count);

        Assert.Equal([812, 950, 1], sample.TopByMemory.Select(p => p.Pid));
        var postgres = sample.TopByMemory[1];
        Assert.Equal(0, postgres.CpuPercent); // a new process behind pid 950 (its start time changed)
        Assert.Equal("postgres: walwriter", postgres.CommandLine);
        Assert.Equal(5, Value(sample, "processes"));
    }

    [Fact]
    public void Kernel_thread_without_command_line_is_shown_as_its_name_in_brackets()
    {
        using var collector = NewCollector(top: 10);
        _proc.WriteFirst();

        var sample = collector.Collect();

        Assert.Equal("[kthreadd]", sample.TopByMemory.Single(p => p.Pid == 2).CommandLine);
        Assert.Equal("tmux: server (1)", sample.TopByMemory.Single(p => p.Pid == 900).Command);
    }

    [Fact]
    public void File_systems_are_measured_per_data_mount_skipping_pseudo_network_container_and_repeated_mounts()
    {
        using var collector = NewCollector();
        _proc.WriteFirst();

        var sample = collector.Collect();

        Assert.Equal([_proc.DataMount, "/boot/efi-not-on-this-machine"], collector.MountPoints);
        var labels = sample.Metrics.Where(m => m.Name.StartsWith("filesystem_", StringComparison.Ordinal)).Select(m => m.Labels).Distinct().ToList();
        var mount = Assert.Single(labels);
        Assert.Equal(new StreamLabels(("device", "/dev/vda1"), ("fstype", "ext4"), ("mount", _proc.DataMount)), mount);

        var drive = new DriveInfo(_proc.DataMount);
        Assert.Equal(drive.TotalSize, Value(sample, "filesystem_size_bytes", [.. Pairs(mount)]));
        double available = Value(sample, "filesystem_available_bytes", [.. Pairs(mount)]);
        Assert.InRange(available, drive.AvailableFreeSpace - (64 << 20), drive.AvailableFreeSpace + (64 << 20));
        Assert.True(Value(sample, "filesystem_free_bytes", [.. Pairs(mount)]) >= available);
        Assert.InRange(Value(sample, "filesystem_used_percent", [.. Pairs(mount)]), 0, 100);
        Assert.True(Value(sample, "filesystem_inodes", [.. Pairs(mount)]) >= Value(sample, "filesystem_inodes_free", [.. Pairs(mount)]));
    }

    private static IEnumerable<(string, string)> Pairs(StreamLabels labels) => labels.Pairs.Select(p => (p.Key, p.Value));

    [Fact]
    public void Counter_that_goes_backwards_gives_no_rate_instead_of_a_spike()
    {
        using var collector = NewCollector();
        _proc.WriteFirst();
        collector.Collect();
        _proc.Write("net/dev", """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
              eth0:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0

            """);
        _clock.Advance(TimeSpan.FromSeconds(10));

        var sample = collector.Collect();

        Assert.False(Has(sample, "network_receive_bytes_per_second"));
    }

    [Fact]
    public void Garbage_and_missing_proc_files_give_no_metrics_for_them_and_no_exception()
    {
        using var collector = NewCollector();
        var random = new Random(42);
        var garbage = new byte[20_000];
        random.NextBytes(garbage);
        foreach (string file in new[] { "stat", "meminfo", "loadavg", "self/mounts", "diskstats", "net/dev", "net/tcp", "1/stat" })
        {
            string path = Path.Combine(_proc.Root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, garbage);
        }

        var first = collector.Collect();
        _clock.Advance(TimeSpan.FromSeconds(10));
        var second = collector.Collect();

        Assert.Equal(["processes", "processes"], first.Metrics.Concat(second.Metrics).Select(m => m.Name));
        Assert.Equal(0, Value(second, "processes"));
        Assert.Empty(second.TopByCpu);
    }

    [Fact]
    public void Real_proc_of_this_machine_gives_a_consistent_sample()
    {
        using var collector = new HostMetricsCollector(new HostMetricsOptions());
        collector.Collect();
        // Burn a little CPU so the interval has something to count.
        var until = DateTime.UtcNow.AddMilliseconds(200);
        double x = 0;
        while (DateTime.UtcNow < until)
        {
            x += Math.Sqrt(x + 1);
        }

        var sample = collector.Collect();

        Assert.True(x > 0);
        Assert.Equal(Environment.ProcessorCount, Value(sample, "cpu_count"));
        double cpuTotal = sample.Metrics.Where(m => m.Name == "cpu_percent").Sum(m => m.Value);
        Assert.Equal(100, cpuTotal, precision: 6);
        string memTotalLine = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        long memTotalKiB = long.Parse(memTotalLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(memTotalKiB * 1024, Value(sample, "memory_total_bytes"));
        Assert.True(Value(sample, "processes") >= 2);
        Assert.Contains(sample.TopByMemory, p => p.Pid == Environment.ProcessId || p.ResidentBytes > 0);
        Assert.Contains(sample.TopByCpu, p => p.CpuPercent > 0);
        Assert.Contains("/", collector.MountPoints);
        Assert.True(Value(sample, "filesystem_size_bytes", [.. Pairs(sample.Metrics.First(m => m.Name == "filesystem_size_bytes" && m.Labels["mount"] == "/").Labels)]) > 0);
        Assert.True(Has(sample, "load1"));
        Assert.True(Has(sample, "tcp_connections"));
        Assert.Contains(sample.Metrics, m => m.Name == "network_receive_bytes_per_second");
    }

    [Fact]
    public void Steady_state_sample_allocates_little_beyond_the_sample_itself()
    {
        using var collector = NewCollector();
        _proc.WriteFirst();
        collector.Collect();
        collector.Collect();

        long before = GC.GetAllocatedBytesForCurrentThread();
        var sample = collector.Collect();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The metric list (~60 entries of 32 bytes), the top lists, file handles and the directory walk.
        Assert.True(allocated < 16 * 1024, $"{allocated} bytes for {sample.Metrics.Count} metrics");
    }
}
