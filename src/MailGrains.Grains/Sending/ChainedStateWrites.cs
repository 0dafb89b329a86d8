namespace MailGrains.Grains.Sending;

/// <summary>
/// Writes (and clears) a grain's state one after another, never two at once, for a grain whose timer
/// interleaves with its requests: each write waits for the one before it, whatever that one's outcome.
/// Only touched from the grain's own turns, so no lock is needed.
/// </summary>
internal sealed class ChainedStateWrites<T>(IPersistentState<T> state)
    where T : class, new()
{
    private Task _last = Task.CompletedTask;

    /// <summary>
    /// Writes unless <paramref name="cancellationToken"/> is cancelled before the write starts. A started write is
    /// never cancelled: one cut off in flight may still land, and the grain would then hold a stale ETag, so that
    /// its next write or clear fails with 412.
    /// </summary>
    public Task WriteAsync(CancellationToken cancellationToken = default) => _last = AfterAsync(_last, () => cancellationToken.IsCancellationRequested
        ? Task.FromCanceled(cancellationToken)
        : state.WriteStateAsync(CancellationToken.None));

    /// <summary>Clears the stored state and starts over with an empty one.</summary>
    public Task ClearAsync() => _last = AfterAsync(_last, async () =>
    {
        await state.ClearStateAsync();
        state.State = new T();
    });

    private static async Task AfterAsync(Task previous, Func<Task> next)
    {
        try
        {
            await previous;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // reported to the caller of that write
        }

        await next();
    }
}
