using System.Globalization;
using System.Text.Json;
using LogWarden.Collect;
using LogWarden.Config;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Tests.Cli;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Respond;

/// <summary>
/// `logwarden respond --simulate` over a store holding two days of an auth log: brute forces, a repeat
/// offender, an allowlisted admin who mistypes, a near miss and a third attacker past the rate limit.
/// </summary>
public sealed class ResponseSimulationTests : IDisposable
{
    private static readonly StreamLabels AuthLog = new(("host", "web"), ("job", "file"), ("path", "/var/log/auth.log"));
    private readonly string _dir = Directory.CreateTempSubdirectory("logwarden-simulate-").FullName;

    public ResponseSimulationTests()
    {
        DateTimeOffset start = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-2).AddHours(3);
        var lines = new List<StoredLine>();
        void Attempts(DateTimeOffset at, string ip, int count)
        {
            for (int i = 0; i < count; i++)
            {
                DateTimeOffset t = at.AddSeconds(i);
                lines.Add(new StoredLine(t, AuthLog, $"{t.UtcDateTime.ToString("MMM dd HH:mm:ss", CultureInfo.InvariantCulture)} web sshd[{4000 + i}]: Failed password for invalid user admin from {ip} port {40000 + i} ssh2", 1, Severity.Info));
            }
        }
        // Routine traffic around the attacks, every ten minutes for two days.
        for (int m = 0; m < 2 * 24 * 60; m += 10)
        {
            DateTimeOffset t = start.AddMinutes(m - 30);
            lines.Add(new StoredLine(t, AuthLog, $"{t.UtcDateTime.ToString("MMM dd HH:mm:ss", CultureInfo.InvariantCulture)} web CRON[{m}]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)", 1, Severity.Info));
        }
        Attempts(start, "203.0.113.9", 30);
        Attempts(start.AddMinutes(1), "192.0.2.5", 30);           // the admin range: never banned
        Attempts(start.AddMinutes(2), "198.51.100.20", 4);        // a near miss: a few typos
        Attempts(start.AddMinutes(3), "203.0.113.10", 30);
        Attempts(start.AddMinutes(4), "203.0.113.11", 30);        // beyond the rate limit of two actions an hour
        Attempts(start.AddHours(6), "203.0.113.9", 30);           // back after the first ban expired: banned longer
        using ILogStore store = StoreFactory.Open(_dir, TestStoreLocation.ConfigFor(_dir));
        store.Append([.. lines.OrderBy(l => l.Timestamp)], [], []);
        File.WriteAllText(ConfigPath, """
            respond:
              admin_cidrs: [192.0.2.0/24]
              rate_limit: 2
              ban: { duration: 1h }
              playbooks:
                - name: ban-brute-force
                  match: ["kind=ssh-brute-force"]
                  actions: [{ type: ban }]

            """ + TestStoreLocation.YamlFor(_dir)); // the store the lines are in, as the daemon's configuration names it
    }

    private string ConfigPath => Path.Combine(_dir, "logwarden.yaml");

    [Fact]
    public void Simulation_prints_the_bans_the_escalation_and_the_refusals_and_runs_nothing()
    {
        var (exit, output, err) = CliRunner.Run("respond", "--simulate", "--since", "7d", "--data", _dir, "--config", ConfigPath);

        Assert.True(exit == 0, err);
        Assert.Contains("ban                 would run  network=203.0.113.9/32 duration=3600s  [ban-brute-force: SSH brute force from 203.0.113.9", output, StringComparison.Ordinal);
        Assert.Contains("ban                 would run  network=203.0.113.10/32 duration=3600s", output, StringComparison.Ordinal);
        Assert.Contains("ban                 would run  network=203.0.113.9/32 duration=14400s repeat=2", output, StringComparison.Ordinal);
        Assert.Contains("ban                 refused    network=192.0.2.5/32", output, StringComparison.Ordinal);
        Assert.Contains("overlaps the allowlisted 192.0.2.0/24", output, StringComparison.Ordinal);
        Assert.Contains("ban                 refused    network=203.0.113.11/32", output, StringComparison.Ordinal);
        Assert.Contains("rate limit (2 actions per 01:00:00)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("198.51.100.20", output, StringComparison.Ordinal);
        Assert.Contains("would ban 2 network(s) (3 ban(s), 1 longer as repeat offenders)", output, StringComparison.Ordinal);
        Assert.Contains("refused 2: allowlist 1, restart budget 0, rate limit 1", output, StringComparison.Ordinal);

        // Nothing was written: the store's audit and ban list are as empty as before.
        using ILogStore store = StoreFactory.Open(_dir, TestStoreLocation.ConfigFor(_dir), readOnly: true);
        var audit = (IResponseStore)store;
        Assert.Empty(audit.ListActions(100));
        Assert.Equal(0, audit.BanCount("203.0.113.9/32"));
    }

    [Fact]
    public void Simulation_as_json_lists_each_step_with_the_commands_it_would_have_run()
    {
        var (exit, output, err) = CliRunner.Run("respond", "--simulate", "--json", "--data", _dir, "--config", ConfigPath);

        Assert.True(exit == 0, err);
        using var doc = JsonDocument.Parse(output);
        JsonElement[] steps = [.. doc.RootElement.GetProperty("steps").EnumerateArray()];
        Assert.Equal(5, steps.Length);
        JsonElement first = steps[0];
        Assert.Equal("would-run", first.GetProperty("result").GetString());
        Assert.Equal("/usr/sbin/nft add element inet logwarden ban4 '{' 203.0.113.9/32 timeout 3600s '}'", first.GetProperty("commands")[0].GetString());
        Assert.Equal(["would-run", "refused", "would-run", "refused", "would-run"], steps.Select(s => s.GetProperty("result").GetString()));
    }

    [Fact]
    public void Respond_without_simulate_or_with_a_bad_window_is_a_usage_error()
    {
        Assert.Equal(2, CliRunner.Run("respond", "--data", _dir, "--config", ConfigPath).Exit);
        var (exit, _, err) = CliRunner.Run("respond", "--simulate", "--since", "soon", "--data", _dir, "--config", ConfigPath);
        Assert.Equal(2, exit);
        Assert.Contains("--since: 'soon' is not a duration", err, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
