using System.Globalization;
using System.Net;

namespace LogWarden.Detect.Fleet;

/// <summary>
/// Stands between the detectors and the incident tracker on a node that hears several hosts, and makes one
/// incident of one thing seen on many of them:
/// <list type="bullet">
/// <item>an address that several hosts' own detection judged an attacker (a warning or worse from the
/// scenarios or rules naming it: brute forces, scans, auth failures) — <c>fleet-attack</c>, naming the address;</item>
/// <item>the same template appearing as a new error on several hosts within minutes (a deploy gone wrong) —
/// <c>fleet-new-error</c>, naming the template.</item>
/// </list>
/// The per-host findings pass on unchanged but for their <see cref="Finding.FleetKey"/> (<c>ip=…</c>,
/// <c>template=…</c>), by which the tracker joins them whatever their host; the fleet finding carries the
/// same key, so the host findings, the fleet finding and every host named end up in one incident. Works on
/// findings only: no per-line cost. One thread (the engine's).
/// </summary>
internal sealed class FleetCorrelator : IFindingSink, IFindingResolver
{
    public const string DetectorName = "fleet";
    public const string AttackKind = "fleet-attack";
    public const string NewErrorKind = "fleet-new-error";

    /// <summary>The baseline's finding of a never-seen error template on a source.</summary>
    internal const string NewErrorTemplateKind = "new-error-template";

    private const int MaxHostsPerEpisode = 64;

    private readonly IFindingSink _inner;
    private readonly FleetOptions _options;
    private readonly Dictionary<string, FleetEpisode> _episodes = new(StringComparer.Ordinal);
    private long _raised, _evicted;

    public FleetCorrelator(IFindingSink inner, FleetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _options = options ?? new FleetOptions();
        _options.Validate();
    }

    /// <summary>Fleet findings raised (first raises and updates).</summary>
    public long Raised => _raised;

    /// <summary>Addresses and templates being followed across hosts, and those dropped to stay bounded.</summary>
    public int Tracked => _episodes.Count;

    public long Evicted => _evicted;

    public void Raise(Finding finding)
    {
        if (finding is null)
        {
            return;
        }
        if (AttackerOf(finding) is { } attacker)
        {
            string key = "ip=" + attacker;
            _inner.Raise(finding with { FleetKey = key });
            Note(key, attacker, finding, _options.AttackWindow, _options.MinAttackedHosts);
        }
        else if (NewErrorTemplateOf(finding) is { } template)
        {
            string key = "template=" + template;
            _inner.Raise(finding with { FleetKey = key });
            Note(key, template, finding, _options.NewErrorWindow, _options.MinNewErrorHosts);
        }
        else
        {
            _inner.Raise(finding);
        }
    }

    public void ResolveFinding(string key, DateTimeOffset at)
    {
        if (_inner is IFindingResolver resolver)
        {
            resolver.ResolveFinding(key, at);
        }
    }

    /// <summary>The address a host's attack finding names, when it can be the same machine seen from another host.</summary>
    private static string? AttackerOf(Finding finding)
    {
        if (finding.Severity < FindingSeverity.Warning || finding.Detector is not ("scenarios" or "rules")
            || !finding.Entities.TryGetValue(EntityNames.Host, out string? host) || string.IsNullOrEmpty(host)
            || !finding.Entities.TryGetValue(EntityNames.Ip, out string? ip) || ip.Length is 0 or > 255)
        {
            return null;
        }
        if (IPAddress.TryParse(ip, out IPAddress? address))
        {
            // Loopback and link-local name each host itself, not one machine.
            return IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
                || address.IsIPv6LinkLocal || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && address.GetAddressBytes() is [169, 254, ..])
                ? null
                : address.ToString();
        }
        return ip.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? null : ip.ToLowerInvariant();
    }

    private static string? NewErrorTemplateOf(Finding finding) =>
        finding.Kind == NewErrorTemplateKind
        && finding.Entities.TryGetValue(EntityNames.Host, out string? host) && !string.IsNullOrEmpty(host)
        && finding.Entities.TryGetValue(EntityNames.Template, out string? template) && template.Length is > 0 and <= 32
            ? template
            : null;

    private void Note(string key, string subject, Finding finding, TimeSpan window, int minHosts)
    {
        string host = finding.Entities[EntityNames.Host];
        if (_episodes.TryGetValue(key, out FleetEpisode? episode) && finding.Timestamp - episode.Last > window)
        {
            _episodes.Remove(key); // the earlier campaign is over: this one starts afresh
            episode = null;
        }
        if (episode is null)
        {
            if (_episodes.Count >= _options.MaxEpisodes && !MakeRoom(finding.Timestamp))
            {
                _evicted++;
                return;
            }
            episode = new FleetEpisode(subject, finding.Timestamp);
            _episodes[key] = episode;
        }
        bool newHost = episode.Add(host, finding, MaxHostsPerEpisode);
        if (episode.Hosts.Count < minHosts || (!newHost && finding.Timestamp - episode.LastRaised < TimeSpan.FromMinutes(1)))
        {
            return; // one host is that host's incident; a known host's repeats update the fleet finding once a minute
        }
        episode.LastRaised = finding.Timestamp;
        _raised++;
        _inner.Raise(key.StartsWith("ip=", StringComparison.Ordinal) ? AttackFinding(key, episode) : NewErrorFinding(key, episode));
    }

    private Finding AttackFinding(string key, FleetEpisode episode)
    {
        int hosts = episode.Hosts.Count;
        FindingSeverity severity = hosts >= _options.CriticalAttackedHosts ? FindingSeverity.Critical
            : episode.Severity > FindingSeverity.Warning ? episode.Severity : FindingSeverity.Warning;
        return episode.ToFinding(
            AttackKind, severity, key,
            $"{episode.Subject} attacks {Number(hosts)} hosts: {episode.HostList()}",
            new Dictionary<string, string> { [EntityNames.Ip] = episode.Subject });
    }

    private static Finding NewErrorFinding(string key, FleetEpisode episode)
    {
        string what = episode.Template is { } t ? ": " + (t.Length <= 200 ? t : string.Concat(t.AsSpan(0, 200), "…")) : "";
        return episode.ToFinding(
            NewErrorKind, FindingSeverity.Warning, key,
            $"New error on {Number(episode.Hosts.Count)} hosts ({episode.HostList()}){what}",
            new Dictionary<string, string> { [EntityNames.Template] = episode.Subject });
    }

    /// <summary>Drops the episodes no finding touched for longer than the longer window; false if none could go.</summary>
    private bool MakeRoom(DateTimeOffset now)
    {
        TimeSpan longest = _options.AttackWindow > _options.NewErrorWindow ? _options.AttackWindow : _options.NewErrorWindow;
        int before = _episodes.Count;
        foreach ((string key, FleetEpisode episode) in _episodes)
        {
            if (now - episode.Last > longest)
            {
                _episodes.Remove(key);
            }
        }
        _evicted += before - _episodes.Count;
        return _episodes.Count < _options.MaxEpisodes;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>One address or template as seen across hosts: which hosts, since when, how loud.</summary>
    private sealed class FleetEpisode(string subject, DateTimeOffset first)
    {
        private readonly List<string> _samples = [];
        private readonly Dictionary<int, TemplateEvidence> _templates = [];

        public string Subject { get; } = subject;

        public List<string> Hosts { get; } = [];

        public DateTimeOffset First { get; private set; } = first;

        public DateTimeOffset Last { get; private set; } = first;

        public DateTimeOffset LastRaised { get; set; } = DateTimeOffset.MinValue;

        public FindingSeverity Severity { get; private set; }

        public long Count { get; private set; }

        public string? Template { get; private set; }

        private readonly Dictionary<string, long> _countByHost = new(StringComparer.Ordinal);

        /// <summary>Counts a host's finding; true when the host is new to the episode.</summary>
        public bool Add(string host, Finding finding, int maxHosts)
        {
            if (finding.FirstSeen < First)
            {
                First = finding.FirstSeen;
            }
            if (finding.Timestamp > Last)
            {
                Last = finding.Timestamp;
            }
            if (finding.Severity > Severity)
            {
                Severity = finding.Severity;
            }
            foreach (TemplateEvidence t in finding.Evidence.Templates)
            {
                Template ??= t.Template;
                _templates[t.TemplateId] = _templates.TryGetValue(t.TemplateId, out TemplateEvidence? known) ? known with { Count = known.Count + t.Count } : t;
            }
            bool isNew = !_countByHost.ContainsKey(host);
            if (isNew && Hosts.Count >= maxHosts)
            {
                return false;
            }
            // A host's finding carries its running count: keep the latest per host, sum over hosts.
            _countByHost[host] = finding.Count;
            Count = _countByHost.Values.Sum();
            if (isNew)
            {
                Hosts.Add(host);
                if (_samples.Count < Evidence.MaxSamples)
                {
                    string sample = host + ": " + finding.Title;
                    _samples.Add(sample.Length <= Evidence.MaxSampleLength ? sample : sample[..Evidence.MaxSampleLength]);
                }
            }
            return isNew;
        }

        public string HostList() => Hosts.Count <= 8 ? string.Join(", ", Hosts) : string.Join(", ", Hosts.Take(8)) + ", …";

        public Finding ToFinding(string kind, FindingSeverity severity, string fleetKey, string title, Dictionary<string, string> entities) => new()
        {
            Timestamp = Last,
            Severity = severity,
            Kind = kind,
            Title = title,
            Entities = entities,
            FirstSeen = First,
            LastSeen = Last,
            Count = Count,
            Evidence = new Evidence
            {
                Templates = [.. _templates.Values],
                Samples = [.. _samples],
                Measurements = new Dictionary<string, double> { ["hosts"] = Hosts.Count },
            },
            Detector = DetectorName,
            FleetKey = fleetKey,
        };
    }
}
