using MailGrains.Grains.Accounts;
using MailGrains.Grains.Secrets;
using MailGrains.Mail.Connections;

namespace MailGrains.Grains.Sending;

/// <summary>
/// An account's servers as the outbox dials them. The passwords arrive encrypted (<see cref="IAccountServerAccess"/>)
/// and are unprotected here, in the silo that dials, for the one connection that needs them.
/// </summary>
internal static class AccountEndpoints
{
    public static MailEndpoint Outgoing(this ServerAccess account, SecretProtector secrets, string accountKey)
        => Endpoints.Outgoing(account.Configuration.Sending, account.Credentials.OutgoingPassword(secrets, accountKey));

    public static MailEndpoint Incoming(this ServerAccess account, SecretProtector secrets, string accountKey)
        => Endpoints.Incoming(account.Configuration.Receiving, account.Credentials.IncomingPassword(secrets, accountKey));
}
