#!/usr/bin/env python3
"""Third held-out set ("fresh2"), written in the fourth session before any change of that session and labelled
before LogWarden ran on it: per service NAME.log and NAME.labels.jsonl. (label, host, line) as in generate.py:
H = hostile from host, B = benign, N = not scored (a failure that names no client, a connection opening)."""
import json, os, sys
from collections import Counter
H, B, N = 'H', 'B', None
J = lambda o: json.dumps(o, separators=(',', ':'))
S = {}

S['jenkins'] = [
 (B, None, "2024-04-02 09:00:00.118+0000 [id=31]\tINFO\tjenkins.InitReactorRunner$1#onAttained: Completed initialization"),
 (H, "203.0.113.20", "2024-04-02 09:12:44.579+0000 [id=88]\tWARNING\th.p.a.ActiveDirectoryUnixAuthenticationProvider#retrieveUser: Credential exception trying to authenticate against EXAMPLE.ORG domain from 203.0.113.20 (scan.example.net)"),
 (H, "203.0.113.20", "2024-04-02 09:12:47.002+0000 [id=89]\tWARNING\th.p.a.ActiveDirectoryUnixAuthenticationProvider#retrieveUser: Credential exception trying to authenticate against EXAMPLE.ORG domain from 203.0.113.20 (scan.example.net)"),
 (B, None, "2024-04-02 09:20:00.220+0000 [id=120]\tINFO\thudson.model.Run#execute: backend #412 main build action completed: FAILURE"),
 (B, None, "2024-04-02 09:21:00.000+0000 [id=121]\tWARNING\thudson.plugins.git.GitSCM#fetchFrom: Failed to fetch from https://git.example.org/app.git: stderr: git@git.example.org: Permission denied (publickey). fatal: Could not read from remote repository."),
 (B, None, "2024-04-02 09:30:00.000+0000 [id=140]\tINFO\thudson.slaves.ChannelPinger$1#onDead: Ping failed. Terminating the channel agent-2 (10.0.0.41)."),
]
S['webmin'] = [
 (B, None, "Apr  2 09:00:00 srv webmin[1500]: Webmin starting"),
 (H, "203.0.113.21", "Apr  2 09:12:44 srv webmin[1512]: Invalid login as root from 203.0.113.21"),
 (H, "203.0.113.21", "Apr  2 09:12:49 srv webmin[1513]: Non-existent login as admin from 203.0.113.21"),
 (B, None, "Apr  2 09:20:00 srv webmin[1520]: Successful login as maria from 198.51.100.40"),
 (B, None, "Apr  2 09:21:00 srv webmin[1520]: Failed to save config /etc/webmin/config : Permission denied"),
]
def mm(lvl, msg, **kw):
    o = {"timestamp": "2024-04-02 09:12:44.579 Z", "level": lvl, "msg": msg, "caller": "web/context.go:105"}
    o.update(kw); return J(o)
S['mattermost'] = [
 (B, None, mm("info", "Server is listening on [::]:8065", caller="app/server.go:1203", address="[::]:8065")),
 (H, "203.0.113.22", mm("error", "Enter a valid email or username and/or password.", path="/api/v4/users/login", request_id="k3x9q1w7", ip_addr="203.0.113.22", user_id="", method="POST", err_where="User.Login", http_code=401, err_details="invalid password")),
 (H, "203.0.113.22", mm("error", "Enter a valid email or username and/or password.", path="/api/v4/users/login", request_id="p8r2t5v1", ip_addr="203.0.113.22", user_id="", method="POST", err_where="User.Login", http_code=401, err_details="user not found")),
 (B, None, mm("debug", "Invalid or expired session, please login again.", path="/api/v4/users/me", request_id="z1y2x3w4", ip_addr="198.51.100.40", user_id="", method="GET", err_where="ServeHTTP", http_code=401, err_details="token=9f8e7d6c5b4a")),
 (B, None, mm("error", "Failed to send mail", caller="app/email.go:88", error="dial tcp 10.0.0.25:587: connect: connection refused")),
]
S['rocketchat'] = [
 (B, None, "| SERVER RUNNING | Rocket.Chat Version: 6.6.0 | NodeJS Version: 14.21.3 - x64 |"),
 (H, "203.0.113.23", "Apr 02 09:12:44 chat rocketchat[2201]: Failed login detected - Username[admin] ClientAddress[203.0.113.23] ForwardedFor[undefined] XRealIp[undefined] UserAgent[python-requests/2.31.0]"),
 (H, "203.0.113.24", "Apr 02 09:12:50 chat rocketchat[2201]: Failed login detected - Username[unknown] ClientAddress[127.0.0.1] ForwardedFor[203.0.113.24] XRealIp[203.0.113.24] UserAgent[Mozilla/5.0]"),
 (B, None, "Apr 02 09:20:00 chat rocketchat[2201]: MongoServerSelectionError: connect ECONNREFUSED 10.0.0.9:27017"),
]
S['uptime-kuma'] = [
 (N, None, "Apr  2 09:12:44 mon uptimekuma-server[1924]: 2024-04-02T09:12:44.415Z [AUTH] INFO: Login by username + password. IP=203.0.113.25"),
 (B, None, "Apr  2 09:12:44 mon uptimekuma-server[1924]: 2024-04-02T09:12:44.418Z [RATE-LIMIT] INFO: remaining requests: 19"),
 (H, "203.0.113.25", "Apr  2 09:12:44 mon uptimekuma-server[1924]: 2024-04-02T09:12:44.419Z [AUTH] WARN: Incorrect username or password for user admin. IP=203.0.113.25"),
 (B, None, "Apr  2 09:20:00 mon uptimekuma-server[1924]: 2024-04-02T09:20:00.001Z [AUTH] INFO: Successfully logged in user maria. IP=198.51.100.40"),
 (B, None, "Apr  2 09:21:00 mon uptimekuma-server[1924]: 2024-04-02T09:21:00.120Z [MONITOR] WARN: Monitor #3 'api': Failing: Request failed with status code 401 | Interval: 60 seconds | Type: http | Down Count: 0 | Resend Interval: 0"),
 (B, None, "Apr  2 09:22:00 mon uptimekuma-server[1924]: 2024-04-02T09:22:00.120Z [MONITOR] WARN: Monitor #5 'ssh-gw': Failing: connect ECONNREFUSED 192.0.2.10:22 | Interval: 60 seconds | Type: port | Down Count: 0 | Resend Interval: 0"),
]
S['adguard-home'] = [
 (B, None, "2024/04/02 09:00:00.118392 [info] AdGuard Home, version v0.107.46"),
 (N, None, "2024/04/02 09:12:44.579201 [info] auth: invalid user name or password: name='admin'"),
 (N, None, "2024/04/02 09:12:50.118392 [error] auth: retrieving user from request err=\"getting user from request: login attempt blocked for 14m58.8s\""),
 (B, None, "2024/04/02 09:20:00.220119 [info] dnsproxy: upstream tls://dns.example.net:853 failed to exchange ;example.org.\tIN\t A in 2.000s: i/o timeout"),
 (B, None, "2024/04/02 09:21:00.001119 [info] filtering: blocked ads.example.com for 10.0.0.23 by rule ||ads.example.com^"),
]
S['pihole'] = [
 (B, None, "Apr  2 09:12:40 dnsmasq[812]: query[A] ads.example.com from 10.0.0.23"),
 (B, None, "Apr  2 09:12:40 dnsmasq[812]: gravity blocked ads.example.com is 0.0.0.0"),
 (H, "203.0.113.28", "Apr  2 09:12:44 dnsmasq[812]: Ignoring query from non-local network 203.0.113.28"),
 (B, None, "Apr  2 09:20:00 dnsmasq[812]: Maximum number of concurrent DNS queries reached (max: 150)"),
 (B, None, "Apr  2 09:21:00 dnsmasq[812]: reply www.example.org is 192.0.2.80"),
]
def wz(rid, lvl, desc, groups, full, **data):
    o = {"timestamp": "2024-04-02T09:12:44.760+0000", "rule": {"level": lvl, "description": desc, "id": str(rid), "groups": groups},
         "agent": {"id": "002", "name": "web1", "ip": "10.0.1.10"}, "manager": {"name": "wazuh-manager"}, "id": "1712049164.40448",
         "full_log": full, "decoder": {"name": "sshd" if "sshd" in full else "syslog"}, "data": data, "location": "/var/log/auth.log"}
    return J(o)
S['wazuh-alerts'] = [
 (H, "203.0.113.29", wz(5716, 5, "sshd: authentication failed.", ["syslog", "sshd", "authentication_failed"], "Apr  2 09:12:44 web1 sshd[2211]: Failed password for root from 203.0.113.29 port 51544 ssh2", srcip="203.0.113.29", dstuser="root", srcport="51544")),
 (H, "203.0.113.29", wz(5710, 5, "sshd: Attempt to login using a non-existent user", ["syslog", "sshd", "invalid_login", "authentication_failed"], "Apr  2 09:12:46 web1 sshd[2212]: Invalid user oracle from 203.0.113.29 port 51546", srcip="203.0.113.29", srcuser="oracle", srcport="51546")),
 (B, None, wz(5715, 3, "sshd: authentication success.", ["syslog", "sshd", "authentication_success"], "Apr  2 09:20:00 web1 sshd[2300]: Accepted publickey for maria from 198.51.100.40 port 53120 ssh2: ED25519 SHA256:Qm9vYmFy", srcip="198.51.100.40", dstuser="maria", srcport="53120")),
 (B, None, wz(550, 7, "Integrity checksum changed.", ["ossec", "syscheck", "syscheck_entry_modified"], "File '/etc/hosts' modified")),
 (B, None, wz(510, 7, "Host-based anomaly detection event (rootcheck).", ["ossec", "rootcheck"], "Trojaned version of file '/usr/bin/diff' detected. Signature used: 'bash|^/bin/sh|file\\.h|proc\\.h|/dev/[^n]|^/bin/.*sh' (Generic).")),
]
def kdc(msg): return f"Apr  2 09:12:44 kdc krb5kdc[1234](info): {msg}"
ET = "(4 etypes {aes256-cts-hmac-sha1-96(18), aes128-cts-hmac-sha1-96(17), aes256-cts-hmac-sha384-192(20), aes128-cts-hmac-sha256-128(19)})"
S['krb5kdc'] = [
 (H, "203.0.113.30", kdc(f"AS_REQ {ET} 203.0.113.30: CLIENT_NOT_FOUND: admin@EXAMPLE.ORG for krbtgt/EXAMPLE.ORG@EXAMPLE.ORG, Client not found in Kerberos database")),
 (N, None, kdc("preauth (encrypted_timestamp) verify failure: Preauthentication failed")),
 (H, "203.0.113.30", kdc(f"AS_REQ {ET} 203.0.113.30: PREAUTH_FAILED: maria@EXAMPLE.ORG for krbtgt/EXAMPLE.ORG@EXAMPLE.ORG, Preauthentication failed")),
 (B, None, kdc(f"AS_REQ {ET} 198.51.100.40: NEEDED_PREAUTH: maria@EXAMPLE.ORG for krbtgt/EXAMPLE.ORG@EXAMPLE.ORG, Additional pre-authentication required")),
 (B, None, kdc(f"AS_REQ {ET} 198.51.100.40: ISSUE: authtime 1712049600, etypes {{rep=18 tkt=18 ses=18}}, maria@EXAMPLE.ORG for krbtgt/EXAMPLE.ORG@EXAMPLE.ORG")),
 (B, None, kdc(f"TGS_REQ {ET} 198.51.100.40: ISSUE: authtime 1712049600, etypes {{rep=18 tkt=18 ses=18}}, maria@EXAMPLE.ORG for HTTP/www.example.org@EXAMPLE.ORG")),
]
def ds(t, msg): return f"[02/Apr/2024:09:{t} +0000] {msg}"
S['389ds-access'] = [
 (N, None, ds("12:44.100012345", "conn=512 fd=64 slot=64 connection from 203.0.113.31 to 10.0.0.5")),
 (N, None, ds("12:44.101012345", 'conn=512 op=0 BIND dn="uid=admin,ou=people,dc=example,dc=org" method=128 version=3')),
 (H, "203.0.113.31", ds("12:44.103012345", "conn=512 op=0 RESULT err=49 tag=97 nentries=0 wtime=0.000101 optime=0.002011 etime=0.002110 - Invalid credentials")),
 (N, None, ds("20:00.100012345", "conn=513 fd=65 slot=65 connection from 198.51.100.40 to 10.0.0.5")),
 (N, None, ds("20:00.101012345", 'conn=513 op=0 BIND dn="uid=maria,ou=people,dc=example,dc=org" method=128 version=3')),
 (B, None, ds("20:00.103012345", 'conn=513 op=0 RESULT err=0 tag=97 nentries=0 wtime=0.000090 optime=0.001800 etime=0.001890 dn="uid=maria,ou=people,dc=example,dc=org"')),
 (B, None, ds("20:00.110012345", 'conn=513 op=1 SRCH base="ou=groups,dc=example,dc=org" scope=2 filter="(member=uid=nobody)" attrs="cn"')),
 (B, None, ds("20:00.111012345", "conn=513 op=1 RESULT err=32 tag=101 nentries=0 wtime=0.000080 optime=0.000300 etime=0.000380 - No such object")),
]
S['sssd'] = [
 (B, None, "Apr  2 09:00:00 host1 sssd[1021]: Starting up"),
 (H, "203.0.113.32", "Apr  2 09:12:44 host1 sshd[2311]: pam_sss(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.32 user=maria"),
 (N, None, "Apr  2 09:12:44 host1 sshd[2311]: pam_sss(sshd:auth): received for user maria: 7 (Authentication failure)"),
 (B, None, "Apr  2 09:15:00 host1 sssd_be[1022]: Backend is offline"),
 (B, None, "Apr  2 09:20:00 host1 sudo[2400]: pam_sss(sudo:auth): authentication success; logname=maria uid=1000 euid=0 tty=/dev/pts/0 ruser=maria rhost= user=maria"),
]
def rsp(ip, act, score, syms): return f"2024-04-02 09:12:44 #2211(normal) <a1b2c3>; task; rspamd_task_write_log: id: <m{len(syms)}x{len(act)}@mx.example.net>, qid: <4F1A2B3C>, ip: {ip}, from: <news@sender.example>, (default: {act}: [{score}/15.00] [{syms}]), len: 4210, time: 120.3ms, dns req: 32, digest: <0a1b2c3d4e5f>, rcpts: <info@example.org>, mime_rcpts: <info@example.org>"
S['rspamd'] = [
 (H, "203.0.113.33", rsp("203.0.113.33", "T (reject)", "16.40", "BAYES_SPAM(5.10){99.9%;},RBL_SPAMHAUS_XBL(4.00){203.0.113.33:from;},R_SPF_FAIL(1.00){-all;}")),
 (B, None, rsp("198.51.100.60", "F (no action)", "-1.20", "DMARC_POLICY_ALLOW(-0.50){example.net;reject;},R_DKIM_ALLOW(-0.20){example.net:s=mail;},R_SPF_ALLOW(-0.20){+ip4:198.51.100.60;}")),
 (B, None, "2024-04-02 09:20:00 #1001(controller) <c0ffee>; lua; redis_pool.lua:98: cannot connect to redis 127.0.0.1:6379: Connection refused"),
]
S['teamspeak'] = [
 (B, None, "2024-04-02 09:00:00.118392|INFO    |ServerLibPriv |   |TeamSpeak 3 Server 3.13.7 (2022-06-20 12:21:53)"),
 (H, "203.0.113.34", "2024-04-02 09:12:44.579201|INFO    |Query         |   |query from 47 203.0.113.34:51544 attempted to login with account \"serveradmin\" and failed!"),
 (B, None, "2024-04-02 09:20:00.220119|INFO    |VirtualServerBase|1  |client connected 'maria'(id:12) from 198.51.100.40:53120"),
 (B, None, "2024-04-02 09:50:00.001119|INFO    |VirtualServerBase|1  |client disconnected 'maria'(id:12) reason 'reasonmsg=leaving'"),
]
def nx(eid, msg, **kw):
    o = {"EventTime": "2024-04-02 09:12:44", "Hostname": "DC01.example.org", "EventID": eid, "SourceName": "Microsoft-Windows-Security-Auditing", "Channel": "Security", "Message": msg}
    o.update(kw); return J(o)
S['windows-nxlog'] = [
 (H, "203.0.113.36", nx(4625, "An account failed to log on.", TargetUserName="administrator", TargetDomainName="EXAMPLE", Status="0xc000006d", SubStatus="0xc000006a", LogonType="3", WorkstationName="-", IpAddress="203.0.113.36", IpPort="51544")),
 (H, "203.0.113.36", nx(4625, "An account failed to log on.", TargetUserName="scanner", TargetDomainName="EXAMPLE", Status="0xc000006d", SubStatus="0xc0000064", LogonType="3", WorkstationName="-", IpAddress="203.0.113.36", IpPort="51546")),
 (B, None, nx(4624, "An account was successfully logged on.", TargetUserName="maria", TargetDomainName="EXAMPLE", LogonType="10", IpAddress="198.51.100.40", IpPort="53120")),
 (B, None, nx(4624, "An account was successfully logged on.", TargetUserName="SYSTEM", TargetDomainName="NT AUTHORITY", LogonType="5", IpAddress="-", IpPort="-")),
 (B, None, nx(4672, "Special privileges assigned to new logon.", SubjectUserName="maria", PrivilegeList="SeDebugPrivilege SeBackupPrivilege")),
 (N, None, nx(4740, "A user account was locked out.", TargetUserName="administrator", SubjectUserName="DC01$", TargetDomainName="SCAN-PC")),
]
def wlb(code, action, outcome, msg, **kw):
    o = {"@timestamp": "2024-04-02T09:12:44.579Z", "event": {"code": code, "kind": "event", "provider": "Microsoft-Windows-Security-Auditing", "action": action, "outcome": outcome}, "host": {"name": "fs01"}, "message": msg, "winlog": {"channel": "Security", "event_id": code, "computer_name": "fs01.example.org"}}
    o.update(kw); return J(o)
S['windows-winlogbeat'] = [
 (H, "203.0.113.37", wlb("4625", "logon-failed", "failure", "An account failed to log on.", source={"ip": "203.0.113.37", "port": 51600}, user={"name": "admin", "domain": "FS01"})),
 (B, None, wlb("4624", "logged-in", "success", "An account was successfully logged on.", source={"ip": "198.51.100.40", "port": 53120}, user={"name": "maria", "domain": "EXAMPLE"})),
 (B, None, wlb("5156", "network-connection-permitted", "success", "The Windows Filtering Platform has permitted a connection.", source={"ip": "10.0.0.5", "port": 445}, destination={"ip": "198.51.100.40", "port": 53122})),
]
S['systemd-logind'] = [
 (B, None, "Apr  2 09:20:00 host1 systemd-logind[601]: New session 12 of user maria."),
 (B, None, "Apr  2 09:50:00 host1 systemd-logind[601]: Session 12 logged out. Waiting for processes to exit."),
 (B, None, "Apr  2 09:50:01 host1 systemd-logind[601]: Removed session 12."),
 (B, None, "Apr  2 09:51:00 host1 systemd-logind[601]: Failed to start session scope session-13.scope: Connection timed out"),
 (B, None, "Apr  2 09:52:00 host1 systemd-logind[601]: Power key pressed short."),
]
S['polkit'] = [
 (B, None, "Apr  2 09:00:05 host1 polkitd[702]: Registered Authentication Agent for unix-session:2 (system bus name :1.50 [/usr/bin/gnome-shell], object path /org/freedesktop/PolicyKit1/AuthenticationAgent, locale en_US.UTF-8)"),
 (N, None, "Apr  2 09:12:44 host1 polkitd[702]: Operator of unix-session:2 FAILED to authenticate to gain authorization for action org.freedesktop.packagekit.system-update for system-bus-name::1.88 [gnome-software] (owned by unix-user:maria)"),
 (B, None, "Apr  2 09:13:00 host1 polkitd[702]: Operator of unix-session:2 successfully authenticated as unix-user:maria to gain TEMPORARY authorization for action org.freedesktop.systemd1.manage-units for system-bus-name::1.90 [systemctl restart nginx] (owned by unix-user:maria)"),
 (N, None, "Apr  2 09:14:00 host1 pkexec[2300]: maria: Error executing command as another user: Not authorized [USER=root] [TTY=/dev/pts/0] [CWD=/home/maria] [COMMAND=/usr/bin/bash]"),
]
S['sudo'] = [
 (B, None, "Apr  2 09:12:00 host1 sudo[2400]:    maria : TTY=pts/0 ; PWD=/home/maria ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx"),
 (B, None, "Apr  2 09:12:00 host1 sudo[2400]: pam_unix(sudo:session): session opened for user root(uid=0) by maria(uid=1000)"),
 (N, None, "Apr  2 09:12:44 host1 sudo[2401]: pam_unix(sudo:auth): authentication failure; logname=bob uid=1001 euid=0 tty=/dev/pts/1 ruser=bob rhost=  user=bob"),
 (N, None, "Apr  2 09:12:50 host1 sudo[2401]:      bob : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/home/bob ; USER=root ; COMMAND=/bin/bash"),
 (N, None, "Apr  2 09:13:00 host1 sudo[2402]:      bob : user NOT in sudoers ; TTY=pts/1 ; PWD=/home/bob ; USER=root ; COMMAND=/bin/bash"),
]
S['doas'] = [
 (B, None, "Apr  2 09:12:00 bsd1 doas[2500]: maria ran command ls /root as root from /home/maria"),
 (N, None, "Apr  2 09:12:44 bsd1 doas[2501]: failed auth for bob"),
 (N, None, "Apr  2 09:12:50 bsd1 doas[2502]: command not permitted for bob: /bin/sh"),
]
S['xrdp'] = [
 (N, None, "[20240402-09:12:40] [INFO ] Socket 12: AF_INET6 connection received from ::ffff:203.0.113.38 port 51544"),
 (N, None, "[20240402-09:12:44] [ERROR] pam_authenticate failed: Authentication failure"),
 (H, "203.0.113.38", "[20240402-09:12:44] [INFO ] AUTHFAIL: user=root ip=::ffff:203.0.113.38 time=1712049164"),
 (H, "203.0.113.38", "[2024-04-02T09:12:50.065+0000] [INFO ] AUTHFAIL: user=admin ip=203.0.113.38 time=1712049170"),
 (B, None, "[20240402-09:20:00] [INFO ] ++ created session (access control): username maria, ip 198.51.100.40:53120 - socket: 12"),
 (B, None, "[20240402-09:20:00] [WARN ] Received [MS-RDPBCGR] TS_UD_HEADER type 0xc006 is unknown (ignored)"),
]
S['tigervnc'] = [
 (N, None, " Connections: accepted: 203.0.113.39::51544"),
 (N, None, " SConnection: AuthFailureException: Authentication failure"),
 (H, "203.0.113.39", " Connections: closed: 203.0.113.39::51544 (Authentication failure)"),
 (N, None, " Connections: accepted: 198.51.100.40::53120"),
 (B, None, " VNCSConnST:  Server default pixel format depth 24 (32bpp) little-endian rgb888"),
 (B, None, " Connections: closed: 198.51.100.40::53120 (Clean disconnection)"),
]
S['x11vnc'] = [
 (N, None, "02/04/2024 09:12:40 Got connection from client 203.0.113.40"),
 (H, "203.0.113.40", "02/04/2024 09:12:44 rfbAuthProcessClientMessage: authentication failed from 203.0.113.40"),
 (B, None, "02/04/2024 09:20:00 Got connection from client 198.51.100.40"),
 (B, None, "02/04/2024 09:20:01 rfbProcessClientNormalMessage: ignoring unsupported encoding type Enc(0xFFFFFEC6)"),
]
S['strongswan'] = [
 (N, None, "Apr  2 09:12:40 vpn charon: 06[IKE] 203.0.113.41 is initiating an IKE_SA"),
 (H, "203.0.113.41", "Apr  2 09:12:44 vpn charon: 13[IKE] <rw-eap|7> EAP method EAP_MSCHAPV2 failed for peer 203.0.113.41"),
 (N, None, "Apr  2 09:12:44 vpn charon: 13[ENC] <rw-eap|7> generating IKE_AUTH response 5 [ N(AUTH_FAILED) ]"),
 (B, None, "Apr  2 09:20:00 vpn charon: 14[IKE] <rw-eap|8> IKE_SA rw-eap[8] established between 10.0.0.5[vpn.example.org]...198.51.100.40[maria]"),
 (B, None, "Apr  2 09:21:00 vpn charon: 16[IKE] <site2site|2> sending retransmit 1 of request message ID 0, seq 1"),
]
S['named'] = [
 (H, "203.0.113.42", "Apr  2 09:12:44 ns1 named[900]: client @0x7f1a2c0019a8 203.0.113.42#53211 (example.org): query (cache) 'example.org/ANY/IN' denied"),
 (H, "203.0.113.42", "Apr  2 09:12:46 ns1 named[900]: client @0x7f1a2c0019a8 203.0.113.42#53212 (example.org): zone transfer 'example.org/AXFR/IN' denied"),
 (B, None, "Apr  2 09:20:00 ns1 named[900]: client @0x7f1a2c001b20 10.0.0.23#41234 (www.example.org): query: www.example.org IN A +E(0)K (10.0.0.5)"),
 (B, None, "Apr  2 09:21:00 ns1 named[900]: network unreachable resolving './NS/IN': 2001:500:2::c#53"),
 (B, None, "Apr  2 09:22:00 ns1 named[900]: resolver priming query complete: success"),
]
def zm(ts, th, ctx, cat, msg): return f"2024-04-02 09:{ts} INFO  [{th}] [{ctx}] {cat} - {msg}"
S['zimbra'] = [
 (H, "203.0.113.44", zm("12:44,579", "qtp1234-567:https://mail.example.org/service/soap/AuthRequest", "name=admin@example.org;oip=203.0.113.44;ua=zclient/9.0.0_GA;soapId=3a4b5c;", "SoapEngine", "handler exception: authentication failed for [admin@example.org], invalid password")),
 (H, "203.0.113.44", zm("12:46,002", "qtp1234-568:https://mail.example.org/service/soap/AuthRequest", "oip=203.0.113.44;ua=zclient/9.0.0_GA;soapId=3a4b5d;", "security", "cmd=Auth; account=info@example.org; protocol=soap; error=authentication failed for [info@example.org], account not found;")),
 (H, "203.0.113.45", zm("12:50,118", "ImapSSLServer-12", "ip=10.0.0.5;oip=203.0.113.45;via=10.0.0.5(nginx/1.20.0-ga);ua=Zimbra/9.0.0_GA;", "imap", "authentication failed for [maria@example.org], invalid password")),
 (B, None, zm("20:00,220", "qtp1234-570:https://mail.example.org/service/soap/AuthRequest", "name=maria@example.org;oip=198.51.100.40;ua=ZimbraWebClient - FF124 (Linux);soapId=3a4b60;", "security", "cmd=Auth; account=maria@example.org; protocol=soap;")),
 (B, None, zm("30:00,000", "MailboxPurge", "", "purge", "Purging messages.")),
]
def npm(st, host, path, client, sent="10.0.0.20"): return f'[02/Apr/2024:09:12:44 +0000] - {st} {st} - GET https {host} "{path}" [Client {client}] [Length 188] [Gzip -] [Sent-to {sent}] "Mozilla/5.0 (X11; Linux x86_64)" "-"'
S['nginx-proxy-manager'] = [
 (H, "203.0.113.46", npm(404, "nas.example.org", "/.env", "203.0.113.46")),
 (H, "203.0.113.46", npm(404, "nas.example.org", "/wp-login.php", "203.0.113.46")),
 (B, None, npm(200, "nas.example.org", "/api/status", "198.51.100.40")),
 (B, None, npm(502, "app.example.org", "/", "198.51.100.40", "10.0.0.21")),
 (B, None, '2024/04/02 09:20:00 [error] 312#312: *12 connect() failed (111: Connection refused) while connecting to upstream, client: 198.51.100.40, server: app.example.org, request: "GET / HTTP/2.0", upstream: "http://10.0.0.21:8080/", host: "app.example.org"'),
 (B, None, "[4/2/2024] [9:30:00 AM] [SSL      ] › ✖  error     Error: Command failed: certbot certonly --config /etc/letsencrypt.ini --cert-name npm-7 --agree-tos --email admin@example.org --domains app.example.org  Certbot failed to authenticate some domains (authenticator: webroot). The Certificate Authority reported these problems: Domain: app.example.org Type: unauthorized Detail: 192.0.2.90: Invalid response from http://app.example.org/.well-known/acme-challenge/x1y2z3: 404"),
]
S['portainer'] = [
 (B, None, "2024/04/02 09:00:00 server: Listening on 0.0.0.0:8000..."),
 (N, None, "2024/04/02 09:12:44 http error: Invalid credentials (err=Unauthorized) (code=422)"),
 (B, None, "2024/04/02 09:20:00 http error: Unauthorized (err=Unauthorized) (code=401)"),
 (B, None, "2024/04/02 09:21:00 http error: Unable to query endpoint (err=Get \"http://10.0.0.30:2375/_ping\": dial tcp 10.0.0.30:2375: connect: connection refused) (code=500)"),
]
def dd(lvl, msg, **kw): return f'time="2024-04-02T09:12:44.579Z" level={lvl} msg="{msg}" ' + " ".join(f"{k}={v}" for k, v in kw.items())
S['dendrite'] = [
 (B, None, dd("info", "Starting external listener", addr=":8008")),
 (H, "203.0.113.47", dd("warning", "Failed login attempt: The username or password was incorrect or the account does not exist.", code="M_FORBIDDEN", **{"req.id": "Ab3dE5fG7h", "req.method": "POST", "req.path": "/_matrix/client/v3/login", "req.remote": "203.0.113.47:51544"})),
 (B, None, dd("info", "Incoming request", **{"req.id": "Hi8jK9lM0n", "req.method": "GET", "req.path": "/_matrix/client/v3/sync", "req.remote": "198.51.100.40:53120", "user_id": "@maria:example.org"})),
 (B, None, dd("warning", "Failed to send transaction to destination", destination="matrix.example.net", error="dial tcp 192.0.2.99:8448: connect: connection refused")),
]
def mn(msg, **kw):
    o = {"level": "ERROR", "errKind": "ALL", "time": "2024-04-02T09:12:44.579Z", "api": {"name": "ListBuckets"}, "requestID": "17C2A3B4C5D6E7F8", "userAgent": "aws-cli/2.15.0"}
    o.update(kw); o["error"] = {"message": msg}; return J(o)
S['minio'] = [
 (H, "203.0.113.48", mn("The Access Key Id you provided does not exist in our records.", remotehost="203.0.113.48")),
 (H, "203.0.113.48", mn("The request signature we calculated does not match the signature you provided. Check your key and signing method.", remotehost="203.0.113.48")),
 (B, None, mn("Storage resources are insufficient for the write operation .minio.sys/tmp/abc", remotehost="10.0.0.31")),
 (B, None, mn("Unable to connect to http://10.0.0.32:9000/minio/storage/data: dial tcp 10.0.0.32:9000: connect: connection refused")),
]
S['wordpress'] = [
 (H, "203.0.113.49", "Apr  2 09:12:44 web1 wordpress(example.org)[2600]: Authentication failure for admin from 203.0.113.49"),
 (H, "203.0.113.49", "Apr  2 09:12:46 web1 wordpress(example.org)[2601]: Authentication attempt for unknown user adm from 203.0.113.49"),
 (H, "203.0.113.50", "Apr  2 09:12:50 web1 wordpress(example.org)[2602]: Blocked user enumeration attempt from 203.0.113.50"),
 (H, "203.0.113.51", "Apr  2 09:12:55 web1 wordpress(example.org)[2603]: XML-RPC authentication failure for admin from 203.0.113.51"),
 (B, None, "Apr  2 09:20:00 web1 wordpress(example.org)[2604]: Accepted password for maria from 198.51.100.40"),
]
def cs(lvl, msg): return f'time="2024-04-02T09:12:50Z" level={lvl} msg="{msg}"'
S['crowdsec'] = [
 (B, None, cs("info", "Crowdsec v1.6.0-debian-pragmatic-amd64-f5a1b2c3")),
 (H, "203.0.113.54", cs("info", "Ip 203.0.113.54 performed 'crowdsecurity/ssh-bf' (6 events over 2.1s) at 2024-04-02 09:12:50.118 +0000 UTC")),
 (H, "203.0.113.54", cs("info", "(6a7b8c9d/crowdsec) crowdsecurity/ssh-bf by ip 203.0.113.54 (NL/64496) : 4h ban on Ip 203.0.113.54")),
 (B, None, cs("warning", "failed to get hub index: Get \\\"https://hub-cdn.example.net/index.json\\\": dial tcp 192.0.2.95:443: i/o timeout")),
]
def va(path, remote, err=None, typ="response"):
    o = {"time": "2024-04-02T09:12:44.579Z", "type": typ, "auth": {"token_type": "default"}, "request": {"id": "5e6f7a8b", "operation": "update", "mount_type": "userpass", "path": path, "remote_address": remote, "remote_port": 51544}}
    if err: o["error"] = err
    return J(o)
S['vault-audit'] = [
 (H, "203.0.113.55", va("auth/userpass/login/admin", "203.0.113.55", "invalid username or password")),
 (H, "203.0.113.55", va("secret/data/prod/db", "203.0.113.55", "permission denied")),
 (B, None, va("auth/userpass/login/maria", "198.51.100.40")),
 (B, None, va("sys/health", "10.0.0.2", None, "request")),
]

out = sys.argv[1]
from heldout import write_service
counts = sum((write_service(out, name, rows) for name, rows in S.items()), Counter())
print(len(S), "services, hostile", counts['H'], "benign", counts['B'])
