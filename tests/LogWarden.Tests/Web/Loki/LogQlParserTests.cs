using LogWarden.Store;
using LogWarden.Web.Loki;

namespace LogWarden.Tests.Web.Loki;

public sealed class LogQlParserTests
{
    [Fact]
    public void A_selector_with_every_matcher_and_filter_parses_in_order()
    {
        var query = Assert.IsType<LogSelector>(LogQlParser.Parse("""{job="app", host!="web2", path=~"/var/log/.+", env!~`prod|stage`,} |= "a" != "b" |~ "c+" !~ `d\d` | drop __error__, __error_details__"""));
        Assert.Equal([LabelMatchType.Equal, LabelMatchType.NotEqual, LabelMatchType.Regex, LabelMatchType.NotRegex], query.Matchers.Select(m => m.Type));
        Assert.Equal("prod|stage", query.Matchers[3].Value);
        Assert.Equal([LineFilterType.Contains, LineFilterType.NotContains, LineFilterType.Regex, LineFilterType.NotRegex], query.Filters.Select(f => f.Type));
        Assert.Equal(["__error__", "__error_details__"], query.DroppedLabels);
    }

    [Fact]
    public void Regex_matchers_are_anchored_and_absent_labels_count_as_empty()
    {
        var query = Assert.IsType<LogSelector>(LogQlParser.Parse("""{job=~"ap", env!="prod"}"""));
        Assert.False(query.Matchers[0].Matches("app"));
        Assert.True(query.Matchers[0].Matches("ap"));
        Assert.True(query.Matchers[1].Matches((string?)null));
    }

    [Fact]
    public void Aggregations_take_grouping_before_or_after_and_ranges_after_filters()
    {
        var before = Assert.IsType<VectorAggregation>(LogQlParser.Parse("""sum by (host, job) (rate({job="app"} |= "x" [5m]))"""));
        var after = Assert.IsType<VectorAggregation>(LogQlParser.Parse("""sum(count_over_time({job="app"}[1h30m])) without (path)"""));
        Assert.Equal(["host", "job"], before.By);
        var range = Assert.IsType<RangeAggregation>(before.Inner);
        Assert.Equal(RangeFunction.Rate, range.Function);
        Assert.Equal(TimeSpan.FromMinutes(5), range.Range);
        Assert.Equal(["path"], after.Without);
        Assert.Equal(TimeSpan.FromMinutes(90), Assert.IsType<RangeAggregation>(after.Inner).Range);
    }

    [Theory]
    [InlineData("""{job="app"} | logfmt""", "col 13")]
    [InlineData("""{job="app"} |= "a" or "b" """, "'or'")]
    [InlineData("""quantile_over_time(0.9, {job="app"} | unwrap x [1m])""", "not supported")]
    [InlineData("""count_over_time({job="app"}[5x])""", "duration")]
    [InlineData("""{job="app"} > 1""", "unexpected")]
    [InlineData("""{job "app"}""", "expected =")]
    [InlineData("""{job="unterminated}""", "unterminated")]
    [InlineData("""{job!="x"}""", "at least one")]
    public void Unsupported_or_broken_LogQL_is_refused_with_where_and_what(string text, string expected)
    {
        var e = Assert.Throws<LogQlException>(() => LogQlParser.Parse(text));
        Assert.StartsWith("parse error at line 1, col ", e.Message);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_queries_are_refused_before_parsing()
    {
        string huge = "{job=\"" + new string('a', LogQlParser.MaxQueryLength) + "\"}";
        Assert.Throws<LogQlException>(() => LogQlParser.Parse(huge));
    }
}
