using System.Globalization;
using System.Text.Json;
using LogWarden.Collect;

namespace LogWarden.Web.Loki;

/// <summary>
/// Writes Loki's response bodies straight to UTF-8 (no reflection, no intermediate objects): streams with
/// nanosecond timestamps as strings, matrix/vector samples as [seconds, "value"], and the <c>stats</c> object.
/// </summary>
internal static class LokiResponses
{
    public static void WriteStreams(Utf8JsonWriter json, List<ResultStream> streams, QueryStatistics stats) =>
        WriteData(json, "streams", stats, () =>
        {
            Span<byte> digits = stackalloc byte[20];
            foreach (ResultStream stream in streams)
            {
                json.WriteStartObject();
                WriteLabels(json, "stream", stream.Labels);
                json.WriteStartArray("values");
                foreach ((DateTimeOffset time, string line) in stream.Entries)
                {
                    json.WriteStartArray();
                    json.WriteStringValue(LokiTime.Nanoseconds(time, digits));
                    json.WriteStringValue(line);
                    json.WriteEndArray();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
        });

    public static void WriteMatrix(Utf8JsonWriter json, List<ResultSeries> series, DateTimeOffset start, TimeSpan step, QueryStatistics stats) =>
        WriteData(json, "matrix", stats, () =>
        {
            foreach (ResultSeries s in series)
            {
                json.WriteStartObject();
                WriteLabels(json, "metric", s.Labels);
                json.WriteStartArray("values");
                for (int i = 0; i < s.Values.Length; i++)
                {
                    if (s.Present[i])
                    {
                        WriteSample(json, start + (step * i), s.Values[i]);
                    }
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
        });

    public static void WriteVector(Utf8JsonWriter json, List<ResultSeries> series, DateTimeOffset time, QueryStatistics stats) =>
        WriteData(json, "vector", stats, () =>
        {
            foreach (ResultSeries s in series)
            {
                if (!s.Present[0])
                {
                    continue;
                }
                json.WriteStartObject();
                WriteLabels(json, "metric", s.Labels);
                json.WritePropertyName("value");
                WriteSample(json, time, s.Values[0]);
                json.WriteEndObject();
            }
        });

    /// <summary><c>{"status":"success","data":[...]}</c> for labels, label values and series.</summary>
    public static void WriteList<T>(Utf8JsonWriter json, IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        json.WriteStartObject();
        json.WriteString("status", "success");
        json.WriteStartArray("data");
        foreach (T item in items)
        {
            write(json, item);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteLabelSet(Utf8JsonWriter json, StreamLabels labels)
    {
        json.WriteStartObject();
        foreach ((string name, string value) in labels.Pairs)
        {
            json.WriteString(name, value);
        }
        json.WriteEndObject();
    }

    public static void WritePattern(Utf8JsonWriter json, PatternSeries pattern)
    {
        json.WriteStartObject();
        json.WriteString("pattern", pattern.Pattern);
        json.WriteString("level", pattern.Level);
        json.WriteStartArray("samples");
        foreach ((long seconds, long count) in pattern.Samples)
        {
            json.WriteStartArray();
            json.WriteNumberValue(seconds);
            json.WriteNumberValue(count);
            json.WriteEndArray();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteData(Utf8JsonWriter json, string resultType, QueryStatistics stats, Action writeResults)
    {
        json.WriteStartObject();
        json.WriteString("status", "success");
        json.WriteStartObject("data");
        json.WriteString("resultType", resultType);
        json.WriteStartArray("result");
        writeResults();
        json.WriteEndArray();
        WriteStats(json, stats);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Loki's stats: the summary Grafana shows (seconds as floats), and the querier/ingester parts zeroed where they mean nothing here.</summary>
    private static void WriteStats(Utf8JsonWriter json, QueryStatistics stats)
    {
        double seconds = Math.Max(stats.ExecSeconds, 1e-9);
        json.WriteStartObject("stats");
        json.WriteStartObject("summary");
        json.WriteNumber("bytesProcessedPerSecond", (long)(stats.BytesProcessed / seconds));
        json.WriteNumber("linesProcessedPerSecond", (long)(stats.LinesProcessed / seconds));
        json.WriteNumber("totalBytesProcessed", stats.BytesProcessed);
        json.WriteNumber("totalLinesProcessed", stats.LinesProcessed);
        json.WriteNumber("execTime", seconds);
        json.WriteNumber("queueTime", 0);
        json.WriteNumber("subqueries", 0);
        json.WriteNumber("totalEntriesReturned", stats.EntriesReturned);
        json.WriteNumber("splits", 0);
        json.WriteNumber("shards", 0);
        json.WriteEndObject();
        json.WriteStartObject("querier");
        json.WriteStartObject("store");
        json.WriteNumber("totalChunksRef", 0);
        json.WriteNumber("totalChunksDownloaded", 0);
        json.WriteNumber("chunksDownloadTime", 0);
        json.WriteStartObject("chunk");
        json.WriteNumber("decompressedBytes", stats.BytesProcessed);
        json.WriteNumber("decompressedLines", stats.LinesProcessed);
        json.WriteNumber("totalDuplicates", 0);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartObject("ingester");
        json.WriteNumber("totalReached", 0);
        json.WriteNumber("totalChunksMatched", 0);
        json.WriteNumber("totalBatches", 0);
        json.WriteNumber("totalLinesSent", 0);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteLabels(Utf8JsonWriter json, string property, StreamLabels labels)
    {
        json.WritePropertyName(property);
        WriteLabelSet(json, labels);
    }

    private static void WriteSample(Utf8JsonWriter json, DateTimeOffset time, double value)
    {
        json.WriteStartArray();
        json.WriteNumberValue(Math.Round((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond, 3));
        json.WriteStringValue(value.ToString("R", CultureInfo.InvariantCulture));
        json.WriteEndArray();
    }
}
