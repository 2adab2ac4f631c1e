using LogWarden.Parse;
using static LogWarden.Tests.Parse.Decoding;

namespace LogWarden.Tests.Parse;

/// <summary>
/// Logs whose columns a header names: IIS's and Windows Firewall's W3C extended format, Zeek's TSV logs. Lines are
/// written in each format's documented shape (addresses from the documentation ranges).
/// </summary>
public sealed class W3cDecoderTests
{
    private static readonly W3cDecoder W3c = W3cDecoder.Instance;

    private const string IisHeader = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

    /// <summary>Decodes lines in order with one context, as a file is read; the records of the lines that decode.</summary>
    private static List<LogRecord> DecodeAll(DecodeContext context, params string[] lines)
    {
        var records = new List<LogRecord>();
        foreach (string line in lines)
        {
            if (W3c.TryDecode(line, context, out var record))
            {
                records.Add(record);
            }
        }

        return records;
    }

    [Fact]
    public void An_iis_record_has_its_columns_as_fields_its_time_in_utc_and_its_level_from_the_status()
    {
        var context = Context(zone: TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2"));
        Decode(W3c, "#Software: Microsoft Internet Information Services 10.0", context);
        Decode(W3c, IisHeader, context);

        var record = Decode(W3c, "2024-05-02 08:12:44 192.0.2.230 POST /EWS/Exchange.asmx - 443 administrator 203.0.113.231 python-requests/2.31.0 - 401 1 1326 15", context);

        Assert.Equal(Utc(2024, 5, 2, 8, 12, 44), record.Timestamp); // W3C times are UTC whatever the reader's zone
        Assert.Equal(Severity.Warning, record.Level);
        Assert.Equal(("203.0.113.231", "administrator", "/EWS/Exchange.asmx"), (Field(record, "c-ip"), Field(record, "cs-username"), Field(record, "cs-uri-stem")));
        Assert.Null(Field(record, "cs-uri-query")); // "-": an empty column is left out
        Assert.Null(Field(record, "date"));
        Assert.True(record.Columnar);
        Assert.Equal(
            "s-ip=192.0.2.230 cs-method=POST cs-uri-stem=/EWS/Exchange.asmx s-port=443 cs-username=administrator c-ip=203.0.113.231 cs(User-Agent)=python-requests/2.31.0 sc-status=401 sc-substatus=1 sc-win32-status=1326 time-taken=15",
            record.Message);
        Assert.Equal(Severity.Error, Decode(W3c, "2024-05-02 08:30:02 192.0.2.230 POST /EWS/Exchange.asmx - 443 EXAMPLE\\alice 192.0.2.233 Microsoft+Office/16.0 - 500 0 0 2003", context).Level);
    }

    [Fact]
    public void Directive_lines_are_records_and_a_data_line_before_any_header_is_not_w3c()
    {
        var context = Context();
        Assert.False(W3c.TryDecode("2024-05-02 08:12:44 192.0.2.230 GET / - 443 - 203.0.113.1 curl/8 - 200 0 0 1", context, out _));

        var software = Decode(W3c, "#Software: Microsoft Internet Information Services 10.0", context);
        Assert.Null(software.Timestamp);
        Assert.False(software.Columnar);
        Assert.False(W3c.TryDecode("# a comment that is no directive", context, out _));
        Assert.False(W3c.TryDecode("#Fields: lonely", context, out _)); // one column: no layout
    }

    [Fact]
    public void A_local_time_format_directive_makes_times_local_and_extra_values_stay_with_the_last_column()
    {
        var context = Context(zone: TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2"));
        DecodeAll(context,
            "#Version: 1.5",
            "#Software: Microsoft Windows Firewall",
            "#Time Format: Local",
            "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path");

        var record = Decode(W3c, "2024-05-02 08:12:44 DROP TCP 203.0.113.84 192.0.2.80 51234 3389 52 S 1234567890 0 64240 - - - RECEIVE", context);
        Assert.Equal(Utc(2024, 5, 2, 6, 12, 44), record.Timestamp);
        Assert.Equal(("DROP", "203.0.113.84", "3389", "RECEIVE"), (Field(record, "action"), Field(record, "src-ip"), Field(record, "dst-port"), Field(record, "path")));
        Assert.StartsWith("action=DROP protocol=TCP src-ip=203.0.113.84 dst-ip=192.0.2.80 ", record.Message);

        // a writer that added a value without its name (the process id of newer Windows)
        var longer = Decode(W3c, "2024-05-02 08:12:45 ALLOW UDP 192.0.2.80 192.0.2.1 50000 53 78 - - - - - - - SEND 1234", context);
        Assert.Equal("SEND 1234", Field(longer, "path"));
    }

    [Fact]
    public void A_zeek_log_is_read_with_its_separator_and_its_epoch_times()
    {
        var context = Context();
        var records = DecodeAll(context,
            "#separator \\x09",
            "#set_separator\t,",
            "#path\tssh",
            "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tauth_success\tauth_attempts\tclient",
            "#types\ttime\tstring\taddr\tport\taddr\tport\tbool\tcount\tstring",
            "1714637564.123456\tCHhAvVGS1DHFjwGM9\t203.0.113.50\t51234\t192.0.2.10\t22\tF\t6\tSSH-2.0-libssh2_1.10.0");

        var ssh = records[^1];
        Assert.InRange((ssh.Timestamp!.Value - DateTimeOffset.FromUnixTimeMilliseconds(1714637564123)).TotalMilliseconds, 0, 1);
        Assert.Equal(("203.0.113.50", "F", "SSH-2.0-libssh2_1.10.0"), (Field(ssh, "id.orig_h"), Field(ssh, "auth_success"), Field(ssh, "client")));
        Assert.Equal(6, records.Count);
    }

    [Fact]
    public void A_log_with_a_message_column_keeps_that_message_and_its_line()
    {
        var context = Context();
        DecodeAll(context, "#Fields:\tdatetime\tpriority clientip\tcategory\tmessage");

        var record = Decode(W3c, "2024-05-02T08:12:44+00:00\tINFO 203.0.113.191\tjoomlafailure\tUsername and password do not match or you do not have an account yet.", context);

        Assert.Equal(Utc(2024, 5, 2, 8, 12, 44), record.Timestamp);
        Assert.Equal("Username and password do not match or you do not have an account yet.", record.Message);
        Assert.False(record.Columnar); // its words are read from the line, the address among them
    }

    [Fact]
    public void Detection_picks_w3c_for_a_log_with_a_fields_header_and_not_for_others()
    {
        string[] iis =
        [
            "#Software: Microsoft Internet Information Services 10.0",
            "#Version: 1.0",
            "#Date: 2024-05-02 08:00:00",
            IisHeader,
            "2024-05-02 08:12:44 192.0.2.230 GET / - 443 - 203.0.113.1 curl/8.0 - 200 0 0 1",
            "2024-05-02 08:12:45 192.0.2.230 GET /a - 443 - 203.0.113.1 curl/8.0 - 404 0 2 1",
        ];
        Assert.Equal("w3c", FormatDetector.Detect(iis).Name);

        string[] syslog =
        [
            "May  2 08:12:44 host sshd[1]: Accepted publickey for bob from 192.0.2.1 port 1 ssh2",
            "May  2 08:12:45 host sshd[1]: pam_unix(sshd:session): session opened for user bob",
        ];
        Assert.Equal("syslog", FormatDetector.Detect(syslog).Name);
        Assert.Equal("w3c", FormatDetector.FromName("iis").Name);
    }

    [Fact]
    public void Hostile_lines_after_a_header_never_throw()
    {
        var context = Context();
        Decode(W3c, IisHeader, context);
        foreach (string line in HostileLines())
        {
            W3c.TryDecode(line, context, out _); // a false or a record, never an exception
        }

        Decode(W3c, IisHeader, context);
        Assert.True(W3c.TryDecode("2024-05-02 08:12:44 192.0.2.230 GET / - 443 - 203.0.113.1 curl/8.0 - 200 0 0 1", context, out _));
        Assert.False(W3c.TryDecode("2024-13-02 08:12:44 192.0.2.230 GET / - 443 - 203.0.113.1 curl/8.0 - 200 0 0 1", context, out _));
        Assert.False(W3c.TryDecode("2024-05-02 25:12:44 192.0.2.230 GET / - 443 - 203.0.113.1 curl/8.0 - 200 0 0 1", context, out _));
    }
}
