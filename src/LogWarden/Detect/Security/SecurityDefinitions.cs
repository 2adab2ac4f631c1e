using System.Buffers;
using System.Diagnostics;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LogWarden.Detect.Security;

/// <summary>What a rule needs besides its phrase before it becomes an event.</summary>
internal enum EntityNeed
{
    /// <summary>A remote address or host name (from the line, its fields or its session).</summary>
    Address,

    /// <summary>An address or a user.</summary>
    Entity,
}

/// <summary>
/// One phrase rule: its patterns joined into one regex, tried only when one of its anchors occurs, or on
/// every line when <paramref name="Always"/> (a pattern anchored at the line start, with no keyword to scan for).
/// </summary>
internal sealed record LineRule(string Kind, bool Hostile, EntityNeed Needs, DeferredRegex Matcher, int[] Anchors, bool Always, IReadOnlyList<string> Examples)
{
    public Regex Pattern => Matcher.Value;

    /// <summary>An intrusion detection alert about a flow (<c>flow: true</c>): an event only when <see cref="IdsFlow.IsInboundAlert"/>.</summary>
    public bool Flow { get; init; }

    public bool IsMatch(ReadOnlySpan<char> text) => Matcher.IsMatch(text);
}

/// <summary>
/// A pattern checked when the definitions load (so a bad one fails with its line) but compiled only on first
/// use: most rules never meet a line of theirs in a given log, and compiling costs milliseconds each. The
/// compiled backtracking engine: the shape cache means a pattern runs once per shape rather than per line,
/// so building cost matters more than matching cost (measured: the automaton engine,
/// RegexOptions.NonBacktracking, matched the auth-failure rule 7× faster on uncached lines but made a run
/// over the corpus 1.5× slower overall, its states being built as lines arrive). Every quantifier in the
/// definitions is bounded and lines are scanned up to 8 KiB, so backtracking stays linear in practice
/// (HostileInputTests).
/// </summary>
/// <remarks>
/// Whether a pattern matches at all does not depend on the engine, so <see cref="IsMatch"/> moves to the
/// automaton engine when the backtracking engine proves slow: when <see cref="AutomatonAfter"/> answers in a row
/// cost more than <see cref="AutomatonWorthMicroseconds"/> each on average (measured on sshd lines of new
/// shapes: 15–30 µs a line for the compiled backtracking engine over the long alternations of the auth rules,
/// 240 µs for the interpreter Native AOT runs, 1–2 µs for the automaton once warm). An automaton holds about
/// a megabyte even with its construction cache freed (<see cref="AutomatonRegex"/>), so the short patterns
/// that answer in a microsecond or two either way (11 of the 32 built-in ones on the corpora) stay
/// backtracking: in the daemon, with a few dozen rules, that is the difference between its memory bar met and not. Captures
/// (<see cref="Value"/>'s Match) stay on the backtracking engine, whose choice among alternatives the
/// rules are written for, and run only on the line a rule matched.
/// <para>
/// The automaton lacks lookarounds. A rule's patterns are joined into one alternation, so one pattern with a
/// lookaround (auth-success's "(?&lt;!not )logged in", rate-limited's "too many (?!open files)") used to keep
/// the whole rule, macros and all, on the backtracking engine for good: the most expensive regexes of a line
/// the shape cache misses. Now the top-level alternatives the automaton can run go to it together and only
/// the others stay backtracking: a text matches an alternation exactly when it matches one of its
/// alternatives, so the answer is the same (DeferredRegexTests compare the two over the corpus).
/// </para>
/// </remarks>
internal sealed partial class DeferredRegex(Regex checkedPattern)
{
    /// <summary>Answers of <see cref="IsMatch"/> over which the backtracking engine's cost is judged.</summary>
    public const int AutomatonAfter = 500;

    /// <summary>Mean cost of an answer on the backtracking engine, over <see cref="AutomatonAfter"/> in a row, above which the automaton is built.</summary>
    public const int AutomatonWorthMicroseconds = 10;

    private static readonly long WorthTicks = Stopwatch.Frequency * AutomatonWorthMicroseconds / 1_000_000;

    // One answer counts at most this much: a thread preempted mid-match must not make a cheap pattern look costly.
    private static readonly long MaxTicksPerAnswer = Stopwatch.Frequency / 1000;

    private Regex? _built;
    private volatile AutomatonSplit? _automaton;
    private bool _automatonRefused;
    private int _uses;
    private long _ticks;

    /// <summary>The pattern as compiled (macros expanded).</summary>
    public string Pattern => checkedPattern.ToString();

    public Regex Value => _built ??= BuiltInRegexes.Create(checkedPattern.ToString(), checkedPattern.Options | RegexOptions.Compiled);

    /// <summary>
    /// Top-level alternatives left to the backtracking engine once the automaton is built (0 when it runs the
    /// whole pattern); -1 before it is built or when it could run none of them.
    /// </summary>
    internal int BacktrackingAlternatives => _automaton is { } split ? split.BacktrackingCount : -1;

    /// <summary>The same pattern, not yet used (tests compare its engines).</summary>
    internal DeferredRegex Fresh() => new(checkedPattern);

    /// <summary>Whether the pattern occurs in <paramref name="text"/>, on the cheapest engine that can tell.</summary>
    public bool IsMatch(ReadOnlySpan<char> text)
    {
        if (_automaton is { } split)
        {
            return split.Automaton.IsMatch(text) || (split.Backtracking?.IsMatch(text) ?? false);
        }

        Regex regex = Value; // built outside the timing
        if (_automatonRefused)
        {
            return regex.IsMatch(text);
        }

        long started = Stopwatch.GetTimestamp();
        bool matched = regex.IsMatch(text);
        _ticks += Math.Min(Stopwatch.GetTimestamp() - started, MaxTicksPerAnswer);
        if (++_uses == AutomatonAfter)
        {
            if (_ticks > AutomatonAfter * WorthTicks)
            {
                BuildAutomatonNow();
            }

            _uses = 0;
            _ticks = 0;
        }

        return matched;
    }

    /// <summary>Moves <see cref="IsMatch"/> to the automaton now, whatever the backtracking engine costs (tests; the cost rule otherwise).</summary>
    internal void BuildAutomatonNow()
    {
        _automaton = TryBuildAutomaton();
        _automatonRefused = _automaton is null;
    }

    /// <summary>
    /// <see cref="BuildAutomaton"/>, or null (the backtracking engine stays) when a split alternative does not compile on its
    /// own: this runs inside a detection call, where a pattern that was valid whole must never become an exception.
    /// </summary>
    private AutomatonSplit? TryBuildAutomaton()
    {
        try
        {
            return BuildAutomaton();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The automaton for the whole pattern, or for the top-level alternatives it can run beside a backtracking regex of the rest.</summary>
    private AutomatonSplit? BuildAutomaton()
    {
        string pattern = checkedPattern.ToString();
        var options = checkedPattern.Options;
        if (TryAutomaton(pattern, options) is { } whole)
        {
            return new AutomatonSplit(whole, null, 0);
        }

        if (TopLevelAlternatives(pattern) is not { Count: > 1 } alternatives)
        {
            return null; // a construct the automaton lacks (lookaround, backreference): the backtracking engine stays
        }

        var supported = new List<string>();
        var rest = new List<string>();
        foreach (string alternative in alternatives)
        {
            (TryAutomaton(alternative, options) is null ? rest : supported).Add(alternative);
        }

        if (supported.Count == 0 || TryAutomaton(string.Join('|', supported), options) is not { } automaton)
        {
            return null;
        }

        return new AutomatonSplit(automaton, BuiltInRegexes.Create(string.Join('|', rest), options | RegexOptions.Compiled), rest.Count);
    }

    private static Regex? TryAutomaton(string pattern, RegexOptions options)
    {
        try
        {
            return AutomatonRegex.Create(pattern, options);
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// The alternatives of <paramref name="pattern"/>'s top-level '|' (outside groups and character classes); null
    /// when splitting could change what it matches: an inline option that runs to the end of its group ("(?i)";
    /// a scoped "(?-i:…)" is kept whole in its alternative), a comment or a backreference.
    /// </summary>
    internal static List<string>? TopLevelAlternatives(string pattern)
    {
        if (pattern.Contains("(?#", StringComparison.Ordinal) || pattern.Contains("\\k", StringComparison.Ordinal)
            || Backreference().IsMatch(pattern) || InlineOptions().IsMatch(pattern))
        {
            return null;
        }

        return RegexLiterals.SplitTopLevel(pattern);
    }

    [GeneratedRegex(@"\\[1-9]")]
    private static partial Regex Backreference();

    [GeneratedRegex(@"\(\?[imnsx-]+\)")]
    private static partial Regex InlineOptions();

    /// <param name="Automaton">The automaton over the alternatives it can run (the whole pattern when <paramref name="Backtracking"/> is null).</param>
    /// <param name="Backtracking">The other alternatives, joined, on the backtracking engine.</param>
    private sealed record AutomatonSplit(Regex Automaton, Regex? Backtracking, int BacktrackingCount);
}

/// <summary>The web part of the definitions.</summary>
internal sealed class WebDefinitions
{
    public required IReadOnlySet<string> Methods { get; init; }
    public required IReadOnlySet<string> SuspiciousMethods { get; init; }
    public required int MaxTargetLength { get; init; }
    public required DeferredRegex AttackPatterns { get; init; }
    public required DeferredRegex AlwaysProbePathPatterns { get; init; }
    public required DeferredRegex ProbePathPatterns { get; init; }
    public required DeferredRegex BadAgentPatterns { get; init; }
    public required IReadOnlyList<PrefilteredRegex> AccessLinePatterns { get; init; }
    public required int[] AccessAnchors { get; init; }

    /// <summary>Whether <paramref name="method"/> is one a well-formed request uses (no string made for it).</summary>
    public bool IsMethod(ReadOnlySpan<char> method) => (_methods ??= new(Methods, StringComparer.Ordinal)).GetAlternateLookup<ReadOnlySpan<char>>().Contains(method);

    public bool IsSuspiciousMethod(ReadOnlySpan<char> method) =>
        (_suspiciousMethods ??= new(SuspiciousMethods, StringComparer.Ordinal)).GetAlternateLookup<ReadOnlySpan<char>>().Contains(method);

    public PrefilteredRegex Attacks => _attacks ??= new(AttackPatterns);
    public PrefilteredRegex AlwaysProbePaths => _alwaysProbePaths ??= new(AlwaysProbePathPatterns);
    public PrefilteredRegex ProbePaths => _probePaths ??= new(ProbePathPatterns);
    public PrefilteredRegex BadAgents => _badAgents ??= new(BadAgentPatterns);

    /// <summary>
    /// Whether a request target's delimited digit runs (<see cref="TargetDigits"/>) can be masked to tell that it holds
    /// none of the literals of <see cref="Attacks"/> and <see cref="AlwaysProbePaths"/>: true when both lists have
    /// literals and none of them could meet such a run (<see cref="TargetDigits.LiteralsAreBlind"/>).
    /// </summary>
    public bool DigitBlindTargets => _digitBlindTargets ??=
        Attacks.Prefiltered && AlwaysProbePaths.Prefiltered && TargetDigits.LiteralsAreBlind(Attacks.Literals) && TargetDigits.LiteralsAreBlind(AlwaysProbePaths.Literals);

    /// <summary>
    /// Whether hex ids in a target (<see cref="TargetDigits"/>) can be masked too: <see cref="DigitBlindTargets"/>, and no
    /// literal of either list could meet one (<see cref="TargetDigits.LiteralsAreHexBlind"/>).
    /// </summary>
    public bool HexBlindTargets => _hexBlindTargets ??=
        DigitBlindTargets && TargetDigits.LiteralsAreHexBlind(Attacks.Literals) && TargetDigits.LiteralsAreHexBlind(AlwaysProbePaths.Literals);

    private bool? _digitBlindTargets;
    private bool? _hexBlindTargets;
    private HashSet<string>? _methods;
    private HashSet<string>? _suspiciousMethods;
    private PrefilteredRegex? _attacks;
    private PrefilteredRegex? _alwaysProbePaths;
    private PrefilteredRegex? _probePaths;
    private PrefilteredRegex? _badAgents;
}

/// <summary>
/// A costly regex behind a literal prefilter: the literals one of which every match contains
/// (<see cref="RegexLiterals"/>, single characters too), looked for case-insensitively in one
/// <see cref="SearchValues{T}"/> scan. A text with none of them cannot match, and most request targets and
/// agents have none: the web lists ran on every target not seen before, and ids in paths make most new
/// (measured on a synthetic nginx mix: 1.5 µs of a request's 2.4 µs in the recogniser). Without certain
/// literals the regex runs every time.
/// </summary>
internal sealed class PrefilteredRegex(DeferredRegex regex)
{
    private static readonly string[] NoLiterals = [];

    /// <summary>The literals one of which every match contains; empty when the pattern has none certain.</summary>
    public string[] Literals { get; } = RegexLiterals.Required(regex.Pattern, minLength: 1) ?? NoLiterals;

    private SearchValues<string>? _literals;

    private SearchValues<string>? Search => Literals.Length == 0 ? null : _literals ??= SearchValues.Create(Literals, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the prefilter can rule texts out (false: the pattern has a branch without a certain literal).</summary>
    public bool Prefiltered => Literals.Length > 0;

    public bool IsMatch(ReadOnlySpan<char> text) => MayMatch(text) && regex.Value.IsMatch(text);

    /// <summary>False when <paramref name="text"/> holds none of the literals, so cannot match; true when the regex must tell.</summary>
    public bool MayMatch(ReadOnlySpan<char> text) => Search is not { } search || text.IndexOfAny(search) >= 0;

    /// <summary>The regex alone, for a text <see cref="MayMatch"/> let through.</summary>
    public bool RegexIsMatch(ReadOnlySpan<char> text) => regex.Value.IsMatch(text);

    /// <summary>The compiled regex (for its captures, on a text <see cref="MayMatch"/> let through).</summary>
    public Regex Value => regex.Value;
}

/// <summary>
/// Session identifiers and the phrases that open and close a connection. <see cref="Id"/> is tried only
/// when <see cref="QueueId"/> matches or one of <see cref="IdHints"/> occurs.
/// </summary>
internal sealed class SessionDefinitions
{
    public required DeferredRegex IdPatterns { get; init; }
    public required DeferredRegex QueueIdPattern { get; init; }
    public required SearchValues<string> IdHints { get; init; }
    public required DeferredRegex OpenedPattern { get; init; }
    public required DeferredRegex ClosedPattern { get; init; }
    public required int[] Anchors { get; init; }

    public Regex Id => IdPatterns.Value;
    public Regex QueueId => QueueIdPattern.Value;
    public bool IsOpened(ReadOnlySpan<char> text) => OpenedPattern.IsMatch(text);
    public bool IsClosed(ReadOnlySpan<char> text) => ClosedPattern.IsMatch(text);
}

/// <summary>
/// The recogniser's knowledge, loaded from YAML (the built-in <c>security-events.yaml</c>, embedded in the
/// assembly): vocabulary, ignore rules, phrase rules, address cues, user patterns, session shapes and the
/// web lists. Every regex is compiled once here; the recogniser only runs them.
/// </summary>
internal sealed partial class SecurityDefinitions
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
    private const string ResourceName = "LogWarden.Detect.Security.security-events.yaml";

    private static readonly Lazy<SecurityDefinitions> BuiltIn = new(LoadBuiltIn);

    private readonly List<string> _anchors = [];
    private readonly Dictionary<string, int> _anchorIndex = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _vocabulary = new(StringComparer.Ordinal);
    private readonly List<DeferredRegex> _compiled = [];

    /// <summary>The definitions shipped with LogWarden.</summary>
    public static SecurityDefinitions Default => BuiltIn.Value;

    /// <summary>Every pattern these definitions compiled, in the order read (<see cref="BuiltInRegexes.CollectBuiltIn"/>).</summary>
    internal IReadOnlyList<DeferredRegex> CompiledPatterns => _compiled;

    public IReadOnlyList<LineRule> Ignore { get; private set; } = [];
    public IReadOnlyList<LineRule> Rules { get; private set; } = [];

    /// <summary>The rules tried on every line, before the keyword scan.</summary>
    public IReadOnlyList<LineRule> AlwaysRules { get; private set; } = [];
    public AddressCues Cues { get; private set; } = null!;
    public IReadOnlySet<string> RemoteFieldNames { get; private set; } = null!;
    public IReadOnlySet<string> LocalFieldNames { get; private set; } = null!;
    /// <summary>The user patterns as one alternation: the leftmost match whose value is not a stop word is the user.</summary>
    public Regex UserPatterns => _userPatterns.Value;

    private DeferredRegex _userPatterns = null!;

    // Asked for every field of every structured record: looked up by span, so no name is built per field.
    private HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _remoteFieldNames;
    private HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _stopUsers;
    public SessionDefinitions Sessions { get; private set; } = null!;
    public WebDefinitions Web { get; private set; } = null!;

    /// <summary>Words that user patterns may catch but that are not names ("no such user here").</summary>
    public bool IsStopUser(ReadOnlySpan<char> value) => _stopUsers.Contains(value);

    /// <summary>Every anchor of every rule, in index order: the keyword scan looks for all of them at once.</summary>
    public IReadOnlyList<string> Anchors => _anchors;

    /// <summary>The one keyword scan over <see cref="Anchors"/>, shared by every recogniser of these definitions.</summary>
    public AnchorScanner Scanner => _scanner ??= new AnchorScanner(_anchors);

    private AnchorScanner? _scanner;

    /// <summary>
    /// Keys (any case) that some pattern names just before '=' and something that can match a digit
    /// ("err=49", "reject=[45]\d\d", a group of names before "="): their values stay in a line's shape
    /// (<see cref="LineShapeCache"/>) so that a cached analysis never stands for another value of them.
    /// Null when a pattern puts a key this cannot name before a number: then no key's value is masked.
    /// </summary>
    public IReadOnlySet<string>? NumericKeys => _numericKeys;

    internal HashSet<string>.AlternateLookup<ReadOnlySpan<char>>? NumericKeyLookup => _numericKeyLookup;

    private HashSet<string>? _numericKeys = new(StringComparer.OrdinalIgnoreCase);
    private HashSet<string>.AlternateLookup<ReadOnlySpan<char>>? _numericKeyLookup;

    /// <summary>
    /// Whether short ids are masked in a line's shape (<see cref="LineShapeCache"/>) whatever their length: a digit run of a
    /// path ("/users/736/orders", "/products/836.jpg") and a connection's serial number ("*37", nginx's). True unless a
    /// pattern of a line's analysis looks for a digit right after a '/' or a '*' (<c>/\d</c>, <c>/[0-9]</c>, <c>/7</c>,
    /// <c>\*\d</c>; the protocol's version after <c>HTTP/</c>, however written, is no path's).
    /// </summary>
    public bool MasksShortIds { get; private set; } = true;

    [GeneratedRegex(@"(?<!HTTP|H\[T\]TP)(?:/|\\\*)(?:\\d|[0-9]|\[(?:[^\]\\]|\\.)*?(?:\\d|[0-9]))", RegexOptions.IgnoreCase)]
    private static partial Regex DigitAfterSlash();

    /// <summary>Reads definitions from YAML text.</summary>
    /// <exception cref="FormatException">The YAML is malformed, a key is missing, or a pattern does not compile; the message names it.</exception>
    public static SecurityDefinitions Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new FormatException($"security definitions: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new FormatException("security definitions: expected a mapping at the top level");
        }

        var definitions = new SecurityDefinitions();
        definitions.Read(root);
        return definitions;
    }

    internal static SecurityDefinitions LoadBuiltIn()
    {
        using var stream = typeof(SecurityDefinitions).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private void Read(YamlMappingNode root)
    {
        foreach (var (name, value) in Mapping(root, "vocabulary"))
        {
            _vocabulary[name] = value is YamlScalarNode s ? s.Value ?? "" : throw Error(value, "vocabulary entries are strings");
        }

        Ignore = ReadRules(Sequence(root, "ignore"), ignore: true);
        Rules = ReadRules(Sequence(root, "rules"), ignore: false);
        AlwaysRules = Rules.Where(r => r.Always).ToList();

        var cues = Child<YamlMappingNode>(root, "address_cues");
        var remote = Strings(cues, "remote");
        var local = Strings(cues, "local");
        Cues = new AddressCues(remote, local);
        var remoteNames = remote.Select(NormaliseFieldName).Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);
        RemoteFieldNames = remoteNames;
        _remoteFieldNames = remoteNames.GetAlternateLookup<ReadOnlySpan<char>>();
        LocalFieldNames = local.Select(NormaliseFieldName).Where(n => n.Length > 1).ToHashSet(StringComparer.Ordinal);

        _userPatterns = Compile(Join(Strings(root, "user_patterns")), root, inLineAnalysis: true);
        _stopUsers = Strings(root, "stop_users").ToHashSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

        var sessions = Child<YamlMappingNode>(root, "sessions");
        string queueId = Scalar(sessions, "queue_id");
        Sessions = new SessionDefinitions
        {
            IdPatterns = Compile(Join([.. Strings(sessions, "id_patterns"), queueId]), sessions),
            QueueIdPattern = Compile(queueId, sessions),
            IdHints = SearchValues.Create(Strings(sessions, "id_hints").ToArray(), StringComparison.OrdinalIgnoreCase),
            OpenedPattern = Compile(Scalar(sessions, "opened"), sessions, inLineAnalysis: true),
            ClosedPattern = Compile(Scalar(sessions, "closed"), sessions, inLineAnalysis: true),
            Anchors = [Anchor("connect"), Anchor("accept"), Anchor("disconnect"), Anchor("closed"), Anchor("reset"), Anchor("lost connection"), Anchor("end connection"), Anchor("received: host="), Anchor("incoming"),
                // a request span naming its client in a field ("request [ … ] … client_ip: ADDR")
                Anchor("client_ip"), Anchor("clientip"), Anchor("remote_ip"), Anchor("remoteip"), Anchor("remote_addr"), Anchor("remoteaddr")],
        };

        var web = Child<YamlMappingNode>(root, "web");
        Web = new WebDefinitions
        {
            Methods = Strings(web, "methods").ToHashSet(StringComparer.Ordinal),
            SuspiciousMethods = Strings(web, "suspicious_methods").ToHashSet(StringComparer.Ordinal),
            MaxTargetLength = int.Parse(Scalar(web, "max_target_length"), System.Globalization.CultureInfo.InvariantCulture),
            AttackPatterns = Compile(Join(Strings(web, "attacks")), web),
            AlwaysProbePathPatterns = Compile(Join(Strings(web, "always_probe_paths")), web),
            ProbePathPatterns = Compile(Join(Strings(web, "probe_paths")), web),
            BadAgentPatterns = Compile(Join(Strings(web, "bad_agents")), web),
            AccessLinePatterns = Strings(web, "access_lines").Select(p => new PrefilteredRegex(Compile(p, web, inLineAnalysis: true))).ToList(),
            AccessAnchors = Strings(web, "access_anchors").Select(Anchor).ToArray(),
        };
        _numericKeyLookup = _numericKeys?.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private List<LineRule> ReadRules(YamlSequenceNode rules, bool ignore)
    {
        var result = new List<LineRule>();
        foreach (var node in rules)
        {
            if (node is not YamlMappingNode rule)
            {
                throw Error(node, "a rule is a mapping");
            }

            string kind = ignore ? "ignore" : Scalar(rule, "kind");
            bool hostile = !ignore && bool.Parse(Scalar(rule, "hostile"));
            var needs = ignore ? EntityNeed.Entity : Scalar(rule, "needs") switch
            {
                "address" => EntityNeed.Address,
                "entity" => EntityNeed.Entity,
                var other => throw Error(rule, $"needs must be address or entity, not '{other}'"),
            };
            var patterns = rule.Children.ContainsKey(new YamlScalarNode("patterns")) ? Strings(rule, "patterns") : [Scalar(rule, "pattern")];
            bool always = rule.Children.ContainsKey(new YamlScalarNode("always")) && bool.Parse(Scalar(rule, "always"));
            var anchors = always ? [] : Strings(rule, "anchors").Select(Anchor).ToArray();
            if (anchors.Length == 0 && !always)
            {
                throw Error(rule, "a rule needs at least one anchor, or always: true");
            }

            var examples = rule.Children.ContainsKey(new YamlScalarNode("examples")) ? Strings(rule, "examples") : [];
            bool flow = rule.Children.ContainsKey(new YamlScalarNode("flow")) && bool.Parse(Scalar(rule, "flow"));
            result.Add(new LineRule(kind, hostile, needs, Compile(Join(patterns), rule, inLineAnalysis: true), anchors, always, examples) { Flow = flow });
        }

        return result;
    }

    private int Anchor(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw new FormatException("security definitions: empty anchor");
        }

        if (!_anchorIndex.TryGetValue(text, out int index))
        {
            index = _anchors.Count;
            _anchors.Add(text.ToLowerInvariant());
            _anchorIndex[text] = index;
        }

        return index;
    }

    private static string Join(List<string> patterns) =>
        patterns.Count == 1 ? patterns[0] : string.Join('|', patterns.Select(p => "(?:" + p + ")"));

    /// <param name="inLineAnalysis">
    /// Whether the pattern decides a line's cached analysis (<see cref="LineShapeCache"/>): then the keys it
    /// names before a number are noted in <see cref="NumericKeys"/>. Session ids and the web lists, which run on
    /// every line or request, do not.
    /// </param>
    private DeferredRegex Compile(string pattern, YamlNode where, bool inLineAnalysis = false)
    {
        string expanded = MacroReference().Replace(pattern, m =>
            _vocabulary.TryGetValue(m.Groups[1].Value, out string? value) ? "(?:" + value + ")" : m.Value);
        if (inLineAnalysis)
        {
            NoteNumericKeys(expanded);
            MasksShortIds &= !DigitAfterSlash().IsMatch(expanded);
        }

        try
        {
            var compiled = new DeferredRegex(BuiltInRegexes.Create(expanded, Options));
            _compiled.Add(compiled);
            return compiled;
        }
        catch (ArgumentException e)
        {
            throw Error(where, $"pattern '{pattern}' does not compile: {e.Message}");
        }
    }

    /// <summary>Adds to <see cref="NumericKeys"/> the keys <paramref name="pattern"/> names before '=' and something that may be a digit.</summary>
    private void NoteNumericKeys(string pattern)
    {
        for (int at = pattern.IndexOf('='); at > 0 && _numericKeys is not null; at = pattern.IndexOf('=', at + 1))
        {
            if (at + 1 == pattern.Length || !MayMatchDigit(pattern.AsSpan(at + 1)))
            {
                continue; // at the end, the pattern does not look at the value
            }

            int end = at;
            if (pattern[end - 1] == ')')
            {
                // "(?:user|uid)=": every name in the group (more than needed is only less masking).
                int depth = 0, open = end - 1;
                for (; open >= 0; open--)
                {
                    depth += pattern[open] == ')' ? 1 : pattern[open] == '(' ? -1 : 0;
                    if (depth == 0)
                    {
                        break;
                    }
                }

                if (open < 0)
                {
                    _numericKeys = null;
                    return;
                }

                foreach (Match word in Word().Matches(pattern[open..end]))
                {
                    _numericKeys.Add(word.Groups["word"].Value);
                }

                continue;
            }

            int start = end;
            while (start > 0 && (char.IsAsciiLetter(pattern[start - 1]) || pattern[start - 1] == '_'))
            {
                start--;
            }

            if (start > 0 && pattern[start - 1] == '\\')
            {
                start++; // "\bkey=": the escape's letter is no part of the key
            }

            if (start >= end)
            {
                _numericKeys = null; // "]=" or "\w+=": any key
                return;
            }

            _numericKeys.Add(pattern[start..end]);
        }

        // What follows '=' cannot be a digit when it is a letter, a space, a quote or a few other characters.
        static bool MayMatchDigit(ReadOnlySpan<char> next) =>
            !(char.IsAsciiLetter(next[0]) || next[0] is ' ' or '"' or '\'' or '<' or '>' or ',' or ';' or '&' or '/' or '$'
              || (next[0] == '\\' && next.Length > 1 && next[1] is 's' or 'b'));
    }

    /// <summary>
    /// Whether a structured field holds the remote party: its name is a remote cue ("client", "remote_addr",
    /// "ClientHost"), or its last dotted part is one and no part names this side ("request.remote_ip", "source.ip",
    /// but not "destination.ip" or "server.address").
    /// </summary>
    public bool IsRemoteField(string name)
    {
        Span<char> normalised = stackalloc char[MaxFieldNameChars];
        if (_remoteFieldNames.Contains(normalised[..NormaliseFieldName(name, normalised)]))
        {
            return true;
        }

        int dot = name.LastIndexOf('.');
        if (dot < 0 || !RemoteFieldNames.Contains(NormaliseFieldName(name[(dot + 1)..])))
        {
            return IsRemoteByWords(name);
        }

        foreach (var part in name[..dot].Split('.'))
        {
            if (LocalFieldNames.Contains(NormaliseFieldName(part)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Words that say "an address" and not whose: a field ending in one needs a word that names the party.</summary>
    private static readonly HashSet<string> AddressWords = new(StringComparer.Ordinal) { "addr", "address", "ip", "ipaddr", "ipaddress", "host", "hostname", "ips" };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> AddressWordsBySpan = AddressWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether a field's own name (after its last dot) is one of <see cref="AddressWords"/>: an address, but not whose ("headers.host").</summary>
    internal static bool NamesNoParty(string name)
    {
        Span<char> normalised = stackalloc char[MaxFieldNameChars];
        return AddressWordsBySpan.Contains(normalised[..NormaliseFieldName(name.AsSpan(name.LastIndexOf('.') + 1), normalised)]);
    }

    /// <summary>
    /// A name made of words none of the lists holds whole (<c>audit_request_remote_address</c>,
    /// <c>downstreamRemoteAddress</c>, <c>client_socket_ip</c>): remote when its last word is a remote cue that says
    /// "an address" (ip, address, host…), an earlier word is a remote cue that names the party (remote, client, src,
    /// peer…), and no word is a local cue (<c>upstream_remote_address</c> is the server's peer, not the visitor).
    /// A lone "address" word is not enough: <c>request_host</c> is the site asked for.
    /// </summary>
    internal bool IsRemoteByWords(string name)
    {
        var words = FieldNameWords(name);
        if (words.Count < 2 || !AddressWords.Contains(words[^1]) || !RemoteFieldNames.Contains(words[^1]))
        {
            return false;
        }

        bool party = false;
        foreach (string word in words)
        {
            if (LocalFieldNames.Contains(word))
            {
                return false;
            }
            party |= !AddressWords.Contains(word) && RemoteFieldNames.Contains(word);
        }

        return party;
    }

    /// <summary>A field name's words, lower case: split at every character that is no letter or digit and where a lower-case letter meets an upper-case one.</summary>
    internal static List<string> FieldNameWords(string name)
    {
        var words = new List<string>();
        int start = -1;
        for (int i = 0; i <= name.Length; i++)
        {
            bool letterOrDigit = i < name.Length && char.IsAsciiLetterOrDigit(name[i]);
            bool boundary = !letterOrDigit || (start >= 0 && char.IsAsciiLetterUpper(name[i]) && char.IsAsciiLetterLower(name[i - 1]));
            if (boundary && start >= 0)
            {
                words.Add(name[start..i].ToLowerInvariant());
                start = -1;
            }
            if (letterOrDigit && start < 0)
            {
                start = i;
            }
        }

        return words;
    }

    /// <summary>The user a structured field names ("user", "username", "user.name", "principalName").</summary>
    public static bool IsUserField(string name)
    {
        int dot = name.LastIndexOf('.');
        string last = NormaliseFieldName(dot < 0 ? name : name[(dot + 1)..]);
        string full = NormaliseFieldName(name);
        return last is "user" or "username" or "uname" or "login" or "remoteuser" or "account" or "principalname" or "principal" or "userid"
            || full is "username" or "userlogin";
    }

    /// <summary>Field names are compared on at most this many letters and digits.</summary>
    internal const int MaxFieldNameChars = 64;

    /// <summary>"request.remote_ip" → "requestremoteip": field names compared without case or separators.</summary>
    internal static string NormaliseFieldName(string name)
    {
        Span<char> buffer = stackalloc char[MaxFieldNameChars];
        return new string(buffer[..NormaliseFieldName(name, buffer)]);
    }

    /// <summary>The same into <paramref name="buffer"/> (at least <see cref="MaxFieldNameChars"/> long); returns the length.</summary>
    internal static int NormaliseFieldName(ReadOnlySpan<char> name, Span<char> buffer)
    {
        int length = 0;
        foreach (char c in name)
        {
            if (char.IsAsciiLetterOrDigit(c) && length < MaxFieldNameChars)
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
        }

        return length;
    }

    private static IEnumerable<(string Key, YamlNode Value)> Mapping(YamlMappingNode node, string key)
    {
        foreach (var (k, v) in Child<YamlMappingNode>(node, key).Children)
        {
            yield return (((YamlScalarNode)k).Value ?? "", v);
        }
    }

    private static YamlSequenceNode Sequence(YamlMappingNode node, string key) => Child<YamlSequenceNode>(node, key);

    private static T Child<T>(YamlMappingNode node, string key) where T : YamlNode =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child)
            ? child as T ?? throw Error(child, $"'{key}' has the wrong shape")
            : throw Error(node, $"'{key}' is missing");

    private static string Scalar(YamlMappingNode node, string key) => Child<YamlScalarNode>(node, key).Value ?? "";

    private static List<string> Strings(YamlMappingNode node, string key) =>
        Sequence(node, key).Children.Select(n => n is YamlScalarNode s ? s.Value ?? "" : throw Error(n, $"'{key}' holds strings")).ToList();

    private static FormatException Error(YamlNode node, string message) =>
        new($"security definitions, line {node.Start.Line}: {message}");

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex MacroReference();

    [GeneratedRegex(@"(?:\\[A-Za-z])?(?<word>[A-Za-z_]+)")]
    private static partial Regex Word();
}
