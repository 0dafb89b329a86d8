using Azure;
using MailGrains.Mail.Errors;
using MailGrains.Mail.Network;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;

namespace MailGrains.Mail.Tests.Errors;

/// <summary>What a tenant reads in lastError, a connection test or an outbox status: no server banner, no storage error body, only short clean excerpts.</summary>
public sealed class ErrorSentenceTests
{
    [Fact]
    public void AnSshBannerWhereAPop3ServerShouldBeIsNotShown()
    {
        var described = MailErrors.From(new Pop3ProtocolException("Unexpected greeting from server: SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5"), "127.0.0.1", 22).Sentence;

        Assert.DoesNotContain("SSH", described, StringComparison.Ordinal);
        Assert.DoesNotContain("OpenSSH", described, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:22", described, StringComparison.Ordinal);
    }

    [Fact]
    public void AnImapProtocolErrorShowsNoServerText()
    {
        var described = MailErrors.From(new ImapProtocolException("Syntax error in untagged FETCH response. Unexpected token: [atom: internal-host-42]"), "mail.example.com", 993).Sentence;

        Assert.DoesNotContain("internal-host-42", described, StringComparison.Ordinal);
    }

    [Fact]
    public void AStorageErrorShowsItsTypeButNotItsBodyOrHeaders()
    {
        var storage = new RequestFailedException(413, "The property value exceeds the maximum allowed size (64KB).\nRequestId:9f2c\n<?xml version=\"1.0\"?><error><code>PropertyValueTooLarge</code></error>\nHeaders: x-ms-request-id: 9f2c, Server: Azurite-Table/3.33.0", "PropertyValueTooLarge", null);

        var described = MailErrors.From(storage, "mail.example.com", 993).Sentence;

        Assert.Contains("RequestFailedException", described, StringComparison.Ordinal);
        Assert.DoesNotContain("<", described, StringComparison.Ordinal);
        Assert.DoesNotContain("x-ms-request-id", described, StringComparison.Ordinal);
        Assert.DoesNotContain("PropertyValueTooLarge", described, StringComparison.Ordinal);
        Assert.DoesNotContain("64KB", described, StringComparison.Ordinal);
    }

    [Fact]
    public void AServerRefusalIsAShortPrintableExcerpt()
    {
        var text = "5.7.1 Relay access denied\r\n\u001b[31m" + new string('x', 500) + "\u0000";

        var described = MailErrors.From(new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, text), "smtp.example.com", 587).Sentence;

        Assert.Contains("550 5.7.1 Relay access denied", described, StringComparison.Ordinal);
        Assert.DoesNotContain(described, c => char.IsControl(c));
        var excerpt = described[(described.IndexOf("550 ", StringComparison.Ordinal) + 4)..];
        Assert.True(excerpt.Length <= ServerText.MaxLength, excerpt);
    }

    [Fact]
    public void APolicyRefusalIsShownAsWrittenAndHasItsOwnKind()
    {
        var refusal = new OutboundPolicyException("mail.example.com resolves to 10.0.0.5, which this service's network policy does not allow.");

        Assert.Equal(refusal.Message, MailErrors.From(refusal, "mail.example.com", 993).Sentence);
        Assert.Equal("policy", MailErrors.From(refusal, "mail.example.com", 993).Tag);
        Assert.Contains("policy", MailError.Tags);
    }
}
