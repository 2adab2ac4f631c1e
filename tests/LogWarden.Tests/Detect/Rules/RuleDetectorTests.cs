using LogWarden.Detect;
using LogWarden.Detect.Rules;
using static LogWarden.Tests.Detect.Rules.RuleHarness;

namespace LogWarden.Tests.Detect.Rules;

public sealed class RuleDetectorTests
{
    private static readonly DateTimeOffset T0 = At("Nov 20 09:00:00");

    [Theory]
    [InlineData("OOM killer killed {process}[ (pid {pid})][ in {unit}]", "OOM killer killed java (pid 12)")]
    [InlineData("[{missing} ]{process}\\[x\\]", "java[x]")]
    [InlineData("{process}[ in {unit}[ on {host}]]", "java")]
    public void Titles_leave_out_optional_parts_whose_values_are_missing(string template, string expected)
    {
        var values = new Dictionary<string, string> { ["process"] = "java", ["pid"] = "12" };

        Assert.Equal(expected, TextTemplate.Parse(template).Render(values));
        Assert.Null(TextTemplate.Parse("{unit} failed").Render(values));
    }

    [Theory]
    [InlineData("su", "su", true)]
    [InlineData("su(*", "su(pam_unix)", true)]
    [InlineData("su", "sudo", false)]
    [InlineData("postgres*", "POSTGRES[12]", true)]
    [InlineData("*.service", "nginx.service", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a*b*c", "axxbyyd", false)]
    public void Globs_match_names_in_any_case(string glob, string text, bool expected)
    {
        Assert.Equal(expected, Glob.IsMatch(glob, text));
    }

    [Fact]
    public void Memory_stays_bounded_under_a_flood_of_distinct_sources()
    {
        var options = new RuleDetectorOptions { MaxCounters = 1000, MaxEpisodes = 100 };
        var harness = new RuleHarness(options: options);
        for (int i = 0; i < 20_000; i++)
        {
            harness.Feed(Syslog(T0.AddMilliseconds(10 * i), "kernel", $"[UFW BLOCK] IN=eth0 OUT= MAC=00 SRC=10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255} DST=192.0.2.1 LEN=40 PROTO=TCP SPT=1 DPT=22"));
        }

        Assert.InRange(harness.Detector.Tracked, 1, 1000 + 1000 + 1000 + 100 + 10_000);
        Assert.True(harness.Detector.Evicted >= 19_000 - 1000);
        // The overall surge (20,000 drops in 200 s) is still seen.
        Assert.Contains(harness.Findings, f => f.Title.StartsWith("Firewall dropped ", StringComparison.Ordinal) && f.Title.EndsWith("(all sources)", StringComparison.Ordinal));
    }

    [Fact]
    public void Hostile_lines_are_survived_and_raise_nothing()
    {
        var random = new Random(5);
        var garbage = new char[100_000];
        for (int i = 0; i < garbage.Length; i++)
        {
            garbage[i] = (char)random.Next(1, 0xD7FF);
        }

        var harness = new RuleHarness().Feed(
            new string(garbage),
            Syslog(T0, "kernel", new string('x', 1_000_000)),
            Syslog(T0, "kernel", string.Concat(Enumerable.Repeat("Out of memory: Kill", 20_000))),
            Syslog(T0, "sudo", "   : TTY= ; PWD= ; USER=root ; COMMAND="),
            Syslog(T0, "kernel", "[UFW BLOCK] IN= OUT= SRC= DST="),
            "");

        Assert.Empty(harness.Alerts);
    }

    [Fact]
    public void A_user_pattern_that_backtracks_catastrophically_moves_to_the_automaton_engine()
    {
        var set = WithPacks(false, """
            rules:
              - {id: slow, kind: slow, severity: info, title: Slow, match: {contains: [aaaa], regex: '^(\w+\s?)+$'}}
            """);
        var harness = new RuleHarness(set);
        string evil = Syslog(T0, "app", new string('a', 40) + "!");
        for (int i = 0; i < RulePattern.TimeoutsBeforeAutomaton + 2; i++)
        {
            harness.Feed(evil);
        }

        Assert.Equal(RulePattern.TimeoutsBeforeAutomaton, harness.Detector.RegexTimeouts);
        Assert.True(set.Rules[0].Match.Regex!.Regex.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.NonBacktracking));
        harness.Feed(Syslog(T0, "app", "aaaaaaaa"));
        Assert.Single(harness.Findings);
    }

    [Fact]
    public void Gathered_matches_that_were_never_closed_come_out_when_log_time_moves_on()
    {
        var harness = new RuleHarness().Feed(Syslog(T0, "kernel", "Out of memory: Killed process 99 (python3) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:1kB oom_score_adj:0"));
        Assert.Empty(harness.Findings);
        Assert.Equal(1, harness.Detector.Tracked);

        harness.AdvanceBy(TimeSpan.FromSeconds(6));

        Assert.Single(harness.Findings);
    }

    [Fact]
    public void Every_alert_of_the_built_in_rules_names_its_host()
    {
        var harness = new RuleHarness().Feed(
            Syslog(T0, "kernel", "Kernel panic - not syncing: Fatal exception"),
            Syslog(T0, "kernel", "BUG: kernel NULL pointer dereference, address: 0000000000000008"),
            Syslog(T0, "kernel", "watchdog: BUG: soft lockup - CPU#2 stuck for 22s! [java:4321]"),
            Syslog(T0, "kernel", "md/raid1:md0: Disk failure on sdb1, disabling device."),
            Syslog(T0, "smartd[800]", "Device: /dev/sda [SAT], 8 Currently unreadable (pending) sectors"));
        harness.AdvanceBy(TimeSpan.FromMinutes(1));

        Assert.True(harness.Alerts.Count() >= 4);
        Assert.All(harness.Alerts, f => Assert.Equal("web", f.Entities["host"]));
    }
}
