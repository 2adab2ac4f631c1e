using LogWarden.Collect.Files;
using LogWarden.Parse;
using LogWarden.Tests.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Collect.Files;

/// <summary>
/// A copytruncate that lands between the follower's check of a file's first bytes and its read: the file is
/// truncated and written again past our offset, so a plain read from that offset starts in the middle of a line
/// of the new content. (The daemon's crash test caught such a piece once under load: "ser git by (uid=15)".)
/// </summary>
public sealed class CheckedReadTests
{
    private static string Line(int i) => $"Nov 25 10:00:{i % 60:00} web1 app[1]: seq={i} session opened for user git by (uid={i})\n";

    [Fact]
    public async Task A_file_rewritten_under_the_reader_gives_no_piece_of_its_new_content_and_says_so()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "app.log");
        File.WriteAllText(path, string.Concat(Enumerable.Range(1, 50).Select(Line)));
        var (file, sink, batch) = Follow(path);
        var first = await file.ReadAsync(file.Handle, compressed: false, final: false, long.MaxValue, batch, CancellationToken.None);
        await file.FlushAsync(batch, CancellationToken.None); // the last line's record waits for a continuation
        await batch.FlushAsync(CancellationToken.None);
        Assert.False(first.Replaced);
        Assert.Equal(50, sink.Records.Count);

        // copytruncate, then the program writes on: the new content is longer than what was read of the old.
        using (var truncate = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            truncate.SetLength(0);
        }
        File.AppendAllText(path, string.Concat(Enumerable.Range(1000, 80).Select(Line)));

        var second = await file.ReadAsync(file.Handle, compressed: false, final: false, long.MaxValue, batch, CancellationToken.None);
        await file.FlushAsync(batch, CancellationToken.None); // the last line's record waits for a continuation
        await batch.FlushAsync(CancellationToken.None);

        Assert.True(second.Replaced);
        Assert.Equal(50, sink.Records.Count); // nothing of the new content from the old offset
        Assert.Equal(Enumerable.Range(1, 50).Select(i => Line(i).TrimEnd('\n')), sink.Records.Select(r => r.Record.Raw.ToString()));
        Assert.Equal(Enumerable.Range(1, 50).Sum(i => Line(i).Length), file.Offset); // where the old content was read to: the copy's tail starts there
    }

    [Fact]
    public async Task A_file_that_only_grows_is_read_on_as_before()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "app.log");
        File.WriteAllText(path, string.Concat(Enumerable.Range(1, 50).Select(Line)));
        var (file, sink, batch) = Follow(path);
        await file.ReadAsync(file.Handle, compressed: false, final: false, long.MaxValue, batch, CancellationToken.None);
        // More than one read chunk (64 KiB) appended: every chunk is checked, none is refused.
        File.AppendAllText(path, string.Concat(Enumerable.Range(51, 3000).Select(Line)));

        var more = await file.ReadAsync(file.Handle, compressed: false, final: false, long.MaxValue, batch, CancellationToken.None);
        await file.FlushAsync(batch, CancellationToken.None); // the last line's record waits for a continuation
        await batch.FlushAsync(CancellationToken.None);

        Assert.False(more.Replaced);
        Assert.Equal(Enumerable.Range(1, 3050).Select(i => Line(i).TrimEnd('\n')), sink.Records.Select(r => r.Record.Raw.ToString()));
    }

    private static (TailedFile File, RecordingIngestSink Sink, FileBatchWriter Batch) Follow(string path)
    {
        var options = new FileSourceOptions { Include = [path], Format = "syslog", HostName = "test" };
        var counters = new FileCounters();
        var sink = new RecordingIngestSink();
        var batch = new FileBatchWriter(options.Id, sink, options, counters);
        var handle = UnlockedFile.OpenForReading(path);
        var status = FileStatusReader.Get(handle, path);
        var file = new TailedFile(options, counters, handle, status.Identity, path, path, compressed: false)
        {
            Fingerprint = TailedFile.ReadFingerprint(handle, compressed: false, options.FingerprintBytes, out _),
        };
        return (file, sink, batch);
    }
}
