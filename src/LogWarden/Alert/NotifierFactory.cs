using LogWarden.Alert.Notifiers;
using LogWarden.Config;

namespace LogWarden.Alert;

/// <summary>The one place that turns a configured channel into its notifier (adding a channel type is one line here).</summary>
internal static class NotifierFactory
{
    public static INotifier Create(AlertChannelConfig channel, HttpClient http, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.Type switch
        {
            "telegram" => new TelegramNotifier(channel, http),
            "email" => new EmailNotifier(channel),
            "slack" => new SlackNotifier(channel, http),
            "discord" => new DiscordNotifier(channel, http),
            "dingtalk" => new DingTalkNotifier(channel, http, time),
            "webhook" => new WebhookNotifier(channel, http, time),
            "alertmanager" => new AlertmanagerNotifier(channel, http, time),
            "ntfy" => new NtfyNotifier(channel, http),
            "gotify" => new GotifyNotifier(channel, http),
            _ => throw new ArgumentException($"unknown channel type '{channel.Type}'", nameof(channel)),
        };
    }

    /// <summary>What a channel of <paramref name="type"/> must have set (checked when the configuration is read).</summary>
    public static IReadOnlyList<string> Required(string type) => type switch
    {
        "telegram" => ["token", "chat_id"],
        "email" => ["host", "to"],
        "slack" or "discord" or "webhook" or "alertmanager" or "gotify" => ["url"],
        "dingtalk" => ["token"],
        "ntfy" => ["topic"],
        _ => [],
    };

    /// <summary>One client for every HTTP channel (per-request timeouts come from the delivery pipeline).</summary>
    public static HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AllowAutoRedirect = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestHeaders = { { "User-Agent", "LogWarden" } },
        };
}
