#!/usr/bin/env python3
"""Seventh held-out set ("fresh6"), written blind by helper fresh6 (27 Nov, seventh session): 32 services absent from
the shared corpus and from tune/, test/, fresh/ .. fresh5/ (checked by file name and by grepping every set's lines and
the README for each service's name), chosen from what VPS and small-business owners run (PBX, NAS, home-lab media
apps, routers and firewalls, Windows web/FTP servers, endpoint-security consoles, SaaS audit exports), in many formats:
plain syslog, OpenWrt's logread, RFC 5424 with and without structured data (Junos, openmediavault), logfmt-like hclog
(Consul), JSON with nested objects and JSON inside a JSON string (Ghost, TrueNAS), a JSON tail after a message
(Overseerr), W3C extended (IIS, Microsoft FTP), CEF (UniFi, GravityZone), LEEF with tab-separated attributes (ESET),
a CSV export with a header row (Google Workspace), multi-line Java stack traces (Openfire), space-separated records with
quoted fields (Maltrail), CoreDNS's query log. Per service NAME.log and NAME.labels.jsonl; (label, host, line):
H hostile (host = the attacker), B benign, E either (not scored), N unlabelled. Labelled by ../shared/data/README.md's
definitions before LogWarden ran on any line; the formats and where each comes from are in README.md."""
import json, sys
from collections import Counter
from heldout import H, B, E, N, write_service
J = lambda o: json.dumps(o, separators=(',', ':'), ensure_ascii=False)
S = {}

# Kamailio with the default kamailio.cfg: xlog("L_ALERT","ALERT: pike blocking $rm from $fu (IP:$si:$sp)\n"), the pike
# module's own warning, and the sanity check's xlog("Malformed SIP request from $si:$sp\n").
def ka(ts, pid, msg): return f"May  2 {ts} sip /usr/sbin/kamailio[{pid}]: {msg}"
S['kamailio'] = [
 (B, None, ka("08:00:00", 2200, "NOTICE: <core> [main.c:1286]: main(): version: kamailio 5.7.4 (x86_64/linux)")),
 (H, "203.0.113.11", ka("08:12:44", 2209, "WARNING: pike [pike_funcs.c:151]: pike_check_req(): PIKE - BLOCKing ip 203.0.113.11, node=0x7f7e073f7dd0")),
 (H, "203.0.113.11", ka("08:12:44", 2209, "ALERT: <script>: pike blocking REGISTER from sip:100@sip.example.org (IP:203.0.113.11:5060)")),
 (H, "203.0.113.11", ka("08:12:45", 2210, "ALERT: <script>: pike blocking INVITE from sip:100@sip.example.org (IP:203.0.113.11:5060)")),
 (H, "198.51.100.12", ka("08:20:00", 2211, "ERROR: <script>: Malformed SIP request from 198.51.100.12:5071")),
 (B, None, ka("08:30:00", 2212, "ERROR: tm [t_fwd.c:1583]: t_send_branch(): sending request on branch 0 failed")),
 (B, None, ka("08:30:01", 2212, "ERROR: <core> [core/tcp_main.c:4790]: tcpconn_main_timeout(): connect 192.0.2.13:5061 failed (timeout)")),
 (B, None, ka("08:31:00", 2213, "WARNING: <core> [core/tcp_read.c:1504]: tcp_read_req(): error reading - c: 0x7f7e07 r: 0x7f7e08 (-1)")),
 (B, None, ka("08:32:00", 2214, "INFO: <script>: REGISTER from sip:200@sip.example.org (IP:192.0.2.14:5060) authenticated, expires 3600")),
 (B, None, ka("08:40:00", 2200, "INFO: <core> [core/sctp_core.c:75]: sctp_core_check_support(): SCTP API not enabled - if you want to use it, load sctp module")),
]

# FreePBX freepbx_security.log (Monolog channel freepbx_security; the shipped fail2ban filter
# "\[freepbx_security\.\w+\]:\s+Authentication failure for .+ from <HOST>").
def fp(ts, ch, msg): return f"[2024-05-02 {ts}] [{ch}]: {msg} [] []"
S['freepbx-security'] = [
 (H, "203.0.113.21", fp("08:12:44", "freepbx_security.NOTICE", "Authentication failure for admin from 203.0.113.21")),
 (H, "203.0.113.21", fp("08:12:47", "freepbx_security.NOTICE", "Authentication failure for root from 203.0.113.21")),
 (H, "198.51.100.22", fp("08:20:00", "freepbx_security.NOTICE", "Authentication failure for administrator from 198.51.100.22")),
 (B, None, fp("08:30:00", "freepbx_security.INFO", "Login successful for admin from 192.0.2.21")),
 (B, None, fp("08:31:00", "freepbx.WARNING", "Asterisk Manager connection failed to 127.0.0.1: Authentication failed, retrying")),
 (B, None, fp("08:32:00", "freepbx.ERROR", "Unable to connect to the database: SQLSTATE[HY000] [2002] Connection refused")),
]

# Consul agent (hclog: "TIME [LEVEL] logger: message: key=value ..."); ACL failures of the HTTP API and a foreign byte
# on the RPC port, from knowledge of its agent/http.go and agent/pool messages.
def co(ts, lvl, msg): return f"2024-05-02T08:{ts}.123Z [{lvl}] {msg}"
S['consul'] = [
 (B, None, co("00:00", "INFO ", "agent: Consul agent running!")),
 (H, "203.0.113.31", co("12:44", "ERROR", 'agent.http: Request error: method=GET url=/v1/kv/?recurse= from=203.0.113.31:51234 error="ACL not found"')),
 (H, "203.0.113.31", co("12:45", "ERROR", 'agent.http: Request error: method=PUT url=/v1/agent/service/register from=203.0.113.31:51240 error="Permission denied: token with AccessorID \'00000000-0000-0000-0000-000000000002\' lacks permission \'service:write\' on \\"api\\""')),
 (H, "198.51.100.32", co("20:00", "ERROR", "agent.server.rpc: unrecognized RPC byte: byte=71 conn=from=198.51.100.32:40000")),
 (E, "198.51.100.33", co("21:00", "WARN ", "agent.server.memberlist.lan: memberlist: Decrypt packet failed: No installed keys could decrypt the message from=198.51.100.33:8301")),
 (B, None, co("30:00", "INFO ", "agent: Synced node info")),
 (B, None, co("30:05", "WARN ", "agent: Check is now critical: check=service:web-1")),
 (B, None, co("31:00", "ERROR", 'agent.http: Request error: method=GET url=/v1/health/service/web from=127.0.0.1:40100 error="rpc error making call: No cluster leader"')),
 (B, None, co("32:00", "ERROR", 'agent.client: RPC failed to server: method=Catalog.Register server=192.0.2.31:8300 error="rpc error making call: EOF"')),
 (B, None, co("33:00", "INFO ", "agent.server.raft: election won: term=4 tally=2")),
]

# TrueNAS SCALE 24.04+ middleware audit messages sent to syslog: "@cee:" JSON whose svc_data and event_data are JSON
# encoded as strings (from knowledge of the audit documentation's fields: addr, user, event, event_data, success).
def tn(ts, addr, user, event, data, ok):
    rec = {"TNAUDIT": {"aid": "6f2a%04d-1c2d-4e5f-8a9b-0c1d2e3f4a5b" % int(ts[:2] + ts[3:5]), "vers": {"major": 0, "minor": 1},
           "addr": addr, "user": user, "sess": "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e", "time": f"2024-05-02 08:{ts}.123456",
           "svc": "MIDDLEWARE", "svc_data": J({"vers": {"major": 0, "minor": 1}, "origin": addr, "protocol": "WEBSOCKET",
           "credentials": None}), "event": event, "event_data": J(data), "success": ok}}
    return f"May  2 08:{ts} nas TNAUDIT_MIDDLEWARE: @cee:" + J(rec)
S['truenas-audit'] = [
 (H, "203.0.113.41", tn("12:44", "203.0.113.41", "root", "AUTHENTICATION", {"credentials": {"credentials": "LOGIN_PASSWORD", "credentials_data": {"username": "root"}}, "error": "Bad username or password"}, False)),
 (H, "203.0.113.41", tn("12:48", "203.0.113.41", "admin", "AUTHENTICATION", {"credentials": {"credentials": "LOGIN_PASSWORD", "credentials_data": {"username": "admin"}}, "error": "Bad username or password"}, False)),
 (H, "198.51.100.42", tn("20:00", "198.51.100.42", "truenas_admin", "AUTHENTICATION", {"credentials": {"credentials": "API_KEY", "credentials_data": {"username": "truenas_admin"}}, "error": "Invalid API key"}, False)),
 (B, None, tn("30:00", "192.0.2.41", "truenas_admin", "AUTHENTICATION", {"credentials": {"credentials": "LOGIN_PASSWORD", "credentials_data": {"username": "truenas_admin"}}, "error": None}, True)),
 (B, None, tn("30:10", "192.0.2.41", "truenas_admin", "METHOD_CALL", {"method": "user.update", "params": [70, {"password": "********"}], "description": "Update user truenas_admin", "authenticated": True, "authorized": True}, True)),
 (B, None, "May  2 08:31:00 nas middlewared[1123]: [2024/05/02 08:31:00] (WARNING) SMARTD.run():84 - smartd failed to start: device /dev/sdc: Permission denied"),
 (B, None, "May  2 08:32:00 nas middlewared[1123]: [2024/05/02 08:32:00] (ERROR) ReplicationService.run():112 - Replication task 3 failed: ssh: connect to host 192.0.2.242 port 22: Connection refused"),
]

# ingress-nginx controller access log (its documented log-format-upstream: ... $request_length $request_time
# [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length
# $upstream_response_time $upstream_status $req_id) and klog lines of the controller.
def ing(ip, user, ts, req, st, size, agent, ups, upaddr, upst, rid):
    return f'{ip} - {user} [02/May/2024:08:{ts} +0000] "{req}" {st} {size} "-" "{agent}" 312 0.004 [{ups}] [] {upaddr} {size} 0.004 {upst} {rid}'
S['ingress-nginx'] = [
 (B, None, "I0502 08:00:00.000000       7 controller.go:210] \"Backend successfully reloaded\""),
 (H, "203.0.113.51", ing("203.0.113.51", "-", "12:44", "GET /.env HTTP/1.1", 404, 146, "Mozilla/5.0 zgrab/0.x", "default-web-80", "10.244.0.12:80", 404, "7a1c0f2e9b8d4c3a2f1e0d9c8b7a6f50")),
 (H, "203.0.113.51", ing("203.0.113.51", "-", "12:45", "POST /wp-login.php HTTP/1.1", 404, 146, "Mozilla/5.0 zgrab/0.x", "default-web-80", "10.244.0.12:80", 404, "7a1c0f2e9b8d4c3a2f1e0d9c8b7a6f51")),
 (H, "203.0.113.52", ing("203.0.113.52", "admin", "13:00", "GET /admin/ HTTP/1.1", 401, 172, "python-requests/2.31.0", "default-admin-80", "-", "-", "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e")),
 (H, "198.51.100.53", '198.51.100.53 - - [02/May/2024:08:14:00 +0000] "\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03" 400 150 "-" "-" 0 0.070 [] [] - - - - 9f8e7d6c5b4a39281706f5e4d3c2b1a0'),
 (H, "198.51.100.53", ing("198.51.100.53", "-", "14:02", "GET /cgi-bin/luci/;stok=/locale?form=country&operation=write&country=$(id) HTTP/1.1", 404, 146, "Go-http-client/1.1", "default-web-80", "10.244.0.12:80", 404, "1a2b3c4d5e6f708192a3b4c5d6e7f809")),
 (B, None, ing("192.0.2.51", "-", "30:00", "GET / HTTP/2.0", 200, 5120, "Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0", "default-web-80", "10.244.0.12:80", 200, "2b3c4d5e6f708192a3b4c5d6e7f8091a")),
 (B, None, ing("192.0.2.51", "-", "30:01", "GET /favicon.ico HTTP/2.0", 404, 146, "Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0", "default-web-80", "10.244.0.12:80", 404, "3c4d5e6f708192a3b4c5d6e7f8091a2b")),
 (B, None, ing("192.0.2.52", "alice", "30:05", "GET /admin/ HTTP/2.0", 200, 2048, "Mozilla/5.0 (Macintosh) Safari/605.1.15", "default-admin-80", "10.244.0.13:80", 200, "4d5e6f708192a3b4c5d6e7f8091a2b3c")),
 (B, None, ing("192.0.2.51", "-", "31:00", "GET /api/orders HTTP/2.0", 502, 150, "Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0", "default-api-8080", "10.244.0.15:8080", 502, "5e6f708192a3b4c5d6e7f8091a2b3c4d")),
 (B, None, "W0502 08:31:00.000000       7 controller.go:1214] Service \"default/api\" does not have any active Endpoint."),
 (B, None, "E0502 08:31:05.000000       7 leaderelection.go:340] error retrieving resource lock ingress-nginx/ingress-nginx-leader: Unauthorized"),
]

# Privoxy's log ("DATE TIME THREAD Level: message"); jcc.c: "Connection from %s on %s (socket %d) dropped due to ACL"
# (LOG_LEVEL_CONNECT), the limit-connect refusal of a CONNECT to a port it does not allow, from knowledge.
def pv(ts, msg): return f"2024-05-02 08:{ts}.123 7f0a1b2c3700 {msg}"
S['privoxy'] = [
 (B, None, pv("00:00", "Info: Privoxy version 3.0.34")),
 (H, "203.0.113.61", pv("12:44", "Connect: Connection from 203.0.113.61 on 0.0.0.0:8118 (socket 5) dropped due to ACL")),
 (H, "198.51.100.62", pv("20:00", "Connect: Connection from 198.51.100.62 on 0.0.0.0:8118 (socket 6) dropped due to ACL")),
 (H, "192.0.2.63", pv("21:00", "Info: Request from 192.0.2.63 marked for blocking. limit-connect{443} doesn't allow CONNECT requests to mx.example.net:25")),
 (B, None, pv("30:00", "Connect: Accepted connection from 192.0.2.64 on socket 7")),
 (B, None, pv("30:00", "Request: www.example.org/")),
 (B, None, pv("30:01", "Crunch: Blocked: ads.example.net/banner.gif")),
 (B, None, pv("30:02", "Error: connect to: broken.example.com failed: Connection refused")),
 (B, None, pv("30:03", "Connect: Connection from 192.0.2.64 on 0.0.0.0:8118 (socket 7) closed")),
]

# Ghost (bunyan JSON through its logging library: req/res/err nested objects), from knowledge of its session API
# errors ("Your password is incorrect.", "There is no user with that email address.", "Too many login attempts.").
def gh(ts, lvl, ip, method, url, status, msg, err=None):
    rec = {"name": "Log", "hostname": "ghost", "pid": 1, "level": lvl,
           "req": {"meta": {"requestId": "c3b1%s-2f1e-4d3c-9b8a-7f6e5d4c3b2a" % ts.replace(":", "").replace(".", ""), "userId": None},
                   "url": url.replace("/ghost/api/admin", ""), "method": method, "originalUrl": url, "ip": ip,
                   "headers": {"host": "blog.example.org", "user-agent": "Mozilla/5.0"}, "query": {}},
           "res": {"_headers": {"x-powered-by": "Express", "content-type": "application/json; charset=utf-8"}, "statusCode": status, "responseTime": "41ms"}}
    if err:
        rec["err"] = err
    rec["msg"] = msg
    rec["time"] = f"2024-05-02T08:{ts}.123Z"
    rec["v"] = 0
    return J(rec)
def gerr(name, status, message): return {"id": "a1b2c3d0-0000-11ef-9f1e-0242ac120002", "domain": "https://blog.example.org", "code": None, "name": name, "statusCode": status, "level": "normal", "message": message}
S['ghost'] = [
 (B, None, J({"name": "Log", "hostname": "ghost", "pid": 1, "level": 30, "msg": "Ghost booted in 2.1s", "time": "2024-05-02T08:00:00.000Z", "v": 0})),
 (H, "203.0.113.71", gh("12:44", 50, "203.0.113.71", "POST", "/ghost/api/admin/session/", 422, "Your password is incorrect.", gerr("ValidationError", 422, "Your password is incorrect."))),
 (H, "203.0.113.71", gh("12:46", 50, "203.0.113.71", "POST", "/ghost/api/admin/session/", 404, "There is no user with that email address.", gerr("NotFoundError", 404, "There is no user with that email address."))),
 (H, "203.0.113.71", gh("12:50", 50, "203.0.113.71", "POST", "/ghost/api/admin/session/", 429, "Too many login attempts.", gerr("TooManyRequestsError", 429, "Too many login attempts."))),
 (H, "198.51.100.72", gh("20:00", 30, "198.51.100.72", "GET", "/wp-login.php", 404, '"GET /wp-login.php" 404 6ms')),
 (B, None, gh("30:00", 30, "192.0.2.71", "GET", "/", 200, '"GET /" 200 41ms')),
 (B, None, gh("30:05", 30, "192.0.2.71", "POST", "/ghost/api/admin/session/", 201, '"POST /ghost/api/admin/session/" 201 512ms')),
 (B, None, gh("30:09", 30, "192.0.2.71", "GET", "/ghost/api/admin/users/me/", 200, '"GET /ghost/api/admin/users/me/" 200 28ms')),
 (B, None, gh("31:00", 50, "192.0.2.73", "POST", "/members/api/send-magic-link/", 500, "Failed to send email. Reason: connect ECONNREFUSED 192.0.2.200:587.", gerr("EmailError", 500, "Failed to send email. Reason: connect ECONNREFUSED 192.0.2.200:587."))),
]

# Moodle: authenticate_user_login() writes error_log('[client '.getremoteaddr()."]  $CFG->wwwroot  Failed Login:
# $username  ".$_SERVER['HTTP_USER_AGENT']) when failed logins are logged, here through Apache's mod_php error log.
def mo(ts, lvl, pid, client, msg):
    c = f" [client {client}]" if client else ""
    return f"[Thu May 02 08:{ts}.123456 2024] [php:{lvl}] [pid {pid}]{c} {msg}"
S['moodle'] = [
 (H, "203.0.113.81", mo("12:44", "notice", 2211, "203.0.113.81:51234", "[client 203.0.113.81]  https://moodle.example.org  Failed Login:  admin  Mozilla/5.0 (Windows NT 10.0; Win64; x64)")),
 (H, "203.0.113.81", mo("12:47", "notice", 2212, "203.0.113.81:51240", "[client 203.0.113.81]  https://moodle.example.org  Failed Login:  teacher  Mozilla/5.0 (Windows NT 10.0; Win64; x64)")),
 (H, "198.51.100.82", mo("20:00", "notice", 2213, "198.51.100.82:40000", "[client 198.51.100.82]  https://moodle.example.org  Failed Login:  guest  python-requests/2.31.0")),
 (B, None, mo("30:00", "warn", 2214, "192.0.2.81:50512", "PHP Warning:  Undefined array key \"password\" in /var/www/moodle/login/index.php on line 142")),
 (E, "192.0.2.81", mo("30:05", "notice", 2215, "192.0.2.81:50514", "Default exception handler: You do not have permission to view this page (Error code: nopermissions)")),
 (B, None, mo("31:00", "notice", 2216, None, "Scheduled task failed: Send failed login notifications (core\\task\\send_failed_login_notifications_task),Error writing to database")),
 (B, None, mo("31:01", "notice", 2216, None, "Cron run completed correctly")),
]

# CUPS error_log ("L [date] [Client N] message") and access_log (host group user date "request" status bytes op status),
# from knowledge of cupsd's messages; pam_authenticate's failure names no client, [Client 7]'s Accepted line does.
def ce(lvl, ts, msg): return f"{lvl} [02/May/2024:08:{ts} +0000] {msg}"
S['cups'] = [
 (B, None, ce("I", "00:00", "Listening on 0.0.0.0:631 (IPv4)")),
 (N, None, ce("D", "12:44", "[Client 7] Accepted from 203.0.113.91:51234 (IPv4)")),
 (H, "203.0.113.91", ce("E", "12:44", "[Client 7] pam_authenticate() returned 7 (Authentication failure)")),
 (H, "203.0.113.91", '203.0.113.91 - root [02/May/2024:08:12:44 +0000] "POST /admin/ HTTP/1.1" 401 0 - -'),
 (H, "198.51.100.92", ce("E", "20:00", '[Client 9] Request from "198.51.100.92" using invalid Host: field "192.0.2.90:631".')),
 (B, None, '192.0.2.93 - - [02/May/2024:08:30:00 +0000] "POST /printers/Office HTTP/1.1" 200 34567 Print-Job successful-ok'),
 (B, None, ce("E", "30:05", "[Job 42] Unable to connect to printer; will retry in 30 seconds...")),
 (B, None, ce("E", "30:06", "Unable to open listen socket for address [v1.::1]:631 - Cannot assign requested address.")),
 (B, None, '192.0.2.93 - alice [02/May/2024:08:31:00 +0000] "PUT /admin/conf/cupsd.conf HTTP/1.1" 201 2304 - -'),
]

# Openfire (log4j2: "yyyy.MM.dd HH:mm:ss.SSS LEVEL [thread]: logger - message"), LoginLimitManager's
# Log.warn("Failed admin console login attempt by "+username+" from "+address); a Java stack trace follows an error.
def of(ts, lvl, th, lg, msg): return f"2024.05.02 08:{ts}.123 {lvl} [{th}]: {lg} - {msg}"
S['openfire'] = [
 (B, None, of("00:00", "INFO ", "main", "org.jivesoftware.openfire.XMPPServer", "Openfire 4.8.1 [May 2, 2024 8:00:00 AM]")),
 (H, "203.0.113.101", of("12:44", "WARN ", "qtp1234567-55", "org.jivesoftware.admin.LoginLimitManager", "Failed admin console login attempt by admin from 203.0.113.101")),
 (H, "203.0.113.101", of("12:46", "WARN ", "qtp1234567-56", "org.jivesoftware.admin.LoginLimitManager", "Failed admin console login attempt by openfire from 203.0.113.101")),
 (H, "198.51.100.102", of("20:00", "WARN ", "qtp1234567-60", "org.jivesoftware.admin.LoginLimitManager", "Failed admin console login attempt by administrator from 198.51.100.102")),
 (B, None, of("30:00", "ERROR", "pool-3-thread-1", "org.jivesoftware.openfire.session.LocalOutgoingServerSession", "Unable to create new session to remote domain 'chat.partner.example'")),
 (B, None, "java.net.ConnectException: Connection refused"),
 (B, None, "\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)"),
 (B, None, "\tat java.base/java.net.Socket.connect(Socket.java:633)"),
 (B, None, "\tat org.jivesoftware.openfire.server.OutgoingSessionPromise.run(OutgoingSessionPromise.java:212)"),
 (B, None, of("31:00", "INFO ", "qtp1234567-61", "org.jivesoftware.util.WebManager", "User admin logged in to the admin console from 192.0.2.101")),
]

# HiveMQ CE event.log ("Client ID: {}, IP: {} was disconnected. reason: {}." from its EventLog class); the reasons of
# an authentication failure and of a scanner that never sends CONNECT from knowledge.
def hv(ts, msg): return f"2024-05-02 08:{ts},123 - {msg}"
S['hivemq'] = [
 (H, "203.0.113.111", hv("12:44", "Client ID: sensor-17, IP: 203.0.113.111 was disconnected. reason: Authentication failed.")),
 (H, "203.0.113.111", hv("12:45", "Client ID: admin, IP: 203.0.113.111 was disconnected. reason: Sent CONNECT with wrong username or password.")),
 (H, "198.51.100.112", hv("20:00", "Client ID: UNKNOWN, IP: 198.51.100.112 was disconnected. reason: Sent CONNECT with an invalid protocol name.")),
 (E, "198.51.100.113", hv("20:10", "Client ID: UNKNOWN, IP: 198.51.100.113 was disconnected. reason: Client did not send a CONNECT message within the timeout.")),
 (B, None, hv("30:00", "Client ID: livingroom-thermostat, IP: 192.0.2.111, Clean Start: true, Session Expiry: 0 connected.")),
 (B, None, hv("30:10", "Client ID: livingroom-thermostat, IP: 192.0.2.111 was disconnected. reason: Client sent DISCONNECT.")),
 (B, None, hv("31:00", "Client ID: garage-door, IP: 192.0.2.112 was disconnected. reason: Connection lost (keep alive timeout)")),
]

# amavisd-new in mail.log: "Blocked INFECTED (sig) {DiscardedInbound,Quarantined}, [relay]:port [origin] <from> -> <to>"
# (as quoted in public mail-server guides), Blocked SPAM/BANNED and Passed CLEAN, and amavis's own errors.
def am(ts, pid, n, msg): return f"May  2 08:{ts} mx amavis[{pid}]: ({pid:05d}-{n:02d}) {msg}"
S['amavis'] = [
 (H, "203.0.113.121", am("12:44", 7554, 1, "Blocked INFECTED (Eicar-Test-Signature) {DiscardedInbound,Quarantined}, [203.0.113.121]:41144 [203.0.113.121] <billing@invoice-alerts.example> -> <alice@example.org>, quarantine: virus-WYHuLpwdzPVr, Queue-ID: 7FC7B22DF3, Message-ID: <20240502081244.1@invoice-alerts.example>, mail_id: WYHuLpwdzPVr, Hits: -, size: 2531, 412 ms")),
 (H, "198.51.100.122", am("20:00", 7555, 2, "Blocked SPAM {DiscardedInbound,Quarantined}, [198.51.100.122]:50123 [198.51.100.122] <promo@cheap-meds.example> -> <bob@example.org>, quarantine: spam-3kQ8rT1xZ9aB, Queue-ID: 8AB1C22E01, Message-ID: <a1b2c3@cheap-meds.example>, mail_id: 3kQ8rT1xZ9aB, Hits: 21.874, size: 8211, 1203 ms")),
 (H, "198.51.100.123", am("21:00", 7556, 3, "Blocked BANNED (multipart/mixed | application/x-msdownload,.exe,invoice.exe) {DiscardedInbound,Quarantined}, [198.51.100.123]:33012 [198.51.100.123] <hr@payroll.example> -> <carol@example.org>, quarantine: banned-P0o9I8u7Y6t5, Queue-ID: 9BC2D33F12, mail_id: P0o9I8u7Y6t5, Hits: -, size: 91233, 220 ms")),
 (B, None, am("30:00", 7557, 4, "Passed CLEAN {RelayedInbound}, [192.0.2.121]:50512 [192.0.2.121] <newsletter@example.net> -> <alice@example.org>, Queue-ID: 1CD3E44A23, Message-ID: <n1@example.net>, mail_id: Q1w2E3r4T5y6, Hits: -1.9, size: 14552, queued_as: 2DE4F55B34, 351 ms")),
 (E, "198.51.100.124", am("30:10", 7558, 5, "Passed SPAMMY {RelayedTaggedInbound}, [198.51.100.124]:41000 [198.51.100.124] <offers@shop.example> -> <bob@example.org>, Queue-ID: 3EF5A66C45, mail_id: Z9x8C7v6B5n4, Hits: 6.12, size: 9931, queued_as: 4FA6B77D56, 802 ms")),
 (B, None, am("31:00", 7559, 6, "(!)ClamAV-clamd: Can't connect to UNIX socket /var/run/clamav/clamd.ctl: No such file or directory, retrying (1)")),
 (B, None, am("31:01", 7559, 6, "(!)DKIM: signature verification failed for example.net: bad signature data")),
 (B, None, am("31:05", 7560, 7, "Passed CLEAN {RelayedOutbound}, LOCAL [192.0.2.125]:40222 <alice@example.org> -> <partner@example.com>, Queue-ID: 5AB7C88E67, mail_id: M1n2B3v4C5x6, Hits: -, size: 3321, queued_as: 6BC8D99F78, 98 ms")),
]

# openmediavault's web UI ("Unauthorized login attempt from %s [username=%s, user-agent=%s]", "Authorized login
# from ...", the wording its fail2ban filter matches) forwarded by rsyslog in RFC 5424 with structured data.
def om(pri, ts, app, pid, sd, msg): return f"<{pri}>1 2024-05-02T08:{ts}.123456+00:00 nas {app} {pid} - {sd} {msg}"
TQ = '[timeQuality tzKnown="1" isSynced="1" syncAccuracy="45000"]'
S['openmediavault'] = [
 (H, "203.0.113.131", om(81, "12:44", "openmediavault-webgui", 2211, TQ, "Unauthorized login attempt from 203.0.113.131 [username=admin, user-agent=Mozilla/5.0 (Windows NT 10.0; Win64; x64)]")),
 (H, "203.0.113.131", om(81, "12:45", "openmediavault-webgui", 2211, TQ, "Unauthorized login attempt from 203.0.113.131 [username=root, user-agent=Mozilla/5.0 (Windows NT 10.0; Win64; x64)]")),
 (H, "198.51.100.132", om(81, "20:00", "openmediavault-webgui", 2212, "-", "Unauthorized login attempt from 198.51.100.132 [username=openmediavault, user-agent=curl/8.5.0]")),
 (B, None, om(86, "30:00", "openmediavault-webgui", 2213, TQ, "Authorized login from 192.0.2.131 [username=admin, user-agent=Mozilla/5.0 (X11; Linux x86_64)]")),
 (B, None, om(27, "30:05", "omv-engined", 1034, "-", "PHP Fatal error:  Uncaught OMV\\Rpc\\Exception: Failed to connect to socket: Connection refused in /usr/share/php/openmediavault/rpc/rpc.inc:120")),
 (B, None, om(28, "30:10", "monit", 880, TQ, "'filesystem_srv_dev-disk-by-uuid-4a1b' space usage 91.2% matches resource limit [space usage > 85.0%]")),
 (B, None, om(30, "30:20", "smbd", 1555, "-", "[2024/05/02 08:30:20.123456,  0] ../../source3/smbd/service.c:...(make_connection_snum) make_connection_snum: canonicalize_connect_path failed for service backup, path /srv/dev-disk-by-uuid-4a1b/backup")),
]

# Unraid's webGUI login (dynamix login.php: my_logger("Unsuccessful login user {$username} from {$remote_addr}")) and
# its nginx "authlimit" zone in the same syslog.
def ur(ts, prog, msg): return f"May  2 08:{ts} Tower {prog}: {msg}"
S['unraid'] = [
 (H, "203.0.113.141", ur("12:44", "webGUI", "Unsuccessful login user root from 203.0.113.141")),
 (H, "203.0.113.141", ur("12:45", "webGUI", "Unsuccessful login user admin from 203.0.113.141")),
 (H, "203.0.113.141", ur("12:46", "nginx", '2024/05/02 08:12:46 [error] 6261#6261: *51234 limiting requests, excess: 20.440 by zone "authlimit", client: 203.0.113.141, server: , request: "POST /login HTTP/1.1", host: "tower.example.org"')),
 (H, "198.51.100.142", ur("20:00", "webGUI", "Unsuccessful login user root from 198.51.100.142")),
 (B, None, ur("30:00", "webGUI", "Successful login user root from 192.0.2.141")),
 (B, None, ur("30:05", "emhttpd", "error: get_filesystem_status, 6618: Operation not supported (95): getxattr: /mnt/user/appdata")),
 (B, None, ur("30:06", "kernel", "BTRFS warning (device loop2): csum failed root 5 ino 1234 off 0 csum 0x8941f998 expected csum 0x00000000 mirror 1")),
 (B, None, ur("30:10", "nginx", '2024/05/02 08:30:10 [error] 6261#6261: *51300 connect() to unix:/var/run/php5-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream, client: 192.0.2.141, server: , request: "GET /Dashboard HTTP/1.1", upstream: "fastcgi://unix:/var/run/php5-fpm.sock:", host: "tower.example.org"')),
]

# OpenWrt's logread (uhttpd's LuCI: "luci: failed login on / for root from ADDR", "luci: accepted login on / for root
# from ADDR", as quoted in public ban scripts) with dropbear and dnsmasq lines.
def ow(ts, fac, prog, msg): return f"Thu May  2 08:{ts} 2024 {fac} {prog}: {msg}"
S['openwrt-luci'] = [
 (H, "203.0.113.151", ow("12:44", "daemon.err", "uhttpd[2000]", "luci: failed login on / for root from 203.0.113.151")),
 (H, "203.0.113.151", ow("12:45", "daemon.err", "uhttpd[2000]", "luci: failed login on / for admin from 203.0.113.151")),
 (H, "198.51.100.152", ow("20:00", "authpriv.warn", "dropbear[3348]", "Bad password attempt for 'root' from 198.51.100.152:40000")),
 (B, None, ow("30:00", "daemon.err", "uhttpd[2000]", "luci: accepted login on / for root from 192.0.2.151")),
 (B, None, ow("30:01", "daemon.info", "dnsmasq-dhcp[1]", "DHCPACK(br-lan) 192.0.2.152 aa:bb:cc:dd:ee:01 laptop")),
 (B, None, ow("30:02", "daemon.err", "odhcpd[1302]", "Failed to send to ff02::1%lan@br-lan (Address not available)")),
 (B, None, ow("30:03", "authpriv.notice", "dropbear[3400]", "Password auth succeeded for 'root' from 192.0.2.151:50512")),
 (B, None, ow("30:04", "daemon.warn", "dnsmasq[1]", "possible DNS-rebind attack detected: router.example.lan")),
]

# Cacti's cacti.log ("YYYY/MM/DD HH:MM:SS - AUTH LOGIN FAILED: Local Login Failed for user 'x' from IP Address 'y'."),
# from knowledge of its auth messages; poller and SNMP errors as noise.
def ca(ts, msg): return f"2024/05/02 08:{ts} - {msg}"
S['cacti'] = [
 (H, "203.0.113.161", ca("12:44", "AUTH LOGIN FAILED: Local Login Failed for user 'admin' from IP Address '203.0.113.161'.")),
 (H, "203.0.113.161", ca("12:45", "AUTH LOGIN FAILED: Local Login Failed for user 'cacti' from IP Address '203.0.113.161'.")),
 (H, "198.51.100.162", ca("20:00", "AUTH LOGIN FAILED: Local Login Failed for user 'guest' from IP Address '198.51.100.162'.")),
 (B, None, ca("30:00", "AUTH LOGIN: User 'admin' Authenticated via Local Login from IP Address '192.0.2.161'")),
 (B, None, ca("30:05", "CMDPHP Poller[1] PID[4411] Device[3] HT[1] DS[12] WARNING: SNMP Get Timeout for Host:'192.0.2.162', and OID:'.1.3.6.1.2.1.2.2.1.10.2'")),
 (B, None, ca("30:06", "POLLER: Poller[1] PID[4410] WARNING: Poller Output Table not Empty.  Issues: 12, DS[12, 13]")),
 (B, None, ca("30:07", "SYSTEM STATS: Time:12.3456 Method:spine Processes:1 Threads:4 Hosts:12 HostsPerProcess:12 DataSources:240 RRDsProcessed:120")),
]

# Domoticz's log ("Error: Failed login attempt from ADDR for user 'x' !", its fail2ban filter's wording), successes
# and hardware noise, from knowledge.
def dz(ts, msg): return f"2024-05-02 08:{ts}.123  {msg}"
S['domoticz'] = [
 (H, "203.0.113.171", dz("12:44", "Error: Failed login attempt from 203.0.113.171 for user 'admin' !")),
 (H, "203.0.113.171", dz("12:45", "Error: Failed login attempt from 203.0.113.171 for user 'domoticz' !")),
 (H, "198.51.100.172", dz("20:00", "Error: Failed login attempt from 198.51.100.172 for user 'admin' !")),
 (B, None, dz("30:00", "Status: Login successful from 192.0.2.171 for user 'alice'")),
 (B, None, dz("30:01", "Status: Incoming connection from: 192.0.2.171")),
 (B, None, dz("30:05", "Error: Zigbee2MQTT: Failed to connect to 192.0.2.172:1883 (Connection refused)")),
 (B, None, dz("30:06", "Error: EventSystem: in Script #12: [string \"...\"]:5: attempt to index a nil value (field 'kitchen')")),
]

# Overseerr's log ("TIME [level][label]: message {json}"), wordings read in crowdsecurity/hub #814, seerr-team/seerr
# #143, sct/overseerr #3968 and #2663.
def ov(ts, lvl, lab, msg, meta=None):
    return f"2024-05-02T08:{ts}.123Z [{lvl}]" + (f"[{lab}]" if lab else "") + f": {msg}" + (" " + J(meta) if meta is not None else "")
S['overseerr'] = [
 (H, "203.0.113.181", ov("12:44", "warn", "API", "Failed sign-in attempt using invalid Overseerr password", {"ip": "::ffff:203.0.113.181", "email": "admin@example.org"})),
 (H, "203.0.113.181", ov("12:45", "warn", "API", "Failed sign-in attempt using invalid Overseerr password", {"ip": "::ffff:203.0.113.181", "email": "root"})),
 (N, None, ov("20:00", "error", None, "Error checking user access: This user does not exist on the main Plex account's shared list")),
 (H, "198.51.100.182", ov("20:00", "warn", "API", "Failed sign-in attempt by Plex user without access to the media server", {"ip": "::ffff:198.51.100.182", "email": "someone@example.net", "plexId": 41234567, "plexUsername": "someone"})),
 (B, None, ov("30:00", "info", "Auth", "User successfully signed in via Overseerr password", {"ip": "::ffff:192.0.2.181", "email": "alice@example.org"})),
 (B, None, ov("30:05", "error", "Plex.TV Metadata API", "Failed to retrieve watchlist items", {"errorMessage": "getaddrinfo EAI_AGAIN metadata.provider.plex.tv"})),
 (B, None, ov("30:06", "info", "Jobs", "Starting scheduled job: Plex Recently Added Scan")),
 (B, None, ov("30:07", "error", "Radarr API", "Failed to retrieve movie", {"errorMessage": "connect ECONNREFUSED 192.0.2.183:7878"})),
]

# qBittorrent's log ("(W) TIME - WebAPI login failure. Reason: invalid credentials, attempt count: N, IP: ADDR,
# username: X" and "Reason: IP has been banned" from its AuthController; "Query bad method Http, closing socket. IP:"
# from qbittorrent/qBittorrent #20097; the log layout from linuxserver/docker-qbittorrent #417).
def qb(t, ts, msg): return f"({t}) 2024-05-02T08:{ts} - {msg}"
S['qbittorrent'] = [
 (B, None, qb("N", "00:00", "qBittorrent v4.6.4 started")),
 (H, "203.0.113.191", qb("W", "12:44", "WebAPI login failure. Reason: invalid credentials, attempt count: 1, IP: ::ffff:203.0.113.191, username: admin")),
 (H, "203.0.113.191", qb("W", "12:45", "WebAPI login failure. Reason: invalid credentials, attempt count: 2, IP: ::ffff:203.0.113.191, username: admin")),
 (H, "203.0.113.191", qb("W", "12:50", "WebAPI login failure. Reason: IP has been banned, IP: ::ffff:203.0.113.191, username: admin")),
 (H, "198.51.100.192", qb("W", "20:00", 'Query bad method Http, closing socket. IP: ::ffff:198.51.100.192. Method: "CONNECT"')),
 (E, "198.51.100.193", qb("W", "20:05", "Mismatch HTTP query, closing socket. IP: ::ffff:198.51.100.193")),
 (B, None, qb("N", "30:00", "WebAPI login success. IP: ::ffff:192.0.2.191")),
 (B, None, qb("I", "30:01", 'Successfully listening on IP. IP: "0.0.0.0". Port: "TCP/6881"')),
 (B, None, qb("W", "30:02", "Couldn't load IP geolocation database. Reason: No such file or directory")),
 (B, None, qb("C", "30:03", 'File error alert. Torrent: "debian-12.5.0-amd64-netinst.iso". File: "/downloads/debian-12.5.0-amd64-netinst.iso". Reason: "Permission denied"')),
]

# SABnzbd's log ("TIME,ms::LEVEL::[module:line] message"; "Unsuccessful login attempt from", "Refused connection
# from" with the client's address and agent), from knowledge.
def sb(ts, lvl, mod, msg): return f"2024-05-02 08:{ts},123::{lvl}::[{mod}] {msg}"
S['sabnzbd'] = [
 (H, "203.0.113.201", sb("12:44", "WARNING", "interface:1007", "Unsuccessful login attempt from 203.0.113.201 [Mozilla/5.0 (Windows NT 10.0; Win64; x64)]")),
 (H, "203.0.113.201", sb("12:45", "WARNING", "interface:1007", "Unsuccessful login attempt from 203.0.113.201 [Mozilla/5.0 (Windows NT 10.0; Win64; x64)]")),
 (H, "198.51.100.202", sb("20:00", "WARNING", "interface:219", 'Refused connection with hostname "203.0.113.250" from: 198.51.100.202>Mozilla/5.0 zgrab/0.x')),
 (B, None, sb("30:00", "INFO", "interface:1003", "Successful login from 192.0.2.201 [Mozilla/5.0 (X11; Linux x86_64)]")),
 (B, None, sb("30:05", "ERROR", "newswrapper:392", "Failed to connect: [Errno 111] Connection refused news.example.net:563 (192.0.2.202)")),
 (B, None, sb("30:06", "WARNING", "assembler:214", "WARNING: Aborted job \"Some.Linux.ISO\" because of encrypted RAR file (if supplied, all passwords were tried)")),
 (B, None, sb("30:07", "INFO", "postproc:376", "Starting Post-Processing on Some.Linux.ISO => Repair:True, Unpack:True, Delete:True")),
]

# Maltrail's event log (time sensor src_ip src_port dst_ip dst_port proto trail_type trail info reference), from
# knowledge of its README; the sensor names no attacker on a lookup this network made, so those are not labelled.
def mt(ts, src, sp, dst, dp, proto, typ, trail, info, ref): return f'"2024-05-02 08:{ts}.123456" sensor01 {src} {sp} {dst} {dp} {proto} {typ} {trail} "{info}" ({ref})'
S['maltrail'] = [
 (H, "203.0.113.211", mt("12:44", "203.0.113.211", 51234, "192.0.2.210", 22, "TCP", "IP", "203.0.113.211", "known attacker", "blocklist.de")),
 (H, "198.51.100.212", mt("20:00", "198.51.100.212", 40000, "192.0.2.210", 445, "TCP", "IP", "198.51.100.212", "potential port scanning", "heuristic")),
 (H, "198.51.100.213", mt("21:00", "198.51.100.213", 40100, "192.0.2.210", 80, "TCP", "UA", '"Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)"', "user agent (suspicious)", "heuristic")),
 (H, "198.51.100.214", mt("21:10", "198.51.100.214", 40200, "192.0.2.210", 80, "TCP", "URL", '192.0.2.210/index.php?s=/index/\\\\think\\\\app/invokefunction', "web shell (suspicious)", "heuristic")),
 (N, None, mt("25:00", "192.0.2.215", 50000, "192.0.2.1", 53, "UDP", "DNS", "c2.malware-host.example", "malware", "custom")),
 (B, None, mt("30:00", "192.0.2.216", 50001, "192.0.2.1", 53, "UDP", "DNS", "myhome.duckdns.org", "dynamic domain (suspicious)", "custom")),
 (B, None, mt("30:05", "192.0.2.216", 50002, "192.0.2.1", 53, "UDP", "DNS", "tracking.adnet.example", "tracker", "custom")),
 (B, None, mt("30:10", "192.0.2.217", 50003, "198.51.100.250", 443, "TCP", "IP", "198.51.100.250", "anonymous proxy (suspicious)", "custom")),
]

# Junos (SRX) structured syslog: RFC 5424 with [junos@2636...] structured data (SSHD_LOGIN_FAILED, RT_FLOW_SESSION_DENY,
# RT_SCREEN_TCP, UI_AUTH_EVENT), as public parser rules and SIEM notes found by the code search quote them.
JU = "junos@2636.1.1.1.2.133"
def jn(pri, ts, app, pid, mid, sd, msg): return f"<{pri}>1 2024-05-02T08:{ts}.123Z srx1 {app} {pid} {mid} [{JU} {sd}] {msg}"
S['junos'] = [
 (H, "203.0.113.221", jn(38, "12:44", "sshd", "2211", "SSHD_LOGIN_FAILED", 'username="root" source-address="203.0.113.221"', "Login failed for user 'root' from host '203.0.113.221'")),
 (H, "203.0.113.221", jn(38, "12:45", "sshd", "2212", "SSHD_LOGIN_FAILED", 'username="admin" source-address="203.0.113.221"', "Login failed for user 'admin' from host '203.0.113.221'")),
 (N, None, jn(38, "12:46", "sshd", "2212", "SSHD_LOGIN_ATTEMPTS_THRESHOLD", 'limit="3" username="admin"', "Threshold for unsuccessful authentication attempts (3) reached by user 'admin'")),
 (H, "198.51.100.222", jn(14, "20:00", "RT_FLOW", "-", "RT_FLOW_SESSION_DENY", 'source-address="198.51.100.222" source-port="51234" destination-address="192.0.2.220" destination-port="3389" connection-tag="0" service-name="ms-rdp" protocol-id="6" icmp-type="0" policy-name="deny-all" source-zone-name="untrust" destination-zone-name="trust" application="UNKNOWN" nested-application="UNKNOWN" username="N/A" roles="N/A" packet-incoming-interface="ge-0/0/0.0" encrypted="UNKNOWN" reason="policy deny"', "session denied 198.51.100.222/51234->192.0.2.220/3389 0x0 ms-rdp 6(0) deny-all untrust trust UNKNOWN UNKNOWN N/A(N/A) ge-0/0/0.0 UNKNOWN policy deny")),
 (H, "198.51.100.223", jn(12, "21:00", "RT_IDS", "-", "RT_SCREEN_TCP", 'attack-name="TCP port scan!" source-address="198.51.100.223" source-port="40000" destination-address="192.0.2.220" destination-port="23" source-zone-name="untrust" interface-name="ge-0/0/0.0" action="drop"', "TCP port scan! source: 198.51.100.223:40000, destination: 192.0.2.220:23, zone name: untrust, interface name: ge-0/0/0.0, action: drop")),
 (B, None, jn(38, "30:00", "mgd", "3311", "UI_AUTH_EVENT", 'username="alice" authentication-level="super-user"', "Authenticated user 'alice' assigned to class 'super-user'")),
 (B, None, "<38>1 2024-05-02T08:30:00.100Z srx1 sshd 3310 - - Accepted publickey for alice from 192.0.2.221 port 50512 ssh2: ED25519 SHA256:Xk3f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b"),
 (B, None, jn(14, "30:05", "RT_FLOW", "-", "RT_FLOW_SESSION_CREATE", 'source-address="192.0.2.224" source-port="50600" destination-address="198.51.100.250" destination-port="443" connection-tag="0" service-name="junos-https" nat-source-address="203.0.113.220" nat-source-port="20001" nat-destination-address="198.51.100.250" nat-destination-port="443" src-nat-rule-type="source rule" src-nat-rule-name="trust-to-untrust" dst-nat-rule-type="N/A" dst-nat-rule-name="N/A" protocol-id="6" policy-name="allow-out" source-zone-name="trust" destination-zone-name="untrust" session-id-32="41234" username="N/A" roles="N/A" packet-incoming-interface="ge-0/0/1.0" application="UNKNOWN" nested-application="UNKNOWN" encrypted="UNKNOWN"', "session created 192.0.2.224/50600->198.51.100.250/443 0x0 junos-https 203.0.113.220/20001->198.51.100.250/443 0x0 source rule trust-to-untrust N/A N/A 6 allow-out trust untrust 41234 N/A(N/A) ge-0/0/1.0 UNKNOWN UNKNOWN UNKNOWN")),
 (B, None, jn(10, "30:10", "chassisd", "1500", "CHASSISD_SNMP_TRAP7", 'trap="jnxPowerSupplyFailure" argument1="jnxContentsDescr.2.1.0.0" value1="PEM 0"', "SNMP trap generated: Power Supply failed (jnxContentsDescr.2.1.0.0 PEM 0)")),
]

# IIS W3C extended log (the default field set; sc-status, sc-substatus and sc-win32-status: 401 1 1326 is a logon
# failure), an Exchange and RD Web host, from knowledge of IIS's documentation.
IISF = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken"
def ii(ts, m, stem, q, user, ip, ua, st, sub, win, tt): return f"2024-05-02 08:{ts} 192.0.2.230 {m} {stem} {q} 443 {user} {ip} {ua} - {st} {sub} {win} {tt}"
S['iis-w3c'] = [
 (N, None, "#Software: Microsoft Internet Information Services 10.0"),
 (N, None, "#Version: 1.0"),
 (N, None, "#Date: 2024-05-02 08:00:00"),
 (N, None, IISF),
 (H, "203.0.113.231", ii("12:44", "POST", "/EWS/Exchange.asmx", "-", "administrator", "203.0.113.231", "python-requests/2.31.0", 401, 1, 1326, 15)),
 (H, "203.0.113.231", ii("12:45", "POST", "/Autodiscover/Autodiscover.xml", "-", "admin@example.org", "203.0.113.231", "python-requests/2.31.0", 401, 1, 1326, 12)),
 (H, "198.51.100.232", ii("20:00", "GET", "/.env", "-", "-", "198.51.100.232", "Mozilla/5.0+zgrab/0.x", 404, 0, 2, 1)),
 (H, "198.51.100.232", ii("20:01", "GET", "/owa/auth/x.js", "-", "-", "198.51.100.232", "Mozilla/5.0+zgrab/0.x", 404, 0, 2, 1)),
 (B, None, ii("30:00", "GET", "/owa/", "-", "-", "192.0.2.233", "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)", 401, 2, 5, 3)),
 (B, None, ii("30:01", "GET", "/owa/", "-", "EXAMPLE\\alice", "192.0.2.233", "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)", 200, 0, 0, 140)),
 (B, None, ii("30:02", "POST", "/EWS/Exchange.asmx", "-", "EXAMPLE\\alice", "192.0.2.233", "Microsoft+Office/16.0", 500, 0, 0, 2003)),
 (B, None, ii("30:03", "GET", "/RDWeb/Pages/en-US/Default.aspx", "-", "EXAMPLE\\bob", "192.0.2.234", "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)", 200, 0, 0, 31)),
]

# Microsoft FTP Service W3C log (its default fields: date time c-ip cs-username s-ip s-port cs-method cs-uri-stem
# sc-status sc-win32-status sc-substatus x-session x-fullpath); PASS 530 1326 is a failed logon.
FTPF = "#Fields: date time c-ip cs-username s-ip s-port cs-method cs-uri-stem sc-status sc-win32-status sc-substatus x-session x-fullpath"
def mf(ts, ip, user, m, stem, st, win, sub, sess, path="-"): return f"2024-05-02 08:{ts} {ip} {user} 192.0.2.240 21 {m} {stem} {st} {win} {sub} {sess} {path}"
S['msftp-w3c'] = [
 (N, None, "#Software: Microsoft Internet Information Services 10.0"),
 (N, None, "#Version: 1.0"),
 (N, None, FTPF),
 (N, None, mf("12:44", "203.0.113.241", "-", "USER", "administrator", 331, 0, 0, "3c1f0a2b-4d5e-4f60-8a71-92b3c4d5e6f7")),
 (H, "203.0.113.241", mf("12:44", "203.0.113.241", "administrator", "PASS", "***", 530, 1326, 41, "3c1f0a2b-4d5e-4f60-8a71-92b3c4d5e6f7")),
 (H, "203.0.113.241", mf("12:45", "203.0.113.241", "ftp", "PASS", "***", 530, 1326, 41, "3c1f0a2b-4d5e-4f60-8a71-92b3c4d5e6f7")),
 (H, "198.51.100.242", mf("20:00", "198.51.100.242", "test", "PASS", "***", 530, 1326, 41, "5e3a1c2d-6f70-4812-9a3b-c4d5e6f70819")),
 (B, None, mf("30:00", "192.0.2.243", "-", "ControlChannelOpened", "-", "-", 0, 0, "7a5b3c4d-8192-4a3b-bc5d-e6f708192a3b")),
 (B, None, mf("30:00", "192.0.2.243", "EXAMPLE\\alice", "PASS", "***", 230, 0, 0, "7a5b3c4d-8192-4a3b-bc5d-e6f708192a3b", "/")),
 (B, None, mf("30:05", "192.0.2.243", "EXAMPLE\\alice", "RETR", "report.pdf", 226, 0, 0, "7a5b3c4d-8192-4a3b-bc5d-e6f708192a3b", "/report.pdf")),
 (B, None, mf("30:06", "192.0.2.243", "EXAMPLE\\alice", "STOR", "upload/big.iso", 550, 112, 0, "7a5b3c4d-8192-4a3b-bc5d-e6f708192a3b", "/upload/big.iso")),
]

# UniFi Network's SIEM export (CEF with UNIFI* extension keys; "Threat Detected and Blocked" and "Admin Accessed
# UniFi Network" as quoted in public parsers found by the code search), in syslog with the site as host name.
def uf(ts, sig, name, sev, ext): return f"May  2 08:{ts} Office CEF:0|Ubiquiti|UniFi Network|9.0.114|{sig}|{name}|{sev}|{ext}"
S['unifi-cef'] = [
 (H, "203.0.113.251", uf("12:44", 201, "Threat Detected and Blocked", 7, "UNIFIcategory=Security UNIFIsubCategory=Intrusion Prevention UNIFIhost=UDM-Pro src=203.0.113.251 spt=53250 dst=192.0.2.250 dpt=22 proto=TCP act=blocked UNIFIrisk=high UNIFIipsSignature=ET SCAN Potential SSH Scan UNIFIipsSignatureId=2001219 UNIFIdirection=incoming msg=A network intrusion attempt from 203.0.113.251 to 192.0.2.250 has been detected and blocked.")),
 (H, "203.0.113.251", uf("12:45", 201, "Threat Detected and Blocked", 7, "UNIFIcategory=Security UNIFIsubCategory=Intrusion Prevention UNIFIhost=UDM-Pro src=203.0.113.251 spt=53300 dst=192.0.2.250 dpt=443 proto=TCP act=blocked UNIFIrisk=high UNIFIipsSignature=ET EXPLOIT Fortinet FortiOS SSL VPN Path Traversal UNIFIipsSignatureId=2027882 UNIFIdirection=incoming msg=A network intrusion attempt from 203.0.113.251 to 192.0.2.250 has been detected and blocked.")),
 (H, "198.51.100.252", uf("20:00", 201, "Threat Detected and Blocked", 7, "UNIFIcategory=Security UNIFIsubCategory=Intrusion Prevention UNIFIhost=UDM-Pro src=198.51.100.252 spt=40000 dst=192.0.2.250 dpt=32400 proto=TCP act=blocked UNIFIrisk=medium UNIFIpolicyName=DShield Block List UNIFIpolicyType=IDS/IPS UNIFIdirection=incoming")),
 (B, None, uf("30:00", 544, "Admin Accessed UniFi Network", 1, "UNIFIcategory=System UNIFIsubCategory=Admin UNIFIhost=UDM-Pro UNIFIaccessMethod=web UNIFIadmin=Alice src=192.0.2.251 msg=Alice accessed UniFi Network using the web. Source IP: 192.0.2.251")),
 (B, None, uf("30:05", 400, "WiFi Client Disconnected", 1, "UNIFIcategory=Monitoring UNIFIsubCategory=WiFi UNIFIhost=UDM-Pro UNIFIclientAlias=Bob's Phone UNIFIclientIp=192.0.2.253 UNIFIwifiName=Office msg=Bob's Phone disconnected from Office.")),
 (B, None, uf("30:10", 539, "Device IP Address Conflict", 8, "UNIFIcategory=System UNIFIsubCategory=Devices UNIFIhost=UDM-Pro UNIFIdeviceIp=192.0.2.254 msg=IP address conflict detected for 192.0.2.254.")),
 (B, None, uf("30:15", 310, "Device Offline", 4, "UNIFIcategory=System UNIFIsubCategory=Devices UNIFIhost=UDM-Pro UNIFIdeviceName=U6-Lite Garage UNIFIdeviceIp=192.0.2.249 msg=U6-Lite Garage is offline.")),
]

# Bitdefender GravityZone's push events in CEF (BitdefenderGZModule=..., the module names of its event types), from
# knowledge of its Event Push documentation: network attack defense and firewall name the attacker as src.
def gz(ts, sig, name, sev, ext): return f"May  2 08:{ts} gz CEF:0|Bitdefender|GravityZone|6.38.1-1|{sig}|{name}|{sev}|{ext}"
GZH = "dvchost=FILESRV01 BitdefenderGZComputerFQDN=filesrv01.example.lan dvc=192.0.2.20"
S['gravityzone-cef'] = [
 (H, "203.0.113.24", gz("12:44", 70100, "Network Attack Defense", 8, f"BitdefenderGZModule=network-monitor {GZH} BitdefenderGZAttackType=Brute Force BitdefenderGZAttackTechnique=Credential Access src=203.0.113.24 spt=51234 dpt=3389 act=blocked BitdefenderGZDetectionName=RDP.BruteForce")),
 (H, "203.0.113.24", gz("12:46", 70100, "Network Attack Defense", 8, f"BitdefenderGZModule=network-monitor {GZH} BitdefenderGZAttackType=Brute Force BitdefenderGZAttackTechnique=Credential Access src=203.0.113.24 spt=51300 dpt=3389 act=blocked BitdefenderGZDetectionName=RDP.BruteForce")),
 (H, "198.51.100.25", gz("20:00", 35, "Firewall", 5, f"BitdefenderGZModule=fw {GZH} src=198.51.100.25 spt=40000 dst=192.0.2.20 dpt=445 proto=TCP act=blocked BitdefenderGZFirewallRule=Block inbound SMB")),
 (H, "198.51.100.26", gz("21:00", 70100, "Network Attack Defense", 9, f"BitdefenderGZModule=network-monitor {GZH} BitdefenderGZAttackType=Exploit BitdefenderGZAttackTechnique=Initial Access src=198.51.100.26 spt=40100 dpt=445 act=blocked BitdefenderGZDetectionName=Exploit.MS17-010.EternalBlue")),
 (B, None, gz("30:00", 1, "Antimalware", 7, f"BitdefenderGZModule=av {GZH} BitdefenderGZMalwareName=EICAR-Test-File (not a virus) filePath=C:\\Users\\alice\\Downloads\\eicar.com act=deleted suser=EXAMPLE\\alice")),
 (B, None, gz("30:05", 70000, "Registration", 3, f"BitdefenderGZModule=registration {GZH} BitdefenderGZEndpointState=registered")),
 (B, None, gz("30:06", 35, "Product Modules Status", 5, f"BitdefenderGZModule=modules {GZH} BitdefenderGZModuleFirewall=enabled BitdefenderGZModuleAntiphishing=disabled")),
 (B, None, gz("30:07", 12, "Task Status", 3, f"BitdefenderGZModule=task-status {GZH} BitdefenderGZTaskName=Quick Scan BitdefenderGZTaskStatus=failed BitdefenderGZTaskError=Endpoint unreachable")),
]

# ESET PROTECT syslog export in LEEF 1.0 (tab-separated attributes; "Native user login" audit events as public parser
# rules quote them: cat=ESET RA Audit Event, domain=Native user, action=..., result=Success/Failed, src=), and the
# firewall's "Detected network attack" event, from knowledge.
def es(ts, ver, ev, attrs): return f"<14>1 2024-05-02T08:{ts}.123Z 192.0.2.30 Server 5470 - - LEEF:1.0|ESET|RemoteAdministrator|{ver}|{ev}|" + "\t".join(f"{k}={v}" for k, v in attrs)
def esa(ts, src, user, action, detail, result):
    return [("cat", "ESET RA Audit Event"), ("sev", 2), ("devTime", f"May 02 2024 08:{ts} GMT"), ("devTimeFormat", "MMM dd yyyy HH:mm:ss z"),
            ("src", src), ("deviceName", "192.0.2.30"), ("domain", "Native user"), ("action", action), ("target", user),
            ("detail", detail), ("user", user if result == "Success" else ""), ("result", result)]
S['eset-leef'] = [
 (H, "203.0.113.34", es("12:44", "11.0.503.0", "Native user login", esa("12:44", "203.0.113.34", "Administrator", "Login attempt", "Authenticating native user 'Administrator'.", "Failed"))),
 (H, "203.0.113.34", es("12:45", "11.0.503.0", "Native user login", esa("12:45", "203.0.113.34", "admin", "Login attempt", "Authenticating native user 'admin'.", "Failed"))),
 (H, "198.51.100.35", es("20:00", "11.0.503.0", "FirewallAggregated_Event", [("cat", "ESET FirewallAggregated Event"), ("sev", 4), ("devTime", "May 02 2024 08:20:00 GMT"), ("devTimeFormat", "MMM dd yyyy HH:mm:ss z"), ("src", "198.51.100.35"), ("dst", "192.0.2.31"), ("srcPort", 40000), ("dstPort", 445), ("proto", "TCP"), ("event", "Detected network attack"), ("threatName", "SMB/Exploit.DoublePulsar"), ("action", "Blocked"), ("hostname", "ws-031.example.lan"), ("inbound", "true"), ("aggregate_count", 3)])),
 (B, None, es("30:00", "11.0.503.0", "Native user login", esa("30:00", "192.0.2.32", "Administrator", "Login attempt", "Authenticating native user 'Administrator'.", "Success"))),
 (B, None, es("30:10", "11.0.503.0", "Native user logout", esa("30:10", "192.0.2.32", "Administrator", "Logout", "Logging out native user Administrator.", "Success"))),
 (B, None, es("30:20", "11.0.503.0", "Filtered Website Event", [("cat", "ESET Filtered website"), ("sev", 5), ("devTime", "May 02 2024 08:30:20 GMT"), ("devTimeFormat", "MMM dd yyyy HH:mm:ss z"), ("src", "192.0.2.33"), ("dst", "198.51.100.36"), ("event", "An attempt to connect to URL"), ("url", "http://ads.tracker.example/pixel"), ("action", "Blocked"), ("rule_id", "Blocked by internal blacklist"), ("hostname", "ws-033.example.lan"), ("username", "EXAMPLE\\bob")])),
 (B, None, es("30:30", "11.0.503.0", "Threat_Event", [("cat", "ESET Threat Event"), ("sev", 5), ("devTime", "May 02 2024 08:30:30 GMT"), ("devTimeFormat", "MMM dd yyyy HH:mm:ss z"), ("src", "192.0.2.33"), ("threat_type", "test file"), ("threat_name", "Eicar"), ("object_uri", "file:///C:/Users/bob/Downloads/eicar.com"), ("action", "cleaned by deleting"), ("hostname", "ws-033.example.lan")])),
]

# Google Workspace Admin console: Reporting > Audit and investigation > Login log events, downloaded as CSV (a subset of
# its columns; event names Failed login, Successful login, Suspicious login blocked, Logout), from knowledge.
S['google-workspace'] = [
 (N, None, "Date,Event,Description,User,IP address,Login type,Is suspicious"),
 (H, "203.0.113.44", "2024-05-02T08:12:44+00:00,Failed login,alice@example.org failed to login,alice@example.org,203.0.113.44,Google password,false"),
 (H, "203.0.113.44", "2024-05-02T08:12:50+00:00,Failed login,bob@example.org failed to login,bob@example.org,203.0.113.44,Google password,false"),
 (H, "198.51.100.45", "2024-05-02T08:20:00+00:00,Suspicious login blocked,Google blocked a suspicious login attempt to ceo@example.org,ceo@example.org,198.51.100.45,Google password,true"),
 (B, None, "2024-05-02T08:30:00+00:00,Successful login,alice@example.org logged in,alice@example.org,192.0.2.44,Google password,false"),
 (B, None, "2024-05-02T08:31:00+00:00,Logout,alice@example.org logged out,alice@example.org,192.0.2.44,,false"),
 (B, None, "2024-05-02T08:32:00+00:00,2-step verification enrollment,bob@example.org enrolled in 2-step verification,bob@example.org,192.0.2.45,,false"),
 (B, None, "2024-05-02T08:33:00+00:00,Login challenge,carol@example.org was presented with a login challenge and passed it (Google prompt),carol@example.org,192.0.2.46,Google password,false"),
]

# Libreswan's pluto in syslog ("packet from ADDR:500: initial Main Mode message received on ... but no connection has
# been authorized with policy ...", XAUTH "Authentication Failed: Incorrect Username or Password", "no suitable
# connection for peer '...'" after the state's peer address), from knowledge of its messages.
def ls(ts, msg): return f"May  2 08:{ts} vpn pluto[1201]: {msg}"
S['libreswan'] = [
 (H, "203.0.113.54", ls("12:44", "packet from 203.0.113.54:500: initial Main Mode message received on 192.0.2.50:500 but no connection has been authorized with policy PSK+IKEV1_ALLOW")),
 (H, "198.51.100.55", ls("20:00", '"xauth-psk"[3] 198.51.100.55 #7: XAUTH: User admin: Authentication Failed: Incorrect Username or Password')),
 (H, "198.51.100.55", ls("20:01", '"xauth-psk"[3] 198.51.100.55 #7: XAUTH: User test: Authentication Failed: Incorrect Username or Password')),
 (H, "198.51.100.56", ls("21:00", '"rw-cert"[4] 198.51.100.56 #9: no suitable connection for peer \'CN=intruder.example.net\'')),
 (B, None, ls("30:00", '"xauth-psk"[5] 192.0.2.55 #11: XAUTH: User alice: Authentication Successful')),
 (B, None, ls("30:01", '"xauth-psk"[5] 192.0.2.55 #12: IPsec SA established tunnel mode {ESP/NAT=>0x1a2b3c4d <0x5e6f7a8b xfrm=AES_CBC_256-HMAC_SHA1_96 NATOA=none NATD=192.0.2.55:4500 DPD=active username=alice}')),
 (B, None, ls("30:05", '"site-b" #4: ESP/AH liveness check failed after 30 seconds; restarting connection to 192.0.2.57')),
 (B, None, ls("30:06", '"site-b" #13: initiating IKEv2 connection')),
]

# Artifactory 6 access.log ("DATE [ACCEPTED|DENIED ACTION] repo:path for user/ADDR."), from knowledge.
def af(ts, what, tail): return f"2024-05-02 08:{ts},123 [{what}] {tail}"
S['artifactory'] = [
 (H, "203.0.113.64", af("12:44", "DENIED LOGIN", " for admin/203.0.113.64.")),
 (H, "203.0.113.64", af("12:45", "DENIED LOGIN", " for jenkins/203.0.113.64.")),
 (H, "198.51.100.65", af("20:00", "DENIED DOWNLOAD", "libs-release-local:com/example/secret-core/1.2.0/secret-core-1.2.0.jar for anonymous/198.51.100.65.")),
 (H, "198.51.100.65", af("20:01", "DENIED DEPLOY", "libs-release-local:com/example/evil/1.0/evil-1.0.jar for anonymous/198.51.100.65.")),
 (B, None, af("30:00", "ACCEPTED DOWNLOAD", "libs-release:org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0.jar for ci-bot/192.0.2.64.")),
 (B, None, af("30:01", "ACCEPTED DEPLOY", "libs-snapshot-local:com/example/app/1.3.0-SNAPSHOT/app-1.3.0-20240502.083001-4.jar for ci-bot/192.0.2.64.")),
 (B, None, af("30:02", "ACCEPTED DELETE", "libs-snapshot-local:com/example/app/1.1.0-SNAPSHOT for admin/192.0.2.66.")),
]

# CoreDNS's log plugin ("{remote}:{port} - {id} \"{type} {class} {name} {proto} {size} {do} {bufsize}\" {rcode}
# {rflags} {rsize} {duration}") and its errors plugin; a refused AXFR and an ANY query of an outsider.
def cd(ip, port, qid, q, rc, fl, sz, d): return f'[INFO] {ip}:{port} - {qid} "{q}" {rc} {fl} {sz} {d}'
S['coredns'] = [
 (B, None, "[INFO] plugin/reload: Running configuration SHA512 = 3f1c0e2d8a9b7c6d5e4f3a2b1c0d9e8f"),
 (H, "203.0.113.74", cd("203.0.113.74", 51234, 4321, "AXFR IN example.org. tcp 41 false 65535", "REFUSED", "qr", 41, "0.000123s")),
 (H, "198.51.100.75", cd("198.51.100.75", 40000, 1, "ANY IN isc.org. udp 36 false 4096", "REFUSED", "qr,rd", 36, "0.000051s")),
 (H, "198.51.100.75", cd("198.51.100.75", 40001, 2, "ANY IN isc.org. udp 36 false 4096", "REFUSED", "qr,rd", 36, "0.000049s")),
 (B, None, cd("10.244.0.5", 45678, 17, "A IN api.default.svc.cluster.local. udp 51 false 512", "NOERROR", "qr,aa,rd", 118, "0.000212s")),
 (B, None, cd("10.244.0.5", 45679, 18, "AAAA IN api.default.svc.cluster.local.cluster.local. udp 66 false 512", "NXDOMAIN", "qr,aa,rd", 159, "0.000188s")),
 (B, None, "[ERROR] plugin/errors: 2 registry.example.org. A: read udp 10.244.0.9:45678->192.0.2.53:53: i/o timeout"),
 (B, None, "[WARNING] No files matching import glob pattern: custom/*.override"),
]

# Windows Defender Firewall's pfirewall.log (W3C-like header; "#Fields: date time action protocol src-ip dst-ip src-port
# dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path"), dropped inbound packets logged, from
# knowledge of its documentation.
WFF = "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path"
def wf(ts, act, proto, src, dst, sp, dp, flags, path): return f"2024-05-02 08:{ts} {act} {proto} {src} {dst} {sp} {dp} {'52' if proto == 'TCP' else '78'} {flags} - - - - - {path}"
S['windows-firewall'] = [
 (N, None, "#Version: 1.5"),
 (N, None, "#Software: Microsoft Windows Firewall"),
 (N, None, "#Time Format: Local"),
 (N, None, WFF),
 (H, "203.0.113.84", wf("12:44", "DROP", "TCP", "203.0.113.84", "192.0.2.80", 51234, 3389, "S 1234567890 0 64240", "RECEIVE")),
 (H, "203.0.113.84", wf("12:44", "DROP", "TCP", "203.0.113.84", "192.0.2.80", 51235, 445, "S 1234567891 0 64240", "RECEIVE")),
 (H, "198.51.100.85", wf("20:00", "DROP", "UDP", "198.51.100.85", "192.0.2.80", 40000, 1434, "- - - -", "RECEIVE")),
 (B, None, wf("30:00", "ALLOW", "TCP", "192.0.2.80", "198.51.100.250", 50512, 443, "- - - -", "SEND")),
 (B, None, wf("30:01", "ALLOW", "UDP", "192.0.2.80", "192.0.2.1", 50000, 53, "- - - -", "SEND")),
 (B, None, wf("30:02", "ALLOW", "TCP", "192.0.2.81", "192.0.2.80", 50600, 3389, "- - - -", "RECEIVE")),
 (B, None, wf("30:03", "DROP", "UDP", "192.0.2.82", "192.0.2.255", 137, 137, "- - - -", "RECEIVE")),
 (B, None, wf("30:04", "DROP", "UDP", "fe80::1c2d:3e4f:5a6b:7c8d", "ff02::1:3", 5355, 5355, "- - - -", "RECEIVE")),
]

# FreeBSD's blacklistd (fed by sshd and ftpd through libblacklist), from knowledge of blacklistd(8)'s messages.
def bl(ts, prog, msg): return f"May  2 08:{ts} gw {prog}: {msg}"
S['blacklistd'] = [
 (H, "203.0.113.94", bl("12:40", "sshd[4411]", "error: maximum authentication attempts exceeded for root from 203.0.113.94 port 51234 ssh2 [preauth]")),
 (H, "203.0.113.94", bl("12:44", "blacklistd[622]", "blocked 203.0.113.94/32:22 for 86400 seconds")),
 (H, "198.51.100.95", bl("20:00", "blacklistd[622]", "blocked 198.51.100.95/32:21 for 3600 seconds")),
 (B, None, bl("30:00", "blacklistd[622]", "released 198.51.100.96/32:22 after 86400 seconds")),
 (B, None, bl("30:01", "blacklistd[622]", "rule add: tcp 22 192.0.2.1/32 blacklistd")),
 (B, None, bl("30:02", "blacklistd[622]", "Failed to remove rule for 192.0.2.97: No such file or directory")),
 (B, None, bl("30:03", "sshd[4500]", "Accepted publickey for alice from 192.0.2.98 port 50512 ssh2: ED25519 SHA256:Xk3f0a1b2c3d")),
]

out = sys.argv[1]
counts = sum((write_service(out, name, rows) for name, rows in S.items()), Counter())
print(len(S), "services, hostile", counts['H'], "benign", counts['B'], "either", counts['E'])
