using Microsoft.AspNetCore.Http;

namespace LogWarden.Collect.LokiPush;

/// <summary>What the push endpoint has answered, for `logwarden status` and the dashboard (updated with <see cref="Interlocked"/>).</summary>
internal sealed class LokiPushStats
{
    private long _accepted;
    private long _protobufBodies;
    private long _jsonBodies;
    private long _lines;
    private long _truncatedLines;
    private long _badRequests;
    private long _tooLarge;
    private long _unsupported;
    private long _saturated;
    private long _notStored;
    private long _forbidden;

    /// <summary>Pushes answered 204: stored.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Bodies read as protobuf + snappy, whatever came of them.</summary>
    public long ProtobufBodies => Interlocked.Read(ref _protobufBodies);

    /// <summary>Bodies read as JSON, whatever came of them.</summary>
    public long JsonBodies => Interlocked.Read(ref _jsonBodies);

    /// <summary>Lines in the pushes answered 204.</summary>
    public long Lines => Interlocked.Read(ref _lines);

    /// <summary>Lines cut to <see cref="LokiPushOptions.MaxLineBytes"/>.</summary>
    public long TruncatedLines => Interlocked.Read(ref _truncatedLines);

    /// <summary>Pushes answered 400: a body that is not a valid push.</summary>
    public long BadRequests => Interlocked.Read(ref _badRequests);

    /// <summary>Pushes answered 413.</summary>
    public long TooLarge => Interlocked.Read(ref _tooLarge);

    /// <summary>Pushes answered 415: a content type or encoding this endpoint does not read.</summary>
    public long Unsupported => Interlocked.Read(ref _unsupported);

    /// <summary>Pushes answered 429: the pipeline was full for longer than <see cref="LokiPushOptions.MaxWait"/>.</summary>
    public long Saturated => Interlocked.Read(ref _saturated);

    /// <summary>Pushes answered 503: queued but the store failed, or did not confirm within <see cref="LokiPushOptions.DurableTimeout"/>.</summary>
    public long NotStored => Interlocked.Read(ref _notStored);

    /// <summary>Pushes answered 403: an agent token writing another host's streams.</summary>
    public long Forbidden => Interlocked.Read(ref _forbidden);

    /// <summary>Metrics samples stored from agents' reserved metrics streams, and those skipped as unreadable.</summary>
    public long MetricSamples => Interlocked.Read(ref _metricSamples);

    public long BadMetricSamples => Interlocked.Read(ref _badMetricSamples);

    private long _metricSamples;
    private long _badMetricSamples;

    internal void Metrics(int stored, int bad)
    {
        Interlocked.Add(ref _metricSamples, stored);
        Interlocked.Add(ref _badMetricSamples, bad);
    }

    internal void BodyRead(bool json) => Interlocked.Increment(ref json ? ref _jsonBodies : ref _protobufBodies);

    internal void Stored(int lines, int truncated)
    {
        Interlocked.Increment(ref _accepted);
        Interlocked.Add(ref _lines, lines);
        Interlocked.Add(ref _truncatedLines, truncated);
    }

    internal void Refused(int statusCode)
    {
        switch (statusCode)
        {
            case StatusCodes.Status400BadRequest: Interlocked.Increment(ref _badRequests); break;
            case StatusCodes.Status413PayloadTooLarge: Interlocked.Increment(ref _tooLarge); break;
            case StatusCodes.Status415UnsupportedMediaType: Interlocked.Increment(ref _unsupported); break;
            case StatusCodes.Status429TooManyRequests: Interlocked.Increment(ref _saturated); break;
            case StatusCodes.Status403Forbidden: Interlocked.Increment(ref _forbidden); break;
            default: Interlocked.Increment(ref _notStored); break;
        }
    }

    public override string ToString() =>
        $"accepted {Accepted} pushes / {Lines} lines ({ProtobufBodies} protobuf and {JsonBodies} JSON bodies read) ({TruncatedLines} truncated); refused: {BadRequests} bad, {TooLarge} too large, {Unsupported} unsupported, {Saturated} saturated, {Forbidden} forbidden, {NotStored} not stored";
}
