namespace MailGrains.Grains;

/// <summary>
/// The clock MailGrains' own schedules read: back-offs, give-up times, missed polls, key retention, the times on
/// activities and statuses. It is a keyed service, apart from the <see cref="TimeProvider"/> Orleans' runtime reads
/// for membership, reminders and timers, so a test can move it (a <c>FakeTimeProvider</c>) and leave the cluster's
/// own clock alone.
/// </summary>
public static class ServiceClock
{
    public const string Key = "mailgrains";
}
