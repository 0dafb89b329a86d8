namespace MailGrains.Grains.OAuth2;

/// <summary>
/// The operator's OAuth2 providers for signing in to mail servers (<c>MailGrains:OAuth2</c>), checked at start
/// (<see cref="OAuth2OptionsValidation"/>). Client ids and secrets are operator secrets; only the silos hold them.
/// </summary>
public sealed class OAuth2Options
{
    public const string SectionName = "MailGrains:OAuth2";

    /// <summary>
    /// The gateway's public callback, <c>https://{gateway}/v1/oauth2/callback</c>, exactly as registered at each
    /// provider. Required when any provider is configured.
    /// </summary>
    public string? RedirectUri { get; set; }

    /// <summary>By name (lower-case letters, digits and '-'; what admins pick, e.g. <c>google</c>).</summary>
    public Dictionary<string, OAuth2ProviderOptions> Providers { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One provider: a preset (<c>google</c>, <c>microsoft</c>) or any OpenID provider by its issuer (<c>oidc</c>).</summary>
public sealed class OAuth2ProviderOptions
{
    /// <summary><c>google</c>, <c>microsoft</c> or <c>oidc</c> (the default).</summary>
    public string Kind { get; set; } = OAuth2ProviderKinds.Oidc;

    /// <summary>What admins see ("Connect with …"); the preset's name or the provider's name by default.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The OpenID issuer (discovery at <c>{issuer}/.well-known/openid-configuration</c>). Required for <c>oidc</c>; the presets know theirs.</summary>
    public string? Issuer { get; set; }

    /// <summary>Microsoft only: the Entra tenant (id or domain) whose users may connect, or <c>organizations</c> (the default) for any work account.</summary>
    public string? Tenant { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The scopes asked for; the preset's when empty (an <c>oidc</c> provider needs the one that grants mail access).</summary>
    public List<string> Scopes { get; set; } = [];
}

public static class OAuth2ProviderKinds
{
    public const string Google = "google";
    public const string Microsoft = "microsoft";
    public const string Oidc = "oidc";
}
