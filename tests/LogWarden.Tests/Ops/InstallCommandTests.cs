using System.Diagnostics;
using LogWarden.Ops;
using LogWarden.Tests.Cli;

namespace LogWarden.Tests.Ops;

/// <summary>
/// `logwarden install` / `uninstall` against a temporary root with its own /etc/passwd and /etc/group: the
/// real useradd/usermod/userdel (their --prefix) and systemctl --root do the work, as on a machine.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class InstallCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("logwarden-install-").FullName;
    private readonly string _binary;

    public InstallCommandTests()
    {
        Directory.CreateDirectory(Path.Join(_root, "etc"));
        File.WriteAllText(Path.Join(_root, "etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        File.WriteAllText(Path.Join(_root, "etc/shadow"), "root:*:20000:0:99999:7:::\n");
        File.WriteAllText(Path.Join(_root, "etc/group"), "root:x:0:\nadm:x:4:\nsystemd-journal:x:999:\n");
        File.WriteAllText(Path.Join(_root, "etc/gshadow"), "root:*::\nadm:*::\nsystemd-journal:!::\n");
        // A program with a native library beside it, as scripts/publish.sh leaves them.
        Directory.CreateDirectory(Path.Join(_root, "native"));
        _binary = Path.Join(_root, "native", "logwarden");
        File.Copy(Path.Join(AppContext.BaseDirectory, "logwarden"), _binary);
        File.WriteAllText(Path.Join(_root, "native", "libe_sqlite3.so"), "stands for SQLite's shared library");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string At(string path) => Path.Join(_root, path);

    [Fact]
    public void Install_puts_every_part_in_place_and_prints_each_step()
    {
        var (exit, output, err) = CliRunner.Run("install", "--root", _root, "--binary", _binary);
        Assert.True(exit == 0, output + err);

        string program = At(SystemLayout.ProgramDirectory + "/logwarden");
        Assert.Equal(File.ReadAllBytes(_binary), File.ReadAllBytes(program));
        Assert.True(File.GetUnixFileMode(program).HasFlag(UnixFileMode.OtherExecute));
        Assert.Equal("/usr/local/lib/logwarden/logwarden", new FileInfo(At(SystemLayout.BinaryPath)).LinkTarget);
        Assert.Equal(File.ReadAllBytes(At("native/libe_sqlite3.so")), File.ReadAllBytes(At(SystemLayout.ProgramDirectory + "/libe_sqlite3.so")));
        string passwd = File.ReadAllText(At("/etc/passwd"));
        Assert.Matches(@"(?m)^logwarden:x:\d+:\d+:LogWarden daemon:/var/lib/logwarden:/usr/sbin/nologin$", passwd);
        Assert.Matches("(?m)^adm:x:4:logwarden$", File.ReadAllText(At("/etc/group")));
        Assert.Matches("(?m)^systemd-journal:x:999:logwarden$", File.ReadAllText(At("/etc/group")));
        Assert.Equal(SystemLayout.DefaultConfig(), File.ReadAllText(At(SystemLayout.ConfigFile)));
        Assert.True(Directory.Exists(At(SystemLayout.RulesDirectory)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute,
            File.GetUnixFileMode(At(SystemLayout.DataDirectory)));
        (int uid, int gid) = new SystemLayout(_root).FindUser("logwarden")!.Value;
        Assert.Equal($"{uid}:{gid}", Stat(At(SystemLayout.DataDirectory)));
        string unit = File.ReadAllText(At(SystemLayout.UnitFile));
        Assert.Contains("ExecStart=/usr/local/bin/logwarden run --config /etc/logwarden/logwarden.yaml", unit, StringComparison.Ordinal);
        Assert.Equal("/etc/systemd/system/logwarden.service", new FileInfo(At("/etc/systemd/system/multi-user.target.wants/logwarden.service")).LinkTarget);

        foreach (string step in new[] { "install " + _binary, "link /usr/local/bin/logwarden to /usr/local/lib/logwarden/logwarden", "create the system user logwarden", "add logwarden to the group adm",
            "add logwarden to the group systemd-journal", "write the commented default configuration", "create /var/lib/logwarden (750, owned by logwarden)",
            "install the unit", "enable logwarden.service" })
        {
            Assert.Contains("  done   " + step, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Install_run_twice_changes_nothing_the_second_time_and_keeps_an_edited_configuration()
    {
        Assert.Equal(0, CliRunner.Run("install", "--root", _root, "--binary", _binary).Exit);
        File.WriteAllText(At(SystemLayout.ConfigFile), "listen: 127.0.0.1:9999\n");
        string passwd = File.ReadAllText(At("/etc/passwd"));

        var (exit, output, err) = CliRunner.Run("install", "--root", _root, "--binary", _binary);

        Assert.True(exit == 0, output + err);
        Assert.DoesNotContain("  done", output, StringComparison.Ordinal);
        Assert.Equal(11, output.Split('\n').Count(l => l.StartsWith("  ok ", StringComparison.Ordinal)));
        Assert.Equal("listen: 127.0.0.1:9999\n", File.ReadAllText(At(SystemLayout.ConfigFile)));
        Assert.Equal(passwd, File.ReadAllText(At("/etc/passwd")));
    }

    [Fact]
    public void Dry_run_prints_the_steps_and_changes_nothing()
    {
        string[] before = Directory.GetFileSystemEntries(_root, "*", SearchOption.AllDirectories);
        string passwd = File.ReadAllText(At("/etc/passwd"));

        var (exit, output, err) = CliRunner.Run("install", "--root", _root, "--binary", _binary, "--dry-run");

        Assert.True(exit == 0, output + err);
        Assert.Contains("dry run", output, StringComparison.Ordinal);
        Assert.Contains("  would  create the system user logwarden", output, StringComparison.Ordinal);
        Assert.Contains("  would  install the unit /etc/systemd/system/logwarden.service", output, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(_root, "*", SearchOption.AllDirectories));
        Assert.Equal(passwd, File.ReadAllText(At("/etc/passwd")));
    }

    [Fact]
    public void Uninstall_keeps_the_data_and_configuration_and_purge_deletes_them()
    {
        Assert.Equal(0, CliRunner.Run("install", "--root", _root, "--binary", _binary).Exit);
        File.WriteAllText(At("/var/lib/logwarden/logwarden.db"), "the store");

        var (exit, output, _) = CliRunner.Run("uninstall", "--root", _root);

        Assert.Equal(0, exit);
        Assert.False(File.Exists(At(SystemLayout.UnitFile)));
        Assert.False(File.Exists(At(SystemLayout.BinaryPath)));
        Assert.Null(new FileInfo(At(SystemLayout.BinaryPath)).LinkTarget);
        Assert.False(Directory.Exists(At(SystemLayout.ProgramDirectory)));
        Assert.False(new FileInfo(At("/etc/systemd/system/multi-user.target.wants/logwarden.service")).Exists);
        Assert.Equal("the store", File.ReadAllText(At("/var/lib/logwarden/logwarden.db")));
        Assert.True(File.Exists(At(SystemLayout.ConfigFile)));
        Assert.Contains("kept /var/lib/logwarden", output, StringComparison.Ordinal);

        (exit, output, _) = CliRunner.Run("uninstall", "--root", _root, "--purge");

        Assert.Equal(0, exit);
        Assert.Contains("  done   remove /var/lib/logwarden and every line", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(At(SystemLayout.DataDirectory)));
        Assert.False(Directory.Exists(At(SystemLayout.ConfigDirectory)));
        Assert.DoesNotContain("logwarden:", File.ReadAllText(At("/etc/passwd")), StringComparison.Ordinal);
    }

    [Fact]
    public void Install_refuses_a_binary_that_does_not_exist()
    {
        var (exit, _, err) = CliRunner.Run("install", "--root", _root, "--binary", At("nope"));
        Assert.Equal(1, exit);
        Assert.Contains("no binary at", err, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_unit_passes_systemd_analyze_verify()
    {
        // verify also checks that ExecStart's program exists: the unit as installed, pointing at this build's binary.
        string unit = Path.Join(_root, "logwarden.service");
        File.WriteAllText(unit, SystemLayout.Unit(_binary));
        var start = new ProcessStartInfo("systemd-analyze", ["verify", "--man=no", unit]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0 && errors.Length == 0, errors);
        string text = File.ReadAllText(unit);
        foreach (string directive in new[] { "Type=notify", "WatchdogSec=", "User=logwarden", "SupplementaryGroups=systemd-journal adm", "StateDirectory=logwarden",
            "ConfigurationDirectory=logwarden", "ProtectSystem=strict", "PrivateTmp=true", "NoNewPrivileges=true", "ProtectHome=true",
            "CapabilityBoundingSet=CAP_NET_ADMIN\n", "AmbientCapabilities=CAP_NET_ADMIN\n" })
        {
            Assert.Contains(directive, text, StringComparison.Ordinal);
        }
    }

    private static string Stat(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("stat", ["--format", "%u:%g", path]) { RedirectStandardOutput = true })!;
        string text = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return text;
    }
}
