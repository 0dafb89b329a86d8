using MailGrains.Accounts;
using MailGrains.Perimeter;
using MailGrains.Users;

namespace MailGrains.Tenants;

/// <summary>
/// A tenant, keyed by tenant id: its name, admin-key hashes and the directory of its users and accounts.
/// Every change to the directory goes through it, so references (owners, allowed senders) stay whole. It never
/// waits for an account grain: account writes go through <see cref="IAccountWriterGrain"/>, which records the
/// account here before and after it calls the account grain.
/// </summary>
[Alias("MailGrains.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>The tenant (also while it is being deleted), or null when it does not exist; answers at once, even during a purge step.</summary>
    [AlwaysInterleave]
    [Alias("Get")]
    Task<TenantInfo?> GetAsync();

    /// <summary>Creates or renames the tenant; a tenant being deleted is left alone.</summary>
    [OperatorOnly]
    [Alias("Upsert")]
    Task<TenantUpsertOutcome> UpsertAsync(string name);

    /// <summary>Issues a new admin key unless the tenant does not exist, is being deleted or has as many keys as its quota allows.</summary>
    [OperatorOnly]
    [Alias("IssueKey")]
    Task<KeyIssueResult> IssueKeyAsync();

    /// <summary>Revokes a key; false when there is no such key.</summary>
    [OperatorOnly]
    [Alias("RevokeKey")]
    Task<bool> RevokeKeyAsync(string keyId);

    /// <summary>The tenant's keys without their secrets.</summary>
    [OperatorOnly]
    [Alias("ListKeys")]
    Task<IReadOnlyList<AdminKeyInfo>> ListKeysAsync();

    /// <summary>
    /// Whether the secret belongs to the key, the key is not revoked and the tenant is not being deleted. Answers at
    /// once, also while another turn of the tenant awaits storage or a purge step: it only reads fields, and turns
    /// never run in parallel. The lists and <see cref="HasAccountAsync"/> below do the same.
    /// </summary>
    [AlwaysInterleave]
    [Alias("VerifyKey")]
    Task<bool> VerifyKeyAsync(string keyId, string secret);

    /// <summary>Ids of the tenant's users, sorted.</summary>
    [AlwaysInterleave]
    [Alias("ListUsers")]
    Task<IReadOnlyList<string>> ListUsersAsync();

    /// <summary>Creates or replaces a user's profile; says whether the user was created, or that the tenant's user quota is reached.</summary>
    [Alias("PutUser")]
    Task<UserWriteOutcome> PutUserAsync(string userId, UserProfile profile);

    /// <summary>
    /// Deletes a user unless an account still names them as owner, allowed sender or in a permission; the user's
    /// activities and raw mail are erased (<see cref="IUserGrain.DeleteAsync"/>).
    /// </summary>
    [Alias("DeleteUser")]
    Task<UserDeleteResult> DeleteUserAsync(string userId);

    /// <summary>Ids of the tenant's accounts, sorted: every account that exists, and accounts being written.</summary>
    [AlwaysInterleave]
    [Alias("ListAccounts")]
    Task<IReadOnlyList<string>> ListAccountsAsync();

    /// <summary>
    /// The first half of an account write (<see cref="IAccountWriterGrain.PutAsync"/>): checks the references and
    /// the quota, applies the owner's defaults, and records the account and every user it will name before the
    /// account grain is called.
    /// </summary>
    [Alias("BeginAccountWrite")]
    Task<AccountWritePlan> BeginAccountWriteAsync(string accountId, AccountConfiguration configuration, UserProfile owner);

    /// <summary>
    /// The second half: records what the account grain now holds (<paramref name="stored"/> null: the account does not
    /// exist). Not <paramref name="known"/> (the call to the account grain failed): the account stays listed with
    /// every user it may name until its next write or delete.
    /// </summary>
    [Alias("EndAccountWrite")]
    Task EndAccountWriteAsync(string accountId, long writeId, AccountConfiguration? stored, bool known);

    /// <summary>Whether the directory lists the account.</summary>
    [AlwaysInterleave]
    [Alias("HasAccount")]
    Task<bool> HasAccountAsync(string accountId);

    /// <summary>Removes a deleted account from the directory with the references it held.</summary>
    [Alias("ForgetAccount")]
    Task ForgetAccountAsync(string accountId);

    /// <summary>
    /// Starts deleting the tenant: its keys stop working at once; its accounts are stopped and deleted, its users'
    /// activities, raw mail and state erased, then the tenant itself. Resumes after a crash (reminder). True when
    /// the tenant existed.
    /// </summary>
    [OperatorOnly]
    [Alias("Delete")]
    Task<bool> DeleteAsync();
}
