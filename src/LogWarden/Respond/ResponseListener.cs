using System.Threading.Channels;
using LogWarden.Detect.Incidents;

namespace LogWarden.Respond;

/// <summary>
/// Hears the tracker on its thread and only queues a snapshot of incidents that opened or escalated (a
/// playbook may match only once an incident is critical); <see cref="ResponseService"/> does the work.
/// </summary>
internal sealed class ResponseListener : IIncidentListener
{
    private readonly Channel<IncidentRecord> _queue = Channel.CreateUnbounded<IncidentRecord>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<IncidentRecord> Reader => _queue.Reader;

    public void OnIncidentEvent(in IncidentEvent e)
    {
        if (e.Kind == IncidentEventKind.IncidentOpened
            || (e.Kind == IncidentEventKind.IncidentUpdated && (e.Changes & (IncidentChanges.Escalated | IncidentChanges.NewFinding)) != 0))
        {
            _queue.Writer.TryWrite(e.Incident.ToRecord());
        }
    }

    /// <summary>Queues an incident (also how tests and the benchmark feed it).</summary>
    public bool Enqueue(IncidentRecord incident) => _queue.Writer.TryWrite(incident);

    public void Complete() => _queue.Writer.TryComplete();
}
