using System.Globalization;
using LogWarden.Parse;

namespace LogWarden.Detect.Baselines;

/// <summary>New and rare templates.</summary>
internal sealed partial class BaselineDetector
{
    /// <summary>
    /// A template never seen on the source, after learning. An error template is its own finding at once
    /// (Info; a Warning when it bursts, or at once when its source rarely shows a new error); other new templates join the source's novelty episode, raised as
    /// one Info finding after the grouping time.
    /// </summary>
    private void OnNewTemplate(SourceBaseline source, TemplateBaseline template, LogObservation line, long ticks, IFindingSink sink)
    {
        template.NewSince = ticks;
        template.Program = line.Record.Program;
        if (template.IsSevere)
        {
            RaiseNewError(source, template, line, ticks, sink);
            return;
        }
        source.Novelty.Add(template, BaselineFindings.Sample(line.Record.Raw), ticks);
    }

    /// <summary>A line of a template in its novelty hour: an error template that bursts escalates to a Warning.</summary>
    private void OnNewTemplateLine(SourceBaseline source, TemplateBaseline template, LogObservation line, long ticks, IFindingSink sink)
    {
        if (ticks - template.NewSince > _options.NoveltyWindow.Ticks)
        {
            template.NewSince = 0;
            return;
        }
        if (!template.NewRaised)
        {
            return;
        }
        bool burst = IsNewErrorBurst(template, ticks);
        if (burst && !template.NewEscalated && !template.NewLookalikeChecked)
        {
            template.NewLookalikeChecked = true;
            template.NewLookalike = KnownLookalike(source, template);
        }
        if ((burst && !template.NewEscalated && template.NewLookalike is null) || ticks - template.NewLastRaised >= _repeatTicks)
        {
            RaiseNewError(source, template, line, ticks, sink);
        }
    }

    /// <summary>
    /// A new error template bursts: <see cref="BaselineOptions.NewErrorBurst"/> lines in 5 minutes, spread over
    /// <see cref="BaselineOptions.NewErrorMinSpan"/> (a dozen at once is a restart, not an error that keeps coming).
    /// </summary>
    private bool IsNewErrorBurst(TemplateBaseline template, long ticks) =>
        template.Counts.Recent >= _options.NewErrorBurst && ticks - template.NewSince >= _options.NewErrorMinSpan.Ticks
        && (template.Traits & TemplateTraits.Security) == 0;

    /// <summary>
    /// A template the source knew before this new one that reads nearly the same (Jaccard ≥ 0.7 over
    /// constant words): the new one is most likely a variant the miner kept apart (another word count, a
    /// value it does not mask), not a never-seen error. Rare path: once per bursting new error template.
    /// </summary>
    private static TemplateBaseline? KnownLookalike(SourceBaseline source, TemplateBaseline template)
    {
        string text = template.Text;
        foreach (TemplateBaseline known in source.Templates.Values)
        {
            if (known.FirstSeen < template.NewSince && known.NewSince == 0 && SecuritySignature.Similarity(text, known.Text) >= 0.7)
            {
                return known;
            }
        }
        return null;
    }

    /// <summary>A line of error level on a template so far harmless: if the template is new, it is a new error template now.</summary>
    private void OnTemplateTurnedSevere(SourceBaseline source, TemplateBaseline template, LogObservation line, long ticks, IFindingSink sink)
    {
        if (template.NewSince != 0 && !template.NewRaised && template.IsSevere && (template.Traits & TemplateTraits.Security) == 0)
        {
            source.Novelty.Templates.Remove(template);
            RaiseNewError(source, template, line, ticks, sink);
        }
    }

    /// <summary>
    /// Whether a never-seen error template (its line logged at error level) is news at its first line: its source has settled (a day past its
    /// first line, a day of history since, the last day unbroken by an hour without lines) and showed new error templates at most
    /// <see cref="BaselineOptions.NewErrorUnusualPerDay"/> a day since, counting this one, and no known template
    /// reads nearly the same. Rare path: once per new error template.
    /// </summary>
    private bool IsUnusualNewError(SourceBaseline source, TemplateBaseline template)
    {
        long settled = source.FirstSeen + _options.NewErrorSettle.Ticks;
        double days = (double)(template.NewSince - settled) / TimeSpan.TicksPerDay;
        if (days < 1 || template.NewSince - source.ContinuousSince < TimeSpan.TicksPerDay)
        {
            return false; // no rate yet, or none to trust: a day of unbroken history (a sampled or gappy source has none)
        }
        int earlier = 0;
        foreach (TemplateBaseline known in source.Templates.Values)
        {
            // One that was news itself (raised as a warning) was an event the operator was told of, not the source's habit.
            if (known.FirstSeen >= settled && known.FirstSeen < template.NewSince && known.IsSevere && (known.Traits & TemplateTraits.Security) == 0
                && !(known.NewUnusual || known.NewEscalated))
            {
                earlier++;
            }
        }
        if (earlier + 1 > _options.NewErrorUnusualPerDay * days)
        {
            return false;
        }
        template.NewLookalikeChecked = true;
        template.NewLookalike = KnownLookalike(source, template);
        return template.NewLookalike is null;
    }

    private void RaiseNewError(SourceBaseline source, TemplateBaseline template, LogObservation line, long ticks, IFindingSink sink)
    {
        bool first = !template.NewRaised;
        if (first)
        {
            // Only a line its writer logged at error level or worse: a template made severe by its words
            // (a kernel or syslog line around an OOM kill, a restart) is a guess, and the rule packs judge those.
            template.NewUnusual = line.Record.Level is >= Severity.Emergency and <= Severity.Error && IsUnusualNewError(source, template);
        }
        int recent = Math.Max(1, template.Counts.Recent);
        bool burst = IsNewErrorBurst(template, ticks) && template.NewLookalikeChecked && template.NewLookalike is null;
        template.NewEscalated |= burst;
        template.NewRaised = true;
        template.NewLastRaised = ticks;
        long count = Math.Max(1, template.Count);
        string title = template.NewEscalated
            ? $"Never-seen error on {BaselineFindings.Where(source)}: {BaselineFindings.Quote(template.Text)} ×{count} since {LogClock.ToTime(template.NewSince):HH:mm:ss}"
            : template.NewLookalike is { } lookalike
                ? $"New variant of a known error on {BaselineFindings.Where(source)}: {BaselineFindings.Quote(template.Text)}, like {BaselineFindings.Quote(lookalike.Text)}"
                : template.NewUnusual
                    ? $"Never-seen error on {BaselineFindings.Where(source)}, which rarely logs a new error: {BaselineFindings.Quote(template.Text)}"
                    : $"Never-seen error on {BaselineFindings.Where(source)}: {BaselineFindings.Quote(template.Text)}";
        sink.Raise(new Finding
        {
            Timestamp = LogClock.ToTime(Math.Max(ticks, _now)),
            Severity = template.NewEscalated || (template.NewUnusual && first) ? FindingSeverity.Warning : FindingSeverity.Info,
            Kind = BaselineKinds.NewErrorTemplate,
            Title = title,
            Entities = BaselineFindings.EntitiesAt(source, template, line),
            FirstSeen = LogClock.ToTime(template.NewSince),
            LastSeen = LogClock.ToTime(ticks),
            Count = count,
            Detector = Name,
            Evidence = new Evidence
            {
                Templates = [BaselineFindings.Evidence(template, count)],
                Samples = [BaselineFindings.Sample(line.Record.Raw)],
                Measurements = BaselineFindings.Measurements(("lines_in_5_min", recent), ("level", (double)template.Level)),
            },
        });
    }

    /// <summary>Raises or updates the source's novelty episode; ends it after a quiet period.</summary>
    private void CheckNovelty(SourceBaseline source, long sourceNow, IFindingSink sink)
    {
        NoveltyEpisode episode = source.Novelty;
        if (!episode.IsOpen)
        {
            return;
        }
        if (sourceNow - episode.LastNew >= _options.NoveltyQuiet.Ticks)
        {
            episode.Close();
            return;
        }
        bool due = episode.LastRaised == 0
            ? sourceNow - episode.Start >= _options.NewTemplateGrouping.Ticks
            : episode.Dirty && sourceNow - episode.LastRaised >= _repeatTicks;
        if (!due)
        {
            return;
        }
        PruneGeneralised(source, episode);
        if (episode.Templates.Count == 0 && episode.More == 0)
        {
            episode.Close();
            return;
        }
        RaiseNovelty(source, episode, sourceNow, sink);
    }

    /// <summary>Forms the miner has since generalised into a known template were not new after all.</summary>
    /// <remarks>Its own method: the lambda's closure is allocated only when an episode is due, not on every Advance.</remarks>
    private static void PruneGeneralised(SourceBaseline source, NoveltyEpisode episode) =>
        episode.Templates.RemoveAll(t => t.Template is { MergedInto: not 0 } || !source.Templates.ContainsKey(t.Id));

    private void RaiseNovelty(SourceBaseline source, NoveltyEpisode episode, long sourceNow, IFindingSink sink)
    {
        if (episode.Entities is null)
        {
            string? program = episode.Templates[0].Program;
            bool oneProgram = episode.Templates.TrueForAll(t => string.Equals(t.Program, program, StringComparison.Ordinal));
            episode.Entities = BaselineFindings.Entities(
                source,
                episode.Templates.Count == 1 && episode.More == 0 ? episode.Templates[0] : null,
                oneProgram ? program : null);
        }
        episode.LastRaised = sourceNow;
        episode.Dirty = false;
        int templates = episode.Templates.Count + episode.More;
        long lines = 0;
        var evidence = new List<TemplateEvidence>(Math.Min(episode.Templates.Count, 10));
        foreach (TemplateBaseline template in episode.Templates)
        {
            lines += template.Count;
            if (evidence.Count < 10)
            {
                evidence.Add(BaselineFindings.Evidence(template, template.Count));
            }
        }
        string title = templates == 1
            ? $"New kind of line on {BaselineFindings.Where(source)}: {BaselineFindings.Quote(episode.Templates[0].Text)}"
            : $"{templates} new kinds of line on {BaselineFindings.Where(source)} since {LogClock.ToTime(episode.Start):HH:mm:ss}, first {BaselineFindings.Quote(episode.Templates[0].Text)}";
        sink.Raise(new Finding
        {
            Timestamp = LogClock.ToTime(Math.Max(sourceNow, _now)),
            Severity = FindingSeverity.Info,
            Kind = BaselineKinds.NewTemplate,
            Title = title,
            Entities = episode.Entities,
            FirstSeen = LogClock.ToTime(episode.Start),
            LastSeen = LogClock.ToTime(episode.LastNew),
            Count = Math.Max(1, lines),
            Detector = Name,
            Evidence = new Evidence
            {
                Templates = evidence,
                Samples = [.. episode.Samples],
                Measurements = BaselineFindings.Measurements(("new_templates", templates)),
            },
        });
    }

    /// <summary>A template seen only a few times before, back after a long absence.</summary>
    private void CheckRare(SourceBaseline source, TemplateBaseline template, LogObservation line, long ticks, IFindingSink sink)
    {
        long absent = ticks - template.LastSeen;
        if (absent < _options.RareQuiet.Ticks || (template.Traits & TemplateTraits.Security) != 0)
        {
            return;
        }
        string times = template.Count == 1 ? "once" : $"{template.Count.ToString(CultureInfo.InvariantCulture)} times";
        sink.Raise(new Finding
        {
            Timestamp = LogClock.ToTime(Math.Max(ticks, _now)),
            Severity = FindingSeverity.Info,
            Kind = BaselineKinds.RareTemplate,
            Title = $"Rare line on {BaselineFindings.Where(source)}: {BaselineFindings.Quote(template.Text)}, seen {times} before, last {LogClock.Describe(TimeSpan.FromTicks(absent))} ago",
            Entities = BaselineFindings.Entities(source, template, line.Record.Program),
            FirstSeen = LogClock.ToTime(ticks),
            LastSeen = LogClock.ToTime(ticks),
            Count = 1,
            Detector = Name,
            Evidence = new Evidence
            {
                Templates = [BaselineFindings.Evidence(template, template.Count + 1)],
                Samples = [BaselineFindings.Sample(line.Record.Raw)],
                Measurements = BaselineFindings.Measurements(("seen_before", template.Count), ("absent_days", TimeSpan.FromTicks(absent).TotalDays)),
            },
        });
    }
}
