using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace LogWarden.Parse;

/// <summary>
/// Apache httpd's error log. 2.4: <c>[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 123:tid 456]
/// [client 1.2.3.4:5678] AH00126: message</c>; 2.2: <c>[Sun Dec 04 04:47:44 2005] [error] [client 1.2.3.4]
/// message</c>. The module becomes the program, <c>pid</c> the pid, <c>client</c>/<c>remote</c> fields
/// (without the port), and the message is the rest. Level names include 2.4's trace1…trace8.
/// </summary>
internal sealed class ApacheErrorDecoder : ILogDecoder
{
    public static readonly ApacheErrorDecoder Instance = new();

    public string Name => "apache-error";

    public bool TryDecode(string line, DecodeContext context, [NotNullWhen(true)] out LogRecord? record)
    {
        record = null;
        var s = line.AsSpan();
        if (s.Length < 30 || s[0] != '[' || !TimestampParser.TryParseCtime(s[1..], context, out var timestamp, out int length)
            || length + 1 >= s.Length || s[length + 1] != ']')
        {
            return false;
        }

        int position = length + 2;
        if (!TryReadBracket(s, ref position, out var levelGroup))
        {
            return false;
        }

        string? module = null;
        int colon = levelGroup.IndexOf(':');
        var levelName = levelGroup;
        if (colon >= 0)
        {
            module = levelGroup[..colon].ToString();
            levelName = levelGroup[(colon + 1)..];
        }

        if (levelName.Length == 6 && levelName.StartsWith("trace") && char.IsAsciiDigit(levelName[5]))
        {
            levelName = levelName[..5];
        }

        if (!SeverityNames.TryParse(levelName, out var level))
        {
            return false;
        }

        int? pid = null;
        List<KeyValuePair<string, string>>? fields = null;
        while (true)
        {
            int before = position;
            if (!TryReadBracket(s, ref position, out var group))
            {
                position = before;
                break;
            }

            if (group.StartsWith("pid "))
            {
                var pidText = group[4..];
                int tid = pidText.IndexOf(":tid ");
                if (tid >= 0)
                {
                    RecordFields.Add(ref fields, "tid", pidText[(tid + 5)..]);
                    pidText = pidText[..tid];
                }

                if (int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out int parsedPid))
                {
                    pid = parsedPid;
                }
            }
            else if (group.StartsWith("client ") || group.StartsWith("remote "))
            {
                RecordFields.Add(ref fields, group.StartsWith("client ") ? "client" : "remote", WithoutPort(group[7..]));
            }
            else
            {
                position = before; // a bracket that belongs to the message
                break;
            }
        }

        while (position < s.Length && s[position] == ' ')
        {
            position++;
        }

        record = new LogRecord
        {
            Raw = line,
            Message = line[position..],
            Timestamp = timestamp,
            Level = level,
            Program = module,
            Pid = pid,
            Fields = RecordFields.OrEmpty(fields),
            Source = context.Source,
            LineNumber = context.LineNumber,
        };
        return true;
    }

    /// <summary>Reads <c> [text]</c> at <paramref name="position"/> (the space is optional right after the time).</summary>
    private static bool TryReadBracket(ReadOnlySpan<char> s, ref int position, out ReadOnlySpan<char> content)
    {
        content = default;
        int start = position;
        if (start < s.Length && s[start] == ' ')
        {
            start++;
        }

        if (start >= s.Length || s[start] != '[')
        {
            return false;
        }

        int close = s[(start + 1)..].IndexOf(']');
        if (close < 0)
        {
            return false;
        }

        content = s.Slice(start + 1, close);
        position = start + close + 2;
        return true;
    }

    /// <summary>"1.2.3.4:5678" → "1.2.3.4"; an IPv6 address keeps its colons, losing only a trailing port.</summary>
    private static string WithoutPort(ReadOnlySpan<char> address)
    {
        int colon = address.LastIndexOf(':');
        if (colon > 0 && !address[(colon + 1)..].ContainsAnyExceptInRange('0', '9') && colon < address.Length - 1)
        {
            var host = address[..colon];
            if (System.Net.IPAddress.TryParse(host, out _))
            {
                return host.ToString();
            }
        }

        return address.ToString();
    }
}
