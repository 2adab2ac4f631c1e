using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LogWarden.Tests.Support.Replay;

/// <summary>One finding as <c>logwarden analyze --json</c> prints it (one JSON object per line).</summary>
internal sealed record ReplayFinding
{
    public required DateTimeOffset Timestamp { get; init; }

    public required string Severity { get; init; }

    public required string Kind { get; init; }

    public string Title { get; init; } = "";

    /// <summary>Entity name and value pairs (an array value gives one pair per element).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entities { get; init; } = [];

    /// <summary>The incident id the tracker put it in, if any.</summary>
    public string? Incident { get; init; }

    /// <summary>The evidence object's JSON text (searched by <c>text</c> requirements).</summary>
    public string Evidence { get; init; } = "";

    /// <summary>Warning and critical findings are alerts; info findings are recorded, not notified.</summary>
    public bool IsAlert => Severity.Equals("warning", StringComparison.OrdinalIgnoreCase) || Severity.Equals("critical", StringComparison.OrdinalIgnoreCase);

    /// <summary>Kind and sorted entities: what identifies "the same finding again" when it carries no incident id.</summary>
    public string Key => Kind + "{" + string.Join(',', Entities.Select(e => e.Key + "=" + e.Value).Order(StringComparer.Ordinal)) + "}";

    public string EntityText => string.Join(' ', Entities.Select(e => e.Key + "=" + e.Value));

    /// <summary>Reads analyze's JSON lines; lines that are not JSON objects are counted in <paramref name="malformed"/>.</summary>
    public static List<ReplayFinding> ParseJsonLines(string text, out int malformed)
    {
        var findings = new List<ReplayFinding>();
        malformed = 0;
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                if (TryRead(document.RootElement, out ReplayFinding? finding))
                {
                    findings.Add(finding);
                }
                else
                {
                    malformed++;
                }
            }
            catch (JsonException)
            {
                malformed++;
            }
        }

        return findings;
    }

    private static bool TryRead(JsonElement e, out ReplayFinding finding)
    {
        finding = null!;
        if (e.ValueKind != JsonValueKind.Object
            || !e.TryGetProperty("ts", out JsonElement ts) || ts.ValueKind != JsonValueKind.String
            || !DateTimeOffset.TryParse(ts.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time)
            || !e.TryGetProperty("severity", out JsonElement severity) || severity.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var entities = new List<KeyValuePair<string, string>>();
        if (e.TryGetProperty("entities", out JsonElement map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in map.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement item in property.Value.EnumerateArray())
                    {
                        entities.Add(new(property.Name, Text(item)));
                    }
                }
                else
                {
                    entities.Add(new(property.Name, Text(property.Value)));
                }
            }
        }

        finding = new ReplayFinding
        {
            Timestamp = time,
            Severity = severity.GetString()!,
            Kind = e.TryGetProperty("kind", out JsonElement kind) ? Text(kind) : "",
            Title = e.TryGetProperty("title", out JsonElement title) ? Text(title) : "",
            Entities = entities,
            Incident = e.TryGetProperty("incident", out JsonElement incident) && incident.ValueKind is not JsonValueKind.Null ? Text(incident) : null,
            Evidence = e.TryGetProperty("evidence", out JsonElement evidence) ? evidence.GetRawText() : "",
        };
        return true;
    }

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}

/// <summary>How lenient the scorer is in time.</summary>
internal sealed record ScoreOptions
{
    /// <summary>A detection counts when raised within this long after the incident's start (its delay counts either way).</summary>
    public TimeSpan Tolerance { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Alerts about an incident's entities this long after its last line are still about it (re-raises, late correlations).</summary>
    public TimeSpan Aftermath { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Timestamps are rounded differently by writers and readers: a detection may appear this much before the start.</summary>
    public TimeSpan Slack { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>How one injected incident fared.</summary>
internal sealed record IncidentResult(InjectedIncident Incident, ReplayFinding? Detection, IReadOnlyList<ReplayFinding> NearbyAlerts)
{
    public bool Detected => Detection is not null;

    public TimeSpan? Delay => Detection is null ? null : Detection.Timestamp - Incident.Start < TimeSpan.Zero ? TimeSpan.Zero : Detection.Timestamp - Incident.Start;
}

/// <summary>An alert about nothing that was injected: the findings of one group (one incident id, or one finding key).</summary>
internal sealed record FalseAlert(string Host, string Group, IReadOnlyList<ReplayFinding> Findings, PlantedNearMiss? NearMiss);

/// <summary>
/// Scores analyze's findings against a replay's ground truth.
/// <list type="bullet">
/// <item><b>Detection</b>: an alert (warning or critical) raised within [start, start + tolerance] on the
/// incident's host (a finding's host is its <c>host</c> entity, else the host directory in its source or path,
/// else the only host) that satisfies every requirement of the incident (see <see cref="EntityOption"/>). The
/// finding's kind is free: detectors name kinds their own way; what they must get right is who and what.</item>
/// <item><b>Delay</b>: the first detection's <c>ts</c> minus the incident's start; p95 by nearest rank over detected incidents.</item>
/// <item><b>False alerts</b>: alerts raised in the test period that no incident explains. An incident
/// explains an alert on its host from its first line (less a minute) to its last line plus the aftermath
/// when the alert names one of its expected or related entity values (as an entity, or in its title); and
/// an alert that shares its incident id with an explained alert inside that window. What is left is
/// grouped by incident id (one notification each, the tracker does not notify again for the same
/// incident) or, for findings without one, by kind and entities, and counted per host per test day.
/// Strict on purpose: an alert that names the right thing at the wrong time, or another entity than the
/// incident's, is a false alert.</item>
/// </list>
/// </summary>
internal sealed class ReplayScore
{
    private const string UnknownHost = "(unknown host)";

    private ReplayScore(ReplayTruth truth, IReadOnlyList<IncidentResult> results, IReadOnlyList<FalseAlert> falseAlerts, int learningAlerts, int findings, int alerts)
    {
        Truth = truth;
        Results = results;
        FalseAlerts = falseAlerts;
        LearningAlerts = learningAlerts;
        Findings = findings;
        Alerts = alerts;
    }

    public ReplayTruth Truth { get; }

    public IReadOnlyList<IncidentResult> Results { get; }

    public IReadOnlyList<FalseAlert> FalseAlerts { get; }

    /// <summary>Alerts raised while learning (before the test period): reported, not scored.</summary>
    public int LearningAlerts { get; }

    public int Findings { get; }

    public int Alerts { get; }

    public double Recall => Results.Count == 0 ? 1 : Results.Count(r => r.Detected) / (double)Results.Count;

    /// <summary>p95 of the detection delays (nearest rank), over detected incidents; null when none was detected.</summary>
    public TimeSpan? P95Delay => Percentile(Results.Where(r => r.Detected).Select(r => r.Delay!.Value), 0.95);

    /// <summary>False alerts per test day for every host (and for alerts that name no known host).</summary>
    public IReadOnlyDictionary<string, double> FalseAlertsPerHostDay
    {
        get
        {
            var perHost = Truth.Hosts.ToDictionary(h => h, _ => 0.0);
            foreach (FalseAlert alert in FalseAlerts)
            {
                perHost[alert.Host] = perHost.GetValueOrDefault(alert.Host) + (1 / Truth.TestDays);
            }

            return perHost;
        }
    }

    public double WorstFalseAlertsPerHostDay => FalseAlertsPerHostDay.Values.DefaultIfEmpty(0).Max();

    /// <summary>The issue's bars: recall ≥ 95 %, ≤ 1 false alert per host per day, p95 delay ≤ 60 s.</summary>
    public bool MeetsBars => Recall >= 0.95 && WorstFalseAlertsPerHostDay <= 1 && P95Delay is TimeSpan p95 && p95 <= TimeSpan.FromSeconds(60);

    public static ReplayScore Compute(ReplayTruth truth, IReadOnlyList<ReplayFinding> findings, ScoreOptions? options = null)
    {
        options ??= new ScoreOptions();
        var alerts = findings.Where(f => f.IsAlert).OrderBy(f => f.Timestamp).ToList();
        var hostOf = alerts.ToDictionary(f => f, f => HostOf(truth, f));

        var results = new List<IncidentResult>();
        foreach (InjectedIncident incident in truth.Incidents)
        {
            DateTimeOffset from = incident.Start - options.Slack;
            DateTimeOffset to = incident.Start + options.Tolerance;
            var window = alerts.Where(f => f.Timestamp >= from && f.Timestamp <= to && SameHost(hostOf[f], incident.Host)).ToList();
            ReplayFinding? detection = window.FirstOrDefault(f => Satisfies(f, incident.Expected));
            results.Add(new IncidentResult(incident, detection, window));
        }

        // Which alerts the incidents explain: directly, then through a shared incident id.
        var explainedBy = new Dictionary<ReplayFinding, InjectedIncident>();
        foreach (ReplayFinding alert in alerts)
        {
            foreach (InjectedIncident incident in truth.Incidents)
            {
                if (InWindow(alert, incident, options) && SameHost(hostOf[alert], incident.Host) && About(alert, incident))
                {
                    explainedBy[alert] = incident;
                    break;
                }
            }
        }

        foreach (ReplayFinding alert in alerts)
        {
            if (explainedBy.ContainsKey(alert) || alert.Incident is null)
            {
                continue;
            }

            foreach (var (other, incident) in explainedBy)
            {
                if (other.Incident == alert.Incident && InWindow(alert, incident, options))
                {
                    explainedBy[alert] = incident;
                    break;
                }
            }
        }

        var falseAlerts = alerts
            .Where(a => a.Timestamp >= truth.TestStart && !explainedBy.ContainsKey(a))
            .GroupBy(a => (Host: hostOf[a], Group: a.Incident is null ? "key " + a.Key : "incident " + a.Incident))
            .Select(g => new FalseAlert(g.Key.Host, g.Key.Group, [.. g], NearestNearMiss(truth, g.First(), g.Key.Host)))
            .OrderBy(f => f.Findings[0].Timestamp)
            .ToList();
        int learning = alerts.Count(a => a.Timestamp < truth.TestStart);
        return new ReplayScore(truth, results, falseAlerts, learning, findings.Count, alerts.Count);
    }

    private static bool InWindow(ReplayFinding alert, InjectedIncident incident, ScoreOptions options) =>
        alert.Timestamp >= incident.Begin - TimeSpan.FromMinutes(1) && alert.Timestamp <= incident.End + options.Aftermath;

    /// <summary>
    /// Is the alert about the incident at all: does it name one of its expected or related entities, as an
    /// entity or in its title (a finding titled "x.service: Main process exited…" that forgot the unit entity
    /// is an incomplete alert about the incident, not a false one; it still does not count as detection)?
    /// </summary>
    private static bool About(ReplayFinding alert, InjectedIncident incident)
    {
        foreach (EntityOption option in incident.Expected.SelectMany(r => r.AnyOf).Concat(incident.Related))
        {
            if (Names(alert, option)
                || (option.Value.Length >= 4 && option.Value != "/" && alert.Title.Contains(option.Value, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameHost(string findingHost, string incidentHost) => findingHost == UnknownHost || findingHost == incidentHost;

    /// <summary>The host a finding is about: its host entity, else the host directory in a source or path, else the only host.</summary>
    public static string HostOf(ReplayTruth truth, ReplayFinding finding)
    {
        foreach (var (key, value) in finding.Entities)
        {
            if (key == "host" && truth.Hosts.FirstOrDefault(h => h.Equals(value, StringComparison.OrdinalIgnoreCase)) is string host)
            {
                return host;
            }
        }

        foreach (var (key, value) in finding.Entities)
        {
            if (key is "source" or "path")
            {
                string normalised = value.Replace('\\', '/');
                foreach (string host in truth.Hosts)
                {
                    if (normalised.Contains('/' + host + '/', StringComparison.Ordinal) || normalised.StartsWith(host + '/', StringComparison.Ordinal))
                    {
                        return host;
                    }
                }
            }
        }

        return truth.Hosts.Count == 1 ? truth.Hosts[0] : UnknownHost;
    }

    /// <summary>Every requirement holds (one of its options is named).</summary>
    public static bool Satisfies(ReplayFinding finding, IReadOnlyList<EntityRequirement> expected) =>
        expected.Count > 0 && expected.All(requirement => requirement.AnyOf.Any(option => Names(finding, option)));

    /// <summary>Does the finding name this entity (by the comparison rules of <see cref="EntityOption"/>)?</summary>
    public static bool Names(ReplayFinding finding, EntityOption option)
    {
        if (option.Key == "text")
        {
            return finding.Title.Contains(option.Value, StringComparison.OrdinalIgnoreCase)
                || finding.Evidence.Contains(option.Value, StringComparison.OrdinalIgnoreCase)
                || finding.Entities.Any(e => e.Value.Contains(option.Value, StringComparison.OrdinalIgnoreCase));
        }

        foreach (var (key, value) in finding.Entities)
        {
            if (option.Key == "*" ? AnyValueMatches(value, option.Value) : key == option.Key && ValueMatches(key, value, option.Value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ValueMatches(string key, string actual, string expected) => key switch
    {
        "ip" => Address(actual) == Address(expected),
        "unit" => Unit(actual) == Unit(expected),
        "process" => Process(actual) == Process(expected),
        "source" => ContainsPath(actual, expected),
        "path" => PathCovers(actual, expected),
        _ => actual.Equals(expected, StringComparison.OrdinalIgnoreCase),
    };

    private static bool AnyValueMatches(string actual, string expected) =>
        actual.Equals(expected, StringComparison.OrdinalIgnoreCase) || Address(actual) == Address(expected) || Device(actual, expected);

    private static string Address(string value)
    {
        string v = value.Trim().Trim('[', ']').ToLowerInvariant();
        return v.StartsWith("::ffff:", StringComparison.Ordinal) && v.Contains('.', StringComparison.Ordinal) ? v[7..] : v;
    }

    private static string Unit(string value)
    {
        string v = value.Trim().ToLowerInvariant();
        return v.EndsWith(".service", StringComparison.Ordinal) ? v[..^8] : v;
    }

    private static string Process(string value)
    {
        string v = value.Trim().ToLowerInvariant();
        int slash = v.LastIndexOf('/');
        return slash >= 0 && slash < v.Length - 1 && v.StartsWith('/') ? v[(slash + 1)..] : v;
    }

    /// <summary>
    /// A device named with or without <c>/dev/</c>, one of its partitions (<c>sdb1</c>, <c>nvme1n1p1</c>), or for
    /// an NVMe namespace its controller (<c>nvme1</c> for <c>nvme1n1</c>: the kernel names both in one error).
    /// </summary>
    private static bool Device(string actual, string expected)
    {
        string a = actual.StartsWith("/dev/", StringComparison.Ordinal) ? actual[5..] : actual;
        string e = expected.StartsWith("/dev/", StringComparison.Ordinal) ? expected[5..] : expected;
        if (e.Length < 3)
        {
            return false;
        }

        if (a.StartsWith(e, StringComparison.Ordinal))
        {
            return DigitsAfter(a.AsSpan(e.Length), 'p');
        }

        return e.StartsWith("nvme", StringComparison.Ordinal) && a.Length > 4 && e.StartsWith(a, StringComparison.Ordinal) && DigitsAfter(e.AsSpan(a.Length), 'n');
    }

    /// <summary>Is <paramref name="rest"/> empty, or digits after an optional <paramref name="prefix"/> (a partition, a namespace)?</summary>
    private static bool DigitsAfter(ReadOnlySpan<char> rest, char prefix)
    {
        if (rest.Length > 0 && rest[0] == prefix)
        {
            rest = rest[1..];
            if (rest.Length == 0)
            {
                return false;
            }
        }

        foreach (char c in rest)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A source value (a path, or a stream key that holds one) names <paramref name="relative"/> (a path below
    /// the logs directory, <c>web1/nginx/access.log</c>) when it holds it as a whole path suffix, possibly with a
    /// rotation suffix (<c>.1</c>, <c>.2.gz</c>).
    /// </summary>
    public static bool ContainsPath(string value, string relative)
    {
        string v = value.Replace('\\', '/');
        int at = 0;
        while ((at = v.IndexOf(relative, at, StringComparison.Ordinal)) >= 0)
        {
            bool startsWhole = at == 0 || v[at - 1] is '/' or '"' or '=' or ' ' or '\'';
            int after = at + relative.Length;
            bool endsWhole = after == v.Length || v[after] is '"' or '\'' or ',' or '}' or ' ' or ')' or ']'
                || (v[after] == '.' && after + 1 < v.Length && char.IsAsciiDigit(v[after + 1]));
            if (startsWhole && endsWhole)
            {
                return true;
            }

            at = after;
        }

        return false;
    }

    /// <summary>A path names a file when it is that file or a directory (a mount point) above it.</summary>
    private static bool PathCovers(string actual, string expected)
    {
        string a = actual.TrimEnd('/');
        return a.Length == 0 || expected == actual || expected.StartsWith(a + "/", StringComparison.Ordinal);
    }

    private static PlantedNearMiss? NearestNearMiss(ReplayTruth truth, ReplayFinding alert, string host)
    {
        var nearby = truth.NearMisses
            .Where(n => (host == UnknownHost || n.Host == host) && alert.Timestamp >= n.Time - TimeSpan.FromMinutes(10) && alert.Timestamp <= n.Time + TimeSpan.FromMinutes(30))
            .ToList();
        return nearby.FirstOrDefault(n => n.Entities.Any(e => Names(alert, e)))
            ?? nearby.Where(n => (alert.Timestamp - n.Time).Duration() <= TimeSpan.FromMinutes(2)).MinBy(n => (alert.Timestamp - n.Time).Duration());
    }

    public static TimeSpan? Percentile(IEnumerable<TimeSpan> values, double quantile)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        int rank = (int)Math.Ceiling(quantile * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>A table per kind, the misses with the alerts seen around them, the false alerts, and the bars.</summary>
    public string Report()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"KIND",-30} {"N",3} {"FOUND",5} {"RECALL",7} {"P50",7} {"P95",7} {"MAX",7}  DETECTED AS");
        foreach (var group in Results.GroupBy(r => r.Incident.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var delays = group.Where(r => r.Detected).Select(r => r.Delay!.Value).ToList();
            string kinds = string.Join(", ", group.Where(r => r.Detected).Select(r => r.Detection!.Kind).Distinct());
            sb.AppendLine(CultureInfo.InvariantCulture, $"{group.Key,-30} {group.Count(),3} {delays.Count,5} {Percent(delays.Count / (double)group.Count(), 0),7} {Seconds(Percentile(delays, 0.5)),7} {Seconds(Percentile(delays, 0.95)),7} {Seconds(delays.Count == 0 ? null : delays.Max()),7}  {kinds}");
        }

        sb.AppendLine();
        foreach (IncidentResult miss in Results.Where(r => !r.Detected))
        {
            InjectedIncident i = miss.Incident;
            sb.AppendLine(CultureInfo.InvariantCulture, $"MISSED {i.Id} at {i.Start:yyyy-MM-dd HH:mm:ss}Z: {i.Description}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"       expected: {IncidentInjector.Describe(i.Expected)}");
            foreach (ReplayFinding f in miss.NearbyAlerts.Take(3))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"       alert nearby: {f.Timestamp:HH:mm:ss} {f.Severity} {f.Kind} [{f.EntityText}] {f.Title}");
            }
        }

        foreach (FalseAlert alert in FalseAlerts)
        {
            ReplayFinding f = alert.Findings[0];
            string nearMiss = alert.NearMiss is null ? "" : $" (near-miss: {alert.NearMiss.Kind})";
            sb.AppendLine(CultureInfo.InvariantCulture, $"FALSE  {alert.Host} {f.Timestamp:yyyy-MM-dd HH:mm:ss}Z {f.Severity} {f.Kind} [{f.EntityText}] ×{alert.Findings.Count}{nearMiss}: {f.Title}");
        }

        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"incidents {Results.Count}, detected {Results.Count(r => r.Detected)}: recall {Percent(Recall, 1)} (bar ≥ 95%)");
        sb.AppendLine(CultureInfo.InvariantCulture, $"p95 detection delay {Seconds(P95Delay)} s of log time (bar ≤ 60 s)");
        sb.AppendLine(CultureInfo.InvariantCulture, $"false alerts per host per day: {string.Join(", ", FalseAlertsPerHostDay.Select(p => $"{p.Key} {p.Value:F1}"))} (bar ≤ 1)");
        sb.AppendLine(CultureInfo.InvariantCulture, $"findings {Findings}, alerts {Alerts} ({LearningAlerts} while learning, not scored)");
        sb.AppendLine(MeetsBars ? "BARS MET" : "BARS NOT MET");
        return sb.ToString();
    }

    private static string Percent(double share, int decimals) => (share * 100).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "%";

    private static string Seconds(TimeSpan? value) => value is TimeSpan v ? v.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture) : "-";
}
