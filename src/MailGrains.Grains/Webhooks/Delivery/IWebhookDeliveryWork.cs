using System.Collections.Immutable;
using MailGrains.Grains.Webhooks.Events;
using MailGrains.Perimeter;

namespace MailGrains.Grains.Webhooks.Delivery;

/// <summary>What silo code tells a subscription's delivery (the same grain as <c>IWebhookDeliveryGrain</c>). Silo-internal.</summary>
[Alias("MailGrains.IWebhookDeliveryWork")]
internal interface IWebhookDeliveryWork : IGrainWithStringKey
{
    /// <summary>
    /// The tenant's log appended <paramref name="appended"/> (all of them, wanted or not, so that the delivery can
    /// follow the log's numbers without reading it): deliver what it wants unless a retry is waiting.
    /// </summary>
    [OneWay]
    [AlwaysInterleave]
    [SiloInternal]
    [Alias("WakeWith")]
    Task WakeAsync(ImmutableArray<LoggedEvent> appended);

    /// <summary>Forgets the delivery state (the subscription or its tenant was deleted).</summary>
    [SiloInternal]
    [Alias("Forget")]
    Task ForgetAsync();
}

internal static class WebhookDeliveryKeys
{
    public static string Of(string tenantId, string subscriptionId) => GrainKeys.Scoped(tenantId, subscriptionId);
}
