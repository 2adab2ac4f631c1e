using LogWarden.Detect;
using LogWarden.Detect.Security;

namespace LogWarden.Tests.Detect.Incidents;

/// <summary>
/// A small real detector for replay tests: counts authentication failures per address and raises a
/// warning on the line that makes <see cref="Threshold"/>, then re-raises the same key on every further
/// failure (as a detector that updates its count does). It also records what it observed, in order.
/// </summary>
internal sealed class FailureCountingDetector : ILogDetector
{
    private readonly Dictionary<string, (DateTimeOffset First, long Count, string Sample, int Template, string Text)> _failures = [];

    public int Threshold { get; init; } = 3;

    public string Name => "failure-counting";

    public List<(DateTimeOffset Time, string Labels, string Message)> Observed { get; } = [];

    public void Observe(LogObservation line, IFindingSink sink)
    {
        Observed.Add((line.Time, line.Labels.Key, line.Record.Message));
        if (line.Security is not { Kind: SecurityEventKinds.AuthFailure or SecurityEventKinds.InvalidUser, Ip: { } ip })
        {
            return;
        }
        (DateTimeOffset first, long count, string sample, _, _) = _failures.TryGetValue(ip, out var seen)
            ? seen
            : (line.Time, 0L, Evidence.Sample(line.Record), line.Template.Id, line.Template.Text);
        count++;
        _failures[ip] = (first, count, sample, line.Template.Id, line.Template.Text);
        if (count < Threshold)
        {
            return;
        }
        var entities = new Dictionary<string, string> { [EntityNames.Ip] = ip };
        if ((line.Record.Host ?? line.Labels["host"]) is { } host)
        {
            entities[EntityNames.Host] = host;
        }
        sink.Raise(new Finding
        {
            Timestamp = line.Time,
            Severity = FindingSeverity.Warning,
            Kind = "test-brute-force",
            Title = $"{count} authentication failures from {ip}",
            Entities = entities,
            FirstSeen = first,
            LastSeen = line.Time,
            Count = count,
            Evidence = new Evidence { Templates = [new TemplateEvidence(line.Template.Id, line.Template.Text, count)], Samples = [sample] },
            Detector = Name,
        });
    }

    public void Advance(DateTimeOffset now, IFindingSink sink)
    {
    }
}
