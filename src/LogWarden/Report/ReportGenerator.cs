using LogWarden.Config;
using LogWarden.Explain;
using LogWarden.Store;
using Microsoft.Extensions.Logging;

namespace LogWarden.Report;

/// <summary>The whole report from a store: build, add the AI summary when an LLM is configured, render. What the CLI and the daily service call.</summary>
internal static class ReportGenerator
{
    public static async Task<RenderedReport> GenerateAsync(
        ILogStore store,
        LogWardenConfig config,
        DateTimeOffset from,
        DateTimeOffset to,
        string? host,
        bool withAiSummary,
        CancellationToken cancellationToken,
        ILogger? logger = null,
        Microsoft.Extensions.AI.IChatClient? client = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(config);
        if (store is not IIncidentStore incidents)
        {
            throw new InvalidOperationException("this store does not keep incidents");
        }
        DailyReport report = new DailyReportBuilder(incidents, store, store as IMetricStore, config.Report.Top).Build(from, to, host);
        if (withAiSummary && config.Llm.IsOn)
        {
            IExplanationStore ledger = store as IExplanationStore ?? new InMemoryExplanationStore();
            var summarizer = new ReportSummarizer(client ?? LlmIncidentExplainer.CreateChatClient(config.Llm), config.Llm, ledger, logger: logger);
            report = report with { AiSummary = await summarizer.SummarizeAsync(report, cancellationToken).ConfigureAwait(false) };
        }
        return ReportRenderer.Render(report);
    }
}
