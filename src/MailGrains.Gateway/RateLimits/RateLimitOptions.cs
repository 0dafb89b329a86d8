using System.ComponentModel.DataAnnotations;

namespace MailGrains.Gateway.RateLimits;

/// <summary>
/// How many <c>/v1</c> requests the gateway takes, per key and per client address (token buckets: a burst, then a
/// steady rate), and how often an account's servers may be probed (<c>/test</c>, <c>/server-folders</c>). The
/// defaults are far above what a client or the admin page needs. Each gateway counts on its own.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "MailGrains:RateLimits";

    /// <summary>Steady requests per second of one key (a tenant admin key, or the operator key).</summary>
    [Range(1, 1_000_000, ErrorMessage = "MailGrains:RateLimits:PerKeyPerSecond must be 1 to 1000000.")]
    public int PerKeyPerSecond { get; set; } = 50;

    /// <summary>Requests one key may make at once before the steady rate applies.</summary>
    [Range(1, 10_000_000, ErrorMessage = "MailGrains:RateLimits:PerKeyBurst must be 1 to 10000000.")]
    public int PerKeyBurst { get; set; } = 500;

    /// <summary>Steady requests per second from one client address, with or without a key.</summary>
    [Range(1, 1_000_000, ErrorMessage = "MailGrains:RateLimits:PerAddressPerSecond must be 1 to 1000000.")]
    public int PerAddressPerSecond { get; set; } = 200;

    /// <summary>Requests one client address may make at once before the steady rate applies.</summary>
    [Range(1, 10_000_000, ErrorMessage = "MailGrains:RateLimits:PerAddressBurst must be 1 to 10000000.")]
    public int PerAddressBurst { get; set; } = 2_000;

    /// <summary>Server checks (<c>/test</c> and <c>/server-folders</c>) of one account per minute.</summary>
    [Range(1, 10_000, ErrorMessage = "MailGrains:RateLimits:ServerChecksPerAccountPerMinute must be 1 to 10000.")]
    public int ServerChecksPerAccountPerMinute { get; set; } = 6;

    /// <summary>Server checks (<c>/test</c> and <c>/server-folders</c>) of all of a tenant's accounts per minute.</summary>
    [Range(1, 100_000, ErrorMessage = "MailGrains:RateLimits:ServerChecksPerTenantPerMinute must be 1 to 100000.")]
    public int ServerChecksPerTenantPerMinute { get; set; } = 30;

    /// <summary>Requests to the anonymous OAuth2 callback (<c>/v1/oauth2/callback</c>) from one client address per minute.</summary>
    [Range(1, 10_000, ErrorMessage = "MailGrains:RateLimits:OAuth2CallbacksPerAddressPerMinute must be 1 to 10000.")]
    public int OAuth2CallbacksPerAddressPerMinute { get; set; } = 30;
}
