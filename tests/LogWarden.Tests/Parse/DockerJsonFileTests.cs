using System.Text;
using System.Text.Json;
using LogWarden.Parse;

namespace LogWarden.Tests.Parse;

/// <summary>A copy of Docker's json-file log read by <c>analyze</c>: the line inside in its own format.</summary>
public sealed class DockerJsonFileTests : IDisposable
{
    private const string Id = "4b556d6651a4e3a13d8155c6d9ba5ad217823b2b32f0a1c5e7d9b1a3c5e7f9a1";
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly LogFileOptions Utc = new() { TimeZone = TimeZoneInfo.Utc };

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Entry(string log, DateTimeOffset time, string stream = "stdout") =>
        JsonSerializer.Serialize(new { log, stream, time = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'") });

    private string WriteLog(IEnumerable<string> entries, string? containerName = null)
    {
        if (containerName is not null)
        {
            _temp.Write($"containers/{Id}/config.v2.json", $$$"""{"ID":"{{{Id}}}","Name":"/{{{containerName}}}","Config":{"Image":"shop/web:1.4"}}""");
        }

        return _temp.Write($"containers/{Id}/{Id}-json.log", string.Join("\n", entries) + "\n");
    }

    private static string Pino(int level, DateTimeOffset time, string msg) =>
        JsonSerializer.Serialize(new { level, time = time.ToUnixTimeMilliseconds(), pid = 1, hostname = Id[..12], reqId = "req-" + time.Ticks, msg });

    [Fact]
    public void An_access_line_with_a_virtual_host_inside_json_file_names_its_client_not_the_virtual_host()
    {
        // nginx's "$host:$server_port $remote_addr …" (vhost_combined) in a container: the copy that drops the line's host
        // must still read the client after the virtual host.
        var t = Start.AddSeconds(5);
        string path = WriteLog([Entry("web.example:443 203.0.113.5 - - [25/Nov/2026:10:00:05 +0000] \"GET /.env HTTP/1.1\" 404 153 \"-\" \"Mozilla/5.0\"\n", t)], "shop-web-1");
        var records = new LogFileDecoder(path, Utc).ReadRecords().ToList();

        var record = Assert.Single(records);
        Assert.Null(record.Host);
        Assert.True(AccessLogDecoder.TryReadParts(record, out var parts));
        Assert.Equal("203.0.113.5", parts.Client.ToString());
        var security = new LogWarden.Detect.Security.SecurityEventRecognizer().Recognize(record);
        Assert.NotNull(security);
        Assert.True(security.Hostile);
        Assert.Equal("203.0.113.5", security.Ip);
    }

    [Fact]
    public void Pino_lines_inside_json_file_are_read_as_pino_with_their_level_message_and_time()
    {
        var entries = new List<string>();
        for (int i = 0; i < 60; i++)
        {
            var t = Start.AddSeconds(i);
            entries.Add(Entry(Pino(30, t, "request completed") + "\n", t.AddMilliseconds(1)));
        }

        var errorTime = Start.AddMinutes(5);
        entries.Add(Entry(Pino(50, errorTime, "request aborted") + "\n", errorTime.AddMilliseconds(2), "stderr"));
        string path = WriteLog(entries, "shop-web-1");
        var decoder = new LogFileDecoder(path, Utc);

        var records = decoder.ReadRecords().ToList();

        Assert.Equal("docker/json", decoder.Stats.Decoder);
        Assert.Equal(61, records.Count);
        var error = records[^1];
        Assert.Equal("request aborted", error.Message);
        Assert.Equal(Severity.Error, error.Level);
        Assert.Equal(errorTime, error.Timestamp); // the line's own time, which agrees with Docker's
        Assert.Equal("shop-web-1", error.Program); // pino names no program: the container's name
        Assert.Null(error.Host); // pino's hostname is the container's, not the machine's
        Assert.Contains(new KeyValuePair<string, string>("hostname", Id[..12]), error.Fields);
        Assert.Equal(61, error.LineNumber);
        Assert.StartsWith("{\"level\":50", error.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_without_a_time_of_their_own_take_Dockers_and_a_time_far_from_Dockers_is_not_taken()
    {
        string path = WriteLog(
        [
            Entry("level=error msg=\"payment provider request failed\" err=\"x509: certificate has expired\"\n", Start),
            Entry("time=2026-11-25T10:00:01.000Z level=info msg=request status=200\n", Start.AddSeconds(1).AddMilliseconds(3)),
            // a time without a zone, written in the container's zone (two hours ahead): Docker's is the right one
            Entry("2026/11/25 12:00:02 http: TLS handshake error from 203.0.113.9:41234: EOF\n", Start.AddSeconds(2), "stderr"),
        ]);
        var decoder = new LogFileDecoder(path, Utc);

        var records = decoder.ReadRecords().ToList();

        Assert.Equal(3, records.Count);
        Assert.Equal(Start, records[0].Timestamp);
        Assert.Equal(Severity.Error, records[0].Level);
        Assert.Equal("payment provider request failed", records[0].Message);
        Assert.Equal(Start.AddSeconds(1), records[1].Timestamp);
        Assert.Equal(Start.AddSeconds(2), records[2].Timestamp);
        Assert.Equal(Id[..12], records[0].Program); // no config.v2.json: the container's short id, as the daemon names it
    }

    [Fact]
    public void Pieces_of_a_long_line_are_joined_per_stream_as_Docker_split_them()
    {
        string a = new('a', 16384), b = new('b', 100);
        string path = WriteLog(
        [
            Entry("2026-11-25 10:00:00,000 INFO first " + a, Start),
            Entry("2026-11-25 10:00:00,500 ERROR on the other stream\n", Start.AddMilliseconds(500), "stderr"),
            Entry(b + "\n", Start.AddMilliseconds(600)),
            Entry("2026-11-25 10:00:01,000 INFO next\n", Start.AddSeconds(1)),
        ]);
        var decoder = new LogFileDecoder(path, Utc);

        var records = decoder.ReadRecords().ToList();

        // in the order Docker completed them, as the daemon's source reads them; the merge sorts by time
        Assert.Equal(["on the other stream", "first " + a + b, "next"], records.Select(r => r.Message));
        Assert.Equal(2, records[0].LineNumber);
        Assert.Equal(Severity.Error, records[0].Level);
        Assert.Equal(1, records[1].LineNumber);
        Assert.Equal(Start, records[1].Timestamp);
        Assert.Equal(4, records[2].LineNumber);
    }

    [Fact]
    public void Stack_trace_lines_Docker_wrote_one_entry_each_join_the_record_before_them()
    {
        string path = WriteLog(
        [
            Entry("2026-11-25 10:00:00,000 ERROR [main] App: failed\n", Start),
            Entry("java.lang.IllegalStateException: boom\n", Start),
            Entry("\tat A.b(A.java:1)\n", Start),
            Entry("2026-11-25 10:00:01,000 INFO [main] App: next\n", Start.AddSeconds(1)),
        ]);

        var records = new LogFileDecoder(path, Utc).ReadRecords().ToList();

        Assert.Equal(2, records.Count);
        Assert.Contains("\tat A.b(A.java:1)", records[0].Message, StringComparison.Ordinal);
        Assert.Equal(4, records[1].LineNumber);
    }

    [Fact]
    public void Analyze_labels_the_file_with_the_container_named_in_its_config()
    {
        string path = WriteLog([Entry("hello\n", Start)], "shop-web-1");

        var merged = new TimeMergedReader([path], new MergedInputOptions { File = Utc, Host = "app-b" }).Read().ToList();

        var record = Assert.Single(merged);
        Assert.Equal("shop-web-1", record.Labels["container"]);
        Assert.Equal("shop/web:1.4", record.Labels["image"]);
        Assert.Equal("app-b", record.Labels["host"]);
    }

    [Fact]
    public void Cri_log_of_containerd_is_unwrapped_with_partial_lines_joined_and_named_by_its_container()
    {
        string path = _temp.Write("pods/shop_web-7d9f_0b1c2d3e/api/0.log", string.Join("\n",
        [
            "2026-11-25T10:00:00.123456789Z stdout F {\"level\":\"info\",\"msg\":\"request\",\"status\":200}",
            "2026-11-25T10:00:01.000000000Z stderr P {\"level\":\"error\",\"msg\":\"payment ",
            "2026-11-25T10:00:01.000000100Z stderr F failed\",\"order\":42}",
            "2026-11-25T10:00:02.000000000Z stdout F {\"level\":\"info\",\"msg\":\"request\",\"status\":200}",
        ]) + "\n");
        var decoder = new LogFileDecoder(path, Utc);

        var records = decoder.ReadRecords().ToList();
        var merged = new TimeMergedReader([path], new MergedInputOptions { File = Utc }).Read().ToList();

        Assert.Equal("cri/json", decoder.Stats.Decoder);
        Assert.Equal(["request", "payment failed", "request"], records.Select(r => r.Message));
        Assert.Equal(Severity.Error, records[1].Level);
        Assert.Equal(Start.AddSeconds(1), records[1].Timestamp);
        Assert.Equal(2, records[1].LineNumber);
        Assert.Equal("api", records[1].Program);
        Assert.Equal("api", merged[0].Labels["container"]);
    }

    [Fact]
    public void A_json_log_with_a_log_key_but_not_Dockers_three_keys_is_plain_json()
    {
        var sample = new List<string>();
        for (int i = 0; i < 10; i++)
        {
            sample.Add($$"""{"time":"2026-11-25T10:00:0{{i}}Z","log":"app line {{i}}","level":"info"}""");
        }

        Assert.Same(JsonDecoder.Instance, FormatDetector.Detect(sample));
        Assert.Same(DockerJsonFileDecoder.Instance, FormatDetector.Detect([Entry("x\n", Start), Entry("y\n", Start)]));
    }

    [Fact]
    public void A_json_file_line_decoded_alone_reads_its_inner_line()
    {
        var context = new DecodeContext("x", Start, TimeZoneInfo.Utc) { LineNumber = 7 };

        Assert.True(DockerJsonFileDecoder.Instance.TryDecode(Entry("Nov 25 10:00:00 web sshd[12]: Failed password for root from 203.0.113.9 port 22 ssh2\n", Start), context, out var record));

        Assert.Equal("sshd", record.Program);
        Assert.Equal("Failed password for root from 203.0.113.9 port 22 ssh2", record.Message);
        Assert.Equal(Start, record.Timestamp);
        Assert.Equal(7, record.LineNumber);
    }
}
