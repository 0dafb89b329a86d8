namespace MailGrains.Grains.Tenants;

/// <summary>
/// Deletes a tenant in the background: marks it deleting (its keys stop working at once), then runs
/// <see cref="TenantPurgeSteps"/> one bounded step per tick of a grain timer, with a reminder that resumes the purge
/// after a crash. The steps report what they erased; this grain records it. When every step is done the tenant's own
/// state and reminder go; it then no longer exists.
/// </summary>
internal sealed partial class TenantGrain
{
    private const string PurgeReminder = "purge";

    private IGrainTimer? _purgeTimer;

    private async Task BeginPurgeAsync()
    {
        if (!state.State.Deleting)
        {
            state.State.Deleting = true;
            await state.WriteStateAsync();
        }

        await this.RegisterOrUpdateReminder(PurgeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    private void StartPurgeSteps()
        => _purgeTimer ??= this.RegisterGrainTimer(PurgeStepAsync, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));

    private async Task OnPurgeReminderAsync(string reminderName)
    {
        if (reminderName != PurgeReminder)
        {
            return;
        }

        if (state.State.Deleting)
        {
            StartPurgeSteps();
        }
        else if (await this.GetReminder(PurgeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task PurgeStepAsync(CancellationToken cancellationToken)
    {
        if (state.State.Deleting)
        {
            var step = await purgeSteps.RunNextAsync(TenantId, state.State.AccountIds, state.State.Users, cancellationToken);
            if (step.AccountsDeleted.Count > 0 || step.UsersErased.Count > 0)
            {
                state.State.AccountIds.ExceptWith(step.AccountsDeleted);
                state.State.Users.ExceptWith(step.UsersErased);
                await state.WriteStateAsync(cancellationToken);
            }

            if (!step.Done)
            {
                return;
            }
        }

        if (await this.GetReminder(PurgeReminder, cancellationToken) is { } reminder)
        {
            await this.UnregisterReminder(reminder, cancellationToken);
        }

        await state.ClearStateAsync(cancellationToken);

        // Last: disposing the timer cancels its token.
        _purgeTimer?.Dispose();
        _purgeTimer = null;
    }
}
