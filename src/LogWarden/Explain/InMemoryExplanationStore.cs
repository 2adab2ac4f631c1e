using LogWarden.Store;

namespace LogWarden.Explain;

/// <summary>The explanation cache and usage ledger of a run without a store (`analyze`, tests): lost at exit.</summary>
internal sealed class InMemoryExplanationStore : IExplanationStore
{
    private readonly Dictionary<string, string> _cache = new(StringComparer.Ordinal);
    private readonly List<(DateOnly Day, LlmUsage Usage)> _usage = [];
    private readonly Lock _lock = new();

    public string? GetCachedExplanation(string cacheKey)
    {
        lock (_lock)
        {
            return _cache.GetValueOrDefault(cacheKey);
        }
    }

    public void SaveExplanation(string cacheKey, string incidentFingerprint, DateTimeOffset at, string explanationJson)
    {
        lock (_lock)
        {
            _cache[cacheKey] = explanationJson;
        }
    }

    public void RecordLlmUsage(DateOnly day, string model, long inputTokens, long outputTokens, decimal cost)
    {
        lock (_lock)
        {
            _usage.Add((day, new LlmUsage(1, inputTokens, outputTokens, cost)));
        }
    }

    public LlmUsage ReadLlmUsage(DateOnly from, DateOnly to)
    {
        lock (_lock)
        {
            LlmUsage sum = LlmUsage.None;
            foreach (var (day, usage) in _usage)
            {
                if (day >= from && day <= to)
                {
                    sum = new LlmUsage(sum.Calls + usage.Calls, sum.InputTokens + usage.InputTokens, sum.OutputTokens + usage.OutputTokens, sum.Cost + usage.Cost);
                }
            }
            return sum;
        }
    }
}
