using System.Diagnostics;

namespace LogWarden.Bench;

/// <summary>Starts a program whose output is read and dropped, so that a full pipe never stalls it (the daemons the benches run).</summary>
internal static class DrainedProcess
{
    public static Process Start(string program, IEnumerable<string> arguments) => Start(new ProcessStartInfo(program, arguments));

    /// <summary>Starts the program; with <paramref name="log"/>, its output (stdout and stderr) is appended to that file instead of dropped.</summary>
    public static Process Start(ProcessStartInfo start, string? log = null)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        Process process = Process.Start(start)!;
        StreamWriter? writer = log is null ? null : new StreamWriter(log, append: true) { AutoFlush = true };
        void Write(string? line)
        {
            if (writer is not null && line is not null)
            {
                lock (writer)
                {
                    writer.WriteLine(line);
                }
            }
        }
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
