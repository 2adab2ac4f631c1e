using System.Text.Json;
using System.Text.Json.Serialization;
using LogWarden.Collect;

namespace LogWarden.Store.Embedded;

[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(int[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;

/// <summary>How label sets, template tokens and positions are kept in TEXT columns.</summary>
internal static class StoreJson
{
    public static string Labels(StreamLabels labels) =>
        JsonSerializer.Serialize(labels.Pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), StoreJsonContext.Default.DictionaryStringString);

    public static StreamLabels ParseLabels(string json) =>
        new(JsonSerializer.Deserialize(json, StoreJsonContext.Default.DictionaryStringString) ?? []);

    public static string Strings(string[] values) => JsonSerializer.Serialize(values, StoreJsonContext.Default.StringArray);

    public static string[] ParseStrings(string json) => JsonSerializer.Deserialize(json, StoreJsonContext.Default.StringArray) ?? [];

    public static string Ints(int[] values) => JsonSerializer.Serialize(values, StoreJsonContext.Default.Int32Array);

    public static int[] ParseInts(string json) => JsonSerializer.Deserialize(json, StoreJsonContext.Default.Int32Array) ?? [];
}
