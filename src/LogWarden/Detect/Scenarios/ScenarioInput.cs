using LogWarden.Detect.Security;
using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Detect.Scenarios;

/// <summary>
/// Fills the detector's <see cref="ScenarioEvent"/> from an observation: the security event's kind and
/// entities, the service of its program, whether it starts a login attempt, and for web access records the
/// status and whether the path was ever served. An access line that is no security event becomes an
/// <c>http-request</c> (successes and server errors count in web scenarios), and its path, when served,
/// is learned. So does a request the recogniser read from a layout of its own (<see cref="LogObservation.Request"/>:
/// HAProxy's log, W3C, a framework's request record). A line that is neither costs three checks.
/// </summary>
internal sealed class ScenarioInput
{
    /// <summary>The kind of an access line that is no security event.</summary>
    public const string HttpRequest = "http-request";

    private readonly ServiceMap _services;
    private readonly AttemptTracker _attempts;
    private readonly ServedPaths _served;
    private readonly AccessFields _fields = new();
    private readonly Dictionary<string, KindRoute> _routes;
    private readonly KindRoute _otherKinds;
    private readonly KindRoute _httpRequests;
    private readonly bool _readAccessLines;
    private readonly AttemptLineDefinition[] _attemptLines;
    private readonly BucketTable _buckets;

    /// <summary>
    /// By HTTP status: whether some scenario's <c>when</c> may take an access line of that status that is no
    /// security event, and which scenarios may count it as a success. Most lines of a web server are 2xx/3xx that
    /// no test takes; they matter only to the buckets an attack already opened — and only to those keyed by the
    /// line's client (<see cref="BucketTable.MayHoldAddress(ScenarioRuntime, int)"/>) — so a line whose client has no such bucket costs
    /// its served path and no more (no client string, no event, no scenario offered). On a public server some
    /// attack's bucket is live nearly all the time, so asking only whether any was live left most lines on the
    /// full path.
    /// </summary>
    private readonly bool[] _httpStatusTaken = new bool[MaxStatus + 1];

    /// <summary>By HTTP status, the <c>http-request</c> scenarios that may count such a line as a success, each with its bit (its place in the route).</summary>
    private readonly (ScenarioRuntime Scenario, ulong Bit)[][] _httpSuccessesAt = new (ScenarioRuntime, ulong)[MaxStatus + 1][];

    /// <summary>Routes of a few of the <c>http-request</c> scenarios (by their bits): the successes' routes <see cref="HttpRouteOf"/> makes, made once.</summary>
    private readonly Dictionary<ulong, KindRoute> _successRoutes = [];

    private const int MaxStatus = 999;

    // The hash of the last access line's client, when HttpRouteOf computed it: the event's AddressHash (the same characters).
    private int _clientHash;
    private bool _clientHashed;
    private string? _lastKind;
    private KindRoute? _lastRoute;
    private string? _lastSite;
    private ulong _lastSiteHash;
    private char[] _messageScratch = new char[256];

    /// <param name="routes">Where each kind goes; <paramref name="otherKinds"/> takes the kinds not in it.</param>
    /// <param name="buckets">The detector's buckets, asked whether a request's client may count a success in one.</param>
    public ScenarioInput(ServiceMap services, ScenarioOptions options, IReadOnlyList<AttemptLineDefinition> attemptLines, Dictionary<string, KindRoute> routes, KindRoute otherKinds, BucketTable buckets)
    {
        _buckets = buckets;
        _attemptLines = [.. attemptLines];
        _services = services;
        _attempts = new AttemptTracker(options.MaxConnections);
        _served = new ServedPaths(options.MaxServedPaths);
        _routes = routes;
        _otherKinds = otherKinds;
        _httpRequests = routes.GetValueOrDefault(HttpRequest) ?? otherKinds;
        _readAccessLines = _httpRequests.Scenarios.Length > 0;
        for (int status = 0; status <= MaxStatus; status++)
        {
            _httpStatusTaken[status] = _httpRequests.Scenarios.Any(s => s.Definition.When.Any(f => MayTakeHttpRequest(f, status)));
            // Past 64 scenarios every success takes the whole route (a bit each is what a reduced route needs).
            _httpSuccessesAt[status] = _httpRequests.Scenarios.Length > 64
                ? [.. _httpRequests.Scenarios.Where(s => s.Definition.Success.Count > 0).Select(s => (s, 0UL))]
                : [.. _httpRequests.Scenarios.Select((s, i) => (s, 1UL << i)).Where(p => p.s.Definition.Success.Any(f => MayTakeHttpRequest(f, status)))];
        }
    }

    /// <summary>Whether an access line of <paramref name="status"/> that is no security event may pass <paramref name="filter"/> (its other tests can only refuse it).</summary>
    private static bool MayTakeHttpRequest(EventFilter filter, int status) =>
        (filter.Kinds is null || filter.Kinds.Contains(HttpRequest)) && (filter.StatusMin == 0 || (status >= filter.StatusMin && status <= filter.StatusMax));

    /// <summary>
    /// Where an access line of <paramref name="status"/> from <paramref name="client"/> that is no security event goes:
    /// null when it can change nothing but the served paths; the route of every <c>http-request</c> scenario when some
    /// <c>when</c> may take its status; else a route of only the scenarios that may count it as a success in a live
    /// bucket (those keyed by address only when its client may hold one). The others could do nothing with the line:
    /// no <c>when</c> takes it and no success of theirs can find a bucket, so they are not offered it at all. Most lines
    /// of a busy site are such successes, and a site's 5xx burst keeps a bucket live nearly all the time: offered to
    /// that scenario alone, not to every web scenario.
    /// </summary>
    private KindRoute? HttpRouteOf(int status, ReadOnlySpan<char> client)
    {
        if ((uint)status > MaxStatus || _httpStatusTaken[status])
        {
            return _httpRequests;
        }

        ulong mask = 0;
        int clientHash = 0;
        bool clientHashed = false;
        _clientHashed = false;
        foreach (var (scenario, bit) in _httpSuccessesAt[status])
        {
            if (scenario.LiveBuckets <= 0)
            {
                continue;
            }

            if (scenario.KeyedByAddress)
            {
                if (!clientHashed)
                {
                    clientHash = string.GetHashCode(client);
                    clientHashed = true;
                    (_clientHash, _clientHashed) = (clientHash, true);
                }

                if (!_buckets.MayHoldAddress(scenario, clientHash))
                {
                    continue;
                }
            }

            if (bit == 0)
            {
                return _httpRequests;
            }

            mask |= bit;
        }

        if (mask == 0)
        {
            return null;
        }

        return _successRoutes.TryGetValue(mask, out var route) ? route : AddSuccessRoute(mask);
    }

    /// <summary>The route of the <c>http-request</c> scenarios whose bits <paramref name="mask"/> holds, in their order (made once per set).</summary>
    private KindRoute AddSuccessRoute(ulong mask)
    {
        var route = new KindRoute([.. _httpRequests.Scenarios.Where((_, i) => (mask & (1UL << i)) != 0)], _httpRequests.CountsAttempts, HttpRequest);
        _successRoutes.Add(mask, route);
        return route;
    }

    public int Tracked => _attempts.Count + _served.Count;

    public long Evicted => _attempts.Evicted + _served.Evicted;

    public bool TryRead(LogObservation line, ScenarioEvent e)
    {
        var security = line.Security;
        var record = line.Record;
        bool access = false;
        AccessLine request = default;
        var httpRoute = _httpRequests;
        _clientHashed = false;
        if ((_readAccessLines || security is not null) && (AccessLogDecoder.IsAccessRecord(record) || record.Fields.Count >= 2))
        {
            if (security is null && line.TryAccessParts(out var parts))
            {
                if (HttpRouteOf(parts.Status, parts.Client.Span) is not { } partsRoute)
                {
                    var servedPath = AccessFields.PathOf(parts.Target, parts.Request);
                    if (parts.Status is >= 200 and < 400 && !servedPath.IsEmpty)
                    {
                        _served.Add(SiteHash(ScenarioEvent.HostOf(line)), servedPath);
                    }

                    return false;
                }

                httpRoute = partsRoute;
            }

            access = _fields.TryRead(line, out request);
        }

        if (!access && (_readAccessLines || security is not null) && line.Request is { Status: > 0 } read && !read.Client.IsEmpty)
        {
            // A request the recogniser read in a layout of its own (HAProxy's log, W3C, a framework's request record): an
            // access line like any other, so its successes and server errors count and its served paths are learned.
            var readPath = AccessFields.PathOf(read.Target, read.Request);
            if (security is null)
            {
                if (HttpRouteOf(read.Status, read.Client.Span) is not { } readRoute)
                {
                    if (read.Status is >= 200 and < 400 && !readPath.IsEmpty)
                    {
                        _served.Add(SiteHash(ScenarioEvent.HostOf(line)), readPath);
                    }

                    return false;
                }

                httpRoute = readRoute;
            }

            request = new AccessLine { Status = read.Status, ClientSlice = read.Client, Path = readPath };
            access = true;
        }

        if (security is null)
        {
            if (!access)
            {
                return _attemptLines.Length > 0 && TryReadAttemptLine(line, e);
            }

            string? site = ScenarioEvent.HostOf(line);
            if (request.Status is >= 200 and < 400 && !request.Path.IsEmpty)
            {
                _served.Add(SiteHash(site), request.Path);
            }

            e.Start(line, HttpRequest, httpRoute);
            if (request.Client is null)
            {
                e.SetAddress(request.ClientSlice, _fields.Values);
                if (_clientHashed)
                {
                    e.KnowAddressHash(_clientHash);
                }
            }
            else
            {
                e.Address = request.Client;
            }
            e.User = request.User;
            e.Service = ServiceMap.Web;
            e.Host = site;
            e.Status = request.Status;
            e.SuccessOnly = (uint)request.Status <= MaxStatus && !_httpStatusTaken[request.Status]; // no when takes it (HttpRouteOf)
            return true;
        }

        string kind = security.Kind;
        e.Start(line, kind, RouteOf(kind));
        string? address = security.Ip ?? security.Host;
        string? host = ScenarioEvent.HostOf(line);
        bool web = access || kind.StartsWith("web-", StringComparison.Ordinal) || kind == SecurityEventKinds.BadBot;
        e.Hostile = security.Hostile;
        e.Address = address;
        e.User = security.User ?? (access ? request.User : null);
        e.Path = security.Path;
        e.Service = web ? ServiceMap.Web : ServiceOf(line);
        e.Host = host;
        e.Status = access ? request.Status : 0;
        e.PathUnserved = security.Path is { } path && !_served.Contains(SiteHash(host), path);
        if (address is not null && e.Route.CountsAttempts)
        {
            int reported = security.Hostile ? ReportedAttempts.Of(line.Record.MessageChars(ref _messageScratch)) : 1;
            e.Attempts = NewAttempts(line, e, address, security.User, reported);
            e.Attempt = e.Attempts > 0;
        }

        return true;
    }

    /// <summary>A line the recogniser left alone that an attempt-line definition says is a login attempt.</summary>
    private bool TryReadAttemptLine(LogObservation line, ScenarioEvent e)
    {
        // Its characters first: most lines end in no definition's suffix, and for them no message string is made.
        var chars = line.Record.MessageChars(ref _messageScratch);
        string? message = null;
        foreach (var definition in _attemptLines)
        {
            if (!chars.EndsWith(definition.Suffix, StringComparison.Ordinal))
            {
                continue;
            }

            message ??= line.Record.Message;
            var match = definition.Pattern.Match(message, 0, Math.Min(message.Length, SecurityEventRecognizer.MaxScannedChars));
            if (!match.Success || AddressFinder.FromFieldValue(match.Groups["addr"].Value) is not { IsHostName: false } address)
            {
                continue;
            }

            var record = line.Record;
            string? user = match.Groups["user"] is { Success: true, Length: > 0 } u ? u.Value : null;
            e.Start(line, definition.Kind, RouteOf(definition.Kind));
            e.Hostile = definition.Hostile;
            e.Address = address.Value;
            e.User = user;
            e.Service = ServiceOf(line);
            e.Host = ScenarioEvent.HostOf(line);
            if (e.Route.CountsAttempts)
            {
                e.Attempts = NewAttempts(line, e, address.Value, user, 1);
                e.Attempt = e.Attempts > 0;
            }

            return true;
        }

        return false;
    }

    /// <summary>
    /// Whether the line starts a login attempt. Connections are told apart by service rather than program, so
    /// that Dovecot's "auth" helper and its login process, writing one line each per attempt, count it once.
    /// Without a program there is no connection to group by: every line is an attempt, or as many as it reports.
    /// </summary>
    private int NewAttempts(LogObservation line, ScenarioEvent e, string address, string? user, int reported) =>
        line.Record.Program is not { } program
            ? Math.Clamp(reported, 1, ReportedAttempts.Max)
            : _attempts.NewAttempts(e.Service ?? program, line.Record.Pid ?? -1, address, e.HashOf(ScenarioEntity.Ip), AttemptTracker.Shape(line.Template, user), line.SourceKey, reported, e.Host, e.Host is null ? 0 : e.HashOf(ScenarioEntity.Host));

    /// <summary>
    /// The service a login line is about: the one PAM names ("pam_unix(dovecot:auth): authentication
    /// failure" from Dovecot's "auth" helper is mail), else the program's (or the unit's).
    /// </summary>
    private string? ServiceOf(LogObservation line)
    {
        // The message's characters, not its string: no detector may ever ask for the string of a login line.
        var message = line.Record.MessageChars(ref _messageScratch);
        if (message.StartsWith("pam_", StringComparison.Ordinal))
        {
            var head = message[..Math.Min(message.Length, 48)];
            int open = head.IndexOf('(');
            int colon = open < 0 ? -1 : head[(open + 1)..].IndexOf(':');
            if (colon > 0)
            {
                return _services.Resolve(head.Slice(open + 1, colon));
            }
        }

        return _services.Resolve(line.Record.Program ?? ScenarioEvent.Label(line, "unit"))
            ?? _services.ResolvePath(ScenarioEvent.Label(line, "path")); // a daemon's own log file without a program (vsftpd.log, openvpn/server.log)
    }

    private KindRoute RouteOf(string kind)
    {
        // Kinds are a handful of strings the recogniser reuses: the last one is usually the next one.
        if (!ReferenceEquals(kind, _lastKind))
        {
            _lastKind = kind;
            _lastRoute = _routes.GetValueOrDefault(kind) ?? _otherKinds;
        }

        return _lastRoute!;
    }

    private ulong SiteHash(string? site)
    {
        if (!ReferenceEquals(site, _lastSite))
        {
            _lastSite = site;
            _lastSiteHash = site is null ? 0 : TokenHash.Of(site);
        }

        return _lastSiteHash;
    }
}
