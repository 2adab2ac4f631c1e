using System.Text.Json.Serialization;

namespace LogWarden.Explain;

/// <summary>
/// What the LLM is shown about one incident: compact (a token budget), redacted, and quoted — it goes to
/// the model as one JSON document, so every log text in it is a JSON string, never prompt text.
/// </summary>
internal sealed record EvidencePack
{
    public required string Kind { get; init; }

    public required string Title { get; init; }

    public required string Severity { get; init; }

    public required string Status { get; init; }

    public string? Host { get; init; }

    public required string FirstSeen { get; init; }

    public required string LastSeen { get; init; }

    /// <summary>Lines (or samples) the incident covers.</summary>
    public long Lines { get; init; }

    /// <summary>The incident's findings when it has several (null for one: it would repeat the incident).</summary>
    public IReadOnlyList<PackFinding>? Findings { get; init; }

    /// <summary>Further findings not listed (the budget's doing).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int MoreFindings { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Entities { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public IReadOnlyList<PackTemplate> Templates { get; init; } = [];

    public IReadOnlyList<string> Samples { get; init; } = [];

    public PackMetric? Metric { get; init; }

    /// <summary>The detectors' numbers; null when there are none.</summary>
    public IReadOnlyDictionary<string, double>? Measurements { get; init; }
}

/// <summary>One finding of the incident: what, how loud, how many (its entities are in the pack's union).</summary>
internal sealed record PackFinding(string Kind, string Severity, string Title, long Count);

/// <summary>A template behind the incident, its count in the incident, and what is usual for it on this host.</summary>
internal sealed record PackTemplate(int Id, string Template, long Count, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Usual);

/// <summary>A metric window summed up: range, a few points (oldest first) and, from the store, the same hours a day earlier.</summary>
internal sealed record PackMetric(
    string Series,
    string From,
    string To,
    double Min,
    double Max,
    double Last,
    IReadOnlyList<double> Points,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Usual);

/// <summary>An evidence pack ready to send: its JSON, its size, its digest, and what redaction did.</summary>
/// <param name="Digest">SHA-256 (hex, 16 digits) of what makes the incident what it is (kind, severity, finding keys, template ids, metric): counts and samples moving on do not change it, so the cached answer still serves.</param>
/// <param name="Pseudonyms">The IP aliases used (empty when pseudonymising is off), to map the answer back.</param>
internal sealed record PackedEvidence(EvidencePack Pack, string Json, int Tokens, string Digest, int Redactions, IpPseudonyms Pseudonyms);
