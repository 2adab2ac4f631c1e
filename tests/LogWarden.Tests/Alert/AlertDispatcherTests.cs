using LogWarden.Alert;
using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Explain;
using LogWarden.Store;
using LogWarden.Tests.Parse;

namespace LogWarden.Tests.Alert;

/// <summary>Routing and noise control: what reaches the outbox, when, and with what.</summary>
public sealed class AlertDispatcherTests : IDisposable
{
    private const string Url = "http://127.0.0.1:9/unused";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private AlertRig Rig(AlertsConfig config, DateTimeOffset? start = null, IIncidentExplainer? explainer = null) =>
        new(_dir.Path, config, start ?? AlertSamples.T0, explainer);

    private static AlertsConfig Config(Func<AlertsConfig, AlertsConfig>? change = null, params string[] channels)
    {
        AlertsConfig config = AlertRig.Config([.. (channels.Length == 0 ? ["hook"] : channels).Select(c => AlertRig.Webhook(c, Url))]);
        return change is null ? config : change(config);
    }

    [Fact]
    public void Routes_take_the_first_match_unless_it_continues_and_fall_back_to_every_channel()
    {
        var config = Config(c => c with
        {
            Routes =
            [
                new AlertRouteConfig { Match = ["severity=critical"], Channels = ["pager"], Continue = true },
                new AlertRouteConfig { Match = ["host=~db-.*"], Channels = ["dba"] },
                new AlertRouteConfig { Match = ["source=sshd"], Channels = ["security"], RepeatInterval = TimeSpan.FromMinutes(10) },
            ],
        }, "pager", "dba", "security", "mail");
        var router = new AlertRouter(config);

        Assert.Equal(["pager", "dba"], router.Route(Labels("critical", "db-2", "postgres")).Select(t => t.Channel));
        Assert.Equal(["dba"], router.Route(Labels("warning", "db-2", "sshd")).Select(t => t.Channel));
        RouteTarget ssh = Assert.Single(router.Route(Labels("warning", "web-1", "sshd")));
        Assert.Equal("security", ssh.Channel);
        Assert.Equal(TimeSpan.FromMinutes(10), ssh.Timing.RepeatInterval);
        Assert.Equal(["pager", "dba", "security", "mail"], router.Route(Labels("warning", "web-1", "nginx")).Select(t => t.Channel));
    }

    private static Dictionary<string, string> Labels(string severity, string host, string source) =>
        new() { ["severity"] = severity, ["host"] = host, ["source"] = source, ["kind"] = "x" };

    [Fact]
    public void Incident_labels_carry_kind_severity_host_source_and_entities()
    {
        IncidentRecord incident = AlertSamples.Incident(3, FindingSeverity.Critical, entities: new Dictionary<string, IReadOnlyList<string>> { ["unit"] = ["sshd.service"], ["ip"] = ["203.0.113.9", "198.51.100.2"] });

        Dictionary<string, string> labels = AlertLabels.Of(incident);

        Assert.Equal("critical", labels["severity"]);
        Assert.Equal("ssh-brute-force", labels["kind"]);
        Assert.Equal("web-1", labels["host"]);
        Assert.Equal("sshd.service", labels["source"]);
        Assert.Equal("203.0.113.9", labels["ip"]);
        Assert.Equal("scenarios", labels["detector"]);
    }

    [Fact]
    public async Task A_silence_keeps_matching_alerts_back_until_it_is_expired()
    {
        using AlertRig rig = Rig(Config());
        var silences = (IAlertSilenceStore)rig.Store;
        long id = silences.AddSilence("kind=ssh-brute-force\nhost=~web-.*", rig.Time.GetUtcNow(), rig.Time.GetUtcNow().AddHours(2), "test", "maintenance");
        rig.Dispatcher.ReloadSilences();

        await rig.RaiseAsync(AlertNotice.Firing, AlertSamples.Incident(1));
        await rig.RaiseAsync(AlertNotice.Firing, AlertSamples.Incident(2, host: "db-1"));
        await rig.RaiseAsync(AlertNotice.Resolved, AlertRig.Resolved(AlertSamples.Incident(1), rig.Time.GetUtcNow()));

        Assert.Equal([2L], rig.Rows().Select(r => r.Entry.IncidentId));
        Assert.Equal(1, rig.Dispatcher.Silenced);

        Assert.True(silences.ExpireSilence(id, rig.Time.GetUtcNow()));
        rig.Dispatcher.ReloadSilences();
        await rig.RaiseAsync(AlertNotice.Firing, AlertSamples.Incident(3));
        Assert.Equal([2L, 3L], rig.Rows().Select(r => r.Entry.IncidentId));
    }

    [Fact]
    public async Task Quiet_hours_hold_warnings_until_morning_and_let_critical_alerts_through()
    {
        var config = Config(c => c with { QuietHours = new QuietHoursConfig { From = new TimeOnly(22, 0), To = new TimeOnly(7, 0) } });
        var night = new DateTimeOffset(2026, 11, 25, 23, 30, 0, TimeSpan.Zero);
        await using var receiver = await FakeChannelServer.StartAsync();
        config = config with { Channels = [AlertRig.Webhook("hook", receiver.BaseUrl)] };
        using AlertRig rig = Rig(config, night);

        await rig.RaiseAsync(AlertNotice.Firing, AlertSamples.Incident(1, FindingSeverity.Warning));
        await rig.RaiseAsync(AlertNotice.Firing, AlertSamples.Incident(2, FindingSeverity.Critical));
        await rig.DeliverAsync();

        Assert.Equal([2L], receiver.Received.Select(r => r.Json["alert"]!["incident_id"]!.GetValue<long>()));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero), rig.Rows()[0].Entry.NotBefore);

        rig.Time.Advance(TimeSpan.FromHours(7.5));
        await rig.DeliverAsync();
        Assert.Equal([2L, 1L], receiver.Received.Select(r => r.Json["alert"]!["incident_id"]!.GetValue<long>()));
    }

    [Fact]
    public void Quiet_hours_within_one_day_and_in_a_time_zone()
    {
        var berlin = new QuietHours(new QuietHoursConfig { From = new TimeOnly(12, 0), To = new TimeOnly(14, 0), TimeZone = "Europe/Berlin" });

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.Zero), berlin.ReleaseAt(new DateTimeOffset(2026, 11, 25, 11, 30, 0, TimeSpan.Zero)));
        DateTimeOffset outside = new(2026, 11, 25, 13, 30, 0, TimeSpan.Zero);
        Assert.Equal(outside, berlin.ReleaseAt(outside));
    }

    [Fact]
    public async Task An_escalation_inside_the_grouping_window_is_folded_into_the_first_notice()
    {
        var config = Config(c => c with { Timing = c.Timing with { GroupWait = TimeSpan.FromSeconds(30) } });
        using AlertRig rig = Rig(config);

        await rig.RaiseAsync(AlertNotice.Firing, AlertSamples.Incident(1, FindingSeverity.Warning));
        rig.Time.Advance(TimeSpan.FromSeconds(10));
        await rig.RaiseAsync(AlertNotice.Escalated, AlertSamples.Incident(1, FindingSeverity.Critical));

        OutboxRow row = Assert.Single(rig.Rows());
        Assert.Equal(AlertNotice.Firing, row.Entry.Notice);
        Assert.Equal("critical", row.Entry.Severity);
        Assert.Equal("critical", AlertMessage.FromJson(row.Entry.Payload).Severity);
        Assert.Equal(AlertSamples.T0.AddSeconds(30), row.Entry.NotBefore);

        // Told at critical already: the same severity again is no news.
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        await rig.RaiseAsync(AlertNotice.Escalated, AlertSamples.Incident(1, FindingSeverity.Critical) with { Title = "worse" });
        Assert.Single(rig.Rows());
    }

    [Fact]
    public async Task A_resolve_is_sent_only_where_the_incident_was_notified_and_when_the_route_wants_it()
    {
        var config = Config(c => c with
        {
            Routes = [new AlertRouteConfig { Match = ["host=db-1"], Channels = ["quiet"], SendResolved = false }],
        }, "hook", "quiet");
        using AlertRig rig = Rig(config);

        await rig.RaiseAsync(AlertNotice.Resolved, AlertRig.Resolved(AlertSamples.Incident(1), rig.Time.GetUtcNow())); // never notified
        await rig.RaiseAsync(AlertNotice.Firing, AlertSamples.Incident(2, host: "db-1"));
        await rig.RaiseAsync(AlertNotice.Resolved, AlertRig.Resolved(AlertSamples.Incident(2, host: "db-1"), rig.Time.GetUtcNow()));
        await rig.RaiseAsync(AlertNotice.Firing, AlertSamples.Incident(3));
        await rig.RaiseAsync(AlertNotice.Resolved, AlertRig.Resolved(AlertSamples.Incident(3), rig.Time.GetUtcNow()));

        // Incident 3 matches no route, so it goes to every channel, with the default timing (resolves sent).
        Assert.Equal(
            ["quiet:2:firing", "hook:3:firing", "quiet:3:firing", "hook:3:resolved", "quiet:3:resolved"],
            rig.Rows().Select(r => r.Entry.DedupeKey));
    }

    [Fact]
    public async Task An_open_incident_is_repeated_after_the_interval_with_current_counts_but_not_once_acknowledged()
    {
        var config = Config(c => c with { Timing = c.Timing with { RepeatInterval = TimeSpan.FromHours(1) } });
        using AlertRig rig = Rig(config);
        var incidents = (IIncidentStore)rig.Store;
        incidents.SaveIncidents([AlertSamples.Incident(1), AlertSamples.Incident(2)]);
        await rig.RaiseAsync(AlertNotice.Firing, AlertSamples.Incident(1));
        await rig.RaiseAsync(AlertNotice.Firing, AlertSamples.Incident(2));

        rig.Time.Advance(TimeSpan.FromMinutes(59));
        await rig.Dispatcher.CheckRepeatsAsync(CancellationToken.None);
        Assert.Equal(2, rig.Rows().Count);

        incidents.SaveIncidents([AlertSamples.Incident(1) with { Lines = 4242 }]);
        Assert.True(incidents.TrySetIncidentStatus(2, IncidentStatus.Acknowledged, rig.Time.GetUtcNow(), out _));
        rig.Time.Advance(TimeSpan.FromMinutes(2));
        await rig.Dispatcher.CheckRepeatsAsync(CancellationToken.None);

        OutboxRow repeat = rig.Rows()[^1];
        Assert.Equal(3, rig.Rows().Count);
        Assert.Equal("hook:1:repeat:1", repeat.Entry.DedupeKey);
        Assert.Equal(4242, AlertMessage.FromJson(repeat.Entry.Payload).Lines);
    }

    [Fact]
    public async Task Messages_carry_the_explanation_of_a_registered_explainer_and_go_without_one_when_it_fails()
    {
        var explainer = new TestExplainer();
        using (AlertRig rig = Rig(Config(), explainer: explainer))
        {
            await rig.RaiseAsync(AlertNotice.Firing, AlertSamples.Incident(1));
            AlertMessage message = AlertMessage.FromJson(Assert.Single(rig.Rows()).Entry.Payload);
            Assert.Equal("Someone is guessing passwords for root over SSH.", message.Explanation!.Summary);
            Assert.Equal(["Ban 203.0.113.9", "Disable password logins in sshd_config"], message.Explanation.Steps);
            Assert.Equal("https://lw.example/incidents/1", message.Link);
        }
        using (AlertRig rig = Rig(Config(), explainer: new FailingExplainer()))
        {
            await rig.RaiseAsync(AlertNotice.Firing, AlertSamples.Incident(2));
            Assert.Null(AlertMessage.FromJson(rig.Rows().Single(r => r.Entry.IncidentId == 2).Entry.Payload).Explanation);
        }
    }

    [Fact]
    public async Task After_a_restart_an_open_incident_without_a_notice_gets_one_and_only_once()
    {
        using AlertRig rig = Rig(Config());
        ((IIncidentStore)rig.Store).SaveIncidents([AlertSamples.Incident(5), AlertSamples.Incident(6, FindingSeverity.Info)]);

        await rig.Dispatcher.CatchUpAsync(CancellationToken.None);
        rig.Restart();
        await rig.Dispatcher.CatchUpAsync(CancellationToken.None);

        Assert.Equal(["hook:5:firing"], rig.Rows().Select(r => r.Entry.DedupeKey));
    }

    private sealed class FailingExplainer : IIncidentExplainer
    {
        public ValueTask<IncidentExplanation> ExplainAsync(IncidentRecord incident, CancellationToken cancellationToken) =>
            throw new HttpRequestException("LLM endpoint down");
    }
}
