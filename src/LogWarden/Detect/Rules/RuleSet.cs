using LogWarden.Config;
using LogWarden.Detect.Security;

namespace LogWarden.Detect.Rules;

/// <summary>Where rule packs come from besides the built-in ones.</summary>
internal sealed record RuleOptions
{
    public const string DefaultDirectory = "/etc/logwarden/rules.d";

    /// <summary>A directory of user packs (<c>*.yaml</c>, <c>*.yml</c>, read in name order). Null: <see cref="DefaultDirectory"/> when it exists.</summary>
    public string? Directory { get; init; }

    /// <summary>Further pack files or directories (`rules test --rules`).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Rule ids to turn off (as a pack's <c>disable</c> does).</summary>
    public IReadOnlyList<string> Disable { get; init; } = [];

    /// <summary>Leave the built-in packs out (tests of one user pack).</summary>
    public bool WithoutBuiltIn { get; init; }
}

/// <summary>What a matcher is for: a rule's own lines, the lines its <c>after</c> counts, or lines that clear it.</summary>
internal enum MatchRole : byte
{
    Primary,
    After,
    Clear,
}

/// <summary>One condition of one rule in a compiled set, with its place in the keyword scan.</summary>
internal sealed class RuleMatcher(Rule rule, MatchRole role, MatchCondition condition, int index, int clearing)
{
    public Rule Rule { get; } = rule;

    public MatchRole Role { get; } = role;

    public MatchCondition Condition { get; } = condition;

    /// <summary>Position in <see cref="RuleSet.Matchers"/>.</summary>
    public int Index { get; } = index;

    /// <summary>For <see cref="MatchRole.Clear"/>: which of the rule's clearings.</summary>
    public int Clearing { get; } = clearing;

    public Clearing? ClearingSpec => Role == MatchRole.Clear ? Rule.ClearedBy[Clearing] : null;
}

/// <summary>
/// The enabled rules, merged from the built-in packs (embedded in the assembly) and the user's packs, and
/// compiled for the per-line path: all literals that rules' lines must contain go into one keyword scan
/// (<see cref="AnchorScanner"/>), so a line none of them occurs in costs that scan and nothing else.
/// Immutable and shareable between detectors.
/// </summary>
internal sealed class RuleSet
{
    private const string ResourcePrefix = "LogWarden.Detect.Rules.Packs.";

    /// <summary>Entity names a named group provides without being listed under <c>entities</c>.</summary>
    private static readonly HashSet<string> ImplicitEntities =
        [EntityNames.Ip, EntityNames.User, EntityNames.Unit, EntityNames.Process, EntityNames.Container, EntityNames.Path, EntityNames.Host];

    /// <summary>Placeholders a title may use besides values: the count, the threshold window, the count of <c>after</c> lines.</summary>
    public static readonly IReadOnlyList<string> TitleSpecials = ["count", "window", "prior"];

    private static readonly Lazy<RuleSet> BuiltInSet = new(() => Load(new RuleOptions { Directory = "" }));

    private RuleSet(IReadOnlyList<Rule> rules, IReadOnlyList<Rule> disabled)
    {
        Rules = rules;
        Disabled = disabled;
        var matchers = new List<RuleMatcher>();
        foreach (Rule rule in rules)
        {
            matchers.Add(new RuleMatcher(rule, MatchRole.Primary, rule.Match, matchers.Count, -1));
            if (rule.After is { } after)
            {
                foreach (MatchCondition condition in after.Matches)
                {
                    matchers.Add(new RuleMatcher(rule, MatchRole.After, condition, matchers.Count, -1));
                }
            }

            for (int i = 0; i < rule.ClearedBy.Count; i++)
            {
                matchers.Add(new RuleMatcher(rule, MatchRole.Clear, rule.ClearedBy[i].Match, matchers.Count, i));
            }
        }

        Matchers = [.. matchers];
        var anchors = new List<string>();
        var anchorIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var byAnchor = new List<List<int>>();
        var unanchored = new List<RuleMatcher>();
        var bySecurity = new Dictionary<string, List<RuleMatcher>>(StringComparer.Ordinal);
        foreach (RuleMatcher matcher in Matchers)
        {
            var literals = matcher.Condition.Anchors;
            if (literals.Count > 0)
            {
                foreach (string literal in literals)
                {
                    if (!anchorIndex.TryGetValue(literal, out int index))
                    {
                        anchorIndex[literal] = index = anchors.Count;
                        anchors.Add(literal);
                        byAnchor.Add([]);
                    }

                    if (!byAnchor[index].Contains(matcher.Index))
                    {
                        byAnchor[index].Add(matcher.Index);
                    }
                }
            }
            else if (matcher.Condition.Security.Count > 0)
            {
                foreach (string kind in matcher.Condition.Security)
                {
                    if (!bySecurity.TryGetValue(kind, out var list))
                    {
                        bySecurity[kind] = list = [];
                    }

                    list.Add(matcher);
                }
            }
            else
            {
                unanchored.Add(matcher);
            }
        }

        Scanner = new AnchorScanner(anchors);
        _quoteSplit = new(() => QuotedSegmentScan.Split(Scanner));
        ShapeSensitive = anchors.Any(a => !AnchorScanner.SurvivesShape(a))
            ? new AnchorScanner([.. anchors.Select(a => AnchorScanner.SurvivesShape(a) ? null : a)])
            : null;
        MatchersByAnchor = [.. byAnchor.Select(l => l.ToArray())];
        Unanchored = [.. unanchored];
        BySecurityKind = bySecurity.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The built-in packs alone (no user directory).</summary>
    public static RuleSet BuiltIn => BuiltInSet.Value;

    /// <summary>The enabled rules, in order: built-in packs by name, then user packs by file name.</summary>
    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>Rules turned off by a pack's <c>disable</c>, <c>enabled: false</c> or the options.</summary>
    public IReadOnlyList<Rule> Disabled { get; }

    internal RuleMatcher[] Matchers { get; }

    internal AnchorScanner Scanner { get; }

    /// <summary>
    /// The anchors of <see cref="Scanner"/> that a line's shape can hide (digits, hex words), at the same indexes
    /// (the others null): scanned on every line even when the recogniser's scan of its shape answers for the rest.
    /// Null when there are none.
    /// </summary>
    internal AnchorScanner? ShapeSensitive { get; }

    /// <summary>The anchors of <see cref="Scanner"/> without a double quote and with one, for <see cref="QuotedSegmentScan"/> (built on first use).</summary>
    internal (AnchorScanner Unquoted, AnchorScanner? Quoted) QuoteSplit => _quoteSplit.Value;

    private readonly Lazy<(AnchorScanner Unquoted, AnchorScanner? Quoted)> _quoteSplit;

    /// <summary>For each anchor of <see cref="Scanner"/>, the matchers that need it.</summary>
    internal int[][] MatchersByAnchor { get; }

    /// <summary>Matchers without literals or a security kind: tried on every line (their other filters first).</summary>
    internal RuleMatcher[] Unanchored { get; }

    internal IReadOnlyDictionary<string, RuleMatcher[]> BySecurityKind { get; }

    public Rule? Find(string id) => Rules.FirstOrDefault(r => r.Id == id) ?? Disabled.FirstOrDefault(r => r.Id == id);

    /// <summary>The built-in packs and the user's, merged; every problem of every file at once.</summary>
    /// <exception cref="ConfigException">A pack cannot be read or a rule is invalid; each error names its file and line.</exception>
    public static RuleSet Load(RuleOptions options)
    {
        var errors = new List<ConfigError>();
        var packs = new List<RulePack>();
        if (!options.WithoutBuiltIn)
        {
            packs.AddRange(ReadBuiltInPacks(errors));
        }

        string? directory = options.Directory ?? (System.IO.Directory.Exists(RuleOptions.DefaultDirectory) ? RuleOptions.DefaultDirectory : null);
        var files = new List<string>();
        if (!string.IsNullOrEmpty(directory))
        {
            AddPackFiles(directory, files, errors);
        }

        foreach (string path in options.Files)
        {
            AddPackFiles(path, files, errors);
        }

        foreach (string file in files)
        {
            try
            {
                packs.Add(RulePackReader.Read(File.ReadAllText(file), file, Path.GetFileNameWithoutExtension(file), errors));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(new ConfigError(file, e.Message));
            }
        }

        if (options.Disable.Count > 0)
        {
            packs.Add(new RulePack("options", "options", [], [.. options.Disable.Select(id => (id, "rules.disable"))]));
        }

        var set = FromPacks(packs, errors);
        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }

        return set;
    }

    /// <summary>Merges packs in order: a rule with an id seen before replaces it, or amends it when it has no <c>match</c>.</summary>
    public static RuleSet FromPacks(IReadOnlyList<RulePack> packs, List<ConfigError> errors)
    {
        var drafts = new List<RuleDraft>();
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        var disable = new List<(string Id, string Origin)>();
        foreach (RulePack pack in packs)
        {
            foreach (RuleDraft draft in pack.Rules)
            {
                if (byId.TryGetValue(draft.Id, out int index))
                {
                    drafts[index] = draft.IsComplete ? draft : draft.Over(drafts[index]);
                }
                else if (!draft.IsComplete)
                {
                    errors.Add(new ConfigError(draft.Origin, $"rule '{draft.Id}' has no 'match' and amends no rule defined before it (built-in ids: `logwarden rules list`)"));
                }
                else
                {
                    byId[draft.Id] = drafts.Count;
                    drafts.Add(draft);
                }
            }

            disable.AddRange(pack.Disable);
        }

        var off = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, origin) in disable)
        {
            if (byId.ContainsKey(id))
            {
                off.Add(id);
            }
            else
            {
                errors.Add(new ConfigError(origin, $"cannot disable '{id}': no such rule"));
            }
        }

        var rules = new List<Rule>();
        var disabled = new List<Rule>();
        foreach (RuleDraft draft in drafts)
        {
            if (Finish(draft, errors) is { } rule)
            {
                (off.Contains(rule.Id) || draft.Enabled == false ? disabled : rules).Add(rule);
            }
        }

        for (int i = 0; i < rules.Count; i++)
        {
            rules[i].Order = i;
        }

        return new RuleSet(rules, disabled);
    }

    /// <summary>The packs embedded in the assembly (<c>Packs/*.yaml</c>), in name order.</summary>
    public static List<RulePack> ReadBuiltInPacks(List<ConfigError> errors)
    {
        var assembly = typeof(RuleSet).Assembly;
        var packs = new List<RulePack>();
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            string name = Path.GetFileNameWithoutExtension(resource[ResourcePrefix.Length..]);
            packs.Add(RulePackReader.Read(reader.ReadToEnd(), "built-in " + name + ".yaml", name, errors));
        }

        return packs;
    }

    private static void AddPackFiles(string path, List<string> files, List<ConfigError> errors)
    {
        if (System.IO.Directory.Exists(path))
        {
            files.AddRange(System.IO.Directory.EnumerateFiles(path)
                .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal));
        }
        else if (File.Exists(path))
        {
            files.Add(path);
        }
        else
        {
            errors.Add(new ConfigError(path, "no such rule pack file or directory"));
        }
    }

    /// <summary>A complete, checked rule from a draft; null (with errors) when something is missing or inconsistent.</summary>
    private static Rule? Finish(RuleDraft draft, List<ConfigError> errors)
    {
        int before = errors.Count;
        void Fail(string message) => errors.Add(new ConfigError(draft.Origin, $"rule '{draft.Id}': {message}"));

        if (draft.Kind is null || draft.Severity is null || draft.Title is null || draft.Match is null)
        {
            Fail("needs kind, severity, title and match");
            return null;
        }

        var extract = draft.Extract ?? [];
        var valueNames = new HashSet<string>(draft.Match.ValueNames.Concat(extract.SelectMany(p => p.Pattern.GroupNames)), StringComparer.Ordinal);

        // Entities: named groups with entity names, the security event's, the host, then the rule's own.
        var entities = new Dictionary<string, TextTemplate>(StringComparer.Ordinal);
        foreach (string name in (draft.Match.Regex?.GroupNames ?? []).Concat(draft.Match.Fields.SelectMany(f => f.Pattern.GroupNames)).Concat(extract.SelectMany(p => p.Pattern.GroupNames)))
        {
            if (ImplicitEntities.Contains(name))
            {
                entities[name] = TextTemplate.Parse("{" + name + "}");
            }
        }

        if (draft.Match.Security.Count > 0)
        {
            entities[EntityNames.Ip] = TextTemplate.Parse("{ip}");
            entities[EntityNames.User] = TextTemplate.Parse("{user}");
        }

        entities[EntityNames.Host] = TextTemplate.Parse("{host}");
        foreach (var (name, template) in draft.Entities ?? [])
        {
            entities[name] = template;
        }

        // A rule that matches structured fields may name any field; others only what they extract.
        bool structured = draft.Match.Fields.Count > 0;
        foreach (var (name, template) in entities)
        {
            foreach (string used in template.Names.Where(n => !valueNames.Contains(n) && !structured))
            {
                Fail($"entity '{name}' uses {{{used}}}, which this rule does not extract");
            }
        }

        if (draft.Key is { } key)
        {
            foreach (string name in key.Where(n => !entities.ContainsKey(n)))
            {
                Fail($"key names '{name}', which is not one of its entities ({string.Join(", ", entities.Keys)})");
            }

            foreach (string name in entities.Keys.Where(n => n != EntityNames.Host && !key.Contains(n)).ToList())
            {
                entities.Remove(name);
            }
        }

        if (draft.Threshold is { Distinct: { } distinctName } && !draft.Match.ValueNames.Contains(distinctName))
        {
            Fail($"the threshold counts distinct '{distinctName}', which the rule's match does not extract");
        }

        // Optional parts may name values not known here: structured fields of the line, or values of the rules a match gathers with.
        var titleNames = draft.Title.RequiredNames;
        foreach (string used in titleNames.Where(n => !valueNames.Contains(n) && !entities.ContainsKey(n) && !TitleSpecials.Contains(n) && !structured))
        {
            Fail($"the title uses {{{used}}}, which this rule does not extract (its values: {string.Join(", ", valueNames.Order(StringComparer.Ordinal))})");
        }

        Threshold? threshold = draft.Threshold;
        Escalation? escalation = null;
        if (draft.Escalate is { } escalate)
        {
            if (threshold is null && escalate.Within is null)
            {
                Fail("'escalate' needs a 'threshold' or its own 'within'");
            }
            else if (threshold is not null && escalate.Within is { } w && w != threshold.Within)
            {
                Fail("'escalate' counts within the threshold's window; leave out its 'within'");
            }

            threshold ??= new Threshold(1, escalate.Within ?? TimeSpan.FromMinutes(10));
            escalation = new Escalation(escalate.Count, escalate.Severity);
            if (escalate.Count < threshold.Count || escalate.Severity <= draft.Severity)
            {
                Fail("'escalate' needs a count of at least the threshold's and a higher severity than the rule's");
            }
        }

        if (draft.Novel is { } novel && !entities.ContainsKey(novel.Entity))
        {
            Fail($"'novel' names '{novel.Entity}', which is not one of its entities");
        }

        foreach (var name in (draft.Allow ?? []).Keys.Where(n => !valueNames.Contains(n)))
        {
            Fail($"'allow' names '{name}', which this rule does not extract");
        }

        if (draft.After is { } after)
        {
            foreach (string name in after.Same.Where(n => !valueNames.Contains(n) || after.Matches.Any(m => !m.ValueNames.Contains(n))))
            {
                Fail($"'after' compares '{name}', which the rule and each of its 'after' matches must extract");
            }
        }

        foreach (Clearing clearing in draft.ClearedBy ?? [])
        {
            var clearNames = clearing.Match.ValueNames.ToHashSet(StringComparer.Ordinal);
            foreach (string name in clearing.Same.Where(n => !valueNames.Contains(n) || !clearNames.Contains(n)))
            {
                Fail($"'cleared_by' compares '{name}', which the rule and the clearing match must both extract");
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        bool usesFields = structured || draft.Title.Names.Concat(entities.Values.SelectMany(t => t.Names))
            .Any(n => !valueNames.Contains(n) && !entities.ContainsKey(n) && !TitleSpecials.Contains(n));

        return new Rule
        {
            Id = draft.Id,
            Origin = draft.Origin,
            Pack = draft.Pack,
            Kind = draft.Kind,
            Severity = draft.Severity.Value,
            Title = draft.Title,
            Description = draft.Description ?? "",
            Match = draft.Match,
            Extract = extract,
            Entities = entities,
            Threshold = threshold,
            Escalate = escalation,
            Gather = draft.Gather,
            Quiet = draft.Quiet,
            Allow = draft.Allow ?? new Dictionary<string, IReadOnlyList<string>>(),
            Novel = draft.Novel,
            After = draft.After,
            ClearedBy = draft.ClearedBy ?? [],
            Examples = draft.Examples ?? [],
            UsesFields = usesFields,
        };
    }
}
