using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LogWarden.Bench;

/// <summary>
/// Time from a brute force's lines written to a tailed file to the attacker's address being in the kernel's
/// nftables set, through the real daemon (<c>logwarden run</c>, the logwarden.dll built beside this bench)
/// with a file source and a ban playbook that is not in dry-run. Its nft runs inside a network namespace
/// this bench creates (<c>respond.ban.netns</c>), so the host's firewall is never touched; <c>nft monitor
/// elements</c> in that namespace reports each element the moment the kernel holds it.
/// Each sample is one new address: its failed SSH logins written in one write (as sshd logs a scanner's
/// burst), followed by an unrelated line, so the measured span is file source → parse → scenario bucket
/// overflow → incident → responder queue → nft → kernel. <see cref="AttemptsPerAddress"/> is above the
/// ssh-brute-force scenario's learned capacity cap (12 × max_raise 6), so every sample is a brute force
/// however the population background learns. The peer in the same run: one bare `ip netns exec … nft add
/// element` (the floor any nft-based responder pays), and, when Debian's fail2ban is installed, fail2ban
/// itself: a fail2ban-server started in the same namespace with a copy of /etc/fail2ban, its stock sshd
/// filter and nftables-multiport action (table <c>inet f2b-table</c>) on a second file, fed the same burst
/// right after LogWarden's sample (backend auto: pyinotify when python3-pyinotify is installed, else polling).
/// Needs root, iproute2 and nftables. Run:
/// dotnet run -c Release --project bench/LogWarden.Bench -- ban-latency [addresses] [pause-ms]
/// </summary>
internal static class BanLatencyBench
{
    private const int AttemptsPerAddress = 80;
    private const int WarmUp = 5;
    private const string Ip = "/usr/sbin/ip";
    private const string Nft = "/usr/sbin/nft";

    public static int Run(string[] args)
    {
        int samples = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        int pauseMs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        if (samples + WarmUp > 500)
        {
            Console.Error.WriteLine("at most 495 addresses (two documentation /24s)");
            return 2;
        }
        string root = Directory.CreateTempSubdirectory("logwarden-ban-bench-").FullName;
        string netns = "lwban" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            Exec(Ip, "netns", "add", netns);
            Exec(Ip, "-n", netns, "link", "set", "lo", "up");
            return RunAsync(root, netns, samples, pauseMs).GetAwaiter().GetResult();
        }
        finally
        {
            Exec(Ip, "netns", "del", netns);
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Sample i's address: TEST-NET-3 then TEST-NET-2 (documentation ranges, never this host's).</summary>
    private static string Address(int i) => (i < 250 ? "203.0.113." : "198.51.100.") + ((i % 250) + 1).ToString(CultureInfo.InvariantCulture);

    private static async Task<int> RunAsync(string root, string netns, int samples, int pauseMs)
    {
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
            respond:
              enabled: true
              dry_run: false
              kill_switch: {{root}}/respond.off
              rate_limit: 100000
              ban: { duration: 10m, netns: {{netns}} }
              playbooks:
                - name: ban-ssh-brute-force
                  match: ["kind=ssh-brute-force"]
                  actions: [{ type: ban }]
            """);

        // The kernel's view: every element added to a set in the namespace, stamped as nft reports it, by table.
        var banned = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var fail2banBanned = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using Process monitor = Process.Start(new ProcessStartInfo(Ip, ["netns", "exec", netns, Nft, "monitor", "elements"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        monitor.OutputDataReceived += (_, e) =>
        {
            long at = Stopwatch.GetTimestamp();
            // "add element inet logwarden ban4 { 203.0.113.7 timeout 10m expires 10m }"
            if (e.Data is { } line && line.IndexOf("{ ", StringComparison.Ordinal) is int open and > 0)
            {
                string element = line[(open + 2)..].Split(' ')[0];
                if (line.StartsWith("add element inet logwarden ", StringComparison.Ordinal))
                {
                    banned.TryAdd(element, at);
                }
                else if (line.StartsWith("add element inet f2b-table ", StringComparison.Ordinal))
                {
                    fail2banBanned.TryAdd(element, at);
                }
            }
        };
        monitor.ErrorDataReceived += (_, _) => { };
        monitor.BeginOutputReadLine();
        monitor.BeginErrorReadLine();

        using Process daemon = DrainedProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "logwarden.dll"), "run", "--config", config, "--data", Path.Combine(root, "data")]);
        using Process? fail2ban = await StartFail2banAsync(root, netns);
        try
        {
            await AlertLatencyBench.WaitReadyAsync(port, daemon);
            var latencies = new List<double>();
            var fail2banLatencies = new List<double>();
            int lost = 0;
            using var output = new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            using var fail2banOutput = fail2ban is null ? null : new FileStream(Path.Combine(root, "fail2ban", "auth.log"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            for (int i = 0; i < samples + WarmUp; i++)
            {
                string address = Address(i);
                byte[] burst = Encoding.UTF8.GetBytes(BruteForce(address, i));
                long written = Stopwatch.GetTimestamp();
                output.Write(burst);
                var deadline = Stopwatch.StartNew();
                while (!banned.ContainsKey(address) && deadline.Elapsed < TimeSpan.FromSeconds(10))
                {
                    await Task.Delay(1);
                }
                if (i >= WarmUp)
                {
                    if (banned.TryGetValue(address, out long at))
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(written, at).TotalMilliseconds);
                    }
                    else
                    {
                        lost++;
                    }
                }
                await Task.Delay(pauseMs);
                if (fail2banOutput is not null)
                {
                    written = Stopwatch.GetTimestamp();
                    fail2banOutput.Write(burst);
                    deadline.Restart();
                    while (!fail2banBanned.ContainsKey(address) && deadline.Elapsed < TimeSpan.FromSeconds(10))
                    {
                        await Task.Delay(1);
                    }
                    if (i >= WarmUp && fail2banBanned.TryGetValue(address, out long f2bAt))
                    {
                        fail2banLatencies.Add(Stopwatch.GetElapsedTime(written, f2bAt).TotalMilliseconds);
                    }
                    await Task.Delay(pauseMs);
                }
            }
            string load = File.ReadAllText("/proc/loadavg").Trim();
            List<double> bare = BareNftAdds(netns, 50);
            latencies.Sort();
            Console.WriteLine($"ban latency, brute-force lines written → address in the nftables set (nft monitor), {latencies.Count} addresses ({lost} not banned within 10 s), {Environment.ProcessorCount} cores, loadavg {load}:");
            if (latencies.Count > 0)
            {
                Console.WriteLine(Summary("  logwarden", latencies));
            }
            Console.WriteLine(Summary("  peer: one bare `ip netns exec NS nft add element` (process start to exit)", bare));
            if (fail2ban is not null)
            {
                fail2banLatencies.Sort();
                string backend = File.Exists("/usr/lib/python3/dist-packages/pyinotify.py") ? "pyinotify" : "polling";
                Console.WriteLine($"  peer: fail2ban {FirstLine("/usr/bin/fail2ban-server", "--version")} (backend {backend}), {fail2banLatencies.Count} of {samples} banned within 10 s:");
                if (fail2banLatencies.Count > 0)
                {
                    Console.WriteLine(Summary("  fail2ban", fail2banLatencies));
                }
            }
            return lost == 0 && Percentile(latencies, 0.99) <= 1000 ? 0 : 1;
        }
        finally
        {
            daemon.Kill(entireProcessTree: true);
            await daemon.WaitForExitAsync();
            monitor.Kill(entireProcessTree: true);
            await monitor.WaitForExitAsync();
            if (fail2ban is not null)
            {
                fail2ban.Kill(entireProcessTree: true);
                await fail2ban.WaitForExitAsync();
            }
        }
    }

    /// <summary>fail2ban-server in the namespace on its own copy of /etc/fail2ban, or null when fail2ban is not installed.</summary>
    private static async Task<Process?> StartFail2banAsync(string root, string netns)
    {
        if (!File.Exists("/usr/bin/fail2ban-server") || !Directory.Exists("/etc/fail2ban"))
        {
            return null;
        }
        string dir = Path.Combine(root, "fail2ban");
        string conf = Path.Combine(dir, "conf");
        foreach (string file in Directory.EnumerateFiles("/etc/fail2ban", "*", SearchOption.AllDirectories))
        {
            string copy = Path.Combine(conf, Path.GetRelativePath("/etc/fail2ban", file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        // Debian's jail.d enables sshd on the systemd journal; this run watches a file instead.
        foreach (string file in Directory.EnumerateFiles(Path.Combine(conf, "jail.d")))
        {
            File.Delete(file);
        }
        await File.WriteAllTextAsync(Path.Combine(dir, "auth.log"), "");
        await File.WriteAllTextAsync(Path.Combine(conf, "fail2ban.local"), $"""
            [Definition]
            logtarget = {dir}/fail2ban.log
            socket = {dir}/fail2ban.sock
            pidfile = {dir}/fail2ban.pid
            dbfile = :memory:
            """);
        // maxretry 20 and a 10 min window: LogWarden's ssh-brute-force capacity before it has learned a background.
        await File.WriteAllTextAsync(Path.Combine(conf, "jail.local"), $"""
            [DEFAULT]
            banaction = nftables-multiport
            banaction_allports = nftables-allports
            backend = auto
            [sshd]
            enabled = true
            port = 22
            logpath = {dir}/auth.log
            maxretry = 20
            findtime = 10m
            bantime = 10m
            """);
        Process server = DrainedProcess.Start(Ip, ["netns", "exec", netns, "/usr/bin/fail2ban-server", "-f", "-x", "-c", conf]);
        string log = Path.Combine(dir, "fail2ban.log");
        var deadline = Stopwatch.StartNew();
        while (!(File.Exists(log) && (await File.ReadAllTextAsync(log)).Contains("Jail 'sshd' started", StringComparison.Ordinal)))
        {
            if (server.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException("fail2ban-server did not start its sshd jail within 30 s");
            }
            await Task.Delay(100);
        }
        return server;
    }

    private static string FirstLine(string program, params string[] arguments)
    {
        using Process p = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true })!;
        string text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return text.Split('\n')[0].Trim();
    }

    private static string BruteForce(string address, int sample)
    {
        var text = new StringBuilder();
        string stamp = DateTime.Now.ToString("MMM dd HH:mm:ss", CultureInfo.InvariantCulture);
        for (int a = 0; a < AttemptsPerAddress; a++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{stamp} web sshd[{10_000 + sample}]: Failed password for invalid user admin{a % 7} from {address} port {40_000 + a} ssh2\n");
        }
        // The next ordinary record: the file source knows at once that the last attempt is complete.
        text.Append(CultureInfo.InvariantCulture, $"{stamp} web CRON[{20_000 + sample}]: (root) CMD (run-parts /etc/cron.hourly)\n");
        return text.ToString();
    }

    /// <summary>The floor: adding an element with nft directly, as a responder must at least do (the bench's own table).</summary>
    private static List<double> BareNftAdds(string netns, int count)
    {
        Exec(Ip, "netns", "exec", netns, Nft, "add", "table", "inet", "peer", ";", "add", "set", "inet", "peer", "s", "{", "type", "ipv4_addr", ";", "flags", "interval,timeout", ";", "}");
        var times = new List<double>();
        for (int i = 0; i < count; i++)
        {
            long began = Stopwatch.GetTimestamp();
            Exec(Ip, "netns", "exec", netns, Nft, "add", "element", "inet", "peer", "s", "{", $"192.0.2.{i + 1}/32", "timeout", "60s", "}");
            times.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
        }
        times.Sort();
        return times;
    }

    private static string Summary(string label, List<double> sorted) => string.Create(CultureInfo.InvariantCulture,
        $"{label}: p50 {Percentile(sorted, 0.50):F0} ms  p95 {Percentile(sorted, 0.95):F0} ms  p99 {Percentile(sorted, 0.99):F0} ms  max {sorted[^1]:F0} ms");

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static void Exec(string program, params string[] arguments)
    {
        using Process p = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: {err}");
        }
    }
}
