using System.Globalization;
using MailGrains.Accounts;

namespace MailGrains.Gateway.Accounts;

/// <summary>
/// <c>imap.importFrom</c> as the API writes it: <c>"all"</c>, <c>"now"</c> or a day <c>YYYY-MM-DD</c> (UTC); absent is
/// <c>"all"</c>.
/// </summary>
internal static class ImportFromText
{
    public const string All = "all";
    public const string Now = "now";
    public const string DayFormat = "yyyy-MM-dd";

    public const string Message = "\"all\" (default), \"now\" (only mail that arrives from now on) or a day YYYY-MM-DD (only mail received on or after it).";
    public const string Pop3Message = "A POP3 account imports \"all\" (default) or \"now\": POP3 has no dates to choose mail by.";

    /// <summary>The setting a text names, false when it names none; null is the default, all.</summary>
    public static bool TryParse(string? text, out ImportFrom importFrom)
    {
        importFrom = ImportFrom.All;
        if (text is null || string.Equals(text, All, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(text, Now, StringComparison.OrdinalIgnoreCase))
        {
            importFrom = ImportFrom.Now;
            return true;
        }

        if (text.Length == DayFormat.Length
            && DateOnly.TryParseExact(text, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            importFrom = ImportFrom.From(day);
            return true;
        }

        return false;
    }

    public static string Format(ImportFrom importFrom) => importFrom.Kind switch
    {
        ImportFromKind.Now => Now,
        ImportFromKind.Date when importFrom.Since is { } day => day.ToString(DayFormat, CultureInfo.InvariantCulture),
        _ => All,
    };
}
