using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LogWarden.Detect.Security;
using LogWarden.Parse;

namespace LogWarden.Detect.Baselines;

/// <summary>
/// Visitors arriving at a source whose traffic lines start with a client address (an access log in the usual
/// formats): a client not seen on the source for <see cref="ForgetMinutes"/> that makes <see cref="VisitorLines"/>
/// traffic lines within a minute of its first is one arrival, counted per minute against the hour-of-week
/// baseline (<see cref="CountBaseline"/>). A surge of traffic (a newsletter, a link on a big site) is many
/// more people arriving, which this count shows within a minute or two; the line count shows it later,
/// as it must be judged against the burstiness that one crawler or one page load of assets gives it.
/// Drive-by requests (a scanner's one probe, a monitor polling from the same address) are not arrivals,
/// so the count is close to Poisson and its threshold can be tight.
/// </summary>
/// <remarks>
/// Only traffic lines are offered (not security events or errors). The client is the line's leading token
/// when it is an IP address (<see cref="AddressFinder.LooksLikeAddress"/>): the client field of access logs in
/// the common, combined and most custom formats, read without allocating (a known client is looked up by its
/// span). A JSON record's client is the address in its first field that names the remote party
/// (<see cref="WebRequestClassifier.FieldNames.RemoteAddressOf"/>, as the security recogniser reads it: "remote_addr",
/// "request.remote_ip", "ClientHost", "source.ip"); any other line's, the client of the request the security recogniser
/// read from it (HAProxy's log behind a syslog header, W3C). A source whose traffic lines mostly name no client (a syslog, a JSON
/// app log without one) stops being looked at after <see cref="ProbeLines"/> lines.
/// Clients are remembered by address in a bounded table (<see cref="MaxClients"/>; stale entries pruned
/// when full, else the table starts over and counts what it dropped).
/// </remarks>
internal sealed class VisitorArrivals(SpikeRule rule)
{
    public const int ForgetMinutes = 30;
    public const int VisitorLines = 3;
    public const int ProbeLines = 1024;
    public const int MaxClients = 8192;

    private readonly Dictionary<string, Client> _clients = new(StringComparer.Ordinal);

    /// <summary>
    /// Clients written as a plain dotted quad (most access logs), keyed by its number (<see cref="TryPackIPv4"/>): a
    /// lookup then neither hashes nor compares text, and the entry sits in the table rather than behind a reference.
    /// </summary>
    private readonly Dictionary<uint, Client> _ipv4Clients = [];
    private int _probed;
    private int _named;
    private WebRequestClassifier.FieldNames? _fieldNames;

    /// <summary>Arrivals per minute: window, hour-of-week profile, threshold.</summary>
    public readonly CountBaseline Counts = new(rule);

    /// <summary>Whether the source's traffic lines name clients (false once its first lines showed they mostly do not).</summary>
    public bool Looking { get; private set; } = true;

    /// <summary>Clients dropped from the table when it filled with recent ones.</summary>
    public long Evicted { get; private set; }

    /// <summary>Notes a traffic line; true when it made an arrival that put the window at or over the threshold.</summary>
    /// <param name="requestClient">
    /// The client of the request the security recogniser read from the line (<see cref="LogObservation.Request"/>), if
    /// any: a request log whose lines start with a syslog header or a time (HAProxy via syslog, W3C) names it there.
    /// </param>
    public bool Observe(LogRecord record, long ticks, long minute, ReadOnlySpan<char> requestClient = default)
    {
        if (!Looking)
        {
            return false;
        }

        ReadOnlySpan<char> raw = record.Raw;
        int space = raw.IndexOf(' ');
        ReadOnlySpan<char> client = space > 0 && space <= 45 ? raw[..space] : [];
        bool packed = TryPackIPv4(client, out uint ipv4); // a plain dotted quad is an address (AddressFinder.LooksLikeAddress)
        bool named = packed || (client.Length > 0 && AddressFinder.LooksLikeAddress(client));
        if (!named)
        {
            // a JSON record's remote field, else the client of the request the recogniser read
            ReadOnlySpan<char> other = raw.Length > 0 && raw[0] == '{' && ClientOfFields(record) is { } field ? field : requestClient;
            if (!other.IsEmpty)
            {
                client = other;
                named = true;
                packed = TryPackIPv4(client, out ipv4);
            }
        }

        if (_probed < ProbeLines)
        {
            _probed++;
            _named += named ? 1 : 0;
            if (_probed == ProbeLines && _named * 2 < _probed)
            {
                Looking = false;
                _clients.Clear();
                _ipv4Clients.Clear();
                return false;
            }
        }

        if (!named)
        {
            return false;
        }

        // One lookup for a known client: its entry is updated in place (most lines are a client seen before).
        ref Client known = ref packed
            ? ref CollectionsMarshal.GetValueRefOrNullRef(_ipv4Clients, ipv4)
            : ref CollectionsMarshal.GetValueRefOrNullRef(_clients.GetAlternateLookup<ReadOnlySpan<char>>(), client);
        if (!Unsafe.IsNullRef(ref known))
        {
            if (ticks - known.Last <= ForgetMinutes * LogClock.TicksPerMinute)
            {
                known.Last = Math.Max(known.Last, ticks);
                bool arrived = known.Lines < VisitorLines && ++known.Lines == VisitorLines && ticks - known.First <= LogClock.TicksPerMinute;
                return arrived && Counts.Add(minute);
            }

            // Back after ForgetMinutes: a new visit of the same client, in the entry it had.
            known = new Client { First = ticks, Last = ticks, Lines = 1 };
            return VisitorLines == 1 && Counts.Add(minute);
        }

        if (ClientCount >= MaxClients)
        {
            Prune(ticks);
        }

        var entry = new Client { First = ticks, Last = ticks, Lines = 1 };
        if (packed)
        {
            _ipv4Clients[ipv4] = entry;
        }
        else
        {
            _clients.GetAlternateLookup<ReadOnlySpan<char>>()[client] = entry;
        }

        return VisitorLines == 1 && Counts.Add(minute);
    }

    /// <summary>Clients remembered (both tables).</summary>
    internal int ClientCount => _clients.Count + _ipv4Clients.Count;

    /// <summary>
    /// The four octets of <paramref name="text"/> when it is exactly a dotted quad written the one usual way (1–3
    /// digits an octet, each at most 255, no leading zero): then text and number name each other one to one, so
    /// keying a client by the number tells the same clients apart as keying it by the text. Any other spelling
    /// ("010.0.0.1", "1.2.3.4:80", IPv6) is keyed by its text, as before.
    /// </summary>
    internal static bool TryPackIPv4(ReadOnlySpan<char> text, out uint address)
    {
        address = 0;
        if (text.Length is < 7 or > 15)
        {
            return false;
        }

        int position = 0;
        for (int octet = 0; octet < 4; octet++)
        {
            if (octet > 0)
            {
                if (position >= text.Length || text[position] != '.')
                {
                    return false;
                }

                position++;
            }

            int start = position;
            int value = 0;
            while (position < text.Length && position - start < 3 && char.IsAsciiDigit(text[position]))
            {
                value = (value * 10) + (text[position] - '0');
                position++;
            }

            int digits = position - start;
            if (digits == 0 || value > 255 || (digits > 1 && text[start] == '0'))
            {
                return false;
            }

            address = (address << 8) | (uint)value;
        }

        return position == text.Length;
    }

    /// <summary>The IP address in the record's remote-party field, if it has one (host names are not clients here).</summary>
    private string? ClientOfFields(LogRecord record)
    {
        _fieldNames ??= new WebRequestClassifier.FieldNames(SecurityDefinitions.Default);
        return _fieldNames.RemoteAddressOf(record.Fields) is { IsHostName: false } ip ? ip.Value : null;
    }

    private void Prune(long ticks)
    {
        long stale = ticks - (ForgetMinutes * LogClock.TicksPerMinute);
        foreach (KeyValuePair<string, Client> entry in _clients)
        {
            if (entry.Value.Last < stale)
            {
                _clients.Remove(entry.Key);
            }
        }

        foreach (KeyValuePair<uint, Client> entry in _ipv4Clients)
        {
            if (entry.Value.Last < stale)
            {
                _ipv4Clients.Remove(entry.Key);
            }
        }

        if (ClientCount >= MaxClients)
        {
            Evicted += ClientCount;
            _clients.Clear();
            _ipv4Clients.Clear();
        }
    }

    private struct Client
    {
        public long First;
        public long Last;
        public int Lines;
    }
}
