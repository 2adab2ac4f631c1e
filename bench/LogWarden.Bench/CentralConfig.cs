namespace LogWarden.Bench;

/// <summary>The configuration of a central daemon in the benches: it listens, and collects nothing of this machine.</summary>
internal static class CentralConfig
{
    /// <summary>YAML for a central on <paramref name="port"/>; <paramref name="extra"/>: more top-level YAML (a store section), or empty.</summary>
    public static string Yaml(int port, string extra = "") => $"""
        listen: 127.0.0.1:{port}
        host: central
        sources:
          discover: false
          journal: {"{enabled: false}"}
          docker: {"{enabled: false}"}
          host_metrics: {"{enabled: false}"}
        {extra}
        """;
}
