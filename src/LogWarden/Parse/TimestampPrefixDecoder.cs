using System.Diagnostics.CodeAnalysis;

namespace LogWarden.Parse;

/// <summary>
/// The shape most application logs share: a timestamp at the start of the line (any shape
/// <see cref="TimestampParser"/> knows, bracketed or not), optionally a level word right after it (bare,
/// in brackets or angle brackets, or with a colon: <c>INFO</c>, <c>[error]</c>, <c>&lt;warn&gt;</c>,
/// <c>ERROR:</c>, Monolog's <c>channel.ERROR:</c>; a " - " or " | " separator may come first), then the message. Examples:
/// <c>2015-10-18 18:01:47,978 INFO [main] …</c> (log4j), <c>17/06/09 20:10:40 INFO …</c> (Spark),
/// <c>[Sun Dec 04 04:47:44 2005] [error] …</c>, <c>2024-01-01T00:00:00Z …</c>, <c>1700000000 …</c>,
/// <c>2016-09-28 04:30:30, Info CBS …</c> (Windows' CBS log), <c>081109 203615 148 INFO dfs.DataNode…</c> (HDFS),
/// logcat's <c>03-17 16:13:38.811 1702 2395 D WindowManager: …</c> (its one-letter level read in that shape only).
/// Without a level word there, the level is guessed from the first words of the message.
/// </summary>
internal sealed class TimestampPrefixDecoder : ILogDecoder
{
    public static readonly TimestampPrefixDecoder Instance = new();

    public string Name => "timestamp";

    public bool TryDecode(string line, DecodeContext context, [NotNullWhen(true)] out LogRecord? record)
    {
        record = null;
        if (!TimestampParser.TryParsePrefix(line, context, out var timestamp, out int position))
        {
            return false;
        }

        var s = line.AsSpan();
        bool bracketed = line[0] == '[';
        if (position < s.Length && !bracketed && !IsSeparator(s[position]))
        {
            return false; // "2024-01-01T12:00:00Zglued"; after a bracket, text may follow at once ("[…]LOGIN FAILED")
        }

        if (position < s.Length && s[position] == '|')
        {
            position++; // "20171223-22:15:29:606|Step_LSC|…": fields joined by bars from the timestamp on
        }

        position = SkipSeparators(s, position);
        string? program = ProgramAfterLevel(s, position);
        var level = Severity.Unknown;
        int wordEnd = position;
        while (wordEnd < s.Length && s[wordEnd] is not (' ' or '\t'))
        {
            wordEnd++;
        }

        int? pid = null;
        if (wordEnd > position && TryParseLevelWord(s[position..wordEnd], out level))
        {
            position = SkipSeparators(s, wordEnd);
            if (TryReadSpringBootHeader(s, position, out int springPid, out var application, out int loggerStart))
            {
                pid = springPid;
                program = application.IsEmpty ? program : application.ToString();
                position = loggerStart;
            }
        }
        else if (TryLogcatLevel(s, position, out level, out int messageStart))
        {
            position = messageStart;
        }

        string message = line[position..];
        if (level == Severity.Unknown)
        {
            level = SeverityNames.Guess(message);
        }

        record = new LogRecord
        {
            Raw = line,
            Message = message,
            Timestamp = timestamp,
            Level = level,
            Program = program is null ? null : context.Name(program),
            Pid = pid,
            Source = context.Source,
            LineNumber = context.LineNumber,
        };
        return true;
    }

    /// <summary>A level word in the place right after a timestamp, where any case is a level: INFO, info, [Info], &lt;warn&gt;, ERROR:.</summary>
    internal static bool TryParseLevelWord(ReadOnlySpan<char> word, out Severity level)
    {
        if (word.Length > 2 && ((word[0] == '[' && word[^1] == ']') || (word[0] == '<' && word[^1] == '>')))
        {
            word = word[1..^1];
        }
        else if (word.Length > 1 && word[^1] == ':')
        {
            // Monolog (PHP, Laravel) writes "channel.LEVEL:".
            word = word[(word.LastIndexOf('.') + 1)..^1];
        }

        return SeverityNames.TryParse(word, out level);
    }

    /// <summary>
    /// The program a line names right after its level in brackets, as database servers' error logs write it: an
    /// optional thread id, the level, MySQL 8's error code and subsystem in brackets, then the server's name (or path)
    /// and a colon: <c>0 [ERROR] mariadbd: Disk full (…)</c>, <c>[ERROR] /usr/sbin/mysqld: Disk full</c> (MySQL 5).
    /// The name is a lower-case word (a path's last part), so a subsystem or a sentence (<c>[Note] InnoDB: …</c>,
    /// <c>[Repl] Replica SQL …</c>) is none. The message keeps all of it.
    /// </summary>
    internal static string? ProgramAfterLevel(ReadOnlySpan<char> s, int position)
    {
        int p = position;
        while (p < s.Length && char.IsAsciiDigit(s[p]))
        {
            p++;
        }

        if (p > position)
        {
            if (p >= s.Length || s[p] != ' ')
            {
                return null;
            }

            p = SkipSeparators(s, p);
        }

        for (int tag = 0; tag < 3 && p < s.Length && s[p] == '['; tag++)
        {
            int close = s[p..Math.Min(s.Length, p + 32)].IndexOf(']');
            // the first is the level: a word of letters (MySQL's "Note" and "System" are levels too)
            if (close < 2 || (tag == 0 && (close > 12 || s.Slice(p + 1, close - 1).ContainsAnyExceptInRange('A', 'z'))))
            {
                return null;
            }

            p += close + 1;
            if (p >= s.Length || s[p] != ' ')
            {
                return null;
            }

            p++;
        }

        if (p == position || s[p - 2] != ']')
        {
            return null; // no level in brackets
        }

        int start = p;
        while (p < s.Length && p - start <= 64 && (char.IsAsciiLetterLower(s[p]) || char.IsAsciiDigit(s[p]) || s[p] is '_' or '-' or '.' or '/'))
        {
            p++;
        }

        if (p == start || p + 1 >= s.Length || s[p] != ':' || s[p + 1] != ' ')
        {
            return null;
        }

        var name = s[start..p];
        name = name[(name.LastIndexOf('/') + 1)..];
        return name.Length >= 2 && char.IsAsciiLetterLower(name[0]) ? name.ToString() : null;
    }

    /// <summary>
    /// Spring Boot's default layout (logback and log4j2) after the level: the process id, <c>---</c>, the application name
    /// in brackets (Spring Boot 3.2 on, when set), the thread in brackets (padded: <c>[   scheduling-1]</c>), a
    /// correlation id in brackets (3.4 on, when tracing), then the logger and <c> : </c> before the message:
    /// <c>2026-11-09T10:00:00.123Z  INFO 1234 --- [shop] [main] c.e.shop.Application : Started …</c>. The message is
    /// read from the logger on (a thread's name, which varies per request, is left out of it); the pid and the
    /// application name are the record's.
    /// </summary>
    internal static bool TryReadSpringBootHeader(ReadOnlySpan<char> s, int position, out int pid, out ReadOnlySpan<char> application, out int loggerStart)
    {
        pid = 0;
        application = default;
        loggerStart = position;
        int p = position;
        while (p < s.Length && char.IsAsciiDigit(s[p]) && p - position < 9)
        {
            pid = (pid * 10) + (s[p] - '0');
            p++;
        }

        if (p == position || !s[p..].StartsWith(" --- [", StringComparison.Ordinal))
        {
            return false;
        }

        p += 5;
        int groups = 0;
        ReadOnlySpan<char> first = default;
        while (p < s.Length && s[p] == '[' && groups < 4)
        {
            int close = s[p..Math.Min(s.Length, p + 80)].IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            if (groups == 0)
            {
                first = s.Slice(p + 1, close - 1).Trim(' ');
            }

            groups++;
            p = SkipBlanks(s, p + close + 1);
        }

        // the logger: one word, then blanks and a colon standing alone
        int start = p;
        while (p < s.Length && s[p] is not (' ' or '\t'))
        {
            p++;
        }

        int colon = SkipBlanks(s, p);
        if (groups == 0 || p == start || colon >= s.Length || s[colon] != ':' || (colon + 1 < s.Length && s[colon + 1] != ' '))
        {
            return false;
        }

        application = groups >= 2 && first.Length > 0 && !first.ContainsAny(' ', '\t') ? first : default;
        loggerStart = start;
        return true;
    }

    private static int SkipBlanks(ReadOnlySpan<char> s, int position)
    {
        while (position < s.Length && s[position] is ' ' or '\t')
        {
            position++;
        }

        return position;
    }

    /// <summary>
    /// Android's logcat (<c>-v threadtime</c>): process and thread ids, then a one-letter priority (V D I W E F A) and the
    /// tag: <c>03-17 16:13:38.811  1702  2395 D WindowManager: …</c>. Only in that exact shape is one letter a level.
    /// </summary>
    private static bool TryLogcatLevel(ReadOnlySpan<char> s, int position, out Severity level, out int messageStart)
    {
        level = Severity.Unknown;
        messageStart = position;
        for (int ids = 0; ids < 2; ids++)
        {
            int start = position;
            while (position < s.Length && char.IsAsciiDigit(s[position]))
            {
                position++;
            }

            if (position == start || position >= s.Length || s[position] is not (' ' or '\t'))
            {
                return false;
            }

            position = SkipSeparators(s, position);
        }

        if (position + 2 >= s.Length || s[position + 1] != ' ')
        {
            return false;
        }

        level = s[position] switch
        {
            'V' => Severity.Trace,
            'D' => Severity.Debug,
            'I' => Severity.Info,
            'W' => Severity.Warning,
            'E' => Severity.Error,
            'F' or 'A' => Severity.Critical,
            _ => Severity.Unknown,
        };
        messageStart = SkipSeparators(s, position + 1);
        return level != Severity.Unknown;
    }

    private static bool IsSeparator(char c) => c is ' ' or '\t' or ':' or '|' or ',';

    /// <summary>Skips blanks and one-character separators standing alone (" - ", " | ", ": ").</summary>
    private static int SkipSeparators(ReadOnlySpan<char> s, int position)
    {
        while (position < s.Length)
        {
            char c = s[position];
            bool standsAlone = position + 1 >= s.Length || s[position + 1] is ' ' or '\t';
            if (c is ' ' or '\t' || (c is '-' or '|' or ':' or ',' && standsAlone))
            {
                position++;
            }
            else
            {
                break;
            }
        }

        return position;
    }
}
