namespace MailGrains.Grains.Tenants;

/// <summary>Where the tenants' account references live: one table, one partition per tenant.</summary>
public sealed class TenantDirectoryOptions
{
    public string TableName { get; set; } = "mailgrainsdirectory";
}
