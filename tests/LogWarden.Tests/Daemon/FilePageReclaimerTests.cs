using System.Globalization;
using System.IO.MemoryMappedFiles;
using LogWarden.Daemon;

namespace LogWarden.Tests.Daemon;

public sealed class FilePageReclaimerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("logwarden-pages-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Pages_of_a_read_only_file_mapping_leave_the_resident_set_and_read_back_unchanged()
    {
        string path = Path.Combine(_dir, "code.bin");
        byte[] content = new byte[8 << 20];
        new Random(5).NextBytes(content);
        File.WriteAllBytes(path, content);
        using var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = file.CreateViewAccessor(0, content.Length, MemoryMappedFileAccess.Read);
        long sum = 0;
        for (int offset = 0; offset < content.Length; offset += 4096)
        {
            sum += view.ReadByte(offset); // every page resident, as start-up leaves the binary's
        }
        long before = ResidentKiB(path);

        long advised = FilePageReclaimer.Reclaim();

        long after = ResidentKiB(path);
        Assert.True(before >= 7 * 1024, $"{before} KiB resident before");
        Assert.True(advised >= content.Length, $"{advised} bytes advised");
        Assert.True(after < before / 4, $"{after} KiB of the mapping still resident (was {before})");
        var again = new byte[content.Length];
        view.ReadArray(0, again, 0, again.Length);
        Assert.Equal(content, again);
        Assert.True(sum >= 0);
    }

    [Theory]
    [InlineData("55b736875000-55b737a8d000 r-xp 0003f000 fe:00 11731 /usr/lib/logwarden/logwarden", true)]
    [InlineData("7fb0e2a00000-7fb0e2ac5000 r--p 00000000 fe:00 5 /usr/lib/x86_64-linux-gnu/libcrypto.so.3", true)]
    [InlineData("55b738771000-55b7387f4000 rw-p 01f39000 fe:00 11731 /usr/lib/logwarden/logwarden", false)]
    [InlineData("7fb10bc00000-7fb10c800000 rw-p 00000000 00:00 0 ", false)]
    [InlineData("7ffd1c5f8000-7ffd1c5fa000 r-xp 00000000 00:00 0                          [vdso]", false)]
    [InlineData("7f3a10000000-7f3a10400000 r-xs 00000000 00:01 77 /memfd:doublemapper (deleted)", false)]
    public void Only_read_only_mappings_of_regular_files_are_reclaimed(string line, bool reclaimed)
    {
        Assert.Equal(reclaimed, FilePageReclaimer.TryParseReadOnlyFileMapping(line, out _, out nint length));
        Assert.Equal(reclaimed, length > 0);
    }

    private static long ResidentKiB(string path)
    {
        long rss = 0;
        bool inMapping = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            if (line.Length > 0 && char.IsAsciiHexDigit(line[0]) && line.Contains('-', StringComparison.Ordinal) && line.Contains(' ', StringComparison.Ordinal))
            {
                inMapping = line.EndsWith(path, StringComparison.Ordinal);
            }
            else if (inMapping && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                rss += long.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        return rss;
    }
}
