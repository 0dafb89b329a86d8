using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Fetching;

/// <summary>
/// At most <see cref="MailOptions.MaxConcurrentFetches"/> fetches that open a connection run at once on a silo (a poll on
/// a kept IMAP session needs no slot), and at most <see cref="MailOptions.MaxConcurrentFetchesPerTenant"/> of them for
/// one tenant. When thousands of accounts fall due together (a silo start, a failover, a common poll interval), the
/// rest wait their turn instead of opening thousands of sessions that servers refuse and the silo cannot serve; and
/// one tenant whose servers hang cannot take every slot from the others.
/// </summary>
internal sealed class FetchThrottle(IOptions<MailOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentFetches, options.Value.MaxConcurrentFetches);
    private readonly Dictionary<string, TenantSlots> _tenants = new(StringComparer.Ordinal);

    /// <summary>Waits for one of the tenant's slots, then for one of the silo's; dispose the result to give both back.</summary>
    public async Task<IDisposable> EnterAsync(string tenantId, CancellationToken cancellationToken)
    {
        var tenant = Join(tenantId);
        try
        {
            await tenant.Slots.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(tenantId, tenant);
            throw;
        }

        try
        {
            await _slots.WaitAsync(cancellationToken);
        }
        catch
        {
            tenant.Slots.Release();
            Leave(tenantId, tenant);
            throw;
        }

        return new Slot(this, tenantId, tenant);
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>A tenant's semaphore lives while someone holds or waits for it, so idle tenants cost nothing.</summary>
    private TenantSlots Join(string tenantId)
    {
        lock (_tenants)
        {
            if (!_tenants.TryGetValue(tenantId, out var tenant))
            {
                var limit = options.Value.MaxConcurrentFetchesPerTenant;
                tenant = new TenantSlots(new SemaphoreSlim(limit, limit));
                _tenants[tenantId] = tenant;
            }

            tenant.Users++;
            return tenant;
        }
    }

    private void Leave(string tenantId, TenantSlots tenant)
    {
        lock (_tenants)
        {
            if (--tenant.Users == 0)
            {
                _tenants.Remove(tenantId);
                tenant.Slots.Dispose();
            }
        }
    }

    private sealed class TenantSlots(SemaphoreSlim slots)
    {
        public SemaphoreSlim Slots { get; } = slots;

        public int Users { get; set; }
    }

    private sealed class Slot(FetchThrottle throttle, string tenantId, TenantSlots tenant) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                throttle._slots.Release();
                tenant.Slots.Release();
                throttle.Leave(tenantId, tenant);
            }
        }
    }
}
