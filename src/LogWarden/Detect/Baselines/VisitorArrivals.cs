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
/// "request.remote_ip", "ClientHost", "source.ip"). A source whose traffic lines mostly name no client (a syslog, a JSON
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
    public bool Observe(LogRecord record, long ticks, long minute)
    {
        if (!Looking)
        {
            return false;
        }
        ReadOnlySpan<char> raw = record.Raw;
        int space = raw.IndexOf(' ');
        ReadOnlySpan<char> client = space > 0 && space <= 45 ? raw[..space] : [];
        bool named = client.Length > 0 && AddressFinder.LooksLikeAddress(client);
        if (!named && raw.Length > 0 && raw[0] == '{' && ClientOfFields(record) is { } field)
        {
            client = field;
            named = true;
        }
        if (_probed < ProbeLines)
        {
            _probed++;
            _named += named ? 1 : 0;
            if (_probed == ProbeLines && _named * 2 < _probed)
            {
                Looking = false;
                _clients.Clear();
                return false;
            }
        }
        if (!named)
        {
            return false;
        }
        Dictionary<string, Client>.AlternateLookup<ReadOnlySpan<char>> clients = _clients.GetAlternateLookup<ReadOnlySpan<char>>();
        // One lookup for a known client: its entry is updated in place (most lines are a client seen before).
        bool exists = clients.TryGetValue(client, out Client? known);
        if (exists && ticks - known!.Last <= ForgetMinutes * LogClock.TicksPerMinute)
        {
            known.Last = Math.Max(known.Last, ticks);
            bool arrived = known.Lines < VisitorLines && ++known.Lines == VisitorLines && ticks - known.First <= LogClock.TicksPerMinute;
            return arrived && Counts.Add(minute);
        }
        if (exists)
        {
            // Back after ForgetMinutes: a new visit of the same client, in the entry it had.
            known!.First = ticks;
            known.Last = ticks;
            known.Lines = 1;
            return VisitorLines == 1 && Counts.Add(minute);
        }
        if (_clients.Count >= MaxClients)
        {
            Prune(ticks);
        }
        clients[client] = new Client { First = ticks, Last = ticks, Lines = 1 };
        return VisitorLines == 1 && Counts.Add(minute);
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
        if (_clients.Count >= MaxClients)
        {
            Evicted += _clients.Count;
            _clients.Clear();
        }
    }

    private sealed class Client
    {
        public long First;
        public long Last;
        public int Lines;
    }
}
