namespace LogWarden.Detect.Baselines;

/// <summary>
/// Learns whether a template comes like clockwork (a cron job every 5 minutes, an hourly timer, a nightly
/// backup) from the intervals between its runs, and when its next run is due.
/// </summary>
/// <remarks>
/// Lines closer together than half the period (at most 30 s) are one run, so a job that logs five lines
/// per run has one interval per run. An interval within the tolerance of the learned period (5%, between
/// 3 s and 5 min) extends the streak and refines the period; any other interval — a skipped run, an
/// extra one — starts a new candidate. A run is due at its period after the last run plus a margin of
/// the larger of 30 s and four times the largest jitter seen in the streak.
/// Hours of the day and days of the week with runs are remembered, so a job that only runs in business
/// hours (or, after the first week, on weekdays) is not missed at night (or on Saturday).
/// </remarks>
internal struct PeriodLearner
{
    /// <summary>Time of the latest line (UTC ticks).</summary>
    public long LastLine;

    /// <summary>Time of the first line of the latest run.</summary>
    public long RunStart;

    /// <summary>The learned period in seconds (0 until two runs).</summary>
    public double Period;

    /// <summary>Consecutive intervals within tolerance of <see cref="Period"/>.</summary>
    public int Streak;

    /// <summary>Largest deviation from the period within the streak, seconds.</summary>
    public double Jitter;

    /// <summary>Intervals seen (saturating).</summary>
    public int Intervals;

    /// <summary>Share of recent intervals that were on period (weighted toward the last 32): a random stream has a streak now and then, never a high share.</summary>
    public double OnPeriodShare;

    /// <summary>
    /// The most consecutive runs ever skipped (an interval of k periods skips k − 1): a job that skips when
    /// it has nothing to do (PostgreSQL's time checkpoints) is late only beyond that, and never steady.
    /// </summary>
    public int MaxSkipped;

    /// <summary>Bit per hour of day (UTC) and per day of week in which runs started.</summary>
    public int HourMask;

    public int DayMask;

    /// <summary>Runs due so far since <see cref="RunStart"/> (already judged).</summary>
    public int Missed;

    /// <summary>Of those, the runs that were expected (at hours and weekdays the job runs).</summary>
    public int MissedExpected;

    /// <summary>Whether expected runs were passed over since the last run because the job never ran at those hours: the next is a resumption, less certain.</summary>
    public bool Resuming;

    /// <summary>Whether a missed resumption was raised (once until the job runs again).</summary>
    public bool ResumeRaised;

    /// <summary>Whether a missed run was raised since the last run: the gap before the next run is an outage, not skipping to learn.</summary>
    public bool MissedRaised;

    /// <summary>Whether the latest interval was on period (not a skip, not off rhythm).</summary>
    public bool LastOnPeriod;

    private const double MaxRunGapSeconds = 30;

    /// <summary>Counts a line; true when it starts a new run.</summary>
    public bool Observe(long ticks)
    {
        long gap = ticks - LastLine;
        if (LastLine != 0 && gap >= 0 && gap < RunGapTicks)
        {
            LastLine = ticks;
            return false;
        }
        if (ticks < LastLine)
        {
            return false; // disorder: keep the latest
        }
        LastLine = ticks;
        if (RunStart != 0)
        {
            Learn((ticks - RunStart) / (double)LogClock.TicksPerSecond);
        }
        MissedRaised = false;
        RunStart = ticks;
        Missed = 0;
        MissedExpected = 0;
        Resuming = false;
        ResumeRaised = false;
        HourMask |= 1 << LogClock.HourOfDay(ticks);
        DayMask |= 1 << LogClock.DayOfWeek(ticks);
        return true;
    }

    /// <summary>Forgets the rhythm (the job is gone, or changed): learned again from its next runs. Hours and weekdays seen are kept.</summary>
    public void Forget()
    {
        Period = 0;
        Streak = 0;
        Jitter = 0;
        MaxSkipped = 0;
        Intervals = 0;
        OnPeriodShare = 0;
        RunStart = 0;
        Missed = 0;
        MissedExpected = 0;
        Resuming = false;
        ResumeRaised = false;
    }

    private readonly long RunGapTicks =>
        (long)(Math.Min(MaxRunGapSeconds, Period > 0 ? Period / 2 : MaxRunGapSeconds) * LogClock.TicksPerSecond);

    private void Learn(double interval)
    {
        Intervals = Intervals < int.MaxValue ? Intervals + 1 : Intervals;
        double deviation = Math.Abs(interval - Period);
        bool onPeriod = Period > 0 && deviation <= Tolerance(Period);
        LastOnPeriod = onPeriod;
        if (!onPeriod && Period > 0 && Streak >= 2)
        {
            // Whole periods later: runs were skipped, the rhythm holds. Unless the gap was found missing and
            // raised: an outage is not how the job skips (learned as skipping, it would never be missed again).
            double multiple = Math.Round(interval / Period);
            if (multiple >= 2 && multiple <= 10_000 && Math.Abs(interval - (multiple * Period)) <= Tolerance(Period) + (multiple * Jitter))
            {
                if (!MissedRaised)
                {
                    MaxSkipped = (int)Math.Max(MaxSkipped, multiple - 1);
                }
                OnPeriodShare += (1 - OnPeriodShare) / Math.Min(Intervals, 32);
                return;
            }
        }
        OnPeriodShare += ((onPeriod ? 1 : 0) - OnPeriodShare) / Math.Min(Intervals, 32);
        if (onPeriod)
        {
            Streak++;
            Jitter = Math.Max(Jitter, deviation);
            Period += (interval - Period) / Math.Min(Streak + 1, 20);
            return;
        }
        Period = interval;
        Streak = 1;
        Jitter = 0;
    }

    /// <summary>Cron and systemd timers are late by seconds (a timer's default accuracy is a minute): 5% of the period, 3 s to 5 min.</summary>
    private static double Tolerance(double period) => Math.Clamp(period * 0.05, 3, 300);

    /// <summary>A streak of on-period runs, in a history that is mostly on period.</summary>
    public readonly bool IsPeriodic(int minRuns, double minPeriodSeconds, double maxPeriodSeconds) =>
        Streak >= minRuns && OnPeriodShare >= 0.8 && Period >= minPeriodSeconds && Period <= maxPeriodSeconds;

    /// <summary>Steady: a long streak, a clean history, little jitter, never a skipped run.</summary>
    public readonly bool IsSteady(int steadyRuns) =>
        Streak >= steadyRuns && Intervals >= 2 * steadyRuns && OnPeriodShare >= 0.9 && Jitter <= 0.05 * Period && MaxSkipped == 0;

    /// <summary>
    /// How late a run may be before it is missed: four times the largest deviation from the period the streak showed
    /// (its own jitter), at least <paramref name="minMarginSeconds"/>. Not a share of the period: an hourly cron job
    /// starts within seconds of its minute like a five-minute one, so its missed run is as sure after half a minute.
    /// </summary>
    public readonly double LateMarginSeconds(double minMarginSeconds) =>
        Math.Max(minMarginSeconds, 4 * Jitter);

    /// <summary>When run number <paramref name="k"/> (1 = the next) after the last one is due, UTC ticks.</summary>
    public readonly long DueAt(int k) => RunStart + (long)(k * Period * LogClock.TicksPerSecond);

    /// <summary>
    /// Whether runs have been seen at the hour of day of <paramref name="ticks"/> (periods under a day) and,
    /// once more than a week is known (<paramref name="history"/> ticks), on its weekday (periods under a
    /// week). In the first week a weekday cannot be told from a weekend, so every day counts.
    /// </summary>
    public readonly bool RunsAt(long ticks, long history) =>
        (Period >= 86_400 || (HourMask & (1 << LogClock.HourOfDay(ticks))) != 0)
        && (Period >= 7 * 86_400 || history < 8 * LogClock.TicksPerDay || (DayMask & (1 << LogClock.DayOfWeek(ticks))) != 0);
}
