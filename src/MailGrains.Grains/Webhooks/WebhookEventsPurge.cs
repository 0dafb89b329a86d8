using MailGrains.Grains.Webhooks.Delivery;
using MailGrains.Grains.Webhooks.Events;

namespace MailGrains.Grains.Webhooks;

/// <summary>
/// The tenant purge's step for webhook events: every subscription's delivery state, then the tenant's event log, a
/// bounded number of rows per step. Runs before the subscriptions themselves are erased (their ids name the deliveries).
/// </summary>
public sealed class WebhookEventsPurge(IGrainFactory grains, EventLogTable log)
{
    /// <summary>Erases up to <paramref name="maxRows"/> log rows; true when nothing of the tenant's events is left.</summary>
    public async Task<bool> EraseTenantAsync(string tenantId, int maxRows, CancellationToken cancellationToken)
    {
        var targets = await grains.GetGrain<IWebhookTargets>(tenantId).GetTargetsAsync();
        await Task.WhenAll(targets.Select(t => grains.GetGrain<IWebhookDeliveryWork>(WebhookDeliveryKeys.Of(tenantId, t.Id)).ForgetAsync()));
        return await log.DeleteTenantAsync(tenantId, maxRows, cancellationToken) < maxRows;
    }
}
