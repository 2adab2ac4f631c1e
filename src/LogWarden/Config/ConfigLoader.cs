using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LogWarden.Config;

/// <summary>One problem found in a configuration, with where it comes from.</summary>
/// <param name="Origin">"file.yaml:12:5", or "environment LOGWARDEN_X" for an override.</param>
internal sealed record ConfigError(string Origin, string Message)
{
    public override string ToString() => $"{Origin}: {Message}";
}

/// <summary>The configuration could not be used; every problem is listed, each with its line.</summary>
internal sealed class ConfigException(IReadOnlyList<ConfigError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<ConfigError> Errors { get; } = errors;

    /// <summary>Writes every error, one a line (as `config check` prints them).</summary>
    public void WriteErrors(TextWriter writer)
    {
        foreach (ConfigError error in Errors)
        {
            writer.WriteLine(error);
        }
    }
}

/// <summary>
/// Reads the YAML configuration with YamlDotNet's node model (so every error names its line and column),
/// applies overrides from environment variables and a `.env` file, and binds the result by hand to
/// <see cref="LogWardenConfig"/>: unknown keys, wrong types and bad values are all reported at once.
/// No reflection, so the NativeAOT build stays possible.
/// </summary>
internal sealed partial class ConfigLoader
{
    public const string EnvironmentPrefix = "LOGWARDEN_";

    /// <summary>The CLI's own variables (which daemon a command asks, with which token): not configuration keys.</summary>
    private static readonly HashSet<string> ClientVariables = ["LOGWARDEN_SERVER", "LOGWARDEN_TOKEN"];

    private readonly List<ConfigError> _errors = [];
    private readonly string _fileName;
    private readonly Dictionary<YamlNode, string> _overrideOrigin = new(ReferenceEqualityComparer.Instance);
    private IReadOnlyDictionary<string, string>? _environment;

    private ConfigLoader(string fileName) => _fileName = fileName;

    /// <summary>Loads <paramref name="path"/> (null: no file, defaults only), then overrides.</summary>
    /// <param name="environment">Variables to apply (the process environment merged with a `.env` file); null for none.</param>
    /// <exception cref="ConfigException">Anything wrong, all of it.</exception>
    public static LogWardenConfig Load(string? path, IReadOnlyDictionary<string, string>? environment = null)
    {
        string yaml = "";
        if (path is not null)
        {
            try
            {
                yaml = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ConfigException([new ConfigError(path, e.Message)]);
            }
        }
        return Parse(yaml, path ?? "(defaults)", environment);
    }

    /// <exception cref="ConfigException">Anything wrong, all of it.</exception>
    public static LogWardenConfig Parse(string yaml, string fileName, IReadOnlyDictionary<string, string>? environment = null)
    {
        var loader = new ConfigLoader(fileName) { _environment = environment };
        YamlMappingNode root = loader.ReadYaml(yaml);
        if (environment is not null)
        {
            loader.ApplyOverrides(root, environment);
        }
        LogWardenConfig config = loader.BindRoot(root);
        if (loader._errors.Count > 0)
        {
            throw new ConfigException(loader._errors);
        }
        return config;
    }

    /// <summary>The process environment, with a `.env` file's lines added where the process does not set them.</summary>
    public static IReadOnlyDictionary<string, string> Environment(string? dotEnvPath)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (dotEnvPath is not null && File.Exists(dotEnvPath))
        {
            foreach (var (key, value) in DotNetEnv.Env.NoEnvVars().Load(dotEnvPath))
            {
                result[key] = value;
            }
        }
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
        {
            result[(string)e.Key] = (string?)e.Value ?? "";
        }
        return result;
    }

    private YamlMappingNode ReadYaml(string yaml)
    {
        if (string.IsNullOrWhiteSpace(yaml))
        {
            return [];
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            _errors.Add(new ConfigError($"{_fileName}:{e.Start.Line}:{e.Start.Column}", "not valid YAML: " + (e.InnerException?.Message ?? e.Message)));
            return [];
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return [];
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode map)
        {
            Error(stream.Documents[0].RootNode, "the configuration must be a mapping of keys to values");
            return [];
        }
        return map;
    }

    // ---------------------------------------------------------------- overrides

    /// <summary>LOGWARDEN_SOURCES__FILES__0__PATHS__0=/x sets sources.files[0].paths[0]; names are matched without '_' and case.</summary>
    private void ApplyOverrides(YamlMappingNode root, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!name.StartsWith(EnvironmentPrefix, StringComparison.Ordinal) || ClientVariables.Contains(name))
            {
                continue;
            }
            string[] path = name[EnvironmentPrefix.Length..].Split("__");
            if (path.Any(p => p.Length == 0))
            {
                _errors.Add(new ConfigError("environment " + name, "empty key segment"));
                continue;
            }
            var scalar = new YamlScalarNode(value);
            _overrideOrigin[scalar] = "environment " + name;
            SetPath(root, path, 0, scalar, name);
        }
    }

    private void SetPath(YamlNode node, string[] path, int index, YamlScalarNode value, string variable)
    {
        string segment = path[index];
        bool last = index == path.Length - 1;
        if (node is YamlSequenceNode list)
        {
            if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int i) || i > list.Children.Count)
            {
                _errors.Add(new ConfigError("environment " + variable, $"'{segment}' is not an index of the list (0..{list.Children.Count})"));
                return;
            }
            if (last)
            {
                if (i == list.Children.Count)
                {
                    list.Add(value);
                }
                else
                {
                    list.Children[i] = value;
                }
                return;
            }
            if (i == list.Children.Count)
            {
                list.Add(NewContainer(path[index + 1]));
            }
            SetPath(list.Children[i], path, index + 1, value, variable);
            return;
        }
        if (node is not YamlMappingNode map)
        {
            _errors.Add(new ConfigError("environment " + variable, $"'{segment}' is under a value, not a section"));
            return;
        }
        YamlScalarNode? key = map.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => Normalise(k.Value) == Normalise(segment));
        if (key is null)
        {
            // A key the variable made: an error about it (an unknown key) names the variable, not the defaults.
            key = new YamlScalarNode(segment.ToLowerInvariant());
            _overrideOrigin[key] = "environment " + variable;
            if (!last)
            {
                var container = NewContainer(path[index + 1]);
                _overrideOrigin[container] = "environment " + variable;
                map.Children[key] = container;
            }
        }
        if (last)
        {
            map.Children[key] = value;
            return;
        }
        SetPath(map.Children[key], path, index + 1, value, variable);
    }

    private static YamlNode NewContainer(string nextSegment) =>
        int.TryParse(nextSegment, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? new YamlSequenceNode() : new YamlMappingNode();

    // ---------------------------------------------------------------- binding

    private LogWardenConfig BindRoot(YamlMappingNode root)
    {
        var keys = Keys(root, "data_dir", "listen", "host", "sources", "store", "llm", "report", "alerts", "detect", "web", "respond", "ship", "fleet");
        var config = new LogWardenConfig();
        AlertsConfig alerts = BindAlerts(Section(keys, "alerts"));
        return config with
        {
            DataDir = String(keys, "data_dir") ?? config.DataDir,
            Listen = Listen(keys, "listen") ?? config.Listen,
            Host = String(keys, "host") ?? config.Host,
            Sources = Section(keys, "sources") is { } s ? BindSources(s) : config.Sources,
            Store = Section(keys, "store") is { } st ? BindStore(st) : config.Store,
            Llm = BindLlm(Section(keys, "llm")),
            Report = Section(keys, "report") is { } rp ? BindReport(rp, alerts.Channels) : config.Report,
            Alerts = alerts,
            Detect = Section(keys, "detect") is { } dt ? BindDetect(dt) : config.Detect,
            Web = BindWeb(Section(keys, "web")),
            Respond = Section(keys, "respond") is { } rs ? BindRespond(rs) : config.Respond,
            Ship = BindShip(keys.GetValueOrDefault("ship")),
            Fleet = BindFleet(Section(keys, "fleet")),
        };
    }

    private SourcesConfig BindSources(YamlMappingNode node)
    {
        var keys = Keys(node, "discover", "files", "journal", "docker", "syslog", "loki_push", "loki_query", "host_metrics");
        var d = new SourcesConfig();
        var files = new List<FileSourceConfig>();
        if (keys.TryGetValue("files", out YamlNode? filesNode))
        {
            if (filesNode is YamlSequenceNode list)
            {
                foreach (YamlNode item in list)
                {
                    if (Expect<YamlMappingNode>(item, "a file source (paths, exclude, format, labels)") is { } f)
                    {
                        files.Add(BindFiles(f));
                    }
                }
            }
            else
            {
                Error(filesNode, "expected a list of file sources");
            }
        }
        return d with
        {
            Discover = Bool(keys, "discover") ?? d.Discover,
            Files = files,
            Journal = Section(keys, "journal") is { } j ? BindJournal(j) : d.Journal,
            Docker = Section(keys, "docker") is { } dk ? BindDocker(dk) : d.Docker,
            Syslog = Section(keys, "syslog") is { } sl ? BindSyslog(sl) : d.Syslog,
            LokiPush = Section(keys, "loki_push") is { } lp ? BindLokiPush(lp) : d.LokiPush,
            LokiQuery = Section(keys, "loki_query") is { } lq ? BindLokiQuery(lq) : d.LokiQuery,
            HostMetrics = Section(keys, "host_metrics") is { } hm ? BindHostMetrics(hm) : d.HostMetrics,
        };
    }

    private FileSourceConfig BindFiles(YamlMappingNode node)
    {
        var keys = Keys(node, "paths", "exclude", "format", "labels");
        var paths = Strings(keys, "paths");
        if (paths.Count == 0)
        {
            Error(node, "a file source needs at least one path in 'paths'");
        }
        string? format = String(keys, "format");
        if (format is not null && format != "auto")
        {
            try
            {
                LogWarden.Parse.FormatDetector.FromName(format);
            }
            catch (ArgumentException e)
            {
                Error(keys["format"], e.Message);
            }
        }
        return new FileSourceConfig
        {
            Paths = paths,
            Exclude = Strings(keys, "exclude"),
            Format = format == "auto" ? null : format,
            Labels = Labels(keys, "labels"),
        };
    }

    private JournalConfig BindJournal(YamlMappingNode node)
    {
        var keys = Keys(node, "enabled", "units", "directory");
        return new JournalConfig { Enabled = Bool(keys, "enabled"), Units = Strings(keys, "units"), Directory = String(keys, "directory") };
    }

    private DockerConfig BindDocker(YamlMappingNode node)
    {
        var keys = Keys(node, "enabled", "root");
        var d = new DockerConfig();
        return new DockerConfig { Enabled = Bool(keys, "enabled"), Root = String(keys, "root") ?? d.Root };
    }

    private SyslogConfig BindSyslog(YamlMappingNode node)
    {
        var keys = Keys(node, "udp", "tcp", "max_message_bytes");
        var d = new SyslogConfig();
        return new SyslogConfig { Udp = Listen(keys, "udp"), Tcp = Listen(keys, "tcp"), MaxMessageBytes = Size(keys, "max_message_bytes") ?? d.MaxMessageBytes };
    }

    private LokiPushConfig BindLokiPush(YamlMappingNode node)
    {
        var keys = Keys(node, "enabled", "max_body_bytes");
        var d = new LokiPushConfig();
        return new LokiPushConfig { Enabled = Bool(keys, "enabled") ?? d.Enabled, MaxBodyBytes = Size(keys, "max_body_bytes") ?? d.MaxBodyBytes };
    }

    private LokiQueryConfig? BindLokiQuery(YamlMappingNode node)
    {
        var keys = Keys(node, "url", "query", "poll_interval", "delay", "limit", "initial_lookback", "tenant_id", "basic_auth");
        var d = new Collect.LokiPush.LokiQueryOptions { Url = new Uri("http://127.0.0.1/"), Query = "{}" };
        string? url = String(keys, "url");
        string? query = String(keys, "query");
        if (url is null || query is null)
        {
            Error(node, "loki_query needs 'url' (Loki's base address) and 'query' (a LogQL log query)");
            return null;
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https"))
        {
            Error(keys["url"], "loki_query.url must be an absolute http(s) address, e.g. http://loki.internal:3100");
            return null;
        }
        int limit = d.Limit;
        if (String(keys, "limit") is { } l && !int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit))
        {
            Error(keys["limit"], "limit must be a whole number (1 to 5000)");
            return null;
        }
        var options = new Collect.LokiPush.LokiQueryOptions
        {
            Url = uri,
            Query = query,
            PollInterval = Duration(keys, "poll_interval") ?? d.PollInterval,
            Delay = Duration(keys, "delay") ?? d.Delay,
            Limit = limit,
            InitialLookback = Duration(keys, "initial_lookback") ?? d.InitialLookback,
            TenantId = String(keys, "tenant_id"),
            BasicAuth = String(keys, "basic_auth"),
        };
        if (options.Validate() is { } problem)
        {
            Error(node, problem
                .Replace("lokiQuery.", "loki_query.", StringComparison.Ordinal)
                .Replace("pollInterval", "poll_interval", StringComparison.Ordinal)
                .Replace("initialLookback", "initial_lookback", StringComparison.Ordinal));
            return null;
        }
        return new LokiQueryConfig { Options = options };
    }

    private HostMetricsConfig BindHostMetrics(YamlMappingNode node)
    {
        var keys = Keys(node, "enabled", "interval");
        var d = new HostMetricsConfig();
        TimeSpan? interval = Duration(keys, "interval");
        if (interval is { } i && i < TimeSpan.FromSeconds(1))
        {
            Error(keys["interval"], "interval must be at least 1s");
        }
        return new HostMetricsConfig { Enabled = Bool(keys, "enabled") ?? d.Enabled, Interval = interval ?? d.Interval };
    }

    private StoreConfig BindStore(YamlMappingNode node)
    {
        var keys = Keys(node, "kind", "connection", "password_file", "retention", "max_size", "min_free_disk");
        var d = new StoreConfig();
        StoreKind kind = d.Kind;
        switch (String(keys, "kind")?.ToLowerInvariant())
        {
            case null or "embedded":
                break;
            case "postgres" or "postgresql":
                kind = StoreKind.Postgres;
                break;
            default:
                Error(keys["kind"], $"store kind must be embedded or postgres, not '{String(keys, "kind")}'");
                break;
        }
        string? connection = String(keys, "connection");
        string? passwordFile = String(keys, "password_file");
        if (kind == StoreKind.Postgres)
        {
            ValidatePostgresConnection(node, keys, connection, passwordFile);
        }
        else if (connection is not null || passwordFile is not null)
        {
            Error(keys.TryGetValue("connection", out YamlNode? c) ? c : keys["password_file"], "'connection' and 'password_file' are for kind: postgres");
        }
        return new StoreConfig
        {
            Kind = kind,
            Connection = connection,
            PasswordFile = passwordFile,
            Retention = IsOff(keys, "retention") ? null : Duration(keys, "retention") ?? d.Retention,
            MaxSize = IsOff(keys, "max_size") ? null : Size(keys, "max_size") ?? d.MaxSize,
            MinFreeDisk = Size(keys, "min_free_disk") ?? d.MinFreeDisk,
        };
    }

    private void ValidatePostgresConnection(YamlMappingNode node, Dictionary<string, YamlNode> keys, string? connection, string? passwordFile)
    {
        if (string.IsNullOrWhiteSpace(connection))
        {
            Error(node, "kind: postgres needs a 'connection' (e.g. \"Host=db.example;Database=logwarden;Username=logwarden\")");
            return;
        }
        Npgsql.NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        }
        catch (ArgumentException e)
        {
            // The message names the key, never the value (which could hold a secret).
            Error(keys["connection"], $"the connection string is not valid: {e.Message}");
            return;
        }
        if (!string.IsNullOrEmpty(parsed.Password))
        {
            Error(keys["connection"], "keep the password out of the connection string (it would end up in the configuration and its backups): use 'password_file' or PGPASSWORD");
        }
        if (string.IsNullOrEmpty(parsed.Host))
        {
            Error(keys["connection"], "the connection string needs a Host (a name, an address or a Unix socket directory)");
        }
        if (passwordFile is not null && !File.Exists(passwordFile))
        {
            Error(keys["password_file"], $"no file '{passwordFile}'");
        }
    }

    // ---------------------------------------------------------------- typed readers

    /// <summary>The mapping's entries by normalised key; unknown keys are errors with a suggestion.</summary>
    private Dictionary<string, YamlNode> Keys(YamlMappingNode node, params string[] known)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in node.Children)
        {
            string key = (keyNode as YamlScalarNode)?.Value ?? "";
            string? match = known.FirstOrDefault(k => Normalise(k) == Normalise(key));
            if (match is null)
            {
                string? near = known.MinBy(k => Distance(Normalise(k), Normalise(key)));
                string hint = near is not null && Distance(Normalise(near), Normalise(key)) <= 2 ? $" (did you mean '{near}'?)" : "";
                Error(keyNode, $"unknown key '{key}'{hint}; known here: {string.Join(", ", known)}");
                continue;
            }
            if (result.ContainsKey(match))
            {
                Error(keyNode, $"'{key}' is given twice");
            }
            result[match] = value;
        }
        return result;
    }

    private YamlMappingNode? Section(Dictionary<string, YamlNode> keys, string key) =>
        keys.TryGetValue(key, out YamlNode? node) ? (node is YamlScalarNode { Value: null or "" } ? [] : Expect<YamlMappingNode>(node, $"'{key}' to be a section of keys")) : null;

    private T? Expect<T>(YamlNode node, string what)
        where T : YamlNode
    {
        if (node is T t)
        {
            return t;
        }
        Error(node, "expected " + what);
        return null;
    }

    private string? String(Dictionary<string, YamlNode> keys, string key) =>
        keys.TryGetValue(key, out YamlNode? node) && Expect<YamlScalarNode>(node, $"'{key}' to be a single value") is { } s ? s.Value : null;

    private bool IsOff(Dictionary<string, YamlNode> keys, string key) => String(keys, key) is "off" or "none" or "0";

    private bool? Bool(Dictionary<string, YamlNode> keys, string key)
    {
        string? s = String(keys, key);
        switch (s?.ToLowerInvariant())
        {
            case null:
                return null;
            case "true" or "yes" or "on":
                return true;
            case "false" or "no" or "off":
                return false;
            case "auto":
                return null;
            default:
                Error(keys[key], $"'{key}' must be true, false or auto, not '{s}'");
                return null;
        }
    }

    private List<string> Strings(Dictionary<string, YamlNode> keys, string key)
    {
        if (!keys.TryGetValue(key, out YamlNode? node))
        {
            return [];
        }
        if (node is YamlScalarNode { Value: { } one } && one.Length > 0)
        {
            return [one];
        }
        var result = new List<string>();
        if (Expect<YamlSequenceNode>(node, $"'{key}' to be a list") is { } list)
        {
            foreach (YamlNode item in list)
            {
                if (Expect<YamlScalarNode>(item, "a single value in the list") is { Value: { } v })
                {
                    result.Add(v);
                }
            }
        }
        return result;
    }

    private Dictionary<string, string> Labels(Dictionary<string, YamlNode> keys, string key)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!keys.TryGetValue(key, out YamlNode? node) || Expect<YamlMappingNode>(node, $"'{key}' to be name: value pairs") is not { } map)
        {
            return result;
        }
        foreach (var (k, v) in map.Children)
        {
            string name = (k as YamlScalarNode)?.Value ?? "";
            if (!Collect.StreamLabels.IsValidName(name))
            {
                Error(k, $"'{name}' is not a valid label name (letters, digits and '_', not starting with a digit)");
                continue;
            }
            if (Expect<YamlScalarNode>(v, "a label value") is { Value: { } value })
            {
                result[name] = value;
            }
        }
        return result;
    }

    private string? Listen(Dictionary<string, YamlNode> keys, string key)
    {
        string? s = String(keys, key);
        if (s is null || s is "off")
        {
            return null;
        }
        if (!TryParseEndpoint(s, out _))
        {
            Error(keys[key], $"'{s}' is not an address:port such as 127.0.0.1:9740 or [::1]:9740");
            return null;
        }
        return s;
    }

    /// <summary>"127.0.0.1:9740", "[::1]:9740", "0.0.0.0:514", "localhost:9740".</summary>
    public static bool TryParseEndpoint(string s, out System.Net.IPEndPoint? endpoint)
    {
        endpoint = null;
        if (s.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase))
        {
            s = "127.0.0.1:" + s["localhost:".Length..];
        }
        return System.Net.IPEndPoint.TryParse(s, out endpoint) && endpoint.Port > 0 && s.Contains(':', StringComparison.Ordinal) && !s.EndsWith(':');
    }

    private TimeSpan? Duration(Dictionary<string, YamlNode> keys, string key)
    {
        string? s = String(keys, key);
        if (s is null)
        {
            return null;
        }
        if (TryParseDuration(s, out TimeSpan d))
        {
            return d;
        }
        Error(keys[key], $"'{s}' is not a duration such as 500ms, 10s, 5m, 12h, 30d or 1h30m");
        return null;
    }

    private long? Size(Dictionary<string, YamlNode> keys, string key)
    {
        string? s = String(keys, key);
        if (s is null)
        {
            return null;
        }
        if (TryParseSize(s, out long bytes))
        {
            return bytes;
        }
        Error(keys[key], $"'{s}' is not a size such as 512MiB, 10GB or 1048576");
        return null;
    }

    [GeneratedRegex(@"^(?:(\d+(?:\.\d+)?)(ms|s|m|h|d|w))+$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|s|m|h|d|w)")]
    private static partial Regex DurationPart();

    public static bool TryParseDuration(string s, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        s = s.Trim();
        if (!DurationPattern().IsMatch(s))
        {
            return false;
        }
        foreach (Match m in DurationPart().Matches(s))
        {
            double n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            duration += m.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                "d" => TimeSpan.FromDays(n),
                _ => TimeSpan.FromDays(7 * n),
            };
        }
        return true;
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*([KMGTP]?)(i?)(B?)$", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();

    public static bool TryParseSize(string s, out long bytes)
    {
        bytes = 0;
        Match m = SizePattern().Match(s.Trim());
        if (!m.Success)
        {
            return false;
        }
        double n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        string unit = m.Groups[2].Value.ToUpperInvariant();
        // KiB/MiB and bare K/M/G (as du and Docker read them) are binary; KB/MB/GB are decimal.
        double scale = m.Groups[3].Value.Length > 0 || m.Groups[4].Value.Length == 0 ? 1024 : 1000;
        int power = "KMGTP".IndexOf(unit, StringComparison.Ordinal) + 1;
        if (unit.Length == 0)
        {
            power = 0;
        }
        double value = n * Math.Pow(scale, power);
        if (value > long.MaxValue)
        {
            return false;
        }
        bytes = (long)value;
        return true;
    }

    private void Error(YamlNode node, string message)
    {
        string origin = _overrideOrigin.TryGetValue(node, out string? o) ? o : $"{_fileName}:{node.Start.Line}:{node.Start.Column}";
        _errors.Add(new ConfigError(origin, message));
    }

    private static string Normalise(string? key) => (key ?? "").Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>Edit distance, for "did you mean" hints (rule packs use it too).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }
        return d[a.Length, b.Length];
    }
}
