using MailGrains.Accounts;

namespace MailGrains.Tenants;

/// <summary>
/// Writes and deletes a tenant's accounts (keyed by tenant id). It calls the account grain, which may be busy with
/// a fetch, so that the tenant grain never waits for one: the tenant records the account before and after.
/// </summary>
[Alias("MailGrains.IAccountWriterGrain")]
public interface IAccountWriterGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces an account's configuration after the tenant checked its references and applied the defaults.</summary>
    [Alias("Put")]
    Task<AccountWriteResult> PutAsync(string accountId, AccountInput input);

    /// <summary>
    /// Deletes an account with its state, reminders and outbox; false when there is no such account, neither in
    /// the directory nor in the account grain (an account whose directory entry was lost is still deleted).
    /// </summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(string accountId);
}
