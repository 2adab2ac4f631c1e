using System.Diagnostics;
using System.Globalization;
using System.Text;
using LogWarden.Collect.Files;
using LogWarden.Daemon;
using LogWarden.Detect;
using LogWarden.Mine;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogWarden.Bench;

/// <summary>
/// The daemon's real ingest path from growing files to durable storage: a writer thread appends a web
/// server's logs (<see cref="SyntheticLogs"/>: nginx access and error logs, auth.log, syslog, kern.log,
/// mail.log; 68 % nginx access lines) to six files in 256 KiB writes, while a <see cref="FileSource"/>
/// follows them (poll, read, detect, decode, join, batch, checkpoint) into the <see cref="IngestPipeline"/>
/// (mine, group commit) and the <see cref="EmbeddedStore"/> (encode, tail row, fsync'd transaction with the
/// checkpoints, sealing). The clock stops when the pipeline has durably stored every line. Wall time and the
/// process's CPU time (user + system, writer thread included) are both reported. Peers over the same files,
/// in the same run: <c>zstd -3 -T1</c> and <c>rg -c</c>.
/// For one core: <c>taskset -c 0 dotnet bench/LogWarden.Bench/bin/Release/net10.0/LogWarden.Bench.dll ingest [lines] [runs] [--detect] [--collector]</c>
/// (the peers inherit the affinity). With <c>--detect</c> the pipeline also feeds the daemon's detection stage
/// (<see cref="DaemonDetection"/>: every detector of the catalog and the incident tracker) after each
/// transaction, as the daemon runs it, so the two runs give what detection adds to the ingest cost.
/// With <c>--collector</c> the daemon's <see cref="HeapGrowthCollector"/> runs beside the pipeline, as it does in
/// <c>logwarden run</c>: its full collections are part of what a line costs the daemon.
/// </summary>
public static class IngestBench
{
    private const int WriteChunk = 256 * 1024;

    public static int Run(string[] args)
    {
        bool detect = args.Contains("--detect");
        bool collector = args.Contains("--collector");
        args = [.. args.Where(a => a is not "--detect" and not "--collector")];
        int lines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        int runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        byte[][] contents = Generate(lines);
        long bytes = contents.Sum(c => (long)c.Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest bench{(detect ? " with detection" : "")}{(collector ? " with the daemon's heap-growth collector" : "")}: {lines:N0} lines, {bytes / 1e6:F1} MB in {contents.Length} files; processors available: {Environment.ProcessorCount}, CPUs allowed: {CpusAllowed()}"));
        string directory = Directory.CreateTempSubdirectory("logwarden-ingest-").FullName;
        try
        {
            using var sampler = Environment.GetEnvironmentVariable("INGEST_ALLOCATIONS") == "1" ? new AllocationSampler() : null;
            var results = new List<(double Wall, double Cpu)>();
            for (int run = 0; run < runs; run++)
            {
                results.Add(Measure(Path.Combine(directory, $"run{run}"), contents, lines, run, detect, collector));
            }

            if (sampler is not null)
            {
                foreach (var (type, sampled) in sampler.Bytes.OrderByDescending(kv => kv.Value).Take(25))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {sampled / (double)lines / runs,8:F1} B/line  {type}"));
                }
            }

            var byWall = results.OrderBy(r => r.Wall).ToList();
            var byCpu = results.OrderBy(r => r.Cpu).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ingest: best {lines / byWall[0].Wall:N0} lines/s wall, median {lines / byWall[runs / 2].Wall:N0}; "
                + $"best {lines / byCpu[0].Cpu:N0} lines per CPU-second, median {lines / byCpu[runs / 2].Cpu:N0}"));
            RunPeers(Path.Combine(directory, "run0", "logs"), lines);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }

    /// <summary>The lines of each of <see cref="SyntheticLogs.Files"/>, in memory (so generating them is not timed).</summary>
    private static byte[][] Generate(int lines)
    {
        var generator = new SyntheticLogs(5);
        var texts = SyntheticLogs.Files.Select(_ => new StringBuilder()).ToArray();
        for (int i = 0; i < lines; i++)
        {
            var (_, file, text) = generator.Next();
            texts[file].Append(text).Append('\n');
        }

        return [.. texts.Select(t => Encoding.UTF8.GetBytes(t.ToString()))];
    }

    private static (double Wall, double Cpu) Measure(string root, byte[][] contents, int lines, int run, bool detect, bool collect)
    {
        string logs = Path.Combine(root, "logs");
        Directory.CreateDirectory(logs);
        string[] files = [.. SyntheticLogs.Files.Select(f => Path.Combine(logs, Path.GetFileName(f)))];
        foreach (string file in files)
        {
            File.WriteAllBytes(file, []);
        }

        using var store = EmbeddedStore.Open(Path.Combine(root, "data"), new EmbeddedStoreOptions { MinFreeBytes = 0, MinFreeFraction = 0 });
        var miner = TemplateMiner.FromStates(store.LoadTemplates());
        DaemonDetection? detection = detect ? new DaemonDetection(store, miner, new DetectOptions(), TimeProvider.System, NullLogger<DaemonDetection>.Instance) : null;
        var pipeline = new IngestPipeline(store, miner, new PipelineOptions { QueueBatches = Env("Q", new PipelineOptions().QueueBatches), MaxLinesPerAppend = Env("M", new PipelineOptions().MaxLinesPerAppend) }, TimeProvider.System, NullLogger<IngestPipeline>.Instance, detection);
        var source = new FileSource(new FileSourceOptions
        {
            Include = [Path.Combine(logs, "*")],
            HostName = "bench",
            // The last record of each file waits this long for a continuation line; with the default 2 s that
            // wait alone would be a third of a run.
            MultilineFlushAfter = TimeSpan.FromMilliseconds(20),
            SingleLineFlushAfter = TimeSpan.FromMilliseconds(20),
        }, NullLogger<FileSource>.Instance);
        using var collector = collect ? new HeapGrowthCollector(pipeline, TimeProvider.System) : null;
        using var stop = new CancellationTokenSource();
        using var process = Process.GetCurrentProcess();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        int gen0 = GC.CollectionCount(0), gen2 = GC.CollectionCount(2);
        TimeSpan pausedBefore = GC.GetTotalPauseDuration();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        collector?.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        var writing = Task.Run(() => pipeline.RunAsync(CancellationToken.None));
        var following = Task.Run(() => source.RunAsync(pipeline, store, stop.Token));
        var appending = Task.Run(() => Append(files, contents));
        while (pipeline.Counters.Lines < lines || (detection is not null && detection.Counters.Lines < lines))
        {
            foreach (var task in new[] { writing, following, appending })
            {
                if (task.IsFaulted)
                {
                    task.GetAwaiter().GetResult();
                }
            }

            Thread.Sleep(1);
        }

        clock.Stop();
        process.Refresh();
        collector?.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        stop.Cancel();
        try
        {
            following.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }

        pipeline.Complete();
        writing.GetAwaiter().GetResult();
        double writerCpu = appending.GetAwaiter().GetResult();
        cpu -= writerCpu;
        double wall = clock.Elapsed.TotalSeconds;
        string detected = detection is null ? "" : string.Create(CultureInfo.InvariantCulture,
            $"; detection: {detection.Counters.Lines:N0} lines, {detection.Tracker.Stats.FindingsRaised:N0} findings, {detection.Counters.Failures} failures, {detection.Counters.Elapsed.TotalSeconds * 1e9 / lines:F0} ns a line inside its stage");
        string collected = collector is null ? "" : $"; the collector's full collections: {collector.Collections}";
        // What the last young-generation collection copied and how long it paused: detection's retained state and
        // the lines in flight are what a gen-0 collection has to copy (promote) when it runs.
        GCMemoryInfo young = GC.GetGCMemoryInfo(GCKind.Ephemeral);
        collected += string.Create(CultureInfo.InvariantCulture,
            $"; last gen{young.Generation} collection promoted {young.PromotedBytes / 1e6:F1} MB, paused {young.PauseDurations[0].TotalMilliseconds:F0} ms, heap {young.HeapSizeBytes / 1e6:F0} MB");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {run}: {lines / wall:N0} lines/s wall ({wall:F2} s), {lines / cpu:N0} lines per CPU-second ({cpu:F2} s CPU without the writer's {writerCpu:F2} s); "
            + $"{(double)allocated / lines:F0} B allocated/line, GCs gen0 {GC.CollectionCount(0) - gen0} gen2 {GC.CollectionCount(2) - gen2}, paused {(GC.GetTotalPauseDuration() - pausedBefore).TotalSeconds:F2} s; "
            + $"{pipeline.Counters.Appends:N0} transactions, {source.Stats.Batches:N0} source batches{detected}{collected}"));
        return (wall, cpu);

    }

    /// <summary>Appends every file's lines, interleaved as a busy server writes them: a chunk of each file in turn.</summary>
    /// <returns>The CPU time of the thread that wrote (it is the logging program's, not the ingest's).</returns>
    private static double Append(string[] paths, byte[][] data)
    {
        double before = ThreadCpuSeconds();
        var outputs = paths.Select(p => new FileStream(p, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0)).ToArray();
        try
        {
            long total = data.Sum(d => (long)d.Length);
            var offsets = new int[data.Length];
            bool more = true;
            while (more)
            {
                more = false;
                for (int i = 0; i < data.Length; i++)
                {
                    int share = (int)Math.Max(4096, (long)WriteChunk * data[i].Length / total);
                    int end = Math.Min(data[i].Length, offsets[i] + share);
                    if (end < data[i].Length)
                    {
                        end = Array.LastIndexOf(data[i], (byte)'\n', end - 1) + 1; // whole lines, as loggers write
                    }

                    outputs[i].Write(data[i], offsets[i], end - offsets[i]);
                    offsets[i] = end;
                    more |= end < data[i].Length;
                }
            }
        }
        finally
        {
            foreach (var output in outputs)
            {
                output.Dispose();
            }
        }

        return ThreadCpuSeconds() - before;
    }

    /// <summary>User + system CPU seconds of the calling thread (/proc/thread-self/stat, fields 14 and 15, in clock ticks of 10 ms).</summary>
    private static double ThreadCpuSeconds() => ProcStat.Cpu(ProcStat.Fields("/proc/thread-self/stat")).TotalSeconds;

    private static void RunPeers(string logs, int lines)
    {
        foreach (string command in new[] { $"zstd -3 -T1 -c {logs}/* > /dev/null", $"rg -j1 -c ' ' {logs}/ > /dev/null" })
        {
            var times = new List<double>();
            int exitCode = 0;
            for (int i = 0; i < 3 && exitCode == 0; i++)
            {
                var clock = Stopwatch.StartNew();
                using var shell = Process.Start(new ProcessStartInfo("sh", ["-c", command]))!;
                shell.WaitForExit();
                times.Add(clock.Elapsed.TotalSeconds);
                exitCode = shell.ExitCode;
            }

            string shown = command.Replace(logs, "LOGS", StringComparison.Ordinal);
            if (exitCode != 0)
            {
                // A peer that is not installed (sh's 127) or failed has no speed to stand beside ours.
                Console.WriteLine($"peer `{shown}`: not measured, it exited with {exitCode} (is it installed?)");
                continue;
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"peer `{shown}`: best {lines / times[0]:N0} lines/s, median {lines / times[1]:N0} (process start included)"));
        }
    }

    private static int Env(string name, int value) => int.TryParse(Environment.GetEnvironmentVariable("INGEST_" + name), out int v) ? v : value;

    private static string CpusAllowed() =>
        File.Exists("/proc/self/status")
            ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?"
            : "?";
}

/// <summary>Sampled allocations by type (the runtime's AllocationTick event, one per ~100 KB allocated).</summary>
internal sealed class AllocationSampler : System.Diagnostics.Tracing.EventListener
{
    public readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> Bytes = new();

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && e.Payload is { } p)
        {
            int nameIndex = e.PayloadNames!.IndexOf("TypeName");
            int amountIndex = e.PayloadNames!.IndexOf("AllocationAmount64");
            int kindIndex = e.PayloadNames!.IndexOf("AllocationKind");
            string name = (kindIndex >= 0 && Convert.ToInt32(p[kindIndex], CultureInfo.InvariantCulture) == 1 ? "LOH " : "")
                + (nameIndex >= 0 ? p[nameIndex]?.ToString() ?? "?" : "?");
            long amount = amountIndex >= 0 ? Convert.ToInt64(p[amountIndex], CultureInfo.InvariantCulture) : 100_000;
            Bytes.AddOrUpdate(name, amount, (_, v) => v + amount);
        }
    }
}
