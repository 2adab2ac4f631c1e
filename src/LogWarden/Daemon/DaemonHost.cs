using System.Net;
using LogWarden.Collect;
using LogWarden.Config;
using LogWarden.Detect;
using LogWarden.Mine;
using LogWarden.Store;
using LogWarden.Web.Loki;
using LogWarden.Web.Metrics;
using LogWarden.Web.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace LogWarden.Daemon;

/// <summary>
/// The composition root: one host (Microsoft.Extensions.Hosting with Kestrel) that wires the store, the
/// miner, the pipeline and the sources, serves the HTTP listener, and talks to systemd (Type=notify:
/// READY=1 once listening, WATCHDOG=1 while alive, STOPPING=1 on the way out; journald-friendly logs).
/// Shutdown (SIGTERM, Ctrl+C) stops the sources, stores everything queued, then closes the store.
/// </summary>
internal static class DaemonHost
{
    public static async Task<int> RunAsync(LogWardenConfig config, string dataDirectory, CancellationToken cancellationToken)
    {
        if (!ConfigLoader.TryParseEndpoint(config.Listen, out IPEndPoint? endpoint) || endpoint is null)
        {
            throw new InvalidDataException($"listen: '{config.Listen}' is not an address:port");
        }
        WebApplication app = Build(config, dataDirectory, endpoint);
        await app.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    internal static WebApplication Build(LogWardenConfig config, string dataDirectory, IPEndPoint endpoint)
    {
        // Rule packs are read first: a broken user pack stops the start with its file and line (ConfigException).
        DetectOptions detect = config.Detect.ToOptions() with { Fleet = config.Fleet.ToDetection(config.Host ?? Environment.MachineName) };
        Directory.CreateDirectory(dataDirectory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = dataDirectory, ApplicationName = "logwarden" });
        builder.Services.AddSystemd();
        builder.Logging.ClearProviders();
        if (SystemdHelpers.IsSystemdService())
        {
            builder.Logging.AddSystemdConsole();
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
            });
        }
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        Web.Server.WebServer.Configure(builder, config, endpoint);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        ILogStore store = StoreFactory.Open(dataDirectory, config.Store);
        var miner = TemplateMiner.FromStates(store.LoadTemplates());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(miner);
        builder.Services.AddSingleton(new PipelineOptions());
        builder.Services.AddSingleton(detect);
        builder.Services.AddSingleton(new Collect.LokiPush.AgentDetectionModes(store));
        builder.Services.AddSingleton<DaemonDetection>();
        builder.Services.AddSingleton<IngestPipeline>();
        builder.Services.AddSingleton(new RetentionPolicy(config.Store.Retention, config.Store.MaxSize));
        EffectiveSources sources = SourceDiscovery.Resolve(config.Sources, LocalMachine.Instance);
        SourceFactory.Register(builder.Services, config, sources);

        // Order matters: hosted services stop in reverse order, so the sources stop before the writer drains,
        // and detection saves its incidents and state after the writer has fed it the last records; alerting
        // (registered first) puts the last tick's news into its outbox after that.
        // Notifications carry an explanation: the LLM's when `llm:` configures one (redacted evidence, budget,
        // cache), else the deterministic one; an LLM that fails falls back, so a message is never held up.
        builder.Services.AddSingleton<Explain.IIncidentExplainer>(sp => Explain.ExplainerFactory.Create(
            config.Llm,
            store as IExplanationStore,
            new Explain.StoreEvidenceContext(store, store as IMetricStore),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("LogWarden.Explain")));
        Alert.AlertServices.Register(builder.Services, config, endpoint, store);
        Respond.ResponseServices.Register(builder.Services, config, store);
        builder.Services.AddHostedService<DetectionClockService>();
        builder.Services.AddHostedService<PipelineService>();
        builder.Services.AddHostedService<SourcesService>();
        Ship.ShipServices.Register(builder.Services, config);
        builder.Services.AddHostedService<RetentionService>();
        builder.Services.AddHostedService<IdleMemoryTrimmer>();
        builder.Services.AddHostedService<HeapGrowthCollector>();
        if (SystemdHelpers.IsSystemdService())
        {
            builder.Services.AddHostedService<SystemdWatchdogService>(); // AddSystemd registers the notifier only under systemd
        }

        Web.Api.RestApi.AddRestApi(builder.Services);
        WebApplication app = builder.Build();
        app.UseWebServer(config);
        ILogger log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LogWarden");
        foreach (string note in sources.Notes)
        {
#pragma warning disable CA1848, CA2254 // start-up notes, once
            log.LogInformation(note);
#pragma warning restore CA1848, CA2254
        }
        app.MapGet("/ready", () => Results.Text("ready\n"));
        SourceFactory.MapEndpoints(app, config);
        app.MapLokiReadApi();
        app.MapPrometheusMetrics();
        Web.Api.RestApi.MapRestApi(app);
        Web.Dashboard.DashboardEndpoints.MapDashboard(app);
        app.Lifetime.ApplicationStopped.Register(store.Dispose);
        return app;
    }
}
