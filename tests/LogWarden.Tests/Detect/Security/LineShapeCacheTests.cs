using LogWarden.Detect.Security;

namespace LogWarden.Tests.Detect.Security;

public sealed class LineShapeCacheTests
{
    [Fact]
    public void Shapes_in_use_survive_a_stream_of_one_off_shapes_and_the_cache_stays_bounded()
    {
        var cache = new LineShapeCache();
        var hot = new LineAnalysis { Outcome = LineOutcome.Rule };
        cache.Add("Failed password for root from \uE000.\uE000.\uE000.\uE000 port \uE000 ssh2", hot);

        for (int i = 0; i < 10 * LineShapeCache.MaxEntries; i++)
        {
            // A firewall's LEN= and TTL= make a new shape nearly every line.
            cache.Add($"[UFW BLOCK] LEN={i % 97} TTL={i / 97}", new LineAnalysis());
            if (i % 500 == 0)
            {
                Assert.True(cache.TryGet("Failed password for root from \uE000.\uE000.\uE000.\uE000 port \uE000 ssh2", out LineAnalysis found));
                Assert.Same(hot, found);
            }
            Assert.True(cache.Count <= LineShapeCache.MaxEntries);
        }

        Assert.False(cache.TryGet("[UFW BLOCK] LEN=0 TTL=0", out _)); // one-off shapes age out
    }

    private static string ShapeOf(string line, int headerLength = 0)
    {
        var shape = new char[line.Length];
        LineShapeCache.Shape(line, shape, headerLength);
        return new string(shape);
    }

    [Fact]
    public void Lines_differing_in_their_pid_day_or_hex_ids_share_a_shape_but_short_codes_stay()
    {
        const string header1 = "Nov 15 10:00:01 web sshd[987]: ", header2 = "Nov 25 10:00:02 web sshd[123]: ";
        Assert.Equal(ShapeOf(header1 + "Failed password for root from 192.0.2.17 port 50122 ssh2", header1.Length),
            ShapeOf(header2 + "Failed password for root from 192.0.2.71 port 40022 ssh2", header2.Length));

        Assert.Equal(ShapeOf("msg=\"ignoring event\" container=7c816fbe73cb99d3 module=libcontainerd"),
            ShapeOf("msg=\"ignoring event\" container=160741f8c0e2a324 module=libcontainerd"));

        // Rules may look at short codes: they stay, and so do short hex words and digits in a message.
        Assert.NotEqual(ShapeOf("RESULT tag=97 err=49 text="), ShapeOf("RESULT tag=97 err=32 text="));
        Assert.NotEqual(ShapeOf("reply 0xdead01 to 12"), ShapeOf("reply 0xdead02 to 12"));
        Assert.NotEqual(ShapeOf(header1 + "user 7 logged in", header1.Length), ShapeOf(header1 + "user 8 logged in", header1.Length));
    }
}
