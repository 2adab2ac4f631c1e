using System.Text.RegularExpressions;

namespace LogWarden.Alert;

/// <summary>
/// One label condition, written as Alertmanager writes them: <c>name=value</c>, <c>name!=value</c>,
/// <c>name=~regex</c>, <c>name!~regex</c> (regexes are anchored). A missing label has the value "".
/// </summary>
internal sealed partial class AlertMatcher
{
    private readonly Regex? _pattern;

    private AlertMatcher(string name, string op, string value)
    {
        Name = name;
        Operator = op;
        Value = value;
        if (op is "=~" or "!~")
        {
            _pattern = new Regex("^(?:" + value + ")$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
    }

    public string Name { get; }

    public string Operator { get; }

    public string Value { get; }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        string actual = labels.TryGetValue(Name, out string? v) ? v : "";
        return Operator switch
        {
            "=" => actual == Value,
            "!=" => actual != Value,
            "=~" => _pattern!.IsMatch(actual),
            _ => !_pattern!.IsMatch(actual),
        };
    }

    public override string ToString() => Name + Operator + Value;

    [GeneratedRegex(@"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$")]
    private static partial Regex Syntax();

    /// <exception cref="FormatException">Not a matcher, or a bad regex.</exception>
    public static AlertMatcher Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Match m = Syntax().Match(text);
        if (!m.Success)
        {
            throw new FormatException($"'{text}' is not a matcher such as severity=critical, host=~web-.*, kind!=disk-full");
        }
        string value = m.Groups[3].Value;
        if (value.StartsWith('=') || value.StartsWith('~'))
        {
            throw new FormatException($"'{text}' is not a matcher: the operators are =, !=, =~ and !~ (quote a value that starts with '=')");
        }
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }
        try
        {
            return new AlertMatcher(m.Groups[1].Value, m.Groups[2].Value, value);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"'{text}': bad regular expression ({e.Message})", e);
        }
    }

    /// <summary>Matchers one per string (a silence stores them one per line).</summary>
    /// <exception cref="FormatException">One of them is not a matcher.</exception>
    public static IReadOnlyList<AlertMatcher> ParseList(IEnumerable<string> texts) =>
        [.. texts.Where(t => !string.IsNullOrWhiteSpace(t)).Select(Parse)];

    public static bool All(IReadOnlyList<AlertMatcher> matchers, IReadOnlyDictionary<string, string> labels)
    {
        foreach (AlertMatcher matcher in matchers)
        {
            if (!matcher.Matches(labels))
            {
                return false;
            }
        }
        return true;
    }
}
