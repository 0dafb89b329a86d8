namespace MailGrains.Grains.Tenants;

/// <summary>
/// Deletes a tenant in the background: marks it deleting (its keys stop working at once), then runs
/// <see cref="TenantPurgeSteps"/> one bounded step per tick of a grain timer, with a reminder that resumes the purge
/// after a crash. When every step is done the tenant's own state and reminder go; it then no longer exists.
/// Runs on its grain's scheduler only.
/// </summary>
internal sealed class TenantPurge(Grain grain, IPersistentState<TenantState> state, TenantPurgeSteps steps, string tenantId)
{
    public const string Reminder = "purge";

    private IGrainTimer? _timer;

    public async Task BeginAsync()
    {
        if (!state.State.Deleting)
        {
            state.State.Deleting = true;
            await state.WriteStateAsync();
        }

        await grain.RegisterOrUpdateReminder(Reminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    public void StartSteps()
        => _timer ??= grain.RegisterGrainTimer(StepAsync, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));

    public async Task OnReminderAsync(string reminderName)
    {
        if (reminderName != Reminder)
        {
            return;
        }

        if (state.State.Deleting)
        {
            StartSteps();
        }
        else if (await grain.GetReminder(Reminder) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        if (state.State.Deleting && !await steps.RunNextAsync(tenantId, state, cancellationToken))
        {
            return;
        }

        if (await grain.GetReminder(Reminder, cancellationToken) is { } reminder)
        {
            await grain.UnregisterReminder(reminder, cancellationToken);
        }

        await state.ClearStateAsync(cancellationToken);

        // Last: disposing the timer cancels its token.
        _timer?.Dispose();
        _timer = null;
    }
}
