using System.Collections.Immutable;
using MailGrains.Accounts;
using MailGrains.Activities;
using MailGrains.Grains.Activities;
using MailGrains.Mail.Messages;
using MailGrains.Users;

namespace MailGrains.Grains.Users;

/// <summary>
/// A user: profile in grain state; activities in the activity store, read page by page, never held in memory.
/// Nothing of a user without a profile is served or stored. Deleting a user erases their activities and raw mail
/// in bounded steps of a grain timer, with a reminder to resume after a crash (<c>UserGrain.Erasure.cs</c>).
/// </summary>
internal sealed partial class UserGrain(
    [PersistentState(StateNames.User, StorageNames.Grains)] IPersistentState<UserState> state,
    ActivityStore activities,
    ActivityEraser eraser) : Grain, IUserGrain, IRemindable
{
    private (string TenantId, string UserId) Key => GrainKeys.Split(this.GetPrimaryKeyString());

    private bool Exists => state.State.Profile is not null;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Erasing)
        {
            StartErasureSteps();
        }

        return Task.CompletedTask;
    }

    public Task<UserProfile?> GetProfileAsync() => Task.FromResult(state.State.Profile);

    public async Task<bool> SetProfileAsync(UserProfile profile)
    {
        // A new user with the old id must not find the old one's mail: a little is erased now, more is refused.
        if (state.State.Erasing && !await FinishErasureAsync(ErasureStepsWithinACall))
        {
            return false;
        }

        state.State.Profile = profile;
        await state.WriteStateAsync();
        return true;
    }

    public async Task<int> StoreActivitiesAsync(ImmutableArray<NewActivity> batch)
    {
        var (tenantId, userId) = Key;
        if (batch.Any(a => a.Activity.TenantId != tenantId || a.Activity.OwnerUserId != userId))
        {
            throw new ArgumentException($"Every activity handed to {tenantId}/{userId} must belong to that user.", nameof(batch));
        }

        if (!Exists)
        {
            throw new InvalidOperationException($"There is no user '{userId}' in tenant '{tenantId}' (deleted or never created): activities are not stored for them.");
        }

        return await activities.AddAsync(batch);
    }

    public async Task<ImmutableArray<string>> StoredAsync(ImmutableArray<string> activityIds)
        => [.. await activities.ExistingAsync(Key.TenantId, Key.UserId, activityIds)];

    public Task<long> CountActivitiesAsync(string accountId) => activities.CountAsync(Key.TenantId, Key.UserId, accountId);

    public Task<ActivityPage> ListActivitiesAsync(ActivityFolder folder, int limit, string? cursor)
        => Exists ? activities.ListAsync(Key.TenantId, Key.UserId, folder, limit, cursor) : Task.FromResult(new ActivityPage([], null));

    public async Task<ActivityDetail?> GetActivityAsync(string activityId)
    {
        if (!Exists || await activities.GetAsync(Key.TenantId, Key.UserId, activityId) is not { } activity)
        {
            return null;
        }

        var raw = await activities.GetRawAsync(Key.TenantId, Key.UserId, activityId);
        var digest = raw is null ? null : MessageDigester.Digest(raw);
        return new ActivityDetail(activity, digest?.TextBody, digest?.HtmlBody);
    }

    public Task<byte[]?> GetRawAsync(string activityId) => Exists ? activities.GetRawAsync(Key.TenantId, Key.UserId, activityId) : Task.FromResult<byte[]?>(null);

    public async Task<SpamResult> MarkSpamAsync(string activityId)
    {
        var (tenantId, userId) = Key;
        if (!Exists || await activities.GetAsync(tenantId, userId, activityId) is not { } activity)
        {
            return new SpamResult(SpamOutcome.NotFound);
        }

        if (activity.Folder == ActivityFolder.Spam)
        {
            return new SpamResult(SpamOutcome.Marked);
        }

        if (activity.Location is not { } location)
        {
            return new SpamResult(SpamOutcome.NeedsImap);
        }

        var servers = GrainFactory.GetGrain<IAccountServerGrain>(GrainKeys.Scoped(tenantId, activity.AccountId));
        var moved = await servers.MoveToSpamAsync(location, activity.MessageId);
        if (moved.Outcome == SpamOutcome.Marked)
        {
            await activities.MoveAsync(tenantId, userId, activityId, ActivityFolder.Spam);
        }

        return moved;
    }

    public Task SetDeliveryStatusAsync(string activityId, DeliveryStatus status, string? detail)
        => activities.SetStatusAsync(Key.TenantId, Key.UserId, activityId, status, detail);

    public async Task DeleteAsync()
    {
        await BeginErasureAsync();
        StartErasureSteps();
    }

    public async Task EraseAsync()
    {
        await BeginErasureAsync();
        await FinishErasureAsync(int.MaxValue);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => OnErasureReminderAsync(reminderName);
}
