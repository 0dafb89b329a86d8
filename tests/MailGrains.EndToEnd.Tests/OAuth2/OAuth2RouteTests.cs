using System.Net;
using System.Net.Http.Json;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests.OAuth2;

/// <summary>The OAuth2 routes: who may call them, what they refuse, and the callback's state checks, limit and silence in the logs.</summary>
public sealed class OAuth2RouteTests(OAuth2Fixture api) : IClassFixture<OAuth2Fixture>
{
    [Fact]
    public async Task TheProvidersAreListedByNameDisplayNameAndKindWithoutClientSecrets()
    {
        using var tenant = await api.NewTenantAsync();

        var response = await tenant.Admin.GetAsync("/v1/oauth2/providers");

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""[{"name":"test","displayName":"Test ID","kind":"oidc"}]""", text);
        Assert.DoesNotContain(api.ClientSecret, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryOAuth2RouteOfATenantNeedsItsKey()
    {
        using var anonymous = api.Client();

        var answers = new[]
        {
            await anonymous.GetAsync("/v1/oauth2/providers"),
            await anonymous.PostAsJsonAsync("/v1/accounts/sales/oauth2/authorize", new { provider = OAuth2Fixture.Provider }),
            await anonymous.PutAsJsonAsync("/v1/accounts/sales/oauth2", new { provider = OAuth2Fixture.Provider, refreshToken = "x" }),
            await anonymous.DeleteAsync("/v1/accounts/sales/oauth2"),
        };

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
    }

    [Fact]
    public async Task AuthorizeRefusesAnUnknownOrMissingProviderNamingTheField()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));

        foreach (var body in (string[])["""{"provider":"nope"}""", "{}", """{"provider":null}"""])
        {
            var response = await tenant.Admin.SendAsync(HttpMethod.Post, "/v1/accounts/sales/oauth2/authorize", body);
            await Requests.AssertFieldErrorsAsync(response, HttpStatusCode.BadRequest, "provider");
        }
    }

    [Fact]
    public async Task AuthorizeAnswers404ForAnUnknownAccountAndForAnotherTenantsAccount()
    {
        using var owner = await api.NewTenantAsync();
        await owner.PutUserAsync("anna");
        await owner.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));
        using var other = await api.NewTenantAsync();

        var unknown = await owner.Admin.PostAsJsonAsync("/v1/accounts/nobody/oauth2/authorize", new { provider = OAuth2Fixture.Provider });
        var foreign = await other.Admin.PostAsJsonAsync("/v1/accounts/sales/oauth2/authorize", new { provider = OAuth2Fixture.Provider });

        await Requests.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        await Requests.AssertProblemAsync(foreign, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AuthorizeGivesTheProvidersConsentUrlWithPkceS256AndAFreshSignedStateEachTime()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));

        var first = await AuthorizeAsync(tenant, "sales");
        var second = await AuthorizeAsync(tenant, "sales");

        Assert.StartsWith(OAuth2Fixture.ProviderOrigin + "/", first.AbsoluteUri, StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(first.Query);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", query["code_challenge"]);
        Assert.Equal(api.CallbackUrl, query["redirect_uri"]);
        Assert.Equal(api.ClientId, query["client_id"]);
        Assert.Matches(@"^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$", query["state"]);
        var again = System.Web.HttpUtility.ParseQueryString(second.Query);
        Assert.NotEqual(query["state"], again["state"]);
        Assert.NotEqual(query["code_challenge"], again["code_challenge"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-dot-at-all")]
    [InlineData("short.signature")]
    [InlineData(".AAAA")]
    public async Task TheCallbackRefusesAMalformedStateWithAPageAnd400(string state)
    {
        using var browser = api.Client();

        var response = await browser.GetAsync($"/v1/oauth2/callback?state={Uri.EscapeDataString(state)}&code=abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AForgedStateIsRefusedWithoutUsingUpTheConsentItNamesOrChangingTheAccount()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));
        var before = await tenant.GetAccountAsync("sales");
        var state = System.Web.HttpUtility.ParseQueryString((await AuthorizeAsync(tenant, "sales")).Query)["state"]!;
        var consentId = state[..state.IndexOf('.', StringComparison.Ordinal)];
        using var browser = api.Client();

        var unknown = await browser.GetAsync($"/v1/oauth2/callback?state={FreshConsentId()}.{FreshConsentId()}&code=abc");
        var forged = await browser.GetAsync($"/v1/oauth2/callback?state={consentId}.{FreshConsentId()}&code=abc");
        // The genuine state still works after the forgery: its (made-up) code reaches the provider, which refuses it.
        var genuine = await browser.GetAsync($"/v1/oauth2/callback?state={Uri.EscapeDataString(state)}&code=abc");
        var replayed = await browser.GetAsync($"/v1/oauth2/callback?state={Uri.EscapeDataString(state)}&code=abc");

        Assert.Equal(
            [HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest],
            [unknown.StatusCode, forged.StatusCode, genuine.StatusCode, replayed.StatusCode]);
        Assert.Contains("not valid", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var genuinePage = await genuine.Content.ReadAsStringAsync();
        Assert.DoesNotContain("used already", genuinePage, StringComparison.Ordinal);
        Assert.Contains("refused", genuinePage, StringComparison.Ordinal);
        Assert.Contains("used already", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await tenant.AssertAccountUnchangedAsync("sales", before);
        Assert.Null(before["server"]!["oauth2"]);
    }

    [Fact]
    public async Task ARefusedConsentShowsWhyAndLeavesTheAccountAsItWas()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));
        var before = await tenant.GetAccountAsync("sales");
        var state = System.Web.HttpUtility.ParseQueryString((await AuthorizeAsync(tenant, "sales")).Query)["state"]!;
        using var browser = api.Client();

        var refused = await browser.GetAsync($"/v1/oauth2/callback?state={Uri.EscapeDataString(state)}&error=access_denied");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Consent was not given", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await tenant.AssertAccountUnchangedAsync("sales", before);
    }

    [Fact]
    public async Task TheCallbacksCodeAndStateAreWrittenToNoLog()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));
        var state = System.Web.HttpUtility.ParseQueryString((await AuthorizeAsync(tenant, "sales")).Query)["state"]!;
        var code = "code-" + Guid.NewGuid().ToString("N");
        using var browser = api.Client();

        var response = await browser.GetAsync($"/v1/oauth2/callback?state={Uri.EscapeDataString(state)}&code={code}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var signature = state[(state.IndexOf('.', StringComparison.Ordinal) + 1)..];
        Assert.DoesNotContain(api.Logs.Lines, line => line.Contains(code, StringComparison.Ordinal) || line.Contains(signature, StringComparison.Ordinal));
        Assert.Contains(api.Logs.Lines, line => line.Contains("OAuth2 consent of", StringComparison.Ordinal));
        Assert.Contains(api.Logs.Lines, line => line.StartsWith("Debug Microsoft.AspNetCore.Routing", StringComparison.Ordinal) && line.Contains("/v1/oauth2/callback", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheAnonymousCallbackHasItsOwnLimitPerClientAddress()
    {
        using var browser = api.Client();
        browser.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, $"10.77.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 31; i++)
        {
            statuses.Add((await browser.GetAsync("/v1/oauth2/callback?state=malformed")).StatusCode);
        }

        Assert.All(statuses.Take(30), s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[30]);
    }

    [Fact]
    public async Task DisconnectAnswers404WhenTheAccountIsNotConnectedOrUnknown()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));

        var notConnected = await tenant.Admin.DeleteAsync("/v1/accounts/sales/oauth2");
        var unknown = await tenant.Admin.DeleteAsync("/v1/accounts/nobody/oauth2");

        Assert.Equal("Not connected", (string?)(await Requests.AssertProblemAsync(notConnected, HttpStatusCode.NotFound))["title"]);
        await Requests.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ARefreshTokenPutRefusesMissingFieldsAndAnUnknownProviderNamingThem()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));

        var missing = await tenant.Admin.SendAsync(HttpMethod.Put, "/v1/accounts/sales/oauth2", "{}");
        var blank = await tenant.Admin.SendAsync(HttpMethod.Put, "/v1/accounts/sales/oauth2", """{"provider":"test","refreshToken":""}""");

        await Requests.AssertFieldErrorsAsync(missing, HttpStatusCode.BadRequest, "provider", "refreshToken");
        await Requests.AssertFieldErrorsAsync(blank, HttpStatusCode.BadRequest, "refreshToken");
    }

    [Fact]
    public async Task SignInIsSetPerServerByPutAndPatchAndTheConnectionIsNullUntilConnected()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var document = AccountDocuments.CompleteImap("anna").With("""{"server":{"incoming":{"signIn":"oauth2"}}}""");

        var created = await tenant.CreateAccountAsync("sales", document);
        var patched = await Requests.ReadAsync(await tenant.PatchAccountAsync("sales", """{"server":{"outgoing":{"signIn":"oauth2"}}}"""), HttpStatusCode.OK);
        var back = await Requests.ReadAsync(await tenant.PatchAccountAsync("sales", """{"server":{"incoming":{"signIn":"password"}}}"""), HttpStatusCode.OK);
        var wrong = await tenant.PatchAccountAsync("sales", """{"server":{"incoming":{"signIn":"magic"}}}""");

        Assert.Equal(("oauth2", "password"), ((string?)created["server"]!["incoming"]!["signIn"], (string?)created["server"]!["outgoing"]!["signIn"]));
        Assert.Equal(("oauth2", "oauth2"), ((string?)patched["server"]!["incoming"]!["signIn"], (string?)patched["server"]!["outgoing"]!["signIn"]));
        Assert.Equal(("password", "oauth2"), ((string?)back["server"]!["incoming"]!["signIn"], (string?)back["server"]!["outgoing"]!["signIn"]));
        Assert.True(back["server"]!.AsObject().ContainsKey("oauth2"));
        Assert.Null(back["server"]!["oauth2"]);
        await Requests.AssertProblemAsync(wrong, HttpStatusCode.BadRequest);
        var status = await Requests.ReadAsync(await tenant.Admin.GetAsync("/v1/accounts/sales/status"), HttpStatusCode.OK);
        Assert.True(status.ContainsKey("errorCode"));
        Assert.Null(status["errorCode"]);
    }

    private static async Task<Uri> AuthorizeAsync(TestTenant tenant, string accountId)
    {
        var answer = await Requests.ReadAsync(
            await tenant.Admin.PostAsJsonAsync($"/v1/accounts/{accountId}/oauth2/authorize", new { provider = OAuth2Fixture.Provider }), HttpStatusCode.OK);
        return new Uri((string)answer["url"]!);
    }

    private static string FreshConsentId() => System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
}
