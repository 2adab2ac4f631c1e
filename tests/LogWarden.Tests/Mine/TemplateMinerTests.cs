using LogWarden.Mine;

namespace LogWarden.Tests.Mine;

public sealed class TemplateMinerTests
{
    [Fact]
    public void Lines_that_differ_only_in_numbers_share_a_template()
    {
        var miner = new TemplateMiner();
        int a = miner.Add("Failed password for root from 203.0.113.7 port 51022 ssh2");
        int b = miner.Add("Failed password for root from 198.51.100.23 port 40022 ssh2");
        Assert.Equal(a, b);
        Assert.Equal("Failed password for root from <*> port <*> ssh2", miner.Resolve(a).Text);
        Assert.Equal(2, miner.Resolve(a).Count);
    }

    [Fact]
    public void A_token_masked_again_from_the_cache_masks_as_the_first_time()
    {
        // Thousands of short tokens that need the masker's slow path: the second sighting of each is answered by
        // the miner's cache (or, after a collision evicted it, by the masker again); either way the same template.
        var random = new Random(11);
        const string alphabet = "0123456789abcdefxyz.:-_/=@()[]\"'";
        var miner = new TemplateMiner();
        for (int i = 0; i < 5000; i++)
        {
            var token = new string([.. Enumerable.Range(0, random.Next(1, 33)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            string message = $"probe {token} seen";
            int first = miner.Add(message);
            int again = miner.Add(message);
            Assert.Equal(miner.Resolve(first).Id, miner.Resolve(again).Id);
        }
    }

    [Fact]
    public void A_word_position_becomes_a_variable_after_three_different_values()
    {
        var miner = new TemplateMiner();
        int a = miner.Add("session opened for user alice by (uid=0)");
        int b = miner.Add("session opened for user bob by (uid=0)");
        Assert.NotEqual(miner.Resolve(a).Id, miner.Resolve(b).Id); // two values may be a constant choice
        int c = miner.Add("session opened for user carol by (uid=0)");
        Assert.Equal(miner.Resolve(a).Id, miner.Resolve(c).Id);
        Assert.Equal(miner.Resolve(a).Id, miner.Resolve(b).Id);
        Assert.Equal("session opened for user <*> by (uid=<*>)", miner.Resolve(a).Text);
        Assert.Equal(a, miner.Resolve(a).Id); // the oldest id survives
        int d = miner.Add("session opened for user dave by (uid=1000)");
        Assert.Equal(a, d);
        Assert.Equal(4, miner.Resolve(a).Count);
        Assert.Equal(1, miner.TemplateCount);
    }

    [Fact]
    public void Generalised_position_keeps_the_shared_key()
    {
        var miner = new TemplateMiner();
        foreach (string user in new[] { "root", "news", "guest" })
        {
            miner.Add($"authentication failure; rhost=10.0.0.1 user={user}");
        }
        Assert.Equal("authentication failure; rhost=<*> user=<*>", Assert.Single(miner.Templates).Text);
    }

    [Fact]
    public void A_first_token_that_varies_in_a_long_message_becomes_a_variable()
    {
        var miner = new TemplateMiner();
        foreach (string program in new[] { "chrome.exe", "Dropbox.exe", "firefox.exe", "svchost.exe" })
        {
            miner.Add($"{program} - proxy.example.com:5070 close, 403 bytes sent, 8133 bytes received, lifetime 00:01");
        }
        Assert.Equal("<*>.exe - <*> close, <*> bytes sent, <*> bytes received, lifetime <*>:<*>", Assert.Single(miner.Templates).Text);
    }

    [Fact]
    public void Short_messages_that_differ_in_one_word_stay_apart()
    {
        var miner = new TemplateMiner();
        foreach (string state in new[] { "running", "blocked", "starting", "closing" })
        {
            miner.Add(state);
            miner.Add("Link " + state);
        }
        Assert.Equal(8, miner.TemplateCount);
    }

    [Fact]
    public void Dates_written_in_words_are_one_value()
    {
        var miner = new TemplateMiner();
        int a = miner.Add("connection from 10.1.1.1 () at Fri Jul  1 07:57:30 2005");
        int b = miner.Add("connection from 10.1.1.2 (host.example.net) at Sun Jun 19 23:01:02 2005");
        Assert.Equal(a, b);
        Assert.Equal("connection from <*> (<*>) at <*>", miner.Resolve(a).Text);
    }

    [Fact]
    public void Parameters_are_the_values_behind_each_variable()
    {
        var miner = new TemplateMiner();
        foreach (string user in new[] { "alice", "bob", "carol" })
        {
            miner.Add($"Accepted password for {user} from 10.0.0.1 port 22 ssh2");
        }
        int id = miner.Add("Accepted password for mallory from 203.0.113.9 port 60222 ssh2");
        var parameters = new List<string>();
        Assert.True(miner.TryExtractParameters("Accepted password for mallory from 203.0.113.9 port 60222 ssh2", id, parameters));
        Assert.Equal(["mallory", "203.0.113.9", "60222"], parameters);

        parameters.Clear();
        int kv = miner.Add("request done status=200 took=15ms");
        Assert.True(miner.TryExtractParameters("request done status=200 took=15ms", kv, parameters));
        Assert.Equal(["200", "15ms"], parameters);
        Assert.False(miner.TryExtractParameters("something else entirely", kv, []));
    }

    [Fact]
    public void Ids_survive_a_restart_through_saved_state()
    {
        var sample = LogWarden.Tests.Support.LogHubSample.Load("OpenSSH");
        var once = new TemplateMiner();
        var idsOnce = sample.Messages.Select(m => once.Add(m)).ToList();

        var first = new TemplateMiner();
        var ids = sample.Messages.Take(1000).Select(m => first.Add(m)).ToList();
        using var state = new MemoryStream();
        first.Save(state);
        state.Position = 0;
        var second = TemplateMiner.Load(state);
        Assert.Equal(first.TemplateCount, second.TemplateCount);
        foreach (int id in ids.Distinct())
        {
            Assert.Equal(first.Resolve(id).Text, second.Resolve(id).Text);
        }
        ids.AddRange(sample.Messages.Skip(1000).Select(m => second.Add(m)));

        // Same grouping and templates as one uninterrupted run.
        for (int i = 0; i < ids.Count; i++)
        {
            Assert.Equal(once.Resolve(idsOnce[i]).Text, second.Resolve(ids[i]).Text);
            Assert.Equal(once.Resolve(idsOnce[i]).Id, second.Resolve(ids[i]).Id);
        }
    }

    [Fact]
    public void Corrupt_state_is_a_clear_error()
    {
        Assert.Throws<InvalidDataException>(() => TemplateMiner.Load(new MemoryStream("{not json"u8.ToArray())));
        Assert.Throws<InvalidDataException>(() => TemplateMiner.Load(new MemoryStream("""{"version":99,"templates":[]}"""u8.ToArray())));
        Assert.Throws<InvalidDataException>(() => TemplateMiner.Load(new MemoryStream(
            """{"version":1,"templates":[{"id":1,"tokens":["a"],"anyPositions":[5],"count":1,"example":"a","mergedInto":0,"level":"Unknown"}]}"""u8.ToArray())));
    }

    [Fact]
    public void Mining_is_deterministic()
    {
        var sample = LogWarden.Tests.Support.LogHubSample.Load("Linux");
        var a = new TemplateMiner();
        var b = new TemplateMiner();
        var ta = sample.Messages.Select(m => a.Add(m)).ToList().Select(id => a.Resolve(id).Text).ToList();
        var tb = sample.Messages.Select(m => b.Add(m)).ToList().Select(id => b.Resolve(id).Text).ToList();
        Assert.Equal(ta, tb);
    }

    [Fact]
    public void Template_count_is_bounded_and_every_line_is_still_counted()
    {
        var miner = new TemplateMiner(new MinerOptions { MaxTemplates = 10 });
        for (int i = 0; i < 200; i++)
        {
            miner.Add($"w{(char)('a' + i % 26)}{(char)('a' + i / 26)} thing happened here");
            miner.Add($"w{(char)('a' + i % 26)}{(char)('a' + i / 26)} other thing happened here too");
        }
        // At the limit a line joins the most similar template with its first token, else one catch-all per length.
        Assert.InRange(miner.TemplateCount, 10, 12);
        Assert.Equal(400, miner.Templates.Sum(t => t.Count));
    }

    [Fact]
    public void Long_blobs_are_values_and_examples_are_capped()
    {
        var miner = new TemplateMiner();
        int a = miner.Add("payload " + new string('A', 5000) + " received");
        int b = miner.Add("payload " + new string('B', 5000) + " received");
        Assert.Equal(a, b);
        Assert.Equal("payload <*> received", miner.Resolve(a).Text);
        Assert.True(miner.Resolve(a).Example.Length <= miner.Options.MaxExampleLength + 1);
    }

    [Fact]
    public void Hostile_messages_do_not_throw()
    {
        var miner = new TemplateMiner();
        var random = new Random(42);
        for (int i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(0, 300)];
            for (int j = 0; j < chars.Length; j++)
            {
                chars[j] = (char)random.Next(0, 0xFFFF);
            }
            miner.Add(chars);
        }
        miner.Add(new string('9', 1_000_000));
        miner.Add(string.Join(' ', Enumerable.Repeat("x1", 100_000)));
        miner.Add("");
        miner.Add("   \t  ");
        Assert.True(miner.TemplateCount > 0);
    }

    [Fact]
    public void Lines_too_short_to_generalise_are_not_indexed_for_merges_so_the_index_does_not_grow_a_template_a_line()
    {
        // A JSON object without spaces and then one word (pino inside Docker's json-file, read as text): two tokens,
        // the first unique on every line. No position can become a variable with enough constants left.
        var miner = new TemplateMiner();
        var random = new Random(3);
        for (int i = 0; i < 5_000; i++)
        {
            string id = new string([.. Enumerable.Range(0, 12).Select(_ => (char)('a' + random.Next(26)))]);
            miner.Add($"{{\"reqId\":\"{id}\",\"msg\":\"request completed\"}}");
        }

        Assert.Equal(5_000, miner.TemplateCount);
        Assert.Equal(0, miner.SiblingIndexEntries);

        // Lines with enough constant words are still indexed and merge as before.
        for (int i = 0; i < 5; i++)
        {
            miner.Add($"session opened for user u{(char)('a' + i)}x by admin");
        }

        Assert.Equal(5_001, miner.TemplateCount);
        Assert.Contains(miner.Templates, t => t.Text == "session opened for user <*> by admin");
    }
}
