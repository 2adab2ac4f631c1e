using LogWarden.Detect.Security;
using LogWarden.Parse;

namespace LogWarden.Detect.Rules;

/// <summary>
/// What a line must be for a rule (or its <c>after</c> / <c>cleared_by</c> part) to match: every condition
/// given holds. <see cref="From"/> names the program, unit, container or source (globs, any case);
/// <see cref="Level"/> is a minimum severity; <see cref="Security"/> lists security event kinds;
/// <see cref="Contains"/> is any of some literal texts (any case); <see cref="Regex"/> runs over the
/// message and its named groups are the extracted values; <see cref="Not"/> rules a line out;
/// <see cref="Fields"/> match structured fields; <see cref="Template"/> matches the miner's template text.
/// </summary>
internal sealed class MatchCondition
{
    /// <summary>Values every line offers from its record and labels (see <see cref="LineValues"/>).</summary>
    public static readonly IReadOnlyList<string> ContextNames = ["host", "program", "pid", "unit", "container", "source"];

    /// <summary>Values a security event offers (see <see cref="LineValues"/>).</summary>
    public static readonly IReadOnlyList<string> SecurityNames = ["ip", "user", "path", "remote"];

    public IReadOnlyList<string> From { get; init; } = [];

    public Severity? Level { get; init; }

    public IReadOnlyList<string> Security { get; init; } = [];

    public IReadOnlyList<string> Contains { get; init; } = [];

    public RulePattern? Regex { get; init; }

    public RulePattern? Not { get; init; }

    public IReadOnlyList<FieldPattern> Fields { get; init; } = [];

    public RulePattern? Template { get; init; }

    public bool IsEmpty => From.Count == 0 && Level is null && Security.Count == 0 && Contains.Count == 0 && Regex is null && Fields.Count == 0 && Template is null;

    /// <summary>
    /// Literals one of which every matching line contains (any case): <see cref="Contains"/> when given,
    /// else what <see cref="RegexLiterals"/> derives from <see cref="Regex"/>; empty when none is certain.
    /// </summary>
    public IReadOnlyList<string> Anchors => _anchors ??= Contains.Count > 0 ? Contains : Regex is null ? [] : RegexLiterals.Required(Regex.Text) ?? [];

    private IReadOnlyList<string>? _anchors;

    /// <summary>The names of the values a match can carry: named groups, context and security values.</summary>
    public IEnumerable<string> ValueNames =>
        (Regex?.GroupNames ?? []).Concat(Fields.SelectMany(f => f.Pattern.GroupNames)).Concat(ContextNames).Concat(Security.Count > 0 ? SecurityNames : []);

    /// <summary>
    /// Whether the line matches, given that the keyword scan already found one of <see cref="Anchors"/> (or
    /// there are none). Named groups go into <paramref name="values"/>, created on the first one.
    /// </summary>
    public bool Matches(LogObservation line, MatchCache cache, ref Dictionary<string, string>? values, ref long timeouts)
    {
        LogRecord record = line.Record;
        if (Level is { } minimum && (record.Level == Severity.Unknown || record.Level > minimum))
        {
            return false;
        }

        if (Security.Count > 0 && (line.Security is not { } security || !ContainsOrdinal(Security, security.Kind)))
        {
            return false;
        }

        if (From.Count > 0 && !cache.IsFrom(this, line))
        {
            return false;
        }

        if (Template is not null && !cache.TemplateMatches(Template, line.Template))
        {
            return false;
        }

        bool timedOut;
        for (int i = 0; i < Fields.Count; i++)
        {
            FieldPattern field = Fields[i];
            if (FieldValue(record, field.Name) is not { } text)
            {
                return false;
            }

            if (!field.Pattern.Match(text, ref values, out timedOut))
            {
                timeouts += timedOut ? 1 : 0;
                return false;
            }
        }

        // The message as characters: its string is made only when a pattern needs a Match (see RulePattern.Match).
        if (Regex is not null && !Regex.Match(record, cache.Text, cache.MessageChars(record), cache.Captures(Regex), ref values, out timedOut))
        {
            timeouts += timedOut ? 1 : 0;
            return false;
        }

        if (Not is not null && Not.IsMatch(cache.MessageChars(record), out timedOut))
        {
            return false;
        }

        return true;
    }

    /// <summary>Whether a line's program, unit, container or source matches one of <see cref="From"/>.</summary>
    public bool IsFromUncached(LogObservation line)
    {
        string? unit = LineValues.Unit(line);
        string? container = LineValues.Container(line);
        string? source = LineValues.Source(line);
        foreach (string glob in From)
        {
            if ((line.Record.Program is { } program && Glob.IsMatch(glob, program))
                || (unit is not null && Glob.IsMatch(glob, unit))
                || (container is not null && Glob.IsMatch(glob, container))
                || (source is not null && Glob.IsMatch(glob, source)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A structured field's value by name (any case); indexed loops, so nothing is allocated.</summary>
    public static string? FieldValue(LogRecord record, string name)
    {
        var fields = record.Fields;
        for (int i = 0; i < fields.Count; i++)
        {
            if (fields[i].Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return fields[i].Value;
            }
        }

        return null;
    }

    private static bool ContainsOrdinal(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A structured field's name and the pattern its value must match.</summary>
internal sealed record FieldPattern(string Name, RulePattern Pattern);

/// <summary>
/// Per-detector memo of conditions that depend on the stream rather than the line: whether a stream's
/// program/unit/container/source is one a condition wants, and whether a template's text matches.
/// </summary>
internal sealed class MatchCache
{
    private const int MaxEntries = 4096;

    private readonly Dictionary<(MatchCondition, string?, string?, string?, Collect.StreamLabels), bool> _from = [];
    private readonly Dictionary<(RulePattern, int), (string Text, bool Matches)> _templates = [];
    private CaptureCache?[] _captures = [];
    private char[] _scratch = new char[256];

    /// <summary>The current line's text for the rules when it is more than its message (<see cref="RuleText"/>), else null.</summary>
    public string? Text { get; set; }

    /// <summary>
    /// A record's text for the rules as characters (valid until the next call): its message, a slice of its raw line with no
    /// string made, or <see cref="Text"/> when the line has one.
    /// </summary>
    public ReadOnlySpan<char> MessageChars(LogRecord record) => Text is { } text ? text.AsSpan() : record.MessageChars(ref _scratch);

    /// <summary>This detector's memo of <paramref name="pattern"/>'s captures by matched text; null when they do not follow it.</summary>
    public CaptureCache? Captures(RulePattern pattern)
    {
        if (!pattern.CapturesFollowMatchedText)
        {
            return null;
        }

        int id = pattern.Id;
        if (id >= _captures.Length)
        {
            Array.Resize(ref _captures, Math.Max(id + 1, _captures.Length * 2));
        }

        return _captures[id] ??= new CaptureCache();
    }

    public bool IsFrom(MatchCondition condition, LogObservation line)
    {
        // The record's program, source and unit and the stream's labels decide (the container comes from them).
        var key = (condition, line.Record.Program, line.Record.Source, LineValues.Unit(line), line.Labels);
        if (!_from.TryGetValue(key, out bool result))
        {
            result = condition.IsFromUncached(line);
            if (_from.Count >= MaxEntries)
            {
                _from.Clear();
            }

            _from[key] = result;
        }

        return result;
    }

    public bool TemplateMatches(RulePattern pattern, Mine.LogTemplate template)
    {
        // A template's text changes when it is generalised: the cached answer holds for the text it was computed on.
        string text = template.Text;
        var key = (pattern, template.Id);
        if (_templates.TryGetValue(key, out var cached) && ReferenceEquals(cached.Text, text))
        {
            return cached.Matches;
        }

        bool matches = pattern.IsMatch(text, out _);
        if (_templates.Count >= MaxEntries)
        {
            _templates.Clear();
        }

        _templates[key] = (text, matches);
        return matches;
    }
}
