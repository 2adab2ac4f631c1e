using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LogWarden.Collect;
using LogWarden.Collect.Syslog;
using LogWarden.Tests.Support;

namespace LogWarden.Tests.Collect.Syslog;

/// <summary>
/// A <see cref="SyslogSource"/> listening on 127.0.0.1 (UDP and TCP, ports the system chooses) and writing
/// to a <see cref="CollectingSink"/>; disposing stops it the way the daemon does, by cancellation.
/// </summary>
internal sealed class SyslogServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    private SyslogServer(SyslogSource source, CollectingSink sink)
    {
        Source = source;
        Sink = sink;
        _run = source.RunAsync(sink, new InMemoryCheckpoints(), _stop.Token);
    }

    public SyslogSource Source { get; }

    public CollectingSink Sink { get; }

    public SyslogStats Stats => Source.Stats;

    public int TcpPort { get; private set; }

    public int UdpPort { get; private set; }

    public static async Task<SyslogServer> StartAsync(SyslogOptions? options = null, int sinkCapacity = 16)
    {
        options ??= new SyslogOptions();
        options = options with { Enabled = true, Udp = ["127.0.0.1:0"], Tcp = ["127.0.0.1:0"] };
        var server = new SyslogServer(new SyslogSource(options), new CollectingSink(sinkCapacity));
        var endpoints = await server.Source.Listening.WaitAsync(TimeSpan.FromSeconds(10));
        server.TcpPort = endpoints.Tcp[0].Port;
        server.UdpPort = endpoints.Udp[0].Port;
        return server;
    }

    /// <summary>A connected TCP client socket.</summary>
    public async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, TcpPort);
        return socket;
    }

    /// <summary>Sends <paramref name="bytes"/> over a new TCP connection and closes it.</summary>
    public async Task SendTcpAsync(byte[] bytes)
    {
        using var socket = await ConnectAsync();
        await socket.SendAsync(bytes);
        socket.Shutdown(SocketShutdown.Send);
    }

    public async Task SendUdpAsync(params byte[][] datagrams)
    {
        using var client = new UdpClient(AddressFamily.InterNetwork);
        foreach (byte[] datagram in datagrams)
        {
            await client.SendAsync(datagram, new IPEndPoint(IPAddress.Loopback, UdpPort));
        }
    }

    /// <summary>Runs util-linux's <c>logger</c> against this server; <paramref name="stdin"/> lines become one message each.</summary>
    public static async Task RunLoggerAsync(IEnumerable<string> arguments, string? stdin = null, string server = "127.0.0.1")
    {
        var psi = new ProcessStartInfo("logger")
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "--server", server }.Concat(arguments))
        {
            psi.ArgumentList.Add(argument);
        }

        using var process = Process.Start(psi)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        string errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(process.ExitCode == 0, $"logger exited {process.ExitCode}: {errors}");
    }

    /// <summary>Reads from <paramref name="socket"/> until the server closes it (a generous deadline).</summary>
    public static async Task AssertClosedByServerAsync(Socket socket)
    {
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, deadline.Token) > 0)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(30));
        await Sink.DisposeAsync();
        _stop.Dispose();
    }
}
