using System.Globalization;
using LogWarden.Alert;
using LogWarden.Detect.Incidents;
using LogWarden.Store;

namespace LogWarden.Respond;

/// <summary>How a playbook's `notify` step tells people what was done.</summary>
internal interface IResponseNotifier
{
    /// <summary>Sends what <paramref name="steps"/> did about <paramref name="incident"/>; returns the channels it went to.</summary>
    IReadOnlyList<string> Notify(IncidentRecord incident, IReadOnlyList<ResponseActionRecord> steps);
}

/// <summary>
/// `notify` through the alert outbox (Alert/): one message per channel the incident's alerts are routed to,
/// written durably (a channel down gets it when it is back, also after a restart) and delivered by the
/// alert delivery worker like any alert. The message is the incident's, titled as a response, with one line
/// per step taken (action, arguments, result) in place of the findings.
/// </summary>
internal sealed class OutboxResponseNotifier(IAlertOutbox outbox, AlertRouter router, Func<long, string> linkOf, TimeProvider time, Action<string> wake) : IResponseNotifier
{
    public IReadOnlyList<string> Notify(IncidentRecord incident, IReadOnlyList<ResponseActionRecord> steps)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(steps);
        List<string> channels = [.. router.Route(AlertLabels.Of(incident)).Select(t => t.Channel)];
        if (channels.Count == 0)
        {
            return channels;
        }
        AlertMessage message = AlertMessage.From(incident, AlertNotice.Response, linkOf(incident.Id), explanation: null) with
        {
            Title = "LogWarden responded: " + incident.Title,
            Findings = [.. steps.Take(AlertMessage.MaxFindings).Select(s => new AlertFinding($"{s.Action} {s.Arguments.Split('\n')[0]}: {s.Result}", s.Result, 1))],
            FindingCount = steps.Count,
        };
        DateTimeOffset now = time.GetUtcNow();
        string payload = message.ToJson();
        // One message per set of steps: the last step's audit id tells a later notify of the same incident apart.
        string key = string.Create(CultureInfo.InvariantCulture, $"response:{incident.Id}:{(steps.Count > 0 ? steps[^1].Id : 0)}");
        outbox.Enqueue([.. channels.Select(c => new OutboxEntry(key + ":" + c, c, incident.Id, AlertNotice.Response, message.Severity, now, now, payload))]);
        foreach (string channel in channels)
        {
            wake(channel);
        }
        return channels;
    }
}
