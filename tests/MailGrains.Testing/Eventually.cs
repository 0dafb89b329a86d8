namespace MailGrains.Testing;

/// <summary>Waits for a condition by polling it until a deadline, instead of sleeping a fixed time.</summary>
public static class Eventually
{
    /// <summary>Polls every <paramref name="interval"/> (default 200 ms) until the condition holds; throws a <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        Exception? lastError = null;
        while (true)
        {
            try
            {
                last = await probe();
                if (condition(last))
                {
                    return last;
                }
            }
            catch (Exception ex) when (DateTime.UtcNow < deadline)
            {
                lastError = ex;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}.", lastError);
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(200));
        }
    }
}
