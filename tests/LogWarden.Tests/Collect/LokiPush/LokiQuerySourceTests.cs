using LogWarden.Collect;
using LogWarden.Collect.LokiPush;
using LogWarden.Tests.Support;
using static LogWarden.Tests.Collect.LokiPush.LokiPushBodies;

namespace LogWarden.Tests.Collect.LokiPush;

/// <summary>
/// <see cref="LokiQuerySource"/> following the Loki stand-in of <see cref="LokiPushServer"/> (pushed to with
/// real HTTP, queried with real HTTP): no Grafana Loki is packaged in Debian to test against.
/// </summary>
public sealed class LokiQuerySourceTests
{
    private static readonly DateTimeOffset Base = DateTimeOffset.UtcNow.AddMinutes(-5);

    private static PushStream Stream(string job, params (double Seconds, string Line)[] lines) =>
        new([new("job", job)], [.. lines.Select(l => new PushEntry(Base.AddSeconds(l.Seconds), l.Line))]);

    private static LokiQueryOptions Options(LokiPushServer loki, int limit = 1000) => new()
    {
        Url = loki.BaseAddress,
        Query = "{job=\"shop\"}",
        PollInterval = TimeSpan.FromMilliseconds(50),
        Delay = TimeSpan.Zero,
        InitialLookback = TimeSpan.FromHours(1),
        Limit = limit,
    };

    /// <summary>Runs a follower into a fresh sink until disposed; checkpoints as given.</summary>
    private sealed class Follower : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly LokiQuerySource _source;
        private readonly Task _run;

        public Follower(LokiQueryOptions options, ICheckpointReader? checkpoints = null)
        {
            _source = new LokiQuerySource(options);
            _run = _source.RunAsync(Sink, checkpoints ?? new InMemoryCheckpoints(), _stop.Token);
        }

        public CollectingSink Sink { get; } = new();

        public LokiQueryStats Stats => _source.Stats;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run.WaitAsync(TimeSpan.FromSeconds(20));
            _source.Dispose();
            await Sink.DisposeAsync();
        }
    }

    private static async Task PushAsync(LokiPushServer loki, params PushStream[] streams) =>
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await loki.PushAsync(ProtobufSnappy(streams), "application/x-protobuf")).Status);

    [Fact]
    public async Task Lines_of_the_selected_streams_arrive_once_each_in_order_across_pages()
    {
        await using var loki = await LokiPushServer.StartAsync();
        await PushAsync(loki,
            Stream("shop", [.. Enumerable.Range(0, 10).Select(i => ((double)i, $"order {i} paid"))]),
            Stream("other", (0.5, "not selected")));
        await using var follower = new Follower(Options(loki, limit: 3));

        var records = await follower.Sink.WaitForRecordsAsync(10);
        await PushAsync(loki, Stream("shop", (20, "order 10 paid"), (21, "order 11 paid")));
        records = await follower.Sink.WaitForRecordsAsync(12);
        await Eventually.TrueAsync(() => loki.Queries > 8, "a few more polls");

        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"order {i} paid"), follower.Sink.Records.Select(r => r.Record.Raw));
        Assert.All(records, r => Assert.Equal("{job=\"shop\"}", r.Labels.Key));
        Assert.Equal(Base.AddSeconds(21), records[^1].Record.Timestamp);
        Assert.All(follower.Sink.Batches, b => Assert.Equal("loki-query", Assert.Single(b.Checkpoints).SourceId));
    }

    [Fact]
    public async Task Lines_sharing_one_timestamp_beyond_the_page_size_are_neither_lost_nor_repeated()
    {
        await using var loki = await LokiPushServer.StartAsync();
        await PushAsync(loki, Stream("shop", [(1, "before"), .. Enumerable.Range(0, 7).Select(i => (2.0, $"same instant {i}")), (3, "after")]));
        await using var follower = new Follower(Options(loki, limit: 2));

        await follower.Sink.WaitForRecordsAsync(9);
        await Eventually.TrueAsync(() => follower.Stats.Queries > 10, "more polls");

        Assert.Equal(
            ["before", .. Enumerable.Range(0, 7).Select(i => $"same instant {i}"), "after"],
            follower.Sink.Records.Select(r => r.Record.Raw).OrderBy(l => l == "before" ? 0 : l == "after" ? 2 : 1).ThenBy(l => l, StringComparer.Ordinal));
        Assert.Equal(9, follower.Sink.Records.Count);
    }

    [Fact]
    public async Task A_restart_resumes_from_the_committed_checkpoint()
    {
        await using var loki = await LokiPushServer.StartAsync();
        await PushAsync(loki, Stream("shop", (1, "first"), (2, "second")));
        InMemoryCheckpoints committed;
        await using (var first = new Follower(Options(loki)))
        {
            await first.Sink.WaitForRecordsAsync(2);
            committed = first.Sink.Checkpoints;
        }

        await PushAsync(loki, Stream("shop", (2, "third, at the same time as the second"), (4, "fourth")));
        await using var second = new Follower(Options(loki), committed);

        await second.Sink.WaitForRecordsAsync(2);
        await Eventually.TrueAsync(() => second.Stats.Queries > 5, "more polls");
        Assert.Equal(["third, at the same time as the second", "fourth"], second.Sink.Records.Select(r => r.Record.Raw));
    }

    [Fact]
    public async Task A_failing_Loki_is_retried_and_counted_and_nothing_is_lost()
    {
        await using var loki = await LokiPushServer.StartAsync();
        loki.FailQueries = true;
        await PushAsync(loki, Stream("shop", (1, "kept through the outage")));
        await using var follower = new Follower(Options(loki));

        await Eventually.TrueAsync(() => follower.Stats.Errors >= 2, "failed polls");
        Assert.Contains("500", follower.Stats.LastError, StringComparison.Ordinal);
        loki.FailQueries = false;

        Assert.Equal("kept through the outage", Assert.Single(await follower.Sink.WaitForRecordsAsync(1)).Record.Raw);
    }

    [Fact]
    public async Task An_unreachable_Loki_is_retried_without_ending_the_source()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        int port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now
        await using var follower = new Follower(new LokiQueryOptions { Url = new Uri($"http://127.0.0.1:{port}"), Query = "{job=\"x\"}", PollInterval = TimeSpan.FromMilliseconds(20) });

        await Eventually.TrueAsync(() => follower.Stats.Errors >= 2, "failed polls");
        Assert.Empty(follower.Sink.Records);
    }

    [Theory]
    [InlineData("sum(rate({job=\"x\"}[1m]))")]
    [InlineData("job=x")]
    public void A_query_that_is_not_a_log_query_is_refused(string query)
    {
        var options = new LokiQueryOptions { Url = new Uri("http://127.0.0.1:3100"), Query = query };

        Assert.Contains("log query", options.Validate(), StringComparison.Ordinal);
    }
}
