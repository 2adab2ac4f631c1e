using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace LogWarden.Parse;

/// <summary>
/// RFC 5424 syslog: <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]</c>, where
/// any header field may be the NILVALUE "-". Structured data <c>[id@pen key="value" …]…</c> becomes fields
/// named <c>id@pen.key</c> (values unescaped per §6.3.3: <c>\" \\ \]</c>); MSGID becomes the field "msgid",
/// a non-numeric PROCID the field "procid". A MSG starting with the UTF-8 BOM (§6.4) loses it.
/// </summary>
internal sealed class Rfc5424Decoder : ILogDecoder
{
    public static readonly Rfc5424Decoder Instance = new();

    public string Name => "rfc5424";

    public bool TryDecode(string line, DecodeContext context, [NotNullWhen(true)] out LogRecord? record)
    {
        record = null;
        var s = line.AsSpan();
        if (!SyslogDecoder.TryParsePriority(s, out int priority, out int position))
        {
            return false;
        }

        // VERSION: a non-zero number of at most three digits (RFC 5424 §6.2.2); only 1 exists.
        int versionEnd = position;
        while (versionEnd < s.Length && versionEnd - position < 3 && char.IsAsciiDigit(s[versionEnd]))
        {
            versionEnd++;
        }

        if (versionEnd == position || s[position] == '0' || versionEnd >= s.Length || s[versionEnd] != ' ')
        {
            return false;
        }

        position = versionEnd + 1;
        DateTimeOffset? timestamp = null;
        if (!TryNextField(s, ref position, out var timestampField))
        {
            return false;
        }

        if (!timestampField.SequenceEqual("-"))
        {
            if (!TimestampParser.TryParseIso(timestampField, context, out var parsed, out int length) || length != timestampField.Length)
            {
                return false;
            }

            timestamp = parsed;
        }

        if (!TryNextField(s, ref position, out var hostField) || !TryNextField(s, ref position, out var appField)
            || !TryNextField(s, ref position, out var procIdField) || !TryNextField(s, ref position, out var msgIdField))
        {
            return false;
        }

        List<KeyValuePair<string, string>>? fields = null;
        RecordFields.Add(ref fields, "facility", SyslogDecoder.FacilityNames[priority / 8]);
        int? pid = null;
        if (!procIdField.SequenceEqual("-"))
        {
            if (int.TryParse(procIdField, NumberStyles.None, CultureInfo.InvariantCulture, out int parsedPid))
            {
                pid = parsedPid;
            }
            else
            {
                RecordFields.Add(ref fields, "procid", procIdField);
            }
        }

        if (!msgIdField.SequenceEqual("-"))
        {
            RecordFields.Add(ref fields, "msgid", msgIdField);
        }

        if (!TryParseStructuredData(s, ref position, ref fields))
        {
            return false;
        }

        string message = string.Empty;
        if (position < s.Length)
        {
            if (s[position] != ' ')
            {
                return false;
            }

            var messageSpan = s[(position + 1)..];
            message = messageSpan.StartsWith('\uFEFF') ? messageSpan[1..].ToString() : line[(position + 1)..];
        }

        record = context.CreateRecord(
            line,
            message,
            timestamp,
            SeverityNames.FromSyslogSeverity(priority % 8),
            host: NilToNull(hostField),
            program: NilToNull(appField),
            pid,
            fields);
        return true;
    }

    /// <summary>A header field: the characters up to the next space, which must be there.</summary>
    private static bool TryNextField(ReadOnlySpan<char> s, ref int position, out ReadOnlySpan<char> field)
    {
        field = default;
        int space = s[position..].IndexOf(' ');
        if (space <= 0)
        {
            return false;
        }

        field = s.Slice(position, space);
        position += space + 1;
        return true;
    }

    private static string? NilToNull(ReadOnlySpan<char> field) => field.SequenceEqual("-") ? null : field.ToString();

    /// <summary>STRUCTURED-DATA = NILVALUE / 1*SD-ELEMENT (RFC 5424 §6.3).</summary>
    private static bool TryParseStructuredData(ReadOnlySpan<char> s, ref int position, ref List<KeyValuePair<string, string>>? fields)
    {
        if (position >= s.Length)
        {
            return false;
        }

        if (s[position] == '-')
        {
            position++;
            return true;
        }

        if (s[position] != '[')
        {
            return false;
        }

        var value = new StringBuilder();
        while (position < s.Length && s[position] == '[')
        {
            position++;
            int idEnd = s[position..].IndexOfAny(' ', ']');
            if (idEnd <= 0)
            {
                return false;
            }

            string id = s.Slice(position, idEnd).ToString();
            position += idEnd;
            while (position < s.Length && s[position] == ' ')
            {
                position++;
                int nameEnd = s[position..].IndexOf('=');
                if (nameEnd <= 0 || position + nameEnd + 1 >= s.Length || s[position + nameEnd + 1] != '"')
                {
                    return false;
                }

                string name = string.Concat(id, ".", s.Slice(position, nameEnd));
                position += nameEnd + 2;
                value.Clear();
                while (true)
                {
                    if (position >= s.Length)
                    {
                        return false;
                    }

                    char c = s[position++];
                    if (c == '"')
                    {
                        break;
                    }

                    if (c == '\\' && position < s.Length && s[position] is '"' or '\\' or ']')
                    {
                        c = s[position++];
                    }

                    value.Append(c);
                }

                RecordFields.Add(ref fields, name, value.ToString());
            }

            if (position >= s.Length || s[position] != ']')
            {
                return false;
            }

            position++;
        }

        return true;
    }
}
