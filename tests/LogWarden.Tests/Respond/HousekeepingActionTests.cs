using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Respond;
using LogWarden.Tests.Collect.Journal;

namespace LogWarden.Tests.Respond;

/// <summary>clean-temp, vacuum-journal and the diagnostics' directory sizes, on real files, real symlinks and real journal files.</summary>
public sealed class HousekeepingActionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("logwarden-housekeeping-").FullName;

    private string Make(string relative, int bytes = 10, int ageDays = 30)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[bytes]);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddDays(-ageDays));
        return path;
    }

    [Fact]
    public void Clean_temp_deletes_old_files_below_the_directory_and_never_follows_a_symlink_out_of_it()
    {
        string temp = Path.Combine(_root, "tmp");
        string oldFile = Make("tmp/a/old.bin", 100);
        string newFile = Make("tmp/a/new.bin", ageDays: 0);
        string deep = Make("tmp/a/b/c/old.log", 50);
        string outsideFile = Make("outside/precious.db");
        string outsideInDir = Make("outside/dir/precious.conf");
        File.CreateSymbolicLink(Path.Combine(temp, "link-to-file"), outsideFile);
        Directory.CreateSymbolicLink(Path.Combine(temp, "link-to-dir"), Path.Combine(_root, "outside", "dir"));
        Directory.CreateSymbolicLink(Path.Combine(temp, "a", "up"), _root);

        TempCleanResult result = TempCleaner.Clean(temp, DateTimeOffset.UtcNow.AddDays(-7));

        Assert.False(File.Exists(oldFile));
        Assert.False(File.Exists(deep));
        Assert.True(File.Exists(newFile));
        Assert.True(File.Exists(outsideFile));
        Assert.True(File.Exists(outsideInDir));
        Assert.Equal(2, result.Deleted);
        Assert.Equal(150, result.Bytes);
        Assert.Equal(3, result.SkippedLinks);
        Assert.NotNull(new FileInfo(Path.Combine(temp, "link-to-file")).LinkTarget);
    }

    [Fact]
    public void Clean_temp_refuses_a_directory_that_is_itself_a_symlink()
    {
        Make("real/old.bin");
        string link = Path.Combine(_root, "looks-like-tmp");
        Directory.CreateSymbolicLink(link, Path.Combine(_root, "real"));
        Assert.Throws<IOException>(() => TempCleaner.Clean(link, DateTimeOffset.UtcNow));
        Assert.True(File.Exists(Path.Combine(_root, "real", "old.bin")));
    }

    [Fact]
    public async Task Clean_temp_in_a_playbook_cleans_only_configured_directories_whatever_the_incident_names()
    {
        string temp = Path.Combine(_root, "tmp");
        string old = Make("tmp/old.bin");
        string elsewhere = Make("etc/old.conf");
        var config = new RespondConfig
        {
            Enabled = true,
            DryRun = false,
            TempDirs = [temp],
            Playbooks =
            [
                RespondRig.Playbook("kind=disk-full", new PlaybookActionConfig { Type = "clean-temp", OlderThan = TimeSpan.FromDays(1) }),
                RespondRig.Playbook("kind=disk-full", new PlaybookActionConfig { Type = "clean-temp", Directory = Path.Combine(_root, "etc") }) with { Name = "not-configured" },
            ],
        };
        using var rig = new RespondRig(config, new RecordingCommandRunner());
        var steps = await rig.Responder.RespondAsync(
            RespondRig.Incident("disk-full", FindingSeverity.Critical, ("path", "../../etc"), ("path", Path.Combine(_root, "etc"))), CancellationToken.None);

        Assert.Equal(2, steps.Count);
        Assert.Equal(ResponseResults.Ok, steps[0].Result);
        Assert.StartsWith("deleted 1 file(s), 10 bytes", steps[0].Output, StringComparison.Ordinal);
        Assert.Equal(ResponseResults.Refused, steps[1].Result);
        Assert.Equal("not in respond.temp_dirs", steps[1].Output);
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(elsewhere));
    }

    [Fact]
    public async Task Vacuum_journal_runs_journalctl_with_validated_values_and_removes_archived_journal_files()
    {
        using var journal = new JournalFixture();
        journal.Append(ExportEntry.At(1_700_000_000, "the active file"));
        journal.AppendTo("old.journal", ExportEntry.At(1_600_000_000, "an archived file"));
        string archived = Path.Combine(journal.Directory, "remote@0123456789abcdef0123456789abcdef-0000000000000001-0005a8f0f0f0f0f0.journal");
        File.Move(Path.Combine(journal.Directory, "old.journal"), archived);
        var config = new RespondConfig
        {
            Enabled = true,
            DryRun = false,
            JournalDirectory = journal.Directory,
            Playbooks = [RespondRig.Playbook("kind=disk-full", new PlaybookActionConfig { Type = "vacuum-journal", Size = "1K", Age = TimeSpan.FromDays(14) })],
        };
        using var rig = new RespondRig(config, new ProcessCommandRunner());
        var step = Assert.Single(await rig.Responder.RespondAsync(RespondRig.Incident("disk-full", FindingSeverity.Critical), CancellationToken.None));

        Assert.True(step.Result == ResponseResults.Ok, step.Output);
        Assert.Equal($"vacuum-size=1K vacuum-time=1209600s directory={journal.Directory}\n/usr/bin/journalctl --vacuum-size=1K --vacuum-time=1209600s --directory={journal.Directory}", step.Arguments);
        Assert.Contains("Deleted archived journal", step.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(archived));
        Assert.True(File.Exists(Path.Combine(journal.Directory, "remote.journal")));
    }

    [Fact]
    public void Diagnostics_list_the_largest_directories_without_following_symlinks()
    {
        Make("srv/big/a.bin", 300_000);
        Make("srv/big/deeper/b.bin", 200_000);
        Make("srv/small/c.bin", 1000);
        Make("elsewhere/huge.bin", 5_000_000);
        Directory.CreateSymbolicLink(Path.Combine(_root, "srv", "link"), Path.Combine(_root, "elsewhere"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "srv", "loop"), Path.Combine(_root, "srv"));
        string srv = Path.Combine(_root, "srv");

        string[] lines = HostDiagnostics.LargestDirectories([srv]).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal($"largest directories under {srv}:", lines[0]);
        Assert.EndsWith("  " + srv, lines[1], StringComparison.Ordinal);
        Assert.Contains("0.5 MiB", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(Path.Combine(srv, "big"), lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("elsewhere", StringComparison.Ordinal) || l.Contains("link", StringComparison.Ordinal));
        Assert.Contains("(stopped after 2 files)", HostDiagnostics.LargestDirectories([srv], maxEntries: 2), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
