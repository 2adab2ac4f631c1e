using System.Security.Cryptography;
using System.Text;
using LogWarden.Collect;

namespace LogWarden.Tests.Collect;

public sealed class Sha256Tests
{
    [Fact]
    public void Digests_match_the_systems_for_every_length_around_the_block_edges()
    {
        var random = new Random(13);
        Span<byte> mine = stackalloc byte[Sha256.HashSizeInBytes];
        for (int length = 0; length <= 300; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            Sha256.HashData(data, mine);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(data)), Convert.ToHexString(mine));
        }
        foreach (int length in new[] { 1023, 1024, 1025, 4096, 100_000 })
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            Sha256.HashData(data, mine);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(data)), Convert.ToHexString(mine));
        }
    }

    [Fact]
    public void The_published_test_vectors()
    {
        Span<byte> digest = stackalloc byte[Sha256.HashSizeInBytes];
        Sha256.HashData([], digest);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(digest));
        Sha256.HashData(Encoding.ASCII.GetBytes("abc"), digest);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(digest));
        Sha256.HashData(Encoding.ASCII.GetBytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"), digest);
        Assert.Equal("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Fingerprints_are_the_ones_earlier_versions_stored()
    {
        // Values from Python's hashlib.sha256: a checkpoint or a noise mark written before keeps matching.
        Assert.Equal("e4f4c3a9045335e2", LogWarden.Collect.Files.ContentFingerprint.Of(Encoding.ASCII.GetBytes("Nov 27 12:00:00 web1 sshd[123]: Accepted publickey for root\n")).HashText);
        Assert.Equal("d3cc4455042757af", LogWarden.Detect.Incidents.IncidentFingerprint.Of("brute-force|ip=203.0.113.7"));
    }
}
