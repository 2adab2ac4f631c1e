using System.Globalization;
using System.Net;
using LogWarden.Alert;
using LogWarden.Config;
using LogWarden.Detect.Incidents;
using LogWarden.Store;
using Microsoft.Extensions.Logging;

namespace LogWarden.Respond;

/// <summary>What became of one step of a playbook.</summary>
internal static class ResponseResults
{
    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string DryRun = "dry-run";
    public const string Refused = "refused";
    public const string Skipped = "skipped";
}

/// <summary>
/// Runs the playbooks an incident matches. Safe by construction:
/// <list type="bullet">
/// <item>only the incident's kind, severity, host and entities choose and fill actions — never an explanation or any free text;</item>
/// <item>each value from a log is validated by <see cref="EntityValues"/> into a canonical form before it becomes an argument;</item>
/// <item>commands are argv with absolute executables (<see cref="ExternalCommand"/>), each with a timeout;</item>
/// <item>bans never touch <see cref="BanAllowlist"/>; restarts only of listed units, within a budget;</item>
/// <item>a kill switch file and a global rate limit stop everything; dry-run records without running;</item>
/// <item>every step — run, dry-run, refused — is written to the audit trail.</item>
/// </list>
/// Each step runs at most once per incident: an escalation that newly matches a playbook runs it then, and an
/// address that joins an open incident (a second attacker's finding) is banned then.
/// </summary>
internal sealed partial class Responder(
    RespondConfig config,
    IFirewall firewall,
    ICommandRunner runner,
    BanAllowlist allowlist,
    IResponseStore store,
    TimeProvider time,
    ILogger<Responder> logger)
{
    private readonly IReadOnlyList<(PlaybookConfig Playbook, IReadOnlyList<AlertMatcher> Matchers)> _playbooks =
        [.. config.Playbooks.Select(p => (p, AlertMatcher.ParseList(p.Match)))];

    /// <summary>Per incident and playbook, the steps taken (<see cref="StepKey"/>): what an update of the incident must not repeat.</summary>
    private readonly Dictionary<(long Incident, string Playbook), HashSet<string>> _handled = [];
    /// <summary>What the rate limit counts: actions that ran or would have run (refusals do not).</summary>
    private static readonly IReadOnlyList<string> Taken = [ResponseResults.Ok, ResponseResults.Failed, ResponseResults.DryRun];

    /// <summary>What the restart budget counts: restarts that ran, whether or not they succeeded.</summary>
    private static readonly IReadOnlyList<string> Ran = [ResponseResults.Ok, ResponseResults.Failed];

    /// <summary>
    /// A replay of history (`respond --simulate`): the kill switch, a state of the present, is not consulted,
    /// and steps that would read this host (diagnostics) or tell anyone (notify) only say what they would do.
    /// </summary>
    public bool Simulating { get; init; }

    /// <summary>Where `notify` sends (the alert outbox when alerting is configured); null: the daemon's log only.</summary>
    public IResponseNotifier? Notifier { get; init; }

    /// <summary>Runs the matching playbooks for <paramref name="incident"/>; returns the steps as recorded.</summary>
    public async Task<IReadOnlyList<ResponseActionRecord>> RespondAsync(IncidentRecord incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var recorded = new List<ResponseActionRecord>();
        Dictionary<string, string> labels = AlertLabels.Of(incident);
        foreach ((PlaybookConfig playbook, IReadOnlyList<AlertMatcher> matchers) in _playbooks)
        {
            if (!AlertMatcher.All(matchers, labels))
            {
                continue;
            }
            if (!_handled.TryGetValue((incident.Id, playbook.Name), out HashSet<string>? handled))
            {
                // After a restart: what the audit says this playbook already did for this incident.
                handled = [.. store.ListActions(1000, incident.Id).Where(a => a.Playbook == playbook.Name).Select(a => StepKey(a.Action, a.Arguments))];
                _handled[(incident.Id, playbook.Name)] = handled;
            }
            foreach (PlaybookActionConfig action in playbook.Actions)
            {
                foreach (Step step in Plan(incident, action, recorded))
                {
                    // Each step once per incident: an address that joins the incident later is banned then, the rest is not repeated.
                    if (handled.Add(StepKey(action.Type, step.Arguments)))
                    {
                        recorded.Add(await RunStepAsync(incident, playbook.Name, action.Type, step, cancellationToken).ConfigureAwait(false));
                    }
                }
            }
        }
        return recorded;
    }

    /// <summary>One concrete step: its arguments for the audit, or why it cannot run, and how to run it.</summary>
    private sealed record Step(string Arguments, string? Refusal, IReadOnlyList<ExternalCommand> Commands, Func<CancellationToken, Task<(bool Ok, string Output)>>? Run);

    private static Step Refuse(string arguments, string reason) => new(arguments, reason, [], null);

    /// <summary>What a step acts on: its type and its first argument (network=…, unit=…, script=…, ip=… when refused).</summary>
    private static string StepKey(string action, string arguments)
    {
        int end = arguments.AsSpan().IndexOfAny(' ', '\n');
        return action + " " + (end < 0 ? arguments : arguments[..end]);
    }

    /// <param name="done">The steps taken so far for this incident (what `notify` reports).</param>
    private IEnumerable<Step> Plan(IncidentRecord incident, PlaybookActionConfig action, IReadOnlyList<ResponseActionRecord> done)
    {
        switch (action.Type)
        {
            case "ban":
            case "unban":
                IReadOnlyList<string> ips = Values(incident, "ip");
                if (ips.Count == 0)
                {
                    yield return Refuse("ip=(none)", "the incident names no ip");
                }
                foreach (string ip in ips)
                {
                    yield return action.Type == "ban" ? PlanBan(incident, action, ip) : PlanUnban(ip);
                }
                break;
            case "restart-unit":
                yield return PlanRestart(incident, action);
                break;
            case "capture-diagnostics":
                yield return PlanDiagnostics(incident, action);
                break;
            case "run-script":
                yield return PlanScript(incident, action);
                break;
            case "vacuum-journal":
                yield return PlanVacuum(action);
                break;
            case "clean-temp":
                foreach (string directory in action.Directory is { } one ? [one] : config.TempDirs)
                {
                    yield return PlanClean(directory, action.OlderThan);
                }
                break;
            default:
                yield return PlanNotify(incident, done);
                break;
        }
    }

    private Step PlanBan(IncidentRecord incident, PlaybookActionConfig action, string ip)
    {
        if (EntityValues.BanNetwork(ip, config.Ipv6Prefix, out string? invalid) is not { } network)
        {
            return Refuse("ip=" + EntityValues.Preview(ip), invalid!);
        }
        string canonical = EntityValues.Canonical(network);
        if (allowlist.Refusal(network) is { } allowed)
        {
            return Refuse("network=" + canonical, allowed);
        }
        int earlier = store.BanCount(canonical);
        TimeSpan baseDuration = action.Duration ?? config.Ban.Duration;
        double scaled = baseDuration.TotalSeconds * Math.Pow(config.Ban.RepeatFactor, earlier);
        TimeSpan duration = TimeSpan.FromSeconds(Math.Min(scaled, config.Ban.MaxDuration.TotalSeconds));
        string arguments = $"network={canonical} duration={(long)duration.TotalSeconds}s" + (earlier > 0 ? $" repeat={earlier + 1}" : "");
        if (store.CurrentBans(time.GetUtcNow()).Any(b => b.Network == canonical))
        {
            return new Step(arguments, null, [], _ => Task.FromResult((true, "already banned")));
        }
        return new Step(arguments, null, firewall.BanCommands(network, duration), async ct =>
        {
            CommandResult result = await firewall.BanAsync(network, duration, ct).ConfigureAwait(false);
            if (result.Succeeded)
            {
                DateTimeOffset now = time.GetUtcNow();
                store.RecordBan(new BanRecord(0, canonical, now, now + duration, incident.Id, $"{incident.Kind} (incident {incident.Id})", null));
            }
            return (result.Succeeded, result.Output);
        });
    }

    private Step PlanUnban(string ip)
    {
        if (EntityValues.BanNetwork(ip, config.Ipv6Prefix, out string? invalid) is not { } network)
        {
            return Refuse("ip=" + EntityValues.Preview(ip), invalid!);
        }
        string canonical = EntityValues.Canonical(network);
        return new Step("network=" + canonical, null, [], async ct =>
        {
            CommandResult result = await firewall.UnbanAsync(network, ct).ConfigureAwait(false);
            store.LiftBans(canonical, time.GetUtcNow());
            return (result.Succeeded, result.Output);
        });
    }

    private Step PlanRestart(IncidentRecord incident, PlaybookActionConfig action)
    {
        string? given = action.Unit == "{unit}" ? First(incident, "unit") : action.Unit;
        if (EntityValues.UnitName(given) is not { } unit)
        {
            return Refuse("unit=" + EntityValues.Preview(given), "not a systemd unit name");
        }
        if (!config.Units.Contains(unit))
        {
            return Refuse("unit=" + unit, "not in respond.units");
        }
        // Counted from the audit, so that a daemon restarted in a loop does not get a fresh budget each time.
        int spent = store.CountActions("restart-unit", "unit=" + unit, Ran, time.GetUtcNow() - config.RestartPeriod);
        if (spent >= config.RestartBudget)
        {
            return Refuse("unit=" + unit, $"restart budget spent ({config.RestartBudget} per {config.RestartPeriod})");
        }
        List<ExternalCommand> commands = [];
        if (action.ResetFailed)
        {
            commands.Add(new ExternalCommand(config.Systemctl, ["reset-failed", "--", unit]));
        }
        commands.Add(new ExternalCommand(config.Systemctl, ["restart", "--", unit]));
        return new Step("unit=" + unit, null, commands, ct => RunAllAsync(commands, ct));
    }

    private Step PlanDiagnostics(IncidentRecord incident, PlaybookActionConfig action)
    {
        string? given = action.Unit == "{unit}" ? First(incident, "unit") : action.Unit;
        string? unit = EntityValues.UnitName(given);
        List<ExternalCommand> commands = unit is null
            ? []
            : [new ExternalCommand(config.Journalctl, ["--no-pager", "-o", "short-iso", "-n", "50", "-u", unit])];
        return new Step(unit is null ? "unit=(none)" : "unit=" + unit, null, commands, async ct =>
        {
            if (Simulating)
            {
                return (true, "would capture processes, memory, disk usage, the largest directories" + (unit is null ? "" : " and the journal of " + unit));
            }
            string snapshot = HostDiagnostics.Capture() + HostDiagnostics.LargestDirectories(config.DiagnosticRoots);
            if (commands.Count == 0)
            {
                return (true, snapshot);
            }
            CommandResult journal = await runner.RunAsync(commands[0], config.ActionTimeout, ct).ConfigureAwait(false);
            return (true, snapshot + "journal of " + unit + ":\n" + journal.Output);
        });
    }

    private Step PlanVacuum(PlaybookActionConfig action)
    {
        List<string> argv = [];
        if (action.Size is { } size && EntityValues.IsJournalSize(size))
        {
            argv.Add("--vacuum-size=" + size);
        }
        if (action.Age is { } age)
        {
            argv.Add(string.Create(CultureInfo.InvariantCulture, $"--vacuum-time={(long)Math.Ceiling(age.TotalSeconds)}s"));
        }
        if (argv.Count == 0)
        {
            return Refuse("size=(none) age=(none)", "vacuum-journal needs a size or an age");
        }
        if (config.JournalDirectory is { } directory)
        {
            argv.Add("--directory=" + directory);
        }
        var command = new ExternalCommand(config.Journalctl, argv);
        return new Step(string.Join(' ', argv.Select(a => a.TrimStart('-'))), null, [command], ct => RunAllAsync([command], ct));
    }

    private Step PlanClean(string directory, TimeSpan olderThan)
    {
        // Only a configured directory: the config loader refused any other, and nothing from the incident is used.
        if (!config.TempDirs.Contains(directory))
        {
            return Refuse("directory=" + EntityValues.Preview(directory), "not in respond.temp_dirs");
        }
        string arguments = string.Create(CultureInfo.InvariantCulture, $"directory={directory} older_than={(long)olderThan.TotalSeconds}s");
        return new Step(arguments, null, [], ct => Simulating ? Task.FromResult((true, "would delete the files not modified for that long")) : Task.Run(() =>
        {
            TempCleanResult cleaned = TempCleaner.Clean(directory, time.GetUtcNow() - olderThan);
            return (cleaned.Errors == 0, cleaned.ToString());
        }, ct));
    }

    private Step PlanScript(IncidentRecord incident, PlaybookActionConfig action)
    {
        if (action.Script is null || !config.Scripts.TryGetValue(action.Script, out string? path))
        {
            return Refuse("script=" + EntityValues.Preview(action.Script), "not in respond.scripts");
        }
        var argv = new List<string>();
        foreach (string arg in action.Args)
        {
            string? value = arg switch
            {
                "{ip}" => EntityValues.Address(First(incident, "ip")),
                "{user}" => EntityValues.UserName(First(incident, "user")),
                "{unit}" => EntityValues.UnitName(First(incident, "unit")),
                "{incident}" => incident.Id.ToString(CultureInfo.InvariantCulture),
                "{kind}" => EntityValues.Kind(incident.Kind),
                "{severity}" => IncidentNames.Of(incident.Severity),
                _ when arg.Contains('{', StringComparison.Ordinal) => null,
                _ => arg,
            };
            if (value is null)
            {
                return Refuse($"script={action.Script} arg={EntityValues.Preview(arg)}", "the incident has no valid value for it");
            }
            argv.Add(value);
        }
        var command = new ExternalCommand(path, argv);
        return new Step("script=" + action.Script, null, [command], ct => RunAllAsync([command], ct));
    }

    private Step PlanNotify(IncidentRecord incident, IReadOnlyList<ResponseActionRecord> done) =>
        new("incident=" + incident.Id.ToString(CultureInfo.InvariantCulture), null, [], _ =>
        {
            if (Simulating)
            {
                return Task.FromResult((true, "would notify"));
            }
            LogNotify(logger, incident.Id, incident.Kind, IncidentNames.Of(incident.Severity));
            if (Notifier is null)
            {
                return Task.FromResult((true, "written to the daemon's log (no alert channels configured)"));
            }
            IReadOnlyList<string> channels = Notifier.Notify(incident, [.. done]);
            return Task.FromResult((true, channels.Count == 0
                ? "written to the daemon's log (no alert route takes this incident)"
                : "queued in the alert outbox for " + string.Join(", ", channels)));
        });

    private async Task<(bool Ok, string Output)> RunAllAsync(IReadOnlyList<ExternalCommand> commands, CancellationToken cancellationToken)
    {
        var output = new System.Text.StringBuilder();
        foreach (ExternalCommand command in commands)
        {
            CommandResult result = await runner.RunAsync(command, config.ActionTimeout, cancellationToken).ConfigureAwait(false);
            output.Append(result.Output);
            if (!result.Succeeded)
            {
                output.Append(CultureInfo.InvariantCulture, $"\n(exit {result.ExitCode})");
                return (false, output.ToString());
            }
        }
        return (true, output.ToString());
    }

    private async Task<ResponseActionRecord> RunStepAsync(IncidentRecord incident, string playbook, string action, Step step, CancellationToken cancellationToken)
    {
        DateTimeOffset at = time.GetUtcNow();
        string commands = string.Join("\n", step.Commands.Select(c => c.ToString()));
        string arguments = step.Arguments + (commands.Length > 0 ? "\n" + commands : "");
        string result;
        string output;
        TimeSpan duration = TimeSpan.Zero;
        if (step.Refusal is { } refusal)
        {
            (result, output) = (ResponseResults.Refused, refusal);
        }
        else if (!Simulating && File.Exists(config.KillSwitch))
        {
            (result, output) = (ResponseResults.Refused, $"kill switch {config.KillSwitch} is present");
        }
        else if (!TakeRateLimit(at))
        {
            (result, output) = (ResponseResults.Refused, $"rate limit ({config.RateLimit} actions per {config.RateLimitPeriod})");
        }
        else if (config.DryRun)
        {
            (result, output) = (ResponseResults.DryRun, "dry-run: nothing was run");
        }
        else
        {
            long began = time.GetTimestamp();
            try
            {
                (bool ok, output) = await step.Run!(cancellationToken).ConfigureAwait(false);
                result = ok ? ResponseResults.Ok : ResponseResults.Failed;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or StoreFullException)
            {
                (result, output) = (ResponseResults.Failed, e.Message);
            }
            duration = time.GetElapsedTime(began);
        }
        if (output.Length > ProcessCommandRunner.MaxOutputChars)
        {
            output = output[..ProcessCommandRunner.MaxOutputChars] + "\n(output truncated)";
        }
        var record = new ResponseActionRecord(0, at, incident.Id, playbook, action, arguments, result, output, duration);
        try
        {
            record = record with { Id = store.RecordAction(record) };
        }
        catch (StoreFullException e)
        {
            LogAuditFailed(logger, incident.Id, action, e.Message);
        }
        LogStep(logger, incident.Id, playbook, action, result, step.Arguments.Replace('\n', ' '), output.Length > 200 ? output[..200] : output);
        return record;
    }

    /// <summary>Whether one more action fits the global rate limit (counted from the audit: it holds across restarts).</summary>
    private bool TakeRateLimit(DateTimeOffset now) => store.CountActions(null, null, Taken, now - config.RateLimitPeriod) < config.RateLimit;

    private static IReadOnlyList<string> Values(IncidentRecord incident, string entity) =>
        incident.Entities.TryGetValue(entity, out IReadOnlyList<string>? values) ? values : [];

    private static string? First(IncidentRecord incident, string entity) =>
        incident.Entities.TryGetValue(entity, out IReadOnlyList<string>? values) && values.Count > 0 ? values[0] : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "respond: incident {Incident} playbook {Playbook} {Action}: {Result} ({Arguments}) {Output}")]
    private static partial void LogStep(ILogger logger, long incident, string playbook, string action, string result, string arguments, string output);

    [LoggerMessage(Level = LogLevel.Warning, Message = "respond: incident {Incident} ({Kind}, {Severity}) — see `logwarden actions` for what was done")]
    private static partial void LogNotify(ILogger logger, long incident, string kind, string severity);

    [LoggerMessage(Level = LogLevel.Error, Message = "respond: could not record incident {Incident}'s {Action} in the audit: {Reason}")]
    private static partial void LogAuditFailed(ILogger logger, long incident, string action, string reason);
}
