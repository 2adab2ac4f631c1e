using System.Diagnostics;
using LogWarden.Respond;

namespace LogWarden.Tests.Respond;

/// <summary>
/// Two network namespaces joined by a veth pair: a server namespace (where LogWarden's nftables table goes
/// and a TCP listener runs) and a client namespace with two IPv4 and two IPv6 addresses, so that a test can
/// connect from a banned and from an allowed address. Skipped (with the reason) unless root with `ip netns`.
/// </summary>
internal sealed class NetnsRig : IDisposable
{
    public const int Port = 8022;
    private static int s_next;
    private readonly List<string> _namespaces = [];
    private readonly Process? _server;

    public NetnsRig()
    {
        int n = (Environment.ProcessId % 200) + Interlocked.Increment(ref s_next);
        string tag = $"lwr{Environment.ProcessId % 10000}x{n}";
        Server = tag + "s";
        Client = tag + "c";
        Net = n % 250;
        foreach (string ns in new[] { Server, Client })
        {
            Ip("netns", "add", ns);
            _namespaces.Add(ns);
            Ip("-n", ns, "link", "set", "lo", "up");
        }
        Ip("-n", Server, "link", "add", "vs", "type", "veth", "peer", "name", "vc", "netns", Client);
        Ip("-n", Server, "addr", "add", $"10.99.{Net}.1/24", "dev", "vs");
        Ip("-n", Server, "addr", "add", "fd99:a::1/64", "dev", "vs", "nodad");
        Ip("-n", Server, "addr", "add", "fd99:b::1/64", "dev", "vs", "nodad");
        Ip("-n", Client, "addr", "add", BannedV4 + "/24", "dev", "vc");
        Ip("-n", Client, "addr", "add", AllowedV4 + "/24", "dev", "vc");
        Ip("-n", Client, "addr", "add", BannedV6 + "/64", "dev", "vc", "nodad");
        Ip("-n", Client, "addr", "add", AllowedV6 + "/64", "dev", "vc", "nodad");
        Ip("-n", Server, "link", "set", "vs", "up");
        Ip("-n", Client, "link", "set", "vc", "up");
        _server = Process.Start(new ProcessStartInfo(IpPath)
        {
            ArgumentList =
            {
                "netns", "exec", Server, Python, "-c",
                "import socket\ns=socket.socket(socket.AF_INET6)\ns.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)\n"
                + "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                + $"s.bind(('::', {Port}))\ns.listen(64)\nwhile True:\n  c,_=s.accept()\n  c.close()\n",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        // Ready when the allowed address connects (the listener needs a moment to bind).
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Connects(AllowedV4, ServerV4))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("the listener in the test namespace never answered");
            }
        }
    }

    /// <summary>Why these tests cannot run here, or null when they can.</summary>
    public static string? SkipReason()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return "needs root on Linux (network namespaces and nftables)";
        }
        if (!File.Exists(IpPath) || !File.Exists(NftPath) || !File.Exists(Python))
        {
            return $"needs {IpPath} (iproute2), {NftPath} (nftables) and {Python}";
        }
        string probe = $"lwrprobe{Environment.ProcessId}";
        if (Run(IpPath, "netns", "add", probe).ExitCode != 0)
        {
            return "`ip netns add` fails here (no network namespace support)";
        }
        Run(IpPath, "netns", "del", probe);
        return null;
    }

    public const string IpPath = "/usr/sbin/ip";
    public const string NftPath = "/usr/sbin/nft";
    public const string Python = "/usr/bin/python3";

    public string Server { get; }

    public string Client { get; }

    public int Net { get; }

    public string ServerV4 => $"10.99.{Net}.1";

    public string BannedV4 => $"10.99.{Net}.2";

    public string AllowedV4 => $"10.99.{Net}.3";

    public const string ServerV6A = "fd99:a::1";
    public const string ServerV6B = "fd99:b::1";
    public const string BannedV6 = "fd99:a::2";
    public const string AllowedV6 = "fd99:b::2";

    /// <summary>Whether a TCP connect from <paramref name="source"/> (in the client namespace) to the listener succeeds within 1.5 s.</summary>
    public bool Connects(string source, string destination)
    {
        string family = source.Contains(':', StringComparison.Ordinal) ? "socket.AF_INET6" : "socket.AF_INET";
        var result = Run(IpPath, "netns", "exec", Client, Python, "-c",
            $"import socket,sys\ns=socket.socket({family})\ns.settimeout(1.5)\ns.bind(('{source}',0))\ntry:\n  s.connect(('{destination}',{Port}))\nexcept OSError:\n  sys.exit(1)\n");
        return result.ExitCode == 0;
    }

    /// <summary>`nft list set inet logwarden NAME` in the server namespace.</summary>
    public string ListSet(string name) => Run(IpPath, "netns", "exec", Server, NftPath, "list", "set", "inet", NftablesFirewall.Table, name).Output;

    private static void Ip(params string[] args)
    {
        var r = Run(IpPath, args);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)}: {r.Output}");
        }
    }

    private static (int ExitCode, string Output) Run(string exe, params string[] args)
    {
        var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var p = Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    public void Dispose()
    {
        if (_server is not null)
        {
            try
            {
                _server.Kill(entireProcessTree: true);
                _server.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            _server.Dispose();
        }
        foreach (string ns in _namespaces)
        {
            Run(IpPath, "netns", "del", ns);
        }
    }
}
