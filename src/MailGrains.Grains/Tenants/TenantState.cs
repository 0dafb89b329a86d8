namespace MailGrains.Grains.Tenants;

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

    /// <summary>Accounts by id, with the users each refers to.</summary>
    [Id(5)]
    public SortedDictionary<string, AccountReferences> Accounts { get; set; } = new(StringComparer.Ordinal);
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
    [property: Id(1)] string[] OtherUsers)
{
    public bool Names(string userId) => Owner == userId || OtherUsers.Contains(userId);
}
