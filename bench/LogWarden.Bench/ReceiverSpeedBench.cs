using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LogWarden.Collect;
using LogWarden.Collect.LokiPush;
using LogWarden.Collect.Syslog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LogWarden.Tests.Collect.LokiPush;
using LogWarden.Tests.Support;

namespace LogWarden.Bench;

/// <summary>
/// Lines per second through the network receivers, end to end over loopback, into a sink that counts and
/// acknowledges (the store is not measured). Peers in the same run: for syslog, socat and nc receiving the
/// same bytes into /dev/null (the cost of moving them); for Loki, a Kestrel endpoint on the same host that
/// reads each body and answers 204 without decoding it (the cost of HTTP).
/// <c>dotnet run -c Release --project bench/LogWarden.Bench -- receivers [syslog lines] [loki pushes]</c>
/// </summary>
public static class ReceiverSpeedBench
{
    private const int LinesPerPush = 1000;

    public static int Run(string[] args)
    {
        int syslogLines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        int pushes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        SyslogTcpAsync(syslogLines).GetAwaiter().GetResult();
        LokiPushAsync(pushes).GetAwaiter().GetResult();
        return 0;
    }

    internal static string Line(int i) => (i % 4) switch
    {
        0 => $"sshd 4242 - - Failed password for invalid user admin{i % 97} from 203.0.113.{i % 251} port {30000 + (i % 30000)} ssh2",
        1 => $"nginx 811 - - upstream timed out (110: Connection timed out) while reading response header from upstream, request {i}",
        2 => $"kernel - - - [UFW BLOCK] IN=eth0 OUT= SRC=198.51.100.{i % 253} DST=192.0.2.1 PROTO=TCP SPT={i % 65535} DPT=22",
        _ => $"cron 77 - - (root) CMD (run-parts /etc/cron.hourly) job {i}",
    };

    private static async Task SyslogTcpAsync(int lines)
    {
        var text = new StringBuilder(lines * 130);
        for (int i = 0; i < lines; i++)
        {
            text.Append("<38>1 2026-11-25T12:00:00.123456+00:00 web1 ").Append(Line(i)).Append('\n');
        }

        byte[] newlineFramed = Encoding.UTF8.GetBytes(text.ToString());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"syslog tcp: {lines:N0} RFC 5424 lines, {newlineFramed.Length / 1e6:F1} MB, one connection"));
        for (int run = 0; run < 3; run++)
        {
            var sink = new CountingSink();
            var source = new SyslogSource(new SyslogOptions { Enabled = true, Udp = [], Tcp = ["127.0.0.1:0"] });
            using var stop = new CancellationTokenSource();
            var running = source.RunAsync(sink, new InMemoryCheckpoints(), stop.Token);
            int port = (await source.Listening).Tcp[0].Port;
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            await SendAsync(port, newlineFramed);
            while (sink.Records < lines)
            {
                await Task.Delay(1);
            }

            watch.Stop();
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            Report("LogWarden SyslogSource (decode + labels)", lines, watch.Elapsed, $"{allocated / lines} B allocated/line, {sink.Batches:N0} batches");
            await stop.CancelAsync();
            await running;
        }

        foreach (var (name, tool, listen) in new[]
        {
            ("socat TCP-LISTEN → /dev/null", "socat", "socat -u TCP-LISTEN:{0},bind=127.0.0.1,reuseaddr OPEN:/dev/null"),
            ("nc -l → /dev/null", "nc", "nc -l 127.0.0.1 {0} > /dev/null"),
        })
        {
            for (int run = 0; run < 3; run++)
            {
                int port = Loopback.FreePort();
                string command = string.Format(CultureInfo.InvariantCulture, listen, port);
                using var peer = StartShell(tool, command);
                if (peer is null)
                {
                    Console.WriteLine($"peer {name}: not installed");
                    break;
                }

                await WaitListeningAsync(port);
                var watch = Stopwatch.StartNew();
                await SendAsync(port, newlineFramed);
                await peer.WaitForExitAsync();
                watch.Stop();
                Report("peer " + name, lines, watch.Elapsed, string.Empty);
            }
        }
    }

    private static async Task LokiPushAsync(int pushes)
    {
        var protobufBodies = new List<byte[]>();
        var jsonBodies = new List<byte[]>();
        var start = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        for (int p = 0; p < 16; p++)
        {
            var stream = new PushStream(
                [new("job", "bench"), new("host", "web1"), new("app", "shop")],
                [.. Enumerable.Range(p * LinesPerPush, LinesPerPush).Select(i => new PushEntry(start.AddMilliseconds(i), Line(i)))]);
            protobufBodies.Add(LokiPushBodies.ProtobufSnappy([stream]));
            jsonBodies.Add(LokiPushBodies.Json([stream]));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"loki push: {pushes} pushes of {LinesPerPush} lines, 2 clients; protobuf+snappy {protobufBodies[0].Length / 1024.0:F0} KiB, JSON {jsonBodies[0].Length / 1024.0:F0} KiB per push"));
        var sink = new CountingSink();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.MapLokiPush(sink);
        app.MapPost("/discard", async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var client = new HttpClient { BaseAddress = address };
        foreach (var (name, path, type, bodies) in new[]
        {
            ("LogWarden protobuf+snappy", LokiPushReceiver.Path, "application/x-protobuf", protobufBodies),
            ("LogWarden JSON", LokiPushReceiver.Path, "application/json", jsonBodies),
            ("peer: Kestrel reading the protobuf bodies, no decoding", "/discard", "application/x-protobuf", protobufBodies),
            ("peer: Kestrel reading the JSON bodies, no decoding", "/discard", "application/json", jsonBodies),
        })
        {
            for (int run = 0; run < 3; run++)
            {
                long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                await Task.WhenAll(Enumerable.Range(0, 2).Select(c => PushAllAsync(client, path, type, bodies, c, pushes / 2)));
                watch.Stop();
                long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                long lines = (long)(pushes / 2 * 2) * LinesPerPush;
                Report(name, lines, watch.Elapsed, $"{allocated / lines} B allocated/line (server and client)");
            }
        }

        await app.StopAsync();
    }

    private static async Task PushAllAsync(HttpClient client, string path, string contentType, List<byte[]> bodies, int clientIndex, int count)
    {
        for (int i = 0; i < count; i++)
        {
            using var content = new ByteArrayContent(bodies[(i + clientIndex) % bodies.Count]);
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            using var response = await client.PostAsync(path, content);
            if (response.StatusCode != HttpStatusCode.NoContent)
            {
                throw new InvalidOperationException($"{path} answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    private static async Task SendAsync(int port, byte[] bytes)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await socket.SendAsync(bytes);
        socket.Shutdown(SocketShutdown.Send);
    }

    private static async Task WaitListeningAsync(int port)
    {
        for (int attempt = 0; attempt < 500; attempt++)
        {
            try
            {
                // Probing would use up the peer's one connection, so look at the kernel's table instead.
                string table = await File.ReadAllTextAsync("/proc/net/tcp");
                if (table.Contains(string.Create(CultureInfo.InvariantCulture, $"0100007F:{port:X4} 00000000:0000 0A"), StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (IOException)
            {
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"nothing listens on port {port}");
    }

    private static Process? StartShell(string tool, string command)
    {
        if (!File.Exists("/usr/bin/" + tool) && !File.Exists("/bin/" + tool))
        {
            return null;
        }

        return Process.Start(new ProcessStartInfo("sh", ["-c", command]) { UseShellExecute = false });
    }

    private static void Report(string name, long lines, TimeSpan elapsed, string extra) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {lines / elapsed.TotalSeconds:N0} lines/s ({elapsed.TotalMilliseconds:F0} ms) {extra}"));

    /// <summary>Counts and acknowledges: the receivers' cost without a store behind them.</summary>
    internal sealed class CountingSink : IIngestSink
    {
        private long _records;
        private long _batches;

        public long Records => Interlocked.Read(ref _records);

        public long Batches => Interlocked.Read(ref _batches);

        public ValueTask WriteAsync(IngestBatch batch, CancellationToken cancellationToken)
        {
            Interlocked.Add(ref _records, batch.Records.Count);
            Interlocked.Increment(ref _batches);
            batch.Durable?.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
