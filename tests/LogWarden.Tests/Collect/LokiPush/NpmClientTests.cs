using System.Diagnostics;
using System.Globalization;
using LogWarden.Parse;

namespace LogWarden.Tests.Collect.LokiPush;

/// <summary>
/// Real Loki clients from npm against the endpoint on Kestrel: winston-loki (protobuf + snappy by default,
/// JSON with structured metadata when asked) and pino-loki (JSON). Installed with `npm ci` from the
/// package.json and package-lock.json in npm/ (scripts/test.sh does it; the fixture does it if missing).
/// </summary>
public sealed class NpmClientTests
{
    private const int Lines = 300;

    [Theory]
    [InlineData("protobuf")]
    [InlineData("json")]
    public async Task Winston_loki_lines_all_arrive_with_their_labels_and_levels(string mode)
    {
        await using var server = await LokiPushServer.StartAsync();

        await NpmClients.RunAsync("winston-push.js", server.BaseAddress.ToString().TrimEnd('/'), $"{Lines}", mode);

        var records = server.Sink.Records; // the client exits only once every push was answered 204
        Assert.Equal(Lines, records.Count);
        Assert.Equal(Lines, server.Stats.Lines);
        Assert.Equal(0, server.Stats.BadRequests);
        Assert.True(mode == "json" ? server.Stats.ProtobufBodies == 0 : server.Stats.JsonBodies == 0, server.Stats.ToString());
        var warnings = records.Where(r => r.Labels["level"] == "warn").ToList();
        Assert.Equal(Lines / 10, warnings.Count);
        Assert.All(records, r => Assert.Equal("shop", r.Labels["app"]));
        Assert.All(records, r => Assert.True(Math.Abs((r.Record.Timestamp!.Value - DateTimeOffset.UtcNow).TotalMinutes) < 5));
        Assert.All(warnings, r => Assert.Equal(Severity.Warning, r.Record.Level));
        // winston-loki writes "message {meta as JSON}" per line; the numbers tell every line arrived once.
        Assert.Equal(
            Enumerable.Range(0, Lines),
            records.Select(r => int.Parse(r.Record.Raw.Split(' ')[1], CultureInfo.InvariantCulture)).Order());
        Assert.All(warnings, r => Assert.StartsWith("payment ", r.Record.Raw, StringComparison.Ordinal));
        if (mode == "json")
        {
            // winston's metadata arrives as the entry's structured metadata (the third element of a value).
            Assert.All(warnings, r => Assert.Contains(r.Record.Fields, f => f.Key == "orderId"));
        }
    }

    [Fact]
    public async Task Pino_loki_lines_all_arrive_decoded_from_their_json()
    {
        await using var server = await LokiPushServer.StartAsync();

        await NpmClients.RunAsync("pino-push.js", server.BaseAddress.ToString(), $"{Lines}");

        var records = server.Sink.Records;
        Assert.Equal(Lines, records.Count);
        Assert.True(server.Stats.JsonBodies > 0 && server.Stats.ProtobufBodies == 0, server.Stats.ToString());
        Assert.All(records, r => Assert.Equal("api", r.Labels["app"]));
        Assert.All(records, r => Assert.Equal(Environment.MachineName, r.Labels["hostname"]?.Split('.')[0]));
        var errors = records.Where(r => r.Record.Level == Severity.Error).ToList();
        Assert.Equal(Lines / 10, errors.Count);
        Assert.All(errors, r => Assert.Equal("error", r.Labels["level"]));
        Assert.All(errors, r => Assert.Matches("^request [0-9]+ failed$", r.Record.Message)); // pino's msg, not the JSON envelope
        Assert.All(errors, r => Assert.Contains(r.Record.Fields, f => f.Key == "trace_id"));
        Assert.Equal(
            Enumerable.Range(0, Lines).Where(i => i % 10 != 7).Select(i => $"request {i} served").Order(StringComparer.Ordinal),
            records.Where(r => r.Record.Level == Severity.Info).Select(r => r.Record.Message).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_client_told_400_reports_the_reason()
    {
        await using var server = await LokiPushServer.StartAsync(new LogWarden.Collect.LokiPush.LokiPushOptions { MaxLabelNames = 1 });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => NpmClients.RunAsync("winston-push.js", server.BaseAddress.ToString().TrimEnd('/'), "5", "json"));

        Assert.Contains("at most 1 are allowed", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Sink.Records);
    }
}

/// <summary>Runs the node scripts in npm/ with the machine's node, installing the locked packages first if needed.</summary>
internal static class NpmClients
{
    private static readonly Lazy<Task<string>> Directory = new(InstallAsync);

    public static async Task RunAsync(string script, params string[] arguments)
    {
        string directory = await Directory.Value;
        var (exitCode, output) = await RunProcessAsync("node", directory, [script, .. arguments]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"node {script} exited {exitCode}: {output}");
        }
    }

    private static async Task<string> InstallAsync()
    {
        string directory = Locate();
        if (!System.IO.Directory.Exists(Path.Combine(directory, "node_modules", "winston-loki")))
        {
            var (exitCode, output) = await RunProcessAsync("npm", directory, ["ci", "--no-audit", "--no-fund"]);
            Assert.True(exitCode == 0, "npm ci failed: " + output);
        }

        return directory;
    }

    /// <summary>tests/LogWarden.Tests/Collect/LokiPush/npm in the checkout the tests were built from.</summary>
    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "LogWarden.Tests", "Collect", "LokiPush", "npm");
            if (File.Exists(Path.Combine(candidate, "package-lock.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/LogWarden.Tests/Collect/LokiPush/npm not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int ExitCode, string Output)> RunProcessAsync(string program, string directory, string[] arguments)
    {
        var psi = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in 3 minutes");
        }

        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
