using LogWarden.Detect.Scenarios;

namespace LogWarden.Tests.Detect.Scenarios;

/// <summary>
/// <see cref="HashSet64"/> stands in for <see cref="HashSet{T}"/> of hashes in distinct values and served paths: every
/// add, lookup and count must answer as the framework's set does, across growth, clears, 0 (its empty mark) and values
/// that collide in their slot.
/// </summary>
public sealed class HashSet64Tests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Answers_as_a_HashSet_does(int seed)
    {
        var random = new Random(seed);
        var set = new HashSet64();
        var expected = new HashSet<ulong>();
        // Few distinct values (repeats), values that differ only in their high bits (one slot), and 0.
        ulong[] pool = [.. Enumerable.Range(0, 3000).Select(i => i % 5 == 0 ? (ulong)i << 48 : (ulong)random.NextInt64() * 3), 0UL, ulong.MaxValue];
        for (int step = 0; step < 50_000; step++)
        {
            ulong value = pool[random.Next(pool.Length)];
            switch (random.Next(100))
            {
                case 0:
                    set.Clear();
                    expected.Clear();
                    break;
                case < 50:
                    Assert.Equal(expected.Add(value), set.Add(value));
                    break;
                default:
                    Assert.Equal(expected.Contains(value), set.Contains(value));
                    break;
            }

            Assert.Equal(expected.Count, set.Count);
        }
    }
}
