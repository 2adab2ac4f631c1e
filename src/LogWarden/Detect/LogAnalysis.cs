using LogWarden.Detect.Incidents;
using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Detect;

/// <summary>How `analyze` replays logs.</summary>
internal sealed record LogAnalysisOptions
{
    public MergedInputOptions Input { get; init; } = new();

    /// <summary>Findings raised before this log time are not reported: the detectors learn.</summary>
    public DateTimeOffset? LearnUntil { get; init; }

    /// <summary>Or: learn for this long of log time from the first line with a time.</summary>
    public TimeSpan? LearnFor { get; init; }

    public IncidentTrackerOptions Incidents { get; init; } = new();

    /// <summary>
    /// After the last line, log time runs on this long with no line, so that what detectors gather over a
    /// few seconds (the several kernel lines of one OOM kill: rule packs gather up to 10 s) is raised rather
    /// than lost at the end of the files. Shorter than any silence a detector reports (baselines: 30 s).
    /// </summary>
    public TimeSpan FinishAfter { get; init; } = TimeSpan.FromSeconds(15);
}

/// <summary>What one replay did.</summary>
internal sealed record LogAnalysisSummary(long Lines, long Records, int Files, TimeSpan Elapsed, long SuppressedWhileLearning, DateTimeOffset? LearnedUntil, DateTimeOffset? First, DateTimeOffset? Last)
{
    /// <summary>Host-metric samples replayed beside the lines.</summary>
    public long MetricSamples { get; init; }
}

/// <summary>
/// The offline replay behind `logwarden analyze`: files merged by time (<see cref="TimeMergedReader"/>),
/// mined, and run through the daemon's detectors and incident tracker in log time. One thread.
/// </summary>
internal sealed class LogAnalysis
{
    private readonly LogAnalysisOptions _options;
    private readonly LearningGate _gate;

    public LogAnalysis(LogAnalysisOptions options, DetectorSet detectors, TemplateMiner? miner = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(detectors);
        _options = options;
        Miner = miner ?? new TemplateMiner();
        Tracker = new IncidentTracker(options.Incidents);
        // Learning for a duration starts at the first line with a time; until then, everything is learning.
        _gate = new LearningGate(Tracker) { Until = options.LearnUntil ?? (options.LearnFor is null ? null : DateTimeOffset.MaxValue) };
        Engine = detectors.CreateEngine(Miner, _gate);
        Engine.AddClockListener(Tracker);
    }

    public TemplateMiner Miner { get; }

    public DetectionEngine Engine { get; }

    public IncidentTracker Tracker { get; }

    /// <summary>
    /// Reads every file (in the order and grouping of <see cref="LogInput.Enumerate"/>) and detects; host
    /// metrics from <paramref name="metrics"/> are observed as log time passes their samples.
    /// </summary>
    public LogAnalysisSummary Run(IReadOnlyList<string> files, Action<InputDone>? fileDone = null, Metrics.MetricsReplay? metrics = null, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var reader = new TimeMergedReader(files, _options.Input) { FileDone = fileDone };
        long records = 0;
        DateTimeOffset? first = null, last = null;
        char[] messageScratch = new char[256]; // the miner reads the message's characters: no string made for it here
        foreach (MergedRecord merged in reader.Read())
        {
            LogRecord record = merged.Record;
            if (record.Timestamp is { } time)
            {
                if (first is null)
                {
                    first = time;
                    if (_options.LearnFor is { } learn && _options.LearnUntil is null)
                    {
                        _gate.Until = time + learn;
                    }
                }
                if (last is null || time > last)
                {
                    last = time;
                }
            }
            if (metrics is not null && (merged.OrderTime ?? record.Timestamp) is { } at)
            {
                metrics.FeedUntil(at, Engine);
            }
            int templateId = Miner.Add(record.MessageChars(ref messageScratch), record.Timestamp, record.Level);
            Engine.Observe(record, merged.Labels, templateId, merged.OrderTime);
            if ((++records & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        if (Engine.Now > DateTimeOffset.MinValue && Engine.Now < DateTimeOffset.MaxValue - _options.FinishAfter)
        {
            // Samples past the logs' end (and their FinishAfter) are left out: log time running on without
            // lines would make every log source look silent.
            DateTimeOffset finish = Engine.Now + _options.FinishAfter;
            metrics?.FeedUntil(finish, Engine);
            Engine.AdvanceTo(finish);
        }
        return new LogAnalysisSummary(reader.Lines, records, files.Count, clock.Elapsed, _gate.Suppressed, _gate.Until, first, last)
        {
            MetricSamples = metrics?.Samples ?? 0,
        };
    }

    /// <summary>Drops findings raised while the detectors learn; passes the rest to the tracker.</summary>
    private sealed class LearningGate(IFindingSink inner) : IFindingSink, IFindingResolver
    {
        /// <summary>A condition that is over (a missed job that ran again) is passed on: its incident may have opened after learning.</summary>
        public void ResolveFinding(string key, DateTimeOffset at)
        {
            if (inner is IFindingResolver resolver)
            {
                resolver.ResolveFinding(key, at);
            }
        }

        public DateTimeOffset? Until { get; set; }

        public long Suppressed { get; private set; }

        public void Raise(Finding finding)
        {
            if (Until is { } until && finding.Timestamp < until)
            {
                Suppressed++;
                return;
            }
            inner.Raise(finding);
        }
    }
}
