using LogWarden.Tests.Support;
using BenchmarkDotNet.Running;
using LogWarden.Bench;

return args.FirstOrDefault() switch
{
    "accuracy" => AccuracyBench.Run(args[1..]),
    "mine-speed" => MinerSpeedBench.Run(args[1..]),
    "receivers" => ReceiverSpeedBench.Run(args[1..]),
    "ship" => ShipSpeedBench.Run(args[1..]),
    "outage" => OutageBench.Run(args[1..]),
    "central-pg" => CentralPgBench.Run(args[1..]),
    "store" => StoreBench.Run(args[1..]),
    "tail-speed" => TailSpeedBench.Run(args[1..]),
    "events-speed" => EventsSpeedBench.Run(args[1..]),
    "analyze-speed" => AnalyzeSpeedBench.Run(args[1..]),
    "detect-cost" => DetectCostBench.Run(args[1..]),
    "store-memory" => StoreMemoryBench.Run(args[1..]),
    "replay" => ReplayBench.Run(args[1..]),
    "ingest" => IngestBench.Run(args[1..]),
    "baseline-speed" => BaselineSpeedBench.Run(args[1..]),
    "scenario-speed" => ScenarioSpeedBench.Run(args[1..]),
    "memory" => MemoryBench.Run(args[1..]),
    "startup" => StartupBench.Run(args[1..]),
    "explain-tokens" => ExplainTokenBench.Run(args[1..]),
    "alert-latency" => AlertLatencyBench.Run(args[1..]),
    "web-api" => WebApiBench.Run(args[1..]),
    "overview-paint" => OverviewPaintBench.Run(args[1..]),
    "ban-latency" => BanLatencyBench.Run(args[1..]),
    "regex-twins" => WriteRegexTwins(args[1..]),
    _ => RunBenchmarkDotNet(args),
};

// Rewrites the source-generated twins of the built-in YAML's patterns (src/LogWarden/Detect/BuiltInRegexes.Generated.cs).
static int WriteRegexTwins(string[] args)
{
    if (args.Length != 1)
    {
        Console.Error.WriteLine("usage: regex-twins src/LogWarden/Detect/BuiltInRegexes.Generated.cs");
        return 2;
    }

    var keys = LogWarden.Detect.BuiltInRegexes.CollectBuiltIn();
    File.WriteAllText(args[0], LogWarden.Detect.BuiltInRegexes.GenerateSource(keys));
    Console.WriteLine($"{keys.Count} patterns written to {args[0]}");
    return 0;
}

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(SharedData).Assembly).Run(args);
    return 0;
}
