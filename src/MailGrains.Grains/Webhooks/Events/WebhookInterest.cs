using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace MailGrains.Grains.Webhooks.Events;

/// <summary>
/// What each tenant's subscriptions want, as producers of events need it on every write: read from the tenant's
/// webhooks grain and kept for <see cref="MaxAge"/>. So a new or changed subscription takes effect for changes made
/// at most that long after it was saved; earlier changes make no event for it (documented). Bounded: past
/// <see cref="MaxTenants"/> entries the copy starts afresh.
/// </summary>
public sealed class WebhookInterest(IGrainFactory grains, [FromKeyedServices(ServiceClock.Key)] TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private const int MaxTenants = 20_000;
    private readonly ConcurrentDictionary<string, (EventInterest Interest, DateTimeOffset ReadAt)> _copies = new(StringComparer.Ordinal);

    internal async Task<EventInterest> ForTenantAsync(string tenantId)
    {
        var now = clock.GetUtcNow();
        if (_copies.TryGetValue(tenantId, out var copy) && now - copy.ReadAt < MaxAge)
        {
            return copy.Interest;
        }

        var targets = await grains.GetGrain<IWebhookTargets>(tenantId).GetTargetsAsync();
        var enabled = targets.Where(t => t.Enabled).ToList();
        var interest = enabled.Count == 0
            ? EventInterest.None
            : new EventInterest(enabled.SelectMany(t => t.Events).ToHashSet(StringComparer.Ordinal), enabled.Max(t => t.IncludeBodyBytes));
        if (_copies.Count >= MaxTenants)
        {
            _copies.Clear();
        }

        _copies[tenantId] = (interest, now);
        return interest;
    }

    /// <summary>Forgets the tenant's copy, so the next write reads the subscriptions again (after a change on this silo).</summary>
    public void Forget(string tenantId) => _copies.TryRemove(tenantId, out _);
}
