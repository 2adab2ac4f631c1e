using System.Buffers;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Net.Http.Headers;
using Snappier;

namespace LogWarden.Collect.LokiPush;

/// <summary>
/// Answers <c>POST /loki/api/v1/push</c> as Grafana Loki does, so Promtail, Alloy, Fluent Bit, Vector,
/// winston-loki, pino-loki and friends can send here unchanged.
/// <list type="bullet">
/// <item><c>application/x-protobuf</c> (or no Content-Type, as Loki assumes): a snappy block
/// (<see cref="Snappy"/>) holding a <c>logproto.PushRequest</c> (<see cref="LokiProtobufReader"/>).</item>
/// <item><c>application/json</c>: <see cref="LokiJsonReader"/>.</item>
/// <item><c>Content-Encoding: gzip</c> on either.</item>
/// </list>
/// The answer is 204 only once the push's batch is durable (<see cref="IngestBatch.Durable"/>): a client
/// that got 204 may forget the lines. 400 says what is wrong with a body; 413 a body (or what it inflates
/// to) over <see cref="LokiPushOptions.MaxBodyBytes"/>; 415 an unknown type or encoding; 429 a pipeline
/// that stayed full for <see cref="LokiPushOptions.MaxWait"/>; 503 a store that failed or did not confirm.
/// Clients retry 429 and 5xx and drop 4xx, as with Loki.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "SemaphoreSlim holds nothing to dispose unless its AvailableWaitHandle is used, and the receiver lives as long as the web host.")]
internal sealed partial class LokiPushReceiver
{
    public const string Path = "/loki/api/v1/push";

    private const int FirstReadBytes = 64 * 1024;

    private readonly IIngestSink _sink;
    private readonly LokiPushOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly LokiPushCaches _caches = new();

    public LokiPushReceiver(IIngestSink sink, LokiPushOptions? options = null, TimeProvider? time = null, ILogger<LokiPushReceiver>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
        _options = options ?? new LokiPushOptions();
        if (_options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _slots = new SemaphoreSlim(_options.MaxConcurrentPushes);
    }

    public LokiPushStats Stats { get; init; } = new();

    /// <summary>
    /// Exactly-once and per-agent limits for pushes from LogWarden agents (those naming themselves with
    /// <see cref="AgentHeader"/> or authenticated by an agent token); null: every push is taken as it comes.
    /// </summary>
    public AgentPushGate? Agents { get; init; }

    /// <summary>
    /// Where agents' metrics samples go (the store's metric tables and the detection stage); null: a push
    /// with a reserved metrics stream is refused.
    /// </summary>
    public HostMetrics.IMetricSink? Metrics { get; init; }

    /// <summary>
    /// Where an agent's word on its own detection (<see cref="AgentDetectionModes.Header"/>) is kept for the
    /// central's detection stage; null: not recorded (every line is detected on here).
    /// </summary>
    public AgentDetectionModes? DetectionModes { get; init; }

    /// <summary>The header a LogWarden agent names itself with: <c>host/instance</c>.</summary>
    public const string AgentHeader = "X-LogWarden-Agent";

    /// <summary>The <see cref="HttpContext.Items"/> key under which authentication leaves the host an agent token may write.</summary>
    public const string AgentHostItem = "logwarden.agent-host";

    private enum BodyKind
    {
        Protobuf,
        Json,
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var aborted = context.RequestAborted;
        if (!TryGetBodyKind(request, out var kind, out bool gzip, out string? unsupported))
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, unsupported).ConfigureAwait(false);
            return;
        }

        if (request.ContentLength > _options.MaxBodyBytes)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, $"the body has {request.ContentLength} bytes; at most {_options.MaxBodyBytes} are accepted").ConfigureAwait(false);
            return;
        }

        AgentTurn? turn = null;
        string? agent = AgentOf(context, out string? requiredHost);
        if (agent is { Length: 0 })
        {
            Agents?.Stats.Foreign();
            await RefuseAsync(context, StatusCodes.Status403Forbidden, $"this agent token may only push as its own host ({requiredHost}), not as '{Shorten(request.Headers[AgentHeader].ToString())}'").ConfigureAwait(false);
            return;
        }

        string? agentHost = null;
        if (agent is not null && DetectionModes is not null)
        {
            int slash = agent.IndexOf('/', StringComparison.Ordinal);
            agentHost = slash < 0 ? agent : agent[..slash];
            DetectionModes.Note(agentHost, request.Headers[AgentDetectionModes.Header] == AgentDetectionModes.Local);
        }

        if (Agents is not null && agent is not null)
        {
            try
            {
                turn = await Agents.EnterAsync(agent, _options.MaxWait, aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (turn is null)
            {
                await RefuseAsync(context, StatusCodes.Status429TooManyRequests, "this agent's previous push is still being stored; retry later").ConfigureAwait(false);
                return;
            }
        }
        IngestBatch batch;
        int truncated;
        bool turnPassedOn = false;
        try
        {
            bool haveSlot;
            try
            {
                haveSlot = await _slots.WaitAsync(_options.MaxWait, aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // the client went away while waiting
            }

            if (!haveSlot)
            {
                await RefuseAsync(context, StatusCodes.Status429TooManyRequests, "too many pushes at once; retry later").ConfigureAwait(false);
                return;
            }

            try
            {
                var builder = new LokiRecordBuilder(_options, _caches, _time.GetUtcNow()) { AfterSequence = turn?.HighWater, RequiredHost = requiredHost };
                await DecodeAsync(context, kind, gzip, builder).ConfigureAwait(false);
                if (turn is not null)
                {
                    Agents!.Stats.Dropped(builder.Duplicates);
                    if (builder.Records.Count > 0 && !turn.TryTake(builder.Records.Count))
                    {
                        Agents.Stats.Limited();
                        context.Response.Headers.RetryAfter = turn.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        await RefuseAsync(context, StatusCodes.Status429TooManyRequests, "this agent is over its rate (fleet.max_lines_per_second); nothing was stored; retry later").ConfigureAwait(false);
                        return;
                    }
                }

                if (builder.MetricLines.Count > 0)
                {
                    // Idempotent: a sample of the same series and time replaces the earlier one, so a retried push stores nothing twice.
                    await StoreMetricsAsync(builder.MetricLines, aborted).ConfigureAwait(false);
                }

                if (builder.Records.Count == 0)
                {
                    Stats.Stored(0, 0);
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                    return;
                }

                truncated = builder.TruncatedLines;
                // An agent's new high-water mark commits with its lines, in the same transaction.
                Checkpoint[] mark = turn is not null && builder.MaxSequence > turn.HighWater
                    ? [new Checkpoint(AgentPushGate.CheckpointSource, turn.Agent, builder.MaxSequence.ToString(System.Globalization.CultureInfo.InvariantCulture))]
                    : [];
                // So does what the agent says of its detection, when that changed (a restarted central remembers it).
                if (agentHost is not null && DetectionModes!.PendingCheckpoint(agentHost) is { } mode)
                {
                    mark = [.. mark, mode];
                }
                batch = new IngestBatch(builder.Records, mark, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                if (!await TryQueueAsync(batch, aborted).ConfigureAwait(false))
                {
                    await RefuseAsync(context, StatusCodes.Status429TooManyRequests, $"the pipeline is full; nothing was stored; retry later").ConfigureAwait(false);
                    return;
                }

                if (turn is not null)
                {
                    turn.ExitAfter(batch.Durable!.Task, builder.MaxSequence);
                    turnPassedOn = true;
                }
                if (mark.Length > 0 && mark[^1].SourceId == AgentDetectionModes.CheckpointSource)
                {
                    _ = batch.Durable!.Task.ContinueWith(
                        (t, state) =>
                        {
                            if (t.IsCompletedSuccessfully)
                            {
                                DetectionModes!.Stored((Checkpoint)state!);
                            }
                        },
                        mark[^1],
                        CancellationToken.None,
                        TaskContinuationOptions.ExecuteSynchronously,
                        TaskScheduler.Default);
                }
            }
            catch (LokiPushException ex)
            {
                if (ex.StatusCode == StatusCodes.Status403Forbidden)
                {
                    Agents?.Stats.Foreign();
                }

                await RefuseAsync(context, ex.StatusCode, ex.Message).ConfigureAwait(false);
                return;
            }
            catch (BadHttpRequestException ex)
            {
                // Kestrel's own limits (request body size, data rate) and bodies cut short by the client.
                await RefuseAsync(context, ex.StatusCode, ex.Message).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                return; // the client went away before its push was queued: nothing was stored
            }
            finally
            {
                _slots.Release();
            }

        }
        finally
        {
            if (turn is not null && !turnPassedOn)
            {
                turn.Exit();
            }
        }

        try
        {
            await batch.Durable!.Task.WaitAsync(_options.DurableTimeout, _time, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return; // the client went away; the push is stored all the same
        }
        catch (TimeoutException)
        {
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, $"the store did not confirm within {_options.DurableTimeout.TotalSeconds:0} s; the push may or may not be stored").ConfigureAwait(false);
            return;
        }
        catch (Exception ex)
        {
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, "the store failed: " + ex.Message).ConfigureAwait(false);
            return;
        }

        Stats.Stored(batch.Records.Count, truncated);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>Parses and stores the samples of reserved metrics streams, each under its stream's host (which an agent token has been held to); unreadable ones are skipped and counted.</summary>
    private async Task StoreMetricsAsync(List<(string Host, string Line)> lines, CancellationToken aborted)
    {
        if (Metrics is null)
        {
            throw new LokiPushException("this node keeps no metrics: push log streams only");
        }
        var reader = new Detect.Metrics.MetricsFileReader();
        int stored = 0;
        foreach ((string host, string line) in lines)
        {
            if (!reader.TryParse(line, out HostMetrics.HostMetricsSample? sample, out _))
            {
                continue;
            }
            try
            {
                await Metrics.WriteAsync(sample with { Host = host }, aborted).ConfigureAwait(false);
            }
            catch (Store.StoreFullException e)
            {
                throw new LokiPushException("the store is full: " + e.Message, StatusCodes.Status503ServiceUnavailable);
            }
            stored++;
        }
        Stats.Metrics(stored, lines.Count - stored);
    }

    /// <summary>Reads, inflates and parses the body into <paramref name="builder"/>.</summary>
    private async Task DecodeAsync(HttpContext context, BodyKind kind, bool gzip, LokiRecordBuilder builder)
    {
        var (body, length) = await ReadBodyAsync(context).ConfigureAwait(false);
        Stats.BodyRead(json: kind == BodyKind.Json);
        try
        {
            if (gzip)
            {
                var (inflated, inflatedLength) = Gunzip(body, length);
                ArrayPool<byte>.Shared.Return(body);
                (body, length) = (inflated, inflatedLength);
            }

            if (kind == BodyKind.Json)
            {
                LokiJsonReader.Read(body.AsSpan(0, length), builder);
                return;
            }

            var (message, messageLength) = Unsnappy(body, length);
            try
            {
                LokiProtobufReader.Read(message, messageLength, builder);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(message);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>The whole body in a pooled buffer, refused with 413 as soon as it passes the limit.</summary>
    private async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = (long)_options.MaxBodyBytes + 1; // our own check below says more than Kestrel's
        }

        long? declared = context.Request.ContentLength;
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(declared ?? FirstReadBytes, _options.MaxBodyBytes) + 1);
        int length = 0;
        try
        {
            var body = context.Request.Body;
            while (true)
            {
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, length, _options.MaxBodyBytes + 1);
                }

                int read = await body.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > _options.MaxBodyBytes)
                {
                    throw new LokiPushException($"the body is larger than {_options.MaxBodyBytes} bytes", StatusCodes.Status413PayloadTooLarge);
                }
            }

            if (length == 0)
            {
                throw new LokiPushException("the body is empty");
            }

            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Inflates a gzip body, refusing it with 413 once it inflates past the limit (a bomb is stopped there, not read out).</summary>
    private (byte[] Buffer, int Length) Gunzip(byte[] body, int length)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(length * 4, FirstReadBytes), _options.MaxBodyBytes + 1));
        int inflated = 0;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(body, 0, length, writable: false), CompressionMode.Decompress);
            while (true)
            {
                if (inflated == buffer.Length)
                {
                    buffer = Grow(buffer, inflated, _options.MaxBodyBytes + 1);
                }

                int read = gzip.Read(buffer, inflated, buffer.Length - inflated);
                if (read == 0)
                {
                    return (buffer, inflated);
                }

                inflated += read;
                if (inflated > _options.MaxBodyBytes)
                {
                    throw new LokiPushException($"the gzip body inflates past {_options.MaxBodyBytes} bytes", StatusCodes.Status413PayloadTooLarge);
                }
            }
        }
        catch (InvalidDataException ex)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new LokiPushException("bad gzip body: " + ex.Message);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Snappy block format, as Loki's protobuf pushes use (not the framed stream format). The header's length is checked before anything is allocated.</summary>
    private (byte[] Buffer, int Length) Unsnappy(byte[] body, int length)
    {
        int size;
        try
        {
            size = Snappy.GetUncompressedLength(body.AsSpan(0, length));
        }
        catch (InvalidDataException ex)
        {
            throw new LokiPushException("bad snappy body: " + ex.Message);
        }

        if (size < 0)
        {
            throw new LokiPushException("bad snappy body: the length header is over 2 GiB");
        }

        if (size > _options.MaxBodyBytes)
        {
            throw new LokiPushException($"the snappy body inflates to {size} bytes; at most {_options.MaxBodyBytes} are accepted", StatusCodes.Status413PayloadTooLarge);
        }

        if (SnappyExtent.Check(body.AsSpan(0, length)) is { } reason)
        {
            throw new LokiPushException("bad snappy body: " + reason);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            return (buffer, Snappy.Decompress(body.AsSpan(0, length), buffer.AsSpan(0, size)));
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new LokiPushException("bad snappy body: " + ex.Message);
        }
    }

    private static byte[] Grow(byte[] buffer, int used, int limit)
    {
        byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit));
        buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    /// <summary>Hands the batch to the pipeline, waiting at most <see cref="LokiPushOptions.MaxWait"/> for room.</summary>
    private async Task<bool> TryQueueAsync(IngestBatch batch, CancellationToken aborted)
    {
        using var wait = new CancellationTokenSource(_options.MaxWait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(wait.Token, aborted);
        try
        {
            await _sink.WriteAsync(batch, linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (wait.IsCancellationRequested && !aborted.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The pipeline is closed (the daemon is stopping) or broken: nothing was stored; the client retries.
            throw new LokiPushException("the pipeline did not take the push: " + ex.Message, StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static bool TryGetBodyKind(HttpRequest request, out BodyKind kind, out bool gzip, out string? problem)
    {
        kind = BodyKind.Protobuf;
        gzip = false;
        problem = null;
        string? contentType = request.ContentType;
        if (!string.IsNullOrWhiteSpace(contentType))
        {
            if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
            {
                problem = $"unreadable Content-Type '{contentType}'";
                return false;
            }

            if (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            {
                kind = BodyKind.Json;
            }
            else if (!mediaType.MediaType.Equals("application/x-protobuf", StringComparison.OrdinalIgnoreCase))
            {
                problem = $"unsupported Content-Type '{contentType}': send application/json, or application/x-protobuf compressed with snappy";
                return false;
            }
        }

        string encoding = request.Headers.ContentEncoding.ToString().Trim();
        if (encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
        {
            gzip = true;
        }
        else if (encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            problem = $"unsupported Content-Encoding '{encoding}': send gzip or none";
            return false;
        }

        return true;
    }

    /// <summary>
    /// The agent a push comes from: its header, which an agent token's host must begin (else "", refused);
    /// the token's host alone when there is no header; null for a push from anything else.
    /// </summary>
    private static string? AgentOf(HttpContext context, out string? requiredHost)
    {
        requiredHost = context.Items.TryGetValue(AgentHostItem, out object? item) ? item as string : null;
        string named = context.Request.Headers[AgentHeader].ToString().Trim();
        if (named.Length == 0)
        {
            return requiredHost;
        }

        if (named.Length > 256 || (requiredHost is not null && named != requiredHost && !named.StartsWith(requiredHost + "/", StringComparison.Ordinal)))
        {
            return "";
        }

        return named;
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : string.Concat(text.AsSpan(0, 100), "…");

    private async Task RefuseAsync(HttpContext context, int statusCode, string? message)
    {
        Stats.Refused(statusCode);
        LogRefused(statusCode, message);
        if (context.RequestAborted.IsCancellationRequested || context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = statusCode;
        if (statusCode is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable && string.IsNullOrEmpty(context.Response.Headers.RetryAfter))
        {
            context.Response.Headers.RetryAfter = "1";
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message + "\n", context.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "loki push: answered {StatusCode}: {Reason}")]
    private partial void LogRefused(int statusCode, string? reason);
}
