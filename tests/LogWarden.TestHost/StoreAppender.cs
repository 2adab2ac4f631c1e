using System.Globalization;
using LogWarden.Collect;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Store.Embedded;

namespace LogWarden.TestHost;

/// <summary>
/// Appends numbered batches to a store until killed, printing "ack K N" once batch K (of N lines) is
/// acknowledged. Batch K carries template K and the checkpoint crash/batch = K, so the test can tell after a
/// SIGKILL whether every acknowledged batch is whole and no batch is partial. Small blocks, so that the kill
/// also lands while a block is being sealed.
/// </summary>
internal static class StoreAppender
{
    public const string Source = "crash";

    public static int Run(string[] args)
    {
        string directory = args[0];
        var random = new Random(int.Parse(args[1], CultureInfo.InvariantCulture));
        var options = new EmbeddedStoreOptions { SealLines = 3000, MinFreeBytes = 0, MinFreeFraction = 0 };
        using var store = EmbeddedStore.Open(directory, options);
        int batch = int.Parse(store.Get(Source, "batch") ?? "0", CultureInfo.InvariantCulture);
        var streams = new[] { new StreamLabels(("job", "crash"), ("n", "1")), new StreamLabels(("job", "crash"), ("n", "2")) };
        var time = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        Console.Out.Flush();
        while (true)
        {
            batch++;
            int count = random.Next(1, 1500);
            var lines = new List<StoredLine>(count);
            for (int j = 0; j < count; j++)
            {
                string text = $"batch {batch} line {j} of {count} user=u{random.Next(50)} took {random.Next(100000)}ms from 10.0.{random.Next(256)}.{random.Next(256)}";
                lines.Add(new StoredLine(time.AddMilliseconds(batch * 10_000 + j), streams[j % 2], text, batch, Severity.Info));
            }
            var template = new TemplateState(batch, ["batch", "<*>"], [1], count, time, time, $"batch {batch}", 0, Severity.Info);
            store.Append(lines, [template], [new Checkpoint(Source, "batch", batch.ToString(CultureInfo.InvariantCulture))]);
            Console.WriteLine($"ack {batch} {count}");
            Console.Out.Flush();
        }
    }
}
