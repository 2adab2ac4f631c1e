using LogWarden.Collect;
using LogWarden.Detect;
using LogWarden.Detect.Baselines;
using LogWarden.Detect.Incidents;
using LogWarden.Mine;
using LogWarden.Parse;
using static LogWarden.Tests.Detect.Incidents.TestFindings;

namespace LogWarden.Tests.Detect.Incidents;

public sealed class IncidentTrackerTests
{
    private readonly IncidentTracker _tracker = new();
    private readonly EventLog _log = new();

    public IncidentTrackerTests() => _tracker.AddListener(_log);

    [Fact]
    public void A_key_raised_again_updates_its_incident_and_is_told_only_once()
    {
        _tracker.Raise(BruteForce("203.0.113.7", T0, failures: 20));
        _tracker.Raise(BruteForce("203.0.113.7", T0.AddMinutes(1), failures: 80));
        _tracker.Raise(BruteForce("203.0.113.7", T0.AddMinutes(2), failures: 312));

        var incident = Assert.Single(_tracker.OpenIncidents).ToRecord();
        Assert.Single(_log.Of(IncidentEventKind.IncidentOpened));
        var told = Assert.Single(_log.Of(IncidentEventKind.FindingRaised));
        Assert.Equal(T0, told.At);
        Assert.Equal(3, _log.Events.Count(e => e.Kind is IncidentEventKind.IncidentOpened or IncidentEventKind.IncidentUpdated));
        Assert.Equal(312, incident.Lines);
        Assert.Equal(3, incident.Raises);
        Assert.Equal(1, incident.FindingCount);
        Assert.Equal(T0.AddMinutes(-2), incident.FirstSeen);
        Assert.Equal(T0.AddMinutes(2), incident.LastSeen);
        Assert.Equal(FindingSeverity.Warning, incident.Severity);
        Assert.Equal(["203.0.113.7"], incident.Entities[EntityNames.Ip]);
        Assert.Equal(312, Assert.Single(incident.Evidence.Templates).Count);
    }

    [Fact]
    public void A_key_that_comes_back_more_severe_is_told_again_and_raises_the_incident()
    {
        _tracker.Raise(BruteForce("203.0.113.7", T0, severity: FindingSeverity.Info));
        _tracker.Raise(BruteForce("203.0.113.7", T0.AddMinutes(1), severity: FindingSeverity.Critical));
        _tracker.Raise(BruteForce("203.0.113.7", T0.AddMinutes(2), severity: FindingSeverity.Warning));

        Assert.Equal([FindingSeverity.Info, FindingSeverity.Critical], _log.Of(IncidentEventKind.FindingRaised).Select(e => e.Finding!.Severity));
        var incident = Assert.Single(_tracker.OpenIncidents);
        Assert.Equal(FindingSeverity.Critical, incident.Severity);
        Assert.Equal(FindingSeverity.Critical, Assert.Single(incident.ToRecord().Findings).Severity);
    }

    [Fact]
    public void Findings_sharing_a_strong_entity_within_the_window_become_one_incident()
    {
        _tracker.Raise(Make("web-scan", FindingSeverity.Warning, T0, 40, null, "Web scan from 203.0.113.7", null,
            (EntityNames.Ip, "203.0.113.7"), (EntityNames.Path, "/.env"), (EntityNames.Host, "web1")));
        _tracker.Raise(BruteForce("203.0.113.7", T0.AddMinutes(4), severity: FindingSeverity.Critical));

        var incident = Assert.Single(_tracker.OpenIncidents).ToRecord();
        Assert.Equal(2, incident.FindingCount);
        Assert.Equal("web-scan", incident.Kind);
        Assert.Equal(FindingSeverity.Critical, incident.Severity);
        Assert.StartsWith("SSH brute force from 203.0.113.7", incident.Title, StringComparison.Ordinal);
        Assert.Equal(["/.env"], incident.Entities[EntityNames.Path]);
        Assert.Equal(2, _log.Of(IncidentEventKind.FindingRaised).Count());
        Assert.All(_log.Events, e => Assert.Equal(incident.Id, e.Incident));
    }

    [Fact]
    public void Alerts_about_many_addresses_on_one_service_of_a_host_are_one_campaign()
    {
        _tracker.Raise(ManyAddresses("targeted-brute-force", T0, "web1", 4, (EntityNames.User, "ci")));
        _tracker.Raise(ManyAddresses("distributed-brute-force", T0.AddMinutes(8), "web1", 39));
        _tracker.Raise(ManyAddresses("distributed-brute-force", T0.AddMinutes(9), "db1", 12));
        _tracker.Raise(ManyAddresses("auth-background", T0.AddMinutes(10), "web1", 250, severity: FindingSeverity.Info));
        _tracker.Raise(BruteForce("203.0.113.7", T0.AddMinutes(11)));

        Assert.Equal(4, _tracker.OpenIncidents.Count);
        var web = _tracker.OpenIncidents.Single(i => i.Host == "web1" && i.ToRecord().Kind == "targeted-brute-force").ToRecord();
        Assert.Equal(["targeted-brute-force", "distributed-brute-force"], web.Findings.Select(f => f.Kind));
        Assert.Equal(["ci"], web.Entities[EntityNames.User]);
    }

    private static Finding ManyAddresses(string kind, DateTimeOffset at, string host, int addresses, params (string Name, string Value)[] more) =>
        ManyAddresses(kind, at, host, addresses, FindingSeverity.Warning, more);

    private static Finding ManyAddresses(string kind, DateTimeOffset at, string host, int addresses, FindingSeverity severity, params (string Name, string Value)[] more) =>
        Make(kind, severity, at, addresses * 2, at.AddMinutes(-5), null,
            new Evidence { Measurements = new Dictionary<string, double> { [Evidence.DistinctAddresses] = addresses } },
            [("service", "ssh"), (EntityNames.Host, host), .. more]);

    [Fact]
    public void The_same_host_or_source_alone_does_not_tie_findings_together()
    {
        // New ordinary lines (the baseline's, as new templates always are) of one shared log in the same minute.
        _tracker.Raise(Make("new-template", FindingSeverity.Info, T0, 1, null, null, null, (EntityNames.Host, "web1"), (EntityNames.Source, "/var/log/syslog"), (EntityNames.Template, "12"))
            with { Detector = BaselineDetector.DetectorName });
        _tracker.Raise(Make("new-template", FindingSeverity.Info, T0.AddSeconds(30), 1, null, null, null, (EntityNames.Host, "web1"), (EntityNames.Source, "/var/log/syslog"), (EntityNames.Template, "13"))
            with { Detector = BaselineDetector.DetectorName });
        _tracker.Raise(BruteForce("203.0.113.7", T0.AddMinutes(1)));

        Assert.Equal(3, _tracker.OpenIncidents.Count);
    }

    [Fact]
    public void An_oom_kill_and_the_memory_threshold_before_it_on_one_host_are_one_incident()
    {
        _tracker.Raise(MemoryThreshold(T0));
        _tracker.Raise(MemoryThreshold(T0.AddMinutes(1), host: "db1"));
        _tracker.Raise(OomKill(T0.AddMinutes(3)));

        Assert.Equal(2, _tracker.OpenIncidents.Count);
        var web = _tracker.OpenIncidents.Single(i => i.Host == "web1").ToRecord();
        Assert.Equal(["metric-threshold", "oom-kill"], web.Findings.Select(f => f.Kind));
        Assert.Equal(FindingSeverity.Critical, web.Severity);
        Assert.Equal("memory_used_percent", web.Evidence.Metric);
        Assert.Equal(3, web.Evidence.MetricWindow.Count);
        Assert.Contains(web.Evidence.Samples, s => s.Contains("Out of memory", StringComparison.Ordinal));
        Assert.Equal(["java"], web.Entities[EntityNames.Process]);
    }

    [Fact]
    public void The_memory_threshold_after_an_oom_kill_joins_it_too()
    {
        _tracker.Raise(OomKill(T0));
        _tracker.Raise(MemoryThreshold(T0.AddMinutes(2)));

        var incident = Assert.Single(_tracker.OpenIncidents);
        Assert.Equal("oom-kill", incident.Kind);
        Assert.Equal(2, incident.FindingCount);
    }

    [Fact]
    public void Findings_further_apart_than_the_window_open_separate_incidents()
    {
        _tracker.Raise(Make("web-scan", FindingSeverity.Warning, T0, 1, null, null, null, (EntityNames.Ip, "203.0.113.7"), (EntityNames.Host, "web1")));
        _tracker.Raise(BruteForce("203.0.113.7", T0.AddMinutes(25)));

        Assert.Equal(2, _tracker.OpenIncidents.Count);
    }

    [Fact]
    public void A_quiet_incident_resolves_after_the_quiet_period_of_log_time_and_the_next_raise_opens_a_new_one()
    {
        _tracker.Raise(BruteForce("203.0.113.7", T0));
        _tracker.Raise(BruteForce("203.0.113.7", T0.AddMinutes(10)));
        _tracker.Advance(T0.AddMinutes(39));
        Assert.Single(_tracker.OpenIncidents);

        _tracker.Advance(T0.AddMinutes(40));
        Assert.Empty(_tracker.OpenIncidents);
        var resolved = Assert.Single(_log.Of(IncidentEventKind.IncidentResolved));
        Assert.Equal(T0.AddMinutes(40), resolved.At);

        _tracker.Raise(BruteForce("203.0.113.7", T0.AddHours(2)));
        var reopened = Assert.Single(_tracker.OpenIncidents);
        Assert.NotEqual(resolved.Incident, reopened.Id);
        Assert.Equal(2, _log.Of(IncidentEventKind.FindingRaised).Count());
    }

    [Fact]
    public void The_engine_advances_the_tracker_in_log_time_when_only_lines_arrive()
    {
        var miner = new TemplateMiner();
        var engine = new DetectionEngine(miner, _tracker, []);
        engine.AddClockListener(_tracker);
        var labels = new StreamLabels(("job", "file"), ("path", "/var/log/syslog"));
        _tracker.Raise(BruteForce("203.0.113.7", T0));

        foreach (int minute in new[] { 5, 29, 31 })
        {
            var record = new LogRecord { Raw = "cron ran", Message = "cron ran", Timestamp = T0.AddMinutes(minute) };
            engine.Observe(record, labels, miner.Add(record.Message));
            Assert.Equal(minute < 30, _tracker.OpenIncidents.Count == 1);
        }
        Assert.Equal(T0.AddMinutes(31), Assert.Single(_log.Of(IncidentEventKind.IncidentResolved)).At);
    }

    [Fact]
    public void An_acknowledged_incident_keeps_correlating_and_an_operator_resolve_closes_it()
    {
        _tracker.Raise(BruteForce("203.0.113.7", T0));
        long id = Assert.Single(_tracker.OpenIncidents).Id;

        Assert.True(_tracker.Acknowledge(id, T0.AddMinutes(1)));
        Assert.False(_tracker.Acknowledge(id, T0.AddMinutes(1)));
        _tracker.Raise(BruteForce("203.0.113.7", T0.AddMinutes(2), failures: 50));
        var incident = Assert.Single(_tracker.OpenIncidents);
        Assert.Equal(IncidentStatus.Acknowledged, incident.Status);
        Assert.Equal(50, incident.Lines);

        Assert.True(_tracker.Resolve(id, T0.AddMinutes(3)));
        Assert.Empty(_tracker.OpenIncidents);
        Assert.False(_tracker.Resolve(id, T0.AddMinutes(3)));
        Assert.Equal(IncidentEventKind.IncidentResolved, _log.Events[^1].Kind);
    }

    [Fact]
    public void Marking_noise_teaches_the_tracker_to_record_the_same_findings_as_info()
    {
        _tracker.Raise(OomKill(T0));
        _tracker.Raise(MemoryThreshold(T0.AddMinutes(1)));
        long id = Assert.Single(_tracker.OpenIncidents).Id;
        Assert.True(_tracker.MarkNoise(id, T0.AddMinutes(5)));
        Assert.Empty(_tracker.OpenIncidents);
        _log.Events.Clear();

        _tracker.Raise(MemoryThreshold(T0.AddDays(1)));
        _tracker.Raise(BruteForce("203.0.113.7", T0.AddDays(1)));

        var told = _log.Of(IncidentEventKind.FindingRaised).ToList();
        Assert.Equal(FindingSeverity.Info, told[0].Finding!.Severity);
        Assert.True(told[0].Changes.HasFlag(IncidentChanges.Downgraded));
        Assert.Equal(FindingSeverity.Warning, told[1].Finding!.Severity);
        var downgraded = _tracker.OpenIncidents.Single(i => i.Kind == "metric-threshold");
        Assert.Equal(FindingSeverity.Info, downgraded.Severity);
        Assert.True(downgraded.Downgraded);
        Assert.Equal(1, _tracker.Stats.Downgraded);
    }

    [Fact]
    public void Fingerprints_depend_on_kind_and_entities_only()
    {
        string a = IncidentFingerprint.Of(BruteForce("203.0.113.7", T0, failures: 5).Key);
        string b = IncidentFingerprint.Of(BruteForce("203.0.113.7", T0.AddDays(3), failures: 500, severity: FindingSeverity.Critical).Key);
        string other = IncidentFingerprint.Of(BruteForce("203.0.113.8", T0).Key);

        Assert.Equal(a, b);
        Assert.NotEqual(a, other);
        Assert.True(IncidentFingerprint.IsValid(a));
        // Stable across processes and versions: printf '%s' 'ssh-brute-force{host=web1,ip=203.0.113.7}' | sha256sum
        Assert.Equal("af4358e086605269", a);
    }

    [Fact]
    public void Open_incidents_are_capped_and_the_quietest_is_resolved_to_make_room()
    {
        var tracker = new IncidentTracker(new IncidentTrackerOptions { MaxOpenIncidents = 3 });
        var log = new EventLog();
        tracker.AddListener(log);
        for (int i = 0; i < 5; i++)
        {
            tracker.Raise(BruteForce($"198.51.100.{i}", T0.AddSeconds(i)));
        }
        tracker.Raise(BruteForce("198.51.100.2", T0.AddSeconds(10)));
        tracker.Raise(BruteForce("198.51.100.9", T0.AddSeconds(11)));

        Assert.Equal(3, tracker.OpenIncidents.Count);
        Assert.Equal(3, tracker.Stats.EvictedIncidents);
        Assert.Equal(["198.51.100.2", "198.51.100.4", "198.51.100.9"], tracker.OpenIncidents.Select(i => i.ToRecord().Entities[EntityNames.Ip][0]).Order());
    }

    [Fact]
    public void Keys_beyond_the_per_incident_cap_only_count()
    {
        var tracker = new IncidentTracker(new IncidentTrackerOptions { MaxFindingsPerIncident = 2 });
        var log = new EventLog();
        tracker.AddListener(log);
        for (int i = 0; i < 5; i++)
        {
            tracker.Raise(Make("web-probe", FindingSeverity.Info, T0.AddSeconds(i), 1, null, null, null, (EntityNames.Ip, "203.0.113.7"), (EntityNames.Path, "/p" + i)));
        }

        var incident = Assert.Single(tracker.OpenIncidents);
        Assert.Equal(2, incident.FindingCount);
        Assert.Equal(3, incident.FoldedRaises);
        Assert.Equal(5, incident.Raises);
        Assert.Equal(2, log.Of(IncidentEventKind.FindingRaised).Count());
    }

    [Fact]
    public void Careless_findings_do_not_break_the_tracker()
    {
        _tracker.Raise(null!);
        _tracker.Raise(new Finding
        {
            Timestamp = T0,
            Severity = (FindingSeverity)9,
            Kind = null!,
            Title = null!,
            Entities = null!,
            Evidence = null!,
            Detector = null!,
            FirstSeen = T0,
            LastSeen = T0,
        });
        _tracker.Raise(Make("x", FindingSeverity.Info, DateTimeOffset.MaxValue, 1, DateTimeOffset.MinValue, null, null, (EntityNames.Ip, new string('1', 10_000))));
        _tracker.Advance(DateTimeOffset.MaxValue);

        var first = _log.Of(IncidentEventKind.IncidentOpened).First();
        Assert.Equal("unknown", first.Finding!.Kind);
        Assert.Equal(FindingSeverity.Critical, first.Finding.Severity);
    }

    [Fact]
    public void Evidence_of_several_findings_sums_templates_and_keeps_at_most_five_samples()
    {
        for (int i = 0; i < 4; i++)
        {
            _tracker.Raise(Make("web-probe", FindingSeverity.Warning, T0.AddSeconds(i), 10, null, null,
                new Evidence
                {
                    Templates = [new TemplateEvidence(3, "GET <*> 404", 10), new TemplateEvidence(4 + i, "other " + i, 1)],
                    Samples = [$"sample {i}a", $"sample {i}b"],
                },
                (EntityNames.Ip, "203.0.113.7"), (EntityNames.Path, "/p" + i)));
        }

        Evidence evidence = Assert.Single(_tracker.OpenIncidents).ToRecord().Evidence;
        Assert.Equal(new TemplateEvidence(3, "GET <*> 404", 40), evidence.Templates[0]);
        Assert.Equal(5, evidence.Templates.Count);
        Assert.Equal(["sample 0a", "sample 1a", "sample 2a", "sample 3a", "sample 0b"], evidence.Samples);
    }
}
