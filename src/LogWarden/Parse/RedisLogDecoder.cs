using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace LogWarden.Parse;

/// <summary>
/// The log Redis and Valkey write (since Redis 3): <c>PID:ROLE dd Mmm yyyy HH:MM:SS.mmm MARK message</c>, e.g.
/// <c>2187:M 22 Nov 2026 02:03:06.514 # Background saving error</c>. ROLE is X (sentinel), C (a forked child: RDB/AOF
/// rewrite), S (replica) or M (primary); MARK is the level: <c>.</c> debug, <c>-</c> verbose, <c>*</c> notice,
/// <c>#</c> warning (Redis' serverLogRaw). The program is redis-sentinel for X, else redis-server.
/// </summary>
internal sealed class RedisLogDecoder : ILogDecoder
{
    public static readonly RedisLogDecoder Instance = new();

    public string Name => "redis";

    public bool TryDecode(string line, DecodeContext context, [NotNullWhen(true)] out LogRecord? record)
    {
        record = null;
        var s = line.AsSpan();
        int colon = 0;
        while (colon < s.Length && colon < 11 && char.IsAsciiDigit(s[colon]))
        {
            colon++;
        }

        if (colon == 0 || colon + 3 >= s.Length || s[colon] != ':' || s[colon + 1] is not ('X' or 'C' or 'S' or 'M') || s[colon + 2] != ' '
            || !int.TryParse(s[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
        {
            return false;
        }

        int timeAt = colon + 3;
        if (!char.IsAsciiDigit(s[timeAt]) || !TimestampParser.TryParsePrefix(s[timeAt..], context, out var timestamp, out int length))
        {
            return false;
        }

        int markAt = timeAt + length + 1;
        if (markAt + 1 >= s.Length || s[markAt - 1] != ' ' || s[markAt + 1] != ' ')
        {
            return false;
        }

        var level = s[markAt] switch
        {
            '.' => Severity.Debug,
            '-' => Severity.Debug,
            '*' => Severity.Notice,
            '#' => Severity.Warning,
            _ => Severity.Unknown,
        };
        if (level == Severity.Unknown)
        {
            return false;
        }

        string program = s[colon + 1] == 'X' ? "redis-sentinel" : "redis-server";
        record = context.CreateRecord(line, markAt + 2, timestamp, level, host: null, program, pid, fields: null);
        return true;
    }
}
