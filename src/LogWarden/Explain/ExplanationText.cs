using System.Globalization;
using LogWarden.Detect.Incidents;

namespace LogWarden.Explain;

/// <summary>An explanation as plain text (the CLI, the text report, e-mail bodies).</summary>
internal static class ExplanationText
{
    public static void Write(TextWriter output, IncidentRecord incident, IncidentExplanation e)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(e);
        string by = e.Origin == ExplanationOrigin.Llm ? $"LLM {e.Model}" : "LogWarden's rules";
        output.WriteLine($"incident {incident.Id} [{IncidentNames.Of(incident.Severity)}] {incident.Title}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"explained by {by}, confidence {e.Confidence:0.##}"));
        if (e.Note is { } note)
        {
            output.WriteLine($"note: {note}");
        }
        output.WriteLine();
        output.WriteLine("What happened: " + e.Summary);
        output.WriteLine("Probable cause: " + e.ProbableCause);
        if (e.SuggestedSeverity is { } suggested && suggested != incident.Severity)
        {
            output.WriteLine($"Suggested severity: {IncidentNames.Of(suggested)} (the incident stays {IncidentNames.Of(incident.Severity)})");
        }
        if (e.Steps.Count > 0)
        {
            output.WriteLine("Next steps:");
            for (int i = 0; i < e.Steps.Count; i++)
            {
                output.WriteLine($"  {i + 1}. {e.Steps[i]}");
            }
        }
    }
}
