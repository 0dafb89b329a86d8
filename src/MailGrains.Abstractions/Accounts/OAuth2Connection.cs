namespace MailGrains.Accounts;

/// <summary>
/// An account's OAuth2 connection as it may be shown (never a token): the operator's provider it was made with, the
/// mailbox address the provider named, and whether an admin must connect again (the grant was revoked or expired).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.OAuth2ConnectionView")]
public sealed record OAuth2ConnectionView(
    [property: Id(0)] string Provider,
    [property: Id(1)] string? Address,
    [property: Id(2)] DateTimeOffset ConnectedAt,
    [property: Id(3)] bool NeedsReconnect,
    [property: Id(4)] string? Problem);

/// <summary>
/// A grant to connect an account with: from the consent flow (with the address and the first access token), or set
/// by a backend that already holds a refresh token (then the account checks it with the provider once).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.OAuth2GrantInput")]
public sealed record OAuth2GrantInput(
    [property: Id(0)] string Provider,
    [property: Id(1)] string RefreshToken,
    [property: Id(2)] string? Address,
    [property: Id(3)] string? AccessToken,
    [property: Id(4)] DateTimeOffset? AccessTokenExpiresAt)
{
    /// <summary>Never the tokens, so that a logged record leaks nothing.</summary>
    public override string ToString() => $"OAuth2GrantInput {{ Provider = {Provider}, Address = {Address} }}";
}

public enum OAuth2ConnectOutcome
{
    Connected,

    /// <summary>There is no account with that id.</summary>
    NotFound,

    /// <summary>The operator configured no provider of that name (400, field <c>provider</c>).</summary>
    UnknownProvider,

    /// <summary>The provider refused the refresh token (<c>invalid_grant</c>: revoked, expired or never valid; 422).</summary>
    Refused,

    /// <summary>The provider could not be asked (down, timed out, answered nonsense; 502).</summary>
    ProviderUnavailable,
}

[GenerateSerializer, Immutable]
[Alias("MailGrains.OAuth2ConnectResult")]
public sealed record OAuth2ConnectResult(
    [property: Id(0)] OAuth2ConnectOutcome Outcome,
    [property: Id(1)] OAuth2ConnectionView? Connection,
    [property: Id(2)] string? Error);

/// <summary>An OAuth2 provider the operator configured, as tenant admins may pick it.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.OAuth2ProviderInfo")]
public sealed record OAuth2ProviderInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string Kind);
