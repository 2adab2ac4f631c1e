using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LogWarden.Bench;

/// <summary>
/// What the benches read of <c>/proc/…/stat</c> (proc(5)): the CPU a process or thread used, in clock ticks of
/// 10 ms (USER_HZ = 100 on Linux).
/// </summary>
internal static class ProcStat
{
    /// <summary>The fields after the command name's ")" (which may hold spaces): [0] is the state, field 3 of proc(5).</summary>
    public static string[] Fields(string statPath)
    {
        string stat = File.ReadAllText(statPath);
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    /// <summary>User + system CPU (utime, stime: fields 14 and 15), with <paramref name="andReapedChildren"/> also its waited-for children's (cutime, cstime: 16 and 17).</summary>
    public static TimeSpan Cpu(string[] fields, bool andReapedChildren = false) =>
        Ticks(fields, 11) + Ticks(fields, 12) + (andReapedChildren ? ReapedChildrenCpu(fields) : TimeSpan.Zero);

    /// <summary>User + system CPU of the waited-for children (cutime, cstime: fields 16 and 17).</summary>
    public static TimeSpan ReapedChildrenCpu(string[] fields) => Ticks(fields, 13) + Ticks(fields, 14);

    private static TimeSpan Ticks(string[] fields, int index) => TimeSpan.FromMilliseconds(long.Parse(fields[index], CultureInfo.InvariantCulture) * 10);
}

/// <summary>Ports for the daemons and receivers the benches start on loopback.</summary>
internal static class Loopback
{
    /// <summary>A TCP port free on 127.0.0.1 a moment ago (the kernel's pick).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
