using Ganss.Xss;

namespace MailGrains.Gateway.Activities;

/// <summary>
/// A mail's HTML made safe to show: no scripts, event handlers, frames, forms or embedded objects, and no remote
/// content (an image from the web would tell the sender that and when the mail was read). Inline (<c>data:</c>)
/// and embedded (<c>cid:</c>) images and links stay.
/// </summary>
internal static class MailHtml
{
    private static readonly HtmlSanitizer s_sanitizer = Create();

    public static string? Sanitize(string? html) => string.IsNullOrWhiteSpace(html) ? html : s_sanitizer.Sanitize(html);

    private static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in (string[])["https", "http", "mailto", "data", "cid"])
        {
            sanitizer.AllowedSchemes.Add(scheme);
        }

        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedAttributes.Remove("action");
        sanitizer.AllowDataAttributes = false;
        // Links may point to the web; anything the page would load by itself may not.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement element)
            {
                foreach (var name in (string[])["src", "srcset", "background", "poster"])
                {
                    if (element.GetAttribute(name) is { } value && IsRemote(value))
                    {
                        element.RemoveAttribute(name);
                        element.SetAttribute("data-blocked-" + name, value);
                    }
                }
            }
        };
        return sanitizer;
    }

    private static bool IsRemote(string url)
    {
        var trimmed = url.TrimStart();
        return !trimmed.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && !trimmed.StartsWith("cid:", StringComparison.OrdinalIgnoreCase);
    }
}
