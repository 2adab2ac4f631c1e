using LogWarden.Mine;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Mine;

/// <summary>
/// Accuracy of the default setting on the shared LogHub-2k samples, scored like ../shared/tools/score_parsing.py
/// against the corrected ground truth. Floors sit a little under what was measured (docs/BENCHMARKS.md) and
/// at or above Drain's published grouping accuracy, so a regression fails here.
/// </summary>
public sealed class MinerAccuracyTests
{
    // dataset, GA floor (≥ Drain's GA), PA floor, FGA floor
    public static TheoryData<string, double, double, double> Floors => new()
    {
        { "Apache", 1.000, 0.55, 0.99 },
        { "BGL", 0.975, 0.93, 0.92 },
        { "HDFS", 0.999, 0.49, 0.99 },
        { "HPC", 0.94, 0.93, 0.82 },
        { "Hadoop", 0.98, 0.58, 0.93 },
        { "HealthApp", 0.99, 0.78, 0.99 },
        { "Linux", 0.93, 0.96, 0.97 },
        { "OpenSSH", 0.99, 0.98, 0.88 },
        { "Spark", 0.99, 0.98, 0.93 },
        { "Zookeeper", 0.98, 0.66, 0.86 },
    };

    private static ParsingScore Score(string name)
    {
        var sample = LogHubSample.Load(name);
        var miner = new TemplateMiner();
        var ids = sample.Messages.Select(m => miner.Add(m)).ToList();
        return ParsingScore.Compute(sample.Templates, ids.Select(id => miner.Resolve(id).Text).ToList());
    }

    [Theory]
    [MemberData(nameof(Floors))]
    public void Default_setting_keeps_its_accuracy(string name, double ga, double pa, double fga)
    {
        ParsingScore s = Score(name);
        Assert.True(s.GA >= ga, $"{name} GA {s.GA:F3} < {ga}");
        Assert.True(s.PA >= pa, $"{name} PA {s.PA:F3} < {pa}");
        Assert.True(s.FGA >= fga, $"{name} FGA {s.FGA:F3} < {fga}");
    }

    [Fact]
    public void Averages_meet_the_bars()
    {
        var scores = Floors.Select(row => Score((string)row[0])).ToList();
        Assert.True(scores.Average(s => s.GA) >= 0.97, $"mean GA {scores.Average(s => s.GA):F3}");
        Assert.True(scores.Average(s => s.PA) >= 0.70, $"mean PA {scores.Average(s => s.PA):F3}");
        Assert.True(scores.Average(s => s.FGA) >= 0.90, $"mean FGA {scores.Average(s => s.FGA):F3}");
    }
}
