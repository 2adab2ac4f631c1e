using LogWarden.Detect;
using LogWarden.Detect.Scenarios;

namespace LogWarden.Tests.Detect.Scenarios;

public sealed class ScenarioCatalogTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_built_in_scenarios_load_with_unique_kinds_and_every_alert_names_its_subject()
    {
        var catalog = ScenarioCatalog.BuiltIn;

        Assert.Equal(catalog.Scenarios.Count, catalog.Scenarios.Select(s => s.Kind).Distinct().Count());
        Assert.Contains(catalog.Scenarios, s => s.Kind == "login-after-failures" && s.Severity == FindingSeverity.Critical);
        foreach (var scenario in catalog.Scenarios.Where(s => s.Type is ScenarioType.Leaky or ScenarioType.Trigger))
        {
            Assert.True(scenario.Key.Contains(ScenarioEntity.Ip) || scenario.Key.Contains(ScenarioEntity.Service) || scenario.Key.Contains(ScenarioEntity.Source), scenario.Kind);
        }

        Assert.Equal(["ssh", "mail", "ftp", "web", "vpn"], catalog.Services.Select(s => s.Name));
    }

    [Theory]
    [InlineData("capacity: -3", 6, "'-3' must be a number of at least 0")]
    [InlineData("leak: soon", 6, "'soon' is not a duration")]
    [InlineData("capcity: 3", 6, "unknown key 'capcity' in scenario x-brute-force")]
    [InlineData("title: \"from {address}\"", 6, "unknown placeholder '{address}'")]
    [InlineData("type: oneshot", 6, "type must be leaky, trigger, memory or summary")]
    [InlineData("key: [ip, colour]", 6, "'colour' is no entity")]
    [InlineData("background: { mode: population, surge_probability: 1e-9 }", 6, "surge_probability, surge_min and surge_span are for per-key backgrounds")]
    [InlineData("background: { mode: per-key, surge_min: 6 }", 6, "a surge test needs surge_probability")]
    [InlineData("background: { mode: per-key, surge_probability: 0.5 }", 6, "'0.5' must be a number from")]
    [InlineData("background: { mode: per-key, fast_leak: 4s, fast_capacity: 8 }", 6, "fast_leak and fast_capacity are for population backgrounds")]
    [InlineData("background: { mode: population, fast_leak: 4s }", 6, "a fast level needs both fast_leak and fast_capacity")]
    [InlineData("background: { mode: population, fast_leak: 0s, fast_capacity: 8 }", 6, "'0s' is not a duration")]
    [InlineData("background: { mode: population, fast_leak: 4s, fast_capacity: 0.5 }", 6, "'0.5' must be a number of at least 1")]
    public void A_mistake_in_a_scenario_file_fails_with_the_file_and_line(string line, int lineNumber, string message)
    {
        string key = line[..line.IndexOf(':', StringComparison.Ordinal)];
        var lines = new List<string>
        {
            "scenarios:",
            "  - kind: x-brute-force",
            "    when:",
            "      - kinds: [auth-failure]",
            "    count: attempts",
            "    " + line,
        };
        // The valid keys, but for the one the line replaces.
        foreach (string valid in new[] { "key: [ip]", "capacity: 5", "leak: 10s", "title: \"x from {ip}\"" })
        {
            if (!valid.StartsWith(key + ":", StringComparison.Ordinal))
            {
                lines.Add("    " + valid);
            }
        }

        string yaml = string.Join('\n', lines);
        var error = Assert.Throws<FormatException>(() => ScenarioCatalog.Parse(yaml, "mine.yaml"));
        Assert.Contains($"mine.yaml, line {lineNumber}", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trigger_must_require_a_memory_with_the_same_key()
    {
        string yaml = """
            scenarios:
              - kind: failures
                type: memory
                when: [{ kinds: [auth-failure] }]
                key: [ip]
                leak: 1m
              - kind: login-after
                type: trigger
                when: [{ kinds: [auth-success] }]
                key: [ip, host]
                requires: { scenario: failures, min: 3 }
                leak: 1m
                title: "login from {ip}"
            """;

        var error = Assert.Throws<FormatException>(() => ScenarioCatalog.Parse(yaml, "mine.yaml"));
        Assert.Contains("mine.yaml, line 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("whose key [Ip] differs from [Ip, Host]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void User_files_override_built_in_keys_turn_scenarios_off_and_add_new_ones()
    {
        string directory = Directory.CreateTempSubdirectory("logwarden-scenarios-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "10-local.yaml"), """
                services:
                  - name: panel
                    title: control panel
                    programs: '^cpanel'
                scenarios:
                  - kind: ssh-brute-force
                    capacity: 40
                    background: { mode: population, initial_capacity: 40 }
                  - kind: web-background
                    enabled: false
                  - kind: panel-brute-force
                    when:
                      - kinds: [auth-failure]
                        services: [panel]
                    key: [ip]
                    count: attempts
                    capacity: 3
                    leak: 1m
                    title: "{service} brute force from {ip}"
                """);
            File.WriteAllText(Path.Combine(directory, "notes.txt"), "not a scenario file");

            var catalog = ScenarioCatalog.Load(directory);

            var ssh = Assert.Single(catalog.Scenarios, s => s.Kind == "ssh-brute-force");
            Assert.Equal(40, ssh.Capacity);
            Assert.Equal(CountMode.Attempts, ssh.Count); // the keys the file did not name stay built in
            Assert.DoesNotContain(catalog.Scenarios, s => s.Kind == "web-background");
            Assert.Equal("panel", catalog.Services[0].Name);

            var log = new AttackLines(T0);
            for (int i = 0; i < 30; i++)
            {
                log.SshFailures("203.0.113.7", "root").WaitSeconds(1);
            }

            for (int i = 0; i < 5; i++)
            {
                log.Syslog("cpanel", 77, $"FAILED LOGIN cpanel: 192.0.2.44 (r): user password incorrect for user admin{i}");
                log.Syslog("cpanel", 77, $"Login failed for user admin{i} from 192.0.2.44: authentication failure");
            }

            var harness = new ScenarioHarness(catalog: catalog);
            harness.Feed(log.Lines);

            var alert = Assert.Single(harness.Alerts);
            Assert.Equal(("panel-brute-force", "192.0.2.44", "control panel brute force from 192.0.2.44"), (alert.Kind, alert.Entities[EntityNames.Ip], alert.Title));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_bad_user_file_names_itself()
    {
        string directory = Directory.CreateTempSubdirectory("logwarden-scenarios-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "broken.yml"), "scenarios:\n  - kind: ssh-brute-force\n    leak: [1m\n");

            var error = Assert.Throws<FormatException>(() => ScenarioCatalog.Load(directory));
            Assert.Contains("broken.yml, line", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
