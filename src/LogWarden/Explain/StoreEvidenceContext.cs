using LogWarden.Mine;
using LogWarden.Store;

namespace LogWarden.Explain;

/// <summary>
/// The store as context for evidence packs: templates' lifetime counts (from the stored templates, read
/// once and kept — refresh with <see cref="Refresh"/>) and metric series over an earlier window.
/// Store errors make an answer null, never an exception: context is a nicety.
/// </summary>
internal sealed class StoreEvidenceContext(ILogStore logs, IMetricStore? metrics) : IEvidenceContext
{
    private readonly Lock _lock = new();
    private Dictionary<int, TemplateHistory>? _templates;

    public void Refresh()
    {
        lock (_lock)
        {
            _templates = null;
        }
    }

    public TemplateHistory? Template(int templateId)
    {
        lock (_lock)
        {
            if (_templates is null)
            {
                _templates = [];
                try
                {
                    foreach (TemplateState t in logs.LoadTemplates())
                    {
                        _templates[t.Id] = new TemplateHistory(t.Count, t.FirstSeen, t.LastSeen);
                    }
                }
                catch (Exception e) when (e is IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
                {
                    // No history: the pack goes without the "usual" notes.
                }
            }
            return _templates.GetValueOrDefault(templateId);
        }
    }

    public MetricSummary? Metric(string series, string? host, DateTimeOffset from, DateTimeOffset to)
    {
        if (metrics is null || !MetricSeriesName.TryParse(series, out string name, out IReadOnlyList<LabelMatcher> labels))
        {
            return null;
        }
        try
        {
            IReadOnlyList<MetricSeries> found = metrics.ReadMetrics(new MetricQuery { Name = name, Host = host, Labels = labels, From = from, To = to });
            var values = found.SelectMany(s => s.Points).Select(p => p.Value).Where(double.IsFinite).ToList();
            return values.Count == 0 ? null : new MetricSummary(values.Min(), values.Average(), values.Max(), values.Count);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            return null;
        }
    }
}

/// <summary>Reads a series as findings name it: <c>memory_used_percent</c> or <c>disk_used_percent{mount="/"}</c>.</summary>
internal static class MetricSeriesName
{
    public static bool TryParse(string series, out string name, out IReadOnlyList<LabelMatcher> labels)
    {
        labels = [];
        int brace = series.IndexOf('{', StringComparison.Ordinal);
        if (brace < 0)
        {
            name = series.Trim();
            return name.Length > 0;
        }
        name = series[..brace].Trim();
        if (name.Length == 0 || !series.EndsWith('}'))
        {
            return false;
        }
        var matchers = new List<LabelMatcher>();
        foreach (string pair in series[(brace + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return false;
            }
            matchers.Add(new LabelMatcher(pair[..eq].Trim(), pair[(eq + 1)..].Trim().Trim('"')));
        }
        labels = matchers;
        return true;
    }
}
