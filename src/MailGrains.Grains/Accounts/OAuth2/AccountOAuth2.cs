using MailGrains.Accounts;
using MailGrains.Grains.OAuth2;
using MailGrains.Grains.Secrets;
using Microsoft.Extensions.Logging;

namespace MailGrains.Grains.Accounts.OAuth2;

/// <summary>
/// One account activation's OAuth2 connection: connects and disconnects it, and hands out access tokens, refreshed
/// ahead of expiry, one refresh at a time (a provider that rotates refresh tokens treats a reused one as theft and
/// revokes the whole grant). Access tokens live only in this activation's memory; the refresh token only encrypted in
/// <see cref="AccountOAuth2State"/>. A refused grant is recorded once and not offered to the provider again.
/// </summary>
internal sealed partial class AccountOAuth2(IPersistentState<AccountOAuth2State> state, AccountOAuth2Services services, string accountKey)
{
    private static readonly TimeSpan s_refreshAhead = TimeSpan.FromMinutes(5);

    private AccessToken? _access;
    private Task<AccessToken>? _refreshing;
    private bool _grantUnsaved;

    public OAuth2Grant? Grant => state.State.Grant;

    private string Purpose => $"{accountKey}:oauth2-refresh";

    public async Task<OAuth2ConnectResult> ConnectAsync(OAuth2GrantInput input)
    {
        if (services.Providers.Find(input.Provider) is not { } provider)
        {
            return new(OAuth2ConnectOutcome.UnknownProvider, null, $"There is no OAuth2 provider '{input.Provider}'.");
        }

        if (string.IsNullOrWhiteSpace(input.RefreshToken) || input.RefreshToken.Length > 16 * 1024)
        {
            return new(OAuth2ConnectOutcome.Refused, null, "The refresh token is empty or longer than 16 KiB.");
        }

        var refreshToken = input.RefreshToken;
        var address = input.Address;
        AccessToken? access = input.AccessToken is { Length: > 0 } token && input.AccessTokenExpiresAt is { } expires
            ? new AccessToken(token, services.Clock.GetUtcNow(), expires)
            : null;
        if (access is null)
        {
            // A refresh token a backend sets is checked once; the provider may rotate it and name the address.
            try
            {
                var tokens = await services.Client.RefreshAsync(provider, refreshToken, CancellationToken.None);
                access = new AccessToken(tokens.AccessToken, services.Clock.GetUtcNow(), tokens.ExpiresAt);
                refreshToken = tokens.RefreshToken ?? refreshToken;
                address ??= tokens.Address;
            }
            catch (OAuth2GrantRefusedException ex)
            {
                return new(OAuth2ConnectOutcome.Refused, null, ex.Message);
            }
            catch (OAuth2ProviderException ex)
            {
                return new(OAuth2ConnectOutcome.ProviderUnavailable, null, ex.Message);
            }
        }

        await AwaitRefreshAsync();
        state.State.Grant = new OAuth2Grant(provider.Name, address, services.Secrets.Protect(refreshToken, Purpose), services.Clock.GetUtcNow());
        await state.WriteStateAsync();
        _grantUnsaved = false;
        _access = access;
        LogConnected(services.Logger, accountKey, provider.Name);
        return new(OAuth2ConnectOutcome.Connected, state.State.Grant.View, null);
    }

    public async Task<bool> DisconnectAsync()
    {
        await AwaitRefreshAsync();
        _access = null;
        if (state.State.Grant is null)
        {
            return false;
        }

        state.State.Grant = null;
        await state.WriteStateAsync();
        _grantUnsaved = false;
        return true;
    }

    public async Task ClearAsync()
    {
        await AwaitRefreshAsync();
        _access = null;
        await state.ClearStateAsync();
    }

    /// <summary>Re-encrypts the refresh token still under an old key (with the account's other secrets).</summary>
    public async Task RotateKeyAsync()
    {
        if (state.State.Grant is { } grant && !services.Secrets.IsCurrent(grant.RefreshToken))
        {
            state.State.Grant = grant with { RefreshToken = services.Secrets.Rotate(grant.RefreshToken, Purpose) };
            await state.WriteStateAsync();
        }
    }

    /// <summary>After a server refused a sign-in: the next one gets a new access token (the grant may have been revoked).</summary>
    public void ForgetAccessToken() => _access = null;

    /// <summary>The access token this activation holds, if it is still fresh; never asks the provider.</summary>
    public string? AccessTokenAtHand()
        => state.State.Grant is { RefusedAt: null } && _access is { } access && access.FreshAt(services.Clock.GetUtcNow(), s_refreshAhead) ? access.Token : null;

    /// <summary>
    /// A valid access token (at least a few minutes left, or half its lifetime); refreshes when needed.
    /// </summary>
    /// <exception cref="OAuth2ReconnectNeededException">Not connected, the grant was refused, or its provider is gone.</exception>
    /// <exception cref="OAuth2ProviderException">The provider could not be asked now.</exception>
    public async Task<string> AccessTokenAsync()
    {
        var grant = state.State.Grant ?? throw new OAuth2ReconnectNeededException("The account is not connected with OAuth2: connect it (Connect on the Server tab, or POST /v1/accounts/{id}/oauth2/authorize).");
        if (grant.RefusedAt is not null)
        {
            throw new OAuth2ReconnectNeededException(grant.Problem ?? "The OAuth2 sign-in must be renewed: reconnect the account.");
        }

        if (_access is { } access && access.FreshAt(services.Clock.GetUtcNow(), s_refreshAhead))
        {
            return access.Token;
        }

        var refreshing = _refreshing ??= RefreshAsync(grant);
        try
        {
            return (await refreshing).Token;
        }
        finally
        {
            if (_refreshing == refreshing)
            {
                _refreshing = null;
            }
        }
    }

    private async Task<AccessToken> RefreshAsync(OAuth2Grant grant)
    {
        await SaveUnsavedGrantAsync();
        if (services.Providers.Find(grant.Provider) is not { } provider)
        {
            await RefuseAsync(grant, $"The OAuth2 provider '{grant.Provider}' is no longer configured by the operator: connect the account with another provider, or sign in with a password.");
            throw new OAuth2ReconnectNeededException(state.State.Grant!.Problem!);
        }

        OAuth2Tokens tokens;
        try
        {
            tokens = await services.Client.RefreshAsync(provider, services.Secrets.Unprotect(grant.RefreshToken, Purpose), CancellationToken.None);
        }
        catch (OAuth2GrantRefusedException ex)
        {
            var who = grant.Address ?? "the account";
            var said = ex.Detail is { } detail ? $" (the provider says: {detail})" : "";
            await RefuseAsync(grant, $"{provider.DisplayName} no longer accepts the sign-in of {who}: the grant was revoked or has expired{said}. An admin must reconnect the account: Reconnect on the Server tab, or POST /v1/accounts/{GrainKeys.Split(accountKey).Id}/oauth2/authorize.");
            throw new OAuth2ReconnectNeededException(state.State.Grant!.Problem!);
        }

        if (tokens.RefreshToken is { } rotated && state.State.Grant == grant)
        {
            // The old refresh token is used up now: the new one replaces it in one write. Should that write fail, the
            // activation keeps the new one and writes it before its next refresh.
            state.State.Grant = grant with { RefreshToken = services.Secrets.Protect(rotated, Purpose), Address = grant.Address ?? tokens.Address };
            _grantUnsaved = true;
            await SaveUnsavedGrantAsync();
        }

        var access = new AccessToken(tokens.AccessToken, services.Clock.GetUtcNow(), tokens.ExpiresAt);
        _access = access;
        return access;
    }

    private async Task RefuseAsync(OAuth2Grant grant, string problem)
    {
        _access = null;
        state.State.Grant = grant with { RefusedAt = services.Clock.GetUtcNow(), Problem = problem };
        _grantUnsaved = true;
        LogRefused(services.Logger, accountKey, grant.Provider);
        await SaveUnsavedGrantAsync();
    }

    private async Task SaveUnsavedGrantAsync()
    {
        if (!_grantUnsaved)
        {
            return;
        }

        try
        {
            await state.WriteStateAsync();
            _grantUnsaved = false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogGrantNotSaved(services.Logger, ex, accountKey);
        }
    }

    private async Task AwaitRefreshAsync()
    {
        if (_refreshing is { } refreshing)
        {
            try
            {
                await refreshing;
            }
            catch (Exception ex) when (ex is OAuth2ReconnectNeededException or OAuth2ProviderException)
            {
                // The refresh's outcome is replaced by what follows.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {Account} connected with OAuth2 provider {Provider}")]
    private static partial void LogConnected(ILogger logger, string account, string provider);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {Account}: OAuth2 provider {Provider} refused the grant; the account waits for an admin to reconnect it")]
    private static partial void LogRefused(ILogger logger, string account, string provider);

    [LoggerMessage(Level = LogLevel.Error, Message = "Account {Account}: the OAuth2 grant could not be saved; kept in memory and written again before the next refresh")]
    private static partial void LogGrantNotSaved(ILogger logger, Exception error, string account);

    /// <summary>An access token and when it stops working; fresh while more than the margin (or half its life) is left.</summary>
    private sealed record AccessToken(string Token, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt)
    {
        public bool FreshAt(DateTimeOffset now, TimeSpan margin)
        {
            var ahead = TimeSpan.FromTicks(Math.Min(margin.Ticks, (ExpiresAt - IssuedAt).Ticks / 2));
            return now < ExpiresAt - ahead;
        }

        public override string ToString() => $"AccessToken {{ ExpiresAt = {ExpiresAt:u} }}";
    }
}

/// <summary>What an account's <see cref="AccountOAuth2"/> needs from the silo.</summary>
internal sealed class AccountOAuth2Services(OAuth2Providers providers, IOAuth2Client client, SecretProtector secrets, [Microsoft.Extensions.DependencyInjection.FromKeyedServices(ServiceClock.Key)] TimeProvider clock, ILogger<AccountOAuth2> logger)
{
    public OAuth2Providers Providers => providers;

    public IOAuth2Client Client => client;

    public SecretProtector Secrets => secrets;

    public TimeProvider Clock => clock;

    public ILogger Logger => logger;
}
