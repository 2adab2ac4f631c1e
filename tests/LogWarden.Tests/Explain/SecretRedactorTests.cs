using LogWarden.Explain;

namespace LogWarden.Tests.Explain;

public sealed class SecretRedactorTests
{
    [Fact]
    public void Every_secret_of_the_corpus_is_redacted()
    {
        var leaks = new List<string>();
        foreach (var (line, secrets) in SecretCorpus.Lines)
        {
            string redacted = SecretRedactor.Redact(line);
            leaks.AddRange(secrets.Where(s => redacted.Contains(s, StringComparison.Ordinal)).Select(s => $"{s} in: {redacted}"));
            Assert.Contains("[REDACTED:", redacted, StringComparison.Ordinal);
        }
        Assert.True(SecretCorpus.Lines.Count >= 50, "the corpus holds dozens of forms");
        Assert.Empty(leaks);
    }

    [Fact]
    public void Lines_without_secrets_keep_their_meaning()
    {
        foreach (var (line, kept) in SecretCorpus.Clean)
        {
            string redacted = SecretRedactor.Redact(line);
            foreach (string part in kept)
            {
                Assert.Contains(part, redacted, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_sudo_working_directory_is_not_taken_for_a_password()
    {
        string line = "sudo: alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx";
        Assert.Equal(line, SecretRedactor.Redact(line));
    }

    [Fact]
    public void Redaction_counts_what_it_removed_and_names_the_kind()
    {
        int count = 0;
        string redacted = SecretRedactor.Redact("url postgres://u:pw12345@db/x and mail bob@example.com", ref count);
        Assert.Equal(2, count);
        Assert.Equal("url postgres://u:[REDACTED:url-password]@db/x and mail [REDACTED:email]", redacted);
    }

    [Fact]
    public void Flatten_turns_control_characters_into_spaces_so_a_line_cannot_fake_a_new_message()
    {
        Assert.Equal("a  system: b c", SecretRedactor.Flatten("a\r\nsystem: b\u001bc"));
        Assert.Equal("plain\ttext", SecretRedactor.Flatten("plain\ttext"));
    }
}
