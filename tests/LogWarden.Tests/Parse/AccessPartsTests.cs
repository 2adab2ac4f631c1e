using LogWarden.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Parse;

/// <summary>
/// An access record's parts read from what decoding found (its message slices and virtual host) against the same
/// line parsed again from its text, the path detection took before.
/// </summary>
public sealed class AccessPartsTests
{
    [Fact]
    public void Parts_read_from_the_decoded_slices_are_the_parts_the_line_parses_to()
    {
        var records = new List<LogRecord>();
        foreach (string file in Directory.GetFiles(Path.Combine(SharedData.Root(), "security"), "*.log"))
        {
            records.AddRange(new LogFileDecoder(file, new LogFileOptions { Multiline = MultilineOptions.LinePerRecord }).ReadRecords());
        }

        var context = new DecodeContext("access.log");
        var synthetic = new SyntheticLogs(23);
        var texts = new List<string>
        {
            "192.0.2.5 - alice [10/Oct/2024:13:55:36 +0000] \"GET /a?b=1 HTTP/1.1\" 200 2326 \"-\" \"curl/8.5.0\"",
            "web.example:443 192.0.2.6 - - [10/Oct/2024:13:55:36 +0000] \"\\x16\\x03\\x01\" 400 0 \"-\" \"-\"",
            "web.example:443 192.0.2.9 - bob smith [10/Oct/2024:13:55:36 +0000] \"GET / HTTP/1.1\" 200 5 \"https://r.example/\" \"Mozilla/5.0\" rt=0.001",
            "192.0.2.7 - - [10/Oct/2024:13:55:36 +0000] \"GET /x HTTP/1.1\" 404 153 \"-\" \"Mozilla/5.0 \\\"quoted\\\"\"",
            "192.0.2.8 - - [10/Oct/2024:13:55:36 +0000] \"PROPFIND  /dav HTTP/1.1\" 405 0",
            "192.0.2.8 - - [10/Oct/2024:13:55:36 +0000] \"GET /old\" 200 -",
            "192.0.2.8 - - [10/Oct/2024:13:55:36 +0000] \"\" 400 0 \"-\" \"-\"",
            "192.0.2.8 - - [10/Oct/2024:13:55:36 +0000] \"GET /a\\\"b HTTP/1.1\" 400 0 \"-\" \"-\"",
            "2001:db8::1 - - [10/Oct/2024:13:55:36 +0000] \"GET /v6 HTTP/1.1\" 301 0 \"-\"",
        };
        for (int i = 0; i < 20_000; i++)
        {
            texts.Add(synthetic.Next().Text);
        }

        foreach (string text in texts)
        {
            if (AccessLogDecoder.Instance.TryDecode(text, context, out LogRecord? record))
            {
                records.Add(record);
            }
        }

        int compared = 0, read = 0;
        foreach (LogRecord record in records.Where(AccessLogDecoder.IsAccessRecord))
        {
            Assert.NotNull(record.DecodedSlices); // the fast path is the one taken
            bool fromRecord = AccessLogDecoder.TryReadParts(record, out var fast);
            // A copy of the line: the per-thread memo of the last line answers by reference, so this one is parsed.
            bool fromText = AccessLogDecoder.TryReadParts(new string(record.Raw.AsSpan()), out var parsed);
            Assert.Equal(fromText, fromRecord);
            Assert.Equal(Describe(parsed), Describe(fast));
            compared++;
            read += fromRecord ? 1 : 0;
        }

        Assert.True(compared > 5_000, $"{compared} access records compared");
        Assert.True(read > 5_000 && read < compared, $"{read} of {compared} read from their parts (escaped ones are not)");
    }

    [Fact]
    public void A_record_made_without_slices_is_parsed_from_its_line()
    {
        string text = "web.example:443 192.0.2.9 - - [10/Oct/2024:13:55:36 +0000] \"GET /p HTTP/1.1\" 403 5 \"-\" \"curl/8\"";
        Assert.True(AccessLogDecoder.Instance.TryDecode(text, new DecodeContext("access.log"), out LogRecord? decoded));
        var copy = new LogRecord
        {
            Raw = new string(text.AsSpan()),
            Message = decoded.Message,
            Host = decoded.Host,
            FieldsFromRaw = decoded.FieldsFromRaw,
        };
        Assert.True(AccessLogDecoder.IsAccessRecord(copy));
        Assert.Null(copy.DecodedSlices);
        Assert.True(AccessLogDecoder.TryReadParts(copy, out var parts));
        Assert.Equal(("192.0.2.9", "GET", "/p", 403, "curl/8"), (parts.Client.ToString(), parts.Method.ToString(), parts.Target.ToString(), parts.Status, parts.UserAgent.ToString()));
    }

    [Fact]
    public void Parts_read_from_the_marks_kept_at_decoding_are_those_read_without_them_alone_and_after_a_syslog_header()
    {
        var context = new DecodeContext("access.log");
        var synthetic = new SyntheticLogs(29);
        string longUser = new('u', 5_000); // a head longer than the marks hold: no marks, read as before
        var texts = new List<string>
        {
            "192.0.2.5 - alice [10/Oct/2024:13:55:36 +0000] \"GET /a?b=1 HTTP/1.1\" 200 2326 \"-\" \"curl/8.5.0\"",
            "web.example:443 192.0.2.9 - bob smith [10/Oct/2024:13:55:36 +0000] \"GET / HTTP/1.1\" 200 5 \"https://r.example/\" \"Mozilla/5.0\" rt=0.001",
            "web.example 192.0.2.9 - - [10/Oct/2024:13:55:36 +0000] \"GET / HTTP/1.1\" 999 1234567890123456789 \"-\" \"a\"",
            "192.0.2.8 - - [10/Oct/2024:13:55:36 +0000] \"GET /x HTTP/1.1\" 000 -",
            "192.0.2.8 - - [10/Oct/2024:13:55:36 +0000] \"GET /x HTTP/1.1\" 404 - \"-\"",
            "192.0.2.7 - - [10/Oct/2024:13:55:36 +0000] \"GET /x HTTP/1.1\" 404 153 \"-\" \"Mozilla/5.0 \\\"quoted\\\"\"",
            "192.0.2.8 - - [10/Oct/2024:13:55:36 +0000] \"GET /a\\\"b HTTP/1.1\" 400 0 \"-\" \"-\"",
            "2001:db8::1 - - [10/Oct/2024:13:55:36 +0000] \"GET /v6 HTTP/1.1\" 301 0 \"-\"",
            $"192.0.2.8 - {longUser} [10/Oct/2024:13:55:36 +0000] \"GET /long HTTP/1.1\" 401 0 \"-\" \"curl\"",
        };
        for (int i = 0; i < 20_000; i++)
        {
            texts.Add(synthetic.Next().Text);
        }

        var syslogContext = Decoding.Context(new DateTimeOffset(2024, 10, 20, 0, 0, 0, TimeSpan.Zero));
        int compared = 0, marked = 0, embedded = 0;
        foreach (string text in texts)
        {
            var records = new List<LogRecord>();
            if (AccessLogDecoder.Instance.TryDecode(text, context, out LogRecord? record))
            {
                records.Add(record);
            }

            if (SyslogDecoder.Instance.TryDecode("Oct 10 13:55:36 web1 nginx[812]: " + text, syslogContext, out LogRecord? syslog) && AccessLogDecoder.IsAccessRecord(syslog))
            {
                records.Add(syslog);
                embedded++;
            }

            foreach (LogRecord decoded in records)
            {
                marked += decoded.DecodedMarks != 0 ? 1 : 0;
                Forget();
                bool fromMarks = AccessLogDecoder.TryReadParts(decoded, out var fast);
                // The same line without marks (but with its decoding's slices): read as before they were kept.
                var copy = decoded.WithoutMarks();
                Assert.Equal(0, copy.DecodedMarks);
                Assert.Equal(decoded.DecodedMarks, decoded.With(decoded.Timestamp, null, decoded.Program, decoded.Source, decoded.LineNumber, decoded.Truncated).DecodedMarks);
                Assert.NotNull(copy.DecodedSlices);
                Forget();
                bool fromSlices = AccessLogDecoder.TryReadParts(copy, out var slow);
                Assert.Equal(fromSlices, fromMarks);
                Assert.Equal(Describe(slow), Describe(fast));
                Forget();
                Assert.Equal(fromMarks, AccessLogDecoder.TryReadParts(decoded, out var again)); // the memo's answer is the same
                Assert.Equal(Describe(fast), Describe(again));
                compared++;
            }
        }

        Assert.True(compared > 20_000 && embedded > 10_000, $"{compared} records compared, {embedded} after a syslog header");
        Assert.True(marked > compared * 9 / 10 && marked < compared, $"{marked} of {compared} with marks (not the long user's)");
        Assert.True(AccessLogDecoder.Instance.TryDecode(texts[8], context, out LogRecord? unmarked));
        Assert.Equal(0, unmarked.DecodedMarks);
        Assert.True(AccessLogDecoder.TryReadParts(unmarked, out var longParts));
        Assert.Equal((longUser, "/long", 401), (longParts.User.ToString(), longParts.Target.ToString(), longParts.Status));

        static void Forget() => AccessLogDecoder.TryReadParts(new string('-', 1), out _); // another line: the per-thread memo answers no more
    }

    [Theory]
    [InlineData(0, 10, 3, 5, 200, 5)]
    [InlineData(0, 0, 0, 0, 0, 0)]
    [InlineData(8191, 8191 + 4095, 8191 + 4095, 8191 + 4095, 999, 31)]
    [InlineData(120, 160, 131, 133, 404, 2)]
    public void Marks_unpack_to_what_was_packed(int headStart, int headEnd, int clientEnd, int identEnd, int status, int bytesWordLength)
    {
        long marks = AccessLogDecoder.PackMarks(headStart, headEnd, clientEnd, identEnd, status, bytesWordLength);
        Assert.NotEqual(0, marks);
        Assert.Equal((headStart, headEnd, clientEnd, identEnd, status, bytesWordLength), AccessLogDecoder.UnpackMarks(marks));
    }

    [Theory]
    [InlineData(8192, 8200, 8195, 8197, 200, 5)]
    [InlineData(0, 4096, 3, 5, 200, 5)]
    [InlineData(0, 10, 3, 5, 1023, 5)]
    [InlineData(0, 10, 3, 5, 200, 32)]
    public void Positions_that_do_not_fit_keep_no_marks(int headStart, int headEnd, int clientEnd, int identEnd, int status, int bytesWordLength) =>
        Assert.Equal(0, AccessLogDecoder.PackMarks(headStart, headEnd, clientEnd, identEnd, status, bytesWordLength));

    private static string Describe(AccessLineParts p) =>
        string.Join('|', p.Client, p.User, p.Method, p.Target, p.Request, p.Status, p.Referer, p.UserAgent);
}
