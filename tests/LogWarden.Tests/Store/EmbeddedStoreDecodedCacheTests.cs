using LogWarden.Collect;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Store;

/// <summary>
/// The store's cache of decoded tail chunks, block headers and sections: a repeated query reads nothing,
/// and what it returns is always what an uncached store returns — after appends, seals and retention too.
/// </summary>
public sealed class EmbeddedStoreDecodedCacheTests
{
    private static readonly StreamLabels Web = new(("job", "web"));
    private static readonly StreamLabels Auth = new(("job", "auth"));

    private static List<StoredLine> Lines(DateTimeOffset start, int count, string prefix = "line") =>
        [.. Enumerable.Range(0, count).Select(i => new StoredLine(
            start.AddSeconds(i), i % 3 == 0 ? Auth : Web, $"{prefix} {i} from 10.0.{i % 7}.{i % 250} user={(i % 5 == 0 ? "root" : "alice")} took {i * 3}ms", 1 + (i % 4), Severity.Info))];

    private static string Text(SearchHit h) => $"{h.Sequence} {h.Timestamp:O} {h.Labels.Key} {h.TemplateId} {h.Line}";

    private static List<string> Texts(EmbeddedStore store, SearchQuery query) =>
        [.. store.Search(query with { Limit = int.MaxValue }).Select(Text)];

    /// <summary>Queries that go through every path of a scan: plain, by label, time, text in a value, text in constant text, regex, template, oldest first, limit.</summary>
    private static IEnumerable<SearchQuery> Queries()
    {
        yield return new SearchQuery();
        yield return new SearchQuery { Labels = [new LabelMatcher("job", "auth")] };
        yield return new SearchQuery { From = StoreTestData.Start.AddSeconds(100), To = StoreTestData.Start.AddSeconds(700) };
        yield return new SearchQuery { Text = "10.0.3.45" };
        yield return new SearchQuery { Text = "user=root" };
        yield return new SearchQuery { Text = "ROOT took" };
        yield return new SearchQuery { Pattern = new System.Text.RegularExpressions.Regex("line (1|2)0 from") };
        yield return new SearchQuery { TemplateId = 2 };
        yield return new SearchQuery { NewestFirst = false, Text = "alice" };
    }

    private static void AssertSameAsUncached(EmbeddedStore cached, EmbeddedStore uncached)
    {
        foreach (SearchQuery query in Queries())
        {
            Assert.Equal(Texts(uncached, query), Texts(cached, query));
            // A limited scan stops early; it must return exactly the first lines of the whole answer.
            Assert.Equal(Texts(uncached, query).Take(7), cached.Search(query with { Limit = 7 }).Select(Text));
        }
    }

    [Fact]
    public void A_repeated_search_reads_nothing_and_returns_the_same_lines()
    {
        using var dir = new TempDirectory();
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks(sealLines: 400));
        store.Append(Lines(StoreTestData.Start, 1000), [], []); // two blocks and a tail chunk
        List<string> first = Texts(store, new SearchQuery { Text = "user=root" });
        long read = store.Reads.BlockSections + store.Reads.BlockHeaders + store.Reads.TailChunks;
        List<string> second = Texts(store, new SearchQuery { Text = "user=root" });
        Assert.Equal(first, second);
        Assert.Equal(200, second.Count);
        Assert.Equal(read, store.Reads.BlockSections + store.Reads.BlockHeaders + store.Reads.TailChunks);
        DecodedCacheStats stats = store.DecodedCache;
        Assert.True(stats.Hits > 0 && stats.Misses > 0, $"{stats}");
        Assert.True(stats.Bytes > 0 && stats.Bytes <= stats.CapacityBytes);
    }

    [Fact]
    public void Searches_over_cached_segments_match_an_uncached_store_after_appends_seals_and_retention()
    {
        using var dir = new TempDirectory();
        var clock = new ManualTimeProvider(StoreTestData.Start.AddDays(10));
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks(sealLines: 500) with { Time = clock });
        // An uncached reader of the same directory: what a cache-less store sees in the same snapshot order.
        using var uncached = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks() with { ReadOnly = true, DecodedCacheBytes = 0 });

        store.Append(Lines(StoreTestData.Start, 300), [], []);
        AssertSameAsUncached(store, uncached); // tail chunks only, now cached

        store.Append(Lines(StoreTestData.Start.AddSeconds(300), 150, "later"), [], []); // a new chunk beside the cached one
        AssertSameAsUncached(store, uncached);
        Assert.Equal(450, Texts(store, new SearchQuery()).Count);

        long invalidatedBefore = store.DecodedCache.Invalidations;
        store.Append(Lines(StoreTestData.Start.AddSeconds(450), 100, "sealing"), [], []); // 550 ≥ 500: sealed into a block
        Assert.True(store.Flush());
        AssertSameAsUncached(store, uncached);
        Assert.Equal(550, Texts(store, new SearchQuery()).Count);
        Assert.True(store.DecodedCache.Invalidations > invalidatedBefore, "sealing forgets the cached tail chunks it deleted");

        store.Append(Lines(StoreTestData.Start.AddDays(5), 500, "recent"), [], []); // a second block, days later
        AssertSameAsUncached(store, uncached);
        long forgotten = store.DecodedCache.Invalidations;
        Assert.Equal(550, store.ApplyRetention(new RetentionPolicy(TimeSpan.FromDays(7), null)));
        Assert.True(store.DecodedCache.Invalidations > forgotten, "retention forgets the cached block it deleted");
        AssertSameAsUncached(store, uncached);
        Assert.Empty(Texts(store, new SearchQuery { To = StoreTestData.Start.AddDays(1) }));
        Assert.Equal(500, Texts(store, new SearchQuery()).Count);
    }

    [Fact]
    public void Counts_from_cached_timestamps_match_after_appends_and_seals()
    {
        using var dir = new TempDirectory();
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks(sealLines: 400));
        long Total() => store.CountLines([], StoreTestData.Start, TimeSpan.FromMinutes(1), 120).Values.Sum(b => b.Sum());
        var appended = new List<StoredLine>();
        void Append(List<StoredLine> lines)
        {
            store.Append(lines, [], []);
            appended.AddRange(lines);
        }

        Append(Lines(StoreTestData.Start, 300));
        Assert.Equal(300, Total());
        long read = store.Reads.TailChunks;
        Assert.Equal(300, Total());
        Assert.Equal(read, store.Reads.TailChunks); // counted from the cached chunk

        Append(Lines(StoreTestData.Start.AddSeconds(300), 200)); // sealed: 500 lines in one block
        Assert.Equal(500, Total());
        Append(Lines(StoreTestData.Start.AddSeconds(500), 50));
        Assert.Equal(550, Total());
        long sections = store.Reads.BlockSections;
        IReadOnlyDictionary<StreamLabels, long[]> auth = store.CountLines([new LabelMatcher("job", "auth")], StoreTestData.Start, TimeSpan.FromMinutes(1), 120);
        Assert.Equal(sections, store.Reads.BlockSections); // the section timestamps decoded by the count before
        Assert.Equal(appended.Count(l => l.Labels == Auth), auth[Auth].Sum());
    }

    [Fact]
    public void Limited_searches_and_counts_are_right_whether_line_times_are_in_order_or_not()
    {
        using var dir = new TempDirectory();
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks(sealLines: 600));
        var random = new Random(8);
        List<StoredLine> ordered = Lines(StoreTestData.Start, 600, "ordered");
        List<StoredLine> shuffled = [.. Lines(StoreTestData.Start.AddSeconds(600), 600, "shuffled").OrderBy(_ => random.Next())];
        store.Append(ordered, [], []); // a block with times in order
        store.Append(shuffled, [], []); // a block with times out of order
        store.Append([.. Lines(StoreTestData.Start.AddSeconds(1200), 300, "tail").OrderBy(_ => random.Next())], [], []); // a tail chunk out of order
        using var uncached = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks() with { ReadOnly = true, DecodedCacheBytes = 0 });
        for (int round = 0; round < 2; round++)
        {
            AssertSameAsUncached(store, uncached);
            foreach (int limit in new[] { 1, 50, 650, 1300 })
            {
                Assert.Equal(Texts(store, new SearchQuery()).Take(limit), store.Search(new SearchQuery { Limit = limit }).Select(Text));
                Assert.Equal(Texts(store, new SearchQuery { NewestFirst = false }).Take(limit), store.Search(new SearchQuery { Limit = limit, NewestFirst = false }).Select(Text));
            }
            // Buckets of 7 s from a start that is not on a line's second: each count is a run of sorted times, or a walk over unsorted ones.
            DateTimeOffset from = StoreTestData.Start.AddMilliseconds(3500);
            IReadOnlyDictionary<StreamLabels, long[]> counts = store.CountLines([], from, TimeSpan.FromSeconds(7), 200);
            foreach (StreamLabels labels in new[] { Web, Auth })
            {
                long[] expected = new long[200];
                foreach (SearchHit hit in store.Search(new SearchQuery { Labels = [new LabelMatcher("job", labels["job"]!)], From = from, To = from.AddSeconds(1400), Limit = int.MaxValue }))
                {
                    expected[(hit.Timestamp - from).Ticks / TimeSpan.FromSeconds(7).Ticks]++;
                }
                Assert.Equal(expected, counts[labels]);
            }
        }
    }

    [Theory]
    [InlineData(@"user=(root|alice) took 1")]
    [InlineData(@"from 10\.0\.(3|5)\.1")]
    [InlineData(@"(line 1|line 2)0 from")]
    [InlineData(@"took (3|6)0ms")]
    [InlineData(@"user=(bob|carol)")]
    [InlineData(@"(?:block|line) \d+5 from")]
    public void Regex_searches_pruned_by_the_texts_a_match_needs_return_exactly_the_lines_the_regex_matches(string pattern)
    {
        using var dir = new TempDirectory();
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks(sealLines: 400));
        List<StoredLine> lines = Lines(StoreTestData.Start, 1000); // two blocks and a tail chunk
        store.Append(lines, [], []);
        var regex = new System.Text.RegularExpressions.Regex(pattern);
        List<string> expected = [.. lines.Where(l => regex.IsMatch(l.Line)).Select(l => l.Line)];
        Assert.Equal(expected, store.Search(new SearchQuery { Pattern = regex, NewestFirst = false, Limit = int.MaxValue }).Select(h => h.Line));
        Assert.Equal(expected.AsEnumerable().Reverse().Take(5), store.Search(new SearchQuery { Pattern = regex, Limit = 5 }).Select(h => h.Line));
    }

    [Fact]
    public void Template_counts_equal_a_scan_whether_times_are_in_order_or_not_and_finer_than_a_microsecond()
    {
        using var dir = new TempDirectory();
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks(sealLines: 600));
        var random = new Random(9);
        // 10 s and 100 ns apart: a section spans far more than 2^31 steps of its 100 ns unit, so its times stay 64-bit.
        store.Append([.. Lines(StoreTestData.Start, 600, "fine").Select((l, i) => l with { Timestamp = StoreTestData.Start.AddTicks(i * 100_000_001L) })], [], []);
        store.Append([.. Lines(StoreTestData.Start.AddHours(2), 600, "shuffled").OrderBy(_ => random.Next())], [], []);
        store.Append(Lines(StoreTestData.Start.AddHours(3), 100, "tail"), [], []);
        DateTimeOffset from = StoreTestData.Start.AddMilliseconds(2500);
        var bucket = TimeSpan.FromSeconds(97);
        for (int round = 0; round < 2; round++)
        {
            foreach (int template in (int[])[1, 2, 3, 4, 5])
            {
                var expected = new long[120];
                foreach (SearchHit hit in store.Search(new SearchQuery { TemplateId = template, From = from, To = from + (bucket * 120), Limit = int.MaxValue }))
                {
                    expected[(hit.Timestamp - from).Ticks / bucket.Ticks]++;
                }
                Assert.Equal(expected, store.CountTemplateLines(template, [], from, bucket, 120));
            }
            Assert.Equal(1300, store.CountLines([], StoreTestData.Start, TimeSpan.FromHours(4), 1).Values.Sum(c => c[0]));
        }
    }

    [Fact]
    public void Section_times_a_count_keeps_are_not_evicted_by_searches_that_fill_the_cache()
    {
        using var dir = new TempDirectory();
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks(sealLines: 1000) with { DecodedCacheBytes = 256 * 1024 });
        for (int block = 0; block < 12; block++)
        {
            store.Append(Lines(StoreTestData.Start.AddHours(block), 1000, $"block{block}"), [], []);
        }
        long[] first = store.CountTemplateLines(2, [], StoreTestData.Start, TimeSpan.FromMinutes(30), 24);
        Assert.Equal(12 * 250, first.Sum());
        long sections = store.Reads.BlockSections;
        Assert.Equal(12_000, Texts(store, new SearchQuery()).Count); // every section, through a cache too small for them
        Assert.True(store.DecodedCache.Evictions > 0);

        sections = store.Reads.BlockSections;
        Assert.Equal(first, store.CountTemplateLines(2, [], StoreTestData.Start, TimeSpan.FromMinutes(30), 24));
        Assert.Equal(sections, store.Reads.BlockSections); // counted from the kept times: no section read again
    }

    [Fact]
    public void Text_plans_are_made_once_per_block_and_text_and_shared_by_later_and_concurrent_queries()
    {
        using var dir = new TempDirectory();
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks(sealLines: 1000));
        List<StoredLine> lines = Lines(StoreTestData.Start, 4500);
        for (int first = 0; first < lines.Count; first += 500)
        {
            store.Append(lines[first..Math.Min(lines.Count, first + 500)], [], []); // blocks, and a tail chunk
        }
        using var uncached = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks() with { ReadOnly = true, DecodedCacheBytes = 0 });
        var queries = new SearchQuery[]
        {
            new() { Text = "user=root" },
            new() { Text = "root took 1" },
            new() { Text = "10.0.3." , NewestFirst = false },
            new() { Pattern = new System.Text.RegularExpressions.Regex("user=(root|alice) took 1") },
        };
        var expected = queries.Select(q => Texts(uncached, q)).ToArray();
        for (int k = 0; k < queries.Length; k++)
        {
            Assert.Equal(expected[k], Texts(store, queries[k]));
        }
        long plans = store.Reads.TextPlans;
        Assert.True(plans > queries.Length, $"{plans} plans"); // per block or chunk read, per text (the regex's two texts too)
        // The same texts again, many at once, with and without limits: no plan made again, the same lines.
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            int k = i % queries.Length;
            Assert.Equal(expected[k], Texts(store, queries[k]));
            Assert.Equal(expected[k].Take(3), store.Search(queries[k] with { Limit = 3 }).Select(Text));
        });
        Assert.Equal(plans, store.Reads.TextPlans);
    }

    [Fact]
    public void Counts_read_from_sections_decompressed_only_to_their_times_equal_a_scan()
    {
        using var dir = new TempDirectory();
        var random = new Random(11);
        using (var writer = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks(sealLines: 3000)))
        {
            // In order; out of order with 100 ns times spread over hours (7 bytes a line for the times, more than the
            // first guess of the prefix's size, so decompression goes on in steps); and a tail chunk.
            writer.Append(Lines(StoreTestData.Start, 3000, "ordered"), [], []);
            writer.Append([.. Lines(StoreTestData.Start.AddHours(1), 3000, "spread").Select(l => l with { Timestamp = StoreTestData.Start.AddHours(1).AddTicks(random.NextInt64(TimeSpan.FromHours(3).Ticks)) })], [], []);
            writer.Append(Lines(StoreTestData.Start.AddHours(5), 200, "tail"), [], []);
        }
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks() with { ReadOnly = true });
        using var scanned = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks() with { ReadOnly = true, DecodedCacheBytes = 0 });
        DateTimeOffset from = StoreTestData.Start.AddMilliseconds(1234);
        var bucket = TimeSpan.FromSeconds(61);
        IReadOnlyDictionary<StreamLabels, long[]> counts = store.CountLines([], from, bucket, 400);
        Assert.True(store.Reads.SectionTimesOnly > 0 && store.Reads.SectionTimesOnly == store.Reads.BlockSections, $"{store.Reads.SectionTimesOnly} of {store.Reads.BlockSections}");
        foreach (StreamLabels labels in new[] { Web, Auth })
        {
            long[] expected = new long[400];
            foreach (SearchHit hit in scanned.Search(new SearchQuery { Labels = [new LabelMatcher("job", labels["job"]!)], From = from, To = from + (bucket * 400), Limit = int.MaxValue }))
            {
                expected[(hit.Timestamp - from).Ticks / bucket.Ticks]++;
            }
            Assert.Equal(expected, counts[labels]);
        }
        Assert.Equal(6198, counts.Values.Sum(c => c.Sum())); // all but the two lines before the first bucket
    }

    [Fact]
    public void The_cache_stays_within_its_bytes_however_much_is_searched()
    {
        using var dir = new TempDirectory();
        const long capacity = 512 * 1024;
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks(sealLines: 1000) with { DecodedCacheBytes = capacity });
        for (int block = 0; block < 24; block++)
        {
            store.Append(Lines(StoreTestData.Start.AddHours(block), 1000, $"block{block}"), [], []);
        }
        for (int round = 0; round < 2; round++)
        {
            Assert.Equal(24_000, Texts(store, new SearchQuery()).Count);
            Assert.Equal(24 * 200, Texts(store, new SearchQuery { Text = "user=root" }).Count);
            Assert.InRange(store.DecodedCache.Bytes, 1, capacity);
        }
        Assert.True(store.DecodedCache.Evictions > 0);
    }

    [Fact]
    public void A_reader_going_through_the_store_once_keeps_its_parts_under_its_own_budget_and_evicts_nothing_searches_keep()
    {
        using var dir = new TempDirectory();
        const long readOnce = 512 * 1024;
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks(sealLines: 1000) with { DecodedCacheBytes = 64L << 20, DecodedReadOnceBytes = readOnce });
        for (int block = 0; block < 24; block++)
        {
            store.Append(Lines(StoreTestData.Start.AddHours(block), 1000, $"block{block}"), [], []);
        }
        store.Append(Lines(StoreTestData.Start.AddHours(24), 300, "tail"), [], []);
        var recent = new SearchQuery { From = StoreTestData.Start.AddHours(22), Text = "user=root" };
        Assert.Equal((2 * 200) + 60, Texts(store, recent).Count);
        long searched = store.DecodedCache.Bytes;

        // The shipper: every line after the last it sent, oldest first, in batches smaller than a section.
        long after = 0, shipped = 0, sectionsBefore = store.Reads.BlockSections;
        while (store.Search(new SearchQuery { AfterSequence = after, NewestFirst = false, Limit = 150, ReadOnce = true }).ToList() is { Count: > 0 } batch)
        {
            after = batch[^1].Sequence;
            shipped += batch.Count;
            Assert.InRange(store.DecodedCache.Bytes, 1, searched + readOnce);
        }
        Assert.Equal(24_300, shipped);
        long shipperSections = store.Reads.BlockSections - sectionsBefore;

        // Each section was decoded once for all the batches that read it (fewer than one scan of a cache-less store reads).
        using (var uncached = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks() with { ReadOnly = true, DecodedCacheBytes = 0 }))
        {
            Assert.Equal(24_300, uncached.Search(new SearchQuery { AfterSequence = 0, NewestFirst = false, Limit = int.MaxValue }).Count());
            Assert.InRange(shipperSections, 1, uncached.Reads.BlockSections);
        }

        // What the search decoded is still there: the same search reads nothing again.
        long sections = store.Reads.BlockSections, chunks = store.Reads.TailChunks;
        Assert.Equal((2 * 200) + 60, Texts(store, recent).Count);
        Assert.Equal((sections, chunks), (store.Reads.BlockSections, store.Reads.TailChunks));
    }

    [Fact]
    public void Concurrent_searches_with_different_text_over_shared_sections_each_get_their_own_lines()
    {
        using var dir = new TempDirectory();
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks(sealLines: 2000));
        store.Append(Lines(StoreTestData.Start, 6000), [], []);
        using var uncached = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks() with { ReadOnly = true, DecodedCacheBytes = 0 });
        string[] texts = ["10.0.3.", "user=root", "10.0.5.17", "took 3", "alice took 1"];
        var expected = texts.ToDictionary(t => t, t => Texts(uncached, new SearchQuery { Text = t }));
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            string text = texts[i % texts.Length];
            Assert.Equal(expected[text], Texts(store, new SearchQuery { Text = text }));
        });
    }

    [Fact]
    public void The_cache_is_released_once_no_query_came_for_the_idle_time_and_refilled_by_the_next()
    {
        using var dir = new TempDirectory();
        var clock = new ManualTimeProvider(StoreTestData.Start.AddDays(1));
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks(sealLines: 400) with { Time = clock });
        store.Append(Lines(StoreTestData.Start, 1000), [], []);
        List<string> first = Texts(store, new SearchQuery { Text = "user=root" });
        long cached = store.DecodedCache.Bytes;
        Assert.True(cached > 0);
        Assert.IsAssignableFrom<IReleasableReadCache>(store); // what the daemon's idle trimmer looks for

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, store.ReleaseReadCacheIfIdle(TimeSpan.FromSeconds(20))); // a query 10 s ago: kept
        Assert.Equal(cached, store.DecodedCache.Bytes);
        clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(cached, store.ReleaseReadCacheIfIdle(TimeSpan.FromSeconds(20)));
        Assert.Equal(0, store.DecodedCache.Bytes);
        Assert.Equal(0, store.DecodedCache.Entries);
        Assert.Equal(0, store.ReleaseReadCacheIfIdle(TimeSpan.FromSeconds(20))); // nothing left to release

        long reads = store.Reads.BlockSections + store.Reads.BlockHeaders + store.Reads.TailChunks;
        Assert.Equal(first, Texts(store, new SearchQuery { Text = "user=root" }));
        Assert.True(store.Reads.BlockSections + store.Reads.BlockHeaders + store.Reads.TailChunks > reads, "the next query decodes again");
        Assert.Equal(cached, store.DecodedCache.Bytes);
        Assert.Equal(0, store.ReleaseReadCacheIfIdle(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public void Least_recently_used_entries_go_first_and_one_too_large_is_not_kept()
    {
        var cache = new DecodedSegmentCache(1000);
        DecodedKey Key(int i) => new(DecodedKind.Section, i, i * 10, 1);
        int decoded = 0;
        string Get(int i, long bytes = 200) => cache.GetOrAdd(Key(i), i, n => { decoded++; return ($"value {n}", bytes); });

        for (int i = 0; i < 5; i++)
        {
            Get(i);
        }
        Assert.Equal(1000, cache.Stats.Bytes);
        Get(0); // used again: now the most recent
        Get(5); // 1200 > 1000: the least recently used (1) goes
        Assert.Equal(1, cache.Stats.Evictions);
        Assert.Equal(6, decoded);
        Assert.Equal("value 0", Get(0));
        Assert.Equal(6, decoded);
        Get(1);
        Assert.Equal(7, decoded); // 1 was evicted, decoded again

        Assert.Equal("value 9", Get(9, bytes: 251)); // over a quarter of the capacity: returned, not kept
        Get(9, bytes: 251);
        Assert.Equal(9, decoded);
        Assert.Equal(2, cache.Stats.Uncacheable);
        Assert.InRange(cache.Stats.Bytes, 0, 1000);

        cache.ForgetBlocks([0, 5]);
        Assert.Equal(2, cache.Stats.Invalidations);
        Get(0);
        Assert.Equal(10, decoded);
    }

    [Fact]
    public async Task Readers_missing_a_key_being_decoded_wait_for_that_decode_instead_of_decoding_it_again()
    {
        var cache = new DecodedSegmentCache(1000);
        var key = new DecodedKey(DecodedKind.Section, 1, 10, 1);
        int decoded = 0;
        using var release = new ManualResetEventSlim();
        string Decode(int n)
        {
            Interlocked.Increment(ref decoded);
            release.Wait(TimeSpan.FromMinutes(1));
            return $"value {n}";
        }

        Task<string> first = Task.Run(() => cache.GetOrAdd(key, 1, n => (Decode(n), 100)));
        SpinWait.SpinUntil(() => Volatile.Read(ref decoded) == 1, TimeSpan.FromMinutes(1));
        Task<string>[] others = [.. Enumerable.Range(0, 3).Select(_ => Task.Run(() => cache.GetOrAdd(key, 2, n => (Decode(n), 100))))];
        SpinWait.SpinUntil(() => cache.Stats.Joined == 3, TimeSpan.FromMinutes(1));
        release.Set();

        string value = await first;
        Assert.Equal("value 1", value);
        foreach (string other in await Task.WhenAll(others))
        {
            Assert.Same(value, other);
        }
        Assert.Equal(1, decoded);
        Assert.Equal((1, 3), (cache.Stats.Misses, cache.Stats.Joined));
        Assert.Same(value, cache.GetOrAdd(key, 3, n => (Decode(n), 100))); // kept: a hit now
        Assert.Equal(1, cache.Stats.Hits);
    }

    [Fact]
    public async Task A_decode_that_throws_fails_its_waiters_too_and_the_next_lookup_decodes_again()
    {
        var cache = new DecodedSegmentCache(1000);
        var key = new DecodedKey(DecodedKind.Section, 1, 10, 1);
        using var release = new ManualResetEventSlim();
        bool started = false;
        Task<string> failing = Task.Run(() => cache.GetOrAdd<string, int>(key, 1, _ =>
        {
            Volatile.Write(ref started, true);
            release.Wait(TimeSpan.FromMinutes(1));
            throw new InvalidDataException("damaged part");
        }));
        SpinWait.SpinUntil(() => Volatile.Read(ref started), TimeSpan.FromMinutes(1));
        Task<string> waiter = Task.Run(() => cache.GetOrAdd(key, 2, _ => ("never decoded", 10)));
        SpinWait.SpinUntil(() => cache.Stats.Joined == 1, TimeSpan.FromMinutes(1));
        release.Set();

        await Assert.ThrowsAsync<InvalidDataException>(() => failing);
        await Assert.ThrowsAsync<InvalidDataException>(() => waiter);
        Assert.Equal("value", cache.GetOrAdd(key, 3, _ => ("value", 10)));
        Assert.Equal(2, cache.Stats.Misses);
    }
}
