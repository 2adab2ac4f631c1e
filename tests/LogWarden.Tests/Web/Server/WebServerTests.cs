using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using LogWarden.Cli;
using LogWarden.Config;
using LogWarden.Daemon;
using LogWarden.Tests.Support;
using LogWarden.Web.Server;

namespace LogWarden.Tests.Web.Server;

/// <summary>The HTTP server's hardening, against the real daemon: authentication, throttling, headers, limits, 4xx for bad input.</summary>
public sealed class WebServerTests
{
    private const string Token = "test-token-0123456789";
    private const string Password = "correct horse battery staple";

    /// <summary>Cheap iterations keep the test fast; the format and check are the production ones.</summary>
    private static readonly string PasswordHashValue = PasswordHash.Create(Password, iterations: 1000);

    private static string AuthSection(string extra = "") => $$"""
        web:
          auth:
            token_sha256: ["{{PasswordHash.TokenSha256(Token)}}"]
            username: admin
            password_hash: "{{PasswordHashValue}}"
        {{extra}}
        """;

    private static readonly string[] Endpoints =
        ["/ready", "/metrics", "/loki/api/v1/labels", "/loki/api/v1/query_range?query={job=\"app\"}", "/api/v1/incidents", "/", "/dashboard/index.html"];

    [Fact]
    public void A_non_loopback_bind_without_authentication_refuses_to_start()
    {
        LogWardenConfig config = ConfigLoader.Parse("listen: 0.0.0.0:9740\nsources: {discover: false}\n", "test.yaml");
        string dir = Directory.CreateTempSubdirectory("logwarden-web-").FullName;
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => DaemonHost.Build(config, dir, new IPEndPoint(IPAddress.Any, 9740)));
            Assert.Contains("needs authentication", e.Message, StringComparison.Ordinal);
            Assert.Contains("web.auth", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task With_authentication_configured_every_endpoint_answers_401_without_credentials()
    {
        await using var daemon = await WebTestDaemon.StartAsync(AuthSection());
        using var http = new HttpClient();
        foreach (string path in Endpoints)
        {
            using HttpResponseMessage response = await http.GetAsync(daemon.BaseUrl + path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {(int)response.StatusCode}");
            Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
        using var push = await http.PostAsync(daemon.BaseUrl + "/loki/api/v1/push", new StringContent("""{"streams":[]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, push.StatusCode);
    }

    [Fact]
    public async Task A_bearer_token_or_basic_auth_opens_the_endpoints_and_a_wrong_one_does_not()
    {
        await using var daemon = await WebTestDaemon.StartAsync(AuthSection());
        using var http = new HttpClient();
        async Task<HttpStatusCode> Status(AuthenticationHeaderValue? auth)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, daemon.BaseUrl + "/loki/api/v1/labels");
            request.Headers.Authorization = auth;
            using HttpResponseMessage response = await http.SendAsync(request);
            return response.StatusCode;
        }
        static AuthenticationHeaderValue Basic(string user, string password) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

        Assert.Equal(HttpStatusCode.OK, await Status(new AuthenticationHeaderValue("Bearer", Token)));
        Assert.Equal(HttpStatusCode.OK, await Status(Basic("admin", Password)));
        Assert.Equal(HttpStatusCode.OK, await Status(Basic("admin", Password))); // the remembered header
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(new AuthenticationHeaderValue("Bearer", Token + "x")));
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(Basic("admin", Password + "x")));
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(Basic("root", Password)));
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(new AuthenticationHeaderValue("Basic", "not base64!")));
    }

    [Fact]
    public async Task Repeated_failed_authentication_is_throttled_with_429_even_for_good_credentials()
    {
        await using var daemon = await WebTestDaemon.StartAsync(AuthSection("  max_failed_logins_per_minute: 3"));
        using var http = new HttpClient();
        for (int i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, daemon.BaseUrl + "/ready");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "guess" + i);
            using HttpResponseMessage failed = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }
        using var good = new HttpRequestMessage(HttpMethod.Get, daemon.BaseUrl + "/ready");
        good.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using HttpResponseMessage throttled = await http.SendAsync(good);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Only_paths_the_owner_opens_are_served_without_credentials()
    {
        await using var daemon = await WebTestDaemon.StartAsync(AuthSection("  open_paths: [/ready]"));
        using var http = new HttpClient();
        Assert.Equal("ready\n", await http.GetStringAsync(daemon.BaseUrl + "/ready"));
        using HttpResponseMessage metrics = await http.GetAsync(daemon.BaseUrl + "/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, metrics.StatusCode);
    }

    [Fact]
    public void Open_paths_other_than_ready_and_metrics_are_a_config_error_with_its_line()
    {
        Exception e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("listen: 127.0.0.1:9740\nweb:\n  open_paths: [/ready, /loki/api/v1/query]\n", "bad.yaml"));
        Assert.Contains("bad.yaml:3", e.Message, StringComparison.Ordinal);
        Assert.Contains("/loki/api/v1/query", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("web:\n  auth:\n    username: admin\n    password_hash: plain-text\n", "bad.yaml"));
        Assert.Contains("bad.yaml:4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_carry_security_headers_and_no_server_header()
    {
        await using var daemon = await WebTestDaemon.StartAsync();
        using var http = new HttpClient();
        foreach (string path in new[] { "/ready", "/no/such/page", "/loki/api/v1/query_range?query=nonsense" })
        {
            using HttpResponseMessage response = await http.GetAsync(daemon.BaseUrl + path);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.StartsWith("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.False(response.Headers.Contains("Server"), path);
        }
    }

    [Theory]
    [InlineData("/../../etc/passwd")]
    [InlineData("/loki/api/v1/../../../etc/passwd")]
    [InlineData("/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/loki/api/v1/..%2f..%2f..%2fetc%2fpasswd")]
    [InlineData("/%252e%252e/etc/passwd")]
    [InlineData("/..%5c..%5cetc%5cpasswd")]
    [InlineData("/dashboard/%00.html")]
    [InlineData("/./ready")]
    public async Task Path_traversal_attempts_get_400(string target)
    {
        await using var daemon = await WebTestDaemon.StartAsync(lines: []);
        int status = await RawStatusAsync(daemon.Port, $"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        Assert.True(status is >= 400 and < 500, $"{target}: {status}");
    }

    [Fact]
    public async Task Malformed_requests_get_4xx_never_500()
    {
        await using var daemon = await WebTestDaemon.StartAsync(lines: []);
        using var http = new HttpClient();
        var bad = new List<(string What, Func<Task<HttpResponseMessage>> Send)>
        {
            ("bad percent-encoding", () => http.GetAsync(daemon.BaseUrl + "/loki/api/v1/query_range?query=%zz%7B")),
            ("broken UTF-8 in the query", () => http.GetAsync(daemon.BaseUrl + "/loki/api/v1/query_range?query=%ff%fe%7Bjob%3D%22a%22%7D")),
            ("bad JSON push", () => http.PostAsync(daemon.BaseUrl + "/loki/api/v1/push", new StringContent("{\"streams\":[{", Encoding.UTF8, "application/json"))),
            ("binary push", () => http.PostAsync(daemon.BaseUrl + "/loki/api/v1/push", new ByteArrayContent(RandomNumberGenerator.GetBytes(4096)))),
            // Expect: 100-continue, as curl sends for large bodies: the server refuses before the body is sent,
            // where a client already sending 2 MiB could be cut off by the early 413 (a broken pipe, under load).
            ("a form body beyond the limit", () => http.SendAsync(new HttpRequestMessage(HttpMethod.Post, daemon.BaseUrl + "/loki/api/v1/query_range")
            {
                Content = new StringContent("query=" + new string('a', 2 << 20), Encoding.UTF8, "application/x-www-form-urlencoded"),
                Headers = { ExpectContinue = true },
            })),
            ("a garbage form body", () => http.PostAsync(daemon.BaseUrl + "/loki/api/v1/query_range", new ByteArrayContent(RandomNumberGenerator.GetBytes(4096)) { Headers = { ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") } })),
            ("an unknown method", () => http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, daemon.BaseUrl + "/loki/api/v1/labels"))),
        };
        foreach ((string what, Func<Task<HttpResponseMessage>> send) in bad)
        {
            using HttpResponseMessage response = await send();
            int status = (int)response.StatusCode;
            Assert.True(status is >= 400 and < 500, $"{what}: {status} {await response.Content.ReadAsStringAsync()}");
        }
        int oversizedHeaders = await RawStatusAsync(daemon.Port, $"GET /ready HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {new string('a', 64 * 1024)}\r\nConnection: close\r\n\r\n");
        Assert.Equal(431, oversizedHeaders);
        int garbage = await RawStatusAsync(daemon.Port, "\u0001\u0002 GARBAGE\r\n\r\n");
        Assert.Equal(400, garbage);
        Assert.Equal("ready\n", await http.GetStringAsync(daemon.BaseUrl + "/ready")); // still serving
    }

    [Fact]
    public async Task TLS_from_PEM_files_serves_https_with_HSTS()
    {
        string dir = Directory.CreateTempSubdirectory("logwarden-tls-").FullName;
        try
        {
            using X509Certificate2 certificate = TestCertificates.WriteSelfSignedForLoopback(dir, out string certPath, out string keyPath);

            await using var daemon = await WebTestDaemon.StartAsync($"web:\n  tls:\n    certificate: {certPath}\n    key: {keyPath}", lines: [], scheme: "https");
            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == certificate.Thumbprint };
            using var https = new HttpClient(handler);
            using HttpResponseMessage response = await https.GetAsync(daemon.BaseUrl + "/ready");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Hash_password_makes_a_hash_the_server_accepts_and_a_token_with_its_sha256()
    {
        var stdout = new StringWriter();
        Assert.Equal(0, LogWardenCli.Run(["web", "hash-password"], stdout, new StringWriter(), new StringReader("s3cret\n")));
        string hash = stdout.ToString().Trim();
        Assert.StartsWith("pbkdf2-sha256$600000$", hash);
        Assert.True(PasswordHash.Verify("s3cret", hash));
        Assert.False(PasswordHash.Verify("s3cret ", hash));

        stdout = new StringWriter();
        Assert.Equal(0, LogWardenCli.Run(["web", "hash-password", "--token"], stdout, new StringWriter(), new StringReader("")));
        string[] lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string token = lines[0]["token: ".Length..], sha = lines[1]["token_sha256: ".Length..];
        Assert.Equal(PasswordHash.TokenSha256(token), sha);
        Assert.Equal(1, LogWardenCli.Run(["web", "hash-password"], new StringWriter(), new StringWriter(), new StringReader("")));
    }

    private static async Task<int> RawStatusAsync(int port, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.Latin1);
        string? statusLine = await reader.ReadLineAsync();
        Assert.NotNull(statusLine);
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
