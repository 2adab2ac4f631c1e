using LogWarden.Detect;
using LogWarden.Detect.Incidents;

namespace LogWarden.Explain;

/// <summary>Who wrote an explanation: the configured LLM, or LogWarden's own rules when there is none (or it failed).</summary>
internal enum ExplanationOrigin
{
    Deterministic = 0,
    Llm = 1,
}

/// <summary>
/// What an incident means and what to do, in the fixed schema the LLM is asked for (and the deterministic
/// explainer fills the same way). It is data shown to the owner: nothing in it ever selects or triggers an
/// action, and <see cref="SuggestedSeverity"/> never changes the incident's severity.
/// </summary>
internal sealed record IncidentExplanation
{
    public required string Summary { get; init; }

    public required string ProbableCause { get; init; }

    /// <summary>The explainer's view of the severity; shown beside the incident's own, never applied.</summary>
    public FindingSeverity? SuggestedSeverity { get; init; }

    public IReadOnlyList<string> Steps { get; init; } = [];

    /// <summary>0..1, how sure the explainer is.</summary>
    public double Confidence { get; init; }

    public required ExplanationOrigin Origin { get; init; }

    /// <summary>The model that wrote it (null when deterministic).</summary>
    public string? Model { get; init; }

    /// <summary>Why a configured LLM did not write it (over budget, timed out, malformed answer…); null otherwise.</summary>
    public string? Note { get; init; }
}

/// <summary>
/// Explains incidents for notifications, the dashboard and the report. Implementations never throw for
/// an unreachable or misbehaving LLM: they fall back to the deterministic explanation.
/// </summary>
internal interface IIncidentExplainer
{
    ValueTask<IncidentExplanation> ExplainAsync(IncidentRecord incident, CancellationToken cancellationToken);
}
