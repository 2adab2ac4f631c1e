using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LogWarden.Respond;

/// <summary>
/// Bans with iptables and ipset, for hosts without nftables' userspace (respond.ban.backend: iptables, or
/// auto when nft is absent): two ipset sets LogWarden owns (<c>logwarden-ban4</c>, <c>logwarden-ban6</c>,
/// <c>hash:net</c> with per-element timeouts, so that an element can be a CIDR and expires in the kernel)
/// and one DROP rule per family at the head of INPUT matching them. Every argument is a token from the
/// parsed network; the programs receive argv.
/// </summary>
internal sealed class IpsetFirewall(ICommandRunner runner, Config.BanConfig ban, ExternalCommand? prefix, TimeSpan timeout) : IFirewall
{
    public const string Set4 = "logwarden-ban4";
    public const string Set6 = "logwarden-ban6";

    /// <summary>ipset's largest timeout (seconds, about 24.8 days): a longer ban is cut to it rather than refused.</summary>
    public const long MaxTimeoutSeconds = 2_147_483;

    private readonly SemaphoreSlim _setup = new(1, 1);
    private bool _ready;

    public async Task<CommandResult> BanAsync(IPNetwork network, TimeSpan duration, CancellationToken cancellationToken)
    {
        CommandResult setup = await EnsureSetsAsync(cancellationToken).ConfigureAwait(false);
        return setup.Succeeded ? await RunAsync(BanCommands(network, duration)[0], cancellationToken).ConfigureAwait(false) : setup;
    }

    public IReadOnlyList<ExternalCommand> BanCommands(IPNetwork network, TimeSpan duration)
    {
        long seconds = Math.Clamp((long)Math.Ceiling(duration.TotalSeconds), 1, MaxTimeoutSeconds);
        // -exist: banning an address already in the set renews its timeout instead of failing.
        return [Ipset("add", SetOf(network), EntityValues.Canonical(network), "timeout", seconds.ToString(CultureInfo.InvariantCulture), "-exist")];
    }

    public async Task<CommandResult> UnbanAsync(IPNetwork network, CancellationToken cancellationToken)
    {
        CommandResult setup = await EnsureSetsAsync(cancellationToken).ConfigureAwait(false);
        return setup.Succeeded ? await RunAsync(Ipset("del", SetOf(network), EntityValues.Canonical(network), "-exist"), cancellationToken).ConfigureAwait(false) : setup;
    }

    public void Dispose() => _setup.Dispose();

    private static string SetOf(IPNetwork network) => network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? Set4 : Set6;

    private async Task<CommandResult> EnsureSetsAsync(CancellationToken cancellationToken)
    {
        await _setup.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
            {
                return new CommandResult(0, "", false, TimeSpan.Zero);
            }
            foreach ((string set, string family, string iptables) in new[] { (Set4, "inet", ban.Iptables), (Set6, "inet6", ban.Ip6tables) })
            {
                CommandResult created = await RunAsync(Ipset("create", set, "hash:net", "family", family, "timeout", "0", "-exist"), cancellationToken).ConfigureAwait(false);
                if (!created.Succeeded)
                {
                    return created;
                }
                string[] rule = ["INPUT", "-m", "set", "--match-set", set, "src", "-j", "DROP"];
                // -C asks whether the rule is there; only when it is not is it inserted (a restart adds no second copy).
                if (!(await RunAsync(Command(iptables, ["-w", "-C", .. rule]), cancellationToken).ConfigureAwait(false)).Succeeded)
                {
                    CommandResult inserted = await RunAsync(Command(iptables, ["-w", "-I", .. rule]), cancellationToken).ConfigureAwait(false);
                    if (!inserted.Succeeded)
                    {
                        return inserted;
                    }
                }
            }
            _ready = true;
            return new CommandResult(0, "", false, TimeSpan.Zero);
        }
        finally
        {
            _setup.Release();
        }
    }

    private ExternalCommand Ipset(params string[] arguments) => Command(ban.Ipset, arguments);

    private ExternalCommand Command(string executable, string[] arguments) => new ExternalCommand(executable, arguments).Through(prefix);

    private Task<CommandResult> RunAsync(ExternalCommand command, CancellationToken cancellationToken) =>
        runner.RunAsync(command, timeout, cancellationToken);
}
