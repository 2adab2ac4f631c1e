using System.Globalization;
using LogWarden.Mine;
using LogWarden.Tests.Support;

namespace LogWarden.Bench;

/// <summary>GA/PA/FGA of the miner with its default setting on the LogHub-2k samples (corrected ground truth).</summary>
internal static class AccuracyBench
{
    public static int Run(string[] args)
    {
        bool verbose = args.Contains("--verbose");
        double ga = 0, pa = 0, fga = 0;
        Console.WriteLine("| dataset | GA | PA | FGA | FTA | templates (truth) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (string name in SharedData.LogHubDatasets)
        {
            LogHubSample sample = LogHubSample.Load(name);
            var miner = new TemplateMiner();
            var ids = sample.Messages.Select(m => miner.Add(m)).ToList();
            var truth = sample.Templates.ToList();
            var contents = sample.Messages.ToList();
            var predicted = ids.Select(id => miner.Resolve(id).Text).ToList();
            var s = ParsingScore.Compute(truth, predicted);
            ga += s.GA;
            pa += s.PA;
            fga += s.FGA;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {s.GA:F3} | {s.PA:F3} | {s.FGA:F3} | {s.FTA:F3} | {s.PredictedGroups} ({s.GroundTruthGroups}) |"));
            if (verbose || args.Contains(name))
            {
                Explain(truth, predicted, contents);
            }
        }
        int k = SharedData.LogHubDatasets.Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **mean** | **{ga / k:F3}** | **{pa / k:F3}** | **{fga / k:F3}** | | |"));
        return 0;
    }

    private static void Explain(List<string> truth, List<string> predicted, List<string> contents)
    {
        var byTruth = Enumerable.Range(0, truth.Count).GroupBy(i => ParsingScore.Normalise(truth[i]));
        foreach (var g in byTruth)
        {
            var preds = g.GroupBy(i => ParsingScore.Normalise(predicted[i])).ToList();
            var predLines = preds.Count == 1 ? predicted.Select((p, i) => (p, i)).Where(x => ParsingScore.Normalise(x.p) == preds[0].Key).Count() : -1;
            if (preds.Count > 1 || predLines != g.Count())
            {
                Console.WriteLine($"  TRUTH {g.Count(),4} {g.Key}");
                foreach (var p in preds.Take(4))
                {
                    Console.WriteLine($"     -> {p.Count(),4} {p.Key}   e.g. {contents[p.First()]}");
                }
            }
            else if (ParsingScore.Normalise(predicted[g.First()]) != g.Key)
            {
                Console.WriteLine($"  PA   {g.Count(),4} {g.Key}\n     ~> {ParsingScore.Normalise(predicted[g.First()])}");
            }
        }
    }
}
