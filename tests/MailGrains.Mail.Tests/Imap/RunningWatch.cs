using MailGrains.Mail.Connections;
using MailGrains.Mail.Imap.Idle;
using MailGrains.Testing;
using Microsoft.Extensions.Logging;

namespace MailGrains.Mail.Tests.Imap;

/// <summary>
/// An <see cref="ImapIdleWatcher"/> running in a test: counts its new-mail callbacks (optionally running a test's own
/// callback too), waits for its progress to reach a condition, and stops it when disposed.
/// </summary>
internal sealed class RunningWatch : IAsyncDisposable
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(120);

    private readonly CancellationTokenSource _stop = new();
    private readonly Func<int, CancellationToken, Task>? _onCall;
    private int _calls;

    private RunningWatch(ImapIdleWatcher watcher, Func<int, CancellationToken, Task>? onCall)
    {
        Watcher = watcher;
        _onCall = onCall;
        Ending = watcher.WatchAsync(OnNewMailAsync, _stop.Token);
    }

    /// <summary>Options that keep tests short: quick reconnects, a bounded wait for answers.</summary>
    public static IdleOptions FastOptions { get; } = new()
    {
        FirstReconnectDelay = TimeSpan.FromMilliseconds(100),
        MaxReconnectDelay = TimeSpan.FromSeconds(1),
        ResponseTimeout = TimeSpan.FromSeconds(20),
    };

    public ImapIdleWatcher Watcher { get; }

    public IdleWatchProgress Progress => Watcher.Progress;

    /// <summary>The watch itself: ends when stopped, unsupported or failed.</summary>
    public Task<IdleOutcome> Ending { get; }

    /// <summary>How often the watcher called back so far.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public static MailEndpoint EndpointOf(TestMailbox mailbox, string? password = null)
        => new(TestServices.Host, mailbox.Server.ImapPort, TransportSecurity.None, mailbox.UserName, password ?? mailbox.Password);

    /// <summary>Starts watching; <paramref name="onCall"/> gets the call's number (from 1).</summary>
    public static RunningWatch Start(MailEndpoint endpoint, string folder, IdleOptions? options = null, Func<int, CancellationToken, Task>? onCall = null, ILogger? logger = null)
        => new(new ImapIdleWatcher(TestNetwork.TestServers.Connector(), endpoint, folder, options ?? FastOptions, logger), onCall);

    /// <summary>Waits until the watcher's progress matches; fails at once if the watch ends first.</summary>
    public async Task UntilAsync(Func<IdleWatchProgress, bool> condition, string what)
    {
        var reached = Eventually.MatchesAsync(() => Task.FromResult(condition(Progress)), ok => ok, s_patience, what, TimeSpan.FromMilliseconds(20));
        if (await Task.WhenAny(reached, Ending) == Ending && !condition(Progress))
        {
            throw new InvalidOperationException($"The watch ended ({await Ending}) before {what}.");
        }

        await reached;
    }

    /// <summary>Waits until the watcher has called back at least <paramref name="calls"/> times.</summary>
    public Task UntilCalledAsync(int calls, string what) => UntilAsync(_ => Calls >= calls, what);

    /// <summary>Waits until an IDLE command runs (the <paramref name="idleCommands"/>th at least).</summary>
    public Task UntilIdlingAsync(int idleCommands = 1) => UntilAsync(p => p.State == IdleWatchState.Idling && p.IdleCommands >= idleCommands, $"IDLE command {idleCommands} to run");

    public async Task<IdleOutcome> StopAsync()
    {
        await _stop.CancelAsync();
        return await Ending;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Ending;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The test looked at the outcome already, or failed for another reason.
        }

        _stop.Dispose();
    }

    private async Task OnNewMailAsync(CancellationToken stop)
    {
        var call = Interlocked.Increment(ref _calls);
        if (_onCall is not null)
        {
            await _onCall(call, stop);
        }
    }
}
