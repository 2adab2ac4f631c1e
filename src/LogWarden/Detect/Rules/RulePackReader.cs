using System.Globalization;
using LogWarden.Config;
using LogWarden.Parse;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LogWarden.Detect.Rules;

/// <summary>One pack file as read: its rules (complete, or amendments of a rule defined earlier) and the ids it disables.</summary>
internal sealed record RulePack(string Name, string Origin, IReadOnlyList<RuleDraft> Rules, IReadOnlyList<(string Id, string Origin)> Disable);

/// <summary>
/// A rule as a pack states it. A complete rule has at least kind, severity, title and match; a user pack
/// may instead restate the id of an existing rule with only some keys, which then replace that rule's
/// (an amendment: a different severity, an allowlist, a longer quiet time, enabled: false).
/// </summary>
internal sealed class RuleDraft
{
    public required string Id { get; init; }
    public required string Origin { get; init; }
    public required string Pack { get; init; }
    public string? Kind { get; set; }
    public FindingSeverity? Severity { get; set; }
    public TextTemplate? Title { get; set; }
    public string? Description { get; set; }
    public MatchCondition? Match { get; set; }
    public IReadOnlyList<Extraction>? Extract { get; set; }
    public Dictionary<string, TextTemplate>? Entities { get; set; }
    public IReadOnlyList<string>? Key { get; set; }
    public Threshold? Threshold { get; set; }
    public (int Count, FindingSeverity Severity, TimeSpan? Within)? Escalate { get; set; }
    public TimeSpan? Gather { get; set; }
    public TimeSpan? Quiet { get; set; }
    public Dictionary<string, IReadOnlyList<string>>? Allow { get; set; }
    public Novelty? Novel { get; set; }
    public AfterCondition? After { get; set; }
    public IReadOnlyList<Clearing>? ClearedBy { get; set; }
    public IReadOnlyList<RuleExample>? Examples { get; set; }
    public bool? Enabled { get; set; }

    /// <summary>Whether this draft states a whole rule (else it amends one).</summary>
    public bool IsComplete => Match is not null;

    /// <summary>This draft's keys laid over <paramref name="basis"/>'s (an amendment of it).</summary>
    public RuleDraft Over(RuleDraft basis) => new()
    {
        Id = Id,
        Origin = Origin,
        Pack = Pack,
        Kind = Kind ?? basis.Kind,
        Severity = Severity ?? basis.Severity,
        Title = Title ?? basis.Title,
        Description = Description ?? basis.Description,
        Match = Match ?? basis.Match,
        Extract = Extract ?? basis.Extract,
        Entities = Entities ?? basis.Entities,
        Key = Key ?? basis.Key,
        Threshold = Threshold ?? basis.Threshold,
        Escalate = Escalate ?? basis.Escalate,
        Gather = Gather ?? basis.Gather,
        Quiet = Quiet ?? basis.Quiet,
        Allow = Allow ?? basis.Allow,
        Novel = Novel ?? basis.Novel,
        After = After ?? basis.After,
        ClearedBy = ClearedBy ?? basis.ClearedBy,
        Examples = Examples ?? basis.Examples,
        Enabled = Enabled ?? basis.Enabled,
    };
}

/// <summary>
/// Reads rule packs from YAML with YamlDotNet's node model, so that every problem names its file, line
/// and column as the configuration's errors do (<see cref="ConfigError"/>); all problems of a file are
/// collected, not only the first. Every pattern is compiled here.
/// </summary>
internal sealed class RulePackReader
{
    private static readonly string[] PackKeys = ["pack", "description", "rules", "disable"];
    private static readonly string[] RuleKeys =
        ["id", "kind", "severity", "title", "description", "match", "extract", "entities", "key", "threshold", "escalate", "gather", "quiet", "allow", "novel", "after", "cleared_by", "examples", "enabled"];
    private static readonly string[] MatchKeys = ["from", "level", "security", "contains", "regex", "not", "fields", "template"];

    private readonly string _fileName;
    private readonly List<ConfigError> _errors;

    private RulePackReader(string fileName, List<ConfigError> errors)
    {
        _fileName = fileName;
        _errors = errors;
    }

    /// <summary>Reads one pack; problems go to <paramref name="errors"/> (the pack holds what could be read).</summary>
    public static RulePack Read(string yaml, string fileName, string packName, List<ConfigError> errors)
    {
        var reader = new RulePackReader(fileName, errors);
        return reader.ReadPack(yaml, packName);
    }

    private RulePack ReadPack(string yaml, string packName)
    {
        var rules = new List<RuleDraft>();
        var disable = new List<(string, string)>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            _errors.Add(new ConfigError($"{_fileName}:{e.Start.Line}:{e.Start.Column}", "not valid YAML: " + (e.InnerException?.Message ?? e.Message)));
            return new RulePack(packName, _fileName, rules, disable);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new RulePack(packName, _fileName, rules, disable);
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(stream.Documents[0].RootNode, "a rule pack is a mapping with 'rules' (a list) and optionally 'disable' (rule ids)");
            return new RulePack(packName, _fileName, rules, disable);
        }

        var keys = Keys(root, PackKeys);
        string name = Scalar(keys, "pack") ?? packName;
        if (keys.TryGetValue("disable", out var disableNode))
        {
            foreach (var (id, node) in StringList(disableNode, "'disable' to be a list of rule ids"))
            {
                disable.Add((id, Where(node)));
            }
        }

        if (keys.TryGetValue("rules", out var rulesNode))
        {
            if (rulesNode is YamlSequenceNode list)
            {
                var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
                foreach (YamlNode item in list)
                {
                    int before = _errors.Count;
                    if (Expect<YamlMappingNode>(item, "a rule (a mapping with id, kind, severity, title, match…)") is { } map
                        && ReadRule(map, name) is { } rule
                        && _errors.Count == before)
                    {
                        if (seen.TryGetValue(rule.Id, out var first))
                        {
                            Error(map, $"rule '{rule.Id}' is defined twice in this pack (first at line {first.Start.Line})");
                            continue;
                        }

                        seen[rule.Id] = map;
                        rules.Add(rule);
                    }
                }
            }
            else
            {
                Error(rulesNode, "expected 'rules' to be a list of rules");
            }
        }

        return new RulePack(name, _fileName, rules, disable);
    }

    private RuleDraft? ReadRule(YamlMappingNode node, string pack)
    {
        var keys = Keys(node, RuleKeys);
        string? id = Scalar(keys, "id");
        if (id is null)
        {
            Error(node, "a rule needs an 'id'");
            return null;
        }

        if (!IsName(id))
        {
            Error(keys["id"], $"rule id '{id}' must be lower-case letters, digits and '-'");
        }

        var rule = new RuleDraft { Id = id, Origin = Where(node), Pack = pack };
        if (Scalar(keys, "kind") is { } kind)
        {
            if (!IsName(kind))
            {
                Error(keys["kind"], $"kind '{kind}' must be lower-case letters, digits and '-'");
            }

            rule.Kind = kind;
        }

        rule.Severity = FindingSeverityOf(keys, "severity");
        rule.Title = Template(keys, "title");
        rule.Description = Scalar(keys, "description");
        if (keys.TryGetValue("match", out var match))
        {
            rule.Match = Condition(match);
        }

        if (keys.TryGetValue("extract", out var extract))
        {
            rule.Extract = Extractions(extract);
        }

        if (keys.TryGetValue("entities", out var entities) && Expect<YamlMappingNode>(entities, "'entities' to be name: template pairs") is { } entityMap)
        {
            rule.Entities = new Dictionary<string, TextTemplate>(StringComparer.Ordinal);
            foreach (var (k, v) in entityMap.Children)
            {
                string entity = (k as YamlScalarNode)?.Value ?? "";
                if (!IsValueName(entity))
                {
                    Error(k, $"'{entity}' is not an entity name (letters, digits and '_')");
                }
                else if (Expect<YamlScalarNode>(v, "an entity template such as '{unit}' or '/dev/{device}'") is { Value: { } text } && ParseTemplate(text, v) is { } template)
                {
                    rule.Entities[entity] = template;
                }
            }
        }

        if (keys.TryGetValue("key", out var key))
        {
            rule.Key = [.. StringList(key, "'key' to be a list of entity names").Select(p => p.Value)];
        }

        if (keys.TryGetValue("threshold", out var threshold) && Section(threshold, "'threshold' to be a section with count and within") is { } t)
        {
            var tk = Keys(t, "count", "within", "distinct", "min_distinct");
            int? count = Int(tk, "count", minimum: 1);
            TimeSpan? within = Duration(tk, "within");
            string? distinct = tk.TryGetValue("distinct", out var d) ? Expect<YamlScalarNode>(d, "'distinct' to be a value name")?.Value : null;
            int? minDistinct = Int(tk, "min_distinct", minimum: 2);
            if (count is null || within is null)
            {
                Error(t, "a threshold needs both 'count' and 'within'");
            }
            else if ((distinct is null) != (minDistinct is null) || minDistinct > DistinctValuesInWindow.MaxValues)
            {
                Error(t, $"a threshold's 'distinct' (a value name) and 'min_distinct' (2 to {DistinctValuesInWindow.MaxValues}) go together");
            }
            else
            {
                rule.Threshold = new Threshold(count.Value, within.Value, distinct, minDistinct ?? 0);
            }
        }

        if (keys.TryGetValue("escalate", out var escalate) && Section(escalate, "'escalate' to be a section with count and severity") is { } e)
        {
            var ek = Keys(e, "count", "severity", "within");
            int? count = Int(ek, "count", minimum: 1);
            FindingSeverity? severity = FindingSeverityOf(ek, "severity");
            if (count is null || severity is null)
            {
                Error(e, "'escalate' needs 'count' and 'severity'");
            }
            else
            {
                rule.Escalate = (count.Value, severity.Value, Duration(ek, "within"));
            }
        }

        rule.Gather = Duration(keys, "gather");
        rule.Quiet = Duration(keys, "quiet");
        if (keys.TryGetValue("allow", out var allow) && Section(allow, "'allow' to be entity: [values] pairs") is { } allowMap)
        {
            rule.Allow = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var (k, v) in allowMap.Children)
            {
                rule.Allow[(k as YamlScalarNode)?.Value ?? ""] = [.. StringList(v, "a list of values (globs)").Select(p => p.Value)];
            }
        }

        if (keys.TryGetValue("novel", out var novel) && Section(novel, "'novel' to be a section with entity and learn") is { } n)
        {
            var nk = Keys(n, "entity", "learn", "known", "forget", "remember");
            string? entity = Scalar(nk, "entity");
            bool knownAsInfo = Scalar(nk, "known") switch
            {
                null or "quiet" => false,
                "info" => true,
                var other => Invalid<bool>(nk["known"], $"'known' must be quiet or info, not '{other}'"),
            };
            bool remember = Scalar(nk, "remember") switch
            {
                null or "true" or "yes" => true,
                "false" or "no" => false,
                var other => Invalid<bool>(nk["remember"], $"'remember' must be true or false, not '{other}'"),
            };
            if (entity is null)
            {
                Error(n, "'novel' needs the 'entity' whose new values raise");
            }
            else
            {
                rule.Novel = new Novelty(entity, Duration(nk, "learn") ?? TimeSpan.FromDays(2), knownAsInfo, Duration(nk, "forget"), remember);
            }
        }

        if (keys.TryGetValue("after", out var after) && Section(after, "'after' to be a section with match, count, within and same") is { } a)
        {
            var ak = Keys(a, "match", "count", "within", "same");
            // One match, or a list of them (any counts: "failed passwords, or connections closed before authenticating").
            List<MatchCondition> conditions = !ak.TryGetValue("match", out var am) ? []
                : am is YamlSequenceNode matches ? [.. matches.Select(Condition).OfType<MatchCondition>()]
                : Condition(am) is { } one ? [one] : [];
            int? count = Int(ak, "count", minimum: 1);
            TimeSpan? within = Duration(ak, "within");
            if (conditions.Count == 0 || count is null || within is null)
            {
                Error(a, "'after' needs 'match', 'count' and 'within'");
            }
            else
            {
                rule.After = new AfterCondition(conditions, count.Value, within.Value, Names(ak, "same"));
            }
        }

        if (keys.TryGetValue("cleared_by", out var cleared))
        {
            var clearings = new List<Clearing>();
            IEnumerable<YamlNode> items = cleared is YamlSequenceNode seq ? seq.Children : [cleared];
            foreach (var item in items)
            {
                if (Section(item, "a clearing: a section with match, within and same") is not { } c)
                {
                    continue;
                }

                var ck = Keys(c, "match", "within", "same");
                var condition = ck.TryGetValue("match", out var cm) ? Condition(cm) : null;
                TimeSpan? within = Duration(ck, "within");
                if (condition is null || within is null)
                {
                    Error(c, "a clearing needs 'match' and 'within'");
                }
                else
                {
                    clearings.Add(new Clearing(condition, within.Value, Names(ck, "same")));
                }
            }

            rule.ClearedBy = clearings;
        }

        if (keys.TryGetValue("examples", out var examples))
        {
            rule.Examples = Examples(examples);
        }

        if (Scalar(keys, "enabled") is { } enabled)
        {
            rule.Enabled = enabled.ToLowerInvariant() switch
            {
                "true" or "yes" or "on" => true,
                "false" or "no" or "off" => false,
                _ => Invalid<bool?>(keys["enabled"], $"'enabled' must be true or false, not '{enabled}'"),
            };
        }

        return rule;
    }

    private MatchCondition? Condition(YamlNode node)
    {
        if (Section(node, "'match' to be a section (from, level, security, contains, regex, not, fields, template)") is not { } map)
        {
            return null;
        }

        int before = _errors.Count;
        var keys = Keys(map, MatchKeys);
        Severity? level = null;
        if (Scalar(keys, "level") is { } levelText)
        {
            level = SeverityNames.TryParse(levelText, out var parsed)
                ? parsed
                : Invalid<Severity?>(keys["level"], $"'{levelText}' is not a level (emergency, alert, critical, error, warning, notice, info, debug)");
        }

        var fields = new List<FieldPattern>();
        if (keys.TryGetValue("fields", out var fieldsNode) && Section(fieldsNode, "'fields' to be field: pattern pairs") is { } fieldMap)
        {
            foreach (var (k, v) in fieldMap.Children)
            {
                if (Expect<YamlScalarNode>(v, "a pattern for the field") is { Value: { } text } && Pattern(text, v) is { } pattern)
                {
                    fields.Add(new FieldPattern((k as YamlScalarNode)?.Value ?? "", pattern));
                }
            }
        }

        var condition = new MatchCondition
        {
            From = keys.TryGetValue("from", out var from) ? [.. StringList(from, "'from' to be a list of names or globs").Select(p => p.Value)] : [],
            Level = level,
            Security = keys.TryGetValue("security", out var security) ? [.. StringList(security, "'security' to be a list of security event kinds").Select(p => p.Value)] : [],
            Contains = keys.TryGetValue("contains", out var contains) ? [.. StringList(contains, "'contains' to be a list of texts").Select(p => p.Value).Where(v => v.Length > 0)] : [],
            Regex = keys.TryGetValue("regex", out var regex) ? PatternNode(regex) : null,
            Not = keys.TryGetValue("not", out var not) ? PatternNode(not) : null,
            Fields = fields,
            Template = keys.TryGetValue("template", out var template) ? PatternNode(template) : null,
        };
        if (condition.IsEmpty && _errors.Count == before)
        {
            Error(map, "'match' needs at least one of from, level, security, contains, regex, fields or template");
            return null;
        }

        return condition;
    }

    /// <summary>Extraction patterns: a pattern over the message, or <c>{field: NAME, regex: PATTERN}</c> over a structured field.</summary>
    private List<Extraction> Extractions(YamlNode node)
    {
        var result = new List<Extraction>();
        IEnumerable<YamlNode> items = node is YamlSequenceNode list ? list.Children : [node];
        foreach (var item in items)
        {
            if (item is YamlScalarNode { Value: { } text })
            {
                if (Pattern(text, item) is { } pattern)
                {
                    result.Add(new Extraction(pattern));
                }
            }
            else if (Section(item, "a pattern, or a section with field and regex") is { } map)
            {
                var keys = Keys(map, "field", "regex");
                if (Scalar(keys, "field") is not { } field || !keys.TryGetValue("regex", out var regex))
                {
                    Error(map, "an extraction from a field needs 'field' and 'regex'");
                }
                else if (PatternNode(regex) is { } pattern)
                {
                    result.Add(new Extraction(pattern, field));
                }
            }
        }

        return result;
    }

    private List<RuleExample> Examples(YamlNode node)
    {
        var result = new List<RuleExample>();
        if (Expect<YamlSequenceNode>(node, "'examples' to be a list") is not { } list)
        {
            return result;
        }

        foreach (var item in list)
        {
            if (item is YamlScalarNode { Value: { } line })
            {
                result.Add(new RuleExample(line, true, new Dictionary<string, string>(), Where(item)));
                continue;
            }

            if (Section(item, "an example: a line, or a section with line, fires and values") is not { } map)
            {
                continue;
            }

            var keys = Keys(map, "line", "fires", "values");
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (keys.TryGetValue("values", out var v) && Section(v, "'values' to be name: value pairs") is { } valueMap)
            {
                foreach (var (k, val) in valueMap.Children)
                {
                    values[(k as YamlScalarNode)?.Value ?? ""] = (val as YamlScalarNode)?.Value ?? "";
                }
            }

            bool fires = Scalar(keys, "fires") is not ("false" or "no");
            if (Scalar(keys, "line") is { } text)
            {
                result.Add(new RuleExample(text, fires, values, Where(map)));
            }
            else
            {
                Error(map, "an example needs its 'line'");
            }
        }

        return result;
    }

    // ---------------------------------------------------------------- typed readers

    private RulePattern? PatternNode(YamlNode node) =>
        Expect<YamlScalarNode>(node, "a regular expression") is { Value: { } text } ? Pattern(text, node) : null;

    private RulePattern? Pattern(string text, YamlNode node)
    {
        try
        {
            return RulePattern.Compile(text);
        }
        catch (ArgumentException e)
        {
            Error(node, $"the pattern does not compile: {e.Message}");
            return null;
        }
    }

    private TextTemplate? Template(Dictionary<string, YamlNode> keys, string key) =>
        Scalar(keys, key) is { } text ? ParseTemplate(text, keys[key]) : null;

    private TextTemplate? ParseTemplate(string text, YamlNode node)
    {
        try
        {
            return TextTemplate.Parse(text);
        }
        catch (FormatException e)
        {
            Error(node, $"'{text}' is not a valid template: {e.Message}");
            return null;
        }
    }

    private FindingSeverity? FindingSeverityOf(Dictionary<string, YamlNode> keys, string key) => Scalar(keys, key) switch
    {
        null => null,
        "info" => FindingSeverity.Info,
        "warning" => FindingSeverity.Warning,
        "critical" => FindingSeverity.Critical,
        var other => Invalid<FindingSeverity?>(keys[key], $"'{key}' must be info, warning or critical, not '{other}'"),
    };

    private int? Int(Dictionary<string, YamlNode> keys, string key, int minimum)
    {
        if (Scalar(keys, key) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= minimum
            ? value
            : Invalid<int?>(keys[key], $"'{key}' must be a whole number of at least {minimum}, not '{text}'");
    }

    private TimeSpan? Duration(Dictionary<string, YamlNode> keys, string key)
    {
        if (Scalar(keys, key) is not { } text)
        {
            return null;
        }

        return ConfigLoader.TryParseDuration(text, out var duration) && duration > TimeSpan.Zero
            ? duration
            : Invalid<TimeSpan?>(keys[key], $"'{text}' is not a duration such as 30s, 5m, 1h or 2d");
    }

    private List<string> Names(Dictionary<string, YamlNode> keys, string key) =>
        keys.TryGetValue(key, out var node) ? [.. StringList(node, $"'{key}' to be a list of value names").Select(p => p.Value)] : [];

    private List<(string Value, YamlNode Node)> StringList(YamlNode node, string what)
    {
        var result = new List<(string, YamlNode)>();
        if (node is YamlScalarNode { Value: { } one })
        {
            if (one.Length > 0)
            {
                result.Add((one, node));
            }

            return result;
        }

        if (Expect<YamlSequenceNode>(node, what) is { } list)
        {
            foreach (var item in list)
            {
                if (Expect<YamlScalarNode>(item, "a single value in the list") is { Value: { } v })
                {
                    result.Add((v, item));
                }
            }
        }

        return result;
    }

    private YamlMappingNode? Section(YamlNode node, string what) => Expect<YamlMappingNode>(node, "expected " + what);

    private static string? Scalar(Dictionary<string, YamlNode> keys, string key) =>
        keys.TryGetValue(key, out var node) && node is YamlScalarNode { Value: { } value } && value.Length > 0 ? value : null;

    /// <summary>The mapping's entries; unknown keys are errors with a suggestion.</summary>
    private Dictionary<string, YamlNode> Keys(YamlMappingNode node, params string[] known)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in node.Children)
        {
            string key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (Array.IndexOf(known, key) < 0)
            {
                string? near = known.MinBy(k => ConfigLoader.Distance(k, key));
                string hint = near is not null && ConfigLoader.Distance(near, key) <= 2 ? $" (did you mean '{near}'?)" : "";
                Error(keyNode, $"unknown key '{key}'{hint}; known here: {string.Join(", ", known)}");
                continue;
            }

            if (!result.TryAdd(key, value))
            {
                Error(keyNode, $"'{key}' is given twice");
            }
            else if (value is not YamlScalarNode && IsScalarKey(key))
            {
                Error(value, $"expected '{key}' to be a single value");
            }
        }

        return result;
    }

    private static bool IsScalarKey(string key) =>
        key is "id" or "kind" or "severity" or "title" or "description" or "gather" or "quiet" or "enabled" or "pack" or "level" or "regex" or "not" or "template"
            or "count" or "within" or "entity" or "learn" or "line" or "fires" or "known" or "forget" or "remember" or "field";

    private T? Expect<T>(YamlNode node, string what)
        where T : YamlNode
    {
        if (node is T t)
        {
            return t;
        }

        Error(node, what.StartsWith("expected ", StringComparison.Ordinal) ? what : "expected " + what);
        return null;
    }

    private T Invalid<T>(YamlNode node, string message)
    {
        Error(node, message);
        return default!;
    }

    private string Where(YamlNode node) => $"{_fileName}:{node.Start.Line}:{node.Start.Column}";

    private void Error(YamlNode node, string message) => _errors.Add(new ConfigError(Where(node), message));

    internal static bool IsName(string s) => s.Length > 0 && s.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    internal static bool IsValueName(string s) => s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
