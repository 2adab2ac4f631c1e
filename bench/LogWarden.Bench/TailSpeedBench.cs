using System.Diagnostics;
using System.Globalization;
using System.Text;
using LogWarden.Collect;
using LogWarden.Collect.Files;
using LogWarden.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogWarden.Bench;

/// <summary>
/// Lines per second from a growing file to the sink: a writer thread appends the LogHub Linux-2k syslog
/// lines (repeated) in 256 KiB writes while a <see cref="FileSource"/> follows the file (poll, read, detect,
/// decode, join, batch); the clock stops when the sink holds every record. Peers on the same finished file
/// in the same run: <c>wc -l</c> and <c>cat &gt; /dev/null</c>. For one core, run the built assembly under
/// <c>taskset -c 1</c> (the peers inherit it).
/// </summary>
public static class TailSpeedBench
{
    public static int Run(string[] args)
    {
        int lines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        string[] sample = File.ReadAllLines(Path.Combine(SharedData.Root(), "loghub2k", "Linux", "Linux_2k.log"));
        byte[] content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, lines).Select(i => sample[i % sample.Length] + "\n")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{lines:N0} syslog lines, {content.Length / 1e6:F1} MB; processors available: {Environment.ProcessorCount}"));
        string directory = Directory.CreateTempSubdirectory("logwarden-tail-speed-").FullName;
        string file = Path.Combine(directory, "syslog");
        try
        {
            foreach (string? format in new[] { null, "plain" })
            {
                for (int run = 0; run < 5; run++)
                {
                    File.Delete(file);
                    Measure(file, content, lines, format, run);
                }
            }

            RunPeers(file, lines);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }

    private static void Measure(string file, byte[] content, int lines, string? format, int run)
    {
        File.WriteAllBytes(file, []);
        var sink = new CountingSink();
        var source = new FileSource(
            new FileSourceOptions
            {
                Include = [file],
                Format = format,
                PollInterval = TimeSpan.FromMilliseconds(10),
                WatchDirectories = false,
                MultilineFlushAfter = TimeSpan.FromMilliseconds(20),
                SingleLineFlushAfter = TimeSpan.FromMilliseconds(20),
                HostName = "bench",
            },
            NullLogger<FileSource>.Instance);
        using var stop = new CancellationTokenSource();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var following = Task.Run(() => source.RunAsync(sink, sink, stop.Token));
        var writing = Task.Run(() =>
        {
            using var output = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            for (int offset = 0; offset < content.Length; offset += 256 * 1024)
            {
                output.Write(content, offset, Math.Min(256 * 1024, content.Length - offset));
            }
        });
        while (Volatile.Read(ref sink.Records) < lines)
        {
            if (following.IsCompleted)
            {
                following.GetAwaiter().GetResult();
            }

            Thread.Sleep(1);
        }

        clock.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        stop.Cancel();
        following.GetAwaiter().GetResult();
        writing.GetAwaiter().GetResult();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"FileSource (format {format ?? "detected: syslog"}) run {run}: {lines / clock.Elapsed.TotalSeconds:N0} lines/s, "
            + $"{content.Length / 1e6 / clock.Elapsed.TotalSeconds:F0} MB/s, {(double)allocated / lines:F0} B allocated/line, "
            + $"{source.Stats.Batches:N0} batches"));
    }

    private static void RunPeers(string file, int lines)
    {
        foreach (string command in new[] { $"wc -l {file}", $"cat {file} > /dev/null" })
        {
            double best = double.MaxValue;
            for (int i = 0; i < 3; i++)
            {
                var clock = Stopwatch.StartNew();
                using var shell = Process.Start(new ProcessStartInfo("sh", ["-c", command]) { RedirectStandardOutput = true })!;
                shell.StandardOutput.ReadToEnd();
                shell.WaitForExit();
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"peer `{command.Replace(file, "FILE", StringComparison.Ordinal)}`: {lines / best:N0} lines/s (best of 3, process start included)"));
        }
    }

    /// <summary>A sink that keeps nothing: counts records and accepts at once.</summary>
    private sealed class CountingSink : IIngestSink, ICheckpointReader
    {
        public long Records;

        public ValueTask WriteAsync(IngestBatch batch, CancellationToken cancellationToken)
        {
            Interlocked.Add(ref Records, batch.Records.Count);
            return ValueTask.CompletedTask;
        }

        public string? Get(string sourceId, string key) => null;

        public IReadOnlyDictionary<string, string> GetAll(string sourceId) => new Dictionary<string, string>();
    }
}
