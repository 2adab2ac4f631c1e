using System.Security.Cryptography.X509Certificates;
using LogWarden.Tests.Web;
using LogWarden.Tests.Support;
using LogWarden.Web.Server;

namespace LogWarden.Tests.Cli;

/// <summary>--server against a daemon that authenticates or speaks TLS: tokens from a file, and what 401, 403 and an untrusted certificate say.</summary>
public sealed class DaemonApiConnectionTests
{
    private const string Token = "cli-token-0123456789abcdef";
    private const string AgentToken = "agent-token-0123456789abcdef";

    private static string AuthSection() => $$"""
        web:
          auth:
            token_sha256: ["{{PasswordHash.TokenSha256(Token)}}"]
        fleet:
          agents:
            - {host: web9, token_sha256: {{PasswordHash.TokenSha256(AgentToken)}}}
        """;

    [Fact]
    public async Task A_token_from_a_file_opens_the_api_and_a_missing_wrong_or_agent_token_is_a_clear_error()
    {
        await using var daemon = await WebTestDaemon.StartAsync(AuthSection());
        string dir = Directory.CreateTempSubdirectory("logwarden-cli-token-").FullName;
        try
        {
            string good = Path.Combine(dir, "good"), wrong = Path.Combine(dir, "wrong"), agent = Path.Combine(dir, "agent");
            await File.WriteAllTextAsync(good, Token + "\n");
            await File.WriteAllTextAsync(wrong, "not-the-token\n");
            await File.WriteAllTextAsync(agent, AgentToken);

            (int exit, string output, string errors) = CliRunner.Run("stats", "--server", daemon.BaseUrl, "--token-file", good);
            Assert.True(exit == 0, errors);
            // The counts and the time range must be the store's own; the bytes on disk may move between the two calls
            // (the running daemon writes its state and incidents), so from "on disk:" on only the line's presence is compared.
            string local = CliRunner.Run(["stats", .. TestStoreLocation.CliArgsFor(daemon.DataDirectory)]).Out;
            Assert.Equal(BeforeBytesOnDisk(local), BeforeBytesOnDisk(output));
            Assert.Contains("lines:     1,100", output, StringComparison.Ordinal);

            (exit, _, errors) = CliRunner.Run("stats", "--server", daemon.BaseUrl);
            Assert.Equal(1, exit);
            Assert.Equal($"logwarden: the daemon at {daemon.BaseUrl}/ needs authentication (401): give a token with --token-file FILE or $LOGWARDEN_TOKEN\n", errors);

            (exit, _, errors) = CliRunner.Run("search", "payment", "--server", daemon.BaseUrl, "--token-file", wrong);
            Assert.Equal(1, exit);
            Assert.Contains("refused the token (401)", errors, StringComparison.Ordinal);
            Assert.DoesNotContain("not-the-token", errors, StringComparison.Ordinal);

            (exit, _, errors) = CliRunner.Run("incidents", "--server", daemon.BaseUrl, "--token-file", agent);
            Assert.Equal(1, exit);
            Assert.Contains("does not allow this token here (403): an agent token may only push", errors, StringComparison.Ordinal);
            Assert.DoesNotContain(AgentToken, errors, StringComparison.Ordinal);

            (exit, _, errors) = CliRunner.Run("stats", "--server", daemon.BaseUrl, "--token-file", Path.Combine(dir, "absent"));
            Assert.Equal(1, exit);
            Assert.Contains("--token-file: cannot read", errors, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string BeforeBytesOnDisk(string stats)
    {
        int at = stats.IndexOf("on disk:", StringComparison.Ordinal);
        Assert.True(at > 0, stats);
        return stats[..at];
    }

    [Fact]
    public async Task An_untrusted_certificate_says_so_and_the_ca_cert_option_trusts_it()
    {
        string dir = Directory.CreateTempSubdirectory("logwarden-cli-tls-").FullName;
        try
        {
            using X509Certificate2 certificate = TestCertificates.WriteSelfSignedForLoopback(dir, out string certPath, out string keyPath);
            await using var daemon = await WebTestDaemon.StartAsync($"web:\n  tls:\n    certificate: {certPath}\n    key: {keyPath}", scheme: "https");

            (int exit, _, string errors) = CliRunner.Run("stats", "--server", daemon.BaseUrl);
            Assert.Equal(1, exit);
            Assert.Contains($"TLS with the daemon at {daemon.BaseUrl}/ failed", errors, StringComparison.Ordinal);
            Assert.Contains("--ca-cert FILE", errors, StringComparison.Ordinal);

            (exit, _, errors) = CliRunner.Run("stats", "--server", "http" + daemon.BaseUrl["https".Length..]);
            Assert.Equal(1, exit);
            Assert.Contains("does it listen with TLS (https://)?", errors, StringComparison.Ordinal);

            (exit, string output, errors) = CliRunner.Run("search", "payment", "-n", "3", "--server", daemon.BaseUrl, "--ca-cert", certPath);
            Assert.True(exit == 0, errors);
            Assert.Equal(CliRunner.Run(["search", "payment", "-n", "3", .. TestStoreLocation.CliArgsFor(daemon.DataDirectory)]).Out, output);
            Assert.Equal(3, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
