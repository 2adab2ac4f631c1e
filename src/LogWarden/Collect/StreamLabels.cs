using System.Text;

namespace LogWarden.Collect;

/// <summary>
/// The identity of a log stream, as Loki has it: a small sorted set of label pairs such as
/// <c>{host="web1", job="file", path="/var/log/auth.log"}</c>. Equal label sets are the same stream.
/// </summary>
public sealed class StreamLabels : IEquatable<StreamLabels>
{
    private readonly KeyValuePair<string, string>[] _pairs;

    public StreamLabels(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var byName = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in pairs)
        {
            if (!IsValidName(name))
            {
                throw new ArgumentException($"invalid label name '{name}': use letters, digits and '_', not starting with a digit");
            }
            byName[name] = value;
        }
        _pairs = [.. byName];
        Key = Format(_pairs);
        _hash = Key.GetHashCode(StringComparison.Ordinal);
    }

    /// <summary>The key's hash, computed once: result streams are looked up by labels once per line returned.</summary>
    private readonly int _hash;

    public StreamLabels(params (string Name, string Value)[] pairs)
        : this(pairs.Select(p => KeyValuePair.Create(p.Name, p.Value)))
    {
    }

    public static StreamLabels Empty { get; } = new(Array.Empty<KeyValuePair<string, string>>());

    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    /// <summary>Canonical text, e.g. <c>{host="web1",path="/var/log/auth.log"}</c>: equal sets, equal keys.</summary>
    public string Key { get; }

    public string? this[string name] => Array.Find(_pairs, p => p.Key == name) is { Key: not null } p ? p.Value : null;

    /// <summary>These labels with one more (or one replaced).</summary>
    public StreamLabels With(string name, string value) => new(_pairs.Where(p => p.Key != name).Append(KeyValuePair.Create(name, value)));

    public static bool IsValidName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    public bool Equals(StreamLabels? other) => ReferenceEquals(this, other) || (other is not null && _hash == other._hash && Key == other.Key);

    public override bool Equals(object? obj) => Equals(obj as StreamLabels);

    public override int GetHashCode() => _hash;

    public override string ToString() => Key;

    private static string Format(KeyValuePair<string, string>[] pairs)
    {
        var sb = new StringBuilder("{");
        for (int i = 0; i < pairs.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            sb.Append(pairs[i].Key).Append("=\"");
            foreach (char c in pairs[i].Value)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    default: sb.Append(c); break;
                }
            }
            sb.Append('"');
        }
        return sb.Append('}').ToString();
    }
}
