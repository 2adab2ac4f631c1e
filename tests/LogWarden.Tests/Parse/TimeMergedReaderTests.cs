using LogWarden.Parse;

namespace LogWarden.Tests.Parse;

public sealed class TimeMergedReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Json(int second, string message) => $"{{\"time\":\"2026-11-25T10:00:{second:00}Z\",\"msg\":\"{message}\"}}";

    private static List<string> Messages(TimeMergedReader reader) => [.. reader.Read().Select(r => r.Record.Message)];

    [Fact]
    public void Files_are_merged_by_record_time_and_equal_times_keep_the_input_order()
    {
        string a = _dir.Write("a.log", string.Join('\n', Json(1, "a1"), Json(4, "a4"), Json(6, "a6")) + "\n");
        string b = _dir.Write("b.log", string.Join('\n', Json(2, "b2"), Json(4, "b4"), Json(5, "b5")) + "\n");
        string c = _dir.Write("c.log", Json(0, "c0") + "\n");

        var reader = new TimeMergedReader([a, b, c]);

        Assert.Equal(["c0", "a1", "b2", "a4", "b4", "b5", "a6"], Messages(reader));
        Assert.Equal(7, reader.Lines);
    }

    [Fact]
    public void A_few_lines_out_of_order_are_put_in_order_and_lines_without_time_stay_after_their_predecessor()
    {
        string file = _dir.Write("app.log", string.Join('\n',
            Json(3, "t3"), Json(1, "t1"), "{\"msg\":\"no time after t1\"}", Json(2, "t2"), Json(5, "t5"), Json(4, "t4")) + "\n");
        var reader = new TimeMergedReader([file]);

        List<MergedRecord> records = [.. reader.Read()];

        Assert.Equal(["t1", "no time after t1", "t2", "t3", "t4", "t5"], records.Select(r => r.Record.Message));
        Assert.Null(records[1].Record.Timestamp);
        Assert.Equal(records[0].OrderTime, records[1].OrderTime); // it sorts (and is replayed) at t1
    }

    [Fact]
    public void Disorder_beyond_the_window_is_passed_on_late_rather_than_held()
    {
        var lines = Enumerable.Range(10, 20).Select(i => Json(i, "t" + i)).Prepend(Json(59, "late")).Append(Json(0, "very late"));
        string file = _dir.Write("app.log", string.Join('\n', lines) + "\n");

        List<string> messages = Messages(new TimeMergedReader([file], new MergedInputOptions { Lookahead = 4 }));

        // "late" (:59) sorts after everything; "very late" (:00) comes too late to go first: it is passed
        // on as soon as it is read, among the last lines of the window, not held back.
        Assert.Equal(22, messages.Count);
        Assert.Equal(["t26", "t27", "very late", "t28", "t29", "late"], messages[^6..]);
    }

    [Fact]
    public void Unreadable_inputs_are_reported_and_the_rest_is_read()
    {
        string good = _dir.Write("good.log", Json(1, "ok") + "\n");
        var done = new List<InputDone>();
        var reader = new TimeMergedReader([Path.Combine(_dir.Path, "gone.log"), good]) { FileDone = done.Add };

        Assert.Equal(["ok"], Messages(reader));
        Assert.Contains(done, d => d.Path.EndsWith("gone.log", StringComparison.Ordinal) && d.Error is not null);
        Assert.Contains(done, d => d.Path == good && d.Error is null && d.Lines == 1);
    }

    [Fact]
    public void The_lookahead_must_be_a_power_of_two() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeMergedReader([], new MergedInputOptions { Lookahead = 3 }));
}
