using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace LogWarden.Config;

/// <summary>The `llm:` and `report:` sections, and the legacy variable names the LLM settings accept.</summary>
internal sealed partial class ConfigLoader
{
    /// <summary>Variables of the usual Python-and-cron `.env`, read as they are when the key is not configured.</summary>
    internal static class LegacyVariables
    {
        public const string OpenAiKey = "OPENAI_API_KEY";
        public const string AnthropicKey = "ANTHROPIC_API_KEY";
        public const string BaseUrl = "LLM_BASE_URL";
        public const string Model = "LLM_MODEL";
    }

    private string? Legacy(string name) =>
        _environment is not null && _environment.TryGetValue(name, out string? v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    private LlmConfig BindLlm(YamlMappingNode? node)
    {
        var keys = node is null ? [] : Keys(
            node, "enabled", "base_url", "model", "api_key", "timeout", "max_output_tokens", "evidence_tokens",
            "daily_tokens", "monthly_tokens", "pseudonymize_ips", "prices");
        var d = new LlmConfig();
        string baseUrl = String(keys, "base_url") ?? Legacy(LegacyVariables.BaseUrl) ?? d.BaseUrl;
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            AddError(keys, "base_url", $"'{baseUrl}' is not an http(s) URL such as https://api.openai.com/v1 or http://127.0.0.1:11434/v1");
            baseUrl = d.BaseUrl;
        }
        TimeSpan? timeout = Duration(keys, "timeout");
        if (timeout is { } t && (t < TimeSpan.FromSeconds(1) || t > TimeSpan.FromMinutes(10)))
        {
            Error(keys["timeout"], "timeout must be between 1s and 10m");
            timeout = null;
        }
        return new LlmConfig
        {
            Enabled = Bool(keys, "enabled"),
            BaseUrl = baseUrl,
            Model = String(keys, "model") ?? Legacy(LegacyVariables.Model) ?? d.Model,
            ApiKey = String(keys, "api_key") ?? Legacy(LegacyVariables.OpenAiKey) ?? Legacy(LegacyVariables.AnthropicKey),
            Timeout = timeout ?? d.Timeout,
            MaxOutputTokens = (int)(Count(keys, "max_output_tokens", 16, 16_384) ?? d.MaxOutputTokens),
            EvidenceTokens = (int)(Count(keys, "evidence_tokens", 200, 32_000) ?? d.EvidenceTokens),
            DailyTokens = Count(keys, "daily_tokens", 0, long.MaxValue) ?? d.DailyTokens,
            MonthlyTokens = Count(keys, "monthly_tokens", 0, long.MaxValue) ?? d.MonthlyTokens,
            PseudonymizeIps = Bool(keys, "pseudonymize_ips") ?? d.PseudonymizeIps,
            Prices = Prices(keys),
        };
    }

    private ReportConfig BindReport(YamlMappingNode node, IReadOnlyList<AlertChannelConfig> channels)
    {
        var keys = Keys(node, "enabled", "at", "period", "top", "channels");
        List<string>? names = keys.ContainsKey("channels") ? Strings(keys, "channels") : null;
        foreach (string name in names ?? [])
        {
            AlertChannelConfig? channel = channels.FirstOrDefault(c => c.Name == name);
            if (channel is null)
            {
                Error(keys["channels"], $"report names channel '{name}', which is not configured (channels: {string.Join(", ", channels.Select(c => c.Name))})");
            }
            else if (channel.Type == "alertmanager")
            {
                Error(keys["channels"], $"channel '{name}' is an Alertmanager: it takes alerts, not reports");
            }
        }
        var d = new ReportConfig();
        TimeOnly at = d.At;
        if (String(keys, "at") is { } text)
        {
            if (TimeOnly.TryParseExact(text, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out TimeOnly parsed))
            {
                at = parsed;
            }
            else
            {
                Error(keys["at"], $"'{text}' is not a time of day such as 08:00");
            }
        }
        return new ReportConfig
        {
            Enabled = Bool(keys, "enabled") ?? d.Enabled,
            At = at,
            Period = Duration(keys, "period") ?? d.Period,
            Top = (int)(Count(keys, "top", 1, 100) ?? d.Top),
            Channels = names,
        };
    }

    private Dictionary<string, LlmPrice> Prices(Dictionary<string, YamlNode> keys)
    {
        var result = new Dictionary<string, LlmPrice>(StringComparer.OrdinalIgnoreCase);
        if (Section(keys, "prices") is not { } map)
        {
            return result;
        }
        foreach (var (modelNode, value) in map.Children)
        {
            string model = (modelNode as YamlScalarNode)?.Value ?? "";
            if (Expect<YamlMappingNode>(value, $"'{model}' to be a section with input and output (price per million tokens)") is not { } price)
            {
                continue;
            }
            var priceKeys = Keys(price, "input", "output");
            result[model] = new LlmPrice(Price(priceKeys, "input"), Price(priceKeys, "output"));
        }
        return result;
    }

    private decimal Price(Dictionary<string, YamlNode> keys, string key)
    {
        string? s = String(keys, key);
        if (s is null)
        {
            return 0m;
        }
        if (decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value) && value >= 0)
        {
            return value;
        }
        Error(keys[key], $"'{s}' is not a price such as 0.15");
        return 0m;
    }

    private long? Count(Dictionary<string, YamlNode> keys, string key, long min, long max)
    {
        string? s = String(keys, key);
        if (s is null)
        {
            return null;
        }
        if (long.TryParse(s.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) && n >= min && n <= max)
        {
            return n;
        }
        Error(keys[key], $"'{key}' must be a whole number from {min} to {max}, not '{s}'");
        return null;
    }

    private void AddError(Dictionary<string, YamlNode> keys, string key, string message)
    {
        if (keys.TryGetValue(key, out YamlNode? node))
        {
            Error(node, message);
        }
        else
        {
            _errors.Add(new ConfigError("environment " + LegacyVariables.BaseUrl, message));
        }
    }
}
