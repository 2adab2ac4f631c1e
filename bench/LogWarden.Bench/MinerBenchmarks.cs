using BenchmarkDotNet.Attributes;
using LogWarden.Mine;

namespace LogWarden.Bench;

/// <summary>
/// The miner's hot path under BenchmarkDotNet with <see cref="MemoryDiagnoserAttribute"/>: one pass over the
/// 20,000 LogHub-2k messages with every template already known (steady state), and the masker alone.
/// Run: dotnet run -c Release --project bench/LogWarden.Bench -- --filter '*MinerBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class MinerBenchmarks
{
    private List<string> _messages = [];
    private TemplateMiner _miner = new();
    private readonly char[] _scratch = new char[64 * 1024];

    [GlobalSetup]
    public void Setup()
    {
        _messages = MinerSpeedBench.LoadMessages();
        _miner = new TemplateMiner();
        foreach (string m in _messages)
        {
            _miner.Add(m);
        }
    }

    [Benchmark(OperationsPerInvoke = 20_000)]
    public int MineKnownLines()
    {
        int last = 0;
        foreach (string m in _messages)
        {
            last = _miner.Add(m);
        }
        return last;
    }

    [Benchmark(OperationsPerInvoke = 20_000)]
    public int MaskTokens()
    {
        int total = 0;
        foreach (string m in _messages)
        {
            foreach (var range in m.AsSpan().Split(' '))
            {
                total += TokenMasker.Mask(m.AsSpan(range), _scratch);
            }
        }
        return total;
    }
}
