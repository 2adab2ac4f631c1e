using LogWarden.Alert;
using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Respond;
using LogWarden.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogWarden.Tests.Respond;

public sealed class ResponderTests
{
    [Fact]
    public async Task An_address_that_joins_an_open_incident_is_banned_then_and_no_other_step_repeats()
    {
        var runner = new RecordingCommandRunner();
        var config = new RespondConfig
        {
            Enabled = true,
            DryRun = false,
            Units = ["sshd.service"],
            Playbooks = [RespondRig.Playbook("kind=ssh-brute-force", new PlaybookActionConfig { Type = "ban" }, new PlaybookActionConfig { Type = "restart-unit", Unit = "sshd.service" })],
        };
        using var rig = new RespondRig(config, runner);
        var incident = RespondRig.Incident("ssh-brute-force", FindingSeverity.Warning, ("ip", "203.0.113.9"));
        var first = await rig.Responder.RespondAsync(incident, CancellationToken.None);
        // A second attacker's finding joins the incident: only the new address is acted on.
        var joined = incident with { Entities = new Dictionary<string, IReadOnlyList<string>> { ["ip"] = ["203.0.113.9", "203.0.113.10"] } };
        var second = await rig.Responder.RespondAsync(joined, CancellationToken.None);
        var again = await rig.Responder.RespondAsync(joined, CancellationToken.None);

        Assert.Equal(["ban", "restart-unit"], first.Select(s => s.Action));
        ResponseActionRecord ban = Assert.Single(second);
        Assert.StartsWith("network=203.0.113.10/32", ban.Arguments, StringComparison.Ordinal);
        Assert.Empty(again);
        Assert.Equal(2, rig.Audit.CurrentBans(DateTimeOffset.UtcNow).Count);

        // A responder started afresh (the daemon restarted) reads from the audit what was done.
        var fresh = new Responder(rig.Config, rig.Firewall, runner, new BanAllowlist([], () => []), rig.Audit, TimeProvider.System, NullLogger<Responder>.Instance);
        Assert.Empty(await fresh.RespondAsync(joined, CancellationToken.None));
    }

    [Fact]
    public async Task Notify_queues_what_was_done_in_the_alert_outbox_for_the_incidents_channels()
    {
        var config = new RespondConfig
        {
            Enabled = true,
            DryRun = false,
            Playbooks = [RespondRig.Playbook("kind=ssh-brute-force", new PlaybookActionConfig { Type = "ban" }, new PlaybookActionConfig { Type = "notify" })],
        };
        var alerts = new AlertsConfig { Channels = [new AlertChannelConfig { Name = "ops", Type = "webhook", Url = "http://127.0.0.1:9/hook" }] };
        var woken = new List<string>();
        using var rig = new RespondRig(config, new RecordingCommandRunner());
        var outbox = (IAlertOutbox)rig.Store;
        var responder = new Responder(rig.Config, rig.Firewall, new RecordingCommandRunner(), new BanAllowlist([], () => []), rig.Audit, TimeProvider.System, NullLogger<Responder>.Instance)
        {
            Notifier = new OutboxResponseNotifier(outbox, new AlertRouter(alerts), id => "http://logwarden.test/incidents/" + id, TimeProvider.System, woken.Add),
        };
        var incident = RespondRig.Incident("ssh-brute-force", FindingSeverity.Warning, ("ip", "203.0.113.9"));

        var steps = await responder.RespondAsync(incident, CancellationToken.None);

        Assert.Equal("queued in the alert outbox for ops", steps[1].Output);
        Assert.Equal(["ops"], woken);
        OutboxRow row = Assert.Single(outbox.DueEntries("ops", DateTimeOffset.UtcNow.AddSeconds(1), 10));
        Assert.Equal(AlertNotice.Response, row.Entry.Notice);
        AlertMessage message = AlertMessage.FromJson(row.Entry.Payload);
        Assert.Equal("LogWarden responded: ssh-brute-force", message.Title);
        Assert.Equal("ban network=203.0.113.9/32 duration=3600s: ok", Assert.Single(message.Findings).Title);
        Assert.Equal("http://logwarden.test/incidents/" + incident.Id, message.Link);
    }

    [Fact]
    public async Task The_restart_budget_and_the_rate_limit_hold_for_a_responder_started_again()
    {
        var config = new RespondConfig
        {
            Enabled = true,
            DryRun = false,
            Units = ["nginx.service"],
            RestartBudget = 2,
            RateLimit = 3,
            Playbooks = [RespondRig.Playbook("kind=unit-failed", new PlaybookActionConfig { Type = "restart-unit", Unit = "nginx.service", ResetFailed = false })],
        };
        var runner = new RecordingCommandRunner();
        using var rig = new RespondRig(config, runner);
        Responder Started() => new(rig.Config, rig.Firewall, runner, new BanAllowlist([], () => []), rig.Audit, TimeProvider.System, NullLogger<Responder>.Instance);

        var results = new List<string>();
        foreach (Responder responder in new[] { Started(), Started(), Started() })
        {
            // Each a daemon started afresh, each a new incident of the unit failing.
            var steps = await responder.RespondAsync(RespondRig.Incident("unit-failed", FindingSeverity.Critical, ("unit", "nginx.service")), CancellationToken.None);
            results.Add(Assert.Single(steps).Result + " " + Assert.Single(steps).Output);
        }

        Assert.Equal(["ok ", "ok ", "refused restart budget spent (2 per 01:00:00)"], results);
        Assert.Equal(2, runner.Commands.Count);
        Assert.Equal(2, rig.Audit.CountActions("restart-unit", "unit=nginx.service", [ResponseResults.Ok], DateTimeOffset.UtcNow.AddHours(-1)));
        Assert.Equal(0, rig.Audit.CountActions("restart-unit", "unit=nginx", [ResponseResults.Ok], DateTimeOffset.UtcNow.AddHours(-1)));

        // The rate limit (3 an hour) counts the two restarts: a ban by yet another responder is the last one allowed.
        var bans = new Responder(rig.Config with { Playbooks = [RespondRig.Playbook("kind=ssh-brute-force", new PlaybookActionConfig { Type = "ban" })] },
            rig.Firewall, runner, new BanAllowlist([], () => []), rig.Audit, TimeProvider.System, NullLogger<Responder>.Instance);
        var banSteps = await bans.RespondAsync(RespondRig.Incident("ssh-brute-force", FindingSeverity.Warning, ("ip", "203.0.113.9"), ("ip", "203.0.113.10")), CancellationToken.None);
        Assert.Equal([ResponseResults.Ok, ResponseResults.Refused], banSteps.Select(s => s.Result));
    }
}
