using LogWarden.Detect.Security;
using static LogWarden.Tests.Detect.Security.SecurityLines;

namespace LogWarden.Tests.Detect.Security;

/// <summary>
/// Formats many programs share rather than the wordings of one: intrusion detection alerts, a line that names the
/// server's address beside the client's, audit records' failure categories, an access line behind a syslog header.
/// Lines are written for these tests in each format's documented shape (addresses from the documentation ranges).
/// </summary>
public sealed class GeneralFormatTests
{
    [Theory]
    // Snort's and Suricata's fast alert line; the same written to syslog (no "[**]", a colon after the priority)
    [InlineData("05/02-08:12:44.123456  [**] [1:2001219:20] ET SCAN Potential SSH Scan [**] [Classification: Attempted Information Leak] [Priority: 2] {TCP} 192.0.2.10:51234 -> 10.0.0.3:22", "192.0.2.10")]
    [InlineData("05/02/2024-08:12:44.123456  [**] [1:2024364:3] ET SCAN Possible Nmap User-Agent Observed [**] [Classification: Web Application Attack] [Priority: 1] {TCP} 198.51.100.11:40022 -> 10.0.0.3:443", "198.51.100.11")]
    [InlineData("May  2 08:12:44 gw snort[812]: [1:1122:13] WEB-MISC /etc/passwd [Classification: Attempted Information Leak] [Priority: 2]: {TCP} 203.0.113.12:40110 -> 192.168.1.5:80", "203.0.113.12")]
    [InlineData("05/02-08:12:44.123456  [**] [1:408:5] ICMP Echo Reply [**] [Classification: Misc activity] [Priority: 1] {ICMP} 203.0.113.13 -> 10.0.0.3", "203.0.113.13")]
    // Suricata's EVE JSON alert record: the flow's source
    [InlineData("{\"timestamp\":\"2024-05-02T08:12:44.123456+0000\",\"flow_id\":1,\"event_type\":\"alert\",\"src_ip\":\"192.0.2.14\",\"src_port\":51234,\"dest_ip\":\"10.0.0.3\",\"dest_port\":3306,\"proto\":\"TCP\",\"alert\":{\"action\":\"allowed\",\"signature_id\":2010937,\"signature\":\"ET SCAN Suspicious inbound to mySQL port 3306\",\"category\":\"Potentially Bad Traffic\",\"severity\":2}}", "192.0.2.14")]
    public void An_intrusion_alert_on_an_inbound_flow_is_an_attack_by_its_source(string line, string source)
    {
        AssertEvent(line, "attack", hostile: true, source);
    }

    [Theory]
    // low rank: priority 3 and 4 of Snort, severity 3 of Suricata
    [InlineData("05/02-08:22:00.000001  [**] [1:2027390:2] ET INFO Python requests Inbound [**] [Classification: Unknown Traffic] [Priority: 3] {TCP} 192.0.2.20:52000 -> 10.0.0.3:8080")]
    [InlineData("{\"event_type\":\"alert\",\"src_ip\":\"192.0.2.21\",\"src_port\":40000,\"dest_ip\":\"10.0.0.3\",\"dest_port\":80,\"proto\":\"TCP\",\"alert\":{\"signature\":\"SURICATA HTTP unable to match response to request\",\"severity\":3}}")]
    // a flow this host started: a private source talking to a public destination
    [InlineData("05/02-08:20:00.000001  [**] [1:2013028:7] ET POLICY curl User-Agent Outbound [**] [Classification: Attempted Information Leak] [Priority: 2] {TCP} 10.0.0.3:40000 -> 192.0.2.22:80")]
    [InlineData("{\"event_type\":\"alert\",\"src_ip\":\"192.168.1.5\",\"src_port\":45000,\"dest_ip\":\"198.51.100.23\",\"dest_port\":53,\"proto\":\"UDP\",\"alert\":{\"signature\":\"ET INFO Observed DNS Query to .top TLD\",\"severity\":2}}")]
    // a server's answer to a connection of this host: a service port talking to an ephemeral one
    [InlineData("05/02-08:21:00.000001  [**] [129:12:1] Consecutive TCP small segments exceeding threshold [**] [Classification: Potentially Bad Traffic] [Priority: 2] {TCP} 198.51.100.24:443 -> 10.0.0.3:51000")]
    // records of an IDS that are no alerts
    [InlineData("{\"event_type\":\"flow\",\"src_ip\":\"192.0.2.25\",\"src_port\":40000,\"dest_ip\":\"10.0.0.3\",\"dest_port\":22,\"proto\":\"TCP\",\"flow\":{\"state\":\"closed\",\"reason\":\"timeout\"}}")]
    [InlineData("{\"event_type\":\"stats\",\"stats\":{\"uptime\":1800,\"capture\":{\"kernel_packets\":1200345,\"kernel_drops\":12}}}")]
    public void Other_intrusion_detection_records_are_no_hostile_event(string line)
    {
        Assert.False(Recognize(line) is { Hostile: true }, line);
    }

    [Theory]
    // Java writes an InetAddress as "/192.0.2.30": the cue word before the slash counts
    [InlineData("[2024-05-02 08:12:44,832] INFO [Server id=1] Failed authentication with /192.0.2.30 (channel=10.0.0.5:9092-192.0.2.30:51234-12) (invalid credentials)", "192.0.2.30")]
    [InlineData("2024-05-02 08:12:44,832 WARN [io-1] Unexpected error from /192.0.2.31 (local=10.0.0.5:9092); closing connection: invalid receive", "192.0.2.31")]
    // a word that names the party (source, client, peer) wins over a generic noun (host, address) wherever each stands
    [InlineData("2024-05-02 08:12:44 audit - user:anonymous|host:10.0.0.5:7000|source:/192.0.2.32|type:LOGIN_ERROR|operation:LOGIN FAILURE", "192.0.2.32")]
    [InlineData("2024-05-02 08:12:44 WARN auth: login failed client=192.0.2.33 host=10.0.0.5", "192.0.2.33")]
    public void The_client_is_chosen_over_the_servers_own_address(string line, string client)
    {
        var e = Recognize(line);
        Assert.NotNull(e);
        Assert.True(e.Hostile, line);
        Assert.Equal(client, Remote(e));
    }

    [Theory]
    // an audit record's category or event code with the failure first
    [InlineData("{\"audit_category\":\"FAILED_LOGIN\",\"audit_request_remote_address\":\"192.0.2.40\",\"audit_request_effective_user\":\"admin\"}", "192.0.2.40")]
    [InlineData("2024-05-02T08:12:44Z level=warn event=BAD_PASSWORD user=admin src_ip=192.0.2.41", "192.0.2.41")]
    [InlineData("2024-05-02T08:12:44Z level=warn category=AUTHENTICATION_FAILURE user=admin remote_ip=192.0.2.42", "192.0.2.42")]
    // ECS: the outcome of a record about authentication
    [InlineData("{\"@timestamp\":\"2024-05-02T08:12:44Z\",\"event\":{\"category\":[\"authentication\"],\"action\":\"user_login\",\"outcome\":\"failure\"},\"source\":{\"ip\":\"192.0.2.43\"},\"user\":{\"name\":\"admin\"}}", "192.0.2.43")]
    [InlineData("2024-05-02T08:12:44Z event.outcome=failure event.category=authentication source.ip=192.0.2.44 user.name=admin", "192.0.2.44")]
    public void Audit_categories_of_failed_logins_are_auth_failures(string line, string client)
    {
        AssertEvent(line, "auth-failure", hostile: true, client);
    }

    [Theory]
    [InlineData("{\"audit_category\":\"AUTHENTICATED\",\"audit_request_remote_address\":\"192.0.2.45\",\"audit_request_effective_user\":\"alice\"}")]
    [InlineData("{\"event\":{\"category\":[\"authentication\"],\"outcome\":\"success\"},\"source\":{\"ip\":\"192.0.2.46\"},\"user\":{\"name\":\"alice\"}}")]
    [InlineData("{\"level\":\"info\",\"msg\":\"metrics\",\"failed_login_attempts\":0,\"remote_ip\":\"192.0.2.47\"}")]
    public void Successes_and_counters_are_no_hostile_event(string line)
    {
        Assert.False(Recognize(line) is { Hostile: true }, line);
    }

    [Theory]
    [InlineData("2024-05-02 08:12:44 [INF] 192.0.2.50:4222 - cid:7 - \"v1.2.3:go\" - Publish Violation - User \"sensor\", Subject \"admin.cmd\"", "access-denied", "192.0.2.50")]
    [InlineData("2024-05-02 08:12:44 WARN policy: ACL violation by client 192.0.2.51 on topic orders", "access-denied", "192.0.2.51")]
    [InlineData(" 2024-05-02 08:13:05 ERROR: block all requests from 192.0.2.52", "blocked", "192.0.2.52")]
    public void Refusals_in_general_words(string line, string kind, string remote)
    {
        AssertEvent(line, kind, hostile: true, remote);
    }

    [Fact]
    public void An_access_line_behind_a_syslog_header_is_read_as_an_access_record()
    {
        var record = Decode("Nov 27 10:00:01 web1 nginx: 192.0.2.60 - - [27/Nov/2024:10:00:01 +0000] \"GET /.git/config HTTP/1.1\" 404 153 \"-\" \"curl/8\"");
        Assert.True(LogWarden.Parse.AccessLogDecoder.IsAccessRecord(record));
        AssertEvent(record.Raw, "web-probe", hostile: true, "192.0.2.60");
    }

    [Theory]
    [InlineData("INFO:     192.0.2.63:51234 - \"GET /.env HTTP/1.1\" 404 Not Found", "web-probe", true)]
    [InlineData("INFO:     192.0.2.63:51234 - \"GET /api/items HTTP/1.1\" 200 OK", null, false)]
    public void An_application_servers_access_line_without_time_is_a_web_request(string line, string? kind, bool hostile)
    {
        var e = Recognize(line);
        Assert.Equal(kind, e?.Kind);
        Assert.Equal(hostile, e is { Hostile: true });
        if (e is not null)
        {
            Assert.Equal("192.0.2.63", Remote(e));
        }
    }

    [Fact]
    public void The_unanchored_access_line_shape_is_tried_only_on_lines_with_its_literal()
    {
        // The common format after any prefix is tried at every position of a line; its literal '] "' (the time's
        // closing bracket, then the request's quote) rules out a web server's error lines, which hold "HTTP/" too.
        var shapes = SecurityDefinitions.Default.Web.AccessLinePatterns;
        Assert.True(shapes[0].Prefiltered);
        Assert.False(shapes[0].MayMatch("2024/05/02 10:00:01 [error] 812#812: *1 open() \"/srv/www/a-1.php\" failed (2: No such file or directory), client: 192.0.2.61, server: x, request: \"GET /a-1.php HTTP/1.1\", host: \"x\""));
        Assert.True(shapes[0].MayMatch("web | 192.0.2.62 - - [02/May/2024:10:00:01 +0000] \"GET / HTTP/1.1\" 200 5"));
        // the application servers' shape (client, " - ", the quoted request): its literal is ' - "', not " HTTP/"
        Assert.True(shapes[5].Prefiltered);
        Assert.False(shapes[5].MayMatch("2024/05/02 10:00:01 [error] 812#812: *1 open() \"/srv/www/a-1.php\" failed (2: No such file or directory), client: 192.0.2.61, server: x, request: \"GET /a-1.php HTTP/1.1\", host: \"x\""));
    }
}

/// <summary>Packet filters' LOG lines (ufw, firewalld, iptables and nftables LOG targets): the verdict is in a prefix the admin chose.</summary>
public sealed class PacketFilterLogTests
{
    private const string Fields = "LEN=44 TOS=0x00 PREC=0x00 TTL=243 ID=54321 PROTO=TCP SPT=41234 DPT=23 WINDOW=1024 RES=0x00 SYN URGP=0";

    [Theory]
    [InlineData("kernel: [123456.789012] [UFW BLOCK] IN=eth0 OUT= MAC=00:16:3e:aa:bb:cc:00:16:3e:11:22:33:08:00 SRC=203.0.113.141 DST=192.0.2.10 ", "203.0.113.141")]
    [InlineData("kernel: filter_IN_public_REJECT: IN=ens3 OUT= MAC=00:16:3e:aa:bb:cc:00:16:3e:11:22:33:08:00 SRC=203.0.113.151 DST=192.0.2.11 ", "203.0.113.151")]
    [InlineData("kernel: FINAL_REJECT: IN=eth0 OUT= MAC=00:16:3e:aa:bb:cc:00:16:3e:11:22:33:08:00 SRC=198.51.100.152 DST=192.0.2.11 ", "198.51.100.152")]
    [InlineData("kernel: IPTables-Dropped: IN=eth0 OUT= MAC=00:16:3e:aa:bb:cc:00:16:3e:11:22:33:08:00 SRC=203.0.113.171 DST=192.0.2.15 ", "203.0.113.171")]
    [InlineData("kernel: iptables denied: IN=eth0 OUT= SRC=198.51.100.172 DST=192.0.2.15 ", "198.51.100.172")]
    [InlineData("kernel: nft-drop-in: IN=eth0 OUT= MAC=00:16:3e:aa:bb:cc:00:16:3e:11:22:33:08:00 SRC=203.0.113.161 DST=192.0.2.12 ", "203.0.113.161")]
    public void An_inbound_packet_the_filter_dropped_is_a_probe_by_its_source(string head, string source)
    {
        SecurityLines.AssertEvent(head + Fields, "blocked", hostile: true, source);
    }

    [Theory]
    // a packet this host sent, blocked on its way out: IN= is empty
    [InlineData("kernel: [UFW BLOCK] IN= OUT=eth0 SRC=192.0.2.10 DST=198.51.100.145 ")]
    // a router's multicast announcements
    [InlineData("kernel: [UFW BLOCK] IN=eth0 OUT= MAC=01:00:5e:00:00:01:00:16:3e:99:88:77:08:00 SRC=10.0.0.1 DST=224.0.0.1 ")]
    [InlineData("kernel: filter_IN_public_REJECT: IN=ens3 OUT= MAC=33:33:00:00:00:01:00:16:3e:99:88:77:86:dd SRC=fe80:0000:0000:0000:0216:3eff:fe99:8877 DST=ff02:0000:0000:0000:0000:0000:0000:0001 ")]
    // packets the filter let through
    [InlineData("kernel: [UFW ALLOW] IN=eth0 OUT= MAC=00:16:3e:aa:bb:cc:00:16:3e:11:22:33:08:00 SRC=192.0.2.144 DST=192.0.2.10 ")]
    [InlineData("kernel: [UFW AUDIT] IN=eth0 OUT= MAC=00:16:3e:aa:bb:cc:00:16:3e:11:22:33:08:00 SRC=192.0.2.144 DST=192.0.2.10 ")]
    public void Outbound_multicast_and_allowed_packets_are_no_hostile_event(string head)
    {
        string line = head + Fields;
        Assert.False(SecurityLines.Recognize(line) is { Hostile: true }, line);
    }
}

/// <summary>
/// HTTP request records in layouts of their own (web frameworks' request logs), recognised from their parts: a path, a
/// status in a place only a status takes, a client address. Lines written for these tests in each framework's
/// default layout (addresses from the documentation ranges).
/// </summary>
public sealed class RequestRecordTests
{
    [Theory]
    // pipe-separated columns: the status a column of its own, the method before the path
    [InlineData("[GIN] 2024/05/02 - 10:12:44 | 401 |     152.3µs |     192.0.2.60 | POST     \"/api/login\"", "web-auth-failure", "192.0.2.60")]
    [InlineData("10:12:44 | 403 |      1.2ms |  192.0.2.61 | DELETE  | /api/items/4 | -", "web-forbidden", "192.0.2.61")]
    [InlineData("10:12:45 | 404 |       25µs |  192.0.2.62 | GET     | /.env           | Cannot GET /.env", "web-probe", "192.0.2.62")]
    // no method: the status right after the path and its colon
    [InlineData("2024/05/02 10:12:44 /api/login: 403 192.0.2.63 <nil>", "web-forbidden", "192.0.2.63")]
    [InlineData("2024/05/02 10:12:44 /api/login: 403 2001:db8:4::64 <nil>", "web-forbidden", "2001:db8:4::64")]
    // the request line unquoted, the status after the protocol
    [InlineData("::ffff:192.0.2.65 - POST /login HTTP/1.1 401 25 - 12.345 ms", "web-auth-failure", "192.0.2.65")]
    [InlineData("2024/05/02 10:12:44 192.0.2.66:51234 POST /api/login 401 1.2ms", "web-auth-failure", "192.0.2.66")]
    // the status before the method
    [InlineData("2024/05/02 10:12:45 429 POST /api/login 192.0.2.67", "rate-limited", "192.0.2.67")]
    public void A_request_record_in_a_layout_of_its_own_is_classified_like_an_access_line(string line, string kind, string client)
    {
        SecurityLines.AssertEvent(line, kind, hostile: true, client);
    }

    [Theory]
    [InlineData("[GIN] 2024/05/02 - 10:12:46 | 200 |    1.2ms |      192.0.2.70 | GET      \"/api/items\"")]
    [InlineData("2024/05/02 10:12:45 /api/resources/docs: 200 192.0.2.71 <nil>")]
    // no status in a status's place: a route table, an outbound call, a byte count
    [InlineData("[GIN-debug] GET    /api/login                --> main.login (3 handlers)")]
    [InlineData("2024/05/02 10:12:48 fetch https://api.example.com/v1/items from 192.0.2.72 returned 401")]
    [InlineData("2024/05/02 10:12:49 wrote /var/backups/db.sql 404 bytes for 192.0.2.74")]
    public void Other_lines_with_a_path_are_no_hostile_event(string line)
    {
        Assert.False(SecurityLines.Recognize(line) is { Hostile: true }, line);
    }

    [Theory]
    // nested JSON fields read by their own names
    [InlineData("{\"ts\":\"2024-05-02T10:12:45Z\",\"level\":\"info\",\"msg\":\"request\",\"http\":{\"method\":\"GET\",\"url\":\"/.env\",\"status_code\":404},\"client\":{\"ip\":\"192.0.2.75\"}}", "web-probe", "192.0.2.75")]
    [InlineData("{\"ts\":\"2024-05-02T10:12:44Z\",\"msg\":\"request completed\",\"request\":{\"method\":\"POST\",\"path\":\"/api/login\",\"client_ip\":\"192.0.2.76\"},\"response\":{\"status\":401}}", "web-auth-failure", "192.0.2.76")]
    // a JSON object after a text header (Go's zap console encoder: time, level, logger, message, then the fields)
    [InlineData("2024/05/02 10:12:44.123\tINFO\thttp.log.access\thandled request\t{\"request\": {\"remote_ip\": \"192.0.2.77\", \"remote_port\": \"51234\", \"proto\": \"HTTP/1.1\", \"method\": \"GET\", \"host\": \"example.com\", \"uri\": \"/.git/config\"}, \"status\": 404}", "web-probe", "192.0.2.77")]
    // a record whose client field has a name of its own: the line's remote party
    [InlineData("ts=2024-05-02T10:12:46Z level=info caller=http.go:88 method=GET uri=/.aws/credentials status=404 remote=192.0.2.78:4411", "web-probe", "192.0.2.78")]
    public void A_nested_request_record_is_read_by_its_fields_own_names(string line, string kind, string client)
    {
        SecurityLines.AssertEvent(line, kind, hostile: true, client);
    }

    [Theory]
    // a reverse proxy's address as the record's client, the visitor in a dumped forwarding header
    [InlineData("10.0.0.2 - - [02/May/2024:10:12:44 +0000] \"POST /login HTTP/1.1\" 401 25 \"-\" \"curl/8\" \"X-Forwarded-For: 192.0.2.80, 10.0.0.9\"", "192.0.2.80")]
    [InlineData("time=\"2024-05-02T08:12:44Z\" level=warning msg=\"Unsuccessful login\" username=admin request=\"map[User-Agent:[curl] X-Forwarded-For:[192.0.2.81] X-Real-Ip:[192.0.2.81]]\"", "192.0.2.81")]
    [InlineData("2024-05-02 10:12:45 WARN login failed for user bob from 172.17.0.1 (Forwarded: for=192.0.2.82;proto=https)", "192.0.2.82")]
    public void The_visitor_in_a_forwarding_header_is_named_over_a_private_proxy(string line, string client)
    {
        var e = SecurityLines.Recognize(line);
        Assert.NotNull(e);
        Assert.True(e.Hostile, line);
        Assert.Equal(client, SecurityLines.Remote(e));
    }

    [Fact]
    public void A_public_client_is_kept_whatever_header_the_line_dumps()
    {
        var e = SecurityLines.Recognize("192.0.2.83 - - [02/May/2024:10:12:44 +0000] \"POST /login HTTP/1.1\" 401 25 \"-\" \"curl/8\" \"X-Forwarded-For: 198.51.100.84\"");
        Assert.NotNull(e);
        Assert.Equal("192.0.2.83", SecurityLines.Remote(e));
    }

    [Theory]
    [InlineData("May 02 10:12:44.123456 rule 5/0(match): block in on em0: 192.0.2.90.4444 > 10.0.0.5.22: Flags [S], seq 123, win 1024, length 0", "192.0.2.90")]
    [InlineData("Mar 11 08:12:44 fw pf: 00:00:01.203 rule 2/0(match): block in on vtnet0: 198.51.100.91.51515 > 192.0.2.10.3389: S 1:1(0) win 1024", "198.51.100.91")]
    [InlineData("May 02 10:12:44.123456 rule 5/0(match): block in on em0: 2001:db8:9::92.4444 > 2001:db8::5.22: Flags [S], seq 1, win 1024, length 0", "2001:db8:9::92")]
    public void A_packet_pf_blocked_inbound_is_a_probe_by_its_source(string line, string source)
    {
        SecurityLines.AssertEvent(line, "blocked", hostile: true, source);
    }

    [Theory]
    [InlineData("May 02 10:12:45.123456 rule 9/0(match): pass in on em0: 192.0.2.93.4444 > 10.0.0.5.443: Flags [S], seq 1, win 64240, length 0")]
    [InlineData("May 02 10:12:46.123456 rule 3/0(match): block out on em0: 10.0.0.5.5353 > 224.0.0.251.5353: UDP, length 40")]
    [InlineData("May 02 10:12:47.123456 rule 3/0(match): block in on em0: 10.0.0.7.5353 > 224.0.0.251.5353: UDP, length 40")]
    public void Passed_outbound_and_multicast_pf_packets_are_no_hostile_event(string line)
    {
        Assert.False(SecurityLines.Recognize(line) is { Hostile: true }, line);
    }
}
