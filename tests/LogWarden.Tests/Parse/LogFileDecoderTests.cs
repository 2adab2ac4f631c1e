using System.Text;
using LogWarden.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Parse;

public sealed class LogFileDecoderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly LogFileOptions Utc = new() { TimeZone = TimeZoneInfo.Utc };

    [Fact]
    public void Gzipped_syslog_file_is_detected_decoded_and_dated_by_its_write_time()
    {
        string path = _temp.Write("syslog.2.gz", LineReaderTests.Gzip(Encoding.UTF8.GetBytes(
            "Dec 30 23:00:00 host sshd[1]: Accepted publickey for root\nDec 31 23:59:59 host sshd[1]: error: PAM: Authentication failure for root\n")));
        File.SetLastWriteTimeUtc(path, new DateTime(2023, 1, 2, 0, 0, 0, DateTimeKind.Utc));
        var decoder = new LogFileDecoder(path, Utc);

        var records = decoder.ReadRecords().ToList();

        Assert.Equal("syslog", decoder.Stats.Decoder);
        Assert.Equal(2, records.Count);
        Assert.Equal(new DateTimeOffset(2022, 12, 31, 23, 59, 59, TimeSpan.Zero), records[1].Timestamp);
        Assert.Equal(Severity.Error, records[1].Level);
        Assert.Equal(path, records[0].Source);
        Assert.Equal(2, records[1].LineNumber);
        Assert.Equal(2, decoder.Stats.Lines);
        Assert.Equal(2, decoder.Stats.Records);
        Assert.Null(decoder.Stats.Error);
    }

    [Fact]
    public void Every_line_past_the_sample_is_decoded_and_stack_traces_are_joined()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 200; i++)
        {
            text.Append($"2024-01-01 12:00:{i % 60:00},000 INFO [main] App: event {i}\n");
            if (i % 50 == 49)
            {
                text.Append("java.lang.RuntimeException: x\n\tat A.b(A.java:1)\n");
            }
        }

        text.Append("not a log line\n\n");
        string path = _temp.Write("app.log", text.ToString());
        var decoder = new LogFileDecoder(path, Utc);

        var records = decoder.ReadRecords().ToList();

        Assert.Equal("timestamp", decoder.Stats.Decoder);
        Assert.Equal(201, records.Count);
        Assert.Equal(8, decoder.Stats.ContinuationLines);
        Assert.Equal(1, decoder.Stats.FallbackLines);
        Assert.Equal(1, decoder.Stats.BlankLines);
        Assert.Equal(210, decoder.Stats.Lines);
        Assert.Equal(3, records[49].Raw.Split('\n').Length);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"[main] App: event {i}"), records.Take(200).Select(r => r.Message.Split('\n')[0]));
    }

    [Fact]
    public void Given_format_overrides_detection()
    {
        string path = _temp.Write("hdfs.log", "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 terminating\n");
        var decoder = new LogFileDecoder(path, Utc with { Format = "<Date> <Time> <Pid> <Level> <Component>: <Content>" });

        var record = Assert.Single(decoder.ReadRecords());

        Assert.Equal("logpai", decoder.Stats.Decoder);
        Assert.Equal("PacketResponder 1 terminating", record.Message);
    }

    [Fact]
    public void Unknown_format_name_is_rejected_before_reading()
    {
        Assert.Throws<ArgumentException>(() => new LogFileDecoder("whatever.log", new LogFileOptions { Format = "nope" }));
    }

    [Fact]
    public void Missing_file_yields_no_record_and_records_the_error()
    {
        var decoder = new LogFileDecoder(Path.Combine(_temp.Path, "missing.log"));

        Assert.Empty(decoder.ReadRecords());
        Assert.NotNull(decoder.Stats.Error);
    }

    [Fact]
    public void Empty_file_yields_no_record()
    {
        var decoder = new LogFileDecoder(_temp.Write("empty.log", ""));

        Assert.Empty(decoder.ReadRecords());
        Assert.Equal("plain", decoder.Stats.Decoder);
        Assert.Equal(0, decoder.Stats.Lines);
        Assert.Null(decoder.Stats.Error);
    }

    [Fact]
    public void Random_binary_file_yields_plain_records_without_throwing()
    {
        var bytes = new byte[2 * 1024 * 1024];
        new Random(99).NextBytes(bytes);
        var decoder = new LogFileDecoder(_temp.Write("random.bin", bytes), new LogFileOptions { MaxLineBytes = 1024 });

        var records = decoder.ReadRecords().ToList();

        Assert.NotEmpty(records);
        Assert.True(decoder.Stats.InvalidUtf8Lines > 0);
        Assert.True(decoder.Stats.NulBytes > 0);
        Assert.True(decoder.Stats.TruncatedLines > 0);
        Assert.Contains(records, r => r.Truncated);
    }

    [Fact]
    public void Truncated_gzip_keeps_its_records_and_reports_the_error()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 50_000; i++)
        {
            text.Append($"{{\"level\":\"info\",\"msg\":\"event {i}\",\"n\":{i * 7919 % 10007}}}\n");
        }

        byte[] gzip = LineReaderTests.Gzip(Encoding.UTF8.GetBytes(text.ToString()));
        var decoder = new LogFileDecoder(_temp.Write("cut.json.gz", gzip[..(gzip.Length / 2)]));

        var records = decoder.ReadRecords().ToList();

        Assert.Equal("json", decoder.Stats.Decoder);
        Assert.True(records.Count > 1000);
        Assert.Equal("event 0", records[0].Message);
        Assert.NotNull(decoder.Stats.Error);
    }

    [Fact]
    public void Xz_file_is_refused_with_the_reason_in_the_stats()
    {
        var decoder = new LogFileDecoder(_temp.Write("old.log.xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0, 0, 1]));

        Assert.Empty(decoder.ReadRecords());
        Assert.Contains("xz", decoder.Stats.Error);
    }

    [Theory]
    [InlineData("security/sshd.log", 0)]
    [InlineData("security/nginx-botsearch.log", 4)]
    [InlineData("security/apache-auth.log", 4)]
    [InlineData("security/dovecot.log", 5)]
    [InlineData("security/grafana.log", 0)]
    [InlineData("loghub2k/Zookeeper/Zookeeper_2k.log", 0)]
    public void Real_log_files_get_a_timestamp_on_every_record_even_where_formats_mix(string relativePath, int linesInAnotherFormat)
    {
        var decoder = new LogFileDecoder(Path.Combine(SharedData.Root(), relativePath), Utc);

        var records = decoder.ReadRecords().ToList();

        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.NotNull(r.Timestamp));
        Assert.True(decoder.Stats.FallbackLines <= linesInAnotherFormat + 2, $"{decoder.Stats.FallbackLines} fallbacks");
        Assert.Equal(decoder.Stats.Lines, decoder.Stats.Records + decoder.Stats.ContinuationLines + decoder.Stats.BlankLines + decoder.Stats.DroppedLines);
    }
}
