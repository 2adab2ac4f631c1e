using System.Text.RegularExpressions;

namespace LogWarden.Tests.Support;

/// <summary>
/// The metrics of ../shared/tools/score_parsing.py (GA, PA, FGA, FTA), computed the same way: templates
/// compared after whitespace normalisation, ground truth grouped by its EventTemplate string.
/// </summary>
public sealed partial record ParsingScore(double GA, double PA, double FGA, double FTA, int GroundTruthGroups, int PredictedGroups)
{
    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();

    public static string Normalise(string template) => WhitespaceRun().Replace(template, " ").Trim();

    /// <param name="truth">Ground-truth template per line.</param>
    /// <param name="predicted">Predicted template per line, same order.</param>
    public static ParsingScore Compute(IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        if (truth.Count != predicted.Count)
        {
            throw new ArgumentException("truth and prediction differ in length");
        }
        int n = truth.Count;
        var gt = truth.Select(Normalise).ToArray();
        var pr = predicted.Select(Normalise).ToArray();
        var gtGroups = Enumerable.Range(0, n).GroupBy(i => gt[i]).ToDictionary(g => g.Key, g => g.ToHashSet());
        var prGroups = Enumerable.Range(0, n).GroupBy(i => pr[i]).ToDictionary(g => g.Key, g => g.ToHashSet());
        int gaLines = 0, goodGroups = 0, goodTemplateGroups = 0;
        foreach (var (_, lines) in prGroups)
        {
            var truthKeys = lines.Select(i => gt[i]).Distinct().ToList();
            if (truthKeys.Count == 1 && gtGroups[truthKeys[0]].SetEquals(lines))
            {
                gaLines += lines.Count;
                goodGroups++;
                int any = lines.First();
                if (pr[any] == gt[any])
                {
                    goodTemplateGroups++;
                }
            }
        }
        int paLines = Enumerable.Range(0, n).Count(i => pr[i] == gt[i]);
        return new ParsingScore(
            (double)gaLines / n,
            (double)paLines / n,
            F1(goodGroups, prGroups.Count, gtGroups.Count),
            F1(goodTemplateGroups, prGroups.Count, gtGroups.Count),
            gtGroups.Count,
            prGroups.Count);
    }

    private static double F1(int correct, int predicted, int truth)
    {
        double p = predicted == 0 ? 0 : (double)correct / predicted;
        double r = truth == 0 ? 0 : (double)correct / truth;
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
