using MailGrains.Accounts;
using MailGrains.Activities;
using MailGrains.Grains.Fetching;
using MailGrains.Grains.Telemetry;
using MailGrains.Mail.Connections;
using MailGrains.Sending;
using MailGrains.Users;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using ActivityStatusCode = System.Diagnostics.ActivityStatusCode;

namespace MailGrains.Grains.Sending;

/// <summary>
/// A durable outbox. A mail is stored as a queued outgoing activity and as a queue entry before the request
/// is answered; delivery runs in a non-interleaving timer, and a reminder wakes the outbox after a crash
/// while anything is queued. State is saved before and after each SMTP transaction, so a crash neither loses
/// a mail nor, in the common case, sends it twice (and a repeat carries the same Message-ID).
/// </summary>
internal sealed partial class OutboxGrain(
    [PersistentState(StateNames.Outbox, StorageNames.Grains)] IPersistentState<OutboxState> state,
    MailConnector connector,
    TimeProvider clock,
    IOptions<MailOptions> options,
    MailGrainsMetrics metrics,
    ILogger<OutboxGrain> logger) : Grain, IOutboxGrain, IRemindable
{
    private const string Reminder = "outbox";
    private IGrainTimer? _timer;

    private string AccountKey => this.GetPrimaryKeyString();

    private string TenantId => GrainKeys.Split(AccountKey).TenantId;

    public async Task<SendResult> SendAsync(OutgoingMail mail)
    {
        var (_, accountId) = GrainKeys.Split(AccountKey);
        if (await Account().GetSendingSettingsAsync() is not { Settings: var settings })
        {
            return new SendResult(SendOutcome.NotFound, Error: $"There is no account '{accountId}'.");
        }

        var owner = settings.Defaults.OwnerUserId;
        if (mail.SenderUserId != owner && !settings.Defaults.AllowedSenders.Contains(mail.SenderUserId)
            || await User(mail.SenderUserId).GetProfileAsync() is not { } sender)
        {
            return new SendResult(SendOutcome.Forbidden, Error: $"User '{mail.SenderUserId}' may not send through account '{accountId}'.");
        }

        if (string.IsNullOrEmpty(settings.Server.Outgoing.Host))
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
        var composed = OutgoingActivity.Compose(mail, settings, sender, original, now);
        var activity = OutgoingActivity.Create(AccountKey, settings, mail.SenderUserId, composed, now, options.Value.ParseLimitBytes);
        await User(mail.SenderUserId).StoreActivitiesAsync([activity]);
        state.State.Queue.Add(new OutboxEntry
        {
            ActivityId = activity.Activity.Id,
            SenderUserId = mail.SenderUserId,
            Raw = composed.Raw,
            Recipients = [.. composed.Recipients],
            EnvelopeFrom = settings.General.Email,
            NextAttemptAt = now,
        });
        await state.WriteStateAsync();
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

        await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ScheduleDelivery(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    private void ScheduleDelivery(TimeSpan dueTime)
    {
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(DeliverDueAsync, dueTime, Timeout.InfiniteTimeSpan);
    }

    private async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = state.State.Queue.Where(e => e.NextAttemptAt <= now).ToList();
        if (due.Count > 0 && await Account().GetSendingSettingsAsync() is { } sending)
        {
            var endpoint = Endpoints.Outgoing(sending.Settings, sending.OutgoingPassword);
            foreach (var entry in due)
            {
                if (await DeliverAsync(entry, endpoint, cancellationToken))
                {
                    await CopyToSentFolderAsync(entry, sending, cancellationToken);
                }
            }
        }

        if (state.State.Queue.Count == 0)
        {
            if (await this.GetReminder(Reminder, cancellationToken) is { } reminder)
            {
                await this.UnregisterReminder(reminder, cancellationToken);
            }

            return;
        }

        var next = state.State.Queue.Min(e => e.NextAttemptAt) - clock.GetUtcNow();
        ScheduleDelivery(next < TimeSpan.Zero ? TimeSpan.Zero : next);
    }

    /// <summary>Delivers one queued mail; true when the server accepted it. Each attempt is a span and counts by its outcome.</summary>
    private async Task<bool> DeliverAsync(OutboxEntry entry, MailEndpoint endpoint, CancellationToken cancellationToken)
    {
        using var span = MailGrainsTracing.Source.StartActivity(MailGrainsTracing.SendSpan);
        span?.SetTag(TelemetryTags.Account, AccountKey);
        var outcome = MailGrainsMetrics.SendOutcome.Deferred;
        try
        {
            using var smtp = await connector.ConnectSmtpAsync(endpoint, cancellationToken);
            using var message = MimeMessage.Load(new MemoryStream(entry.Raw, writable: false), cancellationToken);
            await smtp.SendAsync(message, MailboxAddress.Parse(entry.EnvelopeFrom), entry.Recipients.Select(MailboxAddress.Parse), cancellationToken);
            await smtp.DisconnectAsync(quit: true, cancellationToken);
            outcome = MailGrainsMetrics.SendOutcome.Sent;
            await FinishAsync(entry, DeliveryStatus.Sent, null);
            LogSent(logger, AccountKey, entry.ActivityId);
            return true;
        }
        catch (SmtpCommandException refused) when ((int)refused.StatusCode >= 500)
        {
            outcome = MailGrainsMetrics.SendOutcome.Failed;
            await FinishAsync(entry, DeliveryStatus.Failed, $"{endpoint.Host} refused the mail: {(int)refused.StatusCode} {ServerText.Excerpt(refused.Message)}");
            LogFailed(logger, AccountKey, entry.ActivityId, (int)refused.StatusCode);
            return false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            span?.SetTag(TelemetryTags.ErrorKind, FetchErrors.Kind(ex));
            entry.Attempts++;
            entry.NextAttemptAt = clock.GetUtcNow() + FetchBackoff.After(entry.Attempts, Random.Shared);
            await state.WriteStateAsync(cancellationToken);
            var reason = ex is SmtpCommandException temporary
                ? $"{endpoint.Host} answered {(int)temporary.StatusCode} {ServerText.Excerpt(temporary.Message)}"
                : FetchErrors.Describe(ex, endpoint.Host, endpoint.Port);
            await User(entry.SenderUserId).SetDeliveryStatusAsync(entry.ActivityId, DeliveryStatus.Queued, $"Will retry (attempt {entry.Attempts}): {reason}");
            return false;
        }
        finally
        {
            metrics.DeliveryEnded(outcome);
            span?.SetTag(TelemetryTags.Outcome, outcome);
            if (outcome != MailGrainsMetrics.SendOutcome.Sent)
            {
                span?.SetStatus(ActivityStatusCode.Error, outcome);
            }
        }
    }

    /// <summary>
    /// For IMAP accounts with a sent folder, appends the exact bytes that were sent, so that phones and
    /// webmail see the mail; when that folder is synced, the fetched copy has the same activity id.
    /// The mail is sent already: a failed copy is noted on the activity, not retried.
    /// </summary>
    private async Task CopyToSentFolderAsync(OutboxEntry entry, SendingSettings sending, CancellationToken cancellationToken)
    {
        if (sending.Settings.Server.Incoming.Protocol != MailProtocol.Imap || sending.Settings.Imap.SentFolder is not { } sentFolder)
        {
            return;
        }

        var endpoint = Endpoints.Incoming(sending.Settings, sending.IncomingPassword);
        try
        {
            using var imap = await connector.ConnectImapAsync(endpoint, cancellationToken);
            var folder = await imap.GetFolderAsync(sentFolder, cancellationToken);
            using var message = MimeMessage.Load(new MemoryStream(entry.Raw, writable: false), cancellationToken);
            await folder.AppendAsync(new MailKit.AppendRequest(message, MailKit.MessageFlags.Seen), cancellationToken);
            await imap.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await User(entry.SenderUserId).SetDeliveryStatusAsync(entry.ActivityId, DeliveryStatus.Sent, "Sent; the copy to the sent folder failed: " + FetchErrors.Describe(ex, endpoint.Host, endpoint.Port));
        }
    }

    private async Task FinishAsync(OutboxEntry entry, DeliveryStatus status, string? detail)
    {
        state.State.Queue.Remove(entry);
        await state.WriteStateAsync();
        await User(entry.SenderUserId).SetDeliveryStatusAsync(entry.ActivityId, status, detail);
    }

    private IMailAccountGrain Account() => GrainFactory.GetGrain<IMailAccountGrain>(AccountKey);

    private IUserGrain User(string userId) => GrainFactory.GetGrain<IUserGrain>(GrainKeys.Scoped(TenantId, userId));

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {Account}: sent {ActivityId}")]
    private static partial void LogSent(ILogger logger, string account, string activityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {Account}: the server refused {ActivityId} permanently ({Status})")]
    private static partial void LogFailed(ILogger logger, string account, string activityId, int status);
}
