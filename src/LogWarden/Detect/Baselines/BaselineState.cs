using System.Text.Json.Serialization;
using LogWarden.Parse;

namespace LogWarden.Detect.Baselines;

/// <summary>What the baselines save (JSON, source-generated): everything learned, nothing of the current minute.</summary>
internal sealed record BaselineStateFile(int Version, List<SourceBaselineState> Sources)
{
    public const int CurrentVersion = 1;
}

internal sealed record SourceBaselineState(
    string Key,
    Dictionary<string, string>? Labels,
    string? LineHost,
    long FirstSeen,
    long LearnedAt,
    bool Learned,
    long ClockBase,
    long Hour,
    long Lines,
    bool Trimmed,
    CountState? Volume,
    CountState? Errors,
    GapState? Gaps,
    DecodingState? Decoding,
    List<TemplateBaselineState>? Templates,
    List<SignatureState>? Signatures,
    CountState? Traffic = null,
    CountState? Visitors = null,
    List<FamilyState>? Families = null);

/// <summary>A family of templates (<see cref="TemplateFamily"/>): its key, when it was first seen, its shared words and its learned count.</summary>
internal sealed record FamilyState(ulong Key, long FirstSeen, string? Prefix, CountState? Counts);

internal sealed record TemplateBaselineState(
    int Id,
    long Count,
    long FirstSeen,
    long LastSeen,
    Severity Level,
    TemplateTraits Traits,
    string? Program,
    CountState? Counts,
    PeriodState? Period,
    string? Text,
    BurstState? Burst = null,
    long Levelled = 0,
    long ErrorLevelled = 0);

internal sealed record PeriodState(long LastLine, long RunStart, double Period, int Streak, double Jitter, int Intervals, double OnPeriodShare, int HourMask, int DayMask, int MaxSkipped = 0);

internal sealed record SignatureState(int TemplateId, string? Program, string Kind, long Count, long FirstSeen, long LastSeen, int ActiveHours, long LastHour, bool Raised, string? Sample);

/// <summary>An error template's learned tightest spans of 5, 8 and 16 lines (seconds, −1 = none) and when each was seen (minute index).</summary>
internal sealed record BurstState(double[]? Tightest, long[]? Minutes);

internal sealed record CountState(RateProfileState? Rate, double Peak, long PeakMinute, ShapeState? Shape = null);

/// <summary>A source's traffic shape: burstiest and quietest 5-minute windows against their hour's mean.</summary>
internal sealed record ShapeState(double Burst, double Trough, long LearnedMinute, int Hours, double? DropTrough = null);

internal sealed record RateProfileState(double MeanPerHour, int Hours, float[]? SlotMeans, byte[]? SlotSamples);

internal sealed record GapState(float[]? LongestGap, int[]? Day, int[]? TailCounts = null, float[]? TailExcess = null, int[]? TailDay = null);

internal sealed record DecodingState(double Timestamp, double Program, double Level, int Windows);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(BaselineStateFile))]
internal sealed partial class BaselineStateJsonContext : JsonSerializerContext;
