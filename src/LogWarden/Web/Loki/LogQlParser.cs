using System.Text.RegularExpressions;
using LogWarden.Collect.LokiPush;
using LogWarden.Config;
using LogWarden.Store;

namespace LogWarden.Web.Loki;

/// <summary>
/// Parses the LogQL that browsing logs in Grafana needs: stream selectors (<c>=</c>, <c>!=</c>, <c>=~</c>,
/// <c>!~</c>), chained line filters (<c>|=</c>, <c>!=</c>, <c>|~</c>, <c>!~</c>), <c>| drop</c>, the range
/// functions <c>count_over_time</c>, <c>rate</c>, <c>bytes_over_time</c>, <c>bytes_rate</c>, and the
/// aggregations <c>sum</c>, <c>count</c>, <c>min</c>, <c>max</c>, <c>avg</c> with <c>by</c>/<c>without</c>.
/// Anything else (parsers such as <c>| json</c>, binary operators, <c>topk</c>…) is refused with a message
/// naming it, in Loki's words: <c>parse error at line 1, col N: …</c>.
/// </summary>
internal sealed class LogQlParser
{
    /// <summary>Longest query accepted (Grafana's are a few hundred characters).</summary>
    public const int MaxQueryLength = 16 * 1024;

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);
    private readonly string _text;
    private int _i;

    private LogQlParser(string text) => _text = text;

    public static LogQlQuery Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new LogQlException("query must not be empty");
        }
        if (text.Length > MaxQueryLength)
        {
            throw new LogQlException($"query is longer than {MaxQueryLength} characters");
        }
        var parser = new LogQlParser(text);
        LogQlQuery query = parser.ParseExpression();
        parser.SkipSpaces();
        if (parser._i < text.Length)
        {
            throw parser.Error($"unexpected '{parser.Excerpt()}'");
        }
        return query;
    }

    private LogQlQuery ParseExpression()
    {
        SkipSpaces();
        if (Peek() == '{')
        {
            LogSelector selector = ParseSelector(allowRange: false, out _);
            return selector;
        }
        MetricQuery left = ParseMetric();
        while (true)
        {
            SkipSpaces();
            char op = Peek();
            if (op is not ('+' or '-' or '*' or '/'))
            {
                return left;
            }
            _i++;
            left = new BinaryOperation(op, left, ParseMetric()); // left to right; enough for vector(1)+vector(1)
        }
    }

    private MetricQuery ParseMetric()
    {
        SkipSpaces();
        int start = _i;
        string name = ReadIdentifier();
        switch (name)
        {
            case "count_over_time": return ParseRange(RangeFunction.CountOverTime);
            case "rate": return ParseRange(RangeFunction.Rate);
            case "bytes_over_time": return ParseRange(RangeFunction.BytesOverTime);
            case "bytes_rate": return ParseRange(RangeFunction.BytesRate);
            case "sum": return ParseAggregation(VectorOperation.Sum);
            case "count": return ParseAggregation(VectorOperation.Count);
            case "min": return ParseAggregation(VectorOperation.Min);
            case "max": return ParseAggregation(VectorOperation.Max);
            case "avg": return ParseAggregation(VectorOperation.Avg);
            case "vector": return ParseVectorLiteral();
            case "":
                throw Error($"unexpected '{Excerpt()}': expected a stream selector or a metric function");
            default:
                _i = start;
                throw Error($"'{name}' is not supported (LogWarden supports count_over_time, rate, bytes_over_time, bytes_rate, vector, + - * /, and sum/count/min/max/avg by/without)");
        }
    }

    private VectorLiteral ParseVectorLiteral()
    {
        Expect('(');
        SkipSpaces();
        int start = _i;
        while (_i < _text.Length && (char.IsAsciiDigit(_text[_i]) || _text[_i] is '.' or '-' or 'e' or 'E' or '+'))
        {
            _i++;
        }
        if (!double.TryParse(_text.AsSpan(start, _i - start), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value))
        {
            _i = start;
            throw Error("vector() takes a number");
        }
        Expect(')');
        return new VectorLiteral(value);
    }

    private RangeAggregation ParseRange(RangeFunction function)
    {
        Expect('(');
        SkipSpaces();
        if (Peek() != '{')
        {
            throw Error("a range function takes a log selector such as {job=\"app\"}[5m]");
        }
        LogSelector selector = ParseSelector(allowRange: true, out TimeSpan? range);
        if (range is not { } r)
        {
            throw Error("a range function needs a range such as [5m] after its selector");
        }
        Expect(')');
        return new RangeAggregation(function, selector, r);
    }

    private VectorAggregation ParseAggregation(VectorOperation operation)
    {
        (IReadOnlyList<string>? by, IReadOnlyList<string>? without) = ParseGrouping();
        Expect('(');
        MetricQuery inner = ParseMetric();
        Expect(')');
        if (by is null && without is null)
        {
            (by, without) = ParseGrouping();
        }
        return new VectorAggregation(operation, by, without, inner);
    }

    private (IReadOnlyList<string>? By, IReadOnlyList<string>? Without) ParseGrouping()
    {
        SkipSpaces();
        int start = _i;
        string word = ReadIdentifier();
        if (word is not ("by" or "without"))
        {
            _i = start;
            return (null, null);
        }
        Expect('(');
        var names = new List<string>();
        while (true)
        {
            SkipSpaces();
            if (Peek() == ')')
            {
                _i++;
                break;
            }
            string label = ReadIdentifier();
            if (label.Length == 0)
            {
                throw Error("expected a label name in the grouping");
            }
            names.Add(label);
            SkipSpaces();
            if (Peek() == ',')
            {
                _i++;
            }
            else if (Peek() != ')')
            {
                throw Error("expected ',' or ')' in the grouping");
            }
        }
        return word == "by" ? (names, null) : (null, names);
    }

    private LogSelector ParseSelector(bool allowRange, out TimeSpan? range)
    {
        range = null;
        var matchers = ParseMatchers();
        var filters = new List<LineFilter>();
        var dropped = new List<string>();
        while (true)
        {
            SkipSpaces();
            if (_i >= _text.Length)
            {
                break;
            }
            if (allowRange && Peek() == '[' && range is null)
            {
                range = ParseRangeLiteral();
                continue;
            }
            string op = _i + 1 < _text.Length ? _text.Substring(_i, 2) : "";
            LineFilterType? type = op switch
            {
                "|=" => LineFilterType.Contains,
                "!=" => LineFilterType.NotContains,
                "|~" => LineFilterType.Regex,
                "!~" => LineFilterType.NotRegex,
                _ => null,
            };
            if (type is { } t)
            {
                _i += 2;
                SkipSpaces();
                string value = ReadString();
                SkipSpaces();
                if (_text.AsSpan(_i).StartsWith("or") && _i + 2 < _text.Length && !char.IsAsciiLetterOrDigit(_text[_i + 2]))
                {
                    throw Error("'or' in line filters is not supported");
                }
                filters.Add(t is LineFilterType.Regex or LineFilterType.NotRegex
                    ? new LineFilter(t, value) { Pattern = CompileRegex(value, anchored: false) }
                    : new LineFilter(t, value));
                continue;
            }
            if (Peek() == '|')
            {
                int stageStart = _i;
                _i++;
                SkipSpaces();
                string stage = ReadIdentifier();
                if (stage == "drop")
                {
                    ParseDrop(dropped);
                    continue;
                }
                _i = stageStart;
                throw Error($"the pipeline stage '| {(stage.Length > 0 ? stage : Excerpt())}' is not supported (LogWarden supports line filters |= != |~ !~ and | drop)");
            }
            break;
        }
        return new LogSelector(matchers, filters, dropped);
    }

    private void ParseDrop(List<string> dropped)
    {
        while (true)
        {
            SkipSpaces();
            string name = ReadIdentifier();
            if (name.Length == 0)
            {
                throw Error("'| drop' needs label names");
            }
            SkipSpaces();
            if (Peek() is '=' or '!')
            {
                throw Error("'| drop' with a matcher is not supported, only label names");
            }
            dropped.Add(name);
            if (Peek() != ',')
            {
                return;
            }
            _i++;
        }
    }

    private List<LabelMatcher> ParseMatchers()
    {
        Expect('{');
        var matchers = new List<LabelMatcher>();
        while (true)
        {
            SkipSpaces();
            if (Peek() == '}')
            {
                _i++;
                break;
            }
            string name = ReadIdentifier();
            if (name.Length == 0)
            {
                throw Error($"unexpected '{Excerpt()}': expected a label name");
            }
            SkipSpaces();
            LabelMatchType type;
            if (Match("=~")) { type = LabelMatchType.Regex; }
            else if (Match("!~")) { type = LabelMatchType.NotRegex; }
            else if (Match("!=")) { type = LabelMatchType.NotEqual; }
            else if (Match("=")) { type = LabelMatchType.Equal; }
            else { throw Error($"unexpected '{Excerpt()}': expected =, !=, =~ or !~ after '{name}'"); }
            SkipSpaces();
            string value = ReadString();
            if (type is LabelMatchType.Regex or LabelMatchType.NotRegex)
            {
                CompileRegex(value, anchored: true);
            }
            matchers.Add(LabelMatcher.Create(name, type, value));
            SkipSpaces();
            if (Peek() == ',')
            {
                _i++;
            }
            else if (Peek() != '}')
            {
                throw Error($"unexpected '{Excerpt()}': expected ',' or '}}'");
            }
        }
        // Loki's rule: a selector that every stream matches would read everything.
        if (!matchers.Any(m => !m.Matches((string?)null)))
        {
            throw Error("queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will");
        }
        return matchers;
    }

    private TimeSpan ParseRangeLiteral()
    {
        Expect('[');
        int close = _text.IndexOf(']', _i);
        if (close < 0)
        {
            throw Error("the range has no closing ']'");
        }
        string text = _text[_i..close].Trim();
        if (!ConfigLoader.TryParseDuration(text, out TimeSpan range) || range <= TimeSpan.Zero)
        {
            throw Error($"'{text}' is not a duration such as 30s, 5m or 1h");
        }
        _i = close + 1;
        return range;
    }

    private Regex CompileRegex(string pattern, bool anchored)
    {
        try
        {
            // Go's RE2 and .NET agree on the syntax Grafana users write ((?i), classes, alternation).
            return QueryRegexCache.Get(anchored ? $"^(?:{pattern})$" : pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException e)
        {
            throw Error($"invalid regular expression '{pattern}': {e.Message}");
        }
    }

    private string ReadString()
    {
        if (!LogQlLabels.TryReadString(_text, ref _i, out string? value, out string? error))
        {
            throw Error(error ?? "expected a quoted string");
        }
        return value;
    }

    private string ReadIdentifier()
    {
        int start = _i;
        while (_i < _text.Length && (char.IsAsciiLetterOrDigit(_text[_i]) || _text[_i] == '_'))
        {
            _i++;
        }
        return _text[start.._i];
    }

    private void Expect(char c)
    {
        SkipSpaces();
        if (Peek() != c)
        {
            throw Error(_i < _text.Length ? $"unexpected '{Excerpt()}': expected '{c}'" : $"unexpected end of query: expected '{c}'");
        }
        _i++;
    }

    private bool Match(string s)
    {
        if (string.CompareOrdinal(_text, _i, s, 0, s.Length) == 0)
        {
            _i += s.Length;
            return true;
        }
        return false;
    }

    private char Peek() => _i < _text.Length ? _text[_i] : '\0';

    private void SkipSpaces()
    {
        while (_i < _text.Length && char.IsWhiteSpace(_text[_i]))
        {
            _i++;
        }
    }

    private string Excerpt() => _i >= _text.Length ? "end of query" : _text.Substring(_i, Math.Min(20, _text.Length - _i));

    private LogQlException Error(string message)
    {
        int line = 1, column = 1;
        for (int k = 0; k < Math.Min(_i, _text.Length); k++)
        {
            if (_text[k] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
        return new LogQlException($"parse error at line {line}, col {column}: {message}");
    }
}
