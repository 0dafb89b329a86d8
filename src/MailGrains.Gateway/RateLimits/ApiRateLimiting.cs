using System.Threading.RateLimiting;
using MailGrains.Gateway.Auth;
using MailGrains.Hosting;
using MailGrains.Tenants;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MailGrains.Gateway.RateLimits;

/// <summary>
/// Limits on <c>/v1</c> before any key is checked: per key (tenant and key id as the key names them, or the
/// operator) and per client address, so neither guessing secrets nor flooding reaches the cluster unbounded.
/// </summary>
internal static class ApiRateLimiting
{
    private static readonly PathString s_api = "/v1";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.SectionName);
        services.AddSingleton<ServerCheckLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>, IOptions<GatewayOptions>>((o, limits, gateway) =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(PerKey(limits.Value, gateway.Value), PerAddress(limits.Value));
            o.OnRejected = (rejected, _) => new ValueTask(TooManyRequests.Problem(rejected.HttpContext, rejected.Lease, "requests per key or client address").ExecuteAsync(rejected.HttpContext));
        });
        return services;
    }

    private static PartitionedRateLimiter<HttpContext> PerKey(RateLimitOptions limits, GatewayOptions gateway)
        => PartitionedRateLimiter.Create<HttpContext, string>(context =>
            context.Request.Path.StartsWithSegments(s_api) && KeyName(context, gateway) is { } key
                ? RateLimitPartition.GetTokenBucketLimiter(key, _ => Bucket(limits.PerKeyPerSecond, limits.PerKeyBurst))
                : RateLimitPartition.GetNoLimiter(""));

    private static PartitionedRateLimiter<HttpContext> PerAddress(RateLimitOptions limits)
        => PartitionedRateLimiter.Create<HttpContext, string>(context =>
            context.Request.Path.StartsWithSegments(s_api)
                ? RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "", _ => Bucket(limits.PerAddressPerSecond, limits.PerAddressBurst))
                : RateLimitPartition.GetNoLimiter(""));

    /// <summary>Which key the request names, unverified: <c>{tenant}/{keyId}</c>, the operator, or none.</summary>
    private static string? KeyName(HttpContext context, GatewayOptions gateway)
    {
        if (ApiKeyAuthentication.BearerKey(context.Request) is not { } key)
        {
            return null;
        }

        if (AdminKeyFormat.TryParse(key, out var tenantId, out var keyId, out _))
        {
            return $"{tenantId}/{keyId}";
        }

        return ApiKeyAuthentication.IsOperatorKey(key, gateway.OperatorKey) ? "operator" : null;
    }

    private static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
