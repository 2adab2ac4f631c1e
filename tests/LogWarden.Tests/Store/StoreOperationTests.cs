using System.Globalization;
using System.Text.RegularExpressions;
using LogWarden.Collect;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Store;

/// <summary>What both stores promise about writing: checkpoints with their lines, refusal whole, sequences, one writer, readers beside it.</summary>
public abstract partial class StoreOperationTests(StoreKindUnderTest kind)
{
    private static readonly StreamLabels Web = new(("job", "web"));
    private static readonly StreamLabels Auth = new(("job", "auth"));

    private static List<StoredLine> Lines(StreamLabels labels, DateTimeOffset start, int count, string prefix = "line") =>
        [.. Enumerable.Range(0, count).Select(i => new StoredLine(start.AddSeconds(i), labels, $"{prefix} {i} from 10.0.0.{i % 250} took {i * 3}ms", 1, Severity.Info))];

    private static int Count(ILogStore store, SearchQuery? query = null) =>
        store.Search((query ?? new SearchQuery()) with { Limit = int.MaxValue }).Count();

    [Fact]
    public void Checkpoints_are_committed_with_the_lines_and_null_deletes_one()
    {
        using var location = new TestStoreLocation(kind);
        using var store = location.Open();
        CheckCheckpoints(store, store);
    }

    /// <summary>Through <see cref="ICheckpointReader"/>, as sources read them at start (hence the interface type).</summary>
#pragma warning disable CA1859
    private static void CheckCheckpoints(ILogStore store, ICheckpointReader checkpoints)
#pragma warning restore CA1859
    {
        Assert.Null(checkpoints.Get("file", "/var/log/syslog"));
        store.Append(Lines(Web, StoreTestData.Start, 10), [], [new Checkpoint("file", "/var/log/syslog", "{\"offset\":10}"), new Checkpoint("file", "/var/log/auth.log", "{\"offset\":3}")]);
        store.Append([], [], [new Checkpoint("journal", "cursor", "s=abc")]);
        Assert.Equal("{\"offset\":10}", checkpoints.Get("file", "/var/log/syslog"));
        Assert.Equal(2, checkpoints.GetAll("file").Count);
        store.Append(Lines(Web, StoreTestData.Start, 5), [], [new Checkpoint("file", "/var/log/syslog", "{\"offset\":15}"), new Checkpoint("file", "/var/log/auth.log", null)]);
        Assert.Equal(new Dictionary<string, string> { ["/var/log/syslog"] = "{\"offset\":15}" }, checkpoints.GetAll("file"));
        Assert.Equal("s=abc", checkpoints.Get("journal", "cursor"));
        Assert.Equal(15, Count(store));
    }

    [Fact]
    public void Bad_input_is_refused_whole()
    {
        using var location = new TestStoreLocation(kind);
        using var store = location.Open();
        var lines = Lines(Web, StoreTestData.Start, 3);
        lines.Add(lines[0] with { TemplateId = -1 });
        Assert.Throws<ArgumentException>(() => store.Append(lines, [], [new Checkpoint("s", "k", "v")]));
        Assert.Equal(0, Count(store));
        Assert.Null(store.Get("s", "k"));
        store.Append(Lines(Web, StoreTestData.Start, 3), [], []);
        Assert.Equal(Enumerable.Range(1, 3).Select(i => (long)i), store.Search(new SearchQuery { NewestFirst = false }).Select(h => h.Sequence));
    }

    [Fact]
    public void Reopening_continues_sequences_and_rebuilds_the_tail()
    {
        using var location = new TestStoreLocation(kind);
        var miner = new TemplateMiner();
        miner.Add("user alice logged in");
        var changed = new List<TemplateState>();
        miner.CollectChanges(changed);
        using (var store = location.Open(sealLines: 100))
        {
            store.Append(Lines(Web, StoreTestData.Start, 150), changed, []); // one block + 50 in the tail
        }
        using (var store = location.Open(sealLines: 100))
        {
            Assert.Equal(150, Count(store));
            store.Append(Lines(Auth, StoreTestData.Start.AddHours(1), 80, "auth"), [], []); // seals the tail of 130
            var hits = store.Search(new SearchQuery { NewestFirst = false, AfterSequence = 0, Limit = int.MaxValue }).ToList();
            Assert.Equal(Enumerable.Range(1, 230).Select(i => (long)i), hits.Select(h => h.Sequence));
            Assert.Equal("auth 79 from 10.0.0.79 took 237ms", hits[^1].Line);
            Assert.Equal(80, Count(store, new SearchQuery { Labels = [new LabelMatcher("job", "auth")] }));
            Assert.Equal("user alice logged in", TemplateMiner.FromStates([.. store.LoadTemplates()]).Resolve(1).Example);
        }
    }

    [Fact]
    public void A_second_writer_is_refused_and_a_reader_may_open_beside_the_writer()
    {
        using var location = new TestStoreLocation(kind);
        using var writer = location.Open();
        writer.Append(Lines(Web, StoreTestData.Start, 20), [], [new Checkpoint("s", "k", "v")]);
        IOException refused = Assert.Throws<IOException>(() => location.Open());
        Assert.Contains("another process", refused.Message, StringComparison.Ordinal);
        using var reader = location.Open(readOnly: true);
        Assert.Equal(20, Count(reader));
        Assert.Equal("v", reader.Get("s", "k"));
        Assert.Throws<InvalidOperationException>(() => reader.Append(Lines(Web, StoreTestData.Start, 1), [], []));
        writer.Append(Lines(Auth, StoreTestData.Start, 5), [], []);
        Assert.Equal(5, Count(reader, new SearchQuery { Labels = [new LabelMatcher("job", "auth")] }));
    }

    [GeneratedRegex(@"^w (\d+) (\d+) ")]
    private static partial Regex Numbered();

    [Fact]
    public async Task One_writer_and_several_readers_work_at_once_and_readers_see_whole_appends()
    {
        using var location = new TestStoreLocation(kind);
        using var store = location.Open(sealLines: 1500);
        const int Batches = 40, PerBatch = 400;
        var labels = new[] { new StreamLabels(("job", "a")), new StreamLabels(("job", "b")) };
        using var done = new CancellationTokenSource();
        var errors = new List<Exception>();
        int searches = 0;
        void Read()
        {
            long lastLines = 0;
            while (!done.IsCancellationRequested)
            {
                try
                {
                    long lines = store.GetStats().Lines;
                    Assert.True(lines >= lastLines && lines % PerBatch == 0, $"{lines} lines after {lastLines}: an append seen in part");
                    lastLines = lines;
                    foreach (SearchHit hit in store.Search(new SearchQuery { Text = "w ", Limit = 50 }))
                    {
                        Match m = Numbered().Match(hit.Line);
                        Assert.True(m.Success, hit.Line);
                        long expected = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * PerBatch + long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) + 1;
                        Assert.Equal(expected, hit.Sequence);
                    }
                    long checkpoint = long.Parse(store.Get("w", "batch") ?? "-1", CultureInfo.InvariantCulture);
                    Assert.True((checkpoint + 1) * PerBatch >= lines, "checkpoint behind the lines it came with");
                    Interlocked.Increment(ref searches);
                }
                catch (Exception e)
                {
                    lock (errors)
                    {
                        errors.Add(e);
                    }
                    return;
                }
            }
        }
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(Read)).ToArray();
        for (int b = 0; b < Batches; b++)
        {
            var batch = Enumerable.Range(0, PerBatch)
                .Select(i => new StoredLine(StoreTestData.Start.AddSeconds(b * PerBatch + i), labels[i % 2], $"w {b} {i} from 10.0.{b}.{i % 200} took {i}ms", 1, Severity.Info))
                .ToList();
            store.Append(batch, [], [new Checkpoint("w", "batch", b.ToString(CultureInfo.InvariantCulture))]);
        }
        // Let the readers see the final state too, then stop them.
        SpinWait.SpinUntil(() => Volatile.Read(ref searches) >= 30 || errors.Count > 0, TimeSpan.FromSeconds(60));
        done.Cancel();
        await Task.WhenAll(readers);
        Assert.Empty(errors);
        Assert.True(searches >= 30);
        Assert.Equal(Batches * PerBatch, store.GetStats().Lines);
    }
}

public sealed class EmbeddedStoreContractOperationTests() : StoreOperationTests(StoreKindUnderTest.Embedded);

public sealed class PostgresStoreOperationTests() : StoreOperationTests(StoreKindUnderTest.Postgres);
