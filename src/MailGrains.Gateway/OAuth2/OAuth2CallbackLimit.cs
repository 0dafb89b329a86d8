using System.Threading.RateLimiting;
using MailGrains.Gateway.RateLimits;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MailGrains.Gateway.OAuth2;

/// <summary>
/// The anonymous callback's own limit, per client address in one-minute windows (<c>MailGrains:RateLimits:OAuth2CallbacksPerAddressPerMinute</c>):
/// an admin's browser comes back once per consent, so this is far below the limits of keyed requests.
/// </summary>
internal static class OAuth2CallbackLimit
{
    public const string PolicyName = "oauth2-callback";

    public static IServiceCollection AddOAuth2CallbackLimit(this IServiceCollection services)
    {
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((o, limits) =>
            o.AddPolicy(PolicyName, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.Value.OAuth2CallbacksPerAddressPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })));
        return services;
    }
}
