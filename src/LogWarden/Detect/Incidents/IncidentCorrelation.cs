using LogWarden.Detect.Baselines;

namespace LogWarden.Detect.Incidents;

/// <summary>
/// What makes two findings one problem beyond a shared strong entity (see <see cref="IncidentTracker"/>):
/// symptoms (a never-seen or spiking error template is what a failure looks like in the logs of whatever
/// it broke), the templates of the lines a finding covers, a partition and its disk, and the entities
/// that keep two findings apart (two addresses, two units, two disks).
/// </summary>
internal static class IncidentCorrelation
{
    /// <summary>
    /// A symptom: a baseline finding about one template (never seen, rare, spiking, in a burst). It says
    /// "these lines are unusual", not what broke; near a finding that does, on the same host, it is that
    /// finding's evidence.
    /// </summary>
    public static bool IsSymptom(Finding finding) => finding.Kind is BaselineKinds.NewErrorTemplate or BaselineKinds.ErrorBurst
        or BaselineKinds.TemplateSpike or BaselineKinds.NewTemplate or BaselineKinds.RareTemplate;

    /// <summary>A symptom about errors (a never-seen error, an error burst), not about ordinary lines that are new or many.</summary>
    public static bool IsErrorSymptom(Finding finding) => finding.Kind is BaselineKinds.NewErrorTemplate or BaselineKinds.ErrorBurst;

    /// <summary>
    /// A finding that says what broke: one of a rule, a scenario, a metric (any detector but the learned
    /// baselines, whose findings say that something is unusual or absent). Symptoms join incidents that hold one.
    /// </summary>
    public static bool IsCause(Finding finding) => finding.Detector != BaselineDetector.DetectorName;

    /// <summary>
    /// An alert that says something other services depend on broke: a host resource (a full disk, memory, storage that stalls
    /// or fails, the host's certificates: <see cref="IncidentTracker.ResourceOf"/>) or a database. The errors the services that
    /// use it log in the same minute are what it looks like from them, whichever service they name.
    /// </summary>
    public static bool IsSharedDependency(Finding finding) =>
        IsCause(finding) && finding.Severity > FindingSeverity.Info && !NamesActors(finding)
        && (IncidentTracker.ResourceOf(finding) is not null || finding.Kind.StartsWith("database-", StringComparison.Ordinal));

    /// <summary>A baseline finding about something absent (a periodic job's missed run, a source gone silent): raised again, it says it is still missing.</summary>
    public static bool IsAbsence(Finding finding) =>
        finding.Detector == BaselineDetector.DetectorName && finding.Kind is BaselineKinds.PeriodicMissed or BaselineKinds.SourceSilent;

    /// <summary>A baseline finding that a source went silent.</summary>
    public static bool IsSilence(Finding finding) =>
        finding.Detector == BaselineDetector.DetectorName && finding.Kind is BaselineKinds.SourceSilent;

    /// <summary>A finding about attackers: it names an address or counts many (a distributed brute force, the hourly background).</summary>
    public static bool NamesActors(Finding finding) =>
        finding.Entities.ContainsKey(EntityNames.Ip) || finding.Evidence.Measurements.ContainsKey(Evidence.DistinctAddresses);

    /// <summary>
    /// A baseline finding about a whole stream (a source gone silent, its volume shifted, its lines no
    /// longer decoding): the source is what it is about, so such findings of one source correlate by it.
    /// </summary>
    public static string? StreamOf(Finding finding) =>
        finding.Detector == BaselineDetector.DetectorName && !finding.Entities.ContainsKey(EntityNames.Template)
        && finding.Entities.TryGetValue(EntityNames.Source, out string? source) && source.Length > 0
            ? source
            : null;

    /// <summary>Template ids a finding is about: its template entity and its evidence's templates (at most <paramref name="max"/>).</summary>
    public static void TemplatesOf(Finding finding, List<int> into, int max = 8)
    {
        into.Clear();
        if (finding.Entities.TryGetValue(EntityNames.Template, out string? text) && int.TryParse(text, out int id))
        {
            into.Add(id);
        }
        foreach (TemplateEvidence t in finding.Evidence.Templates)
        {
            if (into.Count >= max)
            {
                break;
            }
            if (!into.Contains(t.TemplateId))
            {
                into.Add(t.TemplateId);
            }
        }
    }

    /// <summary>
    /// The whole disk a device path is on: <c>/dev/sdb1</c> → <c>/dev/sdb</c>, <c>/dev/nvme0n1p2</c> →
    /// <c>/dev/nvme0n1</c>, <c>/dev/mmcblk0p1</c> → <c>/dev/mmcblk0</c>; other paths (and md, dm devices) as they are.
    /// </summary>
    public static string DiskOf(string path)
    {
        if (!path.StartsWith("/dev/", StringComparison.Ordinal))
        {
            return path;
        }
        ReadOnlySpan<char> name = path.AsSpan(5);
        int end = name.Length;
        while (end > 0 && char.IsAsciiDigit(name[end - 1]))
        {
            end--;
        }
        if (end == name.Length || end == 0)
        {
            return path;
        }
        ReadOnlySpan<char> stem = name[..end];
        if ((stem.StartsWith("nvme") || stem.StartsWith("mmcblk")) && stem[^1] == 'p' && stem.Length > 1 && char.IsAsciiDigit(stem[^2]))
        {
            return string.Concat("/dev/", stem[..^1]); // nvme0n1p2, mmcblk0p1
        }
        if ((stem.StartsWith("sd") || stem.StartsWith("vd") || stem.StartsWith("xvd") || stem.StartsWith("hd")) && stem.Length > 2 && char.IsAsciiLetter(stem[^1]))
        {
            return string.Concat("/dev/", stem); // sdb1, vda2, xvdf1
        }
        return path;
    }

    /// <summary>A unit or process as one name: <c>pdf-render.service</c> → <c>pdf-render</c>, <c>postfix/postdrop</c> → <c>postdrop</c>.</summary>
    public static string ServiceName(string value)
    {
        int slash = value.LastIndexOf('/');
        string name = slash >= 0 && slash < value.Length - 1 ? value[(slash + 1)..] : value;
        return name.EndsWith(".service", StringComparison.OrdinalIgnoreCase) ? name[..^".service".Length] : name;
    }

    private static readonly string[] Identities = [EntityNames.Ip, EntityNames.User, EntityNames.Container, "database"];

    /// <summary>
    /// Does the finding name something the incident names otherwise: another address, user, container or
    /// database; another unit or process (the two as one kind: a unit and its process are one service);
    /// another disk (a partition counts as its disk)? Such a finding is about something else and stays apart. A finding's
    /// process or unit that only reports on others (<see cref="IsReporter"/>: the kernel, systemd) names no service.
    /// </summary>
    public static bool Conflicts(Finding finding, Incident incident) => Conflicts(finding, incident, servicesMayDiffer: false);

    /// <summary>
    /// <see cref="Conflicts(Finding, Incident)"/>; with <paramref name="servicesMayDiffer"/>, another unit, process or container
    /// does not count (a service failing because of what the incident is about: the disk it writes to, the database it uses),
    /// another address, user, database or disk still does.
    /// </summary>
    public static bool Conflicts(Finding finding, Incident incident, bool servicesMayDiffer)
    {
        foreach (string name in Identities)
        {
            if (servicesMayDiffer && name == EntityNames.Container)
            {
                continue;
            }
            if (finding.Entities.TryGetValue(name, out string? value) && incident.EntityValues(name) is { Count: > 0 } values
                && !values.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (!servicesMayDiffer && CompareServices(finding, incident) == ServiceMatch.Different)
        {
            return true;
        }

        return finding.Entities.TryGetValue(EntityNames.Path, out string? path) && DisksConflict(path, incident.EntityValues(EntityNames.Path));
    }

    /// <summary>
    /// The finding and the incident name the same service (a unit or process, the two as one kind; reporters such as the
    /// kernel and systemd do not count).
    /// </summary>
    public static bool SharesService(Finding finding, Incident incident) => CompareServices(finding, incident) == ServiceMatch.Shared;

    private enum ServiceMatch { Unnamed, Shared, Different }

    /// <summary>
    /// The services (units and processes as one kind, reporters left out) the finding and the incident name: one in common
    /// (<see cref="ServiceMatch.Shared"/>), both some but none in common (<see cref="ServiceMatch.Different"/>), or either none.
    /// </summary>
    private static ServiceMatch CompareServices(Finding finding, Incident incident)
    {
        bool findingNamesService = false, incidentNamesService = false;
        foreach (string name in (ReadOnlySpan<string>)[EntityNames.Unit, EntityNames.Process])
        {
            if (!finding.Entities.TryGetValue(name, out string? value) || IsReporter(value))
            {
                continue;
            }
            findingNamesService = true;
            string service = ServiceName(value);
            foreach (string name2 in (ReadOnlySpan<string>)[EntityNames.Unit, EntityNames.Process])
            {
                foreach (string other in incident.EntityValues(name2))
                {
                    if (IsReporter(other))
                    {
                        continue;
                    }
                    incidentNamesService = true;
                    if (string.Equals(ServiceName(other), service, StringComparison.OrdinalIgnoreCase))
                    {
                        return ServiceMatch.Shared;
                    }
                }
            }
        }
        return findingNamesService && incidentNamesService ? ServiceMatch.Different : ServiceMatch.Unnamed;
    }

    /// <summary>
    /// A writer that reports on every other process and unit, so naming it as a line's process or unit says nothing about
    /// which service the line is about: the kernel (an OOM kill, a hung task, a segfault of any process) and systemd's PID 1
    /// (init.scope: "X.service: Main process exited" for every unit).
    /// </summary>
    public static bool IsReporter(string value) =>
        value.Equals("kernel", StringComparison.OrdinalIgnoreCase) || value.Equals("systemd", StringComparison.OrdinalIgnoreCase)
        || value.Equals("init.scope", StringComparison.OrdinalIgnoreCase);

    /// <summary>The path names another disk than every one of <paramref name="paths"/> (false when there are none).</summary>
    public static bool DisksConflict(string path, IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
        {
            return false;
        }
        string disk = DiskOf(path);
        foreach (string other in paths)
        {
            if (string.Equals(DiskOf(other), disk, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}
