using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace MailGrains.Testing;

/// <summary>
/// The test OpenID provider on loopback (<c>deploy/local/oidc.sh</c>): any login name is an account whose
/// <c>sub</c> is that name, so a token for a <see cref="TestMailbox"/>'s <see cref="TestMailbox.UserName"/> signs in
/// to that mailbox at the test Dovecot and Postfix. Tokens come from its test-only routes without a browser, as
/// a code flow with consent would issue them.
/// </summary>
public static class TestOidcProvider
{
    /// <summary>What the product asks for: sign-in, the address, a refresh token and mail access.</summary>
    public const string MailScope = "openid email profile offline_access mail";

    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static Uri Issuer { get; } = new(TestServices.OidcIssuer);

    /// <summary>The product's preconfigured client (redirect URIs from <c>OIDC_REDIRECT_URIS</c> of <c>oidc.sh</c>).</summary>
    public static string ClientId => TestServices.OidcClientId;

    public static string ClientSecret => TestServices.OidcClientSecret;

    /// <summary>An access token (and a refresh token when the scope has <c>offline_access</c>) for the account <paramref name="sub"/>.</summary>
    public static async Task<TestOidcTokens> MintAsync(string sub, string scope = MailScope, string? clientId = null)
    {
        var response = await PostAdminAsync("test/mint", new MintRequest(sub, clientId ?? ClientId, scope));
        var minted = await response.Content.ReadFromJsonAsync<MintResponse>()
            ?? throw new InvalidOperationException("The test OpenID provider minted nothing.");
        return new TestOidcTokens(minted.AccessToken, minted.RefreshToken, minted.ExpiresIn, minted.Scope);
    }

    /// <summary>
    /// Revokes every grant of the account and its tokens, as an administrator does at the mail provider: the next
    /// refresh gets <c>invalid_grant</c> and the mail servers refuse its access tokens.
    /// </summary>
    public static async Task RevokeAsync(string sub)
    {
        using var response = await PostAdminAsync("test/revoke", new RevokeRequest(sub));
    }

    /// <summary>Registers a new client (dynamic registration, client_secret_basic) whose redirect URI is <paramref name="redirectUri"/>.</summary>
    public static async Task<(string ClientId, string ClientSecret)> RegisterClientAsync(Uri redirectUri)
    {
        var request = new RegistrationRequest(
            [redirectUri.AbsoluteUri], ["authorization_code", "refresh_token"], ["code"], "client_secret_basic");
        using var response = await s_http.PostAsJsonAsync(new Uri(Issuer, "reg"), request);
        await EnsureSuccessAsync(response, "client registration");
        var client = await response.Content.ReadFromJsonAsync<RegistrationResponse>()
            ?? throw new InvalidOperationException("The test OpenID provider registered no client.");
        return (client.ClientId, client.ClientSecret);
    }

    private static async Task<HttpResponseMessage> PostAdminAsync<T>(string path, T body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Issuer, path)) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestServices.OidcAdminToken);
        var response = await s_http.SendAsync(request);
        await EnsureSuccessAsync(response, path);
        return response;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"The test OpenID provider at {Issuer} refused {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private sealed record MintRequest(
        [property: JsonPropertyName("sub")] string Sub,
        [property: JsonPropertyName("client_id")] string ClientId,
        [property: JsonPropertyName("scope")] string Scope);

    private sealed record MintResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("scope")] string Scope);

    private sealed record RevokeRequest([property: JsonPropertyName("sub")] string Sub);

    private sealed record RegistrationRequest(
        [property: JsonPropertyName("redirect_uris")] string[] RedirectUris,
        [property: JsonPropertyName("grant_types")] string[] GrantTypes,
        [property: JsonPropertyName("response_types")] string[] ResponseTypes,
        [property: JsonPropertyName("token_endpoint_auth_method")] string TokenEndpointAuthMethod);

    private sealed record RegistrationResponse(
        [property: JsonPropertyName("client_id")] string ClientId,
        [property: JsonPropertyName("client_secret")] string ClientSecret);
}
