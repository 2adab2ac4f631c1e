using System.Buffers;
using System.Text;
using LogWarden.Collect.Syslog;

namespace LogWarden.Tests.Collect.Syslog;

public sealed class SyslogFrameReaderTests
{
    /// <summary>
    /// Feeds <paramref name="stream"/> to a reader the way a pipe does, <paramref name="readSize"/> bytes per
    /// read (unconsumed bytes stay in front of the next read), and collects frames as text with the
    /// skipped byte count, until the end or a broken stream.
    /// </summary>
    private static (List<(string Text, long Skipped)> Frames, bool Broken, string? Reason) Read(byte[] stream, int readSize, int maxMessageBytes = 64)
    {
        using var reader = new SyslogFrameReader(maxMessageBytes);
        var frames = new List<(string, long)>();
        byte[] pending = [];
        int offset = 0;
        while (true)
        {
            int take = Math.Min(readSize, stream.Length - offset);
            pending = [.. pending, .. stream.AsSpan(offset, take)];
            offset += take;
            bool completed = offset == stream.Length;
            var buffer = Segmented(pending);
            FrameStatus status;
            while ((status = reader.TryRead(ref buffer, completed, out var frame, out long skipped)) == FrameStatus.Frame)
            {
                frames.Add((Encoding.UTF8.GetString(frame.ToArray()), skipped));
            }

            if (status == FrameStatus.Broken)
            {
                return (frames, true, reader.BrokenReason);
            }

            pending = buffer.ToArray();
            if (completed)
            {
                return (frames, false, null);
            }
        }
    }

    /// <summary>A sequence of one-byte segments, so every frame crosses segment boundaries.</summary>
    private static ReadOnlySequence<byte> Segmented(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(bytes.AsMemory(0, 1), 0);
        var last = first;
        for (int i = 1; i < bytes.Length; i++)
        {
            last = last.Append(bytes.AsMemory(i, 1));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Octet_counted_frames_end_exactly_at_their_length_even_with_newlines_inside(int readSize)
    {
        var (frames, broken, _) = Read(Bytes("11 <13>one\ntwo14 <13>three four"), readSize);

        Assert.False(broken);
        Assert.Equal([("<13>one\ntwo", 0L), ("<13>three four", 0L)], frames);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(4096)]
    public void Newline_framing_ends_frames_at_LF_or_NUL_and_drops_CR_and_blank_frames(int readSize)
    {
        var (frames, broken, _) = Read(Bytes("<13>a\r\n<13>b\0<13>c\n\n\r\n<13>last without newline"), readSize);

        Assert.False(broken);
        Assert.Equal(["<13>a", "<13>b", "<13>c", "<13>last without newline"], frames.Select(f => f.Text));
    }

    [Fact]
    public void An_over_long_newline_frame_keeps_the_limit_and_counts_the_rest_without_buffering_it()
    {
        string longLine = "<13>" + new string('x', 1000);
        var (frames, broken, _) = Read(Bytes(longLine + "\n<13>next\n"), readSize: 16, maxMessageBytes: 64);

        Assert.False(broken);
        Assert.Equal(2, frames.Count);
        Assert.Equal(longLine[..64], frames[0].Text);
        Assert.Equal(longLine.Length - 64, frames[0].Skipped);
        Assert.Equal(("<13>next", 0L), frames[1]);
    }

    [Fact]
    public void An_over_long_octet_counted_frame_keeps_the_limit_and_skips_exactly_its_count()
    {
        string body = "<13>" + new string('y', 196);
        var (frames, broken, _) = Read(Bytes($"200 {body}9 <13>after"), readSize: 10, maxMessageBytes: 64);

        Assert.False(broken);
        Assert.Equal([(body[..64], 136L), ("<13>after", 0L)], frames);
    }

    [Fact]
    public void A_stray_newline_after_an_octet_counted_frame_is_tolerated()
    {
        var (frames, broken, _) = Read(Bytes("5 <13>a\n5 <13>b\r\n"), readSize: 3);

        Assert.False(broken);
        Assert.Equal(["<13>a", "<13>b"], frames.Select(f => f.Text));
    }

    [Theory]
    [InlineData("5 <13>a12x <13>bad", "bad octet count")]
    [InlineData("5 <13>a<13>switched to newlines\n", "bad octet count")]
    [InlineData("5 <13>a12345678901 <13>eleven digits", "no space")]
    [InlineData("5 <13>a99999999 <13>far too long", "beyond 16 times")]
    [InlineData("5 <13>a50 <13>ends early", "ended inside a 50-byte frame")]
    public void A_bad_octet_count_breaks_the_stream_after_the_good_frames(string stream, string reason)
    {
        var (frames, broken, why) = Read(Bytes(stream), readSize: 4);

        Assert.True(broken);
        Assert.Contains(reason, why, StringComparison.Ordinal);
        Assert.Equal(["<13>a"], frames.Select(f => f.Text));
    }

    [Fact]
    public void Binary_garbage_in_newline_framing_comes_out_as_frames_for_the_decoder_to_reject()
    {
        byte[] garbage = [0xFF, 0xFE, (byte)'<', 0x80, 0x01, (byte)'\n', (byte)'<', (byte)'1', (byte)'3', (byte)'>', (byte)'o', (byte)'k', (byte)'\n'];
        var (frames, broken, _) = Read(garbage, readSize: 2);

        Assert.False(broken);
        Assert.Equal(2, frames.Count);
        Assert.Equal("<13>ok", frames[1].Text);
    }
}
