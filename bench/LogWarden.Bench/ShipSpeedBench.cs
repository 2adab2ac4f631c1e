using System.Diagnostics;
using System.Globalization;
using System.Net;
using LogWarden.Collect;
using LogWarden.Collect.LokiPush;
using LogWarden.Config;
using LogWarden.Daemon;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Ship;
using LogWarden.Store;
using LogWarden.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogWarden.Bench;

/// <summary>
/// Agent → central over loopback. The central is a separate process (this program with <c>--central</c>):
/// the push receiver with its agent gate (dedupe, turns, rate bucket) into a sink that counts, so its CPU
/// per line is read from /proc for it alone. The agent is a <see cref="DestinationShipper"/> following a real
/// embedded store filled beforehand (search by sequence, encode, snappy, push, checkpoint). Peer in the same
/// run and against the same central process: the receiver figure — the same lines pre-encoded, pushed by one
/// plain HTTP client with nothing to read or encode.
/// <c>dotnet run -c Release --project bench/LogWarden.Bench -- ship [lines]</c>
/// </summary>
public static class ShipSpeedBench
{
    private const int LinesPerPush = 5000;

    public static int Run(string[] args)
    {
        if (args.FirstOrDefault() == "--central")
        {
            return RunCentralAsync(int.Parse(args[1], CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
        }
        int lines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300_000;
        return RunAsync(lines).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int lines)
    {
        string dir = Directory.CreateTempSubdirectory("logwarden-ship-bench-").FullName;
        int port = Loopback.FreePort();
        // This program again: through its apphost, or through `dotnet` when it was started as `dotnet X.dll`.
        string[] centralArgs = ["ship", "--central", port.ToString(CultureInfo.InvariantCulture)];
        bool viaDotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet";
        using Process central = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, viaDotnet ? [typeof(ShipSpeedBench).Assembly.Location, .. centralArgs] : centralArgs)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        try
        {
            Assert(await central.StandardOutput.ReadLineAsync() == "ready", "the central did not start");
            using ILogStore store = StoreFactory.Open(dir, new StoreConfig());
            var pipeline = new IngestPipeline(store, new TemplateMiner(), new PipelineOptions(), TimeProvider.System, NullLogger<IngestPipeline>.Instance);
            Task writer = pipeline.RunAsync(CancellationToken.None);
            await FillAsync(pipeline, lines);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ship: {lines:N0} lines in the agent's store, pushes of up to {LinesPerPush} lines, central in process {central.Id}"));
            var url = new Uri($"http://127.0.0.1:{port}{LokiPushReceiver.Path}");

            for (int run = 0; run < 3; run++)
            {
                var destination = new ShipDestinationConfig { Name = $"bench{run}", Url = url, Backfill = true, BatchLines = LinesPerPush, Labels = new Dictionary<string, string> { ["run"] = run.ToString(CultureInfo.InvariantCulture) } };
                // A host per run: the agent id (host/instance) differs, so the central's high-water mark of an earlier run drops nothing.
                var shipper = new DestinationShipper(destination, $"web{run}", null, store, pipeline, TimeProvider.System, NullLogger.Instance);
                using var stop = new CancellationTokenSource();
                TimeSpan cpuBefore = Cpu(central);
                var watch = Stopwatch.StartNew();
                Task shipping = shipper.RunAsync(stop.Token);
                while (shipper.Stats.Lines < lines)
                {
                    Assert(!shipping.IsCompleted, "the shipper stopped");
                    await Task.Delay(1);
                }
                watch.Stop();
                TimeSpan cpu = Cpu(central) - cpuBefore;
                await stop.CancelAsync();
                await shipping;
                Report("agent shipper → central (store read, encode, snappy, push; central dedupes)", lines, watch.Elapsed, cpu);
            }

            List<byte[]> bodies = [.. Enumerable.Range(0, 16).Select(p => LokiPushEncoder.Encode(
                [new ShipStream("{host=\"web1\", job=\"bench\"}", [.. Enumerable.Range(p * LinesPerPush, LinesPerPush).Select(i => new ShipEntry(DateTimeOffset.UnixEpoch.AddSeconds(1_790_000_000 + i), ReceiverSpeedBench.Line(i), 0))])],
                withSequence: false))];
            using var http = new HttpClient();
            for (int run = 0; run < 3; run++)
            {
                TimeSpan cpuBefore = Cpu(central);
                var watch = Stopwatch.StartNew();
                int pushed = 0;
                for (int i = 0; pushed < lines; i++, pushed += LinesPerPush)
                {
                    using var content = new ByteArrayContent(bodies[i % bodies.Count]);
                    content.Headers.TryAddWithoutValidation("Content-Type", "application/x-protobuf");
                    using var response = await http.PostAsync(url, content);
                    Assert(response.StatusCode == HttpStatusCode.NoContent, $"the central answered {response.StatusCode}");
                }
                watch.Stop();
                Report("peer: pre-encoded pushes from one HTTP client (the receiver figure)", pushed, watch.Elapsed, Cpu(central) - cpuBefore);
            }

            pipeline.Complete();
            await writer;
        }
        finally
        {
            central.StandardInput.Close();
            await central.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
        return 0;
    }

    private static async Task FillAsync(IngestPipeline pipeline, int lines)
    {
        var labels = new StreamLabels(("job", "bench")); // the shipper adds its host
        var start = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
        var last = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (int i = 0; i < lines; i += 1000)
        {
            var records = Enumerable.Range(i, Math.Min(1000, lines - i))
                .Select(n => new IngestRecord(new LogRecord { Raw = ReceiverSpeedBench.Line(n), Message = ReceiverSpeedBench.Line(n), Timestamp = start.AddMilliseconds(n) }, labels))
                .ToList();
            await pipeline.WriteAsync(new IngestBatch(records, [], i + 1000 >= lines ? last : null), CancellationToken.None);
        }
        await last.Task;
    }

    /// <summary>The central: the push receiver and its agent gate, counting what it is given, until stdin closes.</summary>
    private static async Task<int> RunCentralAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        await using var app = builder.Build();
        var sink = new ReceiverSpeedBench.CountingSink();
        app.MapLokiPush(new LokiPushReceiver(sink) { Agents = new AgentPushGate(new InMemoryCheckpoints(), new AgentPushOptions { MaxLinesPerSecond = 1e9 }, TimeProvider.System) });
        await app.StartAsync();
        Console.WriteLine("ready");
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
        return 0;
    }

    /// <summary>User + system CPU of a process (/proc/PID/stat fields 14 and 15, in clock ticks of 1/100 s).</summary>
    private static TimeSpan Cpu(Process process) => ProcStat.Cpu(ProcStat.Fields($"/proc/{process.Id}/stat"));

    private static void Report(string name, long lines, TimeSpan elapsed, TimeSpan centralCpu) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}: {lines / elapsed.TotalSeconds:N0} lines/s ({elapsed.TotalMilliseconds:F0} ms); central CPU {centralCpu.TotalMilliseconds:F0} ms = {centralCpu.TotalMicroseconds * 1000 / lines:F0} ns/line"));

    private static void Assert(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
