using Microsoft.Data.Sqlite;

namespace LogWarden.Store.Embedded;

/// <summary>
/// The explainers' cache and the LLM's usage ledger (schema step 5), through <see cref="SharedTables"/>'s SQL.
/// Written through the operator connection when the store is open read-only (`logwarden explain` beside the
/// daemon), like an operator's action on an incident.
/// </summary>
internal sealed partial class EmbeddedStore : IExplanationStore
{
    public string? GetCachedExplanation(string cacheKey)
    {
        using SqliteConnection connection = OpenReader();
        return SharedTables.ReadCachedExplanation(connection, cacheKey);
    }

    public void SaveExplanation(string cacheKey, string incidentFingerprint, DateTimeOffset at, string explanationJson) =>
        Write(WriteSlackBytes + 2048 + explanationJson.Length * 4L, "nothing was written", (c, t) =>
        {
            SharedTables.SaveExplanation(c, t, cacheKey, incidentFingerprint, at, explanationJson);
            return 0;
        });

    public void RecordLlmUsage(DateOnly day, string model, long inputTokens, long outputTokens, decimal cost) =>
        Write(WriteSlackBytes + 1024, "nothing was written", (c, t) =>
        {
            SharedTables.RecordLlmUsage(c, t, day, model, inputTokens, outputTokens, cost);
            return 0;
        });

    public LlmUsage ReadLlmUsage(DateOnly from, DateOnly to)
    {
        using SqliteConnection connection = OpenReader();
        return SharedTables.ReadLlmUsage(connection, from, to);
    }
}
