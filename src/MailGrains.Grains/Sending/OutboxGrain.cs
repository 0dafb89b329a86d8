using MailGrains.Activities;
using MailGrains.Grains.Accounts;
using MailGrains.Grains.Activities;
using MailGrains.Grains.Fetching;
using MailGrains.Sending;
using MailGrains.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Sending;

/// <summary>
/// A durable outbox. A mail is stored as a queued outgoing activity (with its bytes) and as a small queue
/// entry (references and envelope) before the request is answered. Delivery (<c>OutboxGrain.Delivery.cs</c>, <see cref="OutboxDelivery"/>)
/// runs in a timer that interleaves with requests, one run at a time, so a slow SMTP server never holds up a
/// send; state writes are chained, never concurrent. A reminder wakes the outbox after a crash while anything
/// is queued. With an idempotency key, a repeated request answers with the first one's activity.
/// </summary>
internal sealed partial class OutboxGrain(
    [PersistentState(StateNames.Outbox, StorageNames.Grains)] IPersistentState<OutboxState> state,
    ActivityStore activities,
    IdempotencyKeys idempotencyKeys,
    OutboxDelivery delivery,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    IOptions<MailOptions> mailOptions,
    IOptions<OutboxOptions> options,
    ILogger<OutboxGrain> logger) : Grain, IOutboxGrain, IRemindable
{
    private const string Reminder = "outbox";

    /// <summary>Room kept for what an entry gains on its way (the server's answer, the last reason: UTF-8, clipped), so a queued entry never overflows the state.</summary>
    private const int OutboxEntryReserve = (2 * ((3 * OutboxText.MaxLength) + 8)) + 64;
    private readonly ChainedStateWrites<OutboxState> _writes = new(state);
    private IGrainTimer? _timer;
    private bool _delivering;
    private int _clears;

    private string AccountKey => this.GetPrimaryKeyString();

    private string TenantId => GrainKeys.Split(AccountKey).TenantId;

    /// <summary>An outbox that wakes with mail queued (after a crash, or a state of an earlier version) delivers at once instead of waiting for its reminder.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Queue.Count > 0)
        {
            ScheduleDelivery(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    public async Task<SendResult> SendAsync(OutgoingMail mail)
    {
        var keyHash = mail.IdempotencyKey is { } key ? IdempotencyKeys.Hash(key) : null;
        var requestHash = keyHash is null ? null : IdempotencyKeys.RequestHash(mail);
        if (keyHash is not null && await EarlierAsync(keyHash) is { } earlier)
        {
            return earlier.RequestHash == requestHash
                ? new SendResult(SendOutcome.Queued, earlier.ActivityId)
                : new SendResult(SendOutcome.IdempotencyKeyReused, Error: "This Idempotency-Key was used for a different request.");
        }

        var (_, accountId) = GrainKeys.Split(AccountKey);
        if (await Account().GetServerAccessAsync() is not { Configuration: var configuration })
        {
            return new SendResult(SendOutcome.NotFound, Error: $"There is no account '{accountId}'.");
        }

        var owner = configuration.Filing.OwnerUserId;
        if (mail.SenderUserId != owner && !configuration.Sending.AllowedSenders.Contains(mail.SenderUserId)
            || await User(mail.SenderUserId).GetProfileAsync() is not { } sender)
        {
            return new SendResult(SendOutcome.Forbidden, Error: $"User '{mail.SenderUserId}' may not send through account '{accountId}'.");
        }

        if (string.IsNullOrEmpty(configuration.Sending.Server.Host))
        {
            return new SendResult(SendOutcome.NoOutgoingServer, Error: $"Account '{accountId}' has no outgoing server.");
        }

        Activity? original = null;
        if (mail.InReplyToActivityId is { } replyTo
            && (original = (await User(owner).GetActivityAsync(replyTo) ?? await User(mail.SenderUserId).GetActivityAsync(replyTo))?.Activity) is null)
        {
            return new SendResult(SendOutcome.NotFound, Error: $"There is no activity '{replyTo}' to reply to.");
        }

        var now = clock.GetUtcNow();
        var composed = OutgoingActivity.Compose(mail, configuration, sender, original, now);
        var entry = new OutboxEntry
        {
            SenderUserId = mail.SenderUserId,
            Recipients = [.. composed.Recipients],
            EnvelopeFrom = configuration.Identity.Email,
            NextAttemptAt = now,
            QueuedAt = now,
            IdempotencyKeyHash = keyHash,
            RequestHash = requestHash,
        };
        if (await RoomFor(entry, keyHash is not null) is { } full)
        {
            return full;
        }

        var activity = OutgoingActivity.Create(AccountKey, configuration, mail.SenderUserId, composed, now, mailOptions.Value.ParseLimitBytes);
        entry.ActivityId = activity.Activity.Id;
        await User(mail.SenderUserId).StoreActivitiesAsync([activity]);
        await EnqueueAsync(entry);
        if (keyHash is not null)
        {
            await RememberKeyAsync(entry, now);
        }

        await this.RegisterOrUpdateReminder(Reminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        ScheduleDelivery(TimeSpan.Zero);
        return new SendResult(SendOutcome.Queued, activity.Activity.Id);
    }

    public async Task ClearAsync()
    {
        _timer?.Dispose();
        if (await this.GetReminder(Reminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        await idempotencyKeys.DeleteAllAsync(AccountKey);
        _clears++; // a delivery run still going writes nothing more
        await _writes.ClearAsync();
        DeactivateOnIdle();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ScheduleDelivery(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    /// <summary>The request that used this key before, within its retention: a queued entry's, or a remembered row's.</summary>
    private async Task<IdempotencyRecord?> EarlierAsync(string keyHash)
    {
        if (state.State.Queue.Find(e => e.IdempotencyKeyHash == keyHash) is { RequestHash: { } queuedRequest } queued)
        {
            return new IdempotencyRecord(queued.ActivityId, queuedRequest, queued.QueuedAt);
        }

        var row = await idempotencyKeys.FindAsync(AccountKey, keyHash);
        return row is not null && row.CreatedAt > clock.GetUtcNow() - options.Value.IdempotencyKeyRetention ? row : null;
    }

    /// <summary>Null when the entry fits in the queue (and a new key among the account's keys); otherwise the refusal, before anything is stored.</summary>
    private async Task<SendResult?> RoomFor(OutboxEntry entry, bool newKey)
    {
        if (state.State.EstimatedBytes() + entry.EstimatedBytes() + OutboxEntryReserve > options.Value.MaxQueueStateBytes)
        {
            return new SendResult(SendOutcome.OutboxFull, Error: "The account's outbox is full: too much mail is waiting for its server. Try again later.");
        }

        if (newKey && state.State.IdempotencyKeyRows >= options.Value.MaxIdempotencyKeysPerAccount)
        {
            state.State.IdempotencyKeyRows = await idempotencyKeys.PruneAsync(AccountKey, clock.GetUtcNow() - options.Value.IdempotencyKeyRetention);
            if (state.State.IdempotencyKeyRows >= options.Value.MaxIdempotencyKeysPerAccount)
            {
                return new SendResult(SendOutcome.OutboxFull, Error: $"The account has {options.Value.MaxIdempotencyKeysPerAccount} idempotency keys within their retention. Send without an Idempotency-Key or try again later.");
            }
        }

        return null;
    }

    /// <summary>
    /// Saves the queue with the entry: from here on the mail is sent. When that fails, the activity says it
    /// was not queued (so it is not left "queued" for ever) and the request fails.
    /// </summary>
    private async Task EnqueueAsync(OutboxEntry entry)
    {
        state.State.Queue.Add(entry);
        if (entry.IdempotencyKeyHash is not null)
        {
            state.State.IdempotencyKeyRows++;
        }

        try
        {
            await _writes.WriteAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            state.State.Queue.Remove(entry);
            LogNotQueued(logger, ex, AccountKey, entry.ActivityId);
            try
            {
                await activities.SetStatusAsync(TenantId, entry.SenderUserId, entry.ActivityId, DeliveryStatus.Failed, "Not sent: the outbox could not store the mail. Send it again.");
            }
            catch (Exception second) when (second is not OutOfMemoryException)
            {
                LogNotQueued(logger, second, AccountKey, entry.ActivityId);
            }

            throw;
        }
    }

    /// <summary>Writes the key's row; when that fails, the queued entry answers for the key, and delivery writes the row before the entry leaves.</summary>
    private async Task RememberKeyAsync(OutboxEntry entry, DateTimeOffset now)
    {
        try
        {
            await idempotencyKeys.PutAsync(AccountKey, entry.IdempotencyKeyHash!, new IdempotencyRecord(entry.ActivityId, entry.RequestHash!, now));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogKeyNotStored(logger, ex, AccountKey, entry.ActivityId);
        }
    }

    private IAccountServerAccess Account() => GrainFactory.GetGrain<IAccountServerAccess>(AccountKey);

    private IUserGrain User(string userId) => GrainFactory.GetGrain<IUserGrain>(GrainKeys.Scoped(TenantId, userId));

    [LoggerMessage(Level = LogLevel.Error, Message = "Account {Account}: {ActivityId} was stored but could not be queued")]
    private static partial void LogNotQueued(ILogger logger, Exception error, string account, string activityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {Account}: the idempotency key of {ActivityId} could not be stored yet; the queued entry answers for it")]
    private static partial void LogKeyNotStored(ILogger logger, Exception error, string account, string activityId);
}
