using System.Globalization;

namespace LogWarden.Tests.Support.Replay;

/// <summary>Paths, agents and addresses of web traffic, real-world ones.</summary>
internal static class WebVocabulary
{
    public static readonly string[] Browsers =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.7 Mobile/15E148 Safari/604.1",
    ];

    public static readonly (string Agent, string[] Prefixes, double PerHour)[] Crawlers =
    [
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", ["66.249.66.", "66.249.68.", "66.249.79."], 40),
        ("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.85 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", ["66.249.66.", "66.249.64."], 30),
        ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", ["40.77.167.", "157.55.39.", "207.46.13."], 20),
        ("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", ["5.39.109.", "54.36.148.", "51.222.253."], 12),
        ("Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)", ["185.191.171.", "85.208.96."], 8),
        ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)", ["20.171.207.", "52.230.152."], 6),
        ("Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", ["5.255.231.", "213.180.203."], 4),
        ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", ["69.171.249.", "173.252.83."], 3),
    ];

    public static readonly string[] ScannerAgents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36",
        "Mozilla/5.0 zgrab/0.x", "Go-http-client/1.1", "python-requests/2.31.0", "curl/7.88.1", "-",
        "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)",
        "Expanse, a Palo Alto Networks company, searches across the global IPv4 space multiple times per day to identify customers' presences on the Internet. If you would like to be excluded from our scans, please send IP addresses/domains to: scaninfo@paloaltonetworks.com",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36",
        "Mozilla/5.0 (compatible; InternetMeasurement/1.0; +https://internet-measurement.com/)",
        "libredtail-http", "Mozlila/5.0 (Linux; Android 7.0; SM-G892A Bulid/NRD90M; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/60.0.3112.107 Moblie Safari/537.36",
    ];

    /// <summary>What internet scanners ask every server for, all day.</summary>
    public static readonly string[] ProbePaths =
    [
        "/.env", "/.env", "/.env", "/.git/config", "/.git/HEAD", "/wp-login.php", "/wp-login.php", "/xmlrpc.php", "/wp-admin/setup-config.php",
        "/wp-includes/wlwmanifest.xml", "/wp-content/plugins/wp-file-manager/readme.txt", "/phpmyadmin/index.php", "/pma/index.php",
        "/admin/", "/administrator/index.php", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/cgi-bin/luci/;stok=/locale",
        "/boaform/admin/formLogin", "/HNAP1/", "/actuator/env", "/actuator/health", "/.aws/credentials", "/config.json", "/server-status",
        "/solr/admin/info/system?wt=json", "/owa/auth/logon.aspx", "/remote/login", "/global-protect/login.esp", "/.DS_Store", "/backup.zip",
        "/db.sql", "/info.php", "/phpinfo.php", "/test.php", "/geoserver/web/", "/login.action", "/manager/html", "/console/",
        "/telescope/requests", "/_ignition/execute-solution", "/.vscode/sftp.json", "/sftp-config.json", "/autodiscover/autodiscover.xml",
        "/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh", "/index.php?s=/Index/\\think\\app/invokefunction&function=call_user_func_array&vars[0]=md5&vars[1][]=Hello",
        "/?XDEBUG_SESSION_START=phpstorm", "/containers/json", "/v2/_catalog", "/.svn/entries", "/api/.env", "/laravel/.env", "/app/.env",
        "/backend/.env", "/wp-config.php.bak", "/.htpasswd", "/shell.php", "/ecp/Current/exporttool/microsoft.exchange.ediscovery.exporttool.application",
        "/developmentserver/metadatauploader", "/hello.world", "/Core/Skin/Login.aspx", "/login.rsp", "/cf_scripts/scripts/ajax/ckeditor/ckeditor.js",
        "/showLogin.cc", "/SDK/webLanguage", "/mgmt/tm/util/bash", "/druid/index.html", "/jenkins/login", "/user/login", "/.well-known/security.txt",
    ];

    /// <summary>More paths a vulnerability scanner (nuclei, nikto, gobuster) walks through, beyond the background's.</summary>
    public static readonly string[] ScanWords =
    [
        "admin", "backup", "backups", "old", "new", "test", "dev", "staging", "api", "debug", "config", "conf", "db", "database", "sql", "dump",
        "uploads", "files", "private", "secret", "logs", "log", "tmp", "temp", "cache", "install", "setup", "console", "panel", "cpanel",
        "webmail", "mail", "phpmyadmin", "adminer", "server", "status", "info", "web", "site", "wp", "wordpress", "joomla", "drupal", "magento",
        ".git", ".svn", ".hg", ".env", ".idea", "node_modules", "vendor", "storage", "bin", "cgi-bin", "scripts", "shell", "cmd", "exec",
    ];

    public static readonly string[] ScanSuffixes =
        ["", "/", ".php", ".bak", ".old", ".zip", ".tar.gz", ".sql", ".json", ".yml", ".txt", ".log", "/index.php", "/config.php", "/.env", "~"];

    public static readonly string[] ScanToolAgents =
    [
        "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:{0})",
        "gobuster/3.6",
        "Fuzz Faster U Fool v2.1.0-dev",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Knoppix; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/55.0.2883.87 Safari/537.36",
        "sqlmap/1.8.11#stable (https://sqlmap.org)",
        "WPScan v3.8.27 (https://wpscan.com/wordpress-security-scanner)",
    ];

    public static readonly string[] Slugs =
    [
        "blue-running-shoes", "wool-socks-3-pack", "leather-wallet", "espresso-machine-pro", "standing-desk", "noise-cancelling-headphones",
        "usb-c-hub", "winter-jacket", "yoga-mat", "cast-iron-pan", "mechanical-keyboard", "desk-lamp", "travel-backpack", "water-bottle",
        "hiking-boots", "rain-coat", "smart-watch-band", "phone-case-clear", "ceramic-mug", "linen-shirt",
    ];
}

/// <summary>
/// An nginx in front of the host's app: people using a single-page app (a page, its hashed assets, then a
/// steady stream of extensionless <c>/api/…</c> calls, polling included), search engines crawling, uptime
/// monitors, and the constant trickle of internet scanners asking for <c>/.env</c> and
/// <c>/wp-login.php</c> and getting 404s. The app logs every API request it serves. Volume follows
/// <see cref="ReplayHost.Rhythm"/>; incidents change it through <see cref="ReplayHost.Changes"/>.
/// </summary>
internal sealed class WebTraffic : IReplayEmitter
{
    private readonly ReplayHost _host;
    private readonly double _sessionsPerMinute;
    private readonly string[] _visitors;
    private readonly string[] _monitorIps;
    private readonly List<(string Assets, string Vendor)> _builds = [];

    public WebTraffic(ReplayHost host, double scale)
    {
        _host = host;
        var r = host.Random;
        _sessionsPerMinute = 2.2 * scale * host.TrafficScale;
        _visitors = [.. Enumerable.Range(0, 4000).Select(_ => host.BackgroundAddress(0.22))];
        _monitorIps = [host.BackgroundAddress(0), host.BackgroundAddress(0), host.BackgroundAddress(0)];
        _builds.Add((r.Alnum(8), r.Alnum(8)));
    }

    /// <summary>How many people start using the site per minute at this time (before incidents change it).</summary>
    public double SessionsPerMinute(DateTimeOffset time) => _sessionsPerMinute * _host.Rhythm(time);

    /// <summary>The hashed asset names of the build deployed at <paramref name="time"/>: each deploy renames them.</summary>
    private (string Assets, string Vendor) BuildAt(DateTimeOffset time)
    {
        int deployed = 0;
        foreach (DateTimeOffset deploy in _host.Deploys)
        {
            if (deploy <= time)
            {
                deployed++;
            }
        }

        while (_builds.Count <= deployed)
        {
            _builds.Add((_host.Random.Alnum(8), _host.Random.Chance(0.3) ? _host.Random.Alnum(8) : _builds[^1].Vendor));
        }

        return _builds[deployed];
    }

    public void Emit(DateTimeOffset from, DateTimeOffset to)
    {
        var r = _host.Random;
        for (DateTimeOffset minute = from; minute < to; minute += TimeSpan.FromMinutes(1))
        {
            double rate = _sessionsPerMinute * _host.Rhythm(minute) * _host.TrafficFactor(minute);
            int sessions = r.Poisson(rate);
            for (int i = 0; i < sessions; i++)
            {
                Session(r.Within(minute, TimeSpan.FromMinutes(1)));
            }

            int buffered = r.Poisson(_host.BufferedWarningsPerHour / 60 * (0.5 + (0.5 * _host.Rhythm(minute))));
            for (int i = 0; i < buffered; i++)
            {
                BufferedWarning(r.Within(minute, TimeSpan.FromMinutes(1)), _visitors[r.Skewed(_visitors.Length)]);
            }

            foreach (var (agent, prefixes, perHour) in WebVocabulary.Crawlers)
            {
                int fetches = r.Poisson(perHour / 60.0);
                for (int i = 0; i < fetches; i++)
                {
                    CrawlerFetch(r.Within(minute, TimeSpan.FromMinutes(1)), agent, r.Pick(prefixes) + r.Next(1, 254).ToString(CultureInfo.InvariantCulture));
                }
            }

            if (minute.Minute % 5 == 0)
            {
                DateTimeOffset t = minute + TimeSpan.FromSeconds(r.Between(0, 4));
                _host.Access(t, r.Pick(_monitorIps), "HEAD", "/", "HTTP/1.1", 200, 0, "https://" + _host.Domain, "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", 0.002);
            }

            // Prometheus' nginx exporter scrapes stub_status twice a minute.
            _host.Access(minute + TimeSpan.FromSeconds(7), "127.0.0.1", "GET", "/nginx_status", "HTTP/1.1", 200, 112, "-", "Go-http-client/1.1", 0.0);
            _host.Access(minute + TimeSpan.FromSeconds(37), "127.0.0.1", "GET", "/nginx_status", "HTTP/1.1", 200, 113, "-", "Go-http-client/1.1", 0.0);
        }

        int scanners = r.Poisson(_host.WebScannersPerHour * (to - from).TotalHours);
        for (int i = 0; i < scanners; i++)
        {
            Scanner(r.Within(from, to - from));
        }
    }

    private void Session(DateTimeOffset time)
    {
        var r = _host.Random;
        string ip = _visitors[r.Skewed(_visitors.Length, 0.8)];
        string agent = r.Pick(WebVocabulary.Browsers);
        string protocol = r.Chance(0.85) ? "HTTP/2.0" : "HTTP/1.1";
        bool returning = r.Chance(0.45);
        string landing = r.Pick<string>([("/", 5), ("/products/" + r.Pick(WebVocabulary.Slugs), 4), ("/search?q=" + r.Pick(WebVocabulary.Slugs).Split('-')[0], 1), ("/blog/holiday-gift-guide", 1)]);
        string referer = r.Pick(["-", "-", "https://www.google.com/", "https://duckduckgo.com/", "https://www.bing.com/", "android-app://com.google.android.gm/"]);
        string site = "https://" + _host.Domain + "/";
        Request(time, ip, "GET", landing, protocol, 200, r.Next(4000, 32000), referer, agent);

        var (build, vendor) = BuildAt(time);
        string[] assets =
        [
            $"/assets/index-{build}.js", $"/assets/index-{build}.css", $"/assets/vendor-{vendor}.js", "/fonts/inter-var.woff2",
            "/favicon.ico", "/images/hero.webp", "/manifest.webmanifest",
        ];
        DateTimeOffset t = time;
        foreach (string asset in assets)
        {
            if (r.Chance(0.2))
            {
                continue;
            }

            t += r.Millis(20, 300);
            bool cached = returning && r.Chance(0.8);
            Request(t, ip, "GET", asset, protocol, cached ? 304 : 200, cached ? 0 : r.Next(1500, 420000), site, agent);
        }

        bool loggedIn = r.Chance(0.55);
        t += r.Millis(100, 600);
        Request(t, ip, "GET", "/api/v1/session", protocol, loggedIn ? 200 : 401, loggedIn ? r.Next(300, 900) : 51, site, agent);
        if (!loggedIn && r.Chance(0.25))
        {
            t += r.Seconds(8, 40);
            bool typo = r.Chance(0.15);
            Request(t, ip, "POST", "/api/v1/login", protocol, typo ? 401 : 200, typo ? 64 : r.Next(400, 900), site, agent);
            if (typo)
            {
                t += r.Seconds(5, 20);
                Request(t, ip, "POST", "/api/v1/login", protocol, 200, r.Next(400, 900), site, agent);
            }

            loggedIn = true;
        }

        // The SPA: pages of products, details, cart, and a notifications poll every 30 s while the tab is open.
        TimeSpan open = TimeSpan.FromMinutes(r.Between(0.5, 14));
        DateTimeOffset closeAt = t + open;
        DateTimeOffset nextPoll = t + TimeSpan.FromSeconds(30);
        while (t < closeAt)
        {
            t += r.Seconds(1.5, 45);
            while (nextPoll < t && nextPoll < closeAt)
            {
                if (loggedIn)
                {
                    Request(nextPoll, ip, "GET", "/api/v1/notifications?since=" + (nextPoll.ToUnixTimeSeconds() - 30).ToString(CultureInfo.InvariantCulture), protocol, 200, r.Next(40, 600), site, agent);
                }

                nextPoll += TimeSpan.FromSeconds(30);
            }

            if (t >= closeAt)
            {
                break;
            }

            int id = r.Next(1000, 9999);
            switch (r.Next(10))
            {
                case 0 or 1 or 2:
                    Request(t, ip, "GET", string.Create(CultureInfo.InvariantCulture, $"/api/v1/products?page={r.Next(1, 12)}&sort={r.Pick(["popular", "price", "new"])}"), protocol, 200, r.Next(2000, 16000), site, agent);
                    break;
                case 3 or 4:
                    bool gone = r.Chance(0.03);
                    Request(t, ip, "GET", string.Create(CultureInfo.InvariantCulture, $"/api/v1/products/{id}"), protocol, gone ? 404 : 200, gone ? 48 : r.Next(900, 4000), site, agent);
                    if (!gone)
                    {
                        Request(t + r.Millis(30, 200), ip, "GET", string.Create(CultureInfo.InvariantCulture, $"/api/v1/products/{id}/reviews?limit=5"), protocol, 200, r.Next(100, 3000), site, agent);
                    }

                    break;
                case 5:
                    Request(t, ip, "GET", "/api/v1/cart", protocol, loggedIn ? 200 : 401, r.Next(80, 1500), site, agent);
                    break;
                case 6:
                    Request(t, ip, "POST", "/api/v1/cart/items", protocol, loggedIn ? 201 : 401, r.Next(80, 400), site, agent);
                    break;
                case 7:
                    Request(t, ip, "POST", "/api/v1/events", protocol, 204, 0, site, agent);
                    break;
                case 8:
                    Request(t, ip, "GET", "/images/products/" + id.ToString(CultureInfo.InvariantCulture) + ".webp", protocol, r.Chance(0.02) ? 404 : 200, r.Next(8000, 90000), site, agent);
                    break;
                default:
                    if (loggedIn && r.Chance(0.3))
                    {
                        bool invalid = r.Chance(0.1);
                        Request(t, ip, "POST", "/api/v1/checkout", protocol, invalid ? 422 : 200, r.Next(100, 700), site, agent);
                    }
                    else
                    {
                        Request(t, ip, "GET", "/api/v1/search?q=" + r.Pick(WebVocabulary.Slugs).Split('-')[^1], protocol, 200, r.Next(300, 8000), site, agent);
                    }

                    break;
            }
        }
    }

    /// <summary>One request: the access line, and for API calls the app's own log line (or the failure if the app is down).</summary>
    private void Request(DateTimeOffset time, string ip, string method, string path, string protocol, int status, long bytes, string referer, string agent)
    {
        var r = _host.Random;
        bool api = path.StartsWith("/api/", StringComparison.Ordinal);
        double seconds = api ? Math.Round(Math.Exp(r.Between(-4.5, -1.2)), 3) : r.Between(0, 0.004);
        if (api && _host.UpstreamFailure(time) is BackgroundChange failure && r.Chance(failure.Factor))
        {
            Failure(time, ip, method, path, protocol, referer, agent, failure.Status);
            return;
        }

        _host.Access(time, ip, method, path, protocol, status, bytes, referer, agent, seconds);
        if (!api)
        {
            return;
        }

        string route = RouteOf(path);
        var level = status >= 500 ? AppLevel.Error : seconds > 0.25 ? AppLevel.Warn : AppLevel.Info;
        if (level == AppLevel.Warn)
        {
            _host.App(time, AppLevel.Warn, "slow request {Method} {Route} took {ElapsedMs} ms", ("Method", method), ("Route", route), ("ElapsedMs", (int)(seconds * 1000)));
        }
        else
        {
            _host.App(time, level, "request completed {Method} {Route} {Status} in {ElapsedMs} ms", ("Method", method), ("Route", route), ("Status", status), ("ElapsedMs", (int)(seconds * 1000)));
        }
    }

    private void Failure(DateTimeOffset time, string ip, string method, string path, string protocol, string referer, string agent, int status)
    {
        var r = _host.Random;
        string upstream = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_host.AppPort}{path}");
        string request = $"request: \"{method} {path} {protocol}\", upstream: \"{upstream}\", host: \"{_host.Domain}\"";
        switch (status)
        {
            case 504:
                _host.Access(time + TimeSpan.FromSeconds(60), ip, method, path, protocol, 504, 562, referer, agent, 60.001);
                _host.NginxError(time + TimeSpan.FromSeconds(60), "error", $"upstream timed out (110: Connection timed out) while reading response header from upstream, client: {ip}, server: {_host.Domain}, {request}");
                break;
            case 500:
                _host.Access(time, ip, method, path, protocol, 500, 71, referer, agent, r.Between(0.01, 0.2));
                _host.App(time, AppLevel.Error, "unhandled error in {Method} {Route}: {Error}", ("Method", method), ("Route", RouteOf(path)), ("Error", "TypeError: Cannot read properties of undefined (reading 'priceCents')"));
                break;
            default:
                _host.Access(time, ip, method, path, protocol, status, status == 503 ? 190 : 166, referer, agent, 0.0);
                _host.NginxError(time, "error", $"connect() failed (111: Connection refused) while connecting to upstream, client: {ip}, server: {_host.Domain}, {request}");
                break;
        }
    }

    /// <summary>A large API response spilled to disk: nginx warns, and it is normal.</summary>
    public void BufferedWarning(DateTimeOffset time, string client)
    {
        var r = _host.Random;
        string path = string.Create(CultureInfo.InvariantCulture, $"/api/v1/products?page={r.Next(1, 40)}&sort={r.Pick(["popular", "price", "new"])}&limit=200");
        _host.NginxError(time, "warn", string.Create(
            CultureInfo.InvariantCulture,
            $"an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/{r.Next(0, 10)}/{r.Next(10, 99)}/00000{r.Next(10000, 99999)} while reading upstream, client: {client}, server: {_host.Domain}, request: \"GET {path} HTTP/2.0\", upstream: \"http://127.0.0.1:{_host.AppPort}{path}\", host: \"{_host.Domain}\", referrer: \"https://{_host.Domain}/\""));
    }

    private static string RouteOf(string path)
    {
        int query = path.IndexOf('?', StringComparison.Ordinal);
        string route = query < 0 ? path : path[..query];
        var parts = route.Split('/');
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length > 0 && char.IsAsciiDigit(parts[i][0]))
            {
                parts[i] = ":id";
            }
        }

        return string.Join('/', parts);
    }

    private void CrawlerFetch(DateTimeOffset time, string agent, string ip)
    {
        var r = _host.Random;
        string path = r.Pick<string>(
        [
            ("/products/" + r.Pick(WebVocabulary.Slugs), 10), ("/robots.txt", 1), ("/sitemap.xml", 1), ("/blog/holiday-gift-guide", 1),
            ("/category/" + r.Pick(["men", "women", "kids", "home", "sale"]) + "?page=" + r.Next(1, 30).ToString(CultureInfo.InvariantCulture), 4),
            ("/products/discontinued-" + r.Next(100, 999).ToString(CultureInfo.InvariantCulture), 1),
        ]);
        int status = path.Contains("discontinued", StringComparison.Ordinal) ? 404 : r.Chance(0.03) ? 301 : 200;
        _host.Access(time, ip, "GET", path, "HTTP/1.1", status, status == 200 ? r.Next(3000, 40000) : 162, "-", agent, r.Between(0.001, 0.08));
    }

    private void Scanner(DateTimeOffset time)
    {
        var r = _host.Random;
        string ip = _host.BackgroundAddress(0.03);
        string agent = r.Pick(WebVocabulary.ScannerAgents);
        int requests = r.Pick<int>([(1, 40), (2, 15), (r.Next(3, 9), 30), (r.Next(9, 21), 12), (r.Next(21, 41), 3)]);
        for (int i = 0; i < requests; i++)
        {
            switch (r.Next(14))
            {
                case 0:
                    _host.Access(time, ip, "GET", "/", "HTTP/1.1", 200, r.Next(4000, 32000), "-", agent, 0.003);
                    break;
                case 1:
                    _host.Access(time, ip, "", "\\x16\\x03\\x01\\x00\\xEE\\x01\\x00\\x00\\xEA\\x03\\x03" + r.Hex(8), "", 400, 157, "-", "-", 0.0);
                    break;
                case 2:
                    _host.Access(time, ip, "CONNECT", "www.google.com:443", "HTTP/1.1", 400, 157, "-", "-", 0.0);
                    break;
                default:
                    string path = r.Pick(WebVocabulary.ProbePaths);
                    bool post = path is "/xmlrpc.php" or "/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh" && r.Chance(0.5);
                    int status = path == "/.well-known/security.txt" ? 200 : r.Chance(0.04) ? 403 : 404;
                    _host.Access(time, ip, post ? "POST" : "GET", path, "HTTP/1.1", status, status == 200 ? 312 : r.Pick([153, 162, 555]), "-", agent, 0.0);
                    break;
            }

            time += r.Chance(0.7) ? r.Millis(40, 900) : r.Seconds(1, 12);
        }
    }
}
