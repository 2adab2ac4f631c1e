using LogWarden.Config;

namespace LogWarden.Tests.Respond;

public sealed class RespondConfigTests
{
    [Fact]
    public void The_responder_is_off_and_in_dry_run_by_default()
    {
        RespondConfig r = ConfigLoader.Parse("", "none").Respond;
        Assert.False(r.Enabled);
        Assert.True(r.DryRun);
        Assert.Empty(r.Playbooks);
    }

    [Fact]
    public void A_playbook_is_read_with_its_actions()
    {
        const string yaml = """
            respond:
              enabled: true
              dry_run: false
              admin_cidrs: [203.0.113.0/24, 2001:db8::1]
              units: [nginx.service]
              scripts: { page: /usr/local/bin/page }
              ban: { duration: 2h, netns: lwtest }
              playbooks:
                - name: brute
                  match: ["kind=ssh-brute-force"]
                  actions:
                    - type: ban
                    - type: restart-unit
                      unit: nginx.service
                    - type: run-script
                      script: page
                      args: ["--ip", "{ip}"]
            """;
        RespondConfig r = ConfigLoader.Parse(yaml, "r.yaml").Respond;
        Assert.True(r.Enabled);
        Assert.False(r.DryRun);
        Assert.Equal(2, r.AdminCidrs.Count);
        Assert.Equal(TimeSpan.FromHours(2), r.Ban.Duration);
        Assert.Equal("lwtest", r.Ban.Netns);
        Assert.Equal(["ban", "restart-unit", "run-script"], r.Playbooks[0].Actions.Select(a => a.Type));
    }

    [Theory]
    [InlineData("  admin_cidrs: [not-a-net]", "r.yaml:2:")]
    [InlineData("  ipv6_prefix: 8", "ipv6_prefix")]
    [InlineData("  kill_switch: relative/path", "absolute path")]
    [InlineData("  ban: { netns: '-rf' }", "network namespace")]
    [InlineData("  scripts: { x: bin/x }", "not an absolute path")]
    [InlineData("  playbooks: [{ name: p, actions: [{ type: shell }] }]", "'type' must be one of")]
    [InlineData("  playbooks: [{ name: p, actions: [{ type: restart-unit, unit: sshd.service }] }]", "not in respond.units")]
    [InlineData("  playbooks: [{ name: p, actions: [{ type: restart-unit, unit: 'x;reboot' }] }]", "not a systemd unit name")]
    [InlineData("  playbooks: [{ name: p, actions: [{ type: run-script, script: nope }] }]", "named in respond.scripts")]
    [InlineData("  scripts: { x: /bin/x }\n  playbooks: [{ name: p, actions: [{ type: run-script, script: x, args: ['{ip}{user}'] }] }]", "exactly one of")]
    [InlineData("  playbooks: [{ name: p, match: ['kind=~('], actions: [{ type: ban }] }]", "bad regular expression")]
    [InlineData("  playbooks: [{ name: p }]", "has no actions")]
    [InlineData("  temp_dirs: [/]", "other than /")]
    [InlineData("  temp_dirs: [/tmp/../etc]", "without '..'")]
    [InlineData("  temp_dirs: [tmp]", "absolute path")]
    [InlineData("  temp_dirs: [/tmp]\n  playbooks: [{ name: p, actions: [{ type: clean-temp, directory: /etc }] }]", "not in respond.temp_dirs")]
    [InlineData("  playbooks: [{ name: p, actions: [{ type: clean-temp }] }]", "needs respond.temp_dirs")]
    [InlineData("  playbooks: [{ name: p, actions: [{ type: vacuum-journal, size: '1G; rm -rf /' }] }]", "digits and K, M or G")]
    [InlineData("  playbooks: [{ name: p, actions: [{ type: vacuum-journal, size: '--help' }] }]", "digits and K, M or G")]
    [InlineData("  playbooks: [{ name: p, actions: [{ type: vacuum-journal }] }]", "needs a 'size'")]
    [InlineData("  ban: { backend: pf }", "backend must be one of")]
    public void Bad_respond_values_fail_with_the_line(string body, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("respond:\n" + body + "\n", "r.yaml"));
        Assert.Contains(e.Errors, err => err.ToString().Contains(expected, StringComparison.Ordinal) && err.ToString().StartsWith("r.yaml:", StringComparison.Ordinal));
    }
}
