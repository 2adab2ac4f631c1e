using LogWarden.Store.Embedded;

namespace LogWarden.Tests.Store;

/// <summary>The sorted ring a search keeps its best hits in: the same order and the same keys as a sorted set.</summary>
public sealed class PendingQueueTests
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 100)]
    [InlineData(3, 1000)]
    public void Adds_and_removals_at_either_end_leave_what_a_sorted_set_leaves(int seed, int keep)
    {
        var random = new Random(seed);
        var queue = new SearchRun.PendingQueue();
        var reference = new SortedSet<(long, long)>();
        for (int n = 0; n < 20_000; n++)
        {
            // Runs in order (as sections are read), against it, and at random, with repeated keys.
            long primary = (n % 3) switch { 0 => 50_000 - n, 1 => n, _ => random.Next(0, 5000) };
            long secondary = random.Next(0, 3);
            queue.Add(new SearchRun.Pending(primary, secondary, null!));
            reference.Add((primary, secondary));
            if (reference.Count > keep)
            {
                queue.RemoveMin();
                reference.Remove(reference.Min);
            }
            if (n % 97 == 0)
            {
                queue.RemoveMax();
                reference.Remove(reference.Max);
            }
            Assert.Equal(reference.Count, queue.Count);
            if (reference.Count > 0)
            {
                Assert.Equal(reference.Min, (queue.Min.Primary, queue.Min.Secondary));
                Assert.Equal(reference.Max, (queue.Max.Primary, queue.Max.Secondary));
            }
        }
        var drained = new List<(long, long)>();
        while (queue.Count > 0)
        {
            drained.Add((queue.Max.Primary, queue.Max.Secondary));
            queue.RemoveMax();
        }
        Assert.Equal(reference.Reverse(), drained);
    }
}
