using System.Globalization;
using System.Text;

namespace LogWarden.Alert;

/// <summary>
/// The words of a message, shared by every notifier: a headline, the facts as (label, value) lines, the
/// findings, the explanation and the link. Each notifier puts them in its own markup (and escapes them);
/// text from logs (titles, entities, the explanation) is always escaped as data, never passed as markup.
/// </summary>
internal static class AlertText
{
    /// <summary>"[CRITICAL] Brute force on sshd from 203.0.113.9 (host web-1)" / "[RESOLVED] …".</summary>
    public static string Headline(AlertMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.Report is { } report)
        {
            return report.Subject;
        }
        string tag = m.Notice switch
        {
            AlertNotice.Resolved => "RESOLVED",
            AlertNotice.Escalated => m.Severity.ToUpperInvariant() + ", escalated",
            AlertNotice.Repeat => m.Severity.ToUpperInvariant() + ", still open",
            _ => m.Severity.ToUpperInvariant(),
        };
        string host = m.Host is null ? "" : $" (host {m.Host})";
        return $"[{tag}] {m.Title}{host}";
    }

    /// <summary>The facts, in the order they are shown.</summary>
    public static IReadOnlyList<(string Label, string Value)> Facts(AlertMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var facts = new List<(string, string)>
        {
            ("Severity", m.Severity),
            ("Incident", $"#{m.IncidentId} ({m.Kind}, {m.Status})"),
        };
        if (m.Host is not null)
        {
            facts.Add(("Host", m.Host));
        }
        foreach ((string name, IReadOnlyList<string> values) in m.Entities.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (name != "host" && values.Count > 0)
            {
                facts.Add((name, string.Join(", ", values)));
            }
        }
        facts.Add(("Counts", $"{m.Lines.ToString("N0", CultureInfo.InvariantCulture)} lines, {m.FindingCount} finding(s), raised {m.Raises} time(s)"));
        facts.Add(("First seen", Time(m.FirstSeen)));
        facts.Add(("Last seen", Time(m.LastSeen)));
        if (m.ClosedAt is { } closed && m.IsResolved)
        {
            facts.Add(("Resolved", $"{Time(closed)} after {Duration(closed - m.OpenedAt)}"));
        }
        return facts;
    }

    /// <summary>"warning ×12: Failed password for root from 203.0.113.9"…, and "…and N more".</summary>
    public static IReadOnlyList<string> FindingLines(AlertMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var lines = m.Findings.Select(f => $"{f.Severity} ×{f.Count.ToString("N0", CultureInfo.InvariantCulture)}: {f.Title}").ToList();
        if (m.FindingCount > m.Findings.Count)
        {
            lines.Add($"…and {m.FindingCount - m.Findings.Count} more");
        }
        return lines;
    }

    /// <summary>The explanation as lines (summary, cause, numbered steps), or none.</summary>
    public static IReadOnlyList<string> ExplanationLines(AlertMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.Explanation is not { } e)
        {
            return [];
        }
        var lines = new List<string> { e.Summary };
        if (e.ProbableCause.Length > 0)
        {
            lines.Add("Probable cause: " + e.ProbableCause);
        }
        for (int i = 0; i < e.Steps.Count; i++)
        {
            lines.Add($"{i + 1}. {e.Steps[i]}");
        }
        string by = e.Origin == "llm" ? "AI" : "rules";
        string suggested = e.SuggestedSeverity is { } s && s != m.Severity ? $", suggests {s}" : "";
        lines.Add($"(explained by {by}, confidence {e.Confidence.ToString("P0", CultureInfo.InvariantCulture)}{suggested})");
        return lines;
    }

    /// <summary>The whole message as plain text (e-mail's text part, ntfy, Gotify, DingTalk's fallback).</summary>
    public static string Plain(AlertMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.Report is { } report)
        {
            return report.Text.TrimEnd() + "\n\nDashboard: " + m.Link + "\n";
        }
        var text = new StringBuilder();
        text.AppendLine(Headline(m)).AppendLine();
        foreach ((string label, string value) in Facts(m))
        {
            text.Append(label).Append(": ").AppendLine(value);
        }
        IReadOnlyList<string> findings = FindingLines(m);
        if (findings.Count > 0)
        {
            text.AppendLine().AppendLine("What happened:");
            foreach (string line in findings)
            {
                text.Append("- ").AppendLine(line);
            }
        }
        IReadOnlyList<string> explanation = ExplanationLines(m);
        if (explanation.Count > 0)
        {
            text.AppendLine().AppendLine("Explanation:");
            foreach (string line in explanation)
            {
                text.AppendLine(line);
            }
        }
        text.AppendLine().Append("Open: ").AppendLine(m.Link);
        return text.ToString();
    }

    /// <summary>Markdown (ntfy, Gotify, DingTalk, Discord's description): log text escaped so it cannot format or link.</summary>
    public static string Markdown(AlertMessage m, bool withHeadline = true)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.Report is { } report)
        {
            return report.Markdown.TrimEnd() + "\n\n[Dashboard](" + m.Link + ")\n";
        }
        var text = new StringBuilder();
        if (withHeadline)
        {
            text.Append("**").Append(EscapeMarkdown(Headline(m))).AppendLine("**").AppendLine();
        }
        foreach ((string label, string value) in Facts(m))
        {
            text.Append("- **").Append(EscapeMarkdown(label)).Append(":** ").AppendLine(EscapeMarkdown(value));
        }
        IReadOnlyList<string> findings = FindingLines(m);
        if (findings.Count > 0)
        {
            text.AppendLine().AppendLine("**What happened**").AppendLine();
            foreach (string line in findings)
            {
                text.Append("- ").AppendLine(EscapeMarkdown(line));
            }
        }
        IReadOnlyList<string> explanation = ExplanationLines(m);
        if (explanation.Count > 0)
        {
            text.AppendLine().AppendLine("**Explanation**").AppendLine();
            foreach (string line in explanation)
            {
                text.AppendLine(EscapeMarkdown(line)).AppendLine();
            }
        }
        text.AppendLine().Append("[Open incident #").Append(m.IncidentId).Append("](").Append(m.Link).AppendLine(")");
        return text.ToString();
    }

    /// <summary>
    /// A report's plain text cut into pieces of at most <paramref name="max"/> characters between whole lines
    /// (a line longer than that is cut), at most <paramref name="pieces"/> of them: chat limits a message's parts.
    /// </summary>
    public static IReadOnlyList<string> Pieces(string text, int max, int pieces)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<string>();
        var piece = new StringBuilder();
        foreach (string raw in text.TrimEnd().Split('\n'))
        {
            string line = Truncate(raw, max);
            if (piece.Length > 0 && piece.Length + 1 + line.Length > max)
            {
                result.Add(piece.ToString());
                piece.Clear();
                if (result.Count == pieces)
                {
                    return result;
                }
            }
            piece.Append(piece.Length > 0 ? "\n" : "").Append(line);
        }
        if (piece.Length > 0 && result.Count < pieces)
        {
            result.Add(piece.ToString());
        }
        return result;
    }

    /// <summary>Backslash before every character Markdown (CommonMark, Discord, Slack-like) could read as markup.</summary>
    public static string EscapeMarkdown(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (c is '\\' or '*' or '_' or '`' or '~' or '[' or ']' or '(' or ')' or '#' or '>' or '<' or '|' or '!' or '@')
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="max"/> characters, ending with "…" when cut (never inside a surrogate pair).</summary>
    public static string Truncate(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max)
        {
            return text;
        }
        int cut = Math.Max(0, max - 1);
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }
        return string.Concat(text.AsSpan(0, cut), "…");
    }

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan d) =>
        d.TotalDays >= 1 ? $"{(int)d.TotalDays}d {d.Hours}h"
        : d.TotalHours >= 1 ? $"{(int)d.TotalHours}h {d.Minutes}m"
        : d.TotalMinutes >= 1 ? $"{(int)d.TotalMinutes}m {d.Seconds}s"
        : $"{Math.Max(0, (int)d.TotalSeconds)}s";
}
