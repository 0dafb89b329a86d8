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
    /// <remarks><paramref name="limitText"/> is read by hand: a value that is no number is a 400 naming it, never a binding failure.</remarks>
    public static (IReadOnlyList<string>? Ids, IResult? Problem) Select(IReadOnlyList<string> sortedIds, string? limitText, string? after, HttpContext http)
    {
        var errors = new ValidationErrors();
        int? limit = null;
        if (limitText is not null)
        {
            limit = int.TryParse(limitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors.Add("limit", $"1 to {MaxLimit}.");
        }

        if (after is not null && !Ids.IsValid(after))
        {
            errors.Add("after", $"Must be {Ids.Rule}: the last id of the previous page.");
        }

        if (errors.Any)
        {
            return (null, errors.ToProblem());
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
}
