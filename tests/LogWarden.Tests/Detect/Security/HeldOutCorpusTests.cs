using LogWarden.Detect.Security;
using static LogWarden.Tests.Detect.Security.SecurityLines;

namespace LogWarden.Tests.Detect.Security;

/// <summary>
/// Services that are not in the shared corpus (HeldOut/, see its README): lines written in each service's own
/// format, labelled before LogWarden ran on them, scored by the reference scorer. "tune" is the half the
/// vocabulary was tuned on, "test" the half that measured the first round (and tuned the second), "fresh" a set
/// written after both and never tuned on, "fresh3" a blind set of 32 more services measured once on main's code.
/// The bars are the numbers reached (27 Nov), so a change that loses generality fails here.
/// </summary>
public sealed partial class HeldOutCorpusTests
{
    [Theory]
    [InlineData("tune", 0.95, 0.03)]
    [InlineData("test", 0.97, 0.0)]
    [InlineData("fresh", 0.91, 0.03)]
    // written blind by helper fresh3 (27 Nov, fourth session) and measured on main's code without any tuning:
    // 69/94 hostile found, 2/125 benign with a hostile event. A floor, not a goal: the misses are listed in
    // docs/BENCHMARKS.md (IDS alerts, audit-log JSON, Kafka/Cassandra's own client fields, access logs of
    // InfluxDB/Envoy/CouchDB).
    [InlineData("fresh3", 0.73, 0.02)]
    public void Events_on_services_outside_the_shared_corpus_meet_their_bars(string set, double minRecall, double maxFalseRate)
    {
        string corpus = Path.Combine(FixtureRoot(), set);
        EventScorer.Score score = EventScorer.Run(corpus, [corpus], []);
        Assert.True(score.Recall >= minRecall, $"recall {score.Recall} < {minRecall}\n{score.Report}");
        Assert.True(score.FalseEventRate <= maxFalseRate, $"false-event rate {score.FalseEventRate} > {maxFalseRate}\n{score.Report}");
    }

    [Theory]
    // the operating system's refusal of a connection this host made: the peer is down, nobody attacked
    [InlineData("2024/05/02 10:00:01 worker.go:88: [E] upload failed: dial tcp 192.0.2.60:9000: connect: connection refused")]
    [InlineData("May  2 10:00:01 app1 backup[811]: rsync to 192.0.2.61 failed: (111: Connection refused)")]
    [InlineData("2024-05-02 10:00:01 ERROR notifier: error connecting to the broker at 192.0.2.62: authentication failed")]
    // a file the program itself may not open, whoever's request ran into it
    [InlineData("{\"level\":\"error\",\"remote_addr\":\"192.0.2.63\",\"user\":\"dora\",\"msg\":\"fopen(/srv/cache/a.bin): Failed to open stream: Permission denied\"}")]
    // a visitor without a session redirected to the login page
    [InlineData("level=info msg=\"request to https://wiki.example.org/ is unauthorized for anonymous, redirecting to https://login.example.org/\" remote_ip=192.0.2.64")]
    public void Failures_that_are_this_hosts_own_are_no_hostile_event(string line)
    {
        Assert.False(Recognize(line) is { Hostile: true }, line);
    }

    [Theory]
    [InlineData("2024-05-02 10:00:01 gatekeeper: dropping request from unknown client 192.0.2.70 port 4000", "192.0.2.70")]
    [InlineData("[10:00:01] [main/INFO]: (/192.0.2.71:5000) lost connection: you are not whitelisted here", "192.0.2.71")]
    [InlineData("May  2 10:00:01 relay smtpd[77]: 0a1b2c3d smtp authentication user=ann address=192.0.2.72 host=x.example.net result=tempfail", "192.0.2.72")]
    [InlineData("2024-05-02 10:00:01 WARN api: invalid API key from 192.0.2.73", "192.0.2.73")]
    [InlineData("May  2 10:00:01 gw tunneld[90]: could not verify HMAC of packet from 192.0.2.74:1194", "192.0.2.74")]
    [InlineData("{\"sourceIPs\":[\"192.0.2.75\",\"10.0.0.1\"],\"message\":\"namespaces is forbidden: user cannot list\"}", "192.0.2.75")]
    [InlineData("2024-05-02 10:00:01,000 - web.access - 12 - INFO - GET-1 - 192.0.2.76 - 443 - {None} Processed request: 0.001sec 58B 403 \"POST /api/login HTTP/1.1\" \"curl/8.5\"", "192.0.2.76")]
    public void General_wordings_of_refusals_and_failures_name_the_remote_party(string line, string remote)
    {
        var e = Recognize(line);
        Assert.NotNull(e);
        Assert.True(e.Hostile, e.ToString());
        Assert.Equal(remote, Remote(e));
    }

    [Fact]
    public void A_success_from_another_address_than_the_failures_in_one_process_is_another_clients()
    {
        var events = RecognizeAll(
        [
            "May  2 10:00:01 vpn tunneld[812]: 192.0.2.80:5000 TLS Auth Error: Auth Username/Password verification failed for peer",
            "May  2 10:00:03 vpn tunneld[812]: 192.0.2.80:5001 TLS Auth Error: Auth Username/Password verification failed for peer",
            "May  2 10:00:05 vpn tunneld[812]: 192.0.2.81:6000 TLS: Username/Password authentication succeeded for username 'ann'",
            "May  2 10:00:07 vpn tunneld[812]: 192.0.2.80:5002 TLS: Username/Password authentication succeeded for username 'bob'",
        ]);
        Assert.Equal(SecurityEventKinds.AuthSuccess, events[2]?.Kind);
        Assert.False(events[2]!.Hostile);
        Assert.Equal(SecurityEventKinds.AuthSuccessAfterFailures, events[3]?.Kind);
    }

    private static string FixtureRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "LogWarden.Tests", "Detect", "Security", "HeldOut");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/LogWarden.Tests/Detect/Security/HeldOut not found above " + AppContext.BaseDirectory);
    }
}
