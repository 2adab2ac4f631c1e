using System.Globalization;
using LogWarden.Parse;

namespace LogWarden.Detect.Scenarios;

/// <summary>What scenarios need of a web access record: status, client, path (as a span of a field) and user.</summary>
internal readonly ref struct AccessLine
{
    public int Status { get; init; }

    /// <summary>The client as a string, when the record's fields hold it (read from the line itself: see <see cref="ClientSlice"/>).</summary>
    public string? Client { get; init; }

    /// <summary>The client as a slice of the raw line (an access decoder's line): made a string only if a scenario asks for it.</summary>
    public ReadOnlyMemory<char> ClientSlice { get; init; }

    public string? User { get; init; }

    /// <summary>The requested path (with its query), or empty when the record has none.</summary>
    public ReadOnlySpan<char> Path { get; init; }
}

/// <summary>
/// Reads an access record's fields (the access decoder's, or a JSON access log's: nginx/Apache JSON formats,
/// Traefik, Caddy, ECS) without allocating: field names are compared without case or separators through
/// an alternate lookup over a stack buffer, and the answer for a name is remembered (by reference for the
/// decoders' constant names, else by text).
/// </summary>
internal sealed class AccessFields
{
    private enum Role : byte { None, Status, Path, Request, Client, User }

    private const int MaxNameLength = 48;
    private const int ReferenceSlots = 64;
    private const int MaxRemembered = 1024;

    private readonly string?[] _names = new string?[ReferenceSlots];
    private readonly Role[] _roles = new Role[ReferenceSlots];
    private readonly Dictionary<string, Role> _byText = new(StringComparer.Ordinal);
    private readonly RecentValues _values = new();

    /// <summary>The strings made of values read from lines (shared, so a client named on every line is one string).</summary>
    public RecentValues Values => _values;

    private static readonly Dictionary<string, Role> Roles = Build();
    private static readonly Dictionary<string, Role>.AlternateLookup<ReadOnlySpan<char>> RoleLookup = Roles.GetAlternateLookup<ReadOnlySpan<char>>();

    private static Dictionary<string, Role> Build()
    {
        var roles = new Dictionary<string, Role>(StringComparer.Ordinal);
        foreach (string name in new[] { "status", "statuscode", "downstreamstatus", "responsestatus", "httpresponsestatuscode", "httpstatus", "responsecode", "scstatus" })
        {
            roles[name] = Role.Status;
        }

        foreach (string name in new[] { "path", "requestpath", "uri", "requesturi", "url", "urloriginal", "requesturl", "urlpath", "httpurl", "target", "requestaddr" })
        {
            roles[name] = Role.Path;
        }

        foreach (string name in new[] { "request", "requestline" })
        {
            roles[name] = Role.Request;
        }

        foreach (string name in new[] { "client", "clientip", "clientaddr", "clientaddress", "clienthost", "remoteaddr", "remoteip", "remotehost", "requestremoteip", "requestremoteaddr", "sourceip", "sourceaddress", "srcip", "realip", "ip" })
        {
            roles[name] = Role.Client;
        }

        foreach (string name in new[] { "user", "remoteuser", "username", "userid" })
        {
            roles[name] = Role.User;
        }

        return roles;
    }

    /// <summary>Reads the record as an access line; false when its fields hold no HTTP status or no path.</summary>
    public bool TryRead(LogRecord record, out AccessLine line) =>
        AccessLogDecoder.IsAccessRecord(record) && AccessLogDecoder.TryReadParts(record, out var parts) ? FromParts(parts, out line) : TryReadFields(record, out line);

    /// <summary><see cref="TryRead(LogRecord, out AccessLine)"/> of the observation's record, its access parts taken as read (<see cref="LogObservation.TryAccessParts"/>).</summary>
    public bool TryRead(LogObservation observation, out AccessLine line) =>
        observation.TryAccessParts(out var parts) ? FromParts(parts, out line) : TryReadFields(observation.Record, out line);

    private bool FromParts(scoped in AccessLineParts parts, out AccessLine line)
    {
        // Most lines of a web server: read from the line itself, without making its fields.
        line = new AccessLine
        {
            Status = parts.Status,
            ClientSlice = parts.Client,
            User = parts.User.IsEmpty ? null : _values.Of(parts.User.Span),
            Path = PathOf(parts.Target, parts.Request),
        };
        return true;
    }

    private bool TryReadFields(LogRecord record, out AccessLine line)
    {
        line = default;
        var fields = record.Fields;
        int status = 0;
        string? client = null, user = null, path = null, request = null;
        for (int i = 0; i < fields.Count; i++)
        {
            var (key, value) = fields[i];
            switch (RoleOf(key))
            {
                case Role.Status when status == 0:
                    if (value.Length == 3 && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int code) && code is >= 100 and <= 599)
                    {
                        status = code;
                    }

                    break;
                case Role.Path:
                    path ??= value;
                    break;
                case Role.Request:
                    request ??= value;
                    break;
                case Role.Client:
                    client ??= value;
                    break;
                case Role.User:
                    user ??= value;
                    break;
            }
        }

        if (status == 0 || (path is null && request is null))
        {
            return false;
        }

        line = new AccessLine { Status = status, Client = client, User = user, Path = path is not null ? path : TargetOf(request!) };
        return true;
    }

    /// <summary>The requested path (with its query) of an access line read from its parts; empty when it has none.</summary>
    public static ReadOnlySpan<char> PathOf(ReadOnlyMemory<char> target, ReadOnlyMemory<char> request) => target.IsEmpty ? TargetOf(request.Span) : target.Span;

    /// <summary>"GET /a?b HTTP/1.1" → "/a?b"; empty when the request line is not of that shape.</summary>
    private static ReadOnlySpan<char> TargetOf(ReadOnlySpan<char> request)
    {
        var span = request;
        int first = span.IndexOf(' ');
        if (first < 0)
        {
            return default;
        }

        var rest = span[(first + 1)..];
        int second = rest.IndexOf(' ');
        return second < 0 ? rest : rest[..second];
    }

    private Role RoleOf(string key)
    {
        int slot = System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key) & (ReferenceSlots - 1);
        if (ReferenceEquals(_names[slot], key))
        {
            return _roles[slot];
        }

        if (!_byText.TryGetValue(key, out var role))
        {
            role = Normalised(key);
            if (_byText.Count < MaxRemembered)
            {
                _byText[key] = role;
            }
        }

        _names[slot] = key;
        _roles[slot] = role;
        return role;
    }

    private static Role Normalised(string key)
    {
        if (key.Length > MaxNameLength)
        {
            return Role.None;
        }

        Span<char> name = stackalloc char[MaxNameLength];
        int length = 0;
        foreach (char c in key)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                name[length++] = char.ToLowerInvariant(c);
            }
        }

        return RoleLookup.TryGetValue(name[..length], out var role) ? role : Role.None;
    }
}

/// <summary>
/// Strings for values that recur (a web server's clients): the one made for a value seen recently, so that a
/// busy client's thousandth request makes no string. Bounded: cleared when full.
/// </summary>
internal sealed class RecentValues
{
    private const int MaxValues = 8192;

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public string Of(ReadOnlySpan<char> value)
    {
        var lookup = _values.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(value, out string? known))
        {
            return known;
        }

        if (_values.Count >= MaxValues)
        {
            _values.Clear();
        }

        string made = value.ToString();
        _values[made] = made;
        return made;
    }
}
