using System.Globalization;
using System.Net;
using LogWarden.Collect;
using LogWarden.Config;
using LogWarden.Daemon;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LogWarden.Tests.Web.Api;

/// <summary>
/// The whole daemon in-process on 127.0.0.1 (a port the OS picks) over a real embedded store in a temp
/// directory, filled beforehand with a day of realistic lines (sshd, nginx, kernel, systemd on two hosts),
/// three incidents, host metrics every minute and two alert notifications. Shared by the API and
/// dashboard tests (one per test class) and by the overview benchmark.
/// </summary>
public sealed class SeededDaemon : IAsyncDisposable
{
    public const string BruteForceIp = "203.0.113.7";

    private readonly string _directory;
    private readonly bool _keepDirectory;
    private readonly WebApplication _app;

    private SeededDaemon(string directory, bool keepDirectory, WebApplication app, Uri address, DateTimeOffset now)
    {
        _directory = directory;
        _keepDirectory = keepDirectory;
        _app = app;
        Address = address;
        Now = now;
    }

    /// <summary>Where the daemon listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Address { get; }

    /// <summary>The store's data directory (what `--data` names for the CLI's local mode).</summary>
    public string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>When the seeded data ends (the newest line is a little before).</summary>
    public DateTimeOffset Now { get; }

    internal ILogStore Store => _app.Services.GetRequiredService<ILogStore>();

    /// <summary>The daemon's services (its pipeline, detection, …) for tests that look inside.</summary>
    internal IServiceProvider Services => _app.Services;

    /// <summary>The directory the daemon's file source tails (<c>*.log</c>); created by whoever writes there first.</summary>
    public string LogDirectory => Path.Combine(_directory, "logs");

    internal IncidentRecord Incident(long id) => ((IIncidentStore)Store).GetIncident(id)!;

    /// <summary>
    /// Seeds a store of <paramref name="lines"/> lines spread over the last day (unless <paramref name="directory"/>
    /// already holds one, which is reused as it is) and starts the daemon on it.
    /// </summary>
    public static async Task<SeededDaemon> StartAsync(int lines = 3000, string? directory = null, bool keepDirectory = false)
    {
        directory ??= Directory.CreateTempSubdirectory("logwarden-web-").FullName;
        string data = Path.Combine(directory, "data");
        DateTimeOffset now = DateTimeOffset.UtcNow;
        if (!File.Exists(Path.Combine(data, EmbeddedStore.DatabaseFileName)) && !File.Exists(Path.Combine(data, "test-postgres-database")))
        {
            Seed(data, now, lines);
        }
        return await StartOnAsync(directory, keepDirectory, data, now);
    }

    private static async Task<SeededDaemon> StartOnAsync(string directory, bool keepDirectory, string data, DateTimeOffset now)
    {
        LogWardenConfig config = ConfigLoader.Parse($$"""
            host: testhost
            sources:
              discover: false
              files:
                - paths: ["{{directory}}/logs/*.log"]
              journal: {enabled: false}
              docker: {enabled: false}
              host_metrics: {enabled: false}
            {{TestStoreLocation.YamlFor(data)}}
            respond:
              # Lifting a ban from the API or the dashboard runs this "nft" (false: exits 1), never the host's firewall.
              ban: { backend: nftables, nft: /bin/false }
            """, "web-test.yaml");
        WebApplication app = DaemonHost.Build(config, data, new IPEndPoint(IPAddress.Loopback, 0));
        await app.StartAsync();
        string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SeededDaemon(directory, keepDirectory, app, new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"), now);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_keepDirectory)
        {
            return;
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A day of lines ending at <paramref name="now"/>, the incidents they led to, metrics, and alerts.</summary>
    internal static void Seed(string data, DateTimeOffset now, int lines)
    {
        using ILogStore store = StoreFactory.Open(data, TestStoreLocation.ConfigFor(data));
        var miner = new TemplateMiner();
        var batch = new List<StoredLine>(8192);
        var changed = new List<TemplateState>();
        DateTimeOffset start = now - TimeSpan.FromDays(1);
        var random = new Random(8);
        StreamLabels[] streams =
        [
            new(("host", "web1"), ("file", "/var/log/auth.log")),
            new(("host", "web1"), ("file", "/var/log/nginx/access.log")),
            new(("host", "web1"), ("file", "/var/log/kern.log")),
            new(("host", "db1"), ("unit", "postgresql.service")),
        ];
        for (int n = 0; n < lines; n++)
        {
            DateTimeOffset at = start + TimeSpan.FromTicks((long)((now - start).Ticks * (n + 0.5) / lines));
            string stamp = at.UtcDateTime.ToString("MMM dd HH:mm:ss", CultureInfo.InvariantCulture);
            (int stream, string text, Severity level) = (n % 10) switch
            {
                0 or 1 => (0, $"{stamp} web1 sshd[{2000 + (n % 97)}]: Failed password for root from {BruteForceIp} port {40000 + (n % 20000)} ssh2", Severity.Warning),
                2 => (0, $"{stamp} web1 sshd[{2000 + (n % 89)}]: Accepted publickey for deploy from 198.51.100.{n % 200} port 22 ssh2", Severity.Info),
                3 or 4 or 5 or 6 => (1, $"192.0.2.{n % 250} - - [{at.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture)} +0000] \"GET /api/orders/{n % 5000} HTTP/1.1\" {(n % 50 == 0 ? 500 : 200)} {512 + (n % 4096)} \"-\" \"curl/8.5.0\"", Severity.Info),
                7 => (2, $"{stamp} web1 kernel: [{n}.{n % 1000:000}] Out of memory: Killed process {4000 + (n % 500)} (java) total-vm:8123456kB, anon-rss:3456789kB", Severity.Error),
                8 => (3, $"{stamp} db1 postgres[811]: LOG:  checkpoint complete: wrote {n % 900} buffers ({random.Next(1, 9)}.{random.Next(0, 9)}%)", Severity.Info),
                _ => (3, $"{stamp} db1 postgres[811]: ERROR:  duplicate key value violates unique constraint \"orders_pkey\" (order {n % 700})", Severity.Error),
            };
            int template = miner.Add(text, at, level);
            batch.Add(new StoredLine(at, streams[stream], text, template, level));
            if (batch.Count == batch.Capacity || n == lines - 1)
            {
                changed.Clear();
                miner.CollectChanges(changed);
                store.Append(batch, changed, []);
                batch.Clear();
            }
        }
        (store as EmbeddedStore)?.Flush();
        SeedIncidents(store, now);
        SeedMetrics(store, now);
        SeedAlerts(store, now);
        SeedResponses(store, now);
    }

    private static IncidentFindingRecord Finding(string key, string kind, string title, FindingSeverity severity, string detector, Dictionary<string, string> entities,
        DateTimeOffset first, DateTimeOffset last, long count, Evidence evidence) =>
        new(key, IncidentFingerprint.Of(key), kind, title, severity, detector, entities, first, last, count, first, last, 3, evidence);

    private static void SeedIncidents(ILogStore store, DateTimeOffset now)
    {
        DateTimeOffset bruteStart = now - TimeSpan.FromHours(3);
        var bruteEvidence = new Evidence
        {
            Templates = [new TemplateEvidence(1, "<*> web1 sshd[<*>]: Failed password for root from <*> port <*> ssh2", 600)],
            Samples = [$"Nov 25 10:00:01 web1 sshd[2001]: Failed password for root from {BruteForceIp} port 40001 ssh2"],
            Measurements = new Dictionary<string, double> { ["attempts"] = 600, ["threshold"] = 20 },
        };
        var diskWindow = Enumerable.Range(0, 30).Select(i => new LogWarden.Detect.MetricPoint(now - TimeSpan.FromMinutes(90 - i * 3), 80 + i * 0.6)).ToList();
        IncidentRecord[] incidents =
        [
            new()
            {
                Id = 1, Fingerprint = IncidentFingerprint.Of("ssh-brute-force|ip=" + BruteForceIp), Kind = "ssh-brute-force",
                Title = $"SSH brute force from {BruteForceIp} against root", Status = IncidentStatus.Open, Severity = FindingSeverity.Critical, Host = "web1",
                FirstSeen = bruteStart, LastSeen = now - TimeSpan.FromMinutes(2), OpenedAt = bruteStart + TimeSpan.FromMinutes(1), UpdatedAt = now - TimeSpan.FromMinutes(2),
                Lines = 600, FindingCount = 1, Raises = 3,
                Entities = new Dictionary<string, IReadOnlyList<string>> { ["ip"] = [BruteForceIp], ["user"] = ["root"], ["host"] = ["web1"] },
                Evidence = bruteEvidence,
                Findings = [Finding("ssh-brute-force|ip=" + BruteForceIp, "ssh-brute-force", $"SSH brute force from {BruteForceIp} against root", FindingSeverity.Critical, "security",
                    new() { ["ip"] = BruteForceIp, ["user"] = "root", ["host"] = "web1" }, bruteStart, now - TimeSpan.FromMinutes(2), 600, bruteEvidence)],
            },
            new()
            {
                Id = 2, Fingerprint = IncidentFingerprint.Of("oom-kill|process=java"), Kind = "oom-kill", Title = "Out of memory: java killed on web1",
                Status = IncidentStatus.Open, Severity = FindingSeverity.Warning, Host = "web1",
                // Raised again minutes ago: the daemon's tracker resolves an incident quiet for 30 minutes.
                FirstSeen = now - TimeSpan.FromHours(20), LastSeen = now - TimeSpan.FromMinutes(5), OpenedAt = now - TimeSpan.FromHours(20), UpdatedAt = now - TimeSpan.FromMinutes(5),
                Lines = 12, FindingCount = 1, Raises = 1,
                Entities = new Dictionary<string, IReadOnlyList<string>> { ["process"] = ["java"], ["host"] = ["web1"] },
                Findings = [Finding("oom-kill|process=java", "oom-kill", "Out of memory: java killed on web1", FindingSeverity.Warning, "rules",
                    new() { ["process"] = "java", ["host"] = "web1" }, now - TimeSpan.FromHours(20), now - TimeSpan.FromMinutes(5), 12, Evidence.None)],
            },
            new()
            {
                Id = 3, Fingerprint = IncidentFingerprint.Of("disk-filling|mount=/"), Kind = "disk-filling", Title = "Disk / on db1 fills up: full in about 6 hours",
                Status = IncidentStatus.Acknowledged, Severity = FindingSeverity.Warning, Host = "db1", AcknowledgedAt = now - TimeSpan.FromMinutes(30),
                FirstSeen = now - TimeSpan.FromMinutes(90), LastSeen = now - TimeSpan.FromMinutes(3), OpenedAt = now - TimeSpan.FromMinutes(60), UpdatedAt = now - TimeSpan.FromMinutes(30),
                Lines = 30, FindingCount = 1, Raises = 1,
                Entities = new Dictionary<string, IReadOnlyList<string>> { ["mount"] = ["/"], ["host"] = ["db1"], ["metric"] = ["filesystem_used_percent{mount=\"/\"}"] },
                Evidence = new Evidence { Metric = "filesystem_used_percent{mount=\"/\"}", MetricWindow = diskWindow },
                Findings = [Finding("disk-filling|mount=/", "disk-filling", "Disk / on db1 fills up: full in about 6 hours", FindingSeverity.Warning, "metrics",
                    new() { ["mount"] = "/", ["host"] = "db1" }, now - TimeSpan.FromMinutes(90), now - TimeSpan.FromMinutes(3), 30,
                    new Evidence { Metric = "filesystem_used_percent{mount=\"/\"}", MetricWindow = diskWindow })],
            },
        ];
        ((IIncidentStore)store).SaveIncidents(incidents);
    }

    private static void SeedMetrics(ILogStore store, DateTimeOffset now)
    {
        var samples = new List<MetricSample>();
        DateTimeOffset start = now - TimeSpan.FromDays(1);
        string[] hosts = ["web1", "db1"];
        for (DateTimeOffset at = start; at < now; at += TimeSpan.FromMinutes(1))
        {
            double phase = (at - start).TotalHours / 24 * 2 * Math.PI;
            foreach (string host in hosts)
            {
                double busy = 20 + 15 * Math.Sin(phase) + (host == "db1" ? 10 : 0);
                samples.Add(new MetricSample(at, host, "cpu_percent", new StreamLabels(("state", "user")), busy * 0.7));
                samples.Add(new MetricSample(at, host, "cpu_percent", new StreamLabels(("state", "system")), busy * 0.25));
                samples.Add(new MetricSample(at, host, "cpu_percent", new StreamLabels(("state", "iowait")), busy * 0.05));
                samples.Add(new MetricSample(at, host, "cpu_percent", new StreamLabels(("state", "idle")), 100 - busy));
                samples.Add(new MetricSample(at, host, "memory_used_percent", StreamLabels.Empty, 55 + 10 * Math.Cos(phase)));
                samples.Add(new MetricSample(at, host, "filesystem_used_percent", new StreamLabels(("mount", "/")), host == "db1" ? 70 + 20 * (at - start) / (now - start) : 41));
                samples.Add(new MetricSample(at, host, "network_receive_bytes_per_second", new StreamLabels(("device", "eth0")), 250_000 + 200_000 * Math.Sin(phase * 3)));
                samples.Add(new MetricSample(at, host, "network_transmit_bytes_per_second", new StreamLabels(("device", "eth0")), 900_000 + 500_000 * Math.Sin(phase * 2)));
                samples.Add(new MetricSample(at, host, "load1", StreamLabels.Empty, 0.5 + busy / 20));
                samples.Add(new MetricSample(at, host, "load5", StreamLabels.Empty, 0.5 + busy / 25));
                samples.Add(new MetricSample(at, host, "load15", StreamLabels.Empty, 0.5 + busy / 30));
            }
        }
        ((IMetricStore)store).AppendMetrics(samples);
    }

    private static void SeedAlerts(ILogStore store, DateTimeOffset now)
    {
        var outbox = (IAlertOutbox)store;
        outbox.Enqueue(
        [
            new OutboxEntry("telegram|1|firing", "telegram", 1, "firing", "critical", now - TimeSpan.FromHours(3), now - TimeSpan.FromHours(3), "{}"),
            new OutboxEntry("email|1|firing", "email", 1, "firing", "critical", now - TimeSpan.FromHours(3), now - TimeSpan.FromHours(3), "{}"),
        ]);
        IReadOnlyList<OutboxRow> rows = outbox.ListOutbox(new OutboxQuery());
        outbox.MarkDelivered(rows.Single(r => r.Entry.Channel == "telegram").Id, now - TimeSpan.FromHours(3) + TimeSpan.FromSeconds(2));
        outbox.MarkAttemptFailed(rows.Single(r => r.Entry.Channel == "email").Id, "550 mailbox unavailable", now, giveUp: true);
    }

    /// <summary>The responder's audit (a ban, a refusal, a dry-run) and the brute forcer's current ban.</summary>
    private static void SeedResponses(ILogStore store, DateTimeOffset now)
    {
        var audit = (IResponseStore)store;
        DateTimeOffset at = now - TimeSpan.FromHours(2);
        audit.RecordAction(new ResponseActionRecord(0, at, 1, "ban-brute-force", "ban", $"network={BruteForceIp}/32 duration=3600s\n/usr/sbin/nft add element inet logwarden ban4 '{{' {BruteForceIp}/32 timeout 3600s '}}'",
            "ok", "", TimeSpan.FromMilliseconds(9)));
        audit.RecordAction(new ResponseActionRecord(0, at, 1, "ban-brute-force", "ban", "network=127.0.0.1/32", "refused", "overlaps the allowlisted 127.0.0.0/8", TimeSpan.Zero));
        audit.RecordAction(new ResponseActionRecord(0, at, 2, "restart-java", "restart-unit", "unit=java.service\n/usr/bin/systemctl restart -- java.service", "dry-run", "dry-run: nothing was run", TimeSpan.Zero));
        audit.RecordBan(new BanRecord(0, BruteForceIp + "/32", at, now + TimeSpan.FromHours(1), 1, "ssh-brute-force (incident 1)", null));
    }
}
