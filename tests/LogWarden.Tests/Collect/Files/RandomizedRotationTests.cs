using LogWarden.Collect.Files;

namespace LogWarden.Tests.Collect.Files;

/// <summary>
/// Jepsen in miniature: a writer appends and rotates (rename + create and copytruncate, alternating at
/// random) while the source runs, is stopped and is restarted; in the end every line written is in the
/// store exactly once. Two rotations are never made without the source catching up in between (having
/// read every line and checkpointed the current file at its end): with two rotations faster than a poll,
/// the file between them was never seen and sits under a rotated name nobody follows. The writer never
/// writes while it rotates, so copytruncate's own loss window stays shut.
/// </summary>
public sealed class RandomizedRotationTests
{
    /// <summary>Three fixed seeds; LOGWARDEN_ROTATION_SEEDS=N adds N more (100, 101, …) for a longer hunt.</summary>
    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int> { 11, 23, 42 };
        if (int.TryParse(Environment.GetEnvironmentVariable("LOGWARDEN_ROTATION_SEEDS"), out int more))
        {
            for (int seed = 100; seed < 100 + more; seed++)
            {
                seeds.Add(seed);
            }
        }

        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Appends_rotations_and_restarts_in_any_order_lose_and_repeat_no_line(int seed)
    {
        await using var harness = new FileSourceHarness(dir => FileSourceHarness.Fast([Path.Combine(dir, "app.log")]) with
        {
            MaxBatchRecords = 25,
        });
        var random = new Random(seed);
        string app = harness.PathOf("app.log");
        var written = new List<string>();
        var operations = new List<string>();
        int next = 0;
        bool rotatedSinceCaughtUp = true; // the source must have seen app.log before it is first rotated
        File.WriteAllText(app, "");
        harness.Start();

        void Write(string path, int count)
        {
            var lines = LogWriter.Lines($"s{seed}", next, count);
            next += count;
            LogWriter.Append(path, lines);
            written.AddRange(lines);
            operations.Add($"write {count} to {Path.GetFileName(path)} ({FileStatusReader.TryGet(path)?.Identity})");
        }

        async Task CatchUpAsync()
        {
            // Caught up: every line read, and the current file checkpointed at its end after being looked
            // at (so a truncation was noticed, and an empty file's state is known).
            var current = FileStatusReader.TryGet(app)!.Value;
            await harness.WaitUntilAsync(
                () => harness.Store.Records.Count >= written.Count
                    && harness.Store.FileCheckpoints().GetValueOrDefault(current.Identity.Key) is { CaughtUpChanged: not 0 } checkpoint
                    && checkpoint.Offset == current.Size,
                $"catching up ({string.Join("; ", operations.TakeLast(6))})",
                detail: () =>
                {
                    var read = harness.Store.Lines.ToHashSet(StringComparer.Ordinal);
                    return "missing: " + string.Join(" | ", written.Where(l => !read.Contains(l)).Take(10))
                        + "\noperations:\n" + string.Join("\n", operations);
                });
        }

        for (int step = 0; step < 60; step++)
        {
            int choice = random.Next(100);
            if (choice < 55)
            {
                Write(app, random.Next(1, 40));
            }
            else if (choice < 75 && !rotatedSinceCaughtUp)
            {
                LogWriter.ShiftGenerations(app);
                if (random.Next(2) == 0)
                {
                    File.Move(app, app + ".1");
                    Write(app + ".1", random.Next(0, 4)); // the logger has not reopened yet
                    File.WriteAllText(app, "");
                    operations.Add($"rename, new app.log {FileStatusReader.TryGet(app)?.Identity}");
                }
                else
                {
                    LogWriter.CopyTruncate(app, app + ".1");
                    operations.Add("copytruncate");
                }

                rotatedSinceCaughtUp = true;
            }
            else if (choice < 88)
            {
                if (harness.Running)
                {
                    await CatchUpAsync();
                    rotatedSinceCaughtUp = false;
                    operations.Add("caught up");
                }
            }
            else if (harness.Running)
            {
                await harness.StopAsync();
                operations.Add("stop");
            }
            else
            {
                harness.Start();
                operations.Add("start");
            }
        }

        if (!harness.Running)
        {
            harness.Start();
        }

        string log = string.Join("\n", operations) + "\n--- log:\n" + string.Join("\n", harness.Logger.Entries.Select(e => e.Message));
        await harness.WaitUntilAsync(() => harness.Store.Records.Count >= written.Count, "every line: " + log);
        await harness.WaitForCheckpointsAsync(1); // every rotated file finished and forgotten; app.log alone remains
        LineAssert.EachOnce(written, harness.Store.Lines, log);
    }
}
