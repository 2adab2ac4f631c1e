using LogWarden.Detect;

namespace LogWarden.Tests.Detect.Scenarios;

public sealed class WebScenarioTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] ScannerPaths =
    [
        "/.env", "/.git/config", "/wp-login.php", "/xmlrpc.php", "/phpmyadmin/", "/pma/", "/admin.php", "/config.php.bak",
        "/backup.sql", "/.aws/credentials", "/cgi-bin/test.cgi", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
        "/actuator/health", "/solr/admin/", "/manager/html", "/.svn/entries", "/wp-admin/setup-config.php", "/webmail/",
        "/backup", "/old", "/test", "/dev", "/staging", "/api/swagger", "/server-status", "/console", "/shell", "/login.jsp",
        "/admin/", "/db/", "/sql/", "/dump", "/private", "/secret", "/upload", "/uploads/shell.php", "/include/config.inc",
    ];

    /// <summary>A site's normal traffic: pages, assets and an API, from a few visitors.</summary>
    private static void SiteTraffic(AttackLines log, Random random, TimeSpan duration)
    {
        string[] pages = ["/", "/about", "/pricing", "/blog", "/blog/launch-week", "/static/app.js", "/static/app.css", "/favicon.ico", "/api/items/17", "/api/items/42"];
        var end = log.Now + duration;
        while (log.Now < end)
        {
            log.Access($"198.51.100.{random.Next(40, 90)}", pages[random.Next(pages.Length)], 200).WaitSeconds(random.Next(1, 6));
        }
    }

    [Fact]
    public void A_vulnerability_scan_raises_once_on_the_path_that_overflows()
    {
        var log = new AttackLines(T0);
        SiteTraffic(log, new Random(1), TimeSpan.FromMinutes(10));
        int crossing = 0;
        for (int i = 0; i < ScannerPaths.Length; i++)
        {
            if (i == 20)
            {
                crossing = log.Lines.Count + 1;
            }

            log.Access("192.0.2.80", ScannerPaths[i], 404, agent: "Mozilla/5.0 zgrab-like").WaitSeconds(0.1);
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines, "/var/log/nginx/access.log", host: null); // a combined log names no virtual host
        harness.AdvanceTo(log.Now.AddMinutes(10));

        var alerts = harness.Raised.Where(r => r.Finding.Severity >= FindingSeverity.Warning).ToList();
        var (first, line) = alerts[0];
        Assert.Equal("web-scan", first.Kind);
        Assert.Equal(crossing, line); // the 21st distinct path
        Assert.Equal("192.0.2.80", first.Entities[EntityNames.Ip]);
        Assert.Equal("web", first.Entities["service"]);
        Assert.Equal("/var/log/nginx/access.log", first.Entities[EntityNames.Source]); // where it was seen, as no host is known
        Assert.StartsWith("Web vulnerability scan from 192.0.2.80: 21 paths (/.env, /.git/config, /wp-login.php…)", first.Title, StringComparison.Ordinal);
        Assert.All(alerts, a => Assert.Equal(first.Key, a.Finding.Key));
        Assert.Equal(ScannerPaths.Length, alerts[^1].Finding.Count);
    }

    [Fact]
    public void A_single_page_app_hammering_its_api_is_no_scan()
    {
        var log = new AttackLines(T0);
        var random = new Random(2);
        SiteTraffic(log, random, TimeSpan.FromMinutes(5));
        for (int i = 0; i < 3000; i++)
        {
            // 10 requests a second for five minutes: extensionless routes, ids, and now and then an item that
            // was deleted (404) or a stale route of an old build.
            string path = (i % 10) switch
            {
                0 => $"/api/items/{random.Next(1000, 9999)}",
                1 => "/api/items/123/comments?page=" + (i % 7),
                2 => "/dashboard",
                3 => "/settings/profile",
                _ => "/api/items/123",
            };
            int status = i % 25 == 0 ? 404 : 200;
            log.Access("198.51.100.30", i % 97 == 0 ? $"/app/route-{i % 5}" : path, status, method: i % 3 == 0 ? "POST" : "GET").WaitSeconds(0.1);
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines, "/var/log/nginx/access.log");
        harness.AdvanceTo(log.Now.AddMinutes(10));

        Assert.Empty(harness.Alerts);
    }

    [Fact]
    public void A_crawler_meeting_broken_links_on_a_site_it_mostly_reads_is_no_scan()
    {
        var log = new AttackLines(T0);
        for (int i = 0; i < 400; i++)
        {
            bool broken = i % 8 == 0; // 50 distinct broken links among 350 pages, in three minutes
            log.Access("66.249.66.1", broken ? $"/blog/old-post-{(char)('a' + (i % 26))}{i}-draft".Replace("0", "o", StringComparison.Ordinal) : $"/blog/post-{(char)('a' + (i % 26))}", broken ? 404 : 200,
                agent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)").WaitSeconds(0.5);
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines, "/var/log/nginx/access.log");

        Assert.Empty(harness.Alerts);
    }

    [Fact]
    public void A_crawlers_successes_count_for_it_while_other_visitors_and_a_scanner_come_and_go()
    {
        // The crawler's 404s alone would make a scan; its successes keep it quiet. Other visitors' requests (which
        // count in no bucket) and a scanner's (whose bucket is live meanwhile) are interleaved with its own.
        var log = new AttackLines(T0);
        var random = new Random(6);
        int scanned = 0;
        for (int i = 0; i < 400; i++)
        {
            bool broken = i % 8 == 0;
            log.Access("66.249.66.1", broken ? $"/blog/old-post-{(char)('a' + (i % 26))}{i}-draft".Replace("0", "o", StringComparison.Ordinal) : $"/blog/post-{(char)('a' + (i % 26))}", broken ? 404 : 200,
                agent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)").WaitSeconds(0.2);
            log.Access($"198.51.100.{random.Next(40, 90)}", "/blog/post-" + (char)('a' + random.Next(26)), 200).WaitSeconds(0.1);
            if (i % 2 == 0 && scanned < ScannerPaths.Length)
            {
                log.Access("192.0.2.80", ScannerPaths[scanned++], 404, agent: "Mozilla/5.0 zgrab-like").WaitSeconds(0.1);
            }
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines, "/var/log/nginx/access.log");

        Assert.NotEmpty(harness.Alerts);
        Assert.All(harness.Alerts, a => Assert.Equal(("web-scan", "192.0.2.80"), (a.Kind, a.Entities[EntityNames.Ip])));
    }

    [Fact]
    public void Bursts_of_404s_for_paths_the_site_never_served_are_a_scan_too()
    {
        var log = new AttackLines(T0);
        SiteTraffic(log, new Random(3), TimeSpan.FromMinutes(10));
        string[] words = ["admin", "backup", "old", "new", "test", "temp", "files", "private", "secret", "hidden", "data", "logs", "conf", "internal", "portal", "panel", "cp", "dashboard2", "members", "staff", "beta", "archive", "export"];
        foreach (string word in words)
        {
            log.Access("192.0.2.90", "/" + word + "/", 404, agent: "Mozilla/5.0").WaitSeconds(0.2);
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines, "/var/log/nginx/access.log");

        var alert = Assert.Single(harness.Alerts);
        Assert.Equal(("web-scan", "192.0.2.90"), (alert.Kind, alert.Entities[EntityNames.Ip]));
    }

    [Fact]
    public void Scanners_probing_a_few_paths_each_all_day_raise_no_alert_only_hourly_info()
    {
        var log = new AttackLines(T0);
        var random = new Random(4);
        string[] pages = ["/", "/about", "/blog", "/static/app.js"];
        var end = T0.AddDays(1);
        while (log.Now < end)
        {
            log.Access($"198.51.100.{random.Next(40, 90)}", pages[random.Next(pages.Length)], 200).WaitSeconds(random.Next(5, 40));
            if (random.Next(6) == 0)
            {
                string ip = AttackLines.RandomAddress(random);
                for (int i = random.Next(1, 6); i > 0; i--)
                {
                    log.Access(ip, ScannerPaths[random.Next(ScannerPaths.Length)], 404).WaitSeconds(1);
                }
            }
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines, "/var/log/nginx/access.log");
        harness.AdvanceTo(end.AddHours(1));

        Assert.Empty(harness.Alerts);
        var summaries = harness.Findings.Where(f => f.Kind == "web-background").ToList();
        Assert.InRange(summaries.Count, 23, 25);
        Assert.All(summaries, s => Assert.Equal(FindingSeverity.Info, s.Severity));
    }

    [Fact]
    public void A_burst_of_server_errors_in_an_access_log_written_to_syslog_alerts_as_in_a_file_of_its_own()
    {
        // nginx's access_log syslog:server=…: every access line behind a syslog header, in /var/log/syslog
        var log = new AttackLines(T0);
        var random = new Random(5);
        var errorsFrom = T0.AddMinutes(30);
        var lines = new List<string>();
        while (log.Now < T0.AddHours(1))
        {
            bool outage = log.Now >= errorsFrom && log.Now < errorsFrom.AddMinutes(3);
            string header = log.Now.ToString("MMM dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " web1 nginx: ";
            log.Access($"198.51.100.{random.Next(40, 90)}", "/api/items/" + random.Next(100), outage ? 502 : 200);
            lines.Add(header + log.Lines[^1]);
            log.WaitSeconds(random.Next(1, 4));
        }

        var harness = new ScenarioHarness();
        harness.Feed(lines, "/var/log/syslog", host: null);

        var alerts = harness.Raised.Where(r => r.Finding.Severity >= FindingSeverity.Warning).ToList();
        Assert.NotEmpty(alerts);
        Assert.All(alerts, a => Assert.Equal("http-5xx-burst", a.Finding.Kind));
        Assert.Contains("502×", alerts[0].Finding.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_burst_of_server_errors_on_a_site_is_one_alert_and_a_steady_trickle_is_none()
    {
        var log = new AttackLines(T0);
        var random = new Random(5);
        var errorsFrom = T0.AddHours(1);
        var errorsUntil = errorsFrom.AddMinutes(3);
        int firstError = 0;
        while (log.Now < T0.AddHours(2))
        {
            bool outage = log.Now >= errorsFrom && log.Now < errorsUntil;
            // A site with a trickle of 500s (one request in 200) and an upstream that goes down for three minutes.
            int status = outage ? 502 : random.Next(200) == 0 ? 500 : 200;
            if (outage && firstError == 0)
            {
                firstError = log.Lines.Count + 1;
            }

            log.Access($"198.51.100.{random.Next(40, 90)}", "/api/items/" + random.Next(100), status).WaitSeconds(random.Next(1, 4));
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines, "/var/log/nginx/access.log");

        var alerts = harness.Raised.Where(r => r.Finding.Severity >= FindingSeverity.Warning).ToList();
        Assert.NotEmpty(alerts);
        Assert.All(alerts, a => Assert.Equal("http-5xx-burst", a.Finding.Kind));
        Assert.Single(alerts.Select(a => a.Finding.Key).Distinct());
        var first = alerts[0];
        Assert.InRange(first.Finding.Timestamp - errorsFrom, TimeSpan.Zero, TimeSpan.FromSeconds(60));
        Assert.Equal("/var/log/nginx/access.log", first.Finding.Entities[EntityNames.Source]);
        Assert.Contains("502×", first.Finding.Title, StringComparison.Ordinal);
        Assert.True(first.Line > firstError);
    }
    [Fact]
    public void A_burst_of_server_errors_in_haproxys_log_behind_a_syslog_header_is_one_alert_as_in_an_access_log()
    {
        // HAProxy's HTTP log through rsyslog (local2): a syslog header, then the client, the timers, the status and the
        // request line last. No access decoder reads it; the security recogniser reads it as a request record, and the
        // scenarios must count its successes and server errors as they count an nginx line's.
        var random = new Random(11);
        var lines = new List<string>();
        var now = T0;
        var errorsFrom = T0.AddHours(1);
        while (now < T0.AddHours(2))
        {
            bool outage = now >= errorsFrom && now < errorsFrom.AddMinutes(3);
            int status = outage ? 503 : 200;
            string server = outage ? "<NOSRV>" : "web1";
            string client = $"198.51.100.{random.Next(40, 90)}";
            string stamp = now.ToString("MMM dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            string accept = now.ToString("dd/MMM/yyyy:HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
            lines.Add($"{stamp} mx haproxy[1874]: {client}:{random.Next(20000, 60000)} [{accept}] fe_https~ be_app/{server} 0/0/1/3/4 {status} {(outage ? 217 : 5120)} - - {(outage ? "SC--" : "----")} 24/24/22/1/0 0/0 \"GET /api/items/{random.Next(100)} HTTP/1.1\"");
            now = now.AddSeconds(random.Next(1, 4));
        }

        var harness = new ScenarioHarness();
        harness.Feed(lines, "/var/log/haproxy.log");

        var alerts = harness.Alerts.ToList();
        Assert.NotEmpty(alerts);
        Assert.All(alerts, a => Assert.Equal("http-5xx-burst", a.Kind));
        Assert.InRange(alerts[0].Timestamp - errorsFrom, TimeSpan.Zero, TimeSpan.FromSeconds(60));
        Assert.Contains("503×", alerts[0].Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_errors_that_all_go_to_one_client_while_the_site_serves_the_others_are_recorded_naming_the_client()
    {
        var log = new AttackLines(T0);
        var random = new Random(7);
        var limitedFrom = T0.AddHours(1);
        while (log.Now < T0.AddHours(2))
        {
            // Visitors are served throughout; for two minutes one API client calls fast and nginx's limit_req refuses
            // most of its calls with 503, as its rate limit is meant to.
            log.Access($"198.51.100.{random.Next(40, 90)}", "/api/items/" + random.Next(100), 200).WaitSeconds(0.5);
            if (log.Now >= limitedFrom && log.Now < limitedFrom.AddMinutes(2))
            {
                log.Access("203.0.113.77", "/api/orders", random.Next(4) == 0 ? 200 : 503).WaitSeconds(0.5);
            }
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines, "/var/log/nginx/access.log");

        Assert.DoesNotContain(harness.Raised, r => r.Finding.Kind == "http-5xx-burst" && r.Finding.Severity >= FindingSeverity.Warning);
        var recorded = harness.Raised.First(r => r.Finding.Kind == "http-5xx-burst");
        Assert.Equal(FindingSeverity.Info, recorded.Finding.Severity);
        Assert.Equal("203.0.113.77", recorded.Finding.Entities[EntityNames.Ip]);
        Assert.Contains("nearly all to 203.0.113.77", recorded.Finding.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void An_outage_that_one_busy_client_meets_most_is_still_an_alert_when_the_site_serves_nothing()
    {
        var log = new AttackLines(T0);
        var random = new Random(9);
        var downFrom = T0.AddHours(1);
        while (log.Now < T0.AddHours(2))
        {
            bool down = log.Now >= downFrom && log.Now < downFrom.AddMinutes(3);
            // A quiet site whose one busy client (a load balancer's health check) meets every error of the outage.
            log.Access("10.0.0.2", "/healthz", down ? 502 : 200).WaitSeconds(2);
            if (random.Next(10) == 0)
            {
                log.Access($"198.51.100.{random.Next(40, 90)}", "/", down ? 502 : 200);
            }
        }

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines, "/var/log/nginx/access.log");

        Assert.Contains(harness.Raised, r => r.Finding.Kind == "http-5xx-burst" && r.Finding.Severity >= FindingSeverity.Warning);
    }

    /// <summary>
    /// A quiet site learned for a day and a few hours (a request every 10 to 30 s, one in a thousand a 500), then what
    /// <paramref name="trouble"/> writes at <paramref name="troubleFrom"/>. Returns the line number of the trouble's first error.
    /// </summary>
    private static int QuietSite(AttackLines log, Random random, DateTimeOffset troubleFrom, Func<AttackLines, Random, bool> trouble)
    {
        string[] pages = ["/", "/shop/", "/shop/api/products", "/shop/api/cart", "/shop/api/checkout", "/static/app.js"];
        int firstError = 0;
        while (log.Now < troubleFrom.AddMinutes(20))
        {
            if (log.Now >= troubleFrom && trouble(log, random))
            {
                firstError = firstError == 0 ? log.Lines.Count : firstError;
                continue;
            }

            log.Access($"198.51.100.{random.Next(40, 90)}", pages[random.Next(pages.Length)], random.Next(1000) == 0 ? 500 : 200)
                .WaitSeconds(random.Next(10, 31));
        }

        return firstError;
    }

    [Fact]
    public void A_quiet_sites_checkout_failing_for_minutes_alerts_in_about_two_before_twenty_errors_pile_up()
    {
        // A night shop with a request every 20 s: its checkout and cart API answer 500 for seven minutes (its database
        // pool is exhausted), about two errors a minute from whoever shops. The bucket (20 errors, one leaking every
        // 30 s) would need most of an hour of that; the site's learned rate (a 500 every few hours) makes four over
        // half a minute or more impossible, so the surge test raises.
        var log = new AttackLines(T0);
        var random = new Random(21);
        var outage = T0.AddHours(26);
        int firstError = QuietSite(log, random, outage, (l, r) =>
        {
            if (l.Now >= outage.AddMinutes(7))
            {
                return false;
            }

            l.Access($"198.51.100.{r.Next(40, 90)}", r.Next(2) == 0 ? "/shop/api/checkout" : "/shop/api/cart", r.Next(4) == 0 ? 200 : 500, method: "POST")
                .WaitSeconds(r.Next(10, 31));
            return true;
        });

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines, "/var/log/tomcat10/localhost_access_log.txt");

        var alerts = harness.Raised.Where(r => r.Finding.Severity >= FindingSeverity.Warning).ToList();
        Assert.NotEmpty(alerts);
        Assert.All(alerts, a => Assert.Equal("http-5xx-burst", a.Finding.Kind));
        var (first, line) = alerts[0];
        Assert.True(line > firstError);
        Assert.InRange(first.Timestamp - outage, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(4));
        Assert.InRange(first.Count, 4, 19);
        Assert.Equal(1, first.Evidence.Measurements["surge"]);
        Assert.Contains("500×", first.Title, StringComparison.Ordinal);
        Assert.Single(harness.Alerts.Select(a => a.Key).Distinct());
    }

    [Fact]
    public void A_quiet_sites_few_seconds_of_502s_while_it_restarts_and_one_clients_own_errors_are_no_surge()
    {
        // The same quiet site: a deploy restarts the app and ten visitors meet a 502 within eight seconds; later one API
        // client retries a call that fails, a 500 every 15 s for four minutes, while visitors are served. Neither is
        // the site failing: the first lasts no minute, the second is one client's.
        var log = new AttackLines(T0);
        var random = new Random(22);
        var restart = T0.AddHours(26);
        var retries = restart.AddMinutes(10);
        int blip = 0;
        QuietSite(log, random, restart, (l, r) =>
        {
            if (blip < 10)
            {
                l.Access($"198.51.100.{r.Next(40, 90)}", "/shop/api/products", 502).WaitSeconds(0.8);
                blip++;
                return true;
            }

            if (l.Now >= retries && l.Now < retries.AddMinutes(4))
            {
                l.Access("203.0.113.50", "/shop/api/orders/77", 500, method: "POST").WaitSeconds(7);
                l.Access($"198.51.100.{r.Next(40, 90)}", "/shop/", 200).WaitSeconds(8);
                return true;
            }

            return false;
        });

        var harness = new ScenarioHarness();
        harness.Feed(log.Lines, "/var/log/tomcat10/localhost_access_log.txt");

        Assert.DoesNotContain(harness.Alerts, f => f.Kind == "http-5xx-burst");
    }
}
