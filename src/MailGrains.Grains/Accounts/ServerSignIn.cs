using MailGrains.Accounts;
using MailGrains.Grains.Secrets;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Errors;

namespace MailGrains.Grains.Accounts;

/// <summary>
/// An account's servers as the silo's other dialers (the outbox, server checks) reach them. Passwords arrive encrypted
/// (<see cref="IAccountServerAccess"/>) and are unprotected here, in the silo that dials, for the one connection that
/// needs them; a server that signs in with OAuth2 gets an access token from the account grain, which alone refreshes
/// them, also encrypted. No token: a <see cref="MailException"/> of kind <c>auth</c> with the account's sentence.
/// </summary>
internal static class ServerSignIn
{
    public static async Task<MailEndpoint> OutgoingAsync(this ServerAccess account, IAccountServerAccess grain, SecretProtector secrets, string accountKey)
        => account.Configuration.Sending.Server.SignIn == SignInMethod.OAuth2
            ? Endpoints.Outgoing(account.Configuration.Sending, null, await TokenAsync(grain, secrets, accountKey), account.OAuth2Address)
            : Endpoints.Outgoing(account.Configuration.Sending, account.Credentials.OutgoingPassword(secrets, accountKey));

    public static async Task<MailEndpoint> IncomingAsync(this ServerAccess account, IAccountServerAccess grain, SecretProtector secrets, string accountKey)
        => account.Configuration.Receiving.Server.SignIn == SignInMethod.OAuth2
            ? Endpoints.Incoming(account.Configuration.Receiving, null, await TokenAsync(grain, secrets, accountKey), account.OAuth2Address)
            : Endpoints.Incoming(account.Configuration.Receiving, account.Credentials.IncomingPassword(secrets, accountKey));

    private static async Task<string> TokenAsync(IAccountServerAccess grain, SecretProtector secrets, string accountKey)
    {
        var access = await grain.GetAccessTokenAsync();
        return access.Token is { } token
            ? secrets.Unprotect(token, MailAccountGrain.AccessTokenPurpose(accountKey))
            : throw new MailException(new MailError(MailErrorKind.Auth, access.Problem ?? "The account has no OAuth2 access token."));
    }
}
