using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Detect.Rules;
using static LogWarden.Tests.Detect.Rules.RuleHarness;

namespace LogWarden.Tests.Detect.Rules;

public sealed class RulePackFormatTests
{
    private static readonly DateTimeOffset T0 = At("Nov 20 09:00:00");

    private static IReadOnlyList<ConfigError> Errors(string yaml)
    {
        var e = Assert.Throws<ConfigException>(() => WithPacks(false, yaml));
        return e.Errors;
    }

    [Fact]
    public void A_pattern_that_does_not_compile_is_reported_with_its_file_and_line()
    {
        var errors = Errors("""
            rules:
              - id: broken
                kind: broken
                severity: warning
                title: Broken
                match:
                  regex: 'unclosed (group'
            """);

        var error = Assert.Single(errors);
        Assert.Equal("pack0.yaml:7:14", error.Origin);
        Assert.Contains("does not compile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_keys_missing_parts_and_bad_values_are_all_reported_at_once()
    {
        var errors = Errors("""
            rules:
              - id: one
                kind: thing
                severity: loud
                title: 'One {missing}'
                mach:
                  contains: [x]
              - id: two
                kind: thing
                severity: info
                title: 'Two {who}'
                match:
                  regex: 'user (?<who>\w+)'
                threshold: {count: 0, within: soon}
            """);

        string all = string.Join("\n", errors);
        Assert.Contains("pack0.yaml:4:15: 'severity' must be info, warning or critical, not 'loud'", all, StringComparison.Ordinal);
        Assert.Contains("pack0.yaml:6:5: unknown key 'mach' (did you mean 'match'?)", all, StringComparison.Ordinal);
        Assert.Contains("'count' must be a whole number of at least 1, not '0'", all, StringComparison.Ordinal);
        Assert.Contains("'soon' is not a duration", all, StringComparison.Ordinal);
    }

    [Fact]
    public void A_title_naming_a_value_the_rule_does_not_extract_is_an_error()
    {
        var errors = Errors("""
            rules:
              - id: typo
                kind: thing
                severity: info
                title: 'Login by {usr}'
                match:
                  regex: 'login by (?<user>\w+)'
            """);

        Assert.Contains("the title uses {usr}, which this rule does not extract", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disabling_an_unknown_rule_and_defining_an_id_twice_are_errors()
    {
        var errors = Errors("""
            disable: [no-such-rule]
            rules:
              - {id: twice, kind: k, severity: info, title: T, match: {contains: [a]}}
              - {id: twice, kind: k, severity: info, title: T, match: {contains: [b]}}
            """);

        Assert.Contains(errors, e => e.Message == "cannot disable 'no-such-rule': no such rule" && e.Origin == "pack0.yaml:1:11");
        Assert.Contains(errors, e => e.Message.Contains("defined twice", StringComparison.Ordinal));
    }

    [Fact]
    public void A_user_pack_can_disable_replace_or_amend_a_built_in_rule_by_id()
    {
        var set = WithPacks(true, """
            disable: [kernel-warning]
            rules:
              - id: disk-full
                severity: warning
                quiet: 1h
              - id: sudo-to-root
                allow: {user: [root, 'ansible*']}
              - id: hung-task
                kind: hung-task
                severity: critical
                title: 'Stuck: {process}'
                match:
                  regex: 'task (?<process>\S+):\d+ blocked for more than'
            """);

        Assert.Null(set.Rules.FirstOrDefault(r => r.Id == "kernel-warning"));
        Assert.NotNull(set.Disabled.FirstOrDefault(r => r.Id == "kernel-warning"));
        var disk = set.Find("disk-full")!;
        Assert.Equal(FindingSeverity.Warning, disk.Severity);
        Assert.Equal(TimeSpan.FromHours(1), disk.Quiet);
        Assert.Equal("disk-full", disk.Kind); // the rest is the built-in's
        Assert.Contains("no space left on device", disk.Match.Regex!.Text, StringComparison.Ordinal);
        Assert.Equal(["root", "ansible*"], set.Find("sudo-to-root")!.Allow["user"]);
        Assert.Equal("Stuck: {process}", set.Find("hung-task")!.Title.Text);

        var harness = new RuleHarness(set).Feed(
            Syslog(T0, "sudo", "   ansible-runner : TTY=unknown ; PWD=/ ; USER=root ; COMMAND=/bin/true"),
            Syslog(T0.AddDays(2), "sudo", "   ansible-runner : TTY=unknown ; PWD=/ ; USER=root ; COMMAND=/bin/true"),
            Syslog(T0.AddDays(2), "kernel", "INFO: task kworker/1:2:77 blocked for more than 120 seconds."));
        Assert.Equal(["hung-task"], harness.Findings.Select(f => f.Kind));
        Assert.Equal(FindingSeverity.Critical, harness.Findings[0].Severity);
    }

    [Fact]
    public void An_amendment_of_a_rule_that_does_not_exist_is_an_error()
    {
        var errors = Errors("""
            rules:
              - id: no-such-built-in
                severity: info
            """);

        Assert.Contains("amends no rule defined before it", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_rule_matches_fields_levels_programs_and_templates()
    {
        var set = WithPacks(false, """
            rules:
              - id: slow-checkout
                kind: slow-request
                severity: warning
                title: 'Slow {path} ({ms} ms) for {user}'
                match:
                  from: ['shop*']
                  level: warning
                  fields: {duration_ms: '^(?<ms>[1-9]\d{4,})$', route: '^(?<path>/checkout\S*)$'}
                  template: 'request <\*> finished'
                entities:
                  user: '{customer}'
            """);
        var harness = new RuleHarness(set).Feed(
            """{"time":"2024-11-20T09:00:00Z","level":"warn","app":"shop-api","msg":"request 42 finished","duration_ms":"15000","route":"/checkout/pay","customer":"c-17"}""",
            """{"time":"2024-11-20T09:00:01Z","level":"info","app":"shop-api","msg":"request 43 finished","duration_ms":"25000","route":"/checkout/pay","customer":"c-18"}""",
            """{"time":"2024-11-20T09:00:02Z","level":"warn","app":"shop-api","msg":"request 44 finished","duration_ms":"900","route":"/checkout/pay","customer":"c-19"}""",
            """{"time":"2024-11-20T09:00:03Z","level":"warn","app":"billing","msg":"request 45 finished","duration_ms":"30000","route":"/checkout/pay","customer":"c-20"}""");

        var finding = Assert.Single(harness.Findings);
        Assert.Equal("Slow /checkout/pay (15000 ms) for c-17", finding.Title);
        Assert.Equal("c-17", finding.Entities["user"]);
    }

    [Fact]
    public void Quiet_keeps_a_continuing_finding_from_being_re_raised_every_minute()
    {
        var set = WithPacks(false, """
            rules:
              - {id: flaky, kind: flaky, severity: warning, title: 'Flaky {thing}', quiet: 30m, match: {regex: 'flaky (?<thing>\w+)'}}
            """);
        var harness = new RuleHarness(set);
        for (int i = 0; i < 20; i++)
        {
            harness.Feed(Syslog(T0.AddMinutes(i), "app", "flaky disk"));
        }

        Assert.Single(harness.Findings);
        harness.AdvanceTo(T0.AddMinutes(31));
        Assert.Equal(2, harness.Findings.Count);
        Assert.Equal(20, harness.Findings[1].Count);
    }
}
