namespace LogWarden.Detect.Security;

/// <summary>
/// An HTTP request record in a layout of its own, which no <c>access_lines</c> shape describes: a web framework's
/// request log (pipe-separated columns such as <c>| 401 | 1.2ms | 203.0.113.5 | POST "/api/login"</c>, a Go handler's
/// <c>/api/login: 403 203.0.113.5</c>, <c>203.0.113.5 - POST /login HTTP/1.1 401 25 - 3 ms</c>, <c>401 POST /x 203.0.113.5</c>,
/// <c>"uri": "/x", "status": 401</c> in text the decoders did not split). Recognised from its parts, not their
/// order: a request target (a word starting with one <c>/</c>), a status (three digits 100–599) in a place only a
/// status takes, and a client address:
/// <list type="bullet">
/// <item>the status right after the target, which a method precedes, a protocol word follows or a colon ends;</item>
/// <item>or a method right before the target and the status either right before the method, a column of its own
/// between <c>|</c> separators, or the value of a <c>status</c>/<c>code</c> key;</item>
/// <item>or keys and values (<c>"uri": "/x"</c>, <c>path=/x</c>) whose names say target and status, as structured records name
/// them (<see cref="WebRequestClassifier.RoleOf"/>): a JSON object after a text header, as Go's zap console encoder writes.</item>
/// </list>
/// Words are separated by spaces, tabs, <c>|</c> and quotes. The client is the remote party the line names
/// (<see cref="AddressFinder"/>, so cue words such as <c>upstream</c> keep a backend's address out).
/// </summary>
internal static class RequestRecordReader
{
    /// <summary>Words looked at per line: a request record is short, and this bounds the work on a long line.</summary>
    private const int MaxWords = 160;

    private static bool IsSeparator(char c) => c is ' ' or '\t' or '|' or '"' or '\'';

    /// <summary>
    /// Reads a request from <paramref name="text"/>[<paramref name="start"/>..<paramref name="end"/>] (start: after a
    /// decoded header, whose words are no part of a request); false when the line holds none.
    /// </summary>
    /// <param name="statusStart">Where the status's three digits are in the text (a cached reading reads them again).</param>
    public static bool TryRead(string text, int start, int end, SecurityDefinitions definitions, out WebRequest request, out int statusStart)
    {
        statusStart = -1;
        var web = definitions.Web;
        var cues = definitions.Cues;
        request = default;
        var span = text.AsSpan(0, end);
        // Cheap refusals first: most lines hold no " /" or "\"/" at all.
        int slash = span[start..].IndexOf('/');
        if (slash < 0)
        {
            return false;
        }

        Span<(int Start, int End)> words = stackalloc (int, int)[MaxWords];
        int count = Words(span, start, words);
        for (int i = 0; i < count; i++)
        {
            var (wordStart, wordEnd) = words[i];
            if (span[wordStart] != '/' || (wordEnd - wordStart > 1 && span[wordStart + 1] == '/'))
            {
                continue;
            }

            int targetEnd = wordEnd;
            bool colon = span[targetEnd - 1] == ':';
            if (colon)
            {
                targetEnd--; // "/api/login: 403"
            }

            // the method right before the target, or before one "-" placeholder column (a proxy's empty upstream: "GET - "/x"")
            int methodAt = i > 0 && IsMethod(span, words[i - 1], web) ? i - 1
                : i > 1 && span[words[i - 1].Start..words[i - 1].End] is "-" && IsMethod(span, words[i - 2], web) ? i - 2 : -1;
            // the method, its status and maybe the time taken before the target ("POST 401 312ms /api/v1/login (…)": a request
            // log that puts the outcome before the path)
            int statusBefore = -1;
            if (methodAt < 0)
            {
                int last = i > 0 && IsDuration(span, words[i - 1]) ? i - 1 : i;
                if (last >= 2 && StatusOf(span, words[last - 1]) > 0 && IsMethod(span, words[last - 2], web))
                {
                    (methodAt, statusBefore) = (last - 2, last - 1);
                }
                else if (i >= 1 && wordStart > 0 && span[wordStart - 1] is '\'' or '"' && StatusOf(span, words[i - 1]) > 0)
                {
                    // the status right before the quoted target, no method ("… 0.04 ms) 403 '/api/v1/info'": a monitoring
                    // agent's web server log)
                    statusBefore = i - 1;
                }
            }

            bool method = methodAt >= 0;
            int status = 0;
            if (i + 1 < count)
            {
                int next = i + 1;
                bool protocol = !colon && IsProtocol(span, words[next]) && next + 1 < count;
                if (protocol)
                {
                    next++;
                    // quoted columns between the protocol and the status (a user agent: 'HTTP/1.1 "curl/8" 403')
                    for (int skipped = 0; skipped < 2 && next + 1 < count && IsQuoted(span, words[next]); skipped++)
                    {
                        next++;
                    }
                }

                // right after the target, on the same side of any column separator (no "|" or quote between them but a
                // request line's closing quote); without a method only after a protocol word or the target's colon
                // ("wrote /var/backups/db.sql 404 bytes" is no request)
                status = (method || protocol || colon) && (protocol ? !span[targetEnd..words[next].Start].Contains('|') : Adjacent(span, targetEnd, words[next]))
                    ? StatusOf(span, words[next]) : 0;
                statusStart = words[next].Start;
            }

            if (status == 0 && statusBefore >= 0)
            {
                (status, statusStart) = (StatusOf(span, words[statusBefore]), words[statusBefore].Start);
            }

            if (status == 0 && method)
            {
                (status, statusStart) = (methodAt >= 1 ? StatusOf(span, words[methodAt - 1]) : 0) is int before and > 0 ? (before, words[methodAt - 1].Start)
                    : ColumnStatus(span, start, words[..count]) is (> 0, _) column ? column
                    : ProtocolStatus(span, words[(i + 1)..count]);
            }

            if (status == 0 && method && i + 2 < count && span[words[i + 1].Start..words[i + 1].End] is "for" or "from"
                && AddressFinder.LooksLikeAddress(span[words[i + 2].Start..words[i + 2].End]))
            {
                // a request's start line with no status yet, as application frameworks write it ('Started GET "/.env" for
                // 192.0.2.9 at …'): read for what its target alone tells (a probe, an attack), with no status
                var startClient = text.AsMemory(words[i + 2].Start, words[i + 2].End - words[i + 2].Start);
                request = new WebRequest(startClient, text.AsMemory(words[methodAt].Start, words[methodAt].End - words[methodAt].Start),
                    text.AsMemory(wordStart, targetEnd - wordStart), default, 0, default);
                statusStart = -1;
                return true;
            }

            if (status == 0 || targetEnd - wordStart < 1)
            {
                continue;
            }

            // The client: the remote party the line names, outside the target (a path may hold an address).
            var client = ClientOf(text, span, start, cues, wordStart, wordEnd);
            if (client.IsEmpty)
            {
                return false;
            }

            var methodWord = method ? text.AsMemory(words[methodAt].Start, words[methodAt].End - words[methodAt].Start) : default;
            request = new WebRequest(client, methodWord, text.AsMemory(wordStart, targetEnd - wordStart), default, status, default);
            return true;
        }

        return TryReadKeyed(text, span, start, words[..count], definitions, out request, out statusStart);
    }

    private static readonly System.Buffers.SearchValues<char> DurationDigits = System.Buffers.SearchValues.Create("0123456789.");

    /// <summary>A time taken, as request logs write it: digits, maybe a fraction, and a unit ("312ms", "1.2s", "95µs").</summary>
    private static bool IsDuration(ReadOnlySpan<char> span, (int Start, int End) word)
    {
        var value = span[word.Start..word.End];
        int digits = value.IndexOfAnyExcept(DurationDigits);
        if (digits <= 0 || !char.IsAsciiDigit(value[0]))
        {
            return false;
        }

        var unit = value[digits..];
        return unit is "ms" or "s" or "µs" or "us" or "ns";
    }

    /// <summary>
    /// A request written as keys and values inside a line the decoders did not split (a JSON object after a text
    /// header, as Go's zap console encoder writes it; <c>key=value</c> words after free text): a target key whose value
    /// is a path, a status key (<see cref="WebRequestClassifier.RoleOf"/>), and the client from a key that names the
    /// remote party, else the line's remote party.
    /// </summary>
    private static bool TryReadKeyed(string text, ReadOnlySpan<char> span, int start, ReadOnlySpan<(int Start, int End)> words,
        SecurityDefinitions definitions, out WebRequest request, out int statusStart)
    {
        request = default;
        statusStart = -1;
        ReadOnlyMemory<char> method = default, target = default, client = default, agent = default;
        int status = 0, targetStart = 0, targetEnd = 0;
        for (int i = 0; i < words.Length; i++)
        {
            var (wordStart, wordEnd) = words[i];
            var word = span[wordStart..wordEnd];
            int keyEnd, valueStart, valueEnd;
            int equals = word.IndexOf('=');
            if (equals > 0 && equals < word.Length - 1)
            {
                keyEnd = wordStart + equals; // key=value
                valueStart = keyEnd + 1;
                valueEnd = wordEnd;
            }
            else if (word.Length > 1 && word[^1] == ':' && i + 1 < words.Length)
            {
                keyEnd = wordEnd - 1; // key: value
                (valueStart, valueEnd) = words[i + 1];
            }
            else if (word is ":" && i > 0 && i + 1 < words.Length)
            {
                (wordStart, keyEnd) = words[i - 1]; // "key": "value" (the quotes are separators)
                (valueStart, valueEnd) = words[i + 1];
            }
            else
            {
                continue;
            }

            while (valueEnd > valueStart && span[valueEnd - 1] is ',' or '}' or ']' or ';')
            {
                valueEnd--;
            }

            int keyStart = wordStart;
            while (keyStart < keyEnd && span[keyStart] is '{' or '[' or ',')
            {
                keyStart++;
            }

            if (valueEnd <= valueStart || keyEnd <= keyStart || keyEnd - keyStart > SecurityDefinitions.MaxFieldNameChars)
            {
                continue;
            }

            var key = span[keyStart..keyEnd];
            var value = span[valueStart..valueEnd];
            switch (WebRequestClassifier.RoleOf(key))
            {
                case WebRequestClassifier.Role.Method:
                    method = method.IsEmpty ? text.AsMemory(valueStart, valueEnd - valueStart) : method;
                    break;
                case WebRequestClassifier.Role.Target:
                    if (target.IsEmpty && value[0] == '/')
                    {
                        target = text.AsMemory(valueStart, valueEnd - valueStart);
                        (targetStart, targetEnd) = (valueStart, valueEnd);
                    }

                    break;
                case WebRequestClassifier.Role.Status:
                    if (status == 0 && StatusOf(span, (valueStart, valueEnd)) is int keyed and > 0)
                    {
                        (status, statusStart) = (keyed, valueStart);
                    }

                    break;
                case WebRequestClassifier.Role.Agent:
                    agent = agent.IsEmpty ? text.AsMemory(valueStart, valueEnd - valueStart) : agent;
                    break;
                default:
                    if (client.IsEmpty && AddressFinder.LooksLikeAddress(value) && definitions.IsRemoteField(key.ToString()))
                    {
                        client = text.AsMemory(valueStart, valueEnd - valueStart);
                    }

                    break;
            }
        }

        if (status == 0 || target.IsEmpty)
        {
            return false;
        }

        client = client.IsEmpty ? ClientOf(text, span, start, definitions.Cues, targetStart, targetEnd) : client;
        request = new WebRequest(client, method, target, default, status, agent);
        return !client.IsEmpty;
    }

    /// <summary>The words of span[start..] (at most <see cref="MaxWords"/>); their count.</summary>
    private static int Words(ReadOnlySpan<char> span, int start, Span<(int Start, int End)> words)
    {
        int count = 0;
        int i = start;
        while (i < span.Length && count < words.Length)
        {
            while (i < span.Length && IsSeparator(span[i]))
            {
                i++;
            }

            int wordStart = i;
            while (i < span.Length && !IsSeparator(span[i]))
            {
                i++;
            }

            if (i > wordStart)
            {
                words[count++] = (wordStart, i);
            }
        }

        return count;
    }

    private static bool IsMethod(ReadOnlySpan<char> span, (int Start, int End) word, WebDefinitions web)
    {
        var value = span[word.Start..word.End];
        return web.IsMethod(value) || web.IsSuspiciousMethod(value);
    }

    /// <summary>A protocol word: <c>HTTP/1.1</c>, or <c>(HTTP/1.1</c> as a parenthesised <c>(HTTP/1.1 404)</c> writes it.</summary>
    private static bool IsProtocol(ReadOnlySpan<char> span, (int Start, int End) word)
    {
        var value = span[word.Start..word.End];
        return value.StartsWith("HTTP/", StringComparison.Ordinal) || value.StartsWith("(HTTP/", StringComparison.Ordinal);
    }

    /// <summary>A word that a quote opens (a quoted column such as a user agent).</summary>
    private static bool IsQuoted(ReadOnlySpan<char> span, (int Start, int End) word) => word.Start > 0 && span[word.Start - 1] == '"';

    /// <summary>
    /// A status right after a protocol word later in the line (<c>GET /x =&gt; generated 179 bytes in 3 msecs (HTTP/1.1 404)</c>,
    /// a response summary after the request); the status may close the parenthesis. (0, -1) when there is none.
    /// </summary>
    private static (int Status, int Start) ProtocolStatus(ReadOnlySpan<char> span, ReadOnlySpan<(int Start, int End)> after)
    {
        for (int j = 0; j + 1 < after.Length && j < 16; j++)
        {
            if (!IsProtocol(span, after[j]))
            {
                continue;
            }

            var (start, end) = after[j + 1];
            if (end - start == 4 && span[end - 1] == ')' && span[after[j].Start] == '(')
            {
                end--; // "(HTTP/1.1 404)"
            }

            int status = StatusOf(span, (start, end));
            return status > 0 ? (status, start) : (0, -1);
        }

        return (0, -1);
    }

    /// <summary>Whether only spaces and at most one quote (a request line's end) stand between the target and the next word.</summary>
    private static bool Adjacent(ReadOnlySpan<char> span, int targetEnd, (int Start, int End) next)
    {
        var between = span[targetEnd..next.Start];
        return !between.Contains('|') && between.Count('"') <= 1 && between.Count('\t') == 0;
    }

    /// <summary>The status a word is (three digits, 100–599), or 0.</summary>
    internal static int StatusOf(ReadOnlySpan<char> span, (int Start, int End) word)
    {
        var value = span[word.Start..word.End];
        if (value.Length != 3 || !char.IsAsciiDigit(value[0]) || !char.IsAsciiDigit(value[1]) || !char.IsAsciiDigit(value[2]))
        {
            return 0;
        }

        int status = ((value[0] - '0') * 100) + ((value[1] - '0') * 10) + (value[2] - '0');
        return status is >= 100 and <= 599 ? status : 0;
    }

    /// <summary>
    /// A status standing as a column of its own (between <c>|</c> separators, spaces allowed), or the value of a
    /// <c>status=</c>, <c>status:</c>, <c>code=</c> word; 0 when there is none or more than one column could be it.
    /// </summary>
    private static (int Status, int Start) ColumnStatus(ReadOnlySpan<char> span, int start, ReadOnlySpan<(int Start, int End)> words)
    {
        int found = 0, at = -1;
        foreach (var word in words)
        {
            var value = span[word.Start..word.End];
            int status = 0;
            if (value.Length == 3)
            {
                status = IsColumn(span, start, word) ? StatusOf(span, word) : 0;
            }
            else if (KeyedStatus(value) is int keyed and > 0)
            {
                return (keyed, word.End - 3);
            }

            if (status > 0)
            {
                if (found > 0)
                {
                    return (0, -1); // two three-digit columns: which is the status is not known
                }

                (found, at) = (status, word.Start);
            }
        }

        return (found, at);
    }

    private static bool IsColumn(ReadOnlySpan<char> span, int start, (int Start, int End) word)
    {
        int before = word.Start - 1;
        while (before >= start && span[before] == ' ')
        {
            before--;
        }

        int after = word.End;
        while (after < span.Length && span[after] == ' ')
        {
            after++;
        }

        return before >= start && span[before] == '|' && (after == span.Length || span[after] == '|');
    }

    private static int KeyedStatus(ReadOnlySpan<char> value)
    {
        foreach (var key in (ReadOnlySpan<string>)["status=", "status:", "status_code=", "statuscode=", "code=", "http_status="])
        {
            if (value.Length == key.Length + 3 && value.StartsWith(key, StringComparison.OrdinalIgnoreCase))
            {
                var digits = value[key.Length..];
                if (char.IsAsciiDigit(digits[0]) && char.IsAsciiDigit(digits[1]) && char.IsAsciiDigit(digits[2]))
                {
                    int status = ((digits[0] - '0') * 100) + ((digits[1] - '0') * 10) + (digits[2] - '0');
                    return status is >= 100 and <= 599 ? status : 0;
                }
            }
        }

        return 0;
    }

    /// <summary>The remote address the line names before or after the target (not inside it), as a slice of the text.</summary>
    private static ReadOnlyMemory<char> ClientOf(string text, ReadOnlySpan<char> span, int start, AddressCues cues, int targetStart, int targetEnd)
    {
        if (AddressFinder.Find(span[start..targetStart], cues, out int s, out int e) is { IsHostName: false })
        {
            return text.AsMemory(start + s, e - s);
        }

        if (AddressFinder.Find(span[targetEnd..], cues, out s, out e) is { IsHostName: false })
        {
            return text.AsMemory(targetEnd + s, e - s);
        }

        return default;
    }
}
