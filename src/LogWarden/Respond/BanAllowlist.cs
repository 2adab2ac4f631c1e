using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace LogWarden.Respond;

/// <summary>
/// Networks never banned: loopback, this host's own addresses, the client addresses of the SSH sessions
/// open right now (so that an owner who mistypes a password three times is not locked out mid-session),
/// and the configured admin ranges. A ban is refused when its network overlaps any of them — a CIDR that
/// merely contains an allowlisted address is refused too.
/// </summary>
internal sealed class BanAllowlist
{
    private readonly IReadOnlyList<IPNetwork> _fixed;
    private readonly Func<IEnumerable<IPAddress>> _liveAddresses;

    /// <param name="configured">Admin ranges from the config.</param>
    /// <param name="liveAddresses">Read at every check: the host's addresses and current SSH peers (they change).</param>
    public BanAllowlist(IEnumerable<IPNetwork> configured, Func<IEnumerable<IPAddress>> liveAddresses)
    {
        _fixed = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128"), .. configured];
        _liveAddresses = liveAddresses;
    }

    /// <summary>The allowlist of this machine: its interfaces' addresses and its established SSH peers, read live.</summary>
    public static BanAllowlist ForThisHost(IEnumerable<IPNetwork> configured, string procNet = "/proc/net") =>
        new(configured, () => HostAddresses().Concat(SshPeers(procNet)));

    /// <summary>Why <paramref name="network"/> may not be banned, or null when it may.</summary>
    public string? Refusal(IPNetwork network)
    {
        foreach (IPNetwork allowed in _fixed)
        {
            if (Overlaps(allowed, network))
            {
                return $"overlaps the allowlisted {EntityValues.Canonical(allowed)}";
            }
        }
        foreach (IPAddress address in _liveAddresses())
        {
            IPAddress a = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            if (a.AddressFamily == network.BaseAddress.AddressFamily && network.Contains(a))
            {
                return $"contains {a}, this host's own address or a current SSH session's client";
            }
        }
        return null;
    }

    private static bool Overlaps(IPNetwork a, IPNetwork b) =>
        a.BaseAddress.AddressFamily == b.BaseAddress.AddressFamily && (a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress));

    private static IEnumerable<IPAddress> HostAddresses()
    {
        NetworkInterface[] interfaces;
        try
        {
            interfaces = NetworkInterface.GetAllNetworkInterfaces();
        }
        catch (NetworkInformationException)
        {
            yield break;
        }
        foreach (NetworkInterface nic in interfaces)
        {
            foreach (UnicastIPAddressInformation u in nic.GetIPProperties().UnicastAddresses)
            {
                yield return u.Address;
            }
        }
    }

    /// <summary>
    /// Remote addresses of established TCP connections to local port 22, from /proc/net/tcp and tcp6 (what
    /// `ss -tn state established '( sport = :22 )'` shows; utmp's host field can be a name, this cannot).
    /// </summary>
    public static IEnumerable<IPAddress> SshPeers(string procNet)
    {
        foreach (string file in new[] { "tcp", "tcp6" })
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(Path.Combine(procNet, file));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            foreach (string line in lines.Skip(1))
            {
                string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // sl local_address rem_address st …; state 01 is ESTABLISHED, port 0016 is 22.
                if (f.Length > 3 && f[3] == "01" && f[1].EndsWith(":0016", StringComparison.Ordinal) && ParseProcAddress(f[2]) is { } peer)
                {
                    yield return peer;
                }
            }
        }
    }

    /// <summary>An address as /proc/net/tcp writes it: hex, each 32-bit word in host (little-endian) order, then :port.</summary>
    internal static IPAddress? ParseProcAddress(string field)
    {
        int colon = field.IndexOf(':', StringComparison.Ordinal);
        if (colon is not (8 or 32))
        {
            return null;
        }
        var bytes = new byte[colon / 2];
        for (int word = 0; word < bytes.Length / 4; word++)
        {
            if (!uint.TryParse(field.AsSpan(word * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint value))
            {
                return null;
            }
            bytes[word * 4] = (byte)value;
            bytes[(word * 4) + 1] = (byte)(value >> 8);
            bytes[(word * 4) + 2] = (byte)(value >> 16);
            bytes[(word * 4) + 3] = (byte)(value >> 24);
        }
        var address = new IPAddress(bytes);
        return address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
