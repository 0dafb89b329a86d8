namespace MailGrains.Tenants;

/// <summary>A tenant as the operator sees it.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.TenantInfo")]
public sealed record TenantInfo(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset CreatedAt);

/// <summary>A newly issued admin key: the only time the plain key exists outside its holder.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.IssuedKey")]
public sealed record IssuedKey(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Key,
    [property: Id(2)] DateTimeOffset CreatedAt);

/// <summary>An admin key without its secret.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.AdminKeyInfo")]
public sealed record AdminKeyInfo(
    [property: Id(0)] string KeyId,
    [property: Id(1)] DateTimeOffset CreatedAt);

/// <summary>Why a user cannot be deleted: the accounts that still refer to them.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.UserDeleteResult")]
public sealed record UserDeleteResult(
    [property: Id(0)] bool Found,
    [property: Id(1)] IReadOnlyList<string> BlockingAccounts)
{
    public bool Deleted => Found && BlockingAccounts.Count == 0;
}
