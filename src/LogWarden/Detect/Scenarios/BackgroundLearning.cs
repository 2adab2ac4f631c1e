namespace LogWarden.Detect.Scenarios;

/// <summary>
/// What the hourly peaks of a scenario's buckets look like on this host (one sample per key and hour: how
/// high an address's bucket got): a histogram on a log scale, decayed so that the last few days count. Its
/// upper quantile is what this host's routine scanners reach; a population scenario raises its capacity
/// to a multiple of it, so that the background every public server sees does not alert.
/// </summary>
internal sealed class PeakHistogram
{
    /// <summary>Bins of ×1.25: bin 0 holds peaks up to 1, bin 60 peaks of about 650,000 and above.</summary>
    public const int Bins = 61;

    private const double Step = 1.25;

    // Samples lose half their weight in three days: a host's background changes slowly, an old attack fades.
    private static readonly double HourlyDecay = Math.Pow(0.5, 1.0 / 72);

    private readonly double[] _weights = new double[Bins];

    public double Weight { get; private set; }

    public void Add(double peak)
    {
        _weights[BinOf(peak)]++;
        Weight++;
    }

    public void Decay()
    {
        for (int i = 0; i < _weights.Length; i++)
        {
            _weights[i] *= HourlyDecay;
        }

        Weight *= HourlyDecay;
    }

    /// <summary>The weight of peaks above 1: keys that did more than one thing in an hour.</summary>
    public double RepeatWeight => Weight - _weights[0];

    /// <summary>
    /// The upper edge of the bin where the weight below reaches <paramref name="quantile"/> of the peaks above 1.
    /// Keys seen once an hour (a visitor's one 404, a scanner's one try) are most keys and say nothing about
    /// how far the busy ones go, so they are left out.
    /// </summary>
    public double Quantile(double quantile)
    {
        double target = quantile * RepeatWeight, below = 0;
        for (int i = 1; i < _weights.Length; i++)
        {
            below += _weights[i];
            if (below >= target)
            {
                return Math.Pow(Step, i);
            }
        }

        return Math.Pow(Step, Bins - 1);
    }

    public double[] Save() => (double[])_weights.Clone();

    public void Load(double[] weights)
    {
        if (weights.Length != Bins || weights.Any(w => !double.IsFinite(w) || w < 0) || !double.IsFinite(weights.Sum()))
        {
            return;
        }

        weights.CopyTo(_weights, 0);
        Weight = weights.Sum();
    }

    private static int BinOf(double peak) =>
        peak <= 1 ? 0 : Math.Min(Bins - 1, (int)Math.Ceiling(Math.Log(peak) / Math.Log(Step)));
}

/// <summary>
/// The learned rate of one key (a service's new addresses per hour, a site's server errors per hour): an
/// average over all hours and one per hour of the day, each an exponentially weighted mean, so that a busy
/// afternoon is compared with other afternoons. Hours in which the key's bucket overflowed teach a quarter
/// as much, so an attack does not become the norm at once.
/// </summary>
internal sealed class KeyRate
{
    private const double OverallWeight = 1.0 / 48;
    private const double HourOfDayWeight = 0.25;

    private readonly double[] _byHour = new double[24];
    private int _hoursOfDaySeen; // bit per hour of day

    /// <summary>Units counted in the current hour.</summary>
    public double Arrivals { get; set; }

    /// <summary>Whether the key's bucket overflowed in the current hour.</summary>
    public bool OverflowedThisHour { get; set; }

    public double Overall { get; private set; }

    public int Hours { get; private set; }

    /// <summary>
    /// A key first seen after the detector had watched <paramref name="hoursWatched"/> hours: it had no arrivals in
    /// any of them, and its rate starts from those empty hours (every hour of the day among them once a day has
    /// passed), not from its first hour. An account no one tried for two days, tried once by its owner's typo, has
    /// a rate of one in about fifty hours, not one an hour (which made its next attacker need four addresses).
    /// </summary>
    public void StartQuiet(long hoursWatched)
    {
        if (Hours > 0 || hoursWatched <= 0)
        {
            return;
        }

        Hours = (int)Math.Min(hoursWatched, int.MaxValue);
        if (hoursWatched >= 24)
        {
            _hoursOfDaySeen = 0xFFFFFF;
        }
    }

    /// <summary>Ends an hour (of day <paramref name="hourOfDay"/>): learns its arrivals.</summary>
    public void EndHour(int hourOfDay)
    {
        double damp = OverflowedThisHour ? 0.25 : 1;
        double overall = Hours < 48 ? 1.0 / (Hours + 1) : OverallWeight;
        Overall += damp * overall * (Arrivals - Overall);
        int bit = 1 << hourOfDay;
        if ((_hoursOfDaySeen & bit) == 0)
        {
            _byHour[hourOfDay] = Arrivals;
            _hoursOfDaySeen |= bit;
        }
        else
        {
            _byHour[hourOfDay] += damp * HourOfDayWeight * (Arrivals - _byHour[hourOfDay]);
        }

        Hours++;
        Arrivals = 0;
        OverflowedThisHour = false;
    }

    /// <summary>The usual units per hour at <paramref name="hourOfDay"/>: the larger of the overall and that hour's mean.</summary>
    public double PerHour(int hourOfDay) =>
        (_hoursOfDaySeen & (1 << hourOfDay)) != 0 ? Math.Max(Overall, _byHour[hourOfDay]) : Overall;

    public KeyRateState Save() => new(Overall, Hours, (double[])_byHour.Clone(), _hoursOfDaySeen);

    public void Load(KeyRateState state)
    {
        if (!double.IsFinite(state.Overall) || state.Overall < 0 || state.Hours < 0 || state.ByHour is not { Length: 24 }
            || state.ByHour.Any(v => !double.IsFinite(v) || v < 0))
        {
            return;
        }

        Overall = state.Overall;
        Hours = state.Hours;
        state.ByHour.CopyTo(_byHour, 0);
        _hoursOfDaySeen = state.HoursOfDaySeen & 0xFFFFFF;
    }
}

internal sealed record KeyRateState(double Overall, int Hours, double[] ByHour, int HoursOfDaySeen);
