using System.Globalization;

namespace LogWarden.Tests.Detect.Scenarios;

/// <summary>
/// Writes realistic log lines in time order, as the services write them: sshd (OpenSSH with PAM, several
/// lines per attempt), Postfix SASL, Dovecot, vsftpd, nginx access and error logs. The clock moves with
/// <see cref="Wait"/>; pids count up like a busy server's.
/// </summary>
internal sealed class AttackLines(DateTimeOffset start, string host = "web")
{
    private int _pid = 20_000;

    public DateTimeOffset Now { get; private set; } = start;

    public List<string> Lines { get; } = [];

    public AttackLines Wait(TimeSpan time)
    {
        Now += time;
        return this;
    }

    public AttackLines WaitSeconds(double seconds) => Wait(TimeSpan.FromSeconds(seconds));

    public void Syslog(string program, int? pid, string message) =>
        Lines.Add($"{Now.ToString("MMM", CultureInfo.InvariantCulture)} {Now.Day,2} {Now:HH:mm:ss} {host} {program}{(pid is null ? "" : $"[{pid}]")}: {message}");

    /// <summary>One SSH connection with <paramref name="tries"/> failed passwords (2 s apart, PAM's delay), then its disconnect.</summary>
    public AttackLines SshFailures(string ip, string user, bool validUser = true, int tries = 1)
    {
        int pid = ++_pid;
        int port = 30_000 + (_pid % 30_000);
        if (!validUser)
        {
            Syslog("sshd", pid, $"Invalid user {user} from {ip} port {port}");
        }

        for (int i = 0; i < tries; i++)
        {
            if (validUser)
            {
                Syslog("sshd", pid, $"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}  user={user}");
            }
            else
            {
                Syslog("sshd", pid, "pam_unix(sshd:auth): check pass; user unknown");
                Syslog("sshd", pid, $"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}");
            }

            WaitSeconds(2);
            Syslog("sshd", pid, $"Failed password for {(validUser ? "" : "invalid user ")}{user} from {ip} port {port} ssh2");
        }

        Syslog("sshd", pid, $"Received disconnect from {ip} port {port}:11: Bye Bye [preauth]");
        Syslog("sshd", pid, $"Disconnected from {(validUser ? "authenticating" : "invalid")} user {user} {ip} port {port} [preauth]");
        return this;
    }

    public AttackLines SshLogin(string ip, string user)
    {
        int pid = ++_pid;
        Syslog("sshd", pid, $"Accepted password for {user} from {ip} port {30_000 + (_pid % 30_000)} ssh2");
        Syslog("sshd", pid, $"pam_unix(sshd:session): session opened for user {user}(uid=1000) by (uid=0)");
        return this;
    }

    public AttackLines PostfixSaslFailure(string ip)
    {
        int pid = ++_pid;
        Syslog("postfix/smtpd", pid, $"connect from unknown[{ip}]");
        Syslog("postfix/smtpd", pid, $"warning: unknown[{ip}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6");
        Syslog("postfix/smtpd", pid, $"lost connection after AUTH from unknown[{ip}]");
        Syslog("postfix/smtpd", pid, $"disconnect from unknown[{ip}] ehlo=1 auth=0/1 commands=1/2");
        return this;
    }

    public AttackLines DovecotFailure(string ip, string user)
    {
        Syslog("dovecot", null, $"auth: pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser={user} rhost={ip}  user={user}");
        WaitSeconds(2);
        Syslog("dovecot", null, $"imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<{user}>, method=PLAIN, rip={ip}, lip=10.0.0.1, TLS, session=<x{_pid++}>");
        return this;
    }

    public AttackLines VsftpdFailure(string ip, string user)
    {
        int pid = ++_pid;
        Syslog("vsftpd", pid + 1, $"pam_unix(vsftpd:auth): authentication failure; logname= uid=0 euid=0 tty=ftp ruser={user} rhost=::ffff:{ip}");
        Syslog("vsftpd", pid, $"[{user}] FAIL LOGIN: Client \"::ffff:{ip}\"");
        _pid++;
        return this;
    }

    public AttackLines NginxPasswordMismatch(string ip, string user, string site = "example.com") =>
        Raw($"{Now:yyyy/MM/dd HH:mm:ss} [error] 812#812: *{++_pid} user \"{user}\": password mismatch, client: {ip}, server: {site}, request: \"GET /admin/ HTTP/1.1\", host: \"{site}\"");

    /// <summary>An nginx "combined" access line.</summary>
    public AttackLines Access(string ip, string path, int status, string method = "GET", string agent = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0", string user = "-") =>
        Raw($"{ip} - {user} [{Now.ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture)} +0000] \"{method} {path} HTTP/1.1\" {status} {(status >= 400 ? 162 : 5120)} \"-\" \"{agent}\"");

    /// <summary>
    /// The internet's background against SSH for <paramref name="duration"/>: every few minutes a scanner from a
    /// fresh address makes one to four connections with one to three tries each for common accounts; now and
    /// then a slow bot works through a longer list; the owner logs in every couple of hours, sometimes after
    /// mistyping. What every public server sees, and what must not alert.
    /// </summary>
    public AttackLines SshBackground(TimeSpan duration, Random random)
    {
        string[] users = ["root", "admin", "ubuntu", "test", "oracle", "postgres", "user", "git", "pi", "ftpuser", "guest", "support"];
        var end = Now + duration;
        var nextOwnerLogin = Now + TimeSpan.FromMinutes(random.Next(30, 150));
        while (Now < end)
        {
            WaitSeconds(random.Next(60, 360));
            if (Now >= nextOwnerLogin)
            {
                if (random.Next(3) == 0)
                {
                    SshFailures("198.51.100.20", "deploy");
                    WaitSeconds(3);
                }

                SshLogin("198.51.100.20", "deploy");
                nextOwnerLogin = Now + TimeSpan.FromMinutes(random.Next(60, 180));
                continue;
            }

            string ip = RandomAddress(random);
            bool slowBot = random.Next(40) == 0;
            int connections = slowBot ? 20 : random.Next(1, 5);
            for (int c = 0; c < connections; c++)
            {
                string user = users[random.Next(users.Length)];
                SshFailures(ip, user, validUser: user is "root" or "git", tries: slowBot ? 1 : random.Next(1, 4));
                WaitSeconds(slowBot ? random.Next(20, 40) : random.Next(5, 40));
            }
        }

        return this;
    }

    /// <summary>A public address in a range scanners come from (never 198.51.100.0/24, the owner's).</summary>
    public static string RandomAddress(Random random) =>
        $"{random.Next(1, 223)}.{random.Next(0, 256)}.{random.Next(0, 256)}.{random.Next(1, 255)}";

    public AttackLines Raw(string line)
    {
        Lines.Add(line);
        return this;
    }
}
