using System.Diagnostics;
using System.Globalization;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Web.Api;
using Microsoft.Playwright;

namespace LogWarden.Bench;

/// <summary>
/// The dashboard bar: the overview's first paint on a store of 10 million lines. Seeds (or reuses) a store
/// with the same mix the Web tests use (sshd, nginx, kernel, postgres on two hosts over a day, incidents,
/// host metrics, alerts), starts the real daemon on it, and opens / in Debian's headless Chromium with a
/// cold cache each time, reading first-contentful-paint, the load event and the moment the overview shows
/// its data (performance mark <c>overview-data</c>). Peers in the same run: the /api/v1/health request the
/// page makes (uncached and cached) and <see cref="ILogStore.GetStats"/> alone.
/// Run: dotnet run -c Release --project bench/LogWarden.Bench -- overview-paint [lines=10000000] [directory to keep the store] [runs=7]
/// </summary>
public static class OverviewPaintBench
{
    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        int lines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
        string directory = args.Length > 1 ? Path.GetFullPath(args[1]) : Path.Combine(Path.GetTempPath(), $"logwarden-overview-bench-{lines}");
        int runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 7;
        Directory.CreateDirectory(directory);
        bool reused = File.Exists(Path.Combine(directory, "data", EmbeddedStore.DatabaseFileName));
        long seedStarted = Stopwatch.GetTimestamp();
        await using SeededDaemon daemon = await SeededDaemon.StartAsync(lines, directory, keepDirectory: true);
        StoreStats stats = daemon.Store.GetStats();
        Console.WriteLine($"overview-paint: store of {stats.Lines:N0} lines, {stats.BytesOnDisk / 1048576.0:F1} MiB on disk ({(reused ? "reused" : $"seeded in {Stopwatch.GetElapsedTime(seedStarted).TotalSeconds:F0} s")}), {directory}; {Environment.ProcessorCount} cores, load {LoadAverage()}");

        var getStats = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            daemon.Store.GetStats();
            getStats.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        using var http = new HttpClient { BaseAddress = daemon.Address };
        // The daemon's first request pays for JIT and the first reads of the database; reported, then left out.
        Console.WriteLine($"first request after start: GET /api/v1/health {await TimeAsync(() => http.GetStringAsync("api/v1/health")):F1} ms");
        var healthCold = new List<double>();
        var healthWarm = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            await Task.Delay(Web.Api.OverviewCache.Lifetime + TimeSpan.FromMilliseconds(100)); // past the cache: a real refresh
            healthCold.Add(await TimeAsync(() => http.GetStringAsync("api/v1/health")));
            healthWarm.Add(await TimeAsync(() => http.GetStringAsync("api/v1/health")));
        }

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
        var fcp = new List<double>();
        var data = new List<double>();
        var load = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            await Task.Delay(Web.Api.OverviewCache.Lifetime + TimeSpan.FromMilliseconds(100)); // each page load refreshes the overview
            await using IBrowserContext context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = daemon.Address.ToString() }); // cold cache
            IPage page = await context.NewPageAsync();
            await page.GotoAsync("/", new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            await page.WaitForFunctionAsync("() => performance.getEntriesByName('overview-data').length > 0", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
            double[] timings = await page.EvaluateAsync<double[]>("""
                () => [
                  performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1,
                  performance.getEntriesByName('overview-data')[0].startTime,
                  performance.getEntriesByType('navigation')[0].loadEventEnd,
                ]
                """);
            fcp.Add(timings[0]);
            data.Add(timings[1]);
            load.Add(timings[2]);
        }
        Console.WriteLine($"{"ms, " + runs + " runs",-52} {"median",8} {"max",8}   (each run; load average now {LoadAverage()})");
        Print("first-contentful-paint (cold cache)", fcp);
        Print("overview painted with its data (mark overview-data)", data);
        Print("load event", load);
        Print("peer: GET /api/v1/health, uncached (a refresh)", healthCold);
        Print("peer: GET /api/v1/health, cached", healthWarm);
        Print("peer: ILogStore.GetStats() alone", getStats);
        return 0;
    }

    private static async Task<double> TimeAsync(Func<Task<string>> request)
    {
        long t0 = Stopwatch.GetTimestamp();
        await request();
        return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
    }

    private static void Print(string what, List<double> values)
    {
        List<double> sorted = [.. values.Order()];
        Console.WriteLine($"{what,-52} {sorted[sorted.Count / 2],8:F1} {sorted[^1],8:F1}   ({string.Join(", ", values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))})");
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
