namespace LogWarden.Collect.HostMetrics;

/// <summary>
/// /proc/net/tcp and /proc/net/tcp6: the number of sockets in each TCP state. Many CLOSE_WAIT means an
/// application that does not close its sockets; a surge of SYN_RECV, a SYN flood.
/// </summary>
internal sealed class TcpConnectionCollector
{
    // The "st" column is the kernel's TCP state number in hex (include/net/tcp_states.h), 1 … 12.
    private static readonly StreamLabels?[] LabelsByState =
    [
        null,
        new(("state", "established")), new(("state", "syn_sent")), new(("state", "syn_recv")),
        new(("state", "fin_wait1")), new(("state", "fin_wait2")), new(("state", "time_wait")),
        new(("state", "close")), new(("state", "close_wait")), new(("state", "last_ack")),
        new(("state", "listen")), new(("state", "closing")),
    ];

    private const int NewSynReceived = 12; // a request socket: counted as syn_recv, as ss does
    private const int SynReceived = 3;

    private readonly long[] _counts = new long[LabelsByState.Length];

    public void Collect(ProcFileReader reader, string tcpPath, string tcp6Path, List<HostMetric> metrics)
    {
        Array.Clear(_counts);
        bool any = Count(reader, tcpPath) | Count(reader, tcp6Path);
        if (!any)
        {
            return;
        }

        for (int state = 1; state < LabelsByState.Length; state++)
        {
            metrics.Add(new HostMetric(HostMetricNames.TcpConnections, LabelsByState[state]!, _counts[state]));
        }
    }

    private bool Count(ProcFileReader reader, string path)
    {
        if (!reader.Open(path))
        {
            return false;
        }

        if (!reader.TryReadLine(out var header) || !header.TrimStart((byte)' ').StartsWith("sl "u8))
        {
            return false; // not a socket table
        }

        while (reader.TryReadLine(out var line))
        {
            var rest = line;
            ProcText.SkipFields(ref rest, 3); // "sl", local and remote address
            var state = ProcText.NextField(ref rest);
            if (state.Length == 2 && TryParseHex(state, out int number))
            {
                if (number == NewSynReceived)
                {
                    number = SynReceived;
                }

                if (number > 0 && number < _counts.Length)
                {
                    _counts[number]++;
                }
            }
        }

        return true;
    }

    private static bool TryParseHex(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (byte digit in digits)
        {
            int nibble = digit switch
            {
                >= (byte)'0' and <= (byte)'9' => digit - '0',
                >= (byte)'A' and <= (byte)'F' => digit - 'A' + 10,
                >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
                _ => -1,
            };
            if (nibble < 0)
            {
                return false;
            }

            value = (value * 16) + nibble;
        }

        return true;
    }
}
