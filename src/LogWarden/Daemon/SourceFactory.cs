using LogWarden.Collect;
using LogWarden.Collect.Docker;
using LogWarden.Collect.Files;
using LogWarden.Collect.HostMetrics;
using LogWarden.Collect.Journal;
using LogWarden.Collect.LokiPush;
using LogWarden.Collect.Syslog;
using LogWarden.Config;
using LogWarden.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogWarden.Daemon;

/// <summary>
/// Turns the configuration and what discovery found into the daemon's sources: the one place that knows
/// every source type. Adding a source is one registration here.
/// </summary>
internal static class SourceFactory
{
    public static void Register(IServiceCollection services, LogWardenConfig config, EffectiveSources sources)
    {
        string host = config.Host ?? Environment.MachineName;
        foreach (FileSourceConfig files in sources.Files)
        {
            // Every file group shares the checkpoint namespace "file" (a source ignores checkpoints of paths
            // its patterns do not match), so editing the list of paths does not make files read again.
            var options = new FileSourceOptions
            {
                Id = "file",
                Include = files.Paths,
                Exclude = files.Exclude,
                Format = files.Format,
                Labels = files.Labels,
                HostName = host,
            };
            services.AddSingleton<ILogSource>(sp => new FileSource(options, sp.GetRequiredService<ILogger<FileSource>>()));
        }
        if (sources.Journal)
        {
            services.AddSingleton<ILogSource>(sp => new JournalSource(
                new JournalSourceOptions { Host = host, Units = config.Sources.Journal.Units, Directory = config.Sources.Journal.Directory },
                sp.GetRequiredService<ILogger<JournalSource>>(), sp.GetRequiredService<TimeProvider>()));
        }
        if (sources.Docker)
        {
            services.AddSingleton<ILogSource>(sp => new DockerSource(
                new DockerSourceOptions { Host = host, ContainersDirectory = config.Sources.Docker.Root },
                sp.GetRequiredService<ILogger<DockerSource>>(), sp.GetRequiredService<TimeProvider>()));
        }
        SyslogConfig syslog = config.Sources.Syslog;
        if (syslog.Udp is not null || syslog.Tcp is not null)
        {
            services.AddSingleton<ILogSource>(sp => new SyslogSource(
                new SyslogOptions
                {
                    Enabled = true,
                    Udp = syslog.Udp is null ? [] : [syslog.Udp],
                    Tcp = syslog.Tcp is null ? [] : [syslog.Tcp],
                    MaxMessageBytes = (int)Math.Min(syslog.MaxMessageBytes, 1 << 20),
                },
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SyslogSource>>()));
        }
        if (config.Sources.LokiQuery is { } lokiQuery)
        {
            services.AddSingleton<ILogSource>(sp => new LokiQuerySource(
                lokiQuery.Options, http: null, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LokiQuerySource>>()));
        }
        if (config.Sources.LokiPush.Enabled)
        {
            // Kept by the container so that /metrics reads what the receiver mapped in MapEndpoints counts.
            services.AddSingleton<LokiPushStats>();
        }
        if (config.Sources.HostMetrics.Enabled)
        {
            var options = new HostMetricsOptions { Host = host, Interval = config.Sources.HostMetrics.Interval };
            services.AddSingleton(sp => new HostMetricsCollector(options, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IMetricSink>(sp => new StoreMetricSink((IMetricStore)sp.GetRequiredService<ILogStore>(), sp.GetService<DaemonDetection>()));
            services.AddHostedService(sp => new HostMetricsSource(
                sp.GetRequiredService<HostMetricsCollector>(), sp.GetRequiredService<IMetricSink>(), options,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<HostMetricsSource>>()));
        }
    }

    /// <summary>Endpoints of sources that receive over the daemon's HTTP listener.</summary>
    public static void MapEndpoints(WebApplication app, LogWardenConfig config)
    {
        if (config.Sources.LokiPush.Enabled)
        {
            TimeProvider time = app.Services.GetRequiredService<TimeProvider>();
            var agents = new AgentPushOptions { MaxLinesPerSecond = config.Fleet.MaxLinesPerSecond, BurstSeconds = config.Fleet.BurstSeconds };
            app.MapLokiPush(new LokiPushReceiver(
                app.Services.GetRequiredService<IngestPipeline>(),
                new LokiPushOptions { MaxBodyBytes = (int)Math.Min(config.Sources.LokiPush.MaxBodyBytes, int.MaxValue) },
                time,
                app.Services.GetRequiredService<ILogger<LokiPushReceiver>>())
            {
                Stats = app.Services.GetRequiredService<LokiPushStats>(),
                // Exactly-once from LogWarden agents: their high-water marks live in the store's checkpoints.
                Agents = new AgentPushGate(app.Services.GetRequiredService<ILogStore>(), agents, time),
                // Agents that detect on their own lines say so; the detection stage then only correlates their findings.
                DetectionModes = app.Services.GetService<AgentDetectionModes>(),
                // Agents' metrics (reserved streams) go where this node's own samples go.
                Metrics = app.Services.GetRequiredService<ILogStore>() is IMetricStore metrics
                    ? new StoreMetricSink(metrics, app.Services.GetService<DaemonDetection>())
                    : null,
            });
        }
    }
}

/// <summary>Stores host metrics samples and hands them to the detection stage (when the daemon runs one).</summary>
internal sealed class StoreMetricSink(IMetricStore store, DaemonDetection? detection = null) : IMetricSink
{
    public ValueTask WriteAsync(HostMetricsSample sample, CancellationToken cancellationToken)
    {
        var samples = new List<MetricSample>(sample.Metrics.Count);
        foreach (HostMetric m in sample.Metrics)
        {
            samples.Add(new MetricSample(sample.Timestamp, sample.Host, m.Name, m.Labels, m.Value));
        }
        store.AppendMetrics(samples);
        detection?.Observe(sample);
        return ValueTask.CompletedTask;
    }
}
