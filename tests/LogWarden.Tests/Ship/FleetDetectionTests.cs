using System.Text.Json;
using LogWarden.Detect.Fleet;
using LogWarden.Tests.Detect.Scenarios;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Ship;

/// <summary>
/// Cross-host detection end to end: agent daemons follow real files and ship (lines, metrics, heartbeats) to a
/// central daemon over the Loki push protocol on loopback; the central's REST API is asked what it found.
/// </summary>
public sealed class FleetDetectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("logwarden-fleetdetect-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static async Task WriteAsync(FleetNodes fleet, string host, IEnumerable<string> lines)
    {
        Directory.CreateDirectory(fleet.LogDirectory(host));
        await File.AppendAllLinesAsync(Path.Combine(fleet.LogDirectory(host), "app.log"), lines);
    }

    [Fact]
    public async Task The_same_address_failing_ssh_logins_on_three_agents_is_one_fleet_incident_naming_the_three_hosts()
    {
        await using var fleet = new FleetNodes(_dir);
        await fleet.StartCentralAsync();
        string[] hosts = ["web1", "web2", "db1"];
        foreach (string host in hosts)
        {
            await fleet.StartAgentAsync(host);
        }

        foreach (string host in hosts)
        {
            var attack = new AttackLines(DateTimeOffset.UtcNow.AddMinutes(-4), host);
            for (int i = 0; i < 15; i++)
            {
                attack.SshFailures("203.0.113.7", i % 2 == 0 ? "root" : "admin", tries: 3).WaitSeconds(1);
            }
            await WriteAsync(fleet, host, attack.Lines);
        }

        List<JsonElement> incidents = [];
        await Eventually.TrueAsync(
            async () => (incidents = await fleet.IncidentsAsync()).Any(i => FleetNodes.FindingKinds(i).Contains(FleetCorrelator.AttackKind) && FleetNodes.Entity(i, "host").Count() == 3),
            "a fleet incident naming three hosts", Patience);

        JsonElement incident = Assert.Single(incidents, i => FleetNodes.Entity(i, "ip").Contains("203.0.113.7"));
        Assert.Equal(hosts.Order(), FleetNodes.Entity(incident, "host").Order());
        Assert.Equal("critical", incident.GetProperty("incident").GetProperty("severity").GetString());
        Assert.Contains("203.0.113.7 attacks 3 hosts", incident.GetProperty("incident").GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_error_template_on_two_agents_is_one_incident()
    {
        await using var fleet = new FleetNodes(_dir);
        await fleet.StartCentralAsync("detect: {learning_period: 1h}");
        DateTimeOffset now = DateTimeOffset.UtcNow;
        foreach (string host in new[] { "app1", "app2" })
        {
            // Two hours of routine (in log time) teach the central each host's normal; then the release's new error.
            var log = new AttackLines(now.AddHours(-2), host);
            while (log.Now < now.AddSeconds(-30))
            {
                log.Syslog("shop", 311, $"order {log.Now.Second * 7} shipped to warehouse {log.Now.Minute % 5}");
                log.WaitSeconds(20);
            }
            log.Wait(now.AddSeconds(-20) - log.Now);
            for (int i = 0; i < 6; i++)
            {
                log.Syslog("shop", 311, $"checkout failed: schema field 'discount_code' missing in response {i}");
                log.WaitSeconds(3);
            }
            List<string> lines = log.Lines;
            await WriteAsync(fleet, host, lines);
            // Each agent detects on its own lines (the default) and ships the new error as its finding.
            await fleet.StartAgentAsync(host, extra: "detect: {learning_period: 1h}");
        }

        List<JsonElement> incidents = [];
        await Eventually.TrueAsync(
            async () => (incidents = await fleet.IncidentsAsync()).Any(i => FleetNodes.FindingKinds(i).Contains(FleetCorrelator.NewErrorKind)),
            "a fleet incident of the new error", Patience);

        JsonElement incident = Assert.Single(incidents, i => FleetNodes.FindingKinds(i).Contains("new-error-template"));
        Assert.Equal(["app1", "app2"], FleetNodes.Entity(incident, "host").Order());
        JsonElement fleetFinding = Assert.Single(incident.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() == FleetCorrelator.NewErrorKind);
        Assert.StartsWith("New error on 2 hosts (app", fleetFinding.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Contains("checkout failed", fleetFinding.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stopped_agent_is_a_host_stopped_reporting_incident_resolved_when_it_restarts()
    {
        await using var fleet = new FleetNodes(_dir);
        await fleet.StartCentralAsync("fleet: {silent_after: 2s}");
        await fleet.StartAgentAsync("web1");
        await fleet.StartAgentAsync("web2");
        await Task.Delay(TimeSpan.FromSeconds(6)); // a few heartbeats: each host's cadence is learnt

        await fleet.StopAsync("web2");
        JsonElement? silent = null;
        await Eventually.TrueAsync(
            async () => (silent = (await fleet.IncidentsAsync()).Where(i => FleetNodes.FindingKinds(i).Contains(HostSilenceDetector.SilentKind)).Select(i => (JsonElement?)i).FirstOrDefault()) is not null,
            "a host-silent incident", Patience);
        JsonElement opened = silent!.Value.GetProperty("incident");
        Assert.Equal("web2", opened.GetProperty("host").GetString());
        Assert.Equal("open", opened.GetProperty("status").GetString());
        Assert.StartsWith("web2 stopped reporting", opened.GetProperty("title").GetString(), StringComparison.Ordinal);
        long id = opened.GetProperty("id").GetInt64();

        await fleet.StartAgentAsync("web2");
        await Eventually.TrueAsync(
            async () => (await fleet.GetAsync($"/api/v1/incidents/{id}")).GetProperty("incident").GetProperty("status").GetString() == "resolved",
            "the incident resolved once web2 reports again", Patience);
        Assert.DoesNotContain(await fleet.IncidentsAsync(), i => FleetNodes.Entity(i, "host").Contains("web1"));
    }

    [Fact]
    public async Task Metrics_of_two_agents_are_on_the_centrals_api_per_host_and_among_its_hosts()
    {
        await using var fleet = new FleetNodes(_dir);
        await fleet.StartCentralAsync();
        await fleet.StartAgentAsync("web1", hostMetrics: true);
        await fleet.StartAgentAsync("db1", hostMetrics: true);

        static IEnumerable<(string Host, int Points)> Series(JsonElement response) =>
            response.GetProperty("series").EnumerateArray().Select(s => (s.GetProperty("host").GetString()!, s.GetProperty("values").EnumerateArray().Count(v => v.ValueKind == JsonValueKind.Number)));

        await Eventually.TrueAsync(
            async () => Series(await fleet.GetAsync("/api/v1/metrics?name=memory_used_percent&points=60")).Count(s => s.Points >= 1) == 2,
            "memory of both agents at the central", Patience);

        (string host, int points) = Assert.Single(Series(await fleet.GetAsync("/api/v1/metrics?name=memory_used_percent&host=db1&points=60")));
        Assert.Equal("db1", host);
        Assert.True(points >= 1);

        // The dashboard's Resources page offers the hosts /health lists.
        await Eventually.TrueAsync(
            async () => (await fleet.GetAsync("/api/v1/health")).GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("host").GetString()).Order().SequenceEqual(["db1", "web1"]),
            "both agents among the central's hosts", Patience);
    }
}
