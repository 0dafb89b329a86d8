using System.Collections.Immutable;
using MailGrains.Activities;

namespace MailGrains.Users;

/// <summary>
/// A user, keyed <c>{tenantId}/{userId}</c>. Its profile is written through the tenant grain, which keeps the directory.
/// Reads of activities only read storage, so they interleave with everything: a store or a spam move in progress
/// never keeps an admin or the account's status waiting.
/// </summary>
[Alias("MailGrains.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>The profile, or null when the user does not exist (or is being deleted).</summary>
    [Alias("GetProfile")]
    Task<UserProfile?> GetProfileAsync();

    /// <summary>
    /// Creates or replaces the profile; false (nothing changed) while a deleted user of the same id still has more
    /// mail to erase than one call erases.
    /// </summary>
    [Alias("SetProfile")]
    Task<bool> SetProfileAsync(UserProfile profile);

    /// <summary>Stores activities that are not stored yet (a repeat is a no-op); returns how many were new.</summary>
    [Alias("StoreActivities")]
    Task<int> StoreActivitiesAsync(ImmutableArray<NewActivity> activities);

    /// <summary>Which of these activity ids are stored for the user.</summary>
    [AlwaysInterleave]
    [Alias("Stored")]
    Task<ImmutableArray<string>> StoredAsync(ImmutableArray<string> activityIds);

    /// <summary>How many activities the account has stored for this user; exact, also across crashes.</summary>
    [AlwaysInterleave]
    [Alias("CountActivities")]
    Task<long> CountActivitiesAsync(string accountId);

    /// <summary>A page of the user's activities in a folder, newest first; never the whole history at once.</summary>
    [AlwaysInterleave]
    [Alias("ListActivities")]
    Task<ActivityPage> ListActivitiesAsync(ActivityFolder folder, int limit, string? cursor);

    /// <summary>One activity with its bodies, or null (also when the user does not exist).</summary>
    [AlwaysInterleave]
    [Alias("GetActivity")]
    Task<ActivityDetail?> GetActivityAsync(string activityId);

    /// <summary>The raw message of an activity exactly as the server held it, or null (also when the user does not exist).</summary>
    [AlwaysInterleave]
    [Alias("GetRaw")]
    Task<byte[]?> GetRawAsync(string activityId);

    /// <summary>Moves the activity's server message into the account's spam folder, then the activity into the spam view.</summary>
    [Alias("MarkSpam")]
    Task<SpamResult> MarkSpamAsync(string activityId);

    /// <summary>Records where an outgoing activity's delivery stands.</summary>
    [Alias("SetDeliveryStatus")]
    Task SetDeliveryStatusAsync(string activityId, DeliveryStatus status, string? detail);

    /// <summary>
    /// Deletes the user: the profile at once, so that none of their activities or raw mail is served any more, then
    /// their activities and raw mail in the background (resumed after a crash). A new profile for the same id waits
    /// until that erasure is done, so a new user never sees the old one's mail.
    /// </summary>
    [Alias("Delete")]
    Task DeleteAsync();

    /// <summary>The same as <see cref="DeleteAsync"/>, but returns only when the user's activities, raw mail and state are gone.</summary>
    [Alias("Erase")]
    Task EraseAsync();
}
