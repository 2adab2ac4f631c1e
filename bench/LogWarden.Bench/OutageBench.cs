using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LogWarden.Config;
using LogWarden.Store;
using LogWarden.Tests.Support;

namespace LogWarden.Bench;

/// <summary>
/// The fleet's outage bar (issue 11): "central node down for an hour, agents keep writing: 0 lines lost,
/// 0 duplicated after recovery". Real processes: one central daemon and AGENTS agent daemons (<c>logwarden
/// run</c>: the JIT build beside this bench, or <c>--binary FILE</c>, e.g. the NativeAOT one), each agent
/// following one log directory that this program appends to at WRITE_RATE lines/s per agent (ten writes a
/// second), rotating the file (rename to app.log.N, a new app.log) every ROTATE seconds, so that rotations
/// fall inside the outage. Each line carries a unique id (agent, number). After a warm-up the central is
/// killed (SIGKILL: pushes in flight are cut off wherever they are) and stays down DOWN_MINUTES while the
/// writers go on; then it is started again on the same data and port. The run waits until every agent's
/// backlog has reached the central (its Loki API: count_over_time per host), stops the writers, waits for
/// the last lines, stops the central (SIGTERM) and reads its whole store: per agent, lines written, stored,
/// lost (ids written, never stored) and duplicated (ids stored more than once).
/// Also reported: drain time after the restart, the agents' RSS (median and peak per phase), their CPU
/// during the outage (a busy retry loop shows here), their data directories' growth during the outage, and
/// their retry warnings (how many, and the largest backoff logged).
/// <c>dotnet bench/LogWarden.Bench/bin/Release/net10.0/LogWarden.Bench.dll outage [agents] [lines/s per agent] [down minutes] [--binary FILE] [--postgres] [--warmup SECONDS] [--rotate SECONDS] [--keep]</c>
/// (defaults 5, 200, 60; warm-up 60 s; rotation every min(300 s, outage / 2)). The daemons' logs and data are
/// under a temporary directory (TMPDIR), deleted at the end unless --keep. --postgres: the central on a
/// throwaway PostgreSQL cluster (the tests' PostgresServer) instead of its embedded store.
/// </summary>
public static class OutageBench
{
    internal const int TicksPerSecond = 10;

    public static int Run(string[] args)
    {
        string? binary = MemoryBench.BinaryOption(ref args);
        bool postgres = Flag(ref args, "--postgres");
        bool keep = Flag(ref args, "--keep");
        int warmup = Option(ref args, "--warmup") ?? 60;
        int? rotate = Option(ref args, "--rotate");
        int agents = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        int rate = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        double down = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 60;
        var outage = TimeSpan.FromMinutes(down);
        var rotation = TimeSpan.FromSeconds(rotate ?? Math.Min(300, Math.Max(10, outage.TotalSeconds / 2)));
        string root = Directory.CreateTempSubdirectory("logwarden-outage-").FullName;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"outage: {agents} agents × {rate} lines/s, central {(postgres ? "on PostgreSQL" : "on the embedded store")} killed after {warmup} s, down {outage.TotalMinutes:F1} min, rotation every {rotation.TotalSeconds:F0} s; daemons: {binary ?? "JIT (dotnet logwarden.dll)"}; under {root}; load {Load()}"));
        PostgresServer? server = postgres ? PostgresServer.Start(durable: true) : null;
        try
        {
            return new OutageRun(root, binary, agents, rate, outage, rotation, TimeSpan.FromSeconds(warmup), server?.CreateDatabase()).Execute();
        }
        finally
        {
            server?.Dispose();
            if (!keep)
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static bool Flag(ref string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        if (at < 0)
        {
            return false;
        }
        args = [.. args[..at], .. args[(at + 1)..]];
        return true;
    }

    private static int? Option(ref string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        if (at < 0 || at + 1 >= args.Length)
        {
            return null;
        }
        int value = int.Parse(args[at + 1], CultureInfo.InvariantCulture);
        args = [.. args[..at], .. args[(at + 2)..]];
        return value;
    }

    internal static string Load() => File.ReadAllText("/proc/loadavg").Trim();

    /// <summary>The line an agent's writer appends: a timestamp, a unique id (agent, number) and some variety for the miner.</summary>
    internal static string Line(DateTimeOffset time, int agent, long n) => (n % 4) switch
    {
        0 => string.Create(CultureInfo.InvariantCulture, $"{time:yyyy-MM-ddTHH:mm:ss.fffZ} info outage-id={agent}-{n} order {n} shipped to warehouse {n % 7} in {n % 900} ms"),
        1 => string.Create(CultureInfo.InvariantCulture, $"{time:yyyy-MM-ddTHH:mm:ss.fffZ} info outage-id={agent}-{n} GET /api/items/{n % 5000} status=200 bytes={n % 10000}"),
        2 => string.Create(CultureInfo.InvariantCulture, $"{time:yyyy-MM-ddTHH:mm:ss.fffZ} warn outage-id={agent}-{n} cache miss for key user:{n % 311} after {n % 37} retries"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{time:yyyy-MM-ddTHH:mm:ss.fffZ} info outage-id={agent}-{n} session {n:x8} opened for user u{n % 50}"),
    };

    /// <summary>The id in a stored line: (agent, number), or null if the line is not one of ours.</summary>
    internal static (int Agent, long N)? Id(string line)
    {
        int at = line.IndexOf(" outage-id=", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        int start = at + " outage-id=".Length;
        int dash = line.IndexOf('-', start);
        int end = line.IndexOf(' ', start);
        if (dash < 0 || end < 0 || dash > end
            || !int.TryParse(line.AsSpan(start, dash - start), NumberStyles.None, CultureInfo.InvariantCulture, out int agent)
            || !long.TryParse(line.AsSpan(dash + 1, end - dash - 1), NumberStyles.None, CultureInfo.InvariantCulture, out long n))
        {
            return null;
        }
        return (agent, n);
    }
}

/// <summary>One run of <see cref="OutageBench"/>.</summary>
internal sealed class OutageRun(string root, string? binary, int agents, int rate, TimeSpan outage, TimeSpan rotation, TimeSpan warmup, string? connection)
{
    private readonly long[] _written = new long[agents];
    private readonly int[] _rotations = new int[agents];
    private readonly List<(string Phase, int Agent, long RssKiB)> _rss = [];
    private volatile string _phase = "warm-up";
    private readonly string _centralData = Path.Combine(root, "central");
    private readonly int _centralPort = Loopback.FreePort();
    private Process? _central;
    private readonly Process[] _agents = new Process[agents];
    private readonly int[] _agentPorts = new int[agents];

    public int Execute()
    {
        string centralConfig = Path.Combine(root, "central.yaml");
        File.WriteAllText(centralConfig, CentralConfig.Yaml(_centralPort, connection is null ? "" : $"store:\n  kind: postgres\n  connection: \"{connection}\"\n"));
        _central = StartDaemon("central", centralConfig, _centralData, _centralPort);
        for (int a = 0; a < agents; a++)
        {
            string logs = Path.Combine(root, $"logs{a}");
            Directory.CreateDirectory(logs);
            File.WriteAllBytes(Path.Combine(logs, "app.log"), []);
            _agentPorts[a] = Loopback.FreePort();
            string config = Path.Combine(root, $"agent{a}.yaml");
            File.WriteAllText(config, $"""
                listen: 127.0.0.1:{_agentPorts[a]}
                host: web{a}
                sources:
                  discover: false
                  files:
                    - paths: ["{logs}/*.log"]
                  journal: {"{enabled: false}"}
                  docker: {"{enabled: false}"}
                ship:
                  - name: central
                    url: http://127.0.0.1:{_centralPort}/loki/api/v1/push
                    backfill: true
                """);
            _agents[a] = StartDaemon($"agent{a}", config, Path.Combine(root, $"agent{a}"), _agentPorts[a]);
        }
        Console.WriteLine($"central pid {_central.Id} on 127.0.0.1:{_centralPort}; agents pids {string.Join(", ", _agents.Select(p => p.Id))}; load {OutageBench.Load()}");

        using var stopWriting = new CancellationTokenSource();
        Thread[] writers = [.. Enumerable.Range(0, agents).Select(a => new Thread(() => Write(a, stopWriting.Token)) { IsBackground = true, Name = $"writer {a}" })];
        foreach (Thread writer in writers)
        {
            writer.Start();
        }
        using var stopSampling = new CancellationTokenSource();
        var sampler = new Thread(() => Sample(stopSampling.Token)) { IsBackground = true };
        sampler.Start();
        try
        {
            Thread.Sleep(warmup);
            long[] atWarm = Counts();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"after the warm-up: written {_written.Sum():N0}, at the central {atWarm.Sum():N0}; load {OutageBench.Load()}"));

            // The outage: the central dies with whatever it was doing.
            _phase = "outage";
            long[] agentBytesBefore = [.. Enumerable.Range(0, agents).Select(a => DirectoryBytes(Path.Combine(root, $"agent{a}")))];
            TimeSpan[] agentCpuBefore = [.. _agents.Select(p => Cpu(p.Id))];
            long[] retriesBefore = [.. Enumerable.Range(0, agents).Select(a => Retries(a).Count)];
            long writtenAtKill = _written.Sum();
            _central.Kill();
            _central.WaitForExit();
            var outageClock = Stopwatch.StartNew();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:HH:mm:ss} central killed (SIGKILL); written so far {writtenAtKill:N0}"));
            while (outageClock.Elapsed < outage)
            {
                Thread.Sleep(TimeSpan.FromSeconds(Math.Min(60, Math.Max(0.1, (outage - outageClock.Elapsed).TotalSeconds))));
                if (outageClock.Elapsed < outage)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {DateTimeOffset.UtcNow:HH:mm:ss} down {outageClock.Elapsed.TotalMinutes:F0} min: written {_written.Sum():N0}, rotations {_rotations.Sum()}, agents RSS {string.Join(" ", _agents.Select(p => (Rss(p.Id) / 1024.0).ToString("F0", CultureInfo.InvariantCulture)))} MiB; load {OutageBench.Load()}"));
                }
            }
            long[] agentBytesAfter = [.. Enumerable.Range(0, agents).Select(a => DirectoryBytes(Path.Combine(root, $"agent{a}")))];
            TimeSpan[] agentCpuAfter = [.. _agents.Select(p => Cpu(p.Id))];
            List<(TimeSpan Delay, int Attempt)>[] retries = [.. Enumerable.Range(0, agents).Select(a => Retries(a)[(int)retriesBefore[a]..])];
            long[] backlog = [.. _written];
            int rotationsDuring = _rotations.Sum();
            TimeSpan outageLength = outageClock.Elapsed;

            // Recovery: the same central, same data, same port.
            _phase = "drain";
            var drainClock = Stopwatch.StartNew();
            _central = StartDaemon("central", centralConfig, _centralData, _centralPort, append: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{DateTimeOffset.UtcNow:HH:mm:ss} central restarted after {outageLength.TotalMinutes:F1} min (ready in {drainClock.Elapsed.TotalSeconds:F1} s); backlog written during the outage {backlog.Sum() - writtenAtKill:N0} lines, {backlog.Sum():N0} in all"));
            TimeSpan? drained = null;
            long[] counts = [];
            while (drainClock.Elapsed < outage + TimeSpan.FromMinutes(10))
            {
                counts = Counts();
                if (Enumerable.Range(0, agents).All(a => counts[a] >= backlog[a]))
                {
                    drained = drainClock.Elapsed;
                    break;
                }
                Thread.Sleep(2000);
            }
            Console.WriteLine(drained is { } d
                ? string.Create(CultureInfo.InvariantCulture, $"drained: every line written before the restart is at the central {d.TotalSeconds:F0} s after it (the backlog of the outage {(backlog.Sum() - writtenAtKill) / d.TotalSeconds:N0} lines/s, ahead of the lines still written); load {OutageBench.Load()}")
                : $"NOT drained within the outage's length + 10 min: at the central {counts.Sum():N0} of the {backlog.Sum():N0} written before the restart");

            _phase = "after";
            Thread.Sleep(TimeSpan.FromSeconds(10));
            stopWriting.Cancel();
            foreach (Thread writer in writers)
            {
                writer.Join();
            }
            long[] written = [.. _written];
            var settle = Stopwatch.StartNew();
            while (settle.Elapsed < TimeSpan.FromMinutes(5) && !Enumerable.Range(0, agents).All(a => (counts = Counts())[a] >= written[a]))
            {
                Thread.Sleep(2000);
            }
            // Pushes still retried (a duplicate would show up now) and the agents' last checkpoints.
            Thread.Sleep(TimeSpan.FromSeconds(15));
            stopSampling.Cancel();
            sampler.Join();

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"writers stopped: {written.Sum():N0} lines written, {rotationsDuring} rotations during the warm-up and outage, {_rotations.Sum()} in all"));
            ReportAgents(agentBytesBefore, agentBytesAfter, agentCpuBefore, agentCpuAfter, retries, outageLength);
            Stop(_central);
            foreach (Process agent in _agents)
            {
                Stop(agent);
            }
            return Verify(written);
        }
        finally
        {
            stopWriting.Cancel();
            stopSampling.Cancel();
            foreach (Process? process in _agents.Append(_central))
            {
                if (process is { HasExited: false })
                {
                    process.Kill();
                    process.WaitForExit();
                }
            }
        }
    }

    private Process StartDaemon(string name, string config, string data, int port, bool append = false)
    {
        string log = Path.Combine(root, name + ".log");
        string daemon = binary is null
            ? $"exec dotnet '{Path.Combine(AppContext.BaseDirectory, "logwarden.dll")}'"
            : $"exec '{binary}'";
        var start = new ProcessStartInfo("sh", ["-c", $"{daemon} run --config '{config}' --data '{data}' {(append ? ">>" : ">")} '{log}' 2>&1"]) { UseShellExecute = false };
        Process process = Process.Start(start)!;
        MemoryBench.WaitReady(port, process);
        return process;
    }

    private static void Stop(Process process)
    {
        if (process.HasExited)
        {
            return;
        }
        using var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        term.WaitForExit();
        if (!process.WaitForExit(60_000))
        {
            Console.WriteLine($"  pid {process.Id} did not stop within a minute of SIGTERM: killed");
            process.Kill();
            process.WaitForExit();
        }
    }

    /// <summary>One agent's writer: RATE lines a second in ten writes, rotating by rename every ROTATE.</summary>
    private void Write(int agent, CancellationToken stop)
    {
        string logs = Path.Combine(root, $"logs{agent}");
        string file = Path.Combine(logs, "app.log");
        var output = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        var clock = Stopwatch.StartNew();
        var lastRotation = TimeSpan.Zero;
        var text = new StringBuilder();
        long n = 0;
        try
        {
            for (long tick = 0; !stop.IsCancellationRequested; tick++)
            {
                long due = (tick + 1) * rate / OutageBench.TicksPerSecond;
                var now = DateTimeOffset.UtcNow;
                for (; n < due; n++)
                {
                    text.Append(OutageBench.Line(now, agent, n)).Append('\n');
                }
                output.Write(Encoding.UTF8.GetBytes(text.ToString()));
                text.Clear();
                Interlocked.Exchange(ref _written[agent], n);
                if (clock.Elapsed - lastRotation >= rotation)
                {
                    // logrotate's default: rename the file, create a new one; the old one is kept.
                    lastRotation = clock.Elapsed;
                    output.Dispose();
                    int number = Interlocked.Increment(ref _rotations[agent]);
                    File.Move(file, Path.Combine(logs, $"app.log.{number}"));
                    output = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
                }
                var next = TimeSpan.FromSeconds((tick + 1) / (double)OutageBench.TicksPerSecond);
                if (clock.Elapsed < next)
                {
                    stop.WaitHandle.WaitOne(next - clock.Elapsed);
                }
            }
        }
        finally
        {
            output.Dispose();
        }
    }

    private void Sample(CancellationToken stop)
    {
        while (!stop.WaitHandle.WaitOne(TimeSpan.FromSeconds(5)))
        {
            for (int a = 0; a < agents; a++)
            {
                long rss = Rss(_agents[a].Id);
                lock (_rss)
                {
                    _rss.Add((_phase, a, rss));
                }
            }
        }
    }

    /// <summary>Lines at the central per agent (host web{a}): its Loki API, count_over_time by host.</summary>
    private long[] Counts()
    {
        var counts = new long[agents];
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        string query = Uri.EscapeDataString("sum by (host) (count_over_time({job=\"file\"}[24h]))");
        long time = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds();
        try
        {
            using JsonDocument answer = JsonDocument.Parse(http.GetStringAsync(new Uri($"http://127.0.0.1:{_centralPort}/loki/api/v1/query?query={query}&time={time}")).GetAwaiter().GetResult());
            foreach (JsonElement series in answer.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
            {
                string host = series.GetProperty("metric").GetProperty("host").GetString()!;
                if (host.StartsWith("web", StringComparison.Ordinal) && int.TryParse(host.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out int a) && a < agents)
                {
                    counts[a] = (long)double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.WriteLine($"  (count query failed: {e.Message})");
        }
        return counts;
    }

    /// <summary>The retry warnings in an agent's log so far: backoff and attempt number of each.</summary>
    private List<(TimeSpan Delay, int Attempt)> Retries(int agent)
    {
        var retries = new List<(TimeSpan, int)>();
        string log = Path.Combine(root, $"agent{agent}.log");
        using var reader = new StreamReader(new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        while (reader.ReadLine() is { } line)
        {
            int at = line.IndexOf("; retry ", StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }
            // "...; retry {Attempt} in {Delay}" (Delay as TimeSpan's "c" format, e.g. 00:01:23.4560000)
            string[] words = line[(at + "; retry ".Length)..].Split(' ');
            if (words.Length >= 3 && int.TryParse(words[0], CultureInfo.InvariantCulture, out int attempt) && TimeSpan.TryParse(words[2], CultureInfo.InvariantCulture, out TimeSpan delay))
            {
                retries.Add((delay, attempt));
            }
        }
        return retries;
    }

    private void ReportAgents(long[] bytesBefore, long[] bytesAfter, TimeSpan[] cpuBefore, TimeSpan[] cpuAfter, List<(TimeSpan Delay, int Attempt)>[] retries, TimeSpan outageLength)
    {
        Console.WriteLine("agents:");
        foreach (string phase in (string[])["warm-up", "outage", "drain", "after"])
        {
            List<long> samples;
            lock (_rss)
            {
                samples = [.. _rss.Where(s => s.Phase == phase).Select(s => s.RssKiB).Order()];
            }
            if (samples.Count > 0)
            {
                var perAgent = Enumerable.Range(0, agents).Select(a => _rss.Where(s => s.Phase == phase && s.Agent == a).Select(s => s.RssKiB).DefaultIfEmpty().Max() / 1024.0);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  RSS during {phase}: median {samples[samples.Count / 2] / 1024.0:F1} MiB, peak {samples[^1] / 1024.0:F1} MiB over {samples.Count} samples (peak per agent: {string.Join(", ", perAgent.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)))})"));
            }
        }
        for (int a = 0; a < agents; a++)
        {
            var r = retries[a];
            double cpu = (cpuAfter[a] - cpuBefore[a]).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  agent {a} during the outage ({outageLength.TotalMinutes:F1} min): data directory {bytesBefore[a] / 1048576.0:F1} -> {bytesAfter[a] / 1048576.0:F1} MiB (+{(bytesAfter[a] - bytesBefore[a]) / 1048576.0:F1}); CPU {cpu:F1} s ({cpu / outageLength.TotalSeconds * 100:F2} % of a core); retry warnings {r.Count} (largest attempt {r.Select(x => x.Attempt).DefaultIfEmpty().Max()}, backoff median {Median(r.Select(x => x.Delay.TotalSeconds)):F1} s, max {r.Select(x => x.Delay.TotalSeconds).DefaultIfEmpty().Max():F1} s)"));
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    /// <summary>The whole central store, read once the central stopped: per agent, ids seen once, lost, duplicated.</summary>
    private int Verify(long[] written)
    {
        var seen = written.Select(w => new BitArray((int)w)).ToArray();
        var stored = new long[agents];
        var duplicated = new long[agents];
        long beyond = 0, foreign = 0;
        var config = connection is null ? new StoreConfig() : new StoreConfig { Kind = StoreKind.Postgres, Connection = connection, MinFreeDisk = 0 };
        var clock = Stopwatch.StartNew();
        using (ILogStore store = StoreFactory.Open(_centralData, config, readOnly: true))
        {
            foreach (SearchHit hit in store.Search(new SearchQuery { Labels = [new LabelMatcher("job", "file")], Limit = int.MaxValue, AfterSequence = 0, NewestFirst = false }))
            {
                if (OutageBench.Id(hit.Line) is not (int a, long n) || a >= agents || hit.Labels["host"] != $"web{a}")
                {
                    foreign++;
                    continue;
                }
                if (n >= written[a])
                {
                    beyond++;
                    continue;
                }
                stored[a]++;
                if (seen[a][(int)n])
                {
                    duplicated[a]++;
                }
                seen[a][(int)n] = true;
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"verified the central's store in {clock.Elapsed.TotalSeconds:F1} s:"));
        long lostAll = 0, duplicatedAll = 0;
        for (int a = 0; a < agents; a++)
        {
            long unique = 0;
            long firstLost = -1;
            for (int n = 0; n < written[a]; n++)
            {
                if (seen[a][n])
                {
                    unique++;
                }
                else if (firstLost < 0)
                {
                    firstLost = n;
                }
            }
            long lost = written[a] - unique;
            lostAll += lost;
            duplicatedAll += duplicated[a];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  web{a}: written {written[a]:N0}, stored {stored[a]:N0}, unique ids {unique:N0}, lost {lost:N0}{(firstLost >= 0 ? $" (first lost id {a}-{firstLost})" : "")}, duplicated {duplicated[a]:N0}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT: lines written {written.Sum():N0}, lost {lostAll:N0}, duplicated {duplicatedAll:N0}; other stored lines: {foreign:N0} not ours, {beyond:N0} beyond the written count; load {OutageBench.Load()}"));
        return lostAll == 0 && duplicatedAll == 0 && foreign == 0 && beyond == 0 ? 0 : 1;
    }

    private static long DirectoryBytes(string directory) =>
        Directory.Exists(directory) ? new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    private static long Rss(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }

    private static TimeSpan Cpu(int pid)
    {
        try
        {
            return ProcStat.Cpu(ProcStat.Fields($"/proc/{pid}/stat"));
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }
}
