namespace MailGrains.Grains.Users;

/// <summary>
/// Erases a deleted user's activities and raw mail. The profile goes first (so nothing is served any more), then
/// the rows and blobs in steps of at most <see cref="ErasureStep"/> each, in a grain timer so that other calls get their
/// turn between steps; a reminder resumes the erasure after a crash. When nothing is left the state is cleared.
/// </summary>
internal sealed partial class UserGrain
{
    private const string ErasureReminder = "erase";

    /// <summary>Rows (and blobs) erased per step: about ten table transactions.</summary>
    private const int ErasureStep = 1_000;

    private IGrainTimer? _erasureTimer;

    /// <summary>Drops the profile and records that an erasure is due, with its reminder.</summary>
    private async Task BeginErasureAsync()
    {
        if (!state.State.Erasing || state.State.Profile is not null)
        {
            state.State.Profile = null;
            state.State.Erasing = true;
            await state.WriteStateAsync();
        }

        await this.RegisterOrUpdateReminder(ErasureReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    /// <summary>Runs the erasure step by step in a timer (no-op when it runs already).</summary>
    private void StartErasureSteps()
        => _erasureTimer ??= this.RegisterGrainTimer(ErasureStepAsync, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));

    /// <summary>Steps a profile write may spend finishing an erasure (about five seconds of storage work) before it is refused.</summary>
    private const int ErasureStepsWithinACall = 5;

    /// <summary>Erases what is left in this turn, at most <paramref name="maxSteps"/> steps; true when nothing is left.</summary>
    private async Task<bool> FinishErasureAsync(int maxSteps)
    {
        for (var step = 0; step < maxSteps; step++)
        {
            if (await eraser.EraseUserAsync(Key.TenantId, Key.UserId, ErasureStep))
            {
                await EndErasureAsync();
                return true;
            }
        }

        return false;
    }

    private async Task OnErasureReminderAsync(string reminderName)
    {
        if (reminderName != ErasureReminder)
        {
            return;
        }

        if (state.State.Erasing)
        {
            StartErasureSteps();
        }
        else if (await this.GetReminder(ErasureReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task ErasureStepAsync(CancellationToken cancellationToken)
    {
        if (!state.State.Erasing || await eraser.EraseUserAsync(Key.TenantId, Key.UserId, ErasureStep, cancellationToken))
        {
            await EndErasureAsync();
        }
    }

    private async Task EndErasureAsync()
    {
        _erasureTimer?.Dispose();
        _erasureTimer = null;
        if (state.State.Erasing)
        {
            await state.ClearStateAsync();
        }

        if (await this.GetReminder(ErasureReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
