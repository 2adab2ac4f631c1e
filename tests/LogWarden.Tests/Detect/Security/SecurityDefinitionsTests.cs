using LogWarden.Detect.Security;
using static LogWarden.Tests.Detect.Security.SecurityLines;

namespace LogWarden.Tests.Detect.Security;

public sealed class SecurityDefinitionsTests
{
    public static TheoryData<int, string> RuleExamples()
    {
        var data = new TheoryData<int, string>();
        var rules = SecurityDefinitions.Default.Rules;
        for (int i = 0; i < rules.Count; i++)
        {
            foreach (string example in rules[i].Examples)
            {
                data.Add(i, example);
            }
        }

        return data;
    }

    [Theory]
    [InlineData("audit_request_remote_address", true)]
    [InlineData("downstreamRemoteAddress", true)]
    [InlineData("downstream_remote_address", true)]
    [InlineData("client_socket_ip", true)]
    [InlineData("peer.remote_host", true)]
    [InlineData("upstream_remote_address", false)]
    [InlineData("request_host", false)]
    [InlineData("server_peer_ip", false)]
    [InlineData("x_forwarded_for_ip", false)]
    [InlineData("remote_port", false)]
    [InlineData("audit_request_address", false)]
    public void A_field_name_of_several_words_names_the_remote_party_by_its_words(string name, bool remote) =>
        Assert.Equal(remote, SecurityDefinitions.Default.IsRemoteField(name));

    [Fact]
    public void Field_names_split_into_words_at_separators_and_case_changes() =>
        Assert.Equal(["audit", "request", "remote", "address", "v2"], SecurityDefinitions.FieldNameWords("audit.requestRemote_Address-v2"));

    [Theory]
    [MemberData(nameof(RuleExamples))]
    public void Every_example_in_the_built_in_definitions_matches_its_rule_and_no_earlier_one(int index, string example)
    {
        var definitions = SecurityDefinitions.Default;
        var rule = definitions.Rules[index];
        Assert.Matches(rule.Pattern, example);
        // A rule whose anchors miss its own example would never run.
        Assert.True(rule.Always || rule.Anchors.Any(a => example.Contains(definitions.Anchors[a], StringComparison.OrdinalIgnoreCase)), "no anchor of the rule occurs in its example");
        // An earlier rule that claims the example would shadow it.
        var e = Recognize(example);
        if (e is not null && rule.Kind != SecurityEventKinds.WebNotFound)
        {
            Assert.Equal(rule.Kind, e.Kind);
        }
    }

    [Fact]
    public void Every_rule_has_an_example() =>
        Assert.All(SecurityDefinitions.Default.Rules, rule => Assert.NotEmpty(rule.Examples));

    [Fact]
    public void A_malformed_file_is_rejected_with_its_line()
    {
        var e = Assert.Throws<FormatException>(() => SecurityDefinitions.Parse("vocabulary:\n  a: 'x'\nrules: [\n"));
        Assert.Contains("security definitions", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pattern_that_does_not_compile_is_named()
    {
        string yaml = BuiltInYaml().Replace(@"'\bhacking attempt'", @"'\bhacking (attempt'", StringComparison.Ordinal);
        var e = Assert.Throws<FormatException>(() => SecurityDefinitions.Parse(yaml));
        Assert.Contains("hacking (attempt", e.Message, StringComparison.Ordinal);
        Assert.Contains("line", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_without_anchors_is_rejected()
    {
        string yaml = BuiltInYaml().Replace("anchors: [challenge]", "anchors: []", StringComparison.Ordinal);
        var e = Assert.Throws<FormatException>(() => SecurityDefinitions.Parse(yaml));
        Assert.Contains("anchor", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Definitions_can_be_extended_with_a_rule_of_ones_own()
    {
        string yaml = BuiltInYaml().Replace("rules:\n", """
            rules:
              - kind: honeypot-touch
                hostile: true
                needs: address
                anchors: [canary]
                patterns: ['\bcanary token opened\b']
                examples: ['canary token opened by 192.0.2.9']

            """, StringComparison.Ordinal);
        var recognizer = new SecurityEventRecognizer(SecurityDefinitions.Parse(yaml));
        var e = recognizer.Recognize(Decode("Jan 12 10:00:01 web1 canaryd[1]: canary token opened by 192.0.2.9"));
        Assert.Equal("honeypot-touch", e?.Kind);
        Assert.Equal("192.0.2.9", e?.Ip);
    }

    private static string BuiltInYaml()
    {
        using var stream = typeof(SecurityDefinitions).Assembly.GetManifestResourceStream("LogWarden.Detect.Security.security-events.yaml")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
