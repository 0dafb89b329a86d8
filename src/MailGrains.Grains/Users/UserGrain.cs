using System.Collections.Immutable;
using MailGrains.Accounts;
using MailGrains.Activities;
using MailGrains.Grains.Activities;
using MailGrains.Mail.Messages;
using MailGrains.Users;

namespace MailGrains.Grains.Users;

/// <summary>A user: profile in grain state; activities in the activity store, read page by page, never held in memory.</summary>
internal sealed class UserGrain(
    [PersistentState(StateNames.User, StorageNames.Grains)] IPersistentState<UserState> state,
    ActivityStore activities) : Grain, IUserGrain
{
    private (string TenantId, string UserId) Key => GrainKeys.Split(this.GetPrimaryKeyString());

    public Task<UserProfile?> GetProfileAsync() => Task.FromResult(state.State.Profile);

    public async Task SetProfileAsync(UserProfile profile)
    {
        state.State.Profile = profile;
        await state.WriteStateAsync();
    }

    public async Task<int> StoreActivitiesAsync(ImmutableArray<NewActivity> batch)
    {
        var (tenantId, userId) = Key;
        if (batch.Any(a => a.Activity.TenantId != tenantId || a.Activity.OwnerUserId != userId))
        {
            throw new ArgumentException($"Every activity handed to {tenantId}/{userId} must belong to that user.", nameof(batch));
        }

        return await activities.AddAsync(batch);
    }

    public async Task<ImmutableArray<string>> StoredAsync(ImmutableArray<string> activityIds)
        => [.. await activities.ExistingAsync(Key.TenantId, Key.UserId, activityIds)];

    public Task<long> CountActivitiesAsync(string accountId) => activities.CountAsync(Key.TenantId, Key.UserId, accountId);

    public Task<ActivityPage> ListActivitiesAsync(ActivityFolder folder, int limit, string? cursor)
        => activities.ListAsync(Key.TenantId, Key.UserId, folder, limit, cursor);

    public async Task<ActivityDetail?> GetActivityAsync(string activityId)
    {
        if (await activities.GetAsync(Key.TenantId, Key.UserId, activityId) is not { } activity)
        {
            return null;
        }

        var raw = await activities.GetRawAsync(Key.TenantId, Key.UserId, activityId);
        var digest = raw is null ? null : MessageDigester.Digest(raw);
        return new ActivityDetail(activity, digest?.TextBody, digest?.HtmlBody);
    }

    public Task<byte[]?> GetRawAsync(string activityId) => activities.GetRawAsync(Key.TenantId, Key.UserId, activityId);

    public async Task<SpamResult> MarkSpamAsync(string activityId)
    {
        var (tenantId, userId) = Key;
        if (await activities.GetAsync(tenantId, userId, activityId) is not { } activity)
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

        var account = GrainFactory.GetGrain<IMailAccountGrain>(GrainKeys.Scoped(tenantId, activity.AccountId));
        var moved = await account.MoveToSpamAsync(location, activity.MessageId);
        if (moved.Outcome == SpamOutcome.Marked)
        {
            await activities.MoveAsync(tenantId, userId, activityId, ActivityFolder.Spam);
        }

        return moved;
    }

    public Task SetDeliveryStatusAsync(string activityId, DeliveryStatus status, string? detail)
        => activities.SetStatusAsync(Key.TenantId, Key.UserId, activityId, status, detail);

    public async Task ClearAsync()
    {
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }
}
