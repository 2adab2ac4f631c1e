using LogWarden.Detect.Security;
using LogWarden.Parse;

namespace LogWarden.Tests.Detect.Security;

/// <summary>
/// Security events of logs whose columns a header names (<see cref="W3cDecoder"/>): IIS's web requests, Microsoft's FTP
/// service, Windows Firewall. The lines are written in each format's documented shape (addresses from the documentation
/// ranges), each log read in order with its header, as the events command reads a file.
/// </summary>
public sealed class ColumnarLogTests
{
    private const string IisHeader = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";
    private const string FtpHeader = "#Fields: date time c-ip cs-username s-ip s-port cs-method cs-uri-stem sc-status sc-win32-status sc-substatus x-session x-fullpath";
    private const string FirewallHeader = "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path";

    /// <summary>The header, then <paramref name="line"/>, through one context and one recogniser: the line's event.</summary>
    private static SecurityEvent? Recognize(string header, string line)
    {
        var context = new DecodeContext("u_ex240502.log", new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);
        var recognizer = new SecurityEventRecognizer();
        Assert.True(W3cDecoder.Instance.TryDecode(header, context, out var directive));
        Assert.Null(recognizer.Recognize(directive));
        Assert.True(W3cDecoder.Instance.TryDecode(line, context, out var record), line);
        return recognizer.Recognize(record);
    }

    [Theory]
    // a logon refused (401.1, Win32 1326: a wrong password) to a named user
    [InlineData("2024-05-02 08:12:44 192.0.2.230 POST /EWS/Exchange.asmx - 443 administrator 203.0.113.231 python-requests/2.31.0 - 401 1 1326 15", "web-auth-failure", "203.0.113.231")]
    // paths only scanners ask for, and an attack in the query column
    [InlineData("2024-05-02 08:20:00 192.0.2.230 GET /.env - 443 - 198.51.100.232 Mozilla/5.0+zgrab/0.x - 404 0 2 1", "web-probe", "198.51.100.232")]
    [InlineData("2024-05-02 08:21:00 192.0.2.230 GET /products.aspx id=1'+UNION+SELECT+password+FROM+users-- 443 - 198.51.100.233 Mozilla/5.0 - 500 0 0 9", "web-probe", "198.51.100.233")]
    public void An_iis_request_is_read_from_its_columns(string line, string kind, string client)
    {
        var e = Recognize(IisHeader, line);
        Assert.NotNull(e);
        Assert.Equal((kind, true, client), (e.Kind, e.Hostile, e.Ip));
    }

    [Theory]
    // the challenge to a browser's first request, which sent no credentials (401.2): no user column value
    [InlineData("2024-05-02 08:30:00 192.0.2.230 GET /owa/ - 443 - 192.0.2.233 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) - 401 2 5 3")]
    [InlineData("2024-05-02 08:30:01 192.0.2.230 GET /owa/ - 443 EXAMPLE\\alice 192.0.2.233 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) - 200 0 0 140")]
    [InlineData("2024-05-02 08:30:02 192.0.2.230 POST /EWS/Exchange.asmx - 443 EXAMPLE\\alice 192.0.2.233 Microsoft+Office/16.0 - 500 0 0 2003")]
    public void Ordinary_iis_requests_are_no_hostile_event(string line)
    {
        Assert.False(Recognize(IisHeader, line) is { Hostile: true }, line);
    }

    [Fact]
    public void An_ftp_password_refused_is_an_auth_failure_of_its_user_and_other_commands_are_no_web_requests()
    {
        var e = Recognize(FtpHeader, "2024-05-02 08:12:44 203.0.113.241 administrator 192.0.2.240 21 PASS *** 530 1326 41 3c1f0a2b-4d5e-4f60-8a71-92b3c4d5e6f7 -");
        Assert.NotNull(e);
        Assert.Equal(("auth-failure", true, "203.0.113.241", "administrator"), (e.Kind, e.Hostile, e.Ip, e.User));

        // a user name asked for (331), a login accepted (230), a refused upload (550): an FTP reply is no HTTP status
        Assert.Null(Recognize(FtpHeader, "2024-05-02 08:12:44 203.0.113.241 - 192.0.2.240 21 USER administrator 331 0 0 3c1f0a2b-4d5e-4f60-8a71-92b3c4d5e6f7 -"));
        Assert.Null(Recognize(FtpHeader, "2024-05-02 08:30:00 192.0.2.243 EXAMPLE\\alice 192.0.2.240 21 PASS *** 230 0 0 7a5b3c4d-8192-4a3b-bc5d-e6f708192a3b /"));
        Assert.Null(Recognize(FtpHeader, "2024-05-02 08:30:06 192.0.2.243 EXAMPLE\\alice 192.0.2.240 21 STOR upload/big.iso 550 112 0 7a5b3c4d-8192-4a3b-bc5d-e6f708192a3b /upload/big.iso"));
    }

    [Fact]
    public void A_firewall_drop_of_an_inbound_packet_is_blocked_by_its_source_and_broadcasts_are_not()
    {
        var e = Recognize(FirewallHeader, "2024-05-02 08:12:44 DROP TCP 203.0.113.84 192.0.2.80 51234 3389 52 S 1234567890 0 64240 - - - RECEIVE");
        Assert.NotNull(e);
        Assert.Equal(("blocked", true, "203.0.113.84"), (e.Kind, e.Hostile, e.Ip));

        // a neighbour's NetBIOS broadcast and an IPv6 multicast announcement, dropped: addressed to every host, not aimed at this one
        Assert.False(Recognize(FirewallHeader, "2024-05-02 08:30:03 DROP UDP 192.0.2.82 192.0.2.255 137 137 78 - - - - - - - RECEIVE") is { Hostile: true });
        Assert.False(Recognize(FirewallHeader, "2024-05-02 08:30:04 DROP UDP fe80::1c2d:3e4f:5a6b:7c8d ff02::1:3 5355 5355 78 - - - - - - - RECEIVE") is { Hostile: true });
        // what this host sent, allowed
        Assert.False(Recognize(FirewallHeader, "2024-05-02 08:30:00 ALLOW TCP 192.0.2.80 198.51.100.250 50512 443 52 - - - - - - - SEND") is { Hostile: true });
    }

    [Fact]
    public void An_ftp_servers_transfer_log_in_the_common_log_layout_is_read_as_ftp_and_a_stray_command_to_a_web_server_stays_a_bad_request()
    {
        // ProFTPD's ExtendedLog and Pure-FTPd's CLF log write the command where a request line goes and its reply as the status
        SecurityLines.AssertEvent("192.0.2.61 UNKNOWN bob [02/May/2024:08:12:44 +0000] \"PASS (hidden)\" 530 -", "auth-failure", hostile: true, "192.0.2.61");
        Assert.Null(SecurityLines.Recognize("192.0.2.61 UNKNOWN nobody [02/May/2024:08:12:43 +0000] \"USER bob\" 331 -"));
        Assert.Null(SecurityLines.Recognize("192.0.2.62 UNKNOWN alice [02/May/2024:08:13:00 +0000] \"RETR report.pdf\" 226 20480"));

        // the same words sent to a web server get an HTTP refusal: a protocol probe
        SecurityLines.AssertEvent("198.51.100.63 - - [02/May/2024:08:14:00 +0000] \"USER root\" 400 150 \"-\" \"-\"", "bad-request", hostile: true, "198.51.100.63");
    }

    [Theory]
    [InlineData("224.0.0.251", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("192.168.1.255", true)]
    [InlineData("ff02::1", true)]
    [InlineData("192.0.2.80", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("not-an-address", false)]
    public void Broadcast_and_multicast_destinations_are_told(string address, bool expected)
    {
        Assert.Equal(expected, IdsFlow.IsBroadcastOrMulticast(address));
    }
}
