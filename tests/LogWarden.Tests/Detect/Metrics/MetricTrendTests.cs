using LogWarden.Collect.HostMetrics;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Detect.Metrics;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Detect.Metrics;

public sealed class MetricTrendTests
{
    private const double GiB = 1L << 30;
    private const double MiB = 1L << 20;
    private static readonly DateTimeOffset T0 = MetricReplay.Monday.AddHours(6);

    private static SyntheticHostMetrics HostWithMount(string mount, double size, Func<DateTimeOffset, double> used)
    {
        var host = new SyntheticHostMetrics();
        host.Mounts.Add(new SyntheticMount(mount, "/dev/vdb", size, used));
        return host;
    }

    [Fact]
    public void A_disk_filling_steadily_is_forecast_full_within_a_day_then_critical_within_the_hour()
    {
        // /var: 100 GiB, 5 % reserved, 55 GiB used and 2 GiB more every hour: full in 20 h.
        var host = HostWithMount("/var", 100 * GiB, t => (55 * GiB) + ((t - T0).TotalHours * 2 * GiB));

        var replay = new MetricReplay().Play(host, T0, T0.AddHours(20));

        List<Finding> forecasts = replay.OfKind(MetricFindingKinds.DiskFillForecast);
        Finding first = forecasts[0];
        Assert.Equal(FindingSeverity.Warning, first.Severity);
        Assert.InRange(first.Timestamp, T0.AddHours(1), T0.AddHours(1).AddMinutes(10));
        Assert.Equal("/var", first.Entities[EntityNames.Mount]);
        Assert.Equal("filesystem_available_bytes{mount=\"/var\"}", first.Entities[EntityNames.Metric]);
        Assert.InRange(first.Evidence.Measurements["forecast_seconds_to_full"] / 3600, 17.5, 20);
        Assert.InRange(first.Evidence.Measurements["bytes_per_hour"] / GiB, 1.9, 2.1);
        Assert.Matches(@"^Disk /var on web1 full in ~1\d(\.\d)? h at 2 GiB/h \(3\d(\.\d)? GiB available\)$", first.Title);
        Assert.InRange(first.Evidence.MetricWindow.Count, 12, 60);
        Assert.True(first.Evidence.MetricWindow[0].Value > first.Evidence.MetricWindow[^1].Value, "the window shows the fall");

        Finding critical = forecasts.First(f => f.Severity == FindingSeverity.Critical);
        Assert.InRange(critical.Evidence.Measurements["forecast_seconds_to_full"], 0, 3600);
        Assert.InRange(critical.Timestamp, T0.AddHours(18.9), T0.AddHours(19.1));
        Assert.All(forecasts, f => Assert.Equal(first.Key, f.Key));
        // While it lasts: raised again every 10 minutes (within the incident tracker's quiet period), never more often.
        for (int i = 1; i < forecasts.Count; i++)
        {
            if (forecasts[i].Severity == forecasts[i - 1].Severity)
            {
                Assert.InRange(forecasts[i].Timestamp - forecasts[i - 1].Timestamp, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(11));
            }
        }
        // The threshold speaks too once the disk passes 90 % (85.5 GiB used at 15.25 h) and 97 %.
        List<Finding> full = replay.OfKind(MetricFindingKinds.DiskFull);
        Assert.Equal([FindingSeverity.Warning, FindingSeverity.Critical], full.Select(f => f.Severity));
        Assert.InRange(full[0].Timestamp, T0.AddHours(15.2), T0.AddHours(15.3));
    }

    [Fact]
    public void A_disk_filling_for_a_day_is_one_incident_updated_while_it_fills_not_one_an_hour()
    {
        // The forecast of blind replay #3 (--metrics) was raised once an hour and its incident resolved after 30 quiet
        // minutes: a new incident, a new page, every hour of the fill.
        var host = HostWithMount("/var", 100 * GiB, t => (55 * GiB) + ((t - T0).TotalHours * 2 * GiB));
        var replay = new MetricReplay().Play(host, T0, T0.AddHours(20));
        var tracker = new IncidentTracker();
        var log = new LogWarden.Tests.Detect.Incidents.EventLog();
        tracker.AddListener(log);
        foreach (Finding finding in replay.OfKind(MetricFindingKinds.DiskFillForecast))
        {
            tracker.Advance(finding.Timestamp);
            tracker.Raise(finding);
        }

        Assert.Single(log.Of(IncidentEventKind.IncidentOpened));
        Assert.Empty(log.Of(IncidentEventKind.IncidentResolved));
        // Told twice: the warning, and its escalation to critical within the hour before full.
        Assert.Equal([FindingSeverity.Warning, FindingSeverity.Critical], log.Of(IncidentEventKind.FindingRaised).Select(e => e.Finding!.Severity));
    }

    [Fact]
    public void A_runaway_log_filling_the_disk_in_half_an_hour_is_critical_within_a_quarter_of_an_hour()
    {
        DateTimeOffset start = T0.AddHours(2);
        // 10 GiB free, then 5 MiB/s of logs: full in 34 minutes.
        var host = HostWithMount("/var/log", 50 * GiB, t => (37.5 * GiB) + (t < start ? 0 : (t - start).TotalSeconds * 5 * MiB));

        var replay = new MetricReplay().Play(host, T0, start.AddMinutes(30));

        // The first raise, then updates every 10 minutes while it fills.
        List<Finding> forecasts = replay.OfKind(MetricFindingKinds.DiskFillForecast);
        Assert.InRange(forecasts.Count, 1, 3);
        Assert.All(forecasts, f => Assert.Equal(forecasts[0].Key, f.Key));
        Finding forecast = forecasts[0];
        Assert.Equal(FindingSeverity.Critical, forecast.Severity);
        Assert.InRange(forecast.Timestamp, start.AddMinutes(5), start.AddMinutes(12));
        Assert.InRange(forecast.Evidence.Measurements["forecast_seconds_to_full"] / 60, 18, 45);
        Assert.Equal("/var/log", forecast.Entities[EntityNames.Mount]);
    }

    [Fact]
    public void A_fill_that_outpaces_the_routine_is_forecast_from_its_first_half_hour_but_the_nightly_backup_is_not()
    {
        // /srv: 100 GiB, 55 GiB used. Every night at 02:00 a backup writes 2 GiB in 30 min (4 GiB/h: full in ~11 h at that
        // pace) and deletes it at 03:00. On the third day at 10:00 a debug flag's logs start filling it at 9 GiB/h.
        DateTimeOffset fill = T0.Date.AddDays(2).AddHours(10);
        double Used(DateTimeOffset t)
        {
            double minutes = t.TimeOfDay.TotalMinutes - 120;
            double backup = minutes < 0 || minutes >= 60 ? 0 : Math.Min(minutes, 30) / 30 * 2 * GiB;
            return (55 * GiB) + backup + (t < fill ? 0 : (t - fill).TotalHours * 9 * GiB);
        }

        var replay = new MetricReplay().Play(HostWithMount("/srv", 100 * GiB, Used), T0, fill.AddMinutes(50));

        Finding forecast = Assert.Single(replay.OfKind(MetricFindingKinds.DiskFillForecast).GroupBy(f => f.Severity).Select(g => g.First()));
        Assert.Equal(FindingSeverity.Warning, forecast.Severity);
        Assert.InRange(forecast.Timestamp, fill.AddMinutes(25), fill.AddMinutes(40));
        Assert.InRange(forecast.Evidence.Measurements["bytes_per_hour"] / GiB, 8, 10);
        Assert.Equal("/srv", forecast.Entities[EntityNames.Mount]);
    }

    [Fact]
    public void A_fill_in_the_first_day_of_watching_waits_for_the_long_fit()
    {
        // No routine known yet: the half-hour window does not speak (the long fit does after an hour, as ever).
        DateTimeOffset fill = T0.AddHours(8);
        var host = HostWithMount("/srv", 100 * GiB, t => (55 * GiB) + (t < fill ? 0 : (t - fill).TotalHours * 9 * GiB));

        var replay = new MetricReplay().Play(host, T0, fill.AddMinutes(50));

        Assert.Empty(replay.OfKind(MetricFindingKinds.DiskFillForecast));
    }

    [Fact]
    public void Slow_growth_and_a_disk_that_goes_up_and_down_are_not_forecast()
    {
        var random = new Random(5);
        double walk = 20 * GiB;
        var slow = HostWithMount("/srv", 100 * GiB, t => (40 * GiB) + ((t - T0).TotalHours * 100 * MiB));
        var jumpy = HostWithMount("/tmp", 50 * GiB, _ => walk = Math.Clamp(walk + ((random.NextDouble() - 0.5) * 400 * MiB), 10 * GiB, 40 * GiB));
        // logs grow 1 GiB during the day and logrotate frees it at midnight, on a disk with 6 GiB free
        var sawtooth = HostWithMount("/var", 40 * GiB, t => (30 * GiB) + (t.TimeOfDay.TotalHours / 24 * GiB));

        foreach (SyntheticHostMetrics host in new[] { slow, jumpy, sawtooth })
        {
            var replay = new MetricReplay().Play(host, T0, T0.AddHours(30));
            Assert.True(replay.Findings.Count == 0, replay.Describe());
        }
    }

    [Fact]
    public void A_process_leaking_memory_for_hours_is_named_with_its_curve()
    {
        DateTimeOffset leak = MetricReplay.Monday.AddDays(2).AddHours(3);
        double Java(DateTimeOffset t) => (500 * MiB) + (t < leak ? 0 : (t - leak).TotalHours * 200 * MiB);
        var host = new SyntheticHostMetrics
        {
            MemoryUsedPercent = t => 35 + ((Java(t) - (500 * MiB)) * 100 / (4 * GiB)),
            TopByMemory = t => [new TopProcess(4242, "java", "java -jar app.jar", 20, (long)Java(t)), new TopProcess(901, "postgres", "postgres", 1, 300L << 20)],
        };

        var replay = new MetricReplay().Play(host, MetricReplay.Monday, leak.AddHours(5));

        Finding finding = replay.Alerts.First();
        Assert.True(finding.Kind == MetricFindingKinds.MemoryLeak, replay.Describe());
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("java", finding.Entities[EntityNames.Process]);
        Assert.Equal("web1", finding.Entities[EntityNames.Host]);
        // Judged over the last 3 h: steady enough once about two of them are growth.
        Assert.InRange(finding.Timestamp, leak.AddHours(1.5), leak.AddHours(3.2));
        Assert.InRange(finding.Evidence.Measurements["bytes_per_hour"] / MiB, 120, 210);
        Assert.Equal(4242, finding.Evidence.Measurements["pid"]);
        Assert.StartsWith("java (pid 4242) on web1 grew ", finding.Title, StringComparison.Ordinal);
        Assert.Contains("; memory used up in ~", finding.Title, StringComparison.Ordinal);
        IReadOnlyList<MetricPoint> curve = finding.Evidence.MetricWindow;
        Assert.True(curve.Count >= 36, $"{curve.Count} points");
        Assert.Equal(curve.OrderBy(p => p.Value).Select(p => p.Timestamp), curve.Select(p => p.Timestamp));
        Assert.All(replay.Alerts, f => Assert.Equal(finding.Key, f.Key));
        Assert.Empty(replay.OfKind(MetricFindingKinds.MemoryGrowth));
    }

    [Fact]
    public void Memory_growing_with_no_single_process_to_blame_is_memory_growth()
    {
        DateTimeOffset start = MetricReplay.Monday.AddDays(2).AddHours(1);
        var host = new SyntheticHostMetrics
        {
            // 300 small workers each leaking a little: no top process grows much
            MemoryUsedPercent = t => t < start ? 40 : 40 + ((t - start).TotalHours * 4),
        };

        var replay = new MetricReplay().Play(host, MetricReplay.Monday, start.AddHours(5));

        Finding growth = replay.Alerts.First();
        Assert.All(replay.Alerts, f => Assert.Equal(growth.Key, f.Key));
        Assert.Equal(MetricFindingKinds.MemoryGrowth, growth.Kind);
        Assert.Equal("memory_used_bytes", growth.Entities[EntityNames.Metric]);
        Assert.False(growth.Entities.ContainsKey(EntityNames.Process));
        Assert.InRange(growth.Timestamp, start.AddHours(1.5), start.AddHours(3.3));
    }

    [Fact]
    public void A_process_that_warms_up_and_then_plateaus_and_a_daily_climb_are_not_leaks()
    {
        DateTimeOffset start = MetricReplay.Monday.AddHours(1);
        double Cache(DateTimeOffset t) => (200 * MiB) + (Math.Clamp((t - start).TotalMinutes / 45, 0, 1) * GiB);
        var host = new SyntheticHostMetrics
        {
            // memory climbs 08:00 → 14:00 every day with the traffic, and a cache warms up after start
            MemoryUsedPercent = t => 30 + (Cache(t) * 100 / (4 * GiB)) + (t.TimeOfDay.TotalHours is >= 8 and < 20 ? 20 - (Math.Abs(t.TimeOfDay.TotalHours - 14) * 20 / 6) : 0),
            TopByMemory = t => [new TopProcess(777, "redis-server", "redis-server *:6379", 2, (long)Cache(t))],
        };

        var replay = new MetricReplay().Play(host, MetricReplay.Monday, MetricReplay.Monday.AddDays(4));

        Assert.Empty(replay.OfKind(MetricFindingKinds.MemoryLeak));
        Assert.True(!replay.Alerts.Any(f => f.Timestamp >= MetricReplay.Monday.AddDays(2)), replay.Describe());
    }

    /// <summary>
    /// A JVM on an 8 GiB host: 3 GiB resident (its memory use 50 %) for two days, then what <paramref name="java"/> says.
    /// Memory use is noisy (±2 %, a garbage collector's sawtooth), so a rise that begins flickers in and out of a straight line.
    /// </summary>
    private static SyntheticHostMetrics JvmHost(Func<DateTimeOffset, double> java) => new()
    {
        MemoryTotal = 8 * GiB,
        Noise = 4,
        MemoryUsedPercent = t => 50 + ((java(t) - (3 * GiB)) * 100 / (8 * GiB)),
        TopByMemory = t => [new TopProcess(2211, "java", "java -Xmx6g -jar shop.jar", 30, (long)java(t)), new TopProcess(901, "postgres", "postgres", 1, 300L << 20)],
    };

    [Fact]
    public void A_heap_leaking_more_than_a_gigabyte_an_hour_is_told_within_the_hour_not_after_the_hours_a_steady_fit_needs()
    {
        // The heap grows 1.3 GiB an hour from 05:00 on the third day: memory runs out in under four hours. The 3-hour
        // steady-growth fit would speak after two of them; the half-hour rise, above the usual peak, speaks after one.
        DateTimeOffset leak = MetricReplay.Monday.AddDays(2).AddHours(5);
        double Java(DateTimeOffset t) => (3 * GiB) + (t < leak ? 0 : (t - leak).TotalHours * 1.3 * GiB);

        var replay = new MetricReplay().Play(JvmHost(Java), MetricReplay.Monday, leak.AddHours(1.5));

        Finding finding = replay.Alerts.First();
        Assert.True(finding.Kind == MetricFindingKinds.MemoryLeak, replay.Describe());
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("java", finding.Entities[EntityNames.Process]);
        Assert.InRange(finding.Timestamp, leak.AddMinutes(25), leak.AddMinutes(60));
        Assert.InRange(finding.Evidence.Measurements["bytes_per_hour"] / GiB, 1.1, 1.5);
        Assert.Contains("; memory used up in ~", finding.Title, StringComparison.Ordinal);
        // One finding while it grows, updated (within the incident tracker's quiet period), never a second key.
        List<Finding> leaks = replay.OfKind(MetricFindingKinds.MemoryLeak);
        Assert.All(replay.Alerts, f => Assert.Equal(finding.Key, f.Key));
        Assert.True(leaks.Count >= 2, replay.Describe());
        for (int i = 1; i < leaks.Count; i++)
        {
            Assert.InRange(leaks[i].Timestamp - leaks[i - 1].Timestamp, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30));
        }
    }

    [Fact]
    public void A_heap_that_refills_as_fast_after_a_restart_is_back_to_its_usual_not_a_leak()
    {
        // A deploy restarts the JVM at 05:00 on the third day: 1 GiB resident, back to its 3 GiB in 40 minutes, a rise as
        // straight and steep as a leak's, but to the memory use the host always has.
        DateTimeOffset restart = MetricReplay.Monday.AddDays(2).AddHours(5);
        double Java(DateTimeOffset t) => t < restart ? 3 * GiB : (1 * GiB) + (Math.Min((t - restart).TotalMinutes, 40) / 40 * 2 * GiB);

        var replay = new MetricReplay().Play(JvmHost(Java), MetricReplay.Monday, restart.AddHours(2));

        Assert.Empty(replay.OfKind(MetricFindingKinds.MemoryLeak));
        Assert.Empty(replay.OfKind(MetricFindingKinds.MemoryGrowth));
    }
}
