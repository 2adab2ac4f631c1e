using LogWarden.Collect;
using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Mine;
using LogWarden.Parse;
using LogWarden.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogWarden.Respond;

/// <summary>What a simulation replayed and what the playbooks would have done.</summary>
/// <param name="Steps">Every step in log time: would run (<see cref="ResponseResults.Ok"/>), refused (with the reason), …</param>
/// <param name="Commands">The argv each would-run step would have executed, in order (nothing was).</param>
/// <param name="Titles">The replayed incidents' titles by their (replay's own) id.</param>
internal sealed record SimulationResult(
    long Lines, DateTimeOffset? First, DateTimeOffset? Last, int Incidents, IReadOnlyList<ResponseActionRecord> Steps, IReadOnlyList<ExternalCommand> Commands,
    IReadOnlyDictionary<long, string> Titles);

/// <summary>
/// `logwarden respond --simulate`: the store's lines since a time, in time order, through the daemon's
/// detector catalog and a fresh incident tracker (the noise the owner marked honoured), and every incident
/// that opens or escalates through the config's playbooks — with a <see cref="RecordingCommandRunner"/>
/// instead of the machine, an in-memory audit and ban list, and the clock at the incident's log time, so
/// that repeat-offender escalation, the restart budget and the rate limit act as they would have then.
/// Nothing is executed and nothing is written to the store.
/// </summary>
internal static class ResponseSimulation
{
    public static SimulationResult Run(ILogStore store, RespondConfig respond, DetectorSet detectors, DateTimeOffset from, BanAllowlist allowlist, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(respond);
        ArgumentNullException.ThrowIfNull(detectors);
        var clock = new ReplayClock(from);
        var runner = new RecordingCommandRunner();
        var audit = new InMemoryResponseStore();
        using IFirewall firewall = ResponseServices.CreateFirewall(respond, runner);
        var responder = new Responder(respond with { DryRun = false }, firewall, runner, allowlist, audit, clock, NullLogger<Responder>.Instance) { Simulating = true };

        var listener = new ResponseListener();
        var tracker = new IncidentTracker();
        if (store is IIncidentStore incidents)
        {
            tracker.LearnNoise(incidents.LoadNoiseFingerprints());
        }
        tracker.AddListener(listener);
        var titles = new IncidentTitles();
        tracker.AddListener(titles);
        var miner = new TemplateMiner();
        DetectionEngine engine = detectors.CreateEngine(miner, tracker);
        engine.AddClockListener(tracker);

        var decoders = new Dictionary<StreamLabels, (ILogDecoder Decoder, DecodeContext Context)>();
        long lines = 0;
        DateTimeOffset? first = null, last = null;
        foreach (SearchHit hit in store.Search(new SearchQuery { From = from, NewestFirst = false, Limit = int.MaxValue }, cancellationToken))
        {
            if (!decoders.TryGetValue(hit.Labels, out var decoding))
            {
                decoding = decoders[hit.Labels] = (DecoderFor(store, hit.Labels, from, cancellationToken), new DecodeContext(source: hit.Labels["path"], referenceTime: hit.Timestamp));
            }
            LogRecord record = decoding.Decoder.TryDecode(hit.Line, decoding.Context, out LogRecord? decoded) ? decoded : FormatDetector.DecodeWithAnyFormat(hit.Line, decoding.Context);
            first ??= hit.Timestamp;
            last = hit.Timestamp;
            lines++;
            int templateId = miner.Add(record.Message, record.Timestamp, record.Level);
            engine.Observe(record, hit.Labels, templateId, hit.Timestamp);
            Respond(listener, responder, clock, engine.Now, cancellationToken);
        }
        if (engine.Now > DateTimeOffset.MinValue && engine.Now < DateTimeOffset.MaxValue - TimeSpan.FromMinutes(1))
        {
            // What detectors gather for a few seconds after the last line is raised rather than lost (as `analyze` does).
            engine.AdvanceTo(engine.Now + TimeSpan.FromSeconds(15));
            Respond(listener, responder, clock, engine.Now, cancellationToken);
        }
        return new SimulationResult(lines, first, last, titles.Opened, [.. audit.ListActions(int.MaxValue).Reverse()], runner.Commands, titles.ById);
    }

    private static void Respond(ResponseListener listener, Responder responder, ReplayClock clock, DateTimeOffset now, CancellationToken cancellationToken)
    {
        while (listener.Reader.TryRead(out IncidentRecord? incident))
        {
            clock.Now = now > DateTimeOffset.MinValue ? now : clock.Now;
            // The recording runner and the in-memory store complete at once: nothing here waits on the machine.
            responder.RespondAsync(incident, cancellationToken).GetAwaiter().GetResult();
        }
    }

    /// <summary>The decoder the stream's first stored lines in the window call for (as a file source detects it).</summary>
    private static ILogDecoder DecoderFor(ILogStore store, StreamLabels labels, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var matchers = labels.Pairs.Select(p => new LabelMatcher(p.Key, p.Value)).ToList();
        // A stream without some label is matched by "" for it: only streams with exactly these labels count here.
        List<string> sample = [.. store.Search(new SearchQuery { From = from, Labels = matchers, NewestFirst = false, Limit = FormatDetector.SampleSize }, cancellationToken)
            .Where(h => h.Labels.Equals(labels)).Select(h => h.Line)];
        return FormatDetector.Detect(sample);
    }

    private sealed class IncidentTitles : IIncidentListener
    {
        public int Opened { get; private set; }

        public Dictionary<long, string> ById { get; } = [];

        public void OnIncidentEvent(in IncidentEvent e)
        {
            if (e.Kind == IncidentEventKind.IncidentOpened)
            {
                Opened++;
            }
            ById[e.Incident.Id] = e.Incident.Title;
        }
    }
}

/// <summary>A clock that the replay sets to log time.</summary>
internal sealed class ReplayClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Records every command instead of running it, and answers with success (simulation; tests).</summary>
internal sealed class RecordingCommandRunner : ICommandRunner
{
    private readonly List<ExternalCommand> _commands = [];

    public IReadOnlyList<ExternalCommand> Commands
    {
        get
        {
            lock (_commands)
            {
                return [.. _commands];
            }
        }
    }

    public Task<CommandResult> RunAsync(ExternalCommand command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (_commands)
        {
            _commands.Add(command);
        }
        return Task.FromResult(new CommandResult(0, "", false, TimeSpan.Zero));
    }
}

/// <summary>The audit and ban list of a simulation: in memory, gone when it ends.</summary>
internal sealed class InMemoryResponseStore : IResponseStore
{
    private readonly List<ResponseActionRecord> _actions = [];
    private readonly List<BanRecord> _bans = [];

    public long RecordAction(ResponseActionRecord action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _actions.Add(action with { Id = _actions.Count + 1 });
        return _actions.Count;
    }

    public IReadOnlyList<ResponseActionRecord> ListActions(int limit, long? incidentId = null) =>
        [.. Enumerable.Reverse(_actions).Where(a => incidentId is null || a.IncidentId == incidentId).Take(limit)];

    public long RecordBan(BanRecord ban)
    {
        ArgumentNullException.ThrowIfNull(ban);
        _bans.Add(ban with { Id = _bans.Count + 1 });
        return _bans.Count;
    }

    public IReadOnlyList<BanRecord> CurrentBans(DateTimeOffset now) =>
        [.. Enumerable.Reverse(_bans).Where(b => b.LiftedAt is null && b.ExpiresAt > now)];

    public int BanCount(string network) => _bans.Count(b => b.Network == network);

    public int CountActions(string? action, string? arguments, IReadOnlyList<string> results, DateTimeOffset since) =>
        _actions.Count(a => a.At >= since && results.Contains(a.Result) && (action is null || a.Action == action)
            && (arguments is null || a.Arguments == arguments || a.Arguments.StartsWith(arguments + "\n", StringComparison.Ordinal)));

    public int LiftBans(string network, DateTimeOffset now)
    {
        int lifted = 0;
        for (int i = 0; i < _bans.Count; i++)
        {
            if (_bans[i].Network == network && _bans[i].LiftedAt is null && _bans[i].ExpiresAt > now)
            {
                _bans[i] = _bans[i] with { LiftedAt = now };
                lifted++;
            }
        }
        return lifted;
    }
}
