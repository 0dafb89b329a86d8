using System.Diagnostics;
using System.Runtime.CompilerServices;
using MailGrains.Accounts;
using MailGrains.Grains.Telemetry;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Errors;
using MailGrains.Mail.Imap;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MailGrains.Grains.Fetching;

/// <summary>
/// Where an account's fetch starts: its sync state as the grain last saved it (copies, never the grain's own), with what
/// "importFrom" needs: the POP3 mail left on the server and the day importing from "now" began.
/// </summary>
internal sealed record FetchStart(
    IReadOnlyDictionary<string, FolderPosition> Cursors,
    IReadOnlySet<string> Pop3Stored,
    DateTimeOffset? LastRetentionAt,
    Pop3Kept? Pop3Kept = null,
    DateOnly? ImportingSince = null);

/// <summary>
/// One fetch of an account, as its grain's timer runs it: the protocol's fetch cycle, then once a day the retention
/// sweep, reported as <see cref="FetchProgress"/> and always ending with <see cref="FetchEnded"/> (mail-server trouble
/// ends it as a failure, never as an exception). Each run is a span (<see cref="MailGrainsTracing.FetchSpan"/>) and a
/// measured duration; a failure also counts as a fetch error of its kind.
/// </summary>
internal sealed partial class AccountFetch(
    ImapFetchCycle imapFetch,
    Pop3FetchCycle pop3Fetch,
    RetentionSweep retention,
    MailGrainsMetrics metrics,
    FetchThrottle throttle,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    ILogger<AccountFetch> logger)
{
    /// <param name="imapSession">The account's IMAP session kept between polls.</param>
    /// <param name="requestedBy">The span of the call that asked for this fetch, if any, so that a request and its fetch are one trace.</param>
    public async IAsyncEnumerable<FetchProgress> RunAsync(
        string accountKey,
        AccountConfiguration configuration,
        MailEndpoint endpoint,
        FetchStart start,
        KeptImapSession imapSession,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        ActivityContext requestedBy = default)
    {
        var protocol = configuration.Receiving.Protocol;
        using var span = MailGrainsTracing.Source.StartActivity(MailGrainsTracing.FetchSpan, ActivityKind.Internal, requestedBy);
        span?.SetTag(TelemetryTags.Account, accountKey);
        span?.SetTag(TelemetryTags.Protocol, TelemetryTags.ProtocolName(protocol));
        // Only a fetch that opens a new connection takes one of the silo's slots; a poll on a kept session is cheap.
        using var slot = protocol == MailProtocol.Imap && imapSession.IsOpenFor(endpoint) ? null : await throttle.EnterAsync(GrainKeys.Split(accountKey).TenantId, cancellationToken);
        var started = clock.GetTimestamp();
        var progress = protocol == MailProtocol.Pop3
            ? pop3Fetch.RunAsync(accountKey, configuration, endpoint, start.Pop3Stored, cancellationToken, start.Pop3Kept)
            : imapFetch.RunAsync(accountKey, configuration, endpoint, start.Cursors, imapSession, cancellationToken, start.ImportingSince);
        var added = 0;
        string? note = null;
        MailError? error = null;
        await using (var steps = progress.GetAsyncEnumerator(cancellationToken))
        {
            while (true)
            {
                try
                {
                    if (!await steps.MoveNextAsync())
                    {
                        break;
                    }
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
                    error = MailErrors.From(ex, endpoint.Host, endpoint.Port);
                    break;
                }

                switch (steps.Current)
                {
                    case FoldersMissing missing:
                        // Not a failure of the account: every folder that exists was read, so no back-off; the admin sees which are missing.
                        note = missing.Sentence;
                        break;
                    case var step:
                        added += step is CursorAdvanced { Added: var a } ? a : step is Pop3Stored { Added: var p } ? p : 0;
                        yield return step;
                        break;
                }
            }
        }

        var elapsed = clock.GetElapsedTime(started);
        if (error is not null)
        {
            metrics.FetchEnded(protocol, elapsed, error.Tag);
            span?.SetTag(TelemetryTags.ErrorKind, error.Tag);
            span?.SetStatus(ActivityStatusCode.Error, error.Tag);
            var failed = new FetchEnded(clock.GetUtcNow(), error.Sentence, null, null, error.Kind);
            LogFetchFailed(logger, accountKey, error.Sentence);
            yield return failed;
            yield break;
        }

        metrics.FetchEnded(protocol, elapsed, note is null ? null : MailError.TagOf(MailErrorKind.Folder));
        span?.SetTag("mailgrains.activities.added", added);
        LogFetched(logger, accountKey, added);
        if (note is not null)
        {
            LogFetchNote(logger, accountKey, note);
            yield return new FetchEnded(clock.GetUtcNow(), null, note, null);
            yield break;
        }

        var (retentionNote, deletedAt) = await DeleteOldMailIfDueAsync(accountKey, start, configuration, endpoint, cancellationToken);
        yield return new FetchEnded(clock.GetUtcNow(), null, retentionNote, deletedAt);
    }

    /// <summary>Retention runs in the fetch cycle, after a good fetch, at most once a day; its failure is a note, not a failed fetch.</summary>
    private async Task<(string? Note, DateTimeOffset? DeletedAt)> DeleteOldMailIfDueAsync(
        string accountKey, FetchStart start, AccountConfiguration configuration, MailEndpoint endpoint, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (configuration.Receiving.DeleteFromServerAfterDays <= 0 || configuration.Receiving.Protocol != MailProtocol.Imap
            || now - start.LastRetentionAt < TimeSpan.FromDays(1))
        {
            return (null, null);
        }

        try
        {
            var deleted = await retention.RunAsync(accountKey, configuration, endpoint, cancellationToken);
            LogRetention(logger, accountKey, deleted, configuration.Receiving.DeleteFromServerAfterDays);
            return (null, now);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var note = "Deleting old mail on the server failed: " + MailErrors.From(ex, endpoint.Host, endpoint.Port).Sentence;
            LogFetchNote(logger, accountKey, note);
            return (note, null);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {Account}: fetched {Added} new activities")]
    private static partial void LogFetched(ILogger logger, string account, int added);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {Account}: deleted {Deleted} stored messages older than {Days} days on the server")]
    private static partial void LogRetention(ILogger logger, string account, int deleted, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {Account}: fetch failed: {Error}")]
    private static partial void LogFetchFailed(ILogger logger, string account, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {Account}: {Note}")]
    private static partial void LogFetchNote(ILogger logger, string account, string note);
}
