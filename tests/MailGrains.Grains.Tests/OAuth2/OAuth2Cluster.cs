using MailGrains.Accounts;
using MailGrains.Tenants;
using MailGrains.Testing;
using MailGrains.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace MailGrains.Grains.Tests.OAuth2;

/// <summary>
/// A one-silo cluster whose operator configured the test OpenID provider as <c>test</c>, with the logs of the silo
/// captured, for the OAuth2 sign-in tests of a class; and accounts that sign in with it.
/// </summary>
public sealed class OAuth2Cluster : IAsyncLifetime
{
    public const string Provider = "test";
    public const string Owner = "owner";

    private InProcessTestCluster? _cluster;

    public TestStorage Storage { get; } = new();

    public CapturedLogs Logs { get; } = new();

    public IClusterClient Client => (_cluster ?? throw new InvalidOperationException("Not started.")).Client;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["MailGrains:Mail:TrustedCertificateFiles:0"] = TestServices.MailCertificateFile,
            ["MailGrains:OAuth2:RedirectUri"] = "http://127.0.0.1:9/v1/oauth2/callback",
            ["MailGrains:Mail:MaxIdleSessions"] = "20",
            [$"MailGrains:OAuth2:Providers:{Provider}:Kind"] = "oidc",
            [$"MailGrains:OAuth2:Providers:{Provider}:Issuer"] = TestOidcProvider.Issuer.ToString(),
            [$"MailGrains:OAuth2:Providers:{Provider}:ClientId"] = TestOidcProvider.ClientId,
            [$"MailGrains:OAuth2:Providers:{Provider}:ClientSecret"] = TestOidcProvider.ClientSecret,
        };
        var scopes = TestOidcProvider.MailScope.Split(' ');
        for (var i = 0; i < scopes.Length; i++)
        {
            settings[$"MailGrains:OAuth2:Providers:{Provider}:Scopes:{i}"] = scopes[i];
        }

        _cluster = TestClusterFactory.Create(Storage, settings: settings, configureSilo: silo => silo.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs));
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        await Storage.DisposeAsync();
    }

    /// <summary>A new tenant with an owner and account <c>mail</c> on <paramref name="mailbox"/>: receiving off, both servers signing in with OAuth2.</summary>
    public async Task<IMailAccountGrain> AccountAsync(TestMailbox mailbox)
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        var tenant = Client.GetGrain<ITenantGrain>(tenantId);
        await TestOperator.ActAsync(() => tenant.UpsertAsync("OAuth2 tests"));
        await tenant.PutUserAsync(Owner, new UserProfile("Owner", "owner@example.test", null, false, Signature.None));
        var written = await Client.GetGrain<IAccountWriterGrain>(tenantId).PutAsync("mail", Input(mailbox, receiving: false));
        Assert.NotNull(written.View);
        return Client.GetGrain<IMailAccountGrain>(GrainKeys.Scoped(tenantId, "mail"));
    }

    /// <summary>Switches receiving on (the account must be connected).</summary>
    public async Task<AccountWriteResult> EnableReceivingAsync(IMailAccountGrain account, TestMailbox mailbox, PushMode push = PushMode.Off)
    {
        var tenantId = GrainKeys.Split(account.GetPrimaryKeyString()).TenantId;
        return await Client.GetGrain<IAccountWriterGrain>(tenantId).PutAsync("mail", Input(mailbox, receiving: true, push));
    }

    /// <summary>A grant of the test provider for <paramref name="mailbox"/>'s user, as the consent flow would connect it.</summary>
    public static async Task<(OAuth2GrantInput Grant, TestOidcTokens Tokens)> GrantAsync(TestMailbox mailbox, DateTimeOffset? accessTokenExpiresAt = null, string? accessToken = null)
    {
        var tokens = await TestOidcProvider.MintAsync(mailbox.UserName);
        var grant = new OAuth2GrantInput(Provider, tokens.RefreshToken!, mailbox.Address, accessToken ?? tokens.AccessToken, accessTokenExpiresAt ?? DateTimeOffset.UtcNow.AddSeconds(tokens.ExpiresIn));
        return (grant, tokens);
    }

    private static AccountInput Input(TestMailbox mailbox, bool receiving, PushMode push = PushMode.Off) => new(
        new AccountConfiguration(
            new MailboxIdentity("OAuth2 account", mailbox.Address, null, ""),
            new ActivityFiling(Owner, "E", null, [], []),
            new MailReceiving(receiving, MailProtocol.Imap, new MailServer(TestServices.Host, TestServices.ImapPort, Security.None, mailbox.UserName, SignInMethod.OAuth2), ["INBOX"], null, 3600, 0, Push: push),
            new MailSending(new MailServer(TestServices.Host, TestServices.SubmissionPort, Security.StartTls, mailbox.UserName, SignInMethod.OAuth2), [], null, Signature.None)),
        PasswordChange.Keep,
        PasswordChange.Keep,
        null);
}
