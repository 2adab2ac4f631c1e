using LogWarden.Daemon;

namespace LogWarden.Tests.Daemon;

public sealed class HeapGrowthCollectorTests
{
    private const long MiB = 1L << 20;

    [Fact]
    public void A_heap_grown_past_the_allowance_is_collected_once_the_interval_has_passed()
    {
        long baseline = 60 * MiB;
        Assert.True(HeapGrowthCollector.Due(baseline + HeapGrowthCollector.GrowthAllowance + 1, baseline, HeapGrowthCollector.MinInterval));
        // Not sooner than the interval after the last collection, however much it grew.
        Assert.False(HeapGrowthCollector.Due(baseline + 10 * HeapGrowthCollector.GrowthAllowance, baseline, HeapGrowthCollector.MinInterval - TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void Growth_within_the_allowance_is_left_to_the_gc()
    {
        long baseline = 60 * MiB;
        Assert.False(HeapGrowthCollector.Due(baseline + HeapGrowthCollector.GrowthAllowance, baseline, TimeSpan.FromHours(1)));
        Assert.False(HeapGrowthCollector.Due(baseline - MiB, baseline, TimeSpan.FromHours(1)));
    }
}
