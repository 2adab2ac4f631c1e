using System.Diagnostics;
using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Respond;

namespace LogWarden.Tests.Respond;

/// <summary>Runs only where the netns tests run and Debian's iptables and ipset are installed.</summary>
public sealed class IpsetFactAttribute : FactAttribute
{
    private static readonly string? Reason = NetnsRig.SkipReason()
        ?? (File.Exists(IpsetBanTests.Iptables) && File.Exists(IpsetBanTests.Ipset) ? null : "needs /usr/sbin/iptables and /usr/sbin/ipset (Debian's iptables, ipset)");

    public IpsetFactAttribute()
    {
        Skip = Reason;
    }
}

/// <summary>The iptables/ipset fallback, with the real tools inside a network namespace.</summary>
public sealed class IpsetBanTests
{
    public const string Iptables = "/usr/sbin/iptables";
    public const string Ipset = "/usr/sbin/ipset";

    private static RespondConfig Config(string? netns) => new()
    {
        Enabled = true,
        DryRun = false,
        Ban = new BanConfig { Backend = "iptables", Duration = TimeSpan.FromMinutes(10), Netns = netns },
        Playbooks = [RespondRig.Playbook("kind=ssh-brute-force", new PlaybookActionConfig { Type = "ban" })],
    };

    [Fact]
    public async Task The_iptables_backend_bans_with_ipset_argv_and_inserts_its_drop_rules_once()
    {
        var runner = new FailingCheckRunner();
        using var rig = new RespondRig(Config(null), runner);
        await rig.Responder.RespondAsync(RespondRig.Incident("ssh-brute-force", FindingSeverity.Warning, ("ip", "203.0.113.9"), ("ip", "2001:db8::7")), CancellationToken.None);

        Assert.Equal(
        [
            "/usr/sbin/ipset create logwarden-ban4 hash:net family inet timeout 0 -exist",
            "/usr/sbin/iptables -w -C INPUT -m set --match-set logwarden-ban4 src -j DROP",
            "/usr/sbin/iptables -w -I INPUT -m set --match-set logwarden-ban4 src -j DROP",
            "/usr/sbin/ipset create logwarden-ban6 hash:net family inet6 timeout 0 -exist",
            "/usr/sbin/ip6tables -w -C INPUT -m set --match-set logwarden-ban6 src -j DROP",
            "/usr/sbin/ip6tables -w -I INPUT -m set --match-set logwarden-ban6 src -j DROP",
            "/usr/sbin/ipset add logwarden-ban4 203.0.113.9/32 timeout 600 -exist",
            "/usr/sbin/ipset add logwarden-ban6 2001:db8::/64 timeout 600 -exist",
        ],
        runner.Commands.Select(c => c.ToString()));
    }

    [IpsetFact]
    public async Task With_iptables_and_ipset_banned_addresses_are_dropped_and_others_pass()
    {
        using var net = new NetnsRig();
        using var rig = new RespondRig(Config(net.Server), new ProcessCommandRunner());
        var steps = await rig.Responder.RespondAsync(RespondRig.Incident("ssh-brute-force", FindingSeverity.Warning, ("ip", net.BannedV4), ("ip", NetnsRig.BannedV6)), CancellationToken.None);

        Assert.All(steps, s => Assert.True(s.Result == ResponseResults.Ok, s.Output));
        Assert.False(net.Connects(net.BannedV4, net.ServerV4));
        Assert.True(net.Connects(net.AllowedV4, net.ServerV4));
        Assert.False(net.Connects(NetnsRig.BannedV6, NetnsRig.ServerV6A));
        Assert.True(net.Connects(NetnsRig.AllowedV6, NetnsRig.ServerV6B));
        Assert.Contains(net.BannedV4, Run("ipset", "list", IpsetFirewall.Set4), StringComparison.Ordinal);

        // A responder started again (the daemon restarted) finds its rule and adds no second one.
        using var again = new RespondRig(Config(net.Server), new ProcessCommandRunner());
        await again.Firewall.UnbanAsync(System.Net.IPNetwork.Parse(net.BannedV4 + "/32"), CancellationToken.None);
        Assert.True(net.Connects(net.BannedV4, net.ServerV4));
        Assert.Single(Run("iptables", "-S", "INPUT").Split('\n'), l => l.Contains(IpsetFirewall.Set4, StringComparison.Ordinal));

        string Run(string tool, params string[] args)
        {
            using Process p = Process.Start(new ProcessStartInfo(NetnsRig.IpPath, ["netns", "exec", net.Server, "/usr/sbin/" + tool, .. args]) { RedirectStandardOutput = true })!;
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return output;
        }
    }

    /// <summary>Records commands; `iptables -C` (is the rule there?) answers no, as on a fresh host.</summary>
    private sealed class FailingCheckRunner : ICommandRunner
    {
        private readonly RecordingCommandRunner _inner = new();

        public IReadOnlyList<ExternalCommand> Commands => _inner.Commands;

        public async Task<CommandResult> RunAsync(ExternalCommand command, TimeSpan timeout, CancellationToken cancellationToken)
        {
            CommandResult result = await _inner.RunAsync(command, timeout, cancellationToken);
            return command.Arguments.Contains("-C") ? result with { ExitCode = 1 } : result;
        }
    }
}
