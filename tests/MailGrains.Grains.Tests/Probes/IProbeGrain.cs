namespace MailGrains.Grains.Tests.Probes;

/// <summary>A grain of the tests' own that exercises the silo's storage and reminder providers.</summary>
[Alias("MailGrains.Grains.Tests.IProbeGrain")]
public interface IProbeGrain : IGrainWithStringKey
{
    /// <summary>Stores a note in the grain's persistent state.</summary>
    Task SetNoteAsync(string note);

    /// <summary>The stored note, read from the state the activation loaded.</summary>
    Task<string?> GetNoteAsync();

    /// <summary>Registers a reminder that records, on each tick, which silo handled it.</summary>
    Task StartReminderAsync(TimeSpan dueTime, TimeSpan period);

    /// <summary>The silos (parsable addresses) that handled a tick, in order.</summary>
    Task<IReadOnlyList<string>> GetTickSilosAsync();
}
