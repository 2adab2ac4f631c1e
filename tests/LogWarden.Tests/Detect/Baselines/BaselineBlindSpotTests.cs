using System.Globalization;
using LogWarden.Detect;
using LogWarden.Detect.Baselines;
using LogWarden.Tests.Detect.Security;
using Xunit.Abstractions;
using static LogWarden.Tests.Detect.Baselines.ServerLogStream;

namespace LogWarden.Tests.Detect.Baselines;

/// <summary>Blind spots: a source that stops decoding, security lines that change their wording or program.</summary>
public sealed class BaselineBlindSpotTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Tuesday = Monday.AddDays(1);
    private static readonly DateTimeOffset Wednesday = Monday.AddDays(2);

    /// <summary>Background with auth.log lines from Wednesday on rewritten as an upgrade would.</summary>
    private static IEnumerable<LogLine> Upgraded(Func<string, string> rewrite, DateTimeOffset until) =>
        BaselineHarness.Background(3).Where(l => l.Time < until).Select(l =>
            l.Source == Auth && l.Time >= Wednesday && l.Record.Program == "sshd" ? BaselineHarness.Decode(l.Time, l.Source, rewrite(l.Record.Raw)) : l);

    [Fact]
    public void Security_lines_replaced_by_similar_lines_nothing_recognises_are_a_blind_spot_warning()
    {
        const string NewWording = "password check did not pass for root from";
        Assert.Null(SecurityLines.Recognize($"Nov 25 02:00:00 web1 sshd-session[77]: {NewWording} 198.51.100.7 port 50022 ssh2")); // the premise

        // OpenSSH 9.8: per-session processes are "sshd-session", and (here) one message changed its wording.
        var lines = Upgraded(raw => raw.Replace(" sshd[", " sshd-session[", StringComparison.Ordinal).Replace("Failed password for root from", NewWording, StringComparison.Ordinal), Wednesday.AddHours(6));
        var harness = new BaselineHarness().Run(lines, Wednesday.AddHours(6));

        output.WriteLine(harness.Describe());
        var blind = harness.Of(BaselineKinds.SecurityBlindSpot);
        Finding warning = Assert.Single(blind, f => f.Severity == FindingSeverity.Warning);
        Assert.Equal(Auth, warning.Entities[EntityNames.Source]);
        Assert.Equal(Host, warning.Entities[EntityNames.Host]);
        Assert.Equal("sshd", warning.Entities[EntityNames.Process]);
        Assert.Contains("Failed password for root", harness.Miner.Resolve(int.Parse(warning.Entities[EntityNames.Template], CultureInfo.InvariantCulture)).Text, StringComparison.Ordinal);
        Assert.Contains("password check did not pass", warning.Title, StringComparison.Ordinal);
        Assert.InRange(warning.Timestamp, Wednesday.AddHours(1), Wednesday.AddHours(4));
        Assert.Contains(blind, f => f.Severity == FindingSeverity.Info && f.Title.Contains("sshd-session", StringComparison.Ordinal)); // the lines still recognised
        Assert.Single(harness.Alerts);
    }

    [Fact]
    public void Security_lines_that_only_change_their_program_are_an_info_finding()
    {
        var lines = Upgraded(raw => raw.Replace(" sshd[", " sshd-session[", StringComparison.Ordinal), Wednesday.AddHours(6));
        var harness = new BaselineHarness().Run(lines, Wednesday.AddHours(6));

        output.WriteLine(harness.Describe());
        var changed = harness.Of(BaselineKinds.SecurityBlindSpot);
        Assert.NotEmpty(changed);
        Assert.All(changed, f => Assert.Equal(FindingSeverity.Info, f.Severity));
        Assert.All(changed, f => Assert.Contains("from sshd-session", f.Title, StringComparison.Ordinal));
        Assert.Empty(harness.Alerts);
    }

    [Fact]
    public void A_source_whose_lines_stop_decoding_is_a_warning_naming_the_source()
    {
        DateTimeOffset change = Tuesday.AddHours(10);
        // A logging change: the JSON lines become bare text with no time, level or logger.
        var lines = BaselineHarness.Background(2).Select(l =>
            l.Source == App && l.Time >= change ? BaselineHarness.Decode(l.Time, l.Source, "worker said: " + l.Record.Message) : l);

        var harness = new BaselineHarness().Run(lines, Tuesday.AddHours(14));

        output.WriteLine(harness.Describe());
        var lost = harness.Of(BaselineKinds.DecodingLost);
        Finding timestamps = lost.First(f => f.Title.Contains("timestamps", StringComparison.Ordinal) && f.Severity == FindingSeverity.Warning);
        Assert.Single(lost.Where(f => f.Title.Contains("timestamps", StringComparison.Ordinal)).Select(f => f.Key).Distinct()); // one incident, updated while it lasts
        Assert.InRange(timestamps.Timestamp, change, change.AddMinutes(90));
        Assert.Equal(App, timestamps.Entities[EntityNames.Source]);
        Assert.Equal(Host, timestamps.Entities[EntityNames.Host]);
        Assert.All(harness.Alerts, f => Assert.Equal(BaselineKinds.DecodingLost, f.Kind));
    }
}
