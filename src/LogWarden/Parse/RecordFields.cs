namespace LogWarden.Parse;

/// <summary>
/// Builds <see cref="LogRecord.Fields"/> within the bounds every decoder shares, so a JSON line with ten
/// thousand keys or a megabyte value cannot blow up a record: at most <see cref="MaxCount"/> fields, each
/// value cut to <see cref="MaxValueChars"/> characters. The list is created on the first field only.
/// </summary>
internal static class RecordFields
{
    public const int MaxCount = 64;
    public const int MaxValueChars = 4096;

    // Room for an access log line's fields at once: growing from empty (4, 8, 16) cost a tenth of
    // `analyze`'s time in copies and garbage (profiled), for records that mostly carry 5 to 12 fields.
    private const int InitialCapacity = 12;

    public static void Add(ref List<KeyValuePair<string, string>>? fields, string key, string value)
    {
        fields ??= new List<KeyValuePair<string, string>>(InitialCapacity);
        if (fields.Count >= MaxCount)
        {
            return;
        }

        fields.Add(new(key, value.Length > MaxValueChars ? value[..MaxValueChars] : value));
    }

    public static void Add(ref List<KeyValuePair<string, string>>? fields, string key, ReadOnlySpan<char> value) =>
        Add(ref fields, key, value.Length > MaxValueChars ? value[..MaxValueChars].ToString() : value.ToString());

    public static IReadOnlyList<KeyValuePair<string, string>> OrEmpty(List<KeyValuePair<string, string>>? fields) =>
        fields is null ? [] : fields;
}
