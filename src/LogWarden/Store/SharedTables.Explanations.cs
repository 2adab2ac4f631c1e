using System.Data;
using System.Data.Common;
using System.Globalization;

namespace LogWarden.Store;

/// <summary>
/// The explainers' cache and the LLM's usage ledger: one SQL for both stores. Costs are kept as integer
/// millionths so sums stay exact; days as yyyy-MM-dd text, which sorts as the days do.
/// </summary>
internal static partial class SharedTables
{
    public static string? ReadCachedExplanation(DbConnection connection, string cacheKey)
    {
        using DbCommand command = Command(connection, null, "SELECT body FROM explanations WHERE cache_key = @key");
        Add(command, "key", DbType.String, cacheKey);
        return command.ExecuteScalar() as string;
    }

    public static void SaveExplanation(DbConnection connection, DbTransaction transaction, string cacheKey, string incidentFingerprint, DateTimeOffset at, string explanationJson)
    {
        using DbCommand command = Command(connection, transaction, """
            INSERT INTO explanations(cache_key, fingerprint, created_at, body) VALUES (@key, @fingerprint, @at, @body)
            ON CONFLICT (cache_key) DO UPDATE SET body = excluded.body, created_at = excluded.created_at
            """);
        Add(command, "key", DbType.String, cacheKey);
        Add(command, "fingerprint", DbType.String, incidentFingerprint);
        Add(command, "at", DbType.Int64, at.ToUnixTimeMilliseconds());
        Add(command, "body", DbType.String, explanationJson);
        command.ExecuteNonQuery();
    }

    public static void RecordLlmUsage(DbConnection connection, DbTransaction transaction, DateOnly day, string model, long inputTokens, long outputTokens, decimal cost)
    {
        using DbCommand command = Command(connection, transaction, """
            INSERT INTO llm_usage(day, model, calls, input_tokens, output_tokens, cost_micros) VALUES (@day, @model, 1, @in, @out, @cost)
            ON CONFLICT (day, model) DO UPDATE SET calls = llm_usage.calls + 1, input_tokens = llm_usage.input_tokens + excluded.input_tokens,
                output_tokens = llm_usage.output_tokens + excluded.output_tokens, cost_micros = llm_usage.cost_micros + excluded.cost_micros
            """);
        Add(command, "day", DbType.String, Day(day));
        Add(command, "model", DbType.String, model);
        Add(command, "in", DbType.Int64, inputTokens);
        Add(command, "out", DbType.Int64, outputTokens);
        Add(command, "cost", DbType.Int64, (long)decimal.Round(cost * 1_000_000m));
        command.ExecuteNonQuery();
    }

    public static LlmUsage ReadLlmUsage(DbConnection connection, DateOnly from, DateOnly to)
    {
        // SUM of a bigint is numeric in PostgreSQL: cast back so both engines hand out a long.
        using DbCommand command = Command(connection, null, """
            SELECT CAST(COALESCE(SUM(calls), 0) AS BIGINT), CAST(COALESCE(SUM(input_tokens), 0) AS BIGINT),
                   CAST(COALESCE(SUM(output_tokens), 0) AS BIGINT), CAST(COALESCE(SUM(cost_micros), 0) AS BIGINT)
            FROM llm_usage WHERE day >= @from AND day <= @to
            """);
        Add(command, "from", DbType.String, Day(from));
        Add(command, "to", DbType.String, Day(to));
        using DbDataReader reader = command.ExecuteReader();
        reader.Read();
        return new LlmUsage(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3) / 1_000_000m);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
