using MailGrains.Accounts;
using MailGrains.Grains.Activities;
using MailGrains.Grains.Webhooks;
using MailGrains.Sending;
using MailGrains.Tenants;
using MailGrains.Users;
using MailGrains.Webhooks;

namespace MailGrains.Grains.Tenants;

/// <summary>
/// The steps that erase a tenant, each bounded: stop and delete its accounts (receiving off, reminders and kept
/// sessions gone, outboxes cleared) ten at a time; erase its activities and raw mail a thousand rows at a time;
/// erase its users' state twenty at a time; erase its reference rows; forget its webhook deliveries, erase its event log
/// and its subscriptions; unlist it. Every step can be repeated after a crash. Each step reports what it erased
/// (<see cref="PurgeStep"/>); the tenant grain records what is left.
/// </summary>
public sealed class TenantPurgeSteps(IGrainFactory grains, ActivityEraser activities, AccountReferenceTable references, WebhookEventsPurge webhookEvents)
{
    private const int AccountsPerStep = 10;
    private const int UsersPerStep = 20;
    private const int RowsPerStep = 1_000;

    /// <summary>Runs the next step over what is left of the tenant's <paramref name="accountIds"/> and <paramref name="users"/>.</summary>
    public async Task<PurgeStep> RunNextAsync(string tenantId, IReadOnlyCollection<string> accountIds, IReadOnlyCollection<string> users, CancellationToken cancellationToken)
    {
        if (accountIds.Count > 0)
        {
            var accounts = accountIds.Take(AccountsPerStep).ToList();
            await Task.WhenAll(accounts.Select(async accountId =>
            {
                var key = GrainKeys.Scoped(tenantId, accountId);
                await grains.GetGrain<IMailAccountGrain>(key).DeleteAsync();
                await grains.GetGrain<IOutboxGrain>(key).ClearAsync();
                await references.ForgetAsync(tenantId, accountId);
            }));
            return new PurgeStep(accounts, [], Done: false);
        }

        if (!await activities.EraseTenantAsync(tenantId, RowsPerStep, cancellationToken))
        {
            return PurgeStep.NotYet;
        }

        if (users.Count > 0)
        {
            var erased = users.Take(UsersPerStep).ToList();
            await Task.WhenAll(erased.Select(userId => grains.GetGrain<IUserGrain>(GrainKeys.Scoped(tenantId, userId)).EraseAsync()));
            return new PurgeStep([], erased, Done: false);
        }

        if (!await references.EraseTenantAsync(tenantId, RowsPerStep))
        {
            return PurgeStep.NotYet;
        }

        if (!await webhookEvents.EraseTenantAsync(tenantId, RowsPerStep, cancellationToken))
        {
            return PurgeStep.NotYet;
        }

        await grains.GetGrain<ITenantWebhooksGrain>(tenantId).EraseAsync();
        await grains.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.Key).UnregisterAsync(tenantId);
        return new PurgeStep([], [], Done: true);
    }
}

/// <summary>What one purge step erased; <see cref="Done"/> when the tenant's data is gone and only its own state is left.</summary>
public sealed record PurgeStep(IReadOnlyList<string> AccountsDeleted, IReadOnlyList<string> UsersErased, bool Done)
{
    public static readonly PurgeStep NotYet = new([], [], Done: false);
}
