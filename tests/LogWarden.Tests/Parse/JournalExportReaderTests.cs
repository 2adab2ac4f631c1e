using System.Diagnostics;
using System.Text;
using LogWarden.Parse;
using LogWarden.Tests.Collect.Journal;

namespace LogWarden.Tests.Parse;

public sealed class JournalExportReaderTests : IDisposable
{
    private readonly JournalFixture _journal = new();

    public void Dispose() => _journal.Dispose();

    /// <summary>What <c>journalctl --directory D -o FORMAT</c> prints for the fixture's journal.</summary>
    internal static byte[] Journalctl(string directory, string format)
    {
        var startInfo = new ProcessStartInfo("journalctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "--directory=" + directory, "-o", format, "--no-pager", "-q" })
        {
            startInfo.ArgumentList.Add(argument);
        }
        using var process = Process.Start(startInfo)!;
        var output = new MemoryStream();
        Task errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        errors.Wait();
        Assert.Equal(0, process.ExitCode);
        return output.ToArray();
    }

    private static List<LogRecord> Read(byte[] export, out JournalExportReader reader)
    {
        reader = new JournalExportReader(new MemoryStream(export), new DecodeContext("journal.export"));
        return [.. reader.ReadRecords()];
    }

    [Fact]
    public void Entries_of_a_real_export_decode_like_journal_json_with_multi_line_messages_whole()
    {
        _journal.Append(
            ExportEntry.At(1_700_000_000, "Failed password for root from 203.0.113.9 port 50122 ssh2")
                .Add("PRIORITY", "5").Add("SYSLOG_IDENTIFIER", "sshd").Add("_PID", "4242").Add("_SYSTEMD_UNIT", "ssh.service"),
            ExportEntry.At(1_700_000_001, "Unhandled exception\n   at Worker.Run()").Add("SYSLOG_IDENTIFIER", "app").Add("_SYSTEMD_UNIT", "app.service"));
        byte[] export = Journalctl(_journal.Directory, "export");
        Assert.True(JournalExportReader.LooksLikeExport(export));

        List<LogRecord> records = Read(export, out JournalExportReader reader);

        Assert.Null(reader.Error);
        Assert.Equal(2, records.Count);
        LogRecord ssh = records[0];
        Assert.Equal("Failed password for root from 203.0.113.9 port 50122 ssh2", ssh.Message);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), ssh.Timestamp);
        Assert.Equal(Severity.Notice, ssh.Level);
        Assert.Equal("web1", ssh.Host);
        Assert.Equal("sshd", ssh.Program);
        Assert.Equal(4242, ssh.Pid);
        Assert.Contains(new KeyValuePair<string, string>("unit", "ssh.service"), ssh.Fields);
        Assert.DoesNotContain(ssh.Fields, f => f.Key.StartsWith("__", StringComparison.Ordinal));
        Assert.Equal("2023-11-14T22:13:20.000000+00:00 web1 sshd[4242]: Failed password for root from 203.0.113.9 port 50122 ssh2", ssh.Raw);
        Assert.Equal("Unhandled exception\n   at Worker.Run()", records[1].Message);
        Assert.Equal(1, records[0].LineNumber);
        Assert.True(records[1].LineNumber > records[0].LineNumber);
    }

    [Fact]
    public void A_damaged_binary_field_ends_the_input_with_an_error_and_keeps_the_entries_before_it()
    {
        byte[] good = JournalFixture.ToExportFormat([ExportEntry.At(1_700_000_000, "first")]);
        byte[] damaged = [.. good, .. "__REALTIME_TIMESTAMP=1700000001000000\nMESSAGE\n"u8, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, .. "x"u8];

        List<LogRecord> records = Read(damaged, out JournalExportReader reader);

        Assert.Equal("first", Assert.Single(records).Message);
        Assert.Contains("binary field", reader.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_export_cut_inside_a_binary_field_keeps_what_was_whole()
    {
        byte[] good = JournalFixture.ToExportFormat([ExportEntry.At(1_700_000_000, "first"), ExportEntry.At(1_700_000_001, "two\nlines")]);
        List<LogRecord> records = Read(good[..^8], out JournalExportReader reader);

        Assert.Equal("first", records[0].Message);
        Assert.NotNull(reader.Error);
        Assert.False(JournalExportReader.LooksLikeExport(Encoding.UTF8.GetBytes("{\"MESSAGE\":\"x\"}")));
    }
}
