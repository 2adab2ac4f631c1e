using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LogWarden.Collect.Syslog;
using LogWarden.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Collect.Syslog;

/// <summary>The listeners over real sockets, fed by util-linux's logger and by hand-made hostile frames.</summary>
public sealed class SyslogSourceTests
{
    private static readonly string HostName = Dns.GetHostName();

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Logger_rfc5424_over_tcp_arrives_with_host_program_structured_data_and_labels()
    {
        await using var server = await SyslogServer.StartAsync();

        await SyslogServer.RunLoggerAsync(["--port", $"{server.TcpPort}", "--tcp", "--rfc5424", "-t", "payments", "-p", "auth.warning",
            "--sd-id", "order@32473", "--sd-param", "id=\"42\"", "card declined for order 42"]);

        var record = Assert.Single(await server.Sink.WaitForRecordsAsync(1));
        Assert.Equal("card declined for order 42", record.Record.Message);
        Assert.Equal("payments", record.Record.Program);
        Assert.Equal(Severity.Warning, record.Record.Level);
        Assert.Contains(new KeyValuePair<string, string>("order@32473.id", "42"), record.Record.Fields);
        Assert.True(Math.Abs((record.Record.Timestamp!.Value - DateTimeOffset.UtcNow).TotalMinutes) < 5);
        Assert.Equal("syslog", record.Labels["job"]);
        Assert.Equal("tcp", record.Labels["transport"]);
        Assert.Equal("127.0.0.1", record.Labels["peer"]);
        Assert.Equal(HostName, record.Labels["host"]);
        Assert.Equal(1, server.Stats.Received);
        Assert.Null(record.Record.Fields.FirstOrDefault(f => f.Key == "procid").Value);
    }

    [Fact]
    public async Task Logger_rfc3164_over_udp_arrives_with_host_and_tag()
    {
        await using var server = await SyslogServer.StartAsync();

        await SyslogServer.RunLoggerAsync(["--port", $"{server.UdpPort}", "--udp", "--rfc3164", "-t", "cron", "-p", "cron.err", "job failed: exit 3"]);

        var record = Assert.Single(await server.Sink.WaitForRecordsAsync(1));
        Assert.Equal("job failed: exit 3", record.Record.Message);
        Assert.Equal("cron", record.Record.Program);
        Assert.Equal(Severity.Error, record.Record.Level);
        Assert.Equal("udp", record.Labels["transport"]);
        Assert.Equal(HostName, record.Labels["host"]);
        Assert.Equal(HostName, record.Record.Host);
    }

    [Theory]
    [InlineData("--octet-count", "--rfc5424")]
    [InlineData("--octet-count", "--rfc3164")]
    [InlineData("--tcp", "--rfc5424")]
    [InlineData("--tcp", "--rfc3164")]
    public async Task Logger_lines_from_stdin_over_one_tcp_connection_all_arrive_in_order(string framing, string format)
    {
        await using var server = await SyslogServer.StartAsync();
        var lines = Enumerable.Range(1, 500).Select(i => $"line {i} of the batch").ToList();

        await SyslogServer.RunLoggerAsync(["--port", $"{server.TcpPort}", "--tcp", framing, format, "-t", "batch"], string.Join('\n', lines) + "\n");

        var records = await server.Sink.WaitForRecordsAsync(lines.Count);
        Assert.Equal(lines, records.Select(r => r.Record.Message));
        Assert.All(records, r => Assert.Equal("batch", r.Record.Program));
        Assert.Equal(0, server.Stats.Malformed);
    }

    [Fact]
    public async Task Garbage_and_bad_PRI_frames_over_newline_tcp_are_counted_and_skipped_and_the_connection_goes_on()
    {
        await using var server = await SyslogServer.StartAsync();
        byte[] stream =
        [
            .. Bytes("<13>Nov 25 12:00:00 h1 app: first\n"),
            0xFF, 0xFE, 0x00, 0x01, (byte)'\n', // binary garbage, then a NUL-terminated empty frame
            .. Bytes("no pri here\n<999>bad pri\n<13\n"),
            .. Bytes("<13>Nov 25 12:00:01 h1 app: second\n"),
        ];

        await server.SendTcpAsync(stream);

        var records = await server.Sink.WaitForRecordsAsync(2);
        Assert.Equal(["first", "second"], records.Select(r => r.Record.Message));
        await Eventually.TrueAsync(() => server.Stats.Malformed == 5 && server.Stats.ConnectionsOpen == 0, "the malformed count");
    }

    [Fact]
    public async Task A_bad_octet_count_closes_that_connection_only()
    {
        await using var server = await SyslogServer.StartAsync();
        using var good = await server.ConnectAsync();
        using var bad = await server.ConnectAsync();

        await bad.SendAsync(Bytes("10 <13>first!12x <13>after the bad count"));
        await SyslogServer.AssertClosedByServerAsync(bad);
        await good.SendAsync(Bytes("14 <13>still here"));
        good.Shutdown(SocketShutdown.Send);

        var records = await server.Sink.WaitForRecordsAsync(2);
        Assert.Equal(["first!", "still here"], records.Select(r => r.Record.Message).Order(StringComparer.Ordinal));
        Assert.Equal(1, server.Stats.Malformed);
    }

    [Fact]
    public async Task A_huge_octet_count_is_malformed_and_closes_the_connection_without_waiting_for_the_bytes()
    {
        await using var server = await SyslogServer.StartAsync();
        using var socket = await server.ConnectAsync();

        await socket.SendAsync(Bytes("9999999999 <13>claims ten gigabytes"));

        await SyslogServer.AssertClosedByServerAsync(socket);
        Assert.Equal(1, server.Stats.Malformed);
        Assert.Empty(server.Sink.Records);
    }

    [Fact]
    public async Task Messages_over_the_limit_are_cut_with_a_marker_and_counted_on_tcp_and_udp()
    {
        await using var server = await SyslogServer.StartAsync(new SyslogOptions { MaxMessageBytes = 1024 });
        string longMessage = "<13>" + new string('a', 5000);

        await server.SendTcpAsync(Bytes(longMessage + "\n<13>short one\n"));
        await server.SendUdpAsync(Bytes(longMessage));

        var records = await server.Sink.WaitForRecordsAsync(3);
        var cut = records.Where(r => r.Record.Truncated).ToList();
        Assert.Equal(2, cut.Count);
        Assert.All(cut, r => Assert.Equal(new string('a', 1020) + " …[truncated 3980 bytes]", r.Record.Message));
        Assert.Contains(records, r => r.Record.Message == "short one");
        Assert.Equal(2, server.Stats.Truncated);
    }

    [Fact]
    public async Task Udp_garbage_datagrams_are_counted_and_valid_ones_arrive()
    {
        await using var server = await SyslogServer.StartAsync();

        await server.SendUdpAsync([0x00, 0xFF, 0x10], Bytes("hello without pri"), [], Bytes("<13>Nov 25 12:00:00 h2 app: fine\n"));

        var record = Assert.Single(await server.Sink.WaitForRecordsAsync(1));
        Assert.Equal("fine", record.Record.Message);
        await Eventually.TrueAsync(() => server.Stats.Malformed == 3, "three malformed datagrams");
    }

    [Fact]
    public async Task An_idle_connection_is_closed_and_counted()
    {
        await using var server = await SyslogServer.StartAsync(new SyslogOptions { IdleTimeout = TimeSpan.FromMilliseconds(200) });
        using var socket = await server.ConnectAsync();
        await socket.SendAsync(Bytes("<13>one then silence\n"));

        await SyslogServer.AssertClosedByServerAsync(socket);
        Assert.Equal("one then silence", Assert.Single(await server.Sink.WaitForRecordsAsync(1)).Record.Message);
        await Eventually.TrueAsync(() => server.Stats.IdleTimeouts == 1, "the idle timeout");
    }

    [Fact]
    public async Task Connections_beyond_the_maximum_are_closed_at_once_and_counted()
    {
        await using var server = await SyslogServer.StartAsync(new SyslogOptions { MaxConnections = 2 });
        using var first = await server.ConnectAsync();
        using var second = await server.ConnectAsync();
        await Eventually.TrueAsync(() => server.Stats.ConnectionsOpen == 2, "two open connections");

        using var third = await server.ConnectAsync();
        await SyslogServer.AssertClosedByServerAsync(third);
        Assert.Equal(1, server.Stats.ConnectionsRejected);
        await first.SendAsync(Bytes("<13>the first still works\n"));
        Assert.Equal("the first still works", Assert.Single(await server.Sink.WaitForRecordsAsync(1)).Record.Message);
    }

    [Fact]
    public async Task A_stalled_pipeline_stops_reading_tcp_and_loses_nothing_once_it_moves_again()
    {
        var options = new SyslogOptions { QueueChunks = 1, ChunkRecords = 8, BatchRecords = 8 };
        await using var server = await SyslogServer.StartAsync(options, sinkCapacity: 1);
        server.Sink.Pause();
        const int Count = 20_000;
        var payload = new StringBuilder();
        for (int i = 0; i < Count; i++)
        {
            payload.Append(CultureInfo.InvariantCulture, $"<13>Nov 25 12:00:00 h3 app: message {i} {new string('p', 100)}\n");
        }

        var sending = server.SendTcpAsync(Bytes(payload.ToString()));
        await Eventually.TrueAsync(() => server.Stats.Received > 0, "the first messages");

        // Stalled, the listener holds at most: a chunk in the queue, a batch in the forwarder, one in the
        // sink's queue and one in its consumer (8 records each); the rest waits in the sockets.
        for (int i = 0; i < 20; i++)
        {
            Assert.InRange(server.Stats.Received, 1, 4 * 8);
            await Task.Delay(10);
        }

        Assert.Empty(server.Sink.Records);
        server.Sink.Resume();
        await sending.WaitAsync(TimeSpan.FromSeconds(30));
        var records = await server.Sink.WaitForRecordsAsync(Count);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => $"message {i} {new string('p', 100)}"), records.Select(r => r.Record.Message));
        Assert.Equal(0, server.Stats.Dropped);
    }

    [Fact]
    public async Task Udp_datagrams_that_find_the_queue_full_are_dropped_and_counted()
    {
        var options = new SyslogOptions { QueueChunks = 1, ChunkRecords = 1, BatchRecords = 1 };
        await using var server = await SyslogServer.StartAsync(options, sinkCapacity: 1);
        server.Sink.Pause();

        for (int i = 0; i < 50; i++)
        {
            await server.SendUdpAsync(Bytes($"<13>datagram {i}"));
            await Task.Delay(1); // let the receiver keep up, so the kernel's buffer is not what drops them
        }

        await Eventually.TrueAsync(() => server.Stats.Received + server.Stats.Dropped == 50, "every datagram accounted for");
        Assert.True(server.Stats.Dropped > 0);
        server.Sink.Resume();
        var records = await server.Sink.WaitForRecordsAsync((int)server.Stats.Received);
        Assert.Equal(server.Stats.Received, records.Count);
    }

    [Fact]
    public async Task Stopping_hands_what_was_received_to_the_sink()
    {
        var server = await SyslogServer.StartAsync();
        var sink = server.Sink;
        await server.SendTcpAsync(Bytes(string.Concat(Enumerable.Range(0, 100).Select(i => $"<13>before stop {i}\n"))));
        await Eventually.TrueAsync(() => server.Stats.Received == 100, "all received");

        await server.DisposeAsync();

        Assert.Equal(100, sink.Records.Count);
    }

    [Fact]
    public async Task Listeners_on_IPv6_loopback_label_the_peer_with_its_IPv6_address()
    {
        var source = new SyslogSource(new SyslogOptions { Enabled = true, Udp = ["[::1]:0"], Tcp = ["[::1]:0"] });
        await using var sink = new CollectingSink();
        using var stop = new CancellationTokenSource();
        var running = source.RunAsync(sink, new InMemoryCheckpoints(), stop.Token);
        var endpoints = await source.Listening.WaitAsync(TimeSpan.FromSeconds(10));

        await SyslogServer.RunLoggerAsync(["--port", $"{endpoints.Tcp[0].Port}", "--tcp", "--rfc5424", "over tcp6"], server: "::1");
        await SyslogServer.RunLoggerAsync(["--port", $"{endpoints.Udp[0].Port}", "--udp", "--rfc5424", "over udp6"], server: "::1");

        var records = await sink.WaitForRecordsAsync(2);
        Assert.Equal(["over tcp6", "over udp6"], records.Select(r => r.Record.Message).Order(StringComparer.Ordinal));
        Assert.All(records, r => Assert.Equal("::1", r.Labels["peer"]));
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_port_in_use_fails_with_the_address_in_the_message()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        int port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        var source = new SyslogSource(new SyslogOptions { Enabled = true, Udp = [], Tcp = [$"127.0.0.1:{port}"] });
        await using var sink = new CollectingSink();

        var error = await Assert.ThrowsAsync<IOException>(() => source.RunAsync(sink, new InMemoryCheckpoints(), CancellationToken.None));

        Assert.Contains($"tcp 127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<IOException>(() => source.Listening);
    }

    [Theory]
    [InlineData("localhost:514")]
    [InlineData("127.0.0.1")]
    [InlineData("::1:514")]
    [InlineData("127.0.0.1:70000")]
    public void A_listen_address_that_is_not_ip_and_port_is_refused_by_validation(string address)
    {
        var options = new SyslogOptions { Udp = [address] };

        Assert.Contains(address, options.Validate(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_valid_and_off()
    {
        var options = new SyslogOptions();

        Assert.Null(options.Validate());
        Assert.False(options.Enabled);
    }
}
