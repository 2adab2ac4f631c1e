using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Channels;
using LogWarden.Parse;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogWarden.Collect.Journal;

/// <summary>What a <see cref="JournalSource"/> has done so far.</summary>
/// <param name="Starts">Times journalctl was started.</param>
/// <param name="Records">Records handed to the sink.</param>
/// <param name="UndecodableLines">journalctl lines that were not journal JSON (cut at the line limit), stored as plain text.</param>
/// <param name="Unavailable">Why the source stopped for good (journalctl missing), or null.</param>
/// <param name="LastError">The last failure: journalctl's exit code and last stderr line, or a sink error.</param>
internal readonly record struct JournalSourceStats(long Starts, long Records, long UndecodableLines, string? Unavailable, string? LastError);

/// <summary>
/// Reads the systemd journal through <c>journalctl --output=json --follow</c> (or journal files from a
/// directory) and writes batches to the sink, each carrying the <c>__CURSOR</c> of its last record as the
/// checkpoint (key <see cref="CursorKey"/>), so the next start passes <c>--after-cursor</c> and resumes
/// right after the last stored entry: nothing lost, nothing twice.
/// <para>
/// A dedicated thread reads the pipe with <see cref="LineReader"/> and decodes; a bounded channel of
/// <see cref="JournalSourceOptions.BatchSize"/> entries connects it to the batching loop, so a slow sink
/// stops the reading and journalctl blocks on a full pipe: memory stays bounded. Batches take whatever has
/// arrived, so a quiet journal is delivered at once and a busy one in full batches.
/// </para>
/// <para>
/// If journalctl exits (or the sink fails) while following, it is started again after a delay that doubles
/// from <see cref="JournalSourceOptions.RestartDelay"/> up to <see cref="JournalSourceOptions.MaxRestartDelay"/>
/// (back to the start once a run delivers), resuming after the last cursor the sink accepted. If journalctl
/// cannot be started at all, the source says so once and returns.
/// </para>
/// </summary>
internal sealed partial class JournalSource : ILogSource
{
    /// <summary>The checkpoint key whose value is the cursor of the last stored entry.</summary>
    public const string CursorKey = "cursor";

    private const int StderrLinesKept = 8;
    private const int StderrLineChars = 512;

    private readonly JournalSourceOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly JournalEntryMapper _mapper;

    private long _starts;
    private long _records;
    private string? _unavailable;
    private string? _lastError;

    public JournalSource(JournalSourceOptions options, ILogger<JournalSource>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _mapper = new JournalEntryMapper(options.Host);
    }

    public string Id => _options.SourceId;

    public JournalSourceStats Stats => new(
        Interlocked.Read(ref _starts),
        Interlocked.Read(ref _records),
        _mapper.UndecodableLines,
        Volatile.Read(ref _unavailable),
        Volatile.Read(ref _lastError));

    public async Task RunAsync(IIngestSink sink, ICheckpointReader checkpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(checkpoints);

        string? cursor = checkpoints.Get(Id, CursorKey);
        if (cursor is not null && !JournalctlArguments.IsValidCursor(cursor))
        {
            LogInvalidCursor(Id, cursor);
            cursor = null;
        }

        var delay = _options.RestartDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            RunOutcome outcome;
            try
            {
                outcome = await RunJournalctlAsync(sink, cursor, cancellationToken).ConfigureAwait(false);
            }
            catch (Win32Exception ex)
            {
                // Not installed, or not executable: retrying will not change that.
                _unavailable = $"{_options.JournalctlPath} could not be started ({ex.Message}); the journal is not read";
                LogUnavailable(Id, _unavailable);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            cursor = outcome.LastStoredCursor ?? cursor;
            if (outcome.Failure is { } failure)
            {
                _lastError = failure;
            }

            if (!_options.Follow && outcome.Failure is null)
            {
                return;
            }

            if (!_options.Follow)
            {
                LogImportFailed(Id, outcome.Failure!);
                return;
            }

            if (outcome.Records > 0)
            {
                delay = _options.RestartDelay;
            }

            LogRestarting(Id, outcome.Failure ?? "journalctl exited", delay);
            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRestartDelay.Ticks));
        }
    }

    /// <summary>How one journalctl run ended.</summary>
    /// <param name="LastStoredCursor">Cursor of the last record the sink accepted in this run, or null.</param>
    /// <param name="Failure">Why it ended other than by a clean end of input, or null.</param>
    private readonly record struct RunOutcome(string? LastStoredCursor, long Records, string? Failure);

    private async Task<RunOutcome> RunJournalctlAsync(IIngestSink sink, string? cursor, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(_options.JournalctlPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (string argument in JournalctlArguments.Build(_options, cursor))
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new Win32Exception("Process.Start returned no process");
        Interlocked.Increment(ref _starts);
        var stderr = new Queue<string>(StderrLinesKept);
        process.ErrorDataReceived += (_, e) =>
        {
            if (string.IsNullOrWhiteSpace(e.Data))
            {
                return;
            }

            lock (stderr)
            {
                if (stderr.Count == StderrLinesKept)
                {
                    stderr.Dequeue();
                }

                stderr.Enqueue(e.Data.Length > StderrLineChars ? e.Data[..StderrLineChars] : e.Data);
            }
        };
        process.BeginErrorReadLine();

        var entries = Channel.CreateBounded<JournalEntry>(new BoundedChannelOptions(_options.BatchSize)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stdout = process.StandardOutput.BaseStream;
        var reading = Task.Factory.StartNew(
            () => ReadEntries(stdout, entries.Writer, stop.Token),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        string? lastStored = null;
        long records = 0;
        string? failure = null;
        try
        {
            var reader = entries.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var batch = new List<IngestRecord>(Math.Min(reader.Count, _options.BatchSize));
                string? batchCursor = null;
                while (batch.Count < _options.BatchSize && reader.TryRead(out var entry))
                {
                    batch.Add(entry.Record);
                    batchCursor = entry.Cursor ?? batchCursor;
                }

                Checkpoint[] checkpoint = batchCursor is null ? [] : [new Checkpoint(Id, CursorKey, batchCursor)];
                await sink.WriteAsync(new IngestBatch(batch, checkpoint), cancellationToken).ConfigureAwait(false);
                lastStored = batchCursor ?? lastStored;
                records += batch.Count;
                Interlocked.Add(ref _records, batch.Count);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A sink that refused the batch or a reader that broke: this run ends, and the next one
            // starts after the last cursor the sink took, so the refused entries are read again.
            failure = "reading the journal failed: " + ex.Message;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            if (!process.HasExited)
            {
                TryKill(process);
            }

            await reading.ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (failure is null && process.ExitCode != 0)
        {
            string lastLines;
            lock (stderr)
            {
                lastLines = string.Join(" / ", stderr);
            }

            failure = $"journalctl exited with code {process.ExitCode}" + (lastLines.Length > 0 ? ": " + lastLines : string.Empty);
        }

        return new RunOutcome(lastStored, records, failure);
    }

    /// <summary>The pipe side, on its own thread: lines → entries, waiting while the channel is full.</summary>
    private void ReadEntries(Stream stdout, ChannelWriter<JournalEntry> writer, CancellationToken cancellationToken)
    {
        Exception? error = null;
        try
        {
            using var reader = new LineReader(stdout) { MaxLineBytes = _options.MaxLineBytes };
            var context = new DecodeContext(Id);
            while (reader.TryReadLine(out string? line))
            {
                if (line.Length == 0)
                {
                    continue;
                }

                context.LineNumber = reader.LineNumber;
                var entry = _mapper.Map(line, reader.LastLineTruncated, context);
                while (!writer.TryWrite(entry))
                {
                    if (!writer.WaitToWriteAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
                    {
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run is being stopped; entries not yet taken are read again by the next run.
        }
        catch (Exception ex)
        {
            error = ex;
        }
        finally
        {
            writer.TryComplete(error);
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            // The whole tree: journalctl may sit behind a wrapper that holds the pipe open.
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Source}: {Reason}")]
    private partial void LogUnavailable(string source, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Source}: the stored cursor '{Cursor}' is not a journal cursor; starting as on a first run")]
    private partial void LogInvalidCursor(string source, string cursor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Source}: {Reason}; starting journalctl again in {Delay}")]
    private partial void LogRestarting(string source, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Source}: {Reason}")]
    private partial void LogImportFailed(string source, string reason);
}
