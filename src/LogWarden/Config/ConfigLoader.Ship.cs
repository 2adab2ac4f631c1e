using LogWarden.Store;
using YamlDotNet.RepresentationModel;

namespace LogWarden.Config;

/// <summary>The <c>ship:</c> list (destinations this daemon forwards its lines to) and the <c>fleet:</c> section (agents a central accepts).</summary>
internal sealed partial class ConfigLoader
{
    private List<ShipDestinationConfig> BindShip(YamlNode? node)
    {
        var result = new List<ShipDestinationConfig>();
        if (node is null || node is YamlScalarNode { Value: null or "" })
        {
            return result;
        }
        if (Expect<YamlSequenceNode>(node, "a list of destinations (name, url, …)") is not { } list)
        {
            return result;
        }
        foreach (YamlNode item in list)
        {
            if (Expect<YamlMappingNode>(item, "a destination (name, url, kind, token, …)") is { } map && BindShipDestination(map) is { } destination)
            {
                if (result.Any(d => d.Name == destination.Name))
                {
                    Error(map, $"ship: the name '{destination.Name}' is used twice");
                }
                result.Add(destination);
            }
        }
        return result;
    }

    private ShipDestinationConfig? BindShipDestination(YamlMappingNode node)
    {
        var keys = Keys(node, "name", "url", "kind", "token", "username", "password", "tls_ca", "labels", "match", "batch_lines", "batch_bytes", "max_backlog", "backfill", "timeout", "max_backoff", "metrics", "metrics_interval");
        var d = new ShipDestinationConfig();
        string? name = String(keys, "name");
        if (string.IsNullOrWhiteSpace(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            Error(node, "a destination needs a 'name' of letters, digits, '-', '_' or '.'");
            return null;
        }
        string? url = String(keys, "url");
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https"))
        {
            Error(keys.TryGetValue("url", out YamlNode? u) ? u : node, "a destination needs a 'url' (http:// or https://…/loki/api/v1/push)");
            return null;
        }
        ShipKind kind = d.Kind;
        switch (String(keys, "kind"))
        {
            case null or "logwarden": break;
            case "loki": kind = ShipKind.Loki; break;
            case { } other: Error(keys["kind"], $"kind must be logwarden or loki, not '{other}'"); break;
        }
        string? user = String(keys, "username");
        string? password = String(keys, "password");
        if ((user is null) != (password is null))
        {
            Error(node, "basic authentication needs both 'username' and 'password'");
        }
        IReadOnlyList<LabelMatcher> match = [];
        if (String(keys, "match") is { } selector)
        {
            try
            {
                match = Web.Loki.LogQlParser.Parse(selector) is Web.Loki.LogSelector { Filters.Count: 0 } s
                    ? s.Matchers
                    : throw new Web.Loki.LogQlException("expected a stream selector only, e.g. {job=~\"nginx|app\"}");
            }
            catch (Web.Loki.LogQlException e)
            {
                Error(keys["match"], $"match: {e.Message}");
            }
        }
        return new ShipDestinationConfig
        {
            Name = name,
            Url = uri,
            Kind = kind,
            Token = String(keys, "token"),
            Username = user,
            Password = password,
            TlsCa = String(keys, "tls_ca"),
            Labels = Labels(keys, "labels"),
            Match = match,
            BatchLines = (int)(Count(keys, "batch_lines", 1, 1_000_000) ?? d.BatchLines),
            BatchBytes = Size(keys, "batch_bytes") is { } b ? Math.Clamp(b, 1024, 64L << 20) : d.BatchBytes,
            MaxBacklog = Duration(keys, "max_backlog"),
            Backfill = Bool(keys, "backfill") ?? d.Backfill,
            Timeout = Duration(keys, "timeout") ?? d.Timeout,
            MaxBackoff = Duration(keys, "max_backoff") is { } mb ? (mb < TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : mb) : d.MaxBackoff,
            Metrics = Bool(keys, "metrics") ?? kind == ShipKind.LogWarden,
            MetricsInterval = Duration(keys, "metrics_interval") is { } mi ? (mi < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : mi) : d.MetricsInterval,
        };
    }

    private FleetConfig BindFleet(YamlMappingNode? node)
    {
        var d = new FleetConfig();
        if (node is null)
        {
            return d;
        }
        var keys = Keys(node, "agents", "max_lines_per_second", "burst_seconds", "silent_after", "attacked_hosts");
        var agents = new List<FleetAgentConfig>();
        if (keys.TryGetValue("agents", out YamlNode? list) && Expect<YamlSequenceNode>(list, "a list of agents (host, token_sha256)") is { } items)
        {
            foreach (YamlNode item in items)
            {
                if (Expect<YamlMappingNode>(item, "an agent (host, token_sha256)") is not { } map)
                {
                    continue;
                }
                var agent = Keys(map, "host", "token_sha256");
                string? host = String(agent, "host");
                string? hash = String(agent, "token_sha256");
                if (string.IsNullOrEmpty(host) || hash is null || hash.Length != 64 || !hash.All(char.IsAsciiHexDigit))
                {
                    Error(map, "an agent needs a 'host' and a 'token_sha256' (64 hex digits; `logwarden web hash-password --token` makes one)");
                    continue;
                }
                string lower = hash.ToLowerInvariant();
                if (agents.Any(a => a.TokenSha256 == lower))
                {
                    Error(map, $"fleet: agent {host}'s token is also another agent's");
                }
                agents.Add(new FleetAgentConfig(host, lower));
            }
        }
        return new FleetConfig
        {
            Agents = agents,
            MaxLinesPerSecond = Count(keys, "max_lines_per_second", 1, 100_000_000) ?? d.MaxLinesPerSecond,
            BurstSeconds = Count(keys, "burst_seconds", 1, 3600) ?? d.BurstSeconds,
            SilentAfter = Duration(keys, "silent_after") is { } silent ? (silent < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : silent) : d.SilentAfter,
            AttackedHosts = (int)(Count(keys, "attacked_hosts", 2, 1000) ?? d.AttackedHosts),
        };
    }
}
