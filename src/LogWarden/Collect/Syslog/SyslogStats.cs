namespace LogWarden.Collect.Syslog;

/// <summary>
/// What the syslog listeners have seen, for `logwarden status` and the dashboard. Updated from many
/// connections at once, so every counter is changed with <see cref="Interlocked"/>; readers see each
/// counter exactly, though not all of them at one instant.
/// </summary>
internal sealed class SyslogStats
{
    private long _received;
    private long _malformed;
    private long _truncated;
    private long _dropped;
    private long _connectionsAccepted;
    private long _connectionsRejected;
    private long _connectionsOpen;
    private long _idleTimeouts;

    /// <summary>Messages decoded and queued for the store (truncated ones included).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Frames skipped: no valid &lt;PRI&gt;, a bad octet count, garbage.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Messages longer than the limit, kept cut with a marker.</summary>
    public long Truncated => Interlocked.Read(ref _truncated);

    /// <summary>Messages lost: UDP datagrams that found the queue full, and what a failing sink refused.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public long ConnectionsAccepted => Interlocked.Read(ref _connectionsAccepted);

    /// <summary>Connections closed at once because <see cref="SyslogOptions.MaxConnections"/> were open.</summary>
    public long ConnectionsRejected => Interlocked.Read(ref _connectionsRejected);

    public long ConnectionsOpen => Interlocked.Read(ref _connectionsOpen);

    /// <summary>Connections closed after <see cref="SyslogOptions.IdleTimeout"/> without data.</summary>
    public long IdleTimeouts => Interlocked.Read(ref _idleTimeouts);

    internal void AddReceived(long count) => Interlocked.Add(ref _received, count);

    internal void AddMalformed(long count) => Interlocked.Add(ref _malformed, count);

    internal void AddTruncated(long count) => Interlocked.Add(ref _truncated, count);

    internal void AddDropped(long count) => Interlocked.Add(ref _dropped, count);

    internal void ConnectionOpened()
    {
        Interlocked.Increment(ref _connectionsAccepted);
        Interlocked.Increment(ref _connectionsOpen);
    }

    internal void ConnectionClosed() => Interlocked.Decrement(ref _connectionsOpen);

    internal void ConnectionRejected() => Interlocked.Increment(ref _connectionsRejected);

    internal void IdleTimeout() => Interlocked.Increment(ref _idleTimeouts);

    public override string ToString() =>
        $"received {Received}, malformed {Malformed}, truncated {Truncated}, dropped {Dropped}, connections {ConnectionsOpen} open / {ConnectionsAccepted} accepted / {ConnectionsRejected} rejected";
}
