namespace LogWarden.Detect.Rules;

/// <summary>
/// One rule of a pack: which lines it matches, what it extracts, and how matches become findings
/// (threshold, escalation, gathering of related lines, holds, suppression). Immutable; the runtime state
/// lives in <see cref="RuleDetector"/>. Read from YAML by <see cref="RulePackReader"/>; the format is
/// described in this folder's README.
/// </summary>
internal sealed class Rule
{
    public required string Id { get; init; }

    /// <summary>Where it was defined: "file:line:column".</summary>
    public required string Origin { get; init; }

    /// <summary>The pack (file) it comes from: a built-in pack's name, or a user pack's path.</summary>
    public required string Pack { get; init; }

    public required string Kind { get; init; }

    public required FindingSeverity Severity { get; init; }

    public required TextTemplate Title { get; init; }

    public string Description { get; init; } = "";

    public required MatchCondition Match { get; init; }

    /// <summary>Further patterns tried on a matched line only to extract values (the first path it names…), over the message or a field.</summary>
    public IReadOnlyList<Extraction> Extract { get; init; } = [];

    /// <summary>Entity name → template over the values; the finding's entities (and its identity).</summary>
    public required IReadOnlyDictionary<string, TextTemplate> Entities
    {
        get => _entities;
        init
        {
            _entities = value;
            EntityOrder = [.. value.OrderBy(e => e.Key, StringComparer.Ordinal)];
        }
    }

    private readonly IReadOnlyDictionary<string, TextTemplate> _entities = new Dictionary<string, TextTemplate>();

    /// <summary><see cref="Entities"/> by name, as finding keys list them.</summary>
    public IReadOnlyList<KeyValuePair<string, TextTemplate>> EntityOrder { get; private init; } = [];

    /// <summary>Whether its title or entities may name structured fields of the line (values beyond what it extracts).</summary>
    public bool UsesFields { get; init; }

    public Threshold? Threshold { get; init; }

    public Escalation? Escalate { get; init; }

    /// <summary>Matches of this kind on one host within this time that do not contradict each other become one finding.</summary>
    public TimeSpan? Gather { get; init; }

    /// <summary>How long the same finding stays quiet after it was raised (default: re-raised at most once a minute).</summary>
    public TimeSpan? Quiet { get; init; }

    /// <summary>Entity values that never raise (globs, any case).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Allow { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public Novelty? Novel { get; init; }

    public AfterCondition? After { get; init; }

    /// <summary>Lines that, following a match within their time, turn its finding into an info finding.</summary>
    public IReadOnlyList<Clearing> ClearedBy { get; init; } = [];

    /// <summary>The key prefix of each clearing's lines ("unit-failed#0").</summary>
    public string[] ClearingPrefixes => _clearingPrefixes ??= [.. ClearedBy.Select((_, i) => Id + "#" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private string[]? _clearingPrefixes;

    public IReadOnlyList<RuleExample> Examples { get; init; } = [];

    /// <summary>Position in the rule set: the earlier rule's title wins when gathered matches merge.</summary>
    public int Order { get; set; }

    /// <summary>The values its patterns extract (named groups of the regex, field patterns and extract patterns, and a security event's).</summary>
    public IEnumerable<string> ExtractedNames =>
        (Match.Regex?.GroupNames ?? []).Concat(Match.Fields.SelectMany(f => f.Pattern.GroupNames)).Concat(Extract.SelectMany(p => p.Pattern.GroupNames))
            .Concat(Match.Security.Count > 0 ? MatchCondition.SecurityNames : []).Distinct();

    /// <summary>
    /// Whether its extract patterns can wait until a match passes its threshold: the rule's identity, allowances,
    /// novelty and 'after' name no value only they extract, and they extract no value the line offers too
    /// (which they would take precedence over). A firewall's every dropped packet counts towards the threshold;
    /// the port and protocol it was for are read only for the finding.
    /// </summary>
    public bool ExtractsLate => _extractsLate ??= ComputeExtractsLate();

    private bool? _extractsLate;

    private bool ComputeExtractsLate()
    {
        if (Threshold is null || Extract.Count == 0 || Gather is not null || UsesFields)
        {
            return false;
        }

        var late = Extract.SelectMany(p => p.Pattern.GroupNames).ToHashSet(StringComparer.Ordinal);
        late.ExceptWith(Match.Regex?.GroupNames ?? []);
        late.ExceptWith(Match.Fields.SelectMany(f => f.Pattern.GroupNames));
        var needed = EntityOrder.SelectMany(e => e.Value.Names).Concat(Allow.Keys).Concat(After?.Same ?? []);
        if (Novel is { } novel && Entities.TryGetValue(novel.Entity, out var novelTemplate))
        {
            needed = needed.Concat(novelTemplate.Names);
        }

        return !late.Overlaps(needed) && !late.Overlaps(MatchCondition.ContextNames) && !late.Overlaps(MatchCondition.SecurityNames);
    }

    /// <summary>The re-raise interval of a continuing finding.</summary>
    public TimeSpan ReraiseInterval => Quiet ?? RuleDetector.DefaultReraiseInterval;

    public override string ToString() => Id;
}

/// <summary>A pattern run on a matched line to extract values: over the message, or over one structured field.</summary>
internal sealed record Extraction(RulePattern Pattern, string? Field = null);

/// <summary>
/// Raise only when <see cref="Count"/> matches with the same identity fall within <see cref="Within"/>, and, with
/// <see cref="Distinct"/>, when they carry at least <see cref="MinDistinct"/> values of that extracted value (many
/// addresses of one network: a surge from one address is another rule's).
/// </summary>
internal sealed record Threshold(int Count, TimeSpan Within, string? Distinct = null, int MinDistinct = 0);

/// <summary>At <see cref="Count"/> matches within the threshold's window, the finding takes <see cref="Severity"/>.</summary>
internal sealed record Escalation(int Count, FindingSeverity Severity);

/// <summary>
/// Raise only for a value of <see cref="Entity"/> never seen on the host by a rule of this kind before;
/// values seen in the first <see cref="Learn"/> of log time are learned without raising. A known value
/// raises nothing, or an info finding when <see cref="KnownAsInfo"/>; a value unseen for
/// <see cref="Forget"/> is new again; a rule that does not <see cref="Remember"/> only consults what others learned.
/// </summary>
internal sealed record Novelty(string Entity, TimeSpan Learn, bool KnownAsInfo = false, TimeSpan? Forget = null, bool Remember = true);

/// <summary>Raise only when at least <see cref="Count"/> lines matching one of <see cref="Matches"/> with the same <see cref="Same"/> values came within <see cref="Within"/> before.</summary>
internal sealed record AfterCondition(IReadOnlyList<MatchCondition> Matches, int Count, TimeSpan Within, IReadOnlyList<string> Same);

/// <summary>A line matching <see cref="Match"/> with the same <see cref="Same"/> values within <see cref="Within"/> after a match clears it.</summary>
internal sealed record Clearing(MatchCondition Match, TimeSpan Within, IReadOnlyList<string> Same);

/// <summary>A sample line a rule must (or must not) match, with values it must extract; checked by tests and `rules test`.</summary>
internal sealed record RuleExample(string Line, bool Fires, IReadOnlyDictionary<string, string> Values, string Origin);
