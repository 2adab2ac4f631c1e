using LogWarden.Detect.Baselines;

namespace LogWarden.Tests.Detect.Baselines;

public sealed class PoissonTests
{
    [Theory]
    [InlineData(3, 0.1, 1.5465e-4)] // 1 − e^−0.1 (1 + 0.1 + 0.005)
    [InlineData(1, 2.0, 0.8646647)]
    [InlineData(20, 4.0, 1.02005e-8)]
    [InlineData(0, 5.0, 1.0)]
    public void Upper_tails_match_the_closed_forms(long count, double mean, double expected) =>
        Assert.Equal(expected, Poisson.UpperTail(count, mean), expected * 0.01);

    [Fact]
    public void Lower_tails_match_the_closed_forms()
    {
        Assert.Equal(Math.Exp(-30), Poisson.LowerTail(0, 30), 1e-20);
        Assert.Equal(Math.Exp(-3) * (1 + 3 + 4.5), Poisson.LowerTail(2, 3), 1e-9);
        Assert.Equal(1, Poisson.LowerTail(100, 3), 1e-12);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(1)]
    [InlineData(12.5)]
    [InlineData(400)]
    [InlineData(250_000)]
    public void The_upper_quantile_is_the_first_count_under_the_probability(double mean)
    {
        long c = Poisson.UpperQuantile(mean, 1e-6);

        Assert.True(Poisson.UpperTail(c, mean) < 1e-6);
        Assert.True(Poisson.UpperTail(c - 1, mean) >= 1e-6);
    }

    [Fact]
    public void Tails_of_huge_counts_neither_overflow_nor_loop()
    {
        Assert.Equal(0, Poisson.UpperTail(10_000_000, 1_000), 1e-300);
        Assert.Equal(0, Poisson.LowerTail(0, 1e6), 1e-300);
        Assert.InRange(Poisson.UpperQuantile(1e9, 1e-6), 1e9, 1e9 + 6e5);
    }
}
