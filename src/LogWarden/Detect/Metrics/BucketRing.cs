namespace LogWarden.Detect.Metrics;

/// <summary>
/// Averages of a series over fixed buckets of time (1 minute, 5 minutes), the last <see cref="Capacity"/> of
/// them, plus the bucket still filling. Missing buckets (no sample) are NaN. Fixed size, no allocation after
/// construction: this is where a series' recent curve lives.
/// </summary>
internal sealed class BucketRing
{
    private readonly double[] _values;
    private long _lastClosed = long.MinValue;
    private long _open = long.MinValue;
    private double _openSum;
    private int _openCount;

    public BucketRing(int bucketSeconds, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketSeconds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        BucketSeconds = bucketSeconds;
        _values = new double[capacity];
        _values.AsSpan().Fill(double.NaN);
    }

    public int BucketSeconds { get; }

    public int Capacity => _values.Length;

    /// <summary>The last closed bucket (unix seconds / bucket seconds), or <see cref="long.MinValue"/> before any.</summary>
    public long LastClosed => _lastClosed;

    /// <summary>The bucket still filling, or <see cref="long.MinValue"/>.</summary>
    public long OpenBucket => _open;

    /// <summary>The oldest bucket still kept (closed or open).</summary>
    public long OldestKept => _lastClosed == long.MinValue ? _open : _lastClosed - _values.Length + 1;

    public double OpenMean => _openCount == 0 ? double.NaN : _openSum / _openCount;

    public long BucketOf(long unixSeconds) => Math.DivRem(unixSeconds, BucketSeconds, out long rest) - (rest < 0 ? 1 : 0);

    /// <summary>
    /// Adds a value; when it falls into a later bucket than the open one, the open one closes and is returned.
    /// Values for a bucket already closed are ignored (false, and <paramref name="late"/>).
    /// </summary>
    public bool Add(long unixSeconds, double value, out long closedBucket, out double closedMean, out bool late)
    {
        long bucket = BucketOf(unixSeconds);
        closedBucket = 0;
        closedMean = double.NaN;
        late = false;
        if (bucket == _open)
        {
            _openSum += value;
            _openCount++;
            return false;
        }
        if (bucket < _open || bucket <= _lastClosed)
        {
            late = true;
            return false;
        }
        bool closed = false;
        if (_openCount > 0)
        {
            closedBucket = _open;
            closedMean = _openSum / _openCount;
            Store(_open, closedMean);
            closed = true;
        }
        _open = bucket;
        _openSum = value;
        _openCount = 1;
        return closed;
    }

    /// <summary>The mean of a closed bucket, or NaN when it is missing or no longer kept.</summary>
    public double this[long bucket] => bucket > _lastClosed || bucket <= _lastClosed - _values.Length ? double.NaN : _values[Slot(bucket)];

    /// <summary>
    /// Buckets <paramref name="from"/> … <paramref name="to"/> (inclusive, closed ones and the open one) into
    /// <paramref name="destination"/> as (bucket, mean), skipping missing ones; returns how many were written.
    /// </summary>
    public int Copy(long from, long to, Span<(long Bucket, double Mean)> destination)
    {
        int written = 0;
        from = Math.Max(from, OldestKept);
        for (long b = from; b <= to && written < destination.Length; b++)
        {
            double value = b == _open ? OpenMean : this[b];
            if (!double.IsNaN(value))
            {
                destination[written++] = (b, value);
            }
        }
        return written;
    }

    /// <summary>The state as saved: last closed bucket, open bucket and sum/count, and the kept means oldest first.</summary>
    public (long LastClosed, long Open, double OpenSum, int OpenCount, double[] Values) Save()
    {
        var values = new double[_values.Length];
        values.AsSpan().Fill(double.NaN);
        if (_lastClosed != long.MinValue)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = this[_lastClosed - _values.Length + 1 + i];
            }
        }
        return (_lastClosed, _open, _openSum, _openCount, values);
    }

    public void Load(long lastClosed, long open, double openSum, int openCount, ReadOnlySpan<double> values)
    {
        _values.AsSpan().Fill(double.NaN);
        _lastClosed = lastClosed;
        _open = open;
        _openSum = openSum;
        _openCount = Math.Max(openCount, 0);
        if (lastClosed == long.MinValue)
        {
            return;
        }
        int take = Math.Min(values.Length, _values.Length);
        for (int i = 0; i < take; i++)
        {
            _values[Slot(lastClosed - take + 1 + i)] = values[values.Length - take + i];
        }
    }

    private void Store(long bucket, double mean)
    {
        if (_lastClosed != long.MinValue)
        {
            long gap = Math.Min(bucket - _lastClosed - 1, _values.Length);
            for (long b = bucket - gap; b < bucket; b++)
            {
                _values[Slot(b)] = double.NaN;
            }
        }
        _values[Slot(bucket)] = mean;
        _lastClosed = bucket;
    }

    private int Slot(long bucket) => (int)(((bucket % _values.Length) + _values.Length) % _values.Length);
}
