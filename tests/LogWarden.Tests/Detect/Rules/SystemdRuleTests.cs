using LogWarden.Detect;
using static LogWarden.Tests.Detect.Rules.RuleHarness;

namespace LogWarden.Tests.Detect.Rules;

public sealed class SystemdRuleTests
{
    private static readonly DateTimeOffset T0 = At("Nov 25 12:00:00");

    private static string Systemd(DateTimeOffset t, string message) => Syslog(t, "systemd[1]", message);

    /// <summary>A harness whose detector has learned for two days (unit failures it saw then count as known).</summary>
    private static RuleHarness Learned(params string[] learning) =>
        new RuleHarness().Feed([Systemd(T0.AddDays(-3), "Started Daily apt download activities."), .. learning]);

    [Fact]
    public void A_unit_that_fails_and_stays_down_is_a_warning_once_its_restart_had_time_to_come()
    {
        var harness = Learned().Feed(
            Systemd(T0, "backup.service: Main process exited, code=exited, status=1/FAILURE"),
            Systemd(T0, "backup.service: Failed with result 'exit-code'."),
            Systemd(T0, "Failed to start Nightly backup."));
        harness.AdvanceTo(T0.AddSeconds(30));
        Assert.Empty(harness.Findings);

        harness.AdvanceTo(T0.AddSeconds(50));

        var finding = Assert.Single(harness.Findings);
        Assert.Equal("unit-failed", finding.Kind);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("backup.service", finding.Entities["unit"]);
        Assert.Equal("Unit backup.service failed (exit-code)", finding.Title);
        Assert.Equal(T0.AddSeconds(45), finding.Timestamp);
    }

    [Fact]
    public void A_unit_that_fails_every_day_is_only_recorded_until_it_stops_failing_for_a_week()
    {
        var harness = Learned(Systemd(T0.AddDays(-2), "logrotate.service: Failed with result 'exit-code'."));
        harness.Feed(Systemd(T0, "logrotate.service: Failed with result 'exit-code'.")).AdvanceTo(T0.AddMinutes(2));
        Assert.All(harness.Findings, f => Assert.Equal(FindingSeverity.Info, f.Severity)); // the learning day's failure, then today's
        Assert.Contains(harness.Findings, f => f.FirstSeen == T0);

        harness.Feed(Systemd(T0.AddDays(8), "logrotate.service: Failed with result 'exit-code'.")).AdvanceTo(T0.AddDays(8).AddMinutes(2));

        Assert.Equal(FindingSeverity.Warning, harness.Findings[^1].Severity);
    }

    [Fact]
    public void A_unit_that_fails_and_is_restarted_is_only_recorded()
    {
        var harness = new RuleHarness().Feed(
            Systemd(T0, "web.service: Failed with result 'exit-code'."),
            Systemd(T0.AddSeconds(5), "web.service: Scheduled restart job, restart counter is at 1."),
            Systemd(T0.AddSeconds(5), "Started web.service - Web application."));
        harness.AdvanceTo(T0.AddMinutes(2));

        var finding = Assert.Single(harness.Findings);
        Assert.Equal("unit-failed", finding.Kind);
        Assert.Equal(FindingSeverity.Info, finding.Severity);
    }

    [Fact]
    public void Units_failing_while_the_machine_shuts_down_are_only_recorded()
    {
        var harness = new RuleHarness().Feed(
            Systemd(T0, "Stopping User Login Management..."),
            Systemd(T0.AddSeconds(1), "app.service: Failed with result 'signal'."),
            Systemd(T0.AddSeconds(2), "Reached target System Shutdown."),
            Syslog(T0.AddMinutes(3), "kernel", "[    0.000000] Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org)"));
        harness.AdvanceTo(T0.AddMinutes(5));

        Assert.Empty(harness.Alerts);
    }

    [Fact]
    public void Three_restarts_within_ten_minutes_are_a_restart_loop_raised_on_the_third()
    {
        var harness = new RuleHarness();
        for (int i = 1; i <= 3; i++)
        {
            harness.Feed(Systemd(T0.AddMinutes(2 * i), $"worker.service: Scheduled restart job, restart counter is at {i}."));
            if (i < 3)
            {
                Assert.DoesNotContain(harness.Findings, f => f.Kind == "unit-restart-loop");
            }
        }

        var loop = Assert.Single(harness.Findings, f => f.Kind == "unit-restart-loop");
        Assert.Equal(FindingSeverity.Warning, loop.Severity);
        Assert.Equal(T0.AddMinutes(6), loop.Timestamp);
        Assert.Equal("Unit worker.service is in a restart loop: 3 restarts in 10 min", loop.Title);
    }

    [Fact]
    public void Restarts_spread_over_hours_are_no_loop()
    {
        var harness = new RuleHarness();
        for (int i = 1; i <= 5; i++)
        {
            harness.Feed(Systemd(T0.AddHours(i), $"worker.service: Scheduled restart job, restart counter is at {i}."));
        }

        Assert.DoesNotContain(harness.Findings, f => f.Kind == "unit-restart-loop");
    }

    [Fact]
    public void A_unit_that_hit_its_start_limit_is_critical()
    {
        var harness = new RuleHarness().Feed(
            Systemd(T0, "chirpstack.service: Start request repeated too quickly."),
            Systemd(T0, "chirpstack.service: Failed with result 'start-limit-hit'."));

        var finding = Assert.Single(harness.Findings);
        Assert.Equal("unit-start-limit", finding.Kind);
        Assert.Equal(FindingSeverity.Critical, finding.Severity);
        Assert.Equal("chirpstack.service", finding.Entities["unit"]);
        Assert.Equal(T0, finding.Timestamp);
    }
}
