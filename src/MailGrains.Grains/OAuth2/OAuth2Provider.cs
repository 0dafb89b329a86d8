namespace MailGrains.Grains.OAuth2;

/// <summary>
/// A configured provider with its preset applied: where its discovery document is, what to ask for, the extra
/// authorization parameters that make it return a refresh token, and the other addresses its discovery document may
/// name endpoints at (Google's token endpoint is not under its issuer, Microsoft's userinfo neither).
/// </summary>
public sealed record OAuth2Provider(
    string Name,
    string DisplayName,
    string Kind,
    Uri Issuer,
    string ClientId,
    string ClientSecret,
    string Scope,
    IReadOnlyDictionary<string, string> AuthorizeParameters,
    bool IssuerNameInDiscovery,
    IReadOnlyList<string>? OtherEndpointBases = null)
{
    /// <summary>Never the client secret.</summary>
    public override string ToString() => $"{Name} ({Kind}, {Issuer})";

    /// <summary>The provider <paramref name="name"/> of <paramref name="options"/>, with the preset of its kind.</summary>
    public static OAuth2Provider From(string name, OAuth2ProviderOptions options)
    {
        var kind = options.Kind.ToLowerInvariant();
        var scopes = options.Scopes.Count > 0 ? string.Join(' ', options.Scopes) : null;
        return kind switch
        {
            OAuth2ProviderKinds.Google => new(
                name, options.DisplayName ?? "Google", kind, new Uri(options.Issuer ?? "https://accounts.google.com"), options.ClientId!, options.ClientSecret!,
                scopes ?? "openid email https://mail.google.com/",
                // Google returns a refresh token only for offline access, and again only when consent is asked anew.
                new Dictionary<string, string>(StringComparer.Ordinal) { ["access_type"] = "offline", ["prompt"] = "consent" },
                IssuerNameInDiscovery: true,
                ["https://oauth2.googleapis.com", "https://openidconnect.googleapis.com", "https://www.googleapis.com"]),
            OAuth2ProviderKinds.Microsoft => new(
                name, options.DisplayName ?? "Microsoft 365", kind,
                new Uri(options.Issuer ?? $"https://login.microsoftonline.com/{options.Tenant ?? "organizations"}/v2.0"), options.ClientId!, options.ClientSecret!,
                scopes ?? "openid email offline_access https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/POP.AccessAsUser.All https://outlook.office.com/SMTP.Send",
                new Dictionary<string, string>(StringComparer.Ordinal) { ["prompt"] = "select_account" },
                // The multi-tenant document names "{tenantid}" as its issuer, not the address it is read from.
                IssuerNameInDiscovery: false,
                ["https://graph.microsoft.com"]),
            _ => new(
                name, options.DisplayName ?? name, OAuth2ProviderKinds.Oidc, new Uri(options.Issuer!), options.ClientId!, options.ClientSecret!,
                scopes ?? "openid email offline_access",
                new Dictionary<string, string>(StringComparer.Ordinal) { ["prompt"] = "consent" },
                IssuerNameInDiscovery: true),
        };
    }
}
