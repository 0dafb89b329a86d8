using System.ComponentModel.DataAnnotations;
using MailGrains.Accounts;
using MailGrains.Gateway.Api;

namespace MailGrains.Gateway.OAuth2;

/// <summary>An OAuth2 provider the operator configured, as an admin picks it ("Connect with {displayName}").</summary>
/// <param name="Kind">google, microsoft or oidc.</param>
public sealed record OAuth2ProviderDocument(string Name, string DisplayName, string Kind)
{
    internal static OAuth2ProviderDocument From(OAuth2ProviderInfo info) => new(info.Name, info.DisplayName, info.Kind);
}

/// <summary>Which provider to ask for the admin's consent.</summary>
public sealed class OAuth2AuthorizeRequest
{
    /// <summary>The name of a provider of <c>GET /v1/oauth2/providers</c>.</summary>
    [Required(ErrorMessage = OAuth2Rules.ProviderMessage)]
    [MaxLength(OAuth2Rules.MaxProviderLength, ErrorMessage = OAuth2Rules.ProviderMessage), SingleLine]
    public string? Provider { get; set; }
}

/// <summary>Where to send the admin's browser: the provider's consent page (valid 10 minutes, once).</summary>
public sealed record OAuth2AuthorizeResponse(string Url);

/// <summary>A refresh token a backend already holds, to connect the account with (write-only: never shown again).</summary>
public sealed class OAuth2GrantRequest
{
    /// <summary>The name of a provider of <c>GET /v1/oauth2/providers</c> that issued the token.</summary>
    [Required(ErrorMessage = OAuth2Rules.ProviderMessage)]
    [MaxLength(OAuth2Rules.MaxProviderLength, ErrorMessage = OAuth2Rules.ProviderMessage), SingleLine]
    public string? Provider { get; set; }

    /// <summary>Write-only: the provider's refresh token for the mailbox, with the scopes that grant mail access.</summary>
    [Required(ErrorMessage = OAuth2Rules.RefreshTokenMessage)]
    [MinLength(1, ErrorMessage = OAuth2Rules.RefreshTokenMessage)]
    [MaxLength(OAuth2Rules.MaxRefreshTokenLength, ErrorMessage = OAuth2Rules.RefreshTokenMessage), SingleLine]
    public string? RefreshToken { get; set; }
}

/// <summary>
/// An account's OAuth2 connection as shown (never a token): the provider, the mailbox address it named, when it was
/// made, and whether an admin must connect again (<c>problem</c> says why).
/// </summary>
public sealed record OAuth2ConnectionDocument(string Provider, string? Address, DateTimeOffset ConnectedAt, bool NeedsReconnect, string? Problem)
{
    internal static OAuth2ConnectionDocument? From(OAuth2ConnectionView? view)
        => view is null ? null : new(view.Provider, view.Address, view.ConnectedAt, view.NeedsReconnect, view.Problem);
}

internal static class OAuth2Rules
{
    public const int MaxProviderLength = 32;
    public const int MaxRefreshTokenLength = 8_192;
    public const string ProviderMessage = "Required: the name of a configured provider (GET /v1/oauth2/providers).";
    public const string RefreshTokenMessage = "Required: the provider's refresh token, 1-8192 characters on one line.";
}
