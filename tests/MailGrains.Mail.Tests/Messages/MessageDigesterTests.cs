using System.Security.Cryptography;
using System.Text;
using MailGrains.Mail.Messages;
using MailGrains.Testing;

namespace MailGrains.Mail.Tests.Messages;

/// <summary>Every message, however odd, is read into a digest; what is broken is flagged, never thrown.</summary>
public sealed class MessageDigesterTests
{
    public static TheoryData<string> CorpusFiles()
    {
        var files = Directory.GetFiles(TestServices.MimeCorpusFolder).Where(f => Path.GetFileName(f) != "LICENSE").Order().ToList();
        Assert.True(files.Count >= 25, $"the corpus at {TestServices.MimeCorpusFolder} is missing");
        return [.. files.Select(f => Path.GetFileName(f))];
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void EveryCorpusMessageIsDigestedWithItsExactSizeAndHash(string file)
    {
        var raw = File.ReadAllBytes(Path.Combine(TestServices.MimeCorpusFolder, file));

        var digest = MessageDigester.Digest(raw);

        Assert.Equal(raw.Length, digest.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(raw)), digest.Sha256);
        Assert.True(digest.Snippet.Length <= 200);
    }

    [Fact]
    public void AWellFormedMultipartGivesItsHeadersBodyAndAttachment()
    {
        var raw = File.ReadAllBytes(Path.Combine(TestServices.MimeCorpusFolder, "simple-multipart.eml"));

        var digest = MessageDigester.Digest(raw);

        Assert.Equal("<54AD68C9E3B0184CAC6041320424FD1B5B81E74D@localhost.localdomain>", digest.MessageId);
        Assert.Equal("this is a simple multipart message", digest.Subject);
        Assert.Equal("mimekit@example.com", digest.From?.Address);
        Assert.Equal("This is the message body.", digest.Snippet);
        var attachment = Assert.Single(digest.Attachments);
        Assert.Empty(digest.Flags);
        Assert.True(attachment.Size > 0);
    }

    [Fact]
    public void AMessageWithoutMessageIdIsFlaggedSo()
    {
        var digest = MessageDigester.Digest(Message("Subject: hi\r\nFrom: a@example.test\r\n\r\nbody"));

        Assert.Null(digest.MessageId);
        Assert.Equal([MessageFlags.NoMessageId], digest.Flags);
    }

    [Theory]
    [InlineData("multipart cut short", "Message-ID: <a@x>\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\npart one\r\n--b1\r\nContent-Type: text/plain\r\n\r\npart tw")]
    [InlineData("unknown charset", "Message-ID: <a@x>\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\nbody")]
    [InlineData("raw 8-bit header", "Message-ID: <a@x>\r\nSubject: Gr\u00fc\u00dfe\r\n\r\nbody")]
    [InlineData("no headers at all", "just some text\r\nwith two lines")]
    public void ABrokenMessageIsDigestedAndFlaggedMalformed(string why, string text)
    {
        var digest = MessageDigester.Digest(Encoding.Latin1.GetBytes(text));

        Assert.True(digest.Flags.Contains(MessageFlags.Malformed), $"{why}: flags were [{string.Join(", ", digest.Flags)}]");
        Assert.Equal(Encoding.Latin1.GetByteCount(text), digest.Size);
    }

    [Fact]
    public void RandomBytesStillGiveADigest()
    {
        var raw = new byte[4096];
        new Random(7).NextBytes(raw);

        var digest = MessageDigester.Digest(raw);

        Assert.Equal(raw.Length, digest.Size);
        Assert.Contains(MessageFlags.Malformed, digest.Flags);
    }

    [Fact]
    public void AMessageAboveTheParseLimitIsFlaggedAndOnlyItsHeadersAreRead()
    {
        var raw = Message("Message-ID: <big@x>\r\nSubject: big one\r\nFrom: a@example.test\r\n\r\n" + new string('x', 10_000));

        var digest = MessageDigester.Digest(raw, parseLimit: 1_000);

        Assert.Equal([MessageFlags.TooLarge], digest.Flags);
        Assert.Equal("big one", digest.Subject);
        Assert.Equal("<big@x>", digest.MessageId);
        Assert.Null(digest.TextBody);
    }

    [Fact]
    public void TheSnippetIsOneShortLineOfTextWithoutMarkupOrScripts()
    {
        var raw = Message("Message-ID: <h@x>\r\nContent-Type: text/html\r\n\r\n<html><head><style>p{}</style><script>alert(1)</script></head><body><p>Hello&nbsp;there,</p>\r\n\r\n<p>   dear   reader</p></body></html>");

        var digest = MessageDigester.Digest(raw);

        Assert.Equal("Hello there, dear reader", digest.Snippet);
    }

    private static byte[] Message(string text) => Encoding.UTF8.GetBytes(text);
}
