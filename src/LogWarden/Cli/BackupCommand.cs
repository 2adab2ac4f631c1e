using System.CommandLine;
using LogWarden.Daemon;
using LogWarden.Ops;

namespace LogWarden.Cli;

/// <summary>
/// `logwarden backup --out FILE [--data DIR]` (online: the daemon may keep running) and
/// `logwarden restore FILE [--data DIR] [--force]` (with the daemon stopped). See <see cref="StoreBackup"/>.
/// </summary>
internal static class BackupCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = ConfigCommand.ConfigOption();
        var data = StoreOptions.DataOption();
        var output = new Option<string>("--out", "-o") { Description = "The backup file to write (a zstd-compressed tar).", Required = true };
        var command = new Command("backup", "Copy the store (lines, templates, checkpoints, incidents, alerts, bans) to one file, consistently, while the daemon runs.")
        {
            config, data, output,
        };
        command.SetAction(parse =>
        {
            if (DataDirectoryOf(parse, config, data, stderr) is not { } dir)
            {
                return LogWardenCli.Failure;
            }
            string file = Path.GetFullPath(parse.GetValue(output)!);
            return Guarded("backup", stderr, () =>
            {
                StoreBackup.Summary s = StoreBackup.Create(dir, file, TimeProvider.System);
                stdout.WriteLine($"backed up {dir} to {file}: {Describe(s)}; {new FileInfo(file).Length:N0} bytes");
            });
        });
        return command;
    }

    public static Command CreateRestore(TextWriter stdout, TextWriter stderr)
    {
        var config = ConfigCommand.ConfigOption();
        var data = StoreOptions.DataOption();
        var file = new Argument<string>("FILE") { Description = "A file written by `logwarden backup`." };
        var force = new Option<bool>("--force") { Description = "Replace the store already in the data directory." };
        var command = new Command("restore", "Restore a backup into the data directory (stop the daemon first; an existing store is kept unless --force).")
        {
            file, config, data, force,
        };
        command.SetAction(parse =>
        {
            if (DataDirectoryOf(parse, config, data, stderr) is not { } dir)
            {
                return LogWardenCli.Failure;
            }
            string backup = Path.GetFullPath(parse.GetValue(file)!);
            return Guarded("restore", stderr, () =>
            {
                StoreBackup.Summary s = StoreBackup.Restore(backup, dir, parse.GetValue(force));
                stdout.WriteLine($"restored {backup} into {dir}: {Describe(s)}");
                if (s.SchemaVersion < Store.Embedded.SchemaMigrations.LatestVersion)
                {
                    stdout.WriteLine($"the backup's schema is version {s.SchemaVersion}: the daemon upgrades it to {Store.Embedded.SchemaMigrations.LatestVersion} when it opens the store");
                }
            });
        });
        return command;
    }

    /// <summary>--data, else the configuration's data directory; null (after saying why) when the configuration is broken.</summary>
    private static string? DataDirectoryOf(ParseResult parse, Option<string?> config, Option<string?> data, TextWriter stderr)
    {
        var loaded = StoreOptions.LoadConfig(parse, config, stderr, out bool ok);
        return ok ? DataDirectory.Resolve(parse.GetValue(data), loaded) : null;
    }

    private static string Describe(StoreBackup.Summary s) =>
        $"{s.Lines:N0} lines, {s.Incidents:N0} incidents, {s.Checkpoints:N0} checkpoints, schema {s.SchemaVersion}";

    private static int Guarded(string verb, TextWriter stderr, Action action)
    {
        try
        {
            action();
            return LogWardenCli.Ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or Microsoft.Data.Sqlite.SqliteException)
        {
            stderr.WriteLine($"logwarden {verb}: {e.Message}");
            return LogWardenCli.Failure;
        }
    }
}
