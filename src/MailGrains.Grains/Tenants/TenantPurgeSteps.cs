using MailGrains.Accounts;
using MailGrains.Grains.Activities;
using MailGrains.Sending;
using MailGrains.Tenants;
using MailGrains.Users;

namespace MailGrains.Grains.Tenants;

/// <summary>
/// The steps that erase a tenant, each bounded: stop and delete its accounts (receiving off, reminders and kept
/// sessions gone, outboxes cleared) ten at a time; erase its activities and raw mail a thousand rows at a time;
/// erase its users' state twenty at a time; erase its reference rows; unlist it. Every step can be repeated after a
/// crash; the tenant's state records what is left.
/// </summary>
public sealed class TenantPurgeSteps(IGrainFactory grains, ActivityEraser activities, AccountReferenceTable references)
{
    private const int AccountsPerStep = 10;
    private const int UsersPerStep = 20;
    private const int RowsPerStep = 1_000;

    /// <summary>Runs the next step; true when the tenant's data is gone and only its own state is left.</summary>
    public async Task<bool> RunNextAsync(string tenantId, IPersistentState<TenantState> state, CancellationToken cancellationToken)
    {
        var tenant = state.State;
        if (tenant.AccountIds.Count > 0)
        {
            var accounts = tenant.AccountIds.Take(AccountsPerStep).ToList();
            await Task.WhenAll(accounts.Select(async accountId =>
            {
                var key = GrainKeys.Scoped(tenantId, accountId);
                await grains.GetGrain<IMailAccountGrain>(key).DeleteAsync();
                await grains.GetGrain<IOutboxGrain>(key).ClearAsync();
                await references.ForgetAsync(tenantId, accountId);
            }));
            tenant.AccountIds.ExceptWith(accounts);
            await state.WriteStateAsync(cancellationToken);
            return false;
        }

        if (!await activities.EraseTenantAsync(tenantId, RowsPerStep, cancellationToken))
        {
            return false;
        }

        if (tenant.Users.Count > 0)
        {
            var users = tenant.Users.Take(UsersPerStep).ToList();
            await Task.WhenAll(users.Select(userId => grains.GetGrain<IUserGrain>(GrainKeys.Scoped(tenantId, userId)).EraseAsync()));
            tenant.Users.ExceptWith(users);
            await state.WriteStateAsync(cancellationToken);
            return false;
        }

        if (!await references.EraseTenantAsync(tenantId, RowsPerStep))
        {
            return false;
        }

        await grains.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.Key).UnregisterAsync(tenantId);
        return true;
    }
}
