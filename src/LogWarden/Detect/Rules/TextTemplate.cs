using System.Text;

namespace LogWarden.Detect.Rules;

/// <summary>
/// A title or entity template: text with <c>{name}</c> placeholders filled from a match's values, and
/// optional parts in brackets that are left out when a placeholder inside has no value:
/// <c>OOM killer killed {process}[ (pid {pid})][ in {unit}]</c>; <c>{program|postgres}</c> stands for
/// "postgres" when there is no program. <c>\[</c>, <c>\]</c>, <c>\{</c> and <c>\\</c> stand for themselves.
/// </summary>
internal sealed class TextTemplate
{
    private readonly Part[] _parts;

    private TextTemplate(string text, Part[] parts)
    {
        Text = text;
        _parts = parts;
        var names = new List<string>();
        CollectNames(parts, names);
        Names = names;
    }

    public string Text { get; }

    /// <summary>Every placeholder name, in order of appearance.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Names outside any optional part: without a value for each, the template renders nothing.</summary>
    public IEnumerable<string> RequiredNames => _parts.Where(p => p.Name is not null && p.Default is null).Select(p => p.Name!);

    /// <exception cref="FormatException">Unbalanced brackets or braces, or an empty placeholder.</exception>
    public static TextTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int position = 0;
        var parts = ParseParts(text, ref position, nested: false);
        return new TextTemplate(text, parts);
    }

    /// <summary>The text with values filled in; null when a required placeholder has no value.</summary>
    public string? Render(IReadOnlyDictionary<string, string> values)
    {
        var builder = new StringBuilder(Text.Length + 32);
        return Append(_parts, values, builder) ? builder.ToString() : null;
    }

    /// <summary>Appends the rendered text; false (with whatever was appended) when a required placeholder has no value.</summary>
    public bool AppendTo(StringBuilder builder, IReadOnlyDictionary<string, string> values) => Append(_parts, values, builder);

    public override string ToString() => Text;

    private static bool Append(Part[] parts, IReadOnlyDictionary<string, string> values, StringBuilder builder)
    {
        foreach (Part part in parts)
        {
            if (part.Literal is not null)
            {
                builder.Append(part.Literal);
            }
            else if (part.Name is not null)
            {
                if (!values.TryGetValue(part.Name, out string? value) || value.Length == 0)
                {
                    if (part.Default is null)
                    {
                        return false;
                    }

                    value = part.Default;
                }

                builder.Append(value);
            }
            else
            {
                int mark = builder.Length;
                if (!Append(part.Optional!, values, builder))
                {
                    builder.Length = mark;
                }
            }
        }

        return true;
    }

    private static void CollectNames(Part[] parts, List<string> names)
    {
        foreach (Part part in parts)
        {
            if (part.Name is not null)
            {
                names.Add(part.Name);
            }
            else if (part.Optional is not null)
            {
                CollectNames(part.Optional, names);
            }
        }
    }

    private static Part[] ParseParts(string text, ref int position, bool nested)
    {
        var parts = new List<Part>();
        var literal = new StringBuilder();

        void Flush()
        {
            if (literal.Length > 0)
            {
                parts.Add(new Part { Literal = literal.ToString() });
                literal.Clear();
            }
        }

        while (position < text.Length)
        {
            char c = text[position];
            switch (c)
            {
                case '\\' when position + 1 < text.Length && text[position + 1] is '[' or ']' or '{' or '}' or '\\':
                    literal.Append(text[position + 1]);
                    position += 2;
                    break;
                case '{':
                    {
                        int close = text.IndexOf('}', position);
                        if (close < 0)
                        {
                            throw new FormatException($"'{{' at {position + 1} has no closing '}}'");
                        }

                        string inner = text[(position + 1)..close];
                        int bar = inner.IndexOf('|', StringComparison.Ordinal);
                        string name = (bar < 0 ? inner : inner[..bar]).Trim();
                        if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
                        {
                            throw new FormatException($"'{{{inner}}}' is not a placeholder (letters, digits and '_', then optionally |default)");
                        }

                        Flush();
                        parts.Add(new Part { Name = name, Default = bar < 0 ? null : inner[(bar + 1)..] });
                        position = close + 1;
                        break;
                    }

                case '[':
                    Flush();
                    position++;
                    parts.Add(new Part { Optional = ParseParts(text, ref position, nested: true) });
                    break;
                case ']':
                    if (!nested)
                    {
                        throw new FormatException($"']' at {position + 1} closes no '['");
                    }

                    Flush();
                    position++;
                    return [.. parts];
                default:
                    literal.Append(c);
                    position++;
                    break;
            }
        }

        if (nested)
        {
            throw new FormatException("a '[' has no closing ']'");
        }

        Flush();
        return [.. parts];
    }

    private sealed class Part
    {
        public string? Literal { get; init; }

        public string? Name { get; init; }

        /// <summary>What a placeholder stands for when its value is missing ("{program|postgres}").</summary>
        public string? Default { get; init; }

        public Part[]? Optional { get; init; }
    }
}
