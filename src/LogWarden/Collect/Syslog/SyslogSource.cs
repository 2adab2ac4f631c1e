using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogWarden.Collect.Syslog;

/// <summary>The addresses the listeners are bound to (with the ports the system chose for port 0).</summary>
internal sealed record SyslogEndpoints(IReadOnlyList<IPEndPoint> Udp, IReadOnlyList<IPEndPoint> Tcp);

/// <summary>
/// Receives syslog over the network: RFC 3164 and RFC 5424 messages in UDP datagrams (RFC 5426, one
/// message each) and over TCP (RFC 6587, octet counting or LF/NUL framing, detected per connection; see
/// <see cref="SyslogFrameReader"/>). Messages become records through <see cref="SyslogRecordBuilder"/>.
/// <para>
/// Flow: every TCP connection is an async loop over a <see cref="PipeReader"/> (no thread per
/// connection); it decodes what one read brought and queues it as a chunk. The queue is bounded
/// (<see cref="SyslogOptions.QueueChunks"/>): when it is full a connection stops reading, so its sender's
/// TCP window closes and the sender waits; a UDP datagram that finds it full is dropped and counted,
/// since a datagram cannot wait. One forwarder drains the queue into the sink in batches of what has
/// accumulated (group commit: no timer, no added latency; a busy store gets bigger batches).
/// </para>
/// <para>
/// Pushed data cannot be replayed, so batches carry no checkpoint: what was received when the daemon
/// stops is handed to the sink within <see cref="SyslogOptions.DrainTimeout"/>, and counted as dropped
/// if the sink does not take it by then.
/// </para>
/// </summary>
internal sealed partial class SyslogSource : ILogSource
{
    private const int ListenBacklog = 512;

    // The largest UDP payload is 65,507 bytes (IPv4); the buffer holds any datagram whole.
    private const int DatagramBufferBytes = 64 * 1024;

    private readonly SyslogOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<SyslogEndpoints> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private int _openConnections;

    public SyslogSource(SyslogOptions options, TimeProvider? time = null, ILogger<SyslogSource>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public string Id => "syslog";

    public SyslogStats Stats { get; } = new();

    /// <summary>Completes once every listener is bound, with the bound addresses; faults if one cannot be bound.</summary>
    public Task<SyslogEndpoints> Listening => _listening.Task;

    public async Task RunAsync(IIngestSink sink, ICheckpointReader checkpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var (udp, tcp) = Bind();
        var queue = Channel.CreateBounded<List<IngestRecord>>(new BoundedChannelOptions(_options.QueueChunks)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var forwarding = ForwardAsync(queue.Reader, sink, cancellationToken);
        try
        {
            var receivers = udp.Select(socket => ReceiveDatagramsAsync(socket, queue.Writer, cancellationToken))
                .Concat(tcp.Select(socket => AcceptConnectionsAsync(socket, queue.Writer, cancellationToken)))
                .ToList();
            await Task.WhenAll(receivers).ConfigureAwait(false);
        }
        finally
        {
            foreach (var socket in udp.Concat(tcp))
            {
                socket.Dispose();
            }

            await Task.WhenAll(_connections.Keys).ConfigureAwait(false);
            queue.Writer.TryComplete();
            await forwarding.ConfigureAwait(false);
        }
    }

    private (List<Socket> Udp, List<Socket> Tcp) Bind()
    {
        var udp = new List<Socket>();
        var tcp = new List<Socket>();
        try
        {
            if (_options.Validate() is { } problem)
            {
                throw new ArgumentException(problem);
            }

            foreach (string address in _options.Udp)
            {
                udp.Add(BindSocket(address, SocketType.Dgram, ProtocolType.Udp));
            }

            foreach (string address in _options.Tcp)
            {
                tcp.Add(BindSocket(address, SocketType.Stream, ProtocolType.Tcp));
            }
        }
        catch (Exception ex)
        {
            foreach (var socket in udp.Concat(tcp))
            {
                socket.Dispose();
            }

            _listening.TrySetException(ex);
            throw;
        }

        var endpoints = new SyslogEndpoints(
            udp.Select(s => (IPEndPoint)s.LocalEndPoint!).ToList(),
            tcp.Select(s => (IPEndPoint)s.LocalEndPoint!).ToList());
        foreach (var endpoint in endpoints.Udp)
        {
            LogListening("udp", endpoint);
        }

        foreach (var endpoint in endpoints.Tcp)
        {
            LogListening("tcp", endpoint);
        }

        _listening.TrySetResult(endpoints);
        return (udp, tcp);
    }

    private Socket BindSocket(string address, SocketType type, ProtocolType protocol)
    {
        if (!SyslogOptions.TryParseEndpoint(address, out var endpoint))
        {
            throw new ArgumentException($"syslog: '{address}' is not a listen address"); // Validate checked it already
        }

        var socket = new Socket(endpoint.AddressFamily, type, protocol);
        try
        {
            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6 && endpoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true; // [::] takes IPv4 too, as Kestrel's does
            }

            if (protocol == ProtocolType.Tcp)
            {
                // A restart must not wait for the old connections' TIME_WAIT; on Linux this never lets two
                // listeners share the port (it would for UDP, so UDP does without).
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(endpoint);
                socket.Listen(ListenBacklog);
            }
            else
            {
                socket.ReceiveBufferSize = _options.UdpReceiveBufferBytes;
                socket.Bind(endpoint);
            }

            return socket;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new IOException($"syslog: cannot listen on {protocol.ToString().ToLowerInvariant()} {address}: {ex.Message}", ex);
        }
    }

    private async Task ReceiveDatagramsAsync(Socket socket, ChannelWriter<List<IngestRecord>> queue, CancellationToken cancellationToken)
    {
        byte[] buffer = GC.AllocateUninitializedArray<byte>(DatagramBufferBytes, pinned: true);
        var address = new SocketAddress(socket.AddressFamily);
        var addressTemplate = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        byte[] lastAddress = [];
        string peer = string.Empty;
        using var builder = new SyslogRecordBuilder("udp", _time);
        var chunk = new Chunk(_options);
        long datagrams = 0;
        while (true)
        {
            int received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, address, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // An ICMP error for an earlier send and the like: that datagram is gone, the socket is fine.
                LogDatagramError(ex.SocketErrorCode);
                continue;
            }

            var addressBytes = address.Buffer.Span[..address.Size];
            if (!addressBytes.SequenceEqual(lastAddress))
            {
                lastAddress = addressBytes.ToArray();
                peer = PeerAddress(addressTemplate.Create(address));
            }

            if (chunk.IsEmpty)
            {
                builder.StartChunk();
            }

            datagrams++;
            int kept = Math.Min(received, _options.MaxMessageBytes);
            try
            {
                chunk.Add(builder, buffer.AsSpan(0, kept), received - kept, peer, datagrams);
            }
            catch (Exception ex)
            {
                // A bug in decoding one datagram costs that datagram (counted as malformed), not the listener.
                Stats.AddMalformed(1);
                LogConnectionFailed(peer, ex);
            }

            if (chunk.IsFull || socket.Available == 0)
            {
                var (records, malformed, truncated) = chunk.Take();
                Stats.AddMalformed(malformed);
                if (records is null)
                {
                    continue;
                }

                if (queue.TryWrite(records))
                {
                    Stats.AddReceived(records.Count);
                    Stats.AddTruncated(truncated);
                }
                else
                {
                    Stats.AddDropped(records.Count);
                }
            }
        }
    }

    private async Task AcceptConnectionsAsync(Socket listener, ChannelWriter<List<IngestRecord>> queue, CancellationToken cancellationToken)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // Out of file descriptors, or the peer gave up before the accept: the listener stays up.
                LogAcceptError(ex.SocketErrorCode);
                if (ex.SocketErrorCode == SocketError.TooManyOpenSockets)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), _time, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            if (Interlocked.Increment(ref _openConnections) > _options.MaxConnections)
            {
                Interlocked.Decrement(ref _openConnections);
                Stats.ConnectionRejected();
                socket.Dispose();
                continue;
            }

            Stats.ConnectionOpened();
            var connection = ServeConnectionAsync(socket, queue, cancellationToken);
            _connections.TryAdd(connection, 0);
            _ = connection.ContinueWith(done => _connections.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ServeConnectionAsync(Socket socket, ChannelWriter<List<IngestRecord>> queue, CancellationToken cancellationToken)
    {
        string peer = PeerAddress(socket.RemoteEndPoint);
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var stopping = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), idle);
        var reader = PipeReader.Create(new NetworkStream(socket, ownsSocket: true), new StreamPipeReaderOptions(bufferSize: 16 * 1024));
        using var framer = new SyslogFrameReader(_options.MaxMessageBytes);
        using var builder = new SyslogRecordBuilder("tcp", _time);
        var chunk = new Chunk(_options);
        long frames = 0;
        try
        {
            while (true)
            {
                // Idle means nothing to read: armed only while waiting for the socket, not while the queue is full.
                idle.CancelAfter(_options.IdleTimeout);
                ReadResult result;
                try
                {
                    result = await reader.ReadAsync(idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    if (!cancellationToken.IsCancellationRequested)
                    {
                        Stats.IdleTimeout();
                        LogIdle(peer);
                    }

                    return;
                }

                idle.CancelAfter(Timeout.InfiniteTimeSpan);
                var buffer = result.Buffer;
                builder.StartChunk();
                FrameStatus status;
                while ((status = framer.TryRead(ref buffer, result.IsCompleted, out var frame, out long skipped)) == FrameStatus.Frame)
                {
                    chunk.Add(builder, frame, skipped, peer, ++frames);
                    if (chunk.IsFull)
                    {
                        await QueueAsync(chunk, queue, cancellationToken).ConfigureAwait(false);
                    }
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                await QueueAsync(chunk, queue, cancellationToken).ConfigureAwait(false);
                if (status == FrameStatus.Broken)
                {
                    Stats.AddMalformed(1);
                    LogBrokenStream(peer, framer.BrokenReason);
                    return;
                }

                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // The peer reset the connection, or the daemon is stopping: what was queued stands.
        }
        catch (Exception ex)
        {
            // A bug in decoding one sender's data ends that connection, not the listener.
            LogConnectionFailed(peer, ex);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            Stats.ConnectionClosed();
            Interlocked.Decrement(ref _openConnections);
        }
    }

    private async ValueTask QueueAsync(Chunk chunk, ChannelWriter<List<IngestRecord>> queue, CancellationToken cancellationToken)
    {
        var (records, malformed, truncated) = chunk.Take();
        Stats.AddMalformed(malformed);
        if (records is not null)
        {
            await queue.WriteAsync(records, cancellationToken).ConfigureAwait(false);
            Stats.AddReceived(records.Count);
            Stats.AddTruncated(truncated);
        }
    }

    /// <summary>Queue → sink, in batches of what accumulated while the previous batch was written.</summary>
    private async Task ForwardAsync(ChannelReader<List<IngestRecord>> queue, IIngestSink sink, CancellationToken cancellationToken)
    {
        // Until shutdown the sink may take as long as it needs (that is the back-pressure); from then on
        // it has DrainTimeout for what is still queued.
        using var drain = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var stopping = cancellationToken.UnsafeRegister(
            static state => { var (source, timeout) = ((CancellationTokenSource, TimeSpan))state!; source.CancelAfter(timeout); },
            (drain, _options.DrainTimeout));
        while (await queue.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var batch = new List<IngestRecord>(Math.Min(_options.BatchRecords, _options.ChunkRecords * 4));
            while (batch.Count < _options.BatchRecords && queue.TryRead(out var chunk))
            {
                batch.AddRange(chunk);
            }

            try
            {
                await sink.WriteAsync(new IngestBatch(batch, []), drain.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (drain.IsCancellationRequested)
            {
                long lost = batch.Count;
                while (queue.TryRead(out var chunk) || await queue.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    lost += chunk?.Count ?? 0;
                }

                Stats.AddDropped(lost);
                LogDrainTimedOut(lost);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A source cannot replay pushed data; a sink that refuses it loses it, counted and said.
                Stats.AddDropped(batch.Count);
                LogSinkFailed(batch.Count, ex);
            }
        }
    }

    private static string PeerAddress(EndPoint? endpoint) => endpoint switch
    {
        IPEndPoint { Address.IsIPv4MappedToIPv6: true } ip => ip.Address.MapToIPv4().ToString(),
        IPEndPoint ip => ip.Address.ToString(),
        null => "unknown",
        _ => endpoint.ToString() ?? "unknown",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "syslog: listening on {Transport} {Endpoint}")]
    private partial void LogListening(string transport, IPEndPoint endpoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "syslog: closing the connection from {Peer}: {Reason}")]
    private partial void LogBrokenStream(string peer, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "syslog: decoding what {Peer} sent failed")]
    private partial void LogConnectionFailed(string peer, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "syslog: closing the idle connection from {Peer}")]
    private partial void LogIdle(string peer);

    [LoggerMessage(Level = LogLevel.Debug, Message = "syslog: receiving a datagram failed: {Error}")]
    private partial void LogDatagramError(SocketError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "syslog: accepting a connection failed: {Error}")]
    private partial void LogAcceptError(SocketError error);

    [LoggerMessage(Level = LogLevel.Error, Message = "syslog: the pipeline refused {Count} messages; they are lost")]
    private partial void LogSinkFailed(int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "syslog: {Count} received messages were not stored before shutdown")]
    private partial void LogDrainTimedOut(long count);

    /// <summary>Records decoded from one read (or from the datagrams waiting in the socket), on their way to the queue.</summary>
    private sealed class Chunk(SyslogOptions options)
    {
        private List<IngestRecord>? _records;
        private long _bytes;
        private long _malformed;
        private long _truncated;

        public bool IsEmpty => _records is null && _malformed == 0;

        public bool IsFull => _records is not null && (_records.Count >= options.ChunkRecords || _bytes >= options.ChunkBytes);

        public void Add(SyslogRecordBuilder builder, System.Buffers.ReadOnlySequence<byte> frame, long skipped, string peer, long frameNumber)
        {
            if (builder.TryBuild(frame, skipped, peer, frameNumber, out var record))
            {
                Add(record, frame.Length, skipped);
            }
            else
            {
                _malformed++;
            }
        }

        public void Add(SyslogRecordBuilder builder, ReadOnlySpan<byte> frame, long skipped, string peer, long frameNumber)
        {
            if (builder.TryBuild(frame, skipped, peer, frameNumber, out var record))
            {
                Add(record, frame.Length, skipped);
            }
            else
            {
                _malformed++;
            }
        }

        public (List<IngestRecord>? Records, long Malformed, long Truncated) Take()
        {
            var taken = (_records, _malformed, _truncated);
            _records = null;
            _bytes = _malformed = _truncated = 0;
            return taken;
        }

        private void Add(IngestRecord record, long bytes, long skipped)
        {
            (_records ??= new List<IngestRecord>(Math.Min(options.ChunkRecords, 64))).Add(record);
            _bytes += bytes;
            if (skipped > 0)
            {
                _truncated++;
            }
        }
    }
}
