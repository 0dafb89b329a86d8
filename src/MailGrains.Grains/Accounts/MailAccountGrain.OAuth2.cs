using MailGrains.Accounts;
using MailGrains.Grains.Accounts.OAuth2;
using MailGrains.Grains.OAuth2;
using MailGrains.Mail.Connections;

namespace MailGrains.Grains.Accounts;

/// <summary>
/// OAuth2 sign-in (<see cref="AccountOAuth2"/>): connecting and disconnecting, the access tokens this grain's fetches and
/// push use, and those it hands to the silo's other dialers (the outbox, server checks) encrypted, as
/// <see cref="IAccountServerAccess.GetAccessTokenAsync"/>. A connect clears a "reconnect" error and fetches at once.
/// </summary>
internal sealed partial class MailAccountGrain
{
    private AccountOAuth2? _oauth2;

    /// <summary>Whether the fetch that runs is the one repeat after a server refused an access token.</summary>
    private bool _oauth2RetryRunning;

    private AccountOAuth2 OAuth2 => _oauth2 ??= new AccountOAuth2(oauth2State, oauth2Services, AccountKey);

    public async Task<OAuth2ConnectResult> ConnectOAuth2Async(OAuth2GrantInput grant)
    {
        if (Account.Configuration is null)
        {
            return new(OAuth2ConnectOutcome.NotFound, null, null);
        }

        var result = await OAuth2.ConnectAsync(grant);
        if (result.Outcome == OAuth2ConnectOutcome.Connected && Receiving is { Enabled: true } && UsesOAuth2(Receiving.Server))
        {
            Account.Sync.NextAttemptAt = null;
            ScheduleFetch(); // the admin sees at once whether mail flows again; a good fetch clears the error and restarts push
        }

        return result;
    }

    public async Task<bool> DisconnectOAuth2Async()
    {
        if (Account.Configuration is null)
        {
            return false;
        }

        return await OAuth2.DisconnectAsync();
    }

    /// <summary>An access token for the silo's other dialers, encrypted for this account, or why there is none.</summary>
    public async Task<OAuth2Access> GetAccessTokenAsync()
    {
        if (Account.Configuration is null)
        {
            return new OAuth2Access(null, "The account does not exist.");
        }

        try
        {
            return new OAuth2Access(secrets.Protect(await OAuth2.AccessTokenAsync(), AccessTokenPurpose(AccountKey)), null);
        }
        catch (Exception ex) when (ex is OAuth2ReconnectNeededException or OAuth2ProviderException)
        {
            return new OAuth2Access(null, ex.Message);
        }
    }

    /// <summary>What an access token handed out by <see cref="GetAccessTokenAsync"/> is encrypted for.</summary>
    internal static string AccessTokenPurpose(string accountKey) => $"{accountKey}:oauth2-access";

    private static bool UsesOAuth2(MailServer server) => server.SignIn == SignInMethod.OAuth2;

    /// <summary>Whether the incoming server has what it signs in with: a password, or an OAuth2 connection.</summary>
    private bool HasIncomingSignIn(MailReceiving receiving)
        => UsesOAuth2(receiving.Server) ? OAuth2.Grant is not null : Account.Credentials.Incoming is not null;

    /// <summary>The incoming endpoint as the fetch logs in, with a fresh access token for OAuth2.</summary>
    /// <exception cref="OAuth2ReconnectNeededException">An admin must connect the account (again).</exception>
    /// <exception cref="OAuth2ProviderException">The provider could not be asked now.</exception>
    private async Task<MailEndpoint> IncomingEndpointAsync(MailReceiving receiving)
        => UsesOAuth2(receiving.Server)
            ? Endpoints.Incoming(receiving, null, await OAuth2.AccessTokenAsync(), OAuth2.Grant?.Address)
            : Endpoints.Incoming(receiving, Account.Credentials.IncomingPassword(secrets, AccountKey));

    /// <summary>
    /// The server refused an access token that looked valid (revoked early, e.g. after a password change): the fetch is
    /// repeated once with a new one. If the provider refuses the grant, the account asks for a reconnect, and that is
    /// the failure (and the <c>account.error</c>) the admin sees; if the new token is refused too, the repeat fails as
    /// any refused login does.
    /// </summary>
    private async Task RetryWithNewAccessTokenAsync(CancellationToken cancellationToken)
    {
        OAuth2.ForgetAccessToken();
        await EndImapSessionAsync();
        _oauth2RetryRunning = true;
        try
        {
            await FetchAsync(cancellationToken);
        }
        finally
        {
            _oauth2RetryRunning = false;
        }
    }

    /// <summary>The incoming endpoint for push, only from what is at hand (push starts after a fetch, which refreshed the token).</summary>
    private MailEndpoint? IncomingEndpointAtHand(MailReceiving receiving)
        => UsesOAuth2(receiving.Server)
            ? OAuth2.AccessTokenAtHand() is { } token ? Endpoints.Incoming(receiving, null, token, OAuth2.Grant?.Address) : null
            : Endpoints.Incoming(receiving, Account.Credentials.IncomingPassword(secrets, AccountKey));
}
