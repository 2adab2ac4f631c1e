using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LogWarden.Config;
using LogWarden.Web.Api;

namespace LogWarden.Cli;

/// <summary>The daemon could not be asked, or refused: the message says why in words an operator can act on.</summary>
internal sealed class DaemonApiException(string message, HttpStatusCode? status = null) : Exception(message)
{
    public HttpStatusCode? Status { get; } = status;
}

/// <summary>
/// Synchronous JSON calls to a daemon's /api/v1 (the CLI's commands are synchronous): the bearer token on every
/// request, a private CA for https, and every failure — refused connection, name, TLS, timeout, 401/403/429, a
/// problem answer, a body that is not the API's — as a <see cref="DaemonApiException"/>.
/// </summary>
internal sealed class DaemonApiClient : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly DaemonEndpoint _endpoint;

    public DaemonApiClient(DaemonEndpoint endpoint)
    {
        _endpoint = endpoint;
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10), AutomaticDecompression = DecompressionMethods.All };
        if (endpoint.CaCertificateFile is { } caFile)
        {
            PemTrust trusted = PemTrust.Load(caFile);
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, errors) => trusted.AcceptsBesideSystemTrust(certificate, errors) };
        }
        _http = new HttpClient(handler) { Timeout = Timeout, BaseAddress = new Uri(endpoint.Address, RestApi.Prefix + "/") };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (endpoint.Token is { } token)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>GET; null when the daemon answers 404 (no such incident, silence…).</summary>
    public T? Get<T>(string path, JsonTypeInfo<T> type)
        where T : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return Send(request, type, allowNotFound: true);
    }

    /// <summary>POST with a JSON body (none when <paramref name="body"/> is null); null when the daemon answers 404.</summary>
    public TResult? Post<TBody, TResult>(string path, TBody? body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<TResult> resultType)
        where TBody : class
        where TResult : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, bodyType), Encoding.UTF8, "application/json");
        }
        return Send(request, resultType, allowNotFound: true);
    }

    /// <summary>DELETE; false when the daemon answers 404.</summary>
    public bool Delete(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, path);
        using HttpResponseMessage response = Exchange(request);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        ThrowUnlessSuccess(response);
        return true;
    }

    /// <summary>GET of newline-delimited JSON, read one line at a time as the daemon writes them.</summary>
    public IEnumerable<T> GetLines<T>(string path, JsonTypeInfo<T> type)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-ndjson"));
        using HttpResponseMessage response = Exchange(request, HttpCompletionOption.ResponseHeadersRead);
        ThrowUnlessSuccess(response);
        using var reader = new StreamReader(response.Content.ReadAsStream(), Encoding.UTF8);
        while (ReadLine(reader) is { } line)
        {
            if (line.Length > 0)
            {
                yield return Parse(line, type);
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private string? ReadLine(StreamReader reader)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (IOException e)
        {
            throw new DaemonApiException($"the daemon at {_endpoint} broke off its answer: {e.Message}");
        }
    }

    private T? Send<T>(HttpRequestMessage request, JsonTypeInfo<T> type, bool allowNotFound)
        where T : class
    {
        using HttpResponseMessage response = Exchange(request);
        if (allowNotFound && response.StatusCode == HttpStatusCode.NotFound && IsProblem(response))
        {
            return null;
        }
        ThrowUnlessSuccess(response);
        string body = ReadBody(response);
        return Parse(body, type);
    }

    private HttpResponseMessage Exchange(HttpRequestMessage request, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        try
        {
            return _http.Send(request, completion);
        }
        catch (HttpRequestException e)
        {
            throw new DaemonApiException(Unreachable(e));
        }
        catch (TaskCanceledException)
        {
            throw new DaemonApiException($"the daemon at {_endpoint} did not answer within {Timeout.TotalSeconds:0} s");
        }
    }

    private string Unreachable(HttpRequestException e)
    {
        string inner = e.InnerException?.Message ?? e.Message;
        return e.HttpRequestError switch
        {
            HttpRequestError.SecureConnectionError => $"TLS with the daemon at {_endpoint} failed: {Innermost(e)}"
                + (_endpoint.CaCertificateFile is null ? " (a self-signed or private CA's certificate: give it with --ca-cert FILE)" : ""),
            HttpRequestError.NameResolutionError => $"cannot resolve the daemon's host {_endpoint.Address.Host}: {inner}",
            HttpRequestError.ConnectionError when e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused } =>
                $"no daemon at {_endpoint}: connection refused (is `logwarden run` running, and is that its `listen` address?)",
            HttpRequestError.ConnectionError => $"cannot connect to the daemon at {_endpoint}: {inner}",
            HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded when _endpoint.Address.Scheme == "http" =>
                $"the daemon at {_endpoint} did not answer HTTP ({Innermost(e)}); does it listen with TLS (https://)?",
            _ => $"the daemon at {_endpoint} could not be asked: {Innermost(e)}",
        };
    }

    private static string Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }
        return e is AuthenticationException && e.Message.Contains("RemoteCertificate", StringComparison.Ordinal)
            ? "its certificate is not trusted (" + e.Message + ")"
            : e.Message;
    }

    private void ThrowUnlessSuccess(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        string detail = ProblemDetail(response);
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new DaemonApiException(_endpoint.Token is null
                ? $"the daemon at {_endpoint} needs authentication (401): give a token with --token-file FILE or ${ServerOptions.TokenVariable}"
                : $"the daemon at {_endpoint} refused the token (401): check --token-file or ${ServerOptions.TokenVariable}", response.StatusCode),
            HttpStatusCode.Forbidden => new DaemonApiException($"the daemon at {_endpoint} does not allow this token here (403){(detail.Length > 0 ? ": " + detail : "")}", response.StatusCode),
            HttpStatusCode.TooManyRequests => new DaemonApiException($"the daemon at {_endpoint} refuses this address for now after failed authentications (429): wait a minute", response.StatusCode),
            _ => new DaemonApiException($"the daemon at {_endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase}{(detail.Length > 0 ? ": " + detail : "")}", response.StatusCode),
        };
    }

    private static bool IsProblem(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is "application/problem+json";

    /// <summary>
    /// The detail of an RFC 7807 answer (what the API's filter says about bad input) or the server's plain-text
    /// refusal (the authentication layer's), else nothing.
    /// </summary>
    private static string ProblemDetail(HttpResponseMessage response)
    {
        try
        {
            if (IsProblem(response))
            {
                var problem = JsonSerializer.Deserialize(response.Content.ReadAsStream(), ApiJsonContext.Default.ProblemDetails);
                return problem?.Detail ?? problem?.Title ?? "";
            }
            if (response.Content.Headers.ContentType?.MediaType is "text/plain")
            {
                using var reader = new StreamReader(response.Content.ReadAsStream(), Encoding.UTF8);
                string text = reader.ReadLine()?.Trim() ?? "";
                return text.Length <= 300 ? text : text[..300] + "…";
            }
            return "";
        }
        catch (Exception e) when (e is JsonException or IOException or HttpRequestException)
        {
            return "";
        }
    }

    private string ReadBody(HttpResponseMessage response)
    {
        try
        {
            using var reader = new StreamReader(response.Content.ReadAsStream(), Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new DaemonApiException($"the daemon at {_endpoint} broke off its answer: {e.Message}");
        }
    }

    private T Parse<T>(string json, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new DaemonApiException($"{_endpoint} did not answer as LogWarden's API does ({e.Message}); is it a LogWarden daemon of the same version?");
        }
    }
}
