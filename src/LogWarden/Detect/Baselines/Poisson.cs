namespace LogWarden.Detect.Baselines;

/// <summary>
/// Poisson tail probabilities and quantiles: the test behind every count a baseline judges. A count of
/// lines in a window is Poisson with the learned mean when nothing changed, so "3 where 0.02 was
/// expected" and "3,000 where 2,000 was expected" get probabilities on one scale. Computed in log space
/// and by term recurrences, so tiny means and counts in the millions neither underflow nor loop long.
/// </summary>
internal static class Poisson
{
    private static readonly double[] SmallLogFactorials = BuildLogFactorials(1024);

    /// <summary>ln(k!), exact by table below 1024, Stirling's series above (error under 1e-12).</summary>
    public static double LogFactorial(long k)
    {
        if (k < SmallLogFactorials.Length)
        {
            return SmallLogFactorials[k];
        }
        double n = k;
        return (n * Math.Log(n)) - n + (0.5 * Math.Log(2 * Math.PI * n)) + (1 / (12 * n)) - (1 / (360 * n * n * n));
    }

    /// <summary>ln P(X = k) for X ~ Poisson(<paramref name="mean"/>), mean &gt; 0.</summary>
    public static double LogProbability(long k, double mean) => -mean + (k * Math.Log(mean)) - LogFactorial(k);

    /// <summary>P(X ≥ <paramref name="count"/>): how surprising at least this many lines are.</summary>
    public static double UpperTail(long count, double mean)
    {
        if (count <= 0)
        {
            return 1;
        }
        if (mean <= 0)
        {
            return 0;
        }
        if (count <= mean)
        {
            return 1 - LowerTail(count - 1, mean);
        }
        // Terms fall from the first on (count > mean): sum until they stop mattering.
        double term = Math.Exp(LogProbability(count, mean));
        double sum = term;
        for (long k = count + 1; term > sum * 1e-16 && k < count + 100_000; k++)
        {
            term *= mean / k;
            sum += term;
        }
        return Math.Min(1, sum);
    }

    /// <summary>P(X ≤ <paramref name="count"/>): how surprising at most this many lines are.</summary>
    public static double LowerTail(long count, double mean)
    {
        if (count < 0)
        {
            return 0;
        }
        if (mean <= 0)
        {
            return 1;
        }
        if (count >= mean)
        {
            return 1 - UpperTail(count + 1, mean);
        }
        // Terms fall from the last down (count < mean): sum downwards.
        double term = Math.Exp(LogProbability(count, mean));
        double sum = term;
        for (long k = count; k > 0 && term > sum * 1e-16; k--)
        {
            term *= k / mean;
            sum += term;
        }
        return Math.Min(1, sum);
    }

    /// <summary>
    /// The smallest count c with P(X ≥ c) &lt; <paramref name="probability"/>: the count at which a window
    /// with this mean becomes significant. Walks down from far in the tail, O(√mean) steps.
    /// </summary>
    public static long UpperQuantile(double mean, double probability)
    {
        if (mean <= 0)
        {
            return 1;
        }
        long c = (long)Math.Ceiling(mean + (9 * Math.Sqrt(mean)) + 45);
        double tail = UpperTail(c, mean); // below any probability we use (≤ 1e-15 here)
        double pmf = Math.Exp(LogProbability(c - 1, mean));
        while (c > 1)
        {
            double below = tail + pmf; // P(X ≥ c − 1)
            if (below >= probability)
            {
                break;
            }
            tail = below;
            c--;
            pmf *= c / mean; // P(X = c − 1) from P(X = c)
        }
        return c;
    }

    private static double[] BuildLogFactorials(int count)
    {
        var table = new double[count];
        for (int k = 2; k < count; k++)
        {
            table[k] = table[k - 1] + Math.Log(k);
        }
        return table;
    }
}
