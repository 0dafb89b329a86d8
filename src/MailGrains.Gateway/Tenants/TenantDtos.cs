using System.ComponentModel.DataAnnotations;
using MailGrains.Gateway.Api;

namespace MailGrains.Gateway.Tenants;

public sealed class TenantDocument
{
    public const int MaxNameLength = 200;

    [Required(ErrorMessage = "Required, at most 200 characters.")]
    [MaxLength(MaxNameLength, ErrorMessage = "Required, at most 200 characters."), SingleLine]
    public string? Name { get; set; }
}

/// <summary>A tenant; <see cref="State"/> is <c>active</c>, or <c>deleting</c> while its data is being erased (then 404).</summary>
public sealed record TenantResponse(string Id, string Name, DateTimeOffset CreatedAt, string State);

public sealed record IssuedKeyResponse(string KeyId, string Key, DateTimeOffset CreatedAt);

public sealed record AdminKeyResponse(string KeyId, DateTimeOffset CreatedAt);
