using MailGrains.Accounts;
using MailGrains.Activities;
using MailGrains.Grains.Activities;
using MailGrains.Mail.Sending;
using MailGrains.Users;

namespace MailGrains.Grains.Sending;

/// <summary>Composes an outgoing mail from the account's and the sender's settings, and makes its activity.</summary>
internal static class OutgoingActivity
{
    public static ComposedMessage Compose(MailGrains.Sending.OutgoingMail mail, AccountConfiguration configuration, UserProfile sender, Activity? original, DateTimeOffset now)
    {
        var accountSignature = configuration.Sending.Signature;
        var signature = accountSignature.Text is not null || accountSignature.Html is not null ? accountSignature : sender.Signature;
        var subject = mail.Subject ?? (original?.Subject is { } s ? (s.StartsWith("Re:", StringComparison.OrdinalIgnoreCase) ? s : "Re: " + s) : "");
        return MessageComposer.Compose(
            new CompositionRequest(
                configuration.Identity.Name,
                configuration.Identity.Email,
                configuration.Identity.ReplyTo,
                mail.To,
                mail.Cc,
                subject,
                mail.Text,
                mail.Html,
                signature.Text,
                signature.Html,
                original?.MessageId,
                original?.References ?? [],
                now),
            mail.Bcc);
    }

    public static NewActivity Create(string accountKey, AccountConfiguration configuration, string senderUserId, ComposedMessage composed, DateTimeOffset now, long parseLimit)
    {
        var made = ActivityFactory.Create(accountKey, configuration.Filing, FolderRole.Sent, null, composed.Raw, now, parseLimit);
        return made with { Activity = made.Activity with { OwnerUserId = senderUserId, Status = DeliveryStatus.Queued } };
    }
}
