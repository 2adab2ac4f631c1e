using System.CommandLine;

namespace LogWarden.Cli;

/// <summary>The command line: one sub-command per job, `--help` everywhere, exit 2 on a usage error.</summary>
internal static class LogWardenCli
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null, TextReader? stdin = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var root = new RootCommand("LogWarden: watches a server's logs, learns what normal looks like and says when something is not.");
        root.Subcommands.Add(MineCommand.Create(stdout, stderr));
        root.Subcommands.Add(TemplatesCommand.Create(stdout, stderr));
        root.Subcommands.Add(ConfigCommand.Create(stdout, stderr));
        root.Subcommands.Add(RunCommand.Create(stdout, stderr));
        root.Subcommands.Add(ImportCommand.Create(stdout, stderr));
        root.Subcommands.Add(SearchCommand.Create(stdout, stderr));
        root.Subcommands.Add(StatsCommand.Create(stdout, stderr));
        root.Subcommands.Add(EventsCommand.Create(stdout, stderr));
        root.Subcommands.Add(AnalyzeCommand.Create(stdout, stderr));
        root.Subcommands.Add(IncidentsCommand.Create(stdout, stderr));
        root.Subcommands.Add(RulesCommand.Create(stdout, stderr));
        root.Subcommands.Add(ExplainCommand.Create(stdout, stderr));
        root.Subcommands.Add(ReportCommand.Create(stdout, stderr));
        root.Subcommands.Add(AlertsCommand.Create(stdout, stderr));
        root.Subcommands.Add(SilenceCommand.Create(stdout, stderr));
        root.Subcommands.Add(WebCommand.Create(stdin ?? Console.In, stdout, stderr));
        root.Subcommands.Add(ActionsCommand.Create(stdout, stderr));
        root.Subcommands.Add(BansCommand.Create(stdout, stderr));
        root.Subcommands.Add(RespondCommand.Create(stdout, stderr));
        root.Subcommands.Add(InstallCommand.Create(stdout, stderr));
        root.Subcommands.Add(InstallCommand.CreateUninstall(stdout));
        root.Subcommands.Add(BackupCommand.Create(stdout, stderr));
        root.Subcommands.Add(BackupCommand.CreateRestore(stdout, stderr));
        root.Subcommands.Add(DoctorCommand.Create(stdout, stderr));

        ParseResult parsed = root.Parse(args);
        // Exceptions are handled below: System.CommandLine's handler would print a daemon's refusal as a stack trace.
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        bool wantsHelp = parsed.Tokens.Any(t => t.Value is "--help" or "-h" or "-?");
        if (parsed.Errors.Count > 0 && !wantsHelp)
        {
            foreach (var error in parsed.Errors)
            {
                stderr.WriteLine("logwarden: " + error.Message);
            }
            stderr.WriteLine("Try 'logwarden --help'.");
            return UsageError;
        }
        try
        {
            return parsed.Invoke(invocation);
        }
        catch (DaemonApiException e)
        {
            // A command asking a daemon (--server) that is down, refuses or answers oddly: one clear line, no stack trace.
            stderr.WriteLine("logwarden: " + e.Message);
            return Failure;
        }
#pragma warning disable CA1031 // what the default handler did: a bug is reported with its trace, exit 1
        catch (Exception e)
#pragma warning restore CA1031
        {
            stderr.WriteLine("Unhandled exception: " + e);
            return Failure;
        }
    }
}
