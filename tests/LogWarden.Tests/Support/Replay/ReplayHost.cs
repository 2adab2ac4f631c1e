using System.Globalization;
using System.Text;

namespace LogWarden.Tests.Support.Replay;

/// <summary>How the app writes its JSON log (each is a real library's shape).</summary>
internal enum AppLogStyle
{
    /// <summary>Node's pino: numeric levels, epoch milliseconds.</summary>
    Pino,

    /// <summary>Python's structlog JSON renderer: <c>event</c>, ISO time.</summary>
    Structlog,

    /// <summary>.NET Serilog compact JSON: <c>@t</c>, <c>@mt</c> message template, <c>@l</c> when not Information.</summary>
    SerilogCompact,

    /// <summary>Go's zap production encoder: epoch seconds with fraction, caller.</summary>
    Zap,
}

internal enum AppLevel
{
    Debug,
    Info,
    Warn,
    Error,
    Fatal,
}

internal enum FtpServer
{
    None,
    Vsftpd,
    Proftpd,
    PureFtpd,
}

/// <summary>A cron job of the host: who runs what, when, and what it prints to syslog when it runs.</summary>
internal sealed record CronJob(string User, int Uid, string Command, string Name, TimeSpan Period, TimeSpan Offset, string? OutputProgram, string? Output);

/// <summary>
/// One generated server: who administers it, what runs on it, and which of the real-world wordings and
/// formats its software uses (so that seeds differ in more than numbers). Every line a generator writes
/// goes through the methods here, which know the host's files, time zone and header formats.
/// </summary>
internal sealed class ReplayHost
{
    private static readonly string[] MonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private readonly Dictionary<string, ReplayLogFile> _files = [];
    private readonly string _root;
    private int _pid;
    private long _nginxConnection;
    private bool _capturing;
    private DateTimeOffset _captureFirst;
    private DateTimeOffset _captureLast;

    public ReplayHost(string root, string name, ReplayRandom random, TimeZoneInfo zone, DateTimeOffset start, DateTimeOffset end)
    {
        _root = root;
        Name = name;
        Random = random;
        Zone = zone;
        Start = start;
        End = end;
        _pid = random.Next(900, 300_000);
        _nginxConnection = random.Next(1, 500_000);

        Rfc3339Syslog = random.Chance(0.4);
        KernelUptimeStamps = random.Chance(0.6);
        SshSessionProgram = random.Chance(0.5) ? "sshd-session" : "sshd";
        SshPasswordAuth = random.Chance(0.65);
        Admin = random.Pick(["alice", "mkovacs", "jdoe", "sven", "priya", "tomasz", "admin", "ops"]);
        AdminUid = 1000;
        AdminIps = [random.PublicIPv4(), random.Chance(0.5) ? random.PublicIPv6() : random.PublicIPv4()];
        Deployer = random.Pick(["deploy", "ci", "gitlab-runner", "deployer"]);
        DeployerUid = 1001;
        CiIp = random.PublicIPv4();
        Domain = random.Pick(["shop", "app", "portal", "api", "www", "booking", "crm"]) + "." + random.Pick(["example.com", "example.org", "acme-corp.example", "nordwind.example", "bluefin.example"]);
        int subnet = random.Next(1, 250);
        PrivateIp = string.Create(CultureInfo.InvariantCulture, $"10.{subnet}.0.{random.Next(2, 250)}");
        Gateway = string.Create(CultureInfo.InvariantCulture, $"10.{subnet}.0.1");
        Mac = string.Join(':', Enumerable.Range(0, 6).Select(i => i == 0 ? "52" : random.Hex(2)));

        (AppName, AppProcess, AppStyle) = random.Pick<(string, string, AppLogStyle)>(
        [
            ("shop-api", "node", AppLogStyle.Pino),
            ("storefront", "node", AppLogStyle.Pino),
            ("booking", "python3", AppLogStyle.Structlog),
            ("crm-web", "gunicorn", AppLogStyle.Structlog),
            ("portal", "Portal.Api", AppLogStyle.SerilogCompact),
            ("ledger", "ledgerd", AppLogStyle.Zap),
        ]);
        AppUnit = AppName + ".service";
        AppPort = random.Pick([3000, 8000, 8080, 5000, 9000]);
        AppUid = 998;
        AppUser = AppName.Replace("-", "", StringComparison.Ordinal);
        WorkerName = AppName + "-worker";
        WorkerUnit = WorkerName + ".service";
        PgVersion = random.Pick([13, 15, 16, 17]);
        PgUserDbPrefix = random.Chance(0.75);
        NginxTimings = random.Chance(0.5);
        NginxPid = random.Next(700, 2000);
        NginxWorkers = [NginxPid + 1, NginxPid + 2];
        HasMail = random.Chance(0.5);
        Ftp = random.Pick([FtpServer.None, FtpServer.None, FtpServer.Vsftpd, FtpServer.Proftpd, FtpServer.PureFtpd]);
        HasDocker = random.Chance(0.5);
        Firewall = random.Pick(["ufw", "ufw", "nftables", "iptables"]);
        Dhclient = random.Chance(0.5);
        (Kernel, KernelBuild) = random.Pick<(string, string)>(
        [
            ("6.1.0-26-amd64", "#1 Debian 6.1.112-1"),
            ("6.1.0-31-amd64", "#1 Debian 6.1.128-1"),
            ("6.8.0-49-generic", "#49-Ubuntu"),
            ("5.15.0-126-generic", "#136-Ubuntu"),
            ("6.12.12-amd64", "#1 Debian 6.12.12-1"),
        ]);
        Boot = start - TimeSpan.FromHours(random.Between(30, 2000));
        Disk = random.Pick(["sda", "vda", "nvme0n1"]);
        DataDisk = Disk == "nvme0n1" ? "nvme1n1" : Disk == "sda" ? "sdb" : "vdb";
        TrafficScale = random.Between(0.6, 1.6);
        RhythmPhaseHours = random.Between(-2.5, 2.5);
        SshScannersPerHour = random.Between(15, 70);
        WebScannersPerHour = random.Between(8, 30);
        FirewallDropsPerHour = random.Between(200, 900);
        BufferedWarningsPerHour = random.Between(20, 80);
        LogrotateInsecureParent = random.Chance(0.35);
        DailyFailingUnit = random.Chance(0.4) ? random.Pick(["update-notifier-download.service", "motd-news.service", "certbot.service"]) : null;
        AppArmorNoise = random.Chance(0.4);
        UsbBackupDisk = random.Chance(0.3);
        WeeklyJobDay = (DayOfWeek)random.Next(7);
        RotationDelay = TimeSpan.FromSeconds(random.Next(0, 400));
        RsyslogRotationDay = random.Chance(0.5) ? DayOfWeek.Sunday : (DayOfWeek)random.Next(7);

        CronJobs =
        [
            new CronJob("root", 0, "   cd / && run-parts --report /etc/cron.hourly", "cron.hourly", TimeSpan.FromHours(1), TimeSpan.FromMinutes(17), null, null),
            new CronJob("root", 0, "command -v debian-sa1 > /dev/null && debian-sa1 1 1", "debian-sa1", TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5), null, null),
            new CronJob(AppUser, AppUid, $"/usr/local/bin/{AppName}-sync-feeds >/dev/null 2>&1", AppName + "-sync-feeds", TimeSpan.FromMinutes(random.Pick([1, 2, 5])), TimeSpan.Zero, AppName + "-sync-feeds", "fetched {0} feeds, {1} new items, 0 errors"),
            new CronJob("root", 0, "/usr/local/sbin/check-raid >/dev/null", "check-raid", TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(random.Next(1, 14)), null, null),
            new CronJob(AppUser, AppUid, $"/srv/{AppName}/bin/cleanup-sessions --older-than 24h", AppName + "-cleanup-sessions", TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(random.Next(1, 29)), AppName + "-cleanup", "removed {0} expired sessions"),
        ];
    }

    public string Name { get; }

    public ReplayRandom Random { get; }

    public TimeZoneInfo Zone { get; }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    public bool Rfc3339Syslog { get; }

    /// <summary>
    /// Newer PAM (Debian 13, Ubuntu 24.04) writes "session opened for user alice(uid=1000) by alice(uid=0)",
    /// older "by (uid=0)"; those systems also write RFC 3339 timestamps, so the two go together.
    /// </summary>
    public bool PamNamesSessionOwner => Rfc3339Syslog;

    public bool KernelUptimeStamps { get; }

    /// <summary><c>sshd-session</c> since OpenSSH 9.8 (per-connection lines); the listener stays <c>sshd</c>.</summary>
    public string SshSessionProgram { get; }

    public int SshListenerPid { get; } = 812;

    public bool SshPasswordAuth { get; }

    public string Admin { get; }

    public int AdminUid { get; }

    public IReadOnlyList<string> AdminIps { get; }

    public string Deployer { get; }

    public int DeployerUid { get; }

    public string CiIp { get; }

    public string Domain { get; }

    public string PrivateIp { get; }

    public string Gateway { get; }

    public string Mac { get; }

    public string AppName { get; }

    public string AppProcess { get; }

    public AppLogStyle AppStyle { get; }

    public string AppUnit { get; }

    public int AppPort { get; }

    public int AppUid { get; }

    public string AppUser { get; }

    public int AppPid { get; set; } = 1400;

    public string WorkerName { get; }

    public string WorkerUnit { get; }

    public int PgVersion { get; }

    public bool PgUserDbPrefix { get; }

    public bool NginxTimings { get; }

    public int NginxPid { get; }

    public IReadOnlyList<int> NginxWorkers { get; }

    /// <summary>Settable: the generator makes sure some host has a mail or FTP server for that incident.</summary>
    public bool HasMail { get; set; }

    public FtpServer Ftp { get; }

    public bool HasDocker { get; }

    public string Firewall { get; }

    public bool Dhclient { get; }

    public string Kernel { get; }

    /// <summary>The build as oopses print it after the release ("#1 Debian 6.1.112-1").</summary>
    public string KernelBuild { get; }

    public DateTimeOffset Boot { get; }

    public string Disk { get; }

    public string DataDisk { get; }

    public double TrafficScale { get; set; }

    public double RhythmPhaseHours { get; }

    public double SshScannersPerHour { get; }

    public double WebScannersPerHour { get; }

    public double FirewallDropsPerHour { get; }

    /// <summary>nginx's "an upstream response is buffered to a temporary file" warnings: normal, at a steady rate.</summary>
    public double BufferedWarningsPerHour { get; }

    /// <summary>logrotate's daily complaint about a group-writable log directory (exit status 1, unit "failed").</summary>
    public bool LogrotateInsecureParent { get; }

    /// <summary>A oneshot unit that fails every day on this host (and nobody cares).</summary>
    public string? DailyFailingUnit { get; }

    public bool AppArmorNoise { get; }

    /// <summary>The nightly backup also copies to a USB disk it powers on, mounts, unmounts and powers off.</summary>
    public bool UsbBackupDisk { get; }

    public DayOfWeek WeeklyJobDay { get; }

    public DayOfWeek RsyslogRotationDay { get; }

    public TimeSpan RotationDelay { get; }

    public IReadOnlyList<CronJob> CronJobs { get; }

    /// <summary>Changes incidents make to the background (a silenced source, a skipped cron job, a traffic factor).</summary>
    public List<BackgroundChange> Changes { get; } = [];

    /// <summary>Message kinds deploys added to the app (a new feature logs something new): since when, template, rate.</summary>
    public List<(DateTimeOffset Since, string Template, double PerHour)> AppFeatureMessages { get; } = [];

    /// <summary>When the app was deployed (sorted): its static assets get new hashed names each time.</summary>
    public List<DateTimeOffset> Deploys { get; } = [];

    /// <summary>Normal things planted because they look alarming.</summary>
    public List<PlantedNearMiss> NearMisses { get; } = [];

    /// <summary>Addresses incidents use; background generators must not use them.</summary>
    public HashSet<string> ReservedAddresses { get; } = [];

    /// <summary>The Description= of the host's units, as systemd prints it.</summary>
    public string UnitDescription(string unit) => unit switch
    {
        _ when unit == AppUnit => AppName + " API server",
        _ when unit == WorkerUnit => AppName + " background jobs",
        _ when unit == PgUnit => $"PostgreSQL Cluster {PgVersion}-main",
        "redis-server.service" => "Advanced key-value store",
        "pgbouncer.service" => "connection pooler for PostgreSQL",
        "nginx.service" => "A high performance web server and a reverse proxy server",
        _ => unit.Replace(".service", "", StringComparison.Ordinal),
    };

    public string AppLogPath => AppName + "/app.log";

    public string WorkerLogPath => AppName + "/worker.log";

    public string PgLogPath => $"postgresql/postgresql-{PgVersion}-main.log";

    public string PgUnit => $"postgresql@{PgVersion}-main.service";

    public long LinesWritten => _files.Values.Sum(f => f.LinesWritten);

    public int NextPid()
    {
        _pid += Random.Next(1, 40);
        if (_pid > 4_194_000)
        {
            _pid = 300;
        }

        return _pid;
    }

    public long NextNginxConnection() => _nginxConnection += Random.Next(1, 4);

    /// <summary>A fresh public address no incident uses.</summary>
    public string BackgroundAddress(double ipv6Share = 0.1)
    {
        while (true)
        {
            string address = Random.Chance(ipv6Share) ? Random.PublicIPv6() : Random.PublicIPv4();
            if (!ReservedAddresses.Contains(address))
            {
                return address;
            }
        }
    }

    // ---- background changes ----

    public bool IsSilenced(string fileOrProgram, DateTimeOffset time)
    {
        foreach (BackgroundChange change in Changes)
        {
            if (change.Kind == BackgroundChangeKind.Silence && change.Target == fileOrProgram && time >= change.From && time < change.To)
            {
                return true;
            }
        }

        return false;
    }

    public double TrafficFactor(DateTimeOffset time)
    {
        double factor = 1;
        foreach (BackgroundChange change in Changes)
        {
            if (change.Kind == BackgroundChangeKind.Traffic && time >= change.From && time < change.To)
            {
                factor *= change.Factor;
            }
        }

        return factor;
    }

    /// <summary>The upstream failure active at <paramref name="time"/>, if any.</summary>
    public BackgroundChange? UpstreamFailure(DateTimeOffset time)
    {
        foreach (BackgroundChange change in Changes)
        {
            if (change.Kind == BackgroundChangeKind.UpstreamFailure && time >= change.From && time < change.To)
            {
                return change;
            }
        }

        return null;
    }

    // ---- time ----

    public DateTimeOffset Local(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, Zone);

    /// <summary>Share of the peak load at this time: low at night, high in the afternoon, lighter at weekends.</summary>
    public double Rhythm(DateTimeOffset time)
    {
        DateTimeOffset local = Local(time);
        double hour = local.TimeOfDay.TotalHours - RhythmPhaseHours;
        double daily = 0.56 - (0.46 * Math.Cos(2 * Math.PI * (hour - 4.5) / 24));
        return local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? daily * 0.7 : daily;
    }

    // ---- files ----

    public ReplayLogFile File(string relativePath, Func<IReadOnlyList<DateTimeOffset>> rotations)
    {
        if (!_files.TryGetValue(relativePath, out ReplayLogFile? file))
        {
            file = new ReplayLogFile(_root, relativePath, rotations());
            _files[relativePath] = file;
        }

        return file;
    }

    private ReplayLogFile Daily(string path) => File(path, () => RotationTimes(null));

    private ReplayLogFile Weekly(string path, DayOfWeek day) => File(path, () => RotationTimes(day));

    /// <summary>logrotate's runs in the period: every day, or on one weekday, shortly after midnight.</summary>
    private List<DateTimeOffset> RotationTimes(DayOfWeek? weekday)
    {
        var times = new List<DateTimeOffset>();
        DateTime day = Local(Start).Date.AddDays(1);
        while (true)
        {
            var at = new DateTimeOffset(day, Zone.GetUtcOffset(day)) + RotationDelay;
            if (at >= End)
            {
                return times;
            }

            if (weekday is null || day.DayOfWeek == weekday)
            {
                times.Add(at);
            }

            day = day.AddDays(1);
        }
    }

    /// <summary>A line of a file that is never rotated (a script's own log).</summary>
    public void Plain(string relativePath, DateTimeOffset time, string line) => Put(File(relativePath, () => []), time, line);

    private void Put(ReplayLogFile file, DateTimeOffset time, string line)
    {
        if (_capturing)
        {
            _captureFirst = time < _captureFirst ? time : _captureFirst;
            _captureLast = time > _captureLast ? time : _captureLast;
        }

        file.Add(time, line);
    }

    /// <summary>Starts noting the times of the lines written (an incident's first and last line).</summary>
    public void BeginCapture()
    {
        _capturing = true;
        _captureFirst = DateTimeOffset.MaxValue;
        _captureLast = DateTimeOffset.MinValue;
    }

    /// <summary>The first and last time written since <see cref="BeginCapture"/>.</summary>
    public (DateTimeOffset First, DateTimeOffset Last) EndCapture()
    {
        _capturing = false;
        return (_captureFirst, _captureLast);
    }

    public void FlushBefore(DateTimeOffset until)
    {
        foreach (ReplayLogFile file in _files.Values)
        {
            file.Flush(until);
        }
    }

    public void Close()
    {
        foreach (ReplayLogFile file in _files.Values)
        {
            file.Close(End);
        }
    }

    // ---- syslog-style files ----

    private string SyslogHeader(DateTimeOffset time)
    {
        DateTimeOffset local = Local(time);
        if (Rfc3339Syslog)
        {
            return local.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture) + " " + Name + " ";
        }

        return string.Create(CultureInfo.InvariantCulture, $"{MonthNames[local.Month - 1]} {local.Day,2} {local:HH:mm:ss} {Name} ");
    }

    private string SyslogLine(DateTimeOffset time, string program, int? pid, string message) =>
        pid is int p
            ? string.Create(CultureInfo.InvariantCulture, $"{SyslogHeader(time)}{program}[{p}]: {message}")
            : SyslogHeader(time) + program + ": " + message;

    private ReplayLogFile SyslogFile => Weekly("syslog", RsyslogRotationDay);

    /// <summary>authpriv: sshd, PAM, sudo, su, useradd, CRON sessions, systemd-logind.</summary>
    public void Auth(DateTimeOffset time, string program, int? pid, string message) =>
        Put(Weekly("auth.log", RsyslogRotationDay), time, SyslogLine(time, program, pid, message));

    /// <summary>Everything else that syslog keeps in /var/log/syslog.</summary>
    public void Sys(DateTimeOffset time, string program, int? pid, string message)
    {
        if (!IsSilenced(program, time))
        {
            Put(SyslogFile, time, SyslogLine(time, program, pid, message));
        }
    }

    /// <summary>A kernel message: kern.log and syslog (Debian's and Ubuntu's rsyslog rules), and ufw.log for UFW's.</summary>
    public void Kern(DateTimeOffset time, string message)
    {
        string text = message;
        if (KernelUptimeStamps)
        {
            long micros = (time - Boot).Ticks / 10;
            text = string.Create(CultureInfo.InvariantCulture, $"[{micros / 1_000_000,5}.{micros % 1_000_000:D6}] {message}");
        }

        string line = SyslogLine(time, "kernel", null, text);
        Put(Weekly("kern.log", RsyslogRotationDay), time, line);
        Put(SyslogFile, time, line);
        if (Firewall == "ufw" && message.StartsWith("[UFW ", StringComparison.Ordinal))
        {
            Put(Weekly("ufw.log", RsyslogRotationDay), time, line);
        }
    }

    /// <summary>mail facility: mail.log and syslog.</summary>
    public void Mail(DateTimeOffset time, string program, int? pid, string message)
    {
        string line = SyslogLine(time, program, pid, message);
        Put(Weekly("mail.log", RsyslogRotationDay), time, line);
        Put(SyslogFile, time, line);
    }

    // ---- nginx ----

    public void Access(DateTimeOffset time, string client, string method, string path, string protocol, int status, long bytes, string referer, string agent, double? seconds)
    {
        if (IsSilenced("nginx/access.log", time))
        {
            return;
        }

        DateTimeOffset local = Local(time);
        var sb = new StringBuilder(256);
        sb.Append(client).Append(" - - [").Append(local.ToString("dd/MMM/yyyy:HH:mm:ss zzz", CultureInfo.InvariantCulture).Remove(24, 1))
            .Append("] \"");
        if (method.Length == 0)
        {
            sb.Append(path);
        }
        else
        {
            sb.Append(method).Append(' ').Append(path).Append(' ').Append(protocol);
        }

        sb.Append("\" ").Append(status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(bytes.ToString(CultureInfo.InvariantCulture))
            .Append(" \"").Append(referer).Append("\" \"").Append(agent).Append('"');
        if (NginxTimings)
        {
            string upstream = seconds is double s && (path.StartsWith("/api/", StringComparison.Ordinal) || status >= 500)
                ? s.ToString("F3", CultureInfo.InvariantCulture)
                : "-";
            sb.Append(' ').Append((seconds ?? 0.0).ToString("F3", CultureInfo.InvariantCulture)).Append(' ').Append(upstream);
        }

        Put(Daily("nginx/access.log"), time, sb.ToString());
    }

    public void NginxError(DateTimeOffset time, string level, string message, bool withConnection = true)
    {
        DateTimeOffset local = Local(time);
        int worker = Random.Pick(NginxWorkers);
        string connection = withConnection ? string.Create(CultureInfo.InvariantCulture, $"*{NextNginxConnection()} ") : "";
        Put(Daily("nginx/error.log"), time, string.Create(CultureInfo.InvariantCulture, $"{local:yyyy'/'MM'/'dd HH:mm:ss} [{level}] {worker}#{worker}: {connection}{message}"));
    }

    // ---- the app's JSON logs ----

    /// <summary>
    /// One app log event. <paramref name="template"/> holds <c>{Name}</c> placeholders filled from
    /// <paramref name="properties"/>; Serilog keeps the template (<c>@mt</c>), the others write the rendered text.
    /// </summary>
    public void App(DateTimeOffset time, AppLevel level, string template, params (string Name, object Value)[] properties) =>
        AppEvent(AppLogPath, AppProcess, time, level, template, properties);

    public void Worker(DateTimeOffset time, AppLevel level, string template, params (string Name, object Value)[] properties) =>
        AppEvent(WorkerLogPath, AppProcess, time, level, template, properties);

    private void AppEvent(string path, string process, DateTimeOffset time, AppLevel level, string template, (string Name, object Value)[] properties)
    {
        if (IsSilenced(path, time))
        {
            return;
        }

        var sb = new StringBuilder(256);
        DateTimeOffset utc = time.ToUniversalTime();
        switch (AppStyle)
        {
            case AppLogStyle.Pino:
                sb.Append("{\"level\":").Append(level switch { AppLevel.Debug => 20, AppLevel.Info => 30, AppLevel.Warn => 40, AppLevel.Error => 50, _ => 60 })
                    .Append(",\"time\":").Append(utc.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture))
                    .Append(",\"pid\":").Append(AppPid.ToString(CultureInfo.InvariantCulture))
                    .Append(",\"hostname\":\"").Append(Name).Append("\",\"msg\":");
                AppendJsonString(sb, Render(template, properties));
                AppendProperties(sb, properties);
                break;
            case AppLogStyle.Structlog:
                sb.Append("{\"event\": ");
                AppendJsonString(sb, Render(template, properties));
                sb.Append(", \"level\": \"").Append(level switch { AppLevel.Debug => "debug", AppLevel.Info => "info", AppLevel.Warn => "warning", AppLevel.Error => "error", _ => "critical" })
                    .Append("\", \"timestamp\": \"").Append(utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture))
                    .Append("\", \"logger\": \"").Append(process).Append('"');
                foreach (var (name, value) in properties)
                {
                    sb.Append(", \"").Append(SnakeCase(name)).Append("\": ");
                    AppendJsonValue(sb, value);
                }

                sb.Append('}');
                break;
            case AppLogStyle.SerilogCompact:
                sb.Append("{\"@t\":\"").Append(utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)).Append("\",\"@mt\":");
                AppendJsonString(sb, template);
                if (level != AppLevel.Info)
                {
                    sb.Append(",\"@l\":\"").Append(level switch { AppLevel.Debug => "Debug", AppLevel.Warn => "Warning", AppLevel.Error => "Error", _ => "Fatal" }).Append('"');
                }

                AppendProperties(sb, properties);
                break;
            default:
                sb.Append("{\"level\":\"").Append(level switch { AppLevel.Debug => "debug", AppLevel.Info => "info", AppLevel.Warn => "warn", AppLevel.Error => "error", _ => "fatal" })
                    .Append("\",\"ts\":").Append((utc.ToUnixTimeMilliseconds() / 1000.0).ToString("F6", CultureInfo.InvariantCulture))
                    .Append(",\"caller\":\"").Append(CallerFor(template)).Append("\",\"msg\":");
                AppendJsonString(sb, Render(template, properties));
                AppendProperties(sb, properties);
                break;
        }

        Put(Daily(path), time, sb.ToString());
    }

    private static string CallerFor(string template)
    {
        // A stable "file.go:line" per message, as zap writes it.
        uint hash = 2166136261;
        foreach (char c in template)
        {
            hash = (hash ^ c) * 16777619;
        }

        string[] files = ["http/server.go", "store/postgres.go", "jobs/runner.go", "api/handlers.go", "cache/redis.go", "main.go"];
        return files[hash % (uint)files.Length] + ":" + (40 + (hash % 400)).ToString(CultureInfo.InvariantCulture);
    }

    private static void AppendProperties(StringBuilder sb, (string Name, object Value)[] properties)
    {
        foreach (var (name, value) in properties)
        {
            sb.Append(",\"").Append(name).Append("\":");
            AppendJsonValue(sb, value);
        }

        sb.Append('}');
    }

    private static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }

    private static string Render(string template, (string Name, object Value)[] properties)
    {
        if (properties.Length == 0 || !template.Contains('{', StringComparison.Ordinal))
        {
            return template;
        }

        var sb = new StringBuilder(template);
        foreach (var (name, value) in properties)
        {
            sb.Replace("{" + name + "}", Convert.ToString(value, CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    private static void AppendJsonValue(StringBuilder sb, object value)
    {
        switch (value)
        {
            case int or long:
                sb.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(d.ToString("0.###", CultureInfo.InvariantCulture));
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            default:
                AppendJsonString(sb, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                break;
        }
    }

    public static void AppendJsonString(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    // ---- PostgreSQL ----

    /// <summary>A server line with Debian's <c>log_line_prefix = '%m [%p] %q%u@%d '</c> (or plain <c>'%m [%p] '</c>).</summary>
    public void Postgres(DateTimeOffset time, int pid, string level, string message, string? userAtDb = null)
    {
        if (IsSilenced(PgLogPath, time))
        {
            return;
        }

        string session = PgUserDbPrefix && userAtDb is not null ? userAtDb + " " : "";
        Put(
            Weekly(PgLogPath, DayOfWeek.Sunday),
            time,
            string.Create(CultureInfo.InvariantCulture, $"{time.ToUniversalTime():yyyy-MM-dd HH:mm:ss.fff} UTC [{pid}] {session}{level}:  {message}"));
    }

    // ---- FTP ----

    /// <summary>vsftpd's own log (<c>vsftpd.log</c>, ctime timestamps).</summary>
    public void VsftpdLog(DateTimeOffset time, int pid, string message)
    {
        DateTimeOffset local = Local(time);
        Put(
            Weekly("vsftpd.log", RsyslogRotationDay),
            time,
            string.Create(CultureInfo.InvariantCulture, $"{local:ddd MMM} {local.Day,2} {local:HH:mm:ss yyyy} [pid {pid}] {message}"));
    }
}

internal enum BackgroundChangeKind
{
    /// <summary>A file or a program writes nothing (<see cref="BackgroundChange.Target"/>).</summary>
    Silence,

    /// <summary>Web traffic multiplied by <see cref="BackgroundChange.Factor"/>.</summary>
    Traffic,

    /// <summary>The app behind nginx fails a share (<see cref="BackgroundChange.Factor"/>) of its requests.</summary>
    UpstreamFailure,

    /// <summary>A cron job (<see cref="BackgroundChange.Target"/> = its name) does not run.</summary>
    CronSkipped,
}

/// <summary>How an incident changes the background for a while.</summary>
internal sealed record BackgroundChange(BackgroundChangeKind Kind, string Target, DateTimeOffset From, DateTimeOffset To, double Factor = 1, int Status = 0);
