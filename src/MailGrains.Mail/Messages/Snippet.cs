using System.Net;
using System.Text.RegularExpressions;

namespace MailGrains.Mail.Messages;

/// <summary>A short, single-line preview of a message's text for inbox lists.</summary>
internal static partial class Snippet
{
    public static string From(string? text, string? html, int length)
    {
        var source = !string.IsNullOrWhiteSpace(text) ? text : html is null ? "" : WebUtility.HtmlDecode(Tags().Replace(Scripts().Replace(html, " "), " "));
        var collapsed = Whitespace().Replace(source, " ").Trim();
        if (collapsed.Length <= length)
        {
            return collapsed;
        }

        var cut = collapsed[..length];
        return char.IsHighSurrogate(cut[^1]) ? cut[..^1] : cut;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"<(script|style)[^>]*>.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Scripts();
}
