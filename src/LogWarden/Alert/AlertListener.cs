using System.Threading.Channels;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;

namespace LogWarden.Alert;

/// <summary>What the tracker told, as the dispatcher needs it: the notice and a snapshot of the incident.</summary>
internal readonly record struct AlertTrigger(string Notice, IncidentRecord Incident);

/// <summary>
/// Hears the tracker on its thread and only queues: a snapshot of the incident for the news worth telling
/// (opened at or above the minimum severity, escalated, resolved) goes into an unbounded in-memory queue
/// the <see cref="AlertDispatcher"/> drains. No I/O, no lock the dispatcher holds long; count updates are
/// not queued (a repeat reads the stored incident).
/// </summary>
internal sealed class AlertListener(FindingSeverity minSeverity) : IIncidentListener
{
    private readonly Channel<AlertTrigger> _queue = Channel.CreateUnbounded<AlertTrigger>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<AlertTrigger> Reader => _queue.Reader;

    public FindingSeverity MinSeverity => minSeverity;

    public void OnIncidentEvent(in IncidentEvent e)
    {
        switch (e.Kind)
        {
            case IncidentEventKind.IncidentOpened when e.Incident.Severity >= minSeverity:
                Enqueue(new AlertTrigger(AlertNotice.Firing, e.Incident.ToRecord()));
                break;
            case IncidentEventKind.IncidentUpdated when (e.Changes & IncidentChanges.Escalated) != 0 && e.Incident.Severity >= minSeverity:
                Enqueue(new AlertTrigger(AlertNotice.Escalated, e.Incident.ToRecord()));
                break;
            case IncidentEventKind.IncidentResolved:
                Enqueue(new AlertTrigger(AlertNotice.Resolved, e.Incident.ToRecord()));
                break;
        }
    }

    /// <summary>Queues news for the dispatcher (also how tests and replays feed it); false once completed.</summary>
    public bool Enqueue(AlertTrigger trigger) => _queue.Writer.TryWrite(trigger);

    /// <summary>No more events (shutdown): the dispatcher drains what is queued and ends.</summary>
    public void Complete() => _queue.Writer.TryComplete();
}
