namespace LogWarden.Detect.Incidents;

/// <summary>What changed in an incident with one event (alerting notifies on some, the store saves all).</summary>
[Flags]
internal enum IncidentChanges
{
    None = 0,

    /// <summary>A finding key the incident did not have joined it.</summary>
    NewFinding = 1,

    /// <summary>A finding key already in it came back more severe than before.</summary>
    FindingEscalated = 2,

    /// <summary>The incident's own severity rose.</summary>
    Escalated = 4,

    /// <summary>Counts, last seen or evidence moved (every raise).</summary>
    Counts = 8,

    /// <summary>Acknowledged, resolved or marked as noise.</summary>
    Status = 16,

    /// <summary>This raise was downgraded to info: its fingerprint was marked as noise before.</summary>
    Downgraded = 32,
}

/// <summary>One finding key inside an incident: its latest finding and the history of its raises.</summary>
internal sealed class TrackedFinding(string key, string fingerprint, Finding first)
{
    public string Key { get; } = key;

    public string Fingerprint { get; } = fingerprint;

    public Finding Latest { get; set; } = first;

    public FindingSeverity MaxSeverity { get; set; } = first.Severity;

    public DateTimeOffset FirstRaised { get; } = first.Timestamp;

    public DateTimeOffset LastRaised { get; set; } = first.Timestamp;

    public long Raises { get; set; } = 1;

    public IncidentFindingRecord ToRecord() => new(
        Key, Fingerprint, Latest.Kind, Latest.Title, MaxSeverity, Latest.Detector, Latest.Entities,
        Latest.FirstSeen, Latest.LastSeen, Latest.Count, FirstRaised, LastRaised, Raises, Latest.Evidence)
    {
        FleetKey = Latest.FleetKey,
    };
}

/// <summary>
/// An incident while the tracker holds it: findings correlated by entity and time, with their evidence.
/// Owned and changed by <see cref="IncidentTracker"/> on its one thread; listeners read it during an
/// event and take a <see cref="ToRecord"/> snapshot when they keep it.
/// </summary>
internal sealed class Incident
{
    /// <summary>Values kept per entity name (the rest are counted in <see cref="DroppedEntityValues"/>).</summary>
    internal const int MaxValuesPerEntity = 16;

    private const int MaxEvidenceTemplates = 20;
    private const int MaxMeasurements = 32;

    private readonly Dictionary<string, TrackedFinding> _findings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _entities = new(StringComparer.Ordinal);

    // The key whose latest title is the incident's: the first of its most severe findings (a symptom leads
    // only until a finding of the same severity that says what broke joins).
    private string? _leadKey;
    private bool _leadIsSymptom;

    // Template ids its findings are about (bounded): a later finding about one of them is about the same lines.
    private readonly List<int> _templates = [];
    internal const int MaxTemplates = 64;

    internal Incident(long id, string fingerprint, Finding first)
    {
        Id = id;
        Fingerprint = fingerprint;
        Kind = first.Kind;
        Title = first.Title;
        Severity = first.Severity;
        FirstSeen = first.FirstSeen;
        LastSeen = first.LastSeen;
        OpenedAt = first.Timestamp;
        UpdatedAt = first.Timestamp;
        LastRaised = first.Timestamp;
        LastActive = first.LastSeen > first.Timestamp ? first.LastSeen : first.Timestamp;
    }

    /// <summary>
    /// An incident as the store kept it (with its findings), to go on where a previous run stopped: the
    /// same keys update it and the same entities correlate with it.
    /// </summary>
    internal static Incident FromRecord(IncidentRecord record, int maxFindings)
    {
        IncidentFindingRecord? lead = null;
        foreach (IncidentFindingRecord f in record.Findings)
        {
            if (lead is null || f.Severity > lead.Severity)
            {
                lead = f;
            }
        }
        var first = new Finding
        {
            Timestamp = record.OpenedAt,
            Severity = record.Severity,
            Kind = record.Kind,
            Title = record.Title,
            FirstSeen = record.FirstSeen,
            LastSeen = record.LastSeen,
        };
        var incident = new Incident(record.Id, record.Fingerprint, first)
        {
            Status = record.Status,
            UpdatedAt = record.UpdatedAt,
            AcknowledgedAt = record.AcknowledgedAt,
            Downgraded = record.Downgraded,
            Raises = record.Raises,
            _leadKey = lead?.Key,
        };
        var scratch = new List<int>();
        foreach (IncidentFindingRecord f in record.Findings)
        {
            if (incident._findings.Count >= maxFindings)
            {
                break;
            }
            var latest = new Finding
            {
                Timestamp = f.LastRaised,
                Severity = f.Severity,
                Kind = f.Kind,
                Title = f.Title,
                Entities = f.Entities,
                FirstSeen = f.FirstSeen,
                LastSeen = f.LastSeen,
                Count = f.Count,
                Evidence = f.Evidence,
                Detector = f.Detector,
                FleetKey = f.FleetKey,
            };
            incident._findings[f.Key] = new TrackedFinding(f.Key, f.Fingerprint, latest with { Timestamp = f.FirstRaised })
            {
                Latest = latest,
                LastRaised = f.LastRaised,
                Raises = f.Raises,
            };
            incident.AddEntities(f.Entities);
            incident.Track(latest, scratch);
            if (f.Key == incident._leadKey)
            {
                incident._leadIsSymptom = IncidentCorrelation.IsSymptom(latest);
            }
            if (f.LastRaised > incident.LastRaised)
            {
                incident.LastRaised = f.LastRaised;
            }
        }
        incident.LastActive = incident.LastSeen > incident.LastRaised ? incident.LastSeen : incident.LastRaised;
        return incident;
    }

    public long Id { get; }

    public string Fingerprint { get; }

    public string Kind { get; }

    public string Title { get; private set; }

    public IncidentStatus Status { get; internal set; }

    public FindingSeverity Severity { get; private set; }

    public string? Host { get; private set; }

    public DateTimeOffset FirstSeen { get; private set; }

    public DateTimeOffset LastSeen { get; private set; }

    public DateTimeOffset OpenedAt { get; }

    public DateTimeOffset UpdatedAt { get; internal set; }

    /// <summary>
    /// Log time of the latest raise (but an info finding's repeat in an alert incident: see <see cref="Add"/>): the quiet
    /// period counts from here.
    /// </summary>
    public DateTimeOffset LastRaised { get; private set; }

    /// <summary>
    /// Log time of the latest line or raise that said something (not a refresh that something is still missing, nor an info
    /// finding's repeat in an alert incident): how near in time the incident is for other findings to join.
    /// </summary>
    public DateTimeOffset LastActive { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; internal set; }

    public DateTimeOffset? ClosedAt { get; internal set; }

    public long Raises { get; private set; }

    public bool Downgraded { get; internal set; }

    /// <summary>Raises of keys beyond the per-incident cap: counted, not kept.</summary>
    public long FoldedRaises { get; private set; }

    public long DroppedEntityValues { get; private set; }

    public bool IsActive => Status is IncidentStatus.Open or IncidentStatus.Acknowledged;

    public int FindingCount => _findings.Count;

    public IEnumerable<TrackedFinding> Findings => _findings.Values;

    public bool HasFinding(string key) => _findings.ContainsKey(key);

    /// <summary>It holds a finding that says what broke (<see cref="IncidentCorrelation.IsCause"/>).</summary>
    public bool HasAnchor { get; private set; }

    /// <summary>It holds a finding that is not a symptom (<see cref="IncidentCorrelation.IsSymptom"/>).</summary>
    public bool HasNonSymptom { get; private set; }

    /// <summary>
    /// It is about attackers: a finding names an address or counts many (<see cref="Evidence.DistinctAddresses"/>:
    /// a distributed brute force). Such incidents correlate by address or campaign only, never by time.
    /// </summary>
    public bool AboutActors { get; private set; }

    /// <summary>It holds a finding about a host resource (memory, disk, cpu, storage: <see cref="IncidentTracker.ResourceOf"/>).</summary>
    public bool HasResource { get; private set; }

    /// <summary>
    /// It holds an alert that says something other services depend on broke (<see cref="IncidentCorrelation.IsSharedDependency"/>:
    /// a full disk, memory, stalled storage, a database): the never-seen errors other services log the same minute are its symptoms.
    /// </summary>
    public bool HasSharedDependency { get; private set; }

    /// <summary>The values it names for an entity (empty when none).</summary>
    public IReadOnlyList<string> EntityValues(string name) => _entities.TryGetValue(name, out List<string>? values) ? values : [];

    /// <summary>Is one of <paramref name="templates"/> a template its findings are about?</summary>
    public bool SharesTemplate(List<int> templates)
    {
        foreach (int id in templates)
        {
            if (_templates.Contains(id))
            {
                return true;
            }
        }
        return false;
    }

    private void Track(Finding finding, List<int> scratch)
    {
        if (IncidentCorrelation.IsCause(finding))
        {
            HasAnchor = true;
        }
        if (!IncidentCorrelation.IsSymptom(finding))
        {
            HasNonSymptom = true;
        }
        if (IncidentCorrelation.NamesActors(finding))
        {
            AboutActors = true;
        }
        if (IncidentTracker.ResourceOf(finding) is not null)
        {
            HasResource = true;
        }
        if (IncidentCorrelation.IsSharedDependency(finding))
        {
            HasSharedDependency = true;
        }
        IncidentCorrelation.TemplatesOf(finding, scratch);
        foreach (int id in scratch)
        {
            if (_templates.Count < MaxTemplates && !_templates.Contains(id))
            {
                _templates.Add(id);
            }
        }
    }

    /// <summary>Lines its findings cover: the sum of each key's latest count.</summary>
    public long Lines
    {
        get
        {
            long sum = 0;
            foreach (TrackedFinding f in _findings.Values)
            {
                sum += f.Latest.Count;
            }
            return sum;
        }
    }

    /// <summary>The correlation keys the tracker indexed this incident under (removed again when it closes).</summary>
    internal List<string> IndexedUnder { get; } = [];

    /// <summary>Fingerprints an operator silences by marking this incident as noise: its own and every finding's.</summary>
    public IEnumerable<string> NoiseFingerprints()
    {
        yield return Fingerprint;
        foreach (TrackedFinding f in _findings.Values)
        {
            if (f.Fingerprint != Fingerprint)
            {
                yield return f.Fingerprint;
            }
        }
    }

    /// <summary>Adds one raise; a key beyond <paramref name="maxFindings"/> only counts.</summary>
    internal IncidentChanges Add(Finding finding, string key, string fingerprint, int maxFindings)
    {
        IncidentChanges changes = IncidentChanges.Counts;
        Raises++;
        // An info finding raised again in an alert incident (a missed run or a burst it already holds, refreshed while it
        // lasts) is recorded, but does not keep the alert open or near in time: the alert is over when nothing at its level is said.
        bool repeat = false, idle = false;
        if (_findings.TryGetValue(key, out TrackedFinding? tracked))
        {
            repeat = finding.Severity == FindingSeverity.Info && Severity > FindingSeverity.Info && tracked.MaxSeverity == FindingSeverity.Info;
            // A missed run or a silence said again (an info one) says only that it is still missing: it keeps its incident
            // open, but nothing happened, so the incident does not gather the host's later problems by time or entity.
            idle = repeat || (finding.Severity == FindingSeverity.Info && tracked.MaxSeverity == FindingSeverity.Info && IncidentCorrelation.IsAbsence(finding));
            if (finding.Severity > tracked.MaxSeverity)
            {
                tracked.MaxSeverity = finding.Severity;
                changes |= IncidentChanges.FindingEscalated;
            }
            tracked.Latest = finding;
            tracked.Raises++;
            if (finding.Timestamp > tracked.LastRaised)
            {
                tracked.LastRaised = finding.Timestamp;
            }
        }
        else if (_findings.Count < maxFindings)
        {
            _findings.Add(key, new TrackedFinding(key, fingerprint, finding));
            changes |= IncidentChanges.NewFinding;
            AddEntities(finding.Entities);
            Track(finding, []);
        }
        else
        {
            FoldedRaises++;
        }

        if (finding.Severity > Severity)
        {
            Severity = finding.Severity;
            changes |= IncidentChanges.Escalated;
            _leadKey = key;
            _leadIsSymptom = IncidentCorrelation.IsSymptom(finding);
        }
        else if (finding.Severity == Severity && _leadIsSymptom && key != _leadKey && !IncidentCorrelation.IsSymptom(finding))
        {
            _leadKey = key; // as severe, and it says what broke: its title is the incident's
            _leadIsSymptom = false;
        }
        if (_leadKey is null)
        {
            _leadKey = key;
            _leadIsSymptom = IncidentCorrelation.IsSymptom(finding);
        }
        if (key == _leadKey)
        {
            Title = finding.Title; // "… 312 failures" follows the latest count
        }
        if (finding.FirstSeen < FirstSeen)
        {
            FirstSeen = finding.FirstSeen;
        }
        if (finding.LastSeen > LastSeen && !repeat)
        {
            LastSeen = finding.LastSeen;
        }
        if (finding.Timestamp > LastRaised && !repeat)
        {
            LastRaised = finding.Timestamp;
        }
        DateTimeOffset active = finding.LastSeen > finding.Timestamp ? finding.LastSeen : finding.Timestamp;
        if (active > LastActive && !idle)
        {
            LastActive = active;
        }
        if (finding.Timestamp > UpdatedAt)
        {
            UpdatedAt = finding.Timestamp;
        }
        return changes;
    }

    private void AddEntities(IReadOnlyDictionary<string, string> entities)
    {
        foreach ((string name, string value) in entities)
        {
            if (!_entities.TryGetValue(name, out List<string>? values))
            {
                _entities[name] = values = new List<string>(1);
            }
            if (values.Contains(value))
            {
                continue;
            }
            if (values.Count >= MaxValuesPerEntity)
            {
                DroppedEntityValues++;
                continue;
            }
            values.Add(value);
            if (name == EntityNames.Host && Host is null)
            {
                Host = value;
            }
        }
    }

    /// <summary>An immutable copy: what the store saves and what outlives the tracker's thread.</summary>
    public IncidentRecord ToRecord()
    {
        var findings = new List<IncidentFindingRecord>(_findings.Count);
        foreach (TrackedFinding f in _findings.Values)
        {
            findings.Add(f.ToRecord());
        }
        var entities = new Dictionary<string, IReadOnlyList<string>>(_entities.Count, StringComparer.Ordinal);
        foreach ((string name, List<string> values) in _entities)
        {
            entities[name] = values.ToArray();
        }
        return new IncidentRecord
        {
            Id = Id,
            Fingerprint = Fingerprint,
            Kind = Kind,
            Title = Title,
            Status = Status,
            Severity = Severity,
            Host = Host,
            FirstSeen = FirstSeen,
            LastSeen = LastSeen,
            OpenedAt = OpenedAt,
            UpdatedAt = UpdatedAt,
            AcknowledgedAt = AcknowledgedAt,
            ClosedAt = ClosedAt,
            Lines = Lines,
            FindingCount = findings.Count,
            Raises = Raises,
            Downgraded = Downgraded,
            Entities = entities,
            Evidence = MergeEvidence(findings),
            Findings = findings,
        };
    }

    /// <summary>
    /// The incident's evidence from its findings' latest evidence: templates summed by id (the biggest
    /// first), sample lines taken in turn from the most severe findings first, the metric window of the
    /// most severe metric finding, and measurements (first one wins a name).
    /// </summary>
    internal static Evidence MergeEvidence(IReadOnlyList<IncidentFindingRecord> findings)
    {
        if (findings.Count == 1)
        {
            return findings[0].Evidence;
        }
        List<IncidentFindingRecord> bySeverity = [.. findings.OrderByDescending(f => f.Severity)]; // stable: ties keep their order
        var templates = new Dictionary<int, (string Text, long Count)>();
        var measurements = new Dictionary<string, double>(StringComparer.Ordinal);
        string? metric = null;
        IReadOnlyList<MetricPoint> window = [];
        foreach (IncidentFindingRecord f in bySeverity)
        {
            foreach (TemplateEvidence t in f.Evidence.Templates)
            {
                templates[t.TemplateId] = templates.TryGetValue(t.TemplateId, out var seen) ? (seen.Text, seen.Count + t.Count) : (t.Template, t.Count);
            }
            if (metric is null && f.Evidence.Metric is not null)
            {
                metric = f.Evidence.Metric;
                window = f.Evidence.MetricWindow;
            }
            foreach ((string name, double value) in f.Evidence.Measurements)
            {
                if (measurements.Count < MaxMeasurements)
                {
                    measurements.TryAdd(name, value);
                }
            }
        }

        var samples = new List<string>(Evidence.MaxSamples);
        for (int round = 0; samples.Count < Evidence.MaxSamples && round < Evidence.MaxSamples; round++)
        {
            foreach (IncidentFindingRecord f in bySeverity)
            {
                if (round < f.Evidence.Samples.Count && samples.Count < Evidence.MaxSamples && !samples.Contains(f.Evidence.Samples[round]))
                {
                    samples.Add(f.Evidence.Samples[round]);
                }
            }
        }

        var merged = new List<TemplateEvidence>(templates.Count);
        foreach ((int id, (string text, long count)) in templates)
        {
            merged.Add(new TemplateEvidence(id, text, count));
        }
        merged.Sort(static (a, b) => b.Count != a.Count ? b.Count.CompareTo(a.Count) : a.TemplateId.CompareTo(b.TemplateId));
        if (merged.Count > MaxEvidenceTemplates)
        {
            merged.RemoveRange(MaxEvidenceTemplates, merged.Count - MaxEvidenceTemplates);
        }
        return new Evidence { Templates = merged, Samples = samples, Metric = metric, MetricWindow = window, Measurements = measurements };
    }
}
