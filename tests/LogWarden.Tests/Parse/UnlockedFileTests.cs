using System.Diagnostics;
using System.Text;
using LogWarden.Parse;

namespace LogWarden.Tests.Parse;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UnlockedFileTests
{
    [Fact]
    public void A_dotnet_program_can_open_its_log_exclusively_while_we_read_it()
    {
        using var dir = new TempDirectory();
        string log = dir.Write("app.log", "first\n");
        using var reader = UnlockedFile.OpenForReading(log);

        // With File.OpenHandle's flock(LOCK_SH) held by us, this open throws "The process cannot access the file".
        using (var writer = new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.None))
        {
            writer.Write("second\n"u8);
        }

        Assert.Equal("first\nsecond\n", ReadAll(reader));
    }

    [Fact]
    public void A_log_held_exclusively_by_a_dotnet_program_can_still_be_read()
    {
        using var dir = new TempDirectory();
        string log = dir.Write("app.log", "");
        using var writer = new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.None);
        writer.Write("written under an exclusive lock\n"u8);
        writer.Flush();

        using var reader = UnlockedFile.OpenForReading(log);
        Assert.Equal("written under an exclusive lock\n", ReadAll(reader));
        using var stream = LogInput.Open(log);
        Assert.Equal("written under an exclusive lock\n", new StreamReader(stream).ReadToEnd());
    }

    [Fact]
    public void Missing_files_directories_and_fifos_get_clear_errors_without_blocking()
    {
        using var dir = new TempDirectory();
        Assert.Throws<FileNotFoundException>(() => UnlockedFile.OpenForReading(Path.Combine(dir.Path, "nowhere.log")));
        Assert.Throws<FileNotFoundException>(() => UnlockedFile.OpenForReading(Path.Combine(dir.Path, "nowhere", "app.log")));
        Directory.CreateDirectory(Path.Combine(dir.Path, "a-directory.log"));
        Assert.Throws<UnauthorizedAccessException>(() => UnlockedFile.OpenForReading(Path.Combine(dir.Path, "a-directory.log")));

        string fifo = Path.Combine(dir.Path, "pipe.log");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // No writer has the FIFO open: a blocking open(2) would never return.
        Assert.Null(UnlockedFile.TryOpenRegular(fifo));
        Assert.Throws<IOException>(() => UnlockedFile.OpenForReading(fifo));
    }

    [Fact]
    public void The_descriptor_is_not_inherited_by_child_processes_and_reads_block_normally()
    {
        using var dir = new TempDirectory();
        string log = dir.Write("app.log", "x\n");
        using var handle = UnlockedFile.OpenForReading(log);
        int descriptor = (int)handle.DangerousGetHandle();

        string flags = File.ReadAllText($"/proc/self/fdinfo/{descriptor}");
        int octal = Convert.ToInt32(flags.Split('\n').Single(l => l.StartsWith("flags:", StringComparison.Ordinal))["flags:".Length..].Trim(), 8);
        Assert.NotEqual(0, octal & 0x80000); // O_CLOEXEC
        Assert.Equal(0, octal & 0x800); // O_NONBLOCK cleared
        Assert.Equal(0, octal & 0x3); // O_RDONLY
    }

    private static string ReadAll(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        var buffer = new byte[4096];
        int read = RandomAccess.Read(handle, buffer, 0);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }
}
