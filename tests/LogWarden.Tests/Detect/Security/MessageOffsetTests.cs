using LogWarden.Detect.Security;
using LogWarden.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Detect.Security;

/// <summary>
/// The recogniser takes a line's header length from <see cref="LogRecord.MessageOffset"/> when the decoder knows
/// it, instead of comparing the message with the line's end: the events must be the very ones the comparison gives.
/// </summary>
public sealed class MessageOffsetTests
{
    [Fact]
    public void Events_are_the_same_whether_the_header_length_comes_from_the_decoder_or_from_comparing_texts()
    {
        var lines = Directory.GetFiles(Path.Combine(SharedData.Root(), "security"), "*.log").Order(StringComparer.Ordinal).SelectMany(File.ReadLines)
            .Concat(SharedData.LogHubDatasets.SelectMany(n => File.ReadLines(Path.Combine(SharedData.Root(), "loghub2k", n, $"{n}_2k.log"))))
            .ToList();
        var sliced = new SecurityEventRecognizer();
        var whole = new SecurityEventRecognizer();
        int withOffset = 0, events = 0;
        foreach (string line in lines)
        {
            LogRecord record = SecurityLines.Decode(line);
            withOffset += record.MessageOffset >= 0 ? 1 : 0;
            var expected = whole.Recognize(WithWholeMessage(SecurityLines.Decode(line)));
            var actual = sliced.Recognize(record);
            Assert.True(Equals(expected, actual), $"{line}\n  compared: {expected}\n  offset:   {actual}");
            events += actual is null ? 0 : 1;
        }

        Assert.True(withOffset > 1000, $"{withOffset} of {lines.Count} lines had a known offset"); // the path is exercised
        Assert.True(events > 1000, $"{events} events");
    }

    /// <summary>The same record with its message given as a string, as decoders made it before slices: no known offset.</summary>
    private static LogRecord WithWholeMessage(LogRecord record)
    {
        var copy = new LogRecord
        {
            Raw = record.Raw,
            Message = record.Message,
            Timestamp = record.Timestamp,
            Level = record.Level,
            Host = record.Host,
            Source = record.Source,
            Program = record.Program,
            Pid = record.Pid,
            FieldsFromRaw = record.FieldsFromRaw, // an access line stays one (AccessLogDecoder.IsAccessRecord)
            Fields = record.FieldsFromRaw is null ? record.Fields : null!,
            LineNumber = record.LineNumber,
            Truncated = record.Truncated,
        };
        Assert.Equal(-1, copy.MessageOffset);
        return copy;
    }
}
