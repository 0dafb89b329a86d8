using System.Collections.Immutable;
using MailGrains.Perimeter;

namespace MailGrains.Webhooks;

/// <summary>
/// A tenant's webhook subscriptions, keyed by tenant id: where its events are posted, which events, and the signing
/// secrets (kept encrypted; a new secret is shown once, when it is made). The URL rules are checked here, under the
/// operator's network policy: this grain is their authority, whatever a caller checked before.
/// </summary>
[Alias("MailGrains.ITenantWebhooksGrain")]
public interface ITenantWebhooksGrain : IGrainWithStringKey
{
    /// <summary>Creates the subscription (with a new signing secret, in the result only this once) or replaces its settings.</summary>
    [Alias("Put")]
    Task<WebhookPutResult> PutAsync(string subscriptionId, WebhookSubscriptionInput input);

    /// <summary>The subscription without its secrets, or null when there is none.</summary>
    [ReadOnly]
    [Alias("Get")]
    Task<WebhookSubscriptionView?> GetAsync(string subscriptionId);

    /// <summary>Every subscription of the tenant, by id (ordinal order); at most the tenant's quota.</summary>
    [ReadOnly]
    [Alias("List")]
    Task<ImmutableArray<WebhookSubscriptionView>> ListAsync();

    /// <summary>Deletes the subscription; false when there was none.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(string subscriptionId);

    /// <summary>
    /// Makes a new signing secret (in the result only this once); the one it replaces stays valid for
    /// <see cref="WebhookLimits.RotationGrace"/>. Null when there is no such subscription.
    /// </summary>
    [Alias("RotateSecret")]
    Task<WebhookSecretRotation?> RotateSecretAsync(string subscriptionId);

    /// <summary>Erases every subscription of the tenant: a step of deleting the tenant.</summary>
    [SiloInternal]
    [Alias("Erase")]
    Task EraseAsync();
}
