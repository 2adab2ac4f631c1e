using LogWarden.Parse;

namespace LogWarden.Tests.Parse;

/// <summary>
/// <see cref="LogRecord.MessageOffset"/>: where the message starts in the line, known without making the message's
/// string only when the decoder took it as the rest of the line; anything else says -1 (callers compare the texts).
/// </summary>
public sealed class LogRecordTests
{
    private const string Line = "Jan 15 12:00:00 web1 sshd[42]: Failed password for root from 192.0.2.7 port 22 ssh2";

    [Fact]
    public void A_message_that_is_the_rest_of_the_line_knows_its_offset_without_a_string()
    {
        int start = Line.IndexOf("Failed", StringComparison.Ordinal);
        var record = new LogRecord(Line, new MessageSlices(start, Line.Length - start));

        Assert.Equal(start, record.MessageOffset);
        Assert.Equal(Line[start..], record.Message);
        Assert.Equal(start, record.MessageOffset); // reading Message changes nothing
    }

    [Fact]
    public void A_message_given_whole_or_made_of_two_slices_or_short_of_the_end_has_no_known_offset()
    {
        Assert.Equal(-1, new LogRecord { Raw = Line, Message = "Failed password for root from 192.0.2.7 port 22 ssh2" }.MessageOffset);
        Assert.Equal(-1, new LogRecord(Line, new MessageSlices(31, Line.Length - 31), "rewritten").MessageOffset);
        Assert.Equal(-1, new LogRecord(Line, new MessageSlices(31, Line.Length - 31)) { Message = "given after" }.MessageOffset);
        Assert.Equal(-1, new LogRecord(Line, new MessageSlices(31, 6)).MessageOffset);
        Assert.Equal(-1, new LogRecord(Line, new MessageSlices(31, 6, 40, 4)).MessageOffset);
    }

    [Fact]
    public void The_syslog_decoder_gives_the_offset_of_its_message()
    {
        var record = Decoding.Decode(SyslogDecoder.Instance, Line);

        Assert.Equal(Line.IndexOf("Failed", StringComparison.Ordinal), record.MessageOffset);
    }
}
