using LogWarden.Collect.LokiPush;

namespace LogWarden.Tests.Collect.LokiPush;

public sealed class LogQlLabelsTests
{
    private static List<KeyValuePair<string, string>> Parse(string text)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        Assert.True(LogQlLabels.TryParse(text, pairs, out string? error), error);
        return pairs;
    }

    [Fact]
    public void Labels_as_clients_write_them_are_read_in_order()
    {
        Assert.Equal(
            [new("level", "info"), new("job", "shop"), new("host", "web-1.example")],
            Parse("{level=\"info\",job=\"shop\", host = \"web-1.example\" ,}"));
    }

    [Fact]
    public void Go_escapes_and_raw_strings_are_unquoted()
    {
        var pairs = Parse("{a=\"q\\\"b\\\\s\\n\\t\", b=`raw \\n \"kept\"`, c=\"\\u00e9\\U0001F600\", d=\"\\xc3\\xa9\\303\\251\"}");

        Assert.Equal("q\"b\\s\n\t", pairs[0].Value);
        Assert.Equal("raw \\n \"kept\"", pairs[1].Value);
        Assert.Equal("é😀", pairs[2].Value);
        Assert.Equal("éé", pairs[3].Value); // hex and octal escapes are UTF-8 bytes
    }

    [Fact]
    public void An_empty_set_parses_to_no_pairs()
    {
        Assert.Empty(Parse(" { } "));
    }

    [Theory]
    [InlineData("", "starts with '{'")]
    [InlineData("{a=\"\\x4\"}", "two hex digits")]
    [InlineData("{a=\"\\400\"}", "above \\377")]
    [InlineData("{a=\"\\uD800\"}", "valid code point")]
    [InlineData("{a=\"\\U00110000\"}", "valid code point")]
    [InlineData("{a=`unterminated}", "unterminated raw string")]
    [InlineData("{a=\"line\nbreak\"}", "unterminated string")]
    [InlineData("{,}", "expected a label name")]
    public void Malformed_label_sets_say_what_and_where(string text, string reason)
    {
        Assert.False(LogQlLabels.TryParse(text, [], out string? error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains("at character", error, StringComparison.Ordinal);
    }
}
