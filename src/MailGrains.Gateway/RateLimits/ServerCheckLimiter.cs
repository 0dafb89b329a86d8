using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace MailGrains.Gateway.RateLimits;

/// <summary>
/// How often a tenant may make the cluster connect to its accounts' servers on demand (connection test, folder
/// list): per account and per tenant, in fixed one-minute windows. The account's limit is asked first, so checks
/// refused for one busy account do not use up the tenant's.
/// </summary>
internal sealed class ServerCheckLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<(string Tenant, string Account)> _limiter = PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<(string Tenant, string Account), string>(k => RateLimitPartition.GetFixedWindowLimiter($"{k.Tenant}/{k.Account}", _ => PerMinute(options.Value.ServerChecksPerAccountPerMinute))),
        PartitionedRateLimiter.Create<(string Tenant, string Account), string>(k => RateLimitPartition.GetFixedWindowLimiter(k.Tenant, _ => PerMinute(options.Value.ServerChecksPerTenantPerMinute))));

    public RateLimitLease Acquire(string tenantId, string accountId) => _limiter.AttemptAcquire((tenantId, accountId));

    public void Dispose() => _limiter.Dispose();

    private static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
