using MailGrains.Grains.Activities;

namespace MailGrains.Grains.Users;

/// <summary>
/// Erases a deleted user's activities and raw mail. The profile goes first (so nothing is served any more), then
/// the rows and blobs in steps of at most <see cref="Step"/> each, in a grain timer so that other calls get their
/// turn between steps; a reminder resumes the erasure after a crash. When nothing is left the state is cleared.
/// Runs on its grain's scheduler only.
/// </summary>
internal sealed class UserErasure(Grain grain, IPersistentState<UserState> state, ActivityEraser eraser, string tenantId, string userId)
{
    public const string Reminder = "erase";

    /// <summary>Rows (and blobs) erased per step: about ten table transactions.</summary>
    private const int Step = 1_000;

    private IGrainTimer? _timer;

    /// <summary>Drops the profile and records that an erasure is due, with its reminder.</summary>
    public async Task BeginAsync()
    {
        if (!state.State.Erasing || state.State.Profile is not null)
        {
            state.State.Profile = null;
            state.State.Erasing = true;
            await state.WriteStateAsync();
        }

        await grain.RegisterOrUpdateReminder(Reminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    /// <summary>Runs the erasure step by step in a timer (no-op when it runs already).</summary>
    public void StartSteps()
        => _timer ??= grain.RegisterGrainTimer(StepAsync, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));

    /// <summary>Steps a profile write may spend finishing an erasure (about five seconds of storage work) before it is refused.</summary>
    public const int StepsWithinACall = 5;

    /// <summary>Erases what is left in this turn, at most <paramref name="maxSteps"/> steps; true when nothing is left.</summary>
    public async Task<bool> FinishAsync(int maxSteps)
    {
        for (var step = 0; step < maxSteps; step++)
        {
            if (await eraser.EraseUserAsync(tenantId, userId, Step))
            {
                await EndAsync();
                return true;
            }
        }

        return false;
    }

    public async Task OnReminderAsync(string reminderName)
    {
        if (reminderName != Reminder)
        {
            return;
        }

        if (state.State.Erasing)
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
        if (!state.State.Erasing || await eraser.EraseUserAsync(tenantId, userId, Step, cancellationToken))
        {
            await EndAsync();
        }
    }

    private async Task EndAsync()
    {
        _timer?.Dispose();
        _timer = null;
        if (state.State.Erasing)
        {
            await state.ClearStateAsync();
        }

        if (await grain.GetReminder(Reminder) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
