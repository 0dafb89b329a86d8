using System.Net;
using System.Text;

namespace MailGrains.Mail.Messages;

/// <summary>
/// A short, single-line preview of a message's text for inbox lists. Mail bodies come from anyone, so this
/// is one linear pass over a bounded prefix of the body: no regular expression (a backtracking one is
/// quadratic on a body of unclosed <c>&lt;</c>), and never more than <see cref="MaxScannedChars"/> characters read.
/// </summary>
internal static class Snippet
{
    /// <summary>How much of a body is looked at: a preview never needs more, whatever the body's size.</summary>
    public const int MaxScannedChars = 64 * 1024;

    public static string From(string? text, string? html, int length)
    {
        var source = !string.IsNullOrWhiteSpace(text) ? Prefix(text) : html is null ? "" : WebUtility.HtmlDecode(HtmlText(Prefix(html), length * 4));
        return Collapse(source, length);
    }

    private static string Prefix(string value) => value.Length <= MaxScannedChars ? value : value[..MaxScannedChars];

    /// <summary>
    /// The text between tags, with the content of <c>script</c> and <c>style</c> elements and comments left out;
    /// stops once <paramref name="enough"/> characters are collected. Each character is looked at a bounded number of times.
    /// </summary>
    private static string HtmlText(string html, int enough)
    {
        var text = new StringBuilder();
        var i = 0;
        while (i < html.Length && text.Length < enough)
        {
            var c = html[i];
            if (c != '<')
            {
                text.Append(c);
                i++;
                continue;
            }

            if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
            {
                var endComment = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = endComment < 0 ? html.Length : endComment + 3;
                text.Append(' ');
                continue;
            }

            var close = html.IndexOf('>', i + 1);
            if (close < 0)
            {
                break; // an unclosed tag: nothing after it is text
            }

            var skipTo = RawTextElement(html, i + 1, close) is { } element ? ClosingTagEnd(html, close + 1, element) : close + 1;
            text.Append(' ');
            i = skipTo;
        }

        return text.ToString();
    }

    /// <summary>"script" or "style" when the tag starting after <c>&lt;</c> at <paramref name="start"/> opens one.</summary>
    private static string? RawTextElement(string html, int start, int end)
    {
        foreach (var name in (ReadOnlySpan<string>)["script", "style"])
        {
            if (end - start >= name.Length && string.Compare(html, start, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (end - start == name.Length || !char.IsAsciiLetterOrDigit(html[start + name.Length])))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Where the content of a script or style element ends: after its closing tag, or the end of the input.</summary>
    private static int ClosingTagEnd(string html, int from, string element)
    {
        var closing = html.IndexOf("</" + element, from, StringComparison.OrdinalIgnoreCase);
        if (closing < 0)
        {
            return html.Length;
        }

        var end = html.IndexOf('>', closing);
        return end < 0 ? html.Length : end + 1;
    }

    /// <summary>Runs of white space become one space; cut to <paramref name="length"/> without splitting a surrogate pair.</summary>
    private static string Collapse(string source, int length)
    {
        var result = new StringBuilder(Math.Min(source.Length, length + 1));
        var space = false;
        foreach (var c in source)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = result.Length > 0;
                continue;
            }

            if (space)
            {
                result.Append(' ');
                space = false;
            }

            result.Append(c);
            if (result.Length >= length)
            {
                break;
            }
        }

        var collapsed = result.ToString();
        if (collapsed.Length > length)
        {
            collapsed = collapsed[..length];
        }

        return collapsed.Length > 0 && char.IsHighSurrogate(collapsed[^1]) ? collapsed[..^1] : collapsed;
    }
}
