namespace MailGrains.Grains.Tests.Probes;

internal sealed class ProbeGrain(
    [PersistentState("probe", StorageNames.Grains)] IPersistentState<ProbeState> state,
    ILocalSiloDetails silo) : Grain, IProbeGrain, IRemindable
{
    public const string ReminderName = "probe";

    public async Task SetNoteAsync(string note)
    {
        state.State.Note = note;
        await state.WriteStateAsync();
    }

    public Task<string?> GetNoteAsync() => Task.FromResult(state.State.Note);

    public async Task StartReminderAsync(TimeSpan dueTime, TimeSpan period)
        => await this.RegisterOrUpdateReminder(ReminderName, dueTime, period);

    public Task<IReadOnlyList<string>> GetTickSilosAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.TickSilos]);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.TickSilos.Add(silo.SiloAddress.ToParsableString());
        await state.WriteStateAsync();
    }
}
