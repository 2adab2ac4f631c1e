namespace LogWarden.Detect.Security;

/// <summary>Identifies one connection's lines: the program, its process id, and a connection or queue id when the line has one.</summary>
internal readonly record struct SessionKey(string Program, int Pid, string? Id);

/// <summary>What is known about one connection so far.</summary>
internal sealed class SessionState
{
    /// <summary>The remote party the connection came from, once a line named it.</summary>
    public RemoteAddress? Address { get; set; }

    /// <summary>Hostile lines seen in the connection (counted even when they named no one).</summary>
    public int Failures { get; set; }

    /// <summary>Whether an event of this connection has named its remote address yet.</summary>
    public bool AddressReported { get; set; }
}

/// <summary>
/// Connections a recogniser has seen, bounded: two generations of at most <see cref="GenerationSize"/>
/// sessions each; when the current one fills it becomes the previous one and the oldest generation is
/// dropped, so memory stays bounded and a session idle for two generations is forgotten (a pid reused
/// much later starts afresh).
/// </summary>
internal sealed class AuthSessions
{
    public const int GenerationSize = 4096;

    /// <summary>Programs a session was ever kept for, up to <see cref="MaxPrograms"/> (then any program may have one).</summary>
    public const int MaxPrograms = 256;

    private Dictionary<SessionKey, SessionState> _current = [];
    private Dictionary<SessionKey, SessionState> _previous = [];
    private readonly HashSet<string> _programs = new(StringComparer.Ordinal);

    public int Count => _current.Count + _previous.Count;

    /// <summary>
    /// False when no session of <paramref name="program"/> was ever kept, so none can be found: most lines of a
    /// system log (cron, systemd, a container runtime) come from programs no login passes through, and asking the
    /// sessions about them cost a connection-id search and a lookup each.
    /// </summary>
    public bool MayHold(string program) => _programs.Count >= MaxPrograms || _programs.Contains(program);

    public SessionState? Find(SessionKey key)
    {
        if (_current.TryGetValue(key, out var state))
        {
            return state;
        }

        if (_previous.Remove(key, out state))
        {
            Add(key, state);
            return state;
        }

        return null;
    }

    public SessionState GetOrAdd(SessionKey key)
    {
        if (Find(key) is { } state)
        {
            return state;
        }

        state = new SessionState();
        Add(key, state);
        return state;
    }

    /// <summary>A new connection under a key (a pid reused): forget what the old one did.</summary>
    public SessionState Restart(SessionKey key)
    {
        _previous.Remove(key);
        var state = new SessionState();
        _current.Remove(key);
        Add(key, state);
        return state;
    }

    private void Add(SessionKey key, SessionState state)
    {
        if (_programs.Count < MaxPrograms)
        {
            _programs.Add(key.Program);
        }

        if (_current.Count >= GenerationSize)
        {
            _previous = _current;
            _current = [];
        }

        _current[key] = state;
    }
}
