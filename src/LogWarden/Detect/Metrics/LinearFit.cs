namespace LogWarden.Detect.Metrics;

/// <summary>
/// An ordinary least-squares line through a series' bucket means: the slope (per second), the fitted value at
/// the last point, how straight the points lie (R²), and the share of steps that go up (monotone growth).
/// </summary>
internal readonly record struct LinearFit(double SlopePerSecond, double ValueAtEnd, double R2, int Points, double SpanSeconds, double RisingShare)
{
    public bool IsEmpty => Points < 3;

    /// <summary>When the fitted line reaches zero from <see cref="ValueAtEnd"/> (for a falling line), else null.</summary>
    public TimeSpan? TimeToZero => SlopePerSecond < 0 && ValueAtEnd > 0
        ? TimeSpan.FromSeconds(Math.Min(ValueAtEnd / -SlopePerSecond, TimeSpan.MaxValue.TotalSeconds / 2))
        : null;

    /// <summary>Fits the kept buckets of <paramref name="ring"/> from <paramref name="fromBucket"/> on (closed ones only).</summary>
    public static LinearFit Of(BucketRing ring, long fromBucket, Span<(long Bucket, double Mean)> scratch)
    {
        if (ring.LastClosed == long.MinValue)
        {
            return default;
        }
        int n = ring.Copy(fromBucket, ring.LastClosed, scratch);
        return Of(scratch[..n], ring.BucketSeconds);
    }

    public static LinearFit Of(ReadOnlySpan<(long Bucket, double Mean)> points, int bucketSeconds)
    {
        int n = points.Length;
        if (n < 3)
        {
            return default;
        }
        long last = points[n - 1].Bucket;
        double sumX = 0, sumY = 0;
        foreach ((long bucket, double mean) in points)
        {
            sumX += (bucket - last) * (double)bucketSeconds;
            sumY += mean;
        }
        double meanX = sumX / n, meanY = sumY / n;
        double sxx = 0, sxy = 0, syy = 0;
        int rising = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = ((points[i].Bucket - last) * (double)bucketSeconds) - meanX;
            double dy = points[i].Mean - meanY;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
            if (i > 0 && points[i].Mean > points[i - 1].Mean)
            {
                rising++;
            }
        }
        if (sxx <= 0)
        {
            return default;
        }
        double slope = sxy / sxx;
        double r2 = syy <= 0 ? 0 : sxy * sxy / (sxx * syy);
        double valueAtEnd = meanY + (slope * (0 - meanX));
        double span = (last - points[0].Bucket) * (double)bucketSeconds;
        return new LinearFit(slope, valueAtEnd, r2, n, span, rising / (double)(n - 1));
    }
}
