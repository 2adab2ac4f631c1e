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

    internal void Observed(int lines) => Interlocked.Add(ref _lines, lines);

    internal void Timed(TimeSpan elapsed)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _elapsedTicks, elapsed.Ticks);
    }

    internal void Failed() => Interlocked.Increment(ref _failures);
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
    private DateTimeOffset _nextStateSave;

    /// <summary>How often the detectors' learnt state is saved (and at shutdown).</summary>
    public static readonly TimeSpan StateSaveInterval = TimeSpan.FromMinutes(5);

    /// <param name="listeners">Who else hears the tracker (alerting); called on the detection thread, so they only queue.</param>
    public DaemonDetection(ILogStore store, TemplateMiner miner, DetectOptions options, TimeProvider time, ILogger<DaemonDetection> logger, IEnumerable<IIncidentListener>? listeners = null)
    {
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
        _engine = _detectors.CreateEngine(miner, new Detect.Fleet.FleetCorrelator(_tracker, options.Fleet));
        _engine.AddClockListener(_tracker);
        _nextStateSave = time.GetUtcNow() + StateSaveInterval;
    }

    public DetectionCounters Counters { get; } = new();

    public IncidentTracker Tracker => _tracker;

    public DetectorSet Detectors => _detectors;

    /// <summary>Records just stored, with their template ids; <paramref name="received"/> stands in for a missing time.</summary>
    public void Observe(IReadOnlyList<(LogRecord Record, StreamLabels Labels, int TemplateId)> records, DateTimeOffset received)
    {
        lock (_gate)
        {
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                foreach ((LogRecord record, StreamLabels labels, int templateId) in records)
                {
                    _engine.Observe(record, labels, templateId, received);
                }
                Counters.Observed(records.Count);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "saved state of detector {Detector} is unreadable ({Reason}); it learns again")]
    private partial void LogStateUnreadable(string detector, string reason);
}

/// <summary>Advances detection with the wall clock every second; saves incidents and state at shutdown.</summary>
internal sealed class DetectionClockService(DaemonDetection detection, TimeProvider time) : BackgroundService
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
    }
}
