using LogWarden.Parse;

namespace LogWarden.Detect.Baselines;

/// <summary>The share of a source's lines on which the decoder found one field (a timestamp, a program, a level).</summary>
internal struct FieldShare
{
    /// <summary>Learned share (0–1), weighted toward the last 64 windows; slower while lost, so a lasting change is learned too.</summary>
    public double Learned;

    public int Windows;

    public bool Lost;

    /// <summary>When the loss was last raised (ticks).</summary>
    public long LastRaised;

    /// <summary>When the loss began (ticks), 0 when not lost.</summary>
    public long LostSince;

    /// <summary>Whether the loss was raised as a warning.</summary>
    public bool Warned;

    /// <summary>The share in the latest window.</summary>
    public double Latest;

    /// <summary>Judges a window's share at <paramref name="ticks"/>; true when the field is lost now (newly or still). A loss older than <paramref name="giveUpTicks"/> is the new normal.</summary>
    public bool Judge(double share, int minWindows, double decodedShare, double lostShare, long ticks, long giveUpTicks)
    {
        Latest = share;
        bool wasKnown = Windows >= minWindows && Learned >= decodedShare;
        if (Lost && (share >= Learned * 0.9 || ticks - LostSince >= giveUpTicks))
        {
            Lost = false;
            LostSince = 0;
            Warned = false;
            if (share < Learned * 0.9)
            {
                Learned = share;
            }
        }
        else if (!Lost && wasKnown && share <= lostShare)
        {
            Lost = true;
            LostSince = ticks;
        }
        Windows = Windows < int.MaxValue ? Windows + 1 : Windows;
        double alpha = Lost ? 1.0 / 512 : 1.0 / Math.Min(Windows, 64);
        Learned += alpha * (share - Learned);
        return Lost;
    }
}

/// <summary>
/// Whether a source still decodes: per window of <see cref="WindowLines"/> lines, the share that had a
/// timestamp, a program and a level. When a field the decoder found on nearly every line is missing on
/// most of a window — the format changed, the decoder now yields raw lines — the source is a blind spot:
/// log time falls back to the time of reading, and rules keyed on the program stop matching.
/// </summary>
internal sealed class DecodingHealth
{
    public const int WindowLines = 256;

    public FieldShare Timestamp;

    public FieldShare Program;

    public FieldShare Level;

    private int _lines;
    private int _timestamps;
    private int _programs;
    private int _levels;

    /// <summary>Counts one record; true when a window is complete (the caller judges it).</summary>
    public bool Count(LogRecord record)
    {
        _lines++;
        if (record.Timestamp.HasValue)
        {
            _timestamps++;
        }
        if (record.Program is not null)
        {
            _programs++;
        }
        if (record.Level != Severity.Unknown)
        {
            _levels++;
        }
        return _lines == WindowLines;
    }

    /// <summary>Judges the completed window and starts the next.</summary>
    public void JudgeWindow(int minWindows, double decodedShare, double lostShare, long ticks, long giveUpTicks)
    {
        Timestamp.Judge(_timestamps / (double)WindowLines, minWindows, decodedShare, lostShare, ticks, giveUpTicks);
        Program.Judge(_programs / (double)WindowLines, minWindows, decodedShare, lostShare, ticks, giveUpTicks);
        Level.Judge(_levels / (double)WindowLines, minWindows, decodedShare, lostShare, ticks, giveUpTicks);
        _lines = _timestamps = _programs = _levels = 0;
    }

    internal DecodingState Save() => new(Timestamp.Learned, Program.Learned, Level.Learned, Math.Min(Timestamp.Windows, Math.Min(Program.Windows, Level.Windows)));

    internal void Load(DecodingState? state)
    {
        if (state is null || state.Windows < 0)
        {
            return;
        }
        Timestamp = new FieldShare { Learned = Clamp01(state.Timestamp), Windows = state.Windows };
        Program = new FieldShare { Learned = Clamp01(state.Program), Windows = state.Windows };
        Level = new FieldShare { Learned = Clamp01(state.Level), Windows = state.Windows };
    }

    private static double Clamp01(double value) => double.IsFinite(value) ? Math.Clamp(value, 0, 1) : 0;
}
