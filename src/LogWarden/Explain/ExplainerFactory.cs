using LogWarden.Config;
using LogWarden.Store;
using Microsoft.Extensions.Logging;

namespace LogWarden.Explain;

/// <summary>
/// The one place that turns configuration into an explainer: the LLM one when `llm:` (or the legacy
/// variables) configure an endpoint, else the deterministic one. Notifiers, the CLI and the report take
/// what this returns.
/// </summary>
internal static class ExplainerFactory
{
    public static IIncidentExplainer Create(
        LlmConfig config,
        IExplanationStore? store,
        IEvidenceContext? context = null,
        TimeProvider? time = null,
        ILogger? logger = null,
        Microsoft.Extensions.AI.IChatClient? client = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!config.IsOn)
        {
            return new DeterministicIncidentExplainer();
        }
        var evidence = new EvidencePackBuilder(new EvidenceOptions { TokenBudget = config.EvidenceTokens, PseudonymizeIps = config.PseudonymizeIps }, context);
        return new LlmIncidentExplainer(client ?? LlmIncidentExplainer.CreateChatClient(config), config, evidence, store ?? new InMemoryExplanationStore(), time, logger);
    }
}
