namespace LogWarden.Detect.Baselines;

/// <summary>How a <see cref="CountBaseline"/> judges its window: the one spike rule every count shares.</summary>
/// <param name="WindowMinutes">Length of the running window (at most 15).</param>
/// <param name="MinCount">No spike below this many lines in the window, however unlikely.</param>
/// <param name="Ratio">No spike below this multiple of the expected count.</param>
/// <param name="Probability">Poisson upper-tail probability a spike must fall under.</param>
/// <param name="PeakMargin">A bursty count must exceed its learned peak by this factor.</param>
/// <param name="BurstyRatio">A count whose learned peak is this many times its mean window is bursty.</param>
internal sealed record SpikeRule(int WindowMinutes, int MinCount, double Ratio, double Probability, double PeakMargin, double BurstyRatio)
{
    /// <summary>Half-life of a learned peak: a burst seen two weeks ago still counts a quarter.</summary>
    public const double PeakHalfLifeMinutes = 7 * 24 * 60;
}

/// <summary>
/// One learned count (a template's lines, a source's lines, a source's error lines): per-minute window,
/// hourly profile, learned peak, and the window count at which it is a spike, recomputed once per
/// minute so that the hot path is an increment and one comparison.
/// </summary>
/// <remarks>
/// The spike threshold is the largest of: <see cref="SpikeRule.MinCount"/>, <see cref="SpikeRule.Ratio"/>
/// times the expected count, the Poisson count whose upper tail is <see cref="SpikeRule.Probability"/>,
/// and — for a bursty count, one whose learned peak window is <see cref="SpikeRule.BurstyRatio"/> times its
/// mean — <see cref="SpikeRule.PeakMargin"/> times the peak. So low counts never alert on 0→3, a daily
/// rhythm is expected, and a line that normally comes in bursts of 200 is judged against 200, not its mean.
/// Windows during a young spike episode (under an hour) do not raise the peak while it lasts, so the
/// episode keeps being judged against what was normal before it; when it ends, its largest window
/// becomes the peak, so a burst that recurs (a nightly batch, a client that retries in bursts) is
/// raised once, not every time. A change that lasts becomes the new normal. Other windows become the
/// peak only after the next hour has closed without an episode starting: the first minutes of a spike,
/// closed before its count crossed the threshold, must not become the peak it is then judged against.
/// </remarks>
internal sealed class CountBaseline(SpikeRule rule)
{
    private const double MeanFloor = 0.5;

    private MinuteWindow _window;
    private double _expected;

    /// <summary>Window count at which <see cref="Add"/> reports: the lower of the Info threshold and the surge threshold.</summary>
    private int _trigger = int.MaxValue;

    /// <summary>Minutes counted since the last gap in the data (saturating): whether a closed window is full.</summary>
    private int _filled;

    /// <summary>The largest window closed this hour, and the previous hour's, not yet learned as the peak.</summary>
    private int _hourMax;
    private long _hourMaxMinute;
    private int _heldMax;
    private long _heldMaxMinute;

    /// <summary>How its window is judged; a template becoming an error template gets the error rule.</summary>
    public SpikeRule Rule { get; set; } = rule;

    public RateProfile Rate { get; } = new();

    /// <summary>For a source's traffic: how uneven it is, and the surge thresholds of its two windows (null for other counts).</summary>
    public TrafficShape? Shape { get; init; }

    /// <summary>Lines in the current hour.</summary>
    public int HourCount;

    /// <summary>Largest window count seen (decayed with <see cref="SpikeRule.PeakHalfLifeMinutes"/>), at <see cref="PeakMinute"/>.</summary>
    public double Peak;

    public long PeakMinute;

    /// <summary>Window count at which the window is a spike; <see cref="int.MaxValue"/> until judged.</summary>
    public int Threshold = int.MaxValue;

    /// <summary>
    /// Lines in one minute at which a template's or family's rate is watched line by line (<see cref="RateHold"/>): three,
    /// and one more than twice its expected minute; <see cref="int.MaxValue"/> while not judged or bursty.
    /// </summary>
    public int HoldTrigger = int.MaxValue;

    /// <summary>Whether spikes may be judged (learning done, enough history); set by the owner.</summary>
    public bool Judged;

    /// <summary>First minute of the current spike episode, or −1.</summary>
    public long EpisodeStart = -1;

    /// <summary>Last minute the window was over the threshold.</summary>
    public long LastOver = -1;

    /// <summary>Lines counted during the current episode.</summary>
    public long EpisodeCount;

    /// <summary>The largest window count of the current episode: learned as a peak when the episode ends.</summary>
    public int EpisodeMax;

    /// <summary>When the current episode was last raised (UTC ticks), 0 if not.</summary>
    public long LastRaised;

    /// <summary>Whether the current episode was raised as a warning.</summary>
    public bool EpisodeWarned;

    /// <summary>Whether the current episode was found strong but not made a warning (another finding carries it).</summary>
    public bool EscalationDeclined;

    public long Minute => _window.Minute;

    /// <summary>Lines in the running window.</summary>
    public int Recent => _window.Recent;

    /// <summary>Lines in the current minute.</summary>
    public int CurrentMinuteCount => _window.CountAt(_window.Minute);

    /// <summary>
    /// For a source's traffic: how far it runs above its own expectation now, over its window or its last closed minute
    /// (damped for small counts), at least 1. A line that follows the load comes that much more often.
    /// </summary>
    public double LoadFactor()
    {
        double perMinute = _expected / Rule.WindowMinutes;
        return Math.Max(1, Math.Max((Recent + 5) / (_expected + 5), (ClosedSum(1) + 2) / (perMinute + 2)));
    }


    /// <summary>The expected window count used for the current threshold.</summary>
    public double ExpectedInWindow => _expected;

    /// <summary>Counts one line at <paramref name="minute"/>; true when the window is now at or over the threshold.</summary>
    public bool Add(long minute)
    {
        if (minute != _window.Minute)
        {
            Roll(minute);
        }
        _window.Add();
        HourCount++;
        if (EpisodeStart >= 0)
        {
            EpisodeCount++;
        }
        return _window.Recent >= _trigger;
    }

    /// <summary>Closes minutes up to <paramref name="minute"/>: learns the peak, ends quiet episodes, recomputes the threshold.</summary>
    public void Roll(long minute)
    {
        if (minute <= _window.Minute)
        {
            return;
        }
        CloseWindow(minute, endEpisode: minute - LastOver > 10);
        _filled = (int)Math.Min(MinuteWindow.Minutes, _filled + (minute - _window.Minute));
        _window.Roll(minute, Rule.WindowMinutes);
        UpdateThreshold(minute);
    }

    /// <summary>Learns from the window as it closes at <paramref name="minute"/>: its peak, and the end of an episode.</summary>
    private void CloseWindow(long minute, bool endEpisode)
    {
        int closed = _window.Recent;
        long previous = _window.Minute;
        if (closed >= Threshold)
        {
            LastOver = previous;
        }
        if (EpisodeStart < 0 || previous - EpisodeStart >= 60)
        {
            if (closed > _hourMax)
            {
                _hourMax = closed;
                _hourMaxMinute = previous;
            }
            if (Shape is { } shape)
            {
                int drop = _window.CountAt(previous) + _window.ClosedSum(TrafficShape.DropWindowMinutes - 1);
                shape.NoteWindow(closed, full: _filled >= Rule.WindowMinutes, drop, dropFull: _filled >= TrafficShape.DropWindowMinutes, previous);
            }
        }
        Shape?.NoteClosed(closed);
        if (EpisodeStart < 0)
        {
            return;
        }
        EpisodeMax = Math.Max(EpisodeMax, closed);
        if (endEpisode)
        {
            // Over: a burst like it is part of what this count does (a second one like it stays quiet).
            if (EpisodeMax >= DecayedPeak(minute))
            {
                Peak = EpisodeMax;
                PeakMinute = minute;
            }
            EpisodeMax = 0;
            EpisodeStart = -1;
            EpisodeCount = 0;
            LastRaised = 0;
            EpisodeWarned = false;
            EscalationDeclined = false;
        }
    }

    /// <summary>Closes the hour: learns its count, and the previous hour's largest window as the peak (no episode began since).</summary>
    public void CloseHour(int hourOfWeek)
    {
        Rate.AddHour(hourOfWeek, HourCount);
        Shape?.CloseHour(HourCount, Rule.WindowMinutes);
        HourCount = 0;
        if (_heldMax > 0 && _heldMax >= DecayedPeak(_heldMaxMinute))
        {
            Peak = _heldMax;
            PeakMinute = _heldMaxMinute;
        }
        _heldMax = _hourMax;
        _heldMaxMinute = _hourMaxMinute;
        _hourMax = 0;
    }

    /// <summary>Starts over after a gap in the data: the window's peak is learned, the partial hour dropped, the window emptied.</summary>
    public void Resync(long minute)
    {
        CloseWindow(Math.Max(minute, _window.Minute), endEpisode: true);
        _window.Reset(minute);
        _filled = 0;
        HourCount = 0;
        EpisodeStart = -1;
        EpisodeCount = 0;
        EpisodeMax = 0;
        LastRaised = 0;
        EpisodeWarned = false;
        EscalationDeclined = false;
        UpdateThreshold(minute);
    }

    /// <summary>Lines counted in <paramref name="minute"/> (0 outside the window's 16 minutes).</summary>
    public int CountAt(long minute) => _window.CountAt(minute);

    /// <summary>Lines in the closed minutes before the current one (up to 15).</summary>
    public int ClosedSum(int minutes) => _window.ClosedSum(minutes);

    /// <summary>The learned peak as it stands at <paramref name="minute"/>.</summary>
    public double DecayedPeak(long minute) =>
        Peak <= 0 ? 0 : Peak * Math.Pow(0.5, Math.Max(0, minute - PeakMinute) / SpikeRule.PeakHalfLifeMinutes);

    /// <summary>Expected lines over <paramref name="minutes"/> minutes around <paramref name="minute"/>.</summary>
    public double Expected(long minute, double minutes, bool high) =>
        Rate.Expected(minute * LogClock.TicksPerMinute, high) * minutes / 60;

    /// <summary>Whether the count is bursty by nature: its peak window dwarfs its mean window.</summary>
    public bool IsBursty(long minute) =>
        DecayedPeak(minute) >= Rule.BurstyRatio * Math.Max(Rate.MeanPerHour * Rule.WindowMinutes / 60, MeanFloor);

    /// <summary>Opens a spike episode (the caller raises it).</summary>
    public void StartEpisode(long minute)
    {
        if (EpisodeStart < 0)
        {
            EpisodeStart = minute;
            EpisodeCount = _window.Recent;
            _hourMax = _heldMax = 0; // windows of the rise: the episode's own maximum is learned when it ends
            Shape?.DiscardPending();
        }
        LastOver = minute;
    }

    public void UpdateThreshold(long minute)
    {
        _expected = Expected(minute, Rule.WindowMinutes, high: true);
        Shape?.UpdateThreshold(Judged, _expected, minute);
        if (!Judged)
        {
            Threshold = _trigger = HoldTrigger = int.MaxValue;
            return;
        }
        bool bursty = IsBursty(minute);
        HoldTrigger = bursty ? int.MaxValue : (int)Math.Max(3, Math.Ceiling((2 * _expected / Rule.WindowMinutes) + 1));
        double threshold = Math.Max(Rule.MinCount, Math.Ceiling(Rule.Ratio * _expected));
        threshold = Math.Max(threshold, Poisson.UpperQuantile(_expected, Rule.Probability));
        if (bursty)
        {
            threshold = Math.Max(threshold, Math.Ceiling(Rule.PeakMargin * DecayedPeak(minute)));
        }
        if (Shape is { } shape)
        {
            threshold = Math.Max(threshold, Math.Ceiling(shape.BurstAt(minute) * _expected)); // over the burstiest window of normal times
        }
        Threshold = (int)Math.Min(threshold, int.MaxValue);
        _trigger = Math.Min(Threshold, Shape?.Threshold ?? int.MaxValue);
    }

    internal CountState Save() => new(Rate.Save(), Peak, PeakMinute, Shape?.Save());

    internal void Load(CountState? state)
    {
        if (state is null)
        {
            return;
        }
        Rate.Load(state.Rate);
        Shape?.Load(state.Shape);
        if (double.IsFinite(state.Peak) && state.Peak >= 0)
        {
            Peak = state.Peak;
            PeakMinute = state.PeakMinute;
        }
    }
}
