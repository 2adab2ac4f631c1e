using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using LogWarden.Collect.LokiPush;
using LogWarden.Config;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogWarden.Web.Server;

/// <summary>
/// The daemon's HTTP server in one place: Kestrel's listener (TLS from PEM files when configured), its
/// limits, and the middleware every endpoint sits behind — errors as 4xx, never a 500 for bad input; path
/// traversal refused; authentication (required on any bind that is not loopback); security headers.
/// <code>
/// WebServer.Configure(builder, config, endpoint);   // before Build()
/// app.UseWebServer(config);                          // first thing after Build()
/// </code>
/// </summary>
internal static partial class WebServer
{
    /// <exception cref="InvalidDataException">A non-loopback bind without authentication, or unreadable TLS files.</exception>
    public static void Configure(WebApplicationBuilder builder, LogWardenConfig config, IPEndPoint endpoint)
    {
        WebConfig web = config.Web;
        if (!IPAddress.IsLoopback(endpoint.Address) && !web.Auth.IsConfigured)
        {
            throw new InvalidDataException(
                $"listen: {endpoint} is reachable from other machines, so it needs authentication: set web.auth.token_sha256 or web.auth.username + password_hash (`logwarden web hash-password`), or listen on 127.0.0.1");
        }
        X509Certificate2? certificate = web.Tls.IsConfigured ? LoadCertificate(web.Tls) : null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(endpoint, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
            // The largest body any endpoint takes; each request is then held to its own (see UseWebServer).
            k.Limits.MaxRequestBodySize = Math.Max(config.Sources.LokiPush.MaxBodyBytes, web.MaxBodyBytes);
            k.Limits.MaxRequestHeadersTotalSize = web.MaxHeaderBytes;
            k.Limits.MaxRequestLineSize = Math.Min(web.MaxHeaderBytes, 16 * 1024);
            k.Limits.MaxRequestHeaderCount = 100;
            k.Limits.RequestHeadersTimeout = web.HeadersTimeout;
            k.Limits.KeepAliveTimeout = web.KeepAliveTimeout;
            k.Limits.MaxConcurrentConnections = 1000;
            k.Limits.Http2.MaxStreamsPerConnection = 100;
        });
        builder.Services.AddSingleton(new AgentTokens(config.Fleet));
        builder.Services.AddSingleton(sp => new WebAuthenticator(web.Auth, web.MaxFailedLoginsPerMinute, sp.GetRequiredService<TimeProvider>()));
    }

    private static X509Certificate2 LoadCertificate(WebTlsConfig tls)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(tls.Certificate!, tls.Key);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidDataException($"web.tls: cannot load the certificate {tls.Certificate} with key {tls.Key}: {e.Message}", e);
        }
    }

    /// <summary>Puts the server's middleware in front of every endpoint mapped after it.</summary>
    public static WebApplication UseWebServer(this WebApplication app, LogWardenConfig config)
    {
        WebConfig web = config.Web;
        ILogger log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LogWarden.Web");
        WebAuthenticator authenticator = app.Services.GetRequiredService<WebAuthenticator>();
        AgentTokens agents = app.Services.GetRequiredService<AgentTokens>();
        bool tls = web.Tls.IsConfigured;
        var openPaths = new HashSet<string>(web.OpenPaths, StringComparer.Ordinal);
        app.Use(async (context, next) =>
        {
            AddSecurityHeaders(context.Response, tls);
            try
            {
                if (!IsSafeTarget(context))
                {
                    await RefuseAsync(context, StatusCodes.Status400BadRequest, "the path must not contain '..' segments, backslashes, NUL or encoded slashes").ConfigureAwait(false);
                    return;
                }
                bool push = context.Request.Path.Equals(LokiPushReceiver.Path, StringComparison.Ordinal);
                if (agents.HostOf(context.Request.Headers.Authorization.ToString()) is { } agentHost)
                {
                    if (!(push && HttpMethods.IsPost(context.Request.Method)))
                    {
                        agents.CountRefused();
                        await RefuseAsync(context, StatusCodes.Status403Forbidden, "an agent token may only push (POST " + LokiPushReceiver.Path + ")").ConfigureAwait(false);
                        return;
                    }
                    context.Items[LokiPushReceiver.AgentHostItem] = agentHost; // the receiver holds the push to this host
                }
                else if (authenticator.IsConfigured && !openPaths.Contains(context.Request.Path.Value ?? "") && !await AuthenticateAsync(context, authenticator).ConfigureAwait(false))
                {
                    return;
                }
                else if (!authenticator.IsConfigured && agents.IsConfigured && push)
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    await RefuseAsync(context, StatusCodes.Status401Unauthorized, "this central takes pushes only with an agent token (fleet.agents)").ConfigureAwait(false);
                    return;
                }
                LimitBody(context, web);
                await next(context).ConfigureAwait(false);
            }
            catch (BadHttpRequestException e)
            {
                if (!context.Response.HasStarted)
                {
                    context.Response.Clear();
                }
                await RefuseAsync(context, e.StatusCode, e.Message).ConfigureAwait(false);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidDataException or System.Text.DecoderFallbackException)
            {
                if (!context.Response.HasStarted)
                {
                    context.Response.Clear();
                }
                await RefuseAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away: nothing to answer.
            }
            catch (Exception e)
            {
                LogUnhandled(log, context.Request.Method, context.Request.Path.Value ?? "", e);
                if (!context.Response.HasStarted)
                {
                    context.Response.Clear();
                }
                await RefuseAsync(context, StatusCodes.Status500InternalServerError, "internal error (logged)").ConfigureAwait(false);
            }
        });
        return app;
    }

    private static void AddSecurityHeaders(HttpResponse response, bool tls)
    {
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        if (tls)
        {
            headers.StrictTransportSecurity = "max-age=31536000";
        }
    }

    /// <summary>
    /// Refuses what only a traversal attempt sends: a dot segment in the raw target (Kestrel would resolve
    /// it, quietly turning <c>/x/../../etc/passwd</c> into <c>/etc/passwd</c>), percent-encoded dots, slashes
    /// or backslashes in the path, backslashes, and NUL.
    /// </summary>
    private static bool IsSafeTarget(HttpContext context)
    {
        string raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        int query = raw.IndexOf('?', StringComparison.Ordinal);
        ReadOnlySpan<char> path = query < 0 ? raw : raw.AsSpan(0, query);
        if (path.Contains('\\') || path.Contains('\0') || path.Contains("%00", StringComparison.Ordinal)
            || path.Contains("%2f", StringComparison.OrdinalIgnoreCase) || path.Contains("%5c", StringComparison.OrdinalIgnoreCase)
            || path.Contains("%2e", StringComparison.OrdinalIgnoreCase) || path.Contains("%25", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (Range segment in path.Split('/'))
        {
            if (path[segment] is ".." or ".")
            {
                return false;
            }
        }
        return !(context.Request.Path.Value ?? "").Split('/').Contains("..");
    }

    private static async Task<bool> AuthenticateAsync(HttpContext context, WebAuthenticator authenticator)
    {
        IPAddress? remote = context.Connection.RemoteIpAddress;
        switch (authenticator.Check(context.Request.Headers.Authorization.ToString(), remote))
        {
            case AuthOutcome.Accepted:
                return true;
            case AuthOutcome.Throttled:
                context.Response.Headers.RetryAfter = authenticator.RetryAfterSeconds(remote).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await RefuseAsync(context, StatusCodes.Status429TooManyRequests, "too many failed authentications from this address; try again later").ConfigureAwait(false);
                return false;
            default:
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"LogWarden\", charset=\"UTF-8\"";
                await RefuseAsync(context, StatusCodes.Status401Unauthorized, "authentication required (a bearer token or basic auth)").ConfigureAwait(false);
                return false;
        }
    }

    private static void LimitBody(HttpContext context, WebConfig web)
    {
        if (context.Request.Path.Equals(LokiPushReceiver.Path, StringComparison.Ordinal))
        {
            return; // the push endpoint has its own, larger limit (sources.loki_push.max_body_bytes)
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = web.MaxBodyBytes;
        }
    }

    private static async Task RefuseAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }
        AddSecurityHeaders(context.Response, context.Request.IsHttps);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message + "\n").ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogUnhandled(ILogger logger, string method, string path, Exception exception);
}
