using System.Globalization;

namespace LogWarden.Tests.Detect.Baselines;

/// <summary>
/// A reproducible multi-day stream of one web server's raw log lines, in time order: nginx traffic with a
/// daily rhythm, cron jobs, sessions, the constant background of SSH scanners, an application log. Tests
/// add their incidents (a spike, a job that stops, a deploy) as more emitters or single lines. Days are
/// generated minute by minute, so a few days take a fraction of a second.
/// </summary>
internal sealed class ServerLogStream(int seed = 7)
{
    /// <summary>A Monday, 00:00 UTC.</summary>
    public static readonly DateTimeOffset Monday = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    public const string Host = "web1";
    public const string Access = "/var/log/nginx/access.log";
    public const string NginxError = "/var/log/nginx/error.log";
    public const string Syslog = "/var/log/syslog";
    public const string Auth = "/var/log/auth.log";
    public const string App = "/var/log/app/app.log";

    private static readonly string[] Users = ["root", "admin", "test", "oracle", "ubuntu", "git", "postgres", "guest", "pi", "ftp", "user", "support"];
    private static readonly string[] Words = ["shoes", "lamp", "chair", "phone", "book", "gift"];

    private readonly Random _random = new(seed);
    private readonly List<Func<DateTimeOffset, IEnumerable<(DateTimeOffset Time, string Source, string Line)>>> _emitters = [];
    private readonly List<(DateTimeOffset Time, string Source, string Line)> _single = [];
    private int _pid = 4000;

    public Random Random => _random;

    /// <summary>Lines at <paramref name="perMinute"/> (Poisson per minute, spread over it) while <paramref name="when"/> holds.</summary>
    public ServerLogStream Rate(string source, Func<DateTimeOffset, double> perMinute, Func<Random, DateTimeOffset, string> line, Func<DateTimeOffset, bool>? when = null)
    {
        _emitters.Add(minute => RateLines(minute, source, perMinute, line, when));
        return this;
    }

    private IEnumerable<(DateTimeOffset, string, string)> RateLines(DateTimeOffset minute, string source, Func<DateTimeOffset, double> perMinute, Func<Random, DateTimeOffset, string> line, Func<DateTimeOffset, bool>? when)
    {
        if (when is not null && !when(minute))
        {
            yield break;
        }
        int count = PoissonSample(perMinute(minute));
        for (int i = 0; i < count; i++)
        {
            DateTimeOffset time = minute.AddMilliseconds(_random.Next(60_000));
            yield return (time, source, line(_random, time));
        }
    }

    /// <summary>A line every <paramref name="period"/> from <paramref name="offset"/> past midnight, a little late (up to <paramref name="jitterSeconds"/>), while <paramref name="when"/> holds.</summary>
    public ServerLogStream Every(string source, TimeSpan period, TimeSpan offset, Func<Random, DateTimeOffset, string> line, Func<DateTimeOffset, bool>? when = null, double jitterSeconds = 2)
    {
        _emitters.Add(minute => EveryLines(minute, source, period, offset, line, when, jitterSeconds));
        return this;
    }

    private IEnumerable<(DateTimeOffset, string, string)> EveryLines(DateTimeOffset minute, string source, TimeSpan period, TimeSpan offset, Func<Random, DateTimeOffset, string> line, Func<DateTimeOffset, bool>? when, double jitterSeconds)
    {
        long sinceMonday = (minute - Monday - offset).Ticks;
        long first = sinceMonday <= 0 ? 0 : ((sinceMonday + period.Ticks - 1) / period.Ticks);
        for (long k = first; ; k++)
        {
            DateTimeOffset due = Monday + offset + TimeSpan.FromTicks(k * period.Ticks);
            if (due >= minute.AddMinutes(1))
            {
                yield break;
            }
            if (due < minute || (when is not null && !when(due)))
            {
                continue;
            }
            DateTimeOffset time = due.AddSeconds(_random.NextDouble() * jitterSeconds);
            yield return (time, source, line(_random, time));
        }
    }

    /// <summary>One line at a given time.</summary>
    public ServerLogStream Line(DateTimeOffset time, string source, string line)
    {
        _single.Add((time, source, line));
        return this;
    }

    /// <summary>Every line from <paramref name="from"/> to <paramref name="to"/>, in time order.</summary>
    public IEnumerable<(DateTimeOffset Time, string Source, string Line)> Lines(DateTimeOffset from, DateTimeOffset to)
    {
        _single.Sort((a, b) => a.Time.CompareTo(b.Time));
        int next = 0;
        var minuteLines = new List<(DateTimeOffset Time, string Source, string Line)>();
        for (DateTimeOffset minute = from; minute < to; minute = minute.AddMinutes(1))
        {
            minuteLines.Clear();
            foreach (var emitter in _emitters)
            {
                minuteLines.AddRange(emitter(minute));
            }
            while (next < _single.Count && _single[next].Time < minute.AddMinutes(1))
            {
                if (_single[next].Time >= minute)
                {
                    minuteLines.Add(_single[next]);
                }
                next++;
            }
            minuteLines.Sort((a, b) => a.Time.CompareTo(b.Time));
            foreach (var line in minuteLines)
            {
                yield return line;
            }
        }
    }

    /// <summary>Per-minute rate with a daily rhythm: <paramref name="night"/> at 04:00, <paramref name="peak"/> at 16:00 UTC.</summary>
    public static Func<DateTimeOffset, double> Daily(double night, double peak) =>
        t => night + ((peak - night) * (0.5 - (0.5 * Math.Cos(2 * Math.PI * (t.TimeOfDay.TotalHours - 4) / 24))));

    public static Func<DateTimeOffset, double> Constant(double perMinute) => _ => perMinute;

    public static string SyslogLine(DateTimeOffset t, string program, int pid, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"{t:MMM} {t.Day,2} {t:HH:mm:ss} {Host} {program}[{pid}]: {message}");

    public static string KernelLine(DateTimeOffset t, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"{t:MMM} {t.Day,2} {t:HH:mm:ss} {Host} kernel: [{(t - Monday).TotalSeconds + 86_000:0.000000}] {message}");

    public static string AccessLine(DateTimeOffset t, string ip, string request, int status, int bytes, string agent = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0") =>
        string.Create(CultureInfo.InvariantCulture, $"{ip} - - [{t:dd/MMM/yyyy:HH:mm:ss} +0000] \"{request}\" {status} {bytes} \"-\" \"{agent}\"");

    /// <summary>A JSON application log line (pino/zap style).</summary>
    public static string AppLine(DateTimeOffset t, string level, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"time\":\"{t:yyyy-MM-ddTHH:mm:ss.fff}Z\",\"level\":\"{level.ToLowerInvariant()}\",\"logger\":\"shop.api\",\"msg\":\"{message}\"}}");

    public int NextPid() => _pid += 1 + _random.Next(7);

    public static string ClientIp(Random r) => $"203.0.113.{r.Next(1, 255)}";

    public static string ScannerIp(Random r) => $"{r.Next(1, 223)}.{r.Next(256)}.{r.Next(256)}.{r.Next(1, 255)}";

    /// <summary>The usual server: every source with its normal traffic and rhythm.</summary>
    public ServerLogStream Background() => WebTraffic().SystemJobs().ScannerBackground().Application();

    public ServerLogStream WebTraffic() => this
        .Rate(Access, Daily(1, 12), (r, t) =>
        {
            int pick = r.Next(100);
            return pick switch
            {
                < 55 => AccessLine(t, ClientIp(r), $"GET /api/items/{r.Next(1, 5000)} HTTP/1.1", 200, r.Next(300, 9000)),
                < 70 => AccessLine(t, ClientIp(r), $"GET /static/js/app.{r.Next(0x100000, 0xFFFFFF):x}.js HTTP/1.1", 200, 48213),
                < 80 => AccessLine(t, ClientIp(r), "POST /api/cart HTTP/1.1", 201, r.Next(100, 400)),
                < 90 => AccessLine(t, ClientIp(r), $"GET /search?q={Words[r.Next(Words.Length)]} HTTP/1.1", 200, r.Next(2000, 20000)),
                < 97 => AccessLine(t, ClientIp(r), "GET /login HTTP/1.1", 200, 5120),
                _ => AccessLine(t, ClientIp(r), "GET /api/items/0 HTTP/1.1", 404, 153),
            };
        })
        .Rate(NginxError, Constant(0.01), (r, t) =>
            string.Create(CultureInfo.InvariantCulture, $"{t:yyyy/MM/dd HH:mm:ss} [error] 812#812: *{r.Next(1, 99999)} upstream timed out (110: Connection timed out) while reading response header from upstream, client: {ClientIp(r)}, server: shop.example.com, request: \"GET /api/items/{r.Next(1, 5000)} HTTP/1.1\", upstream: \"http://127.0.0.1:8080/api/items\", host: \"shop.example.com\""));

    public ServerLogStream SystemJobs() => this
        .Every(Syslog, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1), (r, t) => SyslogLine(t, "CRON", NextPid(), "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)"))
        .Every(Syslog, TimeSpan.FromHours(1), TimeSpan.FromMinutes(17), (r, t) => SyslogLine(t, "CRON", NextPid(), "(root) CMD (cd / && run-parts --report /etc/cron.hourly)"))
        .Rate(Syslog, Constant(0.3), (r, t) => KernelLine(t, $"[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC={ScannerIp(r)} DST=10.0.0.5 LEN=40 TOS=0x00 PREC=0x00 TTL=241 ID={r.Next(1, 65535)} PROTO=TCP SPT={r.Next(1024, 65535)} DPT={r.Next(1, 10000)} WINDOW=1024 RES=0x00 SYN URGP=0"))
        .Rate(Syslog, Daily(0.05, 0.4), (r, t) => SyslogLine(t, "systemd", 1, $"Started Session {r.Next(100, 99999)} of User deploy."))
        .Rate(Syslog, Constant(0.05), (r, t) => SyslogLine(t, "systemd-resolved", 412, "Using degraded feature set UDP instead of UDP+EDNS0 for DNS server 10.0.0.2."));

    public ServerLogStream ScannerBackground() => this
        .Rate(Auth, Constant(0.6), (r, t) =>
        {
            string ip = ScannerIp(r);
            int port = r.Next(1024, 65535);
            return r.Next(4) switch
            {
                0 => SyslogLine(t, "sshd", NextPid(), $"Failed password for root from {ip} port {port} ssh2"),
                1 => SyslogLine(t, "sshd", NextPid(), $"Invalid user {Users[r.Next(Users.Length)]} from {ip} port {port}"),
                2 => SyslogLine(t, "sshd", NextPid(), $"Connection closed by authenticating user root {ip} port {port} [preauth]"),
                _ => SyslogLine(t, "sshd", NextPid(), $"Failed password for invalid user {Users[r.Next(Users.Length)]} from {ip} port {port} ssh2"),
            };
        })
        .Rate(Auth, Daily(0, 0.05), (r, t) => SyslogLine(t, "sshd", NextPid(), $"Accepted publickey for deploy from 192.0.2.10 port {r.Next(1024, 65535)} ssh2: ED25519 SHA256:Jq3kEdy2mBL7hxWBz4bYyGqhuGG7e9jK5h1q2T9oQ0c"));

    public ServerLogStream Application() => this
        .Rate(App, Daily(0.5, 6), (r, t) => AppLine(t, "INFO", $"request completed status=200 duration={r.Next(3, 400)}ms route=/api/items"))
        .Rate(App, Constant(3), (r, t) => AppLine(t, "INFO", $"worker processed batch of {r.Next(1, 50)} jobs in {r.Next(5, 900)} ms"))
        .Rate(App, Constant(0.05), (r, t) => AppLine(t, "WARN", $"slow query took {r.Next(1000, 5000)} ms: SELECT * FROM items WHERE id = ?"))
        .Rate(App, Constant(0.02), (r, t) => AppLine(t, "ERROR", $"failed to refresh token for tenant {r.Next(1, 40)}: upstream returned 503"));

    private int PoissonSample(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }
        if (mean > 50)
        {
            return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * Gaussian())));
        }
        double limit = Math.Exp(-mean);
        double product = _random.NextDouble();
        int count = 0;
        while (product > limit)
        {
            count++;
            product *= _random.NextDouble();
        }
        return count;
    }

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
}
