using System.Diagnostics;
using System.Globalization;

namespace LogWarden.Cli;

/// <summary>
/// A one-line progress bar on stderr for long inputs, only when stderr is a terminal: files done of
/// total, lines and lines/s, redrawn at most four times a second.
/// </summary>
internal sealed class ProgressReporter : IDisposable
{
    private readonly TextWriter _stderr;
    private readonly int _files;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _filesDone;
    private long _lines;
    private long _nextDraw;
    private bool _drawn;

    private ProgressReporter(TextWriter stderr, int files)
    {
        _stderr = stderr;
        _files = files;
    }

    public static ProgressReporter? ForConsole(TextWriter stderr, IReadOnlyCollection<string> files) =>
        ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected ? new ProgressReporter(stderr, files.Count) : null;

    public void Line()
    {
        _lines++;
        if ((_lines & 0x3FFF) == 0 && _clock.ElapsedMilliseconds >= _nextDraw)
        {
            Draw();
        }
    }

    public void FileDone(string file)
    {
        _filesDone++;
        Draw();
    }

    private void Draw()
    {
        _nextDraw = _clock.ElapsedMilliseconds + 250;
        const int width = 30;
        int filled = _files == 0 ? width : (int)((long)width * _filesDone / _files);
        double rate = _lines / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        _stderr.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r[{new string('#', filled)}{new string(' ', width - filled)}] {_filesDone}/{_files} files, {_lines:N0} lines, {rate:N0} lines/s "));
        _drawn = true;
    }

    public void Finish()
    {
        if (_drawn)
        {
            Draw();
            _stderr.WriteLine();
            _drawn = false;
        }
    }

    public void Dispose() => Finish();
}
