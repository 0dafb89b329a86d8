using MailGrains.Mail.Connections;

namespace MailGrains.Mail.Sending;

/// <summary>Hands one mail to an account's outgoing server and says what the server made of it.</summary>
public interface IMailSender
{
    /// <summary>
    /// Sends <paramref name="message"/> (the bytes as stored) to <paramref name="envelope"/>'s recipients. Connect, TLS, login,
    /// envelope and data together must end within <paramref name="deadline"/>. Never throws for mail-server trouble: every
    /// outcome is a <see cref="SubmissionOutcome"/>.
    /// </summary>
    Task<SubmissionOutcome> SendAsync(MailEndpoint server, byte[] message, MailEnvelope envelope, TimeSpan deadline, CancellationToken cancellationToken);
}

/// <summary>Who a mail is sent from and to on the wire (SMTP's MAIL FROM and RCPT TO); Bcc recipients are here and not in the message.</summary>
public sealed record MailEnvelope(string From, IReadOnlyList<string> Recipients);
