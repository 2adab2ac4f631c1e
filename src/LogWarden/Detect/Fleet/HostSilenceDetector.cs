using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LogWarden.Collect;
using LogWarden.Collect.HostMetrics;

namespace LogWarden.Detect.Fleet;

/// <summary>
/// A host that stops reporting. Every line (by its stream's <c>host</c> label) and every metrics sample (by its
/// host) is a report; agents ship a sample every few seconds, an empty one when they have none, so a quiet
/// host keeps reporting and only a dead agent, host or network falls silent. Per host it learns the usual gap
/// between reports (an average over reports a second or more apart) and raises <c>host-silent</c> once the
/// host has been silent for <see cref="FleetOptions.SilentGapFactor"/> of those gaps, at least
/// <see cref="FleetOptions.SilentAfter"/>; the finding is raised again while the silence lasts and resolved
/// as soon as the host reports again. The node's own host is never tracked.
/// </summary>
/// <remarks>
/// Judged in <see cref="Advance"/> (every second of log time, so also when nothing arrives). A report is
/// counted at the later of the line's time and the engine's clock: a host replaying old lines is reporting
/// now. After a restart the learnt cadences come back but the silences start again from the first tick, so
/// the node's own downtime is not blamed on its hosts.
/// </remarks>
internal sealed class HostSilenceDetector : ILogDetector, IMetricDetector, IPersistentDetector, IBoundedDetector
{
    public const string DetectorName = "fleet";
    public const string SilentKind = "host-silent";

    // The usual gap is an exponentially weighted mean: a tenth of each new gap.
    private const double GapWeight = 0.1;

    private readonly FleetOptions _options;
    private readonly Dictionary<string, HostReports> _hosts = new(StringComparer.Ordinal);
    private StreamLabels? _lastLabels;
    private HostReports? _lastHost;
    private DateTimeOffset _now = DateTimeOffset.MinValue;
    private long _evicted;

    public HostSilenceDetector(FleetOptions? options = null)
    {
        _options = options ?? new FleetOptions();
        _options.Validate();
    }

    public string Name => DetectorName;

    public long Tracked => _hosts.Count;

    public long Evicted => _evicted;

    /// <summary>The hosts silent now (for tests and status pages).</summary>
    public IEnumerable<string> SilentHosts => _hosts.Values.Where(h => h.Silent).Select(h => h.Host);

    public void Observe(LogObservation line, IFindingSink sink)
    {
        // Lines of one stream come in runs: look the host up only when the labels object changes.
        if (!ReferenceEquals(line.Labels, _lastLabels))
        {
            _lastLabels = line.Labels;
            _lastHost = Track(line.Labels["host"], line.Time);
        }
        if (_lastHost is { } host)
        {
            Report(host, line.Time > _now ? line.Time : _now, sink);
        }
    }

    public void Observe(HostMetricsSample sample, IFindingSink sink)
    {
        if (Track(sample.Host, sample.Timestamp) is { } host)
        {
            Report(host, sample.Timestamp > _now ? sample.Timestamp : _now, sink);
        }
    }

    public void Advance(DateTimeOffset now, IFindingSink sink)
    {
        _now = now;
        foreach (HostReports host in _hosts.Values)
        {
            if (host.Last == DateTimeOffset.MinValue)
            {
                host.Last = now; // restored at start: silent from now on, not since before the restart
                continue;
            }
            if (host.Reports < _options.MinReports)
            {
                continue;
            }
            TimeSpan silentFor = now - host.Last;
            TimeSpan threshold = Threshold(host);
            if (silentFor <= threshold || (host.Silent && now - host.LastRaised < _options.SilentRepeat))
            {
                continue;
            }
            host.Silent = true;
            host.LastRaised = now;
            sink.Raise(SilentFinding(host, now, silentFor, threshold));
        }
    }

    private TimeSpan Threshold(HostReports host)
    {
        double seconds = Math.Max(_options.SilentAfter.TotalSeconds, host.UsualGapSeconds * _options.SilentGapFactor);
        return TimeSpan.FromSeconds(Math.Min(seconds, _options.MaxSilentAfter.TotalSeconds));
    }

    private HostReports? Track(string? name, DateTimeOffset at)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 255 || string.Equals(name, _options.LocalHost, StringComparison.Ordinal))
        {
            return null;
        }
        if (_hosts.TryGetValue(name, out HostReports? host))
        {
            return host;
        }
        if (_hosts.Count >= _options.MaxHosts)
        {
            HostReports oldest = _hosts.Values.MinBy(h => h.Last)!;
            _hosts.Remove(oldest.Host);
            _evicted++;
        }
        host = new HostReports(name) { Last = at > _now ? at : _now };
        _hosts.Add(name, host);
        _lastLabels = null; // the cached host may have been the one evicted
        return host;
    }

    private void Report(HostReports host, DateTimeOffset at, IFindingSink sink)
    {
        if (host.Reports == 0 || host.Last == DateTimeOffset.MinValue)
        {
            host.Reports = Math.Max(1, host.Reports); // the first report, or the first since a restart: no gap to learn yet
            host.Last = at;
            return;
        }
        TimeSpan gap = at - host.Last;
        if (gap < TimeSpan.FromSeconds(1))
        {
            return; // the same report as far as cadence goes (a push of many lines, a sample and its lines)
        }
        if (host.Silent)
        {
            // Back: the silence is over (and its gap is an outage, not the host's cadence).
            host.Silent = false;
            if (sink is IFindingResolver resolver)
            {
                resolver.ResolveFinding(SilentFinding(host, at, gap, Threshold(host)).Key, at);
            }
        }
        else
        {
            host.UsualGapSeconds = host.Reports == 1 ? gap.TotalSeconds : host.UsualGapSeconds + (GapWeight * (gap.TotalSeconds - host.UsualGapSeconds));
        }
        host.Reports++;
        host.Last = at;
    }

    private static Finding SilentFinding(HostReports host, DateTimeOffset now, TimeSpan silentFor, TimeSpan threshold) => new()
    {
        Timestamp = now,
        Severity = FindingSeverity.Warning,
        Kind = SilentKind,
        Title = $"{host.Host} stopped reporting: nothing for {Duration(silentFor)} (it usually reports every {Duration(TimeSpan.FromSeconds(Math.Max(1, host.UsualGapSeconds)))})",
        Entities = new Dictionary<string, string> { [EntityNames.Host] = host.Host },
        FirstSeen = host.Last,
        LastSeen = now,
        Count = 1,
        Evidence = new Evidence
        {
            Measurements = new Dictionary<string, double>
            {
                ["silent_seconds"] = Math.Round(silentFor.TotalSeconds),
                ["usual_gap_seconds"] = Math.Round(host.UsualGapSeconds, 1),
                ["threshold_seconds"] = Math.Round(threshold.TotalSeconds),
            },
        },
        Detector = DetectorName,
    };

    private static string Duration(TimeSpan span) =>
        span.TotalSeconds < 120 ? span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s"
        : span.TotalMinutes < 120 ? span.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min"
        : span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h";

    public byte[] SaveState() => JsonSerializer.SerializeToUtf8Bytes(
        new HostSilenceState([.. _hosts.Values.Select(h => new HostCadence(h.Host, h.Reports, h.UsualGapSeconds))]),
        HostSilenceJsonContext.Default.HostSilenceState);

    public void LoadState(ReadOnlySpan<byte> state)
    {
        HostSilenceState? saved = JsonSerializer.Deserialize(state, HostSilenceJsonContext.Default.HostSilenceState);
        _hosts.Clear();
        _lastLabels = null;
        foreach (HostCadence cadence in saved?.Hosts ?? [])
        {
            if (cadence?.Host is { Length: > 0 and <= 255 } name && _hosts.Count < _options.MaxHosts && double.IsFinite(cadence.UsualGapSeconds) && cadence.UsualGapSeconds >= 0)
            {
                _hosts[name] = new HostReports(name) { Reports = Math.Max(0, cadence.Reports), UsualGapSeconds = cadence.UsualGapSeconds, Last = DateTimeOffset.MinValue };
            }
        }
    }

    private sealed class HostReports(string host)
    {
        public string Host { get; } = host;

        public DateTimeOffset Last { get; set; }

        public long Reports { get; set; }

        public double UsualGapSeconds { get; set; }

        public bool Silent { get; set; }

        public DateTimeOffset LastRaised { get; set; }
    }
}

/// <summary>What <see cref="HostSilenceDetector"/> keeps across restarts: each host's learnt cadence.</summary>
internal sealed record HostSilenceState(IReadOnlyList<HostCadence> Hosts);

internal sealed record HostCadence(string Host, long Reports, double UsualGapSeconds);

[JsonSerializable(typeof(HostSilenceState))]
internal sealed partial class HostSilenceJsonContext : JsonSerializerContext;
