using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using LogWarden.Cli;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Bench;

/// <summary>
/// `analyze-speed [LINES]`: lines/s of `logwarden analyze` over a copy of a web server's /var/log made by
/// <see cref="SyntheticLogs"/> (nginx access and error, auth.log, syslog, kern.log, mail.log; each log split
/// into <c>.2.gz</c>, <c>.1</c> and the current file), LINES lines in all (default 2,000,000), stage by stage
/// so the cost of each shows: read + decode + merge by time, + mine, + the detection engine and incident
/// tracker (without and with the catalog's detectors), and the whole command with --json. Peers in the
/// same run: <c>zcat -f</c> and <c>wc -l</c> over the same files. Run it pinned to one core:
/// <c>taskset -c 1 dotnet bench/LogWarden.Bench/bin/Release/net10.0/LogWarden.Bench.dll analyze-speed</c>.
/// </summary>
public static class AnalyzeSpeedBench
{
    public static int Run(string[] args)
    {
        int lines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000_000;
        string? only = args.Length > 1 ? args[1] : null; // a word of a stage's name: run that stage alone (for a profiler)
        string dir = Directory.CreateTempSubdirectory("logwarden-analyze-speed-").FullName;
        try
        {
            string logs = Path.Combine(dir, "var", "log");
            long bytes = WriteServerLogs(logs, lines);
            string warmup = Path.Combine(dir, "warmup");
            WriteServerLogs(warmup, 50_000);
            IReadOnlyList<string> files = LogInput.Enumerate([logs]).Files;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"corpus: {lines:N0} lines, {files.Count} files, {bytes / 1e6:F0} MB uncompressed (SyntheticLogs web server mix, rotated, .gz)"));

            var stages = new (string Name, Func<string, long> Run)[]
            {
                ("read + decode + merge by time", ReadOnly),
                ("+ mine (TemplateMiner)", Mine),
                ("read + decode + merge + SecurityEventRecognizer (no miner)", Recognize),
                ("+ detection engine + incident tracker, no detectors", path => Detect(path, new DetectorSet())),
                ($"+ the catalog's detectors ({string.Join(", ", DetectorCatalog.Create().Names.DefaultIfEmpty("none yet"))})", path => Detect(path, DetectorCatalog.Create())),
                ("logwarden analyze --json (the command, output discarded)", Command),
            };
            // Each detector alone on top of the engine, to show where the detectors' share goes.
            string[] names = [.. DetectorCatalog.Create().Names];
            stages = [.. stages, .. names.Select(n => ($"+ {n} alone (engine, tracker and this detector)",
                (Func<string, long>)(path => Detect(path, DetectorCatalog.Create(new DetectOptions { Disabled = [.. names.Where(o => o != n)] })))))];
            foreach (var (name, run) in stages.Where(s => only is null || s.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
            {
                run(warmup);
                Measurement best = Enumerable.Range(0, 3).Select(_ => Time(() => run(logs))).MinBy(m => m.Wall);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: {best.Lines:N0} lines, wall {best.Wall:F2} s = {best.Lines / best.Wall:N0} lines/s; CPU {best.Cpu:F2} s = {best.Lines / best.Cpu:N0} lines/s; {best.AllocatedPerLine:N0} B allocated/line"));
            }
            Peer("zcat -f FILES | wc -l", $"zcat -f {string.Join(' ', files.Select(Quote))} | wc -l", lines);
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    internal readonly record struct Measurement(long Lines, double Wall, double Cpu, double AllocatedPerLine);

    /// <summary>Wall time, the process's CPU time and bytes allocated per line of one run (after a full collection).</summary>
    internal static Measurement Time(Func<long> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        TimeSpan cpu = process.TotalProcessorTime;
        long allocated = GC.GetTotalAllocatedBytes(precise: false);
        var clock = Stopwatch.StartNew();
        long lines = run();
        clock.Stop();
        process.Refresh();
        return new Measurement(lines, clock.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds,
            (GC.GetTotalAllocatedBytes(precise: false) - allocated) / (double)Math.Max(1, lines));
    }

    private static long ReadOnly(string logs)
    {
        var reader = new TimeMergedReader(LogInput.Enumerate([logs]).Files);
        foreach (MergedRecord _ in reader.Read())
        {
        }
        return reader.Lines;
    }

    private static long Mine(string logs)
    {
        var reader = new TimeMergedReader(LogInput.Enumerate([logs]).Files);
        var miner = new TemplateMiner();
        foreach (MergedRecord merged in reader.Read())
        {
            miner.Add(merged.Record.Message, merged.Record.Timestamp, merged.Record.Level);
        }
        return reader.Lines;
    }

    private static long Recognize(string logs)
    {
        var reader = new TimeMergedReader(LogInput.Enumerate([logs]).Files);
        var recognizer = new LogWarden.Detect.Security.SecurityEventRecognizer();
        foreach (MergedRecord merged in reader.Read())
        {
            recognizer.Recognize(merged.Record);
        }
        return reader.Lines;
    }

    private static long Detect(string logs, DetectorSet detectors) =>
        new LogAnalysis(new LogAnalysisOptions(), detectors).Run(LogInput.Enumerate([logs]).Files).Lines;

    private static long Command(string logs)
    {
        var stderr = new StringWriter();
        if (LogWardenCli.Run(["analyze", "--json", logs], TextWriter.Null, stderr) != 0)
        {
            throw new InvalidOperationException("logwarden analyze failed: " + stderr);
        }
        string summary = stderr.ToString();
        int at = summary.IndexOf(" lines in ", StringComparison.Ordinal);
        return long.Parse(summary[(summary.LastIndexOf(' ', at - 1) + 1)..at], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    private static void Peer(string name, string script, long lines)
    {
        double best = double.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            var psi = new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true };
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(psi)!;
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peer {name}: wall {best:F2} s = {lines / best:N0} lines/s"));
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// Writes <paramref name="lines"/> lines of <see cref="SyntheticLogs"/> under <paramref name="root"/>
    /// as a server keeps them: per log, the oldest 40 % gzipped as <c>.2.gz</c>, the next 30 % as <c>.1</c>,
    /// the rest as the current file. Returns the uncompressed size.
    /// </summary>
    internal static long WriteServerLogs(string root, int lines)
    {
        var generator = new SyntheticLogs();
        var byFile = SyntheticLogs.Files.Select(_ => new List<string>()).ToArray();
        long bytes = 0;
        for (int i = 0; i < lines; i++)
        {
            var (_, file, text) = generator.Next();
            byFile[file].Add(text);
            bytes += text.Length + 1;
        }
        for (int f = 0; f < SyntheticLogs.Files.Length; f++)
        {
            string path = Path.Combine(root, SyntheticLogs.Files[f].TrimStart('/')["var/log/".Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            List<string> all = byFile[f];
            int oldest = all.Count * 4 / 10, middle = all.Count * 7 / 10;
            using (var gz = new GZipStream(File.Create(path + ".2.gz"), CompressionLevel.Fastest))
            using (var writer = new StreamWriter(gz))
            {
                all.Take(oldest).ToList().ForEach(l => writer.Write(l + "\n"));
            }
            File.WriteAllLines(path + ".1", all.Skip(oldest).Take(middle - oldest));
            File.WriteAllLines(path, all.Skip(middle));
        }
        return bytes;
    }
}
