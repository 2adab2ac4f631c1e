using System.CommandLine;
using LogWarden.Config;
using LogWarden.Daemon;
using LogWarden.Ops;

namespace LogWarden.Cli;

/// <summary>
/// `logwarden doctor [--config FILE] [--data DIR] [--user NAME]`: checks what the daemon needs (see
/// <see cref="Doctor"/>), prints each finding with what to do, and exits 1 when something would stop it working.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = ConfigCommand.ConfigOption();
        var data = StoreOptions.DataOption();
        var user = new Option<string?>("--user")
        {
            Description = $"Judge file access as this user. Default: {SystemLayout.UserName} (with the unit's groups) when it exists and doctor runs as root, else whoever runs doctor.",
        };
        var command = new Command("doctor", "Check permissions on the sources, the sources found, disk, clock, notifier reachability, the LLM and the web listener; print what to fix.")
        {
            config, data, user,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            LogWardenConfig? loaded = StoreOptions.LoadConfig(parse, config, stderr, out bool ok);
            if (!ok)
            {
                stderr.WriteLine("logwarden doctor: fix the configuration first (`logwarden config check`)");
                return LogWardenCli.Failure;
            }
            loaded ??= new LogWardenConfig();
            LogReader? reader = Reader(parse.GetValue(user));
            if (reader is null)
            {
                stderr.WriteLine($"logwarden doctor: no user {parse.GetValue(user)} on this machine");
                return LogWardenCli.Failure;
            }
            string dir = DataDirectory.Resolve(parse.GetValue(data), loaded);
            stdout.WriteLine($"logwarden doctor: access judged as {reader.Name}, data in {dir}");
            List<DoctorCheck> checks = await Doctor.RunAsync(loaded, new DoctorOptions { DataDirectory = dir, Reader = reader }, cancellationToken).ConfigureAwait(false);
            foreach (DoctorCheck check in checks)
            {
                string level = check.Level switch { DoctorLevel.Ok => "ok     ", DoctorLevel.Warning => "WARN   ", _ => "ERROR  " };
                stdout.WriteLine($"  {level}{check.Area,-8} {check.Finding}");
                if (check.Level != DoctorLevel.Ok && check.Fix is not null)
                {
                    stdout.WriteLine($"         {"",-8} fix: {check.Fix}");
                }
            }
            int errors = checks.Count(c => c.Level == DoctorLevel.Error);
            int warnings = checks.Count(c => c.Level == DoctorLevel.Warning);
            stdout.WriteLine($"{errors} error(s), {warnings} warning(s)");
            return errors > 0 ? LogWardenCli.Failure : LogWardenCli.Ok;
        });
        return command;
    }

    private static LogReader? Reader(string? user)
    {
        if (user is not null)
        {
            return LogReader.ForUser(user, user == SystemLayout.UserName ? SystemLayout.LogReaderGroups : []);
        }
        LogReader self = LogReader.ForThisProcess();
        return self.IsRoot ? LogReader.ForUser(SystemLayout.UserName, SystemLayout.LogReaderGroups) ?? self : self;
    }
}
