using System.Text.Json;
using System.Text.Json.Serialization;

namespace LogWarden.Detect.Incidents;

/// <summary>What the store keeps of an incident beside its columns.</summary>
internal sealed record IncidentDetails(
    IReadOnlyDictionary<string, IReadOnlyList<string>> Entities,
    Evidence Evidence,
    long Raises,
    bool Downgraded);

/// <summary>
/// One finding as `analyze --json` prints it (JSON Lines): the log time it was raised, what and whom it
/// is about, its span and count, the incident it joined, and its evidence.
/// </summary>
internal sealed record FindingLine(
    DateTimeOffset Ts,
    string Severity,
    string Kind,
    string Title,
    IReadOnlyDictionary<string, string> Entities,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    long Count,
    long Incident,
    Evidence Evidence,
    string Detector,
    string Fingerprint,
    bool Downgraded);

/// <summary>One incident as `incidents --json` prints it (the findings only with `incidents show`).</summary>
internal sealed record IncidentLine(
    long Id,
    string Status,
    string Severity,
    string Kind,
    string Title,
    string? Host,
    string Fingerprint,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? ClosedAt,
    int FindingCount,
    long Lines,
    long Raises,
    bool Downgraded,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Entities,
    Evidence Evidence,
    IReadOnlyList<IncidentFindingRecord>? Findings);

// snake_case like the rest of the JSON the CLI prints; NaN and infinities (a detector's measurement) stay representable.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IncidentDetails))]
[JsonSerializable(typeof(Evidence))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(FindingLine))]
[JsonSerializable(typeof(IncidentLine))]
internal sealed partial class IncidentJsonContext : JsonSerializerContext;

/// <summary>A severity as the CLI spells it: <c>info</c>, <c>warning</c>, <c>critical</c>.</summary>
internal sealed class SeverityNameConverter : JsonConverter<FindingSeverity>
{
    public override FindingSeverity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        IncidentNames.ParseSeverity(reader.GetString());

    public override void Write(Utf8JsonWriter writer, FindingSeverity value, JsonSerializerOptions options) =>
        writer.WriteStringValue(IncidentNames.Of(value));
}

/// <summary>How incidents, findings and evidence are written as JSON (store columns, CLI output), and read back.</summary>
internal static class IncidentJson
{
    private static readonly JsonSerializerOptions Relaxed = new(IncidentJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The context for output read by people and tools: non-ASCII stays readable, HTML characters are not escaped.</summary>
    public static IncidentJsonContext Output { get; } = new(Relaxed);

    public static string Entities(IReadOnlyDictionary<string, string> entities) =>
        JsonSerializer.Serialize(new Dictionary<string, string>(entities, StringComparer.Ordinal), Output.DictionaryStringString);

    public static IReadOnlyDictionary<string, string> ParseEntities(string json) =>
        TryParse(json, Output.DictionaryStringString) ?? new Dictionary<string, string>();

    public static string Evidence(Evidence evidence) => JsonSerializer.Serialize(evidence, Output.Evidence);

    public static Evidence ParseEvidence(string json) => TryParse(json, Output.Evidence) ?? Detect.Evidence.None;

    public static string Details(IncidentRecord incident) =>
        JsonSerializer.Serialize(new IncidentDetails(incident.Entities, incident.Evidence, incident.Raises, incident.Downgraded), Output.IncidentDetails);

    public static IncidentDetails ParseDetails(string json) =>
        TryParse(json, Output.IncidentDetails) ?? new IncidentDetails(new Dictionary<string, IReadOnlyList<string>>(), Detect.Evidence.None, 0, false);

    /// <summary>A finding as `analyze --json` prints it; times in UTC whatever zone the lines were written in.</summary>
    public static FindingLine Line(Finding finding, Incident incident, string fingerprint, bool downgraded) => new(
        finding.Timestamp.ToUniversalTime(), IncidentNames.Of(finding.Severity), finding.Kind, finding.Title, finding.Entities,
        finding.FirstSeen.ToUniversalTime(), finding.LastSeen.ToUniversalTime(), finding.Count, incident.Id, finding.Evidence, finding.Detector, fingerprint, downgraded);

    public static IncidentLine Line(IncidentRecord incident, bool withFindings) => new(
        incident.Id,
        IncidentNames.Of(incident.Status),
        IncidentNames.Of(incident.Severity),
        incident.Kind,
        incident.Title,
        incident.Host,
        incident.Fingerprint,
        incident.FirstSeen,
        incident.LastSeen,
        incident.OpenedAt,
        incident.UpdatedAt,
        incident.AcknowledgedAt,
        incident.ClosedAt,
        incident.FindingCount,
        incident.Lines,
        incident.Raises,
        incident.Downgraded,
        incident.Entities,
        incident.Evidence,
        withFindings ? incident.Findings : null);

    /// <summary>Garbled JSON (a damaged row) reads as nothing rather than failing the whole listing.</summary>
    private static T? TryParse<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
