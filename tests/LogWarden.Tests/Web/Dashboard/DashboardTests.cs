using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using LogWarden.Daemon;
using LogWarden.Detect.Incidents;
using LogWarden.Store;
using LogWarden.Tests.Web.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LogWarden.Tests.Web.Dashboard;

/// <summary>The dashboard in real headless Chromium against the real daemon over a seeded store.</summary>
public sealed class DashboardTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly (string Name, string Route)[] Pages =
    [
        ("overview", "#/"),
        ("resources", "#/resources?range=24h"),
        ("heatmap", "#/heatmap"),
        ("incidents", "#/incidents"),
        ("incident", "#/incidents/1"),
        ("alerts", "#/alerts"),
        ("actions", "#/actions"),
        ("search", "#/search"),
        ("patterns", "#/patterns"),
    ];

    // Counts pixels of the canvas that differ from its first pixel: a chart that drew something has many.
    private const string DrawnPixels = """
        canvas => {
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let drawn = 0;
          for (let i = 4; i < data.length; i += 4) {
            if (data[i + 3] > 0 && (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2] || data[i + 3] !== data[3])) drawn++;
          }
          return drawn;
        }
        """;

    [Fact]
    public async Task Every_page_loads_without_console_errors_in_light_and_dark_and_is_kept_as_a_screenshot()
    {
        foreach (ColorScheme scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var errors = new List<string>();
            IPage page = await fixture.NewPageAsync(errors, scheme);
            foreach ((string name, string route) in Pages)
            {
                await BrowserFixture.OpenAsync(page, route);
                Assert.Equal(scheme == ColorScheme.Dark ? "dark" : "light", await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).colorScheme"));
                Assert.Equal(0, await page.Locator("#main .error").CountAsync());
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"{name}-{scheme.ToString().ToLowerInvariant()}.png"), FullPage = true });
            }
            Assert.Empty(errors);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task On_a_phone_the_menu_opens_and_pages_still_load()
    {
        var errors = new List<string>();
        IPage page = await fixture.NewPageAsync(errors, width: 390, height: 844);
        await BrowserFixture.OpenAsync(page, "#/");
        Assert.False(await page.Locator("#nav").IsVisibleAsync());
        await page.ClickAsync("#menu-toggle");
        await page.ClickAsync("#nav a[data-page=incidents]");
        await BrowserFixture.OpenAsync(page, "#/incidents");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "incidents-phone.png"), FullPage = true });
        Assert.True(await page.Locator("table tbody tr").CountAsync() >= 2);
        // Nothing wider than the screen: the layout reflows rather than scrolling sideways.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"));
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Theme_toggle_switches_and_is_remembered()
    {
        var errors = new List<string>();
        IPage page = await fixture.NewPageAsync(errors);
        await BrowserFixture.OpenAsync(page, "#/");
        await page.ClickAsync("#theme-toggle");
        await BrowserFixture.OpenAsync(page, "#/heatmap");
        Assert.Equal("dark", await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).colorScheme"));
        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => document.body.dataset.ready");
        Assert.Equal("dark", await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme"));
        Assert.Empty(errors);

        // The policy the pages passed under is really enforced: an inline style is refused (and says so).
        string probe = await page.EvaluateAsync<string>("""
            () => {
              const style = document.createElement('style');
              style.textContent = 'body { --csp-probe: applied; }';
              document.head.append(style);
              return getComputedStyle(document.body).getPropertyValue('--csp-probe');
            }
            """);
        Assert.Equal("", probe);
        await Support.Eventually.TrueAsync(() => errors.Any(e => e.Contains("Content Security Policy", StringComparison.Ordinal)), "the CSP violation reported");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Resource_charts_draw_curves_and_the_heatmap_shades_incident_hours()
    {
        var errors = new List<string>();
        IPage page = await fixture.NewPageAsync(errors);
        await BrowserFixture.OpenAsync(page, "#/resources?range=24h");
        IReadOnlyList<ILocator> canvases = await page.Locator(".chart canvas").AllAsync();
        Assert.Equal(6, canvases.Count); // CPU, memory, disk, received, sent, load
        foreach (ILocator canvas in canvases)
        {
            Assert.True(await canvas.EvaluateAsync<int>(DrawnPixels) > 500, "a chart canvas is blank");
        }
        Assert.Contains("incidents marked", await page.Locator(".marks").First.InnerTextAsync(), StringComparison.Ordinal);

        await BrowserFixture.OpenAsync(page, "#/heatmap?days=7");
        int shaded = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('.heatmap .cell')].filter(c => c.style.background).length");
        Assert.InRange(shaded, 1, 3);
        await BrowserFixture.OpenAsync(page, "#/");
        // The timeline is drawn by its own request after the overview is ready (not awaited by the page): wait for it.
        await Support.Eventually.TrueAsync(async () => await page.Locator("#timeline").EvaluateAsync<int>(DrawnPixels) > 0, "the overview's timeline drawn");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Search_returns_lines_and_live_tail_shows_a_line_appended_after_the_page_opened()
    {
        var errors = new List<string>();
        IPage page = await fixture.NewPageAsync(errors);
        await BrowserFixture.OpenAsync(page, "#/search");
        await page.FillAsync("input[name=q]", "Failed password");
        await page.ClickAsync("form[role=search] button[type=submit]");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.line').length === 100");
        foreach (string text in await page.Locator(".line .text").AllInnerTextsAsync())
        {
            Assert.Contains("Failed password", text, StringComparison.Ordinal);
        }

        await page.FillAsync("input[name=q]", "dashboard-tail-marker");
        await page.ClickAsync("button[aria-pressed]:has-text('Live tail')");
        await page.WaitForFunctionAsync("() => document.querySelector('#search-summary').textContent.startsWith('Live')");
        using (var http = new HttpClient { BaseAddress = fixture.Daemon.Address })
        {
            // Pushed again every few seconds until the tail shows it: the stream may connect a moment after the button says "Live".
            DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            int pushes = 0;
            while (await page.Locator(".line:has-text('dashboard-tail-marker')").CountAsync() == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the pushed line never showed in the live tail");
                if (pushes++ % 20 == 0)
                {
                    long ns = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
                    using HttpResponseMessage response = await http.PostAsync("loki/api/v1/push", new StringContent(
                        $$"""{"streams":[{"stream":{"job":"shop"},"values":[["{{ns}}","payment dashboard-tail-marker {{pushes}}"]]}]}""", Encoding.UTF8, "application/json"));
                    Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
                }
                await Task.Delay(200);
            }
        }
        Assert.Contains("payment dashboard-tail-marker", await page.Locator(".line.new .text").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_incident_is_acknowledged_from_its_page_and_the_store_says_so()
    {
        var errors = new List<string>();
        IPage page = await fixture.NewPageAsync(errors);
        await BrowserFixture.OpenAsync(page, "#/incidents");
        await page.ClickAsync("a:has-text('Out of memory: java')");
        await page.WaitForFunctionAsync("() => location.hash === '#/incidents/2' && document.body.dataset.ready && !document.querySelector('#main .loading')");
        Assert.Contains("Explanation", await page.Locator("#main").InnerTextAsync(), StringComparison.Ordinal);
        await page.ClickAsync("button:has-text('Acknowledge')");
        await page.WaitForSelectorAsync(".notice:has-text('Incident acknowledged')");
        Assert.Equal(IncidentStatus.Acknowledged, fixture.Daemon.Incident(2).Status);
        Assert.True(await page.Locator("button:has-text('Acknowledge')").IsDisabledAsync());
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_actions_page_shows_the_audit_with_its_commands_and_lifts_a_ban()
    {
        var errors = new List<string>();
        IPage page = await fixture.NewPageAsync(errors);
        await BrowserFixture.OpenAsync(page, "#/actions");
        string text = await page.Locator("#main").InnerTextAsync();
        Assert.Contains($"network={SeededDaemon.BruteForceIp}/32 duration=3600s", text, StringComparison.Ordinal);
        Assert.Contains("refused", text, StringComparison.Ordinal);
        Assert.Contains("unit=java.service", text, StringComparison.Ordinal);

        // An action's commands fold out under its arguments.
        await page.ClickAsync($"summary:has-text('network={SeededDaemon.BruteForceIp}/32')");
        Assert.True(await page.Locator($"div.mono:has-text('$ /usr/sbin/nft add element inet logwarden ban4')").IsVisibleAsync());

        await page.ClickAsync($"button[aria-label='Lift the ban of {SeededDaemon.BruteForceIp}/32']");
        await page.WaitForSelectorAsync($"[role=status]:has-text('Ban of {SeededDaemon.BruteForceIp}/32 lifted in the ban list')");
        await page.WaitForSelectorAsync(".empty:has-text('No current bans.')");
        Assert.Empty(((LogWarden.Store.IResponseStore)fixture.Daemon.Store).CurrentBans(DateTimeOffset.UtcNow));
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_incident_is_marked_as_noise_from_its_page_and_detection_downgrades_its_findings_from_then_on()
    {
        var errors = new List<string>();
        IPage page = await fixture.NewPageAsync(errors);
        var detection = fixture.Daemon.Services.GetRequiredService<DaemonDetection>();
        var incidents = (IIncidentStore)fixture.Daemon.Store;
        string fingerprint = fixture.Daemon.Incident(1).Fingerprint;
        Assert.False(detection.Tracker.IsNoise(fingerprint));
        Assert.Contains(detection.OpenIncidents(), i => i.Id == 1);

        await BrowserFixture.OpenAsync(page, "#/incidents/1");
        await page.ClickAsync("button:has-text('Mark as noise')");
        await page.WaitForSelectorAsync(".notice:has-text('Incident noise.')");
        Assert.True(await page.Locator("button:has-text('Mark as noise')").IsDisabledAsync(), "Mark as noise still enabled");
        Assert.True(await page.Locator("button:has-text('Resolve')").IsDisabledAsync(), "Resolve still enabled");
        Assert.True(await page.Locator("button:has-text('Acknowledge')").IsDisabledAsync(), "Acknowledge still enabled");

        // The API says so, and the incidents page lists it under "Noise" (and no longer among the active ones).
        using (var http = new HttpClient { BaseAddress = fixture.Daemon.Address })
        {
            JsonElement detail = JsonDocument.Parse(await http.GetStringAsync("api/v1/incidents/1?explain=false&related=false")).RootElement;
            Assert.Equal("noise", detail.GetProperty("incident").GetProperty("status").GetString());
            Assert.NotNull(detail.GetProperty("incident").GetProperty("closed_at").GetString());
        }
        await BrowserFixture.OpenAsync(page, "#/incidents?status=noise");
        Assert.Contains("SSH brute force from " + SeededDaemon.BruteForceIp, await page.Locator("table tbody").InnerTextAsync(), StringComparison.Ordinal);
        await BrowserFixture.OpenAsync(page, "#/incidents");
        Assert.DoesNotContain("SSH brute force", await page.Locator("#main").InnerTextAsync(), StringComparison.Ordinal);

        // The suppression is recorded: in the store's noise list (what a restarted daemon learns) and in the
        // running detection (its tracker closed the incident and downgrades findings with this fingerprint now).
        Assert.Equal(IncidentStatus.Noise, fixture.Daemon.Incident(1).Status);
        Assert.Contains(fingerprint, incidents.LoadNoiseFingerprints());
        Assert.True(detection.Tracker.IsNoise(fingerprint), "the running tracker did not learn the noise fingerprint");
        Assert.DoesNotContain(detection.OpenIncidents(), i => i.Id == 1);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_overview_shows_the_ingest_rate_of_lines_appended_to_a_tailed_file()
    {
        const int Lines = 1500;
        var errors = new List<string>();
        IPage page = await fixture.NewPageAsync(errors);
        // Every /health answer the page gets (its first paint, its 10 s refresh, reloads), in order.
        var healths = new List<Task<JsonElement?>>();
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/api/v1/health", StringComparison.Ordinal))
            {
                lock (healths)
                {
                    healths.Add(response.JsonAsync());
                }
            }
        };
        var pipeline = fixture.Daemon.Services.GetRequiredService<IngestPipeline>();
        await BrowserFixture.OpenAsync(page, "#/");
        long before = pipeline.Counters.Lines;

        Directory.CreateDirectory(fixture.Daemon.LogDirectory);
        var text = new StringBuilder();
        for (int i = 0; i < Lines; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:MMM dd HH:mm:ss} web1 app[42]: request {i} served in {i % 97} ms\n");
        }
        await File.WriteAllTextAsync(Path.Combine(fixture.Daemon.LogDirectory, "overview-rate.log"), text.ToString());
        await Support.Eventually.TrueAsync(() => pipeline.Counters.Lines >= before + Lines, "the appended lines stored");
        Assert.Equal(before + Lines, pipeline.Counters.Lines);

        // Reloaded (more than the server's 2 s cache after the last answer) until an answer counts the lines.
        List<JsonElement> seen = [];
        await Support.Eventually.TrueAsync(async () =>
        {
            await Task.Delay(LogWarden.Web.Api.OverviewCache.Lifetime);
            await BrowserFixture.OpenAsync(page, "#/?reload=" + Environment.TickCount64);
            JsonElement?[] answers;
            Task<JsonElement?>[] pending;
            lock (healths)
            {
                pending = [.. healths];
            }
            answers = await Task.WhenAll(pending);
            seen = [.. answers.Where(a => a is not null).Select(a => a!.Value)];
            return seen.Any(a => Ingest(a).GetProperty("lines_total").GetInt64() == before + Lines);
        }, "an overview answer counting the appended lines", TimeSpan.FromSeconds(60));

        // The first answer that counts them: its rate is the lines between it and the answer computed before it
        // over the time between the two (only this page asks this daemon now, so it saw every computation).
        var computed = seen.DistinctBy(a => a.GetProperty("now").GetDateTimeOffset()).ToList();
        int at = computed.FindIndex(a => Ingest(a).GetProperty("lines_total").GetInt64() == before + Lines);
        Assert.True(at > 0, "no answer before the lines were counted");
        JsonElement previous = computed[at - 1], counted = computed[at];
        double seconds = (counted.GetProperty("now").GetDateTimeOffset() - previous.GetProperty("now").GetDateTimeOffset()).TotalSeconds;
        long lines = Ingest(counted).GetProperty("lines_total").GetInt64() - Ingest(previous).GetProperty("lines_total").GetInt64();
        Assert.InRange(lines, 1, Lines);
        double rate = Ingest(counted).GetProperty("lines_per_second").GetDouble();
        Assert.InRange(rate, lines / seconds * 0.9, lines / seconds * 1.1);

        // The card shows the rate of the answer the page painted last, formatted as the page formats numbers.
        double shown = Ingest(seen[^1]).GetProperty("lines_per_second").GetDouble();
        string expected = await page.EvaluateAsync<string>("async (v) => (await import('/assets/js/ui.js')).compact(v) + '/s'", shown);
        await page.WaitForSelectorAsync($".card:has-text('Ingest rate'):has-text('{expected}')");
        Assert.Empty(errors);
        await page.Context.CloseAsync();

        static JsonElement Ingest(JsonElement health) => health.GetProperty("ingest");
    }

    [Fact]
    public async Task The_resource_range_buttons_ask_for_the_chosen_range_and_redraw_the_charts()
    {
        var errors = new List<string>();
        IPage page = await fixture.NewPageAsync(errors);
        await BrowserFixture.OpenAsync(page, "#/resources?range=24h");
        ILocator cpu = page.Locator(".chart canvas").First;
        string before = await cpu.EvaluateAsync<string>("c => c.toDataURL()");
        Assert.Equal("true", await page.Locator(".segmented[aria-label=Range] button:has-text('24 h')").GetAttributeAsync("aria-pressed"));

        IResponse metrics = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync(".segmented[aria-label=Range] button:has-text('1 h')"),
            r => r.Url.Contains("/api/v1/metrics", StringComparison.Ordinal) && r.Url.Contains("from=1h", StringComparison.Ordinal));
        JsonElement answer = (await metrics.JsonAsync())!.Value;
        TimeSpan span = answer.GetProperty("to").GetDateTimeOffset() - answer.GetProperty("from").GetDateTimeOffset();
        Assert.InRange(span.TotalMinutes, 59, 61);
        await page.WaitForFunctionAsync("() => location.hash.includes('range=1h') && !document.querySelector('#main .loading') && document.querySelectorAll('.chart canvas').length === 6");

        Assert.Equal("true", await page.Locator(".segmented[aria-label=Range] button:has-text('1 h')").GetAttributeAsync("aria-pressed"));
        Assert.Equal("false", await page.Locator(".segmented[aria-label=Range] button:has-text('24 h')").GetAttributeAsync("aria-pressed"));
        Assert.Contains("over the last 1h", await page.Locator(".chart").First.GetAttributeAsync("aria-label") ?? "", StringComparison.Ordinal);
        string after = await page.Locator(".chart canvas").First.EvaluateAsync<string>("c => c.toDataURL()");
        Assert.NotEqual(before, after); // an hour of the day's curve, with its own time axis
        Assert.True(await page.Locator(".chart canvas").First.EvaluateAsync<int>(DrawnPixels) > 500, "the redrawn chart is blank");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }
}
