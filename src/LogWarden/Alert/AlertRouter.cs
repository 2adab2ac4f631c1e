using LogWarden.Config;

namespace LogWarden.Alert;

/// <summary>A route as the router uses it: parsed matchers, channels, and the timing that applies.</summary>
internal sealed record AlertRoute(IReadOnlyList<AlertMatcher> Matchers, IReadOnlyList<string> Channels, bool Continue, AlertTimingConfig Timing);

/// <summary>Where one alert goes: a channel and the timing of the route that sent it there.</summary>
internal readonly record struct RouteTarget(string Channel, AlertTimingConfig Timing);

/// <summary>
/// Alertmanager's routing, flattened: routes are tried in order; the first that matches decides, unless it
/// says <c>continue</c>, in which case the next ones are tried too. No route matching (or none configured):
/// every channel, with the default timing. A channel reached by two routes gets one notice (the first route's timing).
/// </summary>
internal sealed class AlertRouter
{
    private readonly IReadOnlyList<AlertRoute> _routes;
    private readonly IReadOnlyList<string> _allChannels;
    private readonly AlertTimingConfig _defaults;

    public AlertRouter(AlertsConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _defaults = config.Timing;
        _allChannels = [.. config.Channels.Select(c => c.Name)];
        _routes = [.. config.Routes.Select(r => new AlertRoute(
            AlertMatcher.ParseList(r.Match),
            r.Channels.Count > 0 ? r.Channels : _allChannels,
            r.Continue,
            new AlertTimingConfig
            {
                GroupWait = r.GroupWait ?? _defaults.GroupWait,
                RepeatInterval = r.RepeatInterval is { } repeat ? (repeat == TimeSpan.Zero ? null : repeat) : _defaults.RepeatInterval,
                SendResolved = r.SendResolved ?? _defaults.SendResolved,
            }))];
    }

    public IReadOnlyList<RouteTarget> Route(IReadOnlyDictionary<string, string> labels)
    {
        var targets = new List<RouteTarget>();
        bool matched = false;
        foreach (AlertRoute route in _routes)
        {
            if (!AlertMatcher.All(route.Matchers, labels))
            {
                continue;
            }
            matched = true;
            foreach (string channel in route.Channels)
            {
                if (!targets.Exists(t => t.Channel == channel))
                {
                    targets.Add(new RouteTarget(channel, route.Timing));
                }
            }
            if (!route.Continue)
            {
                break;
            }
        }
        if (!matched)
        {
            targets.AddRange(_allChannels.Select(c => new RouteTarget(c, _defaults)));
        }
        return targets;
    }
}

/// <summary>
/// Quiet hours: a non-critical notice created inside them is held until they end (local time of the
/// configured zone; a window past midnight, "22:00" to "07:00", works). Critical notices pass at once.
/// </summary>
internal sealed class QuietHours(QuietHoursConfig config)
{
    private readonly TimeZoneInfo _zone = config.TimeZone is { } id ? TimeZoneInfo.FindSystemTimeZoneById(id) : TimeZoneInfo.Utc;

    /// <summary>When a non-critical notice created at <paramref name="now"/> may go out (now, when outside quiet hours).</summary>
    public DateTimeOffset ReleaseAt(DateTimeOffset now)
    {
        DateTimeOffset local = TimeZoneInfo.ConvertTime(now, _zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        bool spansMidnight = config.To < config.From;
        bool inside = spansMidnight ? time >= config.From || time < config.To : time >= config.From && time < config.To;
        if (!inside)
        {
            return now;
        }
        DateTime endDate = local.Date;
        if (spansMidnight && time >= config.From)
        {
            endDate = endDate.AddDays(1);
        }
        var endLocal = endDate + config.To.ToTimeSpan();
        return new DateTimeOffset(endLocal, _zone.GetUtcOffset(endLocal));
    }
}

/// <summary>
/// At most <c>limit</c> sends per period and channel, as a sliding log of send times; over it, the next
/// send waits (the entry stays in the outbox; nothing is dropped).
/// </summary>
internal sealed class SendRateLimit(int limit, TimeSpan period)
{
    private readonly Queue<DateTimeOffset> _sent = new();

    /// <summary>When the next send may go (now, when under the limit).</summary>
    public DateTimeOffset NextSlot(DateTimeOffset now)
    {
        if (limit <= 0)
        {
            return now;
        }
        while (_sent.Count > 0 && _sent.Peek() <= now - period)
        {
            _sent.Dequeue();
        }
        return _sent.Count < limit ? now : _sent.Peek() + period;
    }

    public void Sent(DateTimeOffset at)
    {
        if (limit > 0)
        {
            _sent.Enqueue(at);
        }
    }
}
