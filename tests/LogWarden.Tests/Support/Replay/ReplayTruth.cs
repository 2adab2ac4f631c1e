using System.Text.Json;
using System.Text.Json.Serialization;

namespace LogWarden.Tests.Support.Replay;

/// <summary>
/// One way a finding may name what an incident is about. <see cref="Key"/> is an entity name
/// (<c>ip</c>, <c>user</c>, <c>unit</c>, <c>process</c>, <c>source</c>, <c>path</c>, <c>host</c>…) or one of:
/// <list type="bullet">
/// <item><c>*</c>: any entity has this value (a device, a domain: names the engine's entity list lacks)</item>
/// <item><c>text</c>: the title, an entity value or the evidence contains the value (a cron command, a template's words)</item>
/// </list>
/// How values compare is in <see cref="ReplayScore"/>: addresses without <c>::ffff:</c>, units with or without
/// <c>.service</c>, sources by path suffix, devices with or without <c>/dev/</c>, case-insensitive text.
/// </summary>
internal sealed record EntityOption(string Key, string Value);

/// <summary>
/// What a finding must name to be about an incident: every requirement holds, a requirement holds when
/// one of its options does (an OOM kill is named by its process <em>or</em> its unit).
/// </summary>
internal sealed record EntityRequirement(IReadOnlyList<EntityOption> AnyOf)
{
    public static EntityRequirement Of(string key, string value) => new([new EntityOption(key, value)]);

    public static EntityRequirement Either(params (string Key, string Value)[] options) =>
        new([.. options.Select(o => new EntityOption(o.Key, o.Value))]);

    public override string ToString() => string.Join(" | ", AnyOf.Select(o => o.Key + "=" + o.Value));
}

/// <summary>An incident the generator injected, with what a detector should report.</summary>
internal sealed record InjectedIncident
{
    /// <summary>Unique in the replay, e.g. <c>web1-ssh-brute-force-1</c>.</summary>
    public required string Id { get; init; }

    /// <summary>One of <see cref="IncidentKinds"/>.</summary>
    public required string Kind { get; init; }

    public required string Host { get; init; }

    /// <summary>
    /// When the incident became what it is: its first line; for a login that succeeds after failures the
    /// success; for an absence (a cron job that stops, a silent source) the first line that did not come.
    /// Detection delay counts from here.
    /// </summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>The first line that belongs to it (before <see cref="Start"/> when failures lead up to a success).</summary>
    public required DateTimeOffset Begin { get; init; }

    /// <summary>Its last line (or the end of the absence).</summary>
    public required DateTimeOffset End { get; init; }

    public required string Description { get; init; }

    /// <summary>What a finding must name to count as detecting it.</summary>
    public required IReadOnlyList<EntityRequirement> Expected { get; init; }

    /// <summary>
    /// Other things the incident touches (a 5xx burst's error log, the unit an OOM kill restarts): a finding
    /// during the incident that names one of them is a side effect, not a false alert; it does not count as detection.
    /// </summary>
    public IReadOnlyList<EntityOption> Related { get; init; } = [];
}

/// <summary>Something normal that looks alarming (a keyword filter would flag it): where a false alert would come from.</summary>
internal sealed record PlantedNearMiss(string Kind, string Host, DateTimeOffset Time, string Description, IReadOnlyList<EntityOption> Entities);

/// <summary>Everything the generator knows about a replay: hosts, periods, incidents, near-misses.</summary>
internal sealed record ReplayTruth
{
    public required int Seed { get; init; }

    public required IReadOnlyList<string> Hosts { get; init; }

    /// <summary>Where the logs start (learning starts with them). Each host's tree is the directory named after it.</summary>
    public required DateTimeOffset LearnStart { get; init; }

    /// <summary>Where learning ends and the test period starts (the <c>--learn</c> duration after <see cref="LearnStart"/>).</summary>
    public required DateTimeOffset TestStart { get; init; }

    public required DateTimeOffset TestEnd { get; init; }

    public required IReadOnlyList<InjectedIncident> Incidents { get; init; }

    public required IReadOnlyList<PlantedNearMiss> NearMisses { get; init; }

    /// <summary>Lines written per host, for the summary.</summary>
    public required IReadOnlyDictionary<string, long> LinesPerHost { get; init; }

    public double TestDays => (TestEnd - TestStart).TotalDays;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    public static ReplayTruth Load(string path) =>
        JsonSerializer.Deserialize<ReplayTruth>(File.ReadAllText(path), Json) ?? throw new InvalidDataException(path + ": empty ground truth");
}

/// <summary>The incident kinds the generator injects (issue 6's list).</summary>
internal static class IncidentKinds
{
    public const string SshBruteForce = "ssh-brute-force";
    public const string SshDistributed = "ssh-distributed-brute-force";
    public const string SshEnumeration = "ssh-invalid-user-enumeration";
    public const string SshSuccessAfterFailures = "ssh-success-after-failures";
    public const string WebScan = "web-scan";
    public const string Http5xxBurst = "http-5xx-burst";
    public const string MailFtpBruteForce = "mail-ftp-brute-force";
    public const string OomKill = "oom-kill";
    public const string Segfault = "segfault";
    public const string RestartLoop = "unit-restart-loop";
    public const string DiskFull = "disk-full";
    public const string IoError = "io-error";
    public const string HungTask = "hung-task";
    public const string TlsExpired = "tls-certificate-expired";
    public const string NewUser = "new-user";
    public const string UnexpectedSudo = "unexpected-sudo";
    public const string DatabaseErrors = "database-errors";
    public const string FirewallSurge = "firewall-drop-surge";
    public const string NewErrorBurst = "new-error-burst";
    public const string CronStopped = "cron-stopped";
    public const string SourceSilent = "source-silent";
    public const string TemplateSpike = "template-spike";
    public const string VolumeShift = "volume-shift";

    public static IReadOnlyList<string> All { get; } =
    [
        SshBruteForce, SshDistributed, SshEnumeration, SshSuccessAfterFailures, WebScan, Http5xxBurst, MailFtpBruteForce,
        OomKill, Segfault, RestartLoop, DiskFull, IoError, HungTask, TlsExpired, NewUser, UnexpectedSudo, DatabaseErrors,
        FirewallSurge, NewErrorBurst, CronStopped, SourceSilent, TemplateSpike, VolumeShift,
    ];
}
