using System.Diagnostics;
using MailGrains.Bench.Ceilings;
using static MailGrains.Bench.ResultTable;

namespace MailGrains.Bench.Sections;

/// <summary>
/// 1. Ingest: the same mailboxes read by (a) a bare MailKit loop, written as index rows by (b) a bare table loop,
/// and fetched and stored by (c) the product, from the fetch trigger until every activity is stored.
/// </summary>
public static class IngestSection
{
    private const int FetchBatch = 200;

    public static async Task<IReadOnlyList<ResultTable>> RunAsync(BenchRun run)
    {
        var o = run.Options;
        return
        [
            await MeasureAsync(run, $"Ingest: {o.Accounts} accounts × {o.Messages:N0} small messages", "s", o.Accounts, o.Messages, BenchMessages.Small, 500, 0.1),
            await MeasureAsync(run, $"Ingest: {o.LargeAccounts} accounts × {o.LargeMessages:N0} messages of {o.LargeKilobytes} KB with attachments", "l", o.LargeAccounts, o.LargeMessages, n => BenchMessages.Large(n, o.LargeKilobytes), 20, null),
        ];
    }

    private static async Task<ResultTable> MeasureAsync(BenchRun run, string title, string purpose, int accounts, int messages, Func<int, byte[]> message, int appendChunk, double? transactionTarget)
    {
        var table = new ResultTable(title);
        var total = (long)accounts * messages;
        BenchRun.Log($"{title}: creating mailboxes");
        var users = await run.Users.AddAsync(purpose, accounts);
        await using var prefix = run.NewPrefix();
        await using var silo = await run.StartSiloAsync(prefix);
        var fleet = new Fleet(silo.Grains, run.Env, "ing" + purpose);

        // Accounts first, on empty mailboxes: their first fetch (started by enabling) finds nothing, so that the
        // measured fetch is the one triggered below. The poll interval is long enough that no reminder interferes.
        var enabledAt = DateTime.UtcNow;
        var keys = await fleet.AddAsync(users, accountsPerTenant: accounts, accountsPerOwner: 1, pollSeconds: 3600, TimeSpan.Zero);
        var keySet = keys.ToHashSet();
        await BenchRun.WaitAsync(() => silo.Fetches.LastFinishedSince(enabledAt, keySet) is not null, TimeSpan.FromSeconds(120));

        BenchRun.Log($"{title}: appending {total:N0} messages");
        var seedClock = Stopwatch.StartNew();
        var bytes = await Imap.SeedAsync(run.Env, users, messages, message, appendChunk);
        table.Note($"Seeding by IMAP MULTIAPPEND: {ResultTable.N(total / seedClock.Elapsed.TotalSeconds)} msg/s; average message {ResultTable.N(bytes / (double)total / 1024, 1)} KB.");

        BenchRun.Log($"{title}: ceiling (a), bare MailKit fetch");
        var (fetched, fetchSeconds) = await ImapFetchCeiling.RunAsync(run.Env, users, FetchBatch);
        var a = fetched / fetchSeconds;
        BenchRun.Log($"{title}: ceiling (b), bare table writes");
        var (rows, rowSeconds) = await TableWriteCeiling.RunAsync(run.Env.StorageConnectionString, prefix.Name + "ceiling", accounts, messages);
        var b = rows / rowSeconds;
        double? inline = null;
        if (bytes / total > 16 * 1024)
        {
            BenchRun.Log($"{title}: ceiling (b'), bare table writes with the raw message inline");
            var (rawRows, rawSeconds) = await TableWriteCeiling.RunAsync(run.Env.StorageConnectionString, prefix.Name + "ceilingraw", accounts, messages, (int)(bytes / total));
            inline = rawRows / rawSeconds;
        }

        BenchRun.Log($"{title}: (c) the product");
        var requestsBefore = silo.Storage.Requests;
        var cpuBefore = BenchRun.Cpu();
        var triggeredAt = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(keys, async (key, _) => await fleet.Account(key).RequestFetchAsync());
        var finished = await BenchRun.WaitAsync(() => silo.Fetches.LastFinishedSince(triggeredAt, keySet) is not null, TimeSpan.FromSeconds(60 + total / 50));
        var seconds = (silo.Fetches.LastFinishedSince(triggeredAt, keySet) ?? DateTime.UtcNow).Subtract(triggeredAt).TotalSeconds;
        var cpu = (BenchRun.Cpu() - cpuBefore).TotalSeconds / clock.Elapsed.TotalSeconds;

        // The grain saves its state right after the run logs its end: include that write.
        await Task.Delay(500);
        var requests = silo.Storage.Requests - requestsBefore;
        long stored = 0;
        foreach (var key in keys)
        {
            stored += await fleet.Owner(key).CountActivitiesAsync(fleet.AccountId(key));
        }

        var c = stored / seconds;
        var ceiling = Math.Min(a, b);
        table.Add("(a) bare MailKit fetch (GetStreams in batches of 200, parsed)", $"{N(a)} msg/s");
        table.Add("(b) bare table writes (one index row per message, batches of 100)", $"{N(b)} msg/s");
        if (inline is { } withRaw)
        {
            table.Add("(b') bare table writes with the raw message inline (60 KiB properties, ≤ 3 MiB a transaction)", $"{N(withRaw)} msg/s", "", "", "", null);
        }

        table.Add("(c) product: fetch trigger → every activity stored", $"{N(c)} msg/s", $"{N(ceiling)} msg/s", Ratio(c / ceiling), "≥ 0.70", finished && stored == total && c / ceiling >= 0.7);
        table.Add("storage transactions per message during (c)", N(requests / (double)total, 3), "", "", transactionTarget is { } t ? $"≤ {t:0.0#}" : "", transactionTarget is { } limit ? requests / (double)total <= limit : null);
        table.Add("activities stored / messages", $"{N(stored)} / {N(total)}", "", "", "all", stored == total);
        table.Add("silo CPU during (c)", $"{N(cpu, 2)} cores");
        if (!finished)
        {
            table.Note($"(c) did not finish within its time limit; {silo.Fetches.FinishedSince(triggeredAt, keySet)} of {accounts} accounts finished.");
        }

        if (inline is { } storeCeiling)
        {
            table.Note($"(b') is not one of the issue's ceilings: it writes each message's raw bytes into its row the way the product keeps messages up to 256 KiB, and shows what storing these messages costs on this Azurite; c ÷ (b') = {Ratio(c / storeCeiling)}.");
        }

        table.Note($"(c) made {N(requests)} storage requests (HTTP requests of the silo's table and blob clients: batch transactions, grain state, reminders, membership).");
        return table;
    }
}
