using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Respond;
using LogWarden.Store;

namespace LogWarden.Tests.Respond;

/// <summary>Runs only as root with network namespaces; otherwise skipped with the reason.</summary>
public sealed class NetnsFactAttribute : FactAttribute
{
    private static readonly string? Reason = NetnsRig.SkipReason();

    public NetnsFactAttribute()
    {
        Skip = Reason;
    }
}

/// <summary>Bans with real nftables inside a network namespace: traffic from a banned address is dropped, other addresses pass, bans expire.</summary>
public sealed class NftablesBanTests
{
    private static RespondConfig Config(NetnsRig net, TimeSpan duration) => new()
    {
        Enabled = true,
        DryRun = false,
        Ban = new BanConfig { Duration = duration, Netns = net.Server, Nft = NetnsRig.NftPath, Ip = NetnsRig.IpPath },
        Playbooks = [RespondRig.Playbook("kind=ssh-brute-force", new PlaybookActionConfig { Type = "ban" })],
    };

    [NetnsFact]
    public async Task Banned_addresses_are_dropped_and_other_addresses_still_pass()
    {
        using var net = new NetnsRig();
        using var rig = new RespondRig(Config(net, TimeSpan.FromMinutes(10)), new ProcessCommandRunner());
        Assert.True(net.Connects(net.BannedV4, net.ServerV4));
        Assert.True(net.Connects(NetnsRig.BannedV6, NetnsRig.ServerV6A));

        // The IPv4 address arrives IPv4-mapped (as a dual-stack sshd logs it); the IPv6 one is widened to its /64.
        var incident = RespondRig.Incident("ssh-brute-force", FindingSeverity.Warning, ("ip", "::ffff:" + net.BannedV4), ("ip", NetnsRig.BannedV6));
        var steps = await rig.Responder.RespondAsync(incident, CancellationToken.None);

        Assert.All(steps, s => Assert.Equal(ResponseResults.Ok, s.Result));
        Assert.False(net.Connects(net.BannedV4, net.ServerV4));
        Assert.True(net.Connects(net.AllowedV4, net.ServerV4));
        Assert.False(net.Connects(NetnsRig.BannedV6, NetnsRig.ServerV6A));
        Assert.True(net.Connects(NetnsRig.AllowedV6, NetnsRig.ServerV6B));
        Assert.Contains(net.BannedV4, net.ListSet("ban4"), StringComparison.Ordinal);
        Assert.Contains("fd99:a::/64", net.ListSet("ban6"), StringComparison.Ordinal);
        Assert.Equal([net.BannedV4 + "/32", "fd99:a::/64"], rig.Audit.CurrentBans(DateTimeOffset.UtcNow).Select(b => b.Network).Order(StringComparer.Ordinal));

        // Lifting one ban opens that address again, and only that one.
        await rig.Firewall.UnbanAsync(System.Net.IPNetwork.Parse(net.BannedV4 + "/32"), CancellationToken.None);
        Assert.True(net.Connects(net.BannedV4, net.ServerV4));
        Assert.False(net.Connects(NetnsRig.BannedV6, NetnsRig.ServerV6A));
    }

    [NetnsFact]
    public async Task A_ban_with_a_short_timeout_expires_in_the_kernel_and_in_the_ban_list()
    {
        using var net = new NetnsRig();
        // 6 s: long enough that the check below runs before expiry even on a saturated machine (2 s did not at load 30).
        using var rig = new RespondRig(Config(net, TimeSpan.FromSeconds(6)), new ProcessCommandRunner());
        var steps = await rig.Responder.RespondAsync(RespondRig.Incident("ssh-brute-force", FindingSeverity.Critical, ("ip", net.BannedV4)), CancellationToken.None);
        Assert.Equal(ResponseResults.Ok, Assert.Single(steps).Result);
        Assert.False(net.Connects(net.BannedV4, net.ServerV4));

        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (!net.Connects(net.BannedV4, net.ServerV4))
        {
            Assert.True(DateTime.UtcNow < deadline, "the ban never expired");
        }
        Assert.DoesNotContain(net.BannedV4, net.ListSet("ban4"), StringComparison.Ordinal);
        Assert.Empty(rig.Audit.CurrentBans(DateTimeOffset.UtcNow));
    }

    [NetnsFact]
    public async Task A_repeat_offender_is_banned_longer()
    {
        using var net = new NetnsRig();
        using var rig = new RespondRig(Config(net, TimeSpan.FromSeconds(1)), new ProcessCommandRunner());
        await rig.Responder.RespondAsync(RespondRig.Incident("ssh-brute-force", FindingSeverity.Warning, ("ip", net.BannedV4)), CancellationToken.None);
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (rig.Audit.CurrentBans(DateTimeOffset.UtcNow).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the first ban never expired");
            await Task.Delay(100);
        }
        var second = await rig.Responder.RespondAsync(RespondRig.Incident("ssh-brute-force", FindingSeverity.Warning, ("ip", net.BannedV4)), CancellationToken.None);

        Assert.Contains("duration=4s repeat=2", Assert.Single(second).Arguments, StringComparison.Ordinal);
        BanRecord ban = Assert.Single(rig.Audit.CurrentBans(DateTimeOffset.UtcNow));
        Assert.Equal(TimeSpan.FromSeconds(4), ban.ExpiresAt - ban.BannedAt);
        Assert.Contains("timeout 4s", net.ListSet("ban4"), StringComparison.Ordinal);
    }
}
