namespace LogWarden.Collect.HostMetrics;

/// <summary>/proc/net/dev: bytes, packets, errors and drops per second, received and transmitted, per interface.</summary>
internal sealed class NetworkCollector(bool includeLoopback)
{
    // Columns of /proc/net/dev after "name:": receive bytes packets errs drop fifo frame compressed multicast,
    // then transmit bytes packets errs drop fifo colls carrier compressed. We take these, in this order.
    private static readonly (int Column, string Name)[] Columns =
    [
        (0, HostMetricNames.NetworkReceiveBytesPerSecond),
        (1, HostMetricNames.NetworkReceivePacketsPerSecond),
        (2, HostMetricNames.NetworkReceiveErrorsPerSecond),
        (3, HostMetricNames.NetworkReceiveDropsPerSecond),
        (8, HostMetricNames.NetworkTransmitBytesPerSecond),
        (9, HostMetricNames.NetworkTransmitPacketsPerSecond),
        (10, HostMetricNames.NetworkTransmitErrorsPerSecond),
        (11, HostMetricNames.NetworkTransmitDropsPerSecond),
    ];

    private readonly DeviceTable<Interface> _interfaces = new();

    public void Collect(ProcFileReader reader, string path, List<HostMetric> metrics, double elapsedSeconds)
    {
        if (!reader.Open(path))
        {
            return;
        }

        _interfaces.BeginSample();
        Span<long> values = stackalloc long[12];
        while (reader.TryReadLine(out var line))
        {
            int colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                continue; // the two header lines
            }

            var name = line[..colon].Trim((byte)' ');
            if (name.IsEmpty || (!includeLoopback && name.SequenceEqual("lo"u8)))
            {
                continue;
            }

            var rest = line[(colon + 1)..];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = ProcText.NextNumber(ref rest);
            }

            if (values[^1] < 0)
            {
                continue;
            }

            var device = _interfaces.Get(name, out _);
            for (int i = 0; i < Columns.Length; i++)
            {
                long current = values[Columns[i].Column];
                MetricRates.AddRate(metrics, Columns[i].Name, device.Labels, current, device.Previous[i], elapsedSeconds);
                device.Previous[i] = current;
            }
        }

        _interfaces.EndSample();
    }

    private sealed class Interface : DeviceState
    {
        public long[] Previous { get; } = new long[Columns.Length];

        public override void Reset() => Array.Fill(Previous, -1);
    }
}
