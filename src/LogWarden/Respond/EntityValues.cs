using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace LogWarden.Respond;

/// <summary>
/// The only ways a value from a log line reaches an action's arguments: each validator accepts a narrow
/// grammar and returns a canonical form built from the parsed value (never the log's text), or null with
/// the reason. Anything else — shell metacharacters, <c>$(…)</c>, an option such as <c>--help</c>, a path,
/// a newline, a zone id, an overlong field — is refused.
/// </summary>
internal static partial class EntityValues
{
    /// <summary>Longest text accepted as an address or network (the longest IPv6 CIDR is 43 characters).</summary>
    private const int MaxAddressChars = 64;

    /// <summary>
    /// The network to ban for <paramref name="text"/>: an IPv4 address (/32), an IPv4-mapped IPv6 address as
    /// the IPv4 address, an IPv6 address widened to <paramref name="ipv6Prefix"/> (one customer's allocation
    /// is usually a /64, so a ban of one address is dodged by moving to the next), or a CIDR as given (its
    /// host bits cleared). Unspecified, multicast and broadcast addresses are refused.
    /// </summary>
    public static IPNetwork? BanNetwork(string? text, int ipv6Prefix, out string? refusal)
    {
        refusal = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxAddressChars)
        {
            refusal = "not an address (empty or too long)";
            return null;
        }
        foreach (char c in text)
        {
            // Hex digits, ':' '.' '/': no zone id ('%'), no spaces, no brackets, no signs.
            if (!(char.IsAsciiHexDigit(c) || c is ':' or '.' or '/'))
            {
                refusal = "not an address (unexpected character)";
                return null;
            }
        }
        // Only the dotted quad or colon forms: IPAddress also reads "2130706433" or "127.1" as IPv4, which no log means as an address.
        ReadOnlySpan<char> host = text.AsSpan(0, text.Contains('/', StringComparison.Ordinal) ? text.IndexOf('/', StringComparison.Ordinal) : text.Length);
        if (!host.Contains(':') && host.Count('.') != 3)
        {
            refusal = "not an address (IPv4 must be a dotted quad)";
            return null;
        }
        IPAddress address;
        int prefix;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!IPAddress.TryParse(text.AsSpan(0, slash), out IPAddress? parsed)
                || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix))
            {
                refusal = "not a CIDR";
                return null;
            }
            address = parsed;
        }
        else
        {
            if (!IPAddress.TryParse(text, out IPAddress? parsed))
            {
                refusal = "not an address";
                return null;
            }
            address = parsed;
            prefix = -1;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            refusal = "an address with a zone id";
            return null;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
            prefix = prefix < 0 ? -1 : prefix - 96;
        }
        bool v4 = address.AddressFamily == AddressFamily.InterNetwork;
        int bits = v4 ? 32 : 128;
        if (prefix < 0)
        {
            prefix = v4 ? 32 : Math.Clamp(ipv6Prefix, 1, 128);
        }
        // A ban wider than a /8 or /16 is an operator's decision, not a log line's.
        int widest = v4 ? 8 : 16;
        if (prefix < widest || prefix > bits)
        {
            refusal = $"prefix /{prefix} out of range (/{widest}–/{bits})";
            return null;
        }
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast) || IsMulticast(address))
        {
            refusal = "an unspecified, broadcast or multicast address";
            return null;
        }
        return new IPNetwork(Masked(address, prefix), prefix);
    }

    /// <summary>A single address for a script's {ip}: parsed, IPv4-mapped unwrapped, printed canonically; null when not one.</summary>
    public static string? Address(string? text) =>
        BanNetwork(text, 128, out _) is { } n && n.PrefixLength == (n.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
            ? n.BaseAddress.ToString()
            : null;

    /// <summary>An incident kind as detectors name them (lower-case words joined by '-', '_' or '.').</summary>
    public static string? Kind(string? text) =>
        text is not null && KindPattern().IsMatch(text) ? text : null;

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex KindPattern();

    /// <summary>A log value as the audit may show it: at most 80 characters, control characters as '?'.</summary>
    public static string Preview(string? text)
    {
        if (text is null)
        {
            return "(none)";
        }
        string cut = text.Length > 80 ? text[..80] + "…" : text;
        return string.Create(cut.Length, cut, (span, s) =>
        {
            for (int i = 0; i < s.Length; i++)
            {
                span[i] = char.IsControl(s[i]) ? '?' : s[i];
            }
        });
    }

    /// <summary>The network in the form nft and the store use: always address/prefix, from the parsed value.</summary>
    public static string Canonical(IPNetwork network) =>
        network.BaseAddress + "/" + network.PrefixLength.ToString(CultureInfo.InvariantCulture);

    private static bool IsMulticast(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? address.IsIPv6Multicast : address.GetAddressBytes()[0] is >= 224 and <= 239;

    private static IPAddress Masked(IPAddress address, int prefix)
    {
        byte[] bytes = address.GetAddressBytes();
        for (int i = 0; i < bytes.Length; i++)
        {
            int keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
        return new IPAddress(bytes);
    }

    /// <summary>
    /// A systemd unit name as systemd's unit-name grammar allows it (unit_name_is_valid): at most 255
    /// characters of <c>[A-Za-z0-9:_.\\-@]</c>, a known type suffix, at most one '@' (a template instance),
    /// and — our own rule — not starting with '-' or '.', so that it can never read as an option.
    /// </summary>
    /// <summary>A journalctl --vacuum-size value: 1 to 10 digits and an optional K, M or G (nothing a log could choose: it comes from the config).</summary>
    public static bool IsJournalSize(string text) =>
        text.Length is > 0 and <= 11 && text[0] is >= '1' and <= '9'
        && !text.AsSpan(0, text.Length - (text[^1] is 'K' or 'M' or 'G' ? 1 : 0)).ContainsAnyExceptInRange('0', '9');

    public static string? UnitName(string? text)
    {
        if (text is null || text.Length is 0 or > 255 || !UnitPattern().IsMatch(text))
        {
            return null;
        }
        return text.Count(c => c == '@') > 1 ? null : text;
    }

    [GeneratedRegex(@"^[A-Za-z0-9:_\\][A-Za-z0-9:_.\\@-]*\.(service|socket|target|timer|path|mount|automount|swap|slice|scope|device)$", RegexOptions.CultureInvariant)]
    private static partial Regex UnitPattern();

    /// <summary>A login name as useradd's default NAME_REGEX allows it (plus digits first, which many systems permit).</summary>
    public static string? UserName(string? text) =>
        text is not null && UserPattern().IsMatch(text) ? text : null;

    [GeneratedRegex(@"^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserPattern();
}
