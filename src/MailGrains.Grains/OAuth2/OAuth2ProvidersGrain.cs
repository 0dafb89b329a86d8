using System.Collections.Immutable;
using MailGrains.Accounts;

namespace MailGrains.Grains.OAuth2;

/// <summary>The operator's providers as tenant admins pick them (never a client id or secret); any silo answers.</summary>
[StatelessWorker]
internal sealed class OAuth2ProvidersGrain(OAuth2Providers providers) : Grain, IOAuth2ProvidersGrain
{
    public Task<ImmutableArray<OAuth2ProviderInfo>> ListAsync()
        => Task.FromResult<ImmutableArray<OAuth2ProviderInfo>>([.. providers.All.Select(p => new OAuth2ProviderInfo(p.Name, p.DisplayName, p.Kind))]);
}
