using MailGrains.Mail.Imap.Idle;
using MailGrains.Testing;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MailGrains.Mail.Tests.Imap;

/// <summary>
/// Watching a folder with IMAP IDLE against the real test servers: new mail wakes the watcher (appended over IMAP on
/// Dovecot, Cyrus and Courier, and delivered through Postfix), IDLE is renewed, a session the server drops comes
/// back, and bursts are reported once. No test proves an absence by waiting: the callback count is read at moments
/// the watcher's own progress pins down.
/// </summary>
public sealed class ImapIdleWatcherTests
{
    // The test Cyrus and Courier look for new mail every 2 s while a client idles (no idled; imapidlepoll and
    // IMAP_IDLE_TIMEOUT in deploy/local/cyrus.sh and courier.sh); Dovecot announces at once.
    [Theory]
    [InlineData(MailServerKind.Dovecot)]
    [InlineData(MailServerKind.Cyrus)]
    [InlineData(MailServerKind.Courier)]
    public async Task MailAppendedToTheWatchedFolderWakesTheWatcher(MailServerKind kind)
    {
        await using var mailbox = await TestMailbox.CreateAsync("idlewake", TestMailServer.Of(kind));
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1)]); // mail that was there before is no news
        await using var watch = RunningWatch.Start(RunningWatch.EndpointOf(mailbox), "INBOX");
        await watch.UntilIdlingAsync();

        Assert.Equal(0, watch.Calls);
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(2)]);
        await watch.UntilCalledAsync(1, "the new mail to be reported");

        Assert.Equal(IdleOutcome.Stopped, await watch.StopAsync());
        Assert.Equal(1, watch.Progress.SessionsOpened);
    }

    [Fact]
    public async Task MailDeliveredThroughPostfixWakesTheWatcher()
    {
        await using var mailbox = await TestMailbox.CreateAsync("idlesmtp");
        await using var watch = RunningWatch.Start(RunningWatch.EndpointOf(mailbox), "INBOX");
        await watch.UntilIdlingAsync();

        Assert.Equal(0, watch.Calls);
        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync(TestServices.Host, TestServices.SmtpPort, SecureSocketOptions.None);
            await smtp.SendAsync(new MimeMessage(
                [MailboxAddress.Parse("carla@example.test")],
                [MailboxAddress.Parse(mailbox.Address)],
                "Pushed",
                new TextPart("plain") { Text = "Delivered while the watcher idles." }));
            await smtp.DisconnectAsync(quit: true);
        }

        await watch.UntilCalledAsync(1, "the delivered mail to be reported");
        Assert.Equal(IdleOutcome.Stopped, await watch.StopAsync());
    }

    [Fact]
    public async Task ReportingOnFirstOpenCallsBackOnceBeforeTheFirstIdleAndThenOnlyForNewMail()
    {
        await using var mailbox = await TestMailbox.CreateAsync("idlefirst");
        await using var watch = RunningWatch.Start(RunningWatch.EndpointOf(mailbox), "INBOX", RunningWatch.FastOptions with { ReportOnFirstOpen = true });
        await watch.UntilIdlingAsync();

        Assert.Equal((1, 1), (watch.Calls, watch.Progress.IdleCommands));
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1)]);
        await watch.UntilCalledAsync(2, "the new mail to be reported");
        Assert.Equal(IdleOutcome.Stopped, await watch.StopAsync());
    }

    [Fact]
    public async Task IdleIsRenewedOnTheSameSessionAndStillReportsMailAfterSeveralRenewals()
    {
        await using var mailbox = await TestMailbox.CreateAsync("idlerenew");
        var options = RunningWatch.FastOptions with { RenewAfter = TimeSpan.FromSeconds(1) };
        await using var watch = RunningWatch.Start(RunningWatch.EndpointOf(mailbox), "INBOX", options);
        await watch.UntilIdlingAsync(idleCommands: 4);

        Assert.Equal((0, 1), (watch.Calls, watch.Progress.SessionsOpened));
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1)]);
        await watch.UntilCalledAsync(1, "the mail after several renewals to be reported");

        Assert.Equal(1, watch.Progress.SessionsOpened);
        Assert.Equal(IdleOutcome.Stopped, await watch.StopAsync());
    }

    [Fact]
    public async Task ASessionTheServerDropsIsReopenedAndReportsTheNextMail()
    {
        await using var mailbox = await TestMailbox.CreateAsync("idlekick");
        await using var watch = RunningWatch.Start(RunningWatch.EndpointOf(mailbox), "INBOX");
        await watch.UntilIdlingAsync();

        await mailbox.KickSessionsAsync();
        await watch.UntilAsync(p => p.SessionsOpened >= 2 && p.State == IdleWatchState.Idling, "the watcher to reconnect and idle again");

        Assert.Equal(0, watch.Calls); // nothing arrived while it was away, so nothing is reported for the gap
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1)]);
        await watch.UntilCalledAsync(1, "the next mail to be reported on the new session");
        Assert.Equal(IdleOutcome.Stopped, await watch.StopAsync());
    }

    [Fact]
    public async Task MailThatArrivedWhileTheSessionWasDownIsReportedOnReconnecting()
    {
        await using var mailbox = await TestMailbox.CreateAsync("idlegap");
        // A reconnection delay long enough for the append below to land while no session watches.
        var options = RunningWatch.FastOptions with { FirstReconnectDelay = TimeSpan.FromSeconds(5), MaxReconnectDelay = TimeSpan.FromSeconds(5) };
        var idleCommandsAtReport = -1;
        IdleWatchProgress? progress = null;
        await using var watch = RunningWatch.Start(RunningWatch.EndpointOf(mailbox), "INBOX", options, onCall: (_, _) =>
        {
            idleCommandsAtReport = progress!.IdleCommands;
            return Task.CompletedTask;
        });
        progress = watch.Progress;
        await watch.UntilIdlingAsync();

        await mailbox.KickSessionsAsync();
        await watch.UntilAsync(p => p.State == IdleWatchState.WaitingToReconnect, "the watcher to notice the dropped session");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1)]);
        await watch.UntilCalledAsync(1, "the mail from the gap to be reported");

        // Reported when the folder was opened again, before the new session's first IDLE could announce it.
        Assert.Equal(1, idleCommandsAtReport);
        Assert.Equal(2, watch.Progress.SessionsOpened);
    }

    [Fact]
    public async Task ABurstOfMailWhileTheCallbackRunsIsReportedOnceMore()
    {
        await using var mailbox = await TestMailbox.CreateAsync("idleburst");
        var firstCallRuns = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirstCall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var watch = RunningWatch.Start(RunningWatch.EndpointOf(mailbox), "INBOX", onCall: async (call, stop) =>
        {
            if (call == 1)
            {
                firstCallRuns.SetResult();
                await releaseFirstCall.Task.WaitAsync(stop);
            }
        });
        await watch.UntilIdlingAsync();

        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1)]);
        await firstCallRuns.Task.WaitAsync(TimeSpan.FromSeconds(120));
        var idleCommandsBefore = watch.Progress.IdleCommands;
        foreach (var number in Enumerable.Range(2, 5))
        {
            await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(number)]);
        }

        releaseFirstCall.SetResult();
        // The next IDLE hears of all five at once, ends, reports them, and idles once more.
        await watch.UntilAsync(p => p.IdleCommands >= idleCommandsBefore + 2 && p.State == IdleWatchState.Idling, "the watcher to report the burst and idle again");

        Assert.Equal(2, watch.Calls);
    }
}
