using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LogWarden.Collect;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Support;

namespace LogWarden.Bench;

/// <summary>
/// The embedded store end to end, beside Debian's tools on the same bytes in the same run:
/// ingest lines/s through <see cref="EmbeddedStore.Append"/> (batches of 8,192 lines, durable, sealing
/// included), bytes on disk per line beside <c>zstd -3</c> and <c>zstd -19</c> of the raw text, and search
/// latencies beside <c>rg</c> over the raw file. Two data sets: the ten LogHub-2k logs repeated, and a
/// synthetic web-server mix (<see cref="SyntheticLogs"/>).
/// Run: dotnet run -c Release --project bench/LogWarden.Bench -- store [lines] [loghub|mix|both]
/// </summary>
public static class StoreBench
{
    private const int BatchLines = 8192;

    /// <summary>zstd -19 is slow (≈ 3 MB/s here): it gets at most this many lines, and says so.</summary>
    private const int Zstd19MaxLines = 1_000_000;

    private sealed record Query(string Name, SearchQuery Search, string RgArguments);

    public static int Run(string[] args)
    {
        int lines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        string which = args.Length > 1 ? args[1] : "both";
        Console.WriteLine($"store bench: {lines:N0} lines per data set, batches of {BatchLines:N0}, one writer thread; {Environment.ProcessorCount} cores");
        if (which is "loghub" or "both")
        {
            RunDataSet("LogHub-2k (10 logs, repeated)", LogHub(lines), lines, LogHubQueries);
        }
        if (which is "mix" or "both")
        {
            RunDataSet("web server mix (nginx + syslog, synthetic)", Mix(lines), lines, MixQueries);
        }
        return 0;
    }

    private static IEnumerable<(StreamLabels Labels, DateTimeOffset Time, string Text)> LogHub(int count)
    {
        var files = SharedData.LogHubDatasets
            .Select(name => (Labels: new StreamLabels(("job", "loghub"), ("dataset", name)),
                Lines: File.ReadAllLines(Path.Combine(SharedData.Root(), "loghub2k", name, $"{name}_2k.log"))))
            .ToArray();
        var time = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        int n = 0;
        while (true)
        {
            foreach (var (labels, texts) in files)
            {
                foreach (string text in texts)
                {
                    if (n++ == count)
                    {
                        yield break;
                    }
                    time = time.AddMilliseconds(5);
                    yield return (labels, time, text);
                }
            }
        }
    }

    private const string MixNeedleUser = "zz9plural";
    private const string MixNeedleAddress = "198.51.100.250";

    private static IEnumerable<(StreamLabels Labels, DateTimeOffset Time, string Text)> Mix(int count)
    {
        var generator = new SyntheticLogs();
        var labels = SyntheticLogs.Files.Select(f => new StreamLabels(("host", "web1"), ("file", f))).ToArray();
        int every = Math.Max(1, count / 10);
        for (int n = 0; n < count; n++)
        {
            var (time, file, text) = generator.Next();
            if (n % every == every / 2)
            {
                // Ten needles in the haystack for the selective queries.
                text = $"Nov 20 {time:HH:mm:ss} web1 sshd[4242]: Failed password for invalid user {MixNeedleUser} from {MixNeedleAddress} port 4444 ssh2";
                file = 2;
            }
            yield return (labels[file], time, text);
        }
    }

    private static List<Query> LogHubQueries(DateTimeOffset end) =>
    [
        new("non-selective 'error', newest 100", new SearchQuery { Text = "error" }, "-m 100 -F -i error"),
        new("selective 'blk_-1030832046197982436' (1 in 20,000 lines)", new SearchQuery { Text = "blk_-1030832046197982436" }, "-F -i blk_-1030832046197982436"),
        new("digits '2181' (in integer columns)", new SearchQuery { Text = "2181" }, "-F -i 2181"),
        new("'Failed password' + dataset=OpenSSH + last 10% of time", new SearchQuery
        {
            Text = "Failed password",
            Labels = [new LabelMatcher("dataset", "OpenSSH")],
            From = end - (end - new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero)) / 10,
        }, "-m 100 -F -i 'Failed password'"),
        new("regex 'Failed password for \\w+ from', newest 100", new SearchQuery { Pattern = new Regex(@"Failed password for \w+ from", RegexOptions.None, TimeSpan.FromSeconds(5)) }, @"-m 100 'Failed password for \w+ from'"),
    ];

    private static List<Query> MixQueries(DateTimeOffset end) =>
    [
        new("non-selective 'GET /api', newest 100", new SearchQuery { Text = "GET /api" }, "-m 100 -F -i 'GET /api'"),
        new($"selective '{MixNeedleUser}' (10 lines)", new SearchQuery { Text = MixNeedleUser }, $"-F -i {MixNeedleUser}"),
        new($"selective '{MixNeedleAddress}' (10 lines, a dictionary value)", new SearchQuery { Text = MixNeedleAddress }, $"-F -i {MixNeedleAddress}"),
        new("digits '4444' (in integer columns)", new SearchQuery { Text = "4444" }, "-F -i 4444"),
        new("'Failed password' + file=auth.log + last 10% of time", new SearchQuery
        {
            Text = "Failed password",
            Labels = [new LabelMatcher("file", "/var/log/auth.log")],
            From = end - (end - new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero)) / 10,
        }, "-m 100 -F -i 'Failed password'"),
        new("regex 'invalid user \\w+ from 198\\.51\\.100\\.250'", new SearchQuery { Pattern = new Regex(@"invalid user \w+ from 198\.51\.100\.250", RegexOptions.None, TimeSpan.FromSeconds(5)) }, @"'invalid user \w+ from 198\.51\.100\.250'"),
    ];

    private static void RunDataSet(string title, IEnumerable<(StreamLabels Labels, DateTimeOffset Time, string Text)> source, int count, Func<DateTimeOffset, List<Query>> queries)
    {
        Console.WriteLine();
        Console.WriteLine($"== {title} ==");
        string work = Directory.CreateTempSubdirectory("logwarden-store-bench-").FullName;
        string raw = Path.Combine(work, "raw.log");
        string data = Path.Combine(work, "store");
        var options = new EmbeddedStoreOptions { MinFreeBytes = 0, MinFreeFraction = 0 };
        try
        {
            var miner = new TemplateMiner();
            var changed = new List<TemplateState>();
            var batch = new List<StoredLine>(BatchLines);
            long appendTicks = 0;
            TimeSpan cpu = TimeSpan.Zero;
            long rawBytes = 0;
            int n = 0;
            DateTimeOffset end = default;
            using (var store = EmbeddedStore.Open(data, options))
            using (var writer = new StreamWriter(raw, false, new UTF8Encoding(false), 1 << 20))
            {
                void Flush()
                {
                    changed.Clear();
                    miner.CollectChanges(changed);
                    TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                    long t0 = Stopwatch.GetTimestamp();
                    store.Append(batch, changed, [new Checkpoint("bench", "position", n.ToString(CultureInfo.InvariantCulture))]);
                    appendTicks += Stopwatch.GetTimestamp() - t0;
                    cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                    batch.Clear();
                }
                foreach (var (labels, time, text) in source)
                {
                    int template = miner.Add(text, time);
                    batch.Add(new StoredLine(time, labels, text, template, Severity.Info));
                    writer.Write(text);
                    writer.Write('\n');
                    rawBytes += Encoding.UTF8.GetByteCount(text) + 1;
                    end = time;
                    n++;
                    if (batch.Count == BatchLines)
                    {
                        Flush();
                    }
                }
                if (batch.Count > 0)
                {
                    Flush();
                }
                long s0 = Stopwatch.GetTimestamp();
                TimeSpan cpuSeal = Process.GetCurrentProcess().TotalProcessorTime;
                store.Flush();
                appendTicks += Stopwatch.GetTimestamp() - s0;
                cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuSeal;
                Console.WriteLine($"lines {n:N0}, raw {rawBytes:N0} bytes ({(double)rawBytes / n:F1} bytes/line), templates {miner.TemplateCount:N0}");
                double seconds = Stopwatch.GetElapsedTime(0, appendTicks).TotalSeconds;
                Console.WriteLine($"ingest: {n / seconds:N0} lines/s wall, {n / cpu.TotalSeconds:N0} lines per CPU-second (Append + seal, fsync per batch; {seconds:F2} s)");
                Console.WriteLine($"memory after ingest: GC heap {GC.GetTotalMemory(false) / 1048576.0:F1} MiB, working set {Environment.WorkingSet / 1048576.0:F1} MiB (includes the miner)");
            }
            long stored = DirectorySize(data);
            long z0 = Stopwatch.GetTimestamp();
            long zstd3 = CompressedSize(raw, "-3", null);
            double zstdSeconds = Stopwatch.GetElapsedTime(z0).TotalSeconds;
            (long zstd19, long zstd19Lines) = n <= Zstd19MaxLines ? (CompressedSize(raw, "-19", null), n) : (CompressedSize(raw, "-19", Zstd19MaxLines), Zstd19MaxLines);
            Console.WriteLine($"on disk: store {stored:N0} bytes = {(double)stored / n:F2} bytes/line ({(double)rawBytes / stored:F1}x)");
            Console.WriteLine($"peer: zstd -3 -T1 of the raw file {zstd3:N0} bytes = {(double)zstd3 / n:F2} bytes/line ({(double)rawBytes / zstd3:F1}x), at {n / zstdSeconds:N0} lines/s wall");
            Console.WriteLine($"peer: zstd -19 -T1 {(zstd19Lines < n ? $"of the first {zstd19Lines:N0} lines " : "")}{zstd19:N0} bytes = {(double)zstd19 / zstd19Lines:F2} bytes/line");

            using var reader = EmbeddedStore.Open(data, options with { ReadOnly = true });
            Console.WriteLine($"{"query",-62} {"store ms",9} {"hits",6} {"sections",9} {"rg ms",8}  rg arguments");
            foreach (Query q in queries(end))
            {
                double best = double.MaxValue;
                int hits = 0;
                long sections = 0;
                for (int i = 0; i < 3; i++)
                {
                    long before = reader.Reads.BlockSections;
                    long t0 = Stopwatch.GetTimestamp();
                    hits = reader.Search(q.Search).Count();
                    best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    sections = reader.Reads.BlockSections - before;
                }
                double rg = TimeRg(q.RgArguments, raw);
                Console.WriteLine($"{q.Name,-62} {best,9:F1} {hits,6} {sections,9} {rg,8:F1}  rg {q.RgArguments}");
            }
            StoreStats stats = reader.GetStats();
            Console.WriteLine($"stats: {stats.Lines:N0} lines, {stats.Streams} streams, {stats.Templates:N0} templates; bytes by kind: {string.Join(", ", stats.BytesByTable.Select(kv => $"{kv.Key} {kv.Value:N0}"))}");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static long DirectorySize(string path) => new DirectoryInfo(path).EnumerateFiles().Where(f => f.Name != "writer.lock").Sum(f => f.Length);

    private static long CompressedSize(string file, string level, int? firstLines)
    {
        string command = firstLines is { } n
            ? $"head -n {n} '{file}' | zstd {level} -T1 -q -c | wc -c"
            : $"zstd {level} -T1 -q -c '{file}' | wc -c";
        var psi = new ProcessStartInfo("sh", ["-c", command]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return long.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Best of three runs of rg over the raw file (single-threaded, output discarded), in ms; NaN when rg is not installed.</summary>
    private static double TimeRg(string arguments, string file)
    {
        double best = double.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            var psi = new ProcessStartInfo("sh", ["-c", $"rg -j1 {arguments} '{file}' > /dev/null"]);
            long t0 = Stopwatch.GetTimestamp();
            using var p = Process.Start(psi)!;
            p.WaitForExit();
            if (p.ExitCode == 127)
            {
                return double.NaN; // rg is not installed: no peer time rather than the time of sh saying so
            }
            best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        return best;
    }
}
