using LogWarden.Tests.Parse;

namespace LogWarden.Tests.Cli;

public sealed class RulesCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void List_shows_the_built_in_rules_with_kind_severity_and_pack()
    {
        var (exit, output, errors) = CliRunner.Run("rules", "list", "--no-user-rules");

        Assert.True(exit == 0, errors);
        Assert.Matches(@"(?m)^oom-kill\s+oom-kill\s+critical\s+gather 5 s\s+oom$", output);
        Assert.Matches(@"(?m)^sudo-to-root\s+privilege-escalation\s+warning\s+new user, allowlist\s+privilege$", output);
        Assert.Contains("rules in force", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_user_pack_fails_with_its_file_and_line()
    {
        string pack = _dir.Write("mine.yaml", """
            rules:
              - id: mine
                kind: mine
                severity: urgent
                title: Mine
                match: {contains: [x]}
            """);

        var (exit, _, errors) = CliRunner.Run("rules", "list", "--no-user-rules", "--rules", pack);

        Assert.Equal(1, exit);
        Assert.Contains($"{pack}:4:15: 'severity' must be info, warning or critical, not 'urgent'", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_shows_which_rules_fire_on_which_lines_and_the_findings()
    {
        string pack = _dir.Write("rules.d/app.yaml", """
            rules:
              - id: payment-declined
                kind: payment-declined
                severity: warning
                title: 'Payments declined for {merchant}: {count} in {window}'
                match:
                  from: [shop]
                  regex: 'payment declined merchant=(?<merchant>\w+)'
                threshold: {count: 2, within: 5m}
            """);
        string log = _dir.Write("app.log", """
            Nov 20 09:00:00 web shop[10]: payment declined merchant=acme code=51
            Nov 20 09:00:30 web shop[10]: payment accepted merchant=acme
            Nov 20 09:01:00 web shop[10]: payment declined merchant=acme code=05
            Nov 20 09:01:05 web kernel: [123.4] Out of memory: Killed process 1234 (java) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:1kB oom_score_adj:0
            Nov 20 09:01:06 web other[11]: payment declined merchant=acme code=05
            """);

        var (exit, output, errors) = CliRunner.Run("rules", "test", "--no-user-rules", "--rules", Path.GetDirectoryName(pack)!, log);

        Assert.True(exit == 0, errors);
        Assert.Contains($"{log}:1  payment-declined  merchant=acme", output, StringComparison.Ordinal);
        Assert.Contains($"{log}:3  payment-declined  merchant=acme", output, StringComparison.Ordinal);
        Assert.DoesNotContain($"{log}:5  payment-declined", output, StringComparison.Ordinal);
        Assert.Contains($"{log}:4  oom-kill  process=java killed_pid=1234", output, StringComparison.Ordinal);
        Assert.Matches(@"FINDING \d{4}-11-20 09:01:00  warning   payment-declined  Payments declined for acme: 2 in 5 min  \[host=web\] count=1", output);
        Assert.Contains("critical  oom-kill  OOM killer killed java (pid 1234)", output, StringComparison.Ordinal);
        Assert.Contains("5 lines, 3 rule matches, 2 findings (2 warning or critical)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_without_files_checks_the_rules_examples()
    {
        string pack = _dir.Write("wrong.yaml", """
            rules:
              - id: wrong-example
                kind: thing
                severity: info
                title: 'Thing {n}'
                match: {regex: 'thing (?<n>\d+)'}
                examples:
                  - line: 'Nov 20 09:00:00 web app[1]: thing 42'
                    values: {n: '43'}
            """);

        var (exit, output, _) = CliRunner.Run("rules", "test", "--no-user-rules", "--no-builtin", "--rules", pack);
        Assert.Equal(1, exit);
        Assert.Contains("rule 'wrong-example' extracts n=42, the example says 43", output, StringComparison.Ordinal);

        (exit, output, _) = CliRunner.Run("rules", "test", "--no-user-rules");
        Assert.Equal(0, exit);
        Assert.Matches(@"\d+ examples of \d+ rules checked, 0 problems", output);
    }

    [Fact]
    public void Test_of_an_unknown_rule_id_is_a_usage_error()
    {
        var (exit, _, errors) = CliRunner.Run("rules", "test", "--no-user-rules", "--rule", "no-such-rule", "x.log");

        Assert.Equal(2, exit);
        Assert.Contains("no rule 'no-such-rule'", errors, StringComparison.Ordinal);
    }
}
