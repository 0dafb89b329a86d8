using MailGrains.Accounts;

namespace MailGrains.Tenants;

/// <summary>A tenant as the operator sees it; <see cref="Deleting"/> while its data is being erased.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.TenantInfo")]
public sealed record TenantInfo(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] bool Deleting = false);

/// <summary>What <see cref="ITenantGrain.UpsertAsync"/> did.</summary>
public enum TenantUpsertOutcome
{
    Created,
    Updated,

    /// <summary>The tenant is being deleted; nothing changed.</summary>
    Deleting,
}

/// <summary>A newly issued admin key: the only time the plain key exists outside its holder.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.IssuedKey")]
public sealed record IssuedKey(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Key,
    [property: Id(2)] DateTimeOffset CreatedAt);

/// <summary>An issued key, or why there is none: no such tenant (both null/false), or the key quota is reached.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.KeyIssueResult")]
public sealed record KeyIssueResult(
    [property: Id(0)] IssuedKey? Key,
    [property: Id(1)] bool QuotaReached,
    [property: Id(2)] int Quota);

/// <summary>An admin key without its secret.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.AdminKeyInfo")]
public sealed record AdminKeyInfo(
    [property: Id(0)] string KeyId,
    [property: Id(1)] DateTimeOffset CreatedAt);

/// <summary>What <see cref="ITenantGrain.PutUserAsync"/> did.</summary>
public enum UserWriteOutcome
{
    Created,
    Updated,

    /// <summary>The tenant has as many users as its quota allows; nothing changed.</summary>
    QuotaReached,

    /// <summary>A deleted user of the same id still has mail being erased; nothing changed, try again shortly.</summary>
    StillErasing,
}

/// <summary>Why a user cannot be deleted: the accounts that still refer to them.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.UserDeleteResult")]
public sealed record UserDeleteResult(
    [property: Id(0)] bool Found,
    [property: Id(1)] IReadOnlyList<string> BlockingAccounts)
{
    public bool Deleted => Found && BlockingAccounts.Count == 0;
}

/// <summary>
/// The tenant's answer to the first half of an account write: either <see cref="Refused"/> (nothing recorded), or
/// the configuration with the owner's defaults applied and the id that ends this write. Id 1 held the earlier,
/// tab-shaped settings.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.AccountWritePlan")]
public sealed record AccountWritePlan(
    [property: Id(0)] AccountWriteResult? Refused,
    [property: Id(3)] AccountConfiguration? Configuration,
    [property: Id(2)] long WriteId);
