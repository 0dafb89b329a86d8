namespace MailGrains.Grains.Tenants;

/// <summary>
/// A tenant's grain state: one row of at most about 960 KiB, so every collection here is bounded by a quota
/// (<see cref="TenantQuotaOptions"/>). Which users each account names lives in table rows (<see cref="AccountReferenceTable"/>).
/// </summary>
[GenerateSerializer]
[Alias("MailGrains.TenantState")]
public sealed class TenantState
{
    [Id(0)]
    public bool Exists { get; set; }

    [Id(1)]
    public string Name { get; set; } = "";

    [Id(2)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Admin keys by key id: salt and salted hash only.</summary>
    [Id(3)]
    public Dictionary<string, AdminKeyHash> Keys { get; set; } = [];

    [Id(4)]
    public SortedSet<string> Users { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Before the references moved to table rows: accounts by id with the users each names. Moved to
    /// <see cref="AccountIds"/> and the reference rows when the tenant is activated; empty afterwards.
    /// </summary>
    [Id(5)]
    public SortedDictionary<string, AccountReferences> Accounts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every account that exists, and accounts being written.</summary>
    [Id(6)]
    public SortedSet<string> AccountIds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The tenant is being deleted: its keys no longer work and its data is being erased.</summary>
    [Id(7)]
    public bool Deleting { get; set; }
}

[GenerateSerializer, Immutable]
[Alias("MailGrains.AdminKeyHash")]
public sealed record AdminKeyHash(
    [property: Id(0)] byte[] Salt,
    [property: Id(1)] byte[] Hash,
    [property: Id(2)] DateTimeOffset CreatedAt);

/// <summary>The users an account names: its owner, its allowed senders and the users in its default permissions.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.AccountReferences")]
public sealed record AccountReferences(
    [property: Id(0)] string Owner,
    [property: Id(1)] string[] OtherUsers);
