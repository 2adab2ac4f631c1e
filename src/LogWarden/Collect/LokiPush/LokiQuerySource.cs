using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogWarden.Collect.LokiPush;

/// <summary>The <c>lokiQuery:</c> section: an existing Loki to follow, and how.</summary>
internal sealed record LokiQueryOptions
{
    /// <summary>Loki's base address, e.g. <c>http://loki.internal:3100</c>.</summary>
    public required Uri Url { get; init; }

    /// <summary>A LogQL log query, e.g. <c>{job="varlogs"}</c> or <c>{app="shop"} |= "error"</c>.</summary>
    public required string Query { get; init; }

    /// <summary>How often to ask for new lines once caught up.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How far behind now the window ends: Loki accepts lines a little late and out of order, and a line
    /// that lands in an already-read window would be missed.
    /// </summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Lines per query (Loki's max_entries_limit_per_query defaults to 5,000).</summary>
    public int Limit { get; init; } = 1000;

    /// <summary>With no checkpoint yet, how far back to start (zero: only lines from now on).</summary>
    public TimeSpan InitialLookback { get; init; } = TimeSpan.Zero;

    /// <summary>The X-Scope-OrgID header of a multi-tenant Loki, or null.</summary>
    public string? TenantId { get; init; }

    /// <summary><c>user:password</c> for basic authentication, or null.</summary>
    public string? BasicAuth { get; init; }

    public string? Validate() =>
        !Url.IsAbsoluteUri || Url.Scheme is not ("http" or "https") ? "lokiQuery.url: an absolute http(s) address"
        : !Query.TrimStart().StartsWith('{') ? "lokiQuery.query: a LogQL log query, starting with a selector such as {job=\"varlogs\"}"
        : Limit is < 1 or > 5000 ? "lokiQuery.limit: 1 to 5000"
        : PollInterval <= TimeSpan.Zero || Delay < TimeSpan.Zero || InitialLookback < TimeSpan.Zero ? "lokiQuery.pollInterval, delay, initialLookback: positive (delay and lookback may be zero)"
        : null;
}

/// <summary>What the follower has done, for `logwarden status`.</summary>
internal sealed class LokiQueryStats
{
    private long _queries;
    private long _lines;
    private long _errors;

    public long Queries => Interlocked.Read(ref _queries);

    public long Lines => Interlocked.Read(ref _lines);

    /// <summary>Queries that failed (Loki unreachable, an error answer, an unreadable body) and streams skipped for invalid labels.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    public string? LastError { get; private set; }

    internal void Queried(int lines)
    {
        Interlocked.Increment(ref _queries);
        Interlocked.Add(ref _lines, lines);
    }

    internal void Failed(string error)
    {
        Interlocked.Increment(ref _errors);
        LastError = error;
    }
}

/// <summary>
/// Follows an existing Loki: polls <c>/loki/api/v1/query_range</c> forward from the last line it stored,
/// so LogWarden can watch logs that already go to Loki without touching their shippers. Polling rather
/// than <c>/tail</c>'s WebSocket: a poll resumes exactly from a checkpoint after a restart or an outage,
/// where tail only starts from "now" (or a bounded look-back) and drops lines when the reader is slow.
/// <para>
/// Checkpoint (per query): the last timestamp stored and hashes of the lines stored at that timestamp.
/// Loki's start bound is inclusive, so the next query starts at that timestamp and the lines already
/// stored there are skipped: nothing is read twice, and lines sharing the timestamp across two pages are
/// not lost. A page full of lines all at one timestamp (more than the limit share a nanosecond) doubles the
/// limit until it gets past them. Lines become records as pushed ones do (<see cref="LokiRecordBuilder"/>).
/// </para>
/// </summary>
internal sealed partial class LokiQuerySource : ILogSource, IDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    private readonly LokiQueryOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LokiPushCaches _caches = new();
    private readonly LokiPushOptions _recordLimits = new();

    public LokiQuerySource(LokiQueryOptions options, HttpClient? http = null, TimeProvider? time = null, ILogger<LokiQuerySource>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _options = options;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30), MaxResponseContentBufferSize = 64 * 1024 * 1024 };
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public string Id => "loki-query";

    public LokiQueryStats Stats { get; } = new();

    public async Task RunAsync(IIngestSink sink, ICheckpointReader checkpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(checkpoints);
        var position = Position.Parse(checkpoints.Get(Id, _options.Query))
            ?? new Position((_time.GetUtcNow() - _options.InitialLookback).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks, []);
        int limit = _options.Limit;
        var backoff = _options.PollInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = _options.PollInterval;
            try
            {
                long endTicks = (_time.GetUtcNow() - _options.Delay).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
                if (endTicks > position.Ticks)
                {
                    var page = await QueryAsync(position, endTicks, limit, cancellationToken).ConfigureAwait(false);
                    if (page.Records.Count > 0)
                    {
                        var batch = new IngestBatch(page.Records, [new Checkpoint(Id, _options.Query, page.Next.ToJson())]);
                        await sink.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                    }

                    Stats.Queried(page.Records.Count);
                    bool stuck = page.Full && page.Records.Count == 0;
                    limit = stuck ? Math.Min(limit * 2, 1 << 20) : _options.Limit;
                    position = page.Next;
                    if (page.Full)
                    {
                        wait = TimeSpan.Zero; // more is waiting: read on at once
                    }
                }

                backoff = _options.PollInterval;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or LokiPushException or TaskCanceledException)
            {
                // Loki down, an error answer, a body we cannot read: say so, keep the position, try again later.
                Stats.Failed(ex.Message);
                LogQueryFailed(_options.Url, ex.Message);
                wait = backoff;
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }

            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private sealed record Page(List<IngestRecord> Records, Position Next, bool Full);

    private async Task<Page> QueryAsync(Position from, long endTicks, int limit, CancellationToken cancellationToken)
    {
        string path = string.Create(CultureInfo.InvariantCulture,
            $"loki/api/v1/query_range?query={Uri.EscapeDataString(_options.Query)}&start={from.Ticks * 100}&end={endTicks * 100}&limit={limit}&direction=forward");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_options.Url, path));
        if (_options.TenantId is not null)
        {
            request.Headers.Add("X-Scope-OrgID", _options.TenantId);
        }

        if (_options.BasicAuth is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(_options.BasicAuth)));
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Loki answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300))).Trim()}");
        }

        var builder = new LokiRecordBuilder(_recordLimits, _caches, _time.GetUtcNow());
        long lastTicks = from.Ticks;
        var lastHashes = new HashSet<string>(from.Hashes, StringComparer.Ordinal);
        int entries = 0;
        string? resultType = null;
        LokiJsonReader.ReadObject(body, "__none__"u8, (_, _) => { }, (ref Utf8JsonReader reader) =>
        {
            if (!reader.ValueTextEquals("data"u8))
            {
                return false;
            }

            LokiJsonReader.Next(ref reader, JsonTokenType.StartObject, "data");
            LokiJsonReader.ReadProperties(ref reader, "result"u8, (labels, values) => AddStream(labels, values), (ref Utf8JsonReader data) =>
            {
                if (!data.ValueTextEquals("resultType"u8))
                {
                    return false;
                }

                LokiJsonReader.Next(ref data, JsonTokenType.String, "data.resultType");
                resultType = LokiJsonReader.ReadString(ref data);
                return true;
            });
            return true;
        });
        if (resultType is not null && resultType != "streams")
        {
            throw new LokiPushException($"the query gives {resultType}, not log lines: use a log query, not a metric query");
        }

        // Lines at the page's last timestamp are where the next query starts; remember them to skip them
        // (lastHashes began as the old position's, and was cleared only if the page got past that tick).
        return new Page(builder.Records, new Position(lastTicks, [.. lastHashes]), entries >= limit);

        void AddStream(List<KeyValuePair<string, string>> pairs, List<LokiEntry> values)
        {
            entries += values.Count;
            StreamLabels labels;
            try
            {
                labels = builder.LabelsFromPairs(pairs);
            }
            catch (LokiPushException ex)
            {
                Stats.Failed(ex.Message);
                LogStreamSkipped(values.Count, ex.Message);
                return;
            }

            var fresh = new List<LokiEntry>(values.Count);
            foreach (var entry in values)
            {
                long ticks = entry.Timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
                if (ticks < from.Ticks || (ticks == from.Ticks && from.Hashes.Contains(Hash(labels, entry.Line))))
                {
                    continue; // stored by the previous query
                }

                fresh.Add(entry);
                if (ticks > lastTicks)
                {
                    lastTicks = ticks;
                    lastHashes.Clear();
                }

                if (ticks == lastTicks)
                {
                    lastHashes.Add(Hash(labels, entry.Line));
                }
            }

            builder.AddStream(labels, fresh);
        }
    }

    private static string Hash(StreamLabels labels, string line)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(labels.Key, "\n", line)), digest);
        return Convert.ToHexString(digest[..12]);
    }

    /// <summary>Where the follower is: ticks (100 ns) since the Unix epoch, and the lines stored at exactly that tick.</summary>
    private sealed record Position(long Ticks, string[] Hashes)
    {
        public string ToJson() => JsonSerializer.Serialize(new PositionJson(Ticks, Hashes), LokiQueryJsonContext.Default.PositionJson);

        public static Position? Parse(string? json)
        {
            if (json is null)
            {
                return null;
            }

            try
            {
                var parsed = JsonSerializer.Deserialize(json, LokiQueryJsonContext.Default.PositionJson);
                return parsed is null ? null : new Position(parsed.Ticks, parsed.Hashes ?? []);
            }
            catch (JsonException)
            {
                return null; // a damaged checkpoint: start over from the look-back rather than not at all
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "loki query: asking {Url} failed, retrying later: {Error}")]
    private partial void LogQueryFailed(Uri url, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "loki query: skipped {Count} lines of a stream with invalid labels: {Error}")]
    private partial void LogStreamSkipped(int count, string error);

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }
}

internal sealed record PositionJson(long Ticks, string[]? Hashes);

[System.Text.Json.Serialization.JsonSerializable(typeof(PositionJson))]
internal sealed partial class LokiQueryJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
