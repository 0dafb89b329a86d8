using MailGrains.Users;

namespace MailGrains.Grains.Tests.Fetching;

/// <summary>
/// Fault injection for the window between "the owner stored the batch" and "the account saved its cursor": an
/// outgoing call filter that lets the chosen <see cref="IUserGrain.StoreActivitiesAsync"/> call complete and then
/// never hands its answer back to the account grain. Killing the account's silo then is a crash in exactly that window.
/// </summary>
internal sealed class HoldAfterStore(int batch) : IOutgoingGrainCallFilter
{
    private readonly TaskCompletionSource _stored = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _never = new();
    private int _calls;

    /// <summary>Completes once the chosen batch is stored and its answer is being held back.</summary>
    public Task Stored => _stored.Task;

    /// <summary>Hands the held answer back after all (for tests that do not kill the silo).</summary>
    public void Release() => _never.TrySetResult();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        await context.Invoke();
        if (context.InterfaceMethod?.Name == nameof(IUserGrain.StoreActivitiesAsync) && Interlocked.Increment(ref _calls) == batch)
        {
            _stored.TrySetResult();
            await _never.Task;
        }
    }
}
