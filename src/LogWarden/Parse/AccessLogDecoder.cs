using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace LogWarden.Parse;

/// <summary>
/// Web server access logs in the NCSA common and combined formats (Apache's "common"/"combined", nginx's
/// default "combined", Traefik's CLF), with any further fields after the user agent kept as "extra", and
/// Apache's <c>vhost_combined</c> (a leading <c>host:port</c>):
/// <c>1.2.3.4 - user [10/Oct/2000:13:55:36 -0700] "GET /a HTTP/1.1" 404 2326 "referer" "agent" …</c>.
/// <para>
/// The message is the request line and status (<c>GET /a HTTP/1.1 404</c>), which is what repeats and
/// what a template is mined from; everything else goes to fields: client, ident, user, method, path,
/// protocol, request (when it is not "METHOD PATH PROTOCOL", e.g. the TLS handshake bytes scanners send),
/// status, bytes, referer, user_agent, extra. Level: 5xx Error, 4xx Warning, anything else Info.
/// </para>
/// </summary>
internal sealed class AccessLogDecoder : ILogDecoder
{
    public static readonly AccessLogDecoder Instance = new();

    public string Name => "access";

    public bool TryDecode(string line, DecodeContext context, [NotNullWhen(true)] out LogRecord? record)
    {
        record = null;
        if (!TryParse(line, context, out var parsed))
        {
            return false;
        }

        var s = line.AsSpan();
        var request = s.Slice(parsed.Request.Start, parsed.Request.Length);
        // The request as written beside the status, as slices of the line (no string until Message is read);
        // the rare escaped request is unescaped, which mines the same.
        var slices = new MessageSlices(parsed.Request.Start, parsed.Request.Length, parsed.Status, 3);
        string? unescaped = parsed.RequestEscaped ? string.Concat(Unescape(request), " ", s.Slice(parsed.Status, 3)) : null;
        record = new LogRecord(line, slices, unescaped)
        {
            Timestamp = parsed.Timestamp,
            Level = LevelOf(parsed.StatusCode),
            Host = parsed.VirtualHostLength > 0 ? s[..parsed.VirtualHostLength].ToString() : null,
            FieldsFromRaw = FieldReader,
            DecodedMarks = parsed.Marks,
            Source = context.Source,
            LineNumber = context.LineNumber,
        };
        return true;
    }

    /// <summary>
    /// An access line written after a syslog header (<c>Nov 27 10:00:00 web nginx: 203.0.113.5 - - [27/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 404 …</c>,
    /// nginx's and Apache's <c>access_log syslog:</c>, a journal export): an access record whose message, level and
    /// fields are an access line's, with the syslog header's time, host, program and pid. <paramref name="start"/> is
    /// where the syslog message starts. Only the plain form: the client an address, then ident and user without
    /// spaces (so <see cref="EmbeddedHeadStart"/> finds the client again from the line alone: a syslog header holds no
    /// <c>" ["</c>). Null when the message is no such line.
    /// </summary>
    internal static LogRecord? TryDecodeAfterHeader(string line, int start, DateTimeOffset timestamp, string? host, string? program, int? pid, DecodeContext context)
    {
        var s = line.AsSpan();
        // Cheap refusals first: the syslog decoder asks for every message, and almost none starts with an address
        // (a digit, or an IPv6 group of at most four hex digits and its colon: "Failed", "Accepted", "error:" are none).
        if (start >= s.Length || !(char.IsAsciiDigit(s[start])
            || ((char.IsAsciiHexDigit(s[start]) || s[start] == ':') && s.Slice(start, Math.Min(5, s.Length - start)).Contains(':'))))
        {
            return null;
        }

        int clientEnd = s[start..].IndexOf(' ');
        if (clientEnd < 7 || !IsAddressWord(s.Slice(start, clientEnd)))
        {
            return null;
        }

        int open = s[start..].IndexOf(" [");
        if (open < 0 || s.Slice(start, open).Count(' ') != 2 || EmbeddedHeadStart(s) != start
            || !TryParse(s, context, out var parsed, start) || parsed.VirtualHostLength != 0)
        {
            return null;
        }

        string? unescaped = parsed.RequestEscaped ? string.Concat(Unescape(s.Slice(parsed.Request.Start, parsed.Request.Length)), " ", s.Slice(parsed.Status, 3)) : null;
        return new LogRecord(line, new MessageSlices(parsed.Request.Start, parsed.Request.Length, parsed.Status, 3), unescaped)
        {
            Timestamp = timestamp,
            Level = LevelOf(parsed.StatusCode),
            Host = host,
            Program = program,
            Pid = pid,
            FieldsFromRaw = EmbeddedFieldReader,
            DecodedMarks = parsed.Marks,
            Source = context.Source,
            LineNumber = context.LineNumber,
        };
    }

    private static Severity LevelOf(int status) => status switch
    {
        >= 500 => Severity.Error,
        >= 400 => Severity.Warning,
        _ => Severity.Info,
    };

    /// <summary>
    /// Where the client of an access line after a syslog header starts: three words before the first <c>" ["</c> (the
    /// time's bracket; a syslog header holds none), or -1.
    /// </summary>
    private static int EmbeddedHeadStart(ReadOnlySpan<char> s)
    {
        int position = s.IndexOf(" [");
        for (int words = 0; words < 3 && position > 0; words++)
        {
            position = s[..position].LastIndexOf(' ');
        }

        return position < 0 ? -1 : position + 1;
    }

    /// <summary>Where the parts of an access log line are (offsets into the line), found without allocating.</summary>
    /// <param name="Marks">What of this the detectors' <see cref="TryReadParts(LogRecord, out AccessLineParts)"/> would look for again, packed (<see cref="PackMarks"/>).</param>
    private readonly record struct ParsedLine(
        int VirtualHostLength, DateTimeOffset Timestamp, (int Start, int Length) Request, bool RequestEscaped, int Status, int StatusCode, int AfterBytes, int HeadStart,
        long Marks);

    // LogRecord.DecodedMarks: 13 bits where the head (the client) starts, 12 each for where the head (before " ["), the
    // client and the ident end (from the head's start), 10 for the status plus one (never 0: 0 is "no marks"), 5 for
    // the length of the bytes word with its space. A line whose positions do not fit keeps no marks and is parsed again.
    private const int HeadStartBits = 13, HeadBits = 12, StatusBits = 10, BytesBits = 5;

    /// <summary>
    /// The positions decoding found that the detectors' <see cref="TryReadParts(LogRecord, out AccessLineParts)"/> would find
    /// again (the line's head and the word after the status), packed for <see cref="LogRecord.DecodedMarks"/>; 0 when one does not fit.
    /// </summary>
    internal static long PackMarks(int headStart, int headEnd, int clientEnd, int identEnd, int status, int bytesWordLength)
    {
        int head = headEnd - headStart, client = clientEnd - headStart, ident = identEnd - headStart;
        if ((uint)headStart >= 1u << HeadStartBits || (uint)head >= 1u << HeadBits || (uint)client >= 1u << HeadBits
            || (uint)ident >= 1u << HeadBits || (uint)status >= (1u << StatusBits) - 1 || (uint)bytesWordLength >= 1u << BytesBits)
        {
            return 0;
        }

        ulong packed = (ulong)(status + 1);
        packed |= (ulong)bytesWordLength << StatusBits;
        packed |= (ulong)ident << (StatusBits + BytesBits);
        packed |= (ulong)client << (StatusBits + BytesBits + HeadBits);
        packed |= (ulong)head << (StatusBits + BytesBits + 2 * HeadBits);
        packed |= (ulong)headStart << (StatusBits + BytesBits + 3 * HeadBits);
        return (long)packed;
    }

    /// <summary>The positions <see cref="PackMarks"/> packed (absolute offsets into the line; the status; the bytes word's length with its space).</summary>
    internal static (int HeadStart, int HeadEnd, int ClientEnd, int IdentEnd, int Status, int BytesWordLength) UnpackMarks(long marks)
    {
        ulong packed = (ulong)marks;
        const ulong HeadMask = (1UL << HeadBits) - 1;
        int status = (int)(packed & ((1UL << StatusBits) - 1)) - 1;
        int bytesWordLength = (int)((packed >> StatusBits) & ((1UL << BytesBits) - 1));
        int ident = (int)((packed >> (StatusBits + BytesBits)) & HeadMask);
        int client = (int)((packed >> (StatusBits + BytesBits + HeadBits)) & HeadMask);
        int head = (int)((packed >> (StatusBits + BytesBits + 2 * HeadBits)) & HeadMask);
        int headStart = (int)(packed >> (StatusBits + BytesBits + 3 * HeadBits));
        return (headStart, headStart + head, headStart + client, headStart + ident, status, bytesWordLength);
    }

    /// <param name="start">Where the access line starts (after a syslog header; 0 for a line of its own).</param>
    private static bool TryParse(ReadOnlySpan<char> s, DecodeContext context, out ParsedLine parsed, int start = 0)
    {
        parsed = default;
        int open = s[start..].IndexOf(" [");
        if (open <= 0)
        {
            return false;
        }

        open += start;

        // Before the time: [vhost:port] client ident user. The user may hold spaces (it is whatever the
        // client sent for basic auth), so only the first words are split off.
        var head = s[start..open];
        int firstSpace = head.IndexOf(' ');
        if (firstSpace <= 0)
        {
            return false;
        }

        int virtualHostLength = 0;
        if (start == 0 && (LooksLikeHostAndPort(head[..firstSpace]) || VirtualHostBeforeAddress(head[..firstSpace], head[(firstSpace + 1)..]))
            && head[(firstSpace + 1)..].Count(' ') >= 2)
        {
            virtualHostLength = firstSpace;
            head = head[(firstSpace + 1)..];
            firstSpace = head.IndexOf(' ');
        }

        var afterClient = head[(firstSpace + 1)..];
        int secondSpace = afterClient.IndexOf(' ');
        if (secondSpace <= 0 || afterClient[(secondSpace + 1)..].IsEmpty || ClientComesLater(head[..firstSpace], afterClient))
        {
            return false;
        }

        int headStart = virtualHostLength > 0 ? virtualHostLength + 1 : start;
        int clientEnd = headStart + firstSpace;
        int identEnd = clientEnd + 1 + secondSpace;
        int position = open + 2;
        if (!TimestampParser.TryParseCommonLog(s[position..], context, out var timestamp, out int timeLength)
            || position + timeLength + 2 >= s.Length || s[position + timeLength] != ']' || s[position + timeLength + 1] != ' ')
        {
            return false;
        }

        position += timeLength + 2;
        int requestStart = position + 1;
        if (!TryFindQuoted(s, ref position, out bool escaped))
        {
            return false;
        }

        int requestEnd = position - 1;
        int statusStart = position + 1;
        if (!TryReadWord(s, ref position, out var statusWord) || !TryReadWord(s, ref position, out var bytesWord))
        {
            return false;
        }

        if (statusWord.Length != 3 || !int.TryParse(statusWord, NumberStyles.None, CultureInfo.InvariantCulture, out int status)
            || (!bytesWord.SequenceEqual("-") && !long.TryParse(bytesWord, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            return false;
        }

        parsed = new ParsedLine(virtualHostLength, timestamp, (requestStart, requestEnd - requestStart), escaped, statusStart, status, position,
            headStart, PackMarks(headStart, open, clientEnd, identEnd, status, position - statusStart - 3));
        return true;
    }

    // Fields depend on no context: any context parses the timestamp the same way for the positions it finds.
    private static readonly DecodeContext FieldContext = new(timeZone: TimeZoneInfo.Utc);

    private static readonly Func<string, IReadOnlyList<KeyValuePair<string, string>>> FieldReader = ReadFields;

    private static readonly Func<string, IReadOnlyList<KeyValuePair<string, string>>> EmbeddedFieldReader = ReadEmbeddedFields;

    /// <summary>Whether <paramref name="record"/> is a line this decoder read, alone or after a syslog header (so <see cref="TryReadParts(LogRecord, out AccessLineParts)"/> applies to its raw line).</summary>
    internal static bool IsAccessRecord(LogRecord record) =>
        ReferenceEquals(record.FieldsFromRaw, FieldReader) || ReferenceEquals(record.FieldsFromRaw, EmbeddedFieldReader);

    /// <summary>
    /// The parts of an access line that detectors read on every request, as slices of the line: no string is
    /// made (<see cref="LogRecord.Fields"/> makes one per field, a kilobyte a line). False when the line is no
    /// access line, or when its request or user agent holds a backslash escape: its fields unescape those.
    /// Nil values ("-") are empty. The detection engine has the security recogniser read them once per line and hands
    /// them to the other detectors (<c>LogObservation.TryAccessParts</c>).
    /// </summary>
    internal static bool TryReadParts(string line, out AccessLineParts parts) => TryReadParts(line, null, 0, embedded: false, out parts);

    /// <summary>
    /// <see cref="TryReadParts(string, out AccessLineParts)"/> of a record this decoder made (<see cref="IsAccessRecord"/>):
    /// where its request and status lie is taken from what decoding found (the record's message slices and virtual
    /// host) instead of parsing the line again — no time, no request's quotes, no status word. The same answer
    /// (AccessPartsTests compare the two); a record without its decoding's slices (a copy) is parsed as a line.
    /// </summary>
    internal static bool TryReadParts(LogRecord record, out AccessLineParts parts)
    {
        bool embedded = ReferenceEquals(record.FieldsFromRaw, EmbeddedFieldReader);
        int headStart = embedded ? -1 : record.Host is { Length: > 0 } virtualHost ? virtualHost.Length + 1 : 0;
        return TryReadParts(record.Raw, record.DecodedSlices is { SuffixLength: 3 } slices ? slices : null, headStart, embedded, out parts,
            requestEscaped: record.DecodedSlicesRewritten, marks: record.DecodedMarks);
    }

    /// <summary>
    /// The line's parts, from its decoding's <paramref name="slices"/> when given (the client from <paramref name="headStart"/>, or,
    /// -1, found again: an access line after a syslog header), else parsed.
    /// </summary>
    /// <param name="requestEscaped">
    /// With <paramref name="slices"/>: whether decoding found a backslash in the request (its record's message is the
    /// unescaped request; <see cref="LogRecord.DecodedSlicesRewritten"/>), so the request is not searched for one again.
    /// </param>
    /// <param name="marks">
    /// With <paramref name="slices"/>: what else decoding found (<see cref="LogRecord.DecodedMarks"/>), so nothing it found is
    /// looked for again (most records); 0 when it kept none.
    /// </param>
    private static bool TryReadParts(string line, MessageSlices? slices, int headStart, bool embedded, out AccessLineParts parts, bool? requestEscaped = null, long marks = 0)
    {
        return slices is not { } decoded ? ReadParts(line, embedded ? EmbeddedHeadStart(line) : 0, out parts)
            : marks != 0 ? ReadMarkedParts(line, decoded, marks, requestEscaped ?? false, out parts)
            : ReadParts(line, decoded, headStart >= 0 ? headStart : EmbeddedHeadStart(line), requestEscaped, out parts);
    }

    private static bool ReadParts(string line, int start, out AccessLineParts parts)
    {
        parts = default;
        var s = line.AsSpan();
        if (start < 0 || !TryParse(s, FieldContext, out var parsed, start) || parsed.RequestEscaped)
        {
            return false;
        }

        return ReadParts(line, parsed.HeadStart, parsed.Request.Start, parsed.Request.Length, parsed.Status, parsed.StatusCode, out parts);
    }

    /// <summary>
    /// From the slices decoding found: the request (a backslash in it is an escape: the fields' to undo; searched for
    /// unless decoding told, <paramref name="requestEscaped"/>) and the status.
    /// </summary>
    private static bool ReadParts(string line, MessageSlices slices, int headStart, bool? requestEscaped, out AccessLineParts parts)
    {
        parts = default;
        var s = line.AsSpan();
        if (headStart < 0 || slices.SuffixStart + 3 > s.Length || (requestEscaped ?? s.Slice(slices.Start, slices.Length).Contains('\\'))
            || !int.TryParse(s.Slice(slices.SuffixStart, 3), NumberStyles.None, CultureInfo.InvariantCulture, out int status))
        {
            return false;
        }

        return ReadParts(line, headStart, slices.Start, slices.Length, slices.SuffixStart, status, out parts);
    }

    /// <summary>From the slices and the marks decoding kept (<see cref="LogRecord.DecodedMarks"/>): nothing decoding found is looked for again.</summary>
    private static bool ReadMarkedParts(string line, MessageSlices slices, long marks, bool requestEscaped, out AccessLineParts parts)
    {
        parts = default;
        if (requestEscaped || slices.SuffixStart + 3 > line.Length)
        {
            return false;
        }

        var (headStart, headEnd, clientEnd, identEnd, status, bytesWordLength) = UnpackMarks(marks);
        return ReadParts(line, headStart, headEnd, clientEnd, identEnd, slices.Start, slices.Length, status, slices.SuffixStart + 3 + bytesWordLength, out parts);
    }

    private static bool ReadParts(string line, int headStart, int requestStart, int requestLength, int statusStart, int statusCode, out AccessLineParts parts)
    {
        var s = line.AsSpan();
        int headEnd = headStart + s[headStart..].IndexOf(" [");
        int firstSpace = headStart + s[headStart..headEnd].IndexOf(' ');
        int secondSpace = firstSpace + 1 + s[(firstSpace + 1)..headEnd].IndexOf(' ');
        int position = statusStart + 3;
        if (!TryReadWord(s, ref position, out _))
        {
            position = -1;
        }

        return ReadParts(line, headStart, headEnd, firstSpace, secondSpace, requestStart, requestLength, statusCode, position, out parts);
    }

    /// <param name="afterBytes">Where the bytes word after the status ends, or -1 when there is none (no referer or agent then).</param>
    private static bool ReadParts(
        string line, int headStart, int headEnd, int firstSpace, int secondSpace, int requestStart, int requestLength, int statusCode, int afterBytes,
        out AccessLineParts parts)
    {
        parts = default;
        var s = line.AsSpan();
        var request = line.AsMemory(requestStart, requestLength);
        ReadOnlyMemory<char> method = default, target = default;
        int methodEnd = request.Span.IndexOf(' ');
        int targetEnd = methodEnd < 0 ? -1 : request.Span[(methodEnd + 1)..].IndexOf(' ');
        if (targetEnd >= 0 && request.Span[(methodEnd + 1 + targetEnd + 1)..].IndexOf(' ') < 0)
        {
            method = request[..methodEnd];
            target = request.Slice(methodEnd + 1, targetEnd);
            request = default;
        }

        ReadOnlyMemory<char> referer = default, agent = default;
        int position = afterBytes;
        if (position >= 0 && position + 1 < s.Length && s[position] == ' ' && s[position + 1] == '"')
        {
            position++;
            int refererStart = position + 1;
            if (TryFindQuoted(s, ref position, out bool escaped) && !escaped)
            {
                referer = line.AsMemory(refererStart, position - 1 - refererStart);
                if (position + 1 < s.Length && s[position] == ' ' && s[position + 1] == '"')
                {
                    position++;
                    int agentStart = position + 1;
                    if (TryFindQuoted(s, ref position, out escaped))
                    {
                        if (escaped)
                        {
                            return false;
                        }

                        agent = line.AsMemory(agentStart, position - 1 - agentStart);
                    }
                }
            }
        }

        parts = new AccessLineParts(
            NilAsEmpty(line.AsMemory(headStart, firstSpace - headStart)),
            NilAsEmpty(line.AsMemory(secondSpace + 1, headEnd - secondSpace - 1)),
            method,
            target,
            request,
            statusCode,
            NilAsEmpty(referer),
            NilAsEmpty(agent));
        return true;
    }

    private static ReadOnlyMemory<char> NilAsEmpty(ReadOnlyMemory<char> value) => value.Span is "-" ? default : value;

    /// <summary>
    /// The fields of a line this decoder accepted: client, ident, user, method, path, protocol (or request),
    /// status, bytes, referer, user_agent, extra. Read on first use of <see cref="LogRecord.Fields"/>.
    /// </summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> ReadFields(string line) => ReadFields(line, 0);

    /// <summary>The fields of an access line after a syslog header (<see cref="TryDecodeAfterHeader"/>).</summary>
    private static IReadOnlyList<KeyValuePair<string, string>> ReadEmbeddedFields(string line) => ReadFields(line, EmbeddedHeadStart(line));

    private static IReadOnlyList<KeyValuePair<string, string>> ReadFields(string line, int start)
    {
        var s = line.AsSpan();
        if (start < 0 || !TryParse(s, FieldContext, out var parsed, start))
        {
            return [];
        }

        var head = s[parsed.HeadStart..(start + s[start..].IndexOf(" ["))];
        int firstSpace = head.IndexOf(' ');
        var client = head[..firstSpace];
        var afterClient = head[(firstSpace + 1)..];
        int secondSpace = afterClient.IndexOf(' ');
        List<KeyValuePair<string, string>>? fields = null;
        RecordFields.Add(ref fields, "client", client);
        AddUnlessNil(ref fields, "ident", afterClient[..secondSpace]);
        AddUnlessNil(ref fields, "user", afterClient[(secondSpace + 1)..]);
        var rawRequest = s.Slice(parsed.Request.Start, parsed.Request.Length);
        string request = parsed.RequestEscaped ? Unescape(rawRequest) : rawRequest.ToString();
        var requestParts = request.Split(' ');
        if (requestParts.Length == 3)
        {
            RecordFields.Add(ref fields, "method", requestParts[0]);
            RecordFields.Add(ref fields, "path", requestParts[1]);
            RecordFields.Add(ref fields, "protocol", requestParts[2]);
        }
        else
        {
            RecordFields.Add(ref fields, "request", request);
        }

        RecordFields.Add(ref fields, "status", s.Slice(parsed.Status, 3));
        int position = parsed.Status + 3;
        if (TryReadWord(s, ref position, out var bytesWord))
        {
            AddUnlessNil(ref fields, "bytes", bytesWord);
        }

        if (position < s.Length && s[position] == ' ' && position + 1 < s.Length && s[position + 1] == '"')
        {
            position++;
            if (TryReadQuoted(s, ref position, out string referer))
            {
                AddUnlessNil(ref fields, "referer", referer);
                if (position + 1 < s.Length && s[position] == ' ' && s[position + 1] == '"')
                {
                    position++;
                    if (TryReadQuoted(s, ref position, out string agent))
                    {
                        AddUnlessNil(ref fields, "user_agent", agent);
                    }
                }
            }
        }

        var extra = s[Math.Min(position, s.Length)..].Trim();
        if (!extra.IsEmpty)
        {
            RecordFields.Add(ref fields, "extra", extra);
        }

        return RecordFields.OrEmpty(fields);
    }

    private static void AddUnlessNil(ref List<KeyValuePair<string, string>>? fields, string key, ReadOnlySpan<char> value)
    {
        if (!value.IsEmpty && !value.SequenceEqual("-"))
        {
            RecordFields.Add(ref fields, key, value);
        }
    }

    /// <summary>
    /// Something precedes the client: the first word is no address but a later word before the time is one (a
    /// syslog header, a "[httpd] " tag; a lone virtual host is read as one). Read as
    /// this format, the first word would be the client and the address a part of the user; the line is left to
    /// the decoders of what precedes it, and the security recogniser finds the request inside it.
    /// </summary>
    private static bool ClientComesLater(ReadOnlySpan<char> client, ReadOnlySpan<char> rest)
    {
        if (AddressLike(client))
        {
            return false; // the usual line, decided without parsing the address
        }

        foreach (var range in rest.Split(' '))
        {
            if (IsAddressWord(rest[range]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A host name without its port before an address: nginx's <c>$host $remote_addr - $remote_user [...</c>.</summary>
    private static bool VirtualHostBeforeAddress(ReadOnlySpan<char> first, ReadOnlySpan<char> rest)
    {
        int end = rest.IndexOf(' ');
        return !AddressLike(first) && first.Contains('.') && !first.ContainsAnyExcept(HostNameChars)
            && end > 0 && IsAddressWord(rest[..end]);
    }

    /// <summary>Only the characters of an address (digits, hex letters, dots, colons): every client of the usual line, cheaply.</summary>
    private static bool AddressLike(ReadOnlySpan<char> word) => !word.ContainsAnyExcept(Ipv6Chars);

    private static readonly System.Buffers.SearchValues<char> HostNameChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_");

    /// <summary>A dotted-quad IPv4 or a colon-separated IPv6 address, written alone (a bare number or a time is none).</summary>
    private static bool IsAddressWord(ReadOnlySpan<char> word) =>
        word.Length >= 7
        && ((word.Count('.') == 3 && !word.ContainsAnyExcept(Ipv4Chars)) || (word.Count(':') >= 2 && !word.ContainsAnyExcept(Ipv6Chars)))
        && System.Net.IPAddress.TryParse(word, out _);

    private static readonly System.Buffers.SearchValues<char> Ipv4Chars = System.Buffers.SearchValues.Create("0123456789.");

    private static readonly System.Buffers.SearchValues<char> Ipv6Chars = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF:.");

    private static bool LooksLikeHostAndPort(ReadOnlySpan<char> word)
    {
        int colon = word.LastIndexOf(':');
        return colon > 0 && colon < word.Length - 1 && !word[(colon + 1)..].ContainsAnyExceptInRange('0', '9')
            && word[..colon].IndexOf(':') < 0;
    }

    /// <summary>
    /// A double-quoted field at <paramref name="position"/>, up to the closing quote and then a space or
    /// the end of the line. Apache escapes a quote inside as <c>\"</c>; nginx as <c>\x22</c>. Both are
    /// unescaped; other backslash sequences are kept as written.
    /// </summary>
    internal static bool TryReadQuoted(ReadOnlySpan<char> s, ref int position, out string value)
    {
        value = string.Empty;
        int start = position + 1;
        if (!TryFindQuoted(s, ref position, out bool escaped))
        {
            return false;
        }

        var text = s[start..(position - 1)];
        value = escaped ? Unescape(text) : text.ToString();
        return true;
    }

    /// <summary>
    /// Moves <paramref name="position"/> past a double-quoted field (see <see cref="TryReadQuoted"/>), telling
    /// whether it holds a backslash escape.
    /// </summary>
    private static bool TryFindQuoted(ReadOnlySpan<char> s, ref int position, out bool escaped)
    {
        escaped = false;
        if (position >= s.Length || s[position] != '"')
        {
            return false;
        }

        // Vectorised to the next quote or backslash: a user agent is a hundred characters, read at decoding and
        // again by the detectors' look at the line (TryReadParts), and the loop over its characters showed in perf.
        int i = position + 1;
        while (i < s.Length)
        {
            int next = s[i..].IndexOfAny('\\', '"');
            if (next < 0)
            {
                return false;
            }

            i += next;
            if (s[i] == '\\')
            {
                if (i + 1 == s.Length)
                {
                    return false; // a trailing backslash escapes nothing: the quote is never closed
                }

                escaped = true;
                i += 2;
                continue;
            }

            if (i + 1 == s.Length || s[i + 1] == ' ')
            {
                position = i + 1;
                return true;
            }

            i++;
        }

        return false;
    }

    private static string Unescape(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                char next = text[i + 1];
                if (next is '"' or '\\')
                {
                    builder.Append(next);
                    i++;
                    continue;
                }

                if (next == 'x' && i + 3 < text.Length
                    && byte.TryParse(text.Slice(i + 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte code) && code < 0x80)
                {
                    builder.Append((char)code);
                    i += 3;
                    continue;
                }
            }

            builder.Append(text[i]);
        }

        return builder.ToString();
    }

    private static bool TryReadWord(ReadOnlySpan<char> s, ref int position, out ReadOnlySpan<char> word)
    {
        word = default;
        if (position >= s.Length || s[position] != ' ')
        {
            return false;
        }

        int start = position + 1;
        int end = s[start..].IndexOf(' ');
        end = end < 0 ? s.Length : start + end;
        if (end == start)
        {
            return false;
        }

        word = s[start..end];
        position = end;
        return true;
    }
}

/// <summary>
/// What <see cref="AccessLogDecoder.TryReadParts(LogRecord, out AccessLineParts)"/> reads of an access line, as slices of it: the client, the
/// user, the request's method and target (or the request as written when it is not "METHOD TARGET PROTOCOL"),
/// the status, the referer and the user agent. Empty where the line has none.
/// </summary>
internal readonly record struct AccessLineParts(
    ReadOnlyMemory<char> Client, ReadOnlyMemory<char> User, ReadOnlyMemory<char> Method, ReadOnlyMemory<char> Target,
    ReadOnlyMemory<char> Request, int Status, ReadOnlyMemory<char> Referer, ReadOnlyMemory<char> UserAgent);
