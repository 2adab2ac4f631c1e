using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace LogWarden.Config;

/// <summary>
/// The <c>alerts:</c> section, and the legacy `.env` names of the usual Python-and-cron setup
/// (TELEGRAM_BOT_TOKEN + TELEGRAM_CHAT_ID, SMTP_SERVER + SMTP_USER + SMTP_PASSWORD + ADMIN_EMAIL), which
/// add a Telegram or e-mail channel when set and no channel of that name is configured.
/// </summary>
internal sealed partial class ConfigLoader
{
    private static readonly string[] ChannelKeys =
        ["name", "type", "url", "token", "chat_id", "topic", "secret", "headers", "host", "port", "security", "username", "password", "from", "to", "ca_file", "rate_limit", "timeout"];

    private AlertsConfig BindAlerts(YamlMappingNode? node)
    {
        var d = new AlertsConfig();
        var keys = node is null ? [] : Keys(node, "enabled", "public_url", "min_severity", "channels", "routes", "group_wait", "repeat_interval", "send_resolved", "quiet_hours", "silence_duration");
        var channels = new List<AlertChannelConfig>();
        if (keys.TryGetValue("channels", out YamlNode? channelsNode))
        {
            if (Expect<YamlSequenceNode>(channelsNode, "a list of channels (name, type and the type's settings)") is { } list)
            {
                foreach (YamlNode item in list)
                {
                    if (Expect<YamlMappingNode>(item, "a channel (name, type and the type's settings)") is { } c && BindChannel(c) is { } channel)
                    {
                        if (channels.Exists(x => x.Name == channel.Name))
                        {
                            Error(c, $"channel name '{channel.Name}' is used twice");
                        }
                        channels.Add(channel);
                    }
                }
            }
        }
        AddLegacyChannels(channels);

        string? publicUrl = IsOff(keys, "public_url") ? null : String(keys, "public_url");
        if (publicUrl is not null && !IsHttpUrl(publicUrl))
        {
            Error(keys["public_url"], $"'{publicUrl}' is not an http(s) URL");
        }
        string minSeverity = String(keys, "min_severity") ?? d.MinSeverity;
        if (minSeverity is not ("info" or "warning" or "critical"))
        {
            Error(keys["min_severity"], $"min_severity must be info, warning or critical, not '{minSeverity}'");
        }
        var timing = new AlertTimingConfig
        {
            GroupWait = Duration(keys, "group_wait") ?? d.Timing.GroupWait,
            RepeatInterval = IsOff(keys, "repeat_interval") || String(keys, "repeat_interval") == "never" ? null : Duration(keys, "repeat_interval") ?? d.Timing.RepeatInterval,
            SendResolved = Bool(keys, "send_resolved") ?? d.Timing.SendResolved,
        };
        var routes = new List<AlertRouteConfig>();
        if (keys.TryGetValue("routes", out YamlNode? routesNode) && Expect<YamlSequenceNode>(routesNode, "a list of routes (match, channels, continue…)") is { } routeList)
        {
            foreach (YamlNode item in routeList)
            {
                if (Expect<YamlMappingNode>(item, "a route (match, channels, continue, group_wait, repeat_interval, send_resolved)") is { } r)
                {
                    routes.Add(BindRoute(r, channels));
                }
            }
        }
        return new AlertsConfig
        {
            Enabled = Bool(keys, "enabled") ?? d.Enabled,
            PublicUrl = publicUrl,
            MinSeverity = minSeverity,
            Channels = channels,
            Routes = routes,
            Timing = timing,
            QuietHours = Section(keys, "quiet_hours") is { } q ? BindQuietHours(q) : null,
            SilenceDuration = Duration(keys, "silence_duration") ?? d.SilenceDuration,
        };
    }

    private AlertChannelConfig? BindChannel(YamlMappingNode node)
    {
        var keys = Keys(node, ChannelKeys);
        string? name = String(keys, "name");
        string? type = String(keys, "type");
        if (string.IsNullOrWhiteSpace(name))
        {
            Error(node, "a channel needs a 'name'");
            return null;
        }
        if (type is null || !AlertChannelConfig.Types.Contains(type))
        {
            Error(keys.TryGetValue("type", out YamlNode? t) ? t : node, $"channel '{name}': 'type' must be one of {string.Join(", ", AlertChannelConfig.Types)}");
            return null;
        }
        string? url = String(keys, "url");
        if (url is not null && !IsHttpUrl(url))
        {
            Error(keys["url"], $"channel '{name}': '{url}' is not an http(s) URL");
        }
        string security = String(keys, "security") ?? "starttls";
        if (security is not ("starttls" or "tls" or "none" or "auto"))
        {
            Error(keys["security"], $"channel '{name}': security must be starttls, tls, none or auto, not '{security}'");
        }
        int? port = null;
        if (String(keys, "port") is { } p)
        {
            if (int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is > 0 and < 65536)
            {
                port = n;
            }
            else
            {
                Error(keys["port"], $"channel '{name}': '{p}' is not a port");
            }
        }
        (int limit, TimeSpan period) = RateLimit(keys, name);
        var channel = new AlertChannelConfig
        {
            Name = name,
            Type = type,
            Url = url,
            Token = String(keys, "token"),
            ChatId = String(keys, "chat_id"),
            Topic = String(keys, "topic"),
            Secret = String(keys, "secret"),
            Headers = StringMap(keys, "headers"),
            Host = String(keys, "host"),
            Port = port,
            Security = security,
            Username = String(keys, "username"),
            Password = String(keys, "password"),
            From = String(keys, "from"),
            To = Strings(keys, "to"),
            CaFile = String(keys, "ca_file"),
            RateLimit = limit,
            RateLimitPeriod = period,
            Timeout = Duration(keys, "timeout") ?? TimeSpan.FromSeconds(30),
            Origin = $"{_fileName}:{node.Start.Line}:{node.Start.Column}",
        };
        foreach (string required in Alert.NotifierFactory.Required(type))
        {
            bool missing = required switch
            {
                "to" => channel.To.Count == 0,
                _ => !keys.ContainsKey(required) || string.IsNullOrWhiteSpace(String(keys, required)),
            };
            if (missing)
            {
                Error(node, $"channel '{name}' ({type}) needs '{required}'");
            }
        }
        if (channel.CaFile is { } ca && !File.Exists(ca))
        {
            Error(keys["ca_file"], $"channel '{name}': no file '{ca}'");
        }
        return channel;
    }

    /// <summary>"20/1m" (20 a minute), "100/1h", or a bare number (per minute); "off" or 0 for none.</summary>
    private (int Limit, TimeSpan Period) RateLimit(Dictionary<string, YamlNode> keys, string channel)
    {
        string? text = String(keys, "rate_limit");
        if (text is null || text is "off" or "0")
        {
            return (0, TimeSpan.FromMinutes(1));
        }
        string[] parts = text.Split('/', 2, StringSplitOptions.TrimEntries);
        TimeSpan period = TimeSpan.FromMinutes(1);
        if (int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int limit) && limit > 0
            && (parts.Length == 1 || (TryParseDuration(parts[1], out period) && period > TimeSpan.Zero)))
        {
            return (limit, period);
        }
        Error(keys["rate_limit"], $"channel '{channel}': rate_limit '{text}' is not a count per period such as 20/1m or 100/1h");
        return (0, TimeSpan.FromMinutes(1));
    }

    private AlertRouteConfig BindRoute(YamlMappingNode node, List<AlertChannelConfig> channels)
    {
        var keys = Keys(node, "match", "channels", "continue", "group_wait", "repeat_interval", "send_resolved");
        List<string> match = Strings(keys, "match");
        foreach (string m in match)
        {
            try
            {
                Alert.AlertMatcher.Parse(m);
            }
            catch (FormatException e)
            {
                Error(keys["match"], e.Message);
            }
        }
        List<string> names = Strings(keys, "channels");
        foreach (string name in names.Where(n => !channels.Exists(c => c.Name == n)))
        {
            Error(keys["channels"], $"route names channel '{name}', which is not configured (channels: {string.Join(", ", channels.Select(c => c.Name))})");
        }
        return new AlertRouteConfig
        {
            Match = match,
            Channels = names,
            Continue = Bool(keys, "continue") ?? false,
            GroupWait = Duration(keys, "group_wait"),
            RepeatInterval = IsOff(keys, "repeat_interval") || String(keys, "repeat_interval") == "never" ? TimeSpan.Zero : Duration(keys, "repeat_interval"),
            SendResolved = Bool(keys, "send_resolved"),
            Origin = $"{_fileName}:{node.Start.Line}:{node.Start.Column}",
        };
    }

    private QuietHoursConfig? BindQuietHours(YamlMappingNode node)
    {
        var keys = Keys(node, "from", "to", "timezone");
        TimeOnly? from = ClockTime(keys, "from");
        TimeOnly? to = ClockTime(keys, "to");
        string? zone = String(keys, "timezone");
        if (zone is not null)
        {
            try
            {
                TimeZoneInfo.FindSystemTimeZoneById(zone);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                Error(keys["timezone"], $"unknown time zone '{zone}' (an IANA name such as Europe/Berlin)");
                zone = null;
            }
        }
        if (from is null || to is null)
        {
            Error(node, "quiet_hours needs 'from' and 'to' (HH:MM)");
            return null;
        }
        return new QuietHoursConfig { From = from.Value, To = to.Value, TimeZone = zone };
    }

    private TimeOnly? ClockTime(Dictionary<string, YamlNode> keys, string key)
    {
        string? s = String(keys, key);
        if (s is null)
        {
            return null;
        }
        if (TimeOnly.TryParseExact(s, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out TimeOnly t))
        {
            return t;
        }
        Error(keys[key], $"'{s}' is not a time of day such as 22:00");
        return null;
    }

    private Dictionary<string, string> StringMap(Dictionary<string, YamlNode> keys, string key)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (keys.TryGetValue(key, out YamlNode? node) && Expect<YamlMappingNode>(node, $"'{key}' to be name: value pairs") is { } map)
        {
            foreach (var (k, v) in map.Children)
            {
                if (k is YamlScalarNode { Value: { } name } && Expect<YamlScalarNode>(v, "a value") is { Value: { } value })
                {
                    result[name] = value;
                }
            }
        }
        return result;
    }

    private static bool IsHttpUrl(string s) =>
        Uri.TryCreate(s, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>The names owners already have in their `.env` (issue 7), mapped to channels "telegram" and "email".</summary>
    private void AddLegacyChannels(List<AlertChannelConfig> channels)
    {
        if (_environment is null)
        {
            return;
        }
        string? Get(string name) => _environment.TryGetValue(name, out string? v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        string? token = Get("TELEGRAM_BOT_TOKEN");
        string? chat = Get("TELEGRAM_CHAT_ID");
        if ((token is null) != (chat is null))
        {
            _errors.Add(new ConfigError("environment " + (token is null ? "TELEGRAM_CHAT_ID" : "TELEGRAM_BOT_TOKEN"), "a Telegram channel needs both TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID"));
        }
        else if (token is not null && !channels.Exists(c => c.Name == "telegram"))
        {
            channels.Add(new AlertChannelConfig { Name = "telegram", Type = "telegram", Token = token, ChatId = chat, Origin = "environment TELEGRAM_BOT_TOKEN" });
        }

        string? server = Get("SMTP_SERVER");
        string? admin = Get("ADMIN_EMAIL");
        if ((server is null) != (admin is null))
        {
            _errors.Add(new ConfigError("environment " + (server is null ? "ADMIN_EMAIL" : "SMTP_SERVER"), "an e-mail channel needs both SMTP_SERVER and ADMIN_EMAIL (SMTP_USER and SMTP_PASSWORD when the server wants a login)"));
        }
        else if (server is not null && !channels.Exists(c => c.Name == "email"))
        {
            string host = server;
            int? port = null;
            int colon = server.LastIndexOf(':');
            if (colon > 0 && int.TryParse(server.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int p))
            {
                host = server[..colon];
                port = p;
            }
            string? user = Get("SMTP_USER");
            channels.Add(new AlertChannelConfig
            {
                Name = "email",
                Type = "email",
                Host = host,
                Port = port,
                // 465 is implicit TLS; 25 takes STARTTLS when offered; otherwise submission with STARTTLS.
                Security = port switch { 465 => "tls", 25 => "auto", _ => "starttls" },
                Username = user,
                Password = Get("SMTP_PASSWORD"),
                From = user is not null && user.Contains('@', StringComparison.Ordinal) ? user : "logwarden@" + host,
                To = [.. admin!.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                Origin = "environment SMTP_SERVER",
            });
        }
    }
}
