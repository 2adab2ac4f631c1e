using System.Globalization;

namespace LogWarden.Tests.Support.Replay;

/// <summary>
/// What systemd (PID 1) writes about units, in the wording of systemd 252+ ("Starting x.service - Desc...")
/// or of systemd 247 (Debian 11: "Starting Desc...", "x.service: Succeeded.").
/// </summary>
internal sealed class SystemdLines(ReplayHost host, bool oldStyle, bool memoryPeak)
{
    private string Name(string unit, string description) => oldStyle ? description : unit + " - " + description;

    public void Starting(DateTimeOffset t, string unit, string description) => host.Sys(t, "systemd", 1, $"Starting {Name(unit, description)}...");

    public void Started(DateTimeOffset t, string unit, string description) => host.Sys(t, "systemd", 1, $"Started {Name(unit, description)}.");

    public void Stopping(DateTimeOffset t, string unit, string description) => host.Sys(t, "systemd", 1, $"Stopping {Name(unit, description)}...");

    public void Stopped(DateTimeOffset t, string unit, string description) => host.Sys(t, "systemd", 1, $"Stopped {Name(unit, description)}.");

    public void Deactivated(DateTimeOffset t, string unit) => host.Sys(t, "systemd", 1, oldStyle ? unit + ": Succeeded." : unit + ": Deactivated successfully.");

    public void Consumed(DateTimeOffset t, string unit, double cpuSeconds)
    {
        string cpu = cpuSeconds >= 60
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)(cpuSeconds / 60)}min {cpuSeconds % 60:F3}s")
            : string.Create(CultureInfo.InvariantCulture, $"{cpuSeconds:F3}s");
        string memory = memoryPeak ? string.Create(CultureInfo.InvariantCulture, $", {host.Random.Between(2, 180):F1}M memory peak") : "";
        host.Sys(t, "systemd", 1, $"{unit}: Consumed {cpu} CPU time{memory}.");
    }

    /// <summary>A oneshot service run by a timer: starting, its work, finished.</summary>
    public DateTimeOffset Oneshot(DateTimeOffset t, string unit, string description, TimeSpan duration, Action<DateTimeOffset>? work = null)
    {
        Starting(t, unit, description);
        work?.Invoke(t + TimeSpan.FromTicks(duration.Ticks / 2));
        DateTimeOffset end = t + duration;
        Deactivated(end, unit);
        host.Sys(end, "systemd", 1, $"Finished {Name(unit, description)}.");
        if (duration > TimeSpan.FromSeconds(1))
        {
            Consumed(end, unit, duration.TotalSeconds * host.Random.Between(0.05, 0.6));
        }

        return end;
    }

    public void Failed(DateTimeOffset t, string unit, string description, string code = "exited", string status = "1/FAILURE", string result = "exit-code", bool failedToStart = true)
    {
        host.Sys(t, "systemd", 1, $"{unit}: Main process exited, code={code}, status={status}");
        host.Sys(t, "systemd", 1, $"{unit}: Failed with result '{result}'.");
        if (failedToStart)
        {
            FailedToStart(t, unit, description);
        }
    }

    public void FailedToStart(DateTimeOffset t, string unit, string description) => host.Sys(t, "systemd", 1, $"Failed to start {Name(unit, description)}.");

    public void ScheduledRestart(DateTimeOffset t, string unit, int counter) =>
        host.Sys(t, "systemd", 1, string.Create(CultureInfo.InvariantCulture, $"{unit}: Scheduled restart job, restart counter is at {counter}."));
}

/// <summary>
/// The system's own chatter in syslog: cron jobs at their periods (with their PAM sessions in auth.log),
/// systemd timers (apt, logrotate, man-db, dpkg backups, tmpfiles), time synchronisation, DHCP
/// renewals, and Docker's per-container noise in syslog and the kernel log. Also the kernel's firewall
/// drops from the internet's background scanning and a recurring AppArmor denial on some hosts.
/// </summary>
internal sealed class SystemChatter : IReplayEmitter
{
    private readonly ReplayHost _host;
    private readonly SystemdLines _systemd;
    private readonly double _scale;
    private readonly string _ntpServer;
    private readonly string _ntpAddress;
    private DateTimeOffset _nextDhcp;
    private int _auditSerial;

    public SystemChatter(ReplayHost host, SystemdLines systemd, double scale)
    {
        _host = host;
        _systemd = systemd;
        _scale = scale;
        bool ubuntu = host.Kernel.Contains("generic", StringComparison.Ordinal);
        _ntpServer = ubuntu ? "ntp.ubuntu.com" : "0.debian.pool.ntp.org";
        _ntpAddress = ubuntu ? "185.125.190.57:123" : host.BackgroundAddress(0) + ":123";
        _nextDhcp = host.Start + TimeSpan.FromSeconds(host.Random.Next(60, 1800));
        _auditSerial = host.Random.Next(100, 900);
    }

    public void Emit(DateTimeOffset from, DateTimeOffset to)
    {
        Cron(from, to);
        Timers(from, to);
        Network(from, to);
        if (_host.HasDocker)
        {
            Docker(from, to);
        }

        Firewall(from, to);
    }

    private void Cron(DateTimeOffset from, DateTimeOffset to)
    {
        var r = _host.Random;
        foreach (CronJob job in _host.CronJobs)
        {
            DateTimeOffset localFrom = _host.Local(from);
            DateTimeOffset first = localFrom - TimeSpan.FromTicks(localFrom.TimeOfDay.Ticks % job.Period.Ticks) + job.Offset;
            for (DateTimeOffset at = first; at < to; at += job.Period)
            {
                if (at < from || Skipped(job, at))
                {
                    continue;
                }

                DateTimeOffset t = at + r.Millis(1, 900);
                int pid = _host.NextPid();
                string user = job.User;
                _host.Auth(t, "CRON", pid, string.Create(CultureInfo.InvariantCulture, $"pam_unix(cron:session): session opened for user {user}(uid={job.Uid}) by {(_host.PamNamesSessionOwner ? user : "")}(uid=0)"));
                _host.Sys(t, "CRON", pid + 1, $"({user}) CMD ({job.Command})");
                TimeSpan runtime = r.Millis(40, 4000);
                if (job.OutputProgram is not null && job.Output is not null)
                {
                    _host.Sys(t + runtime, job.OutputProgram, pid + 2, string.Format(CultureInfo.InvariantCulture, job.Output, r.Next(3, 40), r.Next(0, 25)));
                }

                _host.Auth(t + runtime + r.Millis(1, 40), "CRON", pid, $"pam_unix(cron:session): session closed for user {user}");
            }
        }
    }

    private bool Skipped(CronJob job, DateTimeOffset at)
    {
        foreach (BackgroundChange change in _host.Changes)
        {
            if (change.Kind == BackgroundChangeKind.CronSkipped && change.Target == job.Name && at >= change.From && at < change.To)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A day's timers are planned once, when its midnight comes (lines ahead of the window wait in the files' buffers).</summary>
    private void Timers(DateTimeOffset from, DateTimeOffset to)
    {
        var r = _host.Random;
        foreach (DateTimeOffset day in ReplayClock.DaysStartingIn(_host, from, to))
        {
            _systemd.Oneshot(day + TimeSpan.FromHours(6) + r.Seconds(0, 3600), "apt-daily-upgrade.service", "Daily apt upgrade and clean activities", r.Seconds(4, 40));
            _systemd.Oneshot(day + TimeSpan.FromHours(r.Between(6, 20)), "apt-daily.service", "Daily apt download activities", r.Seconds(2, 25));
            _systemd.Oneshot(day + r.Seconds(1, 600), "dpkg-db-backup.service", "Daily dpkg database backup service", r.Seconds(0.2, 2));
            _systemd.Oneshot(day + r.Seconds(60, 3000), "man-db.service", "Daily man-db regeneration", r.Seconds(0.5, 12));
            _systemd.Oneshot(day + TimeSpan.FromHours(r.Between(8, 20)), "systemd-tmpfiles-clean.service", "Cleanup of Temporary Directories", r.Seconds(0.05, 0.5));
            if (day > _host.Start)
            {
                Logrotate(day + _host.RotationDelay);
            }

            Certbot(day + TimeSpan.FromHours(r.Between(0.2, 12)), morning: true);
            Certbot(day + TimeSpan.FromHours(12) + TimeSpan.FromHours(r.Between(0, 11.8)), morning: false);
            if (_host.DailyFailingUnit is string unit && unit != "certbot.service")
            {
                DailyFailure(day + TimeSpan.FromHours(r.Between(1, 23)), unit);
            }

            // The clock server does not answer now and then; timesyncd tries again.
            for (int i = r.Next(0, 3); i > 0; i--)
            {
                DateTimeOffset t = day + TimeSpan.FromHours(r.Between(0, 23.9));
                _host.Sys(t, "systemd-timesyncd", 498, $"Timed out waiting for reply from {_ntpAddress} ({_ntpServer}).");
                _host.Sys(t + r.Seconds(5, 40), "systemd-timesyncd", 498, $"Contacted time server {_ntpAddress} ({_ntpServer}).");
            }
        }
    }

    private void Logrotate(DateTimeOffset t)
    {
        var r = _host.Random;
        _systemd.Starting(t, "logrotate.service", "Rotate log files");
        DateTimeOffset end = t + r.Seconds(0.3, 3);

        // nginx's postrotate: the master gets USR1 and every worker reopens its logs.
        _host.NginxError(end, "notice", string.Create(CultureInfo.InvariantCulture, $"signal 10 (SIGUSR1) received from {_host.NextPid()}, reopening logs"), withConnection: false);
        foreach (int _ in _host.NginxWorkers)
        {
            _host.NginxError(end, "notice", "reopening logs", withConnection: false);
        }

        // The app reopens its files after the rotation and says so: "error_log" in an info line, every night.
        _host.App(end + r.Millis(5, 80), AppLevel.Info, "logs rotated: error_log and access_log reopened ({Files} files)", ("Files", 2));

        if (_host.Local(t).DayOfWeek == _host.RsyslogRotationDay)
        {
            _host.Sys(end, "rsyslogd", null, "[origin software=\"rsyslogd\" swVersion=\"8.2302.0\" x-pid=\"601\" x-info=\"https://www.rsyslog.com\"] rsyslogd was HUPed");
        }

        if (_host.LogrotateInsecureParent)
        {
            _host.Sys(end, "logrotate", _host.NextPid(), $"error: skipping \"/var/www/{_host.Domain}/logs/php_errors.log\" because parent directory has insecure permissions (It's world writable or writable by group which is not \"root\") Set \"su\" directive in config file to tell logrotate which user/group should be used for rotation.");
            _systemd.Failed(end, "logrotate.service", "Rotate log files");
        }
        else
        {
            _systemd.Deactivated(end, "logrotate.service");
            _host.Sys(end, "systemd", 1, "Finished logrotate.service - Rotate log files.");
        }
    }

    private void Certbot(DateTimeOffset t, bool morning)
    {
        if (_host.DailyFailingUnit == "certbot.service" && morning)
        {
            DailyFailure(t, "certbot.service");
            return;
        }

        _systemd.Oneshot(t, "certbot.service", "Certbot", _host.Random.Seconds(1, 6));
    }

    /// <summary>A unit that fails every day on this host: a keyword filter flags it daily, its owner stopped caring.</summary>
    private void DailyFailure(DateTimeOffset t, string unit)
    {
        var r = _host.Random;
        string description = unit switch
        {
            "motd-news.service" => "Message of the Day",
            "certbot.service" => "Certbot",
            _ => "Download data for packages that failed at package install time",
        };
        _systemd.Starting(t, unit, description);
        DateTimeOffset end = t + r.Seconds(1, 20);
        string program = unit.Replace(".service", "", StringComparison.Ordinal);
        string complaint = unit switch
        {
            "certbot.service" => "Failed to renew certificate old-" + _host.Domain + " with error: Some challenges have failed.",
            "motd-news.service" => "curl: (6) Could not resolve host: motd.ubuntu.com",
            _ => "E: Failed to fetch https://dl.google.com/linux/chrome/deb/dists/stable/InRelease  Could not resolve host: dl.google.com",
        };
        _host.Sys(end, program, _host.NextPid(), complaint);
        _systemd.Failed(end, unit, description);
    }

    private void Network(DateTimeOffset from, DateTimeOffset to)
    {
        var r = _host.Random;
        while (_nextDhcp < to)
        {
            DateTimeOffset t = _nextDhcp;
            if (t >= from)
            {
                if (_host.Dhclient)
                {
                    int renewal = r.Next(1500, 1900);
                    _host.Sys(t, "dhclient", 612, $"DHCPREQUEST for {_host.PrivateIp} on eth0 to {_host.Gateway} port 67");
                    _host.Sys(t + r.Millis(2, 40), "dhclient", 612, $"DHCPACK of {_host.PrivateIp} from {_host.Gateway}");
                    _host.Sys(t + r.Millis(41, 80), "dhclient", 612, string.Create(CultureInfo.InvariantCulture, $"bound to {_host.PrivateIp} -- renewal in {renewal} seconds."));
                    _nextDhcp = t + TimeSpan.FromSeconds(renewal);
                    continue;
                }

                _host.Sys(t, "systemd-networkd", 455, $"eth0: DHCPv4 address {_host.PrivateIp}/24, gateway {_host.Gateway} acquired from {_host.Gateway}");
                _host.Sys(t + r.Millis(100, 900), "systemd-timesyncd", 498, "Network configuration changed, trying to establish connection.");
                _host.Sys(t + r.Seconds(1, 3), "systemd-timesyncd", 498, $"Contacted time server {_ntpAddress} ({_ntpServer}).");
            }

            _nextDhcp = t + TimeSpan.FromHours(r.Between(11, 13));
        }
    }

    private void Docker(DateTimeOffset from, DateTimeOffset to)
    {
        // A containerised job (`docker run --rm`) every 15 minutes: veth pairs come and go, shims disconnect.
        var r = _host.Random;
        DateTimeOffset localFrom = _host.Local(from);
        DateTimeOffset first = localFrom - TimeSpan.FromTicks(localFrom.TimeOfDay.Ticks % TimeSpan.FromMinutes(15).Ticks) + TimeSpan.FromMinutes(4);
        for (DateTimeOffset t = first; t < to; t += TimeSpan.FromMinutes(15))
        {
            if (t < from)
            {
                continue;
            }

            string veth = r.Hex(7);
            string container = r.Hex(64);
            int port = r.Next(1, 4);
            DateTimeOffset s = t + r.Millis(100, 900);
            _host.Kern(s, $"docker0: port {port}(veth{veth}) entered blocking state");
            _host.Kern(s, $"docker0: port {port}(veth{veth}) entered disabled state");
            _host.Kern(s, $"veth{veth}: entered allmulticast mode");
            _host.Kern(s, $"veth{veth}: entered promiscuous mode");
            _host.Kern(s + r.Millis(100, 300), $"eth0: renamed from veth{r.Hex(7)}");
            _host.Kern(s + r.Millis(300, 400), $"docker0: port {port}(veth{veth}) entered blocking state");
            _host.Kern(s + r.Millis(300, 400), $"docker0: port {port}(veth{veth}) entered forwarding state");
            DateTimeOffset e = s + r.Seconds(3, 40);
            string nanos = e.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + r.Next(10, 99).ToString(CultureInfo.InvariantCulture) + "Z";
            _host.Sys(e, "containerd", 733, $"time=\"{nanos}\" level=info msg=\"shim disconnected\" id={container} namespace=moby");
            _host.Sys(e, "containerd", 733, $"time=\"{nanos}\" level=warning msg=\"cleaning up after shim disconnected\" id={container} namespace=moby");
            _host.Sys(e, "containerd", 733, $"time=\"{nanos}\" level=info msg=\"cleaning up dead shim\" namespace=moby");
            _host.Sys(e, "dockerd", 812, $"time=\"{nanos}\" level=info msg=\"ignoring event\" container={container} module=libcontainerd namespace=moby topic=/tasks/delete type=\"*events.TaskDelete\"");
            _host.Kern(e + r.Millis(5, 30), $"docker0: port {port}(veth{veth}) entered disabled state");
            _host.Kern(e + r.Millis(30, 60), $"veth{veth} (unregistering): left allmulticast mode");
            _host.Kern(e + r.Millis(30, 60), $"veth{veth} (unregistering): left promiscuous mode");
            _host.Kern(e + r.Millis(30, 60), $"docker0: port {port}(veth{veth}) entered disabled state");
            _host.Sys(e + r.Millis(60, 200), "systemd", 1, $"var-lib-docker-overlay2-{r.Hex(64)}-merged.mount: Deactivated successfully.");

            // A health check that times out now and then: a warning with "error" in it, normal on this host.
            if (r.Chance(0.03))
            {
                _host.Sys(e, "dockerd", 812, $"time=\"{nanos}\" level=warning msg=\"Health check for container {r.Hex(64)} error: context deadline exceeded\"");
            }
        }
    }

    private void Firewall(DateTimeOffset from, DateTimeOffset to)
    {
        var r = _host.Random;
        int drops = r.Poisson(_host.FirewallDropsPerHour * Math.Max(0.3, _scale) * (to - from).TotalHours);
        for (int i = 0; i < drops; i++)
        {
            DateTimeOffset t = r.Within(from, to - from);
            string ip = _host.BackgroundAddress(0.02);
            int packets = r.Chance(0.8) ? 1 : r.Next(2, 4);
            for (int p = 0; p < packets; p++)
            {
                _host.Kern(t, FirewallDrop(_host, r, ip, r.Pick(FirewallPorts)));
                t += r.Seconds(0.5, 3);
            }
        }

        if (_host.AppArmorNoise)
        {
            int denials = r.Poisson(3 * (to - from).TotalHours);
            for (int i = 0; i < denials; i++)
            {
                DateTimeOffset t = r.Within(from, to - from);
                _host.Kern(t, string.Create(CultureInfo.InvariantCulture, $"audit: type=1400 audit({t.ToUnixTimeSeconds()}.{t.Millisecond:D3}:{++_auditSerial}): apparmor=\"DENIED\" operation=\"open\" class=\"file\" profile=\"rsyslogd\" name=\"/run/systemd/sessions/\" pid=601 comm=72733A6D61696E20513A526567 requested_mask=\"r\" denied_mask=\"r\" fsuid=104 ouid=0"));
            }
        }
    }

    /// <summary>The ports the internet knocks on, with the protocol.</summary>
    public static readonly (int Port, bool Udp)[] FirewallPorts =
    [
        (23, false), (3389, false), (8080, false), (5555, false), (6379, false), (1433, false), (3306, false), (5900, false), (8443, false),
        (2375, false), (9200, false), (81, false), (8888, false), (445, false), (22222, false), (2222, false), (5060, true), (123, true),
        (161, true), (1900, true), (53, true), (11211, true), (8000, false), (7547, false), (60001, false), (37215, false), (52869, false),
    ];

    /// <summary>One dropped packet as the host's firewall logs it (UFW, an nftables or iptables log rule).</summary>
    public static string FirewallDrop(ReplayHost host, ReplayRandom r, string ip, (int Port, bool Udp) target)
    {
        string prefix = host.Firewall switch
        {
            "ufw" => "[UFW BLOCK] ",
            "nftables" => "nft drop: ",
            _ => "IPTables-Dropped: ",
        };
        bool v6 = ip.Contains(':', StringComparison.Ordinal);
        string mac = $"{host.Mac}:{r.Hex(2)}:{r.Hex(2)}:{r.Hex(2)}:{r.Hex(2)}:{r.Hex(2)}:{r.Hex(2)}:{(v6 ? "86:dd" : "08:00")}";
        string dst = v6 ? "2a01:4f8:c012:" + r.Hex(4) + "::1" : host.PrivateIp;
        string header = v6
            ? string.Create(CultureInfo.InvariantCulture, $"SRC={ip} DST={dst} LEN={(target.Udp ? 76 : 80)} TC=0 HOPLIMIT={r.Next(40, 250)} FLOWLBL={r.Next(0, 999999)}")
            : string.Create(CultureInfo.InvariantCulture, $"SRC={ip} DST={dst} LEN={(target.Udp ? r.Next(29, 120) : 44)} TOS=0x00 PREC=0x00 TTL={r.Next(40, 250)} ID={r.Next(1, 65535)}{(r.Chance(0.3) ? " DF" : "")}");
        string transport = target.Udp
            ? string.Create(CultureInfo.InvariantCulture, $"PROTO=UDP SPT={r.EphemeralPort()} DPT={target.Port} LEN={r.Next(9, 100)}")
            : string.Create(CultureInfo.InvariantCulture, $"PROTO=TCP SPT={r.EphemeralPort()} DPT={target.Port} WINDOW={r.Pick([1024, 65535, 29200, 14600])} RES=0x00 SYN URGP=0");
        return $"{prefix}IN=eth0 OUT= MAC={mac} {header} {transport}";
    }
}

/// <summary>Calendar helpers in a host's local time.</summary>
internal static class ReplayClock
{
    /// <summary>Local midnights (as instants) of the days that overlap [from, to).</summary>
    public static IEnumerable<DateTimeOffset> LocalMidnights(ReplayHost host, DateTimeOffset from, DateTimeOffset to)
    {
        DateTime day = host.Local(from).Date;
        while (true)
        {
            var midnight = new DateTimeOffset(day, host.Zone.GetUtcOffset(day));
            if (midnight >= to)
            {
                yield break;
            }

            yield return midnight;
            day = day.AddDays(1);
        }
    }

    /// <summary>
    /// The local midnights a window starts a day at: those inside [from, to), and the first day's when the
    /// window is the first. Plans made per day run once, however the period is cut into windows.
    /// </summary>
    public static IEnumerable<DateTimeOffset> DaysStartingIn(ReplayHost host, DateTimeOffset from, DateTimeOffset to)
    {
        foreach (DateTimeOffset midnight in LocalMidnights(host, from, to))
        {
            if (midnight >= from || from == host.Start)
            {
                yield return midnight;
            }
        }
    }
}
