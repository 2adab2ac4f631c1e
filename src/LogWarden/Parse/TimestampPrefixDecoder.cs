using System.Diagnostics.CodeAnalysis;

namespace LogWarden.Parse;

/// <summary>
/// The shape most application logs share: a timestamp at the start of the line (any shape
/// <see cref="TimestampParser"/> knows, bracketed or not), optionally a level word right after it (bare,
/// in brackets or angle brackets, or with a colon: <c>INFO</c>, <c>[error]</c>, <c>&lt;warn&gt;</c>,
/// <c>ERROR:</c>, Monolog's <c>channel.ERROR:</c>; a " - " or " | " separator may come first), then the message. Examples:
/// <c>2015-10-18 18:01:47,978 INFO [main] …</c> (log4j), <c>17/06/09 20:10:40 INFO …</c> (Spark),
/// <c>[Sun Dec 04 04:47:44 2005] [error] …</c>, <c>2024-01-01T00:00:00Z …</c>, <c>1700000000 …</c>.
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

        position = SkipSeparators(s, position);
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

    private static bool IsSeparator(char c) => c is ' ' or '\t' or ':' or '|';

    /// <summary>Skips blanks and one-character separators standing alone (" - ", " | ", ": ").</summary>
    private static int SkipSeparators(ReadOnlySpan<char> s, int position)
    {
        while (position < s.Length)
        {
            char c = s[position];
            bool standsAlone = position + 1 >= s.Length || s[position + 1] is ' ' or '\t';
            if (c is ' ' or '\t' || (c is '-' or '|' or ':' && standsAlone))
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
