namespace LogWarden.Alert;

/// <summary>
/// One channel's plug-in: renders an <see cref="AlertMessage"/> in the channel's format and sends it.
/// Throws <see cref="NotifierException"/> (or an I/O or HTTP exception) when the send failed; the outbox
/// retries. <paramref name="idempotencyKey"/> is the same on every attempt of one outbox entry, so a channel
/// that supports it can drop a repeat after a crash between sending and recording.
/// </summary>
internal interface INotifier
{
    /// <summary>The channel's configured name (outbox rows and routes name it).</summary>
    string Channel { get; }

    Task SendAsync(AlertMessage message, string idempotencyKey, CancellationToken cancellationToken);
}

/// <summary>How a failed send should be treated.</summary>
internal enum NotifierFailure
{
    /// <summary>Down, overloaded, throttled, or unreachable: retry the same message later.</summary>
    Transient,

    /// <summary>
    /// The channel refused this message itself (malformed, too large): retrying it alone will not help.
    /// After a few attempts the outbox gives up on it so the messages behind it are not blocked.
    /// </summary>
    Rejected,
}

/// <summary>A send failed; <see cref="RetryAfter"/> is what the channel asked for (429's Retry-After, Telegram's retry_after).</summary>
internal sealed class NotifierException(string message, NotifierFailure failure = NotifierFailure.Transient, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public NotifierFailure Failure { get; } = failure;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
