using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LogWarden.Parse;

namespace LogWarden.Detect.Rules;

/// <summary>Caps of the rule detector's memory (every map evicts its least recently used entry when full).</summary>
internal sealed record RuleDetectorOptions
{
    /// <summary>Open findings (one per kind and entities) kept to update and re-raise.</summary>
    public int MaxEpisodes { get; init; } = 10_000;

    /// <summary>Threshold windows and <c>after</c> counts (per rule and key: a source address, a unit…).</summary>
    public int MaxCounters { get; init; } = 50_000;

    /// <summary>Values learned by <c>novel</c> rules (users seen becoming root…).</summary>
    public int MaxLearnedValues { get; init; } = 10_000;

    /// <summary>Matches waiting to gather related lines or for a line that clears them.</summary>
    public int MaxPending { get; init; } = 1_000;
}

/// <summary>
/// Runs the rule packs over every line: one keyword scan finds the rules whose literals occur, their
/// conditions and regexes decide, and matches become findings through each rule's threshold, escalation,
/// gathering, holds (<c>cleared_by</c>), allowlist, novelty and <c>after</c> conditions. A finding is
/// raised on the line that makes it true, then re-raised with updated counts at most once a minute (or
/// after the rule's <c>quiet</c> time) while it continues, immediately when its severity rises; its key
/// (kind and entities) is what the incident tracker merges on.
/// </summary>
/// <remarks>
/// Cost per line that no rule's literal occurs in: the keyword scan and a look at the security event;
/// nothing is allocated (RuleBenchmarks). Matched lines allocate their values. All time is log time.
/// </remarks>
internal sealed class RuleDetector : ILogDetector, IPersistentDetector, IBoundedDetector, IMessageKeywordDetector
{
    public static readonly TimeSpan DefaultReraiseInterval = TimeSpan.FromMinutes(1);

    /// <summary>A finding quiet for this long is over: the same key later starts a new one (new first-seen and count).</summary>
    public static readonly TimeSpan EpisodeGap = TimeSpan.FromHours(1);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    /// <summary>Lines from different files arrive a little out of order; a clearing line this much older than a match still clears it.</summary>
    private static readonly TimeSpan ClearTolerance = TimeSpan.FromSeconds(5);

    private readonly RuleSet _rules;
    private readonly RuleDetectorOptions _options;
    private readonly MatchCache _cache = new();
    private QuotedSegmentScan? _segmentScan;
    private readonly LruMap<WindowCounter> _windows;
    private readonly LruMap<WindowCounter> _afterCounts;
    private readonly LruMap<DateTimeOffset> _clears;
    private readonly LruMap<Episode> _episodes;
    private readonly LruMap<long> _learned;
    private readonly List<Candidate> _gathering = [];
    private readonly List<Candidate> _held = [];
    private readonly List<Episode> _dirty = [];
    private readonly long[] _matchCounts;
    private DateTimeOffset? _firstSeen;
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;
    private long _evictedPending;

    public RuleDetector(RuleSet? rules = null, RuleDetectorOptions? options = null)
    {
        _rules = rules ?? RuleSet.BuiltIn;
        _options = options ?? new RuleDetectorOptions();
        _windows = new LruMap<WindowCounter>(_options.MaxCounters);
        _afterCounts = new LruMap<WindowCounter>(_options.MaxCounters);
        _clears = new LruMap<DateTimeOffset>(_options.MaxCounters);
        _episodes = new LruMap<Episode>(_options.MaxEpisodes);
        _learned = new LruMap<long>(_options.MaxLearnedValues);
        _matchCounts = new long[_rules.Matchers.Length];
    }

    public const string DetectorName = "rules";

    public string Name => DetectorName;

    public RuleSet Rules => _rules;

    public Security.AnchorScanner MessageKeywords => _rules.Scanner;

    public long Tracked => _windows.Count + _afterCounts.Count + _clears.Count + _episodes.Count + _learned.Count + _gathering.Count + _held.Count;

    public long Evicted => _windows.Evicted + _afterCounts.Evicted + _clears.Evicted + _episodes.Evicted + _learned.Evicted + _evictedPending;

    /// <summary>Regex matches given up after the backtracking timeout (only patterns the automaton cannot run).</summary>
    public long RegexTimeouts => _regexTimeouts;

    private long _regexTimeouts;

    /// <summary>Lines each rule matched (its own condition only), by rule id.</summary>
    public IReadOnlyDictionary<string, long> MatchCounts =>
        _rules.Matchers.Where(m => m.Role == MatchRole.Primary).ToDictionary(m => m.Rule.Id, m => _matchCounts[m.Index], StringComparer.Ordinal);

    public void Observe(LogObservation line, IFindingSink sink)
    {
        _firstSeen ??= line.Time;
        Dispatch(line, sink, collect: null);
    }

    /// <summary>The rules whose own condition the line meets, with the values each extracts (no thresholds, no state): `rules test`.</summary>
    public List<(Rule Rule, IReadOnlyDictionary<string, string> Values)> Match(LogObservation line)
    {
        var matches = new List<(Rule, IReadOnlyDictionary<string, string>)>();
        Dispatch(line, sink: null, matches);
        return matches;
    }

    public void Advance(DateTimeOffset now, IFindingSink sink)
    {
        if (_gathering.Count > 0)
        {
            for (int i = 0; i < _gathering.Count; i++)
            {
                if (_gathering[i].Deadline <= now)
                {
                    var group = _gathering[i];
                    _gathering.RemoveAt(i--);
                    Hold(group, now, sink);
                }
            }
        }

        if (_held.Count > 0)
        {
            for (int i = 0; i < _held.Count; i++)
            {
                if (_held[i].Deadline <= now)
                {
                    var held = _held[i];
                    _held.RemoveAt(i--);
                    Commit(held, now, sink);
                }
            }
        }

        if (_dirty.Count > 0)
        {
            for (int i = 0; i < _dirty.Count; i++)
            {
                var episode = _dirty[i];
                if (!episode.Dirty)
                {
                    _dirty.RemoveAt(i--);
                }
                else if (now - episode.LastRaised >= episode.Rule.ReraiseInterval)
                {
                    _dirty.RemoveAt(i--);
                    Raise(episode, now, sink);
                }
            }
        }

        if (now >= _nextSweep)
        {
            _nextSweep = now + SweepInterval;
            Sweep(now);
        }
    }

    // ---------------------------------------------------------------- per line

    private void Dispatch(LogObservation line, IFindingSink? sink, List<(Rule, IReadOnlyDictionary<string, string>)>? collect)
    {
        // The message's characters, not its string: most lines match no rule's keyword, and for them no string is
        // made (a matcher that runs reads Message). Valid until the next line: only the scans below read it.
        // A structured record's error fields are read with its message (RuleText); most lines have none.
        string? ruleText = RuleText.Of(line.Record);
        _cache.Text = ruleText;
        var message = ruleText is not null ? ruleText.AsSpan() : line.Record.MessageChars(ref _messageScratch);
        var text = message[..Math.Min(message.Length, RulePattern.MaxMatchedChars)];
        int anchorCount = _rules.Scanner.Count;
        Span<bool> found = anchorCount <= 1024 ? stackalloc bool[anchorCount] : new bool[anchorCount];
        bool any;
        if (ruleText is null && line.MessageKeywords is { } shared && ReferenceEquals(line.MessageKeywordsOf, _rules.Scanner))
        {
            // The recogniser's scan of this line's shape: only the keywords a shape can hide are looked for here.
            shared.CopyTo(found);
            any = shared.AsSpan().Contains(true);
            if (_rules.ShapeSensitive is { } sensitive)
            {
                any |= sensitive.Scan(text, found);
            }
        }
        else
        {
            // Scanned part by part: what the line's quoted parts hold is remembered (QuotedSegmentScan; exact).
            any = anchorCount > 0 && (_segmentScan ??= new QuotedSegmentScan(_rules.Scanner, _rules.QuoteSplit)).Scan(text, found);
        }

        if (any)
        {
            int matcherCount = _rules.Matchers.Length;
            Span<bool> tried = matcherCount <= 1024 ? stackalloc bool[matcherCount] : new bool[matcherCount];
            // Found anchors are few: skipped to with a vectorised search rather than a test of each of the hundreds.
            var flags = System.Runtime.InteropServices.MemoryMarshal.AsBytes(found);
            for (int a = flags.IndexOf((byte)1); a >= 0; a = flags[++a..].IndexOf((byte)1) is var next and >= 0 ? a + next : -1)
            {
                foreach (int index in _rules.MatchersByAnchor[a])
                {
                    if (!tried[index])
                    {
                        tried[index] = true;
                        Try(_rules.Matchers[index], line, sink, collect);
                    }
                }
            }
        }

        foreach (RuleMatcher matcher in _rules.Unanchored)
        {
            Try(matcher, line, sink, collect);
        }

        if (line.Security is { } security && _rules.BySecurityKind.TryGetValue(security.Kind, out var bySecurity))
        {
            foreach (RuleMatcher matcher in bySecurity)
            {
                Try(matcher, line, sink, collect);
            }
        }
    }

    private void Try(RuleMatcher matcher, LogObservation line, IFindingSink? sink, List<(Rule, IReadOnlyDictionary<string, string>)>? collect)
    {
        if (collect is not null && matcher.Role != MatchRole.Primary)
        {
            return;
        }

        // Values go into a scratch dictionary: most matches count towards a threshold or an 'after' and are
        // forgotten (a firewall's every dropped packet); only a match that becomes part of a finding keeps a copy.
        _scratch.Clear();
        Dictionary<string, string>? values = _scratch;
        if (!matcher.Condition.Matches(line, _cache, ref values, ref _regexTimeouts))
        {
            return;
        }

        Rule rule = matcher.Rule;
        if (collect is null)
        {
            _matchCounts[matcher.Index]++;
        }

        switch (matcher.Role)
        {
            case MatchRole.After:
                // Counted by key only: no dictionary of values for what may be most lines of an auth log.
                if (SameKey(rule.Id, rule.After!.Same, values, line))
                {
                    if (!_afterCounts.TryGet(_key.Span, out var counter))
                    {
                        _afterCounts.Set(_key.Span, counter = new WindowCounter(rule.After.Within));
                    }

                    counter.Add(line.Time);
                }

                return;
            case MatchRole.Clear:
                var clearing = matcher.ClearingSpec!;
                if (SameKey(rule.ClearingPrefixes[matcher.Clearing], clearing.Same, values, line))
                {
                    _clears.Set(_key.Span, line.Time);
                    ReleaseCleared(rule, matcher.Clearing, _key.Span, line.Time, sink!);
                }

                return;
        }

        string? prior = null;
        if (collect is null && rule.After is { } after)
        {
            // Most successes have no failures before them: decided before anything is allocated.
            int count = SameKey(rule.Id, after.Same, values, line) && _afterCounts.TryGet(_key.Span, out var counter) ? counter.CountAt(line.Time) : 0;
            if (count < after.Count)
            {
                return;
            }

            prior = count.ToString(CultureInfo.InvariantCulture);
        }

        if (!rule.ExtractsLate || collect is not null)
        {
            Extract(rule, line.Record, _cache.Text, ref values);
        }

        values ??= new Dictionary<string, string>(16, StringComparer.Ordinal);
        string[]? extracted = rule.Gather is not null ? [.. values.Keys] : null;
        LineValues.AddTo(values, line, includeFields: collect is not null || rule.UsesFields);
        if (prior is not null)
        {
            values["prior"] = prior;
        }

        if (collect is not null)
        {
            collect.Add((rule, new Dictionary<string, string>(values, StringComparer.Ordinal)));
            return;
        }

        OnMatch(rule, line, values, extracted, sink!);
    }

    private void OnMatch(Rule rule, LogObservation line, Dictionary<string, string> values, string[]? extracted, IFindingSink sink)
    {
        foreach (var (name, globs) in rule.Allow)
        {
            if (values.TryGetValue(name, out string? value) && globs.Any(g => Glob.IsMatch(g, value)))
            {
                return;
            }
        }

        DateTimeOffset time = line.Time;
        FindingSeverity severity = rule.Severity;
        if (rule.Novel is { } novel)
        {
            switch (Novelty(rule, novel, values, time))
            {
                case NoveltyVerdict.Quiet:
                    return;
                case NoveltyVerdict.Known:
                    severity = FindingSeverity.Info;
                    break;
            }
        }

        int windowCount = 0;
        if (rule.Threshold is { } threshold)
        {
            // Looked up by the key's text: a string is made only for a match that raises.
            _key.Clear().Append(rule.Id).Append('\u001f');
            foreach (var chunk in BuildFindingKey(rule, values).GetChunks())
            {
                _key.Append(chunk.Span);
            }

            if (!_windows.TryGet(_key.Span, out var window))
            {
                _windows.Set(_key.Span, window = new WindowCounter(threshold.Within)
                {
                    Distinct = threshold.Distinct is null ? null : new DistinctValuesInWindow(threshold.MinDistinct, threshold.Within),
                });
            }

            windowCount = window.Add(time);
            int distinct = window.Distinct is { } seen && values.TryGetValue(threshold.Distinct!, out string? value) ? seen.Add(value, time) : 0;
            if (windowCount < threshold.Count || distinct < threshold.MinDistinct)
            {
                return;
            }

            if (rule.Escalate is { } escalate && windowCount >= escalate.Count)
            {
                severity = escalate.Severity;
            }
        }

        if (rule.Gather is null && rule.ClearedBy.Count == 0)
        {
            // The common case, and the busy one (a flood of matches): straight into the finding, no pending state.
            // Looked up by the key's text (a string is made for a new finding only). A rule that extracts late
            // (a firewall's port and protocol) leaves that to the raise: of a flood past its threshold only the
            // line a raise shows needs them, and they name nothing the key, the entities or the checks above use.
            var builder = BuildFindingKey(rule, values);
            _key.Clear();
            foreach (var chunk in builder.GetChunks())
            {
                _key.Append(chunk.Span);
            }

            values = new Dictionary<string, string>(values, StringComparer.Ordinal); // kept by the finding (see Try)
            LogRecord? late = rule.ExtractsLate ? line.Record : null;
            if (_episodes.TryGet(_key.Span, out var episode) && time - episode.LastSeen <= Gap(episode.Rule))
            {
                episode.AddLine(rule, values, late, severity, windowCount, line);
                Update(episode, time, sink);
            }
            else
            {
                string key = builder.Length == rule.Kind.Length ? rule.Kind : builder.ToString();
                episode = new Episode { Key = key, Kind = rule.Kind, Rule = rule, Entities = Entities(rule, values), FirstSeen = time, Severity = severity };
                _episodes.Set(key, episode);
                episode.AddLine(rule, values, late, severity, windowCount, line);
                Raise(episode, time, sink);
            }

            return;
        }

        if (rule.ExtractsLate)
        {
            Dictionary<string, string>? late = values;
            Extract(rule, line.Record, _cache.Text, ref late);
        }

        values = new Dictionary<string, string>(values, StringComparer.Ordinal); // kept by the finding (see Try)

        var candidate = new Candidate
        {
            Rule = rule,
            Values = values,
            Extracted = [.. extracted ?? []],
            Rules = [rule],
            Severity = severity,
            FirstSeen = time,
            LastSeen = time,
            WindowCount = windowCount,
        };
        candidate.AddLine(line);
        if (rule.Gather is { } gather)
        {
            Gather(candidate, gather, time, sink);
        }
        else
        {
            Hold(candidate, time, sink);
        }
    }

    /// <param name="ruleText">The line's text for the rules when it is more than its message (<see cref="RuleText"/>), else null.</param>
    private static void Extract(Rule rule, LogRecord record, string? ruleText, ref Dictionary<string, string>? values)
    {
        var extractions = rule.Extract;
        for (int i = 0; i < extractions.Count; i++) // indexed: a foreach over the IReadOnlyList boxes its enumerator
        {
            Extraction extract = extractions[i];
            if ((extract.Field is null ? ruleText ?? record.Message : MatchCondition.FieldValue(record, extract.Field)) is { } text)
            {
                extract.Pattern.Match(text, ref values, out _);
            }
        }
    }

    private enum NoveltyVerdict
    {
        /// <summary>A new value after learning: the rule raises as it says.</summary>
        New,

        /// <summary>A known value, and the rule records those as info.</summary>
        Known,

        /// <summary>Learning, a known value, or no value: nothing to raise.</summary>
        Quiet,
    }

    /// <summary>
    /// Whether the rule's entity value is new on this host for rules of its kind, learning it (unless the
    /// rule only consults what others learned); values unseen for the rule's <c>forget</c> time count as new.
    /// </summary>
    private NoveltyVerdict Novelty(Rule rule, Novelty novel, Dictionary<string, string> values, DateTimeOffset time)
    {
        if (!rule.Entities.TryGetValue(novel.Entity, out var template) || template.Render(values) is not { } value)
        {
            return NoveltyVerdict.Quiet;
        }

        _key.Clear().Append(rule.Kind).Append('\u001f').Append(values.GetValueOrDefault("host")).Append('\u001f').Append(novel.Entity).Append('\u001f').Append(value);
        bool known = _learned.TryGet(_key.Span, out long lastSeen) && (novel.Forget is not { } forget || time.UtcTicks - lastSeen <= forget.Ticks);
        if (novel.Remember || known)
        {
            _learned.Set(_key.Span, Math.Max(lastSeen, time.UtcTicks));
        }

        if (known)
        {
            return novel.KnownAsInfo ? NoveltyVerdict.Known : NoveltyVerdict.Quiet;
        }

        // While learning, a rule that records known values records these too (the daemon's first days stay visible).
        return time >= (_firstSeen ?? time) + novel.Learn ? NoveltyVerdict.New : novel.KnownAsInfo ? NoveltyVerdict.Known : NoveltyVerdict.Quiet;
    }

    // ---------------------------------------------------------------- gathering, holds, episodes

    /// <summary>Joins a pending group of the same kind and host whose extracted values agree, or opens one.</summary>
    private void Gather(Candidate candidate, TimeSpan gather, DateTimeOffset now, IFindingSink sink)
    {
        string? host = candidate.Values.GetValueOrDefault("host");
        foreach (Candidate group in _gathering)
        {
            if (group.Rule.Kind == candidate.Rule.Kind && group.Values.GetValueOrDefault("host") == host
                && candidate.FirstSeen <= group.Deadline && Agrees(group, candidate))
            {
                group.Merge(candidate);
                return;
            }
        }

        candidate.Deadline = candidate.FirstSeen + gather;
        if (_gathering.Count >= _options.MaxPending)
        {
            var oldest = _gathering[0];
            _gathering.RemoveAt(0);
            _evictedPending++;
            Hold(oldest, now, sink);
        }

        _gathering.Add(candidate);
    }

    /// <summary>Gathered lines agree when every value both extracted is the same (lines naming different things do not join).</summary>
    private static bool Agrees(Candidate group, Candidate candidate)
    {
        foreach (string name in candidate.Extracted)
        {
            if (group.Extracted.Contains(name) && group.Values[name] != candidate.Values[name])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Holds a match until its clearing lines had their time, or commits it when the rule has none.</summary>
    private void Hold(Candidate candidate, DateTimeOffset now, IFindingSink sink)
    {
        Rule rule = candidate.Rule;
        if (rule.ClearedBy.Count == 0)
        {
            Commit(candidate, now, sink);
            return;
        }

        TimeSpan longest = TimeSpan.Zero;
        candidate.ClearKeys = new string?[rule.ClearedBy.Count];
        for (int i = 0; i < rule.ClearedBy.Count; i++)
        {
            Clearing clearing = rule.ClearedBy[i];
            longest = longest > clearing.Within ? longest : clearing.Within;
            if (!SameKey(rule.ClearingPrefixes[i], clearing.Same, candidate.Values, line: null))
            {
                continue;
            }

            candidate.ClearKeys[i] = _key.ToString();
            if (_clears.TryGet(_key.Span, out var cleared) && cleared >= candidate.FirstSeen - ClearTolerance && cleared <= candidate.FirstSeen + clearing.Within)
            {
                candidate.Severity = FindingSeverity.Info;
                Commit(candidate, now, sink);
                return;
            }
        }

        candidate.Deadline = candidate.FirstSeen + longest;
        if (_held.Count >= _options.MaxPending)
        {
            var oldest = _held[0];
            _held.RemoveAt(0);
            _evictedPending++;
            Commit(oldest, now, sink);
        }

        _held.Add(candidate);
    }

    private void ReleaseCleared(Rule rule, int clearing, ReadOnlySpan<char> key, DateTimeOffset time, IFindingSink sink)
    {
        var spec = rule.ClearedBy[clearing];
        for (int i = 0; i < _held.Count; i++)
        {
            var held = _held[i];
            if (held.Rule == rule && time >= held.FirstSeen - ClearTolerance && time <= held.FirstSeen + spec.Within
                && held.ClearKeys?[clearing] is { } heldKey && key.SequenceEqual(heldKey))
            {
                _held.RemoveAt(i--);
                held.Severity = FindingSeverity.Info;
                Commit(held, time, sink);
            }
        }
    }

    /// <summary>Adds a match (or a gathered group) to its finding, raising it when it is new, rises in severity, or is due an update.</summary>
    private void Commit(Candidate candidate, DateTimeOffset now, IFindingSink sink)
    {
        Rule rule = candidate.Rule;
        var entities = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Rule member in candidate.Rules.OrderBy(r => r.Order))
        {
            foreach (var (name, value) in Entities(member, candidate.Values))
            {
                entities.TryAdd(name, value);
            }
        }

        string key = FindingKey(rule.Kind, entities);
        if (!_episodes.TryGet(key, out var episode) || candidate.FirstSeen - episode.LastSeen > Gap(episode.Rule))
        {
            episode = new Episode { Key = key, Kind = rule.Kind, Rule = rule, Entities = entities, FirstSeen = candidate.FirstSeen, Severity = candidate.Severity };
            _episodes.Set(key, episode);
            episode.Add(candidate);
            Raise(episode, now, sink);
            return;
        }

        episode.Add(candidate);
        Update(episode, now, sink);
    }

    /// <summary>After a finding took more lines: raise it when its severity rose or an update is due, else remember it is due one.</summary>
    private void Update(Episode episode, DateTimeOffset now, IFindingSink sink)
    {
        if (episode.Severity > episode.RaisedSeverity || now - episode.LastRaised >= episode.Rule.ReraiseInterval)
        {
            Raise(episode, now, sink);
        }
        else if (!episode.Dirty)
        {
            episode.Dirty = true;
            _dirty.Add(episode);
        }
    }

    private static void Raise(Episode episode, DateTimeOffset now, IFindingSink sink)
    {
        Rule rule = episode.Rule;
        var values = episode.Values;
        if (episode.ExtractLateFrom is { } record)
        {
            // The late extraction of the line these values came from, as OnMatch would have made it before the copy.
            Dictionary<string, string>? late = values;
            Extract(rule, record, RuleText.Of(record), ref late);
            episode.ExtractLateFrom = null;
        }

        values["count"] = (rule.Threshold is not null ? Math.Max(episode.WindowCount, 1) : episode.Count).ToString(CultureInfo.InvariantCulture);
        if (rule.Threshold is { } threshold)
        {
            values["window"] = Humanize(threshold.Within);
        }

        foreach (var (name, value) in episode.Entities)
        {
            values.TryAdd(name, value);
        }

        string title = rule.Title.Render(values) ?? $"{rule.Id} ({string.Join(", ", episode.Entities.Values)})";
        var measurements = new Dictionary<string, double> { ["count"] = episode.Count };
        if (rule.Threshold is not null)
        {
            measurements["window_count"] = episode.WindowCount;
        }

        if (values.TryGetValue("prior", out string? prior) && double.TryParse(prior, CultureInfo.InvariantCulture, out double priorCount))
        {
            measurements["prior"] = priorCount;
        }

        sink.Raise(new Finding
        {
            Timestamp = now,
            Severity = episode.Severity,
            Kind = episode.Kind,
            Title = title,
            Entities = episode.Entities,
            FirstSeen = episode.FirstSeen,
            LastSeen = episode.LastSeen,
            Count = episode.Count,
            Detector = "rules",
            Evidence = new Evidence
            {
                Templates = [.. episode.Templates.Select(t => new TemplateEvidence(t.Key, t.Value.Text, t.Value.Count))],
                Samples = [.. episode.Samples],
                Measurements = measurements,
            },
        });
        episode.LastRaised = now;
        episode.RaisedSeverity = episode.Severity;
        episode.Dirty = false;
    }

    private void Sweep(DateTimeOffset now)
    {
        _episodes.RemoveWhere((_, e) => !e.Dirty && now - e.LastSeen > Gap(e.Rule));
        _windows.RemoveWhere((_, w) => now - w.Newest > EpisodeGap);
        _afterCounts.RemoveWhere((_, w) => now - w.Newest > EpisodeGap + EpisodeGap);
        _clears.RemoveWhere((_, t) => now - t > EpisodeGap);
    }

    /// <summary>How long a finding must be quiet before the same key starts a new one: the episode gap, or the rule's longer quiet time.</summary>
    private static TimeSpan Gap(Rule rule) => rule.Quiet is { } quiet && quiet > EpisodeGap ? quiet : EpisodeGap;

    // ---------------------------------------------------------------- keys and text

    private static Dictionary<string, string> Entities(Rule rule, Dictionary<string, string> values)
    {
        var entities = new Dictionary<string, string>(rule.Entities.Count, StringComparer.Ordinal);
        foreach (var (name, template) in rule.Entities)
        {
            if (template.Render(values) is { Length: > 0 } value)
            {
                entities[name] = value;
            }
        }

        return entities;
    }

    /// <summary>The key <see cref="Finding.Key"/> computes for these entities.</summary>
    private static string FindingKey(string kind, Dictionary<string, string> entities)
    {
        if (entities.Count == 0)
        {
            return kind;
        }

        var builder = new StringBuilder(kind).Append('{');
        bool first = true;
        foreach (string name in entities.Keys.Order(StringComparer.Ordinal))
        {
            builder.Append(first ? "" : ",").Append(name).Append('=').Append(entities[name]);
            first = false;
        }

        return builder.Append('}').ToString();
    }

    /// <summary>The finding key into <see cref="_keyBuilder"/>: the kind alone when no entity has a value.</summary>
    private StringBuilder BuildFindingKey(Rule rule, Dictionary<string, string> values)
    {
        var builder = _keyBuilder.Clear().Append(rule.Kind).Append('{');
        bool first = true;
        var order = rule.EntityOrder;
        for (int i = 0; i < order.Count; i++) // indexed: a foreach over the IReadOnlyList boxes its enumerator
        {
            var (name, template) = order[i];
            int mark = builder.Length;
            builder.Append(first ? "" : ",").Append(name).Append('=');
            int start = builder.Length;
            if (!template.AppendTo(builder, values) || builder.Length == start)
            {
                builder.Length = mark;
                continue;
            }

            first = false;
        }

        if (first)
        {
            builder.Length = rule.Kind.Length;
        }
        else
        {
            builder.Append('}');
        }

        return builder;
    }

    private readonly StringBuilder _keyBuilder = new(128);

    private readonly Dictionary<string, string> _scratch = new(16, StringComparer.Ordinal);
    private char[] _messageScratch = new char[256];

    /// <summary>
    /// Builds into <see cref="_key"/> a key of the prefix, the host and the named values, taken from the
    /// extracted values or else from the line; false when one of them is missing (nothing to compare).
    /// </summary>
    private bool SameKey(string prefix, IReadOnlyList<string> names, Dictionary<string, string>? values, LogObservation? line)
    {
        _key.Clear().Append(prefix).Append('\u001f').Append(Resolve("host", values, line));
        for (int i = 0; i < names.Count; i++)
        {
            if (Resolve(names[i], values, line) is not { } value)
            {
                return false;
            }

            _key.Append('\u001f').Append(value);
        }

        return true;
    }

    private static string? Resolve(string name, Dictionary<string, string>? values, LogObservation? line) =>
        values is not null && values.TryGetValue(name, out string? value) ? value : line is null ? null : LineValues.Get(line, name);

    private readonly KeyText _key = new();

    /// <summary>"30 s", "1 min", "10 min", "1 h", "2 d".</summary>
    internal static string Humanize(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } when span.TotalDays == Math.Floor(span.TotalDays) => $"{span.TotalDays:0} d",
        { TotalHours: >= 1 } when span.TotalHours == Math.Floor(span.TotalHours) => $"{span.TotalHours:0} h",
        { TotalMinutes: >= 1 } => $"{span.TotalMinutes:0.#} min",
        _ => $"{span.TotalSeconds:0.#} s",
    };

    // ---------------------------------------------------------------- state

    public byte[] SaveState()
    {
        var state = new RuleDetectorState
        {
            Version = 1,
            FirstSeen = _firstSeen,
            Learned = [.. _learned.Entries().Select(e => new LearnedValue { Key = e.Key, LastSeen = e.Value })],
        };
        return JsonSerializer.SerializeToUtf8Bytes(state, RuleStateJson.Default.RuleDetectorState);
    }

    /// <summary>Restores what was learned; garbled or foreign state is ignored (learning starts again).</summary>
    public void LoadState(ReadOnlySpan<byte> state)
    {
        RuleDetectorState? loaded;
        try
        {
            loaded = JsonSerializer.Deserialize(state, RuleStateJson.Default.RuleDetectorState);
        }
        catch (JsonException)
        {
            return;
        }

        if (loaded is not { Version: 1 })
        {
            return;
        }

        _firstSeen = loaded.FirstSeen;
        foreach (var value in loaded.Learned ?? [])
        {
            if (!string.IsNullOrEmpty(value.Key))
            {
                _learned.Set(value.Key, value.LastSeen);
            }
        }
    }

    // ---------------------------------------------------------------- types

    /// <summary>A match on its way to a finding: one line, or several gathered ones.</summary>
    private sealed class Candidate
    {
        public required Rule Rule { get; set; }
        public required Dictionary<string, string> Values { get; init; }
        public required HashSet<string> Extracted { get; init; }
        public required List<Rule> Rules { get; init; }
        public required FindingSeverity Severity { get; set; }
        public required DateTimeOffset FirstSeen { get; init; }
        public required DateTimeOffset LastSeen { get; set; }
        public int WindowCount { get; set; }
        public long Count { get; set; }
        public DateTimeOffset Deadline { get; set; }

        /// <summary>While held: the key each clearing would carry for it (null where a value is missing).</summary>
        public string?[]? ClearKeys { get; set; }
        public List<string> Samples { get; } = [];
        public Dictionary<int, (string Text, long Count)> Templates { get; } = [];

        public void AddLine(LogObservation line)
        {
            Count++;
            if (Samples.Count < Evidence.MaxSamples)
            {
                Samples.Add(Evidence.Sample(line.Record));
            }

            AddTemplate(Templates, line.Template.Id, line.Template.Text, 1);
        }

        public void Merge(Candidate other)
        {
            foreach (string name in other.Extracted)
            {
                if (Extracted.Add(name))
                {
                    Values[name] = other.Values[name];
                }
            }

            foreach (var (name, value) in other.Values)
            {
                Values.TryAdd(name, value);
            }

            if (!Rules.Contains(other.Rule))
            {
                Rules.Add(other.Rule);
            }

            if (other.Rule.Order < Rule.Order)
            {
                Rule = other.Rule;
            }

            Severity = Severity >= other.Severity ? Severity : other.Severity;
            LastSeen = LastSeen >= other.LastSeen ? LastSeen : other.LastSeen;
            WindowCount = Math.Max(WindowCount, other.WindowCount);
            Count += other.Count;
            foreach (string sample in other.Samples)
            {
                if (Samples.Count < Evidence.MaxSamples)
                {
                    Samples.Add(sample);
                }
            }

            foreach (var (id, (text, count)) in other.Templates)
            {
                AddTemplate(Templates, id, text, count);
            }
        }
    }

    internal static void AddTemplate(Dictionary<int, (string Text, long Count)> templates, int id, string text, long count)
    {
        if (templates.TryGetValue(id, out var known))
        {
            templates[id] = (known.Text, known.Count + count);
        }
        else if (templates.Count < Evidence.MaxSamples)
        {
            templates[id] = (text, count);
        }
    }

    /// <summary>One finding over time: what the incident tracker sees as raises of one key.</summary>
    private sealed class Episode
    {
        public required string Key { get; init; }
        public required string Kind { get; init; }
        public required Rule Rule { get; set; }
        public required IReadOnlyDictionary<string, string> Entities { get; init; }
        public required DateTimeOffset FirstSeen { get; init; }
        public required FindingSeverity Severity { get; set; }
        public DateTimeOffset LastSeen { get; set; }
        public DateTimeOffset LastRaised { get; set; } = DateTimeOffset.MinValue;
        public FindingSeverity RaisedSeverity { get; set; }
        public long Count { get; set; }
        public int WindowCount { get; set; }
        public bool Dirty { get; set; }
        public Dictionary<string, string> Values { get; set; } = [];
        public List<string> Samples { get; } = [];
        public Dictionary<int, (string Text, long Count)> Templates { get; } = [];

        /// <summary>
        /// The line whose late extractions (<see cref="Rule.ExtractsLate"/>) <see cref="Values"/> still lack: made when
        /// the finding is raised, so that a flood past its threshold runs them once per raise, not once per line.
        /// </summary>
        public LogRecord? ExtractLateFrom { get; set; }

        /// <summary>One more line straight from a rule (no gathering or hold).</summary>
        public void AddLine(Rule rule, Dictionary<string, string> values, LogRecord? extractLateFrom, FindingSeverity severity, int windowCount, LogObservation line)
        {
            Rule = rule;
            Values = values;
            ExtractLateFrom = extractLateFrom;
            Count++;
            LastSeen = LastSeen >= line.Time ? LastSeen : line.Time;
            WindowCount = windowCount;
            Severity = Severity >= severity ? Severity : severity;
            if (Samples.Count < Evidence.MaxSamples)
            {
                Samples.Add(Evidence.Sample(line.Record));
            }

            AddTemplate(Templates, line.Template.Id, line.Template.Text, 1);
        }

        public void Add(Candidate candidate)
        {
            Rule = candidate.Rule;
            Values = candidate.Values;
            ExtractLateFrom = null;
            Count += candidate.Count;
            LastSeen = LastSeen >= candidate.LastSeen ? LastSeen : candidate.LastSeen;
            WindowCount = candidate.WindowCount;
            Severity = Severity >= candidate.Severity ? Severity : candidate.Severity;
            foreach (string sample in candidate.Samples)
            {
                if (Samples.Count < Evidence.MaxSamples)
                {
                    Samples.Add(sample);
                }
            }

            foreach (var (id, (text, count)) in candidate.Templates)
            {
                AddTemplate(Templates, id, text, count);
            }
        }
    }
}

/// <summary>What the rule detector keeps across restarts: when it started learning, and the values it learned.</summary>
internal sealed class RuleDetectorState
{
    public int Version { get; set; }

    public DateTimeOffset? FirstSeen { get; set; }

    public List<LearnedValue>? Learned { get; set; }
}

internal sealed class LearnedValue
{
    public string Key { get; set; } = "";

    public long LastSeen { get; set; }
}

[JsonSerializable(typeof(RuleDetectorState))]
internal sealed partial class RuleStateJson : JsonSerializerContext;
