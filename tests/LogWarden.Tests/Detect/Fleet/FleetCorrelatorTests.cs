using LogWarden.Detect;
using LogWarden.Detect.Fleet;
using LogWarden.Detect.Incidents;
using static LogWarden.Tests.Detect.Incidents.TestFindings;

namespace LogWarden.Tests.Detect.Fleet;

/// <summary>The fleet correlator in front of a real incident tracker: one thing on several hosts is one incident.</summary>
public sealed class FleetCorrelatorTests
{
    private readonly IncidentTracker _tracker = new();
    private readonly FleetCorrelator _fleet;

    public FleetCorrelatorTests() => _fleet = new FleetCorrelator(_tracker);

    private static Finding Attack(string ip, string host, DateTimeOffset at, string user = "root") =>
        BruteForce(ip, at, host: host) with
        {
            Detector = "scenarios",
            Entities = new Dictionary<string, string> { [EntityNames.Ip] = ip, [EntityNames.Host] = host, [EntityNames.User] = user, ["service"] = "ssh" },
        };

    private static Finding NewError(string host, int template, DateTimeOffset at) =>
        Make("new-error-template", FindingSeverity.Info, at, 3, null, $"New error template on app.log on {host}",
            new Evidence { Templates = [new TemplateEvidence(template, "payment gateway timeout after <*> ms", 3)] },
            (EntityNames.Source, "/var/log/app.log"), (EntityNames.Host, host), (EntityNames.Template, template.ToString(System.Globalization.CultureInfo.InvariantCulture)), (EntityNames.Process, "app")) with
        { Detector = "baseline" };

    [Fact]
    public void One_address_attacking_three_hosts_is_one_critical_incident_naming_the_address_and_every_host()
    {
        _fleet.Raise(Attack("203.0.113.7", "web1", T0));
        _fleet.Raise(Attack("203.0.113.7", "web2", T0.AddMinutes(2)));
        _fleet.Raise(Attack("203.0.113.7", "db1", T0.AddMinutes(4)));

        Incident incident = Assert.Single(_tracker.OpenIncidents);
        IncidentRecord record = incident.ToRecord();
        Assert.Equal(new[] { "web1", "web2", "db1" }, record.Entities[EntityNames.Host]);
        Assert.Equal(new[] { "203.0.113.7" }, record.Entities[EntityNames.Ip]);
        Assert.Equal(FindingSeverity.Critical, incident.Severity);
        Assert.Equal("203.0.113.7 attacks 3 hosts: web1, web2, db1", incident.Title);
        Assert.Contains(incident.Findings, f => f.Latest.Kind == FleetCorrelator.AttackKind);
    }

    [Fact]
    public void An_address_attacking_one_host_only_raises_no_fleet_finding()
    {
        _fleet.Raise(Attack("203.0.113.7", "web1", T0));
        _fleet.Raise(Attack("203.0.113.7", "web1", T0.AddMinutes(1)));

        Incident incident = Assert.Single(_tracker.OpenIncidents);
        Assert.DoesNotContain(incident.Findings, f => f.Latest.Kind == FleetCorrelator.AttackKind);
        Assert.Equal(0, _fleet.Raised);
    }

    [Fact]
    public void Loopback_attackers_on_two_hosts_are_each_hosts_own_incident()
    {
        _fleet.Raise(Attack("127.0.0.1", "web1", T0));
        _fleet.Raise(Attack("127.0.0.1", "web2", T0.AddMinutes(1)));

        Assert.Equal(2, _tracker.OpenIncidents.Count);
        Assert.Equal(0, _fleet.Raised);
    }

    [Fact]
    public void The_same_address_on_a_second_host_after_the_window_starts_a_new_campaign()
    {
        _fleet.Raise(Attack("203.0.113.7", "web1", T0));
        _fleet.Raise(Attack("203.0.113.7", "web2", T0.AddHours(2)));

        Assert.Equal(0, _fleet.Raised);
    }

    [Fact]
    public void The_same_new_error_template_on_two_hosts_is_one_warning_incident()
    {
        _fleet.Raise(NewError("web1", 42, T0));
        _fleet.Raise(NewError("web2", 42, T0.AddMinutes(3)));
        _fleet.Raise(NewError("web3", 43, T0.AddMinutes(3))); // another template: its own

        Assert.Equal(2, _tracker.OpenIncidents.Count);
        Incident fleet = Assert.Single(_tracker.OpenIncidents, i => i.Findings.Any(f => f.Latest.Kind == FleetCorrelator.NewErrorKind));
        Assert.Equal(new[] { "web1", "web2" }, fleet.ToRecord().Entities[EntityNames.Host]);
        Assert.Equal(FindingSeverity.Warning, fleet.Severity);
        Assert.StartsWith("New error on 2 hosts (web1, web2): payment gateway timeout", fleet.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_of_other_kinds_pass_unchanged()
    {
        Finding oom = OomKill(T0);
        _fleet.Raise(oom);

        Assert.Null(Assert.Single(Assert.Single(_tracker.OpenIncidents).Findings).Latest.FleetKey);
    }
}

/// <summary>What a user expects of brute forces on one host: each attacking address is its own incident.</summary>
public sealed class AttackerCorrelationTests
{
    private readonly IncidentTracker _tracker = new();

    private static Finding RootGuessing(string ip, DateTimeOffset at) => BruteForce(ip, at) with
    {
        Entities = new Dictionary<string, string> { [EntityNames.Ip] = ip, [EntityNames.Host] = "web1", [EntityNames.User] = "root" },
    };

    [Fact]
    public void Brute_forces_of_root_from_two_addresses_on_one_host_are_two_incidents()
    {
        _tracker.Raise(RootGuessing("203.0.113.7", T0));
        _tracker.Raise(RootGuessing("198.51.100.23", T0.AddMinutes(1)));

        Assert.Equal(2, _tracker.OpenIncidents.Count);
    }

    [Fact]
    public void A_later_finding_naming_only_the_user_still_joins_the_brute_force()
    {
        _tracker.Raise(RootGuessing("203.0.113.7", T0));
        _tracker.Raise(Make("sudo-new-user", FindingSeverity.Warning, T0.AddMinutes(2), entities: [(EntityNames.User, "root"), (EntityNames.Host, "web1")]));

        Assert.Equal(2, Assert.Single(_tracker.OpenIncidents).FindingCount);
    }

    [Fact]
    public void A_resolved_finding_closes_its_incident_when_it_is_all_the_incident_holds()
    {
        Finding silent = Make("host-silent", FindingSeverity.Warning, T0, entities: [(EntityNames.Host, "web2")]);
        _tracker.Raise(silent);
        _tracker.Raise(RootGuessing("203.0.113.7", T0));

        _tracker.ResolveFinding(silent.Key, T0.AddMinutes(5));
        _tracker.ResolveFinding(RootGuessing("198.51.100.1", T0).Key, T0.AddMinutes(5)); // not open: nothing happens

        Incident left = Assert.Single(_tracker.OpenIncidents);
        Assert.Equal("ssh-brute-force", left.Kind);
    }
}
