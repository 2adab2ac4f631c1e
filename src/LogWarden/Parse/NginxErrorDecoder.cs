using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace LogWarden.Parse;

/// <summary>
/// nginx's error log: <c>YYYY/MM/DD HH:MM:SS [level] PID#TID: [*CONNECTION ]message[, client: IP, server: NAME,
/// request: "…", upstream: "…", host: "…", referrer: "…"]</c>. The connection number and the context
/// nginx appends (ngx_http_log_error) are split off into fields, so the message is what nginx said.
/// <para>
/// The context is told from the message by its grammar, not by the first ", client: ": the message may
/// quote what a client sent (a user name, a URI) and so contain that text itself. The first ", client: "
/// after which the whole rest of the line parses as the context, keys in nginx's order and none twice,
/// is taken.
/// </para>
/// </summary>
internal sealed class NginxErrorDecoder : ILogDecoder
{
    public static readonly NginxErrorDecoder Instance = new();

    // The keys ngx_http_log_error_handler appends, in the order it appends them.
    private static readonly string[] ContextKeys = ["client", "server", "request", "subrequest", "upstream", "host", "referrer"];

    public string Name => "nginx-error";

    public bool TryDecode(string line, DecodeContext context, [NotNullWhen(true)] out LogRecord? record)
    {
        record = null;
        var s = line.AsSpan();
        if (s.Length < 22 || s[4] != '/' || !TimestampParser.TryParsePrefix(s, context, out var timestamp, out int position)
            || position + 2 >= s.Length || s[position] != ' ' || s[position + 1] != '[')
        {
            return false;
        }

        int levelEnd = s[(position + 2)..].IndexOf(']');
        if (levelEnd <= 0 || !SeverityNames.TryParse(s.Slice(position + 2, levelEnd), out var level))
        {
            return false;
        }

        position += 2 + levelEnd + 1;
        if (position >= s.Length || s[position] != ' ')
        {
            return false;
        }

        // PID#TID:
        int pidStart = position + 1;
        int hash = s[pidStart..].IndexOf('#');
        int colon = s[pidStart..].IndexOf(':');
        if (hash <= 0 || colon <= hash
            || !int.TryParse(s.Slice(pidStart, hash), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
        {
            return false;
        }

        List<KeyValuePair<string, string>>? fields = null;
        RecordFields.Add(ref fields, "tid", s.Slice(pidStart + hash + 1, colon - hash - 1));
        position = pidStart + colon + 1;
        if (position < s.Length && s[position] == ' ')
        {
            position++;
        }

        if (position < s.Length && s[position] == '*')
        {
            int end = position + 1;
            while (end < s.Length && char.IsAsciiDigit(s[end]))
            {
                end++;
            }

            if (end > position + 1 && (end == s.Length || s[end] == ' '))
            {
                RecordFields.Add(ref fields, "connection", s[(position + 1)..end]);
                position = Math.Min(end + 1, s.Length);
            }
        }

        var message = s[position..];
        int contextStart = FindContext(message, ref fields);
        string messageText = contextStart < 0 ? line[position..] : message[..contextStart].ToString();
        record = new LogRecord
        {
            Raw = line,
            Message = messageText,
            Timestamp = timestamp,
            Level = level,
            Program = "nginx",
            Pid = pid,
            Fields = RecordFields.OrEmpty(fields),
            Source = context.Source,
            LineNumber = context.LineNumber,
        };
        return true;
    }

    private static int FindContext(ReadOnlySpan<char> message, ref List<KeyValuePair<string, string>>? fields)
    {
        const string Marker = ", client: ";
        int searchFrom = 0;
        while (true)
        {
            int found = message[searchFrom..].IndexOf(Marker);
            if (found < 0)
            {
                return -1;
            }

            int start = searchFrom + found;
            var parsed = new List<KeyValuePair<string, string>>();
            if (TryParseContext(message[start..], parsed))
            {
                foreach (var pair in parsed)
                {
                    RecordFields.Add(ref fields, pair.Key, pair.Value);
                }

                return start;
            }

            searchFrom = start + 1;
        }
    }

    /// <summary>Parses <c>, key: value, key: "quoted", …</c> to the end of <paramref name="text"/>.</summary>
    private static bool TryParseContext(ReadOnlySpan<char> text, List<KeyValuePair<string, string>> parsed)
    {
        int nextKey = 0;
        int position = 0;
        while (position < text.Length)
        {
            if (!text[position..].StartsWith(", "))
            {
                return false;
            }

            position += 2;
            int colon = text[position..].IndexOf(": ");
            if (colon <= 0)
            {
                return false;
            }

            var key = text.Slice(position, colon);
            int keyIndex = nextKey;
            while (keyIndex < ContextKeys.Length && !key.SequenceEqual(ContextKeys[keyIndex]))
            {
                keyIndex++;
            }

            if (keyIndex == ContextKeys.Length)
            {
                return false;
            }

            nextKey = keyIndex + 1;
            position += colon + 2;
            string value;
            if (position < text.Length && text[position] == '"')
            {
                // A quoted value ends at a quote followed by the next ", key: " or by the end.
                int close = position + 1;
                while (true)
                {
                    int quote = text[close..].IndexOf('"');
                    if (quote < 0)
                    {
                        return false;
                    }

                    close += quote;
                    if (close + 1 == text.Length || (text[(close + 1)..].StartsWith(", ") && IsKeyAhead(text[(close + 3)..])))
                    {
                        break;
                    }

                    close++;
                }

                value = text[(position + 1)..close].ToString();
                position = close + 1;
            }
            else
            {
                int comma = text[position..].IndexOf(", ");
                int end = comma < 0 ? text.Length : position + comma;
                value = text[position..end].ToString();
                position = end;
            }

            parsed.Add(new(ContextKeys[keyIndex], value));
        }

        return parsed.Count > 0;
    }

    private static bool IsKeyAhead(ReadOnlySpan<char> text)
    {
        foreach (string key in ContextKeys)
        {
            if (text.StartsWith(key) && text[key.Length..].StartsWith(": "))
            {
                return true;
            }
        }

        return false;
    }
}
