using System.Text.RegularExpressions;
using LogWarden.Tests.Web.Api;
using Microsoft.Playwright;

namespace LogWarden.Tests.Web.Dashboard;

/// <summary>
/// A seeded daemon and one headless Debian Chromium (driven by Playwright, no browser download) shared by
/// a test class. Screenshots go to <see cref="ScreenshotDirectory"/>: <c>artifacts/screenshots/</c> of the
/// repository (git-ignored; where CI collects artifacts), overwritten by each run.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private SeededDaemon? _daemon;

    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    /// <summary>The directory holding LogWarden.slnx above the test binaries (the temp directory when run outside the repository).</summary>
    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LogWarden.slnx")))
            {
                return dir.FullName;
            }
        }
        return Path.Combine(Path.GetTempPath(), "logwarden-test-artifacts");
    }

    public SeededDaemon Daemon => _daemon ?? throw new InvalidOperationException("not started");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        _daemon = await SeededDaemon.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Containers often lack a usable /dev/shm and user namespaces.
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_daemon is not null)
        {
            await _daemon.DisposeAsync();
        }
    }

    /// <summary>A fresh page (own context) with every console error and uncaught exception collected into <paramref name="errors"/>.</summary>
    public async Task<IPage> NewPageAsync(List<string> errors, ColorScheme scheme = ColorScheme.Light, int width = 1280, int height = 900)
    {
        IBrowserContext context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Daemon.Address.ToString(),
            ColorScheme = scheme,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        IPage page = await context.NewPageAsync();
        // The strictest policy the server may send (Web/Server adds its own headers): the page must need no
        // inline script or style and no other origin. A violation is a console error, which fails the test.
        await page.RouteAsync(new Regex("/$"), async route =>
        {
            IAPIResponse response = await route.FetchAsync();
            var headers = new Dictionary<string, string>(response.Headers) { ["content-security-policy"] = "default-src 'self'" };
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Headers = headers });
        });
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add($"console: {message.Text} ({message.Location})");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add("page error: " + error);
            }
        };
        return page;
    }

    /// <summary>Opens a dashboard route and waits until the page and everything it loads has settled (no loading indicator left).</summary>
    public static async Task OpenAsync(IPage page, string route)
    {
        await page.GotoAsync("/" + route);
        await page.WaitForFunctionAsync("() => document.body.dataset.ready && !document.querySelector('#main .loading')", null, new PageWaitForFunctionOptions { Timeout = 20_000 });
    }
}
