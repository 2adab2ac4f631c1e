using LogWarden.Config;

namespace LogWarden.Daemon;

/// <summary>What the machine offers, asked through a small seam so tests can describe any machine.</summary>
internal interface IMachineProbe
{
    bool FileExists(string path);

    bool DirectoryExists(string path);

    /// <summary>True when an executable of that name is on PATH.</summary>
    bool CommandExists(string name);
}

internal sealed class LocalMachine : IMachineProbe
{
    public static LocalMachine Instance { get; } = new();

    public bool FileExists(string path) => File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public bool CommandExists(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, name)));
}

/// <summary>The sources the daemon will run: configured ones, plus the usual ones of this machine.</summary>
internal sealed record EffectiveSources(
    IReadOnlyList<FileSourceConfig> Files,
    bool Journal,
    bool Docker,
    IReadOnlyList<string> Notes);

/// <summary>
/// With no configuration at all the daemon still watches the machine: the system log files of
/// Debian/Ubuntu (auth.log, syslog, kern.log) and RHEL (messages, secure), nginx and Apache logs, the
/// journal and Docker's containers, whichever exist. Where rsyslog already writes the journal's messages to
/// files, reading both would store every line twice, so the journal is then left to an explicit
/// <c>journal: {enabled: true}</c>.
/// </summary>
internal static class SourceDiscovery
{
    private static readonly string[] SystemLogs =
        ["/var/log/auth.log", "/var/log/syslog", "/var/log/kern.log", "/var/log/messages", "/var/log/secure", "/var/log/mail.log", "/var/log/maillog"];

    private static readonly (string Directory, string Glob, string App)[] WebLogs =
    [
        ("/var/log/nginx", "/var/log/nginx/*.log", "nginx"),
        ("/var/log/apache2", "/var/log/apache2/*.log", "apache"),
        ("/var/log/httpd", "/var/log/httpd/*log", "apache"),
    ];

    public static EffectiveSources Resolve(SourcesConfig config, IMachineProbe machine)
    {
        var files = new List<FileSourceConfig>(config.Files);
        var notes = new List<string>();
        bool rsyslogFiles = machine.FileExists("/var/log/syslog") || machine.FileExists("/var/log/messages");
        if (config.Discover)
        {
            var configured = config.Files.SelectMany(f => f.Paths).ToHashSet(StringComparer.Ordinal);
            var system = SystemLogs.Where(p => machine.FileExists(p) && !configured.Contains(p)).ToList();
            if (system.Count > 0)
            {
                files.Add(new FileSourceConfig { Paths = system });
                notes.Add("discovered system logs: " + string.Join(", ", system));
            }
            foreach (var (directory, glob, app) in WebLogs)
            {
                if (machine.DirectoryExists(directory) && !configured.Contains(glob))
                {
                    files.Add(new FileSourceConfig { Paths = [glob], Labels = new Dictionary<string, string> { ["app"] = app } });
                    notes.Add($"discovered {app} logs: {glob}");
                }
            }
        }
        bool journal = config.Journal.Enabled ?? (config.Discover && machine.CommandExists("journalctl") && (!rsyslogFiles || config.Journal.Directory is not null));
        if (config.Journal.Enabled is null && config.Discover && rsyslogFiles && machine.CommandExists("journalctl"))
        {
            notes.Add("journal not read: rsyslog already writes it to /var/log (set sources.journal.enabled: true to read it too)");
        }
        bool docker = config.Docker.Enabled ?? (config.Discover && machine.DirectoryExists(config.Docker.Root));
        if (docker && config.Docker.Enabled is null)
        {
            notes.Add("discovered Docker containers: " + config.Docker.Root);
        }
        return new EffectiveSources(files, journal, docker, notes);
    }
}
