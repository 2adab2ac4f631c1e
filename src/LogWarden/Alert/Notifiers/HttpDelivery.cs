using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace LogWarden.Alert.Notifiers;

/// <summary>
/// POSTing a body and judging the answer, the same way for every HTTP channel: 2xx is sent; 429 and 5xx
/// (and 408) are transient, with the server's Retry-After; 400, 413 and 422 reject the message itself;
/// other codes (401, 403, 404: a channel misconfigured or gone) are transient, because every message
/// behind this one would fail the same way until someone fixes the channel. Error texts name the channel,
/// never its URL (which may carry a token).
/// </summary>
internal static class HttpDelivery
{
    /// <summary>The answer's body is read up to this many bytes (enough for any vendor's status JSON).</summary>
    private const int MaxAnswerChars = 64 * 1024;

    public static StringContent Json(JsonNode body) =>
        new(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>Sends and returns the answer's body (2xx); throws <see cref="NotifierException"/> otherwise.</summary>
    public static async Task<string> SendAsync(HttpClient http, HttpRequestMessage request, string channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(request);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            // The message names host and port at most (never the path or query, where tokens live).
            throw new NotifierException($"{channel}: {e.Message}", NotifierFailure.Transient, null, e);
        }
        using (response)
        {
            string body = await ReadAsync(response, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return body;
            }
            throw Failure(channel, response.StatusCode, RetryAfter(response.Headers.RetryAfter), body);
        }
    }

    public static NotifierException Failure(string channel, HttpStatusCode status, TimeSpan? retryAfter, string body)
    {
        int code = (int)status;
        NotifierFailure kind = code is 400 or 413 or 422 ? NotifierFailure.Rejected : NotifierFailure.Transient;
        string detail = body.Length == 0 ? "" : ": " + AlertText.Truncate(body.ReplaceLineEndings(" "), 300);
        return new NotifierException($"{channel}: HTTP {code} {status}{detail}", kind, retryAfter);
    }

    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            TimeSpan wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    /// <summary>Seconds as a JSON number or string ("retry_after": 1.5), as Telegram and Discord put them in bodies.</summary>
    public static TimeSpan? Seconds(JsonNode? node) =>
        node switch
        {
            JsonValue v when v.TryGetValue(out double d) => TimeSpan.FromSeconds(d),
            JsonValue v when v.TryGetValue(out string? s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => TimeSpan.FromSeconds(d),
            _ => null,
        };

    public static JsonNode? ParseOrNull(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), Encoding.UTF8);
        var buffer = new char[MaxAnswerChars];
        int read = await reader.ReadBlockAsync(buffer, cancellationToken).ConfigureAwait(false);
        return new string(buffer, 0, read);
    }
}
