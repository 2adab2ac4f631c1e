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
/// Run: dotnet run -c Release --project bench/LogWarden.Bench -- web-api [lines=10000000] [seconds=15] [connections=50] [extra-path…]
/// </summary>
internal static class WebApiBench
{
    public static int Run(string[] args)
    {
        int lines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
        int seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
        int connections = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50;
        string[] extra = args.Length > 3 ? args[3..] : [];
        string root = Directory.CreateTempSubdirectory("logwarden-web-bench-").FullName;
        try
        {
            return RunAsync(root, lines, seconds, connections, extra).GetAwaiter().GetResult();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<int> RunAsync(string root, int lineCount, int seconds, int connections, string[] extraPaths)
    {
        string data = Path.Combine(root, "data");
        DateTimeOffset end = DateTimeOffset.UtcNow;
        var fill = Stopwatch.StartNew();
        Fill(data, lineCount, end);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"store: {lineCount:N0} lines over the 7 days to {end:u}, filled in {fill.Elapsed.TotalSeconds:F0} s, {new DirectoryInfo(data).EnumerateFiles().Sum(f => f.Length) / 1e6:F0} MB"));

        int port = AlertLatencyBench.FreePort();
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
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "logwarden.dll"), "run", "--config", config, "--data", data])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process daemon = Process.Start(start)!;
        daemon.OutputDataReceived += (_, _) => { };
        daemon.ErrorDataReceived += (_, _) => { };
        daemon.BeginOutputReadLine();
        daemon.BeginErrorReadLine();
        try
        {
            await AlertLatencyBench.WaitReadyAsync(port, daemon);
            string hourAgo = Ns(end.AddHours(-1)), now = Ns(end);
            var endpoints = new List<(string Name, string Path)>
            {
                ("query_range streams (1 h, limit 1000)", $"/loki/api/v1/query_range?query={Escape("{file=\"/var/log/auth.log\"}")}&start={hourAgo}&end={now}&limit=1000&direction=backward"),
                ("query_range streams |= filter (1 h, limit 100)", $"/loki/api/v1/query_range?query={Escape("{host=\"web1\"} |= \"Failed password\"")}&start={hourAgo}&end={now}&limit=100"),
                ("labels", $"/loki/api/v1/labels?start={hourAgo}&end={now}"),
                ("label values", $"/loki/api/v1/label/file/values?start={hourAgo}&end={now}"),
                ("count_over_time volume (1 h, step 1m)", $"/loki/api/v1/query_range?query={Escape("sum by (file) (count_over_time({host=\"web1\"}[1m]))")}&start={hourAgo}&end={now}&step=60"),
                ("/metrics", "/metrics"),
                ("/ready", "/ready"),
            };
            endpoints.AddRange(extraPaths.Select(p => (p, p)));
            using (var http = new HttpClient())
            {
                foreach ((string name, string path) in endpoints)
                {
                    using HttpResponseMessage warm = await http.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"));
                    Console.WriteLine($"  {name}: {(int)warm.StatusCode}, {(await warm.Content.ReadAsByteArrayAsync()).Length:N0} bytes");
                }
            }
            bool met = true;
            foreach ((string name, string path) in endpoints)
            {
                string output = Wrk($"-t2 -c{connections} -d{seconds}s --latency http://127.0.0.1:{port}{path}");
                string p99 = output.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("99%", StringComparison.Ordinal))?.Trim() ?? "?";
                met &= WithinBar(p99);
                Console.WriteLine($"== {name} — load average {File.ReadAllText("/proc/loadavg").Trim()}");
                Console.WriteLine(output.TrimEnd());
            }
            Console.WriteLine(met ? "bar met: p99 ≤ 100 ms on every endpoint" : "bar NOT met on at least one endpoint");
            return met ? 0 : 1;
        }
        finally
        {
            daemon.Kill(entireProcessTree: true);
            await daemon.WaitForExitAsync();
        }
    }

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

    private static string Ns(DateTimeOffset t) => ((t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100).ToString(CultureInfo.InvariantCulture);

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
