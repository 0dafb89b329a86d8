using MailGrains.Gateway.Auth;

namespace MailGrains.Gateway.RateLimits;

/// <summary>Endpoint filter that answers 429 when the caller's tenant or the account is over its server-check limit.</summary>
internal sealed class ServerCheckLimit(ServerCheckLimiter limiter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var accountId = http.GetRouteValue("accountId") as string ?? "";
        using var lease = limiter.Acquire(http.User.TenantId(), accountId);
        return lease.IsAcquired ? await next(context) : TooManyRequests.Problem(http, lease, "server checks per account and per tenant");
    }
}
