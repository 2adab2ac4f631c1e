using LogWarden.Config;
using LogWarden.Store;
using Microsoft.Extensions.Logging;

namespace LogWarden.Explain;

/// <summary>
/// The daily and monthly token budget and the cost ledger every LLM call goes through (explanations, the
/// report's summary). A call reserves its estimate first (calls in flight count), records what the
/// provider says it used, and releases the reservation. The ledger lives in the store, so budgets hold
/// across restarts; a store that fails is logged and treated as "nothing spent yet".
/// </summary>
internal sealed partial class LlmBudget(LlmConfig config, IExplanationStore store, TimeProvider time, ILogger logger)
{
    private readonly Lock _lock = new();
    private long _reserved;

    public IExplanationStore Store => store;

    /// <summary>Reserves <paramref name="estimate"/> tokens if they fit today's and this month's budget; else says which is spent.</summary>
    public bool TryReserve(int estimate, out string? reason)
    {
        reason = null;
        DateOnly today = Today();
        LlmUsage day = Read(today, today);
        LlmUsage month = Read(new DateOnly(today.Year, today.Month, 1), today);
        lock (_lock)
        {
            if (day.TotalTokens + _reserved + estimate > config.DailyTokens)
            {
                reason = $"the daily LLM budget ({config.DailyTokens} tokens) is spent";
                return false;
            }
            if (month.TotalTokens + _reserved + estimate > config.MonthlyTokens)
            {
                reason = $"the monthly LLM budget ({config.MonthlyTokens} tokens) is spent";
                return false;
            }
            _reserved += estimate;
            return true;
        }
    }

    public void Release(int estimate)
    {
        lock (_lock)
        {
            _reserved -= estimate;
        }
    }

    public void Record(string model, long inputTokens, long outputTokens)
    {
        try
        {
            store.RecordLlmUsage(Today(), model, inputTokens, outputTokens, Cost(model, inputTokens, outputTokens));
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            LogStoreFailed(logger, e.Message);
        }
    }

    /// <summary>Cost by the configured price of the model that answered (else of the configured model); 0 when unpriced.</summary>
    public decimal Cost(string model, long input, long output) =>
        config.Prices.TryGetValue(model, out LlmPrice? price) || config.Prices.TryGetValue(config.Model, out price)
            ? (input * price.Input + output * price.Output) / 1_000_000m
            : 0m;

    public DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private LlmUsage Read(DateOnly from, DateOnly to)
    {
        try
        {
            return store.ReadLlmUsage(from, to);
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            LogStoreFailed(logger, e.Message);
            return LlmUsage.None;
        }
    }

    internal static bool IsStoreFailure(Exception e) =>
        e is IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "explanation cache or LLM usage ledger unavailable: {Reason}")]
    internal static partial void LogStoreFailed(ILogger logger, string reason);
}
