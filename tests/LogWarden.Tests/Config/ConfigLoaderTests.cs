using LogWarden.Config;

namespace LogWarden.Tests.Config;

public sealed class ConfigLoaderTests
{
    private const string Full = """
        data_dir: /srv/logwarden
        listen: 127.0.0.1:9740
        host: web1
        sources:
          discover: false
          files:
            - paths: [/var/log/auth.log, "/var/log/nginx/*.log"]
              format: auto
              labels: {app: nginx}
            - paths: /opt/app/app.log
              format: "<Date> <Time> <Level> <Content>"
          journal: {enabled: auto, units: [ssh.service]}
          syslog: {udp: "127.0.0.1:5514", tcp: "[::1]:5514"}
          host_metrics: {interval: 30s}
        store:
          retention: 14d
          max_size: 2GiB
          min_free_disk: 500MB
        """;

    [Fact]
    public void A_full_file_binds_every_key()
    {
        LogWardenConfig c = ConfigLoader.Parse(Full, "x.yaml");
        Assert.Equal("/srv/logwarden", c.DataDir);
        Assert.Equal("web1", c.Host);
        Assert.False(c.Sources.Discover);
        Assert.Equal(2, c.Sources.Files.Count);
        Assert.Equal(["/var/log/auth.log", "/var/log/nginx/*.log"], c.Sources.Files[0].Paths);
        Assert.Null(c.Sources.Files[0].Format);
        Assert.Equal("nginx", c.Sources.Files[0].Labels["app"]);
        Assert.Equal(["/opt/app/app.log"], c.Sources.Files[1].Paths);
        Assert.Null(c.Sources.Journal.Enabled);
        Assert.Equal(["ssh.service"], c.Sources.Journal.Units);
        Assert.Equal("[::1]:5514", c.Sources.Syslog.Tcp);
        Assert.Equal(TimeSpan.FromSeconds(30), c.Sources.HostMetrics.Interval);
        Assert.Equal(TimeSpan.FromDays(14), c.Store.Retention);
        Assert.Equal(2L << 30, c.Store.MaxSize);
        Assert.Equal(500_000_000, c.Store.MinFreeDisk);
    }

    [Fact]
    public void No_file_gives_the_defaults()
    {
        LogWardenConfig c = ConfigLoader.Parse("", "none");
        Assert.Equal("127.0.0.1:9740", c.Listen);
        Assert.True(c.Sources.Discover);
        Assert.Equal(TimeSpan.FromDays(30), c.Store.Retention);
    }

    [Fact]
    public void Every_error_is_reported_with_its_line_and_column()
    {
        const string yaml = """
            listen: nowhere
            sources:
              files:
                - pahts: [/x]
              host_metrics: {interval: fast}
            store:
              retention: forever
            """;
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, "bad.yaml"));
        var text = e.Errors.Select(x => x.ToString()).ToList();
        Assert.Contains(text, t => t.StartsWith("bad.yaml:1:", StringComparison.Ordinal) && t.Contains("nowhere", StringComparison.Ordinal));
        Assert.Contains(text, t => t.StartsWith("bad.yaml:4:", StringComparison.Ordinal) && t.Contains("did you mean 'paths'", StringComparison.Ordinal));
        Assert.Contains(text, t => t.StartsWith("bad.yaml:5:", StringComparison.Ordinal) && t.Contains("duration", StringComparison.Ordinal));
        Assert.Contains(text, t => t.StartsWith("bad.yaml:7:", StringComparison.Ordinal) && t.Contains("forever", StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_yaml_is_one_clear_error()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("sources:\n  files: [\n", "broken.yaml"));
        Assert.StartsWith("broken.yaml:", Assert.Single(e.Errors).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_variables_override_keys_and_list_items()
    {
        var env = new Dictionary<string, string>
        {
            ["LOGWARDEN_STORE__RETENTION"] = "7d",
            ["LOGWARDEN_SOURCES__FILES__0__PATHS__1"] = "/var/log/extra.log",
            ["LOGWARDEN_SOURCES__FILES__2__PATHS__0"] = "/new.log",
            ["LOGWARDEN_LISTEN"] = "0.0.0.0:9999",
            ["PATH"] = "/usr/bin",
        };
        LogWardenConfig c = ConfigLoader.Parse(Full, "x.yaml", env);
        Assert.Equal(TimeSpan.FromDays(7), c.Store.Retention);
        Assert.Equal(["/var/log/auth.log", "/var/log/extra.log"], c.Sources.Files[0].Paths);
        Assert.Equal(["/new.log"], c.Sources.Files[2].Paths);
        Assert.Equal("0.0.0.0:9999", c.Listen);
    }

    [Fact]
    public void A_bad_override_names_its_variable()
    {
        var env = new Dictionary<string, string> { ["LOGWARDEN_STORE__MAX_SIZE"] = "lots" };
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Full, "x.yaml", env));
        Assert.Equal("environment LOGWARDEN_STORE__MAX_SIZE", Assert.Single(e.Errors).Origin);
    }

    [Theory]
    [InlineData("LOGWARDEN_DAEMON_DLL")] // an unknown top-level key
    [InlineData("LOGWARDEN_STORE__NO_SUCH_KEY")] // an unknown key in a known section
    [InlineData("LOGWARDEN_NO_SUCH_SECTION__KEY")] // an unknown section
    public void An_override_of_an_unknown_key_names_its_variable(string variable)
    {
        var env = new Dictionary<string, string> { [variable] = "x" };
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Full, "x.yaml", env));
        var error = Assert.Single(e.Errors);
        Assert.Equal("environment " + variable, error.Origin);
        Assert.Contains("unknown key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dot_env_lines_apply_unless_the_process_sets_the_variable()
    {
        string dir = Directory.CreateTempSubdirectory("logwarden-env-").FullName;
        try
        {
            string file = Path.Combine(dir, ".env");
            File.WriteAllText(file, "# settings\nexport LOGWARDEN_HOST=from-dotenv\nLOGWARDEN_STORE__RETENTION=\"3d\"\n");
            var env = ConfigLoader.Environment(file);
            LogWardenConfig c = ConfigLoader.Parse("", "none", env);
            Assert.Equal("from-dotenv", c.Host);
            Assert.Equal(TimeSpan.FromDays(3), c.Store.Retention);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("500ms", 0, 0, 0, 500)]
    [InlineData("10s", 0, 0, 10, 0)]
    [InlineData("1h30m", 1, 30, 0, 0)]
    [InlineData("2d", 48, 0, 0, 0)]
    public void Durations_parse(string text, int h, int m, int s, int ms) =>
        Assert.True(ConfigLoader.TryParseDuration(text, out TimeSpan d) && d == new TimeSpan(0, h, m, s, ms));

    [Theory]
    [InlineData("1048576", 1048576)]
    [InlineData("1MiB", 1048576)]
    [InlineData("1MB", 1000000)]
    [InlineData("2G", 2147483648)]
    [InlineData("1.5KiB", 1536)]
    public void Sizes_parse(string text, long bytes) =>
        Assert.True(ConfigLoader.TryParseSize(text, out long b) && b == bytes);

    [Fact]
    public void A_Loki_to_follow_is_read_from_sources_loki_query()
    {
        LogWardenConfig c = ConfigLoader.Parse("""
            sources:
              loki_query:
                url: http://loki.internal:3100
                query: '{job="varlogs"} |= "error"'
                poll_interval: 2s
                delay: 0s
                limit: 500
                initial_lookback: 1h
                tenant_id: team-a
            """, "q.yaml");
        var options = c.Sources.LokiQuery!.Options;
        Assert.Equal(new Uri("http://loki.internal:3100"), options.Url);
        Assert.Equal("{job=\"varlogs\"} |= \"error\"", options.Query);
        Assert.Equal(TimeSpan.FromSeconds(2), options.PollInterval);
        Assert.Equal(TimeSpan.Zero, options.Delay);
        Assert.Equal(500, options.Limit);
        Assert.Equal(TimeSpan.FromHours(1), options.InitialLookback);
        Assert.Equal("team-a", options.TenantId);
        Assert.Null(ConfigLoader.Parse("", "none").Sources.LokiQuery);

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("""
            sources:
              loki_query: {url: "loki:3100", query: '{job="x"}', limit: 9000}
            """, "bad.yaml"));
        Assert.Contains(e.Errors, x => x.ToString().Contains("absolute http(s)", StringComparison.Ordinal));
        e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("""
            sources:
              loki_query: {url: "http://loki:3100", query: 'job=x', limit: 9000}
            """, "bad.yaml"));
        Assert.Contains(e.Errors, x => x.ToString().Contains("loki_query.query", StringComparison.Ordinal));
        e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("sources:\n  loki_query: {url: \"http://loki:3100\"}\n", "bad.yaml"));
        Assert.Contains(e.Errors, x => x.ToString().Contains("needs 'url'", StringComparison.Ordinal));
    }
}
