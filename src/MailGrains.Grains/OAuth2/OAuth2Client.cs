using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Duende.IdentityModel.Client;

namespace MailGrains.Grains.OAuth2;

/// <summary>
/// <see cref="IOAuth2Client"/> with Duende.IdentityModel: each provider's discovery document (cached by the library),
/// the authorization URL, the code exchange and the refresh, over the <see cref="OAuth2HttpClient"/> (the operator's
/// network policy, a timeout, bounded answers). The ID token comes straight from the token endpoint over TLS, so its
/// claims are read for the address without checking its signature (OpenID Connect Core 3.1.3.7).
/// </summary>
internal sealed class OAuth2Client(IHttpClientFactory httpClients, TimeProvider clock) : IOAuth2Client
{
    private readonly ConcurrentDictionary<string, DiscoveryCache> _discovery = new(StringComparer.Ordinal);

    public async Task<Uri> AuthorizationUrlAsync(OAuth2Provider provider, string state, string codeChallenge, Uri redirectUri, CancellationToken cancellationToken)
    {
        var document = await DiscoverAsync(provider);
        var url = new RequestUrl(document.AuthorizeEndpoint!).CreateAuthorizeUrl(
            clientId: provider.ClientId,
            responseType: "code",
            scope: provider.Scope,
            redirectUri: redirectUri.ToString(),
            state: state,
            codeChallenge: codeChallenge,
            codeChallengeMethod: "S256",
            extra: new Parameters(provider.AuthorizeParameters));
        return new Uri(url);
    }

    public async Task<OAuth2Tokens> ExchangeCodeAsync(OAuth2Provider provider, string code, string codeVerifier, Uri redirectUri, CancellationToken cancellationToken)
    {
        var document = await DiscoverAsync(provider);
        using var http = Http();
        var response = await http.RequestAuthorizationCodeTokenAsync(
            new AuthorizationCodeTokenRequest
            {
                Address = document.TokenEndpoint,
                ClientId = provider.ClientId,
                ClientSecret = provider.ClientSecret,
                ClientCredentialStyle = ClientCredentialStyle.AuthorizationHeader,
                Code = code,
                CodeVerifier = codeVerifier,
                RedirectUri = redirectUri.ToString(),
            },
            cancellationToken);
        return Tokens(provider, response);
    }

    public async Task<OAuth2Tokens> RefreshAsync(OAuth2Provider provider, string refreshToken, CancellationToken cancellationToken)
    {
        var document = await DiscoverAsync(provider);
        using var http = Http();
        var response = await http.RequestRefreshTokenAsync(
            new RefreshTokenRequest
            {
                Address = document.TokenEndpoint,
                ClientId = provider.ClientId,
                ClientSecret = provider.ClientSecret,
                ClientCredentialStyle = ClientCredentialStyle.AuthorizationHeader,
                RefreshToken = refreshToken,
            },
            cancellationToken);
        return Tokens(provider, response);
    }

    private HttpClient Http() => httpClients.CreateClient(OAuth2HttpClient.Name);

    private async Task<DiscoveryDocumentResponse> DiscoverAsync(OAuth2Provider provider)
    {
        var cache = _discovery.GetOrAdd(provider.Name, _ => new DiscoveryCache(
            provider.Issuer.ToString().TrimEnd('/'),
            () => Http(),
            new DiscoveryPolicy
            {
                ValidateIssuerName = provider.IssuerNameInDiscovery,
                RequireHttps = true,
                AllowHttpOnLoopback = true,
                AdditionalEndpointBaseAddresses = [.. provider.OtherEndpointBases ?? []],
                RequireKeySet = false, // ID tokens come from the token endpoint over TLS; their signatures are not checked
            }));
        var document = await cache.GetAsync();
        if (document.IsError || document.AuthorizeEndpoint is null || document.TokenEndpoint is null)
        {
            cache.Refresh();
            throw new OAuth2ProviderException($"The OAuth2 provider '{provider.Name}' could not be reached or described itself wrongly: {document.Error ?? "no authorization or token endpoint"}.", document.Exception);
        }

        return document;
    }

    private OAuth2Tokens Tokens(OAuth2Provider provider, TokenResponse response)
    {
        if (response.IsError)
        {
            if (response.ErrorType == ResponseErrorType.Protocol && response.Error == "invalid_grant")
            {
                throw new OAuth2GrantRefusedException(
                    $"The OAuth2 provider '{provider.Name}' refused the grant ({Excerpt(response.ErrorDescription) ?? "invalid_grant"}).", Excerpt(response.ErrorDescription));
            }

            throw new OAuth2ProviderException(
                $"The OAuth2 provider '{provider.Name}' answered with an error: {response.Error ?? response.HttpStatusCode.ToString()}{(Excerpt(response.ErrorDescription) is { } d ? $" ({d})" : "")}.",
                response.Exception);
        }

        if (string.IsNullOrEmpty(response.AccessToken))
        {
            throw new OAuth2ProviderException($"The OAuth2 provider '{provider.Name}' answered without an access token.");
        }

        var lifetime = response.ExpiresIn > 0 ? TimeSpan.FromSeconds(response.ExpiresIn) : TimeSpan.FromHours(1);
        return new OAuth2Tokens(response.AccessToken, clock.GetUtcNow() + lifetime, NullIfEmpty(response.RefreshToken), AddressIn(response.IdentityToken));
    }

    /// <summary>The mailbox address an ID token names: <c>email</c>, else Microsoft's <c>preferred_username</c> when it is an address.</summary>
    internal static string? AddressIn(string? idToken)
    {
        var parts = idToken?.Split('.');
        if (parts is not { Length: 3 } || parts[1].Length > 16 * 1024)
        {
            return null;
        }

        try
        {
            var payload = Convert.FromBase64String(Base64(parts[1]));
            using var claims = JsonDocument.Parse(payload);
            foreach (var name in (string[])["email", "preferred_username", "upn"])
            {
                if (claims.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                    && value.GetString() is { Length: > 2 and <= 254 } address && address.Contains('@', StringComparison.Ordinal))
                {
                    return address;
                }
            }
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            // An ID token that is not one: no address from it.
        }

        return null;
    }

    private static string Base64(string base64Url)
    {
        var text = new StringBuilder(base64Url.Replace('-', '+').Replace('_', '/'));
        while (text.Length % 4 != 0)
        {
            text.Append('=');
        }

        return text.ToString();
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string? Excerpt(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Length <= 200 ? text : text[..200] + "…";
}
