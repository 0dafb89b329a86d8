using System.Text;
using MimeKit;

namespace MailGrains.Mail.Messages;

/// <summary>Finds what MimeKit silently forgives: a missing Message-ID, unknown charsets, raw 8-bit headers, multiparts cut short.</summary>
internal static class MessageInspector
{
    static MessageInspector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static void Inspect(MimeMessage message, byte[] raw, SortedSet<string> flags)
    {
        if (string.IsNullOrWhiteSpace(message.MessageId))
        {
            flags.Add(MessageFlags.NoMessageId);
        }

        if (message.Headers.Count == 0 || HasRawEightBitHeaders(raw))
        {
            flags.Add(MessageFlags.Malformed);
        }

        foreach (var entity in message.BodyParts.Prepend(message.Body).OfType<MimeEntity>())
        {
            if (entity.ContentType.Charset is { } charset && !IsKnownCharset(charset))
            {
                flags.Add(MessageFlags.Malformed);
            }
        }

        foreach (var multipart in Multiparts(message.Body))
        {
            if (multipart.Boundary is not { Length: > 0 } boundary || !Contains(raw, "--" + boundary + "--"))
            {
                flags.Add(MessageFlags.Malformed);
            }
        }
    }

    private static IEnumerable<Multipart> Multiparts(MimeEntity? entity)
    {
        switch (entity)
        {
            case Multipart multipart:
                yield return multipart;
                foreach (var child in multipart.SelectMany(Multiparts))
                {
                    yield return child;
                }

                break;
            case MessagePart { Message: { } inner }:
                foreach (var child in Multiparts(inner.Body))
                {
                    yield return child;
                }

                break;
        }
    }

    /// <summary>Bytes above 0x7F in the header block: not RFC 5322 (SMTPUTF8 aside), decoded by guesswork.</summary>
    private static bool HasRawEightBitHeaders(byte[] raw)
    {
        var end = IndexOf(raw, "\r\n\r\n"u8);
        if (end < 0)
        {
            end = IndexOf(raw, "\n\n"u8);
        }

        var headers = raw.AsSpan(0, end < 0 ? raw.Length : end);
        return headers.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;
    }

    private static bool IsKnownCharset(string charset)
    {
        try
        {
            return Encoding.GetEncoding(charset.Trim().Trim('"')) is not null;
        }
        catch (NotSupportedException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool Contains(byte[] raw, string text) => IndexOf(raw, Encoding.ASCII.GetBytes(text)) >= 0;

    private static int IndexOf(byte[] raw, ReadOnlySpan<byte> needle) => raw.AsSpan().IndexOf(needle);
}
