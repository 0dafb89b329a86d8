using System.Collections.Frozen;

namespace MailGrains.Gateway.Activities;

/// <summary>
/// A linear look at how deeply an HTML text nests its elements, before any parser builds (and walks) the tree.
/// Counts start tags against end tags, leaving out elements without content (<c>br</c>, <c>img</c>) and those
/// whose end tag may be omitted (<c>p</c>, <c>li</c>, <c>td</c>), so it errs on the deep side only for broken
/// HTML. Browsers' own parsers stop nesting at about 512 levels.
/// </summary>
internal static class HtmlDepth
{
    public const int Limit = 512;

    private static readonly FrozenSet<string> s_notCounted = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "keygen",
        "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "colgroup", "caption", "rb", "rt", "rtc", "rp",
        "html", "head", "body");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_lookup = s_notCounted.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool Exceeds(string html, int limit = Limit)
    {
        var depth = 0;
        for (var i = html.IndexOf('<'); i >= 0 && i < html.Length - 1; i = html.IndexOf('<', i + 1))
        {
            var closing = html[i + 1] == '/';
            var start = closing ? i + 2 : i + 1;
            var end = start;
            while (end < html.Length && char.IsAsciiLetterOrDigit(html[end]))
            {
                end++;
            }

            if (end == start || !char.IsAsciiLetter(html[start]) || s_lookup.Contains(html.AsSpan(start, end - start)))
            {
                continue;
            }

            if (closing)
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (++depth > limit)
            {
                return true;
            }
        }

        return false;
    }
}
