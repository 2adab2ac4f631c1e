using LogWarden.Config;

namespace LogWarden.Tests.Config;

public sealed class ExplainConfigTests
{
    [Fact]
    public void The_llm_and_report_sections_bind_every_key()
    {
        const string yaml = """
            llm:
              base_url: http://127.0.0.1:11434/v1
              model: llama3.1
              api_key: abc
              timeout: 45s
              max_output_tokens: 800
              evidence_tokens: 900
              daily_tokens: 50_000
              monthly_tokens: 900000
              pseudonymize_ips: true
              prices:
                llama3.1: {input: 0, output: 0}
                gpt-4o: {input: 2.5, output: 10}
            report:
              enabled: true
              at: "07:30"
              period: 12h
              top: 5
            """;
        LogWardenConfig c = ConfigLoader.Parse(yaml, "x.yaml");
        Assert.True(c.Llm.IsOn);
        Assert.Equal("http://127.0.0.1:11434/v1", c.Llm.BaseUrl);
        Assert.Equal("llama3.1", c.Llm.Model);
        Assert.Equal("abc", c.Llm.ApiKey);
        Assert.Equal(TimeSpan.FromSeconds(45), c.Llm.Timeout);
        Assert.Equal(800, c.Llm.MaxOutputTokens);
        Assert.Equal(900, c.Llm.EvidenceTokens);
        Assert.Equal(50_000, c.Llm.DailyTokens);
        Assert.Equal(900_000, c.Llm.MonthlyTokens);
        Assert.True(c.Llm.PseudonymizeIps);
        Assert.Equal(new LlmPrice(2.5m, 10m), c.Llm.Prices["GPT-4o"]);
        Assert.True(c.Report.Enabled);
        Assert.Equal(new TimeOnly(7, 30), c.Report.At);
        Assert.Equal(TimeSpan.FromHours(12), c.Report.Period);
        Assert.Equal(5, c.Report.Top);
    }

    [Fact]
    public void Without_a_key_or_base_url_the_llm_is_off()
    {
        LogWardenConfig c = ConfigLoader.Parse("", "none", new Dictionary<string, string>());
        Assert.False(c.Llm.IsOn);
        Assert.Equal(LlmConfig.DefaultModel, c.Llm.Model);
        Assert.False(ConfigLoader.Parse("llm:\n  api_key: k\n  enabled: false\n", "x.yaml").Llm.IsOn);
    }

    [Fact]
    public void The_legacy_variable_names_of_a_python_and_cron_env_work_as_they_are()
    {
        var env = new Dictionary<string, string>
        {
            ["OPENAI_API_KEY"] = "sk-legacy",
            ["LLM_BASE_URL"] = "https://api.deepseek.com/v1",
            ["LLM_MODEL"] = "deepseek-chat",
        };
        LogWardenConfig c = ConfigLoader.Parse("", "none", env);
        Assert.True(c.Llm.IsOn);
        Assert.Equal("sk-legacy", c.Llm.ApiKey);
        Assert.Equal("https://api.deepseek.com/v1", c.Llm.BaseUrl);
        Assert.Equal("deepseek-chat", c.Llm.Model);

        Assert.Equal("sk-ant-x", ConfigLoader.Parse("", "none", new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "sk-ant-x" }).Llm.ApiKey);
        // Configured keys (file or LOGWARDEN_ variables) win over the legacy names.
        env["LOGWARDEN_LLM__MODEL"] = "gpt-4.1-mini";
        Assert.Equal("gpt-4.1-mini", ConfigLoader.Parse("", "none", env).Llm.Model);
    }

    [Fact]
    public void Bad_llm_and_report_values_are_errors_with_their_line()
    {
        const string yaml = "llm:\n  base_url: ftp://x\n  timeout: 1ms\n  daily_tokens: lots\n  prices:\n    m: {input: cheap}\nreport:\n  at: noon\n";
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, "bad.yaml"));
        Assert.Contains(e.Errors, x => x.Origin == "bad.yaml:2:13" && x.Message.Contains("http(s) URL", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Origin.StartsWith("bad.yaml:3:", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Origin.StartsWith("bad.yaml:4:", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Origin.StartsWith("bad.yaml:6:", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Origin.StartsWith("bad.yaml:8:", StringComparison.Ordinal));
    }
}
