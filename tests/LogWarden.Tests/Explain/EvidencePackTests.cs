using System.Text.Json;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Explain;

namespace LogWarden.Tests.Explain;

public sealed class EvidencePackTests
{
    [Fact]
    public void A_huge_incident_is_cut_to_the_token_budget()
    {
        var samples = Enumerable.Range(0, 5).Select(i => $"line {i} " + new string('x', 500)).ToList();
        var templates = Enumerable.Range(0, 40).Select(i => new TemplateEvidence(i, $"template {i} with <*> and a long constant tail {new string('y', 150)}", 1000 - i)).ToList();
        var window = Enumerable.Range(0, 60).Select(i => new MetricPoint(SampleIncidents.Start.AddSeconds(30 * i), 50 + i * 0.75)).ToList();
        IncidentRecord incident = SampleIncidents.Make(
            "new-template", "New template in nginx", new Dictionary<string, string> { ["source"] = "nginx", ["host"] = "web1" },
            samples, templates, metric: "memory_used_percent", window: window);

        PackedEvidence pack = new EvidencePackBuilder(new EvidenceOptions { TokenBudget = 600 }).Build(incident);

        Assert.True(pack.Tokens <= 600, $"{pack.Tokens} tokens");
        Assert.True(pack.Pack.Templates.Count >= 1);
        Assert.True(pack.Pack.Samples.All(s => s.Length <= 241));
        Assert.NotNull(pack.Pack.Metric);
        Assert.Equal(94.25, pack.Pack.Metric!.Last);
        using JsonDocument parsed = JsonDocument.Parse(pack.Json);
        Assert.Equal("new-template", parsed.RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public void The_digest_ignores_counts_and_samples_moving_on_but_not_a_new_severity()
    {
        IncidentRecord first = SampleIncidents.SshBruteForce();
        IncidentRecord later = first with { Lines = 9000, Evidence = first.Evidence with { Samples = ["another line"] } };
        IncidentRecord escalated = first with { Severity = FindingSeverity.Critical };
        Assert.Equal(EvidencePackBuilder.Digest(first), EvidencePackBuilder.Digest(later));
        Assert.NotEqual(EvidencePackBuilder.Digest(first), EvidencePackBuilder.Digest(escalated));
    }

    [Fact]
    public void Templates_carry_what_is_usual_for_them_from_the_store_context()
    {
        var context = new FixedContext();
        PackedEvidence pack = new EvidencePackBuilder(new EvidenceOptions(), context).Build(SampleIncidents.SshBruteForce());
        PackTemplate usual = pack.Pack.Templates.Single(t => t.Id == 17);
        Assert.Contains("about 1/h", usual.Usual, StringComparison.Ordinal);
        Assert.Equal("new: first seen with this incident", pack.Pack.Templates.Single(t => t.Id == 18).Usual);
    }

    [Fact]
    public void Addresses_are_aliased_consistently_across_the_pack_when_asked()
    {
        PackedEvidence pack = new EvidencePackBuilder(new EvidenceOptions { PseudonymizeIps = true }).Build(SampleIncidents.SshBruteForce());
        Assert.DoesNotContain("203.0.113.7", pack.Json, StringComparison.Ordinal);
        Assert.Equal("public-ip-1", pack.Pack.Entities["ip"][0]);
        Assert.All(pack.Pack.Samples, s => Assert.Contains("public-ip-1", s, StringComparison.Ordinal));
        Assert.Equal("203.0.113.7", pack.Pseudonyms.Restore("public-ip-1"));
    }

    private sealed class FixedContext : IEvidenceContext
    {
        public TemplateHistory? Template(int templateId) => templateId switch
        {
            // 10 days before the incident, 240 lines before it: about 1 an hour.
            17 => new TemplateHistory(240 + 280, SampleIncidents.Start.AddDays(-10), SampleIncidents.Start.AddMinutes(12)),
            18 => new TemplateHistory(32, SampleIncidents.Start, SampleIncidents.Start.AddMinutes(12)),
            _ => null,
        };

        public MetricSummary? Metric(string series, string? host, DateTimeOffset from, DateTimeOffset to) => null;
    }
}
