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

        if (wordEnd > position && TryParseLevelWord(s[position..wordEnd], out level))
        {
            position = SkipSeparators(s, wordEnd);
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
