using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LogWarden.Config;

namespace LogWarden.Alert.Notifiers;

/// <summary>
/// A DingTalk custom robot: POST {api}/robot/send?access_token=…, with a markdown message. When the robot
/// is secured by signing, timestamp (ms) and sign = urlencode(base64(HmacSHA256(key: secret, data:
/// timestamp + "\n" + secret))) are added to the query; DingTalk refuses a timestamp more than an hour
/// off. DingTalk answers HTTP 200 with {"errcode":0,"errmsg":"ok"}; a non-zero errcode is a failure
/// (130101: sending too fast, at most 20 messages a minute per robot).
/// </summary>
internal sealed class DingTalkNotifier(AlertChannelConfig config, HttpClient http, TimeProvider time) : INotifier
{
    /// <summary>DingTalk's "send too fast" code: the robot's 20-a-minute limit.</summary>
    private const int TooFast = 130101;

    private readonly string _base = (config.Url ?? "https://oapi.dingtalk.com").TrimEnd('/') + "/robot/send?access_token=" + Uri.EscapeDataString(config.Token ?? "");

    public string Channel => config.Name;

    public async Task SendAsync(AlertMessage message, string idempotencyKey, CancellationToken cancellationToken)
    {
        string url = _base;
        if (!string.IsNullOrEmpty(config.Secret))
        {
            long timestamp = time.GetUtcNow().ToUnixTimeMilliseconds();
            url += "&timestamp=" + timestamp.ToString(CultureInfo.InvariantCulture) + "&sign=" + Uri.EscapeDataString(Sign(timestamp, config.Secret));
        }
        var body = new JsonObject
        {
            ["msgtype"] = "markdown",
            ["markdown"] = new JsonObject
            {
                ["title"] = AlertText.Truncate(AlertText.Headline(message), 100),
                ["text"] = AlertText.Markdown(message),
            },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url)) { Content = HttpDelivery.Json(body) };
        string answer = await HttpDelivery.SendAsync(http, request, Channel, cancellationToken).ConfigureAwait(false);
        JsonNode? result = HttpDelivery.ParseOrNull(answer);
        int code = result?["errcode"]?.GetValue<int>() ?? -1;
        if (code != 0)
        {
            string error = result?["errmsg"]?.GetValue<string>() ?? AlertText.Truncate(answer, 200);
            TimeSpan? wait = code == TooFast ? TimeSpan.FromMinutes(1) : null;
            throw new NotifierException($"{Channel}: DingTalk errcode {code}: {error}", NotifierFailure.Transient, wait);
        }
    }

    /// <summary>base64(HmacSHA256(secret, "{timestamp}\n{secret}")), before URL-encoding.</summary>
    internal static string Sign(long timestamp, string secret)
    {
        byte[] key = Encoding.UTF8.GetBytes(secret);
        byte[] data = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "\n" + secret);
        return Convert.ToBase64String(HMACSHA256.HashData(key, data));
    }
}
