using System.CommandLine;
using System.Globalization;
using LogWarden.Store;

namespace LogWarden.Cli;

/// <summary>`logwarden actions [--incident ID] [--limit N] [--output]`: the responder's audit trail, newest first.</summary>
internal static class ActionsCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var incident = new Option<long?>("--incident") { Description = "Only this incident's actions." };
        var limit = new Option<int>("--limit") { Description = "At most this many.", DefaultValueFactory = _ => 50 };
        var output = new Option<bool>("--output") { Description = "Also print each action's captured output (diagnostics, command output)." };
        var data = StoreOptions.DataOption();
        var config = ConfigCommand.ConfigOption();
        var command = new Command("actions", "What the responder did, would have done (dry-run) or refused, newest first.") { incident, limit, output, data, config };
        ServerOptions.AddTo(command);
        command.SetAction(parse =>
        {
            using ILogStore? store = StoreOptions.OpenExisting(parse, data, config, stderr);
            if (store is not IResponseStore audit)
            {
                return LogWardenCli.Failure;
            }
            IReadOnlyList<ResponseActionRecord> actions = audit.ListActions(parse.GetValue(limit), parse.GetValue(incident));
            if (actions.Count == 0)
            {
                stdout.WriteLine("no actions");
                return LogWardenCli.Ok;
            }
            foreach (ResponseActionRecord a in actions)
            {
                string[] args = a.Arguments.Split('\n');
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{a.Id,5}  {a.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}  incident {a.IncidentId}  {a.Playbook}  {a.Action,-19} {a.Result,-8} {args[0]}  ({a.Duration.TotalMilliseconds:0} ms)"));
                foreach (string line in args.Skip(1))
                {
                    stdout.WriteLine("         $ " + line);
                }
                if (a.Result is "refused" or "failed" || parse.GetValue(output))
                {
                    foreach (string line in a.Output.Split('\n'))
                    {
                        stdout.WriteLine("         " + line);
                    }
                }
            }
            return LogWardenCli.Ok;
        });
        return command;
    }
}
