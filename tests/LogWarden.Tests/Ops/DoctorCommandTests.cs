using System.Net;
using System.Net.Sockets;
using LogWarden.Tests.Cli;
using LogWarden.Tests.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Ops;

/// <summary>
/// `logwarden doctor` against real files with real permissions (judged for the unprivileged user nobody),
/// real sockets on loopback for the notifiers, and the fake OpenAI endpoint for the LLM.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DoctorCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public DoctorCommandTests()
    {
        // Temp directories are 0700: let others in, as /var/log is.
        File.SetUnixFileMode(_dir.Path, (UnixFileMode)0x1ED); // 0755
        Directory.CreateDirectory(Path.Join(_dir.Path, "logs"));
        File.SetUnixFileMode(Path.Join(_dir.Path, "logs"), (UnixFileMode)0x1ED);
        Directory.CreateDirectory(Path.Join(_dir.Path, "data"));
        File.SetUnixFileMode(Path.Join(_dir.Path, "data"), (UnixFileMode)0x1FF); // 0777: anyone may write
    }

    public void Dispose() => _dir.Dispose();

    private string At(string name) => Path.Join(_dir.Path, name);

    private string Config(string yaml)
    {
        string file = At("logwarden.yaml");
        File.WriteAllText(file, $"listen: 127.0.0.1:{FreePort()}\nsources:\n  discover: false\n  journal: {{enabled: false}}\n  docker: {{enabled: false}}\n{yaml}");
        return file;
    }

    private (int Exit, string Out, string Err) Doctor(string config, string user = "nobody") =>
        CliRunner.Run("doctor", "--config", config, "--data", At("data"), "--user", user);

    [Fact]
    public void A_sound_setup_passes_with_a_zero_exit()
    {
        File.WriteAllText(At("logs/app.log"), "hello\n");
        File.SetUnixFileMode(At("logs/app.log"), (UnixFileMode)0x1A4); // 0644

        var (exit, output, err) = Doctor(Config($"  files:\n    - paths: [\"{At("logs")}/*.log\"]\n"));

        Assert.True(exit == 0, output + err);
        Assert.Contains($"ok     sources  {At("logs")}/*.log: 1 file(s) readable by nobody", output, StringComparison.Ordinal);
        Assert.Contains($"ok     data     {At("data")} writable by nobody", output, StringComparison.Ordinal);
        Assert.Matches(@"ok     disk     [\d.]+ GiB free", output);
        Assert.Contains("ok     clock", output, StringComparison.Ordinal);
        Assert.Contains("WARN   alerts   no alert channel", output, StringComparison.Ordinal);
        Assert.Contains("ok     llm      off", output, StringComparison.Ordinal);
        Assert.Contains("0 error(s), 1 warning(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_the_service_user_cannot_read_is_an_error_with_the_fix()
    {
        File.WriteAllText(At("logs/secret.log"), "root only\n");
        File.SetUnixFileMode(At("logs/secret.log"), (UnixFileMode)0x180); // 0600, root's
        Directory.CreateDirectory(At("private"));
        File.SetUnixFileMode(At("private"), (UnixFileMode)0x1C0); // 0700: not even searchable
        File.WriteAllText(At("private/app.log"), "x\n");

        var (exit, output, _) = Doctor(Config($"  loki_push: {{enabled: false}}\n  files:\n    - paths: [\"{At("logs")}/*.log\", \"{At("private")}/app.log\"]\n"));

        Assert.Equal(1, exit);
        Assert.Contains($"ERROR  sources  nobody cannot read {At("logs/secret.log")} (0:root 600)", output, StringComparison.Ordinal);
        Assert.Contains($"ERROR  sources  nobody cannot enter {At("private")} (0:root 700)", output, StringComparison.Ordinal);
        Assert.Contains("fix: setfacl -m u:nobody:r", output, StringComparison.Ordinal);
        Assert.Contains("no source the daemon can read", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Notifiers_are_checked_by_connecting_without_sending_anything()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        int open = ((IPEndPoint)server.LocalEndpoint).Port;
        int closed = FreePort();
        string config = Config($$"""
            alerts:
              channels:
                - {name: hook, type: webhook, url: "http://127.0.0.1:{{open}}/hook"}
                - {name: mail, type: email, host: 127.0.0.1, port: {{closed}}, from: a@example.com, to: [b@example.com]}
            """ + "\n");

        var (exit, output, _) = Doctor(config, "root");

        Assert.Equal(1, exit);
        Assert.Contains($"ok     alerts   webhook channel 'hook': 127.0.0.1:{open} reachable", output, StringComparison.Ordinal);
        Assert.Contains($"ERROR  alerts   email channel 'mail': cannot connect to 127.0.0.1:{closed}", output, StringComparison.Ordinal);
        // The webhook's server got a connection and not one byte.
        using TcpClient accepted = server.AcceptTcpClient();
        var buffer = new byte[16];
        accepted.ReceiveTimeout = 5000;
        Assert.Equal(0, accepted.GetStream().Read(buffer));
    }

    [Fact]
    public async Task The_llm_endpoint_is_asked_for_its_models_and_a_refused_key_or_unlisted_model_is_an_error()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        string Llm(string key, string model) => Config($"llm:\n  base_url: {llm.BaseUrl}\n  api_key: {key}\n  model: {model}\n");

        var (_, good, _) = Doctor(Llm("sk-test", FakeOpenAiServer.Model), "root");
        var (_, unlisted, _) = Doctor(Llm("sk-test", "gpt-9"), "root");
        var (exit, refused, _) = Doctor(Llm(FakeOpenAiServer.RejectedKey, FakeOpenAiServer.Model), "root");

        Assert.Contains($"ok     llm      {llm.BaseUrl} reachable, model fake-gpt listed", good, StringComparison.Ordinal);
        Assert.Contains($"ERROR  llm      {llm.BaseUrl} does not list the model gpt-9", unlisted, StringComparison.Ordinal);
        Assert.Equal(1, exit);
        Assert.Contains("refused the API key (401)", refused, StringComparison.Ordinal);
        Assert.Empty(llm.Requests); // no completion was asked for
    }

    [Fact]
    public void Listening_beyond_loopback_without_auth_is_an_error()
    {
        string config = Config("");
        File.WriteAllText(config, File.ReadAllText(config).Replace("listen: 127.0.0.1:", "listen: 0.0.0.0:", StringComparison.Ordinal));

        var (exit, output, _) = Doctor(config, "root");

        Assert.Equal(1, exit);
        Assert.Contains("without web.auth: the daemon refuses to start", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_running_daemon_on_the_listen_address_is_recognised_not_warned_about()
    {
        string config = Config("  host_metrics: {enabled: false}\n");
        int port = int.Parse(File.ReadLines(config).First().Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var daemon = LogWarden.Daemon.DaemonHost.Build(LogWarden.Config.ConfigLoader.Load(config), At("daemon-data"), new IPEndPoint(IPAddress.Loopback, port));
        await daemon.StartAsync();
        try
        {
            var (exit, output, err) = Doctor(config);

            Assert.True(exit == 0, output + err);
            Assert.Contains($"ok     web      127.0.0.1:{port}: the daemon is running there (/ready answers)", output, StringComparison.Ordinal);
        }
        finally
        {
            await daemon.StopAsync();
            await daemon.DisposeAsync();
        }
    }

    [Fact]
    public void The_listen_address_held_by_another_program_is_a_warning()
    {
        string config = Config("");
        int port = int.Parse(File.ReadLines(config).First().Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);
        using var other = new TcpListener(IPAddress.Loopback, port);
        other.Start();

        var (_, output, _) = Doctor(config);

        Assert.Contains($"WARN   web      127.0.0.1:{port}: Address already in use, and not by a LogWarden daemon (no /ready)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_user_is_a_clear_error()
    {
        var (exit, _, err) = Doctor(Config(""), "no-such-user-here");
        Assert.Equal(1, exit);
        Assert.Contains("no user no-such-user-here", err, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
