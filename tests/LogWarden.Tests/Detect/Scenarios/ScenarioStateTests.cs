using System.Text;
using LogWarden.Detect.Scenarios;

namespace LogWarden.Tests.Detect.Scenarios;

public sealed class ScenarioStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void What_the_background_taught_survives_a_restart()
    {
        var log = new AttackLines(T0).SshBackground(TimeSpan.FromHours(30), new Random(5));
        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);
        var learned = harness.Detector;
        byte[] state = learned.SaveState();

        var restarted = new ScenarioDetector();
        Assert.Equal(20, restarted.CapacityOf("ssh-brute-force")); // the initial capacity, before learning
        Assert.Equal(8 * 20 / 12.0, restarted.FastCapacityOf("ssh-brute-force"), 9); // raised as the initial capacity raises the slow one
        restarted.LoadState(state);

        Assert.Equal(learned.CapacityOf("ssh-brute-force"), restarted.CapacityOf("ssh-brute-force"));
        Assert.Equal(12, restarted.CapacityOf("ssh-brute-force"));
        Assert.Equal(8, restarted.FastCapacityOf("ssh-brute-force")); // the fast level's own histogram came back too
        Assert.Contains("ssh-brute-force#fast", Encoding.UTF8.GetString(state), StringComparison.Ordinal);
        string json = Encoding.UTF8.GetString(state);
        Assert.Contains("distributed-brute-force", json, StringComparison.Ordinal);
        Assert.Contains("auth-background", json, StringComparison.Ordinal);
        Assert.Equal(json, Encoding.UTF8.GetString(restarted.SaveState()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"version\":99,\"histograms\":[]}")]
    [InlineData("{\"version\":1,\"histograms\":[{\"kind\":\"ssh-brute-force\",\"weights\":[1,2,\"x\"]}]}")]
    [InlineData("{\"version\":1,\"histograms\":[{\"kind\":\"ssh-brute-force\",\"weights\":[1e308,1e308,1e308]}],\"rates\":[{\"kind\":\"nope\",\"key\":[null]}]}")]
    [InlineData("{\"version\":1,\"histograms\":null,\"rates\":[{\"kind\":\"auth-background\",\"key\":[\"ssh\",\"web\",null],\"rate\":{\"overall\":-1,\"hours\":3,\"byHour\":[1]}}]}")]
    public void Missing_or_garbled_state_starts_learning_afresh(string state)
    {
        var detector = new ScenarioDetector();

        detector.LoadState(Encoding.UTF8.GetBytes(state));

        Assert.Equal(20, detector.CapacityOf("ssh-brute-force"));
        Assert.DoesNotContain("overall\":-1", Encoding.UTF8.GetString(detector.SaveState()), StringComparison.Ordinal);
    }
}
