using System.IO.Compression;
using System.Text;
using LogWarden.Parse;

namespace LogWarden.Tests.Parse;

public sealed class LineReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static List<string> ReadAll(LineReader reader)
    {
        var lines = new List<string>();
        while (reader.TryReadLine(out string? line))
        {
            lines.Add(line);
        }

        return lines;
    }

    private (List<string> Lines, LineReaderStats Stats) ReadFile(byte[] content, int? maxLineBytes = null)
    {
        string path = _temp.Write($"input-{Guid.NewGuid():N}.log", content);
        using var reader = new LineReader(LogInput.Open(path));
        if (maxLineBytes is { } max)
        {
            reader.MaxLineBytes = max;
        }

        var lines = ReadAll(reader);
        return (lines, reader.Stats);
    }

    [Fact]
    public void Splits_on_newline_drops_carriage_return_and_keeps_last_line_without_newline()
    {
        var (lines, stats) = ReadFile("one\r\ntwo\n\nthree"u8.ToArray());

        Assert.Equal(["one", "two", "", "three"], lines);
        Assert.Equal(4, stats.Lines);
        Assert.Equal(15, stats.Bytes);
        Assert.Null(stats.Error);
    }

    [Fact]
    public void Empty_file_yields_no_line()
    {
        var (lines, stats) = ReadFile([]);

        Assert.Empty(lines);
        Assert.Equal(0, stats.Lines);
    }

    [Fact]
    public void Lone_newline_is_one_empty_line()
    {
        var (lines, _) = ReadFile("\n"u8.ToArray());

        Assert.Equal([""], lines);
    }

    [Fact]
    public void Utf8_byte_order_mark_at_file_start_is_dropped()
    {
        var (lines, _) = ReadFile("\uFEFFfirst\n\uFEFFsecond\n"u8.ToArray());

        Assert.Equal(["first", "\uFEFFsecond"], lines);
    }

    [Fact]
    public void Invalid_utf8_is_replaced_and_counted_per_line()
    {
        byte[] content = [.. "ok\n"u8, .. "bad \xC3\x28 latin1 caf"u8, 0xE9, .. "\nfine é\n"u8];

        var (lines, stats) = ReadFile(content);

        Assert.Equal(3, lines.Count);
        Assert.Equal("ok", lines[0]);
        Assert.Contains('\uFFFD', lines[1]);
        Assert.StartsWith("bad ", lines[1]);
        Assert.Equal("fine é", lines[2]);
        Assert.Equal(1, stats.InvalidUtf8Lines);
    }

    [Fact]
    public void Leading_nul_run_is_dropped_and_inner_nul_becomes_replacement_character()
    {
        byte[] content = [0, 0, 0, 0, .. "Mar  1 12:00:00 host app: a"u8, 0, .. "b\n"u8];

        var (lines, stats) = ReadFile(content);

        Assert.Equal(["Mar  1 12:00:00 host app: a\uFFFDb"], lines);
        Assert.Equal(5, stats.NulBytes);
        Assert.Equal(0, stats.InvalidUtf8Lines);
    }

    [Fact]
    public void Line_of_only_nul_bytes_becomes_empty_line()
    {
        var (lines, stats) = ReadFile(new byte[1000]);

        Assert.Equal([""], lines);
        Assert.Equal(1000, stats.NulBytes);
    }

    [Fact]
    public void Ten_megabyte_line_is_truncated_with_marker_and_following_lines_survive()
    {
        const int huge = 10 * 1024 * 1024;
        var content = new byte[huge + 20];
        content.AsSpan(0, huge).Fill((byte)'x');
        "\r\nnext line\n"u8.CopyTo(content.AsSpan(huge));
        int used = huge + "\r\nnext line\n".Length;

        var (lines, stats) = ReadFile(content[..used]);

        Assert.Equal(2, lines.Count);
        int kept = LineReader.DefaultMaxLineBytes;
        Assert.Equal(new string('x', kept) + $" …[truncated {huge - kept} bytes]", lines[0]);
        Assert.Equal("next line", lines[1]);
        Assert.Equal(1, stats.TruncatedLines);
        Assert.Equal(used, stats.Bytes);
    }

    [Fact]
    public void Ten_megabyte_line_does_not_buffer_more_than_the_limit()
    {
        const int huge = 10 * 1024 * 1024;
        string path = _temp.Write("huge.log", [.. Enumerable.Repeat((byte)'y', huge), (byte)'\n']);
        using var reader = new LineReader(LogInput.Open(path));

        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(reader.TryReadLine(out string? line));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.StartsWith("yyyy", line);
        // The kept 1 MiB as UTF-16 (2 MiB), the concatenation with the marker (2 MiB more) and a pooled
        // buffer of about 1 MiB; a reader that buffered the whole line would need 10 MiB or more.
        Assert.True(allocated < 8 * 1024 * 1024, $"allocated {allocated} bytes");
        Assert.False(reader.TryReadLine(out _));
    }

    [Fact]
    public void Truncation_does_not_split_a_utf8_character()
    {
        // 'é' is two bytes; with a limit of 17 the cut would fall between them.
        byte[] content = Encoding.UTF8.GetBytes(new string('a', 16) + "éééé\n");

        var (lines, stats) = ReadFile(content, maxLineBytes: 17);

        Assert.Equal(new string('a', 16) + " …[truncated 8 bytes]", lines[0]);
        Assert.Equal(0, stats.InvalidUtf8Lines);
        Assert.Equal(1, stats.TruncatedLines);
    }

    [Fact]
    public void Line_exactly_at_the_limit_is_not_truncated()
    {
        var (lines, stats) = ReadFile(Encoding.ASCII.GetBytes(new string('z', 32) + "\r\nnext"), maxLineBytes: 32);

        Assert.Equal([new string('z', 32), "next"], lines);
        Assert.Equal(0, stats.TruncatedLines);
    }

    [Fact]
    public void Overlong_last_line_without_newline_is_truncated()
    {
        var (lines, stats) = ReadFile(Encoding.ASCII.GetBytes("short\n" + new string('q', 100)), maxLineBytes: 40);

        Assert.Equal(["short", new string('q', 40) + " …[truncated 60 bytes]"], lines);
        Assert.Equal(1, stats.TruncatedLines);
    }

    [Fact]
    public void Lines_spanning_many_buffer_refills_are_reassembled()
    {
        var expected = Enumerable.Range(0, 20_000).Select(i => new string((char)('a' + (i % 26)), i % 300) + i).ToList();
        var (lines, stats) = ReadFile(Encoding.UTF8.GetBytes(string.Join('\n', expected) + "\n"));

        Assert.Equal(expected, lines);
        Assert.Equal(20_000, stats.Lines);
    }

    [Fact]
    public void Random_binary_data_yields_lines_without_throwing()
    {
        var random = new Random(20240301);
        var content = new byte[3 * 1024 * 1024];
        random.NextBytes(content);

        var (lines, stats) = ReadFile(content, maxLineBytes: 4096);

        Assert.NotEmpty(lines);
        Assert.Equal(content.Length, stats.Bytes);
        Assert.Equal(content.Count(b => b == '\n') + 1, stats.Lines);
        Assert.True(stats.InvalidUtf8Lines > 0);
        Assert.True(stats.NulBytes > 0);
        Assert.Null(stats.Error);
    }

    [Fact]
    public void Gzip_file_is_decompressed_by_magic_bytes_whatever_its_name()
    {
        string path = _temp.Write("syslog.1", Gzip("alpha\nbeta\n"u8.ToArray()));
        using var reader = new LineReader(LogInput.Open(path));

        Assert.Equal(["alpha", "beta"], ReadAll(reader));
        Assert.Null(reader.Stats.Error);
    }

    [Fact]
    public void Truncated_gzip_keeps_the_lines_read_and_records_the_error()
    {
        var text = new StringBuilder();
        var random = new Random(7);
        for (int i = 0; i < 20_000; i++)
        {
            text.Append("line ").Append(i).Append(' ').Append(random.Next()).Append('\n');
        }

        byte[] whole = Gzip(Encoding.ASCII.GetBytes(text.ToString()));
        string path = _temp.Write("cut.log.gz", whole[..(whole.Length / 2)]);
        using var reader = new LineReader(LogInput.Open(path));

        var lines = ReadAll(reader);

        Assert.True(lines.Count > 1000, $"{lines.Count} lines");
        Assert.True(lines.Count < 20_000);
        Assert.Equal("line 0 " + new Random(7).Next(), lines[0]);
        Assert.NotNull(reader.Stats.Error);
        Assert.Contains("gzip", reader.Stats.Error);
    }

    [Fact]
    public void Gzip_cut_inside_its_header_records_an_error_and_yields_nothing()
    {
        string path = _temp.Write("tiny.gz", Gzip("hello\n"u8.ToArray())[..8]);
        using var reader = new LineReader(LogInput.Open(path));

        Assert.Empty(ReadAll(reader));
        Assert.NotNull(reader.Stats.Error);
    }

    [Fact]
    public void Gzip_of_an_empty_file_is_clean()
    {
        string path = _temp.Write("empty.gz", Gzip([]));
        using var reader = new LineReader(LogInput.Open(path));

        Assert.Empty(ReadAll(reader));
        Assert.Null(reader.Stats.Error);
    }

    [Fact]
    public void Stream_that_throws_mid_way_ends_reading_cleanly()
    {
        using var reader = new LineReader(new FailingStream("first\nsecond\npartial"u8.ToArray()));

        var lines = ReadAll(reader);

        Assert.Equal(["first", "second", "partial"], lines);
        Assert.Equal("disk on fire", reader.Stats.Error);
    }

    [Fact]
    public void Last_line_truncated_flag_follows_each_line()
    {
        using var reader = new LineReader(new MemoryStream(Encoding.ASCII.GetBytes(new string('w', 50) + "\nok\n"))) { MaxLineBytes = 20 };

        Assert.True(reader.TryReadLine(out _));
        Assert.True(reader.LastLineTruncated);
        Assert.True(reader.TryReadLine(out string? ok));
        Assert.Equal("ok", ok);
        Assert.False(reader.LastLineTruncated);
        Assert.Equal(2, reader.LineNumber);
    }

    internal static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    /// <summary>Hands out its bytes in small reads, then fails like a disk with a bad sector.</summary>
    private sealed class FailingStream(byte[] content) : SequentialReadStream(new MemoryStream(content))
    {
        public override int Read(Span<byte> buffer)
        {
            if (Source.Position >= Source.Length)
            {
                throw new IOException("disk on fire");
            }

            return Source.Read(buffer[..Math.Min(buffer.Length, 5)]);
        }
    }

    [Fact]
    public void Holding_incomplete_lines_leaves_a_last_line_without_newline_unread()
    {
        using var reader = new LineReader(new MemoryStream("one\r\ntwo\nthr"u8.ToArray())) { HoldIncompleteLine = true };

        Assert.Equal(["one", "two"], ReadAll(reader));
        Assert.Equal(9, reader.ConsumedBytes); // "thr" starts here: a later reader reads that line whole
        Assert.Equal(12, reader.Stats.Bytes);
    }

    [Fact]
    public void Holding_incomplete_lines_still_returns_an_overlong_one_cut()
    {
        byte[] content = [.. "a\n"u8, .. Enumerable.Repeat((byte)'x', 100)];
        using var reader = new LineReader(new MemoryStream(content)) { HoldIncompleteLine = true, MaxLineBytes = 32 };

        var lines = ReadAll(reader);

        Assert.Equal(2, lines.Count);
        Assert.StartsWith(new string('x', 32) + " …[truncated 68 bytes]", lines[1], StringComparison.Ordinal);
        Assert.Equal(102, reader.ConsumedBytes);
    }

    [Fact]
    public void Consumed_bytes_count_newlines_and_skipped_parts_of_overlong_lines()
    {
        byte[] content = [.. Enumerable.Repeat((byte)'y', 200_000), .. "\nshort\n"u8];
        using var reader = new LineReader(new MemoryStream(content)) { MaxLineBytes = 1000 };

        Assert.True(reader.TryReadLine(out _));
        Assert.Equal(200_001, reader.ConsumedBytes);
        Assert.True(reader.TryReadLine(out string? line));
        Assert.Equal("short", line);
        Assert.Equal(content.Length, reader.ConsumedBytes);
    }

    /// <summary>How a line's bytes were decoded before ASCII lines took their own path: UTF-8 with U+FFFD, NULs as the reader treats them.</summary>
    private static (string Text, bool Invalid, int Nuls) ReferenceDecode(byte[] bytes)
    {
        int nuls = bytes.Count(b => b == 0);
        int first = Array.FindIndex(bytes, b => b != 0);
        if (first < 0)
        {
            return ("", false, nuls);
        }
        byte[] rest = bytes[first..];
        bool invalid = !System.Text.Unicode.Utf8.IsValid(rest);
        for (int i = 0; i < rest.Length; i++)
        {
            rest[i] = rest[i] == 0 ? (byte)0xFF : rest[i];
        }
        return (Encoding.UTF8.GetString(rest), invalid, nuls);
    }

    [Fact]
    public void Ascii_lines_and_the_rest_decode_as_utf8_with_the_same_counts()
    {
        // Lines of ASCII only (the fast path), with DEL, NULs, multi-byte UTF-8, stray continuation and lead bytes,
        // overlong forms and surrogates: each line and the counters as the UTF-8 decoder gives them.
        var random = new Random(6);
        byte[][] pieces =
        [
            "plain text 0123456789"u8.ToArray(), [0x7F], [0x01, 0x1F], [0x00], [0x00, 0x00],
            "\u00e9"u8.ToArray(), "\u20ac"u8.ToArray(), "\U0001F600"u8.ToArray(), [0x80], [0xC3], [0xE2, 0x82], [0xFF], [0xFE],
            [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBD], [0xF4, 0x90, 0x80, 0x80],
        ];
        var lines = new List<byte[]>();
        for (int i = 0; i < 3000; i++)
        {
            var line = new List<byte>();
            int count = random.Next(0, 6);
            for (int p = 0; p < count; p++)
            {
                // Mostly ASCII, as logs are.
                line.AddRange(random.Next(3) == 0 ? pieces[random.Next(pieces.Length)] : pieces[0].AsSpan(0, random.Next(1, pieces[0].Length)).ToArray());
            }
            line.RemoveAll(b => b == (byte)'\n' || b == (byte)'\r');
            lines.Add([.. line]);
        }
        var content = new List<byte>();
        foreach (byte[] line in lines)
        {
            content.AddRange(line);
            content.Add((byte)'\n');
        }
        var (read, stats) = ReadFile([.. content]);

        Assert.Equal(lines.Count, read.Count);
        long invalid = 0, nuls = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            var (text, isInvalid, lineNuls) = ReferenceDecode(i == 0 && lines[i].AsSpan().StartsWith("\uFEFF"u8) ? lines[i][3..] : lines[i]);
            Assert.Equal(text, read[i]);
            invalid += isInvalid ? 1 : 0;
            nuls += lineNuls;
        }
        Assert.Equal(invalid, stats.InvalidUtf8Lines);
        Assert.Equal(nuls, stats.NulBytes);
        Assert.True(invalid > 100 && nuls > 100 && read.Count(l => l.Length > 0 && !l.Any(c => c > 0x7F)) > 1000);
    }
}
