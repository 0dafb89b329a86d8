using AngleSharp.Dom;
using Ganss.Xss;

namespace MailGrains.Gateway.Activities;

/// <summary>
/// A mail's HTML made safe to show: no scripts, event handlers, frames, forms, style sheets or embedded objects, and
/// nothing that a viewer would load by itself from elsewhere (an image, a background or a font from the web would
/// tell the sender that and when the mail was read). Inline (<c>data:</c>) and embedded (<c>cid:</c>) images and
/// links stay; a remote address is kept inert in a <c>data-blocked-*</c> attribute. A body over
/// <see cref="MaxChars"/> or nested deeper than <see cref="MaxDepth"/> is not sanitised at all (the parser's and
/// sanitiser's work and stack grow with both): it has no safe HTML, and the reason says why.
/// </summary>
internal static class MailHtml
{
    public const int MaxChars = 1024 * 1024;

    public const int MaxDepth = HtmlDepth.Limit;

    public const string TooLarge = "too-large";

    public const string TooDeep = "too-deep";

    /// <summary>Attributes whose value a browser fetches without a click.</summary>
    private static readonly string[] s_fetched = ["src", "srcset", "background", "poster", "lowsrc", "dynsrc", "data", "ping", "formaction", "action", "manifest", "icon", "codebase", "archive", "longdesc", "xlink:href"];

    private static readonly HtmlSanitizer s_sanitizer = Create();

    /// <summary>The sanitised HTML, or null with the reason it was not made.</summary>
    public static (string? Html, string? OmittedBecause) Sanitize(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return (html, null);
        }

        if (html.Length > MaxChars)
        {
            return (null, TooLarge);
        }

        return HtmlDepth.Exceeds(html) ? (null, TooDeep) : (s_sanitizer.Sanitize(html), null);
    }

    private static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in (string[])["https", "http", "mailto", "data", "cid"])
        {
            sanitizer.AllowedSchemes.Add(scheme);
        }

        foreach (var tag in (string[])["form", "style", "link", "base", "meta", "svg", "math", "object", "embed", "iframe", "frame", "frameset"])
        {
            sanitizer.AllowedTags.Remove(tag);
        }

        sanitizer.AllowedAttributes.Remove("action");
        sanitizer.AllowedAtRules.Clear();
        sanitizer.AllowDataAttributes = false;
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement element)
            {
                BlockRemote(element);
            }
        };
        return sanitizer;
    }

    /// <summary>Links may point to the web; anything the page would load by itself may not.</summary>
    private static void BlockRemote(IElement element)
    {
        foreach (var name in s_fetched)
        {
            // srcset lists several addresses separated by commas, which data: URLs contain too: never kept.
            if (element.GetAttribute(name) is { } value && (name == "srcset" || IsRemote(value)))
            {
                Block(element, name, value);
            }
        }

        if (element.LocalName is not ("a" or "area") && element.GetAttribute("href") is { } href && IsRemote(href))
        {
            Block(element, "href", href);
        }

        if (element.GetAttribute("style") is { } style && CssLoadsRemote(style))
        {
            Block(element, "style", style);
        }
    }

    private static void Block(IElement element, string name, string value)
    {
        element.RemoveAttribute(name);
        element.SetAttribute("data-blocked-" + name.Replace(':', '-'), value);
    }

    private static bool IsRemote(string url)
    {
        var trimmed = url.TrimStart();
        return !trimmed.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && !trimmed.StartsWith("cid:", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Whether a style value could make the browser fetch something: a <c>url()</c> that is not <c>data:</c> or
    /// <c>cid:</c>, an image set (bare strings there are addresses), an import, or escapes that could spell any of them.
    /// </summary>
    private static bool CssLoadsRemote(string style)
    {
        if (style.Contains('\\', StringComparison.Ordinal)
            || style.Contains("image-set(", StringComparison.OrdinalIgnoreCase)
            || style.Contains("@import", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        for (var at = style.IndexOf("url(", StringComparison.OrdinalIgnoreCase); at >= 0; at = style.IndexOf("url(", at + 4, StringComparison.OrdinalIgnoreCase))
        {
            if (IsRemote(style[(at + 4)..].TrimStart().TrimStart('"', '\'')))
            {
                return true;
            }
        }

        return false;
    }
}
