using System.CommandLine;
using System.Text.Json;
using LogWarden.Detect.Incidents;
using LogWarden.Store;

namespace LogWarden.Cli;

/// <summary>
/// `logwarden incidents [--status open|resolved|all] [--json]`: the incidents the daemon (or
/// `analyze --data`) stored, most recently updated first; `incidents show ID`, and the operator's actions
/// `ack`, `resolve` and `noise` (which teaches the engine to stay quiet about the same thing next time).
/// Actions work beside a running daemon: it keeps what the operator decided.
/// </summary>
internal static class IncidentsCommand
{
    private static readonly string[] StatusFilters = ["open", "acknowledged", "resolved", "noise", "all"];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var status = new Option<string>("--status", "-s")
        {
            Description = "open (open and acknowledged), resolved (resolved and noise), acknowledged, noise, or all.",
            DefaultValueFactory = _ => "open",
        };
        status.AcceptOnlyFromAmong(StatusFilters);
        var json = new Option<bool>("--json") { Description = "One JSON object per incident (JSON Lines)." };
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many incidents.", DefaultValueFactory = _ => 100 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--limit must be at least 1");
            }
        });
        var data = StoreOptions.DataOption();
        var config = ConfigCommand.ConfigOption();
        var command = new Command("incidents", "List stored incidents; show, acknowledge, resolve or mark one as noise.") { status, json, limit, data, config };
        ServerOptions.AddTo(command);
        command.SetAction(parse =>
        {
            using ILogStore? store = StoreOptions.OpenExisting(parse, data, config, stderr);
            if (IncidentStore(store, stderr) is not { } incidents)
            {
                return LogWardenCli.Failure;
            }
            var query = new IncidentQuery { Statuses = Statuses(parse.GetValue(status)!), Limit = parse.GetValue(limit) };
            IReadOnlyList<IncidentRecord> found = incidents.ListIncidents(query);
            if (parse.GetValue(json))
            {
                foreach (IncidentRecord incident in found)
                {
                    stdout.WriteLine(JsonSerializer.Serialize(IncidentJson.Line(incident, withFindings: false), IncidentJson.Output.IncidentLine));
                }
            }
            else if (found.Count == 0)
            {
                stdout.WriteLine($"no {parse.GetValue(status)} incidents");
            }
            else
            {
                IncidentText.WriteTableHeader(stdout);
                foreach (IncidentRecord incident in found)
                {
                    IncidentText.WriteTableRow(stdout, incident);
                }
            }
            stdout.Flush();
            return LogWardenCli.Ok;
        });

        command.Subcommands.Add(Show(stdout, stderr));
        command.Subcommands.Add(Act("ack", "Acknowledge an incident: it stays open but is no longer news.", IncidentStatus.Acknowledged, stdout, stderr));
        command.Subcommands.Add(Act("resolve", "Resolve an incident; the next finding of its kind opens a new one.", IncidentStatus.Resolved, stdout, stderr));
        command.Subcommands.Add(Act("noise", "Mark an incident as noise: the same findings later are recorded as info and not notified.", IncidentStatus.Noise, stdout, stderr));
        return command;
    }

    private static Argument<long> IdArgument() => new("id") { Description = "The incident's id (see `logwarden incidents`)." };

    private static Command Show(TextWriter stdout, TextWriter stderr)
    {
        var id = IdArgument();
        var json = new Option<bool>("--json") { Description = "The incident as one JSON object, with its findings." };
        var data = StoreOptions.DataOption();
        var config = ConfigCommand.ConfigOption();
        var command = new Command("show", "One incident in full: entities, findings, evidence.") { id, json, data, config };
        ServerOptions.AddTo(command);
        command.SetAction(parse =>
        {
            using ILogStore? store = StoreOptions.OpenExisting(parse, data, config, stderr);
            if (IncidentStore(store, stderr) is not { } incidents)
            {
                return LogWardenCli.Failure;
            }
            if (incidents.GetIncident(parse.GetValue(id)) is not { } incident)
            {
                stderr.WriteLine($"logwarden incidents: no incident {parse.GetValue(id)}");
                return LogWardenCli.Failure;
            }
            if (parse.GetValue(json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(IncidentJson.Line(incident, withFindings: true), IncidentJson.Output.IncidentLine));
            }
            else
            {
                IncidentText.WriteDetail(stdout, incident);
            }
            stdout.Flush();
            return LogWardenCli.Ok;
        });
        return command;
    }

    private static Command Act(string name, string description, IncidentStatus target, TextWriter stdout, TextWriter stderr)
    {
        var id = IdArgument();
        var data = StoreOptions.DataOption();
        var config = ConfigCommand.ConfigOption();
        var command = new Command(name, description) { id, data, config };
        ServerOptions.AddTo(command);
        command.SetAction(parse =>
        {
            using ILogStore? store = StoreOptions.OpenExisting(parse, data, config, stderr);
            if (IncidentStore(store, stderr) is not { } incidents)
            {
                return LogWardenCli.Failure;
            }
            long incidentId = parse.GetValue(id);
            try
            {
                if (incidents.TrySetIncidentStatus(incidentId, target, DateTimeOffset.UtcNow, out IncidentRecord? incident))
                {
                    stdout.WriteLine(target == IncidentStatus.Noise
                        ? $"incident {incidentId} marked as noise: {incident!.FindingCount} finding fingerprint(s) will be recorded as info from now on"
                        : $"incident {incidentId} {IncidentNames.Of(target)}");
                    return LogWardenCli.Ok;
                }
                stderr.WriteLine(incident is null
                    ? $"logwarden incidents: no incident {incidentId}"
                    : $"logwarden incidents: incident {incidentId} is already {IncidentNames.Of(incident.Status)}");
                return LogWardenCli.Failure;
            }
            catch (Exception e) when (e is StoreFullException or Microsoft.Data.Sqlite.SqliteException)
            {
                stderr.WriteLine($"logwarden incidents: incident {incidentId} was not changed: {e.Message}");
                return LogWardenCli.Failure;
            }
        });
        return command;
    }

    private static IIncidentStore? IncidentStore(ILogStore? store, TextWriter stderr)
    {
        if (store is null)
        {
            return null;
        }
        if (store is not IIncidentStore incidents)
        {
            stderr.WriteLine("logwarden incidents: this store does not keep incidents");
            return null;
        }
        return incidents;
    }

    private static IReadOnlyList<IncidentStatus> Statuses(string filter) => filter switch
    {
        "open" => [IncidentStatus.Open, IncidentStatus.Acknowledged],
        "acknowledged" => [IncidentStatus.Acknowledged],
        "resolved" => [IncidentStatus.Resolved, IncidentStatus.Noise],
        "noise" => [IncidentStatus.Noise],
        _ => [],
    };
}
