#!/usr/bin/env python3
"""Second held-out set ("fresh"), written after the first round of tuning and before looking at any miss of
the first test half: per service NAME.log and NAME.labels.jsonl. (label, host, line) as in generate.py."""
import json, os, sys
from collections import Counter
H, B, N = 'H', 'B', None
J = lambda o: json.dumps(o, separators=(',', ':'))
S = {}
S['dropbear'] = [
 (B, None, "Mar 11 08:00:00 router dropbear[1012]: Running in background"),
 (N, None, "Mar 11 08:12:40 router dropbear[2201]: Child connection from 203.0.113.4:51544"),
 (H, "203.0.113.4", "Mar 11 08:12:44 router dropbear[2201]: Bad password attempt for 'root' from 203.0.113.4:51544"),
 (H, "203.0.113.4", "Mar 11 08:12:47 router dropbear[2202]: Login attempt for nonexistent user 'admin' from 203.0.113.4:51546"),
 (H, "203.0.113.4", "Mar 11 08:12:52 router dropbear[2201]: Exit before auth from <203.0.113.4:51544>: (user 'root', 3 fails): Max auth tries reached - user 'root'"),
 (B, None, "Mar 11 08:20:00 router dropbear[2300]: Child connection from 198.51.100.40:53120"),
 (B, None, "Mar 11 08:20:01 router dropbear[2300]: Pubkey auth succeeded for 'root' with ssh-ed25519 key SHA256:Qm9vYmFy from 198.51.100.40:53120"),
 (B, None, "Mar 11 08:50:00 router dropbear[2300]: Exit (root) from <198.51.100.40:53120>: Disconnect received"),
]
S['filezilla'] = [
 (B, None, "(000001)3/11/2024 8:00:00 AM - (not logged in) (198.51.100.40)> Connected on port 21, sending welcome message..."),
 (N, None, "(000012)3/11/2024 8:12:43 AM - (not logged in) (203.0.113.5)> USER administrator"),
 (H, "203.0.113.5", "(000012)3/11/2024 8:12:44 AM - (not logged in) (203.0.113.5)> 530 Login or password incorrect!"),
 (H, "203.0.113.5", "(000013)3/11/2024 8:12:49 AM - (not logged in) (203.0.113.5)> 530 Login or password incorrect!"),
 (B, None, "(000020)3/11/2024 8:20:00 AM - maria (198.51.100.40)> 230 Logged on"),
 (B, None, "(000020)3/11/2024 8:20:05 AM - maria (198.51.100.40)> 226 Successfully transferred \"/reports/q1.pdf\""),
 (B, None, "(000020)3/11/2024 8:21:00 AM - maria (198.51.100.40)> 550 File not found"),
]
S['cyrus-imap'] = [
 (H, "203.0.113.8", "Mar 11 08:12:44 mail imaps[2211]: badlogin: scan.example.net [203.0.113.8] PLAIN [SASL(-13): authentication failure: checkpass failed]"),
 (H, "203.0.113.8", "Mar 11 08:12:47 mail imaps[2211]: badlogin: scan.example.net [203.0.113.8] LOGIN [SASL(-13): user not found: checkpass failed]"),
 (H, "198.51.100.18", "Mar 11 08:40:02 mail pop3s[2300]: badlogin: [198.51.100.18] APOP [SASL(-13): authentication failure: bad apop]"),
 (B, None, "Mar 11 08:20:00 mail imaps[2250]: login: laptop.example.org [198.51.100.40] maria PLAIN+TLS User logged in SESSIONID=<mail-2250-1710145200-1>"),
 (B, None, "Mar 11 08:20:00 mail imaps[2250]: accepted connection"),
 (B, None, "Mar 11 08:50:00 mail imaps[2250]: USAGE maria user: 0.021 sys: 0.010"),
 (B, None, "Mar 11 09:00:00 mail master[1001]: process type:SERVICE name:imaps path:/usr/lib/cyrus/bin/imapd age:3600.012s pid:2250 exited, status 0"),
]
S['courier-imap'] = [
 (H, "203.0.113.9", "Mar 11 08:12:44 mail imapd-ssl: LOGIN FAILED, user=admin, ip=[::ffff:203.0.113.9]"),
 (H, "203.0.113.9", "Mar 11 08:12:48 mail imapd-ssl: LOGIN FAILED, method=PLAIN, user=info@example.org, ip=[::ffff:203.0.113.9]"),
 (B, None, "Mar 11 08:12:40 mail imapd-ssl: Connection, ip=[::ffff:203.0.113.9]"),
 (B, None, "Mar 11 08:20:00 mail imapd-ssl: LOGIN, user=maria@example.org, ip=[::ffff:198.51.100.40], port=[53120], protocol=IMAP"),
 (B, None, "Mar 11 08:50:00 mail imapd-ssl: LOGOUT, user=maria@example.org, ip=[::ffff:198.51.100.40], headers=0, body=0, rcvd=1120, sent=58231, time=1800, starttls=1"),
 (B, None, "Mar 11 09:00:00 mail imapd-ssl: Maximum connection limit reached for ::ffff:10.0.0.3"),
]
S['pfsense-filterlog'] = [
 (H, "203.0.113.50", "Mar 11 08:12:44 fw filterlog[6012]: 5,,,1000000103,igb0,match,block,in,4,0x0,,64,12345,0,none,6,tcp,60,203.0.113.50,10.0.0.5,51544,22,0,S,1234567890,,64240,,mss;sackOK;TS;nop;wscale"),
 (H, "198.51.100.60", "Mar 11 08:40:02 fw filterlog[6012]: 5,,,1000000103,igb0,match,block,in,4,0x0,,243,54321,0,none,17,udp,40,198.51.100.60,10.0.0.5,40122,161,20"),
 (B, None, "Mar 11 08:20:00 fw filterlog[6012]: 80,,,1710000000,igb1,match,pass,out,4,0x0,,64,0,0,DF,6,tcp,60,10.0.0.5,198.51.100.40,44102,443,0,S,987654321,,64240,,mss;sackOK;TS;nop;wscale"),
 (B, None, "Mar 11 08:30:00 fw dhcpd[4012]: DHCPACK on 10.0.0.23 to 00:11:22:33:44:55 (laptop) via igb1"),
 (B, None, "Mar 11 09:00:00 fw php-fpm[401]: /index.php: Successful login for user 'admin' from: 10.0.0.23 (Local Database)"),
 (H, "203.0.113.52", "Mar 11 09:05:00 fw php-fpm[401]: /index.php: webConfigurator authentication error for user 'admin' from: 203.0.113.52"),
]
def guac(ts, th, lvl, cls, msg): return f"{ts} [http-nio-8080-exec-{th}] {lvl:5} {cls} - {msg}"
S['guacamole'] = [
 (H, "203.0.113.12", guac("08:12:44.579", 5, "WARN", "o.a.g.r.auth.AuthenticationService", 'Authentication attempt from 203.0.113.12 for user "admin" failed.')),
 (H, "203.0.113.12", guac("08:12:49.002", 6, "WARN", "o.a.g.r.auth.AuthenticationService", 'Authentication attempt from 203.0.113.12 for user "guacadmin" failed.')),
 (B, None, guac("08:20:00.118", 7, "INFO", "o.a.g.r.auth.AuthenticationService", 'User "maria" successfully authenticated from 198.51.100.40.')),
 (B, None, guac("08:20:03.220", 8, "INFO", "o.a.g.tunnel.TunnelRequestService", 'User "maria" connected to connection "3".')),
 (B, None, guac("08:40:00.001", 9, "ERROR", "o.a.g.s.GuacamoleHTTPTunnelServlet", "HTTP tunnel request failed: java.net.ConnectException: Connection refused")),
 (B, None, guac("08:50:00.000", 8, "INFO", "o.a.g.tunnel.TunnelRequestService", 'User "maria" disconnected from connection "3". Duration: 1797102 milliseconds')),
]
def odoo(ts, pid, lvl, db, logger, msg): return f"2024-03-11 {ts} {pid} {lvl} {db} {logger}: {msg}"
S['odoo'] = [
 (B, None, odoo("08:00:00,118", 1001, "INFO", "?", "odoo", "Odoo version 17.0-20240301")),
 (H, "203.0.113.14", odoo("08:12:44,579", 1234, "INFO", "prod", "odoo.addons.base.models.res_users", "Login failed for db:prod login:admin from 203.0.113.14")),
 (H, "203.0.113.14", odoo("08:12:48,002", 1234, "INFO", "prod", "odoo.addons.base.models.res_users", "Login failed for db:prod login:administrator from 203.0.113.14")),
 (B, None, odoo("08:20:00,220", 1235, "INFO", "prod", "odoo.addons.base.models.res_users", "Login successful for db:prod login:maria from 198.51.100.40")),
 (B, None, odoo("08:20:00,250", 1235, "INFO", "prod", "werkzeug", '198.51.100.40 - - [11/Mar/2024 08:20:00] "POST /web/login HTTP/1.1" 303 - 12 0.010 0.120')),
 (B, None, odoo("08:30:00,000", 1236, "WARNING", "prod", "odoo.addons.mail.models.mail_mail", "Mail delivery failed via SMTP server 'smtp.example.org'.\\nSMTPAuthenticationError: 535 5.7.8 Error: authentication failed")),
]
S['docker-registry'] = [
 (H, "203.0.113.33", 'time="2024-03-11T08:12:44.579Z" level=warning msg="error authorizing context: basic authentication challenge for realm \\"Registry Realm\\": invalid authentication" go.version=go1.20.8 http.request.host=registry.example.org http.request.id=0a1b2c3d http.request.method=GET http.request.remoteaddr=203.0.113.33 http.request.uri="/v2/" http.request.useragent="docker/24.0.7 go/go1.20.10"'),
 (H, "203.0.113.33", 'time="2024-03-11T08:12:46.002Z" level=warning msg="error authorizing context: basic authentication challenge for realm \\"Registry Realm\\": invalid authentication" go.version=go1.20.8 http.request.host=registry.example.org http.request.id=1b2c3d4e http.request.method=GET http.request.remoteaddr=203.0.113.33 http.request.uri="/v2/_catalog" http.request.useragent="python-requests/2.31.0"'),
 (B, None, 'time="2024-03-11T08:00:00.001Z" level=info msg="listening on [::]:5000" go.version=go1.20.8 instance.id=9f8e7d6c service=registry version=2.8.3'),
 (B, None, 'time="2024-03-11T08:20:00.118Z" level=info msg="authorized request" go.version=go1.20.8 http.request.host=registry.example.org http.request.id=2c3d4e5f http.request.method=GET http.request.remoteaddr=198.51.100.40 http.request.uri="/v2/app/manifests/latest" http.request.useragent="docker/24.0.7" auth.user.name=ci'),
 (B, None, 'time="2024-03-11T08:20:01.220Z" level=info msg="response completed" go.version=go1.20.8 http.request.host=registry.example.org http.request.id=2c3d4e5f http.request.method=GET http.request.remoteaddr=198.51.100.40 http.request.uri="/v2/app/manifests/latest" http.response.status=200'),
 (B, None, 'time="2024-03-11T08:30:00.000Z" level=error msg="response completed with error" err.code="manifest unknown" err.message="manifest unknown" go.version=go1.20.8 http.request.method=GET http.request.remoteaddr=198.51.100.40 http.request.uri="/v2/app/manifests/v9" http.response.status=404'),
]
def es(ts, act, **kw):
    o = {"type": "audit", "timestamp": f"2024-03-11T08:{ts}+0000", "cluster.uuid": "Qm9vYmFyQmF6", "node.name": "node-1", "event.type": "rest", "event.action": act}
    o.update(kw); return J(o)
S['elasticsearch-audit'] = [
 (H, "203.0.113.61", es("12:44,579", "authentication_failed", **{"user.name": "elastic", "origin.type": "rest", "origin.address": "[::ffff:203.0.113.61]:51544", "url.path": "/_cat/indices", "request.method": "GET", "request.id": "Ab1Cd2"})),
 (H, "203.0.113.61", es("12:46,002", "authentication_failed", **{"user.name": "admin", "origin.type": "rest", "origin.address": "[::ffff:203.0.113.61]:51546", "url.path": "/", "request.method": "GET", "request.id": "Ef3Gh4"})),
 (H, "198.51.100.88", es("40:02,118", "anonymous_access_denied", **{"origin.type": "rest", "origin.address": "198.51.100.88:40122", "url.path": "/_search", "request.method": "POST", "request.id": "Ij5Kl6"})),
 (B, None, es("20:00,118", "authentication_success", **{"authentication.type": "REALM", "user.name": "kibana_system", "user.realm": "reserved", "origin.type": "rest", "origin.address": "10.0.0.12:44102", "realm": "reserved", "url.path": "/_nodes", "request.method": "GET", "request.id": "Mn7Op8"})),
 (B, None, es("20:00,120", "access_granted", **{"authentication.type": "REALM", "user.name": "kibana_system", "user.realm": "reserved", "user.roles": ["kibana_system"], "origin.type": "rest", "origin.address": "10.0.0.12:44102", "action": "cluster:monitor/nodes/info", "request.id": "Mn7Op8"})),
 (B, None, "[2024-03-11T08:00:05,118][INFO ][o.e.n.Node               ] [node-1] started {node-1}{Qm9vYmFy}{10.0.0.5}{10.0.0.5:9300}"),
]
S['tomcat'] = [
 (H, "203.0.113.5", '203.0.113.5 - admin [11/Mar/2024:08:12:44 +0000] "GET /manager/html HTTP/1.1" 401 2473'),
 (H, "203.0.113.5", '203.0.113.5 - tomcat [11/Mar/2024:08:12:46 +0000] "GET /manager/html HTTP/1.1" 401 2473'),
 (B, None, '198.51.100.40 - - [11/Mar/2024:08:20:00 +0000] "GET /app/ HTTP/1.1" 200 10240'),
 (B, None, '198.51.100.40 - maria [11/Mar/2024:08:20:05 +0000] "POST /app/api/orders HTTP/1.1" 201 512'),
 (B, None, '10.0.0.2 - - [11/Mar/2024:08:21:00 +0000] "GET /app/health HTTP/1.1" 200 15'),
]
S['tomcat-catalina'] = [
 (B, None, "11-Mar-2024 08:00:00.118 INFO [main] org.apache.catalina.startup.Catalina.start Server startup in [2412] milliseconds"),
 (N, None, "11-Mar-2024 08:13:01.002 WARNING [http-nio-8080-exec-9] org.apache.catalina.realm.LockOutRealm.filterLockedAccounts An attempt was made to authenticate the locked user [tomcat]"),
 (B, None, "11-Mar-2024 08:30:00.000 SEVERE [http-nio-8080-exec-3] org.apache.catalina.core.StandardWrapperValve.invoke Servlet.service() for servlet [dispatcher] threw exception java.net.ConnectException: Connection refused"),
]
out = sys.argv[1]
from heldout import write_service
counts = sum((write_service(out, name, rows) for name, rows in S.items()), Counter())
print(len(S), "services, hostile", counts['H'], "benign", counts['B'])
