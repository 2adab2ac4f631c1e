using LogWarden.Collect;
using LogWarden.Mine;
using LogWarden.Parse;

namespace LogWarden.Detect.Baselines;

/// <summary>
/// The learned baselines: per source and per template, what normal looks like, and findings when it
/// changes — new and rare templates, spikes and drops against an hour-of-week rhythm, periodic jobs that
/// stop, sources that go silent, volume shifts, error bursts, and blind spots (a source that stops
/// decoding; security lines that change their wording). Learning never stops and survives restarts.
/// </summary>
/// <remarks>
/// <para>The hot path (<see cref="Observe"/>) does two dictionary lookups (the source, usually served by a
/// one-entry cache of the labels object, and the template id), increments a few counters and compares
/// them with thresholds computed once per minute. Everything that costs — thresholds, hour profiles,
/// drops, silences, missed runs, blind spots — runs when a minute or hour closes, in
/// <see cref="Advance"/>, or when a finding is raised.</para>
/// <para>Severities follow the precision rule: Info unless the evidence is strong. Warnings are a
/// never-seen error template bursting, a huge spike of an error template or of a source's errors, a
/// steady periodic job that missed its run, an always-busy source gone silent, a source whose lines
/// stopped decoding, and security lines replaced by similar lines nothing recognises. Lines that are
/// security events never make a baseline warning: the scenarios judge those.</para>
/// </remarks>
internal sealed partial class BaselineDetector : ILogDetector, IPersistentDetector, IBoundedDetector
{
    public const string DetectorName = "baseline";

    /// <summary>An engine jump longer than this is a gap in the data (a replay's hole, a suspended machine), not a silence.</summary>
    private static readonly long DataGapTicks = TimeSpan.FromMinutes(5).Ticks;

    /// <summary>Minutes over which a source's hostile lines are counted, as its traffic window.</summary>
    private const int HostileWindowMinutes = 5;

    /// <summary>A source clock jump longer than this restarts its windows without counting the hours between as empty.</summary>
    private const long GapMinutes = 60;

    private readonly BaselineOptions _options;
    private readonly TemplateMiner? _miner;
    private readonly SpikeRule _templateRule;
    private readonly SpikeRule _errorTemplateRule;
    private readonly SpikeRule _volumeRule;
    private readonly SpikeRule _errorRule;
    private readonly SurgeRule _surgeRule;
    private readonly SpikeRule _visitorRule;
    private readonly Dictionary<string, SourceBaseline> _sources = new(StringComparer.Ordinal);

    /// <summary>
    /// Sources by labels object: collectors reuse one labels object per stream, so a reference lookup
    /// (no hashing of the key text) serves nearly every line. Cleared when it outgrows the sources.
    /// </summary>
    private readonly Dictionary<StreamLabels, SourceBaseline> _byLabels = new(ReferenceEqualityComparer.Instance);
    private readonly long _repeatTicks;
    private readonly long _absenceRepeatTicks;
    private readonly long _minRateHistoryTicks;

    private StreamLabels? _lastLabels;
    private SourceBaseline? _lastSource;
    private long _now;
    private long _firstLine;
    private long _lastAdvance;
    private int _templateCount;
    private int _profileCount;
    private long _evicted;

    /// <param name="options">Settings (defaults when null).</param>
    /// <param name="miner">The miner whose ids the detector sees, to resolve templates restored from state and merged ones; optional.</param>
    public BaselineDetector(BaselineOptions? options = null, TemplateMiner? miner = null)
    {
        _options = options ?? new BaselineOptions();
        _options.Validate();
        _miner = miner;
        _templateRule = _options.TemplateRule;
        _errorTemplateRule = _options.ErrorTemplateRule;
        _volumeRule = _options.VolumeRule;
        _errorRule = _options.ErrorRule;
        _surgeRule = _options.SurgeRule;
        _visitorRule = _options.VisitorRule;
        _repeatTicks = _options.RepeatInterval.Ticks;
        _absenceRepeatTicks = _options.AbsenceRepeatInterval.Ticks;
        _minRateHistoryTicks = _options.MinRateHistory.Ticks;
    }

    public string Name => DetectorName;

    public BaselineOptions Options => _options;

    /// <summary>Sources and templates kept.</summary>
    public long Tracked => _sources.Count + _templateCount;

    /// <summary>Sources and templates evicted to stay under the caps.</summary>
    public long Evicted => _evicted;

    public int SourceCount => _sources.Count;

    public int TemplateCount => _templateCount;

    public void Observe(LogObservation line, IFindingSink sink)
    {
        long ticks = line.Time.UtcTicks;
        if (ticks > _now)
        {
            _now = ticks;
        }
        if (_firstLine == 0)
        {
            _firstLine = ticks;
        }
        SourceBaseline source = SourceFor(line.Labels, ticks);
        long minute = LogClock.Minute(ticks);
        if (minute > source.Volume.Minute)
        {
            RollSource(source, ticks);
        }
        else if (minute < source.Volume.Minute - GapMinutes)
        {
            Rewind(source, ticks);
        }
        LogRecord record = line.Record;
        NoteLine(source, record, ticks);

        LogTemplate template = line.Template;
        if (!source.Templates.TryGetValue(template.Id, out TemplateBaseline? stats))
        {
            stats = AddTemplate(source, line, ticks, minute, sink);
        }
        else
        {
            if (!ReferenceEquals(stats.Template, template))
            {
                stats.Template = template;
            }
            if (stats.Count <= _options.RareMaxCount && source.Learned)
            {
                CheckRare(source, stats, line, ticks, sink);
            }
        }
        if (line.Security is { } security)
        {
            NoteSecurity(source, stats, security, record, ticks);
            if (security.Hostile)
            {
                source.Hostile.Roll(minute, HostileWindowMinutes);
                source.Hostile.Add();
            }
        }

        bool overThreshold = stats.Counts.Add(minute);
        if (!stats.FamilyKnown)
        {
            JoinFamily(source, stats, ticks, minute);
        }
        bool familyOver = stats.Family is { } family && family.Counts.Add(minute) && family.Members.Count >= 2;
        RateHold? familyHeld = stats.Family is not { Members.Count: >= 2 } f || f.Counts.EpisodeWarned ? null
            : HeldSpike(source, f.Counts, ref f.Hold, ticks, minute, f.FirstSeen, lines: 0);
        stats.Count++;
        if (ticks > stats.LastSeen)
        {
            stats.LastSeen = ticks;
        }
        stats.Program = record.Program;
        if (record.Level != Severity.Unknown && (stats.Level == Severity.Unknown || record.Level < stats.Level) && stats.NoteLevel(record.Level))
        {
            UpdateRule(stats, minute);
            OnTemplateTurnedSevere(source, stats, line, ticks, sink);
        }
        bool wasMissing = stats.Period.MissedRaised;
        if (stats.Period.Observe(ticks))
        {
            OnRun(source, stats, record);
            if (wasMissing)
            {
                OnJobBack(source, stats, ticks, sink);
            }
        }
        bool errorLike = stats.IsErrorLike;
        bool burst = errorLike && stats.Burst is { } lines && lines.Observe(ticks, minute, stats, source.Traffic, learn: stats.Counts.EpisodeStart < 0);
        // A template of a family whose spike was raised is told by the family's finding.
        RateHold? held = errorLike || (stats.Traits & TemplateTraits.Security) != 0 || stats.Counts.EpisodeWarned || stats.Family is { Counts.EpisodeWarned: true } ? null
            : HeldSpike(source, stats.Counts, ref stats.Hold, ticks, minute, stats.FirstSeen, stats.Count);
        if (overThreshold || burst || held is not null)
        {
            OnTemplateSpike(source, stats, line, ticks, minute, burst, held, sink);
        }
        if (familyOver || familyHeld is not null)
        {
            OnFamilySpike(source, stats.Family!, line, ticks, minute, familyHeld, sink);
        }
        if (stats.NewSince != 0)
        {
            OnNewTemplateLine(source, stats, line, ticks, sink);
        }

        source.Volume.Add(minute);
        bool errorLine = IsErrorLine(record.Level, stats);
        if (record.Level != Severity.Unknown)
        {
            stats.Levelled++;
            stats.ErrorLevelled += errorLine ? 1 : 0;
        }
        if (line.Security is null && !errorLine)
        {
            source.RecentTraffic[source.RecentTrafficNext] = record;
            source.RecentTrafficNext = (source.RecentTrafficNext + 1) & (SourceBaseline.RecentTrafficLines - 1);
            if (source.Traffic.Add(minute))
            {
                OnTrafficSpike(source, line, ticks, minute, sink);
            }
            if (source.Visitors.Observe(record, ticks, minute, line.Request.Client.Span))
            {
                OnVisitorSurge(source, line, ticks, minute, sink);
            }
        }
        if (errorLine && (stats.Traits & TemplateTraits.Hostile) == 0 && source.Errors.Add(minute))
        {
            OnErrorBurst(source, line, ticks, minute, sink);
        }
        if (source.Decoding.Count(record))
        {
            JudgeDecoding(source, ticks, sink);
        }
    }

    /// <summary>
    /// Whether a line counts as an error or warning of its source: by its own level when it has a clear one
    /// (an access line's 404 is a warning, the 200 of the same template is not), else — no level, or notice,
    /// which systemd gives "Main process exited … FAILURE" — by its template.
    /// </summary>
    private static bool IsErrorLine(Severity level, TemplateBaseline template) => level switch
    {
        Severity.Unknown or Severity.Notice => (template.Traits & (TemplateTraits.Severe | TemplateTraits.Warn)) != 0,
        <= Severity.Warning => true,
        _ => false,
    };

    public void Advance(DateTimeOffset now, IFindingSink sink)
    {
        long ticks = now.UtcTicks;
        if (ticks <= _lastAdvance)
        {
            return;
        }
        long jump = _lastAdvance == 0 ? 0 : ticks - _lastAdvance;
        _lastAdvance = ticks;
        if (ticks > _now)
        {
            _now = ticks;
        }
        foreach (SourceBaseline source in _sources.Values)
        {
            if (source.EngineBase == 0 || jump > DataGapTicks)
            {
                // Restored from disk, or a hole in the data: the source's clock does not run over it.
                source.EngineBase = source.EngineBase == 0 ? ticks : source.EngineBase + jump;
            }
            long sourceNow = source.VirtualNow(ticks);
            if (LogClock.Minute(sourceNow) > source.Volume.Minute)
            {
                RollSource(source, sourceNow);
            }
            if (!source.Learned)
            {
                continue;
            }
            if (source.Volume.Minute > source.SweptMinute)
            {
                source.SweptMinute = source.Volume.Minute;
                SweepMinute(source, sourceNow, sink);
            }
            CheckSilence(source, sourceNow, sink);
            CheckPeriodic(source, sourceNow, sink);
            CheckNovelty(source, sourceNow, sink);
        }
    }

    private SourceBaseline SourceFor(StreamLabels labels, long ticks)
    {
        if (ReferenceEquals(labels, _lastLabels))
        {
            return _lastSource!;
        }
        if (!_byLabels.TryGetValue(labels, out SourceBaseline? source))
        {
            if (!_sources.TryGetValue(labels.Key, out source))
            {
                source = AddSource(labels.Key, labels, ticks);
            }
            else if (source.Restored)
            {
                source.SetLabels(labels);
            }
            if (_byLabels.Count >= 4 * _options.MaxSources)
            {
                _byLabels.Clear();
            }
            _byLabels[labels] = source;
        }
        _lastLabels = labels;
        _lastSource = source;
        return source;
    }

    private SourceBaseline AddSource(string key, StreamLabels? labels, long ticks)
    {
        if (_sources.Count >= _options.MaxSources)
        {
            EvictSource();
        }
        var source = new SourceBaseline(key, labels, _volumeRule, _errorRule, _surgeRule, _visitorRule)
        {
            FirstSeen = ticks,
            LearnedAt = _options.LearnUntil?.UtcTicks ?? ((_options.LearnFromFirstLine ? _firstLine : ticks) + _options.LearningPeriod.Ticks),
            ClockBase = ticks,
            EngineBase = _now,
            Hour = LogClock.Hour(ticks),
            ContinuousSince = ticks,
        };
        long minute = LogClock.Minute(ticks);
        source.ResyncCounts(minute);
        source.SweptMinute = minute;
        source.Learned = ticks >= source.LearnedAt; // a source first seen after a global learning end is judged at once
        _sources.Add(key, source);
        return source;
    }

    private void NoteLine(SourceBaseline source, LogRecord record, long ticks)
    {
        long previous = source.LastLine;
        if (previous != 0 && ticks > previous)
        {
            source.Gaps.Note(source.HourSlot, source.HourDay, (float)((ticks - previous) / (double)LogClock.TicksPerSecond));
        }
        if (ticks > previous)
        {
            source.LastLine = ticks;
        }
        if (ticks > source.ClockBase)
        {
            source.ClockBase = ticks;
        }
        source.EngineBase = _now;
        source.Lines++;
        if (record.Host is { } host)
        {
            source.LineHost = host;
        }
        if (record.Raw.Length <= Evidence.MaxSampleLength)
        {
            source.LastRaw = record.Raw;
        }
        if (source.SilenceRaised != 0)
        {
            source.SilenceRaised = 0;
            source.SilenceWarned = false;
        }
        if (source.Restored)
        {
            source.Restored = false;
        }
    }

    /// <summary>Moves a source's clock to <paramref name="ticks"/>: closes hours (learning them) and minutes; restarts after a gap.</summary>
    private void RollSource(SourceBaseline source, long ticks)
    {
        long minute = LogClock.Minute(ticks);
        long hour = LogClock.Hour(ticks);
        if (minute - source.Volume.Minute > GapMinutes)
        {
            Resync(source, minute, hour, ticks);
        }
        else
        {
            while (source.Hour < hour)
            {
                CloseHour(source, source.Hour, minute);
                source.Hour++;
            }
        }
        if (!source.Learned && ticks >= source.LearnedAt)
        {
            source.Learned = true;
            UpdateJudgement(source, minute, ticks);
        }
        source.RollCounts(minute);
    }

    private void CloseHour(SourceBaseline source, long hour, long minute)
    {
        int slot = LogClock.HourOfWeek(hour);
        if (source.Volume.HourCount == 0)
        {
            source.Gaps.NoteQuietHour(hour);
        }
        source.CloseCountHours(slot);
        long now = minute * LogClock.TicksPerMinute;
        bool merged = false;
        foreach (TemplateBaseline template in source.Templates.Values)
        {
            template.Counts.CloseHour(slot);
            template.Burst?.CloseHour();
            if (template.Hold is { } hold && hold.Stale(now, template.Counts))
            {
                ReturnHold(ref template.Hold);
            }
            merged |= template.Template is { MergedInto: not 0 };
            if (!template.Counts.Rate.HasSlots && template.Counts.Rate.MeanPerHour >= _options.ProfileMinPerHour && _profileCount < _options.MaxProfiles)
            {
                template.Counts.Rate.EnableSlots();
                _profileCount++;
            }
        }
        foreach (TemplateFamily family in source.Families.Values)
        {
            family.Counts.CloseHour(slot);
            if (family.Hold is { } hold && hold.Stale(now, family.Counts))
            {
                ReturnHold(ref family.Hold);
            }
        }
        if (merged)
        {
            FoldMerged(source);
        }
        UpdateJudgement(source, minute, (hour + 1) * LogClock.TicksPerHour);
    }

    /// <summary>Whether each count of the source may be judged now (learning done, enough history), with fresh thresholds.</summary>
    private void UpdateJudgement(SourceBaseline source, long minute, long ticks)
    {
        bool learned = source.Learned;
        int minHours = (int)Math.Min(int.MaxValue, _minRateHistoryTicks / LogClock.TicksPerHour);
        SetJudged(source.Traffic, learned && source.Traffic.Rate.Hours >= minHours, minute);
        SetJudged(source.Visitors.Counts, learned && source.Visitors.Looking && source.Visitors.Counts.Rate.Hours >= minHours, minute);
        SetJudged(source.Errors, learned && source.Errors.Rate.Hours >= minHours, minute);
        foreach (TemplateBaseline template in source.Templates.Values)
        {
            SetJudged(template.Counts, learned && ticks - template.FirstSeen >= _minRateHistoryTicks, minute);
        }
        foreach (TemplateFamily family in source.Families.Values)
        {
            SetJudged(family.Counts, learned && ticks - family.FirstSeen >= _minRateHistoryTicks, minute);
        }
    }

    private static void SetJudged(CountBaseline counts, bool judged, long minute)
    {
        if (counts.Judged != judged)
        {
            counts.Judged = judged;
            counts.UpdateThreshold(Math.Max(minute, counts.Minute));
        }
    }

    /// <summary>After a gap in the source's data: the hours in between are not learned as empty; windows restart.</summary>
    private static void Resync(SourceBaseline source, long minute, long hour, long ticks)
    {
        source.Hour = hour;
        source.LastLine = 0;
        source.ContinuousSince = ticks;
        source.ResyncCounts(minute);
        foreach (TemplateBaseline template in source.Templates.Values)
        {
            template.Counts.Resync(minute);
            template.Hold = null; // a rare path: the ring goes to the collector
        }
        foreach (TemplateFamily family in source.Families.Values)
        {
            family.Counts.Resync(minute);
            family.Hold = null;
        }
    }

    /// <summary>
    /// The source's time went back by more than an hour (a file that is several logs concatenated, a clock
    /// set back): its clock follows, windows restart, and rhythms are learned again from there.
    /// </summary>
    private static void Rewind(SourceBaseline source, long ticks)
    {
        Resync(source, LogClock.Minute(ticks), LogClock.Hour(ticks), ticks);
        source.ClockBase = ticks;
        source.SweptMinute = LogClock.Minute(ticks);
        foreach (TemplateBaseline template in source.Templates.Values)
        {
            if (template.Period.LastLine > ticks)
            {
                template.Period.Forget();
                template.Period.LastLine = 0;
            }
        }
    }

    private TemplateBaseline AddTemplate(SourceBaseline source, LogObservation line, long ticks, long minute, IFindingSink sink)
    {
        LogTemplate template = line.Template;
        if (source.Learned && template.Count > 1 && FoldMerged(source) && source.Templates.TryGetValue(template.Id, out TemplateBaseline? folded))
        {
            folded.Template = template;
            return folded; // lines of a template the miner merged into this one: known, not new
        }
        if (_templateCount >= _options.MaxTemplates)
        {
            EvictTemplates();
        }
        var stats = new TemplateBaseline(template.Id, _templateRule) { FirstSeen = ticks, LastSeen = ticks };
        stats.Classify(template, line.Record.Level);
        if (line.Security is { } security)
        {
            stats.Traits |= security.Hostile ? TemplateTraits.Security | TemplateTraits.Hostile : TemplateTraits.Security;
        }
        stats.Counts.Rule = RuleFor(stats);
        stats.Burst = stats.IsErrorLike ? new LineBurst() : null;
        stats.Counts.Resync(minute);
        source.Templates.Add(template.Id, stats);
        _templateCount++;
        if (source.Learned && IsNewOnSource(source, template) && (stats.Traits & TemplateTraits.Security) == 0)
        {
            OnNewTemplate(source, stats, line, ticks, sink);
        }
        return stats;
    }

    /// <summary>
    /// Puts a template in its family (<see cref="TemplateFamily"/>), made on its first member; security lines have none (the
    /// scenarios judge them). Once per template, on its first line with its template at hand.
    /// </summary>
    private void JoinFamily(SourceBaseline source, TemplateBaseline stats, long ticks, long minute)
    {
        if (stats.Template is not { } template)
        {
            return;
        }
        stats.FamilyKnown = true;
        if ((stats.Traits & TemplateTraits.Security) != 0 || TemplateFamily.KeyOf(template.Text, out string prefix) is not { } key)
        {
            return;
        }
        if (!source.Families.TryGetValue(key, out TemplateFamily? family))
        {
            family = new TemplateFamily(key, source, _templateRule, ticks, prefix);
            family.Counts.Resync(minute);
            source.Families.Add(key, family);
        }
        family.Members.Add(stats);
        stats.Family = family;
    }

    /// <summary>Error and warning templates (not security lines) spike from fewer lines: a warning at 10× is news sooner than a request line.</summary>
    private SpikeRule RuleFor(TemplateBaseline template) =>
        template.IsErrorLike ? _errorTemplateRule : _templateRule;

    /// <summary>After a template's traits changed: the rule that now fits it, with a fresh threshold, and its line times if it is an error template now.</summary>
    private void UpdateRule(TemplateBaseline template, long minute)
    {
        template.Burst = template.IsErrorLike ? template.Burst ?? new LineBurst() : null;
        SpikeRule rule = RuleFor(template);
        if (!ReferenceEquals(rule, template.Counts.Rule))
        {
            template.Counts.Rule = rule;
            template.Counts.UpdateThreshold(Math.Max(minute, template.Counts.Minute));
        }
    }

    /// <summary>
    /// A template not kept for the source is new there, unless the source had templates evicted: then
    /// only a template the miner has just created counts as new (never seen anywhere).
    /// </summary>
    private static bool IsNewOnSource(SourceBaseline source, LogTemplate template) => !source.Trimmed || template.Count <= 1;

    /// <summary>
    /// Folds templates the miner has merged into others (their lines now come under the surviving id)
    /// into that template's baseline, or renames them. True when anything was folded.
    /// </summary>
    private bool FoldMerged(SourceBaseline source)
    {
        List<TemplateBaseline>? merged = null;
        foreach (TemplateBaseline template in source.Templates.Values)
        {
            if (template.Template is { MergedInto: not 0 })
            {
                (merged ??= []).Add(template);
            }
        }
        if (merged is null)
        {
            return false;
        }
        foreach (TemplateBaseline template in merged)
        {
            (int survivorId, LogTemplate? survivor) = Survivor(template.Template!);
            source.Templates.Remove(template.Id);
            source.Periodic.Remove(template);
            template.Listed = false;
            if (source.Templates.TryGetValue(survivorId, out TemplateBaseline? into))
            {
                into.Absorb(template);
                source.Novelty.Templates.Remove(template);
                foreach (SecuritySignature signature in source.Signatures)
                {
                    if (ReferenceEquals(signature.Template, template))
                    {
                        signature.Template = into;
                    }
                }
                DropTemplate(template);
            }
            else
            {
                template.Id = survivorId;
                template.Template = survivor; // null without the miner: re-attached by the survivor's next line
                template.Period = default;
                source.Templates.Add(survivorId, template);
            }
        }
        return true;
    }

    /// <summary>The template a merged one now lives in: resolved through the miner, else one step of <see cref="LogTemplate.MergedInto"/>.</summary>
    private (int Id, LogTemplate? Template) Survivor(LogTemplate merged)
    {
        if (_miner is not null)
        {
            LogTemplate survivor = _miner.Resolve(merged.Id);
            return (survivor.Id, survivor);
        }
        return (merged.MergedInto, null);
    }

    private void DropTemplate(TemplateBaseline template)
    {
        if (template.Family is { } family)
        {
            family.Members.Remove(template);
            if (family.Members.Count == 0)
            {
                family.Source.Families.Remove(family.Key);
            }
            template.Family = null;
        }
        _templateCount--;
        if (template.Counts.Rate.HasSlots)
        {
            _profileCount--;
        }
    }
}
