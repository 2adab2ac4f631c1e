using System.Collections.Concurrent;

namespace LogWarden.Collect.LokiPush;

/// <summary>
/// Which agents run detection on their own lines and ship their findings (the reserved stream
/// <c>{__lw_kind="findings"}</c>) instead of leaving it to the central. Each push of a LogWarden agent says so
/// in <see cref="Header"/> (<c>local</c>: it detects; anything else or nothing: it does not), so the central runs
/// its per-line detectors only on the lines of agents that do not, and fleet correlation on every agent's
/// findings. Keyed by the agent's host (an agent token can only speak for its own); bounded. What an agent said
/// is kept in the store as a checkpoint (<see cref="CheckpointSource"/>/host) committed with that agent's lines (only
/// when it changed), so a restarted central still knows which of its agents detect before they push again.
/// </summary>
internal sealed class AgentDetectionModes
{
    /// <summary>The header of an agent's push: <c>local</c> when the agent detects on its own lines and ships its findings.</summary>
    public const string Header = "X-LogWarden-Detection";

    public const string Local = "local";

    /// <summary>The checkpoint source of the agents' modes (key: host; value: <see cref="Local"/> or <c>central</c>).</summary>
    public const string CheckpointSource = "fleet-detection";

    private const string Central = "central";

    private const int MaxHosts = 100_000;

    private readonly ConcurrentDictionary<string, bool> _local = new(StringComparer.Ordinal);

    // What the store holds per host, so that a push carries a checkpoint only when its agent's mode changed.
    private readonly ConcurrentDictionary<string, bool> _stored = new(StringComparer.Ordinal);

    /// <summary>No memory across restarts (tests, a node without a store).</summary>
    public AgentDetectionModes()
    {
    }

    /// <summary>Restores what the agents said before the last stop from <paramref name="checkpoints"/>.</summary>
    public AgentDetectionModes(ICheckpointReader checkpoints)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        foreach ((string host, string value) in checkpoints.GetAll(CheckpointSource))
        {
            if (_stored.Count >= MaxHosts)
            {
                break;
            }
            bool local = value == Local;
            _stored[host] = local;
            if (local)
            {
                _local[host] = true;
            }
        }
    }

    /// <summary>Records what an agent's push said about its detection.</summary>
    public void Note(string host, bool detectsLocally)
    {
        if (!detectsLocally)
        {
            _local.TryRemove(host, out _);
        }
        else if (_local.Count < MaxHosts || _local.ContainsKey(host))
        {
            _local[host] = true;
        }
    }

    /// <summary>Whether the lines of <paramref name="host"/> were already judged by its own agent.</summary>
    public bool DetectsLocally(string? host) => host is not null && _local.ContainsKey(host);

    /// <summary>
    /// The checkpoint to commit with <paramref name="host"/>'s next lines when what its agent said differs from what the
    /// store holds; null when they agree. <see cref="Stored"/> is told once the commit is durable.
    /// </summary>
    public Checkpoint? PendingCheckpoint(string host)
    {
        bool local = DetectsLocally(host);
        if (_stored.TryGetValue(host, out bool stored) ? stored == local : (!local || _stored.Count >= MaxHosts))
        {
            return null; // an agent never heard of that does not detect is what a missing checkpoint already says
        }
        return new Checkpoint(CheckpointSource, host, local ? Local : Central);
    }

    /// <summary>A checkpoint from <see cref="PendingCheckpoint"/> was committed.</summary>
    public void Stored(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        _stored[checkpoint.Key] = checkpoint.Value == Local;
    }
}
