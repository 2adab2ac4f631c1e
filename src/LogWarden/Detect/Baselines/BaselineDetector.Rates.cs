namespace LogWarden.Detect.Baselines;

/// <summary>Spikes and drops of templates, volume shifts and error bursts of sources.</summary>
internal sealed partial class BaselineDetector
{
    private const int DropWindowMinutes = 15;

    /// <summary>
    /// A template's 5-minute count reached its threshold, or an error template's latest lines came closer
    /// together than its rate allows (<paramref name="burst"/>, <see cref="LineBurst"/>). Raised on that
    /// line, re-raised at most once a minute while it lasts. Info, or a Warning when an error or warning
    /// template (not a security line) bursts, or is at ten times what it ever normally is.
    /// </summary>
    private void OnTemplateSpike(SourceBaseline source, TemplateBaseline template, LogObservation line, long ticks, long minute, bool burst, IFindingSink sink)
    {
        CountBaseline counts = template.Counts;
        counts.LastOver = minute;
        bool strong = template.IsErrorLike && !counts.EpisodeWarned && (burst || IsStrong(counts, minute, _options.StrongMinCount));
        if (counts.EpisodeStart >= 0 && ticks - counts.LastRaised < _repeatTicks && !strong)
        {
            return;
        }
        if (counts.EpisodeStart < 0 && template.Template is not null && FoldMerged(source))
        {
            // The miner merged templates into this one: their lines now count here. Judge again next line.
            counts.UpdateThreshold(minute);
            return;
        }
        if (counts.EpisodeStart < 0)
        {
            template.Burst?.DiscardPending();
            template.SpikeEntities = BaselineFindings.Entities(source, template, line.Record.Program);
            if (BaselineFindings.UnitOf(line.Record.Message) is { } unit && source.Unit is null)
            {
                template.SpikeEntities[EntityNames.Unit] = unit;
            }
        }
        counts.StartEpisode(minute);
        counts.LastRaised = ticks;
        counts.EpisodeWarned |= strong;
        double expected = counts.ExpectedInWindow;
        int recent = counts.Recent;
        LineBurst? lines = burst ? template.Burst : null;
        string how = lines is null
            ? $"{recent} in {counts.Rule.WindowMinutes} min, expected {BaselineFindings.Number(expected)}"
            : $"{lines.FiredLines} lines in {LogClock.Describe(TimeSpan.FromTicks(lines.FiredSpan))}, usually {BaselineFindings.Number(lines.UsualPerHour)} an hour";
        sink.Raise(new Finding
        {
            Timestamp = LogClock.ToTime(Math.Max(ticks, _now)),
            Severity = counts.EpisodeWarned ? FindingSeverity.Warning : FindingSeverity.Info,
            Kind = BaselineKinds.TemplateSpike,
            Title = $"Spike of {BaselineFindings.Quote(template.Text)} on {BaselineFindings.Where(source)}: {how}",
            Entities = template.SpikeEntities ?? BaselineFindings.Entities(source, template, line.Record.Program),
            FirstSeen = LogClock.ToTime(counts.EpisodeStart * LogClock.TicksPerMinute),
            LastSeen = LogClock.ToTime(ticks),
            Count = Math.Max(recent, counts.EpisodeCount),
            Detector = Name,
            Evidence = new Evidence
            {
                Templates = [BaselineFindings.Evidence(template, Math.Max(recent, counts.EpisodeCount))],
                Samples = [BaselineFindings.Sample(line.Record.Raw)],
                Measurements = lines is null ? SpikeMeasurements(counts, minute) : BurstMeasurements(counts, lines, minute),
            },
        });
    }

    private static Dictionary<string, double> BurstMeasurements(CountBaseline counts, LineBurst lines, long minute) => BaselineFindings.Measurements(
        ("observed", counts.Recent),
        ("expected", counts.ExpectedInWindow),
        ("window_minutes", counts.Rule.WindowMinutes),
        ("burst_lines", lines.FiredLines),
        ("burst_seconds", lines.FiredSpan / (double)LogClock.TicksPerSecond),
        ("usual_per_hour", lines.UsualPerHour),
        ("peak", counts.DecayedPeak(minute)));

    /// <summary>
    /// Strong evidence: <see cref="BaselineOptions.StrongRatio"/> times the larger of the expected count and
    /// (for a bursty count) its learned peak, at least <paramref name="minCount"/> lines, and a Poisson tail
    /// under <see cref="BaselineOptions.StrongProbability"/>.
    /// </summary>
    private bool IsStrong(CountBaseline counts, long minute, int minCount)
    {
        double basis = Math.Max(1, counts.ExpectedInWindow);
        if (counts.IsBursty(minute))
        {
            basis = Math.Max(basis, counts.DecayedPeak(minute));
        }
        return counts.Recent >= Math.Max(minCount, _options.StrongRatio * basis)
            && Poisson.UpperTail(counts.Recent, counts.ExpectedInWindow) < _options.StrongProbability;
    }

    private static Dictionary<string, double> SpikeMeasurements(CountBaseline counts, long minute) => BaselineFindings.Measurements(
        ("observed", counts.Recent),
        ("expected", counts.ExpectedInWindow),
        ("threshold", counts.Threshold),
        ("peak", counts.DecayedPeak(minute)),
        ("window_minutes", counts.Rule.WindowMinutes),
        ("p_value", Poisson.UpperTail(counts.Recent, counts.ExpectedInWindow)));

    /// <summary>A source's 15-minute line count reached its threshold: a volume shift up (Info).</summary>
    private void OnVolumeSpike(SourceBaseline source, LogObservation line, long ticks, long minute, IFindingSink sink)
    {
        CountBaseline volume = source.Volume;
        volume.LastOver = minute;
        if (volume.EpisodeStart >= 0 && ticks - volume.LastRaised < _repeatTicks)
        {
            return;
        }
        volume.StartEpisode(minute);
        volume.LastRaised = ticks;
        double expected = volume.ExpectedInWindow;
        sink.Raise(new Finding
        {
            Timestamp = LogClock.ToTime(Math.Max(ticks, _now)),
            Severity = FindingSeverity.Info,
            Kind = BaselineKinds.VolumeShift,
            Title = $"Volume of {BaselineFindings.Where(source)} up {BaselineFindings.Number(volume.Recent / Math.Max(expected, 1))}×: {volume.Recent} lines in {volume.Rule.WindowMinutes} min, expected {BaselineFindings.Number(expected)}",
            Entities = BaselineFindings.Entities(source),
            FirstSeen = LogClock.ToTime(volume.EpisodeStart * LogClock.TicksPerMinute),
            LastSeen = LogClock.ToTime(ticks),
            Count = Math.Max(volume.Recent, volume.EpisodeCount),
            Detector = Name,
            Evidence = new Evidence
            {
                Templates = TopTemplates(source, minute, severeOnly: false),
                Samples = [BaselineFindings.Sample(line.Record.Raw)],
                Measurements = SpikeMeasurements(volume, minute),
            },
        });
    }

    /// <summary>
    /// A source's 5-minute count of error and warning lines reached its threshold: Info, or a Warning when
    /// huge and led by an error template. Names the leading template.
    /// </summary>
    private void OnErrorBurst(SourceBaseline source, LogObservation line, long ticks, long minute, IFindingSink sink)
    {
        CountBaseline errors = source.Errors;
        errors.LastOver = minute;
        bool repeatDue = errors.EpisodeStart < 0 || ticks - errors.LastRaised >= _repeatTicks;
        // Strong evidence may escalate before the minute is up (once: not re-judged on every line).
        bool strongNow = !errors.EpisodeWarned && !errors.EscalationDeclined && IsStrong(errors, minute, _options.ErrorBurstStrongMinCount);
        if (!repeatDue && !strongNow)
        {
            return;
        }
        List<TemplateEvidence> top = TopTemplates(source, minute, severeOnly: true);
        TemplateBaseline? leader = top.Count > 0 && source.Templates.TryGetValue(top[0].TemplateId, out TemplateBaseline? t) ? t : null;
        // Huge and led by an error template — unless that template's own finding is already the warning.
        bool huge = strongNow && leader is { IsSevere: true, NewEscalated: false, Counts.EpisodeWarned: false };
        if (!repeatDue && !huge)
        {
            errors.EscalationDeclined = true; // the leader's own finding carries the warning: not again this episode
            return;
        }
        errors.StartEpisode(minute);
        errors.LastRaised = ticks;
        errors.EpisodeWarned |= huge;
        double expected = errors.ExpectedInWindow;
        string lead = leader is null ? "" : $", mostly {BaselineFindings.Quote(leader.Text)}";
        sink.Raise(new Finding
        {
            Timestamp = LogClock.ToTime(Math.Max(ticks, _now)),
            Severity = errors.EpisodeWarned ? FindingSeverity.Warning : FindingSeverity.Info,
            Kind = BaselineKinds.ErrorBurst,
            Title = $"Burst of errors on {BaselineFindings.Where(source)}: {errors.Recent} error/warning lines in {errors.Rule.WindowMinutes} min, expected {BaselineFindings.Number(expected)}{lead}",
            Entities = BaselineFindings.Entities(source, leader),
            FirstSeen = LogClock.ToTime(errors.EpisodeStart * LogClock.TicksPerMinute),
            LastSeen = LogClock.ToTime(ticks),
            Count = Math.Max(errors.Recent, errors.EpisodeCount),
            Detector = Name,
            Evidence = new Evidence
            {
                Templates = top,
                Samples = [BaselineFindings.Sample(line.Record.Raw)],
                Measurements = SpikeMeasurements(errors, minute),
            },
        });
    }

    /// <summary>The templates with the most lines in their current window (error and warning ones only, if asked).</summary>
    private static List<TemplateEvidence> TopTemplates(SourceBaseline source, long minute, bool severeOnly)
    {
        var top = new List<(TemplateBaseline Template, int Recent)>();
        foreach (TemplateBaseline template in source.Templates.Values)
        {
            if (template.Counts.Minute < minute - 4 || template.Counts.Recent == 0)
            {
                continue;
            }
            if (severeOnly && ((template.Traits & (TemplateTraits.Severe | TemplateTraits.Warn)) == 0 || (template.Traits & TemplateTraits.Hostile) != 0))
            {
                continue;
            }
            top.Add((template, template.Counts.Recent));
        }
        top.Sort((a, b) => b.Recent.CompareTo(a.Recent));
        var evidence = new List<TemplateEvidence>(Math.Min(top.Count, 5));
        for (int i = 0; i < top.Count && i < 5; i++)
        {
            evidence.Add(BaselineFindings.Evidence(top[i].Template, top[i].Recent));
        }
        return evidence;
    }

    /// <summary>Once per closed minute of a learned source: drops of the source and of its busy templates, and blind spots.</summary>
    private void SweepMinute(SourceBaseline source, long sourceNow, IFindingSink sink)
    {
        CheckSignatures(source, sourceNow, sink);
        long minute = LogClock.Minute(sourceNow);
        if (sourceNow - source.ContinuousSince < (DropWindowMinutes + 1) * LogClock.TicksPerMinute)
        {
            return; // windows not full since the last gap in the data
        }
        bool sourceDropped = CheckVolumeDrop(source, sourceNow, minute, sink);
        if (sourceDropped || source.SilenceRaised != 0)
        {
            return; // the source as a whole is the finding
        }
        double probability = _options.Probability;
        foreach (TemplateBaseline template in source.Templates.Values)
        {
            CountBaseline counts = template.Counts;
            if (!counts.Judged || counts.Rate.MeanPerHour < _options.DropMinExpected || template.Template is null or { MergedInto: not 0 })
            {
                continue;
            }
            counts.Roll(minute);
            double expected = counts.Expected(minute, DropWindowMinutes, high: false);
            int observed = counts.ClosedSum(DropWindowMinutes);
            bool dropped = expected >= _options.DropMinExpected && observed <= _options.DropRatio * expected
                && Poisson.LowerTail(observed, expected) < probability;
            if (!dropped)
            {
                template.DropRaised = template.DropSince = 0;
                continue;
            }
            if (template.DropSince == 0)
            {
                template.DropSince = sourceNow;
            }
            if ((template.DropRaised != 0 && sourceNow - template.DropRaised < _absenceRepeatTicks) || sourceNow - template.DropSince > _options.AbsenceGiveUp.Ticks)
            {
                continue;
            }
            template.DropRaised = sourceNow;
            sink.Raise(new Finding
            {
                Timestamp = LogClock.ToTime(Math.Max(sourceNow, _now)),
                Severity = FindingSeverity.Info,
                Kind = BaselineKinds.TemplateDrop,
                Title = $"Drop of {BaselineFindings.Quote(template.Text)} on {BaselineFindings.Where(source)}: {observed} in {DropWindowMinutes} min, expected {BaselineFindings.Number(expected)}",
                Entities = BaselineFindings.Entities(source, template),
                FirstSeen = LogClock.ToTime((minute - DropWindowMinutes) * LogClock.TicksPerMinute),
                LastSeen = LogClock.ToTime(sourceNow),
                Count = Math.Max(1, observed),
                Detector = Name,
                Evidence = new Evidence
                {
                    Templates = [BaselineFindings.Evidence(template, observed)],
                    Measurements = BaselineFindings.Measurements(("observed", observed), ("expected", expected), ("window_minutes", DropWindowMinutes),
                        ("p_value", Poisson.LowerTail(observed, expected))),
                },
            });
        }
    }

    /// <summary>
    /// The source wrote far fewer lines in 15 minutes than expected (but not none: that is a silence).
    /// Info; a Warning at a fifth of 150 or more expected lines with a Poisson tail under 1e-9.
    /// </summary>
    private bool CheckVolumeDrop(SourceBaseline source, long sourceNow, long minute, IFindingSink sink)
    {
        CountBaseline volume = source.Volume;
        if (!volume.Judged)
        {
            return false;
        }
        double expected = volume.Expected(minute, DropWindowMinutes, high: false);
        int observed = volume.ClosedSum(DropWindowMinutes);
        bool dropped = expected >= _options.VolumeMinCount && observed <= expected / _options.VolumeRatio
            && Poisson.LowerTail(observed, expected) < _options.Probability;
        if (!dropped)
        {
            source.VolumeDropRaised = source.VolumeDropSince = 0;
            source.VolumeDropWarned = false;
            return false;
        }
        if (source.VolumeDropSince == 0)
        {
            source.VolumeDropSince = sourceNow;
        }
        bool strong = !source.VolumeDropWarned && expected >= _options.VolumeDropStrongMinExpected && observed <= _options.VolumeDropStrongShare * expected
            && Poisson.LowerTail(observed, expected) < _options.StrongProbability;
        if (observed == 0 || (source.VolumeDropRaised != 0 && sourceNow - source.VolumeDropRaised < _absenceRepeatTicks && !strong)
            || sourceNow - source.VolumeDropSince > _options.AbsenceGiveUp.Ticks)
        {
            return true;
        }
        source.VolumeDropRaised = sourceNow;
        source.VolumeDropWarned |= strong;
        sink.Raise(new Finding
        {
            Timestamp = LogClock.ToTime(Math.Max(sourceNow, _now)),
            Severity = source.VolumeDropWarned ? FindingSeverity.Warning : FindingSeverity.Info,
            Kind = BaselineKinds.VolumeShift,
            Title = $"Volume of {BaselineFindings.Where(source)} down to {observed} lines in {DropWindowMinutes} min, expected {BaselineFindings.Number(expected)}",
            Entities = BaselineFindings.Entities(source),
            FirstSeen = LogClock.ToTime((minute - DropWindowMinutes) * LogClock.TicksPerMinute),
            LastSeen = LogClock.ToTime(sourceNow),
            Count = observed,
            Detector = Name,
            Evidence = new Evidence
            {
                Samples = source.LastRaw is { } raw ? [raw] : [],
                Measurements = BaselineFindings.Measurements(("observed", observed), ("expected", expected), ("window_minutes", DropWindowMinutes),
                    ("p_value", Poisson.LowerTail(observed, expected))),
            },
        });
        return true;
    }
}
