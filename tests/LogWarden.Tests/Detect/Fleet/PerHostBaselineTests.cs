using LogWarden.Collect;
using LogWarden.Detect;
using LogWarden.Detect.Baselines;
using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Tests.Detect.Fleet;

/// <summary>On a central that hears several hosts, baselines are kept per stream, and a stream is per host.</summary>
public sealed class PerHostBaselineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
    private const string Timeout = "payment gateway timeout after 3000 ms";

    private readonly TemplateMiner _miner = new();
    private readonly List<Finding> _findings = [];
    private readonly DetectionEngine _engine;

    public PerHostBaselineTests()
    {
        var baselines = new BaselineDetector(new BaselineOptions { LearningPeriod = TimeSpan.FromHours(1) }, _miner);
        _engine = new DetectionEngine(_miner, new Sink(_findings), [baselines]);
    }

    private sealed class Sink(List<Finding> findings) : IFindingSink
    {
        public void Raise(Finding finding) => findings.Add(finding);
    }

    private void Line(string host, DateTimeOffset at, string message, Severity level = Severity.Info)
    {
        var record = new LogRecord { Raw = message, Message = message, Timestamp = at, Level = level, Program = "app" };
        _engine.Observe(record, new StreamLabels(("host", host), ("job", "app")), _miner.Add(message));
    }

    [Fact]
    public void An_error_normal_on_one_host_is_still_new_on_another()
    {
        for (DateTimeOffset t = T0; t < T0.AddHours(2); t = t.AddSeconds(20))
        {
            int n = (int)(t - T0).TotalSeconds;
            Line("web1", t, $"order {n} shipped to warehouse {n % 7}");
            Line("web2", t, $"order {n + 1} shipped to warehouse {n % 5}");
            if (n % 600 == 0)
            {
                Line("web1", t, Timeout, Severity.Error); // web1's routine: learnt while learning
            }
        }
        Assert.DoesNotContain(_findings, f => f.Kind is "new-error-template");

        Line("web1", T0.AddHours(2), Timeout, Severity.Error);
        Line("web2", T0.AddHours(2).AddSeconds(1), Timeout, Severity.Error);
        _engine.AdvanceTo(T0.AddHours(2).AddMinutes(1));

        Finding found = Assert.Single(_findings, f => f.Kind == "new-error-template");
        Assert.Equal("web2", found.Entities[EntityNames.Host]);
    }
}
