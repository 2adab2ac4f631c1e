using LogWarden.Alert;
using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Explain;
using LogWarden.Store;
using LogWarden.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LogWarden.Tests.Alert;

/// <summary>
/// Alerting as the daemon wires it (listener → dispatcher → outbox in a real store → delivery worker),
/// on a fake clock, without the rest of the daemon. <see cref="Restart"/> closes everything and opens it
/// again on the same data directory, as a daemon restart does.
/// </summary>
internal sealed class AlertRig : IDisposable
{
    private readonly string _dataDir;
    private readonly AlertsConfig _config;
    private readonly Func<AlertChannelConfig, INotifier>? _notifierFor;
    private readonly IIncidentExplainer? _explainer;
    private readonly HttpClient _http = NotifierFactory.CreateHttpClient();

    public AlertRig(string dataDir, AlertsConfig config, DateTimeOffset start, IIncidentExplainer? explainer = null, Func<AlertChannelConfig, INotifier>? notifierFor = null)
    {
        _dataDir = dataDir;
        _config = config;
        _explainer = explainer;
        _notifierFor = notifierFor;
        Time = new FakeTimeProvider(start);
        Open();
    }

    public FakeTimeProvider Time { get; }

    public ILogStore Store { get; private set; } = null!;

    public IAlertOutbox Outbox => (IAlertOutbox)Store;

    public AlertListener Listener { get; private set; } = null!;

    public AlertDispatcher Dispatcher { get; private set; } = null!;

    public AlertDelivery Delivery { get; private set; } = null!;

    public static AlertDeliveryOptions Options { get; } = new() { InlineRetries = 0 };

    private void Open()
    {
        Store = StoreFactory.Open(_dataDir, TestStoreLocation.ConfigFor(_dataDir));
        Listener = new AlertListener(IncidentNames.ParseSeverity(_config.MinSeverity));
        Delivery = new AlertDelivery(
            Outbox,
            _config.Channels.Select(c => (_notifierFor?.Invoke(c) ?? NotifierFactory.Create(c, _http, Time), c.RateLimit, c.RateLimitPeriod)),
            Options,
            Time,
            NullLogger<AlertDelivery>.Instance);
        Dispatcher = new AlertDispatcher(Listener, _config, Store, "https://lw.example", Time, NullLogger<AlertDispatcher>.Instance, Delivery.Wake, _explainer);
    }

    public void Restart()
    {
        Delivery.Dispose();
        Dispatcher.Dispose();
        Store.Dispose();
        Open();
    }

    /// <summary>Tells the dispatcher what the tracker would (a snapshot per event) and lets it enqueue.</summary>
    public async Task RaiseAsync(string notice, IncidentRecord incident)
    {
        Assert.True(Listener.Enqueue(new AlertTrigger(notice, incident)));
        await Dispatcher.DrainAsync(CancellationToken.None);
    }

    /// <summary>One delivery pass over every channel.</summary>
    public async Task DeliverAsync()
    {
        foreach (string channel in Delivery.Channels)
        {
            await Delivery.DeliverDueAsync(channel, CancellationToken.None);
        }
    }

    public IReadOnlyList<OutboxRow> Rows(string? channel = null) =>
        [.. Outbox.ListOutbox(new OutboxQuery { Channel = channel, Limit = 100_000 }).OrderBy(r => r.Id)];

    public void Dispose()
    {
        Delivery.Dispose();
        Dispatcher.Dispose();
        Store.Dispose();
        _http.Dispose();
    }

    public static AlertsConfig Config(params AlertChannelConfig[] channels) => new()
    {
        Channels = channels,
        Timing = new AlertTimingConfig { GroupWait = TimeSpan.Zero, RepeatInterval = null, SendResolved = true },
    };

    public static AlertChannelConfig Webhook(string name, string url) => new() { Name = name, Type = "webhook", Url = url, Secret = "k" };

    public static IncidentRecord Resolved(IncidentRecord incident, DateTimeOffset at) => incident with { Status = IncidentStatus.Resolved, ClosedAt = at };

    public static FindingSeverity Warning => FindingSeverity.Warning;
}
