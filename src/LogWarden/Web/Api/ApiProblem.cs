using System.Globalization;
using LogWarden.Config;
using Microsoft.AspNetCore.Http;

namespace LogWarden.Web.Api;

/// <summary>A request the API cannot answer because of what it asked: becomes a 400 (or the given status) problem+json.</summary>
internal sealed class BadApiRequestException(string detail, int status = StatusCodes.Status400BadRequest) : Exception(detail)
{
    public int Status { get; } = status;
}

/// <summary>
/// How the API reads its query strings: times as RFC 3339, Unix seconds, or a duration back from now
/// (<c>15m</c>, <c>24h</c>, <c>7d</c>); bounded integers; every bad value a <see cref="BadApiRequestException"/>
/// naming the parameter, never a 500.
/// </summary>
internal static class ApiQuery
{
    public static DateTimeOffset? Time(HttpRequest request, string name, DateTimeOffset now)
    {
        string? text = request.Query[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset at))
        {
            return at;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && double.IsFinite(seconds) && Math.Abs(seconds) < 253_402_300_799)
        {
            return DateTimeOffset.UnixEpoch.AddSeconds(seconds);
        }
        if (ConfigLoader.TryParseDuration(text, out TimeSpan back) && back > TimeSpan.Zero && back < TimeSpan.FromDays(36_500))
        {
            return now - back;
        }
        throw new BadApiRequestException($"{name}: '{text}' is not a time (RFC 3339, Unix seconds, or a duration back from now such as 15m, 24h, 7d)");
    }

    public static int Integer(HttpRequest request, string name, int fallback, int min, int max)
    {
        string? text = request.Query[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            throw new BadApiRequestException($"{name}: '{text}' is not a whole number from {min} to {max}");
        }
        return value;
    }

    public static string? Text(HttpRequest request, string name, int maxLength = 1024)
    {
        string? text = request.Query[name];
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (text.Length > maxLength)
        {
            throw new BadApiRequestException($"{name}: longer than {maxLength} characters");
        }
        return text;
    }

    /// <summary>A yes/no parameter: true or 1, false or 0; <paramref name="fallback"/> when absent.</summary>
    public static bool Flag(HttpRequest request, string name, bool fallback = false) => Text(request, name, 10) switch
    {
        null => fallback,
        "true" or "1" => true,
        "false" or "0" => false,
        string other => throw new BadApiRequestException($"{name}: '{other}' is not true or false"),
    };

    /// <summary>A non-negative 64-bit number (a sequence, an id); null when absent.</summary>
    public static long? Long(HttpRequest request, string name)
    {
        string? text = Text(request, name, 20);
        if (text is null)
        {
            return null;
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new BadApiRequestException($"{name}: '{text}' is not a whole number from 0");
    }

    /// <summary>Values given as repeated parameters or comma-separated (<c>status=open,acknowledged</c>).</summary>
    public static List<string> List(HttpRequest request, string name) =>
        [.. request.Query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    public static IResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
