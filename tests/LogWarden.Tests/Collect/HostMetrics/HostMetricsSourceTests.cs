using System.Collections.Concurrent;
using LogWarden.Collect.HostMetrics;

namespace LogWarden.Tests.Collect.HostMetrics;

public sealed class HostMetricsSourceTests : IDisposable
{
    private readonly ProcFixture _proc = new();

    public void Dispose() => _proc.Dispose();

    private sealed class CollectingSink : IMetricSink
    {
        public ConcurrentQueue<HostMetricsSample> Samples { get; } = new();

        public int Calls;

        public Func<int, bool> FailOnCall { get; init; } = _ => false;

        public ValueTask WriteAsync(HostMetricsSample sample, CancellationToken cancellationToken)
        {
            if (FailOnCall(Interlocked.Increment(ref Calls)))
            {
                throw new IOException("store unavailable");
            }

            Samples.Enqueue(sample);
            return ValueTask.CompletedTask;
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Hosted_source_samples_at_start_and_every_interval_until_stopped()
    {
        _proc.WriteFirst();
        var options = new HostMetricsOptions { ProcRoot = _proc.Root, Interval = TimeSpan.FromMilliseconds(20), Host = "vps1" };
        var sink = new CollectingSink();
        using var source = new HostMetricsSource(new HostMetricsCollector(options), sink, options);

        await source.StartAsync(CancellationToken.None);
        await WaitUntil(() => sink.Samples.Count >= 3);
        await source.StopAsync(CancellationToken.None);
        int afterStop = sink.Calls;
        await Task.Delay(100);

        Assert.Equal(afterStop, sink.Calls);
        var samples = sink.Samples.ToArray();
        Assert.All(samples, s => Assert.Equal("vps1", s.Host));
        Assert.DoesNotContain(samples[0].Metrics, m => m.Name == "cpu_percent");
        Assert.Contains(samples[1].Metrics, m => m.Name == "memory_total_bytes");
        Assert.Equal(0, source.Failures);
    }

    [Fact]
    public async Task Sink_failure_is_counted_and_sampling_goes_on()
    {
        _proc.WriteFirst();
        var options = new HostMetricsOptions { ProcRoot = _proc.Root, Interval = TimeSpan.FromMilliseconds(10) };
        var sink = new CollectingSink { FailOnCall = call => call == 2 };
        using var source = new HostMetricsSource(new HostMetricsCollector(options), sink, options);
        using var stop = new CancellationTokenSource();

        var running = source.RunAsync(stop.Token);
        await WaitUntil(() => sink.Samples.Count >= 3);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, source.Failures);
        Assert.True(source.Samples >= 3);
    }
}
