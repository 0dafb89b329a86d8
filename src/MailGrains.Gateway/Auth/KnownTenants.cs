using System.Collections.Frozen;
using MailGrains.Tenants;
using Microsoft.Extensions.Options;

namespace MailGrains.Gateway.Auth;

/// <summary>
/// The tenant ids of the cluster as last read from the tenant registry, so that a key for a made-up tenant is
/// refused without activating a tenant grain or reading storage. Reads of the registry are single-flight and at
/// most one per <see cref="ApiKeyOptions.TenantListRefreshMilliseconds"/>, however many unknown keys arrive.
/// </summary>
internal sealed class KnownTenants(IClusterClient cluster, IOptions<ApiKeyOptions> options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot _snapshot = new(FrozenSet<string>.Empty, long.MinValue);

    private TimeSpan MinInterval => TimeSpan.FromMilliseconds(options.Value.TenantListRefreshMilliseconds);

    private TimeSpan MaxAge => TimeSpan.FromSeconds(options.Value.TenantListMaxAgeSeconds);

    /// <summary>Whether <paramref name="tenantId"/> exists, from a list read no earlier than this call when it was not known.</summary>
    public async ValueTask<bool> ContainsAsync(string tenantId, CancellationToken cancellation)
    {
        var askedAt = time.GetTimestamp();
        var snapshot = _snapshot;
        if (snapshot.Ids.Contains(tenantId) && time.GetElapsedTime(snapshot.ReadStartedAt) < MaxAge)
        {
            return true;
        }

        return (await ReadAfterAsync(askedAt, cancellation)).Ids.Contains(tenantId);
    }

    public void Dispose() => _refresh.Dispose();

    /// <summary>A list whose read started after <paramref name="askedAt"/>: one that another caller just read, or a new one.</summary>
    private async Task<Snapshot> ReadAfterAsync(long askedAt, CancellationToken cancellation)
    {
        await _refresh.WaitAsync(cancellation);
        try
        {
            var current = _snapshot;
            if (current.ReadStartedAt > askedAt)
            {
                return current;
            }

            if (current.ReadStartedAt != long.MinValue && MinInterval - time.GetElapsedTime(current.ReadStartedAt) is { } wait && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellation);
            }

            var startedAt = time.GetTimestamp();
            var ids = await cluster.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.Key).ListAsync();
            _snapshot = new Snapshot(ids.ToFrozenSet(StringComparer.Ordinal), startedAt);
            return _snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private sealed record Snapshot(FrozenSet<string> Ids, long ReadStartedAt);
}
