using Microsoft.Extensions.Logging;

namespace MailGrains.Hosting;

/// <summary>
/// Keeps a client trying to reach the cluster until the host stops, so a gateway started before
/// its silos waits (and reports not-ready) instead of crashing.
/// </summary>
internal sealed partial class RetryUntilStoppedFilter(ILogger<RetryUntilStoppedFilter> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan s_maxDelay = TimeSpan.FromSeconds(5);
    private int _attempt;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        _attempt++;
        LogClusterUnreachable(logger, _attempt, exception.GetType().Name, exception.Message);
        var delay = TimeSpan.FromMilliseconds(Math.Min(s_maxDelay.TotalMilliseconds, 250 * _attempt));
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster not reachable yet (attempt {Attempt}): {ErrorType}: {ErrorMessage}")]
    private static partial void LogClusterUnreachable(ILogger logger, int attempt, string errorType, string errorMessage);
}
