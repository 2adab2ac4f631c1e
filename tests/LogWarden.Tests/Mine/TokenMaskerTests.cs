using LogWarden.Mine;

namespace LogWarden.Tests.Mine;

public sealed class TokenMaskerTests
{
    private static string Mask(string token)
    {
        var buffer = new char[token.Length * 3 + 8];
        return new string(buffer, 0, TokenMasker.Mask(token, buffer));
    }

    [Theory]
    [InlineData("root", "root")]
    [InlineData("ssh2", "ssh2")]
    [InlineData("alt0", "alt0")]
    [InlineData("12345", "<*>")]
    [InlineData("-42", "<*>")]
    [InlineData("uid=0", "uid=<*>")]
    [InlineData("(uid=0)", "(uid=<*>)")]
    [InlineData("10.0.0.7", "<*>")]
    [InlineData("10.0.0.7:22", "<*>:<*>")]
    [InlineData("[10.0.0.7]", "[<*>]")]
    [InlineData("node-246", "node-<*>")]
    [InlineData("blk_-6952295868487656571", "<*>")]
    [InlineData("attempt_1445144423722_0020_m_000001_0", "<*>")]
    [InlineData("0x1f3a", "<*>")]
    [InlineData("deadbeef00c0ffee", "<*>")]
    [InlineData("550e8400-e29b-41d4-a716-446655440000", "<*>")]
    [InlineData("fe80::1ff:fe23:4567:890a", "<*>")]
    [InlineData("00:1a:2b:3c:4d:5e", "<*>")]
    [InlineData("15:16:01", "<*>:<*>:<*>")]
    [InlineData("/var/log/auth.log", "<*>")]
    [InlineData("'/udev/vcs2'", "'<*>'")]
    [InlineData("https://example.com/a?b=1", "<*>")]
    [InlineData("alice@example.com", "<*>")]
    [InlineData("rhost=ec2-52-80-34-196.cn-north-1.compute.amazonaws.com.cn", "rhost=<*>")]
    [InlineData("mail.example.org", "<*>")]
    [InlineData("org.apache.hadoop.mapreduce.v2.app.MRAppMaster", "org.apache.hadoop.mapreduce.v2.app.MRAppMaster")]
    [InlineData("123ms", "<*>")]
    [InlineData("()", "(<*>)")]
    [InlineData(@"C:\Windows\winsxs\amd64_x\cbscore.dll", "<*>")]
    [InlineData(@"\\fileserver\share\a.txt", "<*>")]
    [InlineData("getTodayTotalDetailSteps=1514038440000##7007##548659", "getTodayTotalDetailSteps=<*>##<*>##<*>")]
    public void Masks_variable_parts_and_keeps_constant_parts(string token, string expected) =>
        Assert.Equal(expected, Mask(token));

    [Fact]
    public void Output_never_exceeds_three_times_the_input_plus_three()
    {
        var random = new Random(7);
        const string alphabet = "0123456789abcdefxyz.:-_/=@()[]\"' ";
        for (int i = 0; i < 5000; i++)
        {
            var chars = new char[random.Next(1, 40)];
            for (int j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }
            var buffer = new char[chars.Length * 3 + 3];
            int n = TokenMasker.Mask(chars, buffer);
            Assert.InRange(n, 1, buffer.Length);
        }
    }
}
