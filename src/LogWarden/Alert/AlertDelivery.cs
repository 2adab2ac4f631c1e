using System.Text.Json;
using LogWarden.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace LogWarden.Alert;

/// <summary>How the delivery worker retries.</summary>
internal sealed record AlertDeliveryOptions
{
    /// <summary>Quick retries inside one attempt (Polly, exponential with jitter, honouring a short Retry-After).</summary>
    public int InlineRetries { get; init; } = 2;

    public TimeSpan InlineRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A Retry-After longer than this is not waited for inline: the outbox schedules the next attempt.</summary>
    public TimeSpan MaxInlineWait { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Backoff between failed attempts of an entry: first, then doubling up to <see cref="MaxBackoff"/>, ±20 % jitter.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A channel down for long is tried at least this often, so it gets its backlog soon after it is back.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>An entry the channel rejected (malformed, too large) this many times is given up on, so it does not block the rest.</summary>
    public int MaxRejections { get; init; } = 3;

    /// <summary>How often a channel with nothing due looks again (held entries: quiet hours, grouping window).</summary>
    public TimeSpan IdlePoll { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Delivers the outbox. Each channel has its own loop, so a dead channel delays no other one; within a
/// channel, entries go strictly in id order: the first due entry is retried (with growing, jittered
/// backoff) until it is delivered, and nothing behind it overtakes it. An entry is marked delivered right
/// after its send; a crash in between sends it again on restart (at least once, with the same idempotency
/// key). Rate limits per channel make entries wait, never drop them.
/// </summary>
internal sealed partial class AlertDelivery : BackgroundService
{
    private readonly IAlertOutbox _outbox;
    private readonly Dictionary<string, ChannelState> _channels;
    private readonly AlertDeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private sealed class ChannelState(INotifier notifier, SendRateLimit rate, ResiliencePipeline pipeline)
    {
        public INotifier Notifier { get; } = notifier;

        public SendRateLimit Rate { get; } = rate;

        public ResiliencePipeline Pipeline { get; } = pipeline;

        public SemaphoreSlim Wake { get; } = new(0, int.MaxValue);

        /// <summary>Sent, but the store refused the mark: marked (not sent) again before anything else.</summary>
        public HashSet<long> SentUnmarked { get; } = [];

        public long Delivered;
        public long Failures;
    }

    public AlertDelivery(IAlertOutbox outbox, IEnumerable<(INotifier Notifier, int RateLimit, TimeSpan RatePeriod)> channels, AlertDeliveryOptions options, TimeProvider time, ILogger<AlertDelivery> logger)
    {
        ArgumentNullException.ThrowIfNull(channels);
        _outbox = outbox;
        _options = options;
        _time = time;
        _logger = logger;
        _channels = channels.ToDictionary(
            c => c.Notifier.Channel,
            c => new ChannelState(c.Notifier, new SendRateLimit(c.RateLimit, c.RatePeriod), BuildPipeline(options, time)),
            StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Channels => _channels.Keys;

    /// <summary>Entries delivered by this worker (tests, stats).</summary>
    public long Delivered => _channels.Values.Sum(c => Interlocked.Read(ref c.Delivered));

    /// <summary>
    /// Per channel since start: entries delivered, and attempts that failed (an attempt is one send with its
    /// inline retries; an entry that fails three times counts three), for /metrics.
    /// </summary>
    public IReadOnlyList<(string Channel, long Delivered, long Failed)> Attempts() =>
        [.. _channels.Select(c => (c.Key, Interlocked.Read(ref c.Value.Delivered), Interlocked.Read(ref c.Value.Failures)))];

    /// <summary>Tells a channel's loop that new entries are waiting (the dispatcher calls it after enqueueing).</summary>
    public void Wake(string channel)
    {
        if (_channels.TryGetValue(channel, out ChannelState? state) && state.Wake.CurrentCount == 0)
        {
            state.Wake.Release();
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_channels.Keys.Select(channel => Task.Run(() => RunChannelAsync(channel, stoppingToken), CancellationToken.None)));

    private async Task RunChannelAsync(string channel, CancellationToken stoppingToken)
    {
        ChannelState state = _channels[channel];
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset next;
            try
            {
                next = await DeliverDueAsync(channel, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or Microsoft.Data.Sqlite.SqliteException)
            {
                LogStoreFailed(channel, e.Message);
                next = _time.GetUtcNow() + _options.IdlePoll;
            }
            TimeSpan wait = next - _time.GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                continue;
            }
            try
            {
                // A wake (new entries) cuts an idle wait short; a backoff or rate-limit wait it does not.
                if (next == DateTimeOffset.MaxValue || wait >= _options.IdlePoll)
                {
                    await WaitForWakeAsync(state.Wake, Min(wait, _options.IdlePoll), stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    await Task.Delay(wait, _time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One pass over a channel: sends its due entries in order until one fails, one must wait (backoff,
    /// rate limit), or none is left. Returns when the channel should be looked at again
    /// (<see cref="DateTimeOffset.MaxValue"/>: when woken, or after the idle poll).
    /// </summary>
    internal async Task<DateTimeOffset> DeliverDueAsync(string channel, CancellationToken cancellationToken)
    {
        ChannelState state = _channels[channel];
        while (true)
        {
            DateTimeOffset now = _time.GetUtcNow();
            IReadOnlyList<OutboxRow> due = _outbox.DueEntries(channel, now, 32);
            if (due.Count == 0)
            {
                return DateTimeOffset.MaxValue;
            }
            foreach (OutboxRow row in due)
            {
                now = _time.GetUtcNow();
                if (row.NextAttemptAt > now)
                {
                    return row.NextAttemptAt;
                }
                if (state.SentUnmarked.Contains(row.Id))
                {
                    _outbox.MarkDelivered(row.Id, now);
                    state.SentUnmarked.Remove(row.Id);
                    continue;
                }
                DateTimeOffset slot = state.Rate.NextSlot(now);
                if (slot > now)
                {
                    return slot;
                }
                if (!await SendAsync(state, row, cancellationToken).ConfigureAwait(false))
                {
                    return _time.GetUtcNow() + TimeSpan.FromMilliseconds(1); // re-read: the entry's next attempt decides
                }
            }
        }
    }

    private async Task<bool> SendAsync(ChannelState state, OutboxRow row, CancellationToken cancellationToken)
    {
        AlertMessage message;
        try
        {
            message = AlertMessage.FromJson(row.Entry.Payload);
        }
        catch (JsonException e)
        {
            _outbox.MarkAttemptFailed(row.Id, "unreadable payload: " + e.Message, _time.GetUtcNow(), giveUp: true);
            Interlocked.Increment(ref state.Failures);
            LogGaveUp(state.Notifier.Channel, row.Id, e.Message);
            return true;
        }
        state.Rate.Sent(_time.GetUtcNow());
        Exception? failure = null;
        try
        {
            await state.Pipeline.ExecuteAsync(
                static async (context, ct) => await context.Notifier.SendAsync(context.Message, context.Key, ct).ConfigureAwait(false),
                (Notifier: state.Notifier, Message: message, Key: "logwarden:" + row.Entry.DedupeKey),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // any failure of a plug-in is an attempt that failed: recorded, retried, never fatal
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
        }
        DateTimeOffset now = _time.GetUtcNow();
        if (failure is null)
        {
            try
            {
                _outbox.MarkDelivered(row.Id, now);
            }
            catch (Exception e) when (e is IOException or Microsoft.Data.Sqlite.SqliteException)
            {
                state.SentUnmarked.Add(row.Id);
                throw;
            }
            Interlocked.Increment(ref state.Delivered);
            return true;
        }
        Interlocked.Increment(ref state.Failures);
        var notifierFailure = failure as NotifierException;
        int attempts = row.Attempts + 1;
        bool giveUp = notifierFailure?.Failure == NotifierFailure.Rejected && attempts >= _options.MaxRejections;
        TimeSpan backoff = Backoff(attempts);
        if (notifierFailure?.RetryAfter is { } asked && asked > backoff)
        {
            backoff = asked;
        }
        string error = failure is TimeoutRejectedException ? $"{state.Notifier.Channel}: no answer within {_options.AttemptTimeout.TotalSeconds:0}s" : failure.Message;
        _outbox.MarkAttemptFailed(row.Id, error, now + backoff, giveUp);
        if (giveUp)
        {
            LogGaveUp(state.Notifier.Channel, row.Id, error);
            return true;
        }
        LogAttemptFailed(state.Notifier.Channel, row.Id, attempts, error, backoff);
        return false;
    }

    /// <summary>First backoff doubling per attempt up to the maximum, times 0.8–1.2 so that restarted daemons do not retry in step.</summary>
    internal TimeSpan Backoff(int attempts)
    {
        double seconds = _options.FirstBackoff.TotalSeconds * Math.Pow(2, Math.Min(attempts - 1, 20));
        seconds = Math.Min(seconds, _options.MaxBackoff.TotalSeconds);
        return TimeSpan.FromSeconds(seconds * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }

    private static ResiliencePipeline BuildPipeline(AlertDeliveryOptions options, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.InlineRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<NotifierException>(e => e.Failure == NotifierFailure.Transient && (e.RetryAfter is null || e.RetryAfter <= options.MaxInlineWait))
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>(),
                MaxRetryAttempts = options.InlineRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.InlineRetryDelay,
                DelayGenerator = static args => new ValueTask<TimeSpan?>(args.Outcome.Exception is NotifierException { RetryAfter: { } asked } ? asked : null),
            });
        }
        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    /// <summary>Until woken or <paramref name="timeout"/> (on the injected clock); a cancelled wait leaves no waiter behind to eat a later wake.</summary>
    private async Task WaitForWakeAsync(SemaphoreSlim wake, TimeSpan timeout, CancellationToken stoppingToken)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Task woken = wake.WaitAsync(both.Token);
        Task timer = Task.Delay(timeout, _time, both.Token);
        await Task.WhenAny(woken, timer).ConfigureAwait(false);
        await both.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(woken, timer).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        stoppingToken.ThrowIfCancellationRequested();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "alert {Id} to {Channel}: attempt {Attempts} failed ({Reason}); next in {Backoff}")]
    private partial void LogAttemptFailed(string channel, long id, int attempts, string reason, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Error, Message = "alert {Id} to {Channel} was refused by the channel and is given up ({Reason}); `logwarden alerts retry` sends it again")]
    private partial void LogGaveUp(string channel, long id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "alert outbox of {Channel}: store error ({Reason}); trying again")]
    private partial void LogStoreFailed(string channel, string reason);
}
