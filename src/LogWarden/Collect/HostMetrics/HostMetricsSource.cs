using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogWarden.Collect.HostMetrics;

/// <summary>
/// Samples the host every <see cref="HostMetricsOptions.Interval"/> (on the injected <see cref="TimeProvider"/>)
/// and writes each sample to the <see cref="IMetricSink"/>. The first sample is taken at start. A failed
/// sample or a sink that throws is logged and counted, and the next tick tries again: host metrics never
/// stop the daemon. A slow sink delays the next sample instead of piling samples up.
/// </summary>
internal sealed partial class HostMetricsSource : BackgroundService
{
    private readonly HostMetricsCollector _collector;
    private readonly IMetricSink _sink;
    private readonly HostMetricsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _samples;
    private long _failures;

    public HostMetricsSource(HostMetricsCollector collector, IMetricSink sink, HostMetricsOptions options, TimeProvider? timeProvider = null, ILogger<HostMetricsSource>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(collector);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Interval, TimeSpan.Zero);
        _collector = collector;
        _sink = sink;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Samples written to the sink.</summary>
    public long Samples => Interlocked.Read(ref _samples);

    /// <summary>Samples that failed (collecting or writing).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Samples until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.Interval, _time);
        do
        {
            try
            {
                var sample = _collector.Collect();
                await _sink.WriteAsync(sample, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _samples);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref _failures);
                LogSampleFailed(ex);
            }
        }
        while (await WaitForNextTickAsync(timer, cancellationToken).ConfigureAwait(false));
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    private static async Task<bool> WaitForNextTickAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public override void Dispose()
    {
        _collector.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "host metrics: a sample failed; trying again at the next interval")]
    private partial void LogSampleFailed(Exception exception);
}
