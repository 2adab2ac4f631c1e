using LogWarden.Parse;

namespace LogWarden.Detect.Baselines;

/// <summary>What stops: periodic templates that miss their run, sources that go silent.</summary>
internal sealed partial class BaselineDetector
{
    /// <summary>A new run of a template: keep a sample, and list the template once it is periodic.</summary>
    private void OnRun(SourceBaseline source, TemplateBaseline template, LogRecord record)
    {
        if (ReferenceEquals(source.MissingJob, template) && template.Period.LastOnPeriod
            && Math.Abs(template.Period.Period - source.MissingJobPeriod) <= 0.05 * source.MissingJobPeriod)
        {
            source.MissingJob = null; // back to its rhythm
        }
        if (record.Raw.Length <= Evidence.MaxSampleLength)
        {
            template.Sample = record.Raw;
        }
        if (!template.Listed && IsPeriodic(template))
        {
            template.Listed = true;
            source.Periodic.Add(template);
        }
    }

    private bool IsPeriodic(TemplateBaseline template) =>
        template.Period.IsPeriodic(_options.PeriodicMinRuns, _options.MinPeriod.TotalSeconds, _options.MaxPeriod.TotalSeconds);

    /// <summary>
    /// A periodic template whose next run is later than its margin. A Warning when the job is steady
    /// (a long clean streak, little jitter), else Info; raised again (the same finding, updated) for each further run missed and every 10 min while the job stays missing, and resolved when it runs again. Not
    /// raised for runs due at hours (or, after the first week, weekdays) the job never ran at, nor while
    /// the whole source is silent, nor before more runs are missed than the job was ever seen to skip; only
    /// one Info for the first run expected after such hours (the job may run on working days only). A job missing for a day (or three periods) is forgotten and learned anew.
    /// </summary>
    private void CheckPeriodic(SourceBaseline source, long sourceNow, IFindingSink sink)
    {
        List<TemplateBaseline> periodic = source.Periodic;
        for (int i = periodic.Count - 1; i >= 0; i--)
        {
            TemplateBaseline template = periodic[i];
            ref PeriodLearner period = ref template.Period;
            long periodTicks = (long)(period.Period * LogClock.TicksPerSecond);
            if (!IsPeriodic(template) || template.Template is { MergedInto: not 0 } || periodTicks <= 0
                || sourceNow - period.RunStart > Math.Max(LogClock.TicksPerDay, 3 * periodTicks))
            {
                if (IsPeriodic(template) && template.Template is not { MergedInto: not 0 })
                {
                    period.Forget();
                }
                template.Listed = false;
                periodic.RemoveAt(i);
                continue;
            }
            long marginTicks = (long)(period.LateMarginSeconds(_options.MinLateMargin.TotalSeconds) * LogClock.TicksPerSecond);
            long overdue = sourceNow - marginTicks - period.RunStart;
            if (overdue < periodTicks)
            {
                continue;
            }
            int latest = (int)Math.Min(int.MaxValue, overdue / periodTicks);
            if (latest <= period.Missed)
            {
                continue;
            }
            long history = sourceNow - template.FirstSeen;
            int expected = 0;
            long due = 0;
            for (int run = period.Missed + 1; run <= latest; run++)
            {
                long at = period.DueAt(run);
                if (at < source.LearnedAt)
                {
                    continue;
                }
                if (!period.RunsAt(at, history) || !period.RunsAt(at + marginTicks, history))
                {
                    period.Resuming = true;
                    continue;
                }
                expected++;
                due = at;
            }
            period.Missed = latest;
            period.MissedExpected += expected;
            if (expected == 0 || period.MissedExpected <= period.MaxSkipped
                || (source.LastActivity < due && source.SilenceRaised != 0) || (period.Resuming && period.ResumeRaised))
            {
                continue;
            }
            if (source.MissingJobKey is not null && source.MissingJob is { } job && !ReferenceEquals(job, template) && IsPartOfJob(template, job))
            {
                // The job's other line (its "finished" after its "started"): the job's finding counts the runs.
                period.MissedRaised = true; // an outage, not a skip to learn
                continue;
            }
            period.ResumeRaised |= period.Resuming;
            RaiseMissedRun(source, template, period.MissedExpected, due, sourceNow, sink);
        }
        // A job still missing: its finding is updated (a page is one job gone, not one per missed run) until it runs again.
        if (source.MissingJobKey is not null && source.MissingJob is { Listed: true, Period.MissedRaised: true } missing
            && sourceNow - source.MissingJobRaised >= _absenceRepeatTicks && sourceNow - source.MissingJobSince < _options.AbsenceGiveUp.Ticks)
        {
            RaiseMissedRun(source, missing, source.MissingJobRuns, missing.Period.DueAt(1), sourceNow, sink);
        }
    }

    /// <summary>
    /// Whether a periodic template is another line of a job found missing: the same period, its last run within the
    /// job's late margin of the job's last run (a cron job's CMD and CMDEND, a timer's "Starting" and "Finished"), and
    /// the job not run since.
    /// </summary>
    private bool IsPartOfJob(TemplateBaseline template, TemplateBaseline job) =>
        job.Period.MissedRaised && job.Period.Period > 0
        && Math.Abs(template.Period.Period - job.Period.Period) <= 0.05 * job.Period.Period
        && Math.Abs(template.Period.RunStart - job.Period.RunStart) <= job.Period.LateMarginSeconds(_options.MinLateMargin.TotalSeconds) * LogClock.TicksPerSecond;

    /// <summary>A template found missing ran again: when it is the missing job (or one of its lines), the job's finding is resolved.</summary>
    private void OnJobBack(SourceBaseline source, TemplateBaseline template, long ticks, IFindingSink sink)
    {
        if (source.MissingJobKey is not { } key || source.MissingJob is not { } job
            || !(ReferenceEquals(job, template) || Math.Abs(template.Period.Period - job.Period.Period) <= 0.05 * job.Period.Period))
        {
            return;
        }
        source.MissingJobKey = null;
        source.MissingJobRuns = 0;
        if (sink is IFindingResolver resolver)
        {
            resolver.ResolveFinding(key, LogClock.ToTime(Math.Max(ticks, _now)));
        }
    }

    private void RaiseMissedRun(SourceBaseline source, TemplateBaseline template, int missed, long due, long sourceNow, IFindingSink sink)
    {
        var entities = BaselineFindings.Entities(source, template);
        PeriodLearner period = template.Period;
        template.Period.MissedRaised = true;
        if (!ReferenceEquals(source.MissingJob, template) || source.MissingJobKey is null)
        {
            source.MissingJobSince = sourceNow;
        }
        source.MissingJob = template;
        source.MissingJobPeriod = period.Period;
        source.MissingJobRaised = sourceNow;
        source.MissingJobRuns = missed;
        // A job that runs in business hours, expected again on Saturday morning in its first week, is not steady evidence.
        // Nor is a failure that came back on a rhythm (a client retrying a dead dependency every minute): when it stops,
        // something recovered; no job is missing.
        bool steady = period.IsSteady(_options.PeriodicSteadyRuns) && !period.Resuming && !template.IsRecurringFailure(source.LearnedAt);
        source.MissingJobWarned = steady;
        TimeSpan every = TimeSpan.FromSeconds(period.Period);
        string runs = missed == 1 ? "its run" : $"{missed} runs";
        var finding = new Finding
        {
            Timestamp = LogClock.ToTime(Math.Max(sourceNow, _now)),
            Severity = steady ? FindingSeverity.Warning : FindingSeverity.Info,
            Kind = BaselineKinds.PeriodicMissed,
            Title = $"Periodic job missed {runs} on {BaselineFindings.Where(source)}: {BaselineFindings.Quote(template.Text)} runs every {LogClock.Describe(every)}, last at {LogClock.ToTime(period.RunStart):yyyy-MM-dd HH:mm:ss}, due {LogClock.ToTime(due):HH:mm:ss}",
            Entities = entities,
            FirstSeen = LogClock.ToTime(due),
            LastSeen = LogClock.ToTime(sourceNow),
            Count = missed,
            Detector = Name,
            Evidence = new Evidence
            {
                Templates = [BaselineFindings.Evidence(template, template.Count)],
                Samples = template.Sample is { } sample ? [sample] : [],
                Measurements = BaselineFindings.Measurements(
                    ("period_seconds", period.Period),
                    ("jitter_seconds", period.Jitter),
                    ("on_time_runs", period.Streak),
                    ("late_seconds", (sourceNow - due) / (double)LogClock.TicksPerSecond),
                    ("missed_runs", missed)),
            },
        };
        source.MissingJobKey = finding.Key;
        sink.Raise(finding);
    }

    /// <summary>
    /// Whether a periodic job of the source was found missing (within a day), its finding an alert, and has not
    /// come back to its rhythm: a source that is busy only because a job writes to it every minute falls silent
    /// when the job stops, and the job's finding is the alert (it names the job); the silence is then Info, however
    /// long the job stays away — another job that writes the same line now and then does not bring it back. A job
    /// found missing as Info (an unsteady rhythm: an error repeated every minute for a while, then gone) alerted
    /// nobody, so it explains no silence: the source's silence is the alert.
    /// </summary>
    private bool ExplainedByMissedJob(SourceBaseline source, long sourceNow) =>
        source.MissingJob is not null && source.MissingJobWarned && sourceNow - source.MissingJobSince < _options.AbsenceGiveUp.Ticks;

    /// <summary>
    /// How far the source's rate fell before this silence (≥ 1): its lines in the last quarter hour but the silent
    /// part against what its hour expects for that part. The tail of its gaps was learned at its usual rate; a source
    /// that lost part of its traffic (one of its jobs stopped, fewer visitors) has gaps that much longer by chance.
    /// </summary>
    private static double Thinning(SourceBaseline source, long sourceNow, long silenceTicks)
    {
        const int window = TrafficShape.DropWindowMinutes;
        double silentMinutes = silenceTicks / (double)LogClock.TicksPerMinute;
        int seen = source.Volume.ClosedSum(window);
        if (silentMinutes >= window - 1 || seen <= 0)
        {
            return 1;
        }
        double expected = source.Volume.Expected(LogClock.Minute(sourceNow), window - silentMinutes, high: false);
        return Math.Max(1, expected / seen);
    }

    /// <summary>
    /// The chance silences a day one source's quiet limit allows: <see cref="GapProfile.FalseSilencesPerDay"/>, or the
    /// host's <see cref="GapProfile.HostFalseSilencesPerDay"/> shared among its learned sources when they are more than
    /// four. Counted again every 10 minutes of log time.
    /// </summary>
    private double SilenceChancePerDay(SourceBaseline source)
    {
        long tenMinutes = LogClock.Minute(_now) / 10;
        if (tenMinutes != _sourcesPerHostAt)
        {
            _sourcesPerHostAt = tenMinutes;
            _sourcesPerHost.Clear();
            foreach (SourceBaseline each in _sources.Values)
            {
                if (each.Learned)
                {
                    string host = each.Host ?? "";
                    _sourcesPerHost[host] = _sourcesPerHost.GetValueOrDefault(host) + 1;
                }
            }
        }
        int sources = Math.Max(1, _sourcesPerHost.GetValueOrDefault(source.Host ?? ""));
        return Math.Min(GapProfile.FalseSilencesPerDay, GapProfile.HostFalseSilencesPerDay / sources);
    }

    private readonly Dictionary<string, int> _sourcesPerHost = new(StringComparer.Ordinal);
    private long _sourcesPerHostAt = long.MinValue;

    /// <summary>
    /// A source that stopped writing: silent for <see cref="BaselineOptions.SilenceFactor"/> times its
    /// longest normal gap at this hour, with enough lines expected meanwhile that silence cannot be chance.
    /// A Warning when the source is always busy (it wrote in every hour of the past week) and the silence is
    /// that factor over its longest gap of the whole week, or longer than the tail of its gaps at this hour
    /// allows (<see cref="GapProfile.QuietLimit"/>: a source whose gaps at this hour follow its rate is silent
    /// after a few times its usual longest one, a bursty or cron-driven one much later), with a few lines
    /// expected meanwhile; else Info. Raised again while it lasts, for a day.
    /// </summary>
    private void CheckSilence(SourceBaseline source, long sourceNow, IFindingSink sink)
    {
        if (source.Restored)
        {
            return;
        }
        long silenceTicks = sourceNow - source.ClockBase;
        if (silenceTicks < _options.MinSilence.Ticks)
        {
            return;
        }
        bool repeat = source.SilenceRaised != 0 && sourceNow - source.SilenceRaised < _absenceRepeatTicks;
        if ((repeat && source.SilenceWarned) || (source.SilenceRaised != 0 && silenceTicks > _options.AbsenceGiveUp.Ticks))
        {
            return; // raised recently, or silent so long that it is the source's new normal
        }
        double silence = silenceTicks / (double)LogClock.TicksPerSecond;
        long fromHour = LogClock.Hour(source.ClockBase), toHour = LogClock.Hour(sourceNow);
        double scale = source.Gaps.Scale(fromHour, toHour);
        double chance = SilenceChancePerDay(source);
        double quiet = source.Gaps.QuietLimit(fromHour, toHour, chance) * Thinning(source, sourceNow, silenceTicks);
        if (silence < _options.SilenceFactor * scale && silence < quiet)
        {
            return;
        }
        double perHour = Math.Min(source.Volume.Rate.Expected(source.ClockBase, high: false), source.Volume.Rate.Expected(sourceNow, high: false));
        double expected = perHour * silence / 3600;
        if (source.Volume.Rate.Hours < 12)
        {
            return;
        }
        // Always busy and silent for three times its usual longest gap of the week is strong evidence in itself (a
        // heartbeat every 15 s that missed three), and so is a silence past what the tail of its gaps at this hour
        // allows; a source merely silent at this hour needs 20 lines expected.
        double? busiest = source.Gaps.BusyGap(toHour);
        if (busiest is { } week && week > 0)
        {
            // A source that was never quiet longer than its week's longest gap (but its longest twentieth of hours) would
            // have written at least one line in each such stretch of the silence, whatever the cautious hourly rate says:
            // a heartbeat every 30 s silent for 90 s owes three lines, not the 1.9 a low hour's rate gives.
            expected = Math.Max(expected, Math.Floor(silence / week));
        }
        bool beyondTail = silence >= quiet;
        bool pastWeek = busiest is { } longest && silence >= _options.SilenceFactor * Math.Max(longest, 1);
        bool warning = busiest is not null && (pastWeek || beyondTail)
            && expected >= _options.SilenceBusyMinExpected && !ExplainedByMissedJob(source, sourceNow);
        if (warning && source.SilenceWarnedAt != 0 && source.ClockBase - source.SilenceWarnedAt < _absenceRepeatTicks)
        {
            // Found silent past its tail, back for a few lines, silent again: a source writing at a fraction of its rate
            // (a drop) or stuttering, one event with the first silence, not a new alert.
            source.SilenceWarnedAt = sourceNow;
            warning = false;
        }
        if (!warning && (expected < _options.SilenceMinExpected || silence < _options.SilenceFactor * scale))
        {
            return;
        }
        if (repeat && !warning)
        {
            return; // raised recently, and not grown into a warning
        }
        source.SilenceWarned |= warning;
        source.SilenceRaised = sourceNow;
        if (warning)
        {
            source.SilenceWarnedAt = sourceNow;
        }
        string where = BaselineFindings.Where(source);
        string silent = LogClock.Describe(TimeSpan.FromTicks(silenceTicks));
        sink.Raise(new Finding
        {
            Timestamp = LogClock.ToTime(Math.Max(sourceNow, _now)),
            Severity = source.SilenceWarned ? FindingSeverity.Warning : FindingSeverity.Info,
            Kind = BaselineKinds.SourceSilent,
            Title = warning && beyondTail
                ? $"{where} silent for {silent} (its gaps at this hour end within {LogClock.Describe(TimeSpan.FromSeconds(Math.Round(quiet)))} but about once in {BaselineFindings.Number(Math.Round(1 / chance))} days; ~{BaselineFindings.Number(expected)} lines expected)"
                : busiest is { } gap
                ? $"{where} silent for {silent} (rarely quiet over {LogClock.Describe(TimeSpan.FromSeconds(gap))} in the past week; ~{BaselineFindings.Number(expected)} lines expected)"
                : $"{where} silent for {silent} (~{BaselineFindings.Number(expected)} lines expected)",
            Entities = BaselineFindings.Entities(source),
            FirstSeen = LogClock.ToTime(source.ClockBase),
            LastSeen = LogClock.ToTime(sourceNow),
            Count = Math.Max(1, (long)(silence / 60)),
            Detector = Name,
            Evidence = new Evidence
            {
                Samples = source.LastRaw is { } raw ? [raw] : [],
                Measurements = BaselineFindings.Measurements(
                    ("silence_seconds", silence),
                    ("normal_gap_seconds", scale),
                    ("quiet_limit_seconds", quiet),
                    ("expected_lines", expected),
                    ("busy_gap_week_seconds", busiest ?? double.NaN)),
            },
        });
    }
}
