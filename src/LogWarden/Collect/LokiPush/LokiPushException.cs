using Microsoft.AspNetCore.Http;

namespace LogWarden.Collect.LokiPush;

/// <summary>A push refused, with the HTTP status and the message its client is told (400 unless said otherwise).</summary>
internal sealed class LokiPushException(string message, int statusCode = StatusCodes.Status400BadRequest) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
