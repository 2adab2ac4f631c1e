using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace LogWarden.Explain;

/// <summary>
/// Replaces IP addresses with stable aliases for one evidence pack (the same address gets the same alias
/// everywhere in it), and maps the aliases back in the answer shown to the owner. The alias keeps what
/// the model needs to reason (<c>public-ip-3</c>, <c>private-ip-1</c>, <c>loopback-ip-1</c>), not the address.
/// </summary>
internal sealed partial class IpPseudonyms
{
    private readonly Dictionary<string, string> _aliasByAddress = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _addressByAlias = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _countByScope = new(StringComparer.Ordinal);

    public int Count => _aliasByAddress.Count;

    public IReadOnlyDictionary<string, string> AddressByAlias => _addressByAlias;

    // IPv4 dotted quads, and IPv6 forms with at least two colons and a hex group (so times like 12:30:01 are not taken).
    [GeneratedRegex(@"(?<![\w.:])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w.])|(?<![\w:.])(?=[0-9A-Fa-f:]*[A-Fa-f][0-9A-Fa-f:]*|[0-9A-Fa-f:]*::)(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 250)]
    private static partial Regex AddressPattern();

    [GeneratedRegex(@"\b(?:public|private|loopback|link-local)-ip-\d+\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 250)]
    private static partial Regex AliasPattern();

    /// <summary>The text with each address replaced by its alias.</summary>
    public string Replace(string text)
    {
        try
        {
            return AddressPattern().Replace(text, m => IPAddress.TryParse(m.Value, out IPAddress? address) ? AliasOf(address, m.Value) : m.Value);
        }
        catch (RegexMatchTimeoutException)
        {
            return "[REDACTED:unscannable]";
        }
    }

    /// <summary>The answer with every alias this pack gave out replaced by its address again.</summary>
    public string Restore(string text)
    {
        if (_addressByAlias.Count == 0)
        {
            return text;
        }
        try
        {
            return AliasPattern().Replace(text, m => _addressByAlias.TryGetValue(m.Value, out string? address) ? address : m.Value);
        }
        catch (RegexMatchTimeoutException)
        {
            return text;
        }
    }

    private string AliasOf(IPAddress address, string text)
    {
        string key = address.ToString();
        if (_aliasByAddress.TryGetValue(key, out string? alias))
        {
            return alias;
        }
        string scope = Scope(address);
        int n = _countByScope.TryGetValue(scope, out int c) ? c + 1 : 1;
        _countByScope[scope] = n;
        alias = $"{scope}-ip-{n}";
        _aliasByAddress[key] = alias;
        _addressByAlias[alias] = text;
        return alias;
    }

    private static string Scope(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address))
        {
            return "loopback";
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            byte[] b = address.GetAddressBytes();
            bool isPrivate = b[0] == 10 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 100 && b[1] is >= 64 and <= 127);
            return b[0] == 169 && b[1] == 254 ? "link-local" : isPrivate ? "private" : "public";
        }
        if (address.IsIPv6LinkLocal)
        {
            return "link-local";
        }
        return address.IsIPv6UniqueLocal || address.IsIPv6SiteLocal ? "private" : "public";
    }
}
