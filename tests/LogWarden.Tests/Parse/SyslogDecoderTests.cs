using LogWarden.Parse;
using static LogWarden.Tests.Parse.Decoding;

namespace LogWarden.Tests.Parse;

public sealed class SyslogDecoderTests
{
    private static readonly SyslogDecoder Syslog = SyslogDecoder.Instance;

    [Fact]
    public void Rfc3164_auth_log_line_yields_host_program_pid_and_message()
    {
        var record = Decode(Syslog, "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186", Context(Utc(2024, 12, 20, 0, 0, 0)));

        Assert.Equal(Utc(2024, 12, 10, 6, 55, 46), record.Timestamp);
        Assert.Equal("LabSZ", record.Host);
        Assert.Equal("sshd", record.Program);
        Assert.Equal(24200, record.Pid);
        Assert.Equal("Invalid user webmaster from 173.234.31.186", record.Message);
        Assert.Equal(Severity.Unknown, record.Level);
    }

    [Fact]
    public void A_key_value_field_whose_value_holds_a_colon_is_no_tag()
    {
        // Zyxel's firewall: no tag, the record's fields right after the host name
        var record = Decode(Syslog, "<38>May  2 08:12:44 usgflex100 src=\"203.0.113.22:0\" dst=\"192.0.2.1:443\" msg=\"Failed login attempt to Device\"", Context(Utc(2024, 5, 20, 0, 0, 0)));

        Assert.Equal("usgflex100", record.Host);
        Assert.Null(record.Program);
        Assert.StartsWith("src=\"203.0.113.22:0\"", record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_after_the_time_is_no_host_name()
    {
        // MySQL 8's error log: RFC 3339 time, then the thread id (rgen12's blind replay took it for the host: "host":"14").
        var record = FormatDetector.DecodeWithAnyFormat("2026-11-25T10:05:00.123456Z 14 [ERROR] [MY-010584] [Repl] Replica SQL for channel '': Worker 1 failed",
            Context(Utc(2026, 11, 30, 0, 0, 0)));

        Assert.Null(record.Host);
        Assert.Equal(Utc(2026, 11, 25, 10, 5, 0).AddTicks(1_234_560), record.Timestamp);
        Assert.StartsWith("14 [ERROR]", record.Message, StringComparison.Ordinal);

        var named = Decode(Syslog, "2026-11-25T10:05:00.123456+00:00 web1 sshd[812]: Accepted publickey for bob", Context(Utc(2026, 11, 30, 0, 0, 0)));
        Assert.Equal(("web1", "sshd"), (named.Host, named.Program));
    }

    [Fact]
    public void A_level_word_after_the_time_is_no_host_name_spring_boot_is_read_as_its_own_layout()
    {
        // Spring Boot 3's default layout has an RFC 3339 time; blind replay #4 took "ERROR" for the host.
        var context = Context(Utc(2026, 11, 30, 0, 0, 0));
        Assert.False(Decodes(Syslog, "2026-11-11T04:10:43.398Z ERROR 2211 --- [shop] [nio-8080-exec-3] c.e.s.inventory.InventoryClient          : Circuit breaker is OPEN"));

        var record = FormatDetector.DecodeWithAnyFormat("2026-11-11T04:10:43.398Z ERROR 2211 --- [shop] [nio-8080-exec-3] c.e.s.inventory.InventoryClient          : Circuit breaker is OPEN", context);
        Assert.Null(record.Host);
        Assert.Equal((Severity.Error, 2211, "shop"), (record.Level, record.Pid, record.Program));
        Assert.Equal(Utc(2026, 11, 11, 4, 10, 43, 398), record.Timestamp);
        Assert.Equal("c.e.s.inventory.InventoryClient          : Circuit breaker is OPEN", record.Message); // no thread

        // Spring Boot 2 (no application name) and a padded level; a logger with brackets (Tomcat's dispatcher servlet)
        var older = Decode(TimestampPrefixDecoder.Instance, "2026-11-11 10:01:00.123  WARN 2211 --- [   scheduling-1] o.a.c.c.C.[.[.[/shop].[dispatcherServlet] : Servlet.service() threw exception", context);
        Assert.Equal((Severity.Warning, 2211, (string?)null), (older.Level, older.Pid, older.Program));
        Assert.Equal("o.a.c.c.C.[.[.[/shop].[dispatcherServlet] : Servlet.service() threw exception", older.Message);

        // A host named like a level in lower case stays a host.
        var named = Decode(Syslog, "2026-11-25T10:05:00.123456+00:00 info sshd[812]: Accepted publickey for bob", context);
        Assert.Equal(("info", "sshd"), (named.Host, named.Program));
    }

    [Fact]
    public void Busybox_facility_and_level_before_the_tag_are_read_not_taken_for_the_program()
    {
        // busybox syslogd (Alpine, OpenWrt) writes "facility.level" between the host and the tag.
        var context = Context(Utc(2026, 11, 30, 0, 0, 0));
        var record = Decode(Syslog, "Nov 22 06:22:42 edge-03 auth.info sshd[170438]: Invalid user admin from 203.0.113.9 port 4242", context);

        Assert.Equal(("edge-03", "sshd", 170438), (record.Host, record.Program, record.Pid));
        Assert.Equal("Invalid user admin from 203.0.113.9 port 4242", record.Message);
        Assert.Equal(Severity.Info, record.Level);
        Assert.Equal("auth", Field(record, "facility"));

        var kernel = Decode(Syslog, "Nov 22 07:05:04 edge-03 kern.warn kernel: [3480653.347000] redis-server invoked oom-killer", context);
        Assert.Equal(("kernel", Severity.Warning), (kernel.Program, kernel.Level));
        Assert.Equal("[3480653.347000] redis-server invoked oom-killer", kernel.Message);

        var hostless = Decode(Syslog, "Nov 22 07:05:04 authpriv.notice sudo: caddy : TTY=unknown ; USER=root ; COMMAND=/bin/sh", context);
        Assert.Equal((null, "sudo", Severity.Notice), (hostless.Host, hostless.Program, hostless.Level));

        // Not a facility: the word stays the host ("mail.example.org") or the tag.
        var named = Decode(Syslog, "Nov 22 07:05:04 mail.example.org postfix/smtpd[1]: connect from unknown[203.0.113.9]", context);
        Assert.Equal(("mail.example.org", "postfix/smtpd"), (named.Host, named.Program));
    }

    [Fact]
    public void An_access_line_written_to_syslog_is_an_access_record_with_the_syslog_header()
    {
        var context = Context(Utc(2026, 11, 30, 0, 0, 0));
        var record = Decode(Syslog, "Nov 27 10:00:01 web1 nginx[812]: 203.0.113.5 - bob [27/Nov/2026:10:00:01 +0000] \"GET /admin/ HTTP/1.1\" 503 153 \"-\" \"curl/8.5\"", context);

        Assert.True(AccessLogDecoder.IsAccessRecord(record));
        Assert.Equal(Utc(2026, 11, 27, 10, 0, 1), record.Timestamp);
        Assert.Equal(("web1", "nginx", 812), (record.Host, record.Program, record.Pid));
        Assert.Equal("GET /admin/ HTTP/1.1 503", record.Message); // mined as an access line is
        Assert.Equal(Severity.Error, record.Level);
        Assert.True(AccessLogDecoder.TryReadParts(record, out var parts));
        Assert.Equal(("203.0.113.5", "bob", "/admin/", 503, "curl/8.5"), (parts.Client.ToString(), parts.User.ToString(), parts.Target.ToString(), parts.Status, parts.UserAgent.ToString()));
        var fields = record.Fields.ToDictionary(f => f.Key, f => f.Value);
        Assert.Equal("203.0.113.5", fields["client"]);
        Assert.Equal("503", fields["status"]);
        Assert.Equal("/admin/", fields["path"]);

        var v6 = Decode(Syslog, "2026-11-27T10:00:02.000000+00:00 web1 apache2: 2001:db8::7 - - [27/Nov/2026:10:00:02 +0000] \"POST /login HTTP/1.1\" 401 20", context);
        Assert.True(AccessLogDecoder.TryReadParts(v6, out parts));
        Assert.Equal(("2001:db8::7", 401), (parts.Client.ToString(), parts.Status));
    }

    [Theory]
    // an address first but no access line after it
    [InlineData("Nov 27 10:00:01 web1 app: 203.0.113.5 - - connected [tls] \"hello\" 200 ok")]
    // a user with a space: the client could not be found again from the line alone, so the line stays syslog
    [InlineData("Nov 27 10:00:01 web1 nginx: 203.0.113.5 - john doe [27/Nov/2026:10:00:01 +0000] \"GET / HTTP/1.1\" 401 20")]
    [InlineData("Nov 27 10:00:01 web1 kernel: [  812.123] eth0: link up")]
    public void Other_messages_stay_syslog_records(string line)
    {
        var record = Decode(Syslog, line, Context(Utc(2026, 11, 30, 0, 0, 0)));

        Assert.False(AccessLogDecoder.IsAccessRecord(record));
        Assert.Equal(line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..], record.Message);
    }

    [Fact]
    public void Lines_of_one_input_share_their_host_and_program_strings()
    {
        var context = Context(Utc(2024, 12, 20, 0, 0, 0));
        var first = Decode(Syslog, "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186", context);
        var second = Decode(Syslog, "Dec 10 06:55:47 LabSZ sshd[24201]: Connection closed by 173.234.31.186", context);
        var other = Decode(Syslog, "Dec 10 06:55:48 LabSZ CRON[24202]: pam_unix(cron:session): session opened", context);

        Assert.Same(first.Host, second.Host);
        Assert.Same(first.Program, second.Program);
        Assert.Equal("CRON", other.Program);
        Assert.Equal("sshd", second.Program);
        Assert.Equal("Connection closed by 173.234.31.186", second.Message);
    }

    [Fact]
    public void Rfc3164_december_line_read_in_january_is_last_year()
    {
        var record = Decode(Syslog, "Dec 31 23:59:59 host cron[1]: tick", Context(Utc(2024, 1, 2, 8, 0, 0)));

        Assert.Equal(Utc(2023, 12, 31, 23, 59, 59), record.Timestamp);
    }

    [Fact]
    public void Rfc3164_line_a_day_ahead_of_the_reference_stays_in_the_reference_year()
    {
        var record = Decode(Syslog, "Jan 16 10:00:00 host app: clock ahead", Context(Utc(2024, 1, 15, 0, 0, 0)));

        Assert.Equal(2024, record.Timestamp!.Value.Year);
    }

    [Fact]
    public void Rfc3164_line_weeks_after_the_files_last_write_is_last_year()
    {
        var record = Decode(Syslog, "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster", Context(Utc(2026, 11, 25, 13, 0, 0)));

        Assert.Equal(Utc(2025, 12, 10, 6, 55, 46), record.Timestamp);
    }

    [Fact]
    public void Rfc3164_january_line_read_on_new_years_eve_is_next_year()
    {
        var record = Decode(Syslog, "Jan  1 00:00:05 host app: happy new year", Context(Utc(2024, 12, 31, 23, 59, 0)));

        Assert.Equal(Utc(2025, 1, 1, 0, 0, 5), record.Timestamp);
    }

    [Fact]
    public void Rfc3164_february_29_finds_the_last_leap_year()
    {
        var record = Decode(Syslog, "Feb 29 12:00:00 host app: leap", Context(Utc(2025, 6, 1, 0, 0, 0)));

        Assert.Equal(Utc(2024, 2, 29, 12, 0, 0), record.Timestamp);
    }

    [Fact]
    public void Rfc3164_time_is_read_in_the_configured_zone()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        var winter = Decode(Syslog, "Jan  5 12:00:00 host app: x", Context(Utc(2024, 2, 1, 0, 0, 0), berlin));
        var summer = Decode(Syslog, "Jul  5 12:00:00 host app: x", Context(Utc(2024, 8, 1, 0, 0, 0), berlin));

        Assert.Equal(Utc(2024, 1, 5, 11, 0, 0), winter.Timestamp!.Value.ToUniversalTime());
        Assert.Equal(Utc(2024, 7, 5, 10, 0, 0), summer.Timestamp!.Value.ToUniversalTime());
    }

    [Fact]
    public void Rfc3164_single_digit_day_is_space_padded()
    {
        var record = Decode(Syslog, "Mar  1 07:08:09 myhost kernel: [12345.678901] usb 1-1: new device");

        Assert.Equal(Utc(2023, 3, 1, 7, 8, 9), record.Timestamp);
        Assert.Equal("kernel", record.Program);
        Assert.Null(record.Pid);
        Assert.Equal("[12345.678901] usb 1-1: new device", record.Message);
    }

    [Fact]
    public void Priority_prefix_gives_severity_and_facility()
    {
        var record = Decode(Syslog, "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8");

        Assert.Equal(Severity.Critical, record.Level); // 34 = auth(4) * 8 + crit(2)
        Assert.Equal("auth", Field(record, "facility"));
        Assert.Equal("su", record.Program);
        Assert.Equal("mymachine", record.Host);
    }

    [Fact]
    public void Rfc3339_timestamp_of_debian_12_rsyslog_is_read_with_its_offset()
    {
        var record = Decode(Syslog, "2024-03-01T12:00:00.123456+01:00 web01 systemd[1]: Started session-4.scope.");

        Assert.Equal(new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.FromHours(1)).AddTicks(1234560), record.Timestamp);
        Assert.Equal(TimeSpan.FromHours(1), record.Timestamp!.Value.Offset);
        Assert.Equal("web01", record.Host);
        Assert.Equal("systemd", record.Program);
        Assert.Equal(1, record.Pid);
        Assert.Equal("Started session-4.scope.", record.Message);
    }

    [Fact]
    public void Program_names_with_slashes_and_parentheses_are_kept_whole()
    {
        var pam = Decode(Syslog, "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0");
        var postfix = Decode(Syslog, "Jan 10 10:00:00 mx postfix/smtpd[4321]: connect from unknown[192.0.2.1]");

        Assert.Equal("sshd(pam_unix)", pam.Program);
        Assert.Equal(19939, pam.Pid);
        Assert.Equal("postfix/smtpd", postfix.Program);
        Assert.Equal("connect from unknown[192.0.2.1]", postfix.Message);
    }

    [Fact]
    public void Unpadded_single_digit_day_is_accepted()
    {
        var record = Decode(Syslog, "Feb 7 16:01:07 linux-m899 sshd[5106]: User root from 192.51.100.54 not allowed", Context(Utc(2024, 3, 1, 0, 0, 0)));

        Assert.Equal(Utc(2024, 2, 7, 16, 1, 7), record.Timestamp);
        Assert.Equal("linux-m899", record.Host);
    }

    [Fact]
    public void Macos_timestamp_with_year_needs_no_inference()
    {
        var record = Decode(Syslog, "Oct 27 2015 09:24:46 test1.beezwax.net screensharingd[1170]: Authentication: FAILED :: User Name: x");

        Assert.Equal(Utc(2015, 10, 27, 9, 24, 46), record.Timestamp);
        Assert.Equal("screensharingd", record.Program);
    }

    [Fact]
    public void Line_without_host_takes_the_first_word_as_the_tag()
    {
        var record = Decode(Syslog, "Jan 10 10:00:00 sshd[99]: Accepted publickey for root");

        Assert.Null(record.Host);
        Assert.Equal("sshd", record.Program);
        Assert.Equal(99, record.Pid);
    }

    [Fact]
    public void Line_without_tag_keeps_everything_after_the_host_as_message()
    {
        var record = Decode(Syslog, "Jan 10 10:00:00 host last message repeated 3 times");

        Assert.Equal("host", record.Host);
        Assert.Null(record.Program);
        Assert.Equal("last message repeated 3 times", record.Message);
    }

    [Fact]
    public void Level_is_guessed_from_an_error_prefix_in_the_message()
    {
        var record = Decode(Syslog, "Jan 10 10:00:00 srv sshd[13709]: error: PAM: Authentication failure for root from 192.0.2.6");

        Assert.Equal(Severity.Error, record.Level);
    }

    [Theory]
    [InlineData("sshd[1]: no timestamp")]
    [InlineData("2024-01-01 12:00:00,123 INFO not syslog")]
    [InlineData("Foo 10 10:00:00 host app: bad month")]
    [InlineData("<200>Jan 10 10:00:00 host app: priority out of range")]
    [InlineData("Jan 10 10:00:00host glued")]
    public void Lines_in_other_formats_are_not_decoded(string line)
    {
        Assert.False(Decodes(Syslog, line));
    }
}

public sealed class Rfc5424DecoderTests
{
    private static readonly Rfc5424Decoder Rfc5424 = Rfc5424Decoder.Instance;

    [Fact]
    public void Full_header_with_structured_data_and_bom_is_decoded()
    {
        var record = Decode(Rfc5424,
            "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] \uFEFFAn application event log entry...");

        Assert.Equal(Utc(2003, 10, 11, 22, 14, 15, 3), record.Timestamp);
        Assert.Equal(Severity.Notice, record.Level); // 165 = local4 * 8 + notice
        Assert.Equal("local4", Field(record, "facility"));
        Assert.Equal("mymachine.example.com", record.Host);
        Assert.Equal("evntslog", record.Program);
        Assert.Null(record.Pid);
        Assert.Equal("ID47", Field(record, "msgid"));
        Assert.Equal("3", Field(record, "exampleSDID@32473.iut"));
        Assert.Equal("Application", Field(record, "exampleSDID@32473.eventSource"));
        Assert.Equal("An application event log entry...", record.Message);
    }

    [Fact]
    public void Nil_values_leave_members_empty()
    {
        var record = Decode(Rfc5424, "<13>1 - - - - - -");

        Assert.Null(record.Timestamp);
        Assert.Null(record.Host);
        Assert.Null(record.Program);
        Assert.Equal("", record.Message);
        Assert.Equal(Severity.Notice, record.Level);
    }

    [Fact]
    public void Several_sd_elements_and_escaped_values_are_parsed()
    {
        var record = Decode(Rfc5424,
            "<86>1 2024-01-01T00:00:00+02:00 host sshd 1234 - [a@1 k=\"quote \\\" bracket \\] backslash \\\\\"][b@2 x=\"y\"] Accepted password");

        Assert.Equal(1234, record.Pid);
        Assert.Equal("quote \" bracket ] backslash \\", Field(record, "a@1.k"));
        Assert.Equal("y", Field(record, "b@2.x"));
        Assert.Equal("Accepted password", record.Message);
        Assert.Equal(Severity.Info, record.Level);
        Assert.Equal("authpriv", Field(record, "facility"));
    }

    [Theory]
    [InlineData("<13>Jan 10 10:00:00 host app: rfc3164")]
    [InlineData("<13>1 2024-01-01T00:00:00Z host app - - [unterminated")]
    [InlineData("<13>1 2024-01-01T00:00:00Z host app")]
    [InlineData("<13>0 - - - - - -")]
    [InlineData("1 2024-01-01T00:00:00Z host app - - - no pri")]
    public void Malformed_or_other_lines_are_not_decoded(string line)
    {
        Assert.False(Decodes(Rfc5424, line));
    }
}

public sealed class TimestampPrefixDecoderTests
{
    private static readonly TimestampPrefixDecoder Timestamp = TimestampPrefixDecoder.Instance;

    [Theory]
    [InlineData("2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.MRAppMaster: Created", 2015, 10, 18, 18, 1, 47, 978, Severity.Info, "[main] org.apache.hadoop.MRAppMaster: Created")]
    [InlineData("2024-01-01T00:00:00Z ERROR boom", 2024, 1, 1, 0, 0, 0, 0, Severity.Error, "boom")]
    [InlineData("17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered", 2017, 6, 9, 20, 10, 40, 0, Severity.Info, "executor.CoarseGrainedExecutorBackend: Registered")]
    [InlineData("[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6", 2005, 12, 4, 4, 47, 44, 0, Severity.Error, "mod_jk child workerEnv in error state 6")]
    [InlineData("2015-07-29 17:41:44,747 - WARN  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification", 2015, 7, 29, 17, 41, 44, 747, Severity.Warning, "[QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification")]
    [InlineData("[2024-05-06 07:08:09] local.ERROR: Undefined variable", 2024, 5, 6, 7, 8, 9, 0, Severity.Error, "Undefined variable")]
    [InlineData("1700000000 started worker", 2023, 11, 14, 22, 13, 20, 0, Severity.Unknown, "started worker")]
    [InlineData("2024/01/02 03:04:05 http: TLS handshake error from 10.0.0.1:5555", 2024, 1, 2, 3, 4, 5, 0, Severity.Unknown, "http: TLS handshake error from 10.0.0.1:5555")]
    [InlineData("2020-04-09T14:04:00.667Z: Failed Login: username=admin ip=80.10.11.12", 2020, 4, 9, 14, 4, 0, 667, Severity.Unknown, "Failed Login: username=admin ip=80.10.11.12")]
    [InlineData("2024-01-01 12:00:00.123 <warn> disk almost full", 2024, 1, 1, 12, 0, 0, 123, Severity.Warning, "disk almost full")]
    [InlineData("[2014-01-06 10:59:38]LOGIN FAILED for user: \"asdsad\" from IP: 127.0.0.1", 2014, 1, 6, 10, 59, 38, 0, Severity.Unknown, "LOGIN FAILED for user: \"asdsad\" from IP: 127.0.0.1")]
    [InlineData("[22-Jan-2013 22:28:21 +0200]: FAILED login for user1 from 192.0.43.10", 2013, 1, 22, 20, 28, 21, 0, Severity.Unknown, "FAILED login for user1 from 192.0.43.10")]
    [InlineData("[22-Jan-2013 22:28:21 UTC] PHP Warning:  Undefined variable $x", 2013, 1, 22, 22, 28, 21, 0, Severity.Warning, "PHP Warning:  Undefined variable $x")]
    [InlineData("2011.11.21 14:29:16 LOG3[28228:140093368055552]: SSL_accept", 2011, 11, 21, 14, 29, 16, 0, Severity.Unknown, "LOG3[28228:140093368055552]: SSL_accept")]
    [InlineData("2005-06-21 14:55:10 GMT machine demo[1] F2B: error", 2005, 6, 21, 14, 55, 10, 0, Severity.Unknown, "machine demo[1] F2B: error")]
    public void Timestamp_and_level_word_are_split_off(string line, int year, int month, int day, int hour, int minute, int second, int millisecond,
        Severity level, string message)
    {
        var record = Decode(Timestamp, line);

        Assert.Equal(Utc(year, month, day, hour, minute, second, millisecond), record.Timestamp!.Value.ToUniversalTime());
        Assert.Equal(level, record.Level);
        Assert.Equal(message, record.Message);
    }

    [Fact]
    public void Tai64n_label_of_daemontools_loggers_is_a_timestamp()
    {
        var record = Decode(Timestamp, "@400000004c91b044077a9e94 imap-login: Info: Aborted login");

        // 0x4c91b044 - 10 = 1284616250 s; 0x077a9e94 = 125476500 ns.
        Assert.Equal(Utc(2010, 9, 16, 5, 50, 50, 125), record.Timestamp!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal("imap-login: Info: Aborted login", record.Message);
        Assert.Equal(Severity.Info, record.Level);
    }

    [Fact]
    public void Bsd_timestamp_without_host_structure_is_still_a_timestamp_line()
    {
        var record = Decode(Timestamp, "Dec 10 06:55:46 something happened", Context(Utc(2024, 12, 11, 0, 0, 0)));

        Assert.Equal(Utc(2024, 12, 10, 6, 55, 46), record.Timestamp);
        Assert.Equal("something happened", record.Message);
    }

    [Fact]
    public void Level_further_in_is_guessed_from_its_shape()
    {
        var record = Decode(Timestamp, "2024-01-01 12:00:00,001 - myapp.db - ERROR - connection lost");

        Assert.Equal(Severity.Error, record.Level);
        Assert.Equal("myapp.db - ERROR - connection lost", record.Message);
    }

    [Fact]
    public void Offset_in_the_timestamp_wins_over_the_context_zone()
    {
        var record = Decode(Timestamp, "2020-10-19T17:44:33+0200 something");

        Assert.Equal(Utc(2020, 10, 19, 15, 44, 33), record.Timestamp!.Value.ToUniversalTime());
    }

    [Theory]
    [InlineData("no timestamp here")]
    [InlineData("20240101 compact dates are not guessed")]
    [InlineData("12/06/2024 10:00:00 ambiguous day and month")]
    [InlineData("2024-01-01T12:00:00Zglued")]
    [InlineData("  2024-01-01 12:00:00 indented")]
    [InlineData("123 small number")]
    public void Lines_without_a_leading_timestamp_are_not_decoded(string line)
    {
        Assert.False(Decodes(Timestamp, line));
    }
}
