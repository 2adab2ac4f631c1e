using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LogWarden.Store.Embedded;

/// <summary>
/// The explainers' cache and the LLM's usage ledger (schema step 5). Written through the operator
/// connection when the store is open read-only (`logwarden explain` beside the daemon), like an
/// operator's action on an incident. Costs are kept as integer millionths so sums stay exact.
/// </summary>
internal sealed partial class EmbeddedStore : IExplanationStore
{
    public string? GetCachedExplanation(string cacheKey)
    {
        using SqliteConnection connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM explanations WHERE cache_key = $key";
        command.Parameters.AddWithValue("$key", cacheKey);
        return command.ExecuteScalar() as string;
    }

    public void SaveExplanation(string cacheKey, string incidentFingerprint, DateTimeOffset at, string explanationJson) =>
        WriteSmall(
            "INSERT INTO explanations(cache_key, fingerprint, created_at, body) VALUES ($key, $fingerprint, $at, $body) "
            + "ON CONFLICT(cache_key) DO UPDATE SET body = excluded.body, created_at = excluded.created_at",
            2048 + explanationJson.Length * 4L,
            command =>
            {
                command.Parameters.AddWithValue("$key", cacheKey);
                command.Parameters.AddWithValue("$fingerprint", incidentFingerprint);
                command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$body", explanationJson);
            });

    public void RecordLlmUsage(DateOnly day, string model, long inputTokens, long outputTokens, decimal cost) =>
        WriteSmall(
            "INSERT INTO llm_usage(day, model, calls, input_tokens, output_tokens, cost_micros) VALUES ($day, $model, 1, $in, $out, $cost) "
            + "ON CONFLICT(day, model) DO UPDATE SET calls = calls + 1, input_tokens = input_tokens + excluded.input_tokens, "
            + "output_tokens = output_tokens + excluded.output_tokens, cost_micros = cost_micros + excluded.cost_micros",
            1024,
            command =>
            {
                command.Parameters.AddWithValue("$day", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                command.Parameters.AddWithValue("$model", model);
                command.Parameters.AddWithValue("$in", inputTokens);
                command.Parameters.AddWithValue("$out", outputTokens);
                command.Parameters.AddWithValue("$cost", (long)decimal.Round(cost * 1_000_000m));
            });

    public LlmUsage ReadLlmUsage(DateOnly from, DateOnly to)
    {
        using SqliteConnection connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(calls), 0), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0), COALESCE(SUM(cost_micros), 0) "
            + "FROM llm_usage WHERE day >= $from AND day <= $to";
        command.Parameters.AddWithValue("$from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$to", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        using var reader = command.ExecuteReader();
        reader.Read();
        return new LlmUsage(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3) / 1_000_000m);
    }

    /// <summary>One small statement in its own transaction, on the writer or (read-only store) an operator connection.</summary>
    private void WriteSmall(string sql, long bytes, Action<SqliteCommand> bind)
    {
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _guard.EnsureRoom(WriteSlackBytes + bytes);
            SqliteConnection? own = _writer is null ? OpenOperatorConnection() : null;
            try
            {
                SqliteConnection connection = own ?? _writer!;
                using SqliteTransaction transaction = connection.BeginTransaction();
                using (var command = connection.CreateCommand())
                {
                    command.Transaction = transaction;
                    command.CommandText = sql;
                    bind(command);
                    command.ExecuteNonQuery();
                }
                transaction.Commit();
            }
            catch (SqliteException e) when (IsDiskFull(e))
            {
                throw new StoreFullException($"log store: the disk of {_directory} is full ({e.Message}); nothing was written");
            }
            finally
            {
                own?.Dispose();
            }
        }
    }
}
