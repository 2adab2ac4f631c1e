using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LogWarden.Config;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogWarden.Ship;

/// <summary>Where and how a <see cref="LokiPushClient"/> pushes.</summary>
internal sealed record LokiPushClientOptions
{
    public required Uri Url { get; init; }

    public string? BearerToken { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>PEM file of a CA to trust (instead of the system's) for an https destination.</summary>
    public string? CaFile { get; init; }

    /// <summary>Extra request headers (the agent id a LogWarden central dedupes by).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>One attempt's limit (connect, send, answer).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait before a retry; it doubles per failure up to <see cref="MaxBackoff"/>, each with jitter.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(2);
}

/// <summary>How a push ended: accepted (2xx), or rejected for good (a 4xx other than 429), with the destination's reason.</summary>
internal readonly record struct PushResult(bool Accepted, int StatusCode, string? Reason);

/// <summary>What a <see cref="LokiPushClient"/> did (read with <see cref="Interlocked"/>).</summary>
internal sealed class LokiPushClientStats
{
    private long _accepted;
    private long _rejected;
    private long _retries;

    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Pushes refused for good (4xx other than 429): their lines were not delivered.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Attempts that failed and were retried (429, 5xx, connection errors, timeouts).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    internal void Count(PushResult result) => Interlocked.Increment(ref result.Accepted ? ref _accepted : ref _rejected);

    internal void Retried() => Interlocked.Increment(ref _retries);
}

/// <summary>
/// Pushes snappy-compressed <c>logproto.PushRequest</c> bodies (<see cref="LokiPushEncoder"/>) to Loki's push API
/// (<c>POST …/loki/api/v1/push</c>, <c>application/x-protobuf</c>), as Promtail does: with a bearer token or
/// basic auth, over https with an optional private CA. 429, 5xx, connection errors and timeouts are retried
/// with capped exponential backoff and full jitter (so agents that lost their central at once do not come
/// back in step), honouring Retry-After; any other 4xx is final (retrying the same body cannot help) and is
/// returned with the body's reason, for the caller to count and log.
/// </summary>
internal sealed partial class LokiPushClient : IDisposable
{
    private const int MaxReasonChars = 1000;

    private readonly LokiPushClientOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PemTrust? _trusted;

    public LokiPushClient(LokiPushClientOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = options.Timeout,
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (options.CaFile is not null)
        {
            _trusted = PemTrust.Load(options.CaFile);
            if (_trusted.Count == 0)
            {
                throw new InvalidDataException($"tls_ca: {options.CaFile} holds no PEM certificate");
            }
            PemTrust trusted = _trusted;
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => trusted.AcceptsOnlyThese(certificate, chain, errors);
        }
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public LokiPushClientStats Stats { get; } = new();

    /// <summary>
    /// Pushes <paramref name="body"/> until it is accepted or refused for good; retryable failures are retried
    /// without end (the caller's store is the buffer), until <paramref name="cancellationToken"/>.
    /// </summary>
    public async Task<PushResult> PushAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            string failure;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, _options.Url) { Content = new ReadOnlyMemoryContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                AddHeaders(request);
                using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attemptTimeout.CancelAfter(_options.Timeout);
                using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptTimeout.Token).ConfigureAwait(false);
                int status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    var accepted = new PushResult(true, status, null);
                    Stats.Count(accepted);
                    return accepted;
                }
                string reason = await ReasonAsync(response, attemptTimeout.Token).ConfigureAwait(false);
                if (status is not (429 or >= 500))
                {
                    var rejected = new PushResult(false, status, reason);
                    Stats.Count(rejected);
                    return rejected;
                }
                retryAfter = RetryAfter(response);
                failure = $"{status}: {reason}";
            }
            catch (HttpRequestException e)
            {
                failure = e.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"no answer within {_options.Timeout.TotalSeconds:0.#} s";
            }
            Stats.Retried();
            TimeSpan delay = Backoff(attempt, retryAfter);
            LogRetrying(_options.Url.Authority, failure, delay, attempt + 1);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Full jitter over a doubling, capped window; a server's Retry-After is a floor (capped too).</summary>
    internal TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        double window = Math.Min(_options.MaxBackoff.TotalMilliseconds, _options.MinBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        var delay = TimeSpan.FromMilliseconds((window / 2) + (Random.Shared.NextDouble() * window / 2));
        return retryAfter is { } floor && floor > delay ? (floor < _options.MaxBackoff ? floor : _options.MaxBackoff) : delay;
    }

    public void Dispose()
    {
        _http.Dispose();
        _trusted?.Dispose();
    }

    private void AddHeaders(HttpRequestMessage request)
    {
        if (_options.BearerToken is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (_options.Username is { } user)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{_options.Password}")));
        }
        foreach (var (name, value) in _options.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private static async Task<string> ReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            string text = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
            return text.Length == 0 ? response.ReasonPhrase ?? "" : text.Length <= MaxReasonChars ? text : text[..MaxReasonChars] + "…";
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
        {
            return response.ReasonPhrase ?? "";
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - _time.GetUtcNow(),
            _ => null,
        };

    [LoggerMessage(Level = LogLevel.Warning, Message = "push to {Destination} failed ({Reason}); retry {Attempt} in {Delay}")]
    private partial void LogRetrying(string destination, string reason, TimeSpan delay, int attempt);
}
