using LogWarden.Config;
using LogWarden.Daemon;
using LogWarden.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogWarden.Ship;

/// <summary>The daemon's registration of shipping: nothing unless <c>ship:</c> lists a destination.</summary>
internal static class ShipServices
{
    /// <summary>Registers <see cref="ShipService"/> (call after the pipeline's service, so shipping stops before the pipeline drains).</summary>
    public static void Register(IServiceCollection services, LogWardenConfig config)
    {
        if (config.Ship.Count == 0)
        {
            return;
        }
        string host = config.Host ?? Environment.MachineName;
        bool detectsLocally = DetectsLocally(config);
        if (detectsLocally && config.Ship.Any(d => d.Kind == ShipKind.LogWarden))
        {
            // The agent's own findings go to its central(s) as a reserved stream of its store.
            services.AddSingleton(sp => new FindingForwarder(new Lazy<IngestPipeline>(sp.GetRequiredService<IngestPipeline>), host));
            services.AddSingleton<Detect.Incidents.IIncidentListener>(sp => sp.GetRequiredService<FindingForwarder>());
        }
        services.AddSingleton(sp => new ShipService(
            [.. config.Ship.Select(d => new DestinationShipper(
                d, host, config.Store.Retention, sp.GetRequiredService<ILogStore>(), sp.GetRequiredService<IngestPipeline>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("LogWarden.Ship." + d.Name))
            { DetectsLocally = detectsLocally })],
            [.. config.Ship.Where(d => d.Metrics && d.Kind == ShipKind.LogWarden && sp.GetRequiredService<ILogStore>() is IMetricStore).Select(d => new MetricShipper(
                d, host, (IMetricStore)sp.GetRequiredService<ILogStore>(), sp.GetRequiredService<ILogStore>(), sp.GetRequiredService<IngestPipeline>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("LogWarden.Ship." + d.Name)))],
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ShipService>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ShipService>());
    }

    /// <summary>
    /// Whether this node judges its own lines: any per-line detector family left on (rules, scenarios, baselines).
    /// An agent with all three off leaves its lines to the central's detectors.
    /// </summary>
    public static bool DetectsLocally(LogWardenConfig config) =>
        !PerLineDetectors.All(name => config.Detect.Disabled.Contains(name, StringComparer.OrdinalIgnoreCase));

    private static readonly string[] PerLineDetectors = ["rules", "scenarios", "baseline"];
}
