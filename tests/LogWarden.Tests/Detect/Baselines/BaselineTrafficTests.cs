using System.Globalization;
using LogWarden.Detect;
using LogWarden.Detect.Baselines;
using LogWarden.Detect.Incidents;
using Xunit.Abstractions;
using static LogWarden.Tests.Detect.Baselines.ServerLogStream;

namespace LogWarden.Tests.Detect.Baselines;

/// <summary>Traffic shifts of a source: surges of many clients, drops, and what only looks like them.</summary>
public sealed class BaselineTrafficTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Tuesday = Monday.AddDays(1);

    private static readonly string[] Words = ["shoes", "lamp", "chair", "phone", "book", "gift"];

    /// <summary>Requests in the usual mix, from clients all over the internet (a newsletter's readers).</summary>
    private static LogLine Visitor(Random r, DateTimeOffset t)
    {
        string ip = string.Create(CultureInfo.InvariantCulture, $"{r.Next(1, 223)}.{r.Next(256)}.{r.Next(256)}.{r.Next(1, 255)}");
        int pick = r.Next(100);
        string line = pick switch
        {
            < 55 => AccessLine(t, ip, $"GET /api/items/{r.Next(1, 5000)} HTTP/1.1", 200, r.Next(300, 9000)),
            < 70 => AccessLine(t, ip, $"GET /static/js/app.{r.Next(0x100000, 0xFFFFFF):x}.js HTTP/1.1", 200, 48213),
            < 80 => AccessLine(t, ip, "POST /api/cart HTTP/1.1", 201, r.Next(100, 400)),
            < 90 => AccessLine(t, ip, $"GET /search?q={Words[r.Next(Words.Length)]} HTTP/1.1", 200, r.Next(2000, 20000)),
            _ => AccessLine(t, ip, "GET /login HTTP/1.1", 200, 5120),
        };
        return BaselineHarness.Decode(t, Access, line);
    }

    private static List<LogLine> Spread(DateTimeOffset from, TimeSpan length, int count, Func<Random, DateTimeOffset, LogLine> line, int seed = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => from + (length * i / count)).Select(t => line(random, t))];
    }

    [Fact]
    public void A_surge_of_visitors_is_a_warning_on_the_access_log_within_minutes()
    {
        // Four times the usual afternoon traffic (~12 a minute) on top of it, from readers all over the internet.
        DateTimeOffset start = Tuesday.AddHours(15);
        var surge = Spread(start, TimeSpan.FromMinutes(40), 40 * 48, Visitor);

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(2), surge), Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        Finding warning = Assert.Single(harness.Alerts.Where(f => f.Kind == BaselineKinds.VolumeShift).Take(1));
        Assert.InRange(warning.Timestamp, start.AddMinutes(1), start.AddMinutes(5));
        Assert.Equal(Access, warning.Entities[EntityNames.Source]);
        Assert.Equal(Host, warning.Entities[EntityNames.Host]);
        Assert.Contains("up", warning.Title, StringComparison.Ordinal);
        Assert.All(harness.Alerts, f => Assert.Equal(Access, f.Entities[EntityNames.Source]));
        Assert.Single(harness.Alerts.Select(f => f.Key).Distinct()); // re-raised while it lasts, one key
    }

    private const string ShopAccess = "/var/log/nginx/shop.access.log";

    /// <summary>A reader arriving: a page, its script, a search and a cart call within seconds, from an address of its own.</summary>
    private static IEnumerable<LogLine> Arrival(Random r, DateTimeOffset t)
    {
        string ip = string.Create(CultureInfo.InvariantCulture, $"{r.Next(1, 223)}.{r.Next(256)}.{r.Next(256)}.{r.Next(1, 255)}");
        yield return BaselineHarness.Decode(t, ShopAccess, AccessLine(t, ip, $"GET /api/items/{r.Next(1, 5000)} HTTP/1.1", 200, r.Next(300, 9000)));
        yield return BaselineHarness.Decode(t.AddSeconds(1), ShopAccess, AccessLine(t.AddSeconds(1), ip, $"GET /static/js/app.{r.Next(0x100000, 0xFFFFFF):x}.js HTTP/1.1", 200, 48213));
        yield return BaselineHarness.Decode(t.AddSeconds(3), ShopAccess, AccessLine(t.AddSeconds(3), ip, $"GET /search?q={Words[r.Next(Words.Length)]} HTTP/1.1", 200, r.Next(2000, 20000)));
        yield return BaselineHarness.Decode(t.AddSeconds(6), ShopAccess, AccessLine(t.AddSeconds(6), ip, "POST /api/cart HTTP/1.1", 201, r.Next(100, 400)));
    }

    /// <summary>A returning client's one request (an API call, a poll), from a pool of a few thousand addresses all over the internet.</summary>
    private static LogLine Returning(Random r, DateTimeOffset t)
    {
        string ip = string.Create(CultureInfo.InvariantCulture, $"{(r.Next(2000) * 7919 % 200) + 1}.{r.Next(2000) % 97}.{r.Next(2000) % 13}.{(r.Next(2000) % 250) + 1}");
        return BaselineHarness.Decode(t, ShopAccess, AccessLine(t, ip, $"GET /api/items/{r.Next(1, 5000)} HTTP/1.1", 200, r.Next(300, 9000)));
    }

    [Fact]
    public void Readers_arriving_far_faster_than_at_that_hour_are_a_warning_within_two_minutes()
    {
        // Normally a reader arrives every three minutes and returning clients make ten requests a minute; then
        // five new readers a minute, four requests each. The lines grow to 2.7x (never the 3x a line surge
        // needs) but the arrivals are unmistakable within a minute or two.
        DateTimeOffset start = Tuesday.AddHours(15);
        var random = new Random(3);
        var normal = Enumerable.Range(0, (int)(Monday.AddDays(2) - Monday).TotalSeconds / 6).Select(i => Returning(random, Monday.AddSeconds(6 * i)))
            .Concat(Enumerable.Range(0, (int)(Monday.AddDays(2) - Monday).TotalSeconds / 180).SelectMany(i => Arrival(random, Monday.AddSeconds((180 * i) + random.Next(120)))));
        var surge = Enumerable.Range(0, 30 * 5).SelectMany(i => Arrival(random, start + TimeSpan.FromSeconds(12 * i)));
        var lines = normal.Concat(surge).OrderBy(l => l.Time).ToList();

        var harness = new BaselineHarness().Run(lines, Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        Finding warning = Assert.Single(harness.Alerts.Where(f => f.Kind == BaselineKinds.VolumeShift).Take(1));
        Assert.InRange(warning.Timestamp, start, start.AddMinutes(2));
        Assert.Equal(ShopAccess, warning.Entities[EntityNames.Source]);
        Assert.All(harness.Alerts, f => Assert.True(f.Timestamp >= start, f.Title)); // none before: two days of normal arrivals are no surge
    }

    [Fact]
    public void A_crawler_fetching_pages_from_one_network_is_no_traffic_warning()
    {
        // The same surge of GETs, all from one search engine's network: the crawler, not the audience, grew.
        DateTimeOffset start = Tuesday.AddHours(15);
        var crawler = Spread(start, TimeSpan.FromMinutes(20), 20 * 48, (r, t) => BaselineHarness.Decode(t, Access,
            AccessLine(t, $"66.249.66.{r.Next(1, 255)}", r.Next(2) == 0 ? $"GET /api/items/{r.Next(1, 5000)} HTTP/1.1" : $"GET /search?q={Words[r.Next(Words.Length)]} HTTP/1.1", 200, r.Next(300, 9000),
                "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")));

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(2), crawler), Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        Assert.NotEmpty(harness.Of(BaselineKinds.VolumeShift)); // recorded (Info)
        Assert.Empty(harness.Alerts);
    }

    [Fact]
    public void A_port_scan_that_floods_the_firewall_lines_is_no_traffic_warning()
    {
        // 3,000 drops in 3 minutes from one address, TCP and UDP (two templates): the firewall rules judge it.
        DateTimeOffset start = Tuesday.AddHours(15);
        var scan = Spread(start, TimeSpan.FromMinutes(3), 3000, (r, t) => BaselineHarness.Decode(t, Syslog, KernelLine(t, r.Next(2) == 0
            ? $"[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=198.51.100.77 DST=10.0.0.5 LEN=40 TOS=0x00 PREC=0x00 TTL=241 ID={r.Next(1, 65535)} PROTO=TCP SPT={r.Next(1024, 65535)} DPT={r.Next(1, 65535)} WINDOW=1024 RES=0x00 SYN URGP=0"
            : $"[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=198.51.100.77 DST=10.0.0.5 LEN=28 TOS=0x00 PREC=0x00 TTL=241 ID={r.Next(1, 65535)} PROTO=UDP SPT={r.Next(1024, 65535)} DPT={r.Next(1, 65535)} LEN=8")));

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(2), scan), Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        Assert.DoesNotContain(harness.Alerts, f => f.Kind == BaselineKinds.VolumeShift);
    }

    [Fact]
    public void Traffic_that_falls_to_a_tenth_for_a_quarter_hour_is_one_warning_and_one_incident()
    {
        // At a tenth of its traffic the access log's gaps are ten times its usual ones: within minutes one is past
        // what the tail of its gaps allows (a silence warning), and after a quarter hour the count is a drop. One
        // event: one warning (whichever comes first), the drop found too, and one incident for both.
        DateTimeOffset start = Tuesday.AddHours(15);
        var random = new Random(3);
        var lines = BaselineHarness.Background(2).Where(l => !(l.Source == Access && l.Time >= start && l.Time < start.AddMinutes(40) && random.Next(10) != 0));

        var harness = new BaselineHarness();
        harness.Sink.Track(new IncidentTracker());
        harness.Run(lines, Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        Finding warning = Assert.Single(harness.Alerts);
        Assert.Contains(warning.Kind, new[] { BaselineKinds.VolumeShift, BaselineKinds.SourceSilent });
        Assert.InRange(warning.Timestamp, start.AddMinutes(1), start.AddMinutes(15));
        Assert.Equal(Access, warning.Entities[EntityNames.Source]);
        Assert.Contains(harness.Of(BaselineKinds.VolumeShift), f => f.Title.Contains("down", StringComparison.Ordinal)
            && f.Timestamp >= start && f.Timestamp < start.AddMinutes(40) && f.Entities[EntityNames.Source] == Access);
        Assert.Single(harness.Sink.Opened, o => o.Key.StartsWith(BaselineKinds.VolumeShift, StringComparison.Ordinal)
            || o.Key.StartsWith(BaselineKinds.SourceSilent, StringComparison.Ordinal));
    }

    [Fact]
    public void A_drop_deeper_than_any_normal_quarter_hour_is_a_warning_though_five_minute_lulls_go_as_deep()
    {
        // Every hour the site has a 5-minute lull at a fifth of its traffic (people come in waves), so its
        // quietest 5 minutes of normal times hold a fifth of the hour's mean; no quarter of an hour ever falls
        // under about three quarters. Then for 40 minutes it keeps a seventh of its visitors (a DNS change). The
        // drop is judged over 15 minutes, so against the quietest 15 minutes (a warning), not against the
        // 5-minute lull, which would ask a drop to go under a tenth.
        DateTimeOffset start = Tuesday.AddHours(15);
        var random = new Random(3);
        bool InLull(DateTimeOffset t) => t.Minute is >= 40 and < 45;
        var lines = BaselineHarness.Background(2).Where(l => l.Source != Access
            || (l.Time >= start && l.Time < start.AddMinutes(40) ? random.Next(7) == 0 : !InLull(l.Time) || random.Next(5) == 0));

        var harness = new BaselineHarness().Run(lines, Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        Assert.All(harness.Alerts, f => Assert.True(f.Timestamp >= start, f.Title)); // the hourly lulls are no drop
        Finding warning = Assert.Single(harness.Alerts.Where(f => f.Kind == BaselineKinds.VolumeShift).Take(1));
        Assert.InRange(warning.Timestamp, start.AddMinutes(5), start.AddMinutes(16));
        Assert.Equal(Access, warning.Entities[EntityNames.Source]);
        Assert.Contains("down", warning.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_busy_only_with_a_job_that_stops_is_the_job_finding_not_a_silence_warning()
    {
        // A log that a job writes every minute, and nothing else: when the job stops, the log falls silent,
        // and the alert is the job's (it names the job), not a second one about the log.
        const string Jobs = "/var/log/jobs.log";
        DateTimeOffset stop = Tuesday.AddHours(12).AddSeconds(30);
        var stream = new ServerLogStream(9).Every(Jobs, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1),
            (r, t) => SyslogLine(t, "CRON", 20_000 + r.Next(9000), "(app) CMD (/srv/app/bin/sync-feeds --quiet)"));
        var jobs = BaselineHarness.Decode(stream.Lines(Monday, stop));

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(2), jobs), Tuesday.AddHours(12.5));

        output.WriteLine(harness.Describe());
        Assert.NotEmpty(harness.Alerts);
        Assert.All(harness.Alerts, f => Assert.Equal(BaselineKinds.PeriodicMissed, f.Kind));
        Assert.Equal(Jobs, harness.Alerts[0].Entities[EntityNames.Source]);
        Assert.InRange(harness.Alerts[0].Timestamp, stop, stop.AddMinutes(1.5));
        Assert.NotEmpty(harness.Of(BaselineKinds.SourceSilent)); // recorded, as Info
    }
}
