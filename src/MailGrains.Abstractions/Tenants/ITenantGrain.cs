using MailGrains.Accounts;
using MailGrains.Users;

namespace MailGrains.Tenants;

/// <summary>
/// A tenant, keyed by tenant id: its name, admin-key hashes and the directory of its users and accounts.
/// Every change to users and accounts goes through it, so references (owners, allowed senders) stay whole.
/// </summary>
[Alias("MailGrains.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>The tenant, or null when it does not exist.</summary>
    [Alias("Get")]
    Task<TenantInfo?> GetAsync();

    /// <summary>Creates or renames the tenant; true when it was created.</summary>
    [Alias("Upsert")]
    Task<bool> UpsertAsync(string name);

    /// <summary>Issues a new admin key; null when the tenant does not exist.</summary>
    [Alias("IssueKey")]
    Task<IssuedKey?> IssueKeyAsync();

    /// <summary>Revokes a key; false when there is no such key.</summary>
    [Alias("RevokeKey")]
    Task<bool> RevokeKeyAsync(string keyId);

    /// <summary>The tenant's keys without their secrets.</summary>
    [Alias("ListKeys")]
    Task<IReadOnlyList<AdminKeyInfo>> ListKeysAsync();

    /// <summary>Whether the secret belongs to the key and the key is not revoked.</summary>
    [ReadOnly]
    [Alias("VerifyKey")]
    Task<bool> VerifyKeyAsync(string keyId, string secret);

    /// <summary>Ids of the tenant's users, sorted.</summary>
    [ReadOnly]
    [Alias("ListUsers")]
    Task<IReadOnlyList<string>> ListUsersAsync();

    /// <summary>Creates or replaces a user's profile; true when the user was created.</summary>
    [Alias("PutUser")]
    Task<bool> PutUserAsync(string userId, UserProfile profile);

    /// <summary>Deletes a user unless an account still names them as owner, allowed sender or in a permission.</summary>
    [Alias("DeleteUser")]
    Task<UserDeleteResult> DeleteUserAsync(string userId);

    /// <summary>Ids of the tenant's accounts, sorted.</summary>
    [ReadOnly]
    [Alias("ListAccounts")]
    Task<IReadOnlyList<string>> ListAccountsAsync();

    /// <summary>Creates or replaces an account's configuration after checking its references and applying the defaults.</summary>
    [Alias("PutAccount")]
    Task<AccountWriteResult> PutAccountAsync(string accountId, AccountInput input);

    /// <summary>Deletes an account with its state and reminders; false when there is no such account.</summary>
    [Alias("DeleteAccount")]
    Task<bool> DeleteAccountAsync(string accountId);
}
