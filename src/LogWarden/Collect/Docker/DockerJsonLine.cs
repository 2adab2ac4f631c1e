using System.Text.Json;

namespace LogWarden.Collect.Docker;

/// <summary>
/// One line of Docker's json-file log: <c>{"log":"text\n","stream":"stdout","time":"2024-05-01T10:00:00.123456789Z"}</c>
/// (and <c>"attrs"</c> when log options add labels, ignored here). Read straight from the bytes.
/// </summary>
internal readonly record struct DockerJsonLine(string Log, bool IsStderr, DateTimeOffset Time)
{
    /// <summary>False for anything that is not such a line (no "log" string, broken JSON): the caller counts it.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, out DockerJsonLine line)
    {
        line = default;
        string? log = null;
        bool isStderr = false;
        DateTimeOffset time = default;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("log"u8))
                {
                    reader.Read();
                    log = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    isStderr = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("stderr"u8);
                }
                else if (reader.ValueTextEquals("time"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String && !reader.TryGetDateTimeOffset(out time))
                    {
                        time = default;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        if (log is null)
        {
            return false;
        }

        line = new DockerJsonLine(log, isStderr, time);
        return true;
    }
}
