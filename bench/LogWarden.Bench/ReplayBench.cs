using System.Diagnostics;
using System.Globalization;
using LogWarden.Cli;
using LogWarden.Tests.Support.Replay;

namespace LogWarden.Bench;

/// <summary>
/// `replay [SEED] [DAYS] [--hosts N] [--learn-days N] [--scale X] [--out DIR] [--no-analyze]`: generates a
/// replay (a /var/log-like tree per host with a learned-normal background and the issue's incidents injected
/// in the last day), runs `logwarden analyze DIR/logs --learn Nd --json` in-process on it, and scores the
/// findings against the ground truth: recall with the right entities, false alerts per host per day, p95
/// detection delay. With --out the tree stays for a user to try `logwarden analyze DIR/logs`.
/// Defaults: seed 1, 3 days, 2 learning, 1 host, scale 1.
/// </summary>
public static class ReplayBench
{
    public static int Run(string[] args)
    {
        var positional = new List<string>();
        var options = new ReplayOptions();
        string? output = null;
        bool analyze = true;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--hosts":
                    options = options with { Hosts = int.Parse(args[++i], CultureInfo.InvariantCulture) };
                    break;
                case "--learn-days":
                    options = options with { LearnDays = int.Parse(args[++i], CultureInfo.InvariantCulture) };
                    break;
                case "--scale":
                    options = options with { Scale = double.Parse(args[++i], CultureInfo.InvariantCulture) };
                    break;
                case "--out":
                    output = args[++i];
                    break;
                case "--no-analyze":
                    analyze = false;
                    break;
                default:
                    positional.Add(args[i]);
                    break;
            }
        }

        if (positional.Count > 0)
        {
            options = options with { Seed = int.Parse(positional[0], CultureInfo.InvariantCulture) };
        }

        if (positional.Count > 1)
        {
            int days = int.Parse(positional[1], CultureInfo.InvariantCulture);
            options = options with { Days = days, LearnDays = Math.Min(options.LearnDays, days - 1) };
        }

        string dir = output ?? Directory.CreateTempSubdirectory("logwarden-replay-").FullName;
        try
        {
            Directory.CreateDirectory(dir);
            var clock = Stopwatch.StartNew();
            ReplayTruth truth = ReplayGenerator.Generate(options, dir);
            long lines = truth.LinesPerHost.Values.Sum();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seed {options.Seed}: {options.Days} days ({options.LearnDays} learning), hosts {string.Join(", ", truth.Hosts)}, {lines:N0} lines, generated in {clock.Elapsed.TotalSeconds:F1} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test period {truth.TestStart:yyyy-MM-dd HH:mm} – {truth.TestEnd:yyyy-MM-dd HH:mm} ({truth.TestStart.Offset}), {truth.Incidents.Count} incidents, {truth.NearMisses.Count} planted near-misses"));
            foreach (InjectedIncident incident in truth.Incidents)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {incident.Start:MM-dd HH:mm:ss} {incident.Host,-12} {incident.Kind,-30} {incident.Description}"));
            }

            string logs = Path.Combine(dir, ReplayGenerator.LogsDirectory);
            if (output is not null)
            {
                Console.WriteLine($"tree: {logs} (ground truth: {Path.Combine(dir, ReplayGenerator.TruthFile)}); try: logwarden analyze {logs} --learn {options.LearnDays}d");
            }

            if (!analyze)
            {
                return 0;
            }

            var stdout = new StringWriter();
            var stderr = new StringWriter();
            clock.Restart();
            double cpuBefore = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            int exit = LogWardenCli.Run(["analyze", logs, "--learn", options.LearnDays.ToString(CultureInfo.InvariantCulture) + "d", "--json"], stdout, stderr);
            double wall = clock.Elapsed.TotalSeconds;
            double cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - cpuBefore;
            if (exit != 0)
            {
                Console.WriteLine($"logwarden analyze exited with {exit}: {stderr.ToString().Trim()}");
                return exit == LogWardenCli.UsageError ? 0 : exit;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"analyze: {wall:F1} s wall, {cpu:F1} s CPU, {lines / wall:N0} lines/s"));
            var findings = ReplayFinding.ParseJsonLines(stdout.ToString(), out int malformed);
            if (malformed > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{malformed} output lines are not finding objects"));
            }

            ReplayScore score = ReplayScore.Compute(truth, findings);
            Console.WriteLine();
            Console.Write(score.Report());
            return 0;
        }
        finally
        {
            if (output is null)
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
