using System.Security.Cryptography;
using System.Text;
using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Options;

namespace MailGrains.Gateway.Auth;

/// <summary>
/// Tenant admin keys that passed their tenant grain's check a moment ago, so a busy client costs one grain call
/// per <see cref="ApiKeyOptions.VerifiedKeySeconds"/>. Bounded in size; holds SHA-256 digests, never keys. A key
/// revoked or a tenant deleted through this gateway is forgotten at once (<see cref="Forget"/>); through another
/// gateway, within the lifetime.
/// </summary>
internal sealed class VerifiedKeys(IOptions<ApiKeyOptions> options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.VerifiedKeyCacheSize });
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _tenants = new(StringComparer.Ordinal);

    private TimeSpan Lifetime => TimeSpan.FromSeconds(options.Value.VerifiedKeySeconds);

    public bool Contains(string key) => Lifetime > TimeSpan.Zero && _cache.TryGetValue(Digest(key), out _);

    public void Add(string key, string tenantId)
    {
        if (Lifetime > TimeSpan.Zero)
        {
            var tenant = _tenants.GetOrAdd(tenantId, _ => new CancellationTokenSource());
            var entry = new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime };
            entry.AddExpirationToken(new CancellationChangeToken(tenant.Token));
            _cache.Set(Digest(key), true, entry);
        }
    }

    /// <summary>Forgets every key of the tenant (a key was revoked or the tenant is being deleted).</summary>
    public void Forget(string tenantId)
    {
        if (_tenants.TryRemove(tenantId, out var tenant))
        {
            tenant.Cancel();
            tenant.Dispose();
        }
    }

    public void Dispose()
    {
        _cache.Dispose();
        foreach (var tenant in _tenants.Values)
        {
            tenant.Dispose();
        }
    }

    private static string Digest(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
