using LogWarden.Detect;
using LogWarden.Detect.Rules;
using static LogWarden.Tests.Detect.Rules.RuleHarness;

namespace LogWarden.Tests.Detect.Rules;

/// <summary>Accounts, becoming root, logins after failures, TLS and firewall rules.</summary>
public sealed class SecurityRuleTests
{
    private static readonly DateTimeOffset T0 = At("Nov 20 09:00:00");

    private static string Sudo(DateTimeOffset t, string user, string command = "/usr/bin/apt update", string target = "root") =>
        Syslog(t, "sudo", $"   {user} : TTY=pts/0 ; PWD=/home/{user} ; USER={target} ; COMMAND={command}");

    [Fact]
    public void A_new_user_and_its_group_are_one_warning_naming_the_account()
    {
        var harness = new RuleHarness().Feed(
            Syslog(T0, "groupadd[4440]", "group added to /etc/group: name=bob, GID=1001"),
            Syslog(T0, "groupadd[4440]", "new group: name=bob, GID=1001"),
            Syslog(T0, "useradd[4444]", "new user: name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash, from=/dev/pts/0"));
        harness.AdvanceTo(T0.AddSeconds(10));

        var finding = Assert.Single(harness.Findings);
        Assert.Equal("new-account", finding.Kind);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("bob", finding.Entities["user"]);
        Assert.Equal("New user account bob (uid 1001), shell /bin/bash", finding.Title);
    }

    [Fact]
    public void A_package_creating_a_system_account_is_only_recorded()
    {
        var harness = new RuleHarness().Feed(
            Syslog(T0, "groupadd[4440]", "new group: name=redis, GID=121"),
            Syslog(T0, "useradd[4444]", "new user: name=redis, UID=114, GID=121, home=/var/lib/redis, shell=/usr/sbin/nologin, from=none"));
        harness.AdvanceTo(T0.AddSeconds(10));

        Assert.NotEmpty(harness.Findings);
        Assert.Empty(harness.Alerts);
    }

    [Fact]
    public void A_uid_0_account_is_critical()
    {
        var harness = new RuleHarness().Feed(Syslog(T0, "useradd[4444]", "new user: name=sysbackup, UID=0, GID=0, home=/root, shell=/bin/bash, from=/dev/pts/1"));
        harness.AdvanceTo(T0.AddSeconds(10));

        Assert.Equal(FindingSeverity.Critical, Assert.Single(harness.Findings).Severity);
    }

    [Fact]
    public void The_first_sudo_of_a_user_never_seen_using_sudo_is_the_finding()
    {
        var harness = new RuleHarness();
        // The first two days: the usual admins are learned (one only shows up on the second day).
        harness.Feed(Sudo(T0, "alice"), Sudo(T0.AddHours(30), "deploy", "/usr/bin/systemctl restart app"), Sudo(T0.AddHours(31), "root"));
        // Day three: the same admins are quiet, sudo to another user is not becoming root, a new user is the finding.
        var day2 = T0.AddDays(2).AddHours(2);
        harness.Feed(
            Sudo(day2, "alice"),
            Sudo(day2.AddMinutes(1), "deploy", "/usr/bin/systemctl restart app"),
            Sudo(day2.AddMinutes(2), "www-data", "/usr/bin/psql", target: "postgres"),
            Sudo(day2.AddMinutes(3), "mallory", "/bin/bash"),
            Sudo(day2.AddMinutes(4), "mallory", "/usr/bin/id"),
            Sudo(day2.AddMinutes(5), "root"));

        var finding = Assert.Single(harness.Findings);
        Assert.Equal("privilege-escalation", finding.Kind);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("mallory", finding.Entities["user"]);
        Assert.Equal("First sudo to root by mallory: /bin/bash", finding.Title);
        Assert.Equal(day2.AddMinutes(3), finding.Timestamp);
    }

    [Fact]
    public void A_user_who_used_sudo_is_known_to_su_as_well_and_su_to_other_users_is_quiet()
    {
        var harness = new RuleHarness().Feed(Sudo(T0, "alice"));
        var day2 = T0.AddDays(2);
        harness.Feed(
            Syslog(day2, "su[2345]", "pam_unix(su:session): session opened for user root by alice(uid=1000)"),
            Syslog(day2, "su(pam_unix)[9558]", "session opened for user news by (uid=0)"),
            Syslog(day2, "su[2346]", "pam_unix(su-l:session): session opened for user postgres(uid=114) by bob(uid=1001)"),
            Syslog(day2.AddMinutes(1), "su[2347]", "pam_unix(su:session): session opened for user root by bob(uid=1001)"));

        var finding = Assert.Single(harness.Findings);
        Assert.Equal("bob", finding.Entities["user"]);
        Assert.Equal("First su to root by bob", finding.Title);
    }

    [Fact]
    public void A_failed_su_by_a_stranger_is_a_warning_and_by_a_known_admin_only_recorded()
    {
        var harness = new RuleHarness().Feed(Sudo(T0, "alice"));
        var day3 = T0.AddDays(3);
        harness.Feed(
            Syslog(day3, "su[2345]", "FAILED SU (to root) alice on pts/1"),
            Syslog(day3.AddMinutes(5), "su[2346]", "pam_unix(su:auth): authentication failure; logname= uid=33 euid=0 tty= ruser=www-data rhost=  user=root"),
            Syslog(day3.AddMinutes(5), "su[2346]", "FAILED SU (to root) www-data on none"));

        Assert.Equal([("alice", FindingSeverity.Info), ("www-data", FindingSeverity.Warning)], harness.Findings.Select(f => (f.Entities["user"], f.Severity)));
        // A failure teaches nothing: www-data becoming root later is still a first.
        harness.Feed(Sudo(day3.AddMinutes(6), "www-data", "/bin/sh"));
        Assert.Equal("First sudo to root by www-data: /bin/sh", harness.Findings[^1].Title);
    }

    [Fact]
    public void Learned_users_survive_a_restart()
    {
        var before = new RuleHarness().Feed(Sudo(T0, "alice"));
        byte[] state = before.Detector.SaveState();

        var after = new RuleHarness();
        after.Detector.LoadState(state);
        after.Feed(Sudo(T0.AddDays(3), "alice"), Sudo(T0.AddDays(3).AddMinutes(1), "carol"));

        Assert.Equal("carol", Assert.Single(after.Findings).Entities["user"]);
    }

    [Fact]
    public void Garbled_state_is_ignored()
    {
        var harness = new RuleHarness();
        harness.Detector.LoadState("{not json"u8);
        harness.Detector.LoadState("{\"Version\":99}"u8);
        harness.Detector.LoadState([0xff, 0xfe, 0x00]);
        harness.Feed(Sudo(T0, "alice"));

        Assert.Empty(harness.Findings); // learning starts afresh
    }

    [Fact]
    public void Sudo_refusing_a_user_is_a_warning()
    {
        var harness = new RuleHarness().Feed(Syslog(T0, "sudo", "   www-data : user NOT in sudoers ; TTY=unknown ; PWD=/var/www ; USER=root ; COMMAND=/bin/sh -c id"));

        var finding = Assert.Single(harness.Findings);
        Assert.Equal("sudo-refused", finding.Kind);
        Assert.Equal("www-data", finding.Entities["user"]);
    }

    private static string Failed(DateTimeOffset t, string ip, string user = "root", int port = 50122) =>
        Syslog(t, $"sshd[{port}]", $"Failed password for {user} from {ip} port {port} ssh2");

    private static string Accepted(DateTimeOffset t, string ip, string user = "root") =>
        Syslog(t, "sshd[60001]", $"Accepted password for {user} from {ip} port 60001 ssh2");

    [Fact]
    public void A_login_after_many_failures_from_the_same_address_is_critical()
    {
        var harness = new RuleHarness();
        for (int i = 0; i < 12; i++)
        {
            harness.Feed(Failed(T0.AddSeconds(10 * i), "203.0.113.7", port: 40000 + i));
        }

        harness.Feed(Accepted(T0.AddMinutes(3), "203.0.113.7"));

        var finding = Assert.Single(harness.Findings);
        Assert.Equal("login-after-failures", finding.Kind);
        Assert.Equal(FindingSeverity.Critical, finding.Severity);
        Assert.Equal("203.0.113.7", finding.Entities["ip"]);
        Assert.Equal("root", finding.Entities["user"]);
        Assert.Equal("Login as root from 203.0.113.7 after 12 failed attempts", finding.Title);
        Assert.Equal(T0.AddMinutes(3), finding.Timestamp);
    }

    [Fact]
    public void On_a_key_only_server_connections_closed_before_authenticating_count_as_failures()
    {
        var harness = new RuleHarness();
        for (int i = 0; i < 11; i++)
        {
            harness.Feed(Syslog(T0.AddSeconds(20 * i), $"sshd-session[{17000 + i}]", $"Connection closed by authenticating user deploy 147.180.170.16 port {43000 + i} [preauth]"));
        }

        harness.Feed(Accepted(T0.AddMinutes(5), "147.180.170.16", "deploy"));

        var finding = Assert.Single(harness.Findings);
        Assert.Equal("Login as deploy from 147.180.170.16 after 11 failed attempts", finding.Title);
        Assert.Equal("deploy", finding.Entities["user"]);
    }

    [Fact]
    public void Logins_after_a_few_typos_or_from_another_address_than_the_scanner_are_quiet()
    {
        var harness = new RuleHarness();
        for (int i = 0; i < 40; i++)
        {
            harness.Feed(Failed(T0.AddSeconds(5 * i), "198.51.100.23", user: "admin", port: 30000 + i));
        }

        harness.Feed(
            Failed(T0.AddMinutes(5), "192.0.2.10", "alice"),
            Failed(T0.AddMinutes(5).AddSeconds(5), "192.0.2.10", "alice"),
            Accepted(T0.AddMinutes(5).AddSeconds(9), "192.0.2.10", "alice"),
            Accepted(T0.AddMinutes(6), "192.0.2.99", "deploy"),
            Accepted(T0.AddHours(3), "198.51.100.23", "admin")); // failures long past

        Assert.Empty(harness.Findings);
    }

    [Fact]
    public void One_tls_verification_failure_is_recorded_and_three_in_ten_minutes_alert()
    {
        string line(DateTimeOffset t) => Syslog(t, "worker[9]", "Get \"https://internal.example.org/health\": x509: certificate signed by unknown authority");
        var harness = new RuleHarness().Feed(line(T0));
        Assert.Equal(FindingSeverity.Info, Assert.Single(harness.Findings).Severity);

        harness.Feed(line(T0.AddSeconds(20)), line(T0.AddSeconds(40)));

        Assert.Equal(2, harness.Findings.Count);
        var alert = harness.Findings[1];
        Assert.Equal(FindingSeverity.Warning, alert.Severity);
        Assert.Equal(T0.AddSeconds(40), alert.Timestamp); // a rise in severity is raised at once, within the minute
        Assert.Equal("worker", alert.Entities["process"]);
        Assert.Equal("TLS certificate verification failing for internal.example.org in worker: 3 in 10 min", alert.Title);
    }

    [Fact]
    public void An_expired_certificate_is_a_warning_but_a_renewal_notice_is_not()
    {
        var harness = new RuleHarness().Feed(
            Syslog(T0, "certbot[9]", "Certificate for example.com will expire in 10 days; renewing"),
            Syslog(T0, "postfix/smtp[2345]", "certificate verification failed for mx.example.com[192.0.2.25]:25: certificate has expired"));

        var finding = Assert.Single(harness.Findings);
        Assert.Equal("tls-certificate-expired", finding.Kind);
        Assert.Equal("TLS certificate expired for mx.example.com (postfix/smtp)", finding.Title);
    }

    [Theory]
    // Go's log/slog as logfmt: the error in err=, the message generic
    [InlineData("time=2024-05-02T08:12:44.253Z level=ERROR msg=\"payment provider request failed\" order_id=522015 err=\"Post \\\"https://api.payrail.example/v2/charges\\\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2024-05-02T08:12:44Z is after 2024-05-01T10:39:59Z\" attempt=3")]
    // pino: the error as a nested object
    [InlineData("{\"level\":50,\"time\":1714637564253,\"msg\":\"request to payments failed\",\"err\":{\"type\":\"Error\",\"message\":\"certificate has expired\",\"code\":\"CERT_HAS_EXPIRED\"}}")]
    // ECS: error.message
    [InlineData("{\"@timestamp\":\"2024-05-02T08:12:44.253Z\",\"log.level\":\"error\",\"message\":\"upstream call failed\",\"error.message\":\"x509: certificate has expired or is not yet valid\"}")]
    public void A_structured_record_whose_error_field_reports_an_expired_certificate_fires_the_rule(string line)
    {
        var harness = new RuleHarness().Feed(line);

        Assert.Contains(harness.Findings, f => f.Kind == "tls-certificate-expired");
    }

    [Fact]
    public void Fields_that_are_no_error_do_not_feed_the_rules()
    {
        // the same words in a field that is no error (a request's body, a config value) and an empty error field
        var harness = new RuleHarness().Feed(
            "{\"level\":30,\"time\":1714637564253,\"msg\":\"ticket created\",\"body\":\"customer says: certificate has expired on our side\",\"err\":null}",
            "time=2024-05-02T08:12:44.253Z level=INFO msg=\"config loaded\" note=\"certificate has expired\" err=<nil>");

        Assert.DoesNotContain(harness.Findings, f => f.Kind == "tls-certificate-expired");
    }

    [Fact]
    public void A_renewal_that_failed_every_night_while_learning_is_recorded_but_a_new_certificate_failing_alerts()
    {
        string failed(DateTimeOffset t, string name) => Syslog(t, "certbot[9]", $"Failed to renew certificate {name} with error: Some challenges have failed.");
        var harness = new RuleHarness().Feed(
            failed(T0.AddDays(-2), "old-portal.example.org"),
            failed(T0.AddDays(-1), "old-portal.example.org"),
            Syslog(T0.AddDays(-1), "certbot[9]", "All renewals failed. The following certificates could not be renewed:"));
        Assert.All(harness.Findings, f => Assert.Equal(FindingSeverity.Info, f.Severity));

        harness.Feed(failed(T0, "old-portal.example.org"), failed(T0.AddMinutes(1), "shop.example.org"));

        var alert = Assert.Single(harness.Findings, f => f.Severity >= FindingSeverity.Warning);
        Assert.Equal("shop.example.org", alert.Entities["certificate"]);
        Assert.Equal("certbot", alert.Entities["process"]);
        Assert.Equal("Certificate renewal failed for shop.example.org (certbot)", alert.Title);
        Assert.Contains(harness.Findings, f => f.Entities["certificate"] == "old-portal.example.org" && f.Timestamp == T0 && f.Severity == FindingSeverity.Info);
    }

    private static string UfwBlock(DateTimeOffset t, string ip, int port) =>
        Syslog(t, "kernel", $"[123456.789] [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC={ip} DST=198.51.100.10 LEN=44 TOS=0x00 PREC=0x00 TTL=243 ID=54321 PROTO=TCP SPT=43215 DPT={port} WINDOW=1024 RES=0x00 SYN URGP=0");

    [Fact]
    public void A_flood_from_one_address_is_raised_on_the_packet_that_crosses_the_threshold()
    {
        var harness = new RuleHarness();
        for (int i = 0; i < 150; i++)
        {
            harness.Feed(UfwBlock(T0.AddSeconds(i), "203.0.113.7", 1000 + i));
        }

        var first = harness.Findings[0];
        Assert.Equal("firewall-drop-surge", first.Kind);
        Assert.Equal("203.0.113.7", first.Entities["ip"]);
        Assert.Equal(T0.AddSeconds(99), first.Timestamp);
        Assert.Equal("Firewall dropped 100 packets from 203.0.113.7 in 5 min (last to port 1099/TCP)", first.Title);
        Assert.All(harness.Findings, f => Assert.Equal(first.Key, f.Key));
    }

    [Fact]
    public void A_flood_spread_over_the_addresses_of_one_network_is_one_warning_naming_the_network()
    {
        // 400 packets in 4 minutes from 50 addresses of one /24: each address stays far under the per-address bar.
        var harness = new RuleHarness();
        var random = new Random(13);
        for (int i = 0; i < 400; i++)
        {
            harness.Feed(UfwBlock(T0.AddSeconds(i * 0.6), $"203.0.113.{random.Next(1, 51)}", random.Next(1, 65536)));
        }

        var alert = Assert.Single(harness.Findings.Where(f => f.Severity >= FindingSeverity.Warning).GroupBy(f => f.Key)).First();
        Assert.Equal("firewall-drop-surge", alert.Kind);
        Assert.Equal("203.0.113.0/24", alert.Entities["network"]);
        Assert.False(alert.Entities.ContainsKey("ip")); // no one address is the attacker
        Assert.StartsWith("Firewall dropped 300 packets from 203.0.113.0/24 (many of its addresses, e.g. 203.0.113.", alert.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flood_from_one_address_is_not_also_a_network_flood()
    {
        var harness = new RuleHarness();
        for (int i = 0; i < 400; i++)
        {
            harness.Feed(UfwBlock(T0.AddSeconds(i * 0.6), "203.0.113.7", 1000 + i));
        }

        Assert.All(harness.Findings, f => Assert.Equal("203.0.113.7", f.Entities["ip"]));
        Assert.DoesNotContain(harness.Findings, f => f.Entities.ContainsKey("network"));
    }

    [Fact]
    public void The_background_of_scanners_each_sending_a_few_packets_stays_quiet()
    {
        var harness = new RuleHarness();
        var random = new Random(7);
        for (int i = 0; i < 3000; i++)
        {
            harness.Feed(UfwBlock(T0.AddSeconds(i * 1.2), $"198.51.{random.Next(256)}.{random.Next(256)}", random.Next(1, 65536)));
        }

        Assert.Empty(harness.Findings);
    }
}
