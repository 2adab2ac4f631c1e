using LogWarden.Detect.Incidents;

namespace LogWarden.Store;

/// <summary>Which incidents to list: by status, most recently updated first.</summary>
internal sealed record IncidentQuery
{
    /// <summary>Only these statuses; empty for all.</summary>
    public IReadOnlyList<IncidentStatus> Statuses { get; init; } = [];

    /// <summary>Only these severities; empty for all.</summary>
    public IReadOnlyList<Detect.FindingSeverity> Severities { get; init; } = [];

    /// <summary>Only incidents opened at or after this time (log time).</summary>
    public DateTimeOffset? OpenedFrom { get; init; }

    /// <summary>Only incidents opened before this time.</summary>
    public DateTimeOffset? OpenedTo { get; init; }

    /// <summary>Skip this many of the matching incidents first (paging).</summary>
    public int Offset { get; init; }

    public int Limit { get; init; } = 100;
}

/// <summary>
/// Incidents, their findings, and the fingerprints operators marked as noise. The tracker's recorder
/// saves in batches; `logwarden incidents` lists, shows and acts.
/// </summary>
internal interface IIncidentStore
{
    /// <summary>
    /// Inserts or updates incidents with their findings, in one transaction. A stored status never moves
    /// back: an incident an operator acknowledged, resolved or marked as noise meanwhile keeps that status.
    /// An incident saved as noise adds its fingerprints to the noise list.
    /// </summary>
    /// <exception cref="StoreFullException">The disk-space guard refused the write (nothing was written).</exception>
    void SaveIncidents(IReadOnlyList<IncidentRecord> incidents);

    /// <summary>Incidents without their findings (cheap), most recently updated first.</summary>
    IReadOnlyList<IncidentRecord> ListIncidents(IncidentQuery query);

    /// <summary>One incident with its findings; null when there is none with that id.</summary>
    IncidentRecord? GetIncident(long id);

    /// <summary>
    /// An operator's action: moves an incident forward to <paramref name="status"/> (acknowledged, resolved
    /// or noise; noise also records its fingerprints). False when there is no such incident or it is
    /// already at or past that status (<paramref name="incident"/> then tells where it is). Works on a store
    /// opened read-only beside the daemon too: it is one small transaction SQLite serialises with the
    /// daemon's, and the daemon's later saves keep it (see <see cref="SaveIncidents"/>).
    /// </summary>
    bool TrySetIncidentStatus(long id, IncidentStatus status, DateTimeOffset at, out IncidentRecord? incident);

    /// <summary>Every fingerprint marked as noise, oldest first.</summary>
    IReadOnlyList<string> LoadNoiseFingerprints();

    /// <summary>
    /// Of the incidents <paramref name="ids"/>, those whose stored status is past open, with that status: what an
    /// operator did to them from another process (`logwarden incidents ack|resolve|noise` on the store), which
    /// the running daemon's tracker takes over (<c>DaemonDetection</c>, every few seconds).
    /// </summary>
    IReadOnlyList<(long Id, IncidentStatus Status)> LoadStatusesPastOpen(IReadOnlyCollection<long> ids);

    /// <summary>The highest incident id stored (0 when none): a tracker's ids continue after it.</summary>
    long HighestIncidentId();
}

/// <summary>
/// The learnt state of persistent detectors (<see cref="Detect.IPersistentDetector"/>), an opaque blob
/// per detector name, saved with the store's other state and restored at start.
/// </summary>
internal interface IDetectorStateStore
{
    /// <summary>Replaces the states of the named detectors, in one transaction.</summary>
    /// <exception cref="StoreFullException">The disk-space guard refused the write.</exception>
    void SaveDetectorStates(IReadOnlyList<KeyValuePair<string, byte[]>> states);

    IReadOnlyDictionary<string, byte[]> LoadDetectorStates();
}
