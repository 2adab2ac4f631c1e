using LogWarden.Collect;
using LogWarden.Detect.Security;
using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Detect.Rules;

/// <summary>
/// Checks the sample lines rules carry (<c>examples</c>): each is decoded as a log line would be, and the
/// rule must match it (or must not, for <c>fires: false</c>) and extract the values it lists. The built-in
/// packs are held to their examples by the tests; `logwarden rules test` without files checks a user's.
/// </summary>
internal static class RuleExamples
{
    private static readonly DecodeContext Context = new("example", new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);

    /// <summary>One problem per example that does not behave as stated; empty when all do.</summary>
    public static List<string> Check(RuleSet rules, IEnumerable<Rule>? only = null)
    {
        var problems = new List<string>();
        var detector = new RuleDetector(rules);
        var miner = new TemplateMiner();
        foreach (Rule rule in only ?? rules.Rules)
        {
            foreach (RuleExample example in rule.Examples)
            {
                var record = FormatDetector.DecodeWithAnyFormat(example.Line, Context);
                var line = new LogObservation
                {
                    Record = record,
                    Labels = StreamLabels.Empty,
                    Time = record.Timestamp ?? Context.ReferenceTime,
                    Template = miner.Resolve(miner.Add(record.Message)),
                    Security = new SecurityEventRecognizer().Recognize(record),
                };
                var match = detector.Match(line).FirstOrDefault(m => m.Rule == rule);
                if (example.Fires && match.Rule is null)
                {
                    problems.Add($"{example.Origin}: rule '{rule.Id}' does not match its example (message: {record.Message})");
                }
                else if (!example.Fires && match.Rule is not null)
                {
                    problems.Add($"{example.Origin}: rule '{rule.Id}' matches an example it must not match");
                }
                else if (match.Rule is not null)
                {
                    foreach (var (name, expected) in example.Values)
                    {
                        if (!match.Values.TryGetValue(name, out string? actual) || actual != expected)
                        {
                            problems.Add($"{example.Origin}: rule '{rule.Id}' extracts {name}={actual ?? "(nothing)"}, the example says {expected}");
                        }
                    }
                }
            }
        }

        return problems;
    }
}
