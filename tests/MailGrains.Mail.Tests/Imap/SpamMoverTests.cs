using System.Text;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Errors;
using MailGrains.Mail.Imap;
using MailGrains.Testing;
using MailKit;

namespace MailGrains.Mail.Tests.Imap;

/// <summary>
/// Moving a message to the spam folder, with no cluster: against the real Dovecot (which has MOVE, UIDPLUS and
/// SPECIAL-USE), and against <see cref="ScriptedImap"/> for servers without them.
/// </summary>
public sealed class SpamMoverTests
{
    private readonly SpamMover _mover = new(new MailSessions(TestNetwork.TestServers.Connector()));

    [Fact]
    public async Task AMessageAtItsRecordedLocationIsMovedToTheServersJunkFolder()
    {
        await using var mailbox = await TestMailbox.CreateAsync("spamloc");
        var uids = await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1), TestMessages.Simple(2)]);

        var outcome = await _mover.MoveAsync(Imap(mailbox), null, At("INBOX", uids[1]), messageId: null);

        Assert.Equal(SpamMoveOutcome.Moved, outcome);
        Assert.Equal(["Test message 1"], await TestMessages.SubjectsAsync(mailbox, "INBOX"));
        Assert.Equal(["Test message 2"], await TestMessages.SubjectsAsync(mailbox, "Junk"));
    }

    [Fact]
    public async Task AMessageIsMovedToTheNamedSpamFolderRatherThanJunk()
    {
        await using var mailbox = await TestMailbox.CreateAsync("spamnamed");
        var uids = await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1)]);
        await CreateFolderAsync(mailbox, "Filtered");

        var outcome = await _mover.MoveAsync(Imap(mailbox), "Filtered", At("INBOX", uids[0]), messageId: null);

        Assert.Equal(SpamMoveOutcome.Moved, outcome);
        Assert.Equal(["Test message 1"], await TestMessages.SubjectsAsync(mailbox, "Filtered"));
        Assert.Empty(await TestMessages.SubjectsAsync(mailbox, "Junk"));
        Assert.Empty(await TestMessages.SubjectsAsync(mailbox, "INBOX"));
    }

    [Fact]
    public async Task AfterTheFolderWasRecreatedTheMessageWithExactlyThatMessageIdIsMovedNotOneContainingIt()
    {
        await using var mailbox = await TestMailbox.CreateAsync("spamid");
        var before = await TestMessages.AppendAsync(mailbox, "Archive", [Message("abc@x.example", "the one")]);

        await TestMessages.RecreateAsync(mailbox, "Archive");
        await TestMessages.AppendAsync(mailbox, "Archive", [Message("zabc@x.example", "a look-alike"), Message("abc@x.example", "the one")]);
        var outcome = await _mover.MoveAsync(Imap(mailbox), null, At("Archive", before[0]), "<abc@x.example>");

        Assert.Equal(SpamMoveOutcome.Moved, outcome);
        Assert.Equal(["the one"], await TestMessages.SubjectsAsync(mailbox, "Junk"));
        Assert.Equal(["a look-alike"], await TestMessages.SubjectsAsync(mailbox, "Archive"));
    }

    [Fact]
    public async Task AMessageNoLongerInItsFolderButAlreadyInTheSpamFolderCountsAsMovedAndNothingElseMoves()
    {
        await using var mailbox = await TestMailbox.CreateAsync("spamagain");
        var uids = await TestMessages.AppendAsync(mailbox, "INBOX", [Message("once@x.example", "moved before"), Message("other@x.example", "stays")]);
        Assert.Equal(SpamMoveOutcome.Moved, await _mover.MoveAsync(Imap(mailbox), null, At("INBOX", uids[0]), "<once@x.example>"));

        var again = await _mover.MoveAsync(Imap(mailbox), null, At("INBOX", uids[0]), "<once@x.example>");

        Assert.Equal(SpamMoveOutcome.AlreadyInSpam, again);
        Assert.Equal(["moved before"], await TestMessages.SubjectsAsync(mailbox, "Junk"));
        Assert.Equal(["stays"], await TestMessages.SubjectsAsync(mailbox, "INBOX"));
    }

    [Fact]
    public async Task AMessageThatIsGoneFromItsFolderAndNotInTheSpamFolderIsReportedGone()
    {
        await using var mailbox = await TestMailbox.CreateAsync("spamgone");
        var before = await TestMessages.AppendAsync(mailbox, "Archive", [Message("gone@x.example", "deleted by a client")]);
        await TestMessages.RecreateAsync(mailbox, "Archive");
        await TestMessages.AppendAsync(mailbox, "Archive", [Message("other@x.example", "another")]);

        var byId = await _mover.MoveAsync(Imap(mailbox), null, At("Archive", before[0]), "<gone@x.example>");
        var withoutId = await _mover.MoveAsync(Imap(mailbox), null, At("Archive", before[0]), messageId: null);

        Assert.Equal(SpamMoveOutcome.MessageGone, byId);
        Assert.Equal(SpamMoveOutcome.MessageGone, withoutId);
        Assert.Equal(["another"], await TestMessages.SubjectsAsync(mailbox, "Archive"));
        Assert.Empty(await TestMessages.SubjectsAsync(mailbox, "Junk"));
    }

    [Fact]
    public async Task ANamedSpamFolderThatDoesNotExistIsAFolderErrorThatNamesIt()
    {
        await using var mailbox = await TestMailbox.CreateAsync("spamnofolder");
        var uids = await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1)]);

        var failed = await Assert.ThrowsAsync<MailException>(() => _mover.MoveAsync(Imap(mailbox), "Nowhere", At("INBOX", uids[0]), messageId: null));

        Assert.Equal(MailErrorKind.Folder, failed.Error.Kind);
        Assert.Equal($"The folder 'Nowhere' does not exist on {TestServices.Host}.", failed.Error.Sentence);
        Assert.Equal(["Test message 1"], await TestMessages.SubjectsAsync(mailbox, "INBOX"));
    }

    [Fact]
    public async Task AWrongPasswordIsAnAuthErrorAndMovesNothing()
    {
        await using var mailbox = await TestMailbox.CreateAsync("spamauth");
        var uids = await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1)]);

        var failed = await Assert.ThrowsAsync<MailException>(() => _mover.MoveAsync(Imap(mailbox) with { Password = "wrong-password" }, null, At("INBOX", uids[0]), messageId: null));

        Assert.Equal(MailErrorKind.Auth, failed.Error.Kind);
        Assert.Equal(["Test message 1"], await TestMessages.SubjectsAsync(mailbox, "INBOX"));
    }

    [Fact]
    public async Task WithoutMoveTheMessageIsCopiedFlaggedDeletedAndOnlyItsUidIsExpungedWhereTheServerHasUidPlus()
    {
        await using var server = ScriptedImap.Start("UIDPLUS");

        var outcome = await _mover.MoveAsync(Scripted(server), "Junk", new MessageLocation("INBOX", ScriptedImap.UidValidity, ScriptedImap.Uid), messageId: null);

        Assert.Equal(SpamMoveOutcome.Moved, outcome);
        Assert.Equal(["UID COPY 1 Junk", "UID STORE 1 +FLAGS.SILENT (\\Deleted)", "UID EXPUNGE 1"], Commands(server).Where(c => c.StartsWith("UID ", StringComparison.Ordinal) && !c.StartsWith("UID SEARCH", StringComparison.Ordinal)));
        Assert.DoesNotContain(Commands(server), c => c.StartsWith("MOVE", StringComparison.Ordinal) || c.StartsWith("UID MOVE", StringComparison.Ordinal) || c.StartsWith("EXPUNGE", StringComparison.Ordinal) || c.StartsWith("CLOSE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutMoveOrUidPlusTheCopyIsLeftFlaggedDeletedAndNothingIsExpunged()
    {
        await using var server = ScriptedImap.Start("");

        var outcome = await _mover.MoveAsync(Scripted(server), "Junk", new MessageLocation("INBOX", ScriptedImap.UidValidity, ScriptedImap.Uid), messageId: null);

        Assert.Equal(SpamMoveOutcome.Moved, outcome);
        // Without UIDPLUS MailKit maps the UID to a sequence number first (SEARCH UID 1) and copies by that.
        Assert.Contains(Commands(server), c => c.EndsWith("COPY 1 Junk", StringComparison.Ordinal));
        Assert.Contains(Commands(server), c => c.EndsWith("STORE 1 +FLAGS.SILENT (\\Deleted)", StringComparison.Ordinal));
        Assert.DoesNotContain(Commands(server), c => c.Contains("EXPUNGE", StringComparison.Ordinal) || c.StartsWith("CLOSE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AServerWithoutSpecialUseHasNoSpamFolderUnlessTheAccountNamesOne()
    {
        await using var server = ScriptedImap.Start("UIDPLUS");

        var outcome = await _mover.MoveAsync(Scripted(server), null, new MessageLocation("INBOX", ScriptedImap.UidValidity, ScriptedImap.Uid), messageId: null);

        Assert.Equal(SpamMoveOutcome.NoSpamFolder, outcome);
        Assert.DoesNotContain(Commands(server), c => c.StartsWith("SELECT", StringComparison.Ordinal) || c.StartsWith("UID", StringComparison.Ordinal));
    }

    private static MailEndpoint Imap(TestMailbox mailbox) => new(TestServices.Host, TestServices.ImapPort, TransportSecurity.None, mailbox.UserName, mailbox.Password);

    private static MailEndpoint Scripted(ScriptedServer server) => new("127.0.0.1", server.Port, TransportSecurity.None, "anna", "secret-pw");

    private static MessageLocation At(string folder, UniqueId uid) => new(folder, uid.Validity, uid.Id);

    /// <summary>What the client sent, without the tags.</summary>
    private static List<string> Commands(ScriptedServer server) => [.. server.Lines.Select(l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..])];

    private static async Task CreateFolderAsync(TestMailbox mailbox, string name)
    {
        using var imap = await TestMessages.ConnectAsync(mailbox);
        await imap.GetFolder(imap.PersonalNamespaces[0]).CreateAsync(name, isMessageFolder: true);
        await imap.DisconnectAsync(quit: true);
    }

    private static byte[] Message(string id, string subject)
        => Encoding.ASCII.GetBytes($"Message-ID: <{id}>\r\nFrom: a@x.example\r\nTo: b@x.example\r\nSubject: {subject}\r\nDate: Thu, 01 Jan 2026 00:00:00 +0000\r\n\r\nbody\r\n");
}
