using LogWarden.Detect.Security;
using static LogWarden.Tests.Detect.Security.SecurityLines;

namespace LogWarden.Tests.Detect.Security;

/// <summary>
/// Services that are not in the shared corpus (HeldOut/, see its README): lines written in each service's own
/// format, labelled before LogWarden ran on them, scored by the reference scorer. "tune" is the half the
/// vocabulary was tuned on, "test" the half that measured the first round (and tuned the second), "fresh" a set
/// written after both and never tuned on, "fresh2" a set of 32 more services written and measured blind in the
/// fourth session before its changes (seen once since: its misses named wordings that were added in general terms),
/// "fresh3" 32 more services written blind by another hand and measured on main's code before any change,
/// "fresh4" 32 more written blind by a third hand in the fifth session, measured the same way, "fresh5" 34 more by a
/// fourth hand in the sixth session, in formats the others hold little of.
/// The bars are the numbers reached (27 Nov), so a change that loses generality fails here.
/// </summary>
public sealed partial class HeldOutCorpusTests
{
    [Theory]
    [InlineData("tune", 0.99, 0.014)]
    [InlineData("test", 0.97, 0.0)]
    [InlineData("fresh", 0.91, 0.0)]
    [InlineData("fresh2", 0.95, 0.0)]
    // written blind by helper fresh3 (27 Nov, fourth session): on main's code before any change 69/94 hostile found,
    // 2/125 benign with a hostile event; 74/94 and 2/125 after two general changes its misses pointed at (field
    // names of several words, access lines after a prefix) and events9's. A floor, not a goal: the misses are listed
    // in docs/BENCHMARKS.md (IDS alerts, Kafka/Cassandra's own addresses, audit categories, CouchDB's access line).
    // 92/94 and 2/125 after events10's general formats (IDS alerts, the party-naming address cue over a generic one,
    // Java's "/ADDR", failure-first audit categories, permission violations, a ban in the present tense).
    // 93/94 after events11's request records in layouts of their own (CouchDB's unquoted access line, read from its
    // parts: method, path, status, client).
    [InlineData("fresh3", 0.98, 0.02)]
    // written blind by helper fresh4 (27 Nov, fifth session) and committed before LogWarden ran on it: on main's code
    // at 415ad1a 71/105 hostile found, 3/142 benign with a hostile event (0.676 / 0.021). A floor, not a goal: the
    // misses are listed in docs/BENCHMARKS.md (firewall LOG lines and pflog, access lines without a verb, CSV audit
    // records, sshguard's own attack lines, an address only inside dumped request headers). 84/105 and 2/142 after the
    // lead's general reading of packet filter LOG lines (a verdict in any prefix, MAC= before SRC=, inbound only, no
    // multicast), which its 13 firewall misses and 1 false event pointed at; 87/105 with "attack(s) from" (a
    // blocker's own report of what it saw).
    // 99/105 and 2/142 after events11 (sixth session): HTTP request records read from their parts (Gin's pipe columns,
    // a Go handler's "PATH: STATUS CLIENT"), a public client in a dumped forwarding header over a private proxy, pf's
    // tcpdump "block in on" lines. 100/105 after events13 (seventh session): a "success":false beside an authentication
    // event (Teleport's principal refusal).
    // 103/105 (thirteenth session): MariaDB's audit records of connections refused with error 1045.
    [InlineData("fresh4", 0.98, 0.015)]
    // written blind by helper fresh5 (27 Nov, sixth session), 34 services in formats the other sets hold little of, and
    // committed before LogWarden ran on it: on main's code at 65ce0a3 67/104 hostile found, 2/154 benign with a hostile
    // event (0.644 / 0.013). A floor, not a goal: the misses are listed in docs/BENCHMARKS.md (IDS notices and
    // key=value firewall/IPS records, access lines of uWSGI, Rails and OpenLiteSpeed, ADDR.PORT and ADDR@PORT addresses,
    // numeric audit outcomes, DNS REFUSED replies, a honeypot's successes and commands, lines naming no client).
    // 92/104 and 2/154 after events13 (seventh session), looking at its misses as categories: verdicts written as field
    // values (action=deny, "verdict":"DROPPED", "auth_success":false, status=rejected) with the flow's direction, request
    // lines with the status after a later protocol word or none yet ("Started GET … for"), ADDR.PORT and ADDR@PORT, a
    // firewall's SRC:PORT->DST:PORT, a DNS REFUSED answer, a monitor's guessing/scan notices, nginx's relay of a FastCGI
    // message, "File not found [PATH]", a forward-auth subrequest's 401 from a private proxy as no event.
    // 95/104 (thirteenth session): Percona's audit records of connections refused with error 1045. 96/104 (fourteenth
    // session): Haraka's failure tied to its connection by the transaction UUID; 97/104 its refused relay; 102/104 (0.981)
    // with a honeypot's (Cowrie's) logins, commands and downloads and a tarpit's (Endlessh's) accepted connections.
    [InlineData("fresh5", 0.98, 0.013)]
    // written blind by helper fresh6 (27 Nov, seventh session), 33 services VPS and small-business owners run (PBX, NAS,
    // home-lab apps, routers, Windows IIS/FTP/firewall, endpoint-security consoles, a SaaS CSV export) in RFC 5424 with
    // structured data, W3C, CEF, LEEF, CSV and string-encoded JSON, committed before LogWarden ran on it: on main's code
    // at e686344 79/111 hostile found, 3/145 benign with a hostile event (0.712 / 0.021). A floor, not a goal: the misses
    // are listed in docs/BENCHMARKS.md (W3C records whose verdict is a status or action column, firewall and IDS records
    // in other layouts, "dropped due to ACL", refused DNS queries, a failure naming no client after a connection line).
    // 91/111 and 3/145 (0.820 / 0.021) once W3C logs were read from their #Fields header (thirteenth session): IIS's
    // requests, the FTP service's refused passwords, Windows Firewall's inbound drops but not its broadcasts.
    // 93/111 with Privoxy's "dropped due to ACL" (0.838 / 0.021); 95/111 (0.856) with Junos's "session denied
    // SRC/PORT->DST/PORT" and Kamailio's "Malformed SIP request from". 98/111 and 2/145 (0.883 / 0.014, fourteenth
    // session): CUPS's "[Client N]" connections, blacklistd's ADDR/32; 105/111 (0.946) with HiveMQ's and qBittorrent's
    // protocol violations, Artifactory's "[DENIED …]" tags and Libreswan's refused IKE peers.
    [InlineData("fresh6", 0.94, 0.014)]
    // written blind by helper fresh7 (29 Nov, fourteenth session), 31 services (Windows mail servers, Exchange's SMTP receive
    // log, Cisco ASA/IOS, SonicWall, Sophos, PAN-OS, Citrix ADC, NPS, Windows event XML and wevtutil text, Heimdal, ESXi,
    // iDRAC, QNAP, Oracle's listener, NAXSI, DenyHosts, psad, OSSEC, OpenCanary, Okta, Cloudflare, Wing FTP), committed
    // before LogWarden ran on it: on main's code at 2aea5ab 68/119 hostile found, 0/112 benign with a hostile event
    // (0.571 / 0.000). 90/119 and 0/112 (0.756) after its misses were read as categories (fourteenth session): packet
    // filters' denies in vendor layouts (ASA's src IFACE:ADDR/PORT, IOS's ADDR(PORT) ->, SonicWall's src=ADDR:PORT:IFACE,
    // status="Deny") with a neighbour on the same /24 or a broadcast not inbound, blockers' bans in their own words and
    // the firewall command they ran, a scan detector's report, "unable to log in"/"cannot login", a verdict at a line's
    // end, Windows failed logons (4625, 4771) as XML, NAXSI's extended log. 94/119 (0.790) with RDP's failed logon (140) and
    // the filtering platform's inbound drops (5152/5157) as XML, relay refusals in mail servers' words, protocol
    // violations ("invalid protocol name", "bad method") and upper-case verdict tags. A floor, not a goal: the misses left
    // are in docs/BENCHMARKS.md. 95/119 (0.798) when a list's first address is the one (DenyHosts). 97/119 (0.815) when a
    // multi-line record's client line ("Src IP:", "Source Network Address:") names the client of its failure (OSSEC, wevtutil).
    [InlineData("fresh7", 0.81, 0.005)]
    // written blind by helper fresh8 (29 Nov, fourteenth session), 31 services (MySQL Router, MaxScale, Pgpool-II, spamd,
    // policyd-spf, iRedAPD, Nebula, tinc, Xray, Check Point, WatchGuard, Zyxel, FortiWeb, Pulse, RD Gateway, dnsdist, Tyk,
    // Kong, Garage, Netdata, ZoneMinder, Factorio, OctoPrint, Deluge, ntfy, Miniflux, Dolibarr, GLPI, Heralding, Jira,
    // Airsonic), committed before LogWarden ran on it: on main's code at bdc4cce (after fresh7's categories) 58/99 hostile
    // found, 0/108 benign with a hostile event (0.586 / 0.000). 77/99 and 0/108 (0.778) after its misses were read as
    // categories: a syslog "tag" that was a key=value field (Zyxel's src="ADDR:PORT" eaten as the program), verdict
    // values with a prefix or in other words (Alert_Deny, Prevent), the source field before an upper-case verdict,
    // dynamic blocks, "dropped because of ACL", keys that do not exist, logins refused in a sentence, peers refused for
    // their identity or certificate; user="unknown" no longer an invalid user. 80/99 (0.808) when a request record's
    // client field (client_ip) wins over a generic host field before it (Kong); 81/99 (0.818) when of two addresses with
    // only spaces between the first is the one (a flow's source, WatchGuard); 83/99 (0.838) with Pgpool-II's "pid N:"
    // connections; 85/99 (0.859) with a capitalised verdict before a protocol and an address pair (WatchGuard). 88/99 (0.889,
    // sixteenth session) with a status right before a quoted target (Netdata's request lines).
    [InlineData("fresh8", 0.88, 0.005)]
    // written blind by helper fresh9 (29 Nov, fourteenth session), 22 services (MeshCentral, trojan, frps, Harbor, APISIX,
    // KrakenD, websockify, code-server, JupyterHub, Zammad, Znuny, mailcow, BunkerWeb, EdgeRouter, FortiMail, Stormshield,
    // pfBlockerNG, AWS WAF and ALB, Passbolt, Velocity, ngIRCd), committed before LogWarden ran on it: on main's code at
    // 346207e (after fresh7's and fresh8's categories) 41/68 hostile found, 5/82 benign with a hostile event (0.603 /
    // 0.061). 2/82 after its false events were read: a registry's "GET /v2/" 401 is its version check, a closing line of
    // another client of one process is no failed session, an empty virus field is no virus; 45/68 (0.662) with EdgeOS's
    // "[RULESET-default-D]IN=" packet-filter prefix. 49/68 (0.721, sixteenth session) with a camel-case xForwardedFor field
    // (code-server) and a client that speaks another protocol ("not trojan request").
    [InlineData("fresh9", 0.72, 0.025)]
    // written blind by helper fresh10 (29 Nov, fifteenth session), 24 services (Mailu's mail proxy, sing-box, pptpd, OpenVPN
    // AS, Apereo CAS, Shibboleth IdP, Duo proxy, TYPO3, Umbraco, Directus, Supabase GoTrue, Verdaccio, Meilisearch, Ceph RGW,
    // Incus, IPFire, Serv-U, Zulip, Pterodactyl Wings, srcds, webhook, Icecast; cloudflared and certbot benign only),
    // committed before LogWarden ran on it: on main's code at 6b9c16f 68/95 hostile found, 1/114 benign with a hostile event
    // (0.716 / 0.009). 88/95 and 0/114 (0.926) after its misses were read as categories: a multi-line record's client line,
    // "CLIENT IP ADDRESS" over "SERVER IP ADDRESS", a packet filter's chain glued to its verdict (DROP_INPUT), an invalid
    // payload signature and an invalid connection, a request id in the prefix, the method and status before the path, SOURCE.
    // 89/95 (0.937, sixteenth session) with a login POST answered 400 (GoTrue's /token).
    [InlineData("fresh10", 0.93, 0.005)]
    // written blind by helper fresh11 (29 Nov, sixteenth session), 23 services (NZBGet, Traccar, Shaarli, The Lounge, wallabag,
    // Mealie, XCP-ng's xapi, GOST, DrayTek, Meraki MX, Coraza, Kanidm, mox, CrushFTP, Vikunja, PhotoPrism, Akkoma, FreeIPA's
    // httpd; Watchtower, Frigate, borgmatic, Zigbee2MQTT and a Tor relay benign only), committed before LogWarden ran on it:
    // on main's code at 0287cd6 47/62 hostile found, 4/128 benign with a hostile event (0.758 / 0.031). 57/62 and 0/128
    // (0.919) after its misses were read as categories: IDS alerts as key=value records, "non existing user", a key=value
    // connection id and a request UUID opening the message as session keys, a login POST answered 400/412/422, a URL's host
    // and a compound "…server" noun as the server's side, a direction tag before a flow's arrow, a database driver's SQLSTATE
    // report of its own refusal.
    [InlineData("fresh11", 0.91, 0.005)]
    public void Events_on_services_outside_the_shared_corpus_meet_their_bars(string set, double minRecall, double maxFalseRate)
    {
        string corpus = Path.Combine(FixtureRoot(), set);
        EventScorer.Score score = EventScorer.Run(corpus, [corpus], []);
        Assert.True(score.Recall >= minRecall, $"recall {score.Recall} < {minRecall}\n{score.Report}");
        Assert.True(score.FalseEventRate <= maxFalseRate, $"false-event rate {score.FalseEventRate} > {maxFalseRate}\n{score.Report}");
    }

    [Theory]
    // the operating system's refusal of a connection this host made: the peer is down, nobody attacked
    [InlineData("2024/05/02 10:00:01 worker.go:88: [E] upload failed: dial tcp 192.0.2.60:9000: connect: connection refused")]
    [InlineData("May  2 10:00:01 app1 backup[811]: rsync to 192.0.2.61 failed: (111: Connection refused)")]
    [InlineData("2024-05-02 10:00:01 ERROR notifier: error connecting to the broker at 192.0.2.62: authentication failed")]
    // a file the program itself may not open, whoever's request ran into it
    [InlineData("{\"level\":\"error\",\"remote_addr\":\"192.0.2.63\",\"user\":\"dora\",\"msg\":\"fopen(/srv/cache/a.bin): Failed to open stream: Permission denied\"}")]
    // a visitor without a session redirected to the login page
    [InlineData("level=info msg=\"request to https://wiki.example.org/ is unauthorized for anonymous, redirecting to https://login.example.org/\" remote_ip=192.0.2.64")]
    // a session that ran out: an idle user coming back, no credentials tried
    [InlineData("{\"level\":\"debug\",\"msg\":\"Invalid or expired session, please login again.\",\"path\":\"/api/me\",\"ip_addr\":\"192.0.2.65\",\"http_code\":401}")]
    [InlineData("2024-05-02 10:00:01 WARN web: session has expired for user dora from 192.0.2.65")]
    // this host's own certificate order failing its domain validation (ACME)
    [InlineData("{\"level\":\"error\",\"logger\":\"tls.issuance.acme\",\"msg\":\"challenge failed\",\"identifier\":\"www.example.org\",\"detail\":\"192.0.2.66: Invalid response: 404\"}")]
    [InlineData("2024-05-02 10:00:01 error certbot failed to authenticate some domains (authenticator: webroot). The Certificate Authority reported these problems: Domain: www.example.org Detail: 192.0.2.67: unauthorized")]
    // a capacity cap of the server reached, not a client's attempts or rate
    [InlineData("May  2 10:00:01 mail popd: Maximum connection limit reached for ::ffff:192.0.2.68")]
    [InlineData("May  2 10:00:01 ns dnsd[812]: Maximum number of concurrent DNS queries reached (max: 150)")]
    // a filter blocking a name for one of its own clients
    [InlineData("2024/05/02 10:00:01.000001 [info] filtering: blocked ads.example.com for 192.0.2.69 by rule ||ads.example.com^")]
    [InlineData("May  2 10:00:01 ns dnsd[812]: gravity blocked tracker.example.net is 0.0.0.0")]
    public void Failures_that_are_this_hosts_own_are_no_hostile_event(string line)
    {
        Assert.False(Recognize(line) is { Hostile: true }, line);
    }

    [Theory]
    [InlineData("2024-05-02 10:00:01 gatekeeper: dropping request from unknown client 192.0.2.70 port 4000", "192.0.2.70")]
    [InlineData("[10:00:01] [main/INFO]: (/192.0.2.71:5000) lost connection: you are not whitelisted here", "192.0.2.71")]
    [InlineData("May  2 10:00:01 relay smtpd[77]: 0a1b2c3d smtp authentication user=ann address=192.0.2.72 host=x.example.net result=tempfail", "192.0.2.72")]
    [InlineData("2024-05-02 10:00:01 WARN api: invalid API key from 192.0.2.73", "192.0.2.73")]
    [InlineData("May  2 10:00:01 gw tunneld[90]: could not verify HMAC of packet from 192.0.2.74:1194", "192.0.2.74")]
    [InlineData("{\"sourceIPs\":[\"192.0.2.75\",\"10.0.0.1\"],\"message\":\"namespaces is forbidden: user cannot list\"}", "192.0.2.75")]
    [InlineData("2024-05-02 10:00:01,000 - web.access - 12 - INFO - GET-1 - 192.0.2.76 - 443 - {None} Processed request: 0.001sec 58B 403 \"POST /api/login HTTP/1.1\" \"curl/8.5\"", "192.0.2.76")]
    [InlineData("[20240502-10:00:01] [INFO ] AUTHFAIL: user=dora ip=::ffff:192.0.2.77 time=1714644001", "192.0.2.77")]
    [InlineData("May  2 10:00:01 gw ikev2d: 13[IKE] <rw|7> EAP method EAP_MSCHAPV2 failed for peer 192.0.2.78", "192.0.2.78")]
    [InlineData("May  2 10:00:01 ns resolverd[812]: Ignoring query from non-local network 192.0.2.79", "192.0.2.79")]
    [InlineData("2024-05-02 10:00:01 WARN store: The request signature we calculated does not match the signature you provided. remote=192.0.2.82", "192.0.2.82")]
    [InlineData("{\"level\":\"ERROR\",\"remotehost\":\"192.0.2.83\",\"error\":{\"message\":\"The Access Key Id you provided does not exist in our records.\"}}", "192.0.2.83")]
    [InlineData("2024-05-02 10:00:01.000+0000 [id=88]\tWARNING\tci.auth.Provider#retrieveUser: Credential exception trying to authenticate against EXAMPLE domain from 192.0.2.84 (x.example.net)", "192.0.2.84")]
    // a proxy in front: the original client (oip) is the remote party, not the proxy (ip)
    [InlineData("2024-05-02 10:00:01,000 INFO  [Imap-1] [ip=10.0.0.5;oip=192.0.2.85;via=10.0.0.5;] imap - authentication failed for [dora@example.org], invalid password", "192.0.2.85")]
    // an alert record of a monitoring agent: the agent is this side, the source is the attacker
    [InlineData("{\"rule\":{\"description\":\"sshd: authentication failed.\"},\"agent\":{\"name\":\"web1\",\"ip\":\"10.0.1.10\"},\"full_log\":\"sshd[1]: Failed password for root from 192.0.2.86 port 5000 ssh2\",\"data\":{\"srcip\":\"192.0.2.86\",\"dstuser\":\"root\"}}", "192.0.2.86")]
    [InlineData("[02/May/2024:10:00:01 +0000] - 404 404 - GET https nas.example.org \"/.env\" [Client 192.0.2.87] [Length 188] [Gzip -] [Sent-to 10.0.0.20] \"curl/8.5\" \"-\"", "192.0.2.87")]
    public void General_wordings_of_refusals_and_failures_name_the_remote_party(string line, string remote)
    {
        var e = Recognize(line);
        Assert.NotNull(e);
        Assert.True(e.Hostile, e.ToString());
        Assert.Equal(remote, Remote(e));
    }

    [Fact]
    public void A_success_from_another_address_than_the_failures_in_one_process_is_another_clients()
    {
        var events = RecognizeAll(
        [
            "May  2 10:00:01 vpn tunneld[812]: 192.0.2.80:5000 TLS Auth Error: Auth Username/Password verification failed for peer",
            "May  2 10:00:03 vpn tunneld[812]: 192.0.2.80:5001 TLS Auth Error: Auth Username/Password verification failed for peer",
            "May  2 10:00:05 vpn tunneld[812]: 192.0.2.81:6000 TLS: Username/Password authentication succeeded for username 'ann'",
            "May  2 10:00:07 vpn tunneld[812]: 192.0.2.80:5002 TLS: Username/Password authentication succeeded for username 'bob'",
        ]);
        Assert.Equal(SecurityEventKinds.AuthSuccess, events[2]?.Kind);
        Assert.False(events[2]!.Hostile);
        Assert.Equal(SecurityEventKinds.AuthSuccessAfterFailures, events[3]?.Kind);
    }

    [Fact]
    public void A_failure_finds_its_client_on_the_connection_line_of_the_same_process_id_in_the_prefix()
    {
        var events = RecognizeAll(
        [
            "2024-05-02 10:00:01.000 UTC [4101] [unknown]@[unknown] LOG:  connection received: host=192.0.2.90 port=5000",
            "2024-05-02 10:00:01.100 UTC [4102] [unknown]@[unknown] LOG:  connection received: host=192.0.2.91 port=5001",
            "2024-05-02 10:00:01.200 UTC [4101] dora@app FATAL:  password authentication failed for user \"dora\"",
            "2024-05-02 10:00:02.000000+00:00 [info] <0.812.0> accepting MQ connection <0.812.0> (192.0.2.92:5002 -> 10.0.0.5:5672)",
            "2024-05-02 10:00:02.100000+00:00 [error] <0.812.0> PLAIN login refused: user 'dora' - invalid credentials",
        ]);
        Assert.Equal("192.0.2.90", Remote(events[2]!));
        Assert.True(events[2]!.Hostile);
        Assert.Equal("192.0.2.92", Remote(events[4]!));
        Assert.True(events[4]!.Hostile);
    }

    [Fact]
    public void A_bracketed_word_that_is_no_process_id_links_nothing()
    {
        var events = RecognizeAll(
        [
            "[20240502-10:00:01] [INFO ] A connection received from 192.0.2.93 port 5000",
            "[20240502-10:00:02] [ERROR] pam_authenticate failed for user dora: Authentication failure",
        ]);
        Assert.Null(events[1] is { } e ? Remote(e) : null);
    }

    private static string FixtureRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "LogWarden.Tests", "Detect", "Security", "HeldOut");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/LogWarden.Tests/Detect/Security/HeldOut not found above " + AppContext.BaseDirectory);
    }
}
