using System.Collections.Immutable;
using MailGrains.Accounts;
using MailGrains.Webhooks;
using MimeKit;

namespace MailGrains.Bench.Sections.Realtime;

/// <summary>
/// Push accounts as a SaaS backend sets them up: default settings (poll interval 300 s, <c>imap.push</c> auto), one
/// webhook subscription to <c>activity.created</c> per tenant, posted to the bench's <see cref="WebhookSink"/>.
/// Mail reaches them by IMAP APPEND straight into Dovecot, each with a subject of its own to find its webhook by.
/// </summary>
public static class PushAccounts
{
    public const int DefaultPollSeconds = 300;

    /// <summary>At most this many accounts per tenant (the default tenant quota).</summary>
    public const int MaxPerTenant = 1000;

    /// <summary>Adds the accounts, subscribes their tenants; returns the fleet, the keys and the tenants.</summary>
    public static async Task<(Fleet Fleet, IReadOnlyList<string> Keys)> AddAsync(BenchSilo silo, BenchRun run, string name, IReadOnlyList<MailUser> users, WebhookSink sink)
    {
        var fleet = new Fleet(silo.Grains, run.Env, name);
        var perTenant = Math.Min(users.Count, MaxPerTenant);
        var keys = await fleet.AddAsync(users, perTenant, accountsPerOwner: 10, DefaultPollSeconds, TimeSpan.Zero, PushMode.Auto);
        var tenants = (users.Count + perTenant - 1) / perTenant;
        for (var t = 0; t < tenants; t++)
        {
            var result = await silo.Grains.GetGrain<ITenantWebhooksGrain>($"{name}{t}")
                .PutAsync("bench", new WebhookSubscriptionInput(sink.Url.ToString(), ["activity.created"], true, 0));
            if (result.Secret is not { } secret)
            {
                throw new InvalidOperationException($"The subscription was not created: {result.Outcome} {string.Join("; ", result.Errors.SelectMany(e => e.Value))}");
            }

            sink.Trust(secret);
        }

        return (fleet, keys);
    }

    /// <summary>Waits until every account's status says push is active; how many are after <paramref name="timeout"/> (none is an error).</summary>
    public static async Task<int> WaitActiveAsync(Fleet fleet, IReadOnlyList<string> keys, TimeSpan timeout)
    {
        var waiting = keys.ToHashSet();
        var deadline = DateTime.UtcNow + timeout;
        while (waiting.Count > 0 && DateTime.UtcNow < deadline)
        {
            var states = new System.Collections.Concurrent.ConcurrentBag<string>();
            await Parallel.ForEachAsync(waiting, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (key, _) =>
            {
                if ((await fleet.Account(key).GetStatusAsync())?.Push == PushState.Active)
                {
                    states.Add(key);
                }
            });
            waiting.ExceptWith(states);
            if (waiting.Count > 0)
            {
                await Task.Delay(1000);
            }
        }

        var active = keys.Count - waiting.Count;
        if (active == 0)
        {
            // Nothing would be measured but the poll interval: say so instead of printing a table of it.
            throw new InvalidOperationException($"None of the {keys.Count} accounts is in IDLE after {timeout.TotalSeconds:0} s; the real-time figures would measure polling.");
        }

        return active;
    }

    public static MimeMessage Mail(string subject) => new(
        [new MailboxAddress("Sender", "sender@example.test")],
        [new MailboxAddress("Office", "office@example.test")],
        subject,
        new TextPart("plain") { Text = "A viewing on Friday; the keys are with the agent.\r\n" })
    {
        MessageId = $"{Guid.NewGuid():N}@example.test",
    };

    /// <summary>A subject no other mail of the run has.</summary>
    public static string NewSubject(string purpose) => $"rt {purpose} {Guid.NewGuid():N}";

    /// <summary>APPEND → event timestamp (activity stored) and event timestamp → webhook received, p50 / p99 each, as text.</summary>
    public static string Stages(IReadOnlyDictionary<string, DateTime> sent, WebhookSink sink, bool stored)
    {
        var seconds = Seconds(sent.Where(s => sink.OccurredFor(s.Key) is not null && sink.ArrivedFor(s.Key) is not null)
            .Select(s => stored ? sink.OccurredFor(s.Key)!.Value - s.Value : sink.ArrivedFor(s.Key)!.Value - sink.OccurredFor(s.Key)!.Value));
        return $"{ResultTable.N(ResultTable.Quantile(seconds, 0.5), 2)} s / {ResultTable.N(ResultTable.Quantile(seconds, 0.99), 2)} s";
    }

    public static ImmutableArray<double> Seconds(IEnumerable<TimeSpan> spans) => [.. spans.Select(s => s.TotalSeconds)];
}
