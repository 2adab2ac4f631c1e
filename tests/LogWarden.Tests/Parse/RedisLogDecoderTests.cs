using LogWarden.Parse;
using static LogWarden.Tests.Parse.Decoding;

namespace LogWarden.Tests.Parse;

public sealed class RedisLogDecoderTests
{
    private static readonly RedisLogDecoder Redis = RedisLogDecoder.Instance;

    [Fact]
    public void Redis_line_yields_time_pid_role_program_and_the_level_of_its_mark()
    {
        var warning = Decode(Redis, "2187:M 22 Nov 2026 18:56:29.910 # Error accepting a client connection: accept: Too many open files");

        Assert.Equal(Utc(2026, 11, 22, 18, 56, 29, 910), warning.Timestamp);
        Assert.Equal((2187, "redis-server", Severity.Warning), (warning.Pid, warning.Program, warning.Level));
        Assert.Equal("Error accepting a client connection: accept: Too many open files", warning.Message);

        var notice = Decode(Redis, "233548:C 22 Nov 2026 02:03:06.914 * DB saved on disk");
        Assert.Equal((233548, Severity.Notice, "DB saved on disk"), (notice.Pid, notice.Level, notice.Message));

        var sentinel = Decode(Redis, "1:X 3 Jan 2026 10:00:00.001 # +sdown master mymaster 10.0.0.5 6379");
        Assert.Equal(("redis-sentinel", Utc(2026, 1, 3, 10, 0, 0, 1)), (sentinel.Program, sentinel.Timestamp));
        Assert.Equal(Severity.Debug, Decode(Redis, "7:S 22 Nov 2026 02:03:06.914 - Accepted 10.0.0.2:40000").Level);
    }

    [Theory]
    [InlineData("2187:Q 22 Nov 2026 02:03:06.514 * role letter unknown")]
    [InlineData("2187:M 22 Nov 2026 02:03:06.514 ! mark unknown")]
    [InlineData("2187 22 Nov 2026 02:03:06.514 * no role")]
    [InlineData("Nov 22 02:03:06 host redis[1]: syslog")]
    public void Other_lines_are_not_redis(string line) => Assert.False(Decodes(Redis, line));

    [Fact]
    public void Detection_picks_redis_for_a_redis_log()
    {
        string[] sample =
        [
            "2187:M 22 Nov 2026 02:03:06.514 * 100 changes in 300 seconds. Saving...",
            "2187:M 22 Nov 2026 02:03:06.515 * Background saving started by pid 233548",
            "233548:C 22 Nov 2026 02:03:06.914 * DB saved on disk",
            "2187:M 22 Nov 2026 02:03:07.014 * Background saving terminated with success",
        ];

        Assert.Equal("redis", FormatDetector.Detect(sample).Name);
    }
}
