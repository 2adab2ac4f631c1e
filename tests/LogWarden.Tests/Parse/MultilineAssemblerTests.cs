using LogWarden.Parse;
using static LogWarden.Tests.Parse.Decoding;

namespace LogWarden.Tests.Parse;

public sealed class MultilineAssemblerTests
{
    private static (List<LogRecord> Records, MultilineStats Stats) Assemble(ILogDecoder decoder, IEnumerable<string> lines, MultilineOptions? options = null)
    {
        var assembler = new MultilineAssembler(decoder, Context(), options);
        var records = new List<LogRecord>();
        long number = 0;
        foreach (string line in lines)
        {
            if (assembler.Add(line, ++number) is { } record)
            {
                records.Add(record);
            }
        }

        if (assembler.Flush() is { } last)
        {
            records.Add(last);
        }

        return (records, assembler.Stats);
    }

    [Fact]
    public void Java_stack_trace_with_cause_joins_the_header_line()
    {
        string[] lines =
        [
            "2024-01-01 12:00:00,000 ERROR [main] com.example.App: request failed",
            "java.lang.IllegalStateException: boom",
            "\tat com.example.App.handle(App.java:42)",
            "\tat com.example.App.main(App.java:10)",
            "Caused by: java.io.IOException: disk full",
            "\tat java.io.FileOutputStream.write(FileOutputStream.java:326)",
            "\t... 2 more",
            "2024-01-01 12:00:01,000 INFO [main] com.example.App: recovered",
        ];

        var (records, stats) = Assemble(TimestampPrefixDecoder.Instance, lines);

        Assert.Equal(2, records.Count);
        Assert.Equal(string.Join('\n', lines[..7]), records[0].Raw);
        Assert.StartsWith("[main] com.example.App: request failed\njava.lang.IllegalStateException: boom\n\tat ", records[0].Message);
        Assert.Equal(1, records[0].LineNumber);
        Assert.Equal(8, records[1].LineNumber);
        Assert.Equal("[main] com.example.App: recovered", records[1].Message);
        Assert.Equal(6, stats.ContinuationLines);
        Assert.Equal(0, stats.FallbackLines);
        Assert.Equal(2, stats.Records);
    }

    [Fact]
    public void Dotnet_exception_with_inner_exception_joins_the_header_line()
    {
        string[] lines =
        [
            "2024-01-01T12:00:00Z fail: Microsoft.AspNetCore.Server.Kestrel[13]",
            "System.InvalidOperationException: Sequence contains no elements",
            " ---> System.ArgumentException: bad argument",
            "   at Shop.Cart.Total() in /src/Shop/Cart.cs:line 42",
            "   --- End of inner exception stack trace ---",
            "   at Shop.Api.Get() in /src/Shop/Api.cs:line 17",
            "--- End of stack trace from previous location ---",
            "2024-01-01T12:00:01Z info: next",
        ];

        var (records, _) = Assemble(TimestampPrefixDecoder.Instance, lines);

        Assert.Equal(2, records.Count);
        Assert.Equal(7, records[0].Raw.Split('\n').Length);
    }

    [Fact]
    public void Python_traceback_including_its_closing_exception_line_joins_the_header()
    {
        string[] lines =
        [
            "2024-01-01 12:00:00,000 ERROR worker: task crashed",
            "Traceback (most recent call last):",
            "  File \"/app/worker.py\", line 10, in run",
            "    value = int(text)",
            "ValueError: invalid literal for int() with base 10: 'x'",
            "",
            "During handling of the above exception, another exception occurred:",
            "",
            "Traceback (most recent call last):",
            "  File \"/app/worker.py\", line 12, in run",
            "KeyError: 'x'",
            "Unrelated line without a timestamp",
            "2024-01-01 12:00:01,000 INFO worker: next task",
        ];

        var (records, stats) = Assemble(TimestampPrefixDecoder.Instance, lines);

        Assert.Equal(3, records.Count);
        Assert.EndsWith("KeyError: 'x'", records[0].Raw);
        Assert.Contains("ValueError: invalid literal", records[0].Message);
        Assert.Equal("Unrelated line without a timestamp", records[1].Message);
        Assert.Equal(1, stats.FallbackLines);
        Assert.Equal(2, stats.BlankLines);
    }

    [Fact]
    public void Stack_trace_makes_an_event_of_unknown_level_an_error()
    {
        var (records, _) = Assemble(PlainDecoder.Instance, ["Something happened", "java.lang.NullPointerException", "\tat A.b(A.java:1)"]);

        var record = Assert.Single(records);
        Assert.Equal(Severity.Error, record.Level);
    }

    [Fact]
    public void Unindented_plain_lines_are_not_joined()
    {
        string[] lines = ["first event", "second event", "  indented detail", "third event: with colon", "Error: fourth"];

        var (records, stats) = Assemble(PlainDecoder.Instance, lines);

        Assert.Equal(["first event", "second event\n  indented detail", "third event: with colon", "Error: fourth"], records.Select(r => r.Raw));
        Assert.Equal(0, stats.FallbackLines);
    }

    [Fact]
    public void Undecodable_unindented_line_becomes_a_counted_fallback_record_never_dropped()
    {
        string[] lines = ["Jan 10 10:00:00 host app[1]: one", "garbage that is not syslog", "Jan 10 10:00:01 host app[1]: two"];

        var (records, stats) = Assemble(SyslogDecoder.Instance, lines);

        Assert.Equal(3, records.Count);
        Assert.Equal("garbage that is not syslog", records[1].Message);
        Assert.Null(records[1].Timestamp);
        Assert.Equal(1, stats.FallbackLines);
    }

    [Fact]
    public void Continuation_before_any_header_becomes_its_own_record()
    {
        var (records, stats) = Assemble(TimestampPrefixDecoder.Instance, ["\tat orphan.Frame(X.java:1)", "2024-01-01 00:00:00 INFO ok"]);

        Assert.Equal(2, records.Count);
        Assert.Equal(1, stats.FallbackLines);
    }

    [Fact]
    public void Indented_line_that_decodes_is_a_new_record()
    {
        var (records, _) = Assemble(JsonDecoder.Instance, ["{\"msg\":\"a\"}", "  {\"msg\":\"b\"}"]);

        Assert.Equal(["a", "b"], records.Select(r => r.Message));
    }

    [Fact]
    public void Event_is_bounded_by_line_count_and_marked_truncated()
    {
        var lines = new List<string> { "2024-01-01 00:00:00 ERROR dump" };
        lines.AddRange(Enumerable.Range(0, 100).Select(i => $"\tframe {i}"));
        lines.Add("2024-01-01 00:00:01 INFO after");

        var (records, stats) = Assemble(TimestampPrefixDecoder.Instance, lines, new MultilineOptions(MaxLines: 10));

        Assert.Equal(2, records.Count);
        Assert.True(records[0].Truncated);
        Assert.Equal(10 + 1, records[0].Raw.Split('\n').Length);
        Assert.EndsWith("…[91 more lines dropped]", records[0].Raw);
        Assert.Equal(91, stats.DroppedLines);
        Assert.False(records[1].Truncated);
    }

    [Fact]
    public void Event_is_bounded_by_size()
    {
        var lines = new List<string> { "2024-01-01 00:00:00 ERROR dump" };
        lines.AddRange(Enumerable.Range(0, 100).Select(_ => "\t" + new string('x', 99)));

        var (records, _) = Assemble(TimestampPrefixDecoder.Instance, lines, new MultilineOptions(MaxChars: 1000));

        var record = Assert.Single(records);
        Assert.True(record.Raw.Length < 1100);
        Assert.True(record.Truncated);
    }

    [Fact]
    public void Flush_completes_the_pending_event_for_an_idle_stream()
    {
        var assembler = new MultilineAssembler(TimestampPrefixDecoder.Instance, Context());

        Assert.Null(assembler.Add("2024-01-01 00:00:00 ERROR failed", 1));
        Assert.Null(assembler.Add("\tat X.y(X.java:1)", 2));
        var flushed = assembler.Flush();
        Assert.NotNull(flushed);
        Assert.Equal(2, flushed.Raw.Split('\n').Length);
        Assert.Null(assembler.Flush());

        Assert.Null(assembler.Add("2024-01-01 00:00:05 INFO later", 3));
        Assert.Equal("later", assembler.Flush()!.Message);
    }

    [Fact]
    public void Truncated_line_marks_its_record()
    {
        var assembler = new MultilineAssembler(PlainDecoder.Instance, Context());

        assembler.Add("cut line …[truncated 5 bytes]", 1, truncated: true);

        Assert.True(assembler.Flush()!.Truncated);
    }
}
