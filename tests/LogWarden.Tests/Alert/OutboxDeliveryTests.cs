using LogWarden.Alert;
using LogWarden.Detect.Incidents;
using LogWarden.Store;
using LogWarden.Tests.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Alert;

/// <summary>No alert lost: the durable outbox, retries with backoff, order and exactly-once delivery across outages and restarts.</summary>
public sealed class OutboxDeliveryTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private FakeChannelServer _receiver = null!;
    private volatile bool _down;

    public async Task InitializeAsync() =>
        _receiver = await FakeChannelServer.StartAsync(_ => _down ? new FakeAnswer(503, "down for maintenance", "text/plain") : new FakeAnswer(200, "{}"));

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
    }

    public void Dispose() => _dir.Dispose();

    private List<ReceivedRequest> Delivered => [.. _receiver.Received.Where(r => r.Accepted)];

    [Fact]
    public async Task A_channel_down_for_an_hour_gets_all_100_incidents_in_order_without_duplicates_across_a_restart()
    {
        using var rig = new AlertRig(_dir.Path, AlertRig.Config(AlertRig.Webhook("hook", _receiver.BaseUrl)), AlertSamples.T0);
        _down = true;
        var open = new Queue<IncidentRecord>();
        // 100 incidents open and resolve over an hour (one every 36 s, each resolved ten later), the
        // delivery worker trying all along; the daemon restarts half-way.
        for (int i = 1; i <= 110; i++)
        {
            if (i <= 100)
            {
                IncidentRecord incident = AlertSamples.Incident(i);
                open.Enqueue(incident);
                await rig.RaiseAsync(AlertNotice.Firing, incident);
            }
            if (i > 10)
            {
                await rig.RaiseAsync(AlertNotice.Resolved, AlertRig.Resolved(open.Dequeue(), rig.Time.GetUtcNow()));
            }
            await rig.DeliverAsync();
            rig.Time.Advance(TimeSpan.FromSeconds(36));
            if (i == 50)
            {
                rig.Restart();
            }
        }
        Assert.True(rig.Time.GetUtcNow() - AlertSamples.T0 >= TimeSpan.FromHours(1));
        Assert.Empty(Delivered);
        Assert.Equal(200, rig.Rows().Count);
        Assert.All(rig.Rows(), r => Assert.Equal(OutboxState.Pending, r.State));
        Assert.True(rig.Rows()[0].Attempts > 5, "the head entry was retried while the channel was down");
        Assert.All(rig.Rows().Skip(1), r => Assert.Equal(0, r.Attempts)); // nothing overtook the head

        rig.Restart();
        _down = false;
        for (int step = 0; step < 20 && Delivered.Count < 200; step++)
        {
            await rig.DeliverAsync();
            rig.Time.Advance(TimeSpan.FromSeconds(30));
        }

        List<ReceivedRequest> delivered = Delivered;
        Assert.Equal(200, delivered.Count);
        List<string> keys = [.. delivered.Select(r => r.Headers["Idempotency-Key"])];
        Assert.Equal(200, keys.Distinct().Count());
        // In the order they were enqueued: the outbox's id order, each incident's firing before its resolve.
        Assert.Equal(rig.Rows().Select(r => "logwarden:" + r.Entry.DedupeKey), keys);
        for (int i = 1; i <= 100; i++)
        {
            int firing = keys.IndexOf($"logwarden:hook:{i}:firing");
            int resolved = keys.IndexOf($"logwarden:hook:{i}:resolved");
            Assert.True(firing >= 0 && resolved > firing, $"incident {i}: firing at {firing}, resolved at {resolved}");
        }
        Assert.All(rig.Rows(), r => Assert.Equal(OutboxState.Delivered, r.State));

        // A restart after recovery sends nothing again, and replaying the same news enqueues nothing.
        rig.Restart();
        await rig.RaiseAsync(AlertNotice.Firing, AlertSamples.Incident(1));
        await rig.DeliverAsync();
        Assert.Equal(200, Delivered.Count);
        Assert.Equal(200, rig.Rows().Count);
    }

    [Fact]
    public async Task A_send_not_recorded_before_a_crash_is_sent_again_with_the_same_idempotency_key()
    {
        using var rig = new AlertRig(_dir.Path, AlertRig.Config(AlertRig.Webhook("hook", _receiver.BaseUrl)), AlertSamples.T0);
        await rig.RaiseAsync(AlertNotice.Firing, AlertSamples.Incident(1));
        // The crash: the receiver has the alert, but the daemon died before marking it delivered.
        OutboxRow row = Assert.Single(rig.Outbox.DueEntries("hook", rig.Time.GetUtcNow(), 10));
        var notifier = NotifierFactory.Create(AlertRig.Webhook("hook", _receiver.BaseUrl), new HttpClient(), rig.Time);
        await notifier.SendAsync(AlertMessage.FromJson(row.Entry.Payload), "logwarden:" + row.Entry.DedupeKey, CancellationToken.None);

        rig.Restart();
        await rig.DeliverAsync();

        Assert.Equal(2, _receiver.Received.Count);
        Assert.Equal(_receiver.Received[0].Headers["Idempotency-Key"], _receiver.Received[1].Headers["Idempotency-Key"]);
        Assert.Equal(OutboxState.Delivered, Assert.Single(rig.Rows()).State);
    }

    [Fact]
    public async Task A_message_the_channel_rejects_is_given_up_after_three_tries_and_does_not_block_the_next()
    {
        _receiver.Answer = r => r.Json["alert"]!["incident_id"]!.GetValue<long>() == 1 ? new FakeAnswer(400, "bad payload", "text/plain") : new FakeAnswer(200, "{}");
        using var rig = new AlertRig(_dir.Path, AlertRig.Config(AlertRig.Webhook("hook", _receiver.BaseUrl)), AlertSamples.T0);
        await rig.RaiseAsync(AlertNotice.Firing, AlertSamples.Incident(1));
        await rig.RaiseAsync(AlertNotice.Firing, AlertSamples.Incident(2));

        for (int i = 0; i < 10; i++)
        {
            await rig.DeliverAsync();
            rig.Time.Advance(TimeSpan.FromMinutes(1));
        }

        IReadOnlyList<OutboxRow> rows = rig.Rows();
        Assert.Equal(OutboxState.Failed, rows[0].State);
        Assert.Equal(3, rows[0].Attempts);
        Assert.Contains("400", rows[0].LastError, StringComparison.Ordinal);
        Assert.Equal(OutboxState.Delivered, rows[1].State);
        Assert.Equal(1, rig.Outbox.Retry(null, rig.Time.GetUtcNow()));
        Assert.Equal(OutboxState.Pending, rig.Rows()[0].State);
    }

    [Fact]
    public async Task A_rate_limit_delays_sends_beyond_it_and_drops_none()
    {
        var channel = AlertRig.Webhook("hook", _receiver.BaseUrl) with { RateLimit = 3, RateLimitPeriod = TimeSpan.FromMinutes(1) };
        using var rig = new AlertRig(_dir.Path, AlertRig.Config(channel), AlertSamples.T0);
        for (int i = 1; i <= 7; i++)
        {
            await rig.RaiseAsync(AlertNotice.Firing, AlertSamples.Incident(i));
        }

        await rig.DeliverAsync();
        Assert.Equal(3, _receiver.Received.Count);
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        await rig.DeliverAsync();
        Assert.Equal(6, _receiver.Received.Count);
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        await rig.DeliverAsync();

        Assert.Equal(7, _receiver.Received.Count);
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), _receiver.Received.Select(r => r.Json["alert"]!["incident_id"]!.GetValue<long>()));
    }

    [Fact]
    public async Task The_delivery_service_sends_an_enqueued_alert_on_its_own_and_honours_a_429_retry_after()
    {
        int calls = 0;
        _receiver.Answer = _ => Interlocked.Increment(ref calls) == 1
            ? new FakeAnswer(429, "slow down", "text/plain", new Dictionary<string, string> { ["Retry-After"] = "1" })
            : new FakeAnswer(200, "{}");
        var store = StoreFactory.Open(_dir.Path, TestStoreLocation.ConfigFor(_dir.Path));
        using var _ = store;
        var options = new AlertDeliveryOptions { InlineRetries = 2, InlineRetryDelay = TimeSpan.FromMilliseconds(50) };
        using var http = new HttpClient();
        using var delivery = new AlertDelivery((IAlertOutbox)store, [(NotifierFactory.Create(AlertRig.Webhook("hook", _receiver.BaseUrl), http, TimeProvider.System), 0, TimeSpan.FromMinutes(1))], options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<AlertDelivery>.Instance);
        await delivery.StartAsync(CancellationToken.None);
        ((IAlertOutbox)store).Enqueue([new OutboxEntry("hook:1:firing", "hook", 1, AlertNotice.Firing, "warning", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, AlertSamples.Message(1).ToJson())]);
        delivery.Wake("hook");

        await Support.Eventually.TrueAsync(() => delivery.Delivered == 1, "the alert delivered");
        await delivery.StopAsync(CancellationToken.None);

        Assert.Equal(2, _receiver.Received.Count);
        Assert.True(_receiver.Received[1].At - _receiver.Received[0].At >= TimeSpan.FromSeconds(0.9), "the second try waited for Retry-After");
        OutboxRow row = Assert.Single(((IAlertOutbox)store).ListOutbox(new OutboxQuery()));
        Assert.Equal(OutboxState.Delivered, row.State);
    }
}
