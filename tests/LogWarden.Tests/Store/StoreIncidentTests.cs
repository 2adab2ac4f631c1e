using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Store;
using LogWarden.Tests.Support;
using LogWarden.Tests.Detect.Incidents;
using LogWarden.Tests.Parse;
using static LogWarden.Tests.Detect.Incidents.TestFindings;

namespace LogWarden.Tests.Store;

/// <summary>
/// Incidents and detector state on either store, with the same semantics: statuses only move forward, an
/// operator's action beside the daemon survives its later saves, ids and noise carry over a restart.
/// </summary>
public abstract class StoreIncidentTests(StoreKindUnderTest kind) : IDisposable
{
    private readonly TestStoreLocation _location = new(kind);

    public void Dispose()
    {
        _location.Dispose();
        GC.SuppressFinalize(this);
    }

    private OpenedStore Open(bool readOnly = false) => _location.OpenAll(readOnly);

    /// <summary>An OOM kill and its memory curve, through a tracker and its recorder into the store.</summary>
    private static (IncidentTracker Tracker, IncidentRecorder Recorder) TrackerWithOomIncident()
    {
        var tracker = new IncidentTracker();
        var recorder = new IncidentRecorder();
        tracker.AddListener(recorder);
        tracker.Raise(MemoryThreshold(T0));
        tracker.Raise(OomKill(T0.AddMinutes(2)));
        return (tracker, recorder);
    }

    [Fact]
    public void An_incident_with_its_findings_and_evidence_comes_back_as_saved()
    {
        var (tracker, recorder) = TrackerWithOomIncident();
        IncidentRecord saved = Assert.Single(tracker.OpenIncidents).ToRecord();
        using (var store = Open())
        {
            recorder.Flush(store.Incidents);
            Assert.Equal(0, recorder.Pending);
        }

        using var reopened = Open(readOnly: true);
        IncidentRecord loaded = reopened.Incidents.GetIncident(saved.Id)!;
        Assert.Equal(saved with { Findings = [], Entities = loaded.Entities, Evidence = loaded.Evidence }, loaded with { Findings = [] });
        Assert.Equal(saved.Entities.Keys.Order(), loaded.Entities.Keys.Order());
        Assert.Equal(["java"], loaded.Entities[EntityNames.Process]);
        Assert.Equal(saved.Evidence.Samples, loaded.Evidence.Samples);
        Assert.Equal(saved.Evidence.MetricWindow, loaded.Evidence.MetricWindow);
        Assert.Equal(97.2, loaded.Evidence.Measurements["observed"]);
        Assert.Equal(2, loaded.Findings.Count);
        for (int i = 0; i < 2; i++)
        {
            IncidentFindingRecord a = saved.Findings[i], b = loaded.Findings[i];
            Assert.Equal(a with { Entities = b.Entities, Evidence = b.Evidence }, b);
            Assert.Equal(a.Entities, b.Entities);
        }
        Assert.Equal(saved.Id, reopened.Incidents.HighestIncidentId());
    }

    [Fact]
    public void A_listing_filters_by_status_newest_update_first_and_without_findings()
    {
        var tracker = new IncidentTracker();
        var recorder = new IncidentRecorder();
        tracker.AddListener(recorder);
        tracker.Raise(BruteForce("198.51.100.1", T0));
        tracker.Raise(BruteForce("198.51.100.2", T0.AddMinutes(1)));
        tracker.Raise(BruteForce("198.51.100.3", T0.AddMinutes(2)));
        tracker.Resolve(1, T0.AddMinutes(3));
        using var store = Open();
        recorder.Flush(store.Incidents);

        IReadOnlyList<IncidentRecord> open = store.Incidents.ListIncidents(new IncidentQuery { Statuses = [IncidentStatus.Open, IncidentStatus.Acknowledged] });
        Assert.Equal([3L, 2L], open.Select(i => i.Id));
        Assert.All(open, i => Assert.Empty(i.Findings));
        Assert.All(open, i => Assert.Equal(1, i.FindingCount));
        Assert.Equal([1L], store.Incidents.ListIncidents(new IncidentQuery { Statuses = [IncidentStatus.Resolved] }).Select(i => i.Id));
        Assert.Equal(T0.AddMinutes(3), store.Incidents.GetIncident(1)!.ClosedAt);
        Assert.Equal(2, store.Incidents.ListIncidents(new IncidentQuery { Limit = 2 }).Count);
    }

    [Fact]
    public void What_an_operator_did_in_the_store_survives_the_trackers_later_saves_and_reaches_the_tracker()
    {
        var (tracker, recorder) = TrackerWithOomIncident();
        long id = Assert.Single(tracker.OpenIncidents).Id;
        using var daemon = Open();
        recorder.Flush(daemon.Incidents);

        // The CLI opens the store read-only beside the daemon and acts on it.
        using (var cli = Open(readOnly: true))
        {
            Assert.True(cli.Incidents.TrySetIncidentStatus(id, IncidentStatus.Noise, T0.AddHours(1), out IncidentRecord? marked));
            Assert.Equal(IncidentStatus.Noise, marked!.Status);
            Assert.False(cli.Incidents.TrySetIncidentStatus(id, IncidentStatus.Acknowledged, T0.AddHours(1), out IncidentRecord? still));
            Assert.Equal(IncidentStatus.Noise, still!.Status);
            Assert.False(cli.Incidents.TrySetIncidentStatus(999, IncidentStatus.Resolved, T0, out IncidentRecord? none));
            Assert.Null(none);
        }

        // The daemon's tracker has not heard yet and saves its newer counts: the status stays noise.
        tracker.Raise(OomKill(T0.AddMinutes(3)));
        recorder.Flush(daemon.Incidents);
        IncidentRecord stored = daemon.Incidents.GetIncident(id)!;
        Assert.Equal(IncidentStatus.Noise, stored.Status);
        Assert.Equal(T0.AddHours(1), stored.ClosedAt);
        Assert.Equal(3, stored.Raises);

        // Polling the store tells the tracker, which closes it and silences its fingerprints.
        // (the daemon asks for the statuses past open of the incidents it holds open; ids it does not know are no rows).
        IReadOnlyList<(long Id, IncidentStatus Status)> past = daemon.Incidents.LoadStatusesPastOpen([id, 999, .. Enumerable.Range(2_000, 450).Select(i => (long)i)]);
        Assert.Equal([(id, IncidentStatus.Noise)], past);
        Assert.Empty(daemon.Incidents.LoadStatusesPastOpen([]));
        tracker.Reconcile(past, T0.AddHours(1));
        Assert.Empty(tracker.OpenIncidents);
        tracker.LearnNoise(daemon.Incidents.LoadNoiseFingerprints());
        Assert.Equal(2, daemon.Incidents.LoadNoiseFingerprints().Count);
        var log = new EventLog();
        tracker.AddListener(log);
        tracker.Raise(OomKill(T0.AddDays(1)));
        Assert.Equal(FindingSeverity.Info, Assert.Single(log.Of(IncidentEventKind.FindingRaised)).Finding!.Severity);
    }

    [Fact]
    public void Noise_fingerprints_and_ids_carry_over_to_a_new_tracker_after_a_restart()
    {
        var (tracker, recorder) = TrackerWithOomIncident();
        long id = Assert.Single(tracker.OpenIncidents).Id;
        Assert.True(tracker.MarkNoise(id, T0.AddMinutes(10)));
        using (var store = Open())
        {
            recorder.Flush(store.Incidents);
        }

        using var restarted = Open();
        var next = new IncidentTracker();
        var log = new EventLog();
        next.AddListener(log);
        next.ContinueIdsAfter(restarted.Incidents.HighestIncidentId());
        next.LearnNoise(restarted.Incidents.LoadNoiseFingerprints());
        next.Raise(OomKill(T0.AddDays(2)));
        next.Raise(BruteForce("203.0.113.7", T0.AddDays(2)));

        var told = log.Of(IncidentEventKind.FindingRaised).ToList();
        Assert.Equal(FindingSeverity.Info, told[0].Finding!.Severity);
        Assert.Equal(FindingSeverity.Warning, told[1].Finding!.Severity);
        Assert.All(told, t => Assert.True(t.Incident > id));
        Assert.Equal(IncidentStatus.Noise, restarted.Incidents.GetIncident(id)!.Status);
    }

    [Fact]
    public void A_restarted_tracker_takes_back_its_open_incidents_and_goes_on_with_them()
    {
        var (tracker, recorder) = TrackerWithOomIncident();
        tracker.Raise(BruteForce("203.0.113.7", T0.AddMinutes(3)));
        long oom = tracker.OpenIncidents.Single(i => i.Kind == "metric-threshold").Id;
        tracker.Resolve(oom, T0.AddMinutes(4));
        using var store = Open();
        recorder.Flush(store.Incidents);

        var restarted = new IncidentTracker();
        var log = new EventLog();
        restarted.AddListener(log);
        restarted.ContinueIdsAfter(store.Incidents.HighestIncidentId());
        restarted.LearnNoise(store.Incidents.LoadNoiseFingerprints());
        restarted.Restore(store.Incidents.ListIncidents(new IncidentQuery()).Select(i => store.Incidents.GetIncident(i.Id)!));
        long bruteForce = Assert.Single(restarted.OpenIncidents).Id;
        restarted.Raise(BruteForce("203.0.113.7", T0.AddMinutes(5), failures: 90));
        restarted.Raise(Make("web-scan", FindingSeverity.Warning, T0.AddMinutes(6), 12, null, "Web scan from 203.0.113.7", null,
            (EntityNames.Ip, "203.0.113.7"), (EntityNames.Host, "web1")));

        Incident incident = Assert.Single(restarted.OpenIncidents);
        Assert.Equal(bruteForce, incident.Id);
        Assert.Equal(2, incident.FindingCount);
        Assert.Equal(3, incident.Raises);
        Assert.Equal("web-scan", Assert.Single(log.Of(IncidentEventKind.FindingRaised)).Finding!.Kind); // the brute force was told before the restart
        Assert.Equal(102, incident.Lines);
        Assert.Equal("SSH brute force from 203.0.113.7: 90 failures", incident.Title);
        restarted.Raise(OomKill(T0.AddDays(1)));
        Assert.True(restarted.OpenIncidents.Max(i => i.Id) > bruteForce);
        restarted.Advance(T0.AddDays(1).AddMinutes(31));
        Assert.Empty(restarted.OpenIncidents);
    }

    [Fact]
    public void A_restarted_central_still_joins_another_hosts_finding_by_its_fleet_key()
    {
        var tracker = new IncidentTracker();
        var recorder = new IncidentRecorder();
        tracker.AddListener(recorder);
        tracker.Raise(BruteForce("203.0.113.7", T0, host: "web1") with { FleetKey = "ip=203.0.113.7" });
        using (var store = Open())
        {
            recorder.Flush(store.Incidents);
        }

        using var reopened = Open();
        Assert.Equal("ip=203.0.113.7", Assert.Single(reopened.Incidents.GetIncident(1)!.Findings).FleetKey);
        var restarted = new IncidentTracker();
        restarted.ContinueIdsAfter(reopened.Incidents.HighestIncidentId());
        restarted.Restore(reopened.Incidents.ListIncidents(new IncidentQuery()).Select(i => reopened.Incidents.GetIncident(i.Id)!));
        // Another host, so no host-scoped entity joins them: only the fleet key, which came back from the store.
        restarted.Raise(BruteForce("203.0.113.7", T0.AddMinutes(1), host: "web2") with { FleetKey = "ip=203.0.113.7" });
        Incident joined = Assert.Single(restarted.OpenIncidents);
        Assert.Equal(1, joined.Id);
        Assert.Equal(2, joined.FindingCount);
    }

    [Fact]
    public void A_refused_save_leaves_the_incidents_pending_for_the_next_flush()
    {
        var (_, recorder) = TrackerWithOomIncident();
        using (var created = Open())
        {
        }
        using (var reader = Open(readOnly: true))
        {
            Assert.Throws<InvalidOperationException>(() => recorder.Flush(reader.Incidents));
        }
        Assert.Equal(1, recorder.Pending);
        using var store = Open();
        recorder.Flush(store.Incidents);
        Assert.Single(store.Incidents.ListIncidents(new IncidentQuery()));
    }

    [Fact]
    public void Detector_states_round_trip_and_replace_older_ones()
    {
        using (var store = Open())
        {
            store.DetectorStates.SaveDetectorStates([KeyValuePair.Create("baselines", "{\"v\":1}"u8.ToArray()), KeyValuePair.Create("scenarios", new byte[] { 0, 255 })]);
            store.DetectorStates.SaveDetectorStates([KeyValuePair.Create("baselines", "{\"v\":2}"u8.ToArray())]);
        }
        using var reopened = Open(readOnly: true);
        IReadOnlyDictionary<string, byte[]> states = reopened.DetectorStates.LoadDetectorStates();
        Assert.Equal("{\"v\":2}"u8.ToArray(), states["baselines"]);
        Assert.Equal(new byte[] { 0, 255 }, states["scenarios"]);
    }
}

public sealed class EmbeddedStoreIncidentTests() : StoreIncidentTests(StoreKindUnderTest.Embedded);

public sealed class PostgresStoreIncidentTests() : StoreIncidentTests(StoreKindUnderTest.Postgres);
