using System.Diagnostics;
using System.Globalization;
using System.Text;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Support;

namespace LogWarden.Bench;

/// <summary>
/// Resident memory of the real daemon: starts <c>logwarden run</c> (the logwarden.dll built beside this
/// bench, as <c>dotnet logwarden.dll</c>) with a temporary data directory and a configuration that keeps the
/// default sources of this machine (discovery: journal, /var/log files, Docker, host metrics, Loki push)
/// and adds a glob over six temporary log files. Reads VmRSS (and RssAnon/RssFile/RssShmem) from
/// /proc/PID/status: idle once start-up has settled, then every second while a writer appends 10,000
/// lines/s (<see cref="SyntheticLogs"/>: nginx, auth, syslog, kernel, mail) for the ingest time, then idle
/// again. The bars (issue 5): ≤ 60 MB idle, ≤ 100 MB while ingesting 10,000 lines/s; the NativeAOT build's
/// (issue 10): ≤ 40 MB idle.
/// Run: dotnet run -c Release --project bench/LogWarden.Bench -- memory [ingest-seconds] [settle-seconds] [--binary FILE] [--ship] [--no-detect] [--now]
/// (--binary: that daemon instead, e.g. the NativeAOT one from scripts/publish.sh; --ship: the daemon is an agent too,
/// shipping to a central daemon the bench starts, so its RSS is an agent's while shipping 10,000 lines/s).
/// </summary>
public static class MemoryBench
{
    private const int LinesPerSecond = 10_000;
    private const int TicksPerSecond = 10;

    public static int Run(string[] args)
    {
        string? binary = BinaryOption(ref args);
        int shipAt = Array.IndexOf(args, "--ship");
        bool ship = shipAt >= 0;
        if (ship)
        {
            args = [.. args[..shipAt], .. args[(shipAt + 1)..]];
        }
        // --no-detect: every per-line detector off (the daemon's lines then only count as their host reporting), so that
        // two runs give what detection costs the daemon itself (its CPU per line below), e.g. the NativeAOT binary.
        int noDetectAt = Array.IndexOf(args, "--no-detect");
        bool noDetect = noDetectAt >= 0;
        if (noDetect)
        {
            args = [.. args[..noDetectAt], .. args[(noDetectAt + 1)..]];
        }
        // --now: the lines' times start at the current time (and run ahead of it, 20 ms of log time a line) instead of
        // 2026-11-20, so that they never fall behind the daemon's clock, as a live server's lines do not.
        int nowAt = Array.IndexOf(args, "--now");
        DateTimeOffset? start = nowAt >= 0 ? DateTimeOffset.UtcNow : null;
        if (nowAt >= 0)
        {
            args = [.. args[..nowAt], .. args[(nowAt + 1)..]];
        }
        int ingestSeconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 60;
        int settleSeconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        string root = Directory.CreateTempSubdirectory("logwarden-memory-").FullName;
        string logs = Path.Combine(root, "logs");
        string data = Path.Combine(root, "data");
        Directory.CreateDirectory(logs);
        string[] files = [.. SyntheticLogs.Files.Select(f => Path.Combine(logs, Path.GetFileName(f) + (f.EndsWith(".log", StringComparison.Ordinal) ? "" : ".log")))];
        foreach (string file in files)
        {
            File.WriteAllBytes(file, []);
        }

        // MEMORY_LOGS=DIR: the daemons' output goes to DIR/daemon.log (and DIR/central.log) instead of nowhere.
        string? keepLogs = Environment.GetEnvironmentVariable("MEMORY_LOGS") is { Length: > 0 } logDir ? Directory.CreateDirectory(logDir).FullName : null;
        int port = Loopback.FreePort();
        string config = Path.Combine(root, "logwarden.yaml");
        // --ship: the daemon is also an agent, shipping everything to a central daemon (same binary, its own
        // embedded store, no sources of its own) that this bench starts on loopback.
        int centralPort = ship ? Loopback.FreePort() : 0;
        File.WriteAllText(config, $"""
            listen: 127.0.0.1:{port}
            sources:
              discover: true
              files:
                - paths: ["{logs}/*.log"]
            {(noDetect ? "detect:\n  disabled: [rules, scenarios, baseline, metrics]\n" : "")}
            {(ship ? $"ship:\n  - name: central\n    url: http://127.0.0.1:{centralPort}/loki/api/v1/push\n    backfill: true\n" : "")}
            """);
        Process? central = null;
        if (ship)
        {
            string centralConfig = Path.Combine(root, "central.yaml");
            File.WriteAllText(centralConfig, CentralConfig.Yaml(centralPort));
            central = DrainedProcess.Start(DaemonStart(binary, centralConfig, Path.Combine(root, "central")), keepLogs is null ? null : Path.Combine(keepLogs, "central.log"));
            WaitReady(centralPort, central);
        }
        using var process = DrainedProcess.Start(DaemonStart(binary, config, data), keepLogs is null ? null : Path.Combine(keepLogs, "daemon.log"));
        try
        {
            WaitReady(port, process);
            Console.WriteLine($"daemon pid {process.Id} ({binary ?? "JIT: dotnet logwarden.dll"}) ready on 127.0.0.1:{port}; settling {settleSeconds} s");
            Thread.Sleep(TimeSpan.FromSeconds(settleSeconds));
            var idle = Sample(process.Id, 10);
            Report("idle (default sources + 6 empty files)", idle);

            // MEMORY_SERIES=1 prints every second's sample while appending, with the daemon's GC figures from /metrics.
            bool series = Environment.GetEnvironmentVariable("MEMORY_SERIES") == "1";
            var generator = new SyntheticLogs(11, start);
            var outputs = files.Select(f => new FileStream(f, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0)).ToArray();
            var busy = new List<Status>();
            var text = files.Select(_ => new StringBuilder()).ToArray();
            double cpuBefore = CpuSeconds(process.Id);
            var clock = Stopwatch.StartNew();
            long written = 0;
            for (int tick = 0; tick < ingestSeconds * TicksPerSecond; tick++)
            {
                for (int i = 0; i < LinesPerSecond / TicksPerSecond; i++)
                {
                    var (_, file, line) = generator.Next();
                    text[file].Append(line).Append('\n');
                }

                for (int f = 0; f < files.Length; f++)
                {
                    outputs[f].Write(Encoding.UTF8.GetBytes(text[f].ToString()));
                    text[f].Clear();
                }

                written += LinesPerSecond / TicksPerSecond;
                if (tick % TicksPerSecond == TicksPerSecond - 1)
                {
                    busy.Add(Read(process.Id));
                    if (series)
                    {
                        Status s = busy[^1];
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  {busy.Count,3} s: VmRSS {s.Rss / 1024.0:F1} MiB (anonymous {s.Anon / 1024.0:F1}, file-backed {s.File / 1024.0:F1}); {GcHeap(port)}"));
                    }
                }

                var due = TimeSpan.FromSeconds((tick + 1) / (double)TicksPerSecond);
                if (clock.Elapsed < due)
                {
                    Thread.Sleep(due - clock.Elapsed);
                }
            }

            foreach (var output in outputs)
            {
                output.Dispose();
            }

            Report($"while appending {LinesPerSecond:N0} lines/s for {ingestSeconds} s", busy);
            double cpu = CpuSeconds(process.Id) - cpuBefore;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  daemon CPU while appending: {cpu:F2} s ({cpu * 1e6 / written:F1} µs per line)"));
            Console.WriteLine("  anonymous memory by kind at the end: " + AnonymousByKind(process.Id) + "; " + GcHeap(port));
            Thread.Sleep(TimeSpan.FromSeconds(5));
            long stored = StoredLines(data);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"stored {stored:N0} lines of the {written:N0} written (5 s after the writer stopped){(stored < written ? ": the daemon fell behind" : "")}"));
            if (central is not null)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  shipped: the central holds {StoredLines(Path.Combine(root, "central")):N0} of the agent's file lines (5 s after the writer stopped); agent CPU includes shipping"));
            }
            Thread.Sleep(TimeSpan.FromSeconds(settleSeconds));
            Report("idle again after ingesting", Sample(process.Id, 10));
            Console.WriteLine("  anonymous memory by kind: " + AnonymousByKind(process.Id) + "; " + GcHeap(port));
        }
        finally
        {
            if (!process.HasExited)
            {
                using var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                term.WaitForExit();
                if (!process.WaitForExit(30_000))
                {
                    process.Kill();
                }
            }

            if (central is { HasExited: false })
            {
                using var term = Process.Start("kill", ["-TERM", central.Id.ToString(CultureInfo.InvariantCulture)]);
                term.WaitForExit();
                if (!central.WaitForExit(30_000))
                {
                    central.Kill();
                }
            }
            central?.Dispose();

            Directory.Delete(root, recursive: true);
        }

        return 0;
    }


    /// <summary>VmRSS and its parts, in KiB (/proc/PID/status).</summary>
    private readonly record struct Status(long Rss, long Anon, long File, long Shmem);

    private static Status Read(int pid)
    {
        long rss = 0, anon = 0, file = 0, shmem = 0;
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        {
            long Value() => long.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Value();
            }
            else if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
            {
                anon = Value();
            }
            else if (line.StartsWith("RssFile:", StringComparison.Ordinal))
            {
                file = Value();
            }
            else if (line.StartsWith("RssShmem:", StringComparison.Ordinal))
            {
                shmem = Value();
            }
        }

        return new Status(rss, anon, file, shmem);
    }

    /// <summary>
    /// Resident anonymous memory by what the mapping is, told apart by its shape in /proc/PID/smaps: the GC's
    /// regions live in one huge reservation (hundreds of GiB of address space), glibc malloc's main heap is
    /// [heap] and its per-thread arenas are 64 MiB reservations; the rest is thread stacks and the runtime's own.
    /// </summary>
    private static string AnonymousByKind(int pid)
    {
        var kinds = new Dictionary<string, long>();
        string kind = "other";
        foreach (string line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            if (line.Length > 0 && char.IsAsciiHexDigit(line[0]) && line.Contains('-', StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                string[] range = parts[0].Split('-');
                long size = (long)(Convert.ToUInt64(range[1], 16) - Convert.ToUInt64(range[0], 16));
                string name = parts.Length > 5 ? parts[5] : "";
                kind = name == "[heap]" ? "malloc main heap"
                    : name.Length > 0 ? "file"
                    : size >= 1L << 34 ? "GC heap"
                    : size is >= 60L << 20 and <= 64L << 20 ? "malloc arenas"
                    : "other anonymous";
                continue;
            }

            if (kind != "file" && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                kinds[kind] = kinds.GetValueOrDefault(kind) + long.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return string.Join(", ", kinds.OrderByDescending(k => k.Value).Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Key} {k.Value / 1024.0:F1} MiB")));
    }

    /// <summary>The daemon's own word on its managed heap: dotnet_total_memory_bytes from its /metrics (live objects and garbage not yet collected).</summary>
    private static string GcHeap(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            string metrics = http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")).GetAwaiter().GetResult();
            string[] lines = metrics.Split('\n');
            double? Value(string name) =>
                lines.FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal)) is { } line
                    ? double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture) / 1048576 : null;
            return Value("dotnet_total_memory_bytes") is not { } total ? "no dotnet_total_memory_bytes in /metrics"
                : string.Create(CultureInfo.InvariantCulture, $"GC heap (dotnet_total_memory_bytes) {total:F1} MiB, GC committed (dotnet_gc_committed_bytes) {Value("dotnet_gc_committed_bytes") ?? double.NaN:F1} MiB");
        }
        catch (HttpRequestException e)
        {
            return "/metrics: " + e.Message;
        }
    }

    /// <summary>User + system CPU of the process so far (/proc/PID/stat, clock ticks of 10 ms).</summary>
    private static double CpuSeconds(int pid) => ProcStat.Cpu(ProcStat.Fields($"/proc/{pid}/stat")).TotalSeconds;

    private static List<Status> Sample(int pid, int seconds)
    {
        var samples = new List<Status>();
        for (int i = 0; i < seconds; i++)
        {
            samples.Add(Read(pid));
            Thread.Sleep(1000);
        }

        return samples;
    }

    private static void Report(string what, List<Status> samples)
    {
        var byRss = samples.OrderBy(s => s.Rss).ToList();
        var median = byRss[byRss.Count / 2];
        var peak = byRss[^1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: VmRSS median {median.Rss / 1024.0:F1} MiB, peak {peak.Rss / 1024.0:F1} MiB "
            + $"(at the peak: anonymous {peak.Anon / 1024.0:F1}, file-backed {peak.File / 1024.0:F1}, shared {peak.Shmem / 1024.0:F1} MiB)"));
    }

    private static long StoredLines(string data)
    {
        using var store = EmbeddedStore.Open(data, new EmbeddedStoreOptions { ReadOnly = true });
        return store.Search(new SearchQuery { Labels = [new LabelMatcher("job", "file")], Limit = int.MaxValue, AfterSequence = 0, NewestFirst = false }).LongCount();
    }

    /// <summary>Takes `--binary FILE` out of the arguments: the daemon to run instead of the JIT build beside this bench.</summary>
    internal static string? BinaryOption(ref string[] args)
    {
        int at = Array.IndexOf(args, "--binary");
        if (at < 0 || at + 1 >= args.Length)
        {
            return null;
        }
        string binary = Path.GetFullPath(args[at + 1]);
        args = [.. args[..at], .. args[(at + 2)..]];
        return binary;
    }

    /// <summary>`logwarden run` as the JIT build beside this bench (dotnet logwarden.dll), or <paramref name="binary"/>.</summary>
    internal static ProcessStartInfo DaemonStart(string? binary, string config, string data)
    {
        string[] arguments = ["run", "--config", config, "--data", data];
        return binary is null
            ? new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "logwarden.dll"), .. arguments])
            : new ProcessStartInfo(binary, arguments);
    }

    internal static void WaitReady(int port, Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the daemon exited with {process.ExitCode} before it was ready");
            }

            try
            {
                if (http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/ready")).GetAwaiter().GetResult() == "ready\n")
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            Thread.Sleep(200);
        }

        throw new TimeoutException("the daemon was not ready within a minute");
    }

}
