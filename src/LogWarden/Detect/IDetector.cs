using LogWarden.Collect;
using LogWarden.Collect.HostMetrics;
using LogWarden.Detect.Security;
using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Detect;

/// <summary>
/// One log record as the detectors see it: decoded, mined, and recognised as a security event when it is
/// one. <see cref="Time"/> is the engine's log time for it (the record's timestamp, or when it was received).
/// Detectors must not keep the instance (the engine reuses one for every line: no allocation per line);
/// copy what they need.
/// </summary>
internal sealed class LogObservation
{
    private LogRecord _record = null!;
    private SecurityEventRecognizer? _accessPartsOf;

    public required LogRecord Record
    {
        get => _record;
        set
        {
            _record = value;
            _accessPartsOf = null; // another record: its parts are not read yet
        }
    }

    public required StreamLabels Labels { get; set; }

    /// <summary>A stable name of the stream for per-source state: the labels' key.</summary>
    public string SourceKey => Labels.Key;

    public required DateTimeOffset Time { get; set; }

    /// <summary>The miner's template (resolved: never a merged one).</summary>
    public required LogTemplate Template { get; set; }

    /// <summary>The security event the line is, if it is one.</summary>
    public SecurityEvent? Security { get; set; }

    /// <summary>The HTTP request the line holds when the recogniser read one (<see cref="SecurityEventRecognizer.Request"/>); status 0 when none.</summary>
    public WebRequest Request { get; set; }

    /// <summary>
    /// Which keywords of <see cref="MessageKeywordsOf"/> occur in the message, found once per line shape by the
    /// recogniser (<see cref="SecurityEventRecognizer.MessageAnchors"/>); null when the detector must scan itself.
    /// Keywords that do not survive a line's shape (<see cref="AnchorScanner.SurvivesShape"/>) are never set here.
    /// </summary>
    public bool[]? MessageKeywords { get; set; }

    /// <summary>The scanner <see cref="MessageKeywords"/> answers for.</summary>
    public AnchorScanner? MessageKeywordsOf { get; set; }

    /// <summary>
    /// Says that <paramref name="recognizer"/> has just recognised <see cref="Record"/>, so its access parts
    /// (<see cref="SecurityEventRecognizer.AccessParts"/>) are this record's: the detectors take them from there instead
    /// of reading the line again. Set by the engine after <see cref="Record"/> (which forgets it).
    /// </summary>
    public void TakeAccessPartsFrom(SecurityEventRecognizer recognizer) => _accessPartsOf = recognizer;

    /// <summary>
    /// <see cref="AccessLogDecoder.TryReadParts(LogRecord, out AccessLineParts)"/> of an access record
    /// (<see cref="AccessLogDecoder.IsAccessRecord"/>), false for any other: read once per line, by the recogniser, when the
    /// engine made this observation; read here otherwise.
    /// </summary>
    public bool TryAccessParts(out AccessLineParts parts)
    {
        if (_accessPartsOf is { } recognizer)
        {
            parts = recognizer.AccessParts;
            return recognizer.HasAccessParts;
        }

        parts = default;
        return AccessLogDecoder.IsAccessRecord(_record) && AccessLogDecoder.TryReadParts(_record, out parts);
    }
}

/// <summary>
/// A detector that scans every message for keywords with <see cref="MessageKeywords"/>: the engine has the
/// security recogniser do that scan once per line shape (it shapes every line anyway) and passes the result in
/// <see cref="LogObservation.MessageKeywords"/>.
/// </summary>
internal interface IMessageKeywordDetector
{
    AnchorScanner MessageKeywords { get; }
}

/// <summary>Where detectors put what they find (the incident tracker, in the daemon and `analyze`).</summary>
internal interface IFindingSink
{
    void Raise(Finding finding);
}

/// <summary>
/// A finding sink that can also close what was raised once the condition is over (a host that reports
/// again), instead of waiting for the incident's quiet period.
/// </summary>
internal interface IFindingResolver
{
    /// <summary>Resolves the open incident that holds the finding <paramref name="key"/> when that finding is all it holds.</summary>
    void ResolveFinding(string key, DateTimeOffset at);
}

/// <summary>
/// A detector of log records. Calls come from one thread, in log-time order per source (the engine
/// merges sources); <see cref="Advance"/> is called at least every second of log time, also when no
/// line arrives, so that silences, drops and leaky buckets can be judged.
/// </summary>
internal interface ILogDetector
{
    /// <summary>Short name: the <see cref="Finding.Detector"/> of its findings and the key of its saved state.</summary>
    string Name { get; }

    void Observe(LogObservation line, IFindingSink sink);

    void Advance(DateTimeOffset now, IFindingSink sink);
}

/// <summary>A detector of host metrics samples (every 10 s in the daemon).</summary>
internal interface IMetricDetector
{
    string Name { get; }

    void Observe(HostMetricsSample sample, IFindingSink sink);
}

/// <summary>
/// A detector whose learning survives restarts. The engine saves every persistent detector's state
/// (as UTF-8 JSON it does not look into) with the store's other state, and restores it at start.
/// A detector must accept state saved by an older version or ignore it and start learning again.
/// </summary>
internal interface IPersistentDetector
{
    string Name { get; }

    byte[] SaveState();

    void LoadState(ReadOnlySpan<byte> state);
}

/// <summary>
/// Counters every detector reports so that bounded memory is visible: entries it keeps and entries
/// it evicted to stay under its caps.
/// </summary>
internal interface IBoundedDetector
{
    string Name { get; }

    long Tracked { get; }

    long Evicted { get; }
}
