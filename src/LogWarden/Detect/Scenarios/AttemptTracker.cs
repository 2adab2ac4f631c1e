using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LogWarden.Mine;

namespace LogWarden.Detect.Scenarios;

/// <summary>
/// Tells which lines of a login start a new attempt. Services write several lines per attempt (sshd: the PAM
/// failure, "Failed password", the disconnect; Dovecot: the auth process and the login process), so lines
/// are grouped by connection (host, program, pid, remote address: on a central node two hosts' sshd may share
/// a pid) and, within a connection, by kind of line (see
/// <see cref="Shape"/>): the attempts a connection made are as many as the lines of its most frequent kind.
/// A line is a new attempt when it raises that maximum. A program without a pid (Dovecot's "auth:") is one
/// connection per address. A connection belongs to the stream it was first seen in: the same line in
/// another file is a copy (rsyslog writes mail and kernel lines to syslog as well), not another attempt.
/// Bounded: two generations of connections; the older is dropped when the newer fills.
/// </summary>
internal sealed class AttemptTracker(int maxConnections)
{
    private const int Templates = 4;

    /// <summary>Tokens of a line that make its kind (see <see cref="Shape"/>).</summary>
    private const int ShapeTokens = 4;

    private readonly int _generationSize = Math.Max(maxConnections / 2, 1);
    private Dictionary<ConnectionKey, Connection> _current = [];
    private Dictionary<ConnectionKey, Connection> _previous = [];

    // The service of the last line and its hash: a login's lines come from one or two services (their names are the same strings).
    private string? _lastProgram;
    private int _lastProgramHash;

    public int Count => _current.Count + _previous.Count;

    public long Evicted { get; private set; }

    /// <param name="addressHash">The address's hash (<see cref="BucketKey.HashOf"/>), known already.</param>
    /// <param name="stream">The line's stream (<see cref="LogObservation.SourceKey"/>).</param>
    /// <param name="host">The host the line is from (<see cref="ScenarioEvent.Host"/>), and its hash.</param>
    public bool IsNewAttempt(string program, int pid, string address, int addressHash, ulong shape, string stream, string? host = null, int hostHash = 0) =>
        NewAttempts(program, pid, address, addressHash, shape, stream, 1, host, hostHash) > 0;

    /// <summary>
    /// How many attempts the line adds to its connection's: it counts as <paramref name="reported"/> lines of its kind
    /// (what the line says it stands for, <see cref="ReportedAttempts"/>; one for most lines), and the attempts it adds
    /// are what that raises the connection's maximum by. Dovecot's auth helper writing a failure per password and its
    /// login process "auth failed, 3 attempts" at the end are still three attempts: two kinds of line, three each.
    /// </summary>
    public int NewAttempts(string program, int pid, string address, int addressHash, ulong shape, string stream, int reported, string? host = null, int hostHash = 0)
    {
        if (!ReferenceEquals(program, _lastProgram))
        {
            _lastProgram = program;
            _lastProgramHash = BucketKey.HashOf(program);
        }

        var key = new ConnectionKey(program, pid, address, host, HashCode.Combine(_lastProgramHash, pid, addressHash, hostHash));
        ref var connection = ref CollectionsMarshal.GetValueRefOrAddDefault(_current, key, out bool existed);
        if (!existed && _previous.Remove(key, out var earlier))
        {
            connection = earlier;
        }

        int attempts = connection.IsOfStream(stream) ? connection.Count(shape, reported) : 0;
        if (!existed && _current.Count >= _generationSize)
        {
            Evicted += _previous.Count;
            (_previous, _current) = (_current, _previous);
            _current.Clear();
        }

        return attempts;
    }

    private readonly record struct ConnectionKey(string Program, int Pid, string Address, string? Host, int Hash)
    {
        public bool Equals(ConnectionKey other) =>
            Hash == other.Hash && Pid == other.Pid && string.Equals(Address, other.Address, StringComparison.Ordinal)
            && string.Equals(Program, other.Program, StringComparison.Ordinal) && string.Equals(Host, other.Host, StringComparison.Ordinal);

        public override int GetHashCode() => Hash;
    }

    /// <summary>
    /// A kind of line regardless of the account it names or the values it carries: the first
    /// <see cref="ShapeTokens"/> tokens of its template that are neither generalised nor the user ("user=info"),
    /// so that "authentication failure … user=info" and "… user=sales" are one kind before the miner has
    /// seen enough users to generalise the position, and a line ending in a session id of its own (Dovecot's
    /// "session=&lt;KMjnXFV42iiY&gt;", until the miner generalises it) is not a kind of its own. The words that
    /// say what happened come first; two lines of one attempt differ there ("pam_unix(sshd:auth):
    /// authentication failure" and "Failed password for").
    /// </summary>
    public static ulong Shape(LogTemplate template, string? user)
    {
        var tokens = template.Tokens;
        var hashes = template.Hashes;
        var any = template.AnyPosition;
        ulong shape = 0;
        for (int i = 0, taken = 0; i < tokens.Length && taken < ShapeTokens; i++)
        {
            if (any[i] || (user is not null && (tokens[i] == user || (user.Length >= 3 && tokens[i].Contains(user, StringComparison.Ordinal)))))
            {
                continue;
            }

            shape = TokenHash.Combine(shape, hashes[i]);
            taken++;
        }

        return shape;
    }

    [InlineArray(Templates)]
    private struct Slots
    {
        private int _element;
    }

    [InlineArray(Templates)]
    private struct Shapes
    {
        private ulong _element;
    }

    private struct Connection
    {
        private Shapes _shapes;
        private Slots _counts;
        private string? _stream;
        private int _used;
        private int _max;

        /// <summary>Whether <paramref name="stream"/> is the connection's own (the first it was seen in).</summary>
        public bool IsOfStream(string stream)
        {
            _stream ??= stream;
            return ReferenceEquals(_stream, stream) || string.Equals(_stream, stream, StringComparison.Ordinal);
        }

        /// <summary>Counts one line of <paramref name="shape"/> that stands for <paramref name="reported"/> of its kind in all; returns how many attempts it adds to this connection's.</summary>
        public int Count(ulong shape, int reported)
        {
            int slot = -1;
            for (int i = 0; i < _used; i++)
            {
                if (_shapes[i] == shape)
                {
                    slot = i;
                    break;
                }
            }

            if (slot < 0)
            {
                if (_used < Templates)
                {
                    slot = _used++;
                }
                else
                {
                    slot = 0; // a fifth kind of line: it takes the place of the rarest
                    for (int i = 1; i < Templates; i++)
                    {
                        if (_counts[i] < _counts[slot])
                        {
                            slot = i;
                        }
                    }
                }

                _shapes[slot] = shape;
                _counts[slot] = 0;
            }

            _counts[slot] += Math.Clamp(reported, 1, ReportedAttempts.Max);
            if (_counts[slot] <= _max)
            {
                return 0;
            }

            int added = _counts[slot] - _max;
            _max = _counts[slot];
            return added;
        }
    }
}
