using System.Text;
using LogWarden.Collect;
using LogWarden.Collect.Syslog;
using LogWarden.Parse;

namespace LogWarden.Tests.Collect.Syslog;

public sealed class SyslogRecordBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static bool TryBuild(byte[] frame, out IngestRecord record, long skipped = 0, string transport = "tcp")
    {
        using var builder = new SyslogRecordBuilder(transport, new FixedTime(Now));
        return builder.TryBuild(frame.AsSpan(), skipped, "192.0.2.7", 1, out record);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Rfc5424_message_gives_host_program_fields_and_labels()
    {
        Assert.True(TryBuild(Bytes("<165>1 2026-11-25T11:59:58.5Z web1 nginx 4242 ID47 [exampleSDID@32473 iut=\"3\"] upstream timed out\n"), out var record));

        Assert.Equal("upstream timed out", record.Record.Message);
        Assert.Equal("web1", record.Record.Host);
        Assert.Equal("nginx", record.Record.Program);
        Assert.Equal(4242, record.Record.Pid);
        Assert.Equal(Severity.Notice, record.Record.Level);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 11, 59, 58, 500, TimeSpan.Zero), record.Record.Timestamp);
        Assert.Contains(new KeyValuePair<string, string>("exampleSDID@32473.iut", "3"), record.Record.Fields);
        Assert.Equal("tcp:192.0.2.7", record.Record.Source);
        Assert.Equal("{host=\"web1\",job=\"syslog\",peer=\"192.0.2.7\",transport=\"tcp\"}", record.Labels.Key);
    }

    [Fact]
    public void Rfc3164_message_gives_host_and_tag()
    {
        Assert.True(TryBuild(Bytes("<38>Nov 25 11:58:01 gate sshd[811]: Accepted publickey for root"), out var record, transport: "udp"));

        Assert.Equal("Accepted publickey for root", record.Record.Message);
        Assert.Equal("gate", record.Record.Host);
        Assert.Equal("sshd", record.Record.Program);
        Assert.Equal(811, record.Record.Pid);
        Assert.Equal(Severity.Info, record.Record.Level);
        Assert.Equal("gate", record.Labels["host"]);
        Assert.Equal("udp", record.Labels["transport"]);
    }

    [Fact]
    public void Nil_timestamp_and_host_take_the_arrival_time_and_no_host_label()
    {
        Assert.True(TryBuild(Bytes("<14>1 - - app - - - no time here"), out var record));

        Assert.Equal(Now, record.Record.Timestamp);
        Assert.Null(record.Labels["host"]);
        Assert.Equal("no time here", record.Record.Message);
    }

    [Fact]
    public void A_valid_PRI_with_no_header_is_kept_whole_with_the_arrival_time()
    {
        Assert.True(TryBuild(Bytes("<11>disk on fire"), out var record));

        Assert.Equal("disk on fire", record.Record.Message);
        Assert.Equal(Severity.Error, record.Record.Level);
        Assert.Equal(Now, record.Record.Timestamp);
    }

    [Theory]
    [InlineData("no pri at all")]
    [InlineData("<192>1 - - - - - - facility 24 does not exist")]
    [InlineData("<>empty")]
    [InlineData("<1234>four digits")]
    [InlineData("<13")]
    [InlineData(" <13>leading space")]
    public void A_frame_without_a_valid_PRI_is_malformed(string frame)
    {
        Assert.False(TryBuild(Bytes(frame), out _));
    }

    [Fact]
    public void Binary_garbage_is_malformed()
    {
        Assert.False(TryBuild([0x00, 0xFF, 0x3C, 0x31, 0x3E, 0x80], out _));
    }

    [Fact]
    public void Invalid_UTF8_and_NUL_become_replacement_characters()
    {
        Assert.True(TryBuild([.. Bytes("<13>bad "), 0xC3, 0x28, .. Bytes(" nul "), 0x00, .. Bytes(" end")], out var record));

        Assert.Equal("bad \uFFFD( nul \uFFFD end", record.Record.Message);
    }

    [Fact]
    public void A_cut_message_keeps_whole_characters_and_says_how_much_was_dropped()
    {
        // "é" is two bytes; the cut falls between them, so the half character is dropped and counted.
        byte[] kept = [.. Bytes("<13>abc"), 0xC3];
        Assert.True(TryBuild(kept, out var record, skipped: 99));

        Assert.Equal("abc …[truncated 100 bytes]", record.Record.Message);
        Assert.True(record.Record.Truncated);
    }

    [Fact]
    public void Label_sets_are_reused_for_the_same_peer_and_host()
    {
        using var builder = new SyslogRecordBuilder("udp", new FixedTime(Now));
        Assert.True(builder.TryBuild(Bytes("<13>Nov 25 11:58:01 h1 a: x").AsSpan(), 0, "192.0.2.1", 1, out var first));
        Assert.True(builder.TryBuild(Bytes("<13>Nov 25 11:58:02 h1 a: y").AsSpan(), 0, "192.0.2.1", 2, out var second));
        Assert.True(builder.TryBuild(Bytes("<13>Nov 25 11:58:02 h1 a: y").AsSpan(), 0, "192.0.2.2", 3, out var otherPeer));

        Assert.Same(first.Labels, second.Labels);
        Assert.NotEqual(first.Labels, otherPeer.Labels);
        Assert.Equal("192.0.2.2", otherPeer.Labels["peer"]);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
