using System.Security.Cryptography;
using System.Text;
using LogWarden.Config;

namespace LogWarden.Web.Server;

/// <summary>
/// The per-agent tokens of a central node (<c>fleet.agents</c>, stored as SHA-256 like the web tokens). An
/// agent token may only push (<c>POST /loki/api/v1/push</c>), and only streams labelled with its own host
/// (the push receiver checks that); every other request with it is refused with 403 and counted.
/// </summary>
internal sealed class AgentTokens(FleetConfig fleet)
{
    private readonly (byte[] Hash, string Host)[] _agents = [.. fleet.Agents.Select(a => (Convert.FromHexString(a.TokenSha256), a.Host))];
    private long _refused;

    public bool IsConfigured => _agents.Length > 0;

    /// <summary>Requests with an agent token refused because they were not pushes.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>The host of the agent whose bearer token <paramref name="authorization"/> carries (compared in constant time), or null.</summary>
    public string? HostOf(string? authorization)
    {
        if (_agents.Length == 0 || authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        byte[] presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization.AsSpan(7).Trim().ToString()));
        string? host = null;
        foreach (var (hash, agentHost) in _agents)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, hash))
            {
                host = agentHost;
            }
        }
        return host;
    }

    internal void CountRefused() => Interlocked.Increment(ref _refused);
}
