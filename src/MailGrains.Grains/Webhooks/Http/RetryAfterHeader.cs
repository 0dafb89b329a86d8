using System.Net.Http.Headers;

namespace MailGrains.Grains.Webhooks.Http;

/// <summary>
/// A receiver's <c>Retry-After</c> (RFC 9110: delta seconds or an HTTP date) as a wait, bounded to
/// <see cref="Longest"/>. An HTTP date is measured against the answer's own <c>Date</c> when it has one, so the
/// receiver's clock skew does not matter; a date in the past means "now". A value that does not parse is ignored.
/// </summary>
internal static class RetryAfterHeader
{
    public static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    public static TimeSpan? Wait(HttpResponseHeaders headers, DateTimeOffset now)
    {
        var wait = headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - (headers.Date ?? now),
            _ => (TimeSpan?)null,
        };

        return wait is not { } w ? null
            : w < TimeSpan.Zero ? TimeSpan.Zero
            : w > Longest ? Longest
            : w;
    }
}
