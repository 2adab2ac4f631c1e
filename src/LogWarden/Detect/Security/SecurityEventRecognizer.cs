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
/// The text analysis (steps 2–3) of a line is cached by the line's shape
/// (<see cref="LineShapeCache"/>); the session step runs for every line. One instance per input stream
/// (sessions are per stream); not thread-safe. Never throws on bad input: a line is looked at up to
/// <see cref="MaxScannedChars"/> characters.
/// </summary>
internal sealed class SecurityEventRecognizer
{
    /// <summary>Security phrases sit near the start of a line; the rest of a megabyte line is not scanned.</summary>
    public const int MaxScannedChars = 8192;

    private const int MaxUserLength = 128;
    private const int FailuresBeforeSuspiciousSuccess = 2;
    private const int MaxAddresses = 4096;
    private const int MaxAddressLength = 256;

    private static readonly System.Buffers.SearchValues<char> Punctuation = System.Buffers.SearchValues.Create("-_.,;:!?*/\\|#~^=+'\"`()[]{}<>@$%& ");

    private readonly SecurityDefinitions _definitions;
    private readonly AnchorScanner _anchors;
    private readonly AuthSessions _sessions = new();
    private readonly LineShapeCache? _cache;
    private readonly ShapeMap _shapeMap = new();
    private readonly WebVerdicts _webVerdicts = new();
    private readonly WebRequestClassifier.FieldNames _fieldNames;
    private AnchorScanner? _messageScanner;
    private bool[]? _messageAnchorsSafe;

    /// <summary>
    /// Addresses read from lines, by their text (<see cref="AddressFinder.FromFieldValue"/> of it): an attacker's
    /// address is on every line of its attack, and reading it again made two strings each time. Bounded.
    /// </summary>
    private readonly Dictionary<string, RemoteAddress?> _addresses = new(StringComparer.Ordinal);

    /// <summary>Where an access line's request and status are joined to be scanned (<see cref="LogRecord.MessageChars"/>).</summary>
    private char[] _messageScratch = new char[256];

    /// <summary>
    /// A hostile line of a multi-line record (no syslog program) that named no client: the record's own "Client IP: …" line,
    /// a few lines on, names it (<see cref="RecordClient"/>). Null when none is waiting.
    /// </summary>
    private PendingFailure? _pendingRecord;

    /// <summary>Lines the pending failure still waits for its record's client line.</summary>
    private int _pendingLines;

    /// <summary>How many lines after a failure its record's client line may come (a Windows event's text runs about ten).</summary>
    private const int RecordLines = 16;

    private readonly record struct PendingFailure(string Kind, string? User, string? Path);

    private static readonly System.Buffers.SearchValues<char> LabelChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ _-");

    /// <param name="definitions">The knowledge to apply; the built-in definitions when null.</param>
    /// <param name="cacheLineShapes">False to analyse every line afresh (tests compare the two).</param>
    /// <param name="shapeCacheEntries">How many line shapes the cache keeps (benchmarks compare bounds).</param>
    public SecurityEventRecognizer(SecurityDefinitions? definitions = null, bool cacheLineShapes = true, int shapeCacheEntries = LineShapeCache.MaxEntries)
    {
        _definitions = definitions ?? SecurityDefinitions.Default;
        _anchors = _definitions.Scanner;
        _cache = cacheLineShapes ? new LineShapeCache(shapeCacheEntries) : null;
        _fieldNames = new WebRequestClassifier.FieldNames(_definitions);
    }

    /// <summary>Connections remembered (bounded by <see cref="AuthSessions"/>).</summary>
    internal int SessionCount => _sessions.Count;

    /// <summary>Lines looked up in the shape cache, and those of them analysed afresh (for benchmarks).</summary>
    internal (long Lookups, long Misses) ShapeCacheCounts => _cache is null ? (0, 0) : (_cache.Lookups, _cache.Misses);

    /// <summary>
    /// Has the recogniser scan each line's message for <paramref name="scanner"/>'s keywords too, once per line
    /// shape (on a cache miss, beside its own analysis), and give the result in <see cref="MessageAnchors"/>: the
    /// rules run the same kind of keyword scan over every message, and most lines are of a shape seen before.
    /// </summary>
    public void ShareMessageKeywords(AnchorScanner scanner)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        _messageScanner = scanner;
        _messageAnchorsSafe = [.. scanner.Anchors.Select(a => a is not null && AnchorScanner.SurvivesShape(a))];
    }

    /// <summary>The keywords scanner shared through <see cref="ShareMessageKeywords"/>, if any.</summary>
    public AnchorScanner? MessageScanner => _messageScanner;

    /// <summary>
    /// For the line just recognised, which keywords of <see cref="MessageScanner"/> occur in its message (its first
    /// <see cref="Rules.RulePattern.MaxMatchedChars"/> characters), as that scanner would set them; null when the line
    /// was not analysed by shape (an access line, a long line, a message that is not the end of the raw line).
    /// Keywords that do not survive the shape (<see cref="AnchorScanner.SurvivesShape"/>) are never set: the
    /// caller scans for those itself. Shared with the cache: read it, never write it.
    /// </summary>
    public bool[]? MessageAnchors { get; private set; }

    /// <summary>
    /// The HTTP request the line just recognised holds, whatever its verdict (a 200 or a 503 is no security event):
    /// read from an access decoder's parts, a record's fields or a request record in text (HAProxy, W3C, a framework's
    /// request log: <see cref="RequestRecordReader"/>); default (status 0) when the line holds none. Its parts are
    /// slices of the line: valid until the next line. The scenarios take it as an access line
    /// (<see cref="Scenarios.ScenarioInput"/>), so every request the recogniser reads counts as an nginx line does.
    /// </summary>
    public WebRequest Request { get; private set; }

    private AccessLineParts _accessParts;

    /// <summary>
    /// Whether the line just recognised is an access record whose parts were read
    /// (<see cref="AccessLogDecoder.TryReadParts(LogRecord, out AccessLineParts)"/>): then <see cref="AccessParts"/> holds them,
    /// for the detectors of the same line (<see cref="LogObservation.TryAccessParts"/>), which read them no more.
    /// </summary>
    public bool HasAccessParts { get; private set; }

    /// <summary>The parts of the access line just recognised (slices of it), when <see cref="HasAccessParts"/>.</summary>
    public ref readonly AccessLineParts AccessParts => ref _accessParts;

    /// <summary>The security event <paramref name="record"/> is, or null when it is none.</summary>
    public SecurityEvent? Recognize(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        MessageAnchors = null;
        Request = default;
        HasAccessParts = AccessLogDecoder.IsAccessRecord(record) && AccessLogDecoder.TryReadParts(record, out _accessParts);
        if (HasAccessParts)
        {
            return FromWebRequest(WebRequest.Of(_accessParts), record); // most lines of a web server: read without making its fields
        }

        if (record.Fields.Count >= 2 && WebRequestClassifier.TryReadFields(record, _definitions, out var fieldRequest, _fieldNames))
        {
            return FromWebRequest(fieldRequest, record);
        }

        // The whole line, header included: decoders split differently (an epoch time, logfmt's msg=, an
        // audit record's type=) and the words that matter may sit in any part.
        string text = TextOf(record);
        if (_pendingRecord is { } pending)
        {
            if (--_pendingLines < 0)
            {
                _pendingRecord = null;
            }
            else if (record.Program is null && RecordClient(text) is { } client)
            {
                _pendingRecord = null;
                return Event(pending.Kind, hostile: true, client, pending.User, pending.Path);
            }
        }

        int length = Math.Min(text.Length, MaxScannedChars);
        var span = text.AsSpan(0, length);
        // Indexed loops over the definitions' lists here and below: a foreach over an IReadOnlyList boxes its
        // enumerator, an allocation on every line that is no access line.
        var alwaysRules = _definitions.AlwaysRules;
        for (int i = 0; i < alwaysRules.Count; i++)
        {
            var rule = alwaysRules[i];
            if (rule.IsMatch(span))
            {
                return FromRule(Analyse(rule, rule.Pattern.Match(text, 0, length), record, text, length), record, text);
            }
        }

        LineAnalysis analysis;
        if (_cache is not null && length <= LineShapeCache.MaxLineLength)
        {
            Span<char> shape = stackalloc char[length];
            int messageStart = MessageStart(record);
            LineShapeCache.Shape(span, shape, record.Program is not null && messageStart > 0 ? messageStart : 0, _definitions.NumericKeyLookup, _definitions.MasksShortIds);
            shape = shape[.._shapeMap.Collapse(shape)];
            messageStart = _messageScanner is null ? -1 : messageStart;
            if (_cache.TryGet(shape, out var cached))
            {
                // Lines of one shape whose decoders split the header elsewhere (none seen) scan again: the anchors hold for the message only.
                if (messageStart >= 0 && _shapeMap.TryToShape(messageStart, out int shapedStart) && cached.MessageStart == shapedStart)
                {
                    MessageAnchors = cached.MessageAnchors;
                }

                if (cached.Outcome is LineOutcome.None or LineOutcome.Ignored
                    && (cached.Outcome == LineOutcome.Ignored || _sessions.Count == 0 || !MayFollowUp(record)))
                {
                    return null; // most lines: nothing of this line's own positions is needed
                }

                analysis = _shapeMap.ToLine(cached);
                if (analysis.Outcome == LineOutcome.None)
                {
                    var followUp = FollowUp(analysis, record, text);
                    if (!ReferenceEquals(analysis, cached) && !cached.Address.Searched && analysis.Address.Searched
                        && _shapeMap.TryToShape(analysis.Address, out var searched))
                    {
                        cached.Address = searched; // what FollowUp looked for, kept for the next line of this shape
                        cached.AddressIsHostName = analysis.AddressIsHostName;
                    }

                    return followUp;
                }
            }
            else
            {
                analysis = Analyse(record, text, length, out var textRequest);
                if (textRequest is { } request)
                {
                    return FromWebRequest(request, record);
                }

                if (messageStart >= 0)
                {
                    analysis.MessageStart = messageStart;
                    analysis.MessageAnchors = ScanMessage(record.MessageChars(ref _messageScratch));
                    MessageAnchors = analysis.MessageAnchors;
                }

                if (_shapeMap.TryToShape(analysis) is { } shaped)
                {
                    _cache.Offer(shape, shaped);
                }
            }
        }
        else
        {
            analysis = Analyse(record, text, length, out var textRequest);
            if (textRequest is { } request)
            {
                return FromWebRequest(request, record);
            }
        }

        return analysis.Outcome switch
        {
            LineOutcome.Rule => FromRule(analysis, record, text),
            LineOutcome.Request => FromRequestRecord(analysis, record, text),
            LineOutcome.Opened => NoteConnection(analysis, record, text),
            LineOutcome.None when _sessions.Count > 0 => FollowUp(analysis, record, text),
            _ => null,
        };
    }

    /// <summary>Steps 2–3: the keyword scan, the ignore and phrase rules, and where the entities are.</summary>
    private LineAnalysis Analyse(LogRecord record, string text, int length, out WebRequest? textRequest)
    {
        textRequest = null;
        var span = text.AsSpan(0, length);
        Span<bool> found = _anchors.Count <= 1024 ? stackalloc bool[_anchors.Count] : new bool[_anchors.Count];
        if (!_anchors.Scan(span, found))
        {
            return RequestRecord(record, text, length) ?? new LineAnalysis(); // its own instance: a session may still look for its address
        }

        if (AnchorScanner.AnyOf(found, _definitions.Web.AccessAnchors)
            && WebRequestClassifier.TryReadText(length == text.Length ? text : text[..length], _definitions, out var request))
        {
            textRequest = request;
            return new LineAnalysis();
        }

        var ignore = _definitions.Ignore;
        for (int i = 0; i < ignore.Count; i++)
        {
            var rule = ignore[i];
            if (AnchorScanner.AnyOf(found, rule.Anchors) && rule.IsMatch(span))
            {
                return new LineAnalysis { Outcome = LineOutcome.Ignored };
            }
        }

        var rules = _definitions.Rules;
        for (int i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (!rule.Always && AnchorScanner.AnyOf(found, rule.Anchors) && rule.IsMatch(span))
            {
                return Analyse(rule, rule.Pattern.Match(text, 0, length), record, text, length);
            }
        }

        if (RequestRecord(record, text, length) is { } requestRecord)
        {
            return requestRecord;
        }

        var sessions = _definitions.Sessions;
        if (AnchorScanner.AnyOf(found, sessions.Anchors))
        {
            if (sessions.IsOpened(span))
            {
                var opened = new LineAnalysis { Outcome = LineOutcome.Opened };
                FindAddress(opened, record, span);
                return opened;
            }

            if (sessions.IsClosed(span))
            {
                return new LineAnalysis { Outcome = LineOutcome.None, Closed = true };
            }
        }

        return new LineAnalysis();
    }

    /// <summary>
    /// An HTTP request in a layout of its own (<see cref="RequestRecordReader"/>), after the header the decoder took
    /// apart; null when the line is none. Only lines no rule claimed are asked, and only on a shape-cache miss.
    /// </summary>
    private LineAnalysis? RequestRecord(LogRecord record, string text, int length)
    {
        int start = HeaderLength(record);
        if (start >= length || !RequestRecordReader.TryRead(text, start, length, _definitions, out var request, out int statusStart))
        {
            return null;
        }

        // Where its parts are, so that a line of the same shape is read from them (the shape keeps a request's words, its
        // separators and a status that is no part of a time; the status is read again in any case)
        return new LineAnalysis
        {
            Outcome = LineOutcome.Request,
            Address = SpanOf(request.Client),
            Method = SpanOf(request.Method),
            Path = SpanOf(request.Target),
            Status = statusStart,
        };
    }

    private static SpanAnalysis SpanOf(ReadOnlyMemory<char> slice) =>
        !slice.IsEmpty && System.Runtime.InteropServices.MemoryMarshal.TryGetString(slice, out _, out int start, out int length)
            ? new SpanAnalysis(start, start + length)
            : SpanAnalysis.None;

    /// <summary>The request a <see cref="LineOutcome.Request"/> analysis found, read from this line at its places.</summary>
    private SecurityEvent? FromRequestRecord(LineAnalysis analysis, LogRecord record, string text)
    {
        // no status place: a request's start line, read for its target alone (RequestRecordReader.TryRead)
        bool started = analysis.Status < 0;
        int status = !started && analysis.Status + 3 <= text.Length ? RequestRecordReader.StatusOf(text, (analysis.Status, analysis.Status + 3)) : 0;
        if ((status == 0 && !started) || !analysis.Address.Found || !analysis.Path.Found)
        {
            return null;
        }

        ReadOnlyMemory<char> Slice(SpanAnalysis part) => part.Found ? text.AsMemory(part.Start, part.End - part.Start) : default;
        return FromWebRequest(new WebRequest(Slice(analysis.Address), Slice(analysis.Method), Slice(analysis.Path), default, status, default), record);
    }

    private LineAnalysis Analyse(LineRule rule, Match match, LogRecord record, string text, int length)
    {
        var span = text.AsSpan(0, length);
        var path = match.Groups["path"] is { Success: true } p ? new SpanAnalysis(p.Index, p.Index + p.Length) : SpanAnalysis.None;
        var user = match.Groups["user"] is { Success: true } u ? CleanUser(span, u.Index, u.Index + u.Length) : FindUser(text, length);
        var analysis = new LineAnalysis { Outcome = LineOutcome.Rule, Rule = rule, User = user, Path = path };
        if (match.Groups["addr"] is { Success: true } a)
        {
            analysis.Address = new SpanAnalysis(a.Index, a.Index + a.Length);
        }
        else
        {
            FindAddress(analysis, record, span);
        }

        return analysis;
    }

    private void FindAddress(LineAnalysis analysis, LogRecord record, ReadOnlySpan<char> span)
    {
        if (record.Fields.Count > 0 && HasAddressField(record))
        {
            analysis.Address = SpanAnalysis.None; // taken from the fields when the event is built
            return;
        }

        var found = FindInText(record, span, out int start, out int end);
        analysis.Address = found is null ? SpanAnalysis.None : new SpanAnalysis(start, end);
        analysis.AddressIsHostName = found is { IsHostName: true };
    }

    /// <summary>The remote party the line's text names, and where (in <paramref name="span"/>), outside a decoded syslog header.</summary>
    private RemoteAddress? FindInText(LogRecord record, ReadOnlySpan<char> span, out int start, out int end)
    {
        // Not in a decoded syslog header: its host name is this machine, whatever word comes before it.
        int offset = HeaderLength(record);
        start = end = 0;
        var found = offset < span.Length ? AddressFinder.Find(span[offset..], _definitions.Cues, out start, out end) : null;
        start += offset;
        end += offset;
        return found;
    }

    /// <summary>Where the message starts in the raw line when it is its end (-1 when it is not: a JSON record's message field).</summary>
    /// <summary>
    /// The text a line's words are read from: the line as read, header included; a columnar record's columns with their
    /// names (<see cref="LogRecord.Columnar"/>: its line is bare values, "DROP TCP 203.0.113.84 …", whose words say nothing alone).
    /// </summary>
    private static string TextOf(LogRecord record) => record.Columnar ? record.Message : record.Raw;

    private static int MessageStart(LogRecord record)
    {
        if (record.MessageOffset is int offset and >= 0)
        {
            return offset; // the decoder's own answer: no message string made, no comparison
        }

        string raw = record.Raw;
        string message = record.Message;
        return message.Length <= raw.Length && raw.EndsWith(message, StringComparison.Ordinal) ? raw.Length - message.Length : -1;
    }

    /// <summary>The shared keywords in <paramref name="message"/>, those that survive the shape only.</summary>
    private bool[] ScanMessage(ReadOnlySpan<char> message)
    {
        var scanner = _messageScanner!;
        var found = new bool[scanner.Count];
        scanner.Scan(message[..Math.Min(message.Length, Rules.RulePattern.MaxMatchedChars)], found);
        for (int i = 0; i < found.Length; i++)
        {
            found[i] &= _messageAnchorsSafe![i];
        }

        return found;
    }

    /// <summary>How much of the raw line is a header the decoder took apart (time, host, program), when the message is the rest.</summary>
    /// <remarks>Recognize derives it from <see cref="MessageStart"/> (one comparison of the message a line).</remarks>
    private static int HeaderLength(LogRecord record)
    {
        if (record.MessageOffset is int offset and >= 0)
        {
            return record.Program is not null ? offset : 0;
        }

        string raw = record.Raw;
        string message = record.Message;
        return record.Program is not null && message.Length < raw.Length && raw.EndsWith(message, StringComparison.Ordinal)
            ? raw.Length - message.Length
            : 0;
    }

    private SecurityEvent? FromRule(LineAnalysis analysis, LogRecord record, string text)
    {
        var rule = analysis.Rule!;
        if (rule.Flow && !IdsFlow.IsInboundAlert(text.AsSpan(0, Math.Min(text.Length, MaxScannedChars))))
        {
            return null; // an alert of low rank, or on a flow this host started or answered: read from the line, not its shape
        }

        string kind = rule.Kind;
        bool hostile = rule.Hostile;
        string? path = null;
        if (kind == SecurityEventKinds.WebNotFound)
        {
            path = RequestPathOf(record) ?? Text(text, analysis.Path);
            (kind, hostile) = WebRequestClassifier.ClassifyNotFound(path, _definitions.Web);
        }

        var address = ForwardedClientOr(AddressOf(analysis, record, text), text);
        string? user = Text(text, analysis.User) ?? UserFromFields(record);
        bool success = kind is SecurityEventKinds.AuthSuccess;
        if ((hostile || success) && SessionOf(record, text) is { } key)
        {
            var state = hostile ? _sessions.GetOrAdd(key) : _sessions.Find(key);
            if (state is not null)
            {
                if (hostile)
                {
                    state.Failures++;
                    address ??= state.Address;
                    if (address is not null)
                    {
                        state.Address ??= address;
                        state.AddressReported = true;
                    }
                }
                else if (state.Failures >= FailuresBeforeSuspiciousSuccess && (address is null || state.Address is null || address == state.Address))
                {
                    // One process serving many peers (a VPN or mail daemon) keeps one session: a success from
                    // another address than the failures' is another client's.
                    kind = SecurityEventKinds.AuthSuccessAfterFailures;
                    hostile = true;
                }
            }
        }

        if (hostile && address is null && record.Program is null)
        {
            _pendingRecord = new PendingFailure(kind, user, path); // a multi-line record may name its client further on
            _pendingLines = RecordLines;
        }
        else if (address is not null || success)
        {
            _pendingRecord = null;
        }

        bool enough = rule.Needs == EntityNeed.Address ? address is not null : address is not null || user is not null;
        return enough ? Event(kind, hostile, address, user, path) : null;
    }

    /// <summary>
    /// A record's line that is only a label naming the remote party and its address ("Client IP: 192.0.2.7", "CLIENT IP
    /// ADDRESS: …", "Src IP: …", "Source Network Address:&#9;…"): multi-line records (an audit trail's, an alert's, an
    /// error report's, a Windows event's text) state the outcome on one line and the client on another.
    /// </summary>
    private RemoteAddress? RecordClient(string text)
    {
        var line = text.AsSpan().Trim();
        if (line.Length > 100)
        {
            return null;
        }

        int colon = line.IndexOf(':');
        if (colon < 2 || colon > 48 || colon + 1 >= line.Length || line[colon + 1] is not (' ' or '\t') || line[..colon].ContainsAnyExcept(LabelChars))
        {
            return null;
        }

        var value = line[(colon + 1)..].TrimStart();
        return AddressFinder.LooksLikeAddress(value) && _definitions.Cues.Before(line, line.Length - value.Length, out bool generic) == Cue.Remote && !generic
            ? AddressFromText(value)
            : null;
    }

    /// <summary>
    /// False when no session can hold <paramref name="record"/>'s line: a program with a pid that no session has
    /// (<see cref="AuthSessions.MayHold"/>), so <see cref="FollowUp"/> would find none. Asked before a cached analysis is
    /// mapped to the line, which makes a copy of it.
    /// </summary>
    private bool MayFollowUp(LogRecord record) => record is not { Program: { } program, Pid: not null } || _sessions.MayHold(program);

    /// <summary>A line no rule claimed, in a connection that had failures: its disconnect or summary line names the peer.</summary>
    private SecurityEvent? FollowUp(LineAnalysis analysis, LogRecord record, string text)
    {
        if (!MayFollowUp(record)
            || SessionOf(record, text, prefixId: false) is not { } key || _sessions.Find(key) is not { Failures: > 0 } state
            || (!analysis.Closed && state.AddressReported))
        {
            return null;
        }

        if (!analysis.Address.Searched)
        {
            FindAddress(analysis, record, text.AsSpan(0, Math.Min(text.Length, MaxScannedChars)));
        }

        // One process serving many clients (a proxy, a VPN daemon) keeps one session for all of them: a closing line that names
        // another address than the failures' is another client's.
        if (AddressOf(analysis, record, text) is not { } address || (state.Address is { } failing && address != failing))
        {
            return null;
        }

        state.Address ??= address;
        state.AddressReported = true;
        return Event(SecurityEventKinds.FailedSession, hostile: true, address, user: null, path: null);
    }

    private SecurityEvent? NoteConnection(LineAnalysis analysis, LogRecord record, string text)
    {
        if (SessionOf(record, text) is { } key && AddressOf(analysis, record, text) is { } address)
        {
            _sessions.Restart(key).Address = address;
        }

        return null;
    }

    private RemoteAddress? AddressOf(LineAnalysis analysis, LogRecord record, string text)
    {
        if (analysis.Address.Found)
        {
            var value = text.AsSpan(analysis.Address.Start, analysis.Address.End - analysis.Address.Start);
            return analysis.AddressIsHostName
                ? new RemoteAddress(value.ToString().ToLowerInvariant(), IsHostName: true)
                : AddressFromText(value);
        }

        return record.Fields.Count > 0 ? AddressFromFields(record) : null;
    }

    /// <summary><see cref="AddressFinder.FromFieldValue"/> of <paramref name="value"/>, remembered.</summary>
    private RemoteAddress? AddressFromText(ReadOnlySpan<char> value)
    {
        if (_addresses.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(value, out var known))
        {
            return known;
        }

        string text = value.ToString();
        var address = AddressFinder.FromFieldValue(text);
        if (text.Length > MaxAddressLength)
        {
            return address; // no address or host name is this long: not worth keeping
        }

        if (_addresses.Count >= MaxAddresses)
        {
            _addresses.Clear(); // a flood of one-off addresses must not grow it
        }

        _addresses[text] = address;
        return address;
    }

    private SecurityEvent? FromWebRequest(WebRequest request, LogRecord record)
    {
        Request = request;
        if (WebRequestClassifier.Classify(request, _definitions.Web, out var target, _webVerdicts) is not { } outcome
            || ForwardedClientOr((request.Client.IsEmpty ? null : AddressFromText(request.Client.Span)) ?? ClientOfText(record), record.Raw) is not { } address)
        {
            return null;
        }

        if (outcome.Kind == SecurityEventKinds.WebAuthFailure && IsAuthCheck(target.Span) && MayBePrivate(address.Value) && IdsFlow.IsPrivate(address.Value))
        {
            return null; // a reverse proxy asking an auth service whether its visitor is logged in (forward auth): 401 is "not yet"
        }

        // an FTP server's refused login in a request log's layout names its user in a column
        return outcome.Kind == SecurityEventKinds.AuthFailure
            ? Event(outcome.Kind, outcome.Hostile, address, UserFromFields(record), path: null)
            : Event(outcome.Kind, outcome.Hostile, address, user: null, path: target.IsEmpty ? null : target.ToString());
    }

    /// <summary>
    /// The endpoint a reverse proxy's forward-auth subrequest asks (nginx's auth_request, Traefik's ForwardAuth): a path whose
    /// last segment is auth, verify or authz ("/oauth2/auth", "/api/verify", "/api/authz/forward-auth").
    /// </summary>
    private static bool IsAuthCheck(ReadOnlySpan<char> target)
    {
        int query = target.IndexOfAny('?', '#');
        var path = (query < 0 ? target : target[..query]).TrimEnd('/');
        var last = path[(path.LastIndexOf('/') + 1)..];
        return last.Equals("auth", StringComparison.OrdinalIgnoreCase) || last.Equals("verify", StringComparison.OrdinalIgnoreCase)
            || last.Equals("authz", StringComparison.OrdinalIgnoreCase) || last.Equals("forward-auth", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The remote party a request record's text names when none of its fields holds one ("remote=192.0.2.1:4411" beside
    /// "status=404 uri=/x caller=http.go:88"): read as a phrase rule's line is, outside a decoded syslog header.
    /// </summary>
    private RemoteAddress? ClientOfText(LogRecord record)
    {
        string text = TextOf(record);
        var span = text.AsSpan(0, Math.Min(text.Length, MaxScannedChars));
        return FindInText(record, span, out int start, out int end) is { IsHostName: false } ? AddressFromText(span[start..end]) : null;
    }

    /// <summary>
    /// <paramref name="address"/>, unless the event names no address or a private one (a reverse proxy's) and the line
    /// dumps the request's forwarding header with a public client in it (<see cref="ForwardedFor.Find"/>).
    /// </summary>
    private RemoteAddress? ForwardedClientOr(RemoteAddress? address, string text)
    {
        if (address is { IsHostName: true } || (address is { } own && (!MayBePrivate(own.Value) || !IdsFlow.IsPrivate(own.Value))))
        {
            return address; // most events: a public client, told by its first characters (no address parsed per line)
        }

        var span = text.AsSpan(0, Math.Min(text.Length, MaxScannedChars));
        return ForwardedFor.Find(span, out int start, out int end) && AddressFromText(span[start..end]) is { IsHostName: false } client
            && !IdsFlow.IsPrivate(client.Value) ? client : address;
    }

    /// <summary>Whether an address's first characters allow a private one (10., 127., 172., 192.168., 169.254., 100., IPv6 f…, ::…).</summary>
    private static bool MayBePrivate(string address) =>
        address.StartsWith("10.", StringComparison.Ordinal) || address.StartsWith("127.", StringComparison.Ordinal)
        || address.StartsWith("172.", StringComparison.Ordinal) || address.StartsWith("192.168.", StringComparison.Ordinal)
        || address.StartsWith("169.254.", StringComparison.Ordinal) || address.StartsWith("100.", StringComparison.Ordinal)
        || (address.Length > 0 && address[0] is 'f' or 'F' or ':');

    private static SecurityEvent Event(string kind, bool hostile, RemoteAddress? address, string? user, string? path) =>
        new(kind, hostile,
            Ip: address is { IsHostName: false } ip ? ip.Value : null,
            Host: address is { IsHostName: true } host ? host.Value : null,
            User: user,
            Path: path);

    private static string? Text(string text, SpanAnalysis span) => span.Found ? text[span.Start..span.End] : null;

    private bool HasAddressField(LogRecord record)
    {
        var fields = record.Fields;
        for (int i = 0; i < fields.Count; i++)
        {
            if (_fieldNames.IsRemote(fields[i].Key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The remote address a structured record carries in a field (<see cref="WebRequestClassifier.FieldNames.RemoteAddressOf"/>).</summary>
    private RemoteAddress? AddressFromFields(LogRecord record) => _fieldNames.RemoteAddressOf(record.Fields);

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

    private SpanAnalysis FindUser(string text, int length)
    {
        // The leftmost pattern match whose value is a name; after a stop word ("user unknown") the search goes
        // on from the next character, so a pattern that starts inside the rejected match still gets its chance.
        int start = 0;
        while (start < length)
        {
            var match = _definitions.UserPatterns.Match(text, start, length - start);
            if (!match.Success)
            {
                break;
            }

            var group = match.Groups["user"];
            if (group.Success && CleanUser(text, group.Index, group.Index + group.Length) is { Found: true } user)
            {
                return user;
            }

            start = match.Index + 1;
        }

        return SpanAnalysis.None;
    }

    private string? UserFromFields(LogRecord record)
    {
        var fields = record.Fields;
        for (int i = 0; i < fields.Count; i++)
        {
            var (key, value) = fields[i];
            if (_fieldNames.IsUser(key) && CleanUser(value, 0, value.Length) is { Found: true } user)
            {
                return value[user.Start..user.End];
            }
        }

        return null;
    }

    /// <summary>The user value without quotes and brackets; none for a stop word, an address or a host name.</summary>
    private SpanAnalysis CleanUser(ReadOnlySpan<char> text, int start, int end)
    {
        while (start < end && text[start] is ' ' or '(' or '<' or '[' or '\'' or '"')
        {
            start++;
        }

        while (end > start && text[end - 1] is ' ' or '.' or ',' or ';' or ':' or ')' or ']' or '>' or '\'' or '"')
        {
            end--;
        }

        var value = text[start..end];
        if (value.IsEmpty || value.Length > MaxUserLength || !value.ContainsAnyExcept(Punctuation) || _definitions.IsStopUser(value)
            || AddressFinder.LooksLikeAddress(value) || (AddressFinder.LooksLikeHostName(value) && value.Count('.') >= 2))
        {
            return SpanAnalysis.None; // "for ns.example.com [192.0.2.1]" names a host, not an account
        }

        return new SpanAnalysis(start, end);
    }

    /// <summary>The connection a line belongs to: program and pid (from the decoder, or "prog[pid]:" in the text), plus a connection/queue id.</summary>
    /// <param name="prefixId">
    /// Whether a line without a program may be keyed by a process id of its prefix: for lines a rule claimed and
    /// connection openings, not for the unclaimed lines of <see cref="FollowUp"/> (most lines of a log), whose cost
    /// stays what it was.
    /// </param>
    private SessionKey? SessionOf(LogRecord record, string text, bool prefixId = true)
    {
        if (record.Program is { } program && record.Pid is int pid)
        {
            string message = record.Message;
            return new SessionKey(program, pid, SessionId(message, 0, Math.Min(message.Length, MaxScannedChars)));
        }

        int length = Math.Min(text.Length, MaxScannedChars);
        if (!TryReadProgramAndPid(text.AsSpan(0, Math.Min(length, 128)), out var name, out pid, out int bodyStart))
        {
            // No process to tell connections apart; an explicit connection id ("[conn12]") still does, and so
            // does a process id the line's prefix carries on its own ("… UTC [31022] …", "[error] <0.1021.0> …").
            return SessionId(text, 0, length) is { } id ? new SessionKey("", -1, id)
                : prefixId && LeadingProcessId(text.AsSpan(0, Math.Min(length, LeadingIdChars))) is { } process ? new SessionKey("", -1, process)
                : null;
        }

        return new SessionKey(name.ToString(), pid, SessionId(text, bodyStart, length - bodyStart));
    }

    private string? SessionId(string text, int start, int length)
    {
        var sessions = _definitions.Sessions;
        var body = text.AsSpan(start, length);
        if (!sessions.QueueId.IsMatch(body) && body.IndexOfAny(sessions.IdHints) < 0)
        {
            return null;
        }

        var match = sessions.Id.Match(text, start, length);
        // A queue id has a digit somewhere ("NOQUEUE" is no id).
        return match.Success && match.Groups["id"].ValueSpan.ContainsAnyInRange('0', '9') ? match.Groups["id"].Value : null;
    }

    /// <summary>How far into a line a process id of its prefix is looked for.</summary>
    private const int LeadingIdChars = 96;

    private static readonly System.Buffers.SearchValues<char> ErlangPidChars = System.Buffers.SearchValues.Create("0123456789.");

    /// <summary>
    /// A process id standing alone in a line's prefix, as a word of its own: a bracketed number ("2024-03-11
    /// 08:12:44.570 UTC [31022] …", PostgreSQL's <c>%p</c>) or an Erlang process id ("[info] &lt;0.1021.0&gt; …").
    /// Lines of one connection share it, so a failure that names no client finds it on the connection's first line.
    /// </summary>
    private static string? LeadingProcessId(ReadOnlySpan<char> head)
    {
        for (int open = head.IndexOfAny('[', '<'); open >= 0; open = NextOpening(head, open))
        {
            char closing = head[open] == '[' ? ']' : '>';
            int close = head[(open + 1)..].IndexOf(closing);
            if (close <= 0 || (open > 0 && head[open - 1] != ' ') || (open + close + 2 < head.Length && head[open + close + 2] != ' '))
            {
                continue;
            }

            var inner = head.Slice(open + 1, close);
            bool id = closing == ']'
                ? (inner.Length <= 10 && !inner.ContainsAnyExceptInRange('0', '9')) || IsConnectionLabel(inner) || IsTransactionId(inner) || IsRequestId(inner)
                : inner.Length >= 5 && !inner.ContainsAnyExcept(ErlangPidChars) && inner.Count('.') == 2 && inner[0] != '.' && inner[^1] != '.';
            if (id)
            {
                return head.Slice(open, close + 2).ToString();
            }
        }

        return ProcessIdWord(head);
    }

    /// <summary>"… pid 4101: …" (Pgpool-II's prefix): the word "pid", a number and a colon.</summary>
    private static string? ProcessIdWord(ReadOnlySpan<char> head)
    {
        int at = head.IndexOf(" pid ", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var rest = head[(at + 5)..];
        int digits = rest.IndexOfAnyExceptInRange('0', '9');
        return digits is > 0 and <= 10 && rest[digits] == ':' ? head.Slice(at + 1, 4 + digits).ToString() : null;
    }

    /// <summary>"Client 7", "conn 12": a word naming a connection and its number (CUPS's "[Client 7]").</summary>
    private static bool IsConnectionLabel(ReadOnlySpan<char> inner)
    {
        int space = inner.IndexOf(' ');
        if (space <= 0 || space == inner.Length - 1 || inner.Length - space - 1 > 10 || inner[(space + 1)..].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }
        var word = inner[..space];
        return word.Equals("client", StringComparison.OrdinalIgnoreCase) || word.Equals("conn", StringComparison.OrdinalIgnoreCase)
            || word.Equals("connection", StringComparison.OrdinalIgnoreCase) || word.Equals("session", StringComparison.OrdinalIgnoreCase)
            || word.Equals("peer", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A UUID, with an optional ".N" transaction number after it ("[12F1A3C4-5B6D-4E7F-8091-A2B3C4D5E6F7.1]", Haraka's
    /// connection and transaction ids; request ids of web frameworks): eight, four, four, four and twelve hex digits.
    /// </summary>
    private static bool IsTransactionId(ReadOnlySpan<char> inner)
    {
        if (inner.Length is < 36 or > 48 || !Guid.TryParseExact(inner[..36], "D", out _))
        {
            return false;
        }
        var rest = inner[36..];
        return rest.IsEmpty || (rest[0] == '.' && rest.Length > 1 && !rest[1..].ContainsAnyExceptInRange('0', '9'));
    }

    /// <summary>
    /// A short hexadecimal request id, with a digit and a letter ("[6ada3e]", "[7bcb4f]": a request-handling daemon's id of
    /// one request on each of its lines): six to eight hex digits. Not twelve: a container's short id ("[a1b2c3d4e5f6]")
    /// is one for all the clients the container serves.
    /// </summary>
    private static bool IsRequestId(ReadOnlySpan<char> inner) =>
        inner.Length is >= 6 and <= 8 && !inner.ContainsAnyExcept(HexDigits) && inner.ContainsAnyInRange('0', '9') && inner.ContainsAnyExceptInRange('0', '9');

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private static int NextOpening(ReadOnlySpan<char> head, int open)
    {
        int next = head[(open + 1)..].IndexOfAny('[', '<');
        return next < 0 ? -1 : open + 1 + next;
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
