namespace MailGrains.Grains.Webhooks.Delivery;

/// <summary>
/// How long a failing subscription waits before the next round: 5 s doubling to an hour, ±20 % jitter so many
/// subscriptions of one failed receiver do not return together, and never less than the receiver's <c>Retry-After</c>
/// (itself capped at a day).
/// </summary>
internal static class DeliveryBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Cap = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);

    public static TimeSpan After(int failedRounds, TimeSpan? retryAfter, Random random)
    {
        var exponent = Math.Clamp(failedRounds - 1, 0, 30);
        var seconds = Math.Min(Cap.TotalSeconds, First.TotalSeconds * Math.Pow(2, exponent)) * (0.8 + (0.4 * random.NextDouble()));
        var delay = TimeSpan.FromSeconds(seconds);
        return retryAfter is { } asked && asked > delay ? (asked < MaxRetryAfter ? asked : MaxRetryAfter) : delay;
    }
}
