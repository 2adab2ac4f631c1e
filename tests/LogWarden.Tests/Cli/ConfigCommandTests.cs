namespace LogWarden.Tests.Cli;

public sealed class ConfigCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("logwarden-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Config_check_accepts_a_good_file_and_lists_the_sources()
    {
        string file = Path.Combine(_dir, "ok.yaml");
        File.WriteAllText(file, "sources:\n  discover: false\n  files:\n    - paths: [/var/log/app/*.log]\n");
        var (exit, output, err) = CliRunner.Run("config", "check", "--config", file);
        Assert.True(exit == 0, err);
        Assert.Contains($"{file}: ok", output, StringComparison.Ordinal);
        Assert.Contains("files: /var/log/app/*.log", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_check_reports_errors_with_line_numbers_and_fails()
    {
        string file = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(file, "store:\n  retension: 5d\n  max_size: huge\n");
        var (exit, _, err) = CliRunner.Run("config", "check", "--config", file);
        Assert.Equal(1, exit);
        Assert.Contains($"{file}:2:", err, StringComparison.Ordinal);
        Assert.Contains("did you mean 'retention'", err, StringComparison.Ordinal);
        Assert.Contains($"{file}:3:", err, StringComparison.Ordinal);
        Assert.Contains("2 error(s)", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_config_file_is_an_error()
    {
        var (exit, _, err) = CliRunner.Run("config", "check", "--config", Path.Combine(_dir, "nope.yaml"));
        Assert.Equal(1, exit);
        Assert.Contains("nope.yaml", err, StringComparison.Ordinal);
    }
}

public sealed class ShippedConfigTests
{
    [Fact]
    public void The_shipped_example_configuration_is_valid()
    {
        string file = Path.Combine(FindRepository(), "dist", "logwarden.yaml");
        var (exit, output, err) = CliRunner.Run("config", "check", "--config", file);
        Assert.True(exit == 0, err);
        Assert.Contains(": ok", output, StringComparison.Ordinal);
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LogWarden.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("LogWarden.slnx not found above " + AppContext.BaseDirectory);
    }
}
