using MailGrains.Accounts;
using MailGrains.Grains.Secrets;

namespace MailGrains.Grains.Accounts;

internal sealed class MailAccountGrain(
    [PersistentState(StateNames.MailAccount, StorageNames.Grains)] IPersistentState<MailAccountState> state,
    SecretProtector secrets,
    TimeProvider clock) : Grain, IMailAccountGrain
{
    private MailAccountState Account => state.State;

    private string AccountKey => this.GetPrimaryKeyString();

    /// <summary>Re-encrypts passwords still under an old key, so that a rotated-out key can be dropped.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Account.IncomingPassword is { } incoming && !secrets.IsCurrent(incoming)
            || Account.OutgoingPassword is { } outgoing && !secrets.IsCurrent(outgoing))
        {
            Account.IncomingPassword = Account.IncomingPassword is null ? null : secrets.Rotate(Account.IncomingPassword, Purpose("incoming"));
            Account.OutgoingPassword = Account.OutgoingPassword is null ? null : secrets.Rotate(Account.OutgoingPassword, Purpose("outgoing"));
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public Task<AccountView?> GetAsync() => Task.FromResult(View());

    public async Task<AccountWriteResult> ConfigureAsync(AccountInput input)
    {
        var exists = Account.Settings is not null;
        if (input.ExpectedVersion is { } expected && (!exists || expected != Account.Version))
        {
            return AccountWriteResult.Failed(AccountWriteOutcome.VersionConflict, []);
        }

        var incoming = Apply(input.IncomingPassword, Account.IncomingPassword, Purpose("incoming"));
        var outgoing = Apply(input.OutgoingPassword, Account.OutgoingPassword, Purpose("outgoing"));
        if (input.Settings.General.ReceiveEnabled)
        {
            var missing = ReceiveReadiness.Missing(input.Settings, incoming is not null);
            if (missing.Count > 0)
            {
                return AccountWriteResult.Failed(AccountWriteOutcome.Incomplete, missing);
            }
        }

        Account.Settings = input.Settings;
        Account.IncomingPassword = incoming;
        Account.OutgoingPassword = outgoing;
        Account.Version++;
        Account.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        return AccountWriteResult.Written(exists ? AccountWriteOutcome.Updated : AccountWriteOutcome.Created, View()!);
    }

    public async Task DeleteAsync()
    {
        foreach (var reminder in await this.GetReminders())
        {
            await this.UnregisterReminder(reminder);
        }

        await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    private EncryptedSecret? Apply(PasswordChange change, EncryptedSecret? stored, string purpose) => change.Action switch
    {
        PasswordAction.Set when !string.IsNullOrEmpty(change.NewPassword) => secrets.Protect(change.NewPassword, purpose),
        PasswordAction.Set or PasswordAction.Clear => null,
        _ => stored is null ? null : secrets.Rotate(stored, purpose),
    };

    private string Purpose(string field) => $"{AccountKey}:{field}";

    private AccountView? View() => Account.Settings is null ? null : new AccountView(
        GrainKeys.Split(AccountKey).Id,
        Account.Settings,
        Account.IncomingPassword is not null,
        Account.OutgoingPassword is not null,
        Account.Version,
        Account.UpdatedAt);
}
