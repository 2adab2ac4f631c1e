using LogWarden.Config;

namespace LogWarden.Tests.Alert;

/// <summary>The alerts: section: channels, routes and timing bound from YAML, errors with their lines, and the legacy .env names.</summary>
public sealed class AlertsConfigTests
{
    private const string Yaml = """
        alerts:
          public_url: https://logwarden.example.com
          min_severity: warning
          group_wait: 10s
          repeat_interval: 2h
          quiet_hours: {from: "22:00", to: "07:00", timezone: Europe/Berlin}
          channels:
            - name: pager
              type: telegram
              token: "123:abc"
              chat_id: "-100"
              rate_limit: 20/1m
            - name: mail
              type: email
              host: smtp.example.com
              port: 465
              security: tls
              username: alerts@example.com
              password: hunter2
              to: [oncall@example.com]
            - name: am
              type: alertmanager
              url: http://127.0.0.1:9093
          routes:
            - match: [severity=critical]
              channels: [pager]
              continue: true
            - match: ["host=~db-.*", "kind!=disk-full"]
              channels: [mail]
              repeat_interval: never
        """;

    [Fact]
    public void Channels_routes_and_timing_are_read_from_the_alerts_section()
    {
        AlertsConfig alerts = ConfigLoader.Parse(Yaml, "a.yaml").Alerts;

        Assert.Equal("https://logwarden.example.com", alerts.PublicUrl);
        Assert.Equal(["pager", "mail", "am"], alerts.Channels.Select(c => c.Name));
        AlertChannelConfig pager = alerts.Channels[0];
        Assert.Equal(("123:abc", "-100", 20, TimeSpan.FromMinutes(1)), (pager.Token, pager.ChatId, pager.RateLimit, pager.RateLimitPeriod));
        Assert.Equal(("tls", 465, "hunter2"), (alerts.Channels[1].Security, alerts.Channels[1].Port, alerts.Channels[1].Password));
        Assert.Equal(TimeSpan.FromSeconds(10), alerts.Timing.GroupWait);
        Assert.Equal(TimeSpan.FromHours(2), alerts.Timing.RepeatInterval);
        Assert.True(alerts.Routes[0].Continue);
        Assert.Equal(["host=~db-.*", "kind!=disk-full"], alerts.Routes[1].Match);
        Assert.Equal(TimeSpan.Zero, alerts.Routes[1].RepeatInterval);
        Assert.Equal(new TimeOnly(22, 0), alerts.QuietHours!.From);
        Assert.Equal("Europe/Berlin", alerts.QuietHours.TimeZone);
    }

    [Fact]
    public void Every_mistake_is_reported_with_its_line()
    {
        const string bad = """
            alerts:
              channels:
                - name: pager
                  type: telegrm
                - name: hook
                  type: webhook
                - name: mail
                  type: email
                  host: smtp.example.com
                  to: [a@example.com]
                  security: ssl
              routes:
                - match: ["severity==critical"]
                  channels: [pagr]
              quiet_hours: {from: "25:00", to: "07:00"}
            """;

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(bad, "bad.yaml"));
        var errors = e.Errors.Select(x => x.ToString()).ToList();

        Assert.Contains(errors, x => x.StartsWith("bad.yaml:4:", StringComparison.Ordinal) && x.Contains("'type' must be one of", StringComparison.Ordinal));
        Assert.Contains(errors, x => x.StartsWith("bad.yaml:5:", StringComparison.Ordinal) && x.Contains("needs 'url'", StringComparison.Ordinal));
        Assert.Contains(errors, x => x.StartsWith("bad.yaml:11:", StringComparison.Ordinal) && x.Contains("security must be", StringComparison.Ordinal));
        Assert.Contains(errors, x => x.StartsWith("bad.yaml:13:", StringComparison.Ordinal) && x.Contains("severity==critical", StringComparison.Ordinal));
        Assert.Contains(errors, x => x.StartsWith("bad.yaml:14:", StringComparison.Ordinal) && x.Contains("'pagr'", StringComparison.Ordinal));
        Assert.Contains(errors, x => x.StartsWith("bad.yaml:15:", StringComparison.Ordinal) && x.Contains("25:00", StringComparison.Ordinal));
    }

    [Fact]
    public void The_legacy_env_names_configure_a_telegram_and_an_email_channel()
    {
        var env = new Dictionary<string, string>
        {
            ["TELEGRAM_BOT_TOKEN"] = "42:xyz",
            ["TELEGRAM_CHAT_ID"] = "12345",
            ["SMTP_SERVER"] = "smtp.example.com:465",
            ["SMTP_USER"] = "bot@example.com",
            ["SMTP_PASSWORD"] = "pw",
            ["ADMIN_EMAIL"] = "admin@example.com, ops@example.com",
        };

        AlertsConfig alerts = ConfigLoader.Parse("", "(defaults)", env).Alerts;

        AlertChannelConfig telegram = alerts.Channels.Single(c => c.Name == "telegram");
        Assert.Equal(("telegram", "42:xyz", "12345"), (telegram.Type, telegram.Token, telegram.ChatId));
        AlertChannelConfig email = alerts.Channels.Single(c => c.Name == "email");
        Assert.Equal(("smtp.example.com", 465, "tls", "bot@example.com", "pw", "bot@example.com"), (email.Host, email.Port, email.Security, email.Username, email.Password, email.From));
        Assert.Equal(["admin@example.com", "ops@example.com"], email.To);
    }

    [Fact]
    public void Half_a_legacy_pair_is_an_error_naming_the_variable()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("", "(defaults)", new Dictionary<string, string> { ["TELEGRAM_BOT_TOKEN"] = "42:xyz" }));

        Assert.Equal("environment TELEGRAM_BOT_TOKEN", Assert.Single(e.Errors).Origin);
    }

    [Fact]
    public void A_configured_channel_of_the_same_name_wins_over_the_legacy_names()
    {
        const string yaml = "alerts:\n  channels:\n    - {name: telegram, type: telegram, token: 'yaml:token', chat_id: '1'}\n";
        var env = new Dictionary<string, string> { ["TELEGRAM_BOT_TOKEN"] = "env:token", ["TELEGRAM_CHAT_ID"] = "2" };

        AlertChannelConfig only = Assert.Single(ConfigLoader.Parse(yaml, "a.yaml", env).Alerts.Channels);

        Assert.Equal("yaml:token", only.Token);
    }

    [Fact]
    public void A_channel_printed_or_logged_shows_no_secret()
    {
        AlertsConfig alerts = ConfigLoader.Parse(Yaml, "a.yaml").Alerts;

        string printed = string.Join("\n", alerts.Channels.Select(c => c.ToString()));

        Assert.DoesNotContain("123:abc", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", printed, StringComparison.Ordinal);
        Assert.Contains("telegram channel 'pager'", printed, StringComparison.Ordinal);
    }
}
