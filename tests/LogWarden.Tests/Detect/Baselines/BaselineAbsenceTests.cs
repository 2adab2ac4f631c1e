using System.Globalization;
using LogWarden.Detect;
using LogWarden.Detect.Baselines;
using Xunit.Abstractions;
using static LogWarden.Tests.Detect.Baselines.ServerLogStream;

namespace LogWarden.Tests.Detect.Baselines;

/// <summary>What stops: cron jobs that miss their run, sources that go silent.</summary>
public sealed class BaselineAbsenceTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Tuesday = Monday.AddDays(1);

    private static bool IsSysstatJob(LogLine line) => line.Source == Syslog && line.Record.Message.Contains("debian-sa1", StringComparison.Ordinal);

    [Fact]
    public void A_five_minute_cron_job_that_stops_is_a_warning_half_a_minute_after_its_run_was_due()
    {
        DateTimeOffset stop = Tuesday.AddHours(12).AddMinutes(2); // last run 12:00:01, next due 12:05:01
        var lines = BaselineHarness.Background(2).Where(l => !(IsSysstatJob(l) && l.Time >= stop));

        var harness = new BaselineHarness().Run(lines, Tuesday.AddHours(12.5));

        output.WriteLine(harness.Describe());
        var missed = harness.Of(BaselineKinds.PeriodicMissed);
        Assert.NotEmpty(missed);
        Finding first = missed[0];
        Assert.Equal(FindingSeverity.Warning, first.Severity);
        Assert.InRange(first.Timestamp, Tuesday.AddHours(12).AddMinutes(5).AddSeconds(31), Tuesday.AddHours(12).AddMinutes(5).AddSeconds(45));
        Assert.Equal(Syslog, first.Entities[EntityNames.Source]);
        Assert.Equal(Host, first.Entities[EntityNames.Host]);
        Assert.Equal("CRON", first.Entities[EntityNames.Process]);
        Assert.Contains("debian-sa1", harness.Miner.Resolve(int.Parse(first.Entities[EntityNames.Template], CultureInfo.InvariantCulture)).Text, StringComparison.Ordinal);
        Assert.Equal(1, first.Count);
        Assert.Equal(2, missed[1].Count); // raised again for the next run missed, same key
        Assert.Equal(first.Key, missed[1].Key);
        Assert.Equal(missed.Count, harness.Alerts.Count);
    }

    [Fact]
    public void A_cron_job_that_stopped_and_came_back_is_missed_again_the_next_time_it_stops()
    {
        // Stopped for half an hour at noon (raised), back, and stopped again at four: the outage was not how the
        // job skips runs, so its next stop is a warning as soon as the first.
        DateTimeOffset first = Tuesday.AddHours(12).AddMinutes(2), second = Tuesday.AddHours(16).AddMinutes(2);
        var lines = BaselineHarness.Background(2).Where(l => !(IsSysstatJob(l) && ((l.Time >= first && l.Time < first.AddMinutes(30)) || l.Time >= second)));

        var harness = new BaselineHarness().Run(lines, Tuesday.AddHours(16.5));

        output.WriteLine(harness.Describe());
        var missed = harness.Alerts.Where(f => f.Kind == BaselineKinds.PeriodicMissed).ToList();
        Assert.Contains(missed, f => f.Timestamp < first.AddMinutes(5));
        Finding again = missed.First(f => f.Timestamp >= second);
        Assert.InRange(again.Timestamp, Tuesday.AddHours(16).AddMinutes(5).AddSeconds(31), Tuesday.AddHours(16).AddMinutes(5).AddSeconds(45));
    }

    private const string CronLog = "/var/log/cron";

    /// <summary>
    /// A RHEL cron log: sysstat every 10 minutes and an hourly backup at :17, each run a <c>CMD</c> line and a
    /// <c>CMDEND</c> line 0.1–9 s later (cronie logs both); the backup does not run from <paramref name="stop"/>
    /// to <paramref name="back"/>.
    /// </summary>
    private static IEnumerable<LogLine> CronFile(DateTimeOffset from, DateTimeOffset until, DateTimeOffset stop, DateTimeOffset back)
    {
        var random = new Random(5);
        var lines = new List<(DateTimeOffset Time, string Source, string Line)>();
        for (DateTimeOffset m = from; m < until; m = m.AddMinutes(1))
        {
            var jobs = new List<string>();
            if (m.Minute % 10 == 0)
            {
                jobs.Add("/usr/lib64/sa/sa1 1 1");
            }
            if (m.Minute == 17 && !(m >= stop && m < back))
            {
                jobs.Add("/usr/local/sbin/db-backup.sh --to s3://backup/db/");
            }
            foreach (string job in jobs)
            {
                int pid = random.Next(2000, 60000);
                DateTimeOffset t = m.AddSeconds(1 + random.NextDouble());
                lines.Add((t, CronLog, SyslogLine(t, "CROND", pid, $"(root) CMD ({job})")));
                DateTimeOffset end = t.AddSeconds(0.1 + (random.NextDouble() * 9));
                lines.Add((end, CronLog, SyslogLine(end, "CROND", pid, $"(root) CMDEND ({job})")));
            }
        }
        lines.Sort((a, b) => a.Time.CompareTo(b.Time));
        return BaselineHarness.Decode(lines);
    }

    [Fact]
    public void An_hourly_job_that_stays_missing_is_one_incident_until_it_runs_again()
    {
        // The backup last runs at 12:17 and comes back at 20:17. Its CMD and CMDEND lines are two periodic
        // templates of one job: one finding (one key) counts its missed runs, updated more often than an incident
        // goes quiet, so a real tracker keeps one incident for the eight hours; the run at 20:17 resolves it.
        DateTimeOffset stop = Tuesday.AddHours(13), back = Tuesday.AddHours(20);
        var harness = new BaselineHarness();
        harness.Sink.Track(new LogWarden.Detect.Incidents.IncidentTracker());
        harness.Run(CronFile(Monday, Tuesday.AddHours(21), stop, back), Tuesday.AddHours(21));

        output.WriteLine(harness.Describe());
        var missed = harness.Of(BaselineKinds.PeriodicMissed);
        Assert.NotEmpty(missed);
        Assert.All(missed, f => Assert.Equal(missed[0].Key, f.Key));
        Assert.Contains("CMD", missed[0].Title, StringComparison.Ordinal);
        Assert.Contains("s3://backup/db/", missed[0].Title, StringComparison.Ordinal);
        Assert.Equal(FindingSeverity.Warning, missed[0].Severity);
        Assert.InRange(missed[0].Timestamp, Tuesday.AddHours(13).AddMinutes(17), Tuesday.AddHours(13).AddMinutes(19));
        Assert.True(missed.Max(f => f.Count) >= 7, harness.Describe(missed));
        Assert.All(missed, f => Assert.True(f.Timestamp < back.AddMinutes(17), f.Title));
        var incidents = harness.Sink.Opened.Where(o => o.Key == missed[0].Key).ToList();
        var only = Assert.Single(incidents);
        Assert.Single(harness.Sink.Opened, o => o.Severity >= FindingSeverity.Warning); // no other alert on this log
        (long id, DateTimeOffset at) = Assert.Single(harness.Sink.Closed, c => c.Id == only.Id);
        Assert.InRange(at, back.AddMinutes(17), back.AddMinutes(18)); // resolved by the run, not by a quiet period
        Assert.Contains(harness.Sink.Resolved, r => r.Key == missed[0].Key);
    }

    [Fact]
    public void Jobs_that_run_on_working_hours_or_weekly_raise_no_warning_over_nine_days()
    {
        var stream = new ServerLogStream(11).SystemJobs()
            .Every(Syslog, TimeSpan.FromMinutes(15), TimeSpan.Zero,
                (r, t) => SyslogLine(t, "CRON", 7000 + r.Next(900), "(deploy) CMD (/opt/shop/bin/sync-inventory --quiet)"),
                when: t => t.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && t.Hour is >= 9 and < 17)
            .Every(Syslog, TimeSpan.FromDays(7), TimeSpan.FromMinutes(30),
                (r, t) => SyslogLine(t, "systemd", 1, "Starting fstrim.service - Discard unused blocks on filesystems from /etc/fstab..."));

        var harness = new BaselineHarness().Run(BaselineHarness.Decode(stream.Lines(Monday, Monday.AddDays(9))), Monday.AddDays(9));

        output.WriteLine(harness.Describe());
        Assert.Empty(harness.Alerts);
        Assert.DoesNotContain(harness.Findings, f => f.Title.Contains("fstrim", StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Findings, f => f.Timestamp.Hour is >= 17 or < 9 && f.Title.Contains("sync-inventory", StringComparison.Ordinal));
    }

    [Fact]
    public void An_always_busy_source_that_goes_silent_is_a_warning_within_minutes()
    {
        DateTimeOffset stop = Tuesday.AddHours(11);
        var lines = BaselineHarness.Background(2).Where(l => !(l.Source == App && l.Time >= stop && l.Time < stop.AddHours(1)));

        var harness = new BaselineHarness().Run(lines, Monday.AddDays(2));

        output.WriteLine(harness.Describe());
        var silent = harness.Of(BaselineKinds.SourceSilent);
        Assert.NotEmpty(silent);
        Assert.InRange(silent[0].Timestamp, stop.AddMinutes(1), stop.AddMinutes(6));
        Finding warning = silent.First(f => f.Severity == FindingSeverity.Warning);
        // The tail of the app log's gaps at 11:00 on the past days ends within two minutes (GapProfile.QuietLimit).
        Assert.InRange(warning.Timestamp, stop.AddMinutes(1), stop.AddMinutes(12));
        Assert.Equal(App, warning.Entities[EntityNames.Source]);
        Assert.Equal(Host, warning.Entities[EntityNames.Host]);
        Assert.All(silent, f => Assert.InRange(f.Timestamp, stop, stop.AddHours(1)));
        Assert.Empty(harness.Of(BaselineKinds.TemplateDrop)); // the source is the finding, not each of its lines
        Assert.All(harness.Alerts, f => Assert.Equal(App, f.Entities[EntityNames.Source]));
    }

    [Fact]
    public void A_host_with_many_logs_shares_its_chance_silences_among_them()
    {
        // One hour of a source: 30 gaps over 1 s, 2 s past it on average (taken at its upper 90 % bound, 2·(1 + 1.28/√30) s).
        // At one chance silence in 20 days its quiet limit is 1 + mean·ln(24·30 / 0.05) s; when a host's sixteen logs share
        // one in five days (0.0125 each), mean·ln 4 s more.
        int[] counts = [30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        double[] excess = [60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        double mean = 2 * (1 + (1.28 / Math.Sqrt(30)));

        double alone = GapProfile.Limit(counts, excess, days: 1);
        double shared = GapProfile.Limit(counts, excess, days: 1, falsePerDay: GapProfile.HostFalseSilencesPerDay / 16);

        Assert.Equal(1 + (mean * Math.Log(24 * 30 / GapProfile.FalseSilencesPerDay)), alone, 9);
        Assert.Equal(alone + (mean * Math.Log(4)), shared, 9);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(60)]
    [InlineData(120)]
    public void A_source_learned_for_two_days_is_silent_by_chance_no_more_often_than_promised(double meanGap)
    {
        // A source whose lines arrive at random, one every meanGap seconds on average, learned for two days: its quiet limit
        // is estimated from the tail of those days' gaps, and the estimate is noisy (a sparse source has only dozens of
        // long gaps). Over 300 such learnings, how often a day would its gaps pass the limit by chance? No more often than
        // the promised once in twenty days: a limit taken from the tail's mean as measured made a sparse source's chance
        // silences half as frequent again as promised.
        var random = new Random(17);
        double perDay = 0;
        const int Trials = 300;
        for (int trial = 0; trial < Trials; trial++)
        {
            int[] counts = new int[11];
            double[] excess = new double[11];
            for (int k = 0; k < 2 * 3600 / meanGap; k++)
            {
                double gap = -meanGap * Math.Log(1 - random.NextDouble());
                for (int i = 0; i < counts.Length && gap > (1 << i); i++)
                {
                    counts[i]++;
                    excess[i] += gap - (1 << i);
                }
            }

            double limit = GapProfile.Limit(counts, excess, days: 2);
            perDay += 24 * 3600 / meanGap * Math.Exp(-limit / meanGap) / Trials;
        }

        Assert.InRange(perDay, 0, GapProfile.FalseSilencesPerDay);
    }

    [Fact]
    public void A_heartbeat_log_that_stalled_once_that_morning_still_warns_within_a_minute_when_it_stops()
    {
        // A worker's heartbeat every 15 s; it stalled for 3 minutes at 03:00 (a restart loop), then stops for good at 14:00.
        const string Worker = "/var/log/app/worker.log";
        DateTimeOffset stall = Tuesday.AddHours(3), stop = Tuesday.AddHours(14);
        var beats = new ServerLogStream(4).Every(Worker, TimeSpan.FromSeconds(15), TimeSpan.Zero,
            (r, t) => AppLine(t, "debug", $"worker heartbeat pid=4242 jobs={r.Next(1000, 9000)}"), when: t => t < stop && !(t >= stall && t < stall.AddMinutes(3)), jitterSeconds: 0.3);

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(2), BaselineHarness.Decode(beats.Lines(Monday, stop))), stop.AddMinutes(10));

        output.WriteLine(harness.Describe());
        Assert.Contains(harness.Alerts, f => f.Kind == BaselineKinds.SourceSilent && f.Timestamp < stall.AddMinutes(4)); // the stall was one too
        Finding warning = harness.Alerts.First(f => f.Kind == BaselineKinds.SourceSilent && f.Timestamp >= stop);
        Assert.InRange(warning.Timestamp, stop.AddSeconds(20), stop.AddSeconds(60)); // three beats missed, not three times the morning's stall
        Assert.Equal(Worker, warning.Entities[EntityNames.Source]);
    }

    /// <summary>
    /// A job worker's log: jobs arrive at random, 1.5 a minute at night to 4 in the afternoon, each writing "started"
    /// and "completed" within three seconds. Its longest gap of an hour is 3-4 minutes, so three times the longest
    /// gap of the week is 10-12 minutes; the tail of its gaps at this hour says that a silence past ~3.5 minutes at
    /// 14:00 (~16 s between jobs) happens by chance less than once in 20 days.
    /// </summary>
    private static IEnumerable<LogLine> Worker(int seed, DateTimeOffset from, DateTimeOffset stop)
    {
        var random = new Random(seed);
        var lines = new List<(DateTimeOffset Time, string Source, string Line)>();
        var rate = Daily(1.5, 4);
        for (DateTimeOffset t = from; t < stop;)
        {
            t = t.AddSeconds(-Math.Log(1 - random.NextDouble()) * 60 / rate(t));
            if (t >= stop)
            {
                break;
            }
            int job = random.Next(100_000, 999_999);
            lines.Add((t, WorkerLog, AppLine(t, "info", $"job started id={job}")));
            DateTimeOffset done = t.AddSeconds(0.05 + (random.NextDouble() * 3));
            lines.Add((done, WorkerLog, AppLine(done, "info", $"job completed id={job} duration_ms={random.Next(20, 2800)}")));
        }
        lines.Sort((a, b) => a.Time.CompareTo(b.Time));
        return BaselineHarness.Decode(lines);
    }

    private const string WorkerLog = "/var/log/app/worker.log";

    [Fact]
    public void A_worker_log_silent_past_what_the_tail_of_its_gaps_allows_is_a_warning_within_minutes()
    {
        DateTimeOffset stop = Monday.AddDays(2).AddHours(14);
        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(3), Worker(7, Monday, stop)), stop.AddMinutes(20));

        output.WriteLine(harness.Describe());
        Finding warning = harness.Alerts.First(f => f.Kind == BaselineKinds.SourceSilent);
        Assert.Equal(WorkerLog, warning.Entities[EntityNames.Source]);
        Assert.InRange(warning.Timestamp, stop.AddMinutes(1), stop.AddMinutes(5)); // three times its longest gap of the week: 10-12 min
        Assert.All(harness.Alerts, f => Assert.Equal(WorkerLog, f.Entities[EntityNames.Source]));
    }

    [Fact]
    public void A_worker_log_with_its_jobs_at_random_raises_no_silence_in_its_normal_days()
    {
        DateTimeOffset end = Monday.AddDays(4);
        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(4), Worker(8, Monday, end)), end);

        output.WriteLine(harness.Describe());
        Assert.DoesNotContain(harness.Alerts, f => f.Kind == BaselineKinds.SourceSilent);
    }

    [Fact]
    public void A_log_written_in_batches_every_ten_minutes_is_not_silent_between_them()
    {
        // A report job writes 30 lines within a few seconds every 10 minutes, nothing else: its gaps between batches
        // are long and never random; a silence of a batch or two is the periodic job's finding, not the source's.
        const string Reports = "/var/log/app/reports.log";
        var batches = new ServerLogStream(9).Every(Reports, TimeSpan.FromMinutes(10), TimeSpan.Zero, (r, t) => "", jitterSeconds: 20);
        var lines = batches.Lines(Monday, Monday.AddDays(3)).SelectMany(batch => Enumerable.Range(0, 30).Select(i =>
        {
            DateTimeOffset at = batch.Time.AddMilliseconds(i * 150);
            return (at, batch.Source, AppLine(at, "info", $"report row {i} written"));
        }));

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(3), BaselineHarness.Decode(lines)), Monday.AddDays(3));

        output.WriteLine(harness.Describe());
        Assert.DoesNotContain(harness.Alerts, f => f.Kind == BaselineKinds.SourceSilent);
    }

    [Fact]
    public void A_source_that_is_quiet_every_night_is_not_silent_at_night()
    {
        var mail = new ServerLogStream(5)
            .Rate("/var/log/mail.log", Constant(2), (r, t) => SyslogLine(t, "postfix/smtpd", 3000 + r.Next(999), $"connect from mail-{r.Next(1, 90)}.example.net[198.51.100.{r.Next(1, 250)}]"),
                when: t => t.Hour is >= 8 and < 20);

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(3), BaselineHarness.Decode(mail.Lines(Monday, Monday.AddDays(3)))), Monday.AddDays(3));

        output.WriteLine(harness.Describe());
        Assert.Empty(harness.Of(BaselineKinds.SourceSilent));
        Assert.Empty(harness.Alerts);
    }

    [Fact]
    public void An_hourly_cron_job_that_stops_is_a_warning_half_a_minute_after_its_run_was_due()
    {
        // The backup at :17 starts within two seconds of its minute, like the ten-minute sysstat job: its learned
        // jitter says so, and a run missed by half a minute is missed whatever the period (not 2 % of an hour, 72 s).
        DateTimeOffset stop = Tuesday.AddHours(13), back = Tuesday.AddHours(20);
        var harness = new BaselineHarness().Run(CronFile(Monday, Tuesday.AddHours(14), stop, back), Tuesday.AddHours(14));

        output.WriteLine(harness.Describe());
        Finding missed = harness.Alerts.First(f => f.Kind == BaselineKinds.PeriodicMissed);
        Assert.Contains("s3://backup/db/", missed.Title, StringComparison.Ordinal);
        DateTimeOffset due = stop.AddMinutes(17); // the run was due at 13:17:01-13:17:02
        Assert.InRange(missed.Timestamp, due.AddSeconds(30), due.AddSeconds(45));
    }

    private const string ApiLog = "/var/log/api/api.log";

    /// <summary>A Go API's log: a health check every 10 s from the local monitor, requests at random.</summary>
    private static ServerLogStream Api(int seed, Func<DateTimeOffset, bool> writes) => new ServerLogStream(seed)
        .Every(ApiLog, TimeSpan.FromSeconds(10), TimeSpan.Zero, (r, t) => AppLine(t, "info", $"request method=GET path=/healthz status=200 dur={r.Next(1, 9)}00us"), writes, jitterSeconds: 0.1)
        .Rate(ApiLog, Daily(0.3, 1.5), (r, t) => AppLine(t, "info", $"request method=GET path=/v1/items status=200 dur={r.Next(1, 80)}ms"), writes);

    [Fact]
    public void A_source_whose_error_stopped_repeating_hours_before_still_warns_when_it_goes_silent()
    {
        // At noon the API failed to write uploads once a minute for nine minutes (a full disk, freed): a rhythm too short
        // to be steady, so its end was an Info "missed run" that alerted nobody. At 14:43 the API stops writing: its
        // silence is the alert (three health checks missed), not explained away by the error that stopped two hours before.
        DateTimeOffset wednesday = Monday.AddDays(2), stop = wednesday.AddHours(14).AddMinutes(43);
        var api = Api(11, t => t < stop);
        for (int i = 0; i < 9; i++)
        {
            DateTimeOffset at = wednesday.AddHours(12).AddMinutes(44 + i).AddSeconds(3);
            api.Line(at, ApiLog, AppLine(at, "error", "write upload failed: open /srv/uploads/tmp/part-0001: no space left on device"));
        }

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(3), BaselineHarness.Decode(api.Lines(Monday, stop))), stop.AddMinutes(20));

        output.WriteLine(harness.Describe());
        Assert.Contains(harness.Findings, f => f.Kind == BaselineKinds.PeriodicMissed && f.Severity == FindingSeverity.Info && f.Timestamp < stop);
        Finding silent = harness.Alerts.First(f => f.Kind == BaselineKinds.SourceSilent);
        Assert.Equal(ApiLog, silent.Entities[EntityNames.Source]);
        Assert.InRange(silent.Timestamp, stop.AddSeconds(20), stop.AddSeconds(60));
    }

    [Fact]
    public void An_error_that_repeated_every_minute_and_stopped_is_a_recovery_not_a_missed_job()
    {
        // At noon the API could not reach its database and logged the same error every minute, on the second, for half
        // an hour (a client's retry loop: as steady as any cron job). The database came back: the error stops. That is
        // the outage ending, so the template's missed runs are recorded as Info and page nobody.
        DateTimeOffset wednesday = Monday.AddDays(2), back = wednesday.AddHours(13).AddMinutes(14);
        var api = Api(11, _ => true);
        for (DateTimeOffset at = wednesday.AddHours(12).AddMinutes(44).AddSeconds(3); at < back; at = at.AddMinutes(1))
        {
            api.Line(at, ApiLog, AppLine(at, "error", "db pool: dial tcp 10.0.0.5:5432: connect: connection refused, retrying in 60s"));
        }

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(3), BaselineHarness.Decode(api.Lines(Monday, back.AddHours(1)))), back.AddHours(1));

        output.WriteLine(harness.Describe());
        Assert.Contains(harness.Findings, f => f.Kind == BaselineKinds.PeriodicMissed && f.Severity == FindingSeverity.Info && f.Timestamp > back);
        Assert.DoesNotContain(harness.Alerts, f => f.Kind == BaselineKinds.PeriodicMissed);
    }

    [Fact]
    public void A_heartbeat_log_silent_for_three_beats_warns_even_when_its_hour_was_thin_on_other_days()
    {
        // A CI worker's heartbeat every 30 s; on Monday and Tuesday it was stopped from 13:00 to 13:40 (maintenance), so
        // the cautious rate around 14:00 (the thinner of 13:00 and 14:00) is a third of its beats. At 14:20 on Wednesday
        // it stops: never quiet over 30 s in its other hours, three beats missed are owed three lines, whatever that thin
        // hour's rate says.
        const string Worker = "/var/log/ci/worker.log";
        DateTimeOffset wednesday = Monday.AddDays(2), stop = wednesday.AddHours(14).AddMinutes(20);
        var beats = new ServerLogStream(12).Every(Worker, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(7),
            (r, t) => AppLine(t, "info", $"heartbeat ok queue_depth={r.Next(0, 4)}"),
            when: t => t < stop && !(t < wednesday && t.Hour == 13 && t.Minute < 40), jitterSeconds: 0.2);

        var harness = new BaselineHarness().Run(BaselineHarness.Merge(BaselineHarness.Background(3), BaselineHarness.Decode(beats.Lines(Monday, stop))), stop.AddMinutes(15));

        output.WriteLine(harness.Describe());
        Finding silent = harness.Alerts.First(f => f.Kind == BaselineKinds.SourceSilent && f.Timestamp >= stop.AddMinutes(-1));
        Assert.Equal(Worker, silent.Entities[EntityNames.Source]);
        Assert.InRange(silent.Timestamp, stop.AddSeconds(60), stop.AddSeconds(100)); // the last beat at 14:19:37, three missed at 14:21:07
    }
}
