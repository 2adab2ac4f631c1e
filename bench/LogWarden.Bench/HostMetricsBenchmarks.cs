using BenchmarkDotNet.Attributes;
using LogWarden.Collect.HostMetrics;

namespace LogWarden.Bench;

/// <summary>
/// The cost of one host-metrics sample on this machine's real /proc (steady state: every process and
/// device already known), against a peer that reads the same files the obvious way (File.ReadAllLines
/// and string.Split, as a first version would), so the time and bytes per sample have a reference.
/// Run: dotnet run -c Release --project bench/LogWarden.Bench -- --filter '*HostMetricsBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the instance; GlobalCleanup disposes the collector
public class HostMetricsBenchmarks
{
    private HostMetricsCollector _collector = null!;

    [GlobalSetup]
    public void Setup()
    {
        _collector = new HostMetricsCollector(new HostMetricsOptions());
        _collector.Collect();
        _collector.Collect();
    }

    [GlobalCleanup]
    public void Cleanup() => _collector.Dispose();

    [Benchmark]
    public int CollectSample() => _collector.Collect().Metrics.Count;

    [Benchmark(Baseline = true)]
    public double ReadAllLinesAndSplit()
    {
        double sum = 0;
        foreach (string file in new[] { "/proc/stat", "/proc/meminfo", "/proc/loadavg", "/proc/self/mounts", "/proc/diskstats", "/proc/net/dev", "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (string line in File.ReadAllLines(file))
            {
                string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 1 && double.TryParse(fields[1], System.Globalization.CultureInfo.InvariantCulture, out double value))
                {
                    sum += value;
                }
            }
        }

        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            string name = Path.GetFileName(directory);
            if (!int.TryParse(name, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            try
            {
                string stat = File.ReadAllText(Path.Combine(directory, "stat"));
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                sum += long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[21], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // exited meanwhile
            }
        }

        return sum;
    }
}
