using System.Globalization;
using LogWarden.Tests.Support.Replay;

namespace LogWarden.Tests.Detect.Replay;

public sealed class ReplayScoreTests
{
    private static readonly DateTimeOffset TestStart = new(2025, 6, 3, 0, 0, 0, TimeSpan.Zero);

    private static readonly InjectedIncident BruteForce = Incident("web1-ssh-brute-force", IncidentKinds.SshBruteForce, "web1", "10:00:00", "10:08:00", EntityRequirement.Of("ip", "203.0.113.7"));

    private static readonly InjectedIncident Oom = Incident("web1-oom-kill", IncidentKinds.OomKill, "web1", "12:00:00", "12:00:05", EntityRequirement.Either(("process", "node"), ("unit", "shop-api.service"))) with
    {
        Related = [new EntityOption("source", "web1/nginx/access.log")],
    };

    private static InjectedIncident Incident(string id, string kind, string host, string start, string end, params EntityRequirement[] expected) => new()
    {
        Id = id,
        Kind = kind,
        Host = host,
        Start = At(start),
        Begin = At(start),
        End = At(end),
        Description = kind,
        Expected = expected,
    };

    private static DateTimeOffset At(string time, int day = 0) =>
        TestStart.AddDays(day) + TimeSpan.Parse(time, CultureInfo.InvariantCulture);

    private static ReplayTruth Truth(string[] hosts, params InjectedIncident[] incidents) => new()
    {
        Seed = 1,
        Hosts = hosts,
        LearnStart = TestStart.AddDays(-2),
        TestStart = TestStart,
        TestEnd = TestStart.AddDays(1),
        Incidents = incidents,
        NearMisses = [new PlantedNearMiss("deploy", "web1", At("15:00:00"), "deploy", [new EntityOption("unit", "shop-api.service")])],
        LinesPerHost = hosts.ToDictionary(h => h, _ => 1000L),
    };

    private static string Json(string ts, string severity, string kind, string entities, string? incident = null, string title = "t", string evidence = "{}") =>
        $$"""{"ts":"{{At(ts):O}}","severity":"{{severity}}","kind":"{{kind}}","title":"{{title}}","entities":{{{entities}}},"first_seen":"{{At(ts):O}}","last_seen":"{{At(ts):O}}","count":1,"incident":{{(incident is null ? "null" : "\"" + incident + "\"")}},"evidence":{{evidence}}}""";

    private static ReplayScore Score(ReplayTruth truth, params string[] lines)
    {
        var findings = ReplayFinding.ParseJsonLines(string.Join('\n', lines), out int malformed);
        Assert.Equal(0, malformed);
        return ReplayScore.Compute(truth, findings);
    }

    [Fact]
    public void An_alert_naming_the_ip_within_tolerance_detects_the_incident_with_its_delay()
    {
        ReplayScore score = Score(
            Truth(["web1"], BruteForce),
            Json("10:00:12", "warning", "ssh-brute-force", "\"ip\":\"203.0.113.7\",\"host\":\"web1\"", "i-1"),
            Json("10:01:12", "warning", "ssh-brute-force", "\"ip\":\"203.0.113.7\",\"host\":\"web1\"", "i-1"));

        IncidentResult result = Assert.Single(score.Results);
        Assert.True(result.Detected);
        Assert.Equal(TimeSpan.FromSeconds(12), result.Delay);
        Assert.Equal(1.0, score.Recall);
        Assert.Equal(TimeSpan.FromSeconds(12), score.P95Delay);
        Assert.Empty(score.FalseAlerts);
        Assert.True(score.MeetsBars);
    }

    [Fact]
    public void Another_ip_an_info_finding_or_a_finding_before_the_start_does_not_detect()
    {
        ReplayScore score = Score(
            Truth(["web1"], BruteForce),
            Json("09:59:00", "warning", "ssh-brute-force", "\"ip\":\"203.0.113.7\""),
            Json("10:00:05", "info", "ssh-brute-force", "\"ip\":\"203.0.113.7\""),
            Json("10:00:06", "critical", "ssh-brute-force", "\"ip\":\"203.0.113.77\""));

        Assert.False(Assert.Single(score.Results).Detected);
        Assert.Equal(0.0, score.Recall);
        Assert.Null(score.P95Delay);

        // The early alert names the incident's address a minute before its first line: explained.
        // The wrong address is a false alert; the info finding is no alert at all.
        FalseAlert alert = Assert.Single(score.FalseAlerts);
        Assert.Equal("203.0.113.77", alert.Findings[0].Entities.Single().Value);
        Assert.False(score.MeetsBars);
    }

    [Fact]
    public void A_detection_later_than_the_tolerance_misses_but_is_no_false_alert()
    {
        ReplayScore score = Score(Truth(["web1"], BruteForce), Json("10:16:00", "warning", "ssh-brute-force", "\"ip\":\"203.0.113.7\""));
        Assert.False(score.Results[0].Detected);
        Assert.Empty(score.FalseAlerts);
    }

    [Fact]
    public void A_process_incident_is_named_by_its_process_or_its_unit_with_or_without_the_suffix()
    {
        var truth = Truth(["web1"], Oom);
        Assert.True(Score(truth, Json("12:00:01", "critical", "oom-kill", "\"process\":\"node\"")).Results[0].Detected);
        Assert.True(Score(truth, Json("12:00:01", "critical", "oom-kill", "\"unit\":\"shop-api\"")).Results[0].Detected);
        Assert.True(Score(truth, Json("12:00:01", "critical", "oom-kill", "\"process\":\"/usr/bin/node\"")).Results[0].Detected);
        Assert.False(Score(truth, Json("12:00:01", "critical", "oom-kill", "\"process\":\"nodejs\"")).Results[0].Detected);
        Assert.False(Score(truth, Json("12:00:01", "critical", "oom-kill", "\"source\":\"/var/log/kern.log\"")).Results[0].Detected);
    }

    [Fact]
    public void Every_requirement_must_hold()
    {
        InjectedIncident success = Incident("web1-success", IncidentKinds.SshSuccessAfterFailures, "web1", "10:00:00", "10:05:00", EntityRequirement.Of("ip", "198.51.100.4"), EntityRequirement.Of("user", "deploy"));
        var truth = Truth(["web1"], success);
        Assert.False(Score(truth, Json("10:00:01", "critical", "login-after-failures", "\"ip\":\"198.51.100.4\"")).Results[0].Detected);
        Assert.True(Score(truth, Json("10:00:01", "critical", "login-after-failures", "\"ip\":\"::ffff:198.51.100.4\",\"user\":\"deploy\"")).Results[0].Detected);
    }

    [Fact]
    public void Sources_match_as_whole_path_suffixes_also_inside_stream_keys()
    {
        Assert.True(ReplayScore.ContainsPath("/tmp/x/logs/web1/nginx/access.log", "web1/nginx/access.log"));
        Assert.True(ReplayScore.ContainsPath("{filename=\"/tmp/x/logs/web1/nginx/access.log\",host=\"web1\"}", "web1/nginx/access.log"));
        Assert.True(ReplayScore.ContainsPath("/tmp/x/logs/web1/nginx/access.log.1", "web1/nginx/access.log"));
        Assert.False(ReplayScore.ContainsPath("/tmp/x/logs/web10/nginx/access.log", "web1/nginx/access.log"));
        Assert.False(ReplayScore.ContainsPath("/tmp/x/logs/web1/nginx/access.log-old", "web1/nginx/access.log"));
        Assert.False(ReplayScore.ContainsPath("/tmp/x/logs/web1/nginx/error.log", "web1/nginx/access.log"));
    }

    [Fact]
    public void Any_key_options_match_devices_with_or_without_dev_their_partitions_and_nvme_controllers()
    {
        var option = new EntityOption("*", "sdb");
        Assert.True(ReplayScore.Names(Finding("\"device\":\"sdb\""), option));
        Assert.True(ReplayScore.Names(Finding("\"path\":\"/dev/sdb1\""), option));
        Assert.True(ReplayScore.Names(Finding("\"path\":\"/dev/nvme1n1p2\""), new EntityOption("*", "nvme1n1")));
        Assert.True(ReplayScore.Names(Finding("\"path\":\"/dev/nvme1\""), new EntityOption("*", "nvme1n1")));
        Assert.False(ReplayScore.Names(Finding("\"path\":\"/dev/nvme1\""), new EntityOption("*", "nvme10n1")));
        Assert.False(ReplayScore.Names(Finding("\"path\":\"/dev/sdba\""), option));
        Assert.False(ReplayScore.Names(Finding("\"path\":\"/dev/sda1\""), option));
    }

    [Fact]
    public void Text_options_search_the_title_the_entity_values_and_the_evidence()
    {
        var option = new EntityOption("text", "shop-sync-feeds");
        Assert.True(ReplayScore.Names(Finding("\"source\":\"syslog\"", title: "shop-sync-feeds did not run"), option));
        Assert.True(ReplayScore.Names(Finding("\"template\":\"CRON (shop) CMD (/usr/local/bin/shop-sync-feeds)\""), option));
        Assert.True(ReplayScore.Names(Finding("\"source\":\"syslog\"", evidence: "{\"templates\":[{\"template\":\"(shop) CMD (/usr/local/bin/shop-sync-feeds >/dev/null)\"}]}"), option));
        Assert.False(ReplayScore.Names(Finding("\"source\":\"syslog\"", title: "a periodic job stopped"), option));
    }

    [Fact]
    public void Paths_name_a_file_by_itself_or_a_directory_above_it()
    {
        var option = new EntityOption("path", "/var/lib/postgresql/16/main/base/16384/16397");
        Assert.True(ReplayScore.Names(Finding("\"path\":\"/\""), option));
        Assert.True(ReplayScore.Names(Finding("\"path\":\"/var/lib/postgresql\""), option));
        Assert.False(ReplayScore.Names(Finding("\"path\":\"/var/lib/postgres\""), option));
    }

    [Fact]
    public void Re_raised_alerts_of_one_incident_id_count_as_one_false_alert()
    {
        ReplayScore score = Score(
            Truth(["web1"]),
            Json("03:00:00", "warning", "new-template", "\"source\":\"web1/syslog\"", "i-9"),
            Json("03:01:00", "warning", "new-template", "\"source\":\"web1/syslog\"", "i-9"),
            Json("03:02:00", "critical", "new-template", "\"source\":\"web1/syslog\"", "i-9"),
            Json("05:00:00", "warning", "spike", "\"source\":\"web1/syslog\""),
            Json("05:01:00", "warning", "spike", "\"source\":\"web1/syslog\""));

        Assert.Equal(2, score.FalseAlerts.Count);
        Assert.Equal(3, score.FalseAlerts[0].Findings.Count);
        Assert.Equal(2.0, score.FalseAlertsPerHostDay["web1"]);
        Assert.False(score.MeetsBars);
    }

    [Fact]
    public void A_side_effect_in_the_incident_window_is_explained_by_its_incident_id_or_a_related_entity()
    {
        ReplayScore score = Score(
            Truth(["web1"], Oom),
            Json("12:00:01", "critical", "oom-kill", "\"process\":\"node\"", "i-1"),
            Json("12:00:03", "warning", "new-template", "\"source\":\"web1/syslog\"", "i-1"),
            Json("12:00:04", "warning", "http-5xx", "\"source\":\"/x/logs/web1/nginx/access.log\"", "i-2"),
            Json("14:00:00", "warning", "new-template", "\"source\":\"web1/syslog\"", "i-1"));

        Assert.True(score.Results[0].Detected);

        // Two hours later, the same incident id no longer covers a new alert.
        FalseAlert alert = Assert.Single(score.FalseAlerts);
        Assert.Equal(At("14:00:00"), alert.Findings[0].Timestamp);
    }

    [Fact]
    public void An_alert_that_names_the_incident_only_in_its_title_is_no_detection_and_no_false_alert()
    {
        ReplayScore score = Score(
            Truth(["web1"], Oom),
            Json("12:00:02", "warning", "new-error-template", "\"process\":\"systemd\"", title: "shop-api.service: Failed with result 'oom-kill'"),
            Json("12:00:03", "warning", "new-error-template", "\"process\":\"systemd\"", title: "cron.service: Failed with result 'exit-code'"));

        Assert.False(score.Results[0].Detected);
        FalseAlert alert = Assert.Single(score.FalseAlerts);
        Assert.StartsWith("cron.service", alert.Findings[0].Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Alerts_while_learning_are_reported_but_not_scored()
    {
        string learning = "{\"ts\":\"" + TestStart.AddHours(-5).ToString("O", CultureInfo.InvariantCulture) + "\",\"severity\":\"warning\",\"kind\":\"new-template\",\"title\":\"x\",\"entities\":{\"source\":\"web1/syslog\"}}";
        ReplayScore score = Score(Truth(["web1"]), learning);
        Assert.Empty(score.FalseAlerts);
        Assert.Equal(1, score.LearningAlerts);
    }

    [Fact]
    public void False_alerts_are_counted_per_host_and_findings_that_name_no_host_get_their_own_bucket()
    {
        ReplayScore score = Score(
            Truth(["web1", "db1"]),
            Json("03:00:00", "warning", "spike", "\"source\":\"/x/logs/db1/syslog\""),
            Json("04:00:00", "warning", "spike", "\"host\":\"web1\",\"source\":\"syslog\""),
            Json("05:00:00", "warning", "spike", "\"source\":\"syslog\""));

        Assert.Equal(1.0, score.FalseAlertsPerHostDay["web1"]);
        Assert.Equal(1.0, score.FalseAlertsPerHostDay["db1"]);
        Assert.Equal(3, score.FalseAlertsPerHostDay.Count);
        Assert.Equal(1.0, score.WorstFalseAlertsPerHostDay);
    }

    [Fact]
    public void An_alert_on_another_host_does_not_detect_an_incident()
    {
        ReplayScore score = Score(Truth(["web1", "db1"], BruteForce), Json("10:00:10", "warning", "ssh-brute-force", "\"ip\":\"203.0.113.7\",\"host\":\"db1\""));
        Assert.False(score.Results[0].Detected);
        Assert.Single(score.FalseAlerts);
    }

    [Fact]
    public void P95_is_the_nearest_rank_of_the_detected_delays()
    {
        var delays = Enumerable.Range(1, 40).Select(s => TimeSpan.FromSeconds(s)).ToList();
        Assert.Equal(TimeSpan.FromSeconds(38), ReplayScore.Percentile(delays, 0.95));
        Assert.Equal(TimeSpan.FromSeconds(20), ReplayScore.Percentile(delays, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(7), ReplayScore.Percentile([TimeSpan.FromSeconds(7)], 0.95));
        Assert.Null(ReplayScore.Percentile([], 0.95));
    }

    [Fact]
    public void Malformed_output_lines_are_counted_and_skipped()
    {
        var findings = ReplayFinding.ParseJsonLines("not json\n{\"ts\":\"x\"}\n" + Json("10:00:00", "warning", "k", "\"ip\":[\"1.2.3.4\",\"5.6.7.8\"]", incident: "7") + "\n\n", out int malformed);
        Assert.Equal(2, malformed);
        ReplayFinding finding = Assert.Single(findings);
        Assert.Equal(["1.2.3.4", "5.6.7.8"], finding.Entities.Select(e => e.Value));
        Assert.Equal("7", finding.Incident);
    }

    [Fact]
    public void The_report_lists_each_kind_the_misses_and_the_false_alerts_with_their_near_miss()
    {
        ReplayScore score = Score(
            Truth(["web1"], BruteForce, Oom),
            Json("10:00:20", "warning", "ssh-brute-force", "\"ip\":\"203.0.113.7\""),
            Json("15:00:30", "warning", "new-template", "\"unit\":\"shop-api.service\""));

        string report = score.Report();
        Assert.Contains("ssh-brute-force                  1     1    100%", report, StringComparison.Ordinal);
        Assert.Contains("oom-kill                         1     0      0%", report, StringComparison.Ordinal);
        Assert.Contains("MISSED web1-oom-kill", report, StringComparison.Ordinal);
        Assert.Contains("expected: process=node | unit=shop-api.service", report, StringComparison.Ordinal);
        Assert.Contains("(near-miss: deploy)", report, StringComparison.Ordinal);
        Assert.Contains("recall 50.0%", report, StringComparison.Ordinal);
        Assert.Contains("BARS NOT MET", report, StringComparison.Ordinal);
    }

    private static ReplayFinding Finding(string entities, string title = "t", string evidence = "{}") =>
        Assert.Single(ReplayFinding.ParseJsonLines(Json("10:00:00", "warning", "k", entities, title: title, evidence: evidence), out _));
}
