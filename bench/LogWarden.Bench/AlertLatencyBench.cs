using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LogWarden.Bench;

/// <summary>
/// Latency from a log line written to a tailed file to the webhook receiving its alert, through the real
/// daemon: starts <c>logwarden run</c> (the logwarden.dll built beside this bench) on a temporary data
/// directory, with a file source and a webhook channel pointing at a Kestrel receiver in this process.
/// Each sample appends one line that opens a new incident (sudo refusing a user never seen, a rule with no
/// gathering window) and waits for the alert naming that user. Reports p50/p95/p99/max.
/// With <c>followed</c>, each sample line is written together with an ordinary next line (as in a busy
/// log): the file source then knows at once that the record is complete, where a lone last line is held
/// for Collect/Files' short window for one-line-per-record files (SingleLineFlushAfter, 200 ms) in case a
/// continuation follows.
/// Run: dotnet run -c Release --project bench/LogWarden.Bench -- alert-latency [samples] [pause-ms] [lone|followed]
/// </summary>
internal static class AlertLatencyBench
{
    public static int Run(string[] args)
    {
        int samples = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        int pauseMs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        bool followed = args.Length > 2 && args[2] == "followed";
        string root = Directory.CreateTempSubdirectory("logwarden-alert-bench-").FullName;
        try
        {
            return RunAsync(root, samples, pauseMs, followed).GetAwaiter().GetResult();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<int> RunAsync(string root, int samples, int pauseMs, bool followed)
    {
        var arrivals = new ConcurrentDictionary<string, long>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using WebApplication receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpContext context) =>
        {
            long at = Stopwatch.GetTimestamp();
            using var reader = new StreamReader(context.Request.Body);
            JsonNode body = JsonNode.Parse(await reader.ReadToEndAsync())!;
            if (body["alert"]?["entities"]?["user"]?[0]?.GetValue<string>() is { } user)
            {
                arrivals.TryAdd(user, at);
            }
            return Results.Ok();
        });
        await receiver.StartAsync();
        string hook = receiver.Urls.First().TrimEnd('/') + "/hook";

        string logs = Path.Combine(root, "logs");
        Directory.CreateDirectory(logs);
        string log = Path.Combine(logs, "auth.log");
        await File.WriteAllTextAsync(log, "");
        int port = Loopback.FreePort();
        string config = Path.Combine(root, "logwarden.yaml");
        await File.WriteAllTextAsync(config, $$"""
            listen: 127.0.0.1:{{port}}
            sources:
              discover: false
              files:
                - paths: ["{{logs}}/*.log"]
              journal: {enabled: false}
              docker: {enabled: false}
              host_metrics: {enabled: false}
            alerts:
              channels:
                - name: bench
                  type: webhook
                  url: {{hook}}
            """);
        using Process daemon = DrainedProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "logwarden.dll"), "run", "--config", config, "--data", Path.Combine(root, "data")]);
        try
        {
            await WaitReadyAsync(port, daemon);
            var latencies = new List<double>();
            int lost = 0;
            using var output = new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            for (int i = 0; i < samples + 5; i++)
            {
                string user = "bench" + i.ToString(CultureInfo.InvariantCulture);
                string line = $"{DateTime.UtcNow:MMM dd HH:mm:ss} web sudo:    {user} : user NOT in sudoers ; TTY=pts/0 ; PWD=/home/{user} ; USER=root ; COMMAND=/bin/cmd{i}\n"
                    + (followed ? $"{DateTime.UtcNow:MMM dd HH:mm:ss} web CRON[{1000 + i}]: (root) CMD (run-parts /etc/cron.hourly)\n" : "");
                byte[] bytes = System.Text.Encoding.UTF8.GetBytes(line);
                long written = Stopwatch.GetTimestamp();
                output.Write(bytes);
                var deadline = Stopwatch.StartNew();
                while (!arrivals.ContainsKey(user) && deadline.Elapsed < TimeSpan.FromSeconds(10))
                {
                    await Task.Delay(1);
                }
                if (i < 5)
                {
                    continue; // warm-up: JIT, first connections
                }
                if (arrivals.TryGetValue(user, out long at))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(written, at).TotalMilliseconds);
                }
                else
                {
                    lost++;
                }
                await Task.Delay(pauseMs);
            }
            latencies.Sort();
            Console.WriteLine($"alert latency ({(followed ? "line followed by the next record" : "lone last line")}), log line written → webhook received, {latencies.Count} samples ({lost} not received within 10 s), {Environment.ProcessorCount} cores:");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  p50 {Percentile(latencies, 0.50):F0} ms  p95 {Percentile(latencies, 0.95):F0} ms  p99 {Percentile(latencies, 0.99):F0} ms  max {latencies[^1]:F0} ms"));
            return lost == 0 && Percentile(latencies, 0.99) <= 1000 ? 0 : 1;
        }
        finally
        {
            daemon.Kill(entireProcessTree: true);
            await daemon.WaitForExitAsync();
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    internal static async Task WaitReadyAsync(int port, Process daemon)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (daemon.HasExited)
            {
                throw new InvalidOperationException($"the daemon exited with {daemon.ExitCode} before it was ready");
            }
            try
            {
                if (await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/ready")) == "ready\n")
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the daemon did not get ready within 60 s");
    }
}
