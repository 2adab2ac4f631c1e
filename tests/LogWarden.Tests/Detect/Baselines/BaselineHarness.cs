using LogWarden.Collect;
using LogWarden.Detect;
using LogWarden.Detect.Baselines;
using LogWarden.Detect.Incidents;
using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Tests.Detect.Baselines;

/// <summary>One decoded line of a source, with the time it was read.</summary>
internal sealed record LogLine(DateTimeOffset Time, string Source, LogRecord Record);

/// <summary>
/// The real chain the daemon runs, for baseline tests: raw lines decoded by the first format that reads
/// them, mined, observed by the engine with a <see cref="BaselineDetector"/>, and the engine's clock
/// advanced every second of log time as the daemon's wall clock does.
/// </summary>
internal sealed class BaselineHarness
{
    private static readonly DecodeContext Context = new("test", new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);
    private const int BackgroundDays = 4;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ILogDecoder> Decoders = new(StringComparer.Ordinal);

    private static readonly Lazy<List<LogLine>> SharedBackground = new(() =>
        [.. Decode(new ServerLogStream().Background().Lines(ServerLogStream.Monday, ServerLogStream.Monday.AddDays(BackgroundDays)))]);

    private readonly Dictionary<string, StreamLabels> _labels = [];
    private DateTimeOffset _nextTick = DateTimeOffset.MinValue;

    public BaselineHarness(BaselineOptions? options = null, BaselineDetector? detector = null, TemplateMiner? miner = null)
    {
        Miner = miner ?? new TemplateMiner();
        Detector = detector ?? new BaselineDetector(options, Miner);
        Engine = new DetectionEngine(Miner, Sink, [Detector]);
    }

    public TemplateMiner Miner { get; }

    public BaselineDetector Detector { get; }

    public DetectionEngine Engine { get; }

    public ListSink Sink { get; } = new();

    public List<Finding> Findings => Sink.Findings;

    public long Lines { get; private set; }

    /// <summary>
    /// A raw line decoded as a file reader would: by the decoder detected for its source (from the source's
    /// first line), else by the first format that reads it.
    /// </summary>
    public static LogLine Decode(DateTimeOffset time, string source, string line)
    {
        ILogDecoder decoder = Decoders.GetOrAdd(source, _ => FormatDetector.Detect([line]));
        LogRecord record = decoder.TryDecode(line, Context, out LogRecord? decoded) ? decoded : FormatDetector.DecodeWithAnyFormat(line, Context);
        return new(time, source, record);
    }

    public static IEnumerable<LogLine> Decode(IEnumerable<(DateTimeOffset Time, string Source, string Line)> lines) =>
        lines.Select(l => Decode(l.Time, l.Source, l.Line));

    /// <summary>
    /// The first <paramref name="days"/> days (at most four) of <see cref="ServerLogStream.Background"/> from
    /// Monday, decoded once and shared by the tests (records are immutable); tests filter it and merge
    /// their incidents in.
    /// </summary>
    public static IReadOnlyList<LogLine> Background(int days)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, BackgroundDays);
        List<LogLine> all = SharedBackground.Value;
        DateTimeOffset end = ServerLogStream.Monday.AddDays(days);
        int count = all.FindIndex(l => l.Time >= end);
        return count < 0 ? all : all.GetRange(0, count);
    }

    /// <summary>Two time-ordered streams as one.</summary>
    public static IEnumerable<LogLine> Merge(IEnumerable<LogLine> first, IEnumerable<LogLine> second)
    {
        using var a = first.GetEnumerator();
        using var b = second.GetEnumerator();
        bool hasA = a.MoveNext(), hasB = b.MoveNext();
        while (hasA || hasB)
        {
            if (hasA && (!hasB || a.Current.Time <= b.Current.Time))
            {
                yield return a.Current;
                hasA = a.MoveNext();
            }
            else
            {
                yield return b.Current;
                hasB = b.MoveNext();
            }
        }
    }

    /// <summary>Feeds every line, then advances log time to <paramref name="until"/>.</summary>
    public BaselineHarness Run(IEnumerable<LogLine> lines, DateTimeOffset until)
    {
        foreach (LogLine line in lines)
        {
            if (line.Time < until)
            {
                Feed(line.Time, line.Source, line.Record);
            }
        }
        TickTo(until);
        return this;
    }

    /// <summary>One decoded record of a source; <paramref name="time"/> is when it was read (used when the record has no time).</summary>
    public void Feed(DateTimeOffset time, string source, LogRecord record)
    {
        TickTo(record.Timestamp ?? time);
        int id = Miner.Add(record.Message, record.Timestamp, record.Level);
        Engine.Observe(record, LabelsOf(source), id, received: time);
        Lines++;
    }

    public StreamLabels LabelsOf(string source)
    {
        if (!_labels.TryGetValue(source, out StreamLabels? labels))
        {
            labels = new StreamLabels(("job", "file"), ("host", ServerLogStream.Host), ("path", source));
            _labels[source] = labels;
        }
        return labels;
    }

    /// <summary>Advances the engine every second up to <paramref name="time"/>, as the daemon's clock does between lines.</summary>
    public void TickTo(DateTimeOffset time)
    {
        if (_nextTick == DateTimeOffset.MinValue)
        {
            _nextTick = time;
        }
        while (_nextTick <= time)
        {
            Engine.AdvanceTo(_nextTick);
            Sink.Tracker?.Advance(_nextTick);
            _nextTick = _nextTick.AddSeconds(1);
        }
    }

    public List<Finding> Of(string kind) => Findings.Where(f => f.Kind == kind).ToList();

    public List<Finding> Alerts => Findings.Where(f => f.Severity >= FindingSeverity.Warning).ToList();

    /// <summary>The findings, one per line, for assertion messages.</summary>
    public string Describe(IEnumerable<Finding>? findings = null) =>
        string.Join('\n', (findings ?? Findings).Select(f => $"{f.Timestamp:MM-dd HH:mm:ss} {f.Severity} {f.Kind} {f.Key} :: {f.Title}"));
}

/// <summary>
/// A finding sink that keeps every finding and every resolution, and passes them on to a real incident
/// tracker when one is given (<see cref="Track"/>), recording the incidents it opens.
/// </summary>
internal sealed class ListSink : IFindingSink, IFindingResolver, IIncidentListener
{
    public List<Finding> Findings { get; } = [];

    public List<(string Key, DateTimeOffset At)> Resolved { get; } = [];

    public IncidentTracker? Tracker { get; private set; }

    /// <summary>Incidents opened by <see cref="Tracker"/>: id, severity of the finding that opened it, that finding's key.</summary>
    public List<(long Id, FindingSeverity Severity, string Key)> Opened { get; } = [];

    /// <summary>Incidents resolved by <see cref="Tracker"/>: id and when.</summary>
    public List<(long Id, DateTimeOffset At)> Closed { get; } = [];

    public ListSink Track(IncidentTracker tracker)
    {
        Tracker = tracker;
        tracker.AddListener(this);
        return this;
    }

    public void Raise(Finding finding)
    {
        Findings.Add(finding);
        Tracker?.Raise(finding);
    }

    public void ResolveFinding(string key, DateTimeOffset at)
    {
        Resolved.Add((key, at));
        Tracker?.ResolveFinding(key, at);
    }

    public void OnIncidentEvent(in IncidentEvent e)
    {
        if (e.Kind == IncidentEventKind.IncidentOpened)
        {
            Opened.Add((e.Incident.Id, e.Finding?.Severity ?? FindingSeverity.Info, e.Finding?.Key ?? ""));
        }
        else if (e.Kind == IncidentEventKind.IncidentResolved)
        {
            Closed.Add((e.Incident.Id, e.At));
        }
    }
}
