using LogWarden.Parse;
using static LogWarden.Tests.Parse.Decoding;

namespace LogWarden.Tests.Parse;

public sealed class JsonDecoderTests
{
    private static readonly JsonDecoder Json = JsonDecoder.Instance;

    [Fact]
    public void Pino_line_with_epoch_milliseconds_and_numeric_level()
    {
        var record = Decode(Json, "{\"level\":50,\"time\":1704067200123,\"pid\":4242,\"hostname\":\"api-1\",\"msg\":\"request failed\",\"reqId\":\"r-1\"}");

        Assert.Equal(Utc(2024, 1, 1, 0, 0, 0, 123), record.Timestamp);
        Assert.Equal(Severity.Error, record.Level);
        Assert.Equal("request failed", record.Message);
        Assert.Equal(4242, record.Pid);
        Assert.Equal("api-1", record.Host);
        Assert.Equal("r-1", Field(record, "reqId"));
    }

    [Fact]
    public void A_record_wrapped_whole_in_one_object_has_its_time_one_level_down_and_a_nested_date_elsewhere_is_not_its_time()
    {
        // Percona Server's audit log: every record is {"audit_record":{…}}
        var wrapped = Decode(Json, "{\"audit_record\":{\"name\":\"Connect\",\"timestamp\":\"2024-05-02T08:12:44Z\",\"connection_id\":\"15\",\"status\":1045,\"user\":\"root\",\"ip\":\"192.0.2.171\"}}");
        Assert.Equal(Utc(2024, 5, 2, 8, 12, 44), wrapped.Timestamp);

        // beside other keys, a nested object's date is its own (a user's, a certificate's)
        var other = Decode(Json, "{\"msg\":\"user created\",\"user\":{\"name\":\"bob\",\"date\":\"2001-02-03T04:05:06Z\"}}");
        Assert.Null(other.Timestamp);
    }

    [Fact]
    public void Mongodb_log_reads_its_extended_json_date_and_one_letter_severity()
    {
        var record = Decode(Json, "{\"t\":{\"$date\":\"2026-11-22T06:31:20.628+00:00\"},\"s\":\"E\",\"c\":\"QUERY\",\"id\":4560,\"ctx\":\"conn146\",\"msg\":\"Plan executor error during find command\",\"attr\":{\"error\":{\"code\":292}}}");

        Assert.Equal(Utc(2026, 11, 22, 6, 31, 20, 628), record.Timestamp);
        Assert.Equal(Severity.Error, record.Level);
        Assert.Equal("Plan executor error during find command", record.Message);
        Assert.Equal("292", Field(record, "attr.error.code"));
        Assert.Null(Field(record, "s"));

        var debug = Decode(Json, "{\"t\":{\"$date\":\"2026-11-22T06:31:20.628+00:00\"},\"s\":\"D2\",\"c\":\"NETWORK\",\"msg\":\"x\"}");
        Assert.Equal(Severity.Debug, debug.Level);

        // "s" with another meaning is a field, not a level.
        var other = Decode(Json, "{\"time\":\"2026-11-22T06:31:20Z\",\"s\":\"Error\",\"msg\":\"x\"}");
        Assert.Equal(Severity.Unknown, other.Level);
        Assert.Equal("Error", Field(other, "s"));
    }

    [Fact]
    public void Bunyan_line_takes_name_as_program()
    {
        var record = Decode(Json, "{\"name\":\"myapp\",\"hostname\":\"banana.local\",\"pid\":40161,\"level\":30,\"msg\":\"hi\",\"time\":\"2013-01-04T18:46:23.851Z\",\"v\":0}");

        Assert.Equal("myapp", record.Program);
        Assert.Equal(Severity.Info, record.Level);
        Assert.Equal(Utc(2013, 1, 4, 18, 46, 23, 851), record.Timestamp);
        Assert.Equal("0", Field(record, "v"));
    }

    [Fact]
    public void Serilog_compact_line_renders_the_template_and_defaults_to_information()
    {
        var record = Decode(Json, "{\"@t\":\"2016-06-07T03:44:57.8532799Z\",\"@mt\":\"Hello, {@User} took {Elapsed:000} ms\",\"User\":\"nblumhardt\",\"Elapsed\":34}");

        Assert.Equal("Hello, nblumhardt took 34 ms", record.Message);
        Assert.Equal(Severity.Info, record.Level);
        Assert.Equal("Hello, {@User} took {Elapsed:000} ms", Field(record, "message_template"));
        Assert.Equal(new DateTimeOffset(2016, 6, 7, 3, 44, 57, TimeSpan.Zero).AddTicks(8532799), record.Timestamp);
    }

    [Fact]
    public void Serilog_compact_rendered_message_and_level_win()
    {
        var record = Decode(Json, "{\"@t\":\"2024-01-01T00:00:00Z\",\"@m\":\"Disk full\",\"@mt\":\"Disk {Name}\",\"@l\":\"Warning\",\"@x\":\"System.IO.IOException: full\",\"SourceContext\":\"Store\"}");

        Assert.Equal("Disk full", record.Message);
        Assert.Equal(Severity.Warning, record.Level);
        Assert.Equal("Store", record.Program);
        Assert.Equal("System.IO.IOException: full", Field(record, "@x"));
    }

    [Fact]
    public void Zap_line_with_float_epoch_seconds()
    {
        var record = Decode(Json, "{\"level\":\"warn\",\"ts\":1704067200.5,\"logger\":\"db\",\"caller\":\"db/pool.go:42\",\"msg\":\"slow query\",\"ms\":812}");

        Assert.Equal(Utc(2024, 1, 1, 0, 0, 0, 500), record.Timestamp);
        Assert.Equal(Severity.Warning, record.Level);
        Assert.Equal("db", record.Program);
        Assert.Equal("db/pool.go:42", Field(record, "caller"));
        Assert.Equal("812", Field(record, "ms"));
    }

    [Fact]
    public void Logrus_and_structlog_lines_are_read()
    {
        var logrus = Decode(Json, "{\"level\":\"error\",\"msg\":\"cannot connect\",\"time\":\"2024-03-01T10:00:00+01:00\",\"err\":\"refused\"}");
        var structlog = Decode(Json, "{\"event\":\"user logged in\",\"level\":\"info\",\"timestamp\":\"2024-03-01T09:00:00.000001Z\",\"user\":\"alice\"}");
        var pythonJson = Decode(Json, "{\"asctime\":\"2024-03-01 09:00:00,123\",\"levelname\":\"CRITICAL\",\"message\":\"out of memory\",\"name\":\"worker\"}");

        Assert.Equal(Severity.Error, logrus.Level);
        Assert.Equal(Utc(2024, 3, 1, 9, 0, 0), logrus.Timestamp!.Value.ToUniversalTime());
        Assert.Equal("user logged in", structlog.Message);
        Assert.Equal("alice", Field(structlog, "user"));
        Assert.Equal(Severity.Critical, pythonJson.Level);
        Assert.Equal("out of memory", pythonJson.Message);
        Assert.Equal(Utc(2024, 3, 1, 9, 0, 0, 123), pythonJson.Timestamp);
    }

    [Fact]
    public void Docker_json_file_line_loses_its_trailing_newline()
    {
        var record = Decode(Json, "{\"log\":\"2024-01-01 ERROR cannot bind :80\\n\",\"stream\":\"stderr\",\"time\":\"2024-01-01T00:00:00.123456789Z\"}");

        Assert.Equal("2024-01-01 ERROR cannot bind :80", record.Message);
        Assert.Equal("stderr", Field(record, "stream"));
        Assert.Equal(Severity.Error, record.Level);
        Assert.Equal(Utc(2024, 1, 1, 0, 0, 0).AddTicks(1234567), record.Timestamp);
    }

    [Fact]
    public void Ecs_line_with_nested_objects_is_flattened()
    {
        var record = Decode(Json,
            "{\"@timestamp\":\"2024-01-01T00:00:00.000Z\",\"log\":{\"level\":\"warn\",\"logger\":\"http\"},\"message\":\"slow\",\"service\":{\"name\":\"shop\"},\"http\":{\"request\":{\"method\":\"GET\"}},\"tags\":[\"a\",\"b\"],\"gone\":null}");

        Assert.Equal(Severity.Warning, record.Level);
        Assert.Equal("shop", record.Program);
        Assert.Equal("GET", Field(record, "http.request.method"));
        Assert.Equal("[\"a\",\"b\"]", Field(record, "tags"));
        Assert.Equal("http", Field(record, "log.logger"));
        Assert.Null(Field(record, "gone"));
    }

    [Fact]
    public void Gelf_line_uses_short_message_and_syslog_level()
    {
        var record = Decode(Json, "{\"version\":\"1.1\",\"host\":\"example.org\",\"short_message\":\"A short message\",\"timestamp\":1385053862.3072,\"level\":1}");

        Assert.Equal("A short message", record.Message);
        Assert.Equal(Severity.Alert, record.Level);
        Assert.Equal("example.org", record.Host);
    }

    [Fact]
    public void Object_without_a_message_key_keeps_the_line_as_message()
    {
        var record = Decode(Json, "{\"a\":1,\"b\":\"two\"}");

        Assert.Equal("{\"a\":1,\"b\":\"two\"}", record.Message);
        Assert.Equal("two", Field(record, "b"));
    }

    [Fact]
    public void Field_count_and_value_length_are_bounded()
    {
        string many = "{" + string.Join(',', Enumerable.Range(0, 1000).Select(i => $"\"k{i}\":{i}")) + ",\"big\":\"" + new string('v', 100_000) + "\"}";

        var record = Decode(Json, many);

        Assert.Equal(RecordFields.MaxCount, record.Fields.Count);
        Assert.All(record.Fields, f => Assert.True(f.Value.Length <= RecordFields.MaxValueChars));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"unterminated\": \"x}")]
    [InlineData("{\"a\":1} trailing")]
    [InlineData("[1,2,3]")]
    [InlineData("{'single': 'quotes'}")]
    [InlineData("{\"a\":1,}")]
    public void Malformed_json_is_not_decoded(string line)
    {
        Assert.False(Decodes(Json, line));
    }
}

public sealed class LogfmtDecoderTests
{
    private static readonly LogfmtDecoder Logfmt = LogfmtDecoder.Instance;

    [Fact]
    public void Grafana_line_with_quoted_values_and_empty_value()
    {
        var record = Decode(Logfmt,
            "t=2020-10-19T17:44:33+0200 lvl=eror msg=\"Invalid username or password\" logger=context userId=0 orgId=0 uname= error=\"Invalid Username or Password\" remote_addr=182.56.23.12");

        Assert.Equal(Utc(2020, 10, 19, 15, 44, 33), record.Timestamp!.Value.ToUniversalTime());
        Assert.Equal(Severity.Error, record.Level);
        Assert.Equal("Invalid username or password", record.Message);
        Assert.Equal("context", record.Program);
        Assert.Equal("", Field(record, "uname"));
        Assert.Equal("Invalid Username or Password", Field(record, "error"));
        Assert.Equal("182.56.23.12", Field(record, "remote_addr"));
    }

    [Fact]
    public void Go_escapes_in_quoted_values_are_decoded()
    {
        var record = Decode(Logfmt, "level=info msg=\"line one\\nline \\\"two\\\" \\u00e9\" path=C:\\\\x");

        Assert.Equal("line one\nline \"two\" é", record.Message);
        Assert.Equal("C:\\\\x", Field(record, "path"));
    }

    [Fact]
    public void Line_without_msg_uses_the_remaining_pairs_as_message()
    {
        var record = Decode(Logfmt, "ts=2024-01-01T00:00:00Z level=debug component=compactor event=done took=3s");

        Assert.Equal("component=compactor event=done took=3s", record.Message);
        Assert.Equal("compactor", record.Program);
        Assert.Equal(Severity.Debug, record.Level);
    }

    [Theory]
    [InlineData("Connection closed by 1.2.3.4 port=22 user=x")]
    [InlineData("only=one")]
    [InlineData("a=\"unterminated b=c")]
    [InlineData("a=b \"quoted word\" c=d")]
    [InlineData("a=b c=d\"e")]
    [InlineData("Mar  1 12:00:00 host app[1]: level=info msg=x")]
    public void Free_text_and_malformed_pairs_are_not_decoded(string line)
    {
        Assert.False(Decodes(Logfmt, line));
    }
}

public sealed class JournalJsonDecoderTests
{
    private static readonly JournalJsonDecoder Journal = JournalJsonDecoder.Instance;

    [Fact]
    public void Journal_export_line_maps_the_trusted_fields()
    {
        var record = Decode(Journal,
            "{\"__CURSOR\":\"s=abc;i=1\",\"__REALTIME_TIMESTAMP\":\"1704067200123456\",\"__MONOTONIC_TIMESTAMP\":\"1\",\"_BOOT_ID\":\"b\",\"PRIORITY\":\"3\",\"_HOSTNAME\":\"web1\",\"SYSLOG_IDENTIFIER\":\"sshd\",\"_COMM\":\"sshd\",\"_PID\":\"777\",\"_SYSTEMD_UNIT\":\"ssh.service\",\"_TRANSPORT\":\"syslog\",\"MESSAGE\":\"error: kex_exchange_identification: Connection closed by remote host\"}");

        Assert.Equal(Utc(2024, 1, 1, 0, 0, 0).AddTicks(1234560), record.Timestamp);
        Assert.Equal(Severity.Error, record.Level);
        Assert.Equal("web1", record.Host);
        Assert.Equal("sshd", record.Program);
        Assert.Equal(777, record.Pid);
        Assert.Equal("ssh.service", Field(record, "unit"));
        Assert.Equal("syslog", Field(record, "_TRANSPORT"));
        Assert.Null(Field(record, "_BOOT_ID"));
        Assert.Null(Field(record, "__CURSOR"));
        Assert.Equal("error: kex_exchange_identification: Connection closed by remote host", record.Message);
    }

    [Fact]
    public void Message_given_as_byte_array_is_decoded_as_utf8()
    {
        var record = Decode(Journal, "{\"__REALTIME_TIMESTAMP\":\"1704067200000000\",\"_COMM\":\"app\",\"MESSAGE\":[104,105,27,91,48,109,255]}");

        Assert.Equal("hi\u001b[0m\uFFFD", record.Message);
        Assert.Equal("app", record.Program);
    }

    [Fact]
    public void Null_message_of_an_oversized_entry_is_empty()
    {
        var record = Decode(Journal, "{\"__CURSOR\":\"c\",\"MESSAGE\":null}");

        Assert.Equal("", record.Message);
    }

    [Theory]
    [InlineData("{\"msg\":\"plain json\"}")]
    [InlineData("{\"MESSAGE\":\"no cursor nor time\"}")]
    [InlineData("{\"__CURSOR\":\"c\",\"MESSAGE\":")]
    public void Other_json_is_not_journal_export(string line)
    {
        Assert.False(Decodes(Journal, line));
    }
}

public sealed class PlainDecoderTests
{
    [Theory]
    [InlineData("Something failed: ERROR in module", Severity.Error)]
    [InlineData("[warn] low disk", Severity.Warning)]
    [InlineData("there was no error here", Severity.Unknown)]
    [InlineData("fatal: not a git repository", Severity.Critical)]
    public void Whole_line_is_the_message_and_the_level_is_guessed_from_its_shape(string line, Severity level)
    {
        var record = Decode(PlainDecoder.Instance, line);

        Assert.Equal(line, record.Message);
        Assert.Equal(level, record.Level);
    }
}

public sealed class HostileInputTests
{
    public static TheoryData<string> DecoderNames() =>
        ["json", "logfmt", "syslog", "rfc5424", "access", "nginx-error", "apache-error", "journal-json", "timestamp", "plain", "<Date> <Time> <Level> <Content>"];

    [Theory]
    [MemberData(nameof(DecoderNames))]
    public void No_decoder_throws_on_hostile_lines(string name)
    {
        var decoder = FormatDetector.FromName(name);
        var context = Context();
        foreach (string line in HostileLines())
        {
            if (decoder.TryDecode(line, context, out var record))
            {
                Assert.NotNull(record.Message);
                Assert.Equal(line, record.Raw);
            }
        }
    }
}
