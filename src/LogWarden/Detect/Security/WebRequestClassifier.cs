using System.Text.RegularExpressions;
using LogWarden.Parse;

namespace LogWarden.Detect.Security;

/// <summary>
/// One request from an access log, whatever its format: slices of the line or of its fields (no string is made
/// for a request that turns out to be ordinary traffic, most of them); empty where the log has none.
/// </summary>
/// <param name="Request">The request line as logged, when the log keeps it whole ("GET /a HTTP/1.1", or garbage).</param>
/// <param name="OfferedNoCredentials">
/// A columnar (W3C) record with no user: a 401 then is the server's challenge to a request that sent no credentials (a
/// browser's first request to a site behind Windows or basic authentication, IIS's 401.2), not a failed login. A W3C
/// layout without a user column reads the same, so its failed logins are not told from challenges.
/// </param>
internal readonly record struct WebRequest(
    ReadOnlyMemory<char> Client, ReadOnlyMemory<char> Method, ReadOnlyMemory<char> Target, ReadOnlyMemory<char> Request, int Status, ReadOnlyMemory<char> UserAgent,
    bool OfferedNoCredentials = false)
{
    /// <summary>The request of an access line as <see cref="AccessLogDecoder.TryReadParts(LogRecord, out AccessLineParts)"/> read it.</summary>
    public static WebRequest Of(in AccessLineParts parts) => new(parts.Client, parts.Method, parts.Target, parts.Request, parts.Status, parts.UserAgent);
}

/// <summary>
/// Web access lines: reads a request from a record's fields (the access decoder's, or a JSON access log's:
/// Traefik, Caddy, nginx/Apache JSON formats, ECS) or from access-log shaped text the decoders do not read
/// (haproxy, squid, odd date formats), and classifies it: an attack in the target, a path only scanners ask
/// for, a bad user agent, a malformed request, a refused or throttled one; a plain 404 is informational
/// (404 bursts are for the scenarios).
/// </summary>
internal static partial class WebRequestClassifier
{
    internal enum Role { None, Client, Method, Target, Request, Status, Agent, Query }

    private static readonly Dictionary<string, Role> FieldRoles = new(StringComparer.Ordinal)
    {
        ["method"] = Role.Method,
        ["requestmethod"] = Role.Method,
        ["httprequestmethod"] = Role.Method,
        ["httpmethod"] = Role.Method,
        ["verb"] = Role.Method,
        ["path"] = Role.Target,
        ["requestpath"] = Role.Target,
        ["uri"] = Role.Target,
        ["requesturi"] = Role.Target,
        ["url"] = Role.Target,
        ["urloriginal"] = Role.Target,
        ["requesturl"] = Role.Target,
        ["urlpath"] = Role.Target,
        ["httpurl"] = Role.Target,
        ["target"] = Role.Target,
        ["uristem"] = Role.Target,
        ["uriquery"] = Role.Query,
        ["querystring"] = Role.Query,
        ["request"] = Role.Request,
        ["requestline"] = Role.Request,
        ["status"] = Role.Status,
        ["statuscode"] = Role.Status,
        ["downstreamstatus"] = Role.Status,
        ["responsestatus"] = Role.Status,
        ["httpresponsestatuscode"] = Role.Status,
        ["httpstatus"] = Role.Status,
        ["responsecode"] = Role.Status,
        ["scstatus"] = Role.Status,
        ["useragent"] = Role.Agent,
        ["requestuseragent"] = Role.Agent,
        ["httpuseragent"] = Role.Agent,
        ["useragentoriginal"] = Role.Agent,
        ["requestheadersuseragent"] = Role.Agent,
        ["agent"] = Role.Agent,
    };

    // Looked up for every field of every structured record: by span, so no name is built per field.
    private static readonly Dictionary<string, Role>.AlternateLookup<ReadOnlySpan<char>> FieldRolesBySpan = FieldRoles.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Reads a request from the record's fields; false when they do not describe one (no status, or no path).</summary>
    /// <param name="names">What field names mean, remembered (per recogniser), or null to work each out.</param>
    public static bool TryReadFields(LogRecord record, SecurityDefinitions definitions, out WebRequest request, FieldNames? names = null)
    {
        request = default;
        if (record.Fields.Count < 2)
        {
            return false;
        }

        string? client = null, method = null, target = null, line = null, agent = null, query = null;
        bool clientGeneric = false;
        int status = 0;
        var fields = record.Fields;
        for (int i = 0; i < fields.Count; i++) // indexed: a foreach over the IReadOnlyList boxes its enumerator
        {
            var (key, value) = fields[i];
            var (role, remote) = names?.Of(key) ?? FieldNames.Judge(key, definitions);
            switch (role)
            {
                case Role.Method:
                    method ??= value;
                    break;
                case Role.Target:
                    target ??= value;
                    break;
                case Role.Request:
                    line ??= value;
                    break;
                case Role.Status:
                    if (status == 0 && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int code) && code is >= 100 and <= 599)
                    {
                        status = code;
                    }

                    break;
                case Role.Agent:
                    agent ??= value;
                    break;
                case Role.Query:
                    query ??= value;
                    break;
                default:
                    // A field that names the party (client_ip, remote_addr) wins over one that is a generic noun (a request's
                    // "headers.host", a service's "host"), whichever comes first: Kong's record has both.
                    if (remote && (client is null || clientGeneric))
                    {
                        bool generic = SecurityDefinitions.NamesNoParty(key);
                        if (client is null || !generic)
                        {
                            client = value;
                            clientGeneric = generic;
                        }
                    }

                    break;
            }
        }

        if (status == 0 || (target is null && line is null))
        {
            return false;
        }

        if (target is not null && query is not null && query != "-" && !target.Contains('?'))
        {
            target = string.Concat(target, "?", query); // W3C's cs-uri-stem and cs-uri-query: attacks ride in the query
        }

        // A columnar log (W3C) leaves a column out of the record's fields when it is empty: no user with a 401 is the challenge.
        bool noCredentials = status == 401 && record.Columnar && !HasUserField(record, names);
        request = new WebRequest(client.AsMemory(), method.AsMemory(), target.AsMemory(), line.AsMemory(), status, agent.AsMemory(), noCredentials);
        return true;
    }

    /// <summary>
    /// The commands of an FTP control connection (RFC 959 and its extensions) as a columnar log writes them in its method
    /// column (Microsoft's FTP service: <c>cs-method</c> USER, PASS, RETR…; also its control-channel events).
    /// </summary>
    private static readonly HashSet<string> FtpCommands = new(StringComparer.OrdinalIgnoreCase)
    {
        "USER", "PASS", "ACCT", "CWD", "CDUP", "SMNT", "QUIT", "REIN", "PORT", "PASV", "TYPE", "STRU", "MODE", "RETR", "STOR",
        "STOU", "APPE", "ALLO", "REST", "RNFR", "RNTO", "ABOR", "DELE", "RMD", "MKD", "PWD", "LIST", "NLST", "SITE", "SYST",
        "STAT", "HELP", "NOOP", "FEAT", "OPTS", "AUTH", "PBSZ", "PROT", "EPRT", "EPSV", "MLSD", "MLST", "SIZE", "MDTM", "XPWD",
        "XCWD", "XMKD", "XRMD", "CLNT", "HOST", "ControlChannelOpened", "ControlChannelClosed", "DataChannelOpened", "DataChannelClosed",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> FtpCommandsBySpan = FtpCommands.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// An FTP server's reply code (RFC 959, 2228, 2428) that no web server answers a stray request with: 400, 405 and 5xx
    /// up to 505 are how HTTP servers refuse a line that is no HTTP ("USER x" sent to port 80), a probe that stays a bad request.
    /// </summary>
    private static bool IsFtpReply(int status) => status is 150 or 200 or 202 or (>= 211 and <= 215) or 220 or 221 or (>= 225 and <= 230)
        or 232 or 234 or 250 or 257 or 331 or 332 or 350 or 421 or 425 or 426 or 430 or 434 or 450 or 451 or 452 or 530 or 532
        or (>= 550 and <= 553);

    /// <summary>
    /// A command of an FTP control connection and its reply, logged in an access log's layout (ProFTPD's and Pure-FTPd's
    /// common-log-style transfer logs, Microsoft's FTP service in W3C columns).
    /// </summary>
    private static bool IsFtpExchange(ReadOnlySpan<char> command, int status) =>
        command is not ("GET" or "POST" or "HEAD") && IsFtpReply(status) && FtpCommandsBySpan.Contains(command); // most requests: no lookup

    /// <summary>An FTP exchange's outcome: 530 ("not logged in") to a user name or a password is a failed login, any other reply no event.</summary>
    private static (string Kind, bool Hostile)? FtpOutcome(ReadOnlySpan<char> command, int status) =>
        status == 530 && (command.Equals("PASS", StringComparison.OrdinalIgnoreCase) || command.Equals("USER", StringComparison.OrdinalIgnoreCase))
            ? (SecurityEventKinds.AuthFailure, true)
            : null;

    private static ReadOnlySpan<char> FirstWord(ReadOnlySpan<char> text)
    {
        int space = text.IndexOf(' ');
        return space < 0 ? text : text[..space];
    }

    private static bool HasUserField(LogRecord record, FieldNames? names)
    {
        var fields = record.Fields;
        for (int i = 0; i < fields.Count; i++)
        {
            if (names?.IsUser(fields[i].Key) ?? FieldNames.IsUserName(fields[i].Key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// What the field names of a recogniser's records mean, by the name as records spell it: its role in a
    /// request and whether it holds the remote address. A log repeats the same dozen names on every line, and
    /// working a name out (normalising it, two lookups) cost more than the rest of reading a request
    /// (measured on a synthetic nginx mix: 0.85 µs of an access line's fields). One per recogniser (one
    /// thread); at most <see cref="MaxNames"/> names.
    /// </summary>
    internal sealed class FieldNames(SecurityDefinitions definitions)
    {
        public const int MaxNames = 1024;

        private readonly Dictionary<string, Meaning> _known = new(StringComparer.Ordinal);

        /// <summary>What a field name means to the recogniser: its request role, whether it names the remote party, whether it names the user.</summary>
        internal readonly record struct Meaning(Role Role, bool Remote, bool User);

        public (Role Role, bool Remote) Of(string name)
        {
            var meaning = MeaningOf(name);
            return (meaning.Role, meaning.Remote);
        }

        /// <summary>Whether <paramref name="name"/> names the remote address (remembered like its role).</summary>
        public bool IsRemote(string name) => MeaningOf(name).Remote;

        /// <summary>
        /// <see cref="SecurityDefinitions.IsUserField"/> of <paramref name="name"/>, remembered like its role: that
        /// makes two normalised strings of the name, and a firewall or audit record has a dozen fields a line.
        /// </summary>
        public bool IsUser(string name) => MeaningOf(name).User;

        private Meaning MeaningOf(string name)
        {
            if (_known.TryGetValue(name, out var meaning))
            {
                return meaning;
            }

            var (role, remote) = Judge(name, definitions);
            meaning = new Meaning(role, remote, IsUserName(name));
            if (_known.Count < MaxNames)
            {
                _known[name] = meaning;
            }

            return meaning;
        }

        /// <summary>
        /// The remote address a structured record carries in a field (client, remote_addr, ClientHost, source.ip…):
        /// an IP address first, a host name only when no field holds an address ("client=auth.client.form" is no peer).
        /// </summary>
        public RemoteAddress? RemoteAddressOf(IReadOnlyList<KeyValuePair<string, string>> fields)
        {
            RemoteAddress? name = null;
            for (int i = 0; i < fields.Count; i++)
            {
                (string key, string value) = fields[i];
                if (IsRemote(key) && AddressFinder.FromFieldValue(value) is { } address)
                {
                    if (!address.IsHostName)
                    {
                        return address;
                    }

                    name ??= address;
                }
            }

            return name;
        }

        /// <summary><see cref="SecurityDefinitions.IsUserField"/> of a field name, a W3C log's identifier read as its plain name (<c>cs-username</c>).</summary>
        public static bool IsUserName(string name) => SecurityDefinitions.IsUserField(W3cDecoder.ConventionalName(name));

        /// <summary>The role and remoteness of a field named <paramref name="name"/> (a W3C log's identifier read as its plain name: <c>c-ip</c> is the client's address).</summary>
        public static (Role Role, bool Remote) Judge(string name, SecurityDefinitions definitions)
        {
            name = W3cDecoder.ConventionalName(name);
            return (RoleOf(name), definitions.IsRemoteField(name));
        }
    }

    /// <summary>The request role a field named <paramref name="name"/> plays (any case and punctuation; a nested name by its own part too).</summary>
    public static Role RoleOf(ReadOnlySpan<char> name)
    {
        Span<char> normalised = stackalloc char[SecurityDefinitions.MaxFieldNameChars];
        int length = SecurityDefinitions.NormaliseFieldName(name, normalised);
        Role role = FieldRolesBySpan.TryGetValue(normalised[..length], out Role known) ? known : Role.None;
        int dot = name.LastIndexOf('.');
        if (role == Role.None && dot > 0 && dot < name.Length - 1)
        {
            // a nested record's field by its own name ("http.status_code", "req.method", "request.url.path"); a
            // request's client is judged apart (IsRemoteField), and so is a nested user agent (agent names differ)
            length = SecurityDefinitions.NormaliseFieldName(name[(dot + 1)..], normalised);
            role = FieldRolesBySpan.TryGetValue(normalised[..length], out known) && known is Role.Status or Role.Method or Role.Target ? known : Role.None;
        }

        return role;
    }

    /// <summary>Reads a request from access-log shaped text (the definitions' <c>access_lines</c>).</summary>
    public static bool TryReadText(string text, SecurityDefinitions definitions, out WebRequest request)
    {
        request = default;
        foreach (var shape in definitions.Web.AccessLinePatterns)
        {
            // The literal every match holds first (the common format's '] "' after its time): an unanchored
            // shape would otherwise be tried at every position of every line that holds "HTTP/".
            if (!shape.MayMatch(text))
            {
                continue;
            }

            var match = shape.Value.Match(text);
            if (!match.Success
                || !int.TryParse(match.Groups["status"].ValueSpan, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int status))
            {
                continue;
            }

            request = new WebRequest(
                Group(text, match, "client"),
                Group(text, match, "method"),
                Group(text, match, "target"),
                Group(text, match, "request"),
                status,
                Group(text, match, "agent"));
            return true;
        }

        return false;
    }

    private static ReadOnlyMemory<char> Group(string text, Match match, string name) =>
        match.Groups[name] is { Success: true } g ? text.AsMemory(g.Index, g.Length) : default;

    /// <summary>The event a request amounts to, or null when it is ordinary traffic.</summary>
    /// <param name="target">The request's target (from the request line when the log keeps only that).</param>
    /// <param name="verdicts">Verdicts on agents and targets already seen (per recognizer), or null to match every time.</param>
    public static (string Kind, bool Hostile)? Classify(WebRequest request, WebDefinitions web, out ReadOnlyMemory<char> target, WebVerdicts? verdicts = null)
    {
        target = request.Target;
        var method = request.Method;
        bool malformed = target.IsEmpty && request.Request.IsEmpty; // an empty request line (a client that sent nothing)
        if (!request.Request.IsEmpty)
        {
            var line = request.Request;
            var span = line.Span;
            int first = span.IndexOf(' ');
            int second = first < 0 ? -1 : span[(first + 1)..].IndexOf(' ');
            int parts = first < 0 ? 1 : second < 0 ? 2 : span[(first + 1 + second + 1)..].IndexOf(' ') < 0 ? 3 : 4;
            if (parts == 3 && span[(first + 1 + second + 1)..].StartsWith("HTTP/", StringComparison.Ordinal))
            {
                method = method.IsEmpty ? line[..first] : method;
                target = target.IsEmpty ? line.Slice(first + 1, second) : target;
            }
            else if (parts == 2 && span[..first] is "GET" && span[(first + 1)..].StartsWith('/'))
            {
                method = method.IsEmpty ? line[..first] : method; // HTTP/0.9
                target = target.IsEmpty ? line[(first + 1)..] : target;
            }
            else
            {
                malformed = true;
                target = target.IsEmpty ? line : target;
            }
        }

        var command = method.IsEmpty ? FirstWord(request.Request.Span) : method.Span;
        if (IsFtpExchange(command, request.Status))
        {
            return FtpOutcome(command, request.Status);
        }

        bool failed = request.Status >= 400;
        var methodSpan = method.Span;
        var targetSpan = target.Span;
        if (malformed || (!method.IsEmpty && !(verdicts?.IsMethod(methodSpan, web) ?? web.IsMethod(methodSpan)) && (!web.IsSuspiciousMethod(methodSpan) || failed))
            || (!target.IsEmpty && targetSpan.Length > web.MaxTargetLength)
            || (!target.IsEmpty && methodSpan is not "CONNECT" && !IsRequestTarget(targetSpan)))
        {
            return (SecurityEventKinds.BadRequest, true);
        }

        // Attacks ride in the target, and in headers such as the user agent (shellshock, log4shell).
        var agent = request.UserAgent.Span;
        var (agentAttack, badAgent) = agent.IsEmpty ? (false, false)
            : verdicts?.OfAgent(agent, web) ?? (web.Attacks.IsMatch(agent), web.BadAgents.IsMatch(agent));
        var path = PathOf(targetSpan);
        // A failed request's target is also asked whether only scanners ask for it (the probe list, below): remembered
        // with the target's other verdicts, so a repeated 404 costs one lookup, not that regex again.
        var (targetAttack, alwaysProbe, probe) = target.IsEmpty ? (false, false, false)
            : verdicts?.OfTarget(targetSpan, path, web, failed) ?? (web.Attacks.IsMatch(targetSpan), web.AlwaysProbePaths.IsMatch(path), failed && web.ProbePaths.IsMatch(path));
        if (targetAttack || agentAttack || alwaysProbe)
        {
            return (SecurityEventKinds.WebProbe, true);
        }

        if (badAgent)
        {
            // A login tool's failed try (Hydra, Medusa, WPScan against basic auth) is the failed login it is, so the HTTP
            // authentication scenario counts it.
            return request.Status is 401 or 407 ? (SecurityEventKinds.WebAuthFailure, true) : (SecurityEventKinds.BadBot, true);
        }

        if (failed && probe)
        {
            return (SecurityEventKinds.WebProbe, true);
        }

        if (request.Status is 400 or 412 or 422 && methodSpan is "POST" && IsLoginEndpoint(path))
        {
            // A login form or token endpoint answering a POST with another client error: the refused login of APIs that
            // do not use 401 ("400: Invalid login credentials" on /token, 412 on /api/v1/login, a framework's 422 validation error)
            return (SecurityEventKinds.WebAuthFailure, true);
        }

        return request.Status switch
        {
            401 when request.OfferedNoCredentials => null,
            // A container registry's version check: every docker, podman or containerd client asks "GET /v2/" first and
            // is answered 401 with the token service to ask (the Docker Registry HTTP API V2), not refused a login.
            401 when path.SequenceEqual("/v2/") => null,
            401 or 407 => (SecurityEventKinds.WebAuthFailure, true),
            403 => (SecurityEventKinds.WebForbidden, true),
            429 => (SecurityEventKinds.RateLimited, true),
            444 => (SecurityEventKinds.Blocked, true), // nginx's "close the connection without a response"
            404 or 410 => (SecurityEventKinds.WebNotFound, false),
            _ => null,
        };
    }

    /// <summary>A path a web server's error log says it did not find: a probe when scanners look for it.</summary>
    public static (string Kind, bool Hostile) ClassifyNotFound(string? fileOrUrlPath, WebDefinitions web)
    {
        if (fileOrUrlPath is null)
        {
            return (SecurityEventKinds.WebProbe, true); // "Primary script unknown": a script that is not there
        }

        string path = DocumentRoot().Replace(fileOrUrlPath, "", 1);
        return web.Attacks.IsMatch(path) || web.AlwaysProbePaths.IsMatch(path) || web.ProbePaths.IsMatch(path)
            ? (SecurityEventKinds.WebProbe, true)
            : (SecurityEventKinds.WebNotFound, false);
    }

    /// <summary>The path part of a request target: "http://host/a/b?x" → "/a/b?x".</summary>
    private static ReadOnlySpan<char> PathOf(ReadOnlySpan<char> target)
    {
        int scheme = target.IndexOf("://", StringComparison.Ordinal);
        if (scheme is > 0 and < 10)
        {
            int slash = target[(scheme + 3)..].IndexOf('/');
            return slash < 0 ? "/" : target[(scheme + 3 + slash)..];
        }

        return target;
    }

    /// <summary>Last path segments of login forms and token endpoints: "/api/v1/login", "/auth/signin", "/oauth/token", "/session".</summary>
    private static readonly string[] LoginSegments = ["login", "log-in", "log_in", "signin", "sign-in", "sign_in", "logon", "token", "authenticate", "session", "sessions", "login_check"];

    /// <summary>Whether the path (its query left out) ends in a login form's or a token endpoint's segment.</summary>
    internal static bool IsLoginEndpoint(ReadOnlySpan<char> path)
    {
        int query = path.IndexOfAny('?', '#');
        if (query >= 0)
        {
            path = path[..query];
        }

        path = path.TrimEnd('/');
        var segment = path[(path.LastIndexOf('/') + 1)..];
        int dot = segment.IndexOf('.');
        if (dot > 0)
        {
            segment = segment[..dot]; // "login.php", "token.json"
        }

        foreach (string known in LoginSegments)
        {
            if (segment.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsRequestTarget(ReadOnlySpan<char> target) =>
        target.StartsWith('/') || target is "*" || target.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase);

    // A web server's file path up to its document root: /var/www/html, /srv/http/site, ~user/public_html…
    [GeneratedRegex(@"^.*/(?:www|htdocs|html|public_html|httpdocs|wwwroot|webroot|docroot|site)(?=/)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DocumentRoot();
}

/// <summary>
/// What the costly checks said about user agents and request targets already seen: the attack and bad-agent
/// regexes over an agent; the attack and always-a-probe regexes over a target, and for a failed request the
/// probe list over its path. A web server's requests come from few distinct agents and mostly ask for the same
/// paths, and these regexes cost more than the rest of a request's classification (measured on a synthetic nginx
/// mix: the agent's two ~75 % of it). One per recognizer (one thread); bounded.
/// </summary>
/// <remarks>
/// A target with a digit is looked up by its masked form first (<see cref="TargetDigits.Mask"/>: ids made most targets
/// new, so an exact lookup missed before the masked one answered), any other by its text: one lookup, unless its
/// masked form holds a literal of the lists (a dot of "/img/17.jpg" is the always-a-probe list's), when the exact
/// lookup follows and misses as before. Which table answers does not change the answer (a target whose masked form
/// holds no literal of the lists holds none itself, so is never in the exact table with another verdict).
/// </remarks>
internal sealed class WebVerdicts
{
    private const int MaxEntries = 4096;
    private const int MaxKeyLength = 512;

    private readonly Dictionary<string, (bool Attack, bool BadAgent)> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TargetVerdict> _targets = new(StringComparer.Ordinal);

    /// <summary>A target's verdicts; the probe list's (asked of failed requests only) once it was asked.</summary>
    private struct TargetVerdict(bool attack, bool alwaysProbe)
    {
        public readonly bool Attack = attack;
        public readonly bool AlwaysProbe = alwaysProbe;
        public bool ProbeKnown;
        public bool Probe;
    }

    private const int MaxMethods = 8;
    private readonly string[] _methods = new string[MaxMethods];
    private readonly bool[] _methodVerdicts = new bool[MaxMethods];
    private int _methodCount;

    /// <summary>
    /// <see cref="WebDefinitions.IsMethod"/> of <paramref name="method"/>, the first <see cref="MaxMethods"/> methods'
    /// answers kept (a server sees GET, POST, HEAD and a few more): compared in place, no hash.
    /// </summary>
    public bool IsMethod(ReadOnlySpan<char> method, WebDefinitions web)
    {
        for (int i = 0; i < _methodCount; i++)
        {
            if (method.SequenceEqual(_methods[i]))
            {
                return _methodVerdicts[i];
            }
        }

        bool isMethod = web.IsMethod(method);
        if (_methodCount < MaxMethods && method.Length <= 16)
        {
            _methods[_methodCount] = method.ToString();
            _methodVerdicts[_methodCount++] = isMethod;
        }

        return isMethod;
    }

    public (bool Attack, bool BadAgent) OfAgent(ReadOnlySpan<char> agent, WebDefinitions web) =>
        _agents.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(agent, out var known) ? known
            : Remember(_agents, agent, (web.Attacks.IsMatch(agent), web.BadAgents.IsMatch(agent)));

    /// <summary>
    /// Targets with their delimited digit runs masked (<see cref="TargetDigits.Mask"/>) that hold none of the literals of
    /// the attack and always-a-probe lists: so does every target that masks to one of them, and neither list can match
    /// it. Ids in paths ("/api/items/48213", "?page=7") made most targets new to <see cref="_targets"/>, each a scan
    /// for those literals (measured on the synthetic web-server mix: 6 % of detection's time). The value: whether the
    /// probe list may match such a target (it holds one of that list's literals, or that list's literals could meet a
    /// masked run: <see cref="ProbeListIsBlind"/>), when its regex runs on the failed request's path; else it cannot.
    /// </summary>
    private readonly Dictionary<string, bool> _withoutLiterals = new(StringComparer.Ordinal);

    private WebDefinitions? _blindFor;
    private bool _probeBlind;

    /// <summary>Targets answered from <see cref="_withoutLiterals"/> (for tests).</summary>
    internal long MaskedAnswers { get; private set; }

    /// <summary>
    /// Whether no literal of the probe list can meet a run the masking of <paramref name="web"/>'s targets replaces, so that
    /// a target holds one of its literals exactly when its masked form does (as <see cref="WebDefinitions.DigitBlindTargets"/>
    /// and <see cref="WebDefinitions.HexBlindTargets"/> tell of the other two lists).
    /// </summary>
    internal bool ProbeListIsBlind(WebDefinitions web)
    {
        if (!ReferenceEquals(_blindFor, web))
        {
            var probes = web.ProbePaths;
            _probeBlind = probes.Prefiltered && TargetDigits.LiteralsAreBlind(probes.Literals) && (!web.HexBlindTargets || TargetDigits.LiteralsAreHexBlind(probes.Literals));
            _blindFor = web;
        }

        return _probeBlind;
    }

    /// <summary>
    /// Attacks in the target; a path only scanners ask for (on <paramref name="path"/>, the target's path); with
    /// <paramref name="failed"/>, whether the probe list matches that path (false when not asked).
    /// </summary>
    public (bool Attack, bool AlwaysProbe, bool Probe) OfTarget(ReadOnlySpan<char> target, ReadOnlySpan<char> path, WebDefinitions web, bool failed = false)
    {
        // The probe list looks at the path: only a target that is its own path is answered by its masked form.
        // (Without a digit there is nothing to mask: a hex id holds one too. Most targets without ids are told so by one vectorised search.)
        bool maskable = path.Length == target.Length && target.Length <= MaxKeyLength && web.DigitBlindTargets && target.IndexOfAnyInRange('0', '9') >= 0;
        Span<char> masked = maskable ? stackalloc char[target.Length] : default;
        int maskedLength = maskable ? TargetDigits.Mask(target, masked, web.HexBlindTargets) : -1;
        if (maskedLength >= 0 && _withoutLiterals.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(masked[..maskedLength], out bool probeMayMatch))
        {
            MaskedAnswers++;
            return (false, false, failed && probeMayMatch && web.ProbePaths.IsMatch(path));
        }

        ref var known = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_targets.GetAlternateLookup<ReadOnlySpan<char>>(), target);
        if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref known))
        {
            if (failed && !known.ProbeKnown)
            {
                known.Probe = web.ProbePaths.IsMatch(path);
                known.ProbeKnown = true;
            }

            return (known.Attack, known.AlwaysProbe, failed && known.Probe);
        }

        bool attackLiteral = web.Attacks.MayMatch(target);
        bool probeLiteral = web.AlwaysProbePaths.MayMatch(path);
        if (maskedLength >= 0 && !attackLiteral && !probeLiteral)
        {
            if (_withoutLiterals.Count >= MaxEntries)
            {
                _withoutLiterals.Clear(); // bounded like the verdicts
            }

            var form = masked[..maskedLength];
            probeMayMatch = !ProbeListIsBlind(web) || web.ProbePaths.MayMatch(form);
            _withoutLiterals.GetAlternateLookup<ReadOnlySpan<char>>()[form] = probeMayMatch;
            return (false, false, failed && probeMayMatch && web.ProbePaths.IsMatch(path));
        }

        var verdict = new TargetVerdict(attackLiteral && web.Attacks.RegexIsMatch(target), probeLiteral && web.AlwaysProbePaths.RegexIsMatch(path));
        if (failed)
        {
            verdict.Probe = web.ProbePaths.IsMatch(path);
            verdict.ProbeKnown = true;
        }

        Remember(_targets, target, verdict);
        return (verdict.Attack, verdict.AlwaysProbe, failed && verdict.Probe);
    }

    private static TVerdict Remember<TVerdict>(Dictionary<string, TVerdict> verdicts, ReadOnlySpan<char> key, TVerdict verdict)
    {
        if (key.Length > MaxKeyLength)
        {
            return verdict;
        }

        if (verdicts.Count >= MaxEntries)
        {
            verdicts.Clear(); // a flood of one-off values (a scanner's random ones) must not grow it
        }

        verdicts[key.ToString()] = verdict;
        return verdict;
    }
}

/// <summary>
/// Digit runs of a request target that stand between delimiters (<c>/ = &amp; ? . - _ ,</c>) or at its ends: ids,
/// page numbers, sizes ("/items/48213", "?page=7&amp;qty=2", "/img/17.jpg"). A run inside a word or an escape
/// ("v1", "%2e", "w00t") is not one. With <c>hexIds</c>, so is a word of <see cref="MinHexId"/> or more hex digits,
/// a digit and a letter among them, between delimiters: a bundler's content hash ("/js/app.c59da3.js"), a commit,
/// a trace id; each build or request makes a new one.
/// </summary>
internal static class TargetDigits
{
    /// <summary>Hex words this long are ids (as in line shapes, <see cref="LineShapeCache"/>).</summary>
    public const int MinHexId = 6;

    private static bool IsDelimiter(char c) => c is '/' or '=' or '&' or '?' or '.' or '-' or '_' or ',';

    /// <summary>
    /// Writes <paramref name="target"/> with every delimited digit run (and, with <paramref name="hexIds"/>, every
    /// delimited hex id) replaced by one '0' into <paramref name="masked"/> (at least as long); its length, or -1 when
    /// the target has no such run (it is its own masked form).
    /// </summary>
    public static int Mask(ReadOnlySpan<char> target, Span<char> masked, bool hexIds = false)
    {
        int written = 0;
        bool any = false;
        int i = 0;
        while (i < target.Length)
        {
            if (hexIds && (i == 0 || IsDelimiter(target[i - 1])) && HexIdEnd(target, i) is int hexEnd and > 0)
            {
                masked[written++] = '0';
                any = true;
                i = hexEnd;
                continue;
            }

            if (!char.IsAsciiDigit(target[i]))
            {
                masked[written++] = target[i++];
                continue;
            }

            int start = i;
            while (i < target.Length && char.IsAsciiDigit(target[i]))
            {
                i++;
            }

            if ((start == 0 || IsDelimiter(target[start - 1])) && (i == target.Length || IsDelimiter(target[i])))
            {
                masked[written++] = '0';
                any = true;
            }
            else
            {
                target[start..i].CopyTo(masked[written..]);
                written += i - start;
            }
        }

        return any ? written : -1;
    }

    /// <summary>
    /// Where the hex id starting at <paramref name="start"/> ends (a delimiter or the end follows it), or -1 when the
    /// maximal run of hex digits there is shorter than <see cref="MinHexId"/>, lacks a digit or a letter, or is no word.
    /// </summary>
    private static int HexIdEnd(ReadOnlySpan<char> text, int start)
    {
        int end = start;
        bool digit = false, letter = false;
        while (end < text.Length && char.IsAsciiHexDigit(text[end]))
        {
            digit |= char.IsAsciiDigit(text[end]);
            letter |= !char.IsAsciiDigit(text[end]);
            end++;
        }

        return end - start >= MinHexId && digit && letter && (end == text.Length || IsDelimiter(text[end])) ? end : -1;
    }

    /// <summary>
    /// Whether no occurrence of any of <paramref name="literals"/> in a text can overlap a delimited digit run of it, so
    /// that a text holds one of them exactly when its <see cref="Mask"/> does. A literal's digit run can overlap one only
    /// if each character beside it in the literal (where there is one) is a delimiter: the text's run, being maximal,
    /// ends where the literal's does, and the text's characters beside it are the literal's. Letters and digits fold
    /// the same under the ignore-case search, delimiters are no letters.
    /// </summary>
    public static bool LiteralsAreBlind(IEnumerable<string> literals) => LiteralsAreBlind(literals, char.IsAsciiDigit);

    /// <summary>
    /// <see cref="LiteralsAreBlind(IEnumerable{string})"/> for hex ids: no literal has a run of hex digits with a
    /// delimiter or its end on each side, which is what an occurrence overlapping a text's hex id would need (the id is a
    /// maximal run of hex digits between delimiters; no delimiter is a hex digit).
    /// </summary>
    public static bool LiteralsAreHexBlind(IEnumerable<string> literals) => LiteralsAreBlind(literals, char.IsAsciiHexDigit);

    private static bool LiteralsAreBlind(IEnumerable<string> literals, Func<char, bool> inRun)
    {
        foreach (string literal in literals)
        {
            int i = 0;
            while (i < literal.Length)
            {
                if (!inRun(literal[i]))
                {
                    i++;
                    continue;
                }

                int start = i;
                while (i < literal.Length && inRun(literal[i]))
                {
                    i++;
                }

                if ((start == 0 || IsDelimiter(literal[start - 1])) && (i == literal.Length || IsDelimiter(literal[i])))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
