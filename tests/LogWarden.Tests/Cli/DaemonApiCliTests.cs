using LogWarden.Tests.Support;
using LogWarden.Tests.Web.Api;

namespace LogWarden.Tests.Cli;

/// <summary>
/// The store commands with --server against the real daemon in-process (a seeded store: lines, incidents,
/// alerts, silences, the responder's audit and a ban): the same output as the local mode on the same store,
/// the operator's actions landing in the daemon's store, and clear errors when the daemon cannot be asked.
/// </summary>
public sealed class DaemonApiCliTests(SeededDaemonFixture fixture) : IClassFixture<SeededDaemonFixture>
{
    private SeededDaemon Daemon => fixture.Daemon;

    private string Server => Daemon.Address.ToString().TrimEnd('/');

    public static TheoryData<string> ReadCommands() =>
    [
        "incidents",
        "incidents --status all",
        "incidents --status all --json",
        "incidents --status acknowledged -n 1",
        "incidents show 1",
        "incidents show 3 --json",
        "search Failed -n 20",
        "search --regex Accepted -n 5 --json",
        "search -l host=db1 -n 7",
        "search ERROR --match-case --from 6h -n 3",
        "search -t 1 -n 4",
        "alerts",
        "alerts --state failed",
        "actions",
        "actions --incident 2 --output",
        "bans",
        "bans export --format nft",
        "templates --top 5",
        "templates --json --top 3",
        "stats",
    ];

    [Theory]
    [MemberData(nameof(ReadCommands))]
    public void A_command_through_the_API_prints_what_it_prints_on_the_store(string command)
    {
        string[] args = command.Split(' ');
        (int localExit, string local, string localErr) = CliRunner.Run([.. args, .. TestStoreLocation.CliArgsFor(Daemon.DataDirectory)]);
        (int remoteExit, string remote, string remoteErr) = CliRunner.Run([.. args, "--server", Server]);

        Assert.True(localExit == 0, localErr);
        Assert.True(remoteExit == 0, remoteErr);
        Assert.True(local.Split('\n').Length >= 2 || command.Contains("-n 1", StringComparison.Ordinal), $"too little output to compare: {local}");
        Assert.Equal(local, remote);
    }

    [Fact]
    public void Operator_actions_through_the_API_reach_the_daemons_store()
    {
        (int exit, string output, string errors) = CliRunner.Run("incidents", "ack", "2", "--server", Server);
        Assert.True(exit == 0, errors);
        Assert.Equal("incident 2 acknowledged\n", output);
        (exit, _, errors) = CliRunner.Run("incidents", "ack", "2", "--server", Server);
        Assert.Equal(1, exit);
        Assert.Contains("incident 2 is already acknowledged", errors, StringComparison.Ordinal);
        (exit, _, errors) = CliRunner.Run("incidents", "resolve", "999", "--server", Server);
        Assert.Equal(1, exit);
        Assert.Contains("no incident 999", errors, StringComparison.Ordinal);
        Assert.Equal(LogWarden.Detect.Incidents.IncidentStatus.Acknowledged, Daemon.Incident(2).Status);

        (exit, output, errors) = CliRunner.Run("silence", "add", "kind=oom-kill", "host=web1", "--duration", "30m", "--comment", "deploying", "--server", Server);
        Assert.True(exit == 0, errors);
        long id = long.Parse(output.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        string listedRemotely = CliRunner.Run("silence", "list", "--server", Server).Out;
        Assert.Contains("kind=oom-kill host=web1  # deploying", listedRemotely, StringComparison.Ordinal);
        Assert.Equal(CliRunner.Run(["silence", "list", .. TestStoreLocation.CliArgsFor(Daemon.DataDirectory)]).Out, listedRemotely);
        Assert.Equal(0, CliRunner.Run("silence", "expire", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--server", Server).Exit);
        Assert.Equal(1, CliRunner.Run("silence", "expire", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--server", Server).Exit);
        Assert.DoesNotContain("deploying", CliRunner.Run(["silence", "list", .. TestStoreLocation.CliArgsFor(Daemon.DataDirectory)]).Out, StringComparison.Ordinal);

        (exit, output, errors) = CliRunner.Run("alerts", "retry", "--server", Server);
        Assert.True(exit == 0, errors);
        Assert.Equal("1 notification(s) set to pending\n", output);
        Assert.Contains("email: 1 pending", CliRunner.Run(["alerts", .. TestStoreLocation.CliArgsFor(Daemon.DataDirectory)]).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Lifting_a_ban_through_the_API_uses_the_daemons_firewall()
    {
        // The seeded daemon's "nft" is /bin/false: the daemon tried its firewall, which refused, and still marked the ban lifted.
        (int exit, string output, string errors) = CliRunner.Run("bans", "lift", SeededDaemon.BruteForceIp, "--server", Server);
        Assert.True(exit == 0, errors);
        Assert.Equal($"lifted {SeededDaemon.BruteForceIp}/32\n", output);
        Assert.Contains("the firewall did not remove", errors, StringComparison.Ordinal);
        Assert.Equal("no bans\n", CliRunner.Run(["bans", .. TestStoreLocation.CliArgsFor(Daemon.DataDirectory)]).Out);
    }

    [Fact]
    public void A_dead_server_is_a_clear_error_not_a_stack_trace()
    {
        int port = Web.WebTestDaemon.FreePort();
        (int exit, string output, string errors) = CliRunner.Run("incidents", "--server", $"http://127.0.0.1:{port}");
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal($"logwarden: no daemon at http://127.0.0.1:{port}/: connection refused (is `logwarden run` running, and is that its `listen` address?)\n", errors);

        (exit, _, errors) = CliRunner.Run("stats", "--server", "ftp://127.0.0.1");
        Assert.Equal(1, exit);
        Assert.Contains("is not an http:// or https:// URL", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_search_the_daemon_refuses_says_why()
    {
        (int exit, _, string errors) = CliRunner.Run("search", "-n", "100000", "--from", "2h", "--to", "3h", "--server", Server);
        Assert.Equal(1, exit);
        Assert.Contains("answered 400 Bad Request: from: must be before to", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
    }
}
