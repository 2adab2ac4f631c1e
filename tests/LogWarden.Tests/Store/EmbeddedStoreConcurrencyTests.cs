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
