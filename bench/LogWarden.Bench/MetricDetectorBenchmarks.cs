using BenchmarkDotNet.Attributes;
using LogWarden.Collect.HostMetrics;
using LogWarden.Detect;
using LogWarden.Detect.Metrics;
using LogWarden.Tests.Support;

namespace LogWarden.Bench;

/// <summary>
/// The cost of one host-metrics sample in <see cref="MetricDetector"/> once it has learnt two days (baselines
/// ready, so every closed minute is judged), with a realistic series count: a VPS (~80 series with the derived
/// ones), a Docker host with 25 container interfaces (~280), and 1,250 interfaces (10,000 series, over the
/// 2,000-series cap: most are refused each sample). The peer, measured in the same run, is what producing the
/// sample costs: <see cref="HostMetricsCollector.Collect"/> on this machine's /proc.
/// Run: dotnet run -c Release --project bench/LogWarden.Bench -- --filter '*MetricDetectorBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the instance; GlobalCleanup disposes the collector
public class MetricDetectorBenchmarks
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    private readonly NullSink _sink = new();
    private MetricDetector _detector = null!;
    private HostMetricsSample[] _pool = [];
    private HostMetricsCollector _collector = null!;
    private DateTimeOffset _time;
    private int _next;

    [Params(0, 25, 1250)]
    public int ContainerInterfaces { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var host = new SyntheticHostMetrics(seed: 11) { ExtraInterfaces = ContainerInterfaces, CpuUsed = t => 10 + (30 * Math.Abs(Math.Sin(t.TimeOfDay.TotalHours / 24 * Math.PI))) };
        int poolSize = ContainerInterfaces > 100 ? 360 : 8640; // an hour or a day of samples, cycled
        _pool = [.. host.Samples(Start, Start.AddSeconds(10 * poolSize))];
        _detector = new MetricDetector();
        _time = Start;
        for (int i = 0; i < 2 * 8640; i++)
        {
            ObserveNext();
        }
        _collector = new HostMetricsCollector(new HostMetricsOptions());
        _collector.Collect();
    }

    [GlobalCleanup]
    public void Cleanup() => _collector.Dispose();

    [Benchmark]
    public long ObserveSample()
    {
        ObserveNext();
        return _detector.Samples;
    }

    [Benchmark(Baseline = true)]
    public int CollectSampleFromProc() => _collector.Collect().Metrics.Count;

    private void ObserveNext()
    {
        HostMetricsSample sample = _pool[_next];
        _next = (_next + 1) % _pool.Length;
        _time = _time.AddSeconds(10);
        _detector.Observe(sample with { Timestamp = _time }, _sink);
    }

    private sealed class NullSink : IFindingSink
    {
        public void Raise(Finding finding)
        {
        }
    }
}
