using LogWarden.Collect;
using LogWarden.Collect.HostMetrics;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LogWarden.Daemon;

/// <summary>Counters of the daemon's detection stage (read by `stats`, /metrics and the self-monitoring).</summary>
internal sealed class DetectionCounters
{
    private long _lines;
    private long _failures;
    private long _batches;
    private long _elapsedTicks;

    public long Lines => Interlocked.Read(ref _lines);

    /// <summary>Batches of records detection has looked at, and the time it spent on them (for /metrics).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks));

    /// <summary>Batches or ticks a detector threw on (logged and skipped: detection never stops ingestion).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Lines the per-line detectors judged here (the rest: agents' lines they judged themselves, reserved streams).</summary>
    public long DetectedLines => Interlocked.Read(ref _detectedLines);

    private long _detectedLines;

    internal void Observed(int lines, int detected)
    {
        Interlocked.Add(ref _lines, lines);
        Interlocked.Add(ref _detectedLines, detected);
    }

    internal void Timed(TimeSpan elapsed)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _elapsedTicks, elapsed.Ticks);
    }

    internal void Failed() => Interlocked.Increment(ref _failures);

    /// <summary>Findings agents shipped (their reserved findings stream) raised here for fleet correlation.</summary>
    public long ShippedFindings => Interlocked.Read(ref _shippedFindings);

    private long _shippedFindings;

    internal void ShippedFinding() => Interlocked.Increment(ref _shippedFindings);
}

/// <summary>
/// The detection stage of the daemon: the same detectors as `analyze` (<see cref="DetectorCatalog"/>),
/// fed by the ingest pipeline after each durable store transaction and by the host-metrics source, and
/// advanced by the wall clock (<see cref="DetectionClockService"/>) so that silences and buckets are judged
/// when nothing arrives. Incidents go to the store; the detectors' learnt state is restored at start and
/// saved every few minutes and at shutdown. Calls come from several threads (the pipeline's writer, the
/// metrics source, the clock), so one lock serialises them; a detector that throws is logged and counted,
/// never allowed to stop ingestion.
/// </summary>
internal sealed partial class DaemonDetection
{
    private readonly Lock _gate = new();
    private readonly DetectionEngine _engine;
    private readonly IncidentTracker _tracker;
    private readonly IncidentRecorder _recorder = new();
    private readonly DetectorSet _detectors;
    private readonly IIncidentStore? _incidents;
    private readonly IDetectorStateStore? _states;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Detect.Fleet.FleetCorrelator _correlator;
    private readonly Collect.LokiPush.AgentDetectionModes? _agentModes;
    private readonly string? _localHost;
    private readonly bool _linesNeedDetectors;
    private readonly HashSet<string> _reportedHosts = new(StringComparer.Ordinal);
    private StreamLabels? _lastLabels;
    private LineRoute _lastRoute;
    private string? _lastHost;
    private DateTimeOffset _nextStateSave;
    private DateTimeOffset _nextOperatorPoll;

    /// <summary>What the detection stage does with the lines of one stream.</summary>
    private enum LineRoute
    {
        /// <summary>Every per-line detector sees the line (this host's own lines; agents that do not detect).</summary>
        Detect,

        /// <summary>Judged by its agent already: the line only counts as its host reporting (host silence).</summary>
        ReportOnly,

        /// <summary>An agent's own finding (<c>{__lw_kind="findings"}</c>): raised here for fleet correlation.</summary>
        ShippedFinding,

        /// <summary>A reserved stream of this node's own (its findings being shipped): not a log line to judge.</summary>
        Skip,
    }

    /// <summary>How often the detectors' learnt state is saved (and at shutdown).</summary>
    public static readonly TimeSpan StateSaveInterval = TimeSpan.FromMinutes(5);

    /// <summary>How often the store is asked whether an operator acted on an open incident from another process.</summary>
    public static readonly TimeSpan OperatorPollInterval = TimeSpan.FromSeconds(5);

    /// <param name="listeners">Who else hears the tracker (alerting); called on the detection thread, so they only queue.</param>
    /// <param name="agentModes">Which agents detect on their own lines (their pushes say so); null: every line is detected on here.</param>
    public DaemonDetection(ILogStore store, TemplateMiner miner, DetectOptions options, TimeProvider time, ILogger<DaemonDetection> logger, IEnumerable<IIncidentListener>? listeners = null, Collect.LokiPush.AgentDetectionModes? agentModes = null)
    {
        _agentModes = agentModes;
        _localHost = options.Fleet.LocalHost;
        _time = time;
        _logger = logger;
        _incidents = store as IIncidentStore;
        _states = store as IDetectorStateStore;
        _detectors = DetectorCatalog.Create(options);
        RestoreStates();
        _tracker = new IncidentTracker();
        if (_incidents is not null)
        {
            _tracker.ContinueIdsAfter(_incidents.HighestIncidentId());
            _tracker.LearnNoise(_incidents.LoadNoiseFingerprints());
            RestoreOpenIncidents(_incidents, _tracker);
        }
        _tracker.AddListener(_recorder);
        foreach (IIncidentListener listener in listeners ?? [])
        {
            _tracker.AddListener(listener);
        }
        // Findings pass the fleet correlator first: one address or new error seen on several hosts is one incident.
        _correlator = new Detect.Fleet.FleetCorrelator(_tracker, options.Fleet);
        _engine = _detectors.CreateEngine(miner, _correlator);
        // With every per-line detector off (only host silence left), a line is a report of its host and nothing
        // more: the engine's per-line work (template, security event) would be spent for no detector.
        _linesNeedDetectors = _detectors.LogDetectors.Any(d => d is not Detect.Fleet.HostSilenceDetector);
        _engine.AddClockListener(_tracker);
        _nextStateSave = time.GetUtcNow() + StateSaveInterval;
    }

    public DetectionCounters Counters { get; } = new();

    public IncidentTracker Tracker => _tracker;

    public DetectorSet Detectors => _detectors;

    /// <summary>
    /// An operator acknowledged, resolved or marked as noise incident <paramref name="id"/> in the store (the
    /// REST API calls this right after its store write): the tracker does the same, so that a noise mark
    /// downgrades the next findings like these at once (not only after a restart), and a resolved incident's
    /// next finding opens a new one. An incident this tracker does not hold open is left alone.
    /// </summary>
    public void ApplyOperatorStatus(long id, IncidentStatus status)
    {
        lock (_gate)
        {
            _tracker.Reconcile([(id, status)], _time.GetUtcNow());
        }
    }

    /// <summary>The incidents open now, as records (taken under the detection lock: safe from any thread).</summary>
    public IReadOnlyList<IncidentRecord> OpenIncidents()
    {
        lock (_gate)
        {
            return [.. _tracker.OpenIncidents.Select(i => i.ToRecord())];
        }
    }

    /// <summary>Records just stored, with their template ids; <paramref name="received"/> stands in for a missing time.</summary>
    public void Observe(IReadOnlyList<(LogRecord Record, StreamLabels Labels, int TemplateId)> records, DateTimeOffset received)
    {
        lock (_gate)
        {
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                _reportedHosts.Clear();
                StreamLabels? reportedFrom = null;
                int detected = 0;
                for (int i = 0; i < records.Count; i++)
                {
                    (LogRecord record, StreamLabels labels, int templateId) = records[i];
                    // Lines of one stream come in runs: the route is worked out when the labels object changes.
                    if (!ReferenceEquals(labels, _lastLabels))
                    {
                        _lastLabels = labels;
                        _lastHost = labels["host"];
                        _lastRoute = RouteOf(labels, _lastHost);
                    }
                    switch (_lastRoute)
                    {
                        case LineRoute.Detect:
                            _engine.Observe(record, labels, templateId, received);
                            detected++;
                            break;
                        case LineRoute.ReportOnly:
                            // One report per host and batch: the set is only touched when the stream changes.
                            if (_lastHost is { } host && !ReferenceEquals(reportedFrom, labels))
                            {
                                reportedFrom = labels;
                                _reportedHosts.Add(host);
                            }
                            break;
                        case LineRoute.ShippedFinding:
                            RaiseShipped(record, labels);
                            break;
                    }
                }
                // A host's lines judged by its agent still say the host is alive: one report per host and batch,
                // as an agent's (empty) heartbeat sample is.
                foreach (string host in _reportedHosts)
                {
                    _engine.Observe(new HostMetricsSample(received, host, [], [], []));
                }
                Counters.Observed(records.Count, detected);
                Counters.Timed(System.Diagnostics.Stopwatch.GetElapsedTime(started));
            }
#pragma warning disable CA1031 // a detector's bug must not stop ingestion: log, count, go on
            catch (Exception e)
#pragma warning restore CA1031
            {
                Counters.Failed();
                LogDetectorFailed(e.Message, e);
            }
        }
    }

    public void Observe(HostMetricsSample sample)
    {
        lock (_gate)
        {
            try
            {
                _engine.Observe(sample);
            }
#pragma warning disable CA1031 // as above
            catch (Exception e)
#pragma warning restore CA1031
            {
                Counters.Failed();
                LogDetectorFailed(e.Message, e);
            }
        }
    }

    /// <summary>
    /// Advances log time to the wall clock (never back: records from the future keep the watermark where
    /// they put it), stores changed incidents, and saves the detectors' state when it is due or when
    /// <paramref name="saveState"/> asks (shutdown).
    /// </summary>
    public void Tick(bool saveState = false)
    {
        lock (_gate)
        {
            DateTimeOffset now = _time.GetUtcNow();
            try
            {
                _engine.AdvanceTo(now);
            }
#pragma warning disable CA1031 // as above
            catch (Exception e)
#pragma warning restore CA1031
            {
                Counters.Failed();
                LogDetectorFailed(e.Message, e);
            }
            try
            {
                if (_incidents is not null && _recorder.Pending > 0)
                {
                    _recorder.Flush(_incidents);
                }
                if (_states is not null && (saveState || now >= _nextStateSave))
                {
                    _nextStateSave = now + StateSaveInterval;
                    _states.SaveDetectorStates([.. _detectors.Persistent.Select(d => KeyValuePair.Create(d.Name, d.SaveState()))]);
                }
            }
            catch (Exception e) when (e is IOException or Microsoft.Data.Sqlite.SqliteException)
            {
                // Pending incidents stay with the recorder and are written on a later tick.
                LogSaveFailed(e.Message);
            }
        }
        PollOperatorStatuses();
    }

    /// <summary>
    /// `logwarden incidents ack|resolve|noise` without --server writes the store directly, beside this process: every
    /// <see cref="OperatorPollInterval"/> the stored statuses of the incidents open here are read (one indexed lookup
    /// each, outside the lock) and the tracker takes over what an operator did, as <see cref="ApplyOperatorStatus"/>
    /// does for the REST API.
    /// </summary>
    private void PollOperatorStatuses()
    {
        if (_incidents is null)
        {
            return;
        }
        long[] ids;
        lock (_gate)
        {
            DateTimeOffset now = _time.GetUtcNow();
            if (now < _nextOperatorPoll || _tracker.OpenIncidents.Count == 0)
            {
                return;
            }
            _nextOperatorPoll = now + OperatorPollInterval;
            ids = [.. _tracker.OpenIncidents.Select(incident => incident.Id)];
        }
        IReadOnlyList<(long Id, IncidentStatus Status)> stored;
        try
        {
            stored = _incidents.LoadStatusesPastOpen(ids);
        }
        catch (Exception e) when (e is IOException or System.Data.Common.DbException)
        {
            LogStatusPollFailed(e.Message);
            return;
        }
        if (stored.Count > 0)
        {
            lock (_gate)
            {
                _tracker.Reconcile(stored, _time.GetUtcNow());
            }
        }
    }

    private LineRoute RouteOf(StreamLabels labels, string? host)
    {
        if (labels[Collect.LokiPush.LokiRecordBuilder.KindLabel] is { } kind)
        {
            // An agent's findings are correlated here; this node's own (on their way to its central) are not judged again.
            return kind == Collect.LokiPush.LokiRecordBuilder.FindingsKind && host is not null && host != _localHost ? LineRoute.ShippedFinding : LineRoute.Skip;
        }
        return !_linesNeedDetectors || (host != _localHost && _agentModes?.DetectsLocally(host) == true) ? LineRoute.ReportOnly : LineRoute.Detect;
    }

    /// <summary>An agent's finding into fleet correlation and the tracker, as if a detector here had raised it; unreadable ones are counted.</summary>
    private void RaiseShipped(LogRecord record, StreamLabels labels)
    {
        if (Detect.Fleet.ShippedFindings.Parse(record.Raw, labels["host"]!) is { } finding)
        {
            // Not advancing the engine's clock: an agent's clock may run ahead of this node's.
            _correlator.Raise(finding);
            Counters.ShippedFinding();
        }
        else
        {
            Counters.Failed();
        }
    }

    /// <summary>
    /// The incidents still open when the daemon last stopped go on: the same attack after a restart updates
    /// its incident (no second "firing" notice), and an incident that stays quiet is resolved (with its
    /// resolved notice) instead of staying open in the store for ever.
    /// </summary>
    private static void RestoreOpenIncidents(IIncidentStore store, IncidentTracker tracker)
    {
        var query = new IncidentQuery
        {
            Statuses = [IncidentStatus.Open, IncidentStatus.Acknowledged],
            Limit = tracker.Options.MaxOpenIncidents,
        };
        var open = new List<IncidentRecord>();
        foreach (IncidentRecord summary in store.ListIncidents(query))
        {
            if (store.GetIncident(summary.Id) is { } incident)
            {
                open.Add(incident);
            }
        }
        tracker.Restore(open);
    }

    private void RestoreStates()
    {
        if (_states is null)
        {
            return;
        }
        IReadOnlyDictionary<string, byte[]> saved = _states.LoadDetectorStates();
        foreach (IPersistentDetector detector in _detectors.Persistent)
        {
            if (!saved.TryGetValue(detector.Name, out byte[]? state))
            {
                continue;
            }
            try
            {
                detector.LoadState(state);
            }
#pragma warning disable CA1031 // a state the detector cannot read means it learns again, not that the daemon stops
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogStateUnreadable(detector.Name, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "a detector failed ({Reason}); the records stay stored, detection goes on")]
    private partial void LogDetectorFailed(string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not store incidents or detector state ({Reason}); retrying on the next tick")]
    private partial void LogSaveFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not read operators' incident statuses ({Reason}); asking again in a few seconds")]
    private partial void LogStatusPollFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "saved state of detector {Detector} is unreadable ({Reason}); it learns again")]
    private partial void LogStateUnreadable(string detector, string reason);
}

/// <summary>
/// Advances detection with the wall clock every second; saves incidents and state at shutdown, and has the pipeline
/// store the local records (findings to ship) that last tick raised after the writer stopped.
/// </summary>
internal sealed class DetectionClockService(DaemonDetection detection, IngestPipeline pipeline, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                detection.Tick();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        detection.Tick(saveState: true);
        pipeline.StoreLocalRecords();
    }
}
