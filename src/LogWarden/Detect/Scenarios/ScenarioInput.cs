using LogWarden.Detect.Security;
using LogWarden.Mine;

namespace LogWarden.Detect.Scenarios;

/// <summary>
/// Turns an observation into a <see cref="ScenarioEvent"/>: the security event's kind and entities, the
/// service of its program, whether it starts a login attempt, and for web access records the status and
/// whether the path was ever served. An access line that is no security event becomes an
/// <c>http-request</c> (successes and server errors count in web scenarios), and its path, when served,
/// is learned. A line that is neither returns false at the cost of two field checks.
/// </summary>
internal sealed class ScenarioInput
{
    /// <summary>The kind of an access line that is no security event.</summary>
    public const string HttpRequest = "http-request";

    private readonly ServiceMap _services;
    private readonly AttemptTracker _attempts;
    private readonly ServedPaths _served;
    private readonly IReadOnlySet<string> _attemptKinds;
    private readonly bool _readAccessLines;
    private string? _lastSite;
    private ulong _lastSiteHash;

    /// <param name="attemptKinds">The kinds some scenario counts in attempts (only those pay for the connection lookup).</param>
    /// <param name="readAccessLines">Whether some scenario looks at access lines that are no security event.</param>
    public ScenarioInput(ServiceMap services, ScenarioOptions options, IReadOnlySet<string> attemptKinds, bool readAccessLines)
    {
        _services = services;
        _attempts = new AttemptTracker(options.MaxConnections);
        _served = new ServedPaths(options.MaxServedPaths);
        _attemptKinds = attemptKinds;
        _readAccessLines = readAccessLines;
    }

    public ServiceMap Services => _services;

    public int Tracked => _attempts.Count + _served.Count;

    public long Evicted => _attempts.Evicted + _served.Evicted;

    public bool TryRead(LogObservation line, out ScenarioEvent scenarioEvent)
    {
        var security = line.Security;
        var record = line.Record;
        bool access = false;
        AccessLine request = default;
        if ((_readAccessLines || security is not null) && record.Fields.Count >= 2)
        {
            access = AccessFields.TryRead(record, out request);
        }

        if (security is null && !access)
        {
            scenarioEvent = default;
            return false;
        }

        string? host = ScenarioEvent.HostOf(line);
        long ticks = line.Time.UtcTicks;
        if (security is null)
        {
            if (request.Status is >= 200 and < 400 && !request.Path.IsEmpty)
            {
                _served.Add(SiteHash(host), request.Path);
            }

            scenarioEvent = new ScenarioEvent
            {
                Line = line,
                Kind = HttpRequest,
                Address = request.Client,
                User = request.User,
                Service = ServiceMap.Web,
                Host = host,
                Status = request.Status,
                Ticks = ticks,
            };
            return true;
        }

        string kind = security.Kind;
        string? address = security.Ip ?? security.Host;
        bool web = access || kind.StartsWith("web-", StringComparison.Ordinal) || kind == SecurityEventKinds.BadBot;
        string? service = web ? ServiceMap.Web : _services.Resolve(record.Program ?? UnitOf(line));
        bool attempt = false;
        if (address is not null && _attemptKinds.Contains(kind))
        {
            // Without a program there is no connection to group by: every line is an attempt.
            attempt = record.Program is not { } program
                || _attempts.IsNewAttempt(program, record.Pid ?? -1, address, AttemptTracker.Shape(line.Template, security.User));
        }

        scenarioEvent = new ScenarioEvent
        {
            Line = line,
            Kind = kind,
            Hostile = security.Hostile,
            Address = address,
            User = security.User ?? (access ? request.User : null),
            Path = security.Path,
            Service = service,
            Host = host,
            Status = access ? request.Status : 0,
            Attempt = attempt,
            PathUnserved = security.Path is { } path && !_served.Contains(SiteHash(host), path),
            Ticks = ticks,
        };
        return true;
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

    private static string? UnitOf(LogObservation line)
    {
        var pairs = line.Labels.Pairs;
        for (int i = 0; i < pairs.Count; i++)
        {
            if (pairs[i].Key == "unit")
            {
                return pairs[i].Value;
            }
        }

        return null;
    }
}
