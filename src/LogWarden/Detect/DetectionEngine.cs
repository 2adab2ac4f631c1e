using LogWarden.Collect;
using LogWarden.Collect.HostMetrics;
using LogWarden.Detect.Security;
using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Detect;

/// <summary>
/// Runs every detector over mined records and host metrics samples, in log time. The daemon feeds it
/// from the ingest pipeline (after the miner) and advances it with the wall clock; `analyze` feeds it
/// the replayed files merged by time. One thread at a time.
/// </summary>
/// <remarks>
/// Log time is a watermark: the latest time seen (records may come a little out of order across
/// sources; a record older than the watermark is observed with its own time, and the detectors'
/// windows tolerate that). Whenever the watermark crosses a second, every log detector's
/// <see cref="ILogDetector.Advance"/> runs, so silences and leaky buckets are judged even when no line
/// arrives.
/// </remarks>
internal sealed class DetectionEngine
{
    private readonly TemplateMiner _miner;
    private readonly SecurityEventRecognizer _recognizer;
    private readonly ILogDetector[] _logDetectors;
    private readonly IMetricDetector[] _metricDetectors;
    private readonly IFindingSink _sink;
    private readonly List<ILogClockListener> _clockListeners = [];
    private DateTimeOffset _watermark = DateTimeOffset.MinValue;
    private long _lastAdvanceSecond = long.MinValue;

    /// <summary>The one observation every line is given in (detectors copy what they keep).</summary>
    private LogObservation? _observation;

    public DetectionEngine(
        TemplateMiner miner,
        IFindingSink sink,
        IEnumerable<ILogDetector> logDetectors,
        IEnumerable<IMetricDetector>? metricDetectors = null,
        SecurityEventRecognizer? recognizer = null)
    {
        _miner = miner;
        _sink = sink;
        _logDetectors = [.. logDetectors];
        _metricDetectors = [.. metricDetectors ?? []];
        _recognizer = recognizer ?? new SecurityEventRecognizer();
        if (_recognizer.MessageScanner is null && _logDetectors.OfType<IMessageKeywordDetector>().FirstOrDefault() is { } keywords)
        {
            _recognizer.ShareMessageKeywords(keywords.MessageKeywords);
        }
    }

    /// <summary>The latest log time seen or advanced to; <see cref="DateTimeOffset.MinValue"/> before any.</summary>
    public DateTimeOffset Now => _watermark;

    public IReadOnlyList<ILogDetector> LogDetectors => _logDetectors;

    public IReadOnlyList<IMetricDetector> MetricDetectors => _metricDetectors;

    public long Lines { get; private set; }

    /// <summary>Advances <paramref name="listener"/> with log time, after the detectors (their findings of that second come first).</summary>
    public void AddClockListener(ILogClockListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        _clockListeners.Add(listener);
    }

    /// <summary>
    /// One record the miner has seen as <paramref name="templateId"/>. <paramref name="received"/> stands
    /// in for the time when the record has none (the daemon passes the time it read the line).
    /// </summary>
    public void Observe(LogRecord record, StreamLabels labels, int templateId, DateTimeOffset? received = null)
    {
        DateTimeOffset time = record.Timestamp ?? received ?? (_watermark == DateTimeOffset.MinValue ? DateTimeOffset.UnixEpoch : _watermark);
        AdvanceTo(time);
        var observation = _observation ??= new LogObservation { Record = record, Labels = labels, Time = time, Template = null! };
        observation.Record = record;
        observation.Labels = labels;
        observation.Time = time;
        observation.Template = _miner.Resolve(templateId);
        observation.Security = _recognizer.Recognize(record);
        observation.Request = _recognizer.Request;
        observation.TakeAccessPartsFrom(_recognizer);
        observation.MessageKeywords = _recognizer.MessageAnchors;
        observation.MessageKeywordsOf = _recognizer.MessageScanner;
        foreach (ILogDetector detector in _logDetectors)
        {
            detector.Observe(observation, _sink);
        }
        Lines++;
    }

    public void Observe(HostMetricsSample sample)
    {
        AdvanceTo(sample.Timestamp);
        foreach (IMetricDetector detector in _metricDetectors)
        {
            detector.Observe(sample, _sink);
        }
    }

    /// <summary>Moves log time forward (never back), running each log detector's Advance once per second crossed.</summary>
    public void AdvanceTo(DateTimeOffset now)
    {
        if (now <= _watermark)
        {
            return;
        }
        _watermark = now;
        long second = now.ToUnixTimeSeconds();
        if (second == _lastAdvanceSecond)
        {
            return;
        }
        _lastAdvanceSecond = second;
        foreach (ILogDetector detector in _logDetectors)
        {
            detector.Advance(now, _sink);
        }
        foreach (ILogClockListener listener in _clockListeners)
        {
            listener.Advance(now);
        }
    }
}
