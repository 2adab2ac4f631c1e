using System.CommandLine;
using LogWarden.Config;
using LogWarden.Daemon;

namespace LogWarden.Cli;

/// <summary>`logwarden config check [--config FILE]`: validates a configuration and shows what the daemon would run.</summary>
internal static class ConfigCommand
{
    public const string DefaultPath = "/etc/logwarden/logwarden.yaml";

    /// <summary>The --config option shared by the commands that read the configuration.</summary>
    public static Option<string?> ConfigOption() => new("--config", "-c")
    {
        Description = $"Configuration file (YAML). Default: {DefaultPath} when it exists; environment variables LOGWARDEN_* and a .env file in the working directory override keys.",
    };

    /// <summary>The file to read: the one given, else the default when it exists, else none.</summary>
    public static string? PathOf(string? given) => given ?? (File.Exists(DefaultPath) ? DefaultPath : null);

    public static LogWardenConfig Load(string? given) =>
        ConfigLoader.Load(PathOf(given), ConfigLoader.Environment(Path.Combine(Environment.CurrentDirectory, ".env")));

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = ConfigOption();
        var check = new Command("check", "Validate the configuration; report every error with its line, and list the sources the daemon would run.") { config };
        check.SetAction(parse =>
        {
            string? path = PathOf(parse.GetValue(config));
            LogWardenConfig loaded;
            try
            {
                loaded = Load(parse.GetValue(config));
            }
            catch (ConfigException e)
            {
                foreach (ConfigError error in e.Errors)
                {
                    stderr.WriteLine(error);
                }
                stderr.WriteLine($"{e.Errors.Count} error(s)");
                return LogWardenCli.Failure;
            }
            EffectiveSources sources = SourceDiscovery.Resolve(loaded.Sources, LocalMachine.Instance);
            stdout.WriteLine(path is null ? "no configuration file: defaults" : $"{path}: ok");
            stdout.WriteLine($"data directory: {DataDirectory.Resolve(null, loaded)}");
            stdout.WriteLine($"listen: {loaded.Listen}");
            foreach (var files in sources.Files)
            {
                stdout.WriteLine($"files: {string.Join(", ", files.Paths)}{(files.Format is null ? "" : $" (format {files.Format})")}");
            }
            stdout.WriteLine($"journal: {(sources.Journal ? "on" : "off")}");
            stdout.WriteLine($"docker: {(sources.Docker ? "on" : "off")}");
            stdout.WriteLine($"syslog: udp {loaded.Sources.Syslog.Udp ?? "off"}, tcp {loaded.Sources.Syslog.Tcp ?? "off"}");
            stdout.WriteLine($"loki push: {(loaded.Sources.LokiPush.Enabled ? "on" : "off")}, host metrics: {(loaded.Sources.HostMetrics.Enabled ? $"every {loaded.Sources.HostMetrics.Interval.TotalSeconds:0}s" : "off")}");
            foreach (string note in sources.Notes)
            {
                stdout.WriteLine("note: " + note);
            }
            return LogWardenCli.Ok;
        });
        return new Command("config", "Work with the configuration.") { check };
    }
}
