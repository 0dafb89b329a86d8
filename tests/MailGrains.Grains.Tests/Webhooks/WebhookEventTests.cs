using System.Collections.Immutable;
using Azure.Data.Tables;
using MailGrains.Accounts;
using MailGrains.Activities;
using MailGrains.Grains.Activities;
using MailGrains.Grains.Tests.Activities;
using MailGrains.Grains.Tests.Fetching;
using MailGrains.Grains.Webhooks.Events;
using MailGrains.Testing;
using MailGrains.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Tests.Webhooks;

/// <summary>
/// Webhook events end to end inside the cluster: real Dovecot, Azurite and Orleans, and a real HTTP receiver that
/// verifies every request with the independent StandardWebhooks package. An event exists exactly when its change does,
/// once, and reaches the receiver at least once with a stable id.
/// </summary>
public sealed class WebhookEventTests(OneSiloCluster cluster) : IClassFixture<OneSiloCluster>
{
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task EachStoredMailIsOneVerifiedActivityCreatedAndStoringItAgainMakesNoEvent()
    {
        await using var mailbox = await TestMailbox.CreateAsync("hookcreated");
        var account = await AccountFromNowAsync(mailbox);
        await using var hook = await WebhookSubscriber.SubscribeAsync(cluster.Client, account.TenantId, [WebhookEventTypes.ActivityCreated]);
        await WaitOutInterestCopyAsync();

        await TestMessages.AppendAsync(mailbox, "INBOX", [.. Enumerable.Range(1, 3).Select(i => TestMessages.Simple(i, mailbox.Address))]);
        await account.FetchAndWaitAsync(s_patience);
        var received = await hook.WaitForAsync(WebhookEventTypes.ActivityCreated, 3, s_patience);

        var stored = await account.ListAllAsync();
        Assert.Equal(stored.Select(a => a.Id).Order(), received.Select(ActivityId).Order());
        Assert.Equal(3, received.Select(r => r.Id).Distinct().Count());
        Assert.All(received, r => Assert.Equal(ImapAccount.OwnerId, r.Body!.Value.GetProperty("data").GetProperty("userId").GetString()));

        // The cursor moved back: the same three mails are read and stored again, which stores nothing and makes no event.
        await account.PutLastUidsAsync(ImmutableDictionary<string, long>.Empty.Add("INBOX", 0));
        await account.FetchAndWaitAsync(s_patience);

        Assert.Equal(3, (await LogAsync(account.TenantId)).Count);
        Assert.Equal(3, (await account.ListAllAsync()).Count);
    }

    [Fact]
    public async Task AnEventACrashLeftPendingIsDeliveredBeforeTheNextOneAndAnEventHandedOverTwiceIsLoggedOnce()
    {
        await using var mailbox = await TestMailbox.CreateAsync("hookleftover");
        var account = await AccountFromNowAsync(mailbox);
        await using var hook = await WebhookSubscriber.SubscribeAsync(cluster.Client, account.TenantId, [WebhookEventTypes.ActivityCreated]);
        await WaitOutInterestCopyAsync();
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        await account.FetchAndWaitAsync(s_patience);
        var first = Assert.Single(await hook.WaitForAsync(WebhookEventTypes.ActivityCreated, 1, s_patience));

        // What a silo that died between the activity transaction and the hand-over leaves behind: a pending row of an
        // event not in the log yet, and (a hand-over whose delete failed) a pending row of an event the log holds.
        var leftover = WebhookEventData.ActivityCreated(
            TestActivities.Make(account.TenantId, ImapAccount.OwnerId, 90, DateTimeOffset.UtcNow).Activity with { AccountId = account.AccountId },
            null, DateTimeOffset.UtcNow.AddSeconds(-1));
        var logged = (await LogAsync(account.TenantId)).Single().Event;
        await InsertPendingAsync(account.TenantId, leftover, logged);

        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(2, mailbox.Address)]);
        await account.FetchAndWaitAsync(s_patience);
        var received = await hook.WaitForAsync(WebhookEventTypes.ActivityCreated, 3, s_patience);

        Assert.Equal([first.Id, leftover.Id], received.Take(2).Select(r => r.Id));
        Assert.Equal(3, (await LogAsync(account.TenantId)).Count);
        Assert.Empty(await PendingAsync(account.TenantId));
    }

    [Fact]
    public async Task AReceiverThatIsDownGetsEveryEventOnceItIsUpAgainWithTheIdOfTheFailedAttempt()
    {
        await using var mailbox = await TestMailbox.CreateAsync("hookdown");
        var account = await AccountFromNowAsync(mailbox);
        await using var hook = await WebhookSubscriber.SubscribeAsync(cluster.Client, account.TenantId, [WebhookEventTypes.ActivityCreated]);
        await WaitOutInterestCopyAsync();
        await hook.Receiver.StopAsync();

        await TestMessages.AppendAsync(mailbox, "INBOX", [.. Enumerable.Range(1, 4).Select(i => TestMessages.Simple(i, mailbox.Address))]);
        await account.FetchAndWaitAsync(s_patience);
        var delivery = cluster.Client.GetGrain<IWebhookDeliveryGrain>(GrainKeys.Scoped(account.TenantId, hook.Id));
        var failed = await Eventually.MatchesAsync(delivery.GetAttemptsAsync, a => a.Any(x => !x.Delivered), s_patience, "a failed attempt");
        var progress = await delivery.GetProgressAsync();
        Assert.Equal(4, progress.Pending);
        Assert.NotNull(progress.NextAttemptAt);
        Assert.NotNull(progress.LastError);

        await hook.Receiver.StartAgainAsync();
        var received = await hook.WaitForAsync(WebhookEventTypes.ActivityCreated, 4, s_patience);

        var logIds = (await LogAsync(account.TenantId)).Select(e => e.Event.Id).ToList();
        Assert.Equal(logIds.Order(), received.Select(r => r.Id!).Distinct().Order());
        Assert.Contains(failed.First(x => !x.Delivered).EventId, received.Select(r => r.Id));
        await Eventually.MatchesAsync(delivery.GetProgressAsync, p => p.Pending == 0 && p.LastError is null, s_patience, "delivery to catch up");
    }

    [Fact]
    public async Task AReceiverThatAnswers410DisablesTheSubscriptionWithTheReason()
    {
        await using var mailbox = await TestMailbox.CreateAsync("hookgone");
        var account = await AccountFromNowAsync(mailbox);
        await using var hook = await WebhookSubscriber.SubscribeAsync(cluster.Client, account.TenantId, [WebhookEventTypes.ActivityCreated]);
        await WaitOutInterestCopyAsync();
        hook.Receiver.Reply(WebhookReply.Gone);

        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        await account.FetchAndWaitAsync(s_patience);

        var view = await Eventually.MatchesAsync(() => hook.Webhooks.GetAsync(hook.Id), v => v is { Enabled: false }, s_patience, "the subscription to be disabled");
        Assert.Contains("410", view!.DisabledReason);
        Assert.Single(hook.Receiver.Received);
    }

    [Fact]
    public async Task AWrongPasswordMakesOneAccountErrorEventAndTheFixOneAccountRecovered()
    {
        await using var mailbox = await TestMailbox.CreateAsync("hookerror");
        var account = await AccountFromNowAsync(mailbox);
        await using var hook = await WebhookSubscriber.SubscribeAsync(
            cluster.Client, account.TenantId, [WebhookEventTypes.AccountError, WebhookEventTypes.AccountRecovered]);
        await WaitOutInterestCopyAsync();

        await account.SetPasswordAsync("not-the-password");
        var failing = await account.FetchAndWaitAsync(s_patience);
        Assert.Equal(FetchState.Error, failing.State);
        await account.FetchAndWaitAsync(s_patience); // failing again is the same episode: no second event
        var error = Assert.Single(await hook.WaitForAsync(WebhookEventTypes.AccountError, 1, s_patience));
        Assert.Equal(account.AccountId, error.Body!.Value.GetProperty("data").GetProperty("accountId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.Body!.Value.GetProperty("data").GetProperty("error").GetString()));

        // Correcting the password is enough: a failing account fetches at once when it is written.
        await account.SetPasswordAsync(mailbox.Password);
        await Eventually.MatchesAsync(account.Grain.GetStatusAsync, s => s!.ConsecutiveFailures == 0 && s.State == FetchState.Idle, s_patience, "the account to recover");
        await hook.WaitForAsync(WebhookEventTypes.AccountRecovered, 1, s_patience);

        var log = await LogAsync(account.TenantId);
        Assert.Equal([WebhookEventTypes.AccountError, WebhookEventTypes.AccountRecovered], log.Select(e => e.Event.Type));
    }

    [Fact]
    public async Task MarkingAMailAsSpamIsAnActivityUpdatedEvent()
    {
        await using var mailbox = await TestMailbox.CreateAsync("hookspam");
        var account = await AccountFromNowAsync(mailbox);
        await using var hook = await WebhookSubscriber.SubscribeAsync(cluster.Client, account.TenantId, [WebhookEventTypes.ActivityCreated, WebhookEventTypes.ActivityUpdated]);
        await WaitOutInterestCopyAsync();
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        await account.FetchAndWaitAsync(s_patience);
        var created = Assert.Single(await hook.WaitForAsync(WebhookEventTypes.ActivityCreated, 1, s_patience));

        var marked = await account.Owner.MarkSpamAsync(ActivityId(created));
        Assert.Equal(SpamOutcome.Marked, marked.Outcome);
        var updated = Assert.Single(await hook.WaitForAsync(WebhookEventTypes.ActivityUpdated, 1, s_patience));

        Assert.Equal(ActivityId(created), ActivityId(updated));
        Assert.Equal("spam", updated.Body!.Value.GetProperty("data").GetProperty("activity").GetProperty("folder").GetString());
    }

    [Fact]
    public async Task ASubscriptionMadeLaterGetsOnlyTheEventsOfChangesAfterItWasMade()
    {
        await using var mailbox = await TestMailbox.CreateAsync("hooklater");
        var account = await AccountFromNowAsync(mailbox);
        await using var early = await WebhookSubscriber.SubscribeAsync(cluster.Client, account.TenantId, [WebhookEventTypes.ActivityCreated], id: "early");
        await WaitOutInterestCopyAsync();
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        await account.FetchAndWaitAsync(s_patience);
        await early.WaitForAsync(WebhookEventTypes.ActivityCreated, 1, s_patience);

        await using var late = await WebhookSubscriber.SubscribeAsync(cluster.Client, account.TenantId, [WebhookEventTypes.ActivityCreated], id: "late");
        await WaitOutInterestCopyAsync();
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(2, mailbox.Address)]);
        await account.FetchAndWaitAsync(s_patience);
        var second = (await early.WaitForAsync(WebhookEventTypes.ActivityCreated, 2, s_patience))[1];
        var onlyOne = Assert.Single(await late.WaitForAsync(WebhookEventTypes.ActivityCreated, 1, s_patience));

        Assert.Equal(second.Id, onlyOne.Id);
        Assert.Single(late.Receiver.Received);
    }

    [Fact]
    public async Task ASubscriptionAskingForTheTextBodyGetsItCutToItsSizeAndAnotherDoesNot()
    {
        await using var mailbox = await TestMailbox.CreateAsync("hookbody");
        var account = await AccountFromNowAsync(mailbox);
        await using var withText = await WebhookSubscriber.SubscribeAsync(cluster.Client, account.TenantId, [WebhookEventTypes.ActivityCreated], includeBodyBytes: 8, id: "text");
        await using var without = await WebhookSubscriber.SubscribeAsync(cluster.Client, account.TenantId, [WebhookEventTypes.ActivityCreated], id: "plain");
        await WaitOutInterestCopyAsync();

        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        await account.FetchAndWaitAsync(s_patience);
        var data = Assert.Single(await withText.WaitForAsync(WebhookEventTypes.ActivityCreated, 1, s_patience)).Body!.Value.GetProperty("data");
        var plain = Assert.Single(await without.WaitForAsync(WebhookEventTypes.ActivityCreated, 1, s_patience)).Body!.Value.GetProperty("data");

        var text = data.GetProperty("text").GetString()!;
        Assert.True(text.Length is > 0 and <= 8, $"text '{text}'");
        Assert.StartsWith(text, "Hello number 1.", StringComparison.Ordinal);
        Assert.True(data.GetProperty("textTruncated").GetBoolean());
        Assert.False(plain.TryGetProperty("text", out _));
    }

    /// <summary>An IMAP account on the mailbox that imports only what arrives from now on, after its first (empty) fetch.</summary>
    private async Task<ImapAccount> AccountFromNowAsync(TestMailbox mailbox)
    {
        var account = await ImapAccount.EnableImportingAsync(cluster.Client, mailbox, ImportFrom.Now);
        await account.WaitForFirstFetchAsync(s_patience);
        return account;
    }

    private static string ActivityId(ReceivedWebhook webhook) => webhook.Body!.Value.GetProperty("data").GetProperty("activity").GetProperty("id").GetString()!;

    /// <summary>Producers read a tenant's subscriptions at most every few seconds: a change applies to writes after that.</summary>
    private static Task WaitOutInterestCopyAsync() => Task.Delay(WebhookInterest.MaxAge + TimeSpan.FromSeconds(1));

    private async Task<IReadOnlyList<LoggedEvent>> LogAsync(string tenantId)
        => await cluster.SiloServices.GetRequiredService<EventLogTable>().ReadAfterAsync(tenantId, 0, 1000);

    private TableClient ActivitiesTable()
        => cluster.SiloServices.GetRequiredService<TableServiceClient>().GetTableClient(cluster.SiloServices.GetRequiredService<IOptions<ActivityStoreOptions>>().Value.TableName);

    private async Task InsertPendingAsync(string tenantId, params WebhookEvent[] events)
    {
        var partition = ActivityRows.Partition(tenantId, ImapAccount.OwnerId);
        foreach (var e in events)
        {
            await ActivitiesTable().AddEntityAsync(PendingEventRows.Row(partition, e));
        }
    }

    private async Task<IReadOnlyList<TableEntity>> PendingAsync(string tenantId)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in ActivitiesTable().QueryAsync<TableEntity>(PendingEventRows.Filter(ActivityRows.Partition(tenantId, ImapAccount.OwnerId))))
        {
            rows.Add(row);
        }

        return rows;
    }
}
