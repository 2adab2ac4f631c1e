using System.CommandLine;
using System.Globalization;
using LogWarden.Alert;
using LogWarden.Config;
using LogWarden.Store;

namespace LogWarden.Cli;

/// <summary>
/// `logwarden silence add MATCHER… [--duration 2h] [--comment TEXT]`, `silence list [--all]`,
/// `silence expire ID`: silences keep matching alerts from being sent (Alertmanager's matcher syntax:
/// severity=warning, host=~web-.*, kind!=disk-full). They work beside a running daemon, which rereads
/// them every 30 s.
/// </summary>
internal static class SilenceCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("silence", "Silence alerts by label matchers for a while; list and expire silences.");
        command.Subcommands.Add(Add(stdout, stderr));
        command.Subcommands.Add(List(stdout, stderr));
        command.Subcommands.Add(Expire(stdout, stderr));
        return command;
    }

    private static Command Add(TextWriter stdout, TextWriter stderr)
    {
        var matchers = new Argument<string[]>("matcher") { Description = "Label matchers that must all hold: name=value, name!=value, name=~regex, name!~regex (labels: severity, kind, host, source, detector, and the incident's entities such as ip, user, unit).", Arity = ArgumentArity.OneOrMore };
        var duration = new Option<string?>("--duration") { Description = "How long, e.g. 30m, 2h, 1d. Default: alerts.silence_duration (2h)." };
        var comment = new Option<string>("--comment") { Description = "Why (shown by `silence list`).", DefaultValueFactory = _ => "" };
        var author = new Option<string>("--author") { Description = "Who. Default: the user name.", DefaultValueFactory = _ => Environment.UserName };
        var data = StoreOptions.DataOption();
        var config = ConfigCommand.ConfigOption();
        var command = new Command("add", "Add a silence.") { matchers, duration, comment, author, data, config };
        ServerOptions.AddTo(command);
        command.SetAction(parse =>
        {
            string[] given = parse.GetValue(matchers) ?? [];
            try
            {
                AlertMatcher.ParseList(given);
            }
            catch (FormatException e)
            {
                stderr.WriteLine("logwarden silence: " + e.Message);
                return LogWardenCli.UsageError;
            }
            LogWardenConfig? loaded = StoreOptions.LoadConfig(parse, config, stderr, out bool ok);
            if (!ok)
            {
                return LogWardenCli.Failure;
            }
            TimeSpan length = (loaded ?? new LogWardenConfig()).Alerts.SilenceDuration;
            if (parse.GetValue(duration) is { } text && (!ConfigLoader.TryParseDuration(text, out length) || length <= TimeSpan.Zero))
            {
                stderr.WriteLine($"logwarden silence: '{text}' is not a duration such as 30m, 2h or 1d");
                return LogWardenCli.UsageError;
            }
            using ILogStore? store = StoreOptions.OpenExisting(parse, data, config, stderr);
            if (Silences(store, stderr) is not { } silences)
            {
                return LogWardenCli.Failure;
            }
            DateTimeOffset now = DateTimeOffset.UtcNow;
            long id = silences.AddSilence(string.Join('\n', given), now, now + length, parse.GetValue(author)!, parse.GetValue(comment)!);
            stdout.WriteLine($"silence {id} until {(now + length).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC: {string.Join(", ", given)}");
            return LogWardenCli.Ok;
        });
        return command;
    }

    private static Command List(TextWriter stdout, TextWriter stderr)
    {
        var all = new Option<bool>("--all") { Description = "Also silences that have ended." };
        var data = StoreOptions.DataOption();
        var config = ConfigCommand.ConfigOption();
        var command = new Command("list", "Active silences (all with --all).") { all, data, config };
        ServerOptions.AddTo(command);
        command.SetAction(parse =>
        {
            using ILogStore? store = StoreOptions.OpenExisting(parse, data, config, stderr);
            if (Silences(store, stderr) is not { } silences)
            {
                return LogWardenCli.Failure;
            }
            DateTimeOffset now = DateTimeOffset.UtcNow;
            IReadOnlyList<AlertSilence> found = silences.ListSilences(parse.GetValue(all) ? null : now);
            if (found.Count == 0)
            {
                stdout.WriteLine("no silences");
                return LogWardenCli.Ok;
            }
            foreach (AlertSilence s in found)
            {
                string state = s.IsActive(now) ? "active" : s.EndsAt <= now ? "ended" : "pending";
                stdout.WriteLine($"{s.Id,5}  {state,-7} until {s.EndsAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC  by {s.CreatedBy}  {s.Matchers.Replace('\n', ' ')}{(s.Comment.Length > 0 ? "  # " + s.Comment : "")}");
            }
            return LogWardenCli.Ok;
        });
        return command;
    }

    private static Command Expire(TextWriter stdout, TextWriter stderr)
    {
        var id = new Argument<long>("id") { Description = "The silence's id (see `logwarden silence list`)." };
        var data = StoreOptions.DataOption();
        var config = ConfigCommand.ConfigOption();
        var command = new Command("expire", "End a silence now.") { id, data, config };
        ServerOptions.AddTo(command);
        command.SetAction(parse =>
        {
            using ILogStore? store = StoreOptions.OpenExisting(parse, data, config, stderr);
            if (Silences(store, stderr) is not { } silences)
            {
                return LogWardenCli.Failure;
            }
            if (silences.ExpireSilence(parse.GetValue(id), DateTimeOffset.UtcNow))
            {
                stdout.WriteLine($"silence {parse.GetValue(id)} expired");
                return LogWardenCli.Ok;
            }
            stderr.WriteLine($"logwarden silence: no active silence {parse.GetValue(id)}");
            return LogWardenCli.Failure;
        });
        return command;
    }

    private static IAlertSilenceStore? Silences(ILogStore? store, TextWriter stderr)
    {
        if (store is null)
        {
            return null;
        }
        if (store is not IAlertSilenceStore silences)
        {
            stderr.WriteLine("logwarden silence: this store keeps no silences");
            return null;
        }
        return silences;
    }
}
