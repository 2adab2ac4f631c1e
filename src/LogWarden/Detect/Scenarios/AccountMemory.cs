using LogWarden.Detect.Security;

namespace LogWarden.Detect.Scenarios;

/// <summary>
/// What a login attempt's account and address were before it: whether the account has logged in successfully
/// on this host (a real user of it, not a name from a word list that happens to exist), and whether the address
/// has tried an account that does not exist ("invalid user") or has logged in here (an owner's, whose typo is no
/// guess; a plain success, not one after failures, which may be a guess that worked). Internet scanners spray word lists, most of whose
/// names do not exist on a host; a campaign aimed at one real account tries that account. Read by the
/// <c>user: logs_in</c> and <c>ip: real_users_only</c> tests of a scenario's <c>when</c>.
/// </summary>
/// <remarks>
/// Bounded: accounts by a hash of host and user (at most <see cref="MaxAccounts"/> and the address cap; saved with the state), addresses
/// by hash in two generations of at most the cap that turn over every <see cref="Generation"/> of log time or when one is full, so an
/// address is remembered for 6 to 12 hours.
/// </remarks>
internal sealed class AccountMemory(int maxAddresses)
{
    public const int MaxAccounts = 4096;
    private readonly int _maxAccounts = Math.Min(MaxAccounts, maxAddresses);
    private static readonly long Generation = TimeSpan.FromHours(6).Ticks;

    private readonly HashSet<long> _accounts = [];
    private readonly HashSet<int> _loggedIn = [];
    private HashSet<int> _namedUnknown = [];
    private HashSet<int> _namedUnknownBefore = [];
    private long _generationStart = long.MinValue;

    public int Count => _accounts.Count + _loggedIn.Count + _namedUnknown.Count + _namedUnknownBefore.Count;

    public long Evicted { get; private set; }

    /// <summary>Learns from <paramref name="e"/> and sets its <see cref="ScenarioEvent.UserLogsIn"/> and <see cref="ScenarioEvent.AddressNamedUnknownUser"/>.</summary>
    public void Observe(ScenarioEvent e)
    {
        string kind = e.Kind;
        if (e.User is not null && (kind == SecurityEventKinds.AuthSuccess || kind == SecurityEventKinds.AuthSuccessAfterFailures))
        {
            if (_accounts.Count < _maxAccounts)
            {
                _accounts.Add(AccountKey(e));
            }
            else if (!_accounts.Contains(AccountKey(e)))
            {
                Evicted++;
            }
        }

        if (e.Address is null)
        {
            return;
        }

        if (e.Ticks - _generationStart >= Generation || _namedUnknown.Count >= maxAddresses)
        {
            Evicted += _namedUnknownBefore.Count;
            (_namedUnknownBefore, _namedUnknown) = (_namedUnknown, _namedUnknownBefore);
            _namedUnknown.Clear();
            _generationStart = e.Ticks;
        }

        int address = e.HashOf(ScenarioEntity.Ip);
        if (kind == SecurityEventKinds.InvalidUser)
        {
            _namedUnknown.Add(address);
        }
        else if (e.User is not null && kind == SecurityEventKinds.AuthSuccess)
        {
            if (_loggedIn.Count >= maxAddresses)
            {
                Evicted += _loggedIn.Count; // a flood of logins: start over rather than grow
                _loggedIn.Clear();
            }

            _loggedIn.Add(address);
        }

        e.AddressLoggedIn = _loggedIn.Contains(address);

        e.AddressNamedUnknownUser = _namedUnknown.Contains(address) || _namedUnknownBefore.Contains(address);
        e.UserLogsIn = e.User is not null && _accounts.Contains(AccountKey(e));
    }

    private static long AccountKey(ScenarioEvent e) =>
        ((long)e.HashOf(ScenarioEntity.Host) << 32) | (uint)e.HashOf(ScenarioEntity.User);

    public long[] Save() => [.. _accounts];

    public void Load(long[]? accounts)
    {
        foreach (long account in accounts ?? [])
        {
            if (_accounts.Count >= _maxAccounts)
            {
                break;
            }

            _accounts.Add(account);
        }
    }
}
