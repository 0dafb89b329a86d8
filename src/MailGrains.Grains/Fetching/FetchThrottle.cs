using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Fetching;

/// <summary>
/// At most <see cref="MailOptions.MaxConcurrentFetches"/> fetches that open a connection run at once on a silo (a poll on
/// a kept IMAP session needs no slot). When
/// thousands of accounts fall due together (a silo start, a failover, a common poll interval), the rest wait
/// their turn instead of opening thousands of sessions that servers refuse and the silo cannot serve.
/// </summary>
internal sealed class FetchThrottle(IOptions<MailOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentFetches, options.Value.MaxConcurrentFetches);

    /// <summary>Waits for a slot; dispose the result to give it back.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
