using System.Diagnostics.CodeAnalysis;

namespace LogWarden.Parse;

/// <summary>
/// Lines whose timestamp comes after a few fields rather than first: a label, a line number, a node name, then the
/// time (<c>- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 … RAS KERNEL INFO …</c>, IBM Blue Gene's RAS log;
/// <c>134681 node-246 unix.hw state_change.unavailable 1077804742 1 Component State Change: …</c>; a file name before
/// an OpenStack line), or a whole syslog line after such fields (<c>- 1131566461 2005.11.09 dn228 Nov 9 12:01:01
/// dn228/dn228 crond(pam_unix)[2915]: session closed for user root</c>, Thunderbird). Without it these logs are "plain":
/// every line stamped with the time it was read, so nothing that needs log time (baselines, bursts, silences) works.
/// <para>
/// Rule: among the first <see cref="MaxFieldsBefore"/> fields after the first (within <see cref="MaxHeaderChars"/>
/// characters), a syslog line starting at a field wins; else the first field that starts a timestamp
/// <see cref="TimestampParser"/> knows and ends at a field's end. A level word within the next
/// <see cref="LevelWordsAfter"/> words (upper case, or bracketed) ends the header; else the message starts after the
/// timestamp and its level is guessed from its first words. It is the least specific format: detection tries it last.
/// </para>
/// </summary>
internal sealed class FieldsTimestampDecoder : ILogDecoder
{
    public static readonly FieldsTimestampDecoder Instance = new();

    /// <summary>How many fields may come before the timestamp.</summary>
    public const int MaxFieldsBefore = 5;

    /// <summary>How far into the line the timestamp may start.</summary>
    public const int MaxHeaderChars = 100;

    /// <summary>How many words after the timestamp are looked at for a level word.</summary>
    public const int LevelWordsAfter = 8;

    public string Name => "fields-timestamp";

    public bool TryDecode(string line, DecodeContext context, [NotNullWhen(true)] out LogRecord? record)
    {
        record = null;
        var s = line.AsSpan();
        Span<int> starts = stackalloc int[MaxFieldsBefore];
        int fields = 0;
        int i = 0;
        while (fields < MaxFieldsBefore)
        {
            while (i < s.Length && s[i] is not (' ' or '\t'))
            {
                i++;
            }

            while (i < s.Length && s[i] is ' ' or '\t')
            {
                i++;
            }

            if (i >= s.Length || i > MaxHeaderChars)
            {
                break;
            }

            starts[fields++] = i;
        }

        for (int f = 0; f < fields; f++)
        {
            if (s[starts[f]] is '<' || char.IsAsciiLetter(s[starts[f]]))
            {
                if (SyslogDecoder.TryDecodeAt(line, starts[f], context, out record))
                {
                    return true;
                }
            }
        }

        for (int f = 0; f < fields; f++)
        {
            if (TimestampParser.TryParsePrefix(s[starts[f]..], context, out var timestamp, out int length)
                && (starts[f] + length == s.Length || s[starts[f] + length] is ' ' or '\t' or ',' or '|' or ';'))
            {
                int position = starts[f] + length;
                var level = FindLevel(s, ref position);
                if (level == Severity.Unknown)
                {
                    level = SeverityNames.Guess(s[position..]);
                }

                record = context.CreateRecord(line, position, timestamp, level, host: null, program: null, pid: null, fields: null);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A level word among the words after the timestamp: upper case (<c>INFO</c>, <c>FATAL</c>), bracketed or with a colon
    /// (<c>[error]</c>, <c>WARN:</c>). When one is found <paramref name="position"/> moves past it; else it moves past
    /// the separators after the timestamp only.
    /// </summary>
    private static Severity FindLevel(ReadOnlySpan<char> s, ref int position)
    {
        int cursor = position;
        for (int word = 0; word < LevelWordsAfter; word++)
        {
            while (cursor < s.Length && s[cursor] is ' ' or '\t' or ',' or '|')
            {
                cursor++;
            }

            int end = cursor;
            while (end < s.Length && s[end] is not (' ' or '\t'))
            {
                end++;
            }

            if (end == cursor)
            {
                break;
            }

            var token = s[cursor..end];
            bool shaped = token[0] is '[' or '<' || token[^1] == ':' || !token.ContainsAnyExceptInRange('A', 'Z');
            if (shaped && TimestampPrefixDecoder.TryParseLevelWord(token, out var level))
            {
                position = end;
                while (position < s.Length && s[position] is ' ' or '\t')
                {
                    position++;
                }

                return level;
            }

            cursor = end;
        }

        while (position < s.Length && s[position] is ' ' or '\t' or ',' or '|')
        {
            position++;
        }

        return Severity.Unknown;
    }
}
