using System.Globalization;
using System.Text;

namespace LogWarden.Tests.Support;

/// <summary>
/// A realistic, reproducible mix of what a small web server logs: nginx access and error logs, sshd/PAM/
/// cron/systemd in auth.log and syslog, kernel firewall drops, postfix. Values vary the way they do in
/// life (a few hot client addresses and many rare ones, ids that grow, random ports and sizes), so the
/// text compresses like real logs rather than like a repeated sample. Same seed, same lines.
/// </summary>
public sealed class SyntheticLogs(int seed = 42, DateTimeOffset? start = null)
{
    private static readonly string[] Paths =
    [
        "/", "/index.html", "/favicon.ico", "/robots.txt", "/api/v1/items", "/api/v1/items/{id}", "/api/v1/users/{id}/orders",
        "/static/js/app.{hex}.js", "/static/css/main.{hex}.css", "/images/products/{id}.jpg", "/login", "/logout", "/search?q={word}&page={n}",
        "/wp-login.php", "/.env", "/admin/config.php", "/cart/add?item={id}&qty={n}", "/healthz", "/metrics",
    ];

    private static readonly string[] Agents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "curl/8.5.0", "python-requests/2.31.0", "Go-http-client/1.1", "Prometheus/2.51.0", "-",
    ];

    private static readonly string[] Words = ["shoes", "red", "laptop", "gift", "sale", "book", "phone", "case", "lamp", "chair"];

    private static readonly string[] Users = ["root", "admin", "test", "oracle", "ubuntu", "git", "postgres", "user", "guest", "pi", "ftp", "deploy"];

    private static readonly int[] Ports = [22, 23, 80, 443, 3389, 8080, 5900];

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private readonly Random _random = new(seed);
    private readonly string[] _clients = MakeAddresses(new Random(seed + 1), 4000);
    private readonly string[] _attackers = MakeAddresses(new Random(seed + 2), 600);
    private readonly StringBuilder _sb = new(512);
    private DateTimeOffset _now = start ?? new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    private int _pid = 20000;
    private int _session = 1000;
    private long _request = 1;

    /// <summary>Which file a line belongs to, as a source would label it.</summary>
    public static readonly string[] Files = ["/var/log/nginx/access.log", "/var/log/nginx/error.log", "/var/log/auth.log", "/var/log/syslog", "/var/log/kern.log", "/var/log/mail.log"];

    public DateTimeOffset Now => _now;

    /// <summary>The next line: its time, the index of its file in <see cref="Files"/>, and its text.</summary>
    public (DateTimeOffset Time, int File, string Text) Next()
    {
        _now = _now.AddTicks(_random.NextInt64(0, 2 * TimeSpan.TicksPerMillisecond * 20));
        int kind = _random.Next(100);
        _sb.Clear();
        int file;
        if (kind < 68)
        {
            Access();
            file = 0;
        }
        else if (kind < 72)
        {
            NginxError();
            file = 1;
        }
        else if (kind < 88)
        {
            Auth();
            file = 2;
        }
        else if (kind < 94)
        {
            Syslog();
            file = 3;
        }
        else if (kind < 98)
        {
            Kernel();
            file = 4;
        }
        else
        {
            Mail();
            file = 5;
        }
        return (_now, file, _sb.ToString());
    }

    private static string[] MakeAddresses(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => $"{random.Next(1, 224)}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}")];

    /// <summary>Roughly Zipf: a few values very often, most rarely.</summary>
    private string Pick(string[] values) => values[(int)(values.Length * Math.Pow(_random.NextDouble(), 3))];

    private string Fill(string path) => path
        .Replace("{id}", _random.Next(1, 50000).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{n}", _random.Next(1, 20).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{hex}", _random.Next(0x100000, 0xFFFFFF).ToString("x6", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{word}", Words[_random.Next(Words.Length)], StringComparison.Ordinal);

    private void SyslogHeader(string program, bool pid = true)
    {
        _sb.Append(Months[_now.Month - 1]).Append(' ').Append(_now.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2))
            .Append(' ').Append(_now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)).Append(" web1 ").Append(program);
        if (pid)
        {
            _sb.Append('[').Append(_pid + _random.Next(0, 50)).Append(']');
        }
        _sb.Append(": ");
    }

    private void Access()
    {
        string path = Fill(Paths[(int)(Paths.Length * Math.Pow(_random.NextDouble(), 2))]);
        int status = _random.Next(100) switch { < 80 => 200, < 86 => 304, < 92 => 404, < 95 => 301, < 98 => 302, < 99 => 500, _ => 403 };
        string method = _random.Next(10) == 0 ? "POST" : "GET";
        _sb.Append(Pick(_clients)).Append(" - - [").Append(_now.ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture))
            .Append(" +0000] \"").Append(method).Append(' ').Append(path).Append(" HTTP/1.1\" ").Append(status).Append(' ')
            .Append(status == 304 ? 0 : _random.Next(200, 60000)).Append(" \"")
            .Append(_random.Next(3) == 0 ? "https://example.com/" : "-").Append("\" \"").Append(Pick(Agents)).Append('"');
    }

    private void NginxError()
    {
        string client = Pick(_attackers);
        _sb.Append(_now.ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(" [error] ").Append(_pid).Append('#').Append(_pid)
            .Append(": *").Append(_request++).Append(" open() \"/var/www/html").Append(Fill(Paths[_random.Next(Paths.Length)]).Split('?')[0])
            .Append("\" failed (2: No such file or directory), client: ").Append(client)
            .Append(", server: example.com, request: \"GET /wp-login.php HTTP/1.1\", host: \"example.com\"");
    }

    private void Auth()
    {
        int kind = _random.Next(10);
        if (kind < 5)
        {
            SyslogHeader("sshd");
            bool invalid = _random.Next(2) == 0;
            _sb.Append("Failed password for ").Append(invalid ? "invalid user " : "").Append(Users[_random.Next(Users.Length)])
                .Append(" from ").Append(Pick(_attackers)).Append(" port ").Append(_random.Next(1024, 65535)).Append(" ssh2");
        }
        else if (kind < 7)
        {
            SyslogHeader("sshd");
            _sb.Append("Connection closed by authenticating user ").Append(Users[_random.Next(Users.Length)]).Append(' ')
                .Append(Pick(_attackers)).Append(" port ").Append(_random.Next(1024, 65535)).Append(" [preauth]");
        }
        else if (kind < 8)
        {
            SyslogHeader("sshd");
            _sb.Append("Accepted publickey for deploy from 192.0.2.10 port ").Append(_random.Next(1024, 65535))
                .Append(" ssh2: ED25519 SHA256:Xk3TqfJ9vYt0mB2uZ7wq1cR5sP8dL4nH6eA0gK2jQ9o");
        }
        else
        {
            SyslogHeader("sshd");
            _sb.Append("pam_unix(sshd:session): session ").Append(_random.Next(2) == 0 ? "opened" : "closed")
                .Append(" for user deploy(uid=1000) by (uid=0)");
        }
    }

    private void Syslog()
    {
        int kind = _random.Next(4);
        if (kind == 0)
        {
            SyslogHeader("CRON");
            _sb.Append("(root) CMD (cd / && run-parts --report /etc/cron.hourly)");
        }
        else if (kind == 1)
        {
            SyslogHeader("systemd", pid: false);
            _sb.Append("Started Session ").Append(_session++).Append(" of User deploy.");
        }
        else if (kind == 2)
        {
            SyslogHeader("systemd", pid: false);
            _sb.Append("logrotate.service: Deactivated successfully.");
        }
        else
        {
            SyslogHeader("dockerd");
            _sb.Append("time=\"").Append(_now.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture))
                .Append("\" level=info msg=\"ignoring event\" container=").Append(_random.NextInt64().ToString("x16", CultureInfo.InvariantCulture))
                .Append(" module=libcontainerd namespace=moby topic=/tasks/delete type=\"*events.TaskDelete\"");
        }
    }

    private void Kernel()
    {
        SyslogHeader("kernel", pid: false);
        _sb.Append('[').Append((_now - new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero)).TotalSeconds.ToString("F6", CultureInfo.InvariantCulture))
            .Append("] [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:fe:ff:ff:ff:ff:ff:08:00 SRC=").Append(Pick(_attackers))
            .Append(" DST=203.0.113.10 LEN=").Append(_random.Next(40, 80)).Append(" TOS=0x00 PREC=0x00 TTL=").Append(_random.Next(30, 250))
            .Append(" ID=").Append(_random.Next(65536)).Append(" PROTO=TCP SPT=").Append(_random.Next(1024, 65535))
            .Append(" DPT=").Append(Ports[_random.Next(Ports.Length)]).Append(" WINDOW=1024 RES=0x00 SYN URGP=0");
    }

    private void Mail()
    {
        SyslogHeader("postfix/smtpd");
        string queue = _random.NextInt64(0x10000000000, 0xFFFFFFFFFFF).ToString("X11", CultureInfo.InvariantCulture);
        if (_random.Next(2) == 0)
        {
            _sb.Append("connect from unknown[").Append(Pick(_attackers)).Append(']');
        }
        else
        {
            _sb.Append(queue).Append(": client=mail-").Append(_random.Next(1, 40)).Append(".example.net[").Append(Pick(_clients)).Append(']');
        }
    }
}
