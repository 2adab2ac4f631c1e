using YamlDotNet.RepresentationModel;

namespace LogWarden.Config;

/// <summary>The <c>web:</c> section (authentication, TLS, limits of the HTTP listener).</summary>
internal sealed partial class ConfigLoader
{
    private static readonly string[] OpenablePaths = ["/ready", "/metrics"];

    private WebConfig BindWeb(YamlMappingNode? node)
    {
        var d = new WebConfig();
        if (node is null)
        {
            return d;
        }
        var keys = Keys(node, "auth", "tls", "open_paths", "max_body_bytes", "max_header_bytes", "headers_timeout", "keep_alive_timeout", "max_failed_logins_per_minute");
        var open = Strings(keys, "open_paths");
        foreach (string path in open.Where(p => !OpenablePaths.Contains(p)))
        {
            Error(keys["open_paths"], $"'{path}' cannot be opened: only {string.Join(" and ", OpenablePaths)} may be served without authentication");
        }
        return new WebConfig
        {
            Auth = Section(keys, "auth") is { } a ? BindWebAuth(a) : d.Auth,
            Tls = Section(keys, "tls") is { } t ? BindWebTls(t) : d.Tls,
            OpenPaths = open,
            MaxBodyBytes = Size(keys, "max_body_bytes") ?? d.MaxBodyBytes,
            MaxHeaderBytes = (int)(Size(keys, "max_header_bytes") is { } h ? Math.Clamp(h, 4096, 1 << 20) : d.MaxHeaderBytes),
            HeadersTimeout = Duration(keys, "headers_timeout") ?? d.HeadersTimeout,
            KeepAliveTimeout = Duration(keys, "keep_alive_timeout") ?? d.KeepAliveTimeout,
            MaxFailedLoginsPerMinute = (int)(Count(keys, "max_failed_logins_per_minute", 1, 100_000) ?? d.MaxFailedLoginsPerMinute),
        };
    }

    private WebAuthConfig BindWebAuth(YamlMappingNode node)
    {
        var keys = Keys(node, "token_sha256", "username", "password_hash");
        var tokens = Strings(keys, "token_sha256");
        foreach (string token in tokens.Where(t => t.Length != 64 || !t.All(char.IsAsciiHexDigit)))
        {
            Error(keys["token_sha256"], $"'{token}' is not a SHA-256 in hex (64 hex digits; `logwarden web hash-password --token` makes one)");
        }
        string? user = String(keys, "username");
        string? hash = String(keys, "password_hash");
        if (hash is not null && !Web.Server.PasswordHash.IsWellFormed(hash))
        {
            Error(keys["password_hash"], "not a password hash from `logwarden web hash-password` (pbkdf2-sha256$iterations$salt$hash)");
        }
        if ((user is null) != (hash is null))
        {
            Error(node, "basic authentication needs both 'username' and 'password_hash'");
        }
        return new WebAuthConfig { TokenSha256 = [.. tokens.Select(t => t.ToLowerInvariant())], Username = user, PasswordHash = hash };
    }

    private WebTlsConfig BindWebTls(YamlMappingNode node)
    {
        var keys = Keys(node, "certificate", "key");
        string? certificate = String(keys, "certificate");
        string? key = String(keys, "key");
        if ((certificate is null) != (key is null))
        {
            Error(node, "TLS needs both 'certificate' and 'key' (PEM files)");
        }
        return new WebTlsConfig { Certificate = certificate, Key = key };
    }
}
