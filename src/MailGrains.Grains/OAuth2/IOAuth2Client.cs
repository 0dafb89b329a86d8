namespace MailGrains.Grains.OAuth2;

/// <summary>
/// The protocol requests to an OAuth2 provider: the authorization URL of a code flow with PKCE, the code exchange and
/// the refresh. Refused grants surface as <see cref="OAuth2GrantRefusedException"/>, anything else that went wrong with
/// the provider as <see cref="OAuth2ProviderException"/>.
/// </summary>
public interface IOAuth2Client
{
    /// <summary>Where to send the admin's browser: the provider's authorization endpoint with the code flow's parameters.</summary>
    Task<Uri> AuthorizationUrlAsync(OAuth2Provider provider, string state, string codeChallenge, Uri redirectUri, CancellationToken cancellationToken);

    Task<OAuth2Tokens> ExchangeCodeAsync(OAuth2Provider provider, string code, string codeVerifier, Uri redirectUri, CancellationToken cancellationToken);

    Task<OAuth2Tokens> RefreshAsync(OAuth2Provider provider, string refreshToken, CancellationToken cancellationToken);
}

/// <summary>
/// What a token request returned: the access token and when it expires, a new refresh token when the provider rotated
/// it (else null), and the mailbox address its ID token names (<c>email</c>, else <c>preferred_username</c>), if any.
/// </summary>
public sealed record OAuth2Tokens(string AccessToken, DateTimeOffset ExpiresAt, string? RefreshToken, string? Address)
{
    /// <summary>Never the tokens.</summary>
    public override string ToString() => $"OAuth2Tokens {{ ExpiresAt = {ExpiresAt:u}, Rotated = {RefreshToken is not null}, Address = {Address} }}";
}

/// <summary>The provider refused the grant (<c>invalid_grant</c>): revoked, expired, or a code used or forged. Asking again will not help.</summary>
public sealed class OAuth2GrantRefusedException(string message, string? detail = null) : Exception(message)
{
    /// <summary>What the provider said about it (its <c>error_description</c>, shortened), if anything.</summary>
    public string? Detail { get; } = detail;
}

/// <summary>The provider could not be asked, or answered with an error other than a refused grant. Worth trying again later.</summary>
public sealed class OAuth2ProviderException(string message, Exception? inner = null) : Exception(message, inner);
