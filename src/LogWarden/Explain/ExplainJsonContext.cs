using System.Text.Json.Serialization;

namespace LogWarden.Explain;

/// <summary>An explanation as the cache keeps it (and `explain --json` prints it).</summary>
internal sealed record ExplanationJson(
    string Summary,
    string ProbableCause,
    string? SeveritySuggestion,
    IReadOnlyList<string> Steps,
    double Confidence,
    string Origin,
    string? Model);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EvidencePack))]
[JsonSerializable(typeof(ExplanationJson))]
internal sealed partial class ExplainJsonContext : JsonSerializerContext;
