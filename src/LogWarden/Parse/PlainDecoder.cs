using System.Diagnostics.CodeAnalysis;

namespace LogWarden.Parse;

/// <summary>
/// The decoder of last resort: the whole line is the message, and the level is guessed from a level word
/// near its start (<see cref="SeverityNames.Guess"/>). Decodes every line; <see cref="FormatDetector"/>
/// uses it when no other format fits and for the lines the chosen decoder cannot read.
/// </summary>
internal sealed class PlainDecoder : ILogDecoder
{
    public static readonly PlainDecoder Instance = new();

    public string Name => "plain";

    public bool TryDecode(string line, DecodeContext context, [NotNullWhen(true)] out LogRecord? record)
    {
        record = new LogRecord
        {
            Raw = line,
            Message = line,
            Level = SeverityNames.Guess(line),
            Source = context.Source,
            LineNumber = context.LineNumber,
        };
        return true;
    }
}
