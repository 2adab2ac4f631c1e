using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Explain;

namespace LogWarden.Tests.Explain;

public sealed class DeterministicIncidentExplainerTests
{
    public static TheoryData<string, string, string, string, string> Families => new()
    {
        // kind, entity name, entity value, expected in the cause, expected in the steps
        { "ssh-brute-force", "ip", "203.0.113.7", "password-guessing", "203.0.113.7" },
        { "login-after-failures", "user", "deploy", "guessed credential", "deploy" },
        { "web-scan", "ip", "198.51.100.9", "scanner", "198.51.100.9" },
        { "http-5xx-burst", "source", "nginx", "server errors", "upstream" },
        { "oom-kill", "process", "java", "OOM killer", "java" },
        { "memory-leak", "process", "node", "leak", "node" },
        { "process-crash", "process", "php-fpm", "crashed", "coredumpctl info php-fpm" },
        { "kernel-oops", "host", "web1", "kernel", "journalctl -k" },
        { "disk-full", "mount", "/var", "/var", "du -xh --max-depth=2 /var" },
        { "disk-fill-forecast", "mount", "/srv", "filling up", "/srv" },
        { "io-error", "device", "sdb", "I/O", "smartctl -a /dev/sdb" },
        { "unit-restart-loop", "unit", "nginx.service", "keeps restarting", "journalctl -u nginx.service" },
        { "tls-certificate-expired", "host", "web1", "certificate", "openssl s_client" },
        { "new-account", "user", "backdoor", "foothold", "authorized_keys" },
        { "privilege-escalation", "user", "www-data", "Privileged", "www-data" },
        { "database-connections", "unit", "postgresql", "database", "max_connections" },
        { "firewall-drop-surge", "ip", "192.0.2.50", "dropped", "SRC=" },
        { "new-error-template", "source", "app", "never", "noise" },
        { "source-silent", "source", "cron", "went silent", "systemctl list-timers" },
        { "template-spike", "source", "nginx", "a spike", "same hour" },
        { "cpu-high", "process", "ffmpeg", "ffmpeg", "top -o %CPU" },
    };

    [Theory]
    [MemberData(nameof(Families))]
    public void Each_family_gets_its_cause_and_concrete_steps_naming_its_entities(string kind, string entity, string value, string inCause, string inSteps)
    {
        IncidentRecord incident = SampleIncidents.Make(kind, $"{kind} on {value}", new Dictionary<string, string> { [entity] = value });
        IncidentExplanation e = DeterministicIncidentExplainer.Explain(incident);

        Assert.Equal(ExplanationOrigin.Deterministic, e.Origin);
        Assert.Contains(inCause, e.ProbableCause, StringComparison.Ordinal);
        Assert.Contains(inSteps, string.Join('\n', e.Steps), StringComparison.Ordinal);
        Assert.StartsWith($"{kind} on {value} on web1: 312 line(s) over 12 min", e.Summary, StringComparison.Ordinal);
        Assert.Null(e.SuggestedSeverity);
        Assert.Equal(0.6, e.Confidence);
    }

    [Fact]
    public void An_unknown_kind_gets_a_sensible_generic_explanation()
    {
        IncidentExplanation e = DeterministicIncidentExplainer.Explain(SampleIncidents.Make("quantum-flux", "Flux", new Dictionary<string, string> { ["source"] = "lab" }));
        Assert.Contains("no specific advice for 'quantum-flux'", e.ProbableCause, StringComparison.Ordinal);
        Assert.Equal(3, e.Steps.Count);
        Assert.Equal(0.3, e.Confidence);
    }

    [Fact]
    public void A_disk_forecast_states_the_trend_from_the_metric_window()
    {
        var window = new[] { new MetricPoint(SampleIncidents.Start, 81.0), new MetricPoint(SampleIncidents.Start.AddMinutes(30), 93.5) };
        IncidentRecord incident = SampleIncidents.Make("disk-fill-forecast", "Disk / fills in 3 h", new Dictionary<string, string> { ["mount"] = "/" }, metric: "disk_used_percent{mount=\"/\"}", window: window);
        Assert.Contains("(81 → 93.5 in 30 min)", DeterministicIncidentExplainer.Explain(incident).ProbableCause, StringComparison.Ordinal);
    }
}
