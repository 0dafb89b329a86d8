using MailGrains.Accounts;
using MailGrains.Activities;
using MailGrains.Sending;
using MailGrains.Testing;
using MailGrains.Users;
using MailGrains.Webhooks;

namespace MailGrains.Grains.Tests.OAuth2;

/// <summary>
/// Accounts that sign in with OAuth2, against the test OpenID provider and the test Dovecot and Postfix, which check
/// each token at the provider themselves: fetching and sending with an access token and no password; an access
/// token that expired is refreshed, and the rotated refresh token is kept (the provider revokes the whole grant when
/// a used one comes back); a revoked grant puts the account into <c>reauthorize</c> without asking the provider
/// again, and reconnecting makes mail flow; no token in storage, logs or what the account shows.
/// </summary>
public sealed class OAuth2SignInTests(OAuth2Cluster cluster) : IClassFixture<OAuth2Cluster>
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AConnectedAccountFetchesWithAnAccessTokenAndNoPassword()
    {
        await using var mailbox = await TestMailbox.CreateAsync("oauthfetch");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1)]);
        var account = await cluster.AccountAsync(mailbox);
        var (grant, _) = await OAuth2Cluster.GrantAsync(mailbox);

        var connected = await account.ConnectOAuth2Async(grant);
        Assert.Equal(OAuth2ConnectOutcome.Connected, connected.Outcome);
        Assert.NotNull((await cluster.EnableReceivingAsync(account, mailbox)).View);

        var status = await FetchedAsync(account, 1);
        Assert.Null(status.LastError);
        var view = (await account.GetAsync())!;
        Assert.Equal(new OAuth2ConnectionView(OAuth2Cluster.Provider, mailbox.Address, view.OAuth2!.ConnectedAt, false, null), view.OAuth2);
        Assert.False(view.HasIncomingPassword);
    }

    [Fact]
    public async Task AConnectedAccountPushesWithItsAccessToken()
    {
        await using var mailbox = await TestMailbox.CreateAsync("oauthpush");
        var account = await cluster.AccountAsync(mailbox);
        var (grant, _) = await OAuth2Cluster.GrantAsync(mailbox);
        Assert.Equal(OAuth2ConnectOutcome.Connected, (await account.ConnectOAuth2Async(grant)).Outcome);
        Assert.NotNull((await cluster.EnableReceivingAsync(account, mailbox, PushMode.Auto)).View);
        await Eventually.MatchesAsync(account.GetStatusAsync, s => s is { Push: PushState.Active, LastFetchAt: not null }, s_patience, "push to be active");

        await Push.PushMail.DeliverAsync(mailbox, "Pushed with a token");

        await FetchedAsync(account, 1); // the account polls hourly: only push brings the mail in time
    }

    [Fact]
    public async Task ReceivingCannotBeEnabledBeforeTheAccountIsConnected()
    {
        await using var mailbox = await TestMailbox.CreateAsync("oauthnotyet");
        var account = await cluster.AccountAsync(mailbox);

        var refused = await cluster.EnableReceivingAsync(account, mailbox);

        Assert.Equal(AccountWriteOutcome.Incomplete, refused.Outcome);
        Assert.Contains("server.oauth2", refused.Errors.Keys);
    }

    [Fact]
    public async Task AnExpiredAccessTokenIsRefreshedAndTheRotatedRefreshTokenIsKept()
    {
        await using var mailbox = await TestMailbox.CreateAsync("oauthrefresh");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1)]);
        var account = await cluster.AccountAsync(mailbox);
        // The access token the account starts with is no token at all and expires in a second: only a refresh signs in.
        var (grant, _) = await OAuth2Cluster.GrantAsync(mailbox, DateTimeOffset.UtcNow.AddSeconds(1), "not-a-token-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(OAuth2ConnectOutcome.Connected, (await account.ConnectOAuth2Async(grant)).Outcome);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.NotNull((await cluster.EnableReceivingAsync(account, mailbox)).View);
        await FetchedAsync(account, 1);

        // A new activation has no access token: it refreshes with the refresh token saved after the rotation. Had the
        // used one been kept, the provider would refuse it and revoke the grant.
        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(2)]);
        Assert.True(await account.RequestFetchAsync());
        var status = await FetchedAsync(account, 2);
        Assert.Null(status.LastError);
        Assert.Null(status.ErrorCode);
    }

    [Fact]
    public async Task ARevokedGrantAsksForReconnectOnceAndReconnectingMakesMailFlowAgain()
    {
        await using var mailbox = await TestMailbox.CreateAsync("oauthrevoke");
        var account = await cluster.AccountAsync(mailbox);
        var (grant, _) = await OAuth2Cluster.GrantAsync(mailbox);
        Assert.Equal(OAuth2ConnectOutcome.Connected, (await account.ConnectOAuth2Async(grant)).Outcome);
        Assert.NotNull((await cluster.EnableReceivingAsync(account, mailbox)).View);
        await FetchedAsync(account, 0);
        await using var hook = await MailGrains.Grains.Tests.Webhooks.WebhookSubscriber.SubscribeAsync(
            cluster.Client, GrainKeys.Split(account.GetPrimaryKeyString()).TenantId, [WebhookEventTypes.AccountError, WebhookEventTypes.AccountRecovered]);
        await Task.Delay(TimeSpan.FromSeconds(6)); // the silo's copy of which events the tenant wants lives 5 s

        await TestOidcProvider.RevokeAsync(mailbox.UserName);
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1)]);
        // The fetch meets the server's refusal of the revoked access token and asks the provider for a new one, which
        // refuses the grant: the account waits for its admin, and that is its first failure.
        var reauthorize = await Eventually.MatchesAsync(
            async () =>
            {
                await account.RequestFetchAsync();
                return await account.GetStatusAsync();
            },
            s => s?.ErrorCode == "reauthorize",
            s_patience,
            "the account to ask for a reconnect");
        Assert.Equal(FetchState.Error, reauthorize!.State);
        Assert.Equal(1, reauthorize.ConsecutiveFailures);
        Assert.Contains("reconnect", reauthorize.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.True((await account.GetAsync())!.OAuth2!.NeedsReconnect);

        // Fetching again asks no one: nothing changes, the failure is not counted again.
        Assert.True(await account.RequestFetchAsync());
        await Task.Delay(TimeSpan.FromSeconds(1));
        var still = (await account.GetStatusAsync())!;
        Assert.Equal(reauthorize.ConsecutiveFailures, still.ConsecutiveFailures);
        Assert.Equal(reauthorize.LastFetchAt, still.LastFetchAt);

        var (again, _) = await OAuth2Cluster.GrantAsync(mailbox);
        Assert.Equal(OAuth2ConnectOutcome.Connected, (await account.ConnectOAuth2Async(again)).Outcome);

        var recovered = await FetchedAsync(account, 1);
        Assert.Null(recovered.ErrorCode);
        Assert.Null(recovered.LastError);
        Assert.False((await account.GetAsync())!.OAuth2!.NeedsReconnect);

        // One account.error, saying what to do, and one account.recovered.
        var error = Assert.Single(await hook.WaitForAsync(WebhookEventTypes.AccountError, 1, s_patience));
        Assert.Equal("reauthorize", error.Body!.Value.GetProperty("data").GetProperty("code").GetString());
        await hook.WaitForAsync(WebhookEventTypes.AccountRecovered, 1, s_patience);
    }

    [Fact]
    public async Task ABackendsRefreshTokenIsCheckedWithTheProviderAndARefusedOneIsNotStored()
    {
        await using var mailbox = await TestMailbox.CreateAsync("oauthset");
        var account = await cluster.AccountAsync(mailbox);
        var tokens = await TestOidcProvider.MintAsync(mailbox.UserName);

        var refused = await account.ConnectOAuth2Async(new OAuth2GrantInput(OAuth2Cluster.Provider, "not-a-refresh-token", null, null, null));
        Assert.Equal(OAuth2ConnectOutcome.Refused, refused.Outcome);
        Assert.Null((await account.GetAsync())!.OAuth2);

        var unknown = await account.ConnectOAuth2Async(new OAuth2GrantInput("nobody", tokens.RefreshToken!, null, null, null));
        Assert.Equal(OAuth2ConnectOutcome.UnknownProvider, unknown.Outcome);

        var connected = await account.ConnectOAuth2Async(new OAuth2GrantInput(OAuth2Cluster.Provider, tokens.RefreshToken!, null, null, null));
        Assert.Equal(OAuth2ConnectOutcome.Connected, connected.Outcome);
        Assert.NotNull((await cluster.EnableReceivingAsync(account, mailbox)).View);
        await FetchedAsync(account, 0);

        Assert.True(await account.DisconnectOAuth2Async());
        Assert.Null((await account.GetAsync())!.OAuth2);
    }

    [Fact]
    public async Task MailIsSentThroughSubmissionWithAnAccessToken()
    {
        await using var mailbox = await TestMailbox.CreateAsync("oauthsend");
        var account = await cluster.AccountAsync(mailbox);
        var (grant, _) = await OAuth2Cluster.GrantAsync(mailbox);
        Assert.Equal(OAuth2ConnectOutcome.Connected, (await account.ConnectOAuth2Async(grant)).Outcome);
        var (tenantId, accountId) = GrainKeys.Split(account.GetPrimaryKeyString());
        var subject = "OAuth2 sent " + Guid.NewGuid().ToString("N")[..8];

        var sent = await cluster.Client.GetGrain<IOutboxGrain>(GrainKeys.Scoped(tenantId, accountId))
            .SendAsync(new OutgoingMail(OAuth2Cluster.Owner, [mailbox.Address], [], [], subject, "Sent with a token.", null, null));
        Assert.Equal(SendOutcome.Queued, sent.Outcome);

        var owner = cluster.Client.GetGrain<IUserGrain>(GrainKeys.Scoped(tenantId, OAuth2Cluster.Owner));
        var stored = await Eventually.MatchesAsync(() => owner.GetActivityAsync(sent.ActivityId!), a => a?.Activity.Status is not null and not DeliveryStatus.Queued, s_patience, "the mail to be sent");
        Assert.Equal(DeliveryStatus.Sent, stored!.Activity.Status);
        await Eventually.MatchesAsync(() => TestMessages.SubjectsAsync(mailbox, "INBOX"), s => s.Contains(subject), s_patience, "the mail to arrive");
    }

    [Fact]
    public async Task NoTokenIsStoredLoggedOrShown()
    {
        await using var mailbox = await TestMailbox.CreateAsync("oauthsecret");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1)]);
        var account = await cluster.AccountAsync(mailbox);
        var (grant, tokens) = await OAuth2Cluster.GrantAsync(mailbox, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(OAuth2ConnectOutcome.Connected, (await account.ConnectOAuth2Async(grant)).Outcome);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.NotNull((await cluster.EnableReceivingAsync(account, mailbox)).View);
        await FetchedAsync(account, 1); // after a refresh: a new access token and a rotated refresh token exist too

        foreach (var secret in new[] { tokens.AccessToken, tokens.RefreshToken! })
        {
            Assert.Empty(await StorageScan.FindAsync(cluster.Storage, secret));
            Assert.DoesNotContain(cluster.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }

        var shown = System.Text.Json.JsonSerializer.Serialize(new { View = await account.GetAsync(), Status = await account.GetStatusAsync() });
        Assert.DoesNotContain(tokens.AccessToken, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens.RefreshToken!, shown, StringComparison.Ordinal);
    }

    private static Task<AccountStatus> FetchedAsync(IMailAccountGrain account, int activities)
        => Eventually.MatchesAsync(
            async () => await account.GetStatusAsync() ?? throw new InvalidOperationException("The account does not exist."),
            s => s is { State: not FetchState.Fetching, LastFetchAt: not null } && s.Fetched == activities && s.LastError is null,
            s_patience,
            $"{activities} activities fetched without error");
}
