using MailGrains.Mail.Errors;
using MailGrains.Mail.Sending;
using MailGrains.Testing;

namespace MailGrains.Mail.Tests.Sending;

/// <summary>Handing a mail to the real Postfix (submission: STARTTLS and login), and to scripted servers for what Postfix cannot be made to answer.</summary>
public sealed class SmtpSenderTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task AMailThePostfixTakesIsAcceptedAndArrivesInTheRecipientsInbox()
    {
        await using var sender = await TestMailbox.CreateAsync("sender");
        await using var recipient = await TestMailbox.CreateAsync("recipient");
        var (raw, subject, _) = SentMail.Message(sender.Address, recipient.Address);

        var outcome = await new SmtpSender(SentMail.Sessions()).SendAsync(SentMail.Submission(sender), raw, new MailEnvelope(sender.Address, [recipient.Address]), s_deadline, CancellationToken.None);

        Assert.IsType<SubmissionOutcome.Accepted>(outcome);
        Assert.Single(await Eventually.MatchesAsync(() => SentMail.FlagsAsync(recipient, "INBOX", subject), f => f.Count > 0, s_patience, "the mail in the recipient's INBOX"));
    }

    [Fact]
    public async Task ARecipientThePostfixRefusesIsRejectedWithTheCodeAndAShortExcerptOfItsAnswer()
    {
        await using var sender = await TestMailbox.CreateAsync("sender");
        var ghost = FreshNames.MailUser("ghost") + "@" + TestServices.MailDomain;
        var (raw, _, _) = SentMail.Message(sender.Address, ghost);

        var outcome = await new SmtpSender(SentMail.Sessions()).SendAsync(SentMail.Submission(sender), raw, new MailEnvelope(sender.Address, [ghost]), s_deadline, CancellationToken.None);

        var rejected = Assert.IsType<SubmissionOutcome.Rejected>(outcome);
        Assert.Equal(550, rejected.Code);
        Assert.StartsWith($"{TestServices.Host} refused the mail: 550 ", rejected.Error.Sentence, StringComparison.Ordinal);
        Assert.InRange(rejected.ServerExcerpt!.Length, 1, ServerText.MaxLength);
        Assert.Equal(MailErrorKind.Command, rejected.Error.Kind);
    }

    [Fact]
    public async Task ALongRefusalFullOfControlCharactersReachesTheOutcomeOnlyAsAShortPrintableExcerpt()
    {
        var refusal = "550 5.7.1 " + new string('x', 300) + "\u001b[31m<script>";
        await using var server = ScriptedServer.Start("220 scripted ESMTP", line => Verb(line) switch
        {
            "RCPT" => refusal,
            "QUIT" => "221 bye",
            _ => "250 ok",
        });

        var outcome = await SendToScriptedAsync(server.Port);

        var rejected = Assert.IsType<SubmissionOutcome.Rejected>(outcome);
        Assert.Equal(550, rejected.Code);
        Assert.Equal(ServerText.MaxLength, rejected.ServerExcerpt!.Length);
        Assert.DoesNotContain(rejected.Error.Sentence, c => char.IsControl(c));
        Assert.DoesNotContain("<script>", rejected.Error.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATemporaryRefusalIsDeferredWithTheServersCode()
    {
        await using var server = ScriptedServer.Start("220 scripted ESMTP", line => Verb(line) switch
        {
            "MAIL" => "451 4.3.0 Try again later",
            "QUIT" => "221 bye",
            _ => "250 ok",
        });

        var outcome = await SendToScriptedAsync(server.Port);

        var deferred = Assert.IsType<SubmissionOutcome.Deferred>(outcome);
        Assert.Equal($"{TestServices.Host} answered 451 4.3.0 Try again later", deferred.Error.Sentence);
    }

    [Fact]
    public async Task AnUnreachableServerIsDeferred()
    {
        var outcome = await new SmtpSender(SentMail.Sessions()).SendAsync(
            new(TestServices.Host, FreePort.Next(), Connections.TransportSecurity.None, null, null), SentMail.Message("a@example.test", "b@example.test").Raw, new MailEnvelope("a@example.test", ["b@example.test"]), s_deadline, CancellationToken.None);

        var deferred = Assert.IsType<SubmissionOutcome.Deferred>(outcome);
        Assert.Equal(MailErrorKind.Connect, deferred.Error.Kind);
        Assert.StartsWith("Cannot connect to ", deferred.Error.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerTheNetworkPolicyRefusesIsRejectedAtOnceWithThePolicysReasonAndNothingIsDialled()
    {
        await using var server = ScriptedServer.Start("220 scripted ESMTP", _ => "250 ok");

        var outcome = await new SmtpSender(SentMail.Sessions(TestNetwork.ProductionDefault)).SendAsync(
            new(TestServices.Host, server.Port, Connections.TransportSecurity.StartTls, "anna", "pw"), SentMail.Message("a@example.test", "b@example.test").Raw, new MailEnvelope("a@example.test", ["b@example.test"]), s_deadline, CancellationToken.None);

        var rejected = Assert.IsType<SubmissionOutcome.Rejected>(outcome);
        Assert.Equal(MailErrorKind.Policy, rejected.Error.Kind);
        Assert.Null(rejected.Code);
        Assert.Contains("network policy does not allow", rejected.Error.Sentence, StringComparison.Ordinal);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task AServerThatNeverFinishesItsGreetingIsCutOffByTheDeadlineAndDeferredSayingSo()
    {
        await using var server = ScriptedServer.Start("220-still greeting", _ => null);

        var outcome = await new SmtpSender(SentMail.Sessions()).SendAsync(
            new(TestServices.Host, server.Port, Connections.TransportSecurity.None, null, null), SentMail.Message("a@example.test", "b@example.test").Raw, new MailEnvelope("a@example.test", ["b@example.test"]), TimeSpan.FromSeconds(2), CancellationToken.None);

        var deferred = Assert.IsType<SubmissionOutcome.Deferred>(outcome);
        Assert.Equal(MailErrorKind.Timeout, deferred.Error.Kind);
        Assert.Equal($"{TestServices.Host}:{server.Port} did not take the mail within 2 s.", deferred.Error.Sentence);
    }

    private static Task<SubmissionOutcome> SendToScriptedAsync(int port)
        => new SmtpSender(SentMail.Sessions()).SendAsync(
            new(TestServices.Host, port, Connections.TransportSecurity.None, null, null),
            SentMail.Message("a@example.test", "b@example.test").Raw,
            new MailEnvelope("a@example.test", ["b@example.test"]),
            s_deadline,
            CancellationToken.None);

    private static string Verb(string line) => line.Split(' ', ':')[0].ToUpperInvariant();
}
