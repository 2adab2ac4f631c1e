using System.Globalization;
using System.Text.Json;
using LogWarden.Parse;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using Microsoft.Extensions.DependencyInjection;

namespace LogWarden.Tests.Web.Loki;

/// <summary>
/// The Loki API over the store's decoded cache, through the real daemon: a query answered from cached
/// segments still sees lines appended after it, and the same lines once they are sealed into a block; a
/// limit with filters the store cannot apply still fills up.
/// </summary>
public sealed class LokiQueryCacheTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = WebTestDaemon.Start;
    private static readonly HttpClient Http = new();
    private WebTestDaemon _daemon = null!;

    public async Task InitializeAsync() => _daemon = await WebTestDaemon.StartAsync();

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    private static string Ns(DateTimeOffset t) => ((t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100).ToString(CultureInfo.InvariantCulture);

    private async Task<List<string>> NewestLinesAsync(string query, int limit)
    {
        string url = $"{_daemon.BaseUrl}/loki/api/v1/query_range?query={Uri.EscapeDataString(query)}&start={Ns(Start)}&end={Ns(Start.AddHours(1))}&limit={limit}&direction=backward";
        using JsonDocument document = JsonDocument.Parse(await Http.GetStringAsync(new Uri(url)));
        return [.. document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .SelectMany(s => s.GetProperty("values").EnumerateArray().Select(v => (Time: v[0].GetString()!, Line: v[1].GetString()!)))
            .OrderByDescending(v => long.Parse(v.Time, CultureInfo.InvariantCulture)).Select(v => v.Line)];
    }

    private async Task<long> CountAsync(string selector)
    {
        string query = $"sum(count_over_time({selector}[1h]))";
        string url = $"{_daemon.BaseUrl}/loki/api/v1/query?query={Uri.EscapeDataString(query)}&time={Ns(Start.AddMinutes(59))}";
        using JsonDocument document = JsonDocument.Parse(await Http.GetStringAsync(new Uri(url)));
        JsonElement result = Assert.Single(document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray());
        return long.Parse(result.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Cached_queries_see_lines_appended_and_sealed_after_them()
    {
        const string web2 = """{job="app", host="web2"}""";
        for (int i = 0; i < 2; i++) // the second time from the cache
        {
            Assert.Equal(["GET /api/orders/598 200", "GET /api/orders/596 200", "GET /api/orders/594 200"], await NewestLinesAsync(web2, 3));
            Assert.Equal(300, await CountAsync(web2));
        }
        if (_daemon.App.Services.GetRequiredService<ILogStore>() is not EmbeddedStore store)
        {
            return; // the rest is the embedded store's decoded cache and tail (LW_TEST_STORE=postgres runs the queries above only)
        }
        Assert.True(store.DecodedCache.Hits > 0);

        // Template ids do not matter here (no template filter): the daemon's miner owns them, so none are written.
        List<StoredLine> later = [.. Enumerable.Range(600, 10).Select(s => new StoredLine(Start.AddSeconds(s), WebTestDaemon.AppWeb2, $"GET /api/orders/{s} 200", 1, Severity.Info))];
        store.Append(later, [], []);
        Assert.Equal(["GET /api/orders/609 200", "GET /api/orders/608 200", "GET /api/orders/607 200"], await NewestLinesAsync(web2, 3));
        Assert.Equal(310, await CountAsync(web2));

        Assert.True(store.Flush()); // the tail, cached, becomes a block
        Assert.Equal(["GET /api/orders/609 200", "GET /api/orders/608 200", "GET /api/orders/607 200"], await NewestLinesAsync(web2, 3));
        Assert.Equal(310, await CountAsync(web2));
        Assert.Equal(310, (await NewestLinesAsync(web2 + """ |= "orders" """, 5000)).Count);
    }

    [Fact]
    public async Task A_limit_with_filters_the_store_cannot_apply_still_fills_up()
    {
        // != is applied after the store's scan: the store must not stop at 3 lines that the filter then drops.
        Assert.Equal(["GET /api/orders/598 200", "GET /api/orders/596 200", "GET /api/orders/594 200"],
            await NewestLinesAsync("""{job="app"} |= "GET" != "users" """, 3));
    }
}
