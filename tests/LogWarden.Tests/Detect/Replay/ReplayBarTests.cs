using LogWarden.Tests.Cli;
using LogWarden.Tests.Support.Replay;

namespace LogWarden.Tests.Detect.Replay;

/// <summary>
/// Issue 6's replay bar, end to end: two hosts, two days to learn, one day with every incident kind,
/// through `logwarden analyze DIR --learn 2d --json` as a user runs it, on seeds the engine was not tuned on.
/// </summary>
public sealed class ReplayBarTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(29)]
    public void Analyze_finds_the_incidents_with_their_entities_quickly_and_stays_quiet_otherwise(int seed)
    {
        string dir = Directory.CreateTempSubdirectory("logwarden-replay-bar-").FullName;
        try
        {
            ReplayTruth truth = ReplayGenerator.Generate(new ReplayOptions { Seed = seed, Days = 3, LearnDays = 2, Hosts = 2, Scale = 0.1 }, dir);
            var (exit, output, errors) = CliRunner.Run("analyze", Path.Combine(dir, ReplayGenerator.LogsDirectory), "--learn", "2d", "--json");
            Assert.True(exit == 0, errors);

            var findings = ReplayFinding.ParseJsonLines(output, out int malformed);
            Assert.Equal(0, malformed);
            ReplayScore score = ReplayScore.Compute(truth, findings);
            Assert.True(score.MeetsBars, $"seed {seed}:\n{score.Report()}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
