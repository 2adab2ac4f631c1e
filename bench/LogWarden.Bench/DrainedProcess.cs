using System.Diagnostics;

namespace LogWarden.Bench;

/// <summary>Starts a program whose output is read and dropped, so that a full pipe never stalls it (the daemons the benches run).</summary>
internal static class DrainedProcess
{
    public static Process Start(string program, IEnumerable<string> arguments) => Start(new ProcessStartInfo(program, arguments));

    public static Process Start(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
