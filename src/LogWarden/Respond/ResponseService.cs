using LogWarden.Detect.Incidents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LogWarden.Respond;

/// <summary>Drains the listener's queue into the responder, one incident at a time, in order.</summary>
internal sealed partial class ResponseService(ResponseListener listener, Responder responder, ILogger<ResponseService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (IncidentRecord incident in listener.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await responder.RespondAsync(incident, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A responder bug must not stop detection or the next incident's response.
                    LogFailed(logger, incident.Id, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: queued incidents are not acted on after the daemon was told to stop.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "respond: incident {Incident} failed")]
    private static partial void LogFailed(ILogger logger, long incident, Exception exception);
}
