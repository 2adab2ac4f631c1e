using LogWarden.Collect;
using LogWarden.Store;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Store;

/// <summary>Host metrics on either store: samples back as taken, then minute and hour averages, then gone.</summary>
public abstract class StoreMetricsTests(StoreKindUnderTest kind)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly StreamLabels User = new(("mode", "user"));
    private static readonly StreamLabels System = new(("mode", "system"));

    [Fact]
    public void Samples_come_back_and_old_ones_become_minute_then_hour_averages()
    {
        using var location = new TestStoreLocation(kind);
        var clock = new ManualTimeProvider(Now);
        using var opened = location.Open(time: clock, metricsMaxAge: TimeSpan.FromDays(90));
        var store = (IMetricStore)opened;
        // Every 10 s for three days, two series on web1 and one on web2.
        DateTimeOffset start = Now.AddDays(-3);
        var samples = new List<MetricSample>();
        for (var t = start; t < Now; t = t.AddSeconds(10))
        {
            long i = (t - start).Ticks / TimeSpan.TicksPerSecond / 10;
            samples.Add(new MetricSample(t, "web1", "cpu", User, i % 6));
            samples.Add(new MetricSample(t, "web1", "cpu", System, 1));
            samples.Add(new MetricSample(t, "web2", "cpu", User, 2));
        }
        foreach (MetricSample[] chunk in samples.Chunk(5000))
        {
            store.AppendMetrics(chunk);
        }
        var query = new MetricQuery { Name = "cpu", Host = "web1", Labels = [new LabelMatcher("mode", "user")], From = start, To = Now };
        MetricSeries series = Assert.Single(store.ReadMetrics(query));
        Assert.Equal(3 * 8640, series.Points.Count);
        Assert.All(series.Points, p => Assert.Equal(TimeSpan.Zero, p.Resolution));
        Assert.Equal(2, store.ReadMetrics(query with { Host = null, Labels = [] }).Count(s => s.Host == "web1"));
        Assert.Equal(3, store.ReadMetrics(query with { Host = null, Labels = [] }).Count);

        // Older than two days: one point per minute, the mean of its six samples (0..5 → 2.5).
        Assert.True(store.DownsampleMetrics() > 0);
        series = Assert.Single(store.ReadMetrics(query));
        var minutes = series.Points.Where(p => p.Resolution == TimeSpan.FromMinutes(1)).ToList();
        var raw = series.Points.Where(p => p.Resolution == TimeSpan.Zero).ToList();
        Assert.Equal(24 * 60, minutes.Count);
        Assert.Equal(2 * 8640, raw.Count);
        Assert.All(minutes, p => Assert.Equal(2.5, p.Value, 9));
        Assert.True(minutes[^1].Timestamp < raw[0].Timestamp);
        Assert.Equal(series.Points.OrderBy(p => p.Timestamp).Select(p => p.Timestamp), series.Points.Select(p => p.Timestamp));

        // 28.5 days later: every sample is past two days (minutes), and the first day and a half past
        // thirty (hours), still 2.5 on average.
        clock.Advance(TimeSpan.FromDays(28.5));
        store.DownsampleMetrics();
        series = Assert.Single(store.ReadMetrics(query with { To = clock.GetUtcNow() }));
        Assert.Equal(36, series.Points.Count(p => p.Resolution == TimeSpan.FromHours(1)));
        Assert.Equal(36 * 60, series.Points.Count(p => p.Resolution == TimeSpan.FromMinutes(1)));
        Assert.Equal(36 + 36 * 60, series.Points.Count);
        Assert.All(series.Points, p => Assert.Equal(2.5, p.Value, 9));

        // Past the maximum age: gone.
        clock.Advance(TimeSpan.FromDays(100));
        store.DownsampleMetrics();
        Assert.Empty(Assert.Single(store.ReadMetrics(query with { To = clock.GetUtcNow() })).Points);
    }
}

public sealed class EmbeddedStoreContractMetricsTests() : StoreMetricsTests(StoreKindUnderTest.Embedded);

public sealed class PostgresStoreMetricsTests() : StoreMetricsTests(StoreKindUnderTest.Postgres);
