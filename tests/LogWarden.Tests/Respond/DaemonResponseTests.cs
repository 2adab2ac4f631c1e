using System.Globalization;
using System.Net;
using LogWarden.Config;
using LogWarden.Daemon;
using LogWarden.Respond;
using LogWarden.Store;
using LogWarden.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LogWarden.Tests.Respond;

/// <summary>The in-process daemon follows a file, detects a brute force appended to it, and its playbook acts (or records what it would do).</summary>
public sealed class DaemonResponseTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("logwarden-daemon-respond-").FullName;

    private async Task<(WebApplication App, IResponseStore Audit)> StartAsync(string respond)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "logs"));
        File.WriteAllText(Path.Combine(_dir, "logs", "auth.log"), "");
        LogWardenConfig config = ConfigLoader.Parse($$"""
            sources:
              discover: false
              files:
                - paths: ["{{_dir}}/logs/*.log"]
              journal: {enabled: false}
              docker: {enabled: false}
              host_metrics: {enabled: false}
            {{TestStoreLocation.YamlFor(Path.Combine(_dir, "data"))}}
            respond:
              enabled: true
              kill_switch: {{_dir}}/respond.off
            {{respond}}
              playbooks:
                - name: ban-ssh-brute-force
                  match: ["kind=ssh-brute-force"]
                  actions: [{ type: ban }]
            """, "daemon-respond.yaml");
        WebApplication app = DaemonHost.Build(config, Path.Combine(_dir, "data"), new IPEndPoint(IPAddress.Loopback, 0));
        await app.StartAsync();
        return (app, (IResponseStore)app.Services.GetRequiredService<ILogStore>());
    }

    private void AppendBruteForce(string ip)
    {
        string stamp = DateTime.Now.ToString("MMM dd HH:mm:ss", CultureInfo.InvariantCulture);
        File.AppendAllText(Path.Combine(_dir, "logs", "auth.log"), string.Concat(Enumerable.Range(0, 30).Select(i =>
            $"{stamp} web sshd[{4000 + i}]: Failed password for invalid user admin from {ip} port {40000 + i} ssh2\n")) + $"{stamp} web CRON[1]: (root) CMD (true)\n");
    }

    private static async Task<ResponseActionRecord> AuditedBanAsync(IResponseStore audit, string network)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (audit.ListActions(100).FirstOrDefault(a => a.Action == "ban" && a.Arguments.StartsWith("network=" + network, StringComparison.Ordinal)) is { } ban)
            {
                return ban;
            }
            Assert.True(DateTime.UtcNow < deadline, "no ban of " + network + " in the audit within 60 s");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task In_dry_run_the_daemon_records_the_ban_it_would_make_for_a_brute_force_appended_to_a_followed_file()
    {
        (WebApplication app, IResponseStore audit) = await StartAsync("");
        await using (app)
        {
            AppendBruteForce("203.0.113.50");
            ResponseActionRecord ban = await AuditedBanAsync(audit, "203.0.113.50/32");

            Assert.Equal(ResponseResults.DryRun, ban.Result);
            Assert.Equal("ban-ssh-brute-force", ban.Playbook);
            Assert.Contains("/usr/sbin/nft add element inet logwarden ban4 '{' 203.0.113.50/32 timeout 3600s '}'", ban.Arguments, StringComparison.Ordinal);
            Assert.Empty(audit.CurrentBans(DateTimeOffset.UtcNow));
            await app.StopAsync();
        }
    }

    [NetnsFact]
    public async Task Not_in_dry_run_the_daemon_bans_a_brute_forcer_in_nftables_and_its_traffic_is_dropped()
    {
        using var net = new NetnsRig();
        (WebApplication app, IResponseStore audit) = await StartAsync($"  dry_run: false\n  ban: {{ netns: {net.Server} }}");
        await using (app)
        {
            Assert.True(net.Connects(net.BannedV4, net.ServerV4));
            AppendBruteForce(net.BannedV4);
            ResponseActionRecord ban = await AuditedBanAsync(audit, net.BannedV4 + "/32");

            Assert.True(ban.Result == ResponseResults.Ok, ban.Output);
            Assert.False(net.Connects(net.BannedV4, net.ServerV4));
            Assert.True(net.Connects(net.AllowedV4, net.ServerV4));
            Assert.Equal(net.BannedV4 + "/32", Assert.Single(audit.CurrentBans(DateTimeOffset.UtcNow)).Network);
            await app.StopAsync();
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
