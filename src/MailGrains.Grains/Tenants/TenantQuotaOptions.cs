using System.ComponentModel.DataAnnotations;

namespace MailGrains.Grains.Tenants;

/// <summary>
/// How much a tenant may hold (<c>MailGrains:Quotas</c>). The tenant grain keeps its users, accounts and key hashes in
/// one grain-state row, which Azure Tables caps at about 960 KiB; the upper bounds below keep the worst case (every
/// id 64 characters) under that cap, so a tenant at its quota can still be written.
/// </summary>
public sealed class TenantQuotaOptions
{
    public const string SectionName = "MailGrains:Quotas";

    [Range(1, 10_000, ErrorMessage = "MailGrains:Quotas:UsersPerTenant must be 1-10000.")]
    public int UsersPerTenant { get; set; } = 5_000;

    [Range(1, 2_000, ErrorMessage = "MailGrains:Quotas:AccountsPerTenant must be 1-2000.")]
    public int AccountsPerTenant { get; set; } = 1_000;

    [Range(1, 500, ErrorMessage = "MailGrains:Quotas:AdminKeysPerTenant must be 1-500.")]
    public int AdminKeysPerTenant { get; set; } = 100;

    /// <summary>Webhook subscriptions per tenant; they live in a grain-state row of their own (at most about 4 KB each).</summary>
    [Range(1, 100, ErrorMessage = "MailGrains:Quotas:WebhooksPerTenant must be 1-100.")]
    public int WebhooksPerTenant { get; set; } = 20;
}
