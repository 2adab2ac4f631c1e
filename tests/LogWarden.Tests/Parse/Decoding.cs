using LogWarden.Parse;

namespace LogWarden.Tests.Parse;

/// <summary>Runs a decoder on one line with a fixed clock and zone, so expected times are exact.</summary>
internal static class Decoding
{
    public static readonly DateTimeOffset Reference = new(2024, 1, 15, 12, 0, 0, TimeSpan.Zero);

    public static DecodeContext Context(DateTimeOffset? reference = null, TimeZoneInfo? zone = null) =>
        new("test.log", reference ?? Reference, zone ?? TimeZoneInfo.Utc) { LineNumber = 7 };

    public static LogRecord Decode(ILogDecoder decoder, string line, DecodeContext? context = null)
    {
        Assert.True(decoder.TryDecode(line, context ?? Context(), out var record), $"{decoder.Name} did not decode: {line}");
        Assert.Equal(line, record.Raw);
        Assert.Equal(7, record.LineNumber);
        Assert.Equal("test.log", record.Source);
        // What the ingest path mines (read first: reading Message keeps its string) is the message, whatever its slices.
        char[] scratch = new char[1];
        string chars = record.MessageChars(ref scratch).ToString();
        Assert.Equal(record.Message, chars);
        if (record.MessageOffset >= 0)
        {
            Assert.Equal(line[record.MessageOffset..], chars); // the recogniser takes the header's length from it
        }
        return record;
    }

    public static bool Decodes(ILogDecoder decoder, string line) => decoder.TryDecode(line, Context(), out _);

    public static string? Field(LogRecord record, string key) =>
        record.Fields.FirstOrDefault(f => f.Key == key) is { Key: not null } pair ? pair.Value : null;

    public static DateTimeOffset Utc(int year, int month, int day, int hour, int minute, int second, int millisecond = 0) =>
        new(year, month, day, hour, minute, second, millisecond, TimeSpan.Zero);

    /// <summary>Lines no decoder may throw on: binary junk, control bytes, half structures, huge nesting.</summary>
    public static IEnumerable<string> HostileLines()
    {
        var random = new Random(1234);
        for (int i = 0; i < 200; i++)
        {
            var chars = new char[random.Next(0, 300)];
            for (int j = 0; j < chars.Length; j++)
            {
                chars[j] = (char)random.Next(0, 0x3000);
            }

            yield return new string(chars);
        }

        string[] seeds =
        [
            "", " ", "\0\0\0", "\uFFFD\uFFFD", "<", "<>", "<999>", "<13>", "<13>1", "<13>1 ", "<13>1 - - - - - [", "<13>1 - - - - - [a b=\"",
            "Jan", "Jan  1", "Jan 32 00:00:00 h p: m", "Feb 30 12:00:00 h p: m", "Jan  1 25:00:00 h p: m", "Jan  1 12:00:00",
            "2024-13-01T00:00:00Z x", "2024-02-30 00:00:00 x", "2024-01-01T", "9999-12-31T23:59:59-14:00 x", "0000-01-01 00:00:00 x",
            "{", "}", "{}", "{\"a\":", "{\"a\":1,}", "{\"level\":{}}", "{\"time\":1e400}", "{\"msg\":null}", "{\"ts\":-1}",
            new string('[', 5000) + new string(']', 5000), "{" + string.Concat(Enumerable.Repeat("\"a\":{", 500)) + "1" + new string('}', 501),
            "a=", "=a", "a=\"", "a=\"b\\", "a=b c=\"d", "ts= level= msg=", "a=b=c d=e",
            "1.2.3.4 - - [", "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"", "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 99999 -",
            "2024/01/01 12:00:00 [", "2024/01/01 12:00:00 [error] ", "2024/01/01 12:00:00 [error] 1#1: *", "2024/01/01 12:00:00 [error] 1#1: x, client: ",
            "[Wed Oct 11 14:32:52 2000] [", "[Wed Oct 11 14:32:52 2000] [core:", "[Wed Oct 11 14:32:52 2000] [error] [pid ",
            "{\"MESSAGE\":[1,2,300,-1],\"__CURSOR\":\"x\",\"__REALTIME_TIMESTAMP\":\"99999999999999999999\"}",
            "9999999999999999999 x", "1700000000.", "[2024-01-01 00:00:00", "\t\tat x", new string('x', 100_000) + " " + new string(' ', 50_000),
        ];
        foreach (string seed in seeds)
        {
            yield return seed;
        }
    }
}
