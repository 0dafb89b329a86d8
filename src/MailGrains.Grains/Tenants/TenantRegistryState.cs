namespace MailGrains.Grains.Tenants;

[GenerateSerializer]
[Alias("MailGrains.TenantRegistryState")]
public sealed class TenantRegistryState
{
    [Id(0)]
    public SortedSet<string> TenantIds { get; set; } = new(StringComparer.Ordinal);
}
