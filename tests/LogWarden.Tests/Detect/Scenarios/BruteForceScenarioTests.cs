using System.Globalization;
using LogWarden.Detect;
using LogWarden.Detect.Scenarios;

namespace LogWarden.Tests.Detect.Scenarios;

public sealed class BruteForceScenarioTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Ssh_brute_force_raises_on_the_line_that_overflows_and_updates_the_same_key_at_most_once_a_minute()
    {
        var log = new AttackLines(T0);
        var attemptStarts = new List<int>();
        for (int i = 0; i < 60; i++)
        {
            attemptStarts.Add(log.Lines.Count + 1);
            log.SshFailures("203.0.113.7", "root"); // one attempt every 2 s: 4 lines each
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);
        harness.AdvanceTo(log.Now.AddMinutes(30));

        var raised = harness.Raised.Where(r => r.Finding.Kind == "ssh-brute-force").ToList();
        var (first, line) = raised[0];
        // Capacity 20, one unit leaks per 15 s: the 23rd attempt (44 s in) takes the level above 20.
        Assert.Equal(attemptStarts[22], line);
        Assert.Equal(FindingSeverity.Warning, first.Severity);
        Assert.Equal(T0.AddSeconds(44), first.Timestamp);
        Assert.Equal(23, first.Count);
        Assert.Equal("203.0.113.7", first.Entities[EntityNames.Ip]);
        Assert.Equal("root", first.Entities[EntityNames.User]);
        Assert.Equal("web", first.Entities[EntityNames.Host]);
        Assert.Equal("ssh", first.Entities["service"]);
        Assert.Equal("SSH brute force from 203.0.113.7: 23 failed attempts for root in 44 s", first.Title);
        Assert.InRange(first.Evidence.Samples.Count, 1, Evidence.MaxSamples);
        Assert.Contains(first.Evidence.Templates, t => t.Template.Contains("Failed password", StringComparison.Ordinal));

        Assert.All(raised, r => Assert.Equal(first.Key, r.Finding.Key));
        for (int i = 1; i < raised.Count; i++)
        {
            Assert.True(raised[i].Finding.Timestamp - raised[i - 1].Finding.Timestamp >= TimeSpan.FromMinutes(1));
        }

        Assert.Equal(60, raised[^1].Finding.Count); // the last update counts every attempt, not every line
        Assert.DoesNotContain(harness.Alerts, f => f.Kind is "user-enumeration" or "login-after-failures" or "distributed-brute-force");
    }

    [Fact]
    public void Attempts_are_counted_once_however_many_lines_a_connection_writes_for_them()
    {
        var log = new AttackLines(T0);
        for (int i = 0; i < 10; i++)
        {
            log.SshFailures("203.0.113.7", "user" + i, validUser: false, tries: 3).WaitSeconds(1);
        }

        for (int i = 0; i < 10; i++)
        {
            log.SshFailures("203.0.113.7", "root", tries: 3).WaitSeconds(1);
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);
        harness.AdvanceTo(log.Now.AddMinutes(30));

        var last = harness.Findings.Last(f => f.Kind == "ssh-brute-force");
        Assert.Equal(60, last.Count); // 20 connections × 3 passwords, from 220 lines
        Assert.Contains("11 users", last.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_login_after_many_failures_from_the_same_address_is_critical_and_names_the_account()
    {
        var log = new AttackLines(T0);
        for (int i = 0; i < 14; i++)
        {
            log.SshFailures("203.0.113.50", i % 2 == 0 ? "deploy" : "admin", validUser: i % 2 == 0).WaitSeconds(6);
        }

        int loginLine = log.Lines.Count + 1;
        log.WaitSeconds(30).SshLogin("203.0.113.50", "deploy");
        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);

        var (finding, line) = Assert.Single(harness.Raised, r => r.Finding.Severity >= FindingSeverity.Warning);
        Assert.Equal("login-after-failures", finding.Kind);
        Assert.Equal(FindingSeverity.Critical, finding.Severity);
        Assert.Equal(loginLine, line);
        Assert.Equal("203.0.113.50", finding.Entities[EntityNames.Ip]);
        Assert.Equal("deploy", finding.Entities[EntityNames.User]);
        Assert.Equal("Login as deploy from 203.0.113.50 after 14 failed attempts (2 users (deploy, admin)) on SSH", finding.Title);
        Assert.Contains("Accepted password for deploy", finding.Evidence.Samples[^1], StringComparison.Ordinal);
        Assert.Equal(T0, finding.FirstSeen);
    }

    [Fact]
    public void The_owner_mistyping_a_password_before_logging_in_is_no_alert()
    {
        var log = new AttackLines(T0);
        log.SshFailures("198.51.100.20", "deploy", tries: 2).WaitSeconds(5).SshLogin("198.51.100.20", "deploy");
        log.WaitSeconds(600).SshFailures("198.51.100.20", "deploy", tries: 3).SshFailures("198.51.100.20", "deploy", tries: 3)
            .WaitSeconds(5).SshLogin("198.51.100.20", "deploy");
        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);
        harness.AdvanceTo(log.Now.AddHours(2));

        Assert.Empty(harness.Alerts);
    }

    [Fact]
    public void Many_invalid_users_from_one_address_is_an_enumeration_even_too_slow_for_a_brute_force()
    {
        var log = new AttackLines(T0);
        int eleventh = 0;
        for (int i = 0; i < 15; i++)
        {
            if (i == 10)
            {
                eleventh = log.Lines.Count + 1;
            }

            log.SshFailures("192.0.2.99", "staff" + i, validUser: false).WaitSeconds(3);
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);
        harness.AdvanceTo(log.Now.AddHours(1));

        var (finding, line) = Assert.Single(harness.Raised, r => r.Finding.Severity >= FindingSeverity.Warning && r.Line > 0);
        Assert.Equal("user-enumeration", finding.Kind);
        Assert.Equal(eleventh, line); // "Invalid user staff10 from …": the 11th distinct account
        Assert.Equal("192.0.2.99", finding.Entities[EntityNames.Ip]);
        Assert.False(finding.Entities.ContainsKey(EntityNames.User));
        Assert.StartsWith("User enumeration from 192.0.2.99 on SSH: 11 users (staff0, staff1, staff2…)", finding.Title, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Alerts, f => f.Kind == "ssh-brute-force");
    }

    [Fact]
    public void A_day_of_internet_background_raises_no_alert_only_hourly_info_summaries()
    {
        var log = new AttackLines(T0).SshBackground(TimeSpan.FromDays(1), new Random(7));
        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);
        harness.AdvanceTo(log.Now.AddMinutes(61));

        Assert.Empty(harness.Alerts);
        var summaries = harness.Findings.Where(f => f.Kind == "auth-background").ToList();
        Assert.InRange(summaries.Count, 23, 25);
        Assert.All(summaries, s => Assert.Equal(FindingSeverity.Info, s.Severity));
        Assert.All(summaries, s => Assert.Equal("ssh", s.Entities["service"]));
        Assert.Single(summaries.Select(s => s.Key).Distinct()); // one incident, updated hourly
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(summaries[12].Title, @"^SSH background on web: \d+ failed attempts from \d+ addresses \(most from [\d.]+\) in the last hour \(usual [\d.]+/h\)$"), summaries[12].Title);
    }

    [Fact]
    public void A_brute_force_stands_out_of_a_day_of_background_as_the_one_alert()
    {
        var random = new Random(11);
        var log = new AttackLines(T0).SshBackground(TimeSpan.FromHours(20), random);
        int attackStart = log.Lines.Count + 1;
        var attackTime = log.Now;
        for (int i = 0; i < 120; i++)
        {
            log.SshFailures("203.0.113.66", i % 4 == 0 ? "root" : "admin", validUser: i % 4 == 0).WaitSeconds(1);
        }

        log.SshBackground(TimeSpan.FromHours(4), random);
        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);

        var alerts = harness.Raised.Where(r => r.Finding.Severity >= FindingSeverity.Warning).ToList();
        Assert.NotEmpty(alerts);
        Assert.All(alerts, a => Assert.Equal("203.0.113.66", a.Finding.Entities[EntityNames.Ip]));
        Assert.Single(alerts.Select(a => a.Finding.Key).Distinct());
        Assert.True(alerts[0].Line >= attackStart);
        Assert.InRange(alerts[0].Finding.Timestamp - attackTime, TimeSpan.Zero, TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Scanners that stay a while: each visit up to twenty tries, two to nine seconds apart, so that the slow bucket's
    /// capacity rises to about what twenty tries reach. A guesser trying every 2.5 s is not more than they do in its
    /// first minute, but twice as fast: the fast level (4 s leak, capacity 8) raises it within a minute; without the
    /// fast level the slow bucket takes longer.
    /// </summary>
    [Fact]
    public void A_guesser_twice_as_fast_as_the_busiest_scanners_is_raised_by_the_fast_level_within_a_minute()
    {
        var random = new Random(23);
        var log = new AttackLines(T0);
        string[] users = ["root", "admin", "ubuntu", "test", "oracle", "postgres", "user", "git"];
        while (log.Now < T0.AddHours(30))
        {
            log.WaitSeconds(random.Next(30, 150));
            string scanner = AttackLines.RandomAddress(random);
            int tries = random.Next(1, 21);
            for (int i = 0; i < tries; i++)
            {
                string user = users[random.Next(users.Length)];
                log.SshFailures(scanner, user, validUser: user is "root" or "git").WaitSeconds(random.NextDouble() * 7); // PAM's 2 s, then 0–7 s
            }
        }

        int attackStart = log.Lines.Count + 1;
        var attackTime = log.Now;
        for (int i = 0; i < 80; i++)
        {
            log.SshFailures("203.0.113.66", i % 3 == 0 ? "root" : "admin", validUser: i % 3 == 0).WaitSeconds(0.5); // a try every 2.5 s
        }

        var withFast = new ScenarioHarness();
        withFast.Feed(log.Lines);
        var withoutFast = new ScenarioHarness(catalog: ScenarioCatalog.ParseOverBuiltIn("""
            scenarios:
              - kind: ssh-brute-force
                background: { mode: population, factor: 2, quantile: 0.95, min_samples: 100, max_raise: 6, initial_capacity: 20 }
            """));
        withoutFast.Feed(log.Lines);

        Assert.True(withFast.Detector.CapacityOf("ssh-brute-force") > 20, "the busy scanners raised the slow capacity");
        Assert.Equal(8, withFast.Detector.FastCapacityOf("ssh-brute-force"));
        Assert.Equal(double.PositiveInfinity, withoutFast.Detector.FastCapacityOf("ssh-brute-force"));

        var fast = withFast.Raised.Where(r => r.Finding.Severity >= FindingSeverity.Warning).ToList();
        var slow = withoutFast.Raised.Where(r => r.Finding.Severity >= FindingSeverity.Warning).ToList();
        Assert.All(fast, a => Assert.Equal("203.0.113.66", a.Finding.Entities[EntityNames.Ip])); // no scanner reached it
        Assert.True(fast[0].Line >= attackStart);
        Assert.Equal("ssh-brute-force", fast[0].Finding.Kind);
        Assert.Equal(1, fast[0].Finding.Evidence.Measurements["surge"]); // overflowed on its rate, before its capacity
        Assert.InRange(fast[0].Finding.Timestamp - attackTime, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60));
        Assert.Equal("203.0.113.66", slow[0].Finding.Entities[EntityNames.Ip]);
        Assert.True(slow[0].Finding.Timestamp - fast[0].Finding.Timestamp >= TimeSpan.FromSeconds(10),
            $"fast {fast[0].Finding.Timestamp - attackTime}, slow {slow[0].Finding.Timestamp - attackTime}");
        Assert.Single(fast.Select(a => a.Finding.Key).Distinct()); // one finding, updated, not a second one at the slow capacity
    }

    [Fact]
    public void Many_addresses_working_through_one_user_list_over_hours_is_a_distributed_brute_force()
    {
        var random = new Random(3);
        var log = new AttackLines(T0).SshBackground(TimeSpan.FromHours(30), random); // learns the usual new addresses per hour
        string[] staff = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "oscar"];
        var attackStart = log.Now;
        for (int i = 0; i < 150; i++)
        {
            // Each address tries two accounts of the list, once: too little to stand out on its own.
            log.SshFailures($"100.{64 + (i / 200)}.{i % 200}.{i % 7 + 1}", staff[i % staff.Length]).WaitSeconds(3);
            log.SshFailures($"100.{64 + (i / 200)}.{i % 200}.{i % 7 + 1}", staff[(i + 5) % staff.Length]);
            log.WaitSeconds(random.Next(20, 60));
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);

        var alerts = harness.Alerts.ToList();
        Assert.All(alerts, a => Assert.Equal("distributed-brute-force", a.Kind));
        var first = alerts[0];
        Assert.Equal("ssh", first.Entities["service"]);
        Assert.Equal("web", first.Entities[EntityNames.Host]);
        Assert.True(first.Timestamp > attackStart && first.Timestamp < log.Now);
        Assert.Contains("addresses tried 12 users", first.Title, StringComparison.Ordinal);
        // No account gets more than an address every few minutes: one finding for the service, none per account.
        Assert.Single(alerts.Select(a => a.Key).Distinct());
    }

    [Fact]
    public void Addresses_taking_turns_on_one_account_of_a_key_only_host_are_found_within_minutes()
    {
        var random = new Random(8);
        var log = new AttackLines(T0).SshBackground(TimeSpan.FromHours(26), random);
        var attackStart = log.Now;
        for (int i = 0; i < 40; i++)
        {
            // No password authentication: a refused attempt is only the connection closing while authenticating.
            string ip = $"100.70.{i}.{(i * 7 % 250) + 1}";
            log.Syslog("sshd-session", 40_000 + i, $"Connection closed by authenticating user tomasz {ip} port {40_000 + i} [preauth]");
            log.WaitSeconds(random.Next(15, 60));
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);

        var alert = Assert.Single(harness.Alerts.GroupBy(a => a.Key).Select(g => g.First()));
        Assert.Equal(("targeted-brute-force", "tomasz", "ssh"), (alert.Kind, alert.Entities[EntityNames.User], alert.Entities["service"]));
        Assert.InRange(alert.Timestamp - attackStart, TimeSpan.Zero, TimeSpan.FromMinutes(2)); // the second address
        Assert.StartsWith("Distributed SSH brute force on tomasz: 2 addresses (100.70.0.1, 100.70.1.8)", alert.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void An_account_no_one_tried_for_a_day_stays_one_no_one_tries_after_its_owner_mistypes_a_password()
    {
        // Replay seed 59: priya mistypes her password once (14:28), two hours later a botnet takes turns on
        // her account. The typo was the account's first failure in the day the detector had watched: its rate
        // is one in 27 hours, not one an hour (its first hour alone), so the attack's second address raises.
        var random = new Random(59);
        var log = new AttackLines(T0).SshBackground(TimeSpan.FromHours(26), random);
        log.SshFailures("198.51.100.23", "priya").WaitSeconds(7200);
        var attackStart = log.Now;
        for (int i = 0; i < 8; i++)
        {
            log.SshFailures($"100.75.{i}.{i + 1}", "priya").WaitSeconds(40);
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);

        var alert = harness.Alerts.First(a => a.Kind == "targeted-brute-force");
        Assert.Equal("priya", alert.Entities[EntityNames.User]);
        Assert.InRange(alert.Timestamp - attackStart, TimeSpan.Zero, TimeSpan.FromSeconds(60)); // the second address, at +40 s
        Assert.StartsWith("Distributed SSH brute force on priya: 2 addresses", alert.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_campaign_that_dips_under_its_capacity_and_goes_on_with_another_account_stays_one_finding()
    {
        var random = new Random(9);
        var log = new AttackLines(T0).SshBackground(TimeSpan.FromHours(26), random);
        for (int i = 0; i < 6; i++)
        {
            log.SshFailures($"100.74.0.{i + 1}", "tomasz").WaitSeconds(20);
        }

        // The botnet's turns thin out: tomasz's bucket (six new addresses, one leaks every 2 min) drains under
        // its capacity of one about 8 min after the last, and its overflow ends; 3 min later the same campaign
        // spends its tries on another account.
        log.WaitSeconds(660);
        for (int i = 0; i < 6; i++)
        {
            log.SshFailures($"100.74.1.{i + 1}", "priya").WaitSeconds(20);
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);

        var alerts = harness.Alerts.Where(a => a.Kind == "targeted-brute-force").ToList();
        Assert.Single(alerts.Select(a => a.Key).Distinct()); // one incident, not a second alert about priya
        Assert.Equal("tomasz", alerts[^1].Entities[EntityNames.User]);
        Assert.Contains("tomasz, priya", alerts[^1].Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_targeted_attack_ends_when_its_account_is_back_to_the_usual_trickle()
    {
        // "deploy" exists and the internet tries it about once an hour; after the attack that goes on.
        var random = new Random(11);
        var log = new AttackLines(T0);
        TrickleOn(log, "deploy", TimeSpan.FromHours(26), TimeSpan.FromMinutes(40), random);
        var attackStart = log.Now;
        for (int i = 0; i < 30; i++)
        {
            log.SshFailures($"100.71.{i}.{i + 1}", "deploy").WaitSeconds(random.Next(10, 30));
        }

        var attackEnd = log.Now;
        TrickleOn(log, "deploy", TimeSpan.FromHours(4), TimeSpan.FromMinutes(40), random);

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);

        var alerts = harness.Alerts.Where(a => a.Kind == "targeted-brute-force").ToList();
        Assert.NotEmpty(alerts);
        Assert.InRange(alerts[0].Timestamp - attackStart, TimeSpan.Zero, TimeSpan.FromMinutes(3));
        Assert.Single(alerts.Select(a => a.Key).Distinct());
        Assert.All(alerts, a => Assert.True(a.Timestamp <= attackEnd + TimeSpan.FromMinutes(10), $"raised at {a.Timestamp:HH:mm}, the attack ended at {attackEnd:HH:mm}: {a.Title} {string.Join(",", a.Evidence.Measurements.Select(m => m.Key + "=" + m.Value))} first {a.FirstSeen:HH:mm}"));
    }

    [Fact]
    public void Root_tried_by_the_internet_every_few_minutes_needs_more_addresses_than_an_account_no_one_tries()
    {
        var random = new Random(12);
        var log = new AttackLines(T0);
        TrickleOn(log, "root", TimeSpan.FromHours(26), TimeSpan.FromMinutes(12), random); // five new addresses an hour
        foreach (string user in (string[])["root", "priya"])
        {
            for (int i = 0; i < 3; i++)
            {
                log.SshFailures($"100.72.{user.Length}.{i + 1}", user).WaitSeconds(20);
            }

            log.WaitSeconds(900);
        }

        var quietEnd = log.Now;
        for (int i = 0; i < 8; i++)
        {
            log.SshFailures($"100.73.0.{i + 1}", "root").WaitSeconds(15);
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);

        var firsts = harness.Alerts.Where(a => a.Kind == "targeted-brute-force").GroupBy(a => a.Key).Select(g => g.First()).ToList();
        Assert.Equal(2, firsts.Count);
        Assert.Equal("priya", firsts[0].Entities[EntityNames.User]); // two addresses are news for an account no one tries…
        Assert.Equal("root", firsts[1].Entities[EntityNames.User]);  // …but root needs a burst beyond its hourly five
        Assert.True(firsts[1].Timestamp > quietEnd);
        Assert.InRange(firsts[1].Count, 4, 8);
    }

    [Fact]
    public void Two_scanners_each_guessing_a_few_passwords_of_an_account_the_internet_tries_within_a_minute_are_no_attack()
    {
        // The background of a public server (seen in replay seed 41, node7, 04:24): scanners that spend all their
        // tries on one account of their word list ("postgres", which exists here), one every hour or two, and now
        // and then two of them within a minute. Each aims at the account as a botnet's address does, so neither the
        // number of addresses nor their share of tries on the account tells them from a distributed attack's start.
        var random = new Random(41);
        var log = new AttackLines(T0);
        var end = log.Now + TimeSpan.FromHours(26);
        while (log.Now < end)
        {
            log.SshFailures(AttackLines.RandomAddress(random), "postgres", tries: random.Next(1, 6));
            log.Wait(TimeSpan.FromMinutes(40) * (0.5 + random.NextDouble()));
        }

        var pairStart = log.Now;
        log.SshFailures("100.75.0.1", "postgres", tries: 5).WaitSeconds(30);
        log.SshFailures("100.75.0.2", "postgres", tries: 5).WaitSeconds(600);

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);

        Assert.DoesNotContain(harness.Alerts, a => a.Timestamp >= pairStart);
    }

    [Fact]
    public void Addresses_that_tried_no_made_up_name_raise_within_a_minute_on_an_account_that_logs_in_here()
    {
        // Replay seeds 43, 89, 107: "deploy" logs in here and is in the scanners' word lists. The scanners that try
        // it come every 20 minutes and have tried a name that does not exist first, so all addresses on "deploy"
        // are too usual to raise within a minute (targeted-brute-force asks for more); addresses that tried nothing
        // else are rare (one every four hours), and a few of them within a minute are the campaign's start.
        var random = new Random(43);
        var log = DeployTriedByWordLists(random);
        var attackStart = log.Now;
        for (int i = 0; i < 6; i++)
        {
            log.SshFailures($"100.76.{i}.{i + 1}", "deploy").WaitSeconds(25);
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);

        var alert = harness.Alerts.First(a => a.Timestamp >= attackStart);
        Assert.Equal(("account-brute-force", "deploy"), (alert.Kind, alert.Entities[EntityNames.User]));
        // The third address, at +54 s: this hour of the day had a lone address the day before, so its learned rate
        // (one an hour) asks for one more than the second; targeted-brute-force, counting every address, raises later.
        Assert.InRange(alert.Timestamp - attackStart, TimeSpan.Zero, TimeSpan.FromSeconds(60));
        Assert.True(alert.Title.StartsWith("Distributed SSH brute force on deploy, an account that logs in here: 3 addresses", StringComparison.Ordinal), alert.Title);
        Assert.DoesNotContain(harness.Alerts, a => a.Kind == "targeted-brute-force" && a.Timestamp - attackStart <= TimeSpan.FromSeconds(60));
        Assert.DoesNotContain(harness.Alerts, a => a.Timestamp < attackStart);
    }

    [Fact]
    public void Scanners_that_tried_made_up_names_first_are_no_campaign_on_an_account_that_logs_in_here()
    {
        var random = new Random(43);
        var log = DeployTriedByWordLists(random);
        var pairStart = log.Now;
        foreach (string ip in (string[])["100.77.0.1", "100.77.0.2"])
        {
            log.SshFailures(ip, "admin", validUser: false).WaitSeconds(5);
            log.SshFailures(ip, "deploy", tries: 2).WaitSeconds(10);
        }

        // And two addresses that tried nothing else, on an account that exists but never logs in here (the targeted
        // brute force's business: an account no one tried raises there at the second address).
        log.SshFailures("100.77.1.1", "postgres").WaitSeconds(20);
        log.SshFailures("100.77.1.2", "postgres").WaitSeconds(600);

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);

        Assert.DoesNotContain(harness.Alerts, a => a.Timestamp >= pairStart && a.Entities.GetValueOrDefault(EntityNames.User) == "deploy");
        Assert.DoesNotContain(harness.Alerts, a => a.Kind == "account-brute-force");
    }

    [Fact]
    public void Addresses_taking_turns_over_a_list_of_accounts_that_log_in_here_raise_within_a_minute_whatever_the_order()
    {
        // A botnet spread over the host's accounts: one try every ~20 s from a pool of fresh addresses, the accounts taken
        // in turn, so that no account sees a second address for 100 s (targeted-brute-force and account-brute-force wait
        // for it). Three addresses that tried no made-up name, each failing on another account that logs in here, within
        // a minute are the campaign.
        var random = new Random(3);
        var log = HostWithOwners(random, ["jdoe", "admin2", "mailops"]);
        var attackStart = log.Now;
        string[] list = ["jdoe", "admin2", "mailops", "backup", "support"];
        var pool = Enumerable.Range(0, 60).Select(_ => AttackLines.RandomAddress(random)).ToArray();
        for (int i = 0; i < 30; i++)
        {
            log.Wait(attackStart + TimeSpan.FromSeconds((i * 20) + (random.NextDouble() * 16)) - log.Now);
            log.SshFailures(pool[random.Next(pool.Length)], list[i % list.Length]);
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);

        Assert.DoesNotContain(harness.Alerts, a => a.Timestamp < attackStart);
        var alert = harness.Alerts.First(a => a.Timestamp >= attackStart);
        Assert.True(alert.Kind == "spread-brute-force", string.Join("\n", harness.Findings.Where(a => a.Timestamp >= attackStart).Select(a => $"{a.Timestamp - attackStart} {a.Severity} {a.Kind} {a.Title}")));
        Assert.InRange(alert.Timestamp - attackStart, TimeSpan.Zero, TimeSpan.FromSeconds(60));
        Assert.Contains(alert.Entities[EntityNames.User], list);
        Assert.Equal("ssh", alert.Entities["service"]);
        Assert.StartsWith("Distributed SSH brute force over accounts that log in here (", alert.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_slow_campaign_over_a_list_of_accounts_one_guess_per_address_a_minute_or_two_apart_is_raised_within_minutes()
    {
        // One guess per fresh address every 40-110 s, on git (which exists but never logs in here), ubuntu and deploy
        // in turn: each account sees an address every three to five minutes, never two within the others' windows.
        var random = new Random(10);
        var log = HostWithOwners(random, ["ubuntu", "deploy"]);
        var attackStart = log.Now;
        string[] list = ["git", "ubuntu", "deploy"];
        for (int i = 0; i < 30; i++)
        {
            log.WaitSeconds(40 + (random.NextDouble() * 70));
            log.SshFailures(AttackLines.RandomAddress(random), list[i % list.Length]);
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);

        Assert.DoesNotContain(harness.Alerts, a => a.Timestamp < attackStart);
        var alert = harness.Alerts.First(a => a.Timestamp >= attackStart);
        Assert.Equal("spread-brute-force", alert.Kind);
        Assert.InRange(alert.Timestamp - attackStart, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        Assert.Contains(alert.Entities[EntityNames.User], list);
    }

    [Fact]
    public void Root_logged_into_once_and_tried_by_every_scanner_is_no_list_campaign()
    {
        // The owners log in and now and then mistype; root logs in once (an admin's console), and from then on the
        // internet's scanners that try only root are addresses that tried no made-up name on an account that logs in
        // here: counted and reported as the background, not a campaign over a list.
        var random = new Random(17);
        var log = HostWithOwners(random, ["jdoe", "admin2"]);
        log.SshLogin("198.51.100.40", "root");
        var from = log.Now;
        for (int i = 0; i < 40; i++)
        {
            log.SshFailures(AttackLines.RandomAddress(random), "root", tries: random.Next(1, 3)).WaitSeconds(random.Next(10, 40));
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);

        Assert.DoesNotContain(harness.Alerts, a => a.Kind == "spread-brute-force");
        Assert.DoesNotContain(harness.Alerts, a => a.Timestamp < from);
    }

    /// <summary>
    /// 26 hours of the internet's SSH background (<see cref="AttackLines.SshBackground"/>) on a host whose
    /// <paramref name="owners"/> log in every few hours from their own addresses, a third of the time after mistyping.
    /// </summary>
    private static AttackLines HostWithOwners(Random random, string[] owners)
    {
        var background = new AttackLines(T0).SshBackground(TimeSpan.FromHours(26), random);
        var log = new AttackLines(T0);
        var logins = new List<(DateTimeOffset At, string User, int Office)>();
        for (int o = 0; o < owners.Length; o++)
        {
            for (var at = T0.AddMinutes(random.Next(10, 120)); at < T0.AddHours(26); at = at.AddMinutes(random.Next(90, 300)))
            {
                logins.Add((at, owners[o], o));
            }
        }

        // Merge by time: the background's lines carry their own stamps, so the owners' lines are written between them.
        var merged = new List<(DateTimeOffset, string)>();
        foreach (string line in background.Lines)
        {
            merged.Add((ParseStamp(line), line));
        }

        foreach (var (at, user, office) in logins.OrderBy(l => l.At))
        {
            var one = new AttackLines(at);
            if (random.Next(3) == 0)
            {
                one.SshFailures($"198.51.100.{60 + office}", user).WaitSeconds(4);
            }

            one.SshLogin($"198.51.100.{60 + office}", user);
            merged.AddRange(one.Lines.Select(l => (ParseStamp(l), l)));
        }

        log.Wait(background.Now - log.Now);
        foreach (var (_, line) in merged.OrderBy(m => m.Item1))
        {
            log.Raw(line);
        }

        return log;
    }

    private static DateTimeOffset ParseStamp(string syslogLine) =>
        new(DateTime.SpecifyKind(DateTime.ParseExact(T0.Year + " " + syslogLine[..15], "yyyy MMM d HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AllowInnerWhite), DateTimeKind.Utc));

    /// <summary>
    /// 26 hours of a host where "deploy" logs in every two hours and word-list scanners try it every 20 minutes
    /// after a made-up name, and one address in about four hours tries it alone.
    /// </summary>
    private static AttackLines DeployTriedByWordLists(Random random)
    {
        var log = new AttackLines(T0);
        var end = log.Now + TimeSpan.FromHours(26);
        var nextLogin = log.Now;
        var nextLoner = log.Now + TimeSpan.FromHours(2);
        while (log.Now < end)
        {
            if (log.Now >= nextLogin)
            {
                log.SshLogin("198.51.100.30", "deploy");
                nextLogin = log.Now + TimeSpan.FromHours(2);
            }

            string ip = AttackLines.RandomAddress(random);
            if (log.Now >= nextLoner)
            {
                log.SshFailures(ip, "deploy", tries: random.Next(1, 4));
                nextLoner = log.Now + TimeSpan.FromHours(3 + (2 * random.NextDouble()));
            }
            else
            {
                log.SshFailures(ip, random.Next(2) == 0 ? "admin" : "test", validUser: false).WaitSeconds(random.Next(3, 20));
                log.SshFailures(ip, "deploy", tries: random.Next(1, 4));
            }

            log.Wait(TimeSpan.FromMinutes(20) * (0.5 + random.NextDouble()));
        }

        return log;
    }

    /// <summary>One failed login on <paramref name="user"/> from a fresh address about every <paramref name="every"/>.</summary>
    private static void TrickleOn(AttackLines log, string user, TimeSpan duration, TimeSpan every, Random random)
    {
        var end = log.Now + duration;
        while (log.Now < end)
        {
            log.SshFailures(AttackLines.RandomAddress(random), user);
            log.Wait(every * (0.5 + random.NextDouble()));
        }
    }

    [Fact]
    public void A_mail_attempt_counts_once_whatever_files_and_processes_write_it()
    {
        // Dovecot's auth helper writes the PAM failure to auth.log, its login process the disconnect to mail.log,
        // and rsyslog copies that to syslog; each disconnect names a session of its own.
        var log = new AttackLines(T0);
        var auth = new List<string>();
        var mail = new List<string>();
        for (int i = 0; i < 12; i++)
        {
            log.Syslog("auth", null, $"pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=info@example.com rhost=192.0.2.90  user=info@example.com");
            auth.Add(log.Lines[^1]);
            log.WaitSeconds(2);
            log.Syslog("dovecot", null, $"imap-login: Disconnected: Connection closed (auth failed, 1 attempts in 2 secs): user=<info@example.com>, method=PLAIN, rip=192.0.2.90, lip=10.0.0.1, TLS, session=<k{i}Xq{i * 7}Zp>");
            mail.Add(log.Lines[^1]);
            log.WaitSeconds(4);
        }

        var harness = new ScenarioHarness();
        for (int i = 0; i < auth.Count; i++)
        {
            harness.Feed([auth[i]], "/var/log/auth.log");
            harness.FeedCopies([mail[i]], "/var/log/mail.log", "/var/log/syslog");
        }

        harness.AdvanceTo(log.Now.AddMinutes(10));

        var alerts = harness.Alerts.ToList();
        Assert.All(alerts, a => Assert.Equal("mail-brute-force", a.Kind)); // the PAM lines are mail's too, not a service "auth"
        Assert.Equal(8, alerts[0].Count); // the eighth attempt (a guess every 6 s, a leak of one per 30 s), not the fourth
        Assert.Equal(12, alerts[^1].Count);
    }

    [Fact]
    public void A_line_that_reports_several_attempts_counts_them_all()
    {
        // Dovecot's login process closes a connection that tried three passwords with one line: "auth failed,
        // 3 attempts in 12 secs". Four such connections in a minute are twelve guesses, not four.
        var log = new AttackLines(T0);
        for (int i = 0; i < 4; i++)
        {
            log.Syslog("dovecot", null, $"imap-login: Disconnected: Connection closed (auth failed, 3 attempts in 12 secs): user=<mia@example.com>, method=PLAIN, rip=192.0.2.91, lip=10.0.0.1, TLS, session=<k{i}Xq{i * 7}Zp>");
            log.WaitSeconds(15);
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines, "/var/log/mail.log");

        var alert = Assert.Single(harness.Alerts);
        Assert.Equal(("mail-brute-force", "192.0.2.91"), (alert.Kind, alert.Entities[EntityNames.Ip]));
        Assert.Equal(9, alert.Count); // the third line: 9 attempts, over the capacity of 6 (less one leaked)
    }

    [Fact]
    public void Attempts_a_summary_line_repeats_are_not_counted_twice()
    {
        // sshd logs each failed password, then PAM's "2 more authentication failures" after the first PAM logged: three
        // attempts in all, whichever line says it; rsyslog's "message repeated 5 times" stands for five more lines.
        var log = new AttackLines(T0);
        log.Syslog("sshd", 7001, "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.92  user=root");
        for (int i = 0; i < 3; i++)
        {
            log.Syslog("sshd", 7001, "Failed password for root from 192.0.2.92 port 40000 ssh2");
        }

        log.Syslog("sshd", 7001, "PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.92  user=root");
        log.Syslog("sshd", 7002, "Failed password for root from 192.0.2.93 port 40001 ssh2");
        log.Syslog("sshd", 7002, "message repeated 5 times: [ Failed password for root from 192.0.2.93 port 40001 ssh2]");
        log.WaitSeconds(600);
        log.Syslog("sshd", 7003, "Failed password for root from 192.0.2.94 port 40002 ssh2"); // ends the hour's summary

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);
        harness.AdvanceTo(T0.AddHours(2));

        var background = harness.Findings.First(f => f.Kind == "auth-background");
        Assert.StartsWith("SSH background on web: 10 failed attempts", background.Title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("imap-login: Disconnected: Connection closed (auth failed, 3 attempts in 12 secs): user=<a>, rip=192.0.2.1", 3)]
    [InlineData("pop3-login: Disconnected (auth failed, 5 attempts): user=<a>, method=PLAIN, rip=192.0.2.1", 5)]
    [InlineData("PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.1  user=root", 3)]
    [InlineData("message repeated 5 times: [ Failed password for root from 192.0.2.1 port 22 ssh2]", 6)]
    [InlineData("Failed password for root from 192.0.2.1 port 22 ssh2", 1)]
    [InlineData("imap-login: Disconnected: Connection closed (auth failed, 1 attempts in 2 secs): user=<a>, rip=192.0.2.1", 1)]
    [InlineData("error: maximum authentication attempts exceeded for root from 192.0.2.1 port 22 ssh2 [preauth]", 1)]
    [InlineData("login failed after 999999 attempts from 192.0.2.1", 1000)]
    public void The_attempts_a_line_reports_are_read_from_its_words(string message, int attempts) =>
        Assert.Equal(attempts, ReportedAttempts.Of(message));

    [Fact]
    public void Mail_and_ftp_login_failures_are_brute_forces_of_their_service()
    {
        var log = new AttackLines(T0);
        for (int i = 0; i < 25; i++)
        {
            log.PostfixSaslFailure("192.0.2.50").WaitSeconds(1);
        }

        log.WaitSeconds(600);
        for (int i = 0; i < 25; i++)
        {
            log.DovecotFailure("192.0.2.51", i % 2 == 0 ? "info" : "sales").WaitSeconds(1);
        }

        log.WaitSeconds(600);
        for (int i = 0; i < 25; i++)
        {
            log.VsftpdFailure("192.0.2.60", "bob").WaitSeconds(2);
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines, "/var/log/mail.log");

        var alerts = harness.Alerts.GroupBy(f => f.Key).Select(g => g.First()).ToList();
        Assert.Equal(3, alerts.Count);
        Assert.Equal(("mail-brute-force", "192.0.2.50", "mail"), (alerts[0].Kind, alerts[0].Entities[EntityNames.Ip], alerts[0].Entities["service"]));
        Assert.Equal(("mail-brute-force", "192.0.2.51"), (alerts[1].Kind, alerts[1].Entities[EntityNames.Ip]));
        Assert.Contains("2 users (info, sales)", alerts[1].Title, StringComparison.Ordinal);
        Assert.Equal(("ftp-brute-force", "192.0.2.60", "bob"), (alerts[2].Kind, alerts[2].Entities[EntityNames.Ip], alerts[2].Entities[EntityNames.User]));
        Assert.All(alerts, a => Assert.InRange(a.Count, 7, 8)); // a guess every 1–2 s overflows 6 at once
    }

    [Fact]
    public void Http_basic_auth_failures_and_other_services_have_their_own_brute_force()
    {
        var log = new AttackLines(T0);
        for (int i = 0; i < 30; i++)
        {
            log.NginxPasswordMismatch("192.0.2.70", "admin").WaitSeconds(0.5);
        }

        log.WaitSeconds(300);
        for (int i = 0; i < 30; i++)
        {
            log.Syslog("mysqld", 812, $"2026-11-25T12:06:00.123Z 5 [Warning] [MY-010055] Access denied for user 'root'@'192.0.2.80' (using password: YES)");
            log.WaitSeconds(1);
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);

        var alerts = harness.Alerts.GroupBy(f => f.Key).Select(g => g.First()).ToList();
        Assert.Equal(2, alerts.Count);
        Assert.Equal(("http-auth-brute-force", "192.0.2.70", "admin", "web"),
            (alerts[0].Kind, alerts[0].Entities[EntityNames.Ip], alerts[0].Entities[EntityNames.User], alerts[0].Entities["service"]));
        Assert.Equal(("auth-brute-force", "192.0.2.80", "mysqld"), (alerts[1].Kind, alerts[1].Entities[EntityNames.Ip], alerts[1].Entities["service"]));
        Assert.StartsWith("mysqld brute force from 192.0.2.80: 7 failed attempts for root", alerts[1].Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vpn_client_retrying_with_an_expired_certificate_is_no_brute_force_but_a_password_guesser_on_it_is()
    {
        var log = new AttackLines(T0);
        for (int i = 0; i < 60; i++)
        {
            // OpenVPN's client reconnects every ~10 s for as long as it runs; each try is refused at the certificate.
            int port = 30000 + i;
            log.Syslog("openvpn", 812, $"198.51.100.44:{port} TLS: Initial packet from [AF_INET]198.51.100.44:{port}, sid=f58ec26b 637c96e5");
            log.Syslog("openvpn", 812, $"198.51.100.44:{port} VERIFY ERROR: depth=0, error=certificate has expired: CN=jonas, serial=4");
            log.Syslog("openvpn", 812, $"198.51.100.44:{port} OpenSSL: error:0A000086:SSL routines::certificate verify failed:");
            log.Syslog("openvpn", 812, $"198.51.100.44:{port} TLS Error: TLS handshake failed");
            log.WaitSeconds(10);
        }

        for (int i = 0; i < 30; i++)
        {
            log.Syslog("openvpn", 812, $"192.0.2.81:{40000 + i} TLS Auth Error: Auth Username/Password verification failed for peer");
            log.WaitSeconds(1);
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines);

        var alert = Assert.Single(harness.Alerts.GroupBy(f => f.Key).Select(g => g.First()));
        Assert.Equal(("auth-brute-force", "192.0.2.81"), (alert.Kind, alert.Entities[EntityNames.Ip]));
    }

    [Fact]
    public void A_daemons_own_log_without_a_program_is_its_service_by_the_file_it_writes()
    {
        // vsftpd's own log and OpenVPN's status-less server log name no program: the file says which daemon wrote them.
        DateTimeOffset t = T0;
        var ftp = new List<string>();
        var vpn = new List<string>();
        for (int i = 0; i < 20; i++, t = t.AddSeconds(2))
        {
            ftp.Add(string.Create(CultureInfo.InvariantCulture, $"{t:ddd MMM d HH:mm:ss yyyy} [pid {3000 + i}] [admin] FAIL LOGIN: Client \"::ffff:192.0.2.60\""));
            vpn.Add(string.Create(CultureInfo.InvariantCulture, $"{t:yyyy-MM-dd HH:mm:ss} 192.0.2.61:{40000 + i} TLS Auth Error: Auth Username/Password verification failed for peer"));
        }

        var harness = new ScenarioHarness();
        harness.Feed(ftp, "/var/log/vsftpd.log");
        harness.Feed(vpn, "/var/log/openvpn/server.log");

        var alerts = harness.Alerts.GroupBy(f => f.Key).Select(g => g.First()).ToList();
        Assert.Equal(2, alerts.Count);
        Assert.Equal(("ftp-brute-force", "192.0.2.60", "ftp"), (alerts[0].Kind, alerts[0].Entities[EntityNames.Ip], alerts[0].Entities["service"]));
        Assert.Equal(("auth-brute-force", "192.0.2.61", "vpn"), (alerts[1].Kind, alerts[1].Entities[EntityNames.Ip], alerts[1].Entities["service"]));
        Assert.StartsWith("VPN brute force from 192.0.2.61", alerts[1].Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_burst_of_401s_is_an_http_auth_brute_force_but_an_app_polling_with_an_expired_token_is_not()
    {
        var log = new AttackLines(T0);
        for (int i = 0; i < 180; i++)
        {
            // A dashboard polling every 10 s with a token that expired: 401 for half an hour.
            log.Access("198.51.100.30", "/api/notifications", 401, user: "alice").WaitSeconds(10);
        }

        int crossing = 0;
        for (int i = 0; i < 40; i++)
        {
            if (i == 21)
            {
                crossing = log.Lines.Count + 1;
            }

            log.Access("192.0.2.71", "/admin/", 401, user: "admin").WaitSeconds(0.25);
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines, "/var/log/nginx/access.log");

        var (alert, line) = Assert.Single(harness.Raised, r => r.Finding.Severity >= FindingSeverity.Warning);
        Assert.Equal(("http-auth-brute-force", "192.0.2.71", "admin"), (alert.Kind, alert.Entities[EntityNames.Ip], alert.Entities[EntityNames.User]));
        Assert.Equal(crossing, line);
    }
}
