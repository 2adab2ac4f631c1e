namespace LogWarden.Detect.Metrics;

/// <summary>
/// A classic threshold on one kind of series: above <see cref="Threshold"/> for <see cref="Window"/> raises a
/// warning (critical at or above <see cref="CriticalThreshold"/>); the condition ends only after the value has
/// stayed below <c>Threshold − Hysteresis</c> for <see cref="MetricDetectorOptions.ClearAfter"/>, so a value
/// hovering at the line does not flap.
/// </summary>
/// <param name="Threshold">The line (percent, or load per core).</param>
/// <param name="Window">How long the value must stay above it; zero raises on the first sample above.</param>
/// <param name="Hysteresis">How far below the line the value must fall to end the condition.</param>
/// <param name="CriticalThreshold">From here on the finding is critical; null: never critical.</param>
/// <param name="LearnableAsNormal">
/// Whether being above the line can be normal for the hour (a nightly backup pegging the CPU): when the learned
/// baseline of this hour (or the one before or after) has reached the line on previous days, the finding is
/// info, and becomes a warning if the condition outlasts those hours. Fullness (disk, inodes) never is.
/// </param>
/// <param name="Reraise">While the condition lasts, the same finding is raised again this often (updated count and last seen).</param>
internal sealed record ThresholdRule(
    double Threshold,
    TimeSpan Window,
    double Hysteresis,
    double? CriticalThreshold,
    bool LearnableAsNormal,
    TimeSpan Reraise)
{
    public bool Enabled => Threshold > 0 && double.IsFinite(Threshold);
}

/// <summary>
/// Settings of <see cref="MetricDetector"/>. The defaults are the classic operator alerts (90 % CPU for 5 min,
/// memory for 2 min, disk now) and a learner tuned for at most one false alert per host per day.
/// </summary>
internal sealed record MetricDetectorOptions
{
    /// <summary>CPU in use (100 − idle) above 90 % for 5 min.</summary>
    public ThresholdRule Cpu { get; init; } = new(90, TimeSpan.FromMinutes(5), 5, null, LearnableAsNormal: true, TimeSpan.FromMinutes(15));

    /// <summary>Memory in use (total − available) above 90 % for 2 min; critical at 97 %.</summary>
    public ThresholdRule Memory { get; init; } = new(90, TimeSpan.FromMinutes(2), 3, 97, LearnableAsNormal: true, TimeSpan.FromMinutes(15));

    /// <summary>A file system above 90 % used (as df shows it), at once; critical at 97 %. Raised once, then reminded daily.</summary>
    public ThresholdRule Disk { get; init; } = new(90, TimeSpan.Zero, 1, 97, LearnableAsNormal: false, TimeSpan.FromHours(24));

    /// <summary>A file system's inodes above 90 % used, at once; critical at 97 %.</summary>
    public ThresholdRule Inodes { get; init; } = new(90, TimeSpan.Zero, 1, 97, LearnableAsNormal: false, TimeSpan.FromHours(24));

    /// <summary>Swap above 80 % used for 10 min.</summary>
    public ThresholdRule Swap { get; init; } = new(80, TimeSpan.FromMinutes(10), 5, null, LearnableAsNormal: true, TimeSpan.FromHours(1));

    /// <summary>1-minute load average per core above 2 for 5 min (twice as many runnable tasks as cores).</summary>
    public ThresholdRule LoadPerCore { get; init; } = new(2, TimeSpan.FromMinutes(5), 0.5, null, LearnableAsNormal: true, TimeSpan.FromMinutes(15));

    /// <summary>A threshold condition ends after this long below the line minus its hysteresis.</summary>
    public TimeSpan ClearAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>While a window is filling, a dip under the line (but above the hysteresis band) no longer than this does not restart it.</summary>
    public TimeSpan DipTolerance { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Samples further apart than this break a window (the collector or the host was down).</summary>
    public TimeSpan MaxSampleGap { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Days of history an hour-of-day slot needs before deviations from it are judged (weeks for hour-of-week slots).</summary>
    public int MinHistoryDays { get; init; } = 2;

    /// <summary>A 1-minute average this many (robust) standard deviations above the hour's mean is a deviation.</summary>
    public double DeviationSigmas { get; init; } = 4;

    /// <summary>… and this many, plus <see cref="LargeDeviationFactor"/> times the usual peak, is a large one (a warning on important series).</summary>
    public double LargeDeviationSigmas { get; init; } = 8;

    /// <summary>A large deviation is also at least this many times the hour's usual peak.</summary>
    public double LargeDeviationFactor { get; init; } = 2;

    /// <summary>How far above the hour's usual peak (as a fraction) a value must be to deviate at all.</summary>
    public double PeakMargin { get; init; } = 0.1;

    /// <summary>Consecutive deviating minutes before an info finding.</summary>
    public int DeviationMinutes { get; init; } = 3;

    /// <summary>Consecutive large-deviation minutes before a warning.</summary>
    public int LargeDeviationMinutes { get; init; } = 5;

    /// <summary>Consecutive ordinary minutes that end a deviation.</summary>
    public int DeviationClearMinutes { get; init; } = 5;

    /// <summary>A continuing deviation is raised again this often.</summary>
    public TimeSpan DeviationReraise { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>A disk forecast to be full sooner than this is a warning …</summary>
    public TimeSpan DiskFullWarningHorizon { get; init; } = TimeSpan.FromHours(24);

    /// <summary>… and sooner than this, critical.</summary>
    public TimeSpan DiskFullCriticalHorizon { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How much history the trend fits use (5-minute points): disk-full forecasts and memory growth.</summary>
    public TimeSpan TrendWindow { get; init; } = TimeSpan.FromHours(6);

    /// <summary>The least span of points a disk-full forecast over <see cref="TrendWindow"/> needs.</summary>
    public TimeSpan TrendMinSpan { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The least R² of that fit (how straight the line is).</summary>
    public double TrendMinR2 { get; init; } = 0.8;

    /// <summary>A disk filling fast is judged on the 1-minute points of this last window (critical only) …</summary>
    public TimeSpan FastTrendWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>… with at least this R².</summary>
    public double FastTrendMinR2 { get; init; } = 0.9;

    /// <summary>
    /// A fill that began recently is judged on the 1-minute points of this last window, before the long fit (still holding
    /// the flat hours before it) turns: straight (<see cref="FastTrendMinR2"/>), full within half the warning horizon, more
    /// than twice as steep as any such fall of the host's routine, and only after a day of watching.
    /// </summary>
    public TimeSpan MediumTrendWindow { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Memory growth is judged over this last window (5-minute points), once it is covered.</summary>
    public TimeSpan LeakWindow { get; init; } = TimeSpan.FromHours(3);

    /// <summary>Least R² of steady growth.</summary>
    public double LeakMinR2 { get; init; } = 0.9;

    /// <summary>Least share of 5-minute steps that go up (monotone growth, not a sawtooth).</summary>
    public double LeakMinRisingSteps { get; init; } = 0.7;

    /// <summary>Least growth over the window as a share of total memory …</summary>
    public double LeakMinGrowthOfTotal { get; init; } = 0.05;

    /// <summary>… and in bytes.</summary>
    public double LeakMinGrowthBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Growth that would use up the available memory sooner than this is a warning (else info).</summary>
    public TimeSpan LeakWarningHorizon { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// A continuing trend (forecast, growth) is raised again this often: well within the incident tracker's quiet period
    /// (30 min), so that the open forecast's incident is updated while the disk keeps filling, not resolved and opened anew
    /// every hour. A raise with the same key and severity updates the incident; it is not a new alert.
    /// </summary>
    public TimeSpan TrendReraise { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The metric window a finding carries as evidence (1-minute points).</summary>
    public TimeSpan EvidenceWindow { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>1-minute averages kept per series for evidence and <see cref="MetricDetector.MetricWindow"/>.</summary>
    public int RecentMinutes { get; init; } = 120;

    /// <summary>Series tracked at most (all hosts); beyond, stale ones are evicted, then ordinary ones give way to important ones, then new ones are refused.</summary>
    public int MaxSeries { get; init; } = 2000;

    /// <summary>Top-memory processes whose resident size is followed for leaks.</summary>
    public int MaxProcesses { get; init; } = 256;

    /// <summary>Hosts tracked at most.</summary>
    public int MaxHosts { get; init; } = 64;

    /// <summary>A series (a container's interface, an unmounted disk) not seen for this long while its host reports is dropped.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(15);
}
