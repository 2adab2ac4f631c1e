using System.Globalization;

namespace LogWarden.Tests.Support.Replay;

/// <summary>
/// The host's services beyond the web front: the app's own periodic lines (queue stats, cache stats, a
/// "0 errors" report, a memory guard that says "oom" when all is well, validation errors users cause),
/// its job worker, PostgreSQL (checkpoints, the odd duplicate-key error, autovacuum reports with indented
/// detail lines), and when the host has them a mail server (deliveries, users' IMAP sessions, and the
/// SMTP AUTH guessing every mail server sees) and an FTP server.
/// </summary>
internal sealed class ServiceChatter : IReplayEmitter
{
    private readonly ReplayHost _host;
    private readonly double _scale;
    private readonly int _checkpointerPid;
    private readonly int _autovacuumPid;
    private readonly string[] _mailboxes;
    private readonly string _mailDomain;
    private readonly string[] _ftpUsers;
    private long _completedJobs;
    private long _lsn;

    public ServiceChatter(ReplayHost host, double scale)
    {
        _host = host;
        _scale = scale;
        var r = host.Random;
        _checkpointerPid = r.Next(500, 700);
        _autovacuumPid = _checkpointerPid + 3;
        _mailDomain = host.Domain[(host.Domain.IndexOf('.', StringComparison.Ordinal) + 1)..];
        _mailboxes = ["info", host.Admin, "orders", "support", r.Pick(["anna", "ben", "chloe", "dmitri", "elena"])];
        _ftpUsers = ["supplier", "scanner", r.Pick(["acme-feeds", "partner1", "warehouse"])];
        _completedJobs = r.Next(10_000, 900_000);
        _lsn = r.NextDouble() > 0.5 ? 0x1_A000_0000L : 0x2_3000_0000L;
    }

    public void Emit(DateTimeOffset from, DateTimeOffset to)
    {
        AppPeriodic(from, to);
        WorkerJobs(from, to);
        Postgres(from, to);
        if (_host.HasMail)
        {
            Mail(from, to);
        }

        if (_host.Ftp != FtpServer.None)
        {
            Ftp(from, to);
        }
    }

    private void AppPeriodic(DateTimeOffset from, DateTimeOffset to)
    {
        var r = _host.Random;
        for (DateTimeOffset t = from; t < to; t += TimeSpan.FromSeconds(30))
        {
            DateTimeOffset at = t + r.Millis(0, 400);
            int waiting = (int)(r.Next(0, 6) * _host.Rhythm(t) * 3);
            _host.App(at, AppLevel.Info, "queue stats waiting={Waiting} active={Active} completed={Completed} failed={Failed}",
                ("Waiting", waiting), ("Active", r.Next(0, 4)), ("Completed", _completedJobs), ("Failed", 0));
            if (t.Minute % 5 == 0 && t.Second == 0)
            {
                _host.App(at + r.Millis(1, 50), AppLevel.Info, "cache stats hits={Hits} misses={Misses} evictions={Evictions}",
                    ("Hits", r.Next(200, 20000)), ("Misses", r.Next(10, 900)), ("Evictions", r.Next(0, 40)));
            }

            if (t.Minute % 10 == 0 && t.Second == 0)
            {
                int heap = r.Next(180, 420);
                _host.App(at + r.Millis(1, 50), AppLevel.Info, "memory guard: heap {HeapMb} MB of {LimitMb} MB, oom risk low", ("HeapMb", heap), ("LimitMb", 1024));
            }

            if (t.Minute == 0 && t.Second == 0)
            {
                _host.App(at + r.Millis(50, 900), AppLevel.Info, "hourly report sent: {Orders} orders, {Errors} errors", ("Orders", (int)(r.Next(2, 60) * _host.Rhythm(t))), ("Errors", 0));
            }
        }

        // Users get forms wrong: the app logs it at error level, a few times an hour, every day.
        int validations = r.Poisson(4 * Math.Max(0.4, _scale) * _host.Rhythm(from) * (to - from).TotalHours);
        for (int i = 0; i < validations; i++)
        {
            _host.App(r.Within(from, to - from), AppLevel.Error, "validation failed for {Route}: {Field} is invalid",
                ("Route", r.Pick(["/api/v1/checkout", "/api/v1/login", "/api/v1/account"])), ("Field", r.Pick(["email", "postcode", "phone", "card_expiry"])));
        }

        foreach (var (since, template, perHour) in _host.AppFeatureMessages)
        {
            int count = r.Poisson(perHour * (to - from).TotalHours);
            for (int i = 0; i < count; i++)
            {
                DateTimeOffset t = r.Within(from, to - from);
                if (t >= since)
                {
                    _host.App(t, AppLevel.Info, template, ("N", r.Next(1, 500)), ("Ms", r.Next(3, 900)));
                }
            }
        }
    }

    private void WorkerJobs(DateTimeOffset from, DateTimeOffset to)
    {
        var r = _host.Random;
        for (DateTimeOffset t = from; t < to; t += TimeSpan.FromSeconds(15))
        {
            _host.Worker(t + r.Millis(0, 300), AppLevel.Debug, "worker heartbeat pid={Pid} jobs={Jobs}", ("Pid", _host.AppPid + 7), ("Jobs", _completedJobs));
        }

        for (DateTimeOffset minute = from; minute < to; minute += TimeSpan.FromMinutes(1))
        {
            int jobs = r.Poisson(WorkerJobsPerMinute(minute));
            for (int i = 0; i < jobs; i++)
            {
                DateTimeOffset t = r.Within(minute, TimeSpan.FromMinutes(1));
                string queue = r.Pick(["emails", "thumbnails", "search-index", "webhooks"]);
                _completedJobs++;
                if (r.Chance(0.01))
                {
                    _host.Worker(t, AppLevel.Warn, "job {Queue}#{JobId} failed (attempt {Attempt} of 5), will retry: {Reason}",
                        ("Queue", queue), ("JobId", _completedJobs), ("Attempt", 1), ("Reason", r.Pick(["timeout after 30000 ms", "HTTP 429 from upstream", "ECONNRESET"])));
                }
                else
                {
                    _host.Worker(t, AppLevel.Info, "job {Queue}#{JobId} completed in {Ms} ms", ("Queue", queue), ("JobId", _completedJobs), ("Ms", r.Next(4, 2500)));
                }
            }
        }
    }

    /// <summary>Jobs the worker runs a minute at this time; 1 % of them end in a "will retry" warning.</summary>
    public double WorkerJobsPerMinute(DateTimeOffset time) => Math.Max(3, 40 * _scale * _host.Rhythm(time));

    private void Postgres(DateTimeOffset from, DateTimeOffset to)
    {
        var r = _host.Random;
        string db = _host.AppUser + "@" + _host.AppUser;
        DateTimeOffset localFrom = _host.Local(from);
        DateTimeOffset first = localFrom - TimeSpan.FromTicks(localFrom.TimeOfDay.Ticks % TimeSpan.FromMinutes(5).Ticks);
        for (DateTimeOffset t = first; t < to; t += TimeSpan.FromMinutes(5))
        {
            if (t < from || r.Chance(0.15 * (1 - _host.Rhythm(t))))
            {
                continue; // nothing written since the last checkpoint: PostgreSQL skips it
            }

            DateTimeOffset at = t + r.Millis(0, 300);
            _host.Postgres(at, _checkpointerPid, "LOG", "checkpoint starting: time");
            double write = r.Between(0.1, 27);
            int buffers = r.Next(3, 900);
            long distance = r.Next(10, 4000);
            _lsn += distance * 1024;
            string lsn = _host.PgVersion >= 17 ? string.Create(CultureInfo.InvariantCulture, $"; lsn=0/{_lsn:X8}, redo lsn=0/{_lsn - 0x1000:X8}") : "";
            _host.Postgres(at + TimeSpan.FromSeconds(write + 0.05), _checkpointerPid, "LOG", string.Create(
                CultureInfo.InvariantCulture,
                $"checkpoint complete: wrote {buffers} buffers ({buffers / 163.84:F1}%); 0 WAL file(s) added, 0 removed, {r.Next(0, 2)} recycled; write={write:F3} s, sync={r.Between(0.001, 0.05):F3} s, total={write + 0.05:F3} s; sync files={r.Next(2, 60)}, longest={r.Between(0.001, 0.01):F3} s, average={r.Between(0.001, 0.005):F3} s; distance={distance} kB, estimate={distance + r.Next(0, 900)} kB{lsn}"));
        }

        int duplicates = r.Poisson(2.5 * _host.Rhythm(from) * (to - from).TotalHours);
        for (int i = 0; i < duplicates; i++)
        {
            DateTimeOffset t = r.Within(from, to - from);
            int pid = r.Next(20_000, 400_000);
            string email = r.Alnum(7).ToLowerInvariant() + "@" + r.Pick(["gmail.com", "outlook.com", "web.de", "yahoo.fr"]);
            _host.Postgres(t, pid, "ERROR", "duplicate key value violates unique constraint \"users_email_key\"", db);
            _host.Postgres(t, pid, "DETAIL", $"Key (email)=({email}) already exists.", db);
            _host.Postgres(t, pid, "STATEMENT", "INSERT INTO users (email, password_hash, created_at) VALUES ($1, $2, now()) RETURNING id", db);
        }

        if (r.Chance(0.08 * (to - from).TotalHours))
        {
            _host.Postgres(r.Within(from, to - from), r.Next(20_000, 400_000), "LOG", "could not receive data from client: Connection reset by peer", db);
        }

        if (r.Chance(0.1 * (to - from).TotalHours))
        {
            DateTimeOffset t = r.Within(from, to - from);
            int pages = r.Next(2000, 90000);
            _host.Postgres(t, _autovacuumPid, "LOG", string.Create(
                CultureInfo.InvariantCulture,
                $"automatic vacuum of table \"{_host.AppUser}.public.events\": index scans: 1\n\tpages: 0 removed, {pages} remain, {pages / 10} scanned ({r.Between(5, 20):F2}% of total)\n\ttuples: {r.Next(1000, 90000)} removed, {r.Next(100000, 9000000)} remain, 0 are dead but not yet removable\n\tavg read rate: {r.Between(1, 90):F3} MB/s, avg write rate: {r.Between(1, 40):F3} MB/s\n\tsystem usage: CPU: user: {r.Between(0.1, 3):F2} s, system: {r.Between(0, 1):F2} s, elapsed: {r.Between(1, 30):F2} s"));
        }
    }

    private void Mail(DateTimeOffset from, DateTimeOffset to)
    {
        var r = _host.Random;
        double hours = (to - from).TotalHours;

        // Incoming mail and the app's order confirmations going out.
        int inbound = r.Poisson(20 * _host.Rhythm(from) * hours);
        for (int i = 0; i < inbound; i++)
        {
            Delivery(r.Within(from, to - from));
        }

        // Users' phones and laptops log in to IMAP all day.
        int logins = r.Poisson(24 * hours);
        for (int i = 0; i < logins; i++)
        {
            DateTimeOffset t = r.Within(from, to - from);
            string user = r.Pick(_mailboxes) + "@" + _mailDomain;
            string session = r.Alnum(16);
            int mpid = _host.NextPid();
            string ip = _host.AdminIps[0];
            _host.Mail(t, "dovecot", null, $"imap-login: Login: user=<{user}>, method=PLAIN, rip={ip}, lip={_host.PrivateIp}, mpid={mpid}, TLS, session=<{session}>");
            _host.Mail(t + r.Seconds(1, 900), "dovecot", null, string.Create(CultureInfo.InvariantCulture, $"imap({user})<{mpid}><{session}>: Disconnected: Logged out in={r.Next(40, 900)} out={r.Next(400, 90000)} deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0 body_count={r.Next(0, 5)} body_bytes={r.Next(0, 90000)}"));
        }

        // SMTP AUTH guessing: a few addresses an hour, a few tries each.
        Guessers(from, to, perHour: 6, maxTries: 4, TimeSpan.FromSeconds(60), (t, ip) => SaslFailure(t, ip));

        int relayAttempts = r.Poisson(3 * hours);
        for (int i = 0; i < relayAttempts; i++)
        {
            DateTimeOffset t = r.Within(from, to - from);
            string ip = _host.BackgroundAddress(0.02);
            int pid = _host.NextPid();
            _host.Mail(t, "postfix/smtpd", pid, $"connect from unknown[{ip}]");
            _host.Mail(t + r.Millis(200, 900), "postfix/smtpd", pid, $"NOQUEUE: reject: RCPT from unknown[{ip}]: 554 5.7.1 <{r.Alnum(6).ToLowerInvariant()}@gmail.com>: Relay access denied; from=<spameri@tiscali.it> to=<{r.Alnum(6).ToLowerInvariant()}@gmail.com> proto=ESMTP helo=<{r.Pick(["WIN-CLJ1B0GQ6JP", "User", "ylmf-pc", "localhost"])}>");
            _host.Mail(t + r.Millis(900, 1500), "postfix/smtpd", pid, $"disconnect from unknown[{ip}] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4");
        }
    }

    /// <summary>One SMTP AUTH failure of postfix with its connection lines.</summary>
    public void SaslFailure(DateTimeOffset t, string ip)
    {
        var r = _host.Random;
        int pid = _host.NextPid();
        _host.Mail(t, "postfix/smtpd", pid, $"connect from unknown[{ip}]");
        _host.Mail(t + r.Millis(300, 2500), "postfix/smtpd", pid, $"warning: unknown[{ip}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6");
        _host.Mail(t + r.Millis(2600, 3000), "postfix/smtpd", pid, $"lost connection after AUTH from unknown[{ip}]");
        _host.Mail(t + r.Millis(3000, 3100), "postfix/smtpd", pid, $"disconnect from unknown[{ip}] ehlo=1 auth=0/1 commands=1/2");
    }

    private void Delivery(DateTimeOffset t)
    {
        var r = _host.Random;
        string queueId = r.Hex(10).ToUpperInvariant();
        int cleanup = _host.NextPid();
        if (r.Chance(0.5))
        {
            string ip = string.Create(CultureInfo.InvariantCulture, $"209.85.{r.Next(128, 255)}.{r.Next(1, 254)}");
            string name = "mail-" + r.Alnum(6).ToLowerInvariant() + ".google.com";
            int smtpd = _host.NextPid();
            string to = r.Pick(_mailboxes) + "@" + _mailDomain;
            _host.Mail(t, "postfix/smtpd", smtpd, $"connect from {name}[{ip}]");
            _host.Mail(t + r.Millis(300, 900), "postfix/smtpd", smtpd, $"{queueId}: client={name}[{ip}]");
            _host.Mail(t + r.Millis(900, 1000), "postfix/cleanup", cleanup, $"{queueId}: message-id=<CA+{r.Alnum(30)}@mail.gmail.com>");
            _host.Mail(t + r.Millis(1000, 1100), "postfix/qmgr", 1120, string.Create(CultureInfo.InvariantCulture, $"{queueId}: from=<{r.Alnum(8).ToLowerInvariant()}@gmail.com>, size={r.Next(3000, 90000)}, nrcpt=1 (queue active)"));
            _host.Mail(t + r.Millis(1000, 1200), "postfix/smtpd", smtpd, $"disconnect from {name}[{ip}] ehlo=2 starttls=1 mail=1 rcpt=1 bdat=1 quit=1 commands=7");
            _host.Mail(t + r.Millis(1200, 1500), "postfix/lmtp", _host.NextPid(), $"{queueId}: to=<{to}>, relay=private/dovecot-lmtp, delay=0.41, delays=0.3/0.01/0.02/0.08, dsn=2.0.0, status=sent (250 2.0.0 <{to}> {r.Alnum(22)} Saved)");
            _host.Mail(t + r.Millis(1500, 1600), "postfix/qmgr", 1120, $"{queueId}: removed");
            return;
        }

        string customer = r.Alnum(8).ToLowerInvariant() + "@" + r.Pick(["gmail.com", "outlook.com", "gmx.de", "icloud.com"]);
        _host.Mail(t, "postfix/pickup", 1119, string.Create(CultureInfo.InvariantCulture, $"{queueId}: uid={_host.AppUid} from=<orders@{_mailDomain}>"));
        _host.Mail(t + r.Millis(5, 40), "postfix/cleanup", cleanup, $"{queueId}: message-id=<{r.Hex(16)}@{_host.Domain}>");
        _host.Mail(t + r.Millis(40, 60), "postfix/qmgr", 1120, string.Create(CultureInfo.InvariantCulture, $"{queueId}: from=<orders@{_mailDomain}>, size={r.Next(4000, 40000)}, nrcpt=1 (queue active)"));
        bool deferred = r.Chance(0.03);
        _host.Mail(t + r.Millis(600, 2500), "postfix/smtp", _host.NextPid(), deferred
            ? $"{queueId}: to=<{customer}>, relay=none, delay=30, delays=0.02/0/30/0, dsn=4.4.1, status=deferred (connect to mx.{customer.Split('@')[1]}[{_host.BackgroundAddress(0)}]:25: Connection timed out)"
            : $"{queueId}: to=<{customer}>, relay=mx.{customer.Split('@')[1]}[{_host.BackgroundAddress(0)}]:25, delay=1.2, delays=0.02/0.01/0.3/0.9, dsn=2.0.0, status=sent (250 2.0.0 OK  {r.Next(1_700_000_000, 1_800_000_000)} {r.Alnum(12)} - gsmtp)");
        if (!deferred)
        {
            _host.Mail(t + r.Millis(2500, 2600), "postfix/qmgr", 1120, $"{queueId}: removed");
        }
    }

    private void Ftp(DateTimeOffset from, DateTimeOffset to)
    {
        var r = _host.Random;
        double hours = (to - from).TotalHours;
        int logins = r.Poisson(1.5 * hours);
        for (int i = 0; i < logins; i++)
        {
            FtpLogin(r.Within(from, to - from), _host.AdminIps[0], r.Pick(_ftpUsers), success: true);
        }

        Guessers(from, to, perHour: 2, maxTries: 3, TimeSpan.FromSeconds(30), (t, ip) => FtpLogin(t, ip, r.Pick(["anonymous", "admin", "ftp", "root", "test", "www-data", "user"]), success: false));
    }

    /// <summary>The background of password guessing every service on the internet sees: a few addresses an hour, a try or a few each.</summary>
    private void Guessers(DateTimeOffset from, DateTimeOffset to, double perHour, int maxTries, TimeSpan maxGap, Action<DateTimeOffset, string> attempt)
    {
        var r = _host.Random;
        int guessers = r.Poisson(perHour * (to - from).TotalHours);
        for (int i = 0; i < guessers; i++)
        {
            DateTimeOffset t = r.Within(from, to - from);
            string ip = _host.BackgroundAddress(0.02);
            int tries = r.Chance(0.65) ? 1 : r.Next(2, maxTries + 1);
            for (int k = 0; k < tries; k++)
            {
                attempt(t, ip);
                t += r.Seconds(2, maxGap.TotalSeconds);
            }
        }
    }

    /// <summary>One FTP login as the host's server writes it.</summary>
    public void FtpLogin(DateTimeOffset t, string ip, string user, bool success)
    {
        var r = _host.Random;
        int pid = _host.NextPid();
        string mapped = ip.Contains(':', StringComparison.Ordinal) ? ip : "::ffff:" + ip;
        switch (_host.Ftp)
        {
            case FtpServer.Vsftpd:
                _host.VsftpdLog(t, pid, $"CONNECT: Client \"{mapped}\"");
                _host.VsftpdLog(t + r.Millis(500, 3000), pid + 1, success ? $"[{user}] OK LOGIN: Client \"{mapped}\"" : $"[{user}] FAIL LOGIN: Client \"{mapped}\"");
                if (success)
                {
                    _host.VsftpdLog(t + r.Seconds(3, 60), pid + 2, string.Create(CultureInfo.InvariantCulture, $"[{user}] OK UPLOAD: Client \"{mapped}\", \"/incoming/stock-{r.Next(1000, 9999)}.csv\", {r.Next(2000, 900000)} bytes, {r.Between(50, 9000):F2}Kbyte/sec"));
                }
                else
                {
                    _host.Auth(t + r.Millis(400, 2900), "vsftpd", pid + 1, $"pam_unix(vsftpd:auth): authentication failure; logname= uid=0 euid=0 tty=ftp ruser={user} rhost={mapped}");
                }

                break;
            case FtpServer.Proftpd:
                string peer = $"{_host.Name} ({ip}[{ip}])";
                _host.Sys(t, "proftpd", pid, $"{peer} - FTP session opened.");
                _host.Sys(t + r.Millis(500, 3000), "proftpd", pid, success
                    ? $"{peer} - USER {user}: Login successful."
                    : user is "admin" or "test" or "user"
                        ? $"{peer} - USER {user}: no such user found from {ip} [{ip}] to {_host.PrivateIp}:21"
                        : $"{peer} - USER {user} (Login failed): Incorrect password");
                _host.Sys(t + r.Seconds(3, 60), "proftpd", pid, $"{peer} - FTP session closed.");
                break;
            default:
                _host.Sys(t, "pure-ftpd", null, $"(?@{ip}) [INFO] New connection from {ip}");
                _host.Sys(t + r.Millis(500, 3000), "pure-ftpd", null, success
                    ? $"({user}@{ip}) [INFO] {user} is now logged in"
                    : $"(?@{ip}) [WARNING] Authentication failed for user [{user}]");
                _host.Sys(t + r.Seconds(3, 60), "pure-ftpd", null, success ? $"({user}@{ip}) [INFO] Logout." : $"(?@{ip}) [INFO] Logout.");
                break;
        }
    }
}
