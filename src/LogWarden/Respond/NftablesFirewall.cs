using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LogWarden.Respond;

/// <summary>Where bans are enforced: nftables (<see cref="NftablesFirewall"/>) or iptables with ipset (<see cref="IpsetFirewall"/>).</summary>
internal interface IFirewall : IDisposable
{
    /// <summary>Adds <paramref name="network"/> to the ban set for <paramref name="duration"/> (the kernel expires it).</summary>
    Task<CommandResult> BanAsync(IPNetwork network, TimeSpan duration, CancellationToken cancellationToken);

    Task<CommandResult> UnbanAsync(IPNetwork network, CancellationToken cancellationToken);

    /// <summary>The commands a ban would run (dry-run shows them; nothing is executed).</summary>
    IReadOnlyList<ExternalCommand> BanCommands(IPNetwork network, TimeSpan duration);
}

/// <summary>
/// Bans in nftables, in a table LogWarden owns and nothing else touches: <c>table inet logwarden</c> with
/// two sets (<c>ban4</c>, <c>ban6</c>; <c>flags interval,timeout</c> so that an element can be a CIDR and
/// expires by itself) and an input chain that drops their sources ahead of the filter priority. The table
/// is created on first use in one nft transaction. Every argument is a token from the parsed network —
/// nft receives argv, not a script.
/// </summary>
internal sealed class NftablesFirewall(ICommandRunner runner, string nftPath, ExternalCommand? prefix, TimeSpan timeout) : IFirewall
{
    public const string Table = "logwarden";

    private readonly SemaphoreSlim _setup = new(1, 1);
    private bool _ready;

    public async Task<CommandResult> BanAsync(IPNetwork network, TimeSpan duration, CancellationToken cancellationToken)
    {
        CommandResult setup = await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        if (!setup.Succeeded)
        {
            return setup;
        }
        return await RunAsync(BanCommands(network, duration)[0], cancellationToken).ConfigureAwait(false);
    }

    public IReadOnlyList<ExternalCommand> BanCommands(IPNetwork network, TimeSpan duration)
    {
        long seconds = Math.Max(1, (long)Math.Ceiling(duration.TotalSeconds));
        return [Nft("add", "element", "inet", Table, SetOf(network), "{", EntityValues.Canonical(network), "timeout", seconds.ToString(CultureInfo.InvariantCulture) + "s", "}")];
    }

    public async Task<CommandResult> UnbanAsync(IPNetwork network, CancellationToken cancellationToken)
    {
        CommandResult setup = await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        if (!setup.Succeeded)
        {
            return setup;
        }
        return await RunAsync(Nft("delete", "element", "inet", Table, SetOf(network), "{", EntityValues.Canonical(network), "}"), cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _setup.Dispose();

    private static string SetOf(IPNetwork network) => network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? "ban4" : "ban6";

    private async Task<CommandResult> EnsureTableAsync(CancellationToken cancellationToken)
    {
        await _setup.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
            {
                return new CommandResult(0, "", false, TimeSpan.Zero);
            }
            CommandResult listed = await RunAsync(Nft("list", "chain", "inet", Table, "input"), cancellationToken).ConfigureAwait(false);
            if (listed.Succeeded)
            {
                _ready = true;
                return listed;
            }
            // One transaction: the table, both sets and the chain with its two rules appear together or not at all.
            CommandResult created = await RunAsync(Nft(
                "add", "table", "inet", Table, ";",
                "add", "set", "inet", Table, "ban4", "{", "type", "ipv4_addr", ";", "flags", "interval,timeout", ";", "}", ";",
                "add", "set", "inet", Table, "ban6", "{", "type", "ipv6_addr", ";", "flags", "interval,timeout", ";", "}", ";",
                "add", "chain", "inet", Table, "input", "{", "type", "filter", "hook", "input", "priority", "-10", ";", "policy", "accept", ";", "}", ";",
                "add", "rule", "inet", Table, "input", "ip", "saddr", "@ban4", "drop", ";",
                "add", "rule", "inet", Table, "input", "ip6", "saddr", "@ban6", "drop"), cancellationToken).ConfigureAwait(false);
            _ready = created.Succeeded;
            return created;
        }
        finally
        {
            _setup.Release();
        }
    }

    private ExternalCommand Nft(params string[] arguments) => new ExternalCommand(nftPath, arguments).Through(prefix);

    private Task<CommandResult> RunAsync(ExternalCommand command, CancellationToken cancellationToken) =>
        runner.RunAsync(command, timeout, cancellationToken);
}
