#!/usr/bin/env python3
"""Twelfth held-out set ("fresh11"), written blind by helper fresh11 (sixteenth session): services absent from the shared
corpus and from tune/, test/, fresh/ .. fresh10/ (checked by file name and by grepping every set's lines, the generators,
the README and the shared corpus for each service's and process's name; Plex and Emby were left out again because their
names appear in other sets' lines, Pomerium for the reason given under fresh10/, LLDAP and Node-RED because their failed
logins name no client, SeaweedFS, Transmission, Metabase and Dex because no failure wording naming the client could be
confirmed in the time), chosen from what VPS, self-hosting, home-lab and small-business owners run: a Usenet downloader
(NZBGet), a GPS tracking server (Traccar), a bookmark manager (Shaarli), a web IRC client (The Lounge), a read-it-later app
(wallabag), a recipe manager (Mealie), a virtualisation host's API (XCP-ng's xapi), a proxy tunnel (GOST), a small-office
router (DrayTek Vigor), a cloud-managed firewall (Cisco Meraki MX), a WAF in front of Caddy (Coraza), an identity server
(Kanidm), a mail server (mox), a commercial file transfer server (CrushFTP), a task manager (Vikunja), a photo library
(PhotoPrism), a fediverse server (Akkoma), an identity management web UI (FreeIPA's httpd), and five benign-only noise
sources (Watchtower, Frigate, borgmatic, Zigbee2MQTT, a Tor relay). Formats: NZBGet's tab-separated log, Traccar's
"[CHANNEL: PROTOCOL < ADDR]" lines, Shaarli's "DATE - ADDR - message", The Lounge's "[LEVEL]" lines, Symfony/monolog
"[DATE] channel.LEVEL: message {ctx} []" (wallabag), Mealie's "LEVEL    DATE - [ADDR:PORT] STATUS REASON "REQUEST"" access
lines, xapi's "[level||task TRANSPORT ADDR->|task name D:id|module]" syslog, GOST's "[handler] ADDR -> ADDR : message",
DrayTek's bracketed "[FILTER][Block][...][@S:R=..., SRC:PORT->DST:PORT]" syslog, Meraki's RFC 5424 "flows"/"ids-alerts"/
"security_event"/"events" records, Caddy JSON with Coraza's "[client "ADDR"] Coraza: …" message, tracing-forest trees keyed by
a UUID (Kanidm), logfmt with a connection id (mox), CrushFTP's "SESSION|DATE|[PROTO:ID:USER:ADDR] READ: *…*" lines, Echo's
"WEB ▶ ADDR METHOD STATUS PATH" lines (Vikunja), logrus text with "›" separated audit messages (PhotoPrism), Phoenix
"request_id=… remote_ip=… [info] Sent STATUS" lines (Akkoma), Apache's mod_wsgi "[remote ADDR:PORT] ipa: INFO: …"
(FreeIPA), logrus text (Watchtower), Python logging (Frigate, borgmatic), Zigbee2MQTT's "Zigbee2MQTT:level DATE: message",
Tor's "[notice]" log. Per service NAME.log and NAME.labels.jsonl; (label, host, line): H hostile (host = the attacker),
B benign, E either (not scored), N unlabelled. Labelled by ../shared/data/README.md's definitions before LogWarden ran on
any line; the formats and where each comes from are in README.md."""
import json, sys
from collections import Counter
from heldout import H, B, E, N, write_service
J = lambda o: json.dumps(o, separators=(',', ':'), ensure_ascii=False)
S = {}

# NZBGet's nzbget.log ("Day Mon DD YYYY HH:MM:SS<TAB>KIND<TAB>message"): the control server's "Request received on port
# 6789 from ADDR, but username (USER) or password invalid" as nzbget/nzbget #153 and Cloudbox/Cloudbox #250 quote it.
# This host's own news-server logins failing ("Authorization for SERVER failed", "server requested authorization"), a
# wrong archive password and a failed par-check are this host's troubles, not a client's.
def nz(ts, kind, msg): return f"Thu May 02 2024 08:{ts}\t{kind}\t{msg}"
S['nzbget'] = [
 (B, None, nz("00:00", "INFO", "nzbget 21.1 server-mode")),
 (B, None, nz("00:01", "INFO", "Loading queue from disk")),
 (H, "203.0.113.80", nz("12:44", "WARNING", "Request received on port 6789 from 203.0.113.80, but username (nzbget) or password invalid")),
 (H, "203.0.113.80", nz("12:45", "WARNING", "Request received on port 6789 from 203.0.113.80, but username (admin) or password invalid")),
 (H, "198.51.100.80", nz("20:00", "WARNING", "Request received on port 6789 from 198.51.100.80, but username (root) or password invalid")),
 (H, "2001:db8:80::5", nz("20:10", "WARNING", "Request received on port 6789 from 2001:db8:80::5, but username (nzbget) or password invalid")),
 (B, None, nz("30:00", "INFO", "Collection Some.Linux.Distro.iso added to queue")),
 (B, None, nz("30:05", "ERROR", "Authorization for news-eu (news.example.net) failed: 502 Authentication Failed")),
 (B, None, nz("30:06", "WARNING", "Could not connect to news.example.net: server requested authorization but username/password are not set in settings")),
 (B, None, nz("31:00", "ERROR", "Unpack for Some.Linux.Distro.iso failed: wrong password")),
 (B, None, nz("31:01", "WARNING", "Par-check for Some.Linux.Distro.iso failed: 12 blocks needed but 4 available")),
 (B, None, nz("32:00", "INFO", "Successfully downloaded Other.Distro.iso")),
]

# Traccar's tracker-server.log ("DATE  LEVEL: [CHANNEL: PROTOCOL < ADDR] …"): "WARN: Unknown device - ID (ADDR)" as
# traccar/traccar #4470 quotes it (a tracker not registered here: a misconfigured device as often as a scanner, so
# either); the web login failure "login failed from: ADDR" (which traccar/traccar #5275 says users look for) and the
# login and device lines from knowledge. Geocoding failing with this server's API key is this host's failure.
def tc(ts, lvl, msg): return f"2024-05-02 08:{ts} {lvl:>5}: {msg}"
S['traccar'] = [
 (B, None, tc("00:00", "INFO", "Version: 6.2")),
 (B, None, tc("00:01", "INFO", "Started Server@5e3d3e5a{STARTING}[11.0.20,sto=0] @4123ms")),
 (N, None, tc("12:40", "INFO", "[T3f2a1b0c: gt06 < 203.0.113.82] connected")),
 (N, None, tc("12:40", "INFO", "[T3f2a1b0c: gt06 < 203.0.113.82] HEX: 78780d010352887071911998000479d00d0a")),
 (E, "203.0.113.82", tc("12:40", "WARN", "Unknown device - 352887071911998 (203.0.113.82)")),
 (H, "198.51.100.82", tc("20:00", "INFO", "login failed from: 198.51.100.82")),
 (H, "198.51.100.82", tc("20:01", "INFO", "login failed from: 198.51.100.82")),
 (H, "203.0.113.83", tc("20:30", "INFO", "login failed from: 203.0.113.83")),
 (B, None, tc("30:00", "INFO", "user: 1, action: login, from: 192.0.2.82")),
 (B, None, tc("30:10", "INFO", "[T0a1b2c3d: osmand < 192.0.2.83] connected")),
 (B, None, tc("30:11", "INFO", "[T0a1b2c3d: osmand < 192.0.2.83] HTTP POST /?id=123456&lat=52.5&lon=13.4 200")),
 (B, None, tc("31:00", "WARN", "Geocoding failed - HTTP 401 Unauthorized - ReverseGeocoderException (...)")),
 (B, None, tc("31:30", "INFO", "[T0a1b2c3d: osmand < 192.0.2.83] disconnected")),
]

# Shaarli's data/log.txt ("YYYY/MM/DD HH:MM:SS - ADDR - message"), as Shaarli's Server-security documentation's fail2ban
# filter reads it ("\s-\s<HOST>\s-\sLogin failed for user"); the ban and success wordings from knowledge of its
# BanManager and LoginManager.
def sa(ts, ip, msg): return f"2024/05/02 08:{ts} - {ip} - {msg}"
S['shaarli'] = [
 (H, "203.0.113.86", sa("12:44", "203.0.113.86", "Login failed for user admin")),
 (H, "203.0.113.86", sa("12:45", "203.0.113.86", "Login failed for user shaarli")),
 (H, "203.0.113.86", sa("12:46", "203.0.113.86", "Login failed for user admin")),
 (H, "203.0.113.86", sa("12:46", "203.0.113.86", "IP address banned from login")),
 (H, "198.51.100.86", sa("20:00", "198.51.100.86", "Login failed for user demo")),
 (B, None, sa("30:00", "192.0.2.86", "Login successful")),
 (B, None, sa("40:00", "203.0.113.86", "Ban lifted.")),
]

# The Lounge (journald, "DATE [LEVEL] message"): "Authentication failed for user USER from ADDR" and "Authentication for
# non existing user attempted from ADDR" from knowledge of its server source (the code search found no copy); a user's
# IRC network refusing this server's SASL login and a network that cannot be resolved are this host's outbound failures.
def tl(ts, lvl, msg): return f"2024-05-02 08:{ts} [{lvl}] {msg}"
S['thelounge'] = [
 (B, None, tl("00:00", "INFO", "The Lounge v4.4.3 (Node.js 20.12.2 on linux x64)")),
 (B, None, tl("00:00", "INFO", "Available at http://[::]:9000/ in private mode")),
 (H, "203.0.113.88", tl("12:44", "WARN", "Authentication failed for user admin from 203.0.113.88")),
 (H, "203.0.113.88", tl("12:45", "WARN", "Authentication for non existing user attempted from 203.0.113.88")),
 (H, "2001:db8:88::7", tl("20:00", "WARN", "Authentication for non existing user attempted from 2001:db8:88::7")),
 (B, None, tl("30:00", "INFO", "User alice logged in from 192.0.2.88")),
 (B, None, tl("30:01", "WARN", "alice: SASL authentication failed on irc.libera.example (904: SASL authentication failed)")),
 (B, None, tl("30:02", "ERROR", "bob: Connection error to irc.example.net:6697: getaddrinfo ENOTFOUND irc.example.net")),
]

# wallabag's var/logs/prod.log (Symfony's monolog line "[DATE] channel.LEVEL: message {context} []"): its
# AuthenticationFailureListener's 'Authentication failure for user "USER", from IP "ADDR", with UA: "UA".', from
# knowledge; the router, security and exception lines as Symfony writes them. The database refusing wallabag's own
# account and a browser's missing favicon are not attacks.
def wb(ts, ch, lvl, msg, ctx="[]"): return f"[2024-05-02 08:{ts}] {ch}.{lvl}: {msg} {ctx} []"
UA = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"
S['wallabag'] = [
 (N, None, wb("12:44", "request", "INFO", 'Matched route "fos_user_security_check".', J({"route": "fos_user_security_check", "route_parameters": {"_route": "fos_user_security_check"}, "request_uri": "https://read.example.org/login_check", "method": "POST"}))),
 (H, "203.0.113.90", wb("12:44", "app", "ERROR", f'Authentication failure for user "admin", from IP "203.0.113.90", with UA: "python-requests/2.31.0".')),
 (H, "203.0.113.90", wb("12:45", "app", "ERROR", f'Authentication failure for user "wallabag", from IP "203.0.113.90", with UA: "python-requests/2.31.0".')),
 (H, "198.51.100.90", wb("20:00", "app", "ERROR", f'Authentication failure for user "root", from IP "198.51.100.90", with UA: "{UA}".')),
 (B, None, wb("30:00", "security", "DEBUG", "Stored the security token in the session.", J({"key": "_security_main"}))),
 (B, None, wb("30:01", "request", "ERROR", 'Uncaught PHP Exception Symfony\\Component\\HttpKernel\\Exception\\NotFoundHttpException: "No route found for "GET https://read.example.org/favicon.ico"" at /var/www/wallabag/vendor/symfony/http-kernel/EventListener/RouterListener.php line 135', J({"exception": "[object] (Symfony\\Component\\HttpKernel\\Exception\\NotFoundHttpException(code: 0): No route found for \"GET https://read.example.org/favicon.ico\" at /var/www/wallabag/vendor/symfony/http-kernel/EventListener/RouterListener.php:135)"}))),
 (B, None, wb("31:00", "request", "CRITICAL", 'Uncaught PHP Exception Doctrine\\DBAL\\Exception\\ConnectionException: "An exception occurred in the driver: SQLSTATE[HY000] [1045] Access denied for user \'wallabag\'@\'172.20.0.3\' (using password: YES)" at /var/www/wallabag/vendor/doctrine/dbal/src/Driver/API/MySQL/ExceptionConverter.php line 101')),
 (B, None, wb("32:00", "graby", "WARNING", 'Graby: no content found for "https://news.example.com/article/1" (403 Forbidden)')),
]

# Mealie's log lines ("LEVEL    DATE - message") with its uvicorn access formatter ("[ADDR:PORT] STATUS REASON "METHOD
# PATH HTTP/1.1""), from knowledge. A 401 on the token endpoint is a refused login; a signed-in browser whose token ran out
# getting a 401 on /api/users/self is either; the scheduler's and the scraper's lines are noise.
def ml(lvl, ts, msg): return f"{lvl:<8} 2024-05-02T08:{ts} - {msg}"
S['mealie'] = [
 (B, None, ml("INFO", "00:00", "Mealie v1.12.0 started")),
 (B, None, ml("INFO", "00:01", "Running scheduled task: purge_group_data_exports")),
 (H, "203.0.113.92", ml("INFO", "12:44", '[203.0.113.92:51234] 401 Unauthorized "POST /api/auth/token HTTP/1.1"')),
 (H, "203.0.113.92", ml("INFO", "12:45", '[203.0.113.92:51240] 401 Unauthorized "POST /api/auth/token HTTP/1.1"')),
 (H, "198.51.100.92", ml("INFO", "20:00", '[198.51.100.92:40022] 401 Unauthorized "POST /api/auth/token HTTP/1.1"')),
 (B, None, ml("INFO", "30:00", '[192.0.2.92:50512] 200 OK "POST /api/auth/token HTTP/1.1"')),
 (B, None, ml("INFO", "30:01", '[192.0.2.92:50512] 200 OK "GET /api/recipes?page=1&perPage=30 HTTP/1.1"')),
 (E, "192.0.2.93", ml("INFO", "31:00", '[192.0.2.93:50600] 401 Unauthorized "GET /api/users/self HTTP/1.1"')),
 (B, None, ml("WARNING", "32:00", "Failed to scrape recipe from https://recipes.example.com/soup: 403 Client Error: Forbidden")),
 (B, None, ml("INFO", "32:01", '[192.0.2.92:50512] 404 Not Found "GET /favicon.ico HTTP/1.1"')),
]

# XCP-ng's /var/log/xensource.log (xapi over syslog, "[level||TASKNUM TRANSPORT ADDR->:::80|TASK NAME D:ID|module]"),
# from knowledge; the client in the task's transport field ("HTTPS 203.0.113.94->") and the Server_error wording of a
# failed session.login_with_password (SESSION_AUTHENTICATION_FAILED as NAUbackup/VmBackup #67 and #79 quote it).
def xa(ts, lvl, task, ctx, mod, msg): return f"May  2 08:{ts} xcp01 xapi: [{lvl}||{task} {ctx}|{mod}] {msg}"
S['xcp-ng-xapi'] = [
 (B, None, "May  2 08:00:00 xcp01 xapi: [ info||1 ||xapi_main] Xapi starting"),
 (H, "203.0.113.94", xa("12:44", "debug", 3127, "HTTPS 203.0.113.94->:::80|session.login_with_password D:0a1b2c3d4e5f", "xapi_session", "Failed to authenticate user root: Authentication failure")),
 (H, "203.0.113.94", xa("12:44", "error", 3127, "HTTPS 203.0.113.94->:::80|session.login_with_password D:0a1b2c3d4e5f", "backtrace", "session.login_with_password D:0a1b2c3d4e5f failed with exception Server_error(SESSION_AUTHENTICATION_FAILED, [ root; Authentication failure ])")),
 (H, "198.51.100.94", xa("20:00", "debug", 3301, "HTTPS 198.51.100.94->:::80|session.login_with_password D:9f8e7d6c5b4a", "xapi_session", "Failed to authenticate user admin: Authentication failure")),
 (B, None, xa("30:00", " info", 3402, "HTTPS 192.0.2.94->:::80|session.login_with_password D:1122aabbccdd", "xapi_session", "Session.create trackid=4c1e8f0a9b7d6c5e4f3a2b1c0d9e8f7a pool=false uname=root originator=XenCenter is_local_superuser=true auth_user_sid= parent=trackid=9834f5af41c964e225f24279aefe4e49")),
 (B, None, xa("30:05", "error", 3410, "HTTPS 192.0.2.94->:::80|VM.start R:5a6b7c8d9e0f", "backtrace", "VM.start R:5a6b7c8d9e0f failed with exception Server_error(VM_BAD_POWER_STATE, [ OpaqueRef:1f2e3d4c; halted; running ])")),
 (B, None, xa("31:00", " warn", 12, "|xapi events D:aabbccddeeff", "xapi_ha", "Failed to reach the NTP server 192.0.2.254: timeout")),
]

# GOST v2's log ("DATE TIME FILE:LINE: [handler] CLIENT -> LISTENER : message", "[http] CLIENT <-> TARGET"), from
# knowledge: a proxy client without the proxy's credentials, a scanner speaking another protocol; a client's target
# refusing the connection is the target's failure.
def gs(ts, src, msg): return f"2024/05/02 08:{ts} {src} {msg}"
S['gost'] = [
 (B, None, gs("00:00", "gost.go:287:", "[route] listen on :8080 (http)")),
 (H, "203.0.113.96", gs("12:44", "http.go:151:", "[http] 203.0.113.96:51234 -> :8080 : proxy authentication required")),
 (H, "203.0.113.96", gs("12:44", "http.go:172:", "[http] 203.0.113.96:51236 -> :8080 : proxy authentication failed")),
 (H, "198.51.100.96", gs("20:00", "socks.go:868:", "[socks5] 198.51.100.96:40022 -> :1080 : auth failure")),
 (B, None, gs("30:00", "http.go:209:", "[http] 192.0.2.96:50512 -> :8080 -> www.example.com:443")),
 (B, None, gs("30:00", "http.go:283:", "[http] 192.0.2.96:50512 <-> www.example.com:443")),
 (B, None, gs("30:05", "http.go:261:", "[http] 192.0.2.96:50600 -> :8080 : dial tcp 198.51.100.200:443: connect: connection refused")),
 (B, None, gs("30:30", "http.go:285:", "[http] 192.0.2.96:50512 >-< www.example.com:443")),
]

# DrayTek Vigor router syslog ("MON D HH:MM:SS Vigor: [FILTER][Block|Pass][DIR, UPTIME ][@S:R=SET:RULE, SRC:PORT->DST:PORT]
# [PROTO][…]"), the web admin's and the SSL VPN's login lines, from knowledge. A LAN client passing the filter and the
# WAN's DHCP renewal are ordinary; a LAN host blocked by an outbound rule is policy, not an attack.
def dv(ts, msg): return f"May  2 08:{ts} Vigor: {msg}"
S['draytek'] = [
 (H, "203.0.113.100", dv("12:44", "[FILTER][Block][WAN1->LAN/RT/VPN, 00:05:12:44 ][@S:R=13:1, 203.0.113.100:51234->192.0.2.1:3389][TCP][HLen=20, TLen=60, Flag=S, Seq=3551882031, Ack=0, Win=64240]")),
 (H, "203.0.113.100", dv("12:45", "[FILTER][Block][WAN1->LAN/RT/VPN, 00:05:12:45 ][@S:R=13:1, 203.0.113.100:51240->192.0.2.1:23][TCP][HLen=20, TLen=44, Flag=S, Seq=1123581321, Ack=0, Win=1024]")),
 (H, "198.51.100.100", dv("20:00", "Admin login failed from 198.51.100.100 (HTTPS), user: admin")),
 (H, "198.51.100.101", dv("20:05", "[SSL VPN] Authentication failed for user vpnuser from 198.51.100.101")),
 (H, "198.51.100.102", dv("20:10", "[FILTER][Block][WAN1->LAN/RT/VPN, 00:05:20:10 ][@S:R=13:1, 198.51.100.102:5070->192.0.2.1:5060][UDP][HLen=20, TLen=451]")),
 (B, None, dv("30:00", "[FILTER][Pass][LAN/RT/VPN->WAN1, 00:05:30:00 ][@S:R=2:1, 192.168.1.10:50512->198.51.100.200:443][TCP][HLen=20, TLen=60, Flag=S, Seq=22334455, Ack=0, Win=64240]")),
 (B, None, dv("30:10", "[FILTER][Block][LAN/RT/VPN->WAN1, 00:05:30:10 ][@S:R=4:2, 192.168.1.23:50900->198.51.100.201:25][TCP][HLen=20, TLen=60, Flag=S, Seq=99887766, Ack=0, Win=64240]")),
 (B, None, dv("31:00", "Admin login successful from 192.168.1.10 (HTTPS), user: admin")),
 (B, None, dv("32:00", "[DHCP][WAN1] Renew lease 192.0.2.1 from 192.0.2.254, lease time 86400")),
]

# Cisco Meraki MX syslog as Meraki's "Syslog Event Types and Log Samples" page documents it (RFC 5424 header, then
# "EPOCH.NANOS DEVICE TYPE fields"): "flows … pattern: allow all", "ids-alerts signature=… direction=ingress src=ADDR:PORT",
# "security_event ids_alerted … message: …", "urls … request: GET …", "events type=vpn_connectivity_change …"; the client
# VPN failure wording from knowledge. An IDS match on an ingress packet names its sender; an egress one names this LAN's
# client as the source and the remote as the destination.
def mk(ts, msg): return f"<134>1 1714637{ts}.123456789 MX84 {msg}"
S['meraki'] = [
 (B, None, mk("100", "flows src=192.168.1.186 dst=198.51.100.53 mac=58:1F:AA:CE:61:F2 protocol=udp sport=55719 dport=53 pattern: allow all")),
 (B, None, mk("101", "urls src=192.168.1.186:63735 dst=198.51.100.40:80 mac=58:1F:AA:CE:61:F2 request: GET http://www.example.com/")),
 (H, "203.0.113.104", mk("564", "ids-alerts signature=1:2001219:20 priority=2 timestamp=1714637564.512569 direction=ingress protocol=tcp/ip src=203.0.113.104:51234 dst=192.0.2.10:22 message: ET SCAN Potential SSH Scan")),
 (H, "198.51.100.105", mk("600", "security_event ids_alerted signature=1:28423:1 priority=1 timestamp=1714637600.810079 dhost=98:5A:EB:E1:81:2F direction=ingress protocol=tcp/ip src=198.51.100.105:80 dst=192.168.1.2:53023 message: EXPLOIT-KIT Multiple exploit kit single digit exe detection")),
 (H, "203.0.113.106", mk("700", "events type=anyconnect_vpn_auth_failure msg= 'Peer IP=203.0.113.106 user=admin reason=Invalid credentials'")),
 (H, "198.51.100.107", mk("710", "ids-alerts signature=1:2402000:7000 priority=2 timestamp=1714637710.100000 direction=ingress protocol=tcp/ip src=198.51.100.107:44321 dst=192.0.2.10:8443 message: ET DROP Dshield Block Listed Source group 1")),
 (B, None, mk("800", "events type=vpn_connectivity_change vpn_type='site-to-site' peer_contact='198.51.100.209:51856' peer_ident='2814ee002c075181bb1b7478ee073860' connectivity='true'")),
 (B, None, mk("801", "events type=anyconnect_vpn_connect msg= 'Peer IP=192.0.2.106 user=alice assigned 10.9.0.5'")),
 (B, None, mk("900", "flows src=192.168.1.23 dst=198.51.100.201 mac=58:1F:AA:CE:61:F3 protocol=tcp sport=50900 dport=25 pattern: deny all")),
]

# Caddy's JSON log with the Coraza WAF module: the error logger "http.handlers.waf" whose msg is ModSecurity-style
# ("[client "ADDR"] Coraza: Warning. MSG [file …] [line …] [id …] … [uri …] [unique_id …]", "Coraza: Access denied (phase 2).
# Inbound Anomaly Score Exceeded"), and the access logger, from knowledge of coraza-caddy. The reverse proxy failing to
# dial its own backend and a certificate renewal are this host's.
def cz(ts, lvl, logger, msg, **kw): return J({"level": lvl, "ts": 1714637000 + ts + 0.123, "logger": logger, "msg": msg, **kw})
def cmsg(ip, kind, text, rid, uri): return f'[client "{ip}"] Coraza: {kind} {text} [file "@owasp_crs/REQUEST-942-APPLICATION-ATTACK-SQLI.conf"] [line "1234"] [id "{rid}"] [rev ""] [msg "{text}"] [data ""] [severity "critical"] [ver "OWASP_CRS/4.1.0"] [maturity "0"] [accuracy "0"] [tag "attack-sqli"] [hostname "192.0.2.1"] [uri "{uri}"] [unique_id "aBcDeFgHiJ"]'
def cacc(ts, ip, method, uri, status):
    return cz(ts, "info", "http.log.access", "handled request", request={"remote_ip": ip, "remote_port": "51234", "client_ip": ip, "proto": "HTTP/2.0", "method": method, "host": "shop.example.org", "uri": uri, "headers": {"User-Agent": ["Mozilla/5.0"]}}, bytes_read=0, user_id="", duration=0.0012, size=0, status=status)
S['coraza'] = [
 (B, None, cz(0, "info", "tls.obtain", "certificate obtained successfully", identifier="shop.example.org")),
 (H, "203.0.113.108", cz(744, "error", "http.handlers.waf", cmsg("203.0.113.108", "Warning.", "SQL Injection Attack Detected via libinjection", "942100", "/products?id=1%27%20or%20%271%27%3D%271"))),
 (H, "203.0.113.108", cz(744, "error", "http.handlers.waf", '[client "203.0.113.108"] Coraza: Access denied (phase 2). Inbound Anomaly Score Exceeded (Total Score: 5) [file "@owasp_crs/REQUEST-949-BLOCKING-EVALUATION.conf"] [line "222"] [id "949110"] [rev ""] [msg "Inbound Anomaly Score Exceeded (Total Score: 5)"] [data ""] [severity "emergency"] [ver "OWASP_CRS/4.1.0"] [maturity "0"] [accuracy "0"] [tag "anomaly-evaluation"] [hostname "192.0.2.1"] [uri "/products?id=1%27%20or%20%271%27%3D%271"] [unique_id "aBcDeFgHiJ"]')),
 (H, "203.0.113.108", cacc(744, "203.0.113.108", "GET", "/products?id=1%27%20or%20%271%27%3D%271", 403)),
 (H, "198.51.100.108", cz(900, "error", "http.handlers.waf", '[client "198.51.100.108"] Coraza: Access denied (phase 1). Path Traversal Attack (/../) [file "@owasp_crs/REQUEST-930-APPLICATION-ATTACK-LFI.conf"] [line "100"] [id "930100"] [rev ""] [msg "Path Traversal Attack (/../)"] [data ""] [severity "critical"] [ver "OWASP_CRS/4.1.0"] [maturity "0"] [accuracy "0"] [tag "attack-lfi"] [hostname "192.0.2.1"] [uri "/static/../../etc/passwd"] [unique_id "kLmNoPqRsT"]')),
 (B, None, cacc(1800, "192.0.2.108", "GET", "/products?id=12", 200)),
 (B, None, cz(1801, "error", "http.handlers.reverse_proxy", "dial tcp 127.0.0.1:8080: connect: connection refused", upstream="127.0.0.1:8080", duration=0.0004, request={"remote_ip": "192.0.2.108", "method": "GET", "uri": "/cart"})),
 (B, None, cacc(1802, "192.0.2.108", "GET", "/cart", 502)),
]

# Kanidm's server log over journald ("kanidmd[PID]: UUID LEVEL  tree"), the tracing-forest layout kanidm/kanidm #3311 and
# NixOS/nixpkgs #421902 show ("request [ … ] method: … | uri: … | version: …", "┕━ ｉ [info]:  | latency: … | status_code:
# … | kopid: … | msg: …"); the client field of the request span and the security lines of a denied credential from
# knowledge. The denial's lines name no client: they carry the host of their request's first line (same UUID).
def kd(uid, lvl, msg): return f"May  2 08:12:44 idm kanidmd[1055]: {uid} {lvl:<8} {msg}"
K1, K2, K3 = "839b6859-bb80-4e45-bb4a-fe44f8ff0594", "c6436c33-5ba8-4bbf-9ee0-16b28441557d", "00a338ba-e4bd-4a75-a1bb-8d201f142575"
S['kanidm'] = [
 (B, None, kd("00000000-0000-0000-0000-000000000000", "INFO", "ｉ [info]: ready to rock! 🪨  UI available at: https://idm.example.org | event_tag_id: 3")),
 (N, None, kd(K1, "INFO", "request [ 31.2ms | 2.11% / 100.00% ] method: POST | uri: /v1/auth | version: HTTP/1.1 | client_ip: 203.0.113.70")),
 (N, None, kd(K1, "INFO", "┝━ handle_auth [ 30.1ms | 0.80% / 96.20% ]")),
 (H, "203.0.113.70", kd(K1, "INFO", "│  ┝━ 🔐 [security]: Handler::Auth -> Credentials denied | username: \"admin\" | reason: \"invalid password\"")),
 (N, None, kd(K1, "INFO", "┕━ ｉ [info]:  | latency: 31.2ms | status_code: 401 | kopid: \"839b6859-bb80-4e45-bb4a-fe44f8ff0594\" | msg: \"response sent\"")),
 (N, None, kd(K2, "INFO", "request [ 12.0ms | 3.00% / 100.00% ] method: POST | uri: /v1/auth | version: HTTP/1.1 | client_ip: 198.51.100.70")),
 (H, "198.51.100.70", kd(K2, "INFO", "│  ┝━ 🔐 [security]: Handler::Auth -> Account not found | username: \"root\"")),
 (N, None, kd(K2, "INFO", "┕━ ｉ [info]:  | latency: 12.0ms | status_code: 401 | kopid: \"c6436c33-5ba8-4bbf-9ee0-16b28441557d\" | msg: \"response sent\"")),
 (B, None, kd(K3, "INFO", "request [ 10.2ms | 83.87% / 100.00% ] method: GET | uri: /ui/login | version: HTTP/1.1 | client_ip: 192.0.2.70")),
 (B, None, kd(K3, "INFO", "┕━ handle_auth_valid [ 1.64ms | 14.61% / 16.13% ]")),
 (B, None, kd(K3, "INFO", "   ┝━ 🔐 [security]: Handler::Auth -> Success | username: \"alice\"")),
 (B, None, kd(K3, "INFO", "┕━ ｉ [info]:  | latency: 10.2ms | status_code: 200 | kopid: \"00a338ba-e4bd-4a75-a1bb-8d201f142575\" | msg: \"response sent\"")),
]

# mox (logfmt on stderr: "l=LEVEL m="message" pkg=… cid=… key=value"), from knowledge: a connection line names the
# remote address, the later authentication failure of the same connection only its cid. A delivery this server could
# not make (the remote refusing) is this host's.
def mx(lvl, msg, **kw): return f'l={lvl} m="{msg}" ' + " ".join(f'{k}={v}' for k, v in kw.items())
S['mox'] = [
 (B, None, mx("info", "starting as root, will drop privileges and fork", pkg="serve")),
 (N, None, mx("info", "new connection", pkg="smtpserver", cid="18a4b2c1d01", remote="203.0.113.114:51234", local="192.0.2.1:587", submission="true", tls="true", listener="public")),
 (H, "203.0.113.114", mx("info", "authentication failed", pkg="smtpserver", cid="18a4b2c1d01", mechanism="plain", username="admin@example.org", err='"bad user/pass"')),
 (H, "203.0.113.114", mx("info", "authentication failed", pkg="smtpserver", cid="18a4b2c1d01", mechanism="login", username="info@example.org", err='"bad user/pass"')),
 (N, None, mx("info", "new connection", pkg="imapserver", cid="18a4b2c1d02", remote="198.51.100.114:40022", local="192.0.2.1:993", tls="true", listener="public")),
 (H, "198.51.100.114", mx("info", "authentication failed", pkg="imapserver", cid="18a4b2c1d02", mechanism="login", username="test", err='"account not found"')),
 (H, "198.51.100.114", mx("info", "authentication failed", pkg="imapserver", cid="18a4b2c1d02", mechanism="login", username="admin", err='"bad user/pass"')),
 (B, None, mx("info", "new connection", pkg="imapserver", cid="18a4b2c1d03", remote="192.0.2.114:50512", local="192.0.2.1:993", tls="true", listener="public")),
 (B, None, mx("info", "authenticated", pkg="imapserver", cid="18a4b2c1d03", mechanism="scram-sha-256", username="alice@example.org")),
 (B, None, mx("error", "delivery attempt failed", pkg="queue", cid="18a4b2c1d04", msgid="12", recipient="bob@example.net", err='"remote smtp server: 550 5.7.1 rejected by policy"')),
]

# CrushFTP's session log ("SESSION|MM/DD/YYYY HH:MM:SS.mmm|[PROTO:SESSION:USER:ADDR] READ|WROTE: *line*"), from knowledge.
# The "530" reply names the client in its bracket; the user it was sent for is the one just tried.
def cf(ts, proto, sid, user, ip, dirn, line): return f"SESSION|05/02/2024 08:{ts}.123|[{proto}:{sid}:{user}:{ip}] {dirn}: *{line}*"
S['crushftp'] = [
 (B, None, "SERVER|05/02/2024 08:00:00.001|CrushFTP 10.6.1 Build:12 started."),
 (N, None, cf("12:44", "FTP", 4401, "anonymous", "203.0.113.118", "ACCEPT", "Accepting connection from: 203.0.113.118:51234")),
 (N, None, cf("12:44", "FTP", 4401, "anonymous", "203.0.113.118", "READ", "USER admin")),
 (N, None, cf("12:44", "FTP", 4401, "admin", "203.0.113.118", "READ", "PASS ********")),
 (H, "203.0.113.118", cf("12:45", "FTP", 4401, "admin", "203.0.113.118", "WROTE", "530 Access denied. (Password incorrect)")),
 (N, None, cf("12:46", "FTP", 4401, "admin", "203.0.113.118", "READ", "USER root")),
 (H, "203.0.113.118", cf("12:46", "FTP", 4401, "root", "203.0.113.118", "WROTE", "530 Access denied. (Password incorrect)")),
 (H, "198.51.100.118", cf("20:00", "HTTPS", 4502, "anonymous", "198.51.100.118", "WROTE", "Password incorrect for user: crushadmin")),
 (B, None, cf("30:00", "FTP", 4601, "alice", "192.0.2.118", "WROTE", "230 Password OK.  Connected.")),
 (B, None, cf("30:01", "FTP", 4601, "alice", "192.0.2.118", "WROTE", "550 /reports/2024-04.pdf: No such file or directory.")),
]

# Vikunja's web log (Echo's logger as Vikunja configures it: "DATE: WEB ▶ ADDR  METHOD STATUS PATH DURATION - UA"),
# from knowledge; a wrong username or password is answered 412 (Vikunja's "Wrong username or password" error code 1011)
# on /api/v1/login. A logged-in browser's 200s and a missing avatar's 404 are ordinary.
def vk(ts, ip, method, status, path, dur, ua): return f"2024-05-02T08:{ts}Z: WEB \t▶ {ip}  {method} {status} {path} {dur} - {ua}"
S['vikunja'] = [
 (B, None, "2024-05-02T08:00:00Z: INFO\t▶ cmd/func25 001 Vikunja version v0.24.1"),
 (H, "203.0.113.120", vk("12:44", "203.0.113.120", "POST", 412, "/api/v1/login", "103.3ms", "python-requests/2.31.0")),
 (H, "203.0.113.120", vk("12:45", "203.0.113.120", "POST", 412, "/api/v1/login", "98.1ms", "python-requests/2.31.0")),
 (H, "198.51.100.120", vk("20:00", "198.51.100.120", "POST", 403, "/api/v1/login", "4.0ms", "Mozilla/5.0")),
 (B, None, vk("30:00", "192.0.2.120", "POST", 200, "/api/v1/login", "110.2ms", "Mozilla/5.0 (X11; Linux x86_64)")),
 (B, None, vk("30:01", "192.0.2.120", "GET", 200, "/api/v1/projects", "12.0ms", "Mozilla/5.0 (X11; Linux x86_64)")),
 (B, None, vk("30:02", "192.0.2.120", "GET", 404, "/api/v1/avatar/alice?size=48", "1.2ms", "Mozilla/5.0 (X11; Linux x86_64)")),
 (B, None, "2024-05-02T08:31:00Z: ERROR\t▶ mail/func1 0a1 Error sending mail: dial tcp 10.0.0.25:587: connect: connection refused"),
]

# PhotoPrism (logrus text, 'time="…" level=… msg="…"') with its audit messages joined by " › " (client address, action,
# outcome), from knowledge. The indexer's and the thumbnailer's failures are noise.
def pp(ts, lvl, msg): return f'time="2024-05-02T08:{ts}Z" level={lvl} msg="{msg}"'
S['photoprism'] = [
 (B, None, pp("00:00", "info", "webdav: shared /originals/")),
 (H, "203.0.113.122", pp("12:44", "warning", "auth: 203.0.113.122 › login as admin › incorrect password")),
 (H, "203.0.113.122", pp("12:45", "warning", "auth: 203.0.113.122 › login as photoprism › account not found")),
 (H, "198.51.100.122", pp("20:00", "warning", "webdav: 198.51.100.122 › basic auth as admin › access denied")),
 (H, "2001:db8:122::4", pp("20:30", "warning", "auth: 2001:db8:122::4 › login as admin › incorrect password")),
 (B, None, pp("30:00", "info", "auth: 192.0.2.122 › login as alice › session created")),
 (B, None, pp("30:10", "error", "index: failed to decode 2024/05/IMG_0042.HEIC (unexpected EOF)")),
 (B, None, pp("30:11", "warning", "thumb: failed to create fit_1280 for IMG_0043.jpg (permission denied)")),
]

# Akkoma/Pleroma (Phoenix's request logger with the request_id and remote_ip metadata: "TIME request_id=… remote_ip=…
# [info] POST /oauth/token" then "Sent STATUS in Nms"), from knowledge. A 400 on the OAuth token endpoint with the password
# grant is a refused login; federation fetches failing are the remote instance's trouble.
def ak(ts, rid, ip, lvl, msg): return f"08:{ts}.123 request_id={rid} remote_ip={ip} [{lvl}] {msg}"
S['akkoma'] = [
 (B, None, "08:00:00.001 [info] Running Pleroma.Web.Endpoint with Cowboy using http://127.0.0.1:4000"),
 (N, None, ak("12:44", "F7aBcD01", "203.0.113.124", "info", "POST /oauth/token")),
 (H, "203.0.113.124", ak("12:44", "F7aBcD01", "203.0.113.124", "info", "Sent 400 in 212ms")),
 (N, None, ak("12:45", "F7aBcD02", "203.0.113.124", "info", "POST /oauth/token")),
 (H, "203.0.113.124", ak("12:45", "F7aBcD02", "203.0.113.124", "info", "Sent 400 in 198ms")),
 (N, None, ak("20:00", "F7aBcD03", "198.51.100.124", "info", "POST /api/v1/statuses")),
 (H, "198.51.100.124", ak("20:00", "F7aBcD03", "198.51.100.124", "info", "Sent 401 in 3ms")),
 (B, None, ak("30:00", "F7aBcD04", "192.0.2.124", "info", "POST /oauth/token")),
 (B, None, ak("30:00", "F7aBcD04", "192.0.2.124", "info", "Sent 200 in 240ms")),
 (B, None, "08:31:00.000 [warning] Object fetch failed: https://remote.example.net/objects/abc, {:error, {:ok, %Tesla.Env{status: 403}}}"),
 (B, None, "08:31:05.000 [error] Could not federate to https://gone.example.net/inbox: :nxdomain"),
]

# FreeIPA's web UI behind Apache with mod_wsgi (error_log: "[DATE] [wsgi:error] [pid P:tid T] [remote ADDR:PORT] ipa:
# INFO: …"), from knowledge: a password login refused by kinit, a principal that does not exist, and an authorised
# user's call. The KDC's own lines (krb5kdc) are in fresh2/ and not repeated here.
def ipa(ts, ip, msg): return f"[Thu May 02 08:{ts}.123456 2024] [wsgi:error] [pid 2211:tid 2301] [remote {ip}:51234] ipa: INFO: {msg}"
S['freeipa-httpd'] = [
 (B, None, "[Thu May 02 08:00:00.000000 2024] [mpm_event:notice] [pid 2200:tid 2200] AH00489: Apache/2.4.57 (Fedora Linux) OpenSSL/3.1.1 mod_wsgi/4.9.4 Python/3.12 configured -- resuming normal operations"),
 (H, "203.0.113.126", ipa("12:44", "203.0.113.126", "401 Unauthorized: kinit: Password incorrect while getting initial credentials")),
 (H, "203.0.113.126", ipa("12:45", "203.0.113.126", "401 Unauthorized: kinit: Client 'administrator@EXAMPLE.ORG' not found in Kerberos database while getting initial credentials")),
 (H, "198.51.100.126", ipa("20:00", "198.51.100.126", "401 Unauthorized: kinit: Password incorrect while getting initial credentials")),
 (B, None, ipa("30:00", "192.0.2.126", "[jsonserver_session] admin@EXAMPLE.ORG: user_find(None, version='2.253'): SUCCESS")),
 (B, None, ipa("30:01", "192.0.2.126", "[jsonserver_session] admin@EXAMPLE.ORG: user_add('bob', givenname='Bob', sn='Smith', version='2.253'): DuplicateEntry")),
 (B, None, "[Thu May 02 08:31:00.000000 2024] [wsgi:error] [pid 2211:tid 2302] [remote 192.0.2.126:50512] ipa: INFO: [jsonserver_session] admin@EXAMPLE.ORG: cert_request(..., version='2.253'): CertificateOperationError"),
]

# --- benign-only noise sources ---

# Watchtower (logrus text): this host's registry pulls failing ("unauthorized: incorrect username or password", "toomanyrequests")
# and its ordinary update lines, from knowledge.
def wt(ts, lvl, msg): return f'time="2024-05-02T08:{ts}Z" level={lvl} msg="{msg}"'
S['watchtower'] = [
 (B, None, wt("00:00", "info", "Watchtower 1.7.1")),
 (B, None, wt("00:00", "info", "Using notifications: none")),
 (B, None, wt("00:00", "info", "Scheduling first run: 2024-05-02 09:00:00 +0000 UTC")),
 (B, None, wt("10:00", "info", "Found new nginx:stable image (a1b2c3d4e5f6)")),
 (B, None, wt("10:05", "info", "Stopping /web (0f1e2d3c4b5a) with SIGTERM")),
 (B, None, wt("10:06", "info", "Creating /web")),
 (B, None, wt("11:00", "error", "Unable to update container \\\"/private-app\\\": Error response from daemon: Head \\\"https://registry.example.org/v2/app/manifests/latest\\\": unauthorized: incorrect username or password. Proceeding to next.")),
 (B, None, wt("11:01", "warning", "Could not do a head request for \\\"ghcr.io/example/tool:latest\\\", falling back to regular pull.")),
 (B, None, wt("11:02", "error", "Error response from daemon: toomanyrequests: You have reached your pull rate limit.")),
 (B, None, wt("12:00", "info", "Session done Failed=1 Scanned=12 Updated=1 notify=no")),
]

# Frigate NVR (Python logging "DATE LEVEL : message" after the module in brackets): cameras that do not answer, ffmpeg's
# errors, MQTT reconnects, from knowledge.
def fg(ts, mod, lvl, msg): return f"2024-05-02 08:{ts}.123456  [{mod}] {lvl:<8}: {msg}"
S['frigate'] = [
 (B, None, fg("00:00", "frigate.app", "INFO", "Starting Frigate (0.13.2-6476f8a)")),
 (B, None, fg("00:01", "frigate.mqtt", "INFO", "MQTT connected")),
 (B, None, fg("10:00", "frigate.video", "ERROR", "driveway: Unable to read frames from ffmpeg process.")),
 (B, None, fg("10:00", "watchdog.driveway", "ERROR", "Ffmpeg process crashed unexpectedly for driveway.")),
 (B, None, fg("10:00", "ffmpeg.driveway.detect", "ERROR", "[rtsp @ 0x55d1c2a4e340] method DESCRIBE failed: 401 Unauthorized")),
 (B, None, fg("10:00", "ffmpeg.driveway.detect", "ERROR", "rtsp://192.168.1.64:554/Streaming/Channels/102: Server returned 401 Unauthorized (authorization failed)")),
 (B, None, fg("10:01", "ffmpeg.garden.record", "ERROR", "rtsp://192.168.1.65:554/stream1: Connection refused")),
 (B, None, fg("10:05", "frigate.mqtt", "ERROR", "Unable to connect to MQTT server: Connection Refused: not authorised.")),
 (B, None, fg("10:30", "frigate.record.maintainer", "WARNING", "Unable to keep up with recording segments in cache for driveway. Keeping the 5 most recent segments out of 6 and discarding the rest...")),
]

# borgmatic (journald, "borgmatic[PID]: message"): a backup whose remote repository refuses this host's key, a lock
# timeout, a successful run, from knowledge.
def bm(ts, msg): return f"May  2 08:{ts} nas borgmatic[3301]: {msg}"
S['borgmatic'] = [
 (B, None, bm("00:00", "/etc/borgmatic/config.yaml: Running actions for repository")),
 (B, None, bm("00:01", "ssh://backup@backup.example.net/./repo: Creating archive")),
 (B, None, bm("00:05", "Remote: backup@backup.example.net: Permission denied (publickey).")),
 (B, None, bm("00:05", "Connection closed by remote host. Is borg working on the server?")),
 (B, None, bm("00:05", "/etc/borgmatic/config.yaml: An error occurred")),
 (B, None, bm("00:05", "ssh://backup@backup.example.net/./repo: Error running actions for repository")),
 (B, None, bm("30:00", "Failed to create/acquire the lock /repo/lock.exclusive (timeout).")),
 (B, None, bm("40:00", "ssh://backup@backup.example.net/./repo: Pruning archives")),
 (B, None, bm("40:10", "summary: /etc/borgmatic/config.yaml: Successfully ran configuration file")),
]

# Zigbee2MQTT ("Zigbee2MQTT:level DATE: message"): devices that do not answer, its own MQTT login refused by the broker,
# an interview failing, from knowledge.
def zb(lvl, ts, msg): return f"Zigbee2MQTT:{lvl} 2024-05-02 08:{ts}: {msg}"
S['zigbee2mqtt'] = [
 (B, None, zb("info ", "00:00", "Starting Zigbee2MQTT version 1.37.1 (commit #cda4e4f)")),
 (B, None, zb("error", "00:02", "MQTT error: Connection refused: Not authorized")),
 (B, None, zb("error", "00:02", "MQTT failed to connect, exiting...")),
 (B, None, zb("info ", "01:00", "Connected to MQTT server")),
 (B, None, zb("error", "10:00", "Publish 'set' 'state' to 'kitchen_plug' failed: 'Error: ZCL command 0x00158d0001a2b3c4/1 genOnOff.on({}, {...}) failed (Delivery failed for '12345')'")),
 (B, None, zb("warn ", "10:05", "Device '0x00158d0001a2b3c5' left the network")),
 (B, None, zb("error", "10:06", "Failed to interview '0x00158d0001a2b3c6', device has not successfully been paired")),
 (B, None, zb("info ", "10:10", "Successfully interviewed '0x00158d0001a2b3c7', device has successfully been paired")),
]

# A Tor relay's notices.log ("Mon DD HH:MM:SS.mmm [level] message"), from knowledge: heartbeats, reachability, a
# directory authority's answer, rejected circuits (other relays' and clients' normal churn).
def tr(ts, lvl, msg): return f"May 02 08:{ts}.000 [{lvl}] {msg}"
S['tor-relay'] = [
 (B, None, tr("00:00", "notice", "Tor 0.4.8.11 running on Linux with Libevent 2.1.12-stable, OpenSSL 3.0.13, Zlib 1.3, Liblzma 5.4.5, Libzstd 1.5.5 and Glibc 2.39 as libc.")),
 (B, None, tr("00:05", "notice", "Bootstrapped 100% (done): Done")),
 (B, None, tr("00:10", "notice", "Self-testing indicates your ORPort 192.0.2.1:9001 is reachable from the outside. Excellent. Publishing server descriptor.")),
 (B, None, tr("10:00", "warn", "Received http status code 404 (\"Not found\") from server 198.51.100.30:80 while fetching \"/tor/keys/fp/0123456789ABCDEF\".")),
 (B, None, tr("10:05", "warn", "http status 400 (\"Looks like your keypair has been rejected by the authority\") response from dirserver 198.51.100.31:80. Please correct.")),
 (B, None, tr("11:00", "notice", "Heartbeat: Tor's uptime is 6:00 hours, with 312 circuits open. I've sent 1.02 GB and received 1.01 GB. I've received 5121 connections on IPv4 and 0 on IPv6. I've made 310 connections with IPv4 and 0 with IPv6.")),
 (B, None, tr("11:00", "notice", "Heartbeat: DoS mitigation since startup: 12 circuits killed with too many cells, 3 circuits rejected, 1 marked addresses, 0 same address concurrent connections rejected, 0 connections rejected, 0 single hop clients refused, 0 INTRODUCE2 rejected.")),
 (B, None, tr("12:00", "notice", "Your network connection speed appears to have changed. Resetting timeout to 60000ms after 18 timeouts and 1000 buildtimes.")),
]

out = sys.argv[1]
counts = sum((write_service(out, name, rows) for name, rows in S.items()), Counter())
print(len(S), "services, hostile", counts['H'], "benign", counts['B'], "either", counts['E'])
