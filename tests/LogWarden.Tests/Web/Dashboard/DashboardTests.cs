using System.Net;
using System.Text;
using LogWarden.Detect.Incidents;
using LogWarden.Tests.Web.Api;
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
}
