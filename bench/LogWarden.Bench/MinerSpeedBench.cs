using LogWarden.Tests.Support;
using System.Diagnostics;
using System.Globalization;
using LogWarden.Cli;
using LogWarden.Mine;

namespace LogWarden.Bench;

/// <summary>
/// Lines per second of <see cref="TemplateMiner.Add"/> on one thread, over ~1 million messages made by
/// repeating the ten LogHub-2k samples, and bytes allocated per line once the templates are known.
/// </summary>
internal static class MinerSpeedBench
{
    public static List<string> LoadMessages()
    {
        string root = SharedData.Root();
        var messages = new List<string>();
        foreach (string name in SharedData.LogHubDatasets)
        {
            using var reader = new StreamReader(Path.Combine(root, "loghub2k", name, $"{name}_2k.log_structured_corrected.csv"));
            var rows = Csv.Read(reader).ToList();
            int contentCol = Array.IndexOf(rows[0], "Content");
            messages.AddRange(rows.Skip(1).Select(r => r[contentCol]));
        }
        return messages;
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
        return 0;
    }
}
