using LogWarden.Config;
using LogWarden.Store;

namespace LogWarden.Tests.Config;

public sealed class ShipConfigTests
{
    [Fact]
    public void Ship_destinations_and_fleet_agents_are_read_with_their_options()
    {
        LogWardenConfig config = ConfigLoader.Parse("""
            ship:
              - name: central
                url: https://central.example:9740/loki/api/v1/push
                token: abc
                tls_ca: /etc/logwarden/ca.pem
                labels: {dc: fra1}
                match: '{job=~"nginx|app", env!="dev"}'
                batch_lines: 2000
                batch_bytes: 1MiB
                max_backlog: 2d
              - name: loki
                kind: loki
                url: http://127.0.0.1:3100/loki/api/v1/push
                username: tenant
                password: pw
            fleet:
              max_lines_per_second: 5000
              agents:
                - {host: web1, token_sha256: 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08}
            """, "test.yaml");

        Assert.Equal(2, config.Ship.Count);
        ShipDestinationConfig central = config.Ship[0];
        Assert.Equal(ShipKind.LogWarden, central.Kind);
        Assert.Equal("abc", central.Token);
        Assert.Equal("fra1", central.Labels["dc"]);
        Assert.Equal([("job", LabelMatchType.Regex), ("env", LabelMatchType.NotEqual)], central.Match.Select(m => (m.Name, m.Type)));
        Assert.Equal(2000, central.BatchLines);
        Assert.Equal(1L << 20, central.BatchBytes);
        Assert.Equal(TimeSpan.FromDays(2), central.MaxBacklog);
        Assert.Equal(ShipKind.Loki, config.Ship[1].Kind);
        Assert.Equal("tenant", config.Ship[1].Username);
        Assert.Equal(new FleetAgentConfig("web1", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"), Assert.Single(config.Fleet.Agents));
        Assert.Equal(5000, config.Fleet.MaxLinesPerSecond);
    }

    [Fact]
    public void A_bad_destination_or_agent_is_reported_with_its_line()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("""
            ship:
              - name: central
                url: ftp://central/push
              - name: loki
                url: http://127.0.0.1:3100/loki/api/v1/push
                kind: graylog
                match: '{job="a"} |= "x"'
            fleet:
              agents:
                - {host: web1, token_sha256: short}
            """, "test.yaml"));

        Assert.Contains(error.Errors, e => e.Origin.StartsWith("test.yaml:3:", StringComparison.Ordinal) && e.Message.Contains("url", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Origin.StartsWith("test.yaml:6:", StringComparison.Ordinal) && e.Message.Contains("graylog", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Origin.StartsWith("test.yaml:7:", StringComparison.Ordinal) && e.Message.Contains("selector", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Origin.StartsWith("test.yaml:10:", StringComparison.Ordinal) && e.Message.Contains("token_sha256", StringComparison.Ordinal));
    }
}
