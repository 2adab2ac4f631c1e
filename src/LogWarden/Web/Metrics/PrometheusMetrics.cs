using System.Reflection;
using LogWarden.Alert;
using LogWarden.Collect;
using LogWarden.Collect.Docker;
using LogWarden.Collect.Files;
using LogWarden.Collect.HostMetrics;
using LogWarden.Collect.Journal;
using LogWarden.Collect.LokiPush;
using LogWarden.Collect.Syslog;
using LogWarden.Daemon;
using LogWarden.Detect;
using LogWarden.Detect.Incidents;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace LogWarden.Web.Metrics;

/// <summary>
/// Prometheus <c>/metrics</c> (prometheus-net): LogWarden's own health, the host's latest metrics, and
/// open incidents by severity. Nothing is counted twice on the hot path: the values are read at scrape time
/// from the counters the pipeline, the sources and detection keep anyway; what needs the store (its size,
/// incidents, the alert outbox, host metrics) is read at most every <see cref="StoreReadInterval"/>, so a
/// busy scraper cannot turn into store load. Each daemon has its own registry (tests run several in one process).
/// </summary>
internal sealed class PrometheusMetrics
{
    /// <summary>How stale the store-backed values may be.</summary>
    public static readonly TimeSpan StoreReadInterval = TimeSpan.FromSeconds(5);

    private static readonly string[] HostMetricNamesAll = [.. typeof(HostMetricNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)];

    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly MetricFactory _metrics;
    private readonly Lock _storeGate = new();
    private readonly Dictionary<string, Gauge?> _hostGauges = new(StringComparer.Ordinal);
    private long _storeReadAtTicks = long.MinValue / 2;

    private readonly Counter _pipelineLines;
    private readonly Counter _pipelineAppends;
    private readonly Counter _pipelineFailedAppends;
    private readonly Gauge _queueBatches;
    private readonly Gauge _queueCapacity;
    private readonly Counter _sourceLines;
    private readonly Counter _sourceDropped;
    private readonly Counter _sourceErrors;
    private readonly Counter _deliveries;
    private readonly Counter _detectionLines;
    private readonly Counter _detectionFailures;
    private readonly Counter _detectionBatches;
    private readonly Counter _detectionSeconds;
    private readonly Gauge _storeBytes;
    private readonly Gauge _storeLines;
    private readonly Gauge _storeStreams;
    private readonly Gauge _storeTemplates;
    private readonly Gauge _incidents;
    private readonly Gauge _outbox;
    private readonly ProcessStats _process;
    private readonly Counter _decodedHits;
    private readonly Counter _decodedMisses;
    private readonly Counter _decodedJoined;
    private readonly Counter _decodedEvictions;
    private readonly Gauge _decodedBytes;

    public PrometheusMetrics(IServiceProvider services)
    {
        _services = services;
        _time = services.GetRequiredService<TimeProvider>();
        Registry = Prometheus.Metrics.NewCustomRegistry();
        _metrics = Prometheus.Metrics.WithCustomRegistry(Registry);
        _process = new ProcessStats(_metrics, _time);
        _pipelineLines = _metrics.CreateCounter("logwarden_ingested_lines_total", "Lines stored by the ingest pipeline.");
        _pipelineAppends = _metrics.CreateCounter("logwarden_store_appends_total", "Store transactions of the ingest pipeline.");
        _pipelineFailedAppends = _metrics.CreateCounter("logwarden_store_append_failures_total", "Store writes refused (disk full, I/O error) and retried.");
        _queueBatches = _metrics.CreateGauge("logwarden_ingest_queue_batches", "Batches waiting for the store writer.");
        _queueCapacity = _metrics.CreateGauge("logwarden_ingest_queue_capacity_batches", "Batches the ingest queue holds before sources wait.");
        _sourceLines = _metrics.CreateCounter("logwarden_source_lines_total", "Lines (records) read by each source.", "source");
        _sourceDropped = _metrics.CreateCounter("logwarden_source_dropped_lines_total", "Lines a source skipped, truncated or could not decode, by reason.", "source", "reason");
        _sourceErrors = _metrics.CreateCounter("logwarden_source_errors_total", "Reads, requests or connections a source failed on or refused, by reason (for loki-push: pushes answered 4xx/5xx, by answer).", "source", "reason");
        _deliveries = _metrics.CreateCounter("logwarden_alert_deliveries_total", "Alert notifications sent by channel: result=delivered per notification, result=failed per failed attempt (retried later, or given up).", "channel", "result");
        _detectionLines = _metrics.CreateCounter("logwarden_detection_lines_total", "Lines the detectors looked at.");
        _detectionFailures = _metrics.CreateCounter("logwarden_detection_failures_total", "Batches or ticks a detector failed on (logged and skipped).");
        _detectionBatches = _metrics.CreateCounter("logwarden_detection_batches_total", "Batches of lines detection ran over.");
        _detectionSeconds = _metrics.CreateCounter("logwarden_detection_seconds_total", "Time detection spent on batches (divide by batches for the mean).");
        _storeBytes = _metrics.CreateGauge("logwarden_store_bytes", "Bytes the store occupies on disk (database, WAL, index).");
        _storeLines = _metrics.CreateGauge("logwarden_store_lines", "Lines in the store.");
        _storeStreams = _metrics.CreateGauge("logwarden_store_streams", "Streams (label sets) in the store.");
        _storeTemplates = _metrics.CreateGauge("logwarden_store_templates", "Live templates in the store.");
        _incidents = _metrics.CreateGauge("logwarden_incidents", "Incidents by status (open, acknowledged) and severity.", "status", "severity");
        _outbox = _metrics.CreateGauge("logwarden_alert_outbox_notifications", "Alert notifications in the outbox by state (pending: not yet delivered; failed: given up).", "state");
        _decodedHits = _metrics.CreateCounter("logwarden_store_decoded_cache_hits_total", "Searches and counts that found a decoded tail chunk, block header or section in the store's cache.");
        _decodedMisses = _metrics.CreateCounter("logwarden_store_decoded_cache_misses_total", "Searches and counts that had to read and decode one.");
        _decodedJoined = _metrics.CreateCounter("logwarden_store_decoded_cache_joined_total", "Searches and counts that missed while another was decoding the same part, and waited for its result instead of decoding it again.");
        _decodedEvictions = _metrics.CreateCounter("logwarden_store_decoded_cache_evictions_total", "Decoded entries dropped to stay within the cache's bytes.");
        _decodedBytes = _metrics.CreateGauge("logwarden_store_decoded_cache_bytes", "Bytes the decoded cache holds (approximate).");
        Registry.AddBeforeCollectCallback(Refresh);
    }

    public CollectorRegistry Registry { get; }

    private void Refresh()
    {
        _process.Refresh();
        if (_services.GetService<ILogStore>() is EmbeddedStore embedded)
        {
            DecodedCacheStats cache = embedded.DecodedCache;
            _decodedHits.IncTo(cache.Hits);
            _decodedMisses.IncTo(cache.Misses);
            _decodedJoined.IncTo(cache.Joined);
            _decodedEvictions.IncTo(cache.Evictions);
            _decodedBytes.Set(cache.Bytes);
        }
        if (_services.GetService<IngestPipeline>() is { } pipeline)
        {
            _pipelineLines.IncTo(pipeline.Counters.Lines);
            _pipelineAppends.IncTo(pipeline.Counters.Appends);
            _pipelineFailedAppends.IncTo(pipeline.Counters.FailedAppends);
            _queueBatches.Set(pipeline.QueuedBatches);
            _queueCapacity.Set(pipeline.QueueCapacity);
        }
        foreach (ILogSource source in _services.GetServices<ILogSource>())
        {
            RefreshSource(source);
        }
        if (_services.GetService<LokiPushStats>() is { } push)
        {
            RefreshPush(push);
        }
        if (_services.GetService<AlertDelivery>() is { } delivery)
        {
            foreach ((string channel, long delivered, long failed) in delivery.Attempts())
            {
                _deliveries.WithLabels(channel, "delivered").IncTo(delivered);
                _deliveries.WithLabels(channel, "failed").IncTo(failed);
            }
        }
        if (_services.GetService<DaemonDetection>() is { } detection)
        {
            _detectionLines.IncTo(detection.Counters.Lines);
            _detectionFailures.IncTo(detection.Counters.Failures);
            _detectionBatches.IncTo(detection.Counters.Batches);
            _detectionSeconds.IncTo(detection.Counters.Elapsed.TotalSeconds);
        }
        // One scrape refreshes the store-backed values; scrapes arriving meanwhile serve the previous ones
        // rather than queue behind it.
        DateTimeOffset now = _time.GetUtcNow();
        if (now.UtcTicks - Volatile.Read(ref _storeReadAtTicks) < StoreReadInterval.Ticks || !_storeGate.TryEnter())
        {
            return;
        }
        try
        {
            if (now.UtcTicks - _storeReadAtTicks >= StoreReadInterval.Ticks)
            {
                RefreshStore(now);
                Volatile.Write(ref _storeReadAtTicks, now.UtcTicks);
            }
        }
        finally
        {
            _storeGate.Exit();
        }
    }

    private void RefreshSource(ILogSource source)
    {
        void Dropped(string reason, long value) => _sourceDropped.WithLabels(source.Id, reason).IncTo(value);
        switch (source)
        {
            case FileSource file:
                FileSourceStats f = file.Stats;
                _sourceLines.WithLabels(source.Id).IncTo(f.Lines);
                Dropped("truncated", f.TruncatedLines);
                Dropped("invalid_utf8", f.InvalidUtf8Lines);
                Dropped("file_skipped", f.FilesSkipped);
                _sourceErrors.WithLabels(source.Id, "read").IncTo(f.Errors);
                break;
            case SyslogSource syslog:
                _sourceLines.WithLabels(source.Id).IncTo(syslog.Stats.Received);
                Dropped("malformed", syslog.Stats.Malformed);
                Dropped("truncated", syslog.Stats.Truncated);
                Dropped("dropped", syslog.Stats.Dropped);
                _sourceErrors.WithLabels(source.Id, "connection_rejected").IncTo(syslog.Stats.ConnectionsRejected);
                break;
            case JournalSource journal:
                JournalSourceStats j = journal.Stats;
                _sourceLines.WithLabels(source.Id).IncTo(j.Records);
                Dropped("undecodable", j.UndecodableLines);
                break;
            case DockerSource docker:
                DockerSourceStats d = docker.Stats;
                _sourceLines.WithLabels(source.Id).IncTo(d.Records);
                Dropped("unreadable", d.UnreadableLines);
                Dropped("too_long", d.SkippedLongLines);
                break;
            case LokiQuerySource query:
                _sourceLines.WithLabels(source.Id).IncTo(query.Stats.Lines);
                _sourceErrors.WithLabels(source.Id, "query").IncTo(query.Stats.Errors);
                break;
        }
    }

    /// <summary>The push endpoint (not an <see cref="ILogSource"/>: the listener runs it) as source <c>loki-push</c>.</summary>
    private void RefreshPush(LokiPushStats push)
    {
        const string Source = "loki-push";
        _sourceLines.WithLabels(Source).IncTo(push.Lines);
        _sourceDropped.WithLabels(Source, "truncated").IncTo(push.TruncatedLines);
        _sourceDropped.WithLabels(Source, "bad_metric_sample").IncTo(push.BadMetricSamples);
        _sourceErrors.WithLabels(Source, "bad_request").IncTo(push.BadRequests);
        _sourceErrors.WithLabels(Source, "too_large").IncTo(push.TooLarge);
        _sourceErrors.WithLabels(Source, "unsupported").IncTo(push.Unsupported);
        _sourceErrors.WithLabels(Source, "saturated").IncTo(push.Saturated);
        _sourceErrors.WithLabels(Source, "forbidden").IncTo(push.Forbidden);
        _sourceErrors.WithLabels(Source, "not_stored").IncTo(push.NotStored);
    }

    private void RefreshStore(DateTimeOffset now)
    {
        var store = _services.GetRequiredService<ILogStore>();
        StoreStats stats = store.GetStats();
        _storeBytes.Set(stats.BytesOnDisk);
        _storeLines.Set(stats.Lines);
        _storeStreams.Set(stats.Streams);
        _storeTemplates.Set(stats.Templates);
        if (store is IIncidentStore incidents)
        {
            var counts = incidents.ListIncidents(new IncidentQuery { Statuses = [IncidentStatus.Open, IncidentStatus.Acknowledged], Limit = 100_000 })
                .CountBy(i => (i.Status, i.Severity))
                .ToDictionary(p => p.Key, p => p.Value);
            foreach (IncidentStatus status in new[] { IncidentStatus.Open, IncidentStatus.Acknowledged })
            {
                foreach (FindingSeverity severity in Enum.GetValues<FindingSeverity>())
                {
                    _incidents.WithLabels(status.ToString().ToLowerInvariant(), severity.ToString().ToLowerInvariant()).Set(counts.GetValueOrDefault((status, severity)));
                }
            }
        }
        if (store is IAlertOutbox outbox)
        {
            foreach (OutboxState state in new[] { OutboxState.Pending, OutboxState.Failed })
            {
                _outbox.WithLabels(state.ToString().ToLowerInvariant()).Set(outbox.ListOutbox(new OutboxQuery { States = [state], Limit = 100_000 }).Count);
            }
        }
        if (store is IMetricStore metrics)
        {
            RefreshHostMetrics(metrics, now);
        }
    }

    /// <summary>The latest sample of each host series of the last five minutes, as <c>logwarden_host_&lt;name&gt;</c>.</summary>
    private void RefreshHostMetrics(IMetricStore metrics, DateTimeOffset now)
    {
        foreach (string name in HostMetricNamesAll)
        {
            IReadOnlyList<MetricSeries> series = metrics.ReadMetrics(new MetricQuery { Name = name, From = now.AddMinutes(-5), To = now.AddMinutes(1) });
            if (series.Count == 0)
            {
                continue;
            }
            string[] labelNames = ["host", .. series[0].Labels.Pairs.Select(p => p.Key)];
            if (!_hostGauges.TryGetValue(name, out Gauge? gauge))
            {
                _hostGauges[name] = gauge = _metrics.CreateGauge("logwarden_host_" + name, $"Host metric {name} (latest sample).", labelNames);
            }
            if (gauge is null)
            {
                continue;
            }
            foreach (MetricSeries s in series)
            {
                if (s.Points.Count == 0 || s.Labels.Pairs.Count != labelNames.Length - 1)
                {
                    continue;
                }
                string[] values = [s.Host, .. labelNames.Skip(1).Select(n => s.Labels[n] ?? "")];
                gauge.WithLabels(values).Set(s.Points[^1].Value);
            }
        }
    }
}

internal static class PrometheusEndpoint
{
    /// <summary>Maps <c>GET /metrics</c> to the daemon's registry.</summary>
    public static IEndpointRouteBuilder MapPrometheusMetrics(this WebApplication app)
    {
        var metrics = new PrometheusMetrics(app.Services);
        app.MapMetrics("/metrics", metrics.Registry);
        return app;
    }
}
