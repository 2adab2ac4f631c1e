using System.Net;
using Google.Protobuf;
using LogWarden.Collect.LokiPush;
using LogWarden.Parse;
using LogWarden.Tests.Support;
using Snappier;
using static LogWarden.Tests.Collect.LokiPush.LokiPushBodies;

namespace LogWarden.Tests.Collect.LokiPush;

/// <summary>The push endpoint on a real Kestrel, with bodies built by hand: the happy paths, the answers, hostile bodies.</summary>
public sealed class LokiPushEndpointTests
{
    private const string Json = "application/json";
    private const string Protobuf = "application/x-protobuf";

    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static PushStream Stream(string job, params PushEntry[] entries) =>
        new([new("job", job), new("host", "web1")], entries);

    private static PushStream[] TwoStreams() =>
    [
        Stream("nginx", new PushEntry(T0.AddTicks(1234567), "GET /a 200"), new PushEntry(T0.AddSeconds(1), "level=error msg=\"upstream timed out\"", [new("trace_id", "abc123")])),
        Stream("api", new PushEntry(T0.AddSeconds(2), "{\"level\":\"warn\",\"msg\":\"slow query\",\"ms\":812}")),
    ];

    private static void AssertTwoStreamsStored(IReadOnlyList<LogWarden.Collect.IngestRecord> records)
    {
        Assert.Equal(3, records.Count);
        Assert.Equal("{host=\"web1\",job=\"nginx\"}", records[0].Labels.Key);
        Assert.Equal("GET /a 200", records[0].Record.Raw);
        Assert.Equal(T0.AddTicks(1234567), records[0].Record.Timestamp); // to the tick (100 ns), as sent
        Assert.Equal("upstream timed out", records[1].Record.Message); // logfmt line decoded
        Assert.Equal(Severity.Error, records[1].Record.Level);
        Assert.Contains(new KeyValuePair<string, string>("trace_id", "abc123"), records[1].Record.Fields);
        Assert.Equal("{host=\"web1\",job=\"api\"}", records[2].Labels.Key);
        Assert.Equal("slow query", records[2].Record.Message); // JSON line decoded
        Assert.Equal(Severity.Warning, records[2].Record.Level);
        Assert.Equal("web1", records[2].Record.Host);
    }

    [Fact]
    public async Task Json_push_is_stored_then_answered_204()
    {
        await using var server = await LokiPushServer.StartAsync();

        var (status, _) = await server.PushAsync(LokiPushBodies.Json(TwoStreams()), Json);

        Assert.Equal(HttpStatusCode.NoContent, status);
        AssertTwoStreamsStored(server.Sink.Records); // stored before the answer, not eventually
        Assert.Equal(1, server.Stats.Accepted);
        Assert.Equal(3, server.Stats.Lines);
    }

    [Fact]
    public async Task Gzip_json_push_is_stored()
    {
        await using var server = await LokiPushServer.StartAsync();

        var (status, _) = await server.PushAsync(Gzip(LokiPushBodies.Json(TwoStreams())), "application/json; charset=utf-8", "gzip");

        Assert.Equal(HttpStatusCode.NoContent, status);
        AssertTwoStreamsStored(server.Sink.Records);
    }

    [Fact]
    public async Task Protobuf_snappy_push_is_stored_with_structured_metadata()
    {
        await using var server = await LokiPushServer.StartAsync();

        var (status, _) = await server.PushAsync(ProtobufSnappy(TwoStreams()), Protobuf);

        Assert.Equal(HttpStatusCode.NoContent, status);
        AssertTwoStreamsStored(server.Sink.Records);
    }

    [Fact]
    public async Task Protobuf_without_a_content_type_is_read_as_Loki_does()
    {
        await using var server = await LokiPushServer.StartAsync();

        var (status, _) = await server.PushAsync(ProtobufSnappy(TwoStreams()), contentType: null);

        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal(3, server.Sink.Records.Count);
    }

    [Fact]
    public async Task Gzip_over_protobuf_snappy_is_read()
    {
        await using var server = await LokiPushServer.StartAsync();

        var (status, _) = await server.PushAsync(Gzip(ProtobufSnappy(TwoStreams())), Protobuf, "gzip");

        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal(3, server.Sink.Records.Count);
    }

    [Fact]
    public async Task An_empty_push_is_answered_204_and_stores_nothing()
    {
        await using var server = await LokiPushServer.StartAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await server.PushAsync(Utf8("{\"streams\":[]}"), Json)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await server.PushAsync(Snappy.CompressToArray([]), Protobuf)).Status);
        Assert.Empty(server.Sink.Batches);
    }

    [Fact]
    public async Task The_answer_waits_until_the_push_is_stored()
    {
        await using var server = await LokiPushServer.StartAsync();
        server.Sink.Pause();

        var pushing = server.PushAsync(LokiPushBodies.Json(TwoStreams()), Json);
        await Task.Delay(300);
        Assert.False(pushing.IsCompleted, "answered before the batch was stored");

        server.Sink.Resume();
        Assert.Equal(HttpStatusCode.NoContent, (await pushing).Status);
        Assert.Equal(3, server.Sink.Records.Count);
    }

    [Fact]
    public async Task A_store_failure_is_answered_503_so_the_client_retries()
    {
        await using var server = await LokiPushServer.StartAsync();
        server.Sink.FailNextBatch(new IOException("disk full"));

        var (status, text) = await server.PushAsync(LokiPushBodies.Json(TwoStreams()), Json);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("disk full", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await server.PushAsync(LokiPushBodies.Json(TwoStreams()), Json)).Status);
        Assert.Equal(3, server.Sink.Records.Count);
    }

    [Fact]
    public async Task A_closed_pipeline_is_answered_503()
    {
        await using var server = await LokiPushServer.StartAsync();
        await server.Sink.DisposeAsync(); // as when the daemon is stopping: the sink takes nothing more

        var (status, text) = await server.PushAsync(LokiPushBodies.Json(TwoStreams()), Json);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("did not take the push", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_push_queued_but_not_confirmed_in_time_is_answered_503_and_still_stored_later()
    {
        await using var server = await LokiPushServer.StartAsync(new LokiPushOptions { DurableTimeout = TimeSpan.FromMilliseconds(200) });
        server.Sink.Pause();

        var (status, text) = await server.PushAsync(LokiPushBodies.Json(TwoStreams()), Json);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("did not confirm", text, StringComparison.Ordinal);
        server.Sink.Resume();
        Assert.Equal(3, (await server.Sink.WaitForRecordsAsync(3)).Count); // at least once: a retry would store it again
    }

    [Fact]
    public async Task A_pipeline_full_beyond_the_wait_limit_is_answered_429_and_the_queued_pushes_are_stored_later()
    {
        await using var server = await LokiPushServer.StartAsync(new LokiPushOptions { MaxWait = TimeSpan.FromMilliseconds(200) }, sinkCapacity: 1);
        server.Sink.Pause();

        // The sink's consumer holds the first batch and its queue the second; the third finds no room.
        var first = server.PushAsync(LokiPushBodies.Json(TwoStreams()), Json);
        await Eventually.TrueAsync(() => server.Sink.Written == 1, "the first push queued");
        var second = server.PushAsync(LokiPushBodies.Json(TwoStreams()), Json);
        await Eventually.TrueAsync(() => server.Sink.Written == 2, "the second push queued");
        var third = await server.PushAsync(LokiPushBodies.Json(TwoStreams()), Json);

        Assert.Equal(HttpStatusCode.TooManyRequests, third.Status);
        Assert.True(server.Stats.Saturated >= 1);
        server.Sink.Resume();
        Assert.Equal(HttpStatusCode.NoContent, (await first).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await second).Status);
        Assert.Equal(6, server.Sink.Records.Count);
    }

    [Fact]
    public async Task Over_long_lines_are_cut_with_a_marker_and_counted()
    {
        await using var server = await LokiPushServer.StartAsync(new LokiPushOptions { MaxLineBytes = 1000 });
        string line = new('é', 800); // 1,600 bytes of UTF-8

        var (status, _) = await server.PushAsync(ProtobufSnappy([Stream("big", new PushEntry(T0, line))]), Protobuf);

        Assert.Equal(HttpStatusCode.NoContent, status);
        var record = Assert.Single(server.Sink.Records).Record;
        Assert.Equal(new string('é', 500) + " …[truncated 600 bytes]", record.Raw);
        Assert.True(record.Truncated);
        Assert.Equal(1, server.Stats.TruncatedLines);
    }

    public static TheoryData<string, string> BadJsonBodies => new()
    {
        { "{\"streams\":[{\"stream\":{\"job\":\"x\"},\"values\":[[\"1700000000000000000\",\"ok\"]]}", "bad JSON body" },
        { "not json", "bad JSON body" },
        { "[]", "the body should be an object" },
        { "{\"streams\":{}}", "the streams should be an array" },
        { "{\"streams\":[{\"values\":[[\"1\",\"no labels\"]]}]}", "no \"stream\" labels" },
        { "{\"streams\":[{\"stream\":{},\"values\":[[\"1\",\"x\"]]}]}", "at least one label" },
        { "{\"streams\":[{\"stream\":{\"job\":\"\"},\"values\":[[\"1\",\"x\"]]}]}", "at least one label" },
        { "{\"streams\":[{\"stream\":{\"job\":5},\"values\":[]}]}", "not a string" },
        { "{\"streams\":[{\"stream\":{\"bad-name\":\"x\"},\"values\":[]}]}", "invalid label name 'bad-name'" },
        { "{\"streams\":[{\"stream\":{\"0job\":\"x\"},\"values\":[]}]}", "invalid label name '0job'" },
        { "{\"streams\":[{\"stream\":{\"job\":\"x\",\"job\":\"y\"},\"values\":[]}]}", "duplicate label name 'job'" },
        { "{\"streams\":[{\"stream\":{\"job\":\"x\"},\"values\":[[1700000000000000000,\"x\"]]}]}", "timestamp should be a string" },
        { "{\"streams\":[{\"stream\":{\"job\":\"x\"},\"values\":[[\"2024-01-01T00:00:00Z\",\"x\"]]}]}", "bad timestamp" },
        { "{\"streams\":[{\"stream\":{\"job\":\"x\"},\"values\":[[\"-5\",\"x\"]]}]}", "bad timestamp" },
        { "{\"streams\":[{\"stream\":{\"job\":\"x\"},\"values\":[[\"99999999999999999999\",\"x\"]]}]}", "bad timestamp" },
        { "{\"streams\":[{\"stream\":{\"job\":\"x\"},\"values\":[[\"1\"]]}]}", "line should be a string" },
        { "{\"streams\":[{\"stream\":{\"job\":\"x\"},\"values\":[[\"1\",\"x\",{},\"extra\"]]}]}", "more than [timestamp, line, metadata]" },
        { "{\"streams\":[{\"stream\":{\"job\":\"x\"},\"values\":[[\"1\",\"x\",{\"k\":1}]]}]}", "not a string" },
        { "{\"streams\":[{\"stream\":{\"job\":\"\\ud800\"},\"values\":[]}]}", "bad JSON body" },
        { "{\"streams\":[]} trailing", "bad JSON body" },
        { new string('[', 100) + new string(']', 100), "bad JSON body" },
    };

    [Theory]
    [MemberData(nameof(BadJsonBodies))]
    public async Task A_bad_JSON_body_is_answered_400_with_the_reason(string body, string reason)
    {
        await using var server = await LokiPushServer.StartAsync();

        var (status, text) = await server.PushAsync(Utf8(body), Json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, text, StringComparison.Ordinal);
        Assert.Empty(server.Sink.Records);
        Assert.Equal(1, server.Stats.BadRequests);
    }

    [Fact]
    public async Task Invalid_UTF8_in_a_JSON_line_is_repaired_not_refused()
    {
        await using var server = await LokiPushServer.StartAsync();
        byte[] body = [.. Utf8("{\"streams\":[{\"stream\":{\"job\":\"x\"},\"values\":[[\"1\",\"bad "), 0xC3, 0x28, .. Utf8(" byte\"]]}]}")];

        Assert.Equal(HttpStatusCode.NoContent, (await server.PushAsync(body, Json)).Status);
        Assert.Equal("bad \uFFFD( byte", Assert.Single(server.Sink.Records).Record.Raw);
    }

    public static TheoryData<string, byte[], string> BadProtobufBodies()
    {
        byte[] good = LokiPushBodies.Protobuf(TwoStreams());
        return new TheoryData<string, byte[], string>
        {
            { "truncated in the middle", good[..(good.Length / 2)], "bad protobuf body" },
            { "truncated by one byte", good[..^1], "bad protobuf body" },
            { "streams as a varint", [0x08, 0x01], "wire type Varint, expected LengthDelimited" },
            { "labels as a fixed64", Wrap(1, [0x09, 1, 2, 3, 4, 5, 6, 7, 8]), "StreamAdapter.labels has wire type Fixed64" },
            { "entry line as a varint", Wrap(1, [0x0A, 0x07, .. Utf8("{job=\"x\"}")[..7], 0x12, 0x02, 0x10, 0x05]), "bad" },
            { "wire type 7 does not exist", [0x0F], "bad protobuf body" },
            { "tag zero", [0x00], "bad protobuf body" },
            { "a length past the end", [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x07], "bad protobuf body" },
            { "a nested length past its parent", Wrap(1, [0x12, 0x50, 0x0A, 0x00]), "more than its message holds" },
            { "a stream without labels", Wrap(1, []), "has no labels" },
            { "a negative timestamp nanos", Wrap(1, [.. LabelField("{job=\"x\"}"), .. Wrap(2, Wrap(1, [0x08, 0x01, 0x10, .. Varint(ulong.MaxValue)]))]), "bad timestamp" },
            { "seconds beyond year 9999", Wrap(1, [.. LabelField("{job=\"x\"}"), .. Wrap(2, Wrap(1, [0x08, .. Varint(300_000_000_000)]))]), "bad timestamp" },
        };
    }

    private static byte[] Varint(ulong value)
    {
        var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteUInt64(value);
        output.Flush();
        return buffer.ToArray();
    }

    private static byte[] Wrap(int field, byte[] message) => [(byte)((field << 3) | 2), .. Varint((ulong)message.Length), .. message];

    private static byte[] LabelField(string labels) => [0x0A, (byte)labels.Length, .. Utf8(labels)];

    [Theory]
    [MemberData(nameof(BadProtobufBodies))]
    public async Task A_bad_protobuf_body_is_answered_400_with_the_reason(string what, byte[] message, string reason)
    {
        await using var server = await LokiPushServer.StartAsync();

        var (status, text) = await server.PushAsync(Snappy.CompressToArray(message), Protobuf);

        Assert.True(status == HttpStatusCode.BadRequest, $"{what}: {status} {text}");
        Assert.Contains(reason, text, StringComparison.Ordinal);
        Assert.Empty(server.Sink.Records);
    }

    public static TheoryData<string, string> BadLabelStrings => new()
    {
        { "job=\"x\"", "starts with '{'" },
        { "{job=\"x\"", "no closing" },
        { "{job=~\"x\"}", "expected a quoted label value" },
        { "{job!=\"x\"}", "expected '='" },
        { "{job=x}", "expected a quoted label value" },
        { "{job=\"x}", "unterminated string" },
        { "{job=\"\\q\"}", "unknown escape" },
        { "{job=\"x\" host=\"y\"}", "expected ',' or '}'" },
        { "{job=\"x\"} extra", "unexpected text" },
        { "{bad-name=\"x\"}", "expected '='" },
        { "{1job=\"x\"}", "invalid label name '1job'" },
        { "{}", "at least one label" },
        { "{job=\"x\", job=\"y\"}", "duplicate label name" },
    };

    [Theory]
    [MemberData(nameof(BadLabelStrings))]
    public async Task A_bad_label_string_is_answered_400(string labels, string reason)
    {
        await using var server = await LokiPushServer.StartAsync();
        byte[] message = ProtobufMessage([Stream("x", new PushEntry(T0, "line"))], _ => labels);

        var (status, text) = await server.PushAsync(Snappy.CompressToArray(message), Protobuf);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_snappy_is_answered_400()
    {
        await using var server = await LokiPushServer.StartAsync();
        byte[] compressed = ProtobufSnappy(TwoStreams());

        var raw = await server.PushAsync(LokiPushBodies.Protobuf(TwoStreams()), Protobuf); // not compressed at all
        var cut = await server.PushAsync(compressed[..^3], Protobuf);
        var varint = await server.PushAsync([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], Protobuf);
        // Snappier stops once its output is full: an empty block followed by garbage, or a good block with
        // bytes after it, decoded without complaint (a random body starting with 0 was an empty push, 204).
        var emptyThenGarbage = await server.PushAsync([0x00, 0x12, 0x34, 0x56], Protobuf);
        var trailing = await server.PushAsync([.. compressed, 0x01, 0x02], Protobuf);
        var negative = await server.PushAsync([0x80, 0x80, 0x80, 0x80, 0x08, 0x00], Protobuf); // 2^31: Snappier returns it as a negative int

        (HttpStatusCode Status, string Text)[] all = [raw, cut, varint, emptyThenGarbage, trailing, negative];
        Assert.All(all, r => Assert.Equal(HttpStatusCode.BadRequest, r.Status));
        Assert.All(all, r => Assert.Contains("bad", r.Text, StringComparison.Ordinal));
        Assert.Empty(server.Sink.Records);
    }

    [Fact]
    public async Task Bodies_over_the_limit_are_answered_413_including_ones_that_inflate_past_it()
    {
        await using var server = await LokiPushServer.StartAsync(new LokiPushOptions { MaxBodyBytes = 64 * 1024 });
        byte[] big = LokiPushBodies.Json([Stream("big", [.. Enumerable.Range(0, 200).Select(i => new PushEntry(T0, new string('z', 1000)))])]);

        var plain = await server.PushAsync(big, Json);
        var gzipBomb = await server.PushAsync(Gzip(big), Json, "gzip"); // ~1 KB that inflates to 200 KB
        var snappyBomb = await server.PushAsync(Snappy.CompressToArray(LokiPushBodies.Protobuf([Stream("big", [.. Enumerable.Range(0, 200).Select(i => new PushEntry(T0, new string('z', 1000)))])])), Protobuf);
        var lyingHeader = await server.PushAsync([0x80, 0x80, 0x80, 0x80, 0x07, 0x00], Protobuf); // claims 1.8 GB

        Assert.All([plain, gzipBomb, snappyBomb, lyingHeader], r => Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.Status));
        Assert.True(gzipBomb.Text.Length > 0 && snappyBomb.Text.Length > 0);
        Assert.Equal(4, server.Stats.TooLarge);
        Assert.Empty(server.Sink.Records);
    }

    [Fact]
    public async Task A_chunked_body_without_a_length_is_cut_off_at_the_limit()
    {
        await using var server = await LokiPushServer.StartAsync(new LokiPushOptions { MaxBodyBytes = 64 * 1024 });
        using var content = new StreamContent(new MemoryStream(new byte[1024 * 1024]));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, LokiPushReceiver.Path) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain", null)]
    [InlineData("application/xml", null)]
    [InlineData("application/json", "br")]
    [InlineData("application/x-protobuf", "deflate, gzip")]
    public async Task An_unknown_content_type_or_encoding_is_answered_415(string contentType, string? encoding)
    {
        await using var server = await LokiPushServer.StartAsync();

        var (status, text) = await server.PushAsync(LokiPushBodies.Json(TwoStreams()), contentType, encoding);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Contains("unsupported", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_body_and_a_bad_gzip_are_answered_400()
    {
        await using var server = await LokiPushServer.StartAsync();

        var empty = await server.PushAsync([], Json);
        var notGzip = await server.PushAsync(LokiPushBodies.Json(TwoStreams()), Json, "gzip");

        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Contains("empty", empty.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notGzip.Status);
        Assert.Contains("gzip", notGzip.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Random_and_mutated_bodies_never_get_a_server_error_and_the_endpoint_keeps_working()
    {
        await using var server = await LokiPushServer.StartAsync();
        var random = new Random(20261125);
        byte[] protobuf = LokiPushBodies.Protobuf(TwoStreams());
        byte[] json = LokiPushBodies.Json(TwoStreams());
        for (int i = 0; i < 150; i++)
        {
            byte[] mutatedProtobuf = Mutate(protobuf, random);
            byte[] mutatedJson = Mutate(json, random);
            byte[] noise = new byte[random.Next(1, 300)];
            random.NextBytes(noise);
            foreach (var (body, type) in new[] { (Snappy.CompressToArray(mutatedProtobuf), Protobuf), (mutatedJson, Json), (noise, Protobuf), (noise, Json) })
            {
                var (status, text) = await server.PushAsync(body, type);
                Assert.True(status is HttpStatusCode.NoContent or HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"{status}: {text}");
            }
        }

        Assert.Equal(HttpStatusCode.NoContent, (await server.PushAsync(ProtobufSnappy(TwoStreams()), Protobuf)).Status);
    }

    private static byte[] Mutate(byte[] body, Random random)
    {
        byte[] copy = [.. body];
        for (int flips = random.Next(1, 4); flips > 0; flips--)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return random.Next(4) == 0 ? copy[..random.Next(copy.Length)] : copy;
    }

    [Fact]
    public async Task Other_methods_are_not_allowed()
    {
        await using var server = await LokiPushServer.StartAsync();

        using var response = await server.Client.GetAsync(LokiPushReceiver.Path);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
