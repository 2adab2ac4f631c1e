#!/usr/bin/env python3
"""Eleventh held-out set ("fresh10"), written blind by helper fresh10: services absent from the shared corpus and from
tune/, test/, fresh/ .. fresh9/ (checked by file name and by grepping every set's lines, this directory's README, the
generators and the shared corpus for each service's and process's name; Plex, Emby and OPNsense's GUI log were left out
for the reasons given under fresh6/ and fresh8/, Tautulli because its failed logins name no client, Pomerium because its
denials cannot be told from a signed-in employee's), chosen from what VPS, self-hosting, home-lab and small-business owners
run: a mail suite's front proxy (Mailu's nginx mail module), proxy servers for personal VPNs (sing-box), legacy VPNs (pptpd
with pppd), a VPN appliance (OpenVPN Access Server), SSO servers (Apereo CAS, Shibboleth IdP), an MFA proxy (Duo
Authentication Proxy), CMSs (TYPO3, Umbraco), a headless CMS (Directus), a backend-as-a-service's auth server (Supabase
GoTrue), a package registry (Verdaccio), a search engine (Meilisearch), object storage (Ceph RGW), a container host
(Incus), a firewall distribution (IPFire), a Windows FTP server (Serv-U), a team chat (Zulip), a game panel's node daemon
(Pterodactyl Wings), a game server (Source dedicated server), a deploy-hook receiver (adnanh/webhook), an internet radio server
(Icecast), a tunnel client (cloudflared) and certbot. Formats: nginx's mail-module error log, sing-box's "+0000 DATE LEVEL [ID DURATION] tag: msg",
syslog (pptpd/pppd, IPFire kernel LOG prefixes, Wings' journald lines), Twisted log lines with Python dict reprs (OpenVPN
AS), Inspektr's multi-line audit records and their single-line form (CAS), logback with the remote address in the pattern
(Shibboleth), Duo's JSON auth events, TYPO3's `[LEVEL] request="…" component="…": message - {json}` lines, Serilog compact
JSON with message templates (Umbraco), pino-http JSON (Directus), logrus JSON (GoTrue), Verdaccio's pretty `http <--`
lines, env_logger plus actix-web access lines (Meilisearch), Ceph's beast access lines among `req done` lines, logfmt
(Incus, cloudflared), Serv-U's session-numbered FTP log, Zulip's request log, HL-style `L DATE - TIME:` server logs, Go's
log with request ids (webhook), Icecast's access and error logs and certbot's `DATE:LEVEL:module:message`. Per service NAME.log and NAME.labels.jsonl;
(label, host, line): H hostile (host = the attacker), B benign, E either (not scored), N unlabelled. Labelled by
../shared/data/README.md's definitions before LogWarden ran on any line; the formats and where each comes from are in
README.md."""
import json, sys
from collections import Counter
from heldout import H, B, E, N, write_service
J = lambda o: json.dumps(o, separators=(',', ':'), ensure_ascii=False)
S = {}

# Mailu's front container: nginx's mail module behind Mailu's auth endpoint, as Mailu/Mailu #2311, #1462, #3094 and
# Mailu/helm-charts #157 quote it ("client ADDR:PORT connected to 0.0.0.0:25", "client login failed: "REASON" while in
# http auth state, client: ADDR, server: …, login: "…"", "ADDR could not be resolved (3: Host not found) while in resolving
# client address", the auth subrequest's access line). A login refused for bad credentials, for AUTH on port 25 or for the
# rate limit is the client's; the backend refusing the proxy's connection is this host's.
def mu(ts, lvl, cid, msg): return f"2024/05/02 08:{ts} [{lvl}] 12#12: *{cid} {msg}"
S['mailu-front'] = [
 (B, None, mu("00:00", "notice", 1, "signal process started").replace("*1 ", "")),
 (N, None, mu("12:40", "info", 73, "client 203.0.113.10:35276 connected to 0.0.0.0:465")),
 (H, "203.0.113.10", mu("12:44", "info", 73, 'client login failed: "Authentication credentials invalid" while in http auth state, client: 203.0.113.10, server: 0.0.0.0:465, login: "admin@example.org"')),
 (B, None, '127.0.0.1 - - [02/May/2024:08:12:44 +0000] "GET /auth/email HTTP/1.0" 200 0 "-" "-"'),
 (N, None, mu("12:50", "info", 80, "client 203.0.113.10:35290 connected to 0.0.0.0:25")),
 (B, None, mu("12:50", "error", 80, "203.0.113.10 could not be resolved (3: Host not found) while in resolving client address, client: 203.0.113.10, server: 0.0.0.0:25")),
 (H, "203.0.113.10", mu("12:51", "info", 80, 'client login failed: "AUTH not supported" while in http auth state, client: 203.0.113.10, server: 0.0.0.0:25, login: "info"')),
 (H, "198.51.100.10", mu("20:00", "info", 91, 'client login failed: "Authentication rate limit from one source exceeded" while in http auth state, client: 198.51.100.10, server: 0.0.0.0:993, login: "sales@example.org"')),
 (H, "198.51.100.10", mu("20:02", "info", 95, 'client login failed: "Authentication credentials invalid" while in http auth state, client: 198.51.100.10, server: 0.0.0.0:993, login: "office@example.org"')),
 (B, None, mu("30:00", "info", 120, "client 192.0.2.10:50512 connected to 0.0.0.0:993")),
 (B, None, mu("31:00", "error", 131, 'connect() failed (111: Connection refused) while connecting to upstream, client: 192.0.2.10, server: 0.0.0.0:993, login: "alice@example.org", upstream: 172.29.0.8:143')),
]

# sing-box server log ("+0000 DATE TIME LEVEL [ID DURATION] inbound/TYPE[TAG]: message"), as SagerNet/sing-box #808,
# #676, #394 quote it: "inbound connection from ADDR:PORT", "process connection from ADDR:PORT: REALITY: processed invalid
# connection" (a prober that is not a client), "connection closed: process connection from …: upload: EOF | download:
# EOF" (an ordinary end). A client's destination being unreachable is the destination's failure; the hysteria2
# authentication wording from knowledge.
def sb(ts, lvl, cid, dur, msg): return f"+0000 2024-05-02 08:{ts} {lvl} [{cid} {dur}] {msg}"
S['sing-box'] = [
 (B, None, "+0000 2024-05-02 08:00:00 INFO inbound/vless[vless-in]: tcp server started at [::]:443"),
 (B, None, "+0000 2024-05-02 08:00:00 INFO sing-box started (0.01s)"),
 (N, None, sb("12:44", "INFO", 1559207545, "0ms", "inbound/vless[vless-in]: inbound connection from 203.0.113.14:36113")),
 (H, "203.0.113.14", sb("12:44", "ERROR", 1559207545, "198ms", "inbound/vless[vless-in]: process connection from 203.0.113.14:36113: REALITY: processed invalid connection")),
 (H, "203.0.113.14", sb("12:45", "ERROR", 3605709078, "20.3s", "inbound/vless[vless-in]: process connection from 203.0.113.14:38887: REALITY: processed invalid connection")),
 (H, "198.51.100.14", sb("20:00", "ERROR", 601722234, "12ms", "inbound/hysteria2[hy2-in]: process connection from 198.51.100.14:40100: authentication failed")),
 (B, None, sb("30:00", "INFO", 1768348863, "0ms", "inbound/vless[vless-in]: inbound connection from 192.0.2.14:50512")),
 (B, None, sb("30:00", "INFO", 1768348863, "0ms", "inbound/vless[vless-in]: [alice] inbound connection to www.example.com:443")),
 (B, None, sb("31:00", "ERROR", 2997011398, "3.0s", "inbound/vless[vless-in]: process connection from 192.0.2.14:50600: dial tcp [2001:db8:ffff::1]:443: connect: network is unreachable")),
 (B, None, sb("35:00", "DEBUG", 1051502304, "5m0s", "inbound/vless[vless-in]: connection closed: process connection from 192.0.2.14:50512: upload: EOF | download: EOF")),
]

# pptpd and pppd over syslog: "CTRL: Client ADDR control connection started", "CTRL: Starting call (launching pppd,
# opening GRE)", pppd's "Peer NAME failed CHAP authentication" (chap-new.c; names no address: it carries the host of the
# pptpd line that started the call), "peer from calling number ADDR authorized", the MPPE and IP address lines, from
# knowledge. A PPTP scanner's bare control connection is not labelled.
def pp(ts, proc, pid, msg): return f"May  2 08:{ts} vpn {proc}[{pid}]: {msg}"
S['pptpd'] = [
 (N, None, pp("12:40", "pptpd", 1233, "CTRL: Client 203.0.113.22 control connection started")),
 (N, None, pp("12:40", "pptpd", 1233, "CTRL: Starting call (launching pppd, opening GRE)")),
 (B, None, pp("12:41", "pppd", 1234, "Plugin /usr/lib/pptpd/pptpd-logwtmp.so loaded.")),
 (B, None, pp("12:41", "pppd", 1234, "pppd 2.4.9 started by root, uid 0")),
 (B, None, pp("12:41", "pppd", 1234, "Using interface ppp0")),
 (H, "203.0.113.22", pp("12:44", "pppd", 1234, "Peer admin failed CHAP authentication")),
 (N, None, pp("12:44", "pppd", 1234, "Connection terminated.")),
 (N, None, pp("12:44", "pptpd", 1233, "CTRL: Reaping child PPP[1234]")),
 (N, None, pp("12:44", "pptpd", 1233, "CTRL: Client 203.0.113.22 control connection finished")),
 (N, None, pp("20:00", "pptpd", 1301, "CTRL: Client 198.51.100.22 control connection started")),
 (N, None, pp("20:00", "pptpd", 1301, "CTRL: Starting call (launching pppd, opening GRE)")),
 (H, "198.51.100.22", pp("20:03", "pppd", 1302, "Peer vpn failed CHAP authentication")),
 (N, None, pp("20:03", "pppd", 1302, "Connection terminated.")),
 (B, None, pp("30:00", "pptpd", 1400, "CTRL: Client 192.0.2.22 control connection started")),
 (N, None, pp("30:00", "pptpd", 1400, "CTRL: Starting call (launching pppd, opening GRE)")),
 (B, None, pp("30:01", "pppd", 1401, "peer from calling number 192.0.2.22 authorized")),
 (B, None, pp("30:01", "pppd", 1401, "MPPE 128-bit stateless compression enabled")),
 (B, None, pp("30:01", "pppd", 1401, "local  IP address 10.8.0.1")),
 (B, None, pp("30:01", "pppd", 1401, "remote IP address 10.8.0.10")),
]

# OpenVPN Access Server's openvpnas.log (Twisted "DATE [stdout#info] message"): the wrapped openvpn daemon's lines as
# "[OVPN N] OUT: '…'" (openvpn's own "ADDR:PORT TLS Auth Error: Auth Username/Password verification failed for peer") and
# the AS's "AUTH FAILED"/"AUTH SUCCEEDED" records written as Python dict reprs, from knowledge (the issue search found no
# copy). The web admin's failed login names the client in client_ip.
def oa(ts, msg): return f"2024-05-02T08:{ts}+0000 [stdout#info] {msg}"
S['openvpn-as'] = [
 (B, None, oa("00:00", "[OVPN 0] OUT: '2024-05-02 08:00:00 Initialization Sequence Completed'")),
 (H, "203.0.113.56", oa("12:44", "[OVPN 0] OUT: '2024-05-02 08:12:44 203.0.113.56:51234 TLS Auth Error: Auth Username/Password verification failed for peer'")),
 (H, "203.0.113.56", oa("12:44", "AUTH FAILED: {'status': 1073741824, 'reason': 'LOCAL auth failed: password verification failed', 'user': 'admin', 'proto': 'UDP', 'client_ip': '203.0.113.56', 'service': 'VPN', 'timestamp': 1714637564}")),
 (H, "198.51.100.56", oa("20:00", "AUTH FAILED: {'status': 1073741824, 'reason': 'LOCAL auth failed: user not found', 'user': 'openvpn', 'proto': 'WEB', 'client_ip': '198.51.100.56', 'service': 'WEB_ADMIN', 'timestamp': 1714638000}")),
 (H, "198.51.100.56", oa("20:01", "AUTH FAILED: {'status': 1073741824, 'reason': 'LOCAL auth failed: password verification failed', 'user': 'admin', 'proto': 'WEB', 'client_ip': '198.51.100.56', 'service': 'WEB_ADMIN', 'timestamp': 1714638060}")),
 (B, None, oa("30:00", "AUTH SUCCEEDED: {'status': 0, 'reason': 'LOCAL auth succeeded', 'user': 'alice', 'proto': 'UDP', 'client_ip': '192.0.2.56', 'service': 'VPN', 'timestamp': 1714639800}")),
 (B, None, oa("30:00", "[OVPN 0] OUT: '2024-05-02 08:30:00 alice/192.0.2.56:50512 MULTI_sva: pool returned IPv4=172.27.224.2, IPv6=(Not enabled)'")),
 (B, None, oa("31:00", "[OVPN 0] OUT: '2024-05-02 08:31:00 bob/192.0.2.57:50600 TLS: soft reset sec=3600/3600 bytes=0/-1 pkts=0/0'")),
 (B, None, oa("32:00", "LDAP auth backend: connection to ldap://10.0.7.5:389 failed: [Errno 111] Connection refused")),
]

# Apereo CAS audit trail (Inspektr's Slf4jLoggingAuditTrailManager) as CAS's documentation (Audits.md, Audits-File.md)
# shows it: a record of "WHO:", "WHAT:", "ACTION:", "APPLICATION:", "WHEN:", "CLIENT IP ADDRESS:", "SERVER IP ADDRESS:"
# lines between "=====" rules after an "Audit trail record BEGIN" line, and the single-line form with "|" separators. In
# a failed record the "CLIENT IP ADDRESS:" line names the client (the ACTION line before it does not).
def cas_head(ts): return f"2024-05-02 08:{ts},123 INFO [org.apereo.inspektr.audit.support.Slf4jLoggingAuditTrailManager] - Audit trail record BEGIN"
RULE = "=" * 61
def cas_rec(ts, who, what, action, ip, lab, host):
    return [(N, None, cas_head(ts)), (N, None, RULE), (N, None, f"WHO: {who}"), (N, None, f"WHAT: {what}"),
            (N, None, f"ACTION: {action}"), (N, None, "APPLICATION: CAS"), (N, None, f"WHEN: Thu May 02 08:{ts} UTC 2024"),
            (lab, host, f"CLIENT IP ADDRESS: {ip}"), (N, None, "SERVER IP ADDRESS: 10.0.8.5"), (N, None, RULE)]
S['apereo-cas'] = (
 [(B, None, "2024-05-02 08:00:00,001 INFO [org.apereo.cas.web.CasWebApplication] - Started CasWebApplication in 41.2 seconds (process running for 43.0)")]
 + cas_rec("12:44", "admin", "[UsernamePasswordCredential(username=admin, source=null, customFields={})]", "AUTHENTICATION_FAILED", "203.0.113.16", H, "203.0.113.16")
 + cas_rec("12:47", "administrator", "[UsernamePasswordCredential(username=administrator, source=null, customFields={})]", "AUTHENTICATION_FAILED", "203.0.113.16", H, "203.0.113.16")
 + cas_rec("30:00", "alice", "[UsernamePasswordCredential(username=alice, source=null, customFields={})]", "AUTHENTICATION_SUCCESS", "192.0.2.16", B, None)
 + [(H, "198.51.100.16", "2024-05-02 08:20:00,456 INFO [org.apereo.inspektr.audit.support.Slf4jLoggingAuditTrailManager] - Audit trail record BEGIN|WHO: root|WHAT: [UsernamePasswordCredential(username=root, source=null, customFields={})]|ACTION: AUTHENTICATION_FAILED|APPLICATION: CAS|WHEN: Thu May 02 08:20:00 UTC 2024|CLIENT IP ADDRESS: 198.51.100.16|SERVER IP ADDRESS: 10.0.8.5|Audit trail record END"),
    (B, None, "2024-05-02 08:31:00,789 INFO [org.apereo.inspektr.audit.support.Slf4jLoggingAuditTrailManager] - Audit trail record BEGIN|WHO: bob|WHAT: ST-12-aBcDeFgHiJkLmNoPqRsT-cas01|ACTION: SERVICE_TICKET_CREATED|APPLICATION: CAS|WHEN: Thu May 02 08:31:00 UTC 2024|CLIENT IP ADDRESS: 192.0.2.17|SERVER IP ADDRESS: 10.0.8.5|Audit trail record END"),
    (N, None, "2024-05-02 08:32:00,010 WARN [org.apereo.cas.authentication.PolicyBasedAuthenticationManager] - Authentication has failed. Credentials may be incorrect or CAS cannot find authentication handler that supports [UsernamePasswordCredential(username=carol)] of type [UsernamePasswordCredential]. Examine the configuration to ensure a method of authentication is defined and analyze CAS logs at DEBUG level to trace the authentication event."),
    (B, None, "2024-05-02 08:33:00,000 ERROR [org.ldaptive.pool.BlockingConnectionPool] - unable to create connection: connect to ldap://10.0.8.9:389 failed: Connection refused")]
)
# the WARN line above is a failed login that names no client: unlabelled

# Shibboleth IdP's idp-process.log with the default pattern "%date{ISO8601} - %mdc{idp.remote_addr} - %level
# [%logger:%line] - %msg" and the LDAP validator's "Profile Action ValidateUsernamePasswordAgainstLDAP: Login by 'USER'
# failed" / "succeeded", from knowledge (the issue search found no copy).
def sh(ts, ip, lvl, logger, msg): return f"2024-05-02 08:{ts} - {ip} - {lvl} [{logger}] - {msg}"
VAL = "net.shibboleth.idp.authn.impl.ValidateUsernamePasswordAgainstLDAP:152"
S['shibboleth-idp'] = [
 (B, None, "2024-05-02 08:00:00,100 -  - INFO [net.shibboleth.idp.admin.impl.ReloadServiceConfiguration:111] - Profile Action ReloadServiceConfiguration: Reloaded configuration for 'shibboleth.MetadataResolverService'"),
 (H, "203.0.113.58", sh("12:44,123", "203.0.113.58", "INFO", VAL, "Profile Action ValidateUsernamePasswordAgainstLDAP: Login by 'admin' failed")),
 (H, "203.0.113.58", sh("12:46,500", "203.0.113.58", "INFO", VAL, "Profile Action ValidateUsernamePasswordAgainstLDAP: Login by 'test' failed")),
 (H, "198.51.100.58", sh("20:00,010", "198.51.100.58", "INFO", VAL, "Profile Action ValidateUsernamePasswordAgainstLDAP: Login by 'root' failed")),
 (B, None, sh("30:00,200", "192.0.2.58", "INFO", VAL, "Profile Action ValidateUsernamePasswordAgainstLDAP: Login by 'alice' succeeded")),
 (B, None, sh("30:00,420", "192.0.2.58", "INFO", "Shibboleth-Audit.SSO:283", "192.0.2.58|2024-05-02T08:30:00.420Z|https://wiki.example.org/shibboleth|alice|urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport")),
 (B, None, sh("31:00,000", "192.0.2.59", "WARN", "org.ldaptive.pool.BlockingConnectionPool:560", "unable to create connection: ldap://10.0.9.5:636: Connection refused")),
]

# Duo Authentication Proxy: authproxy.log lines ("DATE [duoauthproxy.lib.log#info] message") and its JSON auth events
# (username, status, reason, server_section, client_ip, factor, timestamp), from knowledge. The RADIUS client that sends
# the request (the VPN appliance) is not the user; client_ip is.
def da(ts, lvl, msg): return f"2024-05-02T08:{ts}.123456+0000 [duoauthproxy.lib.log#{lvl}] {msg}"
def dj(user, st, reason, ip, ts): return J({"username": user, "status": st, "reason": reason, "server_section": "radius_server_auto", "client_ip": ip, "factor": None if st == "FAILURE" else "duo_push", "timestamp": f"2024-05-02T08:{ts}.123456+00:00", "auth_stage": "Primary authentication" if st == "FAILURE" else "Secondary authentication", "host": "authproxy01"})
S['duo-authproxy'] = [
 (B, None, da("00:00", "info", "RADIUS server listening on 0.0.0.0:1812")),
 (N, None, da("12:44", "info", "Sending request from 10.0.5.20 to radius_server_auto")),
 (H, "203.0.113.44", dj("admin", "FAILURE", "Invalid password", "203.0.113.44", "12:44")),
 (N, None, da("12:44", "info", "Returning response code 3: AccessReject")),
 (H, "203.0.113.44", dj("administrator", "FAILURE", "Invalid password", "203.0.113.44", "12:46")),
 (H, "198.51.100.44", dj("vpn", "FAILURE", "Invalid password", "198.51.100.44", "20:00")),
 (B, None, dj("alice", "SUCCESS", "User approved", "192.0.2.44", "30:00")),
 (B, None, da("30:00", "info", "Returning response code 2: AccessAccept")),
 (B, None, da("31:00", "error", "Failed Primary authentication: connection to ldap server 10.0.5.10:636 failed: Connection refused")),
]

# TYPO3's var/log/typo3_*.log ("DAY, DD Mon YYYY HH:MM:SS +0000 [LEVEL] request="ID" component="…": message - {json}"):
# the backend login's "Login-attempt from ###IP###, username 'USER', password not accepted!" with the address in the
# record's data, from knowledge of sys_log's wording. The database being unreachable is this host's.
def t3(ts, lvl, rid, comp, msg): return f'Thu, 02 May 2024 08:{ts} +0000 [{lvl}] request="{rid}" component="{comp}": {msg}'
BUA = "TYPO3.CMS.Core.Authentication.BackendUserAuthentication"
S['typo3'] = [
 (H, "203.0.113.24", t3("12:44", "WARNING", "65f1a2b3c4d5e", BUA, "Login-attempt from ###IP###, username 'admin', password not accepted! - " + J({"REMOTE_ADDR": "203.0.113.24", "username": "admin"}))),
 (H, "203.0.113.24", t3("12:49", "WARNING", "65f1a2b3c4d5f", BUA, "Login-attempt from ###IP###, username 'editor', password not accepted! - " + J({"REMOTE_ADDR": "203.0.113.24", "username": "editor"}))),
 (H, "2001:db8:24::7", t3("20:00", "WARNING", "65f1a9e8d7c6b", BUA, "Login-attempt from ###IP###, username 'typo3', password not accepted! - " + J({"REMOTE_ADDR": "2001:db8:24::7", "username": "typo3"}))),
 (B, None, t3("30:00", "INFO", "65f1b0a1b2c3d", BUA, "User alice logged in from ###IP### - " + J({"REMOTE_ADDR": "192.0.2.24", "username": "alice"}))),
 (B, None, t3("31:00", "CRITICAL", "65f1b1c2d3e4f", "TYPO3.CMS.Core.Error.ProductionExceptionHandler", "Oops, an error occurred! Code: 202405020831002e6bd3c8 - " + J({"exception": "Doctrine\\DBAL\\Exception\\ConnectionException: An exception occurred in the driver: SQLSTATE[HY000] [2002] Connection refused"}))),
 (B, None, t3("32:00", "INFO", "65f1b2d3e4f5a", "TYPO3.CMS.Scheduler.Scheduler", "Task executed - " + J({"uid": 3, "class": "TYPO3\\CMS\\Scheduler\\Task\\TableGarbageCollectionTask"}))),
]

# Umbraco's umbraco-traces JSON (Serilog compact JSON: "@t", "@mt" message template, "@l", the template's values as
# fields), with the back office's "Login attempt failed for username {Username} from IP address {IPAddress}" (and its ",
# the user is locked" form) and "User: {Username} logged in from IP address {IpAddress}", from knowledge of Umbraco's
# sign-in manager.
def um(ts, mt, lvl=None, **kw):
    o = {"@t": f"2024-05-02T08:{ts}Z", "@mt": mt}
    if lvl: o["@l"] = lvl
    o.update(kw)
    o.update({"SourceContext": kw.pop("ctx", None) or "Umbraco.Cms.Web.BackOffice.Security.BackOfficeSignInManager", "ProcessId": 4242, "ProcessName": "dotnet", "MachineName": "web01"})
    o.pop("ctx", None)
    return J(o)
LAF = "Login attempt failed for username {Username} from IP address {IPAddress}"
S['umbraco'] = [
 (B, None, um("00:00.1000000", "Acquiring MainDom.", ctx="Umbraco.Cms.Core.Runtime.MainDom")),
 (H, "203.0.113.26", um("12:44.1234567", LAF, "Warning", Username="admin", IPAddress="203.0.113.26")),
 (H, "203.0.113.26", um("12:45.2345678", LAF, "Warning", Username="admin@example.org", IPAddress="203.0.113.26")),
 (H, "203.0.113.26", um("12:46.3456789", LAF + ", the user is locked", "Warning", Username="admin@example.org", IPAddress="203.0.113.26")),
 (H, "2001:db8:26::5", um("20:00.0000001", LAF, "Warning", Username="editor", IPAddress="2001:db8:26::5")),
 (B, None, um("30:00.5000000", "User: {Username} logged in from IP address {IpAddress}", Username="alice@example.org", IpAddress="192.0.2.26")),
 (B, None, um("31:00.0000000", "Unhandled controller exception occurred for request '{RequestUrl}'", "Error", RequestUrl="https://www.example.org/umbraco/backoffice/umbracoapi/content/GetById?id=1105", **{"@x": "Microsoft.Data.SqlClient.SqlException (0x80131904): A network-related or instance-specific error occurred while establishing a connection to SQL Server. (provider: TCP Provider, error: 40 - Could not open a connection to SQL Server)"}, ctx="Umbraco.Cms.Web.Common.Filters.UnhandledExceptionLoggerMiddleware")),
]

# Directus' pino-http JSON request lines ({"level","time","pid","hostname","req":{"id","method","url","remoteAddress",
# "remotePort"},"res":{"statusCode"},"responseTime","msg":"request completed"}) and its own pino lines, from knowledge.
# A refused login and an unauthenticated read of /users are the client's; the database refusing Directus is this host's.
def di(t, msg, lvl=30, req=None, res=None, rt=None):
    o = {"level": lvl, "time": 1714637000000 + t, "pid": 1, "hostname": "directus"}
    if req: o["req"] = req
    if res: o["res"] = res
    if rt is not None: o["responseTime"] = rt
    o["msg"] = msg
    return J(o)
def rq(i, m, u, ip, port): return {"id": i, "method": m, "url": u, "remoteAddress": ip, "remotePort": port}
S['directus'] = [
 (B, None, di(0, "Server started at http://0.0.0.0:8055")),
 (N, None, di(564000, "Invalid user credentials.", 40)),
 (H, "203.0.113.28", di(564812, "request completed", req=rq(12, "POST", "/auth/login", "203.0.113.28", 51234), res={"statusCode": 401}, rt=312)),
 (N, None, di(566000, "Invalid user credentials.", 40)),
 (H, "203.0.113.28", di(566120, "request completed", req=rq(13, "POST", "/auth/login", "203.0.113.28", 51240), res={"statusCode": 401}, rt=298)),
 (H, "198.51.100.28", di(1000455, "request completed", req=rq(40, "GET", "/users?fields=email,password", "198.51.100.28", 40000), res={"statusCode": 403}, rt=4)),
 (B, None, di(2800000, "request completed", req=rq(80, "GET", "/items/articles?limit=10", "192.0.2.28", 50512), res={"statusCode": 200}, rt=21)),
 (B, None, di(2800900, "request completed", req=rq(81, "POST", "/auth/logout", "192.0.2.28", 50512), res={"statusCode": 204}, rt=8)),
 (B, None, di(2810000, "request completed", req=rq(82, "GET", "/server/health", "10.0.3.1", 41000), res={"statusCode": 200}, rt=3)),
 (B, None, di(2860000, "connect ECONNREFUSED 10.0.3.5:5432", 50)),
]

# Supabase's auth server (GoTrue) logrus JSON lines ({"component":"api","method","path","referer","remote_addr",
# "request_id","msg":"request completed","status"} and the error's own line with "error" and "msg"), from knowledge. The
# mailer's SMTP relay refusing GoTrue is this host's failure.
def gt(ts, **kw): o = {"component": "api"}; o.update(kw); o["time"] = f"2024-05-02T08:{ts}Z"; return J(o)
S['supabase-auth'] = [
 (B, None, J({"level": "info", "msg": "GoTrue API started on: :9999", "time": "2024-05-02T08:00:00Z"})),
 (H, "203.0.113.48", gt("12:44", error="400: Invalid login credentials", grant_type="password", level="info", method="POST", msg="400: Invalid login credentials", path="/token", referer="https://app.example.org", remote_addr="203.0.113.48", request_id="8a1b2c3d-0001")),
 (H, "203.0.113.48", gt("12:44", duration=81234567, level="info", method="POST", msg="request completed", path="/token", referer="https://app.example.org", remote_addr="203.0.113.48", request_id="8a1b2c3d-0001", status=400)),
 (H, "203.0.113.48", gt("12:46", error="400: Invalid login credentials", grant_type="password", level="info", method="POST", msg="400: Invalid login credentials", path="/token", referer="https://app.example.org", remote_addr="203.0.113.48", request_id="8a1b2c3d-0002")),
 (H, "198.51.100.48", gt("20:00", error="401: invalid JWT: unable to parse or verify signature, token signature is invalid", level="info", method="GET", msg="401: invalid JWT: unable to parse or verify signature, token signature is invalid", path="/user", referer="", remote_addr="198.51.100.48", request_id="8a1b2c3d-0040")),
 (B, None, gt("30:00", duration=52345678, level="info", method="POST", msg="request completed", path="/token", referer="https://app.example.org", remote_addr="192.0.2.48", request_id="8a1b2c3d-0080", status=200)),
 (B, None, gt("30:05", duration=1203456, level="info", method="GET", msg="request completed", path="/health", referer="", remote_addr="10.0.6.1", request_id="8a1b2c3d-0081", status=200)),
 (B, None, J({"component": "mailer", "level": "error", "msg": "Failed to send email: dial tcp 10.0.6.5:587: connect: connection refused", "time": "2024-05-02T08:31:00Z"})),
]

# Verdaccio's default "pretty" stdout lines, as verdaccio/verdaccio #5217 and #1454 quote them: "info <-- ADDR requested
# 'METHOD PATH'", "http <-- STATUS, user: NAME(ADDR), req: 'METHOD PATH', bytes: IN/OUT" or ", error: …" (with "(CLIENT
# via PROXY)" behind a proxy), "error--- undefined is forbidden publish for PKG". A refused login or publish is the
# client's.
S['verdaccio'] = [
 (B, None, " warn --- config file  - /verdaccio/conf/config.yaml"),
 (B, None, " warn --- http address - http://0.0.0.0:4873/ - verdaccio/5.29.2"),
 (N, None, " info <-- 203.0.113.18 requested 'PUT /-/user/org.couchdb.user:admin'"),
 (H, "203.0.113.18", " http <-- 401, user: null(203.0.113.18), req: 'PUT /-/user/org.couchdb.user:admin', error: bad username/password, access denied"),
 (H, "203.0.113.18", " http <-- 401, user: null(203.0.113.18), req: 'PUT /-/user/org.couchdb.user:root', error: bad username/password, access denied"),
 (H, "203.0.113.19", " http <-- 401, user: null(203.0.113.19 via 172.17.0.1), req: 'PUT /-/user/org.couchdb.user:deploy', error: bad username/password, access denied"),
 (N, None, " error--- undefined is forbidden publish for internal-tool"),
 (H, "198.51.100.18", " http <-- 401, user: null(198.51.100.18), req: 'PUT /internal-tool', error: authorization required to publish package internal-tool"),
 (B, None, " http <-- 200, user: alice(192.0.2.18), req: 'GET /lodash', bytes: 0/12345"),
 (B, None, " http <-- 304, user: null(192.0.2.18), req: 'GET /-/verdaccio/data/packages', bytes: 0/0"),
 (B, None, " http <-- 201, user: alice(192.0.2.18), req: 'PUT /@company%2fui-kit', bytes: 20480/86"),
 (B, None, " warn --- uplink npmjs: request failed: getaddrinfo EAI_AGAIN registry.npmjs.org"),
]

# Meilisearch's stdout: env_logger lines ("[ISO time LEVEL module] message") with actix-web's access format '%a "%r" %s
# %b "%{Referer}i" "%{User-Agent}i" %T', from knowledge. Without an API key Meilisearch answers 401, with a wrong one 403.
def me(ts, lvl, mod, msg): return f"[2024-05-02T08:{ts}Z {lvl:<5} {mod}] {msg}"
AX = "actix_web::middleware::logger"
S['meilisearch'] = [
 (B, None, me("00:00", "INFO", "actix_server::builder", "starting 2 workers")),
 (B, None, me("00:00", "INFO", "actix_server::server", "Actix runtime found; starting in Actix runtime")),
 (H, "203.0.113.30", me("12:44", "INFO", AX, '203.0.113.30 "GET /indexes HTTP/1.1" 401 154 "-" "python-requests/2.31.0" 0.000187')),
 (H, "203.0.113.30", me("12:44", "INFO", AX, '203.0.113.30 "GET /keys HTTP/1.1" 401 154 "-" "python-requests/2.31.0" 0.000166')),
 (H, "198.51.100.30", me("20:00", "INFO", AX, '198.51.100.30 "POST /indexes/customers/search HTTP/1.1" 403 140 "-" "curl/8.5.0" 0.000212')),
 (B, None, me("30:00", "INFO", AX, '192.0.2.30 "POST /indexes/products/search HTTP/1.1" 200 5120 "https://shop.example.org/" "Mozilla/5.0 (X11; Linux x86_64)" 0.004120')),
 (B, None, me("30:05", "INFO", AX, '10.0.4.1 "GET /health HTTP/1.1" 200 20 "-" "kube-probe/1.29" 0.000051')),
 (B, None, me("30:10", "INFO", AX, '192.0.2.30 "GET /indexes/product/search?q=lamp HTTP/1.1" 404 140 "https://shop.example.org/" "Mozilla/5.0 (X11; Linux x86_64)" 0.000201')),
 (B, None, me("31:00", "ERROR", "meilisearch::analytics", "failed to send analytics: error sending request for url (https://telemetry.meilisearch.com/v1/batch): connection refused")),
]

# Ceph RGW's log with the beast frontend's access line ("DATE THREAD  1 beast: 0xREQ: ADDR - USER [DATE] "REQUEST" STATUS
# BYTES - "UA" - latency=…s") after its "====== req done req=0x… op status=… http_status=… ======" line, from knowledge.
# Anonymous listing of a private bucket and an unsigned PUT are refused (403) to the client; the req done lines name no
# client.
def rgw(ts, thr, lvl, msg): return f"2024-05-02T08:{ts}.123+0000 7f3a2b1c{thr}  {lvl} {msg}"
def beast(ts, req, ip, user, r, st, sz, ua): return rgw(ts, "0700", 1, f'beast: 0x7f3a1c0a{req}: {ip} - {user} [02/May/2024:08:{ts}.123 +0000] "{r}" {st} {sz} - "{ua}" - latency=0.000999975s')
S['ceph-rgw'] = [
 (N, None, rgw("12:44", "0700", 1, "====== req done req=0x7f3a1c0a2650 op status=-13 http_status=403 latency=0.000999975s ======")),
 (H, "203.0.113.32", beast("12:44", "2650", "203.0.113.32", "-", "GET /backups/?list-type=2 HTTP/1.1", 403, 230, "aws-cli/2.15.0 Python/3.11.6 Linux/6.1.0")),
 (N, None, rgw("12:45", "0700", 1, "====== req done req=0x7f3a1c0a2760 op status=-13 http_status=403 latency=0.000999975s ======")),
 (H, "203.0.113.32", beast("12:45", "2760", "203.0.113.32", "-", "GET /db-dumps/?list-type=2 HTTP/1.1", 403, 230, "aws-cli/2.15.0 Python/3.11.6 Linux/6.1.0")),
 (H, "198.51.100.32", beast("20:00", "3010", "198.51.100.32", "-", "PUT /media/shell.php HTTP/1.1", 403, 224, "python-requests/2.31.0")),
 (B, None, beast("30:00", "4100", "192.0.2.32", "backup", "PUT /backups/2024-05-02.tar.zst HTTP/1.1", 200, 0, "restic/0.16.4 (linux/amd64)")),
 (B, None, beast("30:01", "4101", "192.0.2.32", "backup", "HEAD /backups/config HTTP/1.1", 404, 0, "restic/0.16.4 (linux/amd64)")),
 (B, None, rgw("31:00", "1700", 0, "ERROR: client_io->complete_request() returned Connection reset by peer")),
 (B, None, rgw("32:00", "1700", 0, "rgw main: failed to initialize watch: (110) Connection timed out")),
]

# Incus' incusd.log (logfmt with time=, level=, msg=), with "Rejecting request from untrusted client" ip="ADDR:PORT"
# from knowledge of its API daemon, the image updater's lookup failure and instance actions.
def ic(ts, lvl, msg, **kw):
    extra = "".join(f' {k}="{v}"' for k, v in kw.items())
    return f'time="2024-05-02T08:{ts}Z" level={lvl} msg="{msg}"{extra}'
S['incus'] = [
 (B, None, ic("00:00", "info", "Daemon started")),
 (H, "203.0.113.34", ic("12:44", "warning", "Rejecting request from untrusted client", ip="203.0.113.34:51234")),
 (H, "203.0.113.34", ic("12:44", "warning", "Rejecting request from untrusted client", ip="203.0.113.34:51236")),
 (H, "198.51.100.34", ic("20:00", "warning", "Rejecting request from untrusted client", ip="198.51.100.34:40000")),
 (B, None, ic("30:00", "info", "Action: instance-started, Source: /1.0/instances/web01, Requestor: unix/root (@)", project="default")),
 (B, None, ic("31:00", "warning", 'Failed to update instance types: Get \\"https://images.linuxcontainers.org/meta/instance-types/aws.yaml\\": dial tcp: lookup images.linuxcontainers.org on 10.0.10.1:53: server misbehaving')),
 (B, None, ic("32:00", "info", "Done updating images")),
]

# IPFire's kernel LOG lines behind its chains' prefixes (DROP_INPUT, DROP_HOSTILE for its hostile-networks list,
# DROP_NEWNOTSYN, DROP_CTINVALID), from knowledge. Drops of outside scanners at red0 are hostile; a LAN client's stale TCP
# packet is noise; invalid conntrack state from outside is either.
def ipf(ts, pre, iface, src, dst, proto, spt, dpt, extra="SYN URGP=0"):
    return f"May  2 08:{ts} ipfire kernel: {pre} IN={iface} OUT= MAC=00:0d:b9:4a:1b:2c:00:1a:2b:3c:4d:5e:08:00 SRC={src} DST={dst} LEN=44 TOS=0x00 PREC=0x00 TTL=243 ID=54321 PROTO={proto} SPT={spt} DPT={dpt} WINDOW=1024 RES=0x00 {extra} "
S['ipfire'] = [
 (H, "203.0.113.36", ipf("12:44", "DROP_INPUT", "red0", "203.0.113.36", "192.0.2.1", "TCP", 51234, 23)),
 (H, "203.0.113.36", ipf("12:44", "DROP_INPUT", "red0", "203.0.113.36", "192.0.2.1", "TCP", 51235, 3389)),
 (H, "198.51.100.36", ipf("20:00", "DROP_HOSTILE", "red0", "198.51.100.36", "192.0.2.1", "TCP", 40000, 22)),
 (H, "2001:db8:36::5", "May  2 08:21:00 ipfire kernel: DROP_INPUT IN=red0 OUT= MAC=00:0d:b9:4a:1b:2c:00:1a:2b:3c:4d:5e:86:dd SRC=2001:db8:36::5 DST=2001:db8:1::1 LEN=80 TC=0 HOPLIMIT=52 FLOWLBL=0 PROTO=TCP SPT=51000 DPT=445 WINDOW=1024 RES=0x00 SYN URGP=0 "),
 (E, "203.0.113.37", ipf("22:00", "DROP_CTINVALID", "red0", "203.0.113.37", "192.0.2.1", "TCP", 443, 50211, "ACK RST URGP=0")),
 (B, None, ipf("30:00", "DROP_NEWNOTSYN", "green0", "192.168.1.20", "192.0.2.80", "TCP", 50512, 443, "ACK FIN URGP=0")),
 (B, None, "May  2 08:30:10 ipfire dhcpd: DHCPACK on 192.168.1.20 to 00:1a:2b:3c:4d:5f (laptop) via green0"),
 (B, None, "May  2 08:31:00 ipfire unbound: [2331:0] info: generate keytag query _ta-4f66. NULL IN"),
]

# Serv-U's FTP log ("[NN] Day DDMonYY HH:MM:SS - (SESSION) message"): "Connected to ADDR (Local address …, port 21)",
# "Received: USER …", "Sent: 331 …", "Sent: 530 Not logged in." (names no client: it carries the host of its session's
# Connected line), "Sent: 230 User logged in, proceed.", "Closed session", from knowledge.
def su(cat, ts, sid, msg): return f"[{cat:02d}] Thu 02May24 08:{ts} - ({sid:06d}) {msg}"
S['serv-u'] = [
 (N, None, su(1, "12:40", 123, "Connected to 203.0.113.40 (Local address 192.0.2.1, port 21)")),
 (N, None, su(1, "12:40", 123, "Sent: 220 Serv-U FTP Server v15.4 ready...")),
 (N, None, su(2, "12:41", 123, "Received: USER administrator")),
 (N, None, su(2, "12:41", 123, "Sent: 331 User name okay, need password.")),
 (N, None, su(2, "12:41", 123, "Received: PASS ********")),
 (H, "203.0.113.40", su(2, "12:44", 123, "Sent: 530 Not logged in.")),
 (N, None, su(2, "12:45", 123, "Received: USER admin")),
 (N, None, su(2, "12:45", 123, "Received: PASS ********")),
 (H, "203.0.113.40", su(2, "12:47", 123, "Sent: 530 Not logged in.")),
 (N, None, su(1, "12:47", 123, "Closed session")),
 (N, None, su(1, "20:00", 140, "Connected to 198.51.100.40 (Local address 192.0.2.1, port 21)")),
 (N, None, su(2, "20:00", 140, "Received: USER anonymous")),
 (H, "198.51.100.40", su(2, "20:00", 140, "Sent: 530 Sorry, no ANONYMOUS access allowed.")),
 (B, None, su(1, "30:00", 150, "Connected to 192.0.2.40 (Local address 192.0.2.1, port 21)")),
 (N, None, su(2, "30:01", 150, "Received: USER alice")),
 (B, None, su(2, "30:01", 150, "Sent: 230 User logged in, proceed.")),
 (N, None, su(2, "30:10", 150, "Received: STOR report.pdf")),
 (B, None, su(2, "30:12", 150, "Sent: 226 Transfer complete. 1,245,184 bytes transferred. 973.61 KB/sec.")),
 (B, None, su(1, "31:00", 150, "Closed session")),
]

# Zulip's server.log request lines ("DATE TIME.ms LEVEL [zr] ADDR METHOD STATUS TIMEms (db: …) PATH (USER via CLIENT)"),
# from knowledge. The API key fetch and an API call with a wrong key answered 401 are the client's; a 429 after them is
# either.
def zr(ts, lvl, ip, m, st, ms, path, who): return f"2024-05-02 08:{ts} {lvl:<4} [zr] {ip:<15} {m:<7} {st} {ms:>4}ms {path} ({who})"
S['zulip'] = [
 (B, None, "2024-05-02 08:00:00.100 INFO [zulip.server] Tornado 9980 started"),
 (H, "203.0.113.42", zr("12:44.120", "WARN", "203.0.113.42", "POST", 401, 312, "/api/v1/fetch_api_key", "unauth@zulip via python-requests")),
 (H, "203.0.113.42", zr("12:44.830", "WARN", "203.0.113.42", "POST", 401, 298, "/api/v1/fetch_api_key", "unauth@zulip via python-requests")),
 (E, "203.0.113.42", zr("12:45.400", "WARN", "203.0.113.42", "POST", 429, 5, "/api/v1/fetch_api_key", "unauth@zulip via python-requests")),
 (H, "2001:db8:42::9", zr("20:00.010", "WARN", "2001:db8:42::9", "GET", 401, 9, "/api/v1/users", "unauth@zulip via curl")),
 (B, None, zr("30:05.123", "INFO", "192.0.2.42", "GET", 200, 14, "/json/events [1714639505:0/1]", "alice@zulip via website")),
 (B, None, zr("30:06.000", "INFO", "192.0.2.42", "POST", 200, 52, "/json/users/me/presence", "alice@zulip via website")),
 (B, None, "2024-05-02 08:31:00.500 WARN [zulip.queue] Failed to connect to RabbitMQ at 10.0.11.4:5672, will retry: [Errno 111] Connection refused"),
]

# Pterodactyl Wings over journald, as pterodactyl/panel #5039 quotes it: "LEVEL: [Mon DD HH:MM:SS.ms] message key=value
# …", "failed to validate user credentials (invalid format) ip=ADDR:PORT method=password subsystem=sftp username=…",
# "sftp: failed to accept inbound connection error=read tcp …: connection reset by peer ip=…" with its stack trace lines;
# the "(invalid credentials)" reason, the listener and the panel-unreachable lines from knowledge.
def wi(ts, lvl, msg): return f"May  2 08:{ts} node1 wings[5396]: {lvl}: [May  2 08:{ts}.461] {msg}"
def wt(ts, msg): return f"May  2 08:{ts} node1 wings[5396]: {msg}"
S['pterodactyl-wings'] = [
 (B, None, wi("00:00", "INFO", "sftp server listening for connections listen=0.0.0.0:2022 public_key=ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIF2m0mYqR3fHc4bNw1lUq4m7v8pX9Q0a1b2c3d4e5f6")),
 (H, "203.0.113.20", wi("12:44", "WARN", "failed to validate user credentials (invalid format) ip=203.0.113.20:42951 method=password subsystem=sftp username=admin")),
 (N, None, wi("12:44", "ERROR", "sftp: failed to accept inbound connection error=read tcp 10.0.12.5:2022->203.0.113.20:42951: read: connection reset by peer ip=203.0.113.20:42951")),
 (N, None, wt("12:44", "Stacktrace:")),
 (N, None, wt("12:44", "read tcp 10.0.12.5:2022->203.0.113.20:42951: read: connection reset by peer")),
 (N, None, wt("12:44", "github.com/pterodactyl/wings/sftp.(*SFTPServer).AcceptInbound")),
 (H, "203.0.113.20", wi("12:45", "WARN", "failed to validate user credentials (invalid format) ip=203.0.113.20:42960 method=password subsystem=sftp username=root")),
 (H, "198.51.100.20", wi("20:00", "WARN", "failed to validate user credentials (invalid credentials) ip=198.51.100.20:50011 method=password subsystem=sftp username=alice.1a2b3c4d")),
 (B, None, wi("30:00", "INFO", "processing server configuration update server=1a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d")),
 (B, None, wi("31:00", "ERROR", 'failed to validate user credentials using panel error=Post "https://panel.example.org/api/remote/sftp/auth": dial tcp 10.0.12.3:443: connect: connection refused ip=192.0.2.20:50110 subsystem=sftp username=bob.1a2b3c4d')),
]

# Source dedicated server (CS2/TF2/Garry's Mod) log file lines "L MM/DD/YYYY - HH:MM:SS: message", with the console's
# 'rcon from "ADDR:PORT": Bad Password' (as pushrax/node-rcon #21 quotes it) and "Banning ADDR for rcon hacking attempts"
# (brainfoolong/rcon-web-admin #13); the connect, rcon command and log lines from knowledge.
def sd(ts, msg): return f"L 05/02/2024 - 08:{ts}: {msg}"
S['srcds'] = [
 (B, None, sd("00:00", 'Log file started (file "logs/L0502000.log") (game "/home/steam/tf") (version "8835751")')),
 (H, "203.0.113.50", sd("12:44", 'rcon from "203.0.113.50:51234": Bad Password')),
 (H, "203.0.113.50", sd("12:44", 'rcon from "203.0.113.50:51240": Bad Password')),
 (H, "203.0.113.50", sd("12:45", "Banning 203.0.113.50 for rcon hacking attempts")),
 (H, "198.51.100.50", sd("20:00", 'rcon from "198.51.100.50:27015": Bad Password')),
 (B, None, sd("30:00", '"alice<2><[U:1:12345678]><>" connected, address "192.0.2.50:27005"')),
 (B, None, sd("30:05", '"alice<2><[U:1:12345678]><>" entered the game')),
 (B, None, sd("31:00", 'rcon from "192.0.2.51:50000": command "changelevel cp_badlands"')),
 (B, None, sd("32:00", '"bob<3><[U:1:22345678]><Blue>" disconnected (reason "Disconnect by user.")')),
]

# adnanh/webhook's log ("[webhook] DATE TIME [REQID] message"), as adnanh/webhook #407, #718 quote it: "incoming HTTP
# POST request from ADDR:PORT", "ID got matched", "ID got matched, but didn't get triggered because the trigger rules
# were not satisfied", "STATUS | SIZE | DURATION | HOST | METHOD PATH"; "error evaluating hook: invalid payload signature"
# and "ID hook triggered successfully" from knowledge. A wrong signature is the sender's; rules not satisfied may be a
# branch filter (either).
def wh(ts, msg): return f"[webhook] 2024/05/02 08:{ts} {msg}"
S['webhook'] = [
 (B, None, wh("00:00", "version 2.8.1 starting")),
 (B, None, wh("00:00", "serving hooks on http://0.0.0.0:9000/hooks/{id}")),
 (N, None, wh("12:44", "[6ada3e] incoming HTTP POST request from 203.0.113.60:37522")),
 (N, None, wh("12:44", "[6ada3e] deploy-site got matched")),
 (H, "203.0.113.60", wh("12:44", "[6ada3e] error evaluating hook: invalid payload signature 5d41402abc4b2a76b9719d911017c592")),
 (N, None, wh("12:44", "[6ada3e] 500 | 30 B | 176.201µs | hooks.example.org | POST /hooks/deploy-site")),
 (N, None, wh("12:46", "[7bcb4f] incoming HTTP POST request from 203.0.113.60:37530")),
 (H, "203.0.113.60", wh("12:46", "[7bcb4f] error evaluating hook: invalid payload signature 7d793037a0760186574b0282f2f435e7")),
 (N, None, wh("20:00", "[4473fd] incoming HTTP POST request from 198.51.100.60:41000")),
 (N, None, wh("20:00", "[4473fd] deploy-site got matched")),
 (E, "198.51.100.60", wh("20:00", "[4473fd] deploy-site got matched, but didn't get triggered because the trigger rules were not satisfied")),
 (B, None, wh("30:00", "[9e1f20] incoming HTTP POST request from 192.0.2.60:50512")),
 (B, None, wh("30:00", "[9e1f20] deploy-site hook triggered successfully")),
 (B, None, wh("30:00", "[9e1f20] 200 | 12 B | 1.2ms | hooks.example.org | POST /hooks/deploy-site")),
]

# cloudflared's logfmt-like console lines ("DATE LVL message key=value …"), from knowledge: the origin being unreachable,
# the edge's QUIC timeouts and tunnel registrations; the ip= field is Cloudflare's edge, not a client. All benign.
def cf(ts, lvl, msg): return f"2024-05-02T08:{ts}Z {lvl} {msg}"
S['cloudflared'] = [
 (B, None, cf("00:00", "INF", "Starting tunnel tunnelID=3f2a1b0c-4d5e-6f70-8192-a3b4c5d6e7f8")),
 (B, None, cf("00:01", "INF", "Registered tunnel connection connIndex=0 connection=9b8a7c6d-5e4f-3a2b-1c0d-e9f8a7b6c5d4 event=0 ip=198.51.100.54 location=fra08 protocol=quic")),
 (B, None, cf("12:44", "ERR", ' error="Unable to reach the origin service. The service may be down or it may not be responding to traffic from cloudflared: dial tcp 127.0.0.1:8080: connect: connection refused" cfRay=87d1a2b3c4d5e6f7-FRA event=1 ingressRule=0 originService=http://localhost:8080')),
 (B, None, cf("12:44", "ERR", 'Request failed error="Unable to reach the origin service. The service may be down or it may not be responding to traffic from cloudflared: dial tcp 127.0.0.1:8080: connect: connection refused" connIndex=0 dest=https://app.example.org/login event=0 ip=198.51.100.54 type=http')),
 (B, None, cf("20:00", "WRN", 'Failed to serve quic connection error="timeout: no recent network activity" connIndex=2 event=0 ip=198.51.100.55')),
 (B, None, cf("20:01", "WRN", 'Connection terminated error="timeout: no recent network activity" connIndex=2')),
 (B, None, cf("30:00", "ERR", ' error="stream 25 canceled by remote with error code 0" cfRay=87d1c0ffee123456-AMS event=1 originService=http://localhost:8080')),
]

# certbot's letsencrypt.log ("DATE TIME,ms:LEVEL:module:message", multi-line messages continued on their own lines),
# from knowledge: a failed http-01 challenge reports this server's own address as "unauthorized". All benign.
def cb(ts, lvl, mod, msg): return f"2024-05-02 08:{ts}:{lvl}:{mod}:{msg}"
S['certbot'] = [
 (B, None, cb("12:44:01,101", "INFO", "certbot._internal.renewal", "Certificate not yet due for renewal")),
 (B, None, cb("12:44:02,200", "INFO", "certbot._internal.main", "Renewing an existing certificate for shop.example.org")),
 (B, None, cb("12:44:05,300", "INFO", "certbot._internal.auth_handler", "Challenge failed for domain shop.example.org")),
 (B, None, cb("12:44:05,301", "ERROR", "certbot._internal.auth_handler", "Certbot failed to authenticate some domains (authenticator: webroot). The Certificate Authority reported these problems:")),
 (B, None, "  Domain: shop.example.org"),
 (B, None, "  Type:   unauthorized"),
 (B, None, "  Detail: 192.0.2.80: Invalid response from http://shop.example.org/.well-known/acme-challenge/x3Yk2WbQeHcJ9lT0aPzR7uNvM1sD4fGh: 404"),
 (B, None, cb("30:00:00,000", "INFO", "certbot._internal.main", "Successfully received certificate.")),
]

# Icecast 2's access.log (combined format with the authenticated user and a trailing duration in seconds) and error.log
# ("[DATE  TIME] LEVEL module/function message"), from knowledge: a SOURCE or admin request answered 401 is the client's;
# the relay failing to reach its master is this host's.
def icx(ip, user, ts, req, st, size, ua, dur): return f'{ip} - {user} [02/May/2024:08:{ts} +0000] "{req}" {st} {size} "-" "{ua}" {dur}'
def ice(ts, lvl, mod, msg): return f"[2024-05-02  08:{ts}] {lvl} {mod} {msg}"
S['icecast'] = [
 (B, None, ice("00:00", "INFO", "main/main", "Icecast 2.4.4 server started")),
 (H, "203.0.113.62", icx("203.0.113.62", "source", "12:44", "SOURCE /live HTTP/1.0", 401, 0, "butt 0.1.37", 0)),
 (H, "203.0.113.62", icx("203.0.113.62", "source", "12:45", "SOURCE /stream HTTP/1.0", 401, 0, "butt 0.1.37", 0)),
 (H, "203.0.113.62", icx("203.0.113.62", "admin", "12:46", "GET /admin/stats HTTP/1.1", 401, 0, "python-requests/2.31.0", 0)),
 (H, "198.51.100.62", icx("198.51.100.62", "admin", "20:00", "GET /admin/listclients?mount=/live HTTP/1.1", 401, 0, "curl/8.5.0", 0)),
 (H, "198.51.100.62", icx("198.51.100.62", "-", "20:01", "PUT /live HTTP/1.1", 401, 0, "Lavf/60.16.100", 0)),
 (B, None, icx("192.0.2.62", "-", "30:00", "GET /live HTTP/1.1", 200, 48211520, "VLC/3.0.20 LibVLC/3.0.20", 3012)),
 (B, None, icx("192.0.2.63", "source", "30:00", "SOURCE /live HTTP/1.0", 200, 19, "butt 0.1.37", 3600)),
 (B, None, ice("31:00", "WARN", "slave/get_master_stats", "Failed to connect to master 10.0.14.5:8000: Connection refused")),
]

# A second wave of the same kinds of attempt from further addresses (08:40 onwards), so that every service holds more
# than one attacker.
S['mailu-front'] += [
 (H, "203.0.113.11", mu("40:00", "info", 210, 'client login failed: "AUTH not supported" while in http auth state, client: 203.0.113.11, server: 0.0.0.0:25, login: "test"')),
 (H, "2001:db8:10::23", mu("41:00", "info", 215, 'client login failed: "Authentication credentials invalid" while in http auth state, client: 2001:db8:10::23, server: [::]:587, login: "postmaster@example.org"')),
]
S['sing-box'] += [
 (H, "203.0.113.15", sb("40:00", "ERROR", 420130233, "150ms", "inbound/vless[vless-in]: process connection from 203.0.113.15:44302: REALITY: processed invalid connection")),
]
S['openvpn-as'] += [
 (H, "203.0.113.57", oa("40:00", "[OVPN 1] OUT: '2024-05-02 08:40:00 203.0.113.57:40112 TLS Auth Error: Auth Username/Password verification failed for peer'")),
]
S['apereo-cas'] += [
 (H, "203.0.113.17", "2024-05-02 08:40:00,111 INFO [org.apereo.inspektr.audit.support.Slf4jLoggingAuditTrailManager] - Audit trail record BEGIN|WHO: casuser|WHAT: [UsernamePasswordCredential(username=casuser, source=null, customFields={})]|ACTION: AUTHENTICATION_FAILED|APPLICATION: CAS|WHEN: Thu May 02 08:40:00 UTC 2024|CLIENT IP ADDRESS: 203.0.113.17|SERVER IP ADDRESS: 10.0.8.5|Audit trail record END"),
]
S['shibboleth-idp'] += [
 (H, "203.0.113.59", sh("40:00,300", "203.0.113.59", "INFO", VAL, "Profile Action ValidateUsernamePasswordAgainstLDAP: Login by 'guest' failed")),
]
S['duo-authproxy'] += [
 (H, "203.0.113.45", dj("test", "FAILURE", "Invalid password", "203.0.113.45", "40:00")),
]
S['typo3'] += [
 (H, "198.51.100.24", t3("40:00", "WARNING", "65f1c0d1e2f3a", BUA, "Login-attempt from ###IP###, username 'admin', password not accepted! - " + J({"REMOTE_ADDR": "198.51.100.24", "username": "admin"}))),
]
S['directus'] += [
 (H, "198.51.100.29", di(2400000, "request completed", req=rq(120, "POST", "/auth/login", "198.51.100.29", 41200), res={"statusCode": 401}, rt=305)),
]
S['supabase-auth'] += [
 (H, "198.51.100.49", gt("40:00", error="400: Invalid login credentials", grant_type="password", level="info", method="POST", msg="400: Invalid login credentials", path="/token", referer="", remote_addr="198.51.100.49", request_id="8a1b2c3d-0120")),
]
S['verdaccio'] += [
 (H, "198.51.100.19", " http <-- 401, user: null(198.51.100.19), req: 'PUT /-/user/org.couchdb.user:npm', error: bad username/password, access denied"),
]
S['meilisearch'] += [
 (H, "203.0.113.31", me("40:00", "INFO", AX, '203.0.113.31 "GET /indexes/users/documents HTTP/1.1" 401 154 "-" "Go-http-client/1.1" 0.000140')),
 (H, "203.0.113.31", me("40:01", "INFO", AX, '203.0.113.31 "DELETE /indexes/products HTTP/1.1" 401 154 "-" "Go-http-client/1.1" 0.000133')),
]
S['ceph-rgw'] += [
 (N, None, rgw("40:00", "0700", 1, "====== req done req=0x7f3a1c0a5120 op status=-13 http_status=403 latency=0.000999975s ======")),
 (H, "203.0.113.33", beast("40:00", "5120", "203.0.113.33", "-", "GET /?list-type=2 HTTP/1.1", 403, 230, "Mozilla/5.0 zgrab/0.x")),
]
S['incus'] += [
 (H, "2001:db8:34::9", ic("40:00", "warning", "Rejecting request from untrusted client", ip="[2001:db8:34::9]:51000")),
]
S['ipfire'] += [
 (H, "203.0.113.38", ipf("40:00", "DROP_INPUT", "red0", "203.0.113.38", "192.0.2.1", "UDP", 5060, 5060, "").replace("WINDOW=1024 RES=0x00  ", "")),
 (H, "198.51.100.37", ipf("40:10", "DROP_HOSTILE", "red0", "198.51.100.37", "192.0.2.1", "TCP", 41000, 8291)),
]
S['serv-u'] += [
 (N, None, su(1, "40:00", 190, "Connected to 203.0.113.41 (Local address 192.0.2.1, port 21)")),
 (N, None, su(2, "40:01", 190, "Received: USER ftpuser")),
 (N, None, su(2, "40:01", 190, "Received: PASS ********")),
 (H, "203.0.113.41", su(2, "40:04", 190, "Sent: 530 Not logged in.")),
]
S['zulip'] += [
 (H, "198.51.100.42", zr("40:00.200", "WARN", "198.51.100.42", "POST", 401, 287, "/api/v1/fetch_api_key", "unauth@zulip via Go-http-client")),
]
S['pterodactyl-wings'] += [
 (H, "203.0.113.21", wi("40:00", "WARN", "failed to validate user credentials (invalid format) ip=203.0.113.21:33012 method=password subsystem=sftp username=ubuntu")),
]
S['srcds'] += [
 (H, "203.0.113.51", sd("40:00", 'rcon from "203.0.113.51:40123": Bad Password')),
]
S['webhook'] += [
 (N, None, wh("40:00", "[a0b1c2] incoming HTTP POST request from 198.51.100.61:42000")),
 (H, "198.51.100.61", wh("40:00", "[a0b1c2] error evaluating hook: invalid payload signature 0cc175b9c0f1b6a831c399e269772661")),
]

out = sys.argv[1]
counts = sum((write_service(out, name, rows) for name, rows in S.items()), Counter())
print(len(S), "services, hostile", counts['H'], "benign", counts['B'], "either", counts['E'])
