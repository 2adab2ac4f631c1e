using System.Globalization;
using System.Text.Json;
using LogWarden.Detect.Incidents;

namespace LogWarden.Detect.Fleet;

/// <summary>
/// An agent's finding as one entry of its reserved findings stream (<c>{__lw_kind="findings", host=…}</c>): the
/// JSON line `analyze --json` prints (<see cref="FindingLine"/>), written by the agent and read back by the
/// central, which raises it into its own <see cref="FleetCorrelator"/> and tracker. Two things are the
/// central's to say, not the agent's: the host (the stream's, which an agent token can only set to its own),
/// and a template's identity (an agent's template id means nothing on another host: the template's text,
/// hashed, stands for it, so the same new error on two agents is one fleet key).
/// </summary>
internal static class ShippedFindings
{
    /// <summary>The finding as the agent ships it (one line of JSON).</summary>
    public static string Line(Finding finding, Incident incident, bool downgraded) =>
        JsonSerializer.Serialize(IncidentJson.Line(finding, incident, IncidentFingerprint.Of(finding.Key), downgraded), IncidentJson.Output.FindingLine);

    /// <summary>The finding an agent of <paramref name="host"/> shipped; null when the line is not one.</summary>
    public static Finding? Parse(string json, string host)
    {
        FindingLine? line;
        try
        {
            line = JsonSerializer.Deserialize(json, IncidentJson.Output.FindingLine);
        }
        catch (JsonException)
        {
            return null;
        }
        if (line is null || string.IsNullOrEmpty(line.Kind) || string.IsNullOrEmpty(line.Title) || line.Entities is null)
        {
            return null;
        }
        Evidence evidence = line.Evidence ?? Evidence.None;
        var entities = new Dictionary<string, string>(line.Entities, StringComparer.Ordinal) { [EntityNames.Host] = host };
        if (entities.ContainsKey(EntityNames.Template))
        {
            if (evidence.Templates.Count > 0 && evidence.Templates[0] is { Template.Length: > 0 } template)
            {
                entities[EntityNames.Template] = "t" + Mine.TokenHash.Of(template.Template).ToString("x16", CultureInfo.InvariantCulture);
            }
            else
            {
                entities.Remove(EntityNames.Template); // an id of the agent's own miner: no key across hosts
            }
        }
        return new Finding
        {
            Timestamp = line.Ts,
            Severity = IncidentNames.ParseSeverity(line.Severity),
            Kind = line.Kind,
            Title = line.Title,
            Entities = entities,
            FirstSeen = line.FirstSeen,
            LastSeen = line.LastSeen,
            Count = line.Count,
            Evidence = evidence,
            Detector = line.Detector ?? "",
        };
    }
}
