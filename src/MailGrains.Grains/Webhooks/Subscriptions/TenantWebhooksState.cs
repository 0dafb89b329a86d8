using System.Collections.Immutable;
using MailGrains.Grains.Secrets;

namespace MailGrains.Grains.Webhooks.Subscriptions;

/// <summary>
/// A tenant's webhook subscriptions: one grain-state row, bounded by <c>MailGrains:Quotas:WebhooksPerTenant</c>
/// (at most 100 subscriptions of at most about 4 KB each: StateSizeTests).
/// </summary>
[GenerateSerializer]
[Alias("MailGrains.TenantWebhooksState")]
public sealed class TenantWebhooksState
{
    [Id(0)]
    public SortedDictionary<string, WebhookSubscription> Subscriptions { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// One subscription as stored. Signing secrets are encrypted with <c>SecretProtector</c> under
/// <see cref="WebhookSecretPurpose.For"/>; <see cref="PreviousSecret"/> is the one a rotation replaced, valid until
/// <see cref="PreviousValidUntil"/>.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.WebhookSubscription")]
public sealed record WebhookSubscription(
    [property: Id(0)] string Url,
    [property: Id(1)] ImmutableArray<string> Events,
    [property: Id(2)] bool Enabled,
    [property: Id(3)] int IncludeBodyBytes,
    [property: Id(4)] string? DisabledReason,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset UpdatedAt,
    [property: Id(7)] long Version,
    [property: Id(8)] EncryptedSecret Secret,
    [property: Id(9)] EncryptedSecret? PreviousSecret,
    [property: Id(10)] DateTimeOffset? PreviousValidUntil)
{
    /// <summary>The secrets that sign at <paramref name="now"/>: the current one, then the previous one during its grace.</summary>
    public ImmutableArray<EncryptedSecret> SecretsAt(DateTimeOffset now)
        => PreviousSecret is { } previous && PreviousValidUntil > now ? [Secret, previous] : [Secret];
}
