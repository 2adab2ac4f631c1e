using LogWarden.Mine;

namespace LogWarden.Detect.Scenarios;

/// <summary>
/// One line as the scenarios see it: a security event (or, for an access line that is none, an
/// <c>http-request</c> with its status) with the entities scenarios key by. One instance per detector,
/// filled anew for each line by <see cref="ScenarioInput"/> (no allocation per line); the source and the
/// hash of each entity are worked out once, when a scenario first asks.
/// </summary>
internal sealed class ScenarioEvent
{
    private const int EntityCount = (int)ScenarioEntity.Program + 1;

    private readonly int[] _hashes = new int[EntityCount];
    private int _hashed;
    private readonly ulong[] _valueHashes = new ulong[EntityCount];
    private int _valueHashed;
    private string? _source;
    private bool _sourceRead;

    public LogObservation Line { get; private set; } = null!;

    public string Kind { get; private set; } = "";

    /// <summary>The scenarios that look at this kind of event, and whether it is counted in login attempts.</summary>
    public KindRoute Route { get; private set; } = null!;

    public bool Hostile { get; set; }

    private string? _address;
    private ReadOnlyMemory<char> _addressSlice;
    private RecentValues? _addressValues;

    /// <summary>The remote address, or the remote host name when the line names only that.</summary>
    public string? Address
    {
        get
        {
            if (_addressValues is { } values)
            {
                _address = values.Of(_addressSlice.Span);
                _addressValues = null;
                _addressSlice = default;
            }

            return _address;
        }

        set
        {
            _address = value;
            _addressValues = null;
            _addressSlice = default;
            _addressHashed = false;
        }
    }

    /// <summary>The address's text, without making it a string.</summary>
    public ReadOnlySpan<char> AddressSpan => _addressValues is not null ? _addressSlice.Span : _address.AsSpan();

    /// <summary>Whether the event has an address (<see cref="Address"/> is not null), without making it a string.</summary>
    public bool HasAddress => _addressValues is not null || _address is not null;

    private int _addressHash;
    private bool _addressHashed;

    /// <summary><see cref="BucketKey.HashOf"/> of the address, from its characters, once per event.</summary>
    public int AddressHash
    {
        get
        {
            if (!_addressHashed)
            {
                _addressHash = string.GetHashCode(AddressSpan);
                _addressHashed = true;
            }

            return _addressHash;
        }
    }

    /// <summary>Sets <see cref="AddressHash"/> when the caller hashed the address's characters already (<see cref="string.GetHashCode(ReadOnlySpan{char})"/>).</summary>
    public void KnowAddressHash(int hash)
    {
        if (HasAddress)
        {
            _addressHash = hash;
            _addressHashed = true;
        }
    }

    /// <summary>
    /// The address as a slice of the line, made a string (through <paramref name="values"/>) when a scenario first
    /// asks: an ordinary request is offered to the scenarios that count successes, and most of them (a site's 5xx
    /// burst, keyed by host) never look at its client.
    /// </summary>
    public void SetAddress(ReadOnlyMemory<char> address, RecentValues values)
    {
        Address = null;
        if (!address.IsEmpty)
        {
            _addressSlice = address;
            _addressValues = values;
        }
    }

    public string? User { get; set; }

    public string? Path { get; set; }

    public string? Service { get; set; }

    /// <summary>This machine as the line names it (the record's host, else the stream's host label), or an access log's virtual host.</summary>
    public string? Host { get; set; }

    /// <summary>The HTTP status of an access line; 0 otherwise.</summary>
    public int Status { get; set; }

    /// <summary>Whether this line starts a login attempt (see <see cref="AttemptTracker"/>).</summary>
    public bool Attempt { get; set; }

    /// <summary>How many login attempts this line adds (more than one when it reports several: <see cref="ReportedAttempts"/>); 0 when none.</summary>
    public int Attempts { get; set; }

    /// <summary>Whether the path's shape was never served successfully on this site.</summary>
    public bool PathUnserved { get; set; }

    /// <summary>Whether the user has logged in successfully on this host before (<see cref="AccountMemory"/>; set only when a scenario asks).</summary>
    public bool UserLogsIn { get; set; }

    /// <summary>Whether the address has tried an account that does not exist in the last 6–12 hours (<see cref="AccountMemory"/>).</summary>
    public bool AddressNamedUnknownUser { get; set; }

    /// <summary>Whether the address has logged in successfully on this host (an owner's, whose typo is no guess).</summary>
    public bool AddressLoggedIn { get; set; }

    public long Ticks { get; private set; }

    /// <summary>
    /// Whether no scenario's <c>when</c> can take this event: an access line that is no security event, of a status no
    /// <c>when</c> of the <c>http-request</c> scenarios takes (most of a web server's lines). It matters only to the success
    /// counts of live buckets, and a scenario is not asked to match it (<see cref="ScenarioRuntime.Match"/> would refuse it).
    /// </summary>
    public bool SuccessOnly { get; set; }

    /// <summary>Starts a new line: every entity is cleared.</summary>
    public void Start(LogObservation line, string kind, KindRoute route)
    {
        Line = line;
        Kind = kind;
        Route = route;
        Ticks = line.Time.UtcTicks;
        Hostile = Attempt = PathUnserved = UserLogsIn = AddressNamedUnknownUser = AddressLoggedIn = SuccessOnly = false;
        Address = User = Path = Service = Host = null;
        Status = Attempts = 0;
        _hashed = 0;
        _valueHashed = 0;
        _source = null;
        _sourceRead = false;
    }

    /// <summary>The stream the line came from: its file, unit or container.</summary>
    public string? Source
    {
        get
        {
            if (!_sourceRead)
            {
                _source = SourceOf(Line);
                _sourceRead = true;
            }

            return _source;
        }
    }

    public string? Entity(ScenarioEntity entity) => entity switch
    {
        ScenarioEntity.Ip => Address,
        ScenarioEntity.User => User,
        ScenarioEntity.Path => Path,
        ScenarioEntity.Service => Service,
        ScenarioEntity.Host => Host,
        ScenarioEntity.Source => Source,
        ScenarioEntity.Program => Line.Record.Program,
        _ => null,
    };

    /// <summary>The entity's hash (as <see cref="BucketKey"/> combines it), computed once per line.</summary>
    public int HashOf(ScenarioEntity entity)
    {
        int bit = 1 << (int)entity;
        if ((_hashed & bit) == 0)
        {
            string? value = entity == ScenarioEntity.Ip ? null : Entity(entity);
            _hashes[(int)entity] = entity == ScenarioEntity.Ip ? (HasAddress ? AddressHash : 0) // the same as BucketKey.HashOf(Address)
                : entity is ScenarioEntity.Source or ScenarioEntity.Host && value is not null ? _streamHashes.Of(value) : BucketKey.HashOf(value);
            _hashed |= bit;
        }

        return _hashes[(int)entity];
    }

    /// <summary>
    /// <see cref="TokenHash.Of(ReadOnlySpan{char})"/> of <paramref name="value"/>, the event's value of <paramref name="entity"/>:
    /// what <see cref="DistinctValues"/> remembers, computed once per line however many buckets count the value.
    /// </summary>
    public ulong ValueHashOf(ScenarioEntity entity, string value)
    {
        int bit = 1 << (int)entity;
        if ((_valueHashed & bit) == 0)
        {
            _valueHashes[(int)entity] = TokenHash.Of(value);
            _valueHashed |= bit;
        }

        return _valueHashes[(int)entity];
    }

    private readonly StreamHashes _streamHashes = new();

    /// <summary>
    /// The hashes of the last few sources and hosts, by reference: a stream's path and host are the same string
    /// on every line of it, and hashing a path of 40 characters on every access line showed in the profile.
    /// </summary>
    private sealed class StreamHashes
    {
        private readonly string?[] _values = new string?[8];
        private readonly int[] _hashes = new int[8];
        private int _next;

        public int Of(string value)
        {
            for (int i = 0; i < _values.Length; i++)
            {
                if (ReferenceEquals(_values[i], value))
                {
                    return _hashes[i];
                }
            }

            int hash = BucketKey.HashOf(value);
            _values[_next] = value;
            _hashes[_next] = hash;
            _next = (_next + 1) % _values.Length;
            return hash;
        }
    }

    /// <summary>The labels' file path, unit or container (in that order), else the record's source.</summary>
    public static string? SourceOf(LogObservation line)
    {
        string? path = null, unit = null, container = null;
        var pairs = line.Labels.Pairs;
        for (int i = 0; i < pairs.Count; i++)
        {
            var (name, value) = pairs[i];
            switch (name)
            {
                case "path":
                    path = value;
                    break;
                case "unit":
                    unit = value;
                    break;
                case "container":
                    container = value;
                    break;
            }
        }

        return path ?? unit ?? container ?? line.Record.Source;
    }

    /// <summary>The record's host, else the stream's <c>host</c> label.</summary>
    public static string? HostOf(LogObservation line) => line.Record.Host ?? Label(line, "host");

    public static string? Label(LogObservation line, string name)
    {
        var pairs = line.Labels.Pairs;
        for (int i = 0; i < pairs.Count; i++)
        {
            if (pairs[i].Key == name)
            {
                return pairs[i].Value;
            }
        }

        return null;
    }
}

/// <summary>
/// Where events of one kind go: the scenarios that look at the kind, and whether some counts it in attempts; and, by
/// service, the few of them a line of the kind and that service can reach at all (<see cref="For"/>).
/// </summary>
/// <param name="kind">The kind (null for a route of kinds no scenario names): what <see cref="For"/> tests the kinds of <c>when</c> with.</param>
internal sealed class KindRoute(ScenarioRuntime[] scenarios, bool countsAttempts, string? kind = null)
{
    private const int MaxServices = 256;

    private readonly Dictionary<string, ScenarioRuntime[]> _byService = new(StringComparer.Ordinal);
    private ScenarioRuntime[]? _noService;
    private string? _lastService;
    private ScenarioRuntime[]? _lastScenarios;

    public ScenarioRuntime[] Scenarios { get; } = scenarios;

    public bool CountsAttempts { get; } = countsAttempts;

    /// <summary>
    /// The scenarios of the route, in its order, that a line of its kind and <paramref name="service"/> may reach: some
    /// alternative of their <c>when</c> or <c>success</c> takes that kind and service (their other tests can only refuse).
    /// The others would refuse the line at once (an SSH failure is nothing to the mail, FTP and HTTP brute forces), so
    /// they are not offered it; worked out once per service.
    /// </summary>
    public ScenarioRuntime[] For(string? service)
    {
        if (service is null)
        {
            return _noService ??= Reachable(null);
        }

        if (ReferenceEquals(service, _lastService))
        {
            return _lastScenarios!;
        }

        if (!_byService.TryGetValue(service, out var reachable))
        {
            reachable = Reachable(service);
            if (_byService.Count >= MaxServices)
            {
                _byService.Clear();
            }

            _byService[service] = reachable;
        }

        _lastService = service;
        _lastScenarios = reachable;
        return reachable;
    }

    private ScenarioRuntime[] Reachable(string? service)
    {
        var reachable = Scenarios.Where(s => s.MayTake(kind, service)).ToArray();
        return reachable.Length == Scenarios.Length ? Scenarios : reachable;
    }
}
