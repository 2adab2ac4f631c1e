#!/usr/bin/env python3
"""Fourth held-out set ("fresh3"), written blind by helper fresh3 (27 Nov, fourth session): services absent from the
shared corpus and from tune/, test/, fresh/ and fresh2/. Per service NAME.log and NAME.labels.jsonl.
(label, host, line): H hostile (host = the attacker), B benign, E either (not scored), N unlabelled.
Labelled by ../shared/data/README.md's definitions before LogWarden ran on any line."""
import json, os, sys
from collections import Counter
H, B, E, N = 'H', 'B', 'E', None
J = lambda o: json.dumps(o, separators=(',', ':'))
S = {}

# Bitwarden (official server), bwdata/logs/identity/Identity/log.txt (Serilog)
def bw(ts, lvl, msg): return f"2024-05-02 {ts} +00:00 [{lvl}] {msg}"
S['bitwarden-identity'] = [
 (B, None, bw("08:00:00.101", "INF", "Hosting environment: Production")),
 (H, "203.0.113.10", bw("08:12:44.411", "WRN", "Failed login attempt. 203.0.113.10")),
 (H, "203.0.113.10", bw("08:12:47.018", "WRN", "Failed login attempt. 203.0.113.10")),
 (H, "203.0.113.11", bw("08:14:02.720", "Warning", "Failed login attempt, 2FA invalid. ::ffff:203.0.113.11")),
 (H, "198.51.100.12", bw("08:30:15.002", "Warning", "Failed login attempt. ::ffff:198.51.100.12")),
 (B, None, bw("08:40:00.000", "INF", "Starting job DeleteExpiredGrantsJob at \"05/02/2024 08:40:00 +00:00\".")),
 (B, None, bw("08:41:12.345", "ERR", "An error occurred using the connection to database 'vault' on server 'tcp:mssql,1433'. Microsoft.Data.SqlClient.SqlException (0x80131904): A network-related or instance-specific error occurred while establishing a connection to SQL Server.")),
 (B, None, bw("08:45:00.000", "INF", "Finished job DeleteExpiredGrantsJob at \"05/02/2024 08:45:00 +00:00\".")),
]

# Seafile seahub.log (fail2ban recipe of the Seafile manual: "Login attempt limit reached ... ip:")
def sh(ts, lvl, src, msg): return f"2024-05-02 {ts} [{lvl}] {src} {msg}"
S['seafile-seahub'] = [
 (H, "203.0.113.20", sh("08:12:44,257", "WARNING", "seahub.auth.views:155", "login Login attempt limit reached, username: <admin@example.org>, ip: 203.0.113.20, attemps: 3")),
 (H, "203.0.113.20", sh("08:12:50,001", "WARNING", "seahub.auth.views:155", "login Login attempt limit reached, username: <info@example.org>, ip: 203.0.113.20, attemps: 4")),
 (H, "198.51.100.21", sh("09:02:10,900", "WARNING", "seahub.auth.views:155", "login Login attempt limit reached, email/username: bob, ip: 198.51.100.21, attempts: 3")),
 (B, None, sh("08:00:01,000", "INFO", "seafevents.app.app:84", "Starting seafevents background tasks")),
 (B, None, sh("08:20:00,120", "ERROR", "seahub.base.utils:210", "Failed to connect to memcached server 127.0.0.1:11211: Connection refused")),
 (B, None, sh("08:25:30,555", "WARNING", "django.request:241", "Not Found: /favicon.ico")),
 (B, None, sh("08:30:00,000", "INFO", "seahub.api2.views:870", "user alice@example.org uploaded file /Documents/report.pdf to library 5f3e")),
]

# Immich server (immich-app/immich PR #732, issue #1328)
def im(ts, lvl, ctx, msg): return f"[Nest] 7  - 05/02/2024, {ts} AM {lvl:>7} [{ctx}] {msg}"
S['immich'] = [
 (B, None, im("8:00:00", "LOG", "Api:Bootstrap", "Immich Server is listening on http://[::1]:2283 [v1.105.1] [PRODUCTION]")),
 (H, "203.0.113.30", im("8:12:44", "WARN", "Api:AuthService", "Failed login attempt for user admin@example.org from ip address 203.0.113.30")),
 (H, "203.0.113.30", im("8:12:46", "WARN", "Api:AuthService", "Failed login attempt for user root@localhost from ip address 203.0.113.30")),
 (H, "2001:db8:77::31", im("8:50:01", "WARN", "Api:AuthService", "Failed login attempt for user carol@example.org from ip address 2001:db8:77::31")),
 (B, None, im("8:20:00", "WARN", "Microservices:SmartInfoRepository", "Unable to connect to machine learning server at http://immich-machine-learning:3003")),
 (B, None, im("8:21:05", "ERROR", "Api:ExceptionsHandler", "connect ECONNREFUSED 172.18.0.4:5432")),
 (B, None, im("8:30:00", "LOG", "Microservices:JobService", "Job thumbnailGeneration finished for 12 assets")),
]

# Paperless-ngx (paperless-ngx PR #2359, issues #3853, #3377)
def pl(ts, lvl, lg, msg): return f"[2024-05-02 {ts}] [{lvl}] [{lg}] {msg}"
S['paperless-ngx'] = [
 (H, "203.0.113.40", pl("08:12:44,257", "INFO", "paperless.auth", "Login failed for user `admin` from IP `203.0.113.40`.")),
 (H, "203.0.113.40", pl("08:12:49,031", "INFO", "paperless.auth", "Login failed for user `paperless` from IP `203.0.113.40`.")),
 (H, "198.51.100.41", pl("09:10:00,500", "INFO", "paperless.auth", "Login failed for user `scanner` from IP `198.51.100.41`.")),
 (N, None, pl("09:20:00,100", "INFO", "paperless.auth", "Login failed for user `fdrjvjk`. Unable to determine IP address.")),
 (B, None, pl("08:20:00,000", "INFO", "paperless.consumer", "Consuming invoice-2024-05.pdf")),
 (B, None, pl("08:20:09,777", "INFO", "paperless.handlers", "Assigning correspondent ACME Ltd to 2024-05-02 invoice-2024-05")),
 (B, None, pl("08:30:00,000", "ERROR", "paperless.mail", "Error while authenticating account Mailbox: [AUTHENTICATIONFAILED] Authentication failed.")),
 (B, None, pl("08:31:00,000", "WARNING", "paperless.tasks", "Redis connection to redis:6379 lost, reconnecting")),
]

# coturn (coturn/coturn #486, #764, #814, #1285): the 401 of the first request is the normal digest challenge
def tn(msg): return f"May  2 08:12:44 turn turnserver[837]: 6997: : {msg}"
S['coturn'] = [
 (B, None, tn("IPv4. UDP listener opened on: 10.0.0.4:3478")),
 (N, None, tn("handle_udp_packet: New UDP endpoint: local addr 10.0.0.4:3478, remote addr 198.51.100.50:19350")),
 (B, None, tn("session 000000000000000002: realm <turn.example.org> user <>: incoming packet BINDING processed, success")),
 (B, None, tn("session 000000000000000002: realm <turn.example.org> user <>: incoming packet message processed, error 401: Unauthorized")),
 (B, None, tn("session 000000000000000002: new, realm=<turn.example.org>, username=<1714644000:alice>, lifetime=600")),
 (B, None, tn("session 000000000000000002: realm <turn.example.org> user <1714644000:alice>: incoming packet ALLOCATE processed, success")),
 (B, None, tn("session 000000000000000002: closed (2nd stage), user <1714644000:alice> realm <turn.example.org> origin <>, local 10.0.0.4:3478, remote 198.51.100.50:19350, reason: allocation timeout")),
 (B, None, tn("IPv4. tcp or tls connected to: 198.51.100.50:19347")),
]

# NATS server (nats-io/nats-server PR #894, issue #1358)
def nt(ts, lvl, msg): return f"[1] 2024/05/02 {ts} [{lvl}] {msg}"
S['nats-server'] = [
 (B, None, nt("08:00:00.100201", "INF", "Listening for client connections on 0.0.0.0:4222")),
 (B, None, nt("08:00:00.100400", "INF", "Server is ready")),
 (H, "203.0.113.60", nt("08:12:44.151755", "ERR", '203.0.113.60:53412 - cid:12 - authentication error - User "admin"')),
 (H, "203.0.113.60", nt("08:12:45.001002", "ERR", '203.0.113.60:53418 - cid:13 - "v1.31.0:go" - authentication error - User "nats"')),
 (H, "198.51.100.62", nt("08:30:02.151882", "ERR", '198.51.100.62:60653 - cid:20 - Publish Violation - User "sensor", Subject "$SYS.REQ.SERVER.PING"')),
 (E, "203.0.113.63", nt("08:40:00.000001", "ERR", "203.0.113.63:50000 - cid:22 - TLS handshake error: tls: first record does not look like a TLS handshake")),
 (B, None, nt("08:20:00.000100", "ERR", "Error trying to connect to route (attempt 3): dial tcp 10.0.0.12:6222: connect: connection refused")),
 (B, None, nt("08:21:00.000100", "WRN", "192.0.2.80:4222 - cid:9 - Readloop processing time: 2.004s")),
 (B, None, nt("08:50:00.000100", "INF", '10.0.0.5:51234 - cid:8 - "v1.31.0:go:ingest" - Client connection closed: Client Closed')),
]

# ClickHouse (ClickHouse/ClickHouse #27750, #25685, Altinity/clickhouse-backup #902)
def ch(ts, th, lvl, msg, q="{}"): return f"2024.05.02 {ts} [ {th} ] {q} <{lvl}> {msg}"
S['clickhouse-server'] = [
 (B, None, ch("08:00:00.100000", 1, "Information", "Application: Listening for http://[::]:8123")),
 (N, None, ch("08:12:44.574070", 1432, "Debug", "TCPHandler: Connected ClickHouse client version 24.3.0, revision: 54467, database: default, user: default.")),
 (H, "203.0.113.70", ch("08:12:44.574183", 1432, "Error", "Access(user directories): from: 203.0.113.70, user: default: Authentication failed: Code: 193. DB::Exception: Invalid credentials. (WRONG_PASSWORD), Stack trace (when copying this message, always include the lines below):")),
 (H, "203.0.113.70", ch("08:12:47.100000", 1433, "Error", "Access(user directories): from: 203.0.113.70, user: admin: Authentication failed: Code: 192. DB::Exception: There is no user `admin` in user directories. (UNKNOWN_USER)")),
 (H, "198.51.100.71", ch("09:00:01.000000", 1500, "Error", "Access(user directories): from: ::ffff:198.51.100.71, user: readonly: Authentication failed: Code: 193. DB::Exception: Invalid credentials. (WRONG_PASSWORD)")),
 (N, None, ch("08:12:44.580000", 1432, "Error", "ServerErrorHandler: Code: 516. DB::Exception: default: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED)")),
 (B, None, ch("08:20:00.000000", 1440, "Error", "executeQuery: Code: 62. DB::Exception: Syntax error: failed at position 1 ('SELEC'): SELEC 1. Expected one of: Query, SELECT. (SYNTAX_ERROR) (version 24.3.2.23 (official build)) (from 127.0.0.1:50012) (in query: SELEC 1)", "{8f2c}")),
 (B, None, ch("08:21:00.000000", 1441, "Error", "executeQuery: Code: 60. DB::Exception: Table default.events_tmp does not exist. (UNKNOWN_TABLE) (version 24.3.2.23 (official build)) (from 192.0.2.15:41122) (in query: SELECT count() FROM events_tmp)", "{9a3d}")),
 (B, None, ch("08:30:00.000000", 200, "Warning", "default.events (ReplicatedMergeTreeRestartingThread): ZooKeeper session has expired. Switching to a new session.")),
]

# CouchDB (apache/couchdb #4510)
def cd(ts, lvl, msg): return f"[{lvl}] 2024-05-02T{ts}Z couchdb@127.0.0.1 <0.833.0> {msg}"
S['couchdb'] = [
 (H, "203.0.113.80", cd("08:12:44.131975", "warning", "c7bca406d4 couch_httpd_auth: Authentication failed for user admin from 203.0.113.80")),
 (H, "203.0.113.80", cd("08:12:44.132324", "notice", "c7bca406d4 db.example.org:5984 203.0.113.80 undefined POST /_session 401 ok 8")),
 (H, "198.51.100.81", cd("09:01:00.000001", "warning", "0a8f1c2e33 couch_httpd_auth: Authentication failed for user root from 198.51.100.81")),
 (B, None, cd("08:00:10.000000", "notice", "2b21cd4144 127.0.0.1:5984 127.0.0.1 undefined GET /_up 200 ok 1")),
 (B, None, cd("08:20:00.000000", "notice", "3c1d2e3f40 db.example.org:5984 192.0.2.11 alice PUT /notes/doc1 201 ok 20")),
 (B, None, cd("08:21:00.000000", "notice", "4d1e2f3a50 db.example.org:5984 192.0.2.12 undefined GET /favicon.ico 404 ok 1")),
 (B, None, cd("08:30:00.000000", "error", "couch_replicator_scheduler_job: Replication `a1b2c3+continuous` failed: {http_request_failed,\"GET\",\"http://10.0.0.9:5984/notes/\",{error,{error,econnrefused}}}")),
]

# Neo4j (neo4j-contrib/ec2neo #17: "Failed authentication attempt for 'root' from"; neo4j/neo4j PR #10456 security.log)
S['neo4j'] = [
 (B, None, "2024-05-02 08:00:00.100+0000 INFO  Bolt enabled on 0.0.0.0:7687."),
 (B, None, "2024-05-02 08:00:00.200+0000 INFO  Remote interface available at http://localhost:7474/"),
 (H, "203.0.113.90", "2024-05-02 08:12:44.950+0000 WARN  Failed authentication attempt for 'neo4j' from 203.0.113.90"),
 (H, "203.0.113.90", "2024-05-02 08:12:45.950+0000 WARN  Failed authentication attempt for 'root' from 203.0.113.90"),
 (H, "198.51.100.91", "2024-05-02 09:00:01.000+0000 WARN  Failed authentication attempt for 'admin' from 198.51.100.91"),
 (B, None, "2024-05-02 08:20:00.000+0000 INFO  [alice]: logged in"),
 (B, None, "2024-05-02 08:30:00.000+0000 WARN  [o.n.k.i.c.VmPauseMonitorComponent] Detected VM stop-the-world pause: {pauseTime=310, gcTime=322, gcCount=1}"),
]

# Apache Kafka broker (testcontainers-java #6423; SASL error text of bitnami/charts #31010)
def kf(ts, lvl, msg): return f"[2024-05-02 {ts}] {lvl} {msg}"
S['kafka-broker'] = [
 (B, None, kf("08:00:00,100", "INFO", "[KafkaServer id=1] started (kafka.server.KafkaServer)")),
 (H, "203.0.113.100", kf("08:12:44,832", "INFO", "[SocketServer listenerType=ZK_BROKER, nodeId=1] Failed authentication with /203.0.113.100 (channelId=10.0.0.5:9092-203.0.113.100:51234-12) (Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256) (org.apache.kafka.common.network.Selector)")),
 (H, "203.0.113.100", kf("08:12:45,238", "INFO", "[SocketServer listenerType=ZK_BROKER, nodeId=1] Failed authentication with /203.0.113.100 (channelId=10.0.0.5:9092-203.0.113.100:51240-13) (Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256) (org.apache.kafka.common.network.Selector)")),
 (H, "198.51.100.102", kf("08:40:00,000", "INFO", "[SocketServer listenerType=BROKER, nodeId=1] Failed authentication with /198.51.100.102 (channelId=10.0.0.5:9093-198.51.100.102:40400-20) (SSL handshake failed) (org.apache.kafka.common.network.Selector)")),
 (H, "203.0.113.103", kf("08:50:00,000", "WARN", "[SocketServer listenerType=BROKER, nodeId=1] Unexpected error from /203.0.113.103 (channelId=10.0.0.5:9092-203.0.113.103:40000-30); closing connection (org.apache.kafka.common.network.Selector) org.apache.kafka.common.network.InvalidReceiveException: Invalid receive (size = 1195725856 larger than 104857600)")),
 (E, "172.22.0.2", kf("08:52:33,832", "INFO", "[SocketServer listenerType=ZK_BROKER, nodeId=1] Failed authentication with /172.22.0.2 (channelId=172.22.0.3:9092-172.22.0.2:40100-40) (Unexpected Kafka request of type METADATA during SASL handshake.) (org.apache.kafka.common.network.Selector)")),
 (B, None, kf("08:20:00,000", "WARN", "[Controller id=1, targetBrokerId=2] Connection to node 2 (kafka2/10.0.0.6:9092) could not be established. Broker may not be available. (org.apache.kafka.clients.NetworkClient)")),
 (B, None, kf("08:21:00,000", "INFO", "[GroupCoordinator 1]: Member consumer-billing-1-5f0c in group billing has failed, removing it from the group (kafka.coordinator.group.GroupCoordinator)")),
 (B, None, kf("08:22:00,000", "INFO", "[Log partition=orders-0, dir=/var/lib/kafka] Deleting segment 1200 (kafka.log.Log)")),
]

# EMQX (emqx/emqx PR #12746 for 5.x, issue #3055 for 4.x)
S['emqx'] = [
 (B, None, "2024-05-02T08:00:00.000000+00:00 [notice] msg: listener_started, listener: tcp:default, bind: 0.0.0.0:1883"),
 (H, "203.0.113.110", "2024-05-02T08:12:44.138524+00:00 [warning] tag: AUTHN, clientid: mqttx_3f1a, msg: authentication_failure, peername: 203.0.113.110:41538, username: admin, reason: bad_username_or_password"),
 (H, "203.0.113.110", "2024-05-02T08:12:46.200000+00:00 [warning] tag: AUTHN, clientid: mqttx_3f1b, msg: authentication_failure, peername: 203.0.113.110:41544, username: root, reason: not_authorized"),
 (H, "198.51.100.111", "2024-05-02 09:00:20.322 [warning] <<\"client-6188966\">>@198.51.100.111:56157 [Protocol] Client client-6188966 (Username: 'guest') login failed for not_authorized"),
 (E, "203.0.113.112", "2024-05-02T09:10:39.568980+00:00 [warning] tag: AUTHZ, clientid: bbb, msg: authorization_permission_denied, peername: 203.0.113.112:32798, username: aaa, topic: $SYS/brokers/#, source: file, action: SUBSCRIBE(Q0)"),
 (B, None, "2024-05-02T08:13:45.693577+00:00 [warning] msg: log_events_throttled_during_last_period, period: 1 minutes, 0 seconds, dropped: #{authentication_failure => 12}"),
 (B, None, "2024-05-02T08:20:00.000000+00:00 [warning] tag: SOCKET, clientid: sensor-kitchen, msg: socket_force_closed, peername: 192.0.2.40:50000, reason: keepalive_timeout"),
 (B, None, "2024-05-02T08:30:00.000000+00:00 [error] msg: failed_to_start_resource, resource_id: connector:redis:cache, reason: econnrefused, host: 127.0.0.1:6379"),
]

# InfluxDB 1.x HTTP service log
def ix(ip, user, req, st, ua): return f"[httpd] {ip} - {user} [02/May/2024:08:12:44 +0000] \"{req}\" {st} 33 \"-\" \"{ua}\" 3b0c1d2e-0810-11ef-8001-0242ac120002 523"
S['influxdb'] = [
 (H, "203.0.113.120", ix("203.0.113.120", "admin", "GET /query?q=SHOW+DATABASES HTTP/1.1", 401, "python-requests/2.31.0")),
 (H, "203.0.113.120", ix("203.0.113.120", "root", "GET /query?q=SHOW+DATABASES HTTP/1.1", 401, "python-requests/2.31.0")),
 (H, "198.51.100.121", ix("198.51.100.121", "-", "GET /.env HTTP/1.1", 404, "Mozilla/5.0 (l9explore/1.2.2)")),
 (B, None, ix("127.0.0.1", "-", "GET /ping HTTP/1.1", 204, "curl/8.5.0")),
 (B, None, ix("192.0.2.50", "telegraf", "POST /write?db=telegraf HTTP/1.1", 204, "Telegraf/1.30.1 Go/1.22.1")),
 (B, None, ix("192.0.2.51", "grafana", "GET /query?db=telegraf&q=SELECT+mean%28usage_idle%29 HTTP/1.1", 200, "Grafana/10.4.1")),
 (B, None, 'ts=2024-05-02T08:30:00.000000Z lvl=error msg="[500] - \\"engine: cache-max-memory-size exceeded: (1073741824/1073741824)\\"" log_id=0pQ1r2s3000 service=httpd'),
]

# Apache Cassandra 4 audit log (FileAuditLogger)
def ca(ts, src, typ, cat, op, user="anonymous"): return f"INFO  [Native-Transport-Requests-1] 2024-05-02 {ts} FileAuditLogger.java:51 - user:{user}|host:10.0.0.5:7000|source:/{src}|port:51234|timestamp:1714637564123|type:{typ}|category:{cat}|operation:{op}"
S['cassandra-audit'] = [
 (H, "203.0.113.130", ca("08:12:44,123", "203.0.113.130", "LOGIN_ERROR", "AUTH", "LOGIN FAILURE; Provided username cassandra and/or password are incorrect")),
 (H, "203.0.113.130", ca("08:12:46,500", "203.0.113.130", "LOGIN_ERROR", "AUTH", "LOGIN FAILURE; Provided username admin and/or password are incorrect")),
 (H, "198.51.100.131", ca("09:00:00,000", "198.51.100.131", "LOGIN_ERROR", "AUTH", "LOGIN FAILURE; Provided username root and/or password are incorrect")),
 (E, "198.51.100.132", ca("09:05:00,000", "198.51.100.132", "UNAUTHORIZED_ATTEMPT", "AUTH", "SELECT * FROM system_auth.roles; User reader has no SELECT permission on <table system_auth.roles> or any of its parents", "reader")),
 (B, None, ca("08:20:00,000", "192.0.2.60", "LOGIN_SUCCESS", "AUTH", "LOGIN SUCCESSFUL", "app")),
 (B, None, ca("08:20:01,000", "192.0.2.60", "SELECT", "QUERY", "SELECT * FROM shop.orders WHERE id = ?;", "app")),
 (B, None, "WARN  [ScheduledTasks:1] 2024-05-02 08:30:00,000 GCInspector.java:299 - G1 Young Generation GC in 1203ms.  G1 Eden Space: 503316480 -> 0"),
 (B, None, "INFO  [main] 2024-05-02 08:00:00,000 PipelineConfigurator.java:125 - Starting listening for CQL clients on /0.0.0.0:9042 (unencrypted)..."),
]

# Syncthing (syncthing/syncthing #10452, #4473, #9774)
S['syncthing'] = [
 (B, None, '2024-05-02 08:00:00 INF Established secure connection (device=GYLQ76U connection.local=10.8.4.2:22000 connection.remote=192.0.2.70:22000 connection.type=tcp-client connection.lan=false connection.crypto=TLS1.3-TLS_AES_128_GCM_SHA256 connection.prio=30 log.pkg=connections)'),
 (B, None, '2024-05-02 08:00:01 INF New device connection (device=GYLQ76U address=192.0.2.70:22000 remote.name=SiteServer remote.client=syncthing remote.version=v2.0.11 log.pkg=model)'),
 (E, "203.0.113.140", '2024-05-02 08:12:44 WRN Connection rejected (device=QX7ZP2M address=203.0.113.140:22000 type=tcp-server error="unknown device" log.pkg=connections)'),
 (H, "203.0.113.141", '2024-05-02 08:15:00 INF Wrong credentials supplied during API authorization from 203.0.113.141'),
 (H, "203.0.113.141", '2024-05-02 08:15:03 INF Wrong credentials supplied during API authorization from 203.0.113.141'),
 (B, None, '[FAIF4] 2024/05/02 08:20:00 INFO: Connection from NGSNTDR-I5CYBQW-AGBDFBL at 192.168.121.33:58707 (tcp-server) rejected: already connected to this device'),
 (B, None, '2024-05-02 08:30:00 WRN Failed to exchange Hello messages (device=535JYAO address=192.168.1.111:54976 error="write tcp 192.168.1.100:24576->192.168.1.111:54976: connection reset by peer" log.pkg=connections)'),
]

# shadowsocks-libev (shadowsocks-libev #805, #1612, #2235, #874)
def ss(ts, msg): return f"May  2 {ts} vps ss-server[612]:  2024-05-02 {ts} {msg}"
S['shadowsocks-libev'] = [
 (B, None, ss("08:00:00", "INFO: listening at 0.0.0.0:8388")),
 (H, "203.0.113.150", ss("08:12:44", "ERROR: failed to handshake with 203.0.113.150: authentication error")),
 (H, "203.0.113.150", ss("08:12:45", "ERROR: failed to handshake with 203.0.113.150: authentication error")),
 (H, "198.51.100.151", ss("08:13:00", "ERROR: failed to handshake with 198.51.100.151: invalid address type")),
 (H, "198.51.100.151", ss("08:13:05", "ERROR: block all requests from 198.51.100.151")),
 (E, "127.0.0.1", ss("08:30:00", "ERROR: failed to handshake with 127.0.0.1: authentication error")),
 (B, None, ss("08:20:00", "ERROR: connect: Connection refused")),
 (B, None, ss("08:21:00", "ERROR: remote recv: Connection reset by peer")),
 (B, None, ss("08:22:00", "ERROR: getaddrinfo: Name or service not known")),
]

# Suricata eve.json (Suricata documentation, EVE JSON output)
def ev(ts, typ, src, sp, dst, dp, extra): return '{"timestamp":"2024-05-02T%s+0000","flow_id":%d,"in_iface":"eth0","event_type":"%s","src_ip":"%s","src_port":%d,"dest_ip":"%s","dest_port":%d,"proto":"TCP",%s}' % (ts, int(ts.replace(":", "").replace(".", "")), typ, src, sp, dst, dp, extra)
def al(sid, sig, cat, sev): return '"alert":{"action":"allowed","gid":1,"signature_id":%d,"rev":3,"signature":"%s","category":"%s","severity":%d}' % (sid, sig, cat, sev)
S['suricata-eve'] = [
 (H, "203.0.113.160", ev("08:12:44.123456", "alert", "203.0.113.160", 51234, "10.0.0.3", 22, al(2001219, "ET SCAN Potential SSH Scan", "Attempted Information Leak", 2))),
 (H, "203.0.113.161", ev("08:14:00.000001", "alert", "203.0.113.161", 40022, "10.0.0.3", 80, al(2034647, "ET EXPLOIT Apache HTTP Server 2.4.49 - Path Traversal Attempt (CVE-2021-41773)", "Attempted Administrator Privilege Gain", 1))),
 (H, "198.51.100.162", ev("08:15:00.000001", "alert", "198.51.100.162", 40100, "10.0.0.3", 443, al(2024364, "ET SCAN Possible Nmap User-Agent Observed", "Web Application Attack", 1))),
 (B, None, ev("08:20:00.000001", "alert", "10.0.0.3", 45000, "192.0.2.53", 53, al(2027758, "ET INFO Observed DNS Query to .cloud TLD", "Potentially Bad Traffic", 2))),
 (B, None, ev("08:21:00.000001", "alert", "192.0.2.90", 443, "10.0.0.3", 51000, '"alert":{"action":"allowed","gid":1,"signature_id":2210020,"rev":2,"signature":"SURICATA STREAM ESTABLISHED packet out of window","category":"Generic Protocol Command Decode","severity":3}')),
 (B, None, ev("08:22:00.000001", "http", "192.0.2.91", 52000, "10.0.0.3", 80, '"http":{"hostname":"www.example.org","url":"/index.html","http_user_agent":"Mozilla/5.0","http_method":"GET","protocol":"HTTP/1.1","status":200,"length":5120}')),
 (B, None, '{"timestamp":"2024-05-02T08:30:00.000001+0000","event_type":"stats","stats":{"uptime":1800,"capture":{"kernel_packets":1200345,"kernel_drops":12}}}'),
]

# Snort 2 fast alerts (Snort manual, alert_fast output)
def sn(ts, gid, sid, rev, msg, cls, pri, src, dst): return f"05/02-{ts}  [**] [{gid}:{sid}:{rev}] {msg} [**] [Classification: {cls}] [Priority: {pri}] {{TCP}} {src} -> {dst}"
S['snort'] = [
 (H, "203.0.113.170", sn("08:12:44.123456", 1, 2001219, 20, "ET SCAN Potential SSH Scan", "Attempted Information Leak", 2, "203.0.113.170:51234", "10.0.0.3:22")),
 (H, "203.0.113.171", sn("08:13:00.000001", 1, 1122, 13, "WEB-MISC /etc/passwd", "Attempted Information Leak", 2, "203.0.113.171:40110", "10.0.0.3:80")),
 (H, "198.51.100.172", sn("08:14:00.000001", 1, 2010937, 3, "ET SCAN Suspicious inbound to mySQL port 3306", "Potentially Bad Traffic", 2, "198.51.100.172:50000", "10.0.0.3:3306")),
 (B, None, sn("08:20:00.000001", 1, 2013028, 7, "ET POLICY curl User-Agent Outbound", "Attempted Information Leak", 2, "10.0.0.3:40000", "192.0.2.80:80")),
 (B, None, sn("08:21:00.000001", 129, 12, 1, "Consecutive TCP small segments exceeding threshold", "Potentially Bad Traffic", 2, "192.0.2.81:443", "10.0.0.3:51000")),
 (B, None, sn("08:22:00.000001", 1, 2027390, 2, "ET INFO User-Agent (python-requests) Inbound to Webserver", "Unknown Traffic", 3, "10.0.0.7:52000", "10.0.0.3:8080")),
]

# lighttpd mod_auth (fail2ban/fail2ban #3116, jgeusebroek/docker-webdav #3, sabre-io/Baikal #348)
S['lighttpd-error'] = [
 (B, None, "2024-05-02 08:00:00: (server.c.1513) server started (lighttpd/1.4.73)"),
 (H, "203.0.113.180", "2024-05-02 08:12:44: (mod_auth.c.828) password doesn't match for /secure/ username: admin IP: 203.0.113.180"),
 (H, "203.0.113.180", "2024-05-02 08:12:46: (mod_auth.c.828) password doesn't match for /secure/ username: test IP: 203.0.113.180"),
 (H, "198.51.100.181", "2024-05-02 08:30:00: (mod_auth.c.500) password doesn't match for /files username: webdav, IP: 198.51.100.181"),
 (H, "198.51.100.182", "2024-05-02 08:31:00: (http_auth.c.867) get_password failed, IP: 198.51.100.182"),
 (B, None, "2024-05-02 08:20:00: (gw_backend.c.238) establishing connection failed: Connection refused socket: unix:/run/php/php-fpm.sock-0"),
 (B, None, "2024-05-02 08:21:00: (mod_openssl.c.3400) SSL: 1 error:0A000416:SSL routines::sslv3 alert certificate unknown (192.0.2.20)"),
 (B, None, "2024-05-02 08:22:00: (server.c.2061) [note] graceful shutdown started"),
]

# Varnish varnishncsa (NCSA combined with the full URL)
def vn(ip, req, st, ua): return f'{ip} - - [02/May/2024:08:12:44 +0000] "{req}" {st} 0 "-" "{ua}"'
S['varnishncsa'] = [
 (H, "203.0.113.190", vn("203.0.113.190", "GET http://www.example.org/.git/config HTTP/1.1", 404, "Mozilla/5.0 zgrab/0.x")),
 (H, "203.0.113.190", vn("203.0.113.190", "GET http://www.example.org/.env HTTP/1.1", 404, "Mozilla/5.0 zgrab/0.x")),
 (H, "198.51.100.191", vn("198.51.100.191", "GET http://www.example.org/wp-login.php HTTP/1.1", 404, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)")),
 (H, "198.51.100.192", vn("198.51.100.192", "GET http://www.example.org/cgi-bin/../../../../etc/passwd HTTP/1.1", 400, "curl/7.88.1")),
 (B, None, vn("192.0.2.30", "GET http://www.example.org/ HTTP/1.1", 200, "Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0")),
 (B, None, vn("192.0.2.30", "GET http://www.example.org/apple-touch-icon.png HTTP/1.1", 404, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)")),
 (B, None, vn("192.0.2.31", "GET http://www.example.org/robots.txt HTTP/1.1", 200, "Mozilla/5.0 (compatible; bingbot/2.0)")),
 (B, None, vn("192.0.2.32", "GET http://www.example.org/shop/cart HTTP/1.1", 503, "Mozilla/5.0 (Macintosh) Safari/605.1.15")),
 (B, None, vn("127.0.0.1", "GET http://localhost/healthz HTTP/1.1", 200, "kube-probe/1.29")),
]

# Envoy JSON and default text access logs (Envoy documentation, access log format)
def en(ts, method, path, code, flags, addr, ua="Mozilla/5.0", xff="null"): return '{"start_time":"2024-05-02T%sZ","method":"%s","path":"%s","protocol":"HTTP/1.1","response_code":%d,"response_flags":"%s","bytes_received":0,"bytes_sent":0,"duration":1,"x_forwarded_for":%s,"user_agent":"%s","authority":"api.example.org","upstream_host":"10.0.0.21:8080","downstream_remote_address":"%s"}' % (ts, method, path, code, flags, xff, ua, addr)
S['envoy-access'] = [
 (H, "203.0.113.200", en("08:12:44.123", "GET", "/.aws/credentials", 404, "-", "203.0.113.200:51234", "python-requests/2.31.0")),
 (H, "203.0.113.200", en("08:12:44.300", "GET", "/phpmyadmin/index.php", 404, "-", "203.0.113.200:51236", "python-requests/2.31.0")),
 (H, "198.51.100.201", '[2024-05-02T08:30:00.000Z] "GET /actuator/env HTTP/1.1" 404 - 0 0 1 0 "198.51.100.201" "Go-http-client/1.1" "8c1f0a52-3c5e-4c8a-9d0e-1f2a3b4c5d6e" "api.example.org" "10.0.0.21:8080"'),
 (B, None, en("08:20:00.000", "GET", "/healthz", 200, "-", "10.0.0.1:40000", "kube-probe/1.29")),
 (B, None, en("08:21:00.000", "GET", "/api/v1/orders", 503, "UF", "192.0.2.33:50000")),
 (B, None, en("08:22:00.000", "POST", "/api/v1/orders", 201, "-", "192.0.2.33:50002")),
 (B, None, '[2024-05-02T08:23:00.000Z] "GET /api/v1/items/9 HTTP/1.1" 404 - 0 42 3 2 "192.0.2.34" "okhttp/4.12.0" "7d2e1b40-aaaa-4bbb-8ccc-0d1e2f3a4b5c" "api.example.org" "10.0.0.21:8080"'),
]

# Mastodon (config/initializers/rack_attack logging; delivery worker errors)
S['mastodon'] = [
 (H, "203.0.113.210", "May  2 08:12:44 social bundle[2201]: [2d4e1f6a-...] Rate limit hit (throttle): 203.0.113.210 POST /auth/sign_in"),
 (H, "203.0.113.210", "May  2 08:12:50 social bundle[2201]: [3e5f2a7b-...] Rate limit hit (throttle): 203.0.113.210 POST /auth/sign_in"),
 (H, "198.51.100.211", "May  2 08:30:00 social bundle[2201]: [4f6a3b8c-...] Rate limit hit (throttle): 198.51.100.211 POST /api/v1/accounts"),
 (B, None, "May  2 08:20:00 social bundle[2201]: [5a7b4c9d-...] method=GET path=/health format=html controller=HealthController action=show status=200 duration=1.02 view=0.40"),
 (B, None, "May  2 08:21:00 social bundle[2300]: 2024-05-02T08:21:00.000Z pid=2300 tid=gq4 class=ActivityPub::DeliveryWorker jid=7c1d WARN: Mastodon::UnexpectedResponseError: https://social.example.net/inbox returned code 401"),
 (B, None, "May  2 08:22:00 social bundle[2300]: 2024-05-02T08:22:00.000Z pid=2300 tid=gq5 class=ActivityPub::DeliveryWorker jid=8d2e WARN: HTTP::ConnectionError: failed to connect: Connection refused - connect(2) for 192.0.2.120:443"),
 (B, None, "May  2 08:23:00 social bundle[2201]: [6b8c5d0e-...] method=POST path=/api/v1/statuses format=json controller=Api::V1::StatusesController action=create status=200 duration=88.1"),
]

# SnappyMail / RainLoop auth log (auth_logging_format "Auth failed: ip=... user=... host=... port=...")
S['snappymail-auth'] = [
 (H, "203.0.113.220", "[2024-05-02 08:12:44] Auth failed: ip=203.0.113.220 user=admin@example.org host=imap.example.org port=993"),
 (H, "203.0.113.220", "[2024-05-02 08:12:48] Auth failed: ip=203.0.113.220 user=info@example.org host=imap.example.org port=993"),
 (H, "2001:db8:9::221", "[2024-05-02 08:40:00] Auth failed: ip=2001:db8:9::221 user=bob@example.org host=imap.example.org port=993"),
 (B, None, "[2024-05-02 08:20:00.000][c3d4e5f6] ERROR[IMAP]: MailSo\\Net\\Exceptions\\SocketCanNotConnectToHostException: Can't connect to host \"tls://imap.example.org:993\""),
 (B, None, "[2024-05-02 08:21:00.000][c3d4e5f6] NOTICE[SMTP]: Connected to smtp.example.org:587 (STARTTLS) as alice@example.org"),
]

# Sonatype Nexus Repository 3 request.log
def nx(ip, user, req, st, ua): return f'{ip} - {user} [02/May/2024:08:12:44 +0000] "{req}" {st} - 0 12 "{ua}" [qtp1434256413-210]'
S['nexus-request'] = [
 (H, "203.0.113.230", nx("203.0.113.230", "-", "POST /service/rapture/session HTTP/1.1", 403, "Mozilla/5.0 (X11; Linux x86_64)")),
 (H, "203.0.113.230", nx("203.0.113.230", "-", "POST /service/rapture/session HTTP/1.1", 403, "Mozilla/5.0 (X11; Linux x86_64)")),
 (E, "198.51.100.231", nx("198.51.100.231", "-", "GET /repository/maven-releases/ HTTP/1.1", 401, "Apache-Maven/3.9.6")),
 (B, None, nx("192.0.2.40", "deploy", "PUT /repository/maven-releases/org/example/app/1.2.0/app-1.2.0.jar HTTP/1.1", 201, "Apache-Maven/3.9.6")),
 (B, None, nx("127.0.0.1", "-", "GET /service/rest/v1/status HTTP/1.1", 200, "curl/8.5.0")),
 (B, None, nx("192.0.2.41", "-", "GET /repository/maven-public/org/example/lib/maven-metadata.xml HTTP/1.1", 404, "Apache-Maven/3.9.6")),
 (B, None, "2024-05-02 08:30:00,000+0000 WARN  [qtp1434256413-215] *UNKNOWN org.sonatype.nexus.repository.httpclient.internal.HttpClientFacetImpl - Repository status for maven-central changed from READY to AVAILABLE - reason Connection refused for https://repo1.maven.org/maven2/"),
]

# SonarQube web.log auth.event logger and access.log
S['sonarqube'] = [
 (H, "203.0.113.240", "2024.05.02 08:12:44 INFO  web[AY8xA1][auth.event] login failure [cause|Incorrect password][method|FORM][provider|LOCAL|sonarqube][IP|203.0.113.240|][login|admin]"),
 (H, "203.0.113.240", "2024.05.02 08:12:47 INFO  web[AY8xA2][auth.event] login failure [cause|User does not exist][method|FORM][provider|LOCAL|sonarqube][IP|203.0.113.240|][login|sonar]"),
 (H, "198.51.100.241", '198.51.100.241 - - [02/May/2024:08:30:00 +0000] "POST /api/authentication/login HTTP/1.1" 401 - "https://sonar.example.org/sessions/new" "Mozilla/5.0" "AY8xB1"'),
 (B, None, "2024.05.02 08:20:00 INFO  web[AY8xA3][auth.event] login success [method|FORM][provider|LOCAL|sonarqube][IP|192.0.2.42|][login|alice]"),
 (B, None, '192.0.2.43 - - [02/May/2024:08:21:00 +0000] "POST /api/ce/submit?projectKey=shop HTTP/1.1" 200 - "-" "ScannerCLI/5.0.1" "AY8xB2"'),
 (B, None, "2024.05.02 08:22:00 ERROR web[][o.s.s.p.d.m.c.PostgresCharsetHandler] Failed to connect to database: Connection to localhost:5432 refused"),
 (B, None, "2024.05.02 08:23:00 WARN  ce[][o.s.c.t.CeWorkerImpl] Failed to execute task AY8xC1: Analysis of project shop failed: Quality Gate failed"),
]

# Kibana audit log (ECS JSON; user_login events)
def kb(ts, action, outcome, user, ip, msg): return '{"@timestamp":"2024-05-02T%s+00:00","event":{"action":"%s","category":["authentication"],"outcome":"%s"},"user":{"name":"%s"},"client":{"ip":"%s"},"http":{"request":{"method":"post"}},"url":{"path":"/internal/security/login"},"message":"%s"}' % (ts, action, outcome, user, ip, msg)
S['kibana-audit'] = [
 (H, "203.0.113.250", kb("08:12:44.123", "user_login", "failure", "elastic", "203.0.113.250", "Failed attempt to login using basic provider [name=basic]")),
 (H, "203.0.113.250", kb("08:12:49.123", "user_login", "failure", "kibana_admin", "203.0.113.250", "Failed attempt to login using basic provider [name=basic]")),
 (H, "198.51.100.251", kb("09:00:00.000", "user_login", "failure", "admin", "198.51.100.251", "Failed attempt to login using basic provider [name=basic]")),
 (B, None, kb("08:20:00.000", "user_login", "success", "alice", "192.0.2.44", "User [alice] has logged in using basic provider [name=basic]")),
 (B, None, '{"@timestamp":"2024-05-02T08:21:00.000+00:00","event":{"action":"http_request","category":["web"],"outcome":"unknown"},"user":{"name":"alice"},"client":{"ip":"192.0.2.44"},"http":{"request":{"method":"get"}},"url":{"path":"/api/status"},"message":"User is requesting [/api/status] endpoint"}'),
 (B, None, '{"@timestamp":"2024-05-02T08:22:00.000+00:00","log":{"level":"ERROR","logger":"elasticsearch-service"},"message":"Unable to retrieve version information from Elasticsearch nodes. connect ECONNREFUSED 10.0.0.8:9200"}'),
]

# OpenSearch security plugin audit log (opensearch-project/security #4608; audit_category FAILED_LOGIN)
def os_(ts, cat, ip, user, path): return '{"audit_cluster_name":"search","audit_rest_request_path":"%s","audit_rest_request_method":"GET","audit_category":"%s","audit_request_origin":"REST","audit_node_id":"kq3zU1","audit_request_layer":"REST","@timestamp":"2024-05-02T%s+00:00","audit_format_version":4,"audit_request_remote_address":"%s","audit_request_effective_user":"%s","audit_node_host_address":"10.0.0.4"}' % (path, cat, ts, ip, user)
S['opensearch-audit'] = [
 (H, "203.0.113.5", os_("08:12:44.123", "FAILED_LOGIN", "203.0.113.5", "admin", "/_plugins/_security/authinfo")),
 (H, "203.0.113.5", os_("08:12:45.123", "FAILED_LOGIN", "203.0.113.5", "kibanaserver", "/_cat/indices")),
 (H, "198.51.100.6", os_("09:00:00.000", "FAILED_LOGIN", "198.51.100.6", "logstash", "/_bulk")),
 (E, "198.51.100.7", os_("09:05:00.000", "MISSING_PRIVILEGES", "198.51.100.7", "reader", "/.opendistro_security/_search")),
 (B, None, os_("08:20:00.000", "AUTHENTICATED", "192.0.2.45", "alice", "/_dashboards/api/status")),
 (B, None, os_("08:21:00.000", "GRANTED_PRIVILEGES", "192.0.2.45", "alice", "/logs-*/_search")),
]

# Calibre-Web (cps/web.py login messages)
S['calibre-web'] = [
 (B, None, "[2024-05-02 08:00:00,000]  INFO {cps.server:195} Starting Gevent server on [::]:8083"),
 (H, "203.0.113.15", '[2024-05-02 08:12:44,257]  WARN {cps.web:1315} Login failed for user "admin" IP-address: 203.0.113.15'),
 (H, "203.0.113.15", '[2024-05-02 08:12:48,001]  WARN {cps.web:1315} Login failed for user "calibre" IP-address: 203.0.113.15'),
 (H, "198.51.100.16", '[2024-05-02 09:00:00,000]  WARN {cps.web:1301} Username not found for user "root" IP-address: 198.51.100.16'),
 (B, None, '[2024-05-02 08:20:00,000]  INFO {cps.web:1290} You are now logged in as: "alice"'),
 (B, None, "[2024-05-02 08:21:00,000] ERROR {cps.updater:420} Could not fetch update information: HTTPSConnectionPool(host='api.github.com', port=443): Max retries exceeded (Caused by NewConnectionError: [Errno 111] Connection refused)"),
 (B, None, "[2024-05-02 08:22:00,000]  WARN {cps.helper:812} Book path /books/Unknown/Untitled (12) not found on disk"),
]

# Radicale CalDAV/CardDAV (radicale/app/__init__.py "Failed login attempt from ...")
def rd(ts, th, lvl, msg): return f"[2024-05-02 {ts} +0000] [{th}] [{lvl}] {msg}"
S['radicale'] = [
 (H, "203.0.113.17", rd("08:12:44", "1234/Thread-5", "WARNING", "Failed login attempt from 203.0.113.17: 'admin'")),
 (H, "203.0.113.17", rd("08:12:46", "1234/Thread-6", "WARNING", "Failed login attempt from 203.0.113.17: 'root'")),
 (H, "198.51.100.18", rd("09:00:00", "1234/Thread-9", "WARNING", "Failed login attempt from 198.51.100.18 (forwarded for '198.51.100.18'): 'bob'")),
 (N, None, rd("08:12:44", "1234/Thread-5", "INFO", "PROPFIND request for '/admin/' received from 203.0.113.17 using 'curl/8.5.0'")),
 (B, None, rd("08:20:00", "1234/Thread-7", "INFO", "GET request for '/alice/calendar.ics/' received from 192.0.2.46 using 'DAVx5/4.3.13-ose'")),
 (B, None, rd("08:20:00", "1234/Thread-7", "INFO", "Successful login: 'alice'")),
 (B, None, rd("08:21:00", "1234/Thread-8", "WARNING", "Bad PUT request on '/alice/calendar.ics/event.ics': Item has no UID")),
]

# SFTPGo connection-failed and access logs (SFTPGo docs, logs: "sender":"connection_failed")
S['sftpgo'] = [
 (B, None, '{"level":"info","time":"2024-05-02T08:00:00.000","sender":"sftpd","message":"server listener registered, address: [::]:2022"}'),
 (H, "203.0.113.25", '{"level":"debug","time":"2024-05-02T08:12:44.123","sender":"connection_failed","client_ip":"203.0.113.25","username":"admin","login_type":"password","protocol":"SSH","error":"could not validate password credentials: user does not exist"}'),
 (H, "203.0.113.25", '{"level":"debug","time":"2024-05-02T08:12:46.123","sender":"connection_failed","client_ip":"203.0.113.25","username":"root","login_type":"password","protocol":"SSH","error":"could not validate password credentials: user does not exist"}'),
 (H, "198.51.100.26", '{"level":"debug","time":"2024-05-02T09:00:00.000","sender":"connection_failed","client_ip":"198.51.100.26","username":"alice","login_type":"password","protocol":"FTP","error":"could not validate password credentials: invalid credentials"}'),
 (B, None, '{"level":"info","time":"2024-05-02T08:20:00.000","sender":"Upload","elapsed_ms":120,"size_bytes":20480,"username":"alice","file_path":"/reports/q1.pdf","connection_id":"SFTP_1f2e","protocol":"SFTP","local_addr":"10.0.0.3:2022","remote_addr":"192.0.2.47:50100"}'),
 (B, None, '{"level":"info","time":"2024-05-02T08:21:00.000","sender":"httpd","remote_addr":"127.0.0.1:41000","method":"GET","uri":"/healthz","resp_status":200,"elapsed_ms":0}'),
 (B, None, '{"level":"warn","time":"2024-05-02T08:22:00.000","sender":"dataprovider","message":"unable to connect to the data provider: dial tcp 10.0.0.9:5432: connect: connection refused"}'),
]

# Icinga 2 API (HttpServerConnection request lines)
def ic(ts, lvl, msg): return f"[2024-05-02 {ts} +0000] {lvl}: {msg}"
S['icinga2'] = [
 (H, "203.0.113.27", ic("08:12:44", "information/HttpServerConnection", "Request: GET /v1/objects/hosts (from [203.0.113.27]:51234, user: <unauthenticated>, agent: python-requests/2.31.0, status: Unauthorized).")),
 (H, "203.0.113.27", ic("08:12:46", "information/HttpServerConnection", "Request: POST /v1/actions/execute-command (from [203.0.113.27]:51240, user: <unauthenticated>, agent: python-requests/2.31.0, status: Unauthorized).")),
 (E, "198.51.100.28", ic("08:40:00", "critical/ApiListener", "Client TLS handshake failed (from [198.51.100.28]:40000): Error: short read")),
 (B, None, ic("08:20:00", "information/HttpServerConnection", "Request: GET /v1/status (from [::ffff:127.0.0.1]:43114, user: root, agent: curl/8.5.0, status: OK).")),
 (B, None, ic("08:21:00", "warning/ApiListener", "Cannot connect to host 'satellite1' on port '5665': Connection refused")),
 (B, None, ic("08:22:00", "information/ApiListener", "New client connection for identity 'satellite2' from [10.0.0.12]:5665")),
 (B, None, ic("08:23:00", "warning/PluginCheckTask", "Check command for object 'web01!http' (PID: 4012, arguments: '/usr/lib/nagios/plugins/check_http') terminated with exit code 2, output: HTTP CRITICAL - Unable to open TCP socket")),
]

# authentik server ("Created Event model" lines with action login_failed / login)
def ak(ts, action, ip, user): return '{"action": "%s", "client_ip": "%s", "context": {"username": "%s"}, "event": "Created Event model", "level": "info", "logger": "authentik.events.models", "pid": 52, "timestamp": "2024-05-02T%s"}' % (action, ip, user, ts)
S['authentik'] = [
 (H, "203.0.113.35", ak("08:12:44.123456", "login_failed", "203.0.113.35", "akadmin")),
 (H, "203.0.113.35", ak("08:12:47.123456", "login_failed", "203.0.113.35", "admin")),
 (H, "198.51.100.36", ak("09:00:00.000001", "login_failed", "198.51.100.36", "bob")),
 (B, None, ak("08:20:00.000001", "login", "192.0.2.48", "alice")),
 (B, None, '{"auth_via": "session", "event": "/api/v3/core/users/me/", "host": "auth.example.org", "level": "info", "logger": "authentik.asgi", "method": "GET", "pid": 52, "remote": "192.0.2.48", "runtime": 35, "scheme": "https", "status": 200, "timestamp": "2024-05-02T08:20:01.000001", "user": "alice"}'),
 (B, None, '{"event": "Failed to connect to docker", "exc": "DockerException(\'Error while fetching server API version: Connection refused\')", "level": "warning", "logger": "authentik.outposts.controllers.docker", "pid": 60, "timestamp": "2024-05-02T08:21:00.000001"}'),
]

# Sonarr/Radarr (*arr) Auth logger
S['sonarr'] = [
 (H, "203.0.113.45", "2024-05-02 08:12:44.1|Warn|Auth|Auth-Failure ip 203.0.113.45 username 'admin'"),
 (H, "203.0.113.45", "2024-05-02 08:12:47.3|Warn|Auth|Auth-Failure ip 203.0.113.45 username 'sonarr'"),
 (E, "198.51.100.46", "2024-05-02 08:40:00.0|Info|Auth|Auth-Unauthorized ip 198.51.100.46 url '/api/v3/system/status'"),
 (B, None, "2024-05-02 08:20:00.0|Info|Auth|Auth-Success ip 192.0.2.49 username 'alice'"),
 (B, None, "2024-05-02 08:21:00.0|Info|RssSyncService|Starting RSS Sync"),
 (B, None, "2024-05-02 08:22:00.0|Warn|QBittorrent|Unable to connect to qBittorrent, please check your settings: Connection refused (127.0.0.1:8080)"),
 (B, None, "2024-05-02 08:23:00.0|Info|Auth|Auth-Logout ip 192.0.2.49 username 'alice'"),
]

out = sys.argv[1]
from heldout import write_service
counts = sum((write_service(out, name, rows) for name, rows in S.items()), Counter())
print(len(S), "services, hostile", counts['H'], "benign", counts['B'], "either", counts['E'])
