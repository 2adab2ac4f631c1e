using System.Text;

namespace LogWarden.Detect.Scenarios;

/// <summary>The values a finding's title may name.</summary>
internal enum TitleField
{
    Ip,
    User,
    Users,

    /// <summary>" for root", " for 41 users (root, admin…)", or nothing when no line named a user.</summary>
    ForUsers,
    Count,
    Distinct,
    Service,
    Host,
    Source,
    Path,
    Paths,
    Addresses,
    Statuses,
    Duration,
    Prior,
    PriorUsers,
    Usual,
}

/// <summary>
/// A title with placeholders ("SSH brute force from {ip}: {count} failed attempts"), parsed once when the
/// scenario loads so a misspelt placeholder fails there. <c>{host|service}</c> takes the first value known;
/// a part in brackets ("[ (usual {usual}/h)]") is left out when a placeholder in it has no value.
/// </summary>
internal sealed class TitleTemplate
{
    private static readonly Dictionary<string, TitleField> Names = new(StringComparer.Ordinal)
    {
        ["ip"] = TitleField.Ip,
        ["user"] = TitleField.User,
        ["users"] = TitleField.Users,
        ["for_users"] = TitleField.ForUsers,
        ["count"] = TitleField.Count,
        ["distinct"] = TitleField.Distinct,
        ["service"] = TitleField.Service,
        ["host"] = TitleField.Host,
        ["source"] = TitleField.Source,
        ["path"] = TitleField.Path,
        ["paths"] = TitleField.Paths,
        ["addresses"] = TitleField.Addresses,
        ["statuses"] = TitleField.Statuses,
        ["duration"] = TitleField.Duration,
        ["prior"] = TitleField.Prior,
        ["prior_users"] = TitleField.PriorUsers,
        ["usual"] = TitleField.Usual,
    };

    private readonly List<Part> _parts;
    private readonly HashSet<TitleField> _used;

    private TitleTemplate(List<Part> parts)
    {
        _parts = parts;
        _used = parts.SelectMany(p => p.Fields).ToHashSet();
    }

    /// <summary>Literal text, or a placeholder (its alternatives), in an optional part or not.</summary>
    private sealed record Part(string? Literal, TitleField[] Fields, int Optional);

    /// <exception cref="FormatException">An unknown placeholder, an unclosed brace or bracket.</exception>
    public static TitleTemplate Parse(string text)
    {
        var parts = new List<Part>();
        int position = 0, optional = 0, groups = 0;
        while (position < text.Length)
        {
            int next = text.AsSpan(position).IndexOfAny("{[]");
            if (next < 0)
            {
                parts.Add(new Part(text[position..], [], optional));
                break;
            }

            next += position;
            if (next > position)
            {
                parts.Add(new Part(text[position..next], [], optional));
            }

            switch (text[next])
            {
                case '[' when optional == 0:
                    optional = ++groups;
                    position = next + 1;
                    continue;
                case ']' when optional != 0:
                    optional = 0;
                    position = next + 1;
                    continue;
                case '[' or ']':
                    throw new FormatException($"title '{text}': brackets mark one optional part at a time");
            }

            int close = text.IndexOf('}', next);
            if (close < 0)
            {
                throw new FormatException($"title '{text}': '{{' without '}}'");
            }

            var fields = new List<TitleField>();
            foreach (string name in text[(next + 1)..close].Split('|'))
            {
                fields.Add(Names.TryGetValue(name.Trim(), out var field)
                    ? field
                    : throw new FormatException($"title '{text}': unknown placeholder '{{{name}}}' (known: {string.Join(", ", Names.Keys)})"));
            }

            parts.Add(new Part(null, [.. fields], optional));
            position = close + 1;
        }

        if (optional != 0)
        {
            throw new FormatException($"title '{text}': '[' without ']'");
        }

        return new TitleTemplate(parts);
    }

    public bool Uses(TitleField field) => _used.Contains(field);

    /// <summary>
    /// The title with each placeholder replaced by the first of its values that is known; an optional part
    /// with an unknown value is left out, elsewhere an unknown value reads <paramref name="unknown"/>'s text.
    /// </summary>
    public string Render(Func<TitleField, string?> value, Func<TitleField, string> unknown)
    {
        var text = new StringBuilder();
        var group = new StringBuilder();
        int current = 0;
        bool complete = true;
        foreach (var part in _parts)
        {
            if (part.Optional != current)
            {
                Flush();
                current = part.Optional;
            }

            if (part.Literal is not null)
            {
                (current == 0 ? text : group).Append(part.Literal);
                continue;
            }

            string? found = null;
            foreach (var field in part.Fields)
            {
                if ((found = value(field)) is not null)
                {
                    break;
                }
            }

            if (current == 0)
            {
                text.Append(found ?? unknown(part.Fields[0]));
            }
            else
            {
                complete &= found is not null;
                group.Append(found);
            }
        }

        Flush();
        return text.ToString();

        void Flush()
        {
            if (complete)
            {
                text.Append(group);
            }

            group.Clear();
            complete = true;
        }
    }
}
