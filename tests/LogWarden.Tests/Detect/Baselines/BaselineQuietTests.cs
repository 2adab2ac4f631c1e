using LogWarden.Detect;
using LogWarden.Detect.Baselines;
using Xunit.Abstractions;

namespace LogWarden.Tests.Detect.Baselines;

/// <summary>Near-misses: what is normal on the host must raise nothing.</summary>
public sealed class BaselineQuietTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Monday = ServerLogStream.Monday;

    [Fact]
    public void Four_days_of_a_server_with_a_daily_rhythm_raise_no_finding()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var harness = new BaselineHarness().Run(BaselineHarness.Background(4), Monday.AddDays(4));
        output.WriteLine($"{clock.ElapsedMilliseconds} ms");

        output.WriteLine($"{harness.Lines} lines, {harness.Detector.TemplateCount} templates");
        output.WriteLine(harness.Describe());
        Assert.True(harness.Lines > 40_000);
        Assert.Empty(harness.Alerts);
        Assert.DoesNotContain(harness.Findings, f => f.Kind != BaselineKinds.NewTemplate);
    }
}
