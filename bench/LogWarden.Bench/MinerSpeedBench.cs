using LogWarden.Tests.Support;
using System.Diagnostics;
using System.Globalization;
using LogWarden.Mine;

namespace LogWarden.Bench;

/// <summary>
/// Lines per second of <see cref="TemplateMiner.Add"/> on one thread, over ~1 million messages made by
/// repeating the ten LogHub-2k samples, and bytes allocated per line once the templates are known.
/// </summary>
public static class MinerSpeedBench
{
    public static List<string> LoadMessages() =>
        SharedData.LogHubDatasets.SelectMany(name => LogHubSample.Load(name).Messages).ToList();

    /// <summary>
    /// The same messages as one file, through tools every Debian machine has, timed in the same run: a
    /// reference for how fast this machine is today (they do less work than the miner).
    /// </summary>
    private static void RunPeers(List<string> messages, int repeat)
    {
        string file = Path.Combine(Path.GetTempPath(), "logwarden-mine-speed.txt");
        using (var writer = new StreamWriter(file))
        {
            for (int r = 0; r < repeat; r++)
            {
                foreach (string m in messages)
                {
                    writer.WriteLine(m);
                }
            }
        }
        long lines = (long)messages.Count * repeat;
        foreach (var (tool, arguments) in new[]
        {
            ("zstd", $"-3 -T1 -q -c {file}"),
            ("rg", $"-c -j1 [0-9] {file}"),
            ("grep", $"-c [0-9] {file}"),
        })
        {
            double best = double.MaxValue;
            for (int i = 0; i < 3; i++)
            {
                var psi = new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
                var sw = Stopwatch.StartNew();
                try
                {
                    using var p = Process.Start(psi)!;
                    p.StandardOutput.BaseStream.CopyTo(Stream.Null);
                    p.WaitForExit();
                }
                catch (System.ComponentModel.Win32Exception)
                {
                    Console.WriteLine($"peer {tool}: not installed");
                    goto next;
                }
                best = Math.Min(best, sw.Elapsed.TotalSeconds);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peer {tool} {arguments.Replace(file, "FILE", StringComparison.Ordinal)}: {lines / best:N0} lines/s"));
        next:;
        }
        File.Delete(file);
    }

    public static int Run(string[] args)
    {
        int repeat = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
        List<string> messages = LoadMessages();
        long total = (long)messages.Count * repeat;
        double best = 0;
        long bytesPerLine = 0;
        for (int run = 0; run < 5; run++)
        {
            var miner = new TemplateMiner();
            foreach (string m in messages)
            {
                miner.Add(m); // first pass: templates are learnt (the rare path)
            }
            long allocBefore = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            for (int r = 0; r < repeat; r++)
            {
                foreach (string m in messages)
                {
                    miner.Add(m);
                }
            }
            sw.Stop();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocBefore;
            double rate = total / sw.Elapsed.TotalSeconds;
            best = Math.Max(best, rate);
            bytesPerLine = allocated / total;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: {total:N0} lines in {sw.Elapsed.TotalMilliseconds:F0} ms = {rate:N0} lines/s, {allocated:N0} bytes allocated ({(double)allocated / total:F3} B/line), {miner.TemplateCount} templates"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best: {best:N0} lines/s; steady-state allocation {bytesPerLine} B/line"));
        RunPeers(messages, repeat);
        return 0;
    }
}
