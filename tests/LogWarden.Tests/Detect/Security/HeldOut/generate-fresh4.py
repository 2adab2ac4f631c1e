#!/usr/bin/env python3
"""Fifth held-out set ("fresh4"), written blind by helper fresh4 (27 Nov, fifth session): services absent from the
shared corpus and from tune/, test/, fresh/, fresh2/ and fresh3/. Per service NAME.log and NAME.labels.jsonl.
(label, host, line): H hostile (host = the attacker), B benign, E either (not scored), N unlabelled.
Labelled by ../shared/data/README.md's definitions before LogWarden ran on any line; the formats and where each
comes from are in README.md."""
import json, sys
from collections import Counter
from heldout import H, B, E, N, write_service
J = lambda o: json.dumps(o, separators=(',', ':'), ensure_ascii=False)
S = {}

# cPanel/WHM: /usr/local/cpanel/logs/login_log (failures) and session_log (new sessions), both kept in one file here.
# ossec/ossec-hids PR #2282 and the Wazuh ruleset tests (both formats of login_log).
S['cpanel'] = [
 (H, "203.0.113.11", '[2024-05-02 08:12:44 +0000] info [whostmgrd] 203.0.113.11 - root "POST /login/?login_only=1 HTTP/1.1" FAILED LOGIN whostmgrd: user password incorrect'),
 (H, "203.0.113.11", '[2024-05-02 08:12:49 +0000] info [cpaneld] 203.0.113.11 - 2083 "POST /login/?login_only=1 HTTP/1.1" FAILED LOGIN cpaneld: invalid user name specified'),
 (H, "198.51.100.12", '[2024-05-02 08:14:02 +0000] info [webmaild] 198.51.100.12 - info@example.org "POST /login/?login_only=1 HTTP/1.1" FAILED LOGIN webmaild: user password incorrect'),
 (H, "198.51.100.13", '198.51.100.13 - admin [05/02/2024:08:30:10 -0000] "POST /login/?login_only=1 HTTP/1.1" FAILED LOGIN whostmgrd: user password hash is missing from system (user probably does not exist)'),
 (B, None, '[2024-05-02 08:20:00 +0000] info [cpaneld] 192.0.2.21 NEW alice:hV3kWqZp8RbT2xYc address=192.0.2.21,app=cpaneld,creator=alice,method=handle_form_login,path=form,possessed=0'),
 (B, None, '[2024-05-02 08:21:10 +0000] info [whostmgrd] 192.0.2.22 NEW root:Pq7mZ2nC4vX9LkT1 address=192.0.2.22,app=whostmgrd,creator=root,method=handle_form_login,path=form,possessed=0'),
 (B, None, '[2024-05-02 08:40:00 +0000] info [security] internal PURGE alice:hV3kWqZp8RbT2xYc logout'),
 (B, None, '[2024-05-02 08:45:00 +0000] info [whostmgrd] 192.0.2.22 NEW root:Zx1cV2bN3mQ4wE5r address=192.0.2.22,app=whostmgrd,creator=root,method=create_user_session,path=api,possessed=0'),
 (B, None, '[2024-05-02 08:46:00 +0000] info [webmaild] 192.0.2.23 NEW info@example.org:Lm4nB5vC6xZ7aS8d address=192.0.2.23,app=webmaild,creator=info@example.org,method=handle_form_login,path=form,possessed=0'),
]

# ConfigServer Security & Firewall: lfd.log and csf's kernel log lines (domainindia.com CSF guide, csf templates).
def lfd(ts, msg): return f"May  2 {ts} host lfd[2211]: {msg}"
S['csf-lfd'] = [
 (B, None, lfd("08:00:01", "daemon started on host.example.org - csf v14.20 (cPanel)")),
 (B, None, lfd("08:00:02", "Watching /var/log/secure...")),
 (H, "203.0.113.21", lfd("08:12:44", "(sshd) Failed SSH login from 203.0.113.21 (CN/China/-): 5 in the last 3600 secs - *Blocked in csf* for 3600 secs [LF_SSHD]")),
 (H, "203.0.113.22", lfd("08:20:11", "(cpanel,imapd) Login failure/trigger from 203.0.113.22: 16 in the last 3600 secs - *Blocked in csf* for 3600 secs [LF_TRIGGER]")),
 (H, "198.51.100.23", lfd("08:31:40", "*Port Scan* detected from 198.51.100.23 (US/United States/-). 11 hits in the last 46 seconds - *Blocked in csf* for 3600 secs [PS_LIMIT]")),
 (H, "198.51.100.24", lfd("08:44:02", "(smtpauth) Failed SMTP AUTH login from 198.51.100.24 (NL/Netherlands/-): 5 in the last 3600 secs - *Blocked in csf* [LF_SMTPAUTH]")),
 (H, "203.0.113.25", "May  2 08:50:00 host kernel: Firewall: *TCP_IN Blocked* IN=eth0 OUT= MAC=00:16:3e:aa:bb:cc:00:16:3e:11:22:33:08:00 SRC=203.0.113.25 DST=192.0.2.10 LEN=44 TOS=0x00 PREC=0x00 TTL=241 ID=54321 PROTO=TCP SPT=51234 DPT=3389 WINDOW=1024 RES=0x00 SYN URGP=0"),
 (B, None, lfd("08:10:00", "*SSH login* from 192.0.2.26 into the root account using password authentication")),
 (B, None, lfd("08:25:00", "*User Processing* PID:21980 Kill:0 User:alice VM:412(MB) EXE:/usr/bin/php CMD:php artisan queue:work")),
 (B, None, lfd("08:35:00", "IPSET: loading set new_6 with 1024 entries")),
 (B, None, lfd("08:55:00", "*System Integrity* has detected modified file(s): /usr/bin/curl /usr/bin/openssl")),
]

# HestiaCP (and VestaCP) panel auth.log (outroll/vesta #2003: "DATE TIME USER IP successfully logged in")
S['hestiacp-auth'] = [
 (H, "203.0.113.31", "2024-05-02 08:12:44 admin 203.0.113.31 failed to login"),
 (H, "203.0.113.31", "2024-05-02 08:12:51 admin 203.0.113.31 failed to login"),
 (H, "198.51.100.32", "2024-05-02 09:01:10 bob 198.51.100.32 failed to login"),
 (B, None, "2024-05-02 08:20:00 admin 192.0.2.33 successfully logged in"),
 (B, None, "2024-05-02 08:40:00 alice 192.0.2.34 successfully logged in"),
]

# OpenConnect VPN server (ocserv): worker-auth.c "failed authentication for '%s'", "user '%s' obtained cookie";
# main process lines from stunnel/Ocserv-install-script-for-CentOS-RHEL-7 #14 ("main: IP:PORT user '' disconnected").
def oc(ts, pid, msg): return f"May  2 {ts} vpn ocserv[{pid}]: {msg}"
S['ocserv'] = [
 (B, None, oc("08:00:00", 812, "main: initialized ocserv 1.2.4")),
 (N, None, oc("08:12:40", 813, "sec-mod: using 'plain' authentication to authenticate user (session: 9aXc2B)")),
 (H, "203.0.113.41", oc("08:12:44", 2201, "worker: 203.0.113.41 failed authentication for 'admin'")),
 (H, "203.0.113.41", oc("08:12:51", 2202, "worker: 203.0.113.41 failed authentication for 'vpn'")),
 (H, "198.51.100.42", oc("09:02:11", 2302, "worker[carol]: 198.51.100.42 failed authentication for 'carol'")),
 (B, None, oc("08:20:00", 2250, "worker: 192.0.2.43 user 'alice' obtained cookie")),
 (B, None, oc("08:20:00", 813, "sec-mod: initiating session for user 'alice' (session: Hd3kQ1)")),
 (B, None, oc("08:20:01", 812, "main[alice]:192.0.2.43:51514 user logged in")),
 (B, None, oc("08:30:00", 2260, "GnuTLS error (at worker-vpn.c:433): The TLS connection was non-properly terminated.")),
 (B, None, oc("08:50:00", 812, "main[alice]:192.0.2.43:51514 user disconnected (reason: user disconnected, rx: 10433212, tx: 2004432)")),
 (B, None, oc("08:50:01", 813, "sec-mod: temporarily closing session for alice (session: Hd3kQ1)")),
]

# Luanti (Minetest) server debug.txt: luanti-org/luanti #1625, #8310 ("Server: User X at IP supplied wrong password")
def lu(ts, lvl, msg): return f"2024-05-02 {ts}: {lvl}: {msg}"
S['luanti'] = [
 (B, None, lu("08:00:00", "ACTION[Main]", 'Server for gameid="minetest" listening on 0.0.0.0:30000.')),
 (H, "203.0.113.51", lu("08:12:44", "ACTION[Server]", "Server: User admin at 203.0.113.51 supplied wrong password (auth mechanism: SRP).")),
 (H, "203.0.113.51", lu("08:12:50", "ACTION[Server]", "Server: User singleplayer at 203.0.113.51 supplied wrong password (auth mechanism: SRP).")),
 (H, "198.51.100.52", lu("09:00:03", "ACTION[Server]", 'Server: Player with the name "griefer" tried to connect from 198.51.100.52 but it was disallowed for the following reason: Banned: griefing.')),
 (B, None, lu("08:20:00", "ACTION[Server]", "alice [192.0.2.54] joins game. List of players: alice")),
 (B, None, lu("08:50:00", "ACTION[Server]", "alice leaves game. List of players: ")),
 (B, None, lu("08:21:00", "ACTION[Server]", "alice digs default:stone_with_iron at (12,-3,40)")),
 (B, None, lu("08:22:00", "ACTION[Server]", "bob [192.0.2.55] joins game. List of players: alice bob")),
 (B, None, lu("08:30:00", "ERROR[Server]", "ServerError: AsyncErr: Lua: Runtime error from mod 'mesecons' in callback node_on_timer(): attempt to index a nil value")),
 (B, None, lu("08:31:00", "WARNING[Server]", 'Undeclared global variable "digilines" accessed at ...ods/mesecons/init.lua:42')),
]

# Apache ActiveMQ Artemis broker log: AMQ229031 "Unable to validate user from {}. Username: {}; SSL certificate subject DN: {}"
# (ActiveMQServerMessageBundle; artemis CLI output quoted in public READMEs)
def am(ts, lvl, cat, msg): return f"2024-05-02 {ts} {lvl:5} [{cat}] {msg}"
S['activemq-artemis'] = [
 (B, None, am("08:00:00,100", "INFO", "org.apache.activemq.artemis.core.server", "AMQ221007: Server is now live")),
 (B, None, am("08:00:00,050", "INFO", "org.apache.activemq.artemis.core.server", "AMQ221001: Apache ActiveMQ Artemis Message Broker version 2.33.0 [broker1, nodeID=5f3e2a10-0871-11ef-9f3b-0242ac120002]")),
 (H, "203.0.113.61", am("08:12:44,512", "WARN", "org.apache.activemq.artemis.core.server", "AMQ222216: Security problem while authenticating: AMQ229031: Unable to validate user from /203.0.113.61:51234. Username: admin; SSL certificate subject DN: unavailable")),
 (H, "203.0.113.61", am("08:12:45,020", "WARN", "org.apache.activemq.artemis.core.server", "AMQ222216: Security problem while authenticating: AMQ229031: Unable to validate user from /203.0.113.61:51240. Username: artemis; SSL certificate subject DN: unavailable")),
 (H, "198.51.100.62", am("09:00:10,000", "WARN", "org.apache.activemq.artemis.core.server", "AMQ222216: Security problem while authenticating: AMQ229031: Unable to validate user from /198.51.100.62:40400. Username: null; SSL certificate subject DN: unavailable")),
 (B, None, am("08:20:00,000", "INFO", "org.apache.activemq.artemis.core.server", "AMQ221080: Deploying address orders supporting [ANYCAST]")),
 (B, None, am("08:21:00,000", "WARN", "org.apache.activemq.artemis.core.client", "AMQ212037: Connection failure to /10.0.0.7:61616 has been detected: AMQ219015: The connection was disconnected because of server shutdown [code=DISCONNECTED]")),
 (B, None, am("08:22:00,000", "WARN", "org.apache.activemq.artemis.core.server", "AMQ222061: Client connection failed, clearing up resources for session 5f3e2a10-0871-11ef-9f3b-0242ac120003")),
]

# Apache ActiveMQ 5.x (classic) activemq.log: "Security error occurred on connection to: tcp://IP:PORT, User name [..] or password is invalid."
def aq(ts, lvl, msg, cls, th): return f"2024-05-02 {ts} | {lvl:5} | {msg} | {cls} | {th}"
S['activemq-classic'] = [
 (B, None, aq("08:00:00,100", "INFO", "Apache ActiveMQ 5.18.3 (localhost, ID:broker1-40123-1714636800100-0:1) started", "org.apache.activemq.broker.BrokerService", "main")),
 (H, "203.0.113.71", aq("08:12:44,831", "WARN", "Security error occurred on connection to: tcp://203.0.113.71:51234, User name [admin] or password is invalid.", "org.apache.activemq.broker.TransportConnection.Service", "ActiveMQ Transport: tcp:///203.0.113.71:51234@61616")),
 (H, "203.0.113.71", aq("08:12:45,102", "WARN", "Security error occurred on connection to: tcp://203.0.113.71:51240, User name [system] or password is invalid.", "org.apache.activemq.broker.TransportConnection.Service", "ActiveMQ Transport: tcp:///203.0.113.71:51240@61616")),
 (E, "198.51.100.72", aq("09:00:00,000", "WARN", "Transport Connection to: tcp://198.51.100.72:40000 failed: java.io.IOException: Unknown data type: 80", "org.apache.activemq.broker.TransportConnection.Transport", "ActiveMQ Transport: tcp:///198.51.100.72:40000@61616")),
 (B, None, aq("08:20:00,000", "WARN", "Transport Connection to: tcp://10.0.0.8:50000 failed: java.io.EOFException", "org.apache.activemq.broker.TransportConnection.Transport", "ActiveMQ Transport: tcp:///10.0.0.8:50000@61616")),
 (B, None, aq("08:00:00,200", "INFO", "Connector openwire started", "org.apache.activemq.broker.TransportConnector", "main")),
 (B, None, aq("08:30:00,000", "WARN", "Store limit is 102400 mb (current store usage is 98 mb). The data directory: /opt/activemq/data/kahadb only has 51200 mb of usable space. - resetting to maximum available disk space: 51200 mb", "org.apache.activemq.broker.BrokerService", "main")),
]

# PgBouncer log: pgbouncer/pgbouncer #423, #285 (C-0x…: db/user@ip:port …), supabase/postgres PR #647 (password authentication failed)
def pb(ts, lvl, msg): return f"2024-05-02 {ts} UTC [1] {lvl} {msg}"
S['pgbouncer'] = [
 (B, None, pb("08:00:00.101", "LOG", "listening on 0.0.0.0:6432")),
 (N, None, pb("08:12:44.201", "LOG", "C-0x55d6d7169f90: appdb/admin@203.0.113.81:51234 login attempt: db=appdb user=admin tls=no")),
 (H, "203.0.113.81", pb("08:12:44.203", "LOG", "C-0x55d6d7169f90: appdb/admin@203.0.113.81:51234 closing because: password authentication failed (age=0s)")),
 (H, "203.0.113.81", pb("08:12:44.203", "WARNING", "C-0x55d6d7169f90: appdb/admin@203.0.113.81:51234 pooler error: password authentication failed")),
 (H, "198.51.100.82", pb("08:30:00.000", "LOG", "C-0x55d6d716a100: pgbouncer/pgbouncer@198.51.100.82:40022 password authentication failed")),
 (B, None, pb("08:20:00.000", "LOG", "C-0x55d6d716b000: appdb/app@10.0.0.5:40000 login attempt: db=appdb user=app tls=no")),
 (B, None, pb("08:21:00.000", "LOG", "C-0x55d6d716b000: appdb/app@10.0.0.5:40000 closing because: client close request (age=60s)")),
 (B, None, pb("08:22:00.000", "LOG", "stats: 12 xacts/s, 40 queries/s, in 1024 B/s, out 4096 B/s, xact 1200 us, query 300 us, wait 0 us")),
 (B, None, pb("08:23:00.000", "LOG", "S-0x55d6d716c000: appdb/app@10.0.0.9:5432 closing because: server conn crashed? (age=12s)")),
 (B, None, pb("08:24:00.000", "WARNING", "C-0x55d6d716d000: appdb/app@10.0.0.5:40110 pooler error: query_wait_timeout")),
 (B, None, pb("08:25:00.000", "LOG", "C-0x55d6d716e000: appdb/app@10.0.0.6:40300 login attempt: db=appdb user=app tls=TLSv1.3/TLS_AES_256_GCM_SHA384/ECDH=X25519")),
]

# MariaDB Server Audit Plugin (server_audit.log): [timestamp],[serverhost],[username],[host],[connectionid],[queryid],[operation],[database],[object],[retcode]
S['mariadb-audit'] = [
 (H, "203.0.113.91", "20240502 08:12:44,db1,admin,203.0.113.91,31,0,FAILED_CONNECT,,,1045"),
 (H, "203.0.113.91", "20240502 08:12:45,db1,root,203.0.113.91,32,0,FAILED_CONNECT,,,1045"),
 (H, "198.51.100.92", "20240502 09:00:00,db1,wordpress,198.51.100.92,40,0,FAILED_CONNECT,,,1045"),
 (B, None, "20240502 08:20:00,db1,app,10.0.0.5,50,0,CONNECT,shop,,0"),
 (B, None, "20240502 08:20:01,db1,app,10.0.0.5,50,1201,QUERY,shop,'DELETE FROM sessions WHERE expires_at < NOW()',0"),
 (B, None, "20240502 08:21:00,db1,app,10.0.0.5,50,0,DISCONNECT,shop,,0"),
 (B, None, "20240502 08:30:00,db1,backup,localhost,60,1300,QUERY,,'FLUSH TABLES WITH READ LOCK',0"),
 (B, None, "20240502 08:35:00,db1,app,10.0.0.5,51,1400,QUERY,shop,'DROP TABLE tmp_import',1051"),
 (B, None, "20240502 08:36:00,db1,app,10.0.0.5,51,1401,QUERY,shop,'UPDATE users SET failed_logins = failed_logins + 1 WHERE id = 42',0"),
]

# CockroachDB SESSIONS channel (event log: client_authentication_failed / _ok, client_connection_start)
def cr(ts, n, tags, ev): return f"I240502 {ts} 1234 4@util/log/event_log.go:32 \u22ee [T1,Vsystem,n1,{tags}] {n} =" + J(ev)
def crev(t, kind, addr, user, **kw):
    e = {"Timestamp": t, "EventType": kind, "InstanceID": 1, "Network": "tcp", "RemoteAddress": f"\u2039{addr}\u203a",
         "SessionID": "17d0ee1b2a3c4d5e0000000000000001", "Transport": "hostssl", "User": f"\u2039{user}\u203a", "SystemIdentity": f"\u2039{user}\u203a"}
    e.update(kw)
    return e
S['cockroachdb-auth'] = [
 (N, None, cr("08:12:44.120001", 11, "client=203.0.113.101:51234,hostssl", {"Timestamp": 1714637564120001000, "EventType": "client_connection_start", "InstanceID": 1, "Network": "tcp", "RemoteAddress": "\u2039203.0.113.101:51234\u203a", "SessionID": "17d0ee1b2a3c4d5e0000000000000001"})),
 (H, "203.0.113.101", cr("08:12:44.123456", 12, "client=203.0.113.101:51234,hostssl,user=root", crev(1714637564123456000, "client_authentication_failed", "203.0.113.101:51234", "root", Reason="CREDENTIALS_INVALID", Detail="\u2039password authentication failed for user root\u203a", Method="password"))),
 (H, "203.0.113.101", cr("08:12:46.001000", 14, "client=203.0.113.101:51240,hostssl,user=admin", crev(1714637566001000000, "client_authentication_failed", "203.0.113.101:51240", "admin", Reason="USER_NOT_FOUND", Detail="\u2039user admin does not exist\u203a", Method="password"))),
 (H, "198.51.100.102", cr("09:00:00.000100", 20, "client=198.51.100.102:40000,hostssl,user=postgres", crev(1714640400000100000, "client_authentication_failed", "198.51.100.102:40000", "postgres", Reason="CREDENTIALS_INVALID", Detail="\u2039password authentication failed for user postgres\u203a", Method="password"))),
 (B, None, cr("08:20:00.000200", 30, "client=10.0.0.5:41000,hostssl,user=app", crev(1714638000000200000, "client_authentication_ok", "10.0.0.5:41000", "app", Method="cert-password"))),
 (B, None, cr("08:25:00.000300", 31, "client=10.0.0.5:41000,hostssl,user=app", {"Timestamp": 1714638300000300000, "EventType": "client_session_end", "InstanceID": 1, "Network": "tcp", "RemoteAddress": "\u203910.0.0.5:41000\u203a", "SessionID": "17d0ee1b2a3c4d5e0000000000000002", "Duration": 300000000000})),
 (B, None, "W240502 08:30:00.000400 567 kv/kvserver/replica_raft.go:1234 \u22ee [T1,Vsystem,n1,s1,r42/1:/Table/106{-/1}] 88  slow range RPC: have been waiting 61.20s (60 attempts) for RPC Get [/Table/106/1/42/0] to r42:/Table/106{-/1} [(n1,s1):1, (n2,s2):2, (n3,s3):3, next=4, gen=12]; resp: (err: <nil>)"),
 (B, None, "I240502 08:00:00.000100 1 1@cli/start.go:1200 \u22ee [T1,Vsystem,n1] 1  node startup completed:"),
]

# Teleport audit log (JSON): gravitational/teleport PR #1602 (login failures in the audit log), #3788 / PR #12537 (addr.remote on user.login)
def tp(**kw):
    e = {"cluster_name": "tp.example.org", "ei": 0, "uid": "6a1f2c3d-0000-4000-8000-%012d" % kw.pop("n")}
    e.update(kw)
    return J(dict(sorted(e.items())))
S['teleport-audit'] = [
 (H, "203.0.113.111", tp(n=1, **{"addr.remote": "203.0.113.111:51234", "code": "T1000W", "error": "invalid username, password or second factor", "event": "user.login", "method": "local", "success": False, "time": "2024-05-02T08:12:44.123Z", "user": "admin", "user_agent": "Mozilla/5.0 (X11; Linux x86_64)"})),
 (H, "203.0.113.111", tp(n=2, **{"addr.remote": "203.0.113.111:51240", "code": "T1000W", "error": "invalid username, password or second factor", "event": "user.login", "method": "local", "success": False, "time": "2024-05-02T08:12:47.456Z", "user": "root", "user_agent": "Mozilla/5.0 (X11; Linux x86_64)"})),
 (H, "198.51.100.112", tp(n=3, **{"addr.remote": "198.51.100.112:40022", "code": "T3007W", "error": "ssh: principal \"root\" not in the set of valid principals for given certificate: [\"alice\"]", "event": "auth", "server_id": "9b1c2d3e-4f50-4a61-8b72-c3d4e5f60718", "success": False, "time": "2024-05-02T09:00:00.001Z", "user": "alice"})),
 (B, None, tp(n=4, **{"addr.remote": "192.0.2.113:50000", "code": "T1000I", "event": "user.login", "method": "local", "success": True, "time": "2024-05-02T08:20:00.000Z", "user": "alice", "user_agent": "Mozilla/5.0 (X11; Linux x86_64)"})),
 (B, None, tp(n=5, **{"addr.local": "10.0.0.4:3022", "addr.remote": "192.0.2.113:50010", "code": "T2000I", "event": "session.start", "login": "ubuntu", "server_hostname": "web01", "sid": "0c5fba22-6259-11e7-9519-0a66db607aed", "time": "2024-05-02T08:21:00.000Z", "user": "alice"})),
 (B, None, tp(n=6, **{"cert_type": "user", "code": "TC000I", "event": "cert.create", "identity": {"logins": ["ubuntu"], "user": "alice"}, "time": "2024-05-02T08:20:00.100Z"})),
 (B, None, tp(n=7, **{"code": "T2004I", "event": "session.end", "login": "ubuntu", "server_hostname": "web01", "sid": "0c5fba22-6259-11e7-9519-0a66db607aed", "time": "2024-05-02T08:40:00.000Z", "user": "alice"})),
]

# Linux audit (auditd) audit.log: USER_AUTH / USER_LOGIN / USER_ERR records with res=failed (Linux Audit documentation, RHEL
# security guide "Understanding Audit Log Files")
def au(t, kind, body): return f"type={kind} msg=audit({t}): {body}"
SSHD_CTX = "subj=system_u:system_r:sshd_t:s0-s0:c0.c1023"
S['auditd'] = [
 (H, "203.0.113.121", au("1714637564.123:4501", "USER_AUTH", f"pid=22101 uid=0 auid=4294967295 ses=4294967295 {SSHD_CTX} msg='op=PAM:authentication grantors=? acct=\"root\" exe=\"/usr/sbin/sshd\" hostname=203.0.113.121 addr=203.0.113.121 terminal=ssh res=failed'\x1dUID=\"root\" AUID=\"unset\"")),
 (H, "203.0.113.121", au("1714637566.456:4503", "USER_LOGIN", f"pid=22101 uid=0 auid=4294967295 ses=4294967295 {SSHD_CTX} msg='op=login acct=\"(unknown)\" exe=\"/usr/sbin/sshd\" hostname=? addr=203.0.113.121 terminal=ssh res=failed'\x1dUID=\"root\" AUID=\"unset\"")),
 (H, "198.51.100.122", au("1714638000.010:4601", "USER_AUTH", f"pid=22301 uid=0 auid=4294967295 ses=4294967295 {SSHD_CTX} msg='op=PAM:authentication grantors=? acct=\"admin\" exe=\"/usr/sbin/sshd\" hostname=198.51.100.122 addr=198.51.100.122 terminal=ssh res=failed'")),
 (H, "198.51.100.123", au("1714638100.200:4610", "USER_ERR", f"pid=22350 uid=0 auid=4294967295 ses=4294967295 {SSHD_CTX} msg='op=PAM:bad_ident grantors=? acct=\"?\" exe=\"/usr/sbin/sshd\" hostname=198.51.100.123 addr=198.51.100.123 terminal=ssh res=failed'")),
 (B, None, au("1714638200.300:4700", "USER_AUTH", f"pid=22400 uid=0 auid=4294967295 ses=4294967295 {SSHD_CTX} msg='op=PAM:authentication grantors=pam_unix acct=\"alice\" exe=\"/usr/sbin/sshd\" hostname=192.0.2.124 addr=192.0.2.124 terminal=ssh res=success'")),
 (B, None, au("1714638200.500:4704", "USER_LOGIN", f"pid=22400 uid=0 auid=1000 ses=5 {SSHD_CTX} msg='op=login id=1000 exe=\"/usr/sbin/sshd\" hostname=192.0.2.124 addr=192.0.2.124 terminal=/dev/pts/0 res=success'")),
 (B, None, au("1714638260.000:4710", "USER_CMD", "pid=22450 uid=1000 auid=1000 ses=5 subj=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023 msg='cwd=\"/home/alice\" cmd=73797374656D63746C2072657374617274206E67696E78 exe=\"/usr/bin/sudo\" terminal=pts/0 res=success'")),
 (B, None, au("1714638300.000:4720", "AVC", "avc:  denied  { write } for  pid=812 comm=\"nginx\" name=\"app.sock\" dev=\"tmpfs\" ino=1234 scontext=system_u:system_r:httpd_t:s0 tcontext=system_u:object_r:var_run_t:s0 tclass=sock_file permissive=0")),
 (N, None, au("1714638400.000:4730", "USER_AUTH", "pid=22500 uid=1000 auid=1000 ses=5 subj=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023 msg='op=PAM:authentication grantors=? acct=\"root\" exe=\"/usr/bin/su\" hostname=? addr=? terminal=pts/0 res=failed'")),
 (B, None, au("1714638500.000:4740", "SERVICE_START", "pid=1 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:init_t:s0 msg='unit=nginx comm=\"systemd\" exe=\"/usr/lib/systemd/systemd\" hostname=? addr=? terminal=? res=success'")),
 (B, None, au("1714638200.400:4702", "CRED_ACQ", f"pid=22400 uid=0 auid=4294967295 ses=4294967295 {SSHD_CTX} msg='op=PAM:setcred grantors=pam_unix acct=\"alice\" exe=\"/usr/sbin/sshd\" hostname=192.0.2.124 addr=192.0.2.124 terminal=ssh res=success'")),
 (B, None, au("1714639000.000:4750", "USER_END", f"pid=22400 uid=0 auid=1000 ses=5 {SSHD_CTX} msg='op=PAM:session_close grantors=pam_selinux,pam_loginuid,pam_unix acct=\"alice\" exe=\"/usr/sbin/sshd\" hostname=192.0.2.124 addr=192.0.2.124 terminal=ssh res=success'")),
]

# login(1) behind telnetd: shadow-utils login.c ("FAILED LOGIN (%u)%s FOR '%s', %s" with " on '%s' from '%s'",
# "TOO MANY LOGIN TRIES"), util-linux login.c ("FAILED LOGIN %u FROM %s FOR %s, %s", "LOGIN ON %s BY %s FROM %s")
def lg(ts, proc, msg): return f"May  2 {ts} oldbox {proc}: {msg}"
S['login-telnet'] = [
 (N, None, lg("08:12:40", "in.telnetd[4410]", "connect from 203.0.113.131 (203.0.113.131)")),
 (H, "203.0.113.131", lg("08:12:44", "login[4411]", "FAILED LOGIN (1) on '/dev/pts/3' from '203.0.113.131' FOR 'root', Authentication failure")),
 (H, "203.0.113.131", lg("08:12:49", "login[4411]", "FAILED LOGIN (2) on '/dev/pts/3' from '203.0.113.131' FOR 'admin', Authentication failure")),
 (H, "203.0.113.131", lg("08:12:55", "login[4411]", "TOO MANY LOGIN TRIES (3) on '/dev/pts/3' from '203.0.113.131' FOR 'admin'")),
 (H, "198.51.100.132", lg("09:01:00", "login[4500]", "FAILED LOGIN 1 FROM 198.51.100.132 FOR support, Authentication failure")),
 (H, "198.51.100.132", lg("09:01:00", "login[4500]", "pam_unix(login:auth): authentication failure; logname=LOGIN uid=0 euid=0 tty=/dev/pts/4 ruser= rhost=198.51.100.132  user=support")),
 (B, None, lg("08:20:00", "login[4450]", "pam_unix(login:session): session opened for user alice(uid=1000) by LOGIN(uid=0)")),
 (B, None, lg("08:20:00", "login[4450]", "LOGIN ON pts/5 BY alice FROM 192.0.2.133")),
 (B, None, lg("08:45:00", "login[4450]", "pam_unix(login:session): session closed for user alice")),
 (B, None, lg("08:30:00", "login[900]", "ROOT LOGIN  on '/dev/tty1'")),
 (N, None, lg("08:31:00", "login[901]", "FAILED LOGIN (1) on '/dev/tty1' FOR 'UNKNOWN', User not known to the underlying authentication module")),
]

# Netfilter LOG lines. ufw (ufw-framework(8): "[UFW BLOCK]", "[UFW ALLOW]", "[UFW AUDIT]"), firewalld (LogDenied:
# "filter_IN_public_REJECT: ", older "FINAL_REJECT: "), nftables `log prefix`, plain iptables `-j LOG --log-prefix`.
# The kernel prints IPv6 addresses unabbreviated.
MAC = "MAC=00:16:3e:aa:bb:cc:00:16:3e:11:22:33:08:00"
def kn(ts, up, msg): return f"May  2 {ts} web kernel: [{up}] {msg}"
def pkt(src, dst, proto, spt, dpt, extra="", ttl=243):
    if proto == "TCP":
        return f"SRC={src} DST={dst} LEN=44 TOS=0x00 PREC=0x00 TTL={ttl} ID=54321 PROTO=TCP SPT={spt} DPT={dpt} WINDOW=1024 RES=0x00 SYN URGP=0{extra}"
    return f"SRC={src} DST={dst} LEN=432 TOS=0x00 PREC=0x00 TTL={ttl} ID=4321 PROTO=UDP SPT={spt} DPT={dpt} LEN=412{extra}"
S['ufw'] = [
 (B, None, "May  2 08:00:00 web systemd[1]: Starting ufw.service - Uncomplicated firewall..."),
 (H, "203.0.113.141", kn("08:12:44", "123456.789012", f"[UFW BLOCK] IN=eth0 OUT= {MAC} " + pkt("203.0.113.141", "192.0.2.10", "TCP", 41234, 23))),
 (H, "203.0.113.141", kn("08:12:45", "123457.790111", f"[UFW BLOCK] IN=eth0 OUT= {MAC} " + pkt("203.0.113.141", "192.0.2.10", "TCP", 41240, 3389))),
 (H, "198.51.100.142", kn("08:20:02", "123894.001200", f"[UFW BLOCK] IN=eth0 OUT= {MAC} " + pkt("198.51.100.142", "192.0.2.10", "UDP", 5060, 5060))),
 (H, "2001:0db8:0085:0000:0000:0000:0000:0143", kn("08:30:00", "124492.120000", "[UFW BLOCK] IN=eth0 OUT= MAC=00:16:3e:aa:bb:cc:00:16:3e:11:22:33:86:dd SRC=2001:0db8:0085:0000:0000:0000:0000:0143 DST=2001:0db8:0001:0000:0000:0000:0000:0010 LEN=80 TC=0 HOPLIMIT=54 FLOWLBL=0 PROTO=TCP SPT=51234 DPT=445 WINDOW=64240 RES=0x00 SYN URGP=0")),
 (B, None, kn("08:21:00", "123952.000100", f"[UFW ALLOW] IN=eth0 OUT= {MAC} " + pkt("192.0.2.144", "192.0.2.10", "TCP", 52000, 443, ttl=57))),
 (B, None, kn("08:22:00", "124012.000100", f"[UFW AUDIT] IN=eth0 OUT= {MAC} " + pkt("192.0.2.144", "192.0.2.10", "TCP", 52010, 22, ttl=57))),
 (B, None, kn("08:22:30", "124042.000100", f"[UFW ALLOW] IN=eth0 OUT= {MAC} " + pkt("192.0.2.146", "192.0.2.10", "TCP", 52400, 80, ttl=57))),
 (B, None, kn("08:23:00", "124072.000100", "[UFW BLOCK] IN= OUT=eth0 " + pkt("192.0.2.10", "198.51.100.145", "TCP", 39122, 25, ttl=64))),
 (B, None, kn("08:24:00", "124132.000100", "[UFW BLOCK] IN=eth0 OUT= MAC=01:00:5e:00:00:01:00:16:3e:99:88:77:08:00 SRC=10.0.0.1 DST=224.0.0.1 LEN=36 TOS=0x00 PREC=0xC0 TTL=1 ID=0 DF PROTO=2")),
]
def fk(ts, msg): return f"May  2 {ts} cloud1 kernel: {msg}"
S['firewalld'] = [
 (B, None, "May  2 08:00:00 cloud1 systemd[1]: Started firewalld.service - firewalld - dynamic firewall daemon."),
 (H, "203.0.113.151", fk("08:12:44", f"filter_IN_public_REJECT: IN=ens3 OUT= {MAC} " + pkt("203.0.113.151", "192.0.2.11", "TCP", 45001, 5900, ttl=239))),
 (H, "203.0.113.151", fk("08:12:46", f"filter_IN_public_REJECT: IN=ens3 OUT= {MAC} " + pkt("203.0.113.151", "192.0.2.11", "TCP", 45007, 6379, ttl=239))),
 (H, "198.51.100.152", fk("08:40:00", f"FINAL_REJECT: IN=eth0 OUT= {MAC} " + pkt("198.51.100.152", "192.0.2.11", "TCP", 40000, 8080, ttl=50))),
 (H, "198.51.100.153", fk("08:50:00", f"filter_IN_public_DROP: IN=ens3 OUT= {MAC} " + pkt("198.51.100.153", "192.0.2.11", "UDP", 40000, 161, ttl=52))),
 (B, None, "May  2 08:10:00 cloud1 firewalld[812]: WARNING: ALREADY_ENABLED: 'http' already in 'public'"),
 (B, None, "May  2 08:11:00 cloud1 firewalld[812]: ERROR: INVALID_ZONE: dmz2"),
 (B, None, "May  2 08:12:00 cloud1 firewalld[812]: WARNING: COMMAND_FAILED: '/usr/sbin/iptables -w10 -t nat -D POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE' failed: iptables: Bad rule (does a matching rule exist in that chain?)."),
 (B, None, fk("08:20:00", "filter_IN_public_REJECT: IN=ens3 OUT= MAC=33:33:00:00:00:01:00:16:3e:99:88:77:86:dd SRC=fe80:0000:0000:0000:0216:3eff:fe99:8877 DST=ff02:0000:0000:0000:0000:0000:0000:0001 LEN=120 TC=0 HOPLIMIT=255 FLOWLBL=0 PROTO=ICMPv6 TYPE=134 CODE=0")),
]
S['nftables'] = [
 (H, "203.0.113.161", kn("08:12:44", "88001.000100", f"nft-drop-in: IN=ens18 OUT= {MAC} " + pkt("203.0.113.161", "192.0.2.12", "TCP", 51234, 8443, ttl=240))),
 (H, "203.0.113.161", kn("08:12:50", "88007.000100", f"[nftables] ssh-ratelimit: IN=ens18 OUT= {MAC} " + pkt("203.0.113.161", "192.0.2.12", "TCP", 51300, 22, ttl=240))),
 (H, "2001:0db8:0066:0000:0000:0000:0000:0165", kn("08:40:00", "89757.000100", "nft-drop-in: IN=ens18 OUT= MAC=00:16:3e:aa:bb:cc:00:16:3e:11:22:33:86:dd SRC=2001:0db8:0066:0000:0000:0000:0000:0165 DST=2001:0db8:0001:0000:0000:0000:0000:0012 LEN=80 TC=0 HOPLIMIT=50 FLOWLBL=0 PROTO=TCP SPT=40000 DPT=3306 WINDOW=64240 RES=0x00 SYN URGP=0")),
 (E, "198.51.100.162", kn("08:20:00", "88437.000100", f"nft-drop-invalid: IN=ens18 OUT= {MAC} SRC=198.51.100.162 DST=192.0.2.12 LEN=40 TOS=0x00 PREC=0x00 TTL=55 ID=0 DF PROTO=TCP SPT=443 DPT=51111 WINDOW=0 RES=0x00 RST URGP=0")),
 (E, "198.51.100.163", kn("08:21:00", "88497.000100", f"nft-drop-in: IN=ens18 OUT= {MAC} SRC=198.51.100.163 DST=192.0.2.12 LEN=84 TOS=0x00 PREC=0x00 TTL=54 ID=1234 DF PROTO=ICMP TYPE=8 CODE=0 ID=7 SEQ=1")),
 (B, None, kn("08:22:00", "88557.000100", "nft-accept-out: IN= OUT=ens18 " + pkt("192.0.2.12", "151.101.1.69", "TCP", 40222, 443, ttl=64))),
 (B, None, kn("08:23:00", "88617.000100", "nft-drop-fwd: IN=docker0 OUT=ens18 PHYSIN=veth1a2b3c " + pkt("172.17.0.3", "198.51.100.164", "TCP", 38000, 25, ttl=63))),
]
def ipk(ts, msg): return f"May  2 {ts} db2 kernel: {msg}"
S['iptables-log'] = [
 (H, "203.0.113.171", ipk("08:12:44", f"IPTables-Dropped: IN=eth0 OUT= {MAC} " + pkt("203.0.113.171", "192.0.2.15", "TCP", 60000, 5432, ttl=244))),
 (H, "203.0.113.171", ipk("08:12:44", f"IPTables-Dropped: IN=eth0 OUT= {MAC} " + pkt("203.0.113.171", "192.0.2.15", "TCP", 60001, 9200, ttl=244))),
 (H, "198.51.100.172", ipk("08:30:00", f"iptables denied: IN=eth0 OUT= {MAC} " + pkt("198.51.100.172", "192.0.2.15", "UDP", 40001, 11211, ttl=49))),
 (B, None, ipk("08:20:00", f"IPTables-Accepted: IN=eth0 OUT= {MAC} " + pkt("10.0.0.20", "192.0.2.15", "TCP", 45000, 5432, ttl=64))),
 (B, None, ipk("08:25:00", "nf_conntrack: nf_conntrack: table full, dropping packet")),
 (B, None, ipk("08:26:00", "IPTables-Dropped: IN= OUT=eth0 " + pkt("192.0.2.15", "198.51.100.173", "UDP", 123, 123, ttl=64))),
]

# pf on FreeBSD/OpenBSD: `tcpdump -n -e -ttt -r /var/log/pflog` (pflog(4), FreeBSD Handbook "PF" logging)
def pf(ts, msg): return f"May 02 {ts} {msg}"
S['pf-pflog'] = [
 (H, "203.0.113.181", pf("08:12:44.123456", "rule 5/0(match): block in on vtnet0: 203.0.113.181.51234 > 192.0.2.13.23: Flags [S], seq 1234567, win 1024, length 0")),
 (H, "203.0.113.181", pf("08:12:45.223456", "rule 5/0(match): block in on vtnet0: 203.0.113.181.51240 > 192.0.2.13.2323: Flags [S], seq 1234569, win 1024, length 0")),
 (H, "198.51.100.182", pf("08:30:10.000001", "rule 7/0(match): block in on vtnet0: 198.51.100.182.5060 > 192.0.2.13.5060: SIP: OPTIONS sip:100@192.0.2.13 SIP/2.0")),
 (B, None, pf("08:40:00.000001", "rule 2/0(match): pass in on vtnet0: 192.0.2.183.50123 > 192.0.2.13.443: Flags [S], seq 998877, win 65535, options [mss 1460,nop,wscale 6,sackOK,TS val 1 ecr 0], length 0")),
 (B, None, pf("08:41:00.000001", "rule 3/0(match): pass out on vtnet0: 192.0.2.13.12345 > 198.51.100.184.53: 3456+ A? example.org. (29)")),
 (B, None, pf("08:42:00.000001", "rule 3/0(match): pass out on vtnet0: 192.0.2.13.41000 > 198.51.100.185.443: Flags [S], seq 4455, win 65535, options [mss 1460], length 0")),
]

# Joomla! log file administrator/logs/error.php (plg_system_log writes "joomlafailure" with the client address)
S['joomla'] = [
 (N, None, "#<?php die('Forbidden.'); ?>"),
 (N, None, "#Date: 2024-05-02 08:00:00 UTC"),
 (N, None, "#Software: Joomla! 4.4.3 Stable [ Pamoja ] 8-January-2024 16:00 GMT"),
 (N, None, "#Fields:\tdatetime\tpriority clientip\tcategory\tmessage"),
 (H, "203.0.113.191", "2024-05-02T08:12:44+00:00\tINFO 203.0.113.191\tjoomlafailure\tUsername and password do not match or you do not have an account yet."),
 (H, "203.0.113.191", "2024-05-02T08:12:49+00:00\tINFO 203.0.113.191\tjoomlafailure\tUsername and password do not match or you do not have an account yet."),
 (H, "198.51.100.192", "2024-05-02T09:00:00+00:00\tINFO 198.51.100.192\tjoomlafailure\tEmpty password not allowed."),
 (B, None, "2024-05-02T08:31:00+00:00\tWARNING 127.0.0.1\tjerror\tJInstaller: :Install: Cannot find Joomla XML setup file."),
 (B, None, "2024-05-02T08:33:00+00:00\tCRITICAL 192.0.2.193\terror\tUnable to connect to the Database: Could not connect to MySQL server."),
 (B, None, "2024-05-02T08:34:00+00:00\tWARNING 192.0.2.194\tjerror\tError sending email: SMTP Error: Could not authenticate."),
 (B, None, "2024-05-02T08:35:00+00:00\tINFO 192.0.2.195\tupdate\tUpdate started by user admin (42). Old version is 4.4.2."),
]

# File Browser (filebrowser/filebrowser #426, #576, #2103: "2022/08/26 … /api/login: 403 IP <nil>")
S['filebrowser'] = [
 (B, None, "2024/05/02 08:00:00 Using database: /database/filebrowser.db"),
 (B, None, "2024/05/02 08:00:00 Listening on [::]:80"),
 (H, "203.0.113.201", "2024/05/02 08:12:44 /api/login: 403 203.0.113.201 <nil>"),
 (H, "203.0.113.201", "2024/05/02 08:12:46 /api/login: 403 203.0.113.201 <nil>"),
 (H, "2001:db8:4::202", "2024/05/02 09:00:10 /api/login: 403 2001:db8:4::202 <nil>"),
 (B, None, "2024/05/02 08:20:00 /api/resources/photos/2023: 404 192.0.2.203 <nil>"),
 (B, None, "2024/05/02 08:23:00 /api/resources/docs/report.pdf: 409 192.0.2.203 <nil>"),
 (B, None, "2024/05/02 08:21:00 /api/resources/backups/: 500 192.0.2.203 open /srv/backups: permission denied"),
 (E, "192.0.2.203", "2024/05/02 08:22:00 /api/renew: 401 192.0.2.203 <nil>"),
]

# Audiobookshelf (advplyr/audiobookshelf #1172 for the 2.2 format; the 2.x "(User not found)" form from fail2ban
# recipes users published; #1740 for the successful-login line)
S['audiobookshelf'] = [
 (B, None, "[2024-05-02 08:00:00.100] INFO: [Server] Listening on port :80"),
 (H, "203.0.113.211", "[2024-05-02 08:12:44]  WARN: [Auth] Failed login attempt 1 of 10 from 203.0.113.211"),
 (H, "203.0.113.211", "[2024-05-02 08:12:50] ERROR: [Auth] Failed login attempt for user root from ip 203.0.113.211. Attempts: 8"),
 (H, "198.51.100.212", '[2024-05-02 09:00:00.123] ERROR: [Auth] Failed login attempt for username "admin" from ip 198.51.100.212 (User not found)'),
 (H, "198.51.100.212", '[2024-05-02 09:00:05.456] ERROR: [Auth] Failed login attempt for username "alice" from ip 198.51.100.212 (Invalid password)'),
 (B, None, '[2024-05-02 08:20:00.000]  INFO: [Auth] User "alice" logged in from ip 192.0.2.213'),
 (B, None, '[2024-05-02 08:30:00.000] ERROR: [LibraryScanner] Failed to scan folder "/audiobooks/Unknown" ENOENT: no such file or directory'),
 (B, None, "[2024-05-02 08:31:00.000]  WARN: [Watcher] Error watching library folder: EACCES: permission denied, watch '/audiobooks'"),
]

# Ombi (Ombi-app/Ombi PR #3783: "Failed login attempt by IP: {0}"), Serilog file sink
S['ombi'] = [
 (B, None, "2024-05-02 08:00:00.000 +00:00 [INF] Now listening on: http://[::]:5000"),
 (H, "203.0.113.221", "2024-05-02 08:12:44.123 +00:00 [WRN] Failed login attempt by IP: 203.0.113.221"),
 (H, "203.0.113.221", "2024-05-02 08:12:47.456 +00:00 [WRN] Failed login attempt by IP: 203.0.113.221"),
 (H, "198.51.100.222", "2024-05-02 09:00:00.001 +00:00 [WRN] Failed login attempt by IP: 198.51.100.222"),
 (B, None, "2024-05-02 08:20:00.000 +00:00 [ERR] Exception when trying to connect to Sonarr: Connection refused (127.0.0.1:8989)"),
 (B, None, "2024-05-02 08:30:00.000 +00:00 [INF] Starting Plex Content Cacher"),
 (B, None, "2024-05-02 08:40:00.000 +00:00 [WRN] Sonarr Cacher: Request failed with status code 401 Unauthorized (http://127.0.0.1:8989/api/v3/series)"),
 (B, None, "2024-05-02 08:41:00.000 +00:00 [INF] Plex Content Cacher finished"),
]

# ViMbAdmin (opensolutions/ViMbAdmin #225: "NOTICE (5) [IP]: Authentication failure for …", "INFO (6) [IP]: … logged in")
S['vimbadmin'] = [
 (H, "203.0.113.231", "2024-05-02T08:12:44+00:00 NOTICE (5) [203.0.113.231]: Authentication failure for admin@example.org"),
 (H, "203.0.113.231", "2024-05-02T08:12:50+00:00 NOTICE (5) [203.0.113.231]: Authentication failure for postmaster@example.org"),
 (H, "198.51.100.232", "2024-05-02T09:00:00+00:00 NOTICE (5) [198.51.100.232]: Authentication failure for root@example.org"),
 (B, None, "2024-05-02T08:20:00+00:00 INFO (6) [192.0.2.233]: admin@example.org logged in"),
 (B, None, "2024-05-02T08:40:00+00:00 INFO (6) [192.0.2.234]: bob@example.org logged in"),
]

# 2FAuth (Bubka/2FAuth LoginController: "Failed login for %s from %s - Attemp %d/%d (using email+password)"), Laravel log
def tf(ts, lvl, msg): return f"[2024-05-02 {ts}] production.{lvl}: {msg}"
S['2fauth'] = [
 (N, None, tf("08:12:44", "INFO", "User login requested by 'admin@example.org' from 203.0.113.241")),
 (H, "203.0.113.241", tf("08:12:44", "NOTICE", "Failed login for 'admin@example.org' from 203.0.113.241 - Attemp 1/5 (using email+password)")),
 (H, "203.0.113.241", tf("08:12:50", "NOTICE", "Failed login for 'root@example.org' from 203.0.113.241 - Attemp 2/5 (using email+password)")),
 (H, "198.51.100.242", tf("09:00:00", "NOTICE", "'bob@example.org' from 198.51.100.242 locked-out, too many failed login attempts (using email+password)")),
 (B, None, tf("08:20:00", "INFO", "User login requested by 'alice@example.org' from 192.0.2.243")),
 (B, None, tf("08:20:00", "INFO", "User ID #1 authenticated (using email+password)")),
 (B, None, tf("08:40:00", "INFO", "User ID #1 logged out")),
 (B, None, tf("08:45:00", "ERROR", 'SQLSTATE[HY000] [2002] Connection refused (Connection: mysql, SQL: select * from `users` where `email` = alice@example.org limit 1)')),
]

# serjs/socks5-server (issue #90: auth_failed with remote_ip); armon/go-socks5 "[ERR] socks: Failed to handle request"
S['socks5-server'] = [
 (N, None, "2026/03/01 08:12:40 [ERR] socks: Failed to authenticate: User authentication failed"),
 (H, "203.0.113.251", '2026/03/01 08:12:44 [WARN] socks: auth_failed remote_ip=203.0.113.251 remote_addr="203.0.113.251:53742" username="admin" method=2 reason=invalid_credentials'),
 (H, "203.0.113.251", '2026/03/01 08:12:45 [WARN] socks: auth_failed remote_ip=203.0.113.251 remote_addr="203.0.113.251:53750" username="proxy" method=2 reason=invalid_credentials'),
 (H, "198.51.100.252", '2026/03/01 09:00:00 [WARN] socks: auth_failed remote_ip=198.51.100.252 remote_addr="198.51.100.252:40001" username="" method=2 reason=invalid_credentials'),
 (B, None, "2026/03/01 08:20:00 [ERR] socks: Failed to handle request: Connect to 10.0.0.9:443 failed: dial tcp 10.0.0.9:443: i/o timeout"),
 (B, None, "2026/03/01 08:22:00 [ERR] socks: Failed to handle request: Unsupported command: 2"),
 (B, None, "2026/03/01 08:21:00 [ERR] socks: Failed to handle request: Connect to mail.example.org:25 failed: dial tcp 198.51.100.253:25: connect: connection refused"),
]

# Tinyproxy (tinyproxy/tinyproxy #308, #314, #466, #255, #514: "Unauthorized connection from", "Failed auth attempt … ip")
def ty(kind, ts, msg): return f"{kind:<10}May 02 {ts} [2201]: {msg}"
S['tinyproxy'] = [
 (N, None, ty("CONNECT", "08:12:44.101", "Connect (file descriptor 7): 203.0.113.9 [203.0.113.9]")),
 (H, "203.0.113.9", ty("NOTICE", "08:12:44.102", 'Unauthorized connection from "203.0.113.9" [203.0.113.9].')),
 (N, None, ty("INFO", "08:12:44.102", "no entity")),
 (H, "198.51.100.8", ty("NOTICE", "08:20:00.001", 'Unauthorized connection from "198.51.100.8".')),
 (N, None, ty("CONNECT", "08:30:00.000", "Connect (file descriptor 9): 198.51.100.7")),
 (H, "198.51.100.7", ty("NOTICE", "08:30:00.010", "Failed auth attempt (file descriptor: 9), ip 198.51.100.7")),
 (N, None, ty("CONNECT", "08:40:00.000", "Connect (file descriptor 10): 192.0.2.6")),
 (B, None, ty("CONNECT", "08:40:00.001", "Request (file descriptor 10): CONNECT api.example.org:443 HTTP/1.1")),
 (B, None, ty("INFO", "08:40:00.020", 'Established connection to host "api.example.org" using file descriptor 11.')),
 (B, None, ty("NOTICE", "08:41:00.000", 'Proxying refused on filtered domain "ads.example.net"')),
 (B, None, ty("ERROR", "08:42:00.000", "opensock: Could not establish a connection to 0.0.0.0")),
 (B, None, ty("INFO", "08:43:00.000", "Closed connection between local client (fd:10) and remote client (fd:11)")),
]

# Stalwart mail server: stalwartlabs/smtp-server #31 (tracing spans: remote.ip=… event="authenticate" result="failed");
# the 0.8+ event form ("Authentication failed (auth.failed) … remoteIp = …") written from its documentation
def st(ts, lvl, ip, port, result, inst="submissions"):
    return f'2024-05-02T{ts}Z {lvl} session{{instance="{inst}" protocol=Smtp remote.ip="{ip}" remote.port={port}}}: smtp::inbound::auth: context="auth" event="authenticate" result="{result}"'
S['stalwart'] = [
 (H, "203.0.113.19", st("08:12:44.830292", "DEBUG", "203.0.113.19", 48860, "failed")),
 (H, "203.0.113.19", st("08:12:47.001122", "DEBUG", "203.0.113.19", 48866, "failed")),
 (H, "198.51.100.18", '2024-05-02T09:00:00Z INFO Authentication failed (auth.failed) listenerId = "imaptls", localPort = 993, remoteIp = 198.51.100.18, remotePort = 51234, accountName = "admin@example.org", id = "admin@example.org"'),
 (B, None, st("08:20:00.000100", "DEBUG", "192.0.2.17", 50000, "success")),
 (B, None, '2024-05-02T08:21:00Z INFO Authentication successful (auth.success) listenerId = "imaptls", localPort = 993, remoteIp = 192.0.2.17, remotePort = 50011, accountName = "alice@example.org", accountId = 3'),
 (B, None, '2024-05-02T08:30:00Z WARN DKIM verification failed (dkim.fail) listenerId = "smtp", remoteIp = 198.51.100.16, from = "newsletter@example.com", domain = "example.com", reason = "Signature has expired"'),
]

# PowerDNS Authoritative (pdns tcpreceiver.cc: "AXFR of domain '…' denied to …", canDoAXFR "… denied: client IP … has no permission";
# "AXFR of domain '…' initiated by …" from a public log excerpt)
def pd(ts, msg): return f"May  2 {ts} ns1 pdns_server[1234]: {msg}"
S['powerdns'] = [
 (B, None, pd("08:00:00", "gmysql Connection successful")),
 (H, "203.0.113.29", pd("08:12:44", "AXFR of domain 'example.org' denied: client IP 203.0.113.29 has no permission")),
 (H, "203.0.113.29", pd("08:12:44", "AXFR of domain 'example.org' denied to 203.0.113.29")),
 (H, "198.51.100.28", pd("09:00:00", "AXFR of domain 'shop.example.org' denied: client IP 198.51.100.28 has no permission")),
 (B, None, pd("08:30:00", "AXFR of domain 'example.org' initiated by 192.0.2.27")),
 (B, None, pd("08:30:01", "AXFR of domain 'example.org' allowed: client IP 192.0.2.27 is in allow-axfr-ips")),
 (B, None, pd("08:50:00", "Backend reported permanent error which prevented lookup (GSQLBackend lookup query:SQLite3 Statement: database is locked), aborting")),
 (E, "198.51.100.26", pd("08:40:00", "Received NOTIFY for example.com from 198.51.100.26 but slave support is disabled in the configuration")),
]

# Proxmox Backup Server proxy (journal / syslog): "authentication failure; rhost=[ADDR]:PORT user=… msg=…"
def pbs(ts, msg): return f"May  2 {ts} pbs proxmox-backup-proxy[812]: {msg}"
S['proxmox-backup'] = [
 (H, "203.0.113.39", pbs("08:12:44", "authentication failure; rhost=[::ffff:203.0.113.39]:51234 user=root@pam msg=authentication failure")),
 (H, "203.0.113.39", pbs("08:12:49", "authentication failure; rhost=[::ffff:203.0.113.39]:51240 user=admin@pbs msg=user account disabled or expired.")),
 (H, "2001:db8:5::38", pbs("09:00:00", "authentication failure; rhost=[2001:db8:5::38]:40000 user=backup@pbs msg=authentication failure")),
 (B, None, pbs("08:20:00", "successful auth for user 'alice@pbs'")),
 (B, None, pbs("08:20:05", 'starting new backup on datastore \'store1\' from ::ffff:192.0.2.37: "vm/101/2024-05-02T08:20:05Z"')),
 (B, None, pbs("08:25:00", "TASK OK")),
 (B, None, pbs("08:26:00", "error during snapshot file listing: 'unable to load blob \"/mnt/store1/vm/101/2024-05-01T08:00:00Z/index.json.blob\" - No such file or directory (os error 2)'")),
]

# Navidrome (logrus text; the failed login names the client in the dumped request headers: fail2ban recipes
# match `msg="Unsuccessful login".*X-Real-Ip:\[<ADDR>\]`)
def nd(ts, lvl, rest): return f'time="2024-05-02T{ts}Z" level={lvl} {rest}'
HDR = 'map[Accept:[application/json] Content-Type:[application/json] User-Agent:[python-requests/2.31.0] X-Forwarded-For:[{ip}] X-Forwarded-Proto:[https] X-Real-Ip:[{ip}]]'
S['navidrome'] = [
 (B, None, nd("08:00:00", "info", 'msg="Navidrome server is ready!" address="0.0.0.0:4533" startupTime=1.2s')),
 (H, "203.0.113.49", nd("08:12:44", "warning", 'msg="Unsuccessful login" auth=internal requestId=nas/Ab12Cd34-000123 username=admin request="' + HDR.format(ip="203.0.113.49") + '"')),
 (H, "203.0.113.49", nd("08:12:46", "warning", 'msg="Unsuccessful login" auth=internal requestId=nas/Ab12Cd34-000124 username=navidrome request="' + HDR.format(ip="203.0.113.49") + '"')),
 (H, "198.51.100.48", nd("09:00:00", "warning", 'msg="Unsuccessful login" auth=internal requestId=nas/Ab12Cd34-000200 username=alice request="' + HDR.format(ip="198.51.100.48") + '"')),
 (B, None, nd("08:20:00", "info", 'msg="Scanner: Finished scanning all libraries" duration=12.3s')),
 (B, None, nd("08:21:00", "error", 'msg="Error reading directory" error="open /music/Unsorted: permission denied" path=/music/Unsorted')),
 (B, None, nd("08:22:00", "warning", 'msg="Could not retrieve artist info" agent=lastfm error="invalid API key" artist="Unknown Artist"')),
]

# Gotify server: Gin request log ("[GIN] date - time | status | latency | client | method path");
# the web UI logs in with POST /client under basic auth
def gin(ts, st_, lat, ip, meth, path): return f'[GIN] 2024/05/02 - {ts} | {st_} | {lat:>13} | {ip:>15} | {meth:<7} "{path}"'
S['gotify'] = [
 (H, "203.0.113.59", gin("08:12:44", 401, "98.711ms", "203.0.113.59", "POST", "/client")),
 (H, "203.0.113.59", gin("08:12:45", 401, "97.004ms", "203.0.113.59", "POST", "/client")),
 (H, "198.51.100.58", gin("09:00:00", 401, "101.2ms", "198.51.100.58", "POST", "/client")),
 (E, "198.51.100.57", gin("09:10:00", 401, "41.3µs", "198.51.100.57", "GET", "/current/user")),
 (B, None, gin("08:20:00", 200, "99.1ms", "192.0.2.56", "POST", "/client")),
 (B, None, gin("08:20:01", 200, "1.2ms", "192.0.2.56", "GET", "/application")),
 (B, None, gin("08:21:00", 200, "3.5ms", "172.18.0.1", "POST", "/message?token=AbCdEf1234")),
 (B, None, gin("08:22:00", 404, "12.1µs", "192.0.2.56", "GET", "/static/favicon-32x32.png")),
 (B, None, gin("08:23:00", 200, "5m0.1s", "192.0.2.56", "GET", "/stream")),
 (B, None, gin("08:24:00", 200, "2.2ms", "192.0.2.56", "DELETE", "/message/12")),
]

# sshguard (sshguard(8) 2.x: "Attack from \"ADDR\" on service … with danger N.", "Blocking \"ADDR/32\" for N secs …")
def sg(ts, msg): return f"May  2 {ts} fbsd sshguard[812]: {msg}"
S['sshguard'] = [
 (B, None, sg("08:00:00", "Now monitoring attacks.")),
 (H, "203.0.113.69", sg("08:12:44", 'Attack from "203.0.113.69" on service 100 with danger 10.')),
 (H, "203.0.113.69", sg("08:12:46", 'Attack from "203.0.113.69" on service 100 with danger 10.')),
 (H, "203.0.113.69", sg("08:12:48", 'Blocking "203.0.113.69/32" for 120 secs (3 attacks in 4 secs, after 1 abuses over 4 secs.)')),
 (H, "2001:db8:7::68", sg("09:00:00", 'Attack from "2001:db8:7::68" on service 100 with danger 10.')),
 (B, None, sg("08:30:00", "Exiting on signal.")),
]

out = sys.argv[1]
counts = sum((write_service(out, name, rows) for name, rows in S.items()), Counter())
print(len(S), "services, hostile", counts['H'], "benign", counts['B'], "either", counts['E'])
