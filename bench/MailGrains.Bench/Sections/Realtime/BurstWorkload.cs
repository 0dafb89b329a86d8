using System.Collections.Concurrent;
using System.Diagnostics;
using static MailGrains.Bench.ResultTable;

namespace MailGrains.Bench.Sections.Realtime;

/// <summary>
/// The headline workload: push accounts with default settings and one <c>activity.created</c> subscription;
/// every account gets its mails by IMAP APPEND (one APPEND per mail, one connection per account, all accounts at
/// once). Measured from the first APPEND until the last verified webhook arrives; plus the delivery rate and the
/// APPEND → webhook latency per mail (matched by subject).
/// </summary>
public static class BurstWorkload
{
    /// <summary>EmailEngine's best ingest rate in the comparison run (msg/s).</summary>
    public const double EmailEngineRate = 83.8;

    public static async Task<ResultTable> RunAsync(BenchRun run, BenchSilo silo, WebhookSink sink)
    {
        var accounts = run.Options.BurstAccounts;
        var messages = run.Options.BurstMessages;
        var batch = Math.Max(1, run.Options.BurstAppendBatch);
        var total = accounts * messages;
        var table = new ResultTable($"Real time (a): {accounts} push accounts × {messages} mails appended at once, one webhook subscription");
        BenchRun.Log($"realtime: {accounts} push accounts for the burst");
        var users = await run.Users.AddAsync("rb", accounts);
        var (fleet, keys) = await PushAccounts.AddAsync(silo, run, "rtb", users, sink);
        var active = await PushAccounts.WaitActiveAsync(fleet, keys, TimeSpan.FromSeconds(60));

        // The silos see a new subscription within 5 s (WebhookInterest): mail before that would have no event.
        await Task.Delay(TimeSpan.FromSeconds(6));
        var verifiedBefore = sink.Verified;
        BenchRun.Log($"realtime: {active} of {accounts} in IDLE; appending {total:N0} mails");
        var sent = new ConcurrentDictionary<string, DateTime>(StringComparer.Ordinal);
        var cpuBefore = BenchRun.Cpu();
        using var requests = new StorageRequests();
        var clock = Stopwatch.StartNew();
        var first = DateTime.UtcNow;
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = accounts }, async (user, cancellationToken) =>
        {
            using var imap = await Imap.ConnectAsync(run.Env, user, cancellationToken);
            for (var n = 0; n < messages; n += batch)
            {
                var appends = new List<MailKit.IAppendRequest>();
                for (var i = n; i < Math.Min(messages, n + batch); i++)
                {
                    var subject = PushAccounts.NewSubject("b");
                    sent[subject] = DateTime.UtcNow;
                    appends.Add(new MailKit.AppendRequest(PushAccounts.Mail(subject)));
                }

                if (appends.Count == 1)
                {
                    await imap.Inbox.AppendAsync(appends[0], cancellationToken);
                }
                else
                {
                    await imap.Inbox.AppendAsync(appends, cancellationToken); // MULTIAPPEND (RFC 3502), which Dovecot offers
                }
            }

            await imap.DisconnectAsync(quit: true, cancellationToken);
        });
        var appendSeconds = clock.Elapsed.TotalSeconds;
        var arrived = await BenchRun.WaitAsync(() => sent.Keys.All(s => sink.ArrivedFor(s) is not null), TimeSpan.FromSeconds(60 + total / 20));
        var cpu = (BenchRun.Cpu() - cpuBefore).TotalSeconds / clock.Elapsed.TotalSeconds;
        var requestsPerMail = requests.Count / (double)total;

        // Late duplicates would come within the delivery's retry; a short wait lets the count settle.
        await Task.Delay(2000);
        var times = sent.Select(s => (Sent: s.Value, Arrived: sink.ArrivedFor(s.Key))).Where(t => t.Arrived is not null).ToList();
        var missing = total - times.Count;
        var last = times.Count > 0 ? times.Max(t => t.Arrived!.Value) : DateTime.UtcNow;
        var seconds = (last - first).TotalSeconds;
        var rate = times.Count / seconds;
        var target = 10 * EmailEngineRate;
        var latencies = PushAccounts.Seconds(times.Select(t => t.Arrived!.Value - t.Sent));
        var events = sink.Arrivals.Where(a => a.At >= first && a.Type == "activity.created").Select(a => a.At).ToList();
        var deliveryRate = events.Count > 1 ? (events.Count - 1) / (events.Max() - events.Min()).TotalSeconds : double.NaN;

        var appendRate = total / appendSeconds;
        table.Add("first APPEND → last verified activity.created", $"{N(rate)} msg/s", $"{N(appendRate)} msg/s", Ratio(rate / appendRate), $"≥ {N(target, 0)} msg/s (10 × EmailEngine's {EmailEngineRate})", arrived && rate >= target);
        table.Add("… in seconds", $"{N(seconds, 1)} s; the APPENDs took {N(appendSeconds, 1)} s, the last webhook came {N(seconds - appendSeconds, 1)} s after the last APPEND");
        table.Add("verified activity.created received / mails", $"{N(times.Count)} / {N(total)}", "", "", "all", missing == 0);
        table.Add("missing", N(missing), "", "", "0", missing == 0);
        table.Add("duplicates (a webhook-id received again)", N(sink.Duplicates), "", "", "", null);
        table.Add("webhook delivery from one silo (first → last event of the burst)", $"{N(deliveryRate)} events/s", "", "", "≥ small-message ingest (c)", null);
        table.Add("APPEND → verified webhook, p50 / p99 / max", $"{N(Quantile(latencies, 0.5), 2)} s / {N(Quantile(latencies, 0.99), 2)} s / {N(latencies.DefaultIfEmpty().Max(), 2)} s");
        table.Add("… of which APPEND → activity stored (the event's timestamp), p50 / p99", PushAccounts.Stages(sent, sink, stored: true));
        table.Add("… of which activity stored → webhook received, p50 / p99", PushAccounts.Stages(sent, sink, stored: false));
        table.Add("silo CPU from first APPEND to last webhook (bench process: silo, receiver, IMAP clients)", $"{N(cpu, 2)} cores");
        table.Add("storage requests per mail (all of the silo's, first APPEND → last webhook)", N(requestsPerMail, 1));
        table.Note($"{active} of {accounts} accounts were in IDLE when the APPENDs began; default settings (poll interval {PushAccounts.DefaultPollSeconds} s, imap.push auto), one tenant, one subscription to activity.created; each mail about 0.5 KB, {(batch == 1 ? "one APPEND each (no MULTIAPPEND)" : $"appended {batch} at a time (MULTIAPPEND)")}, the accounts' connections all at once. The ceiling is the APPEND rate itself: mail cannot be announced faster than it arrives.");
        if (sink.Unverified > 0)
        {
            table.Note($"{sink.Unverified} requests did not verify.");
        }

        if (sink.Verified - verifiedBefore > total)
        {
            table.Note($"{sink.Verified - verifiedBefore - total} verified events more than mails arrived (other types or earlier mail).");
        }

        return table;
    }
}
