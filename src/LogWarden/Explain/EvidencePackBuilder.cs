using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;

namespace LogWarden.Explain;

/// <summary>How big an evidence pack may get and whether IP addresses are replaced by aliases.</summary>
internal sealed record EvidenceOptions
{
    /// <summary>The pack's size limit in tokens (estimated as UTF-8 bytes / 3: log text full of symbols and numbers takes more tokens than prose).</summary>
    public int TokenBudget { get; init; } = 450;

    public bool PseudonymizeIps { get; init; }
}

/// <summary>
/// Builds the evidence pack of an incident: its findings, entities, templates with counts (and, from the
/// store, how usual they are here), a few sample lines, the metric window (and the same hours a day
/// earlier), the detectors' measurements. Everything textual is redacted (<see cref="SecretRedactor"/>),
/// flattened to one line and, when asked, has its IP addresses aliased. If the JSON is over the token
/// budget, the pack is cut in steps (shorter samples, fewer templates, findings, points) until it fits.
/// </summary>
internal sealed class EvidencePackBuilder(EvidenceOptions options, IEvidenceContext? context = null)
{
    /// <summary>Compact JSON, with non-ASCII as is (fewer tokens than \u escapes) — still valid, still quoted.</summary>
    private static readonly JsonSerializerOptions PackJson = new(ExplainJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    private static readonly ExplainJsonContext PackContext = new(PackJson);

    /// <summary>The cuts tried in order while the pack is over budget: (sample length, samples, templates, findings, points, entity values).</summary>
    private static readonly (int SampleLength, int Samples, int Templates, int Findings, int Points, int EntityValues)[] Cuts =
    [
        (200, 3, 4, 4, 12, 3),
        (160, 2, 3, 3, 8, 3),
        (120, 2, 4, 4, 6, 3),
        (100, 1, 3, 3, 6, 2),
        (80, 1, 2, 2, 4, 1),
        (60, 0, 1, 1, 3, 1),
    ];

    public EvidenceOptions Options { get; } = options;

    public PackedEvidence Build(IncidentRecord incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        PackedEvidence? last = null;
        foreach (var cut in Cuts)
        {
            var pseudonyms = new IpPseudonyms();
            int redactions = 0;
            EvidencePack pack = Pack(incident, cut, pseudonyms, ref redactions);
            string json = JsonSerializer.Serialize(pack, PackContext.EvidencePack);
            last = new PackedEvidence(pack, json, EstimateTokens(json), Digest(incident), redactions, pseudonyms);
            if (last.Tokens <= Options.TokenBudget)
            {
                break;
            }
        }
        return last!;
    }

    /// <summary>
    /// A token estimate good enough for budgets: UTF-8 bytes / 3, rounded up. On the replay's evidence packs
    /// o200k_base counted 1 token per 3.2–3.8 bytes (bytes / 4 under-counted packs of firewall lines by a third);
    /// `bench explain-tokens` measures with the real tokenizer.
    /// </summary>
    public static int EstimateTokens(string text) => (Encoding.UTF8.GetByteCount(text) + 2) / 3;

    private EvidencePack Pack(
        IncidentRecord incident,
        (int SampleLength, int Samples, int Templates, int Findings, int Points, int EntityValues) cut,
        IpPseudonyms pseudonyms,
        ref int redactions)
    {
        var findings = new List<PackFinding>();
        // One finding repeats the incident's own kind, title and entities: listed only when there are several.
        IEnumerable<IncidentFindingRecord> listed = incident.Findings.Count > 1 ? incident.Findings : [];
        foreach (IncidentFindingRecord f in listed.OrderByDescending(f => f.Severity).ThenByDescending(f => f.Count).Take(cut.Findings))
        {
            findings.Add(new PackFinding(f.Kind, IncidentNames.Of(f.Severity), Clean(f.Title, cut.SampleLength / 2, pseudonyms, ref redactions), f.Count));
        }

        var entitiesByName = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, values) in incident.Entities.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (name == EntityNames.Host && values.Count == 1 && values[0] == incident.Host)
            {
                continue; // the pack's host already
            }
            var cleaned = new List<string>();
            foreach (string value in values.Take(cut.EntityValues))
            {
                cleaned.Add(Clean(value, 120, pseudonyms, ref redactions));
            }
            entitiesByName[name] = cleaned;
        }

        var templates = new List<PackTemplate>();
        foreach (TemplateEvidence t in incident.Evidence.Templates.OrderByDescending(t => t.Count).Take(cut.Templates))
        {
            templates.Add(new PackTemplate(t.TemplateId, Clean(t.Template, cut.SampleLength, pseudonyms, ref redactions), t.Count, Usual(t, incident)));
        }

        var samples = new List<string>();
        foreach (string sample in incident.Evidence.Samples.Take(cut.Samples))
        {
            samples.Add(Clean(sample, cut.SampleLength, pseudonyms, ref redactions));
        }

        var measurements = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in incident.Evidence.Measurements.OrderBy(m => m.Key, StringComparer.Ordinal).Take(12))
        {
            if (double.IsFinite(value))
            {
                measurements[name] = Math.Round(value, 3);
            }
        }

        return new EvidencePack
        {
            Kind = incident.Kind,
            Title = Clean(incident.Title, 200, pseudonyms, ref redactions),
            Severity = IncidentNames.Of(incident.Severity),
            Status = IncidentNames.Of(incident.Status),
            Host = incident.Host is { } h ? Clean(h, 80, pseudonyms, ref redactions) : null,
            FirstSeen = Time(incident.FirstSeen),
            LastSeen = Time(incident.LastSeen),
            Lines = incident.Lines,
            Findings = findings.Count == 0 ? null : findings,
            MoreFindings = incident.Findings.Count > 1 ? Math.Max(0, incident.Findings.Count - findings.Count) : 0,
            Entities = entitiesByName,
            Templates = templates,
            Samples = samples,
            Metric = Metric(incident, cut.Points),
            Measurements = measurements.Count == 0 ? null : measurements,
        };
    }

    /// <summary>Redact, then alias addresses, then flatten, then cut: a cut can never expose half a secret, and a long line costs nothing.</summary>
    private string Clean(string text, int maxLength, IpPseudonyms pseudonyms, ref int redactions)
    {
        string result = SecretRedactor.Redact(text, ref redactions);
        if (Options.PseudonymizeIps)
        {
            result = pseudonyms.Replace(result);
        }
        result = SecretRedactor.Flatten(result);
        return result.Length <= maxLength ? result : string.Concat(result.AsSpan(0, maxLength), "…");
    }

    private string? Usual(TemplateEvidence template, IncidentRecord incident)
    {
        if (context?.Template(template.TemplateId) is not { } history)
        {
            return null;
        }
        if (history.FirstSeen is not { } first || first >= incident.FirstSeen.AddMinutes(-10))
        {
            return "new: first seen with this incident";
        }
        // What the template did before the incident: its lifetime rate without the incident's own lines.
        long before = Math.Max(0, history.Count - template.Count);
        double hours = Math.Max(1, (incident.FirstSeen - first).TotalHours);
        double perHour = before / hours;
        return string.Create(CultureInfo.InvariantCulture, $"{before} lines since {first:yyyy-MM-dd}, about {perHour:0.##}/h");
    }

    private PackMetric? Metric(IncidentRecord incident, int points)
    {
        Evidence evidence = incident.Evidence;
        if (evidence.Metric is not { } series || evidence.MetricWindow.Count == 0)
        {
            return null;
        }
        IReadOnlyList<MetricPoint> window = evidence.MetricWindow;
        var values = new List<double>(points);
        // Evenly spaced picks (always the last one): the curve's shape in a handful of numbers.
        for (int i = 0; i < points && i < window.Count; i++)
        {
            int index = window.Count <= points ? i : (int)Math.Round(i * (window.Count - 1) / (double)(points - 1));
            values.Add(Math.Round(window[index].Value, 2));
        }
        DateTimeOffset from = window[0].Timestamp;
        DateTimeOffset to = window[^1].Timestamp;
        string? usual = context?.Metric(series, incident.Host, from.AddDays(-1), to.AddDays(-1)) is { Points: > 0 } earlier
            ? string.Create(CultureInfo.InvariantCulture, $"a day earlier: min {earlier.Min:0.##}, mean {earlier.Mean:0.##}, max {earlier.Max:0.##}")
            : null;
        return new PackMetric(
            series,
            Time(from),
            Time(to),
            Math.Round(window.Min(p => p.Value), 2),
            Math.Round(window.Max(p => p.Value), 2),
            Math.Round(window[^1].Value, 2),
            values,
            usual);
    }

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>What makes the incident what it is, not how far it has got: see <see cref="PackedEvidence.Digest"/>.</summary>
    public static string Digest(IncidentRecord incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var builder = new StringBuilder();
        builder.Append(incident.Kind).Append('\n').Append(IncidentNames.Of(incident.Severity)).Append('\n');
        foreach (string key in incident.Findings.Select(f => f.Fingerprint).Order(StringComparer.Ordinal))
        {
            builder.Append(key).Append(',');
        }
        builder.Append('\n');
        foreach (int id in incident.Evidence.Templates.Select(t => t.TemplateId).Order())
        {
            builder.Append(id).Append(',');
        }
        builder.Append('\n').Append(incident.Evidence.Metric);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString()));
        return Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }
}
