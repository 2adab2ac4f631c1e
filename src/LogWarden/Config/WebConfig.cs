namespace LogWarden.Config;

/// <summary>The <c>web:</c> section: who may use the HTTP listener, TLS, and its limits.</summary>
internal sealed record WebConfig
{
    public WebAuthConfig Auth { get; init; } = new();

    public WebTlsConfig Tls { get; init; } = new();

    /// <summary>
    /// Paths served without authentication even when it is configured (only <c>/ready</c> and <c>/metrics</c>
    /// may be listed): for a load balancer's health check or a Prometheus that cannot send credentials.
    /// </summary>
    public IReadOnlyList<string> OpenPaths { get; init; } = [];

    /// <summary>Largest request body outside the push endpoint (which has <c>sources.loki_push.max_body_bytes</c>).</summary>
    public long MaxBodyBytes { get; init; } = 1 << 20;

    /// <summary>Largest request line plus headers.</summary>
    public int MaxHeaderBytes { get; init; } = 32 * 1024;

    /// <summary>Time a client has to send its request headers.</summary>
    public TimeSpan HeadersTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Idle keep-alive connections are closed after this.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Failed authentications from one address within a minute before it is refused (429) for the rest of the minute.</summary>
    public int MaxFailedLoginsPerMinute { get; init; } = 10;
}

/// <summary>
/// Bearer tokens (as SHA-256 hex of the token: a token is random, so a fast hash is enough) and/or one user
/// with a PBKDF2 password hash (<c>logwarden web hash-password</c> makes both).
/// </summary>
internal sealed record WebAuthConfig
{
    public IReadOnlyList<string> TokenSha256 { get; init; } = [];

    public string? Username { get; init; }

    public string? PasswordHash { get; init; }

    public bool IsConfigured => TokenSha256.Count > 0 || (Username is not null && PasswordHash is not null);
}

/// <summary>TLS from PEM files (certificate chain and private key); off when no certificate is set.</summary>
internal sealed record WebTlsConfig
{
    public string? Certificate { get; init; }

    public string? Key { get; init; }

    public bool IsConfigured => Certificate is not null;
}
