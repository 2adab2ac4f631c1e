using LogWarden.Parse;

namespace LogWarden.Tests.Parse;

public sealed class TimestampMonthTests
{
    /// <summary>What <see cref="TimestampParser.TryMonth"/> answered before it compared packed letters: a lower-cased copy and a string switch.</summary>
    private static int Reference(ReadOnlySpan<char> name)
    {
        if (name.Length != 3)
        {
            return 0;
        }
        Span<char> lower = stackalloc char[3];
        name.ToLowerInvariant(lower);
        return lower switch
        {
            "jan" => 1, "feb" => 2, "mar" => 3, "apr" => 4, "may" => 5, "jun" => 6,
            "jul" => 7, "aug" => 8, "sep" => 9, "oct" => 10, "nov" => 11, "dec" => 12,
            _ => 0,
        };
    }

    [Fact]
    public void Every_three_characters_name_the_month_they_named_before()
    {
        // Every ASCII character, and the non-ASCII ones whose case mapping comes near ASCII letters
        // (dotted I, Kelvin sign, long s, Angstrom sign, fullwidth letters, accented letters).
        var alphabet = Enumerable.Range(0, 128).Select(c => (char)c)
            .Concat("\u0130\u0131\u212A\u017F\u212B\u00E9\u00C9\uFF2A\uFF41\uFF4E\u0100\u1E9E").ToArray();
        var name = new char[3];
        int months = 0;
        foreach (char a in alphabet)
        {
            foreach (char b in alphabet)
            {
                foreach (char c in alphabet)
                {
                    name[0] = a;
                    name[1] = b;
                    name[2] = c;
                    int expected = Reference(name);
                    Assert.Equal(expected != 0, TimestampParser.TryMonth(name, out int month));
                    Assert.Equal(expected, month);
                    months += expected != 0 ? 1 : 0;
                }
            }
        }
        Assert.Equal(12 * 8, months); // each name in every mix of cases
        Assert.False(TimestampParser.TryMonth("Ja", out _));
        Assert.False(TimestampParser.TryMonth("Janu", out _));
    }
}
