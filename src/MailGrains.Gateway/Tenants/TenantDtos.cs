namespace MailGrains.Gateway.Tenants;

public sealed class TenantDocument
{
    public string? Name { get; set; }
}

public sealed record TenantResponse(string Id, string Name, DateTimeOffset CreatedAt);

public sealed record IssuedKeyResponse(string KeyId, string Key, DateTimeOffset CreatedAt);

public sealed record AdminKeyResponse(string KeyId, DateTimeOffset CreatedAt);
