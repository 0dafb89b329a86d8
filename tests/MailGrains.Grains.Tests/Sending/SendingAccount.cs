using System.Collections.Immutable;
using MailGrains.Accounts;
using MailGrains.Testing;
using MailGrains.Users;

namespace MailGrains.Grains.Tests.Sending;

/// <summary>A send-only account <c>sales@example.test</c> owned by <c>anna</c>, who may send through it, on the test SMTP host.</summary>
internal static class SendingAccount
{
    public static AccountInput WithSmtpPort(int smtpPort) => new(
        new AccountSettings(
            new GeneralSettings("Sales", "sales@example.test", null, "", false),
            new DefaultSettings("anna", "E", [], [], []),
            new ServerSettings(new IncomingServer(MailProtocol.Imap, null, Security.None, null), new OutgoingServer(TestServices.Host, Security.None, null), 0),
            new ImapSettings(["INBOX"], null, null),
            Signature.None,
            new AdvancedSettings(0, smtpPort, 300, ImmutableDictionary<string, long>.Empty)),
        PasswordChange.Keep,
        PasswordChange.Keep,
        null);

    /// <summary>The same account sending through the submission port (STARTTLS) with a login, its password stored encrypted by the account grain.</summary>
    public static AccountInput WithSubmissionLogin(string userName, string password) => WithSmtpPort(TestServices.SubmissionPort) with
    {
        Settings = WithSmtpPort(TestServices.SubmissionPort).Settings with
        {
            Server = new ServerSettings(new IncomingServer(MailProtocol.Imap, null, Security.None, null), new OutgoingServer(TestServices.Host, Security.StartTls, userName), 0),
        },
        OutgoingPassword = PasswordChange.Set(password),
    };
}
