using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LogWarden.Detect.Security;

/// <summary>
/// Whether an intrusion detection alert is an attack on this host: its rank and its flow's direction, read from the
/// line each time (a line's shape masks addresses, ports and a JSON number, so the cached analysis cannot tell).
/// Two general forms: the fast alert line of Snort and Suricata (<c>[Priority: 2] {TCP} 192.0.2.5:4444 -&gt; 10.0.0.5:22</c>)
/// and Suricata's EVE JSON (<c>"src_ip"</c>, <c>"src_port"</c>, <c>"dest_ip"</c>, <c>"dest_port"</c>, <c>"severity"</c>).
/// </summary>
internal static class IdsFlow
{
    /// <summary>Snort's priorities run 1 (high) to 4, Suricata's severities 1 to 3: 3 and below are informational.</summary>
    private const int LowestHostileRank = 2;

    /// <summary>
    /// True unless the alert ranks low, its source is a private address and its destination a public one (a flow this
    /// host started), its destination is a broadcast or multicast address (a packet to every host of a network), or its
    /// source port is a service port under 1024 and its destination port is not (a server's answer to a connection of
    /// this host). What the line does not say does not refuse it.
    /// </summary>
    public static bool IsInboundAlert(ReadOnlySpan<char> line)
    {
        if (Rank(line) is int rank && rank > LowestHostileRank)
        {
            return false;
        }

        if (!TryReadFlow(line, out var source, out int sourcePort, out var destination, out int destinationPort))
        {
            return true;
        }

        if (sourcePort is > 0 and < 1024 && destinationPort >= 1024)
        {
            return false;
        }

        // not a flow this host started, nor a neighbour's announcement to a broadcast or multicast group (NetBIOS, mDNS, LLMNR),
        // nor a packet between two hosts of one /24 (a neighbour on the local network, not the internet)
        return !(IsPrivate(source) && destination.Length > 0 && !IsPrivate(destination)) && !IsBroadcastOrMulticast(destination)
            && !SameNetwork(source, destination);
    }

    /// <summary>
    /// An IPv4 multicast (224/4) or broadcast address (255.255.255.255, or a subnet's directed broadcast ending in .255), or
    /// an IPv6 multicast address (ff00::/8): a packet to it is addressed to every host of a network, not aimed at this one.
    /// </summary>
    internal static bool IsBroadcastOrMulticast(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6Multicast;
        }

        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return b[0] is >= 224 and <= 239 || b[3] == 255;
    }

    /// <summary>"[Priority: 2]" or "severity":2; null when the line names neither.</summary>
    private static int? Rank(ReadOnlySpan<char> line)
    {
        int at = line.IndexOf("[Priority:", StringComparison.OrdinalIgnoreCase);
        if (at >= 0)
        {
            return DigitAfter(line[(at + "[Priority:".Length)..]);
        }

        at = line.IndexOf("\"severity\":", StringComparison.OrdinalIgnoreCase);
        if (at >= 0)
        {
            return DigitAfter(line[(at + "\"severity\":".Length)..]);
        }

        // a key=value alert record: "signature=1:2001219:20 priority=2 …" (not a syslog priority field of other records)
        at = line.IndexOf(" priority=", StringComparison.OrdinalIgnoreCase);
        return at >= 0 && line.Contains("signature=", StringComparison.OrdinalIgnoreCase) ? DigitAfter(line[(at + " priority=".Length)..]) : null;
    }

    private static int? DigitAfter(ReadOnlySpan<char> text)
    {
        text = text.TrimStart();
        return text.Length > 0 && char.IsAsciiDigit(text[0]) && (text.Length == 1 || !char.IsAsciiDigit(text[1])) ? text[0] - '0' : null;
    }

    private static bool TryReadFlow(ReadOnlySpan<char> line, out ReadOnlySpan<char> source, out int sourcePort, out ReadOnlySpan<char> destination, out int destinationPort)
    {
        source = destination = default;
        sourcePort = destinationPort = 0;
        // SRC:PORT -> DST:PORT, with or without the spaces ("198.51.100.5:51234->192.0.2.1:22, len 60")
        int arrow = line.IndexOf("->", StringComparison.Ordinal);
        if (arrow > 0)
        {
            // the arrow between two addresses, not a direction tag before it ("[LAN/RT/VPN->WAN1, …][@S:R=4:2, SRC:PORT->DST:PORT]")
            for (int next = arrow; next > 0 && !IPAddress.TryParse(ArrowEnds(line, next, out _, out _, out _, out _), out _);)
            {
                int further = line[(next + 2)..].IndexOf("->", StringComparison.Ordinal);
                next = further < 0 ? -1 : next + 2 + further;
                if (next > 0 && IPAddress.TryParse(ArrowEnds(line, next, out _, out _, out _, out _), out _))
                {
                    arrow = next;
                }
            }

            source = ArrowEnds(line, arrow, out sourcePort, out destination, out destinationPort, out _);
            return source.Length > 0;
        }

        // "src IFACE:ADDR/PORT dst IFACE:ADDR/PORT" (Cisco ASA)
        if (TryReadInterfaceFlow(line, out source, out sourcePort, out destination, out destinationPort))
        {
            return true;
        }

        // a record's fields: Suricata's EVE JSON ("src_ip", "dest_ip"), a firewall's key=value record (srcip=, dstip=), Zeek's
        // "id.orig_h"/"id.resp_h"; the first name of each list the line holds
        source = FieldValue(line, SourceKeys);
        if (source.IsEmpty)
        {
            return false;
        }

        destination = FieldValue(line, DestinationKeys);
        sourcePort = PortOf(FieldValue(line, SourcePortKeys));
        destinationPort = PortOf(FieldValue(line, DestinationPortKeys));
        // a port (and an interface) glued on the address: "src=198.51.100.5:51234:X1"
        SplitPort(source, out source, out int gluedSource);
        SplitPort(destination, out destination, out int gluedDestination);
        sourcePort = sourcePort == 0 ? gluedSource : sourcePort;
        destinationPort = destinationPort == 0 ? gluedDestination : destinationPort;
        return source.Length > 0;
    }

    /// <summary>The source (returned) and destination either side of the arrow at <paramref name="arrow"/>.</summary>
    private static ReadOnlySpan<char> ArrowEnds(ReadOnlySpan<char> line, int arrow, out int sourcePort, out ReadOnlySpan<char> destination, out int destinationPort, out bool found)
    {
        var from = line[..arrow].TrimEnd(' ');
        // "198.51.100.5(51234) -> …" (IOS access lists): the port in parentheses after the address
        int start = (from.Length > 0 && from[^1] == ')' ? from.LastIndexOfAny(' ', ',') : from.LastIndexOfAny(' ', ',', '(')) + 1;
        var to = line[(arrow + 2)..].TrimStart(' ');
        // the destination ends at a space, a comma, or a bracket that closes the flow's field ("…, SRC:PORT->DST:PORT][TCP]")
        int end = to.IndexOfAny(FlowEnd);
        SplitPort(from[start..], out var source, out sourcePort);
        SplitPort(end < 0 ? to : to[..end], out destination, out destinationPort);
        found = source.Length > 0;
        return source;
    }

    private static readonly System.Buffers.SearchValues<char> FlowEnd = System.Buffers.SearchValues.Create(" \t,]");

    private static bool TryReadInterfaceFlow(ReadOnlySpan<char> line, out ReadOnlySpan<char> source, out int sourcePort, out ReadOnlySpan<char> destination, out int destinationPort)
    {
        source = destination = default;
        sourcePort = destinationPort = 0;
        int src = line.IndexOf(" src ", StringComparison.Ordinal);
        int dst = src < 0 ? -1 : line[src..].IndexOf(" dst ", StringComparison.Ordinal);
        if (dst < 0)
        {
            return false;
        }

        dst += src;
        var from = line[(src + 5)..dst];
        var rest = line[(dst + 5)..];
        int end = rest.IndexOfAny(' ', ',');
        var to = end < 0 ? rest : rest[..end];
        int fromColon = from.IndexOf(':'), toColon = to.IndexOf(':');
        if (fromColon < 0 || toColon < 0)
        {
            return false;
        }

        SplitPort(from[(fromColon + 1)..], out source, out sourcePort);
        SplitPort(to[(toColon + 1)..], out destination, out destinationPort);
        return source.Length > 0;
    }

    private static readonly string[] SourceKeys = ["src_ip", "srcip", "src-ip", "src_addr", "id.orig_h", "source.ip", "src"];
    private static readonly string[] DestinationKeys = ["dest_ip", "dstip", "dst_ip", "dst-ip", "dest_addr", "dst_addr", "id.resp_h", "destination.ip", "dst"];
    private static readonly string[] SourcePortKeys = ["src_port", "srcport", "src-port", "id.orig_p", "source.port", "sport", "spt"];
    private static readonly string[] DestinationPortKeys = ["dest_port", "dstport", "dst_port", "dst-port", "id.resp_p", "destination.port", "dport", "dpt"];

    /// <summary>The value of the first of <paramref name="keys"/> the line holds as <c>"key":"v"</c>, <c>"key":v</c>, <c>key=v</c> or <c>key="v"</c>.</summary>
    internal static ReadOnlySpan<char> FieldValue(ReadOnlySpan<char> line, string[] keys)
    {
        foreach (string key in keys)
        {
            int from = 0;
            while (from < line.Length)
            {
                int at = line[from..].IndexOf(key, StringComparison.OrdinalIgnoreCase);
                if (at < 0)
                {
                    break;
                }

                at += from;
                from = at + key.Length;
                if (at > 0 && (char.IsAsciiLetterOrDigit(line[at - 1]) || line[at - 1] is '_' or '.' or '-'))
                {
                    continue; // part of a longer name
                }

                var rest = line[from..];
                if (rest.Length > 0 && rest[0] == '"' && at > 0 && line[at - 1] == '"')
                {
                    rest = rest[1..]; // "key":
                }

                if (rest.Length < 2 || rest[0] is not ('=' or ':'))
                {
                    continue;
                }

                rest = rest[1..].TrimStart(' ');
                bool quoted = rest.Length > 0 && rest[0] is '"' or '\'';
                if (quoted)
                {
                    rest = rest[1..];
                }

                int end = quoted ? rest.IndexOfAny('"', '\'') : rest.IndexOfAny(' ', ',', '}');
                var value = end < 0 ? rest : rest[..end];
                if (!value.IsEmpty)
                {
                    return value;
                }
            }
        }

        return default;
    }

    private static int PortOf(ReadOnlySpan<char> value) =>
        value.Length is > 0 and <= 5 && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) ? port : 0;

    /// <summary>
    /// "192.0.2.5:4444" → 192.0.2.5, 4444; an IPv6 address keeps its colons unless bracketed ("[2001:db8::1]:443"); Junos
    /// writes an IPv4 endpoint's port after a slash ("192.0.2.5/4444").
    /// </summary>
    private static void SplitPort(ReadOnlySpan<char> endpoint, out ReadOnlySpan<char> address, out int port)
    {
        port = 0;
        if (endpoint.Length > 0 && endpoint[^1] == ')' && endpoint.IndexOf('(') is int open and > 0)
        {
            // "198.51.100.5(51234)"
            _ = int.TryParse(endpoint[(open + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out port);
            address = endpoint[..open];
            return;
        }

        if (endpoint.Count(':') == 2 && endpoint.IndexOf('.') > 0 && endpoint.LastIndexOf(':') is int last && last < endpoint.Length - 1
            && char.IsAsciiLetter(endpoint[last + 1]))
        {
            // "198.51.100.5:51234:X1": an IPv4 address, its port and the interface (SonicWall)
            endpoint = endpoint[..last];
        }

        address = endpoint;
        int slash = endpoint.IndexOf('/');
        if (slash > 0 && !endpoint.Contains(':') && int.TryParse(endpoint[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int afterSlash))
        {
            port = afterSlash;
            address = endpoint[..slash];
            return;
        }

        int colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || (endpoint[..colon].Contains(':') && endpoint[colon - 1] != ']'))
        {
            address = endpoint.Trim("[]");
            return;
        }

        if (int.TryParse(endpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int parsed))
        {
            port = parsed;
            address = endpoint[..colon].Trim("[]");
        }
    }

    /// <summary>Two IPv4 addresses in one /24.</summary>
    private static bool SameNetwork(ReadOnlySpan<char> source, ReadOnlySpan<char> destination)
    {
        int last = source.LastIndexOf('.');
        return last > 0 && destination.Length > last && destination[last] == '.' && source[..last].SequenceEqual(destination[..last])
            && !source.Contains(':') && IPAddress.TryParse(source, out _) && IPAddress.TryParse(destination, out _);
    }

    /// <summary>RFC 1918, loopback, link-local, carrier-grade NAT and IPv6 unique-local addresses.</summary>
    internal static bool IsPrivate(ReadOnlySpan<char> text)
    {
        if (!IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && (b[1] & 0xC0) == 64);
        }

        return address.IsIPv6LinkLocal || address.IsIPv6UniqueLocal || address.IsIPv6SiteLocal;
    }
}
