using MailGrains.Accounts;
using MailGrains.Testing;
using MailGrains.Users;

namespace MailGrains.Grains.Tests.Sending;

/// <summary>A send-only account <c>sales@example.test</c> owned by <c>anna</c>, who may send through it, on the test SMTP host.</summary>
internal static class SendingAccount
{
    public static AccountInput WithSmtpPort(int smtpPort) => new(
        new AccountConfiguration(
            new MailboxIdentity("Sales", "sales@example.test", null, ""),
            new ActivityFiling("anna", "E", null, [], []),
            new MailReceiving(false, MailProtocol.Imap, new MailServer(null, 0, Security.None, null), ["INBOX"], null, 300, 0),
            new MailSending(new MailServer(TestServices.Host, smtpPort, Security.None, null), [], null, Signature.None)),
        PasswordChange.Keep,
        PasswordChange.Keep,
        null);

    /// <summary>The same account sending through the submission port (STARTTLS) with a login, its password stored encrypted by the account grain.</summary>
    public static AccountInput WithSubmissionLogin(string userName, string password) => WithSmtpPort(TestServices.SubmissionPort) with
    {
        Configuration = WithSmtpPort(TestServices.SubmissionPort).Configuration with
        {
            Sending = new MailSending(new MailServer(TestServices.Host, TestServices.SubmissionPort, Security.StartTls, userName), [], null, Signature.None),
        },
        OutgoingPassword = PasswordChange.Set(password),
    };
}
