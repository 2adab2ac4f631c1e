using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace LogWarden.Parse;

/// <summary>
/// logfmt, as Go services (go-kit, logrus' text formatter, Loki, Grafana, Prometheus) write it:
/// <c>ts=2024-01-01T12:00:00Z level=info msg="request done" status=200 took=1.2ms</c>. Values are bare
/// words or double-quoted with Go's escapes (<c>\" \\ \n \t \r \uXXXX</c>); a key without '=' is a flag.
/// Mapped keys: ts/time/t/timestamp → time, level/lvl/severity → level, msg/message → message,
/// logger/component/app/service → program, host/hostname
/// → host, pid → pid; the rest become fields.
/// <para>
/// So that free text with an "a=b" in it is not taken for logfmt, a line must start with a key=value
/// pair, hold at least two, and every word must be a well-formed key or pair. Without a msg key the
/// message is the line minus its time and level pairs.
/// </para>
/// </summary>
internal sealed class LogfmtDecoder : ILogDecoder
{
    public static readonly LogfmtDecoder Instance = new();

    public string Name => "logfmt";

    public bool TryDecode(string line, DecodeContext context, [NotNullWhen(true)] out LogRecord? record)
    {
        record = null;
        var pairs = new List<Pair>();
        if (!TryTokenize(line, pairs) || pairs.Count < 2 || !pairs[0].HasValue || pairs.Count(p => p.HasValue) < 2)
        {
            return false;
        }

        DateTimeOffset? timestamp = null;
        var level = Severity.Unknown;
        string? message = null;
        string? host = null;
        string? program = null;
        int? pid = null;
        var consumed = new bool[pairs.Count];
        for (int i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            switch (pair.Key)
            {
                case "ts" or "time" or "t" or "timestamp" when timestamp is null && TimestampParser.TryParseValue(pair.Value, context, out var parsed):
                    timestamp = parsed;
                    consumed[i] = true;
                    break;
                case "level" or "lvl" or "severity" when level == Severity.Unknown && SeverityNames.TryParse(pair.Value, out var parsedLevel):
                    level = parsedLevel;
                    consumed[i] = true;
                    break;
                case "msg" or "message" when message is null:
                    message = pair.Value;
                    consumed[i] = true;
                    break;
                case "host" or "hostname" when host is null:
                    host = pair.Value;
                    consumed[i] = true;
                    break;
                case "logger" or "component" or "app" or "service" when program is null:
                    program = pair.Value;
                    consumed[i] = true;
                    break;
                case "pid" when pid is null && int.TryParse(pair.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int parsedPid):
                    pid = parsedPid;
                    consumed[i] = true;
                    break;
            }
        }

        List<KeyValuePair<string, string>>? fields = null;
        for (int i = 0; i < pairs.Count; i++)
        {
            if (!consumed[i])
            {
                RecordFields.Add(ref fields, pairs[i].Key, pairs[i].Value);
            }
        }

        if (message is null)
        {
            var rest = new StringBuilder(line.Length);
            for (int i = 0; i < pairs.Count; i++)
            {
                if (!consumed[i] || pairs[i].Key is not ("ts" or "time" or "t" or "timestamp" or "level" or "lvl" or "severity"))
                {
                    rest.Append(rest.Length == 0 ? "" : " ").Append(line, pairs[i].Start, pairs[i].Length);
                }
            }

            message = rest.ToString();
        }

        record = context.CreateRecord(line, message, timestamp, level, host, program, pid, fields);
        return true;
    }

    private readonly record struct Pair(string Key, string Value, bool HasValue, int Start, int Length);

    /// <summary>Splits the line into pairs; false at the first word that is not logfmt.</summary>
    private static bool TryTokenize(string line, List<Pair> pairs)
    {
        int i = 0;
        while (true)
        {
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                i++;
            }

            if (i >= line.Length)
            {
                return true;
            }

            int start = i;
            while (i < line.Length && line[i] > ' ' && line[i] is not ('=' or '"'))
            {
                i++;
            }

            if (i == start)
            {
                return false; // a word starting with '=' or '"'
            }

            string key = line[start..i];
            if (i >= line.Length || line[i] is ' ' or '\t')
            {
                pairs.Add(new Pair(key, string.Empty, false, start, i - start));
                continue;
            }

            if (line[i] != '=')
            {
                return false; // a quote inside a key
            }

            i++;
            string value;
            if (i < line.Length && line[i] == '"')
            {
                if (!TryReadQuoted(line, ref i, out value))
                {
                    return false;
                }
            }
            else
            {
                int valueStart = i;
                while (i < line.Length && line[i] is not (' ' or '\t'))
                {
                    if (line[i] == '"')
                    {
                        return false; // a quote inside a bare value
                    }

                    i++;
                }

                value = line[valueStart..i];
            }

            if (i < line.Length && line[i] is not (' ' or '\t'))
            {
                return false;
            }

            pairs.Add(new Pair(key, value, true, start, i - start));
        }
    }

    private static bool TryReadQuoted(string line, ref int i, out string value)
    {
        value = string.Empty;
        var builder = new StringBuilder();
        i++;
        while (i < line.Length)
        {
            char c = line[i++];
            if (c == '"')
            {
                value = builder.ToString();
                return true;
            }

            if (c != '\\' || i >= line.Length)
            {
                builder.Append(c);
                continue;
            }

            char escape = line[i++];
            switch (escape)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case '"' or '\\' or '/': builder.Append(escape); break;
                case 'u' when i + 4 <= line.Length
                    && ushort.TryParse(line.AsSpan(i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort code):
                    builder.Append((char)code);
                    i += 4;
                    break;
                default: builder.Append('\\').Append(escape); break;
            }
        }

        return false; // unterminated quote
    }
}
