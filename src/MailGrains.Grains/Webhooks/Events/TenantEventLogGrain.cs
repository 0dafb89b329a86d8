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
internal sealed partial class TenantEventLogGrain(EventLogTable log, [FromKeyedServices(ServiceClock.Key)] TimeProvider clock, ILogger<TenantEventLogGrain> logger)
    : Grain, ITenantEventLog
{
    /// <summary>How often an active log deletes what is past the retention, and how much at most each time.</summary>
    private static readonly TimeSpan s_expiryInterval = TimeSpan.FromMinutes(30);
    private const int ExpiredRowsPerPass = 2_000;

    private DateTimeOffset _expiredAt = DateTimeOffset.MinValue;
    private long _last;
    private ETag? _version;
    private bool _loaded;

    private string TenantId => this.GetPrimaryKeyString();

    public async Task AppendAsync(ImmutableArray<WebhookEvent> events)
    {
        var targets = await GrainFactory.GetGrain<IWebhookTargets>(TenantId).GetTargetsAsync();
        var wanted = events.Where(e => targets.Any(t => t.Wants(e.Type))).DistinctBy(e => e.Id).ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        var known = await log.KnownAsync(TenantId, wanted.Select(e => e.Id));
        var fresh = wanted.Where(e => !known.Contains(e.Id)).ToList();
        foreach (var chunk in EventLogTable.Transactions(fresh))
        {
            await AppendChunkAsync(chunk);
        }

        await ExpireAsync();
        if (fresh.Count > 0)
        {
            foreach (var target in targets.Where(t => fresh.Any(e => t.Wants(e.Type))))
            {
                GrainFactory.GetGrain<IWebhookDeliveryWork>(WebhookDeliveryKeys.Of(TenantId, target.Id)).WakeAsync().Ignore();
            }
        }
    }

    private async Task AppendChunkAsync(List<WebhookEvent> chunk)
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
                (_last, _version) = await log.AppendAsync(TenantId, _last, _version, chunk);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 3)
            {
                // Another activation wrote meanwhile (a brief double activation after a silo failure): read the
                // numbers and the ids again, so nothing is numbered twice or appended twice.
                LogAppendConflict(logger, TenantId, ex.Status);
                _loaded = false;
                var known = await log.KnownAsync(TenantId, chunk.Select(e => e.Id));
                chunk = [.. chunk.Where(e => !known.Contains(e.Id))];
                if (chunk.Count == 0)
                {
                    return;
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
}
