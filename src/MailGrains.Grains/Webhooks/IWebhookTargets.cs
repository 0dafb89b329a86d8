using System.Collections.Immutable;
using MailGrains.Grains.Secrets;
using MailGrains.Perimeter;

namespace MailGrains.Grains.Webhooks;

/// <summary>
/// What silo code that produces or delivers webhook events reads from a tenant's subscriptions (the tenant webhooks
/// grain, keyed by tenant id): every subscription with its signing secrets still encrypted. Silo-internal, like
/// <c>IAccountServerAccess</c>: the gateway cannot name it and a client's call is refused.
/// </summary>
[Alias("MailGrains.IWebhookTargets")]
internal interface IWebhookTargets : IGrainWithStringKey
{
    /// <summary>Every subscription of the tenant, enabled or not; empty when there are none.</summary>
    [AlwaysInterleave]
    [SiloInternal]
    [Alias("GetTargets")]
    Task<ImmutableArray<WebhookTarget>> GetTargetsAsync();

    /// <summary>Disables a subscription with a reason the API shows (a 410 answer, three days of failures). No-op when it is gone.</summary>
    [SiloInternal]
    [Alias("Disable")]
    Task DisableAsync(string subscriptionId, string reason);
}

/// <summary>
/// A subscription as delivery needs it. <see cref="Secrets"/> are the signing secrets valid now, the current one first
/// (during a rotation's grace the old one follows); decrypt each with <see cref="WebhookSecretPurpose.For"/>. Delivery
/// begins with the events of changes made from <see cref="CreatedAt"/> on.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.WebhookTarget")]
internal sealed record WebhookTarget(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] ImmutableArray<string> Events,
    [property: Id(3)] bool Enabled,
    [property: Id(4)] int IncludeBodyBytes,
    [property: Id(5)] ImmutableArray<EncryptedSecret> Secrets,
    [property: Id(6)] long Version,
    [property: Id(7)] DateTimeOffset CreatedAt)
{
    public bool Wants(string eventType) => Enabled && Events.Contains(eventType, StringComparer.Ordinal);
}

/// <summary>The associated data a subscription's signing secret is encrypted under, so it decrypts for that subscription only.</summary>
internal static class WebhookSecretPurpose
{
    public static string For(string tenantId, string subscriptionId) => $"{tenantId}/webhooks/{subscriptionId}:signing";
}
