using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MailGrains.Gateway.Api;

/// <summary>
/// Optional paging of a directory list (<c>?limit=&amp;after=</c>): ids sorted, the entries after the id
/// <c>after</c>, at most <c>limit</c> (1 to <see cref="MaxLimit"/>) of them, and a <c>Link: &lt;…&gt;; rel="next"</c>
/// header while more follow. Without <c>limit</c> the whole list comes at once, bounded by the tenant quotas.
/// </summary>
internal static class ListPage
{
    public const int MaxLimit = 1_000;

    /// <summary>The ids of the page, or the validation problem of the query.</summary>
    /// <remarks><paramref name="limitText"/> is read by hand: a value that is no number is a 400 naming it.</remarks>
    public static (IReadOnlyList<string>? Ids, ValidationProblem? Problem) Select(
        IReadOnlyList<string> sortedIds, string? limitText, string? after, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var limit = ParseCount(limitText);
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"1 to {MaxLimit}."];
        }

        if (after is not null && !Ids.IsValid(after))
        {
            errors["after"] = [$"Must be {Ids.Rule}: the last id of the previous page."];
        }

        if (errors.Count > 0)
        {
            return (null, Problems.Invalid(errors));
        }

        var rest = after is null ? sortedIds : [.. sortedIds.Where(id => string.CompareOrdinal(id, after) > 0)];
        if (limit is not { } size || rest.Count <= size)
        {
            return (rest, null);
        }

        var page = rest.Take(size).ToList();
        http.Response.Headers.Link = $"<{http.Request.Path}?limit={size}&after={Uri.EscapeDataString(page[^1])}>; rel=\"next\"";
        return (page, null);
    }

    /// <summary>A count from a query value: null when absent, -1 when it is no plain number.</summary>
    public static int? ParseCount(string? text)
        => text is null ? null
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : -1;
}
