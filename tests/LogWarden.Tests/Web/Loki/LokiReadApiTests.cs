using System.Globalization;
using System.Net;
using System.Text.Json;

namespace LogWarden.Tests.Web.Loki;

/// <summary>
/// Loki's read API against the real daemon and a store of known lines, checked against the shapes of Loki's
/// HTTP API documentation: streams with nanosecond timestamps as strings, matrix and vector samples as
/// [seconds, "value"], a stats object, and plain-text 400s for queries LogWarden cannot run.
/// </summary>
public sealed class LokiReadApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = WebTestDaemon.Start;
    private WebTestDaemon _daemon = null!;
    private static readonly HttpClient Http = new();

    public async Task InitializeAsync() => _daemon = await WebTestDaemon.StartAsync();

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    private static string Ns(DateTimeOffset t) => ((t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100).ToString(CultureInfo.InvariantCulture);

    private static string Seconds(DateTimeOffset t) => t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private async Task<JsonElement> GetJsonAsync(string path, params (string Name, string Value)[] parameters)
    {
        using HttpResponseMessage response = await GetAsync(path, parameters);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        JsonElement root = JsonDocument.Parse(body).RootElement;
        Assert.Equal("success", root.GetProperty("status").GetString());
        return root;
    }

    private Task<HttpResponseMessage> GetAsync(string path, params (string Name, string Value)[] parameters)
    {
        string query = string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));
        return Http.GetAsync($"{_daemon.BaseUrl}{path}?{query}");
    }

    [Fact]
    public async Task Query_range_returns_streams_with_nanosecond_string_timestamps_and_stats()
    {
        JsonElement root = await GetJsonAsync("/loki/api/v1/query_range",
            ("query", """{job="app"} |= "payment" """), ("start", Ns(Start)), ("end", Ns(Start.AddHours(1))), ("limit", "1000"), ("direction", "forward"));
        JsonElement data = root.GetProperty("data");
        Assert.Equal("streams", data.GetProperty("resultType").GetString());
        JsonElement stream = Assert.Single(data.GetProperty("result").EnumerateArray());
        Assert.Equal("web1", stream.GetProperty("stream").GetProperty("host").GetString());
        Assert.Equal("app", stream.GetProperty("stream").GetProperty("job").GetString());
        var values = stream.GetProperty("values").EnumerateArray().ToList();
        Assert.Equal(60, values.Count);
        Assert.Equal(JsonValueKind.String, values[0][0].ValueKind);
        Assert.Equal(Ns(Start), values[0][0].GetString());
        Assert.Equal("payment 0 failed: card declined", values[0][1].GetString());
        Assert.Equal(Ns(Start.AddSeconds(590)), values[^1][0].GetString());
        JsonElement summary = data.GetProperty("stats").GetProperty("summary");
        Assert.Equal(60, summary.GetProperty("totalEntriesReturned").GetInt64());
        Assert.True(summary.GetProperty("totalLinesProcessed").GetInt64() >= 60);
        Assert.Equal(JsonValueKind.Number, summary.GetProperty("execTime").ValueKind);
    }

    [Fact]
    public async Task Backward_direction_with_a_limit_returns_the_newest_lines_first()
    {
        JsonElement root = await GetJsonAsync("/loki/api/v1/query_range",
            ("query", """{job="app", host="web2"}"""), ("start", Seconds(Start)), ("end", Seconds(Start.AddHours(1))), ("limit", "3"));
        var values = Assert.Single(root.GetProperty("data").GetProperty("result").EnumerateArray()).GetProperty("values").EnumerateArray().ToList();
        Assert.Equal(["GET /api/orders/598 200", "GET /api/orders/596 200", "GET /api/orders/594 200"], values.Select(v => v[1].GetString()));
    }

    [Fact]
    public async Task Regex_and_negative_matchers_and_chained_line_filters_select_the_right_lines()
    {
        JsonElement root = await GetJsonAsync("/loki/api/v1/query_range",
            ("query", """{job=~"app|nginx", host!="web2"} != "GET /api/users" !~ "10\\.0\\.0\\.[0-9]+ - - GET /index.html 200" |~ "(?i)PAYMENT" """),
            ("start", Start.ToString("O", CultureInfo.InvariantCulture)), ("end", Start.AddHours(1).ToString("O", CultureInfo.InvariantCulture)), ("limit", "5000"));
        var streams = root.GetProperty("data").GetProperty("result").EnumerateArray().ToList();
        JsonElement stream = Assert.Single(streams);
        Assert.Equal("web1", stream.GetProperty("stream").GetProperty("host").GetString());
        Assert.Equal(60, stream.GetProperty("values").GetArrayLength());

        root = await GetJsonAsync("/loki/api/v1/query_range",
            ("query", """{host=~"web.*", job!~"ng.*"} |= "GET" != "orders" """), ("start", Seconds(Start)), ("end", Seconds(Start.AddHours(1))), ("limit", "5000"));
        stream = Assert.Single(root.GetProperty("data").GetProperty("result").EnumerateArray());
        Assert.Equal(540, stream.GetProperty("values").GetArrayLength());
    }

    [Fact]
    public async Task Sum_by_count_over_time_returns_a_matrix_with_one_point_per_step()
    {
        JsonElement root = await GetJsonAsync("/loki/api/v1/query_range",
            ("query", """sum by (host) (count_over_time({job="app"}[1m]))"""),
            ("start", Seconds(Start.AddMinutes(1))), ("end", Seconds(Start.AddMinutes(10))), ("step", "60"));
        JsonElement data = root.GetProperty("data");
        Assert.Equal("matrix", data.GetProperty("resultType").GetString());
        var series = data.GetProperty("result").EnumerateArray().ToList();
        Assert.Equal(["web1", "web2"], series.Select(s => s.GetProperty("metric").GetProperty("host").GetString()));
        Assert.Equal(["host"], series[0].GetProperty("metric").EnumerateObject().Select(p => p.Name));
        var web1 = series[0].GetProperty("values").EnumerateArray().ToList();
        // Windows (t − 1m, t]: the lines of seconds 1–60, 61–120, … ; the data ends at second 599.
        Assert.Equal(10, web1.Count);
        Assert.Equal(Start.AddMinutes(1).ToUnixTimeSeconds(), web1[0][0].GetDouble());
        Assert.Equal(["60", "60", "60", "60", "60", "60", "60", "60", "60", "59"], web1.Select(v => v[1].GetString()));
        Assert.Equal("30", series[1].GetProperty("values")[0][1].GetString());
    }

    [Fact]
    public async Task Rate_bytes_and_grafana_volume_queries_are_answered()
    {
        JsonElement root = await GetJsonAsync("/loki/api/v1/query_range",
            ("query", """rate({job="nginx"}[1m])"""), ("start", Seconds(Start.AddMinutes(1))), ("end", Seconds(Start.AddMinutes(2))), ("step", "1m"));
        JsonElement series = Assert.Single(root.GetProperty("data").GetProperty("result").EnumerateArray());
        Assert.Equal(20.0 / 60, double.Parse(series.GetProperty("values")[0][1].GetString()!, CultureInfo.InvariantCulture), 6);

        root = await GetJsonAsync("/loki/api/v1/query_range",
            ("query", """sum(bytes_over_time({job="app", host="web2"}[1m]))"""), ("start", Seconds(Start.AddMinutes(1))), ("end", Seconds(Start.AddMinutes(1))), ("step", "1m"));
        series = Assert.Single(root.GetProperty("data").GetProperty("result").EnumerateArray());
        long expected = WebTestDaemon.Lines().Where(l => l.Labels == WebTestDaemon.AppWeb2 && l.Time > Start && l.Time <= Start.AddMinutes(1)).Sum(l => (long)l.Line.Length);
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), series.GetProperty("values")[0][1].GetString());

        // What Grafana's logs volume histogram sends.
        root = await GetJsonAsync("/loki/api/v1/query_range",
            ("query", """sum by (level, detected_level) (count_over_time({job="app"} | drop __error__[1m]))"""),
            ("start", Seconds(Start.AddMinutes(1))), ("end", Seconds(Start.AddMinutes(10))), ("step", "60"));
        series = Assert.Single(root.GetProperty("data").GetProperty("result").EnumerateArray());
        Assert.Equal("90", series.GetProperty("values")[0][1].GetString());
    }

    [Fact]
    public async Task Instant_metric_query_returns_a_vector()
    {
        JsonElement root = await GetJsonAsync("/loki/api/v1/query",
            ("query", """count_over_time({job="app", host="web1"} |= "payment" [10m])"""), ("time", Ns(Start.AddMinutes(10))));
        JsonElement data = root.GetProperty("data");
        Assert.Equal("vector", data.GetProperty("resultType").GetString());
        JsonElement sample = Assert.Single(data.GetProperty("result").EnumerateArray());
        Assert.Equal(Start.AddMinutes(10).ToUnixTimeSeconds(), sample.GetProperty("value")[0].GetDouble());
        Assert.Equal("59", sample.GetProperty("value")[1].GetString()); // (Start, Start+10m]: payments at 10 … 590
        Assert.True(data.TryGetProperty("stats", out _));
    }

    [Fact]
    public async Task Grafanas_health_check_query_adds_two_vectors()
    {
        JsonElement root = await GetJsonAsync("/loki/api/v1/query", ("query", "vector(1)+vector(1)"), ("time", Seconds(Start)));
        JsonElement sample = Assert.Single(root.GetProperty("data").GetProperty("result").EnumerateArray());
        Assert.Empty(sample.GetProperty("metric").EnumerateObject());
        Assert.Equal("2", sample.GetProperty("value")[1].GetString());

        root = await GetJsonAsync("/loki/api/v1/query_range",
            ("query", """sum(count_over_time({job="app"}[1m])) / vector(60)"""), ("start", Seconds(Start.AddMinutes(1))), ("end", Seconds(Start.AddMinutes(1))), ("step", "60"));
        Assert.Equal("1.5", Assert.Single(root.GetProperty("data").GetProperty("result").EnumerateArray()).GetProperty("values")[0][1].GetString());
    }

    [Fact]
    public async Task Labels_label_values_and_series_list_what_the_range_holds()
    {
        var range = new[] { ("start", Ns(Start)), ("end", Ns(Start.AddHours(1))) };
        JsonElement labels = await GetJsonAsync("/loki/api/v1/labels", range);
        Assert.Equal(["host", "job"], labels.GetProperty("data").EnumerateArray().Select(e => e.GetString()));

        JsonElement jobs = await GetJsonAsync("/loki/api/v1/label/job/values", range);
        Assert.Equal(["app", "nginx"], jobs.GetProperty("data").EnumerateArray().Select(e => e.GetString()));

        JsonElement onWeb2 = await GetJsonAsync("/loki/api/v1/label/job/values", [.. range, ("query", """{host="web2"}""")]);
        Assert.Equal(["app"], onWeb2.GetProperty("data").EnumerateArray().Select(e => e.GetString()));

        JsonElement series = await GetJsonAsync("/loki/api/v1/series", [.. range, ("match[]", """{job="app"}""")]);
        Assert.Equal(["web1", "web2"], series.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("host").GetString()).Order());

        JsonElement empty = await GetJsonAsync("/loki/api/v1/labels", ("start", Ns(Start.AddDays(-2))), ("end", Ns(Start.AddDays(-1))));
        Assert.Empty(empty.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Patterns_are_templates_with_counts_over_time()
    {
        JsonElement root = await GetJsonAsync("/loki/api/v1/patterns",
            ("query", """{job="app"}"""), ("start", Seconds(Start)), ("end", Seconds(Start.AddMinutes(10))), ("step", "60"));
        var patterns = root.GetProperty("data").EnumerateArray().ToList();
        Assert.NotEmpty(patterns);
        long total = 0;
        foreach (JsonElement pattern in patterns)
        {
            Assert.False(string.IsNullOrEmpty(pattern.GetProperty("pattern").GetString()));
            foreach (JsonElement sample in pattern.GetProperty("samples").EnumerateArray())
            {
                Assert.Equal(JsonValueKind.Number, sample[0].ValueKind);
                Assert.Equal(0, (sample[0].GetInt64() - Start.ToUnixTimeSeconds()) % 60);
                total += sample[1].GetInt64();
            }
        }
        Assert.Equal(900, total); // every app line, once
        Assert.Contains(patterns, p => p.GetProperty("pattern").GetString()!.Contains("payment <_> failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Build_info_names_the_Loki_version_followed()
    {
        using HttpResponseMessage response = await Http.GetAsync($"{_daemon.BaseUrl}/loki/api/v1/status/buildinfo");
        JsonElement root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("3.", root.GetProperty("version").GetString());
    }

    [Theory]
    [InlineData("query_range", "query", """{job="app"} | json""", "not supported")]
    [InlineData("query_range", "query", """topk(5, count_over_time({job="app"}[1m]))""", "not supported")]
    [InlineData("query_range", "query", """{job=~".*"}""", "at least one")]
    [InlineData("query_range", "query", """{job="app" """, "parse error")]
    [InlineData("query_range", "query", """{job=~"("}""", "invalid regular expression")]
    [InlineData("query_range", "query", """count_over_time({job="app"})""", "range")]
    [InlineData("query_range", "query", "", "empty")]
    [InlineData("query_range", "start", "yesterday", "invalid start")]
    [InlineData("query_range", "limit", "-1", "invalid limit")]
    [InlineData("query_range", "limit", "999999", "max entries limit")]
    [InlineData("query_range", "direction", "sideways", "direction")]
    [InlineData("query_range", "step", "0", "step")]
    [InlineData("query", "time", "99999999999999999999999", "time")]
    [InlineData("series", "match[]", "count_over_time({job=\"app\"}[1m])", "stream selector")]
    [InlineData("patterns", "query", "rate({job=\"app\"}[1m])", "stream selector")]
    public async Task Bad_queries_get_400_with_a_clear_message(string endpoint, string name, string value, string expected)
    {
        var parameters = new List<(string, string)> { ("start", Seconds(Start)), ("end", Seconds(Start.AddHours(1))) };
        if (name != "query" && endpoint is "query_range" or "query" or "patterns")
        {
            parameters.Add(("query", """{job="app"}"""));
        }
        parameters.RemoveAll(p => p.Item1 == name);
        parameters.Add((name, value));
        using HttpResponseMessage response = await GetAsync("/loki/api/v1/" + endpoint, [.. parameters]);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {body}");
        Assert.Contains(expected, body, StringComparison.OrdinalIgnoreCase);
        // Loki's own 400 (pkg/util/server WriteError): the bare message as UTF-8 plain text, nosniff, one line,
        // no JSON body and no trailing newline; Grafana's Loki data source shows that body as the query's error.
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.DoesNotContain('\n', body);
        Assert.False(body.StartsWith('{'), body);
        Assert.Equal(body.Trim(), body);
    }

    [Fact]
    public async Task Queries_may_come_as_a_POST_form_as_Loki_takes_them()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["query"] = """{job="nginx"}""",
            ["start"] = Seconds(Start),
            ["end"] = Seconds(Start.AddHours(1)),
            ["limit"] = "7",
        });
        using HttpResponseMessage response = await Http.PostAsync($"{_daemon.BaseUrl}/loki/api/v1/query_range", form);
        JsonElement root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(7, Assert.Single(root.GetProperty("data").GetProperty("result").EnumerateArray()).GetProperty("values").GetArrayLength());
    }
}
