using LogWarden.Parse;

namespace LogWarden.Detect.Baselines;

/// <summary>Spikes and drops of templates, volume shifts and error bursts of sources.</summary>
internal sealed partial class BaselineDetector
{
    private const int DropWindowMinutes = TrafficShape.DropWindowMinutes;

    /// <summary>Rings of <see cref="RateHold"/> kept for reuse when their counts cool down.</summary>
    private const int HoldPoolSize = 256;

    private readonly Stack<RateHold> _holdPool = new();


    /// <summary>
    /// A template's 5-minute count reached its threshold, or an error template's latest lines came closer
    /// together than its rate allows (<paramref name="burst"/>, <see cref="LineBurst"/>). Raised on that
    /// line, re-raised at most once a minute while it lasts. Info, or a Warning when an error or warning
    /// template (not a security line) bursts, or is at ten times what it ever normally is, unless it is an attack's
    /// echo (<see cref="IsAttackEcho"/>).
    /// </summary>
    private void OnTemplateSpike(SourceBaseline source, TemplateBaseline template, LogObservation line, long ticks, long minute, bool burst, RateHold? held, IFindingSink sink)
    {
        CountBaseline counts = template.Counts;
        counts.LastOver = minute;
        // An error line that spikes while hostile lines come with the source's traffic (sshd's "kex_exchange_identification:
        // Connection reset by peer" from a password guesser's dropped connections) is the attack's echo: the scenarios judge it.
        bool strong = !counts.EpisodeWarned
            && (template.IsErrorLike
                ? (burst || IsStrong(counts, minute, _options.StrongMinCount)) && !IsAttackEcho(source, counts, minute)
                : held is not null || IsSustainedSpike(source, template, minute));
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
            template.SpikeEntities = BaselineFindings.EntitiesAt(source, template, line, line.Record.Program);
        }
        counts.StartEpisode(minute);
        counts.LastRaised = ticks;
        counts.EpisodeWarned |= strong;
        double expected = counts.ExpectedInWindow;
        int recent = counts.Recent;
        IFiredLines? lines = burst ? template.Burst : held;
        string how = lines is null ? $"{recent} in {counts.Rule.WindowMinutes} min, expected {BaselineFindings.Number(expected)}" : FiredHow(lines);
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

    /// <summary>
    /// A normal template's or family's latest lines hold a rate far over its normal (<see cref="RateHold"/>, its ring made when
    /// one minute's lines reach <see cref="CountBaseline.HoldTrigger"/>), from no one actor and with no attack
    /// (<see cref="FromOneActor"/>, <see cref="WithAnAttack"/>, judged again in 10 min when one is): the ring, else null.
    /// </summary>
    private RateHold? HeldSpike(SourceBaseline source, CountBaseline counts, ref RateHold? hold, long ticks, long minute, long firstSeen, long lines)
    {
        if (hold is null)
        {
            if (counts.CurrentMinuteCount < counts.HoldTrigger)
            {
                return null;
            }
            hold = _holdPool.Count > 0 ? _holdPool.Pop() : new RateHold();
        }
        double hours = Math.Max(1, (ticks - firstSeen) / (double)LogClock.TicksPerHour);
        if (!counts.Judged || !hold.Observe(ticks, minute, counts, source.Traffic, (lines + 3) / hours, _options) || minute < source.SurgeActorUntil)
        {
            return null;
        }
        if (FromOneActor(source) || WithAnAttack(source, minute))
        {
            source.SurgeActorUntil = minute + (2 * counts.Rule.WindowMinutes);
            return null;
        }
        return hold;
    }

    /// <summary>A stale ring goes back to the pool (at most <see cref="HoldPoolSize"/> kept).</summary>
    private void ReturnHold(ref RateHold? hold)
    {
        if (hold is not null && _holdPool.Count < HoldPoolSize)
        {
            hold.Clear();
            _holdPool.Push(hold);
        }
        hold = null;
    }

    /// <summary>
    /// A spike of a line that is neither an error nor a security line is a Warning when it is overwhelming and holds:
    /// strong (<see cref="IsStrong"/>: ten times its basis, P &lt; 1e-9), twice the most it ever did in a window (its
    /// learned peak, bursty or not), over its threshold for three minutes with each of the last three closed minutes
    /// carrying a sixth of their lines or more (a rate that holds, not one batch), from no one actor and with no attack
    /// (<see cref="FromOneActor"/>, <see cref="WithAnAttack"/>, as for a traffic surge). A cache that stopped caching,
    /// a retry loop or a resolver's lame servers logging at info.
    /// </summary>
    private bool IsSustainedSpike(SourceBaseline source, TemplateBaseline template, long minute) =>
        (template.Traits & TemplateTraits.Security) == 0 && IsSustainedSpike(source, template.Counts, minute);

    /// <summary><see cref="IsSustainedSpike(SourceBaseline, TemplateBaseline, long)"/> of a count in a spike episode, a template's or a family's.</summary>
    private bool IsSustainedSpike(SourceBaseline source, CountBaseline counts, long minute)
    {
        if (counts.EpisodeStart < 0 || minute - counts.EpisodeStart < 3
            || minute < source.SurgeActorUntil || counts.Recent < 2 * counts.DecayedPeak(minute) || !IsStrong(counts, minute, _options.StrongMinCount))
        {
            return false;
        }
        int total = 0, least = int.MaxValue;
        for (long m = minute - 3; m < minute; m++)
        {
            int count = counts.CountAt(m);
            total += count;
            least = Math.Min(least, count);
        }
        if (least == 0 || 6 * least < total)
        {
            return false;
        }
        if (FromOneActor(source) || WithAnAttack(source, minute))
        {
            source.SurgeActorUntil = minute + (2 * counts.Rule.WindowMinutes); // judged again in 10 min, not on every line
            return false;
        }
        return true;
    }

    /// <summary>
    /// A family's count (<see cref="TemplateFamily"/>: one message the miner split into templates) reached its threshold.
    /// Raised only as a warning, when the spike is strong and sustained as a plain template's must be
    /// (<see cref="IsSustainedSpike(SourceBaseline, CountBaseline, long)"/>), none of its templates is in a spike episode of
    /// its own (that one's finding tells it) and none is a security line; judged at most once a minute, re-raised at most
    /// once a minute while it lasts.
    /// </summary>
    private void OnFamilySpike(SourceBaseline source, TemplateFamily family, LogObservation line, long ticks, long minute, RateHold? held, IFindingSink sink)
    {
        CountBaseline counts = family.Counts;
        counts.LastOver = minute;
        if (counts.EpisodeStart < 0)
        {
            counts.StartEpisode(minute);
            family.SpikeEntities = null;
        }
        if (counts.EpisodeWarned ? ticks - counts.LastRaised < _repeatTicks : family.JudgedMinute == minute && held is null)
        {
            return;
        }
        if (!counts.EpisodeWarned)
        {
            family.JudgedMinute = minute;
            foreach (TemplateBaseline member in family.Members)
            {
                if ((member.Traits & TemplateTraits.Security) != 0)
                {
                    return;
                }
            }
            if (family.AnyMemberSpiking() || (held is null && (!IsStrong(counts, minute, _options.StrongMinCount) || !IsSustainedSpike(source, counts, minute))))
            {
                return;
            }
            counts.EpisodeWarned = true;
        }
        counts.LastRaised = ticks;
        int recent = counts.Recent;
        var evidence = new List<TemplateEvidence>(Math.Min(family.Members.Count, 5));
        foreach (TemplateBaseline member in family.Members.OrderByDescending(m => m.Counts.Recent).Take(5))
        {
            evidence.Add(BaselineFindings.Evidence(member, member.Counts.Recent));
        }
        sink.Raise(new Finding
        {
            Timestamp = LogClock.ToTime(Math.Max(ticks, _now)),
            Severity = FindingSeverity.Warning,
            Kind = BaselineKinds.TemplateSpike,
            Title = $"Spike of {BaselineFindings.Quote(family.Prefix + " …")} lines ({family.Members.Count} templates) on {BaselineFindings.Where(source)}: "
                + (held is null ? $"{recent} in {counts.Rule.WindowMinutes} min, expected {BaselineFindings.Number(counts.ExpectedInWindow)}" : FiredHow(held)),
            Entities = family.SpikeEntities ??= BaselineFindings.Entities(source, template: null, line.Record.Program), // fixed at its first raise
            FirstSeen = LogClock.ToTime(counts.EpisodeStart * LogClock.TicksPerMinute),
            LastSeen = LogClock.ToTime(ticks),
            Count = Math.Max(recent, counts.EpisodeCount),
            Detector = Name,
            Evidence = new Evidence
            {
                Templates = evidence,
                Samples = [BaselineFindings.Sample(line.Record.Raw)],
                Measurements = held is null ? SpikeMeasurements(counts, minute) : BurstMeasurements(counts, held, minute),
            },
        });
    }

    /// <summary>A title's account of the lines that made a spike at line resolution ("16 lines in 38 s, usually 75 an hour").</summary>
    private static string FiredHow(IFiredLines lines) =>
        $"{lines.FiredLines} lines in {LogClock.Describe(TimeSpan.FromTicks(lines.FiredSpan))}, usually {BaselineFindings.Number(lines.UsualPerHour)} an hour";

    private static Dictionary<string, double> BurstMeasurements(CountBaseline counts, IFiredLines lines, long minute) => BaselineFindings.Measurements(
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

    /// <summary>
    /// A source's traffic reached a threshold: its 5-minute count the Info threshold or the surge threshold
    /// (<see cref="TrafficShape"/>). A surge is a Warning when it lasts (the last closed window was over too)
    /// and is broad (<see cref="IsBroadSurge"/>), or at once when visitors arrive over their threshold
    /// (<paramref name="arrivals"/>, <see cref="OnVisitorSurge"/>); else Info. Raised on the line that crosses,
    /// again at most once a minute while it lasts.
    /// </summary>
    private void OnTrafficSpike(SourceBaseline source, LogObservation line, long ticks, long minute, IFindingSink sink, bool arrivals = false)
    {
        CountBaseline traffic = source.Traffic;
        TrafficShape shape = traffic.Shape!;
        bool overInfo = traffic.Recent >= traffic.Threshold;
        bool surge = !traffic.EpisodeWarned && source.SurgeJudgedMinute != minute
            && (arrivals
                ? shape.Ready && traffic.Recent >= _surgeRule.MinCount
                : shape.OverAtLastClose && traffic.Recent >= shape.Threshold);
        bool repeatDue = traffic.EpisodeStart < 0 || ticks - traffic.LastRaised >= _repeatTicks;
        if (!(surge || (overInfo && repeatDue)))
        {
            return;
        }
        traffic.LastOver = minute;
        List<TemplateEvidence>? elevated = null;
        if (surge)
        {
            source.SurgeJudgedMinute = minute; // judged once a minute, not on every line
            if (FromOneActor(source) || WithAnAttack(source, minute))
            {
                // Its window holds the actor's lines for minutes after the last of them: not a shift either.
                source.SurgeActorUntil = minute + (2 * traffic.Rule.WindowMinutes);
            }
            // Arrivals of many clients are the breadth themselves; a line surge must show it in its templates.
            surge = minute >= source.SurgeActorUntil && (arrivals || IsBroadSurge(source, minute, out elevated));
            if (!surge && (!overInfo || !repeatDue))
            {
                return;
            }
        }
        traffic.StartEpisode(minute);
        traffic.LastRaised = ticks;
        traffic.EpisodeWarned |= surge;
        int recent = traffic.Recent;
        double expected = traffic.ExpectedInWindow;
        sink.Raise(new Finding
        {
            Timestamp = LogClock.ToTime(Math.Max(ticks, _now)),
            Severity = traffic.EpisodeWarned ? FindingSeverity.Warning : FindingSeverity.Info,
            Kind = BaselineKinds.VolumeShift,
            Title = $"Traffic of {BaselineFindings.Where(source)} up {BaselineFindings.Number(recent / Math.Max(expected, 1))}×: {recent} lines in {traffic.Rule.WindowMinutes} min, expected {BaselineFindings.Number(expected)}",
            Entities = BaselineFindings.Entities(source),
            FirstSeen = LogClock.ToTime(traffic.EpisodeStart * LogClock.TicksPerMinute),
            LastSeen = LogClock.ToTime(ticks),
            Count = Math.Max(recent, traffic.EpisodeCount),
            Detector = Name,
            Evidence = new Evidence
            {
                Templates = elevated ?? TopTemplates(source, minute, severeOnly: false),
                Samples = [BaselineFindings.Sample(line.Record.Raw)],
                Measurements = BaselineFindings.Measurements(
                    ("observed", recent),
                    ("expected", expected),
                    ("window_minutes", traffic.Rule.WindowMinutes),
                    ("threshold", Math.Min(traffic.Threshold, shape.Threshold)),
                    ("burstiest_normal_ratio", shape.BurstAt(minute)),
                    ("p_value", Poisson.UpperTail(recent, expected))),
            },
        });
    }

    /// <summary>
    /// Visitors arrive at the source faster than its hour-of-week baseline allows (<see cref="VisitorArrivals"/>):
    /// a surge of people is judged at once, without waiting for the line count to clear the burstiness of
    /// normal times, its two minute closes or the breadth of its templates (many clients arriving is the
    /// breadth), when it is also a surge of traffic: at least the surge's minimum count of lines in the window,
    /// from no one actor and with no attack. Judged at most once a minute.
    /// </summary>
    private void OnVisitorSurge(SourceBaseline source, LogObservation line, long ticks, long minute, IFindingSink sink)
    {
        source.Visitors.Counts.StartEpisode(minute); // the rise's windows are not learned as normal while it lasts
        if (source.Traffic.EpisodeWarned || source.SurgeJudgedMinute == minute)
        {
            return;
        }
        OnTrafficSpike(source, line, ticks, minute, sink, arrivals: true);
    }

    /// <summary>
    /// Whether a surge of the source's traffic is broad — what the source normally carries, grown: at least two
    /// of its traffic templates are up (2×, P &lt; 1e-4 each), and those make at least a third of its usual
    /// traffic. A port scan (one firewall line), a crawler (its GETs, without the POSTs people make), an FTP
    /// client's sessions or a restart's chatter (lines that are normally a small part) are not a traffic
    /// shift: their own template findings tell them. Rare path: once per surging minute.
    /// </summary>
    /// <summary>
    /// Whether most of the source's latest traffic lines that name an actor name one: a remote network (an
    /// IPv4 /24, an IPv6 /64) or else a systemd unit. A port scan, a crawler, one client's flood, a unit in a
    /// restart loop — an actor the scenarios and rules judge, not a shift of the traffic. Lines that name no
    /// actor (an app's own log) cannot tell. Rare path: once per surging minute.
    /// </summary>
    private static bool FromOneActor(SourceBaseline source)
    {
        var actors = new Dictionary<string, int>(StringComparer.Ordinal);
        int lines = 0, named = 0, top = 0;
        Security.AddressCues cues = Security.SecurityDefinitions.Default.Cues;
        foreach (LogRecord? record in source.RecentTraffic)
        {
            if (record is null)
            {
                continue;
            }
            lines++;
            string? actor = Security.AddressFinder.Find(record.Raw, cues) is { IsHostName: false } address
                ? BaselineFindings.NetworkOf(address.Value)
                : BaselineFindings.UnitIn(record.Message);
            if (actor is null)
            {
                continue;
            }
            named++;
            int count = actors.GetValueOrDefault(actor) + 1;
            actors[actor] = count;
            top = Math.Max(top, count);
        }
        return named > 0 && named >= lines / 2 && top * 2 > named;
    }

    /// <summary>
    /// Whether hostile security lines (failures, probes) come with the surge, one for every eight traffic lines
    /// or more: the connects, disconnects and lost connections around a password-guessing campaign grow
    /// with it (three or four lines per failure), and it is the scenarios' to judge. A site's traffic carries
    /// a scanner's probe now and then, not one in eight.
    /// </summary>
    private static bool WithAnAttack(SourceBaseline source, long minute)
    {
        source.Hostile.Roll(minute, HostileWindowMinutes);
        return source.Hostile.Recent * 8 >= source.Traffic.Recent;
    }

    /// <summary>
    /// Whether a spiking error line is outnumbered by the hostile lines of its source in the same minutes: sshd's
    /// "kex_exchange_identification: Connection reset by peer" beside a password guesser's failures. A backend's timeouts
    /// in a web error log with a scanner's few probes are not.
    /// </summary>
    private static bool IsAttackEcho(SourceBaseline source, CountBaseline counts, long minute)
    {
        source.Hostile.Roll(minute, HostileWindowMinutes);
        return source.Hostile.Recent > 0 && source.Hostile.Recent >= counts.Recent;
    }

    private static bool IsBroadSurge(SourceBaseline source, long minute, out List<TemplateEvidence>? elevated)
    {
        elevated = null;
        double total = Math.Max(source.Traffic.Rate.MeanPerHour, 1);
        double share = 0;
        foreach (TemplateBaseline template in source.Templates.Values)
        {
            CountBaseline counts = template.Counts;
            // Every template counts, those of mixed lines too: an access log's one GET template has its probes' 404s.
            if (counts.Minute < minute - 4 || counts.Recent == 0)
            {
                continue;
            }
            double expected = counts.Expected(minute, counts.Rule.WindowMinutes, high: true);
            if (counts.Recent >= 2 * expected && Poisson.UpperTail(counts.Recent, expected) < 1e-4)
            {
                (elevated ??= []).Add(BaselineFindings.Evidence(template, counts.Recent));
                share += counts.Rate.MeanPerHour / total;
            }
        }
        if (elevated is { Count: > 1 })
        {
            elevated.Sort((a, b) => b.Count.CompareTo(a.Count));
            if (elevated.Count > 5)
            {
                elevated.RemoveRange(5, elevated.Count - 5);
            }
        }
        return elevated is { Count: >= 2 } && share >= 1.0 / 3;
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
    /// The source's traffic fell far below what was expected over the last 15 closed minutes (while the
    /// source still writes: all silent is a silence). Info at a third (100 expected, P &lt; 1e-6); a Warning
    /// at a quarter or less and under half the quietest 15-minute window of normal times, with P &lt; 1e-9
    /// (<see cref="TrafficShape.IsStrongDrop"/>): a lull of a few minutes is what people do, a quarter of an
    /// hour is not.
    /// </summary>
    private bool CheckVolumeDrop(SourceBaseline source, long sourceNow, long minute, IFindingSink sink)
    {
        CountBaseline traffic = source.Traffic;
        if (!traffic.Judged)
        {
            return false;
        }
        traffic.Roll(minute);
        double expected = traffic.Expected(minute, DropWindowMinutes, high: false);
        int observed = traffic.ClosedSum(DropWindowMinutes);
        bool dropped = expected >= 2 * _options.VolumeMinCount && observed <= expected / _options.VolumeRatio
            && Poisson.LowerTail(observed, expected) < _options.Probability;
        const int window = DropWindowMinutes;
        bool strong = traffic.Shape!.IsStrongDrop(observed, expected, minute);
        if (!dropped && !strong)
        {
            source.VolumeDropRaised = source.VolumeDropSince = 0;
            source.VolumeDropWarned = false;
            source.VolumeDropAfterSilence = false;
            return false;
        }
        if (source.VolumeDropSince == 0)
        {
            source.VolumeDropSince = sourceNow;
        }
        // A drop that began with a silence warning (its lines stopped, then came back thinned out) is that event: the
        // silence was its alert, the drop is its evidence (Info, on the same source: one incident).
        source.VolumeDropAfterSilence |= source.SilenceWarnedAt != 0 && source.SilenceWarnedAt >= (minute - window) * LogClock.TicksPerMinute;
        strong &= !source.VolumeDropWarned && !source.VolumeDropAfterSilence;
        if (source.LastActivity < sourceNow - (window * LogClock.TicksPerMinute) // silent, not dropped: the silence is the finding
            || (source.VolumeDropRaised != 0 && sourceNow - source.VolumeDropRaised < _absenceRepeatTicks && !strong)
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
            Title = $"Traffic of {BaselineFindings.Where(source)} down to {observed} lines in {window} min, expected {BaselineFindings.Number(expected)}",
            Entities = BaselineFindings.Entities(source),
            FirstSeen = LogClock.ToTime((minute - window) * LogClock.TicksPerMinute),
            LastSeen = LogClock.ToTime(sourceNow),
            Count = observed,
            Detector = Name,
            Evidence = new Evidence
            {
                Samples = source.LastRaw is { } raw ? [raw] : [],
                Measurements = BaselineFindings.Measurements(("observed", observed), ("expected", expected), ("window_minutes", window),
                    ("quietest_normal_ratio", traffic.Shape!.DropTrough), ("p_value", Poisson.LowerTail(observed, expected))),
            },
        });
        return true;
    }
}
