namespace MailGrains.Mail.Imap.Idle;

/// <summary>
/// Bounded exponential back-off with jitter between reconnections: the first delay, doubled per failure in a row,
/// capped, each spread by ±20 % so that the accounts of a server that restarted do not all come back at once.
/// </summary>
internal static class ReconnectDelays
{
    public static TimeSpan After(int consecutiveFailures, IdleOptions options, Random random)
    {
        var exponent = Math.Clamp(consecutiveFailures - 1, 0, 30);
        var delay = Math.Min(options.MaxReconnectDelay.TotalMilliseconds, options.FirstReconnectDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(delay * (0.8 + (0.4 * random.NextDouble())));
    }
}
