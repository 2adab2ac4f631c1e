using System.Globalization;
using LogWarden.Detect;
using LogWarden.Detect.Baselines;
using Xunit.Abstractions;
using static LogWarden.Tests.Detect.Baselines.ServerLogStream;

namespace LogWarden.Tests.Detect.Baselines;

/// <summary>Spikes and drops of templates, volume shifts and error bursts, against the learned rhythm.</summary>
public sealed class BaselineRateTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Tuesday = Monday.AddDays(1);

    private static LogLine AppAt(DateTimeOffset t, string level, string message) => BaselineHarness.Decode(t, App, AppLine(t, level, message));

    private static List<LogLine> Spread(DateTimeOffset from, TimeSpan length, int count, Func<Random, DateTimeOffset, LogLine> line, int seed = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => from + (length * i / count)).Select(t => line(random, t))];
    }

    private static int TemplateOf(BaselineHarness harness, Finding finding) =>
        harness.Miner.Resolve(int.Parse(finding.Entities[EntityNames.Template], CultureInfo.InvariantCulture)).Id;

    [Fact]
    public void A_tenfold_spike_of_a_normal_line_is_an_info_spike_naming_the_template_within_three_minutes()
    {
        DateTimeOffset start = Tuesday.AddHours(15);
        var extra = Spread(start, TimeSpan.FromMinutes(20), 20 * 12, (r, t) => BaselineHarness.Decode(t, Access, AccessLine(t, ClientIp(r), "POST /api/cart HTTP/1.1", 201, 180)));

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(2), extra), Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        var spike = harness.Of(BaselineKinds.TemplateSpike);
        Assert.NotEmpty(spike);
        Assert.All(spike, f => Assert.Equal(FindingSeverity.Info, f.Severity));
        Assert.InRange(spike[0].Timestamp, start, start.AddMinutes(3));
        Assert.Equal(Access, spike[0].Entities[EntityNames.Source]);
        Assert.Contains("POST", harness.Miner.Resolve(TemplateOf(harness, spike[0])).Text, StringComparison.Ordinal);
        Assert.Single(spike.Select(f => f.Key).Distinct());
        Assert.InRange(spike.Count, 2, 25); // re-raised at most once a minute while it lasts
        Assert.Empty(harness.Alerts);
    }

    [Fact]
    public void A_normal_line_at_twenty_times_its_rate_for_twenty_minutes_is_a_warning_one_batch_of_it_is_not()
    {
        // A cache that stops caching: its "cache miss" line, about one a minute, comes 25 a minute and keeps coming.
        DateTimeOffset start = Tuesday.AddHours(15);
        var usual = BaselineHarness.Decode(new ServerLogStream(8).Rate(App, _ => 1, (r, t) => AppLine(t, "info", $"cache miss for item {r.Next(1, 9999)}, loading from db"))
            .Lines(Monday, Monday.AddDays(2)));
        var spike = Spread(start, TimeSpan.FromMinutes(20), 20 * 25, (r, t) => AppAt(t, "info", $"cache miss for item {r.Next(1, 9999)}, loading from db"));
        // The same hundred lines at once (a cache flushed and warmed again) hold no rate.
        var batch = Spread(start, TimeSpan.FromSeconds(40), 100, (r, t) => AppAt(t, "info", $"cache miss for item {r.Next(1, 9999)}, loading from db"));

        var spiked = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Merge(BaselineHarness.Background(2), usual), spike), Monday.AddDays(2));
        var batched = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Merge(BaselineHarness.Background(2), usual), batch), Monday.AddDays(2));

        output.WriteLine(spiked.Describe());
        Finding warning = spiked.Alerts.First(f => f.Kind == BaselineKinds.TemplateSpike);
        Assert.InRange(warning.Timestamp, start.AddSeconds(30), start.AddSeconds(90)); // a rate that held half a minute, read line by line
        Assert.Contains("lines in", warning.Title, StringComparison.Ordinal);
        Assert.Contains("cache miss", spiked.Miner.Resolve(TemplateOf(spiked, warning)).Text, StringComparison.Ordinal);
        Assert.DoesNotContain(batched.Alerts, f => f.Kind == BaselineKinds.TemplateSpike);
    }

    [Fact]
    public void A_batch_of_a_normal_line_and_a_few_more_after_it_hold_no_rate()
    {
        // Thirty lines in five seconds (a cache flushed and warmed), then three more at the next minute's pace: the span of
        // the latest lines passes half a minute, but most of them sit at its start: one batch and a trickle, not a rate.
        DateTimeOffset start = Tuesday.AddHours(15);
        var usual = BaselineHarness.Decode(new ServerLogStream(8).Rate(App, _ => 1, (r, t) => AppLine(t, "info", $"cache miss for item {r.Next(1, 9999)}, loading from db"))
            .Lines(Monday, Monday.AddDays(2)));
        var batch = Spread(start, TimeSpan.FromSeconds(5), 30, (r, t) => AppAt(t, "info", $"cache miss for item {r.Next(1, 9999)}, loading from db"));
        var trickle = Spread(start.AddSeconds(20), TimeSpan.FromSeconds(60), 3, (r, t) => AppAt(t, "info", $"cache miss for item {r.Next(1, 9999)}, loading from db"));

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Merge(BaselineHarness.Merge(BaselineHarness.Background(2), usual), batch), trickle), Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        Assert.Contains(harness.Findings, f => f.Kind == BaselineKinds.TemplateSpike); // an Info spike: thirty where one was expected
        Assert.DoesNotContain(harness.Alerts, f => f.Kind == BaselineKinds.TemplateSpike);
    }

    /// <summary>A resolver's "lame server" line: quoted names the miner keeps as words when each repeats, so one message is several templates.</summary>
    private static string LameServer(Random r, DateTimeOffset t)
    {
        string[] names = ["ns.tracker.example", "mail.kunden-portal.eu", "cdn.example-shop.de"];
        string[] zones = ["example-shop.de", "kunden-portal.eu"];
        return AppLine(t, "info", $"lame-servers: info: lame server resolving '{names[r.Next(names.Length)]}' (in '{zones[r.Next(zones.Length)]}'?): {ClientIp(r)}#53");
    }

    [Fact]
    public void A_message_the_miner_split_into_templates_that_runs_at_fifteen_times_its_rate_is_a_warning_spike_of_the_family()
    {
        // about six an hour over its forms; then four a minute for half an hour: no single form reaches a spike of its own
        DateTimeOffset start = Tuesday.AddHours(15);
        var usual = BaselineHarness.Decode(new ServerLogStream(8).Rate(App, _ => 0.1, (r, t) => LameServer(r, t)).Lines(Monday, Monday.AddDays(2)));
        var spike = Spread(start, TimeSpan.FromMinutes(30), 30 * 4, (r, t) => BaselineHarness.Decode(t, App, LameServer(r, t)), seed: 3);
        // the same lines at once (a resolver's cache flushed) hold no rate
        var batch = Spread(start, TimeSpan.FromSeconds(40), 60, (r, t) => BaselineHarness.Decode(t, App, LameServer(r, t)), seed: 3);

        var spiked = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Merge(BaselineHarness.Background(2), usual), spike), Monday.AddDays(2));
        var batched = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Merge(BaselineHarness.Background(2), usual), batch), Monday.AddDays(2));

        output.WriteLine(spiked.Describe());
        var forms = spiked.Miner.Templates.Where(t => t.Text.Contains("lame server", StringComparison.Ordinal) && t.MergedInto == 0).ToList();
        Assert.True(forms.Count >= 2, "the premise: the miner keeps the message apart by its quoted names"); // else there is no family to count
        Assert.Single(spiked.Alerts.Select(f => f.Key).Distinct()); // one finding, updated at most once a minute while it lasts
        Finding warning = spiked.Alerts[0];
        Assert.Equal(BaselineKinds.TemplateSpike, warning.Kind);
        Assert.Contains("lame server", warning.Title, StringComparison.Ordinal);
        Assert.InRange(warning.Timestamp, start.AddSeconds(30), start.AddMinutes(4)); // ten lines at forty times the rate, over two minutes
        Assert.Equal(App, warning.Entities[EntityNames.Source]);
        Assert.False(warning.Entities.ContainsKey(EntityNames.Template)); // a family, not one template
        Assert.True(warning.Evidence!.Templates.Count >= 2);
        Assert.Empty(batched.Alerts);
    }

    [Fact]
    public void A_familys_learned_rate_survives_a_restart()
    {
        DateTimeOffset restart = Tuesday.AddHours(12);
        DateTimeOffset start = Tuesday.AddHours(15);
        var usual = BaselineHarness.Decode(new ServerLogStream(8).Rate(App, _ => 0.1, (r, t) => LameServer(r, t)).Lines(Monday, Monday.AddDays(2)));
        var spike = Spread(start, TimeSpan.FromMinutes(30), 30 * 4, (r, t) => BaselineHarness.Decode(t, App, LameServer(r, t)), seed: 3);
        var lines = BaselineHarness.Merge(BaselineHarness.Merge(BaselineHarness.Background(2), usual), spike).ToList();
        var before = new BaselineHarness().Run(lines.Where(l => l.Time < restart), restart);
        byte[] state = before.Detector.SaveState();

        var restored = new BaselineDetector(null, before.Miner);
        restored.LoadState(state);
        var after = new BaselineHarness(detector: restored, miner: before.Miner).Run(lines.Where(l => l.Time >= restart), Monday.AddDays(2));

        output.WriteLine(after.Describe());
        Finding warning = Assert.Single(after.Alerts.Where(f => f.Kind == BaselineKinds.TemplateSpike).GroupBy(f => f.Key)).First();
        Assert.Contains("lame server", warning.Title, StringComparison.Ordinal);
        Assert.InRange(warning.Timestamp, start.AddSeconds(30), start.AddMinutes(4)); // judged at once: its first sight and its rate came back
    }

    [Fact]
    public void A_family_stays_quiet_while_one_of_its_templates_spikes_on_its_own()
    {
        // one form at twenty times its rate: its own template spike tells it, and the family does not say it again
        DateTimeOffset start = Tuesday.AddHours(15);
        var usual = BaselineHarness.Decode(new ServerLogStream(8).Rate(App, _ => 0.1, (r, t) => LameServer(r, t)).Lines(Monday, Monday.AddDays(2)));
        var spike = Spread(start, TimeSpan.FromMinutes(20), 20 * 25, (r, t) =>
            BaselineHarness.Decode(t, App, AppLine(t, "info", $"lame-servers: info: lame server resolving 'ns.tracker.example' (in 'example-shop.de'?): {ClientIp(r)}#53")));

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Merge(BaselineHarness.Background(2), usual), spike), Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        var spikes = harness.Of(BaselineKinds.TemplateSpike);
        Assert.NotEmpty(spikes);
        Assert.All(spikes, f => Assert.True(f.Entities.ContainsKey(EntityNames.Template), f.Title)); // the template's own findings only
    }

    [Fact]
    public void A_spike_of_an_error_template_is_a_warning_within_half_a_minute()
    {
        DateTimeOffset start = Monday.AddDays(2).AddHours(11);
        var burst = Spread(start, TimeSpan.FromMinutes(3), 150, (r, t) => BaselineHarness.Decode(t, NginxError,
            string.Create(CultureInfo.InvariantCulture, $"{t:yyyy/MM/dd HH:mm:ss} [error] 812#812: *{r.Next(1, 99999)} upstream timed out (110: Connection timed out) while reading response header from upstream, client: {ClientIp(r)}, server: shop.example.com, request: \"GET /api/items/{r.Next(1, 5000)} HTTP/1.1\", upstream: \"http://127.0.0.1:8080/api/items\", host: \"shop.example.com\"")));

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(3), burst), Monday.AddDays(3));

        output.WriteLine(harness.Describe());
        var spike = harness.Of(BaselineKinds.TemplateSpike);
        Assert.Equal(FindingSeverity.Info, spike[0].Severity);
        Finding warning = spike.First(f => f.Severity == FindingSeverity.Warning);
        Assert.InRange(warning.Timestamp, start, start.AddSeconds(25)); // its 16th line: 50 a minute where one in 100 minutes is normal
        Assert.Equal(NginxError, warning.Entities[EntityNames.Source]);
        Assert.Contains("upstream timed out", harness.Miner.Resolve(TemplateOf(harness, warning)).Text, StringComparison.Ordinal);
        Assert.All(harness.Alerts, f => Assert.Equal(NginxError, f.Entities[EntityNames.Source]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_error_line_that_spikes_with_a_password_guessers_failures_is_their_echo_not_a_warning(bool withGuesser)
    {
        // sshd's "kex_exchange_identification: Connection reset by peer": a scanner's dropped connection every two hours.
        string Kex(DateTimeOffset t, int pid) =>
            string.Create(CultureInfo.InvariantCulture, $"{t:MMM dd HH:mm:ss} web1 sshd[{pid}]: error: kex_exchange_identification: read: Connection reset by peer");
        var kex = new List<LogLine>();
        for (DateTimeOffset t = Monday.AddMinutes(17); t < Monday.AddDays(3); t += TimeSpan.FromHours(2))
        {
            kex.Add(BaselineHarness.Decode(t, ServerLogStream.Auth, Kex(t, 4000 + kex.Count)));
        }
        // Wednesday 02:00: a guesser's 150 failures in 5 minutes, and twelve of its connections reset at the key exchange.
        DateTimeOffset start = Monday.AddDays(2).AddHours(2);
        var attack = Spread(start, TimeSpan.FromMinutes(5), 12, (r, t) => BaselineHarness.Decode(t, ServerLogStream.Auth, Kex(t, r.Next(5000, 6000))));
        if (withGuesser)
        {
            attack.AddRange(Spread(start, TimeSpan.FromMinutes(5), 150, (r, t) => BaselineHarness.Decode(t, ServerLogStream.Auth,
                string.Create(CultureInfo.InvariantCulture, $"{t:MMM dd HH:mm:ss} web1 sshd[{r.Next(6000, 7000)}]: Failed password for root from 203.0.113.50 port {r.Next(30000, 60000)} ssh2"))));
            attack.Sort((a, b) => a.Time.CompareTo(b.Time));
        }

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Merge(BaselineHarness.Background(3), kex), attack), Monday.AddDays(3));

        output.WriteLine(harness.Describe());
        var spikes = harness.Of(BaselineKinds.TemplateSpike).Where(f => harness.Miner.Resolve(TemplateOf(harness, f)).Text.Contains("kex_exchange", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(spikes);
        Assert.Equal(withGuesser ? FindingSeverity.Info : FindingSeverity.Warning, spikes.Max(f => f.Severity));
    }

    [Fact]
    public void A_warning_twice_as_tight_as_the_tightest_cluster_of_normal_times_is_a_warning_spike_at_its_eighth_line()
    {
        // A warning that comes about once a minute and, in two days of normal times, once came eight times within
        // 45 s (a busy moment). Eight lines within 17.5 s now are 2.6 times tighter than that, and under its rate
        // (P < 1e-6 per line) a spike at the eighth line: not only when sixteen have come, 20 s later.
        var random = new Random(5);
        var lines = new List<LogLine>();
        DateTimeOffset cluster = Monday.AddHours(30);
        DateTimeOffset start = Monday.AddDays(2).AddHours(10);
        // The line goes on at its rate after the spike (as before it): a line that stopped for good would leave the app
        // log a sixth thinner for the rest of the day, which is another event (its gaps past their tail at night).
        for (DateTimeOffset t = Monday.AddSeconds(7); t < Monday.AddDays(3); t += TimeSpan.FromSeconds(60 + random.Next(0, 25)))
        {
            if ((t >= cluster && t < cluster.AddSeconds(60)) || (t >= start && t < start.AddMinutes(5)))
            {
                continue;
            }

            lines.Add(AppAt(t, "warn", $"upstream pricing service slow, served stale prices for cart {random.Next(1000, 99999)}"));
        }

        for (int i = 0; i < 8; i++)
        {
            lines.Add(AppAt(cluster.AddSeconds(i * 45 / 7.0), "warn", $"upstream pricing service slow, served stale prices for cart {random.Next(1000, 99999)}"));
        }

        var spike = Spread(start, TimeSpan.FromMinutes(5), 120, (r, t) => AppAt(t, "warn", $"upstream pricing service slow, served stale prices for cart {r.Next(1000, 99999)}"));
        lines.AddRange(spike);
        lines.Sort((a, b) => a.Time.CompareTo(b.Time));

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(3), lines), Monday.AddDays(3));

        output.WriteLine(harness.Describe());
        Finding warning = harness.Of(BaselineKinds.TemplateSpike).First(f => f.Severity == FindingSeverity.Warning);
        Assert.InRange(warning.Timestamp, start, start.AddSeconds(30)); // the eighth line, at 17.5 s (the sixteenth is at 37.5 s)
        Assert.Contains("8 lines in", warning.Title, StringComparison.Ordinal);
        Assert.Single(harness.Alerts.Select(f => f.Key).Distinct());
    }

    [Fact]
    public void A_warning_line_that_keeps_coming_is_judged_against_its_rate_before_the_rise()
    {
        // 8 a minute of a line that comes once in twenty minutes: the first minute, closed before the count
        // crossed any threshold, must not become the "peak" the rest of the spike is judged against.
        DateTimeOffset start = Tuesday.AddHours(14).AddSeconds(5);
        var spike = Spread(start, TimeSpan.FromMinutes(15), 120, (r, t) => AppAt(t, "warn", $"slow query took {r.Next(1000, 5000)} ms: SELECT * FROM items WHERE id = ?"));

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(2), spike), Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        Assert.Single(harness.Alerts.Select(f => f.Key).Distinct()); // re-raised while it lasts, one key
        Finding warning = harness.Alerts[0];
        Assert.Equal(BaselineKinds.TemplateSpike, warning.Kind);
        Assert.InRange(warning.Timestamp, start.AddSeconds(20), start.AddMinutes(1)); // its fifth line: 5 in half a minute where 1 in 20 minutes is usual
        Assert.Equal(App, warning.Entities[EntityNames.Source]);
        Assert.Contains("slow query", harness.Miner.Resolve(TemplateOf(harness, warning)).Text, StringComparison.Ordinal);
        Assert.Contains("5 lines in", warning.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_warning_that_always_comes_in_a_cluster_stays_quiet_when_it_clusters_again()
    {
        // A job that retries five times within half a minute, every six hours: its clusters are what it does.
        var clusters = Enumerable.Range(0, 8).Select(i => Monday.AddHours(1 + (6 * i)).AddMinutes(i * 7))
            .SelectMany((at, i) => Spread(at, TimeSpan.FromSeconds(30), 5, (r, t) => AppAt(t, "warn", $"retrying export job {r.Next(100, 999)} after upstream timeout"), i))
            .ToList();

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(2), clusters), Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        Assert.Empty(harness.Alerts);
    }

    [Fact]
    public void A_warning_that_follows_the_load_is_no_spike_when_the_load_grows()
    {
        // One request in twenty-five is slow, at any load: when a campaign brings 90 more requests a minute, the slow ones grow with them.
        DateTimeOffset start = Tuesday.AddHours(15);
        var busy = Spread(start, TimeSpan.FromMinutes(15), 15 * 90, (r, t) => AppAt(t, "info", $"request completed status=200 duration={r.Next(3, 400)}ms route=/api/items"))
            .Concat(Spread(start.AddSeconds(7), TimeSpan.FromMinutes(15), 15 * 90 / 25, (r, t) => AppAt(t, "warn", $"slow request to /api/items took {r.Next(2000, 9000)} ms"), 5))
            .OrderBy(l => l.Time);
        var usual = BaselineHarness.Decode(new ServerLogStream(8).Rate(App, t => Daily(0.5, 6)(t) / 25, (r, t) => AppLine(t, "warn", $"slow request to /api/items took {r.Next(2000, 9000)} ms"))
            .Lines(Monday, Monday.AddDays(2)));

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Merge(BaselineHarness.Background(2), usual), busy), Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        // The slow requests are no spike; the requests themselves, at fifteen times their peak for a quarter of an hour, are
        // (with the traffic's volume shift, one incident of the source).
        Assert.DoesNotContain(harness.Alerts, f => f.Kind == BaselineKinds.TemplateSpike
            && harness.Miner.Resolve(TemplateOf(harness, f)).Text.Contains("slow request", StringComparison.Ordinal));
        Assert.Contains(harness.Alerts, f => f.Kind == BaselineKinds.VolumeShift);
    }

    [Fact]
    public void A_known_error_written_a_dozen_times_at_once_is_no_warning()
    {
        // A restart writes the same error for every open connection in the same second: not a spike that keeps coming.
        DateTimeOffset at = Tuesday.AddHours(15);
        var restart = Spread(at, TimeSpan.FromMilliseconds(800), 12, (r, t) => AppAt(t, "error", $"failed to refresh token for tenant {r.Next(1, 40)}: upstream returned 503"));

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(2), restart), Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        Assert.Empty(harness.Alerts);
    }

    [Fact]
    public void A_burst_of_a_template_that_always_comes_in_bursts_stays_quiet()
    {
        DateTimeOffset[] bursts =
        [
            Monday.AddHours(2.2), Monday.AddHours(8.8), Monday.AddHours(13.1), Monday.AddHours(19.5), Tuesday.AddHours(3.3), Tuesday.AddHours(7.9),
        ];
        var lines = bursts.SelectMany((b, i) => Spread(b, TimeSpan.FromSeconds(50), 60, (r, t) => AppAt(t, "info", $"reindexed {r.Next(100, 9000)} documents for shard {r.Next(1, 12)}"), i))
            .Concat(Spread(Tuesday.AddHours(11.2), TimeSpan.FromSeconds(55), 70, (r, t) => AppAt(t, "info", $"reindexed {r.Next(100, 9000)} documents for shard {r.Next(1, 12)}"), 99))
            .OrderBy(l => l.Time)
            .ToList();

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(2), lines), Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        Assert.Empty(harness.Findings);
    }

    [Fact]
    public void Three_lines_of_a_template_seen_once_a_day_stay_quiet()
    {
        var lines = new List<LogLine>
        {
            AppAt(Monday.AddHours(9), "info", "nightly export of 420 orders uploaded to s3://shop-exports"),
            AppAt(Tuesday.AddHours(12), "info", "nightly export of 17 orders uploaded to s3://shop-exports"),
            AppAt(Tuesday.AddHours(12).AddSeconds(1), "info", "nightly export of 3 orders uploaded to s3://shop-exports"),
            AppAt(Tuesday.AddHours(12).AddSeconds(2), "info", "nightly export of 9 orders uploaded to s3://shop-exports"),
        };

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(2), lines), Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        Assert.Empty(harness.Findings);
    }

    [Fact]
    public void A_busy_line_that_stops_is_an_info_drop_after_a_quarter_hour()
    {
        DateTimeOffset stop = Tuesday.AddHours(13);
        var lines = BaselineHarness.Background(2).Where(l =>
            !(l.Source == App && l.Time >= stop && l.Time < stop.AddHours(1) && l.Record.Message.StartsWith("worker processed", StringComparison.Ordinal)));

        var harness = new BaselineHarness().Run(lines, Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        var drop = harness.Of(BaselineKinds.TemplateDrop);
        Assert.NotEmpty(drop);
        Assert.InRange(drop[0].Timestamp, stop.AddMinutes(10), stop.AddMinutes(17));
        Assert.Equal(FindingSeverity.Info, drop[0].Severity);
        Assert.Contains("worker processed", harness.Miner.Resolve(TemplateOf(harness, drop[0])).Text, StringComparison.Ordinal);
        Assert.All(drop, f => Assert.InRange(f.Timestamp, stop, stop.AddHours(1.3)));
        Assert.Empty(harness.Alerts);
    }

    [Fact]
    public void A_storm_of_lines_on_a_source_is_an_info_volume_shift()
    {
        DateTimeOffset start = Tuesday.AddHours(15);
        var storm = Spread(start, TimeSpan.FromMinutes(30), 30 * 40, (r, t) => BaselineHarness.Decode(t, Syslog,
            SyslogLine(t, "systemd", 1, $"session-{r.Next(1, 90)}.scope: Consumed {r.Next(1, 900)}ms CPU time.")));

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(2), storm), Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        var shift = harness.Of(BaselineKinds.VolumeShift);
        Assert.NotEmpty(shift);
        Assert.Equal(Syslog, shift[0].Entities[EntityNames.Source]);
        Assert.Equal(Host, shift[0].Entities[EntityNames.Host]);
        Assert.InRange(shift[0].Timestamp, start, start.AddMinutes(5));
        Assert.Empty(harness.Alerts);
    }

    [Fact]
    public void A_burst_of_a_known_error_is_a_warning_spike_of_its_template_and_an_info_error_burst()
    {
        DateTimeOffset start = Tuesday.AddHours(16);
        var burst = Spread(start, TimeSpan.FromMinutes(4), 40, (r, t) => AppAt(t, "error", $"failed to refresh token for tenant {r.Next(1, 40)}: upstream returned 503"))
            .Concat(Spread(start.AddSeconds(3), TimeSpan.FromMinutes(4), 25, (r, t) => AppAt(t, "warn", $"slow query took {r.Next(1000, 5000)} ms: SELECT * FROM items WHERE id = ?")))
            .OrderBy(l => l.Time);

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(2), burst), Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        var errors = harness.Of(BaselineKinds.ErrorBurst);
        Assert.NotEmpty(errors);
        Assert.InRange(errors[0].Timestamp, start, start.AddMinutes(1));
        Assert.Equal(App, errors[0].Entities[EntityNames.Source]);
        Assert.Contains("failed to refresh token", harness.Miner.Resolve(TemplateOf(harness, errors[^1])).Text, StringComparison.Ordinal);
        Assert.All(errors, f => Assert.Equal(FindingSeverity.Info, f.Severity)); // the template's own spike is the alert
        Assert.InRange(errors.Count, 2, 8); // re-raised about once a minute, not on every line
        Assert.All(harness.Alerts, f => Assert.Equal(BaselineKinds.TemplateSpike, f.Kind)); // each template's own spike (the slow queries too)
        var tokens = harness.Alerts.Where(f => harness.Miner.Resolve(TemplateOf(harness, f)).Text.Contains("failed to refresh token", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(tokens);
        Assert.InRange(tokens[0].Timestamp, start, start.AddMinutes(2));
        Assert.Equal(2, harness.Alerts.Select(f => f.Key).Distinct().Count());
    }
}
