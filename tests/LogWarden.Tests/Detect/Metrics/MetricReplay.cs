using LogWarden.Collect.HostMetrics;
using LogWarden.Detect;
using LogWarden.Detect.Metrics;
using LogWarden.Mine;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Detect.Metrics;

/// <summary>A <see cref="MetricDetector"/> inside a <see cref="DetectionEngine"/>, fed synthetic hosts in log time, keeping every finding.</summary>
internal sealed class MetricReplay : IFindingSink
{
    /// <summary>A Monday, 00:00 UTC.</summary>
    public static readonly DateTimeOffset Monday = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    public MetricReplay(MetricDetectorOptions? options = null, MetricDetector? detector = null)
    {
        Detector = detector ?? new MetricDetector(options);
        Engine = new DetectionEngine(new TemplateMiner(), this, [], [Detector]);
    }

    public MetricDetector Detector { get; }

    public DetectionEngine Engine { get; }

    public List<Finding> Findings { get; } = [];

    public IEnumerable<Finding> Alerts => Findings.Where(f => f.Severity >= FindingSeverity.Warning);

    public void Raise(Finding finding) => Findings.Add(finding);

    public MetricReplay Play(SyntheticHostMetrics host, DateTimeOffset from, DateTimeOffset to, TimeSpan? step = null)
    {
        foreach (HostMetricsSample sample in host.Samples(from, to, step))
        {
            Engine.Observe(sample);
        }
        return this;
    }

    public List<Finding> OfKind(string kind) => [.. Findings.Where(f => f.Kind == kind)];

    public string Describe() => string.Join('\n', Findings.Select(f => $"{f.Timestamp:MM-dd HH:mm:ss} {f.Severity} {f.Kind} {f.Title}"));
}
