using System.Globalization;

namespace LogWarden.Tests.Support.Replay;

/// <summary>
/// What people and schedules do on the host, planned a day at a time: the admin's sessions and sudo
/// commands (with the odd mistyped password), deploys by CI (a service restart, a few 502s while the app
/// comes back, new asset names, sometimes a new kind of app message), the nightly backup that warns every
/// night that it could not resolve a host, a weekly job, a package upgrade that restarts PostgreSQL, and a
/// search engine's crawl burst. Each alarming-looking one is recorded as a <see cref="PlantedNearMiss"/>.
/// </summary>
internal sealed class Routine : IReplayEmitter
{
    private static readonly string[] FeatureMessages =
    [
        "price cache refreshed: {N} entries in {Ms} ms",
        "recommendations computed for {N} users in {Ms} ms",
        "feature flag new-checkout evaluated for {N} sessions",
        "sitemap regenerated with {N} urls in {Ms} ms",
        "loyalty points synced for {N} accounts",
        "abandoned carts reminder queued for {N} users",
    ];

    private readonly ReplayHost _host;
    private readonly SshLines _ssh;
    private readonly SystemdLines _systemd;
    private readonly DateTimeOffset _testStart;
    private readonly DateTimeOffset _upgradeDay;
    private readonly string _backupEndpoint;
    private readonly string _usbFilesystem;
    private int _version;
    private int _usbDeviceNumber = 3;
    private int _adminSudos;

    public Routine(ReplayHost host, SshLines ssh, SystemdLines systemd, DateTimeOffset testStart)
    {
        _host = host;
        _ssh = ssh;
        _systemd = systemd;
        _testStart = testStart;
        _version = host.Random.Next(10, 60);
        int days = (int)Math.Round((host.End - host.Start).TotalDays);
        _upgradeDay = host.Start + TimeSpan.FromDays(host.Random.Next(0, Math.Max(1, days)));
        _backupEndpoint = host.Random.Pick(["s3.eu-central-1.amazonaws.com", "fsn1.your-objectstorage.com", "s3.fr-par.scw.cloud"]);
        _usbFilesystem = $"{host.Random.Hex(8)}-{host.Random.Hex(4)}-{host.Random.Hex(4)}-{host.Random.Hex(4)}-{host.Random.Hex(12)}";
    }

    public void Emit(DateTimeOffset from, DateTimeOffset to)
    {
        foreach (DateTimeOffset day in ReplayClock.DaysStartingIn(_host, from, to))
        {
            PlanDay(day);
        }
    }

    private void PlanDay(DateTimeOffset day)
    {
        var r = _host.Random;
        DayOfWeek weekday = _host.Local(day + TimeSpan.FromHours(12)).DayOfWeek;
        bool weekend = weekday is DayOfWeek.Saturday or DayOfWeek.Sunday;
        bool testDay = day >= _testStart - TimeSpan.FromHours(1);

        // What people do on the test day must have been seen while learning, or it is not "normal on this
        // host" but new: the last learning day makes up for a quiet weekend before it.
        bool lastLearningDay = !testDay && day + TimeSpan.FromDays(1) >= _testStart - TimeSpan.FromHours(1);
        int sessions = weekend ? r.Next(0, 2) : r.Next(1, 4);
        if (lastLearningDay && _adminSudos == 0)
        {
            sessions = Math.Max(sessions, 1);
        }

        for (int i = 0; i < sessions; i++)
        {
            AdminSession(day + TimeSpan.FromHours(r.Between(8, 19)), mustSudo: lastLearningDay && _adminSudos == 0);
        }

        if (r.Chance(testDay ? 0.9 : weekend ? 0.15 : 0.75) || (lastLearningDay && _host.Deploys.Count == 0))
        {
            Deploy(day + TimeSpan.FromHours(r.Between(9.5, 17.5)));
        }

        Backup(day + TimeSpan.FromHours(2) + r.Seconds(0, 1800));
        if (weekday == _host.WeeklyJobDay)
        {
            WeeklyJob(day + TimeSpan.FromHours(r.Between(1, 4)));
        }

        if (Math.Abs((day - _upgradeDay).TotalHours) < 1)
        {
            PostgresUpgrade(day + TimeSpan.FromHours(6) + r.Seconds(300, 3000));
        }

        if (r.Chance(0.7))
        {
            CrawlBurst(day + TimeSpan.FromHours(r.Between(0, 23)));
        }
    }

    private void Plant(string kind, DateTimeOffset time, string description, params (string Key, string Value)[] entities) =>
        _host.NearMisses.Add(new PlantedNearMiss(kind, _host.Name, time, description, [.. entities.Select(e => new EntityOption(e.Key, e.Value))]));

    private void AdminSession(DateTimeOffset start, bool mustSudo)
    {
        var r = _host.Random;
        string admin = _host.Admin;
        string ip = r.Chance(0.85) ? _host.AdminIps[0] : _host.AdminIps[1];
        TimeSpan duration = r.Seconds(180, 5400);
        if (_host.SshPasswordAuth && r.Chance(0.3))
        {
            _ssh.TypoThenLogin(start, admin, _host.AdminUid, ip, duration);
            Plant("admin-password-typo", start, $"{admin} mistypes the SSH password once from {ip}, then logs in", ("user", admin), ("ip", ip));
        }
        else
        {
            _ssh.Login(start, admin, _host.AdminUid, ip, _host.SshPasswordAuth && r.Chance(0.3) ? "password" : "publickey", duration);
        }

        string[] commands =
        [
            "/usr/bin/apt update", "/usr/bin/apt list --upgradable", $"/usr/bin/systemctl status {_host.AppUnit}", $"/usr/bin/journalctl -u {_host.AppUnit} -n 200",
            "/usr/bin/tail -n 100 /var/log/nginx/error.log", "/usr/bin/df -h", "/usr/sbin/ufw status", "/usr/bin/docker ps", "/usr/bin/du -sh /var/log",
        ];
        int sudos = Math.Max(r.Next(0, 5), mustSudo ? 1 : 0);
        _adminSudos += sudos;
        for (int i = 0; i < sudos; i++)
        {
            DateTimeOffset t = start + TimeSpan.FromTicks((long)(duration.Ticks * r.NextDouble()));
            if (i == 0 && r.Chance(0.2))
            {
                // A mistyped sudo password: PAM says "authentication failure", then the command runs.
                _host.Auth(t, "sudo", _host.NextPid(), string.Create(CultureInfo.InvariantCulture, $"pam_unix(sudo:auth): authentication failure; logname={admin} uid={_host.AdminUid} euid=0 tty=/dev/pts/0 ruser={admin} rhost=  user={admin}"));
                Plant("admin-sudo-typo", t, $"{admin} mistypes the sudo password once", ("user", admin));
                t += r.Seconds(3, 9);
            }

            _ssh.Sudo(t, admin, _host.AdminUid, "pts/0", "/home/" + admin, r.Pick(commands));
        }
    }

    private void Deploy(DateTimeOffset t)
    {
        var r = _host.Random;
        _version++;
        _host.Deploys.Add(t);
        _host.Deploys.Sort();
        string version = string.Create(CultureInfo.InvariantCulture, $"1.{_version / 10}.{_version % 10}");
        _ssh.Login(t, _host.Deployer, _host.DeployerUid, _host.CiIp, "publickey", r.Seconds(40, 120));
        DateTimeOffset restart = t + r.Seconds(15, 30);
        _ssh.Sudo(restart, _host.Deployer, _host.DeployerUid, "unknown", $"/srv/{_host.AppName}", $"/usr/bin/systemctl restart {_host.AppUnit} {_host.WorkerUnit}");
        Restart(restart, _host.AppUnit, version);
        Restart(restart + r.Millis(50, 400), _host.WorkerUnit, version);

        // While the app restarts, nginx cannot reach it: a handful of 502s.
        TimeSpan down = r.Seconds(1.5, 6);
        _host.Changes.Add(new BackgroundChange(BackgroundChangeKind.UpstreamFailure, _host.AppUnit, restart, restart + down, 1, 502));
        Plant("deploy", restart, $"deploy of {_host.AppName} {version}: restart, a few 502s for {down.TotalSeconds:F1} s, new asset names", ("unit", _host.AppUnit), ("source", "nginx/access.log"), ("source", "nginx/error.log"));

        if (r.Chance(0.5))
        {
            string feature = r.Pick(FeatureMessages);
            _host.AppFeatureMessages.Add((restart + down, feature, r.Between(10, 60)));
            Plant("deploy-new-message", restart + down, $"the new release logs a new kind of message: {feature}", ("source", _host.AppLogPath));
        }

        if (r.Chance(0.3))
        {
            DateTimeOffset m = restart + down;
            _host.App(m, AppLevel.Info, "migration {Name} applied in {Ms} ms", ("Name", string.Create(CultureInfo.InvariantCulture, $"2025{r.Next(1000, 9999)}_add_index_orders_{r.Alnum(4).ToLowerInvariant()}")), ("Ms", r.Next(20, 4000)));
        }

        if (r.Chance(0.3))
        {
            DateTimeOffset n = restart + r.Seconds(5, 20);
            _host.Sys(n, "systemd", 1, "Reloading nginx.service - A high performance web server and a reverse proxy server...");
            _host.Sys(n + r.Millis(20, 90), "systemd", 1, "Reloaded nginx.service - A high performance web server and a reverse proxy server.");
            _host.NginxError(n + r.Millis(10, 60), "notice", string.Create(CultureInfo.InvariantCulture, $"signal process started"), withConnection: false);
        }
    }

    private void Restart(DateTimeOffset t, string unit, string version)
    {
        var r = _host.Random;
        string description = _host.UnitDescription(unit);
        _systemd.Stopping(t, unit, description);
        bool app = unit == _host.AppUnit;
        if (app)
        {
            _host.App(t + r.Millis(1, 20), AppLevel.Info, "received SIGTERM, closing server");
        }
        else
        {
            _host.Worker(t + r.Millis(1, 20), AppLevel.Info, "received SIGTERM, finishing {Active} active jobs", ("Active", r.Next(0, 4)));
        }

        DateTimeOffset stopped = t + r.Millis(300, 2500);
        _systemd.Deactivated(stopped, unit);
        _systemd.Stopped(stopped, unit, description);
        _systemd.Consumed(stopped, unit, r.Between(20, 900));
        _systemd.Started(stopped + r.Millis(5, 50), unit, description);
        if (app)
        {
            _host.AppPid = _host.NextPid();
            DateTimeOffset up = stopped + r.Millis(400, 3000);
            _host.App(up, AppLevel.Info, "{App} {Version} starting (node_env=production)", ("App", _host.AppName), ("Version", version));
            _host.App(up + r.Millis(50, 400), AppLevel.Info, "connected to postgres at 127.0.0.1:5432/{Db}", ("Db", _host.AppUser));
            _host.App(up + r.Millis(400, 900), AppLevel.Info, "listening on http://0.0.0.0:{Port}", ("Port", _host.AppPort));
        }
        else
        {
            _host.Worker(stopped + r.Millis(400, 2000), AppLevel.Info, "worker {Version} started, queues: {Queues}", ("Version", version), ("Queues", "emails,thumbnails,search-index,webhooks"));
        }
    }

    private void Backup(DateTimeOffset t)
    {
        var r = _host.Random;
        int pid = _host.NextPid();
        _host.Auth(t, "CRON", pid, $"pam_unix(cron:session): session opened for user root(uid=0) by {(_host.PamNamesSessionOwner ? "root" : "")}(uid=0)");
        _host.Sys(t, "CRON", pid + 1, "(root) CMD (/usr/local/bin/backup.sh >> /var/log/backup.log 2>&1)");
        string bucket = $"s3://backups-{_host.Name}/{_host.AppUser}";
        string endpoint = _backupEndpoint;
        DateTimeOffset s = t + r.Millis(10, 200);
        BackupLog(s, $"starting nightly backup of {_host.AppUser} to {bucket}");
        BackupLog(s + r.Millis(100, 400), $"dumping database {_host.AppUser} (pg_dump -Fc)");
        DateTimeOffset dumped = s + r.Seconds(20, 240);

        // Every night the first resolution of the object store times out: the retry works. A keyword filter sees "WARNING".
        BackupLog(dumped, $"WARNING: could not resolve {endpoint}, retrying in 5 s");
        Plant("nightly-warning", dumped, $"the backup's nightly 'WARNING: could not resolve {endpoint}'", ("source", "backup.log"));
        DateTimeOffset uploaded = dumped + r.Seconds(30, 200);
        BackupLog(uploaded, string.Create(CultureInfo.InvariantCulture, $"uploaded {_host.AppUser}-{_host.Local(t):yyyy-MM-dd}.dump ({r.Between(0.4, 3.5):F2} GiB) in {(int)(uploaded - dumped).TotalSeconds} s"));
        _ssh.Sudo(uploaded + r.Seconds(1, 3), "backup", 34, "unknown", "/var/backups", "/usr/bin/rsync -a --delete /etc/ /var/backups/etc/");
        if (_host.UsbBackupDisk)
        {
            UsbCopy(uploaded + r.Seconds(4, 6));
        }

        Plant("backup-sudo", uploaded, "the backup account runs sudo every night (it is allowed to)", ("user", "backup"));
        DateTimeOffset done = uploaded + r.Seconds(5, 30);
        BackupLog(done, string.Create(CultureInfo.InvariantCulture, $"pruned {r.Next(0, 2)} backups older than 14 days"));
        BackupLog(done + r.Millis(10, 100), string.Create(CultureInfo.InvariantCulture, $"backup finished: {r.Next(2, 5)} files, 0 errors, {r.Next(0, 2)} warnings"));
        _host.Auth(done + r.Millis(100, 300), "CRON", pid, "pam_unix(cron:session): session closed for user root");
    }

    /// <summary>The backup's USB disk: powered on, found, mounted, copied to, unmounted, gone. New kernel lines every night, all normal.</summary>
    private void UsbCopy(DateTimeOffset t)
    {
        var r = _host.Random;
        int number = _usbDeviceNumber++;
        string n = number.ToString(CultureInfo.InvariantCulture);
        _host.Kern(t, $"usb 2-1: new SuperSpeed USB device number {n} using xhci_hcd");
        _host.Kern(t + r.Millis(20, 40), "usb 2-1: New USB device found, idVendor=0bc2, idProduct=2344, bcdDevice= 7.08");
        _host.Kern(t + r.Millis(20, 40), "usb 2-1: New USB device strings: Mfr=2, Product=3, SerialNumber=1");
        _host.Kern(t + r.Millis(20, 40), "usb 2-1: Product: Expansion HDD");
        _host.Kern(t + r.Millis(20, 40), "usb 2-1: Manufacturer: Seagate");
        _host.Kern(t + r.Millis(40, 60), "usb-storage 2-1:1.0: USB Mass Storage device detected");
        _host.Kern(t + r.Millis(40, 60), "scsi host6: usb-storage 2-1:1.0");
        DateTimeOffset attached = t + r.Seconds(1, 2);
        _host.Kern(attached, "sd 6:0:0:0: [sdc] 3907029167 512-byte logical blocks: (2.00 TB/1.82 TiB)");
        _host.Kern(attached, "sd 6:0:0:0: [sdc] Write Protect is off");
        _host.Kern(attached, "sd 6:0:0:0: [sdc] Attached SCSI disk");
        _host.Kern(attached + r.Millis(300, 900), $"EXT4-fs (sdc1): mounted filesystem {_usbFilesystem} r/w with ordered data mode. Quota mode: none.");
        BackupLog(attached + r.Seconds(1, 2), "copying to the USB disk /mnt/usb-backup");
        DateTimeOffset done = attached + r.Seconds(60, 600);
        BackupLog(done, "USB copy done, 0 errors");
        _host.Kern(done + r.Millis(100, 900), $"EXT4-fs (sdc1): unmounting filesystem {_usbFilesystem}.");
        _host.Kern(done + r.Seconds(2, 4), $"usb 2-1: USB disconnect, device number {n}");
        Plant("usb-backup-disk", t, "the backup's USB disk comes and goes (usb, sd, EXT4 mount lines)", ("source", "kern.log"), ("*", "sdc"));
    }

    private void BackupLog(DateTimeOffset t, string message) =>
        _host.Plain("backup.log", t, _host.Local(t).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + message);

    private void WeeklyJob(DateTimeOffset t)
    {
        var r = _host.Random;
        _systemd.Oneshot(t, "fstrim.service", "Discard unused blocks on filesystems from /etc/fstab", r.Seconds(2, 40), w =>
        {
            int pid = _host.NextPid();
            long root = r.Next(1_000_000, 30_000_000) * 1024L;
            _host.Sys(w, "fstrim", pid, string.Create(CultureInfo.InvariantCulture, $"/boot/efi: 98.2 MiB (102957056 bytes) trimmed on /dev/{_host.Disk}{(_host.Disk.StartsWith("nvme", StringComparison.Ordinal) ? "p15" : "15")}"));
            _host.Sys(w, "fstrim", pid, string.Create(CultureInfo.InvariantCulture, $"/: {root / 1073741824.0:F1} GiB ({root} bytes) trimmed on /dev/{_host.Disk}{(_host.Disk.StartsWith("nvme", StringComparison.Ordinal) ? "p1" : "1")}"));
        });
        DateTimeOffset report = t + r.Seconds(300, 1800);
        int pid = _host.NextPid();
        _host.Sys(report, "CRON", pid, $"({_host.AppUser}) CMD (/srv/{_host.AppName}/bin/weekly-report)");
        _host.App(report + r.Seconds(1, 5), AppLevel.Info, "weekly report for week {Week}: {Orders} orders, {Refunds} refunds, {Errors} errors",
            ("Week", CultureInfo.InvariantCulture.Calendar.GetWeekOfYear(report.DateTime, CalendarWeekRule.FirstFourDayWeek, DayOfWeek.Monday)), ("Orders", r.Next(100, 3000)), ("Refunds", r.Next(0, 40)), ("Errors", 0));
        _host.App(report + r.Seconds(5, 9), AppLevel.Warn, "weekly report: {N} products out of stock", ("N", r.Next(1, 9)));
        Plant("weekly-job", t, "the weekly fstrim and the app's weekly report (new templates when learning saw no such day)", ("source", _host.AppLogPath), ("unit", "fstrim.service"));
    }

    private void PostgresUpgrade(DateTimeOffset t)
    {
        var r = _host.Random;
        string unit = _host.PgUnit;
        string description = _host.UnitDescription(unit);
        _systemd.Starting(t - r.Seconds(30, 60), "apt-daily-upgrade.service", "Daily apt upgrade and clean activities");
        _systemd.Stopping(t, unit, description);
        int postmaster = r.Next(600, 900);
        string db = _host.AppUser + "@" + _host.AppUser;
        _host.Postgres(t, postmaster, "LOG", "received fast shutdown request");
        _host.Postgres(t, postmaster, "LOG", "aborting any active transactions");
        int connections = r.Next(4, 16);
        for (int i = 0; i < connections; i++)
        {
            _host.Postgres(t + r.Millis(1, 30), r.Next(20_000, 400_000), "FATAL", "terminating connection due to administrator command", db);
        }

        _host.Postgres(t + r.Millis(30, 60), postmaster, "LOG", "background worker \"logical replication launcher\" (PID " + (postmaster + 7).ToString(CultureInfo.InvariantCulture) + ") exited with exit code 1");
        _host.Postgres(t + r.Millis(60, 100), postmaster + 1, "LOG", "shutting down");
        _host.Postgres(t + r.Millis(200, 400), postmaster, "LOG", "database system is shut down");
        DateTimeOffset up = t + r.Seconds(2, 6);
        int newPostmaster = _host.NextPid();
        string minor = _host.PgVersion.ToString(CultureInfo.InvariantCulture) + "." + r.Next(5, 9).ToString(CultureInfo.InvariantCulture);
        _host.Postgres(up, newPostmaster, "LOG", $"starting PostgreSQL {minor} (Debian {minor}-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit");
        _host.Postgres(up, newPostmaster, "LOG", "listening on IPv4 address \"127.0.0.1\", port 5432");
        _host.Postgres(up, newPostmaster, "LOG", "listening on Unix socket \"/var/run/postgresql/.s.PGSQL.5432\"");
        _host.Postgres(up + r.Millis(5, 30), newPostmaster + 1, "LOG", $"database system was shut down at {t.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC");
        _host.Postgres(up + r.Millis(30, 60), newPostmaster, "LOG", "database system is ready to accept connections");
        _systemd.Deactivated(up - r.Millis(100, 900), unit);
        _systemd.Stopped(up - r.Millis(0, 90), unit, description);
        _systemd.Starting(up - r.Millis(0, 90), unit, description);
        _systemd.Started(up + r.Millis(1500, 2500), unit, description);
        _host.App(t + r.Millis(10, 300), AppLevel.Warn, "database connection lost ({Error}), reconnecting", ("Error", "terminating connection due to administrator command"));
        Plant("package-upgrade", t, $"unattended-upgrades restarts PostgreSQL: {connections} FATAL 'terminating connection due to administrator command' at once", ("unit", unit), ("source", _host.PgLogPath));
    }

    private void CrawlBurst(DateTimeOffset t)
    {
        var r = _host.Random;
        var (agent, prefixes, _) = r.Pick(WebVocabulary.Crawlers[..4]);
        string ip = r.Pick(prefixes) + r.Next(1, 254).ToString(CultureInfo.InvariantCulture);
        int pages = r.Next(150, 400);
        TimeSpan span = r.Seconds(600, 1200);
        for (int i = 0; i < pages; i++)
        {
            DateTimeOffset at = t + TimeSpan.FromTicks(span.Ticks * i / pages) + r.Millis(0, 900);
            bool gone = r.Chance(0.05);
            string path = gone
                ? "/products/discontinued-" + r.Next(100, 999).ToString(CultureInfo.InvariantCulture)
                : "/products/" + r.Pick(WebVocabulary.Slugs) + "?variant=" + r.Next(1, 40).ToString(CultureInfo.InvariantCulture);
            _host.Access(at, ip, "GET", path, "HTTP/1.1", gone ? 404 : 200, gone ? 162 : r.Next(3000, 40000), "-", agent, r.Between(0.002, 0.2));
        }

        Plant("crawler-burst", t, $"a search engine fetches {pages} pages in {span.TotalMinutes:F0} min from {ip}, some 404", ("ip", ip));
    }
}
