using LogWarden.Collect.HostMetrics;
using LogWarden.Detect;
using LogWarden.Detect.Metrics;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Detect.Metrics;

public sealed class MetricBaselineTests
{
    private static readonly DateTimeOffset Monday = MetricReplay.Monday;

    private static double HourOf(DateTimeOffset t) => t.TimeOfDay.TotalHours;

    /// <summary>A web server's day: quiet at night, busy from 08:00 to 20:00.</summary>
    private static double Daytime(DateTimeOffset t, double night, double day) =>
        HourOf(t) is >= 8 and < 20 ? day - ((day - night) * Math.Abs(HourOf(t) - 14) / 12) : night;

    private static bool NightlyBackup(DateTimeOffset t) => t.TimeOfDay >= TimeSpan.FromHours(2) && t.TimeOfDay < TimeSpan.FromHours(2).Add(TimeSpan.FromMinutes(20));

    [Fact]
    public void A_nightly_backup_that_pegs_the_cpu_is_normal_once_learned_but_a_runaway_at_noon_is_not()
    {
        DateTimeOffset runaway = Monday.AddDays(3).AddHours(13);
        bool Runaway(DateTimeOffset t) => t >= runaway && t < runaway.AddMinutes(30);
        var host = new SyntheticHostMetrics
        {
            CpuUsed = t => NightlyBackup(t) || Runaway(t) ? 99 : Daytime(t, 8, 35),
            TopByCpu = t => NightlyBackup(t) ? [new TopProcess(3100, "borg", "borg create ::nightly /srv", 190, 200L << 20)]
                : Runaway(t) ? [new TopProcess(6600, "php-fpm", "php-fpm: pool www", 195, 90L << 20)]
                : [new TopProcess(812, "nginx", "nginx: worker process", 4, 40L << 20)],
        };

        var replay = new MetricReplay().Play(host, Monday, Monday.AddDays(4));

        // Two nights to learn (alerted: nothing says yet that this is normal), then info "usual at this hour".
        List<Finding> cpu = replay.OfKind(MetricFindingKinds.CpuHigh);
        Assert.Equal(
            [
                (Monday.AddHours(2).AddMinutes(5), FindingSeverity.Warning, "borg"),
                (Monday.AddDays(1).AddHours(2).AddMinutes(5), FindingSeverity.Warning, "borg"),
                (Monday.AddDays(2).AddHours(2).AddMinutes(5), FindingSeverity.Info, "borg"),
                (Monday.AddDays(3).AddHours(2).AddMinutes(5), FindingSeverity.Info, "borg"),
                (runaway.AddMinutes(5), FindingSeverity.Warning, "php-fpm"),
                (runaway.AddMinutes(20), FindingSeverity.Warning, "php-fpm"),
            ],
            cpu.Select(f => (f.Timestamp, f.Severity, f.Entities[EntityNames.Process])));
        Assert.EndsWith("; usual at this hour", cpu[2].Title, StringComparison.Ordinal);
        Assert.Equal(cpu[4].Key, cpu[5].Key);
        Assert.Equal(runaway, cpu[5].FirstSeen);
        Assert.True(cpu[5].Count > cpu[4].Count);

        // After learning, the only alert is the runaway (its deviation is not raised twice).
        Assert.Equal([runaway.AddMinutes(5), runaway.AddMinutes(20)], replay.Alerts.Where(f => f.Timestamp > Monday.AddDays(2)).Select(f => f.Timestamp));
    }

    [Fact]
    public void A_backup_that_outlasts_its_usual_hours_becomes_a_warning()
    {
        DateTimeOffset stuck = Monday.AddDays(3).AddHours(2);
        var host = new SyntheticHostMetrics
        {
            CpuUsed = t => NightlyBackup(t) || (t >= stuck && t < stuck.AddHours(3)) ? 99 : 10,
            TopByCpu = _ => [new TopProcess(3100, "borg", "borg create ::nightly /srv", 190, 200L << 20)],
        };

        var replay = new MetricReplay().Play(host, Monday, stuck.AddHours(4));

        List<Finding> lastNight = [.. replay.OfKind(MetricFindingKinds.CpuHigh).Where(f => f.FirstSeen == stuck)];
        Assert.Equal(FindingSeverity.Info, lastNight[0].Severity);
        // The backup usually ends before 03:00; learned peaks cover the hour before and after, so from 04:00 on it is unusual.
        Finding escalated = lastNight.First(f => f.Severity == FindingSeverity.Warning);
        Assert.Equal(stuck.AddHours(2), escalated.Timestamp);
        Assert.Equal(lastNight[0].Key, escalated.Key);
    }

    public static TheoryData<string, string, string> Explosions => new()
    {
        { "syn flood", "tcp_connections{state=\"syn_recv\"}", "TCP connections in syn_recv at" },
        { "connection explosion", "tcp_connections{state=\"established\"}", "TCP connections in established at" },
        { "fork bomb", "processes", "Process count at" },
    };

    [Theory]
    [MemberData(nameof(Explosions))]
    public void An_explosion_after_days_of_learning_is_info_at_three_minutes_and_a_warning_at_five(string what, string series, string title)
    {
        DateTimeOffset start = Monday.AddDays(3).AddHours(15);
        bool On(DateTimeOffset t) => t >= start && t < start.AddMinutes(20);
        var host = new SyntheticHostMetrics
        {
            TcpConnections = (t, state) => state switch
            {
                "syn_recv" => what == "syn flood" && On(t) ? 900 : 2,
                "established" => what == "connection explosion" && On(t) ? 6000 : Daytime(t, 10, 60),
                "time_wait" => Daytime(t, 20, 200),
                "listen" => 8,
                _ => 0,
            },
            Processes = t => what == "fork bomb" && On(t) ? 9000 : 160,
        };

        var replay = new MetricReplay().Play(host, Monday, start.AddMinutes(40));

        List<Finding> deviations = replay.OfKind(MetricFindingKinds.Deviation);
        Assert.True(deviations.Count >= 2, replay.Describe());
        Assert.All(deviations, f => Assert.Equal(series, f.Entities[EntityNames.Metric]));
        Assert.All(deviations, f => Assert.Equal(deviations[0].Key, f.Key));
        Assert.Equal(FindingSeverity.Info, deviations[0].Severity);
        Assert.InRange(deviations[0].Timestamp, start.AddMinutes(3), start.AddMinutes(3).AddSeconds(10));
        Finding warning = replay.Alerts.First();
        Assert.All(replay.Alerts, f => Assert.Equal(warning.Key, f.Key));
        Assert.Equal(2, replay.Alerts.Count()); // raised at 5 min, raised again 15 min later while it lasts
        Assert.Equal(MetricFindingKinds.Deviation, warning.Kind);
        Assert.InRange(warning.Timestamp, start.AddMinutes(5), start.AddMinutes(5).AddSeconds(10));
        Assert.Equal(start, warning.FirstSeen);
        Assert.Equal("web1", warning.Entities[EntityNames.Host]);
        Assert.StartsWith(title, warning.Title, StringComparison.Ordinal);
        Assert.Contains(warning.Evidence.MetricWindow, p => p.Timestamp < start && p.Value < 200);
        Assert.Contains(warning.Evidence.MetricWindow, p => p.Timestamp >= start && p.Value > 800);
        Assert.InRange(warning.Evidence.Measurements["baseline_mean"], 0, 200);
    }

    [Fact]
    public void A_week_of_daily_rhythm_backups_compile_jobs_and_log_growth_raises_no_alert_once_learned()
    {
        var random = new Random(7);
        // A compile job of 2–4 minutes at a random time every few hours, and log growth rotated at midnight.
        var compiles = new List<(DateTimeOffset Start, TimeSpan Length)>();
        for (DateTimeOffset t = Monday.AddHours(random.Next(1, 5)); t < Monday.AddDays(7); t = t.AddHours(random.Next(2, 7)).AddMinutes(random.Next(60)))
        {
            compiles.Add((t, TimeSpan.FromMinutes(random.Next(2, 5))));
        }
        bool Compiling(DateTimeOffset t) => compiles.Exists(c => t >= c.Start && t < c.Start + c.Length);
        const double Size = 80.0 * (1L << 30);
        var host = new SyntheticHostMetrics(seed: 3)
        {
            Noise = 2,
            CpuUsed = t => NightlyBackup(t) || Compiling(t) ? 100 : Daytime(t, 6, 45),
            MemoryUsedPercent = t => Daytime(t, 48, 66) + (NightlyBackup(t) ? 10 : 0),
            DiskWrittenBytesPerSecond = t => NightlyBackup(t) ? 90e6 : Daytime(t, 100_000, 2_000_000),
            NetworkReceiveBytesPerSecond = t => Daytime(t, 20_000, 900_000) * (NightlyBackup(t) ? 40 : 1),
            TcpConnections = (t, state) => state switch
            {
                "established" => Daytime(t, 12, 140),
                "time_wait" => Daytime(t, 30, 600),
                "syn_recv" => Daytime(t, 1, 6),
                "listen" => 9,
                _ => 1,
            },
            Processes = t => 170 + (Compiling(t) ? 60 : 0) + (NightlyBackup(t) ? 10 : 0),
            ForksPerSecond = t => Compiling(t) ? 40 : Daytime(t, 2, 9),
            TopByCpu = t => Compiling(t) ? [new TopProcess(5000, "cc1plus", "cc1plus -O2", 95, 300L << 20)] : [new TopProcess(812, "nginx", "nginx: worker", 5, 40L << 20)],
        };
        host.Mounts.Clear();
        host.Mounts.Add(new SyntheticMount("/", "/dev/vda1", Size, t => (30.0 * (1L << 30)) + (t - Monday).TotalDays * (200 << 20) + (t.TimeOfDay.TotalHours * (50 << 20))));

        var replay = new MetricReplay().Play(host, Monday, Monday.AddDays(7));

        List<Finding> learned = [.. replay.Alerts.Where(f => f.Timestamp >= Monday.AddDays(2))];
        Assert.True(learned.Count == 0, replay.Describe());
        Assert.True(replay.Findings.Count(f => f.Timestamp >= Monday.AddDays(2)) <= 5 * 25, "info findings stay few: " + replay.Findings.Count);
        Assert.All(replay.Alerts, f => Assert.Equal(MetricFindingKinds.CpuHigh, f.Kind)); // the first two nights' backups
    }
}
