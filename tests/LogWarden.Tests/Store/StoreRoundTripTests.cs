using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Store;

/// <summary>What goes in comes back, on either store.</summary>
public abstract class StoreRoundTripTests(StoreKindUnderTest kind)
{
    private static List<SearchHit> All(ILogStore store) =>
        [.. store.Search(new SearchQuery { Limit = int.MaxValue, NewestFirst = false })];

    private static void AssertSame(List<StoredLine> expected, List<SearchHit> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Line, actual[i].Line);
            Assert.Equal(expected[i].Timestamp, actual[i].Timestamp);
            Assert.Equal(expected[i].Timestamp.Offset, actual[i].Timestamp.Offset);
            Assert.Equal(expected[i].Labels, actual[i].Labels);
            Assert.Equal(expected[i].TemplateId, actual[i].TemplateId);
            Assert.Equal(expected[i].Level, actual[i].Level);
        }
    }

    [Fact]
    public void Every_LogHub_line_comes_back_byte_for_byte_from_tail_and_blocks()
    {
        using var location = new TestStoreLocation(kind);
        var lines = StoreTestData.LogHubLines();
        using (var store = location.Open(sealLines: 3000))
        {
            for (int i = 0; i < lines.Count; i += 700)
            {
                store.Append(lines.Skip(i).Take(700).ToList(), [], []);
            }
            List<SearchHit> hits = All(store);
            AssertSame(lines, hits);
            Assert.Equal(Enumerable.Range(1, lines.Count).Select(i => (long)i), hits.Select(h => h.Sequence));
        }
        using (var reopened = location.Open(sealLines: 3000))
        {
            AssertSame(lines, All(reopened));
        }
    }

    [Fact]
    public void Hostile_lines_come_back_exactly()
    {
        using var location = new TestStoreLocation(kind);
        var lines = StoreTestData.HostileLines();
        using var store = location.Open(sealLines: 10);
        store.Append(lines, [], []);
        Assert.True(store is not EmbeddedStore embedded || embedded.Flush());
        AssertSame(lines, All(store));
    }
}

public sealed class EmbeddedStoreRoundTripTests() : StoreRoundTripTests(StoreKindUnderTest.Embedded);

public sealed class PostgresStoreRoundTripTests() : StoreRoundTripTests(StoreKindUnderTest.Postgres);
