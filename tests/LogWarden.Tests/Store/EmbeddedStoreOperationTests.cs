using LogWarden.Collect;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Parse;
using LogWarden.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LogWarden.Tests.Store;

public sealed class EmbeddedStoreOperationTests
{
    private static readonly StreamLabels Web = new(("job", "web"));
    private static readonly StreamLabels Auth = new(("job", "auth"));

    private static List<StoredLine> Lines(StreamLabels labels, DateTimeOffset start, int count, string prefix = "line") =>
        [.. Enumerable.Range(0, count).Select(i => new StoredLine(start.AddSeconds(i), labels, $"{prefix} {i} from 10.0.0.{i % 250} took {i * 3}ms", 1, Severity.Info))];

    private static int Count(EmbeddedStore store, SearchQuery? query = null) =>
        store.Search((query ?? new SearchQuery()) with { Limit = int.MaxValue }).Count();

    [Fact]
    public void Stats_count_lines_streams_templates_time_and_bytes_by_kind()
    {
        using var dir = new TempDirectory();
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks(sealLines: 100));
        var miner = new TemplateMiner();
        miner.Add("a b c");
        miner.Add("d e f");
        var changed = new List<TemplateState>();
        miner.CollectChanges(changed);
        store.Append(Lines(Web, StoreTestData.Start, 120), changed, []);
        store.Append(Lines(Auth, StoreTestData.Start.AddDays(1), 30), [], []);
        StoreStats stats = store.GetStats();
        Assert.Equal(150, stats.Lines);
        Assert.Equal(2, stats.Streams);
        Assert.Equal(2, stats.Templates);
        Assert.Equal(StoreTestData.Start.UtcTicks, stats.Oldest!.Value.UtcTicks);
        Assert.Equal(StoreTestData.Start.AddDays(1).AddSeconds(29).UtcTicks, stats.Newest!.Value.UtcTicks);
        Assert.True(stats.BytesByTable["block_sections"] > 0);
        Assert.True(stats.BytesByTable["block_headers"] > 0);
        Assert.True(stats.BytesByTable["tail"] > 0);
        Assert.True(stats.BytesOnDisk >= stats.BytesByTable.Where(kv => kv.Key != "wal").Sum(kv => kv.Value) - 64 * 1024);
    }

    [Fact]
    public void Retention_by_age_drops_whole_old_blocks_and_keeps_the_tail()
    {
        using var dir = new TempDirectory();
        var clock = new ManualTimeProvider(StoreTestData.Start.AddDays(10));
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks(sealLines: 100) with { Time = clock });
        store.Append(Lines(Web, StoreTestData.Start, 100), [], []); // sealed: day 0
        store.Append(Lines(Web, StoreTestData.Start.AddDays(5), 100), [], []); // sealed: day 5
        store.Append(Lines(Web, StoreTestData.Start.AddDays(1), 40), [], []); // tail, old but not sealed
        long removed = store.ApplyRetention(new RetentionPolicy(TimeSpan.FromDays(7), null));
        Assert.Equal(100, removed);
        Assert.Equal(140, Count(store));
        Assert.Equal(0, Count(store, new SearchQuery { To = StoreTestData.Start.AddHours(12) }));
        Assert.Equal(140, store.GetStats().Lines);
        Assert.Equal(0, store.ApplyRetention(new RetentionPolicy(TimeSpan.FromDays(7), null)));
    }

    [Fact]
    public void Retention_by_size_drops_the_oldest_blocks_first_until_under_the_limit()
    {
        using var dir = new TempDirectory();
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks(sealLines: 2000));
        var generator = new SyntheticLogs(5);
        var labels = new StreamLabels(("job", "mix"));
        for (int b = 0; b < 10; b++)
        {
            store.Append([.. Enumerable.Range(0, 2000).Select(_ => { var (time, _, text) = generator.Next(); return new StoredLine(time, labels, text, 1, Severity.Info); })], [], []);
        }
        long before = UsedBytes(dir.Path);
        // Half of the lines' bytes on top of what an empty store takes (its tables and indexes, a page each):
        // half of the whole would depend on how many tables the schema has.
        using var empty = new TempDirectory();
        EmbeddedStore.Open(empty.Path, StoreTestData.SmallBlocks(sealLines: 2000)).Dispose();
        long emptyBytes = UsedBytes(empty.Path);
        long limit = emptyBytes + ((before - emptyBytes) / 2);
        long removed = store.ApplyRetention(new RetentionPolicy(null, limit));
        Assert.InRange(removed, 2000, 18000);
        Assert.True(UsedBytes(dir.Path) <= limit, $"{UsedBytes(dir.Path)} bytes in use after retention to {limit}");
        var remaining = store.Search(new SearchQuery { NewestFirst = false, AfterSequence = 0, Limit = int.MaxValue }).Select(h => h.Sequence).ToList();
        Assert.Equal(20000 - removed, remaining.Count);
        Assert.Equal(removed + 1, remaining[0]); // the oldest went, the newest stayed
        Assert.Equal(20000, remaining[^1]);
    }

    private static long UsedBytes(string directory)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, EmbeddedStore.DatabaseFileName)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        long page = EmbeddedStore.Scalar(connection, null, "PRAGMA page_size");
        return (EmbeddedStore.Scalar(connection, null, "PRAGMA page_count") - EmbeddedStore.Scalar(connection, null, "PRAGMA freelist_count")) * page;
    }

    [Fact]
    public void Queries_restricted_by_time_and_labels_read_only_the_blocks_and_sections_they_need()
    {
        using var dir = new TempDirectory();
        // Without the decoded cache: this is about what the query's bounds prune, not about what a repeat finds decoded.
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks(sealLines: 300) with { DecodedCacheBytes = 0 });
        // Ten blocks, one per day, each with lines of both streams interleaved.
        for (int day = 0; day < 10; day++)
        {
            var batch = new List<StoredLine>();
            for (int i = 0; i < 300; i++)
            {
                StreamLabels labels = i % 10 == 0 ? Auth : Web;
                batch.Add(new StoredLine(StoreTestData.Start.AddDays(day).AddSeconds(i), labels, $"day {day} request {i} from 10.1.{day}.{i % 200}", 1, Severity.Info));
            }
            store.Append(batch, [], []);
        }
        Assert.True(store.Flush());

        (long Headers, long Sections) Reads(SearchQuery q, int limit = int.MaxValue)
        {
            long h = store.Reads.BlockHeaders, s = store.Reads.BlockSections;
            Assert.True(store.Search(q with { Limit = limit }).Count() >= 0);
            return (store.Reads.BlockHeaders - h, store.Reads.BlockSections - s);
        }

        Assert.Equal((10, 20), Reads(new SearchQuery()));
        // Days 3 and 4 only.
        Assert.Equal((2, 4), Reads(new SearchQuery { From = StoreTestData.Start.AddDays(3), To = StoreTestData.Start.AddDays(4).AddHours(1) }));
        // One stream: every block's header, but only that stream's section of each.
        Assert.Equal((10, 10), Reads(new SearchQuery { Labels = [new LabelMatcher("job", "auth")] }));
        // Both: two headers, two sections.
        Assert.Equal((2, 2), Reads(new SearchQuery { Labels = [new LabelMatcher("job", "auth")], From = StoreTestData.Start.AddDays(3), To = StoreTestData.Start.AddDays(4).AddHours(1) }));
        // A value that is in one block's dictionary: all headers, and only that block's sections (both
        // streams' lines share the logtype whose value it is, so both sections are candidates).
        Assert.Equal((10, 2), Reads(new SearchQuery { Text = "10.1.7.150" }));
        // Text in no logtype and no value of any block: headers only.
        Assert.Equal((10, 0), Reads(new SearchQuery { Text = "no such text" }));
        // Newest 5 lines: the newest block suffices.
        Assert.Equal(1, Reads(new SearchQuery(), limit: 5).Headers);
    }
}
