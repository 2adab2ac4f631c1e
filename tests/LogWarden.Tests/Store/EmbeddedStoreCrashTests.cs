using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LogWarden.Store;
using LogWarden.Store.Embedded;
using LogWarden.Tests.Parse;

namespace LogWarden.Tests.Store;

/// <summary>
/// Jepsen in miniature: a real child process appends numbered batches and is killed with SIGKILL at a
/// random moment (mid-append, mid-seal, mid-checkpoint), again and again on the same data directory.
/// After each kill the store must hold every acknowledged batch whole, no partial batch, and checkpoints
/// and templates that agree with the lines.
/// </summary>
public sealed partial class EmbeddedStoreCrashTests
{
    [GeneratedRegex(@"^batch (\d+) line (\d+) of (\d+) ")]
    private static partial Regex BatchLine();

    [Fact]
    public void Killed_writer_loses_no_acknowledged_batch_and_leaves_no_partial_one()
    {
        using var dir = new TempDirectory();
        var random = new Random(2026);
        var acknowledged = new Dictionary<int, int>();
        int kills = 0;
        for (int round = 0; round < 6; round++)
        {
            foreach ((int batch, int count) in RunAndKill(dir.Path, seed: round, delayMs: random.Next(0, 400)))
            {
                acknowledged[batch] = count;
            }
            kills++;
            Verify(dir.Path, acknowledged);
        }
        Assert.Equal(6, kills);
        Assert.True(acknowledged.Count > 10, $"only {acknowledged.Count} batches were acknowledged in six rounds");
        using var store = EmbeddedStore.Open(dir.Path, StoreTestData.SmallBlocks(sealLines: 3000));
        Assert.True(store.GetStats().BytesByTable["block_sections"] > 0, "no block was sealed: the kills never met a seal");
    }

    private static List<(int Batch, int Count)> RunAndKill(string directory, int seed, int delayMs)
    {
        string host = Path.Combine(AppContext.BaseDirectory, "LogWarden.TestHost.dll");
        var psi = new ProcessStartInfo("dotnet", [host, "store-append", directory, seed.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var acks = new ConcurrentQueue<(int, int)>();
        var firstAck = new ManualResetEventSlim();
        using var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("ack ", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ');
                acks.Enqueue((int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture)));
                firstAck.Set();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        bool started = firstAck.Wait(TimeSpan.FromSeconds(60));
        Assert.True(started || process.HasExited, "the appender acknowledged nothing within a minute");
        Assert.False(process.HasExited, "the appender died by itself");
        Thread.Sleep(delayMs); // where the kill lands, not a timing assertion
        process.Kill(); // SIGKILL on Linux: no finally block, no flush, no dispose
        process.WaitForExit();
        return [.. acks];
    }

    private static void Verify(string directory, Dictionary<int, int> acknowledged)
    {
        using var store = EmbeddedStore.Open(directory, StoreTestData.SmallBlocks(sealLines: 3000));
        var found = new Dictionary<int, (int Count, List<int> Lines)>();
        foreach (SearchHit hit in store.Search(new SearchQuery { Limit = int.MaxValue, AfterSequence = 0, NewestFirst = false }))
        {
            Match m = BatchLine().Match(hit.Line);
            Assert.True(m.Success, hit.Line);
            int batch = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            if (!found.TryGetValue(batch, out var entry))
            {
                entry = (int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), []);
                found[batch] = entry;
            }
            entry.Lines.Add(int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
            Assert.Equal(batch, hit.TemplateId);
        }
        int last = int.Parse(store.Get("crash", "batch") ?? "0", CultureInfo.InvariantCulture);
        // Batches 1..last are all there and whole, in order; nothing after the checkpoint.
        Assert.Equal(Enumerable.Range(1, last), found.Keys.Order());
        foreach ((int batch, (int count, List<int> lines)) in found)
        {
            Assert.Equal(Enumerable.Range(0, count), lines);
        }
        foreach ((int batch, int count) in acknowledged)
        {
            Assert.True(found.TryGetValue(batch, out var entry), $"acknowledged batch {batch} is gone");
            Assert.Equal(count, entry.Count);
        }
        // At most the one batch in flight at the kill is there without its acknowledgement.
        Assert.InRange(last, acknowledged.Count == 0 ? 0 : acknowledged.Keys.Max(), (acknowledged.Count == 0 ? 0 : acknowledged.Keys.Max()) + 1);
        var templates = store.LoadTemplates();
        Assert.Equal(Enumerable.Range(1, last), templates.Select(t => t.Id));
        Assert.Equal(found.Values.Sum(v => (long)v.Count), store.GetStats().Lines);
    }
}
