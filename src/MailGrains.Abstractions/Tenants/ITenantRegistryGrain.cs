using MailGrains.Perimeter;

namespace MailGrains.Tenants;

/// <summary>The list of tenants, for the operator. One instance, keyed <see cref="Key"/>.</summary>
[Alias("MailGrains.ITenantRegistryGrain")]
public interface ITenantRegistryGrain : IGrainWithStringKey
{
    public const string Key = "all";

    /// <summary>Records a tenant (idempotent).</summary>
    [SiloInternal]
    [Alias("Register")]
    Task RegisterAsync(string tenantId);

    /// <summary>Forgets a deleted tenant (idempotent).</summary>
    [SiloInternal]
    [Alias("Unregister")]
    Task UnregisterAsync(string tenantId);

    /// <summary>Tenant ids, sorted.</summary>
    [ReadOnly]
    [Alias("List")]
    Task<IReadOnlyList<string>> ListAsync();
}
