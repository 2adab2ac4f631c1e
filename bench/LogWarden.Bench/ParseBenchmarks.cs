using System.Text;
using BenchmarkDotNet.Attributes;
using LogWarden.Parse;
using LogWarden.Tests.Support;

namespace LogWarden.Bench;

/// <summary>
/// The input side's hot paths per line, with allocation: reading lines from bytes, and decoding a
/// syslog line (OpenSSH-2k) and a LogPAI-format line (HDFS-2k).
/// Run: dotnet run -c Release --project bench/LogWarden.Bench -- --filter '*ParseBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private byte[] _bytes = [];
    private string[] _syslogLines = [];
    private string[] _hdfsLines = [];
    private readonly DecodeContext _context = new("bench", DateTimeOffset.UtcNow, TimeZoneInfo.Utc);
    private LogPaiFormat _hdfsFormat = null!;

    [GlobalSetup]
    public void Setup()
    {
        string root = SharedData.Root();
        _syslogLines = File.ReadAllLines(Path.Combine(root, "loghub2k", "OpenSSH", "OpenSSH_2k.log"));
        _hdfsLines = File.ReadAllLines(Path.Combine(root, "loghub2k", "HDFS", "HDFS_2k.log"));
        _bytes = Encoding.UTF8.GetBytes(string.Join('\n', _syslogLines) + "\n");
        _hdfsFormat = new LogPaiFormat("<Date> <Time> <Pid> <Level> <Component>: <Content>");
    }

    [Benchmark(OperationsPerInvoke = 2000)]
    public int ReadLines()
    {
        int n = 0;
        using var reader = new LineReader(new MemoryStream(_bytes));
        while (reader.TryReadLine(out string? line))
        {
            n += line.Length;
        }
        return n;
    }

    [Benchmark(OperationsPerInvoke = 2000)]
    public int DecodeSyslog()
    {
        int n = 0;
        foreach (string line in _syslogLines)
        {
            if (SyslogDecoder.Instance.TryDecode(line, _context, out LogRecord? record))
            {
                n += record.Message.Length;
            }
        }
        return n;
    }

    [Benchmark(OperationsPerInvoke = 2000)]
    public int DecodeLogPaiFormat()
    {
        int n = 0;
        foreach (string line in _hdfsLines)
        {
            if (_hdfsFormat.TryDecode(line, _context, out LogRecord? record))
            {
                n += record.Message.Length;
            }
        }
        return n;
    }
}
