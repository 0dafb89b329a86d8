using Microsoft.Net.Http.Headers;

namespace MailGrains.Gateway.Accounts;

/// <summary>
/// Optimistic concurrency on accounts: <c>ETag: "&lt;version&gt;"</c> on every answer with an account, and
/// <c>If-Match</c> on PUT and PATCH (one or more of those tags, or <c>*</c> for any existing account).
/// </summary>
internal static class AccountETag
{
    public const string IfMatchRule = "The ETag of the account as read (\"7\"), several separated by commas, or *.";

    public static string Of(long version) => $"\"{version}\"";

    /// <summary>The tags of an If-Match header (null without one); false when it is malformed.</summary>
    public static bool TryParse(string? ifMatch, out IList<EntityTagHeaderValue>? tags)
    {
        tags = null;
        return ifMatch is null || (EntityTagHeaderValue.TryParseStrictList([ifMatch], out tags) && tags.Count > 0);
    }

    /// <summary>Whether an account at <paramref name="version"/> (null: none) meets <paramref name="tags"/>.</summary>
    public static bool Matches(IList<EntityTagHeaderValue> tags, long? version)
        => version is { } v
            && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(new(Of(v)), useStrongComparison: true));
}
