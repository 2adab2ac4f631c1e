using System.Diagnostics;
using LogWarden.Collect;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Support;

namespace LogWarden.Bench;

/// <summary>
/// Resident memory of a process that does nothing but feed the embedded store at a daemon's pace:
/// 10,000 lines/s in batches every 250 ms (synthetic web-server mix, generated on the fly so the data
/// itself is not resident), then idle. Prints RSS and managed heap each few seconds; the bar is the
/// daemon's (≤ 100 MB ingesting, ≤ 60 MB idle), of which this is the runtime plus the store.
/// Run: dotnet run -c Release --project bench/LogWarden.Bench -- store-memory [ingest-seconds] [idle-seconds]
/// </summary>
public static class StoreMemoryBench
{
    public static int Run(string[] args)
    {
        int ingestSeconds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 60;
        int idleSeconds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20;
        string dir = Directory.CreateTempSubdirectory("logwarden-store-memory-").FullName;
        try
        {
            using (var before = Process.GetCurrentProcess())
            {
                Console.WriteLine($"before the store: RSS {before.WorkingSet64 / 1048576.0:F1} MiB (runtime, this program)");
            }
            var generator = new SyntheticLogs(77);
            var labels = SyntheticLogs.Files.Select(f => new StreamLabels(("host", "web1"), ("file", f))).ToArray();
            using var store = EmbeddedStore.Open(dir, new EmbeddedStoreOptions { MinFreeBytes = 0, MinFreeFraction = 0 });
            using var process = Process.GetCurrentProcess();
            Console.WriteLine($"store open: RSS {process.WorkingSet64 / 1048576.0:F1} MiB");
            long peak = 0;
            var clock = Stopwatch.StartNew();
            long lines = 0;
            for (int tick = 0; tick < ingestSeconds * 4; tick++)
            {
                var batch = new List<StoredLine>(2500);
                for (int i = 0; i < 2500; i++)
                {
                    var (time, file, text) = generator.Next();
                    batch.Add(new StoredLine(time, labels[file], text, 1 + file, Severity.Info));
                }
                store.Append(batch, [], [new Checkpoint("bench", "lines", (lines += batch.Count).ToString(System.Globalization.CultureInfo.InvariantCulture))]);
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                if (tick % 20 == 19)
                {
                    Console.WriteLine($"ingesting: {lines:N0} lines, RSS {process.WorkingSet64 / 1048576.0:F1} MiB, managed heap {GC.GetTotalMemory(false) / 1048576.0:F1} MiB");
                }
                TimeSpan due = TimeSpan.FromMilliseconds(250 * (tick + 1));
                if (clock.Elapsed < due)
                {
                    Thread.Sleep(due - clock.Elapsed);
                }
            }
            Console.WriteLine($"peak RSS while ingesting 10,000 lines/s: {peak / 1048576.0:F1} MiB ({lines:N0} lines, {store.GetStats().BytesOnDisk:N0} bytes on disk)");
            var idleUntil = Stopwatch.StartNew();
            while (idleUntil.Elapsed < TimeSpan.FromSeconds(idleSeconds))
            {
                Thread.Sleep(1000);
            }
            process.Refresh();
            Console.WriteLine($"idle after {idleSeconds} s: RSS {process.WorkingSet64 / 1048576.0:F1} MiB, managed heap {GC.GetTotalMemory(false) / 1048576.0:F1} MiB");
            GC.Collect();
            GC.WaitForPendingFinalizers();
            process.Refresh();
            Console.WriteLine($"idle after a full GC: RSS {process.WorkingSet64 / 1048576.0:F1} MiB, managed heap {GC.GetTotalMemory(false) / 1048576.0:F1} MiB");
            if (File.Exists("/proc/self/status"))
            {
                // Anonymous memory is what the program holds; file-backed pages are mapped code (runtime, SQLite).
                Console.WriteLine(string.Join(", ", File.ReadLines("/proc/self/status").Where(l => l.StartsWith("Rss", StringComparison.Ordinal)).Select(l => string.Join(' ', l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        return 0;
    }
}
