using MailGrains.Accounts;
using MailGrains.Sending;
using MailGrains.Tenants;
using MailGrains.Users;

namespace MailGrains.Grains.Tenants;

/// <summary>
/// Writes a tenant's accounts so that the tenant grain never waits for an account grain (which may be busy with a
/// fetch): the tenant checks and records the account (<see cref="ITenantGrain.BeginAccountWriteAsync"/>), this grain
/// calls the account grain, and the tenant records what was stored (<see cref="ITenantGrain.EndAccountWriteAsync"/>).
/// The account is listed before it can exist, so the directory never misses one. Stateless, so any number of
/// writes run at once (<see cref="ReentrantAttribute"/>), on whichever silo the call arrives.
/// </summary>
[StatelessWorker]
[Reentrant]
internal sealed class AccountWriterGrain : Grain, IAccountWriterGrain
{
    private string TenantId => this.GetPrimaryKeyString();

    private ITenantGrain Tenant => GrainFactory.GetGrain<ITenantGrain>(TenantId);

    public async Task<AccountWriteResult> PutAsync(string accountId, AccountInput input)
    {
        var ownerId = input.Configuration.Filing.OwnerUserId;
        var owner = await GrainFactory.GetGrain<IUserGrain>(GrainKeys.Scoped(TenantId, ownerId)).GetProfileAsync()
            ?? new UserProfile(ownerId, "", null, false, Signature.None);
        var plan = await Tenant.BeginAccountWriteAsync(accountId, input.Configuration, owner);
        if (plan.Refused is { } refused)
        {
            return refused;
        }

        var account = Account(accountId);
        AccountWriteResult result;
        AccountConfiguration? stored;
        try
        {
            result = await account.ConfigureAsync(input with { Configuration = plan.Configuration! });
            stored = result.View?.Configuration ?? (await account.GetAsync())?.Configuration;
        }
        catch
        {
            await Tenant.EndAccountWriteAsync(accountId, plan.WriteId, null, known: false);
            throw;
        }

        await Tenant.EndAccountWriteAsync(accountId, plan.WriteId, stored, known: true);
        return result;
    }

    public async Task<bool> DeleteAsync(string accountId)
    {
        var account = Account(accountId);
        if (!await Tenant.HasAccountAsync(accountId) && await account.GetAsync() is null)
        {
            return false;
        }

        await account.DeleteAsync();
        await GrainFactory.GetGrain<IOutboxGrain>(GrainKeys.Scoped(TenantId, accountId)).ClearAsync();
        await Tenant.ForgetAccountAsync(accountId);
        return true;
    }

    private IMailAccountGrain Account(string accountId) => GrainFactory.GetGrain<IMailAccountGrain>(GrainKeys.Scoped(TenantId, accountId));
}
