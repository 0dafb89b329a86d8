using System.Collections.Immutable;
using Azure;
using MailGrains.Grains.Webhooks.Delivery;
using MailGrains.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MailGrains.Grains.Webhooks.Events;

/// <summary>
/// The single writer of a tenant's event log. Numbers events without gaps, refuses an event id it holds already (the
/// id row is in the same transaction as the event), keeps only events some enabled subscription wants, and wakes the
/// delivery of each subscription that wants one of them.
/// </summary>
/// <remarks>
/// Hand-overs arrive from every account of the tenant at once, so they are written together: while one transaction is
/// on its way, the hand-overs that arrive wait, and the next transaction takes all of them (a group commit). Each
/// caller hears when its own events are stored, or that the write failed (it then keeps its copies and tries again).
/// </remarks>
internal sealed partial class TenantEventLogGrain(EventLogTable log, [FromKeyedServices(ServiceClock.Key)] TimeProvider clock, ILogger<TenantEventLogGrain> logger)
    : Grain, ITenantEventLog
{
    /// <summary>How often an active log deletes what is past the retention, and how much at most each time.</summary>
    private static readonly TimeSpan s_expiryInterval = TimeSpan.FromMinutes(30);
    private const int ExpiredRowsPerPass = 2_000;

    /// <summary>At most this many events go into one round of transactions; the hand-overs beyond wait for the next round.</summary>
    private const int EventsPerRound = 400;

    private readonly List<HandOver> _waiting = [];
    private bool _writing;
    private DateTimeOffset _expiredAt = DateTimeOffset.MinValue;
    private long _last;
    private ETag? _version;
    private bool _loaded;

    private string TenantId => this.GetPrimaryKeyString();

    public Task AppendAsync(ImmutableArray<WebhookEvent> events)
    {
        if (events.IsEmpty)
        {
            return Task.CompletedTask;
        }

        var handOver = new HandOver(events);
        _waiting.Add(handOver);
        if (!_writing)
        {
            _writing = true;
            WriteWaitingAsync().Ignore();
        }

        return handOver.Stored.Task;
    }

    /// <summary>Writes what waits, round by round, until nothing does; a failed round fails its callers only.</summary>
    private async Task WriteWaitingAsync()
    {
        try
        {
            while (_waiting.Count > 0)
            {
                var round = TakeRound();
                try
                {
                    await AppendRoundAsync([.. round.SelectMany(h => h.Events)]);
                    round.ForEach(h => h.Stored.TrySetResult());
                }
                catch (Exception ex)
                {
                    round.ForEach(h => h.Stored.TrySetException(ex));
                }
            }
        }
        finally
        {
            _writing = false;
        }
    }

    private List<HandOver> TakeRound()
    {
        var count = 0;
        var taken = 0;
        while (taken < _waiting.Count && (taken == 0 || count + _waiting[taken].Events.Length <= EventsPerRound))
        {
            count += _waiting[taken].Events.Length;
            taken++;
        }

        var round = _waiting.GetRange(0, taken);
        _waiting.RemoveRange(0, taken);
        return round;
    }

    private async Task AppendRoundAsync(IReadOnlyList<WebhookEvent> events)
    {
        var targets = await GrainFactory.GetGrain<IWebhookTargets>(TenantId).GetTargetsAsync();
        var wanted = events.Where(e => targets.Any(t => t.Wants(e.Type))).DistinctBy(e => e.Id).ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        // Most events are handed over once, so the log does not look for their ids first: an id it holds already makes
        // the append's transaction fail (the id row is added with the event), and only then are the ids read.
        var fresh = new List<LoggedEvent>(wanted.Count);
        foreach (var chunk in EventLogTable.Transactions(wanted))
        {
            fresh.AddRange(await AppendChunkAsync(chunk));
        }

        await ExpireAsync();
        if (fresh.Count > 0)
        {
            // Every enabled subscription hears of every appended event, so each can follow the log's numbers
            // without reading them back (DeliveryTail); one that wants none of them has nothing to send.
            var appended = fresh.ToImmutableArray();
            foreach (var target in targets.Where(t => t.Enabled))
            {
                GrainFactory.GetGrain<IWebhookDeliveryWork>(WebhookDeliveryKeys.Of(TenantId, target.Id)).WakeAsync(appended).Ignore();
            }
        }
    }

    /// <summary>Appends the events of <paramref name="chunk"/> the log does not hold yet; returns them with their numbers.</summary>
    private async Task<List<LoggedEvent>> AppendChunkAsync(List<WebhookEvent> chunk)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (!_loaded)
            {
                (_last, _version) = await log.LastSequenceAsync(TenantId);
                _loaded = true;
            }

            try
            {
                var first = _last + 1;
                (_last, _version) = await log.AppendAsync(TenantId, _last, _version, chunk);
                return [.. chunk.Select((e, i) => new LoggedEvent(first + i, e))];
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 4)
            {
                // An event handed over again (its id row exists), or another activation wrote meanwhile (a brief
                // double activation after a silo failure): read the numbers and the ids, so nothing is numbered twice
                // or appended twice.
                _loaded = false;
                var known = await log.KnownAsync(TenantId, chunk.Select(e => e.Id));
                if (known.Count == 0)
                {
                    LogAppendConflict(logger, TenantId, ex.Status);
                }

                chunk = [.. chunk.Where(e => !known.Contains(e.Id))];
                if (chunk.Count == 0)
                {
                    return [];
                }
            }
        }
    }

    /// <summary>Events older than the retention go, at most every half hour, as part of an append (a quiet log keeps them longer).</summary>
    private async Task ExpireAsync()
    {
        var now = clock.GetUtcNow();
        if (now - _expiredAt < s_expiryInterval)
        {
            return;
        }

        _expiredAt = now;
        await log.ExpireAsync(TenantId, now - WebhookDeliveryLimits.EventRetention, ExpiredRowsPerPass);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event log of tenant {Tenant}: an append met a concurrent write ({Status}); reading the log again")]
    private static partial void LogAppendConflict(ILogger logger, string tenant, int status);

    private sealed record HandOver(ImmutableArray<WebhookEvent> Events)
    {
        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
