using LogWarden.Mine;

namespace LogWarden.Tests.Mine;

public sealed class DateTimeWordsTests
{
    [Theory]
    [InlineData("Fri Jul  1 07:57:30 2005 rest", 24)]
    [InlineData("Jun 14 15:16:01 combo sshd", 15)]
    [InlineData("Sun, 05 Dec 2021 10:00:00 GMT", 25)]
    [InlineData("Thursday, 05 Dec 2021 10:00:00", 30)]
    [InlineData("Failed password for root", 0)]
    [InlineData("JUN 14 15:16:01 upper case", 0)]
    [InlineData("Jun 14 something else", 0)]
    [InlineData("Ĵun 14 15:16:01 not ASCII", 0)]
    public void Recognises_dates_written_in_words(string text, int length) =>
        Assert.Equal(length, DateTimeWords.MatchLength(text));
}
