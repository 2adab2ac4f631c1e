namespace LogWarden.Detect.Baselines;

/// <summary>How a source's traffic surges and drops are judged as warnings (<see cref="TrafficShape"/>).</summary>
/// <param name="MinCount">No surge below this many lines in the 5-minute window.</param>
/// <param name="Ratio">No surge below this multiple of the expected count.</param>
/// <param name="Probability">Poisson tail a surge or drop must fall under.</param>
/// <param name="Margin">A surge must exceed the burstiest window of normal times by this factor.</param>
/// <param name="MinHours">Hours whose shape was measured before surges and drops are warnings.</param>
/// <param name="MinWindowMean">An hour's shape is measured when it averaged this many lines per 5-minute window.</param>
/// <param name="DropShare">A drop keeps at most this share of the expected count (and half the quietest drop-long window of normal times).</param>
/// <param name="DropMinExpected">A drop needs this many lines expected in its window.</param>
internal sealed record SurgeRule(int MinCount, double Ratio, double Probability, double Margin, int MinHours, double MinWindowMean, double DropShare, double DropMinExpected);

/// <summary>
/// How uneven a source's traffic is within an hour: its burstiest and its quietest 5-minute windows, and its
/// quietest <see cref="DropWindowMinutes"/>-minute window, each against the hour's own mean. Real traffic is far
/// from Poisson — a crawler fetches hundreds of pages in minutes, every visitor loads ten assets at once — so a
/// surge is judged against the source's own unevenness: the window must exceed the expected count times the
/// burstiest ratio of normal times (with a margin) as well as a Poisson tail, at two minute closes in a row; a
/// drop (judged over <see cref="DropWindowMinutes"/> minutes) must fall under half the quietest window of its own
/// length. A 5-minute lull is what people do: the quietest 5 minutes of a busy evening can hold a fifth of its
/// mean while no quarter of an hour falls under two fifths, so judging a 15-minute drop against the 5-minute
/// lull asked a real drop to go twice as deep (a site that lost 89 % of its visitors was no warning).
/// </summary>
/// <remarks>
/// Ratios against the hour's own mean do not depend on how well the hour-of-week profile is learned yet,
/// and carry over from a busy hour to a quiet one. They are learned like peaks: an hour's windows count
/// once the next hour has closed without a surge starting, and the learned ratios relax toward 1 with a
/// week's half-life. Only hours busy enough for a ratio to mean something are measured.
/// </remarks>
internal sealed class TrafficShape(SurgeRule rule)
{
    /// <summary>The window a drop is judged over (minutes), and its quietest of normal times learned over.</summary>
    public const int DropWindowMinutes = 15;

    private const double HalfLifeMinutes = SpikeRule.PeakHalfLifeMinutes;

    private int _hourMax;
    private int _hourMin = int.MaxValue;
    private int _hourDropMin = int.MaxValue;
    private long _hourMinute;
    private bool _held;
    private double _heldBurst;
    private double _heldTrough;
    private double _heldDropTrough = double.NaN;
    private long _heldMinute;

    public SurgeRule Rule { get; } = rule;

    /// <summary>Learned ratios: the burstiest and the quietest 5-minute window against their hour's mean.</summary>
    public double Burst { get; private set; } = 1;

    public double Trough { get; private set; } = 1;

    /// <summary>Learned ratio: the quietest <see cref="DropWindowMinutes"/>-minute window against its hour's mean (what a drop is judged by).</summary>
    public double DropTrough { get; private set; } = 1;

    /// <summary>When the ratios were last learned (minute index), for their relaxing.</summary>
    public long LearnedMinute { get; private set; }

    /// <summary>Hours whose shape was measured (saturating).</summary>
    public int Hours { get; private set; }

    /// <summary>Window count at which the window is a surge; <see cref="int.MaxValue"/> until judged.</summary>
    public int Threshold { get; private set; } = int.MaxValue;

    /// <summary>Whether the window that closed last was over the surge threshold: a surge that lasts, not a minute's burst.</summary>
    public bool OverAtLastClose { get; private set; }

    public bool Ready => Hours >= Rule.MinHours;

    /// <summary>
    /// A window closed at <paramref name="minute"/> outside a young episode (<paramref name="full"/>: all its
    /// minutes counted since the last gap), with the <see cref="DropWindowMinutes"/> minutes that end with it
    /// (<paramref name="dropCount"/>; <paramref name="dropFull"/>: all of them counted since the last gap).
    /// </summary>
    public void NoteWindow(int count, bool full, int dropCount, bool dropFull, long minute)
    {
        _hourMax = Math.Max(_hourMax, count);
        if (full)
        {
            _hourMin = Math.Min(_hourMin, count);
        }
        if (dropFull)
        {
            _hourDropMin = Math.Min(_hourDropMin, dropCount);
        }
        _hourMinute = minute;
    }

    /// <summary>Any window closed with <paramref name="count"/> lines (judged against the threshold before it is recomputed).</summary>
    public void NoteClosed(int count) => OverAtLastClose = count >= Threshold;

    /// <summary>The hour closed with <paramref name="count"/> lines: the previous hour's shape is learned, this one's held.</summary>
    public void CloseHour(int count, int windowMinutes)
    {
        if (_held)
        {
            Burst = Math.Max(Relaxed(Burst, LearnedMinute, _heldMinute), _heldBurst);
            Trough = Math.Min(Relaxed(Trough, LearnedMinute, _heldMinute), _heldTrough);
            if (!double.IsNaN(_heldDropTrough))
            {
                DropTrough = Math.Min(Relaxed(DropTrough, LearnedMinute, _heldMinute), _heldDropTrough);
            }
            LearnedMinute = _heldMinute;
            Hours = Hours < int.MaxValue ? Hours + 1 : Hours;
        }
        double mean = count * windowMinutes / 60.0;
        _held = mean >= Rule.MinWindowMean && _hourMin != int.MaxValue;
        if (_held)
        {
            _heldBurst = _hourMax / mean;
            _heldTrough = _hourMin / mean;
            _heldDropTrough = _hourDropMin == int.MaxValue ? double.NaN : _hourDropMin / (count * DropWindowMinutes / 60.0);
            _heldMinute = _hourMinute;
        }
        _hourMax = 0;
        _hourMin = int.MaxValue;
        _hourDropMin = int.MaxValue;
    }

    /// <summary>A surge began: the windows of its rise are not normal.</summary>
    public void DiscardPending()
    {
        _held = false;
        _hourMax = 0;
        _hourMin = int.MaxValue;
        _hourDropMin = int.MaxValue;
    }

    /// <summary>Recomputes the surge threshold from the expected window count (cautious high).</summary>
    public void UpdateThreshold(bool judged, double expected, long minute)
    {
        if (!judged || !Ready)
        {
            Threshold = int.MaxValue;
            return;
        }
        double threshold = Math.Max(Rule.MinCount, Math.Ceiling(Rule.Ratio * expected));
        threshold = Math.Max(threshold, Poisson.UpperQuantile(expected, Rule.Probability));
        threshold = Math.Max(threshold, Math.Ceiling(Rule.Margin * BurstAt(minute) * expected));
        Threshold = (int)Math.Min(threshold, int.MaxValue);
    }

    /// <summary>The learned burstiest ratio as it stands (no margin), 0 before it is ready: the Info threshold's floor.</summary>
    public double BurstAt(long minute) => Ready ? Relaxed(Burst, LearnedMinute, minute) : 0;

    /// <summary>
    /// Whether <paramref name="observed"/> lines in <see cref="DropWindowMinutes"/> minutes where <paramref name="expected"/>
    /// were expected (cautious low) is a drop to warn about: at most the rule's share and half the quietest such window
    /// of normal times, and improbable (the rule's Poisson tail) even against that quietest window scaled to this
    /// hour — not only against the average: a quiet source's lines come in clusters (a mail delivery writes eight),
    /// so four lines where 38 were expected is a lull there, while 115 where 700 were is a site that lost its visitors.
    /// </summary>
    public bool IsStrongDrop(int observed, double expected, long minute)
    {
        if (!Ready || expected < Rule.DropMinExpected)
        {
            return false;
        }
        double trough = Relaxed(DropTrough, LearnedMinute, minute);
        return observed <= Math.Min(Rule.DropShare, trough / 2) * expected
            && Poisson.LowerTail(observed, expected * trough) < Rule.Probability;
    }

    /// <summary>A learned ratio relaxed toward 1 (no unevenness) by its age: half of the difference gone in a week.</summary>
    private static double Relaxed(double ratio, long learned, long minute) =>
        1 + ((ratio - 1) * Math.Pow(0.5, Math.Max(0, minute - learned) / HalfLifeMinutes));

    internal ShapeState Save() => new(Burst, Trough, LearnedMinute, Hours, DropTrough);

    internal void Load(ShapeState? state)
    {
        if (state is null || !double.IsFinite(state.Burst) || !double.IsFinite(state.Trough))
        {
            return;
        }
        Burst = Math.Max(1, state.Burst);
        Trough = Math.Clamp(state.Trough, 0, 1);
        // A state saved before the drop window's own trough was learned: the 5-minute one, which is never higher.
        DropTrough = state.DropTrough is { } drop && double.IsFinite(drop) ? Math.Clamp(drop, 0, 1) : Trough;
        LearnedMinute = state.LearnedMinute;
        Hours = Math.Max(0, state.Hours);
    }
}
