using System.CommandLine;
using LogWarden.Config;
using LogWarden.Daemon;
using LogWarden.Store;

namespace LogWarden.Cli;

/// <summary>The --data option every store command takes, and opening the store it names.</summary>
internal static class StoreOptions
{
    public static Option<string?> DataOption() => new("--data", "-d")
    {
        Description = $"Data directory of the store. Default: the daemon's (data_dir in the config; {DataDirectory.SystemDefault} as root, else ~/.local/share/logwarden).",
    };

    /// <summary>
    /// Opens the store for reading — or, when the command was given --server (see <see cref="ServerOptions"/>), the
    /// running daemon's store through its REST API; null (after saying why on stderr) when it cannot.
    /// </summary>
    public static ILogStore? OpenExisting(ParseResult parse, Option<string?> data, Option<string?> config, TextWriter stderr)
    {
        if (!ServerOptions.TryResolve(parse, parse.GetValue(data) is not null, stderr, out DaemonEndpoint? daemon))
        {
            return null;
        }
        if (daemon is not null)
        {
            return DaemonApiStore.Open(daemon);
        }
        LogWardenConfig? loaded = LoadConfig(parse, config, stderr, out bool ok);
        if (!ok)
        {
            return null;
        }
        string dir = DataDirectory.Resolve(parse.GetValue(data), loaded);
        if (!Directory.Exists(dir))
        {
            stderr.WriteLine($"logwarden: no store at {dir} (start the daemon or `logwarden import` first, or give --data)");
            return null;
        }
        // Read-only: the daemon may be writing (the store allows one writer and any number of readers).
        return Open(dir, loaded ?? new LogWardenConfig(), stderr, readOnly: true);
    }

    /// <summary>Opens or creates the store in <paramref name="dir"/>; null (after saying why) when it cannot.</summary>
    public static ILogStore? Open(string dir, LogWardenConfig config, TextWriter stderr, bool readOnly = false)
    {
        try
        {
            return StoreFactory.Open(dir, config.Store, readOnly);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or Microsoft.Data.Sqlite.SqliteException)
        {
            stderr.WriteLine($"logwarden: cannot open the store at {dir}: {e.Message}");
            return null;
        }
    }

    public static LogWardenConfig? LoadConfig(ParseResult parse, Option<string?> config, TextWriter stderr, out bool ok)
    {
        ok = true;
        try
        {
            return ConfigCommand.Load(parse.GetValue(config));
        }
        catch (ConfigException e)
        {
            foreach (ConfigError error in e.Errors)
            {
                stderr.WriteLine(error);
            }
            ok = false;
            return null;
        }
    }
}
