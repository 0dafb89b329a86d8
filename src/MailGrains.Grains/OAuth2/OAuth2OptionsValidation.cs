using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.OAuth2;

/// <summary>
/// Checks the providers at start, so that a typo fails the silo's start with a sentence instead of an admin's consent
/// later: names, kinds, client ids and secrets, issuers (https, or http on loopback for a local test provider) and the
/// gateway's callback.
/// </summary>
public sealed partial class OAuth2OptionsValidation : IValidateOptions<OAuth2Options>
{
    public ValidateOptionsResult Validate(string? name, OAuth2Options options)
    {
        var failures = new List<string>();
        if (options.Providers.Count > 0 && !IsAllowedUrl(options.RedirectUri))
        {
            failures.Add($"{OAuth2Options.SectionName}:RedirectUri must be the gateway's absolute https callback URL (…/v1/oauth2/callback) when providers are configured.");
        }

        foreach (var (provider, settings) in options.Providers)
        {
            var prefix = $"{OAuth2Options.SectionName}:Providers:{provider}";
            if (!ProviderName().IsMatch(provider))
            {
                failures.Add($"{prefix}: a provider's name is 1 to 32 lower-case letters, digits or '-'.");
            }

            var kind = settings.Kind.ToLowerInvariant();
            if (kind is not (OAuth2ProviderKinds.Google or OAuth2ProviderKinds.Microsoft or OAuth2ProviderKinds.Oidc))
            {
                failures.Add($"{prefix}:Kind must be google, microsoft or oidc.");
            }

            if (string.IsNullOrWhiteSpace(settings.ClientId))
            {
                failures.Add($"{prefix}:ClientId is required.");
            }

            if (string.IsNullOrWhiteSpace(settings.ClientSecret))
            {
                failures.Add($"{prefix}:ClientSecret is required.");
            }

            if (kind == OAuth2ProviderKinds.Oidc ? !IsAllowedUrl(settings.Issuer) : settings.Issuer is not null && !IsAllowedUrl(settings.Issuer))
            {
                failures.Add($"{prefix}:Issuer must be the provider's absolute https issuer URL (http only on loopback).");
            }

            if (kind == OAuth2ProviderKinds.Oidc && settings.Scopes.Count == 0)
            {
                failures.Add($"{prefix}:Scopes must name the scope that grants mail access (with openid and offline_access).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsAllowedUrl(string? value)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            && string.IsNullOrEmpty(uri.UserInfo);

    [GeneratedRegex("^[a-z0-9-]{1,32}$")]
    private static partial Regex ProviderName();
}
