using System.Collections.Immutable;
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

    public async Task ClearAsync()
    {
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }
}
