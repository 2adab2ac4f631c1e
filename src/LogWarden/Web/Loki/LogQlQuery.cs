using LogWarden.Store;

namespace LogWarden.Web.Loki;

/// <summary>A parsed LogQL query: either a log query (lines) or a metric query (numbers over time).</summary>
internal abstract record LogQlQuery;

/// <summary>How a line filter compares: <c>|=</c>, <c>!=</c>, <c>|~</c>, <c>!~</c>.</summary>
internal enum LineFilterType
{
    Contains,
    NotContains,
    Regex,
    NotRegex,
}

/// <summary>One line filter; regexes are unanchored, as Loki's are, and case-sensitive unless they say <c>(?i)</c>.</summary>
internal sealed record LineFilter(LineFilterType Type, string Value)
{
    public System.Text.RegularExpressions.Regex? Pattern { get; init; }

    public bool Passes(string line) => Type switch
    {
        LineFilterType.Contains => line.Contains(Value, StringComparison.Ordinal),
        LineFilterType.NotContains => !line.Contains(Value, StringComparison.Ordinal),
        LineFilterType.Regex => Pattern!.IsMatch(line),
        _ => !Pattern!.IsMatch(line),
    };
}

/// <summary><c>{matchers} |= "x" != "y" | drop a</c>: which streams, which lines, and labels left out of results.</summary>
internal sealed record LogSelector(IReadOnlyList<LabelMatcher> Matchers, IReadOnlyList<LineFilter> Filters, IReadOnlyList<string> DroppedLabels) : LogQlQuery;

/// <summary>The functions over a range of lines: counts, rates and byte sums.</summary>
internal enum RangeFunction
{
    CountOverTime,
    Rate,
    BytesOverTime,
    BytesRate,
}

internal abstract record MetricQuery : LogQlQuery;

/// <summary><c>count_over_time({...} |= "x" [5m])</c> and its kin: one series per stream.</summary>
internal sealed record RangeAggregation(RangeFunction Function, LogSelector Selector, TimeSpan Range) : MetricQuery;

internal enum VectorOperation
{
    Sum,
    Count,
    Min,
    Max,
    Avg,
}

/// <summary><c>sum by (level) (...)</c> / <c>sum without (path) (...)</c>: series grouped at each step.</summary>
internal sealed record VectorAggregation(VectorOperation Operation, IReadOnlyList<string>? By, IReadOnlyList<string>? Without, MetricQuery Inner) : MetricQuery;

/// <summary><c>vector(1)</c>: the same value at every step, with no labels.</summary>
internal sealed record VectorLiteral(double Value) : MetricQuery;

/// <summary><c>a + b</c>, <c>-</c>, <c>*</c>, <c>/</c> between series with the same labels (Grafana's health check sends <c>vector(1)+vector(1)</c>).</summary>
internal sealed record BinaryOperation(char Operator, MetricQuery Left, MetricQuery Right) : MetricQuery;

/// <summary>A query LogWarden cannot parse or does not support; the message says where and what.</summary>
internal sealed class LogQlException(string message) : Exception(message);
