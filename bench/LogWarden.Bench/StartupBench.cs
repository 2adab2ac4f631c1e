using System.Diagnostics;
using System.Globalization;

namespace LogWarden.Bench;

/// <summary>
/// Start-up to ready: the time from starting `logwarden run` (default sources of this machine, as the
/// memory bench runs it) to its /ready answering, polled every 2 ms. The JIT build beside this bench and,
/// with --binary, another one (the NativeAOT binary) alternate run by run, so both see the same machine
/// load. The first start creates the store; the others reopen it (a service restart), and those are the
/// figures reported. The bar (issue 10): ≤ 200 ms for the NativeAOT build.
/// Run: dotnet run -c Release --project bench/LogWarden.Bench -- startup [runs] [--binary FILE]
/// </summary>
public static class StartupBench
{
    public static int Run(string[] args)
    {
        string? binary = MemoryBench.BinaryOption(ref args);
        int runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var builds = new List<(string Name, string? Binary)> { ("JIT (dotnet logwarden.dll)", null) };
        if (binary is not null)
        {
            builds.Add(($"{binary} ({new FileInfo(binary).Length / 1048576.0:F1} MiB)", binary));
        }
        string root = Directory.CreateTempSubdirectory("logwarden-startup-").FullName;
        try
        {
            var times = builds.ToDictionary(b => b.Name, _ => new List<double>());
            var first = new Dictionary<string, double>();
            for (int run = 0; run <= runs; run++)
            {
                foreach (var (name, path) in builds)
                {
                    string data = Path.Combine(root, "data-" + builds.FindIndex(b => b.Name == name).ToString(CultureInfo.InvariantCulture));
                    double ms = TimeToReady(path, root, data);
                    if (run == 0)
                    {
                        first[name] = ms;
                    }
                    else
                    {
                        times[name].Add(ms);
                    }
                }
            }
            foreach (var (name, _) in builds)
            {
                var sorted = times[name].Order().ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: ready in median {sorted[sorted.Count / 2]:F0} ms, min {sorted[0]:F0}, max {sorted[^1]:F0} over {sorted.Count} restarts; first start (new store) {first[name]:F0} ms"));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
        return 0;
    }

    private static double TimeToReady(string? binary, string root, string data)
    {
        int port = Loopback.FreePort();
        string config = Path.Combine(root, "logwarden.yaml");
        File.WriteAllText(config, $"listen: 127.0.0.1:{port}\nsources:\n  discover: true\n");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var ready = new Uri($"http://127.0.0.1:{port}/ready");
        var clock = Stopwatch.StartNew();
        using var process = DrainedProcess.Start(MemoryBench.DaemonStart(binary, config, data));
        try
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"the daemon exited with {process.ExitCode} before it was ready");
                }
                try
                {
                    if (http.GetStringAsync(ready).GetAwaiter().GetResult() == "ready\n")
                    {
                        return clock.Elapsed.TotalMilliseconds;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }
                Thread.Sleep(2);
            }
            throw new TimeoutException("the daemon was not ready within a minute");
        }
        finally
        {
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            term.WaitForExit();
            if (!process.WaitForExit(30_000))
            {
                process.Kill();
            }
        }
    }
}
