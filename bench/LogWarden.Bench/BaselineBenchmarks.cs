using BenchmarkDotNet.Attributes;
using LogWarden.Collect;
using LogWarden.Detect;
using LogWarden.Detect.Baselines;
using LogWarden.Detect.Security;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Bench;

/// <summary>
/// The baselines' hot path under BenchmarkDotNet with <see cref="MemoryDiagnoserAttribute"/>: 100,000 lines
/// of the synthetic web-server mix (nginx, auth, syslog, kernel, mail; six sources) observed by a
/// <see cref="BaselineDetector"/> that has already learned the 100,000 lines before them (learning period
/// and rate history shortened so that everything is judged). Peers in the same run: the engine without
/// detectors (the security recogniser and the observation it builds) and the engine with the baselines.
/// Run: dotnet run -c Release --project bench/LogWarden.Bench -- --filter '*BaselineBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class BaselineBenchmarks
{
    private const int Lines = 100_000;

    private static readonly BaselineOptions Options = new()
    {
        LearningPeriod = TimeSpan.FromMinutes(20),
        MinRateHistory = TimeSpan.FromMinutes(15),
    };

    private readonly List<(LogRecord Record, StreamLabels Labels, int Template)> _learn = [];
    private readonly List<(LogRecord Record, StreamLabels Labels, int Template)> _measure = [];
    private LogObservation[] _observations = [];
    private TemplateMiner _miner = new();
    private BaselineDetector _detector = new();
    private DetectionEngine _engine = null!;
    private readonly NullSink _sink = new();

    private sealed class NullSink : IFindingSink
    {
        public int Count;

        public void Raise(Finding finding) => Count++;
    }

    [GlobalSetup]
    public void Setup()
    {
        var logs = new SyntheticLogs(3);
        StreamLabels[] labels = [.. SyntheticLogs.Files.Select(f => new StreamLabels(("host", "web1"), ("path", f)))];
        var context = new DecodeContext("bench", new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);
        _miner = new TemplateMiner();
        var recognizer = new SecurityEventRecognizer();
        var observations = new List<LogObservation>(Lines);
        for (int i = 0; i < 2 * Lines; i++)
        {
            var (time, file, text) = logs.Next();
            LogRecord record = FormatDetector.DecodeWithAnyFormat(text, context);
            int id = _miner.Add(record.Message, record.Timestamp, record.Level);
            var entry = (record, labels[file], id);
            if (i < Lines)
            {
                _learn.Add(entry);
            }
            else
            {
                _measure.Add(entry);
                observations.Add(new LogObservation
                {
                    Record = record,
                    Labels = labels[file],
                    Time = record.Timestamp ?? time,
                    Template = _miner.Resolve(id),
                    Security = recognizer.Recognize(record),
                });
            }
        }
        _observations = [.. observations];
    }

    /// <summary>A detector (or engine) that has learned the first half, fresh for each iteration (the measured half moves its clock on).</summary>
    [IterationSetup(Target = nameof(Observe))]
    public void LearnedDetector()
    {
        _detector = new BaselineDetector(Options, _miner);
        _engine = new DetectionEngine(_miner, _sink, [_detector]);
        foreach (var (record, labels, template) in _learn)
        {
            _engine.Observe(record, labels, template);
        }
    }

    [IterationSetup(Target = nameof(EngineWithBaselines))]
    public void LearnedEngine() => LearnedDetector();

    [IterationSetup(Target = nameof(EngineWithoutDetectors))]
    public void EmptyEngine() => _engine = new DetectionEngine(_miner, _sink, []);

    /// <summary>The detector alone: <see cref="BaselineDetector.Observe"/> per line, Advance once per second of log time.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public long Observe()
    {
        long second = 0;
        foreach (LogObservation observation in _observations)
        {
            long now = observation.Time.UtcTicks / TimeSpan.TicksPerSecond;
            if (now > second)
            {
                second = now;
                _detector.Advance(observation.Time, _sink);
            }
            _detector.Observe(observation, _sink);
        }
        return _detector.Tracked;
    }

    /// <summary>Peer: the engine with no detector (security recogniser, observation, watermark).</summary>
    [Benchmark(OperationsPerInvoke = Lines, Baseline = true)]
    public long EngineWithoutDetectors() => Replay();

    /// <summary>The engine with the baselines: what the baselines add to detection per line.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public long EngineWithBaselines() => Replay();

    private long Replay()
    {
        foreach (var (record, labels, template) in _measure)
        {
            _engine.Observe(record, labels, template);
        }
        return _engine.Lines;
    }
}
