using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Respond;
using LogWarden.Store;

namespace LogWarden.Cli;

/// <summary>
/// `logwarden respond --simulate [--since 7d] [--data DIR] [--config F] [--json]`: replays the stored history
/// through the detectors and the config's playbooks (<see cref="ResponseSimulation"/>) and prints what would
/// have been banned, restarted, captured, cleaned or run, and what the allowlist, the budget or the rate
/// limit would have refused — so that an owner sees the false positives before turning a playbook on.
/// Nothing is run and nothing is written; respond.enabled and respond.dry_run do not matter here.
/// </summary>
internal static class RespondCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var simulate = new Option<bool>("--simulate") { Description = "Replay the stored history through the playbooks; run nothing." };
        var since = new Option<string>("--since") { Description = "How much history to replay (e.g. 24h, 7d).", DefaultValueFactory = _ => "7d" };
        var json = new Option<bool>("--json") { Description = "One JSON object: the window replayed and every step with its result, arguments and commands." };
        var data = StoreOptions.DataOption();
        var config = ConfigCommand.ConfigOption();
        var command = new Command("respond", "What the responder's playbooks would have done over the stored history (--simulate).") { simulate, since, json, data, config };
        command.Validators.Add(result =>
        {
            if (!result.GetValue(simulate))
            {
                result.AddError("respond: only --simulate is offered here (the daemon responds when respond.enabled is true)");
            }
            if (result.GetValue(since) is { } text && !(ConfigLoader.TryParseDuration(text, out TimeSpan span) && span > TimeSpan.Zero))
            {
                result.AddError($"--since: '{text}' is not a duration (e.g. 24h, 7d)");
            }
        });
        command.SetAction((parse, cancellationToken) => Task.FromResult(Simulate(parse, since, json, data, config, stdout, stderr, cancellationToken)));
        return command;
    }

    private static int Simulate(ParseResult parse, Option<string> since, Option<bool> json, Option<string?> data, Option<string?> config, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        LogWardenConfig loaded = StoreOptions.LoadConfig(parse, config, stderr, out bool ok) ?? new LogWardenConfig();
        if (!ok)
        {
            return LogWardenCli.Failure;
        }
        if (loaded.Respond.Playbooks.Count == 0)
        {
            stderr.WriteLine("logwarden respond: the config has no playbooks (respond.playbooks) to simulate");
            return LogWardenCli.Failure;
        }
        DetectOptions detect;
        try
        {
            detect = loaded.Detect.ToOptions();
        }
        catch (ConfigException e)
        {
            e.WriteErrors(stderr);
            return LogWardenCli.Failure;
        }
        // The baselines learn from the first replayed line, as a new daemon would, instead of reporting its first hours.
        detect = detect with { Baselines = detect.Baselines with { LearnFromFirstLine = true } };
        using ILogStore? store = StoreOptions.OpenExisting(parse, data, config, stderr);
        if (store is null)
        {
            return LogWardenCli.Failure;
        }
        TimeSpan window = ConfigLoader.TryParseDuration(parse.GetValue(since) ?? "", out TimeSpan span) ? span : TimeSpan.FromDays(7);
        SimulationResult result = ResponseSimulation.Run(
            store, loaded.Respond, DetectorCatalog.Create(detect), DateTimeOffset.UtcNow - window, BanAllowlist.ForThisHost(loaded.Respond.AdminCidrs), cancellationToken);
        if (parse.GetValue(json))
        {
            WriteJson(stdout, result);
        }
        else
        {
            WriteText(stdout, result);
        }
        return LogWardenCli.Ok;
    }

    /// <summary>How a simulated step reads: what ran in the replay is what would have run.</summary>
    private static string Outcome(string result) => result == ResponseResults.Ok ? "would run" : result;

    private static void WriteText(TextWriter stdout, SimulationResult result)
    {
        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine(result.First is { } first && result.Last is { } last
            ? string.Create(c, $"replayed {result.Lines:N0} lines from {first.UtcDateTime:yyyy-MM-dd HH:mm:ss} to {last.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC: {result.Incidents:N0} incident(s), {result.Steps.Count:N0} playbook step(s); nothing was run")
            : "no stored lines in the window; nothing to simulate");
        foreach (ResponseActionRecord step in result.Steps)
        {
            string[] args = step.Arguments.Split('\n');
            stdout.WriteLine(string.Create(c,
                $"{step.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {step.Action,-19} {Outcome(step.Result),-9}  {args[0]}  [{step.Playbook}: {Title(result, step.IncidentId)}]"));
            if (step.Result == ResponseResults.Refused || step.Output == "already banned")
            {
                stdout.WriteLine("    " + step.Output.Split('\n')[0]);
            }
        }
        var ok = result.Steps.Where(s => s.Result == ResponseResults.Ok && s.Output != "already banned").ToList();
        var refused = result.Steps.Where(s => s.Result == ResponseResults.Refused).ToList();
        int bans = ok.Count(s => s.Action == "ban");
        int networks = ok.Where(s => s.Action == "ban").Select(s => s.Arguments.Split(' ')[0]).Distinct(StringComparer.Ordinal).Count();
        int repeats = ok.Count(s => s.Action == "ban" && s.Arguments.Contains(" repeat=", StringComparison.Ordinal));
        stdout.WriteLine(string.Create(c,
            $"would ban {networks} network(s) ({bans} ban(s), {repeats} longer as repeat offenders), restart {Count(ok, "restart-unit")}, capture {Count(ok, "capture-diagnostics")}, "
            + $"vacuum {Count(ok, "vacuum-journal")}, clean {Count(ok, "clean-temp")}, run {Count(ok, "run-script")} script(s), notify {Count(ok, "notify")}"));
        stdout.WriteLine(string.Create(c,
            $"refused {refused.Count}: allowlist {refused.Count(s => IsAllowlist(s.Output))}, restart budget {refused.Count(s => s.Output.StartsWith("restart budget", StringComparison.Ordinal))}, "
            + $"rate limit {refused.Count(s => s.Output.StartsWith("rate limit", StringComparison.Ordinal))}, invalid values {refused.Count(s => !IsAllowlist(s.Output) && !s.Output.StartsWith("restart budget", StringComparison.Ordinal) && !s.Output.StartsWith("rate limit", StringComparison.Ordinal))}"));
    }

    private static bool IsAllowlist(string refusal) =>
        refusal.StartsWith("overlaps the allowlisted", StringComparison.Ordinal) || refusal.Contains("this host's own address", StringComparison.Ordinal);

    private static int Count(List<ResponseActionRecord> steps, string action) => steps.Count(s => s.Action == action);

    private static string Title(SimulationResult result, long incident) => result.Titles.TryGetValue(incident, out string? title) ? title : "incident";

    private static void WriteJson(TextWriter stdout, SimulationResult result)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("lines", result.Lines);
            w.WriteString("from", result.First?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("to", result.Last?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            w.WriteNumber("incidents", result.Incidents);
            w.WriteStartArray("steps");
            foreach (ResponseActionRecord step in result.Steps)
            {
                string[] args = step.Arguments.Split('\n');
                w.WriteStartObject();
                w.WriteString("at", step.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                w.WriteString("incident", Title(result, step.IncidentId));
                w.WriteString("playbook", step.Playbook);
                w.WriteString("action", step.Action);
                w.WriteString("result", step.Result == ResponseResults.Ok ? "would-run" : step.Result);
                w.WriteString("arguments", args[0]);
                w.WriteStartArray("commands");
                foreach (string command in args.Skip(1))
                {
                    w.WriteStringValue(command);
                }
                w.WriteEndArray();
                w.WriteString("output", step.Output);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
