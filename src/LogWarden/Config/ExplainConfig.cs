namespace LogWarden.Config;

/// <summary>
/// The optional LLM that writes incident explanations: any OpenAI-compatible chat completions endpoint
/// (OpenAI, Ollama's /v1, vLLM, DeepSeek, OpenRouter, Anthropic's compatible endpoint). Unset keys fall
/// back to the variables a Python-and-cron setup already has in its environment or `.env`:
/// OPENAI_API_KEY or ANTHROPIC_API_KEY, LLM_BASE_URL, LLM_MODEL.
/// </summary>
internal sealed record LlmConfig
{
    /// <summary>Null (auto): on when an API key or a base URL is configured.</summary>
    public bool? Enabled { get; init; }

    public string BaseUrl { get; init; } = DefaultBaseUrl;

    public string Model { get; init; } = DefaultModel;

    public string? ApiKey { get; init; }

    /// <summary>How long one request may take before the deterministic explanation is used.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxOutputTokens { get; init; } = 600;

    /// <summary>The evidence pack's size limit.</summary>
    public int EvidenceTokens { get; init; } = 450;

    /// <summary>Tokens (sent and received) per UTC day; past it, explanations are deterministic until midnight.</summary>
    public long DailyTokens { get; init; } = 200_000;

    /// <summary>Tokens per calendar month (UTC).</summary>
    public long MonthlyTokens { get; init; } = 3_000_000;

    /// <summary>Replace IP addresses by aliases (public-ip-1…) in what is sent; the answer shows the real ones.</summary>
    public bool PseudonymizeIps { get; init; }

    /// <summary>Prices per million tokens by model name, for cost accounting.</summary>
    public IReadOnlyDictionary<string, LlmPrice> Prices { get; init; } = new Dictionary<string, LlmPrice>(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when explanations should go to the LLM.</summary>
    public bool IsOn => Enabled ?? (!string.IsNullOrEmpty(ApiKey) || BaseUrl != DefaultBaseUrl);

    public const string DefaultBaseUrl = "https://api.openai.com/v1";
    public const string DefaultModel = "gpt-4o-mini";
}

/// <summary>Price of a model per million input and output tokens (in whatever currency the owner reads).</summary>
internal sealed record LlmPrice(decimal Input, decimal Output);

/// <summary>The daily report (`logwarden report`, and the daily send once alerting is wired).</summary>
internal sealed record ReportConfig
{
    /// <summary>Send the report every day at <see cref="At"/>.</summary>
    public bool Enabled { get; init; }

    /// <summary>Local time of day of the daily send.</summary>
    public TimeOnly At { get; init; } = new(8, 0);

    /// <summary>How far back a report looks.</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Rows per table (noisy templates, attack sources).</summary>
    public int Top { get; init; } = 10;

    /// <summary>The alert channels that receive the report; null for every channel but Alertmanager ones.</summary>
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>The channels the report goes to, among <paramref name="configured"/>.</summary>
    public IReadOnlyList<string> ChannelsAmong(IReadOnlyList<AlertChannelConfig> configured) =>
        Channels ?? [.. configured.Where(c => c.Type != "alertmanager").Select(c => c.Name)];
}
