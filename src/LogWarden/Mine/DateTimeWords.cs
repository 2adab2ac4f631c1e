namespace LogWarden.Mine;

/// <summary>
/// Recognises a date written in words inside a message — "Fri Jul  1 07:57:30 2005", "Jun 14 15:16:01",
/// "Sun, 05 Dec 2021 10:00:00" — so the miner sees one value instead of four or five tokens, some of them
/// words (day and month names) that would otherwise look like constants.
/// </summary>
internal static class DateTimeWords
{
    private static readonly string[] Days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>Length of the date at the start of <paramref name="s"/>, or 0 when there is none.</summary>
    public static int MatchLength(ReadOnlySpan<char> s)
    {
        if (s.Length < 10 || !char.IsAsciiLetterUpper(s[0]))
        {
            return 0;
        }
        int pos = 0;
        if (StartsWithName(s, DayKeys))
        {
            pos = SkipWord(s, 3);
            if (pos < s.Length && s[pos] == ',')
            {
                pos++;
            }
            pos = SkipSpaces(s, pos);
        }
        // Month then day ("Jul  1"), or day then month ("05 Dec 2021").
        int dayFirst = ReadNumber(s, pos, 1, 2);
        if (dayFirst > pos)
        {
            pos = SkipSpaces(s, dayFirst);
            if (!StartsWithName(s[pos..], MonthKeys))
            {
                return 0;
            }
            pos = SkipSpaces(s, SkipWord(s, pos + 3));
            int year = ReadNumber(s, pos, 4, 4);
            if (year < 0)
            {
                return 0;
            }
            pos = SkipSpaces(s, year);
        }
        else
        {
            if (!StartsWithName(s[pos..], MonthKeys))
            {
                return 0;
            }
            pos = SkipSpaces(s, SkipWord(s, pos + 3));
            int day = ReadNumber(s, pos, 1, 2);
            if (day < 0)
            {
                return 0;
            }
            pos = day < s.Length && s[day] == ',' ? day + 1 : day;
            pos = SkipSpaces(s, pos);
        }
        int time = ReadTime(s, pos);
        if (time < 0)
        {
            return 0;
        }
        int end = time;
        int afterTime = SkipSpaces(s, time);
        int trailingYear = ReadNumber(s, afterTime, 4, 4);
        if (trailingYear > 0 && (trailingYear == s.Length || char.IsWhiteSpace(s[trailingYear])))
        {
            end = trailingYear;
        }
        return end;
    }

    // Three ASCII characters packed in an int: one comparison per name instead of a string comparison
    // (this runs on every token of every message that starts with a capital letter).
    private static readonly uint[] DayKeys = KeysOf(Days);
    private static readonly uint[] MonthKeys = KeysOf(Months);

    private static uint[] KeysOf(string[] names) => [.. names.Select(n => Key(n[0], n[1], n[2]))];

    private static uint Key(char a, char b, char c) => a | (uint)b << 8 | (uint)c << 16;

    private static bool StartsWithName(ReadOnlySpan<char> s, uint[] keys)
    {
        if (s.Length < 3 || (s.Length > 3 && char.IsAsciiLetterUpper(s[3])) || (s[0] | s[1] | s[2]) > 0x7F)
        {
            return false;
        }
        uint key = Key(s[0], s[1], s[2]);
        foreach (uint k in keys)
        {
            if (k == key)
            {
                return true;
            }
        }
        return false;
    }

    // "Jul", "July", "Thursday": skip the letters of the word.
    private static int SkipWord(ReadOnlySpan<char> s, int pos)
    {
        while (pos < s.Length && char.IsAsciiLetterLower(s[pos]))
        {
            pos++;
        }
        return pos;
    }

    private static int SkipSpaces(ReadOnlySpan<char> s, int pos)
    {
        while (pos < s.Length && s[pos] == ' ')
        {
            pos++;
        }
        return pos;
    }

    /// <summary>End of a run of <paramref name="min"/>..<paramref name="max"/> digits at pos, else -1.</summary>
    private static int ReadNumber(ReadOnlySpan<char> s, int pos, int min, int max)
    {
        int end = pos;
        while (end < s.Length && end - pos < max && char.IsAsciiDigit(s[end]))
        {
            end++;
        }
        if (end - pos < min || end < s.Length && char.IsAsciiDigit(s[end]))
        {
            return -1;
        }
        return end;
    }

    /// <summary>HH:MM[:SS[.frac]] at pos; the end, else -1.</summary>
    private static int ReadTime(ReadOnlySpan<char> s, int pos)
    {
        int h = ReadNumber(s, pos, 1, 2);
        if (h < 0 || h >= s.Length || s[h] != ':')
        {
            return -1;
        }
        int m = ReadNumber(s, h + 1, 2, 2);
        if (m < 0)
        {
            return -1;
        }
        int end = m;
        if (end < s.Length && s[end] == ':')
        {
            int sec = ReadNumber(s, end + 1, 2, 2);
            if (sec < 0)
            {
                return -1;
            }
            end = sec;
            if (end + 1 < s.Length && s[end] is '.' or ',' && char.IsAsciiDigit(s[end + 1]))
            {
                end++;
                while (end < s.Length && char.IsAsciiDigit(s[end]))
                {
                    end++;
                }
            }
        }
        return end;
    }
}
