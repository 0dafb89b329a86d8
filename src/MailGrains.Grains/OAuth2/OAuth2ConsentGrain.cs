using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using MailGrains.Accounts;
using MailGrains.Grains.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.OAuth2;

/// <summary>
/// One tenant admin's OAuth2 consent, in memory only: <see cref="StartAsync"/> keeps the PKCE verifier and what the
/// signed state is bound to for <see cref="Lifetime"/>; <see cref="CompleteAsync"/> takes the provider's answer once
/// (a correctly signed answer uses it before anything else, so a replay is refused even when the exchange failed; a forged one does not use it up), exchanges the code and connects
/// the account. A silo that dies loses pending consents; the admin starts again.
/// </summary>
internal sealed class OAuth2ConsentGrain(
    OAuth2Providers providers,
    IOAuth2Client client,
    IOptions<SecretOptions> secrets,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    ILogger<OAuth2ConsentGrain> logger) : Grain, IOAuth2ConsentGrain
{
    /// <summary>How long an admin has between "Connect" and the provider's redirect back.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly OAuth2StateSigner _signer = new(secrets);
    private Pending? _pending;

    private string ConsentId => this.GetPrimaryKeyString();

    public async Task<OAuth2ConsentStart> StartAsync(string tenantId, string accountId, string provider)
    {
        if (_pending is not null)
        {
            throw new InvalidOperationException("This consent was started already; start another under a new id.");
        }

        if (providers.Find(provider) is not { } configured)
        {
            return new(OAuth2ConsentStartOutcome.UnknownProvider, null, $"There is no OAuth2 provider '{provider}'.");
        }

        if (await GrainFactory.GetGrain<IMailAccountGrain>(GrainKeys.Scoped(tenantId, accountId)).GetAsync() is null)
        {
            return new(OAuth2ConsentStartOutcome.NotFound, null, $"There is no account '{accountId}'.");
        }

        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var expiresAt = clock.GetUtcNow() + Lifetime;
        var state = _signer.Sign(ConsentId, tenantId, accountId, provider, expiresAt);
        try
        {
            var url = await client.AuthorizationUrlAsync(configured, state, challenge, providers.RedirectUri, CancellationToken.None);
            _pending = new Pending(tenantId, accountId, provider, verifier, expiresAt);
            // Kept a minute past its expiry, so that a late answer meets "expired", not a fresh activation.
            DelayDeactivation(Lifetime + TimeSpan.FromMinutes(1));
            return new(OAuth2ConsentStartOutcome.Started, url.AbsoluteUri, null);
        }
        catch (OAuth2ProviderException failed)
        {
            OAuth2ConsentLog.ProviderUnavailable(logger, tenantId, accountId, provider, failed.Message);
            return new(OAuth2ConsentStartOutcome.ProviderUnavailable, null, $"{configured.DisplayName} could not be asked: {failed.Message}");
        }
    }

    public async Task<OAuth2ConsentResult> CompleteAsync(string state, string? code, string? providerError)
    {
        if (_pending is not { Used: false } pending)
        {
            return Invalid();
        }

        // A state that is not this consent's own (forged by someone who learnt the id) is refused and does not use it
        // up; the first answer that carries the signed state uses it, before anything else, whatever follows.
        if (!_signer.Verify(state, ConsentId, pending.TenantId, pending.AccountId, pending.Provider, pending.ExpiresAt))
        {
            return Invalid();
        }

        _pending = pending with { Used = true };
        if (clock.GetUtcNow() > pending.ExpiresAt)
        {
            return Invalid();
        }

        var (tenantId, accountId, provider) = (pending.TenantId, pending.AccountId, pending.Provider);
        if (providerError is not null || string.IsNullOrEmpty(code))
        {
            return Outcome(OAuth2ConsentOutcome.Refused, pending, null, providerError == "access_denied"
                ? "Consent was not given at the provider; the account is unchanged."
                : $"The provider answered with an error ({Printable(providerError ?? "no code")}); the account is unchanged.");
        }

        if (providers.Find(provider) is not { } configured)
        {
            return Outcome(OAuth2ConsentOutcome.Failed, pending, null, $"The OAuth2 provider '{provider}' is not configured any more.");
        }

        OAuth2Tokens tokens;
        try
        {
            tokens = await client.ExchangeCodeAsync(configured, code, pending.Verifier, providers.RedirectUri, CancellationToken.None);
        }
        catch (OAuth2GrantRefusedException refused)
        {
            return Outcome(OAuth2ConsentOutcome.Failed, pending, null, $"{configured.DisplayName} refused the sign-in: {refused.Message}");
        }
        catch (OAuth2ProviderException failed)
        {
            return Outcome(OAuth2ConsentOutcome.Failed, pending, null, $"{configured.DisplayName} could not be asked: {failed.Message}");
        }

        if (tokens.RefreshToken is null)
        {
            return Outcome(OAuth2ConsentOutcome.Failed, pending, null, $"{configured.DisplayName} granted no offline access (no refresh token); the account is unchanged.");
        }

        var account = GrainFactory.GetGrain<IMailAccountGrain>(GrainKeys.Scoped(tenantId, accountId));
        var connected = await account.ConnectOAuth2Async(new OAuth2GrantInput(provider, tokens.RefreshToken, tokens.Address, tokens.AccessToken, tokens.ExpiresAt));
        return connected.Outcome == OAuth2ConnectOutcome.Connected
            ? Outcome(OAuth2ConsentOutcome.Connected, pending, connected.Connection?.Address ?? tokens.Address, null)
            : Outcome(OAuth2ConsentOutcome.Failed, pending, null, connected.Error ?? connected.Outcome switch
            {
                OAuth2ConnectOutcome.NotFound => $"The account '{accountId}' was deleted meanwhile.",
                OAuth2ConnectOutcome.Refused => $"{configured.DisplayName} refused the grant.",
                _ => $"{configured.DisplayName} could not be asked; try again later.",
            });

        OAuth2ConsentResult Invalid() => new(OAuth2ConsentOutcome.InvalidState, null, null, null,
            "This sign-in link is not valid: it is unknown, expired or used already. Start again from the account's Server tab.");
    }

    private OAuth2ConsentResult Outcome(OAuth2ConsentOutcome outcome, Pending pending, string? address, string? error)
    {
        OAuth2ConsentLog.Completed(logger, pending.TenantId, pending.AccountId, pending.Provider, outcome, error);
        return new(outcome, pending.TenantId, pending.AccountId, address, error);
    }

    /// <summary>A provider's error code as it may be shown: short, printable ASCII.</summary>
    private static string Printable(string value)
    {
        var kept = new string([.. value.Where(c => c is >= ' ' and <= '~').Take(64)]);
        return kept.Length == 0 ? "unnamed" : kept;
    }

    private sealed record Pending(string TenantId, string AccountId, string Provider, string Verifier, DateTimeOffset ExpiresAt, bool Used = false);
}
