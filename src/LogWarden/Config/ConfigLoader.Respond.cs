using System.Globalization;
using System.Net;
using YamlDotNet.RepresentationModel;

namespace LogWarden.Config;

/// <summary>
/// The <c>respond:</c> section. Everything a playbook names is checked here, at load, with the line: the
/// action types, the matchers, the units (systemd's grammar and the allowed list), the scripts (absolute
/// paths) and the placeholders their arguments may use.
/// </summary>
internal sealed partial class ConfigLoader
{
    /// <summary>Placeholders a run-script argument may use; each is filled only with a validated value.</summary>
    public static readonly IReadOnlyList<string> ScriptPlaceholders = ["{ip}", "{user}", "{unit}", "{incident}", "{kind}", "{severity}"];

    private RespondConfig BindRespond(YamlMappingNode node)
    {
        var d = new RespondConfig();
        var keys = Keys(node, "enabled", "dry_run", "kill_switch", "admin_cidrs", "ipv6_prefix", "action_timeout", "rate_limit", "rate_limit_period",
            "ban", "units", "restart_budget", "restart_period", "scripts", "playbooks", "systemctl", "journalctl", "temp_dirs", "diagnostic_roots", "journal_directory");
        var cidrs = new List<IPNetwork>();
        foreach (string text in Strings(keys, "admin_cidrs"))
        {
            if (IPNetwork.TryParse(text, out IPNetwork n))
            {
                cidrs.Add(n);
            }
            else if (IPAddress.TryParse(text, out IPAddress? a))
            {
                cidrs.Add(new IPNetwork(a, a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                Error(keys["admin_cidrs"], $"'{text}' is not an address or a CIDR such as 203.0.113.0/24");
            }
        }
        var units = Strings(keys, "units");
        foreach (string unit in units)
        {
            if (Respond.EntityValues.UnitName(unit) is null)
            {
                Error(keys["units"], $"'{unit}' is not a systemd unit name such as nginx.service");
            }
        }
        var scripts = StringMap(keys, "scripts");
        foreach ((string name, string path) in scripts)
        {
            if (!Path.IsPathFullyQualified(path))
            {
                Error(keys["scripts"], $"script '{name}': '{path}' is not an absolute path");
            }
        }
        var tempDirs = AbsolutePaths(keys, "temp_dirs");
        var roots = keys.ContainsKey("diagnostic_roots") ? AbsolutePaths(keys, "diagnostic_roots") : d.DiagnosticRoots;
        var config = new RespondConfig
        {
            TempDirs = tempDirs,
            DiagnosticRoots = roots,
            JournalDirectory = AbsolutePath(keys, "journal_directory"),
            Enabled = Bool(keys, "enabled") ?? d.Enabled,
            DryRun = Bool(keys, "dry_run") ?? d.DryRun,
            KillSwitch = AbsolutePath(keys, "kill_switch") ?? d.KillSwitch,
            AdminCidrs = cidrs,
            Ipv6Prefix = (int?)Count(keys, "ipv6_prefix", 16, 128) ?? d.Ipv6Prefix,
            ActionTimeout = PositiveDuration(keys, "action_timeout") ?? d.ActionTimeout,
            RateLimit = (int?)Count(keys, "rate_limit", 1, 100_000) ?? d.RateLimit,
            RateLimitPeriod = PositiveDuration(keys, "rate_limit_period") ?? d.RateLimitPeriod,
            Ban = Section(keys, "ban") is { } b ? BindBan(b) : d.Ban,
            Units = units,
            RestartBudget = (int?)Count(keys, "restart_budget", 0, 1000) ?? d.RestartBudget,
            RestartPeriod = PositiveDuration(keys, "restart_period") ?? d.RestartPeriod,
            Scripts = scripts,
            Systemctl = AbsolutePath(keys, "systemctl") ?? d.Systemctl,
            Journalctl = AbsolutePath(keys, "journalctl") ?? d.Journalctl,
        };
        var playbooks = new List<PlaybookConfig>();
        if (keys.TryGetValue("playbooks", out YamlNode? list) && Expect<YamlSequenceNode>(list, "a list of playbooks (name, match, actions)") is { } items)
        {
            foreach (YamlNode item in items)
            {
                if (Expect<YamlMappingNode>(item, "a playbook (name, match, actions)") is { } p && BindPlaybook(p, config) is { } playbook)
                {
                    if (playbooks.Exists(x => x.Name == playbook.Name))
                    {
                        Error(p, $"playbook name '{playbook.Name}' is used twice");
                    }
                    playbooks.Add(playbook);
                }
            }
        }
        return config with { Playbooks = playbooks };
    }

    private BanConfig BindBan(YamlMappingNode node)
    {
        var d = new BanConfig();
        var keys = Keys(node, "duration", "repeat_factor", "max_duration", "nft", "netns", "ip", "backend", "iptables", "ip6tables", "ipset");
        string? backend = String(keys, "backend");
        if (backend is not null && !BanConfig.Backends.Contains(backend))
        {
            Error(keys["backend"], $"backend must be one of {string.Join(", ", BanConfig.Backends)}, not '{backend}'");
            backend = null;
        }
        double factor = d.RepeatFactor;
        if (String(keys, "repeat_factor") is { } f)
        {
            if (!double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out factor) || factor < 1 || factor > 100)
            {
                Error(keys["repeat_factor"], $"repeat_factor must be a number from 1 to 100, not '{f}'");
                factor = d.RepeatFactor;
            }
        }
        string? netns = String(keys, "netns");
        if (netns is not null && (netns.Length is 0 or > 64 || netns[0] is '-' or '.' || !netns.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            Error(keys["netns"], $"'{netns}' is not a network namespace name (letters, digits, '-', '_', '.')");
            netns = null;
        }
        return new BanConfig
        {
            Duration = PositiveDuration(keys, "duration") ?? d.Duration,
            RepeatFactor = factor,
            MaxDuration = PositiveDuration(keys, "max_duration") ?? d.MaxDuration,
            Nft = AbsolutePath(keys, "nft") ?? d.Nft,
            Netns = netns,
            Ip = AbsolutePath(keys, "ip") ?? d.Ip,
            Backend = backend ?? d.Backend,
            Iptables = AbsolutePath(keys, "iptables") ?? d.Iptables,
            Ip6tables = AbsolutePath(keys, "ip6tables") ?? d.Ip6tables,
            Ipset = AbsolutePath(keys, "ipset") ?? d.Ipset,
        };
    }

    private PlaybookConfig? BindPlaybook(YamlMappingNode node, RespondConfig respond)
    {
        var keys = Keys(node, "name", "match", "actions");
        string? name = String(keys, "name");
        if (string.IsNullOrWhiteSpace(name))
        {
            Error(node, "a playbook needs a 'name'");
            return null;
        }
        var match = Strings(keys, "match");
        try
        {
            Alert.AlertMatcher.ParseList(match);
        }
        catch (FormatException e)
        {
            Error(keys["match"], $"playbook '{name}': {e.Message}");
        }
        var actions = new List<PlaybookActionConfig>();
        if (keys.TryGetValue("actions", out YamlNode? list) && Expect<YamlSequenceNode>(list, "a list of actions (type and its settings)") is { } items)
        {
            foreach (YamlNode item in items)
            {
                if (Expect<YamlMappingNode>(item, "an action (type and its settings)") is { } a && BindAction(a, name, respond) is { } action)
                {
                    actions.Add(action);
                }
            }
        }
        if (actions.Count == 0)
        {
            Error(node, $"playbook '{name}' has no actions");
        }
        return new PlaybookConfig { Name = name, Match = match, Actions = actions, Origin = $"{_fileName}:{node.Start.Line}:{node.Start.Column}" };
    }

    private PlaybookActionConfig? BindAction(YamlMappingNode node, string playbook, RespondConfig respond)
    {
        var keys = Keys(node, "type", "duration", "unit", "script", "args", "reset_failed", "size", "age", "directory", "older_than");
        string? type = String(keys, "type");
        if (type is null || !PlaybookActionConfig.Types.Contains(type))
        {
            Error(keys.TryGetValue("type", out YamlNode? t) ? t : node, $"playbook '{playbook}': 'type' must be one of {string.Join(", ", PlaybookActionConfig.Types)}");
            return null;
        }
        string? unit = String(keys, "unit");
        if (unit is not null && unit != "{unit}")
        {
            if (Respond.EntityValues.UnitName(unit) is null)
            {
                Error(keys["unit"], $"playbook '{playbook}': '{unit}' is not a systemd unit name such as nginx.service (or {{unit}})");
            }
            else if (type == "restart-unit" && !respond.Units.Contains(unit))
            {
                Error(keys["unit"], $"playbook '{playbook}': unit '{unit}' is not in respond.units (the units restart-unit may restart)");
            }
        }
        if (type == "restart-unit" && unit is null)
        {
            Error(node, $"playbook '{playbook}': restart-unit needs a 'unit' (a name from respond.units, or {{unit}})");
        }
        string? script = String(keys, "script");
        if (type == "run-script" && (script is null || !respond.Scripts.ContainsKey(script)))
        {
            Error(keys.TryGetValue("script", out YamlNode? s) ? s : node, $"playbook '{playbook}': run-script needs a 'script' named in respond.scripts");
        }
        var args = Strings(keys, "args");
        foreach (string arg in args)
        {
            if (arg.Contains('{', StringComparison.Ordinal) && !ScriptPlaceholders.Contains(arg))
            {
                Error(keys["args"], $"playbook '{playbook}': argument '{arg}' must be a literal without braces or exactly one of {string.Join(", ", ScriptPlaceholders)}");
            }
        }
        string? size = String(keys, "size");
        if (size is not null && !Respond.EntityValues.IsJournalSize(size))
        {
            Error(keys["size"], $"playbook '{playbook}': size '{size}' must be digits and K, M or G, such as 500M");
            size = null;
        }
        TimeSpan? age = PositiveDuration(keys, "age");
        if (type == "vacuum-journal" && size is null && age is null)
        {
            Error(node, $"playbook '{playbook}': vacuum-journal needs a 'size' (such as 500M) or an 'age' (such as 14d), or both");
        }
        string? directory = AbsolutePath(keys, "directory") is { } named ? Path.TrimEndingDirectorySeparator(named) : null;
        if (directory is not null && !respond.TempDirs.Contains(directory))
        {
            Error(keys["directory"], $"playbook '{playbook}': directory '{directory}' is not in respond.temp_dirs (the directories clean-temp may clean)");
        }
        if (type == "clean-temp" && respond.TempDirs.Count == 0)
        {
            Error(node, $"playbook '{playbook}': clean-temp needs respond.temp_dirs (the directories it may clean)");
        }
        return new PlaybookActionConfig
        {
            Size = size,
            Age = age,
            Directory = directory,
            OlderThan = PositiveDuration(keys, "older_than") ?? TimeSpan.FromDays(7),
            Type = type,
            Duration = PositiveDuration(keys, "duration"),
            Unit = unit,
            Script = script,
            Args = args,
            ResetFailed = Bool(keys, "reset_failed") ?? true,
        };
    }

    private TimeSpan? PositiveDuration(Dictionary<string, YamlNode> keys, string key)
    {
        TimeSpan? d = Duration(keys, key);
        if (d is { } value && value <= TimeSpan.Zero)
        {
            Error(keys[key], $"'{key}' must be longer than zero");
            return null;
        }
        return d;
    }

    private List<string> AbsolutePaths(Dictionary<string, YamlNode> keys, string key)
    {
        var paths = new List<string>();
        foreach (string path in Strings(keys, key))
        {
            // Not "/" nor a path with "..": a directory to clean or walk is named exactly.
            if (!Path.IsPathFullyQualified(path) || path.TrimEnd('/').Length == 0 || path.Split('/').Contains(".."))
            {
                Error(keys[key], $"'{key}': '{path}' must be an absolute path other than / and without '..'");
                continue;
            }
            paths.Add(Path.TrimEndingDirectorySeparator(path));
        }
        return paths;
    }

    private string? AbsolutePath(Dictionary<string, YamlNode> keys, string key)
    {
        string? s = String(keys, key);
        if (s is not null && !Path.IsPathFullyQualified(s))
        {
            Error(keys[key], $"'{key}' must be an absolute path, not '{s}'");
            return null;
        }
        return s;
    }
}
