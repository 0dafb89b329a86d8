using MailGrains.Accounts;
using MailGrains.Activities;
using MailGrains.Grains.Activities;
using MailGrains.Mail.Sending;
using MailGrains.Users;

namespace MailGrains.Grains.Sending;

/// <summary>Composes an outgoing mail from the account's and the sender's settings, and makes its activity.</summary>
internal static class OutgoingActivity
{
    public static ComposedMessage Compose(MailGrains.Sending.OutgoingMail mail, AccountSettings settings, UserProfile sender, Activity? original, DateTimeOffset now)
    {
        var accountSignature = settings.Signature.Text is not null || settings.Signature.Html is not null;
        var signature = accountSignature ? settings.Signature : sender.Signature;
        var subject = mail.Subject ?? (original?.Subject is { } s ? (s.StartsWith("Re:", StringComparison.OrdinalIgnoreCase) ? s : "Re: " + s) : "");
        return MessageComposer.Compose(
            new CompositionRequest(
                settings.General.Name,
                settings.General.Email,
                settings.General.ReplyTo,
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

    public static NewActivity Create(string accountKey, AccountSettings settings, string senderUserId, ComposedMessage composed, DateTimeOffset now, long parseLimit)
    {
        var made = ActivityFactory.Create(accountKey, settings, FolderRole.Sent, null, composed.Raw, now, parseLimit);
        return made with { Activity = made.Activity with { OwnerUserId = senderUserId, Status = DeliveryStatus.Queued } };
    }
}
