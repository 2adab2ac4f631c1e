namespace LogWarden.Detect.Baselines;

/// <summary>
/// Settings of the learned baselines. Defaults are chosen for precision: most findings are Info, and a
/// Warning needs strong evidence (see each detector's remarks). All times are log time.
/// </summary>
internal sealed record BaselineOptions
{
    /// <summary>How long each source is only learned before anything on it is judged (from its first line).</summary>
    public TimeSpan LearningPeriod { get; init; } = TimeSpan.FromHours(24);

    /// <summary>If set, learning ends at this log time for every source instead (`analyze --learn-until`).</summary>
    public DateTimeOffset? LearnUntil { get; init; }

    /// <summary>
    /// Measure <see cref="LearningPeriod"/> from the first line the detector sees on any source, for every
    /// source (`analyze --learn 2d`: the first two days of the replay), instead of from each source's own
    /// first line (the daemon: a source added later learns for its own day).
    /// </summary>
    public bool LearnFromFirstLine { get; init; }

    /// <summary>Sources kept; the least recently active is evicted beyond.</summary>
    public int MaxSources { get; init; } = 2_000;

    /// <summary>Templates kept over all sources; the least recently seen tenth is evicted beyond.</summary>
    public int MaxTemplates { get; init; } = 100_000;

    /// <summary>Templates with an hour-of-week profile (168 slots, ~1 KiB each); others use their overall rate.</summary>
    public int MaxProfiles { get; init; } = 4_096;

    /// <summary>A template gets an hour-of-week profile once it averages this many lines per hour.</summary>
    public double ProfileMinPerHour { get; init; } = 6;

    /// <summary>Security line shapes kept per source (for blind spots).</summary>
    public int MaxSignaturesPerSource { get; init; } = 64;

    /// <summary>History a template's rate needs before its spikes and drops are judged.</summary>
    public TimeSpan MinRateHistory { get; init; } = TimeSpan.FromHours(12);

    /// <summary>A finding whose condition continues is raised again (same key, new count) at most this often.</summary>
    public TimeSpan RepeatInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>An absence that continues (a silence, a missed job, a drop) is raised again at most this often.</summary>
    public TimeSpan AbsenceRepeatInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>An absence or loss that lasts this long is the new normal: no longer raised (a job removed, a format changed for good).</summary>
    public TimeSpan AbsenceGiveUp { get; init; } = TimeSpan.FromDays(1);

    // ---- new and rare templates

    /// <summary>New templates on a source within this time of the first are grouped into one finding.</summary>
    public TimeSpan NewTemplateGrouping { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A novelty episode ends when the source has had no new template for this long.</summary>
    public TimeSpan NoveltyQuiet { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a template counts as new (its bursts escalate, its lines update the finding).</summary>
    public TimeSpan NoveltyWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A never-seen error template with this many lines within 5 minutes…</summary>
    public int NewErrorBurst { get; init; } = 5;

    /// <summary>
    /// …spread over at least this long, is a Warning: an error that keeps coming, not the dozen lines a
    /// restart writes at once (PostgreSQL's "terminating connection due to administrator command").
    /// </summary>
    public TimeSpan NewErrorMinSpan { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A source's first day shows its routine; the severe templates first seen on it after that are its new
    /// error wordings, whose rate says whether one more is news (see <see cref="NewErrorUnusualPerDay"/>).
    /// </summary>
    public TimeSpan NewErrorSettle { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// A never-seen error template whose line was logged at error level or worse is a Warning at its first line when its source has shown new error
    /// templates at most this often since settling (counting this one, over at least a day): a source that
    /// writes new error wordings every day keeps them at Info until they burst.
    /// </summary>
    public double NewErrorUnusualPerDay { get; init; } = 1.0;

    /// <summary>A template seen at most this many times before is rare…</summary>
    public int RareMaxCount { get; init; } = 3;

    /// <summary>…and its return after this long is a finding (over a week, so a weekly job is not rare).</summary>
    public TimeSpan RareQuiet { get; init; } = TimeSpan.FromDays(8);

    // ---- spikes and drops

    /// <summary>Poisson tail probability below which a count is significant (spikes and drops).</summary>
    public double Probability { get; init; } = 1e-6;

    /// <summary>Template spikes (Info): lines in 5 minutes at least this many (for error and warning templates, <see cref="ErrorSpikeMinCount"/>)…</summary>
    public int SpikeMinCount { get; init; } = 20;

    public int ErrorSpikeMinCount { get; init; } = 10;

    /// <summary>…and this many times the expected count (and over 1.5× the peak of a bursty template).</summary>
    public double SpikeRatio { get; init; } = 5;

    /// <summary>
    /// A spike is strong (a Warning, for error and warning templates that are not security lines) at this
    /// many times its basis — the expected count, or the learned peak of a bursty template —, at least
    /// <see cref="StrongMinCount"/> lines, and a Poisson tail under <see cref="StrongProbability"/>.
    /// </summary>
    public double StrongRatio { get; init; } = 10;

    public int StrongMinCount { get; init; } = 15;

    public double StrongProbability { get; init; } = 1e-9;

    /// <summary>A source's error burst is strong from this many lines (and <see cref="StrongRatio"/> times its basis).</summary>
    public int ErrorBurstStrongMinCount { get; init; } = 50;

    /// <summary>Drops: at most this share of the expected count in 15 minutes…</summary>
    public double DropRatio { get; init; } = 0.1;

    /// <summary>…where at least this many lines were expected.</summary>
    public double DropMinExpected { get; init; } = 30;

    /// <summary>
    /// Volume shifts of a source's traffic (lines that are neither security events nor errors; Info over a
    /// 5-minute window, and over the burstiest window of normal times): at least this many lines…
    /// </summary>
    public int VolumeMinCount { get; init; } = 50;

    /// <summary>…and this many times the expected count (drops over 15 minutes: this fraction of it, at least 100 expected).</summary>
    public double VolumeRatio { get; init; } = 3;

    /// <summary>
    /// A surge is a Warning when its 5-minute window (at least <see cref="VolumeMinCount"/> lines) exceeds
    /// <see cref="VolumeRatio"/> times the expected count, a Poisson tail of <see cref="StrongProbability"/>,
    /// and this factor over the burstiest window of normal times (against its hour's mean), at two minute
    /// closes in a row, and is broad: two templates or more are up, and they are what the source normally
    /// carries (a third of it at least) — not a port scan's one line, a crawler's GETs, a restart's chatter.
    /// </summary>
    public double SurgeMargin { get; init; } = 1.5;

    /// <summary>Hours of a source's traffic measured (busy enough: 10 lines per 5 minutes) before its surges and drops are warnings.</summary>
    public int SurgeMinHours { get; init; } = 12;

    /// <summary>A drop is a Warning when 15 minutes keep at most this share of the expected count (and half the quietest window of normal times), P &lt; <see cref="StrongProbability"/>, 30 lines expected.</summary>
    public double VolumeDropStrongShare { get; init; } = 0.25;

    /// <summary>Error bursts of a source (5-minute window of error and warning lines): at least this many.</summary>
    public int ErrorBurstMinCount { get; init; } = 10;

    // ---- periodic templates

    /// <summary>Consecutive on-time runs before a template counts as periodic (Info when it is late).</summary>
    public int PeriodicMinRuns { get; init; } = 4;

    /// <summary>Consecutive on-time runs (with a clean history) before a late run is a Warning.</summary>
    public int PeriodicSteadyRuns { get; init; } = 6;

    public TimeSpan MinPeriod { get; init; } = TimeSpan.FromSeconds(55);

    public TimeSpan MaxPeriod { get; init; } = TimeSpan.FromDays(8);

    /// <summary>
    /// The least a run may be late before it is missed (more with jitter: four times the largest seen in the
    /// job's streak, whatever its period). Cron starts jobs within seconds of the minute; 30 s keeps the delay
    /// of a missed-run finding under a minute.
    /// </summary>
    public TimeSpan MinLateMargin { get; init; } = TimeSpan.FromSeconds(30);

    // ---- silence

    /// <summary>No silence is shorter than this.</summary>
    public TimeSpan MinSilence { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A silence is this many times the longest normal gap at that hour.</summary>
    public double SilenceFactor { get; init; } = 3;

    /// <summary>…and at least this many lines were expected in it (P(0) = e^−20).</summary>
    public double SilenceMinExpected { get; init; } = 20;

    /// <summary>
    /// A source that writes in every hour is silent (a Warning) at three times its usual longest gap with only
    /// this many lines expected: a heartbeat every 15 s that missed three beats says more than any count.
    /// </summary>
    public double SilenceBusyMinExpected { get; init; } = 3;

    // ---- blind spots

    /// <summary>A field (timestamp, program, level) is decoded on a source when it is on this share of lines…</summary>
    public double DecodedShare { get; init; } = 0.95;

    /// <summary>…and lost when a window of 256 lines has it on at most this share.</summary>
    public double LostShare { get; init; } = 0.5;

    /// <summary>Lines of a security shape on a source before its stopping counts.</summary>
    public int SignatureMinCount { get; init; } = 20;

    /// <summary>Share of wording two templates must share to be "similar" (Jaccard over constant words).</summary>
    public double SimilarWording { get; init; } = 0.4;

    internal SpikeRule TemplateRule => new(5, SpikeMinCount, SpikeRatio, Probability, 1.5, 10);

    internal SpikeRule ErrorTemplateRule => new(5, ErrorSpikeMinCount, SpikeRatio, Probability, 1.5, 10);

    internal SpikeRule VolumeRule => new(5, VolumeMinCount, VolumeRatio, Probability, 1.5, 10);

    internal SurgeRule SurgeRule => new(VolumeMinCount, VolumeRatio, StrongProbability, SurgeMargin, SurgeMinHours, 10, VolumeDropStrongShare, 30);

    /// <summary>Visitors arriving per 2 minutes (<see cref="VisitorArrivals"/>): at least 5, 4× the expected count, P &lt; <see cref="Probability"/>.</summary>
    internal SpikeRule VisitorRule => new(2, 5, 4, Probability, 1.5, 10);

    internal SpikeRule ErrorRule => new(5, ErrorBurstMinCount, SpikeRatio, Probability, 1.5, 10);

    /// <summary>Throws for values that make no sense (the config loader reports the key).</summary>
    public void Validate()
    {
        Require(LearningPeriod >= TimeSpan.Zero, nameof(LearningPeriod), "must not be negative");
        Require(MaxSources >= 1 && MaxTemplates >= 16 && MaxProfiles >= 0, "caps", "MaxSources ≥ 1, MaxTemplates ≥ 16, MaxProfiles ≥ 0");
        Require(Probability is > 0 and < 0.5, nameof(Probability), "must be in (0, 0.5)");
        Require(SpikeRatio > 1 && VolumeRatio > 1 && StrongRatio > 1, "ratios", "spike, volume and strong ratios must exceed 1");
        Require(StrongProbability is > 0 and < 0.5 && VolumeDropStrongShare is > 0 and < 1 && SurgeMargin >= 1, "strong", "StrongProbability in (0, 0.5), VolumeDropStrongShare in (0, 1), SurgeMargin ≥ 1");
        Require(DropRatio is > 0 and < 1, nameof(DropRatio), "must be in (0, 1)");
        Require(SpikeMinCount >= 1 && ErrorSpikeMinCount >= 1 && VolumeMinCount >= 1 && ErrorBurstMinCount >= 1 && NewErrorBurst >= 1 && StrongMinCount >= 1, "counts", "minimum counts must be at least 1");
        Require(NewErrorSettle >= TimeSpan.Zero && NewErrorUnusualPerDay >= 0, "new errors", "NewErrorSettle and NewErrorUnusualPerDay must not be negative");
        Require(PeriodicMinRuns >= 2 && PeriodicSteadyRuns >= PeriodicMinRuns, "periodic runs", "PeriodicMinRuns ≥ 2 and ≤ PeriodicSteadyRuns");
        Require(SilenceFactor >= 1 && LostShare < DecodedShare, "silence/decoding", "SilenceFactor ≥ 1 and LostShare < DecodedShare");
    }

    private static void Require(bool condition, string name, string message)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, message);
        }
    }
}
