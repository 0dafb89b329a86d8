using System.Collections.Immutable;
using MailGrains.Accounts;
using MailGrains.Tenants;
using MailGrains.Users;

namespace MailGrains.Grains.Tenants;

internal sealed class TenantGrain(
    [PersistentState(StateNames.Tenant, StorageNames.Grains)] IPersistentState<TenantState> state,
    TimeProvider clock) : Grain, ITenantGrain
{
    private TenantState Tenant => state.State;

    private string TenantId => this.GetPrimaryKeyString();

    public Task<TenantInfo?> GetAsync()
        => Task.FromResult(Tenant.Exists ? new TenantInfo(TenantId, Tenant.Name, Tenant.CreatedAt) : null);

    public async Task<bool> UpsertAsync(string name)
    {
        var created = !Tenant.Exists;
        if (created)
        {
            Tenant.Exists = true;
            Tenant.CreatedAt = clock.GetUtcNow();
        }

        Tenant.Name = name;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.Key).RegisterAsync(TenantId);
        return created;
    }

    public async Task<IssuedKey?> IssueKeyAsync()
    {
        if (!Tenant.Exists)
        {
            return null;
        }

        var keyId = AdminKeySecrets.NewKeyId();
        var secret = AdminKeySecrets.NewSecret();
        var hash = AdminKeySecrets.Hash(secret, clock.GetUtcNow());
        Tenant.Keys[keyId] = hash;
        await state.WriteStateAsync();
        return new IssuedKey(keyId, AdminKeyFormat.Compose(TenantId, keyId, secret), hash.CreatedAt);
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
        => Task.FromResult(Tenant.Exists && Tenant.Keys.TryGetValue(keyId, out var stored) && AdminKeySecrets.Matches(stored, secret));

    public Task<IReadOnlyList<string>> ListUsersAsync() => Task.FromResult<IReadOnlyList<string>>([.. Tenant.Users]);

    public async Task<bool> PutUserAsync(string userId, UserProfile profile)
    {
        await User(userId).SetProfileAsync(profile);
        var created = Tenant.Users.Add(userId);
        if (created)
        {
            await state.WriteStateAsync();
        }

        return created;
    }

    public async Task<UserDeleteResult> DeleteUserAsync(string userId)
    {
        if (!Tenant.Users.Contains(userId))
        {
            return new UserDeleteResult(false, []);
        }

        var blocking = Tenant.Accounts.Where(a => a.Value.Names(userId)).Select(a => a.Key).ToArray();
        if (blocking.Length > 0)
        {
            return new UserDeleteResult(true, blocking);
        }

        await User(userId).ClearAsync();
        Tenant.Users.Remove(userId);
        await state.WriteStateAsync();
        return new UserDeleteResult(true, []);
    }

    public Task<IReadOnlyList<string>> ListAccountsAsync() => Task.FromResult<IReadOnlyList<string>>([.. Tenant.Accounts.Keys]);

    public async Task<AccountWriteResult> PutAccountAsync(string accountId, AccountInput input)
    {
        var errors = UnknownUsers(input.Settings.Defaults);
        if (errors.Count > 0)
        {
            return AccountWriteResult.Failed(AccountWriteOutcome.Invalid, errors);
        }

        var owner = await User(input.Settings.Defaults.OwnerUserId).GetProfileAsync()
            ?? throw new InvalidOperationException($"User '{input.Settings.Defaults.OwnerUserId}' is in the directory but has no profile.");
        var settings = AccountDefaults.Apply(input.Settings, owner);
        if (settings.Defaults.Tags.Length > AccountLimits.MaxTags)
        {
            return AccountWriteResult.Failed(
                AccountWriteOutcome.Invalid,
                ImmutableDictionary<string, string[]>.Empty.Add("defaults.tags", [$"At most {AccountLimits.MaxTags} tags, the owner's tag '{owner.Tag}' included."]));
        }

        var result = await Account(accountId).ConfigureAsync(input with { Settings = settings });
        if (result.View is not null)
        {
            Tenant.Accounts[accountId] = AccountDefaults.References(settings);
            await state.WriteStateAsync();
        }

        return result;
    }

    public async Task<bool> DeleteAccountAsync(string accountId)
    {
        if (!Tenant.Accounts.ContainsKey(accountId))
        {
            return false;
        }

        await Account(accountId).DeleteAsync();
        await GrainFactory.GetGrain<MailGrains.Sending.IOutboxGrain>(GrainKeys.Scoped(TenantId, accountId)).ClearAsync();
        Tenant.Accounts.Remove(accountId);
        await state.WriteStateAsync();
        return true;
    }

    private ImmutableDictionary<string, string[]> UnknownUsers(DefaultSettings defaults)
    {
        var errors = ImmutableDictionary.CreateBuilder<string, string[]>();
        if (!Tenant.Users.Contains(defaults.OwnerUserId))
        {
            errors["defaults.ownerUserId"] = [$"There is no user '{defaults.OwnerUserId}' in this tenant."];
        }

        var senders = defaults.AllowedSenders.Where(u => !Tenant.Users.Contains(u)).ToArray();
        if (senders.Length > 0)
        {
            errors["defaults.allowedSenders"] = [.. senders.Select(u => $"There is no user '{u}' in this tenant.")];
        }

        for (var i = 0; i < defaults.Permissions.Length; i++)
        {
            var userId = defaults.Permissions[i].UserId;
            if (!Tenant.Users.Contains(userId))
            {
                errors[$"defaults.permissions[{i}].userId"] = [$"There is no user '{userId}' in this tenant."];
            }
        }

        return errors.ToImmutable();
    }

    private IUserGrain User(string userId) => GrainFactory.GetGrain<IUserGrain>(GrainKeys.Scoped(TenantId, userId));

    private IMailAccountGrain Account(string accountId) => GrainFactory.GetGrain<IMailAccountGrain>(GrainKeys.Scoped(TenantId, accountId));
}
