using LogWarden.Config;

namespace LogWarden.Daemon;

/// <summary>Where the store lives when neither --data nor data_dir says.</summary>
internal static class DataDirectory
{
    public const string SystemDefault = "/var/lib/logwarden";

    /// <summary>--data, else the config's data_dir, else /var/lib/logwarden as root, else the user's data directory.</summary>
    public static string Resolve(string? commandLine, LogWardenConfig? config, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!string.IsNullOrEmpty(commandLine))
        {
            return Path.GetFullPath(commandLine);
        }
        if (!string.IsNullOrEmpty(config?.DataDir))
        {
            return Path.GetFullPath(config.DataDir);
        }
        if (Environment.UserName == "root" || OperatingSystem.IsLinux() && IsRoot())
        {
            return SystemDefault;
        }
        string? xdg = Get(environment, "XDG_DATA_HOME");
        string home = Get(environment, "HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".local", "share") : xdg, "logwarden");
    }

    private static string? Get(IReadOnlyDictionary<string, string>? environment, string name) =>
        environment is not null ? environment.GetValueOrDefault(name) : Environment.GetEnvironmentVariable(name);

    private static bool IsRoot() => File.Exists("/proc/self/status") && File.ReadLines("/proc/self/status")
        .FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal)) is { } uid && uid.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) == "0";
}
