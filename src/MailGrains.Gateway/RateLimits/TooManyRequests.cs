using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MailGrains.Gateway.RateLimits;

/// <summary>The answer to a request over a limit: 429 problem+json with <c>Retry-After</c> in seconds.</summary>
internal static class TooManyRequests
{
    public static ProblemHttpResult Problem(HttpContext context, RateLimitLease lease, string limit)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: $"Over the limit of {limit}. Try again in {seconds} s.",
            extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
    }
}
