using LogWarden.Tests.Report;

namespace LogWarden.Tests.Cli;

public sealed class ExplainAndReportCommandTests : IDisposable
{
    private readonly ReportStoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run([.. args, "--data", _fixture.Directory.Path]);

    [Fact]
    public void Explain_prints_the_deterministic_explanation_of_a_stored_incident()
    {
        var (exit, output, error) = Run("explain", "1", "--no-llm");
        Assert.True(exit == 0, error);
        Assert.Contains("explained by LogWarden's rules", output, StringComparison.Ordinal);
        Assert.Contains("Probable cause: Repeated failed logins from 203.0.113.7", output, StringComparison.Ordinal);
        Assert.Contains("1. Block the source from 203.0.113.7", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_evidence_prints_the_redacted_pack_and_sends_nothing()
    {
        var (exit, output, error) = Run("explain", "1", "--evidence");
        Assert.True(exit == 0, error);
        Assert.StartsWith("{\"kind\":\"ssh-brute-force\"", output, StringComparison.Ordinal);
        Assert.Contains("tokens", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_of_an_unknown_incident_fails_clearly()
    {
        var (exit, _, error) = Run("explain", "999", "--no-llm");
        Assert.Equal(1, exit);
        Assert.Contains("no incident 999", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_writes_html_with_inline_charts_to_a_file()
    {
        string file = Path.Combine(_fixture.Directory.Path, "report.html");
        var (exit, _, error) = Run("report", "--since", "30d", "--format", "html", "--out", file, "--no-llm");
        Assert.True(exit == 0, error);
        string html = File.ReadAllText(file);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("OOM kill of java", html, StringComparison.Ordinal);
        Assert.Contains("report written to", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_as_markdown_to_standard_output_and_a_bad_duration_is_a_usage_error()
    {
        var (exit, output, error) = Run("report", "--since", "30d", "--format", "markdown", "--no-llm");
        Assert.True(exit == 0, error);
        Assert.Contains("## Incidents by severity", output, StringComparison.Ordinal);
        Assert.Equal(2, Run("report", "--since", "yesterday").Exit);
    }
}
