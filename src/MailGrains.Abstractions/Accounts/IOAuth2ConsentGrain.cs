namespace MailGrains.Accounts;

/// <summary>
/// One OAuth2 consent of a tenant admin, keyed by a random id the caller makes (the first part of the <c>state</c>):
/// <see cref="StartAsync"/> gives the provider's authorization URL (code flow with PKCE, a signed <c>state</c> bound to
/// tenant and account, valid 10 minutes); the gateway's callback hands the provider's answer to
/// <see cref="CompleteAsync"/>, which accepts a state once, exchanges the code and connects the account.
/// </summary>
[Alias("MailGrains.IOAuth2ConsentGrain")]
public interface IOAuth2ConsentGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task<OAuth2ConsentStart> StartAsync(string tenantId, string accountId, string provider);

    /// <param name="state">The <c>state</c> parameter exactly as the provider returned it.</param>
    /// <param name="code">The authorization code, when the admin consented.</param>
    /// <param name="providerError">The provider's <c>error</c> parameter, when the admin refused or the provider failed.</param>
    [Alias("Complete")]
    Task<OAuth2ConsentResult> CompleteAsync(string state, string? code, string? providerError);
}

/// <summary>The operator's providers (<c>MailGrains:OAuth2:Providers</c>), as the silos know them.</summary>
[Alias("MailGrains.IOAuth2ProvidersGrain")]
public interface IOAuth2ProvidersGrain : IGrainWithIntegerKey
{
    [Alias("List")]
    Task<System.Collections.Immutable.ImmutableArray<OAuth2ProviderInfo>> ListAsync();
}

public enum OAuth2ConsentStartOutcome
{
    Started,
    NotFound,
    UnknownProvider,
    ProviderUnavailable,
}

[GenerateSerializer, Immutable]
[Alias("MailGrains.OAuth2ConsentStart")]
public sealed record OAuth2ConsentStart(
    [property: Id(0)] OAuth2ConsentStartOutcome Outcome,
    [property: Id(1)] string? AuthorizationUrl,
    [property: Id(2)] string? Error);

public enum OAuth2ConsentOutcome
{
    Connected,

    /// <summary>The state is unknown, forged, expired or used already (400).</summary>
    InvalidState,

    /// <summary>The admin refused consent, or the provider answered with an error (the account is unchanged).</summary>
    Refused,

    /// <summary>The code exchange or the account's connect failed (the account is unchanged).</summary>
    Failed,
}

[GenerateSerializer, Immutable]
[Alias("MailGrains.OAuth2ConsentResult")]
public sealed record OAuth2ConsentResult(
    [property: Id(0)] OAuth2ConsentOutcome Outcome,
    [property: Id(1)] string? TenantId,
    [property: Id(2)] string? AccountId,
    [property: Id(3)] string? Address,
    [property: Id(4)] string? Error);
