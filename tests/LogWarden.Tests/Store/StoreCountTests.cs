using LogWarden.Collect;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Store;

/// <summary>The store's seams for label listings and histograms: streams in a range and line counts per bucket, without reading text.</summary>
public abstract class StoreCountTests(StoreKindUnderTest kind) : IDisposable
{
    private readonly TestStoreLocation _location = new(kind);

    public void Dispose()
    {
        _location.Dispose();
        GC.SuppressFinalize(this);
    }

    private static readonly DateTimeOffset Start = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private static readonly StreamLabels A = new(("job", "a"), ("host", "web1"));
    private static readonly StreamLabels B = new(("job", "b"), ("host", "web1"));
    private static readonly StreamLabels C = new(("job", "c"), ("host", "web2"));

    /// <summary>3,000 lines over 50 minutes in three streams; small blocks, so most are sealed and the last few sit in the tail.</summary>
    private ILogStore Filled()
    {
        ILogStore store = _location.Open(sealLines: 400);
        for (int batch = 0; batch < 30; batch++)
        {
            var lines = new List<StoredLine>();
            for (int i = 0; i < 100; i++)
            {
                int n = (batch * 100) + i;
                StreamLabels labels = (n % 5) switch { 0 => C, 1 or 2 => B, _ => A };
                // Out of order within a batch now and then, as sources deliver.
                lines.Add(new StoredLine(Start.AddSeconds(n - (n % 7 == 0 ? 5 : 0)), labels, $"line {n} of {labels}", 1, Severity.Info));
            }
            store.Append(lines, [], []);
        }
        return store;
    }

    [Fact]
    public void Counting_per_bucket_matches_counting_the_lines_a_search_returns()
    {
        using ILogStore store = Filled();
        var matchers = new[] { LabelMatcher.Create("host", LabelMatchType.Regex, "web1|web2"), LabelMatcher.Create("job", LabelMatchType.NotEqual, "b") };
        var from = Start.AddSeconds(90);
        var bucket = TimeSpan.FromSeconds(45);
        IReadOnlyDictionary<StreamLabels, long[]> counts = store.CountLines(matchers, from, bucket, 40);

        var expected = new Dictionary<StreamLabels, long[]>();
        foreach (SearchHit hit in store.Search(new SearchQuery { Labels = matchers, From = from, To = from + (bucket * 40), Limit = int.MaxValue }))
        {
            if (!expected.TryGetValue(hit.Labels, out long[]? perBucket))
            {
                expected[hit.Labels] = perBucket = new long[40];
            }
            perBucket[(hit.Timestamp - from).Ticks / bucket.Ticks]++;
        }
        Assert.Equal([A, C], counts.Keys.OrderBy(k => k.Key, StringComparer.Ordinal));
        foreach ((StreamLabels stream, long[] perBucket) in expected)
        {
            Assert.Equal(perBucket, counts[stream]);
        }
        if (store is EmbeddedStore embedded)
        {
            Assert.True(embedded.Reads.BlockHeaders > 0 && embedded.Reads.TailChunks + embedded.Reads.BlockSections > 0);
        }
    }

    [Fact]
    public void Counting_one_templates_lines_matches_a_search_by_template_and_skips_blocks_without_it()
    {
        using ILogStore store = _location.Open(sealLines: 400);
        for (int batch = 0; batch < 30; batch++)
        {
            // Template 7 only in the first ten batches' blocks; templates 1–3 everywhere.
            store.Append([.. Enumerable.Range(batch * 100, 100).Select(n => new StoredLine(Start.AddSeconds(n), n % 2 == 0 ? A : C,
                $"line {n}", batch < 10 && n % 10 == 0 ? 7 : 1 + (n % 3), Severity.Info))], [], []);
        }
        var from = Start.AddSeconds(30);
        var bucket = TimeSpan.FromSeconds(60);
        foreach (int template in (int[])[1, 7, 99])
        {
            var expected = new long[50];
            foreach (SearchHit hit in store.Search(new SearchQuery { TemplateId = template, From = from, To = from + (bucket * 50), Limit = int.MaxValue }))
            {
                expected[(hit.Timestamp - from).Ticks / bucket.Ticks]++;
            }
            Assert.Equal(expected, store.CountTemplateLines(template, [], from, bucket, 50));
        }
        Assert.Equal(100, store.CountTemplateLines(7, [], Start, TimeSpan.FromHours(1), 1)[0]);
        Assert.Equal(0, store.CountTemplateLines(7, [new LabelMatcher("job", "c")], Start, TimeSpan.FromHours(1), 1)[0]);

        if (store is not EmbeddedStore)
        {
            return; // the rest is about the embedded store's block headers
        }
        using EmbeddedStore fresh = EmbeddedStore.Open(_location.DataDirectory, StoreTestData.SmallBlocks(sealLines: 400) with { ReadOnly = true, DecodedCacheBytes = 0 });
        fresh.CountTemplateLines(7, [], Start, TimeSpan.FromHours(1), 1);
        long sectionsForSeven = fresh.Reads.BlockSections;
        fresh.CountTemplateLines(1, [], Start, TimeSpan.FromHours(1), 1);
        Assert.True(fresh.Reads.BlockSections - sectionsForSeven > sectionsForSeven, "blocks whose header lacks template 7 are not read for it");
    }

    [Fact]
    public void Listing_streams_reads_the_range_from_the_segment_rows()
    {
        using ILogStore store = Filled();
        Assert.Equal([A, B, C], store.ListStreams());
        Assert.Empty(store.ListStreams(Start.AddDays(1), Start.AddDays(2)));
        long sectionsBefore = (store as EmbeddedStore)?.Reads.BlockSections ?? 0;
        Assert.Equal(3, store.ListStreams(Start, Start.AddMinutes(10)).Count);
        Assert.Equal(sectionsBefore, (store as EmbeddedStore)?.Reads.BlockSections ?? 0); // no line was read
    }
}

public sealed class EmbeddedStoreCountTests() : StoreCountTests(StoreKindUnderTest.Embedded);

public sealed class PostgresStoreCountTests() : StoreCountTests(StoreKindUnderTest.Postgres);
