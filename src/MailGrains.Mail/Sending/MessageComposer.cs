using MimeKit;
using MimeKit.Utils;

namespace MailGrains.Mail.Sending;

/// <summary>What goes into an outgoing mail.</summary>
public sealed record CompositionRequest(
    string FromName,
    string FromAddress,
    string? ReplyTo,
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc,
    string Subject,
    string? Text,
    string? Html,
    string? SignatureText,
    string? SignatureHtml,
    string? InReplyTo,
    IReadOnlyList<string> References,
    DateTimeOffset Date);

/// <summary>A composed mail: its bytes exactly as sent (no Bcc header), its Message-ID and envelope recipients.</summary>
public sealed record ComposedMessage(byte[] Raw, string MessageId, IReadOnlyList<string> Recipients);

/// <summary>
/// Builds the MIME message: From = account name and address, Reply-To when set, the signature appended to
/// the text part and to the HTML part (a text-only mail gets the text signature), threading headers for a
/// reply, a Message-ID generated once (kept across retries by keeping the bytes).
/// </summary>
public static class MessageComposer
{
    public static ComposedMessage Compose(CompositionRequest request, IReadOnlyList<string> bcc)
    {
        var message = new MimeMessage { Subject = request.Subject, Date = request.Date };
        message.From.Add(new MailboxAddress(request.FromName, request.FromAddress));
        if (request.ReplyTo is { } replyTo)
        {
            message.ReplyTo.Add(MailboxAddress.Parse(replyTo));
        }

        message.To.AddRange(request.To.Select(MailboxAddress.Parse));
        message.Cc.AddRange(request.Cc.Select(MailboxAddress.Parse));
        var domain = request.FromAddress[(request.FromAddress.LastIndexOf('@') + 1)..];
        message.MessageId = MimeUtils.GenerateMessageId(domain);
        if (request.InReplyTo is { } inReplyTo)
        {
            message.InReplyTo = inReplyTo;
            foreach (var reference in request.References.Append(inReplyTo).Distinct(StringComparer.Ordinal))
            {
                message.References.Add(reference);
            }
        }

        var body = new BodyBuilder();
        var text = request.Text ?? (request.Html is null ? "" : null);
        if (text is not null)
        {
            body.TextBody = request.SignatureText is { } textSignature ? $"{text}\r\n\r\n-- \r\n{textSignature}" : text;
        }

        if (request.Html is { } html)
        {
            body.HtmlBody = request.SignatureHtml is { } htmlSignature ? $"{html}\r\n<div class=\"signature\">{htmlSignature}</div>" : html;
        }

        message.Body = body.ToMessageBody();
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        using var stream = new MemoryStream();
        message.WriteTo(format, stream);
        var recipients = request.To.Concat(request.Cc).Concat(bcc).Select(a => MailboxAddress.Parse(a).Address).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new ComposedMessage(stream.ToArray(), $"<{message.MessageId}>", recipients);
    }
}
