using System.Text;
using MimeKit;

namespace MailGrains.Bench;

/// <summary>The bench's mail: small text messages (about 1.5 KB) and large ones with two attachments.</summary>
public static class BenchMessages
{
    private static readonly string[] s_words = ["viewing", "offer", "apartment", "contract", "Friday", "keys", "garden", "price", "agent", "tenant", "deposit", "balcony"];

    public static byte[] Small(int number) => Write(Message(number, Text(number, 18), []));

    /// <summary>About <paramref name="kilobytes"/> KB on the wire: a text body, a document and an image (base64).</summary>
    public static byte[] Large(int number, int kilobytes)
    {
        var binary = kilobytes * 1024 * 3 / 4 - 2048;
        var random = new Random(number);
        var document = new byte[binary * 3 / 4];
        var image = new byte[binary - document.Length];
        random.NextBytes(document);
        random.NextBytes(image);
        return Write(Message(number, Text(number, 30), [("expose.pdf", "application/pdf", document), ("front.jpg", "image/jpeg", image)]));
    }

    private static MimeMessage Message(int number, string text, IEnumerable<(string Name, string Type, byte[] Content)> attachments)
    {
        var body = new BodyBuilder { TextBody = text };
        foreach (var (name, type, content) in attachments)
        {
            body.Attachments.Add(name, content, ContentType.Parse(type));
        }

        return new MimeMessage(
            [new MailboxAddress("Sender " + number, $"sender{number % 97}@example.test")],
            [new MailboxAddress("Office", "office@example.test")],
            $"Bench message {number}: {s_words[number % s_words.Length]}",
            body.ToMessageBody())
        {
            MessageId = $"bench{number}.{Guid.NewGuid():N}@example.test",
            Date = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(number),
        };
    }

    private static string Text(int number, int lines)
    {
        var text = new StringBuilder();
        for (var line = 0; line < lines; line++)
        {
            for (var word = 0; word < 11; word++)
            {
                text.Append(s_words[(number + line * 7 + word * 3) % s_words.Length]).Append(' ');
            }

            text.Append("\r\n");
        }

        return text.ToString();
    }

    private static byte[] Write(MimeMessage message)
    {
        var crlf = FormatOptions.Default.Clone();
        crlf.NewLineFormat = NewLineFormat.Dos;
        using var stream = new MemoryStream();
        message.WriteTo(crlf, stream);
        return stream.ToArray();
    }
}
