using System.Text.RegularExpressions;
using LogWarden.Collect;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Store;

/// <summary>
/// One store with the LogHub lines and the hostile lines, in sealed blocks and in the tail, times out of
/// order across appends; every query is checked against a plain scan of the same lines.
/// </summary>
public abstract class SearchFixture : IDisposable
{
    private readonly TestStoreLocation _location;

    protected SearchFixture(StoreKindUnderTest kind)
    {
        _location = new TestStoreLocation(kind);
        var random = new Random(3);
        var lines = StoreTestData.LogHubLines(perDataset: 1500);
        lines.AddRange(StoreTestData.HostileLines().Where(l => l.Line.Length < 10_000));
        // Shuffle the order of batches so block time ranges overlap, and give some lines other offsets.
        var batches = lines.Chunk(997).OrderBy(_ => random.Next()).ToList();
        Lines = [];
        Store = _location.Open(sealLines: 4000);
        foreach (StoredLine[] batch in batches)
        {
            var moved = batch.Select((l, i) => i % 13 == 0 ? l with { Timestamp = l.Timestamp.ToOffset(TimeSpan.FromHours(-5)) } : l).ToList();
            Store.Append(moved, [], []);
            Lines.AddRange(moved);
        }
    }

    internal ILogStore Store { get; }

    /// <summary>In append order: line i has sequence i + 1.</summary>
    internal List<StoredLine> Lines { get; }

    public void Dispose()
    {
        Store.Dispose();
        _location.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class EmbeddedSearchFixture() : SearchFixture(StoreKindUnderTest.Embedded);

public sealed class PostgresSearchFixture() : SearchFixture(StoreKindUnderTest.Postgres);

public sealed class EmbeddedStoreSearchTests(EmbeddedSearchFixture fixture) : StoreSearchTests(fixture), IClassFixture<EmbeddedSearchFixture>;

public sealed class PostgresStoreSearchTests(PostgresSearchFixture fixture) : StoreSearchTests(fixture), IClassFixture<PostgresSearchFixture>;

/// <summary>Every query of either store is checked against a plain scan of the same lines.</summary>
public abstract class StoreSearchTests(SearchFixture fixture)
{
    private readonly ILogStore _store = fixture.Store;

    /// <summary>What the query must return, by a plain scan (the definition the store is held to).</summary>
    private List<(long Sequence, string Line)> Expected(SearchQuery q, Func<StoredLine, bool>? extra = null)
    {
        IEnumerable<(StoredLine Line, long Sequence)> all = fixture.Lines.Select((l, i) => (l, (long)(i + 1)));
        all = all.Where(x =>
            (q.Text is null || x.Line.Line.Contains(q.Text, q.MatchCase ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase))
            && (q.Pattern is null || q.Pattern.IsMatch(x.Line.Line))
            && (q.From is null || x.Line.Timestamp >= q.From)
            && (q.To is null || x.Line.Timestamp < q.To)
            && q.Labels.All(m => x.Line.Labels[m.Name] == m.Value)
            && (q.AfterSequence is null || x.Sequence > q.AfterSequence)
            && (extra is null || extra(x.Line)));
        IOrderedEnumerable<(StoredLine Line, long Sequence)> ordered = q.AfterSequence is not null
            ? (q.NewestFirst ? all.OrderByDescending(x => x.Sequence) : all.OrderBy(x => x.Sequence))
            : (q.NewestFirst
                ? all.OrderByDescending(x => x.Line.Timestamp.UtcTicks).ThenByDescending(x => x.Sequence)
                : all.OrderBy(x => x.Line.Timestamp.UtcTicks).ThenBy(x => x.Sequence));
        return [.. ordered.Take(q.Limit).Select(x => (x.Sequence, x.Line.Line))];
    }

    private List<(long Sequence, string Line)> Actual(SearchQuery q) => [.. _store.Search(q).Select(h => (h.Sequence, h.Line))];

    [Theory]
    [InlineData("error")]
    [InlineData("ERROR")]
    [InlineData("blk_")]
    [InlineData("blk_-1608999687919862906")]
    [InlineData("2181")]
    [InlineData("-")]
    [InlineData("0")]
    [InlineData(":")]
    [InlineData("failed password for")]
    [InlineData("<*>")]
    [InlineData(" ")]
    [InlineData("   ")]
    [InlineData("\t")]
    [InlineData("10.0.0.7:22")]
    [InlineData("café")]
    [InlineData("CAFÉ")]
    [InlineData("東京 ünï")]
    [InlineData("07 000 0 -0")]
    [InlineData("value=12 emoji")]
    [InlineData("0x1f 1e10")]
    [InlineData("session opened for user")]
    [InlineData("user root")]
    [InlineData("password for root from")]
    [InlineData("workerEnv.init() ok /etc/httpd/conf/workers2.properties")]
    [InlineData("not in any line at all")]
    public void Substring_queries_match_a_plain_scan(string text)
    {
        foreach (bool newest in new[] { true, false })
        {
            var q = new SearchQuery { Text = text, Limit = 60, NewestFirst = newest };
            Assert.Equal(Expected(q), Actual(q));
        }
        var exact = new SearchQuery { Text = text, MatchCase = true, Limit = 60 };
        Assert.Equal(Expected(exact), Actual(exact));
    }

    [Fact]
    public void Random_pieces_of_stored_lines_are_found_exactly_where_a_scan_finds_them()
    {
        // Pieces cut at random fall across values and constants in every way; the block pruning must
        // never lose a line that holds one.
        var random = new Random(11);
        for (int i = 0; i < 60; i++)
        {
            string line = fixture.Lines[random.Next(fixture.Lines.Count)].Line;
            if (line.Length == 0)
            {
                continue;
            }
            int start = random.Next(line.Length);
            int length = Math.Min(line.Length - start, 1 + random.Next(24));
            var q = new SearchQuery { Text = line.Substring(start, length), Limit = 25, MatchCase = i % 3 == 0 };
            Assert.Equal(Expected(q), Actual(q));
        }
    }

    [Fact]
    public void Unlimited_query_returns_every_matching_line_once()
    {
        var q = new SearchQuery { Text = "a", Limit = int.MaxValue };
        var actual = Actual(q);
        Assert.Equal(Expected(q), actual);
        Assert.Equal(actual.Count, actual.Select(a => a.Sequence).Distinct().Count());
    }

    /// <summary>
    /// Regexes whose required texts go through alternation and have several words (each word probes the blocks
    /// and tail chunks; the rarest rules out), scanned newest and oldest first with limits that fill in one
    /// stream while other streams of the same blocks hold no match (the scan goes through blocks by time slices).
    /// </summary>
    [Theory]
    [InlineData(@"user (root|admin)")]
    [InlineData(@"(Failed|Accepted) password for")]
    [InlineData(@"session (opened|closed) for user \w+")]
    [InlineData(@"for (invalid user )?(root|guest) from")]
    [InlineData(@"(?i)ERROR (in|at) ")]
    public void Regexes_with_alternatives_of_several_words_match_a_plain_scan(string pattern)
    {
        var regex = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(5));
        foreach (int limit in new[] { 1, 7, 60, int.MaxValue })
        {
            foreach (bool newest in new[] { true, false })
            {
                var q = new SearchQuery { Pattern = regex, Limit = limit, NewestFirst = newest };
                Assert.Equal(Expected(q), Actual(q));
            }
        }
    }

    [Fact]
    public void Regex_queries_match_a_plain_scan_and_can_combine_with_text()
    {
        var regex = new Regex(@"port \d{4,5} ssh2$", RegexOptions.None, TimeSpan.FromSeconds(5));
        var q = new SearchQuery { Pattern = regex, Limit = 40 };
        Assert.Equal(Expected(q), Actual(q));
        var both = new SearchQuery { Pattern = regex, Text = "invalid", Limit = 40 };
        Assert.Equal(Expected(both), Actual(both));
    }


    [Fact]
    public void Time_range_label_and_limit_restrict_as_asked()
    {
        DateTimeOffset from = StoreTestData.Start.AddSeconds(3000);
        DateTimeOffset to = StoreTestData.Start.AddSeconds(9000);
        var q = new SearchQuery
        {
            Text = "a",
            From = from,
            To = to,
            Labels = [new LabelMatcher("dataset", "HDFS")],
            Limit = 30,
        };
        var actual = Actual(q);
        Assert.NotEmpty(actual);
        Assert.Equal(Expected(q), actual);
        var oldest = q with { NewestFirst = false };
        Assert.Equal(Expected(oldest), Actual(oldest));
        Assert.Empty(Actual(q with { Labels = [new LabelMatcher("dataset", "no such")] }));
        Assert.Empty(Actual(q with { From = to, To = from }));
    }

    [Fact]
    public void Hits_carry_the_stored_time_offset_labels_template_and_level()
    {
        SearchHit hit = _store.Search(new SearchQuery { Text = "PacketResponder", Limit = 1 }).Single();
        StoredLine stored = fixture.Lines[(int)hit.Sequence - 1];
        Assert.Equal(stored.Line, hit.Line);
        Assert.Equal(stored.Timestamp, hit.Timestamp);
        Assert.Equal(stored.Timestamp.Offset, hit.Timestamp.Offset);
        Assert.Equal(stored.Labels, hit.Labels);
        Assert.Equal(stored.TemplateId, hit.TemplateId);
        Assert.Equal(stored.Level, hit.Level);
    }

    [Fact]
    public void Following_after_a_sequence_returns_every_later_line_in_store_order()
    {
        long after = 0;
        var seen = new List<long>();
        while (true)
        {
            var page = _store.Search(new SearchQuery { AfterSequence = after, NewestFirst = false, Limit = 2500 }).ToList();
            if (page.Count == 0)
            {
                break;
            }
            seen.AddRange(page.Select(h => h.Sequence));
            after = page[^1].Sequence;
        }
        Assert.Equal(Enumerable.Range(1, fixture.Lines.Count).Select(i => (long)i), seen);
        var newest = new SearchQuery { AfterSequence = 100, Text = "e", Limit = 50 };
        Assert.Equal(Expected(newest), Actual(newest));
    }

    [Fact]
    public void Cancellation_stops_a_search()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => _store.Search(new SearchQuery { Text = "zzz" }, cancelled.Token).ToList());
    }
}

public abstract class StoreTemplateSearchTests(StoreKindUnderTest kind)
{
    [Fact]
    public void Template_query_finds_lines_of_every_template_merged_into_it()
    {
        using var location = new TestStoreLocation(kind);
        using var store = location.Open(sealLines: 50);
        var miner = new TemplateMiner();
        var labels = new StreamLabels(("job", "t"));
        var lines = new List<StoredLine>();
        string[] users = ["alice", "bob", "carol", "dave", "erin"];
        for (int i = 0; i < 200; i++)
        {
            string text = $"session opened for user {users[i % users.Length]} by root";
            int id = miner.Add(text);
            lines.Add(new StoredLine(StoreTestData.Start.AddSeconds(i), labels, text, id, Severity.Info));
            if (i % 40 == 39)
            {
                var changed = new List<TemplateState>();
                miner.CollectChanges(changed);
                store.Append(lines, changed, []);
                lines.Clear();
            }
        }
        IReadOnlyList<TemplateState> templates = store.LoadTemplates();
        Assert.Contains(templates, t => t.MergedInto != 0);
        int live = miner.Templates.Single().Id;
        int merged = templates.First(t => t.MergedInto != 0).Id;
        foreach (int asked in new[] { live, merged })
        {
            var hits = store.Search(new SearchQuery { TemplateId = asked, Limit = 1000 }).ToList();
            Assert.Equal(200, hits.Count);
        }
        Assert.Empty(store.Search(new SearchQuery { TemplateId = 999 }));
    }
}

public sealed class EmbeddedStoreTemplateSearchTests() : StoreTemplateSearchTests(StoreKindUnderTest.Embedded);

public sealed class PostgresStoreTemplateSearchTests() : StoreTemplateSearchTests(StoreKindUnderTest.Postgres);
