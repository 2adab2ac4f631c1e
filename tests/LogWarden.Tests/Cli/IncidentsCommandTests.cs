using System.Text.Json;
using LogWarden.Detect.Incidents;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Parse;
using LogWarden.Tests.Store;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Cli;

public sealed class IncidentsCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public IncidentsCommandTests()
    {
        // 1: brute force from 203.0.113.7 (open); 2: OOM kill with its memory curve (open); 3: resolved.
        using var store = EmbeddedStore.Open(_dir.Path, StoreTestData.SmallBlocks());
        PopulatedStore.RecordIncidents(store);
    }

    public void Dispose() => _dir.Dispose();

    private (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run([.. args, "--data", _dir.Path]);

    [Fact]
    public void The_listing_shows_open_incidents_newest_update_first_and_filters_by_status()
    {
        var (exit, output, errors) = Run("incidents");
        Assert.True(exit == 0, errors);
        string[] rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("    ID  STATUS", rows[0], StringComparison.Ordinal);
        Assert.Equal(3, rows.Length);
        Assert.Matches(@"^\s+2  open\s+critical\s+2026-11-25 12:00:00\s+2026-11-25 12:02:00\s+2\s+7  OOM killer killed java", rows[1]);
        Assert.Matches(@"^\s+1  open\s+warning .* SSH brute force from 203\.0\.113\.7", rows[2]);

        Assert.Equal(3, Run("incidents", "--status", "all").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
        Assert.Contains("198.51.100.9", Run("incidents", "--status", "resolved").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_lists_one_object_per_incident()
    {
        var (exit, output, _) = Run("incidents", "--json", "--status", "all");
        Assert.Equal(0, exit);
        List<JsonElement> incidents = [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
        Assert.Equal([3L, 2L, 1L], incidents.Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal("resolved", incidents[0].GetProperty("status").GetString());
        Assert.Equal("critical", incidents[1].GetProperty("severity").GetString());
        Assert.Equal("java", incidents[1].GetProperty("entities").GetProperty("process")[0].GetString());
        Assert.Equal(2, incidents[1].GetProperty("finding_count").GetInt32());
        Assert.False(incidents[1].TryGetProperty("findings", out _));
    }

    [Fact]
    public void Show_prints_one_incident_with_its_findings_and_evidence()
    {
        var (exit, output, errors) = Run("incidents", "show", "2");
        Assert.True(exit == 0, errors);
        Assert.StartsWith("#2  CRITICAL  open  metric-threshold", output, StringComparison.Ordinal);
        Assert.Contains("host=web1", output, StringComparison.Ordinal);
        Assert.Contains("process=java", output, StringComparison.Ordinal);
        Assert.Contains("critical oom-kill: OOM killer killed java", output, StringComparison.Ordinal);
        Assert.Contains("| Nov 25 12:00:00 web1 kernel: Out of memory: Killed process 812 (java)", output, StringComparison.Ordinal);
        Assert.Contains("memory_used_percent: 95 96.5 97.2", output, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(Run("incidents", "show", "2", "--json").Out);
        Assert.Equal(["metric-threshold", "oom-kill"], json.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()));
        Assert.Equal(["warning", "critical"], json.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("severity").GetString()));
    }

    [Fact]
    public void Ack_resolve_and_noise_move_incidents_forward_only()
    {
        Assert.Equal((0, "incident 1 acknowledged\n"), Pick(Run("incidents", "ack", "1")));
        Assert.Contains("   1  acknowledged", Run("incidents").Out, StringComparison.Ordinal);
        var (again, _, errors) = Run("incidents", "ack", "1");
        Assert.Equal(1, again);
        Assert.Contains("incident 1 is already acknowledged", errors, StringComparison.Ordinal);

        Assert.Equal(0, Run("incidents", "resolve", "1").Exit);
        var (noise, said, _) = Run("incidents", "noise", "2");
        Assert.Equal(0, noise);
        Assert.Contains("2 finding fingerprint(s)", said, StringComparison.Ordinal);
        Assert.Equal("no open incidents\n", Run("incidents").Out);
        Assert.Contains("   2  noise", Run("incidents", "--status", "noise").Out, StringComparison.Ordinal);
        using var store = EmbeddedStore.Open(_dir.Path, StoreTestData.SmallBlocks() with { ReadOnly = true });
        Assert.Equal(2, store.LoadNoiseFingerprints().Count);
        Assert.Equal(IncidentStatus.Resolved, store.GetIncident(1)!.Status);
    }

    private static (int, string) Pick((int Exit, string Out, string Err) result) => (result.Exit, result.Out);

    [Fact]
    public void An_unknown_incident_fails_and_bad_arguments_are_usage_errors()
    {
        var (exit, _, errors) = Run("incidents", "noise", "99");
        Assert.Equal(1, exit);
        Assert.Contains("no incident 99", errors, StringComparison.Ordinal);
        Assert.Equal(1, Run("incidents", "show", "99").Exit);
        Assert.Equal(2, Run("incidents", "show", "abc").Exit);
        Assert.Equal(2, Run("incidents", "ack").Exit);
        Assert.Equal(2, Run("incidents", "--status", "bogus").Exit);
        Assert.Equal(1, CliRunner.Run("incidents", "--data", Path.Combine(_dir.Path, "missing")).Exit);
    }
}
