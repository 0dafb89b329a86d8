namespace MailGrains.Users;

/// <summary>A user, keyed <c>{tenantId}/{userId}</c>. Its profile is written through the tenant grain, which keeps the directory.</summary>
[Alias("MailGrains.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>The profile, or null when the user does not exist.</summary>
    [Alias("GetProfile")]
    Task<UserProfile?> GetProfileAsync();

    /// <summary>Creates or replaces the profile.</summary>
    [Alias("SetProfile")]
    Task SetProfileAsync(UserProfile profile);

    /// <summary>Removes the user's state.</summary>
    [Alias("Clear")]
    Task ClearAsync();
}
