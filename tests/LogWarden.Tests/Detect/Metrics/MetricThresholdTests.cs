using LogWarden.Collect.HostMetrics;
using LogWarden.Detect;
using LogWarden.Detect.Metrics;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Detect.Metrics;

public sealed class MetricThresholdTests
{
    private static readonly DateTimeOffset T0 = MetricReplay.Monday.AddHours(10);

    private static bool Between(DateTimeOffset t, DateTimeOffset from, TimeSpan length) => t >= from && t < from + length;

    [Fact]
    public void Cpu_pegged_for_ten_minutes_raises_one_warning_at_five_minutes_naming_the_busy_process()
    {
        DateTimeOffset start = T0.AddHours(1);
        var host = new SyntheticHostMetrics
        {
            CpuUsed = t => Between(t, start, TimeSpan.FromMinutes(10)) ? 98 : 20,
            TopByCpu = t => Between(t, start, TimeSpan.FromMinutes(10))
                ? [new TopProcess(4242, "stress-ng", "stress-ng --cpu 2", 190, 8L << 20), new TopProcess(812, "nginx", "nginx: worker", 3, 40L << 20)]
                : [new TopProcess(812, "nginx", "nginx: worker", 3, 40L << 20)],
        };

        var replay = new MetricReplay().Play(host, T0, T0.AddHours(2));

        Finding cpu = Assert.Single(replay.Alerts);
        Assert.Equal(MetricFindingKinds.CpuHigh, cpu.Kind);
        Assert.Equal(FindingSeverity.Warning, cpu.Severity);
        Assert.Equal(start, cpu.FirstSeen);
        Assert.Equal(start.AddMinutes(5), cpu.Timestamp);
        Assert.Equal("web1", cpu.Entities[EntityNames.Host]);
        Assert.Equal("stress-ng", cpu.Entities[EntityNames.Process]);
        Assert.Equal(MetricCatalog.CpuUsedPercent, cpu.Entities[EntityNames.Metric]);
        Assert.Contains("CPU at 9", cpu.Title, StringComparison.Ordinal);
        Assert.Contains("stress-ng, pid 4242", cpu.Title, StringComparison.Ordinal);
        Assert.Equal(MetricCatalog.CpuUsedPercent, cpu.Evidence.Metric);
        Assert.InRange(cpu.Evidence.MetricWindow.Count, 25, 60);
        Assert.Contains(cpu.Evidence.MetricWindow, p => p.Value < 30 && p.Timestamp < start);
        Assert.Contains(cpu.Evidence.MetricWindow, p => p.Value > 90 && p.Timestamp >= start);
        Assert.Equal(4242, cpu.Evidence.Measurements["pid"]);
        Assert.DoesNotContain(replay.Findings, f => f.Kind != MetricFindingKinds.CpuHigh && f.Kind != MetricFindingKinds.LoadHigh);
    }

    [Fact]
    public void A_compile_job_spiking_cpu_for_three_minutes_is_not_sustained()
    {
        var host = new SyntheticHostMetrics
        {
            // make -j2 for 3 minutes every 20 minutes, at 100 %
            CpuUsed = t => (t - T0).TotalMinutes % 20 < 3 ? 100 : 15,
            Load1 = t => (t - T0).TotalMinutes % 20 < 3 ? 3.5 : 0.3,
        };

        var replay = new MetricReplay().Play(host, T0, T0.AddHours(6));

        Assert.Empty(replay.Findings);
    }

    [Fact]
    public void A_stable_disk_at_91_percent_raises_once_and_then_stays_quiet()
    {
        const double Size = 100.0 * (1L << 30);
        var host = new SyntheticHostMetrics();
        host.Mounts.Clear();
        host.Mounts.Add(new SyntheticMount("/", "/dev/vda1", Size, t => (Size * 0.95 * 0.91) + ((t.ToUnixTimeSeconds() % 60) * 1000)));

        var replay = new MetricReplay().Play(host, T0, T0.AddHours(12));

        Finding disk = Assert.Single(replay.Findings);
        Assert.Equal(MetricFindingKinds.DiskFull, disk.Kind);
        Assert.Equal(FindingSeverity.Warning, disk.Severity);
        Assert.Equal(T0, disk.Timestamp);
        Assert.Equal("/", disk.Entities[EntityNames.Mount]);
        Assert.Equal("filesystem_used_percent{mount=\"/\"}", disk.Entities[EntityNames.Metric]);
        Assert.False(disk.Entities.ContainsKey(EntityNames.Process));
        Assert.Matches(@"^Disk / at 91% on web1 \(8\.\d GiB available\)$", disk.Title);
    }

    [Fact]
    public void A_value_hovering_at_the_line_does_not_flap()
    {
        const double Size = 100.0 * (1L << 30);
        var host = new SyntheticHostMetrics { Noise = 0 };
        host.Mounts.Clear();
        // 89.8 % and 90.2 % on alternate samples for six hours
        host.Mounts.Add(new SyntheticMount("/srv", "/dev/vdb", Size, t => Size * 0.95 * ((t.ToUnixTimeSeconds() / 10 % 2 == 0) ? 0.898 : 0.902)));

        var replay = new MetricReplay().Play(host, T0, T0.AddHours(6));

        Finding disk = Assert.Single(replay.Findings);
        Assert.Equal(MetricFindingKinds.DiskFull, disk.Kind);
        Assert.Equal("/srv", disk.Entities[EntityNames.Mount]);
    }

    [Fact]
    public void A_condition_that_ends_and_returns_is_raised_again_but_a_dip_inside_the_band_is_not_an_end()
    {
        var host = new SyntheticHostMetrics
        {
            Noise = 0,
            CpuUsed = t => (t - T0).TotalMinutes switch
            {
                < 10 => 20,
                < 30 => (t - T0).TotalMinutes is > 17 and < 17.5 ? 87 : 97, // a 30 s dip to 87 % (inside the 5-point band)
                < 60 => 20,
                < 70 => 97,
                _ => 20,
            },
        };

        var replay = new MetricReplay().Play(host, T0, T0.AddHours(2));

        List<Finding> cpu = replay.OfKind(MetricFindingKinds.CpuHigh);
        Assert.Equal([T0.AddMinutes(15), T0.AddMinutes(65)], cpu.Select(f => f.Timestamp));
        Assert.Equal([T0.AddMinutes(10), T0.AddMinutes(60)], cpu.Select(f => f.FirstSeen));
    }

    [Fact]
    public void Memory_above_90_percent_names_the_largest_process_and_carries_the_rising_curve()
    {
        DateTimeOffset rise = T0.AddHours(1);
        DateTimeOffset oomKill = rise.AddMinutes(25);
        double Percent(DateTimeOffset t) => t < rise ? 55 : t < oomKill ? Math.Min(55 + ((t - rise).TotalMinutes * 2), 95) : 30;
        var host = new SyntheticHostMetrics
        {
            MemoryUsedPercent = Percent,
            TopByMemory = t => t < oomKill
                ? [new TopProcess(4242, "java", "java -Xmx8g -jar app.jar", 60, (long)(4.0 * (1L << 30) * (Percent(t) - 20) / 100)), new TopProcess(901, "postgres", "postgres", 1, 300L << 20)]
                : [new TopProcess(901, "postgres", "postgres", 1, 300L << 20)],
        };

        var replay = new MetricReplay().Play(host, T0, oomKill.AddMinutes(10));

        Finding memory = Assert.Single(replay.Alerts);
        Assert.Equal(MetricFindingKinds.MemoryHigh, memory.Kind);
        Assert.Equal(FindingSeverity.Warning, memory.Severity);
        DateTimeOffset crossed = rise.AddMinutes(17.5);
        Assert.InRange(memory.FirstSeen, crossed.AddSeconds(-20), crossed.AddSeconds(20));
        Assert.InRange(memory.Timestamp, memory.FirstSeen.AddMinutes(2), memory.FirstSeen.AddMinutes(2).AddSeconds(10));
        Assert.Equal("java", memory.Entities[EntityNames.Process]);
        Assert.Equal("web1", memory.Entities[EntityNames.Host]);
        Assert.Equal("memory_used_percent", memory.Entities[EntityNames.Metric]);
        Assert.Contains("java, pid 4242", memory.Title, StringComparison.Ordinal);

        // The curve rises through the window: low values first, the high ones last.
        IReadOnlyList<MetricPoint> window = memory.Evidence.MetricWindow;
        Assert.InRange(window.Count, 25, 60);
        Assert.True(window[0].Value < 65, $"first point {window[0].Value}");
        Assert.True(window[^1].Value > 89, $"last point {window[^1].Value}");
        Assert.Equal(window.OrderBy(p => p.Timestamp).Select(p => p.Value), window.Select(p => p.Value));

        // An OOM kill from the rules ({process, unit, host}) shares host and process with it, and the tracker can
        // ask for the memory curve around the kill.
        var oom = new Finding
        {
            Timestamp = oomKill,
            Severity = FindingSeverity.Critical,
            Kind = "oom-kill",
            Title = "OOM killer killed java (pid 4242)",
            FirstSeen = oomKill,
            LastSeen = oomKill,
            Entities = new Dictionary<string, string> { [EntityNames.Process] = "java", [EntityNames.Unit] = "app.service", [EntityNames.Host] = "web1" },
        };
        Assert.Equal(oom.Entities[EntityNames.Host], memory.Entities[EntityNames.Host]);
        Assert.Equal(oom.Entities[EntityNames.Process], memory.Entities[EntityNames.Process]);
        IReadOnlyList<MetricPoint> curve = replay.Detector.MetricWindow("memory_used_percent", oomKill.AddMinutes(-30), oomKill.AddMinutes(5), "web1");
        Assert.InRange(curve.Count, 30, 36);
        Assert.True(curve.Max(p => p.Value) > 94);
        Assert.True(curve[^1].Value < 35, "the curve shows the drop after the kill");
    }

    [Fact]
    public void Memory_at_98_percent_is_critical_and_swap_load_and_inodes_have_their_thresholds()
    {
        DateTimeOffset start = T0.AddMinutes(30);
        bool On(DateTimeOffset t) => Between(t, start, TimeSpan.FromMinutes(15));
        var host = new SyntheticHostMetrics
        {
            Noise = 0,
            MemoryUsedPercent = t => On(t) ? 98 : 50,
            SwapUsedPercent = t => On(t) ? 92 : 10,
            Load1 = t => On(t) ? 6.5 : 0.4,
        };
        host.Mounts.Add(new SyntheticMount("/var/spool", "/dev/vdc", 10.0 * (1L << 30), _ => 1.0 * (1L << 30)) { Inodes = 655_360, InodesUsed = t => On(t) ? 640_000 : 100_000 });

        var replay = new MetricReplay().Play(host, T0, T0.AddHours(1));

        Finding memory = Assert.Single(replay.OfKind(MetricFindingKinds.MemoryHigh));
        Assert.Equal(FindingSeverity.Critical, memory.Severity);
        Assert.Equal(start.AddMinutes(2), memory.Timestamp);
        Finding swap = Assert.Single(replay.OfKind(MetricFindingKinds.SwapHigh));
        Assert.Equal(start.AddMinutes(10), swap.Timestamp);
        Finding load = Assert.Single(replay.OfKind(MetricFindingKinds.LoadHigh));
        Assert.Equal(start.AddMinutes(5), load.Timestamp);
        Assert.StartsWith("Load 6.5 on 2 cores (3.25 per core) for 5 min on web1", load.Title, StringComparison.Ordinal);
        Finding inodes = Assert.Single(replay.OfKind(MetricFindingKinds.InodesFull));
        Assert.Equal(start, inodes.Timestamp);
        Assert.Equal(FindingSeverity.Critical, inodes.Severity);
        Assert.Equal("/var/spool", inodes.Entities[EntityNames.Mount]);
        Assert.Equal(4, replay.Findings.Count);
    }

    [Fact]
    public void Thresholds_and_windows_are_configurable()
    {
        var options = new MetricDetectorOptions
        {
            Cpu = new MetricDetectorOptions().Cpu with { Threshold = 70, Window = TimeSpan.FromMinutes(1) },
            Disk = new MetricDetectorOptions().Disk with { Threshold = 0 },
        };
        var host = new SyntheticHostMetrics { Noise = 0, CpuUsed = t => t >= T0.AddMinutes(10) ? 75 : 20 };
        host.Mounts.Add(new SyntheticMount("/data", "/dev/vdd", 10.0 * (1L << 30), _ => 9.8 * (1L << 30)));

        var replay = new MetricReplay(options).Play(host, T0, T0.AddMinutes(20));

        Finding cpu = Assert.Single(replay.Findings);
        Assert.Equal(MetricFindingKinds.CpuHigh, cpu.Kind);
        Assert.Equal(T0.AddMinutes(11), cpu.Timestamp);
    }
}
