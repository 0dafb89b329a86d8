namespace MailGrains.Grains.Retry;

/// <summary>
/// Exponential back-off with jitter after failures, for fetching and sending alike: 30 s, 1 min, 2 min … capped at one
/// hour. The schedule is kept in grain state (a next-attempt time), not an in-process retry, so it survives a silo.
/// </summary>
internal static class Backoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Cap = TimeSpan.FromHours(1);

    public static TimeSpan After(int consecutiveFailures, Random random)
    {
        var exponent = Math.Clamp(consecutiveFailures - 1, 0, 20);
        var delay = Math.Min(Cap.TotalSeconds, First.TotalSeconds * Math.Pow(2, exponent));
        return TimeSpan.FromSeconds(delay * (0.8 + (0.4 * random.NextDouble())));
    }
}
