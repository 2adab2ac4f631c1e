using System.Net;
using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Respond;
using LogWarden.Store;
using LogWarden.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogWarden.Tests.Respond;

/// <summary>A responder over a real store in a temp directory, with the firewall and command runner a test chooses.</summary>
internal sealed class RespondRig : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("logwarden-respond-").FullName;

    public RespondRig(RespondConfig config, ICommandRunner runner, IFirewall? firewall = null, TimeProvider? time = null, IEnumerable<IPAddress>? liveAllowlisted = null)
    {
        Store = StoreFactory.Open(_dir, TestStoreLocation.ConfigFor(_dir));
        Config = config with { KillSwitch = config.KillSwitch == new RespondConfig().KillSwitch ? Path.Combine(_dir, "respond.off") : config.KillSwitch };
        Firewall = firewall ?? ResponseServices.CreateFirewall(Config, runner);
        IPAddress[] live = [.. liveAllowlisted ?? []];
        Responder = new Responder(Config, Firewall, runner, new BanAllowlist(Config.AdminCidrs, () => live), (IResponseStore)Store, time ?? TimeProvider.System, NullLogger<Responder>.Instance);
    }

    public ILogStore Store { get; }

    public IResponseStore Audit => (IResponseStore)Store;

    public RespondConfig Config { get; }

    public IFirewall Firewall { get; }

    public Responder Responder { get; }

    public string DataDir => _dir;

    private static long s_nextIncident = 1;

    /// <summary>An open incident of <paramref name="kind"/> naming these entities.</summary>
    public static IncidentRecord Incident(string kind, FindingSeverity severity, params (string Name, string Value)[] entities)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return new IncidentRecord
        {
            Id = Interlocked.Increment(ref s_nextIncident),
            Fingerprint = "fp-" + kind,
            Kind = kind,
            Title = kind,
            Status = IncidentStatus.Open,
            Severity = severity,
            FirstSeen = now,
            LastSeen = now,
            OpenedAt = now,
            UpdatedAt = now,
            Entities = entities.GroupBy(e => e.Name).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(e => e.Value)]),
        };
    }

    public static PlaybookConfig Playbook(string match, params PlaybookActionConfig[] actions) =>
        new() { Name = "pb-" + match, Match = [match], Actions = actions };

    public void Dispose()
    {
        Store.Dispose();
        (Firewall as IDisposable)?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
