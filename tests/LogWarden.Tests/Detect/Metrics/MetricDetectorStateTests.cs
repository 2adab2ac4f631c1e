using System.Text;
using LogWarden.Collect;
using LogWarden.Collect.HostMetrics;
using LogWarden.Detect;
using LogWarden.Detect.Metrics;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Detect.Metrics;

public sealed class MetricDetectorStateTests
{
    private static readonly DateTimeOffset Monday = MetricReplay.Monday;

    private static bool Backup(DateTimeOffset t) => t.TimeOfDay >= TimeSpan.FromHours(2) && t.TimeOfDay < TimeSpan.FromHours(2.25);

    [Fact]
    public void Ten_thousand_series_stay_under_the_cap_evicting_and_counting_while_cpu_is_still_judged()
    {
        DateTimeOffset start = Monday.AddMinutes(10);
        // 1,250 container interfaces × 8 series listed before everything else in each sample
        var host = new SyntheticHostMetrics { ExtraInterfaces = 1250, CpuUsed = t => t >= start ? 99 : 10 };
        var replay = new MetricReplay();

        replay.Play(host, Monday, Monday.AddMinutes(20));

        Assert.True(replay.Findings.Count == 1, string.Join(",", replay.Detector.SeriesOf("web1").Where(s => !s.Contains("veth", StringComparison.Ordinal))));
        Assert.InRange(replay.Detector.Tracked, 1000, replay.Detector.Options.MaxSeries + replay.Detector.Options.MaxProcesses);
        Assert.True(replay.Detector.Evicted > 10_000, $"evicted {replay.Detector.Evicted}");
        Finding cpu = Assert.Single(replay.Findings);
        Assert.Equal(MetricFindingKinds.CpuHigh, cpu.Kind);
        Assert.Equal(start.AddMinutes(5), cpu.Timestamp);
    }

    [Fact]
    public void Containers_that_come_and_go_are_swept_when_stale_and_counted()
    {
        var host = new SyntheticHostMetrics { ExtraInterfaces = 20, InterfaceChurn = TimeSpan.FromMinutes(10) };
        var replay = new MetricReplay();

        replay.Play(host, Monday, Monday.AddHours(3));

        // 18 generations of 20 interfaces came; at most the last three (within 15 min + 1 min of sweep) remain.
        long perGeneration = 20 * 8;
        Assert.InRange(replay.Detector.Tracked, 60, 60 + (3 * perGeneration) + 5);
        Assert.True(replay.Detector.Evicted >= 14 * perGeneration, $"evicted {replay.Detector.Evicted}");
        Assert.Empty(replay.Findings);
    }

    [Fact]
    public void Saved_state_keeps_the_learning_and_what_was_raised()
    {
        const double Size = 100.0 * (1L << 30);
        var host = new SyntheticHostMetrics { CpuUsed = t => Backup(t) ? 99 : 12 };
        host.Mounts.Add(new SyntheticMount("/data", "/dev/vdc", Size, _ => Size * 0.95 * 0.92));
        var before = new MetricReplay().Play(host, Monday, Monday.AddDays(2).AddHours(12));
        // A disk at 92 % is raised once and reminded daily.
        Assert.Equal([Monday, Monday.AddDays(1), Monday.AddDays(2)], before.OfKind(MetricFindingKinds.DiskFull).Select(f => f.Timestamp));

        byte[] state = before.Detector.SaveState();
        var restored = new MetricDetector();
        restored.LoadState(state);
        Assert.Equal(
            before.Detector.MetricWindow("cpu_used_percent", Monday.AddDays(2).AddHours(11), Monday.AddDays(2).AddHours(12)).Select(p => p.Value),
            restored.MetricWindow("cpu_used_percent", Monday.AddDays(2).AddHours(11), Monday.AddDays(2).AddHours(12)).Select(p => p.Value));
        var after = new MetricReplay(detector: restored).Play(host, Monday.AddDays(2).AddHours(12), Monday.AddDays(3).AddHours(12));

        Assert.Equal(before.Detector.Tracked, restored.Tracked);
        // Not raised again at the restart: the next daily reminder comes when it was due.
        Finding reminder = Assert.Single(after.OfKind(MetricFindingKinds.DiskFull));
        Assert.Equal(Monday.AddDays(3), reminder.Timestamp);
        Assert.Equal(Monday, reminder.FirstSeen);
        Finding backup = Assert.Single(after.OfKind(MetricFindingKinds.CpuHigh));
        Assert.Equal(FindingSeverity.Info, backup.Severity); // the nightly backup is still known
        Assert.EndsWith("usual at this hour", backup.Title, StringComparison.Ordinal);
        Assert.InRange(state.Length, 10_000, 2_000_000);
    }

    public static TheoryData<string> GarbledStates => new()
    {
        "",
        "{",
        "null",
        "[1,2,3]",
        "{\"version\":99,\"series\":[]}",
        "{\"version\":1,\"hosts\":[{\"name\":\"x\"}],\"series\":[{\"host\":\"x\",\"name\":\"cpu_used_percent\",\"minutes\":{\"values\":\"AAA=\"}}]}",
        "{\"version\":1,\"hosts\":[{\"name\":\"x\",\"lastSample\":-5}],\"series\":[{\"host\":\"x\",\"name\":\"load_per_core\",\"labels\":{\"bad name\":\"v\"},\"minutes\":{}}]}",
        "{\"version\":1,\"hosts\":[null],\"series\":[null],\"processes\":[null]}",
        "\u0000\u0001binary\u00ff",
    };

    [Theory]
    [MemberData(nameof(GarbledStates))]
    public void Missing_or_garbled_state_starts_learning_afresh(string garbled)
    {
        var detector = new MetricDetector();
        new MetricReplay(detector: detector).Play(new SyntheticHostMetrics(), Monday, Monday.AddMinutes(5));

        detector.LoadState(Encoding.UTF8.GetBytes(garbled));

        Assert.True(detector.Tracked <= 1, $"tracked {detector.Tracked}");
        var replay = new MetricReplay(detector: detector).Play(new SyntheticHostMetrics { CpuUsed = _ => 99 }, Monday.AddHours(1), Monday.AddHours(1.2));
        Assert.Equal(MetricFindingKinds.CpuHigh, Assert.Single(replay.Findings).Kind);
    }

    [Fact]
    public void The_metric_window_keeps_at_most_sixty_points_and_falls_back_to_trend_points_for_older_ranges()
    {
        var host = new SyntheticHostMetrics { Noise = 0, CpuUsed = t => (t - Monday).TotalMinutes % 100 };
        var replay = new MetricReplay().Play(host, Monday, Monday.AddHours(5));
        DateTimeOffset end = Monday.AddHours(5);

        IReadOnlyList<MetricPoint> twoHours = replay.Detector.MetricWindow("cpu_used_percent", end.AddHours(-2), end);
        Assert.Equal(60, twoHours.Count); // 120 minutes, two per point
        Assert.Equal(end.AddHours(-2), twoHours[0].Timestamp);
        Assert.Equal(120, replay.Detector.MetricWindow("cpu_used_percent", end.AddHours(-2), end, maxPoints: 500).Count);
        Assert.Equal(10, replay.Detector.MetricWindow("cpu_used_percent", end.AddMinutes(-10), end.AddMinutes(-1), "web1").Count);
        Assert.Empty(replay.Detector.MetricWindow("cpu_used_percent", end.AddHours(-2), end, "another-host"));
        Assert.Empty(replay.Detector.MetricWindow("no_such_series", end.AddHours(-2), end));
        // Older than the 2 h of minutes: the 5-minute points of a fitted series.
        IReadOnlyList<MetricPoint> disk = replay.Detector.MetricWindow("filesystem_available_bytes{mount=\"/\"}", end.AddHours(-4.5), end.AddHours(-4));
        Assert.Equal(7, disk.Count); // both ends included
        Assert.Contains("filesystem_used_percent{mount=\"/\"}", replay.Detector.SeriesOf("web1"));
    }

    [Fact]
    public void Bad_samples_are_skipped_and_counted_and_never_throw()
    {
        var replay = new MetricReplay();
        var host = new SyntheticHostMetrics();
        HostMetricsSample good = host.Sample(Monday);
        replay.Detector.Observe(good, replay);
        replay.Detector.Observe(good, replay); // the same time again
        replay.Detector.Observe(host.Sample(Monday.AddSeconds(-30)), replay); // older
        replay.Detector.Observe(null!, replay);
        replay.Detector.Observe(new HostMetricsSample(Monday.AddSeconds(10), "web1", null!, null!, null!), replay);
        replay.Detector.Observe(
            new HostMetricsSample(
                Monday.AddSeconds(20),
                "web1",
                [
                    new HostMetric(HostMetricNames.CpuPercent, new StreamLabels(("state", "idle")), double.NaN),
                    new HostMetric(HostMetricNames.MemoryUsedPercent, StreamLabels.Empty, double.PositiveInfinity),
                    new HostMetric(null!, StreamLabels.Empty, 1),
                    new HostMetric("x", null!, 1),
                    new HostMetric(HostMetricNames.CpuCount, StreamLabels.Empty, 0),
                    new HostMetric(HostMetricNames.Load1, StreamLabels.Empty, 5),
                    new HostMetric(HostMetricNames.FilesystemInodes, new StreamLabels(("mount", "/x")), 0),
                    new HostMetric(HostMetricNames.FilesystemInodesFree, new StreamLabels(("mount", "/x")), 10),
                    new HostMetric(HostMetricNames.SwapTotalBytes, StreamLabels.Empty, 0),
                    new HostMetric(HostMetricNames.SwapUsedBytes, StreamLabels.Empty, 10),
                ],
                [null!],
                [null!, new TopProcess(1, null!, null!, double.NaN, -1)]),
            replay);
        replay.Detector.Observe(new HostMetricsSample(Monday.AddSeconds(30), "", [new HostMetric("cpu_used_percent", StreamLabels.Empty, 99)], [], []), replay);

        Assert.Equal(4, replay.Detector.SkippedSamples);
        Assert.Equal(3, replay.Detector.Samples);
        Assert.Empty(replay.Findings);

        // Top lists with holes do not stop a finding (it names no process then).
        var pegged = new SyntheticHostMetrics("db1") { CpuUsed = _ => 99, TopByCpu = _ => [null!], TopByMemory = _ => [null!] };
        replay.Play(pegged, Monday, Monday.AddMinutes(6));
        Finding cpu = Assert.Single(replay.Findings);
        Assert.False(cpu.Entities.ContainsKey(EntityNames.Process));
    }
}
