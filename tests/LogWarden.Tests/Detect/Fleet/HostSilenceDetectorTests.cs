using LogWarden.Collect;
using LogWarden.Collect.HostMetrics;
using LogWarden.Detect;
using LogWarden.Detect.Fleet;
using LogWarden.Detect.Incidents;
using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Tests.Detect.Fleet;

/// <summary>The host-silence detector in a real engine with the tracker behind the fleet correlator, as the daemon runs it.</summary>
public sealed class HostSilenceDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);
    private readonly TemplateMiner _miner = new();
    private readonly IncidentTracker _tracker = new();
    private readonly HostSilenceDetector _detector;
    private readonly DetectionEngine _engine;

    public HostSilenceDetectorTests()
    {
        _detector = new HostSilenceDetector(new FleetOptions { LocalHost = "central" });
        _engine = new DetectionEngine(_miner, new FleetCorrelator(_tracker), [_detector], [_detector]);
        _engine.AddClockListener(_tracker);
    }

    private void Heartbeat(string host, DateTimeOffset at) => _engine.Observe(new HostMetricsSample(at, host, [], [], []));

    private void Line(string host, DateTimeOffset at, string text = "GET /health 200")
    {
        var record = new LogRecord { Raw = text, Message = text, Timestamp = at };
        _engine.Observe(record, new StreamLabels(("host", host), ("job", "app")), _miner.Add(text));
    }

    /// <summary>Every 10 s from <paramref name="from"/> for <paramref name="span"/>, each host a heartbeat.</summary>
    private void Report(DateTimeOffset from, TimeSpan span, params string[] hosts)
    {
        for (DateTimeOffset t = from; t < from + span; t = t.AddSeconds(10))
        {
            foreach (string host in hosts)
            {
                Heartbeat(host, t);
            }
            _engine.AdvanceTo(t.AddSeconds(5));
        }
    }

    private List<Incident> Silent() => [.. _tracker.OpenIncidents.Where(i => i.Kind == HostSilenceDetector.SilentKind)];

    [Fact]
    public void A_host_that_stops_reporting_is_an_incident_resolved_when_it_reports_again()
    {
        Report(T0, TimeSpan.FromMinutes(10), "web1", "web2");
        Assert.Empty(Silent());

        // web1 stops; web2 goes on.
        Report(T0.AddMinutes(10), TimeSpan.FromMinutes(3), "web2");
        Incident incident = Assert.Single(Silent());
        Assert.Equal("web1", incident.Host);
        Assert.StartsWith("web1 stopped reporting: nothing for 2 min", incident.Title, StringComparison.Ordinal);

        Line("web1", T0.AddMinutes(13));
        Assert.Empty(Silent());
        Assert.Equal(IncidentStatus.Resolved, incident.Status);
    }

    [Fact]
    public void A_host_that_reports_slowly_is_judged_on_its_own_cadence()
    {
        for (int i = 0; i < 10; i++)
        {
            Line("batch1", T0.AddMinutes(i));
            _engine.AdvanceTo(T0.AddMinutes(i).AddSeconds(30));
        }
        _engine.AdvanceTo(T0.AddMinutes(12)); // 3 min: over the 2 min floor, under 4 × its minute
        Assert.Empty(Silent());

        _engine.AdvanceTo(T0.AddMinutes(14));
        Assert.Single(Silent());
    }

    [Fact]
    public void The_nodes_own_host_and_streams_without_a_host_are_never_silent()
    {
        Report(T0, TimeSpan.FromMinutes(5), "central");
        var record = new LogRecord { Raw = "x", Message = "x", Timestamp = T0 };
        _engine.Observe(record, new StreamLabels(("job", "file")), _miner.Add("x"));

        _engine.AdvanceTo(T0.AddHours(1));

        Assert.Empty(Silent());
        Assert.Equal(0, _detector.Tracked);
    }

    [Fact]
    public void After_a_restart_the_cadence_is_kept_and_silence_counts_from_the_start()
    {
        Report(T0, TimeSpan.FromMinutes(10), "web1");
        byte[] state = _detector.SaveState();

        var restarted = new HostSilenceDetector(new FleetOptions { LocalHost = "central" });
        restarted.LoadState(state);
        var tracker = new IncidentTracker();
        var engine = new DetectionEngine(_miner, new FleetCorrelator(tracker), [restarted], [restarted]);
        engine.AddClockListener(tracker);

        engine.AdvanceTo(T0.AddHours(5)); // the central was down for hours: not web1's fault
        Assert.Empty(tracker.OpenIncidents);
        engine.AdvanceTo(T0.AddHours(5).AddMinutes(3)); // but now web1 owes a report
        Assert.Equal(HostSilenceDetector.SilentKind, Assert.Single(tracker.OpenIncidents).Kind);
    }

    [Fact]
    public void Garbled_state_is_refused_and_learning_starts_again()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => _detector.LoadState("{\"Hosts\":[{"u8));
        _detector.LoadState("{\"Hosts\":[{\"Host\":\"\",\"Reports\":-4,\"UsualGapSeconds\":-1}]}"u8);
        Assert.Equal(0, _detector.Tracked);
    }
}
