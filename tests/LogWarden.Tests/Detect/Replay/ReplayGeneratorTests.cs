using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using LogWarden.Parse;
using LogWarden.Tests.Support.Replay;

namespace LogWarden.Tests.Detect.Replay;

/// <summary>One small two-host replay, generated once for the tests that only read it.</summary>
public sealed class SmallReplay : IDisposable
{
    public SmallReplay()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("logwarden-replay-").FullName;
        Truth = ReplayGenerator.Generate(new ReplayOptions { Seed = 11, Days = 3, LearnDays = 2, Hosts = 2, Scale = 0.12, TimeZone = TimeZoneInfo.Utc }, Directory);
    }

    public string Directory { get; }

    internal ReplayTruth Truth { get; }

    public string Logs => Path.Combine(Directory, ReplayGenerator.LogsDirectory);

    /// <summary>Every line of a host's file and its rotated generations, oldest generation first.</summary>
    public IEnumerable<string> Lines(string host, string relativePath)
    {
        string path = Path.Combine(Logs, host, relativePath);
        var generations = new List<string>();
        for (int g = 9; g >= 2; g--)
        {
            generations.Add(path + "." + g.ToString(CultureInfo.InvariantCulture) + ".gz");
        }

        generations.Add(path + ".1");
        generations.Add(path);
        foreach (string file in generations.Where(File.Exists))
        {
            using Stream stream = file.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(File.OpenRead(file), CompressionMode.Decompress) : File.OpenRead(file);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is string line)
            {
                yield return line;
            }
        }
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a test over.
        }
    }
}

public sealed partial class ReplayGeneratorTests(SmallReplay replay) : IClassFixture<SmallReplay>
{
    private static readonly LogFileOptions Utc = new() { TimeZone = TimeZoneInfo.Utc };

    [Fact]
    public void Same_seed_writes_the_same_tree_and_truth_byte_for_byte()
    {
        var options = new ReplayOptions { Seed = 5, Days = 2, LearnDays = 1, Scale = 0.05, TimeZone = TimeZoneInfo.Utc };
        string a = Directory.CreateTempSubdirectory("logwarden-replay-a-").FullName;
        string b = Directory.CreateTempSubdirectory("logwarden-replay-b-").FullName;
        try
        {
            ReplayGenerator.Generate(options, a);
            ReplayGenerator.Generate(options, b);
            var filesA = Directory.GetFiles(a, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a, f)).Order(StringComparer.Ordinal).ToList();
            var filesB = Directory.GetFiles(b, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(b, f)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(filesA, filesB);
            Assert.Contains(ReplayGenerator.TruthFile, filesA);
            foreach (string file in filesA)
            {
                Assert.True(File.ReadAllBytes(Path.Combine(a, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, file))), file + " differs");
            }
        }
        finally
        {
            Directory.Delete(a, recursive: true);
            Directory.Delete(b, recursive: true);
        }
    }

    [Fact]
    public void Seeds_differ_in_hosts_incident_order_and_software_wordings()
    {
        var orders = new HashSet<string>();
        var hostNames = new HashSet<string>();
        var sshPrograms = new HashSet<string>();
        for (int seed = 1; seed <= 4; seed++)
        {
            string dir = Directory.CreateTempSubdirectory("logwarden-replay-seed-").FullName;
            try
            {
                ReplayTruth truth = ReplayGenerator.Generate(new ReplayOptions { Seed = seed, Days = 2, LearnDays = 1, Scale = 0.03, TimeZone = TimeZoneInfo.Utc }, dir);
                orders.Add(string.Join(",", truth.Incidents.Select(i => i.Kind)));
                hostNames.Add(truth.Hosts[0]);
                string auth = File.ReadAllText(Path.Combine(dir, ReplayGenerator.LogsDirectory, truth.Hosts[0], "auth.log"));
                sshPrograms.Add(auth.Contains(" sshd-session[", StringComparison.Ordinal) ? "sshd-session" : "sshd");
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        Assert.Equal(4, orders.Count);
        Assert.True(hostNames.Count >= 3, string.Join(", ", hostNames));
        Assert.Equal(2, sshPrograms.Count);
    }

    [Fact]
    public void Every_incident_kind_is_injected_once_in_the_test_period_without_overlaps()
    {
        ReplayTruth truth = replay.Truth;
        Assert.Equal(IncidentKinds.All.Order(StringComparer.Ordinal), truth.Incidents.Select(i => i.Kind).Order(StringComparer.Ordinal));
        foreach (InjectedIncident incident in truth.Incidents)
        {
            Assert.Contains(incident.Host, truth.Hosts);
            Assert.True(incident.Begin >= truth.TestStart && incident.Begin <= incident.Start && incident.Start <= incident.End && incident.End <= truth.TestEnd, incident.Id);
            Assert.NotEmpty(incident.Expected);
        }

        foreach (var host in truth.Incidents.GroupBy(i => i.Host))
        {
            var ordered = host.OrderBy(i => i.Begin).ToList();
            for (int i = 1; i < ordered.Count; i++)
            {
                Assert.True(ordered[i - 1].End < ordered[i].Begin, $"{ordered[i - 1].Id} overlaps {ordered[i].Id}");
            }
        }
    }

    [Fact]
    public void An_incident_starts_with_its_first_line_naming_its_address()
    {
        foreach (InjectedIncident incident in replay.Truth.Incidents.Where(i => i.Expected.Count == 1 && i.Expected[0].AnyOf[0].Key == "ip"))
        {
            string ip = incident.Expected[0].AnyOf[0].Value;
            string? first = Directory.GetFiles(Path.Combine(replay.Logs, incident.Host), "*", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(".gz", StringComparison.Ordinal))
                .SelectMany(File.ReadLines)
                .Where(l => l.Contains(ip, StringComparison.Ordinal))
                .Select(Timestamp)
                .Min();
            Assert.Equal(incident.Start.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), first);
        }
    }

    [Fact]
    public void Every_file_decodes_in_its_format_with_timestamps_in_the_period_and_in_order()
    {
        var expected = new Dictionary<string, string>
        {
            ["auth.log"] = "syslog",
            ["syslog"] = "syslog",
            ["kern.log"] = "syslog",
            ["ufw.log"] = "syslog",
            ["mail.log"] = "syslog",
            ["access.log"] = "access",
            ["error.log"] = "nginx-error",
            ["app.log"] = "json",
            ["worker.log"] = "json",
            ["backup.log"] = "timestamp",
            ["vsftpd.log"] = "timestamp",
        };
        foreach (string file in Directory.GetFiles(replay.Logs, "*", SearchOption.AllDirectories))
        {
            string name = Regex.Replace(Path.GetFileName(file), @"(\.\d+)?(\.gz)?$", "");
            var decoder = new LogFileDecoder(file, Utc);
            var times = decoder.ReadRecords().Select(r => r.Timestamp).ToList();
            string format = name.StartsWith("postgresql-", StringComparison.Ordinal) ? "timestamp" : expected[name];
            Assert.True(format == decoder.Stats.Decoder, $"{file}: {decoder.Stats.Decoder}");
            Assert.True(times.Count > 0, file);
            Assert.True(times.All(t => t is not null && t >= replay.Truth.LearnStart && t < replay.Truth.TestEnd), $"{file}: a timestamp is missing or outside the period");
            for (int i = 1; i < times.Count; i++)
            {
                Assert.True(times[i] >= times[i - 1], $"{file}: record {i + 1} goes back in time");
            }
        }
    }

    [Fact]
    public void Rotated_generations_are_named_like_logrotate_and_stamped_with_their_last_line()
    {
        string host = Path.Combine(replay.Logs, replay.Truth.Hosts[0]);
        Assert.True(File.Exists(Path.Combine(host, "nginx", "access.log")));
        Assert.True(File.Exists(Path.Combine(host, "nginx", "access.log.1")));
        Assert.True(File.Exists(Path.Combine(host, "nginx", "access.log.2.gz")));
        foreach (string file in new[] { "nginx/access.log", "nginx/access.log.1", "auth.log" })
        {
            string path = Path.Combine(host, file);
            string last = File.ReadLines(path).Last();
            DateTime modified = File.GetLastWriteTimeUtc(path);
            Assert.Equal(Timestamp(last), modified.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Background_ssh_scanners_stay_far_below_a_brute_force_in_every_minute()
    {
        InjectedIncident bruteForce = replay.Truth.Incidents.Single(i => i.Kind == IncidentKinds.SshBruteForce);
        var attackers = replay.Truth.Incidents.SelectMany(i => i.Expected).SelectMany(r => r.AnyOf).Where(o => o.Key == "ip").Select(o => o.Value).ToHashSet();
        string attacker = bruteForce.Expected[0].AnyOf[0].Value;
        var perMinute = new Dictionary<(string Ip, string Minute), int>();
        foreach (string line in replay.Lines(bruteForce.Host, "auth.log"))
        {
            Match m = SshAddress().Match(line);
            if (m.Success && !line.Contains("Accepted", StringComparison.Ordinal))
            {
                var key = (m.Groups[1].Value, Timestamp(line)[..16]);
                perMinute[key] = perMinute.GetValueOrDefault(key) + 1;
            }
        }

        int background = perMinute.Where(p => !attackers.Contains(p.Key.Ip)).Max(p => p.Value);
        int attack = perMinute.Where(p => p.Key.Ip == attacker).Max(p => p.Value);
        Assert.True(background <= 40, $"a background scanner wrote {background} lines in a minute");
        Assert.True(attack >= 2 * background, $"the brute force wrote at most {attack} lines a minute, the background {background}");
    }

    [Fact]
    public void A_keyword_filter_flags_hundreds_of_normal_lines_every_learning_day()
    {
        // The "grep for error|fail|…" recipe: on this host's normal days it already cries wolf.
        string host = replay.Truth.Hosts[0];
        int flagged = 0;
        foreach (string file in Directory.GetFiles(Path.Combine(replay.Logs, host), "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".gz", StringComparison.Ordinal)))
        {
            foreach (string line in File.ReadLines(file))
            {
                if (Keywords().IsMatch(line) && string.CompareOrdinal(Timestamp(line), replay.Truth.TestStart.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)) < 0)
                {
                    flagged++;
                }
            }
        }

        Assert.True(flagged >= 200, $"only {flagged} keyword hits on the learning day(s) still on disk uncompressed");
        Assert.Contains(replay.Truth.NearMisses, n => n.Kind == "nightly-warning" && n.Time < replay.Truth.TestStart);
        Assert.Contains(replay.Truth.NearMisses, n => n.Kind == "deploy");
    }

    [Fact]
    public void What_people_do_on_the_test_day_was_seen_while_learning()
    {
        foreach (string host in replay.Truth.Hosts)
        {
            var deploys = replay.Truth.NearMisses.Where(n => n.Host == host && n.Kind == "deploy").ToList();
            Assert.Contains(deploys, d => d.Time < replay.Truth.TestStart);

            // Someone runs sudo while learning: the first sudo of the test day is no one's first.
            var sudoers = replay.Lines(host, "auth.log")
                .Where(l => l.Contains(" sudo: ", StringComparison.Ordinal) && l.Contains(" : TTY=", StringComparison.Ordinal))
                .Where(l => string.CompareOrdinal(Timestamp(l), replay.Truth.TestStart.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)) < 0)
                .Select(l => l[(l.IndexOf(" sudo: ", StringComparison.Ordinal) + 7)..].Split(" : ")[0].Trim())
                .ToHashSet();
            Assert.True(sudoers.Count >= 3, $"{host}: only {string.Join(", ", sudoers)} used sudo while learning");
        }
    }

    [Fact]
    public void Truth_round_trips_through_its_json_file()
    {
        ReplayTruth loaded = ReplayTruth.Load(Path.Combine(replay.Directory, ReplayGenerator.TruthFile));
        Assert.Equal(replay.Truth.Hosts, loaded.Hosts);
        Assert.Equal(replay.Truth.TestStart, loaded.TestStart);
        Assert.Equal(replay.Truth.Incidents.Count, loaded.Incidents.Count);
        Assert.Equal(replay.Truth.Incidents[0].Expected[0].ToString(), loaded.Incidents[0].Expected[0].ToString());
        Assert.Equal(replay.Truth.Incidents.Select(i => i.Start), loaded.Incidents.Select(i => i.Start));
        Assert.Equal(replay.Truth.NearMisses.Count, loaded.NearMisses.Count);
    }

    /// <summary>A line's time as "yyyy-MM-dd HH:mm:ss" (UTC), decoded the way analyze decodes it.</summary>
    private string Timestamp(string line)
    {
        var context = new DecodeContext("x", replay.Truth.TestEnd, TimeZoneInfo.Utc);
        LogRecord record = FormatDetector.DecodeWithAnyFormat(line, context);
        return record.Timestamp is DateTimeOffset t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";
    }

    [GeneratedRegex(@"(?:from|user \S+|Invalid user \S+ from) ([0-9a-f.:]+) port \d+")]
    private static partial Regex SshAddress();

    [GeneratedRegex("error|fail|denied|oom|warn|critical|fatal|panic", RegexOptions.IgnoreCase)]
    private static partial Regex Keywords();
}
