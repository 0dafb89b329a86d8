using Microsoft.Extensions.Options;

namespace MailGrains.Grains.OAuth2;

/// <summary>The operator's providers, by name, with their presets applied (from options checked at start).</summary>
public sealed class OAuth2Providers(IOptions<OAuth2Options> options)
{
    private readonly Lazy<IReadOnlyDictionary<string, OAuth2Provider>> _providers = new(
        () => options.Value.Providers.ToDictionary(p => p.Key, p => OAuth2Provider.From(p.Key, p.Value), StringComparer.Ordinal));

    public IReadOnlyCollection<OAuth2Provider> All => [.. _providers.Value.Values.OrderBy(p => p.Name, StringComparer.Ordinal)];

    /// <summary>The gateway's callback as registered at the providers.</summary>
    public Uri RedirectUri => new(options.Value.RedirectUri ?? throw new InvalidOperationException("MailGrains:OAuth2:RedirectUri is not set."));

    public OAuth2Provider? Find(string? name) => name is not null && _providers.Value.TryGetValue(name, out var provider) ? provider : null;
}
