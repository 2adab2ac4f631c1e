using System.Globalization;

namespace LogWarden.Tests.Support.Replay;

/// <summary>
/// The generator's one source of randomness: <see cref="Random"/> with a seed (its seeded algorithm is fixed
/// across .NET versions, so a seed always gives the same tree), plus the distributions logs need: Poisson
/// arrivals, heavy tails, weighted picks, public addresses that are not reserved.
/// </summary>
internal sealed class ReplayRandom(int seed)
{
    private readonly Random _random = new(seed);

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public int Next(int min, int maxExclusive) => _random.Next(min, maxExclusive);

    public double NextDouble() => _random.NextDouble();

    public bool Chance(double probability) => _random.NextDouble() < probability;

    public double Between(double min, double max) => min + (_random.NextDouble() * (max - min));

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>Picks with weights (need not sum to 1).</summary>
    public T Pick<T>(IReadOnlyList<(T Item, double Weight)> items)
    {
        double total = 0;
        foreach (var (_, weight) in items)
        {
            total += weight;
        }

        double x = _random.NextDouble() * total;
        foreach (var (item, weight) in items)
        {
            x -= weight;
            if (x < 0)
            {
                return item;
            }
        }

        return items[^1].Item;
    }

    /// <summary>Index into a list where low indexes are much more likely (Zipf-like: a few hot items, a long tail).</summary>
    public int Skewed(int count, double exponent = 1.2)
    {
        double u = _random.NextDouble();
        return Math.Min(count - 1, (int)(count * Math.Pow(u, exponent * 2)));
    }

    /// <summary>Number of events in an interval whose expected number is <paramref name="mean"/>.</summary>
    public int Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 40)
        {
            // Normal approximation: exact enough for line counts and cheap.
            double gaussian = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
            return Math.Max(0, (int)Math.Round(mean + (gaussian * Math.Sqrt(mean))));
        }

        double limit = Math.Exp(-mean);
        double product = _random.NextDouble();
        int k = 0;
        while (product > limit)
        {
            k++;
            product *= _random.NextDouble();
        }

        return k;
    }

    /// <summary>Exponential waiting time with the given mean.</summary>
    public TimeSpan Exponential(TimeSpan mean) => TimeSpan.FromTicks((long)(-Math.Log(1 - _random.NextDouble()) * mean.Ticks));

    /// <summary>A time uniformly inside [start, start + length).</summary>
    public DateTimeOffset Within(DateTimeOffset start, TimeSpan length) => start.AddTicks((long)(_random.NextDouble() * length.Ticks));

    /// <summary>Milliseconds of jitter as a span.</summary>
    public TimeSpan Millis(int min, int max) => TimeSpan.FromMilliseconds(_random.Next(min, max));

    public TimeSpan Seconds(double min, double max) => TimeSpan.FromSeconds(Between(min, max));

    public string Hex(int digits)
    {
        Span<char> chars = stackalloc char[digits];
        for (int i = 0; i < digits; i++)
        {
            chars[i] = "0123456789abcdef"[_random.Next(16)];
        }

        return new string(chars);
    }

    public string Alnum(int length)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        Span<char> chars = stackalloc char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = Alphabet[_random.Next(Alphabet.Length)];
        }

        return new string(chars);
    }

    /// <summary>Shuffles in place (Fisher–Yates).</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>
    /// A public IPv4 address: not private, loopback, link-local, multicast, CGNAT or documentation space.
    /// Real-looking addresses matter: detectors must not be able to tell attackers by their range.
    /// </summary>
    public string PublicIPv4()
    {
        while (true)
        {
            int a = _random.Next(1, 224);
            int b = _random.Next(256);
            if (a is 10 or 127 or 0 || (a == 100 && b is >= 64 and < 128) || (a == 169 && b == 254) || (a == 172 && b is >= 16 and < 32)
                || (a == 192 && b is 168 or 0) || (a == 198 && b is 18 or 19 or 51) || (a == 203 && b == 0))
            {
                continue;
            }

            return string.Create(CultureInfo.InvariantCulture, $"{a}.{b}.{_random.Next(256)}.{_random.Next(1, 255)}");
        }
    }

    /// <summary>A public IPv6 address in a provider-like /32 (2a0x: RIPE, 2600: ARIN, 240x: APNIC).</summary>
    public string PublicIPv6()
    {
        string prefix = Pick(["2a01:4f8", "2a02:c7f", "2600:1700", "2a00:23c6", "2405:201", "2a02:810d", "2001:16b8", "2607:fb90"]);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{prefix}:{_random.Next(1, 0xffff):x}:{_random.Next(0xffff):x}:{_random.Next(1, 0xffff):x}:{_random.Next(0xffff):x}:{_random.Next(0xffff):x}:{_random.Next(1, 0xffff):x}");
    }

    /// <summary>A client's ephemeral source port (Linux's default range).</summary>
    public int EphemeralPort() => _random.Next(32768, 61000);
}
