using System.Diagnostics;
using LogWarden.Daemon;
using LogWarden.Detect.Incidents;
using LogWarden.Tests.Cli;
using LogWarden.Tests.Support;
using LogWarden.Tests.Web.Api;
using Microsoft.Extensions.DependencyInjection;

namespace LogWarden.Tests.Daemon;

/// <summary>
/// `logwarden incidents noise|resolve N` without --server writes the store beside the running daemon: the daemon
/// reads the statuses of the incidents it holds open every few seconds, and its detection takes the action over (a
/// noise mark downgrades the next findings like these; a resolved incident's next finding opens a new one).
/// </summary>
public sealed class OperatorStatusPollTests
{
    [Fact]
    public async Task Noise_and_resolve_written_by_the_CLI_on_the_store_reach_the_running_detection()
    {
        await using SeededDaemon daemon = await SeededDaemon.StartAsync();
        var detection = daemon.Services.GetRequiredService<DaemonDetection>();
        string fingerprint = daemon.Incident(1).Fingerprint;
        Assert.False(detection.Tracker.IsNoise(fingerprint));
        IncidentRecord other = detection.OpenIncidents().First(i => i.Id != 1);
        Assert.Contains(detection.OpenIncidents(), i => i.Id == 1);

        (int exit, string output, string errors) = CliRunner.Run(["incidents", "noise", "1", .. TestStoreLocation.CliArgsFor(daemon.DataDirectory)]);
        Assert.True(exit == 0, errors);
        Assert.StartsWith("incident 1 marked as noise", output, StringComparison.Ordinal);
        (exit, _, errors) = CliRunner.Run(["incidents", "resolve", other.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), .. TestStoreLocation.CliArgsFor(daemon.DataDirectory)]);
        Assert.True(exit == 0, errors);

        // The poll runs every OperatorPollInterval (5 s) on the detection clock's 1 s tick.
        var waited = Stopwatch.StartNew();
        while (detection.OpenIncidents().Any(i => i.Id == 1 || i.Id == other.Id) && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
        }
        Assert.DoesNotContain(detection.OpenIncidents(), i => i.Id == 1 || i.Id == other.Id);
        Assert.True(detection.Tracker.IsNoise(fingerprint), "the running tracker did not learn the noise fingerprint");
        Assert.Equal(IncidentStatus.Noise, daemon.Incident(1).Status);
        Assert.Equal(IncidentStatus.Resolved, daemon.Incident(other.Id).Status);
    }
}
