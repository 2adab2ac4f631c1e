using System.Diagnostics;
using System.Globalization;
using LogWarden.Collect;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Support;

namespace LogWarden.Bench;

/// <summary>
/// The API latency bar (p99 ≤ 100 ms under 50 concurrent users): fills a store with synthetic lines (six
/// files of a web server, the last seven days up to now), starts the real daemon on it (<c>logwarden run</c>,
/// the logwarden.dll built beside this bench) and runs Debian's <c>wrk</c> with 50 connections against each
/// endpoint in turn, as Grafana would call them: a streams query_range (last hour, 1000 lines), labels, the
/// logs-volume count_over_time (last hour, 1-minute steps), /metrics and /ready. Prints wrk's latency
/// distribution per endpoint and the load average.
/// Run: dotnet run -c Release --project bench/LogWarden.Bench -- web-api [store-dir=/tmp/lw-webapi-10M] [lines=10000000] [seconds=15] [connections=50] [extra-path…]
/// (seconds 0: only fill the store). The store is filled once and reused by later runs.
/// </summary>
internal static class WebApiBench
{
    public static int Run(string[] args)
    {
        string directory = args.Length > 0 ? args[0] : "/tmp/lw-webapi-10M";
        int lines = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000_000;
        int seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 15;
        int connections = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 50;
        string[] extra = args.Length > 4 ? args[4..] : [];
        return RunAsync(directory, lines, seconds, connections, extra).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string root, int lineCount, int seconds, int connections, string[] extraPaths)
    {
        string data = Path.Combine(root, "data");
        DateTimeOffset end = FillOnce(root, data, lineCount);
        if (seconds <= 0)
        {
            return 0; // fill only
        }
        int port = Loopback.FreePort();
        string config = Path.Combine(root, "logwarden.yaml");
        await File.WriteAllTextAsync(config, $"""
            listen: 127.0.0.1:{port}
            host: bench
            sources:
              discover: false
              journal: {"{"}enabled: false{"}"}
              docker: {"{"}enabled: false{"}"}
              host_metrics: {"{"}enabled: false{"}"}
            """);
        // WEB_API_BENCH_DAEMON: another build of the daemon (e.g. main's, for a before/after on the same store).
        string daemonDll = Environment.GetEnvironmentVariable("WEB_API_BENCH_DAEMON") ?? Path.Combine(AppContext.BaseDirectory, "logwarden.dll");
        Console.WriteLine($"daemon: {daemonDll}");
        using Process daemon = DrainedProcess.Start("dotnet", [daemonDll, "run", "--config", config, "--data", data]);
        try
        {
            await AlertLatencyBench.WaitReadyAsync(port, daemon);
            string hourAgo = Ns(end.AddHours(-1)), now = Ns(end);
            var endpoints = new List<(string Name, string[] Paths)>
            {
                ("query_range streams, mixed ranges, limit 1000", Mix(end, (from, to) => $"/loki/api/v1/query_range?query={Escape("{file=\"/var/log/auth.log\"}")}&start={Ns(from)}&end={Ns(to)}&limit=1000&direction=backward")),
                ("query_range streams |= filter, mixed ranges, limit 100", Mix(end, (from, to) => $"/loki/api/v1/query_range?query={Escape("{host=\"web1\"} |= \"Failed password\"")}&start={Ns(from)}&end={Ns(to)}&limit=100")),
                ("query_range |~ regex, mixed ranges, limit 100", Mix(end, (from, to) => $"/loki/api/v1/query_range?query={Escape("{host=\"web1\"} |~ \"user (root|admin)\"")}&start={Ns(from)}&end={Ns(to)}&limit=100")),
                ("labels (1 h)", [$"/loki/api/v1/labels?start={hourAgo}&end={now}"]),
                ("label values (1 h)", [$"/loki/api/v1/label/file/values?start={hourAgo}&end={now}"]),
                ("count_over_time volume, mixed ranges", Mix(end, (from, to) =>
                {
                    long step = Math.Max(60, (long)(to - from).TotalSeconds / 60); // Grafana's volume: about 60 bars
                    return $"/loki/api/v1/query_range?query={Escape($"sum by (file) (count_over_time({{host=\"web1\"}}[{step}s]))")}&start={Ns(from)}&end={Ns(to)}&step={step}";
                })),
                ("/metrics", ["/metrics"]),
                ("/api/v1/health", ["/api/v1/health"]),
                ("/api/v1/incidents", ["/api/v1/incidents?status=open,acknowledged&limit=50"]),
                ("/api/v1/search, mixed ranges", Mix(end, (from, to) => $"/api/v1/search?q=Failed&from={Rfc3339(from)}&to={Rfc3339(to)}&limit=100")),
                ("/api/v1/templates", ["/api/v1/templates?sort=count&limit=50"]),
                ("/api/v1/templates/1/counts (24 h)", ["/api/v1/templates/1/counts?from=24h&buckets=48"]),
                ("/api/v1/metrics", ["/api/v1/metrics?name=cpu_percent&from=6h&points=500"]),
                ("/ready (peer: no work)", ["/ready"]),
            };
            endpoints.AddRange(extraPaths.Select(p => (p, new[] { p })));
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
            foreach ((string name, string[] paths) in endpoints)
            {
                using HttpResponseMessage warm = await http.GetAsync(new Uri($"http://127.0.0.1:{port}{paths[0]}"));
                Console.WriteLine($"  {name}: {(int)warm.StatusCode}, {(await warm.Content.ReadAsByteArrayAsync()).Length:N0} bytes ({paths.Length} distinct requests)");
            }
            bool met = true;
            var table = new List<string>();
            foreach ((string name, string[] paths) in endpoints)
            {
                string script = Path.Combine(root, "mix.lua");
                await File.WriteAllTextAsync(script, LuaRotation(paths));
                (long hits, long misses) before = await CacheCountersAsync(http, port);
                string output = Wrk($"-t2 -c{connections} -d{seconds}s --latency -s {script} http://127.0.0.1:{port}");
                (long hits, long misses) after = await CacheCountersAsync(http, port);
                string load = File.ReadAllText("/proc/loadavg").Trim();
                string Percentile(string p) => output.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith(p, StringComparison.Ordinal))?.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "?";
                string p99 = Percentile("99%");
                bool timeouts = output.Contains("Socket errors", StringComparison.Ordinal) || output.Contains("Non-2xx", StringComparison.Ordinal) || NothingAnswered(output);
                bool within = !timeouts && WithinBar("99% " + p99);
                met &= within;
                long lookups = (after.hits - before.hits) + (after.misses - before.misses);
                string hitRate = lookups == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * (after.hits - before.hits) / lookups:F1} % of {lookups:N0}");
                string rps = output.Split('\n').FirstOrDefault(l => l.StartsWith("Requests/sec:", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";
                string errors = string.Join("; ", output.Split('\n').Where(l => l.Contains("Socket errors", StringComparison.Ordinal) || l.Contains("Non-2xx", StringComparison.Ordinal)).Select(l => l.Trim()));
                table.Add($"| {name} | {paths.Length} | {rps} | {Percentile("50%")} | {Percentile("90%")} | {p99} | {hitRate} | {load.Split(' ')[0]} | {(within ? "met" : "**not met**")}{(errors.Length > 0 ? " (" + errors + ")" : "")} |");
                Console.WriteLine($"== {name} — load average {load}; decoded cache {hitRate}");
                Console.WriteLine(output.TrimEnd());
            }
            Console.WriteLine();
            Console.WriteLine("| endpoint | distinct requests | req/s | p50 | p90 | p99 | decoded-cache hits | load | bar p99 ≤ 100 ms |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
            table.ForEach(Console.WriteLine);
            Console.WriteLine(met ? "bar met: p99 ≤ 100 ms on every endpoint" : "bar NOT met on at least one endpoint");
            return met ? 0 : 1;
        }
        finally
        {
            daemon.Kill(entireProcessTree: true);
            await daemon.WaitForExitAsync();
        }
    }

    /// <summary>No request answered in the run (wrk then reports 0 latencies, which must not read as fast).</summary>
    private static bool NothingAnswered(string output) => output.Contains(" 0 requests in", StringComparison.Ordinal);

    /// <summary>wrk prints "99%  12.34ms" (us, ms or s).</summary>
    private static bool WithinBar(string line)
    {
        string value = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        double ms = value.EndsWith("us", StringComparison.Ordinal) ? double.Parse(value[..^2], CultureInfo.InvariantCulture) / 1000
            : value.EndsWith("ms", StringComparison.Ordinal) ? double.Parse(value[..^2], CultureInfo.InvariantCulture)
            : value.EndsWith('s') ? double.Parse(value[..^1], CultureInfo.InvariantCulture) * 1000
            : double.MaxValue;
        return ms <= 100;
    }

    private static string Wrk(string arguments)
    {
        using Process wrk = Process.Start(new ProcessStartInfo("wrk", arguments) { RedirectStandardOutput = true })!;
        string output = wrk.StandardOutput.ReadToEnd();
        wrk.WaitForExit();
        return output;
    }

    private static string Escape(string s) => Uri.EscapeDataString(s);

    private static string Rfc3339(DateTimeOffset t) => Escape(t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));

    /// <summary>
    /// The same query over varied windows, as a dashboard's users pick them: the last 5 min, 15 min, 1 h, 6 h and
    /// 24 h, each ending now or an hour, six hours or a day ago (20 distinct requests, taken in turn).
    /// </summary>
    private static string[] Mix(DateTimeOffset end, Func<DateTimeOffset, DateTimeOffset, string> path)
    {
        TimeSpan[] lengths = [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromHours(24)];
        TimeSpan[] endsAgo = [TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromDays(1)];
        return [.. endsAgo.SelectMany(ago => lengths.Select(length => path(end - ago - length, end - ago)))];
    }

    /// <summary>A wrk script that sends <paramref name="paths"/> in turn (each thread starting at its own place).</summary>
    private static string LuaRotation(string[] paths) =>
        "paths = {\n" + string.Join(",\n", paths.Select(p => "  \"" + p.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")) + "\n}\n"
        + "local i = math.random(#paths)\n"
        + "request = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n";

    /// <summary>The daemon's decoded-cache counters, from its own /metrics.</summary>
    private static async Task<(long Hits, long Misses)> CacheCountersAsync(HttpClient http, int port)
    {
        string text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        long Value(string name) => text.Split('\n').Where(l => l.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(l => (long)double.Parse(l[(name.Length + 1)..], CultureInfo.InvariantCulture)).FirstOrDefault();
        return (Value("logwarden_store_decoded_cache_hits_total"), Value("logwarden_store_decoded_cache_misses_total"));
    }

    private static string Ns(DateTimeOffset t) => ((t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Fills <paramref name="data"/> unless a previous run did (filling 10 M lines takes minutes): the end of
    /// the filled week and the line count are kept in <c>filled.txt</c> beside it, so reruns query the same
    /// hours. The store is reused as filled; the daemon started on it adds nothing (no sources).
    /// </summary>
    private static DateTimeOffset FillOnce(string root, string data, int lineCount)
    {
        string marker = Path.Combine(root, "filled.txt");
        if (File.Exists(marker) && File.ReadAllText(marker).Split(' ') is [string ticks, string count] && count.Trim() == lineCount.ToString(CultureInfo.InvariantCulture))
        {
            var filledEnd = new DateTimeOffset(long.Parse(ticks, CultureInfo.InvariantCulture), TimeSpan.Zero);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"store: reusing {lineCount:N0} lines over the 7 days to {filledEnd:u} in {data}"));
            return filledEnd;
        }
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
        DateTimeOffset end = DateTimeOffset.UtcNow;
        var fill = Stopwatch.StartNew();
        Fill(data, lineCount, end);
        File.WriteAllText(marker, string.Create(CultureInfo.InvariantCulture, $"{end.UtcTicks} {lineCount}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"store: {lineCount:N0} lines over the 7 days to {end:u}, filled in {fill.Elapsed.TotalSeconds:F0} s, {new DirectoryInfo(data).EnumerateFiles().Sum(f => f.Length) / 1e6:F0} MB"));
        return end;
    }

    /// <summary>Synthetic web-server lines (text from <see cref="SyntheticLogs"/>) spread evenly over the seven days before <paramref name="end"/>.</summary>
    private static void Fill(string data, int count, DateTimeOffset end)
    {
        using var store = EmbeddedStore.Open(data, new EmbeddedStoreOptions { MinFreeBytes = 0, MinFreeFraction = 0 });
        var miner = new TemplateMiner();
        var generator = new SyntheticLogs();
        var labels = SyntheticLogs.Files.Select(f => new StreamLabels(("host", "web1"), ("job", "file"), ("file", f))).ToArray();
        DateTimeOffset first = end.AddDays(-7);
        long spacing = TimeSpan.FromDays(7).Ticks / count;
        var batch = new List<StoredLine>(50_000);
        var templates = new List<TemplateState>();
        for (int n = 0; n < count; n++)
        {
            (_, int file, string text) = generator.Next();
            DateTimeOffset time = first.AddTicks(n * spacing);
            batch.Add(new StoredLine(time, labels[file], text, miner.Add(text, time), Severity.Info));
            if (batch.Count == batch.Capacity || n == count - 1)
            {
                templates.Clear();
                miner.CollectChanges(templates);
                store.Append(batch, templates, []);
                batch.Clear();
            }
        }
    }
}
