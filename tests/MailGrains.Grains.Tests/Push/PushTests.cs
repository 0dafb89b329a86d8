using MailGrains.Accounts;
using MailGrains.Grains.Tests.Fetching;
using MailGrains.Testing;

namespace MailGrains.Grains.Tests.Push;

/// <summary>
/// IMAP IDLE push in the account grain, against the test Dovecot with mail delivered through Postfix. The accounts
/// poll every two hours and no test asks for a fetch after the first one, so a mail that becomes an activity within
/// the test's patience was pushed. Absence is shown by what Dovecot holds (<c>doveadm who</c>), not by waiting.
/// </summary>
public sealed class PushTests(PushCluster cluster) : IClassFixture<PushCluster>
{
    private const int HoursPoll = 7200;
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task MailDeliveredThroughPostfixBecomesAnActivityWithoutAFetchRequestOrPoll()
    {
        await using var mailbox = await TestMailbox.CreateAsync("push");
        var account = await ImapAccount.EnableWithPushAsync(cluster.Client, mailbox, HoursPoll, PushMode.Auto);
        await UntilPushingAsync(account, mailbox);

        await PushMail.DeliverAsync(mailbox, "Pushed");

        var status = await UntilFetchedAsync(account, 1, "the delivered mail to become an activity");
        Assert.Equal(PushState.Active, status.Push);
        Assert.Equal("Pushed", Assert.Single(await account.ListAllAsync()).Subject);
    }

    [Theory]
    [InlineData(MailProtocol.Imap, PushMode.Off)]
    [InlineData(MailProtocol.Pop3, PushMode.Auto)]
    public async Task WithPushOffOrOnPop3TheStatusSaysOffAndNoSessionStaysOpen(MailProtocol protocol, PushMode push)
    {
        await using var mailbox = await TestMailbox.CreateAsync("pushoff");
        var account = await ImapAccount.EnableWithPushAsync(cluster.Client, mailbox, HoursPoll, push, protocol);

        var status = await account.WaitForFirstFetchAsync(s_patience);

        Assert.Equal(PushState.Off, status.Push);
        Assert.Equal(0, await PushMail.ImapSessionsAsync(mailbox));
    }

    [Fact]
    public async Task ASessionDovecotDropsComesBackAndStillPushes()
    {
        await using var mailbox = await TestMailbox.CreateAsync("pushkick");
        var account = await ImapAccount.EnableWithPushAsync(cluster.Client, mailbox, HoursPoll, PushMode.Auto);
        await UntilPushingAsync(account, mailbox);

        await mailbox.KickSessionsAsync();
        // The watcher waits about 2 s before it connects again, and says so.
        await Eventually.MatchesAsync(account.Grain.GetStatusAsync, s => s?.Push == PushState.Polling, s_patience, "push to notice the dropped session", TimeSpan.FromMilliseconds(50));
        await UntilPushingAsync(account, mailbox);
        await PushMail.DeliverAsync(mailbox, "After the kick");

        await UntilFetchedAsync(account, 1, "the mail after the kick to become an activity");
    }

    [Fact]
    public async Task AWrongPasswordEndsPushInTheErrorStateAndAFetchThatSucceedsBringsItBack()
    {
        await using var mailbox = await TestMailbox.CreateAsync("pushauth");
        var account = await ImapAccount.EnableWithPushAsync(cluster.Client, mailbox, HoursPoll, PushMode.Auto);
        await UntilPushingAsync(account, mailbox);

        await account.SetIncomingPasswordAsync("wrong-" + mailbox.Password);

        // The watcher's refused login ends push and asks for a fetch, which shows the error with back-off.
        var failed = await Eventually.MatchesAsync(account.Grain.GetStatusAsync, s => s is { State: FetchState.Error }, s_patience, "the refused login to show as the account's error");
        Assert.Equal(PushState.Polling, failed!.Push);
        Assert.Equal(1, failed.ConsecutiveFailures);
        await Eventually.MatchesAsync(() => PushMail.ImapSessionsAsync(mailbox), n => n == 0, s_patience, "no session to stay open");

        // Writing the right password makes the failing account fetch at once (no fetch request, no waiting out the
        // back-off); push comes back once that fetch succeeds.
        await account.SetIncomingPasswordAsync(mailbox.Password);
        await Eventually.MatchesAsync(account.Grain.GetStatusAsync, s => s is { State: FetchState.Idle, ConsecutiveFailures: 0 }, s_patience, "the corrected account to fetch");
        await UntilPushingAsync(account, mailbox);

        await PushMail.DeliverAsync(mailbox, "After the error");
        await UntilFetchedAsync(account, 1, "the mail after the error to become an activity");
    }

    [Fact]
    public async Task TurningReceivingOffEndsTheSessionAndOnStartsItAgain()
    {
        await using var mailbox = await TestMailbox.CreateAsync("pushstop");
        var account = await ImapAccount.EnableWithPushAsync(cluster.Client, mailbox, HoursPoll, PushMode.Auto);
        await UntilPushingAsync(account, mailbox);

        await account.SetReceivingAsync(false);

        Assert.Equal(PushState.Off, (await account.Grain.GetStatusAsync())!.Push);
        await Eventually.MatchesAsync(() => PushMail.ImapSessionsAsync(mailbox), n => n == 0, s_patience, "the IDLE session to be logged out");

        await account.SetReceivingAsync(true);
        await UntilPushingAsync(account, mailbox);
    }

    /// <summary>Waits until the first fetch has ended and push is active on exactly one session.</summary>
    internal static async Task UntilPushingAsync(ImapAccount account, TestMailbox mailbox)
    {
        await Eventually.MatchesAsync(
            account.Grain.GetStatusAsync,
            s => s is { Push: PushState.Active, LastFetchAt: not null, State: not FetchState.Fetching },
            s_patience,
            "push to be active");
        await Eventually.MatchesAsync(() => PushMail.ImapSessionsAsync(mailbox), n => n == 1, s_patience, "Dovecot to hold the IDLE session alone");
    }

    internal static Task<AccountStatus> UntilFetchedAsync(ImapAccount account, int activities, string what)
        => Eventually.MatchesAsync(
            async () => await account.Grain.GetStatusAsync() ?? throw new InvalidOperationException("The account does not exist."),
            s => s is { State: not FetchState.Fetching } && s.Fetched == activities,
            s_patience,
            what);
}
