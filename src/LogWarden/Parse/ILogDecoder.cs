using System.Diagnostics.CodeAnalysis;

namespace LogWarden.Parse;

/// <summary>
/// Turns one line of text into a <see cref="LogRecord"/>. Implementations keep no per-input state (that
/// lives in <see cref="DecodeContext"/>), so one instance serves every input.
/// </summary>
internal interface ILogDecoder
{
    /// <summary>The name <see cref="FormatDetector.FromName"/> accepts for this decoder.</summary>
    string Name { get; }

    /// <summary>
    /// Decodes <paramref name="line"/>; false when the line is not in this decoder's format. Never throws on
    /// any input: malformed text is a false, not an exception.
    /// </summary>
    bool TryDecode(string line, DecodeContext context, [NotNullWhen(true)] out LogRecord? record);
}
