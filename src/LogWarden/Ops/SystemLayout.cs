using System.Reflection;
using LogWarden.Respond;

namespace LogWarden.Ops;

/// <summary>
/// Where LogWarden lives on a machine installed by `logwarden install`, under a root directory ("/" for
/// this machine; a temporary root in tests and for image builders). The .deb uses the same paths except
/// the binary (/usr/bin) and the unit (/lib/systemd/system), as Debian policy puts packaged files there.
/// </summary>
internal sealed class SystemLayout(string root)
{
    public const string UserName = "logwarden";
    /// <summary>The command: a link to the program in <see cref="ProgramDirectory"/>.</summary>
    public const string BinaryPath = "/usr/local/bin/logwarden";

    /// <summary>The program and the native libraries it loads from its own directory (SQLite's libe_sqlite3.so).</summary>
    public const string ProgramDirectory = "/usr/local/lib/logwarden";
    public const string ConfigDirectory = "/etc/logwarden";
    public const string ConfigFile = "/etc/logwarden/logwarden.yaml";
    public const string RulesDirectory = "/etc/logwarden/rules.d";
    public const string DataDirectory = Daemon.DataDirectory.SystemDefault;
    public const string UnitFile = "/etc/systemd/system/logwarden.service";
    public const string UnitName = "logwarden.service";

    /// <summary>Groups whose members may read the logs: the journal's, and Debian's for /var/log's files.</summary>
    public static readonly string[] LogReaderGroups = ["systemd-journal", "adm"];

    private static readonly string[] ToolDirectories = ["/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    public string Root { get; } = Path.GetFullPath(root);

    public bool IsThisMachine => Root == "/";

    /// <summary>An absolute path of the installed system as seen from here.</summary>
    public string At(string absolute) => IsThisMachine ? absolute : Path.Join(Root, absolute);

    /// <summary>systemd manages services here (not in a container, a chroot or a temporary root).</summary>
    public bool SystemdRuns => IsThisMachine && Directory.Exists("/run/systemd/system");

    /// <summary>The unit as shipped in dist/logwarden.service, with ExecStart naming <paramref name="binary"/>.</summary>
    public static string Unit(string binary) =>
        ShippedFile("logwarden.service").Replace("/usr/bin/logwarden ", binary + " ", StringComparison.Ordinal);

    /// <summary>The commented default configuration (dist/logwarden.yaml).</summary>
    public static string DefaultConfig() => ShippedFile("logwarden.yaml");

    private static string ShippedFile(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("dist/" + name)
            ?? throw new InvalidOperationException($"dist/{name} is not embedded in this build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The user's passwd entry in this root, or null.</summary>
    public (int Uid, int Gid)? FindUser(string name)
    {
        string passwd = At("/etc/passwd");
        if (!File.Exists(passwd))
        {
            return null;
        }
        foreach (string line in File.ReadLines(passwd))
        {
            string[] f = line.Split(':');
            if (f.Length >= 4 && f[0] == name && int.TryParse(f[2], out int uid) && int.TryParse(f[3], out int gid))
            {
                return (uid, gid);
            }
        }
        return null;
    }

    /// <summary>The group's members in this root, or null when the group does not exist.</summary>
    public string[]? GroupMembers(string group)
    {
        string groups = At("/etc/group");
        if (!File.Exists(groups))
        {
            return null;
        }
        foreach (string line in File.ReadLines(groups))
        {
            string[] f = line.Split(':');
            if (f.Length >= 4 && f[0] == group)
            {
                return f[3].Split(',', StringSplitOptions.RemoveEmptyEntries);
            }
        }
        return null;
    }

    /// <summary>Runs a system tool (found in the usual sbin/bin directories); a failure is an <see cref="OpsException"/>.</summary>
    public static string RunTool(string tool, params string[] arguments)
    {
        string executable = ToolDirectories
            .Select(d => Path.Join(d, tool)).FirstOrDefault(File.Exists)
            ?? throw new OpsException($"{tool} is not installed");
        var command = new ExternalCommand(executable, arguments);
        CommandResult result = new ProcessCommandRunner().RunAsync(command, TimeSpan.FromMinutes(2), CancellationToken.None).GetAwaiter().GetResult();
        if (!result.Succeeded)
        {
            throw new OpsException($"`{command}` failed ({result.ExitCode}): {result.Output.Trim()}");
        }
        return result.Output;
    }

    /// <summary>Whether a tool exits 0 (systemctl is-active and the like).</summary>
    public static bool ToolSucceeds(string tool, params string[] arguments)
    {
        try
        {
            RunTool(tool, arguments);
            return true;
        }
        catch (OpsException)
        {
            return false;
        }
    }
}
