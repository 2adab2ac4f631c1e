using System.Collections.Concurrent;

namespace LogWarden.Collect.LokiPush;

/// <summary>
/// Which agents run detection on their own lines and ship their findings (the reserved stream
/// <c>{__lw_kind="findings"}</c>) instead of leaving it to the central. Each push of a LogWarden agent says so
/// in <see cref="Header"/> (<c>local</c>: it detects; anything else or nothing: it does not), so the central runs
/// its per-line detectors only on the lines of agents that do not, and fleet correlation on every agent's
/// findings. Keyed by the agent's host (an agent token can only speak for its own); bounded; forgotten on restart
/// and learnt again from the next push.
/// </summary>
internal sealed class AgentDetectionModes
{
    /// <summary>The header of an agent's push: <c>local</c> when the agent detects on its own lines and ships its findings.</summary>
    public const string Header = "X-LogWarden-Detection";

    public const string Local = "local";

    private const int MaxHosts = 100_000;

    private readonly ConcurrentDictionary<string, bool> _local = new(StringComparer.Ordinal);

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
}
