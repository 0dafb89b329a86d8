using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace MailGrains.Mail.Messages;

/// <summary>
/// Reads a raw message into a <see cref="MessageDigest"/>. Never throws for bad input: whatever MimeKit
/// cannot make sense of is flagged <see cref="MessageFlags.Malformed"/> and the rest is read as far as it goes.
/// </summary>
public static class MessageDigester
{
    /// <summary>Messages above this many bytes are not parsed whole (default of the fetch settings).</summary>
    public const long DefaultParseLimit = 50L * 1024 * 1024;

    private const int SnippetLength = 200;

    public static MessageDigest Digest(byte[] raw, long parseLimit = DefaultParseLimit)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(raw));
        var flags = new SortedSet<string>(StringComparer.Ordinal);
        MimeMessage? message = null;
        try
        {
            message = raw.Length > parseLimit ? HeadersOnly(raw, flags) : Parse(raw);
        }
        catch (Exception ex) when (ex is FormatException or ParseException or InvalidOperationException or ArgumentException)
        {
            flags.Add(MessageFlags.Malformed);
        }

        if (message is null)
        {
            return new MessageDigest(null, null, [], null, [], [], [], null, null, "", null, null, [], raw.Length, sha256, [.. flags.Append(MessageFlags.NoMessageId).Distinct()]);
        }

        var headersOnly = flags.Contains(MessageFlags.TooLarge);
        if (!headersOnly)
        {
            MessageInspector.Inspect(message, raw, flags);
        }
        else if (string.IsNullOrWhiteSpace(message.MessageId))
        {
            flags.Add(MessageFlags.NoMessageId);
        }

        var text = headersOnly ? null : Safe(() => message.TextBody, flags);
        var html = headersOnly ? null : Safe(() => message.HtmlBody, flags);
        return new MessageDigest(
            Angle(message.MessageId),
            Angle(message.InReplyTo),
            [.. message.References.Select(r => Angle(r)!)],
            Addresses(message.From).FirstOrDefault() ?? (message.Sender is { } sender ? new MailAddressValue(sender.Name ?? "", sender.Address ?? "") : null),
            Addresses(message.To),
            Addresses(message.Cc),
            Addresses(message.ReplyTo),
            message.Subject,
            message.Headers.Contains(HeaderId.Date) && message.Date != DateTimeOffset.MinValue ? message.Date : null,
            Snippet.From(text, html, SnippetLength),
            text,
            html,
            headersOnly ? [] : Attachments(message, flags),
            raw.Length,
            sha256,
            [.. flags]);
    }

    private static MimeMessage Parse(byte[] raw)
    {
        using var stream = new MemoryStream(raw, writable: false);
        return MimeMessage.Load(stream);
    }

    /// <summary>Parses only the header block (up to the first empty line), so a huge body is never loaded into objects.</summary>
    private static MimeMessage HeadersOnly(byte[] raw, SortedSet<string> flags)
    {
        flags.Add(MessageFlags.TooLarge);
        var end = raw.AsSpan().IndexOf("\r\n\r\n"u8);
        end = end >= 0 ? end + 4 : raw.AsSpan().IndexOf("\n\n"u8) is var lf and >= 0 ? lf + 2 : Math.Min(raw.Length, 64 * 1024);
        using var stream = new MemoryStream(raw, 0, end, writable: false);
        return MimeMessage.Load(stream);
    }

    private static string? Safe(Func<string?> read, SortedSet<string> flags)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or DecoderFallbackException)
        {
            flags.Add(MessageFlags.Malformed);
            return null;
        }
    }

    private static List<AttachmentInfo> Attachments(MimeMessage message, SortedSet<string> flags)
    {
        var list = new List<AttachmentInfo>();
        foreach (var entity in message.Attachments)
        {
            var size = 0L;
            try
            {
                using var counter = new CountingStream();
                switch (entity)
                {
                    case MimePart part when part.Content is not null:
                        part.Content.DecodeTo(counter);
                        break;
                    case MessagePart { Message: { } inner }:
                        inner.WriteTo(counter);
                        break;
                }

                size = counter.Length;
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException or IOException)
            {
                flags.Add(MessageFlags.Malformed);
            }

            var name = entity is MimePart mimePart ? mimePart.FileName : entity.ContentDisposition?.FileName ?? (entity as MessagePart)?.Message?.Subject;
            list.Add(new AttachmentInfo(name, entity.ContentType.MimeType, size));
        }

        return list;
    }

    private static List<MailAddressValue> Addresses(InternetAddressList list)
        => [.. list.Mailboxes.Select(m => new MailAddressValue(m.Name ?? "", m.Address ?? ""))];

    private static string? Angle(string? id) => string.IsNullOrWhiteSpace(id) ? null : $"<{id.Trim().Trim('<', '>')}>";
}
