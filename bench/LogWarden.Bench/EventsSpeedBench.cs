using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LogWarden.Cli;
using LogWarden.Tests.Support;

namespace LogWarden.Bench;

/// <summary>
/// `events-speed [LINES]`: lines/s of `logwarden events --json` (in-process) against `fail2ban-regex` with its
/// sshd filter (Debian's fail2ban, as a subprocess) on the same auth log, measured in the same run: LogHub's
/// OpenSSH-2k and the security corpus' sshd log repeated to LINES lines (default 1,000,000). Both wall-clock
/// and CPU time are printed; on a shared machine CPU time is the steadier figure.
/// </summary>
public static partial class EventsSpeedBench
{
    private const string Fail2BanFilter = "/etc/fail2ban/filter.d/sshd.conf";

    public static int Run(string[] args)
    {
        int lines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        string dir = Directory.CreateTempSubdirectory("logwarden-events-speed-").FullName;
        try
        {
            string log = Path.Combine(dir, "auth.log");
            string warmup = Path.Combine(dir, "warmup.log");
            WriteAuthLog(log, lines);
            WriteAuthLog(warmup, Math.Min(lines, 20_000));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"auth log: {lines:N0} lines, {new FileInfo(log).Length / 1e6:F1} MB (OpenSSH-2k + security/sshd.log, repeated)"));

            var cold = TimeLogWarden(log);
            Report("logwarden events --json (first run, JIT included)", lines, cold);
            RunLogWarden(warmup);
            var warm = Enumerable.Range(0, 3).Select(_ => TimeLogWarden(log)).MinBy(m => m.Wall);
            Report("logwarden events --json (warm, best of 3)", lines, warm);

            if (!File.Exists(Fail2BanFilter))
            {
                Console.WriteLine($"fail2ban-regex: {Fail2BanFilter} not found (apt-get install fail2ban); no comparison");
                return 0;
            }

            var fail2ban = TimeFail2Ban(log);
            Report($"fail2ban-regex FILE {Fail2BanFilter}", lines, fail2ban);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"speed-up: first run {fail2ban.Wall / cold.Wall:F1}x wall, {fail2ban.Cpu / cold.Cpu:F1}x CPU; warm {fail2ban.Wall / warm.Wall:F1}x wall, {fail2ban.Cpu / warm.Cpu:F1}x CPU"));
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private readonly record struct Measurement(double Wall, double Cpu, string Matched);

    private static void WriteAuthLog(string path, int lines)
    {
        string root = SharedData.Root();
        var source = File.ReadAllLines(Path.Combine(root, "loghub2k", "OpenSSH", "OpenSSH_2k.log"))
            .Concat(File.ReadAllLines(Path.Combine(root, "security", "sshd.log")))
            .Where(l => l.Length > 0)
            .ToArray();
        using var writer = new StreamWriter(path);
        for (int i = 0; i < lines; i++)
        {
            writer.Write(source[i % source.Length]);
            writer.Write('\n');
        }
    }

    private static string RunLogWarden(string log)
    {
        var stderr = new StringWriter();
        int exit = LogWardenCli.Run(["events", "--json", log], TextWriter.Null, stderr);
        if (exit != 0)
        {
            throw new InvalidOperationException("logwarden events failed: " + stderr);
        }

        return stderr.ToString();
    }

    private static Measurement TimeLogWarden(string log)
    {
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        string summary = RunLogWarden(log);
        clock.Stop();
        process.Refresh();
        var events = EventsSummary().Match(summary);
        return new Measurement(clock.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds,
            events.Success ? $"{events.Groups["events"].Value} events ({events.Groups["hostile"].Value} hostile)" : "?");
    }

    private static Measurement TimeFail2Ban(string log)
    {
        double childCpuBefore = ChildrenCpuSeconds();
        var psi = new ProcessStartInfo("fail2ban-regex", [log, Fail2BanFilter]) { RedirectStandardOutput = true, RedirectStandardError = true };
        var clock = Stopwatch.StartNew();
        using var child = Process.Start(psi)!;
        var stderr = child.StandardError.ReadToEndAsync();
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        clock.Stop();
        _ = stderr.Result;
        var counts = Fail2BanLines().Match(output);
        return new Measurement(clock.Elapsed.TotalSeconds, ChildrenCpuSeconds() - childCpuBefore,
            counts.Success ? $"{counts.Groups["matched"].Value} matched" : "?");
    }

    /// <summary>User + system CPU of this process' reaped children (/proc/self/stat cutime, cstime), in seconds; NaN off Linux.</summary>
    private static double ChildrenCpuSeconds()
    {
        try
        {
            return ProcStat.ReapedChildrenCpu(ProcStat.Fields("/proc/self/stat")).TotalSeconds;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return double.NaN;
        }
    }

    private static void Report(string what, int lines, Measurement m) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {m.Matched}; wall {m.Wall:F2} s = {lines / m.Wall:N0} lines/s; CPU {m.Cpu:F2} s = {lines / m.Cpu:N0} lines/s"));

    [GeneratedRegex(@"(?<events>[\d,]+) events, (?<hostile>[\d,]+) hostile")]
    private static partial Regex EventsSummary();

    [GeneratedRegex(@"Lines: (?<lines>\d+) lines, (?<ignored>\d+) ignored, (?<matched>\d+) matched")]
    private static partial Regex Fail2BanLines();
}
