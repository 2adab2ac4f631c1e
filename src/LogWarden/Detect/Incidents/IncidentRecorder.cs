using LogWarden.Store;

namespace LogWarden.Detect.Incidents;

/// <summary>
/// Keeps the store in step with the tracker without blocking it: events only mark incidents as changed;
/// <see cref="TakePending"/> snapshots them (on the tracker's thread) for a writer to save in one batch,
/// and <see cref="Flush"/> does both where blocking is fine (`analyze`, shutdown).
/// </summary>
internal sealed class IncidentRecorder : IIncidentListener
{
    private readonly Dictionary<long, Incident> _changed = [];

    /// <summary>Incidents changed since the last take.</summary>
    public int Pending => _changed.Count;

    public void OnIncidentEvent(in IncidentEvent e)
    {
        if (e.Kind != IncidentEventKind.FindingRaised)
        {
            _changed[e.Incident.Id] = e.Incident;
        }
    }

    /// <summary>Snapshots of the incidents changed since the last take, oldest id first.</summary>
    public IReadOnlyList<IncidentRecord> TakePending()
    {
        if (_changed.Count == 0)
        {
            return [];
        }
        var records = new List<IncidentRecord>(_changed.Count);
        foreach (Incident incident in _changed.Values)
        {
            records.Add(incident.ToRecord());
        }
        _changed.Clear();
        records.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return records;
    }

    /// <summary>
    /// Saves what changed. If the store refuses (a full disk), the incidents stay pending for the next
    /// flush and the exception tells the caller.
    /// </summary>
    public void Flush(IIncidentStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var incidents = new List<Incident>(_changed.Values);
        IReadOnlyList<IncidentRecord> records = TakePending();
        if (records.Count == 0)
        {
            return;
        }
        try
        {
            store.SaveIncidents(records);
        }
        catch
        {
            foreach (Incident incident in incidents)
            {
                _changed.TryAdd(incident.Id, incident);
            }
            throw;
        }
    }
}
