using System.Globalization;
using LogWarden.Collect.HostMetrics;

namespace LogWarden.Detect.Metrics;

/// <summary>How metric findings write values, durations and series for people: "2.1 GiB", "12 min", "TCP connections in syn_recv".</summary>
internal static class MetricText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Bytes(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double value = Math.Abs(bytes);
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        string sign = bytes < 0 ? "-" : "";
        return sign + value.ToString(value >= 100 || unit == 0 ? "0" : "0.#", Invariant) + " " + units[unit];
    }

    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }
        if (span.TotalMinutes < 1)
        {
            return ((int)span.TotalSeconds).ToString(Invariant) + " s";
        }
        if (span.TotalHours < 2)
        {
            return ((int)Math.Round(span.TotalMinutes)).ToString(Invariant) + " min";
        }
        if (span.TotalDays < 2)
        {
            return span.TotalHours.ToString("0.#", Invariant) + " h";
        }
        return span.TotalDays.ToString("0.#", Invariant) + " days";
    }

    public static string Percent(double value) => value.ToString(value >= 99.5 || value < 10 ? "0.#" : "0", Invariant) + "%";

    public static string Number(double value) => value.ToString(Math.Abs(value) >= 100 ? "0" : "0.##", Invariant);

    /// <summary>A value in the unit the series name ends with.</summary>
    public static string Value(string name, double value)
    {
        if (name.EndsWith("_percent", StringComparison.Ordinal))
        {
            return Percent(value);
        }
        if (name.EndsWith("_bytes_per_second", StringComparison.Ordinal))
        {
            return Bytes(value) + "/s";
        }
        if (name.EndsWith("_bytes", StringComparison.Ordinal))
        {
            return Bytes(value);
        }
        if (name.EndsWith("_per_second", StringComparison.Ordinal))
        {
            return Number(value) + "/s";
        }
        return Number(value);
    }

    /// <summary>What a series is, in words: "CPU use", "TCP connections in syn_recv", "receive errors on eth0".</summary>
    public static string Describe(SeriesState series)
    {
        string? entity = series.EntityValue;
        return series.Name switch
        {
            MetricCatalog.CpuUsedPercent => "CPU use",
            MetricCatalog.LoadPerCore => "load per core",
            MetricCatalog.SwapUsedPercent => "swap use",
            HostMetricNames.CpuPercent => "CPU " + entity,
            HostMetricNames.MemoryUsedPercent => "memory use",
            HostMetricNames.Processes => "process count",
            HostMetricNames.ProcessesRunning => "runnable processes",
            HostMetricNames.ProcessesBlocked => "processes blocked on I/O",
            HostMetricNames.ForksPerSecond => "forks",
            HostMetricNames.ContextSwitchesPerSecond => "context switches",
            HostMetricNames.TcpConnections => "TCP connections in " + entity,
            HostMetricNames.DiskBusyPercent => "disk " + entity + " busy",
            HostMetricNames.DiskReadBytesPerSecond => "disk " + entity + " reads",
            HostMetricNames.DiskWrittenBytesPerSecond => "disk " + entity + " writes",
            HostMetricNames.NetworkReceiveErrorsPerSecond => "receive errors on " + entity,
            HostMetricNames.NetworkTransmitErrorsPerSecond => "transmit errors on " + entity,
            HostMetricNames.NetworkReceiveBytesPerSecond => "traffic in on " + entity,
            HostMetricNames.NetworkTransmitBytesPerSecond => "traffic out on " + entity,
            _ => series.Id,
        };
    }

    public static string OnHost(string host) => host.Length == 0 ? "" : " on " + host;

    public static string Capitalised(string text) => text.Length == 0 || char.IsUpper(text[0]) ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
