using System.Globalization;
using System.Net;
using System.Text;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;

namespace LogWarden.Report;

/// <summary>
/// Renders a <see cref="DailyReport"/> as plain text, Markdown and HTML (charts as PNG images referenced by
/// content id). Everything from logs (titles, templates) is escaped for the format it lands in.
/// </summary>
internal static class ReportRenderer
{
    public static RenderedReport Render(DailyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var images = new List<ReportImage>();
        for (int i = 0; i < report.Curves.Count; i++)
        {
            ResourceCurve curve = report.Curves[i];
            if (curve.Points.Count < 2)
            {
                continue;
            }
            images.Add(new ReportImage($"chart{i}@logwarden", $"chart-{i}-{Slug(curve.Title)}.png", curve.Title, LineChart.Render(curve, report.From, report.To)));
        }
        return new RenderedReport(Subject(report), Text(report), Markdown(report), Html(report, images), images);
    }

    public static string Subject(DailyReport report)
    {
        int critical = report.Severities.Where(s => s.Severity == FindingSeverity.Critical).Sum(s => s.Opened);
        int warning = report.Severities.Where(s => s.Severity == FindingSeverity.Warning).Sum(s => s.Opened);
        string host = report.Host is { } h ? h + " " : "";
        return $"LogWarden report {host}{report.To.UtcDateTime:yyyy-MM-dd}: {critical} critical, {warning} warning, {report.NewTemplateCount} new templates";
    }

    private static string Period(DailyReport r) =>
        $"{r.From.UtcDateTime:yyyy-MM-dd HH:mm} – {r.To.UtcDateTime:yyyy-MM-dd HH:mm} UTC";

    private static string Duration(TimeSpan? span) => span switch
    {
        null => "–",
        { TotalMinutes: < 1 } s => $"{s.TotalSeconds:0} s",
        { TotalHours: < 1 } s => string.Create(CultureInfo.InvariantCulture, $"{s.TotalMinutes:0} min"),
        { TotalDays: < 1 } s => string.Create(CultureInfo.InvariantCulture, $"{s.TotalHours:0.#} h"),
        { } s => string.Create(CultureInfo.InvariantCulture, $"{s.TotalDays:0.#} d"),
    };

    private static string Bytes(double b) => b switch
    {
        >= 1L << 40 => string.Create(CultureInfo.InvariantCulture, $"{b / (1L << 40):0.#} TiB"),
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{b / (1L << 30):0.#} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{b / (1L << 20):0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{b / 1024:0.#} KiB"),
    };

    private static string Forecast(DiskForecast f) => f.TimeToFull is { } t
        ? $"full in about {Duration(t)} at the period's rate"
        : "not filling up";

    private static string Number(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Cut(string s, int max) => s.Length <= max ? s : string.Concat(s.AsSpan(0, max - 1), "…");

    // ------------------------------------------------------------------ text

    private static string Text(DailyReport r)
    {
        var t = new StringBuilder();
        t.AppendLine(Subject(r)).AppendLine(Period(r)).AppendLine();
        if (r.AiSummary is { } ai)
        {
            t.AppendLine("Summary (AI): " + ai).AppendLine();
        }
        t.AppendLine("Incidents by severity (opened / resolved / still open; median and longest time to resolve):");
        foreach (SeverityRow s in r.Severities)
        {
            t.AppendLine($"  {IncidentNames.Of(s.Severity),-9} {s.Opened,4} / {s.Resolved,4} / {s.StillOpen,4}   median {Duration(s.MedianResolution)}, longest {Duration(s.LongestResolution)}");
        }
        if (r.Incidents.Count > 0)
        {
            t.AppendLine().AppendLine("Top incidents:");
            foreach (IncidentRecord i in r.Incidents)
            {
                t.AppendLine($"  #{i.Id} [{IncidentNames.Of(i.Severity)}, {IncidentNames.Of(i.Status)}] {Cut(i.Title, 120)} ({i.Lines} lines)");
            }
        }
        t.AppendLine().AppendLine($"New templates: {r.NewTemplateCount}");
        foreach (TemplateRow row in r.NewTemplates)
        {
            t.AppendLine($"  {row.Count,8}  [{row.Level}] {Cut(row.Template, 120)}");
        }
        if (r.NoisyTemplates.Count > 0)
        {
            t.AppendLine().AppendLine("Noisiest templates active in the period (lines stored over their life):");
            foreach (TemplateRow row in r.NoisyTemplates)
            {
                t.AppendLine($"  {row.Count,10}  {Cut(row.Template, 120)}");
            }
        }
        t.AppendLine().AppendLine("Attack sources:" + (r.AttackSources.Count == 0 ? " none" : ""));
        foreach (AttackSource a in r.AttackSources)
        {
            t.AppendLine($"  {a.Ip,-39} {a.Lines,8} lines in {a.Incidents} incident(s): {string.Join(", ", a.Kinds)}");
        }
        if (r.Curves.Count > 0)
        {
            t.AppendLine().AppendLine("Resources (min / max / last):");
            foreach (ResourceCurve c in r.Curves)
            {
                t.AppendLine($"  {c.Title,-16} {Number(c.Min)}{c.Unit} / {Number(c.Max)}{c.Unit} / {Number(c.Last)}{c.Unit}");
            }
        }
        if (r.DiskForecasts.Count > 0)
        {
            t.AppendLine().AppendLine("Disk forecast:");
            foreach (DiskForecast f in r.DiskForecasts)
            {
                t.AppendLine($"  {f.Mount,-16} {Number(f.UsedPercent)}% used, {Bytes(f.AvailableBytes)} available, {Forecast(f)}");
            }
        }
        return t.ToString();
    }

    // ------------------------------------------------------------------ Markdown

    private static string Md(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)
        .Replace("`", "'", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string Markdown(DailyReport r)
    {
        var m = new StringBuilder();
        m.AppendLine("# " + Md(Subject(r))).AppendLine().AppendLine(Period(r)).AppendLine();
        if (r.AiSummary is { } ai)
        {
            m.AppendLine("> **Summary (AI):** " + Md(ai)).AppendLine();
        }
        m.AppendLine("## Incidents by severity").AppendLine();
        m.AppendLine("| severity | opened | resolved | still open | median to resolve | longest |").AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (SeverityRow s in r.Severities)
        {
            m.AppendLine($"| {IncidentNames.Of(s.Severity)} | {s.Opened} | {s.Resolved} | {s.StillOpen} | {Duration(s.MedianResolution)} | {Duration(s.LongestResolution)} |");
        }
        if (r.Incidents.Count > 0)
        {
            m.AppendLine().AppendLine("## Top incidents").AppendLine();
            foreach (IncidentRecord i in r.Incidents)
            {
                m.AppendLine($"- **#{i.Id}** {IncidentNames.Of(i.Severity)}, {IncidentNames.Of(i.Status)}: {Md(Cut(i.Title, 160))} ({i.Lines} lines)");
            }
        }
        m.AppendLine().AppendLine($"## New templates ({r.NewTemplateCount})").AppendLine();
        foreach (TemplateRow row in r.NewTemplates)
        {
            m.AppendLine($"- {row.Count} × [{row.Level}] {Md(Cut(row.Template, 160))}");
        }
        if (r.NoisyTemplates.Count > 0)
        {
            m.AppendLine().AppendLine("## Noisiest templates").AppendLine().AppendLine("| lines | template |").AppendLine("|---:|---|");
            foreach (TemplateRow row in r.NoisyTemplates)
            {
                m.AppendLine($"| {row.Count} | {Md(Cut(row.Template, 160))} |");
            }
        }
        m.AppendLine().AppendLine("## Attack sources").AppendLine();
        if (r.AttackSources.Count == 0)
        {
            m.AppendLine("None.");
        }
        else
        {
            m.AppendLine("| address | lines | incidents | kinds |").AppendLine("|---|---:|---:|---|");
            foreach (AttackSource a in r.AttackSources)
            {
                m.AppendLine($"| {Md(a.Ip)} | {a.Lines} | {a.Incidents} | {Md(string.Join(", ", a.Kinds))} |");
            }
        }
        if (r.Curves.Count > 0)
        {
            m.AppendLine().AppendLine("## Resources").AppendLine().AppendLine("| resource | min | max | last |").AppendLine("|---|---:|---:|---:|");
            foreach (ResourceCurve c in r.Curves)
            {
                m.AppendLine($"| {Md(c.Title)} | {Number(c.Min)}{c.Unit} | {Number(c.Max)}{c.Unit} | {Number(c.Last)}{c.Unit} |");
            }
        }
        if (r.DiskForecasts.Count > 0)
        {
            m.AppendLine().AppendLine("## Disk forecast").AppendLine();
            foreach (DiskForecast f in r.DiskForecasts)
            {
                m.AppendLine($"- {Md(f.Mount)}: {Number(f.UsedPercent)}% used, {Bytes(f.AvailableBytes)} available, {Forecast(f)}");
            }
        }
        return m.ToString();
    }

    // ------------------------------------------------------------------ HTML

    private static string H(string s) => WebUtility.HtmlEncode(s);

    private static string Html(DailyReport r, IReadOnlyList<ReportImage> images)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(H(Subject(r))).Append("</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;color:#1f2937;max-width:720px}table{border-collapse:collapse}")
            .Append("td,th{border-bottom:1px solid #e5e7eb;padding:3px 8px;text-align:left}td.n{text-align:right}.critical{color:#b91c1c}.warning{color:#b45309}</style></head><body>");
        h.Append("<h1>").Append(H(Subject(r))).Append("</h1><p>").Append(H(Period(r))).Append("</p>");
        if (r.AiSummary is { } ai)
        {
            h.Append("<p><b>Summary (AI):</b> ").Append(H(ai)).Append("</p>");
        }
        h.Append("<h2>Incidents by severity</h2><table><tr><th>severity</th><th>opened</th><th>resolved</th><th>still open</th><th>median to resolve</th><th>longest</th></tr>");
        foreach (SeverityRow s in r.Severities)
        {
            string name = IncidentNames.Of(s.Severity);
            h.Append($"<tr><td class=\"{name}\">{name}</td><td class=\"n\">{s.Opened}</td><td class=\"n\">{s.Resolved}</td><td class=\"n\">{s.StillOpen}</td><td class=\"n\">{Duration(s.MedianResolution)}</td><td class=\"n\">{Duration(s.LongestResolution)}</td></tr>");
        }
        h.Append("</table>");
        if (r.Incidents.Count > 0)
        {
            h.Append("<h2>Top incidents</h2><ul>");
            foreach (IncidentRecord i in r.Incidents)
            {
                string name = IncidentNames.Of(i.Severity);
                h.Append($"<li><span class=\"{name}\">#{i.Id} {name}</span>, {IncidentNames.Of(i.Status)}: {H(Cut(i.Title, 160))} ({i.Lines} lines)</li>");
            }
            h.Append("</ul>");
        }
        h.Append($"<h2>New templates ({r.NewTemplateCount})</h2><ul>");
        foreach (TemplateRow row in r.NewTemplates)
        {
            h.Append($"<li>{row.Count} × [{H(row.Level)}] <code>{H(Cut(row.Template, 160))}</code></li>");
        }
        h.Append("</ul>");
        if (r.NoisyTemplates.Count > 0)
        {
            h.Append("<h2>Noisiest templates</h2><table><tr><th>lines</th><th>template</th></tr>");
            foreach (TemplateRow row in r.NoisyTemplates)
            {
                h.Append($"<tr><td class=\"n\">{row.Count}</td><td><code>{H(Cut(row.Template, 160))}</code></td></tr>");
            }
            h.Append("</table>");
        }
        h.Append("<h2>Attack sources</h2>");
        if (r.AttackSources.Count == 0)
        {
            h.Append("<p>None.</p>");
        }
        else
        {
            h.Append("<table><tr><th>address</th><th>lines</th><th>incidents</th><th>kinds</th></tr>");
            foreach (AttackSource a in r.AttackSources)
            {
                h.Append($"<tr><td>{H(a.Ip)}</td><td class=\"n\">{a.Lines}</td><td class=\"n\">{a.Incidents}</td><td>{H(string.Join(", ", a.Kinds))}</td></tr>");
            }
            h.Append("</table>");
        }
        if (r.Curves.Count > 0)
        {
            h.Append("<h2>Resources</h2>");
            foreach (ResourceCurve c in r.Curves)
            {
                h.Append("<h3>").Append(H(c.Title)).Append($" <small>min {Number(c.Min)}{H(c.Unit)}, max {Number(c.Max)}{H(c.Unit)}, last {Number(c.Last)}{H(c.Unit)}</small></h3>");
                if (images.FirstOrDefault(i => i.Title == c.Title) is { } image)
                {
                    h.Append($"<img src=\"cid:{image.ContentId}\" alt=\"{H(c.Title)}\" width=\"640\" height=\"170\">");
                }
            }
        }
        if (r.DiskForecasts.Count > 0)
        {
            h.Append("<h2>Disk forecast</h2><ul>");
            foreach (DiskForecast f in r.DiskForecasts)
            {
                h.Append($"<li>{H(f.Mount)}: {Number(f.UsedPercent)}% used, {Bytes(f.AvailableBytes)} available, {Forecast(f)}</li>");
            }
            h.Append("</ul>");
        }
        h.Append("</body></html>");
        return h.ToString();
    }

    private static string Slug(string s) => new([.. s.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
}
