namespace LogWarden.Detect.Scenarios;

/// <summary>
/// Which service a program is ("sshd-session" → ssh, "postfix/smtpd" → mail), from the catalog's services;
/// a program no service claims is its own service. Answers are cached per program name (bounded), so the
/// regexes run once per program.
/// </summary>
internal sealed class ServiceMap
{
    public const string Web = "web";

    private const int MaxCached = 1024;

    private readonly IReadOnlyList<ServiceDefinition> _services;
    private readonly Dictionary<string, string> _byProgram = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _titles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _byPath = new(StringComparer.Ordinal);

    public ServiceMap(IReadOnlyList<ServiceDefinition> services)
    {
        _services = services;
        foreach (var service in services)
        {
            _titles.TryAdd(service.Name, service.Title);
        }
    }

    /// <summary>The service of <paramref name="program"/>; null when there is no program.</summary>
    public string? Resolve(string? program)
    {
        if (string.IsNullOrEmpty(program))
        {
            return null;
        }

        if (_byProgram.TryGetValue(program, out string? cached))
        {
            return cached;
        }

        string service = Match(program);
        if (_byProgram.Count < MaxCached)
        {
            _byProgram[program] = service;
        }

        return service;
    }

    /// <summary>The service of the program named by <paramref name="program"/> (a part of a line: looked up without a string, made one on a miss).</summary>
    public string? Resolve(ReadOnlySpan<char> program)
    {
        if (program.IsEmpty)
        {
            return null;
        }

        return _byProgram.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(program, out string? cached) ? cached : Resolve(program.ToString());
    }

    /// <summary>
    /// The service a program-less log's file names, when a definition claims it: the folder under the log directory
    /// (<c>/var/log/openvpn/server.log</c> → openvpn → vpn), else the file's name without its extensions
    /// (<c>/var/log/vsftpd.log</c> → vsftpd → ftp). Null when no definition claims either: an app's own log is no
    /// service. Cached per path (bounded).
    /// </summary>
    public string? ResolvePath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        if (_byPath.TryGetValue(path, out string? cached))
        {
            return cached;
        }

        string? service = null;
        string[] parts = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 2)
        {
            string file = parts[^1];
            int dot = file.IndexOf('.');
            service = Claimed(parts[^2]) ?? Claimed(dot > 0 ? file[..dot] : file);
        }

        if (_byPath.Count < MaxCached)
        {
            _byPath[path] = service;
        }

        return service;
    }

    private string? Claimed(string name)
    {
        foreach (var service in _services)
        {
            if (service.Programs.IsMatch(name))
            {
                return service.Name;
            }
        }

        return null;
    }

    /// <summary>How a title names the service ("SSH" for ssh); the name itself when no definition says.</summary>
    public string Title(string service) => _titles.TryGetValue(service, out string? title) ? title : service;

    private string Match(string program)
    {
        if (Claimed(program) is { } claimed)
        {
            return claimed;
        }

        // Its own service, without a pid or sub-process suffix ("asterisk[123]" is decoded already; "foo/bar" → foo).
        int slash = program.IndexOf('/');
        return (slash > 0 ? program[..slash] : program).ToLowerInvariant();
    }
}
