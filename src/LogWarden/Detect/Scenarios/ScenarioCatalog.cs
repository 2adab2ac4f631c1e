using System.Globalization;
using System.Text.RegularExpressions;
using LogWarden.Config;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LogWarden.Detect.Scenarios;

/// <summary>
/// The scenarios and services the detector runs: the built-in <c>scenarios.yaml</c> (embedded), with the
/// files of a user directory laid over it. A user scenario with a new kind is added; one with a built-in
/// kind overrides the keys it names (<c>enabled: false</c> removes it); user services are tried before the
/// built-in ones. Every mistake fails the load with its file and line.
/// </summary>
internal sealed partial class ScenarioCatalog
{
    private const string ResourceName = "LogWarden.Detect.Scenarios.scenarios.yaml";
    private const string BuiltInName = "scenarios.yaml (built in)";

    private static readonly Lazy<ScenarioCatalog> BuiltInCatalog = new(() => Build([(BuiltInName, ReadBuiltIn())]));

    private static readonly HashSet<string> ScenarioKeys =
    [
        "kind", "type", "severity", "description", "when", "success", "key", "count", "distinct", "distinct_window",
        "capacity", "leak", "max_level", "cooldown", "background", "requires", "period", "one_finding_per", "raise_if", "name_user", "title", "enabled",
    ];

    private static readonly HashSet<string> FilterKeys = ["kinds", "services", "not_services", "not_users", "status", "hostile", "has", "path", "max_success_ratio", "user", "ip"];
    private static readonly HashSet<string> BackgroundKeys = ["mode", "factor", "quantile", "min_samples", "max_raise", "min_hours", "initial_capacity", "chance_per_day", "surge_probability", "surge_min", "surge_span", "fast_leak", "fast_capacity"];

    private ScenarioCatalog(IReadOnlyList<ServiceDefinition> services, IReadOnlyList<AttemptLineDefinition> attemptLines, IReadOnlyList<ScenarioDefinition> scenarios)
    {
        Services = services;
        AttemptLines = attemptLines;
        Scenarios = scenarios;
    }

    /// <summary>The scenarios shipped with LogWarden.</summary>
    public static ScenarioCatalog BuiltIn => BuiltInCatalog.Value;

    public IReadOnlyList<ServiceDefinition> Services { get; }

    public IReadOnlyList<ScenarioDefinition> Scenarios { get; }

    /// <summary>Lines that are login attempts though the recogniser reports no event for them.</summary>
    public IReadOnlyList<AttemptLineDefinition> AttemptLines { get; }

    /// <summary>The built-in scenarios with every <c>*.yaml</c>/<c>*.yml</c> of <paramref name="userDirectory"/> laid over them, in name order.</summary>
    /// <exception cref="FormatException">A file is malformed; the message names the file and line.</exception>
    public static ScenarioCatalog Load(string? userDirectory)
    {
        if (userDirectory is null || !Directory.Exists(userDirectory))
        {
            return BuiltIn;
        }

        var files = Directory.EnumerateFiles(userDirectory)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            return BuiltIn;
        }

        var documents = new List<(string, string)> { (BuiltInName, ReadBuiltIn()) };
        documents.AddRange(files.Select(f => (f, File.ReadAllText(f))));
        return Build(documents);
    }

    /// <summary>Reads one document of scenarios on its own (no built-ins), e.g. to check a user file.</summary>
    public static ScenarioCatalog Parse(string yaml, string name = "scenarios") => Build([(name, yaml)]);

    /// <summary>The built-in document with <paramref name="yaml"/> laid over it, as a user file would be.</summary>
    public static ScenarioCatalog ParseOverBuiltIn(string yaml, string name = "user scenarios") =>
        Build([(BuiltInName, ReadBuiltIn()), (name, yaml)]);

    /// <summary>The built-in scenarios read afresh (not <see cref="BuiltIn"/>'s instance).</summary>
    internal static ScenarioCatalog LoadBuiltIn() => Build([(BuiltInName, ReadBuiltIn())]);

    private static string ReadBuiltIn()
    {
        using var stream = typeof(ScenarioCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>One scenario's YAML keys, each with the file it came from (a user file may override some).</summary>
    private sealed class ScenarioNode(string kind)
    {
        public string Kind { get; } = kind;

        public Dictionary<string, (YamlNode Value, string File)> Keys { get; } = new(StringComparer.Ordinal);
    }

    private static ScenarioCatalog Build(IReadOnlyList<(string Name, string Yaml)> documents)
    {
        var services = new List<ServiceDefinition>();
        var attemptLines = new List<AttemptLineDefinition>();
        var nodes = new List<ScenarioNode>();
        foreach (var (name, yaml) in documents)
        {
            var root = Root(name, yaml);
            var fileServices = new List<ServiceDefinition>();
            if (root.Children.TryGetValue(new YamlScalarNode("services"), out var servicesNode))
            {
                foreach (var entry in AsSequence(servicesNode, name, "services"))
                {
                    fileServices.Add(ReadService(AsMapping(entry, name, "a service"), name));
                }
            }

            services.InsertRange(0, fileServices); // a later file's services are tried first
            if (root.Children.TryGetValue(new YamlScalarNode("attempt_lines"), out var attemptNode))
            {
                foreach (var entry in AsSequence(attemptNode, name, "attempt_lines"))
                {
                    attemptLines.Add(ReadAttemptLine(AsMapping(entry, name, "an attempt line"), name));
                }
            }

            if (root.Children.TryGetValue(new YamlScalarNode("scenarios"), out var scenariosNode))
            {
                foreach (var entry in AsSequence(scenariosNode, name, "scenarios"))
                {
                    var mapping = AsMapping(entry, name, "a scenario");
                    string kind = ScalarOf(mapping, "kind", name) ?? throw Error(name, mapping, "a scenario needs a kind");
                    if (!KindPattern().IsMatch(kind))
                    {
                        throw Error(name, mapping, $"kind '{kind}' must be lowercase letters, digits and '-'");
                    }

                    var node = nodes.Find(n => n.Kind == kind);
                    if (node is null)
                    {
                        node = new ScenarioNode(kind);
                        nodes.Add(node);
                    }

                    foreach (var (key, value) in mapping.Children)
                    {
                        string keyName = ((YamlScalarNode)key).Value ?? "";
                        if (!ScenarioKeys.Contains(keyName))
                        {
                            throw Error(name, key, $"unknown key '{keyName}' in scenario {kind} (known: {string.Join(", ", ScenarioKeys)})");
                        }

                        node.Keys[keyName] = (value, name);
                    }
                }
            }
        }

        var scenarios = new List<ScenarioDefinition>();
        foreach (var node in nodes)
        {
            if (node.Keys.TryGetValue("enabled", out var enabled) && !Bool(enabled.Value, enabled.File))
            {
                continue;
            }

            scenarios.Add(ReadScenario(node));
        }

        foreach (var scenario in scenarios)
        {
            if (scenario.Requires is { } requires)
            {
                var memory = scenarios.Find(s => s.Kind == requires.Scenario);
                if (memory is null || memory.Type != ScenarioType.Memory)
                {
                    throw new FormatException($"{scenario.Origin}: requires scenario '{requires.Scenario}', which is no memory scenario");
                }

                if (!memory.Key.SequenceEqual(scenario.Key))
                {
                    throw new FormatException($"{scenario.Origin}: requires '{requires.Scenario}', whose key [{string.Join(", ", memory.Key)}] differs from [{string.Join(", ", scenario.Key)}]");
                }
            }
        }

        return new ScenarioCatalog(services, attemptLines, scenarios);
    }

    private static YamlMappingNode Root(string name, string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new FormatException($"{name}, line {e.Start.Line}: {e.Message}", e);
        }

        if (stream.Documents.Count == 0)
        {
            return new YamlMappingNode();
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw Error(name, stream.Documents[0].RootNode, "expected a mapping with 'services' and/or 'scenarios'");
        }

        foreach (var (key, _) in root.Children)
        {
            if (((YamlScalarNode)key).Value is not ("services" or "attempt_lines" or "scenarios"))
            {
                throw Error(name, key, $"unknown key '{((YamlScalarNode)key).Value}' (expected services, attempt_lines or scenarios)");
            }
        }

        return root;
    }

    private static ServiceDefinition ReadService(YamlMappingNode node, string file)
    {
        string name = ScalarOf(node, "name", file) ?? throw Error(file, node, "a service needs a name");
        string pattern = ScalarOf(node, "programs", file) ?? throw Error(file, node, $"service {name} needs programs (a regex)");
        try
        {
            var programs = BuiltInRegexes.Create(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return new ServiceDefinition(name, ScalarOf(node, "title", file) ?? name, programs);
        }
        catch (ArgumentException e)
        {
            throw Error(file, node, $"service {name}: programs '{pattern}' does not compile: {e.Message}");
        }
    }

    private static AttemptLineDefinition ReadAttemptLine(YamlMappingNode node, string file)
    {
        string kind = ScalarOf(node, "kind", file) ?? throw Error(file, node, "an attempt line needs a kind");
        string suffix = ScalarOf(node, "suffix", file) is { Length: > 0 } s ? s : throw Error(file, node, $"attempt line {kind} needs a suffix (lines are tested by their end first)");
        string pattern = ScalarOf(node, "pattern", file) ?? throw Error(file, node, $"attempt line {kind} needs a pattern");
        bool hostile = Child(node, "hostile") is not { } h || Bool(h, file);
        try
        {
            var regex = BuiltInRegexes.Create(pattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1));
            return regex.GetGroupNames().Contains("addr")
                ? new AttemptLineDefinition(kind, hostile, suffix, regex)
                : throw Error(file, node, $"attempt line {kind}: the pattern needs an (?<addr>…) group");
        }
        catch (ArgumentException e)
        {
            throw Error(file, node, $"attempt line {kind}: pattern '{pattern}' does not compile: {e.Message}");
        }
    }

    private static ScenarioDefinition ReadScenario(ScenarioNode node)
    {
        string kind = node.Kind;
        var keys = node.Keys;
        string origin = $"{keys["kind"].File}, line {keys["kind"].Value.Start.Line}";

        T Read<T>(string key, Func<YamlNode, string, T> read, T fallback) =>
            keys.TryGetValue(key, out var entry) ? read(entry.Value, entry.File) : fallback;

        FormatException Missing(string key) => new($"{origin}: scenario {kind} needs '{key}'");

        var type = Read("type", (n, f) => Scalar(n, f) switch
        {
            "leaky" => ScenarioType.Leaky,
            "trigger" => ScenarioType.Trigger,
            "memory" => ScenarioType.Memory,
            "summary" => ScenarioType.Summary,
            var other => throw Error(f, n, $"type must be leaky, trigger, memory or summary, not '{other}'"),
        }, ScenarioType.Leaky);

        var severity = Read("severity", (n, f) => Scalar(n, f) switch
        {
            "info" => FindingSeverity.Info,
            "warning" => FindingSeverity.Warning,
            "critical" => FindingSeverity.Critical,
            var other => throw Error(f, n, $"severity must be info, warning or critical, not '{other}'"),
        }, type == ScenarioType.Summary ? FindingSeverity.Info : FindingSeverity.Warning);

        var when = Read("when", ReadFilters, null) ?? throw Missing("when");
        var key = Read("key", (n, f) => AsSequence(n, f, "key").Select(e => Entity(e, f)).ToList(), null) ?? throw Missing("key");
        if (key.Count == 0 || key.Distinct().Count() != key.Count)
        {
            throw new FormatException($"{origin}: scenario {kind}: key must name at least one entity, each once");
        }

        var count = Read("count", (n, f) => Scalar(n, f) switch
        {
            "lines" => CountMode.Lines,
            "attempts" => CountMode.Attempts,
            var other => throw Error(f, n, $"count must be lines or attempts, not '{other}'"),
        }, CountMode.Lines);

        double capacity = Read("capacity", (n, f) => Number(n, f, min: 0), -1);
        TimeSpan leak = Read("leak", Duration, TimeSpan.Zero);
        TimeSpan period = Read("period", Duration, TimeSpan.Zero);
        switch (type)
        {
            case ScenarioType.Leaky when capacity <= 0:
                throw new FormatException($"{origin}: scenario {kind} needs a capacity above 0");
            case ScenarioType.Trigger when capacity > 0:
                throw new FormatException($"{origin}: scenario {kind} is a trigger (capacity 0): leave capacity out");
            case ScenarioType.Summary when period <= TimeSpan.Zero:
                throw Missing("period");
            case not ScenarioType.Summary when leak <= TimeSpan.Zero:
                throw Missing("leak");
        }

        var title = Read("title", (n, f) =>
        {
            try
            {
                return TitleTemplate.Parse(Scalar(n, f));
            }
            catch (FormatException e)
            {
                throw Error(f, n, e.Message);
            }
        }, null);
        if (title is null && type != ScenarioType.Memory)
        {
            throw Missing("title");
        }

        var oneFindingPer = Read("one_finding_per", (n, f) => AsSequence(n, f, "one_finding_per").Select(e => Entity(e, f)).ToList(), []);
        if (oneFindingPer.Any(e => !key.Contains(e)))
        {
            throw new FormatException($"{origin}: scenario {kind}: one_finding_per names entities of its key only");
        }

        var requires = Read("requires", ReadRequirement, null);
        if (requires is not null && type != ScenarioType.Trigger)
        {
            throw new FormatException($"{origin}: scenario {kind}: only a trigger has 'requires'");
        }

        return new ScenarioDefinition
        {
            Kind = kind,
            Type = type,
            Severity = severity,
            Description = Read("description", Scalar, ""),
            When = when,
            Success = Read("success", ReadFilters, []),
            Key = key,
            Count = count,
            Distinct = Read<ScenarioEntity?>("distinct", (n, f) => Entity(n, f), null),
            DistinctWindow = Read("distinct_window", Duration, TimeSpan.Zero),
            Capacity = Math.Max(capacity, 0),
            Leak = leak,
            MaxLevel = Read("max_level", (n, f) => Number(n, f, min: 1), 0),
            Cooldown = Read("cooldown", Duration, TimeSpan.FromMinutes(1)),
            Background = Read("background", ReadBackground, null),
            Requires = requires,
            Period = period,
            OneFindingPer = oneFindingPer,
            RaiseIfUserLogsIn = Read("raise_if", (n, f) => Scalar(n, f) == "user_logs_in" ? true : throw Error(f, n, "raise_if: the only condition is 'user_logs_in'"), false),
            NameMostTriedUser = Read("name_user", (n, f) => Scalar(n, f) == "most_tried" ? true : throw Error(f, n, "name_user: the only choice is 'most_tried'"), false),
            Title = title ?? TitleTemplate.Parse(kind),
            Origin = origin,
        };
    }

    private static List<EventFilter> ReadFilters(YamlNode node, string file)
    {
        var filters = new List<EventFilter>();
        foreach (var entry in AsSequence(node, file, "when"))
        {
            var mapping = AsMapping(entry, file, "an alternative of 'when'");
            foreach (var (key, _) in mapping.Children)
            {
                if (!FilterKeys.Contains(((YamlScalarNode)key).Value ?? ""))
                {
                    throw Error(file, key, $"unknown test '{((YamlScalarNode)key).Value}' (known: {string.Join(", ", FilterKeys)})");
                }
            }

            int statusMin = 0, statusMax = 0;
            if (Child(mapping, "status") is { } status)
            {
                (statusMin, statusMax) = StatusRange(status, file);
            }

            var filter = new EventFilter
            {
                Kinds = Child(mapping, "kinds") is { } kinds ? Strings(kinds, file, "kinds") : null,
                Services = Child(mapping, "services") is { } services ? Strings(services, file, "services") : null,
                NotServices = Child(mapping, "not_services") is { } notServices ? Strings(notServices, file, "not_services") : null,
                NotUsers = Child(mapping, "not_users") is { } notUsers ? Strings(notUsers, file, "not_users") : null,
                Hostile = Child(mapping, "hostile") is { } hostile ? Bool(hostile, file) : null,
                StatusMin = statusMin,
                StatusMax = statusMax,
                Has = Child(mapping, "has") is { } has ? AsSequence(has, file, "has").Select(e => Entity(e, file)).ToList() : [],
                UnservedPath = Child(mapping, "path") is { } path && (Scalar(path, file) == "unserved" ? true : throw Error(file, path, "path: the only test is 'unserved'")),
                MaxSuccessRatio = Child(mapping, "max_success_ratio") is { } ratio ? Number(ratio, file, min: 0, max: 1) : null,
                UserLogsIn = Child(mapping, "user") is { } user && (Scalar(user, file) == "logs_in" ? true : throw Error(file, user, "user: the only test is 'logs_in'")),
                RealUsersOnly = Child(mapping, "ip") is { } ip && (Scalar(ip, file) is "real_users_only" or "strangers" ? true : throw Error(file, ip, "ip: the tests are 'real_users_only' and 'strangers'")),
                StrangersOnly = Child(mapping, "ip") is { } stranger && Scalar(stranger, file) == "strangers",
            };
            if (filter is { Kinds: null, StatusMin: 0, Services: null, NotServices: null, Hostile: null })
            {
                throw Error(file, mapping, "an alternative of 'when' needs kinds, status, services or hostile");
            }

            filters.Add(filter);
        }

        if (filters.Count == 0)
        {
            throw Error(file, node, "'when' needs at least one alternative");
        }

        return filters;
    }

    private static BackgroundDefinition ReadBackground(YamlNode node, string file)
    {
        var mapping = AsMapping(node, file, "background");
        foreach (var (key, _) in mapping.Children)
        {
            if (!BackgroundKeys.Contains(((YamlScalarNode)key).Value ?? ""))
            {
                throw Error(file, key, $"unknown key '{((YamlScalarNode)key).Value}' in background (known: {string.Join(", ", BackgroundKeys)})");
            }
        }

        var mode = ScalarOf(mapping, "mode", file) switch
        {
            "population" => BackgroundMode.Population,
            "per-key" => BackgroundMode.PerKey,
            var other => throw Error(file, mapping, $"background mode must be population or per-key, not '{other}'"),
        };
        return new BackgroundDefinition(
            mode,
            Child(mapping, "factor") is { } factor ? Number(factor, file, min: 1) : 2,
            Child(mapping, "quantile") is { } quantile ? Number(quantile, file, min: 0.5, max: 1) : 0.95,
            Child(mapping, "min_samples") is { } samples ? Number(samples, file, min: 1) : 100,
            Child(mapping, "max_raise") is { } raise ? Number(raise, file, min: 1) : 5,
            Child(mapping, "min_hours") is { } hours ? (int)Number(hours, file, min: 1) : 24,
            Child(mapping, "initial_capacity") is { } initial ? Number(initial, file, min: 0) : 0,
            Child(mapping, "chance_per_day") is { } chance
                ? mode == BackgroundMode.PerKey ? Number(chance, file, min: 1e-9, max: 1) : throw Error(file, chance, "chance_per_day is for per-key backgrounds")
                : null,
            ReadSurge(mapping, mode, file),
            ReadFast(mapping, mode, file));
    }

    private static FastLevel? ReadFast(YamlMappingNode mapping, BackgroundMode mode, string file)
    {
        var leak = Child(mapping, "fast_leak");
        var capacity = Child(mapping, "fast_capacity");
        if (leak is null && capacity is null)
        {
            return null;
        }

        if (mode != BackgroundMode.Population)
        {
            throw Error(file, leak ?? capacity!, "fast_leak and fast_capacity are for population backgrounds");
        }

        if (leak is null || capacity is null)
        {
            throw Error(file, leak ?? capacity!, "a fast level needs both fast_leak and fast_capacity");
        }

        return new FastLevel(Duration(leak, file), Number(capacity, file, min: 1));
    }

    private static SurgeTest? ReadSurge(YamlMappingNode mapping, BackgroundMode mode, string file)
    {
        var probability = Child(mapping, "surge_probability");
        var min = Child(mapping, "surge_min");
        var span = Child(mapping, "surge_span");
        if (probability is null && min is null && span is null)
        {
            return null;
        }

        if (mode != BackgroundMode.PerKey)
        {
            throw Error(file, probability ?? min ?? span!, "surge_probability, surge_min and surge_span are for per-key backgrounds");
        }

        if (probability is null)
        {
            throw Error(file, min ?? span!, "a surge test needs surge_probability");
        }

        return new SurgeTest(
            Number(probability, file, min: 1e-300, max: 0.01),
            min is null ? 5 : (int)Number(min, file, min: 2),
            span is null ? TimeSpan.FromMinutes(1) : Duration(span, file));
    }

    private static Requirement ReadRequirement(YamlNode node, string file)
    {
        var mapping = AsMapping(node, file, "requires");
        string scenario = ScalarOf(mapping, "scenario", file) ?? throw Error(file, mapping, "requires needs scenario");
        double min = Child(mapping, "min") is { } m ? Number(m, file, min: 1) : throw Error(file, mapping, "requires needs min");
        return new Requirement(scenario, min);
    }

    private static (int, int) StatusRange(YamlNode node, string file)
    {
        string text = Scalar(node, file);
        var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        if (int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int low)
            && (parts.Length == 1 ? low is >= 100 and <= 599 : int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int high) && low >= 100 && high <= 599 && low <= high))
        {
            return parts.Length == 1 ? (low, low) : (low, int.Parse(parts[1], CultureInfo.InvariantCulture));
        }

        throw Error(file, node, $"status '{text}' is not a code or a range such as 500-599");
    }

    private static ScenarioEntity Entity(YamlNode node, string file) => Scalar(node, file) switch
    {
        "ip" => ScenarioEntity.Ip,
        "user" => ScenarioEntity.User,
        "path" => ScenarioEntity.Path,
        "service" => ScenarioEntity.Service,
        "host" => ScenarioEntity.Host,
        "source" => ScenarioEntity.Source,
        "program" => ScenarioEntity.Program,
        var other => throw Error(file, node, $"'{other}' is no entity (ip, user, path, service, host, source, program)"),
    };

    private static TimeSpan Duration(YamlNode node, string file)
    {
        string text = Scalar(node, file);
        return ConfigLoader.TryParseDuration(text, out var duration) && duration > TimeSpan.Zero
            ? duration
            : throw Error(file, node, $"'{text}' is not a duration such as 30s, 5m or 1h");
    }

    private static double Number(YamlNode node, string file, double min, double max = double.MaxValue)
    {
        string text = Scalar(node, file);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= min && value <= max
            ? value
            : throw Error(file, node, max == double.MaxValue ? $"'{text}' must be a number of at least {min}" : $"'{text}' must be a number from {min} to {max}");
    }

    private static bool Bool(YamlNode node, string file) => Scalar(node, file) switch
    {
        "true" => true,
        "false" => false,
        var other => throw Error(file, node, $"'{other}' must be true or false"),
    };

    private static HashSet<string> Strings(YamlNode node, string file, string what) =>
        AsSequence(node, file, what).Select(n => Scalar(n, file)).ToHashSet(StringComparer.Ordinal);

    private static string Scalar(YamlNode node, string file) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Error(file, node, "expected a single value");

    private static string? ScalarOf(YamlMappingNode node, string key, string file) => Child(node, key) is { } child ? Scalar(child, file) : null;

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static YamlSequenceNode AsSequence(YamlNode node, string file, string what) =>
        node as YamlSequenceNode ?? throw Error(file, node, $"'{what}' must be a list");

    private static YamlMappingNode AsMapping(YamlNode node, string file, string what) =>
        node as YamlMappingNode ?? throw Error(file, node, $"{what} must be a mapping");

    private static FormatException Error(string file, YamlNode node, string message) => new($"{file}, line {node.Start.Line}: {message}");

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex KindPattern();
}
