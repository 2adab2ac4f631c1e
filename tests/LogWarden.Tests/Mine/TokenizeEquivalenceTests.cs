using LogWarden.Mine;

namespace LogWarden.Tests.Mine;

/// <summary>
/// The miner's tokeniser finds whitespace character by character for a token's first characters and with a vectorised
/// search beyond them, and joins a size unit only after checking the next word's first letter: these pin down what it
/// cuts and joins, every kind of whitespace, tokens on both sides of the look-ahead, and each unit.
/// </summary>
public sealed class TokenizeEquivalenceTests
{
    private static string TemplateOf(string message)
    {
        var miner = new TemplateMiner();
        return miner.Resolve(miner.Add(message)).Text;
    }

    [Fact]
    public void Every_whitespace_character_separates_tokens_and_runs_of_them_are_one_gap()
    {
        Assert.Equal("alpha beta gamma delta epsilon zeta eta", TemplateOf("  alpha\tbeta\vgamma\fdelta\repsilon\n zeta \t\v\f eta \r\n"));
        // Other control characters and non-breaking spaces are part of a token, as before.
        Assert.Equal("a\u0001b c\u00A0d", TemplateOf("a\u0001b c\u00A0d"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(23)]
    [InlineData(24)]
    [InlineData(25)]
    [InlineData(40)]
    [InlineData(300)]
    public void A_token_of_any_length_ends_at_the_next_whitespace(int length)
    {
        string word = new('w', length);
        foreach (char gap in " \t\v\f\r\n")
        {
            var miner = new TemplateMiner();
            LogTemplate template = miner.Resolve(miner.Add($"start {word}{gap}middle {word}"));
            string expected = length > miner.Options.MaxTokenLength ? "<*>" : word;
            Assert.Equal(["start", expected, "middle", expected], template.Tokens);
        }
    }

    [Theory]
    [InlineData("wrote 16.0 KB, done", "wrote <*>, done")]
    [InlineData("wrote 16 KB", "wrote <*>")]
    [InlineData("wrote 16 B", "wrote <*>")]
    [InlineData("wrote 16 MB; 2 GB) 3 TB] 4 PB. end", "wrote <*>; <*>) <*>] <*>. end")]
    [InlineData("wrote 16 KiB a 2 MiB b 3 GiB c 4 TiB d 5 kB end", "wrote <*> a <*> b <*> c <*> d <*> end")]
    [InlineData("wrote 16\tMB\tnext", "wrote <*> next")]
    [InlineData("wrote 16 Kelvin", "wrote <*> Kelvin")]
    [InlineData("wrote 16 Bytes and 3 kb", "wrote <*> Bytes and <*> kb")]
    [InlineData("wrote 16 mb", "wrote <*> mb")]
    [InlineData("wrote 16 ,KB", "wrote <*> ,KB")]
    [InlineData("wrote 16 ", "wrote <*>")]
    [InlineData("took 16 ms then 3 s", "took <*> ms then <*> s")]
    public void A_size_unit_after_a_number_joins_it_and_nothing_else_does(string message, string template)
    {
        Assert.Equal(template, TemplateOf(message));
    }

    [Fact]
    public void A_plain_word_masks_as_the_masker_masks_it()
    {
        // Words with none of the masker's work characters take a shorter path in the miner; the same output.
        foreach (string word in new[] { "()", "[]", "{}", "''", "\"\"", "(]", "ab", "a", "word", "x_y", "-", "<>", "(x)" })
        {
            var expected = new char[word.Length + 3];
            int length = TokenMasker.Mask(word, expected);
            var actual = new char[word.Length + 3];
            Assert.Equal(length, TokenMasker.MaskWord(word, actual));
            Assert.Equal(new string(expected, 0, length), new string(actual, 0, length));
        }
    }
}
