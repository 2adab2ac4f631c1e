#!/usr/bin/env python3
"""Sixth held-out set ("fresh5"), written blind by helper fresh5 (27 Nov, sixth session): services absent from the
shared corpus and from tune/, test/, fresh/, fresh2/, fresh3/ and fresh4/ (checked by file name and by grepping every
set's lines for the service names), in formats the other sets hold little of: logfmt, JSON with nested objects, a CSV
export with a header row, multi-line records, RFC 5424 with structured data, journald's JSON export, tab-separated and
key=value records. Per service NAME.log and NAME.labels.jsonl; (label, host, line): H hostile (host = the attacker),
B benign, E either (not scored), N unlabelled. Labelled by ../shared/data/README.md's definitions before LogWarden ran
on any line; the formats and where each comes from are in README.md."""
import json, sys
from collections import Counter
from heldout import H, B, E, N, write_service
J = lambda o: json.dumps(o, separators=(',', ':'), ensure_ascii=False)
S = {}

# Redmine production.log (Rails): one request is a multi-line record; AccountController logs
# "Failed login for '%s' from %s at %s" and "Successful authentication for '%s' from %s at %s".
S['redmine'] = [
 (N, None, 'Started POST "/login" for 203.0.113.101 at 2024-05-02 08:12:44 +0000'),
 (N, None, 'Processing by AccountController#login as HTML'),
 (N, None, '  Parameters: {"authenticity_token"=>"[FILTERED]", "back_url"=>"https://pm.example.org/", "username"=>"admin", "password"=>"[FILTERED]", "login"=>"Login"}'),
 (H, "203.0.113.101", "Failed login for 'admin' from 203.0.113.101 at 2024-05-02 08:12:44 UTC"),
 (N, None, '  Rendered account/login.html.erb within layouts/base (Duration: 3.1ms | Allocations: 1520)'),
 (N, None, 'Completed 200 OK in 312ms (Views: 12.0ms | ActiveRecord: 4.2ms | Allocations: 9214)'),
 (H, "203.0.113.101", "Failed login for 'redmine' from 203.0.113.101 at 2024-05-02 08:12:47 UTC"),
 (H, "198.51.100.102", 'Started GET "/.env" for 198.51.100.102 at 2024-05-02 08:20:01 +0000'),
 (N, None, '  '),
 (N, None, 'ActionController::RoutingError (No route matches [GET] "/.env"):'),
 (B, None, 'Started GET "/issues/1204" for 192.0.2.101 at 2024-05-02 08:30:00 +0000'),
 (B, None, 'Processing by IssuesController#show as HTML'),
 (B, None, "Successful authentication for 'alice' from 192.0.2.101 at 2024-05-02 08:29:58 UTC"),
 (B, None, 'Completed 403 Forbidden in 21ms (Views: 4.0ms | ActiveRecord: 2.2ms | Allocations: 3001)'),
 (B, None, 'ActiveRecord::ConnectionNotEstablished (could not connect to server: Connection refused'),
 (B, None, '\tIs the server running on host "db" (172.18.0.3) and accepting TCP/IP connections on port 5432?'),
 (B, None, '):'),
 (B, None, "Failed sending mail: Net::ReadTimeout (smtp.example.org:587)"),
]

# oauth2-proxy: request log and auth log in one stream (oauth2-proxy/oauth2-proxy #2885, #3084, #2965, #2897).
def o2(ip, rid, user, ts, rest): return f"{ip} - {rid} - {user} [2024/05/02 {ts}] {rest}"
S['oauth2-proxy'] = [
 (B, None, "[2024/05/02 08:00:00] [oauthproxy.go:171] OAuthProxy configured for OpenID Connect Client ID: grafana"),
 (H, "203.0.113.111", o2("203.0.113.111", "9f1c2d3e-0a1b-4c5d-8e9f-001122334455", "mallory@evil.example", "08:12:44", "[AuthFailure] Invalid authentication via OAuth2: unauthorized")),
 (H, "203.0.113.111", o2("203.0.113.111", "9f1c2d3e-0a1b-4c5d-8e9f-001122334456", "admin", "08:12:50", "[AuthFailure] Invalid authentication via basic auth: not in htpasswd file")),
 (H, "198.51.100.112", o2("198.51.100.112", "7d0e1f2a-3b4c-4d5e-8f90-a1b2c3d4e5f6", "-", "08:20:00", 'auth.example.org GET - "/.git/config" HTTP/1.1 "Go-http-client/1.1" 403 2259 0.001')),
 (H, "198.51.100.112", o2("198.51.100.112", "7d0e1f2a-3b4c-4d5e-8f90-a1b2c3d4e5f7", "-", "08:20:01", 'auth.example.org GET - "/wp-admin/setup-config.php" HTTP/1.1 "Go-http-client/1.1" 403 2259 0.001')),
 (B, None, o2("10.19.255.4", "6b8ad3d13f383608814dd9ef99fe7c0c", "-", "08:23:17", 'oauth2-proxy.int.svc.cluster.local GET - "/oauth2/auth" HTTP/1.1 "" 401 13 0.000')),
 (B, None, o2("192.0.2.111", "29eb19d4-5d4d-4979-87f8-d604990f2b58", "alice@example.org", "08:36:57", "[AuthSuccess] Authenticated via OAuth2: Session{email:alice@example.org user:alice PreferredUsername:alice token:true id_token:true created:2024-05-02 08:36:57 +0000 UTC expires:2024-05-02 20:36:57 +0000 UTC}")),
 (B, None, o2("192.0.2.111", "29eb19d4-5d4d-4979-87f8-d604990f2b58", "-", "08:36:56", 'auth.example.org GET - "/oauth2/callback?code=abc&state=xyz%3A%2F" HTTP/1.1 "Mozilla/5.0" 302 24 0.450')),
 (B, None, "[2024/05/02 08:36:57] [oauthproxy.go:862] No valid authentication in request. Initiating login."),
 (B, None, "[2024/05/02 08:40:00] [oauthproxy.go:812] Error redeeming code during OAuth2 callback: token exchange failed: Post \"https://sso.example.org/token\": dial tcp 192.0.2.200:443: connect: connection refused"),
]

# Dante SOCKS server (danted) sockd.log, from knowledge of its block/pass lines (addresses as ADDR.PORT).
def dn(ts, msg): return f"May  2 {ts} (1714637564.123456) danted[2211]: {msg}"
S['dante'] = [
 (B, None, dn("08:00:00", "info: Dante/server[1/1] v1.4.3 running")),
 (H, "203.0.113.121", dn("08:12:44", "info: block(1): tcp/accept ]: 203.0.113.121.51234 192.0.2.10.1080: error after reading 3 bytes in 0 seconds: client offered no acceptable authentication method")),
 (H, "203.0.113.121", dn("08:12:46", 'info: block(1): tcp/accept ]: 203.0.113.121.51240 192.0.2.10.1080: error after reading 24 bytes in 0 seconds: username "admin": system password authentication failed')),
 (H, "198.51.100.122", dn("08:20:00", "info: block(1): tcp/accept ]: 198.51.100.122.40000 192.0.2.10.1080: blocked by client-rule #2")),
 (B, None, dn("08:30:00", "info: pass(1): tcp/accept [: 192.0.2.121.50512 192.0.2.10.1080")),
 (B, None, dn("08:30:01", "info: pass(1): tcp/connect [: username%alice@192.0.2.121.50512 192.0.2.10.1080 -> 192.0.2.10.40122 198.51.100.200.443")),
 (B, None, dn("08:31:00", "info: pass(1): tcp/connect ]: 1024 -> username%alice@192.0.2.121.50512 192.0.2.10.1080 -> 0, 0 -> 192.0.2.10.40122 198.51.100.200.443 -> 4096: local client closed.  Session duration: 59s")),
 (B, None, dn("08:40:00", "error: accept(): Too many open files")),
 (B, None, dn("08:41:00", "warning: checkconfig(): no debuglevel set")),
]

# Zeek notice.log and ssh.log as JSON lines (Zeek documentation: Notice framework, SSH::Password_Guessing,
# Scan::Port_Scan; ssh.log fields id.orig_h, auth_success, auth_attempts), from knowledge.
S['zeek'] = [
 (H, "203.0.113.131", J({"ts": 1714637564.123, "uid": "CHhAvVGS1DHFjwGM9", "note": "SSH::Password_Guessing", "msg": "203.0.113.131 appears to be guessing SSH passwords (seen in 30 connections).", "sub": "Sampled servers:  192.0.2.10, 192.0.2.10, 192.0.2.10", "src": "203.0.113.131", "peer_descr": "zeek", "actions": ["Notice::ACTION_LOG"], "suppress_for": 3600.0})),
 (H, "198.51.100.132", J({"ts": 1714637600.5, "note": "Scan::Port_Scan", "msg": "198.51.100.132 scanned at least 15 unique ports of host 192.0.2.10 in 0m2s", "sub": "local", "src": "198.51.100.132", "dst": "192.0.2.10", "peer_descr": "zeek", "actions": ["Notice::ACTION_LOG"], "suppress_for": 3600.0})),
 (H, "203.0.113.133", J({"ts": 1714637700.25, "uid": "C4J4Th3PJpwUYZZ6gc", "id.orig_h": "203.0.113.133", "id.orig_p": 51234, "id.resp_h": "192.0.2.10", "id.resp_p": 22, "version": 2, "auth_success": False, "auth_attempts": 3, "direction": "INBOUND", "client": "SSH-2.0-libssh2_1.9.0", "server": "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13", "cipher_alg": "aes128-ctr", "mac_alg": "hmac-sha2-256", "kex_alg": "curve25519-sha256", "host_key_alg": "ssh-ed25519"})),
 (H, "198.51.100.134", J({"ts": 1714637800.0, "uid": "CUM0KZ3MLUfNB0cl11", "id.orig_h": "198.51.100.134", "id.orig_p": 40100, "id.resp_h": "192.0.2.10", "id.resp_p": 22, "version": 2, "auth_success": False, "auth_attempts": 6, "direction": "INBOUND", "client": "SSH-2.0-Go", "server": "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13"})),
 (B, None, J({"ts": 1714638000.0, "uid": "CmES5u32sYpV7JYN", "id.orig_h": "192.0.2.131", "id.orig_p": 50022, "id.resp_h": "192.0.2.10", "id.resp_p": 22, "version": 2, "auth_success": True, "auth_attempts": 1, "direction": "INBOUND", "client": "SSH-2.0-OpenSSH_9.7", "server": "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13"})),
 (B, None, J({"ts": 1714638100.0, "note": "SSL::Invalid_Server_Cert", "msg": "SSL certificate validation failed with (unable to get local issuer certificate)", "sub": "CN=legacy.example.net", "src": "192.0.2.10", "dst": "198.51.100.200", "p": 443, "peer_descr": "zeek", "actions": ["Notice::ACTION_LOG"], "suppress_for": 86400.0})),
 (B, None, J({"ts": 1714638200.0, "note": "CaptureLoss::Too_Much_Loss", "msg": "The capture loss script detected an estimated loss rate above 10.000%", "sub": "12.5% lost in the last interval", "peer_descr": "zeek", "actions": ["Notice::ACTION_LOG"]})),
 (B, None, J({"ts": 1714638300.0, "note": "Software::Vulnerable_Version", "msg": "Host 192.0.2.10 is running a vulnerable version of OpenSSH", "src": "192.0.2.10", "peer_descr": "zeek", "actions": ["Notice::ACTION_LOG"]})),
]

# FortiGate syslog (key=value; FortiOS log reference: logid 0100032002 "Admin login failed", SSL VPN "ssl-login-fail",
# forward traffic deny, IPS signature), from knowledge.
def fg(ts, body): return f'date=2024-05-02 time={ts} devname="FGT60F" devid="FGT60FTK22090001" eventtime=1714637564123456789 tz="+0000" {body}'
S['fortigate'] = [
 (H, "203.0.113.141", fg("08:12:44", 'logid="0100032002" type="event" subtype="system" level="alert" vd="root" logdesc="Admin login failed" sn="0" user="admin" ui="https(203.0.113.141)" method="https" srcip=203.0.113.141 dstip=192.0.2.1 action="login" status="failed" reason="passwd_invalid" msg="Administrator admin login failed from https(203.0.113.141) because of invalid password"')),
 (H, "203.0.113.141", fg("08:12:49", 'logid="0100032002" type="event" subtype="system" level="alert" vd="root" logdesc="Admin login failed" sn="0" user="root" ui="ssh(203.0.113.141)" method="ssh" srcip=203.0.113.141 dstip=192.0.2.1 action="login" status="failed" reason="name_invalid" msg="Administrator root login failed from ssh(203.0.113.141) because of invalid user name"')),
 (H, "198.51.100.142", fg("08:20:00", 'logid="0101039426" type="event" subtype="vpn" level="alert" vd="root" logdesc="SSL VPN login fail" action="ssl-login-fail" tunneltype="ssl-web" tunnelid=0 remip=198.51.100.142 user="vpnuser" group="N/A" dst_host="N/A" reason="sslvpn_login_unknown_user" msg="SSL user failed to logged in"')),
 (H, "203.0.113.143", fg("08:25:00", 'logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" srcip=203.0.113.143 srcport=51234 srcintf="wan1" srcintfrole="wan" dstip=192.0.2.20 dstport=3389 dstintf="internal" dstintfrole="lan" proto=6 action="deny" policyid=0 policytype="policy" service="RDP" trandisp="noop" duration=0 sentbyte=0 rcvdbyte=0 sentpkt=0 crscore=30 craction=131072 crlevel="high"')),
 (H, "198.51.100.144", fg("08:26:00", 'logid="0419016384" type="utm" subtype="ips" eventtype="signature" level="alert" vd="root" severity="critical" srcip=198.51.100.144 srccountry="Reserved" dstip=192.0.2.20 srcintf="wan1" dstintf="internal" sessionid=90211 action="dropped" proto=6 service="HTTPS" policyid=3 attack="Apache.Log4j.Error.Log.Remote.Code.Execution" srcport=40000 dstport=443 direction="outgoing" attackid=51006 ref="http://www.fortinet.com/ids/VID51006" incidentserialno=188871 msg="applications3: Apache.Log4j.Error.Log.Remote.Code.Execution"')),
 (B, None, fg("08:30:00", 'logid="0100032001" type="event" subtype="system" level="information" vd="root" logdesc="Admin login successful" sn="1714637400" user="admin" ui="https(192.0.2.141)" method="https" srcip=192.0.2.141 dstip=192.0.2.1 action="login" status="success" reason="none" profile="super_admin" msg="Administrator admin logged in successfully from https(192.0.2.141)"')),
 (B, None, fg("08:31:00", 'logid="0101039947" type="event" subtype="vpn" level="information" vd="root" logdesc="SSL VPN tunnel up" action="tunnel-up" tunneltype="ssl-tunnel" tunnelid=12 remip=192.0.2.142 tunnelip=10.212.134.200 user="alice" group="vpn-users" dst_host="N/A" reason="tunnel established" msg="SSL tunnel established"')),
 (B, None, fg("08:32:00", 'logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" srcip=192.168.1.20 srcport=50000 srcintf="internal" dstip=198.51.100.200 dstport=443 dstintf="wan1" proto=6 action="accept" policyid=1 service="HTTPS" duration=12 sentbyte=4012 rcvdbyte=18234')),
 (B, None, fg("08:33:00", 'logid="0100041000" type="event" subtype="system" level="error" vd="root" logdesc="FortiGuard update failed" status="failure" msg="Fortigate scheduled update fcni=yes fdni=yes fsci=yes from 192.0.2.250:443 failed: connection refused"')),
 (B, None, fg("08:34:00", 'logid="0100032003" type="event" subtype="system" level="information" vd="root" logdesc="Admin logout successful" sn="1714637400" user="admin" ui="https(192.0.2.141)" method="https" srcip=192.0.2.141 dstip=192.0.2.1 action="logout" status="success" duration=240 state="Timeout" msg="Administrator admin timed out on https(192.0.2.141)"')),
]

# MikroTik RouterOS remote syslog (topics "system,error,critical", "system,info,account", firewall log prefixes), from knowledge.
def ro(ts, topics, msg): return f"May  2 {ts} 192.0.2.1 {topics} {msg}"
S['routeros'] = [
 (H, "203.0.113.151", ro("08:12:44", "system,error,critical", "login failure for user admin from 203.0.113.151 via ssh")),
 (H, "203.0.113.151", ro("08:12:48", "system,error,critical", "login failure for user root from 203.0.113.151 via winbox")),
 (H, "198.51.100.152", ro("08:20:00", "system,error,critical", "login failure for user ubnt from 198.51.100.152 via telnet")),
 (H, "198.51.100.153", ro("08:25:00", "firewall,info", "DROP_WAN input: in:ether1 out:(unknown 0), src-mac 00:0c:42:11:22:33, proto TCP (SYN), 198.51.100.153:51234->192.0.2.1:8291, len 60")),
 (B, None, ro("08:30:00", "system,info,account", "user admin logged in from 192.0.2.151 via winbox")),
 (B, None, ro("08:45:00", "system,info,account", "user admin logged out from 192.0.2.151 via winbox")),
 (B, None, ro("08:31:00", "system,info", "dhcp-client on ether1 got IP address 192.0.2.1")),
 (B, None, ro("08:32:00", "interface,info", "ether2 link down")),
 (B, None, ro("08:33:00", "system,error,critical", "router was rebooted without proper shutdown")),
 (B, None, ro("08:34:00", "system,info", "device changed by admin")),
]

# rsync daemon in journald's JSON export (journalctl -o json; MESSAGE as rsyncd writes it: "auth failed on module %s
# from %s (%s): %s", "rsync denied on module %s from %s (%s)", "rsync on %s from %s@%s (%s)"), from knowledge.
def jr(usec, pid, msg, prio="6"):
    return J({"__CURSOR": f"s=4b1c;i={usec % 100000:x}", "__REALTIME_TIMESTAMP": str(usec), "__MONOTONIC_TIMESTAMP": str(usec - 1714000000000000),
              "_BOOT_ID": "0f3c2b1a9e8d7c6b5a4f3e2d1c0b9a88", "PRIORITY": prio, "SYSLOG_FACILITY": "3", "SYSLOG_IDENTIFIER": "rsyncd",
              "_PID": str(pid), "_COMM": "rsync", "_EXE": "/usr/bin/rsync", "_SYSTEMD_UNIT": "rsync.service", "_HOSTNAME": "backup", "MESSAGE": msg})
S['rsyncd'] = [
 (B, None, jr(1714637400000000, 711, "rsyncd version 3.2.7 starting, listening on port 873")),
 (N, None, jr(1714637564100000, 2301, "connect from UNKNOWN (203.0.113.161)")),
 (H, "203.0.113.161", jr(1714637564200000, 2301, "auth failed on module backup from UNKNOWN (203.0.113.161): password mismatch", "4")),
 (H, "203.0.113.161", jr(1714637569200000, 2302, "auth failed on module backup from UNKNOWN (203.0.113.161): unauthorized user", "4")),
 (H, "198.51.100.162", jr(1714637600000000, 2310, "rsync denied on module secret from scan.example.net (198.51.100.162)", "4")),
 (N, None, jr(1714637700000000, 2320, "connect from nas.example.org (192.0.2.161)")),
 (B, None, jr(1714637700100000, 2320, "rsync on backup/ from alice@nas.example.org (192.0.2.161)")),
 (B, None, jr(1714637760000000, 2320, "sent 1234 bytes  received 56789012 bytes  total size 987654321")),
 (B, None, jr(1714637761000000, 2321, 'rsync: [sender] link_stat "/srv/backup/old" (in backup) failed: No such file or directory (2)', "3")),
 (B, None, jr(1714637762000000, 2321, "rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1338) [sender=3.2.7]", "3")),
]

# Percona Server audit_log plugin, JSON format (audit_record: name, status, user, host, ip), from knowledge.
def pa(name, ts, cid, status, user, ip, extra=None, host=""):
    r = {"name": name, "record": f"{cid}_2024-05-02T08:00:00", "timestamp": f"2024-05-02T{ts}Z", "connection_id": str(cid), "status": status,
         "user": user, "priv_user": user if status == 0 else "", "os_login": "", "proxy_user": "", "host": host, "ip": ip, "db": ""}
    if extra: r.update(extra)
    return J({"audit_record": r})
S['percona-audit'] = [
 (H, "203.0.113.171", pa("Connect", "08:12:44", 15, 1045, "root", "203.0.113.171")),
 (H, "203.0.113.171", pa("Connect", "08:12:45", 16, 1045, "admin", "203.0.113.171")),
 (H, "198.51.100.172", pa("Connect", "08:20:00", 20, 1045, "wordpress", "198.51.100.172", host="scan.example.net")),
 (B, None, pa("Connect", "08:30:00", 31, 0, "app", "192.0.2.171", {"db": "shop"})),
 (B, None, pa("Query", "08:30:01", 31, 1146, "app", "192.0.2.171", {"command_class": "select", "sqltext": "SELECT * FROM wp_options WHERE autoload = 'yes'", "db": "shop"})),
 (B, None, pa("Query", "08:30:02", 31, 1142, "app", "192.0.2.171", {"command_class": "drop_table", "sqltext": "DROP TABLE audit_archive", "db": "shop"})),
 (B, None, pa("Quit", "08:30:05", 31, 0, "app", "192.0.2.171")),
 (B, None, pa("Connect", "08:31:00", 32, 0, "backup", "", host="localhost")),
]

# etcd zap JSON log ("rejected connection on client endpoint", prober and slow-apply warnings), from knowledge.
def ec(level, ts, caller, msg, **kv): return J({"level": level, "ts": f"2024-05-02T{ts}Z", "caller": caller, "msg": msg, **kv})
S['etcd'] = [
 (B, None, ec("info", "08:00:00.100", "embed/serve.go:250", "serving client traffic securely", **{"traffic": "grpc+http", "address": "0.0.0.0:2379"})),
 (H, "203.0.113.181", ec("warn", "08:12:44.123", "embed/config_logging.go:160", "rejected connection on client endpoint", **{"remote-addr": "203.0.113.181:51234", "server-name": "", "error": "tls: client didn't provide a certificate"})),
 (H, "203.0.113.181", ec("warn", "08:12:45.456", "embed/config_logging.go:160", "rejected connection on client endpoint", **{"remote-addr": "203.0.113.181:51240", "server-name": "", "error": "tls: failed to verify certificate: x509: certificate signed by unknown authority"})),
 (E, "198.51.100.182", ec("warn", "08:20:00.000", "embed/config_logging.go:160", "rejected connection on client endpoint", **{"remote-addr": "198.51.100.182:40000", "server-name": "", "error": "tls: first record does not look like a TLS handshake"})),
 (N, None, ec("warn", "08:21:00.000", "auth/store.go:1198", "authentication failed", **{"user-name": "root", "error": "etcdserver: authentication failed, invalid user ID or password"})),
 (B, None, ec("warn", "08:30:00.000", "rafthttp/probing_status.go:68", "prober detected unhealthy status", **{"round-tripper-name": "ROUND_TRIPPER_RAFT_MESSAGE", "remote-peer-id": "8e9e05c52164694d", "rtt": "0s", "error": "dial tcp 192.0.2.183:2380: connect: connection refused"})),
 (B, None, ec("warn", "08:31:00.000", "etcdserver/util.go:170", "apply request took too long", **{"took": "212.5ms", "expected-duration": "100ms", "prefix": "read-only range ", "request": "key:\"/registry/secrets/\" range_end:\"/registry/secrets0\" count_only:true ", "response": "range_response_count:0 size:7"})),
 (B, None, ec("warn", "08:32:00.000", "wal/wal.go:805", "slow fdatasync", **{"took": "1.2s", "expected-duration": "1s"})),
]

# Windows Security events forwarded by Snare (tab-separated MSWinEventLog records in syslog), from knowledge.
def sn(ts, num, eid, kind, cat, text):
    return f"<13>May  2 {ts} WIN-SRV01 MSWinEventLog\t1\tSecurity\t{num}\tThu May 02 {ts} 2024\t{eid}\tMicrosoft-Windows-Security-Auditing\tN/A\tN/A\t{kind}\tWIN-SRV01\t{cat}\t\t{text}\t{num}"
F4625 = ("An account failed to log on.    Subject:   Security ID:  S-1-0-0   Account Name:  -   Account Domain:  -   Logon ID:  0x0    Logon Type:   3    "
         "Account For Which Logon Failed:   Security ID:  S-1-0-0   Account Name:  {user}   Account Domain:  {dom}    Failure Information:   Failure Reason:  Unknown user name or bad password.   "
         "Status:   0xC000006D   Sub Status:  {sub}    Process Information:   Caller Process ID: 0x0   Caller Process Name: -    Network Information:   Workstation Name: {ws}   "
         "Source Network Address: {ip}   Source Port:  0    Detailed Authentication Information:   Logon Process:  NtLmSsp    Authentication Package: NTLM")
S['windows-snare'] = [
 (H, "203.0.113.191", sn("08:12:44", 120001, 4625, "Failure Audit", "Logon", F4625.format(user="administrator", dom="WIN-SRV01", sub="0xC000006A", ws="kali", ip="203.0.113.191"))),
 (H, "203.0.113.191", sn("08:12:45", 120002, 4625, "Failure Audit", "Logon", F4625.format(user="admin", dom="", sub="0xC0000064", ws="kali", ip="203.0.113.191"))),
 (H, "198.51.100.192", sn("08:20:00", 120010, 4625, "Failure Audit", "Logon", F4625.format(user="scanner", dom="", sub="0xC0000064", ws="-", ip="198.51.100.192"))),
 (N, None, sn("08:21:00", 120011, 4625, "Failure Audit", "Logon", F4625.format(user="svc_backup", dom="CORP", sub="0xC000006A", ws="WIN-SRV01", ip="-"))),
 (B, None, sn("08:30:00", 120020, 4624, "Success Audit", "Logon", "An account was successfully logged on.    Subject:   Security ID:  S-1-0-0   Account Name:  -    Logon Information:   Logon Type:  10   Restricted Admin Mode: No    New Logon:   Security ID:  S-1-5-21-1111-2222-3333-500   Account Name:  alice   Account Domain:  CORP    Network Information:   Workstation Name: LAPTOP-7   Source Network Address: 192.0.2.191   Source Port:  50123    Detailed Authentication Information:   Logon Process:  User32    Authentication Package: Negotiate")),
 (B, None, sn("08:30:01", 120021, 4672, "Success Audit", "Special Logon", "Special privileges assigned to new logon.    Subject:   Security ID:  S-1-5-21-1111-2222-3333-500   Account Name:  alice   Account Domain:  CORP   Logon ID:  0x3E7A12    Privileges:  SeSecurityPrivilege   SeBackupPrivilege   SeDebugPrivilege")),
 (B, None, sn("08:45:00", 120030, 4634, "Success Audit", "Logoff", "An account was logged off.    Subject:   Security ID:  S-1-5-21-1111-2222-3333-500   Account Name:  alice   Account Domain:  CORP   Logon ID:  0x3E7A12    Logon Type:   10")),
 (B, None, sn("08:46:00", 120031, 5156, "Success Audit", "Filtering Platform Connection", "The Windows Filtering Platform has permitted a connection.    Application Information:   Process ID:  4   Application Name: System    Network Information:   Direction:  Inbound   Source Address:  192.0.2.191   Source Port:  50200   Destination Address: 192.0.2.30   Destination Port:  445   Protocol:  6")),
]

# Haraka: core connect/disconnect lines and plugin hook results ([LEVEL] [UUID] [plugin] message), from knowledge;
# the AUTH failure line of the auth plugins names no client: its host is the connect line's.
def hk(level, uuid, plugin, msg): return f"2024-05-02T08:{uuid[:2]}:00.000Z [{level}] [{uuid}] [{plugin}] {msg}"
U1, U2, U3, U4 = "12F1A3C4-5B6D-4E7F-8091-A2B3C4D5E6F7.1", "13A0B1C2-D3E4-4F50-8617-28394A5B6C7D.1", "20C1D2E3-F405-4162-8738-495A6B7C8D9E.1", "30D2E3F4-0516-4273-8849-5A6B7C8D9EAF.1"
S['haraka'] = [
 (N, None, hk("INFO", U1, "core", "connect ip=203.0.113.201 port=51234 local_ip=192.0.2.10 local_port=587")),
 (H, "203.0.113.201", hk("NOTICE", U1, "auth/flat_file", 'AUTH user="admin@example.org" success=false method=LOGIN')),
 (H, "203.0.113.201", hk("NOTICE", U1, "core", 'disconnect ip=203.0.113.201 rdns=NXDOMAIN helo="User" relay=N early=N esmtp=Y tls=Y pipe=N errors=1 txns=0 rcpts=0/0/0 msgs=0/0/0 bytes=0 lr="535 5.7.8 Authentication failed" time=3.21')),
 (H, "198.51.100.202", hk("INFO", U2, "core", 'hook=connect plugin=dnsbl function=hook_connect params="" retval=DENY msg="host [198.51.100.202] is blacklisted by zen.spamhaus.org"')),
 (N, None, hk("INFO", U3, "core", "connect ip=198.51.100.203 port=40000 local_ip=192.0.2.10 local_port=25")),
 (H, "198.51.100.203", hk("INFO", U3, "core", 'hook=rcpt plugin=rcpt_to.in_host_list function=hook_rcpt params=<victim@other.example> retval=DENY msg="I cannot deliver mail for <victim@other.example>"')),
 (N, None, hk("INFO", U4, "core", "connect ip=192.0.2.201 port=50500 local_ip=192.0.2.10 local_port=587")),
 (B, None, hk("INFO", U4, "tls", "secured: cipher=TLS_AES_256_GCM_SHA384 version=TLSv1.3 verified=false error=\"unable to verify the first certificate\"")),
 (B, None, hk("NOTICE", U4, "auth/flat_file", 'AUTH user="alice@example.org" success=true method=PLAIN')),
 (B, None, hk("NOTICE", U4, "core", 'disconnect ip=192.0.2.201 rdns=client.example.org helo="[192.0.2.201]" relay=Y early=N esmtp=Y tls=Y pipe=N errors=0 txns=1 rcpts=1/0/0 msgs=1/0/0 bytes=2048 lr="" time=1.02')),
 (B, None, "2024-05-02T08:40:00.000Z [WARN] [-] [outbound] Temporary failure: 421 4.4.2 connection to mx.other.example (198.51.100.250) failed: connect ECONNREFUSED 198.51.100.250:25"),
]

# maddy mail server (its fail2ban filter matches 'authentication failed\t{"reason":…,"src_ip":"HOST:PORT","username":…}';
# foxcpp/maddy #208), from knowledge of that filter; the other lines too.
TAB = "\t"
S['maddy'] = [
 (H, "203.0.113.211", f'2024-05-02T08:12:44.123Z submission: authentication failed{TAB}{{"reason":"imapsql: user not found","src_ip":"203.0.113.211:51234","username":"admin@example.org"}}'),
 (H, "203.0.113.211", f'2024-05-02T08:12:47.001Z submission: authentication failed{TAB}{{"reason":"imapsql: user not found","src_ip":"203.0.113.211:51240","username":"test"}}'),
 (H, "198.51.100.212", f'2024-05-02T08:20:00.000Z imap: authentication failed{TAB}{{"reason":"invalid credentials","src_ip":"198.51.100.212:40000","username":"alice@example.org"}}'),
 (B, None, f'2024-05-02T08:30:00.000Z submission: incoming message{TAB}{{"msg_id":"6b1f2c3d","sender":"alice@example.org","src_host":"laptop","src_ip":"192.0.2.211:50000"}}'),
 (B, None, f'2024-05-02T08:30:02.000Z queue: delivery attempt failed{TAB}{{"msg_id":"6b1f2c3d","rcpt":"bob@other.example","reason":"dial tcp 198.51.100.250:25: connect: connection refused","remote_server":"mx.other.example"}}'),
 (B, None, f'2024-05-02T08:31:00.000Z smtp: incoming message{TAB}{{"msg_id":"7c2a3b4d","sender":"news@lists.example.net","src_host":"mail.lists.example.net","src_ip":"198.51.100.213:36000"}}'),
 (B, None, f'2024-05-02T08:31:01.000Z check.dkim: no signatures present{TAB}{{"msg_id":"7c2a3b4d"}}'),
]

# Unbound with log-replies (NLnetLabs/unbound #1302: "reply: CLIENT null TYPE0 CLASS0 REFUSED …" for a client that
# access-control refuses) and log-queries; the validation lines from knowledge.
def ub(ts, msg): return f"May  2 {ts} ns1 unbound: [1234:0] {msg}"
S['unbound'] = [
 (B, None, ub("08:00:00", "notice: init module 0: validator")),
 (N, None, ub("08:12:44", "info: 203.0.113.221 example.com. ANY IN")),
 (H, "203.0.113.221", ub("08:12:44", "info: reply: 203.0.113.221 null TYPE0 CLASS0 REFUSED 0.000000 1 12")),
 (H, "198.51.100.222", ub("08:20:00", "info: reply: 198.51.100.222 isc.org. ANY IN REFUSED 0.000000 0 29")),
 (B, None, ub("08:30:00", "info: reply: 192.0.2.221 www.example.org. A IN NOERROR 0.012345 0 45")),
 (B, None, ub("08:30:01", "info: reply: 127.0.0.1 nonexistent.example. A IN NXDOMAIN 0.020000 0 104")),
 (B, None, ub("08:31:00", "info: validation failure <dnssec-failed.org. A IN>: no keys have a DS with algorithm RSASHA1 from 198.51.100.5 for key dnssec-failed.org. while building chain of trust")),
 (B, None, ub("08:31:00", "error: SERVFAIL <dnssec-failed.org. A IN>: all the configured stub or forward servers failed, at zone dnssec-failed.org.")),
]

# Knot DNS (knotd) zone events, from knowledge of its "[zone.] EVENT, remote ADDR@PORT, …" form.
def kn(ts, lvl, msg): return f"2024-05-02T{ts}+0000 {lvl}: {msg}"
S['knot'] = [
 (B, None, kn("08:00:00", "info", "[example.com.] zone file loaded, serial 2024050201")),
 (H, "203.0.113.231", kn("08:12:44", "notice", "[example.com.] ACL, denied, action transfer, remote 203.0.113.231@51234 TCP, key none")),
 (H, "198.51.100.232", kn("08:20:00", "notice", "[example.com.] ACL, denied, action update, remote 198.51.100.232@40000 UDP, key none")),
 (B, None, kn("08:30:00", "info", "[example.com.] AXFR, outgoing, remote 192.0.2.231@40001 TCP, started, serial 2024050201")),
 (B, None, kn("08:30:00", "info", "[example.com.] AXFR, outgoing, remote 192.0.2.231@40001 TCP, finished, 0.01 seconds, 1 messages, 512 bytes")),
 (B, None, kn("08:31:00", "warning", "[example.com.] DNSSEC, key, tag 12345, algorithm ECDSAP256SHA256, KSK ready, submission required")),
 (B, None, kn("08:32:00", "error", "[example.org.] refresh, remote 192.0.2.232@53, failed (connection refused)")),
]

# Technitium DNS Server log (TechnitiumSoftware/DnsServer #963, #767: "[date] [ADDR:PORT] [UDP] DNS Server refused a zone
# UPDATE request since the request IP address is not allowed by the zone: …"; #325: a secondary's refused transfer).
def td(ts, msg): return f"[2024-05-02 {ts} UTC] {msg}"
S['technitium'] = [
 (N, None, td("08:12:44", "[203.0.113.241:8237] [UDP] DNS Server received a zone UPDATE request for zone: example.com")),
 (H, "203.0.113.241", td("08:12:44", "[203.0.113.241:8237] [UDP] DNS Server refused a zone UPDATE request since the request IP address is not allowed by the zone: example.com")),
 (H, "198.51.100.242", td("08:20:00", "[198.51.100.242:40000] [TCP] DNS Server refused a zone transfer request since the request IP address is not allowed by the zone: example.com")),
 (H, "198.51.100.243", td("08:25:00", "[198.51.100.243:51234] Web Service failed to authenticate user: admin (invalid username or password)")),
 (B, None, td("08:30:00", "[192.0.2.241:53000] [admin] User logged in.")),
 (B, None, td("08:30:10", "[192.0.2.241:53000] [admin] DNS Settings were updated successfully.")),
 (B, None, td("08:31:00", "DNS Server received a zone transfer response (RCODE=Refused) for 'local' secondary zone from: 192.168.1.242:53")),
 (B, None, td("08:32:00", "DNS Server failed to resolve the request with QNAME: example.net; QTYPE: A; QCLASS: IN; System.Net.Sockets.SocketException (10060): Connection timed out")),
 (B, None, td("08:33:00", "Block List Zone was updated successfully.")),
]

# Headscale (zerolog console output; juanfont/headscale #1295, #2397 for the noise-upgrade error, #1536 for the
# unknown node key); the invalid-API-key lines from knowledge.
S['headscale'] = [
 (B, None, "2024-05-02T08:00:00Z INF listening and serving HTTP on: 0.0.0.0:8080"),
 (H, "203.0.113.251", "2024-05-02T08:12:44Z ERR failed to validate token error=\"invalid API key\" client_address=203.0.113.251:51234"),
 (H, "203.0.113.251", "2024-05-02T08:12:46Z ERR failed to validate token error=\"invalid API key\" client_address=203.0.113.251:51240"),
 (E, "198.51.100.252", "2024/05/02 08:20:00 http: TLS handshake error from 198.51.100.252:40000: tls: client offered only unsupported versions: [301]"),
 (B, None, "2024-05-02T08:30:00Z ERR noise upgrade failed error=\"noise handshake failed: decrypting machine key: chacha20poly1305: message authentication failed\""),
 (B, None, "2024/05/02 08:30:00 http: response.WriteHeader on hijacked connection from github.com/juanfont/headscale/hscontrol.(*Headscale).NoiseUpgradeHandler (noise.go:83)"),
 (B, None, "2024-05-02T08:31:00Z WRN Ignoring request, cannot find machine with key nodekey:6663bc68d9bfaf4cb98ea14a96f773185956b7bf4d662311d7d46c2634a53050 handler=NoisePollNetMap"),
 (B, None, "2024-05-02T08:32:00Z INF Machine successfully authorized machine=laptop-alice noise=true"),
]

# ISPConfig 3 /var/log/ispconfig/auth.log, from knowledge of the fail2ban filter HowtoForge publishes for it.
S['ispconfig'] = [
 (H, "203.0.113.2", "2024-05-02 08:12:44 Failed login for user 'admin' from 203.0.113.2"),
 (H, "203.0.113.2", "2024-05-02 08:12:49 Failed login for user 'root' from 203.0.113.2"),
 (H, "198.51.100.3", "2024-05-02 08:20:00 Failed login for user 'client1' from 198.51.100.3"),
 (B, None, "2024-05-02 08:30:00 Successful login for user 'admin' from 192.0.2.2"),
 (B, None, "2024-05-02 08:40:00 Successful login for user 'client1' from 192.0.2.3"),
]

# Plesk /var/log/plesk/panel.log, from knowledge (plesk-panel jail of Plesk's Fail2Ban).
def pl(ts, lvl, comp, msg): return f"[2024-05-02 {ts}.123] 2211:6633a1b2c3d4e {lvl} [{comp}] {msg}"
S['plesk'] = [
 (H, "203.0.113.12", pl("08:12:44", "ERR", "panel", "Failed login attempt with login 'admin' from IP 203.0.113.12")),
 (H, "203.0.113.12", pl("08:12:50", "ERR", "panel", "Failed login attempt with login 'root' from IP 203.0.113.12")),
 (H, "198.51.100.13", pl("08:20:00", "ERR", "panel", "Failed login attempt with login 'admin' from IP 198.51.100.13")),
 (B, None, pl("08:30:00", "INFO", "panel", "User 'admin' logged in from IP 192.0.2.12")),
 (B, None, pl("08:31:00", "ERR", "extension/letsencrypt", "Could not issue a Let's Encrypt SSL/TLS certificate for shop.example.org. Authorization for the domain failed. Details: Invalid response from http://shop.example.org/.well-known/acme-challenge/abc: 404")),
 (B, None, pl("08:32:00", "WARN", "panel", "Unable to connect to the mail server 127.0.0.1:25: Connection refused")),
 (B, None, pl("08:33:00", "INFO", "panel", "The password of user 'alice' was changed by 'admin'")),
]

# BookStack (LOG_FAILED_LOGIN_MESSAGE="Failed login for %u" on the errorlog_plain_webserver channel: the message ends
# in nginx's error log through PHP-FPM's stderr, with nginx's "client:"), from knowledge of BookStack's docs.
def ng(ts, cid, msg, client, req, extra=""): return f'2024/05/02 {ts} [error] 812#812: *{cid} {msg}, client: {client}, server: wiki.example.org, request: "{req}"{extra}, host: "wiki.example.org"'
UP = ', upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:"'
S['bookstack'] = [
 (H, "203.0.113.22", ng("08:12:44", 4512, 'FastCGI sent in stderr: "PHP message: Failed login for admin@admin.com" while reading response header from upstream', "203.0.113.22", "POST /login HTTP/1.1", UP)),
 (H, "203.0.113.22", ng("08:12:47", 4513, 'FastCGI sent in stderr: "PHP message: Failed login for admin@example.org" while reading response header from upstream', "203.0.113.22", "POST /login HTTP/1.1", UP)),
 (H, "198.51.100.23", ng("08:20:00", 4600, 'open() "/var/www/bookstack/public/.env" failed (2: No such file or directory)', "198.51.100.23", "GET /.env HTTP/1.1")),
 (B, None, ng("08:30:00", 4700, 'FastCGI sent in stderr: "PHP message: PHP Deprecated:  Creation of dynamic property is deprecated in /var/www/bookstack/vendor/league/commonmark/src/Environment.php on line 112" while reading response header from upstream', "192.0.2.22", "GET /books/handbook HTTP/2.0", UP)),
 (B, None, ng("08:31:00", 4701, 'open() "/var/www/bookstack/public/apple-touch-icon.png" failed (2: No such file or directory)', "192.0.2.22", "GET /apple-touch-icon.png HTTP/2.0")),
 (B, None, "[2024-05-02 08:32:00] production.ERROR: SQLSTATE[HY000] [2002] Connection refused (SQL: select * from `users` where `id` = 1 limit 1)"),
]

# Checkmk security.log (JSON details) and web.log, from knowledge.
def ck(ts, lvl, lg, msg): return f"2024-05-02 {ts},123 [{lvl}] [{lg} 2211] {msg}"
S['checkmk'] = [
 (H, "203.0.113.32", ck("08:12:44", 20, "cmk.security.auth", J({"summary": "authentication failed", "details": {"method": "login_form", "user": "cmkadmin", "remote_ip": "203.0.113.32"}}).replace(",", ", ").replace(":", ": "))),
 (H, "203.0.113.32", ck("08:12:48", 20, "cmk.security.auth", J({"summary": "authentication failed", "details": {"method": "login_form", "user": "admin", "remote_ip": "203.0.113.32"}}).replace(",", ", ").replace(":", ": "))),
 (H, "198.51.100.33", ck("08:20:00", 20, "cmk.security.auth", J({"summary": "authentication failed", "details": {"method": "automation_secret", "user": "automation", "remote_ip": "198.51.100.33"}}).replace(",", ", ").replace(":", ": "))),
 (B, None, ck("08:30:00", 20, "cmk.security.auth", J({"summary": "authentication succeeded", "details": {"method": "login_form", "user": "alice", "remote_ip": "192.0.2.32"}}).replace(",", ", ").replace(":", ": "))),
 (B, None, ck("08:31:00", 20, "cmk.security.user_management", J({"summary": "user created", "details": {"affected_user": "bob", "acting_user": "alice"}}).replace(",", ", ").replace(":", ": "))),
 (B, None, ck("08:32:00", 40, "cmk.web", "Error connecting to livestatus: [Errno 111] Connection refused")),
 (B, None, ck("08:33:00", 30, "cmk.web", "Host check of 'db01' failed: CRIT - 192.0.2.40: rta nan, lost 100%")),
]

# TShock (Terraria server) log, from knowledge of its login command's messages.
S['tshock'] = [
 (B, None, "2024-05-02 08:00:00 - TShock: INFO: TShock 5.2.0.0 (Mintaka) now running."),
 (H, "203.0.113.42", "2024-05-02 08:12:44 - TShock: WARN: 203.0.113.42 failed to authenticate as user: admin."),
 (H, "203.0.113.42", "2024-05-02 08:12:50 - TShock: WARN: 203.0.113.42 (Player1) had 3 or more invalid login attempts and was kicked automatically."),
 (B, None, "2024-05-02 08:20:00 - TShock: INFO: 192.0.2.42 authenticated successfully as user: alice."),
 (B, None, "2024-05-02 08:20:01 - TShock: INFO: alice (192.0.2.42) has joined."),
 (B, None, "2024-05-02 08:25:00 - TShock: ERROR: An exception occurred in a plugin hook: System.NullReferenceException: Object reference not set to an instance of an object."),
 (B, None, "2024-05-02 08:40:00 - TShock: INFO: alice has left."),
]

# OpenLiteSpeed error.log ([LEVEL] [pid] [ADDR:PORT-…#vhost] …; WebAdmin "Failed Login Attempt - username:… ip:… url:…"),
# from knowledge of the filters CyberPanel users publish.
def ls(ts, lvl, msg): return f"2024-05-02 {ts}.123456 [{lvl}] [812] {msg}"
S['openlitespeed'] = [
 (B, None, ls("08:00:00", "NOTICE", "[Child: 812] Setup swapping space..." )),
 (H, "203.0.113.52", ls("08:12:44", "INFO", "[203.0.113.52:51234-Q:1A2B3C-1#APVH_example.org] File not found [/var/www/html/.env]")),
 (H, "203.0.113.52", ls("08:12:45", "INFO", "[203.0.113.52:51234-Q:1A2B3C-2#APVH_example.org] File not found [/var/www/html/.git/config]")),
 (H, "198.51.100.54", "2024-05-02 08:20:00.123 [WARN] [WebAdmin] Failed Login Attempt - username:admin ip:198.51.100.54 url:/login.php"),
 (B, None, ls("08:30:00", "INFO", "[192.0.2.52:50000-Q:4D5E6F-1#APVH_example.org] File not found [/var/www/html/favicon.ico]")),
 (B, None, ls("08:31:00", "NOTICE", "[192.0.2.52:50000-Q:4D5E6F#APVH_example.org] Connection idle time too long: 31 while in state: 5 watching for event: 25, close!")),
 (B, None, ls("08:32:00", "ERROR", "[192.0.2.52:50002-Q:4D5E70-1#APVH_example.org:lsapi] [UDS://tmp/lshttpd/example_org.sock] Failed to connect to backend, connection refused")),
 (B, None, "2024-05-02 08:33:00.123 [INFO] [WebAdmin] Login successful - username:admin ip:192.0.2.53"),
]

# uWSGI default request log ("[pid: N|app: N|req: N/N] ADDR () {N vars in N bytes} [date] METHOD PATH => generated …
# (HTTP/1.1 STATUS) …"), from knowledge.
def uw(ip, ts, meth, path, status, ms=3, size=179): return f"[pid: 1812|app: 0|req: 51/203] {ip} () {{38 vars in 612 bytes}} [Thu May  2 {ts} 2024] {meth} {path} => generated {size} bytes in {ms} msecs (HTTP/1.1 {status}) 3 headers in 111 bytes (1 switches on core 0)"
S['uwsgi'] = [
 (H, "203.0.113.62", uw("203.0.113.62", "08:12:44", "GET", "/wp-login.php", 404)),
 (H, "203.0.113.62", uw("203.0.113.62", "08:12:45", "GET", "/.git/config", 404)),
 (H, "198.51.100.63", uw("198.51.100.63", "08:20:00", "POST", "/api/auth/login", 401, 120, 45)),
 (H, "198.51.100.63", uw("198.51.100.63", "08:20:02", "POST", "/api/auth/login", 401, 118, 45)),
 (B, None, uw("192.0.2.62", "08:30:00", "GET", "/", 200, 12, 5120)),
 (B, None, uw("192.0.2.62", "08:30:01", "GET", "/favicon.ico", 404, 1, 179)),
 (B, None, uw("127.0.0.1", "08:30:05", "GET", "/healthz", 200, 0, 2)),
 (B, None, uw("192.0.2.62", "08:30:06", "POST", "/api/auth/login", 200, 130, 512)),
 (B, None, "uwsgi_response_writev_headers_and_body_do(): Broken pipe [core/writer.c line 306] during GET /export.csv (192.0.2.63)"),
 (B, None, "OSError: write error"),
 (B, None, "*** HARAKIRI ON WORKER 2 (pid: 1815, try: 1) ***"),
]

# VerneMQ console.log (vernemq/vernemq #1316, #1569, #1921, #409, #1813: "can't authenticate client {[],<<"ID">>} from
# ADDR:PORT due to invalid_credentials").
def vm(ts, lvl, msg): return f"2024-05-02 {ts} [{lvl}] {msg}"
S['vernemq'] = [
 (B, None, vm("08:00:00.001", "info", "<0.210.0>@vmq_cluster:init:98 cluster event handler 'vmq_cluster' has been started")),
 (H, "203.0.113.72", vm("08:12:44.070", "warning", '<0.2157.0>@vmq_mqtt_fsm:check_user:585 can\'t authenticate client {[],<<"sensor-1">>} from 203.0.113.72:56630 due to invalid_credentials')),
 (H, "203.0.113.72", vm("08:12:49.073", "warning", '<0.2160.0>@vmq_mqtt_fsm:check_user:585 can\'t authenticate client {[],<<"admin">>} from 203.0.113.72:56642 due to invalid_credentials')),
 (H, "198.51.100.73", vm("08:20:00.000", "error", 'can\'t authenticate client {[],<<"mqtt-explorer-1a2b">>} from 198.51.100.73:45469 due to no_matching_hook_found')),
 (N, None, vm("08:21:00.000", "warning", '<0.2200.0>@vmq_mqtt_fsm:check_user:585 can\'t authenticate client {[],<<"karthitest11">>} due to error')),
 (B, None, vm("08:30:00.000", "error", 'can\'t execute find_one [{<<"client_id">>,<<"stefan">>}] due to exit:{{{bad_query,#{<<"$err">> => <<"not authorized for query on credentials.vmq_acl_auth">>,<<"code">> => 13}}}}')),
 (B, None, vm("08:31:00.000", "warning", 'session for client {[],<<"sensor-2">>} from 192.0.2.72:50000 stopped abnormally due to \'keepalive_expired\'')),
 (B, None, vm("08:32:00.000", "info", "Try to start vmq_swc: ok")),
]

# Synology DSM over RFC 5424 with structured data, from knowledge of DSM's Log Center messages.
def sy(pri, ts, app, sd, msg): return f"<{pri}>1 2024-05-02T{ts}+00:00 nas {app} - - {sd} {msg}"
SD = '[synolog@6574 synotype="Connection" luser="{u}" event_id="0x0001"]'
S['synology-dsm'] = [
 (H, "203.0.113.82", sy(36, "08:12:44", "Connection", SD.format(u="admin"), "User [admin] from [203.0.113.82] failed to sign in to [DSM] via [password] due to authorization failure.")),
 (H, "203.0.113.82", sy(36, "08:12:50", "Connection", SD.format(u="root"), "User [root] from [203.0.113.82] failed to log in via [SSH] due to authorization failure.")),
 (H, "203.0.113.82", sy(36, "08:12:51", "Connection", SD.format(u="SYSTEM"), "Host [203.0.113.82] was blocked via [DSM].")),
 (H, "198.51.100.83", sy(36, "08:20:00", "Connection", SD.format(u="guest"), "User [guest] from [198.51.100.83] failed to log in via [SMB] due to authorization failure.")),
 (B, None, sy(38, "08:30:00", "Connection", SD.format(u="alice"), "User [alice] from [192.0.2.82] signed in to [DSM] successfully via [password].")),
 (B, None, sy(38, "08:45:00", "Connection", SD.format(u="alice"), "User [alice] from [192.0.2.82] logged out the server via [SMB].")),
 (B, None, sy(11, "08:50:00", "System", '[synolog@6574 synotype="System" luser="SYSTEM" event_id="0x1234"]', "Failed to run backup task [NAS to S3]. Connection to 198.51.100.250 refused.")),
 (B, None, sy(14, "08:51:00", "System", '[synolog@6574 synotype="System" luser="SYSTEM" event_id="0x1235"]', "System successfully updated the security advisor database.")),
]

# Microsoft Entra ID (Azure AD) sign-in log exported as CSV (a header row, then one sign-in per row), from knowledge of the
# export's columns; error codes 50126, 50053, 50034, 50074.
HDR = "Date (UTC),Request ID,User agent,Correlation ID,User ID,User,Username,Application,IP address,Location,Status,Sign-in error code,Failure reason,Client app,Multifactor authentication result"
def ms(ts, rid, ua, user, upn, app, ip, loc, status, code, reason, client, mfa=""):
    q = lambda s: f'"{s}"' if ("," in s or '"' in s) else s
    return ",".join(q(x) for x in [f"2024-05-02T{ts}Z", rid, ua, "c0ffee00-1111-2222-3333-444455556666", "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9", user, upn, app, ip, loc, status, code, reason, client, mfa])
S['entra-signins'] = [
 (N, None, HDR),
 (H, "203.0.113.92", ms("08:12:44", "5e1a2b3c-0001", "python-requests/2.31.0", "Alice Example", "alice@example.org", "Office 365 Exchange Online", "203.0.113.92", "Somewhere, ZZ", "Failure", "50126", "Invalid username or password or Invalid on-premise username or password.", "Authenticated SMTP")),
 (H, "203.0.113.92", ms("08:12:50", "5e1a2b3c-0002", "python-requests/2.31.0", "Bob Example", "bob@example.org", "Office 365 Exchange Online", "203.0.113.92", "Somewhere, ZZ", "Failure", "50053", "Account is locked because user tried to sign in too many times with an incorrect user ID or password.", "Authenticated SMTP")),
 (H, "198.51.100.93", ms("08:20:00", "5e1a2b3c-0003", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "", "admin@example.org", "Azure Portal", "198.51.100.93", "Elsewhere, ZZ", "Failure", "50034", "The user account does not exist in the directory.", "Browser")),
 (B, None, ms("08:30:00", "5e1a2b3c-0004", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4)", "Alice Example", "alice@example.org", "Office 365 SharePoint Online", "192.0.2.92", "Home, ZZ", "Success", "0", "", "Browser", "MFA completed in Azure AD")),
 (B, None, ms("08:29:40", "5e1a2b3c-0005", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4)", "Alice Example", "alice@example.org", "Office 365 SharePoint Online", "192.0.2.92", "Home, ZZ", "Interrupted", "50074", "Strong Authentication is required.", "Browser")),
 (B, None, ms("08:31:00", "5e1a2b3c-0006", "Microsoft Office/16.0", "Carol Example", "carol@example.org", "Microsoft Teams", "192.0.2.93", "Office, ZZ", "Success", "0", "", "Mobile Apps and Desktop clients", "MFA requirement satisfied by claim in the token")),
]

# dockerd with its TLS API port exposed (logrus lines around Go's net/http "http: TLS handshake error from ADDR:PORT: …").
def dk(ts, lvl, msg): return f'May  2 {ts} host dockerd[912]: time="2024-05-02T{ts}.123456789Z" level={lvl} msg="{msg}"'
S['dockerd'] = [
 (B, None, dk("08:00:00", "info", "API listen on [::]:2376")),
 (H, "203.0.113.102", dk("08:12:44", "info", "http: TLS handshake error from 203.0.113.102:51234: tls: client didn't provide a certificate")),
 (H, "203.0.113.104", dk("08:12:50", "info", "http: TLS handshake error from 203.0.113.104:51300: tls: failed to verify certificate: x509: certificate signed by unknown authority")),
 (E, "198.51.100.103", dk("08:20:00", "info", "http: TLS handshake error from 198.51.100.103:40000: tls: first record does not look like a TLS handshake")),
 (E, "203.0.113.102", dk("08:20:05", "info", "http: TLS handshake error from 203.0.113.102:51400: remote error: tls: bad certificate")),
 (B, None, dk("08:30:00", "info", "ignoring event\" container=4f1a2b3c4d5e module=libcontainerd namespace=moby topic=/tasks/delete type=\"*events.TaskDelete")),
 (B, None, dk("08:31:00", "error", "Handler for POST /v1.44/containers/abc123/stop returned error: No such container: abc123")),
 (B, None, dk("08:32:00", "warning", "Your kernel does not support swap memory limit")),
 (B, None, dk("08:33:00", "error", "Not continuing with pull after error: denied: requested access to the resource is denied")),
]

# Gerrit Code Review: sshd_log (LOGIN FROM / AUTH FAILURE FROM), httpd_log (NCSA) and error_log, from knowledge.
S['gerrit'] = [
 (H, "203.0.113.112", "[2024-05-02T08:12:44.123Z] 00000000 admin - AUTH FAILURE FROM 203.0.113.112 user-not-found"),
 (H, "203.0.113.112", "[2024-05-02T08:12:45.456Z] 00000000 root - AUTH FAILURE FROM 203.0.113.112 user-not-found"),
 (H, "198.51.100.113", "[2024-05-02T08:20:00.000Z] 00000000 alice - AUTH FAILURE FROM 198.51.100.113 invalid-key"),
 (H, "203.0.113.114", '203.0.113.114 - - [02/May/2024:08:25:00 +0000] "POST /login/%23%2F HTTP/1.1" 401 0 - "python-requests/2.31.0"'),
 (B, None, "[2024-05-02T08:30:00.000Z] 5f3c2a1b alice a/1000001 LOGIN FROM 192.0.2.112"),
 (B, None, "[2024-05-02T08:30:00.512Z] 5f3c2a1b alice a/1000001 git-upload-pack./platform/app 3ms 120ms 0"),
 (B, None, "[2024-05-02T08:30:01.000Z] 5f3c2a1b alice a/1000001 LOGOUT"),
 (B, None, '192.0.2.112 - alice [02/May/2024:08:31:00 +0000] "GET /changes/?q=status:open HTTP/1.1" 200 5120 - "Mozilla/5.0"'),
 (N, None, "[2024-05-02T08:32:00.000Z] [HTTP-123] WARN  com.google.gerrit.httpd.auth.ldap.LdapLoginServlet : 'bob' failed to sign in: Invalid username or password"),
 (B, None, "[2024-05-02T08:33:00.000Z] [ReceiveCommits-1] ERROR com.google.gerrit.server.git.receive.ReceiveCommits : Error in ReceiveCommits: prohibited by Gerrit: not permitted: force update"),
]

# Apache Traffic Server: squid-format access log and diags/error log, from knowledge.
S['trafficserver'] = [
 (B, None, "[May  2 08:00:00.000] traffic_server NOTE: traffic server running"),
 (H, "203.0.113.122", "[May  2 08:12:44.123] [ET_NET 2] WARNING: client '203.0.113.122' prohibited by ip-allow policy"),
 (H, "203.0.113.122", "1714637564.123 0 203.0.113.122 ERR_ACCESS_DENIED/403 420 CONNECT 198.51.100.200:25 - NONE/- text/html"),
 (H, "198.51.100.123", "1714637565.456 12 198.51.100.123 TCP_MISS/404 1234 GET http://www.example.org/wp-login.php - DIRECT/192.0.2.130 text/html"),
 (B, None, "1714637600.000 1 192.0.2.122 TCP_HIT/200 5120 GET http://www.example.org/index.html - NONE/- text/html"),
 (B, None, "1714637601.000 45 192.0.2.122 TCP_MISS/200 2048 GET http://www.example.org/api/items - DIRECT/192.0.2.130 application/json"),
 (B, None, "[May  2 08:30:00.000] [ET_NET 1] ERROR: <HttpSM.cc:5000 (do_hostdb_lookup)> CONNECT: could not connect to 192.0.2.130 for 'http://origin.internal/' (setting last failure time) connect_result=111"),
 (B, None, "1714637700.000 3002 192.0.2.123 ERR_CONNECT_FAIL/502 600 GET http://www.example.org/report - DIRECT/192.0.2.130 text/html"),
]

# WireGuard kernel module with dynamic debug on ("wg0: Invalid handshake initiation from ADDR:PORT"), from knowledge of
# drivers/net/wireguard's net_dbg_ratelimited messages.
def wg(ts, t, msg): return f"May  2 {ts} vpn kernel: [{t}] wireguard: wg0: {msg}"
S['wireguard'] = [
 (H, "203.0.113.132", wg("08:12:44", "12345.678901", "Invalid handshake initiation from 203.0.113.132:51820")),
 (H, "198.51.100.133", wg("08:20:00", "12781.000100", "Invalid MAC of handshake, dropping packet from 198.51.100.133:40000")),
 (B, None, wg("08:30:00", "13381.100000", "Receiving handshake initiation from peer 3 (192.0.2.132:51820)")),
 (B, None, wg("08:30:00", "13381.100200", "Sending handshake response to peer 3 (192.0.2.132:51820)")),
 (B, None, wg("08:30:00", "13381.100300", "Keypair 12 created for peer 3")),
 (B, None, wg("08:31:00", "13441.000000", "Handshake for peer 4 (192.0.2.133:51820) did not complete after 5 seconds, retrying (try 2)")),
 (E, "192.0.2.132", wg("08:32:00", "13501.000000", "Packet has unallowed src IP (10.8.0.99) from peer 3 (192.0.2.132:51820)")),
]

# NFS rpc.mountd ("refused mount request from %s for %s (%s): %s", "authenticated mount request from %s:%d for %s (%s)"),
# from knowledge of nfs-utils' mountd.
def md(ts, msg): return f"May  2 {ts} nfs rpc.mountd[812]: {msg}"
S['nfs-mountd'] = [
 (H, "203.0.113.142", md("08:12:44", "refused mount request from 203.0.113.142 for /srv/share (/): unmatched host")),
 (H, "203.0.113.142", md("08:12:45", "refused mount request from 203.0.113.142 for /etc (/): not exported")),
 (H, "198.51.100.144", md("08:20:00", "refused mount request from 198.51.100.144 for /srv/share (/srv/share): illegal port 40123")),
 (B, None, md("08:30:00", "authenticated mount request from 192.0.2.142:901 for /srv/share (/srv/share)")),
 (B, None, md("08:45:00", "authenticated unmount request from 192.0.2.142:902 for /srv/share (/srv/share)")),
 (B, None, md("08:46:00", 'v4.2 client attached: 0x8a3c1f2e6631a4b2 from "192.0.2.143:812"')),
 (B, None, "May  2 08:47:00 nfs kernel: nfsd: last server has exited, flushing export cache"),
 (B, None, md("08:48:00", "Cannot export /srv/old, possibly unsupported filesystem or fsid= required")),
]

# Cowrie SSH/Telnet honeypot JSON log (eventid cowrie.session.connect/login.failed/login.success/command.input/
# session.file_download, src_ip), from knowledge of its documentation. Every login on a honeypot is an attacker's.
def cw(ev, ts, ip, sess, **kv): return J({"eventid": ev, "src_ip": ip, "session": sess, "sensor": "pot1", "timestamp": f"2024-05-02T{ts}.123456Z", **kv})
S['cowrie'] = [
 (E, "203.0.113.152", cw("cowrie.session.connect", "08:12:40", "203.0.113.152", "a1b2c3d4", src_port=51234, dst_ip="192.0.2.10", dst_port=2222, protocol="ssh", message="New connection: 203.0.113.152:51234 (192.0.2.10:2222) [session: a1b2c3d4]")),
 (N, None, cw("cowrie.client.version", "08:12:41", "203.0.113.152", "a1b2c3d4", version="SSH-2.0-Go", message="Remote SSH version: SSH-2.0-Go")),
 (H, "203.0.113.152", cw("cowrie.login.failed", "08:12:44", "203.0.113.152", "a1b2c3d4", username="root", password="123456", message="login attempt [root/123456] failed")),
 (H, "203.0.113.152", cw("cowrie.login.success", "08:12:46", "203.0.113.152", "a1b2c3d4", username="root", password="admin", message="login attempt [root/admin] succeeded")),
 (H, "203.0.113.152", cw("cowrie.command.input", "08:12:48", "203.0.113.152", "a1b2c3d4", input="uname -a; cat /proc/cpuinfo", message="CMD: uname -a; cat /proc/cpuinfo")),
 (H, "203.0.113.152", cw("cowrie.session.file_download", "08:12:50", "203.0.113.152", "a1b2c3d4", url="http://198.51.100.200/bins.sh", outfile="var/lib/cowrie/downloads/9f86d081884c", shasum="9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", message="Downloaded URL (http://198.51.100.200/bins.sh) with SHA-256 9f86d081884c to var/lib/cowrie/downloads/9f86d081884c")),
 (H, "198.51.100.153", cw("cowrie.login.failed", "08:20:00", "198.51.100.153", "e5f6a7b8", username="pi", password="raspberry", message="login attempt [pi/raspberry] failed")),
 (E, "203.0.113.152", cw("cowrie.session.closed", "08:13:00", "203.0.113.152", "a1b2c3d4", duration=20.1, message="Connection lost after 20 seconds")),
 (B, None, cw("cowrie.session.connect", "08:30:00", "127.0.0.1", "0c0c0c0c", src_port=40000, dst_ip="127.0.0.1", dst_port=2222, protocol="ssh", message="New connection: 127.0.0.1:40000 (127.0.0.1:2222) [session: 0c0c0c0c]")),
 (B, None, cw("cowrie.session.closed", "08:30:01", "127.0.0.1", "0c0c0c0c", duration=0.2, message="Connection lost after 0 seconds")),
]

# endlessh SSH tarpit (ACCEPT/CLOSE host=… port=… lines on stdout, captured by the journal), from knowledge of its README.
S['endlessh'] = [
 (B, None, "2024-05-02T08:00:00.000Z Port 22"),
 (B, None, "2024-05-02T08:00:00.000Z Delay 10000"),
 (B, None, "2024-05-02T08:00:00.000Z MaxClients 4096"),
 (H, "203.0.113.162", "2024-05-02T08:12:44.123Z ACCEPT host=::ffff:203.0.113.162 port=51234 fd=4 n=1/4096"),
 (H, "198.51.100.163", "2024-05-02T08:12:50.456Z ACCEPT host=::ffff:198.51.100.163 port=40000 fd=5 n=2/4096"),
 (E, "203.0.113.162", "2024-05-02T08:33:10.456Z CLOSE host=::ffff:203.0.113.162 port=51234 fd=4 time=1226.333 bytes=12345"),
]

# tftpd-hpa (in.tftpd: "RRQ from %s filename %s", "WRQ from …", "sending NAK (%d, %s) to %s"), from knowledge.
def tf(ts, pid, msg): return f"May  2 {ts} boot in.tftpd[{pid}]: {msg}"
S['tftpd'] = [
 (H, "203.0.113.172", tf("08:12:44", 2012, "RRQ from ::ffff:203.0.113.172 filename /etc/passwd")),
 (N, None, tf("08:12:44", 2012, "sending NAK (1, File not found) to ::ffff:203.0.113.172")),
 (H, "198.51.100.174", tf("08:20:00", 2020, "WRQ from ::ffff:198.51.100.174 filename backdoor.bin")),
 (N, None, tf("08:20:00", 2020, "sending NAK (2, Access violation) to ::ffff:198.51.100.174")),
 (B, None, tf("08:30:00", 2030, "RRQ from ::ffff:192.0.2.172 filename pxelinux.0")),
 (B, None, tf("08:30:01", 2031, "RRQ from ::ffff:192.0.2.172 filename pxelinux.cfg/01-aa-bb-cc-dd-ee-ff")),
 (B, None, tf("08:30:01", 2031, "sending NAK (1, File not found) to ::ffff:192.0.2.172")),
]

out = sys.argv[1]
counts = sum((write_service(out, name, rows) for name, rows in S.items()), Counter())
print(len(S), "services, hostile", counts['H'], "benign", counts['B'], "either", counts['E'])
