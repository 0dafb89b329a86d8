using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace MailGrains.Gateway.Auth;

/// <summary>
/// Tenant admin keys that passed their tenant grain's check a moment ago, so a busy client costs one grain call
/// per <see cref="ApiKeyOptions.VerifiedKeySeconds"/>. Bounded in size; holds SHA-256 digests, never keys.
/// </summary>
internal sealed class VerifiedKeys(IOptions<ApiKeyOptions> options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.VerifiedKeyCacheSize });

    private TimeSpan Lifetime => TimeSpan.FromSeconds(options.Value.VerifiedKeySeconds);

    public bool Contains(string key) => Lifetime > TimeSpan.Zero && _cache.TryGetValue(Digest(key), out _);

    public void Add(string key)
    {
        if (Lifetime > TimeSpan.Zero)
        {
            _cache.Set(Digest(key), true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        }
    }

    public void Dispose() => _cache.Dispose();

    private static string Digest(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
