using System.Text.RegularExpressions;
using LogWarden.Parse;

namespace LogWarden.Detect.Security;

/// <summary>
/// Tells, line by line, whether a log record is a security event: an authentication failure or success, a
/// refused or throttled client, an attack marker, a web probe. General recognisers, not per-service filters:
/// <list type="number">
/// <item>a web access record (the access decoder's fields, a JSON access log, or access-shaped text) is
/// classified by <see cref="WebRequestClassifier"/>;</item>
/// <item>any other line goes through one keyword scan (<see cref="AnchorScanner"/>); only the phrase rules
/// of <see cref="SecurityDefinitions"/> whose keywords occur are tried, in order, and the first that matches
/// gives the kind;</item>
/// <item>the remote party comes from the rule, the record's fields or <see cref="AddressFinder"/>, the user
/// from the definitions' user patterns;</item>
/// <item>sessions (program, pid, connection or queue id) carry an address to lines that lack one, turn a
/// success after repeated failures into a hostile event, and flag the disconnect or summary line of a failed
/// connection, which is where some daemons first name the peer.</item>
/// </list>
/// One instance per input stream (sessions are per stream); not thread-safe. Never throws on bad input: a
/// line is looked at up to <see cref="MaxScannedChars"/> characters.
/// </summary>
internal sealed class SecurityEventRecognizer
{
    /// <summary>Security phrases sit near the start of a line; the rest of a megabyte line is not scanned.</summary>
    public const int MaxScannedChars = 8192;

    private const int MaxUserLength = 128;
    private const int SuccessesAfterFailures = 2;

    private readonly SecurityDefinitions _definitions;
    private readonly AnchorScanner _anchors;
    private readonly AuthSessions _sessions = new();

    public SecurityEventRecognizer(SecurityDefinitions? definitions = null)
    {
        _definitions = definitions ?? SecurityDefinitions.Default;
        _anchors = new AnchorScanner(_definitions.Anchors);
    }

    /// <summary>The security event <paramref name="record"/> is, or null when it is none.</summary>
    public SecurityEvent? Recognize(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Fields.Count >= 2 && WebRequestClassifier.TryReadFields(record, _definitions, out var fieldRequest))
        {
            return FromWebRequest(fieldRequest, _definitions.Web);
        }

        // The whole line, header included: decoders split differently (an epoch time, logfmt's msg=, an
        // audit record's type=) and the words that matter may sit in any part.
        string text = record.Raw;
        int length = Math.Min(text.Length, MaxScannedChars);
        var span = text.AsSpan(0, length);
        foreach (var rule in _definitions.AlwaysRules)
        {
            if (rule.Pattern.IsMatch(span))
            {
                return FromRule(rule, rule.Pattern.Match(text, 0, length), record, text, length);
            }
        }

        Span<bool> found = _anchors.Count <= 1024 ? stackalloc bool[_anchors.Count] : new bool[_anchors.Count];
        bool any = _anchors.Scan(span, found);
        if (!any && _sessions.Count == 0)
        {
            return null;
        }

        if (any)
        {
            if (AnchorScanner.AnyOf(found, _definitions.Web.AccessAnchors)
                && WebRequestClassifier.TryReadText(length == text.Length ? text : text[..length], _definitions, out var textRequest))
            {
                return FromWebRequest(textRequest, _definitions.Web);
            }

            foreach (var rule in _definitions.Ignore)
            {
                if (AnchorScanner.AnyOf(found, rule.Anchors) && rule.Pattern.IsMatch(span))
                {
                    return null;
                }
            }

            foreach (var rule in _definitions.Rules)
            {
                if (!rule.Always && AnchorScanner.AnyOf(found, rule.Anchors) && rule.Pattern.IsMatch(span))
                {
                    return FromRule(rule, rule.Pattern.Match(text, 0, length), record, text, length);
                }
            }

            if (AnchorScanner.AnyOf(found, _definitions.Sessions.Anchors) && _definitions.Sessions.Opened.IsMatch(span))
            {
                NoteConnection(record, text, length);
                return null;
            }
        }

        return _sessions.Count > 0 ? FollowUp(record, text, length, found) : null;
    }

    private SecurityEvent? FromRule(LineRule rule, Match match, LogRecord record, string text, int length)
    {
        string kind = rule.Kind;
        bool hostile = rule.Hostile;
        string? path = null;
        if (kind == SecurityEventKinds.WebNotFound)
        {
            path = RequestPathOf(record) ?? (match.Groups["path"] is { Success: true } p ? p.Value : null);
            (kind, hostile) = WebRequestClassifier.ClassifyNotFound(path, _definitions.Web);
        }

        var span = text.AsSpan(0, length);
        RemoteAddress? address = match.Groups["addr"] is { Success: true } a
            ? AddressFinder.FromFieldValue(a.Value)
            : AddressFromFields(record) ?? AddressFinder.Find(span, _definitions);
        string? user = match.Groups["user"] is { Success: true } u ? Clean(u.Value) : FindUser(record, text, length);

        bool success = kind is SecurityEventKinds.AuthSuccess or SecurityEventKinds.SessionOpened;
        if ((hostile || success) && SessionOf(record, text, length) is { } key)
        {
            var state = hostile ? _sessions.GetOrAdd(key) : _sessions.Find(key);
            if (state is not null)
            {
                if (hostile)
                {
                    state.Failures++;
                    address ??= state.Address is { } known ? new RemoteAddress(known, IsHostName: false) : null;
                    if (address is { } named)
                    {
                        state.Address ??= named.Value;
                        state.AddressReported = true;
                    }
                }
                else if (state.Failures >= SuccessesAfterFailures && kind == SecurityEventKinds.AuthSuccess)
                {
                    kind = SecurityEventKinds.AuthSuccessAfterFailures;
                    hostile = true;
                }
            }
        }

        bool enough = rule.Needs == EntityNeed.Address ? address is not null : address is not null || user is not null;
        return enough ? Event(kind, hostile, address, user, path) : null;
    }

    /// <summary>A line no rule claimed, in a connection that had failures: its disconnect or summary line names the peer.</summary>
    private SecurityEvent? FollowUp(LogRecord record, string text, int length, ReadOnlySpan<bool> found)
    {
        if (SessionOf(record, text, length) is not { } key || _sessions.Find(key) is not { Failures: > 0 } state)
        {
            return null;
        }

        var span = text.AsSpan(0, length);
        bool closed = AnchorScanner.AnyOf(found, _definitions.Sessions.Anchors) && _definitions.Sessions.Closed.IsMatch(span);
        if (!closed && state.AddressReported)
        {
            return null;
        }

        if ((AddressFromFields(record) ?? AddressFinder.Find(span, _definitions)) is not { } address)
        {
            return null;
        }

        state.Address ??= address.Value;
        state.AddressReported = true;
        return Event(SecurityEventKinds.FailedSession, hostile: true, address, user: null, path: null);
    }

    private void NoteConnection(LogRecord record, string text, int length)
    {
        if (SessionOf(record, text, length) is { } key
            && (AddressFromFields(record) ?? AddressFinder.Find(text.AsSpan(0, length), _definitions)) is { } address)
        {
            _sessions.Restart(key).Address = address.Value;
        }
    }

    private static SecurityEvent? FromWebRequest(WebRequest request, WebDefinitions web)
    {
        if (WebRequestClassifier.Classify(request, web, out string? target) is not { } outcome
            || request.Client is null || AddressFinder.FromFieldValue(request.Client) is not { } address)
        {
            return null;
        }

        return Event(outcome.Kind, outcome.Hostile, address, user: null, path: target);
    }

    private static SecurityEvent Event(string kind, bool hostile, RemoteAddress? address, string? user, string? path) =>
        new(kind, hostile,
            Ip: address is { IsHostName: false } ip ? ip.Value : null,
            Host: address is { IsHostName: true } host ? host.Value : null,
            User: user,
            Path: path);

    /// <summary>The remote address a structured record carries in a field (client, remote_addr, ClientHost…).</summary>
    private RemoteAddress? AddressFromFields(LogRecord record)
    {
        foreach (var (key, value) in record.Fields)
        {
            if (_definitions.RemoteFieldNames.Contains(SecurityDefinitions.NormaliseFieldName(key)) && AddressFinder.FromFieldValue(value) is { } address)
            {
                return address;
            }
        }

        return null;
    }

    private static string? RequestPathOf(LogRecord record)
    {
        foreach (var (key, value) in record.Fields)
        {
            if (key == "request")
            {
                var parts = value.Split(' ');
                return parts.Length >= 2 ? parts[1] : null;
            }
        }

        return null;
    }

    private string? FindUser(LogRecord record, string text, int length)
    {
        foreach (var pattern in _definitions.UserPatterns)
        {
            var match = pattern.Match(text, 0, length);
            if (match.Success && Clean(match.Groups["user"].Value) is { } user)
            {
                return user;
            }
        }

        foreach (var (key, value) in record.Fields)
        {
            if (SecurityDefinitions.NormaliseFieldName(key) is "user" or "username" or "uname" or "login" or "remoteuser" or "account" or "usrname"
                && Clean(value) is { } user)
            {
                return user;
            }
        }

        return null;
    }

    private string? Clean(string value)
    {
        var trimmed = value.AsSpan().Trim().TrimEnd(".,;:)]>'\"").TrimStart("(<['\"");
        if (trimmed.IsEmpty || trimmed.Length > MaxUserLength || _definitions.StopUsers.Contains(trimmed.ToString()))
        {
            return null;
        }

        return trimmed.ToString();
    }

    /// <summary>The connection a line belongs to: program and pid (from the decoder, or "prog[pid]:" in the text), plus a connection/queue id.</summary>
    private SessionKey? SessionOf(LogRecord record, string text, int length)
    {
        if (record.Program is { } program && record.Pid is int pid)
        {
            string message = record.Message;
            var id = _definitions.Sessions.Id.Match(message, 0, Math.Min(message.Length, MaxScannedChars));
            return new SessionKey(program, pid, id.Success ? id.Groups["id"].Value : null);
        }

        if (!TryReadProgramAndPid(text.AsSpan(0, Math.Min(length, 128)), out var name, out pid, out int bodyStart))
        {
            return null;
        }

        var match = _definitions.Sessions.Id.Match(text, bodyStart, length - bodyStart);
        return new SessionKey(name.ToString(), pid, match.Success ? match.Groups["id"].Value : null);
    }

    /// <summary>"… sshd[1234]: rest": the first word followed by a bracketed number and a colon.</summary>
    private static bool TryReadProgramAndPid(ReadOnlySpan<char> head, out ReadOnlySpan<char> program, out int pid, out int bodyStart)
    {
        program = default;
        pid = -1;
        bodyStart = 0;
        int offset = 0;
        while (offset < head.Length)
        {
            int open = head[offset..].IndexOf('[');
            if (open < 0)
            {
                return false;
            }

            open += offset;
            int close = head[open..].IndexOf(']');
            if (close > 1 && int.TryParse(head[(open + 1)..(open + close)], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pid))
            {
                int nameStart = open;
                while (nameStart > 0 && !char.IsWhiteSpace(head[nameStart - 1]))
                {
                    nameStart--;
                }

                int after = open + close + 1;
                if (nameStart < open && after < head.Length && head[after] == ':')
                {
                    program = head[nameStart..open];
                    bodyStart = Math.Min(after + 2, head.Length);
                    return true;
                }
            }

            offset = open + 1;
        }

        return false;
    }
}
