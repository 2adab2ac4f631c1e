using System.Globalization;

namespace LogWarden.Tests.Support.Replay;

/// <summary>A generator of one kind of background for one host, an hour (or any window) at a time.</summary>
internal interface IReplayEmitter
{
    /// <summary>Writes the lines that start in [from, to); lines may run past <paramref name="to"/>.</summary>
    void Emit(DateTimeOffset from, DateTimeOffset to);
}

/// <summary>
/// What OpenSSH and PAM write for a connection, in the wordings of OpenSSH 8.x–9.9 as Debian and Ubuntu
/// ship them. Since OpenSSH 9.8 the per-connection lines come from <c>sshd-session</c>; the listener that
/// accepts and drops connections is still <c>sshd</c>. Hosts without password authentication log no
/// "Failed password" at all: an attempt shows only as a connection closed by an (invalid) user.
/// </summary>
internal sealed class SshLines(ReplayHost host)
{
    /// <summary>What scanners try: the usual dictionary, root most of all.</summary>
    public static readonly string[] ScannerUsers =
    [
        "root", "root", "root", "root", "admin", "user", "test", "ubuntu", "oracle", "postgres", "git", "ftpuser", "pi", "debian",
        "guest", "support", "hadoop", "es", "minecraft", "ts3", "centos", "ec2-user", "jenkins", "tomcat", "www", "dev", "mysql",
        "nagios", "steam", "vagrant", "user1", "test1", "administrator", "sysadmin", "backup", "ftp", "web", "odoo", "elastic", "deploy",
        "solana", "sol", "validator", "node", "docker", "kafka", "redis", "zabbix", "ansible", "uftp", "teamspeak", "mc", "server",
    ];

    private static readonly string[] KexOffers =
    [
        "no matching key exchange method found. Their offer: diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1,diffie-hellman-group1-sha1",
        "no matching host key type found. Their offer: ssh-rsa,ssh-dss",
        "no matching key exchange method found. Their offer: diffie-hellman-group1-sha1,diffie-hellman-group14-sha1",
        "no matching host key type found. Their offer: ssh-dss",
    ];

    private int _sessionNumber = 1;

    private string Session => host.SshSessionProgram;

    /// <summary>Is the account a real one on this host (so sshd says "user X", not "invalid user X")?</summary>
    public bool IsValidUser(string user) =>
        user == "root" || user == host.Admin || user == host.Deployer || user == "postgres" || user == "backup" || user == host.AppUser
        || user == "www-data" || user == "nobody";

    /// <summary>
    /// One connection that tries <paramref name="attempts"/> passwords (or keys) for <paramref name="user"/> and
    /// fails. Returns the time of its last line.
    /// </summary>
    public DateTimeOffset FailedConnection(DateTimeOffset time, string ip, string user, int attempts, bool closeEarly = false)
    {
        var r = host.Random;
        int pid = host.NextPid();
        int port = r.EphemeralPort();
        bool valid = IsValidUser(user);
        string authenticating = valid ? "authenticating user " + user : "invalid user " + user;
        if (!valid)
        {
            host.Auth(time, Session, pid, $"Invalid user {user} from {ip} port {port}");
        }

        if (!host.SshPasswordAuth)
        {
            // Keys only: the client's password attempts are refused before PAM; sshd logs the close.
            time += r.Millis(200, 2500);
            host.Auth(time, Session, pid, r.Chance(0.7)
                ? $"Connection closed by {authenticating} {ip} port {port} [preauth]"
                : $"Disconnected from {authenticating} {ip} port {port} [preauth]");
            return time;
        }

        for (int i = 0; i < attempts; i++)
        {
            time += r.Millis(900, 3800);
            if (i == 0)
            {
                if (!valid)
                {
                    host.Auth(time, Session, pid, "pam_unix(sshd:auth): check pass; user unknown");
                    host.Auth(time, Session, pid, $"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip} ");
                }
                else
                {
                    host.Auth(time, Session, pid, $"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}  user={user}");
                }
            }

            time += r.Millis(300, 1800);
            host.Auth(time, Session, pid, valid
                ? $"Failed password for {user} from {ip} port {port} ssh2"
                : $"Failed password for invalid user {user} from {ip} port {port} ssh2");
        }

        time += r.Millis(50, 900);
        if (attempts >= 6)
        {
            host.Auth(time, Session, pid, $"error: maximum authentication attempts exceeded for {(valid ? user : "invalid user " + user)} from {ip} port {port} ssh2 [preauth]");
            host.Auth(time, Session, pid, $"Disconnecting {authenticating} {ip} port {port}: Too many authentication failures [preauth]");
        }
        else if (closeEarly || r.Chance(0.5))
        {
            host.Auth(time, Session, pid, $"Connection closed by {authenticating} {ip} port {port} [preauth]");
        }
        else
        {
            host.Auth(time, Session, pid, $"Received disconnect from {ip} port {port}:11: Bye Bye [preauth]");
            host.Auth(time, Session, pid, $"Disconnected from {authenticating} {ip} port {port} [preauth]");
        }

        if (attempts > 1)
        {
            string suffix = valid ? "  user=" + user : "";
            host.Auth(time, Session, pid, string.Create(
                CultureInfo.InvariantCulture,
                $"PAM {attempts - 1} more authentication failure{(attempts - 1 > 1 ? "s" : "")}; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}{suffix}"));
        }

        return time;
    }

    /// <summary>A connection that never authenticates: the probes of scanners that only grab the banner.</summary>
    public void Probe(DateTimeOffset time, string ip)
    {
        var r = host.Random;
        int pid = host.NextPid();
        int port = r.EphemeralPort();
        switch (r.Next(7))
        {
            case 0:
                host.Auth(time, Session, pid, $"Connection closed by {ip} port {port} [preauth]");
                break;
            case 1:
                host.Auth(time, Session, pid, "error: kex_exchange_identification: Connection closed by remote host");
                host.Auth(time, Session, pid, $"Connection closed by {ip} port {port}");
                break;
            case 2:
                host.Auth(time, Session, pid, "error: kex_exchange_identification: read: Connection reset by peer");
                host.Auth(time, Session, pid, $"Connection reset by {ip} port {port}");
                break;
            case 3:
                host.Auth(time, Session, pid, $"banner exchange: Connection from {ip} port {port}: invalid format");
                break;
            case 4:
                host.Auth(time, Session, pid, $"Unable to negotiate with {ip} port {port}: {r.Pick(KexOffers)} [preauth]");
                break;
            case 5:
                host.Auth(time, Session, pid, "error: kex_exchange_identification: client sent invalid protocol identifier \"GET / HTTP/1.1\"");
                host.Auth(time, Session, pid, $"banner exchange: Connection from {ip} port {port}: invalid format");
                break;
            default:
                host.Auth(time, Session, pid, $"Received disconnect from {ip} port {port}:11: Bye Bye [preauth]");
                host.Auth(time, Session, pid, $"Disconnected from {ip} port {port} [preauth]");
                break;
        }
    }

    /// <summary>OpenSSH 9.8+'s listener refusing a penalised source (PerSourcePenalties).</summary>
    public void PenaltyDrop(DateTimeOffset time, string ip)
    {
        host.Auth(time, "sshd", host.SshListenerPid, string.Create(
            CultureInfo.InvariantCulture,
            $"drop connection #{host.Random.Next(0, 3)} from [{ip}]:{host.Random.EphemeralPort()} on [{host.PrivateIp}]:22 penalty: failed authentication"));
    }

    /// <summary>A login that succeeds, its session, and its logout after <paramref name="duration"/> (returned).</summary>
    public DateTimeOffset Login(DateTimeOffset time, string user, int uid, string ip, string method, TimeSpan duration)
    {
        var r = host.Random;
        int pid = host.NextPid();
        int port = r.EphemeralPort();
        string accepted = method == "publickey"
            ? $"Accepted publickey for {user} from {ip} port {port} ssh2: {r.Pick(["ED25519", "RSA", "ECDSA"])} SHA256:{r.Alnum(43)}"
            : $"Accepted {method} for {user} from {ip} port {port} ssh2";
        return LoginOn(time, pid, port, user, uid, ip, accepted, duration);
    }

    private DateTimeOffset LoginOn(DateTimeOffset time, int pid, int port, string user, int uid, string ip, string accepted, TimeSpan duration)
    {
        var r = host.Random;
        int session = _sessionNumber++;
        host.Auth(time, Session, pid, accepted);
        host.Auth(time, Session, pid, string.Create(CultureInfo.InvariantCulture, $"pam_unix(sshd:session): session opened for user {user}(uid={uid}) by {(host.PamNamesSessionOwner ? user : "")}(uid=0)"));
        time += r.Millis(5, 60);
        host.Auth(time, "systemd-logind", 512, string.Create(CultureInfo.InvariantCulture, $"New session {session} of user {user}."));
        host.Sys(time, "systemd", 1, string.Create(CultureInfo.InvariantCulture, $"Started session-{session}.scope - Session {session} of User {user}."));

        DateTimeOffset end = time + duration;
        host.Auth(end, Session, pid, $"Received disconnect from {ip} port {port}:11: disconnected by user");
        host.Auth(end, Session, pid, $"Disconnected from user {user} {ip} port {port}");
        host.Auth(end, Session, pid, $"pam_unix(sshd:session): session closed for user {user}");
        host.Auth(end, "systemd-logind", 512, string.Create(CultureInfo.InvariantCulture, $"Session {session} logged out. Waiting for processes to exit."));
        host.Auth(end + r.Millis(10, 200), "systemd-logind", 512, string.Create(CultureInfo.InvariantCulture, $"Removed session {session}."));
        host.Sys(end + r.Millis(10, 200), "systemd", 1, string.Create(CultureInfo.InvariantCulture, $"session-{session}.scope: Deactivated successfully."));
        return end;
    }

    /// <summary>
    /// A person mistypes their password once and gets it right on the same connection: one failure and a
    /// success from the same address, which a "success after failures" rule must not call an attack.
    /// </summary>
    public DateTimeOffset TypoThenLogin(DateTimeOffset time, string user, int uid, string ip, TimeSpan duration)
    {
        var r = host.Random;
        int pid = host.NextPid();
        int port = r.EphemeralPort();
        time += r.Seconds(3, 8);
        host.Auth(time, Session, pid, $"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}  user={user}");
        host.Auth(time + r.Millis(800, 2000), Session, pid, $"Failed password for {user} from {ip} port {port} ssh2");
        time += r.Seconds(4, 12);
        return LoginOn(time, pid, port, user, uid, ip, $"Accepted password for {user} from {ip} port {port} ssh2", duration);
    }

    /// <summary>A sudo command and its PAM session.</summary>
    public void Sudo(DateTimeOffset time, string user, int uid, string tty, string pwd, string command)
    {
        // sudo pads the user name to the right of the program's colon.
        host.Auth(time, "sudo", null, $"   {user} : TTY={tty} ; PWD={pwd} ; USER=root ; COMMAND={command}");
        int pid = host.NextPid();
        host.Auth(time, "sudo", pid, string.Create(CultureInfo.InvariantCulture, $"pam_unix(sudo:session): session opened for user root(uid=0) by {user}(uid={uid})"));
        host.Auth(time + host.Random.Millis(100, 4000), "sudo", pid, "pam_unix(sudo:session): session closed for user root");
    }
}

/// <summary>
/// The background every public SSH server sees: dozens of scanners an hour, each with a handful of
/// attempts from the usual user list, banner grabbers, old clients that cannot negotiate, and a few
/// patient bots that try once every few minutes for hours. Normal: counted, never alerted on.
/// </summary>
internal sealed class SshBackground : IReplayEmitter
{
    private readonly ReplayHost _host;
    private readonly SshLines _ssh;
    private readonly List<(string Ip, DateTimeOffset Until, TimeSpan Every, DateTimeOffset Next)> _patientBots = [];

    public SshBackground(ReplayHost host, SshLines ssh)
    {
        _host = host;
        _ssh = ssh;
    }

    public void Emit(DateTimeOffset from, DateTimeOffset to)
    {
        var r = _host.Random;
        double hours = (to - from).TotalHours;
        int scanners = r.Poisson(_host.SshScannersPerHour * hours * r.Between(0.7, 1.3));
        for (int i = 0; i < scanners; i++)
        {
            Scanner(r.Within(from, to - from));
        }

        // A patient bot starts a few times a day.
        if (r.Chance(0.12 * hours))
        {
            _patientBots.Add((_host.BackgroundAddress(0.05), from + TimeSpan.FromHours(r.Between(1.5, 7)), TimeSpan.FromMinutes(r.Between(3, 10)), r.Within(from, to - from)));
        }

        for (int i = _patientBots.Count - 1; i >= 0; i--)
        {
            var (ip, until, every, next) = _patientBots[i];
            while (next < to && next < until)
            {
                _ssh.FailedConnection(next, ip, r.Pick(SshLines.ScannerUsers), 1, closeEarly: true);
                next += every + r.Seconds(-20, 20);
            }

            if (next >= until)
            {
                _patientBots.RemoveAt(i);
            }
            else
            {
                _patientBots[i] = (ip, until, every, next);
            }
        }
    }

    private void Scanner(DateTimeOffset time)
    {
        var r = _host.Random;
        string ip = _host.BackgroundAddress(0.05);
        if (r.Chance(0.35))
        {
            int probes = r.Chance(0.8) ? 1 : r.Next(2, 4);
            for (int i = 0; i < probes; i++)
            {
                _ssh.Probe(time, ip);
                time += r.Seconds(0.5, 20);
            }

            return;
        }

        // Heavy tail: most try once or twice, a few go through a short list.
        int attempts = r.Pick<int>([(1, 45), (2, 20), (r.Next(3, 7), 25), (r.Next(7, 16), 10)]);
        string firstUser = r.Pick(SshLines.ScannerUsers);
        while (attempts > 0)
        {
            int inConnection = Math.Min(attempts, r.Chance(0.6) ? 1 : r.Next(2, 7));
            string user = r.Chance(0.5) ? firstUser : r.Pick(SshLines.ScannerUsers);
            time = _ssh.FailedConnection(time, ip, user, inConnection) + r.Seconds(0.3, 25);
            attempts -= inConnection;
        }
    }
}
