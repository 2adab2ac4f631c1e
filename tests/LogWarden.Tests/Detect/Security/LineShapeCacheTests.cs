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
}
