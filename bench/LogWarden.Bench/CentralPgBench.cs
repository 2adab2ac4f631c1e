using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using LogWarden.Collect.LokiPush;
using LogWarden.Config;
using LogWarden.Daemon;
using LogWarden.Ship;
using LogWarden.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace LogWarden.Bench;

/// <summary>
/// The fleet bar: 20 agents → one central daemon on PostgreSQL on this machine, the central pinned to one
/// core. Twenty concurrent pushers speak the agents' protocol exactly (Loki push protobuf + snappy, lw_seq
/// per entry, X-LogWarden-Agent host/instance), each with its own host and pre-encoded pushes, so the
/// measure is the central's (receive, decompress, dedupe, mine, COPY, commit, answer) and PostgreSQL's.
/// The central is a real daemon (this program with <c>--central</c>, under <c>taskset -c 0</c>); PostgreSQL
/// is a durable cluster of its own (fsync and synchronous commit on) under <c>taskset -c 1</c>, as are the
/// pushers. Peers in the same run: the same pushes into the embedded central (same pinning), and
/// <c>psql \copy</c> of the same lines as raw text into a one-column table (PostgreSQL alone).
/// Reported: lines/s acknowledged, the central's CPU per line, PostgreSQL's CPU (postmaster and backends), load.
/// <c>dotnet run -c Release --project bench/LogWarden.Bench -- central-pg [lines] [rows: default,central,off,embedded,copy] [--binary FILE]</c>
/// (--binary: the central is that daemon, e.g. the NativeAOT one from scripts/publish.sh, instead of this program's JIT build).
/// </summary>
public static class CentralPgBench
{
    private const int Agents = 20;
    private const int LinesPerPush = 2000;

    private static int _centrals;

    private const string NoDetection = "detect:\n  disabled: [rules, scenarios, baseline, metrics]\n";

    public static int Run(string[] args)
    {
        if (args.FirstOrDefault() == "--central")
        {
            return RunCentralAsync(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
        }
        string? binary = MemoryBench.BinaryOption(ref args);
        int lines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        // Optional: which rows, comma-separated (default, central, off, embedded, copy), in that order; all when absent.
        string[] rows = args.Length > 1 ? args[1].Split(',') : ["default", "central", "off", "embedded", "copy"];
        return RunAsync(lines, rows, binary).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int lines, string[] rows, string? binary)
    {
        int perAgent = lines / Agents / LinesPerPush * LinesPerPush;
        lines = perAgent * Agents;
        string dir = Directory.CreateTempSubdirectory("logwarden-central-pg-").FullName;
        using PostgresServer server = PostgresServer.Start(durable: true, cpus: "1");
        try
        {
            var bodies = Encode(perAgent);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"central-pg: {Agents} agents × {perAgent:N0} lines in pushes of {LinesPerPush} (protobuf+snappy, lw_seq); {bodies.Sum(a => a.Sum(b => (long)b.Length)) / 1e6:F1} MB; PostgreSQL {Path.GetFileName(Path.GetDirectoryName(server.Binaries))}; load {File.ReadAllText("/proc/loadavg").Trim()}"));

            string? database = null;
            string Postgres() => $"store:\n  kind: postgres\n  connection: \"{database = server.CreateDatabase()}\"\n";
            foreach (string row in rows)
            {
                switch (row)
                {
                    case "default":
                        // The default: agents detect on their own lines (and ship their findings), the central stores and correlates.
                        await MeasureCentralAsync("central on PostgreSQL, agents detecting locally (default)", dir, Postgres(), bodies, lines, server, agentsDetect: true, binary, database);
                        break;
                    case "central":
                        // Agents that ship with detection off: the central runs every per-line detector on their lines.
                        await MeasureCentralAsync("central on PostgreSQL, detecting every agent's lines", dir, Postgres(), bodies, lines, server, agentsDetect: false, binary, database);
                        break;
                    case "off":
                        // Without any detection: what the store path costs apart from the detectors.
                        await MeasureCentralAsync("central on PostgreSQL, detection off", dir, Postgres() + NoDetection, bodies, lines, server, agentsDetect: false, binary, database);
                        break;
                    case "embedded":
                        await MeasureCentralAsync("peer: central on the embedded store, agents detecting locally", dir, "", bodies, lines, server, agentsDetect: true, binary);
                        break;
                    case "copy":
                        CopyPeer(server, dir, perAgent);
                        break;
                    default:
                        throw new ArgumentException($"central-pg: unknown row '{row}' (default, central, off, embedded, copy)");
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  load after: {File.ReadAllText("/proc/loadavg").Trim()}"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        return 0;
    }

    /// <summary>Per agent, its pushes: host web{a}, entries numbered from 1 as an agent's lw_seq runs.</summary>
    private static List<List<byte[]>> Encode(int perAgent)
    {
        var start = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
        var agents = new List<List<byte[]>>();
        for (int a = 0; a < Agents; a++)
        {
            var pushes = new List<byte[]>();
            for (int first = 0; first < perAgent; first += LinesPerPush)
            {
                var entries = Enumerable.Range(first, LinesPerPush)
                    .Select(i => new ShipEntry(start.AddMilliseconds(i), ReceiverSpeedBench.Line(i + a), i + 1L))
                    .ToList();
                pushes.Add(LokiPushEncoder.Encode([new ShipStream($"{{host=\"web{a}\", job=\"bench\"}}", entries)], withSequence: true));
            }
            agents.Add(pushes);
        }
        return agents;
    }

    /// <summary>
    /// One central, fresh: the first fifth of every agent's pushes warms it up (JIT tiering, connection pools,
    /// partitions), the rest is the steady state; both figures are reported.
    /// </summary>
    private static async Task MeasureCentralAsync(string name, string dir, string storeYaml, List<List<byte[]>> bodies, int lines, PostgresServer server, bool agentsDetect, string? binary, string? connection = null)
    {
        int port = Loopback.FreePort();
        // A data directory of its own per central (a row may be run twice for an A/B in the same minutes).
        string data = Path.Combine(dir, "central-" + Interlocked.Increment(ref _centrals).ToString(CultureInfo.InvariantCulture));
        string configFile = Path.Combine(dir, "central.yaml");
        await File.WriteAllTextAsync(configFile, CentralConfig.Yaml(port, storeYaml));
        bool viaDotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet";
        string[] own = viaDotnet ? [Environment.ProcessPath!, typeof(CentralPgBench).Assembly.Location] : [Environment.ProcessPath!];
        // The JIT central is this program's own mode (it reports the runtime's GC and JIT counters at each mark);
        // with --binary, the daemon a user installs (the NativeAOT build): `logwarden run`, stopped by SIGTERM.
        string[] command = binary is null
            ? [.. own, "central-pg", "--central", configFile, data, port.ToString(CultureInfo.InvariantCulture)]
            : [binary, "run", "--config", configFile, "--data", data];
        var start = new ProcessStartInfo("taskset") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in (string[])["-c", "0", .. command])
        {
            start.ArgumentList.Add(arg);
        }
        using Process central = Process.Start(start)!;
        try
        {
            if (binary is null)
            {
                // The daemon logs to stdout too: wait for its "ready", then keep the pipe drained so it never stalls.
                string? line;
                while ((line = await central.StandardOutput.ReadLineAsync()) is not null and not "ready")
                {
                    await Console.Error.WriteLineAsync("  central: " + line);
                }
                Assert(line == "ready", "the central did not start");
                _ = central.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            }
            else
            {
                _ = central.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
                MemoryBench.WaitReady(port, central);
            }
            // The pushers (every thread of this process: -a) share the second core with PostgreSQL, not the central's.
            using var pin = Process.Start(new ProcessStartInfo("taskset", ["-a", "-p", "-c", "1", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true })!;
            await pin.StandardOutput.ReadToEndAsync();
            await pin.WaitForExitAsync();
            var url = new Uri($"http://127.0.0.1:{port}{LokiPushReceiver.Path}");
            int warmPushes = Math.Max(1, bodies[0].Count / 5);
            TimeSpan centralStart = Cpu(central.Id), pgStart = PostgresCpu(server);
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Agents).Select(a => PushAllAsync(url, a, bodies[a].Take(warmPushes), agentsDetect)));
            TimeSpan warmElapsed = watch.Elapsed, centralWarm = Cpu(central.Id), pgWarm = PostgresCpu(server);
            await MarkAsync(central, binary, "warm");
            await Task.WhenAll(Enumerable.Range(0, Agents).Select(a => PushAllAsync(url, a, bodies[a].Skip(warmPushes), agentsDetect)));
            watch.Stop();
            TimeSpan centralEnd = Cpu(central.Id), pgEnd = PostgresCpu(server);
            await MarkAsync(central, binary, "end");
            int steadyLines = lines - (warmPushes * LinesPerPush * Agents);
            Report(name + " [steady state]", steadyLines, watch.Elapsed - warmElapsed, centralEnd - centralWarm, pgEnd - pgWarm);
            Report(name + " [whole run, from a cold start]", lines, watch.Elapsed, centralEnd - centralStart, pgEnd - pgStart);
        }
        finally
        {
            central.StandardInput.Close();
            if (binary is not null)
            {
                using Process term = Process.Start("kill", ["-TERM", central.Id.ToString(CultureInfo.InvariantCulture)]);
                await term.WaitForExitAsync();
            }
            await central.WaitForExitAsync();
        }
        if (connection is not null)
        {
            ReportSize(connection, lines);
        }
    }

    /// <summary>What the lines take in PostgreSQL: their day partitions (heap, TOAST, indexes) and the logtypes table if there is one.</summary>
    private static void ReportSize(string connection, int lines)
    {
        using var db = new Npgsql.NpgsqlConnection(connection);
        db.Open();
        using var command = new Npgsql.NpgsqlCommand("""
            SELECT (SELECT COALESCE(sum(pg_total_relation_size(inhrelid)), 0) FROM pg_inherits WHERE inhparent = 'lines'::regclass)::bigint,
                   COALESCE(pg_total_relation_size(to_regclass('logtypes')), 0)::bigint,
                   (SELECT count(*) FROM lines),
                   (SELECT count(*) FROM lines WHERE line IS NULL)
            """, db);
        using var reader = command.ExecuteReader();
        reader.Read();
        long partitions = reader.GetInt64(0), logtypes = reader.GetInt64(1), stored = reader.GetInt64(2), encoded = reader.GetInt64(3);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    size: lines partitions {partitions:N0} B = {(double)partitions / stored:F1} B/line over {stored:N0} rows ({encoded:N0} encoded; {lines:N0} pushed); logtypes table {logtypes:N0} B; total {(double)(partitions + logtypes) / stored:F1} B/line"));
    }

    private static async Task MarkAsync(Process central, string? binary, string mark)
    {
        if (binary is null)
        {
            await central.StandardInput.WriteLineAsync(mark);
            await central.StandardInput.FlushAsync();
        }
    }

    private static void Report(string name, int lines, TimeSpan elapsed, TimeSpan centralCpu, TimeSpan pgCpu) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}: {lines / elapsed.TotalSeconds:N0} lines/s stored and acknowledged ({elapsed.TotalSeconds:F1} s); central CPU {centralCpu.TotalSeconds:F1} s = {centralCpu.TotalMicroseconds * 1000 / lines:F0} ns/line ({lines / centralCpu.TotalSeconds:N0} lines per CPU-second); PostgreSQL CPU {pgCpu.TotalSeconds:F1} s = {pgCpu.TotalMicroseconds * 1000 / lines:F0} ns/line; load {File.ReadAllText("/proc/loadavg").Trim()}"));

    private static async Task PushAllAsync(Uri url, int agent, IEnumerable<byte[]> pushes, bool agentDetects)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        foreach (byte[] body in pushes)
        {
            for (int attempt = 0; ; attempt++)
            {
                using var content = new ByteArrayContent(body);
                content.Headers.TryAddWithoutValidation("Content-Type", "application/x-protobuf");
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
                request.Headers.Add(LokiPushReceiver.AgentHeader, $"web{agent}/bench");
                request.Headers.Add(AgentDetectionModes.Header, agentDetects ? AgentDetectionModes.Local : "central");
                using HttpResponseMessage response = await http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    break;
                }
                // An agent backs off and sends the same push again (429 or 503 while the central is busy).
                Assert(attempt < 100 && (int)response.StatusCode is 429 or 503, $"the central answered {response.StatusCode}");
                await Task.Delay(50);
            }
        }
    }

    /// <summary>PostgreSQL alone: the same lines as raw text through psql's \copy into a one-column table.</summary>
    private static void CopyPeer(PostgresServer server, string dir, int perAgent)
    {
        string file = Path.Combine(dir, "lines.txt");
        using (var writer = new StreamWriter(file, false, new UTF8Encoding(false)))
        {
            for (int a = 0; a < Agents; a++)
            {
                for (int i = 0; i < perAgent; i++)
                {
                    // COPY's text format: backslash is its escape character.
                    writer.Write(ReceiverSpeedBench.Line(i + a).Replace("\\", "\\\\", StringComparison.Ordinal));
                    writer.Write('\n');
                }
            }
        }
        string connection = $"host=127.0.0.1 port={server.Port} user=logwarden dbname=postgres";
        Psql(server, connection, "CREATE TABLE raw_lines(line text)");
        var watch = Stopwatch.StartNew();
        Psql(server, connection, $"\\copy raw_lines FROM '{file}'");
        watch.Stop();
        long lines = (long)perAgent * Agents;
        // Wall time only: psql's backend exits with the command, and an exited backend's CPU is not readable here.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  peer: psql \\copy of the same lines as raw text: {lines / watch.Elapsed.TotalSeconds:N0} lines/s ({watch.Elapsed.TotalSeconds:F1} s)"));
        using (var db = new Npgsql.NpgsqlConnection(server.AdminConnectionString))
        {
            db.Open();
            using var size = new Npgsql.NpgsqlCommand("SELECT pg_total_relation_size('raw_lines')", db);
            long table = (long)size.ExecuteScalar()!;
            long raw = new FileInfo(file).Length;
            using var compressor = new ZstdSharp.Compressor(3);
            int zstd = compressor.Wrap(File.ReadAllBytes(file)).Length;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    size: raw text {(double)raw / lines:F1} B/line (newline included); one-column text table {(double)table / lines:F1} B/line; zstd -3 of the raw text {(double)zstd / lines:F1} B/line"));
        }
    }

    private static void Psql(PostgresServer server, string connection, string command)
    {
        using var process = Process.Start(new ProcessStartInfo("taskset", ["-c", "1", Path.Combine(server.Binaries, "psql"), connection, "-v", "ON_ERROR_STOP=1", "-qc", command]) { RedirectStandardOutput = true })!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert(process.ExitCode == 0, $"psql failed: {command}");
    }

    /// <summary>The central: a real daemon on the given store, until stdin closes.</summary>
    private static async Task<int> RunCentralAsync(string configFile, string data, int port)
    {
        LogWardenConfig config = ConfigLoader.Load(configFile);
        WebApplication app = DaemonHost.Build(config, data, new IPEndPoint(IPAddress.Loopback, port));
        await app.StartAsync();
        Console.WriteLine("ready");
        // Each line on stdin asks for the runtime's own counters (GC and JIT since start); its end stops the central.
        while (await Console.In.ReadLineAsync() is { } mark)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  central at {mark} (monotonic {Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency:F3} s): collections gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}; GC pauses {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms; JIT {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms ({System.Runtime.JitInfo.GetCompiledMethodCount()} methods); heap {GC.GetTotalMemory(false) / 1048576.0:F1} MiB; allocated {GC.GetTotalAllocatedBytes() / 1048576.0:F0} MiB"));
        }
        await app.StopAsync();
        await app.DisposeAsync();
        return 0;
    }

    private static TimeSpan PostgresCpu(PostgresServer server)
    {
        int postmaster = server.PostmasterPid;
        TimeSpan total = Cpu(postmaster);
        foreach (string proc in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(proc), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid != postmaster && ParentOf(pid) == postmaster)
            {
                total += Cpu(pid);
            }
        }
        return total;
    }

    private static string[]? StatFields(int pid)
    {
        try
        {
            return ProcStat.Fields($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static int ParentOf(int pid) => StatFields(pid) is { } f ? int.Parse(f[1], CultureInfo.InvariantCulture) : -1;

    /// <summary>User + system CPU of a process, its exited children's included (fields 14–17, clock ticks of 1/100 s).</summary>
    private static TimeSpan Cpu(int pid) => StatFields(pid) is { } f ? ProcStat.Cpu(f, andReapedChildren: true) : TimeSpan.Zero;

    private static void Assert(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
