using System.Globalization;
using MailGrains.EndToEnd.Tests.Admin;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests.OAuth2;

/// <summary>
/// A silo, a gateway on a real loopback port and Chromium, with the test OpenID provider configured as the
/// operator's provider <see cref="Provider"/>: a client registered at it whose redirect URI is this gateway's callback.
/// </summary>
/// <remarks>
/// The gateway logs ASP.NET Core at debug level here, as an operator chasing a problem might, so that the tests show
/// the callback's code and state stay out of the logs even then.
/// </remarks>
public sealed class OAuth2Fixture() : BrowserFixture(new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug" })
{
    public const string Provider = "test";
    public const string DisplayName = "Test ID";

    private (string Id, string Secret) _client;

    public string CallbackUrl => BaseUrl + "/v1/oauth2/callback";

    /// <summary>The provider's origin, where the browser goes for the login and consent pages.</summary>
    public static string ProviderOrigin => TestOidcProvider.Issuer.GetLeftPart(UriPartial.Authority);

    /// <summary>The client the silo signs in with (refresh tokens are bound to it).</summary>
    public string ClientId => _client.Id;

    public string ClientSecret => _client.Secret;

    public override async Task InitializeAsync()
    {
        _client = await TestOidcProvider.RegisterClientAsync(new Uri(CallbackUrl));
        await base.InitializeAsync();
    }

    protected override IDictionary<string, string?> SiloSettings
    {
        get
        {
            var settings = new Dictionary<string, string?>
            {
                ["MailGrains:OAuth2:RedirectUri"] = CallbackUrl,
                [$"MailGrains:OAuth2:Providers:{Provider}:Kind"] = "oidc",
                [$"MailGrains:OAuth2:Providers:{Provider}:DisplayName"] = DisplayName,
                [$"MailGrains:OAuth2:Providers:{Provider}:Issuer"] = TestOidcProvider.Issuer.AbsoluteUri.TrimEnd('/'),
                [$"MailGrains:OAuth2:Providers:{Provider}:ClientId"] = _client.Id,
                [$"MailGrains:OAuth2:Providers:{Provider}:ClientSecret"] = _client.Secret,
            };
            var scopes = TestOidcProvider.MailScope.Split(' ');
            for (var i = 0; i < scopes.Length; i++)
            {
                settings[$"MailGrains:OAuth2:Providers:{Provider}:Scopes:{i.ToString(CultureInfo.InvariantCulture)}"] = scopes[i];
            }

            return settings;
        }
    }
}
