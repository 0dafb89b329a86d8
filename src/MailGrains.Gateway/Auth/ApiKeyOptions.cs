using System.ComponentModel.DataAnnotations;

namespace MailGrains.Gateway.Auth;

/// <summary>How the gateway checks tenant admin keys without asking a tenant grain on every request.</summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "MailGrains:Auth";

    /// <summary>
    /// A successful key check is remembered this long, so a revoked key may work for up to this many seconds
    /// more on each gateway. 0 checks every request against the tenant grain.
    /// </summary>
    [Range(0, 60, ErrorMessage = "MailGrains:Auth:VerifiedKeySeconds must be 0 to 60.")]
    public int VerifiedKeySeconds { get; set; } = 5;

    /// <summary>At most this many keys are remembered as verified; older ones are checked again.</summary>
    [Range(100, 1_000_000, ErrorMessage = "MailGrains:Auth:VerifiedKeyCacheSize must be 100 to 1000000.")]
    public int VerifiedKeyCacheSize { get; set; } = 10_000;

    /// <summary>
    /// The list of tenant ids is read from the cluster at most this often. A key naming a tenant that is not in
    /// the list waits for the next read (so a tenant created a moment ago works) and is refused without
    /// activating any tenant grain.
    /// </summary>
    [Range(100, 60_000, ErrorMessage = "MailGrains:Auth:TenantListRefreshMilliseconds must be 100 to 60000.")]
    public int TenantListRefreshMilliseconds { get; set; } = 1_000;

    /// <summary>A known tenant is looked up again once the list is older than this (a deleted tenant drops out).</summary>
    [Range(1, 3_600, ErrorMessage = "MailGrains:Auth:TenantListMaxAgeSeconds must be 1 to 3600.")]
    public int TenantListMaxAgeSeconds { get; set; } = 30;
}
