namespace LogWarden.Detect.Incidents;

internal enum IncidentEventKind
{
    /// <summary>
    /// A finding worth telling: a key new to its incident, or a key (or the incident) that became more
    /// severe. Re-raises of a known key at the same severity are not told again.
    /// </summary>
    FindingRaised,

    IncidentOpened,

    /// <summary>Any change of an open incident (see <see cref="IncidentEvent.Changes"/>): the store saves these.</summary>
    IncidentUpdated,

    /// <summary>Closed: quiet for the quiet period, resolved or marked as noise by an operator, or evicted to stay under the cap.</summary>
    IncidentResolved,
}

/// <summary>
/// One thing that happened to an incident, at log time <see cref="At"/>. <see cref="Incident"/> is the
/// tracker's live object: read it during the call, snapshot it (<see cref="Incident.ToRecord"/>) to keep it.
/// </summary>
/// <param name="Finding">The finding behind the event (null for a resolve).</param>
internal readonly record struct IncidentEvent(IncidentEventKind Kind, DateTimeOffset At, Incident Incident, Finding? Finding, IncidentChanges Changes);

/// <summary>
/// Hears what the tracker does (output of `analyze`, the store, alerting). Called on the tracker's thread
/// from inside <see cref="IFindingSink.Raise"/> and <see cref="ILogClockListener.Advance"/>: do no blocking I/O
/// here; queue the work.
/// </summary>
internal interface IIncidentListener
{
    void OnIncidentEvent(in IncidentEvent e);
}
