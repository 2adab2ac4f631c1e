using LogWarden.Parse;
using static LogWarden.Tests.Parse.Decoding;

namespace LogWarden.Tests.Parse;

/// <summary>Timestamps that are not ISO or syslog (compact, DB2, logcat), and lines whose timestamp follows a few fields.</summary>
public sealed class TimestampShapeTests
{
    private static readonly TimestampPrefixDecoder Prefix = TimestampPrefixDecoder.Instance;
    private static readonly FieldsTimestampDecoder Fields = FieldsTimestampDecoder.Instance;

    [Fact]
    public void Hadoop_yymmdd_hhmmss_and_its_level_after_the_thread_id()
    {
        var record = Decode(Prefix, "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating");

        Assert.Equal(Utc(2008, 11, 9, 20, 36, 15), record.Timestamp);
        Assert.Equal(Severity.Info, record.Level);
        Assert.StartsWith("148 INFO dfs.DataNode", record.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579", 22, 15, 29, 606, "Step_LSC|30002312|onStandStepChanged 3579")]
    [InlineData("20171224-1:0:0:794|Step_LSC|30002312|processHandleBroadcastAction", 1, 0, 0, 794, "Step_LSC|30002312|processHandleBroadcastAction")]
    [InlineData("20171223-22:15:35:11|Step_SPUtils|30002312| getTodayTotalDetailSteps = 1", 22, 15, 35, 11, "Step_SPUtils|30002312| getTodayTotalDetailSteps = 1")]
    public void Compact_dates_with_unpadded_times_and_colon_milliseconds(string line, int hour, int minute, int second, int ms, string message)
    {
        var record = Decode(Prefix, line);

        Assert.Equal(hour, record.Timestamp!.Value.Hour);
        Assert.Equal(new TimeSpan(0, hour, minute, second, ms), record.Timestamp.Value.TimeOfDay);
        Assert.Equal(message, record.Message);
    }

    [Fact]
    public void Day_month_name_year_as_log4j_DATE_writes_it()
    {
        var record = Decode(Prefix, "22 Nov 2026 02:03:06,514 ERROR [main] org.example.App - could not connect");

        Assert.Equal(Utc(2026, 11, 22, 2, 3, 6, 514), record.Timestamp);
        Assert.Equal(Severity.Error, record.Level);
        Assert.Equal("[main] org.example.App - could not connect", record.Message);

        var single = Decode(Prefix, "2 Nov 2026 02:03:06 WARN low memory");
        Assert.Equal(Utc(2026, 11, 2, 2, 3, 6), single.Timestamp);
        Assert.False(Decodes(Prefix, "22 Nov 2026 was a Sunday"));
    }

    [Fact]
    public void MariaDB_error_log_hours_padded_with_a_space()
    {
        // MariaDB writes "%d-%02d-%02d %2d:%02d:%02d %lu [%s]": before 10 o'clock the hour is padded with a space.
        var early = FormatDetector.DecodeWithAnyFormat("2026-11-25  3:10:02 0 [ERROR] mariadbd: Disk full (/var/lib/mysql/ibdata1); waiting for someone to free some space... (errno: 28 \"No space left on device\")", Context(Utc(2026, 11, 30, 0, 0, 0), TimeZoneInfo.Utc));
        var late = FormatDetector.DecodeWithAnyFormat("2026-11-25 13:10:02 0 [Warning] Aborted connection 42 to db: 'shop' user: 'app' host: 'localhost' (Got an error reading communication packets)", Context(Utc(2026, 11, 30, 0, 0, 0), TimeZoneInfo.Utc));

        Assert.Equal(Utc(2026, 11, 25, 3, 10, 2), early.Timestamp);
        Assert.Equal(Utc(2026, 11, 25, 13, 10, 2), late.Timestamp);
        Assert.Equal(Severity.Error, early.Level);
        Assert.StartsWith("0 [ERROR] mariadbd: Disk full", early.Message, StringComparison.Ordinal);
        Assert.Equal(Severity.Warning, late.Level);
    }

    [Theory]
    [InlineData("130324  0:04:00 [ERROR] /usr/sbin/mysqld: Disk is full writing './mysql-bin.000012' (Errcode: 28). Waiting for someone to free space...", 0, "mysqld")]
    [InlineData("130324 10:04:00 [Note] /usr/sbin/mysqld: Normal shutdown", 10, "mysqld")]
    [InlineData("130324  9:04:00 InnoDB: Error: Write to file ./ibdata1 failed at offset 0 1048576.", 9, null)]
    public void MySQL_5_error_log_two_digit_year_and_hour_padded_with_a_space(string line, int hour, string? program)
    {
        // MySQL before 5.6 (and MariaDB before 10.1) write "%02d%02d%02d %2d:%02d:%02d": yyMMdd, the hour padded with a space.
        var record = FormatDetector.DecodeWithAnyFormat(line, Context(Utc(2013, 3, 30, 0, 0, 0), TimeZoneInfo.Utc));

        Assert.Equal(Utc(2013, 3, 24, hour, 4, 0), record.Timestamp);
        Assert.Equal(program, record.Program);
    }

    [Theory]
    [InlineData("2026-11-25 19:10:00 0 [ERROR] mariadbd: Disk full (/var/lib/mysql/ibdata1); waiting for someone to free some space... (errno: 28 \"No space left on device\")", "mariadbd")]
    [InlineData("2026-11-25  3:10:02 0 [ERROR] mariadbd: Disk full (/var/lib/mysql/ibdata1)", "mariadbd")]
    [InlineData("2026-11-25T10:05:00.123456Z 14 [ERROR] [MY-011071] [Server] /usr/sbin/mysqld: Disk is full writing './binlog.000042'", "mysqld")]
    [InlineData("2026-11-25T10:05:00.123456Z 14 [ERROR] [MY-010584] [Repl] Replica SQL for channel '': Error 'Duplicate entry' on query.", null)]
    [InlineData("2026-11-25 19:10:00 0 [Note] InnoDB: Buffer pool(s) load completed at 261125 19:10:00", null)]
    [InlineData("2026-11-25 19:10:00 0 [Note] Starting MariaDB 10.11.6 as process 812", null)]
    [InlineData("2026-11-25 19:10:00 ERROR main: no brackets, no program", null)]
    public void Database_error_log_names_its_server_after_the_level(string line, string? program)
    {
        var record = FormatDetector.DecodeWithAnyFormat(line, Context(Utc(2026, 11, 30, 0, 0, 0), TimeZoneInfo.Utc));

        Assert.NotNull(record.Timestamp);
        Assert.Equal(program, record.Program);
        Assert.EndsWith(record.Message, line, StringComparison.Ordinal); // the message keeps the server's name
    }

    [Fact]
    public void Compact_iso_basic_format()
    {
        var record = Decode(Prefix, "20240301T120507Z backup finished");

        Assert.Equal(Utc(2024, 3, 1, 12, 5, 7), record.Timestamp);
        Assert.Equal("backup finished", record.Message);
    }

    [Theory]
    [InlineData("081309 203615 not a date")] // month 13
    [InlineData("081109 253615 not a time")] // hour 25
    [InlineData("123456 654321 two numbers")]
    [InlineData("20171323-22:15:29:606|month 13")]
    public void Digit_runs_that_are_no_valid_date_and_time_are_not_timestamps(string line)
    {
        Assert.False(Prefix.TryDecode(line, Context(), out _));
    }

    [Fact]
    public void Windows_cbs_lines_read_the_level_after_the_comma()
    {
        var record = Decode(Prefix, "2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack v6.1.7601.23505");

        Assert.Equal(Utc(2016, 9, 28, 4, 30, 30), record.Timestamp);
        Assert.Equal(Severity.Info, record.Level);
        Assert.Equal("CBS    Loaded Servicing Stack v6.1.7601.23505", record.Message);
    }

    [Theory]
    [InlineData("03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogs", Severity.Debug, "WindowManager: printFreezingDisplayLogs")]
    [InlineData("03-17 16:13:38.819  1702  8671 E ActivityManager: Failure starting process", Severity.Error, "ActivityManager: Failure starting process")]
    public void Logcat_threadtime_lines(string line, Severity level, string message)
    {
        var record = Decode(Prefix, line, Context(Utc(2024, 6, 1, 0, 0, 0)));

        Assert.Equal(new DateTimeOffset(2024, 3, 17, 16, 13, 38, 811 + (line.Contains(".819", StringComparison.Ordinal) ? 8 : 0), TimeSpan.Zero), record.Timestamp);
        Assert.Equal(level, record.Level);
        Assert.Equal(message, record.Message);
    }

    [Fact]
    public void A_month_day_time_without_a_fraction_is_not_taken_for_logcat()
    {
        Assert.False(Prefix.TryDecode("03-17 16:13:38 1702 2395 D tag: text", Context(), out _));
    }

    [Fact]
    public void Blue_gene_ras_line_epoch_after_a_label_and_level_after_the_node_fields()
    {
        var record = Decode(Fields, "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected");

        Assert.Equal(Utc(2005, 6, 3, 22, 42, 50), record.Timestamp);
        Assert.Equal(Severity.Info, record.Level);
        Assert.Equal("instruction cache parity error corrected", record.Message);
        Assert.Equal("- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected", record.Raw);
    }

    [Fact]
    public void Fatal_in_the_header_is_critical()
    {
        var record = Decode(Fields, "KERNDTLB 1118536327 2005.06.11 R30-M0-N9-C:J16-U01 2005-06-11-17.32.07.581048 R30-M0-N9-C:J16-U01 RAS KERNEL FATAL data TLB error interrupt");

        Assert.Equal(Severity.Critical, record.Level);
        Assert.Equal("data TLB error interrupt", record.Message);
    }

    [Fact]
    public void A_syslog_line_after_fields_is_read_as_syslog()
    {
        var record = Decode(Fields, "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root", Context(Utc(2005, 12, 1, 0, 0, 0)));

        Assert.Equal(Utc(2005, 11, 9, 12, 1, 1), record.Timestamp);
        Assert.Equal("dn228/dn228", record.Host);
        Assert.Equal("crond(pam_unix)", record.Program);
        Assert.Equal(2915, record.Pid);
        Assert.Equal("session closed for user root", record.Message);
        Assert.StartsWith("- 1131566461", record.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public void Epoch_seconds_deep_in_the_header_without_a_level()
    {
        var record = Decode(Fields, "134681 node-246 unix.hw state_change.unavailable 1077804742 1 Component State Change: Component \\042alt0\\042 is in the unavailable state (HWID=1955)");

        Assert.Equal(Utc(2004, 2, 26, 14, 12, 22), record.Timestamp);
        Assert.Equal("1 Component State Change: Component \\042alt0\\042 is in the unavailable state (HWID=1955)", record.Message);
    }

    [Theory]
    [InlineData("worker 17 did something at noon")]
    [InlineData("a b c d e f 2024-01-01T00:00:00Z too many fields before the time")]
    [InlineData("x 2024-01-01T00:00:00Zglued")]
    public void Lines_without_a_timestamp_in_the_first_fields_are_not_read(string line)
    {
        Assert.False(Fields.TryDecode(line, Context(), out _));
    }

    [Fact]
    public void Detection_picks_the_fields_format_only_where_no_more_specific_one_reads_the_file()
    {
        var bgl = Enumerable.Range(0, 20).Select(i => $"- {1117838570 + i} 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.{50 + (i % 9)}.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO event {i}").ToList();
        var syslog = Enumerable.Range(0, 20).Select(i => $"Jun 14 15:16:{i:00} combo sshd[{100 + i}]: Accepted publickey for root").ToList();

        Assert.Equal("fields-timestamp", FormatDetector.Detect(bgl).Name);
        Assert.Equal("syslog", FormatDetector.Detect(syslog).Name);
    }
}
