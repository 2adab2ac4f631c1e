using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using LogWarden.Config;

namespace LogWarden.Web.Server;

/// <summary>What a request's credentials came to.</summary>
internal enum AuthOutcome
{
    Accepted,
    Missing,
    Rejected,
    Throttled,
}

/// <summary>
/// Checks a request's <c>Authorization</c> header against the configured bearer tokens and user, in
/// constant time, and refuses an address that failed too often within a minute. A password's PBKDF2 costs
/// a few hundred milliseconds by design, so a header that verified once is remembered (by its SHA-256,
/// a handful of entries) and later requests with it cost one hash, not one PBKDF2.
/// </summary>
internal sealed class WebAuthenticator(WebAuthConfig auth, int maxFailuresPerMinute, TimeProvider time)
{
    private const int RememberedHeaders = 64;
    private readonly byte[][] _tokenHashes = [.. auth.TokenSha256.Select(Convert.FromHexString)];
    private readonly byte[]? _username = auth.Username is null ? null : Encoding.UTF8.GetBytes(auth.Username);
    private readonly ConcurrentDictionary<string, byte> _verifiedHeaders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPAddress, FailureWindow> _failures = new();

    private sealed class FailureWindow(long startedTicks)
    {
        public long StartedTicks = startedTicks;
        public int Count;
    }

    public bool IsConfigured => auth.IsConfigured;

    public AuthOutcome Check(string? authorization, IPAddress? remote)
    {
        remote ??= IPAddress.None;
        if (IsThrottled(remote))
        {
            return AuthOutcome.Throttled;
        }
        if (string.IsNullOrEmpty(authorization))
        {
            return AuthOutcome.Missing;
        }
        if (Verify(authorization))
        {
            return AuthOutcome.Accepted;
        }
        RecordFailure(remote);
        return AuthOutcome.Rejected;
    }

    /// <summary>Seconds until a throttled address may try again.</summary>
    public int RetryAfterSeconds(IPAddress? remote)
    {
        if (remote is null || !_failures.TryGetValue(remote, out FailureWindow? window))
        {
            return 1;
        }
        TimeSpan left = TimeSpan.FromMinutes(1) - TimeSpan.FromTicks(time.GetUtcNow().UtcTicks - Interlocked.Read(ref window.StartedTicks));
        return Math.Max(1, (int)Math.Ceiling(left.TotalSeconds));
    }

    private bool Verify(string authorization)
    {
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            byte[] presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization.AsSpan(7).Trim().ToString()));
            bool match = false;
            foreach (byte[] expected in _tokenHashes)
            {
                match |= CryptographicOperations.FixedTimeEquals(presented, expected);
            }
            return match;
        }
        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) || _username is null || auth.PasswordHash is null)
        {
            return false;
        }
        string remembered = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(authorization)));
        if (_verifiedHeaders.ContainsKey(remembered))
        {
            return true;
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization.AsSpan(6).Trim().ToString()));
        }
        catch (FormatException)
        {
            return false;
        }
        int colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }
        bool userMatches = CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(decoded[..colon])), SHA256.HashData(_username));
        bool passwordMatches = PasswordHash.Verify(decoded[(colon + 1)..], auth.PasswordHash);
        if (!(userMatches && passwordMatches))
        {
            return false;
        }
        if (_verifiedHeaders.Count >= RememberedHeaders)
        {
            _verifiedHeaders.Clear();
        }
        _verifiedHeaders.TryAdd(remembered, 0);
        return true;
    }

    private bool IsThrottled(IPAddress remote)
    {
        if (!_failures.TryGetValue(remote, out FailureWindow? window))
        {
            return false;
        }
        lock (window)
        {
            if (time.GetUtcNow().UtcTicks - window.StartedTicks >= TimeSpan.TicksPerMinute)
            {
                _failures.TryRemove(remote, out _);
                return false;
            }
            return window.Count >= maxFailuresPerMinute;
        }
    }

    private void RecordFailure(IPAddress remote)
    {
        long now = time.GetUtcNow().UtcTicks;
        if (_failures.Count > 100_000)
        {
            _failures.Clear(); // a flood of distinct addresses must not grow memory without bound
        }
        FailureWindow window = _failures.GetOrAdd(remote, _ => new FailureWindow(now));
        lock (window)
        {
            if (now - window.StartedTicks >= TimeSpan.TicksPerMinute)
            {
                window.StartedTicks = now;
                window.Count = 0;
            }
            window.Count++;
        }
    }
}
