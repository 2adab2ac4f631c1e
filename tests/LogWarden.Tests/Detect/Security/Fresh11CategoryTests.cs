using static LogWarden.Tests.Detect.Security.SecurityLines;

namespace LogWarden.Tests.Detect.Security;

/// <summary>
/// The categories held-out set fresh11's misses and false events pointed at (sixteenth session), in general terms: lines
/// written for these tests in each category's layouts (addresses from the documentation ranges), not the set's lines.
/// </summary>
public sealed class Fresh11CategoryTests
{
    [Theory]
    // an IDS alert written as key=value fields: the rank in priority=, the flow in src=/dst=
    [InlineData("<134>1 1714637564.123456789 fw1 ids-alerts signature=1:2001219:20 priority=2 timestamp=1714637564.51 direction=ingress protocol=tcp/ip src=203.0.113.201:51234 dst=192.0.2.10:22 message: ET SCAN Potential SSH Scan", "attack", "203.0.113.201")]
    // "non existing" written apart
    [InlineData("2024-05-02 08:12:45 [WARN] Authentication for non existing user attempted from 203.0.113.202", "invalid-user", "203.0.113.202")]
    // a client that does not speak the port's protocol, in the server's words
    [InlineData("2024-05-02 08:12:44 [WARN] 203.0.113.203:51234 not trojan request, connecting to 127.0.0.1:80", "protocol-violation", "203.0.113.203")]
    [InlineData("2024-05-02 08:12:44 WARN rtsp: 203.0.113.204:40100 sent not a valid RTSP request", "protocol-violation", "203.0.113.204")]
    public void Fresh_wordings_of_alerts_and_refusals_are_read(string line, string kind, string remote)
    {
        AssertEvent(line, kind, hostile: true, remote);
    }

    [Theory]
    // an IDS record of low rank, and one on a server's answer to this network's client (port 80 to an ephemeral port)
    [InlineData("<134>1 1714637564.1 fw1 ids-alerts signature=1:2013028:7 priority=3 timestamp=1714637564.5 direction=ingress protocol=tcp/ip src=203.0.113.205:51234 dst=192.0.2.10:443 message: ET POLICY curl User-Agent Outbound")]
    [InlineData("<134>1 1714637600.1 fw1 security_event ids_alerted signature=1:28423:1 priority=1 timestamp=1714637600.8 direction=ingress protocol=tcp/ip src=203.0.113.206:80 dst=192.168.1.2:53023 message: EXPLOIT-KIT detection")]
    // a firewall's block of a LAN host's packet on its way out, with a direction tag before the flow (policy, not an attack)
    [InlineData("May  2 08:30:10 Vigor: [FILTER][Block][LAN/RT/VPN->WAN1, 00:05:30:10 ][@S:R=4:2, 192.168.1.23:50900->198.51.100.201:25][TCP][HLen=20, TLen=60, Flag=S]")]
    // this host's client refused by a server a URL names (a camera's stream), and by a server a compound noun names
    [InlineData("2024-05-02 08:10:00.123456  [ffmpeg.cam.detect] ERROR   : rtsp://192.168.1.64:554/Streaming/Channels/102: Server returned 401 Unauthorized (authorization failed)")]
    [InlineData("May 02 08:10:05.000 [warn] http status 400 (\"Looks like your keypair has been rejected by the authority\") response from dirserver 198.51.100.31:80. Please correct.")]
    // an application's database driver reporting that its own database refused it
    [InlineData("[2024-05-02 08:31:00] request.CRITICAL: Uncaught PHP Exception Doctrine\\DBAL\\Exception\\ConnectionException: \"An exception occurred in the driver: SQLSTATE[HY000] [1045] Access denied for user 'app'@'172.20.0.3' (using password: YES)\" at /var/www/app/vendor/doctrine/dbal/src/Driver/API/MySQL/ExceptionConverter.php line 101 [] []")]
    [InlineData("2024-05-02 08:31:00 ERROR PDOException: SQLSTATE[08006] [7] FATAL:  password authentication failed for user \"app\" (host 10.0.0.7)")]
    public void This_hosts_own_failures_low_alerts_and_outbound_blocks_are_no_hostile_event(string line)
    {
        Assert.False(Recognize(line) is { Hostile: true }, line);
    }

    [Fact]
    public void A_database_refusing_a_client_is_still_that_clients_failure()
    {
        AssertEvent("mysqld[812]: 2024-05-02  8:12:44 12 [Warning] Access denied for user 'root'@'203.0.113.207' (using password: YES)", "access-denied", hostile: true, "203.0.113.207");
    }

    [Theory]
    // a POST to a login form or token endpoint answered with another client error than 401
    [InlineData("2024-05-02T08:12:44Z: WEB \t▶ 203.0.113.208  POST 412 /api/v1/login 103.3ms - python-requests/2.31.0", "203.0.113.208")]
    [InlineData("{\"component\":\"api\",\"level\":\"info\",\"method\":\"POST\",\"msg\":\"request completed\",\"path\":\"/token\",\"remote_addr\":\"203.0.113.209\",\"status\":400}", "203.0.113.209")]
    [InlineData("203.0.113.210 - - [02/May/2024:08:12:44 +0000] \"POST /auth/login HTTP/1.1\" 422 88 \"-\" \"curl/8\"", "203.0.113.210")]
    public void A_login_post_answered_with_another_client_error_is_a_refused_login(string line, string client)
    {
        AssertEvent(line, "web-auth-failure", hostile: true, client);
    }

    [Theory]
    // a 400 elsewhere than a login endpoint, a GET of a login page, a success
    [InlineData("203.0.113.211 - - [02/May/2024:08:12:44 +0000] \"POST /api/items HTTP/1.1\" 400 88 \"-\" \"curl/8\"")]
    [InlineData("203.0.113.211 - - [02/May/2024:08:12:44 +0000] \"GET /login?next=%2F HTTP/1.1\" 400 88 \"-\" \"curl/8\"")]
    [InlineData("2024-05-02T08:30:00Z: WEB \t▶ 192.0.2.120  POST 200 /api/v1/login 110.2ms - Mozilla/5.0")]
    public void Other_client_errors_and_successful_logins_are_no_hostile_event(string line)
    {
        Assert.False(Recognize(line) is { Hostile: true }, line);
    }

    [Fact]
    public void The_status_right_before_a_quoted_target_is_a_request_record()
    {
        AssertEvent("2024-05-02 08:20:00: 14211: 1200 '[203.0.113.212]:40000' 'DATA' (sent/all = 112/112 bytes -0%, prep/sent/total = 0.03/0.01/0.04 ms) 403 '/api/v1/info'", "web-forbidden", hostile: true, "203.0.113.212");
        Assert.False(Recognize("2024-05-02 08:30:00: 14211: 1300 '[192.0.2.36]:50512' 'DATA' (sent/all = 5165/5165 bytes -0%, prep/sent/total = 0.03/0.01/0.04 ms) 200 '/api/v1/info'") is { Hostile: true });
    }

    [Fact]
    public void A_camel_case_forwarded_for_field_names_the_visitor_behind_a_private_proxy()
    {
        var e = Recognize("[2024-05-02T08:12:44.812Z] error Failed login attempt {\"xForwardedFor\":\"203.0.113.213\",\"remoteAddress\":\"172.18.0.2\",\"userAgent\":\"Mozilla/5.0\",\"timestamp\":1714637564}");
        Assert.True(e is { Hostile: true });
        Assert.Equal("203.0.113.213", Remote(e!));
    }

    [Fact]
    public void A_key_value_connection_id_ties_a_failure_to_the_connection_that_named_its_client()
    {
        var events = RecognizeAll([
            "l=info m=\"new connection\" pkg=smtpserver cid=18a4b2c1d01 remote=203.0.113.214:51234 local=192.0.2.1:587 submission=true",
            "l=info m=\"new connection\" pkg=imapserver cid=18a4b2c1d03 remote=192.0.2.114:50512 local=192.0.2.1:993",
            "l=info m=\"authentication failed\" pkg=smtpserver cid=18a4b2c1d01 mechanism=plain username=admin@example.org err=\"bad user/pass\"",
            "l=info m=\"authenticated\" pkg=imapserver cid=18a4b2c1d03 mechanism=scram-sha-256 username=alice@example.org",
        ]);
        Assert.Null(events[0]);
        Assert.True(events[2] is { Hostile: true });
        Assert.Equal("203.0.113.214", events[2]?.Ip);
        Assert.False(events[3] is { Hostile: true });
    }

    [Fact]
    public void A_request_uuid_opening_the_message_ties_a_failure_to_its_requests_client()
    {
        const string a = "839b6859-bb80-4e45-bb4a-fe44f8ff0594", b = "00a338ba-e4bd-4a75-a1bb-8d201f142575";
        var events = RecognizeAll([
            $"May  2 08:12:44 idm kanidmd[1055]: {a} INFO     request [ 31.2ms | 2.11% / 100.00% ] method: POST | uri: /v1/auth | version: HTTP/1.1 | client_ip: 203.0.113.215",
            $"May  2 08:12:44 idm kanidmd[1055]: {b} INFO     request [ 10.2ms | 83.87% / 100.00% ] method: POST | uri: /v1/auth | version: HTTP/1.1 | client_ip: 192.0.2.70",
            $"May  2 08:12:44 idm kanidmd[1055]: {a} INFO     │  ┝━ 🔐 [security]: Handler::Auth -> Credentials denied | username: \"admin\" | reason: \"invalid password\"",
        ]);
        Assert.True(events[2] is { Hostile: true });
        Assert.Equal("203.0.113.215", events[2]?.Ip);
    }
}
