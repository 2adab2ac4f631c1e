using System.Text.Json;
using LogWarden.Collect;
using LogWarden.Mine;

namespace LogWarden.Detect.Baselines;

/// <summary>Persistence and the caps that keep memory bounded.</summary>
internal sealed partial class BaselineDetector
{
    public byte[] SaveState()
    {
        var sources = new List<SourceBaselineState>(_sources.Count);
        foreach (SourceBaseline source in _sources.Values)
        {
            sources.Add(Save(source));
        }
        return JsonSerializer.SerializeToUtf8Bytes(new BaselineStateFile(BaselineStateFile.CurrentVersion, sources), BaselineStateJsonContext.Default.BaselineStateFile);
    }

    /// <summary>Restores saved learning; state that is missing, garbled or of another version starts learning afresh.</summary>
    public void LoadState(ReadOnlySpan<byte> state)
    {
        Clear();
        BaselineStateFile? file;
        try
        {
            file = state.IsEmpty ? null : JsonSerializer.Deserialize(state, BaselineStateJsonContext.Default.BaselineStateFile);
        }
        catch (JsonException)
        {
            return;
        }
        if (file is not { Version: BaselineStateFile.CurrentVersion, Sources: not null })
        {
            return;
        }
        try
        {
            foreach (SourceBaselineState saved in file.Sources)
            {
                if (saved?.Key is not null && !_sources.ContainsKey(saved.Key) && _sources.Count < _options.MaxSources)
                {
                    Restore(saved);
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException or IndexOutOfRangeException)
        {
            Clear(); // inconsistent state: learn again rather than judge on half of it
        }
    }

    private void Clear()
    {
        _sources.Clear();
        _byLabels.Clear();
        _lastLabels = null;
        _lastSource = null;
        _templateCount = 0;
        _profileCount = 0;
    }

    private SourceBaselineState Save(SourceBaseline source)
    {
        var templates = new List<TemplateBaselineState>(source.Templates.Count);
        foreach (TemplateBaseline t in source.Templates.Values)
        {
            bool periodic = IsPeriodic(t);
            bool keepText = periodic || (t.Traits & TemplateTraits.Security) != 0;
            PeriodState? period = t.Period.RunStart == 0 ? null : new PeriodState(
                t.Period.LastLine, t.Period.RunStart, t.Period.Period, t.Period.Streak, t.Period.Jitter, t.Period.Intervals, t.Period.OnPeriodShare, t.Period.HourMask, t.Period.DayMask, t.Period.MaxSkipped);
            templates.Add(new TemplateBaselineState(t.Id, t.Count, t.FirstSeen, t.LastSeen, t.Level, t.Traits, t.Program, t.Counts.Save(), period, keepText ? t.Text : null, t.Burst?.Save(), t.Levelled, t.ErrorLevelled));
        }
        var signatures = new List<SignatureState>(source.Signatures.Count);
        foreach (SecuritySignature s in source.Signatures)
        {
            signatures.Add(new SignatureState(s.Template.Id, s.Program, s.Kind, s.Count, s.FirstSeen, s.LastSeen, s.ActiveHours, s.LastHour, s.Raised, s.Sample));
        }
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["_name"] = source.Name };
        AddIfSet(labels, "unit", source.Unit);
        AddIfSet(labels, "container", source.Container);
        AddIfSet(labels, "host", source.LabelHost);
        return new SourceBaselineState(
            source.Key, labels, source.LineHost, source.FirstSeen, source.LearnedAt, source.Learned, source.ClockBase, source.Hour, source.Lines, source.Trimmed,
            source.Volume.Save(), source.Errors.Save(), source.Gaps.Save(), source.Decoding.Save(), templates, signatures, source.Traffic.Save(), source.Visitors.Counts.Save(),
            SaveFamilies(source));
    }

    /// <summary>The families of more than one template (a family of one is never judged): their members join again on their next lines.</summary>
    private static List<FamilyState>? SaveFamilies(SourceBaseline source)
    {
        List<FamilyState>? families = null;
        foreach (TemplateFamily family in source.Families.Values)
        {
            if (family.Members.Count >= 2)
            {
                (families ??= []).Add(new FamilyState(family.Key, family.FirstSeen, family.Prefix, family.Counts.Save()));
            }
        }
        return families;
    }

    private static void AddIfSet(Dictionary<string, string> labels, string name, string? value)
    {
        if (value is not null)
        {
            labels[name] = value;
        }
    }

    private void Restore(SourceBaselineState saved)
    {
        var source = new SourceBaseline(saved.Key, null, _volumeRule, _errorRule, _surgeRule, _visitorRule)
        {
            LineHost = saved.LineHost,
            FirstSeen = saved.FirstSeen,
            LearnedAt = saved.LearnedAt,
            Learned = saved.Learned,
            ClockBase = saved.ClockBase,
            Hour = saved.Hour,
            Lines = saved.Lines,
            Trimmed = saved.Trimmed,
            ContinuousSince = saved.ClockBase,
            Restored = true,
        };
        if (saved.Labels is { } labels)
        {
            source.RestoreNames(
                labels.GetValueOrDefault("_name"), labels.GetValueOrDefault("unit"), labels.GetValueOrDefault("container"), labels.GetValueOrDefault("host"));
        }
        long minute = LogClock.Minute(Math.Max(0, saved.ClockBase));
        source.Volume.Load(saved.Volume);
        source.Traffic.Load(saved.Traffic);
        source.Visitors.Counts.Load(saved.Visitors);
        source.Errors.Load(saved.Errors);
        source.ResyncCounts(minute);
        source.SweptMinute = minute;
        source.Gaps.Load(saved.Gaps);
        source.Decoding.Load(saved.Decoding);
        _sources.Add(source.Key, source);
        foreach (FamilyState f in saved.Families ?? [])
        {
            if (f is null || source.Families.ContainsKey(f.Key) || source.Families.Count >= _options.MaxTemplates)
            {
                continue;
            }
            var family = new TemplateFamily(f.Key, source, _templateRule, f.FirstSeen, f.Prefix ?? "");
            family.Counts.Load(f.Counts);
            family.Counts.Resync(minute);
            source.Families.Add(f.Key, family);
        }
        foreach (TemplateBaselineState t in saved.Templates ?? [])
        {
            if (t is null || _templateCount >= _options.MaxTemplates)
            {
                continue;
            }
            RestoreTemplate(source, t, minute);
        }
        foreach (SignatureState s in saved.Signatures ?? [])
        {
            if (s?.Kind is null || source.Signatures.Count >= _options.MaxSignaturesPerSource || !source.Templates.TryGetValue(s.TemplateId, out TemplateBaseline? template))
            {
                continue;
            }
            source.Signatures.Add(new SecuritySignature(template, s.Program, s.Kind, s.FirstSeen)
            {
                Count = s.Count,
                LastSeen = s.LastSeen,
                ActiveHours = s.ActiveHours,
                LastHour = s.LastHour,
                Raised = s.Raised,
                Sample = s.Sample,
            });
        }
        UpdateJudgement(source, minute, saved.ClockBase);
    }

    private void RestoreTemplate(SourceBaseline source, TemplateBaselineState saved, long minute)
    {
        var template = new TemplateBaseline(saved.Id, _templateRule)
        {
            Count = saved.Count,
            FirstSeen = saved.FirstSeen,
            LastSeen = saved.LastSeen,
            Level = saved.Level,
            Traits = saved.Traits,
            Program = saved.Program,
            SavedText = saved.Text,
            Levelled = Math.Max(0, saved.Levelled),
            ErrorLevelled = Math.Clamp(saved.ErrorLevelled, 0, Math.Max(0, saved.Levelled)),
        };
        template.Counts.Rule = RuleFor(template);
        template.Counts.Load(saved.Counts);
        template.Counts.Resync(minute);
        if (template.IsErrorLike)
        {
            template.Burst = new LineBurst();
            template.Burst.Load(saved.Burst);
        }
        if (template.Counts.Rate.HasSlots)
        {
            _profileCount++;
        }
        if (saved.Period is { } p && double.IsFinite(p.Period) && p.Period >= 0)
        {
            template.Period = new PeriodLearner
            {
                LastLine = p.LastLine,
                RunStart = p.RunStart,
                Period = p.Period,
                Streak = p.Streak,
                Jitter = double.IsFinite(p.Jitter) ? p.Jitter : 0,
                Intervals = p.Intervals,
                OnPeriodShare = double.IsFinite(p.OnPeriodShare) ? Math.Clamp(p.OnPeriodShare, 0, 1) : 0,
                HourMask = p.HourMask,
                DayMask = p.DayMask,
                MaxSkipped = Math.Max(0, p.MaxSkipped),
            };
        }
        _templateCount++;
        LogTemplate? resolved = ResolveSaved(saved.Id);
        if (resolved is not null && resolved.Id != saved.Id)
        {
            if (source.Templates.TryGetValue(resolved.Id, out TemplateBaseline? into))
            {
                into.Absorb(template);
                DropTemplate(template);
                return;
            }
            template.Id = resolved.Id;
            template.Period = default;
        }
        template.Template = resolved;
        if (!source.Templates.TryAdd(template.Id, template))
        {
            DropTemplate(template);
            return;
        }
        if (IsPeriodic(template))
        {
            template.Listed = true;
            source.Periodic.Add(template);
        }
    }

    private LogTemplate? ResolveSaved(int id)
    {
        if (_miner is null || id <= 0)
        {
            return null;
        }
        try
        {
            return _miner.Resolve(id);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null; // an id the miner does not have (its state is older): re-attached by the next line, if any
        }
    }

    /// <summary>Evicts the least recently seen tenth of all templates (at least one).</summary>
    private void EvictTemplates()
    {
        long[] lastSeen = new long[_templateCount];
        int n = 0;
        foreach (SourceBaseline source in _sources.Values)
        {
            foreach (TemplateBaseline template in source.Templates.Values)
            {
                if (n < lastSeen.Length)
                {
                    lastSeen[n++] = template.LastSeen;
                }
            }
        }
        if (n == 0)
        {
            return;
        }
        Array.Sort(lastSeen, 0, n);
        long cutoff = lastSeen[Math.Max(0, (n / 10) - 1)];
        var evict = new List<TemplateBaseline>();
        foreach (SourceBaseline source in _sources.Values)
        {
            evict.Clear();
            foreach (TemplateBaseline template in source.Templates.Values)
            {
                if (template.LastSeen <= cutoff)
                {
                    evict.Add(template);
                }
            }
            if (evict.Count == 0)
            {
                continue;
            }
            source.Trimmed = true;
            foreach (TemplateBaseline template in evict)
            {
                source.Templates.Remove(template.Id);
                source.Periodic.Remove(template);
                source.Novelty.Templates.Remove(template);
                source.Signatures.RemoveAll(s => ReferenceEquals(s.Template, template));
                DropTemplate(template);
                _evicted++;
            }
        }
    }

    /// <summary>Evicts the least recently active source with all it learned.</summary>
    private void EvictSource()
    {
        SourceBaseline? oldest = null;
        foreach (SourceBaseline source in _sources.Values)
        {
            if (oldest is null || source.LastActivity < oldest.LastActivity)
            {
                oldest = source;
            }
        }
        if (oldest is null)
        {
            return;
        }
        _sources.Remove(oldest.Key);
        _byLabels.Clear();
        foreach (TemplateBaseline template in oldest.Templates.Values)
        {
            DropTemplate(template);
        }
        _evicted += 1 + oldest.Templates.Count;
        if (ReferenceEquals(_lastSource, oldest))
        {
            _lastLabels = null;
            _lastSource = null;
        }
    }

    /// <summary>For tests and diagnostics: the learned state of one source, by its labels.</summary>
    internal SourceBaseline? SourceOf(StreamLabels labels) => _sources.GetValueOrDefault(labels.Key);
}
