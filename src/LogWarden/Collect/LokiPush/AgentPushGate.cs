using System.Collections.Concurrent;
using System.Globalization;

namespace LogWarden.Collect.LokiPush;

/// <summary>Limits of pushes from LogWarden agents (the <c>fleet:</c> section).</summary>
internal sealed record AgentPushOptions
{
    /// <summary>Lines per second one agent may push, refilled continuously; over it the push is answered 429.</summary>
    public double MaxLinesPerSecond { get; init; } = 100_000;

    /// <summary>How many seconds' worth of lines an agent may push at once after a quiet spell (a backlog drains at the rate).</summary>
    public double BurstSeconds { get; init; } = 5;
}

/// <summary>What the central side refused or dropped of agents' pushes (read with <see cref="Interlocked"/>).</summary>
internal sealed class AgentPushStats
{
    private long _duplicates;
    private long _foreignHost;
    private long _rateLimited;

    /// <summary>Entries at or below their agent's high-water mark: a retried push the central had already stored.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Pushes refused (403) because an agent token wrote another host's label, or named another agent.</summary>
    public long ForeignHost => Interlocked.Read(ref _foreignHost);

    /// <summary>Pushes refused (429) over an agent's rate.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    internal void Dropped(int duplicates) => Interlocked.Add(ref _duplicates, duplicates);

    internal void Foreign() => Interlocked.Increment(ref _foreignHost);

    internal void Limited() => Interlocked.Increment(ref _rateLimited);
}

/// <summary>
/// Exactly-once delivery from LogWarden agents. An agent names itself (<c>X-LogWarden-Agent: host/instance</c>)
/// and tags each entry with its store sequence (structured metadata <c>lw_seq</c>). Per agent, pushes take
/// turns (<see cref="EnterAsync"/>), entries at or below the agent's high-water mark are dropped, and the new
/// mark is a checkpoint (<c>fleet</c>/agent) of the push's own batch, so it commits in the same transaction as
/// the lines: a push whose answer was lost and that the agent sends again stores nothing twice, whether the
/// central crashed before or after its commit. The turn is held until the batch's fate is known, so a retry
/// never races its own first attempt. Each agent is also rate-limited (a token bucket of lines).
/// </summary>
internal sealed class AgentPushGate(ICheckpointReader checkpoints, AgentPushOptions options, TimeProvider time)
{
    public const string CheckpointSource = "fleet";

    private const int MaxAgents = 100_000;

    private readonly ConcurrentDictionary<string, AgentTurn> _agents = new(StringComparer.Ordinal);

    public AgentPushStats Stats { get; } = new();

    /// <summary>Waits for the agent's turn; null when it did not come within <paramref name="wait"/>.</summary>
    public async Task<AgentTurn?> EnterAsync(string agent, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (_agents.Count >= MaxAgents && !_agents.ContainsKey(agent))
        {
            return null; // a flood of invented agent names must not grow memory without bound
        }
        AgentTurn turn = _agents.GetOrAdd(agent, a => new AgentTurn(a, ReadHighWater(a), options, time));
        return await turn.Lock.WaitAsync(wait, cancellationToken).ConfigureAwait(false) ? turn : null;
    }

    private long ReadHighWater(string agent) =>
        long.TryParse(checkpoints.Get(CheckpointSource, agent), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long mark) ? mark : long.MinValue;
}

/// <summary>One agent's turn, high-water mark and rate bucket. Only its holder (<see cref="AgentPushGate.EnterAsync"/>) touches them.</summary>
internal sealed class AgentTurn(string agent, long highWater, AgentPushOptions options, TimeProvider time)
{
    private double _tokens = options.MaxLinesPerSecond * options.BurstSeconds;
    private long _refilledAt = time.GetTimestamp();

    public string Agent => agent;

    /// <summary>The largest sequence stored for this agent (long.MinValue: none yet).</summary>
    public long HighWater { get; private set; } = highWater;

    internal SemaphoreSlim Lock { get; } = new(1, 1);

    /// <summary>Takes <paramref name="lines"/> from the bucket if it is not empty (it may go below zero: a big push passes, then the agent waits longer).</summary>
    public bool TryTake(int lines)
    {
        double capacity = options.MaxLinesPerSecond * options.BurstSeconds;
        _tokens = Math.Min(capacity, _tokens + (time.GetElapsedTime(_refilledAt).TotalSeconds * options.MaxLinesPerSecond));
        _refilledAt = time.GetTimestamp();
        if (_tokens <= 0)
        {
            return false;
        }
        _tokens -= lines;
        return true;
    }

    /// <summary>Seconds until the bucket holds lines again.</summary>
    public int RetryAfterSeconds => (int)Math.Clamp(Math.Ceiling((1 - _tokens) / options.MaxLinesPerSecond), 1, 3600);

    /// <summary>Ends the turn once <paramref name="stored"/> is known: the mark moves to <paramref name="mark"/> only if the batch was stored.</summary>
    public void ExitAfter(Task stored, long mark)
    {
        stored.ContinueWith(
            (t, state) =>
            {
                var turn = (AgentTurn)state!;
                if (t.IsCompletedSuccessfully && mark > turn.HighWater)
                {
                    turn.HighWater = mark;
                }
                turn.Lock.Release();
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public void Exit() => Lock.Release();
}
