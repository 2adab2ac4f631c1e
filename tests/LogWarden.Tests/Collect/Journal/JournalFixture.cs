using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using LogWarden.Tests.Parse;

namespace LogWarden.Tests.Collect.Journal;

/// <summary>One journal entry to write: its fields in order (a value may hold any bytes).</summary>
internal sealed class ExportEntry
{
    public List<KeyValuePair<string, byte[]>> Fields { get; } = [];

    public ExportEntry Add(string name, string value) => Add(name, Encoding.UTF8.GetBytes(value));

    public ExportEntry Add(string name, byte[] value)
    {
        Fields.Add(new(name, value));
        return this;
    }

    /// <summary>An entry with the fields journald itself would add: realtime (µs), monotonic, boot id, host.</summary>
    public static ExportEntry At(long realtimeSeconds, string message, string host = "web1", string bootId = "0123456789abcdef0123456789abcdef") => new ExportEntry()
        .Add("__REALTIME_TIMESTAMP", (realtimeSeconds * 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Add("__MONOTONIC_TIMESTAMP", (realtimeSeconds % 100_000 * 1000 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Add("_BOOT_ID", bootId)
        .Add("_HOSTNAME", host)
        .Add("MESSAGE", message);
}

/// <summary>
/// Real journal files for tests: entries are written in systemd's journal export format
/// (https://systemd.io/JOURNAL_EXPORT_FORMATS/: "NAME=value\n" for text, "NAME\n" + 64-bit little-endian
/// length + raw bytes + "\n" for values holding control bytes or newlines, a blank line after each entry)
/// and turned into a journal file by systemd-journal-remote, exactly as a remote host's journal would be
/// received. Appending writes into the same journal file, so sequence numbers continue.
/// </summary>
internal sealed class JournalFixture : IDisposable
{
    public const string JournalRemote = "/lib/systemd/systemd-journal-remote";

    private readonly TempDirectory _temp = new();
    private int _exports;

    public JournalFixture()
    {
        if (!File.Exists(JournalRemote))
        {
            throw new InvalidOperationException(
                $"{JournalRemote} is missing: install the Debian package systemd-journal-remote (scripts/test.sh does).");
        }

        Directory = System.IO.Path.Combine(_temp.Path, "journal");
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>The directory holding the journal file (what journalctl --directory reads).</summary>
    public string Directory { get; }

    public string TempPath => _temp.Path;

    public void Append(params ExportEntry[] entries) => AppendTo("remote.journal", entries);

    public void AppendTo(string journalFileName, params ExportEntry[] entries)
    {
        string export = _temp.Write($"batch{++_exports}.export", ToExportFormat(entries));
        var startInfo = new ProcessStartInfo(JournalRemote) { RedirectStandardError = true, RedirectStandardOutput = true };
        startInfo.ArgumentList.Add("--output=" + System.IO.Path.Combine(Directory, journalFileName));
        startInfo.ArgumentList.Add(export);
        using var process = Process.Start(startInfo)!;
        string errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"systemd-journal-remote exited with {process.ExitCode}: {errors}");
        }
    }

    public static byte[] ToExportFormat(IEnumerable<ExportEntry> entries)
    {
        var output = new MemoryStream();
        Span<byte> length = stackalloc byte[8];
        foreach (var entry in entries)
        {
            foreach (var (name, value) in entry.Fields)
            {
                output.Write(Encoding.ASCII.GetBytes(name));
                if (value.Any(b => b < 0x20 && b != (byte)'\t'))
                {
                    output.WriteByte((byte)'\n');
                    BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)value.Length);
                    output.Write(length);
                }
                else
                {
                    output.WriteByte((byte)'=');
                }

                output.Write(value);
                output.WriteByte((byte)'\n');
            }

            output.WriteByte((byte)'\n');
        }

        return output.ToArray();
    }

    public void Dispose() => _temp.Dispose();
}
