namespace LogWarden.Collect.LokiPush;

/// <summary>
/// The <c>lokiPush:</c> section: the bounds of the push endpoint. The HTTP listener itself (address and
/// port, 127.0.0.1:9740 by default) belongs to the daemon's web host.
/// </summary>
internal sealed record LokiPushOptions
{
    /// <summary>
    /// Largest body accepted, in bytes, both as sent and once decompressed (gzip, snappy): a small
    /// compressed body that inflates past it (a decompression bomb) is refused like a large one, with 413.
    /// </summary>
    public int MaxBodyBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>A log line longer than this many UTF-8 bytes is cut to it, with a marker (Loki's own default limit is 256 KB).</summary>
    public int MaxLineBytes { get; init; } = 256 * 1024;

    /// <summary>Labels per stream, at most (Loki's default is 15; some clients add a few).</summary>
    public int MaxLabelNames { get; init; } = 30;

    /// <summary>Longest label name and value, in characters (Loki's defaults).</summary>
    public int MaxLabelNameLength { get; init; } = 1024;

    /// <inheritdoc cref="MaxLabelNameLength"/>
    public int MaxLabelValueLength { get; init; } = 2048;

    /// <summary>
    /// Pushes decoded at once. Each holds its body, the decompressed body and the decoded records until
    /// they are queued, so this bounds the endpoint's memory (about 4 × 4 × <see cref="MaxBodyBytes"/>).
    /// </summary>
    public int MaxConcurrentPushes { get; init; } = 4;

    /// <summary>
    /// How long a push may wait for a decoding slot and then for room in the pipeline before it is
    /// answered 429 (clients retry later): the store is behind, and holding more requests open would not help.
    /// </summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a queued push may wait to be stored before the answer is 503 (it may still be stored: clients retry, Loki-style at-least-once).</summary>
    public TimeSpan DurableTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The first problem with these options, or null.</summary>
    public string? Validate() =>
        MaxBodyBytes < 1024 ? "lokiPush.maxBodyBytes: must be at least 1024"
        : MaxLineBytes < 64 ? "lokiPush.maxLineBytes: must be at least 64"
        : MaxLabelNames < 1 ? "lokiPush.maxLabelNames: must be at least 1"
        : MaxLabelNameLength < 1 || MaxLabelValueLength < 1 ? "lokiPush.maxLabelNameLength and maxLabelValueLength: must be at least 1"
        : MaxConcurrentPushes < 1 ? "lokiPush.maxConcurrentPushes: must be at least 1"
        : MaxWait <= TimeSpan.Zero || DurableTimeout <= TimeSpan.Zero ? "lokiPush.maxWait and durableTimeout: must be positive"
        : null;
}
