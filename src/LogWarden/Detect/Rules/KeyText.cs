namespace LogWarden.Detect.Rules;

/// <summary>
/// A reused buffer for building map keys (a rule, a host, an address…) without allocating a string per
/// line: maps are looked up by the span, and a string is made only for a key seen for the first time.
/// One per detector (detectors run on one thread).
/// </summary>
internal sealed class KeyText
{
    private char[] _chars = new char[256];

    public int Length { get; private set; }

    public ReadOnlySpan<char> Span => _chars.AsSpan(0, Length);

    public KeyText Clear()
    {
        Length = 0;
        return this;
    }

    public KeyText Append(char c)
    {
        Reserve(1);
        _chars[Length++] = c;
        return this;
    }

    public KeyText Append(ReadOnlySpan<char> text)
    {
        Reserve(text.Length);
        text.CopyTo(_chars.AsSpan(Length));
        Length += text.Length;
        return this;
    }

    public override string ToString() => new(Span);

    private void Reserve(int more)
    {
        if (Length + more > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, Length + more));
        }
    }
}
