namespace LogWarden.Store;

/// <summary>Tokens and money spent on the LLM over some days, per model and in total.</summary>
internal sealed record LlmUsage(long Calls, long InputTokens, long OutputTokens, decimal Cost)
{
    public static LlmUsage None { get; } = new(0, 0, 0, 0m);

    public long TotalTokens => InputTokens + OutputTokens;
}

/// <summary>
/// What the explainers keep: answers cached by incident fingerprint and evidence digest (so an incident
/// that goes on is not asked about again), and the LLM's token use per day for the budget.
/// </summary>
internal interface IExplanationStore
{
    /// <summary>The cached explanation (JSON) under the key, or null.</summary>
    string? GetCachedExplanation(string cacheKey);

    /// <exception cref="StoreFullException">The disk-space guard refused the write.</exception>
    void SaveExplanation(string cacheKey, string incidentFingerprint, DateTimeOffset at, string explanationJson);

    /// <exception cref="StoreFullException">The disk-space guard refused the write.</exception>
    void RecordLlmUsage(DateOnly day, string model, long inputTokens, long outputTokens, decimal cost);

    /// <summary>Usage summed over the days <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    LlmUsage ReadLlmUsage(DateOnly from, DateOnly to);
}
