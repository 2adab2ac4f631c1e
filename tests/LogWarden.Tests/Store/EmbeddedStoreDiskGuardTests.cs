using System.Diagnostics;
using LogWarden.Collect;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Store;

public sealed class EmbeddedStoreDiskGuardTests
{
    private static readonly StreamLabels Labels = new(("job", "guard"));

    private static List<StoredLine> Batch(SyntheticLogs generator, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => { var (time, _, text) = generator.Next(); return new StoredLine(time, Labels, text, 1, Severity.Info); })];

    [Fact]
    public void A_floor_above_the_free_space_refuses_every_write_and_writes_nothing()
    {
        using var dir = new TempDirectory();
        var generator = new SyntheticLogs(1);
        using (var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks()))
        {
            store.Append(Batch(generator, 100), [], [new Checkpoint("s", "k", "100")]);
        }
        (long free, _) = new DiskSpaceGuard(dir.Path, 0, 0).Measure();
        using var guarded = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks() with { MinFreeBytes = free + (1L << 30) });
        StoreFullException full = Assert.Throws<StoreFullException>(() => guarded.Append(Batch(generator, 10), [], [new Checkpoint("s", "k", "110")]));
        Assert.Contains("free", full.Message, StringComparison.Ordinal);
        Assert.Throws<StoreFullException>(() => guarded.AppendMetrics([new MetricSample(DateTimeOffset.UnixEpoch, "h", "m", StreamLabels.Empty, 1)]));
        Assert.Equal(100, guarded.Search(new SearchQuery { Limit = int.MaxValue }).Count());
        Assert.Equal("100", guarded.Get("s", "k"));
    }

    /// <summary>Lines of random hex that hardly compress, so a small file system fills after a few thousand.</summary>
    private static List<StoredLine> NoiseBatch(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new StoredLine(StoreTestData.Start.AddSeconds(i), Labels,
            string.Join(' ', Enumerable.Range(0, 6).Select(_ => Convert.ToHexString(BitConverter.GetBytes(random.NextInt64())))), 1, Severity.Info))];

    /// <summary>
    /// On a real 8 MiB file system (tmpfs, mounted by the test when it runs as root): appends go on until
    /// the guard's floor, then stop with <see cref="StoreFullException"/> while the floor is still free;
    /// with no floor at all, the disk itself fills and SQLite's "full" becomes the same exception. Either
    /// way every acknowledged line is there after reopening.
    /// </summary>
    [Fact]
    public void On_a_small_real_file_system_the_store_stops_at_the_floor_and_keeps_what_it_accepted()
    {
        using var mount = SmallFileSystem.TryMount(8);
        if (mount is null)
        {
            // Not root (or no mount allowed): the threshold test above is what covers the guard here.
            A_floor_above_the_free_space_refuses_every_write_and_writes_nothing();
            return;
        }
        string data = Path.Combine(mount.Path, "store");
        var random = new Random(2);
        const long Floor = 3L << 20;
        (int accepted, long free) = FillUntilFull(data, random, StoreTestData.SmallBlocks(sealLines: 2000) with { MinFreeBytes = Floor });
        Assert.True(free >= Floor, $"the guard let the disk fill to {free:N0} free bytes");
        Assert.True(accepted > 1000, $"only {accepted} lines fit");
        Assert.True(free < Floor + (2L << 20), $"the guard stopped early, with {free:N0} bytes free");
        AssertHolds(data, accepted);

        // No floor: the file system itself runs out.
        (int more, _) = FillUntilFull(data, random, StoreTestData.SmallBlocks(sealLines: 2000));
        Assert.True(more > accepted);
        AssertHolds(data, more);
    }

    /// <returns>Lines accepted, and the free space when the store refused (measured before it closes).</returns>
    private static (int Accepted, long FreeAtRefusal) FillUntilFull(string data, Random random, EmbeddedStoreOptions options)
    {
        using var store = EmbeddedStore.Open(data, options);
        int accepted = int.Parse(store.Get("fill", "lines") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        for (int i = 0; i < 2000; i++)
        {
            List<StoredLine> batch = NoiseBatch(random, 200);
            try
            {
                store.Append(batch, [], [new Checkpoint("fill", "lines", (accepted + batch.Count).ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            }
            catch (StoreFullException)
            {
                return (accepted, new DiskSpaceGuard(data, 0, 0).Measure().Free);
            }
            accepted += batch.Count;
        }
        throw new InvalidOperationException("a small file system never filled");
    }

    private static void AssertHolds(string data, int lines)
    {
        using var store = EmbeddedStore.Open(data, StoreTestData.SmallBlocks() with { ReadOnly = true });
        Assert.Equal(lines, store.Search(new SearchQuery { Limit = int.MaxValue }).Count());
        Assert.Equal(lines.ToString(System.Globalization.CultureInfo.InvariantCulture), store.Get("fill", "lines"));
    }
}

/// <summary>A tmpfs of a few MiB mounted on a temp directory (root only); unmounted and removed on dispose.</summary>
internal sealed class SmallFileSystem : IDisposable
{
    private SmallFileSystem(string path) => Path = path;

    public string Path { get; }

    public static SmallFileSystem? TryMount(int mebibytes)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return null;
        }
        string path = Directory.CreateTempSubdirectory("logwarden-smallfs-").FullName;
        if (Run("mount", "-t", "tmpfs", "-o", $"size={mebibytes}m", "tmpfs", path) != 0)
        {
            Directory.Delete(path);
            return null;
        }
        return new SmallFileSystem(path);
    }

    private static int Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Run("umount", Path);
        Directory.Delete(Path, recursive: true);
    }
}
