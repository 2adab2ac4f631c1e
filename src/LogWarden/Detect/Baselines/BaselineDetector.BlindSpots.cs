using LogWarden.Detect.Security;
using LogWarden.Parse;

namespace LogWarden.Detect.Baselines;

/// <summary>Blind spots: a source that stops decoding, security lines that change their wording.</summary>
internal sealed partial class BaselineDetector
{
    /// <summary>Windows of 256 lines a source needs before a lost field counts (2,048 lines).</summary>
    private const int DecodingMinWindows = 8;

    private static readonly long ReplacementSlack = TimeSpan.FromHours(1).Ticks;

    /// <summary>Counts a security line under its shape (template and program).</summary>
    private void NoteSecurity(SourceBaseline source, TemplateBaseline template, SecurityEvent security, LogRecord record, long ticks)
    {
        if ((template.Traits & TemplateTraits.Security) == 0)
        {
            template.Traits |= TemplateTraits.Security;
            UpdateRule(template, LogClock.Minute(ticks));
        }
        if (security.Hostile)
        {
            template.Traits |= TemplateTraits.Hostile;
        }
        List<SecuritySignature> signatures = source.Signatures;
        SecuritySignature? signature = null;
        for (int i = 0; i < signatures.Count; i++)
        {
            if (signatures[i].Matches(template.Id, record.Program))
            {
                signature = signatures[i];
                break;
            }
        }
        if (signature is null)
        {
            if (signatures.Count >= _options.MaxSignaturesPerSource)
            {
                int oldest = 0;
                for (int i = 1; i < signatures.Count; i++)
                {
                    if (signatures[i].LastSeen < signatures[oldest].LastSeen)
                    {
                        oldest = i;
                    }
                }
                signatures.RemoveAt(oldest);
                _evicted++;
            }
            signature = new SecuritySignature(template, record.Program, security.Kind, ticks);
            signatures.Add(signature);
        }
        signature.Count++;
        if (ticks > signature.LastSeen)
        {
            signature.LastSeen = ticks;
        }
        long hour = LogClock.Hour(ticks);
        if (hour != signature.LastHour)
        {
            signature.LastHour = hour;
            signature.ActiveHours++;
        }
        signature.Raised = false;
        if (signature.Sample is null && record.Raw.Length <= Evidence.MaxSampleLength)
        {
            signature.Sample = record.Raw;
        }
    }

    /// <summary>
    /// Security line shapes that were steady (lines in at least half the hours of at least 12) and stopped
    /// (at least 20 lines expected since) while similar shapes appeared on the source: recognised lines
    /// of the same kind with another program or wording (Info: rules keyed on the old wording or program miss them, as
    /// fail2ban's sshd filter missed OpenSSH 9.8's sshd-session), or else new lines nothing recognises
    /// (Warning: rules and scenarios are blind to them).
    /// </summary>
    private void CheckSignatures(SourceBaseline source, long sourceNow, IFindingSink sink)
    {
        foreach (SecuritySignature signature in source.Signatures)
        {
            if (signature.Raised || signature.Count < _options.SignatureMinCount)
            {
                continue;
            }
            long lifetime = signature.LastSeen - signature.FirstSeen;
            if (lifetime < _minRateHistoryTicks || signature.ActiveHours < 0.5 * lifetime / LogClock.TicksPerHour)
            {
                continue; // young, or bursts now and then: its pauses are normal
            }
            double perHour = signature.Count / (lifetime / (double)LogClock.TicksPerHour);
            double silentHours = (sourceNow - signature.LastSeen) / (double)LogClock.TicksPerHour;
            double expected = perHour * silentHours;
            if (expected < _options.SilenceMinExpected)
            {
                continue;
            }
            string oldText = signature.Template.Text;
            long since = signature.LastSeen - ReplacementSlack;
            List<SecuritySignature>? recognised = null;
            foreach (SecuritySignature other in source.Signatures)
            {
                if (!ReferenceEquals(other, signature) && other.FirstSeen >= since && other.Count >= 3 && other.Kind == signature.Kind
                    && (other.Template == signature.Template || SecuritySignature.Similarity(oldText, other.Template.Text) >= _options.SimilarWording))
                {
                    (recognised ??= []).Add(other);
                }
            }
            if (recognised is not null)
            {
                SortClosestFirst(recognised, signature);
            }
            List<TemplateBaseline>? unrecognised = null;
            foreach (TemplateBaseline template in source.Templates.Values)
            {
                if (recognised is null && template.FirstSeen >= since && template.Count >= 3 && (template.Traits & TemplateTraits.Security) == 0
                    && SecuritySignature.Similarity(oldText, template.Text) >= _options.SimilarWording)
                {
                    (unrecognised ??= []).Add(template);
                }
            }
            if (recognised is null && unrecognised is null)
            {
                continue;
            }
            signature.Raised = true;
            RaiseBlindSpot(source, signature, recognised ?? [], unrecognised ?? [], expected, sourceNow, sink);
        }
    }

    /// <summary>The closest first: the same line from another program, then by wording.</summary>
    /// <remarks>Its own method: the lambda's closure is allocated only when there is something to sort, not every minute.</remarks>
    private static void SortClosestFirst(List<SecuritySignature> candidates, SecuritySignature stopped)
    {
        string text = stopped.Template.Text;
        candidates.Sort((a, b) => (b.Template == stopped.Template).CompareTo(a.Template == stopped.Template) is var same and not 0
            ? same
            : SecuritySignature.Similarity(text, b.Template.Text).CompareTo(SecuritySignature.Similarity(text, a.Template.Text)));
    }

    private void RaiseBlindSpot(SourceBaseline source, SecuritySignature signature, List<SecuritySignature> recognised, List<TemplateBaseline> unrecognised,
        double expected, long sourceNow, IFindingSink sink)
    {
        bool blind = unrecognised.Count > 0;
        string old = $"{BaselineFindings.Quote(signature.Template.Text)} ({signature.Program ?? "no program"}, {signature.Kind})";
        string stopped = $"stopped {LogClock.Describe(TimeSpan.FromTicks(sourceNow - signature.LastSeen))} ago";
        string title = blind
            ? $"Blind spot on {BaselineFindings.Where(source)}: {old} {stopped}; similar new lines are not recognised as security events: {BaselineFindings.Quote(unrecognised[0].Text)}"
            : $"Security lines changed on {BaselineFindings.Where(source)}: {old} {stopped}; now {BaselineFindings.Quote(recognised[0].Template.Text)} from {recognised[0].Program ?? "no program"} (rules keyed on the old wording or program miss them)";
        var templates = new List<TemplateEvidence> { BaselineFindings.Evidence(signature.Template, signature.Count) };
        var samples = new List<string>();
        if (signature.Sample is { } oldSample)
        {
            samples.Add(oldSample);
        }
        foreach (TemplateBaseline template in unrecognised)
        {
            if (templates.Count < 5)
            {
                templates.Add(BaselineFindings.Evidence(template, template.Count));
            }
        }
        foreach (SecuritySignature other in recognised)
        {
            if (templates.Count < 5)
            {
                templates.Add(BaselineFindings.Evidence(other.Template, other.Count));
            }
            if (other.Sample is { } sample && samples.Count < Evidence.MaxSamples)
            {
                samples.Add(sample);
            }
        }
        sink.Raise(new Finding
        {
            Timestamp = LogClock.ToTime(Math.Max(sourceNow, _now)),
            Severity = blind ? FindingSeverity.Warning : FindingSeverity.Info,
            Kind = BaselineKinds.SecurityBlindSpot,
            Title = title,
            Entities = BaselineFindings.Entities(source, signature.Template, signature.Program),
            FirstSeen = LogClock.ToTime(signature.LastSeen),
            LastSeen = LogClock.ToTime(sourceNow),
            Count = 1 + unrecognised.Sum(t => t.Count) + recognised.Sum(s => s.Count),
            Detector = Name,
            Evidence = new Evidence
            {
                Templates = templates,
                Samples = samples,
                Measurements = BaselineFindings.Measurements(("expected_since_stop", expected), ("lines_before", signature.Count)),
            },
        });
    }

    /// <summary>
    /// A window of 256 lines in which a field the source's decoder found on nearly every line (≥ 95%) is
    /// on at most half: the source stopped decoding. A Warning when it was on every line (≥ 99%) and is now
    /// on almost none (≤ 10%) for the timestamp or the program, else Info. Raised again at most every
    /// ten minutes while it lasts, for at most a day (then it is the source's new normal).
    /// </summary>
    private void JudgeDecoding(SourceBaseline source, long ticks, IFindingSink sink)
    {
        DecodingHealth health = source.Decoding;
        double before = health.Timestamp.Learned;
        double programBefore = health.Program.Learned;
        double levelBefore = health.Level.Learned;
        health.JudgeWindow(DecodingMinWindows, _options.DecodedShare, _options.LostShare, ticks, _options.AbsenceGiveUp.Ticks);
        if (!source.Learned)
        {
            return;
        }
        RaiseLost(source, ref health.Timestamp, "timestamps", before, strongField: true, ticks, sink);
        RaiseLost(source, ref health.Program, "program names", programBefore, strongField: true, ticks, sink);
        RaiseLost(source, ref health.Level, "levels", levelBefore, strongField: false, ticks, sink);
    }

    private void RaiseLost(SourceBaseline source, ref FieldShare field, string what, double learned, bool strongField, long ticks, IFindingSink sink)
    {
        if (!field.Lost)
        {
            field.LastRaised = 0;
            return;
        }
        bool strong = strongField && learned >= 0.99 && field.Latest <= 0.1;
        if (field.LastRaised != 0 && ticks - field.LastRaised < _absenceRepeatTicks && (field.Warned || !strong))
        {
            return;
        }
        field.LastRaised = ticks;
        field.Warned |= strong;
        sink.Raise(new Finding
        {
            Timestamp = LogClock.ToTime(Math.Max(ticks, _now)),
            Severity = field.Warned ? FindingSeverity.Warning : FindingSeverity.Info,
            Kind = BaselineKinds.DecodingLost,
            Title = $"{BaselineFindings.Where(source)} stopped decoding {what}: {field.Latest * 100:0}% of the last {DecodingHealth.WindowLines} lines have them, usually {learned * 100:0}%",
            Entities = BaselineFindings.Entities(source),
            FirstSeen = LogClock.ToTime(field.LostSince),
            LastSeen = LogClock.ToTime(ticks),
            Count = DecodingHealth.WindowLines,
            Detector = Name,
            Evidence = new Evidence
            {
                Samples = source.LastRaw is { } raw ? [raw] : [],
                Measurements = BaselineFindings.Measurements(("share_now", field.Latest), ("share_usual", learned)),
            },
        });
    }
}
