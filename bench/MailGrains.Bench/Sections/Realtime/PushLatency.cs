using System.Collections.Concurrent;
using MailKit;
using static MailGrains.Bench.ResultTable;

namespace MailGrains.Bench.Sections.Realtime;

/// <summary>
/// Many push accounts in IDLE on one silo, one mail each spread over a few seconds: APPEND → verified
/// <c>activity.created</c> p50/p99 next to the ceiling, a bare MailKit client idling on one mailbox of the same
/// Dovecot (APPEND → EXISTS); the silo's CPU while all idle; managed memory per IDLE account.
/// </summary>
public static class PushLatency
{
    private const int CeilingSamples = 20;
    private const int AppendConnections = 16;

    public static async Task<ResultTable> RunAsync(BenchRun run, BenchSilo silo, WebhookSink sink)
    {
        var count = run.Options.PushAccounts;
        var spread = TimeSpan.FromSeconds(run.Options.PushSpreadSeconds);
        var table = new ResultTable($"Real time (b): {count:N0} accounts in IDLE on one silo, one mail each over {spread.TotalSeconds:0} s");
        BenchRun.Log($"realtime: {count:N0} mailboxes for push latency");
        var users = await run.Users.AddAsync("rp", count + 1);
        var ceilingUser = users[^1];
        users = [.. users.Take(count)];
        var heapBefore = BenchRun.SettledHeap();

        var created = System.Diagnostics.Stopwatch.StartNew();
        var (fleet, keys) = await PushAccounts.AddAsync(silo, run, "rtp", users, sink);
        var writeSeconds = created.Elapsed.TotalSeconds;
        var active = await PushAccounts.WaitActiveAsync(fleet, keys, TimeSpan.FromSeconds(60 + count / 10));
        var activeSeconds = created.Elapsed.TotalSeconds;
        BenchRun.Log($"realtime: {active} of {count} in IDLE after {activeSeconds:0} s");
        await Task.Delay(TimeSpan.FromSeconds(6));
        var perAccount = (BenchRun.SettledHeap() - heapBefore) / (double)count;
        var connections = ImapConnections.Count(run.Env.ImapPort);

        var idleSeconds = run.Options.Quick ? 10 : 30;
        var cpuBefore = BenchRun.Cpu();
        await Task.Delay(TimeSpan.FromSeconds(idleSeconds));
        var idleCpu = (BenchRun.Cpu() - cpuBefore).TotalSeconds / idleSeconds;

        BenchRun.Log("realtime: ceiling, a bare MailKit client in IDLE");
        var ceiling = await CeilingAsync(run.Env, ceilingUser);

        BenchRun.Log($"realtime: one mail to each of {count:N0} accounts over {spread.TotalSeconds:0} s");
        var sent = new ConcurrentDictionary<string, DateTime>(StringComparer.Ordinal);
        using var requests = new StorageRequests();
        var started = DateTime.UtcNow;
        await Parallel.ForEachAsync(users.Select((u, i) => (User: u, Index: i)), new ParallelOptions { MaxDegreeOfParallelism = AppendConnections }, async (p, cancellationToken) =>
        {
            var due = started + spread * p.Index / count;
            if (due > DateTime.UtcNow)
            {
                await Task.Delay(due - DateTime.UtcNow, cancellationToken);
            }

            using var imap = await Imap.ConnectAsync(run.Env, p.User, cancellationToken);
            var subject = PushAccounts.NewSubject("p");
            sent[subject] = DateTime.UtcNow;
            await imap.Inbox.AppendAsync(new AppendRequest(PushAccounts.Mail(subject)), cancellationToken);
            await imap.DisconnectAsync(quit: true, cancellationToken);
        });
        var late = (DateTime.UtcNow - (started + spread)).TotalSeconds;
        var arrived = await BenchRun.WaitAsync(() => sent.Keys.All(s => sink.ArrivedFor(s) is not null), TimeSpan.FromSeconds(120));
        var requestsPerMail = requests.Count / (double)count;
        var latencies = PushAccounts.Seconds(sent.Where(s => sink.ArrivedFor(s.Key) is not null).Select(s => sink.ArrivedFor(s.Key)!.Value - s.Value));
        var p50 = Quantile(latencies, 0.5);
        var p99 = Quantile(latencies, 0.99);
        var c50 = Quantile(ceiling, 0.5);

        table.Add("accounts in IDLE (status push = active)", $"{N(active)} / {N(count)}", "", "", "all", active == count);
        table.Add("APPEND → verified activity.created, p50", $"{N(p50, 3)} s", $"{N(c50, 3)} s", "", $"≤ ceiling + 0.3 s", arrived && p50 <= c50 + 0.3);
        table.Add("APPEND → verified activity.created, p99", $"{N(p99, 3)} s", $"{N(Quantile(ceiling, 0.99), 3)} s", "", "< 2 s", arrived && p99 < 2);
        table.Add("… of which APPEND → activity stored (the event's timestamp), p50 / p99", PushAccounts.Stages(sent, sink, stored: true));
        table.Add("… of which activity stored → webhook received, p50 / p99", PushAccounts.Stages(sent, sink, stored: false));
        table.Add("… max", $"{N(latencies.DefaultIfEmpty().Max(), 3)} s");
        table.Add("storage requests per mail (all of the silo's, first APPEND → last webhook)", N(requestsPerMail, 1));
        table.Add("mails with their webhook / mails", $"{N(latencies.Length)} / {N(count)}", "", "", "all", latencies.Length == count);
        table.Add($"silo CPU while all idle ({idleSeconds} s)", $"{N(idleCpu, 3)} cores", "", "", "< 0.05 core", idleCpu < 0.05);
        table.Add("managed memory per IDLE account", $"{N(perAccount / 1024, 1)} KB", "", "", "≤ 30 KB", active == count && perAccount <= 30 * 1024);
        if (connections is { } open)
        {
            table.Add("IMAP connections open while all idle (silo: IDLE and kept fetch sessions)", $"{N(open)} ({N(open / (double)(count + run.Options.BurstAccounts), 2)} per push account)");
        }

        table.Add("accounts written / all in IDLE", $"{N(writeSeconds, 1)} s / {N(activeSeconds, 1)} s");
        table.Note($"Mail is put in by IMAP APPEND straight into Dovecot (the bench has no SMTP sender), each on a connection of its own ({AppendConnections} at once), timed from just before the APPEND; the product's latency ends when the signed webhook has arrived and verified, so it includes storing the activity, the event log and the delivery (an upper bound of \"activity stored\").");
        table.Note($"Ceiling: a bare MailKit client idling on one mailbox of the same Dovecot, {CeilingSamples} APPENDs from a second session, timed from just before the APPEND until EXISTS (MailKit's CountChanged), in the same run just before the product's mails.");
        table.Note("CPU is the bench process's (the silo, the receiver; nothing else runs in it then); memory is the managed heap after forced full collections, with the accounts' share of owner and tenant grains, divided by the accounts.");
        if (late > 1)
        {
            table.Note($"The APPENDs fell {N(late, 1)} s behind their schedule.");
        }

        return table;
    }

    /// <summary>APPEND → EXISTS on a bare MailKit session in IDLE, in seconds.</summary>
    private static async Task<double[]> CeilingAsync(BenchEnvironment env, MailUser user)
    {
        using var watcher = await Imap.ConnectAsync(env, user);
        await watcher.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var announced = new SemaphoreSlim(0);
        var announcedAt = DateTime.MinValue;
        watcher.Inbox.CountChanged += (_, _) =>
        {
            announcedAt = DateTime.UtcNow;
            announced.Release();
        };
        using var done = new CancellationTokenSource();
        var idle = watcher.IdleAsync(done.Token);
        using var appender = await Imap.ConnectAsync(env, user);
        await Task.Delay(500);
        var samples = new List<double>();
        for (var i = 0; i < CeilingSamples; i++)
        {
            var at = DateTime.UtcNow;
            await appender.Inbox.AppendAsync(new AppendRequest(PushAccounts.Mail(PushAccounts.NewSubject("c"))));
            if (await announced.WaitAsync(TimeSpan.FromSeconds(10)))
            {
                samples.Add((announcedAt - at).TotalSeconds);
            }

            await Task.Delay(200);
        }

        await done.CancelAsync();
        await idle;
        await watcher.DisconnectAsync(quit: true);
        await appender.DisconnectAsync(quit: true);
        return [.. samples];
    }
}
