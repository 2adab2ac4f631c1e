using System.Globalization;

namespace LogWarden.Tests.Support.Replay;

/// <summary>What to generate.</summary>
internal sealed record ReplayOptions
{
    /// <summary>Same seed, same tree (byte for byte in the same time zone).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Days of logs in all; the last <c>Days - LearnDays</c> are the test period with the incidents.</summary>
    public int Days { get; init; } = 3;

    public int LearnDays { get; init; } = 2;

    public int Hosts { get; init; } = 1;

    /// <summary>
    /// Volume: 1 is a busy small shop (~150–300k lines a day per host), 0.1 a quiet one (~60–80k). Rates of
    /// people scale with it; the internet's background, the system's chatter and the incidents do not.
    /// </summary>
    public double Scale { get; init; } = 1;

    /// <summary>The zone of timestamps without an offset (classic syslog, nginx's error log); by default this machine's, as a reader assumes.</summary>
    public TimeZoneInfo? TimeZone { get; init; }

    /// <summary>First day (a local midnight); by default one derived from the seed, in 2025 or early 2026.</summary>
    public DateOnly? StartDate { get; init; }

    /// <summary>Incident kinds to inject once each in the test period (default: all of <see cref="IncidentKinds.All"/>).</summary>
    public IReadOnlyList<string>? Kinds { get; init; }
}

/// <summary>
/// Generates a replay: for each host a /var/log-like tree (auth.log, syslog, kern.log, ufw.log, mail.log,
/// nginx/, PostgreSQL's log, the app's JSON logs, rotated generations with .gz) under
/// <c>DIR/logs/HOST/</c>, with a realistic background over <see cref="ReplayOptions.Days"/> days and the
/// incidents injected in the test period, and the ground truth in <c>DIR/truth.json</c>. Try it:
/// <c>logwarden analyze DIR/logs --learn 2d</c>.
/// </summary>
internal static class ReplayGenerator
{
    private static readonly string[] HostNames = ["web1", "shop-prod", "vps-fra1", "app01", "edge-ams", "api-2", "node7", "srv-lon", "www01", "prod-db-web"];

    public const string LogsDirectory = "logs";
    public const string TruthFile = "truth.json";

    public static ReplayTruth Generate(ReplayOptions options, string outputDirectory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Days, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.LearnDays);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(options.LearnDays, options.Days);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Hosts, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Scale);

        var random = new ReplayRandom(options.Seed);
        TimeZoneInfo zone = options.TimeZone ?? TimeZoneInfo.Local;
        DateOnly startDate = options.StartDate ?? new DateOnly(2025, 3, 3).AddDays(options.Seed * 37 % 330);
        DateTime startLocal = startDate.ToDateTime(TimeOnly.MinValue);
        var start = new DateTimeOffset(startLocal, zone.GetUtcOffset(startLocal));
        DateTime endLocal = startLocal.AddDays(options.Days);
        var end = new DateTimeOffset(endLocal, zone.GetUtcOffset(endLocal));
        DateTime testLocal = startLocal.AddDays(options.LearnDays);
        var testStart = new DateTimeOffset(testLocal, zone.GetUtcOffset(testLocal));

        var names = HostNames.ToList();
        random.Shuffle(names);
        string logs = Path.Combine(outputDirectory, LogsDirectory);
        var kits = new List<(HostKit Kit, IReplayEmitter[] Emitters)>();
        for (int i = 0; i < options.Hosts; i++)
        {
            string name = i < names.Count ? names[i] : "host" + i.ToString(CultureInfo.InvariantCulture);
            var hostRandom = new ReplayRandom(unchecked((options.Seed * 7919) + (i * 104729) + 17));
            var host = new ReplayHost(Path.Combine(logs, name), name, hostRandom, zone, start, end);
            var ssh = new SshLines(host);
            var systemd = new SystemdLines(host, oldStyle: hostRandom.Chance(0.2), memoryPeak: hostRandom.Chance(0.4));
            var services = new ServiceChatter(host, options.Scale);
            var web = new WebTraffic(host, options.Scale);
            IReplayEmitter[] emitters =
            [
                new Routine(host, ssh, systemd, testStart),
                new SshBackground(host, ssh),
                web,
                new SystemChatter(host, systemd, options.Scale),
                services,
            ];
            kits.Add((new HostKit(host, ssh, systemd, services, web), emitters));
        }

        if (!kits.Any(k => k.Kit.Host.HasMail || k.Kit.Host.Ftp != FtpServer.None))
        {
            kits[0].Kit.Host.HasMail = true;
        }

        var incidents = PlanIncidents(options, random, kits.Select(k => k.Kit).ToList(), testStart, end);

        var lines = new Dictionary<string, long>();
        foreach (var (kit, emitters) in kits)
        {
            ReplayHost host = kit.Host;
            for (DateTimeOffset window = start; window < end; window += TimeSpan.FromHours(1))
            {
                DateTimeOffset next = window + TimeSpan.FromHours(1) < end ? window + TimeSpan.FromHours(1) : end;
                foreach (IReplayEmitter emitter in emitters)
                {
                    emitter.Emit(window, next);
                }

                host.FlushBefore(next);
            }

            host.Close();
            lines[host.Name] = host.LinesWritten;
        }

        var truth = new ReplayTruth
        {
            Seed = options.Seed,
            Hosts = [.. kits.Select(k => k.Kit.Host.Name)],
            LearnStart = start,
            TestStart = testStart,
            TestEnd = end,
            Incidents = [.. incidents.OrderBy(i => i.Start)],
            NearMisses = [.. kits.SelectMany(k => k.Kit.Host.NearMisses).OrderBy(n => n.Time)],
            LinesPerHost = lines,
        };
        truth.Save(Path.Combine(outputDirectory, TruthFile));
        return truth;
    }

    /// <summary>
    /// Every kind once, on a random host that can have it, in a random order: each host's test day is cut
    /// into as many slots as it has incidents, and an incident starts early in its slot and ends well
    /// before the next, so that each one's findings can be told apart.
    /// </summary>
    private static List<InjectedIncident> PlanIncidents(ReplayOptions options, ReplayRandom random, List<HostKit> kits, DateTimeOffset testStart, DateTimeOffset end)
    {
        var perHost = kits.ToDictionary(k => k.Host.Name, _ => new List<string>());
        foreach (string kind in options.Kinds ?? IncidentKinds.All)
        {
            var candidates = kind == IncidentKinds.MailFtpBruteForce
                ? kits.Where(k => k.Host.HasMail || k.Host.Ftp != FtpServer.None).ToList()
                : kits;
            perHost[random.Pick(candidates).Host.Name].Add(kind);
        }

        var incidents = new List<InjectedIncident>();
        DateTimeOffset first = testStart + TimeSpan.FromMinutes(20);
        TimeSpan usable = end - TimeSpan.FromMinutes(20) - first;
        foreach (HostKit kit in kits)
        {
            List<string> kinds = perHost[kit.Host.Name];
            random.Shuffle(kinds);
            if (kinds.Count == 0)
            {
                continue;
            }

            TimeSpan slot = usable / kinds.Count;
            var injector = new IncidentInjector(kit);
            for (int i = 0; i < kinds.Count; i++)
            {
                DateTimeOffset slotStart = first + (slot * i);
                DateTimeOffset start = slotStart + TimeSpan.FromTicks((long)(slot.Ticks * random.Between(0, 0.25)));
                incidents.Add(injector.Inject(kinds[i], kit.Host.Name + "-" + kinds[i], start, slot * 0.6));
            }
        }

        return incidents;
    }
}
