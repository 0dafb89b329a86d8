using System.Collections.Concurrent;
using MailGrains.Grains.Secrets;
using MailGrains.Grains.Webhooks.Events;
using MailGrains.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace MailGrains.Grains.Webhooks.Delivery;

/// <summary>
/// One round of a subscription's delivery over a window of its events: each account's events in order, one at a time,
/// stopping at that account's first failure; up to <see cref="ParallelAccounts"/> accounts at once. Events the
/// subscription does not want count as done without a request.
/// </summary>
internal sealed class WebhookDeliveryRound(IWebhookPoster poster, SecretProtector secrets, [FromKeyedServices(ServiceClock.Key)] TimeProvider clock)
{
    public const int ParallelAccounts = 8;

    public async Task<RoundOutcome> RunAsync(string tenantId, WebhookTarget target, IReadOnlyList<LoggedEvent> events, IReadOnlyDictionary<string, int> tries, CancellationToken cancellationToken)
    {
        var done = new ConcurrentBag<long>(events.Where(e => !target.Wants(e.Event.Type)).Select(e => e.Sequence));
        var attempts = new ConcurrentBag<WebhookAttemptRecord>();
        var failures = new ConcurrentBag<WebhookPostResult>();
        var signing = target.Secrets.Select(s => secrets.Unprotect(s, WebhookSecretPurpose.For(tenantId, target.Id))).ToList();
        var url = new Uri(target.Url);
        var byAccount = events.Where(e => target.Wants(e.Event.Type)).GroupBy(e => e.Event.AccountId, StringComparer.Ordinal);
        await Parallel.ForEachAsync(byAccount, new ParallelOptions { MaxDegreeOfParallelism = ParallelAccounts, CancellationToken = cancellationToken }, async (account, ct) =>
        {
            foreach (var logged in account)
            {
                var e = logged.Event;
                var at = clock.GetUtcNow();
                var result = await poster.PostAsync(url, e.Id, at, WebhookEnvelope.Body(e, target.IncludeBodyBytes), signing, ct);
                var delivered = result.Outcome == WebhookPostOutcome.Delivered;
                attempts.Add(new WebhookAttemptRecord(e.Id, e.Type, at, result.StatusCode, (int)Math.Min(int.MaxValue, result.Latency.TotalMilliseconds),
                    result.Error, delivered, tries.GetValueOrDefault(e.Id) + 1));
                if (!delivered)
                {
                    failures.Add(result);
                    return;
                }

                done.Add(logged.Sequence);
            }
        });

        var failure = failures.FirstOrDefault(f => f.Outcome == WebhookPostOutcome.Gone) ?? failures.MaxBy(f => f.RetryAfter ?? TimeSpan.Zero);
        return new RoundOutcome([.. done], [.. attempts], failure);
    }
}

/// <summary>
/// What a round came to: the event numbers now done, the attempts made, and the failure that decides what happens next
/// (a 410 if any, otherwise the one that asked to wait longest); null when every attempt succeeded.
/// </summary>
internal sealed record RoundOutcome(IReadOnlyList<long> Done, IReadOnlyList<WebhookAttemptRecord> Attempts, WebhookPostResult? Failure);
