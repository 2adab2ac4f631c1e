using LogWarden.Collect;
using LogWarden.Parse;

namespace LogWarden.Detect.Baselines;

/// <summary>
/// What the baselines know about one source (a file, a journal unit, a container stream): its templates,
/// its volume and error counts, how long it is normally quiet, how well it decodes, its security lines,
/// and its own clock.
/// </summary>
/// <remarks>
/// Each source keeps its own log time: a source that replays history (rotated files at first start) or
/// lags behind others must not have its minutes closed by the others' watermark. Between its lines, its
/// clock runs on with the engine's (<see cref="VirtualNow"/>), so a source that stopped is seen to be
/// silent while one that is still catching up is not.
/// </remarks>
internal sealed class SourceBaseline
{
    public SourceBaseline(string key, StreamLabels? labels, SpikeRule volumeRule, SpikeRule errorRule, SurgeRule surgeRule, SpikeRule visitorRule)
    {
        Key = key;
        Visitors = new VisitorArrivals(visitorRule);
        Volume = new CountBaseline(volumeRule);
        Traffic = new CountBaseline(volumeRule) { Shape = new TrafficShape(surgeRule) };
        Errors = new CountBaseline(errorRule);
        _counts = [Volume, Traffic, Visitors.Counts, Errors];
        foreach (CountBaseline counts in _counts)
        {
            counts.Rate.EnableSlots();
        }
        SetLabels(labels);
    }

    public string Key { get; }

    /// <summary>What findings call the source: its path, unit or container, else its label key.</summary>
    public string Name { get; private set; } = "";

    public string? Unit { get; private set; }

    public string? Container { get; private set; }

    public string? LabelHost { get; private set; }

    /// <summary>Host named by its latest line that named one (a reference, not a copy).</summary>
    public string? LineHost;

    public string? Host => LineHost ?? LabelHost;

    public Dictionary<int, TemplateBaseline> Templates { get; } = [];

    /// <summary>Its templates that are one message the miner kept apart, by <see cref="TemplateFamily.KeyOf"/>.</summary>
    public Dictionary<ulong, TemplateFamily> Families { get; } = [];

    /// <summary>Templates evicted here: a template not in <see cref="Templates"/> may have been seen before.</summary>
    public bool Trimmed;

    /// <summary>Every line: the source's rhythm, for silences (never judged for spikes itself).</summary>
    public readonly CountBaseline Volume;

    /// <summary>
    /// Its traffic: lines that are neither security events nor of error or warning templates (the
    /// scenarios and the error counts judge those), so a brute force or a port scan is not a surge.
    /// </summary>
    public readonly CountBaseline Traffic;

    /// <summary>Lines of error or warning level (hostile security lines excluded: the scenarios count those).</summary>
    public readonly CountBaseline Errors;

    /// <summary>Clients arriving (traffic lines that start with an address): a surge of people shows here first.</summary>
    public readonly VisitorArrivals Visitors;

    /// <summary>The source's own per-minute counts (volume, traffic, arrivals, errors): they move with the log clock together.</summary>
    private readonly CountBaseline[] _counts;

    /// <summary>Every count's window starts again at <paramref name="minute"/> (a new source, a restore, a gap).</summary>
    public void ResyncCounts(long minute)
    {
        foreach (CountBaseline counts in _counts)
        {
            counts.Resync(minute);
        }
    }

    /// <summary>Every count's window moves on to <paramref name="minute"/>.</summary>
    public void RollCounts(long minute)
    {
        foreach (CountBaseline counts in _counts)
        {
            counts.Roll(minute);
        }
    }

    /// <summary>Every count learns the hour that closed, in its hour-of-week <paramref name="slot"/>.</summary>
    public void CloseCountHours(int slot)
    {
        foreach (CountBaseline counts in _counts)
        {
            counts.CloseHour(slot);
        }
    }

    public readonly GapProfile Gaps = new();

    public readonly DecodingHealth Decoding = new();

    public readonly NoveltyEpisode Novelty = new();

    public List<TemplateBaseline> Periodic { get; } = [];

    public List<SecuritySignature> Signatures { get; } = [];

    public long FirstSeen;

    /// <summary>When learning ends (ticks); nothing is judged before.</summary>
    public long LearnedAt;

    public bool Learned;

    /// <summary>The source's clock: its latest line (ticks).</summary>
    public long ClockBase;

    /// <summary>The engine's time when that line came.</summary>
    public long EngineBase;

    /// <summary>Time of the previous line, for gaps; 0 after a gap in the data.</summary>
    public long LastLine;

    /// <summary>The latest raw line (when short enough to keep by reference), for evidence.</summary>
    public string? LastRaw;

    /// <summary>The current hour index of the source's clock.</summary>
    public long Hour
    {
        get;
        set
        {
            field = value;
            HourSlot = LogClock.HourOfWeek(value);
            HourDay = GapProfile.DayStamp(value);
        }
    }

    /// <summary><see cref="Hour"/>'s hour of the week and day stamp, for the per-line gap count.</summary>
    public int HourSlot { get; private set; }

    public int HourDay { get; private set; }

    /// <summary>Since when the counts run without a gap in the data (ticks).</summary>
    public long ContinuousSince;

    /// <summary>The last minute whose closing was judged (drops, blind spots).</summary>
    public long SweptMinute;

    /// <summary>Silence state: when it was last raised, 0 when the source is not silent.</summary>
    public long SilenceRaised;

    public bool SilenceWarned;

    /// <summary>
    /// When (ticks) the source was last found silent past a warning's bar, raised or not; not reset by its lines:
    /// a source that thinned out (a drop) shows one long gap after another, and they are one event with the drop.
    /// </summary>
    public long SilenceWarnedAt;

    /// <summary>Whether the current drop of the source's traffic followed a silence warning (the silence was its alert).</summary>
    public bool VolumeDropAfterSilence;

    /// <summary>The latest traffic lines (references to the records, no copies): who a surge comes from.</summary>
    public readonly LogRecord?[] RecentTraffic = new LogRecord?[RecentTrafficLines];

    /// <summary>Hostile security lines per minute (failures, probes): traffic that comes with an attack is the attack's.</summary>
    public MinuteWindow Hostile;

    public int RecentTrafficNext;

    public const int RecentTrafficLines = 64;

    /// <summary>Until when (minute) a surge is the aftermath of one actor's flood or an attack found in the traffic.</summary>
    public long SurgeActorUntil;

    /// <summary>The minute a surge of the traffic was last judged for breadth (once a minute, not on every line).</summary>
    public long SurgeJudgedMinute = -1;

    /// <summary>
    /// A periodic job of the source found missing that has not come back to its rhythm since, when (ticks) and
    /// its period (seconds): it explains a silence. Another job writing the same template does not bring it back.
    /// </summary>
    public TemplateBaseline? MissingJob;

    public long MissingJobSince;

    public double MissingJobPeriod;

    /// <summary>Whether the missing job's finding was an alert (a Warning): only then is it the alert of the source's silence.</summary>
    public bool MissingJobWarned;

    /// <summary>
    /// The finding raised for the missing job (its key, when last raised, and the runs it counted): further
    /// missed runs, and the job's other templates (its "started" and "finished" lines), update that one finding
    /// until the job runs again, when it is resolved.
    /// </summary>
    public string? MissingJobKey;

    public long MissingJobRaised;

    public int MissingJobRuns;

    public long VolumeDropRaised;

    public long VolumeDropSince;

    public bool VolumeDropWarned;

    public long Lines;

    /// <summary>Whether the state came from disk and the source has not written since.</summary>
    public bool Restored;

    public long LastActivity => Math.Max(ClockBase, LastLine);

    /// <summary>The source's clock now: its latest line plus the engine time since.</summary>
    public long VirtualNow(long engineNow) => ClockBase + Math.Max(0, engineNow - EngineBase);

    /// <summary>Names saved with the state, until the source's labels come with its next line.</summary>
    public void RestoreNames(string? name, string? unit, string? container, string? host)
    {
        Name = name ?? Key;
        Unit = unit;
        Container = container;
        LabelHost = host;
    }

    public void SetLabels(StreamLabels? labels)
    {
        if (labels is null)
        {
            Name = Key;
            return;
        }
        Unit = labels["unit"];
        Container = labels["container"];
        LabelHost = labels["host"];
        Name = labels["path"] ?? Unit ?? Container ?? labels["filename"] ?? Key;
    }
}
