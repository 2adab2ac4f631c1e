using System.Globalization;
using System.Net;
using System.Text.Json;
using LogWarden.Collect;

namespace LogWarden.Tests.Web.Loki;

/// <summary>
/// What Grafana's Loki data source asks besides queries — index stats, volume, volume_range, detected labels,
/// fields and field values — against the real daemon and a store of known lines, in the shapes of Loki's
/// HTTP API documentation, honouring the selector, the time range and the limit.
/// </summary>
public sealed class LokiIndexApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = WebTestDaemon.Start;
    private static readonly HttpClient Http = new();
    private static readonly StreamLabels Api = new(("job", "api"), ("host", "web3"));
    private WebTestDaemon _daemon = null!;

    /// <summary>The usual 1,100 lines (app@web1 600 with 60 errors, app@web2 300, nginx@web1 200) and 100 logfmt lines of job=api.</summary>
    public async Task InitializeAsync() => _daemon = await WebTestDaemon.StartAsync(lines: WebTestDaemon.Lines().Concat(
        Enumerable.Range(0, 100).Select(i => (Start.AddSeconds(i * 6), Api,
            $"level=info status={(i % 4 == 0 ? 500 : 200)} duration={i % 7}ms path=\"/v1/items {i % 3}\" retries={i % 2}"))));

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    private static string Ns(DateTimeOffset t) => ((t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100).ToString(CultureInfo.InvariantCulture);

    private async Task<JsonElement> GetJsonAsync(string path, params (string Name, string Value)[] parameters)
    {
        string query = string.Join('&', parameters.Append(("start", Ns(Start))).Append(("end", Ns(Start.AddMinutes(10)))).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
        using HttpResponseMessage response = await Http.GetAsync($"{_daemon.BaseUrl}/loki/api/v1/{path}?{query}");
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task Index_stats_count_the_selected_streams_lines_and_bytes_in_the_range()
    {
        JsonElement app = await GetJsonAsync("index/stats", ("query", """{job="app"}"""));
        Assert.Equal(2, app.GetProperty("streams").GetInt64());
        Assert.Equal(2, app.GetProperty("chunks").GetInt64());
        Assert.Equal(900, app.GetProperty("entries").GetInt64());
        // app lines are 20-31 bytes long ("GET /api/users/599 200", "payment 590 failed: card declined").
        Assert.InRange(app.GetProperty("bytes").GetInt64(), 900 * 18, 900 * 32);

        JsonElement web1 = await GetJsonAsync("index/stats", ("query", """{host="web1", job!="nginx"}"""));
        Assert.Equal(1, web1.GetProperty("streams").GetInt64());
        Assert.Equal(600, web1.GetProperty("entries").GetInt64());

        JsonElement none = await GetJsonAsync("index/stats", ("query", """{job="absent"}"""));
        Assert.Equal(0, none.GetProperty("entries").GetInt64());
        Assert.Equal(0, none.GetProperty("bytes").GetInt64());
    }

    [Fact]
    public async Task Volume_is_a_vector_per_selected_label_value_largest_first_and_limited()
    {
        JsonElement root = await GetJsonAsync("index/volume", ("query", """{job=~".+"}"""));
        Assert.Equal("success", root.GetProperty("status").GetString());
        JsonElement data = root.GetProperty("data");
        Assert.Equal("vector", data.GetProperty("resultType").GetString());
        var result = data.GetProperty("result").EnumerateArray().ToList();
        Assert.Equal(["app", "nginx", "api"], result.Select(r => r.GetProperty("metric").GetProperty("job").GetString()));
        Assert.All(result, r => Assert.Single(r.GetProperty("metric").EnumerateObject()));
        JsonElement value = result[0].GetProperty("value");
        Assert.Equal(JsonValueKind.Number, value[0].ValueKind);
        Assert.True(double.Parse(value[1].GetString()!, CultureInfo.InvariantCulture) > 0);

        JsonElement limited = await GetJsonAsync("index/volume", ("query", """{job=~".+"}"""), ("limit", "1"));
        Assert.Equal("app", Assert.Single(limited.GetProperty("data").GetProperty("result").EnumerateArray()).GetProperty("metric").GetProperty("job").GetString());

        JsonElement byLabel = await GetJsonAsync("index/volume", ("query", """{job=~".+"}"""), ("targetLabels", "host"), ("aggregateBy", "labels"));
        JsonElement host = Assert.Single(byLabel.GetProperty("data").GetProperty("result").EnumerateArray()).GetProperty("metric");
        Assert.Equal("", host.GetProperty("host").GetString());

        JsonElement byHost = await GetJsonAsync("index/volume", ("query", """{job="app"}"""), ("targetLabels", "host"));
        Assert.Equal(["web1", "web2"], byHost.GetProperty("data").GetProperty("result").EnumerateArray().Select(r => r.GetProperty("metric").GetProperty("host").GetString()));
    }

    [Fact]
    public async Task Volume_range_is_a_matrix_with_a_point_per_step()
    {
        JsonElement root = await GetJsonAsync("index/volume_range", ("query", """{job=~"app|nginx"}"""), ("step", "60s"));
        JsonElement data = root.GetProperty("data");
        Assert.Equal("matrix", data.GetProperty("resultType").GetString());
        var series = data.GetProperty("result").EnumerateArray().ToDictionary(s => s.GetProperty("metric").GetProperty("job").GetString()!, s => s.GetProperty("values").EnumerateArray().ToList());
        Assert.Equal(10, series["app"].Count);
        Assert.Equal(10, series["nginx"].Count);
        Assert.Equal(Start.ToUnixTimeSeconds() + 60, series["app"][1][0].GetDouble());
        // The same estimate of bytes per line for both, so their volumes stand as their lines do: 900 to 200.
        double Total(string job) => series[job].Sum(p => double.Parse(p[1].GetString()!, CultureInfo.InvariantCulture));
        Assert.InRange(Total("app") / Total("nginx"), 4.49, 4.51);
    }

    [Fact]
    public async Task Detected_labels_give_each_label_and_its_cardinality()
    {
        JsonElement root = await GetJsonAsync("detected_labels", ("query", """{job="app"}"""));
        var labels = root.GetProperty("detectedLabels").EnumerateArray().ToDictionary(l => l.GetProperty("label").GetString()!, l => l.GetProperty("cardinality").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["host"] = 2, ["job"] = 1 }, labels);
    }

    [Fact]
    public async Task Detected_fields_find_the_level_and_logfmt_pairs_with_types_and_values()
    {
        JsonElement root = await GetJsonAsync("detected_fields", ("query", """{job="api"}"""));
        var fields = root.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("label").GetString()!);
        Assert.Equal(["detected_level", "duration", "level", "path", "retries", "status"], fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("int", fields["status"].GetProperty("type").GetString());
        Assert.Equal(2, fields["status"].GetProperty("cardinality").GetInt32());
        Assert.Equal("logfmt", Assert.Single(fields["status"].GetProperty("parsers").EnumerateArray()).GetString());
        Assert.Equal("duration", fields["duration"].GetProperty("type").GetString());
        Assert.Equal("string", fields["path"].GetProperty("type").GetString());
        Assert.Equal(3, fields["path"].GetProperty("cardinality").GetInt32());
        Assert.Equal(1000, root.GetProperty("limit").GetInt32());

        JsonElement levels = await GetJsonAsync("detected_field/detected_level/values", ("query", """{job="app"}"""));
        Assert.Equal(["error", "info"], levels.GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        JsonElement statuses = await GetJsonAsync("detected_field/status/values", ("query", """{job="api"}"""), ("line_limit", "10"));
        Assert.Equal(["200", "500"], statuses.GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(10, statuses.GetProperty("limit").GetInt32());
    }

    [Fact]
    public async Task A_metric_query_or_a_bad_limit_is_a_400()
    {
        foreach (string path in (string[])[
            "index/stats?query=" + Uri.EscapeDataString("""count_over_time({job="app"}[1m])"""),
            "index/volume?query=" + Uri.EscapeDataString("""{job="app"}""") + "&aggregateBy=pods",
            "detected_fields?query=" + Uri.EscapeDataString("""{job="app"}""") + "&line_limit=-1",
            "index/volume_range?query=" + Uri.EscapeDataString("""{job="app"}""") + "&step=0.0001"])
        {
            using HttpResponseMessage response = await Http.GetAsync($"{_daemon.BaseUrl}/loki/api/v1/{path}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode}");
        }
    }
}
