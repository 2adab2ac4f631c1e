using System.Text.Json;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;

namespace LogWarden.Explain;

/// <summary>
/// The structured answer asked of the LLM (its JSON schema) and its validation. An answer is data: it is
/// parsed into an <see cref="IncidentExplanation"/> whose text is cleaned and capped, or rejected whole.
/// </summary>
internal static class ExplanationAnswer
{
    public const string SchemaName = "incident_explanation";

    public const int MaxSummary = 600;
    public const int MaxCause = 800;
    public const int MaxSteps = 6;
    public const int MaxStep = 300;

    /// <summary>
    /// Strict-mode JSON schema (every property required, no others), as OpenAI's structured outputs want it.
    /// Compact and without descriptions (the system prompt says what each field is): it is sent with every call.
    /// </summary>
    public static JsonElement Schema { get; } = JsonDocument.Parse("""
        {"type":"object","properties":{"summary":{"type":"string"},"probable_cause":{"type":"string"},"severity_suggestion":{"type":"string","enum":["info","warning","critical"]},"steps":{"type":"array","items":{"type":"string"}},"confidence":{"type":"number"}},"required":["summary","probable_cause","severity_suggestion","steps","confidence"],"additionalProperties":false}
        """).RootElement.Clone();

    /// <summary>The answer as an explanation, or null with <paramref name="problem"/> saying what was wrong.</summary>
    public static IncidentExplanation? TryParse(string? text, string? model, IpPseudonyms pseudonyms, out string? problem)
    {
        problem = null;
        string json = Unfence(text ?? "");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            problem = "the answer is not JSON (" + e.Message + ")";
            return null;
        }
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "the answer is not a JSON object";
                return null;
            }
            if (!TryString(root, "summary", out string summary, ref problem)
                || !TryString(root, "probable_cause", out string cause, ref problem)
                || !TryString(root, "severity_suggestion", out string severity, ref problem))
            {
                return null;
            }
            if (severity is not ("info" or "warning" or "critical"))
            {
                problem = $"severity_suggestion '{Cut(severity, 40)}' is not info, warning or critical";
                return null;
            }
            if (!root.TryGetProperty("steps", out JsonElement stepsElement) || stepsElement.ValueKind != JsonValueKind.Array)
            {
                problem = "steps is missing or not an array";
                return null;
            }
            var steps = new List<string>();
            foreach (JsonElement step in stepsElement.EnumerateArray())
            {
                if (step.ValueKind != JsonValueKind.String)
                {
                    problem = "a step is not a string";
                    return null;
                }
                if (steps.Count < MaxSteps && Clean(step.GetString()!, MaxStep, pseudonyms) is { Length: > 0 } s)
                {
                    steps.Add(s);
                }
            }
            if (!root.TryGetProperty("confidence", out JsonElement confidenceElement) || confidenceElement.ValueKind != JsonValueKind.Number
                || !confidenceElement.TryGetDouble(out double confidence) || !double.IsFinite(confidence))
            {
                problem = "confidence is missing or not a number";
                return null;
            }
            summary = Clean(summary, MaxSummary, pseudonyms);
            if (summary.Length == 0)
            {
                problem = "summary is empty";
                return null;
            }
            return new IncidentExplanation
            {
                Summary = summary,
                ProbableCause = Clean(cause, MaxCause, pseudonyms),
                SuggestedSeverity = IncidentNames.ParseSeverity(severity),
                Steps = steps,
                // Some models answer in percent.
                Confidence = Math.Clamp(confidence > 1 && confidence <= 100 ? confidence / 100 : confidence, 0, 1),
                Origin = ExplanationOrigin.Llm,
                Model = model,
            };
        }
    }

    /// <summary>The cache's form of an explanation.</summary>
    public static string ToJson(IncidentExplanation e) => JsonSerializer.Serialize(
        new ExplanationJson(e.Summary, e.ProbableCause, e.SuggestedSeverity is { } s ? IncidentNames.Of(s) : null, e.Steps, e.Confidence, e.Origin == ExplanationOrigin.Llm ? "llm" : "deterministic", e.Model),
        ExplainJsonContext.Default.ExplanationJson);

    public static IncidentExplanation? FromJson(string json)
    {
        try
        {
            if (JsonSerializer.Deserialize(json, ExplainJsonContext.Default.ExplanationJson) is not { } e)
            {
                return null;
            }
            return new IncidentExplanation
            {
                Summary = e.Summary,
                ProbableCause = e.ProbableCause,
                SuggestedSeverity = e.SeveritySuggestion is { } s ? IncidentNames.ParseSeverity(s) : null,
                Steps = e.Steps ?? [],
                Confidence = e.Confidence,
                Origin = e.Origin == "llm" ? ExplanationOrigin.Llm : ExplanationOrigin.Deterministic,
                Model = e.Model,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryString(JsonElement root, string name, out string value, ref string? problem)
    {
        if (root.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.String)
        {
            value = e.GetString()!;
            return true;
        }
        value = "";
        problem = name + " is missing or not a string";
        return false;
    }

    /// <summary>Models that ignore the response format wrap JSON in a Markdown fence; take what is inside.</summary>
    private static string Unfence(string text)
    {
        string t = text.Trim();
        if (!t.StartsWith("```", StringComparison.Ordinal))
        {
            return t;
        }
        int firstLine = t.IndexOf('\n', StringComparison.Ordinal);
        int end = t.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine > 0 && end > firstLine ? t[(firstLine + 1)..end].Trim() : t;
    }

    /// <summary>Aliases back to addresses, control characters out, length capped.</summary>
    private static string Clean(string text, int max, IpPseudonyms pseudonyms) =>
        Cut(SecretRedactor.Flatten(pseudonyms.Restore(text)).Trim(), max);

    private static string Cut(string s, int max) => s.Length <= max ? s : string.Concat(s.AsSpan(0, max - 1), "…");
}
