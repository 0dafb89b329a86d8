using System.Text;
using MailGrains.Activities;
using MailGrains.Testing;

namespace MailGrains.Grains.Tests.Fetching;

/// <summary>The spam move finds the message it means, even when its UID is gone and another's Message-ID contains its own. Real Dovecot.</summary>
public sealed class SpamMoveEdgeTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task AfterTheFolderWasRecreatedTheMessageWithExactlyThatMessageIdIsMovedNotOneContainingIt()
    {
        await using var storage = new TestStorage();
        await using var cluster = TestClusterFactory.Create(storage);
        await cluster.DeployAsync();
        await using var mailbox = await TestMailbox.CreateAsync("spamid");
        await TestMessages.AppendAsync(mailbox, "Archive", [Message("abc@x.example", "the one")]);
        var account = await ImapAccount.EnableAsync(cluster.Client, mailbox, "Archive");
        await account.WaitForCursorAsync("Archive", p => p.LastUid == 1, s_patience, "the mail");
        var activity = Assert.Single(await account.ListAllAsync());

        await TestMessages.RecreateAsync(mailbox, "Archive");
        await TestMessages.AppendAsync(mailbox, "Archive", [Message("zabc@x.example", "a look-alike"), Message("abc@x.example", "the one")]);
        var result = await account.Owner.MarkSpamAsync(activity.Id);

        Assert.Equal(SpamOutcome.Marked, result.Outcome);
        Assert.Equal(["the one"], await TestMessages.SubjectsAsync(mailbox, "Junk"));
        Assert.Equal(["a look-alike"], await TestMessages.SubjectsAsync(mailbox, "Archive"));
    }

    private static byte[] Message(string id, string subject)
        => Encoding.ASCII.GetBytes($"Message-ID: <{id}>\r\nFrom: a@x.example\r\nTo: b@x.example\r\nSubject: {subject}\r\nDate: Thu, 01 Jan 2026 00:00:00 +0000\r\n\r\nbody\r\n");
}
