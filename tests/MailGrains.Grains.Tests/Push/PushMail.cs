using System.Diagnostics;
using MailGrains.Testing;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MailGrains.Grains.Tests.Push;

/// <summary>Mail delivered the way it reaches a real mailbox (through the test Postfix, then LMTP into Dovecot), and what Dovecot says about a user's sessions.</summary>
internal static class PushMail
{
    /// <summary>Sends one message to <paramref name="mailbox"/> through the test Postfix.</summary>
    public static async Task DeliverAsync(TestMailbox mailbox, string subject)
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(TestServices.Host, TestServices.SmtpPort, SecureSocketOptions.None);
        await smtp.SendAsync(new MimeMessage(
            [MailboxAddress.Parse("carla@example.test")],
            [MailboxAddress.Parse(mailbox.Address)],
            subject,
            new TextPart("plain") { Text = $"{subject}: delivered while the account idles." }));
        await smtp.DisconnectAsync(quit: true);
    }

    /// <summary>How many IMAP sessions the test Dovecot holds for <paramref name="mailbox"/> now (<c>doveadm who</c>).</summary>
    public static async Task<int> ImapSessionsAsync(TestMailbox mailbox)
    {
        using var doveadm = Process.Start(new ProcessStartInfo("doveadm", ["-c", TestServices.DovecotConfigFile, "who", "-1", mailbox.UserName])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await doveadm.StandardOutput.ReadToEndAsync();
        await doveadm.WaitForExitAsync();
        if (doveadm.ExitCode != 0)
        {
            throw new InvalidOperationException($"doveadm who {mailbox.UserName} failed: {await doveadm.StandardError.ReadToEndAsync()}");
        }

        return output.Split('\n').Count(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var user, "imap", ..] && user == mailbox.UserName);
    }
}
