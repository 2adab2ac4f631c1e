using System.Diagnostics;
using LogWarden.Parse;

namespace LogWarden.Tests.Parse;

public sealed class LogInputTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private List<string> Relative(IEnumerable<string> paths) =>
        paths.Select(p => Path.GetRelativePath(_temp.Path, p).Replace('\\', '/')).ToList();

    [Fact]
    public void Directory_is_expanded_recursively_with_rotations_oldest_first()
    {
        _temp.Write("syslog", "now\n");
        _temp.Write("syslog.1", "yesterday\n");
        _temp.Write("syslog.2.gz", LineReaderTests.Gzip("two days ago\n"u8.ToArray()));
        _temp.Write("syslog.10.gz", LineReaderTests.Gzip("long ago\n"u8.ToArray()));
        _temp.Write("auth.log", "auth\n");
        _temp.Write("nginx/access.log-20240302.gz", LineReaderTests.Gzip("b\n"u8.ToArray()));
        _temp.Write("nginx/access.log-20240301.gz", LineReaderTests.Gzip("a\n"u8.ToArray()));
        _temp.Write("nginx/access.log", "c\n");

        var listing = LogInput.Enumerate([_temp.Path]);

        Assert.Equal(
            ["auth.log", "syslog.10.gz", "syslog.2.gz", "syslog.1", "syslog",
             "nginx/access.log-20240301.gz", "nginx/access.log-20240302.gz", "nginx/access.log"],
            Relative(listing.Files));
        Assert.Empty(listing.Skipped);
    }

    [Fact]
    public void Named_files_keep_their_order_but_rotations_of_one_log_are_put_oldest_first()
    {
        string current = _temp.Write("kern.log", "x\n");
        string older = _temp.Write("kern.log.1", "x\n");
        string other = _temp.Write("mail.log", "x\n");

        var listing = LogInput.Enumerate([other, current, older, current]);

        Assert.Equal(["mail.log", "kern.log.1", "kern.log"], Relative(listing.Files));
    }

    [Fact]
    public void Binary_files_in_a_directory_are_skipped_but_not_counted_as_errors()
    {
        _temp.Write("good.log", "Mar  1 12:00:00 host app: hello\n");
        var random = new byte[8192];
        new Random(1).NextBytes(random);
        _temp.Write("blob.bin", random);
        _temp.Write("wtmp", new byte[4096]);
        _temp.Write("system.journal", [.. "LPKSHHRH"u8, .. new byte[100]]);
        _temp.Write("old.log.xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 1, 2, 3]);
        _temp.Write("empty.log", []);

        var listing = LogInput.Enumerate([_temp.Path]);

        Assert.Equal(["good.log"], Relative(listing.Files));
        Assert.Equal(["blob.bin", "old.log.xz", "system.journal", "wtmp"], Relative(listing.Skipped.Select(s => s.Path)).Order(StringComparer.Ordinal));
        Assert.Equal(0, listing.Errors);
    }

    [Fact]
    public void Missing_path_is_a_counted_error()
    {
        var listing = LogInput.Enumerate([Path.Combine(_temp.Path, "nope.log")]);

        Assert.Empty(listing.Files);
        Assert.Equal(1, listing.Errors);
    }

    [Fact]
    public void Gzip_too_damaged_to_read_in_a_directory_is_a_counted_error()
    {
        _temp.Write("good.log", "x\n");
        _temp.Write("broken.log.gz", LineReaderTests.Gzip("hello\n"u8.ToArray())[..8]);

        var listing = LogInput.Enumerate([_temp.Path]);

        Assert.Equal(["good.log"], Relative(listing.Files));
        Assert.Equal(1, listing.Errors);
        Assert.Contains("gzip", Assert.Single(listing.Skipped).Reason);
    }

    [Fact]
    public void Fifo_in_a_directory_is_not_opened()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _temp.Write("app.log", "x\n");
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(_temp.Path, "pipe")))
        {
            mkfifo.WaitForExit();
        }

        var listing = LogInput.Enumerate([_temp.Path]); // would block forever if it opened the FIFO

        Assert.Equal(["app.log"], Relative(listing.Files));
    }

    [Fact]
    public void Symlinked_file_is_followed_and_symlinked_directory_is_not()
    {
        string target = _temp.Write("real/app.log", "x\n");
        Directory.CreateDirectory(Path.Combine(_temp.Path, "links"));
        File.CreateSymbolicLink(Path.Combine(_temp.Path, "links", "app-link.log"), target);
        Directory.CreateSymbolicLink(Path.Combine(_temp.Path, "links", "loop"), _temp.Path);

        var listing = LogInput.Enumerate([Path.Combine(_temp.Path, "links")]);

        Assert.Equal(["links/app-link.log"], Relative(listing.Files));
    }

    [Fact]
    public void Opening_an_xz_file_explains_that_it_is_unsupported()
    {
        string path = _temp.Write("x.xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0, 0]);

        var error = Assert.Throws<NotSupportedException>(() => LogInput.Open(path));

        Assert.Contains("xz", error.Message);
    }

    [Theory]
    [InlineData("syslog", "syslog", 2, 0)]
    [InlineData("syslog.1", "syslog", 1, -1)]
    [InlineData("syslog.12.gz", "syslog", 1, -12)]
    [InlineData("access.log-20240301.gz", "access.log", 0, 20240301)]
    [InlineData("app.log", "app.log", 2, 0)]
    [InlineData("access-2026-11-22T00-00-00.000.log.gz", "access.log", 0, 20261122000000000)] // lumberjack (Caddy, Go)
    [InlineData("access-2026-11-21T13-05-07.250.log", "access.log", 0, 20261121130507250)]
    [InlineData("mongod.log.2026-11-21T00-00-00", "mongod.log", 0, 20261121000000000)] // MongoDB's logRotate
    [InlineData("app.log.2026-11-21_06-00-00", "app.log", 0, 20261121060000000)] // Python's TimedRotatingFileHandler
    [InlineData("app.log.2026-11-21", "app.log", 0, 20261121000000000)]
    [InlineData("shop.log.2026-11-10.0.gz", "shop.log", 0, 20261110000000000)] // logback / Spring Boot: date, then index
    [InlineData("shop.log.2026-11-10.3.gz", "shop.log", 0, 20261110000000003)]
    [InlineData("shop.2026-11-10.2.log.gz", "shop.2026-11-10.2.log", 2, 0)]
    [InlineData("php8.2-fpm.log", "php8.2-fpm.log", 2, 0)]
    [InlineData("backup-2026.log", "backup-2026.log", 2, 0)]
    public void Rotation_suffixes_are_recognised(string fileName, string baseName, int kind, long value)
    {
        var (parsedBase, age) = RotationOrder.Parse(fileName);

        Assert.Equal(baseName, parsedBase);
        Assert.Equal(kind, age.Kind);
        Assert.Equal(value, age.Value);
    }
}
