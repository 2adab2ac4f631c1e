using LogWarden.Collect;
using LogWarden.Detect;
using LogWarden.Detect.Security;
using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Tests.Detect;

public sealed class DetectionEngineTests
{
    private sealed class RecordingDetector : ILogDetector
    {
        public List<(DateTimeOffset Time, string Template, string? Kind)> Seen { get; } = [];

        public List<DateTimeOffset> Advances { get; } = [];

        public string Name => "recording";

        public void Observe(LogObservation line, IFindingSink sink) => Seen.Add((line.Time, line.Template.Text, line.Security?.Kind));

        public void Advance(DateTimeOffset now, IFindingSink sink) => Advances.Add(now);
    }

    private sealed class ListSink : IFindingSink
    {
        public List<Finding> Findings { get; } = [];

        public void Raise(Finding finding) => Findings.Add(finding);
    }

    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Detectors_see_the_resolved_template_the_security_event_and_log_time()
    {
        var miner = new TemplateMiner();
        var detector = new RecordingDetector();
        var engine = new DetectionEngine(miner, new ListSink(), [detector]);
        var record = new LogRecord
        {
            Raw = "Nov 25 12:00:00 web sshd[42]: Failed password for root from 203.0.113.7 port 50122 ssh2",
            Message = "Failed password for root from 203.0.113.7 port 50122 ssh2",
            Program = "sshd",
            Pid = 42,
            Timestamp = T0,
        };

        engine.Observe(record, new StreamLabels(("source", "auth.log")), miner.Add(record.Message));

        var seen = Assert.Single(detector.Seen);
        Assert.Equal(T0, seen.Time);
        Assert.Contains("Failed password for", seen.Template, StringComparison.Ordinal);
        Assert.Equal(SecurityEventKinds.AuthFailure, seen.Kind);
        Assert.Equal(1, engine.Lines);
    }

    [Fact]
    public void Log_time_is_a_watermark_that_advances_detectors_once_per_second_and_never_goes_back()
    {
        var miner = new TemplateMiner();
        var detector = new RecordingDetector();
        var engine = new DetectionEngine(miner, new ListSink(), [detector]);
        var labels = new StreamLabels(("source", "app"));
        foreach (double offset in new[] { 0, 0.2, 0.9, 1.1, 0.5, 3 })
        {
            var record = new LogRecord { Raw = "tick", Message = "tick", Timestamp = T0.AddSeconds(offset) };
            engine.Observe(record, labels, miner.Add(record.Message));
        }

        Assert.Equal([T0, T0.AddSeconds(1.1), T0.AddSeconds(3)], detector.Advances);
        Assert.Equal(T0.AddSeconds(3), engine.Now);
        Assert.Equal(T0.AddSeconds(0.5), detector.Seen[4].Time); // a late record keeps its own time
    }

    [Fact]
    public void A_record_without_a_time_takes_the_received_time_or_else_the_watermark()
    {
        var miner = new TemplateMiner();
        var detector = new RecordingDetector();
        var engine = new DetectionEngine(miner, new ListSink(), [detector]);
        var labels = new StreamLabels(("source", "app"));
        var timed = new LogRecord { Raw = "a", Message = "a", Timestamp = T0 };
        var untimed = new LogRecord { Raw = "b", Message = "b" };

        engine.Observe(timed, labels, miner.Add("a"));
        engine.Observe(untimed, labels, miner.Add("b"));
        engine.Observe(untimed, labels, miner.Add("b"), received: T0.AddMinutes(1));

        Assert.Equal([T0, T0, T0.AddMinutes(1)], detector.Seen.Select(s => s.Time));
    }

    [Fact]
    public void Finding_keys_ignore_entity_order()
    {
        var a = new Finding
        {
            Timestamp = T0,
            Severity = FindingSeverity.Warning,
            Kind = "ssh-brute-force",
            Title = "t",
            FirstSeen = T0,
            LastSeen = T0,
            Entities = new Dictionary<string, string> { ["ip"] = "203.0.113.7", ["host"] = "web" },
        };
        _ = a.Key;
        var b = a with { Entities = new Dictionary<string, string> { ["host"] = "web", ["ip"] = "203.0.113.7" } };

        Assert.Equal("ssh-brute-force{host=web,ip=203.0.113.7}", a.Key);
        Assert.Equal(a.Key, b.Key);
        Assert.NotEqual(a.Key, (a with { Kind = "web-scan" }).Key);
    }
}
