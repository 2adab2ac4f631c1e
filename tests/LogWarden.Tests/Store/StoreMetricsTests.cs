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

    [Fact]
    public void One_call_of_many_samples_of_new_series_keeps_each_series_once_with_all_its_points()
    {
        using var location = new TestStoreLocation(kind);
        using var opened = location.Open(time: new ManualTimeProvider(Now));
        var store = (IMetricStore)opened;
        // A day of 10 s samples of two series the store has never seen, interleaved, in a single call (a seeded store's
        // history arrives like this).
        var samples = new List<MetricSample>();
        for (int i = 0; i < 8640; i++)
        {
            DateTimeOffset t = Now.AddDays(-1).AddSeconds(10 * i);
            samples.Add(new MetricSample(t, "web1", "load1", User, i));
            samples.Add(new MetricSample(t, "web1", "load1", System, -i));
        }
        store.AppendMetrics(samples);

        var query = new MetricQuery { Name = "load1", Host = "web1", Labels = [], From = Now.AddDays(-1), To = Now };
        IReadOnlyList<MetricSeries> series = store.ReadMetrics(query);
        Assert.Equal(2, series.Count);
        MetricSeries user = Assert.Single(series, s => s.Labels.Equals(User));
        MetricSeries system = Assert.Single(series, s => s.Labels.Equals(System));
        Assert.Equal(Enumerable.Range(0, 8640).Select(i => (double)i), user.Points.Select(p => p.Value));
        Assert.Equal(Enumerable.Range(0, 8640).Select(i => (double)-i), system.Points.Select(p => p.Value));
    }
}

public sealed class EmbeddedStoreContractMetricsTests() : StoreMetricsTests(StoreKindUnderTest.Embedded);

public sealed class PostgresStoreMetricsTests() : StoreMetricsTests(StoreKindUnderTest.Postgres);
