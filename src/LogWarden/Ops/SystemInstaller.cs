namespace LogWarden.Ops;

/// <summary>
/// `logwarden install` and `uninstall` as ordered, idempotent steps (<see cref="OpsPlan"/>): the binary,
/// a system user that may read the logs, the configuration (written once, never overwritten), the data
/// directory, the systemd unit, enabled and started where systemd runs. Uninstall never deletes the data or
/// the configuration unless asked to purge.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class SystemInstaller
{
    public static IEnumerable<OpsStep> Install(SystemLayout layout, string binary, List<string> notes)
    {
        string programDirectory = layout.At(SystemLayout.ProgramDirectory);
        string sourceDirectory = Path.GetDirectoryName(binary)!;
        // The program and the native libraries beside it (SQLitePCLRaw loads libe_sqlite3.so from there).
        foreach (string file in new[] { binary }.Concat(System.IO.Directory.GetFiles(sourceDirectory, "*.so")))
        {
            string name = file == binary ? "logwarden" : Path.GetFileName(file);
            string installed = Path.Join(programDirectory, name);
            yield return new OpsStep(
                $"install {file} as {SystemLayout.ProgramDirectory}/{name}",
                () => SameContent(file, installed),
                () =>
                {
                    System.IO.Directory.CreateDirectory(programDirectory);
                    string partial = installed + ".new";
                    File.Copy(file, partial, overwrite: true);
                    File.SetUnixFileMode(partial, Executable);
                    File.Move(partial, installed, overwrite: true); // a running daemon keeps its old inode
                });
        }
        string link = layout.At(SystemLayout.BinaryPath);
        string target = SystemLayout.ProgramDirectory + "/logwarden";
        yield return new OpsStep(
            $"link {SystemLayout.BinaryPath} to {target}",
            () => new FileInfo(link).LinkTarget == target,
            () =>
            {
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(link)!);
                File.Delete(link);
                File.CreateSymbolicLink(link, target);
            });

        string[] prefix = layout.IsThisMachine ? [] : ["--prefix", layout.Root];
        yield return new OpsStep(
            $"create the system user {SystemLayout.UserName} (home {SystemLayout.DataDirectory}, no login shell)",
            () => layout.FindUser(SystemLayout.UserName) is not null,
            () => SystemLayout.RunTool("useradd", [.. prefix, "--system", "--user-group", "--no-create-home",
                "--home-dir", SystemLayout.DataDirectory, "--shell", "/usr/sbin/nologin", "--comment", "LogWarden daemon", SystemLayout.UserName]));

        foreach (string group in SystemLayout.LogReaderGroups)
        {
            if (layout.GroupMembers(group) is null)
            {
                notes.Add($"group {group} does not exist here: logs readable only by it stay unread");
                continue;
            }
            yield return new OpsStep(
                $"add {SystemLayout.UserName} to the group {group} (read access to the logs)",
                () => layout.GroupMembers(group)?.Contains(SystemLayout.UserName) == true,
                () => SystemLayout.RunTool("usermod", [.. prefix, "--append", "--groups", group, SystemLayout.UserName]));
        }

        yield return Directory(layout, SystemLayout.RulesDirectory, Executable, owned: false);
        string config = layout.At(SystemLayout.ConfigFile);
        yield return new OpsStep(
            $"write the commented default configuration {SystemLayout.ConfigFile} (an existing one is kept)",
            () => File.Exists(config),
            () =>
            {
                File.WriteAllText(config, SystemLayout.DefaultConfig());
                File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            });
        yield return Directory(layout, SystemLayout.DataDirectory, DataMode, owned: true);

        string unit = layout.At(SystemLayout.UnitFile);
        string unitText = SystemLayout.Unit(SystemLayout.BinaryPath);
        yield return new OpsStep(
            $"install the unit {SystemLayout.UnitFile}",
            () => File.Exists(unit) && File.ReadAllText(unit) == unitText,
            () =>
            {
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(unit)!);
                File.WriteAllText(unit, unitText);
            });

        if (layout.SystemdRuns)
        {
            yield return new OpsStep("reload systemd (systemctl daemon-reload)", () => false, () => SystemLayout.RunTool("systemctl", "daemon-reload"));
            yield return new OpsStep(
                $"enable and start {SystemLayout.UnitName} (systemctl enable --now)",
                () => SystemLayout.ToolSucceeds("systemctl", "is-enabled", "--quiet", SystemLayout.UnitName)
                    && SystemLayout.ToolSucceeds("systemctl", "is-active", "--quiet", SystemLayout.UnitName),
                () => SystemLayout.RunTool("systemctl", "enable", "--now", SystemLayout.UnitName));
        }
        else
        {
            yield return new OpsStep(
                $"enable {SystemLayout.UnitName} at boot (systemctl --root {layout.Root} enable)",
                () => File.Exists(WantsLink(layout)) || IsLink(WantsLink(layout)),
                () => SystemLayout.RunTool("systemctl", "--root", layout.Root, "enable", SystemLayout.UnitName));
            notes.Add(layout.IsThisMachine
                ? $"systemd is not running here: start the daemon with `{SystemLayout.BinaryPath} run --config {SystemLayout.ConfigFile}`"
                : $"installed under {layout.Root}: the service starts when that system boots");
        }
    }

    public static IEnumerable<OpsStep> Uninstall(SystemLayout layout, bool purge, List<string> notes)
    {
        if (layout.SystemdRuns)
        {
            yield return new OpsStep(
                $"stop and disable {SystemLayout.UnitName} (systemctl disable --now)",
                () => !SystemLayout.ToolSucceeds("systemctl", "is-enabled", "--quiet", SystemLayout.UnitName)
                    && !SystemLayout.ToolSucceeds("systemctl", "is-active", "--quiet", SystemLayout.UnitName),
                () => SystemLayout.RunTool("systemctl", "disable", "--now", SystemLayout.UnitName));
        }
        else
        {
            yield return new OpsStep(
                $"disable {SystemLayout.UnitName} (systemctl --root {layout.Root} disable)",
                () => !IsLink(WantsLink(layout)),
                () => SystemLayout.RunTool("systemctl", "--root", layout.Root, "disable", SystemLayout.UnitName));
        }
        yield return Removal(layout.At(SystemLayout.UnitFile), SystemLayout.UnitFile);
        if (layout.SystemdRuns)
        {
            yield return new OpsStep("reload systemd (systemctl daemon-reload)", () => false, () => SystemLayout.RunTool("systemctl", "daemon-reload"));
        }
        yield return Removal(layout.At(SystemLayout.BinaryPath), SystemLayout.BinaryPath);
        yield return Removal(layout.At(SystemLayout.ProgramDirectory), SystemLayout.ProgramDirectory);
        if (!purge)
        {
            notes.Add($"kept {SystemLayout.DataDirectory} (the store), {SystemLayout.ConfigDirectory} and the user {SystemLayout.UserName}: `logwarden uninstall --purge` deletes them");
            yield break;
        }
        yield return Removal(layout.At(SystemLayout.DataDirectory), SystemLayout.DataDirectory + " and every line, incident and checkpoint in it");
        yield return Removal(layout.At(SystemLayout.ConfigDirectory), SystemLayout.ConfigDirectory);
        string[] prefix = layout.IsThisMachine ? [] : ["--prefix", layout.Root];
        yield return new OpsStep(
            $"delete the system user {SystemLayout.UserName}",
            () => layout.FindUser(SystemLayout.UserName) is null,
            () => SystemLayout.RunTool("userdel", [.. prefix, SystemLayout.UserName]));
    }

    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>0750: the store holds every log line, some of them secret; only the daemon's user and group read it.</summary>
    private const UnixFileMode DataMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private static OpsStep Directory(SystemLayout layout, string path, UnixFileMode mode, bool owned)
    {
        string at = layout.At(path);
        string owner = owned ? $", owned by {SystemLayout.UserName}" : "";
        return new OpsStep(
            $"create {path} ({Convert.ToString((int)mode, 8)}{owner})",
            () => System.IO.Directory.Exists(at) && File.GetUnixFileMode(at) == mode && (!owned || OwnedBy(at, layout.FindUser(SystemLayout.UserName))),
            () =>
            {
                System.IO.Directory.CreateDirectory(at);
                File.SetUnixFileMode(at, mode);
                if (owned && layout.FindUser(SystemLayout.UserName) is { } user && Environment.IsPrivilegedProcess)
                {
                    SystemLayout.RunTool("chown", $"{user.Uid}:{user.Gid}", at);
                }
            });
    }

    private static bool OwnedBy(string path, (int Uid, int Gid)? user) =>
        user is null || !Environment.IsPrivilegedProcess
        || SystemLayout.RunTool("stat", "--format", "%u:%g", path).Trim() == $"{user.Value.Uid}:{user.Value.Gid}";

    private static OpsStep Removal(string at, string what) => new(
        $"remove {what}",
        () => !File.Exists(at) && !System.IO.Directory.Exists(at) && new FileInfo(at).LinkTarget is null,
        () =>
        {
            if (System.IO.Directory.Exists(at))
            {
                System.IO.Directory.Delete(at, recursive: true);
            }
            else
            {
                File.Delete(at);
            }
        });

    private static string WantsLink(SystemLayout layout) => layout.At("/etc/systemd/system/multi-user.target.wants/" + SystemLayout.UnitName);

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    private static bool SameContent(string a, string b)
    {
        if (!File.Exists(b) || new FileInfo(a).Length != new FileInfo(b).Length)
        {
            return false;
        }
        return File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b));
    }
}
