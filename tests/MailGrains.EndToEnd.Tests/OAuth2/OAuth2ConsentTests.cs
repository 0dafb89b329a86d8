using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Testing;
using Microsoft.Playwright;

namespace MailGrains.EndToEnd.Tests.OAuth2;

/// <summary>
/// A tenant admin connects an account with OAuth2 in a real Chromium, through the test provider's own login and
/// consent pages; and a backend sets a refresh token it holds. No answer of the gateway ever carries a token.
/// </summary>
public sealed class OAuth2ConsentTests(OAuth2Fixture site) : IClassFixture<OAuth2Fixture>
{
    [Fact]
    public async Task AnAdminConnectsAnAccountThroughTheProvidersLoginAndConsentPagesAndAReplayedStateIsRefused()
    {
        using var tenant = await site.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await using var mailbox = await TestMailbox.CreateAsync("oauth2ui");
        var document = AccountDocuments.CompleteImap("anna");
        document["general"]!["email"] = mailbox.Address;
        document["server"]!["incoming"]!["userName"] = mailbox.UserName;
        document["server"]!["incoming"]!["signIn"] = "oauth2";
        await tenant.CreateAccountAsync("sales", document);
        var admin = await site.NewPageAsync(OAuth2Fixture.ProviderOrigin);
        // The provider's redirect to the callback (a redirect, which routes do not see), and every answer of the
        // gateway's API on its way to the page.
        string? callback = null;
        admin.Page.Request += (_, request) =>
        {
            if (request.Url.StartsWith(site.CallbackUrl + "?", StringComparison.Ordinal))
            {
                callback = request.Url;
            }
        };
        var bodies = new List<string>();
        await admin.Page.RouteAsync(site.BaseUrl + "/v1/**", async route =>
        {
            var answer = await route.FetchAsync(new() { MaxRedirects = 0 });
            var body = await answer.TextAsync();
            lock (bodies)
            {
                bodies.Add(body);
            }

            await route.FulfillAsync(new() { Response = answer });
        });
        await admin.SignInAsync(tenant.Key);

        await admin.GoAsync("#/accounts/sales");
        await admin.TabAsync("Server");
        Assert.Equal("oauth2", await admin.Control("server.incoming.signIn").InputValueAsync());
        Assert.False(await admin.Field("server.incoming.password").IsVisibleAsync(), "a server that signs in with OAuth2 asks for no password");
        await admin.ClickAsync($"Connect with {OAuth2Fixture.DisplayName}");
        await admin.Page.WaitForURLAsync(OAuth2Fixture.ProviderOrigin + "/**");
        await admin.Page.Locator("input[name=login]").FillAsync(mailbox.UserName);
        await admin.Page.Locator("input[name=password]").FillAsync("any password");
        await admin.Page.Locator("button[type=submit]").ClickAsync();
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await admin.Page.GetByText($"Connected as {mailbox.Address} with OAuth2.").WaitForAsync();
        await admin.ScreenshotAsync(nameof(AnAdminConnectsAnAccountThroughTheProvidersLoginAndConsentPagesAndAReplayedStateIsRefused));

        Assert.Equal($"{site.BaseUrl}/admin/#/accounts/sales", admin.Page.Url);
        Assert.Contains($"Connected as {mailbox.Address} with {OAuth2Fixture.DisplayName}.", await admin.Page.Locator("#oauth2-connection").InnerTextAsync(), StringComparison.Ordinal);
        var connected = await tenant.GetAccountAsync("sales");
        var connection = connected["server"]!["oauth2"]!;
        Assert.Equal((OAuth2Fixture.Provider, mailbox.Address, false), ((string?)connection["provider"], (string?)connection["address"], (bool)connection["needsReconnect"]!));
        Assert.NotNull(callback);
        Assert.Contains("code=", callback, StringComparison.Ordinal);

        // The same answer of the provider again (a replay): refused, and the account is as the first one left it.
        using var replayer = site.Client();
        var replay = await replayer.GetAsync(new Uri(callback).PathAndQuery);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("used already", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await tenant.AssertAccountUnchangedAsync("sales", connected);

        lock (bodies)
        {
            Assert.True(bodies.Count >= 5, $"only {bodies.Count} answers seen");
            bodies.Add(connected.ToJsonString());
        }

        Assert.DoesNotContain(bodies, b => b.Contains("token", StringComparison.OrdinalIgnoreCase));

        // Disconnecting in the page forgets the connection; the page offers to connect again.
        admin.Page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await admin.ClickAsync("Disconnect");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = $"Connect with {OAuth2Fixture.DisplayName}" }).WaitForAsync();
        Assert.Null((await tenant.GetAccountAsync("sales"))["server"]!["oauth2"]);

        // The provider's own pages ask for a web font elsewhere (refused); nothing the browser tried to send elsewhere carried the code.
        Assert.DoesNotContain(admin.ForeignRequests, url => url.Contains("code=", StringComparison.Ordinal) || url.Contains("state=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AGrantRevokedAtTheProviderShowsReconnectWithTheProblemAndReconnectingInThePageFixesIt()
    {
        using var tenant = await site.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await using var mailbox = await TestMailbox.CreateAsync("oauth2re");
        var document = AccountDocuments.OnTestServers("anna", mailbox);
        document["general"]!["receiveEnabled"] = false;
        document["server"]!["incoming"]!["signIn"] = "oauth2";
        await tenant.CreateAccountAsync("sales", document);
        var tokens = await TestOidcProvider.MintAsync(mailbox.UserName, clientId: site.ClientId);
        await Requests.ReadAsync(await tenant.Admin.PutAsJsonAsync("/v1/accounts/sales/oauth2", new { provider = OAuth2Fixture.Provider, refreshToken = tokens.RefreshToken }), HttpStatusCode.OK);
        await Requests.ReadAsync(await tenant.PatchAccountAsync("sales", """{"general":{"receiveEnabled":true}}"""), HttpStatusCode.OK);
        await Eventually.MatchesAsync(() => tenant.Admin.GetFromJsonAsync<JsonObject>("/v1/accounts/sales/status"), s => (string?)s!["state"] == "idle" && s["lastFetchAt"] is not null, TimeSpan.FromSeconds(60), "a first fetch with OAuth2");

        await TestOidcProvider.RevokeAsync(mailbox.UserName);
        // A fetch asked for while one runs is not queued: ask again until one meets the revoked grant.
        await Eventually.MatchesAsync(
            async () =>
            {
                await tenant.Admin.PostAsync("/v1/accounts/sales/fetch", null);
                return await tenant.Admin.GetFromJsonAsync<JsonObject>("/v1/accounts/sales/status");
            },
            s => (string?)s!["errorCode"] == "reauthorize",
            TimeSpan.FromSeconds(60),
            "the account to ask for consent again");
        var refused = (await tenant.GetAccountAsync("sales"))["server"]!["oauth2"]!;
        Assert.True((bool)refused["needsReconnect"]!);
        var problem = (string)refused["problem"]!;

        var admin = await site.NewPageAsync(OAuth2Fixture.ProviderOrigin);
        await admin.SignInAsync(tenant.Key);
        await admin.GoAsync("#/accounts/sales");
        await admin.TabAsync("Server");
        await admin.Page.GetByText(problem).WaitForAsync();
        await admin.ScreenshotAsync(nameof(AGrantRevokedAtTheProviderShowsReconnectWithTheProblemAndReconnectingInThePageFixesIt));
        await admin.ClickAsync("Reconnect");
        await admin.Page.WaitForURLAsync(OAuth2Fixture.ProviderOrigin + "/**");
        await admin.Page.Locator("input[name=login]").FillAsync(mailbox.UserName);
        await admin.Page.Locator("input[name=password]").FillAsync("any password");
        await admin.Page.Locator("button[type=submit]").ClickAsync();
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await admin.Page.GetByText($"Connected as {mailbox.Address} with OAuth2.").WaitForAsync();

        var reconnected = (await tenant.GetAccountAsync("sales"))["server"]!["oauth2"]!;
        Assert.Equal((false, (string?)null), ((bool)reconnected["needsReconnect"]!, (string?)reconnected["problem"]));
        Assert.False(await admin.Page.GetByText(problem).IsVisibleAsync());
        await Eventually.MatchesAsync(() => tenant.Admin.GetFromJsonAsync<JsonObject>("/v1/accounts/sales/status"), s => s!["errorCode"] is null && (string?)s["state"] == "idle", TimeSpan.FromSeconds(60), "the account to fetch again after reconnecting");
    }

    [Fact]
    public async Task ABackendSetsARefreshTokenItHoldsWhichIsNeverShownAndARevokedOneIsRefused()
    {
        using var tenant = await site.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await using var mailbox = await TestMailbox.CreateAsync("oauth2put");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));
        var tokens = await TestOidcProvider.MintAsync(mailbox.UserName, clientId: site.ClientId);

        var put = await tenant.Admin.PutAsJsonAsync("/v1/accounts/sales/oauth2", new { provider = OAuth2Fixture.Provider, refreshToken = tokens.RefreshToken });

        var shown = await Requests.ReadAsync(put, HttpStatusCode.OK);
        Assert.Equal((OAuth2Fixture.Provider, false), ((string?)shown["provider"], (bool)shown["needsReconnect"]!));
        var account = await tenant.GetAccountAsync("sales");
        Assert.Equal(OAuth2Fixture.Provider, (string?)account["server"]!["oauth2"]!["provider"]);
        foreach (var text in new[] { shown.ToJsonString(), account.ToJsonString() })
        {
            Assert.DoesNotContain(tokens.RefreshToken!, text, StringComparison.Ordinal);
            Assert.DoesNotContain(tokens.AccessToken, text, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Admin.DeleteAsync("/v1/accounts/sales/oauth2")).StatusCode);
        Assert.Null((await tenant.GetAccountAsync("sales"))["server"]!["oauth2"]);
        await TestOidcProvider.RevokeAsync(mailbox.UserName);
        var revoked = await tenant.Admin.PutAsJsonAsync("/v1/accounts/sales/oauth2", new { provider = OAuth2Fixture.Provider, refreshToken = tokens.RefreshToken });
        await Requests.AssertFieldErrorsAsync(revoked, HttpStatusCode.UnprocessableEntity, "refreshToken");
        var unknown = await tenant.Admin.PutAsJsonAsync("/v1/accounts/nobody/oauth2", new { provider = OAuth2Fixture.Provider, refreshToken = "anything" });
        await Requests.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        var unknownProvider = await tenant.Admin.PutAsJsonAsync("/v1/accounts/sales/oauth2", new { provider = "nope", refreshToken = "anything" });
        await Requests.AssertFieldErrorsAsync(unknownProvider, HttpStatusCode.BadRequest, "provider");
        Assert.Null((await tenant.GetAccountAsync("sales"))["server"]!["oauth2"]);
    }
}
