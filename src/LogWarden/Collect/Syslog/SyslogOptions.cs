using System.Globalization;
using System.Net;

namespace LogWarden.Collect.Syslog;

/// <summary>
/// The <c>syslog:</c> section of the configuration: where to listen and the bounds that keep a flood or a
/// hostile sender from costing more than a fixed amount of memory.
/// </summary>
internal sealed record SyslogOptions
{
    /// <summary>Off by default: opening a network port is the owner's decision.</summary>
    public bool Enabled { get; init; }

    /// <summary>UDP addresses to listen on, <c>host:port</c> (<c>127.0.0.1:5514</c>, <c>[::]:514</c>, <c>0.0.0.0:514</c>).</summary>
    public IReadOnlyList<string> Udp { get; init; } = ["127.0.0.1:5514"];

    /// <summary>TCP addresses to listen on, same form as <see cref="Udp"/>.</summary>
    public IReadOnlyList<string> Tcp { get; init; } = ["127.0.0.1:5514"];

    /// <summary>
    /// Longest message kept whole, in bytes; longer ones keep this many bytes and a truncation marker.
    /// 64 KiB holds any UDP datagram and far more than RFC 5424's 2,048 bytes that receivers should accept.
    /// </summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024;

    /// <summary>A TCP connection that sends nothing for this long is closed (its sender reconnects when it has more).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Open TCP connections at most; further ones are closed as soon as accepted, and counted.</summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>Records per batch handed to the sink, at most (a busy listener fills them; a quiet one sends what it has).</summary>
    public int BatchRecords { get; init; } = 2048;

    /// <summary>
    /// Chunks of decoded records waiting for the sink. A chunk holds at most <see cref="ChunkRecords"/>
    /// records or about <see cref="ChunkBytes"/> bytes of messages, so this bounds the memory of the queue.
    /// When it is full, TCP connections stop reading (the senders' TCP windows close) and UDP datagrams
    /// are dropped and counted (UDP cannot wait).
    /// </summary>
    public int QueueChunks { get; init; } = 64;

    /// <summary>Records per chunk, at most.</summary>
    public int ChunkRecords { get; init; } = 512;

    /// <summary>Message bytes per chunk, about (a chunk is closed once it passes this).</summary>
    public int ChunkBytes { get; init; } = 256 * 1024;

    /// <summary>Kernel receive buffer asked for UDP sockets (the kernel may cap it at net.core.rmem_max).</summary>
    public int UdpReceiveBufferBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>At shutdown, how long queued records may take to reach the sink before they are counted as dropped.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The first problem with these options, with the key that has it, or null when they are valid.</summary>
    public string? Validate()
    {
        foreach (string address in Udp.Concat(Tcp))
        {
            if (!TryParseEndpoint(address, out _))
            {
                return $"syslog: '{address}' is not a listen address; write host:port, e.g. 127.0.0.1:5514 or [::]:514";
            }
        }

        return MaxMessageBytes is < 480 or > 16 * 1024 * 1024
            ? "syslog.maxMessageBytes: must be 480 (RFC 5424's minimum) to 16 MiB"
            : IdleTimeout <= TimeSpan.Zero ? "syslog.idleTimeout: must be positive"
            : MaxConnections < 1 ? "syslog.maxConnections: must be at least 1"
            : BatchRecords < 1 ? "syslog.batchRecords: must be at least 1"
            : QueueChunks < 1 ? "syslog.queueChunks: must be at least 1"
            : ChunkRecords < 1 ? "syslog.chunkRecords: must be at least 1"
            : ChunkBytes < 1 ? "syslog.chunkBytes: must be at least 1"
            : null;
    }

    /// <summary><c>host:port</c> with a literal IPv4 or bracketed IPv6 address (no name lookups at start).</summary>
    public static bool TryParseEndpoint(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPEndPoint? endpoint)
    {
        endpoint = null;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ushort port))
        {
            return false;
        }

        var host = text.AsSpan(0, colon);
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':'))
        {
            return false; // an IPv6 address needs brackets, or its last group reads as the port
        }

        if (!IPAddress.TryParse(host, out var address))
        {
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        return true;
    }
}
