using System.Buffers;
using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Detect.Baselines;

/// <summary>What kind of line a template is, for how loud its findings may be.</summary>
[Flags]
internal enum TemplateTraits : byte
{
    None = 0,

    /// <summary>Error level or worse, or words of failure ("failed", "fatal", "denied", "timed out"…) in a line logged without a level or at notice or above.</summary>
    Severe = 1,

    /// <summary>Warning level.</summary>
    Warn = 2,

    /// <summary>Its lines are security events (the scenarios judge those; baselines never alert on them).</summary>
    Security = 4,

    /// <summary>Its lines are hostile security events (failures, probes): excluded from error bursts.</summary>
    Hostile = 8,
}

/// <summary>
/// What one source has learned about one template: its counts (window, hourly profile, peak), its
/// rhythm if it is periodic, and the state of its findings. Created on the template's first line on
/// the source (the rare path); every later line only increments and compares.
/// </summary>
internal sealed class TemplateBaseline
{
    private static readonly SearchValues<string> FailureWords = SearchValues.Create(
        [
            "fail", "error", "fatal", "panic", "denied", "refused", "cannot", "can't", "unable", "exception",
            "timed out", "timeout", "segfault", "killed", "corrupt", "abort", "critical", "unreachable",
            "no space", "out of memory", "traceback", "crash",
        ],
        StringComparison.OrdinalIgnoreCase);

    public TemplateBaseline(int id, SpikeRule rule)
    {
        Id = id;
        Counts = new CountBaseline(rule);
    }

    public int Id { get; set; }

    /// <summary>The miner's template (null after a restart until its next line, unless the miner was given).</summary>
    public LogTemplate? Template;

    /// <summary>Text kept for titles when the template object is not at hand (periodic and security templates after a restart).</summary>
    public string? SavedText;

    public readonly CountBaseline Counts;

    public PeriodLearner Period;

    /// <summary>The latest lines' times of an error or warning template (null for others): spikes within a minute.</summary>
    public LineBurst? Burst;

    /// <summary>The latest lines' times of a normal template while its rate runs hot (null otherwise): a spike that holds, within a minute.</summary>
    public RateHold? Hold;

    public long Count;

    public long FirstSeen;

    public long LastSeen;

    /// <summary>The most severe level seen (Unknown when none).</summary>
    public Severity Level;

    public TemplateTraits Traits;

    /// <summary>The program of its latest line (a reference to the record's string, not a copy).</summary>
    public string? Program;

    /// <summary>When the template was new on its source (after learning), else 0: the novelty hour.</summary>
    public long NewSince;

    /// <summary>Novelty state: raised as a new error template, escalated to a warning, last raised.</summary>
    public bool NewRaised;

    public bool NewEscalated;

    /// <summary>A Warning from its first line: its source rarely shows a new error template (<see cref="BaselineOptions.NewErrorUnusualPerDay"/>).</summary>
    public bool NewUnusual;

    /// <summary>Whether a bursting new error template was compared with the source's known templates, and the near-identical one found.</summary>
    public bool NewLookalikeChecked;

    public TemplateBaseline? NewLookalike;

    public long NewLastRaised;

    /// <summary>The templates of its source it is one message with (<see cref="TemplateFamily"/>), or null.</summary>
    public TemplateFamily? Family;

    /// <summary>Whether its family was looked for (on its first line with its template at hand).</summary>
    public bool FamilyKnown;

    /// <summary>The entities of the current spike episode (fixed at its first raise, so re-raises keep one key).</summary>
    public Dictionary<string, string>? SpikeEntities;

    /// <summary>When a drop was last raised and when it began (ticks), 0 when not dropping.</summary>
    public long DropRaised;

    public long DropSince;

    /// <summary>Whether it is in its source's list of periodic templates.</summary>
    public bool Listed;

    /// <summary>A raw line for evidence (kept for periodic templates, whose findings come when no line does).</summary>
    public string? Sample;

    public bool IsSevere => (Traits & TemplateTraits.Severe) != 0;

    /// <summary>
    /// An error or warning template that is not a security line: its spikes may be warnings. When its lines
    /// carry levels, most of them must be errors or warnings: an access log's one GET template has its 404s
    /// at warning level, but it is the site's traffic.
    /// </summary>
    public bool IsErrorLike => (Traits & (TemplateTraits.Severe | TemplateTraits.Warn)) != 0 && (Traits & TemplateTraits.Security) == 0
        && 2 * ErrorLevelled >= Levelled;

    /// <summary>
    /// A failure that repeats, not a job: most of its levelled lines are errors or warnings or, when its lines carry
    /// no level, words of failure in a template first seen after the source's learning (<paramref name="learnedAt"/>),
    /// an outage's retry loop. Such a template stopping is a recovery. Words alone do not make a learned template
    /// one: a cron line's command may say "timeout" or "errors".
    /// </summary>
    public bool IsRecurringFailure(long learnedAt) => Levelled > 0
        ? 2 * ErrorLevelled >= Levelled && ErrorLevelled > 0
        : IsSevere && FirstSeen >= learnedAt;

    /// <summary>Lines that carried a level, and of those the error and warning ones.</summary>
    public long Levelled;

    public long ErrorLevelled;

    public string Text => Template?.Text ?? SavedText ?? $"template {Id}";

    /// <summary>Notes the level of a line; true when it made the template more severe.</summary>
    public bool NoteLevel(Severity level)
    {
        if (level == Severity.Unknown || (Level != Severity.Unknown && level >= Level))
        {
            return false;
        }
        Level = level;
        TemplateTraits before = Traits;
        if (level <= Severity.Error)
        {
            Traits |= TemplateTraits.Severe;
        }
        else if (level == Severity.Warning)
        {
            Traits |= TemplateTraits.Warn;
        }
        return Traits != before;
    }

    /// <summary>Classifies a new template from its text and its first line's level (rare path).</summary>
    public void Classify(LogTemplate template, Severity lineLevel)
    {
        Template = template;
        NoteLevel(template.Level);
        NoteLevel(lineLevel);
        // Words of failure make a line without a level severe; a line its writer logged at info or debug
        // ("queue stats … failed=0", "0 errors", "oom risk low") is what its writer says it is.
        if (lineLevel < Severity.Info && template.Text.AsSpan().ContainsAny(FailureWords))
        {
            Traits |= TemplateTraits.Severe;
        }
    }

    /// <summary>Takes over what a template the miner merged into this one had learned.</summary>
    public void Absorb(TemplateBaseline other)
    {
        Count += other.Count;
        FirstSeen = Math.Min(FirstSeen, other.FirstSeen);
        LastSeen = Math.Max(LastSeen, other.LastSeen);
        Traits |= other.Traits;
        if (other.Level != Severity.Unknown)
        {
            NoteLevel(other.Level);
        }
        Counts.Rate.Absorb(other.Counts.Rate);
        Counts.HourCount += other.Counts.HourCount;
        if (other.Counts.Peak > Counts.Peak)
        {
            Counts.Peak = other.Counts.Peak;
            Counts.PeakMinute = other.Counts.PeakMinute;
        }
        Period = default; // two rhythms in one template are no rhythm until learned again
        if (IsErrorLike)
        {
            Burst ??= other.Burst ?? new LineBurst();
        }
    }
}
