using System.Diagnostics;
using MailGrains.Accounts;
using MailGrains.Grains.Accounts;
using MailGrains.Grains.Telemetry;
using MailGrains.Mail.Connections;
using Microsoft.Extensions.Logging;

namespace MailGrains.Grains.Fetching;

/// <summary>
/// One fetch of an account, as its grain's timer runs it: the protocol's fetch cycle, the outcome recorded in
/// the account state (error and back-off, or success), and once a day the retention sweep. Never throws for
/// mail-server trouble; the caller saves the state afterwards. Each run is a span (<see cref="MailGrainsTracing.FetchSpan"/>)
/// and a measured duration; a failure also counts as a fetch error of its kind.
/// </summary>
internal sealed partial class AccountFetchRun(
    ImapFetchCycle imapFetch,
    Pop3FetchCycle pop3Fetch,
    RetentionSweep retention,
    MailGrainsMetrics metrics,
    FetchThrottle throttle,
    TimeProvider clock,
    ILogger<AccountFetchRun> logger)
{
    /// <param name="imapSession">The account's slot for an IMAP session kept between polls.</param>
    /// <param name="requestedBy">The span of the call that asked for this fetch, if any, so that a request and its fetch are one trace.</param>
    public async Task RunAsync(
        string accountKey,
        MailAccountState account,
        AccountSettings settings,
        MailEndpoint endpoint,
        Func<Task> persist,
        ImapSessionSlot imapSession,
        CancellationToken cancellationToken,
        ActivityContext requestedBy = default)
    {
        var protocol = settings.Server.Incoming.Protocol;
        using var span = MailGrainsTracing.Source.StartActivity(MailGrainsTracing.FetchSpan, ActivityKind.Internal, requestedBy);
        span?.SetTag(TelemetryTags.Account, accountKey);
        span?.SetTag(TelemetryTags.Protocol, TelemetryTags.ProtocolName(protocol));
        // Only a fetch that opens a new connection takes one of the silo's slots; a poll on a kept session is cheap.
        using var slot = protocol == MailProtocol.Imap && imapSession.HasSessionFor(endpoint) ? null : await throttle.EnterAsync(GrainKeys.Split(accountKey).TenantId, cancellationToken);
        var started = clock.GetTimestamp();
        try
        {
            var added = protocol == MailProtocol.Pop3
                ? await pop3Fetch.RunAsync(accountKey, settings, endpoint, account.Pop3Stored, persist, cancellationToken)
                : await imapFetch.RunAsync(accountKey, settings, endpoint, account.Cursors, persist, imapSession, cancellationToken);
            metrics.FetchEnded(protocol, clock.GetElapsedTime(started), errorKind: null);
            span?.SetTag("mailgrains.activities.added", added);
            FetchRecord.Succeeded(account, clock.GetUtcNow());
            LogFetched(logger, accountKey, added);
            await DeleteOldMailIfDueAsync(accountKey, account, settings, endpoint, cancellationToken);
        }
        catch (MissingFoldersException missing)
        {
            // Not a failure of the account: every folder that exists was read, so no back-off; the admin sees which are missing.
            metrics.FetchEnded(protocol, clock.GetElapsedTime(started), errorKind: "folder");
            FetchRecord.Succeeded(account, clock.GetUtcNow());
            account.LastError = missing.Message;
            LogFetchFailed(logger, accountKey, 0, missing.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped from outside: a configuration change or deletion (nothing to record), or the fetch's deadline
            // (the account grain records that). Either way what was stored stays stored, and the cursors with it.
            span?.SetStatus(ActivityStatusCode.Error, "stopped");
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var kind = FetchErrors.Kind(ex);
            metrics.FetchEnded(protocol, clock.GetElapsedTime(started), kind);
            span?.SetTag(TelemetryTags.ErrorKind, kind);
            span?.SetStatus(ActivityStatusCode.Error, kind);
            FetchRecord.Failed(account, ex, endpoint.Host, endpoint.Port, clock.GetUtcNow());
            LogFetchFailed(logger, accountKey, account.ConsecutiveFailures, account.LastError!);
        }
    }

    /// <summary>Retention runs in the fetch cycle, after a good fetch, at most once a day.</summary>
    private async Task DeleteOldMailIfDueAsync(string accountKey, MailAccountState account, AccountSettings settings, MailEndpoint endpoint, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (settings.Server.DeleteFromServerAfterDays <= 0 || settings.Server.Incoming.Protocol != MailProtocol.Imap
            || now - account.LastRetentionAt < TimeSpan.FromDays(1))
        {
            return;
        }

        try
        {
            var deleted = await retention.RunAsync(accountKey, settings, endpoint, cancellationToken);
            account.LastRetentionAt = now;
            LogRetention(logger, accountKey, deleted, settings.Server.DeleteFromServerAfterDays);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            account.LastError = "Deleting old mail on the server failed: " + FetchErrors.Describe(ex, endpoint.Host, endpoint.Port);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {Account}: fetched {Added} new activities")]
    private static partial void LogFetched(ILogger logger, string account, int added);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {Account}: deleted {Deleted} stored messages older than {Days} days on the server")]
    private static partial void LogRetention(ILogger logger, string account, int deleted, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {Account}: fetch failed ({Failures} in a row): {Error}")]
    private static partial void LogFetchFailed(ILogger logger, string account, int failures, string error);
}
