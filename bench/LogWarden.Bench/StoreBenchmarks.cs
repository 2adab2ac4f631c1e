using BenchmarkDotNet.Attributes;
using LogWarden.Parse;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Support;
using ZstdSharp;

namespace LogWarden.Bench;

/// <summary>
/// The store's encode path under BenchmarkDotNet with <see cref="MemoryDiagnoserAttribute"/>, per line, on
/// the synthetic web-server mix (20,000 lines): splitting a line into logtype and values, adding it to the
/// open block with its tail-chunk record, and sealing (serialise + zstd) a block.
/// Run: dotnet run -c Release --project bench/LogWarden.Bench -- --filter '*StoreBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class StoreBenchmarks : IDisposable
{
    private const int Lines = 20_000;
    private readonly LineEncoder _encoder = new();
    private readonly BlockBuilder _builder = new();
    private readonly ByteBuffer _chunk = new(1 << 20);
    private readonly ByteBuffer _scratch = new(1 << 20);
    private readonly Compressor _fast = new(1);
    private readonly Compressor _block = new(new EmbeddedStoreOptions().BlockCompressionLevel);
    private (DateTimeOffset Time, string Text)[] _lines = [];
    private long _sequence;

    [GlobalSetup]
    public void Setup()
    {
        var generator = new SyntheticLogs();
        _lines = [.. Enumerable.Range(0, Lines).Select(_ => { var (time, _, text) = generator.Next(); return (time, text); })];
        AddLines();
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public int EncodeLine()
    {
        int total = 0;
        foreach (var (_, text) in _lines)
        {
            _encoder.Encode(text);
            total += _encoder.VariableCount;
        }
        return total;
    }

    /// <summary>Encode, add to the open block, record in the tail chunk, and compress the chunk (zstd 1).</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public int AddLine()
    {
        _builder.Clear();
        return AddLines();
    }

    /// <summary>Seal the block of the 20,000 lines (the per-line share of sealing).</summary>
    [Benchmark(OperationsPerInvoke = Lines)]
    public long SealBlock() => _builder.Seal(_block, _scratch).StoredBytes;

    public void Dispose()
    {
        _fast.Dispose();
        _block.Dispose();
        GC.SuppressFinalize(this);
    }

    private int AddLines()
    {
        _builder.BeginChunk();
        foreach (var (time, text) in _lines)
        {
            _builder.Add(++_sequence, time, text, 1, Severity.Info, 1);
        }
        _chunk.Clear();
        _builder.EndChunk(_chunk);
        return BlockBuilder.Compress(_fast, _chunk.WrittenSpan).Length;
    }
}
