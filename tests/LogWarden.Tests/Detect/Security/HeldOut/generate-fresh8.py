#!/usr/bin/env python3
"""Ninth held-out set ("fresh8"), written blind by helper fresh8: 31 services absent from the shared corpus and from
tune/, test/, fresh/ .. fresh7/ (checked by file name and by grepping every set's lines, this directory's README, the
generators and the shared corpus for each service's and process's name), chosen from what VPS, self-hosting, home-lab
and small-business owners run: database routers and poolers (MySQL Router, MariaDB MaxScale, Pgpool-II), mail
filters and policy servers (SpamAssassin spamd, policyd-spf, iRedAPD), overlay and proxy VPNs (Nebula, tinc, Xray),
edge firewalls, WAFs and SSL VPNs (Check Point, WatchGuard, Zyxel USG FLEX, FortiWeb, Ivanti/Pulse Connect Secure),
Windows RD Gateway, DNS and API gateways (dnsdist, Tyk, Kong), an S3 store (Garage), monitoring and home-lab apps
(Netdata, ZoneMinder, OctoPrint, Deluge, ntfy, Miniflux, Airsonic), business apps (Dolibarr, GLPI, Jira), a game server
(Factorio) and a honeypot (Heralding). Formats: RFC 5424 with semicolon-separated structured data (Check Point),
RFC 3164 with key="value" bodies (Zyxel) and positional packet records (WatchGuard), bare key=value (FortiWeb), a
dash-separated vendor one-liner (Pulse), an Event Viewer CSV export with doubled quotes (RD Gateway), logrus text with
quoted time (Tyk, Nebula), Go slog text (Miniflux), Rust tracing (Garage), nested JSON (Kong file-log), CSV with a header
(Heralding), multi-line records whose date is on its own line (GLPI), multi-line FATAL/DETAIL pairs (Pgpool), padded
level columns (MaxScale, Deluge, Dolibarr) and addresses written '[ADDR]:PORT', 'user'@[ADDR], ({ADDR:PORT}), GUI(ADDR),
'ADDR port PORT', visitor_id=ip:ADDR, ip=ADDR;r=, 'from ADDR:PORT rejected'.
Per service NAME.log and NAME.labels.jsonl; (label, host, line): H hostile (host = the attacker), B benign, E either
(not scored), N unlabelled. Labelled by ../shared/data/README.md's definitions before LogWarden ran on any line; the
formats and where each comes from are in README.md."""
import json, sys
from collections import Counter
from heldout import H, B, E, N, write_service
J = lambda o: json.dumps(o, separators=(',', ':'), ensure_ascii=False)
S = {}

# MySQL Router's mysqlrouter.log ("DATE TIME MODULE LEVEL [thread] message"): block_client_host()'s
# log_warning("[%s] blocking client host %s") and log_info("[%s] %d connection errors for %s (max %llu)") from
# mysql/mysql-router's routing source found by the code search; the metadata-cache lines from knowledge.
def mr(ts, mod, lvl, th, msg): return f"2024-05-02 08:{ts} {mod} {lvl} [{th}] {msg}"
S['mysql-router'] = [
 (B, None, mr("00:00", "routing", "INFO", "7f3a2d1fe700", "[routing:mycluster_rw] started: routing strategy = first-available")),
 (B, None, mr("00:01", "metadata_cache", "INFO", "7f3a2c9fd700", "Connected with metadata server running on 10.0.5.11:3306")),
 (E, "203.0.113.11", mr("12:40", "routing", "INFO", "7f3a1c7fe700", "[routing:mycluster_rw] 1 connection errors for 203.0.113.11 (max 3)")),
 (E, "203.0.113.11", mr("12:41", "routing", "INFO", "7f3a1c7fe700", "[routing:mycluster_rw] 2 connection errors for 203.0.113.11 (max 3)")),
 (H, "203.0.113.11", mr("12:42", "routing", "WARNING", "7f3a1c7fe700", "[routing:mycluster_rw] blocking client host 203.0.113.11")),
 (H, "198.51.100.11", mr("20:00", "routing", "WARNING", "7f3a1bffd700", "[routing:mycluster_ro] blocking client host 198.51.100.11")),
 (B, None, mr("30:00", "metadata_cache", "WARNING", "7f3a2c9fd700", "Failed connecting with Metadata Server 10.0.5.12:3306: Can't connect to MySQL server on '10.0.5.12:3306' (111) (2003)")),
 (B, None, mr("30:01", "metadata_cache", "INFO", "7f3a2c9fd700", "Potential changes detected in cluster 'mycluster' after metadata refresh")),
]

# MariaDB MaxScale maxscale.log ("DATE TIME   level  : (session) [module] (service); message"): "Authentication failed
# for user '%s'@[%s] to service '%s'. Originating listener: '%s'. MariaDB error: '%s'." from MaxScale's mariadb
# protocol source found by the code search; the monitor lines from knowledge.
def mx(ts, lvl, msg): return f"2024-05-02 08:{ts}   {lvl}: {msg}"
def mxa(user, ip, pw="YES"):
    return (f"[mariadbprotocol] (Read-Write-Service); Authentication failed for user '{user}'@[{ip}] to service 'Read-Write-Service'. "
            f"Originating listener: 'Read-Write-Listener'. MariaDB error: 'Access denied for user '{user}'@'{ip}' (using password: {pw})'.")
S['maxscale'] = [
 (B, None, mx("00:00", "notice ", "MaxScale started with 4 worker threads, each with a stack size of 8388608 bytes.")),
 (B, None, mx("00:01", "notice ", "[mariadbmon] 'server1' is running: Master, Running")),
 (H, "203.0.113.12", mx("12:44", "warning", "(311) " + mxa("root", "203.0.113.12"))),
 (H, "203.0.113.12", mx("12:45", "warning", "(312) " + mxa("admin", "203.0.113.12"))),
 (H, "198.51.100.12", mx("20:00", "warning", "(340) " + mxa("sa", "198.51.100.12", "NO"))),
 (B, None, mx("30:00", "error  ", "[mariadbmon] Monitor was unable to connect to server server2[10.0.5.22:3306] : 'Can't connect to server on '10.0.5.22' (115)'")),
 (B, None, mx("30:00", "notice ", "[mariadbmon] Server changed state: server2[10.0.5.22:3306]: server_down. [Slave, Running] -> [Down]")),
]

# Pgpool-II's log with log_line_prefix '%m: %a pid %p: ' and log_connections (LOG: new connection received / DETAIL:
# connecting host=… port=…); "md5 authentication failed" / "DETAIL: password does not match" and "client authentication
# failed" / "no pool_hba.conf entry for host" as bitnami/charts #7920 and bitnami-docker-pgpool #15, #65 quote them; the
# health-check lines from knowledge. The FATAL line names no client: it carries the host of its pid's connection line.
def pg(ts, app, pid, msg): return f"2024-05-02 08:{ts}: {app} pid {pid}: {msg}"
S['pgpool'] = [
 (B, None, pg("00:00.001", "main", 4001, "LOG:  pgpool-II successfully started. version 4.4.4 (nurikoboshi)")),
 (N, None, pg("12:44.101", "[unknown]", 4101, "LOG:  new connection received")),
 (N, None, pg("12:44.101", "[unknown]", 4101, "DETAIL:  connecting host=203.0.113.13 port=51234")),
 (H, "203.0.113.13", pg("12:44.150", "psql", 4101, "FATAL:  md5 authentication failed")),
 (N, None, pg("12:44.150", "psql", 4101, "DETAIL:  password does not match")),
 (N, None, pg("20:00.201", "[unknown]", 4102, "LOG:  new connection received")),
 (N, None, pg("20:00.201", "[unknown]", 4102, "DETAIL:  connecting host=198.51.100.13 port=40000")),
 (H, "198.51.100.13", pg("20:00.230", "[unknown]", 4102, "FATAL:  client authentication failed")),
 (H, "198.51.100.13", pg("20:00.230", "[unknown]", 4102, 'DETAIL:  no pool_hba.conf entry for host "198.51.100.13", user "postgres", database "postgres", SSL off')),
 (B, None, pg("30:00.301", "[unknown]", 4103, "DETAIL:  connecting host=10.0.6.13 port=50512")),
 (B, None, pg("31:00.000", "health_check1", 4010, 'LOG:  failed to connect to PostgreSQL server on "10.0.5.32:5432", getsockopt() failed')),
 (B, None, pg("31:00.001", "health_check1", 4010, "LOG:  health check retrying on DB node: 1 (round:1)")),
]

# SpamAssassin spamd over syslog: "spamd: connection from HOST [ADDR]:PORT to port 783, fd N", "identified spam
# (score/required) for user:uid in T seconds, N bytes.", the "result:" summary (rhost=, raddr= name the local MTA, not the
# spam's sender) and "unauthorized connection from HOST [ADDR]:PORT to port 783, fd N" (a client outside
# --allowed-ips), from knowledge of spamd's source: the code search found spampd's and other tools' wording, not spamd's.
def sd(ts, pid, msg): return f"May  2 08:{ts} mx1 spamd[{pid}]: {msg}"
S['spamd'] = [
 (B, None, sd("00:00", 2340, "spamd: server started on IO::Socket::IP [127.0.0.1]:783, IO::Socket::IP [10.0.7.1]:783 (running version 3.4.6)")),
 (B, None, sd("12:40", 2345, "spamd: connection from localhost [127.0.0.1]:41234 to port 783, fd 6")),
 (B, None, sd("12:40", 2345, "spamd: processing message <20240502081240.4F1A@bulk.example> for debian-spamd:109")),
 (B, None, sd("12:41", 2345, "spamd: identified spam (14.3/5.0) for debian-spamd:109 in 1.3 seconds, 5312 bytes.")),
 (B, None, sd("12:41", 2345, "spamd: result: Y 14 - BAYES_99,RCVD_IN_SBL_CSS,URIBL_ABUSE_SURBL scantime=1.3,size=5312,user=debian-spamd,uid=109,required_score=5.0,rhost=localhost,raddr=127.0.0.1,rport=41234,mid=<20240502081240.4F1A@bulk.example>,bayes=0.999987,autolearn=disabled")),
 (H, "203.0.113.14", sd("12:50", 2346, "spamd: unauthorized connection from scan-14.example [203.0.113.14]:51234 to port 783, fd 6")),
 (H, "203.0.113.14", sd("12:50", 2347, "spamd: unauthorized connection from scan-14.example [203.0.113.14]:51236 to port 783, fd 6")),
 (H, "198.51.100.14", sd("20:00", 2348, "spamd: unauthorized connection from 198.51.100.14 [198.51.100.14]:40000 to port 783, fd 6")),
 (B, None, sd("30:00", 2340, "prefork: child states: II")),
]

# postfix-policyd-spf-python over syslog: "550 5.7.23 Message rejected due to: SPF fail - not authorized. Please see
# http://www.openspf.net/Why?s=mfrom;id=…;ip=…;r=<UNKNOWN>" and "prepend Received-SPF: Pass (mailfrom)
# identity=mailfrom; client-ip=…; helo=…; envelope-from=…; receiver=<UNKNOWN>", from knowledge (the search found only its
# manual pages). A forged sender of this host's own domain from outside is hostile; a softfail is 'either'.
def sp(ts, pid, msg): return f"May  2 08:{ts} mx1 policyd-spf[{pid}]: {msg}"
S['policyd-spf'] = [
 (H, "203.0.113.15", sp("12:44", 3456, "550 5.7.23 Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=ceo@example.org;ip=203.0.113.15;r=<UNKNOWN>")),
 (H, "203.0.113.15", sp("12:45", 3457, "550 5.7.23 Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=billing@example.org;ip=203.0.113.15;r=<UNKNOWN>")),
 (H, "198.51.100.16", sp("20:00", 3460, "550 5.7.23 Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=helo;id=mail.example.org;ip=198.51.100.16;r=<UNKNOWN>")),
 (E, "198.51.100.15", sp("21:00", 3461, "prepend Received-SPF: Softfail (mailfrom) identity=mailfrom; client-ip=198.51.100.15; helo=mail.partner.example; envelope-from=news@partner.example; receiver=<UNKNOWN>")),
 (B, None, sp("30:00", 3470, "prepend Received-SPF: Pass (mailfrom) identity=mailfrom; client-ip=192.0.2.15; helo=mail.friend.example; envelope-from=bob@friend.example; receiver=<UNKNOWN>")),
 (B, None, sp("30:05", 3471, "prepend Received-SPF: None (mailfrom) identity=mailfrom; client-ip=192.0.2.16; helo=smtp.small.example; envelope-from=info@small.example; receiver=<UNKNOWN>")),
]

# Nebula (slackhq/nebula) logrus text: "Invalid certificate from host" with error=, handshake= and udpAddr= from its
# handshake_ix.go found by the code search; "Handshake message received/sent", "Failed to send handshake message",
# "Handshake timed out" and "Firewall started" as slackhq/nebula #508, #660, #1007, #1301 quote them.
def nb(ts, lvl, msg, kv): return f'time="2024-05-02T08:{ts}Z" level={lvl} msg="{msg}" {kv}'
HS1 = 'handshake="map[stage:1 style:ix_psk0]"'
S['nebula'] = [
 (B, None, nb("00:00", "info", "Firewall started", 'firewallHashes="SHA:e85003df4f1fda51508c25d4abbb6d54f61a759dc578b5a437dd278ae48d237c,FNV:2548574963"')),
 (B, None, nb("00:00", "info", "Main HostMap created", 'network=192.168.100.1/24 preferredRanges="[]"')),
 (H, "203.0.113.17", nb("12:44", "info", "Invalid certificate from host", f'error="certificate is in the block list" {HS1} udpAddr="203.0.113.17:4242"')),
 (H, "203.0.113.17", nb("12:49", "info", "Invalid certificate from host", f'error="certificate is in the block list" {HS1} udpAddr="203.0.113.17:4242"')),
 (H, "198.51.100.17", nb("20:00", "info", "Invalid certificate from host", f'error="could not find ca for the certificate" {HS1} udpAddr="198.51.100.17:51820"')),
 (B, None, nb("30:00", "info", "Handshake message received", f'certName=laptop fingerprint=3f1a653995f81c6d6b132f27925fa891c1f51626bfa99fdefa09116648a68418 {HS1} initiatorIndex=2132273531 issuer=239c827022470ef924373d86b5b9e2bf39daac78d698a50951b4f8c1c4a87ca2 remoteIndex=0 responderIndex=0 udpAddr="192.0.2.17:4242" vpnIp=192.168.100.5')),
 (B, None, nb("30:00", "info", "Handshake message sent", 'certName=laptop fingerprint=3f1a653995f81c6d6b132f27925fa891c1f51626bfa99fdefa09116648a68418 handshake="map[stage:2 style:ix_psk0]" initiatorIndex=2132273531 remoteIndex=0 responderIndex=1842167964 sentCachedPackets=0 udpAddr="192.0.2.17:4242" vpnIp=192.168.100.5')),
 (B, None, nb("31:00", "error", "Failed to send handshake message", f'error="sendto: network is unreachable" {HS1} initiatorIndex=2096320848 localIndex=2096320848 remoteIndex=0 udpAddr="[2001:db8:1::7]:4242" vpnIp=192.168.100.9')),
 (B, None, nb("31:10", "info", "Handshake timed out", f'durationNs=9382057076 {HS1} initiatorIndex=788921434 remoteIndex=0 udpAddrs="[192.0.2.18:4242]" vpnIp=192.168.100.3')),
]

# Check Point Log Exporter in syslog format (RFC 5424 header, then one structured-data element of key:"value" pairs
# separated by "; "), fields action, ifdir, origin, product, rule_name, service, src, dst, s_port, attack,
# protection_name, user, reason, from knowledge of Check Point's Log Exporter documentation (not fetched here).
def cp(ts, seq, kv):
    base = {"action": None, "ifdir": "inbound", "ifname": "eth1", "logid": "0", "loguid": "{0x6633a1b2,0x%x,0x1000a8c0,0xc0000000}" % seq,
            "origin": "192.0.2.1", "originsicname": "CN=gw-hq,O=mgmt.example.org.7x2f4a", "sequencenum": str(seq), "time": str(1714637564 + seq), "version": "5"}
    base.update(kv)
    body = "; ".join(f'{k}:"{v}"' for k, v in base.items() if v is not None)
    return f"<134>1 2024-05-02T08:{ts}Z gw-hq CheckPoint 16382 - [{body}]"
S['checkpoint'] = [
 (H, "203.0.113.18", cp("12:44", 11, {"action": "Drop", "dst": "192.0.2.10", "inzone": "External", "outzone": "Internal", "product": "VPN-1 & FireWall-1", "proto": "6", "rule_action": "Drop", "rule_name": "Cleanup rule", "s_port": "51234", "service": "3389", "service_id": "Remote_Desktop_Protocol", "src": "203.0.113.18"})),
 (H, "203.0.113.18", cp("12:45", 12, {"action": "Drop", "dst": "192.0.2.10", "inzone": "External", "outzone": "Internal", "product": "VPN-1 & FireWall-1", "proto": "6", "rule_action": "Drop", "rule_name": "Cleanup rule", "s_port": "51236", "service": "22", "service_id": "ssh", "src": "203.0.113.18"})),
 (H, "198.51.100.18", cp("20:00", 13, {"action": "Prevent", "attack": "Web Server Enforcement Violation", "attack_info": "Apache Log4j Remote Code Execution (CVE-2021-44228)", "confidence_level": "5", "dst": "192.0.2.10", "product": "SmartDefense", "protection_name": "Apache Log4j Remote Code Execution (CVE-2021-44228)", "proto": "6", "s_port": "40000", "service": "443", "severity": "4", "src": "198.51.100.18"})),
 (H, "203.0.113.19", cp("21:00", 14, {"action": "Failed Log In", "auth_method": "Password", "dst": "192.0.2.1", "product": "Mobile Access", "reason": "Wrong user name or password", "src": "203.0.113.19", "user": "admin"})),
 (B, None, cp("30:00", 15, {"action": "Log In", "auth_method": "Password", "dst": "192.0.2.1", "product": "Mobile Access", "src": "192.0.2.19", "user": "alice"})),
 (B, None, cp("30:10", 16, {"action": "Accept", "ifdir": "outbound", "dst": "192.0.2.80", "inzone": "Internal", "outzone": "External", "product": "VPN-1 & FireWall-1", "proto": "6", "rule_name": "Office to Internet", "s_port": "50512", "service": "443", "service_id": "https", "src": "10.1.1.25"})),
 (B, None, cp("30:20", 17, {"action": "Accept", "dst": "192.0.2.10", "inzone": "External", "outzone": "DMZ", "product": "VPN-1 & FireWall-1", "proto": "6", "rule_name": "Web server", "s_port": "50999", "service": "443", "service_id": "https", "src": "198.51.100.200"})),
 (B, None, cp("30:30", 18, {"action": "Drop", "ifname": "eth2", "dst": "10.1.1.255", "inzone": "Internal", "outzone": "Local", "product": "VPN-1 & FireWall-1", "proto": "17", "rule_name": "Cleanup rule", "s_port": "137", "service": "137", "service_id": "nbname", "src": "10.1.1.40"})),
]

# WatchGuard Fireware syslog (RFC 3164, then the serial number and "(ISO time)", then "process: msg_id=\"…\" …"):
# packet records "Deny IN OUT LEN PROTO HLEN TTL SRC DST SPORT DPORT … (POLICY)" and the "Authentication of … user
# [name@server] from ADDR was rejected, password is incorrect" / "was accepted" wordings, from knowledge (the code search
# found no copy).
def wg(ts, proc, msg): return f"May  2 08:{ts} fbx-office 80DC02B1A2C3D (2024-05-02T08:{ts}) {proc}: {msg}"
S['watchguard'] = [
 (H, "203.0.113.20", wg("12:44", "firewall", 'msg_id="3000-0148" Deny 1-External Firebox 60 tcp 20 64 203.0.113.20 192.0.2.1 51234 22 offset 10 S 1234567 win 64240  (Unhandled External Packet-00)')),
 (H, "203.0.113.20", wg("12:45", "firewall", 'msg_id="3000-0148" Deny 1-External Firebox 52 tcp 20 64 203.0.113.20 192.0.2.1 51240 3389 offset 8 S 2234567 win 64240  (Unhandled External Packet-00)')),
 (H, "203.0.113.21", wg("13:00", "admd", 'msg_id="1100-0005" Authentication of Firebox-DB user [admin@Firebox-DB] from 203.0.113.21 was rejected, password is incorrect')),
 (H, "198.51.100.21", wg("20:00", "sslvpn", 'msg_id="3E00-0002" Authentication of SSLVPN user [bob@Firebox-DB] from 198.51.100.21 was rejected, password is incorrect')),
 (H, "203.0.113.20", wg("21:00", "firewall", 'msg_id="3000-0173" Deny 1-External Firebox 40 tcp 20 64 203.0.113.20 192.0.2.1 51300 443 offset 5 S 3234567 win 1024  (blocked sites)')),
 (B, None, wg("30:00", "firewall", 'msg_id="3000-0151" Allow 0-Trusted 1-External 52 tcp 20 128 10.0.0.25 192.0.2.80 50512 443 offset 8 S 4234567 win 64240  (HTTPS-proxy-00)')),
 (B, None, wg("30:10", "admd", 'msg_id="1100-0004" Authentication of Firebox-DB user [admin@Firebox-DB] from 10.0.0.5 was accepted')),
 (B, None, wg("30:20", "firewall", 'msg_id="3000-0148" Deny 0-Trusted Firebox 78 udp 20 128 10.0.0.44 10.0.0.255 137 137  (Unhandled Internal Packet-00)')),
]

# Zyxel USG FLEX / ATP syslog (RFC 3164 with key="value" body: src, dst, msg, note, user, devID, cat): "Failed login
# attempt to Device from http/https (incorrect password or inexistent username)" with note="Account: …", the
# "Administrator … from http/https has logged in Device" wording, as public parsers found by the code search quote them;
# the security-policy and IDP records from knowledge.
def zy(ts, src, dst, msg, note, user, cat, extra=""):
    return f'<38>May  2 08:{ts} usgflex100 src="{src}" dst="{dst}" msg="{msg}" note="{note}" user="{user}" devID="bc99118a1b2c" cat="{cat}"{extra}'
S['zyxel'] = [
 (H, "203.0.113.22", zy("12:44", "203.0.113.22:0", "192.0.2.1:443", "Failed login attempt to Device from http/https (incorrect password or inexistent username)", "Account: admin", "unknown", "User")),
 (H, "203.0.113.22", zy("12:46", "203.0.113.22:0", "192.0.2.1:22", "Failed login attempt to Device from ssh (incorrect password or inexistent username)", "Account: root", "unknown", "User")),
 (H, "198.51.100.22", zy("20:00", "198.51.100.22:51234", "192.0.2.1:23", "Match default rule, DROP", "ACCESS BLOCK", "unknown", "Security Policy Control", ' class="Access Control" ob="0" ob_mac="000000000000" dir="WAN1-DEVICE" protoID=6 proto="telnet"')),
 (H, "203.0.113.23", zy("21:00", "203.0.113.23:51300", "192.0.2.10:80", "from wan1 to lan1, [type=WEB-ATTACKS] [TCP] Apache Log4j Remote Code Execution, Action: Drop, Severity: Critical", "IDP", "unknown", "IDP", ' class="IDP" ob="0" dir="WAN1-LAN1" protoID=6 proto="http"')),
 (B, None, zy("30:00", "10.0.0.5:0", "10.0.0.1:443", "Administrator admin(MAC=a0:b1:c2:d3:e4:f5) from http/https has logged in Device", "Account: admin", "admin", "User")),
 (B, None, zy("31:00", "10.0.0.5:0", "10.0.0.1:443", "Administrator admin(MAC=a0:b1:c2:d3:e4:f5) from http/https has logged out Device", "Account: admin", "admin", "User")),
 (B, None, zy("32:00", "10.0.0.44:137", "10.0.0.255:137", "Match default rule, DROP", "ACCESS BLOCK", "unknown", "Security Policy Control", ' class="Access Control" ob="0" dir="LAN1-DEVICE" protoID=17 proto="netbios-ns"')),
 (B, None, zy("33:00", "0.0.0.0:0", "0.0.0.0:0", "Update IDP signatures failed: cannot connect to update server", "Signature Update", "unknown", "IDP")),
]

# FortiWeb attack, traffic and event logs (bare key=value: date, time, log_id, type, subtype, action, src, dst,
# http_url, msg, signature_subclass …; admin events "User admin login failed from GUI(ADDR)"), from knowledge of
# Fortinet's FortiWeb log reference (not fetched here).
def fw(ts, logid, typ, sub, pri, rest):
    return (f'date=2024-05-02 time=08:{ts} log_id={logid} msg_id=0000{logid}01 device_id=FV-1KD3A15800001 vd="root" '
            f'timezone="(GMT)Greenwich Mean Time" type={typ} subtype="{sub}" pri={pri} {rest}')
def fwa(ts, action, src, sport, url, agent, msg, sub, sid):
    return fw(ts, "20000008", "attack", "waf_signature_detection", "alert",
              f'trigger_policy="" severity_level=High proto=tcp service=https/tls1.2 action={action} policy="shop-policy" src={src} src_port={sport} '
              f'dst=192.0.2.30 dst_port=443 http_method=get http_url="{url}" http_host="shop.example.org" http_agent="{agent}" '
              f'msg="[Signatures name: Standard Protection] [main class name: {msg}]: {sid}" signature_subclass="{sub}" signature_id="{sid}" srccountry="Reserved" threat_level=High')
S['fortiweb'] = [
 (H, "203.0.113.24", fwa("12:44", "Alert_Deny", "203.0.113.24", 51234, "/index.php?id=1+UNION+SELECT+password+FROM+users", "sqlmap/1.7.2#stable", "SQL Injection", "SQL Injection", "030000136")),
 (H, "203.0.113.24", fwa("12:45", "Alert_Deny", "203.0.113.24", 51236, "/search?q=%3Cscript%3Ealert(1)%3C/script%3E", "sqlmap/1.7.2#stable", "Cross Site Scripting", "Cross Site Scripting", "010000072")),
 (E, "192.0.2.25", fwa("13:00", "Alert", "192.0.2.25", 50100, "/blog/how-to-use-select-in-sql", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "SQL Injection", "SQL Injection", "030000182")),
 (H, "203.0.113.25", fw("20:00", "00010001", "event", "admin", "alert", 'user=admin ui=GUI(203.0.113.25) action=login status=failure msg="User admin login failed from GUI(203.0.113.25)"')),
 (B, None, fw("30:00", "00010001", "event", "admin", "information", 'user=admin ui=GUI(192.0.2.27) action=login status=success msg="User admin login successfully from GUI(192.0.2.27)"')),
 (B, None, fw("30:10", "30001000", "traffic", "https", "notice", 'proto=tcp service=https/tls1.2 status=success reason=none policy="shop-policy" src=192.0.2.26 src_port=50512 dst=192.0.2.30 dst_port=443 http_method=get http_url="/cart" http_host="shop.example.org" http_retcode=200 msg="HTTPS get request from 192.0.2.26:50512 to 192.0.2.30:443"')),
 (B, None, fw("31:00", "00020003", "event", "system", "warning", 'user=daemon ui=daemon action=check status=failure msg="Server health check failed: server 10.0.8.30:8080 in server pool shop-pool is down"')),
]

# Ivanti (Pulse) Connect Secure syslog in its standard format ("PRODUCT: DATE TIME - ive - [ADDR] user(realm)[roles] -
# message"): "Primary authentication failed for USER/REALM from ADDR" and "Login failed using auth server … Reason:
# Failed" as public SIEM parsers found by the code search quote them (a Juniper IVE sample); the session lines from
# knowledge.
def ps(ts, ip, who, msg): return f"May  2 08:{ts} vpn PulseSecure: 2024-05-02 08:{ts} - ive - [{ip}] {who} - {msg}"
S['pulse-secure'] = [
 (H, "203.0.113.26", ps("12:44", "203.0.113.26", "admin(Users)[]", "Primary authentication failed for admin/System Local from 203.0.113.26")),
 (H, "203.0.113.26", ps("12:44", "203.0.113.26", "admin(Users)[]", "Login failed using auth server System Local (Local Authentication).  Reason: Failed")),
 (H, "203.0.113.26", ps("12:46", "203.0.113.26", "test(Users)[]", "Primary authentication failed for test/System Local from 203.0.113.26")),
 (H, "198.51.100.26", ps("20:00", "198.51.100.26", "root(Admin Users)[]", "Primary authentication failed for root/Administrators from 198.51.100.26")),
 (B, None, ps("30:00", "192.0.2.26", "alice(Users)[Users]", "Login succeeded for alice/Users (session:1a2b3c4d) from 192.0.2.26 with Pulse-Secure/9.1.18 (Windows 10) Pulse/9.1.18.")),
 (B, None, ps("30:01", "192.0.2.26", "alice(Users)[Users]", "VPN Tunneling: Session started for user with IPv4 address 10.200.0.15, hostname laptop-alice")),
 (B, None, ps("31:00", "127.0.0.1", "System()[]", "Unable to connect to RADIUS server 10.0.9.5:1812: timed out")),
 (B, None, ps("32:00", "192.0.2.26", "alice(Users)[Users]", "Closed connection to TUN-VPN port 443 after 3600 seconds, with 12345678 bytes read and 2345678 bytes written")),
]

# Windows RD Gateway (Microsoft-Windows-TerminalServices-Gateway/Operational) saved from Event Viewer as CSV (Level,
# Date and Time, Source, Event ID, Task Category, then the message with its quotes doubled): event 201 "did not meet
# connection authorization policy requirements" as a public blog post and PowerShell report script found by the code
# search quote it; events 200, 202, 302, 303 from knowledge.
def rg(lvl, ts, eid, msg): return f'{lvl},5/2/2024 8:{ts} AM,Microsoft-Windows-TerminalServices-Gateway,{eid},(2),"{msg}"'
def cap_no(user, ip, auth="NTLM", code="23003"):
    return (f'The user ""{user}"", on client computer ""{ip}"", did not meet connection authorization policy requirements and was therefore not authorized '
            f'to access the RD Gateway server. The authentication method used was: ""{auth}"" and connection protocol used: ""HTTP"". The following error occurred: ""{code}"".')
S['rd-gateway'] = [
 (N, None, "Level,Date and Time,Source,Event ID,Task Category"),
 (H, "203.0.113.27", rg("Warning", "12:44", 201, cap_no("EXAMPLE\\administrator", "203.0.113.27"))),
 (H, "203.0.113.27", rg("Warning", "12:45", 201, cap_no("EXAMPLE\\admin", "203.0.113.27"))),
 (H, "198.51.100.27", rg("Warning", "20:00", 201, cap_no("EXAMPLE\\scanner", "198.51.100.27"))),
 (B, None, rg("Information", "30:00", 200, 'The user ""EXAMPLE\\alice"", on client computer ""192.0.2.27"", met connection authorization policy requirements and was therefore authorized to access the RD Gateway server. The authentication method used was: ""NTLM"" and connection protocol used: ""HTTP"".')),
 (B, None, rg("Information", "30:01", 302, 'The user ""EXAMPLE\\alice"", on client computer ""192.0.2.27"", connected to resource ""ws01.example.org"". Connection protocol used: ""HTTP"".')),
 (E, "192.0.2.28", rg("Warning", "31:00", 202, 'The user ""EXAMPLE\\bob"", on client computer ""192.0.2.28"", did not meet resource authorization policy requirements and was therefore not authorized to resource ""dc01.example.org"". The following error occurred: ""23002"".')),
 (B, None, rg("Information", "40:00", 303, 'The user ""EXAMPLE\\alice"", on client computer ""192.0.2.27"", disconnected from the following network resource: ""ws01.example.org"". Before the user disconnected, the client transferred 123456 bytes and received 654321 bytes. The client session duration was 3600 seconds. Connection protocol used: ""HTTP"".')),
]

# dnsdist over syslog: warnlog("Inserting dynamic block for %s for %d seconds: %s") from its source found by the code
# search; "Query from ADDR:PORT dropped because of ACL", "Marking downstream … as 'down'", "Got control connection from"
# from knowledge.
def dd(ts, msg): return f"May  2 08:{ts} ns1 dnsdist[812]: {msg}"
S['dnsdist'] = [
 (B, None, dd("00:00", "Added downstream server 10.0.10.53:53")),
 (B, None, dd("00:00", "Listening on 0.0.0.0:53")),
 (H, "203.0.113.29", dd("12:44", "Inserting dynamic block for 203.0.113.29 for 60 seconds: Exceeded query rate")),
 (H, "198.51.100.29", dd("20:00", "Inserting dynamic block for 198.51.100.29 for 300 seconds: Exceeded ANY rate")),
 (H, "203.0.113.30", dd("21:00", "Query from 203.0.113.30:51234 dropped because of ACL")),
 (B, None, dd("30:00", "Marking downstream 10.0.10.54:53 as 'down'")),
 (B, None, dd("30:30", "Marking downstream 10.0.10.54:53 as 'up'")),
 (B, None, dd("31:00", "Got control connection from 127.0.0.1:50512")),
]

# Tyk gateway logrus text (time="Mon DD HH:MM:SS"): Info("Attempted access with non-existent key.") with origin= and
# path= fields, "Attempted access with non-existent cert.", from its middleware source found by the code search; the
# rate-limit, loader and proxy-error lines from knowledge.
def ty(ts, lvl, msg, kv): return f'time="May 02 08:{ts}" level={lvl} msg="{msg}" {kv}'
API = 'api_id=6f1c2e3d4b5a69788796a5b4c3d2e1f0 api_name="Orders API" org_id=5e9d9544a1dcd60001d0ed20'
S['tyk'] = [
 (B, None, ty("00:00", "info", "Loading API Specification from /opt/tyk-gateway/apps/orders.json", "prefix=main")),
 (H, "203.0.113.31", ty("12:44", "info", "Attempted access with non-existent key.", f'{API} key="****3c4d" mw=AuthKey origin=203.0.113.31 path=/orders/')),
 (H, "203.0.113.31", ty("12:44", "info", "Attempted access with non-existent key.", f'{API} key="****9a1b" mw=AuthKey origin=203.0.113.31 path=/orders/admin')),
 (H, "198.51.100.32", ty("20:00", "info", "Attempted access with non-existent cert.", f'{API} mw=CertificateCheckMW origin=198.51.100.32 path=/orders/')),
 (E, "198.51.100.31", ty("21:00", "info", "Key rate limit exceeded.", f'{API} key="****77e2" mw=RateLimitAndQuotaCheck origin=198.51.100.31 path=/orders/')),
 (B, None, ty("30:00", "error", "http: proxy error: dial tcp 10.0.11.5:8080: connect: connection refused", f'{API} mw=ReverseProxy prefix=proxy server_name="10.0.11.5:8080" user_id="****5e6f" user_ip=192.0.2.31 path=/orders/')),
 (B, None, ty("31:00", "warning", "Redis health check failed", "liveness-check=true prefix=main")),
]

# Kong Gateway file-log plugin (one JSON object per request: request{method,uri,url,size,querystring,headers},
# upstream_uri, response{status,size,headers}, route, service, latencies, tries, client_ip, started_at), from knowledge
# of Kong's plugin documentation (not fetched here).
def kg(t, method, uri, status, ip, ua, route, auth_hdr=None, consumer=None, tries=None, proxy=-1):
    resp = {"content-type": "application/json; charset=utf-8"}
    if auth_hdr: resp["www-authenticate"] = auth_hdr
    o = {"request": {"method": method, "uri": uri, "url": f"https://api.example.org:8443{uri}", "size": 412, "querystring": {},
                     "headers": {"host": "api.example.org", "user-agent": ua, "accept": "*/*"}},
         "upstream_uri": uri.replace("/v1", "", 1), "response": {"status": status, "size": 210, "headers": resp},
         "route": {"name": route, "paths": ["/v1"], "protocols": ["https"]},
         "service": {"name": "backend", "host": "10.0.12.5", "port": 8080, "protocol": "http"},
         "latencies": {"kong": 2, "proxy": proxy, "request": 3}, "tries": tries or [], "client_ip": ip, "started_at": 1714637564000 + t}
    if consumer: o["consumer"] = {"username": consumer, "id": "8f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"}
    return J(o)
S['kong'] = [
 (H, "203.0.113.33", kg(1000, "GET", "/v1/admin/users", 401, "203.0.113.33", "python-requests/2.31.0", "api", auth_hdr='Key realm="kong"')),
 (H, "203.0.113.33", kg(2000, "GET", "/v1/admin/config", 401, "203.0.113.33", "python-requests/2.31.0", "api", auth_hdr='Key realm="kong"')),
 (H, "198.51.100.33", kg(3000, "POST", "/v1/admin/users", 403, "198.51.100.33", "curl/8.5.0", "admin-api")),
 (E, "198.51.100.34", kg(4000, "GET", "/v1/orders", 429, "198.51.100.34", "okhttp/4.12.0", "api", consumer="mobile-app")),
 (B, None, kg(5000, "GET", "/v1/orders?page=2", 200, "192.0.2.33", "Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0", "api", consumer="webshop", tries=[{"ip": "10.0.12.5", "port": 8080, "balancer_latency": 0}], proxy=41)),
 (B, None, kg(6000, "GET", "/v1/orders", 502, "192.0.2.34", "Mozilla/5.0 (Macintosh) Safari/605.1.15", "api", consumer="webshop", tries=[{"ip": "10.0.12.5", "port": 8080, "balancer_latency": 0}], proxy=3)),
 (B, None, kg(7000, "GET", "/v1/health", 200, "10.0.0.2", "kube-probe/1.29", "health", tries=[{"ip": "10.0.12.5", "port": 8080, "balancer_latency": 0}], proxy=1)),
]

# Garage (S3-compatible store) with its default tracing format ("TIMESTAMP  LEVEL target: message"): the API server's
# request line "ADDR (via [PROXY]:PORT) METHOD PATH" and the following "Response: error 403 Forbidden, Forbidden: …"
# (which names no client: it carries the host of the request line before it), from knowledge.
def ga(ts, lvl, target, msg): return f"2024-05-02T08:{ts}Z  {lvl} {target}: {msg}"
GS = "garage_api::generic_server"
S['garage'] = [
 (B, None, ga("00:00.000001", " INFO", "garage::server", "Launching S3 API server...")),
 (N, None, ga("12:44.100001", " INFO", GS, "203.0.113.35 (via [::ffff:10.0.13.2]:40512) GET /backups/")),
 (H, "203.0.113.35", ga("12:44.100210", " WARN", GS, "Response: error 403 Forbidden, Forbidden: Invalid signature")),
 (N, None, ga("12:45.200001", " INFO", GS, "203.0.113.35 (via [::ffff:10.0.13.2]:40520) GET /")),
 (H, "203.0.113.35", ga("12:45.200190", " WARN", GS, "Response: error 403 Forbidden, Forbidden: No such key: GK31c2f218a2e44f485b94239e")),
 (N, None, ga("20:00.000001", " INFO", GS, "198.51.100.35 (via [::ffff:10.0.13.2]:40600) PUT /backups/x.php")),
 (H, "198.51.100.35", ga("20:00.000150", " WARN", GS, "Response: error 403 Forbidden, Forbidden: Invalid signature")),
 (B, None, ga("30:00.000001", " INFO", GS, "192.0.2.35 (via [::ffff:10.0.13.2]:40700) PUT /photos/2024/img_0001.jpg")),
 (B, None, ga("31:00.000001", " WARN", "garage_rpc::system", "Could not connect to node 5f3b6c1a9e2d4b7c@10.0.13.7:3901: IO error: Connection refused (os error 111)")),
]

# Netdata's access.log ("DATE: PID: CONN 'ADDR:PORT' 'MODE' (sent/all = …, prep/sent/total = …) STATUS 'URL'"), a 403
# for a client outside "allow connections from", from knowledge (not fetched here).
def nd(ts, conn, ip, port, status, url, sent="96/96"):
    return f"2024-05-02 08:{ts}: 14211: {conn} '[{ip}]:{port}' 'DATA' (sent/all = {sent} bytes -0%, prep/sent/total = 0.03/0.01/0.04 ms) {status} '{url}'"
S['netdata'] = [
 (H, "203.0.113.36", nd("12:44", 1183, "203.0.113.36", 51234, 403, "/api/v1/allmetrics?format=prometheus")),
 (H, "203.0.113.36", nd("12:45", 1184, "203.0.113.36", 51236, 403, "/api/v1/info")),
 (H, "198.51.100.36", nd("20:00", 1200, "198.51.100.36", 40000, 404, "/.env", "112/112")),
 (B, None, nd("30:00", 1300, "192.0.2.36", 50512, 200, "/api/v1/data?chart=system.cpu&format=json&after=-60", "5165/5165")),
 (B, None, nd("30:10", 1301, "127.0.0.1", 50600, 200, "/api/v1/info", "2048/2048")),
 (B, None, nd("30:15", 1302, "10.0.0.2", 50700, 200, "/api/v1/allmetrics?format=prometheus", "81234/81234")),
]

# ZoneMinder: the PHP logger's web_php.log ("DATE TIME web_php[PID].LEVEL [CLIENT] [message] at FILE line N") with
# 'Login denied for user "…"', and the daemons' "zmc_mN[TID].LEVEL-FILE/LINE [message]", from knowledge.
def zw(ts, lvl, ip, msg, line): return f"05/02/24 08:{ts} web_php[3412].{lvl} [{ip}] [{msg}] at /usr/share/zoneminder/www/includes/auth.php line {line}"
S['zoneminder'] = [
 (H, "203.0.113.37", zw("12:44.123456", "ERR", "203.0.113.37", 'Login denied for user "admin"', 222)),
 (H, "203.0.113.37", zw("12:45.223456", "ERR", "203.0.113.37", 'Login denied for user "root"', 222)),
 (H, "198.51.100.37", zw("20:00.123456", "ERR", "198.51.100.37", 'Login denied for user "admin"', 222)),
 (B, None, zw("30:00.123456", "INF", "192.0.2.37", 'Login successful for user "alice"', 270)),
 (B, None, "05/02/24 08:31:00.222222 zmc_m1[1520].INF-zm_monitor.cpp/2950 [Front Door: 1000 - Capturing at 10.00 fps, capturing bandwidth 512kbytes/sec]"),
 (B, None, "05/02/24 08:31:05.333333 zmc_m2[1530].ERR-zm_ffmpeg_camera.cpp/180 [Unable to open input rtsp://10.0.14.21:554/stream1 due to: Connection refused]"),
 (B, None, "05/02/24 08:31:06.444444 zmdc[1400].INF [main:195] ['zmc -m 2' crashed, signal 6]"),
]

# Factorio headless server's factorio-current.log ("SECONDS LEVEL FILE:LINE: message"): "Refusing connection for
# address (IP ADDR:({ADDR:PORT})), username (NAME). PasswordMismatch|UserVerificationMissing" as public fail2ban
# jails and log parsers found by the code search quote it; the prefixes and the other lines from knowledge.
def fa(t, lvl, where, msg): return f"{t:>9.3f} {lvl} {where}: {msg}"
S['factorio'] = [
 (B, None, "    0.000 2024-05-02 08:00:00; Factorio 1.1.104 (build 59957, linux64, headless)"),
 (B, None, fa(12.345, "Info", "ServerMultiplayerManager.cpp:924", "Matching server connection resumed")),
 (H, "203.0.113.38", fa(2001.822, "Info", "ServerMultiplayerManager.cpp:1081", "Refusing connection for address (IP ADDR:({203.0.113.38:34197})), username (admin). PasswordMismatch")),
 (H, "203.0.113.38", fa(2003.101, "Info", "ServerMultiplayerManager.cpp:1081", "Refusing connection for address (IP ADDR:({203.0.113.38:34197})), username (admin). PasswordMismatch")),
 (E, "198.51.100.38", fa(3100.500, "Info", "ServerMultiplayerManager.cpp:1081", "Refusing connection for address (IP ADDR:({198.51.100.38:51000})), username (guest123). UserVerificationMissing")),
 (B, None, fa(4000.000, "Info", "ServerMultiplayerManager.cpp:792", "Received peer info for peer(1) username(alice).")),
 (B, None, "2024-05-02 09:06:40 [JOIN] alice joined the game"),
 (B, None, fa(5000.000, "Warning", "ServerRouter.cpp:556", "Matching server connection failed: Error when creating server game: Missing token.")),
]

# OctoPrint's octoprint.log ("DATE TIME,ms - logger - LEVEL - message"): "Actively logging in user … from …" and the
# failed-login wording, from knowledge (not fetched here).
def op(ts, logger, lvl, msg): return f"2024-05-02 08:{ts} - {logger} - {lvl} - {msg}"
S['octoprint'] = [
 (B, None, op("00:00,101", "octoprint.startup", "INFO", "Starting OctoPrint 1.10.0")),
 (H, "203.0.113.39", op("12:44,123", "octoprint.server.api", "INFO", "Failed login attempt for user admin from 203.0.113.39")),
 (H, "203.0.113.39", op("12:45,456", "octoprint.server.api", "INFO", "Failed login attempt for user pi from 203.0.113.39")),
 (H, "198.51.100.39", op("20:00,789", "octoprint.server.api", "INFO", "Failed login attempt for unknown user root from 198.51.100.39")),
 (B, None, op("30:00,111", "octoprint.server.api", "INFO", "Actively logging in user alice from 192.0.2.39")),
 (B, None, op("30:05,222", "octoprint.util.comm", "INFO", 'Changing monitoring state from "Offline" to "Opening serial connection"')),
 (B, None, op("31:00,333", "octoprint.plugins.pluginmanager", "ERROR", "Error while fetching plugin repository from https://plugins.octoprint.org/plugins.json: <urlopen error [Errno -3] Temporary failure in name resolution>")),
]

# Deluge web UI log (format "%(asctime)s.%(msecs)03.0f [%(levelname)-8s][%(name)-30s:%(lineno)-4d] %(message)s" with
# datefmt "%H:%M:%S"): log.error('Login failed (ClientIP %s)') and log.info('Login success (ClientIP %s)') from
# deluge/ui/web/auth.py found by the code search; the other lines from knowledge.
def dl(ts, lvl, name, line, msg): return f"{ts} [{lvl:<8}][{name:<30}:{line:<4}] {msg}"
S['deluge'] = [
 (B, None, dl("08:00:00.101", "INFO", "deluge.ui.web.server", 703, "Serving at http://0.0.0.0:8112")),
 (H, "203.0.113.40", dl("08:12:44.123", "ERROR", "deluge.ui.web.auth", 247, "Login failed (ClientIP 203.0.113.40)")),
 (H, "203.0.113.40", dl("08:12:46.456", "ERROR", "deluge.ui.web.auth", 247, "Login failed (ClientIP 203.0.113.40)")),
 (H, "198.51.100.40", dl("08:20:00.789", "ERROR", "deluge.ui.web.auth", 247, "Login failed (ClientIP 198.51.100.40)")),
 (B, None, dl("08:30:00.111", "INFO", "deluge.ui.web.auth", 244, "Login success (ClientIP 192.0.2.40)")),
 (B, None, dl("08:30:01.222", "WARNING", "deluge.ui.web.json_api", 215, "Could not connect to daemon 127.0.0.1:58846: Connection refused")),
]

# ntfy v2 text log ("DATE TIME LEVEL message (field=value, …)"): "Connection closed with HTTP 401 (ntfy error 40101)"
# with visitor_ip= and visitor_id=ip:…, 42909 for too many failed authentications, from knowledge (not fetched here).
def nt(ts, lvl, msg, kv): return f"2024/05/02 08:{ts} {lvl} {msg} ({kv})"
def ntv(ip, code, status, method, path):
    return (f"error={'unauthorized' if status == 401 else 'too many auth failures'}, error_code={code}, http_method={method}, http_path={path}, "
            f"http_status={status}, tag=http, visitor_auth_limiter_limit=0.017, visitor_auth_limiter_tokens=3, visitor_id=ip:{ip}, visitor_ip={ip}")
S['ntfy'] = [
 (B, None, nt("00:00", "INFO", "Listening on :80[http], ntfy 2.10.0, log level is INFO", "tag=startup")),
 (H, "203.0.113.41", nt("12:44", "INFO", "Connection closed with HTTP 401 (ntfy error 40101)", ntv("203.0.113.41", 40101, 401, "POST", "/alerts"))),
 (H, "203.0.113.41", nt("12:45", "INFO", "Connection closed with HTTP 401 (ntfy error 40101)", ntv("203.0.113.41", 40101, 401, "GET", "/alerts/json"))),
 (H, "203.0.113.41", nt("12:46", "INFO", "Connection closed with HTTP 429 (ntfy error 42909)", ntv("203.0.113.41", 42909, 429, "GET", "/alerts/json"))),
 (H, "198.51.100.41", nt("20:00", "INFO", "Connection closed with HTTP 401 (ntfy error 40101)", ntv("198.51.100.41", 40101, 401, "PUT", "/v1/account"))),
 (B, None, nt("30:00", "INFO", "Manager: Deleted 3 stale visitor(s)", "tag=manager")),
 (B, None, nt("31:00", "WARN", "Unable to publish poll request", 'error=Post "https://ntfy.sh/upabc123": dial tcp: lookup ntfy.sh: i/o timeout, tag=publish_upstream')),
]

# Miniflux (Go log/slog text handler): slog.Warn(…, slog.Bool("authentication_failed", true), slog.String("client_ip",
# …), slog.String("user_agent", …)) from its API and Google Reader middleware found by the code search; the web login's
# "Incorrect username or password" and the feed error from knowledge.
def mf(ts, lvl, msg, kv): return f'time=2024-05-02T08:{ts}Z level={lvl} msg="{msg}" {kv}'
S['miniflux'] = [
 (B, None, mf("00:00.000", "INFO", "Starting HTTP server", "listen_address=127.0.0.1:8080")),
 (H, "203.0.113.42", mf("12:44.123", "WARN", "Incorrect username or password", 'authentication_failed=true client_ip=203.0.113.42 user_agent="Mozilla/5.0 (X11; Linux x86_64)" username=admin')),
 (H, "203.0.113.42", mf("12:45.456", "WARN", "Incorrect username or password", 'authentication_failed=true client_ip=203.0.113.42 user_agent="Mozilla/5.0 (X11; Linux x86_64)" username=root')),
 (H, "198.51.100.42", mf("20:00.789", "WARN", "[API] No user found with the provided API key", 'authentication_failed=true client_ip=198.51.100.42 user_agent=python-requests/2.31.0')),
 (B, None, mf("30:00.111", "INFO", "User authenticated successfully with username/password", 'authentication_successful=true client_ip=192.0.2.42 user_agent="Mozilla/5.0 (Macintosh) Safari/605.1.15" username=alice')),
 (B, None, mf("31:00.222", "WARN", "Unable to refresh feed", 'user_id=1 feed_id=42 feed_url=https://blog.example.net/feed.xml error="fetcher: unable to fetch: Get \\"https://blog.example.net/feed.xml\\": dial tcp 198.51.100.250:443: i/o timeout"')),
]

# Dolibarr's dolibarr.log ("DATE TIME LEVEL   ADDR(padded)  message"): the "--- Access to …" request lines and
# functions_dolibarr::check_user_password_dolibarr's "Authentication KO" (the wording the Dolibarr wiki's fail2ban page
# matches), from knowledge (the code search found no copy).
def do(ts, lvl, ip, msg): return f"2024-05-02 08:{ts} {lvl:<7} {ip:<15} {msg}"
S['dolibarr'] = [
 (N, None, do("12:44", "NOTICE", "203.0.113.43", "--- Access to POST /index.php?mainmenu=home")),
 (H, "203.0.113.43", do("12:44", "WARNING", "203.0.113.43", "functions_dolibarr::check_user_password_dolibarr Authentication KO bad password for 'admin', cryptType=auto")),
 (H, "203.0.113.43", do("12:45", "WARNING", "203.0.113.43", "functions_dolibarr::check_user_password_dolibarr Authentication KO bad password for 'superadmin', cryptType=auto")),
 (H, "198.51.100.43", do("20:00", "WARNING", "198.51.100.43", "functions_dolibarr::check_user_password_dolibarr Authentication KO user not found for 'test'")),
 (B, None, do("30:00", "NOTICE", "192.0.2.43", "functions_dolibarr::check_user_password_dolibarr Authentication ok")),
 (B, None, do("30:10", "ERR", "127.0.0.1", "DoliDBMysqli::query SQL Error message: DB_ERROR_NOSUCHTABLE Table 'dolibarr.llx_c_ticket_type' doesn't exist")),
 (B, None, do("31:00", "WARNING", "192.0.2.43", "CMailFile::sendfile: SMTP error: Failed to connect to server smtp.isp.example:587 (Connection timed out)")),
]

# GLPI's files/_log/event.log (Toolbox::logInFile: a "DATE TIME [@HOST]" line, then the indented Event::log text
# "[service] level: message"): "Failed login for %1$s from IP %2$s" and "%1$s log in from IP %2$s", from knowledge.
def gl(ts, msg): return [(N, None, f"2024-05-02 08:{ts} [@glpi-srv]"), msg]
S['glpi'] = (
 gl("12:44", (H, "203.0.113.44", "  [login] 3: Failed login for admin from IP 203.0.113.44")) +
 gl("12:44", (H, "203.0.113.44", "  [login] 3: Failed login for glpi from IP 203.0.113.44")) +
 gl("20:00", (H, "198.51.100.44", "  [login] 3: Failed login for tech from IP 198.51.100.44")) +
 gl("30:00", (B, None, "  [login] 3: alice log in from IP 192.0.2.44")) +
 gl("31:00", (B, None, "  [mailgate] 4: Connection to mail server failed: {imap.example.org:993/imap/ssl}INBOX Can't connect to imap.example.org,993: Connection timed out"))
)

# Heralding (credential-catching honeypot) log_auth.csv (header timestamp,auth_id,session_id,source_ip,source_port,
# destination_ip,destination_port,protocol,username,password), from knowledge of its README; every client is hostile.
def he(ts, aid, sid, ip, port, dport, proto, user, pw):
    return f"2024-05-02 08:{ts},{aid},{sid},{ip},{port},192.0.2.60,{dport},{proto},{user},{pw}"
S['heralding'] = [
 (N, None, "timestamp,auth_id,session_id,source_ip,source_port,destination_ip,destination_port,protocol,username,password"),
 (H, "203.0.113.45", he("12:44.123456", "0c4f6a1e-7d1b-4a6e-9f3b-1c2d3e4f5a60", "5e2a9b7c-3f1d-4c8e-a1b2-c3d4e5f60718", "203.0.113.45", 51234, 22, "ssh", "root", "123456")),
 (H, "203.0.113.45", he("12:44.223456", "1d5a7b2f-8e2c-4b7f-a04c-2d3e4f5a6b71", "5e2a9b7c-3f1d-4c8e-a1b2-c3d4e5f60718", "203.0.113.45", 51234, 22, "ssh", "admin", "admin")),
 (H, "198.51.100.45", he("20:00.323456", "2e6b8c3a-9f3d-4c8a-b15d-3e4f5a6b7c82", "6f3b0c8d-4a2e-4d9f-b2c3-d4e5f6071829", "198.51.100.45", 40000, 21, "ftp", "anonymous", "guest@")),
 (H, "198.51.100.46", he("21:00.423456", "3f7c9d4b-a04e-4d9b-c26e-4f5a6b7c8d93", "7a4c1d9e-5b3f-4eaf-c3d4-e5f60718293a", "198.51.100.46", 41000, 3389, "rdp", "Administrator", "P@ssw0rd")),
 (H, "203.0.113.46", he("22:00.523456", "4a8dae5c-b15f-4eac-d37f-5a6b7c8d9ea4", "8b5d2eaf-6c4a-4fb0-d4e5-f60718293a4b", "203.0.113.46", 42000, 5900, "vnc", "", "password")),
]

# Jira's atlassian-jira-security.log ("DATE TIME,ms+ZONE THREAD USER REQUEST-ID SESSION ADDR URL message"): Seraph's
# "The user '…' has FAILED authentication.  Failed login attempts: N", "has PASSED authentication." and
# JiraSeraphAuthenticator's "login : '…' tried to login but they do not have USE permission or weren't found. Deleting
# remember me cookie.", from knowledge (not fetched here).
def ji(ts, th, user, rid, sess, ip, url, msg): return f"2024-05-02 08:{ts}+0000 {th} {user} {rid} {sess} {ip} {url} {msg}"
S['jira-security'] = [
 (H, "203.0.113.46", ji("12:44,123", "http-nio-8080-exec-7", "anonymous", "492x1234x1", "-", "203.0.113.46", "/rest/gadget/1.0/login", "The user 'admin' has FAILED authentication.  Failed login attempts: 1")),
 (H, "203.0.113.46", ji("12:44,987", "http-nio-8080-exec-9", "anonymous", "492x1235x1", "-", "203.0.113.46", "/rest/gadget/1.0/login", "The user 'admin' has FAILED authentication.  Failed login attempts: 2")),
 (H, "198.51.100.47", ji("20:00,456", "http-nio-8080-exec-3", "anonymous", "1200x2001x1", "-", "198.51.100.47", "/login.jsp", "login : 'test' tried to login but they do not have USE permission or weren't found. Deleting remember me cookie.")),
 (B, None, ji("30:00,111", "http-nio-8080-exec-5", "alice", "1800x3001x1", "1q2w3e4", "192.0.2.46", "/login.jsp", "The user 'alice' has PASSED authentication.")),
 (B, None, ji("30:00,222", "http-nio-8080-exec-5", "alice", "1800x3001x1", "1q2w3e4", "192.0.2.46", "/login.jsp", "HttpSession created [1q2w3e4]")),
 (B, None, ji("59:00,333", "Caesium-1-2", "-", "-", "-", "-", "-", "HttpSession [1q2w3e4] destroyed for 'alice'")),
]

# iRedAPD's iredapd.log ("DATE TIME LEVEL [CLIENT] PROTOCOL_STATE, SENDER => RECIPIENT, ACTION [sasl_username=…,
# sender=…, client_name=…, reverse_client_name=…, helo=…, encryption=…, process_time=…]"), from knowledge; the Postfix
# policy attribute names as the code search shows them.
def ia(ts, lvl, ip, st, snd, rcpt, act, sasl="", cn="unknown", helo="ylmf-pc", enc=""):
    return (f"2024-05-02 08:{ts} {lvl} [{ip}] {st}, {snd} => {rcpt}, {act} [sasl_username={sasl}, sender={snd}, client_name={cn}, "
            f"reverse_client_name={cn}, helo={helo}, encryption={enc}, process_time=0.0031s]")
S['iredapd'] = [
 (B, None, "2024-05-02 08:00:00 INFO Starting iRedAPD (version: 5.5.0, backend: pgsql), listening on 127.0.0.1:7777."),
 (H, "203.0.113.47", ia("12:44", "INFO", "203.0.113.47", "RCPT", "offers@bulk.example", "ceo@example.org", "REJECT Blacklisted")),
 (H, "203.0.113.47", ia("12:44", "INFO", "203.0.113.47", "RCPT", "ceo@example.org", "accounts@example.org", "REJECT Not authenticated")),
 (H, "198.51.100.48", ia("20:00", "INFO", "198.51.100.48", "RCPT", "alice@example.org", "bob@remote.example", "REJECT Sender is not same as SMTP authenticate username", sasl="printer@example.org", helo="[198.51.100.48]", enc="TLSv1.2")),
 (E, "198.51.100.47", ia("21:00", "INFO", "198.51.100.47", "RCPT", "news@partner.example", "info@example.org", "451 4.7.1 Intentional policy rejection, please try again later", cn="mail.partner.example", helo="mail.partner.example", enc="TLSv1.3")),
 (B, None, ia("30:00", "INFO", "192.0.2.47", "RCPT", "alice@example.org", "bob@remote.example", "DUNNO", sasl="alice@example.org", cn="laptop.example.org", helo="[192.0.2.47]", enc="TLSv1.3")),
 (B, None, ia("30:01", "INFO", "192.0.2.48", "END-OF-MESSAGE", "bob@friend.example", "alice@example.org", "DUNNO", cn="mail.friend.example", helo="mail.friend.example", enc="TLSv1.3")),
 (B, None, "2024-05-02 08:31:00 ERROR Error while connecting to SQL server: (psycopg2.OperationalError) connection to server at \"10.0.16.5\", port 5432 failed: Connection refused"),
]

# Airsonic (Subsonic fork) airsonic.log in Spring Boot's layout ("DATE TIME.ms  LEVEL --- logger : message"): the
# LoginFailureLogger's "Login failed for [USER] at ADDR", from knowledge (the code search found no copy).
def ai(ts, lvl, logger, msg): return f"2024-05-02 08:{ts}  {lvl:>5} --- {logger:<40} : {msg}"
S['airsonic'] = [
 (B, None, ai("00:00.101", "INFO", "o.a.p.Application", "Started Application in 12.341 seconds (JVM running for 13.102)")),
 (H, "203.0.113.48", ai("12:44.123", "INFO", "o.a.p.s.LoginFailureLogger", "Login failed for [admin] at 203.0.113.48")),
 (H, "203.0.113.48", ai("12:45.456", "INFO", "o.a.p.s.LoginFailureLogger", "Login failed for [guest] at 203.0.113.48")),
 (H, "198.51.100.48", ai("20:00.789", "INFO", "o.a.p.s.LoginFailureLogger", "Login failed for [admin] at 198.51.100.48")),
 (B, None, ai("30:00.111", "WARN", "o.a.p.s.MediaScannerService", "Failed to parse /music/Live/broken.flac: Unsupported audio format")),
 (B, None, ai("31:00.222", "ERROR", "o.a.p.s.LastFmService", "Failed to fetch artist info from last.fm: connect timed out")),
]

# tinc VPN daemon over syslog: syslog(LOG_ERR, "Peer %s had unknown identity (%s)", hostname, name) from tinc's
# protocol_auth.c found by the code search (hostname is "ADDR port PORT"); "Connection from … port …", "Error while
# processing ID from <unknown> (…)", "Closing connection with …" and "Connection with … activated" from knowledge.
def ti(ts, msg): return f"May  2 08:{ts} gw tincd[1842]: {msg}"
S['tinc'] = [
 (B, None, ti("00:00", "Ready")),
 (N, None, ti("12:44", "Connection from 203.0.113.49 port 51234")),
 (H, "203.0.113.49", ti("12:44", "Peer 203.0.113.49 port 51234 had unknown identity (intruder)")),
 (H, "203.0.113.49", ti("12:44", "Error while processing ID from <unknown> (203.0.113.49 port 51234)")),
 (N, None, ti("12:44", "Closing connection with <unknown> (203.0.113.49 port 51234)")),
 (N, None, ti("20:00", "Connection from 198.51.100.49 port 40000")),
 (H, "198.51.100.49", ti("20:00", "Peer 198.51.100.49 port 40000 had unknown identity (admin)")),
 (B, None, ti("30:00", "Connection with office (192.0.2.49 port 655) activated")),
 (B, None, ti("31:00", "Could not connect to branch (10.0.15.9 port 655): Connection refused")),
]

# Xray (VLESS/VMess proxy) access.log: "DATE TIME.us from ADDR:PORT rejected  proxy/vless/encoding: invalid request
# user id", "… accepted tcp:HOST:PORT [in -> out] email: …" and the websocket-close noise of normal clients, as public
# issue text and log parsers found by the code search quote them.
def xr(ts, msg): return f"2024/05/02 08:{ts} {msg}"
S['xray'] = [
 (H, "203.0.113.50", xr("12:44.837289", "from 203.0.113.50:2317 rejected  proxy/vless/encoding: invalid request user id")),
 (H, "203.0.113.50", xr("12:44.838252", "from 203.0.113.50:2318 rejected  proxy/vless/encoding: invalid request user id")),
 (H, "198.51.100.50", xr("20:00.100200", "from 198.51.100.50:40000 rejected  proxy/vmess/encoding: invalid user: VMessAEAD is enforced and a non VMessAEAD connection is received. You can still disable this security feature with environment variable xray.vmess.aead.forced = false . You will not be able to enable legacy header workaround in the future.")),
 (B, None, xr("30:00.000100", "from 192.0.2.51:50512 accepted tcp:www.example.com:443 [vless-in -> direct] email: alice@example.org")),
 (B, None, xr("30:00.500100", "from 192.0.2.51:50514 accepted udp:dns.example.net:53 [vless-in -> direct] email: alice@example.org")),
 (B, None, xr("30:01.000100", "from 192.0.2.51:50520 accepted tcp:ads.tracker.example:443 [vless-in >> block] email: alice@example.org")),
 (B, None, xr("31:00.000100", "from 192.0.2.51:0 rejected  proxy/vless/encoding: failed to read request version > websocket: close 1000 (normal)")),
]

out = sys.argv[1]
counts = sum((write_service(out, name, rows) for name, rows in S.items()), Counter())
print(len(S), "services, hostile", counts['H'], "benign", counts['B'], "either", counts['E'])
