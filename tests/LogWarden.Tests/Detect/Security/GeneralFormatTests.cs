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

    [Fact]
    public void A_firewall_deny_with_ports_after_a_slash_is_blocked_by_its_source_unless_this_network_sent_it()
    {
        // Junos: "session denied SRC/PORT->DST/PORT"
        AssertEvent("RT_FLOW: RT_FLOW_SESSION_DENY: session denied 198.51.100.222/51234->192.0.2.220/3389 0x0 ms-rdp 6(0) deny-all untrust trust", "blocked", hostile: true, "198.51.100.222");
        // a private host's way out stopped by policy: no attack on this network
        Assert.False(Recognize("RT_FLOW: RT_FLOW_SESSION_DENY: session denied 10.0.0.5/40000->198.51.100.9/443 0x0 junos-https 6(0) deny-out trust untrust") is { Hostile: true });
    }

    [Theory]
    // MySQL's error 1045 (access denied) on a connection, as MariaDB's and Percona's audit plugins write it
    [InlineData("20240502 08:12:44,db1,admin,192.0.2.91,31,0,FAILED_CONNECT,,,1045", "192.0.2.91")]
    [InlineData("{\"audit_record\":{\"name\":\"Connect\",\"timestamp\":\"2024-05-02T08:12:44Z\",\"connection_id\":\"15\",\"status\":1045,\"user\":\"root\",\"host\":\"\",\"ip\":\"198.51.100.171\",\"db\":\"\"}}", "198.51.100.171")]
    public void A_database_connection_refused_with_access_denied_is_an_auth_failure(string line, string source)
    {
        AssertEvent(line, "auth-failure", hostile: true, source);
    }

    [Theory]
    // a connection that succeeded, a query's own error, a port that happens to be 1045
    [InlineData("20240502 08:20:00,db1,app,192.0.2.5,50,0,CONNECT,shop,,0")]
    [InlineData("{\"audit_record\":{\"name\":\"Query\",\"timestamp\":\"2024-05-02T08:30:01Z\",\"connection_id\":\"31\",\"status\":1146,\"user\":\"app\",\"ip\":\"192.0.2.171\",\"db\":\"shop\"}}")]
    [InlineData("2024-05-02T08:12:44Z app[1]: connected to 192.0.2.80 port 1045, handshake ok")]
    public void Other_database_audit_records_are_no_hostile_event(string line)
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
    // a noun before the generic one ("IP ADDRESS") passes the question to the word before both: client, server
    [InlineData("2024-05-02 08:20:00,456 INFO [audit] - Audit trail record BEGIN|WHO: root|ACTION: AUTHENTICATION_FAILED|APPLICATION: CAS|CLIENT IP ADDRESS: 192.0.2.34|SERVER IP ADDRESS: 10.0.8.5|Audit trail record END", "192.0.2.34")]
    [InlineData("2024-05-02 08:20:00 WARN sso: SERVER IP ADDRESS: 10.0.8.5, CLIENT IP ADDRESS: 192.0.2.35, ACTION: AUTHENTICATION_FAILED", "192.0.2.35")]
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
    // a prober that is no client of a TLS-camouflaged proxy; a webhook sender without the shared secret
    [InlineData("+0000 2024-05-02 08:12:44 ERROR [1559207545 198ms] inbound/vless[vless-in]: process connection from 192.0.2.53:36113: REALITY: processed invalid connection", "protocol-violation", "192.0.2.53")]
    [InlineData("2024-05-02 08:12:44 WARN hooks: invalid payload signature from 192.0.2.54 for hook deploy-site", "protocol-violation", "192.0.2.54")]
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
    // the chain's name glued to the verdict by an underscore (IPFire)
    [InlineData("ipfire kernel: DROP_INPUT IN=red0 OUT= MAC=00:0d:b9:4a:1b:2c:00:1a:2b:3c:4d:5e:08:00 SRC=203.0.113.162 DST=192.0.2.1 ", "203.0.113.162")]
    [InlineData("ipfire kernel: DROP_HOSTILE IN=red0 OUT= MAC=00:0d:b9:4a:1b:2c:00:1a:2b:3c:4d:5e:08:00 SRC=198.51.100.163 DST=192.0.2.1 ", "198.51.100.163")]
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
    // drops for the connection's state: a late packet of a connection the filter forgot, whoever sent it
    [InlineData("ipfire kernel: DROP_NEWNOTSYN IN=green0 OUT= MAC=00:0d:b9:4a:1b:2c:00:1a:2b:3c:4d:5e:08:00 SRC=192.168.1.20 DST=192.0.2.80 ")]
    [InlineData("ipfire kernel: DROP_CTINVALID IN=red0 OUT= MAC=00:0d:b9:4a:1b:2c:00:1a:2b:3c:4d:5e:08:00 SRC=203.0.113.164 DST=192.0.2.1 ")]
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
    // the method, the status and the time taken before the path
    [InlineData("2024-05-02 08:12:44.120 WARN [zr] 192.0.2.68    POST    401  312ms /api/v1/fetch_api_key (unauth@zulip via python-requests)", "web-auth-failure", "192.0.2.68")]
    [InlineData("2024-05-02 08:20:00.010 WARN [zr] 2001:db8:42::9  GET     401    9ms /api/v1/users (unauth@zulip via curl)", "web-auth-failure", "2001:db8:42::9")]
    public void A_request_record_in_a_layout_of_its_own_is_classified_like_an_access_line(string line, string kind, string client)
    {
        SecurityLines.AssertEvent(line, kind, hostile: true, client);
    }

    [Theory]
    [InlineData("[GIN] 2024/05/02 - 10:12:46 | 200 |    1.2ms |      192.0.2.70 | GET      \"/api/items\"")]
    [InlineData("2024/05/02 10:12:45 /api/resources/docs: 200 192.0.2.71 <nil>")]
    [InlineData("2024-05-02 08:30:05.123 INFO [zr] 192.0.2.72      GET     200   14ms /json/events [1714639505:0/1] (alice@zulip via website)")]
    // a streaming server's source client sends its audio with SOURCE: a well-formed method
    [InlineData("192.0.2.73 - source [02/May/2024:08:30:00 +0000] \"SOURCE /live HTTP/1.0\" 200 19 \"-\" \"butt 0.1.37\" 3600")]
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

/// <summary>
/// Outcomes that only a field's value says (a firewall's action=deny, a flow record's "verdict":"DROPPED", an
/// "auth_success":false beside "id.orig_h"), request lines with the status elsewhere or none yet, and addresses written
/// with their port glued on. Lines written for these tests in each format's documented shape (documentation ranges).
/// </summary>
public sealed class FieldVerdictTests
{
    [Theory]
    // a firewall's key=value record: the verdict a value of action=, the source srcip=
    [InlineData("date=2024-06-01 time=10:00:00 devname=\"fw1\" type=\"traffic\" subtype=\"forward\" srcip=198.51.100.9 srcport=40000 dstip=10.1.1.5 dstport=22 proto=6 action=\"deny\" policyid=0", "blocked", "198.51.100.9")]
    [InlineData("date=2024-06-01 time=10:00:01 type=\"utm\" subtype=\"ips\" severity=\"high\" srcip=198.51.100.8 dstip=10.1.1.5 action=\"dropped\" attack=\"Web.Server.Password.Files.Access\"", "blocked", "198.51.100.8")]
    // a flow record as JSON with the source as a nested object
    [InlineData("{\"time\":\"2024-06-01T10:00:00Z\",\"verdict\":\"DROPPED\",\"source\":{\"ip\":\"198.51.100.10\",\"port\":40000},\"destination\":{\"ip\":\"10.0.0.5\",\"port\":22}}", "blocked", "198.51.100.10")]
    // a connection record whose authentication outcome is a boolean field, the client in a dotted field name
    [InlineData("{\"ts\":1717236000.5,\"uid\":\"Cx1\",\"id.orig_h\":\"198.51.100.11\",\"id.orig_p\":50000,\"id.resp_h\":\"10.0.0.5\",\"id.resp_p\":22,\"auth_success\":false,\"auth_attempts\":4}", "auth-failure", "198.51.100.11")]
    [InlineData("time=2024-06-01T10:00:00Z level=info event=user.login success=false user=bob remote_addr=198.51.100.12:4444", "auth-failure", "198.51.100.12")]
    // a refusal as a status value
    [InlineData("time=2024-06-01T10:00:00Z level=info msg=\"proxy request\" client=198.51.100.13 method=CONNECT status=rejected", "access-denied", "198.51.100.13")]
    public void A_verdict_written_as_a_field_value_is_an_event_of_the_source(string line, string kind, string client)
    {
        AssertEvent(line, kind, hostile: true, client);
    }

    [Theory]
    [InlineData("date=2024-06-01 time=10:00:02 type=\"traffic\" subtype=\"forward\" srcip=198.51.100.14 srcport=40000 dstip=10.1.1.5 dstport=443 action=\"accept\"")]
    // a flow this network started: a private source blocked on its way out
    [InlineData("date=2024-06-01 time=10:00:03 type=\"traffic\" subtype=\"forward\" srcip=192.168.1.20 srcport=50000 dstip=198.51.100.200 dstport=443 action=\"deny\"")]
    [InlineData("{\"ts\":1717236001.5,\"id.orig_h\":\"198.51.100.15\",\"id.orig_p\":50001,\"id.resp_h\":\"10.0.0.5\",\"id.resp_p\":22,\"auth_success\":true,\"auth_attempts\":1}")]
    [InlineData("time=2024-06-01T10:00:04Z level=info msg=\"backup finished\" job=nightly status=failed host=192.0.2.5")]
    public void Other_field_values_are_no_hostile_event(string line)
    {
        Assert.False(Recognize(line) is { Hostile: true }, line);
    }

    [Theory]
    // a response summary after the request: the status after a protocol word, in parentheses
    [InlineData("[pid: 300|app: 0|req: 1/1] 198.51.100.20 () {30 vars in 500 bytes} [Sat Jun  1 10:00:00 2024] GET /.env => generated 100 bytes in 1 msecs (HTTP/1.1 404) 2 headers in 80 bytes (1 switches on core 0)", "web-probe", "198.51.100.20")]
    [InlineData("[pid: 300|app: 0|req: 2/2] 198.51.100.24 () {30 vars in 500 bytes} [Sat Jun  1 10:00:01 2024] POST /api/login => generated 40 bytes in 90 msecs (HTTP/1.1 401) 2 headers in 80 bytes (1 switches on core 0)", "web-auth-failure", "198.51.100.24")]
    // the method before a "-" placeholder column, a quoted agent between the protocol and the status
    [InlineData("198.51.100.21 - 0a1b2c3d - - [2024/06/01 10:00:00] example.org GET - \"/wp-admin/install.php\" HTTP/1.1 \"curl/8.0\" 403 10 0.001", "web-probe", "198.51.100.21")]
    [InlineData("198.51.100.26 - 0a1b2c3e - admin - [2024/06/01 10:00:02] example.org POST - \"/api/session\" HTTP/1.1 \"curl/8.0\" 403 10 0.001", "web-forbidden", "198.51.100.26")]
    // a request's start line, no status yet: its target alone tells a probe
    [InlineData("Started GET \"/.git/config\" for 198.51.100.22 at 2024-06-01 10:00:00 +0000", "web-probe", "198.51.100.22")]
    public void A_request_with_its_status_elsewhere_or_none_yet_is_read(string line, string kind, string client)
    {
        AssertEvent(line, kind, hostile: true, client);
    }

    [Theory]
    [InlineData("Started GET \"/projects/42\" for 198.51.100.23 at 2024-06-01 10:00:00 +0000")]
    [InlineData("[pid: 300|app: 0|req: 3/3] 198.51.100.25 () {30 vars in 500 bytes} [Sat Jun  1 10:00:02 2024] GET / => generated 900 bytes in 4 msecs (HTTP/1.1 200) 2 headers in 80 bytes (1 switches on core 0)")]
    public void A_plain_request_is_no_hostile_event(string line)
    {
        Assert.False(Recognize(line) is { Hostile: true }, line);
    }

    [Theory]
    // a port glued on with a dot; the second of a "source destination" pair is where the connection went
    [InlineData("Jun  1 10:00:00 gw sockd[2211]: info: block(1): tcp/accept ]: 198.51.100.30.40000 192.0.2.10.1080: blocked by client-rule #3", "blocked", "198.51.100.30")]
    // a port glued on with '@'; "ACL, denied"
    [InlineData("2024-06-01T10:00:00+0000 notice: [example.com.] ACL, denied, action transfer, remote 198.51.100.31@53000 TCP, key none", "access-denied", "198.51.100.31")]
    public void An_address_with_its_port_glued_on_is_read(string line, string kind, string client)
    {
        AssertEvent(line, kind, hostile: true, client);
    }

    [Theory]
    // an application's message relayed by nginx from the FastCGI process's stderr: the client in nginx's trailing field
    [InlineData("2024/06/01 10:00:00 [error] 812#812: *45 FastCGI sent in stderr: \"PHP message: Failed login for admin\" while reading response header from upstream, client: 198.51.100.40, server: wiki.example.org, request: \"POST /login HTTP/1.1\", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\"", "auth-failure", "198.51.100.40")]
    // a network monitor's notices
    [InlineData("{\"ts\":1717236000.1,\"note\":\"SSH::Password_Guessing\",\"msg\":\"198.51.100.41 appears to be guessing SSH passwords (seen in 30 connections).\",\"src\":\"198.51.100.41\"}", "attack", "198.51.100.41")]
    [InlineData("{\"ts\":1717236000.2,\"note\":\"Scan::Port_Scan\",\"msg\":\"198.51.100.42 scanned at least 15 unique ports of host 10.0.0.5 in 0m3s\",\"src\":\"198.51.100.42\",\"dst\":\"10.0.0.5\"}", "attack", "198.51.100.42")]
    // a DNS server's REFUSED answer to a client's query
    [InlineData("Jun  1 10:00:00 ns1 unbound: [1234:0] info: reply: 198.51.100.43 example.net. ANY IN REFUSED 0.000000 0 29", "access-denied", "198.51.100.43")]
    [InlineData("[INFO] 198.51.100.44:53000 - 1234 \"AXFR IN example.org. tcp 40 false 65535\" REFUSED qr 40 0.0001s", "access-denied", "198.51.100.44")]
    // a firewall rule's verdict in its name, the packet as SRC:PORT->DST:PORT
    [InlineData("Jun  1 10:00:00 192.0.2.1 firewall,info DROP_WAN input: in:ether1 out:(unknown 0), proto TCP (SYN), 198.51.100.45:51234->192.0.2.1:8291, len 60", "blocked", "198.51.100.45")]
    // a missing file with its path in brackets: a probe when scanners ask for it
    [InlineData("2024-06-01 10:00:00.123 [INFO] [812] [198.51.100.46:51234-Q:1A2B-1#vhost1] File not found [/var/www/html/.env]", "web-probe", "198.51.100.46")]
    // a client that offered no method the server accepts
    [InlineData("Jun  1 10:00:00 gw sockd[2211]: info: block(1): tcp/accept ]: 198.51.100.47.51234 192.0.2.10.1080: error after reading 3 bytes in 0 seconds: client offered no acceptable authentication method", "auth-failure", "198.51.100.47")]
    public void General_wordings_of_monitors_resolvers_and_relayed_messages_are_read(string line, string kind, string client)
    {
        AssertEvent(line, kind, hostile: true, client);
    }

    [Theory]
    // a proxy's own upstream failure is still none
    [InlineData("2024/06/01 10:00:00 [error] 812#812: *46 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 198.51.100.50, server: example.org, request: \"GET / HTTP/1.1\"")]
    // this network's own packet stopped on its way out
    [InlineData("Jun  1 10:00:00 192.0.2.1 firewall,info DROP_OUT forward: in:bridge out:ether1, proto UDP, 192.168.88.20:50000->198.51.100.53:53, len 60")]
    // a resolver's answer that is no refusal; this host's own zone transfer refused by its primary (lower case, another form)
    [InlineData("Jun  1 10:00:00 ns1 unbound: [1234:0] info: reply: 198.51.100.51 www.example.org. A IN NOERROR 0.012345 0 45")]
    // a reverse proxy's forward-auth subrequest answered 401: its visitor is not logged in yet
    [InlineData("10.19.0.4 - 6b8ad3d1 - - [2024/06/01 10:00:00] auth.svc.cluster.local GET - \"/oauth2/auth\" HTTP/1.1 \"\" 401 13 0.000")]
    [InlineData("Jun  1 10:00:00 host zeek: {\"note\":\"Software::Vulnerable_Version\",\"msg\":\"Host 192.0.2.10 is running a vulnerable version of OpenSSH\",\"src\":\"192.0.2.10\"}")]
    public void Near_misses_of_those_wordings_are_no_hostile_event(string line)
    {
        Assert.False(Recognize(line) is { Hostile: true }, line);
    }

    [Theory]
    // packet filters' denies in vendor layouts: "src IFACE:ADDR/PORT", "ADDR(PORT) -> ADDR(PORT)", "src=ADDR:PORT:IFACE", status="Deny"
    [InlineData("May 02 2024 08:12:44 fw01 : %ASA-4-106023: Deny tcp src outside:203.0.113.105/51234 dst inside:192.0.2.104/3389 by access-group \"outside_access_in\" [0x0, 0x0]", "blocked", "203.0.113.105")]
    [InlineData("May  2 08:20:00 192.0.2.112 1210: May  2 08:20:00.871 UTC: %SEC-6-IPACCESSLOGP: list 101 denied tcp 198.51.100.113(51234) -> 192.0.2.112(23), 1 packet", "blocked", "198.51.100.113")]
    [InlineData("May  2 08:20:00 192.0.2.120 id=firewall sn=0017C5A1B2C3 m=36 msg=\"TCP connection dropped\" n=2686 src=198.51.100.121:40000:X1 dst=192.0.2.120:445:X1 proto=tcp/445", "blocked", "198.51.100.121")]
    [InlineData("device=\"SFW\" log_type=\"Firewall\" log_subtype=\"Denied\" status=\"Deny\" src_ip=198.51.100.130 dst_ip=192.0.2.131 dst_port=3389", "access-denied", "198.51.100.130")]
    // a blocker's ban in its own words, and the firewall command it ran
    [InlineData("2024-05-02 08:12:44,120 - denyhosts   : INFO     new denied hosts: ['203.0.113.161']", "blocked", "203.0.113.161")]
    [InlineData("2024-05-02 08:12:44,117 - denyhosts   : INFO     Creating new firewall rule /sbin/iptables -I INPUT -s 203.0.113.162 -j DROP", "blocked", "203.0.113.162")]
    [InlineData("May  2 08:12:45 gw psad: added iptables auto-block against 203.0.113.177 for 3600 seconds", "blocked", "203.0.113.177")]
    [InlineData("May  2 08:12:44 ubnt kernel: [WAN_LOCAL-default-D]IN=eth0 OUT= MAC=44:d9:e7:00:00:01:00:00:5e:00:01:01:08:00 SRC=203.0.113.69 DST=192.0.2.2 LEN=44 PROTO=TCP SPT=51234 DPT=23", "blocked", "203.0.113.69")]
    [InlineData("May  2 08:12:44 fbx-office 80DC02B1A2C3D (2024-05-02T08:12:44) firewall: msg_id=\"3000-0148\" Deny 1-External Firebox 60 tcp 20 64 203.0.113.20 192.0.2.1 51234 22 offset 10 S 1234567 win 64240  (Unhandled External Packet-00)", "blocked", "203.0.113.20")]
    [InlineData("May  2 08:12:44 gw psad: scan detected: 203.0.113.178 -> 192.0.2.176 tcp: [1-1024] flags: SYN tcp pkts: 1023 DL: 4", "attack", "203.0.113.178")]
    // failed logins in other words; a Windows failed logon as XML
    [InlineData("Message         = Unable to log in for root from 203.0.113.217 using GUI.", "auth-failure", "203.0.113.217")]
    [InlineData("2024-05-02T08:12:44.712Z info hostd[2101004] [Originator@6876 sub=Vimsvc.ha-eventmgr opID=esxui-d48c-26a4] Event 175 : Cannot login root@203.0.113.209", "auth-failure", "203.0.113.209")]
    [InlineData("May  2 08:21:00 192.0.2.112 1211: %SSH-5-SSH2_USERAUTH: User 'root' authentication for SSH2 Session from 198.51.100.114 (tty = 0) using crypto cipher 'aes256-ctr', hmac 'hmac-sha2-256' Failed", "auth-failure", "198.51.100.114")]
    [InlineData("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing'/><EventID>4625</EventID></System><EventData><Data Name='TargetUserName'>administrator</Data><Data Name='WorkstationName'>KALI</Data><Data Name='IpAddress'>203.0.113.193</Data><Data Name='IpPort'>51234</Data></EventData></Event>", "auth-failure", "203.0.113.193")]
    public void Vendor_firewalls_blockers_and_other_login_wordings_are_read(string line, string kind, string client)
    {
        AssertEvent(line, kind, hostile: true, client);
    }

    [Theory]
    // a neighbour's broadcast or a packet between two hosts of one /24, denied: the local network's chatter
    [InlineData("May 02 2024 08:30:03 fw01 : %ASA-4-106023: Deny udp src inside:192.0.2.107/137 dst outside:192.0.2.255/137 by access-group \"inside_access_in\" [0x0, 0x0]")]
    [InlineData("May  2 08:31:00 192.0.2.112 1224: %SEC-6-IPACCESSLOGP: list 110 denied udp 192.0.2.114(137) -> 192.0.2.127(137), 1 packet")]
    [InlineData("May  2 08:30:20 ubnt kernel: [LAN_LOCAL-default-D]IN=eth1 OUT= MAC=ff:ff:ff:ff:ff:ff:aa:bb:cc:dd:ee:02:08:00 SRC=192.168.1.44 DST=192.168.1.255 LEN=78 PROTO=UDP SPT=137 DPT=137")]
    [InlineData("May  2 08:30:20 fbx-office 80DC02B1A2C3D (2024-05-02T08:30:20) firewall: msg_id=\"3000-0148\" Deny 0-Trusted Firebox 78 udp 20 128 10.0.0.44 10.0.0.255 137 137  (Unhandled Internal Packet-00)")]
    [InlineData("May  2 08:30:20 192.0.2.120 id=firewall m=37 msg=\"UDP packet dropped\" n=14333 src=192.0.2.123:137:X0 dst=192.0.2.127:137:X0 proto=udp/137")]
    [InlineData("May  2 08:30:30 gw psad: scan detected: 192.0.2.177 -> 192.0.2.191 udp: [137] udp pkts: 5 DL: 1")]
    // a ban lifted; this host's own login to something else
    [InlineData("May  2 08:30:00 gw psad: removed iptables auto-block against 198.51.100.190")]
    [InlineData("May  2 08:30:00 app1 backup[811]: unable to log in to 198.51.100.191: connection refused")]
    public void Local_chatter_lifted_bans_and_this_hosts_own_logins_are_no_hostile_event(string line)
    {
        Assert.False(Recognize(line) is { Hostile: true }, line);
    }

    [Theory]
    // RDP's failed logon and the filtering platform's inbound drop as Windows event XML: the client, not this server
    [InlineData("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-RemoteDesktopServices-RdpCoreTS'/><EventID>140</EventID><Computer>SRV01.example.org</Computer></System><EventData><Data Name='IPString'>198.51.100.194</Data></EventData></Event>", "auth-failure", "198.51.100.194")]
    [InlineData("<Event><System><EventID>5152</EventID><Channel>Security</Channel></System><EventData><Data Name='ProcessId'>0</Data><Data Name='Direction'>%%14592</Data><Data Name='SourceAddress'>203.0.113.194</Data><Data Name='SourcePort'>40000</Data><Data Name='DestAddress'>192.0.2.192</Data><Data Name='DestPort'>445</Data></EventData></Event>", "blocked", "203.0.113.194")]
    // relay attempts refused in a mail server's own words
    [InlineData("\"SMTPD\"\t4541\t161\t\"2024-05-02 08:21:00.100\"\t\"198.51.100.18\"\t\"SENT: 550 Delivery is not allowed to this address.\"", "mail-reject", "198.51.100.18")]
    [InlineData("05/02/24 08:21:00\tSMTP-IN\t8B4C3D2E.MAI\t2830\t198.51.100.34\tRCPT\tTO:<victim@remote.example>\t503 This mail server requires authentication when attempting to send to a non-local e-mail address.", "mail-reject", "198.51.100.34")]
    // a client speaking another protocol, an upper-case verdict tag, an IKE peer no connection is configured for
    [InlineData("2024-05-02 08:20:00,123 - Client ID: UNKNOWN, IP: 198.51.100.112 was disconnected. reason: Sent CONNECT with an invalid protocol name.", "protocol-violation", "198.51.100.112")]
    [InlineData("(W) 2024-05-02T08:20:00 - Query bad method Http, closing socket. IP: ::ffff:198.51.100.192. Method: \"CONNECT\"", "protocol-violation", "198.51.100.192")]
    [InlineData("2024-05-02 08:20:00,123 [DENIED DOWNLOAD] libs-release-local:com/example/secret-core-1.2.0.jar for anonymous/198.51.100.65.", "access-denied", "198.51.100.65")]
    [InlineData("May  2 08:12:44 vpn pluto[1201]: packet from 203.0.113.54:500: initial Main Mode message received on 192.0.2.50:500 but no connection has been authorized with policy PSK+IKEV1_ALLOW", "access-denied", "203.0.113.54")]
    public void Windows_xml_mail_relays_protocols_and_ike_refusals_are_read(string line, string kind, string client)
    {
        AssertEvent(line, kind, hostile: true, client);
    }

    [Fact]
    public void A_filtering_platform_drop_of_an_outbound_packet_is_no_attack()
    {
        Assert.False(Recognize("<Event><System><EventID>5152</EventID></System><EventData><Data Name='Direction'>%%14593</Data><Data Name='SourceAddress'>192.0.2.192</Data><Data Name='SourcePort'>50000</Data><Data Name='DestAddress'>203.0.113.9</Data><Data Name='DestPort'>443</Data></EventData></Event>") is { Hostile: true });
    }

    [Theory]
    // a honeypot's record of a visitor's login, command and download, a tarpit's accepted connection
    [InlineData("{\"eventid\":\"cowrie.login.success\",\"src_ip\":\"203.0.113.152\",\"session\":\"a1b2c3d4\",\"username\":\"root\",\"password\":\"admin\",\"message\":\"login attempt [root/admin] succeeded\"}", "203.0.113.152")]
    [InlineData("{\"eventid\":\"cowrie.command.input\",\"src_ip\":\"203.0.113.153\",\"session\":\"a1b2c3d4\",\"input\":\"uname -a\",\"message\":\"CMD: uname -a\"}", "203.0.113.153")]
    [InlineData("2024-05-02T08:12:44.123Z ACCEPT host=::ffff:203.0.113.162 port=51234 fd=4 n=1/4096", "203.0.113.162")]
    public void A_honeypots_record_of_a_visitor_is_an_attack(string line, string client)
    {
        AssertEvent(line, "attack", hostile: true, client);
    }

    [Theory]
    // a honeypot's own bookkeeping: a session closed, a local health check connecting
    [InlineData("{\"eventid\":\"cowrie.session.closed\",\"src_ip\":\"127.0.0.1\",\"session\":\"0c0c0c0c\",\"duration\":0.2}")]
    [InlineData("2024-05-02T08:00:00.000Z MaxClients 4096")]
    public void A_honeypots_bookkeeping_is_no_attack(string line)
    {
        Assert.False(Recognize(line) is { Hostile: true }, line);
    }

    [Theory]
    // fresh8's categories: a verdict value with a prefix or in other words, the source field before an upper-case verdict,
    // blockers' dynamic blocks, keys that do not exist, logins refused in a sentence, peers refused for who they claim to be
    [InlineData("date=2024-05-02 time=08:12:44 log_id=20000008 type=attack subtype=\"waf_signature_detection\" action=Alert_Deny src=203.0.113.24 src_port=51234 dst=192.0.2.40 dst_port=443", "blocked", "203.0.113.24")]
    [InlineData("<38>May  2 08:20:00 usgflex100 src=\"198.51.100.22:51234\" dst=\"192.0.2.1:23\" msg=\"Match default rule, DROP\" note=\"ACCESS BLOCK\" user=\"unknown\"", "blocked", "198.51.100.22")]
    [InlineData("<38>May  2 08:12:44 usgflex100 src=\"203.0.113.22:0\" dst=\"192.0.2.1:443\" msg=\"Failed login attempt to Device from http/https (incorrect password or inexistent username)\" note=\"Account: admin\" user=\"unknown\"", "auth-failure", "203.0.113.22")]
    [InlineData("May  2 08:12:44 ns1 dnsdist[812]: Inserting dynamic block for 203.0.113.29 for 60 seconds: Exceeded query rate", "blocked", "203.0.113.29")]
    [InlineData("May  2 08:12:44 ns1 dnsdist[812]: Query from 203.0.113.30:51234 dropped because of ACL", "blocked", "203.0.113.30")]
    [InlineData("time=\"May 02 08:12:44\" level=warning msg=\"Attempted access with non-existent key.\" api_id=orders key=****abcd origin=203.0.113.31 path=/orders/", "auth-failure", "203.0.113.31")]
    [InlineData("2024-05-02 08:20:00,123+0000 http-nio-8080-exec-5 WARN anonymous 500x1234x1 - 198.51.100.47 /login.jsp [c.a.j.web.action.JiraLoginAction] login : 'test' tried to login but they do not have USE permission or weren't found.", "auth-failure", "198.51.100.47")]
    [InlineData("May  2 08:12:44 gw tincd[1842]: Peer 203.0.113.49 port 51234 had unknown identity (intruder)", "access-denied", "203.0.113.49")]
    [InlineData("2024/05/02 08:12:44.000100 from 203.0.113.50:2317 rejected  proxy/vless/encoding: invalid request user id", "access-denied", "203.0.113.50")]
    [InlineData("time=\"2024-05-02T08:12:44Z\" level=error msg=\"Invalid certificate from host\" error=\"could not find ca for the certificate\" udpAddr=\"198.51.100.17:51820\"", "certificate-refused", "198.51.100.17")]
    public void Fresh_wordings_of_firewalls_gateways_and_applications_are_read(string line, string kind, string client)
    {
        AssertEvent(line, kind, hostile: true, client);
    }

    [Theory]
    // a user field holding the placeholder "unknown" names no one; a proxy's normal close; a ban lifted
    [InlineData("<38>May  2 08:33:00 usgflex100 src=\"0.0.0.0:0\" dst=\"0.0.0.0:0\" msg=\"Update IDP signatures failed: cannot connect to update server\" note=\"Signature Update\" user=\"unknown\"")]
    [InlineData("2024/05/02 08:31:00.000100 from 192.0.2.51:0 rejected  proxy/vless/encoding: failed to read request version > websocket: close 1000 (normal)")]
    [InlineData("May  2 08:30:00 gw psad: removed iptables auto-block against 198.51.100.190")]
    // a container registry's version check answered 401 (every docker client's first request); a clean message's empty virus field
    [InlineData("May  2 08:30:00 172.18.0.1 proxy[2345]: 192.0.2.65 - \"GET /v2/ HTTP/1.1\" 401 87 \"-\" \"docker/24.0.7 go/go1.20.10 os/linux arch/amd64\" 0.003 0.003 .")]
    [InlineData("date=2024-05-02 time=08:30:10 type=statistics client_name=\"mail.partner.example\" client_ip=\"192.0.2.71\" dst_ip=\"192.0.2.5\" direction=\"in\" virus=\"\" disposition=\"Accept\" classifier=\"Not Spam\"")]
    public void Placeholders_normal_closes_and_lifted_blocks_are_no_hostile_event(string line)
    {
        Assert.False(Recognize(line) is { Hostile: true }, line);
    }

    [Fact]
    public void A_request_records_client_field_wins_over_a_generic_host_field_before_it()
    {
        // Kong's log: the request's "headers.host" and the upstream service's "host" come before "client_ip"
        const string line = "{\"request\":{\"method\":\"GET\",\"uri\":\"/v1/admin/users\",\"headers\":{\"host\":\"api.example.org\",\"user-agent\":\"python-requests/2.31.0\"}},\"response\":{\"status\":401,\"size\":210},\"service\":{\"name\":\"backend\",\"host\":\"10.0.12.5\",\"port\":8080},\"client_ip\":\"203.0.113.33\",\"started_at\":1714637565000}";
        AssertEvent(line, "web-auth-failure", hostile: true, "203.0.113.33");
    }
}
