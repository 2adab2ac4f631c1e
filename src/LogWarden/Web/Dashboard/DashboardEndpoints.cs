using System.Collections.Frozen;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LogWarden.Web.Dashboard;

/// <summary>One file of the dashboard, as embedded in the binary, with its strong ETag and a Brotli copy made once.</summary>
internal sealed class DashboardAsset(string path, byte[] content)
{
    private byte[]? _brotli;

    public string Path { get; } = path;

    public byte[] Content { get; } = content;

    public string ETag { get; } = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";

    public string ContentType { get; } = System.IO.Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".json" => "application/json",
        ".txt" => "text/plain; charset=utf-8",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };

    /// <summary>Versioned vendor files never change under their name: cached for a year; the rest revalidate by ETag.</summary>
    public string CacheControl { get; } = path.StartsWith("vendor/", StringComparison.Ordinal) ? "public, max-age=31536000, immutable" : "no-cache";

    public bool Compressible => ContentType.StartsWith("text/", StringComparison.Ordinal) || ContentType is "image/svg+xml" or "application/json";

    public byte[] Brotli => _brotli ??= Compress(Content);

    private static byte[] Compress(byte[] content)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.SmallestSize))
        {
            brotli.Write(content);
        }
        return output.ToArray();
    }
}

/// <summary>
/// Serves the dashboard (a single-page app of plain ES modules, Web/Dashboard/wwwroot) from the binary's
/// embedded resources: <c>/</c> is the page, <c>/assets/…</c> its scripts, styles and vendored libraries.
/// Nothing is read from disk, so no path can reach outside the set; no CDN; scripts and styles only from
/// files (the page works under <c>Content-Security-Policy: default-src 'self'</c>).
/// </summary>
internal static class DashboardEndpoints
{
    private const string ResourcePrefix = "dashboard/";

    private static readonly Lazy<FrozenDictionary<string, DashboardAsset>> Assets = new(Load);

    internal static IReadOnlyDictionary<string, DashboardAsset> All => Assets.Value;

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.MapGet("/", (HttpContext context) => Serve(context, "index.html")).ExcludeFromDescription();
        app.MapGet("/assets/{**path}", (HttpContext context, string path) => Serve(context, path)).ExcludeFromDescription();
        // Alerts link to /incidents/ID (a path, which mail and chat clients keep); the app routes by fragment.
        app.MapGet("/incidents/{id:long}", (long id) => Results.Redirect("/#/incidents/" + id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ExcludeFromDescription();
        return app;
    }

    private static FrozenDictionary<string, DashboardAsset> Load()
    {
        Assembly assembly = typeof(DashboardEndpoints).Assembly;
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using Stream stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            string path = name[ResourcePrefix.Length..].Replace('\\', '/');
            assets[path] = new DashboardAsset(path, copy.ToArray());
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static IResult Serve(HttpContext context, string path)
    {
        if (!Assets.Value.TryGetValue(path, out DashboardAsset? asset))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "no such dashboard file");
        }
        HttpResponse response = context.Response;
        response.Headers.ETag = asset.ETag;
        response.Headers.CacheControl = asset.CacheControl;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        response.Headers.XContentTypeOptions = "nosniff";
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && (v == asset.ETag || v.Contains(asset.ETag, StringComparison.Ordinal))))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        if (asset.Compressible && context.Request.Headers.AcceptEncoding.Any(v => v?.Contains("br", StringComparison.OrdinalIgnoreCase) == true))
        {
            response.Headers.ContentEncoding = "br";
            return TypedResults.Bytes(asset.Brotli, asset.ContentType);
        }
        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }
}
