using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using LogWarden.Alert;
using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Tests.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Alert;

/// <summary>A real Alertmanager (Debian's prometheus-alertmanager) receiving, escalating and resolving alerts, checked through its own API.</summary>
public sealed class AlertmanagerNotifierTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly HttpClient _http = NotifierFactory.CreateHttpClient();
    private Process _alertmanager = null!;
    private string _url = "";

    public async Task InitializeAsync()
    {
        string config = _dir.Write("alertmanager.yml", "route:\n  receiver: \"null\"\nreceivers:\n  - name: \"null\"\n");
        int port = FreePort();
        _url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("prometheus-alertmanager") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in new[] { "--config.file=" + config, "--storage.path=" + Path.Combine(_dir.Path, "data"), $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=" })
        {
            start.ArgumentList.Add(arg);
        }
        _alertmanager = Process.Start(start)!;
        _alertmanager.BeginErrorReadLine();
        _alertmanager.BeginOutputReadLine();
        await Eventually.TrueAsync(() => Ready(), "Alertmanager ready");
    }

    public async Task DisposeAsync()
    {
        _alertmanager.Kill();
        await _alertmanager.WaitForExitAsync();
        _alertmanager.Dispose();
    }

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }

    private bool Ready()
    {
        try
        {
            using var response = _http.GetAsync(_url + "/-/ready").GetAwaiter().GetResult();
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private async Task<List<JsonNode>> ActiveAlertsAsync(long incident)
    {
        JsonArray all = JsonNode.Parse(await _http.GetStringAsync(_url + "/api/v2/alerts?active=true&silenced=false&inhibited=false&unprocessed=true"))!.AsArray();
        return [.. all.Where(a => a!["labels"]!["incident"]?.GetValue<string>() == incident.ToString(System.Globalization.CultureInfo.InvariantCulture)).Select(a => a!)];
    }

    [Fact]
    public async Task An_incident_fires_escalates_and_resolves_in_Alertmanager()
    {
        var notifier = NotifierFactory.Create(new AlertChannelConfig { Name = "am", Type = "alertmanager", Url = _url }, _http, TimeProvider.System);

        await notifier.SendAsync(AlertSamples.Message(11), "k1", CancellationToken.None);
        JsonNode firing = Assert.Single(await ActiveAlertsAsync(11));
        Assert.Equal("ssh-brute-force", firing["labels"]!["alertname"]!.GetValue<string>());
        Assert.Equal("warning", firing["labels"]!["severity"]!.GetValue<string>());
        Assert.Equal("web-1", firing["labels"]!["host"]!.GetValue<string>());
        Assert.Equal("SSH brute force from 203.0.113.9", firing["annotations"]!["summary"]!.GetValue<string>());
        Assert.Equal("203.0.113.9", firing["annotations"]!["entity_ip"]!.GetValue<string>());
        Assert.Equal("Someone is guessing passwords for root over SSH.", firing["annotations"]!["explanation"]!.GetValue<string>());
        Assert.Equal("https://logwarden.example.com/incidents/11", firing["generatorURL"]!.GetValue<string>());

        // Escalated: the critical alert fires and the warning one ends (severity is part of the identity).
        await notifier.SendAsync(AlertSamples.Message(11, AlertNotice.Escalated, FindingSeverity.Critical), "k2", CancellationToken.None);
        await Eventually.TrueAsync(() => ActiveAlertsAsync(11).GetAwaiter().GetResult() is [{ } only] && only["labels"]!["severity"]!.GetValue<string>() == "critical", "only the critical alert active");

        // Sending the same notice again (a repeat after a crash) changes nothing.
        await notifier.SendAsync(AlertSamples.Message(11, AlertNotice.Escalated, FindingSeverity.Critical), "k2", CancellationToken.None);
        Assert.Single(await ActiveAlertsAsync(11));

        await notifier.SendAsync(AlertSamples.Message(11, AlertNotice.Resolved, FindingSeverity.Critical), "k3", CancellationToken.None);
        await Eventually.TrueAsync(() => ActiveAlertsAsync(11).GetAwaiter().GetResult().Count == 0, "the incident's alerts resolved");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
