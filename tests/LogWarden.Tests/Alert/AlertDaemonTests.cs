using System.Net;
using System.Net.Sockets;
using LogWarden.Config;
using LogWarden.Daemon;
using LogWarden.Store;
using LogWarden.Tests.Parse;
using LogWarden.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace LogWarden.Tests.Alert;

/// <summary>The whole daemon: a line in a tailed file becomes an incident, an outbox entry, and a webhook call.</summary>
public sealed class AlertDaemonTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private FakeChannelServer _receiver = null!;

    public async Task InitializeAsync() => _receiver = await FakeChannelServer.StartAsync(_ => new FakeAnswer(200, "{}"));

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_line_in_a_tailed_file_reaches_the_webhook_as_an_alert_with_a_dashboard_link()
    {
        string logs = Path.Combine(_dir.Path, "logs");
        Directory.CreateDirectory(logs);
        string log = Path.Combine(logs, "auth.log");
        await File.WriteAllTextAsync(log, "");
        int port = FreePort();
        LogWardenConfig config = ConfigLoader.Parse($$"""
            listen: 127.0.0.1:{{port}}
            host: testhost
            sources:
              discover: false
              files:
                - paths: ["{{logs}}/*.log"]
              journal: {enabled: false}
              docker: {enabled: false}
              host_metrics: {enabled: false}
            {{TestStoreLocation.YamlFor(Path.Combine(_dir.Path, "data"))}}
            alerts:
              channels:
                - {name: hook, type: webhook, url: "{{_receiver.BaseUrl}}/hook", secret: s3cret}
            """, "test.yaml");
        WebApplication app = DaemonHost.Build(config, Path.Combine(_dir.Path, "data"), new IPEndPoint(IPAddress.Loopback, port));
        await app.StartAsync();
        try
        {
            await File.AppendAllTextAsync(log,
                $"{DateTime.UtcNow:MMM dd HH:mm:ss} web sudo:    mallory : user NOT in sudoers ; TTY=pts/0 ; PWD=/home/mallory ; USER=root ; COMMAND=/bin/bash\n" +
                $"{DateTime.UtcNow:MMM dd HH:mm:ss} web CRON[77]: (root) CMD (run-parts /etc/cron.hourly)\n");

            await Eventually.TrueAsync(() => _receiver.Received.Count > 0, "the webhook called");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        ReceivedRequest request = Assert.Single(_receiver.Received);
        Assert.Equal("/hook", request.Path);
        var alert = request.Json["alert"]!;
        Assert.Equal("sudo-refused", alert["kind"]!.GetValue<string>());
        Assert.Equal("firing", alert["notice"]!.GetValue<string>());
        Assert.Equal("mallory", alert["entities"]!["user"]![0]!.GetValue<string>());
        Assert.Equal($"http://127.0.0.1:{port}/incidents/{alert["incident_id"]!.GetValue<long>()}", alert["link"]!.GetValue<string>());
        Assert.StartsWith("sha256=", request.Headers["X-LogWarden-Signature"], StringComparison.Ordinal);
        // With no `llm:` configured the daemon explains with its own rules, naming the incident's user.
        var explanation = alert["explanation"]!;
        Assert.Equal("rules", explanation["origin"]!.GetValue<string>());
        Assert.Contains("mallory", explanation["summary"]!.GetValue<string>() + explanation["probable_cause"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEmpty(explanation["steps"]!.AsArray());
        using ILogStore store = StoreFactory.Open(Path.Combine(_dir.Path, "data"), TestStoreLocation.ConfigFor(Path.Combine(_dir.Path, "data")), readOnly: true);
        OutboxRow row = Assert.Single(((IAlertOutbox)store).ListOutbox(new OutboxQuery()));
        Assert.Equal(OutboxState.Delivered, row.State);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
