using LogWarden.Detect.Rules;

namespace LogWarden.Tests.Detect.Rules;

public sealed class BuiltInPackTests
{
    [Fact]
    public void Built_in_packs_load_without_errors_and_cover_every_issue_area()
    {
        var kinds = RuleSet.BuiltIn.Rules.Select(r => r.Kind).ToHashSet();

        Assert.Superset(
            new HashSet<string>
            {
                "oom-kill", "process-crash", "unit-failed", "unit-restart-loop", "disk-full", "io-error", "filesystem-error",
                "kernel-panic", "kernel-oops", "hung-task", "soft-lockup", "tls-certificate-expired", "new-account",
                "privilege-escalation", "login-after-failures", "database-error", "database-connections", "firewall-drop-surge",
            },
            kinds);
    }

    [Fact]
    public void Every_built_in_example_matches_as_stated()
    {
        var problems = RuleExamples.Check(RuleSet.BuiltIn);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
