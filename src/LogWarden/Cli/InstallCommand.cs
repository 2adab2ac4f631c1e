using System.CommandLine;
using LogWarden.Ops;

namespace LogWarden.Cli;

/// <summary>
/// `logwarden install [--root DIR] [--binary FILE] [--dry-run]` and
/// `logwarden uninstall [--root DIR] [--purge] [--dry-run]`: this binary as a systemd service, every step
/// printed (see <see cref="SystemInstaller"/>). Running either again changes nothing that is already so.
/// </summary>
internal static class InstallCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var root = RootOption();
        var dryRun = DryRunOption();
        var binary = new Option<string?>("--binary") { Description = "The LogWarden binary to install. Default: this one (it must be the single-file build of scripts/publish.sh)." };
        var command = new Command("install", $"Install this binary as a systemd service: {SystemLayout.BinaryPath}, the user {SystemLayout.UserName}, {SystemLayout.ConfigFile}, {SystemLayout.DataDirectory}, the unit; enable and start it.")
        {
            root, dryRun, binary,
        };
        command.SetAction(parse =>
        {
            if (!OperatingSystem.IsLinux())
            {
                stderr.WriteLine("logwarden install: systemd services are for Linux");
                return LogWardenCli.Failure;
            }
            string? source = parse.GetValue(binary) ?? SelfContainedBinary(stderr);
            if (source is null)
            {
                return LogWardenCli.Failure;
            }
            if (!File.Exists(source))
            {
                stderr.WriteLine($"logwarden install: no binary at {source}");
                return LogWardenCli.Failure;
            }
            var layout = new SystemLayout(parse.GetValue(root)!);
            var notes = new List<string>();
            return RunPlan("install", layout, parse.GetValue(dryRun), stdout, SystemInstaller.Install(layout, Path.GetFullPath(source), notes), notes);
        });
        return command;
    }

    public static Command CreateUninstall(TextWriter stdout)
    {
        var root = RootOption();
        var dryRun = DryRunOption();
        var purge = new Option<bool>("--purge") { Description = $"Also delete {SystemLayout.DataDirectory} (every stored line and incident), {SystemLayout.ConfigDirectory} and the user." };
        var command = new Command("uninstall", "Stop and remove the service and the binary; the data and the configuration stay unless --purge.")
        {
            root, dryRun, purge,
        };
        command.SetAction(parse =>
        {
            if (!OperatingSystem.IsLinux())
            {
                return LogWardenCli.Failure;
            }
            var layout = new SystemLayout(parse.GetValue(root)!);
            var notes = new List<string>();
            return RunPlan("uninstall", layout, parse.GetValue(dryRun), stdout, SystemInstaller.Uninstall(layout, parse.GetValue(purge), notes), notes);
        });
        return command;
    }

    private static Option<string> RootOption() => new("--root")
    {
        Description = "Install into the system under this directory instead of this machine's (an image being built, a test).",
        DefaultValueFactory = _ => "/",
    };

    private static Option<bool> DryRunOption() => new("--dry-run", "-n") { Description = "Print the steps without changing anything." };

    /// <summary>Runs a plan; its notes (filled as the lazy plan runs) come after the steps.</summary>
    private static int RunPlan(string verb, SystemLayout layout, bool dryRun, TextWriter stdout, IEnumerable<OpsStep> plan, List<string> notes)
    {
        stdout.WriteLine($"logwarden {verb}{(layout.IsThisMachine ? "" : " under " + layout.Root)}{(dryRun ? " (dry run: nothing is changed)" : "")}:");
        bool ok = OpsPlan.Run(plan, dryRun, stdout);
        foreach (string note in notes)
        {
            stdout.WriteLine("  note   " + note);
        }
        return ok ? LogWardenCli.Ok : LogWardenCli.Failure;
    }

    /// <summary>This process's binary when it is the whole program (NativeAOT or single-file), else null after saying why.</summary>
    private static string? SelfContainedBinary(TextWriter stderr)
    {
        string? self = Environment.ProcessPath;
        if (self is null || Path.GetFileName(self) == "dotnet" || File.Exists(Path.Join(Path.GetDirectoryName(self), "logwarden.dll")))
        {
            stderr.WriteLine("logwarden install: this is the framework-dependent build (logwarden.dll beside it); publish the single binary with scripts/publish.sh and run its `install`, or give --binary FILE");
            return null;
        }
        return self;
    }
}
