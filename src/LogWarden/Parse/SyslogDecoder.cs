using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace LogWarden.Parse;

/// <summary>
/// Syslog as rsyslog and syslog-ng write it to files (/var/log/syslog, auth.log, kern.log, mail.log):
/// RFC 3164's <c>[&lt;PRI&gt;]Mmm dd HH:MM:SS HOST TAG[PID]: MSG</c>, and the same with the RFC 3339
/// timestamp rsyslog writes by default since Debian 12 (<c>2024-03-01T12:00:00.123456+01:00 HOST …</c>).
/// The "Mmm dd" form has no year; <see cref="DecodeContext.TryInferYear"/> supplies it. The host is
/// omitted by some writers (<c>Mmm dd HH:MM:SS sshd[1]: …</c>): a first word shaped like a tag is taken
/// as the tag. Files carry no severity unless the PRI was kept, so without one the level is guessed from
/// the start of the message ("error: …", as sshd and PAM write).
/// </summary>
internal sealed class SyslogDecoder : ILogDecoder
{
    public static readonly SyslogDecoder Instance = new();

    internal static readonly string[] FacilityNames =
    [
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp",
        "ntp", "security", "console", "solaris-cron", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
    ];

    public string Name => "syslog";

    public bool TryDecode(string line, DecodeContext context, [NotNullWhen(true)] out LogRecord? record) =>
        TryDecodeAt(line, 0, context, out record);

    /// <summary>
    /// Decodes the syslog line that starts at <paramref name="start"/> of <paramref name="line"/> (fields before it are
    /// left out of the message; the record's raw text is the whole line).
    /// </summary>
    internal static bool TryDecodeAt(string line, int start, DecodeContext context, [NotNullWhen(true)] out LogRecord? record)
    {
        record = null;
        var s = line.AsSpan();
        int position = start;
        int priority = -1;
        if (position < s.Length && s[position] == '<')
        {
            if (!TryParsePriority(s[position..], out priority, out int priorityLength))
            {
                return false;
            }

            position += priorityLength;
        }

        var rest = s[position..];
        int length;
        if (!TimestampParser.TryParseBsd(rest, context, out var timestamp, out length)
            && !(TimestampParser.TryParseIso(rest, context, out timestamp, out length) && IsRfc3339(rest[..length])))
        {
            return false;
        }

        position += length;
        if (position >= s.Length || s[position] != ' ')
        {
            return false;
        }

        position = SkipSpaces(s, position);
        string? host = null;
        bool facilityRead = TrySkipFacilityLevel(s, ref position, ref priority); // a host-less line: "auth.info sshd[1]: …"
        int wordEnd = WordEnd(s, position);
        if (!facilityRead && IsLevelInCapitals(s[position..wordEnd]))
        {
            // An application's own log with an RFC 3339 time, not syslog: "…Z ERROR 2211 --- [main] …" (Spring Boot 3,
            // logback). A host is never named INFO or ERROR; the timestamp decoder reads the level there.
            return false;
        }

        // A number is no host name: MySQL 8's error log puts a thread id there ("2024-…Z 14 [ERROR] [MY-010584] …").
        if (!facilityRead && wordEnd > position && !LooksLikeTag(s[position..wordEnd]) && s[position..wordEnd].ContainsAnyExceptInRange('0', '9'))
        {
            host = context.Name(s[position..wordEnd]);
            position = SkipSpaces(s, wordEnd);
            TrySkipFacilityLevel(s, ref position, ref priority);
        }

        string? program = null;
        int? pid = null;
        if (TryParseTag(s, position, out int tagEnd, out int pidStart, out int pidEnd, out int messageStart))
        {
            program = context.Name(s[position..tagEnd]);
            if (pidStart >= 0 && int.TryParse(s[pidStart..pidEnd], NumberStyles.None, CultureInfo.InvariantCulture, out int parsedPid))
            {
                pid = parsedPid;
            }

            position = messageStart;
        }
        else if (host is null && TimestampPrefixDecoder.ProgramAfterLevel(s, position) is { } named)
        {
            program = context.Name(named); // "…Z 14 [ERROR] [MY-011071] [Server] /usr/sbin/mysqld: Disk is full …"
        }

        // nginx, Apache and others writing their access log to syslog: the message is an access line, and the
        // record is one (its request, status and client read as the access decoder reads them).
        if (AccessLogDecoder.TryDecodeAfterHeader(line, position, timestamp, host, program, pid, context) is { } access)
        {
            record = access;
            return true;
        }

        List<KeyValuePair<string, string>>? fields = null;
        if (priority >= 0)
        {
            RecordFields.Add(ref fields, "facility", FacilityNames[priority / 8]);
        }

        var level = priority >= 0 ? SeverityNames.FromSyslogSeverity(priority % 8) : SeverityNames.Guess(s[position..]);
        record = context.CreateRecord(line, position, timestamp, level, host, program, pid, fields);
        return true;
    }

    /// <summary>
    /// busybox syslogd (Alpine, OpenWrt) and syslog-ng/rsyslog templates write the facility and level before the tag
    /// (<c>auth.info sshd[1]: …</c>): when the word at <paramref name="position"/> is one, it gives the priority (unless a
    /// PRI did) and is skipped.
    /// </summary>
    private static bool TrySkipFacilityLevel(ReadOnlySpan<char> s, ref int position, ref int priority)
    {
        int wordEnd = WordEnd(s, position);
        if (wordEnd <= position || !TryParseFacilityLevel(s[position..wordEnd], out int facility, out var level))
        {
            return false;
        }

        priority = priority >= 0 ? priority : facility * 8 + ((int)level - 1);
        position = SkipSpaces(s, wordEnd);
        return true;
    }

    /// <summary>
    /// A <c>facility.level</c> word as busybox syslogd writes before the tag (<c>auth.info</c>, <c>kern.warn</c>,
    /// <c>local0.err</c>, <c>authpriv.notice</c>): a facility name of RFC 3164 and a syslog level keyword.
    /// </summary>
    internal static bool TryParseFacilityLevel(ReadOnlySpan<char> word, out int facility, out Severity level)
    {
        facility = -1;
        level = Severity.Unknown;
        int dot = word.IndexOf('.');
        if (dot <= 0 || dot == word.Length - 1)
        {
            return false;
        }

        var name = word[..dot];
        for (int i = 0; i < FacilityNames.Length; i++)
        {
            if (name.SequenceEqual(FacilityNames[i]))
            {
                facility = i;
                break;
            }
        }

        return facility >= 0 && SeverityNames.TryParse(word[(dot + 1)..], out level) && level <= Severity.Debug;
    }

    /// <summary><c>&lt;N&gt;</c> with N in 0..191 (facility 0..23 × 8 + severity), RFC 3164 §4.1.1.</summary>
    internal static bool TryParsePriority(ReadOnlySpan<char> s, out int priority, out int end)
    {
        priority = 0;
        end = 0;
        int close = s.Length > 1 ? s[..Math.Min(s.Length, 5)].IndexOf('>') : -1;
        if (close < 2 || !int.TryParse(s[1..close], NumberStyles.None, CultureInfo.InvariantCulture, out priority) || priority > 191)
        {
            return false;
        }

        end = close + 1;
        return true;
    }

    /// <summary>
    /// TAG as written in practice: a name (letters, digits and <c>._-/()@</c>, as in "sshd(pam_unix)" or
    /// "postfix/smtpd"), optionally "[PID]", then ':'. A first word without the colon is no tag: the line
    /// is then "host message" ("last message repeated 3 times"); nor is a key=value field whose value has a colon in it.
    /// </summary>
    private static bool TryParseTag(ReadOnlySpan<char> s, int start, out int tagEnd, out int pidStart, out int pidEnd, out int messageStart)
    {
        tagEnd = pidStart = pidEnd = messageStart = -1;
        int i = start;
        while (i < s.Length && s[i] is not (':' or '[' or ' ' or '\t'))
        {
            i++;
        }

        if (i == start || i >= s.Length)
        {
            return false;
        }

        tagEnd = i;
        if (s[start..tagEnd].IndexOfAny('=', '"') >= 0)
        {
            return false; // a key=value field whose value holds a colon ('src="192.0.2.1:51234"'), no tag
        }

        if (s[i] == '[')
        {
            int close = s[i..].IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            pidStart = i + 1;
            pidEnd = i + close;
            i += close + 1;
        }

        if (i >= s.Length || s[i] != ':')
        {
            return false;
        }

        i++;
        messageStart = i < s.Length && s[i] == ' ' ? i + 1 : i;
        return true;
    }

    /// <summary>
    /// rsyslog's high-precision format is strict RFC 3339: a 'T' and an offset. Requiring both keeps
    /// application lines such as "2024-01-01 12:00:00,123 INFO …" out of this decoder.
    /// </summary>
    private static bool IsRfc3339(ReadOnlySpan<char> timestamp) =>
        timestamp[10] == 'T' && (timestamp[^1] is 'Z' or 'z' || timestamp[19..].IndexOfAny('+', '-') >= 0);

    /// <summary>A level keyword in capitals (INFO, WARN, ERROR, DEBUG, TRACE, FATAL…), as application loggers write it.</summary>
    private static bool IsLevelInCapitals(ReadOnlySpan<char> word) =>
        word.Length >= 3 && !word.ContainsAnyExceptInRange('A', 'Z') && SeverityNames.TryParse(word, out _);

    private static bool LooksLikeTag(ReadOnlySpan<char> word) =>
        word[^1] == ':' || (word.IndexOf('[') > 0 && word.EndsWith("]:", StringComparison.Ordinal));

    private static int SkipSpaces(ReadOnlySpan<char> s, int position)
    {
        while (position < s.Length && s[position] == ' ')
        {
            position++;
        }

        return position;
    }

    private static int WordEnd(ReadOnlySpan<char> s, int position)
    {
        int space = s[position..].IndexOfAny(' ', '\t');
        return space < 0 ? s.Length : position + space;
    }
}
