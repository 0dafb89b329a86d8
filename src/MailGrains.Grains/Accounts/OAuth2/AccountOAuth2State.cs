using MailGrains.Accounts;
using MailGrains.Grains.Secrets;

namespace MailGrains.Grains.Accounts.OAuth2;

/// <summary>
/// An account's OAuth2 grant, in a state record of its own: a rotated refresh token replaces the old one in one write
/// that never races the fetch's writes of the account's state.
/// </summary>
[GenerateSerializer]
[Alias("MailGrains.AccountOAuth2State")]
internal sealed class AccountOAuth2State
{
    [Id(0)] public OAuth2Grant? Grant { get; set; }
}

/// <summary>
/// The grant: the operator's provider, the mailbox address it named, the refresh token (encrypted, bound to the account),
/// and, once the provider refused it, when and why (an admin must reconnect; nothing asks the provider until then).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.OAuth2Grant")]
internal sealed record OAuth2Grant(
    [property: Id(0)] string Provider,
    [property: Id(1)] string? Address,
    [property: Id(2)] EncryptedSecret RefreshToken,
    [property: Id(3)] DateTimeOffset ConnectedAt,
    [property: Id(4)] DateTimeOffset? RefusedAt = null,
    [property: Id(5)] string? Problem = null)
{
    public OAuth2ConnectionView View => new(Provider, Address, ConnectedAt, RefusedAt is not null, Problem);
}
