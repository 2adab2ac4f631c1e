using LogWarden.Parse;
using static LogWarden.Tests.Parse.Decoding;

namespace LogWarden.Tests.Parse;

public sealed class AccessLogDecoderTests
{
    private static readonly AccessLogDecoder Access = AccessLogDecoder.Instance;

    [Fact]
    public void Combined_format_line_yields_every_field()
    {
        var record = Decode(Access,
            "203.0.113.7 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326 \"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"");

        Assert.Equal(new DateTimeOffset(2000, 10, 10, 13, 55, 36, TimeSpan.FromHours(-7)), record.Timestamp);
        Assert.Equal("GET /apache_pb.gif HTTP/1.0 200", record.Message);
        Assert.Equal(Severity.Info, record.Level);
        Assert.Equal("203.0.113.7", Field(record, "client"));
        Assert.Null(Field(record, "ident"));
        Assert.Equal("frank", Field(record, "user"));
        Assert.Equal("GET", Field(record, "method"));
        Assert.Equal("/apache_pb.gif", Field(record, "path"));
        Assert.Equal("HTTP/1.0", Field(record, "protocol"));
        Assert.Equal("200", Field(record, "status"));
        Assert.Equal("2326", Field(record, "bytes"));
        Assert.Equal("http://www.example.com/start.html", Field(record, "referer"));
        Assert.Equal("Mozilla/4.08 [en] (Win98; I ;Nav)", Field(record, "user_agent"));
    }

    [Fact]
    public void Common_format_line_without_referer_and_agent_is_decoded()
    {
        var record = Decode(Access, "127.0.0.1 - - [10/Oct/2000:13:55:36 +0000] \"POST /login HTTP/1.1\" 401 -");

        Assert.Equal(Severity.Warning, record.Level);
        Assert.Null(Field(record, "bytes"));
        Assert.Null(Field(record, "user_agent"));
    }

    [Fact]
    public void Server_error_status_is_an_error()
    {
        var record = Decode(Access, "::1 - - [01/Jan/2024:00:00:00 +0000] \"GET /api HTTP/2.0\" 502 157 \"-\" \"curl/8.5.0\"");

        Assert.Equal(Severity.Error, record.Level);
        Assert.Equal("::1", Field(record, "client"));
        Assert.Null(Field(record, "referer"));
    }

    [Fact]
    public void Extra_fields_after_the_agent_are_kept_together()
    {
        var record = Decode(Access,
            "10.0.0.2 - username [18/Nov/2018:21:34:30 +0000] \"GET /dashboard/ HTTP/2.0\" 401 17 \"-\" \"Mozilla/5.0 (X11; Linux x86_64; rv:57.0) Gecko/20100101 Firefox/57.0\" 72 \"Auth for frontend-Host-traefik-0\" \"/dashboard/\" 0ms");

        Assert.Equal("72 \"Auth for frontend-Host-traefik-0\" \"/dashboard/\" 0ms", Field(record, "extra"));
        Assert.Equal("username", Field(record, "user"));
    }

    [Fact]
    public void Garbage_request_line_is_kept_as_request_field()
    {
        var record = Decode(Access, "198.51.100.9 - - [20/Jan/2015:19:53:28 +0100] \"\\x16\\x03\\x01\\x00\\xa3\\x01\" 400 166 \"-\" \"-\"");

        Assert.Null(Field(record, "method"));
        Assert.Equal("\u0016\u0003\u0001\u0000\\xa3\u0001", Field(record, "request"));
        Assert.Equal(Severity.Warning, record.Level);
    }

    [Fact]
    public void Escaped_quote_inside_the_user_agent_is_unescaped()
    {
        var record = Decode(Access, "192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"evil \\\"agent\\\" () { :; };\"");

        Assert.Equal("evil \"agent\" () { :; };", Field(record, "user_agent"));
    }

    [Fact]
    public void Escaped_quote_inside_the_request_is_unescaped_in_the_message()
    {
        var record = Decode(Access, "192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] \"GET /a\\\"b HTTP/1.1\" 404 1 \"-\" \"x\"");

        Assert.Equal("GET /a\"b HTTP/1.1 404", record.Message);
    }

    [Fact]
    public void Vhost_combined_prefix_becomes_the_host()
    {
        var record = Decode(Access, "www.example.com:443 192.0.2.1 - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"");

        Assert.Equal("www.example.com:443", record.Host);
        Assert.Equal("192.0.2.1", Field(record, "client"));
    }

    [Theory]
    [InlineData("2024/01/01 12:00:00 [error] 1#1: not an access log")]
    [InlineData("1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 2000 1")]
    [InlineData("1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 12k")]
    [InlineData("1.2.3.4 - - [yesterday] \"GET / HTTP/1.1\" 200 1")]
    [InlineData("1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1 200 1")]
    public void Malformed_lines_are_not_decoded(string line)
    {
        Assert.False(Decodes(Access, line));
    }
}

public sealed class NginxErrorDecoderTests
{
    private static readonly NginxErrorDecoder Nginx = NginxErrorDecoder.Instance;

    [Fact]
    public void Error_line_is_split_into_message_and_context_fields()
    {
        var record = Decode(Nginx,
            "2012/04/09 11:53:29 [error] 2865#0: *66647 user \"xyz\" was not found in \"/var/www/.htpasswd\", client: 192.0.43.10, server: www.myhost.com, request: \"GET / HTTP/1.1\", host: \"www.myhost.com\"");

        Assert.Equal(Utc(2012, 4, 9, 11, 53, 29), record.Timestamp);
        Assert.Equal(Severity.Error, record.Level);
        Assert.Equal(2865, record.Pid);
        Assert.Equal("nginx", record.Program);
        Assert.Equal("user \"xyz\" was not found in \"/var/www/.htpasswd\"", record.Message);
        Assert.Equal("66647", Field(record, "connection"));
        Assert.Equal("192.0.43.10", Field(record, "client"));
        Assert.Equal("www.myhost.com", Field(record, "server"));
        Assert.Equal("GET / HTTP/1.1", Field(record, "request"));
        Assert.Equal("www.myhost.com", Field(record, "host"));
    }

    [Fact]
    public void Empty_server_and_referrer_are_parsed()
    {
        var record = Decode(Nginx,
            "2015/10/29 19:24:05 [error] 12684#12684: *22174 limiting requests, excess: 1.495 by zone \"one\", client: 192.0.2.0, server: , request: \"GET /index.php HTTP/1.1\", host: \"example.com\", referrer: \"https://example.com\"");

        Assert.Equal("limiting requests, excess: 1.495 by zone \"one\"", record.Message);
        Assert.Equal("", Field(record, "server"));
        Assert.Equal("https://example.com", Field(record, "referrer"));
        Assert.Equal("12684", Field(record, "tid"));
    }

    [Fact]
    public void Client_text_forged_inside_the_message_does_not_become_the_client()
    {
        var record = Decode(Nginx,
            "2024/01/01 12:00:00 [error] 1#1: *5 user \"a, client: 6.6.6.6, server: x, request: \"\" was not found in \"/p\", client: 192.0.2.1, server: s, request: \"GET / HTTP/1.1\", host: \"h\"");

        Assert.Equal("192.0.2.1", Field(record, "client"));
        Assert.StartsWith("user \"a, client: 6.6.6.6", record.Message);
    }

    [Fact]
    public void Notice_without_connection_or_context_keeps_the_whole_message()
    {
        var record = Decode(Nginx, "2024/01/01 12:00:00 [notice] 1234#1234: signal process started");

        Assert.Equal(Severity.Notice, record.Level);
        Assert.Equal("signal process started", record.Message);
        Assert.Null(Field(record, "client"));
    }

    [Theory]
    [InlineData("2024/01/01 12:00:00 [bogus] 1#1: x")]
    [InlineData("2024/01/01 12:00:00 [error] x: no pid")]
    [InlineData("2024-01-01 12:00:00 [error] 1#1: dashed date")]
    public void Malformed_lines_are_not_decoded(string line)
    {
        Assert.False(Decodes(Nginx, line));
    }
}

public sealed class ApacheErrorDecoderTests
{
    private static readonly ApacheErrorDecoder Apache = ApacheErrorDecoder.Instance;

    [Fact]
    public void Apache_2_4_line_yields_module_level_pid_and_client()
    {
        var record = Decode(Apache,
            "[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 123:tid 456] [client 1.2.3.4:5678] AH00126: Invalid URI in request GET /..%2f HTTP/1.1");

        Assert.Equal(Utc(2000, 10, 11, 14, 32, 52).AddTicks(1234560), record.Timestamp);
        Assert.Equal(Severity.Error, record.Level);
        Assert.Equal("core", record.Program);
        Assert.Equal(123, record.Pid);
        Assert.Equal("456", Field(record, "tid"));
        Assert.Equal("1.2.3.4", Field(record, "client"));
        Assert.Equal("AH00126: Invalid URI in request GET /..%2f HTTP/1.1", record.Message);
    }

    [Fact]
    public void Apache_2_2_line_with_plain_level_is_decoded()
    {
        var record = Decode(Apache, "[Sat Jun 01 02:17:42 2013] [error] [client 192.168.33.1] File does not exist: /srv/http/site/[client 192.168.0.1] user root not found");

        Assert.Equal(Severity.Error, record.Level);
        Assert.Null(record.Program);
        Assert.Equal("192.168.33.1", Field(record, "client"));
        Assert.Equal("File does not exist: /srv/http/site/[client 192.168.0.1] user root not found", record.Message);
    }

    [Fact]
    public void Ipv6_client_keeps_its_address_and_loses_its_port()
    {
        var record = Decode(Apache, "[Wed Oct 11 14:32:52 2000] [auth_basic:error] [pid 1] [client 2001:db8::1:51234] AH01618: user x not found: /");

        Assert.Equal("2001:db8::1", Field(record, "client"));
        Assert.Equal("auth_basic", record.Program);
    }

    [Fact]
    public void Trace_levels_are_read_as_trace()
    {
        var record = Decode(Apache, "[Wed Oct 11 14:32:52 2000] [ssl:trace3] [pid 9] ssl_engine_io.c(2135): OpenSSL: read 5/5 bytes");

        Assert.Equal(Severity.Trace, record.Level);
    }

    [Theory]
    [InlineData("[Wed Oct 11 14:32:52 2000] [nonsense] x")]
    [InlineData("[2024-01-01 00:00:00] [error] iso time is not apache")]
    [InlineData("Wed Oct 11 14:32:52 2000 [error] no brackets")]
    public void Malformed_lines_are_not_decoded(string line)
    {
        Assert.False(Decodes(Apache, line));
    }
}
