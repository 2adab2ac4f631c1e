using LogWarden.Detect;
using LogWarden.Tests.Support;
using Xunit.Abstractions;

namespace LogWarden.Tests.Detect.Scenarios;

/// <summary>
/// The scenarios over the shared security corpus (fail2ban's sample logs: a few lines per service, years
/// apart): a sanity check, not tuning. It prints which scenarios fire on which file.
/// </summary>
public sealed class SecurityCorpusScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_file_of_the_security_corpus_runs_and_every_finding_names_its_entities()
    {
        string directory = Path.Combine(SharedData.Root(), "security");
        var summaries = new Dictionary<string, List<Finding>>();
        foreach (string file in Directory.GetFiles(directory, "*.log").Order(StringComparer.Ordinal))
        {
            var harness = new ScenarioHarness();
            harness.FeedFile(file);
            if (harness.Lines > 0)
            {
                harness.AdvanceTo(harness.Findings.Select(f => f.LastSeen).DefaultIfEmpty(DateTimeOffset.UnixEpoch).Max().AddHours(1));
            }

            Assert.All(harness.Findings, f => Assert.NotEmpty(f.Entities));
            Assert.All(harness.Findings, f => Assert.InRange(f.Evidence.Samples.Count, 0, Evidence.MaxSamples));
            var kinds = harness.Findings.GroupBy(f => (f.Kind, f.Severity)).Select(g => $"{g.Key.Kind} ({g.Key.Severity.ToString().ToLowerInvariant()}, {g.Select(f => f.Key).Distinct().Count()})");
            string line = $"{Path.GetFileName(file),-28} {harness.Lines,5} lines: {string.Join(", ", kinds)}";
            output.WriteLine(line);
            summaries[Path.GetFileName(file)] = [.. harness.Findings.Where(f => f.Kind == "auth-background")];
        }

        // A few lines name no program ("Mar  3 00:17:22 [sshd]: User root from …"): their service is unknown.
        var ssh = summaries["sshd.log"].Where(s => s.Entities.ContainsKey("service")).ToList();
        Assert.NotEmpty(ssh);
        Assert.All(ssh, s => Assert.Equal("ssh", s.Entities["service"]));
    }
}
