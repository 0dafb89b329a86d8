using MailGrains.Accounts;

namespace MailGrains.Grains.Accounts;

// Work in progress (issue 15): replaced by the OAuth2 connection of the account within this session.
internal sealed partial class MailAccountGrain
{
    public Task<OAuth2ConnectResult> ConnectOAuth2Async(OAuth2GrantInput grant)
        => Task.FromResult(new OAuth2ConnectResult(OAuth2ConnectOutcome.UnknownProvider, null, "OAuth2 is not built yet."));

    public Task<bool> DisconnectOAuth2Async() => Task.FromResult(false);
}
