using LogWarden.Config;
using LogWarden.Daemon;

namespace LogWarden.Tests.Daemon;

public sealed class SourceDiscoveryTests
{
    private sealed class Machine(string[] files, string[] directories, string[] commands) : IMachineProbe
    {
        public bool FileExists(string path) => files.Contains(path);

        public bool DirectoryExists(string path) => directories.Contains(path);

        public bool CommandExists(string name) => commands.Contains(name);
    }

    [Fact]
    public void A_debian_server_with_rsyslog_and_nginx_reads_the_files_not_the_journal_twice()
    {
        var machine = new Machine(["/var/log/auth.log", "/var/log/syslog", "/var/log/kern.log"], ["/var/log/nginx"], ["journalctl"]);
        EffectiveSources s = SourceDiscovery.Resolve(new SourcesConfig(), machine);
        Assert.Equal(["/var/log/auth.log", "/var/log/syslog", "/var/log/kern.log"], s.Files[0].Paths);
        Assert.Equal(["/var/log/nginx/*.log"], s.Files[1].Paths);
        Assert.Equal("nginx", s.Files[1].Labels["app"]);
        Assert.False(s.Journal);
        Assert.Contains(s.Notes, n => n.Contains("rsyslog", StringComparison.Ordinal));
        Assert.False(s.Docker);
    }

    [Fact]
    public void A_journal_only_machine_with_docker_reads_the_journal_and_containers()
    {
        var machine = new Machine([], ["/var/lib/docker/containers"], ["journalctl"]);
        EffectiveSources s = SourceDiscovery.Resolve(new SourcesConfig(), machine);
        Assert.Empty(s.Files);
        Assert.True(s.Journal);
        Assert.True(s.Docker);
    }

    [Fact]
    public void Explicit_settings_win_and_discovery_can_be_turned_off()
    {
        var machine = new Machine(["/var/log/secure", "/var/log/messages"], [], ["journalctl"]);
        var config = new SourcesConfig
        {
            Discover = false,
            Files = [new FileSourceConfig { Paths = ["/opt/app/*.log"] }],
            Journal = new JournalConfig { Enabled = true },
        };
        EffectiveSources s = SourceDiscovery.Resolve(config, machine);
        Assert.Equal(["/opt/app/*.log"], Assert.Single(s.Files).Paths);
        Assert.True(s.Journal);
    }

    [Fact]
    public void Data_directory_comes_from_the_command_line_then_the_config_then_the_user()
    {
        Assert.Equal("/tmp/x", DataDirectory.Resolve("/tmp/x", new LogWardenConfig { DataDir = "/srv/y" }));
        Assert.Equal("/srv/y", DataDirectory.Resolve(null, new LogWardenConfig { DataDir = "/srv/y" }));
        string fallback = DataDirectory.Resolve(null, null, new Dictionary<string, string> { ["HOME"] = "/home/ann", ["XDG_DATA_HOME"] = "" });
        Assert.True(fallback == DataDirectory.SystemDefault || fallback == "/home/ann/.local/share/logwarden", fallback);
    }
}

public sealed class SystemdWatchdogTests
{
    [Theory]
    [InlineData("30000000", null, 15.0)]
    [InlineData("30000000", "4242", 15.0)]
    [InlineData("30000000", "1", null)]
    [InlineData(null, null, null)]
    [InlineData("0", null, null)]
    [InlineData("abc", null, null)]
    public void Pings_at_half_the_interval_systemd_asks_for_and_only_for_this_process(string? usec, string? pid, double? seconds)
    {
        TimeSpan? interval = SystemdWatchdogService.Interval(usec, pid, 4242);
        Assert.Equal(seconds, interval?.TotalSeconds);
    }
}
