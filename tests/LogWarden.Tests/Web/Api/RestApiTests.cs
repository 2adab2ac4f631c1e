using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LogWarden.Detect.Incidents;
using LogWarden.Store;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Web.Api;

/// <summary>The REST API against the real daemon on 127.0.0.1 over a real seeded store.</summary>
public sealed class RestApiTests(SeededDaemonFixture fixture) : IClassFixture<SeededDaemonFixture>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = fixture.Daemon.Address, Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> GetJson(string path)
    {
        using HttpResponseMessage response = await _http.GetAsync(path);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task An_alert_s_incident_link_opens_that_incident_in_the_dashboard()
    {
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Daemon.Address };
        using HttpResponseMessage response = await noRedirect.GetAsync("incidents/2");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/#/incidents/2", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Health_reports_the_store_incidents_alerts_and_each_hosts_latest_metrics()
    {
        JsonElement health = await GetJson("api/v1/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.InRange(health.GetProperty("store").GetProperty("lines").GetInt64(), 3000, 3010); // the tail test may have pushed one
        Assert.True(health.GetProperty("store").GetProperty("templates").GetInt32() >= 5);
        JsonElement incidents = health.GetProperty("incidents");
        // Incident 2 may have been acknowledged and resolved by another test of this class already.
        Assert.InRange(incidents.GetProperty("open").GetInt32() + incidents.GetProperty("acknowledged").GetInt32(), 2, 3);
        Assert.Equal(1, incidents.GetProperty("critical").GetInt32());
        Assert.Equal(1L, incidents.GetProperty("active")[0].GetProperty("id").GetInt64()); // the critical one leads
        Assert.Equal(1, health.GetProperty("alerts").GetProperty("delivered").GetInt32());
        Assert.Equal(1, health.GetProperty("alerts").GetProperty("failed").GetInt32());
        JsonElement db1 = health.GetProperty("hosts").EnumerateArray().Single(h => h.GetProperty("host").GetString() == "db1");
        Assert.InRange(db1.GetProperty("disk_used_percent").GetDouble(), 89, 90.01);
        Assert.Equal("/", db1.GetProperty("fullest_mount").GetString());
        Assert.InRange(db1.GetProperty("cpu_percent").GetDouble(), 1, 100); // busy = every state but idle
    }

    [Fact]
    public async Task Incidents_filter_by_status_and_severity_and_page()
    {
        JsonElement all = await GetJson("api/v1/incidents");
        Assert.Equal(3, all.GetProperty("items").GetArrayLength());
        JsonElement active = await GetJson("api/v1/incidents?status=open,acknowledged");
        Assert.All(active.GetProperty("items").EnumerateArray(), i => Assert.Contains(i.GetProperty("status").GetString(), new[] { "open", "acknowledged" }));
        Assert.Contains(active.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == 3);
        JsonElement critical = await GetJson("api/v1/incidents?severity=critical");
        Assert.Equal(1L, Assert.Single(critical.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        JsonElement acknowledged = await GetJson("api/v1/incidents?status=acknowledged");
        Assert.Contains(acknowledged.GetProperty("items").EnumerateArray(), i => i.GetProperty("kind").GetString() == "disk-filling");
        Assert.DoesNotContain(acknowledged.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == 1);
        JsonElement first = await GetJson("api/v1/incidents?limit=2");
        JsonElement second = await GetJson("api/v1/incidents?limit=2&offset=2");
        Assert.True(first.GetProperty("more").GetBoolean());
        Assert.False(second.GetProperty("more").GetBoolean());
        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(3, ids.Distinct().Count());
    }

    [Fact]
    public async Task Incident_detail_has_findings_entities_explanation_related_lines_and_a_timeline()
    {
        JsonElement detail = await GetJson("api/v1/incidents/1");
        Assert.Equal("critical", detail.GetProperty("incident").GetProperty("severity").GetString());
        Assert.Equal(SeededDaemon.BruteForceIp, detail.GetProperty("entities").GetProperty("ip")[0].GetString());
        Assert.Equal("security", Assert.Single(detail.GetProperty("findings").EnumerateArray()).GetProperty("detector").GetString());
        JsonElement explanation = detail.GetProperty("explanation");
        Assert.Equal("deterministic", explanation.GetProperty("origin").GetString());
        Assert.False(string.IsNullOrWhiteSpace(explanation.GetProperty("summary").GetString()));
        JsonElement related = detail.GetProperty("related_lines");
        Assert.True(related.GetArrayLength() > 10);
        Assert.All(related.EnumerateArray(), l => Assert.Contains(SeededDaemon.BruteForceIp, l.GetProperty("line").GetString(), StringComparison.Ordinal));
        var events = detail.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("event").GetString()).ToList();
        Assert.Contains("opened", events);
        Assert.Contains("alert_delivered", events);
        Assert.Contains("alert_failed", events);
        var times = detail.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order().ToList(), times);
        Assert.Equal(600, detail.GetProperty("evidence").GetProperty("templates")[0].GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task Acknowledge_then_resolve_moves_the_stored_incident_forward_and_never_back()
    {
        using (HttpResponseMessage ack = await _http.PostAsync("api/v1/incidents/2/acknowledge", null))
        {
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
            JsonElement body = JsonDocument.Parse(await ack.Content.ReadAsStringAsync()).RootElement;
            Assert.True(body.GetProperty("changed").GetBoolean());
        }
        Assert.Equal(IncidentStatus.Acknowledged, fixture.Daemon.Incident(2).Status);
        using (HttpResponseMessage resolve = await _http.PostAsync("api/v1/incidents/2/resolve", null))
        {
            Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        }
        Assert.Equal(IncidentStatus.Resolved, fixture.Daemon.Incident(2).Status);
        using HttpResponseMessage again = await _http.PostAsync("api/v1/incidents/2/acknowledge", null);
        Assert.False(JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("changed").GetBoolean());
        Assert.Equal(IncidentStatus.Resolved, fixture.Daemon.Incident(2).Status);
        using HttpResponseMessage missing = await _http.PostAsync("api/v1/incidents/999/noise", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Silences_are_added_from_an_incident_or_by_matchers_listed_and_expired()
    {
        using HttpResponseMessage fromIncident = await _http.PostAsync("api/v1/incidents/1/silence", new StringContent("""{"duration":"1h"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, fromIncident.StatusCode);
        long id = JsonDocument.Parse(await fromIncident.Content.ReadAsStringAsync()).RootElement.GetProperty("silence_id").GetInt64();
        AlertSilence stored = ((IAlertSilenceStore)fixture.Daemon.Store).ListSilences(null).Single(s => s.Id == id);
        Assert.Equal("kind=ssh-brute-force\nhost=web1", stored.Matchers);
        Assert.InRange(stored.EndsAt - stored.StartsAt, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));

        using HttpResponseMessage created = await _http.PostAsync("api/v1/silences", new StringContent("""{"matchers":["host=~web-.*","severity=warning"],"comment":"deploy"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        long second = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        JsonElement list = await GetJson("api/v1/silences");
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("id").GetInt64() == second && s.GetProperty("state").GetString() == "active");

        using (HttpResponseMessage expire = await _http.DeleteAsync($"api/v1/silences/{second}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, expire.StatusCode);
        }
        Assert.DoesNotContain((await GetJson("api/v1/silences")).EnumerateArray(), s => s.GetProperty("id").GetInt64() == second);
        using HttpResponseMessage bad = await _http.PostAsync("api/v1/silences", new StringContent("""{"matchers":["severity"]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Alerts_list_shows_delivery_state_and_filters_by_it()
    {
        JsonElement all = await GetJson("api/v1/alerts");
        Assert.Equal(2, all.GetArrayLength());
        JsonElement failed = Assert.Single((await GetJson("api/v1/alerts?state=failed")).EnumerateArray());
        Assert.Equal("email", failed.GetProperty("channel").GetString());
        Assert.Equal("550 mailbox unavailable", failed.GetProperty("last_error").GetString());
        JsonElement delivered = Assert.Single((await GetJson("api/v1/alerts?state=delivered")).EnumerateArray());
        Assert.Equal(JsonValueKind.String, delivered.GetProperty("delivered_at").ValueKind);
    }

    [Fact]
    public async Task Search_filters_by_text_regex_labels_time_and_template_as_json_or_ndjson()
    {
        JsonElement text = await GetJson($"api/v1/search?q={SeededDaemon.BruteForceIp}&limit=50");
        Assert.Equal(50, text.GetProperty("lines").GetArrayLength());
        Assert.True(text.GetProperty("truncated").GetBoolean());
        var stamps = text.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("timestamp").GetDateTimeOffset()).ToList();
        Assert.Equal(stamps.OrderDescending().ToList(), stamps);

        JsonElement labelled = await GetJson("api/v1/search?label=host=db1&regex=ERROR:%20%20duplicate%20key.*order%209%5Cb&limit=1000");
        Assert.Equal(5, labelled.GetProperty("lines").GetArrayLength()); // lines 9, 709, 1409, 2109 and 2809
        Assert.All(labelled.GetProperty("lines").EnumerateArray(), l => Assert.Equal("db1", l.GetProperty("labels").GetProperty("host").GetString()));

        DateTimeOffset from = fixture.Daemon.Now - TimeSpan.FromHours(1);
        JsonElement recent = await GetJson($"api/v1/search?from={Uri.EscapeDataString(from.ToString("O"))}&limit=5000");
        Assert.InRange(recent.GetProperty("lines").GetArrayLength(), 100, 150); // 3000 lines over 24 h: 125 in the last hour
        Assert.All(recent.GetProperty("lines").EnumerateArray(), l => Assert.True(l.GetProperty("timestamp").GetDateTimeOffset() >= from));

        int template = text.GetProperty("lines")[0].GetProperty("template_id").GetInt32();
        JsonElement byTemplate = await GetJson($"api/v1/search?template={template}&limit=5000");
        Assert.Equal(600, byTemplate.GetProperty("lines").GetArrayLength());

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/search?q=Accepted%20publickey&limit=20");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-ndjson"));
        using HttpResponseMessage ndjson = await _http.SendAsync(request);
        Assert.Equal("application/x-ndjson", ndjson.Content.Headers.ContentType?.MediaType);
        string[] rows = (await ndjson.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(20, rows.Length);
        Assert.All(rows, r => Assert.Contains("Accepted publickey", JsonDocument.Parse(r).RootElement.GetProperty("line").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_after_a_sequence_gives_the_later_lines_in_stored_order_and_regex_case_is_its_own()
    {
        static List<long> Sequences(JsonElement found) => [.. found.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("sequence").GetInt64())];
        List<long> newest = Sequences(await GetJson("api/v1/search?label=host=db1&q=checkpoint&limit=30"));
        long after = newest.Min();
        List<long> later = Sequences(await GetJson($"api/v1/search?label=host=db1&q=checkpoint&after={after}&order=oldest&limit=100"));
        Assert.Equal(newest.Where(s => s > after).Order(), later);

        Assert.Equal(0, (await GetJson("api/v1/search?regex=checkpoint%20COMPLETE&regex_case=true")).GetProperty("lines").GetArrayLength());
        Assert.Equal(100, (await GetJson("api/v1/search?regex=checkpoint%20COMPLETE")).GetProperty("lines").GetArrayLength());
        Assert.Equal(0, (await GetJson("api/v1/search?q=CHECKPOINT&case=true")).GetProperty("lines").GetArrayLength());
    }

    [Fact]
    public async Task Tail_sends_a_line_pushed_after_it_connected_and_not_the_old_ones()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/tail?q=tail-marker");
        using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        Assert.Equal("retry: 2000", await reader.ReadLineAsync(cancel.Token));

        long ns = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        string push = $$"""{"streams":[{"stream":{"job":"app"},"values":[["{{ns}}","checkout tail-marker 42 done"]]}]}""";
        using (HttpResponseMessage pushed = await _http.PostAsync("loki/api/v1/push", new StringContent(push, Encoding.UTF8, "application/json"), cancel.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, pushed.StatusCode);
        }
        string? data = null;
        while (data is null && await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }
        Assert.NotNull(data);
        JsonElement hit = JsonDocument.Parse(data).RootElement;
        Assert.Equal("checkout tail-marker 42 done", hit.GetProperty("line").GetString());
        Assert.Equal("app", hit.GetProperty("labels").GetProperty("job").GetString());
    }

    [Fact]
    public async Task Templates_are_listed_by_count_with_counts_over_time()
    {
        JsonElement page = await GetJson("api/v1/templates?q=Failed%20password");
        JsonElement failed = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(600, failed.GetProperty("count").GetInt64());
        int id = failed.GetProperty("id").GetInt32();
        DateTimeOffset to = fixture.Daemon.Now;
        JsonElement counts = await GetJson($"api/v1/templates/{id}/counts?from={Uri.EscapeDataString((to - TimeSpan.FromDays(1)).ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}&buckets=24");
        var perHour = counts.GetProperty("counts").EnumerateArray().Select(c => c.GetInt64()).ToList();
        Assert.Equal(24, perHour.Count);
        Assert.Equal(600, perHour.Sum());
        Assert.All(perHour, c => Assert.InRange(c, 24, 26)); // evenly spread over the day
        JsonElement byCount = await GetJson("api/v1/templates?limit=3");
        var top = byCount.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("count").GetInt64()).ToList();
        Assert.Equal(top.OrderDescending().ToList(), top);
    }

    [Fact]
    public async Task Metrics_are_averaged_to_the_chart_width_on_one_time_axis_with_incidents_marked()
    {
        JsonElement cpu = await GetJson("api/v1/metrics?name=cpu_percent&host=web1&from=24h&points=100");
        Assert.Equal(4, cpu.GetProperty("series").GetArrayLength()); // user, system, iowait, idle
        JsonElement user = cpu.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("labels").GetProperty("state").GetString() == "user");
        Assert.Equal(100, user.GetProperty("times").GetArrayLength());
        Assert.Equal(100, user.GetProperty("values").GetArrayLength());
        Assert.True(user.GetProperty("values").EnumerateArray().Count(v => v.ValueKind == JsonValueKind.Number) >= 95);
        Assert.Equal(3, cpu.GetProperty("incidents").GetArrayLength());
        JsonElement disk = await GetJson("api/v1/metrics?name=filesystem_used_percent&label=mount=/&host=db1&from=1h&points=10");
        double last = disk.GetProperty("series")[0].GetProperty("values").EnumerateArray().Last(v => v.ValueKind == JsonValueKind.Number).GetDouble();
        Assert.InRange(last, 89, 90.01);
    }

    [Fact]
    public async Task Heatmap_counts_incidents_by_day_and_hour_with_severity_weight()
    {
        JsonElement map = await GetJson("api/v1/heatmap?days=7");
        Assert.Equal(7, map.GetProperty("days").GetArrayLength());
        int total = map.GetProperty("incidents").EnumerateArray().SelectMany(d => d.EnumerateArray()).Sum(c => c.GetInt32());
        double weight = map.GetProperty("weight").EnumerateArray().SelectMany(d => d.EnumerateArray()).Sum(c => c.GetDouble());
        Assert.Equal(3, total);
        Assert.Equal(9 + 3 + 3, weight);
        DateTimeOffset opened = fixture.Daemon.Incident(1).OpenedAt;
        int day = map.GetProperty("days").EnumerateArray().Select(d => d.GetString()).ToList().IndexOf(opened.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(map.GetProperty("incidents")[day][opened.UtcDateTime.Hour].GetInt32() >= 1);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_endpoints()
    {
        JsonElement document = await GetJson("api/v1/openapi.json");
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (string path in new[] { "/api/v1/health", "/api/v1/incidents", "/api/v1/incidents/{id}", "/api/v1/incidents/{id}/acknowledge", "/api/v1/alerts", "/api/v1/silences",
            "/api/v1/templates", "/api/v1/search", "/api/v1/tail", "/api/v1/metrics", "/api/v1/heatmap", "/api/v1/stats", "/api/v1/alerts/retry" })
        {
            Assert.Contains(path, paths);
        }
    }

    [Theory]
    [InlineData("api/v1/search?regex=(unclosed", 400)]
    [InlineData("api/v1/search?from=yesterday-ish", 400)]
    [InlineData("api/v1/search?from=2026-11-02&to=2026-11-01", 400)]
    [InlineData("api/v1/search?limit=0", 400)]
    [InlineData("api/v1/search?limit=99999999999999", 400)]
    [InlineData("api/v1/search?label=novalue", 400)]
    [InlineData("api/v1/search?order=sideways", 400)]
    [InlineData("api/v1/search?template=-3", 400)]
    [InlineData("api/v1/search?after=-1", 400)]
    [InlineData("api/v1/search?regex_case=maybe", 400)]
    [InlineData("api/v1/incidents?details=perhaps", 400)]
    [InlineData("api/v1/tail?regex=[", 400)]
    [InlineData("api/v1/incidents?status=sleeping", 400)]
    [InlineData("api/v1/incidents?severity=apocalyptic", 400)]
    [InlineData("api/v1/incidents?offset=-1", 400)]
    [InlineData("api/v1/incidents/12345", 404)]
    [InlineData("api/v1/incidents/abc", 404)]
    [InlineData("api/v1/alerts?state=lost", 400)]
    [InlineData("api/v1/templates?sort=random", 400)]
    [InlineData("api/v1/templates/99999/counts", 404)]
    [InlineData("api/v1/metrics", 400)]
    [InlineData("api/v1/metrics?name=cpu_percent&points=1", 400)]
    [InlineData("api/v1/heatmap?days=0", 400)]
    [InlineData("api/v1/no-such-thing", 404)]
    [InlineData("api/v1/../../etc/passwd", 404)]
    [InlineData("assets/../../../../etc/passwd", 404)]
    [InlineData("assets/%2e%2e/%2e%2e/etc/passwd", 404)]
    [InlineData("assets/js/nope.js", 404)]
    public async Task Bad_requests_get_a_4xx_problem_never_a_500(string path, int status)
    {
        using HttpResponseMessage response = await _http.GetAsync(path);
        Assert.Equal(status, (int)response.StatusCode);
        if (response.Content.Headers.ContentLength is > 0 || response.Content.Headers.ContentType is not null)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("api/v1/silences", "{\"matchers\": 12}")]
    [InlineData("api/v1/silences", "not json at all")]
    [InlineData("api/v1/silences", "{\"matchers\":[\"kind=x\"],\"duration\":\"forever\"}")]
    [InlineData("api/v1/incidents/1/silence", "{\"duration\":\"-5m\"}")]
    public async Task Malformed_bodies_get_a_400_problem(string path, string body)
    {
        using HttpResponseMessage response = await _http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Dashboard_assets_come_from_the_binary_with_etags_and_long_cache_for_versioned_names()
    {
        using HttpResponseMessage page = await _http.GetAsync("");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("/assets/js/app.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal); // no CDN
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        EntityTagHeaderValue etag = page.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, "");
        again.Headers.IfNoneMatch.Add(etag);
        using HttpResponseMessage notModified = await _http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var vendor = new HttpRequestMessage(HttpMethod.Get, "assets/vendor/uplot-1.6.32.esm.js");
        vendor.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        using HttpResponseMessage library = await _http.SendAsync(vendor);
        Assert.Equal(HttpStatusCode.OK, library.StatusCode);
        Assert.Contains("immutable", library.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal("br", Assert.Single(library.Content.Headers.ContentEncoding));
        Assert.Equal("text/javascript", library.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Actions_and_bans_show_the_responders_audit_and_a_ban_is_lifted_with_a_validated_network()
    {
        JsonElement actions = await GetJson("api/v1/actions?incident=1");
        JsonElement ban = actions.EnumerateArray().Single(a => a.GetProperty("result").GetString() == "ok");
        Assert.Equal($"network={SeededDaemon.BruteForceIp}/32 duration=3600s", ban.GetProperty("arguments").GetString());
        Assert.StartsWith("/usr/sbin/nft add element", ban.GetProperty("commands")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains(actions.EnumerateArray(), a => a.GetProperty("output").GetString() == "overlaps the allowlisted 127.0.0.0/8");

        using (HttpResponseMessage bad = await _http.PostAsync("api/v1/bans/lift", new StringContent("""{"network":"1.2.3.4; flush ruleset"}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
        Assert.Contains((await GetJson("api/v1/bans")).EnumerateArray(), b => b.GetProperty("network").GetString() == SeededDaemon.BruteForceIp + "/32");
        using HttpResponseMessage lifted = await _http.PostAsync("api/v1/bans/lift", new StringContent($$"""{"network":"{{SeededDaemon.BruteForceIp}}"}""", Encoding.UTF8, "application/json"));
        JsonElement body = JsonDocument.Parse(await lifted.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, body.GetProperty("lifted").GetInt32());
        Assert.False(body.GetProperty("firewall_removed").GetBoolean()); // the test's "nft" is /bin/false
        Assert.Empty((await GetJson("api/v1/bans")).EnumerateArray());
        JsonElement openapi = await GetJson("api/v1/openapi.json");
        Assert.True(openapi.GetProperty("paths").TryGetProperty("/api/v1/bans/lift", out _));
    }
}
