using LogWarden.Store.Embedded;
using LogWarden.Tests.Cli;
using LogWarden.Tests.Parse;
using LogWarden.Tests.Store;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Ops;

public sealed class BackupCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string At(string name) => Path.Join(_dir.Path, name);

    /// <summary>A populated store in data/, closed, and its backup in the file b.</summary>
    private string BackedUpStore()
    {
        string data = At("data");
        using (var store = EmbeddedStore.Open(data, StoreTestData.SmallBlocks()))
        {
            PopulatedStore.Fill(store);
        }
        Assert.Equal(0, CliRunner.Run("backup", "--data", data, "--out", At("b")).Exit);
        return data;
    }

    [Fact]
    public void A_backup_taken_while_the_store_is_open_for_writing_restores_every_line_incident_and_checkpoint()
    {
        string data = At("data");
        string backup = At("store.backup");
        List<string> lines;
        SortedDictionary<string, List<string>> rows;
        using (var store = EmbeddedStore.Open(data, StoreTestData.SmallBlocks()))
        {
            PopulatedStore.Fill(store);
            lines = PopulatedStore.Lines(store);
            rows = PopulatedStore.Rows(data);

            // The store stays open as the daemon holds it (writer lock, WAL with unsealed rows).
            var (exit, output, err) = CliRunner.Run("backup", "--data", data, "--out", backup);

            Assert.True(exit == 0, err);
            Assert.Contains($"{lines.Count:N0} lines, 3 incidents, 3 checkpoints", output, StringComparison.Ordinal);
        }

        string restored = At("restored");
        var (restoreExit, restoreOutput, restoreErr) = CliRunner.Run("restore", backup, "--data", restored);

        Assert.True(restoreExit == 0, restoreErr);
        Assert.Contains($"{lines.Count:N0} lines", restoreOutput, StringComparison.Ordinal);
        Assert.Equal(rows, PopulatedStore.Rows(restored));
        using var reopened = EmbeddedStore.Open(restored, StoreTestData.SmallBlocks());
        Assert.Equal(lines, PopulatedStore.Lines(reopened));
        Assert.Equal("s=abc;i=42", reopened.Get("journal", "cursor"));
        Assert.StartsWith("SSH brute force from 203.0.113.7", reopened.GetIncident(1)!.Title, StringComparison.Ordinal);
        Assert.Equal(3, reopened.ListIncidents(new LogWarden.Store.IncidentQuery()).Count);
    }

    [Fact]
    public void Restore_keeps_an_existing_store_unless_forced()
    {
        string data = BackedUpStore();
        string other = At("other");
        using (EmbeddedStore.Open(other, StoreTestData.SmallBlocks()))
        {
        }
        var before = PopulatedStore.Rows(other);

        var (exit, _, err) = CliRunner.Run("restore", At("b"), "--data", other);

        Assert.Equal(1, exit);
        Assert.Contains("already holds a store", err, StringComparison.Ordinal);
        Assert.Equal(before, PopulatedStore.Rows(other));

        Assert.Equal(0, CliRunner.Run("restore", At("b"), "--data", other, "--force").Exit);
        Assert.Equal(PopulatedStore.Rows(data), PopulatedStore.Rows(other));
    }

    [Fact]
    public void Restore_refuses_to_replace_a_store_the_daemon_holds_open()
    {
        string data = BackedUpStore();
        using var running = EmbeddedStore.Open(data, StoreTestData.SmallBlocks());

        var (exit, _, err) = CliRunner.Run("restore", At("b"), "--data", data, "--force");

        Assert.Equal(1, exit);
        Assert.Contains("open for writing", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_rejects_garbage_and_a_truncated_backup_without_touching_the_target()
    {
        string data = BackedUpStore();
        byte[] whole = File.ReadAllBytes(At("b"));
        File.WriteAllBytes(At("truncated"), whole[..(whole.Length / 2)]);
        File.WriteAllBytes(At("garbage"), [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251))]);

        foreach (string bad in new[] { "truncated", "garbage" })
        {
            var (exit, _, err) = CliRunner.Run("restore", At(bad), "--data", At("target-" + bad));
            Assert.Equal(1, exit);
            Assert.Contains("logwarden restore:", err, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Join(At("target-" + bad), EmbeddedStore.DatabaseFileName)));
        }
    }

    [Fact]
    public void Backup_of_a_directory_without_a_store_is_an_error()
    {
        var (exit, _, err) = CliRunner.Run("backup", "--data", At("empty"), "--out", At("b"));
        Assert.Equal(1, exit);
        Assert.Contains("no store in", err, StringComparison.Ordinal);
        Assert.False(File.Exists(At("b")));
    }
}
