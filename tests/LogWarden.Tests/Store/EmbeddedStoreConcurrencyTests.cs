using System.Globalization;
using System.Text.RegularExpressions;
using LogWarden.Collect;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Store;

public sealed partial class EmbeddedStoreConcurrencyTests
{
    [GeneratedRegex(@"^w (\d+) (\d+) ")]
    private static partial Regex Numbered();

    [Fact]
    public async Task One_writer_and_several_readers_work_at_once_and_readers_see_whole_appends()
    {
        using var dir = new TempDirectory();
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks(sealLines: 1500));
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

/// <summary>Runs alone: it measures the process's managed heap.</summary>
[CollectionDefinition(nameof(MemoryMeasurements), DisableParallelization = true)]
public sealed class MemoryMeasurements;

[Collection(nameof(MemoryMeasurements))]
public sealed class EmbeddedStoreMemoryTests
{
    [Fact]
    public void Resident_memory_does_not_grow_with_the_data_stored()
    {
        using var dir = new TempDirectory();
        var generator = new SyntheticLogs(9);
        var labels = SyntheticLogs.Files.Select(f => new StreamLabels(("file", f))).ToArray();
        using var store = EmbeddedStore.Open(dir.Path, new EmbeddedStoreOptions { MinFreeBytes = 0, MinFreeFraction = 0, SealLines = 32 * 1024 });
        void Ingest(int lines)
        {
            for (int done = 0; done < lines; done += 8192)
            {
                var batch = new List<StoredLine>(8192);
                for (int i = 0; i < 8192; i++)
                {
                    var (time, file, text) = generator.Next();
                    batch.Add(new StoredLine(time, labels[file], text, 1 + file, Severity.Info));
                }
                store.Append(batch, [], []);
            }
        }
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        Ingest(32 * 1024 * 2);
        long afterTwoBlocks = GC.GetTotalMemory(forceFullCollection: true);
        Ingest(32 * 1024 * 4);
        long afterSixBlocks = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(store.GetStats().Lines >= 6 * 32 * 1024);
        // Both points sit just after a seal: the open block is nearly empty; what is left is caches and buffers.
        Assert.True(afterTwoBlocks - baseline < 48L << 20, $"{(afterTwoBlocks - baseline) >> 20} MiB held after 65,536 lines");
        Assert.True(afterSixBlocks - afterTwoBlocks < 8L << 20, $"{(afterSixBlocks - afterTwoBlocks) >> 20} MiB more after 131,072 more lines");
    }
}
