namespace LogWarden.Detect.Incidents;

/// <summary>Counters of an <see cref="IncidentTracker"/>: what it holds and what it let go to stay bounded.</summary>
internal readonly record struct IncidentTrackerStats(
    int Open,
    long Opened,
    long Resolved,
    long Raises,
    long FindingsRaised,
    long Downgraded,
    long EvictedIncidents,
    long FoldedRaises,
    int NoiseFingerprints,
    long EvictedNoiseFingerprints);

/// <summary>
/// The finding sink of the engine: correlates findings by entity and time into incidents and tells its
/// listeners what happened (a finding worth telling, an incident opened, updated or resolved).
/// </summary>
/// <remarks>
/// <para>A finding joins, in this order: the open incident that already has its key (the same thing
/// again); else the most recently active open incident within <see cref="IncidentTrackerOptions.CorrelationWindow"/>
/// that shares a strong entity with it (ip, user, unit, process, container, path: never merely the host or
/// the source) or a resource on the same host (memory, disk, cpu: an OOM kill and the memory threshold
/// before it); else it opens an incident. Correlation is scoped by host: a finding that names a host
/// joins incidents of that host (or of none); one that names no host may join any. Two exceptions: findings
/// with the same <see cref="Finding.FleetKey"/> join whatever their hosts (an address attacking several
/// hosts, the same new error on several hosts: Detect/Fleet), and a finding that names an address correlates
/// by it and not by its user — the user is what an attacker tried, not who acted, so brute forces of root from
/// two addresses are two incidents (each banned and resolved on its own; a campaign of many addresses is the
/// distributed-guessing scenario's finding). A later finding naming only the user (sudo by root) still joins.</para>
/// <para>Lifecycle: open → (acknowledged) → resolved after <see cref="IncidentTrackerOptions.QuietPeriod"/>
/// of log time with no finding raised, or by an operator; or marked as noise, which remembers the
/// fingerprints of its findings: the same fingerprint later is downgraded to info (recorded, not notified).</para>
/// <para>One thread (the engine's). Listeners run inside <see cref="Raise"/> and <see cref="Advance"/>:
/// they must not block (the store is written in batches by <see cref="IncidentRecorder"/>).</para>
/// </remarks>
internal sealed class IncidentTracker : IFindingSink, IFindingResolver, ILogClockListener
{
    private static readonly string[] StrongEntities =
        [EntityNames.Ip, EntityNames.User, EntityNames.Unit, EntityNames.Process, EntityNames.Container, EntityNames.Path];

    private static readonly IReadOnlyDictionary<string, string> NoEntities = new Dictionary<string, string>();

    // Key separator inside correlation keys: a control character no host or entity value is made of.
    private const char Separator = '\u001f';
    private const string AnyHost = "\u0001*";
    private const string FleetScope = "\u0002fleet";
    private const int MaxEntityValueLength = 512;
    private const string StorageResource = "storage";
    private const string CertificateResource = "certificate";

    // Two scopes (the host and "any host") for each kept value of each strong entity and the resource, and fleet keys.
    private const int MaxIndexedKeysPerIncident = (2 * Incident.MaxValuesPerEntity * 11) + Incident.MaxValuesPerEntity;

    private readonly IncidentTrackerOptions _options;
    private readonly List<IIncidentListener> _listeners = [];
    private readonly Dictionary<long, Incident> _open = [];
    private readonly Dictionary<string, Incident> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Incident> _byCorrelation = new(StringComparer.Ordinal);
    private readonly HashSet<string> _noise = new(StringComparer.Ordinal);
    private readonly Queue<string> _noiseOrder = new();
    private readonly List<string> _scratchKeys = [];
    private readonly List<int> _scratchTemplates = [];
    private long _nextId = 1;
    private DateTimeOffset _now = DateTimeOffset.MinValue;
    private DateTimeOffset _nextQuietCheck = DateTimeOffset.MaxValue;
    private long _opened, _resolved, _raises, _findingsRaised, _downgraded, _evictedIncidents, _evictedNoise;

    public IncidentTracker(IncidentTrackerOptions? options = null)
    {
        _options = options ?? new IncidentTrackerOptions();
        _options.Validate();
    }

    public IncidentTrackerOptions Options => _options;

    /// <summary>The open (and acknowledged) incidents.</summary>
    public IReadOnlyCollection<Incident> OpenIncidents => _open.Values;

    /// <summary>Latest log time seen (advanced or raised at).</summary>
    public DateTimeOffset Now => _now;

    public IncidentTrackerStats Stats
    {
        get
        {
            long folded = 0;
            foreach (Incident incident in _open.Values)
            {
                folded += incident.FoldedRaises;
            }
            return new(_open.Count, _opened, _resolved, _raises, _findingsRaised, _downgraded, _evictedIncidents, folded, _noise.Count, _evictedNoise);
        }
    }

    public void AddListener(IIncidentListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        _listeners.Add(listener);
    }

    /// <summary>Ids continue after those already stored (so a restarted daemon does not reuse one).</summary>
    public void ContinueIdsAfter(long highestId) => _nextId = Math.Max(_nextId, highestId + 1);

    /// <summary>Fingerprints marked as noise (loaded from the store at start, or learnt from an operator's action there).</summary>
    public void LearnNoise(IEnumerable<string> fingerprints)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        foreach (string fingerprint in fingerprints)
        {
            RememberNoise(fingerprint);
        }
    }

    public bool IsNoise(string fingerprint) => _noise.Contains(fingerprint);

    /// <summary>
    /// Takes back the open incidents a previous run left (from <see cref="Store.IIncidentStore.GetIncident"/>,
    /// with their findings), so that a restart neither forgets them nor opens them anew: the same keys update
    /// them, their entities correlate, and their quiet period goes on. Closed ones are ignored. At start,
    /// with <see cref="ContinueIdsAfter"/> (the store's highest id: closed incidents may have higher ids than
    /// the open ones) and <see cref="LearnNoise"/>.
    /// </summary>
    public void Restore(IEnumerable<IncidentRecord> incidents)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        foreach (IncidentRecord record in incidents)
        {
            if (!record.IsActive || _open.ContainsKey(record.Id) || _open.Count >= _options.MaxOpenIncidents)
            {
                continue;
            }
            Incident incident = Incident.FromRecord(record, _options.MaxFindingsPerIncident);
            _open.Add(incident.Id, incident);
            ContinueIdsAfter(incident.Id);
            foreach (TrackedFinding f in incident.Findings)
            {
                _byKey[f.Key] = incident;
                Index(incident, f.Latest);
            }
            DateTimeOffset due = QuietAfter(incident);
            if (due < _nextQuietCheck)
            {
                _nextQuietCheck = due;
            }
        }
    }

    public Incident? Find(long id) => _open.GetValueOrDefault(id);

    public void Raise(Finding finding)
    {
        if (finding is null)
        {
            return;
        }
        finding = Sanitised(finding);
        _raises++;
        if (finding.Timestamp > _now)
        {
            _now = finding.Timestamp;
        }

        string key = finding.Key;
        string fingerprint = IncidentFingerprint.Of(key);
        bool downgraded = false;
        if (finding.Severity > FindingSeverity.Info && _noise.Contains(fingerprint))
        {
            finding = finding with { Severity = FindingSeverity.Info };
            downgraded = true;
            _downgraded++;
        }

        Incident? incident = _byKey.GetValueOrDefault(key);
        if (incident is not { IsActive: true })
        {
            incident = Correlate(finding);
        }
        if (incident is null)
        {
            Open(finding, key, fingerprint, downgraded);
            return;
        }

        FindingSeverity before = incident.Severity;
        IncidentChanges changes = incident.Add(finding, key, fingerprint, _options.MaxFindingsPerIncident);
        incident.Downgraded |= downgraded;
        changes |= downgraded ? IncidentChanges.Downgraded : IncidentChanges.None;
        if (incident.HasFinding(key))
        {
            _byKey[key] = incident; // a key beyond the cap is not kept: it correlates again next time, and only counts
        }
        Index(incident, finding);
        if ((changes & (IncidentChanges.NewFinding | IncidentChanges.FindingEscalated)) != 0
            || ((changes & IncidentChanges.Escalated) != 0 && finding.Severity > before))
        {
            _findingsRaised++;
            Emit(IncidentEventKind.FindingRaised, finding.Timestamp, incident, finding, changes);
        }
        Emit(IncidentEventKind.IncidentUpdated, finding.Timestamp, incident, finding, changes);
    }

    /// <summary>Resolves the incidents quiet for the quiet period (checked only when the earliest one is due).</summary>
    public void Advance(DateTimeOffset now)
    {
        if (now > _now)
        {
            _now = now;
        }
        if (_now < _nextQuietCheck)
        {
            return;
        }
        DateTimeOffset earliest = DateTimeOffset.MaxValue;
        List<Incident>? due = null;
        foreach (Incident incident in _open.Values)
        {
            DateTimeOffset dueAt = QuietAfter(incident);
            if (dueAt <= _now)
            {
                (due ??= []).Add(incident);
            }
            else if (dueAt < earliest)
            {
                earliest = dueAt;
            }
        }
        _nextQuietCheck = earliest;
        foreach (Incident incident in due ?? [])
        {
            Close(incident, IncidentStatus.Resolved, _now);
        }
    }

    /// <summary>
    /// The condition behind <paramref name="key"/> is over (a silent host reports again): its incident is
    /// resolved now when that finding is all it holds; one that gathered more waits for its quiet period.
    /// </summary>
    public void ResolveFinding(string key, DateTimeOffset at)
    {
        if (_byKey.GetValueOrDefault(key) is { IsActive: true, FindingCount: 1 } incident && incident.HasFinding(key))
        {
            Close(incident, IncidentStatus.Resolved, at > _now ? at : _now);
        }
    }

    /// <summary>An operator saw it: it stays open (and keeps correlating) but is no longer news.</summary>
    public bool Acknowledge(long id, DateTimeOffset at)
    {
        if (_open.GetValueOrDefault(id) is not { Status: IncidentStatus.Open } incident)
        {
            return false;
        }
        incident.Status = IncidentStatus.Acknowledged;
        incident.AcknowledgedAt = at;
        Emit(IncidentEventKind.IncidentUpdated, at, incident, null, IncidentChanges.Status);
        return true;
    }

    /// <summary>An operator resolved it; the next finding of its kind opens a new incident.</summary>
    public bool Resolve(long id, DateTimeOffset at)
    {
        if (_open.GetValueOrDefault(id) is not { } incident)
        {
            return false;
        }
        Close(incident, IncidentStatus.Resolved, at);
        return true;
    }

    /// <summary>An operator called it noise: closed, and its findings' fingerprints are downgraded to info from now on.</summary>
    public bool MarkNoise(long id, DateTimeOffset at)
    {
        if (_open.GetValueOrDefault(id) is not { } incident)
        {
            return false;
        }
        foreach (string fingerprint in incident.NoiseFingerprints())
        {
            RememberNoise(fingerprint);
        }
        Close(incident, IncidentStatus.Noise, at);
        return true;
    }

    /// <summary>
    /// Applies what operators did in the store (the daemon's REST API passes each action on through
    /// <c>DaemonDetection.ApplyOperatorStatus</c>): an open incident whose
    /// stored status is further along is acknowledged, resolved or marked as noise here too.
    /// </summary>
    public void Reconcile(IEnumerable<(long Id, IncidentStatus Status)> stored, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(stored);
        foreach ((long id, IncidentStatus status) in stored)
        {
            if (_open.GetValueOrDefault(id) is not { } incident || status <= incident.Status)
            {
                continue;
            }
            _ = status switch
            {
                IncidentStatus.Acknowledged => Acknowledge(id, at),
                IncidentStatus.Resolved => Resolve(id, at),
                IncidentStatus.Noise => MarkNoise(id, at),
                _ => false,
            };
        }
    }

    private void Open(Finding finding, string key, string fingerprint, bool downgraded)
    {
        if (_open.Count >= _options.MaxOpenIncidents)
        {
            EvictQuietest(finding.Timestamp);
        }
        var incident = new Incident(_nextId++, fingerprint, finding);
        IncidentChanges changes = incident.Add(finding, key, fingerprint, _options.MaxFindingsPerIncident) | IncidentChanges.NewFinding
            | (downgraded ? IncidentChanges.Downgraded : IncidentChanges.None);
        incident.Downgraded = downgraded;
        _open.Add(incident.Id, incident);
        _byKey[key] = incident;
        Index(incident, finding);
        _opened++;
        _findingsRaised++;
        DateTimeOffset due = QuietAfter(incident);
        if (due < _nextQuietCheck)
        {
            _nextQuietCheck = due;
        }
        Emit(IncidentEventKind.IncidentOpened, finding.Timestamp, incident, finding, changes);
        Emit(IncidentEventKind.FindingRaised, finding.Timestamp, incident, finding, changes);
    }

    private void Close(Incident incident, IncidentStatus status, DateTimeOffset at)
    {
        _open.Remove(incident.Id);
        foreach (TrackedFinding f in incident.Findings)
        {
            if (_byKey.TryGetValue(f.Key, out Incident? holder) && ReferenceEquals(holder, incident))
            {
                _byKey.Remove(f.Key);
            }
        }
        foreach (string correlation in incident.IndexedUnder)
        {
            if (_byCorrelation.TryGetValue(correlation, out Incident? holder) && ReferenceEquals(holder, incident))
            {
                _byCorrelation.Remove(correlation);
            }
        }
        incident.IndexedUnder.Clear();
        incident.Status = status;
        incident.ClosedAt = at;
        if (at > incident.UpdatedAt)
        {
            incident.UpdatedAt = at;
        }
        _resolved++;
        Emit(IncidentEventKind.IncidentResolved, at, incident, null, IncidentChanges.Status);
    }

    private void EvictQuietest(DateTimeOffset at)
    {
        Incident? quietest = null;
        foreach (Incident incident in _open.Values)
        {
            if (quietest is null || incident.LastRaised < quietest.LastRaised)
            {
                quietest = incident;
            }
        }
        if (quietest is not null)
        {
            _evictedIncidents++;
            Close(quietest, IncidentStatus.Resolved, at);
        }
    }

    private DateTimeOffset QuietAfter(Incident incident) =>
        incident.LastRaised >= DateTimeOffset.MaxValue - _options.QuietPeriod ? DateTimeOffset.MaxValue : incident.LastRaised + _options.QuietPeriod;

    /// <summary>
    /// The most recently raised open incident near in time that shares a correlation key with the finding
    /// (a storage finding not with one about another disk); else one it is a symptom of (<see cref="CorrelateSymptom"/>).
    /// </summary>
    private Incident? Correlate(Finding finding)
    {
        CorrelationKeys(finding, lookup: true, _scratchKeys);
        Incident? best = null;
        string? path = finding.Entities.GetValueOrDefault(EntityNames.Path);
        string? certificate = finding.Entities.GetValueOrDefault(CertificateEntity);
        foreach (string key in _scratchKeys)
        {
            if (_byCorrelation.TryGetValue(key, out Incident? candidate) && candidate.IsActive && Near(candidate, finding)
                && (best is null || candidate.LastRaised > best.LastRaised)
                && !(path is not null && key.EndsWith(StorageKeySuffix, StringComparison.Ordinal)
                    && IncidentCorrelation.DisksConflict(path, candidate.EntityValues(EntityNames.Path)))
                && !(certificate is not null && key.EndsWith(CertificateKeySuffix, StringComparison.Ordinal)
                    && candidate.EntityValues(CertificateEntity) is { Count: > 0 } certificates
                    && !certificates.Contains(certificate, StringComparer.OrdinalIgnoreCase)))
            {
                best = candidate;
            }
        }
        return best ?? CorrelateSymptom(finding);
    }

    private static readonly string StorageKeySuffix = Separator + "resource=" + StorageResource;
    private static readonly string CertificateKeySuffix = Separator + "resource=" + CertificateResource;

    // The TLS rules name the certificate they are about (its name or file): two certificates failing stay two incidents.
    private const string CertificateEntity = "certificate";

    /// <summary>
    /// One problem seen in several logs: on the same host within <see cref="IncidentTrackerOptions.SymptomWindow"/>,
    /// a finding joins the most recently raised alert incident (warning or worse, or about a host resource)
    /// when it is about the same lines (a template both name: one ENOSPC line is a disk-full and a database
    /// storage error), when it is a symptom (<see cref="IncidentCorrelation.IsSymptom"/>: the never-seen
    /// 'db query failed' of the app while the database refuses connections) and the incident holds a finding
    /// that says what broke (<see cref="IncidentCorrelation.IsCause"/>: a rule's, a scenario's, a metric's,
    /// not a missed cron run's) or names the same service (the app's never-seen error, then systemd's "app.service: Main
    /// process exited"), or when it says what broke (an alert naming no user) and the incident holds
    /// only symptoms (the app's new error came first, the 5xx burst a minute later). Never when either is about attackers (names an
    /// address or counts many: <see cref="IncidentCorrelation.NamesActors"/>; they correlate by address or campaign only), nor when the finding names another user, unit or process, container,
    /// database or disk than the incident (<see cref="IncidentCorrelation.Conflicts"/>).
    /// </summary>
    private Incident? CorrelateSymptom(Finding finding)
    {
        if (_options.SymptomWindow <= TimeSpan.Zero || IncidentCorrelation.NamesActors(finding))
        {
            return null;
        }
        string? host = finding.Entities.TryGetValue(EntityNames.Host, out string? h) && Meaningful(h) ? h : null;
        bool symptom = IncidentCorrelation.IsSymptom(finding);
        bool cause = IncidentCorrelation.IsCause(finding) && finding.Severity > FindingSeverity.Info && !finding.Entities.ContainsKey(EntityNames.User);
        IncidentCorrelation.TemplatesOf(finding, _scratchTemplates);
        string? source = finding.Entities.TryGetValue(EntityNames.Source, out string? s) && s.Length > 0 ? s : null;
        bool errorish = IncidentCorrelation.IsCause(finding) || IncidentCorrelation.IsErrorSymptom(finding);
        Incident? best = null;
        foreach (Incident incident in _open.Values)
        {
            if (!incident.IsActive || !SameHost(incident.Host, host)
                || incident.AboutActors
                || (best is not null && incident.LastRaised <= best.LastRaised)
                || !Near(incident, finding, _options.SymptomWindow))
            {
                continue;
            }
            // The same minute: a failure writes all its lines at once, in every log it touches.
            bool sameMinute = Near(incident, finding, _options.CoincidenceWindow);
            bool coincident = symptom && sameMinute;
            // In the same minute, one log's errors are one moment too (a backend's two never-seen errors, a certificate
            // that expired and the verification that fails on it); its new ordinary lines are not (a shared syslog).
            bool sameSource = sameMinute && errorish && source is not null
                && incident.EntityValues(EntityNames.Source).Contains(source, StringComparer.Ordinal);
            // An incident still info holds the first signs; in the same minute, what broke (a rule's I/O error on the
            // line whose never-seen template opened it) or more of that log's lines are that moment, not a second alert
            // when the signs escalate.
            if (!(incident.Severity > FindingSeverity.Info || incident.HasResource
                || (sameMinute && !incident.HasNonSymptom && (cause || sameSource))))
            {
                continue;
            }
            // In the same minute, the same failure of a shared dependency reported by a service that uses it (an app's error
            // field quoting Redis's "MISCONF … unable to persist to disk" beside Redis's own line) is that failure.
            bool sameDependency = sameMinute && incident.HasSharedDependency && IncidentCorrelation.IsSharedDependency(finding)
                && string.Equals(incident.Kind, finding.Kind, StringComparison.Ordinal);
            bool related = incident.SharesTemplate(_scratchTemplates)
                || (symptom && incident.HasAnchor)
                || (symptom && IncidentCorrelation.SharesService(finding, incident))
                || (cause && !incident.HasNonSymptom)
                || (coincident && !incident.HasNonSymptom)
                || sameSource;
            if ((related && !IncidentCorrelation.Conflicts(finding, incident))
                || ((coincident || sameDependency) && incident.HasSharedDependency && !IncidentCorrelation.Conflicts(finding, incident, servicesMayDiffer: true)))
            {
                best = incident;
            }
        }
        return best;
    }

    /// <summary>Host scope as the correlation keys have it: a finding or incident that names no host (an app's JSON log) is this host's.</summary>
    private static bool SameHost(string? incidentHost, string? findingHost) =>
        incidentHost is null || findingHost is null || string.Equals(incidentHost, findingHost, StringComparison.Ordinal);

    private void Index(Incident incident, Finding finding)
    {
        CorrelationKeys(finding, lookup: false, _scratchKeys);
        foreach (string key in _scratchKeys)
        {
            // Bounded: an entry is made only when the incident can remember it, so closing removes it again.
            if ((!_byCorrelation.TryGetValue(key, out Incident? holder) || !ReferenceEquals(holder, incident))
                && incident.IndexedUnder.Count < MaxIndexedKeysPerIncident)
            {
                _byCorrelation[key] = incident;
                incident.IndexedUnder.Add(key);
            }
        }
    }

    private bool Near(Incident incident, Finding finding) => Near(incident, finding, _options.CorrelationWindow);

    private static bool Near(Incident incident, Finding finding, TimeSpan window)
    {
        DateTimeOffset incidentEnd = incident.LastActive;
        DateTimeOffset findingEnd = finding.LastSeen > finding.Timestamp ? finding.LastSeen : finding.Timestamp;
        TimeSpan gap = finding.FirstSeen > incidentEnd ? finding.FirstSeen - incidentEnd
            : incident.FirstSeen > findingEnd ? incident.FirstSeen - findingEnd
            : TimeSpan.Zero;
        return gap <= window;
    }

    /// <summary>
    /// The keys a finding correlates under: host-scoped strong entities and resource. Indexing writes each
    /// under the finding's host (or "" without one) and under "any host"; a lookup with a host reads its
    /// host and host-less incidents, one without a host reads "any host".
    /// </summary>
    private static void CorrelationKeys(Finding finding, bool lookup, List<string> into)
    {
        into.Clear();
        string? host = finding.Entities.TryGetValue(EntityNames.Host, out string? h) && Meaningful(h) ? h : null;
        bool namesAddress = finding.Entities.TryGetValue(EntityNames.Ip, out string? ip) && Meaningful(ip);
        foreach (string name in StrongEntities)
        {
            // An address is the actor: its finding's user is whom it tried, which another address may try too.
            if (lookup && namesAddress && name == EntityNames.User)
            {
                continue;
            }
            if (finding.Entities.TryGetValue(name, out string? value) && Meaningful(value))
            {
                AddScoped(into, host, lookup, name, value);
                if (name is EntityNames.Unit or EntityNames.Process)
                {
                    // a unit and its process are one service: mqtt-bridge.service's restart loop and mqtt-bridge's panic
                    AddScoped(into, host, lookup, "service-name", IncidentCorrelation.ServiceName(value).ToLowerInvariant());
                }
            }
        }
        if (!namesAddress && CampaignOf(finding) is { } service)
        {
            AddScoped(into, host, lookup, "campaign", service);
        }
        if (finding.FleetKey is { } fleetKey && Meaningful(fleetKey))
        {
            into.Add(FleetScope + Separator + fleetKey);
        }
        if (ResourceOf(finding) is { } resource)
        {
            AddScoped(into, host, lookup, "resource", resource);
        }
        if (IncidentCorrelation.StreamOf(finding) is { } stream)
        {
            AddScoped(into, host, lookup, "stream", stream);
        }
        if (lookup && IncidentCorrelation.IsSilence(finding))
        {
            // A log that stops while the host's disk is full or failing stopped because of it: rsyslog cannot write kern.log.
            AddScoped(into, host, lookup, "resource", "disk");
            AddScoped(into, host, lookup, "resource", StorageResource);
        }
    }

    /// <summary>
    /// The service a many-address alert is about: a finding that names no address but counts several
    /// (<see cref="Evidence.DistinctAddresses"/>) on a service, such as addresses taking turns on one account and
    /// addresses working through a user list. On one host within the window they are one campaign against that
    /// service's logins, one incident for the operator, whichever the scenarios saw first. Info findings (the hourly
    /// summary of the background) stay out of it.
    /// </summary>
    private static string? CampaignOf(Finding finding) =>
        finding.Severity > FindingSeverity.Info
        && finding.Entities.TryGetValue("service", out string? service) && Meaningful(service)
        && finding.Evidence.Measurements.TryGetValue(Evidence.DistinctAddresses, out double addresses) && addresses >= 2
            ? service
            : null;

    private static void AddScoped(List<string> into, string? host, bool lookup, string name, string value)
    {
        string entity = string.Concat(name, "=", value);
        if (lookup)
        {
            if (host is null)
            {
                into.Add(AnyHost + Separator + entity);
            }
            else
            {
                into.Add(host + Separator + entity);
                into.Add(Separator + entity);
            }
        }
        else
        {
            into.Add((host ?? "") + Separator + entity);
            into.Add(AnyHost + Separator + entity);
        }
    }

    private static bool Meaningful(string value) =>
        value.Length is > 0 and <= MaxEntityValueLength && value is not ("-" or "unknown" or "?");

    /// <summary>
    /// The host resource a finding is about, from its metric's name or its kind: an OOM kill and a memory
    /// threshold are both about memory; ENOSPC and a disk forecast about disk.
    /// </summary>
    internal static string? ResourceOf(Finding finding)
    {
        if (finding.Entities.TryGetValue(EntityNames.Metric, out string? metric))
        {
            if (ContainsAny(metric, "mem", "swap"))
            {
                return "memory";
            }
            if (ContainsAny(metric, "disk", "filesystem", "fs_", "inode"))
            {
                return "disk";
            }
            if (ContainsAny(metric, "cpu", "load"))
            {
                return "cpu";
            }
        }
        string kind = finding.Kind;
        if (ContainsAny(kind, "io-error", "filesystem-error", "disk-link", "raid", "hung-task"))
        {
            // a failing disk: ATA errors, block I/O errors, the file system on it; and tasks the kernel finds blocked for
            // minutes (uninterruptible sleep: waiting on storage), the journal's thread first, then every writer behind it
            return StorageResource;
        }
        if (kind is "tls-renewal-failed" or "tls-certificate-rejected" or "tls-config-error")
        {
            // the host's own certificates: a renewal that failed, clients rejecting the certificate (expired since), a server
            // unable to load it (not a remote's expired certificate: that is the remote's problem, one per remote)
            return CertificateResource;
        }
        if (ContainsAny(kind, "oom", "memory"))
        {
            return "memory";
        }
        if (ContainsAny(kind, "disk", "enospc", "no-space", "filesystem-full"))
        {
            return "disk";
        }
        return ContainsAny(kind, "cpu") ? "cpu" : null;
    }

    private static bool ContainsAny(string text, params ReadOnlySpan<string> parts)
    {
        foreach (string part in parts)
        {
            if (text.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private void RememberNoise(string fingerprint)
    {
        if (_options.MaxNoiseFingerprints == 0 || !IncidentFingerprint.IsValid(fingerprint) || !_noise.Add(fingerprint))
        {
            return;
        }
        _noiseOrder.Enqueue(fingerprint);
        while (_noise.Count > _options.MaxNoiseFingerprints && _noiseOrder.TryDequeue(out string? oldest))
        {
            _noise.Remove(oldest);
            _evictedNoise++;
        }
    }

    /// <summary>A finding a detector built carelessly still becomes a sound one (no input may crash the engine).</summary>
    private static Finding Sanitised(Finding finding)
    {
        if (finding.Kind is not null && finding.Title is not null && finding.Entities is not null && finding.Evidence is not null
            && finding.Detector is not null && finding.Severity <= FindingSeverity.Critical)
        {
            return finding;
        }
        string kind = string.IsNullOrEmpty(finding.Kind) ? "unknown" : finding.Kind;
        return finding with
        {
            Kind = kind,
            Title = finding.Title ?? kind,
            Entities = finding.Entities ?? NoEntities,
            Evidence = finding.Evidence ?? Evidence.None,
            Detector = finding.Detector ?? "",
            Severity = finding.Severity > FindingSeverity.Critical ? FindingSeverity.Critical : finding.Severity,
        };
    }

    private void Emit(IncidentEventKind kind, DateTimeOffset at, Incident incident, Finding? finding, IncidentChanges changes)
    {
        var e = new IncidentEvent(kind, at, incident, finding, changes);
        foreach (IIncidentListener listener in _listeners)
        {
            listener.OnIncidentEvent(e);
        }
    }
}
