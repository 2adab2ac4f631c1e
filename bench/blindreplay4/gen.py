#!/usr/bin/env python3
"""Blind replay #4: three days of server logs per host, incidents injected on day 3 only.

Stdlib only, deterministic by --seed. Written from the issue's text and the documented log formats of the
software below, without reading LogWarden's detectors or the earlier blind generators.

Host kinds (host i gets kind i % 3):
  kube  - Ubuntu 24.04 k3s node: rsyslog RFC 3339 timestamps (auth.log, syslog, kern.log), CRI-format
          container logs under /var/log/pods (ingress-nginx controller, a Go API with JSON logs, CoreDNS,
          PostgreSQL in a pod), kubelet-style rotation (0.log.YYYYMMDD-HHMMSS, older .gz), and a
          *.metrics.jsonl host-metrics file.
  java  - Debian 12 Java host: rsyslog RFC 5424 (auth.log, syslog, kern.log), Tomcat 10 (catalina.DATE.log,
          localhost_access_log.DATE.txt), a Spring Boot 3 app with logback (multi-line stack traces,
          shop.log.DATE.N.gz), PostgreSQL csvlog, ProFTPD, auditd.
  edge  - Debian office gateway: `journalctl -o short-iso` nightly dumps (sshd, sudo, cron, kernel nftables
          drops, Pure-FTPd, OpenSMTPD), lighttpd access/error logs, Squid native access.log, Bind9 query and
          security logs, OpenVPN, Asterisk (PJSIP scanners).

Usage: gen.py --out DIR [--seed N] [--hosts N] [--start 2026-11-09]
Writes DIR/<host>/var/log/... and DIR/truth.json.
"""
import argparse, datetime as dt, gzip, json, math, os, random, string

DAY = 86400.0
MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# ---------------------------------------------------------------- time formats

def utc(ts):
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc)

def iso_us(ts):  # 2026-11-09T10:00:00.123456+00:00 (rsyslog RSYSLOG_FileFormat)
    return utc(ts).strftime("%Y-%m-%dT%H:%M:%S.%f") + "+00:00"

def iso_s_nocolon(ts):  # journalctl -o short-iso
    return utc(ts).strftime("%Y-%m-%dT%H:%M:%S") + "+0000"

def clf(ts):  # 09/Nov/2026:10:00:00 +0000
    d = utc(ts)
    return f"{d.day:02d}/{MON[d.month-1]}/{d.year}:{d.strftime('%H:%M:%S')} +0000"

def ymd_hms_ms(ts, sep=" "):
    d = utc(ts)
    return d.strftime("%Y-%m-%d" + sep + "%H:%M:%S") + f".{d.microsecond//1000:03d}"

def tomcat_ts(ts):  # 09-Nov-2026 10:00:00.123
    d = utc(ts)
    return f"{d.day:02d}-{MON[d.month-1]}-{d.year} {d.strftime('%H:%M:%S')}.{d.microsecond//1000:03d}"

def cri_ts(ts):  # 2026-11-09T10:00:00.123456789Z
    d = utc(ts)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond:06d}{random.randint(0,999):03d}Z"

# ---------------------------------------------------------------- helpers

def poisson(r, lam):
    if lam <= 0:
        return 0
    if lam < 40:
        L, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= r.random()
            if p <= L:
                return k
            k += 1
    return max(0, int(round(r.gauss(lam, math.sqrt(lam)))))

def diurnal(ts, peak=14.5, low=0.25):
    h = (ts % DAY) / 3600.0
    x = math.cos((h - peak) / 24.0 * 2 * math.pi)  # 1 at peak, -1 at peak+12
    return low + (1 - low) * (x + 1) / 2

def rand_public_ip(r):
    while True:
        a = r.choice([1, 2, 5, 14, 23, 27, 31, 36, 37, 39, 41, 43, 45, 46, 49, 58, 59, 61, 62, 77, 78, 79, 80,
                      81, 82, 83, 85, 87, 88, 89, 91, 92, 93, 94, 95, 101, 102, 103, 104, 106, 109, 110, 111,
                      112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 128, 134, 138, 139,
                      141, 143, 146, 147, 151, 152, 154, 156, 157, 159, 161, 162, 164, 165, 167, 170, 175, 176,
                      177, 178, 179, 180, 181, 182, 183, 185, 186, 187, 188, 190, 193, 194, 195, 196, 197, 201,
                      202, 203, 206, 209, 210, 211, 212, 213, 217, 218, 219, 220, 221, 222, 223])
        ip = f"{a}.{r.randint(0,255)}.{r.randint(0,255)}.{r.randint(1,254)}"
        if not ip.startswith(("10.", "127.", "192.168.", "172.16.")):
            return ip

def hexid(r, n):
    return "".join(r.choice("0123456789abcdef") for _ in range(n))

SCAN_USERS = ["root", "admin", "test", "user", "ubuntu", "oracle", "postgres", "git", "guest", "ftpuser", "pi",
              "debian", "centos", "test1", "user1", "administrator", "support", "deploy", "jenkins", "hadoop",
              "es", "elastic", "minecraft", "steam", "nagios", "zabbix", "mysql", "teamspeak", "www", "web",
              "dev", "devops", "ansible", "docker", "k8s", "odoo", "sol", "solana", "validator", "node", "ftp",
              "backup", "server", "vps", "tomcat", "wildfly", "redis", "kafka", "student", "mc", "ts3",
              "amir", "ali", "anonymous", "sa", "sysadmin", "demo", "tester", "usuario", "john"]
UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
       "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
       "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
       "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.102 Mobile Safari/537.36"]
BOT_UAS = ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
           "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
           "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
           "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)"]
SCAN_UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.129 Safari/537.36",
            "Mozilla/5.0 zgrab/0.x", "python-requests/2.31.0", "Go-http-client/1.1", "curl/7.88.1",
            "Mozilla/5.0 (l9scan/2.0.; +https://leakix.net)", "Custom-AsyncHttpClient",
            "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)"]
PROBE_PATHS = ["/.env", "/.git/config", "/wp-login.php", "/xmlrpc.php", "/wp-admin/setup-config.php",
               "/phpmyadmin/index.php", "/pma/index.php", "/admin/.env", "/api/.env", "/.aws/credentials",
               "/config.json", "/server-status", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
               "/cgi-bin/luci/;stok=/locale", "/boaform/admin/formLogin", "/actuator/env", "/actuator/health",
               "/.DS_Store", "/backup.zip", "/db.sql", "/wp-content/plugins/revslider/temp/update_extract/",
               "/HNAP1/", "/owa/auth/logon.aspx", "/solr/admin/info/system", "/console/", "/manager/html",
               "/.svn/entries", "/info.php", "/phpinfo.php", "/test.php", "/shell.php", "/admin/config.php",
               "/.well-known/security.txt", "/geoserver/web/", "/login.action", "/struts2-showcase/",
               "/jenkins/login", "/v2/_catalog", "/debug/default/view", "/_profiler/phpinfo", "/telescope/requests",
               "/.env.production", "/.env.local", "/config/database.yml", "/app/etc/local.xml", "/sites/default/settings.php",
               "/remote/login", "/dana-na/", "/global-protect/login.esp", "/+CSCOE+/logon.html", "/cgi-bin/.%2e/.%2e/bin/sh",
               "/etc/passwd", "/../../../../etc/passwd", "/index.php?s=/Index/\\think\\app/invokefunction",
               "/containers/json", "/api/v1/pods", "/druid/index.html", "/nacos/", "/hudson", "/wls-wsat/CoordinatorPortType",
               "/_ignition/execute-solution", "/cgi-bin/php-cgi", "/public/index.php", "/web.config", "/.htpasswd",
               "/id_rsa", "/.ssh/id_rsa", "/backup.tar.gz", "/dump.sql", "/wp-config.php.bak", "/config.php.bak",
               "/.vscode/sftp.json", "/sftp-config.json", "/.git/HEAD", "/.gitlab-ci.yml", "/docker-compose.yml",
               "/Dockerfile", "/server.key", "/private.key", "/secrets.json", "/credentials.json", "/.npmrc",
               "/.bash_history", "/wp-includes/wlwmanifest.xml", "/blog/wp-includes/wlwmanifest.xml", "/magento_version",
               "/user/login", "/administrator/index.php", "/typo3/", "/umbraco/", "/elmah.axd", "/trace.axd"]


class Host:
    def __init__(self, name, kind, idx, seed, start):
        self.name, self.kind, self.idx, self.start = name, kind, idx, start
        self.r = random.Random(f"{seed}:{name}")
        self.files = {}   # relpath -> list of (ts, seq, text)
        self.seq = 0
        self.truth = []
        self.pid = 1000 + self.r.randint(0, 5000)
        self.boot = start - self.r.uniform(20, 80) * DAY
        self.end = start + 3 * DAY
        self.day3 = start + 2 * DAY

    # -------------------------------------------------------- emit
    def emit(self, path, ts, text):
        self.seq += 1
        self.files.setdefault(path, []).append((ts, self.seq, text))

    def nextpid(self):
        self.pid += self.r.randint(1, 40)
        if self.pid > 4194000:
            self.pid = 1200
        return self.pid

    def sys(self, path, ts, prog, pid, msg, pri=38):
        """A syslog line in this host's file format."""
        st = self.style
        if "\n" in msg:  # rsyslog escapes control characters; journalctl indents continuation lines
            msg = msg.replace("\n", "#012") if st != "shortiso" else msg.replace("\n", "\n" + " " * (len(iso_s_nocolon(ts)) + len(self.name) + len(prog) + 12))
        if st == "rfc3339":
            tag = f"{prog}[{pid}]" if pid else prog
            line = f"{iso_us(ts)} {self.name} {tag}: {msg}"
        elif st == "rfc5424":
            line = f"<{pri}>1 {iso_us(ts)} {self.name} {prog} {pid if pid else '-'} - - {msg}"
        else:  # short-iso journal dump
            tag = f"{prog}[{pid}]" if pid else prog
            line = f"{iso_s_nocolon(ts)} {self.name} {tag}: {msg}"
        self.emit(path, ts, line)

    def kern(self, ts, msg):
        if self.style == "shortiso":
            self.sys(self.journal, ts, "kernel", None, msg, pri=4)
        else:
            self.sys("var/log/kern.log", ts, "kernel", None, msg, pri=4)
            self.sys("var/log/syslog", ts, "kernel", None, msg, pri=4)

    @property
    def authlog(self):
        return self.journal if self.style == "shortiso" else "var/log/auth.log"

    @property
    def syslog(self):
        return self.journal if self.style == "shortiso" else "var/log/syslog"

    journal = "var/log/journal-dump/journal.txt"  # split per day at write time for shortiso hosts

    def add_truth(self, kind, start, entities, note, hint="", related=None, duration=0):
        self.truth.append({"host": self.name, "kind": kind, "related": related or {}, "duration_s": duration,
                           "start": utc(start).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z",
                           "start_epoch": round(start, 3), "entities": entities, "note": note, "hint": hint})

    def minutes(self, t0=None, t1=None):
        t = self.start if t0 is None else t0
        t1 = self.end if t1 is None else t1
        while t < t1:
            yield t
            t += 60.0

    def uptime(self, ts):
        return ts - self.boot

    # -------------------------------------------------------- shared background: ssh, cron, sudo, systemd
    def bg_ssh(self, scale=1.0):
        r = self.r
        admin_ip = self.office_ip
        sshd_path = self.authlog
        # scanner sessions: constant internet background
        t = self.start
        while t < self.end:
            t += r.expovariate(1.0 / (95.0 / scale))
            ip = rand_public_ip(r)
            n = r.choice([1, 1, 1, 2, 2, 3, 4, 6, 8, 10, 12, 15, 20]) if r.random() < 0.8 else 1
            pid0 = self.nextpid()
            style = r.random()
            tt = t
            if style < 0.15:
                self.sys(sshd_path, tt, "sshd", pid0, f"error: kex_exchange_identification: Connection closed by remote host")
                self.sys(sshd_path, tt, "sshd", pid0, f"Connection closed by {ip} port {r.randint(30000,65000)}")
                continue
            if style < 0.22:
                self.sys(sshd_path, tt, "sshd", pid0, f"banner exchange: Connection from {ip} port {r.randint(30000,65000)}: invalid format")
                continue
            if style < 0.27:
                self.sys(sshd_path, tt, "sshd", pid0, f"Unable to negotiate with {ip} port {r.randint(30000,65000)}: no matching key exchange method found. Their offer: diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1,diffie-hellman-group1-sha1 [preauth]")
                continue
            for _ in range(n):
                u = r.choice(SCAN_USERS)
                port = r.randint(30000, 65000)
                pid = self.nextpid()
                if u in ("root",) or u in self.real_users:
                    self.sys(sshd_path, tt, "sshd", pid, f"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}  user={u}")
                    self.sys(sshd_path, tt + 2.1, "sshd", pid, f"Failed password for {u} from {ip} port {port} ssh2")
                    self.sys(sshd_path, tt + 2.4, "sshd", pid, f"Received disconnect from {ip} port {port}:11: Bye Bye [preauth]")
                    self.sys(sshd_path, tt + 2.4, "sshd", pid, f"Disconnected from authenticating user {u} {ip} port {port} [preauth]")
                    self.audit_auth(tt + 2.1, u, ip, False)
                else:
                    self.sys(sshd_path, tt, "sshd", pid, f"Invalid user {u} from {ip} port {port}")
                    self.sys(sshd_path, tt + 0.3, "sshd", pid, f"pam_unix(sshd:auth): check pass; user unknown")
                    self.sys(sshd_path, tt + 0.3, "sshd", pid, f"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip} ")
                    self.sys(sshd_path, tt + 2.2, "sshd", pid, f"Failed password for invalid user {u} from {ip} port {port} ssh2")
                    self.sys(sshd_path, tt + 2.5, "sshd", pid, f"Connection closed by invalid user {u} {ip} port {port} [preauth]")
                    self.audit_auth(tt + 2.2, u, ip, False)
                tt += r.uniform(1.5, 9.0)
        # a few slow persistent guessers each day (1 try every 4-15 min for hours)
        for d in range(3):
            for _ in range(r.randint(1, 3)):
                ip = rand_public_ip(r)
                tt = self.start + d * DAY + r.uniform(0, DAY * 0.6)
                for _ in range(r.randint(15, 45)):
                    u = r.choice(["root", "root", "admin", "ubuntu", "test"])
                    pid, port = self.nextpid(), r.randint(30000, 65000)
                    if u == "root" or u in self.real_users:
                        self.sys(sshd_path, tt, "sshd", pid, f"Failed password for {u} from {ip} port {port} ssh2")
                        self.sys(sshd_path, tt + 0.4, "sshd", pid, f"Connection closed by authenticating user {u} {ip} port {port} [preauth]")
                    else:
                        self.sys(sshd_path, tt, "sshd", pid, f"Invalid user {u} from {ip} port {port}")
                        self.sys(sshd_path, tt + 1.9, "sshd", pid, f"Failed password for invalid user {u} from {ip} port {port} ssh2")
                        self.sys(sshd_path, tt + 2.1, "sshd", pid, f"Connection closed by invalid user {u} {ip} port {port} [preauth]")
                    tt += r.uniform(240, 900)
        # admins: publickey logins from the office and from home, sudo of the usual commands
        for d in range(3):
            day0 = self.start + d * DAY
            for _ in range(r.randint(3, 7)):
                tt = day0 + r.uniform(7.5, 19) * 3600
                u = r.choice(self.admins)
                ip = admin_ip if r.random() < 0.8 else self.home_ip
                self.ssh_session(tt, u, ip, r.uniform(120, 3600), sudo=True)
            # the admin's own mistyped password now and then (near miss: a failure then success)
            if r.random() < 0.7:
                tt = day0 + r.uniform(8, 18) * 3600
                u = self.admins[0]
                pid, port = self.nextpid(), r.randint(40000, 60000)
                self.sys(sshd_path, tt, "sshd", pid, f"Failed password for {u} from {self.home_ip} port {port} ssh2")
                self.sys(sshd_path, tt + 6, "sshd", pid, f"Accepted password for {u} from {self.home_ip} port {port} ssh2")
                self.sys(sshd_path, tt + 6, "sshd", pid, f"pam_unix(sshd:session): session opened for user {u}(uid=1000) by {u}(uid=0)")
                self.sys(sshd_path, tt + 300, "sshd", pid, f"pam_unix(sshd:session): session closed for user {u}")
            # deploy bot over ssh (CI) several times a day
            for _ in range(r.randint(2, 6)):
                tt = day0 + r.uniform(9, 18) * 3600
                self.ssh_session(tt, "deploy", self.ci_ip, r.uniform(20, 90), sudo=False, key=True, deploy=True)

    def ssh_session(self, tt, u, ip, dur, sudo=True, key=True, deploy=False):
        r = self.r
        pid, port = self.nextpid(), r.randint(40000, 65000)
        p = self.authlog
        fp = "SHA256:" + "".join(r.choice(string.ascii_letters + string.digits + "+/") for _ in range(43))
        how = "publickey" if key else "password"
        self.sys(p, tt, "sshd", pid, f"Accepted {how} for {u} from {ip} port {port} ssh2: ED25519 {fp}" if key else f"Accepted password for {u} from {ip} port {port} ssh2")
        uid = self.uids.get(u, 1000)
        self.sys(p, tt + 0.05, "sshd", pid, f"pam_unix(sshd:session): session opened for user {u}(uid={uid}) by {u}(uid=0)")
        sess = r.randint(100, 9000)
        self.sys(p, tt + 0.06, "systemd-logind", self.logind_pid, f"New session {sess} of user {u}.")
        self.audit_auth(tt, u, ip, True)
        if sudo:
            for k in range(r.randint(0, 3)):
                st = tt + r.uniform(5, max(6, dur - 5))
                cmd = r.choice(self.sudo_cmds)
                self.sys(p, st, "sudo", None, f"    {u} : TTY=pts/{r.randint(0,3)} ; PWD=/home/{u} ; USER=root ; COMMAND={cmd}")
                self.sys(p, st, "sudo", None, f"pam_unix(sudo:session): session opened for user root(uid=0) by {u}(uid={uid})")
                self.sys(p, st + r.uniform(0.5, 40), "sudo", None, "pam_unix(sudo:session): session closed for user root")
        if deploy:
            self.on_deploy(tt + 5)
        self.sys(p, tt + dur, "sshd", pid, f"Received disconnect from {ip} port {port}:11: disconnected by user")
        self.sys(p, tt + dur, "sshd", pid, f"Disconnected from user {u} {ip} port {port}")
        self.sys(p, tt + dur, "sshd", pid, f"pam_unix(sshd:session): session closed for user {u}")
        self.sys(p, tt + dur + 0.01, "systemd-logind", self.logind_pid, f"Session {sess} logged out. Waiting for processes to exit.")
        self.sys(p, tt + dur + 0.02, "systemd-logind", self.logind_pid, f"Removed session {sess}.")

    def audit_auth(self, ts, u, ip, ok):
        pass

    def on_deploy(self, ts):
        pass

    def bg_cron(self, jobs):
        """jobs: list of (minute-spec function, user, cmd). Returns nothing; missing runs handled by self.cron_skip."""
        r = self.r
        for t in self.minutes():
            m = int((t % 3600) // 60)
            h = int((t % DAY) // 3600)
            for (pred, user, cmd) in jobs:
                if pred(h, m) and not self.cron_skipped(cmd, t):
                    pid = self.nextpid()
                    ts = t + r.uniform(0.0, 0.9)
                    self.sys(self.authlog, ts, "CRON", pid, f"pam_unix(cron:session): session opened for user {user}(uid={self.uids.get(user, 0)}) by {user}(uid=0)")
                    self.sys(self.syslog, ts + 0.01, "CRON", pid, f"({user}) CMD ({cmd})")
                    self.sys(self.authlog, ts + r.uniform(0.1, 3), "CRON", pid, f"pam_unix(cron:session): session closed for user {user}")

    def cron_skipped(self, cmd, t):
        for (c, t0) in self.cron_stop:
            if c == cmd and t >= t0:
                return True
        return False

    def bg_systemd(self):
        r = self.r
        for d in range(3):
            day0 = self.start + d * DAY
            # daily timers
            for (hh, unit, desc, extra) in [(0.0, "logrotate.service", "Rotate log files", None),
                                             (0.0, "man-db.service", "Daily man-db regeneration", None),
                                             (r.uniform(1, 5), "apt-daily.service", "Daily apt download activities", None),
                                             (6.0 + r.uniform(0, 1), "apt-daily-upgrade.service", "Daily apt upgrade and clean activities", None),
                                             (r.uniform(0, 23), "fstrim.service", "Discard unused blocks on filesystems from /etc/fstab", None),
                                             (r.uniform(0, 23), "systemd-tmpfiles-clean.service", "Cleanup of Temporary Directories", None)]:
                ts = day0 + hh * 3600 + r.uniform(0, 300)
                self.sys(self.syslog, ts, "systemd", 1, f"Starting {unit} - {desc}...")
                if unit == "fstrim.service":
                    self.sys(self.syslog, ts + 2, "fstrim", self.nextpid(), "/: 2.1 GiB (2254815232 bytes) trimmed on /dev/sda1")
                self.sys(self.syslog, ts + r.uniform(0.2, 20), "systemd", 1, f"{unit}: Deactivated successfully.")
                self.sys(self.syslog, ts + r.uniform(20, 21), "systemd", 1, f"Finished {unit} - {desc}.")
            # systemd-resolved / timesyncd chatter, near misses
            for _ in range(r.randint(2, 6)):
                ts = day0 + r.uniform(0, DAY)
                self.sys(self.syslog, ts, "systemd-timesyncd", 611, f"Network configuration changed, trying to establish connection.")
                self.sys(self.syslog, ts + 0.3, "systemd-timesyncd", 611, f"Contacted time server 185.125.190.56:123 (ntp.ubuntu.com).")
            for _ in range(r.randint(5, 15)):
                ts = day0 + r.uniform(0, DAY)
                self.sys(self.syslog, ts, "systemd-resolved", 598, "Using degraded feature set UDP instead of UDP+EDNS0 for DNS server 1.1.1.1.")
            for _ in range(r.randint(0, 3)):
                ts = day0 + r.uniform(0, DAY)
                self.sys(self.syslog, ts, "systemd-networkd-wait-online", self.nextpid(), "Timeout occurred while waiting for network connectivity.")

    # -------------------------------------------------------- incident helpers shared by kinds
    def inc_ssh_bruteforce(self, t):
        r = self.r
        ip = rand_public_ip(r)
        self.add_truth("ssh-brute-force", t, {"ip": ip}, "one IP, ~300 password guesses for root/admin in ~12 min", "brute|ssh|auth")
        tt = t
        for i in range(r.randint(260, 340)):
            u = r.choice(["root", "root", "root", "admin", "user", "test", "ubuntu"])
            pid, port = self.nextpid(), r.randint(30000, 65000)
            if u == "root" or u in self.real_users:
                self.sys(self.authlog, tt, "sshd", pid, f"Failed password for {u} from {ip} port {port} ssh2")
                self.sys(self.authlog, tt + 0.2, "sshd", pid, f"Connection closed by authenticating user {u} {ip} port {port} [preauth]")
                self.audit_auth(tt, u, ip, False)
            else:
                self.sys(self.authlog, tt, "sshd", pid, f"Invalid user {u} from {ip} port {port}")
                self.sys(self.authlog, tt + 1.8, "sshd", pid, f"Failed password for invalid user {u} from {ip} port {port} ssh2")
                self.sys(self.authlog, tt + 2.0, "sshd", pid, f"Connection closed by invalid user {u} {ip} port {port} [preauth]")
                self.audit_auth(tt + 1.8, u, ip, False)
            tt += r.uniform(1.0, 4.0)

    def inc_ssh_login_after_fail(self, t):
        r = self.r
        ip = rand_public_ip(r)
        u = self.weak_user
        n = r.randint(45, 90)
        tt = t - n * 3.0  # the failures come first; the success is the incident
        for i in range(n):
            pid, port = self.nextpid(), r.randint(30000, 65000)
            self.sys(self.authlog, tt, "sshd", pid, f"Failed password for {u} from {ip} port {port} ssh2")
            self.sys(self.authlog, tt + 0.3, "sshd", pid, f"Connection closed by authenticating user {u} {ip} port {port} [preauth]")
            self.audit_auth(tt, u, ip, False)
            tt += r.uniform(2.0, 4.0)
        self.add_truth("login-after-failures", tt, {"ip": ip, "user": u}, f"{n} failures for {u} then Accepted password from the same IP", "login|success|after")
        pid, port = self.nextpid(), r.randint(30000, 65000)
        self.sys(self.authlog, tt, "sshd", pid, f"Accepted password for {u} from {ip} port {port} ssh2")
        self.sys(self.authlog, tt + 0.05, "sshd", pid, f"pam_unix(sshd:session): session opened for user {u}(uid={self.uids[u]}) by {u}(uid=0)")
        self.audit_auth(tt, u, ip, True)
        self.sys(self.authlog, tt + 95, "sshd", pid, f"pam_unix(sshd:session): session closed for user {u}")

    def inc_ssh_enum(self, t):
        r = self.r
        ip = rand_public_ip(r)
        self.add_truth("invalid-user-enumeration", t, {"ip": ip}, "one IP tries ~90 distinct non-existent user names", "invalid|enum|user")
        names = set()
        while len(names) < 90:
            names.add(r.choice(["a", "b", "c", "d", "e", "j", "m", "s", "t"]) + r.choice(["lice", "ob", "harlie", "ave", "mily", "ohn", "ary", "am", "om", "ina", "ark", "eter"]) + r.choice(["", "", "1", "2", "_adm", ".dev"]))
        tt = t
        for u in sorted(names):
            pid, port = self.nextpid(), r.randint(30000, 65000)
            self.sys(self.authlog, tt, "sshd", pid, f"Invalid user {u} from {ip} port {port}")
            self.sys(self.authlog, tt + 0.1, "sshd", pid, f"Connection closed by invalid user {u} {ip} port {port} [preauth]")
            tt += r.uniform(1.0, 6.0)

    def inc_ssh_distributed(self, t):
        r = self.r
        u = self.dist_user
        self.add_truth("distributed-brute-force", t, {"user": u}, f"~70 IPs, 1-3 tries each at the real user {u} over ~100 min", "distributed|slow|brute")
        tt = t
        for k in range(70):
            ip = rand_public_ip(r)
            for _ in range(r.randint(1, 3)):
                pid, port = self.nextpid(), r.randint(30000, 65000)
                self.sys(self.authlog, tt, "sshd", pid, f"Failed password for {u} from {ip} port {port} ssh2")
                self.sys(self.authlog, tt + 0.3, "sshd", pid, f"Connection closed by authenticating user {u} {ip} port {port} [preauth]")
                self.audit_auth(tt, u, ip, False)
                tt += r.uniform(3, 20)
            tt += r.uniform(30, 100)

    def inc_new_user(self, t):
        r = self.r
        u = r.choice(["sysupdate", "backupsvc", "mysqld", "support2", "systemd-netd", "admin1"])
        uid = 1000 + r.randint(3, 40)
        self.add_truth("new-user", t, {"user": u}, f"useradd {u} by root in an interactive session", "user|account")
        p = self.authlog
        self.sys(p, t, "groupadd", self.nextpid(), f"group added to /etc/group: name={u}, GID={uid}")
        self.sys(p, t + 0.01, "groupadd", self.pid, f"group added to /etc/gshadow: name={u}")
        self.sys(p, t + 0.02, "groupadd", self.pid, f"new group: name={u}, GID={uid}")
        self.sys(p, t + 0.05, "useradd", self.nextpid(), f"new user: name={u}, UID={uid}, GID={uid}, home=/home/{u}, shell=/bin/bash, from=/dev/pts/1")
        self.sys(p, t + 9, "passwd", self.nextpid(), f"pam_unix(passwd:chauthtok): password changed for {u}")
        self.sys(p, t + 15, "usermod", self.nextpid(), f"add '{u}' to group 'sudo'")
        self.sys(p, t + 15, "usermod", self.pid, f"add '{u}' to shadow group 'sudo'")
        self.audit_adduser(t + 0.05, u, uid)

    def audit_adduser(self, ts, u, uid):
        pass

    def inc_sudo_root(self, t):
        r = self.r
        u = self.odd_sudoer
        self.add_truth("unexpected-sudo", t, {"user": u}, f"{u} (never uses sudo) runs a root shell", "sudo|root")
        p = self.authlog
        self.sys(p, t, "sudo", None, f"    {u} : TTY=pts/2 ; PWD=/tmp ; USER=root ; COMMAND=/bin/bash")
        self.sys(p, t, "sudo", None, f"pam_unix(sudo:session): session opened for user root(uid=0) by {u}(uid={self.uids[u]})")
        self.sys(p, t + 212, "sudo", None, "pam_unix(sudo:session): session closed for user root")

    def inc_oom(self, t, proc, unit, cg):
        r = self.r
        pid = self.nextpid()
        self.add_truth("oom-kill", t, {"process": proc}, f"kernel OOM killer kills {proc} ({unit})", "oom|memory|kill", related={"unit": unit})
        up = self.uptime(t)
        self.kern(t, f"{proc} invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0")
        self.kern(t, f"CPU: 1 PID: {pid} Comm: {proc} Not tainted 6.8.0-48-generic #48-Ubuntu")
        self.kern(t, "Call Trace:")
        for fn in ["<TASK>", "dump_stack_lvl+0x76/0xa0", "dump_header+0x47/0x1f0", "oom_kill_process+0x118/0x280",
                   "out_of_memory+0x103/0x350", "__alloc_pages_slowpath.constprop.0+0x9a9/0xe50", "</TASK>"]:
            self.kern(t, " " + fn)
        self.kern(t, "Mem-Info:")
        self.kern(t, "active_anon:1804431 inactive_anon:96012 isolated_anon:0")
        self.kern(t, f"oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset={cg},mems_allowed=0,global_oom,task_memcg=/system.slice/{unit},task={proc},pid={pid},uid=1001")
        self.kern(t + 0.001, f"Out of memory: Killed process {pid} ({proc}) total-vm:8123456kB, anon-rss:3712344kB, file-rss:0kB, shmem-rss:0kB, UID:1001 pgtables:7600kB oom_score_adj:0")
        self.sys(self.syslog, t + 0.2, "systemd", 1, f"{unit}: A process of this unit has been killed by the OOM killer.")
        self.sys(self.syslog, t + 0.3, "systemd", 1, f"{unit}: Main process exited, code=killed, status=9/KILL")
        self.sys(self.syslog, t + 0.3, "systemd", 1, f"{unit}: Failed with result 'oom-kill'.")
        self.sys(self.syslog, t + 0.3, "systemd", 1, f"{unit}: Consumed 2h 13min 41.337s CPU time.")
        self.sys(self.syslog, t + 10.3, "systemd", 1, f"{unit}: Scheduled restart job, restart counter is at 1.")
        self.sys(self.syslog, t + 10.4, "systemd", 1, f"Started {unit}.")

    def inc_segfault(self, t, proc, lib):
        r = self.r
        pid = self.nextpid()
        self.add_truth("segfault", t, {"process": proc}, f"{proc} segfaults in {lib}", "segfault|crash|core", related={"pid": str(pid)})
        self.kern(t, f"{proc}[{pid}]: segfault at 0 ip 00007f{hexid(r,10)} sp 00007ffd{hexid(r,8)} error 4 in {lib}[7f{hexid(r,6)}000+195000] likely on CPU 1 (core 1, socket 0)")
        self.kern(t, f"Code: 48 8b 45 f8 48 8b 40 08 48 89 c7 e8 {hexid(r,2)} fd ff ff 90 c9 c3 55 48 89 e5 48 83 ec 10 <48> 8b 07 48 85 c0 74 0b")
        self.sys(self.syslog, t + 0.4, "systemd", 1, f"Started systemd-coredump@0-{self.nextpid()}-0.service - Process Core Dump (PID {self.pid}/UID 0).")
        self.sys(self.syslog, t + 1.9, "systemd-coredump", self.pid, f"Process {pid} ({proc}) of user 0 dumped core.\n\nStack trace of thread {pid}:\n#0  0x00007f{hexid(r,10)} n/a ({lib} + 0x9a1c3)\n#1  0x000055{hexid(r,10)} n/a ({proc} + 0x1c2e0)\nELF object binary architecture: AMD x86-64")

    def inc_restart_loop(self, t, unit, exe, errline):
        r = self.r
        self.add_truth("unit-restart-loop", t, {"unit": unit}, f"{unit} fails on start and systemd restarts it ~every 5 s, 40 times", "restart|fail|unit")
        tt = t
        for k in range(1, 41):
            pid = self.nextpid()
            self.sys(self.syslog, tt, "systemd", 1, f"Started {unit} - {unit[:-8]} daemon.")
            self.sys(self.syslog, tt + 0.3, unit[:-8], pid, errline)
            self.sys(self.syslog, tt + 0.4, "systemd", 1, f"{unit}: Main process exited, code=exited, status=1/FAILURE")
            self.sys(self.syslog, tt + 0.4, "systemd", 1, f"{unit}: Failed with result 'exit-code'.")
            self.sys(self.syslog, tt + 5.4, "systemd", 1, f"{unit}: Scheduled restart job, restart counter is at {k}.")
            tt += 5.5
        self.sys(self.syslog, tt, "systemd", 1, f"{unit}: Start request repeated too quickly.")
        self.sys(self.syslog, tt, "systemd", 1, f"{unit}: Failed with result 'exit-code'.")
        self.sys(self.syslog, tt, "systemd", 1, f"Failed to start {unit} - {unit[:-8]} daemon.")

    def inc_io_error(self, t):
        r = self.r
        self.add_truth("io-error", t, {}, "sdb medium errors, buffer I/O errors and an ext4 error on /data", "i/o|io-error|medium|disk|ext4|device")
        tt = t
        for k in range(r.randint(12, 25)):
            sec = r.randint(10**6, 10**9)
            self.kern(tt, f"sd 2:0:0:0: [sdb] tag#{r.randint(0,31)} FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK cmd_age=3s")
            self.kern(tt, f"sd 2:0:0:0: [sdb] tag#{r.randint(0,31)} Sense Key : Medium Error [current]")
            self.kern(tt, f"sd 2:0:0:0: [sdb] tag#{r.randint(0,31)} Add. Sense: Unrecovered read error - auto reallocate failed")
            self.kern(tt, f"I/O error, dev sdb, sector {sec} op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 2")
            if k % 3 == 0:
                self.kern(tt + 0.1, f"Buffer I/O error on dev sdb1, logical block {sec//8}, async page read")
            tt += r.uniform(0.5, 20)
        self.kern(tt, f"EXT4-fs error (device sdb1): __ext4_find_entry:1683: inode #2: comm {self.io_comm}: reading directory lblock 0")
        self.kern(tt + 0.1, "EXT4-fs (sdb1): Remounting filesystem read-only")

    def inc_hung_task(self, t):
        r = self.r
        self.add_truth("hung-task", t, {}, "jbd2 and a writer blocked > 120 s", "hung|blocked|task")
        for (comm, pid) in [("jbd2/sda1-8", 312), (self.io_comm, self.nextpid())]:
            self.kern(t, f"INFO: task {comm}:{pid} blocked for more than 122 seconds.")
            self.kern(t, "      Not tainted 6.1.0-27-amd64 #1 Debian 6.1.115-1")
            self.kern(t, "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.")
            self.kern(t, f"task:{comm:<15} state:D stack:0     pid:{pid}  ppid:2      flags:0x00004000")
            self.kern(t, "Call Trace:")
            for fn in [" <TASK>", " __schedule+0x351/0xa20", " schedule+0x5d/0xe0", " io_schedule+0x42/0x70",
                       " bit_wait_io+0xd/0x60", " jbd2_journal_commit_transaction+0x1174/0x1a30 [jbd2]", " </TASK>"]:
                self.kern(t, fn)
            t += 0.01

    def inc_fw_surge(self, t, prefix):
        r = self.r
        ip = rand_public_ip(r)
        self.add_truth("firewall-drop-surge", t, {"ip": ip}, f"~1500 dropped SYNs to many ports from one IP in ~6 min ({prefix.strip()})", "firewall|drop|block|surge")
        tt = t
        for k in range(r.randint(1300, 1700)):
            self.kern(tt, self.fw_line(prefix, ip, r.randint(1, 65535)))
            tt += r.uniform(0.05, 0.45)

    def fw_line(self, prefix, ip, dpt):
        r = self.r
        return (f"{prefix}IN=eth0 OUT= MAC={self.mac}:{hexid(r,2)}:{hexid(r,2)}:{hexid(r,2)}:{hexid(r,2)}:{hexid(r,2)}:{hexid(r,2)}:08:00 "
                f"SRC={ip} DST={self.pub_ip} LEN=44 TOS=0x00 PREC=0x00 TTL={r.randint(40,250)} ID={r.randint(1,65535)} "
                f"PROTO=TCP SPT={r.randint(1024,65535)} DPT={dpt} WINDOW=1024 RES=0x00 SYN URGP=0")

    def bg_fw(self, prefix, per_min=3.0):
        r = self.r
        ports = [23, 22, 80, 443, 3389, 8080, 5555, 6379, 445, 1433, 3306, 5900, 8443, 2375, 9200, 81, 8888, 7547, 37215]
        for t in self.minutes():
            for _ in range(poisson(r, per_min)):
                ip = rand_public_ip(r)
                self.kern(t + r.uniform(0, 60), self.fw_line(prefix, ip, r.choice(ports) if r.random() < 0.8 else r.randint(1, 65535)))

    # -------------------------------------------------------- web helpers
    def web_scanners_bg(self, emit_req, per_day=35):
        """Background of vulnerability probes every public web server sees: per IP a handful of paths."""
        r = self.r
        for d in range(3):
            for _ in range(r.randint(int(per_day * 0.7), int(per_day * 1.3))):
                ip = rand_public_ip(r)
                ua = r.choice(SCAN_UAS)
                tt = self.start + d * DAY + r.uniform(0, DAY)
                for p in r.sample(PROBE_PATHS, r.randint(1, 9)):
                    emit_req(tt, ip, r.choice(["GET", "GET", "GET", "POST"]), p, 404, ua)
                    tt += r.uniform(0.2, 3)

    def inc_web_scan(self, t, emit_req):
        r = self.r
        ip = rand_public_ip(r)
        ua = r.choice(SCAN_UAS[:5])
        self.add_truth("web-vuln-scan", t, {"ip": ip}, "one IP probes ~160 sensitive paths in ~3 min, 404s", "scan|probe|web|vuln")
        tt = t
        paths = PROBE_PATHS + [f"/{w}{e}" for w in ["admin", "backup", "old", "test", "dev", "api", "config", "db"] for e in [".php", ".zip", ".bak", ".sql", "/", ".old"]]
        r.shuffle(paths)
        for p in paths[:160]:
            st = 404 if r.random() < 0.9 else r.choice([403, 400, 301])
            emit_req(tt, ip, r.choice(["GET", "GET", "POST", "HEAD"]), p, st, ua)
            tt += r.uniform(0.3, 1.6)


# ================================================================== kube node
class KubeHost(Host):
    style = "rfc3339"

    def setup(self):
        r = self.r
        self.admins = ["ops", "marta"]
        self.real_users = {"ops", "marta", "deploy", "ubuntu", "ci"}
        self.uids = {"root": 0, "ops": 1000, "marta": 1001, "deploy": 1002, "ubuntu": 1003, "ci": 1004, "www-data": 33}
        self.weak_user = "ubuntu"
        self.dist_user = "deploy"
        self.odd_sudoer = "ci"
        self.sudo_cmds = ["/usr/local/bin/k3s kubectl get pods -A", "/usr/local/bin/k3s kubectl -n shop rollout status deploy/api",
                          "/usr/bin/journalctl -u k3s --since -1h", "/usr/bin/apt-get update", "/usr/bin/crictl ps",
                          "/usr/bin/systemctl status k3s"]
        self.office_ip, self.home_ip, self.ci_ip = rand_public_ip(r), rand_public_ip(r), rand_public_ip(r)
        self.pub_ip = rand_public_ip(r)
        self.mac = ":".join(hexid(r, 2) for _ in range(6))
        self.logind_pid = 702
        self.io_comm = "postgres"
        self.cron_stop = []
        self.pods = {
            "ingress": f"var/log/pods/ingress-nginx_ingress-nginx-controller-7d9f8b6c4-{hexid(r,5)}_{self.uuid()}/controller",
            "api": f"var/log/pods/shop_api-6c8d9f7b5-{hexid(r,5)}_{self.uuid()}/api",
            "coredns": f"var/log/pods/kube-system_coredns-ccb96694c-{hexid(r,5)}_{self.uuid()}/coredns",
            "pg": f"var/log/pods/shop_postgres-0_{self.uuid()}/postgres",
            "worker": f"var/log/pods/shop_outbox-worker-5b7c9d-{hexid(r,5)}_{self.uuid()}/worker",
        }
        self.api_paths = ["/api/v1/products", "/api/v1/products/{id}", "/api/v1/cart", "/api/v1/cart/items",
                          "/api/v1/session", "/api/v1/orders", "/api/v1/orders/{id}", "/api/v1/search", "/api/v1/recommendations"]
        self.static = ["/", "/index.html", "/assets/index-{h}.js", "/assets/index-{h}.css", "/favicon.ico", "/manifest.webmanifest",
                       "/assets/logo-{h}.svg", "/robots.txt"]
        self.asset_hash = hexid(r, 8)
        self.clients = [rand_public_ip(r) for _ in range(3000)]

    def uuid(self):
        r = self.r
        return f"{hexid(r,8)}-{hexid(r,4)}-{hexid(r,4)}-{hexid(r,4)}-{hexid(r,12)}"

    def cri(self, pod, ts, text, stream="stdout"):
        self.emit(self.pods[pod] + "/0.log", ts, f"{cri_ts(ts)} {stream} F {text}")

    def ingress_req(self, ts, ip, method, path, status, ua, upstream="shop-api-80", rt=None, size=None):
        r = self.r
        rt = rt if rt is not None else round(r.lognormvariate(-3.5, 0.8), 3)
        size = size if size is not None else (r.randint(200, 9000) if status < 300 else r.randint(100, 600))
        ups = f"10.42.0.{r.randint(10,60)}:8080"
        reqid = hexid(r, 32)
        line = (f'{ip} - - [{clf(ts)}] "{method} {path} HTTP/{r.choice(["1.1","2.0"])}" {status} {size} "{r.choice(["-", "https://shop.example.com/"])}" '
                f'"{ua}" {r.randint(200,900)} {rt:.3f} [{upstream}] [] {ups} {size} {rt:.3f} {status} {reqid}')
        self.cri("ingress", ts, line)

    def api_json(self, ts, level, msg, **kw):
        d = {"level": level, "ts": round(ts, 6), "caller": kw.pop("caller", "http/server.go:212"), "msg": msg}
        d.update(kw)
        self.cri("api", ts, json.dumps(d, separators=(",", ":")), "stderr")

    def generate(self):
        r = self.r
        self.bg_ssh(scale=1.0)
        self.bg_systemd()
        self.bg_fw("IPTables-Dropped: ", per_min=2.5)
        crons = [(lambda h, m: m == 17, "root", "cd / && run-parts --report /etc/cron.hourly"),
                 (lambda h, m: m % 30 == 5, "root", "/usr/local/bin/pv-backup.sh --target s3://backups/k3s >/dev/null 2>&1"),
                 (lambda h, m: m % 5 == 0, "root", "[ -x /usr/local/sbin/node-health ] && /usr/local/sbin/node-health --quiet"),
                 (lambda h, m: h == 3 and m == 10, "root", "/usr/local/bin/k3s etcd-snapshot save --name nightly")]
        # --- day 3 schedule
        slots = self.slots(20)
        inc = iter(slots)
        # cron that stops: pv-backup every 30 min at :05/:35
        t_cron = next(inc)
        t_cron = t_cron - (t_cron % 1800) + 300 + 1800  # next :05/:35
        self.cron_stop.append(("/usr/local/bin/pv-backup.sh --target s3://backups/k3s >/dev/null 2>&1", t_cron))
        self.add_truth("cron-missing", t_cron, {}, "pv-backup.sh, run every 30 min at :05/:35 for two days, stops running", "periodic|cron|missed|missing")
        self.bg_cron(crons)
        self.bg_k3s()
        self.bg_pods(slots_iter=inc)
        self.bg_kernel_misc()
        self.bg_metrics(next(inc))
        t = next(inc); self.inc_ssh_bruteforce(t)
        t = next(inc); self.inc_ssh_login_after_fail(t)
        t = next(inc); self.inc_ssh_enum(t)
        t = next(inc); self.inc_ssh_distributed(t)
        t = next(inc); self.inc_new_user(t)
        t = next(inc); self.inc_sudo_root(t)
        t = next(inc); self.inc_oom(t, "node", "cri-containerd-" + hexid(r, 64) + ".scope", "/")
        t = next(inc); self.inc_segfault(t, "python3", "libc.so.6")
        t = next(inc); self.inc_restart_loop(t, "node-exporter.service", "node_exporter",
                                             'ts=2026-11-11T00:00:00.000Z caller=node_exporter.go:223 level=error err="listen tcp :9100: bind: address already in use"')
        t = next(inc); self.inc_fw_surge(t, "IPTables-Dropped: ")
        t = next(inc); self.inc_hung_task(t)
        t = next(inc); self.inc_web_scan(t, self.ingress_req)
        t = next(inc); self.inc_k3s_cert(t)

    def slots(self, n):
        """n incident start times in day 3, >= 55 min apart, shuffled."""
        r = self.r
        span = DAY - 1800
        gap = span / n
        ts = [self.day3 + 900 + i * gap + r.uniform(0, gap - 3300) for i in range(n)]
        r.shuffle(ts)
        return ts

    def bg_k3s(self):
        r = self.r
        pid = 1187
        for t in self.minutes():
            for _ in range(poisson(r, 1.3)):
                ts = t + r.uniform(0, 60)
                d = utc(ts)
                klog = f"{d.month:02d}{d.day:02d} {d.strftime('%H:%M:%S')}.{d.microsecond:06d}"
                c = r.random()
                if c < 0.45:
                    msg = f'I{klog}    {pid} trace.go:236] Trace[{r.randint(10**8, 10**9)}]: "List" accept:application/json,audit-id:{self.uuid()},client:127.0.0.1,api-group:,api-version:v1,name:,subresource:,namespace:shop,protocol:HTTP/2.0,resource:pods,scope:namespace,url:/api/v1/namespaces/shop/pods,user-agent:kubectl/v1.31.2+k3s1,verb:LIST (11-Nov-2026 00:00:00.000) (total time: {r.randint(100,900)}ms):'
                elif c < 0.7:
                    msg = f'time="{d.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=info msg="COMPACT compactRev={r.randint(10**5,10**6)} targetCompactRev={r.randint(10**6,2*10**6)} currentRev={r.randint(2*10**6,3*10**6)}"'
                elif c < 0.85:
                    msg = f'E{klog}    {pid} pod_workers.go:1301] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"migrate\\" with CrashLoopBackOff: \\"back-off 5m0s restarting failed container=migrate pod=shop-migrate-28871{r.randint(100,999)}-x7k2p_shop\\"" pod="shop/shop-migrate-28871-x7k2p"'
                elif c < 0.95:
                    msg = f'W{klog}    {pid} reflector.go:484] k8s.io/client-go/informers/factory.go:160: watch of *v1.PartialObjectMetadata ended with: an error on the server ("unable to decode an event from the watch stream: http2: response body closed") has prevented the request from succeeding'
                else:
                    msg = f'time="{d.strftime("%Y-%m-%dT%H:%M:%SZ")}" level=error msg="error while range on /registry/leases/kube-system/ : context canceled"'
                self.sys("var/log/syslog", ts, "k3s", pid, msg)
            if r.random() < 0.15:
                ts = t + r.uniform(0, 60)
                cid = hexid(r, 64)
                self.sys("var/log/syslog", ts, "containerd", 1021, f'time="{utc(ts).strftime("%Y-%m-%dT%H:%M:%S.%f")}Z" level=info msg="shim disconnected" id={cid} namespace=k8s.io')
                self.sys("var/log/syslog", ts + 0.01, "containerd", 1021, f'time="{utc(ts).strftime("%Y-%m-%dT%H:%M:%S.%f")}Z" level=warning msg="cleaning up after shim disconnected" id={cid} namespace=k8s.io')

    def inc_k3s_cert(self, t):
        r = self.r
        self.add_truth("tls-cert-failure", t, {}, "k3s: webhook/serving certificate expired, x509 errors every few seconds", "tls|ssl|x509|certif|handshake")
        tt = t
        while tt < t + 1800:
            d = utc(tt)
            klog = f"{d.month:02d}{d.day:02d} {d.strftime('%H:%M:%S')}.{d.microsecond:06d}"
            self.sys("var/log/syslog", tt, "k3s", 1187,
                     f'E{klog}    1187 dispatcher.go:214] "Unhandled Error" err="failed calling webhook \\"validate.nginx.ingress.kubernetes.io\\": failed to call webhook: Post \\"https://ingress-nginx-controller-admission.ingress-nginx.svc:443/networking/v1/ingresses?timeout=10s\\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time {d.strftime("%Y-%m-%dT%H:%M:%SZ")} is after 2026-11-11T00:00:00Z"')
            tt += r.uniform(3, 12)

    def bg_kernel_misc(self):
        r = self.r
        for d in range(3):
            for _ in range(r.randint(30, 80)):  # pod churn
                ts = self.start + d * DAY + r.uniform(0, DAY)
                v = "veth" + hexid(r, 8)
                n = r.randint(2, 20)
                self.kern(ts, f"cni0: port {n}({v}) entered blocking state")
                self.kern(ts, f"cni0: port {n}({v}) entered disabled state")
                self.kern(ts, f"{v}: entered allmulticast mode")
                self.kern(ts, f"{v}: entered promiscuous mode")
                self.kern(ts + 0.02, f"cni0: port {n}({v}) entered forwarding state")
            for _ in range(r.randint(3, 12)):  # apparmor denials that are normal on this node
                ts = self.start + d * DAY + r.uniform(0, DAY)
                self.kern(ts, f'audit: type=1400 audit({ts:.3f}:{r.randint(100,999)}): apparmor="DENIED" operation="open" class="file" profile="cri-containerd.apparmor.d" name="/proc/sys/kernel/hostname" pid={self.nextpid()} comm="coredns" requested_mask="r" denied_mask="r" fsuid=65532 ouid=0')

    def bg_pods(self, slots_iter):
        r = self.r
        ua_pool = UAS
        # incidents inside pods, day 3
        t_5xx = next(slots_iter)
        t_basic = next(slots_iter)
        t_newerr = next(slots_iter)
        t_spike = next(slots_iter)
        t_silent = next(slots_iter)
        self.add_truth("http-5xx-burst", t_5xx, {}, "ingress returns 502/503 for ~70% of API requests for 6 min (api pods restarting)", "5xx|50[0-4]|server error|upstream|backend")
        self.add_truth("new-error-template", t_newerr, {}, "api logs a never-seen error: 'payment provider rejected request: invalid merchant signature' repeatedly", "never-seen|new-error|new error|new template")
        self.add_truth("template-spike", t_spike, {}, "api 'cache miss, loading from db' (normally ~1/min) at ~25/min for 25 min", "spike|rate|frequen|volume")
        self.add_truth("service-silent", t_silent, {}, "outbox-worker logs a poll line every 10 s for two days, then nothing (hung)", "silent|quiet|stopped|volume|down to", duration=6 * 3600)
        ip_basic = rand_public_ip(r)
        self.add_truth("http-basic-auth-failure", t_basic, {"ip": ip_basic}, "ingress basic auth on /admin: ~120 password mismatches from one IP", "auth|basic|password")
        for t in self.minutes():
            f = diurnal(t)
            # ingress traffic: SPA + API, ~40k-70k/day
            lam = 58 * f
            for _ in range(poisson(r, lam)):
                ts = t + r.uniform(0, 60)
                ip = r.choice(self.clients) if r.random() < 0.85 else rand_public_ip(r)
                c = r.random()
                if c < 0.72:
                    p = r.choice(self.api_paths).replace("{id}", str(r.randint(1, 5000)))
                    m = "GET" if r.random() < 0.8 else r.choice(["POST", "PUT", "DELETE"])
                    st = 200 if r.random() < 0.96 else r.choice([201, 204, 304, 400, 401, 404, 409, 422])
                    ups = "shop-api-80"
                    if t_5xx <= ts < t_5xx + 360 and r.random() < 0.7:
                        st = r.choice([502, 503, 503, 504])
                    elif r.random() < 0.0015:
                        st = r.choice([502, 504])  # a rare upstream hiccup
                    self.ingress_req(ts, ip, m, p, st, r.choice(ua_pool), upstream=ups)
                elif c < 0.95:
                    p = r.choice(self.static).replace("{h}", self.asset_hash)
                    self.ingress_req(ts, ip, "GET", p, 200 if r.random() < 0.9 else 304, r.choice(ua_pool), upstream="shop-web-80")
                else:
                    p = r.choice(["/", "/robots.txt", "/sitemap.xml", "/products/" + str(r.randint(1, 5000))])
                    self.ingress_req(ts, rand_public_ip(r), "GET", p, 200 if r.random() < 0.93 else 404, r.choice(BOT_UAS), upstream="shop-web-80")
            # api JSON logs
            for _ in range(poisson(r, 22 * f)):
                ts = t + r.uniform(0, 60)
                c = r.random()
                if c < 0.6:
                    self.api_json(ts, "info", "request completed", method="GET", path=r.choice(self.api_paths), status=200,
                                  duration_ms=round(r.lognormvariate(3, 0.7), 1), request_id=hexid(r, 16))
                elif c < 0.8:
                    self.api_json(ts, "debug", "db query", caller="store/pg.go:88", rows=r.randint(0, 50), duration_ms=round(r.lognormvariate(1, 0.8), 2))
                elif c < 0.93:
                    self.api_json(ts, "warn", "slow request", caller="http/middleware.go:61", path="/api/v1/search", duration_ms=r.randint(1000, 4000))
                else:
                    # near miss: benign errors every day
                    self.api_json(ts, "error", "write response failed", caller="http/server.go:240", error="write tcp 10.42.0.23:8080->10.42.0.9:51234: write: broken pipe", request_id=hexid(r, 16))
            lam_cm = 1.0 * f + 0.2
            if t_spike <= t < t_spike + 1500:
                lam_cm = 25
            for _ in range(poisson(r, lam_cm)):
                ts = t + r.uniform(0, 60)
                self.api_json(ts, "info", "cache miss, loading from db", caller="cache/cache.go:54", key=f"product:{r.randint(1,5000)}")
            if t_newerr <= t < t_newerr + 900 and r.random() < 0.6:
                for _ in range(r.randint(1, 3)):
                    ts = t + r.uniform(0, 60)
                    self.api_json(ts, "error", "payment provider rejected request: invalid merchant signature", caller="payments/client.go:131",
                                  order_id=r.randint(10**6, 10**7), provider="stripe", http_status=401)
            # outbox worker heartbeat
            if not (t >= t_silent):
                for k in range(6):
                    ts = t + k * 10 + r.uniform(0, 0.5)
                    if ts < t_silent:
                        self.cri("worker", ts, f"{ymd_hms_ms(ts, 'T')}Z INF outbox poll done batch=0 lag_ms={r.randint(1,40)}")
            # coredns: only errors and periodic reload messages
            if r.random() < 0.25:
                ts = t + r.uniform(0, 60)
                self.cri("coredns", ts, f"[ERROR] plugin/errors: 2 {r.choice(['api.stripe.com.', 'registry-1.docker.io.', 'sentry.io.'])} AAAA: read udp 10.42.0.{r.randint(2,9)}:{r.randint(30000,60000)}->1.1.1.1:53: i/o timeout")
            if int(t) % 3600 == 0:
                self.cri("coredns", t + 1, "[INFO] plugin/reload: Running configuration SHA512 = 8b7f2c3...")
            # postgres in pod: checkpoints, some near-miss errors
            if int(t) % 300 == 0:
                ts = t + r.uniform(0, 2)
                self.cri("pg", ts, f"{ymd_hms_ms(ts)} UTC [28] LOG:  checkpoint starting: time", "stderr")
                self.cri("pg", ts + 12, f"{ymd_hms_ms(ts+12)} UTC [28] LOG:  checkpoint complete: wrote {r.randint(5,400)} buffers ({r.uniform(0,3):.1f}%); 0 WAL file(s) added, 0 removed, 1 recycled; write={r.uniform(1,12):.3f} s, sync=0.004 s, total={r.uniform(1,13):.3f} s; sync files=12, longest=0.002 s, average=0.001 s; distance={r.randint(100,9000)} kB, estimate={r.randint(9000,12000)} kB; lsn=0/{hexid(r,8).upper()}, redo lsn=0/{hexid(r,8).upper()}", "stderr")
            if r.random() < 0.04 * f:
                ts = t + r.uniform(0, 60)
                pid = r.randint(200, 9000)
                self.cri("pg", ts, f"{ymd_hms_ms(ts)} UTC [{pid}] ERROR:  duplicate key value violates unique constraint \"cart_items_cart_id_sku_key\"", "stderr")
                self.cri("pg", ts, f"{ymd_hms_ms(ts)} UTC [{pid}] DETAIL:  Key (cart_id, sku)=({r.randint(1,90000)}, SKU-{r.randint(1000,9999)}) already exists.", "stderr")
                self.cri("pg", ts, f"{ymd_hms_ms(ts)} UTC [{pid}] STATEMENT:  INSERT INTO cart_items (cart_id, sku, qty) VALUES ($1, $2, $3)", "stderr")
        # ingress: basic auth mismatches on /admin (ingress-nginx auth-type basic) — nginx error log on stderr
        tt = t_basic
        for k in range(120):
            u = r.choice(["admin", "admin", "administrator", "root", "shop"])
            self.ingress_req(tt, ip_basic, "GET", "/admin/", 401, "python-requests/2.31.0", upstream="shop-admin-80")
            self.cri("ingress", tt, f'{utc(tt).strftime("%Y/%m/%d %H:%M:%S")} [error] {r.randint(20,40)}#{r.randint(20,40)}: *{r.randint(10**5,10**7)} user "{u}": password mismatch, client: {ip_basic}, server: admin.shop.example.com, request: "GET /admin/ HTTP/1.1", host: "admin.shop.example.com"', "stderr")
            tt += r.uniform(0.8, 4)
        # admins use basic auth too (one wrong password a day = near miss)
        for d in range(3):
            for _ in range(r.randint(5, 20)):
                tt = self.start + d * DAY + r.uniform(8, 19) * 3600
                if r.random() < 0.15:
                    self.ingress_req(tt, self.office_ip, "GET", "/admin/", 401, UAS[0], upstream="shop-admin-80")
                    self.cri("ingress", tt, f'{utc(tt).strftime("%Y/%m/%d %H:%M:%S")} [error] 31#31: *{r.randint(10**5,10**7)} user "marta": password mismatch, client: {self.office_ip}, server: admin.shop.example.com, request: "GET /admin/ HTTP/1.1", host: "admin.shop.example.com"', "stderr")
                    tt += 5
                self.ingress_req(tt, self.office_ip, "GET", "/admin/", 200, UAS[0], upstream="shop-admin-80")
        self.web_scanners_bg(self.ingress_req_scan, per_day=40)
        # deploys: api restarts (pod logs), brief 503s
        for d in range(3):
            for _ in range(r.randint(1, 3)):
                tt = self.start + d * DAY + r.uniform(9.5, 17.5) * 3600
                self.on_deploy(tt)

    def ingress_req_scan(self, ts, ip, m, p, st, ua):
        self.ingress_req(ts, ip, m, p, st, ua, upstream="upstream-default-backend")

    def on_deploy(self, ts):
        r = self.r
        self.api_json(ts, "info", "shutting down: received SIGTERM", caller="main.go:88")
        self.api_json(ts + 0.5, "info", "http server stopped", caller="main.go:97")
        self.api_json(ts + 4, "info", "starting shop api", caller="main.go:41", version=f"v1.{r.randint(10,40)}.{r.randint(0,9)}", commit=hexid(r, 7))
        self.api_json(ts + 4.2, "info", "connected to postgres", caller="store/pg.go:30", host="postgres.shop.svc")
        self.api_json(ts + 4.3, "info", "listening", caller="main.go:60", addr=":8080")
        for k in range(r.randint(1, 4)):
            self.ingress_req(ts + 1 + k, r.choice(self.clients), "GET", "/api/v1/cart", 503, UAS[0])

    def bg_metrics(self, t_disk):
        """*.metrics.jsonl every 30 s: cpu, memory, disk. Disk / fills from day 3 t_disk-25min at ~6%/h."""
        r = self.r
        grow0 = t_disk - 1500
        self.add_truth("disk-filling", t_disk, {}, "/ usage grows ~6 %/h from 55 % (log spam of a debug flag): full in ~7 h; truth start = 25 min after the growth began", "disk|forecast|full|filesystem", duration=8 * 3600)
        total = 100 * 1024**3
        mem_total = 16 * 1024**3
        used_disk = 0.52 * total
        t = self.start
        path = "var/log/logwarden/node.metrics.jsonl"
        while t < self.end:
            f = diurnal(t)
            busy = min(99.0, 12 + 45 * f + r.gauss(0, 4))
            mem_used = mem_total * (0.55 + 0.08 * f + r.gauss(0, 0.01))
            used_disk += r.gauss(0, 2e5) + 0.01 * 1024**3 / 120  # ~0.01 GiB/h slow growth
            if (t % DAY) < 60:
                used_disk -= 0.2 * 1024**3  # nightly cleanup
            d_used = used_disk
            if t >= grow0:
                d_used = used_disk + (t - grow0) / 3600 * 0.06 * total
                d_used = min(d_used, total * 0.995)
            fsl = {"device": "/dev/sda1", "fstype": "ext4", "mount": "/"}
            sample = {"ts": utc(t).strftime("%Y-%m-%dT%H:%M:%SZ"), "host": self.name, "metrics": [
                {"name": "cpu_percent", "labels": {"state": "idle"}, "value": round(100 - busy, 1)},
                {"name": "cpu_percent", "labels": {"state": "user"}, "value": round(busy * 0.7, 1)},
                {"name": "cpu_percent", "labels": {"state": "system"}, "value": round(busy * 0.3, 1)},
                {"name": "cpu_count", "value": 4},
                {"name": "load1", "value": round(busy / 25, 2)},
                {"name": "memory_total_bytes", "value": mem_total},
                {"name": "memory_available_bytes", "value": int(mem_total - mem_used)},
                {"name": "memory_used_bytes", "value": int(mem_used)},
                {"name": "memory_used_percent", "value": round(mem_used * 100 / mem_total, 2)},
                {"name": "filesystem_size_bytes", "labels": fsl, "value": total},
                {"name": "filesystem_free_bytes", "labels": fsl, "value": int(total - d_used)},
                {"name": "filesystem_available_bytes", "labels": fsl, "value": int(total - d_used)},
                {"name": "filesystem_used_percent", "labels": fsl, "value": round(d_used * 100 / total, 2)},
            ]}
            self.emit(path, t, json.dumps(sample, separators=(",", ":")))
            t += 30


# ================================================================== java host
class JavaHost(Host):
    style = "rfc5424"

    def setup(self):
        r = self.r
        self.admins = ["anna", "ops"]
        self.real_users = {"anna", "ops", "deploy", "shop", "partner1", "admin"}
        self.uids = {"root": 0, "anna": 1000, "ops": 1001, "deploy": 1002, "shop": 998, "admin": 1003, "tomcat": 997, "postgres": 115}
        self.weak_user = "admin"
        self.dist_user = "anna"
        self.odd_sudoer = "shop"
        self.sudo_cmds = ["/usr/bin/systemctl restart shop", "/usr/bin/journalctl -u tomcat10 -n 200", "/usr/bin/tail -n 100 /var/log/shop/shop.log",
                          "/usr/bin/apt-get upgrade -y", "/usr/bin/systemctl status postgresql@15-main"]
        self.office_ip, self.home_ip, self.ci_ip = rand_public_ip(r), rand_public_ip(r), rand_public_ip(r)
        self.partner_ip = rand_public_ip(r)
        self.pub_ip = rand_public_ip(r)
        self.mac = ":".join(hexid(r, 2) for _ in range(6))
        self.logind_pid = 688
        self.io_comm = "java"
        self.cron_stop = []
        self.clients = [rand_public_ip(r) for _ in range(2000)]
        self.app_pid = 2211
        self.audit_seq = 1000
        self.ses = 1

    def audit(self, ts, typ, body):
        self.audit_seq += 1
        self.emit("var/log/audit/audit.log", ts, f"type={typ} msg=audit({ts:.3f}:{self.audit_seq}): {body}")

    def audit_auth(self, ts, u, ip, ok):
        res = "success" if ok else "failed"
        pid = self.pid
        self.audit(ts, "USER_AUTH", f"pid={pid} uid=0 auid=4294967295 ses=4294967295 subj=unconfined msg='op=PAM:authentication grantors={'pam_unix' if ok else '?'} acct=\"{u if u in self.real_users or u == 'root' else '(invalid user)'}\" exe=\"/usr/sbin/sshd\" hostname={ip} addr={ip} terminal=ssh res={res}'\x1dARCH=x86_64 UID=\"root\" AUID=\"unset\"")
        if ok:
            self.ses += 1
            self.audit(ts, "USER_LOGIN", f"pid={pid} uid=0 auid={self.uids.get(u, 1000)} ses={self.ses} subj=unconfined msg='op=login id={self.uids.get(u, 1000)} exe=\"/usr/sbin/sshd\" hostname={ip} addr={ip} terminal=/dev/pts/0 res=success'")

    def audit_adduser(self, ts, u, uid):
        self.audit(ts, "ADD_GROUP", f"pid={self.pid} uid=0 auid=1000 ses={self.ses} subj=unconfined msg='op=add-group id={uid} exe=\"/usr/sbin/groupadd\" hostname={self.name} addr=? terminal=pts/1 res=success'")
        self.audit(ts, "ADD_USER", f"pid={self.pid} uid=0 auid=1000 ses={self.ses} subj=unconfined msg='op=add-user id={uid} exe=\"/usr/sbin/useradd\" hostname={self.name} addr=? terminal=pts/1 res=success'")

    def slots(self, n):
        return KubeHost.slots(self, n)

    def access(self, ts, ip, m, p, st, ua=None, user="-", size=None):
        r = self.r
        size = size if size is not None else (r.randint(300, 30000) if st == 200 else (r.randint(600, 1200) if st >= 400 else "-"))
        self.emit(self.tomcat_access_path(ts), ts, f'{ip} - {user} [{clf(ts)}] "{m} {p} HTTP/1.1" {st} {size}')

    def tomcat_access_path(self, ts):
        return "var/log/tomcat10/localhost_access_log." + utc(ts).strftime("%Y-%m-%d") + ".txt"

    def catalina(self, ts, level, thread, logger, msg):
        self.emit("var/log/tomcat10/catalina." + utc(ts).strftime("%Y-%m-%d") + ".log", ts, f"{tomcat_ts(ts)} {level} [{thread}] {logger} {msg}")

    def app(self, ts, level, thread, logger, msg, trace=None):
        line = f"{utc(ts).strftime('%Y-%m-%dT%H:%M:%S.')}{utc(ts).microsecond//1000:03d}Z {level:>5} {self.app_pid} --- [shop] [{thread:>15}] {logger:<40} : {msg}"
        if trace:
            line += "\n" + "\n".join(trace)
        self.emit("var/log/shop/shop.log", ts, line)

    def pgcsv(self, ts, sev, state, msg, user="shop", db="shop", detail="", hint="", query="", tag="", app="PostgreSQL JDBC Driver", backend="client backend"):
        r = self.r
        pid = r.randint(10000, 60000)
        def q(s):
            return '"' + s.replace('"', '""') + '"' if s else ""
        sid = f"{hexid(r,8)}.{hexid(r,4)}"
        line = (f"{ymd_hms_ms(ts)} UTC,{q(user)},{q(db)},{pid},{q('127.0.0.1:' + str(r.randint(30000,60000))) if user else ''},{sid},{r.randint(1,50)},{q(tag)},"
                f"{ymd_hms_ms(ts - r.uniform(0,3600))[:19]} UTC,{r.randint(1,9)}/{r.randint(1,99999)},0,{sev},{state},{q(msg)},{q(detail)},{q(hint)},,,,{q(query)},,,{q(app)},{q(backend)},,0")
        self.emit("var/log/postgresql/postgresql-" + utc(ts).strftime("%Y-%m-%d") + "_000000.csv", ts, line)

    def ftp(self, ts, pid, ip, msg):
        d = utc(ts)
        self.emit("var/log/proftpd/proftpd.log", ts, f"{d.strftime('%Y-%m-%d %H:%M:%S')},{d.microsecond//1000:03d} {self.name} proftpd[{pid}] {self.name} ({ip}[{ip}]): {msg}")

    def generate(self):
        r = self.r
        self.bg_ssh(scale=1.3)
        self.bg_systemd()
        slots = self.slots(19)
        inc = iter(slots)
        t_cron = next(inc)
        t_cron = t_cron - (t_cron % 3600) + 42 * 60 + 3600
        cmd = "/opt/shop/bin/export-orders.sh --since 1h >> /var/log/shop/export.log 2>&1"
        self.cron_stop.append((cmd, t_cron))
        self.add_truth("cron-missing", t_cron, {}, "hourly export-orders.sh at :42 stops running", "periodic|cron|missed|missing")
        crons = [(lambda h, m: m == 17, "root", "cd / && run-parts --report /etc/cron.hourly"),
                 (lambda h, m: m == 42, "shop", cmd),
                 (lambda h, m: m % 10 == 0, "root", "test -x /usr/lib/sysstat/debian-sa1 && /usr/lib/sysstat/debian-sa1 1 1"),
                 (lambda h, m: h == 2 and m == 30, "postgres", "/usr/local/bin/pg_dump_shop.sh")]
        self.bg_cron(crons)
        self.bg_web(inc)
        self.bg_app(inc)
        self.bg_pg(inc)
        self.bg_ftp(inc)
        self.bg_audit_misc()
        self.bg_fw_kern()
        t = next(inc); self.inc_ssh_bruteforce(t)
        t = next(inc); self.inc_ssh_login_after_fail(t)
        t = next(inc); self.inc_ssh_enum(t)
        t = next(inc); self.inc_ssh_distributed(t)
        t = next(inc); self.inc_new_user(t)
        t = next(inc); self.inc_sudo_root(t)
        t = next(inc); self.inc_oom(t, "java", "shop.service", "/")
        t_oom = t
        t = next(inc); self.inc_io_error(t)
        t = next(inc); self.inc_restart_loop(t, "pgbouncer.service", "pgbouncer",
                                             f"{ymd_hms_ms(t)} UTC [{self.pid}] FATAL cannot load TLS key file: /etc/pgbouncer/server.key: No such file or directory")
        self.bg_metrics(t_oom)

    def bg_metrics(self, t_oom):
        """*.metrics.jsonl every 30 s, from its own random stream (the log files do not change with it). The java
        heap leaks before the OOM kill: used memory climbs from ~55 % to ~97 % in the 2.5 h before it (only when
        the OOM kill is >= 3.5 h into day 3, so that the growth lies in day 3), then drops. / shows the disk-full
        episode (100 % for 10 min at t_disk)."""
        r = random.Random(f"{self.name}:metrics:{t_oom}")
        grow0 = t_oom - 9000
        leak = grow0 >= self.day3 + 1800
        if leak:
            self.add_truth("memory-growth", grow0 + 1800, {}, "used memory (java RSS) grows steadily ~16 %/h for 2.5 h until the OOM kill; truth start = 30 min after the growth began",
                           "memory|growth|leak|forecast|rss", related={"process": "java"}, duration=7200)
        mem_total = 8 * 1024**3
        total = 60 * 1024**3
        t = self.start
        while t < self.end:
            f = diurnal(t, peak=13)
            busy = min(99.0, 8 + 40 * f + r.gauss(0, 3))
            java = mem_total * (0.38 + 0.04 * f + r.gauss(0, 0.004))
            if leak and grow0 <= t < t_oom:
                java += mem_total * 0.42 * (t - grow0) / (t_oom - grow0)
            other = mem_total * (0.15 + r.gauss(0, 0.003))
            used = java + other
            d_used = total * (0.61 + 0.01 * (t - self.start) / DAY + r.gauss(0, 0.0005))
            if self.t_disk <= t < self.t_disk + 600:
                d_used = total
            fsl = {"device": "/dev/vda1", "fstype": "ext4", "mount": "/"}
            sample = {"ts": utc(t).strftime("%Y-%m-%dT%H:%M:%SZ"), "host": self.name, "metrics": [
                {"name": "cpu_percent", "labels": {"state": "idle"}, "value": round(100 - busy, 1)},
                {"name": "cpu_percent", "labels": {"state": "user"}, "value": round(busy * 0.8, 1)},
                {"name": "cpu_percent", "labels": {"state": "system"}, "value": round(busy * 0.2, 1)},
                {"name": "cpu_count", "value": 2},
                {"name": "load1", "value": round(busy / 50, 2)},
                {"name": "memory_total_bytes", "value": mem_total},
                {"name": "memory_available_bytes", "value": int(mem_total - used)},
                {"name": "memory_used_bytes", "value": int(used)},
                {"name": "memory_used_percent", "value": round(used * 100 / mem_total, 2)},
                {"name": "filesystem_size_bytes", "labels": fsl, "value": total},
                {"name": "filesystem_free_bytes", "labels": fsl, "value": int(total - d_used)},
                {"name": "filesystem_available_bytes", "labels": fsl, "value": int(total - d_used)},
                {"name": "filesystem_used_percent", "labels": fsl, "value": round(d_used * 100 / total, 2)},
            ], "top_memory": [{"pid": self.app_pid, "command": "java", "cmdline": "java -Xmx6g -jar /opt/shop/shop.jar",
                               "cpu_percent": round(busy * 1.5, 1), "rss_bytes": int(java)}]}
            self.emit("var/log/logwarden/app.metrics.jsonl", t, json.dumps(sample, separators=(",", ":")))
            t += 30

    def bg_fw_kern(self):
        # nftables drop log (Debian 12 nftables.conf with `log prefix "nft-drop: " drop`)
        self.bg_fw("nft-drop: ", per_min=1.5)

    def bg_audit_misc(self):
        r = self.r
        for t in self.minutes():
            if r.random() < 0.1:
                ts = t + r.uniform(0, 60)
                self.audit(ts, "SERVICE_START", f"pid=1 uid=0 auid=4294967295 ses=4294967295 subj=unconfined msg='unit={r.choice(['sysstat-collect','phpsessionclean','systemd-tmpfiles-clean','man-db'])} comm=\"systemd\" exe=\"/usr/lib/systemd/systemd\" hostname=? addr=? terminal=? res=success'")

    def bg_web(self, inc):
        r = self.r
        t_5xx, t_scan = next(inc), next(inc)
        self.add_truth("http-5xx-burst", t_5xx, {}, "Tomcat answers 500 to most /shop/api/checkout and /cart for 7 min (DB pool exhausted)", "5xx|50[0-4]|server error|upstream|backend")
        paths = ["/shop/", "/shop/api/products", "/shop/api/products/{id}", "/shop/api/cart", "/shop/api/checkout", "/shop/static/app.{h}.js",
                 "/shop/static/app.{h}.css", "/shop/api/session", "/shop/images/p{id}.webp"]
        h = hexid(r, 8)
        for t in self.minutes():
            f = diurnal(t, peak=13)
            for _ in range(poisson(r, 40 * f)):
                ts = t + r.uniform(0, 60)
                p = r.choice(paths).replace("{id}", str(r.randint(1, 900))).replace("{h}", h)
                st = 200 if r.random() < 0.97 else r.choice([302, 304, 404, 400])
                if t_5xx <= ts < t_5xx + 420 and "/api/" in p and r.random() < 0.75:
                    st = 500
                elif r.random() < 0.001:
                    st = 500
                self.access(ts, r.choice(self.clients), "POST" if "checkout" in p else "GET", p, st)
            # health checks from the load balancer: very regular
            for k in range(4):
                self.access(t + k * 15, "10.0.0.2", "GET", "/shop/actuator/health", 200, size=15)
            # the manager app used by ops, basic auth: one bad password now and then (near miss)
            if r.random() < 0.002:
                ts = t + r.uniform(0, 60)
                self.access(ts, self.office_ip, "GET", "/manager/html", 401, size=2473)
                self.access(ts + 7, self.office_ip, "GET", "/manager/html", 200, user="ops", size=15213)
        self.web_scanners_bg(lambda ts, ip, m, p, st, ua: self.access(ts, ip, m, p, st), per_day=45)
        self.inc_web_scan(t_scan, lambda ts, ip, m, p, st, ua: self.access(ts, ip, m, p, st))
        # tomcat restarts on deploys
        for d in range(3):
            for _ in range(r.randint(1, 2)):
                ts = self.start + d * DAY + r.uniform(10, 17) * 3600
                self.tomcat_restart(ts)

    def tomcat_restart(self, ts):
        r = self.r
        self.catalina(ts, "INFO", "main", "org.apache.catalina.core.StandardServer.await", "A valid shutdown command was received via the shutdown port. Stopping the Server instance.")
        self.catalina(ts + 0.1, "INFO", "main", "org.apache.coyote.AbstractProtocol.pause", "Pausing ProtocolHandler [\"http-nio-8080\"]")
        self.catalina(ts + 0.2, "WARNING", "main", "org.apache.catalina.loader.WebappClassLoaderBase.clearReferencesThreads",
                      "The web application [shop] appears to have started a thread named [HikariPool-1 housekeeper] but has failed to stop it. This is very likely to create a memory leak. Stack trace of thread:\n java.base/jdk.internal.misc.Unsafe.park(Native Method)\n java.base/java.util.concurrent.locks.LockSupport.parkNanos(LockSupport.java:269)")
        self.catalina(ts + 0.5, "INFO", "main", "org.apache.coyote.AbstractProtocol.destroy", "Destroying ProtocolHandler [\"http-nio-8080\"]")
        self.catalina(ts + 3, "INFO", "main", "org.apache.catalina.startup.VersionLoggerListener.log", "Server version name:   Apache Tomcat/10.1.31")
        self.catalina(ts + 3.1, "INFO", "main", "org.apache.catalina.core.AprLifecycleListener.lifecycleEvent", "The Apache Tomcat Native library which allows using OpenSSL was not found on the java.library.path: [/usr/java/packages/lib:/usr/lib64:/lib64:/lib:/usr/lib]")
        self.catalina(ts + 4, "INFO", "main", "org.apache.catalina.startup.HostConfig.deployWAR", "Deploying web application archive [/var/lib/tomcat10/webapps/shop.war]")
        self.catalina(ts + 9, "INFO", "main", "org.apache.jasper.servlet.TldScanner.scanJars", "At least one JAR was scanned for TLDs yet contained no TLDs. Enable debug logging for this logger for a complete list of JARs that were scanned but no TLDs were found in them. Skipping unneeded JARs during scanning can improve startup time and JSP compilation time.")
        self.catalina(ts + 14, "INFO", "main", "org.apache.catalina.startup.Catalina.start", f"Server startup in [{r.randint(9000,15000)}] milliseconds")

    def bg_app(self, inc):
        r = self.r
        t_newerr, t_spike, t_silent, t_tls, t_disk = next(inc), next(inc), next(inc), next(inc), next(inc)
        self.add_truth("new-error-template", t_newerr, {}, "never-seen: 'Circuit breaker 'inventory' is OPEN and does not permit further calls'", "never-seen|new-error|new error|new template")
        self.add_truth("template-spike", t_spike, {}, "'Price cache refreshed for sku' normally ~2/min at ~30/min for 20 min", "spike|rate|frequen|volume")
        self.add_truth("service-silent", t_silent, {}, "shop.log: the scheduler line every 30 s and all request logs stop (app deadlocked, process alive) for 90 min", "silent|quiet|stopped|volume|down to", duration=5400)
        self.add_truth("tls-cert-failure", t_tls, {}, "SSLHandshakeException: PKIX path validation failed: certificate expired, calling the payment API", "tls|ssl|x509|certif|handshake")
        self.add_truth("disk-full", t_disk, {}, "ENOSPC on /var: logback, PostgreSQL and Tomcat cannot write", "disk|space|enospc|full")
        self.t_app_silent = t_silent
        self.t_disk = t_disk
        threads = [f"nio-8080-exec-{i}" for i in range(1, 11)]
        for t in self.minutes():
            if t >= t_silent and t < t_silent + 5400:
                continue  # the app is hung: nothing at all for 90 minutes, then it is restarted
            f = diurnal(t, peak=13)
            for k in range(2):
                ts = t + k * 30 + r.uniform(0, 0.3)
                self.app(ts, "INFO", "scheduling-1", "c.e.shop.outbox.OutboxScheduler", f"Outbox flushed: {r.randint(0, 12) if f > 0.5 else r.randint(0,2)} events")
            for _ in range(poisson(r, 18 * f)):
                ts = t + r.uniform(0, 60)
                c = r.random()
                th = r.choice(threads)
                if c < 0.55:
                    self.app(ts, "INFO", th, "c.e.shop.web.OrderController", f"Order {r.randint(10**6, 10**7)} placed, {r.randint(1,8)} items, total {r.uniform(5,400):.2f} EUR")
                elif c < 0.8:
                    self.app(ts, "DEBUG", th, "c.e.shop.cart.CartService", f"Cart {r.randint(10**5,10**6)} updated")
                elif c < 0.9:
                    self.app(ts, "WARN", th, "o.h.engine.jdbc.spi.SqlExceptionHelper", "SQL Error: 0, SQLState: 23505")
                    self.app(ts, "ERROR", th, "o.h.engine.jdbc.spi.SqlExceptionHelper", f"ERROR: duplicate key value violates unique constraint \"uk_cart_item\"\n  Detail: Key (cart_id, sku)=({r.randint(1,90000)}, SKU-{r.randint(1000,9999)}) already exists.")
                elif c < 0.96:
                    self.app(ts, "WARN", th, "o.s.w.s.m.s.DefaultHandlerExceptionResolver", "Resolved [org.springframework.web.HttpRequestMethodNotSupportedException: Request method 'GET' is not supported]")
                else:
                    self.app(ts, "ERROR", th, "o.a.c.c.C.[.[.[/shop].[dispatcherServlet]",
                             "Servlet.service() for servlet [dispatcherServlet] in context with path [/shop] threw exception",
                             trace=["org.apache.catalina.connector.ClientAbortException: java.io.IOException: Broken pipe",
                                    "\tat org.apache.catalina.connector.OutputBuffer.realWriteBytes(OutputBuffer.java:341)",
                                    "\tat org.apache.catalina.connector.OutputBuffer.flushByteBuffer(OutputBuffer.java:778)",
                                    "\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)",
                                    "Caused by: java.io.IOException: Broken pipe",
                                    "\tat java.base/sun.nio.ch.SocketDispatcher.write0(Native Method)",
                                    "\t... 58 common frames omitted"])
            lam = 2.0 if not (t_spike <= t < t_spike + 1200) else 30
            for _ in range(poisson(r, lam)):
                ts = t + r.uniform(0, 60)
                self.app(ts, "INFO", "price-refresh-1", "c.e.shop.pricing.PriceCache", f"Price cache refreshed for sku SKU-{r.randint(1000,9999)} in {r.randint(2,80)} ms")
            if t_newerr <= t < t_newerr + 1200 and r.random() < 0.7:
                ts = t + r.uniform(0, 60)
                self.app(ts, "ERROR", r.choice(threads), "c.e.shop.inventory.InventoryClient",
                         "Inventory lookup failed, serving cached stock",
                         trace=["io.github.resilience4j.circuitbreaker.CallNotPermittedException: CircuitBreaker 'inventory' is OPEN and does not permit further calls",
                                "\tat io.github.resilience4j.circuitbreaker.CallNotPermittedException.createCallNotPermittedException(CallNotPermittedException.java:48)",
                                "\tat com.example.shop.inventory.InventoryClient.stock(InventoryClient.java:77)"])
            if t_tls <= t < t_tls + 1800 and r.random() < 0.5:
                ts = t + r.uniform(0, 60)
                self.app(ts, "ERROR", r.choice(threads), "c.e.shop.payment.PaymentGatewayClient",
                         f"Payment authorization failed for order {r.randint(10**6,10**7)}",
                         trace=["org.springframework.web.client.ResourceAccessException: I/O error on POST request for \"https://api.payfast-gw.example/v2/authorize\": PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed",
                                "\tat org.springframework.web.client.RestTemplate.createResourceAccessException(RestTemplate.java:915)",
                                "Caused by: javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed",
                                "\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:130)",
                                "\tat java.base/sun.security.ssl.TransportContext.fatal(TransportContext.java:383)",
                                "Caused by: java.security.cert.CertificateExpiredException: NotAfter: Tue Nov 10 23:59:59 UTC 2026",
                                "\t... 45 common frames omitted"])
        # restart after the hang
        ts = t_silent + 5400
        self.sys("var/log/syslog", ts, "systemd", 1, "shop.service: Deactivated successfully.")
        self.sys("var/log/syslog", ts + 3, "systemd", 1, "Started shop.service - Shop backend.")
        self.app(ts + 9, "INFO", "main", "c.e.shop.ShopApplication", f"Started ShopApplication in 8.412 seconds (process running for 9.1)")
        # disk full: several writers at once, 10 minutes
        tt = t_disk
        while tt < t_disk + 600:
            c = r.random()
            if c < 0.3:
                self.app(tt, "ERROR", "scheduling-1", "c.e.shop.export.ReportWriter", "Could not write report /var/lib/shop/reports/daily.csv",
                         trace=["java.io.IOException: No space left on device", "\tat java.base/java.io.FileOutputStream.writeBytes(Native Method)"])
            elif c < 0.6:
                self.pgcsv(tt, "ERROR", "53100", 'could not extend file "base/16384/24611": No space left on device', hint="Check free disk space.", tag="INSERT")
            elif c < 0.8:
                self.catalina(tt, "SEVERE", "http-nio-8080-exec-3", "org.apache.catalina.valves.AccessLogValve.log", "Failed to write to access log: java.io.IOException: No space left on device")
            else:
                self.sys("var/log/syslog", tt, "rsyslogd", 612, "file '/var/log/syslog'[7] write error - see https://www.rsyslog.com/solving-rsyslog-write-errors/ for help OS error: No space left on device [v8.2302.0 try https://www.rsyslog.com/e/2027 ]")
            tt += r.uniform(2, 15)
        # deploys restart the app
        for d in range(3):
            ts = self.start + d * DAY + r.uniform(10, 17) * 3600
            self.app(ts, "INFO", "SpringApplicationShutdownHook", "o.s.b.w.e.tomcat.GracefulShutdown", "Commencing graceful shutdown. Waiting for active requests to complete")
            self.app(ts + 2, "INFO", "main", "c.e.shop.ShopApplication", "Starting ShopApplication v2.14.%d using Java 21.0.5 with PID %d" % (d, self.app_pid))
            self.app(ts + 3, "WARN", "main", "o.s.b.a.o.j.JpaBaseConfiguration$JpaWebConfiguration", "spring.jpa.open-in-view is enabled by default. Therefore, database queries may be performed during view rendering. Explicitly configure spring.jpa.open-in-view to disable this warning")
            self.app(ts + 9, "INFO", "main", "c.e.shop.ShopApplication", "Started ShopApplication in 7.993 seconds (process running for 8.7)")

    def bg_pg(self, inc):
        r = self.r
        t_db = next(inc)
        self.add_truth("db-errors", t_db, {}, "PostgreSQL: FATAL sorry, too many clients already, ~200 times in 8 min", "database|postgres|sql|connection")
        for t in self.minutes():
            f = diurnal(t, peak=13)
            if int(t) % 300 == 0:
                self.pgcsv(t + 1, "LOG", "00000", "checkpoint starting: time", user="", db="", app="", backend="checkpointer")
                self.pgcsv(t + 20, "LOG", "00000", f"checkpoint complete: wrote {r.randint(3,600)} buffers ({r.uniform(0,4):.1f}%); 0 WAL file(s) added, 0 removed, {r.randint(0,2)} recycled; write={r.uniform(1,25):.3f} s, sync=0.006 s, total={r.uniform(1,26):.3f} s; sync files=19, longest=0.003 s, average=0.001 s; distance={r.randint(100,9000)} kB, estimate={r.randint(9000,12000)} kB", user="", db="", app="", backend="checkpointer")
            for _ in range(poisson(r, 0.6 * f)):
                ts = t + r.uniform(0, 60)
                self.pgcsv(ts, "ERROR", "23505", 'duplicate key value violates unique constraint "uk_cart_item"', detail=f"Key (cart_id, sku)=({r.randint(1,90000)}, SKU-{r.randint(1000,9999)}) already exists.",
                           query="insert into cart_item (cart_id,qty,sku,id) values ($1,$2,$3,$4)", tag="INSERT")
            if r.random() < 0.02:
                ts = t + r.uniform(0, 60)
                self.pgcsv(ts, "LOG", "00000", f"automatic vacuum of table \"shop.public.cart_item\": index scans: 1\npages: 0 removed, {r.randint(100,900)} remain, {r.randint(10,90)} scanned (5.1% of total)", user="", db="", app="", backend="autovacuum worker")
            if r.random() < 0.01:
                ts = t + r.uniform(0, 60)
                self.pgcsv(ts, "ERROR", "57014", "canceling statement due to statement timeout", query="select * from order_report where created_at > $1", tag="SELECT")
            if r.random() < 0.004:
                ts = t + r.uniform(0, 60)
                self.pgcsv(ts, "FATAL", "28P01", 'password authentication failed for user "metabase"', user="metabase", db="shop", detail='Connection matched file "/etc/postgresql/15/main/pg_hba.conf" line 102: "host all all 127.0.0.1/32 scram-sha-256"', app="", tag="authentication")
        tt = t_db
        while tt < t_db + 480:
            self.pgcsv(tt, "FATAL", "53300", "sorry, too many clients already", tag="startup", app="")
            tt += r.uniform(0.5, 4.5)

    def bg_ftp(self, inc):
        r = self.r
        t_ftp = next(inc)
        ip = rand_public_ip(r)
        self.add_truth("ftp-auth-failure", t_ftp, {"ip": ip}, "ProFTPD: ~150 failed logins for several users from one IP", "ftp|auth|login")
        for d in range(3):
            for h in range(24):
                ts = self.start + d * DAY + h * 3600 + 120 + r.uniform(0, 60)
                pid = self.nextpid()
                self.ftp(ts, pid, self.partner_ip, "FTP session opened.")
                self.ftp(ts + 0.4, pid, self.partner_ip, "USER partner1: Login successful.")
                self.ftp(ts + 3, pid, self.partner_ip, "FTP session closed.")
            for _ in range(r.randint(8, 20)):  # background: scanners trying anonymous / ftp
                ts = self.start + d * DAY + r.uniform(0, DAY)
                sip = rand_public_ip(r)
                pid = self.nextpid()
                self.ftp(ts, pid, sip, "FTP session opened.")
                for _ in range(r.randint(1, 3)):
                    u = r.choice(["anonymous", "ftp", "admin", "test"])
                    if u in ("anonymous", "ftp"):
                        self.ftp(ts + 1, pid, sip, "ANON anonymous: no such user found")
                    else:
                        self.ftp(ts + 1, pid, sip, f"USER {u}: no such user found from {sip} [{sip}] to {self.pub_ip}:21")
                    ts += 2
                self.ftp(ts + 1, pid, sip, "FTP session closed.")
        tt = t_ftp
        pid = self.nextpid()
        for k in range(150):
            if k % 3 == 0:
                pid = self.nextpid()
                self.ftp(tt, pid, ip, "FTP session opened.")
            u = r.choice(["partner1", "admin", "shop", "ftpuser", "backup"])
            if u in self.real_users:
                self.ftp(tt + 0.5, pid, ip, f"USER {u} (Login failed): Incorrect password")
            else:
                self.ftp(tt + 0.5, pid, ip, f"USER {u}: no such user found from {ip} [{ip}] to {self.pub_ip}:21")
            tt += r.uniform(1, 4)
            if k % 3 == 2:
                self.ftp(tt, pid, ip, "FTP session closed.")


# ================================================================== edge host
class EdgeHost(Host):
    style = "shortiso"

    def setup(self):
        r = self.r
        self.admins = ["lukas", "it"]
        self.real_users = {"lukas", "it", "deploy", "scanner", "office", "backup"}
        self.uids = {"root": 0, "lukas": 1000, "it": 1001, "deploy": 1002, "scanner": 1003, "office": 1004, "backup": 1005, "www-data": 33}
        self.weak_user = "office"
        self.dist_user = "lukas"
        self.odd_sudoer = "backup"
        self.sudo_cmds = ["/usr/sbin/nft list ruleset", "/usr/bin/systemctl reload named", "/usr/sbin/rndc flush",
                          "/usr/bin/systemctl restart openvpn-server@server", "/usr/sbin/squid -k reconfigure"]
        self.office_ip, self.home_ip, self.ci_ip = rand_public_ip(r), rand_public_ip(r), rand_public_ip(r)
        self.pub_ip = rand_public_ip(r)
        self.mac = ":".join(hexid(r, 2) for _ in range(6))
        self.logind_pid = 540
        self.io_comm = "squid"
        self.cron_stop = []
        self.lan = [f"192.168.10.{i}" for i in range(20, 80)]
        self.vpn_users = ["lukas", "it", "sara", "tom", "eva", "jonas", "mia"]
        self.sites = ["www.google.com:443", "outlook.office365.com:443", "teams.microsoft.com:443", "github.com:443", "slack.com:443",
                      "www.heise.de:443", "update.microsoft.com:443", "api.dropboxapi.com:443", "www.youtube.com:443", "zoom.us:443"]

    def slots(self, n):
        return KubeHost.slots(self, n)

    def lighttpd_access(self, ts, ip, m, p, st, ua, user="-"):
        r = self.r
        self.emit("var/log/lighttpd/access.log", ts, f'{ip} intranet.example.org {user} [{clf(ts)}] "{m} {p} HTTP/1.1" {st} {r.randint(200,20000) if st == 200 else r.randint(300,900)} "-" "{ua}"')

    def lighttpd_err(self, ts, msg):
        self.emit("var/log/lighttpd/error.log", ts, f"{utc(ts).strftime('%Y-%m-%d %H:%M:%S')}: {msg}")

    def squid(self, ts, ip, code, size, method, url, hier="HIER_DIRECT", peer=None, ctype="-"):
        r = self.r
        peer = peer or rand_public_ip(r)
        self.emit("var/log/squid/access.log", ts, f"{ts:.3f} {r.randint(1,3000):6d} {ip} {code} {size} {method} {url} - {hier}/{peer if hier != 'HIER_NONE' else '-'} {ctype}")

    def named(self, ts, path, cat, sev, msg):
        d = utc(ts)
        self.emit(path, ts, f"{d.day:02d}-{MON[d.month-1]}-{d.year} {d.strftime('%H:%M:%S')}.{d.microsecond//1000:03d} {cat}: {sev}: {msg}")

    def vpn(self, ts, msg):
        self.emit("var/log/openvpn/server.log", ts, f"{utc(ts).strftime('%Y-%m-%d %H:%M:%S')} {msg}")

    def asterisk(self, ts, msg):
        self.emit("var/log/asterisk/messages.log", ts, f"[{utc(ts).strftime('%Y-%m-%d %H:%M:%S')}] {msg}")

    def generate(self):
        r = self.r
        self.bg_ssh(scale=0.7)
        self.bg_systemd()
        self.bg_fw("nft-drop: ", per_min=4)
        slots = self.slots(20)
        inc = iter(slots)
        t_cron = next(inc)
        t_cron = t_cron - (t_cron % 900) + 900 + 7 * 60
        cmd = "/usr/local/sbin/wan-check.sh"
        self.cron_stop.append((cmd, t_cron))
        self.add_truth("cron-missing", t_cron, {}, "wan-check.sh every 15 min at :07/:22/:37/:52 stops running", "periodic|cron|missed|missing")
        crons = [(lambda h, m: m == 17, "root", "cd / && run-parts --report /etc/cron.hourly"),
                 (lambda h, m: m % 15 == 7, "root", cmd),
                 (lambda h, m: m % 5 == 1, "root", "/usr/lib/x86_64-linux-gnu/sa/sa1 1 1"),
                 (lambda h, m: h == 4 and m == 0, "backup", "/home/backup/bin/rsync-nas.sh")]
        self.bg_cron(crons)
        self.bg_web(inc)
        self.bg_squid(inc)
        self.bg_dns(inc)
        self.bg_vpn(inc)
        self.bg_mail_ftp(inc)
        self.bg_asterisk()
        t = next(inc); self.inc_ssh_bruteforce(t)
        t = next(inc); self.inc_ssh_login_after_fail(t)
        t = next(inc); self.inc_ssh_enum(t)
        t = next(inc); self.inc_ssh_distributed(t)
        t = next(inc); self.inc_new_user(t)
        t = next(inc); self.inc_sudo_root(t)
        t = next(inc); self.inc_segfault(t, "named", "libisc-9.18.28-1~deb12u2-Debian.so")
        t = next(inc); self.inc_fw_surge(t, "nft-drop: ")
        t = next(inc); self.inc_restart_loop(t, "openvpn-server@server.service", "openvpn",
                                             "Options error: --ca fails with '/etc/openvpn/server/ca.crt': No such file or directory (errno=2)")

    def bg_web(self, inc):
        r = self.r
        t_scan, t_basic, t_5xx = next(inc), next(inc), next(inc)
        ip_basic = rand_public_ip(r)
        self.add_truth("http-basic-auth-failure", t_basic, {"ip": ip_basic}, "lighttpd mod_auth: ~150 wrong passwords for /admin/ from one IP", "auth|basic|password")
        self.add_truth("http-5xx-burst", t_5xx, {}, "lighttpd: php-fpm backend down, 503 for every dynamic page for 8 min", "5xx|50[0-4]|server error|upstream|backend")
        pages = ["/", "/wiki/Start", "/wiki/VPN", "/wiki/Drucker", "/phonebook.php", "/status.php", "/css/main.css", "/js/app.js", "/img/logo.png"]
        for t in self.minutes():
            f = diurnal(t, peak=11, low=0.05)
            for _ in range(poisson(r, 6 * f)):
                ts = t + r.uniform(0, 60)
                ip = r.choice(self.lan) if r.random() < 0.6 else r.choice([self.office_ip, self.home_ip])
                p = r.choice(pages)
                st = 200
                if p.endswith(".php") and t_5xx <= ts < t_5xx + 480:
                    st = 503
                self.lighttpd_access(ts, ip, "GET", p, st, r.choice(UAS), user=r.choice(["-", "-", "sara", "tom"]))
            if t_5xx <= t < t_5xx + 480:
                for _ in range(r.randint(1, 3)):
                    ts = t + r.uniform(0, 60)
                    self.lighttpd_err(ts, f"(gw_backend.c.{r.choice([299,923])}) establishing connection failed: Connection refused socket: unix:/run/php/php8.2-fpm.sock")
                    self.lighttpd_err(ts, "(gw_backend.c.946) backend error; we'll disable for 1secs and send the request to another backend instead: load: 0")
                    self.lighttpd_access(ts, r.choice(self.lan), "GET", "/status.php", 503, r.choice(UAS))
            if r.random() < 0.004:  # an employee mistypes the wiki password (near miss)
                ts = t + r.uniform(0, 60)
                u = r.choice(["sara", "tom", "eva"])
                self.lighttpd_err(ts, f"(mod_auth.c.1005) password doesn't match for /wiki/Start username: {u} IP: {r.choice(self.lan)}")
        self.web_scanners_bg(lambda ts, ip, m, p, st, ua: self.lighttpd_access(ts, ip, m, p, st, ua), per_day=25)
        self.inc_web_scan(t_scan, lambda ts, ip, m, p, st, ua: self.lighttpd_access(ts, ip, m, p, st, ua))
        tt = t_basic
        for k in range(150):
            u = r.choice(["admin", "admin", "root", "administrator", "lukas", "it"])
            self.lighttpd_err(tt, f"(mod_auth.c.1005) password doesn't match for /admin/ username: {u} IP: {ip_basic}")
            self.lighttpd_access(tt, ip_basic, "GET", "/admin/", 401, "Mozilla/5.0", user=u)
            tt += r.uniform(0.5, 3)

    def bg_squid(self, inc):
        r = self.r
        t_silent, t_disk = next(inc), next(inc)
        self.add_truth("service-silent", t_silent, {}, "squid access.log (LAN proxy, busy all working hours) goes silent for 3 h: squid hung", "silent|quiet|stopped|volume|down to", duration=3 * 3600)
        self.add_truth("disk-full", t_disk, {}, "squid cache_dir and journald: No space left on device", "disk|space|enospc|full")
        for t in self.minutes():
            if t_silent <= t < t_silent + 3 * 3600:
                continue
            f = diurnal(t, peak=11, low=0.04)
            for _ in range(poisson(r, 45 * f + 1)):
                ts = t + r.uniform(0, 60)
                ip = r.choice(self.lan)
                c = r.random()
                if c < 0.75:
                    self.squid(ts, ip, "TCP_TUNNEL/200", r.randint(500, 900000), "CONNECT", r.choice(self.sites))
                elif c < 0.9:
                    self.squid(ts, ip, r.choice(["TCP_MISS/200", "TCP_MEM_HIT/200", "TCP_REFRESH_UNMODIFIED/304"]), r.randint(300, 50000), "GET",
                               f"http://{r.choice(['deb.debian.org', 'security.debian.org', 'ocsp.digicert.com', 'ctldl.windowsupdate.com'])}/{hexid(r,8)}", ctype="application/octet-stream")
                else:
                    # near miss: denied by policy all day long
                    self.squid(ts, ip, "TCP_DENIED/403", 3890, "CONNECT", r.choice(["www.tiktok.com:443", "bet365.com:443", "torrentz2.eu:443"]), hier="HIER_NONE", ctype="text/html")
        self.sys(self.journal, t_silent + 3 * 3600, "systemd", 1, "squid.service: State 'stop-sigterm' timed out. Killing.")
        self.sys(self.journal, t_silent + 3 * 3600 + 2, "systemd", 1, "Started squid.service - Squid Web Proxy Server.")
        tt = t_disk
        while tt < t_disk + 900:
            c = r.random()
            if c < 0.5:
                self.sys(self.journal, tt, "squid", 1402, "ERROR: /var/spool/squid/00/1F/00001F3A: (28) No space left on device")
            elif c < 0.7:
                self.sys(self.journal, tt, "squid", 1402, "WARNING: swapout failed with error: (28) No space left on device")
            elif c < 0.85:
                self.sys(self.journal, tt, "systemd-journald", 312, "Failed to write entry (22 items, 712 bytes), ignoring: No space left on device")
            else:
                self.sys(self.journal, tt, "named", 733, "dumping master file: /var/cache/bind/tmp-kQ1x2Fh9: open: out of space")
            tt += r.uniform(3, 20)

    def bg_dns(self, inc):
        r = self.r
        t_new, t_spike = next(inc), next(inc)
        self.add_truth("new-error-template", t_new, {}, "named: never-seen 'zone office.lan/IN: loading from master file db.office.lan failed: permission denied'... and 'not loaded due to errors'", "never-seen|new-error|new error|new template")
        self.add_truth("template-spike", t_spike, {}, "named 'lame server resolving' (normally a few an hour) x15 for 25 min", "spike|rate|frequen|volume")
        names = ["www.google.com", "outlook.office365.com", "teams.microsoft.com", "fileserver.office.lan", "printer1.office.lan",
                 "wpad.office.lan", "github.com", "time.windows.com", "api.dropboxapi.com"]
        for t in self.minutes():
            f = diurnal(t, peak=11, low=0.08)
            for _ in range(poisson(r, 70 * f)):
                ts = t + r.uniform(0, 60)
                ip = r.choice(self.lan)
                n = r.choice(names)
                self.named(ts, "var/log/named/queries.log", "queries", "info",
                           f"client @0x7f{hexid(r,9)} {ip}#{r.randint(1024,65535)} ({n}): query: {n} IN {r.choice(['A','A','AAAA','HTTPS'])} +E(0)K ({'192.168.10.1'})")
            for _ in range(poisson(r, 0.6)):
                ts = t + r.uniform(0, 60)
                ip = rand_public_ip(r)
                self.named(ts, "var/log/named/security.log", "security", "info",
                           f"client @0x7f{hexid(r,9)} {ip}#{r.randint(1024,65535)} ({r.choice(['version.bind', 'sl', 'isc.org', 'google.com'])}): query (cache) '{r.choice(['version.bind/TXT/CH', 'sl/ANY/IN', 'isc.org/ANY/IN', 'google.com/A/IN'])}' denied")
            lam = 0.08 if not (t_spike <= t < t_spike + 1500) else 4.0
            for _ in range(poisson(r, lam)):
                ts = t + r.uniform(0, 60)
                self.named(ts, "var/log/named/default.log", "lame-servers", "info",
                           f"lame server resolving '{r.choice(['cdn.example-shop.de', 'mail.kunden-portal.eu', 'ns.tracker.example'])}' (in '{r.choice(['example-shop.de', 'kunden-portal.eu'])}'?): {rand_public_ip(r)}#53")
            if r.random() < 0.02:
                ts = t + r.uniform(0, 60)
                self.named(ts, "var/log/named/default.log", "resolver", "info",
                           f"validating {r.choice(['example.net', 'shop-alt.de'])}/DS: got insecure response; parent indicates it should be secure")
        tt = t_new
        for k in range(4):
            self.named(tt, "var/log/named/default.log", "general", "error", "zone office.lan/IN: loading from master file /etc/bind/db.office.lan failed: permission denied")
            self.named(tt, "var/log/named/default.log", "general", "error", "zone office.lan/IN: not loaded due to errors.")
            tt += r.uniform(60, 300)

    def bg_vpn(self, inc):
        r = self.r
        t_tls = next(inc)
        self.add_truth("tls-cert-failure", t_tls, {}, "OpenVPN: the client certificate of user 'jonas' expired: VERIFY ERROR certificate has expired, TLS handshake failed, retried every ~10 s", "tls|ssl|x509|certif|handshake")
        for d in range(3):
            for u in self.vpn_users:
                if r.random() < 0.75:
                    ts = self.start + d * DAY + r.uniform(6.5, 10) * 3600
                    ip = rand_public_ip(r)
                    port = r.randint(30000, 60000)
                    self.vpn(ts, f"{ip}:{port} TLS: Initial packet from [AF_INET]{ip}:{port}, sid={hexid(r,8)} {hexid(r,8)}")
                    self.vpn(ts + 0.2, f"{ip}:{port} VERIFY OK: depth=1, CN=Office CA")
                    self.vpn(ts + 0.2, f"{ip}:{port} VERIFY OK: depth=0, CN={u}")
                    self.vpn(ts + 0.4, f"{ip}:{port} [{u}] Peer Connection Initiated with [AF_INET]{ip}:{port}")
                    self.vpn(ts + 0.5, f"{u}/{ip}:{port} MULTI_sva: pool returned IPv4=10.8.0.{r.randint(2,60)}, IPv6=(Not enabled)")
                    self.vpn(ts + r.uniform(3600, 9 * 3600), f"{u}/{ip}:{port} [{u}] Inactivity timeout (--ping-restart), restarting")
            for _ in range(r.randint(20, 60)):  # internet scanners hitting the UDP port: near misses
                ts = self.start + d * DAY + r.uniform(0, DAY)
                ip = rand_public_ip(r)
                port = r.randint(1024, 65535)
                self.vpn(ts, f"{ip}:{port} TLS: Initial packet from [AF_INET]{ip}:{port}, sid={hexid(r,8)} {hexid(r,8)}")
                self.vpn(ts + 60, f"{ip}:{port} TLS Error: TLS key negotiation failed to occur within 60 seconds (check your network connectivity)")
                self.vpn(ts + 60, f"{ip}:{port} TLS Error: TLS handshake failed")
        tt = t_tls
        ip = rand_public_ip(r)
        self.truth[-1]["related"] = {"ip": ip, "user": "jonas"}
        while tt < t_tls + 1500:
            port = r.randint(30000, 60000)
            self.vpn(tt, f"{ip}:{port} TLS: Initial packet from [AF_INET]{ip}:{port}, sid={hexid(r,8)} {hexid(r,8)}")
            self.vpn(tt + 0.2, f"{ip}:{port} VERIFY ERROR: depth=0, error=certificate has expired: CN=jonas, serial=4")
            self.vpn(tt + 0.2, f"{ip}:{port} OpenSSL: error:0A000086:SSL routines::certificate verify failed:")
            self.vpn(tt + 0.2, f"{ip}:{port} TLS_ERROR: BIO read tls_read_plaintext error")
            self.vpn(tt + 0.2, f"{ip}:{port} TLS Error: TLS object -> incoming plaintext read error")
            self.vpn(tt + 0.2, f"{ip}:{port} TLS Error: TLS handshake failed")
            tt += r.uniform(8, 14)

    def bg_mail_ftp(self, inc):
        r = self.r
        t_mail, t_ftp = next(inc), next(inc)
        ip_mail, ip_ftp = rand_public_ip(r), rand_public_ip(r)
        self.add_truth("mail-auth-failure", t_mail, {"ip": ip_mail}, "OpenSMTPD: ~120 AUTH LOGIN failures from one IP (session ids tie the IP to the failures)", "mail|smtp|auth")
        self.add_truth("ftp-auth-failure", t_ftp, {"ip": ip_ftp}, "Pure-FTPd: ~130 authentication failures from one IP", "ftp|auth")
        J = self.journal

        def smtp_session(ts, ip, rdns, outcome, user=None):
            sid = hexid(r, 16)
            pid = 1133
            self.sys(J, ts, "smtpd", pid, f"{sid} smtp connected address={ip} host={rdns}")
            if outcome == "auth-fail":
                self.sys(J, ts + 0.5, "smtpd", pid, f"{sid} smtp tls ciphers=TLSv1.3:TLS_AES_256_GCM_SHA384:256")
                self.sys(J, ts + 1.5, "smtpd", pid, f"{sid} smtp authentication user={user} result=permfail")
                self.sys(J, ts + 1.5, "smtpd", pid, f"{sid} smtp failed-command command=\"AUTH LOGIN (password)\" result=\"535 Authentication failed\"")
                self.sys(J, ts + 2.0, "smtpd", pid, f"{sid} smtp disconnected reason=quit")
            elif outcome == "ok":
                self.sys(J, ts + 0.5, "smtpd", pid, f"{sid} smtp tls ciphers=TLSv1.3:TLS_AES_256_GCM_SHA384:256")
                self.sys(J, ts + 0.8, "smtpd", pid, f"{sid} smtp authentication user={user} result=ok")
                mid = hexid(r, 8)
                self.sys(J, ts + 1.2, "smtpd", pid, f"{sid} smtp message msgid={mid} size={r.randint(2000,900000)} nrcpt=1 proto=ESMTP")
                self.sys(J, ts + 1.3, "smtpd", pid, f"{sid} smtp envelope evpid={mid}{hexid(r,8)} from=<{user}@example.org> to=<{r.choice(['info','kontakt','j.meyer'])}@partner.example>")
                self.sys(J, ts + 2.0, "smtpd", pid, f"{sid} smtp disconnected reason=quit")
                self.sys(J, ts + 3.0, "smtpd", pid, f"{hexid(r,16)} mta delivery evpid={mid}{hexid(r,8)} from=<{user}@example.org> to=<x@partner.example> rcpt=<-> source=\"{self.pub_ip}\" relay=\"mx.partner.example\" delay=2s result=\"Ok\" stat=\"250 2.0.0 Ok: queued\"")
            else:  # scanners: connect, no TLS, gone
                self.sys(J, ts + 0.3, "smtpd", pid, f"{sid} smtp failed-command command=\"EHLO {r.choice(['User','localhost','win-7ub1f5oa'])}\" result=\"250 ok\"" if r.random() < 0.1 else f"{sid} smtp disconnected reason=disconnect")

        for d in range(3):
            day0 = self.start + d * DAY
            for _ in range(r.randint(40, 90)):
                ts = day0 + r.uniform(7, 19) * 3600
                smtp_session(ts, r.choice([self.office_ip, self.home_ip]), "mail-gw.example.org", "ok", user=r.choice(["lukas", "office", "it"]))
            for _ in range(r.randint(60, 150)):
                ts = day0 + r.uniform(0, DAY)
                smtp_session(ts, rand_public_ip(r), "<unknown>", "scan")
            for _ in range(r.randint(5, 15)):  # background: password sprayers, 1-3 tries each
                ts = day0 + r.uniform(0, DAY)
                ip = rand_public_ip(r)
                for _ in range(r.randint(1, 3)):
                    smtp_session(ts, ip, "<unknown>", "auth-fail", user=r.choice(["info", "admin", "test", "office"]))
                    ts += r.uniform(5, 30)
            # Pure-FTPd: scanners a few a day, the scanner-to-FTP copier every 10 min (office MFP)
            for k in range(0, 144):
                ts = day0 + k * 600 + r.uniform(0, 20)
                if 7 <= (k // 6) <= 18 and r.random() < 0.3:
                    self.sys(J, ts, "pure-ftpd", self.nextpid(), f"(?@192.168.10.9) [INFO] New connection from 192.168.10.9")
                    self.sys(J, ts + 0.2, "pure-ftpd", self.pid, f"(?@192.168.10.9) [INFO] scanner is now logged in")
                    self.sys(J, ts + 1.5, "pure-ftpd", self.pid, f"(scanner@192.168.10.9) [NOTICE] /srv/ftp/scans//scan_{utc(ts).strftime('%Y%m%d%H%M%S')}.pdf uploaded  ({r.randint(80,900)}KB, {r.uniform(2,20):.2f}KB/sec)")
                    self.sys(J, ts + 1.7, "pure-ftpd", self.pid, f"(scanner@192.168.10.9) [INFO] Logout.")
            for _ in range(r.randint(5, 15)):
                ts = day0 + r.uniform(0, DAY)
                ip = rand_public_ip(r)
                self.sys(J, ts, "pure-ftpd", self.nextpid(), f"(?@{ip}) [INFO] New connection from {ip}")
                for _ in range(r.randint(1, 2)):
                    self.sys(J, ts + 1, "pure-ftpd", self.pid, f"(?@{ip}) [WARNING] Authentication failed for user [{r.choice(['anonymous', 'ftp', 'admin'])}]")
                    ts += 3
                self.sys(J, ts + 2, "pure-ftpd", self.pid, f"(?@{ip}) [INFO] Logout.")
        tt = t_mail
        for k in range(120):
            smtp_session(tt, ip_mail, "<unknown>", "auth-fail", user=r.choice(["info@example.org", "admin@example.org", "lukas@example.org", "office", "sales@example.org"]))
            tt += r.uniform(1.5, 5)
        tt = t_ftp
        for k in range(130):
            if k % 4 == 0:
                pid = self.nextpid()
                self.sys(J, tt, "pure-ftpd", pid, f"(?@{ip_ftp}) [INFO] New connection from {ip_ftp}")
            self.sys(J, tt + 0.6, "pure-ftpd", pid, f"(?@{ip_ftp}) [WARNING] Authentication failed for user [{r.choice(['scanner', 'admin', 'ftp', 'office', 'backup'])}]")
            tt += r.uniform(1, 3.5)

    def bg_asterisk(self):
        r = self.r
        for t in self.minutes():
            for _ in range(poisson(r, 1.2)):  # SIP scanners: constant, hostile, normal here
                ts = t + r.uniform(0, 60)
                ip = rand_public_ip(r)
                ext = r.choice(["100", "101", "1000", "2000", "admin", "test", "9999"])
                self.asterisk(ts, f"NOTICE[{r.randint(1200,1300)}] res_pjsip/pjsip_distributor.c: Request 'REGISTER' from '\"{ext}\" <sip:{ext}@{self.pub_ip}>' failed for '{ip}:{r.randint(5060,5090)}' (callid: {hexid(r,22)}) - No matching endpoint found")
            if r.random() < 0.05:
                ts = t + r.uniform(0, 60)
                self.asterisk(ts, f"VERBOSE[{r.randint(1200,1300)}] res_pjsip/pjsip_configuration.c: Contact {r.choice(['201', '202', '203'])}/sip:{r.choice(['201','202','203'])}@192.168.10.{r.randint(100,120)}:5060 is now Reachable.  RTT: {r.uniform(1,9):.3f} msec")


KINDS = {"kube": KubeHost, "java": JavaHost, "edge": EdgeHost}
NAMES = {"kube": "k3s-node", "java": "app", "edge": "gw"}


# ---------------------------------------------------------------- writing with rotation
def write_host(h, out):
    base = os.path.join(out, h.name)
    d3 = h.day3
    rot_at = [h.start + DAY + 6 * 3600 + 25 * 60, h.start + 2 * DAY + 6 * 3600 + 25 * 60]  # Debian cron.daily logrotate
    total = 0
    for rel, entries in h.files.items():
        entries = sorted((e for e in entries if h.start <= e[0] < h.end), key=lambda e: (e[0], e[1]))
        if not entries:
            continue
        total += sum(e[2].count("\n") + 1 for e in entries)
        if rel == EdgeHost.journal:
            # nightly `journalctl -o short-iso --since yesterday --until today > journal-YYYY-MM-DD.txt`
            groups = {}
            for e in entries:
                groups.setdefault(utc(e[0]).strftime("%Y-%m-%d"), []).append(e[2])
            for day, lines in groups.items():
                write_file(os.path.join(base, f"var/log/journal-dump/journal-{day}.txt"), lines, gz=False)
        elif rel.startswith("var/log/pods/"):
            # kubelet: rotate at size (here: every ~60k lines), keep 0.log, 0.log.<ts> (plain) and older .gz
            chunk, parts = 60000, []
            for i in range(0, len(entries), chunk):
                parts.append(entries[i:i + chunk])
            d = os.path.dirname(rel)
            for i, part in enumerate(parts):
                lines = [e[2] for e in part]
                if i == len(parts) - 1:
                    write_file(os.path.join(base, d, "0.log"), lines, gz=False)
                else:
                    stamp = utc(part[-1][0]).strftime("%Y%m%d-%H%M%S")
                    write_file(os.path.join(base, d, f"0.log.{stamp}" + (".gz" if i < len(parts) - 2 else "")), lines, gz=(i < len(parts) - 2))
        elif rel.startswith("var/log/tomcat10/") or rel.startswith("var/log/postgresql/"):
            write_file(os.path.join(base, rel), [e[2] for e in entries], gz=False)  # dated names already
        elif rel == "var/log/shop/shop.log":
            groups = {}
            for e in entries:
                groups.setdefault(utc(e[0]).strftime("%Y-%m-%d"), []).append(e[2])
            days = sorted(groups)
            for day in days[:-1]:
                write_file(os.path.join(base, f"var/log/shop/shop.log.{day}.0.gz"), groups[day], gz=True)
            write_file(os.path.join(base, "var/log/shop/shop.log"), groups[days[-1]], gz=False)
        elif rel.endswith(".metrics.jsonl"):
            write_file(os.path.join(base, rel), [e[2] for e in entries], gz=False)
        else:
            # logrotate daily at 06:25: name, name.1, name.2.gz
            segs = [[], [], []]
            for e in entries:
                i = 0 if e[0] < rot_at[0] else (1 if e[0] < rot_at[1] else 2)
                segs[i].append(e[2])
            p = os.path.join(base, rel)
            if segs[0]:
                write_file(p + ".2.gz", segs[0], gz=True)
            if segs[1]:
                write_file(p + ".1", segs[1], gz=False)
            write_file(p, segs[2], gz=False)
    return total


def write_file(path, lines, gz):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = ("\n".join(lines) + "\n").encode() if lines else b""
    if gz:
        with gzip.GzipFile(path, "wb", mtime=0) as f:
            f.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hosts", type=int, default=3)
    ap.add_argument("--start", default="2026-11-09")
    a = ap.parse_args()
    start = dt.datetime.strptime(a.start, "%Y-%m-%d").replace(tzinfo=dt.timezone.utc).timestamp()
    random.seed(a.seed)  # cri_ts nanosecond digits
    os.makedirs(a.out, exist_ok=True)
    truth, hosts = [], []
    order = ["kube", "java", "edge"]
    for i in range(a.hosts):
        kind = order[(i + a.seed) % 3] if a.hosts < 3 else order[i % 3]
        name = f"{NAMES[kind]}{i+1}"
        h = KINDS[kind](name, kind, i, a.seed, start)
        h.setup()
        h.generate()
        n = write_host(h, a.out)
        hosts.append({"host": name, "kind": kind, "lines": n, "incidents": len(h.truth)})
        truth.extend(h.truth)
        print(f"{name} ({kind}): {n} lines over 3 days, {len(h.truth)} incidents on day 3")
    learn_until = dt.datetime.fromtimestamp(start + 2 * DAY, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with open(os.path.join(a.out, "truth.json"), "w") as f:
        json.dump({"seed": a.seed, "start": a.start, "learn_until": learn_until, "hosts": hosts,
                   "incidents": sorted(truth, key=lambda x: (x["host"], x["start_epoch"]))}, f, indent=1)


if __name__ == "__main__":
    main()
