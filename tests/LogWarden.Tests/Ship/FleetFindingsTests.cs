using System.Text.Json;
using LogWarden.Collect.LokiPush;
using LogWarden.Daemon;
using LogWarden.Detect.Incidents;
using LogWarden.Store;
using LogWarden.Tests.Detect.Scenarios;
using LogWarden.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LogWarden.Tests.Ship;

/// <summary>
/// Who judges an agent's lines: an agent that detects (the default) ships its own findings on its reserved
/// findings stream and the central only correlates them; an agent that ships with detection off leaves its lines
/// to the central's detectors. Real agent and central daemons on loopback, the central on either store.
/// </summary>
public sealed class FleetFindingsTests : IDisposable
{
    private const string Attacker = "203.0.113.7";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("logwarden-fleetfindings-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<List<string>> WriteBruteForceAsync(FleetNodes fleet, string host)
    {
        var attack = new AttackLines(DateTimeOffset.UtcNow.AddMinutes(-4), host);
        for (int i = 0; i < 15; i++)
        {
            attack.SshFailures(Attacker, i % 2 == 0 ? "root" : "admin", tries: 3).WaitSeconds(1);
        }
        Directory.CreateDirectory(fleet.LogDirectory(host));
        await File.AppendAllLinesAsync(Path.Combine(fleet.LogDirectory(host), "auth.log"), attack.Lines);
        return attack.Lines;
    }

    /// <summary>A central on <paramref name="location"/>, one agent shipping to it, and a brute force written to the agent's log.</summary>
    private async Task<(FleetNodes Fleet, DaemonDetection Central, List<string> Lines)> AttackOneAgentAsync(TestStoreLocation location, string host, string agentExtra = "")
    {
        var fleet = new FleetNodes(_dir);
        await fleet.StartCentralAsync(location.Yaml);
        await fleet.StartAgentAsync(host, extra: agentExtra);
        List<string> lines = await WriteBruteForceAsync(fleet, host);
        return (fleet, fleet.Services("central").GetRequiredService<DaemonDetection>(), lines);
    }

    private static bool NamesAttackOn(IncidentRecord incident, string host) =>
        incident.Host == host && incident.Entities.TryGetValue("ip", out IReadOnlyList<string>? ips) && ips.Contains(Attacker);

    [Theory]
    [InlineData(StoreKindUnderTest.Embedded)]
    [InlineData(StoreKindUnderTest.Postgres)]
    public async Task A_detecting_agents_brute_force_reaches_the_central_as_its_own_finding_and_the_central_judges_none_of_its_lines(StoreKindUnderTest centralStore)
    {
        using var location = new TestStoreLocation(centralStore);
        (FleetNodes fleet, DaemonDetection central, List<string> lines) = await AttackOneAgentAsync(location, "web1");
        await using var stop = fleet;
        await Eventually.TrueAsync(() => central.OpenIncidents().Any(i => NamesAttackOn(i, "web1")), "web1's brute-force incident at the central", Patience);
        await Eventually.TrueAsync(() => central.Counters.Lines >= lines.Count, "every line of web1 stored and seen at the central", Patience);

        Assert.True(central.Counters.ShippedFindings > 0);
        Assert.Equal(0, central.Counters.DetectedLines); // web1 judged its own lines; the central only took its findings
        Assert.True(fleet.Services("central").GetRequiredService<AgentDetectionModes>().DetectsLocally("web1"));
        // The findings are lines of web1's reserved stream at the central too: stored, searchable, shipped exactly once.
        ILogStore store = fleet.Services("central").GetRequiredService<ILogStore>();
        List<SearchHit> shipped = [.. store.Search(new SearchQuery { Labels = [new LabelMatcher(LokiRecordBuilder.KindLabel, LokiRecordBuilder.FindingsKind), new LabelMatcher("host", "web1")], Limit = 1000 })];
        Assert.Contains(shipped, h => h.Line.Contains(Attacker, StringComparison.Ordinal));
        // The agent's own detection did not judge its findings stream as log lines (no finding about it).
        DaemonDetection agent = fleet.Services("web1").GetRequiredService<DaemonDetection>();
        Assert.DoesNotContain(agent.OpenIncidents(), i => i.Entities.Values.Any(v => v.Any(e => e.Contains(LokiRecordBuilder.FindingsKind, StringComparison.Ordinal))));

        // The central's search takes a host: web1's lines are found under web1 and under no other host.
        JsonElement web1 = await fleet.GetAsync($"/api/v1/search?host=web1&q={Attacker}&limit=1000");
        Assert.NotEmpty(web1.GetProperty("lines").EnumerateArray());
        Assert.All(web1.GetProperty("lines").EnumerateArray(), l => Assert.Equal("web1", l.GetProperty("labels").GetProperty("host").GetString()));
        Assert.Empty((await fleet.GetAsync($"/api/v1/search?host=web9&q={Attacker}")).GetProperty("lines").EnumerateArray());

        // A restarted central still knows that web1 detects before web1 pushes again (the agent is stopped): the
        // mode was committed with web1's lines.
        await fleet.StopAsync("web1");
        await fleet.StopAsync("central");
        await fleet.StartCentralAsync(location.Yaml);
        Assert.True(fleet.Services("central").GetRequiredService<AgentDetectionModes>().DetectsLocally("web1"));
        Assert.False(fleet.Services("central").GetRequiredService<AgentDetectionModes>().DetectsLocally("web2"));
    }

    [Theory]
    [InlineData(StoreKindUnderTest.Embedded)]
    [InlineData(StoreKindUnderTest.Postgres)]
    public async Task An_agent_shipping_with_detection_off_has_its_lines_judged_by_the_central(StoreKindUnderTest centralStore)
    {
        using var location = new TestStoreLocation(centralStore);
        (FleetNodes fleet, DaemonDetection central, List<string> lines) = await AttackOneAgentAsync(location, "web2", "detect: {disabled: [rules, scenarios, baseline, metrics]}");
        await using var stop = fleet;
        await Eventually.TrueAsync(() => central.OpenIncidents().Any(i => NamesAttackOn(i, "web2")), "web2's brute-force incident found by the central", Patience);

        Assert.True(central.Counters.DetectedLines >= lines.Count - 5, $"{central.Counters.DetectedLines} of {lines.Count} lines judged at the central");
        Assert.Equal(0, central.Counters.ShippedFindings);
        Assert.False(fleet.Services("central").GetRequiredService<AgentDetectionModes>().DetectsLocally("web2"));
        Assert.Empty(fleet.Services("web2").GetRequiredService<DaemonDetection>().OpenIncidents());
    }
}
