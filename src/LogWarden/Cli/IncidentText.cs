using System.Globalization;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;

namespace LogWarden.Cli;

/// <summary>Incidents as people read them: the `incidents` listing and `show`, and the report of `analyze`.</summary>
internal static class IncidentText
{
    private const int SampleWidth = 160;

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static void WriteTableHeader(TextWriter output) =>
        output.WriteLine($"{"ID",6}  {"STATUS",-12}  {"SEVERITY",-8}  {"FIRST SEEN (UTC)",-19}  {"LAST SEEN",-19}  {"FINDINGS",8}  {"LINES",9}  TITLE");

    public static void WriteTableRow(TextWriter output, IncidentRecord incident) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{incident.Id,6}  {IncidentNames.Of(incident.Status),-12}  {IncidentNames.Of(incident.Severity),-8}  {Time(incident.FirstSeen),-19}  {Time(incident.LastSeen),-19}  {incident.FindingCount,8:N0}  {incident.Lines,9:N0}  {OneLine(incident.Title, 100)}"));

    /// <summary>One incident in full: title, times, entities, findings and evidence.</summary>
    public static void WriteDetail(TextWriter output, IncidentRecord incident)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"#{incident.Id}  {IncidentNames.Of(incident.Severity).ToUpperInvariant()}  {IncidentNames.Of(incident.Status)}  {incident.Kind}"));
        output.WriteLine("    " + OneLine(incident.Title, 200));
        string span = string.Create(c, $"{Time(incident.FirstSeen)} → {Time(incident.LastSeen)} UTC, {incident.FindingCount:N0} finding(s), {incident.Lines:N0} line(s), raised {incident.Raises:N0}×");
        output.WriteLine("    " + span);
        var lifecycle = new List<string> { "opened " + Time(incident.OpenedAt) };
        if (incident.AcknowledgedAt is { } ack)
        {
            lifecycle.Add("acknowledged " + Time(ack));
        }
        if (incident.ClosedAt is { } closed)
        {
            lifecycle.Add((incident.Status == IncidentStatus.Noise ? "marked as noise " : "resolved ") + Time(closed));
        }
        if (incident.Downgraded)
        {
            lifecycle.Add("downgraded: marked as noise before");
        }
        output.WriteLine("    " + string.Join(", ", lifecycle) + ", fingerprint " + incident.Fingerprint);
        if (incident.Entities.Count > 0)
        {
            output.WriteLine("    " + string.Join("  ", incident.Entities.OrderBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => e.Key + "=" + string.Join(',', e.Value.Take(5)) + (e.Value.Count > 5 ? $",… ({e.Value.Count})" : ""))));
        }
        if (incident.Findings.Count > 1)
        {
            output.WriteLine("    findings:");
            foreach (IncidentFindingRecord f in incident.Findings.OrderByDescending(f => f.Severity).ThenBy(f => f.FirstRaised).Take(10))
            {
                output.WriteLine(string.Create(c, $"      {IncidentNames.Of(f.Severity),-8} {f.Kind}: {OneLine(f.Title, 120)} ({f.Count:N0} line(s), raised {f.Raises:N0}×)"));
            }
            if (incident.Findings.Count > 10)
            {
                output.WriteLine(string.Create(c, $"      … and {incident.Findings.Count - 10:N0} more"));
            }
        }
        WriteEvidence(output, incident.Evidence);
    }

    private static void WriteEvidence(TextWriter output, Evidence evidence)
    {
        var c = CultureInfo.InvariantCulture;
        foreach (TemplateEvidence t in evidence.Templates.Take(3))
        {
            output.WriteLine(string.Create(c, $"    {t.Count,8:N0} × {OneLine(t.Template, SampleWidth)}"));
        }
        foreach (string sample in evidence.Samples.Take(3))
        {
            output.WriteLine("      | " + OneLine(sample, SampleWidth));
        }
        if (evidence.Metric is { } metric && evidence.MetricWindow.Count > 0)
        {
            IEnumerable<string> points = evidence.MetricWindow.TakeLast(8).Select(p => p.Value.ToString("0.#", c));
            output.WriteLine($"    {metric}: {string.Join(' ', points)}");
        }
        if (evidence.Measurements.Count > 0)
        {
            output.WriteLine("    " + string.Join("  ", evidence.Measurements.Take(6).Select(m => m.Key + "=" + m.Value.ToString("0.###", c))));
        }
    }

    internal static string OneLine(string text, int max)
    {
        int newline = text.IndexOf('\n', StringComparison.Ordinal);
        string line = newline < 0 ? text : text[..newline] + " …";
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
