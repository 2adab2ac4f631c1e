using LogWarden.Collect.Files;

namespace LogWarden.Tests.Collect.Files;

/// <summary>The classic loss and duplicate bugs of file tailers, one test each, on real files.</summary>
public sealed class RotationTests
{
    private static void AssertEachOnce(IEnumerable<string> expected, IEnumerable<string> actual) => LineAssert.EachOnce(expected, actual);

    [Fact]
    public async Task Rotation_by_rename_and_create_finishes_the_old_file_then_reads_the_new_one()
    {
        await using var harness = new FileSourceHarness();
        var before = LogWriter.Lines("old", 0, 50);
        string app = await harness.StartWithLinesAsync("app.log", before);

        File.Move(app, app + ".1");
        var late = LogWriter.Lines("late", 0, 5); // the logger writes to its old file until it reopens
        LogWriter.Append(app + ".1", late);
        var after = LogWriter.Lines("new", 0, 20);
        LogWriter.Append(app, after);
        await harness.WaitForRecordsAsync(75);
        await harness.WaitForCheckpointsAsync(1);

        AssertEachOnce([.. before, .. late, .. after], harness.Store.Lines);
        Assert.Equal(late, harness.Store.Lines.Where(l => l.StartsWith("late", StringComparison.Ordinal)));
        Assert.All(harness.Store.Records, r => Assert.Equal(app, r.Labels["path"])); // one stream across the rotation
        Assert.Equal(1, harness.Source!.Stats.FilesFinished);
        Assert.Equal(new FileInfo(app).Length, harness.Store.FileCheckpoints().Values.Single().Offset);
        Assert.DoesNotContain(OpenFilesOfThisProcess(), target => target.StartsWith(app, StringComparison.Ordinal) && target != app);
    }

    [Fact]
    public async Task Rotation_by_copytruncate_loses_no_line_even_when_the_last_lines_were_not_read_before_the_truncate()
    {
        await using var harness = new FileSourceHarness();
        var first = LogWriter.Lines("first", 0, 40);
        string app = await harness.StartWithLinesAsync("app.log", first);

        // Written and rotated at once: the source may not see these lines in app.log before the truncate.
        var unread = LogWriter.Lines("unread", 0, 30);
        LogWriter.Append(app, unread);
        LogWriter.CopyTruncate(app, app + ".1");
        var after = LogWriter.Lines("after", 0, 10);
        LogWriter.Append(app, after);
        await harness.WaitForRecordsAsync(80);
        await Task.Delay(100); // a duplicate would come within a poll or two

        AssertEachOnce([.. first, .. unread, .. after], harness.Store.Lines);
        Assert.True(harness.Source!.Stats.Truncations >= 1);
    }

    // Found by DaemonCrashTests (seed 5150, 27 Nov): a whole older generation stored twice. After a copytruncate the
    // live file is read again from its start with no fingerprint, and when its first new lines come, a copy of them
    // made meanwhile is looked for among the generations born since it was emptied. logrotate's delaycompress
    // compresses the previous generation in that same rotation, so its .gz is born just after the truncate too; it
    // holds the content of another followed file, not this one's, and must not be taken for this one's copy.
    [Fact]
    public async Task A_delaycompressed_older_generation_born_after_a_copytruncate_is_not_taken_for_its_copy()
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "app.log*")]) with
        {
            RotatedFileIdleTimeout = TimeSpan.FromSeconds(30), // the older generation is still being followed when the new lines come
        });
        string app = harness.PathOf("app.log");
        var older = LogWriter.Lines("older", 0, 60); // over 1 KiB each: full fingerprints
        var current = LogWriter.Lines("current", 0, 60);
        LogWriter.Append(app + ".1", older);
        LogWriter.Append(app, current);
        harness.Start();
        await harness.WaitForRecordsAsync(120);

        // copytruncate with delaycompress: app.log.1 → app.log.2, app.log copied to app.log.1 and emptied, then
        // app.log.2 compressed (written aside, renamed whole) and deleted.
        LogWriter.ShiftGenerations(app);
        LogWriter.CopyTruncate(app, app + ".1");
        // Compressing takes a while: the .gz is born in a later clock tick than the truncate (file times advance in
        // kernel ticks of a few ms; born in the same tick, the copy rule's "strictly later" would refuse it anyway).
        await Task.Delay(50);
        string aside = Path.Combine(harness.Directory.Path, "aside");
        Directory.CreateDirectory(aside);
        using (var input = File.OpenRead(app + ".2"))
        using (var output = File.Create(Path.Combine(aside, "app.log.2.gz")))
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest))
        {
            input.CopyTo(gzip);
        }
        File.Move(Path.Combine(aside, "app.log.2.gz"), app + ".2.gz");
        File.Delete(app + ".2");
        await harness.WaitUntilAsync(() => harness.Source!.Stats.Truncations >= 1, "the truncate noticed");
        await Task.Delay(200); // the emptied file caught up; the .gz recognised as the older generation's copy

        var after = LogWriter.Lines("after", 0, 10);
        LogWriter.Append(app, after);
        await harness.WaitForRecordsAsync(130);
        await Task.Delay(300); // a duplicate would come within a poll or two

        AssertEachOnce([.. older, .. current, .. after], harness.Store.Lines);
    }

    [Fact]
    public async Task A_copytruncate_copy_matched_by_the_pattern_is_not_read_again()
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "app.log*")]));
        var first = LogWriter.Lines("first", 0, 60); // over 1 KiB: a full fingerprint identifies the content
        string app = await harness.StartWithLinesAsync("app.log", first);

        LogWriter.CopyTruncate(app, app + ".1");
        var after = LogWriter.Lines("after", 0, 10);
        LogWriter.Append(app, after);
        await harness.WaitForRecordsAsync(70);
        await harness.WaitUntilAsync(() => harness.Source!.Stats.FilesOpened == 2, "the copy to be looked at");
        await harness.RestartAsync();
        LogWriter.Append(app, ["after the restart"]);
        await harness.WaitForRecordsAsync(71);

        AssertEachOnce([.. first, .. after, "after the restart"], harness.Store.Lines);
    }

    // File.Copy (as logrotate's copytruncate) creates the copy before it writes a byte, and inotify wakes the
    // source in between: the copy is first seen empty, like a new log, and must not be read as one once its
    // content arrives (before: the whole generation stored twice). A rare case DaemonCrashTests' writer can produce.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_copytruncate_copy_first_seen_empty_is_recognised_as_a_copy_once_its_content_arrives(bool truncatedBeforeTheCopyIsPolled)
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "app.log*")]));
        var first = LogWriter.Lines("first", 0, 60); // over 1 KiB: a full fingerprint identifies the content
        string app = await harness.StartWithLinesAsync("app.log", first);
        File.WriteAllBytes(app + ".1", []); // the copy, created and not written yet
        await harness.WaitUntilAsync(() => harness.Source!.Stats.FilesOpened == 2, "the empty copy to be taken up");
        await Task.Delay(50); // polled a few times while empty

        // Lines the source has not read from app.log yet: they reach the copy, and then app.log is emptied.
        var unread = LogWriter.Lines("unread", 0, 30);
        byte[] copied = [.. File.ReadAllBytes(app), .. System.Text.Encoding.UTF8.GetBytes(string.Concat(unread.Select(l => l + "\n")))];
        if (truncatedBeforeTheCopyIsPolled)
        {
            // Its content and the truncation within one poll: the source sees the truncated file first.
            File.WriteAllBytes(app + ".1", copied);
            Truncate(app);
        }
        else
        {
            File.WriteAllBytes(app + ".1", copied);
            await harness.WaitUntilAsync(() => harness.Source!.Stats.CopiesSkipped + harness.Store.Records.Count > 60, "the copy's content to be looked at");
            await Task.Delay(100);
            Truncate(app);
        }

        var after = LogWriter.Lines("after", 0, 10);
        LogWriter.Append(app, after);
        await harness.WaitForRecordsAsync(100);
        await Task.Delay(200); // a duplicate would come within a poll or two

        AssertEachOnce([.. first, .. unread, .. after], harness.Store.Lines);
    }

    [Fact]
    public async Task A_followed_file_whose_content_becomes_a_copy_of_another_followed_file_is_not_read_again()
    {
        // What an inode number reused while the daemon was down looks like: the checkpoint of a finished
        // generation resumes on a new file (copytruncate's copy of app.log) at the same device and inode.
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "app.log*")]));
        var old = LogWriter.Lines("old", 0, 60);
        LogWriter.Append(harness.PathOf("app.log.1"), old);
        var current = LogWriter.Lines("current", 0, 60);
        string app = await harness.StartWithLinesAsync("app.log", current);
        await harness.WaitForRecordsAsync(120);

        File.WriteAllBytes(app + ".1", File.ReadAllBytes(app)); // app.log.1 truncated and rewritten in place with app.log's content
        var after = LogWriter.Lines("after", 0, 10);
        LogWriter.Append(app, after);
        await harness.WaitForRecordsAsync(130);
        await harness.WaitUntilAsync(() => harness.Source!.Stats.CopiesSkipped > 0, "app.log.1 recognised as a copy");
        await Task.Delay(200); // a duplicate would come within a poll or two

        AssertEachOnce([.. old, .. current, .. after], harness.Store.Lines);
    }

    /// <summary>Follows app.log while it holds a few lines (under 1 KiB, so its checkpoint's fingerprint covers only those bytes), then stops.</summary>
    private static async Task<(string App, List<string> First)> FollowAYoungFileAndStopAsync(FileSourceHarness harness)
    {
        var first = LogWriter.Lines("first", 0, 8);
        string app = await harness.StartWithLinesAsync("app.log", first);
        await harness.WaitUntilAsync(() => harness.Store.FileCheckpoints().Values.SingleOrDefault()?.Offset == new FileInfo(app).Length, "the checkpoint after the first lines");
        Assert.True(harness.Store.FileCheckpoints().Values.Single().FingerprintLength < 1024);
        await harness.StopAsync();
        return (app, first);
    }

    private static void Truncate(string path)
    {
        using var truncate = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        truncate.SetLength(0);
    }

    [Fact]
    public async Task A_file_renamed_while_down_is_finished_from_the_copytruncate_copy_of_its_unread_lines()
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "app.log*"), Path.Combine(dir, "app.log*.gz")]));
        var first = LogWriter.Lines("first", 0, 60);
        string app = await harness.StartWithLinesAsync("app.log", first);
        await harness.StopAsync();

        // While the daemon is down: lines it never read, a copytruncate (they are now only in the copy),
        // then a rename rotation, which moves the truncated file to app.log.1 and its copy to app.log.2.gz.
        var unread = LogWriter.Lines("unread", 0, 30);
        LogWriter.Append(app, unread);
        LogWriter.CopyTruncate(app, app + ".1");
        var between = LogWriter.Lines("between", 0, 40);
        LogWriter.Append(app, between);
        LogWriter.ShiftGenerations(app);
        File.Move(app, app + ".1");
        LogWriter.Gzip(app + ".2");
        var after = LogWriter.Lines("after", 0, 10);
        LogWriter.Append(app, after);
        harness.Start();
        await harness.WaitForRecordsAsync(140);
        await Task.Delay(200); // a duplicate would come within a poll or two

        AssertEachOnce([.. first, .. unread, .. between, .. after], harness.Store.Lines);
    }

    [Fact]
    public async Task A_copy_half_read_for_a_truncated_file_is_read_on_once_that_file_is_gone()
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "app.log*"), Path.Combine(dir, "app.log*.gz")]) with { MaxBatchRecords = 10 });
        var first = LogWriter.Lines("first", 0, 60);
        string app = await harness.StartWithLinesAsync("app.log", first);
        await harness.StopAsync();

        var unread = LogWriter.Lines("unread", 0, 100);
        LogWriter.Append(app, unread);
        LogWriter.CopyTruncate(app, app + ".1");
        var between = LogWriter.Lines("between", 0, 40);
        LogWriter.Append(app, between);

        // The next run reads the copy's unread lines on behalf of the truncated file and stops part-way,
        // as a daemon killed mid-recovery would: three batches of them stored, the fourth never.
        int recoveredBatches = 0;
        harness.Store.BeforeAccept = (batch, _) =>
        {
            if (batch.Records.Any(r => r.Record.Raw.StartsWith("unread", StringComparison.Ordinal)) && ++recoveredBatches > 3)
            {
                harness.CancelRun();
                throw new OperationCanceledException();
            }

            return ValueTask.CompletedTask;
        };
        harness.Start();
        await harness.WaitUntilAsync(() => recoveredBatches > 3, "the recovery to be cut short");
        await harness.StopAsync();
        harness.Store.BeforeAccept = null;
        Assert.InRange(harness.Store.Lines.Count(l => l.StartsWith("unread", StringComparison.Ordinal)), 1, 99);

        // Down again: rotated by rename; the truncated file is compressed and deleted, so the copy (now
        // app.log.2) holds the only remaining copy of the lines not yet read.
        LogWriter.ShiftGenerations(app);
        File.Move(app, app + ".1");
        var after = LogWriter.Lines("after", 0, 10);
        LogWriter.Append(app, after); // created before the old file is deleted: it cannot reuse its inode number
        LogWriter.Gzip(app + ".1");
        harness.Start();
        await harness.WaitForRecordsAsync(210);
        await Task.Delay(200);

        AssertEachOnce([.. first, .. unread, .. between, .. after], harness.Store.Lines);
    }

    // The checkpoint of a young file has a fingerprint shorter than a full one (it grows with the file); a
    // file rotated and compressed while the daemon was down is found only as a .gz, whose fingerprint is
    // full-length (before: its first lines stored twice). A daemon killed just after a rotation (DaemonCrashTests) leaves such a checkpoint.
    [Fact]
    public async Task A_young_file_rotated_and_compressed_while_down_is_read_on_from_its_checkpoint_in_the_gz()
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "app.log*"), Path.Combine(dir, "app.log*.gz")]));
        var (app, first) = await FollowAYoungFileAndStopAsync(harness);

        var unread = LogWriter.Lines("unread", 0, 60);
        LogWriter.Append(app, unread);
        File.Move(app, app + ".1");
        var after = LogWriter.Lines("after", 0, 10);
        LogWriter.Append(app, after); // created before the old file is deleted: it cannot reuse its inode number
        LogWriter.Gzip(app + ".1");
        harness.Start();
        await harness.WaitForRecordsAsync(78);
        await Task.Delay(200); // a duplicate would come within a poll or two

        AssertEachOnce([.. first, .. unread, .. after], harness.Store.Lines);
        Assert.All(harness.Store.Records, r => Assert.Equal(app, r.Labels["path"]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_young_file_copytruncated_while_down_is_finished_from_its_copy_which_is_not_read_again(bool copyCompressed)
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "app.log*"), Path.Combine(dir, "app.log*.gz")]));
        var (app, first) = await FollowAYoungFileAndStopAsync(harness);

        var unread = LogWriter.Lines("unread", 0, 60);
        LogWriter.Append(app, unread);
        LogWriter.CopyTruncate(app, app + ".1");
        if (copyCompressed)
        {
            LogWriter.Gzip(app + ".1");
        }

        var after = LogWriter.Lines("after", 0, 10);
        LogWriter.Append(app, after);
        harness.Start();
        await harness.WaitForRecordsAsync(78);
        await Task.Delay(200); // a duplicate would come within a poll or two

        AssertEachOnce([.. first, .. unread, .. after], harness.Store.Lines);
    }

    [Fact]
    public async Task A_compressed_rotated_file_is_not_matched_unless_the_pattern_asks_for_gz()
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "syslog*")]));
        var first = LogWriter.Lines("first", 0, 30);
        string syslog = await harness.StartWithLinesAsync("syslog", first);

        File.Move(syslog, syslog + ".1");
        LogWriter.Append(syslog, LogWriter.Lines("second", 0, 5));
        await harness.WaitForRecordsAsync(35);
        LogWriter.Gzip(syslog + ".1");
        LogWriter.Append(syslog, LogWriter.Lines("second", 5, 5));
        await harness.WaitForRecordsAsync(40);
        await harness.WaitForCheckpointsAsync(1);

        AssertEachOnce([.. first, .. LogWriter.Lines("second", 0, 10)], harness.Store.Lines);
        Assert.Equal(2, harness.Source!.Stats.FilesOpened); // syslog, then the new syslog; never syslog.1.gz
    }

    [Fact]
    public async Task A_compressed_copy_of_content_already_read_is_recognised_by_fingerprint_even_after_a_restart()
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "syslog"), Path.Combine(dir, "*.gz")]));
        string syslog = harness.PathOf("syslog");
        var first = LogWriter.Lines("first", 0, 30);
        LogWriter.Append(syslog, first);
        var unrelated = LogWriter.Lines("archive", 0, 8);
        LogWriter.Append(harness.PathOf("archive.log"), unrelated);
        LogWriter.Gzip(harness.PathOf("archive.log")); // never seen uncompressed: read once
        harness.Start();
        await harness.WaitForRecordsAsync(38);

        // Rotated, finished, then compressed while the daemon is down (logrotate's delaycompress, a day later).
        File.Move(syslog, syslog + ".1");
        var second = LogWriter.Lines("second", 0, 5);
        LogWriter.Append(syslog, second);
        await harness.WaitForRecordsAsync(43);
        await harness.WaitUntilAsync(() => harness.Source!.Stats.FilesFinished == 1, "syslog.1 to be finished");
        await harness.StopAsync();
        LogWriter.Gzip(syslog + ".1");
        harness.Start();
        var third = LogWriter.Lines("third", 0, 5);
        LogWriter.Append(syslog, third);
        await harness.WaitForRecordsAsync(48);
        await harness.WaitUntilAsync(() => harness.Source!.Stats.FilesOpened == 3, "syslog, archive.log.gz and syslog.1.gz");
        await Task.Delay(100);

        AssertEachOnce([.. first, .. unrelated, .. second, .. third], harness.Store.Lines);
    }

    [Fact]
    public async Task A_rotated_file_compressed_while_down_before_it_was_finished_is_read_on_from_its_checkpoint_in_the_gz()
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "syslog"), Path.Combine(dir, "*.gz")]) with
        {
            RotatedFileIdleTimeout = TimeSpan.FromHours(1), // syslog.1 stays unfinished until the stop
        });
        var first = LogWriter.Lines("first", 0, 60);
        string syslog = await harness.StartWithLinesAsync("syslog", first);
        File.Move(syslog, syslog + ".1");
        var second = LogWriter.Lines("second", 0, 5);
        LogWriter.Append(syslog, second);
        await harness.WaitForRecordsAsync(65);
        await harness.StopAsync();

        var late = LogWriter.Lines("late", 0, 4); // written to the old file after we stopped, then compressed with it
        LogWriter.Append(syslog + ".1", late);
        LogWriter.Gzip(syslog + ".1");
        harness.Start();
        await harness.WaitForRecordsAsync(69);
        await harness.WaitForCheckpointsAsync(2); // syslog and syslog.1.gz
        await Task.Delay(100);

        AssertEachOnce([.. first, .. second, .. late], harness.Store.Lines);
        Assert.Equal(late, harness.Store.Records.Where(r => r.Record.Raw.StartsWith("late", StringComparison.Ordinal)).Select(r => r.Record.Raw));
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("syslog.1.gz", StringComparison.Ordinal) && e.Message.Contains("read before", StringComparison.Ordinal));
        Assert.All(harness.Store.Records, r => Assert.Equal(syslog, r.Labels["path"]));
    }

    [Fact]
    public async Task Files_that_appear_later_are_followed_through_braces_and_double_star()
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast(
        [
            Path.Combine(dir, "{auth,kern}.log"),
            Path.Combine(dir, "apps", "**", "*.log"),
        ]));
        harness.Start();
        await Task.Delay(50);
        LogWriter.Append(harness.PathOf("auth.log"), ["auth line"]);
        LogWriter.Append(harness.PathOf("daemon.log"), ["not followed"]);
        Directory.CreateDirectory(harness.PathOf("apps/web/nginx"));
        LogWriter.Append(harness.PathOf("apps/web/nginx/access.log"), ["deep line"]);
        LogWriter.Append(harness.PathOf("apps/top.log"), ["top line"]);
        await harness.WaitForRecordsAsync(3);
        LogWriter.Append(harness.PathOf("kern.log"), ["kern line"]);
        await harness.WaitForRecordsAsync(4);
        await Task.Delay(100);

        AssertEachOnce(["auth line", "deep line", "top line", "kern line"], harness.Store.Lines);
    }

    [Fact]
    public async Task A_file_rotated_while_down_is_finished_from_its_checkpoint_before_the_new_one_is_read()
    {
        await using var harness = new FileSourceHarness();
        var first = LogWriter.Lines("first", 0, 20);
        string app = await harness.StartWithLinesAsync("app.log", first);
        await harness.StopAsync();

        var unread = LogWriter.Lines("unread", 0, 7);
        LogWriter.Append(app, unread);
        File.Move(app, app + ".1");
        var fresh = LogWriter.Lines("fresh", 0, 9);
        LogWriter.Append(app, fresh);
        harness.Start();
        await harness.WaitForRecordsAsync(36);
        await harness.WaitForCheckpointsAsync(1);

        Assert.Equal([.. first, .. unread, .. fresh], harness.Store.Lines); // in order: the old file's tail first
    }

    [Fact]
    public async Task A_file_replaced_while_down_is_read_from_its_start_whatever_inode_it_got()
    {
        await using var harness = new FileSourceHarness();
        var first = LogWriter.Lines("first", 0, 20);
        string app = await harness.StartWithLinesAsync("app.log", first);
        await harness.StopAsync();

        // Deleted and written anew, longer than before: the inode number may well be reused.
        File.Delete(app);
        var replacement = LogWriter.Lines("replacement", 0, 40);
        LogWriter.Append(app, replacement);
        harness.Start();
        await harness.WaitForRecordsAsync(60);
        await harness.WaitForCheckpointsAsync(1);

        Assert.Equal([.. first, .. replacement], harness.Store.Lines);
    }

    [Fact]
    public async Task A_file_truncated_and_rewritten_in_place_is_read_again_from_its_start()
    {
        await using var harness = new FileSourceHarness();
        var first = LogWriter.Lines("first", 0, 10);
        string app = await harness.StartWithLinesAsync("app.log", first);

        // Same inode, more bytes than we had read: only the fingerprint tells the content changed.
        var rewritten = LogWriter.Lines("rewritten", 0, 30);
        File.WriteAllText(app, string.Concat(rewritten.Select(l => l + "\n")));
        await harness.WaitForRecordsAsync(40);
        // Same inode, shorter than our offset.
        File.WriteAllText(app, "short\n");
        await harness.WaitForRecordsAsync(41);
        await Task.Delay(100);

        Assert.Equal([.. first, .. rewritten, "short"], harness.Store.Lines);
        Assert.Equal(2, harness.Source!.Stats.Truncations);
    }

    [Fact]
    public async Task An_empty_then_tiny_file_is_not_taken_for_a_new_one_as_it_grows_past_the_fingerprint_length()
    {
        await using var harness = new FileSourceHarness();
        string app = harness.PathOf("app.log");
        File.WriteAllText(app, "");
        harness.Start();
        var expected = new List<string>();
        for (int step = 0; step < 6; step++)
        {
            var lines = LogWriter.Lines($"step{step}", 0, step * 6);
            LogWriter.Append(app, lines);
            expected.AddRange(lines);
            await harness.WaitForRecordsAsync(expected.Count);
            if (step % 2 == 1)
            {
                await harness.RestartAsync();
            }
        }

        await Task.Delay(100);
        Assert.True(new FileInfo(app).Length > 1024);
        Assert.Equal(expected, harness.Store.Lines);
        var checkpoint = harness.Store.FileCheckpoints().Values.Single();
        Assert.Equal(1024, checkpoint.FingerprintLength);
        Assert.Equal(0, harness.Source!.Stats.Truncations);
    }

    [Fact]
    public async Task A_deleted_file_is_read_to_its_end_released_and_its_checkpoint_removed()
    {
        await using var harness = new FileSourceHarness();
        string app = harness.PathOf("doomed.log");
        LogWriter.Append(app, ["one", "two"]);
        harness.Start();
        await harness.WaitForRecordsAsync(2);
        Assert.Single(harness.Store.FileCheckpoints());

        File.AppendAllText(app, "three, without newline");
        File.Delete(app);
        await harness.WaitForRecordsAsync(3);
        await harness.WaitForCheckpointsAsync(0);

        Assert.Equal(["one", "two", "three, without newline"], harness.Store.Lines);
        Assert.Equal(1, harness.Source!.Stats.FilesFinished);
        Assert.DoesNotContain(OpenFilesOfThisProcess(), target => target.StartsWith(app, StringComparison.Ordinal));
    }

    /// <summary>What this process's descriptors point to (a deleted file shows as "… (deleted)").</summary>
    private static List<string> OpenFilesOfThisProcess()
    {
        var targets = new List<string>();
        foreach (string fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                targets.Add(new FileInfo(fd).LinkTarget ?? "");
            }
            catch (IOException)
            {
                // closed meanwhile
            }
        }

        return targets;
    }
}
