using System.Globalization;
using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Explain;
using LogWarden.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LogWarden.Alert;

/// <summary>
/// Turns the tracker's news into outbox entries: routes each alert to its channels, drops what a silence
/// covers, holds non-critical notices through quiet hours and new incidents for the grouping window (as a
/// later <c>not_before</c>, so the hold is durable), folds an escalation inside that window into the first
/// notice, sends a resolve only where the incident was notified, and repeats open incidents. Writing to
/// the outbox is the commit point: from there delivery survives restarts.
/// At start it enqueues a first notice for active incidents that have none (the daemon stopped between
/// storing an incident and enqueueing its alert); dedupe keys make that, and any replay, idempotent.
/// </summary>
internal sealed partial class AlertDispatcher : BackgroundService
{
    /// <summary>How often open incidents are checked for repeats and silences reread.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(30);

    /// <summary>An explanation that takes longer is left out (the message must not wait on an LLM).</summary>
    public static readonly TimeSpan ExplainTimeout = TimeSpan.FromSeconds(20);

    private readonly AlertListener _listener;
    private readonly IAlertOutbox _outbox;
    private readonly IAlertSilenceStore? _silences;
    private readonly IIncidentStore? _incidents;
    private readonly IIncidentExplainer? _explainer;
    private readonly AlertRouter _router;
    private readonly QuietHours? _quietHours;
    private readonly string _linkBase;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<string> _wake;

    /// <summary>Per incident and channel: when it was last notified (firing, escalated or repeat), at what severity, and how many repeats.</summary>
    private readonly Dictionary<(long Incident, string Channel), Notified> _notified = [];

    private readonly record struct Notified(DateTimeOffset At, int Repeats, AlertTimingConfig Timing, FindingSeverity Severity);

    private readonly List<OutboxEntry> _unwritten = [];
    private IReadOnlyList<(IReadOnlyList<AlertMatcher> Matchers, AlertSilence Silence)> _activeSilences = [];
    private DateTimeOffset _nextCheck;

    public AlertDispatcher(
        AlertListener listener,
        AlertsConfig config,
        ILogStore store,
        string linkBase,
        TimeProvider time,
        ILogger<AlertDispatcher> logger,
        Action<string> wake,
        IIncidentExplainer? explainer = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        _listener = listener;
        _outbox = store as IAlertOutbox ?? throw new ArgumentException("the store keeps no alert outbox", nameof(store));
        _silences = store as IAlertSilenceStore;
        _incidents = store as IIncidentStore;
        _explainer = explainer;
        _router = new AlertRouter(config);
        _quietHours = config.QuietHours is { } q ? new QuietHours(q) : null;
        _linkBase = linkBase.TrimEnd('/');
        _time = time;
        _logger = logger;
        _wake = wake;
    }

    /// <summary>Entries written to the outbox by this dispatcher (tests and stats).</summary>
    public long Enqueued { get; private set; }

    /// <summary>Notices a silence kept back.</summary>
    public long Silenced { get; private set; }

    public string LinkOf(long incidentId) => _linkBase + "/incidents/" + incidentId.ToString(CultureInfo.InvariantCulture);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ReloadSilences();
        await CatchUpAsync(stoppingToken).ConfigureAwait(false);
        _nextCheck = _time.GetUtcNow() + CheckInterval;
        Task<bool>? ready = null;
        try
        {
            while (true)
            {
                TimeSpan wait = _nextCheck - _time.GetUtcNow();
                // One wait at a time: the queue has a single reader, and a wait the timer won stays pending for the next round.
                if (ready is null || ready.IsCompleted)
                {
                    ready = _listener.Reader.WaitToReadAsync(stoppingToken).AsTask();
                }
                if (wait > TimeSpan.Zero && !ready.IsCompleted)
                {
                    using var delay = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    Task timer = Task.Delay(wait, _time, delay.Token);
                    await Task.WhenAny(ready, timer).ConfigureAwait(false);
                    await delay.CancelAsync().ConfigureAwait(false);
                }
                if (ready.IsCompleted && !await ready.ConfigureAwait(false))
                {
                    break; // completed: shutdown
                }
                await DrainAsync(stoppingToken).ConfigureAwait(false);
                if (_time.GetUtcNow() >= _nextCheck)
                {
                    _nextCheck = _time.GetUtcNow() + CheckInterval;
                    ReloadSilences();
                    await CheckRepeatsAsync(stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _listener.Complete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        // What the last detection tick queued still reaches the outbox (its explanation is skipped to be quick).
        await DrainAsync(CancellationToken.None, explain: false).ConfigureAwait(false);
    }

    /// <summary>Routes and enqueues everything queued so far (tests call it directly).</summary>
    internal async Task DrainAsync(CancellationToken cancellationToken, bool explain = true)
    {
        var channels = new HashSet<string>(StringComparer.Ordinal);
        while (_listener.Reader.TryRead(out AlertTrigger trigger))
        {
            await HandleAsync(trigger, channels, explain, cancellationToken).ConfigureAwait(false);
        }
        Flush(channels);
    }

    private async Task HandleAsync(AlertTrigger trigger, HashSet<string> touched, bool explain, CancellationToken cancellationToken)
    {
        IncidentRecord incident = trigger.Incident;
        DateTimeOffset now = _time.GetUtcNow();
        var labels = AlertLabels.Of(incident);
        IReadOnlyList<RouteTarget> targets = _router.Route(labels);
        if (targets.Count == 0)
        {
            return;
        }
        bool resolved = trigger.Notice == AlertNotice.Resolved;
        if (!resolved && IsSilenced(labels, now))
        {
            Silenced++;
            return;
        }
        AlertMessage? message = null;
        foreach (RouteTarget target in targets)
        {
            var key = (incident.Id, target.Channel);
            bool notified = _notified.ContainsKey(key) || _outbox.LastNoticeAt(incident.Id, target.Channel) is not null;
            string notice = trigger.Notice;
            if (resolved)
            {
                _notified.Remove(key);
                if (!notified || !target.Timing.SendResolved)
                {
                    continue;
                }
            }
            else if (notice == AlertNotice.Escalated && !notified)
            {
                notice = AlertNotice.Firing; // an info incident became an alert: this is its first notice
            }
            else if (notice == AlertNotice.Escalated && _notified.TryGetValue(key, out Notified told) && told.Severity >= incident.Severity)
            {
                continue; // told at this severity already
            }
            else if (notice == AlertNotice.Firing && notified)
            {
                continue;
            }
            message ??= AlertMessage.From(incident, notice, LinkOf(incident.Id), explain && !resolved ? await ExplainAsync(incident, cancellationToken).ConfigureAwait(false) : null);
            AlertMessage toSend = message.Notice == notice ? message : message with { Notice = notice };
            DateTimeOffset notBefore = now;
            if (notice == AlertNotice.Firing && target.Timing.GroupWait > TimeSpan.Zero)
            {
                notBefore = now + target.Timing.GroupWait;
            }
            if (!toSend.IsCritical && _quietHours is not null)
            {
                DateTimeOffset release = _quietHours.ReleaseAt(now);
                notBefore = release > notBefore ? release : notBefore;
            }
            if (notice == AlertNotice.Escalated
                && _outbox.ReplacePending(DedupeKey(target.Channel, incident.Id, AlertNotice.Firing), toSend.Severity, (toSend with { Notice = AlertNotice.Firing }).ToJson(), now + TimeSpan.FromSeconds(1)))
            {
                if (_notified.TryGetValue(key, out Notified first))
                {
                    _notified[key] = first with { Severity = incident.Severity };
                }
                continue; // folded into the first notice, still inside its grouping window
            }
            string dedupe = notice switch
            {
                AlertNotice.Escalated => DedupeKey(target.Channel, incident.Id, notice) + ":" + toSend.Severity,
                _ => DedupeKey(target.Channel, incident.Id, notice),
            };
            _unwritten.Add(new OutboxEntry(dedupe, target.Channel, incident.Id, notice, toSend.Severity, now, notBefore, toSend.ToJson()));
            touched.Add(target.Channel);
            if (!resolved)
            {
                _notified[key] = new Notified(now, _notified.TryGetValue(key, out Notified seen) ? seen.Repeats : 0, target.Timing, incident.Severity);
            }
        }
    }

    internal static string DedupeKey(string channel, long incidentId, string notice) =>
        channel + ":" + incidentId.ToString(CultureInfo.InvariantCulture) + ":" + notice;

    /// <summary>Writes what is waiting to the outbox; on a store error it stays and is tried again on the next round.</summary>
    private void Flush(HashSet<string> touched)
    {
        if (_unwritten.Count == 0)
        {
            return;
        }
        try
        {
            Enqueued += _outbox.Enqueue(_unwritten);
            _unwritten.Clear();
        }
        catch (Exception e) when (e is IOException or Microsoft.Data.Sqlite.SqliteException)
        {
            LogEnqueueFailed(_unwritten.Count, e.Message);
            return;
        }
        foreach (string channel in touched)
        {
            _wake(channel);
        }
    }

    private async Task<IncidentExplanation?> ExplainAsync(IncidentRecord incident, CancellationToken cancellationToken)
    {
        if (_explainer is null)
        {
            return null;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ExplainTimeout);
        try
        {
            return await _explainer.ExplainAsync(incident, timeout.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // an explainer's failure must not cost the alert: it is sent without an explanation
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LogExplainFailed(incident.Id, e.Message);
            return null;
        }
    }

    private bool IsSilenced(IReadOnlyDictionary<string, string> labels, DateTimeOffset now)
    {
        foreach ((IReadOnlyList<AlertMatcher> matchers, AlertSilence silence) in _activeSilences)
        {
            if (silence.IsActive(now) && AlertMatcher.All(matchers, labels))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Rereads the silences (the CLI adds them beside the running daemon); an unreadable one is skipped and logged.</summary>
    internal void ReloadSilences()
    {
        if (_silences is null)
        {
            return;
        }
        var active = new List<(IReadOnlyList<AlertMatcher>, AlertSilence)>();
        try
        {
            foreach (AlertSilence silence in _silences.ListSilences(_time.GetUtcNow()))
            {
                try
                {
                    active.Add((AlertMatcher.ParseList(silence.Matchers.Split('\n')), silence));
                }
                catch (FormatException e)
                {
                    LogBadSilence(silence.Id, e.Message);
                }
            }
            _activeSilences = active;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            LogEnqueueFailed(0, e.Message);
        }
    }

    /// <summary>
    /// Repeats for notified incidents still open (and not acknowledged) after their route's repeat
    /// interval, with the stored incident's current counts; a notified incident the store shows closed
    /// (an operator resolved it) gets its resolve.
    /// </summary>
    internal async Task CheckRepeatsAsync(CancellationToken cancellationToken)
    {
        if (_incidents is null || _notified.Count == 0)
        {
            return;
        }
        DateTimeOffset now = _time.GetUtcNow();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (long id in _notified.Keys.Select(k => k.Incident).Distinct().ToList())
        {
            bool due = _notified.Any(n => n.Key.Incident == id && n.Value.Timing.RepeatInterval is { } every && now - n.Value.At >= every);
            if (!due)
            {
                continue;
            }
            IncidentRecord? stored = _incidents.GetIncident(id);
            if (stored is null)
            {
                continue;
            }
            if (!stored.IsActive)
            {
                await HandleAsync(new AlertTrigger(AlertNotice.Resolved, stored), touched, explain: false, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (stored.Status == IncidentStatus.Acknowledged)
            {
                continue;
            }
            AlertMessage? message = null;
            foreach (var ((incident, channel), told) in _notified.Where(n => n.Key.Incident == id).ToList())
            {
                if (told.Timing.RepeatInterval is not { } every || now - told.At < every)
                {
                    continue;
                }
                message ??= AlertMessage.From(stored, AlertNotice.Repeat, LinkOf(id), await ExplainAsync(stored, cancellationToken).ConfigureAwait(false));
                string dedupe = DedupeKey(channel, incident, AlertNotice.Repeat) + ":" + (told.Repeats + 1).ToString(CultureInfo.InvariantCulture);
                DateTimeOffset notBefore = !message.IsCritical && _quietHours is not null ? _quietHours.ReleaseAt(now) : now;
                _unwritten.Add(new OutboxEntry(dedupe, channel, incident, AlertNotice.Repeat, message.Severity, now, notBefore, message.ToJson()));
                _notified[(incident, channel)] = told with { At = now, Repeats = told.Repeats + 1, Severity = stored.Severity };
                touched.Add(channel);
            }
        }
        Flush(touched);
    }

    /// <summary>
    /// After a restart: active incidents at or above the minimum severity with no notice on a channel
    /// their route names get their first notice; those that have one are remembered for repeats and resolves.
    /// </summary>
    internal async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        if (_incidents is null)
        {
            return;
        }
        IReadOnlyList<IncidentRecord> active;
        try
        {
            active = _incidents.ListIncidents(new IncidentQuery { Statuses = [IncidentStatus.Open], Limit = 1000 });
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            LogEnqueueFailed(0, e.Message);
            return;
        }
        DateTimeOffset now = _time.GetUtcNow();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (IncidentRecord summary in active.Where(i => i.Severity >= _listener.MinSeverity).OrderBy(i => i.Id))
        {
            var labels = AlertLabels.Of(summary);
            var missing = new List<RouteTarget>();
            foreach (RouteTarget target in _router.Route(labels))
            {
                if (_outbox.LastNoticeAt(summary.Id, target.Channel) is { } at)
                {
                    _notified[(summary.Id, target.Channel)] = new Notified(at, 0, target.Timing, summary.Severity);
                }
                else
                {
                    missing.Add(target);
                }
            }
            if (missing.Count > 0 && _incidents.GetIncident(summary.Id) is { } incident)
            {
                await HandleAsync(new AlertTrigger(AlertNotice.Firing, incident), touched, explain: true, cancellationToken).ConfigureAwait(false);
            }
        }
        Flush(touched);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not write {Count} alert(s) to the outbox ({Reason}); trying again")]
    private partial void LogEnqueueFailed(int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "explaining incident {Incident} failed ({Reason}); the alert goes without an explanation")]
    private partial void LogExplainFailed(long incident, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "silence {Id} is unreadable ({Reason}); ignored")]
    private partial void LogBadSilence(long id, string reason);
}
