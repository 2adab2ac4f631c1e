using BenchmarkDotNet.Attributes;
using LogWarden.Detect;
using LogWarden.Detect.Baselines;
using LogWarden.Detect.Security;
using LogWarden.Mine;
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

    private LogObservation[] _learn = [];
    private LogObservation[] _observations = [];
    private TemplateMiner _miner = new();
    private BaselineDetector _detector = new();
    private DetectionEngine _engine = null!;
    private readonly NullSink _sink = new();

    /// <summary>One recogniser for every engine, its line-shape cache warm after the first iteration (as in the daemon).</summary>
    private readonly SecurityEventRecognizer _recognizer = new();

    private sealed class NullSink : IFindingSink
    {
        public int Count;

        public void Raise(Finding finding) => Count++;
    }

    [GlobalSetup]
    public void Setup()
    {
        LogObservation[] all = BaselineSpeedBench.SyntheticObservations(2 * Lines, out _miner);
        _learn = all[..Lines];
        _observations = all[Lines..];
    }

    /// <summary>A detector (or engine) that has learned the first half, fresh for each iteration (the measured half moves its clock on).</summary>
    [IterationSetup(Target = nameof(Observe))]
    public void LearnedDetector()
    {
        _detector = new BaselineDetector(Options, _miner);
        _engine = new DetectionEngine(_miner, _sink, [_detector], recognizer: _recognizer);
        foreach (LogObservation line in _learn)
        {
            _engine.Observe(line.Record, line.Labels, line.Template.Id);
        }
    }

    [IterationSetup(Target = nameof(EngineWithBaselines))]
    public void LearnedEngine() => LearnedDetector();

    [IterationSetup(Target = nameof(EngineWithoutDetectors))]
    public void EmptyEngine() => _engine = new DetectionEngine(_miner, _sink, [], recognizer: _recognizer);

    /// <summary>The detector alone: <see cref="BaselineDetector.Observe"/> per line, Advance once per second of log time.</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public long Observe()
    {
        DetectorReplay.Replay(_detector, _observations, _sink);
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
        foreach (LogObservation line in _observations)
        {
            _engine.Observe(line.Record, line.Labels, line.Template.Id);
        }
        return _engine.Lines;
    }
}
