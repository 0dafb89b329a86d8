using MailGrains.Perimeter;

namespace MailGrains.Grains.Webhooks.Delivery;

/// <summary>What silo code tells a subscription's delivery (the same grain as <c>IWebhookDeliveryGrain</c>). Silo-internal.</summary>
[Alias("MailGrains.IWebhookDeliveryWork")]
internal interface IWebhookDeliveryWork : IGrainWithStringKey
{
    /// <summary>The tenant's log has new events this subscription wants: deliver them unless a retry is waiting.</summary>
    [OneWay]
    [AlwaysInterleave]
    [SiloInternal]
    [Alias("Wake")]
    Task WakeAsync();

    /// <summary>Forgets the delivery state (the subscription or its tenant was deleted).</summary>
    [SiloInternal]
    [Alias("Forget")]
    Task ForgetAsync();
}

internal static class WebhookDeliveryKeys
{
    public static string Of(string tenantId, string subscriptionId) => GrainKeys.Scoped(tenantId, subscriptionId);
}
