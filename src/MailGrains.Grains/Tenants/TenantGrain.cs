using System.Collections.Immutable;
using MailGrains.Accounts;
using MailGrains.Tenants;
using MailGrains.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Tenants;

/// <summary>
/// A tenant: name, key hashes and the directory of users and accounts, within the quotas. It never calls an account
/// grain for a request (those may be busy fetching): <see cref="AccountWriterGrain"/> does, and this grain records the
/// account before (widening its references) and after (narrowing them to what was stored). Deleting the tenant runs
/// in bounded steps (<c>TenantGrain.Purge.cs</c>, <see cref="TenantPurgeSteps"/>).
/// </summary>
internal sealed partial class TenantGrain(
    [PersistentState(StateNames.Tenant, StorageNames.Grains)] IPersistentState<TenantState> state,
    AccountReferenceTable references,
    TenantPurgeSteps purgeSteps,
    IOptions<TenantQuotaOptions> quotas,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock) : Grain, ITenantGrain, IRemindable
{
    /// <summary>Account writes of this activation that have begun and not ended, by account.</summary>
    private readonly Dictionary<string, AccountWrites> _writes = new(StringComparer.Ordinal);
    private long _lastWriteId;

    private TenantState Tenant => state.State;

    private string TenantId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _lastWriteId = clock.GetUtcNow().UtcTicks;
        if (Tenant.Accounts.Count > 0)
        {
            // References kept in grain state by earlier versions move to their table rows.
            foreach (var (accountId, named) in Tenant.Accounts)
            {
                await references.RecordAsync(TenantId, accountId, named.OtherUsers.Append(named.Owner).ToHashSet(StringComparer.Ordinal));
                Tenant.AccountIds.Add(accountId);
            }

            Tenant.Accounts.Clear();
            await state.WriteStateAsync(cancellationToken);
        }

        if (Tenant.Deleting)
        {
            StartPurgeSteps();
        }
    }

    public Task<TenantInfo?> GetAsync()
        => Task.FromResult(Tenant.Exists ? new TenantInfo(TenantId, Tenant.Name, Tenant.CreatedAt, Tenant.Deleting) : null);

    public async Task<TenantUpsertOutcome> UpsertAsync(string name)
    {
        if (Tenant.Deleting)
        {
            return TenantUpsertOutcome.Deleting;
        }

        var created = !Tenant.Exists;
        if (created)
        {
            Tenant.Exists = true;
            Tenant.CreatedAt = clock.GetUtcNow();
        }

        Tenant.Name = name;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.Key).RegisterAsync(TenantId);
        return created ? TenantUpsertOutcome.Created : TenantUpsertOutcome.Updated;
    }

    public async Task<KeyIssueResult> IssueKeyAsync()
    {
        var quota = quotas.Value.AdminKeysPerTenant;
        if (!Tenant.Exists || Tenant.Deleting || Tenant.Keys.Count >= quota)
        {
            return new KeyIssueResult(null, Tenant.Exists && !Tenant.Deleting, quota);
        }

        var keyId = AdminKeySecrets.NewKeyId();
        var secret = AdminKeySecrets.NewSecret();
        var hash = AdminKeySecrets.Hash(secret, clock.GetUtcNow());
        Tenant.Keys[keyId] = hash;
        await state.WriteStateAsync();
        return new KeyIssueResult(new IssuedKey(keyId, AdminKeyFormat.Compose(TenantId, keyId, secret), hash.CreatedAt), false, quota);
    }

    public async Task<bool> RevokeKeyAsync(string keyId)
    {
        if (!Tenant.Keys.Remove(keyId))
        {
            return false;
        }

        await state.WriteStateAsync();
        return true;
    }

    public Task<IReadOnlyList<AdminKeyInfo>> ListKeysAsync()
        => Task.FromResult<IReadOnlyList<AdminKeyInfo>>([.. Tenant.Keys.OrderBy(k => k.Value.CreatedAt).Select(k => new AdminKeyInfo(k.Key, k.Value.CreatedAt))]);

    public Task<bool> VerifyKeyAsync(string keyId, string secret)
        => Task.FromResult(Tenant.Exists && !Tenant.Deleting && Tenant.Keys.TryGetValue(keyId, out var stored) && AdminKeySecrets.Matches(stored, secret));

    public Task<IReadOnlyList<string>> ListUsersAsync() => Task.FromResult<IReadOnlyList<string>>([.. Tenant.Users]);

    public async Task<UserWriteOutcome> PutUserAsync(string userId, UserProfile profile)
    {
        var created = !Tenant.Users.Contains(userId);
        if (created && Tenant.Users.Count >= quotas.Value.UsersPerTenant)
        {
            return UserWriteOutcome.QuotaReached;
        }

        if (!await User(userId).SetProfileAsync(profile))
        {
            return UserWriteOutcome.StillErasing;
        }

        if (Tenant.Users.Add(userId))
        {
            await state.WriteStateAsync();
        }

        return created ? UserWriteOutcome.Created : UserWriteOutcome.Updated;
    }

    public async Task<UserDeleteResult> DeleteUserAsync(string userId)
    {
        if (!Tenant.Users.Contains(userId))
        {
            return new UserDeleteResult(false, []);
        }

        var blocking = await references.AccountsNamingAsync(TenantId, userId);
        if (blocking.Count > 0)
        {
            return new UserDeleteResult(true, blocking);
        }

        await User(userId).DeleteAsync();
        Tenant.Users.Remove(userId);
        await state.WriteStateAsync();
        return new UserDeleteResult(true, []);
    }

    public Task<IReadOnlyList<string>> ListAccountsAsync() => Task.FromResult<IReadOnlyList<string>>([.. Tenant.AccountIds]);

    public Task<bool> HasAccountAsync(string accountId) => Task.FromResult(Tenant.AccountIds.Contains(accountId));

    public async Task<AccountWritePlan> BeginAccountWriteAsync(string accountId, AccountConfiguration configuration, UserProfile owner)
    {
        var errors = Tenant.Deleting
            ? ImmutableDictionary<string, string[]>.Empty.Add("tenant", ["The tenant is being deleted."])
            : AccountReferenceCheck.UnknownUsers(configuration, Tenant.Users);
        if (errors.Count > 0)
        {
            return Refused(AccountWriteOutcome.Invalid, errors);
        }

        var applied = AccountDefaults.Apply(configuration, owner);
        if (applied.Filing.Tags.Length > AccountLimits.MaxTags)
        {
            return Refused(AccountWriteOutcome.Invalid, ImmutableDictionary<string, string[]>.Empty.Add(
                "defaults.tags", [$"At most {AccountLimits.MaxTags} tags, the owner's tag '{owner.Tag}' included."]));
        }

        var added = !Tenant.AccountIds.Contains(accountId);
        if (added && Tenant.AccountIds.Count >= quotas.Value.AccountsPerTenant)
        {
            return Refused(AccountWriteOutcome.QuotaReached, ImmutableDictionary<string, string[]>.Empty.Add(
                "accountId", [$"This tenant has {Tenant.AccountIds.Count} accounts, as many as its quota allows ({quotas.Value.AccountsPerTenant}). Delete an account first."]));
        }

        // Named before the account grain may name them, so that deleting one of these users meanwhile is refused.
        var named = await references.UsersOfAsync(TenantId, accountId);
        named.UnionWith(AccountDefaults.Users(applied));
        await references.RecordAsync(TenantId, accountId, named);
        var writeId = ++_lastWriteId;
        var writes = _writes.TryGetValue(accountId, out var open) ? open : new AccountWrites();
        _writes[accountId] = writes with { InFlight = writes.InFlight + 1, AddedBy = added ? writeId : writes.AddedBy };
        if (Tenant.AccountIds.Add(accountId))
        {
            await state.WriteStateAsync();
        }

        return new AccountWritePlan(null, applied, writeId);
    }

    public async Task EndAccountWriteAsync(string accountId, long writeId, AccountConfiguration? stored, bool known)
    {
        var writes = _writes.GetValueOrDefault(accountId) ?? new AccountWrites();
        var othersOpen = writes.InFlight > 1;
        if (othersOpen)
        {
            _writes[accountId] = writes with { InFlight = writes.InFlight - 1 };
        }
        else
        {
            _writes.Remove(accountId);
        }

        if (!known)
        {
            // The account grain may still store this write: keep the account and every user it may name.
            return;
        }

        if (stored is not null)
        {
            // While another write of the account is open, its references must stay: only widen then.
            var named = AccountDefaults.Users(stored);
            if (othersOpen)
            {
                named.UnionWith(await references.UsersOfAsync(TenantId, accountId));
            }

            await references.RecordAsync(TenantId, accountId, named);
            if (Tenant.AccountIds.Add(accountId))
            {
                await state.WriteStateAsync();
            }
        }
        else if (!othersOpen && writes.AddedBy == writeId)
        {
            // This write listed an account that was never created (refused by the account grain): unlist it.
            await ForgetAccountAsync(accountId);
        }
    }

    public async Task ForgetAccountAsync(string accountId)
    {
        await references.ForgetAsync(TenantId, accountId);
        if (Tenant.AccountIds.Remove(accountId))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task<bool> DeleteAsync()
    {
        if (!Tenant.Exists)
        {
            return false;
        }

        await BeginPurgeAsync();
        StartPurgeSteps();
        return true;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => OnPurgeReminderAsync(reminderName);

    private static AccountWritePlan Refused(AccountWriteOutcome outcome, ImmutableDictionary<string, string[]> errors)
        => new(AccountWriteResult.Failed(outcome, errors), null, 0);

    private IUserGrain User(string userId) => GrainFactory.GetGrain<IUserGrain>(GrainKeys.Scoped(TenantId, userId));

    /// <summary>How many writes of one account are open, and which of them listed the account.</summary>
    private sealed record AccountWrites(int InFlight = 0, long AddedBy = 0);
}
