namespace LogWarden.Detect.Incidents;

/// <summary>
/// Where an incident is in its life. The order matters: a state only ever moves forward (open →
/// acknowledged → resolved or noise), so that a save of the tracker's view never undoes what an operator
/// did meanwhile in the store.
/// </summary>
internal enum IncidentStatus : byte
{
    Open = 0,
    Acknowledged = 1,
    Resolved = 2,

    /// <summary>Closed by an operator as noise: its findings' fingerprints are remembered and downgraded to info.</summary>
    Noise = 3,
}

/// <summary>One finding key of an incident as it stands: its latest finding, and when and how often it was raised.</summary>
/// <param name="Severity">The highest severity this key was raised with.</param>
/// <param name="Fingerprint">Stable identity of the key (see <see cref="IncidentFingerprint"/>).</param>
internal sealed record IncidentFindingRecord(
    string Key,
    string Fingerprint,
    string Kind,
    string Title,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(SeverityNameConverter))] FindingSeverity Severity,
    string Detector,
    IReadOnlyDictionary<string, string> Entities,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    long Count,
    DateTimeOffset FirstRaised,
    DateTimeOffset LastRaised,
    long Raises,
    Evidence Evidence)
{
    /// <summary>
    /// The key a fleet correlator joined this finding by across hosts (<c>ip=…</c>, <c>template=…</c>); kept so
    /// that a restarted central's tracker still joins the next host's finding into the restored incident.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? FleetKey { get; init; }
}

/// <summary>
/// An incident as kept and shown: a snapshot of the tracker's live <see cref="Incident"/>, what the store
/// saves and returns, and what `logwarden incidents` prints. Times are log time.
/// </summary>
internal sealed record IncidentRecord
{
    public required long Id { get; init; }

    /// <summary>Stable across restarts: the fingerprint of the finding that opened it (kind + entities).</summary>
    public required string Fingerprint { get; init; }

    /// <summary>The kind of the finding that opened it.</summary>
    public required string Kind { get; init; }

    /// <summary>The title of its most severe finding (the first one among equals).</summary>
    public required string Title { get; init; }

    public required IncidentStatus Status { get; init; }

    /// <summary>The highest severity of its findings (after noise downgrades).</summary>
    public required FindingSeverity Severity { get; init; }

    /// <summary>The first host its findings name, if any.</summary>
    public string? Host { get; init; }

    /// <summary>Earliest line of any of its findings.</summary>
    public required DateTimeOffset FirstSeen { get; init; }

    /// <summary>Latest line of any of its findings.</summary>
    public required DateTimeOffset LastSeen { get; init; }

    /// <summary>Log time at which its first finding was raised.</summary>
    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>Log time of its latest change.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>When it was resolved or marked as noise.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Lines (or samples) its findings cover: the sum of each finding key's latest count.</summary>
    public long Lines { get; init; }

    /// <summary>Distinct finding keys it holds (also when <see cref="Findings"/> was not loaded).</summary>
    public int FindingCount { get; init; }

    /// <summary>How many times findings were raised into it (re-raises included).</summary>
    public long Raises { get; init; }

    /// <summary>True when some of its findings were downgraded to info because an operator marked them as noise before.</summary>
    public bool Downgraded { get; init; }

    /// <summary>The union of its findings' entities, a few values per name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Entities { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Its findings' evidence merged: templates with counts, at most five sample lines, the metric window.</summary>
    public Evidence Evidence { get; init; } = Evidence.None;

    public IReadOnlyList<IncidentFindingRecord> Findings { get; init; } = [];

    public bool IsActive => Status is IncidentStatus.Open or IncidentStatus.Acknowledged;
}

/// <summary>Names of severities and statuses as the CLI, the JSON output and the store spell them.</summary>
internal static class IncidentNames
{
    public static string Of(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Critical => "critical",
        FindingSeverity.Warning => "warning",
        _ => "info",
    };

    public static string Of(IncidentStatus status) => status switch
    {
        IncidentStatus.Acknowledged => "acknowledged",
        IncidentStatus.Resolved => "resolved",
        IncidentStatus.Noise => "noise",
        _ => "open",
    };

    public static FindingSeverity ParseSeverity(string? text) => text switch
    {
        "critical" => FindingSeverity.Critical,
        "warning" => FindingSeverity.Warning,
        _ => FindingSeverity.Info,
    };

    public static IncidentStatus ParseStatus(string? text) => text switch
    {
        "acknowledged" => IncidentStatus.Acknowledged,
        "resolved" => IncidentStatus.Resolved,
        "noise" => IncidentStatus.Noise,
        _ => IncidentStatus.Open,
    };
}
