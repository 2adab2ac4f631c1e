using LogWarden.Collect.Files;
using LogWarden.Tests.Parse;

namespace LogWarden.Tests.Collect.Files;

public sealed class PathGlobTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private List<string> Matches(string pattern, List<(string Directory, Exception Error)>? errors = null)
    {
        var matches = new HashSet<string>(StringComparer.Ordinal);
        new PathGlob(Path.Combine(_temp.Path, pattern)).Collect(matches, (dir, ex) => errors?.Add((dir, ex)));
        return [.. matches.Select(m => Path.GetRelativePath(_temp.Path, m)).Order(StringComparer.Ordinal)];
    }

    private void Touch(params string[] names)
    {
        foreach (string name in names)
        {
            _temp.Write(name, "x\n");
        }
    }

    [Fact]
    public void Star_question_mark_and_classes_match_within_one_name()
    {
        Touch("a.log", "b.log", "ab.log", "c.txt", "sub/d.log", "app1.log", "app2.log", "appx.log");

        Assert.Equal(["a.log", "ab.log", "app1.log", "app2.log", "appx.log", "b.log"], Matches("*.log"));
        Assert.Equal(["a.log", "b.log"], Matches("?.log"));
        Assert.Equal(["app1.log", "app2.log"], Matches("app[0-9].log"));
        Assert.Equal(["appx.log"], Matches("app[!0-9].log"));
    }

    [Fact]
    public void Braces_expand_to_alternatives_nested_or_not()
    {
        Touch("auth.log", "syslog", "kern.log", "mail.log", "nginx/access.log", "nginx/error.log", "apache/error.log");

        Assert.Equal(["auth.log", "kern.log", "syslog"], Matches("{auth.log,syslog,kern.log}"));
        Assert.Equal(["auth.log", "kern.log"], Matches("{auth,kern}.log"));
        Assert.Equal(
            [Path.Combine("apache", "error.log"), Path.Combine("nginx", "access.log"), Path.Combine("nginx", "error.log")],
            Matches("{nginx/{access,error},apache/error}.log"));
    }

    [Fact]
    public void Double_star_matches_any_depth_including_none()
    {
        Touch("top.log", "a/one.log", "a/b/two.log", "a/b/c/three.log", "a/b/c/skip.txt");

        Assert.Equal(
            [Path.Combine("a", "b", "c", "three.log"), Path.Combine("a", "b", "two.log"), Path.Combine("a", "one.log"), "top.log"],
            Matches("**/*.log"));
        Assert.Equal([Path.Combine("a", "b", "c", "three.log"), Path.Combine("a", "b", "two.log")], Matches("a/b/**/*.log"));
        Assert.True(new PathGlob("/var/log/**/*.log").IsMatch("/var/log/x.log"));
        Assert.True(new PathGlob("/var/log/**/*.log").IsMatch("/var/log/a/b/x.log"));
        Assert.False(new PathGlob("/var/log/**/*.log").IsMatch("/var/log/a/b/x.txt"));
        Assert.False(new PathGlob("/var/log/*.log").IsMatch("/var/log/a/x.log"));
    }

    [Fact]
    public void Compressed_files_match_only_when_the_pattern_names_their_extension()
    {
        Touch("syslog", "syslog.1", "syslog.2.gz", "syslog.3.xz", "app.log");

        Assert.Equal(["syslog", "syslog.1"], Matches("syslog*"));
        Assert.Equal(["syslog.2.gz"], Matches("syslog*.gz"));
        Assert.Equal(["syslog.2.gz"], Matches("*.gz"));
        Assert.False(new PathGlob("/var/log/syslog*").MatchesCompressed);
        Assert.True(new PathGlob("/var/log/{syslog,*.gz}").MatchesCompressed);
    }

    [Fact]
    public void A_literal_path_matches_the_file_and_missing_directories_are_no_error()
    {
        Touch("exact.log");
        var errors = new List<(string, Exception)>();

        Assert.Equal(["exact.log"], Matches("exact.log", errors));
        Assert.Empty(Matches("missing.log", errors));
        Assert.Empty(Matches("no/such/dir/*.log", errors));
        Assert.Empty(errors);
    }

    [Fact]
    public void Roots_are_the_literal_prefixes_and_say_whether_to_watch_below_them()
    {
        var glob = new PathGlob("/var/log/{nginx/*.log,syslog,**/*.err}");

        Assert.Equal(
            [("/var/log", false), ("/var/log", true), ("/var/log/nginx", false)],
            glob.Roots.Distinct().OrderBy(r => r.Directory, StringComparer.Ordinal).ThenBy(r => r.Recursive));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/var/log/{a,b")]
    public void Invalid_patterns_are_rejected(string pattern) =>
        Assert.ThrowsAny<ArgumentException>(() => new PathGlob(pattern));
}
